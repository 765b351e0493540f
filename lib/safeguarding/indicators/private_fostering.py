"""Private fostering: notifications, arrangements, reg 7 and reg 8 visit timeliness.

Legal basis: Children (Private Arrangements for Fostering) Regulations 2005 (SI 2005/1533) -
reg 3 notifications, reg 7 visit to the child within 7 working days of notification, reg 8
visits at intervals of no more than 6 weeks in the first year and no more than 12 weeks after,
"the arrangement is treated as starting when the LA becomes aware of it".

Counting rules (also in each indicator's definition and in docs/indicators.md):

* **Start of an arrangement** (the date the LA became aware that the child *is* privately
  fostered): ``notification_date`` for ``EXISTING`` notifications; ``arrangement_start_date``
  for ``PROPOSED`` ones (advance notice - the child is not privately fostered until the
  arrangement begins; a proposed arrangement that never began has no start). When
  ``notification_type`` is missing the start date is used if given, else the notification date.
* **Not private fostering**: an arrangement ended with ``end_reason = NOT_PRIVATE_FOSTERING``
  (did not meet the definition) is excluded from new/open arrangements and both visit measures;
  it still counts as a notification received.
* **Cannot be placed in time**: an arrangement whose end date is before its start (arrangement
  start date, else notification date; rule PF-011) is counted as a notification and a new
  arrangement only: never open at a date, and left out of both visit measures.
* **Reg 7 clock**: from the arrangement start (as above) to the first visit to the child -
  ``initial_visit_date``, or failing that the earliest ``INITIAL`` row in ``pf_visits``.
  In time = no more than ``conventions.pf_initial_visit_working_days`` (7) working days
  (``workdays.working_days_between``: working days after the start up to and including the
  visit; England and Wales bank holidays excluded). A visit recorded before the start counts as
  in time (the data-quality rules report the date order). An arrangement with no visit whose
  deadline is after the report period end is "not yet due" and left out of the denominator.
* **Reg 8 due-date sequence**: for each arrangement the clock starts at the arrangement start;
  each visit to the child (any ``visit_type``, ``child_seen`` not ``N``, plus the reg 7 visit)
  on or after the start and up to the end of the arrangement restarts it. Every interval from
  the previous visit (or the start) has one due date: previous + 6 weeks (42 days) when the
  previous visit falls in the first year since the start (before the first anniversary),
  previous + 12 weeks (84 days) from the first anniversary on. The visit is in time when the
  next visit is on or before the due date (6 weeks exactly is in time, 6 weeks + 1 day is
  late). A long gap counts once (as one late visit), whether or not a late visit closed it.
  No visit is due if the arrangement ended on or before the due date, and a due date after the
  report period end with no visit yet is not yet due. The indicator counts the visits *due*
  in the window (by due date).
"""
from __future__ import annotations

import pandas as pd

from ..workdays import add_working_days, working_days_between
from .base import Context, Indicator, count, in_window, indicator, open_at, ratio

SECTION = "private_fostering"
NOT_PF = "NOT_PRIVATE_FOSTERING"
ARRANGEMENTS = "pf_arrangements"
TABLES = "pf_arrangements, pf_visits"


def _upper(values: pd.Series) -> pd.Series:
    return values.astype("string").str.strip().str.upper()


def arrangement_frame(tables: dict[str, pd.DataFrame]) -> pd.DataFrame:
    """One row per arrangement with the derived fields every PF measure uses.

    Adds ``start`` (date the LA became aware the child is privately fostered - see the module
    docstring), ``not_pf`` (ended as not private fostering), ``unplaced`` (ended before it
    started, rule PF-011) and ``first_visit`` (reg 7 visit).
    """
    arr = tables["pf_arrangements"].copy()
    kind = _upper(arr["notification_type"])
    start = arr["arrangement_start_date"].where(arr["arrangement_start_date"].notna(),
                                                arr["notification_date"])
    start = start.where((kind != "EXISTING").fillna(True).astype(bool), arr["notification_date"])
    start = start.where((kind != "PROPOSED").fillna(True).astype(bool), arr["arrangement_start_date"])
    arr["start"] = start.astype("datetime64[ns]")
    arr["not_pf"] = (_upper(arr["end_reason"]) == NOT_PF).fillna(False).astype(bool)
    # ended before it started (arrangement start, else notification; rule PF-011): it cannot be
    # placed in time - never open, no visit due
    begun = arr["arrangement_start_date"].where(arr["arrangement_start_date"].notna(), arr["notification_date"])
    arr["unplaced"] = (arr["end_date"] < begun).fillna(False).astype(bool)

    visits = tables["pf_visits"]
    initial = visits[_upper(visits["visit_type"]) == "INITIAL"]
    first_initial = initial.groupby("arrangement_id")["visit_date"].min()
    fallback = pd.Series(first_initial.reindex(arr["arrangement_id"].to_numpy()).to_numpy(),
                         index=arr.index, dtype="datetime64[ns]")
    arr["first_visit"] = arr["initial_visit_date"].where(arr["initial_visit_date"].notna(), fallback)
    return arr


