"""Count tables for charts and cross-tables (front door, assessments, CIN, CP).

Every function takes the tidy tables (``dict[str, DataFrame]``) and a window ``start``/``end``
(both inclusive) or a reporting date ``at``, and returns a DataFrame with columns
``[category, count]`` in a fixed category order **including categories with a zero count**
(``cp_age_sex_profile`` returns a 2-D table). Bands are half-open and labelled unambiguously:

* contact / referral source groups: annex-a.md section 6.4; a missing or unrecognised code is
  counted as "Unknown".
* assessment duration (working days, ``workdays.working_days_between``, DfE C2 bands) for
  assessments authorised in the window; an authorisation before the start is a data error and
  is left out.
* ICPC timeliness: working days from S47 start to ICPC, DfE bands 0-10, 11-15, 16-20, 21+, for
  ICPCs held in the window (ICPC before the S47 start left out).
* CIN episode length (episodes closed in the window), calendar months from start to closure:
  under 3 months; 3 to under 6 months; 6 months to under 1 year; 1 to under 2 years; 2 years or
  more (a closure on the day 3 months after the start is in "3 to under 6 months").
* CP open-plan duration at ``at`` (DfE D5 bands): "3 months or less" = at <= start + 3 months;
  "More than 3 months to 6 months" = start + 3 months < at <= start + 6 months; "More than 6
  months to less than 1 year" = start + 6 months < at < start + 12 months; "1 year to less than
  2 years" = start + 12 months <= at and fewer than 730 days; "2 years or more" = 730 days or
  more (the LAIT threshold, so it matches indicator ``cp_open_2yr``).
* CP latest category: latest category (initial category when latest is missing), grouped as
  Neglect, Emotional abuse, Physical abuse, Sexual abuse, Multiple, plus "Not recorded".
* Ethnicity groups: first letter of the CIN code (W White, M Mixed, A Asian, B Black); CHNE
  and OOTH -> "Other ethnic group" (DfE's historic grouping; ``chinese_group`` changes it);
  REFU, NOBT, missing or unrecognised -> "Not known".
* Age bands (ChAT): Unborn, Under 1, 1-4, 5-9, 10-15, 16 and over, Not known (no date of birth).

Open at a date follows ``base.open_at`` (an episode ending on the date is not open at it).
"""
from __future__ import annotations

import numpy as np
import pandas as pd

from ..schema import empty_table
from ..workdays import working_days_between
from .base import age_in_years, in_window, open_at

# ---- category orders ---------------------------------------------------------------------------

SOURCE_GROUPS = ["Individual", "Schools", "Education services", "Health", "Housing",
                 "LA services", "Police", "Other legal agency", "Other", "Anonymous", "Unknown"]
_SOURCE_CODE_GROUP = {
    **{c: "Individual" for c in ("1A", "1B", "1C", "1D")},
    "2A": "Schools", "2B": "Education services",
    **{c: "Health" for c in ("3A", "3B", "3C", "3D", "3E", "3F")},
    "4": "Housing",
    **{c: "LA services" for c in ("5A", "5B", "5C", "5D")},
    "6": "Police", "7": "Other legal agency", "8": "Other", "9": "Anonymous", "10": "Unknown",
}

ASSESSMENT_DURATION_BANDS = ["Same day", "1-10", "11-20", "21-30", "31-40", "41-45", "46-50",
                             "51-60", "61+"]
_ASSESSMENT_EDGES = [0, 1, 11, 21, 31, 41, 46, 51, 61]  # lower edges (working days)

ICPC_TIMELINESS_BANDS = ["0-10", "11-15", "16-20", "21+"]
_ICPC_EDGES = [0, 11, 16, 21]

PRIMARY_NEED = {
    "N1": "N1 Abuse or neglect", "N2": "N2 Child's disability",
    "N3": "N3 Parental disability or illness", "N4": "N4 Family in acute stress",
    "N5": "N5 Family dysfunction", "N6": "N6 Socially unacceptable behaviour",
    "N7": "N7 Low income", "N8": "N8 Absent parenting",
    "N9": "N9 Cases other than children in need", "N0": "N0 Not stated",
}
PRIMARY_NEED_CATEGORIES = list(PRIMARY_NEED.values())

CIN_EPISODE_LENGTH_BANDS = ["Less than 3 months", "3 months to less than 6 months",
                            "6 months to less than 1 year", "1 year to less than 2 years",
                            "2 years or more"]

