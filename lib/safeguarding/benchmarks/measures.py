"""The LAIT measures the report benchmarks against, and how they map to report indicator ids.

One place for the mapping in docs/architecture.md §8. ``polarity`` and ``title`` are LAIT's
(``lait_data_dictionary.csv``, column ``Polarity``: High / Low / "-"), written here as
high / low / none. The report's own polarity for an indicator lives in the indicator registry;
:func:`polarity_for` prefers the registry and falls back to LAIT's.
"""
from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class LaitMeasure:
    lait_code: str
    indicator_id: str  # "" when the report has no indicator for it (context only)
    title: str
    unit: str  # rate_per_10k | percent
    polarity: str  # high | low | none (LAIT's polarity)
    dfe_file: str  # the DfE table LAIT takes it from (data dictionary, Table_status)
    decimals: int = 1
    publisher: str = "Department for Education"


# Order = the order of the table in indicators.md §3.1.
LAIT_MEASURES: dict[str, LaitMeasure] = {m.lait_code: m for m in [
    LaitMeasure("CPP_Total_Rateper10,000", "referral_rate_r12",
                "Referrals per 10,000 children 0-17 (year)", "rate_per_10k", "none",
                "c1_children_in_need_referrals_and_rereferrals"),
    LaitMeasure("ReReferral", "rereferral_pct",
                "% referrals within 12 months of a previous referral", "percent", "low",
                "c1_children_in_need_referrals_and_rereferrals"),
    LaitMeasure("CIN_Refferals_NFA", "referrals_nfa_pct",
                "% referrals resulting in NFA", "percent", "none",
                "c1_children_in_need_referrals_and_rereferrals"),
    LaitMeasure("Referrals_AssessedNotNeed", "",
                "% referrals assessed, child not in need", "percent", "none",
                "c1_children_in_need_referrals_and_rereferrals"),
    LaitMeasure("Continue_Assess_Comp", "assessments_within_45wd_pct",
                "% assessments completed within 45 working days", "percent", "high",
                "Special Request (DfE)"),
    LaitMeasure("Section_47", "s47_rate_r12",
                "S47 enquiries started per 10,000 (year)", "rate_per_10k", "none",
                "c4_children_in_need_section_47s_and_icpcs"),
    LaitMeasure("ISCP_Conf", "icpc_rate_r12",
                "ICPCs per 10,000 (year)", "rate_per_10k", "none",
                "c4_children_in_need_section_47s_and_icpcs"),
    LaitMeasure("CP_conf_15days", "icpc_within_15wd_pct",
                "% ICPCs within 15 working days of S47 start", "percent", "high",
                "Special Request (DfE)"),
    LaitMeasure("CIN", "cin_rate",
                "Children in need at 31 Mar per 10,000", "rate_per_10k", "none",
                "b1_children_in_need"),
    LaitMeasure("CPP_Abuse_Rate", "cp_start_rate_r12",
                "Children becoming subject of a CPP per 10,000 (year)", "rate_per_10k", "low",
                "c5_children_in_need_referrals_by_source"),
    LaitMeasure("CPP_rate", "cp_rate",
                "Children on a CPP at 31 Mar per 10,000", "rate_per_10k", "none",
                "c5_children_in_need_referrals_by_source"),
    LaitMeasure("PrevRegCPR", "cp_second_plan_pct_r12",
                "% CPPs starting in year that were a 2nd+ plan (ever)", "percent", "low",
                "d3_cpps_subsequent_plan"),
    LaitMeasure("CPPlans2yrs", "cp_ceased_2yr_pct_r12",
                "% CPPs ceasing in year that had lasted 2+ years", "percent", "low",
                "d7_cpps_ending_by_duration"),
    LaitMeasure("CPPlans2yrsActive", "cp_open_2yr_pct",
                "% CPPs open at 31 Mar that had lasted 2+ years", "percent", "low",
                "d5_cpps_at31march_by_duration"),
    LaitMeasure("RevCP", "rcpc_in_timescale_pct",
                "% children on CPP 3m+ at 31 Mar reviewed in timescale", "percent", "high",
                "d6_cpps_reviewed_within_timescales"),
    LaitMeasure("DeRegCPR", "",
                "CPPs ceasing per 10,000 (year)", "rate_per_10k", "none",
                "c5_children_in_need_referrals_by_source"),
    LaitMeasure("CareApplications", "care_applications_rate_r12",
                "Cafcass care applications per 10,000 (year)", "rate_per_10k", "none",
                "Cafcass (manual supply to LAIT)", publisher="Cafcass"),
]}

