"""Child protection: children on plans, ICPCs, plan starts and endings, long plans, visits,
review conferences and core groups.

Counting rules (each is also in the indicator's ``definition``):

* **On a plan at a date** uses ``base.open_at`` on Annex A List 7 (a plan ending on the date is
  not open at it); children are counted once.
* **ICPCs** are the List 5 ICPC dates; each conference counts (DfE). ``icpc_to_plan_pct`` uses
  the List 5 "did the ICPC result in a CP plan" flag (Y / Y or N), not linkage to List 7.
* **Plan starts** count plans (a child starting two plans counts twice), as DfE D3 does.
* **Second or subsequent plan (ever)**: a plan starting in the window is a repeat when its
  ``previous_plans`` > 0 or the same child has another plan in List 7 with a strictly earlier
  start date (however long ago).
* **Two-year plans**: duration in calendar days = end (or the reporting date) - start;
  "2 years or more" = ``conventions.two_year_plan_days`` (730) days or more (LAIT: more than 729
  days). So 729 days is out, 730 and 731 are in. Ceased: plans ending in the window (rolling 12
  months). Open: children on a plan at the date whose plan (earliest open start) has lasted
  730+ days at that date.
* **Visits**: children on a plan at the date whose latest CP_VISIT on or before the date is no
  more than ``conventions.cp_visit_working_days`` (10) working days before it / children on a
  plan, leaving out children whose plan started within the standard and who have not been
  visited since it started (not yet due).
* **Review conferences (RevCP-like)**: children on a plan at the date who had been on it for at
  least ``conventions.rcpc_first_months`` (3) months (start on or before the same day 3 months
  earlier) and whose reviews were all on time: the first RCPC on or before start + 3 months,
  each later one on or before the previous + ``rcpc_subsequent_months`` (6) months, and the next
  review not overdue at the date (a review falling due on the date and not held by it is
  overdue). RCPC events before the plan start are ignored.
* **Core groups**: plans starting in the window whose first CORE_GROUP (on or after the plan start,
  up to the plan end) is no more than ``conventions.core_group_first_working_days`` (10) working
  days after the start / plans starting in the window whose outcome is known (a core group was
  held, or the deadline passed before the extract date). Plans still inside their deadline with
  no core group yet, and plans that ended inside it without one, are left out.
* **Fallback when case_activity has no rows of the type**: visits use List 7
  ``last_visit_date`` and reviews ``latest_review_date``, only for the window containing the
  data's extract date (as at the extract date); other windows have no denominator (n/a). With
  only the latest review known, the snapshot review check is weaker: a review held since the plan
  started (when due) and the next one not overdue. Core groups have no Annex A field: n/a.
"""
from __future__ import annotations

import numpy as np
import pandas as pd

from ..workdays import add_working_days, working_days_between
from .assessments import s47_frame
from .base import (Context, count, in_window, Indicator, indicator, Measure, months_before, open_at, ratio,
                   table_or_empty as _table)
from .cin import (activity, cids, cp_open_children, extract_date, latest_on_or_before, no_rows,
                  snapshot_date, visit_timeliness)

SECTION = "cp"




# ---- derived frames ---------------------------------------------------------------------------

def plan_frame(ctx: Context) -> pd.DataFrame:
    """One row per CP plan with ``repeat`` (second or subsequent ever) and ``days`` (ceased)."""
    def build():
        p = _table(ctx, "cp_plans")
        out = pd.DataFrame({
            "cid": cids(ctx, p["child_id"]),
            "start": p["cpp_start_date"].to_numpy(dtype="datetime64[ns]"),
            "end": p["cpp_end_date"].to_numpy(dtype="datetime64[ns]"),
            "previous_plans": pd.to_numeric(p["previous_plans"], errors="coerce").to_numpy(dtype=float),
            "last_visit": p["last_visit_date"].to_numpy(dtype="datetime64[ns]"),
            "latest_review": p["latest_review_date"].to_numpy(dtype="datetime64[ns]"),
        })
        first_start = out.groupby("cid")["start"].transform("min")
        earlier_in_data = ((out["start"] > first_start) & (out["cid"] >= 0)).to_numpy()
        out["repeat"] = earlier_in_data | (np.nan_to_num(out["previous_plans"].to_numpy()) > 0)
        days = (out["end"] - out["start"]).dt.days.to_numpy(dtype=float)
        # a plan ending before it starts (rule AA7-010) has no duration
        out["days"] = np.where(days >= 0, days, np.nan)
        return out
    return ctx.cached("cp.plans", build)


