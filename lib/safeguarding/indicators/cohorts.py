"""Child-level cohorts behind the headline indicators, for drilling down before an inspection.

RESTRICTED: every function returns child-level rows (child IDs, dates, teams, workers). They are
for JupyterLab sessions inside the council (``section.cohort(name)`` in a restricted notebook)
and are never rendered in the open edition.

Each cohort uses the same definition and convention as its indicator (docs/indicators.md), so
the number of rows matches the indicator's numerator or its complement.
"""
from __future__ import annotations

import pandas as pd

from ..params import Params
from ..workdays import working_days_between

IDENTITY = ["child_id", "team", "worker"]


def _open_at(start: pd.Series, end: pd.Series, date: pd.Timestamp) -> pd.Series:
    return (start <= date) & (end.isna() | (end > date))


def cp_open_two_years_or_more(tables, start, end, params: Params) -> pd.DataFrame:
    """Children on a CP plan at ``end`` whose plan had lasted 2 years or more (cp_open_2yr)."""
    plans = tables["cp_plans"]
    open_ = plans[_open_at(plans["cpp_start_date"], plans["cpp_end_date"], end)].copy()
    open_["days_on_plan"] = (end - open_["cpp_start_date"]).dt.days
    out = open_[open_["days_on_plan"] >= params.conventions.two_year_plan_days]
    return out[IDENTITY + ["cpp_start_date", "days_on_plan", "latest_category", "previous_plans"]] \
        .sort_values("days_on_plan", ascending=False, ignore_index=True)


def assessments_over_timescale(tables, start, end, params: Params) -> pd.DataFrame:
    """Assessments authorised in the window that took more than the timescale (45 working days)
    from the assessment start (the complement of assessments_within_45wd_pct's numerator; with
    the "referral" convention the indicator measures from the referral instead)."""
    a = tables["assessments"]
    done = a[(a["assessment_auth_date"] >= start) & (a["assessment_auth_date"] <= end)].copy()
    done["working_days"] = working_days_between(done["assessment_start_date"], done["assessment_auth_date"])
    late = done[done["working_days"] > params.conventions.assessment_timescale_working_days]
    return late[IDENTITY + ["assessment_start_date", "assessment_auth_date", "working_days"]] \
        .sort_values("working_days", ascending=False, ignore_index=True)


def icpcs_over_timescale(tables, start, end, params: Params) -> pd.DataFrame:
    """ICPCs held in the window more than 15 working days after the S47 start."""
    s = tables["s47"]
    held = s[(s["icpc_date"] >= start) & (s["icpc_date"] <= end)].copy()
    held["working_days"] = working_days_between(held["s47_start_date"], held["icpc_date"])
    late = held[held["working_days"] > params.conventions.icpc_timescale_working_days]
    return late[IDENTITY + ["s47_start_date", "icpc_date", "working_days"]] \
        .sort_values("working_days", ascending=False, ignore_index=True)


def rereferrals(tables, start, end, params: Params) -> pd.DataFrame:
    """Referrals in the window with a previous referral of the same child in the 12 months before
    (strictly earlier date), with that previous referral's date."""
    r = tables["referrals"][["child_id", "referral_date", "referral_source", "team", "worker"]]
    r = r.dropna(subset=["child_id", "referral_date"]).sort_values(["child_id", "referral_date"])
    unique = r.drop_duplicates(["child_id", "referral_date"])
    previous = unique.groupby("child_id")["referral_date"].shift()
    unique = unique.assign(previous_referral=previous)
    months = params.conventions.rereferral_lookback_months
    flagged = unique[unique["previous_referral"].notna()
                     & (unique["previous_referral"] >= unique["referral_date"] - pd.DateOffset(months=months))]
    window = flagged[(flagged["referral_date"] >= start) & (flagged["referral_date"] <= end)]
    return window[IDENTITY + ["referral_date", "previous_referral", "referral_source"]].reset_index(drop=True)


def cp_not_visited_in_timescale(tables, start, end, params: Params) -> pd.DataFrame:
    """Children on a CP plan at ``end`` whose latest statutory visit (case_activity CP_VISIT) on or
    before ``end`` is more than the local standard (10 working days) before it, or who have none
    although the plan started before the standard elapsed."""
    plans = tables["cp_plans"]
    open_ = plans[_open_at(plans["cpp_start_date"], plans["cpp_end_date"], end)]
    visits = tables["case_activity"]
    visits = visits[(visits["activity_type"] == "CP_VISIT") & (visits["activity_date"] <= end)]
    last = visits.groupby("child_id")["activity_date"].max().rename("last_visit")
    out = open_.merge(last, left_on="child_id", right_index=True, how="left")
    standard = params.conventions.cp_visit_working_days
    since_visit = working_days_between(out["last_visit"], pd.Series(end, index=out.index))
    since_start = working_days_between(out["cpp_start_date"], pd.Series(end, index=out.index))
    out = out.assign(working_days_since_visit=since_visit)
    overdue = (since_visit > standard) | (out["last_visit"].isna() & (since_start > standard))
    return out[overdue][IDENTITY + ["cpp_start_date", "last_visit", "working_days_since_visit"]] \
        .sort_values("working_days_since_visit", ascending=False, ignore_index=True)


COHORTS = {
    "cp_open_two_years_or_more": cp_open_two_years_or_more,
    "assessments_over_timescale": assessments_over_timescale,
    "icpcs_over_timescale": icpcs_over_timescale,
    "rereferrals": rereferrals,
    "cp_not_visited_in_timescale": cp_not_visited_in_timescale,
}
