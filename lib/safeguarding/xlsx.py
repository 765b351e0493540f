"""A small, fast .xlsx writer (shared strings, numbers, dates, a styled header, column widths,
frozen panes). The bottom layer, like ``exports``: it imports nothing from the package.

openpyxl spends ~10-15 us per cell building and serialising cell objects, which is minutes for a
national-scale demo and most of the time it takes to write the report's ``indicators.xlsx``; this
writer builds the sheet XML with list comprehensions and zips it with fast deflate.

Column kinds: ``s`` text, ``n`` numbers, ``d`` dates (``dd/mm/yyyy``), ``m`` / ``md`` numbers or
dates with text in some cells, and ``x`` any cell as it comes, formatted by its Python type as the
indicator workbook formats it (``int`` -> ``0``, ``float`` -> ``0.0``, date -> ``yyyy-mm-dd``,
text, ``bool``; None / NaN / NaT blank). Callers make text safe first (``exports.safe_frame``):
text is always written as text, never as a formula.
"""
from __future__ import annotations

import datetime as _dt
import math
import re
import zipfile
from dataclasses import dataclass, field
from pathlib import Path
from xml.sax.saxutils import escape as _escape

import numpy as np
import pandas as pd

EXCEL_EPOCH_OFFSET = 25569  # serial of 1970-01-01
MAX_ROWS = 1_048_576
# Characters XML 1.0 does not allow: dropped, so the file always opens (openpyxl refuses them).
_ILLEGAL_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")

# Cell styles (cellXfs positions in _STYLES)
STYLE_DMY, STYLE_HEADER, STYLE_INT, STYLE_1DP, STYLE_ISO_DATE = 1, 2, 3, 4, 5


def escape(text: str) -> str:
    return _escape(_ILLEGAL_XML.sub("", text), {'"': "&quot;"})


@dataclass
class Column:
    kind: str            # "s" string, "n" number, "d" date; "m" / "md": per cell (str -> text,
                         # else number / date) for columns with "-" in blank cells; "x": per cell
                         # by Python type (module docstring)
    values: object       # array-like; strings: "" or None = blank; numbers/dates: NaN/NaT = blank
    width: float | None = None  # column width in characters (None: the spreadsheet's default)


@dataclass
class Sheet:
    name: str
    header: list[str]
    columns: list[Column]
    title_rows: list[list[str]] = field(default_factory=list)  # rows above the header
    header_style: bool = False  # header cells bold on a pale blue fill, wrapped, top-aligned
    freeze: str | None = None   # first cell of the scrolling pane, e.g. "D2"


def _col_letter(i: int) -> str:
    s = ""
    i += 1
    while i:
        i, r = divmod(i - 1, 26)
        s = chr(65 + r) + s
    return s


class _SST:
    def __init__(self):
        self.index: dict[str, int] = {}
        self.count = 0

    def codes(self, values) -> np.ndarray:
        """Shared-string index per value, -1 for blank."""
        s = pd.Series(values, dtype=object)
        s = s.where(s.notna(), "").astype(str)
        codes, uniques = pd.factorize(s, sort=False)
        mapped = np.empty(len(uniques), dtype=np.int64)
        for j, u in enumerate(uniques):
            if u == "":
                mapped[j] = -1
                continue
            k = self.index.get(u)
            if k is None:
                k = self.index[u] = len(self.index)
            mapped[j] = k
        self.count += int((codes >= 0).sum())
        return mapped[codes] if len(uniques) else np.full(len(s), -1, dtype=np.int64)

    def one(self, value: str) -> int:
        k = self.index.get(value)
        if k is None:
            k = self.index[value] = len(self.index)
        self.count += 1
        return k

    def xml(self) -> bytes:
        items = "".join(f'<si><t xml:space="preserve">{escape(s)}</t></si>' for s in self.index)
        return (f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
                f'<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
                f'count="{self.count}" uniqueCount="{len(self.index)}">{items}</sst>').encode()


