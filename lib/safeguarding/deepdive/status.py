"""Where a child stood at a date: status, allocation, last visit and last review *as at* that
date, never as at the extract.

Annex A's "date of last statutory visit", "date of latest review conference", "date child last
seen" and "case status" describe the day the lists were extracted. Asked about 31 December with
an extract of 10 January, they can show a visit of 8 January. Every field here is the latest on
or before the date asked (``as_at``):

* **Visits and reviews** come from the case-activity extract (``case_activity.csv``: CP_VISIT,
  CIN_VISIT, RCPC, CIN_REVIEW, CORE_GROUP, STRATEGY_DISCUSSION, one row per event; see
  docs/deep-dive.md). Where it holds no row of a type at all, the Annex A snapshot field is used
  when it is on or before ``as_at`` (then no later event can lie between it and ``as_at``:
  the snapshot is the latest up to the extract) and is otherwise unknown (``NaT``, with
  ``*_known`` False), never a date after ``as_at``. CIN reviews have no Annex A field.
* **Status** at ``as_at`` is built from the episodes open then (``base.open_at``): looked after
  (List 8), else on a CP plan (List 7), else child in need (List 6) - with an open assessment
  (List 4) and no plan yet it is "Open assessment", as Annex A's case status codes it.
* **Team and worker**: Annex A records one allocation per record, as at the extract. The team and
  worker shown are those of the record that gives the status at ``as_at`` (the care episode, else
  the CP plan, else the CIN episode open then, the latest started if several) - the nearest the
  lists come to the allocation at that date; a change of worker within an episode is not in them.
* **Intervals** are the report's settings (``params`` ``conventions``; defaults in brackets):
  CP visits ``cp_visit_working_days`` (10 working days, local standard), CIN visits
  ``cin_visit_working_days`` (20 working days, local standard), CIN plan reviews
  ``cin_review_months`` (3 months, local standard), review conferences ``rcpc_first_months``
  then ``rcpc_subsequent_months`` (3 then 6 months, Working Together). The overdue rules are the
  indicators' own (cin.py, cp.py): a visit is overdue when more than the standard in working
  days has passed since it (or since the plan started, with no visit since); a CIN review when
  none was held in the last ``cin_review_months`` and the plan is older than that; a review
  conference when the next one (start + 3 months, then the last + 6 months) fell due on or before
  ``as_at``.
"""
from __future__ import annotations

import numpy as np
import pandas as pd

from ..indicators import cin as C
from ..indicators.base import Context
from ..inputs.codes import code_list_for
from ..workdays import working_days_between

STATUS = {"LAC": "Looked after", "CPP": "CP plan", "ASMT": "Open assessment", "CINP": "Child in need",
          "CLOSED": "Not open"}
# Annex A snapshot field standing in for each activity type when case_activity has none of it
SNAPSHOT = {"CP_VISIT": ("cp_plans", "last_visit_date"), "RCPC": ("cp_plans", "latest_review_date"),
            "CIN_VISIT": ("cin", "last_seen_date")}
SETTINGS = ("cp_visit_working_days", "cin_visit_working_days", "cin_review_months", "rcpc_first_months",
            "rcpc_subsequent_months")


def _activity(ctx: Context, types) -> pd.DataFrame | None:
    """case_activity rows of ``types`` as (child_id, date, seen_alone); None when none at all."""
    act = ctx.tables.get("case_activity")
    if act is None or not len(act):
        return None
    kind = act["activity_type"].astype("string").str.strip().str.upper()
    rows = act[kind.isin(list(types)).fillna(False).to_numpy(dtype=bool)]
    if not len(rows):
        return None
    out = pd.DataFrame({"child_id": rows["child_id"].astype("string").str.strip().to_numpy(),
                        "date": rows["activity_date"].to_numpy(dtype="datetime64[ns]"),
                        "seen_alone": rows["seen_alone"].to_numpy() if "seen_alone" in rows else pd.NA})
    return out.dropna(subset=["child_id", "date"])


