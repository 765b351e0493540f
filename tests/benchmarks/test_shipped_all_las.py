"""The reference data shipped for every LA (LAIT measures, neighbour lists, 0-17 population):
loads and fills the comparator columns without ../shared; the build reproduces it from the
DfE files when they are present."""
from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from safeguarding.benchmarks import build_shipped, compare
from safeguarding.benchmarks.compare import benchmark_table, load_comparators
from safeguarding.benchmarks.measures import BENCHMARK_COLUMNS, LAIT_MEASURES, LAIT_VINTAGE
from safeguarding.benchmarks.neighbours import SN_LONG_COLUMNS, read_sn_file, statistical_neighbours
from safeguarding.benchmarks.shipped import (
    HERE, SHIPPED_LAIT, load_shipped_lait, load_shipped_population, shipped_sn_file, shipped_sources,
)
from safeguarding.params import params_from_dict

from ._ref import DFE, need
from .test_compare import council_values, row

# Lewisham (209): its ten 2021 statistical neighbours in the DfE list, nearest first
LEWISHAM_SN_2021 = ["208", "306", "309", "320", "204", "210", "308", "304", "203", "205"]
SHIPPED = [SHIPPED_LAIT, shipped_sn_file(2021), shipped_sn_file(2025), HERE / "shipped_population.csv",
           HERE / "shipped_ethnicity.csv", HERE / "shipped_sources.json"]


@pytest.fixture
def no_shared(monkeypatch):
    """A fresh machine: no ../shared/reference/dfe."""
    monkeypatch.setattr(compare, "find_default_paths", lambda start=None: None)


def test_shipped_files_are_small_and_say_where_they_come_from():
    assert sum(p.stat().st_size for p in SHIPPED) < 1_000_000
    sources = shipped_sources()
    assert set(sources) == {p.name for p in SHIPPED[:-1]}
    for info in sources.values():
        assert {"source", "release", "vintage", "licence"} <= set(info) and all(info.values())


def test_shipped_lait_covers_every_la_for_the_reports_measures():
    lait = load_shipped_lait()
    assert list(lait.columns) == BENCHMARK_COLUMNS
    assert set(lait["lait_code"]) == set(LAIT_MEASURES)
    assert set(lait["vintage"]) == {LAIT_VINTAGE}
    assert lait.loc[lait.geography_type == "la", "geography_code"].nunique() >= 150
    # published figures (LAIT 2025 vintage): Lewisham, Inner London and England re-referrals 2018
    def value(code, geo, year):
        return lait.loc[(lait.lait_code == code) & (lait.geography_code == geo) & (lait.period == year), "value"].item()
    assert (value("ReReferral", "209", 2018), value("ReReferral", "987", 2018),
            value("ReReferral", "970", 2018)) == (15.0, 16.2, 21.9)


def test_a_fresh_machine_fills_every_comparator_column(no_shared):
    params = params_from_dict({"council": {"la_code": "209"}})
    lc = load_comparators(params, use_default_paths=True)
    assert lc.notes == []
    assert lc.neighbours["la_code"].tolist() == LEWISHAM_SN_2021
    t = benchmark_table(council_values(), params, lait=lc.lait, neighbours=lc.neighbours)
    r = row(t, "rereferral_pct")
    assert (r.published_value, r.region_name, r.region_value, r.england_value) == (15.0, "London (Inner)", 16.2, 21.9)
    shipped = lc.lait[(lc.lait.lait_code == "ReReferral") & (lc.lait.period == 2018)
                      & lc.lait.geography_code.isin(LEWISHAM_SN_2021)]["value"].dropna()
    assert r.sn_n == len(shipped) >= 8 and r.sn_value == round(float(np.mean(shipped)), 1)


def test_the_demo_params_need_no_shared_folder():
    from safeguarding.params import load_params

    comparators = load_params(HERE.parents[2] / "params" / "demo.yaml").comparators
    assert comparators.lait_file is None and comparators.sn_file is None


def test_shipped_neighbour_lists_read_as_the_dfe_files():
    assert statistical_neighbours("209", 2021, shipped_sn_file(2021))["la_code"].tolist() == LEWISHAM_SN_2021
    for vintage, name in ((2021, "sn_april_2021.xlsx"), (2025, "sn_may_2025.xlsx")):
        shipped = read_sn_file(shipped_sn_file(vintage))
        assert list(shipped.columns) == SN_LONG_COLUMNS
        original = read_sn_file(need(DFE / name))
        pd.testing.assert_frame_equal(shipped.astype(str), original.astype(str))


def test_shipped_population():
    pop = load_shipped_population()
    england = pop[(pop.geography_code == "970") & (pop.mid_year == 2024)]["population_0_17"].item()
    assert england == 12_183_016  # ONS mid-2024, children 0-17 (DfE reference README)
    assert pop.loc[(pop.geography_type == "la") & (pop.mid_year == 2024), "geography_code"].nunique() >= 150


def test_shipped_census_ethnic_groups():
    from safeguarding.benchmarks.shipped import load_shipped_ethnicity

    eth = load_shipped_ethnicity()
    england = eth[eth.geography_code == "970"].set_index("category")["population"]
    assert england.sum() == 56_490_048  # Census 2021, England, all usual residents (reference README)
    assert len(england) == 19  # 20 categories less "Does not apply"
    lewisham = eth[eth.geography_code == "209"]
    assert lewisham["geography_name"].iloc[0] == "Lewisham" and lewisham["ons_code"].iloc[0] == "E09000023"
    assert eth.loc[eth.geography_type == "la", "geography_code"].nunique() == 153


def test_build_reproduces_the_shipped_files(tmp_path):
    need(DFE / "bds_long_0.parquet")
    written = build_shipped.build_reference(DFE, tmp_path)
    assert [p.name for p in written] == [p.name for p in SHIPPED]
    for path in written:
        if path.suffix == ".parquet":
            pd.testing.assert_frame_equal(pd.read_parquet(path), pd.read_parquet(HERE / path.name))
        else:
            assert path.read_bytes() == (HERE / path.name).read_bytes(), path.name


def test_population_for_a_council_without_population_csv():
    from safeguarding.benchmarks.shipped import population_for

    lewisham = population_for("209")
    assert list(lewisham.columns) == ["mid_year", "population_0_17", "source_file", "source_sheet", "source_row"]
    assert lewisham["mid_year"].tolist() == list(range(2012, 2025))
    # ONS mid-year estimates, Lewisham children 0-17: mid-2017 67,144; mid-2024 62,052
    assert lewisham.loc[lewisham.mid_year == 2017, "population_0_17"].item() == 67_144
    assert lewisham.loc[lewisham.mid_year == 2024, "population_0_17"].item() == 62_052
    assert population_for("999").empty
