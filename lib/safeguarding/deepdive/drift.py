"""Drift and delay: how long children wait between stages, and who stays open longest.

RESTRICTED where child-level (``intervals``, ``open_longer_than``, ``open_longest``); the
summaries (``interval_summary``) are counts and statistics.

* ``intervals(tables, "referral", "cp_plan")``: for each CP plan (or care episode), the child's
  latest referral on or before its start, and the days between - the D2I drift convention
  ("what led to this plan"). ``"cp_plan", "care"`` pairs each care start with the child's latest
  CP plan start on or before it. The same step twice (``"cp_plan", "cp_plan"``) pairs each event
  with the child's *previous* one of that kind (strictly before it in date order; two on one day
  are paired with each other, 0 days), so the days are the gaps between consecutive plans;
  the first has none. Intervals are grouped by the year the later event started
  (``start_year``; financial year ending 31 March).
* ``open_longer_than(ctx, "cp", "18 months", as_at)``: children open to CP (or CIN) at a date
  whose earliest open episode started at least that long before - the same open-at convention
  as the indicators (``cin.cp_open_children`` / ``cin.cin_open_children``) - with where each
  stood at that date (``status.drift_fields``: status, team, worker, last visit and review, as
  at the date, overdue flags), optionally leaving out children looked after or on a plan.
* ``repeat_referrals``: children with N or more referrals in a window; ``repeat_plans``: CP
  plans starting in a window that are a second or later plan, with the previous plan's end and
  the gap - or a flag where List 7 counts an earlier plan that the extract does not hold.
* ``open_longest``: assessments not authorised, and S47 enquiries with no recorded outcome
  (neither an ICPC nor "ICPC not required"), at a date, longest first (working days).
"""
from __future__ import annotations

import numpy as np
import pandas as pd

from ..indicators import cin as C
from ..indicators import cp as P
from ..indicators.base import Context
from ..indicators.compute import list_windows
from ..workdays import working_days_between
from .dates import amount

STEPS = {"referral": ("referrals", "referral_date"), "cp_plan": ("cp_plans", "cpp_start_date"),
         "care": ("looked_after", "cla_start_date"), "assessment": ("assessments", "assessment_start_date"),
         "s47": ("s47", "s47_start_date")}


def _check(name, valid, what):
    if name not in valid:
        raise ValueError(f"unknown {what} '{name}'; valid: {', '.join(valid)}")


def financial_year(dates: pd.Series) -> pd.Series:
    """Year ending 31 March: 15 Jun 2018 -> 2019 (shown '2018-19')."""
    return (dates.dt.year + (dates.dt.month >= 4).astype(int)).astype("Int64")


def intervals(tables, from_step: str, to_step: str) -> pd.DataFrame:
    """Days from the latest ``from_step`` event on or before each ``to_step`` event of the same
    child (child_id, from_date, to_date, days, start_year). ``to_step`` events with no earlier
    ``from_step`` are listed with days missing (counted, never dropped). The same step twice
    pairs each event with the previous one of its kind."""
    _check(from_step, STEPS, "step")
    _check(to_step, STEPS, "step")
    (ft, fc), (tt, tc) = STEPS[from_step], STEPS[to_step]
    left = tables[tt][["child_id", tc, "team", "worker"]].rename(columns={tc: "to_date"}).dropna(subset=["to_date"])
    left = left.assign(child_id=left["child_id"].astype("string")).sort_values("to_date", kind="stable")
    if from_step == to_step:
        # each event against the child's previous one (rows in date order; the table's order breaks ties)
        linked = left.sort_values(["child_id", "to_date"], kind="stable")
        linked["from_date"] = linked.groupby("child_id")["to_date"].shift(1)
    else:
        right = tables[ft][["child_id", fc]].rename(columns={fc: "from_date"}).dropna()
        right = right.assign(child_id=right["child_id"].astype("string")).sort_values("from_date")
        if len(left) and len(right):
            linked = pd.merge_asof(left, right, left_on="to_date", right_on="from_date", by="child_id",
                                   direction="backward", allow_exact_matches=True)
        else:
            linked = left.assign(from_date=pd.NaT)
    linked["days"] = (linked["to_date"] - linked["from_date"]).dt.days
    linked["start_year"] = financial_year(linked["to_date"])
    return linked[["child_id", "from_date", "to_date", "days", "start_year", "team", "worker"]] \
        .sort_values(["to_date", "child_id"], ignore_index=True)


def year_label(year) -> str:
    """2019 (year ending 31 March 2019) -> '2018-19'."""
    return f"{int(year) - 1}-{str(int(year))[2:]}"


