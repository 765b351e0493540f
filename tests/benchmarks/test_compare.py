"""The benchmark comparison table (safeguarding.benchmarks.compare)."""
from __future__ import annotations


import numpy as np
import pandas as pd
import pytest

from safeguarding.benchmarks.compare import (
    TABLE_COLUMNS, benchmark_table, find_default_paths, judge, load_comparators, quartile_band,
)
from safeguarding.benchmarks.measures import BENCHMARK_COLUMNS, INDICATOR_TO_LAIT
from safeguarding.params import params_from_dict

from ._ref import DFE, PARQUET, need


# ---- judgement ------------------------------------------------------------------------------
@pytest.mark.parametrize("value, lower, upper, bench, polarity, expected", [
    (25.0, 23.0, 27.0, 21.9, "low", "worse"),      # interval above England, lower is better
    (25.0, 23.0, 27.0, 21.9, "high", "better"),
    (25.0, 23.0, 27.0, 21.9, "none", "higher"),
    (18.0, 16.0, 20.0, 21.9, "low", "better"),
    (18.0, 16.0, 20.0, 21.9, "high", "worse"),
    (18.0, 16.0, 20.0, 21.9, "none", "lower"),
    (22.0, 20.0, 24.0, 21.9, "low", "similar"),    # interval contains England
    (25.0, 21.9, 27.0, 21.9, "low", "similar"),    # on the boundary counts as contained
    (25.0, float("nan"), 27.0, 21.9, "low", None),  # no interval, no judgement
    (25.0, 23.0, 27.0, float("nan"), "low", None),
])
def test_judge(value, lower, upper, bench, polarity, expected):
    assert judge(value, lower, upper, bench, polarity) == expected


def test_quartile_band():
    las = [1, 2, 3, 4, 5, 6, 7, 8]  # type-7 quartiles: Q1 2.75, median 4.5, Q3 6.25
    assert quartile_band(2, las, "low") == "A"
    assert quartile_band(2, las, "high") == "D"
    assert quartile_band(4.5, las, "low") == "B"  # (Q1, median]
    assert quartile_band(5, las, "low") == "C"
    assert quartile_band(5, las, "high") == "B"
    assert quartile_band(8, las, "high") == "A"
    assert quartile_band(6.25, las, "low") == "C"  # intervals closed on the right
    assert quartile_band(5, las, "none") is None
    assert quartile_band(9, las, "low") is None  # outside the LA range


# ---- fixtures -------------------------------------------------------------------------------
def council_values():
    return pd.DataFrame({
        "indicator_id": ["rereferral_pct", "rereferral_pct", "icpc_within_15wd_pct", "cin_rate"],
        "year": ["2017", "2018", 2018, 2018],
        "value": [20.0, 25.0, 70.0, 400.0],
        "numerator": [200, 250, 70, 2000],
        "denominator": [1000, 1000, 100, 50000],
        "lower": [17.6, 22.4, 60.4, 382.6],
        "upper": [22.6, 27.8, 78.1, 417.9],
    })


def row(table, ind):
    r = table[table.indicator_id == ind]
    assert len(r) == 1
    return r.iloc[0]


def tidy(rows):
    """A small tidy LAIT table: (code, geography_code, name, type, la_region, year, value)."""
    df = pd.DataFrame(rows, columns=["lait_code", "geography_code", "geography_name",
                                     "geography_type", "la_region", "period", "value"])
    for c in BENCHMARK_COLUMNS:
        if c not in df.columns:
            df[c] = ""
    df["vintage"] = "test LAIT"
    return df[BENCHMARK_COLUMNS]


LAIT_ROWS = [
    ("ReReferral", "970", "England", "england", "", 2018, 21.0),
    ("ReReferral", "970", "England", "england", "", 2019, 99.0),  # later year: not used for 2018
    ("ReReferral", "981", "North West", "region", "", 2018, 20.0),
    ("ReReferral", "500", "Council", "la", "North West", 2018, 24.0),
    ("ReReferral", "501", "N1", "la", "North West", 2018, 10.0),
    ("ReReferral", "502", "N2", "la", "North West", 2018, 20.0),
    ("ReReferral", "503", "N3", "la", "North West", 2018, float("nan")),
    ("ReReferral", "504", "N4", "la", "North West", 2018, 40.0),
    ("ReReferral", "505", "Not a neighbour", "la", "North West", 2018, 1000.0),
    ("CP_conf_15days", "970", "England", "england", "", 2017, 77.0),  # only an earlier year
]
NEIGHBOURS = pd.DataFrame({"rank": [1, 2, 3, 4], "la_code": ["501", "502", "503", "504"],
                           "la_name": ["N1", "N2", "N3", "N4"], "closeness": ["close"] * 4})
