"""Improvement-plan tracker: statuses, deadlines, dashboards, measures and changes.

Pure pandas over the tidy tables ``improvement_actions`` and ``improvement_measures``
(``schema.LOCAL_TABLES``); no I/O. Every function accepts the tidy frame as read (raw status
text is normalised with the scheme of ``params.improvement_plan``, see ``statuses``) and never
modifies its input.

Definitions (docs/improvement-plan.md)
--------------------------------------
* completed: status is the scale's completed code (``BLUE`` / ``COMPLETED``). The status is
  authoritative; ``completed_date`` says *when*.
* ``effective_due_date`` = ``revised_date`` if present, else ``target_date``.
* overdue (as at a report date): effective due date strictly before the report date and not
  completed. ``days_overdue`` = report date - effective due date, in calendar days.
* completed in period: completed and ``completed_date`` within the period (inclusive).
* due in period: the deadline falls within the period. ``basis="original"`` (default in
  ``due_vs_completed``, as in seed 003's quarterly table: actions *scheduled* for completion this
  quarter, so moving a deadline does not hide slippage) uses ``target_date``;
  ``basis="effective"`` uses the effective due date.
* completed by deadline: completed and ``completed_date`` <= the deadline of the same basis.
  With ``basis="original"`` an action completed by its revised but after its original date is
  "completed late" (seed 003 view); with ``basis="effective"`` it is "by deadline".
"""
from __future__ import annotations

import re

import numpy as np
import pandas as pd

from . import rating
from .statuses import UNKNOWN, StatusScheme, status_scheme

__all__ = [
    "natural_key", "status_codes", "is_completed", "annotate_actions", "effective_due_date",
    "overdue", "days_overdue", "completed_in_period", "due_in_period", "completed_by_deadline",
    "status_counts", "percent_red", "status_summary_text", "status_by_area", "due_vs_completed",
    "plan_dashboard", "overdue_actions", "actions_needing_attention", "deadline_revisions", "action_list",
    "actions_completed_in_period", "measures_table", "changes_since", "period_bounds",
]

MEASURE_TYPES = {"KPI": "Key performance indicator", "QUALITY": "Quality (audit)",
                 "FEEDBACK": "Feedback"}
NO_AREA = "(no area recorded)"


# ---- small helpers -------------------------------------------------------------------------
def natural_key(ref) -> tuple:
    """Sort key for action references: '1.2' < '1.10' < '2.1'; text compares case-insensitively."""
    if ref is None or (not isinstance(ref, str) and pd.isna(ref)):
        return ((2, ""),)
    parts = re.split(r"(\d+)", str(ref).strip())
    return tuple((0, int(p)) if p.isdigit() else (1, p.lower()) for p in parts if p != "")


def _ts(value) -> pd.Timestamp:
    ts = pd.Timestamp(value)
    if ts is pd.NaT:
        raise ValueError("report date is missing")
    return ts.normalize()


def period_bounds(period) -> tuple[pd.Timestamp, pd.Timestamp]:
    """(start, end) dates of a ``periods.Period``, a period string or a (start, end) pair."""
    if isinstance(period, str):
        from ..periods import parse_period
        period = parse_period(period)
    if isinstance(period, (tuple, list)) and len(period) == 2:
        return _ts(period[0]), _ts(period[1])
    return _ts(period.start), _ts(period.end)


def _col(df: pd.DataFrame, name: str) -> pd.Series:
    if name in df.columns:
        return df[name]
    return pd.Series([np.nan] * len(df), index=df.index, dtype="object")


def _dates(df: pd.DataFrame, name: str) -> pd.Series:
    if name in df.columns:
        return pd.to_datetime(df[name], errors="coerce")
    return pd.Series(pd.NaT, index=df.index, dtype="datetime64[ns]")


def _nums(df: pd.DataFrame, name: str) -> pd.Series:
    return pd.to_numeric(_col(df, name), errors="coerce").astype("float64")


def _text(value) -> str:
    if value is None or (not isinstance(value, str) and pd.isna(value)):
        return ""
    return str(value).strip()


def _texts(df: pd.DataFrame, name: str) -> pd.Series:
    return pd.Series([_text(v) for v in _col(df, name)], index=df.index, dtype="object")


def _refs(df: pd.DataFrame) -> pd.Series:
    return _texts(df, "action_ref")


def _areas(df: pd.DataFrame) -> pd.Series:
    return _texts(df, "area").replace("", NO_AREA)


def _sorted(df: pd.DataFrame, ref_col: str = "action_ref") -> pd.DataFrame:
    if df.empty or ref_col not in df.columns:
        return df.reset_index(drop=True)
    order = sorted(range(len(df)), key=lambda i: natural_key(df[ref_col].iloc[i]))
    return df.iloc[order].reset_index(drop=True)


