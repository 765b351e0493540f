"""Children in need: open CIN (DfE and local cuts), rate, plan/review/visit timeliness, disability.

Counting rules (each is also in the indicator's ``definition``):

* **Open at a date** uses ``base.open_at``: started on or before the date and not closed on or
  before it (an episode closing on the reporting date is not open at it). Children are counted
  once however many open episodes they have. An episode with no start date is never open.
* **cin_open** is the DfE count: every child with an open CIN episode (Annex A List 6) - this
  includes children on a CP plan and looked-after children.
* **cin_open_excl_cp** (local cut, the seed report's "Excludes CPP"): cin_open minus children on
  a CP plan at the date (List 7). Looked-after children are **not** excluded. Historical months
  use the List 7 plan dates, not ``case_status`` (which is only true at the extract date).
* **Children on a CIN plan** (cohort for plan, review and visit measures): open CIN at the date,
  not on a CP plan and not looked after (List 8) at the date. Children still being assessed
  cannot be told apart historically and are included; their clock ("plan start") starts at the
  later of the CIN episode start and the end of any CP plan or care episode that ended on or
  before the date (a step-down starts a new CIN plan). A plan or care episode that cannot be
  placed in time (no start, or an end before its start: rules AA7-010/017, AA8-010/011) never
  takes a child out of the cohort and ends nothing.
* **Up-to-date plan**: a CIN_REVIEW (case_activity) within the last ``conventions.cin_review_months``
  (3) calendar months (review on or after the same day 3 months earlier), or a plan started
  within that time (not yet due, so up to date) / children on a CIN plan.
* **Reviews in timescale**: children on a CIN plan for at least 3 months with a CIN_REVIEW in the
  last 3 months / children on a CIN plan for at least 3 months.
* **Visits in timescale**: children on a CIN plan whose latest CIN_VISIT on or before the date is
  no more than ``conventions.cin_visit_working_days`` (20) working days before it / children on a
  CIN plan, leaving out children whose plan started within the standard and who have not been
  visited since it started (not yet due).
* **Fallback when case_activity has no rows of the type**: visits use the Annex A snapshot field
  ``last_seen_date``, only for the window that contains the data's extract date (evaluated as at
  the extract date); every other window has no denominator (n/a). Annex A holds no CIN review
  date, so plan and review measures are n/a without CIN_REVIEW rows.
* **Extract date** = ``ctx.extract_date`` when the caller sets it, else the latest event date in
  the Annex A tables and case_activity (dates after today are ignored as errors).
* **Disability**: children in need with ``disability`` = Y on any open episode / all children in
  need at the date (unknown counts as not disabled, as in DfE's all-children denominator).
"""
from __future__ import annotations

import numpy as np
import pandas as pd

from ..workdays import working_days_between
from .base import (Context, count, Indicator, indicator, Measure, months_before, ratio,
                   table_or_empty as _table)

SECTION = "cin"

# Event-date columns used to find the extract date (latest date in the data).
EVENT_DATE_COLUMNS = {
    "contacts": ["contact_date", "contact_decision_date"],
    "early_help": ["eh_start_date", "eh_end_date"],
    "referrals": ["referral_date"],
    "assessments": ["assessment_start_date", "assessment_auth_date"],
    "s47": ["s47_start_date", "icpc_date"],
    "cin": ["cin_start_date", "cin_closure_date", "last_seen_date"],
    "cp_plans": ["cpp_start_date", "cpp_end_date", "last_visit_date", "latest_review_date"],
    "looked_after": ["cla_start_date", "cla_end_date"],
    "case_activity": ["activity_date"],
}


# ---- shared helpers (also used by cp.py) -------------------------------------------------------

def code(values: pd.Series) -> np.ndarray:
    """Upper-cased codes as an object array with "" for missing (safe to compare)."""
    return values.astype("string").str.strip().str.upper().fillna("").to_numpy(dtype=object)




def no_rows(ctx: Context, table: str) -> bool:
    frame = ctx.tables.get(table)
    return frame is None or len(frame) == 0


def extract_date(ctx: Context) -> pd.Timestamp | None:
    """The data's extract date (see module docstring); None when the tables hold no dates."""
    explicit = getattr(ctx, "extract_date", None)
    if explicit is not None and not pd.isna(explicit):
        return pd.Timestamp(explicit).normalize()

    def build():
        today = pd.Timestamp.today().normalize()
        latest = pd.NaT
        for table, cols in EVENT_DATE_COLUMNS.items():
            frame = ctx.tables.get(table)
            if frame is None or not len(frame):
                continue
            for col in cols:
                if col in frame.columns:
                    values = frame[col]
                    values = values[values <= today]
                    if len(values) and values.notna().any():
                        top = values.max()
                        latest = top if pd.isna(latest) else max(latest, top)
        return None if pd.isna(latest) else pd.Timestamp(latest)
    return ctx.cached("cin.extract_date", build)