def interval_summary(rows: pd.DataFrame, by: str = "start_year") -> pd.DataFrame:
    """n, median, quartiles, mean, min, max of ``days`` by ``by`` (and overall), plus the count
    of events with no earlier step (``no_earlier_event``). Financial years are labelled
    '2018-19'."""
    def stats(g):
        d = g["days"].dropna()
        return pd.Series({"n": len(d), "median_days": d.median(), "q1_days": d.quantile(.25),
                          "q3_days": d.quantile(.75), "mean_days": d.mean(), "min_days": d.min(),
                          "max_days": d.max(), "no_earlier_event": int(g["days"].isna().sum())})
    if rows.empty:
        return pd.DataFrame(columns=[by, "n", "median_days", "q1_days", "q3_days", "mean_days",
                                     "min_days", "max_days", "no_earlier_event"])
    out = rows.groupby(by).apply(stats, include_groups=False).reset_index()
    if by == "start_year":
        out[by] = out[by].map(year_label)
    total = stats(rows).to_frame().T.assign(**{by: "All"})
    out = pd.concat([out.astype({by: object}), total[out.columns]], ignore_index=True)
    return out.astype({"n": int, "no_earlier_event": int})


def _amount_days(text, as_at: pd.Timestamp) -> int:
    from .cohort import _amount

    return _amount(text, "days", as_at)


def _within(text, name: str) -> tuple[int, str]:
    """'6 months', '4 weeks', '30 days', '10 working days' -> (number, unit); a unit is needed."""
    n, unit = amount(text, name)
    if unit is None:
        raise ValueError(f"{name}={text!r}: give the unit too, e.g. '6 months' or '10 working days'")
    return n, unit


def _offset(n: int, unit: str) -> pd.DateOffset:
    if unit == "working day":
        raise ValueError("give this window in days, weeks, months or years, not working days")
    return pd.DateOffset(**{f"{unit}s": n})


def _not_within(dates: pd.Series, text, name: str, as_at: pd.Timestamp) -> np.ndarray:
    """True where the date is missing or further back than ``text`` before ``as_at`` (a date on
    the same day ``text`` earlier is within)."""
    n, unit = _within(text, name)
    if unit == "working day":
        since = working_days_between(dates, pd.Series(as_at, index=dates.index))
        return ~(since <= n)
    return ~(dates >= as_at - _offset(n, unit)).fillna(False).to_numpy(dtype=bool)


EXCLUDABLE = {"cin": ("looked_after", "cp_plan"), "cp": ("looked_after",)}
DRIFT_COLUMNS = ["child_id", "start", "days_open", "status", "looked_after", "on_cp_plan", "team", "worker",
                 "last_visit", "working_days_since_visit", "visit_standard_working_days", "visit_overdue",
                 "review_kind", "last_review", "days_since_review", "next_review_due", "review_overdue",
                 "last_visit_known", "last_review_known"]


def open_longer_than(ctx: Context, service: str, longer_than, as_at, *, exclude=(),
                     not_visited_within=None, not_reviewed_within=None, **settings) -> pd.DataFrame:
    """Children open to ``service`` ("cin" or "cp") at ``as_at`` whose earliest open episode began
    ``longer_than`` ('18 months', '2 years', 365) or more before, longest first, with where each
    stood at ``as_at`` (``DRIFT_COLUMNS``; see ``status.drift_fields``).

    ``exclude``: "looked_after" and/or "cp_plan" (for CIN) leaves those children out.
    ``not_visited_within`` / ``not_reviewed_within`` ('6 months', '10 working days'): only the
    children whose last visit / review (CIN plan review for CIN, review conference for CP) is
    older than that or missing. ``settings``: visit and review intervals for this call only
    (``status.SETTINGS``; default the report's conventions)."""
    from .status import drift_fields

    _check(service, ["cin", "cp"], "service")
    exclude = (exclude,) if isinstance(exclude, str) else tuple(exclude)
    for name in exclude:
        _check(name, EXCLUDABLE[service], f"exclusion for {service}")
    as_at = pd.Timestamp(as_at).normalize()
    children = (C.cin_open_children if service == "cin" else C.cp_open_children)(ctx, as_at)
    days = (as_at - children["start"]).dt.days
    keep = (days >= _amount_days(longer_than, as_at)).to_numpy()
    ids = pd.Series(C.child_index(ctx)[children["cid"].to_numpy()[keep]], dtype="string")
    fields = drift_fields(ctx, ids, children["start"][keep], as_at, service, **settings)
    out = fields.assign(start=children["start"].to_numpy()[keep], days_open=days.to_numpy()[keep])
    drop = np.zeros(len(out), dtype=bool)
    if "looked_after" in exclude:
        drop |= out["looked_after"].to_numpy(dtype=bool)
    if "cp_plan" in exclude:
        drop |= out["on_cp_plan"].to_numpy(dtype=bool)
    if not_visited_within is not None:
        drop |= ~_not_within(out["last_visit"], not_visited_within, "not_visited_within", as_at)
    if not_reviewed_within is not None:
        drop |= ~_not_within(out["last_review"], not_reviewed_within, "not_reviewed_within", as_at)
    out = out[~drop][DRIFT_COLUMNS].sort_values(["days_open", "child_id"], ascending=[False, True],
                                                 ignore_index=True)
    out.attrs.update(as_at=as_at, service=service, longer_than=longer_than, exclude=exclude,
                     settings=fields.attrs["settings"], sources=fields.attrs["sources"])
    return out


