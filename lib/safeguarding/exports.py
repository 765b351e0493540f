"""Safe CSV and Excel exports: no cell the product writes can run as a spreadsheet formula.

Input text reaches the exports (a team name, a free-text reason, a value a rule quotes). Excel,
LibreOffice and Google Sheets treat a CSV field beginning with ``=``, ``+``, ``-`` or ``@`` as a
formula, and a leading tab or carriage return can hide one ("CSV injection", OWASP), so
``=HYPERLINK("http://x","y")`` in an extract would become a live link in a council's copy of
``data_quality_rows.csv``. Every CSV and XLSX the product writes goes through this module:

* **CSV** (:func:`write_csv`): such text gets an apostrophe in front - spreadsheets then show the
  text as written and never evaluate it. Numbers (``-3``), dates and missing values are unchanged.
* **XLSX** (:func:`write_sheets`, :func:`write_xlsx`, :func:`write_labelled_workbook`, with
  XlsxWriter): every text cell is stored as a text cell (``write_string``), never through
  XlsxWriter's ``write``, which would turn ``=...`` or ``{=...}`` into a formula and
  ``http://...`` into a link. A text cell is never evaluated, so it needs no apostrophe - and
  gets none: LibreOffice shows the apostrophe of a text cell as part of the text (``'-``).

The bottom layer: this module imports nothing from the package.
"""
from __future__ import annotations

import datetime as _dt
import hashlib
import math
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Iterable, Mapping

import numpy as np
import pandas as pd

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
NEUTRALISER = "'"

MAX_ROWS = 1_048_576
EXCEL_EPOCH_OFFSET = 25569  # serial of 1970-01-01 (1900 date system)
DMY = "dd/mm/yyyy"  # UK dates, as councils and inspectors read them
# Characters XML 1.0 does not allow: dropped, so the file always opens (openpyxl refuses them).
_ILLEGAL_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
# XlsxWriter writes docProps/core.xml with the creation time: fixed, so the same data gives the
# same bytes (the demo's determinism test, the run cache).
_FIXED_CREATED = _dt.datetime(2000, 1, 1)


