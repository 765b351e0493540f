"""Render tidy demo tables as a council would hand them over: the Annex A workbook (clean or
messy) and local-extract CSVs."""
from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd

from . import codes as C
from ..exports import MAX_ROWS, Column, Sheet, write_sheets

YN_COLS = {"referral_nfa", "disability", "child_seen", "support_required", "icpc_not_required",
           "icpc_to_plan", "seen_alone", "epo_last_6m"}
# styles per coded column: first = the Ofsted label used in the clean workbook
_IDENT = None
STYLES: dict[str, list] = {
    "sex": [C.SEX_LABEL, C.SEX_WORD, _IDENT],
    "ethnicity": [C.ETHNICITY_LABEL, _IDENT],
    "source": [C.SOURCE_LABEL, _IDENT],
    "yn": [C.YN_LABEL, C.YN_WORD, _IDENT],
    "need": [C.PRIMARY_NEED_LABEL, _IDENT],
    "closure": [C.CLOSURE_LABEL, _IDENT],
    "status": [C.CASE_STATUS_LABEL, C.CASE_STATUS_WORD],
    "category": [C.CATEGORY_LABEL, C.CATEGORY_WORD],
}


def code_kind(col: str) -> str | None:
    if col == "sex":
        return "sex"
    if col == "ethnicity":
        return "ethnicity"
    if col in ("contact_source", "referral_source"):
        return "source"
    if col in YN_COLS:
        return "yn"
    if col == "primary_need":
        return "need"
    if col == "closure_reason":
        return "closure"
    if col == "case_status":
        return "status"
    if col in ("initial_category", "latest_category"):
        return "category"
    return None


def is_date_col(col: str) -> bool:
    return col == "date_of_birth" or col.endswith("_date")


def _render_codes(values: pd.Series, kind: str, style_idx: np.ndarray | int) -> np.ndarray:
    vals = values.astype(object).where(values.notna(), "").to_numpy()
    styles = STYLES[kind]
    out = np.empty(len(vals), dtype=object)
    idx = np.broadcast_to(np.asarray(style_idx), len(vals))
    for k, mapping in enumerate(styles):
        sel = idx == k
        if not sel.any():
            continue
        if mapping is None:
            out[sel] = vals[sel]
        else:
            out[sel] = [mapping.get(v, v) if v != "" else "" for v in vals[sel]]
    return out


def _date_strings(values: pd.Series, fmt: str) -> np.ndarray:
    """Dates as text (NaT -> ""), formatting each distinct date once."""
    v = pd.Series(values, dtype="datetime64[ns]")
    codes, uniques = pd.factorize(v, sort=False)
    ustr = np.array([d.strftime(fmt) for d in pd.DatetimeIndex(uniques)] + [""], dtype=object)
    return ustr[codes]  # code -1 -> last element ""


# --------------------------------------------------------------------------- Annex A
MESSY = {
    1: dict(sheet="Contacts", title=[["List 1: Contacts"]],
            headers={"age": "Age"}, dates={"contact_date": "text", "date_of_birth": "serial"}, dash=False),
    2: dict(sheet="List 2", title=[], headers={}, dates={"eh_start_date": "serial"}, dash=True),
    3: dict(sheet="list 3", title=[], headers={"referral_date": "Date of Referral", "age": "Age"},
            dates={"referral_date": "text"}, dash=False),
    4: dict(sheet="Assessments", title=[["Annex A - List 4 - Assessments"], []], headers={},
            dates={"assessment_auth_date": "serial", "date_of_birth": "text"}, dash=True),
    5: dict(sheet="AA_5_s47_enquiries", title=[], headers="ssd",
            dates={"s47_start_date": "text", "icpc_date": "text", "date_of_birth": "text"}, dash=False),
    6: dict(sheet="Children in Need", title=[["Children in need"]], headers="ssd",
            dates={"cin_start_date": "serial", "cin_closure_date": "serial"}, dash=True),
    7: dict(sheet="Child Protection", title=[["List 7 - Child protection"], ["Extract of all plans"]],
            headers="ssd", dates={"cpp_start_date": "text", "latest_review_date": "serial"}, dash=True),
    8: dict(sheet="Children in Care", title=[], headers={}, dates={"cla_start_date": "text"}, dash=False),
}


