"""Count tables for the local-extract sections (private fostering, young carers, LADO, proceedings).

Every one-way breakdown returns a tidy DataFrame with a **fixed category order including zero
rows** - columns ``category`` (the readable label, as in ``breakdowns``), ``count``, ``percent``
(share of the total, 0-100; missing when the total is 0) and ``code`` (the extract's code) - so
that charts and tables keep their shape from month to month. A final "Not recorded" category
(code ``NOT_RECORDED``) holds blank and unrecognised codes, so the counts always add up to the
number of records in the cohort (multi-valued fields excepted, see ``yc_cared_for_need``).
Cross-tables (age x sex, LADO outcome x sector) are wide with "Total" row/column as the Annex A
sections' ``breakdowns.cp_age_sex_profile``; their docstrings give the shape.

Windows are whole days ``[start, end]`` inclusive, as for the indicators. Cohorts:

* private fostering and young carers take ``cohort="new"`` (records starting in the window:
  PF notifications received / young carers identified) or ``cohort="open"`` (open at ``end``);
* LADO tables cover allegations (threshold met) *received* in the window by default - the
  seed report's cross-table counts the contacts taken forward in the year, with those not yet
  concluded as "pending"; ``basis="concluded"`` counts allegations concluded in the window
  instead (the pending row is then always 0);
* ``proceedings_summary`` compares the last full financial year with the financial year to
  date.

Age bands (half-open, whole years):

* private fostering: ChAT / Annex A bands Under 1, 1-4, 5-9, 10-15, 16 and over (16+ only for
  disabled children), age at the arrangement start (new) or at ``end`` (open);
* young carers: Under 8, 8-10, 11-13, 14-15, 16-17 (primary / lower secondary / GCSE years /
  post-16), age at identification (new) or at ``end`` (open); ages 18+ or negative go to
  "Not known" with missing dates of birth (they are data errors, reported by the rules).

Suppression of small cells is applied by ``disclosure.suppress`` when tables are published,
never here.
"""
from __future__ import annotations

import numpy as np
import pandas as pd

from ..params import Params
from ..periods import Period
from .base import COMPUTE, Context, age_in_years, in_window, open_at
from .lado import allegation_frame
from .private_fostering import arrangement_frame
from .proceedings import pre_proceedings_frame

NOT_RECORDED = ("NOT_RECORDED", "Not recorded")

PF_SOURCES = [
    ("CARER", "Private foster carer"), ("PARENT", "Parent"), ("CHILD", "Child"),
    ("SCHOOL", "School"), ("EDUCATION_OTHER", "Other education"), ("HEALTH", "Health"),
    ("POLICE", "Police"), ("CSC", "Children's social care"), ("OTHER_LA", "Another local authority"),
    ("AGENCY", "Agency (e.g. language school or placement agency)"), ("OTHER", "Other"),
]
PF_CATEGORIES = [
    ("8B", "Overseas child intending to return"), ("8C", "Overseas child intending to stay"),
    ("8D", "UK child in an educational placement"),
    ("8E", "UK child in an alternative family arrangement"), ("8F", "Other"),
]
# CIN ethnicity code -> main group, with the same groups and labels as the Annex A sections'
# ``breakdowns.ethnicity_group`` so the report reads the same throughout: CHNE is grouped with
# OOTH as "Other ethnic group" (DfE's historic grouping; open question in annex-a.md 6.2);
# REFU, NOBT, blank and unrecognised codes are "Not known".
ETHNIC_GROUPS = [
    ("WHITE", "White", ["WBRI", "WIRI", "WIRT", "WOTH", "WROM"]),
    ("MIXED", "Mixed", ["MWBC", "MWBA", "MWAS", "MOTH"]),
    ("ASIAN", "Asian", ["AIND", "APKN", "ABAN", "AOTH"]),
    ("BLACK", "Black", ["BCRB", "BAFR", "BOTH"]),
    ("OTHER", "Other ethnic group", ["CHNE", "OOTH"]),
    ("NOT_KNOWN", "Not known", ["REFU", "NOBT"]),
]
ETHNICITY_CODES = [
    ("WBRI", "White British"), ("WIRI", "White Irish"), ("WIRT", "Traveller of Irish heritage"),
    ("WOTH", "Any other White background"), ("WROM", "Gypsy/Roma"),
    ("MWBC", "White and Black Caribbean"), ("MWBA", "White and Black African"),
    ("MWAS", "White and Asian"), ("MOTH", "Any other Mixed background"), ("AIND", "Indian"),
    ("APKN", "Pakistani"), ("ABAN", "Bangladeshi"), ("AOTH", "Any other Asian background"),
    ("BCRB", "Caribbean"), ("BAFR", "African"), ("BOTH", "Any other Black background"),
    ("CHNE", "Chinese"), ("OOTH", "Any other ethnic group"), ("REFU", "Refused"),
    ("NOBT", "Information not yet obtained"),
]
SEXES = [("M", "Male"), ("F", "Female"), ("U", "Not stated/recorded"), ("I", "Neither")]
# Sex columns of the age x sex tables, as breakdowns.SEX_CATEGORIES (U, I and blank together).
SEX_COLUMNS = ["Male", "Female", "Other / not recorded"]
AGE_NOT_KNOWN = ("NOT_KNOWN", "Not known")
PF_AGE_BANDS = [("UNDER_1", "Under 1", 0, 1), ("1_4", "1-4", 1, 5), ("5_9", "5-9", 5, 10),
                ("10_15", "10-15", 10, 16), ("16_PLUS", "16 and over", 16, 200)]