def open_longest(tables, what: str, as_at, top: int | None = 20) -> pd.DataFrame:
    """Assessments not authorised by ``as_at`` ("assessments"), or S47 enquiries without an
    outcome by then ("s47"), longest open first, in working days since the start."""
    _check(what, ["assessments", "s47"], "list")
    as_at = pd.Timestamp(as_at).normalize()
    t = tables[what]
    if what == "assessments":
        started = t["assessment_start_date"]
        open_ = (started <= as_at) & (t["assessment_auth_date"].isna() | (t["assessment_auth_date"] > as_at))
        open_ = open_.fillna(False).astype(bool)
        cols = ["child_id", "assessment_start_date", "team", "worker"]
    else:
        started = t["s47_start_date"]
        not_required = t["icpc_not_required"].astype("string").str.upper().eq("Y").fillna(False)
        decided = (t["icpc_date"].notna() & (t["icpc_date"] <= as_at)) | not_required
        open_ = (started <= as_at) & ~decided.astype(bool)
        cols = ["child_id", "s47_start_date", "team", "worker"]
    out = t.loc[open_, cols].copy()
    out["working_days_open"] = working_days_between(out[cols[1]], pd.Series(as_at, index=out.index))
    out = out.sort_values("working_days_open", ascending=False, ignore_index=True)
    return out if top is None else out.head(top)


def repeat_counts(tables, what: str, start, end) -> pd.DataFrame:
    """Children by how many referrals ("referrals") or CP plans started ("cp_plans") they had in
    the window: times, children."""
    _check(what, ["referrals", "cp_plans"], "list")
    column = "referral_date" if what == "referrals" else "cpp_start_date"
    t = tables[what]
    hit = t[(t[column] >= pd.Timestamp(start)) & (t[column] <= pd.Timestamp(end))]
    per_child = hit.groupby("child_id").size()
    out = per_child.value_counts().sort_index().rename_axis("times").reset_index(name="children")
    return out.astype({"times": int, "children": int})


def _uk_dates(dates: pd.Series) -> str:
    return "; ".join(f"{d:%d/%m/%Y}" for d in dates)


def repeat_referrals(ctx: Context, times: int, start: pd.Timestamp, end: pd.Timestamp) -> pd.DataFrame:
    """Children with ``times`` or more referrals dated in [start, end], most first: one row per
    child with the number, every referral date in the window, how many were NFA, and the child's
    latest referral in the window (its date, source, team, worker and characteristics)."""
    from .cohort import label

    if int(times) < 1:
        raise ValueError(f"times={times!r}: give a whole number of referrals, 1 or more")
    t = ctx.tables["referrals"]
    hit = t["referral_date"].between(start, end).fillna(False).to_numpy(dtype=bool) & t["child_id"].notna().to_numpy()
    rows = pd.DataFrame({"child_id": t["child_id"].astype("string").to_numpy()[hit],
                         "date": t["referral_date"].to_numpy()[hit], "pos": np.flatnonzero(hit),
                         "nfa": (t["referral_nfa"].astype("string") == "Y").fillna(False).to_numpy()[hit]})
    rows = rows.sort_values(["child_id", "date", "pos"], kind="stable")
    per_child = rows.groupby("child_id", sort=False).agg(
        referrals=("pos", "size"), nfa_referrals=("nfa", "sum"), first_referral=("date", "min"),
        pos=("pos", "last"), referral_dates=("date", _uk_dates))
    per_child = per_child[per_child["referrals"] >= int(times)]
    latest = label(ctx.tables, "referrals", per_child["pos"].to_numpy(), "referral_date")
    keep = ["child_id", "referral_date", "referral_source", "referral_source_label", "referral_nfa_label", "team",
            "worker", "sex_group", "age_band", "ethnicity_group", "disability_group"]
    out = latest[[c for c in keep if c in latest]].rename(columns={"referral_date": "latest_referral"})
    out.insert(1, "referrals", per_child["referrals"].to_numpy())
    out.insert(2, "first_referral", per_child["first_referral"].to_numpy())
    out.insert(4, "nfa_referrals", per_child["nfa_referrals"].to_numpy(dtype=int))
    out.insert(5, "referral_dates", per_child["referral_dates"].to_numpy())
    out = out.sort_values(["referrals", "latest_referral", "child_id"], ascending=[False, False, True],
                          ignore_index=True)
    out.attrs.update(start=start, end=end, times=int(times))
    return out


