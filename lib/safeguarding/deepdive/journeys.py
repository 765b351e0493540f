"""Children's journeys through Annex A Lists 1-8: events in date order with their outcomes,
one-line paths, stage progression (contact -> referral -> assessment -> S47 -> ICPC -> CP plan
-> care) and the flows behind a Sankey diagram of where children went next.

RESTRICTED: events and journeys are child-level.

Events (``events``): one row per dated event, the codes of ``EVENTS``:

| code | event | list | dated | outcome column |
|---|---|---|---|---|
| C | contact | 1 | contact date | |
| EH | early help started | 2 | start | |
| R | referral | 3 | referral date | |
| NFA | referral: no further action (NFA = Y) | 3 | referral date | |
| CIN | CIN episode started | 6 | start | |
| AS | assessment started | 4 | start | |
| AS-END | assessment completed | 4 | authorisation | services required / no services required (List 4 "support required") |
| S47 | S47 enquiry started | 5 | start | |
| ICPC-NR | ICPC not required | 5 | S47 start (Annex A holds no S47 end date) | |
| ICPC | initial child protection conference | 5 | ICPC date | plan / no plan (List 5 "ICPC resulted in a plan") |
| CPP | CP plan started | 7 | start | |
| CPP-END | CP plan ended | 7 | end | what the lists show next: looked after, child in need, or no open episode (List 7 holds no end reason) |
| CLA | started to be looked after | 8 | start | |
| CLA-END | ceased to be looked after | 8 | end | (the reason ceased is not read from List 8) |
| CIN-END | CIN episode closed | 6 | closure | the List 6 reason for closure (RC1-RC9, labelled) |

Events of one child on the same day are ordered by ``EVENT_ORDER`` (a contact before the
referral it led to, a plan ending before the care episode that follows it, a CIN closure last).

One-line journeys: ``journey`` lists every event (``C -> C -> R -> AS -> AS-END``); ``reduced``
collapses repeats of the same event in a row (``C -> R -> AS -> AS-END``); ``stages`` keeps only
the first time each stage of ``STAGES`` is reached, in the order reached; ``outcome`` is the
child's latest event with its outcome.
"""
from __future__ import annotations

import numpy as np
import pandas as pd

# (code, label, list, table, date column, row filter (column, value) or None)
EVENTS = [
    ("C", "Contact", 1, "contacts", "contact_date", None),
    ("EH", "Early help started", 2, "early_help", "eh_start_date", None),
    ("R", "Referral", 3, "referrals", "referral_date", None),
    ("NFA", "Referral: no further action", 3, "referrals", "referral_date", ("referral_nfa", "Y")),
    ("CIN", "CIN episode started", 6, "cin", "cin_start_date", None),
    ("AS", "Assessment started", 4, "assessments", "assessment_start_date", None),
    ("AS-END", "Assessment completed", 4, "assessments", "assessment_auth_date", None),
    ("S47", "S47 enquiry started", 5, "s47", "s47_start_date", None),
    ("ICPC-NR", "ICPC not required", 5, "s47", "s47_start_date", ("icpc_not_required", "Y")),
    ("ICPC", "Initial child protection conference", 5, "s47", "icpc_date", None),
    ("CPP", "CP plan started", 7, "cp_plans", "cpp_start_date", None),
    ("CPP-END", "CP plan ended", 7, "cp_plans", "cpp_end_date", None),
    ("CLA", "Started to be looked after", 8, "looked_after", "cla_start_date", None),
    ("CLA-END", "Ceased to be looked after", 8, "looked_after", "cla_end_date", None),
    ("CIN-END", "CIN episode closed", 6, "cin", "cin_closure_date", None),
]
EVENT_ORDER = {code: i for i, (code, *_rest) in enumerate(EVENTS)}
EVENT_LABELS = {code: label for code, label, *_rest in EVENTS}
STAGES = ["C", "R", "AS", "S47", "ICPC", "CPP", "CLA"]
STAGE_LABELS = {"C": "Contact", "R": "Referral", "AS": "Assessment", "S47": "S47 enquiry",
                "ICPC": "ICPC", "CPP": "CP plan", "CLA": "Care"}