YC_AGE_BANDS = [("UNDER_8", "Under 8", 0, 8), ("8_10", "8-10", 8, 11), ("11_13", "11-13", 11, 14),
                ("14_15", "14-15", 14, 16), ("16_17", "16-17", 16, 18)]
YC_SOURCES = [
    ("SCHOOL", "School"), ("HEALTH", "Health"), ("SELF", "Self-referral"), ("FAMILY", "Family"),
    ("CSC_ASSESSMENT", "Children's social care assessment"), ("EARLY_HELP", "Early help"),
    ("ADULT_SOCIAL_CARE", "Adult social care"), ("YOUNG_CARERS_SERVICE", "Young carers service"),
    ("OTHER", "Other"),
]
YC_NEEDS = [
    ("PHYSICAL_ILLNESS_DISABILITY", "Physical illness or disability"),
    ("MENTAL_HEALTH", "Mental health"), ("SUBSTANCE_MISUSE", "Substance misuse"),
    ("LEARNING_DISABILITY", "Learning disability"), ("OTHER", "Other"),
]
LADO_OUTCOMES = [
    ("NFA", "NFA"), ("PENDING", "Outcome pending"), ("SUBSTANTIATED", "Substantiated"),
    ("UNSUBSTANTIATED", "Unsubstantiated"), ("UNFOUNDED", "Unfounded"), ("FALSE", "False"),
    ("MALICIOUS", "Malicious"), ("NOT_RECORDED", "Outcome not recorded"),
]
LADO_SECTORS = [
    ("EDUCATION_SCHOOL", "Schools"), ("EDUCATION_EARLY_YEARS", "Early years and childminders"),
    ("EDUCATION_FE", "Further education"), ("HEALTH", "Health"),
    ("SOCIAL_CARE_RESIDENTIAL", "Residential care"), ("FOSTER_CARER", "Foster carers"),
    ("SOCIAL_CARE_OTHER", "Other social care"), ("POLICE", "Police"), ("FAITH", "Faith groups"),
    ("SPORTS_LEISURE", "Sports and leisure"), ("TRANSPORT", "Transport"),
    ("VOLUNTARY", "Voluntary sector"), ("OTHER", "Other"), NOT_RECORDED,
]
LADO_TIME_BANDS = [("WITHIN_1M", "Within 1 month"), ("1_3M", "1 to 3 months"),
                   ("3_12M", "3 to 12 months"), ("OVER_12M", "Over 12 months"),
                   ("OPEN", "Not yet concluded")]
TOTAL = "Total"


# ---- generic helpers --------------------------------------------------------------------------

def _codes(values: pd.Series) -> pd.Series:
    return values.astype("string").str.strip().str.upper()


