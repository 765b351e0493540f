"""Shared machinery: raw cells -> tidy columns, with one finding per unreadable cell."""
from __future__ import annotations

import codecs
import csv
import io
import re
from pathlib import Path

import numpy as np
import pandas as pd

from ..quality import FINDING_COLUMNS, DataQualityLog, FatalInputError
from ..schema import ALL_TABLES
from . import codes as _codes
from .values import (Distinct, clean_missing, month_first_mask, parse_dates, parse_floats,
                     parse_ints, parse_text, parse_yn)

# Reader finding codes (documented in docs/data-quality-rules.md).
READ_CODES = {
    "READ-DATE": ("warning", "blank", "Date could not be read (or is outside 1900-2099; Excel serials outside 1990-2040); left blank"),
    "READ-MONTHFIRST": ("error", "report", "Column looks month-first (a value's second part is over 12); text dates are read day first - check the export settings"),
    "READ-YN": ("warning", "blank", "Yes/no value not recognised; left blank"),
    "READ-INT": ("warning", "blank", "Not a whole number of 0 or more; left blank"),
    "READ-NUM": ("warning", "blank", "Not a number; left blank"),
    "READ-CODE": ("warning", "blank", "Value not recognised in the code list; left blank"),
    "READ-CODE-UNKNOWN": ("info", "blank", "Value means 'unknown' (e.g. u) UNKNOWN); read as missing"),
    "READ-MAP": ("warning", "report", "Code map row not used (unknown list, column or code, or no code yet)"),
    "READ-NA": ("warning", "blank", "Spreadsheet error value such as #N/A; read as missing"),
    "READ-NOID": ("error", "drop", "Row has no identifier (child ID / reference); row not read"),
    "READ-REQBLANK": ("warning", "report", "Required value is blank"),
    "READ-AGE": ("info", "report", "Supplied age differs from the age computed from date of birth by more than one year; computed age used"),
    "READ-COL-UNKNOWN": ("warning", "report", "Column not recognised; ignored"),
    "READ-COL-ABSENT": ("warning", "report", "Expected column absent; the field is left blank"),
    "READ-COL-OPTIONAL": ("info", "report", "Optional column of a local extract absent; the field is left blank (a measure that needs it is n/a)"),
    "READ-SHEET": ("info", "report", "Sheet not used (List 9-11, or not an Annex A list)"),
    "READ-LIST-TWICE": ("warning", "report", "Two sheets or files of one extract map to the same list; their rows are combined"),
    "READ-ENCODING": ("warning", "report", "Bytes that are not UTF-8 in a UTF-8 file; read as Windows-1252 - check the text"),
    "READ-ENCODING-1252": ("info", "report", "File is not UTF-8; read as Windows-1252 (save it as CSV UTF-8 to be sure)"),
    "READ-FILE": ("warning", "report", "File in the inputs folder not recognised; ignored"),
    "HIST-001": ("info", "drop", "Row superseded by the same key in a later extract; the later row is kept"),
}


def _fmt(v) -> str | None:
    if v is None or v is pd.NA or v is pd.NaT:
        return None
    if not isinstance(v, (str, list, tuple)) and pd.isna(v):
        return None
    if hasattr(v, "strftime"):
        try:
            return v.strftime("%Y-%m-%d") if not hasattr(v, "hour") or (v.hour, v.minute, v.second) == (0, 0, 0) else v.isoformat(sep=" ")
        except ValueError:
            return str(v)
    if isinstance(v, float) and v.is_integer():
        return str(int(v))
    return str(v)