CP_CATEGORIES = ["Neglect", "Emotional abuse", "Physical abuse", "Sexual abuse", "Multiple",
                 "Not recorded"]
_CP_CATEGORY = {"NEG": "Neglect", "EMO": "Emotional abuse", "PHY": "Physical abuse",
                "SAB": "Sexual abuse", "MUL": "Multiple"}

CP_DURATION_BANDS = ["3 months or less", "More than 3 months to 6 months",
                     "More than 6 months to less than 1 year", "1 year to less than 2 years",
                     "2 years or more"]

AGE_BANDS = ["Unborn", "Under 1", "1-4", "5-9", "10-15", "16 and over", "Not known"]
SEX_CATEGORIES = ["Male", "Female", "Other / not recorded"]

ETHNICITY_GROUPS = ["White", "Mixed", "Asian", "Black", "Other ethnic group", "Not known"]


# ---- helpers -----------------------------------------------------------------------------------

def _get(tables: dict, name: str) -> pd.DataFrame:
    """A tidy table, or an empty one with the schema's columns when it was left out."""
    frame = tables.get(name)
    return empty_table(name) if frame is None else frame


def _code(values: pd.Series) -> pd.Series:
    return values.astype("string").str.strip().str.upper().fillna("")


def _counts(labels, categories: list[str]) -> pd.DataFrame:
    """[category, count] in ``categories`` order, zeros included."""
    counts = pd.Series(labels, dtype=object).value_counts()
    unknown = set(counts.index) - set(categories)
    assert not unknown, f"labels outside the category list: {unknown}"
    return pd.DataFrame({"category": categories,
                         "count": [int(counts.get(c, 0)) for c in categories]})


def _band(values: np.ndarray, edges: list[int], labels: list[str]) -> np.ndarray:
    """Label of the band whose lower edge is the largest edge <= value."""
    idx = np.searchsorted(np.asarray(edges), values, side="right") - 1
    return np.asarray(labels, dtype=object)[idx]


def _open_rows(frame: pd.DataFrame, start_col: str, end_col: str, at) -> pd.DataFrame:
    at = pd.Timestamp(at)
    return frame[open_at(frame[start_col], frame[end_col], at).to_numpy()]


def _source_mix(dates: pd.Series, sources: pd.Series, start, end) -> pd.DataFrame:
    mask = in_window(dates, pd.Timestamp(start), pd.Timestamp(end)).to_numpy()
    codes = _code(sources)[mask]
    labels = [_SOURCE_CODE_GROUP.get(c, "Unknown") for c in codes]
    return _counts(labels, SOURCE_GROUPS)


# ---- front door --------------------------------------------------------------------------------

def contact_sources(tables: dict, start, end) -> pd.DataFrame:
    """Contacts dated in [start, end] by source group (annex-a.md 6.4)."""
    c = _get(tables, "contacts")
    return _source_mix(c["contact_date"], c["contact_source"], start, end)


def referral_sources(tables: dict, start, end) -> pd.DataFrame:
    """Referrals dated in [start, end] by source group (annex-a.md 6.4)."""
    r = _get(tables, "referrals")
    return _source_mix(r["referral_date"], r["referral_source"], start, end)


# ---- assessments -------------------------------------------------------------------------------

def assessment_duration_bands(tables: dict, start, end,
                              timeliness_start: str = "assessment_start") -> pd.DataFrame:
    """Assessments authorised in [start, end] by working days from start to authorisation.

    ``timeliness_start="referral"`` measures from the child's latest referral on or before the
    assessment start (as ``assessments_within_45wd_pct`` does under that convention).
    """
    a = _get(tables, "assessments")
    mask = in_window(a["assessment_auth_date"], pd.Timestamp(start), pd.Timestamp(end)).to_numpy()
    rows = a[mask]
    clock = rows["assessment_start_date"].copy()
    if timeliness_start == "referral" and len(rows):
        r = _get(tables, "referrals")
        refs = pd.DataFrame({"child_id": r["child_id"].astype("string").to_numpy(),
                             "referral_date": r["referral_date"].to_numpy(dtype="datetime64[ns]")})
        refs = refs.dropna().sort_values("referral_date")
        left = pd.DataFrame({"pos": np.arange(len(rows)),
                             "child_id": rows["child_id"].astype("string").to_numpy(),
                             "start": rows["assessment_start_date"].to_numpy()}).dropna()
        left = left.sort_values("start")
        if len(left) and len(refs):
            linked = pd.merge_asof(left, refs, left_on="start", right_on="referral_date",
                                   by="child_id", direction="backward").dropna(subset=["referral_date"])
            values = clock.to_numpy(dtype="datetime64[ns]").copy()
            values[linked["pos"].to_numpy()] = linked["referral_date"].to_numpy()
            clock = pd.Series(values)
    wd = working_days_between(np.asarray(clock, dtype="datetime64[ns]"),
                              rows["assessment_auth_date"].to_numpy(dtype="datetime64[ns]"))
    wd = wd[~np.isnan(wd) & (wd >= 0)]
    return _counts(_band(wd, _ASSESSMENT_EDGES, ASSESSMENT_DURATION_BANDS),
                   ASSESSMENT_DURATION_BANDS)