def count_table(codes: pd.Series, categories: list[tuple[str, str]],
                not_recorded: bool = True) -> pd.DataFrame:
    """Counts of ``codes`` in the fixed order of ``categories`` (``(code, label)`` pairs), zeros
    kept: columns ``category`` (label), ``count``, ``percent``, ``code``. Blank and unrecognised
    codes go to a final "Not recorded" row (when ``not_recorded``).
    """
    known = [c for c, _ in categories]
    codes = _codes(codes).reset_index(drop=True)
    mapped = codes.where(codes.isin(known).fillna(False).astype(bool), NOT_RECORDED[0])
    cats = list(categories) + ([NOT_RECORDED] if not_recorded and NOT_RECORDED[0] not in known else [])
    counts = mapped.value_counts()
    frame = pd.DataFrame({"category": [lab for _, lab in cats],
                          "count": [int(counts.get(c, 0)) for c, _ in cats]})
    total = frame["count"].sum()
    frame["percent"] = 100 * frame["count"] / total if total else np.nan
    frame["code"] = [c for c, _ in cats]
    return frame


def _band(ages: pd.Series, bands) -> pd.Series:
    """Band code of each age (``NOT_KNOWN`` when missing or outside every band)."""
    out = pd.Series(AGE_NOT_KNOWN[0], index=ages.index, dtype="string")
    for code, _, lo, hi in bands:
        out = out.mask(((ages >= lo) & (ages < hi)).fillna(False).astype(bool), code)
    return out


def _check_cohort(cohort: str) -> None:
    if cohort not in ("new", "open"):
        raise ValueError(f"cohort must be 'new' or 'open', got {cohort!r}")


# ---- private fostering ----------------------------------------------------------------------------

def _pf_cohort(tables, start, end, cohort: str) -> tuple[pd.DataFrame, pd.Series]:
    """PF rows in the cohort and the date ages are taken at.

    ``new``: notifications received in the window (all notifications, as the seed's source and
    ethnicity figures are "of notifications"); age at the notification date.
    ``open``: private-fostering arrangements open at ``end``; age at ``end``.
    """
    _check_cohort(cohort)
    arr = arrangement_frame(tables)
    if cohort == "new":
        rows = arr[in_window(arr["notification_date"], start, end)]
        return rows, rows["notification_date"]
    rows = arr[~arr["not_pf"] & open_at(arr["start"], arr["end_date"], end)]
    return rows, pd.Series(end, index=rows.index)


def pf_notification_sources(tables, start, end, cohort: str = "new") -> pd.DataFrame:
    """Source of notification (local list) for PF notifications received in the window."""
    rows, _ = _pf_cohort(tables, start, end, cohort)
    return count_table(rows["notification_source"], PF_SOURCES)


def pf_categories(tables, start, end, cohort: str = "new") -> pd.DataFrame:
    """Private fostering category, CIN assessment factors 8B-8F."""
    rows, _ = _pf_cohort(tables, start, end, cohort)
    return count_table(rows["pf_category"], PF_CATEGORIES)


def ethnicity_table(ethnicity: pd.Series, detailed: bool = False) -> pd.DataFrame:
    """CIN ethnicity codes grouped into main groups (or the 20 codes when ``detailed``).

    Groups: White, Mixed, Asian, Black, Other ethnic group (CHNE, OOTH), Not known (REFU, NOBT,
    blank, unrecognised) - no separate NOT_RECORDED row. ``detailed``: the 20 CIN codes then
    NOT_RECORDED (blank or unrecognised).
    """
    if detailed:
        return count_table(ethnicity, ETHNICITY_CODES)
    lookup = {code: group for group, _, codes in ETHNIC_GROUPS for code in codes}
    codes = _codes(ethnicity)
    grouped = codes.map(lambda c: lookup.get(c, "NOT_KNOWN") if isinstance(c, str) else "NOT_KNOWN")
    return count_table(grouped, [(g, lab) for g, lab, _ in ETHNIC_GROUPS], not_recorded=False)


def pf_ethnicity(tables, start, end, cohort: str = "new", detailed: bool = False) -> pd.DataFrame:
    """Ethnicity of children in PF notifications (grouped CIN codes; ``detailed`` for codes)."""
    rows, _ = _pf_cohort(tables, start, end, cohort)
    return ethnicity_table(rows["ethnicity"], detailed)