def findings_frame(table: str, file, sheet, rows, column, values, rule: str,
                   message: str | None = None, severity: str | None = None,
                   action: str | None = None) -> pd.DataFrame:
    """Many findings at once (vectorised). ``file``/``sheet``/``rows``/``values`` may be
    scalars or sequences of equal length."""
    n = len(rows) if not np.isscalar(rows) else 1
    sev, act, msg = READ_CODES.get(rule, (None, None, None))
    vals = values if not np.isscalar(values) and values is not None else [values] * n
    return pd.DataFrame({
        "table": table, "file": file, "sheet": sheet,
        "row": list(rows) if not np.isscalar(rows) else [rows],
        "column": column, "value": [_fmt(v) for v in vals], "rule": rule,
        "severity": severity or sev, "action": action or act, "message": message or msg,
    }, columns=FINDING_COLUMNS)


def empty_table(table: str) -> pd.DataFrame:
    kinds = ALL_TABLES[table]
    data = {c: pd.Series(dtype=_dtype(k)) for c, k in kinds.items()}
    data["source_file"] = pd.Series(dtype="string")
    data["source_sheet"] = pd.Series(dtype="string")
    data["source_row"] = pd.Series(dtype="Int64")
    return pd.DataFrame(data)


def _dtype(kind: str) -> str:
    return {"date": "datetime64[ns]", "int": "Int64", "float": "float64"}.get(kind, "string")


def parse_columns(raw: pd.DataFrame, table: str, *, file: str, sheet: str, header_row: int,
                  log: DataQualityLog, required_values: list[str] = (),
                  id_columns: list[str] = (), code_map=None) -> pd.DataFrame:
    """Parse raw cells (columns already renamed to tidy fields; index = Excel/CSV row number)
    into the tidy table ``table``. Logs cell findings; drops rows with no identifier. The
    council's ``code_map`` (``inputs.code_map.CodeMap``) is applied before the built-in lists."""
    kinds = ALL_TABLES[table]
    rows = raw.index.to_numpy()
    out = {}
    frames = []
    for col, kind in kinds.items():
        if col in out:  # the parts of a combined code, filled with their code column
            continue
        if col not in raw.columns:  # an absent column (a finding of the caller's): all missing
            out[col] = pd.Series(None, index=raw.index, dtype=_dtype(kind))
            continue
        cells = raw[col]
        values = Distinct(cells)  # hashed and cleaned once for every reader below
        _, na_err = clean_missing(values)
        if na_err.any():
            frames.append(findings_frame(table, file, sheet, rows[na_err.to_numpy()], col,
                                         cells[na_err].tolist(), "READ-NA"))
        unknown = None
        if kind == "date":
            parsed, bad = parse_dates(values)
            rule = "READ-DATE"
            mf = month_first_mask(values)
            if mf.any():
                first = mf.to_numpy().nonzero()[0][0]
                frames.append(findings_frame(
                    table, file, sheet, [rows[first]], col, [cells.iloc[first]], "READ-MONTHFIRST",
                    message=f"Column looks month-first: {int(mf.sum())} value(s) have a second part "
                            f"over 12 (first shown); text dates are read day first, so check "
                            f"the export settings of this column"))
        elif kind == "yn":
            parsed, bad = parse_yn(values, column=col)
            rule = "READ-YN"
        elif kind == "int":
            parsed, bad = parse_ints(values)
            rule = "READ-INT"
        elif kind == "float":
            parsed, bad = parse_floats(values, allow_negative=table.startswith("improvement"))
            rule = "READ-NUM"
        elif kind == "code":
            cl = _codes.code_list_for(table, col)
            if cl is not None:
                parsed, bad, unknown, parts = _codes.read_codes(
                    values, cl, multi=(table, col) in _codes.MULTI_VALUED)
                if col + _codes.PARTS_SUFFIX in kinds:
                    out[col + _codes.PARTS_SUFFIX] = parts
                rule = "READ-CODE"
            else:
                case = _codes.FREE_CODES.get((table, col), "upper")
                parsed, bad = _codes.normalise_free_code(values, case), pd.Series(False, index=cells.index)
                rule = "READ-CODE"
        else:
            parsed, bad = parse_text(values)
            rule = "READ-CODE"
        if code_map and kind in ("code", "yn"):
            parsed, bad, unknown = code_map.apply(table, col, values, parsed, bad, unknown, log)
            if col + _codes.PARTS_SUFFIX in out:  # parts belong to a MUL the map left standing
                is_mul = parsed.eq(_codes.MULTIPLE_CATEGORY).fillna(False).astype(bool)
                out[col + _codes.PARTS_SUFFIX] = out[col + _codes.PARTS_SUFFIX].where(is_mul)
        if bad.any():
            b = bad.to_numpy()
            frames.append(findings_frame(table, file, sheet, rows[b], col, cells[bad].tolist(), rule))
        if unknown is not None and unknown.any():
            u = unknown.to_numpy()
            frames.append(findings_frame(table, file, sheet, rows[u], col, cells[unknown].tolist(),
                                         "READ-CODE-UNKNOWN"))
        out[col] = parsed
    tidy = pd.DataFrame(out, index=raw.index)
    tidy["source_file"] = pd.Series(file, index=raw.index, dtype="string")
    tidy["source_sheet"] = pd.Series(sheet, index=raw.index, dtype="string")
    tidy["source_row"] = pd.array(raw.index.to_numpy(), dtype="Int64")

    # rows without an identifier are not read
    noid = pd.Series(False, index=tidy.index)
    for c in id_columns:
        noid |= tidy[c].isna()
    if noid.any():
        frames.append(findings_frame(table, file, sheet, rows[noid.to_numpy()],
                                     id_columns[0], [None] * int(noid.sum()), "READ-NOID"))
    acc = log.account(table)
    acc.rows_unreadable += int(noid.sum())
    tidy = tidy[~noid.to_numpy()]
    for c in required_values:
        if c in id_columns or c not in raw.columns:
            continue
        # only cells left empty by parsing can be blank in the input: look at those alone
        blank = np.array(tidy[c].isna(), dtype=bool)
        if blank.any():
            blank[blank] = raw.loc[tidy.index[blank], c].map(
                lambda v: _fmt(v) is None or str(v).strip() == "").to_numpy(dtype=bool)
        if blank.any():
            frames.append(findings_frame(table, file, sheet, tidy.index[blank].to_numpy(),
                                         c, [None] * int(blank.sum()), "READ-REQBLANK"))
    for f in frames:
        log.extend(f)
    return tidy.reset_index(drop=True)


