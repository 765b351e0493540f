"""The recovery audit: try to work hidden counts back out of the open files, as an attacker would.

It reads only what a reader of the open edition has - the files themselves, never the data or
the suppressed frame behind them - and, at publication, everything the council published
before (the publication ledger). Read from the open files (:func:`read_open_records`):

* ``indicators.csv`` and ``indicators.xlsx`` (sheets ``all`` and ``monthly``);
* every HTML page's indicator tables (months, period, the numerator/denominator under a
  percentage, the n under an average), every element that names its figure (``data-indicator``
  and ``data-period``, with ``data-field`` when it is not the value: the chart-number tables, the
  benchmark tables' own values, the proceedings summary, the improvement-plan measures), and
  every count table (``<table class="count-table">``, the breakdown tables and their
  chart-number tables, named by ``data-table`` with their window);
* ``data_quality_summary.csv`` (counts printed in it).

The records go into the attacker's linear model (:mod:`.model`: sums of months, rolling-12
windows, percentages with their denominators, table margins and links, whole numbers, the
status of every hidden count, flow balances) and every hidden count is bounded. One pinned to a
value from 1 to the threshold is **recovered**: the run must not publish. So is any count from
1 to the threshold printed in a count column of the open CSV/XLSX files. Each finding names the
file and the figure; its value is shown only masked.
"""
from __future__ import annotations

import re
import time
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path

import numpy as np
import pandas as pd

from .leakcheck import Leak
from .model import MODELS, RECORD_COLUMNS, TOTAL, Model, _definition, empty_records
from .records import FIELDS_BY_UNIT

# Kept for callers of the former audit.
PROTECTED_FIELDS = {"count": ("numerator",), "percent": ("numerator", "denominator"),
                    "rate_per_10k": ("numerator",), "days": ("denominator",), "weeks": ("denominator",)}


@dataclass
class Figure:
    """A published figure as the former audit listed it (kept for its callers)."""
    series: tuple[str, str]
    window: tuple
    value: float | None
    where: str


# --------------------------------------------------------------------------------------------
# Reading text
# --------------------------------------------------------------------------------------------
_MARKS = re.compile("[\u2020\u2021*%,\\s]")


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
        return False, float(_MARKS.sub("", s))
    except ValueError:
        return False, None


def _month(value) -> str | None:
    try:
        return str(pd.Timestamp(value).to_period("M"))
    except (ValueError, TypeError):
        return None


def period_months(label: str) -> tuple[str, str] | None:
    """(first, last) month of a period label: ``2018-12``, ``2018-07..2018-12``, ``2018-19-Q3``."""
    from ..periods import PeriodError, parse_period

    label = str(label).strip()
    if re.fullmatch(r"\d{4}-\d{2}", label):
        return label, label
    try:
        p = parse_period(label)
    except (PeriodError, ValueError):
        return None
    return str(p.first_month), str(p.last_month)


def _record(kind, figure, field, row, parts, first, last, window, value, status, extract, source,
            labelled: bool = False) -> dict:
    return {"kind": kind, "figure": figure, "field": field, "row": row, "parts": parts, "first": first,
            "last": last, "window": window, "value": value, "status": status, "labelled": "1" if labelled else "",
            "extract": extract, "source": source}


def _status(hidden: bool, value, reason: str = "") -> str:
    if hidden:
        return reason if reason in ("primary", "secondary") else "hidden"
    return "published" if value is not None else "na"


# --------------------------------------------------------------------------------------------
# CSV and XLSX
# --------------------------------------------------------------------------------------------
def _long_records(frame: pd.DataFrame, source: str, symbol: str, extract: str) -> list[dict]:
    """Records of the long indicator format (indicators.csv, sheet 'all' with its headers)."""
    from ..indicators.output import HEADERS

    frame = frame.rename(columns={v: k for k, v in HEADERS.items()}).rename(columns={"Suppression": "suppression"})
    if not {"indicator_id", "start", "end"} <= set(frame.columns):
        return []
    out = []
    for row in frame.to_dict("records"):
        ind = str(row["indicator_id"])
        definition = _definition(ind)
        unit = definition.unit if definition else str(row.get("unit", "count"))
        first, last = _month(row["start"]), _month(row["end"])
        if first is None or last is None:
            continue
        reason = str(row.get("suppression") or "")
        hidden_value, value = _number(row.get("value"), symbol)
        for fld in FIELDS_BY_UNIT.get(unit, ("numerator",)):
            hidden, v = _number(row.get(fld), symbol)
            if unit == "count" and fld == "numerator" and v is None and not hidden:
                hidden, v = hidden_value, value
            # a file that names why a cell is hidden (reports before the ledger) labels it
            out.append(_record("indicator", ind, fld, "", "", first, last, "", v, _status(hidden, v, reason),
                               extract, f"{source} ({ind}, {row.get('period_type', '')} {row.get('month', '')}, {fld})",
                               labelled=hidden and reason in ("primary", "secondary")))
    return out