def latest_between(ctx: Context, types, child_id: pd.Series, lo: pd.Series | None, hi: pd.Series,
                   snapshot: pd.Series | None = None) -> pd.DataFrame:
    """For each row (child, lo, hi): the latest event of ``types`` on or before ``hi`` and not
    before ``lo`` - columns ``date``, ``known``, ``seen_alone``, ``source``.

    ``snapshot`` (one Annex A value per row) is used when case_activity holds no event of these
    types: the value when it is on or before ``hi`` (and not before ``lo``), else unknown.
    """
    n = len(child_id)
    hi = pd.Series(pd.to_datetime(hi).to_numpy(dtype="datetime64[ns]"))
    lo = None if lo is None else pd.Series(pd.to_datetime(lo).to_numpy(dtype="datetime64[ns]"))
    events = _activity(ctx, types)
    if events is None and snapshot is not None:
        value = pd.Series(pd.to_datetime(snapshot).to_numpy(dtype="datetime64[ns]"))
        known = (value.isna() | (value <= hi)).to_numpy()
        date = value.where(value <= hi)
        if lo is not None:
            date = date.where(~(date < lo))
        return pd.DataFrame({"date": date.to_numpy(), "known": known, "seen_alone": pd.NA,
                             "source": "Annex A (as at the extract)"})
    if events is None or not n:
        return pd.DataFrame({"date": np.full(n, np.datetime64("NaT"), dtype="datetime64[ns]"),
                             "known": np.full(n, events is not None), "seen_alone": pd.NA,
                             "source": "case activity" if events is not None else "none"})
    left = pd.DataFrame({"child_id": child_id.astype("string").str.strip().to_numpy(), "hi": hi.to_numpy(),
                         "row": np.arange(n)})
    valid = left["hi"].notna() & left["child_id"].notna()
    found = pd.merge_asof(left[valid].sort_values("hi"), events.sort_values("date"), left_on="hi",
                          right_on="date", by="child_id", direction="backward")
    out = pd.DataFrame({"date": np.full(n, np.datetime64("NaT"), dtype="datetime64[ns]"),
                        "known": True, "seen_alone": pd.Series([pd.NA] * n, dtype=object),
                        "source": "case activity"})
    rows = found["row"].to_numpy()
    out.loc[rows, "date"] = found["date"].to_numpy()
    out.loc[rows, "seen_alone"] = found["seen_alone"].to_numpy()
    if lo is not None:
        before = (out["date"] < lo).to_numpy()
        out.loc[before, "date"] = pd.NaT
        out.loc[before, "seen_alone"] = pd.NA
    return out


def _open_rows(t: pd.DataFrame, start: str, end: str, at: pd.Timestamp) -> pd.DataFrame:
    open_ = (t[start] <= at) & (t[end].isna() | (t[end] > at))
    return t[open_.fillna(False).to_numpy(dtype=bool)]


def allocation_at(tables, child_ids: pd.Series, at: pd.Timestamp) -> pd.DataFrame:
    """Status code (``STATUS``), team and worker of each child at ``at`` (see the module
    docstring), one row per entry of ``child_ids``."""
    ids = child_ids.astype("string").str.strip()
    out = pd.DataFrame({"child_id": ids.to_numpy(), "status_code": "CLOSED", "team": pd.NA, "worker": pd.NA})
    out = out.astype({"team": object, "worker": object})
    # lowest priority first, so a higher one overwrites it
    for code, table, start, end in [("CINP", "cin", "cin_start_date", "cin_closure_date"),
                                    ("CPP", "cp_plans", "cpp_start_date", "cpp_end_date"),
                                    ("LAC", "looked_after", "cla_start_date", "cla_end_date")]:
        t = tables.get(table)
        if t is None or not len(t):
            continue
        open_ = _open_rows(t, start, end, at).sort_values(start, kind="stable")
        latest = open_.assign(_id=open_["child_id"].astype("string").str.strip()).drop_duplicates("_id", keep="last")
        latest = latest.set_index("_id")
        hit = ids.isin(latest.index).to_numpy()
        if not hit.any():
            continue
        out.loc[hit, "status_code"] = code
        for column in ("team", "worker"):
            if column in latest:
                out.loc[hit, column] = latest[column].reindex(ids[hit]).to_numpy()
    assessments = tables.get("assessments")
    if assessments is not None and len(assessments):
        open_ = _open_rows(assessments, "assessment_start_date", "assessment_auth_date", at)
        assessing = ids.isin(set(open_["child_id"].astype("string").str.strip())).to_numpy()
        out.loc[assessing & out["status_code"].isin(["CINP", "CLOSED"]).to_numpy(), "status_code"] = "ASMT"
    out["status"] = out["status_code"].map(STATUS)
    return out


