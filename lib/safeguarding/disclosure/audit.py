"""The recovery audit: try to work hidden counts back out of the open outputs alone.

Run inside the leak check on the folder about to be published. It reads only what a reader of
the open edition has - ``indicators.csv``, ``indicators.xlsx`` (sheets ``all`` and ``monthly``),
``data_quality_summary.csv`` and the indicator and count tables of the HTML pages - and plays
the attacker:

* **Series of one indicator** (``indicators.csv``/``.xlsx``): every published figure is a sum of
  monthly counts over its window - a month, a report period, a financial year, the 12 months of
  a rolling-12 value (a stock is one value at its date). So months and period totals, earlier
  periods and financial years, and consecutive rolling-12 windows (r12 Dec - r12 Nov + Dec
  last year = Dec) are all linear relations over the same unknown months, which are whole
  numbers of at least 0.
* **Shared counts**: two indicators whose published numerators or denominators agree in every
  window both publish (at least two of them non-zero) are read as the same count (the contacts
  of a month are also the denominator of "contacts leading to a referral").
* **Breakdown tables** (``<table class="count-table">`` in the HTML): body cells add up to the
  published total row and total column.

For every hidden figure (the suppression symbol) the audit computes the smallest and largest
value the published figures allow (a linear programme over the unknowns, each at least 0). A
figure whose value is pinned down (the bounds meet) and lies from 1 to the threshold is
**recovered**: the run must not publish. So is any count from 1 to the threshold printed in a
count column of the open CSV/XLSX files. Each finding names the file(s), the figure and the
relation used; its value is shown only masked.

Limits (docs/conventions.md section 5): relations the files do not state - flow balances such
as "open at the start + started - ended = open at the end", or knowledge from outside the report
(last year's report) - are not tried.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from html.parser import HTMLParser
from pathlib import Path

import numpy as np
import pandas as pd

from .leakcheck import Leak

# Count fields of the long indicator format that the threshold protects, by unit.
PROTECTED_FIELDS = {"count": ("numerator",), "percent": ("numerator", "denominator"),
                    "rate_per_10k": ("numerator",), "days": ("denominator",), "weeks": ("denominator",)}


@dataclass
class Figure:
    series: tuple[str, str]  # (indicator id, numerator | denominator)
    window: tuple  # ("sum", first month, last month) or ("at", month) for a stock
    value: float | None  # None: suppressed
    where: str  # file and row, for the finding


# --------------------------------------------------------------------------------------------
# Reading the open files
# --------------------------------------------------------------------------------------------
def _number(text, symbol: str):
    """(is suppressed, value or None). Empty, 'n/a' and other text: (False, None)."""
    if text is None or (isinstance(text, float) and np.isnan(text)):
        return False, None
    if isinstance(text, (int, float, np.integer, np.floating)):
        return False, float(text)
    s = str(text).strip()
    if s == symbol:
        return True, None
    try:
        return False, float(s.replace(",", ""))
    except ValueError:
        return False, None


def _definition(indicator_id: str):
    from ..indicators.compute import load_definitions
    from ..indicators.registry import REGISTRY

    if not REGISTRY:
        load_definitions()
    return REGISTRY.get(indicator_id)


def _window(definition, period_type: str, start: pd.Timestamp, end: pd.Timestamp):
    """The months a figure adds up, or a point for a stock."""
    first, last = start.to_period("M"), end.to_period("M")
    window = definition.window if definition else "month"
    aggregation = definition.aggregation if definition else "sum"
    if window == "rolling_12":
        return ("sum", str(last - 11), str(last))
    if window == "month_end" or aggregation == "end":
        return ("at", str(last))
    return ("sum", str(first), str(last))


def _long_figures(frame: pd.DataFrame, source: str, symbol: str) -> list[Figure]:
    """Figures of the long indicator format (indicators.csv, sheet 'all' with its headers)."""
    from ..indicators.output import HEADERS

    frame = frame.rename(columns={v: k for k, v in HEADERS.items()})
    if not {"indicator_id", "period_type", "month", "start", "end"} <= set(frame.columns):
        return []  # not the long indicator format: no figures to line up
    out = []
    for k, row in frame.iterrows():
        ind = str(row["indicator_id"])
        definition = _definition(ind)
        unit = definition.unit if definition else str(row.get("unit", "count"))
        try:
            start, end = pd.Timestamp(row["start"]), pd.Timestamp(row["end"])
        except (ValueError, TypeError):
            continue
        window = _window(definition, str(row["period_type"]), start, end)
        hidden_value, value = _number(row.get("value"), symbol)
        for col in PROTECTED_FIELDS.get(unit, ()):
            hidden, v = _number(row.get(col), symbol)
            if unit == "count" and col == "numerator" and v is None and not hidden:
                hidden, v = hidden_value, value
            if (unit == "percent" and col == "numerator" and v is None and not hidden and value is not None):
                _, den = _number(row.get("denominator"), symbol)
                v = None if den is None else round(value * den / 100)  # a % with its denominator
            # an empty cell is unknown to the reader too (hidden, or n/a): try to work it out
            out.append(Figure((ind, col), window, None if hidden else v,
                              f"{source} row {k + 2} ({ind}, {row['period_type']} {row['month']}, {col})"))
    return out


_MONTH_HEAD = re.compile(r"^[A-Z][a-z]{2} \d{2}$")


def _monthly_sheet_figures(frame: pd.DataFrame, source: str, symbol: str) -> list[Figure]:
    """Counts of the 'monthly' sheet (values only: counts are their own numerators)."""
    out = []
    month_cols = [c for c in frame.columns if _MONTH_HEAD.match(str(c))]
    period_cols = [c for c in frame.columns if str(c).startswith("Period ")]
    for k, row in frame.iterrows():
        ind = str(row.get("Indicator id"))
        definition = _definition(ind)
        if definition is None or definition.unit != "count":
            continue
        cells = [(c, pd.Period(pd.to_datetime(c, format="%b %y"), "M")) for c in month_cols]
        for col, month in cells:
            hidden, v = _number(row[col], symbol)
            if hidden or v is not None:
                out.append(Figure((ind, "numerator"), _window(definition, "month", month.start_time, month.end_time),
                                  None if hidden else v, f"{source} row {k + 2} ({ind}, {col})"))
        for col in period_cols:
            if not cells:
                continue
            hidden, v = _number(row[col], symbol)
            if hidden or v is not None:
                first, last = cells[0][1], cells[-1][1]
                out.append(Figure((ind, "numerator"), _window(definition, "period", first.start_time, last.end_time),
                                  None if hidden else v, f"{source} row {k + 2} ({ind}, {col})"))
    return out


class _CountTables(HTMLParser):
    """Count tables of an HTML page: rows of (label, is total row, [(text, classes)])."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.tables: list[dict] = []
        self._table = None
        self._row = None
        self._cell = None
        self._depth = 0

    def handle_starttag(self, tag, attrs):
        cls = set((dict(attrs).get("class") or "").split())
        if tag == "table":
            self._depth += 1
            if "count-table" in cls and self._table is None:
                self._table = {"head": [], "rows": [], "depth": self._depth, "caption": ""}
        elif self._table is not None:
            if tag == "caption":
                self._cell = {"tag": "caption", "cls": cls, "text": []}
            elif tag == "tr":
                self._row = {"total": "total-row" in cls, "cells": [], "label": None}
            elif tag in ("td", "th") and self._row is not None:
                self._cell = {"tag": tag, "cls": cls, "text": []}

    def handle_endtag(self, tag):
        if tag == "table":
            if self._table is not None and self._depth == self._table["depth"]:
                self.tables.append(self._table)
                self._table = None
            self._depth -= 1
        elif self._table is not None:
            if tag == "caption" and self._cell is not None:
                self._table["caption"] = " ".join("".join(self._cell["text"]).split())
                self._cell = None
            elif tag in ("td", "th") and self._cell is not None and self._row is not None:
                text = " ".join("".join(self._cell["text"]).split())
                if self._cell["tag"] == "th":
                    if {"count-head", "value-head"} & self._cell["cls"]:
                        self._table["head"].append("total" in self._cell["cls"])
                    elif self._row["label"] is None and not self._row["cells"]:
                        self._row["label"] = text
                else:
                    self._row["cells"].append((text, self._cell["cls"]))
                self._cell = None
            elif tag == "tr" and self._row is not None:
                if self._row["cells"]:
                    self._table["rows"].append(self._row)
                self._row = None

    def handle_data(self, data):
        if self._cell is not None:
            self._cell["text"].append(data)


