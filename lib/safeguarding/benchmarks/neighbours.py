"""DfE children's services statistical neighbours (SN): read the lists, look up a council's ten.

Accepted files (both vintages, as published and as copied by LAIT and the CSC dashboard):

* xlsx ``sn_april_2021.xlsx`` / ``sn_may_2025.xlsx`` (sheet ``LA SN Groups``): three header
  rows (column letters, column numbers, names ``LA num, LA Name, LA number, GOInd, GOReg, SN1,
  SNP, ... SN10, SNP``), the LAs, then an ``Old SNs:`` block of pre-reorganisation LAs; LAs
  without neighbours have ``-``;
* CSV ``New_Statistical_Neighbour_Groupings_April_2021.csv``: same columns, UTF-8 with BOM, the
  ``SNP`` name repeated, a trailing empty column, blank rows and the ``Old SNs:`` block;
* CSV ``sn_model_2025_wide.csv``: ``old_la_code, la_name, region_ind, region_name, SN_1,
  SN_1P, ... SN_10, SN_10P``.

LAs are joined on the 3-digit DfE LA number, never on the name. Closeness labels are
normalised (strip, lower-case): ``extremely close``, ``very close``, ``close``,
``somewhat close``, ``not close``.

The SN benchmark (:func:`neighbour_value`) is LAIT's simple mean of the neighbours that have a
value (``mean(values, na.rm = TRUE)``), or the median as in the DfE CSC dashboard; the number of
neighbours with data is returned with it.
"""
from __future__ import annotations

import re
from collections.abc import Iterable
from pathlib import Path

import numpy as np
import pandas as pd

SN_LONG_COLUMNS = ["la_code", "la_name", "region_code", "region_name", "block", "rank",
                   "neighbour_code", "closeness"]

# Default file names per vintage, in order of preference.
SN_FILES = {
    2021: ["sn_april_2021.xlsx", "New_Statistical_Neighbour_Groupings_April_2021.csv"],
    2025: ["sn_may_2025.xlsx", "sn_model_2025_wide.csv"],
}


class SNFormatError(ValueError):
    """A statistical neighbour file whose layout is not recognised."""


def _code(value) -> str | None:
    """A cell holding an LA number -> '209'; anything else (blank, '-', text) -> None."""
    if value is None:
        return None
    if isinstance(value, float):
        if np.isnan(value) or value != int(value):
            return None
        value = int(value)
    text = str(value).strip()
    if re.fullmatch(r"\d{1,3}(\.0+)?", text):
        return str(int(float(text))).zfill(3)
    return None


def _raw_grid(path: Path) -> pd.DataFrame:
    suffix = path.suffix.lower()
    if suffix in {".xlsx", ".xlsm", ".xls"}:
        try:
            grid = pd.read_excel(path, header=None, sheet_name=0, dtype=object, engine="calamine")
        except Exception:
            grid = pd.read_excel(path, header=None, sheet_name=0, dtype=object, engine="openpyxl")
    elif suffix in {".csv", ".txt"}:
        grid = pd.read_csv(path, header=None, dtype=str, encoding="utf-8-sig",
                           keep_default_na=False, skip_blank_lines=False)
    else:
        raise SNFormatError(f"{path}: expected an .xlsx or .csv statistical neighbour file")
    return grid.astype(object).where(grid.notna(), None)


def _norm(cell) -> str:
    return "" if cell is None else re.sub(r"[\s_]+", "", str(cell)).lower()


