"""Generic reader for the local extracts of ``schema.LOCAL_TABLES``.

A file is found by its documented name (``lado_allegations.csv`` / ``.xlsx``, any case).
Headers are the documented snake_case names (matched ignoring case, spaces and punctuation,
plus a few aliases in ``header_aliases.csv``); a title row above the header is tolerated.
Columns are parsed by the kind given in ``schema.py``. Unknown columns -> warning; a missing
required column -> ``FatalInputError``; a missing optional column -> info (READ-COL-OPTIONAL),
the field left blank; a row without its identifier -> dropped (READ-NOID);
any other required value blank -> READ-REQBLANK.

``population.csv`` is ``mid_year,population_0_17``; the DfE/ONS explore-education-statistics
layout (``time_period``, ``old_la_code``/``new_la_code``, ``population_estimate``, optionally
``age_group`` and ``geographic_level``) is accepted too and filtered to the council's LA code
(``la_code`` in ``manifest.yaml``).
"""
from __future__ import annotations

from pathlib import Path

import pandas as pd

from ..quality import DataQualityLog, FatalInputError
from ..schema import LOCAL_TABLES
from . import headers as H
from .annex_a import EXCEL_SUFFIXES, RawSheet, _nonempty, read_csv_cells, read_excel_sheets
from .parse import empty_table, findings_frame, parse_columns, report_encoding, select_data

# Row identifier per extract: a row without it is not read.
ROW_ID = {
    "lado_allegations": ["lado_ref"], "pf_arrangements": ["arrangement_id"],
    "pf_visits": ["arrangement_id"], "young_carers": ["yc_ref"],
    "pre_proceedings": ["prep_table_id"], "case_activity": ["child_id"],
    "improvement_actions": ["action_ref"], "improvement_measures": ["measure_id"],
    "population": ["mid_year"],
}
SUFFIXES = {".csv", *EXCEL_SUFFIXES}


def find_extract_files(folder: Path) -> dict[str, list[Path]]:
    out: dict[str, list[Path]] = {}
    for p in sorted(folder.iterdir()):
        if p.is_file() and p.suffix.lower() in SUFFIXES and p.stem.lower() in LOCAL_TABLES:
            out.setdefault(p.stem.lower(), []).append(p)
    return out


def _raw_cells(path: Path) -> RawSheet:
    if path.suffix.lower() == ".csv":
        return RawSheet(path.name, "", read_csv_cells(path))
    sheets = [s for s in read_excel_sheets(path) if _nonempty(s.cells)]
    if not sheets:
        raise FatalInputError("workbook is empty (no sheet holds any data)", file=path.name)
    return sheets[0]


def _ees_population(raw: RawSheet, la_code: str | None) -> RawSheet | None:
    """Convert the EES population layout to mid_year,population_0_17 raw cells."""
    head = [H.header_key(v) for v in raw.cells.iloc[0].tolist()] if len(raw.cells) else []
    if "time period" not in head or "population estimate" not in head:
        return None
    df = raw.cells.iloc[1:].copy()
    df.columns = head
    df.index = pd.RangeIndex(2, 2 + len(df))
    if "age group" in df.columns:
        df = df[df["age group"].astype(str).str.contains("0 to 17", case=False, na=False)]
    codes = [c for c in ("old la code", "new la code") if c in df.columns]
    if la_code is None:
        if "geographic level" in df.columns and df["geographic level"].nunique() > 1 or \
                any(df[c].nunique() > 1 for c in codes):
            raise FatalInputError("population file holds several areas: set la_code in "
                                  "manifest.yaml to choose the council's rows", file=raw.file)
    else:
        keep = pd.Series(False, index=df.index)
        for c in codes:
            keep |= df[c].astype(str).str.strip().eq(str(la_code).strip())
        df = df[keep]
    out = pd.DataFrame({0: df["time period"].astype(str).str[:4], 1: df["population estimate"]})
    header = pd.DataFrame({0: ["mid_year"], 1: ["population_0_17"]})
    cells = pd.concat([header, out], ignore_index=True)
    # keep the original row numbers for provenance: rebuild with a row map
    cells.attrs["row_map"] = [1] + df.index.tolist()
    return RawSheet(raw.file, raw.sheet, cells)


def read_extract(table: str, path: Path, log: DataQualityLog, la_code: str | None = None,
                 *, code_map=None) -> pd.DataFrame:
    raw = _raw_cells(path)
    row_map = None
    if table == "population":
        ees = _ees_population(raw, la_code)
        if ees is not None:
            raw, row_map = ees, ees.cells.attrs["row_map"]
    cells = raw.cells
    if not _nonempty(cells):
        return empty_table(table)
    lookup = H.lookup_for(table)
    first_rows = cells.head(H.HEADER_SCAN_ROWS).where(cells.head(H.HEADER_SCAN_ROWS).notna(), None).values.tolist()
    header_row = H.locate_header(first_rows, lookup)
    if header_row is None:
        # single-column files or few matches: accept row 1 if it matches anything at all
        header_row = 0 if any(H.header_key(v) in lookup for v in first_rows[0] if v) else None
    if header_row is None:
        raise FatalInputError(f"no header row with the documented column names found in the "
                              f"first {H.HEADER_SCAN_ROWS} rows (expected e.g. "
                              f"'{H.REQUIRED_LOCAL[table][0]}')", file=raw.file, sheet=raw.sheet)
    match = H.match_header(first_rows[header_row], lookup, file=raw.file, sheet=raw.sheet)
    found = set(match.columns.values())
    for req in H.REQUIRED_LOCAL.get(table, []):
        if req not in found:
            raise FatalInputError(f"required column '{req}' not found in the header row "
                                  f"(row {header_row + 1})", file=raw.file, sheet=raw.sheet,
                                  column=req)
    report_encoding(cells, first_rows[header_row], table, raw.file, log)
    for column in LOCAL_TABLES[table]:  # said once per file, never an exception later
        if column not in found:
            log.extend(findings_frame(table, raw.file, raw.sheet, [header_row + 1], column, None,
                                      "READ-COL-OPTIONAL"))
    for _, text in match.unknown.items():
        log.extend(findings_frame(table, raw.file, raw.sheet, [header_row + 1], text, [text],
                                  "READ-COL-UNKNOWN"))
    data = select_data(cells, header_row, match.columns)
    if row_map is not None:
        data.index = [row_map[i - 1] for i in data.index]
    log.account(table).rows_read += len(data)
    return parse_columns(data, table, file=raw.file, sheet=raw.sheet, header_row=header_row,
                         log=log, required_values=H.REQUIRED_LOCAL.get(table, []),
                         id_columns=ROW_ID[table], code_map=code_map)


def load_extracts(folder: Path, log: DataQualityLog, la_code: str | None = None, *,
                  code_map=None) -> dict[str, pd.DataFrame]:
    files = find_extract_files(folder)
    out = {}
    for table in LOCAL_TABLES:
        paths = files.get(table, [])
        if len(paths) > 1:
            raise FatalInputError(
                f"two files for the '{table}' extract ({', '.join(p.name for p in paths)}); "
                f"keep one", file=paths[0].name)
        out[table] = (read_extract(table, paths[0], log, la_code, code_map=code_map) if paths
                      else empty_table(table))
        log.account(table)
    return out
