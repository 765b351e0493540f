"""Indicators by financial-year quarter, built from their monthly rows, under the same disclosure
control as the monthly tables.

A quarter's count is the sum of its months (a percentage pools its months' numerators and
denominators; an average weights each month's mean by its cases). In the open edition the report
period's months and its total are already published, through :func:`disclosure.indicator_view`,
in the monthly tables and ``indicators.csv``, and a quarter must not give a hidden month back.
For each count behind a column (an indicator's numerator or denominator), the published figures
are linear equations over the months: the period total, and each quarter shown. A quarter is
shown only when, with every quarter shown so far,

* no month that is unknown to a reader (hidden in the period's view, or outside the period, which
  the report does not publish) is pinned down exactly as a count from 1 to the threshold
  (``disclosure`` checks this with the same linear algebra as its secondary suppression), and
* the unknown months of no published total add up to a count from 1 to the threshold
  ("c + c = 2"), and
* the quarter is not itself such a count.

Quarters are dropped, latest first, until that holds. A percentage or average is hidden
with its numerator or denominator. Quarters before the report period touch no published month,
so only their own size decides.
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from ..indicators.registry import MEAN_UNITS, REGISTRY
from .coverage import NONE, PARTIAL
from ..disclosure.suppress import COUNT_NUMERATOR_UNITS, indicator_view


@dataclass(frozen=True)
class Column:
    label: str  # column heading
    indicator_id: str
    field: str  # "numerator" | "denominator" | "value" (a percentage or an average)


def quarters_to(period, n: int = 4) -> list[tuple[str, list[str]]]:
    """The ``n`` financial-year quarters up to the period's last month, oldest first, as
    (label, months); the last is cut at the period's last month ("Oct-Nov 2018")."""
    last = period.last_month
    # financial-year quarters start in April, July, October and January
    start = last - ((last.month - 4) % 3)
    out = []
    for k in range(n - 1, -1, -1):
        first = start - 3 * k
        end = min(first + 2, last)
        label = (f"{first.strftime('%b')}\u2013{end.strftime('%b %Y')}" if first != end
                 else end.strftime("%b %Y"))
        out.append((label, [str(m) for m in pd.period_range(first, end, freq="M")]))
    return out


def _in_band(v: float, threshold: int) -> bool:
    return v is not None and not np.isnan(v) and 1 <= v <= threshold


def quarterly_frame(indicators: pd.DataFrame, columns: list[Column], period, *, edition: str = "open",
                    threshold: int = 5, symbol: str = "c", n: int = 4,
                    months_published: bool = True, view: pd.DataFrame | None = None) -> pd.DataFrame:
    """Rows: quarters (``quarters_to``); columns: ``columns`` in order. Counts as numbers,
    percentages 0-100, averages as numbers; ``symbol`` where hidden, "n/a" where a month of the
    quarter has no data (before the data begin or after the extract date). ``attrs["partial"]``
    lists quarters holding a part month (‡). ``indicators``: the exact figures (quarters are their
    sums); ``view``: the report's open view of them (default: built here), which says what is
    hidden; ``months_published``: whether the report publishes the period's months of these
    indicators (False: a reader knows only the period's total)."""
    ids = list(dict.fromkeys(c.indicator_id for c in columns))
    rows = indicators[indicators["indicator_id"].isin(ids)]
    monthly = rows[rows["period_type"] == "month"]
    quarters = quarters_to(period, n)
    period_months = [str(m) for m in period.months]
    if edition != "open":
        view = None
    elif view is None:
        view = indicator_view(rows, period_months, threshold, edition="open",
                              aggregations={i: REGISTRY[i].aggregation for i in ids})
    else:
        view = view[view["indicator_id"].isin(ids)]
    shown: dict[tuple[str, str], list[bool]] = {}
    for ind in ids:
        for field in _fields(REGISTRY[ind].unit):
            shown[(ind, field)] = (_shown_quarters(monthly, view, ind, field, quarters, period_months, threshold,
                                                   months_published)
                                   if view is not None else [True] * len(quarters))
    out, partial = {}, []
    for k, (label, months) in enumerate(quarters):
        in_quarter = monthly[monthly["month"].astype(str).isin(months)]
        if "coverage" in in_quarter and PARTIAL in set(in_quarter["coverage"].dropna()):
            partial.append(label)
        cells = {}
        for column in columns:
            q = in_quarter[in_quarter["indicator_id"] == column.indicator_id]
            unit = REGISTRY[column.indicator_id].unit
            needed = _fields(unit) if column.field == "value" else (column.field,)
            if len(q) < len(months) or ("coverage" in q and NONE in set(q["coverage"])):
                cells[column.label] = "n/a"
            elif not all(shown[(column.indicator_id, f)][k] for f in needed):
                cells[column.label] = symbol
            else:
                cells[column.label] = _quarter_value(q, column, unit)
        out[label] = cells
    frame = pd.DataFrame.from_dict(out, orient="index")[[c.label for c in columns]]
    frame.index.name = "Quarter"
    frame.attrs["partial"] = partial
    return frame