NEIGHBOURS.attrs["vintage"] = 2025


# ---- without LAIT: shipped England and Inner London -------------------------------------------
def test_table_without_lait_or_la_code():
    t = benchmark_table(council_values(), params_from_dict({}))
    assert list(t.columns) == TABLE_COLUMNS
    assert set(t.indicator_id) == set(INDICATOR_TO_LAIT)
    r = row(t, "rereferral_pct")
    assert r.year == 2018 and r.value == 25.0  # latest full year
    assert r.england_value == 21.9 and r.england_year == 2018  # shipped, same year
    assert r.judgement == "worse"  # 22.4-27.8 above 21.9, lower is better
    assert pd.isna(r.published_value) and pd.isna(r.sn_value) and r.sn_n == 0
    assert "published: no LAIT file configured" in r.missing
    assert "SN: LA code not set" in r.missing
    assert "region: LA code not set" in r.missing
    assert r.benchmark_vintage == "2025 (revised populations)"
    assert t.attrs["notes"][0].startswith("no LAIT file configured")
    assert "no neighbour list for vintage 2021" in t.attrs["notes"]
    # ICPC within 15 days: 60.4-78.1 contains England 76.9 -> similar
    assert row(t, "icpc_within_15wd_pct").judgement == "similar"
    # CIN rate has no polarity: 382.6-417.9 above England 345.4 -> higher
    assert row(t, "cin_rate").judgement == "higher"
    # an indicator the council has no value for still shows England (latest year)
    s47 = row(t, "s47_rate_r12")
    assert pd.isna(s47.value) and s47.england_year == 2025 and s47.england_value == 189.3
    assert "council: no value" in s47.missing


def test_inner_london_region_from_shipped():
    p = params_from_dict({"council": {"la_code": "209"}})
    t = benchmark_table(council_values(), p)
    r = row(t, "rereferral_pct")
    assert (r.region_name, r.region_value, r.region_year) == ("London (Inner)", 16.2, 2018)
    assert "SN: no neighbour list for vintage 2021" in r.missing
    assert "published: no LAIT file configured" in r.missing
    care = row(t, "care_applications_rate_r12")
    assert pd.isna(care.region_value) and "region: no value for London (Inner)" in care.missing
    # a council outside Inner London without LAIT: region missing, and why
    t2 = benchmark_table(council_values(), params_from_dict({"council": {"la_code": "352"}}))
    assert "council.region not set" in row(t2, "rereferral_pct").missing


def test_year_fallback_to_latest_published():
    cv = council_values().assign(year=2026)
    t = benchmark_table(cv, params_from_dict({}))
    r = row(t, "rereferral_pct")
    assert r.year == 2026 and r.england_year == 2025 and r.england_value == 22.6
    assert "England value is for 2025" in r.missing
    # explicit year
    t = benchmark_table(council_values(), params_from_dict({}), year=2017)
    r = row(t, "rereferral_pct")
    assert (r.year, r.value, r.england_value) == (2017, 20.0, 21.9)