def icpc_timeliness_bands(tables: dict, start, end) -> pd.DataFrame:
    """ICPCs held in [start, end] by working days from S47 start (DfE C4 bands)."""
    s = _get(tables, "s47")
    mask = in_window(s["icpc_date"], pd.Timestamp(start), pd.Timestamp(end)).to_numpy()
    wd = working_days_between(s["s47_start_date"].to_numpy(dtype="datetime64[ns]")[mask],
                              s["icpc_date"].to_numpy(dtype="datetime64[ns]")[mask])
    wd = wd[~np.isnan(wd) & (wd >= 0)]
    return _counts(_band(wd, _ICPC_EDGES, ICPC_TIMELINESS_BANDS), ICPC_TIMELINESS_BANDS)


# ---- children in need --------------------------------------------------------------------------

def primary_need_mix(tables: dict, at) -> pd.DataFrame:
    """Children with an open CIN episode at ``at`` by primary need (latest-starting open
    episode per child; a missing or unrecognised code counts as N0 Not stated)."""
    rows = _open_rows(_get(tables, "cin"), "cin_start_date", "cin_closure_date", at)
    rows = rows.sort_values("cin_start_date").drop_duplicates("child_id", keep="last")
    labels = [PRIMARY_NEED.get(c, PRIMARY_NEED["N0"]) for c in _code(rows["primary_need"])]
    return _counts(labels, PRIMARY_NEED_CATEGORIES)


def cin_episode_length_bands(tables: dict, start, end) -> pd.DataFrame:
    """CIN episodes closed in [start, end] by length (calendar months, half-open bands)."""
    c = _get(tables, "cin")
    mask = in_window(c["cin_closure_date"], pd.Timestamp(start), pd.Timestamp(end)).to_numpy()
    rows = c[mask].dropna(subset=["cin_start_date"])
    rows = rows[rows["cin_closure_date"] >= rows["cin_start_date"]]
    s, e = rows["cin_start_date"], rows["cin_closure_date"]
    labels = np.select(
        [e < s + pd.DateOffset(months=3), e < s + pd.DateOffset(months=6),
         e < s + pd.DateOffset(months=12), e < s + pd.DateOffset(months=24)],
        CIN_EPISODE_LENGTH_BANDS[:4], CIN_EPISODE_LENGTH_BANDS[4])
    return _counts(labels, CIN_EPISODE_LENGTH_BANDS)


# ---- child protection --------------------------------------------------------------------------

def _open_plans(tables: dict, at) -> pd.DataFrame:
    return _open_rows(_get(tables, "cp_plans"), "cpp_start_date", "cpp_end_date", at)


def cp_latest_category(tables: dict, at) -> pd.DataFrame:
    """CP plans open at ``at`` by latest category of abuse (initial when latest is missing)."""
    rows = _open_plans(tables, at)
    latest = _code(rows["latest_category"])
    chosen = latest.where(latest != "", _code(rows["initial_category"]))
    labels = [_CP_CATEGORY.get(c, "Not recorded") for c in chosen]
    return _counts(labels, CP_CATEGORIES)


def cp_open_duration_bands(tables: dict, at, two_year_days: int = 730) -> pd.DataFrame:
    """CP plans open at ``at`` by duration (DfE D5 bands, half-open - see module docstring)."""
    at = pd.Timestamp(at)
    rows = _open_plans(tables, at)
    s = rows["cpp_start_date"]
    days = (at - s).dt.days
    labels = np.select(
        [at <= s + pd.DateOffset(months=3), at <= s + pd.DateOffset(months=6),
         at < s + pd.DateOffset(months=12), days < two_year_days],
        CP_DURATION_BANDS[:4], CP_DURATION_BANDS[4])
    return _counts(labels, CP_DURATION_BANDS)


