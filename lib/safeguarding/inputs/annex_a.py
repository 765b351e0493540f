"""Read Ofsted Annex A: one workbook with List sheets, or one CSV per list, or several
successive extracts of either.

* Workbooks are read with python-calamine (all cells at their absolute positions, so
  ``source_row`` is the Excel row number the analyst sees).
* Each sheet (or CSV file) is assigned to a list by its name (``List 3``, ``AA_3_referrals``,
  ``Referrals`` ...), else by its headers. Lists 9-11 and unrecognised sheets are skipped with
  a finding. The header row is the row among the first 10 matching most known headers.
* Lists 1-8 become the tidy tables of ``schema.ANNEX_A_TABLES``.
* Successive extracts are concatenated and de-duplicated on the keys of annex-a.md section 8;
  the row from the latest extract wins (see ``extract_order``), every superseded row is logged
  (``HIST-001``). Duplicate keys *within* one extract are left to rule ``AAn-002``.
"""
from __future__ import annotations

import datetime as _dt
import re
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

from ..quality import DataQualityLog, FatalInputError
from ..schema import ANNEX_A_TABLES, LIST_TABLES
from . import headers as H
from .parse import (empty_table, findings_frame, parse_columns, read_csv_cells, report_encoding,
                    select_data)

EXCEL_SUFFIXES = {".xlsx", ".xlsm", ".xlsb", ".xls", ".ods"}

# De-duplication keys (annex-a.md section 8; List 8 placement columns are not kept).
DEDUP_KEYS = {
    "contacts": ["child_id", "contact_date", "contact_source"],
    "early_help": ["child_id", "eh_start_date"],
    "referrals": ["child_id", "referral_date", "referral_source"],
    "assessments": ["child_id", "assessment_start_date"],
    "s47": ["child_id", "s47_start_date"],
    "cin": ["child_id", "cin_start_date"],
    "cp_plans": ["child_id", "cpp_start_date"],
    "looked_after": ["child_id", "cla_start_date", "legal_status"],
}
# Date at which age is recomputed from date of birth.
EVENT_DATE = {
    "contacts": "contact_date", "early_help": "eh_start_date", "referrals": "referral_date",
    "assessments": "assessment_start_date", "s47": "s47_start_date", "cin": "cin_start_date",
    "cp_plans": "cpp_start_date", "looked_after": "cla_start_date",
}
# Columns of the Ofsted template that are not required but expected (absent -> warning).
LOCAL_OPTIONAL = {"contact_decision_date", "initial_category_parts", "latest_category_parts"}

# Ofsted header shown in messages for each tidy field.
_OFSTED_HEADER = {
    "child_id": "Child Unique ID", "contact_date": "Date of Contact",
    "eh_start_date": "Assessment start date", "referral_date": "Date of referral",
    "assessment_start_date": "Continuous Assessment Start Date",
    "s47_start_date": "Strategy discussion initiating Section 47 Enquiry Start Date",
    "cin_start_date": "CIN Start Date", "cpp_start_date": "Child Protection Plan Start Date",
    "cla_start_date": "Date Started to be Looked After",
}


@dataclass
class RawSheet:
    file: str
    sheet: str  # "" for CSV
    cells: pd.DataFrame  # object cells; index 0 = Excel row 1 / CSV line 1


# ------------------------------------------------------------------------------------------
# A workbook is a zip: a few MB on disk can unpack to gigabytes (one 1.5 GB shared string in a
# 2 MB file took 4.8 GB of memory). Reading holds every cell in memory at several times its XML
# size, so a workbook is refused before reading when its parts would unpack past this limit
# (docs/input-formats.md). The largest real Annex A workbooks unpack to tens of MB.
MAX_UNPACKED_BYTES = 500 * 1024 * 1024
# Spreadsheet XML compresses about 10-30 to 1 (even a million formatted empty rows: 24 to 1);
# a part packed tighter than this is built to explode, not saved by a spreadsheet program.
MAX_COMPRESSION_RATIO = 100
_RATIO_CHECKED_BYTES = 1024 * 1024  # tiny parts compress oddly; only larger ones are checked