def arrangements(ctx: Context) -> pd.DataFrame:
    return ctx.cached("pf_arrangements_derived", lambda: arrangement_frame(ctx.tables))


def initial_visit_frame(tables: dict[str, pd.DataFrame], as_at: pd.Timestamp,
                        working_days: int = 7) -> pd.DataFrame:
    """Arrangements in the reg 7 cohort with ``working_days_to_visit`` and ``in_time``.

    Cohort: private-fostering arrangements with a start date; those with no visit whose
    deadline falls after ``as_at`` are dropped (not yet due).
    """
    arr = arrangement_frame(tables)
    arr = arr[~arr["not_pf"] & arr["start"].notna() & ~arr["unplaced"]].copy()
    arr["working_days_to_visit"] = working_days_between(arr["start"], arr["first_visit"]) \
        if len(arr) else pd.Series(dtype=float)
    deadline = pd.Series(add_working_days(arr["start"], working_days), index=arr.index) \
        if len(arr) else pd.Series(dtype="datetime64[ns]")
    not_yet_due = arr["first_visit"].isna() & (deadline > as_at)
    arr = arr[~not_yet_due].copy()
    arr["in_time"] = (arr["working_days_to_visit"] <= working_days).fillna(False).astype(bool)
    return arr


def visit_events(tables: dict[str, pd.DataFrame], as_at: pd.Timestamp, weeks_first_year: int = 6,
                 weeks_later: int = 12) -> pd.DataFrame:
    """The reg 8 due-date sequence: one row per visit due (see the module docstring).

    Columns: ``arrangement_id``, ``previous`` (start or previous visit), ``limit_days``,
    ``due_date``, ``visit_date`` (the next visit, NaT if none yet), ``in_time``.
    """
    arr = arrangement_frame(tables)
    arr = arr[~arr["not_pf"] & arr["start"].notna() & ~arr["unplaced"]]
    visits = tables["pf_visits"]
    seen = visits[_upper(visits["child_seen"]).fillna("") != "N"]
    by_arrangement = {k: g["visit_date"].dropna() for k, g in seen.groupby("arrangement_id")}
    rows = []
    first_days, later_days = 7 * weeks_first_year, 7 * weeks_later
    for rec in arr.itertuples(index=False):
        start, end = rec.start, rec.end_date
        dates = list(by_arrangement.get(rec.arrangement_id, []))
        if pd.notna(rec.initial_visit_date):
            dates.append(rec.initial_visit_date)
        dates = sorted({d for d in dates if d >= start and (pd.isna(end) or d <= end)})
        anniversary = start + pd.DateOffset(years=1)
        previous = start
        while True:
            limit = first_days if previous < anniversary else later_days
            due = previous + pd.Timedelta(days=limit)
            later = [d for d in dates if d > previous]
            if later:
                nxt = later[0]
                rows.append((rec.arrangement_id, previous, limit, due, nxt, nxt <= due))
                previous = nxt
                continue
            if (pd.notna(end) and end <= due) or due > as_at:
                break  # ended before the visit fell due, or not yet due
            rows.append((rec.arrangement_id, previous, limit, due, pd.NaT, False))
            break
    frame = pd.DataFrame(rows, columns=["arrangement_id", "previous", "limit_days", "due_date",
                                        "visit_date", "in_time"])
    for col in ("previous", "due_date", "visit_date"):
        frame[col] = pd.to_datetime(frame[col]).astype("datetime64[ns]")
    frame["in_time"] = frame["in_time"].astype(bool)
    return frame


def initial_visits(ctx: Context) -> pd.DataFrame:
    """The reg 7 cohort of the report (not yet due judged at the report period end)."""
    return ctx.cached("pf_initial_visits", lambda: initial_visit_frame(
        ctx.tables, ctx.period.end, ctx.conventions.pf_initial_visit_working_days))


def due_visits(ctx: Context) -> pd.DataFrame:
    """The reg 8 visits due of the report (not yet due judged at the report period end)."""
    conv = ctx.conventions
    return ctx.cached("pf_visit_events", lambda: visit_events(
        ctx.tables, ctx.period.end, conv.pf_visit_weeks_first_year, conv.pf_visit_weeks_later))


# ---- indicators -------------------------------------------------------------------------------

