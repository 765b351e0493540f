"""HTML tables for the report: the monthly indicator table, the scorecard, count tables,
benchmarking tables, definitions and the two-column commentary.

Every builder returns an HTML string (no JavaScript; WeasyPrint renders it to PDF) styled by
``report.css``. Show one in a notebook with ``IPython.display.HTML(html)`` or :func:`show`.

Cell classes the CSS and the leak check rely on:

* ``count`` - a cell (or span) holding counts of children / events. The open-edition leak check
  fails on any whole number from 1 to the threshold inside an element with class ``count``.
* ``pct`` (percentages), ``rate`` (rates per 10,000), ``mean`` (days / weeks).
* ``rag rag-green|rag-amber|rag-red|rag-grey|rag-none`` - RAG cells.
* ``travel travel-improving|travel-worsening|travel-no-change|travel-neutral|travel-na``.
* ``suppressed`` - a value replaced by the disclosure symbol; ``na`` - no data ("n/a");
  ``lowdenom`` - a month with a denominator below ``conventions.small_denominator`` (marked †);
  ``partial`` - a value covering only part of its month or period (marked ‡, see
  ``present.coverage``); values after the extract date are ``na``.

Formats: counts with thousands separators (``1,786``); percentages to 1 decimal place
(``85.0%``) with the numerator/denominator underneath (``51/60``); rates and averages to 1 dp.
"""
from __future__ import annotations

import html
import re
from pathlib import Path
from typing import Any, Iterable, Mapping

import pandas as pd

from ..indicators.registry import MEAN_UNITS, REGISTRY, Indicator
from ..periods import canonical_label
from ._util import as_float
from .coverage import NONE, PART_MARK, PARTIAL, coverage_of, is_complete, partial_months
from ..disclosure.suppress import indicator_view, suppress
from ..disclosure.provenance import figure_attrs
from .rag import rag_label, rag_rating
from .travel import direction_of_travel

UNIT_NOTES = {
    "count": "number", "percent": "%", "rate_per_10k": "rate per 10,000 children",
    "days": "days", "weeks": "weeks", "score": "score out of 10",
}
UNIT_CLASS = {"count": "count", "percent": "pct", "rate_per_10k": "rate", "days": "mean", "weeks": "mean",
              "score": "mean"}
SECTION_TITLES = {
    "front_door": "Front door", "out_of_hours": "Out of hours", "assessments": "Assessments and S47 enquiries",
    "cin": "Children in need", "cp": "Child protection", "private_fostering": "Private fostering",
    "young_carers": "Young carers", "lado": "LADO", "proceedings": "Pre-proceedings and care proceedings",
    "quality": "Quality of practice",
}
DAGGER = "\u2020"


def esc(x: Any) -> str:
    return html.escape("" if x is None else str(x), quote=True)


def show(markup: str):
    """Display an HTML string in a notebook (IPython.display.HTML)."""
    from IPython.display import HTML, display
    display(HTML(markup))


# --------------------------------------------------------------------------------------------
# Number formatting
# --------------------------------------------------------------------------------------------
def format_value(value: Any, unit: str) -> str:
    """'1,786' | '85.0%' | '476.2' | 'n/a' for a missing value."""
    v = as_float(value)
    if v is None:
        return "n/a"
    if unit == "count":
        return f"{int(round(v)):,}"
    if unit == "percent":
        return f"{v:.1f}%"
    return f"{v:,.1f}"


def format_count(value: Any) -> str:
    v = as_float(value)
    if v is None:
        return ""
    return f"{int(round(v)):,}" if float(v).is_integer() else f"{v:,.1f}"


def month_label(month: Any) -> str:
    """'2018-07' -> 'Jul 18'."""
    return pd.Period(str(month), "M").strftime("%b %y")


def _months(period_months) -> list[str]:
    months = getattr(period_months, "months", period_months)
    return [str(pd.Period(m, "M")) for m in months]


def target_text(target, unit: str) -> str:
    if target is None:
        return "No target"
    if getattr(target, "label", None):
        return str(target.label)
    if as_float(getattr(target, "target", None)) is None:
        return "No target"
    return format_value(target.target, unit)


# --------------------------------------------------------------------------------------------
# Finding the rows of the long indicator table
# --------------------------------------------------------------------------------------------
def _indicator_meta(ind_id: str, data: pd.DataFrame, registry: Mapping[str, Indicator]) -> dict:
    ind = registry.get(ind_id) if registry is not None else None
    if ind is None:  # the frame is read only for an indicator the registry does not know
        rows = data[data["indicator_id"] == ind_id] if "indicator_id" in data.columns else data.iloc[0:0]

    def first(col, default):
        if col in rows.columns and len(rows) and pd.notna(rows[col].iloc[0]):
            return rows[col].iloc[0]
        return default

    unit = ind.unit if ind else str(first("unit", "count"))
    return {
        "id": ind_id,
        "title": ind.title if ind else str(first("title", ind_id)),
        "section": ind.section if ind else str(first("section", "")),
        "unit": unit,
        "polarity": ind.polarity if ind else str(first("polarity", "none")),
        "rag": ind.rag if ind else True,
        "aggregation": ind.aggregation if ind else ("sum" if unit == "count" else "pooled" if unit == "percent" else "end"),
        "status": ind.status if ind else str(first("status", "")),
    }