def check_unpacked_size(path: Path, limit: int = MAX_UNPACKED_BYTES,
                        max_ratio: float = MAX_COMPRESSION_RATIO) -> None:
    """Refuse (FatalInputError) a zipped workbook whose parts declare more than ``limit`` bytes
    unpacked, or a part compressed more than ``max_ratio`` to 1. Reads only the zip directory."""
    import zipfile

    if not zipfile.is_zipfile(path):
        return  # .xls and non-workbooks: nothing unpacks; the reader says what is wrong
    try:
        with zipfile.ZipFile(path) as z:
            parts = z.infolist()
    except (zipfile.BadZipFile, OSError):
        return
    total = sum(p.file_size for p in parts)
    mb = 1024 * 1024
    if total > limit:
        raise FatalInputError(
            f"the workbook would unpack to {total / mb:,.0f} MB, more than the {limit / mb:,.0f} MB "
            f"this tool reads (docs/input-formats.md). Save the lists as CSV files (List_1.csv ...) "
            f"or remove unused sheets, then run again.", file=path.name)
    for part in parts:
        # deflate never packs data into more than its own size plus a little: a part declaring
        # fewer unpacked bytes than it holds packed is hiding its real size
        if part.compress_size > part.file_size * 1.01 + 1024:
            raise FatalInputError(
                f"part {part.filename} declares {part.file_size:,} bytes unpacked but holds "
                f"{part.compress_size:,} packed; the workbook's size cannot be trusted, so it is not "
                f"read. Save it again from Excel, or supply CSV files.", file=path.name)
        if part.file_size >= _RATIO_CHECKED_BYTES and part.file_size > max_ratio * max(part.compress_size, 1):
            raise FatalInputError(
                f"part {part.filename} is compressed {part.file_size / max(part.compress_size, 1):,.0f} to 1 "
                f"({part.file_size / mb:,.0f} MB unpacked); spreadsheet programs never pack data that "
                f"tightly, so the file is not read (docs/input-formats.md). Save it again from Excel, or "
                f"supply CSV files.", file=path.name)


def read_excel_sheets(path: Path) -> list[RawSheet]:
    """All sheets of a workbook as raw cells. Unreadable or oversized file -> FatalInputError."""
    import python_calamine as pc

    check_unpacked_size(path)
    try:
        wb = pc.CalamineWorkbook.from_path(str(path))
        names = list(wb.sheet_names)
        out = []
        for name in names:
            rows = wb.get_sheet_by_name(name).to_python(skip_empty_area=False)
            out.append(RawSheet(path.name, name, pd.DataFrame(rows, dtype=object)))
        if path.suffix.lower() in {".xlsx", ".xlsm"}:
            _restore_error_cells(path, out)
    except FatalInputError:
        raise
    except Exception as exc:  # calamine raises several error types for non-workbooks
        raise FatalInputError(
            f"not a readable Excel workbook ({type(exc).__name__}: {str(exc)[:120]}). "
            f"Is it a CSV or text file renamed .xlsx, password-protected, or damaged? "
            f"Save it again from Excel as .xlsx, or supply CSV files.", file=path.name) from None
    return out


_ERR_CELL = re.compile(rb'<c r="([A-Z]+)(\d+)"[^>]*?t="e"[^>]*>(?:<f[^>]*>.*?</f>|<f[^>]*/>)?<v>([^<]*)</v>', re.S)


def _col_index(letters: bytes) -> int:
    n = 0
    for ch in letters:
        n = n * 26 + (ch - 64)
    return n - 1


def _restore_error_cells(path: Path, sheets: list[RawSheet]) -> None:
    """calamine reads spreadsheet error cells (``#N/A`` ...) as blanks; put the error text back
    (from the sheet XML) so the reader can count them as findings. Best effort: any problem
    leaves the cells blank."""
    import zipfile
    try:
        with zipfile.ZipFile(path) as z:
            wb_xml = z.read("xl/workbook.xml")
            rels = z.read("xl/_rels/workbook.xml.rels")
            targets = dict(re.findall(rb'Id="([^"]+)"[^>]*Target="([^"]+)"', rels))
            targets.update({k: v for v, k in re.findall(rb'Target="([^"]+)"[^>]*Id="([^"]+)"', rels)})
            by_name = {}
            for tag in re.findall(rb"<(?:\w+:)?sheet\b[^>]*>", wb_xml):
                nm = re.search(rb'name="([^"]*)"', tag)
                rid = re.search(rb'r:id="([^"]*)"', tag) or re.search(rb'\bid="([^"]*)"', tag)
                if nm and rid and rid.group(1) in targets:
                    t = targets[rid.group(1)].decode()
                    t = t.lstrip("/")
                    by_name[_xml_unescape(nm.group(1).decode("utf-8"))] = t if t.startswith("xl/") else "xl/" + t
            for sheet in sheets:
                member = by_name.get(sheet.sheet)
                if not member:
                    continue
                xml = z.read(member)
                if b't="e"' not in xml:
                    continue
                for col, row, val in _ERR_CELL.findall(xml):
                    r, c = int(row) - 1, _col_index(col)
                    if r < sheet.cells.shape[0] and c < sheet.cells.shape[1]:
                        sheet.cells.iat[r, c] = val.decode("utf-8", "replace") or "#N/A"
    except Exception:  # noqa: BLE001 - best effort only
        return


