"""The numbers behind each chart, as a table under it (WCAG 1.1.1: a chart's alt text names it;
its values must also be available as text).

Each function returns ``<details class="chart-data">`` holding a small table of exactly what the
chart draws, from the same disclosure-controlled values: a month or category the open edition's
chart leaves out is shown as the suppression symbol, never as its number. The details element is
closed by default in the browser (the chart keeps the page short) and is left out of print (the
PDF keeps its length; its figures carry alt text, and the report period's values are in the
indicator tables).
"""
from __future__ import annotations

from typing import Mapping

import numpy as np
import pandas as pd

from .coverage import COVERAGE, NONE
from ..disclosure.suppress import chart_counts, indicator_view, suppress_indicator_rows
from ..disclosure.provenance import figure_attrs
from .tables import esc, format_count, format_value, month_label


def _cell(c) -> str:
    """A cell: formatted text, or (text, provenance attributes), or a list of such parts shown
    side by side (each part in its own span: one cell, several figures)."""
    if isinstance(c, list):
        return '<td class="num">' + "".join(
            f"<span{a}>{esc(t)}</span>" if a else esc(t) for t, a in c) + "</td>"
    text, attrs = c if isinstance(c, tuple) else (c, "")
    return f'<td class="num"{attrs}>{esc(text)}</td>'


def _details(caption: str, head: list[str], rows: list[list], note: str | None = None, *,
             attrs: str = "", table_id: str | None = None, period: str | None = None) -> str:
    """``rows``: first cell is the row header; cells are already formatted text (see
    :func:`_cell`). ``note``: the chart's own note (e.g. which categories are not shown), under
    the table. ``attrs``: provenance of the whole table (an indicator's); ``table_id`` and
    ``period``: a table of counts, whose rows are then named by their header."""
    ths = "".join(f'<th scope="col">{esc(h)}</th>' for h in head)
    if table_id:
        attrs += figure_attrs(period=period, table=table_id)
    body = "".join(f'<tr{figure_attrs(row=r[0]) if table_id else ""}><th scope="row">{esc(r[0])}</th>'
                   + "".join(_cell(c) for c in r[1:]) + "</tr>" for r in rows)
    return (f'<details class="chart-data"><summary>Numbers in this chart: {esc(caption)}</summary>'
            f'<table class="report-table chart-data-table"{attrs}><caption>{esc(caption)}</caption>'
            f"<thead><tr>{ths}</tr></thead><tbody>{body}</tbody></table>"
            + (f'<p class="table-notes">{esc(note)}</p>' if note else "") + "</details>")


def _count_text(value, symbol: str) -> str:
    """A missing count is a hidden one in the open edition (``symbol``); "" in the restricted."""
    return symbol if value is None or pd.isna(value) else format_count(value)


def trend_data_html(indicators: pd.DataFrame, indicator_id: str, months, title: str, *, unit: str,
                    edition: str = "open", threshold: int = 5, symbol: str = "c",
                    period_months=None) -> str:
    """Month by month value of a :func:`~safeguarding.present.charts.trend_chart` (same view:
    suppressed months shown as ``symbol``, months without data as "no data")."""
    data = indicators
    if edition == "open":
        data = (indicator_view(indicators, period_months, threshold) if period_months is not None
                else suppress_indicator_rows(indicators, threshold))
    rows = data[(data["indicator_id"] == indicator_id) & (data["period_type"] == "month")]
    present = set(rows["month"].astype(str))
    rows = rows.set_index(rows["month"].astype(str)).reindex([str(pd.Period(m, "M")) for m in months])
    suppressed = (rows["suppressed"].fillna(False).astype(bool) if "suppressed" in rows.columns
                  else pd.Series(False, index=rows.index))
    values = pd.to_numeric(rows["value"], errors="coerce")
    coverage = rows[COVERAGE] if COVERAGE in rows.columns else pd.Series(None, index=rows.index, dtype=object)
    bounds = {c: (pd.to_numeric(rows[c], errors="coerce") if c in rows.columns else pd.Series(np.nan, rows.index))
              for c in ("lower", "upper")}
    with_band = bool(bounds["lower"].notna().any())  # the chart draws the band only then
    out = []
    # plain lists: one conversion per column, not a pandas lookup per cell (the values are
    # formatted through as_float, so a Python float prints as its numpy counterpart did)
    columns = zip(values.tolist(), bounds["lower"].tolist(), bounds["upper"].tolist(), suppressed.tolist(),
                  coverage.tolist())
    for month, (value, lo, hi, hidden, covered) in zip(rows.index, columns):
        at = figure_attrs(period=month)
        if hidden:
            cells = [(symbol, at), symbol]
        else:
            interval = "" if pd.isna(lo) or pd.isna(hi) else [
                (format_value(lo, unit), figure_attrs(period=month, field="lower")), (" to ", ""),
                (format_value(hi, unit), figure_attrs(period=month, field="upper"))]
            # "no data": the month has no row (before the history), not a figure of the report;
            # a month after the extract date is n/a, as in the tables
            shown = "n/a" if covered == NONE else format_value(value, unit)
            cells = ["no data" if month not in present else (shown, at), interval]
        out.append([month_label(month)] + (cells if with_band else cells[:1]))
    return _details(title, ["Month", "Value"] + (["95% interval"] if with_band else []), out,
                    attrs=figure_attrs(indicator_id))


