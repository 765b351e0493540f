"""A list without one of its optional columns (CSV lists, SSD extracts) is read with a
READ-COL-ABSENT finding for that column and validates and computes like any other: never an
exception. Every column of every Annex A list is tried, one at a time."""
from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from safeguarding.indicators.compute import compute_indicators
from safeguarding.inputs import load_inputs
from safeguarding.inputs.annex_a import LOCAL_OPTIONAL
from safeguarding.inputs.headers import REQUIRED_ANNEX_A
from safeguarding.params import Params
from safeguarding.periods import parse_period
from safeguarding.quality import DataQualityLog, RuleContext
from safeguarding.rules import validate
from safeguarding.schema import LIST_TABLES

EXTRACT = pd.Timestamp("2019-01-10")


@pytest.fixture(scope="module")
def lists(tmp_path_factory) -> dict[int, pd.DataFrame]:
    """The demo council's Annex A lists as raw cells (row 0 = the Ofsted headers)."""
    from safeguarding.demo.generator import generate_demo

    folder = tmp_path_factory.mktemp("demo")
    generate_demo(folder, scale=0.01, seed=3)
    book = pd.read_excel(folder / "annex_a.xlsx", sheet_name=None, header=None, dtype=object, engine="calamine")
    return {int(name.split()[-1]): cells for name, cells in book.items() if name.startswith("List ")}


def _without(folder: Path, n: int, cells: pd.DataFrame, header: str) -> Path:
    folder.mkdir()
    column = cells.iloc[0].tolist().index(header)
    cells.drop(columns=[column]).to_csv(folder / f"List {n}.csv", header=False, index=False)
    return folder


def _read_and_validate(folder: Path):
    log = DataQualityLog()
    tables = validate(load_inputs(folder, log), log, RuleContext(extract_date=EXTRACT))
    return tables, log.table()


@pytest.mark.parametrize("n", sorted(LIST_TABLES))
def test_every_optional_column_of_a_list_may_be_absent(lists, tmp_path, n):
    from safeguarding.inputs.headers import IGNORED, header_key, lookup_for

    cells = lists[n]
    lookup = lookup_for(n)
    required = set(REQUIRED_ANNEX_A[n])
    tried = 0
    for header in cells.iloc[0].tolist():
        field = lookup.get(header_key(header))
        if field in (None, IGNORED) or field in required:
            continue
        tables, found = _read_and_validate(_without(tmp_path / f"{n}-{tried}", n, cells, header))
        absent = found[found["rule"] == "READ-COL-ABSENT"]
        # a local addition to the Ofsted template (the MASH decision date) is not expected
        assert absent["column"].tolist() == ([] if field in LOCAL_OPTIONAL else [field]), (n, header)
        if field != "age":  # age is worked out from the date of birth
            assert tables[LIST_TABLES[n]][field].isna().all(), (n, header)
        assert len(tables[LIST_TABLES[n]]) == len(cells) - 1 - int(found["rule"].eq("READ-NOID").sum())
        tried += 1
    assert tried >= 3, n


def test_lists_without_the_age_column_compute_every_indicator(lists, tmp_path):
    """The reported case: pandas 3 refused an all-missing float column (age) for a CSV list."""
    for n, cells in lists.items():
        column = cells.iloc[0].tolist().index("Age of Child (Years)")
        cells.drop(columns=[column]).to_csv(tmp_path / f"List {n}.csv", header=False, index=False)
    tables, found = _read_and_validate(tmp_path)
    absent = found[found["rule"] == "READ-COL-ABSENT"]
    assert sorted(absent["table"]) == sorted(LIST_TABLES.values())
    assert set(absent["column"]) == {"age"} and set(absent["severity"]) == {"warning"}
    # ages still come from the dates of birth
    assert tables["referrals"]["age"].notna().any()
    out = compute_indicators(tables, Params(), parse_period("2018-07..2018-12"), extract_date=EXTRACT)
    assert out.loc[out["indicator_id"] == "referrals", "value"].notna().any()


def test_a_local_extract_without_an_optional_column_says_so_once(tmp_path):
    """LADO allegations without role_type and child_ids: one info finding per column, rows kept."""
    from safeguarding.inputs.extracts import read_extract

    path = tmp_path / "lado_allegations.csv"
    path.write_text("lado_ref,date_received,contact_type,referral_source,employment_sector,"
                    "allegation_category,threshold_met\n"
                    "L1,02/07/2018,REFERRAL,SCHOOL,EDUCATION_SCHOOL,PHYSICAL,Y\n", encoding="utf-8")
    log = DataQualityLog()
    frame = read_extract("lado_allegations", path, log)
    found = log.table()
    optional = found[found["rule"] == "READ-COL-OPTIONAL"]
    assert {"role_type", "child_ids", "date_concluded"} <= set(optional["column"])
    assert set(optional["severity"]) == {"info"} and set(optional["row"]) == {1}
    assert len(frame) == 1 and frame["role_type"].isna().all()