def _xml_unescape(s: str) -> str:
    return (s.replace("&lt;", "<").replace("&gt;", ">").replace("&quot;", '"')
            .replace("&apos;", "'").replace("&amp;", "&"))


def _nonempty(cells: pd.DataFrame) -> bool:
    # column by column, stopping at the first with a value: a sheet with data says so at once
    return any(bool((col.notna() & col.ne("")).any()) for _, col in cells.items()) if len(cells) else False


# ------------------------------------------------------------------------------------------
def read_sheet(raw: RawSheet, log: DataQualityLog, name_for_list: str | None = None,
               *, code_map=None) -> tuple[str, pd.DataFrame] | None:
    """One sheet / CSV -> (table name, tidy rows), or None when skipped (with a finding)."""
    cells = raw.cells
    first = cells.head(H.HEADER_SCAN_ROWS).where(cells.head(H.HEADER_SCAN_ROWS).notna(), None)
    first_rows = first.values.tolist()
    n = H.list_from_name(name_for_list if name_for_list is not None else raw.sheet)
    header_row = None
    if n is None and raw.sheet and H.is_non_list_sheet(raw.sheet):
        log.extend(findings_frame("annex_a", raw.file, raw.sheet, [None], None, [raw.sheet],
                                  "READ-SHEET", message="Guidance or code-list sheet (not a list); ignored"))
        return None
    if n is None:
        n, header_row = H.identify_list(first_rows)
    if n is None:
        if _nonempty(cells):
            log.extend(findings_frame("annex_a", raw.file, raw.sheet, [None], None, [raw.sheet or raw.file],
                                      "READ-SHEET", message="Sheet not recognised as an Annex A list; ignored"))
        return None
    if n > 8:
        log.extend(findings_frame("annex_a", raw.file, raw.sheet, [None], None, [raw.sheet or raw.file],
                                  "READ-SHEET", message=f"List {n} is outside the report's scope; ignored"))
        return None
    table = LIST_TABLES[n]
    lookup = H.lookup_for(n)
    if header_row is None:
        header_row = H.locate_header(first_rows, lookup)
    if header_row is None:
        if not _nonempty(cells):
            log.extend(findings_frame(table, raw.file, raw.sheet, [None], None, None, "READ-SHEET",
                                      message=f"List {n} sheet is empty"))
            return table, empty_table(table)
        raise FatalInputError(
            f"no header row found in the first {H.HEADER_SCAN_ROWS} rows of List {n} "
            f"(expected headers such as '{_OFSTED_HEADER['child_id']}' and "
            f"'{_OFSTED_HEADER[H.REQUIRED_ANNEX_A[n][1]]}')", file=raw.file, sheet=raw.sheet)
    header = first_rows[header_row]
    match = H.match_header(header, lookup, file=raw.file, sheet=raw.sheet)
    found = set(match.columns.values())
    for req in H.REQUIRED_ANNEX_A[n]:
        if req not in found:
            raise FatalInputError(
                f"required column '{_OFSTED_HEADER.get(req, req)}' ({req}) of List {n} not found "
                f"in the header row (row {header_row + 1})",
                file=raw.file, sheet=raw.sheet, column=_OFSTED_HEADER.get(req, req))
    excel_header = header_row + 1
    report_encoding(cells, header, table, raw.file, log)
    for pos, text in match.unknown.items():
        log.extend(findings_frame(table, raw.file, raw.sheet, [excel_header], text, [text],
                                  "READ-COL-UNKNOWN"))
    absent = [c for c in ANNEX_A_TABLES[table] if c not in found and c not in LOCAL_OPTIONAL]
    for c in absent:
        log.extend(findings_frame(table, raw.file, raw.sheet, [excel_header], c, None,
                                  "READ-COL-ABSENT"))
    data = select_data(cells, header_row, match.columns)
    log.account(table).rows_read += len(data)
    tidy = parse_columns(data, table, file=raw.file, sheet=raw.sheet, header_row=header_row,
                         log=log, id_columns=["child_id"], code_map=code_map)
    tidy = _recompute_age(tidy, table, log)
    return table, tidy


