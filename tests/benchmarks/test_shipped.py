"""The shipped England / Inner London benchmark table (benchmarks/shipped_benchmarks.csv)."""
from __future__ import annotations

import re

import pandas as pd

from safeguarding.benchmarks import build_shipped
from safeguarding.benchmarks.measures import BENCHMARK_COLUMNS, LAIT_MEASURES
from safeguarding.benchmarks.shipped import SHIPPED_CSV, load_shipped

from ._ref import INDICATORS_MD, PARQUET, need


def value(df, code, geo, year):
    r = df[(df.lait_code == code) & (df.geography_code == geo) & (df.period == year)]
    assert len(r) == 1
    return r["value"].iloc[0]


def test_shape_and_columns():
    df = load_shipped()
    assert list(df.columns) == BENCHMARK_COLUMNS
    assert len(df) == 17 * 2 * 9  # 17 LAIT codes x England, Inner London x 2017-2025
    assert set(df.lait_code) == set(LAIT_MEASURES)
    assert set(df.period) == set(range(2017, 2026))
    assert set(zip(df.geography_type, df.geography_code, df.geography_name)) == {
        ("england", "970", "England"), ("region", "987", "London (Inner)")}
    assert set(df.vintage) == {"2025 (revised populations)"}
    for col in ("source_url_or_repo_path", "release", "retrieved"):
        assert (df[col].str.len() > 0).all()
    assert df.source_url_or_repo_path.str.contains("local-authority-interactive-tool").all()
    assert set(df.unit) == {"percent", "rate_per_10k"}
    assert set(df.polarity) <= {"high", "low", "none"}


def test_published_figures():
    df = load_shipped()
    # hard-coded from the published LAIT / DfE figures
    assert value(df, "ReReferral", "970", 2018) == 21.9
    assert value(df, "ReReferral", "970", 2025) == 22.6
    assert value(df, "CP_conf_15days", "987", 2019) == 75.5
    assert value(df, "CPP_Total_Rateper10,000", "970", 2025) == 519.4  # 632,830 / 12,183,016
    assert value(df, "CIN_Refferals_NFA", "970", 2021) == 6.0
    assert value(df, "PrevRegCPR", "987", 2025) == 19.0
    assert value(df, "CareApplications", "970", 2025) == 9.1
    assert value(df, "Continue_Assess_Comp", "987", 2017) == 74.7


def test_mapping_and_missing():
    df = load_shipped()
    ids = df.drop_duplicates("lait_code").set_index("lait_code")["indicator_id"]
    assert ids["ReReferral"] == "rereferral_pct"
    assert ids["CPP_Total_Rateper10,000"] == "referral_rate_r12"
    assert ids["CareApplications"] == "care_applications_rate_r12"
    assert ids["DeRegCPR"] == "" and ids["Referrals_AssessedNotNeed"] == ""
    il_care = df[(df.lait_code == "CareApplications") & (df.geography_code == "987")]
    assert il_care["value"].isna().all()
    assert il_care["notes"].str.contains("no Inner London aggregate").all()
    assert df.loc[df.lait_code == "CareApplications", "notes"].str.contains("Cafcass").all()
    assert df["value"].isna().sum() == 9  # only Inner London care applications


def test_build_reproduces_committed_csv(tmp_path):
    out = build_shipped.write(build_shipped.build(), tmp_path / "shipped.csv")
    assert out.read_bytes() == SHIPPED_CSV.read_bytes()


def test_matches_indicators_md_text():
    text = need(INDICATORS_MD).read_text(encoding="utf-8")
    # the parser over the live document gives the committed table
    parsed = build_shipped.build(build_shipped.tables_from_indicators_md(text))
    pd.testing.assert_frame_equal(parsed, load_shipped(), check_dtype=False)
    # and a handful of cells read straight from the text, independently of the parser
    section = text[text.index("### 3.1"):text.index("### 3.2")]
    england = section[section.index("**England**"):section.index("**Inner London**")]
    inner = section[section.index("**Inner London**"):]
    years = list(range(2017, 2026))

    def cell(block, code, year):
        line = re.search(rf"^\| {re.escape(code)} \|.*$", block, flags=re.M).group(0)
        return line.strip("|").split("|")[3 + years.index(year)].strip()

    df = load_shipped()
    for block, geo in ((england, "970"), (inner, "987")):
        for code, year in [("ReReferral", 2018), ("CP_conf_15days", 2019), ("CIN", 2025),
                           ("Section_47", 2020), ("RevCP", 2023), ("CPPlans2yrsActive", 2022)]:
            assert value(df, code, geo, year) == float(cell(block, code, year))


def test_matches_lait_parquet():
    need(PARQUET)
    assert build_shipped.check_against_parquet(load_shipped(), PARQUET) == []