ARROW = " -> "
COLUMNS = ["child_id", "date", "event", "label", "outcome", "list", "team", "worker"]

# Short names of the nodes of the Sankey diagram (an assessment's outcome makes its own node).
NODE_NAMES = {"C": "Contact", "EH": "Early help", "R": "Referral", "NFA": "Referral: NFA",
              "CIN": "CIN episode", "AS": "Assessment", "S47": "S47 enquiry",
              "ICPC-NR": "ICPC not required", "ICPC": "ICPC", "CPP": "CP plan",
              "CPP-END": "CP plan ended", "CLA": "Looked after", "CLA-END": "Left care",
              "CIN-END": "CIN closed"}
ASSESSMENT_OUTCOMES = {"Y": "Services required", "N": "No services required"}
ICPC_OUTCOMES = {"Y": "Plan", "N": "No plan"}
AFTER_PLAN = ("Looked after", "Child in need", "No open episode")


def _code(values: pd.Series) -> pd.Series:
    return values.astype("string").str.strip().str.upper()


def _open_next_day(tables, table: str, start: str, end: str, who: pd.Series, when: pd.Series) -> np.ndarray:
    """For each (child, date): is an episode of ``table`` open on the day after ``date``?"""
    t = tables.get(table)
    if t is None or not len(t) or not len(who):
        return np.zeros(len(who), dtype=bool)
    asked = pd.DataFrame({"child_id": who.to_numpy(), "at": when.to_numpy() + np.timedelta64(1, "D"),
                          "row": np.arange(len(who))})
    eps = pd.DataFrame({"child_id": t["child_id"].astype("string").to_numpy(),
                        "s": t[start].to_numpy(dtype="datetime64[ns]"),
                        "e": t[end].to_numpy(dtype="datetime64[ns]")})
    both = asked.merge(eps[eps["child_id"].isin(asked["child_id"])], on="child_id")
    hit = (both["s"] <= both["at"]) & (both["e"].isna() | (both["e"] > both["at"]))
    out = np.zeros(len(who), dtype=bool)
    out[both.loc[hit, "row"].to_numpy()] = True
    return out


def _outcomes(tables, code: str, frame: pd.DataFrame, child: pd.Series, dates: pd.Series) -> np.ndarray:
    """The outcome text of each event row (see the module docstring)."""
    if code == "AS-END" and "support_required" in frame:
        return _code(frame["support_required"]).map(ASSESSMENT_OUTCOMES) \
            .fillna("Outcome not recorded").to_numpy(dtype=object)
    if code == "ICPC" and "icpc_to_plan" in frame:
        return _code(frame["icpc_to_plan"]).map(ICPC_OUTCOMES).fillna("Not recorded").to_numpy(dtype=object)
    if code == "CIN-END" and "closure_reason" in frame:
        from ..inputs.codes import code_list_for

        labels = code_list_for("cin", "closure_reason").labels
        return _code(frame["closure_reason"]).map(labels).fillna("Reason not recorded").to_numpy(dtype=object)
    if code == "CPP-END":
        looked_after = _open_next_day(tables, "looked_after", "cla_start_date", "cla_end_date", child, dates)
        in_need = _open_next_day(tables, "cin", "cin_start_date", "cin_closure_date", child, dates)
        return np.where(looked_after, AFTER_PLAN[0], np.where(in_need, AFTER_PLAN[1], AFTER_PLAN[2])).astype(object)
    return np.full(len(frame), None, dtype=object)


