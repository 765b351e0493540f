"""The recovery audit: try to work hidden counts back out of the open files, as an attacker would.

It reads only what a reader of the open edition has - the files themselves, never the data or
the suppressed frame behind them - and, at publication, everything the council published
before (the publication ledger). Read from the open files (:func:`read_open_records`):

* ``indicators.csv`` and ``indicators.xlsx`` (sheets ``all`` and ``monthly``);
* every figure every HTML page names (``present.provenance``): an indicator's value,
  numerator, denominator (indicator tables, the scorecard, chart numbers, the benchmark
  tables' own values, the improvement-plan measures) and every cell of a count table (the
  breakdowns, their chart numbers, the inspection pack's summaries, an analyst's own tables);
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
from functools import lru_cache
from pathlib import Path

import numpy as np
import pandas as pd

from .leakcheck import Leak
from .model import MODELS, RECORD_COLUMNS, TOTAL, Model, _definition, empty_records
from .model import PROTECTED_FIELDS as MODEL_PROTECTED_FIELDS
from .records import FIELDS_BY_UNIT

# Kept for callers of the former audit.
PROTECTED_FIELDS = MODEL_PROTECTED_FIELDS


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


@lru_cache(maxsize=4096)  # a few dozen labels, read once per figure of every page
def period_months(label: str) -> tuple[str, str] | None:
    """(first, last) month of a period label: ``2018-12``, ``2018-07..2018-12``, ``2018-19-Q3``,
    ``2017-18`` (a financial year)."""
    from ..periods import PeriodError, parse_period

    label = str(label).strip()
    if re.fullmatch(r"\d{4}-(0[1-9]|1[0-2])", label):
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
# HTML: every figure a page names (``present.provenance``)
# --------------------------------------------------------------------------------------------
# Tables of figures that are not counts of children: published comparators, the proceedings
# summary (its counts are the indicators' own, named there), the improvement plan's own figures.
NOT_COUNTS = ("benchmarks", "proceedings_summary", "plan", "measures", "ip-")


def _page_records(markup: str, source: str, symbol: str, extract: str) -> list[dict]:
    """Records of every figure a page shows: an indicator's (``data-indicator``, ``data-period``,
    ``data-field``) or a table cell's (``data-table``, ``data-period``, ``data-row``,
    ``data-col``), the window read from the period and, for a table, from what it counts
    (:func:`model.table_window`); a merged band row stands for the bands it joins."""
    from .provenance import INDICATOR, page_figures
    from .model import merged_parts, table_window

    out = []
    for f in page_figures(markup, source):
        hidden = f.text.strip() == symbol
        _, v = _number(f.text.split(" ")[0] if f.text else "", symbol)
        if f.kind == INDICATOR:
            ind, period, fld = f.key
            definition, window = _definition(ind), period_months(period)
            if definition is None or window is None or fld not in ("value", "numerator", "denominator"):
                continue
            if fld == "value" and definition.unit == "count":
                fld = "numerator"
            out.append(_record("indicator", ind, fld, "", "", window[0], window[1], "", v, _status(hidden, v),
                               extract, f"{f.where} ({ind}, {period}, {fld})"))
            continue
        table, period, row, col = f.key
        if table.startswith(NOT_COUNTS) or (not hidden and v is None):
            continue
        window = period_months(period) or ("", "")
        r = TOTAL if row.startswith(TOTAL) else row
        c = TOTAL if col.startswith(TOTAL) else col
        out.append(_record("table", table, c, r, merged_parts(table, r), window[0], window[1], table_window(table),
                           v, _status(hidden, v), extract, f"{f.where} ({row}, {col})"))
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
        # calamine, the project's workbook reader: a third of openpyxl's time, the same records
        sheets = pd.read_excel(xlsx, sheet_name=None, dtype=object, engine="calamine")
        if "all" in sheets:
            records += _long_records(sheets["all"], "indicators.xlsx", symbol, extract)
        if "monthly" in sheets:
            records += _monthly_sheet_records(sheets["monthly"], "indicators.xlsx", symbol, extract)
    for page in _pages(folder):
        records += _page_records(page.read_text(encoding="utf-8", errors="replace"), str(page.relative_to(folder)),
                                 symbol, extract)
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
    inconsistent: list[str] = field(default_factory=list)  # figures that contradict each other


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
    # figures that contradict each other even without the relations the definitions may not
    # hold (two published values of one count): the audit cannot read them together
    result.inconsistent = [str(both.at[group[0], "source"]) for group in m.inconsistent if group]
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