def _period_bounds(months: list[str]):
    first, last = pd.Period(months[0], "M"), pd.Period(months[-1], "M")
    n = len(months)
    def b(a, z):
        return a.start_time.normalize(), z.end_time.normalize()
    return {"current": b(first, last), "previous": b(first - n, first - 1), "last_year": b(first - 12, last - 12)}


def period_rows(data: pd.DataFrame, period_months=None, period_label: str | None = None) -> dict[str, dict[str, pd.Series]]:
    """{'current'|'previous'|'last_year': {indicator_id: row}} from the ``period`` rows.

    Matched on ``start``/``end`` when ``period_months`` is given; otherwise the current period is
    the row whose ``month`` equals ``period_label`` (or, failing that, the latest ``end``) and the
    comparison periods are derived from its dates.
    """
    out: dict[str, dict[str, pd.Series]] = {"current": {}, "previous": {}, "last_year": {}}
    if data.empty or "period_type" not in data.columns:
        return out
    rows = data[data["period_type"] == "period"]
    if rows.empty:
        return out
    has_dates = {"start", "end"} <= set(rows.columns)
    if has_dates and period_months is not None and len(_months(period_months)):
        return _rows_within(rows, _period_bounds(_months(period_months)), out)
    if has_dates:
        rows = rows.assign(_s=pd.to_datetime(rows["start"]).dt.normalize(),
                           _e=pd.to_datetime(rows["end"]).dt.normalize())
    for ind_id, g in rows.groupby("indicator_id", sort=False):
        bounds = None
        if period_months is not None and len(_months(period_months)):
            bounds = _period_bounds(_months(period_months))
        elif has_dates:
            cur = g[g["month"].astype(str) == str(period_label)] if period_label is not None else g.iloc[0:0]
            if cur.empty:
                cur = g.sort_values("_e").tail(1)
            s, e = cur["_s"].iloc[0], cur["_e"].iloc[0]
            ms = [str(p) for p in pd.period_range(s.to_period("M"), e.to_period("M"), freq="M")]
            bounds = _period_bounds(ms)
        if bounds is not None and not has_dates:
            # no start/end columns: match the labels periods.Period gives ranges ("2018-07..2018-12")
            for kind, (s, e) in bounds.items():
                a, z = s.to_period("M"), e.to_period("M")
                label = str(a) if a == z else f"{a}..{z}"
                hit = g[g["month"].astype(str) == label]
                if kind == "current" and hit.empty and period_label is not None:
                    hit = g[g["month"].astype(str) == str(period_label)]
                if len(hit):
                    out[kind][ind_id] = hit.iloc[0]
            continue
        if bounds is None:
            cur = g[g["month"].astype(str) == str(period_label)]
            if len(cur):
                out["current"][ind_id] = cur.iloc[0]
            continue
        for kind, (s, e) in bounds.items():
            hit = g[(g["_s"] == s) & (g["_e"] == e)]
            if len(hit):
                out[kind][ind_id] = hit.iloc[0].drop(["_s", "_e"])
    return out


def _rows_within(rows: pd.DataFrame, bounds: dict, out: dict) -> dict[str, dict[str, pd.Series]]:
    """``period_rows`` when every indicator shares the same bounds: one match per period kind
    over the whole frame, not one per indicator. Each indicator's first row whose start and end
    fall on the bounds' days, indicators in order of first appearance (as ``groupby``)."""
    starts = pd.to_datetime(rows["start"]).dt.normalize().to_numpy()
    ends = pd.to_datetime(rows["end"]).dt.normalize().to_numpy()
    ids = rows["indicator_id"]
    has_id = ids.notna().to_numpy()
    order = ids[has_id].unique()
    for kind, (s, e) in bounds.items():
        hit = rows[(starts == s.to_datetime64()) & (ends == e.to_datetime64()) & has_id]
        hit = hit[~hit["indicator_id"].duplicated().to_numpy()]
        at = {ind: k for k, ind in enumerate(hit["indicator_id"])}
        for ind in order:
            if ind in at:
                row = hit.iloc[at[ind]]
                # the per-indicator path takes rows from a frame with its datetime match columns
                # added, so a row is always object-typed
                out[kind][ind] = row if row.dtype == object else row.astype(object)
    return out


def _month_rows(data: pd.DataFrame, ind_ids, months: list[str]) -> dict[str, dict[str, pd.Series]]:
    """{indicator_id: {month: row}} of ``ind_ids``' rows for ``months`` (the last row of a
    repeated month), from one pass over the frame rather than one filter per indicator."""
    out: dict[str, dict[str, pd.Series]] = {i: {} for i in ind_ids}
    if data.empty or "period_type" not in data.columns:
        return out
    g = data[data["indicator_id"].isin(list(out)) & (data["period_type"] == "month")
             & data["month"].astype(str).isin(months)]
    for _, r in g.iterrows():
        out[r["indicator_id"]][str(r["month"])] = r
    return out


def _get(row, col):
    if row is None or col not in row.index:
        return None
    return as_float(row[col])


def _is_suppressed(row) -> bool:
    return row is not None and "suppressed" in row.index and bool(row["suppressed"])


