"""HTML fragments for the improvement-plan section (plain classed tables, no JavaScript).

Every function takes a frame produced by ``plan`` and returns an HTML string; all text is
escaped. Classes: every table ``ip-table`` plus ``ip-<kind>``; status cells
``status status-<code in lower case>``; RAG cells ``rag rag-green|rag-amber|rag-red|rag-grey``;
direction cells ``dot dot-improving|dot-worsening|dot-no-change|dot-na``; group header rows
``ip-group``; empty sections ``<p class="ip-empty">``. Colour is never the only cue: every
status, RAG and direction cell also carries its word.

Edition: owners are role titles and progress summaries are committee text, so both are shown in
the open and the restricted edition (docs/improvement-plan.md). Measure ``notes`` are never shown.
"""
from __future__ import annotations

import re
from html import escape

import numpy as np
import pandas as pd

from .plan import fmt_pct
from .statuses import UNKNOWN, status_scheme

ARROWS = {"up": "\u2191", "down": "\u2193", "flat": "\u2192", "na": "\u2013"}
DOT_WORDS = {"IMPROVING": "Improving", "WORSENING": "Worsening", "NO_CHANGE": "No meaningful change",
             "NOT_APPLICABLE": "Not applicable"}
RAG_WORDS = {"GREEN": "Green", "AMBER": "Amber", "RED": "Red", "GREY": "Grey"}
TYPE_WORDS = {"KPI": "KPI", "QUALITY": "Quality (audit)", "FEEDBACK": "Feedback"}


def _e(value) -> str:
    if value is None or (not isinstance(value, str) and pd.isna(value)):
        return ""
    return escape(str(value))


def fmt_date(value) -> str:
    """'30 Oct 2016', or '' when missing."""
    if value is None or pd.isna(value):
        return ""
    return pd.Timestamp(value).strftime("%d %b %Y").lstrip("0")


_ISO_DAY = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_ISO_MONTH = re.compile(r"^(\d{4})-(0[1-9]|1[0-2])$")


def fmt_period(text) -> str:
    """A measure's period as printed: an ISO date in words ('30 Jun 2018'), a month or a window
    as ``_when`` says it ('December 2018', 'July to December 2018'); financial years ('2017-18',
    '2011-12') and other labels ('2018-19 Q3') as written."""
    text = "" if text is None or (not isinstance(text, str) and pd.isna(text)) else str(text).strip()
    if _ISO_DAY.match(text):
        return fmt_date(text)
    month = _ISO_MONTH.match(text)
    if ".." in text or (month and int(month[2]) != (int(month[1]) + 1) % 100):
        return _when(text)
    return text


def fmt_value(value, unit: str = "") -> str:
    if value is None or pd.isna(value):
        return "n/a"
    v = float(value)
    text = f"{v:,.0f}" if abs(v - round(v)) < 1e-9 else f"{v:,.1f}"
    if unit == "percent":
        return f"{v:.1f}%"
    if unit in ("days", "weeks"):
        return f"{text} {unit}"
    return text


def _table(kind: str, head: list[str], body: list[str], caption: str | None = None, attrs: str = "") -> str:
    cap = f"<caption>{_e(caption)}</caption>" if caption else ""
    ths = "".join(f'<th scope="col">{_e(h)}</th>' for h in head)
    return (f'<table class="ip-table ip-{kind}"{attrs}>{cap}<thead><tr>{ths}</tr></thead>'
            f"<tbody>{''.join(body)}</tbody></table>")


def _empty(message: str) -> str:
    return f'<p class="ip-empty">{_e(message)}</p>'


def status_cell(code, params=None, tag: str = "td") -> str:
    scheme = status_scheme(params)
    code = UNKNOWN if code is None or (not isinstance(code, str) and pd.isna(code)) or code == "" else str(code)
    word = code.replace("_", " ").title() if scheme.scale == "BRAG" and code != UNKNOWN else scheme.label(code)
    return (f'<{tag} class="status status-{_e(code.lower().replace("_", "-"))}" '
            f'title="{_e(scheme.label(code))}">{_e(word)}</{tag}>')