def core_group_frame(ctx: Context) -> pd.DataFrame | None:
    """Plans with their first core group (on/after start, up to the end) and its working days."""
    groups = activity(ctx, "CORE_GROUP")
    if groups is None:
        return None

    def build():
        plans = plan_frame(ctx).reset_index()[["index", "cid", "start", "end"]]
        left = plans[(plans["cid"] >= 0) & plans["start"].notna()].sort_values("start")
        right = groups.rename(columns={"date": "first_cg"}).sort_values("first_cg")
        linked = pd.merge_asof(left, right, left_on="start", right_on="first_cg", by="cid",
                               direction="forward", allow_exact_matches=True)
        after_end = linked["end"].notna() & (linked["first_cg"] > linked["end"])
        linked.loc[after_end, "first_cg"] = pd.NaT
        linked = linked.sort_values("index").reset_index(drop=True)
        linked["wd"] = working_days_between(linked["start"], linked["first_cg"])
        linked["deadline"] = add_working_days(linked["start"].to_numpy(),
                                              ctx.conventions.core_group_first_working_days)
        return linked
    return ctx.cached("cp.core_groups", build)


def _open_plan_children(ctx: Context, at: pd.Timestamp) -> pd.DataFrame:
    return cp_open_children(ctx, at)


# ---- indicators --------------------------------------------------------------------------------

@indicator(Indicator(
    id="cp_children", section=SECTION,
    title="No. of children subject to a CP plan (end of month)",
    definition="Children with an open child protection plan at the end of the month (a plan "
               "ending on that date is not counted). Each child counts once.",
    numerator="Distinct children with an open CP plan at the date", denominator="",
    unit="count", window="month_end", polarity="none", status="national",
    source="DfE CIN census, table D5 (children on a CP plan at 31 March)", aggregation="end",
    table="cp_plans", rag=False))
def cp_children(ctx: Context, start, end) -> Measure:
    if no_rows(ctx, "cp_plans"):
        return Measure()
    return count(len(_open_plan_children(ctx, end)))


@indicator(Indicator(
    id="cp_rate", section=SECTION,
    title="No. of children subject to a CP plan per 10,000 (end of month)",
    definition="Children on a child protection plan at the end of the month per 10,000 "
               "children aged 0-17 (ONS mid-year estimate, DfE mid-year rule).",
    numerator="Distinct children with an open CP plan at the date",
    denominator="ONS mid-year population aged 0-17 / 10,000", unit="rate_per_10k",
    window="month_end", polarity="none", status="national",
    source="DfE CIN census, table D5; LAIT CPP_rate", aggregation="end", lait_code="CPP_rate",
    table="cp_plans, population", rag=False))
def cp_rate(ctx: Context, start, end) -> Measure:
    return cp_children(ctx, start, end)


def _icpcs(ctx: Context, start, end) -> Measure:
    if no_rows(ctx, "s47"):
        return Measure()
    return count(in_window(s47_frame(ctx)["icpc"], start, end).sum())


@indicator(Indicator(
    id="icpcs", section=SECTION,
    title="No. of initial child protection conferences (ICPCs) held (in month)",
    definition="Initial child protection conferences held in the month. Each conference counts.",
    numerator="ICPC dates in the window (Annex A List 5)", denominator="", unit="count",
    window="month", polarity="none", status="national",
    source="DfE CIN census, table C4 (ICPCs)", aggregation="sum", table="s47", rag=False))
def icpcs(ctx: Context, start, end) -> Measure:
    return _icpcs(ctx, start, end)