def safe_cell(value: Any) -> Any:
    """``value`` with an apostrophe in front when it is text a spreadsheet would evaluate (CSV)."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return NEUTRALISER + value
    return value


def safe_frame(frame: pd.DataFrame) -> pd.DataFrame:
    """A copy of ``frame`` whose text cells and column names are safe for CSV (numbers untouched)."""
    out = frame.copy()
    for column in out.columns:
        series = out[column]
        if isinstance(series.dtype, pd.CategoricalDtype):
            series = series.astype(object)
        if series.dtype == object or pd.api.types.is_string_dtype(series.dtype):
            out[column] = series.map(safe_cell, na_action="ignore")
    out.columns = [safe_cell(c) for c in out.columns]
    return out


def write_csv(frame: pd.DataFrame, path: str | Path, **kwargs) -> Path:
    """``frame.to_csv`` (UTF-8, no index unless asked) after :func:`safe_frame`. Lines end in
    CRLF as RFC 4180 and Excel have them; the csv writer then also quotes a field holding a bare
    carriage return, which with "\n" endings it writes raw and a reader takes as a new row."""
    kwargs.setdefault("index", False)
    kwargs.setdefault("encoding", "utf-8")
    kwargs.setdefault("lineterminator", "\r\n")
    safe_frame(frame).to_csv(path, **kwargs)
    return Path(path)


# --------------------------------------------------------------------------------------------
# XLSX
# --------------------------------------------------------------------------------------------
@dataclass
class Column:
    """One column of a sheet. ``kind``:

    * ``s`` text (``""`` / None blank); ``n`` numbers; ``d`` dates shown ``dd/mm/yyyy``;
    * ``m`` / ``md``: per cell, text where the value is a ``str`` (a ``-`` in a blank cell, as
      some councils' extracts have it), else a number / a date;
    * ``x``: per cell by its Python type, as the indicator workbook formats it - ``int`` ``0``,
      ``float`` ``0.0``, a date ``yyyy-mm-dd``, text, ``bool``.

    Missing and infinite numbers (a rate over a zero population) and NaT are empty cells."""
    kind: str
    values: object
    width: float | None = None  # in characters (None: the spreadsheet's default)


@dataclass
class Sheet:
    name: str
    header: list[str]
    columns: list[Column]
    title_rows: list[list[str]] = field(default_factory=list)  # rows above the header
    header_style: bool = False  # header cells bold on a pale blue fill, wrapped, top-aligned
    freeze: str | None = None   # first cell of the scrolling pane, e.g. "D2"
    title_style: bool = False   # the first title row bold (a marking such as RESTRICTED)


def _text(values) -> list:
    """Text cells: None for blank, illegal XML characters dropped (each distinct value once)."""
    s = pd.Series(values, dtype=object)
    codes, uniques = pd.factorize(s, sort=False, use_na_sentinel=True)
    clean = [None if (u == "" or u is None) else _ILLEGAL_XML.sub("", str(u)) for u in uniques]
    clean.append(None)  # code -1: missing
    return [clean[c] for c in codes.tolist()]


def _numbers(values) -> list:
    v = pd.to_numeric(pd.Series(values, dtype=object), errors="coerce").astype(float).to_numpy()
    finite = np.isfinite(v)
    out = v.astype(object)
    out[~finite] = None
    whole = finite & (v == np.round(v)) & (np.abs(v) < 1e15)
    out[whole] = v[whole].astype(np.int64).astype(object)
    return out.tolist()


def _date_serials(values) -> list:
    v = pd.Series(values)
    if not pd.api.types.is_datetime64_any_dtype(v):
        v = pd.to_datetime(v)
    if getattr(v.dt, "tz", None) is not None:
        v = v.dt.tz_localize(None)
    days = v.to_numpy(dtype="datetime64[ns]").astype("datetime64[D]")
    serial = np.where(np.isnat(days), -1, days.astype(np.int64) + EXCEL_EPOCH_OFFSET)
    return [None if s < 0 else s for s in serial.tolist()]


_EXCEL_EPOCH = _dt.datetime(1899, 12, 30)


def _serial(value) -> float:
    """Excel serial of a date or datetime (1900 date system)."""
    if isinstance(value, np.datetime64):
        value = pd.Timestamp(value).to_pydatetime()
    if not isinstance(value, _dt.datetime):
        value = _dt.datetime(value.year, value.month, value.day)
    delta = value.replace(tzinfo=None) - _EXCEL_EPOCH
    days = delta.days
    if 0 < days <= 60:  # Excel's phantom 29 Feb 1900
        days -= 1
    return days + delta.seconds / 86400 + delta.microseconds / 86_400_000_000


# Above this many cells a workbook streams its rows to disk (XlsxWriter's constant_memory: text
# written inline, memory flat at any size); below it, cells are kept until the workbook is closed
# and repeated text is stored once (shared strings), which writes a small workbook ~30 % faster.
STREAM_CELLS = 2_000_000


class _Writer:
    """One XlsxWriter workbook, its formats, and the typed cell writers: text only ever through
    ``write_string``."""

    def __init__(self, path: Path, stream: bool):
        import xlsxwriter

        self.book = xlsxwriter.Workbook(str(path), {
            "constant_memory": stream, "strings_to_formulas": False, "strings_to_urls": False,
            "strings_to_numbers": False, "nan_inf_to_errors": False})
        self._clean: dict[str, str] = {}
        self._serials: dict = {}  # date -> its Excel serial, each distinct day once
        self.book.set_properties({"created": _FIXED_CREATED})
        add = self.book.add_format
        self.dmy, self.iso = add({"num_format": DMY}), add({"num_format": "yyyy-mm-dd"})
        self.int, self.dp1 = add({"num_format": "0"}), add({"num_format": "0.0"})
        self.header = add({"bold": True, "bg_color": "#DDE5EE", "text_wrap": True, "valign": "top"})
        self.bold = add({"bold": True})

    def text(self, x: str) -> str:
        """``x`` without the characters XML cannot hold (each distinct text cleaned once)."""
        clean = self._clean.get(x)
        if clean is None:
            clean = self._clean[x] = _ILLEGAL_XML.sub("", x)
        return clean

    def _typed(self, ws, x):
        """(writer, value, format) of one ``x`` cell, or None for an empty cell."""
        cls = x.__class__
        if cls is str:
            return (ws.write_string, self.text(x), None) if x else None
        # the commonest types next, as the checks below would write them
        if cls is float:
            return (ws.write_number, x, self.dp1) if math.isfinite(x) else None
        if cls is _dt.date:  # never NaT
            serial = self._serials.get(x)
            if serial is None:
                serial = self._serials[x] = _serial(x)
            return ws.write_number, serial, self.iso
        if x is None or x is pd.NaT or x is pd.NA:
            return None
        if isinstance(x, (bool, np.bool_)):
            return ws.write_boolean, bool(x), self.int
        if isinstance(x, (int, np.integer)):
            return ws.write_number, int(x), self.int
        if isinstance(x, (float, np.floating)):
            return (ws.write_number, float(x), self.dp1) if math.isfinite(x) else None
        if isinstance(x, (_dt.date, np.datetime64)):
            return None if pd.isna(x) else (ws.write_number, _serial(x), self.iso)
        return ws.write_string, self.text(str(x)), None

    def _column(self, ws, col: Column) -> tuple:
        """(writer, format, values) of a column of one type - None values are empty cells - or
        (None, None, cells) of one whose cells differ: (writer, value, format) each."""
        kind = col.kind
        if kind == "s":
            return ws.write_string, None, _text(col.values)
        if kind == "n":
            return ws.write_number, None, _numbers(col.values)
        if kind == "d":
            return ws.write_number, self.dmy, _date_serials(col.values)
        if kind in ("m", "md"):
            cells = []
            for x in col.values:
                if isinstance(x, str):
                    cells.append((ws.write_string, self.text(x), None) if x else None)
                elif kind == "md":
                    cells.append(None if pd.isna(x) else (ws.write_number, _serial(x), self.dmy))
                else:
                    x = float(x)
                    cells.append((ws.write_number, int(x) if x == int(x) else x, None) if math.isfinite(x) else None)
            return None, None, cells
        if kind == "x":
            return None, None, [self._typed(ws, x) for x in col.values]
        raise ValueError(f"unknown column kind {kind!r}")

    def sheet(self, sheet: Sheet) -> None:
        n = len(sheet.columns[0].values) if sheet.columns else 0
        first = len(sheet.title_rows) + 1
        if first + n > MAX_ROWS:
            raise ValueError(f"sheet {sheet.name!r}: {first + n} rows exceed Excel's limit")
        ws = self.book.add_worksheet(sheet.name)
        for j, col in enumerate(sheet.columns):
            if col.width:
                ws.set_column(j, j, col.width)
        if sheet.freeze:
            ws.freeze_panes(sheet.freeze)
        for r, row in enumerate(sheet.title_rows):
            fmt = self.bold if sheet.title_style and r == 0 else None
            for j, text in enumerate(row):
                if text not in ("", None):
                    ws.write_string(r, j, self.text(str(text)), fmt)
        header_fmt = self.header if sheet.header_style else None
        for j, text in enumerate(sheet.header):
            if text not in ("", None):
                ws.write_string(first - 1, j, self.text(str(text)), header_fmt)
        writers, formats, columns = zip(*(self._column(ws, col) for col in sheet.columns)) \
            if sheet.columns else ((), (), ())
        # rows in order (a streamed sheet is written row by row), each cell through its writer
        for r, row in enumerate(zip(*columns), start=first):
            for j, value in enumerate(row):
                if value is not None:
                    write = writers[j]
                    if write is None:
                        value[0](r, j, value[1], value[2])
                    else:
                        write(r, j, value, formats[j])

    def close(self) -> None:
        self.book.close()


def write_sheets(path: str | Path, sheets: Iterable[Sheet]) -> Path:
    """Write ``sheets`` to one workbook at ``path`` (built beside it, then moved into place)."""
    path, sheets = Path(path), list(sheets)
    cells = sum(len(s.columns) * len(s.columns[0].values) for s in sheets if s.columns)
    tmp = path.with_name(path.name + ".tmp.xlsx")
    writer = _Writer(tmp, stream=cells > STREAM_CELLS)
    try:
        for sheet in sheets:
            writer.sheet(sheet)
    finally:
        writer.close()
    tmp.replace(path)
    return path


def _kind(series: pd.Series) -> str:
    if pd.api.types.is_datetime64_any_dtype(series):
        return "d"
    if pd.api.types.is_bool_dtype(series):
        return "x"
    if pd.api.types.is_numeric_dtype(series):
        return "n"
    if isinstance(series.dtype, pd.StringDtype):  # text only (pandas' str columns): no per-cell typing
        return "s"
    return "x"


def _values(series: pd.Series) -> list:
    if pd.api.types.is_datetime64_any_dtype(series) or pd.api.types.is_numeric_dtype(series) \
            and not pd.api.types.is_bool_dtype(series):
        return series
    return series.astype(object).where(series.notna(), None).tolist()


def frame_sheet(frame: pd.DataFrame, name: str, *, title_rows=(), widths: Mapping[str, float] | None = None,
                header_style: bool = True, freeze: str | None = None, title_style: bool = False) -> Sheet:
    """A sheet of ``frame`` (no index): dates ``dd/mm/yyyy``, numbers as numbers, anything else by
    its type; each column as wide as its header or ``widths`` says."""
    widths = widths or {}
    columns = [Column(_kind(frame.iloc[:, j]), _values(frame.iloc[:, j]),
                      width=widths.get(str(c)) or min(60, max(10, len(str(c)) + 2)))
               for j, c in enumerate(frame.columns)]
    return Sheet(name, [str(c) for c in frame.columns], columns, title_rows=[list(r) for r in title_rows],
                 header_style=header_style, freeze=freeze, title_style=title_style)


def write_xlsx(frame: pd.DataFrame, path: str | Path, sheet_name: str = "Sheet1") -> Path:
    """One-sheet workbook of ``frame``; text is stored as text cells, never as formulas."""
    return write_sheets(path, [frame_sheet(frame, sheet_name, freeze="A2")])


# --------------------------------------------------------------------------------------------
# Labelled workbooks: child lists and tables an inspector or auditor can take away
# --------------------------------------------------------------------------------------------
MARKINGS = {
    "RESTRICTED": "RESTRICTED - contains child-level or personal data: for use inside the council only",
    "OPEN": "OPEN - for publication: counts from 1 to the threshold are suppressed",
}
INVALID_SHEET_CHARS = re.compile(r"[\[\]:*?/\\]")


def sheet_name(title: str, used: set) -> str:
    """An Excel sheet name for ``title`` (at most 31 characters, none of ``[]:*?/\\``, not
    beginning or ending with an apostrophe, unique in the workbook, case-insensitively)."""
    name = INVALID_SHEET_CHARS.sub("", str(title)).strip().strip("'")[:31].strip() or "Sheet"
    base, i = name, 2
    while name.lower() in used:
        suffix = f" ({i})"
        name = base[:31 - len(suffix)] + suffix
        i += 1
    used.add(name.lower())
    return name


def as_uk_dates(frame: pd.DataFrame) -> pd.DataFrame:
    """Datetime columns as dates (a time of day dropped: ``dd/mm/yyyy``, not a datetime), and
    each ``<code>_label`` column moved beside its code column."""
    out = frame.copy()
    for column in out.columns:
        values = out[column]
        if values.dtype == object and len(values.dropna()) and all(
                isinstance(v, (_dt.date, pd.Timestamp)) for v in values.dropna()):
            values = pd.to_datetime(values)  # Python dates in a text column: dates too
        if pd.api.types.is_datetime64_any_dtype(values):
            if getattr(values.dt, "tz", None) is not None:
                values = values.dt.tz_localize(None)
            out[column] = values.dt.normalize()
    order = [c for c in out.columns if not (str(c).endswith("_label") and str(c)[:-6] in out.columns)]
    for code in [c for c in order if f"{c}_label" in out.columns]:
        order.insert(order.index(code) + 1, f"{code}_label")
    return out[order]


@dataclass
class Labels:
    """What every sheet of a labelled workbook says above its table."""
    marking: str          # "RESTRICTED" or "OPEN"
    council: str
    period: str           # e.g. "July to December 2018"
    call: str             # the call or command that produced the table
    notes: tuple[str, ...] = ()  # e.g. the sample's seed and method

    def __post_init__(self):
        if self.marking not in MARKINGS:
            raise ValueError(f"marking must be one of {', '.join(MARKINGS)}, not {self.marking!r}")

    def rows(self, title: str, extra: Iterable[str] = ()) -> list[list[str]]:
        return ([[MARKINGS[self.marking]], [title], [f"{self.council} - {self.period}"],
                 [f"Produced by: {self.call}"]] + [[n] for n in (*self.notes, *extra)] + [[]])


def split_by(frame: pd.DataFrame, by: str, missing: str = "Not recorded") -> dict[str, pd.DataFrame]:
    """One frame per value of ``by`` (missing values under ``missing``), in sorted order."""
    if by not in frame.columns:
        raise ValueError(f"cannot split by '{by}': the table has no such column "
                         f"(columns: {', '.join(map(str, frame.columns))})")
    keys = frame[by].astype(object).where(frame[by].notna(), missing).astype(str)
    return {key: frame[keys == key] for key in sorted(keys.unique(), key=lambda k: (k == missing, k.lower()))}


def write_labelled_workbook(path: str | Path, tables: Mapping[str, pd.DataFrame], labels: Labels, *,
                            by: str | None = None, index: bool = False,
                            widths: Mapping[str, float] | None = None) -> Path:
    """Each table on its own sheet, named by its key (or, with ``by``, one sheet per value of
    that column: per team, per worker). Every sheet is headed by the marking, the table's
    heading (``frame.attrs["heading"]``, else its key), the council and period, the call that
    produced it, what it is (``attrs["about"]``) and any note (``attrs["note"]``), then the
    table: UK dates, code labels beside codes, header frozen. ``index``: write each frame's
    index as its first column(s) (summary tables)."""
    used: set = set()
    sheets = []
    for key, frame in tables.items():
        attrs = dict(frame.attrs)
        frame = frame.reset_index() if index and not isinstance(frame.index, pd.RangeIndex) else frame
        frame = as_uk_dates(frame)
        heading = str(attrs.get("heading") or key)
        parts = split_by(frame, by) if by else {None: frame}
        for group, part in parts.items():
            rows = labels.rows(heading if group is None else f"{heading}: {by.replace('_', ' ')} {group}",
                               [str(attrs[k]) for k in ("about", "note") if attrs.get(k)] + [f"{len(part):,} rows"])
            sheets.append(frame_sheet(part, sheet_name(key if group is None else group, used), title_rows=rows,
                                      widths=widths, freeze=f"A{len(rows) + 2}", title_style=True))
    if not sheets:
        raise ValueError("nothing to write: no tables given")
    return write_sheets(path, sheets)


def file_sha256(path: str | Path) -> str:
    """The SHA-256 of a file the product wrote or read, as manifests and the ledger record it."""
    digest = hashlib.sha256()
    with open(path, "rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


__all__ = ["file_sha256", "FORMULA_STARTS", "MARKINGS", "Column", "Labels", "Sheet", "as_uk_dates", "frame_sheet",
           "safe_cell", "safe_frame", "sheet_name", "split_by", "write_csv", "write_labelled_workbook",
           "write_sheets", "write_xlsx"]