def events(tables, child_ids=None) -> pd.DataFrame:
    """Every dated event of Lists 1-8 (``COLUMNS``), in date order."""
    wanted = None if child_ids is None else {str(c) for c in np.atleast_1d(child_ids)}
    parts = []
    for code, text, list_no, table, column, only in EVENTS:
        frame = tables.get(table)
        if frame is None or not len(frame) or column not in frame:
            continue
        keep = frame[column].notna() & frame["child_id"].notna()
        if only is not None:
            keep &= _code(frame[only[0]]).eq(only[1]).fillna(False) if only[0] in frame else False
        if wanted is not None:
            keep &= frame["child_id"].astype("string").isin(wanted)
        frame = frame[keep.to_numpy(dtype=bool)]
        if not len(frame):
            continue
        child = frame["child_id"].astype("string")
        dates = frame[column].astype("datetime64[ns]")
        parts.append(pd.DataFrame({
            "child_id": child.to_numpy(), "date": dates.to_numpy(), "event": code, "label": text,
            "outcome": _outcomes(tables, code, frame, child, dates), "list": list_no,
            "team": frame["team"].to_numpy() if "team" in frame else pd.NA,
            "worker": frame["worker"].to_numpy() if "worker" in frame else pd.NA}))
    if not parts:
        return pd.DataFrame(columns=COLUMNS)
    out = pd.concat(parts, ignore_index=True)
    out["_order"] = out["event"].map(EVENT_ORDER)
    out = out.sort_values(["child_id", "date", "_order"], kind="stable").drop(columns="_order")
    return out.reset_index(drop=True)[COLUMNS]


def _described(event_rows: pd.DataFrame) -> pd.Series:
    """'CIN episode closed: Adopted' - the label with the outcome, where there is one."""
    outcome = event_rows["outcome"].astype(object)
    with_outcome = outcome.notna() & outcome.astype(str).ne("")
    return event_rows["label"].where(~with_outcome, event_rows["label"] + ": " + outcome.astype(str))


def _joined(child: np.ndarray, codes: np.ndarray, ids: np.ndarray) -> np.ndarray:
    """The codes of each child in ``ids`` joined by arrows (rows grouped by child, in order);
    "" for a child with none. Plain lists: pandas' groupby-join costs ~50 us a child."""
    out = np.full(len(ids), "", dtype=object)
    if not len(child):
        return out
    starts = np.flatnonzero(np.r_[True, child[1:] != child[:-1]])
    joined = [ARROW.join(run) for run in np.split(codes, starts[1:])]
    out[np.searchsorted(ids, child[starts])] = joined
    return out


def journeys(event_rows: pd.DataFrame) -> pd.DataFrame:
    """One row per child: journey, reduced, stages, outcome (latest event), first and last
    event dates, events. ``event_rows`` in the order ``events`` gives (child, date, order)."""
    columns = ["child_id", "journey", "reduced", "stages", "outcome", "first_event", "last_event", "events"]
    if not len(event_rows):
        return pd.DataFrame(columns=columns)
    ev = event_rows.reset_index(drop=True)
    child = ev["child_id"].to_numpy(dtype=object)
    codes = ev["event"].to_numpy(dtype=object)
    first_row = np.r_[True, child[1:] != child[:-1]]
    if (child[1:] < child[:-1]).any():
        raise ValueError("journeys() needs events grouped by child in date order, as events() gives them")
    ids = child[first_row]
    last_row = np.r_[first_row[1:], True]
    new_run = first_row | np.r_[True, codes[1:] != codes[:-1]]
    stage = ev["event"].isin(STAGES).to_numpy() & ~ev.duplicated(["child_id", "event"]).to_numpy()
    dates = ev["date"].to_numpy(dtype="datetime64[ns]")
    counts = np.diff(np.r_[np.flatnonzero(first_row), len(ev)])
    out = pd.DataFrame({
        "child_id": ids, "journey": _joined(child, codes, ids),
        "reduced": _joined(child[new_run], codes[new_run], ids),
        "stages": _joined(child[stage], codes[stage], ids),
        "outcome": _described(ev[last_row]).to_numpy(),
        "first_event": np.minimum.reduceat(dates, np.flatnonzero(first_row)),
        "last_event": np.maximum.reduceat(dates, np.flatnonzero(first_row)),
        "events": counts})
    return out[columns]


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


# ---- Sankey: where children went next --------------------------------------------------------

NO_LATER_EVENT = "No later event"
# Not a node of the Sankey: a CIN episode starts on the referral it comes from in most councils'
# lists, so it would only repeat the referral (its closure, with the reason, is a node).
SANKEY_SKIP = {"CIN"}


