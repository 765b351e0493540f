"""Linked-table protection: choose what a report hides so that everything the council has
published - this report and every earlier one in the ledger - gives no hidden count back.

Statistical offices call this linked-table protection (Statistics Norway's GaussSuppression
``SuppressLinkedTables``, sdcTable's ``protectLinkedTables``, tau-ARGUS): cells common to
several tables keep one status, and secondary cells are chosen for all the tables together.
Here the "tables" are every figure the report will publish (a *unit*: an indicator row, shown
in full or as its value only, or a cell of a breakdown) and every figure of the ledger, which
is fixed: a figure published earlier keeps its value and status.

1. **Primary**: a unit whose protected count (:data:`model.PROTECTED_FIELDS`) is 1 to the
   threshold is hidden.
2. **The ledger**: a unit whose figure an earlier report hid stays hidden.
3. **Secondary**, one hidden count at a time: the attacker's model (:class:`model.Model`) gives
   the smallest and largest value of every hidden count of 1 to the threshold (this report's and
   the ledger's) and of every count no figure prints. While one is pinned to a single value, the
   published figures that hold its bounds (the non-zero dual values of the two linear
   programmes) are the candidates; the cheapest is hidden (``units.cost``: a comparison arrow, a
   chart's history month, then a report month, a period total last; a small count before a
   large one, a zero first). A zero may be hidden: were zeros never hidden, every hidden count
   that is not primary would be known to be more than the threshold, and a reader could use
   that. The model is built again after each round (hiding a cell makes new sums of hidden
   cells) until a round hides nothing.

A count that nothing in this report can protect (the ledger alone gives it back) is listed in
``unprotected``: this report cannot take it back, and the audit lists it without stopping it.
"""
from __future__ import annotations

import time
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from .model import HIDDEN, Model, Row, System

KEY = ["kind", "figure", "field", "row", "first", "last"]


def distinct_records(records: pd.DataFrame) -> pd.DataFrame:
    """One record per figure as published (the same month in every monthly report's chart is
    one figure to a reader): the ledger's records, less repeats."""
    from .model import RECORD_COLUMNS

    cols = [c for c in RECORD_COLUMNS if c != "source"]
    key = records[cols].astype(str)
    return records[~key.duplicated().to_numpy()].reset_index(drop=True)


@dataclass
class Protection:
    status: pd.Series  # unit -> published | primary | secondary
    revised: set = field(default_factory=set)  # units whose value differs from the ledger's
    unprotected: list = field(default_factory=list)  # counts left exposed (earlier reports alone give them back)
    records: pd.DataFrame | None = None  # the candidates with their final status (RECORD_COLUMNS + unit)
    seconds: float = 0.0
    passes: int = 0


def _eligible(candidates: pd.DataFrame) -> pd.Series:
    """Units that may be hidden as secondary: any with a value (hiding n/a says nothing). A zero
    may be hidden too: a hidden cell then says nothing about its size (docs/conventions.md)."""
    protected = candidates[candidates["protected"]]
    return pd.to_numeric(protected["truth"], errors="coerce").notna().groupby(protected["unit"]).all()