# ---- status ---------------------------------------------------------------------------------
def status_codes(actions: pd.DataFrame, params=None) -> pd.Series:
    """Normalised status code per action (``UNKNOWN`` when blank or not on the scale)."""
    scheme = status_scheme(params)
    return scheme.normalise(_col(actions, "status")).fillna(UNKNOWN).astype("object")


def is_completed(actions: pd.DataFrame, params=None) -> pd.Series:
    scheme = status_scheme(params)
    return status_codes(actions, scheme).isin(scheme.completed_codes)


# ---- dates ----------------------------------------------------------------------------------
def effective_due_date(actions: pd.DataFrame) -> pd.Series:
    """``revised_date`` where present, else ``target_date``."""
    return _dates(actions, "revised_date").fillna(_dates(actions, "target_date"))


def _deadline(actions: pd.DataFrame, basis: str) -> pd.Series:
    if basis == "effective":
        return effective_due_date(actions)
    if basis == "original":
        # an action without an original target date falls back to its revised date
        return _dates(actions, "target_date").fillna(_dates(actions, "revised_date"))
    raise ValueError(f"basis must be 'original' or 'effective', got {basis!r}")


def overdue(actions: pd.DataFrame, report_date, params=None) -> pd.Series:
    """Effective due date before ``report_date`` and not completed."""
    due = effective_due_date(actions)
    return (due < _ts(report_date)).fillna(False).astype(bool) & ~is_completed(actions, params)


def days_overdue(actions: pd.DataFrame, report_date, params=None) -> pd.Series:
    """Calendar days past the effective due date for overdue actions, else missing (Int64)."""
    days = (_ts(report_date) - effective_due_date(actions)).dt.days
    return days.where(overdue(actions, report_date, params)).astype("Int64")


def completed_in_period(actions: pd.DataFrame, period, params=None) -> pd.Series:
    start, end = period_bounds(period)
    done = _dates(actions, "completed_date")
    return is_completed(actions, params) & ((done >= start) & (done <= end)).fillna(False).astype(bool)


def due_in_period(actions: pd.DataFrame, period, basis: str = "original") -> pd.Series:
    start, end = period_bounds(period)
    due = _deadline(actions, basis)
    return ((due >= start) & (due <= end)).fillna(False).astype(bool)


def completed_by_deadline(actions: pd.DataFrame, basis: str = "effective", params=None) -> pd.Series:
    """Completed with ``completed_date`` on or before the deadline of ``basis``."""
    done = _dates(actions, "completed_date")
    ok = (done <= _deadline(actions, basis)).fillna(False).astype(bool)
    return is_completed(actions, params) & ok


def annotate_actions(actions: pd.DataFrame, params=None, report_date=None) -> pd.DataFrame:
    """A copy with ``status_code``, ``status_label``, ``completed``, ``effective_due_date`` and,
    when ``report_date`` is given, ``overdue`` and ``days_overdue``."""
    scheme = status_scheme(params)
    out = actions.copy()
    codes = status_codes(actions, scheme)
    out["status_code"] = codes
    out["status_label"] = [scheme.label(c) for c in codes]
    out["completed"] = codes.isin(scheme.completed_codes)
    out["effective_due_date"] = effective_due_date(actions)
    if report_date is not None:
        out["overdue"] = overdue(actions, report_date, scheme)
        out["days_overdue"] = days_overdue(actions, report_date, scheme)
    return out


# ---- counts ---------------------------------------------------------------------------------
def status_counts(actions: pd.DataFrame, params=None) -> pd.DataFrame:
    """One row per status of the scale (plus ``UNKNOWN`` if any): status, label, colour, count,
    percent (of all actions, 0-100; missing when there are no actions)."""
    scheme = status_scheme(params)
    codes = status_codes(actions, scheme)
    order = scheme.codes + ([UNKNOWN] if (codes == UNKNOWN).any() else [])
    counts = codes.value_counts()
    total = len(codes)
    rows = []
    for code in order:
        n = int(counts.get(code, 0))
        rows.append({"status": code, "label": scheme.label(code), "colour": scheme.colour(code),
                     "count": n, "percent": (100.0 * n / total) if total else np.nan})
    return pd.DataFrame(rows, columns=["status", "label", "colour", "count", "percent"])


def percent_red(actions: pd.DataFrame, params=None) -> float:
    """Percentage of all actions with the scale's red code (RED / NOT_COMPLETED)."""
    scheme = status_scheme(params)
    if len(actions) == 0 or scheme.red_code is None:
        return np.nan
    return 100.0 * float((status_codes(actions, scheme) == scheme.red_code).sum()) / len(actions)