def node_names(event_rows: pd.DataFrame) -> pd.Series:
    """The Sankey node of each event: its short name, with the assessment's outcome."""
    names = event_rows["event"].map(NODE_NAMES)
    done = event_rows["event"].eq("AS-END").to_numpy()
    outcome = event_rows["outcome"].astype(object)
    names[done] = np.where(outcome[done] == ASSESSMENT_OUTCOMES["Y"], "Assessment: services",
                           np.where(outcome[done] == ASSESSMENT_OUTCOMES["N"], "Assessment: no services",
                                    "Assessment completed"))
    return names


def path_flows(event_rows: pd.DataFrame, start: pd.Timestamp, end: pd.Timestamp, *,
               entry: str = "R", steps: int = 6, child_ids=None) -> pd.DataFrame:
    """The flows of a Sankey diagram: children whose first ``entry`` event (default a referral)
    in [start, end] begins their path, followed through their next events (repeats of the same
    node in a row collapsed; CIN episode starts left out, ``SANKEY_SKIP``) for ``steps`` nodes.

    One row per flow: ``step`` (1 = from the entry node to the next), ``from_node``, ``to_node``,
    ``children``. Children with no later event within the data flow to ``NO_LATER_EVENT``, so
    the children leaving each node add up to those reaching it. ``child_ids`` limits the paths
    to those children (a cohort). ``attrs``: ``children`` (the number of paths), ``entry``.
    """
    if entry not in EVENT_ORDER:
        raise ValueError(f"unknown entry event '{entry}'; valid: {', '.join(EVENT_ORDER)}")
    ev = event_rows[~event_rows["event"].isin(SANKEY_SKIP).to_numpy()]
    if child_ids is not None:
        ev = ev[ev["child_id"].isin([str(c) for c in np.atleast_1d(child_ids)])]
    ev = ev.reset_index(drop=True)
    hit = (ev["event"] == entry) & ev["date"].between(start, end)
    first_entry = ev[hit.to_numpy()].groupby("child_id").head(1)
    begin = pd.Series(first_entry.index, index=first_entry["child_id"].to_numpy())
    position = np.arange(len(ev))
    ev = ev[(position >= ev["child_id"].map(begin).fillna(len(ev)).to_numpy())]
    ev = ev.assign(node=node_names(ev).to_numpy())
    child = ev["child_id"]
    ev = ev[(ev["node"].ne(ev["node"].shift()) | child.ne(child.shift())).to_numpy()]
    ev = ev.assign(position=ev.groupby("child_id").cumcount())
    ev = ev[ev["position"] <= steps]
    nxt = ev.groupby("child_id")["node"].shift(-1)
    last = ev["position"].eq(steps)
    links = ev.assign(to_node=nxt.fillna(NO_LATER_EVENT))[~last.to_numpy()]
    out = (links.groupby(["position", "node", "to_node"], sort=False).size().reset_index(name="children")
           .rename(columns={"node": "from_node"}))
    out["step"] = out["position"] + 1
    out = out.sort_values(["step", "children", "from_node", "to_node"], ascending=[True, False, True, True],
                          kind="stable")
    out = out[["step", "from_node", "to_node", "children"]].reset_index(drop=True)
    out.attrs.update(children=int(len(begin)), entry=NODE_NAMES[entry], start=start, end=end, steps=steps)
    return out


def flows_description(flows: pd.DataFrame) -> str:
    """Alt text for the Sankey diagram: who is followed, and the largest flows at each step."""
    n = flows.attrs.get("children", 0)
    entry = flows.attrs.get("entry", "entry")
    if not n:
        return f"No children had a first {entry.lower()} in the window: nothing to draw."
    lines = [f"Sankey diagram of the next events of {n:,} children from their first "
             f"{entry.lower()} in the window."]
    for step, part in flows[flows["to_node"] != NO_LATER_EVENT].groupby("step", sort=True):
        top = part.nlargest(3, "children")
        flows_text = "; ".join(f"{r.from_node} to {r.to_node} {r.children:,}" for r in top.itertuples())
        lines.append(f"Step {step}: {flows_text}.")
    lines.append("The table under the chart gives every flow.")
    return " ".join(lines)