def protect(candidates: pd.DataFrame, units: pd.DataFrame, ledger: pd.DataFrame, threshold: int, *,
            model: str = "balances") -> Protection:
    """Statuses for ``units`` (index: unit id; column ``cost``) given ``candidates`` - their
    records (:data:`model.RECORD_COLUMNS` plus ``unit``, ``truth`` the true value and ``shown``:
    whether the report prints that field when the unit is published) - and the ``ledger``'s
    records (fixed)."""
    t0 = time.perf_counter()
    from .model import indicator_expr

    cand = candidates.reset_index(drop=True).copy()
    labels = []
    for kind, fig, fld, first, last in zip(cand["kind"], cand["figure"], cand["field"], cand["first"], cand["last"]):
        if kind == "table":
            labels.append("count")
            continue
        expr = indicator_expr(fig, fld, first, last)
        labels.append(expr.count if expr is not None else "")
    cand["label"] = labels
    cand["protected"] = cand["label"] != ""
    truth = pd.to_numeric(cand["truth"], errors="coerce")
    status = pd.Series("published", index=units.index, dtype=object)
    sensitive = cand["protected"] & truth.between(1, threshold)
    status[cand.loc[sensitive, "unit"].unique()] = "primary"

    # the ledger: a figure hidden before stays hidden; a published one keeps its status
    revised: set = set()
    kept: set = set()  # units an earlier report published: they keep their value
    if ledger is not None and len(ledger):
        led = ledger.drop_duplicates(KEY, keep="last").set_index(KEY)
        keys = pd.MultiIndex.from_frame(cand[KEY].astype(str))
        hit = keys.isin(led.index)
        for i in np.flatnonzero(hit):
            before = led.loc[tuple(keys[i])]
            unit = cand.at[i, "unit"]
            if before["status"] in HIDDEN:
                if status[unit] == "published":
                    status[unit] = "secondary"
            elif before["status"] == "published" and np.isfinite(truth.iat[i]) \
                    and not np.isclose(float(before["value"]), truth.iat[i]):
                revised.add(unit)
            elif before["status"] == "published":
                kept.add(unit)
    eligible = _eligible(cand).reindex(units.index, fill_value=True)

    def records_now() -> pd.DataFrame:
        hidden = cand["unit"].map(status).isin(HIDDEN)
        out = cand.copy()
        out["status"] = np.where(hidden, np.where(out["protected"], out["unit"].map(status), "unshown"),
                                 np.where(out["shown"], np.where(truth.notna(), "published", "na"), "unshown"))
        out["value"] = np.where(out["status"] == "published", truth, np.nan)
        return out

    fixed = distinct_records(ledger) if ledger is not None else pd.DataFrame(columns=cand.columns)
    cost = units["cost"]
    unprotected, passes = [], 0
    # Hiding a cell makes new sums of hidden cells (a total less what is still shown), which
    # the model lists when it is built: so it is built again until a round hides nothing.
    # The report is also read on its own. With the ledger the model splits every unknown by the
    # windows of every earlier report, so a sum of this report's own hidden cells under one of
    # its totals ("c + c" in a row) need not be one of its targets: protect the report alone
    # too (never hiding what an earlier report published), then check with the ledger again.
    alone = eligible & ~eligible.index.isin(list(kept))
    nothing = pd.DataFrame(columns=cand.columns)
    for _ in range(3):
        moved = 0
        for _ in range(6):
            changed, found = _protect_round(records_now(), fixed, sensitive, threshold, model, status, eligible, cost)
            passes, moved = passes + changed, moved + changed
            unprotected += found
            if not changed:
                break
        if ledger is None or not len(ledger):
            break
        for _ in range(6):
            changed, _ = _protect_round(records_now(), nothing, sensitive, threshold, model, status, alone, cost)
            passes, moved = passes + changed, moved + changed
            if not changed:
                break
        if not moved:
            break
    final = records_now()
    return Protection(status, revised, list(dict.fromkeys(map(str, unprotected))), final,
                      time.perf_counter() - t0, passes)