def fmt_pct(x) -> str:
    """'1%', '<1%' for 0 < x < 0.5, 'n/a' when missing (half rounds up)."""
    if x is None or pd.isna(x):
        return "n/a"
    if 0 < x < 0.5:
        return "<1%"
    return f"{int(np.floor(float(x) + 0.5))}%"


def status_summary_text(actions: pd.DataFrame, params=None) -> str:
    """One sentence for the committee, e.g. 'There are 10 actions: 3 blue (completed), ...'."""
    scheme = status_scheme(params)
    counts = status_counts(actions, scheme)
    total = int(counts["count"].sum())
    if total == 0:
        return "There are no actions in the improvement plan."
    parts = []
    for r in counts.itertuples():
        if r.status == UNKNOWN:
            parts.append(f"{r.count} with no recognised status")
        elif scheme.scale == "BRAG":
            parts.append(f"{r.count} {r.status.lower()} ({r.label[:1].lower() + r.label[1:]})")
        else:
            parts.append(f"{r.count} {r.label[:1].lower() + r.label[1:]}")
    noun = "action" if total == 1 else "actions"
    text = f"There are {total} {noun}: " + ", ".join(parts[:-1]) + (" and " if len(parts) > 1 else "") + parts[-1] + "."
    red = percent_red(actions, scheme)
    if scheme.red_code is not None and not pd.isna(red):
        text += f" {fmt_pct(red)} of actions are {'red' if scheme.scale == 'BRAG' else 'not completed by their deadline'}."
    return text


def _area_order(actions: pd.DataFrame) -> list[str]:
    areas = _areas(actions)
    refs = _refs(actions)
    first: dict[str, tuple] = {}
    for area, ref, pos in zip(areas, refs, range(len(areas))):
        key = (natural_key(ref), pos)
        if area not in first or key < first[area]:
            first[area] = key
    return sorted(first, key=lambda a: first[a])


def status_by_area(actions: pd.DataFrame, params=None) -> pd.DataFrame:
    """Counts per area (rows, in plan order: by each area's first action_ref) x status (columns,
    in scale order, plus ``UNKNOWN`` if any). Feeds ``plan_status_chart``."""
    scheme = status_scheme(params)
    codes = status_codes(actions, scheme)
    columns = scheme.codes + ([UNKNOWN] if (codes == UNKNOWN).any() else [])
    areas = _area_order(actions)
    frame = pd.DataFrame({"area": _areas(actions).to_numpy(), "status": codes.to_numpy()})
    table = pd.crosstab(frame["area"], frame["status"]) if len(frame) else pd.DataFrame()
    table = table.reindex(index=areas, columns=columns, fill_value=0).fillna(0).astype(int)
    table.index.name = "area"
    table.columns.name = "status"
    return table


# ---- dashboards -----------------------------------------------------------------------------
DUE_LABELS = {
    "due": "Actions due for completion this period",
    "completed_by_deadline": "Completed by deadline",
    "completed_late": "Completed after deadline",
    "completed_no_date": "Completed, completion date not recorded",
    "not_completed": "Not completed",
    "not_completed_moved": "of which: deadline since moved, and not yet reached",
    "not_completed_overdue": "of which: past the deadline now in force (overdue)",
    "revised": "of the actions due, deadline since revised",
}


def due_vs_completed(actions: pd.DataFrame, period, params=None, *, basis: str = "original",
                     report_date=None) -> pd.DataFrame:
    """Seed 003's quarterly dashboard for the actions due in ``period``.

    Rows (``key``, ``label``, ``count``, ``percent`` of the actions due): ``due``,
    ``completed_by_deadline``, ``completed_late``, ``completed_no_date``, ``not_completed``
    (status not completed, as at the extract), and ``revised`` (of those due, how many have a
    revised date different from the target date). due = by deadline + late + no date + not
    completed. With ``report_date``, ``not_completed`` is split into ``not_completed_moved``
    (its deadline now in force is on or after the report date: moved since) and
    ``not_completed_overdue`` (``overdue``), so the table agrees with the overdue list: an action
    missed its original deadline but is not overdue only because the deadline was moved."""
    scheme = status_scheme(params)
    due = due_in_period(actions, period, basis)
    done = is_completed(actions, scheme)
    done_date = _dates(actions, "completed_date")
    on_time = completed_by_deadline(actions, basis, scheme)
    revised = _dates(actions, "revised_date").notna() & (
        _dates(actions, "revised_date") != _dates(actions, "target_date"))
    counts = {
        "due": int(due.sum()),
        "completed_by_deadline": int((due & on_time).sum()),
        "completed_late": int((due & done & done_date.notna() & ~on_time).sum()),
        "completed_no_date": int((due & done & done_date.isna()).sum()),
        "not_completed": int((due & ~done).sum()),
        "revised": int((due & revised).sum()),
    }
    if report_date is not None:
        late_now = overdue(actions, report_date, scheme)
        counts = {**{k: v for k, v in counts.items() if k != "revised"},
                  "not_completed_moved": int((due & ~done & ~late_now).sum()),
                  "not_completed_overdue": int((due & ~done & late_now).sum()), "revised": counts["revised"]}
    n = counts["due"]
    return pd.DataFrame([{"key": k, "label": DUE_LABELS[k], "count": v,
                          "percent": (100.0 * v / n) if n else np.nan} for k, v in counts.items()],
                        columns=["key", "label", "count", "percent"])


