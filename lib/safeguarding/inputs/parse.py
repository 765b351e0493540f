"""Shared machinery: raw cells -> tidy columns, with one finding per unreadable cell."""
from __future__ import annotations

import numpy as np
import pandas as pd

from ..quality import FINDING_COLUMNS, DataQualityLog
from ..schema import ALL_TABLES
from . import codes as _codes
from .values import (clean_missing, month_first_mask, parse_dates, parse_floats, parse_ints,
                     parse_text, parse_yn)

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
    "READ-SHEET": ("info", "report", "Sheet not used (List 9-11, or not an Annex A list)"),
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
        if col not in raw.columns:
            out[col] = pd.Series([pd.NA] * len(raw), index=raw.index, dtype=_dtype(kind)) \
                if kind != "date" else pd.Series(pd.NaT, index=raw.index, dtype="datetime64[ns]")
            continue
        cells = raw[col]
        _, na_err = clean_missing(cells)
        if na_err.any():
            frames.append(findings_frame(table, file, sheet, rows[na_err.to_numpy()], col,
                                         cells[na_err].tolist(), "READ-NA"))
        unknown = None
        if kind == "date":
            parsed, bad = parse_dates(cells)
            rule = "READ-DATE"
            mf = month_first_mask(cells)
            if mf.any():
                first = mf.to_numpy().nonzero()[0][0]
                frames.append(findings_frame(
                    table, file, sheet, [rows[first]], col, [cells.iloc[first]], "READ-MONTHFIRST",
                    message=f"Column looks month-first: {int(mf.sum())} value(s) have a second part "
                            f"over 12 (first shown); text dates are read day first, so check "
                            f"the export settings of this column"))
        elif kind == "yn":
            parsed, bad = parse_yn(cells, column=col)
            rule = "READ-YN"
        elif kind == "int":
            parsed, bad = parse_ints(cells)
            rule = "READ-INT"
        elif kind == "float":
            parsed, bad = parse_floats(cells, allow_negative=table.startswith("improvement"))
            rule = "READ-NUM"
        elif kind == "code":
            cl = _codes.code_list_for(table, col)
            if cl is not None:
                parsed, bad, unknown, parts = _codes.read_codes(
                    cells, cl, multi=(table, col) in _codes.MULTI_VALUED)
                if col + _codes.PARTS_SUFFIX in kinds:
                    out[col + _codes.PARTS_SUFFIX] = parts
                rule = "READ-CODE"
            else:
                case = _codes.FREE_CODES.get((table, col), "upper")
                parsed, bad = _codes.normalise_free_code(cells, case), pd.Series(False, index=cells.index)
                rule = "READ-CODE"
        else:
            parsed, bad = parse_text(cells)
            rule = "READ-CODE"
        if code_map and kind in ("code", "yn"):
            parsed, bad, unknown = code_map.apply(table, col, cells, parsed, bad, unknown, log)
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
        blank = tidy[c].isna() & raw.loc[tidy.index, c].map(lambda v: _fmt(v) is None or str(v).strip() == "")
        if blank.any():
            frames.append(findings_frame(table, file, sheet, tidy.index[blank.to_numpy()].to_numpy(),
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
    blank = pd.Series(True, index=data.index)
    for c in data.columns:
        col = data[c]
        blank &= (col.isna() | col.eq("")).to_numpy(dtype=bool)
    return data[~blank.to_numpy()]
