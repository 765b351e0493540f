"""Breakdowns of the quality-of-practice and out-of-hours sections, and the whole-service caseload.

* ``audit_grades_by_area``: graded case audits in the window by service area, good or outstanding
  against requires improvement or inadequate, as the indicators count them (``indicators.quality``).
* ``audit_themes``: audits in the window recording each theme (strengths or areas for
  improvement the auditor noted, ``qa_theme`` codes).
* ``feedback_by_area``: family feedback responses in the window by service area, with what the
  averages and percentages are built from (scores and their sum, yes answers and answers).
* ``ooh_outcomes_by_timing``: out-of-hours contacts in the window by outcome and by when they came
  in (``out_of_hours.contact_timing``).
* ``caseload_by_team``: children in need at a date (an open List 6 episode, which in Annex A
  starts at referral, so it covers children being assessed, on CIN and CP plans and looked after)
  - each child once, in the team of their most recent open episode - with the number of social
  workers holding them. The children add up to ``cin_open`` (published in the CIN section), so
  the table adds no total that could be set against another figure.

Service areas and outcomes keep the code lists' order and labels (``inputs/codes/``); a blank or
unrecognised code is "Not recorded".
"""
from __future__ import annotations

import numpy as np
import pandas as pd

from .base import in_window, open_at
from .out_of_hours import TIMINGS, contact_timing
from .quality import GOOD_OR_BETTER, GRADES

NOT_RECORDED = "Not recorded"
# Two groups: inadequate audits are few in any one service area, and as a column of their own they
# would hide most of the table; the quarterly table gives the % inadequate for the whole service.
GRADE_COLUMNS = ["Good or outstanding", "Requires improvement or inadequate"]


def _labels(code_list: str) -> list[tuple[str, str]]:
    from ..inputs.codes import load_code_list

    codes = load_code_list(code_list)
    return [(c, codes.labels[c]) for c in codes.codes]


def _label(values: pd.Series, code_list: str) -> pd.Series:
    labels = dict(_labels(code_list))
    return values.astype("string").map(labels).fillna(NOT_RECORDED).astype(object)


def _order(labels: pd.Index, code_list: str) -> list[str]:
    order = [lab for _, lab in _labels(code_list)] + [NOT_RECORDED]
    return [lab for lab in order if lab in set(labels)]


def audit_grades_by_area(tables, start, end) -> pd.DataFrame:
    """Graded audits dated in [start, end]: index service area, columns ``GRADE_COLUMNS``."""
    audits = tables["case_audits"]
    audits = audits[in_window(audits["audit_date"], start, end).to_numpy()
                    & audits["overall_grade"].isin(GRADES).fillna(False).astype(bool).to_numpy()]
    grade = np.where(audits["overall_grade"].isin(GOOD_OR_BETTER), GRADE_COLUMNS[0], GRADE_COLUMNS[1])
    area = _label(audits["service_area"], "qa_service_area")
    table = pd.crosstab(area.to_numpy(), grade) if len(audits) else pd.DataFrame(columns=GRADE_COLUMNS)
    table = table.reindex(index=_order(table.index, "qa_service_area"), columns=GRADE_COLUMNS, fill_value=0)
    table.index.name = "Service area"
    table.columns.name = None
    return table.astype(int)


def audit_themes(tables, start, end) -> pd.DataFrame:
    """Audits dated in [start, end] recording each theme (an audit may record several): index
    theme in the code list's order (themes recorded by none left out), column ``Audits``."""
    audits = tables["case_audits"]
    themes = audits.loc[in_window(audits["audit_date"], start, end).to_numpy(), "themes"].dropna()
    each = themes.astype(str).str.split(";").explode().str.strip()
    each = each[each != ""]
    counts = each.groupby(level=0).unique().explode().value_counts()  # an audit counts once per theme
    labels = dict(_labels("qa_theme"))
    frame = pd.DataFrame({"Audits": [int(counts.get(code, 0)) for code in labels]},
                         index=pd.Index(list(labels.values()), name="Theme"))
    return frame[frame["Audits"] > 0]


