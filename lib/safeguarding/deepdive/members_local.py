"""Members of the local-extract indicators: LADO, private fostering, young carers, proceedings.

As ``members.py``: each function is built on the indicator module's own derived frame
(``lado.derived_frame``, ``private_fostering.arrangements`` / ``initial_visits`` /
``due_visits``, ``young_carers.completed_assessments``, ``proceedings.pre_proceedings_derived`` /
``applications_derived``) with the indicator's window test, so the counts are the indicator's.

Units follow the indicators: a LADO row is a contact about an adult (no child characteristics);
a private-fostering row is an arrangement (one row per reg 8 visit due, so an arrangement with
two visits due in the window is listed twice); a pre-proceedings row is a child; a care
proceedings row is an *application* (Cafcass's unit), shown on its first child's row with
``children`` and ``child_ids`` naming all of them.

Not listed: ``care_proceedings_avg_weeks`` - its numerator is a sum of weeks, not records; the
applications behind it, with their weeks, are ``care_proceedings_within_26wk_pct``'s rows.
"""
from __future__ import annotations

import numpy as np
import pandas as pd

from ..indicators import lado as L
from ..indicators import private_fostering as PF
from ..indicators import proceedings as PR
from ..indicators import young_carers as YC
from ..indicators.base import in_window, open_at
from .members import Members, members


def _subset(ctx, table: str, frame: pd.DataFrame, hit, numerator=None, denominator=None,
            date_column: str = "", **fields) -> Members:
    """Members from a derived frame whose index is the tidy table's: rows where ``hit``."""
    hit = np.asarray(hit, dtype=bool)
    rows = ctx.tables[table].index.get_indexer(frame.index[hit])
    num = np.ones(len(rows), dtype=bool) if numerator is None else np.asarray(numerator, dtype=bool)[hit]
    den = None if denominator is None else np.asarray(denominator, dtype=bool)[hit]
    if den is not None:
        num = num & den
    return Members(table, rows, num, den, {k: np.asarray(v)[hit] for k, v in fields.items()},
                   date_column)


# ---- LADO -----------------------------------------------------------------------------------

@members("lado_contacts", "lado_threshold_met_pct", "lado_strategy_meetings", "lado_concluded",
         "lado_concluded_1m_pct", "lado_concluded_3m_pct", "lado_concluded_12m_pct")
def _lado(ctx, start, end, indicator_id):
    frame = L.derived_frame(ctx)
    fields = {"taken_forward": frame["taken_forward"].to_numpy(),
              "days_to_conclusion": frame["days_to_conclusion"].to_numpy()}
    received = in_window(frame["date_received"], start, end).to_numpy()
    if indicator_id == "lado_contacts":
        return _subset(ctx, L.TABLE, frame, received, date_column="date_received", **fields)
    if indicator_id == "lado_threshold_met_pct":
        return _subset(ctx, L.TABLE, frame, received, frame["taken_forward"], frame["threshold_decided"],
                       "date_received", **fields)
    if indicator_id == "lado_strategy_meetings":
        return _subset(ctx, L.TABLE, frame, in_window(frame["strategy_meeting_date"], start, end),
                       date_column="strategy_meeting_date", **fields)
    concluded = frame["taken_forward"].to_numpy() & in_window(frame["date_concluded"], start, end).to_numpy()
    if indicator_id == "lado_concluded":
        return _subset(ctx, L.TABLE, frame, concluded, date_column="date_concluded", **fields)
    position = ["lado_concluded_1m_pct", "lado_concluded_3m_pct", "lado_concluded_12m_pct"].index(indicator_id)
    within = (frame["days_to_conclusion"] <= ctx.conventions.lado_conclusion_days[position]).to_numpy()
    return _subset(ctx, L.TABLE, frame, concluded, within, concluded, "date_concluded", **fields)


# ---- private fostering ----------------------------------------------------------------------

ARRANGEMENTS = "pf_arrangements"


@members("pf_notifications", "pf_new_arrangements", "pf_open_arrangements")
def _pf_arrangements(ctx, start, end, indicator_id):
    arr = PF.arrangements(ctx)
    fields = {"arrangement_start": arr["start"].to_numpy(), "not_private_fostering": arr["not_pf"].to_numpy()}
    if indicator_id == "pf_notifications":
        hit = in_window(arr["notification_date"], start, end)
    elif indicator_id == "pf_new_arrangements":
        hit = ~arr["not_pf"] & in_window(arr["start"], start, end)
    else:
        hit = ~arr["not_pf"] & open_at(arr["start"], arr["end_date"], end)
    return _subset(ctx, ARRANGEMENTS, arr, hit, date_column="notification_date", **fields)


@members("pf_initial_visit_in_time_pct")
def _pf_initial_visits(ctx, start, end, indicator_id):
    frame = PF.initial_visits(ctx)
    window = in_window(frame["start"], start, end).to_numpy()
    return _subset(ctx, ARRANGEMENTS, frame, window, frame["in_time"], window, "notification_date",
                   arrangement_start=frame["start"].to_numpy(), first_visit=frame["first_visit"].to_numpy(),
                   working_days_to_visit=frame["working_days_to_visit"].to_numpy())