_MONTH_HEAD = re.compile(r"^[A-Z][a-z]{2} \d{2}$")


def _monthly_sheet_records(frame: pd.DataFrame, source: str, symbol: str, extract: str) -> list[dict]:
    """The 'monthly' sheet: each month's value and the period's (counts and percentages)."""
    out = []
    month_cols = [(c, str(pd.Period(pd.to_datetime(c, format="%b %y"), "M"))) for c in frame.columns
                  if _MONTH_HEAD.match(str(c))]
    period_cols = [c for c in frame.columns if str(c).startswith("Period ")]
    for row in frame.to_dict("records"):
        ind = str(row.get("Indicator id"))
        definition = _definition(ind)
        if definition is None or definition.unit not in ("count", "percent"):
            continue
        fld = "numerator" if definition.unit == "count" else "value"
        cells = [(c, m, m) for c, m in month_cols]
        for c in period_cols:
            window = period_months(str(c)[len("Period "):])
            if window:
                cells.append((c, *window))
        for col, first, last in cells:
            hidden, v = _number(row.get(col), symbol)
            out.append(_record("indicator", ind, fld, "", "", first, last, "", v, _status(hidden, v), extract,
                               f"{source} ({ind}, {col})"))
    return out


# --------------------------------------------------------------------------------------------
# HTML
# --------------------------------------------------------------------------------------------
class _Page(HTMLParser):
    """One pass over a page: indicator tables, count tables and elements naming their figure."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.indicator_tables: list[dict] = []
        self.count_tables: list[dict] = []
        self.named: list[tuple[dict, str]] = []  # (attributes, text)
        self._ind = None
        self._ind_row = None
        self._ind_cell = None
        self._spans: list[list[str]] = []
        self._span_stack: list[bool] = []
        self._tables: list[dict | None] = []  # count table (or None) per open <table>
        self._row = None
        self._cell = None
        self._named: list[tuple[str, dict, list[str]]] = []
        self._skip = 0

    # -- helpers
    def _count_table(self):
        return self._tables[-1] if self._tables else None

    def handle_starttag(self, tag, attrs):
        a = {k: (v or "") for k, v in attrs}
        cls = set(a.get("class", "").split())
        if tag in ("script", "style"):
            self._skip += 1
        if a.get("data-indicator") and a.get("data-period") and tag != "tr":
            self._named.append((tag, a, []))
        if tag == "table":
            is_count = bool({"count-table", "chart-data-table"} & cls) and (
                "count-table" in cls or a.get("data-table"))
            self._tables.append({"attrs": a, "head": [], "rows": [], "caption": ""} if is_count else None)
            if "indicator-table" in cls:
                self._ind = {"head": [], "rows": []}
            return
        table = self._count_table()
        if table is not None:
            if tag == "caption":
                self._cell = {"tag": "caption", "cls": cls, "text": [], "attrs": a}
            elif tag == "tr":
                self._row = {"total": "total-row" in cls, "cells": [], "label": None, "attrs": a}
            elif tag in ("td", "th") and self._row is not None:
                self._cell = {"tag": tag, "cls": cls, "text": [], "attrs": a}
        if self._ind is not None:
            if tag == "th" and ({"month", "period"} & cls) and self._ind_row is None:
                self._ind_cell = {"kind": "month" if "month" in cls else "period", "text": [],
                                  "month": a.get("data-month")}
            elif tag == "tr" and a.get("data-indicator"):
                self._ind_row = {"id": a["data-indicator"], "cells": []}
            elif tag == "td" and self._ind_row is not None:
                self._ind_cell = {"text": [], "counts": []}
            elif tag == "span" and self._ind_cell is not None:
                self._span_stack.append("count" in cls)
                if "count" in cls:
                    self._spans.append([])

    def handle_endtag(self, tag):
        if tag in ("script", "style"):
            self._skip = max(0, self._skip - 1)
        if self._named and self._named[-1][0] == tag:
            _, attrs, text = self._named.pop()
            self.named.append((attrs, " ".join("".join(text).split())))
        if self._ind is not None:
            if tag == "span" and self._span_stack:
                if self._span_stack.pop() and self._spans:
                    self._ind_cell["counts"].append("".join(self._spans.pop()))
            elif tag == "th" and self._ind_cell is not None and "kind" in self._ind_cell:
                self._ind["head"].append((self._ind_cell["kind"], self._ind_cell["month"]
                                          or "".join(self._ind_cell["text"]).strip()))
                self._ind_cell = None
            elif tag == "td" and self._ind_cell is not None and self._ind_row is not None:
                self._ind_row["cells"].append(("".join(self._ind_cell["text"]).strip(), self._ind_cell["counts"]))
                self._ind_cell = None
            elif tag == "tr" and self._ind_row is not None:
                self._ind["rows"].append(self._ind_row)
                self._ind_row = None
        table = self._count_table()
        if tag == "table":
            if self._tables:
                done = self._tables.pop()
                if done is not None:
                    self.count_tables.append(done)
            if self._ind is not None and not any(self._tables):
                self.indicator_tables.append(self._ind)
                self._ind = None
            return
        if table is not None:
            if tag == "caption" and self._cell is not None:
                table["caption"] = " ".join("".join(self._cell["text"]).split())
                self._cell = None
            elif tag in ("td", "th") and self._cell is not None and self._row is not None:
                text = " ".join("".join(self._cell["text"]).split())
                if self._cell["tag"] == "th" and not self._row["cells"] and self._row["label"] is None \
                        and self._cell["attrs"].get("scope") == "row":
                    self._row["label"] = text
                    self._row["attrs"] = {**self._row["attrs"], **self._cell["attrs"]}
                elif self._cell["tag"] == "th":
                    table["head"].append((text, self._cell["cls"]))
                else:
                    self._row["cells"].append((text, self._cell["cls"], self._cell["attrs"]))
                self._cell = None
            elif tag == "tr" and self._row is not None:
                if self._row["cells"]:
                    table["rows"].append(self._row)
                self._row = None

    def handle_data(self, data):
        if self._skip:
            return
        for _, _, text in self._named:
            text.append(data)
        if self._cell is not None:
            self._cell["text"].append(data)
        if self._ind_cell is not None:
            self._ind_cell["text"].append(data)
            for buf in self._spans:
                buf.append(data)


def _indicator_table_records(table: dict, source: str, symbol: str, extract: str) -> list[dict]:
    months = [m for kind, m in table["head"] if kind == "month"]
    try:
        months = [str(pd.Period(m, "M")) for m in months]
    except (ValueError, TypeError):
        return []
    if not months:
        return []
    columns = [(m, m, m) for m in months]
    if any(kind == "period" for kind, _ in table["head"]):
        columns.append((months[0], months[-1], "period"))
    out = []
    for row in table["rows"]:
        definition = _definition(row["id"])
        if definition is None:
            continue
        for (first, last, heading), (text, counts) in zip(columns, row["cells"]):
            where = f"{source} ({row['id']}, {heading})"
            hidden = text.strip() == symbol
            if hidden:
                for fld in FIELDS_BY_UNIT.get(definition.unit, ("numerator",)):
                    out.append(_record("indicator", row["id"], fld, "", "", first, last, "", None, "hidden",
                                       extract, where))
                continue
            if definition.unit == "count":
                _, v = _number(text.split()[0] if text else "", symbol)
                out.append(_record("indicator", row["id"], "numerator", "", "", first, last, "", v, _status(False, v),
                                   extract, where))
            elif definition.unit == "percent":
                parts = counts[0].split("/") if counts else []
                if len(parts) == 2:
                    for fld, part in zip(("numerator", "denominator"), parts):
                        _, v = _number(part, symbol)
                        out.append(_record("indicator", row["id"], fld, "", "", first, last, "", v, _status(False, v),
                                           extract, where))
                _, v = _number(text.split("%")[0] if "%" in text else "", symbol)
                out.append(_record("indicator", row["id"], "value", "", "", first, last, "", v, _status(False, v),
                                   extract, where))
            elif definition.unit in ("days", "weeks") and counts:
                _, v = _number(counts[0], symbol)
                out.append(_record("indicator", row["id"], "denominator", "", "", first, last, "", v,
                                   _status(False, v), extract, where))
    return out


def _named_records(named: list[tuple[dict, str]], source: str, symbol: str, extract: str) -> list[dict]:
    out = []
    for attrs, text in named:
        ind = attrs["data-indicator"]
        definition = _definition(ind)
        window = period_months(attrs["data-period"])
        if definition is None or window is None:
            continue
        fld = attrs.get("data-field") or "value"
        if fld == "value" and definition.unit == "count":
            fld = "numerator"
        if fld not in ("numerator", "denominator", "value"):
            continue
        hidden, v = _number(text.split(" ")[0] if text else "", symbol)
        out.append(_record("indicator", ind, fld, "", "", window[0], window[1], "", v, _status(hidden, v), extract,
                           f"{source} ({ind}, {attrs['data-period']}, {fld})"))
    return out


def _count_table_records(table: dict, source: str, symbol: str, extract: str) -> list[dict]:
    """The count cells of a count table; ``data-table`` names it and its window (else its
    caption does, and its cells are its own unknowns)."""
    attrs = table["attrs"]
    name = attrs.get("data-table") or f"caption:{table['caption'] or source}"
    window = attrs.get("data-window") or ("sum" if attrs.get("data-table") else "once")
    first = attrs.get("data-first", "")
    last = attrs.get("data-last", "")
    head = [text for text, cls in table["head"] if not ({"rowhead"} & cls)]
    out = []
    for row in table["rows"]:
        label = row["label"] or ""
        is_total = row["total"] or label.startswith(TOTAL)
        r = TOTAL if is_total else label
        parts = row["attrs"].get("data-parts", "") if not is_total else TOTAL
        # a row may cover its own window (a table whose rows are months)
        row_first, row_last = row["attrs"].get("data-first") or first, row["attrs"].get("data-last") or last
        for j, (text, cls, cell_attrs) in enumerate(row["cells"]):
            if "count" not in cls or ({"pct", "rate", "mean", "bench"} & cls):
                continue
            column = cell_attrs.get("data-column") or (head[j] if j < len(head) else f"column {j + 1}")
            column = TOTAL if column.startswith(TOTAL) else column
            hidden, v = _number(text, symbol)
            if not hidden and v is None:
                continue
            out.append(_record("table", name, column, r, parts or r, row_first, row_last, window, v,
                               _status(hidden, v), extract, f"{source}: {table['caption'] or name} ({label}, {column})"))
    return out


# --------------------------------------------------------------------------------------------
# Reading an open folder
# --------------------------------------------------------------------------------------------
def _pages(folder: Path) -> list[Path]:
    pages = sorted(folder.glob("*.html")) + sorted((folder / "sections").glob("*.html"))
    if (folder / "report.html").exists():  # the whole report repeats the section pages
        pages = [p for p in pages if p.parent == folder]
    return pages


def read_open_records(folder: str | Path, symbol: str = "c", *, extract: str = "") -> pd.DataFrame:
    """Every figure the open files in ``folder`` print (``restricted/`` is not read), as records
    (:data:`model.RECORD_COLUMNS`); the same figure printed twice is one record."""
    folder = Path(folder)
    records: list[dict] = []
    csv = folder / "indicators.csv"
    if csv.exists():
        records += _long_records(pd.read_csv(csv, dtype=str, keep_default_na=False), "indicators.csv", symbol,
                                 extract)
    xlsx = folder / "indicators.xlsx"
    if xlsx.exists():
        sheets = pd.read_excel(xlsx, sheet_name=None, dtype=object, engine="openpyxl")
        if "all" in sheets:
            records += _long_records(sheets["all"], "indicators.xlsx", symbol, extract)
        if "monthly" in sheets:
            records += _monthly_sheet_records(sheets["monthly"], "indicators.xlsx", symbol, extract)
    for page in _pages(folder):
        parser = _Page()
        parser.feed(page.read_text(encoding="utf-8", errors="replace"))
        parser.close()
        name = str(page.relative_to(folder))
        for table in parser.indicator_tables:
            records += _indicator_table_records(table, name, symbol, extract)
        records += _named_records(parser.named, name, symbol, extract)
        for table in parser.count_tables:
            records += _count_table_records(table, name, symbol, extract)
    if not records:
        return empty_records()
    frame = pd.DataFrame(records, columns=RECORD_COLUMNS)
    frame["value"] = pd.to_numeric(frame["value"], errors="coerce").astype(float)
    return dedupe(frame)


KEY = ["kind", "figure", "field", "row", "first", "last", "window"]


def dedupe(records: pd.DataFrame) -> pd.DataFrame:
    """One record per figure: a hidden status wins over a bare symbol, a value over n/a."""
    rank = records["status"].map({"primary": 0, "secondary": 1, "hidden": 2, "published": 3, "na": 4}).fillna(5)
    return (records.assign(_rank=rank).sort_values("_rank", kind="stable")
            .drop_duplicates(KEY, keep="first").drop(columns="_rank").sort_index().reset_index(drop=True))


def with_statuses(records: pd.DataFrame, known: pd.DataFrame | None) -> pd.DataFrame:
    """The status the run's own frame gave each hidden figure (primary or secondary), where the
    open files show only the symbol (the ledger keeps it; the reader is assumed to know it). A
    row is hidden whole, so any field of it tells the status of the others."""
    if known is None or not len(known) or not len(records):
        return records
    hidden = known[known["status"].isin(["primary", "secondary"])]
    out = records.copy()
    for key in (KEY[:-1], ["kind", "figure", "row", "first", "last"]):
        ref = hidden.drop_duplicates(key).set_index(key)["status"]
        keys = pd.MultiIndex.from_frame(out[key].astype(str))
        found = pd.Series(ref.reindex(keys).to_numpy(), index=out.index)
        todo = (out["status"] == "hidden") & found.notna()
        out.loc[todo, "status"] = found[todo]
    return out


# --------------------------------------------------------------------------------------------
# The audit
# --------------------------------------------------------------------------------------------
@dataclass
class AuditResult:
    findings: list[Leak]
    seconds: float
    hidden: int  # hidden counts checked
    figures: int  # figures read (this report and the ledger)
    earlier: list[Leak] = field(default_factory=list)  # given back by earlier reports alone


def audit_records(records: pd.DataFrame, threshold: int, *, ledger: pd.DataFrame | None = None,
                  model: str = "balances") -> AuditResult:
    """Findings for ``records`` (this report's open files) read together with ``ledger``.

    Every hidden figure, and every count the figures leave as one unknown (the months nothing
    published separates), is bounded. One pinned to a value from 1 to the threshold is a
    finding; when the published figures that pin it are all earlier reports' (this report adds
    nothing to it) it is listed in ``earlier`` instead: it does not stop this report."""
    t0 = time.perf_counter()
    from .protect import distinct_records

    new = records.assign(_new=True)
    both = new if ledger is None or not len(ledger) else pd.concat(
        [distinct_records(ledger.reindex(columns=[*RECORD_COLUMNS, "report"])).assign(_new=False), new],
        ignore_index=True)
    both = both.reset_index(drop=True)
    findings = _small_published(new, threshold)
    earlier: list[Leak] = []
    hidden = both["status"].isin(["primary", "hidden"])
    m = Model(both[RECORD_COLUMNS], threshold, model=model, targets=list(np.flatnonzero(hidden.to_numpy())))
    seen = set()
    for comp in m.components():
        for e in m.component_exposures(comp):
            used, kinds = _binding(comp, e.target)
            fresh = any(bool(both.at[i, "_new"]) for i in used) or (e.record >= 0 and bool(both.at[e.record, "_new"]))
            if e.record >= 0:
                rec = both.loc[e.record]
                key = tuple(rec[k] for k in KEY)
                where = str(rec["source"])
                source = where.split(" (")[0].split(":")[0]
                if not rec["_new"]:
                    where += f" (published in {rec.get('report') or 'an earlier report'})"
            else:
                key = e.target.unknown
                where = f"the count of {_unknown_text(e.target.unknown)}, which no figure prints,"
                source = "(several files)"
            if key in seen:
                continue
            seen.add(key)
            finding = Leak(source, "recoverable", f"{e.value:g}",
                           f"{where} can be worked out {_relation_text(used, kinds, e.record, both)}")
            (findings if fresh else earlier).append(finding)
    result = AuditResult(findings, time.perf_counter() - t0, int(hidden.sum()), len(both))
    result.earlier = earlier
    return result


def _unknown_text(unknown) -> str:
    series, when = unknown
    if series == "parts":  # the unpublished parts of a published figure, together
        return "the hidden parts of a published figure together (" + ", ".join(_unknown_text(u) for u in when) + ")"
    months = when if isinstance(when, str) else (when[0] if len(when) == 1 else f"{when[0]} to {when[-1]}")
    name = series.replace("table:", "").replace(":numerator", "").replace(":", ", ")
    return f"{name} in {months}" if not isinstance(when, str) or ".." not in when else f"{name} ({months})"


def _binding(comp, target) -> tuple[list[int], list[str]]:
    """The published records and relations that pin a target (the dual values of its bounds)."""
    from .model import System

    system = System(comp.rows, [target])
    c = system.vector(target.expr)
    rows = system.binding(c) if c is not None else []
    used = list(dict.fromkeys(r.record for r in rows if r.record >= 0 and r.soft in ("", "ratio")
                              and r.record != target.record))
    kinds = sorted({r.soft for r in rows if r.soft in ("balance", "link", "distinct", "label")})
    return used, kinds


def _relation_text(used: list[int], kinds: list[str], record: int, records: pd.DataFrame) -> str:
    """The published figures (and relations) that pin a recovered count, for the finding."""
    def span(i):  # the widest windows first: a year or a period says more than a month
        first, last = records.at[i, "first"], records.at[i, "last"]
        try:
            return -(pd.Period(last, "M") - pd.Period(first, "M")).n
        except (ValueError, TypeError, AttributeError):
            return 0
    named = list(dict.fromkeys(str(records.at[i, "source"]) for i in sorted(set(used), key=span)))
    words = {"balance": "a flow balance", "link": "a table's total", "distinct": "distinct children",
             "label": "the status of hidden counts"}
    text = "from " + "; ".join(named[:4]) + (f" and {len(named) - 4} more" if len(named) > 4 else "") \
        if named else "from the published figures"
    return text + (" with " + ", ".join(words[k] for k in kinds) if kinds else "")


def _small_published(records: pd.DataFrame, threshold: int) -> list[Leak]:
    """Counts from 1 to the threshold printed in an open CSV/XLSX count column."""
    out = []
    from .model import indicator_expr

    files = records[records["source"].str.startswith(("indicators.csv", "indicators.xlsx"))
                    & (records["status"] == "published") & records["value"].between(1, threshold)]
    for rec in files.to_dict("records"):
        if rec["kind"] == "indicator" and indicator_expr(rec["figure"], rec["field"], rec["first"], rec["last"]):
            out.append(Leak(rec["source"].split(" (")[0], "small_count", f"{rec['value']:g}",
                            f"{rec['source']} is published"))
    return out


def audit_open_outputs(folder: str | Path, threshold: int, symbol: str = "c", *,
                       ledger: pd.DataFrame | None = None, known: pd.DataFrame | None = None,
                       model: str = "balances") -> list[Leak]:
    """Findings (empty: nothing recoverable) for the open files in ``folder`` (``restricted/``
    is not read), with the ``ledger``'s records and the statuses the run ``known`` for its own
    hidden figures. Kinds: ``recoverable`` (a hidden count worked out), ``small_count`` (a
    count from 1 to the threshold printed in an open CSV/XLSX count column)."""
    folder = Path(folder)
    records = with_statuses(read_open_records(folder, symbol), known)
    findings = audit_records(records, threshold, ledger=ledger, model=model).findings
    dq = folder / "data_quality_summary.csv"
    if dq.exists():
        summary = pd.read_csv(dq, dtype=str, keep_default_na=False)
        for k, v in enumerate(summary.get("rows", [])):
            hidden, n = _number(v, symbol)
            if n is not None and 1 <= n <= threshold:
                findings.append(Leak(dq.name, "small_count", f"{n:g}", f"row {k + 2}, column rows"))
    return findings


__all__ = ["audit_open_outputs", "audit_records", "read_open_records", "with_statuses", "AuditResult",
           "Figure", "PROTECTED_FIELDS", "MODELS", "period_months", "dedupe"]