def snapshot_date(ctx: Context, start: pd.Timestamp, end: pd.Timestamp) -> pd.Timestamp | None:
    """The extract date when it falls in the calendar month ending the window, else None.

    Annex A "latest visit / review / seen" fields describe the extract date only, so a stock
    measured from them is shown for the window containing that date and nowhere else.
    """
    when = extract_date(ctx)
    if when is None or not (start <= when <= end) or when.to_period("M") != end.to_period("M"):
        return None
    return when


# Children are identified inside the indicator code by an integer code (``cid``), the position
# of their ID in one index built over every table, so that per-child look-ups are array indexing.
CHILD_TABLES = ["contacts", "referrals", "assessments", "s47", "cin", "cp_plans", "looked_after",
                "case_activity"]
_NAT = np.iinfo(np.int64).min  # NaT as int64
_MAX = np.iinfo(np.int64).max


def _id_strings(values: pd.Series) -> np.ndarray:
    return values.astype("string").str.strip().fillna("").to_numpy(dtype=object)


def child_index(ctx: Context) -> pd.Index:
    """Every child ID in the tables (cached)."""
    def build():
        ids = [_id_strings(ctx.tables[t]["child_id"]) for t in CHILD_TABLES
               if t in ctx.tables and len(ctx.tables[t])]
        values = pd.unique(np.concatenate(ids)) if ids else np.array([], dtype=object)
        return pd.Index(values[values != ""], dtype=object)
    return ctx.cached("cin.child_index", build)


def cids(ctx: Context, values: pd.Series) -> np.ndarray:
    """Integer child codes for a child_id column (-1 for a missing ID)."""
    return child_index(ctx).get_indexer(_id_strings(values)).astype(np.int64)


def n_children(ctx: Context) -> int:
    return len(child_index(ctx))


def activity(ctx: Context, activity_type: str) -> pd.DataFrame | None:
    """case_activity rows of one type as (cid, date); None when there are none at all."""
    def build():
        act = ctx.tables.get("case_activity")
        if act is None or not len(act):
            return None
        # the largest table: its types, children and dates are read once for the five kinds
        types, children, dates = ctx.cached("cin.activity_columns", lambda: (
            code(act["activity_type"]), cids(ctx, act["child_id"]),
            act["activity_date"].to_numpy(dtype="datetime64[ns]")))
        mask = types == activity_type
        if not mask.any():
            return None
        out = pd.DataFrame({"cid": children[mask], "date": dates[mask]})
        out = out[(out["cid"] >= 0) & out["date"].notna()]
        return out.sort_values(["cid", "date"]).reset_index(drop=True)
    return ctx.cached(f"cin.activity.{activity_type}", build)


def latest_on_or_before(ctx: Context, events: pd.DataFrame, at: pd.Timestamp,
                        column: str = "date") -> np.ndarray:
    """Latest ``column`` date per child on or before ``at``: datetime64 array indexed by cid."""
    dates = events[column].to_numpy(dtype="datetime64[ns]")
    cid = events["cid"].to_numpy()
    keep = (dates <= np.datetime64(at, "ns")) & (cid >= 0)  # NaT compares False
    out = np.full(n_children(ctx), _NAT, dtype=np.int64)
    np.maximum.at(out, cid[keep], dates[keep].view(np.int64))
    return out.view("datetime64[ns]")


def episodes(ctx: Context, table: str, start_col: str, end_col: str, extra: dict | None = None):
    """A table as (cid, start, end[, extras]) - cached."""
    def build():
        t = _table(ctx, table)
        out = pd.DataFrame({"cid": cids(ctx, t["child_id"]),
                            "start": t[start_col].to_numpy(dtype="datetime64[ns]"),
                            "end": t[end_col].to_numpy(dtype="datetime64[ns]")})
        for name, (col, kind) in (extra or {}).items():
            out[name] = code(t[col]) if kind == "code" else t[col].to_numpy()
        return out[out["cid"] >= 0].reset_index(drop=True)
    return ctx.cached(f"cin.episodes.{table}", build)


def cin_episodes(ctx: Context) -> pd.DataFrame:
    return episodes(ctx, "cin", "cin_start_date", "cin_closure_date",
                    {"disability": ("disability", "code")})


def cp_episodes(ctx: Context) -> pd.DataFrame:
    return episodes(ctx, "cp_plans", "cpp_start_date", "cpp_end_date")


