"""Display helpers for the deep-dive notebooks: tables and charts in the report's look.

``table(frame, caption)`` and ``figure(fig, alt)`` return IPython HTML objects, so a notebook
cell ending with the call shows them (and nbconvert keeps them as HTML for the pack).
RESTRICTED notebooks only: nothing here suppresses small numbers.
"""
from __future__ import annotations

import html

import numpy as np
import pandas as pd

from ..stats.pvalues import format_p_value


def _cell(value, decimals: int) -> str:
    if value is None or (not isinstance(value, (str, list, tuple)) and pd.isna(value)):
        return ""
    if isinstance(value, (pd.Timestamp, np.datetime64)):
        return "" if pd.isna(value) else f"{pd.Timestamp(value):%d/%m/%Y}"
    if isinstance(value, (bool, np.bool_)):
        return "Yes" if value else "No"
    if isinstance(value, (int, np.integer)):
        return f"{int(value):,}"
    if isinstance(value, (float, np.floating)):
        if float(value).is_integer() and abs(value) >= 1:
            return f"{int(value):,}"
        return f"{value:,.{decimals}f}" if abs(value) >= 0.001 or value == 0 else f"{value:.2g}"
    return str(value)


P_VALUE_COLUMNS = ("p_value",)


def table_html(frame: pd.DataFrame, caption: str | None = None, *, decimals: int = 1,
               limit: int | None = 200, index: bool = False) -> str:
    """``frame`` as an HTML table: dates day first, counts with thousands separators, p-values
    as "< 0.001" or three decimals (``stats.pvalues``), at most ``limit`` rows (None: all)."""
    shown = frame.reset_index() if index else frame
    shown = shown.assign(**{c: shown[c].map(format_p_value) for c in P_VALUE_COLUMNS if c in shown})
    more = len(shown) - limit if limit is not None and len(shown) > limit else 0
    shown = shown.head(limit) if more else shown
    head = "".join(f'<th scope="col">{html.escape(str(c))}</th>' for c in shown.columns)
    body = "".join("<tr>" + "".join(f"<td>{html.escape(_cell(v, decimals))}</td>" for v in row) + "</tr>"
                   for row in shown.itertuples(index=False))
    cap = f"<caption>{html.escape(caption)}</caption>" if caption else ""
    note = f'<p class="section-note">{more:,} more rows not shown.</p>' if more else ""
    return f'<table class="report-table">{cap}<thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>{note}'


def table(frame: pd.DataFrame, caption: str | None = None, **kw):
    from IPython.display import HTML

    return HTML(table_html(frame, caption, **kw))


def figure(fig, alt: str = ""):
    """The figure as HTML with its alt text: ``alt``, else the text the chart carries
    (``fig.alt_text``, set by e.g. ``DeepDive.sankey``)."""
    from IPython.display import HTML

    from ..present.charts import figure_html

    return HTML(figure_html(fig, alt or getattr(fig, "alt_text", "")))


def note(text: str):
    from IPython.display import HTML

    return HTML(f'<p class="section-note">{html.escape(text)}</p>')