def _protect_round(rec: pd.DataFrame, fixed: pd.DataFrame, sensitive: pd.Series, threshold: int, model: str,
                   status: pd.Series, eligible: pd.Series, cost: pd.Series) -> tuple[int, list]:
    """One pass over every component of the model of ``fixed`` (the ledger) and ``rec`` (this
    report as ``status`` now has it): each exposed count gets a unit hidden (``status`` is
    updated). Returns (units hidden, counts nothing in this report can protect)."""
    both = pd.concat([fixed.assign(unit=-1), rec], ignore_index=True)
    offset = len(fixed)
    earlier = np.arange(len(both)) < offset
    targets = list(np.flatnonzero((earlier & both["status"].isin(["primary", "hidden"]).to_numpy())
                                  | (~earlier & np.concatenate([np.zeros(offset, bool), sensitive.to_numpy()]))))
    m = Model(both, threshold, model=model, targets=targets)
    unit_of = both["unit"].to_numpy()
    records_of: dict[int, list[int]] = {}
    for i, u in enumerate(unit_of):
        if u >= 0:
            records_of.setdefault(int(u), []).append(i)
    published_rows: dict[int, list[Row]] = {}
    for r in m.rows:
        if r.record >= 0 and r.soft in ("", "ratio"):
            published_rows.setdefault(r.record, []).append(r)
    dead: set[int] = set()
    changed, unprotected = 0, []

    def live(comp, allowed) -> list[Row]:
        return [r for r in comp.rows if id(r) not in dead and (allowed is None or r.soft in allowed)]

    given_up = []
    for comp in m.components():
        if not any(r.record >= offset for r in comp.rows) and not any(t.record >= offset for t in comp.targets):
            continue  # nothing of this report: what earlier reports give back, they gave before
        allowed = None
        for _ in range(4):  # verify again after changes: a later choice can undo an earlier one
            exposed = System(live(comp, allowed), comp.targets).exposures(threshold, m.labels)
            while exposed is None and allowed != {""}:
                # relations the definitions do not guarantee are left out where they do not hold here
                allowed = {"", "label"} if allowed is None else {""}
                exposed = System(live(comp, allowed), comp.targets).exposures(threshold, m.labels)
            exposed = [e for e in exposed or [] if e.target not in given_up]
            if not exposed:
                break
            for exposure in exposed:
                target = exposure.target
                for _ in range(200):
                    system = System(live(comp, allowed), [target])
                    c = system.vector(target.expr)
                    if c is None or system.pinned(c, threshold, m.labels) is None:
                        break
                    choice = _choose(system, c, target, comp, dead, unit_of, status, eligible, cost)
                    if choice is None:  # earlier reports alone give it back: nothing here can help
                        given_up.append(target)
                        unprotected.append(target.record if target.record >= 0 else target.unknown)
                        break
                    status[choice] = "secondary"
                    changed += 1
                    for i in records_of[choice]:
                        for r in published_rows.get(i, []):
                            dead.add(id(r))
                        if m.labels and i in m.coeffs:
                            row = m.add_label(i, "secondary")
                            if row is not None:
                                comp.rows.append(row)
    return changed, unprotected


def _choose(system: System, c: np.ndarray, target, comp, dead: set, unit_of, status, eligible, cost):
    """The cheapest unit to hide among those publishing a figure that binds the target."""
    def units_of(rows) -> list[int]:
        found = set()
        for r in rows:
            if r.soft not in ("", "ratio") or r.record < 0 or id(r) in dead:
                continue
            u = int(unit_of[r.record])
            if u >= 0 and status[u] == "published" and bool(eligible.get(u, False)):
                found.add(u)
        return sorted(found, key=lambda u: (cost[u], u))

    found = units_of(system.binding(c))
    if not found:  # the binding figures are the ledger's: any published figure of the target's months
        near = set(target.expr)
        found = units_of([r for r in comp.rows if near & set(r.coeffs)])
    return found[0] if found else None


def protect_rows(rows: pd.DataFrame, threshold: int = 5, *, ledger: pd.DataFrame | None = None,
                 extract: str = "", model: str = "balances") -> pd.DataFrame:
    """``rows`` of the long indicator frame as they may be published together (each row shown
    in full), protected with the ``ledger``'s records: the rows with ``suppressed`` and
    ``suppression`` (primary / secondary) set and a hidden row's numbers blank. A report's own
    figures come from ``report.figures``; this is the same step for any other set of rows."""
    from .records import indicator_records

    rows = rows.reset_index(drop=True)
    candidates = indicator_records(rows.drop(columns=["suppressed", "suppression"], errors="ignore"),
                                   source="rows", extract=extract, truth=True)
    size = pd.to_numeric(rows[["numerator", "denominator"]].max(axis=1), errors="coerce").fillna(0)
    period = (rows["period_type"] != "month").to_numpy()
    units = pd.DataFrame({"cost": [(50.0 if p else 5.0) + v / (v + 100.0) for p, v in zip(period, size)]})
    result = protect(candidates, units, ledger, threshold, model=model)
    out = rows.copy()
    st = result.status.to_numpy()
    hidden = np.isin(st, ("primary", "secondary"))
    out["suppressed"] = hidden
    out["suppression"] = np.where(hidden, st, "")
    for col in ("numerator", "denominator", "value", "lower", "upper"):
        if col in out.columns:
            out[col] = pd.to_numeric(out[col], errors="coerce").astype(float)
            out.loc[hidden, col] = np.nan
    return out


__all__ = ["protect", "protect_rows", "Protection", "KEY"]