DASHBOARD_LABELS = {
    "total": "Total number of actions in the improvement plan",
    "completed_by_deadline": "Completed by deadline",
    "completed_late": "Completed after deadline",
    "completed_no_date": "Completed, completion date not recorded",
    "ongoing": "Ongoing within deadline",
    "at_risk": "Within deadline but rated red (unlikely to be completed by deadline)",
    "overdue": "Not completed by deadline (overdue)",
    "no_deadline": "Not completed, no deadline recorded",
}


def plan_dashboard(actions: pd.DataFrame, report_date, params=None) -> pd.DataFrame:
    """Seed 003's whole-plan dashboard as at ``report_date``, on effective (agreed) deadlines.

    Rows (``key``, ``label``, ``count``, ``percent`` of all actions): ``total``,
    ``completed_by_deadline``, ``completed_late``, ``completed_no_date``, ``ongoing``
    (not completed, not overdue, not red), ``at_risk`` (not completed, not overdue, red status),
    ``overdue``, ``no_deadline``. The parts sum to the total. Seed 003's red row ("not completed
    by deadline or unlikely to be") is ``overdue`` + ``at_risk``."""
    scheme = status_scheme(params)
    codes = status_codes(actions, scheme)
    done = codes.isin(scheme.completed_codes)
    done_date = _dates(actions, "completed_date")
    on_time = completed_by_deadline(actions, "effective", scheme)
    late = overdue(actions, report_date, scheme)
    due = effective_due_date(actions)
    red = codes == scheme.red_code if scheme.red_code else pd.Series(False, index=actions.index)
    open_ = ~done & ~late & due.notna()
    counts = {
        "total": len(actions),
        "completed_by_deadline": int(on_time.sum()),
        "completed_late": int((done & done_date.notna() & ~on_time).sum()),
        "completed_no_date": int((done & done_date.isna()).sum()),
        "ongoing": int((open_ & ~red).sum()),
        "at_risk": int((open_ & red).sum()),
        "overdue": int(late.sum()),
        "no_deadline": int((~done & due.isna()).sum()),
    }
    n = counts["total"]
    return pd.DataFrame([{"key": k, "label": DASHBOARD_LABELS[k], "count": v,
                          "percent": (100.0 * v / n) if n else np.nan} for k, v in counts.items()],
                        columns=["key", "label", "count", "percent"])


# ---- lists ----------------------------------------------------------------------------------
LIST_COLUMNS = ["action_ref", "area", "recommendation", "action", "owner", "status_code",
                "status_label", "target_date", "revised_date", "effective_due_date",
                "completed_date", "progress_summary", "last_updated"]


def _plan_order(actions: pd.DataFrame) -> list[int]:
    """Row positions in plan order: area (by its first action_ref), then natural action_ref."""
    rank = {a: i for i, a in enumerate(_area_order(actions))}
    keys = [(rank[a], natural_key(r), pos)
            for pos, (a, r) in enumerate(zip(_areas(actions), _refs(actions)))]
    return sorted(range(len(actions)), key=lambda i: keys[i])


def action_list(actions: pd.DataFrame, params=None, report_date=None) -> pd.DataFrame:
    """All actions in plan order (area, then natural action_ref) with derived columns."""
    ann = annotate_actions(actions, params, report_date)
    ann["area"] = _areas(actions)
    ann["action_ref"] = _refs(actions)
    cols = LIST_COLUMNS + (["overdue", "days_overdue"] if report_date is not None else [])
    for c in cols:
        if c not in ann.columns:
            ann[c] = np.nan
    return ann.iloc[_plan_order(actions)][cols].reset_index(drop=True)


