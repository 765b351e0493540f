"""Which records or children make up each indicator's numerator and denominator.

One function per indicator, built on the indicator's own derived frames (``front_door.
referral_frame``, ``assessments.assessment_frame``, ``cp.plan_frame``, ``cin.cin_open_children``
...) and the same window tests, so a cohort counts exactly what the indicator counts; the tests
check the counts against ``compute_indicators`` for every indicator listed in ``MEMBERS``.

A member function returns ``Members``: positions of rows in one tidy table, a numerator flag and a
denominator flag per row (``None`` for counts and rates, whose rows are the count), and the
derived fields the indicator used (durations, previous referral ...).
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Callable

import numpy as np
import pandas as pd

from ..indicators import assessments as A
from ..indicators import cin as C
from ..indicators import cp as P
from ..indicators import front_door as F
from ..indicators.base import Context, in_window, open_at, table_or_empty


@dataclass
class Members:
    table: str
    rows: np.ndarray  # positions in ctx.tables[table]
    numerator: np.ndarray  # bool per row
    denominator: np.ndarray | None = None  # bool per row; None: a count (every row counts)
    fields: dict[str, np.ndarray] = field(default_factory=dict)
    date_column: str = ""  # the tidy column that placed the row in the window

    def __post_init__(self):
        self.rows = np.asarray(self.rows, dtype=np.int64)
        self.numerator = np.asarray(self.numerator, dtype=bool)
        if self.denominator is not None:
            self.denominator = np.asarray(self.denominator, dtype=bool)


MEMBERS: dict[str, Callable[[Context, pd.Timestamp, pd.Timestamp], Members]] = {}


def members(*ids: str):
    def wrap(fn):
        for i in ids:
            MEMBERS[i] = fn
        return fn
    return wrap


def _flow(table: str, date_column: str, hit, numerator=None, denominator=None, **fields) -> Members:
    """Rows of ``table`` selected by ``hit`` (bool per table row), numerator/denominator flags
    over the same rows."""
    hit = np.asarray(hit, dtype=bool)
    rows = np.flatnonzero(hit)
    num = np.ones(len(rows), dtype=bool) if numerator is None else np.asarray(numerator, dtype=bool)[hit]
    den = None if denominator is None else np.asarray(denominator, dtype=bool)[hit]
    if den is not None:
        num = num & den  # the indicator's numerator is always inside its denominator
    return Members(table, rows, num, den, {k: np.asarray(v)[hit] for k, v in fields.items()},
                   date_column)


# ---- front door -----------------------------------------------------------------------------

@members("contacts", "contacts_to_referral", "contacts_to_referral_pct")
def _contacts(ctx, start, end, indicator_id):
    frame = F.contact_frame(ctx)
    window = in_window(frame["date"], start, end).to_numpy()
    linked = frame["to_referral"].to_numpy()
    fields = {"progressed_to_referral": linked}
    if indicator_id == "contacts":
        return _flow("contacts", "contact_date", window, **fields)
    if indicator_id == "contacts_to_referral":
        return _flow("contacts", "contact_date", window & linked, **fields)
    return _flow("contacts", "contact_date", window, linked, window, **fields)


@members("children_with_contact")
def _children_with_contact(ctx, start, end, indicator_id):
    frame = F.contact_frame(ctx)
    window = in_window(frame["date"], start, end).to_numpy() & frame["child_id"].notna().to_numpy()
    # one row per child: the child's first contact in the window
    first = frame[window].sort_values("date", kind="stable").drop_duplicates("child_id").index
    hit = np.zeros(len(frame), dtype=bool)
    hit[first.to_numpy()] = True
    return _flow("contacts", "contact_date", hit)


@members("referrals", "referral_rate_r12", "rereferral_pct", "referrals_nfa_pct")
def _referrals(ctx, start, end, indicator_id):
    frame = F.referral_frame(ctx)
    window = in_window(frame["date"], start, end).to_numpy()
    fields = {"previous_referral": frame["previous"].to_numpy(), "rereferral": frame["rereferral"].to_numpy()}
    if indicator_id == "rereferral_pct":
        return _flow("referrals", "referral_date", window, frame["rereferral"].to_numpy(), window, **fields)
    if indicator_id == "referrals_nfa_pct":
        nfa = frame["nfa"].to_numpy()
        return _flow("referrals", "referral_date", window, nfa == "Y", np.isin(nfa, ["Y", "N"]), **fields)
    return _flow("referrals", "referral_date", window, **fields)


@members("mash_decision_timely_pct")
def _mash(ctx, start, end, indicator_id):
    frame = F.contact_frame(ctx)
    wd = frame["decision_wd"].to_numpy()
    usable = in_window(frame["date"], start, end).to_numpy() & (wd >= 0)
    timely = wd <= ctx.conventions.mash_decision_working_days
    return _flow("contacts", "contact_date", usable, timely, usable, decision_working_days=wd)


# ---- assessments and S47 --------------------------------------------------------------------

@members("assessments_started", "assessments_completed", "assessments_child_seen_pct",
         "assessments_within_45wd_pct", "assessments_ongoing_involvement_pct")
def _assessments(ctx, start, end, indicator_id):
    frame = A.assessment_frame(ctx)
    fields = {"clock_start": frame["clock_start"].to_numpy(), "working_days": frame["duration_wd"].to_numpy()}
    if indicator_id == "assessments_started":
        return _flow("assessments", "assessment_start_date", in_window(frame["start"], start, end), **fields)
    done = in_window(frame["auth"], start, end).to_numpy()
    if indicator_id == "assessments_completed":
        return _flow("assessments", "assessment_auth_date", done, **fields)
    if indicator_id == "assessments_within_45wd_pct":
        wd = frame["duration_wd"].to_numpy()
        usable = done & (wd >= 0)
        return _flow("assessments", "assessment_auth_date", usable,
                     wd <= ctx.conventions.assessment_timescale_working_days, usable, **fields)
    flag = frame["child_seen" if indicator_id == "assessments_child_seen_pct" else "support"].to_numpy()
    return _flow("assessments", "assessment_auth_date", done, flag == "Y", np.isin(flag, ["Y", "N"]), **fields)


@members("s47_started", "s47_started_r12", "s47_rate_r12", "s47_to_icpc_pct")
def _s47(ctx, start, end, indicator_id):
    frame = A.s47_frame(ctx)
    window = in_window(frame["start"], start, end).to_numpy()
    fields = {"icpc_working_days": frame["icpc_wd"].to_numpy()}
    if indicator_id == "s47_to_icpc_pct":
        held = frame["icpc"].notna().to_numpy()
        known = held | (frame["not_required"].to_numpy() == "Y")
        return _flow("s47", "s47_start_date", window, held, known, **fields)
    return _flow("s47", "s47_start_date", window, **fields)


@members("icpcs", "icpc_rate_r12", "icpc_within_15wd_pct", "icpc_to_plan_pct")
def _icpcs(ctx, start, end, indicator_id):
    frame = A.s47_frame(ctx)
    held = in_window(frame["icpc"], start, end).to_numpy()
    wd = frame["icpc_wd"].to_numpy()
    fields = {"icpc_working_days": wd}
    if indicator_id == "icpc_within_15wd_pct":
        usable = held & (wd >= 0)
        return _flow("s47", "icpc_date", usable, wd <= ctx.conventions.icpc_timescale_working_days,
                     usable, **fields)
    if indicator_id == "icpc_to_plan_pct":
        flag = frame["to_plan"].to_numpy()
        return _flow("s47", "icpc_date", held, flag == "Y", np.isin(flag, ["Y", "N"]), **fields)
    return _flow("s47", "icpc_date", held, **fields)


# ---- CP plans -------------------------------------------------------------------------------

@members("cp_plans_started", "cp_start_rate_r12", "cp_second_plan_pct_r12")
def _plans_started(ctx, start, end, indicator_id):
    plans = P.plan_frame(ctx)
    window = in_window(plans["start"], start, end).to_numpy()
    fields = {"second_or_later_plan": plans["repeat"].to_numpy()}
    if indicator_id == "cp_second_plan_pct_r12":
        return _flow("cp_plans", "cpp_start_date", window, plans["repeat"].to_numpy(), window, **fields)
    return _flow("cp_plans", "cpp_start_date", window, **fields)


@members("cp_plans_ceased", "cp_ceased_2yr_pct_r12")
def _plans_ceased(ctx, start, end, indicator_id):
    plans = P.plan_frame(ctx)
    window = in_window(plans["end"], start, end).to_numpy()
    days = plans["days"].to_numpy()
    if indicator_id == "cp_ceased_2yr_pct_r12":
        return _flow("cp_plans", "cpp_end_date", window, days >= ctx.conventions.two_year_plan_days,
                     window, days_on_plan=days)
    return _flow("cp_plans", "cpp_end_date", window, days_on_plan=days)


def _open_child_rows(ctx, table: str, start_col: str, end_col: str, children: pd.DataFrame,
                     at: pd.Timestamp) -> np.ndarray:
    """For each child in ``children`` (cid, start: earliest open episode start, from the cin.py
    helpers), the position of that open episode in ``table``: one row per child counted."""
    t = table_or_empty(ctx, table)
    frame = pd.DataFrame({"cid": C.cids(ctx, t["child_id"]),
                          "start": t[start_col].to_numpy(dtype="datetime64[ns]"),
                          "pos": np.arange(len(t))})
    frame = frame[open_at(t[start_col], t[end_col], at).to_numpy()]
    found = frame.sort_values("pos").drop_duplicates(["cid", "start"])
    # in the order of ``children``, so the flags and fields computed on it stay aligned
    linked = children[["cid", "start"]].merge(found, on=["cid", "start"], how="left")
    return linked["pos"].to_numpy(dtype=np.int64)


def _stock(ctx, end, table, start_col, end_col, children, numerator=None, **fields) -> Members:
    rows = _open_child_rows(ctx, table, start_col, end_col, children, end)
    num = np.ones(len(rows), dtype=bool) if numerator is None else numerator
    return Members(table, rows, num, None, fields, start_col)


@members("cp_children", "cp_rate", "cp_open_2yr", "cp_open_2yr_pct")
def _cp_open(ctx, start, end, indicator_id):
    children = C.cp_open_children(ctx, end)
    days = (end - children["start"]).dt.days.to_numpy()
    long = days >= ctx.conventions.two_year_plan_days
    if indicator_id == "cp_open_2yr":
        children, days, long = children[long], days[long], long[long]
    m = _stock(ctx, end, "cp_plans", "cpp_start_date", "cpp_end_date", children,
               days_on_plan=days)
    if indicator_id == "cp_open_2yr_pct":
        m.numerator, m.denominator = long, np.ones(len(long), dtype=bool)
    return m


@members("cin_open", "cin_rate", "cin_disabled_pct", "cin_open_excl_cp")
def _cin_open(ctx, start, end, indicator_id):
    children = C.cin_open_children(ctx, end)
    disabled = children["disabled"].to_numpy()
    on_cp = np.isin(children["cid"].to_numpy(), C.cp_open_children(ctx, end)["cid"].to_numpy())
    if indicator_id == "cin_open_excl_cp":
        children, disabled, on_cp = children[~on_cp], disabled[~on_cp], on_cp[~on_cp]
    m = _stock(ctx, end, "cin", "cin_start_date", "cin_closure_date", children,
               disabled_on_open_episode=disabled, on_cp_plan=on_cp)
    if indicator_id == "cin_disabled_pct":
        m.numerator, m.denominator = disabled, np.ones(len(disabled), dtype=bool)
    return m


@members("cp_visited_in_timescale_pct", "cin_visits_in_timescale_pct")
def _visits(ctx, start, end, indicator_id):
    cp = indicator_id == "cp_visited_in_timescale_pct"
    table, start_col, end_col = ("cp_plans", "cpp_start_date", "cpp_end_date") if cp else \
        ("cin", "cin_start_date", "cin_closure_date")
    found = (P.cp_visit_inputs if cp else C.cin_visit_inputs)(ctx, start, end)
    if found is None or not len(found[0]):
        return Members(table, [], [], [], {}, start_col)
    cohort, last_visit, at = found
    standard = ctx.conventions.cp_visit_working_days if cp else ctx.conventions.cin_visit_working_days
    in_time, due = C.visit_status(cohort, last_visit, at, standard)
    # the row listed is the child's open episode in that list (for team, worker, characteristics)
    children = C.cp_open_children(ctx, at) if cp else C.cin_open_children(ctx, at)
    children = children.set_index("cid").loc[cohort["cid"].to_numpy()].reset_index()
    rows = _open_child_rows(ctx, table, start_col, end_col, children, at)
    return Members(table, rows, in_time & due, due,
                   {"plan_start": cohort["plan_start"].to_numpy(),
                    "last_visit": last_visit[cohort["cid"].to_numpy()], "measured_at": np.full(len(rows), at)},
                   start_col)


@members("cin_plan_up_to_date_pct", "cin_reviews_in_timescale_pct")
def _cin_reviews(ctx, start, end, indicator_id):
    found = C.review_status(ctx, end)
    if found is None or not len(found[0]):
        return Members("cin", [], [], [], {}, "cin_start_date")
    cohort, reviewed, new_plan = found
    if indicator_id == "cin_reviews_in_timescale_pct":
        numerator, denominator = reviewed & ~new_plan, ~new_plan
    else:
        numerator, denominator = reviewed | new_plan, np.ones(len(cohort), dtype=bool)
    children = C.cin_open_children(ctx, end).set_index("cid").loc[cohort["cid"].to_numpy()].reset_index()
    rows = _open_child_rows(ctx, "cin", "cin_start_date", "cin_closure_date", children, end)
    return Members("cin", rows, numerator, denominator,
                   {"plan_start": cohort["plan_start"].to_numpy(), "reviewed_in_interval": reviewed,
                    "on_plan_less_than_interval": new_plan}, "cin_start_date")


@members("core_group_in_timescale_pct")
def _core_groups(ctx, start, end, indicator_id):
    found = P.core_group_status(ctx)
    if found is None:
        return Members("cp_plans", [], [], [], {}, "cpp_start_date")
    frame, timely, known = found
    # plans whose outcome is not yet known are listed, outside the denominator
    window = in_window(frame["start"], start, end).to_numpy()
    return Members("cp_plans", frame["index"].to_numpy()[window], (timely & known)[window], known[window],
                   {"first_core_group": frame["first_cg"].to_numpy()[window],
                    "working_days": frame["wd"].to_numpy()[window]}, "cpp_start_date")


@members("rcpc_in_timescale_pct")
def _rcpc(ctx, start, end, indicator_id):
    found = P.rcpc_status(ctx, start, end)
    if found is None:
        return Members("cp_plans", [], [], [], {}, "cpp_start_date")
    plans, on_time = found
    # one row per child, as the indicator counts children: on time only if every open plan is
    frame = pd.DataFrame({"pid": plans["pid"].to_numpy(), "cid": plans["cid"].to_numpy(), "on_time": on_time})
    per_child = frame.groupby("cid", sort=False).agg(pid=("pid", "first"), on_time=("on_time", "all"))
    return Members("cp_plans", per_child["pid"].to_numpy(), per_child["on_time"].to_numpy(),
                   np.ones(len(per_child), dtype=bool), {}, "cpp_start_date")


@members("strategy_discussions")
def _strategy_discussions(ctx, start, end, indicator_id):
    dates, origin = A.strategy_discussion_dates(ctx)
    table = "case_activity" if origin == "case_activity" else "s47"
    hit = in_window(dates, start, end).to_numpy()
    return Members(table, dates.index.to_numpy()[hit], np.ones(int(hit.sum()), dtype=bool), None, {},
                   "activity_date" if origin == "case_activity" else "s47_start_date")