# --------------------------------------------------------------------------------------------
# Cells
# --------------------------------------------------------------------------------------------
def _value_cell(row, meta: dict, *, symbol: str, small_denominator: int, extra_class: str = "",
                mark_small: bool = True, period: str | None = None) -> tuple[str, dict]:
    """(<td> html, flags) for one indicator value. ``period``: the month or the period's
    canonical name the cell shows (``data-period``; the row names the indicator)."""
    unit = meta["unit"]
    cls = [UNIT_CLASS.get(unit, "num"), "num"]
    if extra_class:
        cls.append(extra_class)
    where = figure_attrs(period=period)
    flags = {"suppressed": False, "na": False, "lowdenom": False, "partial": False}
    if row is None or coverage_of(row) == NONE:  # after the extract date: unknown, never 0
        flags["na"] = True
        cls.append("na")
        return f'<td class="{" ".join(cls)}"{where}>n/a</td>', flags
    if _is_suppressed(row):
        flags["suppressed"] = True
        cls.append("suppressed")
        return f'<td class="{" ".join(cls)}"{where}>{esc(symbol)}</td>', flags
    value = _get(row, "value")
    if value is None and unit == "count":
        value = _get(row, "numerator")
    if value is None:
        flags["na"] = True
        cls.append("na")
        return f'<td class="{" ".join(cls)}"{where}>n/a</td>', flags
    text = esc(format_value(value, unit))
    if coverage_of(row) == PARTIAL:
        flags["partial"] = True
        cls.append("partial")
        text += f'<sup class="mark">{PART_MARK}</sup>'
    num, den = _get(row, "numerator"), _get(row, "denominator")
    sub = ""
    if unit == "percent" and num is not None and den is not None:
        sub = (f'<span class="count n"><span{figure_attrs(field="numerator")}>{esc(format_count(num))}</span>/'
               f'<span{figure_attrs(field="denominator")}>{esc(format_count(den))}</span></span>')
    elif unit in MEAN_UNITS and den is not None:
        sub = (f'<span class="n">n = <span class="count"{figure_attrs(field="denominator")}>'
               f'{esc(format_count(den))}</span></span>')
    if (mark_small and unit in ("percent", *MEAN_UNITS) and den is not None
            and den < small_denominator):
        flags["lowdenom"] = True
        cls.append("lowdenom")
        text += f'<sup class="mark">{DAGGER}</sup>'
    return f'<td class="{" ".join(cls)}"{where}>{text}{sub}</td>', flags


def rag_cell(rating: str, text: str | None = None, attrs: str = "") -> str:
    """``attrs``: provenance attributes (``present.provenance.figure_attrs``)."""
    label = rag_label(rating) if text is None else text
    return f'<td class="rag rag-{rating}"{attrs}>{esc(label)}</td>'


def _travel_cell(cur, prev, meta: dict, params, *, symbol: str, attrs: str = "") -> str:
    if _is_suppressed(cur) or _is_suppressed(prev):
        return f'<td class="travel travel-na suppressed"{attrs}>{esc(symbol)}</td>'
    conv = params.conventions
    t = direction_of_travel(_get(cur, "value"), _get(prev, "value"), meta["polarity"], meta["unit"],
                            band_points=conv.no_change_band_points, band_relative=conv.no_change_band_relative,
                            complete=is_complete(cur) and is_complete(prev))
    if t.judgement == "n/a":
        return f'<td class="travel travel-na"{attrs}>n/a</td>'
    word = f' <span class="travel-text">{esc(t.text)}</span>' if t.text else ""
    return f'<td class="travel {t.css_class}"{attrs}><span class="arrow">{t.arrow}</span>{word}</td>'


def _period_cells(cur, prow: dict, ind_id: str, meta: dict, params, period: str | None, *, symbol: str,
                  small: int, comparisons: bool = True) -> list[str]:
    """Target, RAG and the two directions of travel of the period value ``cur``, as the
    indicator table and the scorecard both show them (one rule, one text)."""
    def at(field):
        return figure_attrs(period=period, field=field) if period else ""

    target = params.targets.get(ind_id) if params.targets else None
    cells = [f'<td class="target"{at("target")}>{esc(target_text(target, meta["unit"]))}</td>']
    if _is_suppressed(cur):
        rating = rag_rating(None, target, meta["polarity"], rag_enabled=meta["rag"])
        cells.append(rag_cell(rating if rating == "none" else "grey", "" if rating == "none" else symbol,
                              at("rag")))
    else:
        rating = rag_rating(_get(cur, "value"), target, meta["polarity"],
                            denominator=_get(cur, "denominator") if meta["unit"] != "rate_per_10k" else None,
                            lower=_get(cur, "lower"), upper=_get(cur, "upper"),
                            small_denominator=small, rag_enabled=meta["rag"], coverage=coverage_of(cur))
        cells.append(rag_cell(rating, "n/a" if rating == "grey" and _get(cur, "value") is None else None,
                              at("rag")))
    if comparisons:
        cells.append(_travel_cell(cur, prow["previous"].get(ind_id), meta, params, symbol=symbol,
                                  attrs=at("vs_previous_period")))
        cells.append(_travel_cell(cur, prow["last_year"].get(ind_id), meta, params, symbol=symbol,
                                  attrs=at("vs_same_period_last_year")))
    return cells


def period_name(period_months) -> str | None:
    """The canonical name (``periods.canonical_label``) of a run of months, as the ``month`` of
    the period rows in ``indicators.csv``; None for no months."""
    months = _months(period_months) if period_months is not None else []
    if not months:
        return None
    return canonical_label(pd.Period(months[0], "M"), pd.Period(months[-1], "M"))


