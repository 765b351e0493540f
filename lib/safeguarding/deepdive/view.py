"""Display helpers for the deep-dive notebooks: tables and charts in the report's look.

``table(frame, caption)`` and ``figure(fig, alt)`` return IPython HTML objects, so a notebook
cell ending with the call shows them (and nbconvert keeps them as HTML for the pack).
RESTRICTED notebooks only: nothing here suppresses small numbers.
"""
from __future__ import annotations

import html

import numpy as np
import pandas as pd


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


def table_html(frame: pd.DataFrame, caption: str | None = None, *, decimals: int = 1,
               limit: int | None = 200, index: bool = False) -> str:
    shown = frame.reset_index() if index else frame
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
    from IPython.display import HTML

    from ..present.charts import figure_html

    return HTML(figure_html(fig, alt))


BANNER_STYLE = ("border:3px solid #b00020;background:#fff4f4;color:#1a1a1a;padding:0.6em 0.9em;"
                "margin:0 0 1em 0;font-size:1rem;line-height:1.4")


def banner_html(council: str, period_title: str, extract_date: str, source: str) -> str:
    """The RESTRICTED banner at the top of every executed deep-dive notebook (and pack page)."""
    return (f'<div class="restricted-banner" role="note" style="{BANNER_STYLE}"><strong>RESTRICTED: '
            "child-level data</strong> (child IDs, dates, teams and worker names), for use inside the "
            f"council only. {html.escape(council)}, {html.escape(period_title)}; data extracted "
            f"{html.escape(str(extract_date))}; prepared run <code>{html.escape(source)}</code>. Keep executed "
            "copies in the git-ignored <code>workspace/</code> folder (<code>safeguarding workspace</code>), "
            "never in <code>notebooks/</code>.</div>")


def banner(dd):
    """Show the RESTRICTED banner for a ``DeepDive`` (its council, period, extract and folder)."""
    from IPython.display import HTML

    folder = dd.data.folder
    source = "the synthetic notebook council" if ".notebook-fixture" in folder.parts else str(folder)
    return HTML(banner_html(dd.params.council.name, dd.period.title, dd.data.meta.get("extract_date", ""), source))


def note(text: str):
    from IPython.display import HTML

    return HTML(f'<p class="section-note">{html.escape(text)}</p>')