@indicator(Indicator(
    id="pf_notifications", section=SECTION,
    title="Private fostering notifications received",
    definition="Notifications of private fostering arrangements (proposed or existing) received "
               "in the period, one per row of the arrangements extract, dated by notification "
               "date. Includes notifications later found not to be private fostering.",
    numerator="Notifications with notification_date in the period", denominator="",
    unit="count", window="month", polarity="none", status="local",
    source="Children (Private Arrangements for Fostering) Regulations 2005 reg 3 (who must "
           "notify); count is local - DfE's collection ended in 2015",
    aggregation="sum", table=ARRANGEMENTS, rag=False))
def pf_notifications(ctx: Context, start, end):
    arr = arrangements(ctx)
    return count(in_window(arr["notification_date"], start, end).sum())


@indicator(Indicator(
    id="pf_new_arrangements", section=SECTION,
    title="New private fostering arrangements",
    definition="Private fostering arrangements starting in the period, where the start is the "
               "date the LA became aware of an existing arrangement (notification date) or, for "
               "a proposed arrangement, the date it began. Excludes arrangements ended as 'not "
               "private fostering'; proposed arrangements that never began are not counted.",
    numerator="Arrangements whose start (as defined) is in the period", denominator="",
    unit="count", window="month", polarity="none", status="local",
    source="Regulations 2005 reg 8 (arrangement treated as starting when the LA becomes aware); "
           "count is local",
    aggregation="sum", table=ARRANGEMENTS, rag=False))
def pf_new_arrangements(ctx: Context, start, end):
    arr = arrangements(ctx)
    return count((~arr["not_pf"] & in_window(arr["start"], start, end)).sum())


@indicator(Indicator(
    id="pf_open_arrangements", section=SECTION,
    title="Private fostering arrangements open at month end",
    definition="Arrangements started (as for new arrangements) on or before the reporting date "
               "and not ended on or before it. Excludes arrangements ended as 'not private "
               "fostering'.",
    numerator="Arrangements open at the reporting date", denominator="",
    unit="count", window="month_end", polarity="none", status="local",
    source="Local (historic DfE 'children in arrangements at 31 March')",
    aggregation="end", table=ARRANGEMENTS, rag=False))
def pf_open_arrangements(ctx: Context, start, end):
    arr = arrangements(ctx)
    return count((~arr["not_pf"] & ~arr["unplaced"] & open_at(arr["start"], arr["end_date"], end)).sum())


@indicator(Indicator(
    id="pf_initial_visit_in_time_pct", section=SECTION,
    title="% private fostering initial visits within 7 working days",
    definition="Of the private fostering arrangements starting in the period (the LA became "
               "aware of an existing arrangement, or a proposed one began; 'not private "
               "fostering' excluded), the % whose first visit to the child was within 7 working "
               "days (England and Wales bank holidays excluded; working days after the start up "
               "to and including the visit day). Arrangements still awaiting a visit whose "
               "7-day deadline is after the report period end are left out until due.",
    numerator="Arrangements visited within 7 working days",
    denominator="Arrangements starting in the period (excluding not yet due)",
    unit="percent", window="month", polarity="high", status="national",
    source="Children (Private Arrangements for Fostering) Regulations 2005 reg 7",
    aggregation="pooled", table=TABLES, optional="pf_visits", rag=True))  # else initial_visit_date
def pf_initial_visit_in_time_pct(ctx: Context, start, end):
    frame = initial_visits(ctx)
    in_time = frame["in_time"][in_window(frame["start"], start, end).to_numpy()]
    return ratio(in_time.sum(), len(in_time))


@indicator(Indicator(
    id="pf_visits_in_time_pct", section=SECTION,
    title="% private fostering statutory visits in timescale",
    definition="Of the visits due in the period under reg 8, the % made on time: each visit is "
               "due no more than 6 weeks after the previous visit (or the start of the "
               "arrangement) while that previous visit is in the arrangement's first year since "
               "the LA became aware, and no more than 12 weeks after from the first anniversary "
               "on. Any visit where the child was seen restarts the clock; a long gap counts as "
               "one late visit; no visit is due once the arrangement has ended.",
    numerator="Visits due in the period that were made by their due date",
    denominator="Visits due in the period",
    unit="percent", window="month", polarity="high", status="national",
    source="Children (Private Arrangements for Fostering) Regulations 2005 reg 8",
    aggregation="pooled", table=TABLES, rag=True))
def pf_visits_in_time_pct(ctx: Context, start, end):
    events = due_visits(ctx)
    in_time = events["in_time"][in_window(events["due_date"], start, end).to_numpy()]
    return ratio(in_time.sum(), len(in_time))


__all__ = ["arrangement_frame", "arrangements", "initial_visit_frame", "initial_visits", "visit_events",
           "due_visits", "NOT_PF"]