def _title_cell(meta: dict) -> str:
    """The indicator's name, with its unit only where neither the name nor the values say it
    (counts are whole numbers, percentages carry %; "weeks" is not said twice)."""
    note = UNIT_NOTES.get(meta["unit"], meta["unit"])
    status = " local" if meta.get("status") == "local" else ""
    title = meta["title"]
    said = meta["unit"] in ("count", "percent") or note.split()[0].lower() in title.lower() or (
        meta["unit"] == "rate_per_10k" and "10,000" in title)
    unit = "" if said else f' <span class="unit">({esc(note)})</span>'
    return f'<th scope="row" class="ind{status}">{esc(title)}{unit}</th>'


def _footnotes(notes: list[str]) -> str:
    if not notes:
        return ""
    return '<div class="table-notes">' + "".join(f"<p>{n}</p>" for n in notes) + "</div>"


def _month_head(month: str, partial: bool) -> str:
    if not partial:
        return f'<th scope="col" class="month" data-month="{esc(month)}">{esc(month_label(month))}</th>'
    return (f'<th scope="col" class="month partial" data-month="{esc(month)}">{esc(month_label(month))}'
            f'<sup class="mark">{PART_MARK}</sup></th>')


def _partial_note() -> str:
    return (f"{PART_MARK} Part month or period: the data were extracted part-way through it, so "
            f"its figures count only the days up to the extract date. They are not rated and not "
            f"compared with earlier periods.")


def _suppression_note(threshold: int, symbol: str) -> str:
    return (f"<strong>{esc(symbol)}</strong>: a number from 1 to {threshold}, or a figure that would "
            f"let one be worked out, is not shown to protect children's confidentiality.")


# --------------------------------------------------------------------------------------------
# The monthly indicator table
# --------------------------------------------------------------------------------------------
def indicator_table(
    indicators: pd.DataFrame,
    ids: list[str],
    period_months,
    params,
    *,
    edition: str = "open",
    registry: Mapping[str, Indicator] = REGISTRY,
    period_label: str = "Period",
    caption: str | None = None,
    comparisons: bool = True,
) -> str:
    """The committee table: one row per indicator, the period's months as columns, then the
    period value, target, RAG (of the period value), and direction of travel against the
    previous period and the same period last year.

    ``indicators`` is the long indicator frame (docs/architecture.md section 5), unsuppressed or
    already passed through :func:`~safeguarding.disclosure.suppress.indicator_view`.
    ``period_months``: the months (``'2018-07'`` strings, monthly ``pd.Period`` or a
    ``periods.Period``).
    """
    months = _months(period_months)
    thr, symbol = params.disclosure.threshold, params.disclosure.symbol
    small = params.conventions.small_denominator
    metas = {i: _indicator_meta(i, indicators, registry) for i in ids}
    data = indicator_view(indicators, months, thr, edition=edition,
                          aggregations={i: m["aggregation"] for i, m in metas.items()})
    prow = period_rows(data, months)
    name = period_name(months)
    flags_all = {"suppressed": False, "na": False, "lowdenom": False, "partial": False}

    part = partial_months(data)
    head = ['<th scope="col" class="ind">Indicator</th>']
    head += [_month_head(m, m in part) for m in months]
    head += [f'<th scope="col" class="period">{esc(period_label)}</th>',
             '<th scope="col" class="target">Target</th>', '<th scope="col" class="rag-head">RAG</th>']
    if comparisons:
        head += ['<th scope="col" class="travel">vs previous period</th>',
                 '<th scope="col" class="travel">vs same period last year</th>']

    body = []
    month_rows = _month_rows(data, ids, months)
    for ind_id in ids:
        meta = metas[ind_id]
        mrows = month_rows[ind_id]
        cells = [_title_cell(meta)]
        for m in months:
            cell, f = _value_cell(mrows.get(m), meta, symbol=symbol, small_denominator=small, period=m)
            cells.append(cell)
            for k in flags_all:
                flags_all[k] |= f[k]
        cur = prow["current"].get(ind_id)
        cell, f = _value_cell(cur, meta, symbol=symbol, small_denominator=small, extra_class="period",
                              period=name)
        cells.append(cell)
        for k in flags_all:
            flags_all[k] |= f[k]
        cells += _period_cells(cur, prow, ind_id, meta, params, name, symbol=symbol, small=small,
                               comparisons=comparisons)
        body.append(f'<tr data-indicator="{esc(ind_id)}">' + "".join(cells) + "</tr>")

    notes = []
    if flags_all["lowdenom"]:
        notes.append(f"{DAGGER} Fewer than {small} in the denominator: low numbers, read with care; "
                     f"a low-number value is shown grey and never rated red.")
    if flags_all["suppressed"]:
        notes.append(_suppression_note(thr, symbol))
    if flags_all["partial"]:
        notes.append(_partial_note())
    if flags_all["na"]:
        notes.append("n/a: no data for the month (or the month is after the data were extracted), "
                     "or no children in the denominator.")
    notes.append("The rating (RAG: red, amber, green) compares the period's value with the target: green "
                 "on target; amber within the agreed tolerance or not distinguishable from the target; red "
                 "otherwise. Activity measures are not rated. Arrows: \u25b2 up, \u25bc down, \u25ba no "
                 "meaningful change; the word under each arrow says whether the change is an improvement.")
    cap = f"<caption>{esc(caption)}</caption>" if caption else ""
    return (f'<table class="report-table indicator-table">{cap}<thead><tr>{"".join(head)}</tr></thead>'
            f'<tbody>{"".join(body)}</tbody></table>' + _footnotes(notes))


