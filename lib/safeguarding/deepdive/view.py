"""Display helpers for the deep-dive notebooks: tables and charts in the report's look.

``table(frame, caption)`` and ``figure(fig, alt)`` return IPython HTML objects, so a notebook
cell ending with the call shows them (and nbconvert keeps them as HTML for the pack).
RESTRICTED notebooks only: nothing here suppresses small numbers.
"""
from __future__ import annotations

import html
import re

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
               limit: int | None = 200, index: bool = False, print_rows: int | None = None,
               print_only=None, print_note: str | None = None, whole: str | None = None) -> str:
    """``frame`` as an HTML table: dates day first, counts with thousands separators, p-values
    as "< 0.001" or three decimals (``stats.pvalues``), at most ``limit`` rows on screen (None:
    all); in print the first ``print_rows``, or the rows at the positions ``print_only`` (rows
    left out are marked ``print-hide``), with a note saying what is not shown and ``whole``:
    where the whole table is."""
    shown = frame.reset_index() if index else frame
    shown = shown.assign(**{c: shown[c].map(format_p_value) for c in P_VALUE_COLUMNS if c in shown})
    total = len(shown)
    more = total - limit if limit is not None and total > limit else 0
    shown = shown.head(limit) if more else shown
    printed = set(range(print_rows)) if print_rows is not None else set(print_only) if print_only is not None else None
    head = "".join(f'<th scope="col">{html.escape(str(c))}</th>' for c in shown.columns)
    body = "".join(("<tr>" if printed is None or i in printed else '<tr class="print-hide">')
                   + "".join(f"<td>{html.escape(_cell(v, decimals))}</td>" for v in row) + "</tr>"
                   for i, row in enumerate(shown.itertuples(index=False)))
    cap = f"<caption>{html.escape(caption)}</caption>" if caption else ""
    where = f" The whole list: {html.escape(whole)}." if whole else ""
    note = f'<p class="section-note">{more:,} more rows not shown.{where}</p>' if more else ""
    if printed is not None and len(printed & set(range(total))) < total:
        said = print_note or f"Printed: the first {print_rows} of {total:,} rows."
        note += f'<p class="section-note print-only">{html.escape(said)}{where}</p>'
    return f'<table class="report-table">{cap}<thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>{note}'


def table(frame: pd.DataFrame, caption: str | None = None, **kw):
    from IPython.display import HTML

    return HTML(table_html(frame, caption, **kw))


# Rows of a child list printed in the pack's PDF: a briefing shows the first ones; the workbook
# (inspection-pack.xlsx) holds every list whole.
PRINT_ROWS = 10


def child_list(frame: pd.DataFrame, columns: list[str] | None = None, *, limit: int | None = 200,
               print_rows: int = PRINT_ROWS):
    """A list from ``DeepDive.child_lists()`` (or any frame with a ``heading``): its heading as
    the caption, the first ``limit`` rows on screen and ``print_rows`` in print, and where the
    whole list is (the pack workbook's sheet, or ``dd.export``)."""
    from IPython.display import HTML

    attrs = frame.attrs
    shown = frame[[c for c in columns if c in frame.columns]] if columns else frame
    sheet = attrs.get("sheet")
    whole = (f"sheet '{sheet}' of the pack's inspection-pack.xlsx, or dd.export(lists['{sheet}'], path)"
             if sheet else "dd.export(frame, path)")
    about = f'<p class="section-note">{html.escape(attrs["about"])}</p>' if attrs.get("about") else ""
    note = f'<p class="section-note">{html.escape(attrs["note"])}</p>' if attrs.get("note") else ""
    return HTML(table_html(shown, f"{attrs.get('heading', sheet or '')} ({len(frame):,})", limit=limit,
                           print_rows=print_rows, whole=whole) + about + note)


def summary(frame: pd.DataFrame, **kw):
    """A table from the pack's bundles (``team_tables``, ``drift_tables`` ...): its heading as the
    caption, what it is and any note under it, every row on screen; in print, the rows its
    ``attrs["print"]`` names (e.g. the ten workers of most concern and the Total), said so."""
    from IPython.display import HTML

    attrs = frame.attrs
    extra = "".join(f'<p class="section-note">{html.escape(attrs[k])}</p>' for k in ("about", "note") if attrs.get(k))
    printing = attrs.get("print")
    whole = f"sheet '{attrs['sheet']}' of the pack's inspection-pack.xlsx" if attrs.get("sheet") else None
    return HTML(table_html(frame, attrs.get("heading"), limit=None,
                           print_only=printing["rows"] if printing else None,
                           print_note=printing["note"] if printing else None, whole=whole if printing else None, **kw)
                + extra)


def figure(fig, alt: str = ""):
    """The figure as HTML with its alt text: ``alt``, else the text the chart carries
    (``fig.alt_text``, set by e.g. ``DeepDive.sankey``)."""
    from IPython.display import HTML

    from ..present.charts import figure_html

    return HTML(figure_html(fig, alt or getattr(fig, "alt_text", "")))


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
    # a run or pack executes its notebooks in a private folder (.<period>.partial-<pid>) that is
    # renamed into place when it publishes: name the folder the reader will find
    source = "the synthetic notebook council" if ".notebook-fixture" in folder.parts else \
        re.sub(r"/\.([^/]+)\.partial-\d+/", r"/\1/", str(folder))
    return HTML(banner_html(dd.params.council.name, dd.period.title, dd.data.meta.get("extract_date", ""), source))


def note(text: str):
    from IPython.display import HTML

    return HTML(f'<p class="section-note">{html.escape(text)}</p>')