def overdue_actions(actions: pd.DataFrame, report_date, params=None) -> pd.DataFrame:
    """Overdue actions, most overdue first: ref, area, action, owner, dates, days overdue,
    status and progress summary."""
    lst = action_list(actions, params, report_date)
    lst = lst.loc[lst["overdue"].to_numpy(dtype=bool)]
    cols = ["action_ref", "area", "action", "owner", "target_date", "revised_date",
            "effective_due_date", "days_overdue", "status_code", "status_label", "progress_summary"]
    keys = [(-int(d), natural_key(r)) for d, r in zip(lst["days_overdue"], lst["action_ref"])]
    idx = sorted(range(len(lst)), key=lambda i: keys[i])
    return lst.iloc[idx][cols].reset_index(drop=True)


ATTENTION = ("RED", "NOT_COMPLETED", "AMBER")  # the statuses a committee looks at first, worst first


def actions_needing_attention(actions: pd.DataFrame, params=None, report_date=None) -> pd.DataFrame:
    """The red (not completed by deadline) then amber actions, each group in plan order: the
    ``action_list`` rows seed 002 writes a narrative for."""
    lst = action_list(actions, params, report_date)
    rank = {code: i for i, code in enumerate(ATTENTION)}
    keep = [i for i, code in enumerate(lst["status_code"]) if code in rank]
    order = sorted(keep, key=lambda i: (rank[lst["status_code"].iloc[i]], i))
    return lst.iloc[order].reset_index(drop=True)


def deadline_revisions(actions: pd.DataFrame) -> pd.DataFrame:
    """Actions whose deadline has been revised (``revised_date`` set and different from
    ``target_date``): ref, area, action, owner, old date, new date, days moved, reason."""
    old, new = _dates(actions, "target_date"), _dates(actions, "revised_date")
    mask = (new.notna() & (new != old)).fillna(False).astype(bool)
    out = pd.DataFrame({
        "action_ref": _refs(actions), "area": _areas(actions), "action": _texts(actions, "action"),
        "owner": _texts(actions, "owner"), "old_date": old, "new_date": new,
        "days_moved": (new - old).dt.days.astype("Int64"),
        "reason": _texts(actions, "reason_for_revision"),
    }).loc[mask]
    return _sorted(out)


def actions_completed_in_period(actions: pd.DataFrame, period, params=None) -> pd.DataFrame:
    """Actions completed in ``period``, in plan order, with ``by_deadline`` (effective basis)."""
    lst = action_list(actions, params)
    order = _plan_order(actions)
    inside = completed_in_period(actions, period, params).to_numpy()[order]
    lst["by_deadline"] = completed_by_deadline(actions, "effective", params).to_numpy()[order]
    return lst.loc[inside].reset_index(drop=True)


# ---- measures -------------------------------------------------------------------------------
MEASURE_COLUMNS = [
    "measure_id", "area", "action_ref", "measure_type", "measure", "indicator_id", "unit",
    "polarity", "baseline_value", "baseline_period", "target_value", "target_label", "target_source",
    "target_date", "latest_value", "latest_hidden", "latest_period", "previous_value", "previous_period",
    "value_source",
    "change", "rag", "direction_of_travel", "rag_supplied", "direction_supplied", "disagrees",
    "disagreement", "source",
]


def _hidden(rows: pd.DataFrame) -> pd.Series:
    """Rows the disclosure-controlled view hid (``suppressed``); none in an unsuppressed frame."""
    if "suppressed" not in rows.columns:
        return pd.Series(False, index=rows.index)
    return rows["suppressed"].fillna(False).astype(bool)


def _shown_value(rows: pd.DataFrame) -> tuple[float, bool]:
    """(value, hidden) of the first of ``rows`` (NaN and False when there is none)."""
    if rows.empty:
        return np.nan, False
    return float(pd.to_numeric(rows["value"], errors="coerce").iloc[0]), bool(_hidden(rows).iloc[0])