# ---- with a LAIT table and neighbours ---------------------------------------------------------
@pytest.mark.parametrize("statistic, sn_value", [("mean", 23.3), ("median", 20.0)])
def test_table_with_lait_and_neighbours(statistic, sn_value):
    p = params_from_dict({"council": {"la_code": "500"},
                          "comparators": {"sn_statistic": statistic, "sn_vintage": 2025}})
    t = benchmark_table(council_values(), p, lait=tidy(LAIT_ROWS), neighbours=NEIGHBOURS)
    r = row(t, "rereferral_pct")
    assert (r.published_value, r.published_year) == (24.0, 2018)
    # neighbours 10, 20, (missing), 40: mean 70/3 = 23.33 -> 23.3; median 20; n = 3
    assert (r.sn_value, r.sn_year, r.sn_n, r.sn_statistic, r.sn_vintage) == (
        sn_value, 2018, 3, statistic, 2025)
    assert (r.region_name, r.region_value) == ("North West", 20.0)  # from the LA's LAIT region
    assert (r.england_value, r.england_year) == (21.0, 2018)
    assert r.judgement == "worse"
    assert r.benchmark_vintage == "test LAIT"
    assert r.missing == ""
    # quartile band of 25.0 among LA values 24, 10, 20, 40, 1000 (type 7: Q1 20, med 24, Q3 40)
    assert r.quartile_band == "C"
    c = row(t, "icpc_within_15wd_pct")
    assert (c.england_value, c.england_year) == (77.0, 2017)
    assert "SN: no neighbour has a value" in c.missing
    assert t.attrs["notes"] == []


def test_lait_without_neighbours_says_why():
    p = params_from_dict({"council": {"la_code": "500", "region": "North West"},
                          "comparators": {"sn_vintage": 2025}})
    t = benchmark_table(council_values(), p, lait=tidy(LAIT_ROWS))
    r = row(t, "rereferral_pct")
    assert "SN: no neighbour list for vintage 2025" in r.missing
    assert r.region_value == 20.0


# ---- default reference paths -------------------------------------------------------------------
def test_find_default_paths(tmp_path):
    assert find_default_paths(tmp_path) is None  # not inside a checkout
    need(DFE)
    paths = find_default_paths()
    assert paths is not None and paths.folder == DFE
    assert paths.lait_file == PARQUET
    assert paths.sn_file(2021).name == "sn_april_2021.xlsx"
    assert paths.sn_file(2025).name == "sn_may_2025.xlsx"


def test_load_comparators_notes():
    lc = load_comparators(params_from_dict({}))
    # no LAIT file configured: the LAIT values shipped with the package
    assert lc.lait is not None and set(lc.lait["geography_type"]) == {"la", "region", "england"}
    assert lc.neighbours is None
    assert lc.notes == ["LA code not set"]


def test_real_lewisham_table():
    need(PARQUET)
    p = params_from_dict({"council": {"la_code": "209"}})
    lc = load_comparators(p, use_default_paths=True)
    assert lc.notes == []
    t = benchmark_table(council_values(), p, lait=lc.lait, neighbours=lc.neighbours)
    r = row(t, "rereferral_pct")
    assert (r.published_value, r.england_value, r.region_value) == (15.0, 21.9, 16.2)
    assert r.benchmark_vintage == "2025 (revised populations)"
    # Lewisham's 2021 neighbours, and their 2018 re-referral % read directly from the parquet
    sn_codes = [208, 306, 309, 320, 204, 210, 308, 304, 203, 205]
    assert lc.neighbours["la_code"].tolist() == [str(c) for c in sn_codes]
    raw = pd.read_parquet(PARQUET)
    sel = raw[(raw["Short Desc"] == "ReReferral") & (raw["Years"] == "2018")
              & raw["LA Number"].isin(sn_codes)]
    vals = [round(float(v), 1) for v in sel["Values"] if v.strip() != "-"]
    assert r.sn_n == len(vals)
    assert r.sn_value == round(float(np.mean(vals)), 1)