def age_bands(dob: pd.Series, at) -> np.ndarray:
    """ChAT age bands at ``at`` (Unborn for a date of birth after ``at``)."""
    at = pd.Timestamp(at)
    age = age_in_years(dob, at)
    labels = np.select(
        [dob.isna(), dob > at, age < 1, age < 5, age < 10, age < 16],
        ["Not known", "Unborn", "Under 1", "1-4", "5-9", "10-15"], "16 and over")
    return labels.astype(object)


def cp_age_sex_profile(tables: dict, at) -> pd.DataFrame:
    """Children on a CP plan at ``at``: rows = age band, columns = sex (plus Total).

    One row per child (the latest-starting open plan's demographics). Columns: ``age_band``,
    ``Male``, ``Female``, ``Other / not recorded``, ``Total``; every age band is present.
    """
    rows = _open_plans(tables, at).sort_values("cpp_start_date")
    rows = rows.drop_duplicates("child_id", keep="last")
    sex = _code(rows["sex"]).map({"M": "Male", "F": "Female"}).fillna("Other / not recorded")
    frame = pd.DataFrame({"age_band": age_bands(rows["date_of_birth"], at),
                          "sex": sex.to_numpy(dtype=object)})
    table = pd.crosstab(frame["age_band"], frame["sex"]) if len(frame) else pd.DataFrame()
    table = table.reindex(index=AGE_BANDS, columns=SEX_CATEGORIES, fill_value=0).fillna(0)
    table = table.astype(int)
    table["Total"] = table.sum(axis=1)
    table.index.name = "age_band"
    table.columns.name = None
    return table.reset_index()


def ethnicity_group(codes: pd.Series, chinese_group: str = "Other ethnic group") -> np.ndarray:
    """Main ethnic group for CIN ethnicity codes (see module docstring)."""
    c = _code(codes)
    first = c.str[:1]
    groups = {"W": "White", "M": "Mixed", "A": "Asian", "B": "Black"}
    labels = first.map(groups).fillna("Not known").to_numpy(dtype=object)
    labels[(c == "OOTH").to_numpy()] = "Other ethnic group"
    labels[(c == "CHNE").to_numpy()] = chinese_group
    labels[c.isin(["REFU", "NOBT", "UNKNOWN"]).to_numpy()] = "Not known"
    return labels


def ethnicity_groups(cohort: pd.DataFrame, chinese_group: str = "Other ethnic group") -> pd.DataFrame:
    """[category, count] of a cohort (any tidy rows with ``ethnicity``) by main ethnic group.

    Counts children: rows are de-duplicated on ``child_id`` when that column is present.
    """
    rows = cohort.drop_duplicates("child_id", keep="last") if "child_id" in cohort else cohort
    return _counts(ethnicity_group(rows["ethnicity"], chinese_group), ETHNICITY_GROUPS)


__all__ = ["contact_sources", "referral_sources", "assessment_duration_bands",
           "icpc_timeliness_bands", "primary_need_mix", "cin_episode_length_bands",
           "cp_latest_category", "cp_open_duration_bands", "cp_age_sex_profile", "age_bands",
           "ethnicity_group", "ethnicity_groups", "SOURCE_GROUPS", "ASSESSMENT_DURATION_BANDS",
           "ICPC_TIMELINESS_BANDS", "PRIMARY_NEED_CATEGORIES", "CIN_EPISODE_LENGTH_BANDS",
           "CP_CATEGORIES", "CP_DURATION_BANDS", "AGE_BANDS", "SEX_CATEGORIES", "ETHNICITY_GROUPS"]

try:  # the other sections' breakdowns (LADO, private fostering, young carers, proceedings)
    from .breakdowns_local import *  # noqa: F401,F403
    from . import breakdowns_local as _local
    __all__ += list(getattr(_local, "__all__", []))
except ImportError as exc:  # absent module: fine; a broken import inside it: raise
    if getattr(exc, "name", None) != f"{__package__}.breakdowns_local":
        raise

# quality of practice, out of hours and the whole-service caseload
from .breakdowns_quality import *  # noqa: E402,F401,F403
from . import breakdowns_quality as _quality  # noqa: E402

__all__ += list(_quality.__all__)