def counts_data_html(counts: pd.Series | pd.DataFrame, title: str, *, edition: str = "open",
                     threshold: int = 5, symbol: str = "c", value_label: str = "Number",
                     table_id: str | None = None, period: str | None = None,
                     figures: Mapping[str, tuple[str, str, str]] | None = None) -> str:
    """Categories (and series, for a frame) of a bar, grouped or stacked bar chart, with n.
    ``table_id`` / ``period``: the breakdown's stable name and window (``data-table``,
    ``data-period``); each cell then names its row and column. ``figures``: rows (of a series,
    the total as "Total (n)") that show an indicator's figure, ``{label: (indicator, period,
    field)}``, marked as that figure instead."""
    figures = figures or {}
    if isinstance(counts, pd.DataFrame) and counts.shape[1] == 1:
        counts = counts.iloc[:, 0]
    cc = chart_counts(counts, threshold, edition=edition)
    symbol = symbol if edition == "open" else ""
    values = cc.values
    if isinstance(values, pd.DataFrame) and values.shape[1] == 1:
        values = values.iloc[:, 0]
    if isinstance(values, pd.Series):
        # the chart drops a hidden category; its table lists it with the symbol, as tables do
        order = list(counts.index) if isinstance(counts, (pd.Series, pd.DataFrame)) else \
            list(cc.order or values.index)
        values = values.reindex([k for k in order if k in values.index or k in cc.suppressed])
        head = ["Category", value_label]
        rows = [[str(k), (_count_text(v, symbol), figure_attrs(*figures[str(k)]) if str(k) in figures
                          else _col(table_id, value_label))] for k, v in values.items()]
    else:
        head = ["Category"] + [str(c) for c in values.columns]
        rows = [[str(k)] + [(_count_text(v, symbol), _col(table_id, c)) for c, v in zip(values.columns, r)]
                for k, r in zip(values.index, values.to_numpy())]
    total = "Total (n)"
    # n is the grand total: in the last column, named "Total" when there are several series
    rows.append([total] + [""] * (len(head) - 2)
                + [(_count_text(cc.n, symbol), figure_attrs(*figures[total]) if total in figures
                    else _col(table_id, head[-1] if len(head) == 2 else "Total"))])
    return _details(title, head, rows, cc.note, table_id=table_id, period=period)


def _col(table_id: str | None, col) -> str:
    return figure_attrs(col=col) if table_id else ""


def spc_data_html(result, title: str, *, unit: str = "", indicator_id: str | None = None) -> str:
    """Each point of an XmR chart with its mean, process limits and variation class
    (``indicator_id``: the points are its monthly values, marked with their provenance)."""
    def fmt(v):  # means and limits are not counts: one decimal place unless a percentage
        return "" if v is None or pd.isna(v) else format_value(v, "percent" if unit == "percent" else "rate")

    words = {"common": "Common cause", "improvement": "Special cause: improvement",
             "concern": "Special cause: concern", "neutral": "Special cause"}
    rows = []
    for label, p in result.points.iterrows():
        month = month_label(label) if _is_month(label) else str(label)
        key = indicator_id is not None and _is_month(label)
        # a point left out (hidden, part month, after the extract) shows no figure
        value = "not shown" if pd.isna(p["value"]) else (
            (format_value(p["value"], unit), figure_attrs(period=str(pd.Period(str(label), "M")))) if key
            else format_value(p["value"], unit))
        stats = [fmt(p[c]) for c in ("mean", "lcl", "ucl")]
        if key:  # the chart's own statistics of the month, named as fields of the indicator's month
            month_key = str(pd.Period(str(label), "M"))
            stats = [(t, figure_attrs(period=month_key, field=f)) for t, f in
                     zip(stats, ("process_mean", "lower_process_limit", "upper_process_limit"))]
        rows.append([month, value, *stats, words.get(p["variation"], "")])
    return _details(title, ["Month", "Value", "Mean", "Lower process limit", "Upper process limit",
                            "Variation"], rows, attrs=figure_attrs(indicator_id) if indicator_id else "")


def _is_month(label) -> bool:
    try:
        pd.Period(str(label), "M")
        return True
    except (ValueError, TypeError):
        return False


def table_data_html(table: pd.DataFrame, title: str, *, row_label: str = "", table_id: str | None = None,
                    period: str | None = None) -> str:
    """A small frame of counts that are not about children (e.g. improvement-plan actions by
    area and status), shown as it is in both editions."""
    head = [row_label] + [str(c) for c in table.columns]
    rows = [[str(k)] + [(format_count(v) if np.isfinite(float(v)) else "", _col(table_id, c))
                        for c, v in zip(table.columns, r)]
            for k, r in zip(table.index, table.to_numpy())]
    return _details(title, head, rows, table_id=table_id, period=period)