@indicator(Indicator(
    id="icpc_rate_r12", section=SECTION,
    title="Rate of ICPCs per 10,000 children (rolling 12 months)",
    definition="Initial child protection conferences held in the 12 months ending with the "
               "month, per 10,000 children aged 0-17 (ONS mid-year estimate, DfE mid-year rule).",
    numerator="ICPCs held in the 12 months ending with the month",
    denominator="ONS mid-year population aged 0-17 / 10,000", unit="rate_per_10k",
    window="rolling_12", polarity="none", status="national",
    source="DfE CIN census, table C4; LAIT ISCP_Conf", aggregation="end", lait_code="ISCP_Conf",
    table="s47, population", rag=False))
def icpc_rate_r12(ctx: Context, start, end) -> Measure:
    return _icpcs(ctx, start, end)


@indicator(Indicator(
    id="icpc_to_plan_pct", section=SECTION,
    title="% of ICPCs that resulted in a child becoming subject to a CP plan",
    definition="Initial child protection conferences held in the window that resulted in a "
               "child protection plan, as a percentage of ICPCs held in the window with the "
               "outcome recorded (yes or no). Uses the conference outcome recorded on the S47 "
               "list.",
    numerator="ICPCs in the window with 'resulted in a CP plan' = Y",
    denominator="ICPCs in the window with 'resulted in a CP plan' = Y or N", unit="percent",
    window="month", polarity="none", status="local",
    source="Derived (Annex A List 5); DfE publishes no ratio", aggregation="pooled",
    table="s47", rag=False))
def icpc_to_plan_pct(ctx: Context, start, end) -> Measure:
    frame = s47_frame(ctx)
    mask = in_window(frame["icpc"], start, end).to_numpy()
    flag = frame["to_plan"].to_numpy()
    return ratio((mask & (flag == "Y")).sum(), (mask & np.isin(flag, ["Y", "N"])).sum())


def _plans_started(ctx: Context, start, end) -> Measure:
    if no_rows(ctx, "cp_plans"):
        return Measure()
    return count(in_window(plan_frame(ctx)["start"], start, end).sum())


@indicator(Indicator(
    id="cp_plans_started", section=SECTION,
    title="No. of children becoming subject to a CP plan (in month)",
    definition="Child protection plans starting in the month. Each plan counts.",
    numerator="CP plans with a start date in the window (Annex A List 7)", denominator="",
    unit="count", window="month", polarity="none", status="national",
    source="DfE CIN census, table D3 (plans starting)", aggregation="sum", table="cp_plans",
    rag=False))
def cp_plans_started(ctx: Context, start, end) -> Measure:
    return _plans_started(ctx, start, end)


@indicator(Indicator(
    id="cp_start_rate_r12", section=SECTION,
    title="Rate of children becoming subject to a CP plan per 10,000 (rolling 12 months)",
    definition="Child protection plans starting in the 12 months ending with the month, per "
               "10,000 children aged 0-17 (ONS mid-year estimate, DfE mid-year rule).",
    numerator="CP plans starting in the 12 months ending with the month",
    denominator="ONS mid-year population aged 0-17 / 10,000", unit="rate_per_10k",
    window="rolling_12", polarity="low", status="national",
    source="DfE CIN census, table D3; LAIT CPP_Abuse_Rate", aggregation="end",
    lait_code="CPP_Abuse_Rate", table="cp_plans, population"))
def cp_start_rate_r12(ctx: Context, start, end) -> Measure:
    return _plans_started(ctx, start, end)


@indicator(Indicator(
    id="cp_second_plan_pct_r12", section=SECTION,
    title="% of children becoming subject to a CP plan for a 2nd or subsequent time ever "
          "(rolling 12 months)",
    definition="Child protection plans starting in the 12 months ending with the month where the "
               "child had any previous CP plan, however long ago (recorded number of previous "
               "plans above 0, or an earlier plan for the same child in the data), as a "
               "percentage of all plans starting in those 12 months.",
    numerator="Plans starting in the window with previous_plans > 0 or an earlier plan in List 7",
    denominator="Plans starting in the window", unit="percent", window="rolling_12",
    polarity="low", status="national", source="DfE CIN census, table D3; LAIT PrevRegCPR",
    aggregation="end", lait_code="PrevRegCPR", table="cp_plans"))
def cp_second_plan_pct_r12(ctx: Context, start, end) -> Measure:
    plans = plan_frame(ctx)
    mask = in_window(plans["start"], start, end).to_numpy()
    return ratio((mask & plans["repeat"].to_numpy()).sum(), mask.sum())