def read_sn_file(path: str | Path) -> pd.DataFrame:
    """Any accepted SN file -> long table, one row per LA and neighbour rank.

    Columns ``SN_LONG_COLUMNS``: ``block`` is ``current`` or ``old`` (the ``Old SNs`` block);
    an LA listed without neighbours (``-``) has one row with ``rank`` and ``neighbour_code``
    missing. Codes are 3-digit text.
    """
    path = Path(path)
    if path.suffix.lower() == ".csv":
        head = pd.read_csv(path, nrows=0, encoding="utf-8-sig")
        if list(head.columns) == SN_LONG_COLUMNS:  # already long (the shipped lists)
            out = pd.read_csv(path, encoding="utf-8-sig", dtype=str, keep_default_na=False)
            out = out.replace("", None)
            out["rank"] = pd.to_numeric(out["rank"]).astype("Int64")
            out.attrs["source"] = str(path)
            return out
    grid = _raw_grid(path)
    header_row = None
    for i in range(min(len(grid), 20)):
        cells = [_norm(c) for c in grid.iloc[i].tolist()]
        if "lanum" in cells or "oldlacode" in cells:
            header_row = i
            break
    if header_row is None:
        raise SNFormatError(f"{path}: no header row with 'LA num' or 'old_la_code' in the first 20 rows")
    header = [_norm(c) for c in grid.iloc[header_row].tolist()]

    def col(*names: str) -> int | None:
        for n in names:
            if n in header:
                return header.index(n)
        return None

    c_code = col("lanum", "oldlacode")
    c_name = col("laname")
    c_rind = col("goind", "regionind")
    c_rname = col("goreg", "regionname")
    c_sn1 = col("sn1")
    if c_name is None or c_sn1 is None:
        raise SNFormatError(f"{path}: header row {header_row + 1} lacks 'LA Name'/'la_name' or 'SN1'/'SN_1'")
    pairs = []
    for k in range(10):
        cn, cp = c_sn1 + 2 * k, c_sn1 + 2 * k + 1
        if cp >= len(header) or not header[cn].startswith("sn") or not header[cp].startswith("sn"):
            raise SNFormatError(f"{path}: expected SN{k + 1} and its closeness column at columns {cn + 1}-{cp + 1}")
        pairs.append((cn, cp))

    rows = []
    block = "current"
    for i in range(header_row + 1, len(grid)):
        cells = grid.iloc[i].tolist()
        text = " ".join(str(c) for c in cells if c is not None).lower()
        if "old sns" in text:
            block = "old"
            continue
        code = _code(cells[c_code])
        if code is None:
            continue  # blank or separator row
        base = {
            "la_code": code,
            "la_name": str(cells[c_name]).strip() if cells[c_name] is not None else "",
            "region_code": _code(cells[c_rind]) if c_rind is not None else None,
            "region_name": str(cells[c_rname]).strip() if c_rname is not None and cells[c_rname] is not None else "",
            "block": block,
        }
        found = False
        for rank, (cn, cp) in enumerate(pairs, start=1):
            ncode = _code(cells[cn])
            if ncode is None:
                continue
            found = True
            closeness = "" if cells[cp] is None else str(cells[cp]).strip().lower()
            rows.append({**base, "rank": rank, "neighbour_code": ncode, "closeness": closeness})
        if not found:
            rows.append({**base, "rank": None, "neighbour_code": None, "closeness": None})
    out = pd.DataFrame(rows, columns=SN_LONG_COLUMNS)
    if out.empty:
        raise SNFormatError(f"{path}: no LA rows found")
    out["region_code"] = out["region_code"].map(lambda c: str(int(c)) if c is not None else None)
    out["rank"] = out["rank"].astype("Int64")
    out.attrs["source"] = str(path)
    return out


def sn_file_for_vintage(folder: str | Path, vintage: int) -> Path | None:
    """The DfE SN file for ``vintage`` (2021 | 2025) in ``folder``, or None."""
    folder = Path(folder)
    for name in SN_FILES.get(int(vintage), []):
        if (folder / name).is_file():
            return folder / name
    return None


def _check_vintage(path: Path, vintage: int) -> None:
    years = {int(y) for y in re.findall(r"(20[12]\d)", path.name)}
    if years and int(vintage) not in years:
        raise ValueError(
            f"{path.name} looks like the {sorted(years)[0]} neighbour list but sn_vintage is {vintage}; "
            "do not mix vintages (set comparators.sn_vintage or point sn_file at the right list)"
        )