class _IndicatorTables(HTMLParser):
    """Indicator tables of an HTML page (``<table class="indicator-table">``): the month and
    period headings, and per ``<tr data-indicator>`` the text and count spans of each cell."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.tables: list[dict] = []
        self._table = None
        self._row = None
        self._cell = None
        self._spans: list[list[str]] = []
        self._stack: list[bool] = []

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        cls = set((a.get("class") or "").split())
        if tag == "table" and "indicator-table" in cls:
            self._table = {"head": [], "rows": []}
        if self._table is None:
            return
        if tag == "th" and ({"month", "period"} & cls) and self._row is None:
            # the month is read from data-month, never from the heading's text (which may carry ‡)
            self._cell = {"kind": "month" if "month" in cls else "period", "text": [],
                          "month": a.get("data-month")}
        elif tag == "tr" and a.get("data-indicator"):
            self._row = {"id": a["data-indicator"], "cells": []}
        elif tag == "td" and self._row is not None:
            self._cell = {"text": [], "counts": []}
        elif tag == "span" and self._cell is not None:
            self._stack.append("count" in cls)
            if "count" in cls:
                self._spans.append([])

    def handle_endtag(self, tag):
        if self._table is None:
            return
        if tag == "span" and self._stack:
            if self._stack.pop() and self._spans:
                self._cell["counts"].append("".join(self._spans.pop()))
        elif tag == "th" and self._cell is not None and "kind" in self._cell:
            self._table["head"].append((self._cell["kind"], self._cell["month"] or "".join(self._cell["text"]).strip()))
            self._cell = None
        elif tag == "td" and self._cell is not None and self._row is not None:
            self._row["cells"].append(("".join(self._cell["text"]).strip(), self._cell["counts"]))
            self._cell = None
        elif tag == "tr" and self._row is not None:
            self._table["rows"].append(self._row)
            self._row = None
        elif tag == "table":
            self.tables.append(self._table)
            self._table = None

    def handle_data(self, data):
        if self._cell is not None:
            self._cell["text"].append(data)
            for buf in self._spans:
                buf.append(data)


def _html_indicator_figures(table: dict, source: str, symbol: str) -> list[Figure]:
    """Counts of one HTML indicator table: a count's value, a percentage's numerator/denominator
    (``51/60``), an average's n."""
    months = [pd.Period(text, "M") for kind, text in table["head"] if kind == "month"]
    if not months:
        return []
    columns = [(m.start_time, m.end_time, "month", m.strftime("%b %y")) for m in months]
    if any(kind == "period" for kind, _ in table["head"]):
        columns.append((months[0].start_time, months[-1].end_time, "period", "period"))
    out = []
    for row in table["rows"]:
        definition = _definition(row["id"])
        if definition is None:
            continue
        for (start, end, period_type, heading), (text, counts) in zip(columns, row["cells"]):
            window = _window(definition, period_type, start, end)
            where = f"{source} ({row['id']}, {heading}"
            hidden = text.strip() == symbol
            values: dict[str, float | None] = {}
            if definition.unit == "count":
                values["numerator"] = None if hidden else _number(text.split()[0] if text else "", symbol)[1]
            elif definition.unit == "percent":
                parts = counts[0].split("/") if counts else []
                num, den = (_number(parts[0], symbol)[1], _number(parts[1], symbol)[1]) if len(parts) == 2 \
                    else (None, None)
                values.update(numerator=num, denominator=den)
            elif definition.unit in ("days", "weeks"):
                values["denominator"] = _number(counts[0], symbol)[1] if counts else None
            for col, v in values.items():
                out.append(Figure((row["id"], col), window, v, f"{where}, {col})"))
    return out


