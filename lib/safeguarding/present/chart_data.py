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

import numpy as np
import pandas as pd

from ..disclosure.suppress import chart_counts, indicator_view, suppress_indicator_rows
from .tables import esc, format_count, format_value, month_label


def _attrs(attrs: dict | None) -> str:
    return "".join(f' {k}="{esc(v)}"' for k, v in (attrs or {}).items() if v is not None and v != "")


def _cell(c) -> str:
    """A body cell: text, or (text, attributes) - the attributes name the figure it shows
    (``data-indicator``, ``data-period``, ``data-field``) or its class."""
    text, attrs = (c, {}) if isinstance(c, str) else c
    attrs = dict(attrs)
    cls = " ".join(["num", *attrs.pop("class", "").split()])
    return f'<td class="{cls}"{_attrs(attrs)}>{esc(text)}</td>'


def _details(caption: str, head: list[str], rows: list[list], note: str | None = None,
             table_attrs: dict | None = None, row_attrs: list[dict] | None = None) -> str:
    """``rows``: first cell is the row header; cells are formatted text or (text, attributes).
    ``note``: the chart's own note (e.g. which categories are not shown), under the table.
    ``table_attrs``: the table's ``data-table`` name and window, for a breakdown."""
    rowhead = ' class="rowhead"'  # the column of row labels (the audit reads the others as columns)
    ths = "".join(f'<th scope="col"{rowhead if k == 0 else ""}>{esc(h)}</th>' for k, h in enumerate(head))
    row_attrs = row_attrs or [{}] * len(rows)
    body = "".join(f'<tr><th scope="row"{_attrs(a)}>{esc(r[0])}</th>' + "".join(_cell(c) for c in r[1:]) + "</tr>"
                   for r, a in zip(rows, row_attrs))
    return (f'<details class="chart-data"><summary>Numbers in this chart: {esc(caption)}</summary>'
            f'<table class="report-table chart-data-table"{_attrs(table_attrs)}><caption>{esc(caption)}</caption>'
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
    rows = rows.set_index(rows["month"].astype(str)).reindex([str(pd.Period(m, "M")) for m in months])
    suppressed = (rows["suppressed"].fillna(False).astype(bool) if "suppressed" in rows.columns
                  else pd.Series(False, index=rows.index))
    values = pd.to_numeric(rows["value"], errors="coerce")
    bounds = {c: (pd.to_numeric(rows[c], errors="coerce") if c in rows.columns else pd.Series(np.nan, rows.index))
              for c in ("lower", "upper")}
    with_band = bool(bounds["lower"].notna().any())  # the chart draws the band only then
    out = []
    for i, month in enumerate(rows.index):
        value, lo, hi = values.iloc[i], bounds["lower"].iloc[i], bounds["upper"].iloc[i]
        if suppressed.iloc[i]:
            cells = [symbol, symbol]
        else:
            cells = ["no data" if pd.isna(value) else format_value(value, unit),
                     "" if pd.isna(lo) or pd.isna(hi) else f"{format_value(lo, unit)} to {format_value(hi, unit)}"]
        # the value names its figure (the audit and the provenance check read it)
        cells[0] = (cells[0], {"data-indicator": indicator_id, "data-period": month, "data-field": "value"})
        out.append([month_label(month)] + (cells if with_band else cells[:1]))
    return _details(title, ["Month", "Value"] + (["95% interval"] if with_band else []), out)


def counts_data_html(counts, title: str, *, edition: str = "open", threshold: int = 5, symbol: str = "c",
                     value_label: str = "Number", table_attrs: dict | None = None,
                     parts: dict | None = None) -> str:
    """Categories (and series, for a frame) of a bar, grouped or stacked bar chart, with n.
    ``counts``: counts, or a ``ChartCounts`` already through disclosure control (the run's open
    figures). ``table_attrs``: the breakdown's name and window (``data-table``, ``data-first``,
    ``data-last``, ``data-window``); ``parts``: the bands each merged row joins."""
    if isinstance(counts, pd.DataFrame) and counts.shape[1] == 1:
        counts = counts.iloc[:, 0]
    cc = chart_counts(counts, threshold, edition=edition)
    symbol = symbol if edition == "open" else ""
    values = cc.values
    if isinstance(values, pd.DataFrame) and values.shape[1] == 1:
        values = values.iloc[:, 0]
    count = {"class": "count"}
    if isinstance(values, pd.Series):
        # the chart drops a hidden category; its table lists it with the symbol, as tables do
        order = list(counts.index) if isinstance(counts, (pd.Series, pd.DataFrame)) else \
            list(cc.order or values.index)
        values = values.reindex([k for k in order if k in values.index or k in cc.suppressed])
        head = ["Category", value_label]
        rows = [[str(k), (_count_text(v, symbol), count)] for k, v in values.items()]
    else:
        head = ["Category"] + [str(c) for c in values.columns]
        rows = [[str(k)] + [(_count_text(v, symbol), count) for v in r] for k, r in zip(values.index, values.to_numpy())]
    row_attrs = [{"data-parts": (parts or {}).get(r[0], "")} for r in rows]
    # n is the grand total (in the last column of a table of several series)
    n_cell = {**count, "data-column": "Total"} if len(head) > 2 else count
    rows.append(["Total (n)"] + [""] * (len(head) - 2) + [(_count_text(cc.n, symbol), n_cell)])
    row_attrs.append({})
    return _details(title, head, rows, cc.note, table_attrs, row_attrs)


def spc_data_html(result, title: str, *, unit: str = "", indicator_id: str = "") -> str:
    """Each point of an XmR chart with its mean, process limits and variation class."""
    def fmt(v):  # means and limits are not counts: one decimal place unless a percentage
        return "" if v is None or pd.isna(v) else format_value(v, "percent" if unit == "percent" else "rate")

    words = {"common": "Common cause", "improvement": "Special cause: improvement",
             "concern": "Special cause: concern", "neutral": "Special cause"}
    rows = []
    for label, p in result.points.iterrows():
        month = month_label(label) if _is_month(label) else str(label)
        value = "not shown" if pd.isna(p["value"]) else format_value(p["value"], unit)
        if indicator_id and _is_month(label):
            value = (value, {"data-indicator": indicator_id, "data-period": str(pd.Period(str(label), "M")),
                             "data-field": "value"})
        rows.append([month, value, fmt(p["mean"]), fmt(p["lcl"]), fmt(p["ucl"]), words.get(p["variation"], "")])
    return _details(title, ["Month", "Value", "Mean", "Lower process limit", "Upper process limit",
                            "Variation"], rows)


def _is_month(label) -> bool:
    try:
        pd.Period(str(label), "M")
        return True
    except (ValueError, TypeError):
        return False


def table_data_html(table: pd.DataFrame, title: str, *, row_label: str = "") -> str:
    """A small frame of counts that are not about children (e.g. improvement-plan actions by
    area and status), shown as it is in both editions."""
    head = [row_label] + [str(c) for c in table.columns]
    rows = [[str(k)] + [format_count(v) if np.isfinite(float(v)) else "" for v in r]
            for k, r in zip(table.index, table.to_numpy())]
    return _details(title, head, rows)
