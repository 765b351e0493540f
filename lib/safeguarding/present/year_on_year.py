"""This period against the same period last year, with the figures (the monthly table shows only
an arrow for the comparison): the seed's "332 contacts in 2017/18 ... compared to 215 in
2016/17" for LADO and private fostering.

Disclosure (open edition): both figures come from the run's open figures (``report.figures``,
protected with everything the council has published): this period's are the monthly table's,
last year's is the comparison unit the direction-of-travel arrows use, published as its value
only. The change is hidden when either figure is. Each figure names its indicator and period
(``present.provenance``). Without the open figures (a frame with no ``category``), last year's
row comes from last year's own view of the exact figures (primary suppression, secondary between
its months and its total; a total hidden with any month the charts publish, and with the counts
it shares - ``disclosure.suppress.SHARED_COUNTS``).
"""
from __future__ import annotations

from typing import Mapping

import pandas as pd

from ..indicators.registry import REGISTRY, Indicator
from ._util import as_float
from ..disclosure.suppress import SHARED_COUNTS, indicator_view, linked_series
from .tables import (_footnotes, _indicator_meta, _suppression_note, _title_cell, _value_cell, esc,
                     format_value, period_rows)


def _last_year(exact: pd.DataFrame, period, threshold: int, edition: str, charted: set[str]) -> dict:
    """{indicator: last year's period row} as it may be published (module docstring)."""
    aggregations = {i: REGISTRY[i].aggregation for i in exact["indicator_id"].unique() if i in REGISTRY}
    last = period.same_period_last_year()
    earlier = indicator_view(exact, last.months, threshold, edition=edition, aggregations=aggregations)
    last_rows = period_rows(earlier, last.months)["current"]
    if edition == "open":
        months = [str(m) for m in last.months]
        hidden = earlier[(earlier["period_type"] == "month") & earlier["month"].astype(str).isin(months)
                         & earlier["suppressed"].fillna(False).astype(bool)]
        # a stock's period value is its last month's, published or hidden with it
        hide = {i for i in set(hidden["indicator_id"]) & charted if REGISTRY[i].aggregation != "end"}
        for group in _linked(exact, months):  # counts published under two indicators go together
            if group & hide:
                hide |= group
        for ind in hide & set(last_rows):
            row = last_rows[ind].copy()
            row["suppressed"] = True
            last_rows[ind] = row
    return last_rows


def _linked(rows: pd.DataFrame, months: list[str]) -> list[set[str]]:
    present = set(rows["indicator_id"])
    groups = [g & present for g in linked_series(rows, months)]
    groups += [{ind for ind, _ in members} & present for members in SHARED_COUNTS.values()]
    return [g for g in groups if len(g) > 1]


def _change(cur, prev, unit: str, symbol: str) -> str:
    if cur is None or prev is None:
        return '<td class="change na">n/a</td>'
    if bool(cur.get("suppressed", False)) or bool(prev.get("suppressed", False)):
        return f'<td class="change suppressed">{esc(symbol)}</td>'
    a, b = as_float(cur.get("value")), as_float(prev.get("value"))
    if a is None or b is None:
        return '<td class="change na">n/a</td>'
    if unit == "percent":
        text = f"{a - b:+.1f} points"
    elif unit == "count":
        text = f"{a - b:+,.0f}" + (f" ({(a - b) / b:+.0%})" if b else "")
    else:
        text = format_value(a - b, unit) if a >= b else "-" + format_value(b - a, unit)
        text = text if text.startswith("-") else "+" + text
    return f'<td class="change num">{esc(text)}</td>'


def year_on_year_html(shown: pd.DataFrame, exact: pd.DataFrame, ids: list[str], period, params, *,
                      edition: str = "open", charted=(), registry: Mapping[str, Indicator] = REGISTRY,
                      caption: str | None = None) -> str:
    """One row per indicator of ``ids``: this period, the same period last year and the change.
    ``shown``: the indicators as this edition shows them (the open view in the open edition);
    ``exact``: the unsuppressed rows last year's view is built from; ``charted``: the indicators
    whose monthly history the report's charts publish."""
    thr, symbol = params.disclosure.threshold, params.disclosure.symbol
    small = params.conventions.small_denominator
    current = period_rows(indicator_view(shown, period.months, thr, edition=edition), period.months)["current"]
    last_period = period.same_period_last_year()
    if edition == "open" and "category" in shown.columns:
        # the open figures (report.figures) hold last year's period as a comparison unit,
        # protected with everything else: its value only (its counts are not published)
        last = {ind: row.drop(labels=[c for c in ("numerator", "denominator", "lower", "upper") if c in row.index])
                if registry[ind].unit != "count" else row
                for ind, row in period_rows(shown, last_period.months)["current"].items() if ind in registry}
    else:
        last = _last_year(exact[exact["indicator_id"].isin(ids)], period, thr, edition, set(charted))
    head = (f'<tr><th scope="col" class="ind">Indicator</th><th scope="col">{esc(period.short_title)}</th>'
            f'<th scope="col">{esc(last_period.short_title)}</th><th scope="col">Change</th></tr>')
    body, any_hidden = [], False
    for ind_id in ids:
        if ind_id not in registry:
            continue
        meta = _indicator_meta(ind_id, shown, registry)
        cur, prev = current.get(ind_id), last.get(ind_id)
        cells = [_title_cell(meta)]
        for row, name in ((cur, period.label), (prev, last_period.label)):
            cell, flags = _value_cell(row, meta, symbol=symbol, small_denominator=small, period=name)
            any_hidden |= flags["suppressed"]
            cells.append(cell)
        cells.append(_change(cur, prev, meta["unit"], symbol))
        body.append(f'<tr data-indicator="{esc(ind_id)}">' + "".join(cells) + "</tr>")
    cap = f"<caption>{esc(caption)}</caption>" if caption else ""
    notes = [_suppression_note(thr, symbol)] if any_hidden else []
    return (f'<table class="report-table year-on-year">{cap}<thead>{head}</thead>'
            f'<tbody>{"".join(body)}</tbody></table>' + _footnotes(notes))


__all__ = ["year_on_year_html"]