# --------------------------------------------------------------------------------------------
# Bounds
# --------------------------------------------------------------------------------------------
def _bounds(A_pub: np.ndarray, b_pub: np.ndarray, targets: np.ndarray) -> list[tuple[float, float]] | None:
    """[(min, max)] of each row of ``targets`` @ x over x >= 0 with A_pub @ x = b_pub.
    None when the published figures contradict each other (then they state no usable relation)."""
    from scipy.optimize import linprog

    n = A_pub.shape[1] if A_pub.size else targets.shape[1]
    out = []
    for c in targets:
        lohi = []
        for sign in (1, -1):
            res = linprog(sign * c, A_eq=A_pub if A_pub.size else None, b_eq=b_pub if A_pub.size else None,
                          bounds=[(0, None)] * n, method="highs")
            if res.status == 2:
                return None
            lohi.append(sign * res.fun if res.status == 0 else (np.inf if sign < 0 else -np.inf))
        out.append((lohi[0], lohi[1]))
    return out


def _recovered(lo: float, hi: float, threshold: int) -> float | None:
    if np.isfinite(lo) and np.isfinite(hi) and hi - lo < 1e-6:
        v = round((lo + hi) / 2, 6)
        if 1 <= v <= threshold:
            return v
    return None


def _link_series(series: dict[tuple, list[Figure]]) -> list[list[tuple]]:
    """Groups of series read as one count (equal in every window both publish, >= 2 non-zero)."""
    published = {k: {f.window: f.value for f in figs if f.value is not None} for k, figs in series.items()}
    keys = list(series)
    parent = {k: k for k in keys}

    def find(k):
        while parent[k] != k:
            k = parent[k]
        return k

    for a in range(len(keys)):
        for b in range(a + 1, len(keys)):
            if keys[a][0] == keys[b][0]:
                continue
            pa, pb = published[keys[a]], published[keys[b]]
            common = set(pa) & set(pb)
            if len(common) >= 2 and all(pa[w] == pb[w] for w in common) \
                    and sum(1 for w in common if pa[w] > 0) >= 2:
                parent[find(keys[a])] = find(keys[b])
    groups: dict = {}
    for k in keys:
        groups.setdefault(find(k), []).append(k)
    return list(groups.values())


