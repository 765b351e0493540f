"""Children's journeys through Annex A Lists 1-8: events in date order, one-line paths, stage
progression (contact -> referral -> assessment -> S47 -> ICPC -> CP plan -> care).

RESTRICTED: events and journeys are child-level.

Events (``events``): one row per dated event - contact (List 1, ``C``), early help start (List 2,
``EH``), referral (List 3, ``R``), assessment start (List 4, ``AS``), S47 start and ICPC (List 5,
``S47``, ``ICPC``), CIN episode start (List 6, ``CIN``), CP plan start (List 7, ``CPP``), care
start (List 8, ``CLA``). Events of one child on the same day are ordered by ``EVENT_ORDER``
(a contact before the referral it led to).

One-line journeys: ``journey`` lists every event (``C -> C -> R -> AS``); ``reduced`` collapses
repeats of the same event in a row (``C -> R -> AS``); ``stages`` keeps only the first time each
stage of ``STAGES`` is reached, in the order reached.
"""
from __future__ import annotations

import numpy as np
import pandas as pd

# (code, label, list, table, date column)
EVENTS = [
    ("C", "Contact", 1, "contacts", "contact_date"),
    ("EH", "Early help started", 2, "early_help", "eh_start_date"),
    ("R", "Referral", 3, "referrals", "referral_date"),
    ("CIN", "CIN episode started", 6, "cin", "cin_start_date"),
    ("AS", "Assessment started", 4, "assessments", "assessment_start_date"),
    ("S47", "S47 enquiry started", 5, "s47", "s47_start_date"),
    ("ICPC", "Initial child protection conference", 5, "s47", "icpc_date"),
    ("CPP", "CP plan started", 7, "cp_plans", "cpp_start_date"),
    ("CLA", "Started to be looked after", 8, "looked_after", "cla_start_date"),
]
EVENT_ORDER = {code: i for i, (code, *_rest) in enumerate(EVENTS)}
STAGES = ["C", "R", "AS", "S47", "ICPC", "CPP", "CLA"]
STAGE_LABELS = {"C": "Contact", "R": "Referral", "AS": "Assessment", "S47": "S47 enquiry",
                "ICPC": "ICPC", "CPP": "CP plan", "CLA": "Care"}
ARROW = " -> "


def events(tables, child_ids=None) -> pd.DataFrame:
    """Every dated event of Lists 1-8: child_id, date, event, label, list, team, worker."""
    parts = []
    for code, text, list_no, table, column in EVENTS:
        frame = tables.get(table)
        if frame is None or not len(frame) or column not in frame:
            continue
        part = pd.DataFrame({"child_id": frame["child_id"].astype("string").to_numpy(),
                             "date": frame[column].to_numpy(dtype="datetime64[ns]"),
                             "event": code, "label": text, "list": list_no,
                             "team": frame["team"].to_numpy() if "team" in frame else pd.NA,
                             "worker": frame["worker"].to_numpy() if "worker" in frame else pd.NA})
        parts.append(part.dropna(subset=["child_id", "date"]))
    if not parts:
        return pd.DataFrame(columns=["child_id", "date", "event", "label", "list", "team", "worker"])
    out = pd.concat(parts, ignore_index=True)
    if child_ids is not None:
        out = out[out["child_id"].isin([str(c) for c in np.atleast_1d(child_ids)])]
    out["_order"] = out["event"].map(EVENT_ORDER)
    out = out.sort_values(["child_id", "date", "_order"], kind="stable").drop(columns="_order")
    return out.reset_index(drop=True)


def _reduce(codes: list[str]) -> list[str]:
    return [c for i, c in enumerate(codes) if i == 0 or c != codes[i - 1]]


def journeys(event_rows: pd.DataFrame) -> pd.DataFrame:
    """One row per child: journey, reduced, stages, first and last event dates, events."""
    rows = []
    for child, group in event_rows.groupby("child_id", sort=True):
        codes = group["event"].tolist()
        stages = list(dict.fromkeys(c for c in codes if c in STAGES))
        rows.append((child, ARROW.join(codes), ARROW.join(_reduce(codes)), ARROW.join(stages),
                     group["date"].min(), group["date"].max(), len(codes)))
    return pd.DataFrame(rows, columns=["child_id", "journey", "reduced", "stages", "first_event",
                                       "last_event", "events"])


def common_paths(journey_rows: pd.DataFrame, column: str = "reduced", top: int = 10) -> pd.DataFrame:
    """The most common journeys (``column``: journey, reduced or stages), with children and %."""
    if column not in ("journey", "reduced", "stages"):
        raise ValueError(f"unknown journey form '{column}'; valid: journey, reduced, stages")
    counts = journey_rows[column].value_counts()
    out = counts.rename_axis("path").reset_index(name="children")
    out["percent"] = 100 * out["children"] / max(len(journey_rows), 1)
    return out.head(top)


def progression(event_rows: pd.DataFrame, start: pd.Timestamp, end: pd.Timestamp,
                stages: list[str] = STAGES) -> pd.DataFrame:
    """Stage-to-stage conversion for children whose first stage event falls in the window.

    For each pair of consecutive stages (e.g. referral -> assessment): ``children`` reaching the
    earlier stage (first time in the window for the first stage; thereafter the first time on or
    after the previous stage), ``progressed`` those with the later stage on or after it,
    ``conversion_pct``, and the median and quartiles of the days between. Later events are
    followed to the end of the data, so recent cohorts have had less time to progress.
    """
    first = stages[0]
    ev = event_rows[event_rows["event"].isin(stages)]
    entry = ev[(ev["event"] == first) & (ev["date"] >= start) & (ev["date"] <= end)] \
        .groupby("child_id")["date"].min()
    reached = {first: entry}
    rows = []
    for earlier, later in zip(stages, stages[1:]):
        at = reached[earlier]
        cand = ev[(ev["event"] == later) & ev["child_id"].isin(at.index)]
        cand = cand.assign(since=at.reindex(cand["child_id"]).to_numpy())
        cand = cand[cand["date"] >= cand["since"]]
        nxt = cand.groupby("child_id")["date"].min()
        days = (nxt - at.reindex(nxt.index)).dt.days
        reached[later] = nxt
        rows.append({"from_stage": STAGE_LABELS.get(earlier, earlier), "to_stage": STAGE_LABELS.get(later, later),
                     "children": len(at), "progressed": len(nxt),
                     "conversion_pct": 100 * len(nxt) / len(at) if len(at) else np.nan,
                     "median_days": days.median() if len(days) else np.nan,
                     "q1_days": days.quantile(.25) if len(days) else np.nan,
                     "q3_days": days.quantile(.75) if len(days) else np.nan})
    out = pd.DataFrame(rows)
    out.attrs["reached"] = reached
    return out


def reached_stages(event_rows: pd.DataFrame, start, end, stages: list[str] = STAGES) -> pd.DataFrame:
    """One row per child entering the first stage in the window, with the date each later stage
    was reached (NaT if not): the children behind ``progression``."""
    reached = progression(event_rows, start, end, stages).attrs["reached"]
    return pd.DataFrame({STAGE_LABELS.get(s, s): reached[s] for s in stages})