def _fields(unit: str) -> tuple[str, ...]:
    """The count fields behind a figure of ``unit`` (protected by the threshold)."""
    if unit == "percent":
        return ("numerator", "denominator")
    if unit in MEAN_UNITS:
        return ("denominator",)
    return ("numerator",) if unit in COUNT_NUMERATOR_UNITS else ()


def _counts(rows: pd.DataFrame, field: str) -> pd.Series:
    values = pd.to_numeric(rows[field], errors="coerce")
    if field == "numerator" and len(rows) and REGISTRY[rows["indicator_id"].iloc[0]].unit == "count":
        values = values.fillna(pd.to_numeric(rows["value"], errors="coerce"))
    return values


def _quarter_value(rows: pd.DataFrame, column: Column, unit: str):
    num, den = _counts(rows, "numerator").sum(), _counts(rows, "denominator").sum()
    if column.field in ("numerator", "denominator"):
        return float(num if column.field == "numerator" else den)
    if unit == "percent":
        return 100 * num / den if den else "n/a"
    if unit in MEAN_UNITS:
        weights = _counts(rows, "denominator").fillna(0)
        means = pd.to_numeric(rows["value"], errors="coerce").fillna(0)
        return float((means * weights).sum() / weights.sum()) if weights.sum() else "n/a"
    return float(num)


def _shown_quarters(monthly: pd.DataFrame, view: pd.DataFrame, ind: str, field: str, quarters, period_months,
                    threshold: int, months_published: bool = True) -> list[bool]:
    """Which quarters may publish the count ``field`` of ``ind`` (module docstring)."""
    mine = monthly[monthly["indicator_id"] == ind]
    values = dict(zip(mine["month"].astype(str), _counts(mine, field).fillna(0).to_numpy(dtype=float)))
    seen = view[(view["indicator_id"] == ind) & (view["period_type"] == "month")]
    hidden = set(seen.loc[seen["suppressed"].fillna(False).astype(bool), "month"].astype(str))
    first, last = pd.Period(period_months[0], "M"), pd.Period(period_months[-1], "M")
    total = view[(view["indicator_id"] == ind) & (view["period_type"] == "period")
                 & (pd.to_datetime(view["start"]).dt.normalize() == first.start_time.normalize())
                 & (pd.to_datetime(view["end"]).dt.normalize() == last.end_time.normalize())]
    total_published = len(total) > 0 and not bool(total["suppressed"].iloc[0])
    months = list(dict.fromkeys([m for _, ms in quarters for m in ms] + list(period_months)))
    at = {m: i for i, m in enumerate(months)}
    x = np.array([values.get(m, 0.0) for m in months])
    unknown = np.array([not months_published or m in hidden or m not in period_months for m in months])
    shown = [not _in_band(float(sum(values.get(m, 0.0) for m in ms)), threshold) for _, ms in quarters]
    while True:
        sums = [[at[m] for m in period_months]] if total_published else []
        sums += [[at[m] for m in ms] for (_, ms), keep in zip(quarters, shown) if keep]
        bad = _exposed(sums, x, unknown, threshold)
        candidates = [k for k in range(len(quarters) - 1, -1, -1) if shown[k]]
        if not bad or not candidates:
            return shown
        # drop the latest quarter holding an exposed month; failing that, the latest one inside the
        # period (with the period's total it pins the month down: P - Q3 = Q4)
        pick = next((k for k in candidates if any(at[m] in bad for m in quarters[k][1])), None)
        if pick is None:
            pick = next((k for k in candidates if set(quarters[k][1]) & set(period_months)), candidates[0])
        shown[pick] = False


def _exposed(sums: list[list[int]], x: np.ndarray, unknown: np.ndarray, threshold: int) -> set[int]:
    """Unknown months a reader could pin to a count from 1 to the threshold, or whose unknown
    months in one published total add up to one."""
    from ..disclosure.suppress import _determined

    n = len(x)
    # each published sum as an equation over the months and its (known) total, the last cell
    eqs = [[(i, 1.0) for i in cells] + [(n + k, -1.0)] for k, cells in enumerate(sums)]
    known_totals = np.zeros(len(sums), dtype=bool)
    fixed = _determined(eqs, n + len(sums), np.concatenate([unknown, known_totals]))[:n]
    bad = {i for i in np.flatnonzero(fixed & unknown) if _in_band(float(x[i]), threshold)}
    for cells in sums:
        hidden = [i for i in cells if unknown[i]]
        if hidden and _in_band(float(x[hidden].sum()), threshold):
            bad.update(hidden)
    return bad


__all__ = ["Column", "quarters_to", "quarterly_frame"]