def _shared_count_key(series_key: tuple[str, str]) -> tuple[str, str]:
    """The base count a figure publishes again (disclosure.SHARED_COUNTS), else itself."""
    from .suppress import SHARED_COUNTS

    for base, members in SHARED_COUNTS.items():
        if series_key in members:
            return (base, "numerator")
    return series_key


def _series_findings(figures: list[Figure], threshold: int) -> list[Leak]:
    series: dict[tuple, list[Figure]] = {}
    for f in figures:
        series.setdefault(_shared_count_key(f.series), []).append(f)
    findings = []
    for group in _link_series(series):
        figs = [f for k in group for f in series[k]]
        found = _group_findings(figs, threshold)
        if found is None and len({f.series for f in figs}) > 1:
            # the figures do not add up as one count (a link that does not hold here): each
            # indicator's own relations are still tried
            found = []
            for key in sorted({f.series for f in figs}):
                found += _group_findings([f for f in figs if f.series == key], threshold) or []
        findings += found or []
    return findings


@lru_cache(maxsize=None)
def _months(first: str, last: str) -> tuple[str, ...]:
    """The months of a window, as labels ("2018-07"); the same few windows recur in every
    figure of a series, and building the range each time was a tenth of the audit."""
    return tuple(pd.period_range(first, last, freq="M").astype(str))


