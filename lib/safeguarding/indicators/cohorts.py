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
from .assessments import assessment_frame, s47_frame
from .base import Context, in_window, open_at
from .front_door import referral_frame

IDENTITY = ["child_id", "team", "worker"]


def _context(tables, params: Params) -> Context:
    """An indicator context, so cohorts reuse the indicators' derived frames and conventions."""
    return Context(tables=tables, params=params, period=None)


def cp_open_two_years_or_more(tables, start, end, params: Params) -> pd.DataFrame:
    """Children on a CP plan at ``end`` whose plan had lasted 2 years or more (cp_open_2yr)."""
    plans = tables["cp_plans"]
    open_ = plans[open_at(plans["cpp_start_date"], plans["cpp_end_date"], end)].copy()
    open_["days_on_plan"] = (end - open_["cpp_start_date"]).dt.days
    out = open_[open_["days_on_plan"] >= params.conventions.two_year_plan_days]
    return out[IDENTITY + ["cpp_start_date", "days_on_plan", "latest_category", "previous_plans"]] \
        .sort_values("days_on_plan", ascending=False, ignore_index=True)


def assessments_over_timescale(tables, start, end, params: Params) -> pd.DataFrame:
    """Assessments authorised in the window that took longer than the timescale (45 working days),
    measured as assessments_within_45wd_pct measures it (from the assessment start, or from the
    referral under that convention)."""
    frame = assessment_frame(_context(tables, params))
    done = in_window(frame["auth"], start, end) & (frame["duration_wd"] >= 0)
    late = (done & (frame["duration_wd"] > params.conventions.assessment_timescale_working_days)).to_numpy()
    out = tables["assessments"][late].assign(clock_start=frame["clock_start"].to_numpy()[late],
                                            working_days=frame["duration_wd"].to_numpy()[late])
    return out[IDENTITY + ["clock_start", "assessment_auth_date", "working_days"]] \
        .sort_values("working_days", ascending=False, ignore_index=True)


def icpcs_over_timescale(tables, start, end, params: Params) -> pd.DataFrame:
    """ICPCs held in the window more than 15 working days after the S47 start (as
    icpc_within_15wd_pct measures it)."""
    frame = s47_frame(_context(tables, params))
    late = (in_window(frame["icpc"], start, end)
            & (frame["icpc_wd"] > params.conventions.icpc_timescale_working_days)).to_numpy()
    out = tables["s47"][late].assign(working_days=frame["icpc_wd"].to_numpy()[late])
    return out[IDENTITY + ["s47_start_date", "icpc_date", "working_days"]] \
        .sort_values("working_days", ascending=False, ignore_index=True)


def rereferrals(tables, start, end, params: Params) -> pd.DataFrame:
    """Referrals in the window counted as re-referrals by rereferral_pct, with the previous
    referral found in the data (blank where List 3's 12-month count decided)."""
    frame = referral_frame(_context(tables, params))
    hit = (in_window(frame["date"], start, end) & frame["rereferral"]).to_numpy()
    out = tables["referrals"][hit].assign(previous_referral=frame["previous"].to_numpy()[hit])
    return out[IDENTITY + ["referral_date", "previous_referral", "referral_source", "referrals_last_12m"]] \
        .reset_index(drop=True)


def cp_not_visited_in_timescale(tables, start, end, params: Params) -> pd.DataFrame:
    """Children on a CP plan at ``end`` whose latest statutory visit (case_activity CP_VISIT) on or
    before ``end`` is more than the local standard (10 working days) before it, or who have none
    although the plan started before the standard elapsed."""
    plans = tables["cp_plans"]
    open_ = plans[open_at(plans["cpp_start_date"], plans["cpp_end_date"], end)]
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