@indicator(Indicator(
    id="cp_plans_ceased", section=SECTION,
    title="No. of CP plans ceased (in month)",
    definition="Child protection plans ending in the month.",
    numerator="CP plans with an end date in the window", denominator="", unit="count",
    window="month", polarity="none", status="national",
    source="DfE CIN census, table D7 (plans ceasing)", aggregation="sum", table="cp_plans",
    rag=False))
def cp_plans_ceased(ctx: Context, start, end) -> Measure:
    if no_rows(ctx, "cp_plans"):
        return Measure()
    return count(in_window(plan_frame(ctx)["end"], start, end).sum())


@indicator(Indicator(
    id="cp_ceased_2yr_pct_r12", section=SECTION,
    title="% of CP plans ceased that had lasted 2 years or more (rolling 12 months)",
    definition="Child protection plans ending in the 12 months ending with the month that had "
               "lasted 2 years or more (730 calendar days or more from start to end), as a "
               "percentage of all plans ending in those 12 months.",
    numerator="Plans ending in the window with end - start >= 730 days",
    denominator="Plans ending in the window", unit="percent", window="rolling_12",
    polarity="low", status="national", source="DfE CIN census, table D7; LAIT CPPlans2yrs",
    aggregation="end", lait_code="CPPlans2yrs", table="cp_plans"))
def cp_ceased_2yr_pct_r12(ctx: Context, start, end) -> Measure:
    plans = plan_frame(ctx)
    mask = in_window(plans["end"], start, end).to_numpy() & ~np.isnan(plans["days"].to_numpy())
    long = plans["days"].to_numpy() >= ctx.conventions.two_year_plan_days
    return ratio((mask & long).sum(), mask.sum())


def _open_2yr(ctx: Context, end) -> tuple[int, int]:
    children = _open_plan_children(ctx, end)
    days = (end - children["start"]).dt.days.to_numpy()
    return int((days >= ctx.conventions.two_year_plan_days).sum()), len(children)


@indicator(Indicator(
    id="cp_open_2yr", section=SECTION,
    title="No. of open CP plans lasting 2 years or more",
    definition="Children on a child protection plan at the end of the month whose plan had "
               "lasted 2 years or more (730 calendar days or more) at that date.",
    numerator="Children on a plan at the date with date - plan start >= 730 days",
    denominator="", unit="count", window="month_end", polarity="low", status="national",
    source="DfE CIN census, table D5 (duration of plans open at 31 March)", aggregation="end",
    table="cp_plans", rag=False))
def cp_open_2yr(ctx: Context, start, end) -> Measure:
    if no_rows(ctx, "cp_plans"):
        return Measure()
    return count(_open_2yr(ctx, end)[0])


@indicator(Indicator(
    id="cp_open_2yr_pct", section=SECTION,
    title="% of open CP plans lasting 2 years or more",
    definition="Children on a child protection plan at the end of the month whose plan had "
               "lasted 2 years or more (730 calendar days or more), as a percentage of all "
               "children on a plan at that date.",
    numerator="Children on a plan at the date with date - plan start >= 730 days",
    denominator="Children on a plan at the date", unit="percent", window="month_end",
    polarity="low", status="national", source="DfE CIN census, table D5; LAIT CPPlans2yrsActive",
    aggregation="end", lait_code="CPPlans2yrsActive", table="cp_plans"))
def cp_open_2yr_pct(ctx: Context, start, end) -> Measure:
    return ratio(*_open_2yr(ctx, end))


def cp_visit_inputs(ctx: Context, start, end):
    """(children on a plan with plan_start, latest visit by child, date measured at), or None
    when no visit data covers the window (shared with the deep-dive cohort)."""
    visits = activity(ctx, "CP_VISIT")
    if visits is not None:
        at = end
    else:
        at = snapshot_date(ctx, start, end)
        if at is None:
            return None
        visits = plan_frame(ctx).rename(columns={"last_visit": "date"})
    cohort = _open_plan_children(ctx, at).rename(columns={"start": "plan_start"})
    return cohort, latest_on_or_before(ctx, visits, at), at