def select_data(raw: pd.DataFrame, header_row: int, columns: dict[int, str]) -> pd.DataFrame:
    """Data rows under the header, mapped columns only, index = Excel row number; rows with
    every mapped cell blank (trailing or spacer rows) are left out."""
    data = raw.iloc[header_row + 1:, list(columns)]
    data.columns = list(columns.values())
    data.index = pd.RangeIndex(header_row + 2, header_row + 2 + len(data))  # 1-based rows
    cells = data.to_numpy(dtype=object)  # all mapped cells at once rather than column by column
    blank = (pd.isna(cells) | (cells == "")).all(axis=1)
    return data[~blank]


# ---- text files: encoding ----------------------------------------------------------------------
# One character of the Unicode private-use area per undecodable byte (U+F700 + byte value), so the
# cells holding such bytes can be found after CSV parsing; real exports never use this range.
_MARK_BASE = 0xF700
_MARKED = re.compile("[\uf780-\uf7ff]+")
_UTF8_MULTIBYTE = re.compile(
    rb"[\xC2-\xDF][\x80-\xBF]|\xE0[\xA0-\xBF][\x80-\xBF]|[\xE1-\xEC\xEE\xEF][\x80-\xBF]{2}"
    rb"|\xED[\x80-\x9F][\x80-\xBF]|\xF0[\x90-\xBF][\x80-\xBF]{2}|[\xF1-\xF3][\x80-\xBF]{3}"
    rb"|\xF4[\x80-\x8F][\x80-\xBF]{2}")