def feedback_by_area(tables, start, end) -> pd.DataFrame:
    """Responses dated in [start, end] by service area: ``responses``, ``scored`` and
    ``score_sum`` (the average's parts), and for each yes/no item ``<item>_yes`` and
    ``<item>_answered`` (Y or N)."""
    feedback = tables["family_feedback"]
    rows = feedback[in_window(feedback["feedback_date"], start, end).to_numpy()].copy()
    rows["area"] = _label(rows["service_area"], "qa_service_area").to_numpy()
    score = pd.to_numeric(rows["satisfaction_score"], errors="coerce")
    parts = {"responses": rows.groupby("area").size(),
             "scored": score.notna().groupby(rows["area"]).sum(),
             "score_sum": score.fillna(0).groupby(rows["area"]).sum()}
    for item in ("knew_why_involved", "felt_listened_to", "things_improved"):
        answered = rows[item].isin(["Y", "N"]).fillna(False).astype(bool)
        parts[f"{item}_yes"] = (rows[item] == "Y").fillna(False).astype(bool).groupby(rows["area"]).sum()
        parts[f"{item}_answered"] = answered.groupby(rows["area"]).sum()
    frame = pd.DataFrame(parts).fillna(0)
    frame = frame.reindex(_order(frame.index, "qa_service_area")).astype(float)
    frame.index.name = "Service area"
    return frame


def ooh_outcomes_by_timing(tables, start, end) -> pd.DataFrame:
    """Out-of-hours contacts dated in [start, end]: index outcome (those that occur, in the code
    list's order), columns when they came in (the three out-of-hours ``TIMINGS``, then any other
    that occurs)."""
    ooh = tables["out_of_hours"]
    rows = ooh[in_window(ooh["contact_date"], start, end).to_numpy()]
    outcome = _label(rows["outcome"], "ooh_outcome")
    timing = contact_timing(rows["contact_date"], rows["contact_time"])
    table = pd.crosstab(outcome.to_numpy(), timing.to_numpy()) if len(rows) else pd.DataFrame()
    # the three out-of-hours timings always (office hours and a missing time only when they
    # occur: a recording question, not a service pattern); the outcomes that occur
    columns = TIMINGS[:3] + [t for t in TIMINGS[3:] if t in set(table.columns)]
    table = table.reindex(index=_order(table.index, "ooh_outcome"), columns=columns, fill_value=0)
    table.index.name = "Outcome"
    table.columns.name = None
    return table.astype(int)


def caseload_by_team(tables, at) -> pd.DataFrame:
    """Children in need at ``at`` (an open List 6 episode; ``base.open_at``), each child once, in
    the team of their most recently started open episode: ``children``, ``workers`` (distinct
    social workers recorded on those episodes) and ``unallocated`` (no worker recorded). Index:
    team (blank: "Not recorded"), sorted by name; the children add up to ``cin_open``."""
    cin = tables["cin"]
    rows = cin[open_at(cin["cin_start_date"], cin["cin_closure_date"], pd.Timestamp(at)).to_numpy()]
    rows = pd.DataFrame({"child_id": rows["child_id"].astype("string").to_numpy(),
                         "started": rows["cin_start_date"].to_numpy(),
                         "team": rows["team"].astype("string").str.strip().to_numpy(),
                         "worker": rows["worker"].astype("string").str.strip().to_numpy()})
    rows = rows.sort_values("started", kind="stable").drop_duplicates("child_id", keep="last")
    rows["team"] = rows["team"].replace("", pd.NA).fillna(NOT_RECORDED)
    worker = rows["worker"].replace("", pd.NA)
    frame = pd.DataFrame({"children": rows.groupby("team").size(),
                          "workers": worker.groupby(rows["team"]).nunique(),
                          "unallocated": worker.isna().groupby(rows["team"]).sum()}).fillna(0).astype(int)
    frame = frame.loc[sorted(frame.index, key=lambda t: (t == NOT_RECORDED, str(t)))]
    frame.index.name = "Team"
    frame.attrs["workers_total"] = int(worker.nunique())
    return frame


__all__ = ["audit_grades_by_area", "audit_themes", "feedback_by_area", "ooh_outcomes_by_timing", "caseload_by_team",
           "GRADE_COLUMNS"]