def _cells(letter: str, rows: list[str], col: Column, sst: _SST) -> list[str]:
    if col.kind == "s":
        codes = sst.codes(col.values)
        return ["" if c < 0 else f'<c r="{letter}{r}" t="s"><v>{c}</v></c>'
                for r, c in zip(rows, codes.tolist())]
    if col.kind == "d":
        v = pd.Series(col.values)
        if not pd.api.types.is_datetime64_any_dtype(v):
            v = pd.to_datetime(v)
        days = v.to_numpy(dtype="datetime64[ns]").astype("datetime64[D]")
        ok = ~np.isnat(days)
        serial = np.where(ok, days.astype(np.int64) + EXCEL_EPOCH_OFFSET, -1)
        return ["" if s < 0 else f'<c r="{letter}{r}" s="1"><v>{s}</v></c>'
                for r, s in zip(rows, serial.tolist())]
    if col.kind in ("m", "md"):
        out = []
        for r, x in zip(rows, col.values):
            if isinstance(x, str):
                out.append(f'<c r="{letter}{r}" t="s"><v>{sst.one(x)}</v></c>')
            elif col.kind == "md":
                serial = int(np.datetime64(x, "D").astype(np.int64)) + EXCEL_EPOCH_OFFSET
                out.append(f'<c r="{letter}{r}" s="1"><v>{serial}</v></c>')
            else:
                x = float(x)
                if not math.isfinite(x):  # no number to write (Excel has no NaN or infinity)
                    out.append("")
                    continue
                out.append(f'<c r="{letter}{r}"><v>{int(x) if x == int(x) else repr(x)}</v></c>')
        return out
    if col.kind == "x":
        return [_typed_cell(f"{letter}{r}", x, sst) for r, x in zip(rows, col.values)]
    v = pd.to_numeric(pd.Series(col.values), errors="coerce").astype(float).to_numpy()
    out = []
    for r, x in zip(rows, v.tolist()):
        if not math.isfinite(x):  # NaN, or an infinity from a zero denominator: an empty cell
            out.append("")
        elif x == int(x) and abs(x) < 1e15:
            out.append(f'<c r="{letter}{r}"><v>{int(x)}</v></c>')
        else:
            out.append(f'<c r="{letter}{r}"><v>{x!r}</v></c>')
    return out


_EXCEL_EPOCH = _dt.datetime(1899, 12, 30)


def _serial(value) -> float:
    """Excel serial of a date or datetime (1900 date system, as openpyxl writes it)."""
    if not isinstance(value, _dt.datetime):
        value = _dt.datetime(value.year, value.month, value.day)
    delta = value - _EXCEL_EPOCH
    days = delta.days
    if 0 < days <= 60:  # Excel's phantom 29 Feb 1900
        days -= 1
    return days + delta.seconds / 86400 + delta.microseconds / 86_400_000_000


def _typed_cell(ref: str, x, sst: _SST) -> str:
    """One "x" cell: its type decides how it is stored and its number format."""
    if x is None or x is pd.NaT or x is pd.NA:
        return ""
    if isinstance(x, str):
        return "" if x == "" else f'<c r="{ref}" t="s"><v>{sst.one(x)}</v></c>'
    if isinstance(x, (bool, np.bool_)):
        return f'<c r="{ref}" s="{STYLE_INT}" t="b"><v>{int(x)}</v></c>'
    if isinstance(x, (int, float, np.integer, np.floating)):
        style = STYLE_1DP if isinstance(x, float) else STYLE_INT if isinstance(x, int) else 0
        if isinstance(x, (float, np.floating)) and not math.isfinite(x):
            return "" if math.isnan(x) else f'<c r="{ref}" s="{style}"/>'
        return f'<c r="{ref}" s="{style}"><v>{"%.16g" % x}</v></c>'
    if isinstance(x, (_dt.date, np.datetime64)):
        if isinstance(x, np.datetime64):
            x = pd.Timestamp(x).to_pydatetime()
        return f'<c r="{ref}" s="{STYLE_ISO_DATE}"><v>{"%.16g" % _serial(x)}</v></c>'
    return f'<c r="{ref}" t="s"><v>{sst.one(str(x))}</v></c>'


def _sheet_head(sheet: Sheet) -> bytes:
    """The parts of a worksheet before its data: frozen panes and column widths."""
    out = ""
    if sheet.freeze:
        m = re.fullmatch(r"([A-Z]+)(\d+)", sheet.freeze)
        x_split = _col_index(m.group(1))
        y_split = int(m.group(2)) - 1
        pane = "bottomRight" if x_split and y_split else "topRight" if x_split else "bottomLeft"
        splits = (f' xSplit="{x_split}"' if x_split else "") + (f' ySplit="{y_split}"' if y_split else "")
        out += (f'<sheetViews><sheetView workbookViewId="0"><pane{splits} topLeftCell="{sheet.freeze}" '
                f'activePane="{pane}" state="frozen"/><selection pane="{pane}"/></sheetView></sheetViews>')
    widths = [(j + 1, c.width) for j, c in enumerate(sheet.columns) if c.width]
    if widths:
        out += "<cols>" + "".join(f'<col min="{j}" max="{j}" width="{w:g}" customWidth="1"/>'
                                  for j, w in widths) + "</cols>"
    return out.encode()


def _col_index(letters: str) -> int:
    n = 0
    for ch in letters:
        n = n * 26 + ord(ch) - 64
    return n - 1