# indicator id -> LAIT code (only the mapped ones)
INDICATOR_TO_LAIT: dict[str, str] = {
    m.indicator_id: code for code, m in LAIT_MEASURES.items() if m.indicator_id
}

# LAIT geography codes (column "LA Number")
ENGLAND_CODE = "970"
REGION_CODES = {str(c) for c in range(980, 991)}
INNER_LONDON_CODE = "987"
OUTER_LONDON_CODE = "988"
LONDON_CODE = "986"

# LAIT's "Region" column for an LA -> the name of the regional aggregate row in LAIT.
REGION_OF_LA_TO_AGGREGATE = {
    "inner london": "London (Inner)",
    "outer london": "London (Outer)",
}

# The 14 Inner London LAs in DfE's regional grouping (indicators.md §3.3), by LA number.
INNER_LONDON_LAS = {
    "201": "City of London", "202": "Camden", "204": "Hackney", "205": "Hammersmith and Fulham",
    "206": "Islington", "207": "Kensington and Chelsea", "208": "Lambeth", "209": "Lewisham",
    "210": "Southwark", "211": "Tower Hamlets", "212": "Wandsworth", "213": "Westminster",
    "309": "Haringey", "316": "Newham",
}

POLARITY_FROM_LAIT = {"high": "high", "low": "low", "-": "none", "": "none", "none": "none"}


def polarity_for(indicator_id: str, default: str | None = None) -> str:
    """The polarity the report uses for an indicator: registry first, then LAIT's, else none."""
    try:
        from safeguarding.indicators.registry import REGISTRY
    except Exception:  # pragma: no cover - registry import problems must not break benchmarks
        REGISTRY = {}
    ind = REGISTRY.get(indicator_id)
    if ind is not None:
        return ind.polarity
    code = INDICATOR_TO_LAIT.get(indicator_id)
    if code:
        return LAIT_MEASURES[code].polarity
    return default or "none"


def normalise_region_name(name: str | None) -> str:
    """Case- and punctuation-insensitive key for region names ("Yorkshire and The Humber")."""
    if name is None:
        return ""
    key = str(name).strip().lower()
    return REGION_OF_LA_TO_AGGREGATE.get(key, str(name).strip()).lower()


# Columns of every long benchmark table (shipped CSV, LAIT import), after indicators.md §3.4.
# ``la_region``: for an LA row, LAIT's region of the LA (e.g. "Inner London"); empty otherwise.
BENCHMARK_COLUMNS = [
    "indicator_id", "lait_code", "dfe_file", "geography_type", "geography_code", "geography_name",
    "la_region", "period", "value", "unit", "polarity", "numerator", "denominator",
    "source_url_or_repo_path", "release", "vintage", "retrieved", "notes",
]

LAIT_REPO = "dfe-analytical-services/local-authority-interactive-tool"
LAIT_COMMIT = "2e30e39"
LAIT_PARQUET_URL = (
    f"https://github.com/{LAIT_REPO}/blob/{LAIT_COMMIT}/01_data/02_prod/bds_long_0.parquet"
)
LAIT_RELEASE = f"LAIT commit {LAIT_COMMIT} (New Data - CIN and CLA outcomes for 2025)"
LAIT_VINTAGE = "2025 (revised populations)"
LAIT_RETRIEVED = "2026-04"
OGL = "Open Government Licence v3.0"