def annex_a_sheets(tables: dict[str, pd.DataFrame], *, messy: bool, seed: int,
                   period: tuple[str, str]) -> list[Sheet]:
    rng = np.random.default_rng(seed + 104729)
    sheets = []
    for list_no, table in C_LIST_TABLES.items():
        df = tables[table]
        cols = C.tidy_columns(list_no)
        header = C.headers(list_no)
        spec = MESSY[list_no] if messy else None
        if messy:
            if spec["headers"] == "ssd":
                header = C.COMMON_SSD + [s for _, s, _ in C.LIST_HEADERS[list_no]]
            else:
                header = [spec["headers"].get(c, h) for c, h in zip(cols, header)]
        out_cols = []
        n = len(df)
        for c in cols:
            v = df[c]
            kind = code_kind(c)
            if kind is not None:
                style = rng.integers(0, len(STYLES[kind]), n) if messy else 0
                vals = _render_codes(v, kind, style)
                if messy and spec["dash"]:
                    vals = np.where(vals == "", "-", vals)
                out_cols.append(Column("s", vals))
            elif is_date_col(c):
                how = spec["dates"].get(c, "date") if messy else "date"
                if how == "text":
                    vals = _date_strings(v, "%d/%m/%Y")
                    if spec["dash"]:
                        vals = np.where(vals == "", "-", vals)
                    out_cols.append(Column("s", vals))
                elif how == "serial":
                    days = v.to_numpy(dtype="datetime64[ns]").astype("datetime64[D]")
                    serial = np.where(np.isnat(days), np.nan, days.astype(np.int64) + 25569.0)
                    if spec["dash"]:
                        out_cols.append(_mixed_numeric(serial))
                    else:
                        out_cols.append(Column("n", serial))
                else:
                    if messy and spec["dash"] and v.isna().any():
                        out_cols.append(_mixed_date(v))
                    else:
                        out_cols.append(Column("d", v))
            elif c in ("age", "referrals_last_12m", "s47s_last_12m", "icpcs_last_12m", "previous_plans"):
                num = pd.to_numeric(v, errors="coerce").astype(float).to_numpy()
                if messy and spec["dash"] and np.isnan(num).any():
                    out_cols.append(_mixed_numeric(num))
                else:
                    out_cols.append(Column("n", num))
            else:
                vals = v.astype(object).where(v.notna(), "").to_numpy()
                if messy and spec["dash"]:
                    vals = np.where(vals == "", "-", vals)
                out_cols.append(Column("s", vals))
        title = []
        if messy:
            title = [[t.replace("{start}", period[0]).replace("{end}", period[1]) for t in row]
                     for row in spec["title"]]
        name = spec["sheet"] if messy else f"List {list_no}"
        sheets.append(Sheet(name, header, out_cols, title))
    return sheets


def _mixed_numeric(values: np.ndarray) -> Column:
    """Numbers, with "-" in the blank cells (ChAT style)."""
    obj = np.empty(len(values), dtype=object)
    blank = np.isnan(values)
    obj[blank] = "-"
    obj[~blank] = values[~blank]
    return Column("m", obj)


def _mixed_date(values: pd.Series) -> Column:
    """Date cells, with "-" in the blank cells."""
    obj = np.empty(len(values), dtype=object)
    blank = values.isna().to_numpy()
    obj[blank] = "-"
    obj[~blank] = values.to_numpy(dtype="datetime64[ns]")[~blank].astype("datetime64[D]")
    return Column("md", obj)


C_LIST_TABLES = {1: "contacts", 2: "early_help", 3: "referrals", 4: "assessments", 5: "s47",
                 6: "cin", 7: "cp_plans", 8: "looked_after"}


def write_annex_a(out_dir: Path, tables: dict[str, pd.DataFrame], *, messy: bool, seed: int,
                  period: tuple[str, str]) -> list[str]:
    sheets = annex_a_sheets(tables, messy=messy, seed=seed, period=period)
    too_big = any(len(s.columns[0].values) + len(s.title_rows) + 1 > MAX_ROWS for s in sheets)
    if not too_big:
        write_sheets(out_dir / "annex_a.xlsx", sheets)
        return ["annex_a.xlsx"]
    # beyond Excel's row limit: one CSV per list (the inputs reader accepts List_N.csv)
    files = []
    for list_no, s in zip(C_LIST_TABLES, sheets):
        data = {}
        for h, col in zip(s.header, s.columns):
            data[h] = _csv_values(col)
        name = f"List_{list_no}.csv"
        pd.DataFrame(data).to_csv(out_dir / name, index=False, lineterminator="\n",
                                  encoding="utf-8-sig" if messy else "utf-8")
        files.append(name)
    return files


def _csv_values(col: Column):
    v = col.values
    if col.kind == "d":
        return _date_strings(pd.Series(v), "%d/%m/%Y")
    if col.kind == "n":
        s = pd.Series(v, dtype=float)
        return s.map(lambda x: "" if x != x else (str(int(x)) if x == int(x) else repr(x))).to_numpy()
    if col.kind in ("m", "md"):
        return np.array([x if isinstance(x, str) else (pd.Timestamp(x).strftime("%d/%m/%Y") if col.kind == "md" else int(x))
                         for x in v], dtype=object)
    return v


# --------------------------------------------------------------------------- CSVs
def write_csv(df: pd.DataFrame, path: Path, *, messy: bool) -> None:
    out = {}
    for c in df.columns:
        v = df[c]
        if pd.api.types.is_datetime64_any_dtype(v):
            out[c] = _date_strings(v, "%d/%m/%Y" if messy else "%Y-%m-%d")
        else:
            out[c] = v
    pd.DataFrame(out).to_csv(path, index=False, lineterminator="\n",
                             encoding="utf-8-sig" if messy else "utf-8")