# ---- counts and dashboards ------------------------------------------------------------------
def status_counts_html(counts: pd.DataFrame, params=None, caption: str | None = None, *,
                       summary: str | None = None) -> str:
    """Status, meaning, number, % of actions; total row last. ``summary`` (e.g.
    ``plan.status_summary_text``) is placed before the table as ``<p class="ip-summary">``."""
    if counts.empty or int(counts["count"].sum()) == 0:
        return _empty("No improvement-plan actions were supplied.")
    lead = f'<p class="ip-summary">{_e(summary)}</p>' if summary else ""
    body = [f"<tr>{status_cell(r.status, params)}<td>{_e(r.label)}</td>"
            f'<td class="num">{int(r.count)}</td><td class="num">{fmt_pct(r.percent)}</td></tr>'
            for r in counts.itertuples()]
    total = int(counts["count"].sum())
    body.append(f'<tr class="ip-total"><th scope="row" colspan="2">Total</th>'
                f'<td class="num">{total}</td><td class="num">100%</td></tr>')
    return lead + _table("status-counts", ["Status", "Meaning", "Actions", "%"], body, caption)


# rows left out when zero; rows shown indented under the row before
_OPTIONAL = {"completed_no_date", "no_deadline", "not_completed_moved", "not_completed_overdue"}
_SUBROWS = {"revised", "not_completed_moved", "not_completed_overdue"}


def dashboard_html(dashboard: pd.DataFrame, caption: str | None = None) -> str:
    """Table for ``due_vs_completed`` or ``plan_dashboard`` (rows with a zero count in the
    optional categories are left out; the 'of which revised' row is indented)."""
    if dashboard.empty:
        return _empty("No actions.")
    first = int(dashboard["count"].iloc[0])
    if first == 0:
        what = "due in this period" if dashboard["key"].iloc[0] == "due" else "in the plan"
        return _empty(f"No improvement-plan actions {what}.")
    body = []
    for r in dashboard.itertuples():
        if r.key in _OPTIONAL and int(r.count) == 0:
            continue
        cls = ' class="ip-total"' if r.Index == 0 else (' class="ip-sub"' if r.key in _SUBROWS else "")
        pct = "" if r.Index == 0 else fmt_pct(r.percent)
        body.append(f'<tr{cls}><th scope="row">{_e(r.label)}</th><td class="num">{int(r.count)}</td>'
                    f'<td class="num">{pct}</td></tr>')
    return _table("dashboard", ["", "Number", "%"], body, caption)


def due_vs_completed_html(table: pd.DataFrame, caption: str | None = None) -> str:
    """``dashboard_html`` for ``plan.due_vs_completed``."""
    return dashboard_html(table, caption)


def plan_dashboard_html(table: pd.DataFrame, caption: str | None = None) -> str:
    """``dashboard_html`` for ``plan.plan_dashboard``."""
    return dashboard_html(table, caption)


# ---- lists ----------------------------------------------------------------------------------
def _due_text(target, revised) -> str:
    if revised is not None and not pd.isna(revised) and (target is None or pd.isna(target) or revised != target):
        was = f' <span class="ip-was">(was {fmt_date(target)})</span>' if target is not None and not pd.isna(target) else ""
        return f"{fmt_date(revised)}{was}"
    return fmt_date(target)


def overdue_html(overdue: pd.DataFrame, params=None, caption: str | None = None, *,
                 empty: str = "No actions are overdue.") -> str:
    if overdue.empty:
        return _empty(empty)
    body = [f"<tr><td>{_e(r.action_ref)}</td><td>{_e(r.area)}</td><td>{_e(r.action)}</td>"
            f"<td>{_e(r.owner)}</td><td>{_due_text(r.target_date, r.revised_date)}</td>"
            f'<td class="num">{_e(r.days_overdue)}</td>{status_cell(r.status_code, params)}'
            f"<td>{_e(r.progress_summary)}</td></tr>" for r in overdue.itertuples()]
    return _table("overdue", ["Ref", "Area", "Action", "Owner", "Due", "Days overdue", "Status",
                              "Progress summary"], body, caption)