def _indicator_values(indicators: pd.DataFrame | None, indicator_id: str, period, lag: int) -> dict | None:
    """Latest and previous value of an indicator from the long indicators frame: the latest
    whole month (coverage ``full``: a part month's figure is too low, not a fall) up to the
    period's last month that has a value or was hidden by disclosure control. A hidden month is
    ``latest_hidden`` (shown as the symbol, never replaced by an earlier month's value)."""
    if indicators is None or indicators.empty or not indicator_id:
        return None
    rows = indicators.loc[indicators["indicator_id"].astype("object") == indicator_id]
    if rows.empty:
        return None
    meta = {c: rows[c].dropna().iloc[0] for c in ("polarity", "unit")
            if c in rows.columns and rows[c].notna().any()}
    monthly = rows.loc[rows["period_type"] == "month"].copy()
    if "coverage" in monthly.columns:
        monthly = monthly.loc[monthly["coverage"].fillna("full").eq("full")]
    monthly = monthly.loc[pd.to_numeric(monthly["value"], errors="coerce").notna() | _hidden(monthly)]
    if period is not None and not monthly.empty:
        last = str(_period_obj(period).last_month)
        monthly = monthly.loc[monthly["month"].astype(str) <= last]
    if not monthly.empty:
        monthly = monthly.sort_values("month")
        latest = monthly.iloc[-1:]
        prev_month = str(pd.Period(str(latest["month"].iloc[0]), "M") - lag)
        prev = monthly.loc[monthly["month"].astype(str) == prev_month]
        value, hidden = _shown_value(latest)
        prev_value = _shown_value(prev)[0]
        out = {"latest_value": value, "latest_hidden": hidden, "latest_period": str(latest["month"].iloc[0]),
               "previous_value": prev_value, "previous_period": prev_month if len(prev) else ""}
        for c in ("denominator", "lower", "upper"):
            out[c] = latest[c].iloc[0] if c in monthly.columns else np.nan
        return {**meta, **out}
    if period is not None:
        p = _period_obj(period)
        per = rows.loc[rows["period_type"] == "period"]
        cur = per.loc[per["month"].astype(str) == p.label]
        value, hidden = _shown_value(cur)
        if pd.notna(value) or hidden:
            prv = per.loc[per["month"].astype(str) == p.previous().label]
            out = {"latest_value": value, "latest_hidden": hidden, "latest_period": p.label,
                   "previous_value": _shown_value(prv)[0],
                   "previous_period": p.previous().label if len(prv) else ""}
            for c in ("denominator", "lower", "upper"):
                out[c] = cur[c].iloc[0] if c in cur.columns else np.nan
            return {**meta, **out}
    return {**meta, "latest_value": np.nan} if meta else None


def _period_obj(period):
    """A ``periods.Period`` from a Period, a period string or a (start, end) pair."""
    if isinstance(period, str):
        from ..periods import parse_period
        return parse_period(period)
    if isinstance(period, (tuple, list)) and len(period) == 2:
        from ..periods import Period, canonical_label
        start, end = period_bounds(period)
        first, last = start.to_period("M"), end.to_period("M")
        return Period(first, last, canonical_label(first, last))
    return period