def cla_episodes(ctx: Context) -> pd.DataFrame:
    return episodes(ctx, "looked_after", "cla_start_date", "cla_end_date")


def placed(frame: pd.DataFrame) -> np.ndarray:
    """Episodes that can be placed in time: a start, and no end before it."""
    start = frame["start"].to_numpy(dtype="datetime64[ns]")
    end = frame["end"].to_numpy(dtype="datetime64[ns]")
    return ~np.isnat(start) & (np.isnat(end) | (end >= start))


def _open_mask(frame: pd.DataFrame, at: pd.Timestamp) -> np.ndarray:
    at64 = np.datetime64(at, "ns")
    start = frame["start"].to_numpy(dtype="datetime64[ns]")
    end = frame["end"].to_numpy(dtype="datetime64[ns]")
    return (start <= at64) & (np.isnat(end) | (end > at64))  # base.open_at, as arrays


def open_children(ctx: Context, frame: pd.DataFrame, at: pd.Timestamp) -> pd.DataFrame:
    """Children with an open episode at ``at``: cid, start (earliest open start)."""
    mask = _open_mask(frame, at)
    cid = frame["cid"].to_numpy()[mask]
    first = np.full(n_children(ctx), _MAX, dtype=np.int64)
    np.minimum.at(first, cid, frame["start"].to_numpy(dtype="datetime64[ns]")[mask].view(np.int64))
    which = np.flatnonzero(first != _MAX)
    return pd.DataFrame({"cid": which, "start": first[which].view("datetime64[ns]")})


def cin_open_children(ctx: Context, at: pd.Timestamp) -> pd.DataFrame:
    """cid, start (earliest open CIN episode start), disabled (Y on any open episode)."""
    def build():
        eps = cin_episodes(ctx)
        out = open_children(ctx, eps, at)
        mask = _open_mask(eps, at) & (eps["disability"].to_numpy() == "Y")
        out["disabled"] = np.isin(out["cid"].to_numpy(), eps["cid"].to_numpy()[mask])
        return out
    return ctx.cached(f"cin.open_cin.{at.date()}", build)


def cp_open_children(ctx: Context, at: pd.Timestamp) -> pd.DataFrame:
    """Children on a CP plan at ``at``: cid, start (earliest open plan start)."""
    return ctx.cached(f"cin.open_cp.{at.date()}", lambda: open_children(ctx, cp_episodes(ctx), at))


def cin_plan_cohort(ctx: Context, at: pd.Timestamp) -> pd.DataFrame:
    """Children on a CIN plan at ``at``: cid, plan_start (see module docstring)."""
    return ctx.cached(f"cin.plan_cohort.{at.date()}", lambda: _cin_plan_cohort(ctx, at))


def _cin_plan_cohort(ctx: Context, at: pd.Timestamp) -> pd.DataFrame:
    cin = cin_open_children(ctx, at)
    cp, cla = cp_episodes(ctx), cla_episodes(ctx)
    excluded = np.zeros(n_children(ctx), dtype=bool)
    excluded[cp_open_children(ctx, at)["cid"].to_numpy()] = True
    excluded[open_children(ctx, cla, at)["cid"].to_numpy()] = True
    cohort = cin[~excluded[cin["cid"].to_numpy()]]
    cid = cohort["cid"].to_numpy()
    plan_start = cohort["start"].to_numpy(dtype="datetime64[ns]")
    for frame in (cp, cla):  # a CP plan or care episode ending on/before the date: step-down
        frame = frame[placed(frame)]  # one that cannot be placed in time (AA7-010/017, AA8-010/011) ends nothing
        ended = latest_on_or_before(ctx, frame, at, column="end")[cid]
        plan_start = np.where(~np.isnat(ended) & (ended > plan_start), ended, plan_start)
    return pd.DataFrame({"cid": cid, "plan_start": plan_start})


def visit_status(cohort: pd.DataFrame, last_visit: np.ndarray, at: pd.Timestamp,
                 standard_wd: int) -> tuple[np.ndarray, np.ndarray]:
    """(visited in time, due) per child of ``cohort`` - see ``visit_timeliness``."""
    visit = last_visit[cohort["cid"].to_numpy()]
    plan_start = cohort["plan_start"].to_numpy(dtype="datetime64[ns]")
    at_arr = np.full(len(cohort), np.datetime64(at, "ns"))
    since_visit = working_days_between(visit, at_arr)
    since_start = working_days_between(plan_start, at_arr)
    in_time = since_visit <= standard_wd  # NaN (never visited) -> False
    visited_since_start = ~np.isnat(visit) & (visit >= plan_start)
    not_yet_due = ~in_time & ~visited_since_start & (since_start <= standard_wd)
    return np.asarray(in_time, dtype=bool), ~np.asarray(not_yet_due, dtype=bool)


