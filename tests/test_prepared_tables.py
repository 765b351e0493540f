"""The prepared tables as a section notebook, the pack and a cached run see them (LazyTables):
every table is there before it is read - the leak check collects identifiers from all of them."""
from __future__ import annotations

import pandas as pd


def test_lazy_tables_list_every_table_before_any_is_read():
    from safeguarding.disclosure.leakcheck import identifier_sources
    from safeguarding.fixture import notebook_fixture
    from safeguarding.prepare import LazyTables, load_prepared, table_rows

    folder = notebook_fixture()
    tables = load_prepared(folder).tables
    assert isinstance(tables, LazyTables)
    names = sorted(p.stem for p in (folder / "tables").glob("*.parquet"))
    assert "referrals" in tables and sorted(tables) == names and len(tables) == len(names)
    assert table_rows(tables, "referrals") == len(pd.read_parquet(folder / "tables" / "referrals.parquet"))
    assert table_rows(tables, "no_such_list") == 0 and "no_such_list" not in tables
    assert sorted(name for name, _ in tables.items()) == names  # read on demand, every one
    # identifiers from the lazy tables are those of the tables read whole
    whole = {name: pd.read_parquet(folder / "tables" / f"{name}.parquet") for name in names}
    assert identifier_sources(load_prepared(folder).tables) == identifier_sources(whole)