def _mark_bad_bytes(exc: UnicodeDecodeError):
    return "".join(chr(_MARK_BASE + b) for b in exc.object[exc.start:exc.end]), exc.end


codecs.register_error("safeguarding-mark", _mark_bad_bytes)


def _byte_as_1252(match: re.Match) -> str:
    raw = bytes(ord(ch) - _MARK_BASE for ch in match.group(0))
    return raw.decode("cp1252", errors="strict") if _all_1252(raw) else raw.decode("latin-1")


def _all_1252(raw: bytes) -> bool:
    try:
        raw.decode("cp1252")
        return True
    except UnicodeDecodeError:
        return False


def decode_text(data: bytes) -> tuple[str, str]:
    """(text, encoding) for a text file, decided per file: strict UTF-8 (BOM or not) first.

    A file with valid UTF-8 multi-byte characters and some bytes that are not UTF-8 (one cell
    pasted from another program) is UTF-8: ``encoding`` is ``"utf-8+marked"`` and each bad byte
    is kept as a marker character for ``read_csv_cells`` to find and report. A file with no UTF-8
    multi-byte character at all is Windows-1252 (else Latin-1, which never fails)."""
    if data.startswith(codecs.BOM_UTF8):
        data = data[len(codecs.BOM_UTF8):]
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    if _UTF8_MULTIBYTE.search(data):
        return data.decode("utf-8", errors="safeguarding-mark"), "utf-8+marked"
    return (data.decode("cp1252"), "cp1252") if _all_1252(data) else (data.decode("latin-1"), "latin-1")


def read_csv_cells(path: Path) -> pd.DataFrame:
    """CSV as raw text cells (see ``decode_text``). The cells that held bytes that are not UTF-8
    in a UTF-8 file are decoded byte by byte as Windows-1252 and listed in
    ``attrs["misencoded"]`` as (row index, column index, cell text) for ``report_encoding``;
    ``attrs["encoding"]`` names the encoding used."""
    text, encoding = decode_text(path.read_bytes())
    if "\x00" in text[:2000]:
        raise FatalInputError("not a text CSV file (binary content); save it as CSV UTF-8",
                              file=path.name)
    try:
        sample = text[:4096]
        dialect = csv.Sniffer().sniff(sample, delimiters=",;\t|") if sample.strip() else csv.excel
        delim = dialect.delimiter
    except csv.Error:
        delim = ","
    rows = list(csv.reader(io.StringIO(text, newline=""), delimiter=delim))
    misencoded = []
    if encoding == "utf-8+marked":
        for r, row in enumerate(rows):
            for c, cell in enumerate(row):
                if _MARKED.search(cell):
                    row[c] = _MARKED.sub(_byte_as_1252, cell)
                    misencoded.append((r, c, row[c]))
    cells = pd.DataFrame(rows, dtype=object)
    cells.attrs["encoding"] = encoding
    cells.attrs["misencoded"] = misencoded
    return cells


def report_encoding(cells: pd.DataFrame, header: list, table: str, file: str, log: DataQualityLog) -> None:
    """Findings for a CSV's encoding: each cell with non-UTF-8 bytes (Excel-style row number and
    the column's header), or one note when the whole file was read as Windows-1252."""
    encoding = cells.attrs.get("encoding", "utf-8")
    if encoding in ("cp1252", "latin-1"):
        log.extend(findings_frame(table, file, "", [None], None, [encoding], "READ-ENCODING-1252"))
    bad = cells.attrs.get("misencoded") or []
    if bad:
        columns = [str(header[c]).strip() if c < len(header) and header[c] not in (None, "")
                   else f"column {c + 1}" for _, c, _ in bad]
        log.extend(pd.concat([findings_frame(table, file, "", [r + 1], col, [text], "READ-ENCODING")
                              for (r, _, text), col in zip(bad, columns)], ignore_index=True))