@indicator(Indicator(
    id="cp_visited_in_timescale_pct", section=SECTION,
    title="% of children on a CP plan visited within 10 working days",
    definition="Children on a child protection plan at the end of the month whose latest "
               "statutory visit was no more than the local standard (default 10 working days) "
               "before that date, as a percentage of children on a plan whose visit was due (a "
               "plan started within the standard and not yet visited is not yet due). From "
               "CP_VISIT events; without them, the Annex A 'date of last statutory visit' for "
               "the extract month only.",
    numerator="Children on a plan visited within conventions.cp_visit_working_days",
    denominator="Children on a plan at the date, excluding visits not yet due", unit="percent",
    window="month_end", polarity="high", status="local",
    source="Local standard (conventions.cp_visit_working_days)", aggregation="end",
    table="cp_plans, case_activity", optional="case_activity"))  # else List 7 latest visit
def cp_visited_in_timescale_pct(ctx: Context, start, end) -> Measure:
    found = cp_visit_inputs(ctx, start, end)
    if found is None:
        return ratio(0, 0)
    cohort, last_visit, at = found
    return visit_timeliness(cohort, last_visit, at, ctx.conventions.cp_visit_working_days)


def review_history(ctx: Context, first_months: int, later_months: int) -> dict[str, np.ndarray]:
    """Every plan's review conferences on or after its start, oldest first (``pid`` = row in
    cp_plans, ``date``), each with ``late`` (after the first due date, start + ``first_months``,
    or more than ``later_months`` after the previous review) and ``next_due`` (when the review
    after it falls due); ``first_due`` per plan. Whether a review was late depends only on the
    reviews before it, never on the reporting date, so this is built once for every window."""
    def build():
        reviews = activity(ctx, "RCPC")
        plans = plan_frame(ctx)
        first_due = (plans["start"] + pd.DateOffset(months=first_months)).to_numpy(dtype="datetime64[ns]")
        merged = plans.reset_index().rename(columns={"index": "pid"})[["pid", "cid", "start"]].merge(
            reviews, on="cid", how="inner")
        merged = merged[merged["date"] >= merged["start"]].sort_values(["pid", "date"])
        previous = merged.groupby("pid", sort=False)["date"].shift(1)
        pid = merged["pid"].to_numpy(dtype=np.int64)
        due = (previous + pd.DateOffset(months=later_months)).fillna(
            pd.Series(first_due[pid], index=merged.index))
        return {"pid": pid, "date": merged["date"].to_numpy(dtype="datetime64[ns]"),
                "late": (merged["date"] > due).to_numpy(dtype=bool),
                "next_due": (merged["date"] + pd.DateOffset(months=later_months)).to_numpy(dtype="datetime64[ns]"),
                "first_due": first_due}
    return ctx.cached(("cp.review_history", first_months, later_months), build)


def _reviews_on_time(history: dict[str, np.ndarray], pid: np.ndarray, at: pd.Timestamp) -> np.ndarray:
    """For each plan (row ``pid`` of cp_plans): were all its reviews held by ``at`` on time, and
    is the next one not overdue at ``at``?"""
    held = history["date"] <= np.datetime64(at, "ns")
    n_plans = len(history["first_due"])
    late = np.zeros(n_plans, dtype=bool)
    late[history["pid"][held & history["late"]]] = True
    # rows run oldest first within a plan, so the highest held row of a plan is its latest review
    latest = np.full(n_plans, -1, dtype=np.int64)
    np.maximum.at(latest, history["pid"][held], np.flatnonzero(held))
    row = latest[pid]
    next_due = history["first_due"][pid]  # no review held yet: the first is due
    reviewed = row >= 0
    next_due[reviewed] = history["next_due"][row[reviewed]]
    overdue = next_due <= np.datetime64(at, "ns")  # NaT compares False
    return ~late[pid] & ~overdue