def revisions_html(revisions: pd.DataFrame, caption: str | None = None, *, moved_since=None) -> str:
    """Every revised deadline (``plan.deadline_revisions``): the one table of them. ``moved_since``
    (the refs whose deadline moved since the previous report, from ``changes_since``) adds a
    column saying which are new; without a previous snapshot the column is left out."""
    if revisions.empty:
        return _empty("No deadlines have been revised.")
    head = ["Ref", "Action", "Owner", "Old deadline", "New deadline", "Reason for revision"]
    if moved_since is not None:
        head.append("Moved since the last report")
        moved_since = set(moved_since)
    body = []
    for r in revisions.itertuples():
        cells = (f"<td>{_e(r.action_ref)}</td><td>{_e(r.action)}</td><td>{_e(r.owner)}</td>"
                 f"<td>{fmt_date(r.old_date)}</td><td>{fmt_date(r.new_date)}</td>"
                 f"<td>{_e(r.reason) or '<em>no reason recorded</em>'}</td>")
        if moved_since is not None:
            cells += f"<td>{'Yes' if r.action_ref in moved_since else ''}</td>"
        body.append(f"<tr>{cells}</tr>")
    return _table("revisions", head, body, caption)


def attention_html(actions: pd.DataFrame, params=None, caption: str | None = None) -> str:
    """The red and amber actions with their progress notes (``plan.actions_needing_attention``):
    status first, then ref, area, action, owner, deadlines, progress note."""
    if actions.empty:
        return _empty("No action is rated red or amber.")
    body = [f"<tr>{status_cell(r.status_code, params)}<td>{_e(r.action_ref)}</td><td>{_e(r.area)}</td>"
            f"<td>{_e(r.action)}</td><td>{_e(r.owner)}</td><td>{_due_text(r.target_date, r.revised_date)}</td>"
            f"<td>{_e(r.progress_summary)}</td></tr>" for r in actions.itertuples()]
    return _table("attention", ["Status", "Ref", "Area", "Action", "Owner", "Deadline", "Progress"],
                  body, caption)


def actions_html(action_list: pd.DataFrame, params=None, *, include_progress: bool = True,
                 caption: str | None = None) -> str:
    """Per-action table grouped by area (seed 003): ref, action, owner, status, the original and
    the revised deadline, progress summary. ``action_list`` is ``plan.action_list(...)`` (or a
    subset of it)."""
    if action_list.empty:
        return _empty("No actions to list.")
    head = (["Ref", "Action", "Owner", "Status", "Deadline", "Revised deadline"]
            + (["Progress summary"] if include_progress else []))
    body, area = [], None
    for r in action_list.itertuples():
        if r.area != area:
            area = r.area
            body.append(f'<tr class="ip-group"><th scope="rowgroup" colspan="{len(head)}">{_e(area)}</th></tr>')
        revised = fmt_date(r.revised_date) if not pd.isna(r.revised_date) and r.revised_date != r.target_date else ""
        cells = (f"<td>{_e(r.action_ref)}</td><td>{_e(r.action)}</td><td>{_e(r.owner)}</td>"
                 f"{status_cell(r.status_code, params)}<td>{fmt_date(r.target_date)}</td><td>{revised}</td>")
        if include_progress:
            cells += f"<td>{_e(r.progress_summary)}</td>"
        body.append(f"<tr>{cells}</tr>")
    return _table("actions", head, body, caption)


# ---- measures -------------------------------------------------------------------------------
def rag_cell(rag) -> str:
    code = str(rag).upper() if isinstance(rag, str) and rag else "GREY"
    return f'<td class="rag rag-{_e(code.lower())}">{_e(RAG_WORDS.get(code, code.title()))}</td>'


