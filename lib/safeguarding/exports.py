"""Safe CSV and Excel exports: no cell the product writes can run as a spreadsheet formula.

Input text reaches the exports (a team name, a free-text reason, a value a rule quotes). Excel,
LibreOffice and Google Sheets treat a cell beginning with ``=``, ``+``, ``-`` or ``@`` as a
formula, and a leading tab or carriage return can hide one ("CSV injection", OWASP), so
``=HYPERLINK("http://x","y")`` in an extract would become a live link in a council's copy of
``data_quality_rows.csv``. Every CSV and XLSX writer goes through this module, which prefixes such
text with an apostrophe - spreadsheets then show the text as written and never evaluate it.
Only text cells change: numbers (``-3``), dates and missing values are written as they are.
"""
from __future__ import annotations

from pathlib import Path
from typing import Any

import pandas as pd

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
NEUTRALISER = "'"


def safe_cell(value: Any) -> Any:
    """``value`` with an apostrophe in front when it is text a spreadsheet would evaluate."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return NEUTRALISER + value
    return value


def safe_frame(frame: pd.DataFrame) -> pd.DataFrame:
    """A copy of ``frame`` whose text cells and column names are safe (numbers untouched)."""
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


def write_xlsx(frame: pd.DataFrame, path: str | Path, sheet_name: str = "Sheet1") -> Path:
    """One-sheet workbook of ``frame`` after :func:`safe_frame`; text is stored as text cells."""
    safe_frame(frame).to_excel(path, index=False, sheet_name=sheet_name, engine="openpyxl")
    return Path(path)


__all__ = ["FORMULA_STARTS", "safe_cell", "safe_frame", "write_csv", "write_xlsx"]