def age_sex_table(dob: pd.Series, at: pd.Series, sex: pd.Series, bands) -> pd.DataFrame:
    """Age band x sex, wide like ``breakdowns.cp_age_sex_profile``: columns ``age_band`` (label),
    ``Male``, ``Female``, ``Other / not recorded`` (U, I, blank), ``Total``; one row per band
    plus "Not known" (no date of birth, or an age outside the bands), zeros kept.
    """
    ages = age_in_years(dob, at) if len(dob) else pd.Series(dtype=float)
    band = _band(pd.Series(ages, index=dob.index), bands)
    sex_label = _codes(sex).map({"M": "Male", "F": "Female"}).fillna("Other / not recorded")
    counts = pd.DataFrame({"b": band.to_numpy(dtype=object),
                           "s": sex_label.to_numpy(dtype=object)}).value_counts()
    band_cats = [(c, lab) for c, lab, _, _ in bands] + [AGE_NOT_KNOWN]
    frame = pd.DataFrame({"age_band": [lab for _, lab in band_cats]})
    for col in SEX_COLUMNS:
        frame[col] = [int(counts.get((b, col), 0)) for b, _ in band_cats]
    frame["Total"] = frame[SEX_COLUMNS].sum(axis=1)
    return frame


def pf_age_sex(tables, start, end, cohort: str = "new") -> pd.DataFrame:
    """Age band (Under 1, 1-4, 5-9, 10-15, 16 and over, Not known) by sex of children in the PF
    cohort (wide, see ``age_sex_table``)."""
    rows, at = _pf_cohort(tables, start, end, cohort)
    return age_sex_table(rows["date_of_birth"], at, rows["sex"], PF_AGE_BANDS)


# ---- young carers ---------------------------------------------------------------------------------

def _yc_cohort(tables, start, end, cohort: str) -> tuple[pd.DataFrame, pd.Series]:
    """``new``: identified in the window (age at identification); ``open``: open at ``end``."""
    _check_cohort(cohort)
    yc = tables["young_carers"]
    if cohort == "new":
        rows = yc[in_window(yc["identified_date"], start, end)]
        return rows, rows["identified_date"]
    rows = yc[open_at(yc["identified_date"], yc["end_date"], end)]
    return rows, pd.Series(end, index=rows.index)


def yc_age_profile(tables, start, end, cohort: str = "new") -> pd.DataFrame:
    """Young carers by age band: Under 8, 8-10, 11-13, 14-15, 16-17, Not known (no date of birth,
    or 18+ / negative - data errors the rules report)."""
    rows, at = _yc_cohort(tables, start, end, cohort)
    ages = age_in_years(rows["date_of_birth"], at) if len(rows) else pd.Series(dtype=float)
    band = _band(pd.Series(ages, index=rows.index), YC_AGE_BANDS)
    return count_table(band, [(c, lab) for c, lab, _, _ in YC_AGE_BANDS] + [AGE_NOT_KNOWN],
                       not_recorded=False)


def yc_sex(tables, start, end, cohort: str = "new") -> pd.DataFrame:
    """Young carers by sex (M, F, U, I; blank counted as not recorded)."""
    rows, _ = _yc_cohort(tables, start, end, cohort)
    return count_table(rows["sex"], SEXES)


def yc_identification_sources(tables, start, end, cohort: str = "new") -> pd.DataFrame:
    """Young carers by identification source (local list)."""
    rows, _ = _yc_cohort(tables, start, end, cohort)
    return count_table(rows["identification_source"], YC_SOURCES)


def yc_cared_for_need(tables, start, end, cohort: str = "new") -> pd.DataFrame:
    """Needs of the person cared for. Multi-valued (``;``-separated): each need mentioned counts
    once per young carer, so the counts can add up to more than the number of young carers and
    ``percent`` is the % of young carers in the cohort with that need (NOT_RECORDED: none given).
    """
    rows, _ = _yc_cohort(tables, start, end, cohort)
    lists = _codes(rows["cared_for_need"]).fillna("").str.split(";")
    known = [c for c, _ in YC_NEEDS]
    mentions = []
    for items in lists:
        items = {i.strip() for i in items if i.strip()}
        if not items:
            mentions.append(NOT_RECORDED[0])
            continue
        mentions.extend(sorted({i if i in known else NOT_RECORDED[0] for i in items}))
    frame = count_table(pd.Series(mentions, dtype="string"), YC_NEEDS)
    frame["percent"] = 100 * frame["count"] / len(rows) if len(rows) else np.nan
    return frame


# ---- LADO -----------------------------------------------------------------------------------------