def test_load_comparators_from_params_files(tmp_path):
    """lait_file from params; the SN list for the vintage is found next to it."""
    folder = tmp_path / "dfe"
    folder.mkdir()
    raw = pd.DataFrame({
        "Short Desc": ["ReReferral"] * 3, "Data item": [None] * 3, "Years": ["2018"] * 3,
        "LA and Regions": ["England", "Council", "N1"], "Values": ["21", "24", "1.0E1"],
        "LA Number": [970.0, 500.0, 501.0], "Region": ["NA", "North West", "North West"],
    })
    raw.to_parquet(folder / "bds_long_0.parquet", index=False)
    header = ["old_la_code", "la_name", "region_ind", "region_name"] + sum(
        ([f"SN_{k}", f"SN_{k}P"] for k in range(1, 11)), [])
    line = ["500", "Council", "1", "North West"] + sum(([str(501 + k), "Close "] for k in range(10)), [])
    (folder / "sn_model_2025_wide.csv").write_text(
        ",".join(header) + "\n" + ",".join(line) + "\n", encoding="utf-8-sig")
    params_file = tmp_path / "params" / "council.yaml"
    params_file.parent.mkdir()
    p = params_from_dict({"council": {"la_code": "500"},
                          "comparators": {"sn_vintage": 2025, "lait_file": "../dfe/bds_long_0.parquet"}},
                         str(params_file))
    lc = load_comparators(p)
    assert lc.notes == []
    assert lc.neighbours["la_code"].tolist()[:2] == ["501", "502"]
    t = benchmark_table(council_values(), p, lait=lc.lait, neighbours=lc.neighbours)
    r = row(t, "rereferral_pct")
    assert (r.published_value, r.sn_value, r.sn_n, r.england_value) == (24.0, 10.0, 1, 21.0)
    assert r.benchmark_vintage == "LAIT file bds_long_0.parquet"  # not the reference copy
    # 2021 asked for, only a 2025 list present
    p21 = params_from_dict({"council": {"la_code": "500"},
                            "comparators": {"sn_vintage": 2021, "lait_file": "../dfe/bds_long_0.parquet"}},
                           str(params_file))
    # (the shipped 2021 list is used, and LA 500 is not a real LA number)
    assert load_comparators(p21).notes == [
        "no neighbour list for vintage 2021 ('LA 500 is not in the statistical neighbour list shipped_sn_2021.csv')"]


def test_pick_on_arrays_agrees_with_the_frame_route():
    """The value and year picked for a measure: the given year, else the latest earlier one with a
    value; the first row of that year. The array route against the frame route (object years take
    the frame route) on random rows with missing values and repeated years."""
    from safeguarding.benchmarks.compare import _pick

    rng = np.random.default_rng(7)
    for _ in range(300):
        n = int(rng.integers(0, 8))
        value = rng.integers(0, 50, n).astype(float)
        value[rng.random(n) < 0.3] = np.nan
        rows = pd.DataFrame({"period": rng.integers(2015, 2020, n), "value": value})
        year = None if rng.random() < 0.2 else int(rng.integers(2014, 2021))
        fast = _pick(rows, year)
        frame = _pick(rows.astype({"period": object}), year)
        assert (fast[1] == frame[1]) and (fast[0] == frame[0] or (np.isnan(fast[0]) and np.isnan(frame[0])))


def test_pick_takes_the_latest_year_on_or_before_the_one_asked():
    from safeguarding.benchmarks.compare import _pick

    rows = pd.DataFrame({"period": [2016, 2018, 2017, 2018, 2019], "value": [1.0, np.nan, 3.0, 4.0, 5.0]})
    assert _pick(rows, 2018) == (4.0, 2018)  # 2018's first row has no value: the next 2018 row
    assert _pick(rows, 2017) == (3.0, 2017)
    assert _pick(rows, None) == (5.0, 2019)
    assert _pick(rows, 2015)[1] is None


def test_council_value_is_the_last_row_of_the_year_asked_or_the_latest():
    from safeguarding.benchmarks.compare import _council_year_values

    council = pd.DataFrame({
        "indicator_id": ["a", "b", "a", "a", "b", "c"],
        "year": ["2017", "2018", "2018", "2018", 2019, "2018"],
        "value": [1.0, 2.0, 3.0, 4.0, 5.0, np.nan],  # c has no value: left out
        "lower": [0.5, 1.5, np.nan, 3.5, 4.5, 0.0], "upper": [2.0, 3.0, 4.0, 5.0, 6.0, 1.0],
        "numerator": [1, 2, 3, 4, 5, 0], "denominator": [10.0, 20.0, 30.0, 40.0, 50.0, 0.0]})
    latest = _council_year_values(council, None)
    assert set(latest) == {"a", "b"}
    assert latest["a"]["year"] == 2018 and latest["a"]["value"] == 4.0 and latest["a"]["lower"] == 3.5
    assert latest["b"] == {"year": 2019, "value": 5.0, "lower": 4.5, "upper": 6.0, "numerator": 5.0,
                           "denominator": 50.0}
    in_2018 = _council_year_values(council, 2018)
    assert in_2018["a"]["value"] == 4.0 and in_2018["b"]["value"] == 2.0
    assert np.isnan(_council_year_values(council.drop(columns="lower"), 2017)["a"]["lower"])