# --------------------------------------------------------------------------------------------
# Scorecard
# --------------------------------------------------------------------------------------------
def scorecard_table(
    indicators: pd.DataFrame,
    ids: list[str],
    params,
    period_label: str,
    *,
    period_months=None,
    edition: str = "open",
    registry: Mapping[str, Indicator] = REGISTRY,
    spc: Mapping[str, str] | None = None,
    caption: str | None = None,
) -> str:
    """Headline table: indicator, section, value for the period, target, RAG, direction of travel
    (against the previous period and the same period last year), and optionally an SPC
    variation label per indicator (``spc = {indicator_id: "Special cause - improvement", ...}``).
    """
    thr, symbol = params.disclosure.threshold, params.disclosure.symbol
    small = params.conventions.small_denominator
    metas = {i: _indicator_meta(i, indicators, registry) for i in ids}
    if period_months is not None:
        data = indicator_view(indicators, period_months, thr, edition=edition,
                              aggregations={i: m["aggregation"] for i, m in metas.items()})
        prow = period_rows(data, period_months)
    else:
        data = indicator_view(indicators, [], thr, edition=edition)
        prow = period_rows(data, None, period_label)
    head = ["Indicator", "Section", esc(period_label), "Target", "RAG", "vs previous period",
            "vs same period last year"]
    if spc is not None:
        head.append("Variation (SPC)")
    any_supp = any_small = any_partial = False
    body = []
    for ind_id in ids:
        meta = metas[ind_id]
        cur = prow["current"].get(ind_id)
        cells = [_title_cell(meta), f'<td class="section">{esc(SECTION_TITLES.get(meta["section"], meta["section"]))}</td>']
        name = period_name(period_months) or (str(cur["month"]) if cur is not None and "month" in cur.index
                                              else None)
        cell, f = _value_cell(cur, meta, symbol=symbol, small_denominator=small, period=name)
        any_supp |= f["suppressed"]
        any_small |= f["lowdenom"]
        any_partial |= f["partial"]
        cells.append(cell)
        cells += _period_cells(cur, prow, ind_id, meta, params, name, symbol=symbol, small=small)
        if spc is not None:
            label = spc.get(ind_id, "")
            slug = re.sub(r"[^a-z0-9]+", "-", label.lower()).strip("-") or "none"
            cells.append(f'<td class="spc spc-{slug}">{esc(label)}</td>')
        body.append(f'<tr data-indicator="{esc(ind_id)}">' + "".join(cells) + "</tr>")
    notes = []
    if any_small:
        notes.append(f"{DAGGER} Fewer than {small} in the denominator: low numbers, not rated red.")
    if any_supp:
        notes.append(_suppression_note(thr, symbol))
    if any_partial:
        notes.append(_partial_note())
    cap = f"<caption>{esc(caption)}</caption>" if caption else ""
    th = "".join(f'<th scope="col">{h}</th>' for h in head)
    return (f'<table class="report-table scorecard">{cap}<thead><tr>{th}</tr></thead>'
            f'<tbody>{"".join(body)}</tbody></table>' + _footnotes(notes))