def whole_years(dob: pd.Series, at: pd.Series) -> pd.Series:
    """Age in whole years at ``at`` (birthday counted on the day); NaN when either is missing
    or ``at`` is before ``dob``."""
    dob = pd.to_datetime(dob)
    at = pd.to_datetime(at)
    # any tz-naive unit: the rules age every row at the extract date, a Timestamp in seconds
    if _naive_dates(dob) and _naive_dates(at) and dob.index.equals(at.index):
        return _whole_years_of_arrays(dob, at)
    return _whole_years_of_fields(dob, at)


def _naive_dates(values: pd.Series) -> bool:
    return isinstance(values.dtype, np.dtype) and values.dtype.kind == "M"


def _whole_years_of_fields(dob: pd.Series, at: pd.Series) -> pd.Series:
    """``whole_years`` from the calendar fields (any dtype or index pandas can align)."""
    years = at.dt.year - dob.dt.year
    before_birthday = (at.dt.month < dob.dt.month) | ((at.dt.month == dob.dt.month) & (at.dt.day < dob.dt.day))
    age = (years - before_birthday.astype("Int64")).astype("float64")
    age[(at < dob).fillna(False).to_numpy(dtype=bool)] = np.nan
    return age


def _whole_years_of_arrays(dob: pd.Series, at: pd.Series) -> pd.Series:
    """``whole_years`` on the datetime64 values themselves (every row of every list is aged
    twice on reading): year, month and day from numpy's calendar units, not the .dt accessors."""
    def parts(values: np.ndarray):
        months = values.astype("datetime64[M]")
        day = (values.astype("datetime64[D]") - months.astype("datetime64[D]")).astype(np.int64)
        month = months.astype(np.int64)  # months since 1970-01
        return month // 12, month % 12, day
    d, a = dob.to_numpy(), at.to_numpy()
    (dy, dm, dd), (ay, am, ad) = parts(d), parts(a)
    before_birthday = (am < dm) | ((am == dm) & (ad < dd))
    age = (ay - dy - before_birthday).astype("float64")
    age[np.isnat(d) | np.isnat(a) | (a < d)] = np.nan
    return pd.Series(age, index=dob.index, name=dob.name if dob.name == at.name else None)


def _recompute_age(tidy: pd.DataFrame, table: str, log: DataQualityLog) -> pd.DataFrame:
    if not len(tidy):
        return tidy
    computed = whole_years(tidy["date_of_birth"], tidy[EVENT_DATE[table]])
    supplied = tidy["age"]
    # Producers compute the supplied age at the event or at the extract date (D2I), so it may
    # exceed the age at the event by the time since; the latest event date in the sheet stands
    # in for the extract date. Outside [age at event - 1, age at latest date + 1] -> finding.
    latest = tidy[EVENT_DATE[table]].max()
    upper = whole_years(tidy["date_of_birth"], pd.Series(latest, index=tidy.index)) + 1
    differs = (computed.notna() & supplied.notna()
               & ((supplied < computed - 1) | (supplied > upper))).to_numpy(dtype=bool)
    if differs.any():
        log.extend(findings_frame(table, tidy["source_file"][differs].tolist(),
                                  tidy["source_sheet"][differs].tolist(),
                                  tidy["source_row"][differs].tolist(), "age",
                                  supplied[differs].tolist(), "READ-AGE"))
    tidy = tidy.copy()
    tidy["age"] = computed.where(computed.notna(), supplied).astype("float64")
    return tidy


# ------------------------------------------------------------------------------------------
def read_annex_a_file(path: Path, log: DataQualityLog, *, code_map=None) -> dict[str, list[pd.DataFrame]]:
    """One workbook or one CSV -> {table: [tidy frames]}."""
    out: dict[str, list[pd.DataFrame]] = {}
    if path.suffix.lower() in EXCEL_SUFFIXES:
        sheets = read_excel_sheets(path)
        if not sheets or not any(_nonempty(s.cells) for s in sheets):
            raise FatalInputError("workbook is empty (no sheet holds any data)", file=path.name)
        for raw in sheets:
            got = read_sheet(raw, log, code_map=code_map)
            if got:
                out.setdefault(got[0], []).append(got[1])
        if not out:
            names = ", ".join(f"'{s.sheet}'" for s in sheets)
            raise FatalInputError(
                f"no Annex A list sheets found (sheets: {names}). Name the sheets 'List 1' ... "
                f"'List 8' or give them the Ofsted headers.", file=path.name)
    else:
        raw = RawSheet(path.name, "", read_csv_cells(path))
        got = read_sheet(raw, log, name_for_list=path.stem, code_map=code_map)
        if got:
            out.setdefault(got[0], []).append(got[1])
    return out