def dot_cell(direction, change=np.nan) -> str:
    code = str(direction).upper() if isinstance(direction, str) and direction else "NOT_APPLICABLE"
    if change is None or pd.isna(change):
        arrow = ARROWS["na"]
    elif code == "NO_CHANGE" or abs(float(change)) < 1e-12:
        arrow = ARROWS["flat"]
    else:
        arrow = ARROWS["up"] if float(change) > 0 else ARROWS["down"]
    cls = {"IMPROVING": "improving", "WORSENING": "worsening", "NO_CHANGE": "no-change"}.get(code, "na")
    word = DOT_WORDS.get(code, code.title())
    return (f'<td class="dot dot-{cls}" title="{_e(word)}"><span class="dot-arrow" aria-hidden="true">'
            f"{arrow}</span> {_e(word)}</td>")


def _when(label: str) -> str:
    """A window in words: '2018-12' -> 'December 2018', '2018-07..2018-12' -> 'July to December
    2018'; a supplied label ('2018-19 Q3') as it is."""
    from ..periods import PeriodError, parse_period

    try:
        return parse_period(label).title
    except (PeriodError, ValueError):
        return label


def _report_figure(value, unit: str, attrs: str, symbol: str, hidden: bool = False, na: str = "n/a") -> str:
    """A figure of the report's indicators as the sections print it (present.tables formats),
    in a span naming its provenance; the unit word of days and weeks after it. ``na``: the
    text of a missing value ("No target" for a target, as the sections say)."""
    from ..present.tables import format_value

    missing = not hidden and (value is None or pd.isna(value))
    text = symbol if hidden else na if missing else format_value(value, unit)
    word = f" {unit}" if unit in ("days", "weeks") and not (hidden or missing) else ""
    return f"<span{attrs}>{_e(text)}</span>{word}"


def measures_html(table: pd.DataFrame, caption: str | None = None, *, symbol: str = "c",
                  period: str | None = None) -> str:
    """Measures grouped by area: measure, type, baseline, target, latest, RAG, direction.
    A computed rating that disagrees with the supplied one carries a marker, explained below.

    A measure's latest value from the report's indicators is labelled with its month in words
    and printed as the sections print it (``symbol`` where disclosure control hid it); a target
    from ``params.targets`` is the one the sections show for ``period`` (the report period's
    canonical name). Both carry their provenance (``present.provenance``); the plan's own
    figures name the table, the measure and the column."""
    from ..present.provenance import figure_attrs

    if table.empty:
        return _empty("No improvement-plan measures were supplied.")

    def own(col: str, text: str) -> str:  # a figure of the plan itself: table, measure, column
        return f"<span{figure_attrs(col=col)}>{_e(text)}</span>"

    head = ["Measure", "Type", "Baseline", "Target", "Latest", "RAG", "Direction of travel"]
    body, area, notes = [], None, []
    for r in table.itertuples():
        if r.area != area:
            area = r.area
            body.append(f'<tr class="ip-group"><th scope="rowgroup" colspan="{len(head)}">{_e(area)}</th></tr>')
        base = own("baseline", fmt_value(r.baseline_value, r.unit))
        if r.baseline_period:
            base += f' <span class="ip-period">({_e(fmt_period(r.baseline_period))})</span>'
        if getattr(r, "target_source", "") == "params" and period:
            target = (f"<span{figure_attrs(r.indicator_id, period, 'target')}>{_e(r.target_label)}</span>"
                      if r.target_label else _report_figure(r.target_value, r.unit,
                                                            figure_attrs(r.indicator_id, period, "target"), symbol,
                                                            na="No target"))
        else:
            target = own("target", "none set" if pd.isna(r.target_value) else fmt_value(r.target_value, r.unit))
        if not pd.isna(r.target_date):
            target += f' <span class="ip-period">(by {fmt_date(r.target_date)})</span>'
        if r.value_source == "indicator":
            latest = _report_figure(r.latest_value, r.unit, figure_attrs(r.indicator_id, r.latest_period), symbol,
                                    bool(getattr(r, "latest_hidden", False)))
        else:
            latest = own("latest", fmt_value(r.latest_value, r.unit))
        if r.latest_period:
            latest += f' <span class="ip-period">({_e(fmt_period(r.latest_period))})</span>'
        name = _e(r.measure)
        if r.disagrees:
            notes.append(f"{r.measure_id or r.measure}: {r.disagreement}")
            name += f'<sup class="ip-query" title="{_e(r.disagreement)}">[{len(notes)}]</sup>'
        body.append(f"<tr{figure_attrs(row=r.measure_id or r.measure)}><td>{name}</td>"
                    f"<td>{_e(TYPE_WORDS.get(r.measure_type, r.measure_type))}</td>"
                    f'<td class="num">{base}</td><td class="num">{target}</td>'
                    f'<td class="num">{latest}</td>{rag_cell(r.rag)}{dot_cell(r.direction_of_travel, r.change)}</tr>')
    out = _table("measures", head, body, caption, attrs=figure_attrs(period=period, table="improvement_measures"))
    notes_html = ""
    if notes:
        items = "".join(f"<li>{_e(n)}</li>" for n in notes)
        notes_html = (f'<div class="ip-notes"><p>Ratings computed by the report that differ from the '
                      f"plan's own rating (queried with the plan owner):</p><ol>{items}</ol></div>")
    return out + _measures_note(table) + notes_html