# --------------------------------------------------------------------------------------------
# Count tables
# --------------------------------------------------------------------------------------------
def count_table(
    df: pd.DataFrame | pd.Series,
    *,
    edition: str = "open",
    threshold: int = 5,
    symbol: str = "c",
    total_row: bool | str = True,
    total_col: bool | str = False,
    caption: str | None = None,
    index_name: str | None = None,
    pct_columns: Mapping[str, str] | None = None,
    total_label: str = "Total",
    value_columns: Mapping[str, str] | None = None,
    hide_with: Mapping[str, str] | None = None,
    notes: Iterable[str] = (),
    table_id: str | None = None,
    period: str | None = None,
    controlled: bool = False,
    row_periods: Mapping[str, str] | None = None,
) -> str:
    """A count table or cross-table (rows x columns of counts) through :func:`suppress`.

    ``total_row`` / ``total_col``: ``True`` adds a total (sum) row / column (or uses the one
    labelled ``total_label`` if ``df`` already has it), a string names one already in ``df``,
    ``False`` for none. In the open edition cells 1..threshold and any cell that
    would reveal them are shown as ``symbol``. ``pct_columns``: ``{pct column: count column}``
    for percentage columns already in ``df`` (hidden with their count, formatted to 1 dp).
    ``value_columns``: ``{column: unit}`` for numeric columns that are not counts (e.g. average
    weeks): formatted by unit, not suppressed, not summed into totals; text in them is shown as
    it is. ``hide_with``: ``{value column: count column}`` - a value worked out from that count
    (a rate, a relative rate, an average) is hidden with it. ``notes``: plain-text lines printed
    under the table (e.g. what a population is). Columns may be a two-level ``MultiIndex``
    (``(group, column)``; a column with an empty second level spans both header rows; its
    ``data-col`` is "group: column").
    ``table_id`` / ``period``: the table's stable name and the window it counts; each cell then
    names its row and column (``data-table``, ``data-period``, ``data-row``, ``data-col``);
    ``row_periods``: rows that count a window of their own (a table of months).
    ``controlled``: the cells are already through disclosure control (the run's open figures,
    ``report.figures``, hidden ones as ``symbol``): shown as they are.
    """
    frame = df.to_frame(name=df.name or "Number") if isinstance(df, pd.Series) else df.copy()
    pct_columns = dict(pct_columns or {})
    value_columns = dict(value_columns or {})
    count_cols = [c for c in frame.columns if c not in pct_columns and c not in value_columns]
    # a total the frame already carries (e.g. breakdowns with a "Total" column) is used, not added twice
    if total_col is True and total_label in frame.columns:
        total_col = total_label
    if total_row is True and total_label in frame.index:
        total_row = total_label
    if total_col is True:
        frame.insert(len(count_cols), total_label, frame[count_cols].sum(axis=1, numeric_only=True))
        count_cols.append(total_label)
        tcol = total_label
    else:
        tcol = total_col or None
    if total_row is True:
        frame.loc[total_label] = frame[count_cols].sum(axis=0, numeric_only=True)
        for pc in [*pct_columns, *value_columns]:
            frame.loc[total_label, pc] = None
        trow = total_label
    else:
        trow = total_row or None
    if edition == "open" and not controlled:
        shown = suppress(frame, threshold, symbol=symbol, total_row=trow, total_col=tcol,
                         count_columns=count_cols, derived={**pct_columns, **dict(hide_with or {})})
    else:
        shown = frame.astype(object)
    any_supp = any((v == symbol) for c in shown.columns for v in shown[c].tolist() if isinstance(v, str))
    idx_name = index_name if index_name is not None else (frame.index.name or "")
    head = _count_table_head(list(shown.columns), idx_name, count_cols, tcol)
    rows = []
    for lab, r in shown.iterrows():
        is_total = trow is not None and lab == trow
        tds = []
        for c in shown.columns:
            v = r[c]
            kind = "count" if c in count_cols else "pct"
            extra = " total" if (c == tcol or is_total) else ""
            key = figure_attrs(col=": ".join(c) if isinstance(c, tuple) else c) if table_id else ""
            if c in value_columns:
                unit = value_columns[c]
                txt = format_value(v, unit) if as_float(v) is not None else (v if isinstance(v, str) else "")
                vcls = "mean" if unit == "count" else UNIT_CLASS.get(unit, "mean")  # never "count"
                hidden = " suppressed" if txt == symbol else ""
                tds.append(f'<td class="{vcls} num{hidden}{extra}"{key}>{esc(txt)}</td>')
                continue
            if isinstance(v, str) and v == symbol:
                tds.append(f'<td class="{kind} num suppressed{extra}"{key}>{esc(symbol)}</td>')
            elif kind == "count":
                txt = format_count(v) if as_float(v) is not None else ("" if v is None or pd.isna(v) else str(v))
                tds.append(f'<td class="count num{extra}"{key}>{esc(txt)}</td>')
            else:
                txt = format_value(v, "percent") if as_float(v) is not None else ""
                tds.append(f'<td class="pct num{extra}"{key}>{esc(txt)}</td>')
        tr_cls = ' class="total-row"' if is_total else ""
        row_key = figure_attrs(row=lab, period=(row_periods or {}).get(str(lab))) if table_id else ""
        rows.append(f'<tr{tr_cls}{row_key}><th scope="row">{esc(lab)}</th>{"".join(tds)}</tr>')
    cap = f"<caption>{esc(caption)}</caption>" if caption else ""
    footnotes = [esc(n) for n in notes] + ([_suppression_note(threshold, symbol)] if any_supp else [])
    table_key = figure_attrs(period=period, table=table_id) if table_id else ""
    return (f'<table class="report-table count-table"{table_key}>{cap}<thead>{head}</thead>'
            f'<tbody>{"".join(rows)}</tbody></table>' + _footnotes(footnotes))


def _count_table_head(columns: list, idx_name: str, count_cols: list, tcol) -> str:
    """The header row(s) of :func:`count_table`: one row, or two for (group, column) pairs."""
    def th(c, label, span=""):
        kind = "count" if c in count_cols else "value"
        return f'<th scope="col"{span} class="{kind}-head{" total" if c == tcol else ""}">{esc(label)}</th>'

    if not (columns and all(isinstance(c, tuple) and len(c) == 2 for c in columns)):
        return f'<tr><th scope="col" class="rowhead">{esc(idx_name)}</th>{"".join(th(c, c) for c in columns)}</tr>'
    top, sub = [f'<th scope="col" rowspan="2" class="rowhead">{esc(idx_name)}</th>'], []
    k = 0
    while k < len(columns):
        group, label = columns[k]
        if not label:  # a column of its own: spans both header rows
            top.append(th(columns[k], group, ' rowspan="2"'))
            k += 1
            continue
        n = 1
        while k + n < len(columns) and columns[k + n][0] == group and columns[k + n][1]:
            n += 1
        top.append(f'<th scope="colgroup" colspan="{n}" class="group-head">{esc(group)}</th>')
        sub += [th(c, c[1]) for c in columns[k:k + n]]
        k += n
    return f'<tr>{"".join(top)}</tr><tr>{"".join(sub)}</tr>'