def measures_table(measures: pd.DataFrame, indicators: pd.DataFrame | None = None, params=None, *,
                   period=None, actions: pd.DataFrame | None = None) -> pd.DataFrame:
    """Measures with baseline, target, latest value, RAG and direction of travel.

    * latest/previous value: from ``indicators`` (long format: indicator_id, period_type, month,
      value; optional denominator, lower, upper, polarity, unit, coverage, suppressed) when
      ``indicator_id`` is set and the indicator has a value - the latest whole month up to the
      period's last month, compared with the month ``period.n_months`` earlier (3 when no period
      is given); else the supplied ``latest_value`` / ``previous_value``. ``value_source`` says
      which. Pass the open edition's disclosure-controlled view to show what the sections show:
      a hidden month is ``latest_hidden`` (shown as the symbol), rated grey and not compared.
    * target: a measure with an ``indicator_id`` that has a target in ``params.targets`` shows
      that target and tolerance (``target_source`` ``params``; a label such as "Under review" in
      ``target_label``), the one the indicator's section rates against; otherwise the measure's
      own (``target_source`` ``measure``). Finding IP-010 names plan targets that differ.
    * ``rag`` and ``direction_of_travel`` are computed (``rating``), with tolerance from the
      target's source, else absolute 5. A supplied ``rag`` / ``direction_of_travel`` is kept in
      ``rag_supplied`` / ``direction_supplied``; where it differs from the computed value,
      ``disagrees`` is True and ``disagreement`` says how (it is not overwritten silently).
    * area: the measure's own, else its action's area (when ``actions`` is given).
    """
    conv = getattr(params, "conventions", None)
    band_points = getattr(conv, "no_change_band_points", 1.0)
    band_relative = getattr(conv, "no_change_band_relative", 0.05)
    small = getattr(conv, "small_denominator", 10)
    lag = _period_obj(period).n_months if period is not None else 3
    target_for = getattr(params, "target_for", None)

    action_area: dict[str, str] = {}
    area_rank: dict[str, int] = {}
    if actions is not None and len(actions):
        action_area = dict(zip(_refs(actions), _areas(actions)))
        area_rank = {a: i for i, a in enumerate(_area_order(actions))}

    rows = []
    for _, m in measures.iterrows():
        get = lambda c: m[c] if c in m.index else np.nan  # noqa: E731
        ref, ind = _text(get("action_ref")), _text(get("indicator_id"))
        area = _text(get("area")) or action_area.get(ref, "") or NO_AREA
        unit, polarity = _text(get("unit")).lower(), rating.norm_polarity(get("polarity"))
        latest, latest_period = get("latest_value"), _text(get("latest_period"))
        previous, previous_period = get("previous_value"), ""
        denominator = lower = upper = np.nan
        hidden = False
        source = "supplied" if not pd.isna(pd.to_numeric(latest, errors="coerce")) else "none"
        found = _indicator_values(indicators, ind, period, lag) if ind else None
        if found is not None:
            unit = unit or _text(found.get("unit")).lower()
            polarity = polarity or rating.norm_polarity(found.get("polarity"))
            if not pd.isna(found.get("latest_value", np.nan)) or found.get("latest_hidden"):
                latest, latest_period = found["latest_value"], found["latest_period"]
                previous, previous_period = found["previous_value"], found["previous_period"]
                denominator, lower, upper = found["denominator"], found["lower"], found["upper"]
                # a hidden value is neither rated nor compared (either would hint at it); a hidden
                # previous month has no value in the view, so it is not compared either
                hidden = bool(found["latest_hidden"])
                source = "indicator"
        if ind and indicators is not None and source != "indicator":
            source = "supplied (indicator has no value)" if source == "supplied" else "none (indicator has no value)"
        latest = pd.to_numeric(latest, errors="coerce")
        previous = pd.to_numeric(previous, errors="coerce")
        target = pd.to_numeric(get("target_value"), errors="coerce")
        tol_type, band = _text(get("tolerance_type")).lower() or None, pd.to_numeric(get("amber_band"), errors="coerce")
        # one target per measure: an indicator's target is the report's (params targets), the one
        # its section rates against; a plan target that differs is finding IP-010
        report_target = target_for(ind) if ind and callable(target_for) else None
        if report_target is not None:
            target = np.nan if report_target.target is None else float(report_target.target)
            tol_type, band = report_target.tolerance_type, report_target.amber_band
        rag_ = rating.rag(latest, target, polarity, tolerance_type=tol_type, amber_band=band,
                          denominator=denominator if unit == "percent" else None,
                          lower=lower, upper=upper, small_denominator=small)
        dot = rating.direction(latest, previous, polarity, unit, band_points=band_points,
                               band_relative=band_relative)
        if hidden:
            rag_, dot = rating.GREY, rating.NOT_APPLICABLE
        rag_in, dot_in = rating.norm_rag(get("rag")), rating.norm_dot(get("direction_of_travel"))
        notes = []
        if rag_in is not None and rag_in != rag_:
            notes.append(f"RAG supplied {rag_in}, computed {rag_}")
        if dot_in is not None and dot_in != dot:
            notes.append(f"direction supplied {dot_in}, computed {dot}")
        rows.append({
            "measure_id": _text(get("measure_id")), "area": area, "action_ref": ref,
            "measure_type": _text(get("measure_type")).upper(), "measure": _text(get("measure")),
            "indicator_id": ind, "unit": unit, "polarity": polarity or "",
            "baseline_value": pd.to_numeric(get("baseline_value"), errors="coerce"),
            "baseline_period": _text(get("baseline_period")), "target_value": target,
            "target_label": _text(getattr(report_target, "label", None)),
            "target_source": "params" if report_target is not None else "measure",
            "target_date": pd.to_datetime(get("target_date"), errors="coerce"),
            "latest_value": latest, "latest_hidden": hidden, "latest_period": latest_period,
            "previous_value": previous, "previous_period": previous_period,
            "value_source": source,
            "change": (latest - previous) if not (pd.isna(latest) or pd.isna(previous)) else np.nan,
            "rag": rag_, "direction_of_travel": dot, "rag_supplied": rag_in or "",
            "direction_supplied": dot_in or "", "disagrees": bool(notes),
            "disagreement": "; ".join(notes), "source": _text(get("source")),
        })
    out = pd.DataFrame(rows, columns=MEASURE_COLUMNS)
    if out.empty:
        return out
    for c in ("baseline_value", "target_value", "latest_value", "previous_value", "change"):
        out[c] = out[c].astype("float64")
    out["target_date"] = pd.to_datetime(out["target_date"])
    type_rank = {t: i for i, t in enumerate(MEASURE_TYPES)}
    seen: dict[str, int] = {}
    for a in out["area"]:
        seen.setdefault(a, len(seen))
    keys = [(area_rank.get(a, len(area_rank) + seen[a]), type_rank.get(t, len(type_rank)),
             natural_key(r), natural_key(i))
            for a, t, r, i in zip(out["area"], out["measure_type"], out["action_ref"], out["measure_id"])]
    idx = sorted(range(len(out)), key=lambda i: keys[i])
    return out.iloc[idx].reset_index(drop=True)