def _measures_note(table: pd.DataFrame) -> str:
    """What 'Latest' and 'Target' show, in words (docs/improvement-plan.md)."""
    parts = []
    if (table["value_source"] == "indicator").any():
        parts.append("For a measure taken from the report's indicators, Latest is the latest whole month's value "
                     "(the month is named beside it), not the report period's value that the section's table shows.")
    if (table.get("target_source", pd.Series(dtype=object)) == "params").any():
        parts.append("Its target is the one the section rates against (the council's targets in the report "
                     "settings); where the plan states a different target, the data-quality section lists it "
                     "(rule IP-010).")
    return f'<p class="table-notes">{" ".join(parts)}</p>' if parts else ""


# ---- changes --------------------------------------------------------------------------------
def changes_html(changes: pd.DataFrame, params=None, caption: str | None = None) -> str:
    if changes.empty:
        return _empty("No changes since the previous report.")
    body = []
    for r in changes.itertuples():
        if r.change == "status":
            what = (f"{status_cell(r.old_status, params, 'span')} \u2192 "
                    f"{status_cell(r.new_status, params, 'span')}"
                    f' <span class="ip-change-{_e(r.status_direction)}">({_e(r.status_direction)})</span>')
        elif r.change == "deadline":
            what = f"{fmt_date(r.old_due_date) or 'none'} \u2192 {fmt_date(r.new_due_date) or 'none'}"
            if r.reason:
                what += f" ({_e(r.reason)})"
        elif r.change == "new":
            what = f"added, status {status_cell(r.new_status, params, 'span')}, due {fmt_date(r.new_due_date)}"
        else:
            what = f"removed (last status {status_cell(r.old_status, params, 'span')})"
        body.append(f"<tr><td>{_e(r.action_ref)}</td><td>{_e(r.area)}</td><td>{_e(r.action)}</td>"
                    f"<td>{_e(r.change_label)}</td><td>{what}</td></tr>")
    return _table("changes", ["Ref", "Area", "Action", "Change", "Detail"], body, caption)


__all__ = ["status_counts_html", "dashboard_html", "due_vs_completed_html", "plan_dashboard_html", "overdue_html",
           "revisions_html", "attention_html",
           "actions_html", "measures_html", "changes_html", "status_cell", "rag_cell", "dot_cell",
           "fmt_date", "fmt_value"]