# --------------------------------------------------------------------------------------------
# Benchmarks
# --------------------------------------------------------------------------------------------
def benchmark_html(frame: pd.DataFrame, *, caption: str | None = None, unit_column: str = "unit",
                   units: Mapping | Iterable[str] | None = None, notes: Iterable[str] = (),
                   table_id: str | None = None, period: str | None = None, own_column: str | None = None) -> str:
    """A benchmarking table: one row per indicator, columns such as council / statistical
    neighbours / region / England (optionally a two-level column index ``(year, comparator)``,
    shown as two header rows). A ``unit`` column (dropped from display) sets each row's format;
    text values (``c``, ``x``, ``z``) are shown as they are; missing values as ``n/a``.
    Rows are the index, or an ``indicator`` column when present.

    Provenance (``present.provenance``): with ``table_id`` every cell names its table, row and
    column (and ``period``, the window of the whole table). Optional columns ``indicator_id``
    and ``own_period`` (dropped from display) name each row's indicator and the window of its
    ``own_column`` value, which is then marked as that indicator's figure.
    """
    f = frame.copy()
    ids = f.pop("indicator_id") if "indicator_id" in f.columns else None
    own_periods = f.pop("own_period") if "own_period" in f.columns else None
    if "indicator" in f.columns:
        f = f.set_index("indicator")
    if ids is not None:
        ids = pd.Series(ids.to_numpy(), index=f.index)
    if own_periods is not None:
        own_periods = pd.Series(own_periods.to_numpy(), index=f.index)
    multi = isinstance(f.columns, pd.MultiIndex)
    if units is not None:
        units = pd.Series(units, index=f.index) if not isinstance(units, Mapping) else pd.Series(units).reindex(f.index)
    else:
        ucols = [c for c in f.columns if (c[0] if multi else c) == unit_column]
        units = f.pop(ucols[0]) if ucols else pd.Series("", index=f.index)
        if multi:
            f.columns = pd.MultiIndex.from_tuples(list(f.columns))
    if multi:
        top = [str(a) for a, _ in f.columns]
        spans: list[tuple[str, int]] = []
        for t in top:
            if spans and spans[-1][0] == t:
                spans[-1] = (t, spans[-1][1] + 1)
            else:
                spans.append((t, 1))
        head = ('<tr><th scope="col" rowspan="2" class="ind">Indicator</th>'
                + "".join(f'<th scope="colgroup" colspan="{n}" class="year">{esc(t)}</th>' for t, n in spans)
                + "</tr><tr>" + "".join(f'<th scope="col">{esc(b)}</th>' for _, b in f.columns) + "</tr>")
    else:
        head = '<tr><th scope="col" class="ind">Indicator</th>' + "".join(
            f'<th scope="col">{esc(c)}</th>' for c in f.columns) + "</tr>"
    rows = []
    for k, (lab, r) in enumerate(f.iterrows()):
        unit = str(units.iloc[k]) if pd.notna(units.iloc[k]) else ""
        row_id = str(ids.iloc[k]) if ids is not None else lab
        tds = []
        for col, v in zip(f.columns, r.tolist()):
            if own_column is not None and col == own_column and ids is not None and own_periods is not None \
                    and pd.notna(own_periods.iloc[k]):
                key = figure_attrs(str(ids.iloc[k]), str(own_periods.iloc[k]))
            else:
                key = figure_attrs(col=" ".join(map(str, col)) if multi else col) if table_id else ""
            if isinstance(v, str):
                tds.append(f'<td class="num"{key}>{esc(v)}</td>')
            elif as_float(v) is None:
                tds.append(f'<td class="num na"{key}>n/a</td>')
            else:
                fmt = format_value(v, unit) if unit in UNIT_CLASS else f"{as_float(v):,.1f}"
                cls = UNIT_CLASS.get(unit, "num")
                # benchmark counts are published DfE figures; mark them "bench" not "count"
                cls = "bench" if cls == "count" else cls
                tds.append(f'<td class="{cls} num"{key}>{esc(fmt)}</td>')
        row_key = figure_attrs(row=row_id) if table_id else ""
        rows.append(f'<tr{row_key}><th scope="row" class="ind">{esc(lab)}</th>{"".join(tds)}</tr>')
    cap = f"<caption>{esc(caption)}</caption>" if caption else ""
    table_key = figure_attrs(period=period, table=table_id) if table_id else ""
    return (f'<table class="report-table benchmark-table"{table_key}>{cap}<thead>{head}</thead>'
            f'<tbody>{"".join(rows)}</tbody></table>' + _footnotes([esc(n) for n in notes]))


# --------------------------------------------------------------------------------------------
# Definitions and commentary
# --------------------------------------------------------------------------------------------
def definitions_box(ids: Iterable[str], registry: Mapping[str, Indicator] = REGISTRY, conventions=None) -> str:
    """'How these figures are defined': title, definition, numerator / denominator, national or
    local standard, source - from the registry, in plain words (``wording.plain_words``: the
    council's ``conventions`` values instead of config keys)."""
    from .wording import plain_words

    def say(text) -> str:
        return esc(plain_words(text, conventions))

    items = []
    for ind_id in ids:
        ind = registry.get(ind_id)
        if ind is None:
            continue
        parts = [f"<dt>{esc(ind.title)}</dt><dd><p>{say(ind.definition)}</p>"]
        if ind.denominator:
            parts.append(f'<p class="def-frac"><span class="lbl">Numerator:</span> {say(ind.numerator)}<br>'
                         f'<span class="lbl">Denominator:</span> {say(ind.denominator)}</p>')
        elif ind.numerator:
            parts.append(f'<p class="def-frac"><span class="lbl">Counts:</span> {say(ind.numerator)}</p>')
        status = "National definition" if ind.status == "national" else "Local standard"
        parts.append(f'<p class="def-meta"><span class="status status-{esc(ind.status)}">{status}</span>'
                     f' &middot; Source: {say(ind.source)}</p></dd>')
        items.append("".join(parts))
    if not items:
        return ""
    return ('<div class="definitions"><h4>How these figures are defined</h4><dl>'
            + "".join(items) + "</dl></div>")