@members("pf_visits_in_time_pct")
def _pf_visits(ctx, start, end, indicator_id):
    events = PF.due_visits(ctx)
    due = events[in_window(events["due_date"], start, end).to_numpy()]
    # arrangement_id is unique in the extract (rule PF uniqueness): one row per visit due
    ids = ctx.tables[ARRANGEMENTS]["arrangement_id"]
    position = pd.Series(np.arange(len(ids)), index=ids.to_numpy())
    position = position[~position.index.duplicated()]
    rows = position.reindex(due["arrangement_id"].to_numpy()).to_numpy()
    return Members(ARRANGEMENTS, rows, due["in_time"].to_numpy(), np.ones(len(due), dtype=bool),
                   {"clock_from": due["previous"].to_numpy(), "limit_days": due["limit_days"].to_numpy(),
                    "due_date": due["due_date"].to_numpy(), "visit_date": due["visit_date"].to_numpy()},
                   "notification_date")


# ---- young carers ---------------------------------------------------------------------------

@members("yc_identified", "yc_open", "yc_assessed", "yc_supported")
def _young_carers(ctx, start, end, indicator_id):
    yc = ctx.tables[YC.TABLE]
    if indicator_id == "yc_open":
        return _subset(ctx, YC.TABLE, yc, open_at(yc["identified_date"], yc["end_date"], end),
                       date_column="identified_date")
    column = {"yc_identified": "identified_date", "yc_assessed": "assessment_completed_date",
              "yc_supported": "support_plan_start_date"}[indicator_id]
    return _subset(ctx, YC.TABLE, yc, in_window(yc[column], start, end), date_column=column)


@members("yc_assessed_in_time_pct")
def _young_carer_assessments(ctx, start, end, indicator_id):
    frame = YC.completed_assessments(ctx)
    window = in_window(frame["assessment_completed_date"], start, end).to_numpy()
    return _subset(ctx, YC.TABLE, frame, window, frame["in_time"], window, "assessment_completed_date",
                   clock_start=frame["clock_start"].to_numpy(), working_days=frame["working_days"].to_numpy())


# ---- proceedings ----------------------------------------------------------------------------

@members("pre_proceedings_started", "pre_proceedings_issued", "pre_proceedings_stepped_down",
         "pre_proceedings_open")
def _pre_proceedings(ctx, start, end, indicator_id):
    pp = PR.pre_proceedings_derived(ctx)
    fields = {"outcome": pp["outcome"].to_numpy(dtype=object), "pre_proceedings_end": pp["pp_end"].to_numpy(),
              "weeks_in_pre_proceedings": pp["pp_weeks"].to_numpy()}
    if indicator_id == "pre_proceedings_started":
        return _subset(ctx, PR.TABLE, pp, in_window(pp["prep_pre_pro_decision_date"], start, end),
                       date_column="prep_pre_pro_decision_date", **fields)
    if indicator_id == "pre_proceedings_open":
        hit = ~pp["undatable"] & open_at(pp["prep_pre_pro_decision_date"], pp["pp_end"], end)
        return _subset(ctx, PR.TABLE, pp, hit, date_column="prep_pre_pro_decision_date", **fields)
    kind = "issue" if indicator_id == "pre_proceedings_issued" else "step_down"
    hit = (pp["outcome"] == kind).fillna(False).astype(bool) \
        & in_window(pp["prep_agree_stepdown_issue_date"], start, end)
    return _subset(ctx, PR.TABLE, pp, hit, date_column="prep_agree_stepdown_issue_date", **fields)


def _application_rows(ctx) -> pd.DataFrame:
    """``applications_derived`` with, per application, its first row in the extract and its
    children's ids."""
    def build():
        pp = ctx.tables[PR.TABLE]
        issued = pp[pp["care_proc_issue_date"].notna()]
        linked = pd.DataFrame({"application": PR.application_keys(issued).to_numpy(),
                               "pos": pp.index.get_indexer(issued.index),
                               "child": issued["prep_person_id"].astype("string").fillna("").to_numpy()})
        per_app = linked.groupby("application", sort=False).agg(
            pos=("pos", "min"), child_ids=("child", lambda c: ", ".join(x for x in c if x)))
        return PR.applications_derived(ctx).join(per_app, on="application")
    return ctx.cached("care_applications_rows", build)


@members("care_applications", "care_applications_rate_r12", "care_proceedings_concluded",
         "care_proceedings_within_26wk_pct", "care_proceedings_open")
def _applications(ctx, start, end, indicator_id):
    apps = _application_rows(ctx)
    if indicator_id in ("care_applications", "care_applications_rate_r12"):
        hit = in_window(apps["issue_date"], start, end).to_numpy()
    elif indicator_id == "care_proceedings_open":
        hit = open_at(apps["issue_date"], apps["concluded_date"], end).to_numpy()
    else:
        hit = in_window(apps["concluded_date"], start, end).to_numpy()
    chosen = apps[hit]
    numerator = np.ones(len(chosen), dtype=bool)
    denominator = None
    if indicator_id == "care_proceedings_within_26wk_pct":
        numerator = (chosen["days"] <= 7 * ctx.conventions.proceedings_target_weeks).to_numpy()
        denominator = np.ones(len(chosen), dtype=bool)
    return Members(PR.TABLE, chosen["pos"].to_numpy(), numerator, denominator,
                   {"application": chosen["application"].to_numpy(), "children": chosen["children"].to_numpy(),
                    "child_ids": chosen["child_ids"].to_numpy(), "issue_date": chosen["issue_date"].to_numpy(),
                    "concluded_date": chosen["concluded_date"].to_numpy(),
                    "weeks": (chosen["days"] / 7).to_numpy()},
                   "care_proc_issue_date")