def measure_rag_counts(table: pd.DataFrame) -> pd.DataFrame:
    """RAG counts per measure type from ``measures_table`` (seed 004's '23 indicators green')."""
    cols = ["GREEN", "AMBER", "RED", "GREY"]
    if table.empty:
        return pd.DataFrame(columns=cols)
    ct = pd.crosstab(table["measure_type"], table["rag"])
    order = [t for t in MEASURE_TYPES if t in ct.index] + [t for t in ct.index if t not in MEASURE_TYPES]
    return ct.reindex(index=order, columns=cols, fill_value=0).astype(int)


__all__.append("measure_rag_counts")
__all__.append("fmt_pct")


# ---- changes since the previous snapshot ----------------------------------------------------
CHANGE_LABELS = {"new": "New action", "removed": "Removed from the plan",
                 "status": "Status changed", "deadline": "Deadline revised"}
CHANGE_COLUMNS = ["action_ref", "area", "action", "change", "change_label", "old_status",
                  "new_status", "status_direction", "old_due_date", "new_due_date", "reason"]


def _snapshot(actions: pd.DataFrame, scheme: StatusScheme) -> pd.DataFrame:
    snap = pd.DataFrame({
        "action_ref": _refs(actions).to_numpy(), "area": _areas(actions).to_numpy(),
        "action": _texts(actions, "action").to_numpy(),
        "status": status_codes(actions, scheme).to_numpy(),
        "due": effective_due_date(actions).to_numpy(),
        "reason": _texts(actions, "reason_for_revision").to_numpy(),
    })
    snap = snap.loc[snap["action_ref"] != ""]
    return snap.drop_duplicates("action_ref", keep="first").set_index("action_ref")


def changes_since(previous_actions: pd.DataFrame, current_actions: pd.DataFrame, params=None) -> pd.DataFrame:
    """What changed between two snapshots of the tracker, matched on ``action_ref``.

    One row per change (an action can have a status and a deadline change): ``change`` is
    ``new``, ``removed``, ``status`` (with ``status_direction`` ``improved`` / ``worsened`` /
    ``changed`` by the scale's order, e.g. GREEN -> RED is worsened) or ``deadline`` (effective
    due date moved; ``reason`` is the current reason_for_revision). Grouped new, status,
    deadline, removed; natural action_ref order within each group."""
    scheme = status_scheme(params)
    from .statuses import RANK
    prev, cur = _snapshot(previous_actions, scheme), _snapshot(current_actions, scheme)
    rows = []
    for ref in cur.index.difference(prev.index, sort=False):
        c = cur.loc[ref]
        rows.append({"action_ref": ref, "area": c["area"], "action": c["action"], "change": "new",
                     "old_status": "", "new_status": c["status"], "status_direction": "",
                     "old_due_date": pd.NaT, "new_due_date": c["due"], "reason": ""})
    for ref in prev.index.difference(cur.index, sort=False):
        p = prev.loc[ref]
        rows.append({"action_ref": ref, "area": p["area"], "action": p["action"], "change": "removed",
                     "old_status": p["status"], "new_status": "", "status_direction": "",
                     "old_due_date": p["due"], "new_due_date": pd.NaT, "reason": ""})
    for ref in cur.index.intersection(prev.index, sort=False):
        p, c = prev.loc[ref], cur.loc[ref]
        if p["status"] != c["status"]:
            rp, rc = RANK.get(p["status"]), RANK.get(c["status"])
            direction = ("changed" if rp is None or rc is None else
                         "improved" if rc < rp else "worsened")
            rows.append({"action_ref": ref, "area": c["area"], "action": c["action"], "change": "status",
                         "old_status": p["status"], "new_status": c["status"],
                         "status_direction": direction, "old_due_date": p["due"],
                         "new_due_date": c["due"], "reason": ""})
        same_due = (pd.isna(p["due"]) and pd.isna(c["due"])) or (p["due"] == c["due"])
        if not same_due:
            rows.append({"action_ref": ref, "area": c["area"], "action": c["action"], "change": "deadline",
                         "old_status": p["status"], "new_status": c["status"], "status_direction": "",
                         "old_due_date": p["due"], "new_due_date": c["due"], "reason": c["reason"]})
    out = pd.DataFrame(rows, columns=[c for c in CHANGE_COLUMNS if c != "change_label"])
    out.insert(4, "change_label", [CHANGE_LABELS[c] for c in out["change"]])
    out["old_due_date"] = pd.to_datetime(out["old_due_date"])
    out["new_due_date"] = pd.to_datetime(out["new_due_date"])
    if out.empty:
        return out
    change_rank = {k: i for i, k in enumerate(["new", "status", "deadline", "removed"])}
    keys = [(change_rank[c], natural_key(r)) for c, r in zip(out["change"], out["action_ref"])]
    idx = sorted(range(len(out)), key=lambda i: keys[i])
    return out.iloc[idx].reset_index(drop=True)