def _group_findings(figs: list[Figure], threshold: int) -> list[Leak] | None:
    """Findings for figures of one count; None when the published figures contradict each other."""
    findings = []
    hidden = [f for f in figs if f.value is None]
    if not hidden:
        return []
    months = sorted({m for f in figs if f.window[0] == "sum"
                     for m in _months(f.window[1], f.window[2])})
    points = sorted({f.window[1] for f in figs if f.window[0] == "at"})
    col = {("m", m): i for i, m in enumerate(months)}
    col.update({("p", p): len(months) + i for i, p in enumerate(points)})

    def row(f: Figure) -> np.ndarray:
        r = np.zeros(len(col))
        if f.window[0] == "at":
            r[col[("p", f.window[1])]] = 1
        else:
            for m in _months(f.window[1], f.window[2]):
                r[col[("m", m)]] = 1
        return r

    pub = [f for f in figs if f.value is not None]
    A = np.array([row(f) for f in pub]) if pub else np.zeros((0, len(col)))
    b = np.array([f.value for f in pub])
    # one check per distinct hidden window
    distinct = {}
    for f in hidden:
        distinct.setdefault(f.window, []).append(f)
    # exact determination and bounds need every month of a hidden window to appear in some
    # published figure; a window with a month no published figure touches is free
    touched = A.any(axis=0) if len(A) else np.zeros(len(col), dtype=bool)
    distinct = {w: fs for w, fs in distinct.items() if touched[row(fs[0]) > 0].all()}
    if not distinct:
        return []
    bounds = _bounds(A, b, np.array([row(fs[0]) for fs in distinct.values()]))
    if bounds is None:
        return None
    for (window, fs), (lo, hi) in zip(distinct.items(), bounds):
        value = _recovered(lo, hi, threshold)
        if value is None:
            continue
        relation = _describe(window, pub)
        findings.append(Leak(fs[0].where.split(" row ")[0], "recoverable", f"{value:g}",
                             f"{fs[0].where} can be worked out {relation}"))
    return findings


def _describe(window, published: list[Figure]) -> str:
    if window[0] == "at":
        return "from the same figure published elsewhere"
    same = [f for f in published if f.window == window]
    if same:
        return f"from the same count published as {same[0].where}"
    wider = [f for f in published if f.window[0] == "sum" and f.window[1] <= window[1] and f.window[2] >= window[2]
             and f.window != window]
    if wider:
        return f"by subtraction from {wider[0].where} and the figures inside it"
    return "by combining published figures (sums and rolling-12 differences)"


def _table_findings(table: dict, source: str, symbol: str, threshold: int) -> list[Leak]:
    """Body cells + totals of one HTML count table: bounds of every hidden cell."""
    rows = table["rows"]
    if not rows:
        return []
    ncols = max(len(r["cells"]) for r in rows)
    head_total = table["head"] + [False] * (ncols - len(table["head"]))
    count_cols = [j for j in range(ncols)
                  if any(j < len(r["cells"]) and "count" in r["cells"][j][1] for r in rows)]
    tcol = next((j for j in count_cols if head_total[j]), None)
    trow = next((i for i, r in enumerate(rows) if r["total"]), None)
    cells = {}
    for i, r in enumerate(rows):
        for j in count_cols:
            if j < len(r["cells"]):
                hidden, v = _number(r["cells"][j][0], symbol)
                if hidden or v is not None:
                    cells[(i, j)] = None if hidden else v
    index = {k: n for n, k in enumerate(cells)}
    eqs = []
    if tcol is not None:
        for i in range(len(rows)):
            body = [(i, j) for j in count_cols if j != tcol]
            if (i, tcol) in cells and all(k in cells for k in body):
                eqs.append(([index[k] for k in body], index[(i, tcol)]))
    if trow is not None:
        for j in count_cols:
            body = [(i, j) for i in range(len(rows)) if i != trow]
            if (trow, j) in cells and all(k in cells for k in body):
                eqs.append(([index[k] for k in body], index[(trow, j)]))
    hidden = [k for k, v in cells.items() if v is None]
    if not hidden or not eqs:
        return []
    n = len(cells)
    A, b = [], []
    for body, total in eqs:
        r = np.zeros(n)
        r[body] = 1
        r[total] -= 1
        A.append(r)
        b.append(0.0)
    for k, v in cells.items():
        if v is not None:
            r = np.zeros(n)
            r[index[k]] = 1
            A.append(r)
            b.append(v)
    targets = np.zeros((len(hidden), n))
    for t, k in enumerate(hidden):
        targets[t, index[k]] = 1
    bounds = _bounds(np.array(A), np.array(b), targets)
    if bounds is None:
        return []
    out = []
    caption = table.get("caption") or "a count table"
    for k, (lo, hi) in zip(hidden, bounds):
        value = _recovered(lo, hi, threshold)
        if value is not None:
            label = rows[k[0]]["label"] or f"row {k[0] + 1}"
            out.append(Leak(source, "recoverable", f"{value:g}",
                            f"{caption}: cell ({label}, column {k[1] + 1}) can be worked out from the "
                            f"table's totals and published cells"))
    return out