def _write_sheet(f, sheet: Sheet, sst: _SST, chunk: int = 100_000) -> None:
    """Stream one worksheet's XML to the open zip member ``f`` in row chunks."""
    f.write(b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
            b'<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
            + _sheet_head(sheet) + b'<sheetData>')
    r = 0
    for tr in sheet.title_rows + [sheet.header]:
        r += 1
        style = f' s="{STYLE_HEADER}"' if sheet.header_style and tr is sheet.header else ""
        cells = "".join(
            f'<c r="{_col_letter(j)}{r}"{style} t="s"><v>{sst.one(t)}</v></c>'
            for j, t in enumerate(tr) if t not in ("", None))
        f.write(f'<row r="{r}">{cells}</row>'.encode())
    n = len(sheet.columns[0].values) if sheet.columns else 0
    if r + n > MAX_ROWS:
        raise ValueError(f"sheet {sheet.name!r}: {r + n} rows exceed Excel's limit")
    letters = [_col_letter(j) for j in range(len(sheet.columns))]
    for lo in range(0, n, chunk):
        hi = min(n, lo + chunk)
        rows = [str(i) for i in range(r + 1 + lo, r + 1 + hi)]
        cols = [_cells(letters[j], rows, Column(c.kind, _slice(c.values, lo, hi)), sst)
                for j, c in enumerate(sheet.columns)]
        f.write("".join(f'<row r="{rr}">{"".join(t)}</row>' for rr, *t in zip(rows, *cols)).encode())
    f.write(b"</sheetData></worksheet>")


def _slice(values, lo: int, hi: int):
    if isinstance(values, (pd.Series, pd.Index)):
        return values.iloc[lo:hi] if isinstance(values, pd.Series) else values[lo:hi]
    return values[lo:hi]


_STYLES = b"""<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">
<numFmts count="3"><numFmt numFmtId="164" formatCode="dd/mm/yyyy"/><numFmt numFmtId="165" formatCode="0.0"/><numFmt numFmtId="166" formatCode="yyyy-mm-dd"/></numFmts>
<fonts count="2"><font><sz val="11"/><name val="Calibri"/></font><font><b val="1"/><sz val="11"/><name val="Calibri"/></font></fonts>
<fills count="3"><fill><patternFill patternType="none"/></fill><fill><patternFill patternType="gray125"/></fill><fill><patternFill patternType="solid"><fgColor rgb="00DDE5EE"/></patternFill></fill></fills>
<borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>
<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>
<cellXfs count="6"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>
<xf numFmtId="164" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>
<xf numFmtId="0" fontId="1" fillId="2" borderId="0" xfId="0" applyFont="1" applyFill="1" applyAlignment="1"><alignment vertical="top" wrapText="1"/></xf>
<xf numFmtId="1" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>
<xf numFmtId="165" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>
<xf numFmtId="166" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/></cellXfs>
<cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles>
</styleSheet>"""


def write_xlsx(path: Path, sheets: list[Sheet]) -> None:
    sst = _SST()
    n = len(sheets)
    ct = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
          '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
          '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
          '<Default Extension="xml" ContentType="application/xml"/>'
          '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
          '<Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/>'
          '<Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/>'
          + "".join(f'<Override PartName="/xl/worksheets/sheet{i}.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
                    for i in range(1, n + 1)) + "</Types>")
    rels = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
            '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
            '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/>'
            '</Relationships>')
    wb = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
          '<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
          'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets>'
          + "".join(f'<sheet name="{escape(s.name)}" sheetId="{i}" r:id="rId{i}"/>'
                    for i, s in enumerate(sheets, 1)) + "</sheets></workbook>")
    wbrels = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
              '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
              + "".join(f'<Relationship Id="rId{i}" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet{i}.xml"/>'
                        for i in range(1, n + 1))
              + f'<Relationship Id="rId{n + 1}" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/>'
              + f'<Relationship Id="rId{n + 2}" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings" Target="sharedStrings.xml"/>'
              '</Relationships>')
    tmp = Path(str(path) + ".tmp")
    fixed = (1980, 1, 1, 0, 0, 0)  # fixed timestamps: same seed -> byte-identical file

    def info(name):
        i = zipfile.ZipInfo(name, date_time=fixed)
        i.compress_type = zipfile.ZIP_DEFLATED
        return i

    with zipfile.ZipFile(tmp, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=1) as z:
        z.writestr(info("[Content_Types].xml"), ct)
        z.writestr(info("_rels/.rels"), rels)
        z.writestr(info("xl/workbook.xml"), wb)
        z.writestr(info("xl/_rels/workbook.xml.rels"), wbrels)
        z.writestr(info("xl/styles.xml"), _STYLES)
        for i, sheet in enumerate(sheets, 1):
            with z.open(info(f"xl/worksheets/sheet{i}.xml"), "w", force_zip64=True) as f:
                _write_sheet(f, sheet, sst)
        z.writestr(info("xl/sharedStrings.xml"), sst.xml())
    tmp.replace(path)