def rcpc_status(ctx: Context, start, end):
    """(open plans due a review, with pid = row in cp_plans; all reviews on time per plan), or
    None when nothing is measurable (shared with the deep-dive cohort)."""
    conv = ctx.conventions
    reviews = activity(ctx, "RCPC")
    at = end if reviews is not None else snapshot_date(ctx, start, end)
    if at is None:
        return None
    # the plans numbered by row once per run, not copied again for every month
    plans = ctx.cached("cp.plans_by_pid", lambda: plan_frame(ctx).reset_index().rename(columns={"index": "pid"}))
    is_open = open_at(plans["start"], plans["end"], at).to_numpy()
    due = plans["start"].to_numpy() <= pd.Timestamp(months_before(at, conv.rcpc_first_months)).to_datetime64()
    plans = plans[is_open & due]
    if not len(plans):
        return None
    if reviews is not None:
        history = review_history(ctx, conv.rcpc_first_months, conv.rcpc_subsequent_months)
        on_time = _reviews_on_time(history, plans["pid"].to_numpy(dtype=np.int64), at)
    else:
        latest = plans["latest_review"]
        held = latest.notna() & (latest >= plans["start"])
        not_overdue = (latest + pd.DateOffset(months=conv.rcpc_subsequent_months)) > at
        on_time = (held & not_overdue).to_numpy()
    return plans, on_time


@indicator(Indicator(
    id="rcpc_in_timescale_pct", section=SECTION,
    title="% of review child protection conferences (RCPCs) in timescale (3/6 months)",
    definition="Children on a child protection plan at the end of the month who had been on the "
               "plan for at least 3 months and whose review conferences were all on time (first "
               "within 3 months of the plan start, then no more than 6 months apart, and the next "
               "one not overdue), as a percentage of those children. From RCPC events; without "
               "them, the Annex A 'date of latest review conference' for the extract month only.",
    numerator="Children on a plan 3+ months with every review in timescale",
    denominator="Children on a plan for 3+ months at the date", unit="percent",
    window="month_end", polarity="high", status="national",
    source="WT 2018 (3 months, then 6-monthly); DfE CIN census table D6; LAIT RevCP",
    aggregation="end", lait_code="RevCP", table="cp_plans, case_activity",
    optional="case_activity"))  # else List 7 latest review
def rcpc_in_timescale_pct(ctx: Context, start, end) -> Measure:
    found = rcpc_status(ctx, start, end)
    if found is None:
        return ratio(0, 0)
    plans, on_time = found
    # a child with two open plans (a data error) is on time only if both are
    by_child = pd.Series(on_time, index=plans["cid"].to_numpy()).groupby(level=0).all()
    return ratio(by_child.sum(), len(by_child))


def core_group_status(ctx: Context):
    """(core_group_frame, first core group in time, outcome known) per plan; None without
    CORE_GROUP events (shared with the deep-dive cohort)."""
    frame = core_group_frame(ctx)
    if frame is None:
        return None
    held = frame["first_cg"].notna().to_numpy()
    wd = frame["wd"].to_numpy()
    extract = extract_date(ctx)
    deadline = pd.Series(frame["deadline"])
    passed = (deadline < extract).to_numpy() if extract is not None else np.zeros(len(frame), bool)
    ended_inside = (frame["end"].notna() & (frame["end"] <= deadline)).to_numpy()
    known = held | (passed & ~ended_inside)
    timely = held & (wd <= ctx.conventions.core_group_first_working_days)
    return frame, timely, known


@indicator(Indicator(
    id="core_group_in_timescale_pct", section=SECTION,
    title="% of first core group meetings held within 10 working days of the plan starting",
    definition="Child protection plans starting in the window whose first core group met no more "
               "than 10 working days after the plan start (the ICPC), as a percentage of plans "
               "starting in the window whose outcome is known (core group held, or deadline "
               "passed before the extract date). Needs CORE_GROUP events in the case activity "
               "extract; otherwise n/a.",
    numerator="Plans starting in the window with the first core group within "
              "conventions.core_group_first_working_days working days",
    denominator="Plans starting in the window with a core group held or the deadline passed",
    unit="percent", window="month", polarity="high", status="national",
    source="WT 2018 (first core group within 10 working days of the ICPC)",
    aggregation="pooled", table="cp_plans, case_activity"))
def core_group_in_timescale_pct(ctx: Context, start, end) -> Measure:
    found = core_group_status(ctx)
    if found is None:
        return ratio(0, 0)
    frame, timely, known = found
    mask = in_window(frame["start"], start, end).to_numpy()
    return ratio((mask & timely).sum(), (mask & known).sum())