def visit_timeliness(cohort: pd.DataFrame, last_visit: np.ndarray, at: pd.Timestamp,
                     standard_wd: int) -> Measure:
    """Children visited within ``standard_wd`` working days of ``at`` / children due a visit.

    ``cohort``: cid, plan_start. ``last_visit``: latest visit on or before ``at``, by cid.
    A child whose plan started within the standard and who has not been visited since it
    started is not yet due and is left out of both counts.
    """
    if not len(cohort):
        return ratio(0, 0)
    in_time, due = visit_status(cohort, last_visit, at, standard_wd)
    return ratio(in_time.sum(), due.sum())


# ---- indicators --------------------------------------------------------------------------------

@indicator(Indicator(
    id="cin_open_excl_cp", section=SECTION,
    title="No. of open CiN cases (excludes children on a CP plan)",
    definition="Children with an open children-in-need episode at the end of the month who are "
               "not on a child protection plan at that date. Looked-after children are included. "
               "Each child counts once.",
    numerator="Distinct children open CIN at the date and not on an open CP plan", denominator="",
    unit="count", window="month_end", polarity="none", status="local",
    source="Local cut of the DfE CIN count (Annex A Lists 6 and 7)", aggregation="end",
    table="cin, cp_plans", optional="cp_plans", rag=False))
def cin_open_excl_cp(ctx: Context, start, end) -> Measure:
    if no_rows(ctx, "cin"):
        return Measure()
    cin = cin_open_children(ctx, end)["cid"].to_numpy()
    on_cp = cp_open_children(ctx, end)["cid"].to_numpy()
    return count((~np.isin(cin, on_cp)).sum())


@indicator(Indicator(
    id="cin_open", section=SECTION,
    title="No. of children in need (includes CPP and CLA, DfE definition)",
    definition="Children with an open children-in-need episode at the end of the month, "
               "including children on a child protection plan and looked-after children (DfE "
               "definition). Each child counts once.",
    numerator="Distinct children with an open CIN episode at the date", denominator="",
    unit="count", window="month_end", polarity="none", status="national",
    source="DfE CIN census, table B1 (children in need at 31 March)", aggregation="end",
    table="cin", rag=False))
def cin_open(ctx: Context, start, end) -> Measure:
    if no_rows(ctx, "cin"):
        return Measure()
    return count(len(cin_open_children(ctx, end)))


@indicator(Indicator(
    id="cin_rate", section=SECTION,
    title="Rate of CiN per 10,000 children (includes CPP, as per DfE definition)",
    definition="Children in need at the end of the month (including CP and looked-after "
               "children) per 10,000 children aged 0-17 (ONS mid-year estimate, DfE mid-year "
               "rule).",
    numerator="Distinct children with an open CIN episode at the date",
    denominator="ONS mid-year population aged 0-17 / 10,000", unit="rate_per_10k",
    window="month_end", polarity="none", status="national",
    source="DfE CIN census, table B1; LAIT CIN", aggregation="end", lait_code="CIN",
    table="cin, population", rag=False))
def cin_rate(ctx: Context, start, end) -> Measure:
    return cin_open(ctx, start, end)


def review_status(ctx: Context, end):
    """(CIN plan cohort, reviewed within the interval, on the plan less than the interval) per
    child at ``end``; None without CIN_REVIEW events (shared with the deep-dive cohort)."""
    reviews = activity(ctx, "CIN_REVIEW")
    if reviews is None:
        return None
    cohort = cin_plan_cohort(ctx, end)
    since = months_before(end, ctx.conventions.cin_review_months)
    last = latest_on_or_before(ctx, reviews, end)[cohort["cid"].to_numpy()]
    plan_start = cohort["plan_start"].to_numpy(dtype="datetime64[ns]")
    reviewed = ~np.isnat(last) & (last >= np.datetime64(since, "ns"))
    new_plan = plan_start > np.datetime64(since, "ns")  # on the plan less than the review interval
    return cohort, reviewed, new_plan


def _reviews(ctx: Context, start, end, first_due_only: bool) -> Measure:
    found = review_status(ctx, end)
    if found is None:
        return ratio(0, 0)
    cohort, reviewed, new_plan = found
    if first_due_only:
        due = ~new_plan
        return ratio((reviewed & due).sum(), due.sum())
    return ratio((reviewed | new_plan).sum(), len(cohort))