def _lado_cohort(tables, start, end, basis: str, taken_forward_only: bool) -> pd.DataFrame:
    if basis not in ("received", "concluded"):
        raise ValueError(f"basis must be 'received' or 'concluded', got {basis!r}")
    lado = allegation_frame(tables)
    if taken_forward_only:
        lado = lado[lado["taken_forward"]]
    date = lado["date_received"] if basis == "received" else lado["date_concluded"]
    return lado[in_window(date, start, end)]


def lado_outcomes_by_sector(tables, start, end, basis: str = "received",
                            taken_forward_only: bool = True) -> pd.DataFrame:
    """The seed's cross-table: outcome (rows) x employment sector (columns), with totals.

    Rows, in order: NFA, Outcome pending (not concluded by ``end``), Substantiated,
    Unsubstantiated, Unfounded, False, Malicious, Outcome not recorded (concluded without a
    recognised outcome), Total. Columns: the 13 sectors of the extract's list, Not recorded,
    Total. Cohort: allegations (threshold met) received in the window (``basis="received"``) or
    concluded in it (``basis="concluded"``); ``taken_forward_only=False`` includes every contact.
    The index holds the row labels (name ``outcome``), the columns the sector labels.
    """
    rows = _lado_cohort(tables, start, end, basis, taken_forward_only)
    concluded = (rows["date_concluded"].notna() & (rows["date_concluded"] <= end)).to_numpy()
    outcome = _codes(rows["outcome"]).reset_index(drop=True)
    known = [c for c, _ in LADO_OUTCOMES if c not in ("PENDING", "NOT_RECORDED")]
    outcome = outcome.where(outcome.isin(known).fillna(False).astype(bool), "NOT_RECORDED")
    outcome = outcome.where(pd.Series(concluded), "PENDING")
    sector = _codes(rows["employment_sector"]).reset_index(drop=True)
    sector_codes = [c for c, _ in LADO_SECTORS]
    sector = sector.where(sector.isin(sector_codes).fillna(False).astype(bool), NOT_RECORDED[0])
    table = pd.crosstab(outcome, sector) if len(rows) else pd.DataFrame()
    table = table.reindex(index=[c for c, _ in LADO_OUTCOMES], columns=sector_codes, fill_value=0)
    table = table.fillna(0).astype(int)
    table.index = pd.Index([lab for _, lab in LADO_OUTCOMES], name="outcome")
    table.columns = pd.Index([lab for _, lab in LADO_SECTORS], name="employment_sector")
    table[TOTAL] = table.sum(axis=1)
    table.loc[TOTAL] = table.sum(axis=0)
    return table


def lado_conclusion_times(tables, start, end, params: Params | None = None,
                          basis: str = "received", taken_forward_only: bool = True) -> pd.DataFrame:
    """Allegations by time from receipt to conclusion (calendar days), fixed bands:
    within 1 month (<= 31 days), 1-3 months (32-91), 3-12 months (92-365), over 12 months
    (> 365), not yet concluded (by ``end``). Limits from ``conventions.lado_conclusion_days``.
    """
    one, three, twelve = (params or Params()).conventions.lado_conclusion_days
    rows = _lado_cohort(tables, start, end, basis, taken_forward_only)
    days = rows["days_to_conclusion"].where(rows["date_concluded"] <= end)
    band = pd.Series("OPEN", index=rows.index, dtype="string")
    band = band.mask((days <= one).fillna(False).astype(bool), "WITHIN_1M")
    band = band.mask(((days > one) & (days <= three)).fillna(False).astype(bool), "1_3M")
    band = band.mask(((days > three) & (days <= twelve)).fillna(False).astype(bool), "3_12M")
    band = band.mask((days > twelve).fillna(False).astype(bool), "OVER_12M")
    return count_table(band, LADO_TIME_BANDS, not_recorded=False)


# ---- proceedings ----------------------------------------------------------------------------------

def _fy_label(year_end: int) -> str:
    return f"{year_end - 1}/{str(year_end)[-2:]}"


