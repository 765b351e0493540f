"""Page figures against the open ``indicators.csv``: the reading of pages is the disclosure
package's (``disclosure.provenance``: attributes, ``page_figures``); the comparison formats
numbers as the tables do, so it lives here, beside them."""
from __future__ import annotations

from typing import Iterable, Mapping

import pandas as pd

from ..disclosure.provenance import (CSV_FIELDS, INDICATOR, VALUE, ShownFigure, disagreements,  # noqa: F401
                                     figure_attrs, folder_figures, open_pages, page_figures, unmarked_cells)


def csv_text(row: Mapping, field: str, unit: str, symbol: str) -> str:
    """How a page shows ``field`` of one ``indicators.csv`` row (read as text): the same
    formatting rules as the tables (present.tables.format_value / format_count)."""
    from .tables import format_count, format_value

    raw = str(row.get(field, "") or "").strip()
    if raw == symbol:
        return symbol
    if str(row.get("coverage", "")).strip() == "none":
        return "n/a"
    number = pd.to_numeric(raw, errors="coerce")
    if field == VALUE and pd.isna(number) and unit == "count":
        number = pd.to_numeric(str(row.get("numerator", "") or "").strip(), errors="coerce")
    if pd.isna(number):
        return "n/a" if field == VALUE else ""
    if field in ("numerator", "denominator"):
        return format_count(number)
    return format_value(number, unit)


def csv_disagreements(figures: Iterable[ShownFigure], csv: pd.DataFrame, symbol: str = "c") -> list[str]:
    """One line per page figure that differs from the open ``indicators.csv`` (read with
    ``dtype=str``). Figures of windows the CSV does not publish (earlier months in charts) are
    not compared here: :func:`disagreements` checks that they agree with each other."""
    rows = {(r["indicator_id"], str(r["month"])): r for r in csv.fillna("").to_dict("records")}
    out = []
    for f in figures:
        if f.kind != INDICATOR or f.field not in CSV_FIELDS:
            continue
        row = rows.get((f.indicator, f.period))
        if row is None:
            continue
        expected = csv_text(row, f.field, str(row.get("unit", "")), symbol)
        if f.text != expected:
            out.append(f"{f.where}: {f.indicator} {f.period} {f.field} shows {f.text!r}, "
                       f"indicators.csv {expected!r}")
    return out


__all__ = ["ShownFigure", "figure_attrs", "page_figures", "unmarked_cells", "open_pages", "folder_figures",
           "disagreements", "csv_text", "csv_disagreements"]