@indicator(Indicator(
    id="cin_plan_up_to_date_pct", section=SECTION,
    title="% CiN with an up-to-date plan",
    definition="Children on a CIN plan at the end of the month (open CIN, not on a CP plan, not "
               "looked after) whose plan was reviewed within the local timescale (default the "
               "last 3 months) or started within it, as a percentage of children on a CIN plan. "
               "Needs CIN_REVIEW events in the case activity extract; otherwise n/a.",
    numerator="Children on a CIN plan with a CIN review in the last 3 months or a plan started "
              "in the last 3 months",
    denominator="Children on a CIN plan at the date", unit="percent", window="month_end",
    polarity="high", status="local", source="Local standard (conventions.cin_review_months)",
    aggregation="end", table="cin, cp_plans, looked_after, case_activity", optional="cp_plans, looked_after"))
def cin_plan_up_to_date_pct(ctx: Context, start, end) -> Measure:
    return _reviews(ctx, start, end, first_due_only=False)


@indicator(Indicator(
    id="cin_reviews_in_timescale_pct", section=SECTION,
    title="% of CIN plans reviewed in the last 3 months",
    definition="Children who had been on a CIN plan for at least the review interval (default 3 "
               "months) at the end of the month and had a CIN review in that interval, as a "
               "percentage of those children. Needs CIN_REVIEW events in the case activity "
               "extract; otherwise n/a.",
    numerator="Children on a CIN plan for 3+ months with a CIN review in the last 3 months",
    denominator="Children on a CIN plan for 3+ months at the date", unit="percent",
    window="month_end", polarity="high", status="local",
    source="Local standard (conventions.cin_review_months)", aggregation="end",
    table="cin, cp_plans, looked_after, case_activity", optional="cp_plans, looked_after"))
def cin_reviews_in_timescale_pct(ctx: Context, start, end) -> Measure:
    return _reviews(ctx, start, end, first_due_only=True)


def cin_visit_inputs(ctx: Context, start, end):
    """(CIN plan cohort, latest visit by child, date measured at), or None when no visit data
    covers the window (shared with the deep-dive cohort)."""
    visits = activity(ctx, "CIN_VISIT")
    if visits is not None:
        return cin_plan_cohort(ctx, end), latest_on_or_before(ctx, visits, end), end
    at = snapshot_date(ctx, start, end)
    if at is None:
        return None
    cin = _table(ctx, "cin")
    seen = pd.DataFrame({"cid": cids(ctx, cin["child_id"]),
                         "date": cin["last_seen_date"].to_numpy(dtype="datetime64[ns]")})
    return cin_plan_cohort(ctx, at), latest_on_or_before(ctx, seen, at), at


@indicator(Indicator(
    id="cin_visits_in_timescale_pct", section=SECTION,
    title="% children on CIN plans visited within timescale",
    definition="Children on a CIN plan at the end of the month whose latest visit was no more "
               "than the local standard (default 20 working days) before that date, as a "
               "percentage of children on a CIN plan whose visit was due (a plan started within "
               "the standard and not yet visited is not yet due). From CIN_VISIT events; "
               "without them, the Annex A 'date child last seen' for the extract month only.",
    numerator="Children on a CIN plan visited within conventions.cin_visit_working_days",
    denominator="Children on a CIN plan at the date, excluding visits not yet due",
    unit="percent", window="month_end", polarity="high", status="local",
    source="Local standard (conventions.cin_visit_working_days)", aggregation="end",
    table="cin, cp_plans, looked_after, case_activity",
    optional="cp_plans, looked_after, case_activity"))  # without CIN_VISIT rows: List 6 last seen
def cin_visits_in_timescale_pct(ctx: Context, start, end) -> Measure:
    found = cin_visit_inputs(ctx, start, end)
    if found is None:
        return ratio(0, 0)
    cohort, last_visit, at = found
    return visit_timeliness(cohort, last_visit, at, ctx.conventions.cin_visit_working_days)


@indicator(Indicator(
    id="cin_disabled_pct", section=SECTION,
    title="% children in need with a disability",
    definition="Children in need at the end of the month recorded as disabled, as a percentage "
               "of all children in need at that date (a disability recorded as unknown counts as "
               "not disabled).",
    numerator="Children open CIN at the date with Disability = Y",
    denominator="Children open CIN at the date", unit="percent", window="month_end",
    polarity="none", status="local",
    source="Local (Annex A List 6 disability; DfE collects disability in the CIN census)",
    aggregation="end", table="cin", rag=False))
def cin_disabled_pct(ctx: Context, start, end) -> Measure:
    cin = cin_open_children(ctx, end)
    return ratio(cin["disabled"].sum(), len(cin))