def proceedings_summary(tables, period: Period, params: Params | None = None) -> pd.DataFrame:
    """The seed's "last full year vs year to date" table for pre-proceedings and proceedings.

    Columns: ``measure``, ``unit``, then one column per window labelled e.g. ``2017/18`` (the
    last complete financial year before the one containing the period end) and
    ``2018/19 YTD`` (1 April to the period end). Rows: care applications issued, care
    proceedings concluded, average duration (weeks), % concluded within 26 weeks, children
    entering pre-proceedings, children leaving pre-proceedings by issue / by step-down, and the
    average weeks in pre-proceedings of those who escalated to issue and of those stepped down
    (decision date to step-down / issue decision date, for episodes ending in the window).
    The windows are in ``frame.attrs["windows"]`` as ``{label: (start, end)}``; the indicator
    each row reports, or whose count an average is built on, in ``frame.attrs["indicators"]``.
    """
    params = params or Params()
    ctx = Context(tables=tables, params=params, period=period)
    fy = period.financial_year_end()
    ytd_start = pd.Timestamp(f"{fy - 1}-04-01")
    windows = {
        _fy_label(fy - 1): (pd.Timestamp(f"{fy - 2}-04-01"), pd.Timestamp(f"{fy - 1}-03-31")),
        f"{_fy_label(fy)} YTD": (ytd_start, period.end),
    }
    pp = pre_proceedings_frame(tables)

    def pp_weeks(kind, start, end):
        ended = pp[(pp["outcome"] == kind).fillna(False).astype(bool)
                   & in_window(pp["prep_agree_stepdown_issue_date"], start, end)]
        weeks = ended["pp_weeks"].dropna()
        return float(weeks.mean()) if len(weeks) else np.nan

    def measure(indicator_id, start, end):
        m = COMPUTE[indicator_id](ctx, start, end)
        if m.value is not None or indicator_id.endswith("avg_weeks"):
            return np.nan if m.value is None else float(m.value)
        if indicator_id.endswith("_pct"):
            return 100 * m.numerator / m.denominator if m.denominator else np.nan
        return float(m.numerator)

    weeks = params.conventions.proceedings_target_weeks
    spec = [
        ("Care applications issued", "count", lambda s, e: measure("care_applications", s, e)),
        ("Care proceedings concluded", "count", lambda s, e: measure("care_proceedings_concluded", s, e)),
        ("Average duration of proceedings concluded (weeks)", "weeks",
         lambda s, e: measure("care_proceedings_avg_weeks", s, e)),
        (f"% proceedings concluded within {weeks} weeks", "percent",
         lambda s, e: measure("care_proceedings_within_26wk_pct", s, e)),
        ("Children entering pre-proceedings", "count", lambda s, e: measure("pre_proceedings_started", s, e)),
        ("Children leaving pre-proceedings: decision to issue", "count",
         lambda s, e: measure("pre_proceedings_issued", s, e)),
        ("Children leaving pre-proceedings: stepped down", "count",
         lambda s, e: measure("pre_proceedings_stepped_down", s, e)),
        ("Average weeks in pre-proceedings: escalated to issue", "weeks",
         lambda s, e: pp_weeks("issue", s, e)),
        ("Average weeks in pre-proceedings: stepped down", "weeks",
         lambda s, e: pp_weeks("step_down", s, e)),
    ]
    frame = pd.DataFrame({"measure": [m for m, _, _ in spec], "unit": [u for _, u, _ in spec]})
    for label, (start, end) in windows.items():
        frame[label] = [float(fn(start, end)) for _, _, fn in spec]
    frame.attrs["windows"] = windows
    frame.attrs["indicators"] = ["care_applications", "care_proceedings_concluded", "care_proceedings_avg_weeks",
                                 "care_proceedings_within_26wk_pct", "pre_proceedings_started",
                                 "pre_proceedings_issued", "pre_proceedings_stepped_down",
                                 "pre_proceedings_issued", "pre_proceedings_stepped_down"]
    return frame


__all__ = [
    "count_table", "ethnicity_table", "age_sex_table", "SEX_COLUMNS",
    "pf_notification_sources", "pf_categories", "pf_ethnicity", "pf_age_sex",
    "yc_age_profile", "yc_sex", "yc_identification_sources", "yc_cared_for_need",
    "lado_outcomes_by_sector", "lado_conclusion_times", "proceedings_summary",
    "PF_SOURCES", "PF_CATEGORIES", "ETHNIC_GROUPS", "PF_AGE_BANDS", "YC_AGE_BANDS", "YC_SOURCES",
    "YC_NEEDS", "LADO_OUTCOMES", "LADO_SECTORS", "LADO_TIME_BANDS",
]