def _settings(ctx: Context, overrides: dict) -> dict:
    unknown = [k for k in overrides if k not in SETTINGS]
    if unknown:
        raise ValueError(f"unknown setting '{unknown[0]}'; valid: {', '.join(SETTINGS)}")
    return {k: int(overrides.get(k, getattr(ctx.conventions, k))) for k in SETTINGS}


def drift_fields(ctx: Context, child_ids: pd.Series, start: pd.Series, as_at: pd.Timestamp,
                 service: str, **settings) -> pd.DataFrame:
    """Status, team, worker, last visit and last review of each child at ``as_at``, with the
    days since each and whether it is overdue under the settings (``SETTINGS``; the report's
    ``conventions`` unless given). ``start``: each child's episode start (the plan or CIN
    episode the drift is measured on), so a review before it does not count.

    ``service``: "cp" (visits: CP_VISIT; reviews: RCPC) or "cin" (visits: CIN_VISIT or
    CP_VISIT; reviews: CIN_REVIEW, for children on a CIN plan - not looked after, not on a plan).
    """
    conv = _settings(ctx, settings)
    ids = child_ids.astype("string").reset_index(drop=True)
    start = pd.Series(pd.to_datetime(start).to_numpy(dtype="datetime64[ns]"))
    at = pd.Series(np.full(len(ids), np.datetime64(as_at, "ns")))
    out = allocation_at(ctx.tables, ids, as_at)
    looked_after = out["status_code"].eq("LAC").to_numpy()
    on_plan = _open_child(ctx, "cp_plans", "cpp_start_date", "cpp_end_date", ids, as_at)
    out["looked_after"] = looked_after
    out["on_cp_plan"] = on_plan

    visit_types = ["CP_VISIT"] if service == "cp" else ["CIN_VISIT", "CP_VISIT"]
    snap_type = "CP_VISIT" if service == "cp" else "CIN_VISIT"
    visit = latest_between(ctx, visit_types, ids, None, at, _snapshot(ctx, snap_type, ids, as_at))
    out["last_visit"] = visit["date"].to_numpy()
    out["last_visit_known"] = visit["known"].to_numpy()
    out["last_visit_seen_alone"] = visit["seen_alone"].to_numpy()
    out["working_days_since_visit"] = working_days_between(out["last_visit"], at)
    standard = np.where(on_plan, conv["cp_visit_working_days"], conv["cin_visit_working_days"])
    since_start = working_days_between(start, at)
    since_visit = out["working_days_since_visit"].to_numpy(dtype=float)
    visited_since_start = out["last_visit"].notna().to_numpy() & (out["last_visit"] >= start).to_numpy()
    overdue = ~(since_visit <= standard) & (visited_since_start | (since_start > standard))
    out["visit_standard_working_days"] = standard
    # care visits follow the care planning regulations and are not in the extract
    out["visit_overdue"] = pd.array(np.where(looked_after, pd.NA, overdue), dtype="boolean")
    out.loc[~out["last_visit_known"].to_numpy(), "visit_overdue"] = pd.NA

    if service == "cp":
        review = latest_between(ctx, ["RCPC"], ids, start, at, _snapshot(ctx, "RCPC", ids, as_at))
        last = pd.Series(review["date"].to_numpy())
        first_due = start + pd.DateOffset(months=conv["rcpc_first_months"])
        due = (last + pd.DateOffset(months=conv["rcpc_subsequent_months"])).fillna(first_due)
        overdue = (due <= as_at).to_numpy()
        out["last_review"] = last.to_numpy()
        out["review_kind"] = "Review child protection conference"
    else:
        review = latest_between(ctx, ["CIN_REVIEW"], ids, start, at)
        last = pd.Series(review["date"].to_numpy())
        due = (last.fillna(start) + pd.DateOffset(months=conv["cin_review_months"]))
        overdue = (due < as_at).to_numpy()
        out["last_review"] = last.to_numpy()
        out["review_kind"] = "CIN plan review"
        overdue = np.where(looked_after | on_plan, False, overdue)  # reviewed as CLA or by conference
        due = due.where(~(looked_after | on_plan))
    out["last_review_known"] = review["known"].to_numpy()
    out["days_since_review"] = (at - out["last_review"]).dt.days.astype("Int64")
    out["next_review_due"] = due.to_numpy()
    out["review_overdue"] = pd.array(np.where(review["known"].to_numpy(), overdue, pd.NA), dtype="boolean")
    if service == "cin":
        out.loc[looked_after | on_plan, "review_overdue"] = pd.NA
    out.attrs["settings"] = conv
    out.attrs["sources"] = {"visits": visit["source"].iloc[0] if len(visit) else "",
                            "reviews": review["source"].iloc[0] if len(review) else ""}
    return out