def statistical_neighbours(la_code: str, vintage: int, path: str | Path | None = None) -> pd.DataFrame:
    """The ten statistical neighbours of ``la_code`` in the ``vintage`` list.

    ``path``: an SN file, or a folder holding the DfE files (``SN_FILES``); None = the reference
    folder found by :func:`safeguarding.benchmarks.compare.find_default_paths`.
    Returns ``DataFrame(rank, la_code, la_name, closeness)`` ordered by rank (names from the same
    file, joined on LA number; empty when the LA is listed without neighbours), with
    ``attrs`` ``vintage``, ``source``, ``la_code``, ``la_name``, ``reason``.
    Raises ``FileNotFoundError`` when no list is found and ``KeyError`` for an LA not in it.
    """
    code = _code(la_code)
    if code is None:
        raise ValueError(f"la_code should be a DfE LA number such as '209', got {la_code!r}")
    if path is None:
        from safeguarding.benchmarks.compare import find_default_paths

        paths = find_default_paths()
        path = paths.folder if paths else None
        if path is None:
            raise FileNotFoundError(f"no statistical neighbour list for vintage {vintage} (no path given)")
    path = Path(path)
    if path.is_dir():
        found = sn_file_for_vintage(path, vintage)
        if found is None:
            raise FileNotFoundError(f"no statistical neighbour list for vintage {vintage} in {path}")
        path = found
    _check_vintage(path, vintage)
    lists = read_sn_file(path)
    rows = lists[lists["la_code"] == code]
    if rows.empty:
        raise KeyError(f"LA {code} is not in the statistical neighbour list {path.name}")
    if (rows["block"] == "current").any():
        rows = rows[rows["block"] == "current"]
    names = (lists.sort_values("block")  # "current" before "old"
             .drop_duplicates("la_code").set_index("la_code")["la_name"])
    rows = rows[rows["neighbour_code"].notna()].sort_values("rank")
    out = pd.DataFrame({
        "rank": rows["rank"].astype("int64").to_numpy(),
        "la_code": rows["neighbour_code"].astype(str).to_numpy(),
        "la_name": rows["neighbour_code"].map(names).fillna("").astype(str).to_numpy(),
        "closeness": rows["closeness"].astype(str).to_numpy(),
    })
    out.attrs.update({
        "vintage": int(vintage), "source": str(path), "la_code": code,
        "la_name": str(names.get(code, "")),
        "reason": "" if len(out) else f"LA {code} is listed without neighbours in {path.name}",
    })
    return out


def neighbour_value(values: pd.DataFrame, la_codes: Iterable[str] | pd.DataFrame,
                    statistic: str = "mean") -> tuple[float, int]:
    """The SN benchmark from the neighbours' values for one measure and year.

    ``values``: rows for one measure and one period with columns ``geography_code`` (or
    ``la_code``) and ``value`` (e.g. the LAIT tidy table filtered to a code and year).
    ``la_codes``: the neighbours (codes, or the frame from :func:`statistical_neighbours`).
    Returns ``(value, n_with_data)``: LAIT's simple mean of the neighbours that have a value
    (missing ones left out), or their median; ``(nan, 0)`` when none has a value.
    """
    if statistic not in {"mean", "median"}:
        raise ValueError(f"statistic must be 'mean' or 'median', got {statistic!r}")
    if isinstance(la_codes, pd.DataFrame):
        la_codes = la_codes["la_code"].tolist()
    codes = [c for c in (_code(x) for x in la_codes) if c is not None]
    code_col = "geography_code" if "geography_code" in values.columns else "la_code"
    for col in ("lait_code", "indicator_id", "period"):
        if col in values.columns and values[col].nunique(dropna=True) > 1:
            raise ValueError(f"neighbour_value expects one measure and year; got several values of {col}")
    v = values.assign(_code=values[code_col].map(_code))
    v = v[v["_code"].isin(codes)]
    if v["_code"].duplicated().any():
        raise ValueError("neighbour_value: more than one value for the same LA")
    x = pd.to_numeric(v["value"], errors="coerce").dropna().to_numpy(dtype=float)
    if len(x) == 0:
        return float("nan"), 0
    return (float(np.mean(x)) if statistic == "mean" else float(np.median(x))), int(len(x))