def _small_published(figures: list[Figure], threshold: int) -> list[Leak]:
    return [Leak(f.where.split(" row ")[0], "small_count", f"{f.value:g}", f"{f.where} is published")
            for f in figures if f.value is not None and 1 <= f.value <= threshold]


# --------------------------------------------------------------------------------------------
# The audit
# --------------------------------------------------------------------------------------------
def audit_open_outputs(folder: str | Path, threshold: int, symbol: str = "c") -> list[Leak]:
    """Findings (empty: nothing recoverable) for the open files in ``folder`` (``restricted/``
    is not read). Kinds: ``recoverable`` (a hidden count worked out), ``small_count`` (a count
    from 1 to the threshold printed in an open CSV/XLSX count column)."""
    folder = Path(folder)
    figures: list[Figure] = []
    csv = folder / "indicators.csv"
    if csv.exists():
        figures += _long_figures(pd.read_csv(csv, dtype=str, keep_default_na=False), "indicators.csv", symbol)
    xlsx = folder / "indicators.xlsx"
    if xlsx.exists():
        sheets = pd.read_excel(xlsx, sheet_name=None, dtype=object, engine="openpyxl")
        if "all" in sheets:
            figures += _long_figures(sheets["all"], "indicators.xlsx", symbol)
        if "monthly" in sheets:
            figures += _monthly_sheet_figures(sheets["monthly"], "indicators.xlsx", symbol)
    findings = _small_published(figures, threshold)
    dq = folder / "data_quality_summary.csv"
    if dq.exists():
        summary = pd.read_csv(dq, dtype=str, keep_default_na=False)
        for k, v in enumerate(summary.get("rows", [])):
            hidden, n = _number(v, symbol)
            if n is not None and 1 <= n <= threshold:
                findings.append(Leak(dq.name, "small_count", f"{n:g}", f"row {k + 2}, column rows"))
    pages = sorted(folder.glob("*.html")) + sorted((folder / "sections").glob("*.html"))
    if (folder / "report.html").exists():  # the whole report repeats the section pages
        pages = [p for p in pages if p.parent == folder]
    html_figures: list[Figure] = []
    for page in pages:
        markup = page.read_text(encoding="utf-8", errors="replace")
        parser = _CountTables()
        parser.feed(markup)
        parser.close()
        for table in parser.tables:
            findings += _table_findings(table, str(page.relative_to(folder)), symbol, threshold)
        indicator_tables = _IndicatorTables()
        indicator_tables.feed(markup)
        indicator_tables.close()
        for table in indicator_tables.tables:
            html_figures += _html_indicator_figures(table, str(page.relative_to(folder)), symbol)
    # the HTML tables and the files together: what one hides, the other must not give away
    findings += _series_findings(figures + html_figures, threshold)
    return findings


__all__ = ["audit_open_outputs", "Figure", "PROTECTED_FIELDS"]