_GOING_WELL = re.compile(r"going\s+well", re.I)
_IMPROVE = re.compile(r"improv", re.I)
DRAFT_MARKER = "Commentary not yet written for this period"


def _inline(text: str) -> str:
    t = esc(text)
    t = re.sub(r"\*\*(.+?)\*\*", r"<strong>\1</strong>", t)
    t = re.sub(r"(?<![\w*])\*(?!\s)(.+?)(?<!\s)\*(?![\w*])", r"<em>\1</em>", t)
    t = re.sub(r"(?<!\w)_(?!\s)(.+?)(?<!\s)_(?!\w)", r"<em>\1</em>", t)
    return t


# ``<!-- ... -->``: notes for the writer (report.commentary pre-fills them); never published.
_WRITER_NOTES = re.compile(r"<!--.*?(-->|\Z)", re.S)


def strip_writer_notes(text: str) -> str:
    return _WRITER_NOTES.sub("", text)


def markdown_to_html(text: str) -> str:
    """A tiny Markdown subset for commentary: paragraphs, ``-``/``*``/``1.`` lists,
    ``**bold**``, ``*italic*``, ``###`` sub-headings. Everything else is escaped text;
    ``<!-- notes -->`` are left out."""
    text = strip_writer_notes(text)
    out: list[str] = []
    para: list[str] = []
    list_kind: str | None = None

    def flush_para():
        if para:
            out.append("<p>" + _inline(" ".join(para)) + "</p>")
            para.clear()

    def close_list():
        nonlocal list_kind
        if list_kind:
            out.append(f"</{list_kind}>")
            list_kind = None

    for raw in text.splitlines():
        line = raw.rstrip()
        if not line.strip():
            flush_para()
            close_list()
            continue
        m_ul = re.match(r"^\s*[-*+]\s+(.*)$", line)
        m_ol = re.match(r"^\s*\d+[.)]\s+(.*)$", line)
        m_h = re.match(r"^\s*#{1,6}\s+(.*)$", line)
        if m_h:
            flush_para()
            close_list()
            out.append(f"<h5>{_inline(m_h.group(1))}</h5>")
        elif m_ul or m_ol:
            flush_para()
            kind = "ul" if m_ul else "ol"
            if list_kind != kind:
                close_list()
                out.append(f"<{kind}>")
                list_kind = kind
            out.append(f"<li>{_inline((m_ul or m_ol).group(1))}</li>")
        elif list_kind and raw.startswith(("  ", "\t")):
            out[-1] = out[-1][:-5] + " " + _inline(line.strip()) + "</li>"
        else:
            close_list()
            para.append(line.strip())
    flush_para()
    close_list()
    return "".join(out)


def parse_commentary(text: str) -> dict[str, str]:
    """Split commentary Markdown into ``intro``, ``well`` and ``improve`` parts by its headings
    ("What is going well?" / "What are our areas for improvement?", any heading level)."""
    parts = {"intro": [], "well": [], "improve": []}
    current = "intro"
    for line in strip_writer_notes(text).splitlines():
        m = re.match(r"^\s*#{1,3}\s+(.*)$", line)
        if m and _GOING_WELL.search(m.group(1)):
            current = "well"
            continue
        if m and _IMPROVE.search(m.group(1)):
            current = "improve"
            continue
        parts[current].append(line)
    return {k: "\n".join(v).strip() for k, v in parts.items()}


def commentary_block(markdown_text: str | Path | None, *, draft_marker: str = DRAFT_MARKER) -> str:
    """The two-column "What is going well? / What are our areas for improvement?" block.

    ``markdown_text``: the commentary (or a path to ``<period>/<section>.md``). Missing or empty
    commentary gives a visible draft marker instead, so an unfinished report cannot pass for a
    finished one; a missing half shows "Not yet written".
    """
    text = markdown_text
    if isinstance(text, Path):
        text = text.read_text(encoding="utf-8-sig") if text.exists() else None
    parts = parse_commentary(str(text)) if text is not None else {}
    if not any(parts.values()):  # no file, an empty one, or headings and writer's notes only
        return f'<div class="commentary draft"><p class="draft-marker">{esc(draft_marker)}</p></div>'
    if not parts["well"] and not parts["improve"]:
        return ('<div class="commentary"><div class="commentary-intro">'
                + markdown_to_html(parts["intro"]) + "</div></div>")
    missing = '<p class="draft-marker">Not yet written</p>'
    well = markdown_to_html(parts["well"]) if parts["well"] else missing
    improve = markdown_to_html(parts["improve"]) if parts["improve"] else missing
    intro = f'<div class="commentary-intro">{markdown_to_html(parts["intro"])}</div>' if parts["intro"] else ""
    draft = " draft" if not (parts["well"] and parts["improve"]) else ""
    return (f'<div class="commentary{draft}">{intro}<table class="commentary-table"><thead><tr>'
            '<th scope="col" class="well">What is going well?</th>'
            '<th scope="col" class="improve">What are our areas for improvement?</th>'
            f'</tr></thead><tbody><tr><td class="well">{well}</td><td class="improve">{improve}</td>'
            "</tr></tbody></table></div>")