def repeat_plans(ctx: Context, start: pd.Timestamp, end: pd.Timestamp, within="2 years") -> pd.DataFrame:
    """CP plans starting in [start, end] that are a second or later plan (the indicator's rule,
    ``cp.plan_frame``: an earlier plan of the child's in List 7, or List 7's count of previous
    plans above 0), with the child's previous plan in the extract, the days from its end to
    this start and ``previous_plan_within_window`` (it ended within ``within`` of this start: on
    or after the same day that long before).

    ``earlier_plan_before_data`` is True where List 7 counts a previous plan the extract does not
    hold (it lies before the data). Such a plan ended before List 7's window began (the list
    holds every plan open since), so when this plan started more than ``within`` after that
    day, the earlier one was not within (False); otherwise its end, and so whether it was
    within, is unknown (``previous_plan_within_window`` missing). With ``within`` (default
    "2 years") the list keeps the plans within it and the unknown ones; ``within=None`` lists
    every repeat plan."""
    from .cohort import label

    plans = P.plan_frame(ctx).reset_index().rename(columns={"index": "pos"})
    plans = plans[(plans["cid"] >= 0) & plans["start"].notna()]
    ordered = plans.sort_values(["cid", "start", "pos"], kind="stable")
    grouped = ordered.groupby("cid")
    ordered = ordered.assign(previous_plan_start=grouped["start"].shift(1), previous_plan_end=grouped["end"].shift(1))
    in_window = ordered["start"].between(start, end).to_numpy() & ordered["repeat"].to_numpy(dtype=bool)
    chosen = ordered[in_window]
    before_data = chosen["previous_plan_start"].isna().to_numpy()
    gap = (chosen["start"] - chosen["previous_plan_end"]).dt.days
    unknown = before_data | chosen["previous_plan_end"].isna().to_numpy()
    if within is None:  # every repeat plan, with no window to test
        inside, keep = np.zeros(len(chosen), dtype=bool), np.ones(len(chosen), dtype=bool)
        unknown[:] = True
    else:
        offset = _offset(*_within(within, "within"))
        inside = (chosen["previous_plan_end"] >= chosen["start"] - offset).to_numpy()
        # an earlier plan the extract does not hold ended before List 7's window began (it holds
        # every plan open since): when that is already longer ago than ``within``, it was not within
        window_start = list_windows(ctx.tables, ctx.conventions).get("cp_plans")
        if window_start is not None:
            unknown &= ~(before_data & (chosen["start"] - offset >= window_start).to_numpy())
        keep = inside | unknown
    flag = pd.array(np.where(unknown, pd.NA, inside), dtype="boolean")
    chosen = chosen[keep]
    frame = label(ctx.tables, "cp_plans", chosen["pos"].to_numpy(), "cpp_start_date")
    columns = ["child_id", "cpp_start_date", "cpp_end_date", "previous_plans", "initial_category",
               "initial_category_label", "team", "worker", "sex_group", "age_band", "ethnicity_group",
               "disability_group"]
    out = frame[[c for c in columns if c in frame]].copy()
    out.insert(3, "previous_plan_start", chosen["previous_plan_start"].to_numpy())
    out.insert(4, "previous_plan_end", chosen["previous_plan_end"].to_numpy())
    out.insert(5, "days_since_previous_plan_ended", gap[keep].astype("Int64").to_numpy())
    out.insert(6, "previous_plan_within_window", flag[keep])
    out.insert(7, "earlier_plan_before_data", before_data[keep])
    out = out.sort_values(["cpp_start_date", "child_id"], ignore_index=True)
    out.attrs.update(start=start, end=end, within=within)
    return out


__all__ = ["intervals", "interval_summary", "open_longer_than", "open_longest", "repeat_counts",
           "repeat_referrals", "repeat_plans", "financial_year"]