_DATE_IN_NAME = re.compile(r"(20\d{2})[-_.]?(0[1-9]|1[0-2])[-_.]?(0[1-9]|[12]\d|3[01])")


def extract_order(paths: list[Path], manifest: dict) -> list[tuple[pd.Timestamp, Path]]:
    """Order Annex A files oldest extract first. The extract date of a file is, in order of
    precedence: ``manifest.yaml`` ``files: {<name>: {extract_date: ...}}``; a date written in
    the file name (``2018-12-31``, ``20181231``); the file's modification time. Files with the same
    extract date (for example one CSV per list) form one extract."""
    files_meta = (manifest or {}).get("files") or {}
    keyed = []
    for p in paths:
        meta = files_meta.get(p.name)
        when = None
        if isinstance(meta, dict) and meta.get("extract_date"):
            when = pd.Timestamp(meta["extract_date"])
        elif isinstance(meta, (str, _dt.date)):
            when = pd.Timestamp(meta)
        if when is None:
            m = _DATE_IN_NAME.search(p.name)
            if m:
                try:
                    when = pd.Timestamp(int(m.group(1)), int(m.group(2)), int(m.group(3)))
                except ValueError:
                    when = None
        if when is None:
            when = pd.Timestamp(p.stat().st_mtime, unit="s").normalize()
        keyed.append((when, p))
    return sorted(keyed, key=lambda t: (t[0], t[1].name))


def combine_extracts(frames: list[tuple[int, pd.DataFrame]], table: str,
                     log: DataQualityLog) -> pd.DataFrame:
    """Concatenate frames of one table from extracts ranked oldest (0) to newest; drop rows
    whose key also appears in a later extract (logged as HIST-001)."""
    frames = [(r, f) for r, f in frames if len(f)]
    if not frames:
        return empty_table(table)
    df = pd.concat([f.assign(_rank=r) for r, f in frames], ignore_index=True)
    if len({r for r, _ in frames}) > 1:
        keys = DEDUP_KEYS[table]
        latest = df.groupby(keys, dropna=False, sort=False)["_rank"].transform("max")
        superseded = (df["_rank"] < latest).to_numpy()
        if superseded.any():
            old = df[superseded]
            log.extend(findings_frame(table, old["source_file"].tolist(), old["source_sheet"].tolist(),
                                      old["source_row"].tolist(), keys[1],
                                      old[keys[1]].tolist(), "HIST-001"))
            log.account(table).rows_excluded += int(superseded.sum())
            df = df[~superseded]
    return df.drop(columns="_rank").reset_index(drop=True)


def _warn_list_read_twice(table: str, frames: list[tuple[int, pd.DataFrame]], log: DataQualityLog) -> None:
    """Two sheets (or files) of one extract that both map to a list are combined; often one is a
    copy or pivot of the other, which would double every count, so the analyst is warned."""
    sources: dict[int, list[tuple[str, str]]] = {}
    for rank, frame in frames:
        if len(frame):
            sources.setdefault(rank, []).append((str(frame["source_file"].iloc[0]),
                                                 str(frame["source_sheet"].iloc[0])))
    for found in sources.values():
        if len(found) > 1:
            names = " and ".join(f"'{sheet or file}'" for file, sheet in found)
            log.extend(findings_frame(
                table, found[1][0], found[1][1], [None], None, [names], "READ-LIST-TWICE",
                message=f"{names} both read as {table} (List "
                        f"{next(n for n, t in LIST_TABLES.items() if t == table)}) from one "
                        f"extract; their rows are combined - remove one if it is a copy"))


def load_annex_a(paths: list[Path], manifest: dict, log: DataQualityLog, *, code_map=None
                 ) -> dict[str, pd.DataFrame]:
    per_table: dict[str, list[tuple[int, pd.DataFrame]]] = {t: [] for t in ANNEX_A_TABLES}
    ordered = extract_order(paths, manifest)
    # files sharing an extract date (e.g. one CSV per list) share a rank
    dates = sorted({d for d, _ in ordered})
    for when, path in ordered:
        rank = dates.index(when)
        for table, frames in read_annex_a_file(path, log, code_map=code_map).items():
            per_table[table].extend((rank, f) for f in frames)
    for table, frames in per_table.items():
        _warn_list_read_twice(table, frames, log)
    out = {}
    for table in ANNEX_A_TABLES:
        out[table] = combine_extracts(per_table[table], table, log)
        log.account(table)
    return out
