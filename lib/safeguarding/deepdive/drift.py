"""Drift and delay: how long children wait between stages, and who stays open longest.

RESTRICTED where child-level (``intervals``, ``open_longer_than``, ``open_longest``); the
summaries (``interval_summary``) are counts and statistics.

* ``intervals(tables, "referral", "cp_plan")``: for each CP plan (or care episode), the child's
  latest referral on or before its start, and the days between - the D2I drift convention
  ("what led to this plan"). ``"cp_plan", "care"`` pairs each care start with the child's latest
  CP plan start on or before it. Intervals are grouped by the year the later event started
  (``start_year``; financial year ending 31 March).
* ``open_longer_than(tables, "cp", "18 months", as_at)``: children open to CP (or CIN) at a date
  whose earliest open episode started at least that long before - the same open-at convention
  as the indicators (``cin.cp_open_children`` / ``cin.cin_open_children``).
* ``open_longest``: assessments not authorised, and S47 enquiries with no recorded outcome
  (neither an ICPC nor "ICPC not required"), at a date, longest first (working days).
"""
from __future__ import annotations

import pandas as pd

from ..indicators import cin as C
from ..indicators.base import Context
from ..workdays import working_days_between

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
    ``from_step`` are listed with days missing (counted, never dropped)."""
    _check(from_step, STEPS, "step")
    _check(to_step, STEPS, "step")
    (ft, fc), (tt, tc) = STEPS[from_step], STEPS[to_step]
    left = tables[tt][["child_id", tc, "team", "worker"]].rename(columns={tc: "to_date"}).dropna(subset=["to_date"])
    right = tables[ft][["child_id", fc]].rename(columns={fc: "from_date"}).dropna()
    left = left.assign(child_id=left["child_id"].astype("string")).sort_values("to_date")
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


def open_longer_than(ctx: Context, service: str, longer_than, as_at) -> pd.DataFrame:
    """Children open to ``service`` ("cin" or "cp") at ``as_at`` whose earliest open episode began
    ``longer_than`` ('18 months', '2 years', 365) or more before: child_id, start, days_open."""
    _check(service, ["cin", "cp"], "service")
    as_at = pd.Timestamp(as_at).normalize()
    children = (C.cin_open_children if service == "cin" else C.cp_open_children)(ctx, as_at)
    days = (as_at - children["start"]).dt.days
    keep = (days >= _amount_days(longer_than, as_at)).to_numpy()
    ids = C.child_index(ctx)[children["cid"].to_numpy()[keep]]
    out = pd.DataFrame({"child_id": list(ids), "start": children["start"].to_numpy()[keep],
                        "days_open": days.to_numpy()[keep]})
    return out.sort_values("days_open", ascending=False, ignore_index=True)


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


__all__ = ["intervals", "interval_summary", "open_longer_than", "open_longest", "repeat_counts",
           "financial_year"]
