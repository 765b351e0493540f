"""A small, fast .xlsx writer (shared strings, numbers, date cells).

openpyxl's write-only mode needs ~10 us per cell, which is minutes for a national-scale demo;
this writer builds the sheet XML with list comprehensions and zips it with fast deflate.
It supports exactly what the demo needs: string cells, numeric cells, date cells (Excel serial
with a ``dd/mm/yyyy`` number format) and blank cells.
"""
from __future__ import annotations

import zipfile
from dataclasses import dataclass, field
from pathlib import Path
from xml.sax.saxutils import escape

import numpy as np
import pandas as pd

EXCEL_EPOCH_OFFSET = 25569  # serial of 1970-01-01
MAX_ROWS = 1_048_576


@dataclass
class Column:
    kind: str            # "s" string, "n" number, "d" date; "m" / "md": per cell (str -> text,
                         # else number / date) for columns with "-" in blank cells
    values: object       # array-like; strings: "" or None = blank; numbers/dates: NaN/NaT = blank


@dataclass
class Sheet:
    name: str
    header: list[str]
    columns: list[Column]
    title_rows: list[list[str]] = field(default_factory=list)  # rows above the header


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
                out.append(f'<c r="{letter}{r}"><v>{int(x) if x == int(x) else repr(x)}</v></c>')
        return out
    v = pd.to_numeric(pd.Series(col.values), errors="coerce").astype(float).to_numpy()
    out = []
    for r, x in zip(rows, v.tolist()):
        if x != x:
            out.append("")
        elif x == int(x) and abs(x) < 1e15:
            out.append(f'<c r="{letter}{r}"><v>{int(x)}</v></c>')
        else:
            out.append(f'<c r="{letter}{r}"><v>{x!r}</v></c>')
    return out


def _write_sheet(f, sheet: Sheet, sst: _SST, chunk: int = 100_000) -> None:
    """Stream one worksheet's XML to the open zip member ``f`` in row chunks."""
    f.write(b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
            b'<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
            b'<sheetData>')
    r = 0
    for tr in sheet.title_rows + [sheet.header]:
        r += 1
        cells = "".join(
            f'<c r="{_col_letter(j)}{r}" t="s"><v>{sst.one(t)}</v></c>'
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
<numFmts count="1"><numFmt numFmtId="164" formatCode="dd/mm/yyyy"/></numFmts>
<fonts count="1"><font><sz val="11"/><name val="Calibri"/></font></fonts>
<fills count="2"><fill><patternFill patternType="none"/></fill><fill><patternFill patternType="gray125"/></fill></fills>
<borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>
<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>
<cellXfs count="2"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>
<xf numFmtId="164" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/></cellXfs>
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