def _open_child(ctx: Context, table: str, start: str, end: str, ids: pd.Series, at) -> np.ndarray:
    t = ctx.tables.get(table)
    if t is None or not len(t):
        return np.zeros(len(ids), dtype=bool)
    open_ids = set(_open_rows(t, start, end, at)["child_id"].astype("string").str.strip())
    return ids.isin(open_ids).to_numpy()


def _snapshot(ctx: Context, activity_type: str, ids: pd.Series, as_at) -> pd.Series | None:
    """The Annex A field standing in for ``activity_type``, one value per child: the value on the
    child's episode open at ``as_at`` (latest started), else their latest value."""
    table, column = SNAPSHOT[activity_type]
    t = ctx.tables.get(table)
    if t is None or not len(t) or column not in t:
        return None
    start, end = ("cpp_start_date", "cpp_end_date") if table == "cp_plans" else ("cin_start_date", "cin_closure_date")
    rows = t.assign(_id=t["child_id"].astype("string").str.strip(),
                    _open=(t[start] <= as_at) & (t[end].isna() | (t[end] > as_at)))
    rows = rows.sort_values(["_open", start], kind="stable").drop_duplicates("_id", keep="last")
    return rows.set_index("_id")[column].reindex(ids.to_numpy()).reset_index(drop=True)


# ---- the Annex A snapshot columns of a cohort, restated as at its window's end ---------------

def restate_snapshot_columns(ctx: Context, table: str, frame: pd.DataFrame, at: pd.Timestamp) -> list[str]:
    """Replace the Annex A snapshot columns of cohort rows (``frame``: labelled rows of
    ``table``) by their values as at ``at``: the latest event within the row's own episode and
    on or before ``at``. Returns the columns restated."""
    if not len(frame):
        return []
    done = []
    if table == "cp_plans":
        hi = frame["cpp_end_date"].where(frame["cpp_end_date"] < at, at).fillna(at)
        lo = frame["cpp_start_date"]
        visit = latest_between(ctx, ["CP_VISIT"], frame["child_id"], lo, hi, frame.get("last_visit_date"))
        frame["last_visit_date"] = visit["date"].to_numpy()
        if "seen_alone" in frame and visit["source"].iloc[0] == "case activity":
            frame["seen_alone"] = visit["seen_alone"].to_numpy()
        review = latest_between(ctx, ["RCPC"], frame["child_id"], lo, hi, frame.get("latest_review_date"))
        frame["latest_review_date"] = review["date"].to_numpy()
        done += ["last_visit_date", "seen_alone", "latest_review_date"]
    elif table == "cin":
        end = frame["cin_closure_date"]
        hi = end.where(end < at, at).fillna(at)
        seen = latest_between(ctx, ["CIN_VISIT", "CP_VISIT"], frame["child_id"], frame["cin_start_date"], hi,
                              frame.get("last_seen_date"))
        frame["last_seen_date"] = seen["date"].to_numpy()
        status = allocation_at(ctx.tables, frame["child_id"], at)["status_code"].to_numpy(dtype=object)
        closed = (end.notna() & (end <= at)).to_numpy()
        frame["case_status"] = np.where(closed, "CLOSED", status)
        if "case_status_label" in frame:
            frame["case_status_label"] = frame["case_status"].map(code_list_for("cin", "case_status").labels)
        done += ["last_seen_date", "case_status"]
    return done


__all__ = ["drift_fields", "allocation_at", "latest_between", "restate_snapshot_columns", "STATUS",
           "SETTINGS"]
