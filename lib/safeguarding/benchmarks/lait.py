"""Read the DfE Local Authority Interactive Tool (LAIT) long data file into a tidy benchmark table.

LAIT's ``bds_long_0.parquet`` (or a CSV export with the same columns) holds every measure for
every LA, region and England: ``Short Desc`` (measure code), ``Data item``, ``Years`` (text),
``LA and Regions``, ``Values`` (text: numbers with float noise or in scientific notation, ``-``
for no value), ``LA Number`` (float), ``Region`` (the LA's region; ``NA`` for aggregates).

:func:`read_lait` keeps the measures in :data:`~safeguarding.benchmarks.measures.LAIT_MEASURES`
(or those asked for), keeps only year labels that are a plain year (``2018``) or a financial
year (``2017-18`` / ``2017/18``, both mapped to the year ending March, 2018), parses the values
and rounds them to the published precision (1 dp), and returns the long format of
``BENCHMARK_COLUMNS`` with ``geography_type`` la | region | england. Everything is vectorised:
the full 641k-row file reads in about a second.

Command line (writes a parquet the report reads through ``comparators.lait_file``)::

    .venv/bin/python -m safeguarding.benchmarks.lait ../shared/reference/dfe/bds_long_0.parquet \
        restricted/lait_benchmarks.parquet --vintage "2025 (revised populations)"
"""
from __future__ import annotations

import argparse
import datetime as dt
from collections.abc import Iterable
from pathlib import Path

import numpy as np
import pandas as pd

from safeguarding.benchmarks.measures import (
    BENCHMARK_COLUMNS, ENGLAND_CODE, LAIT_MEASURES, OGL, REGION_CODES,
)

LAIT_COLUMNS = ["Short Desc", "Data item", "Years", "LA and Regions", "Values", "LA Number", "Region"]
_REQUIRED = ["Short Desc", "Years", "LA and Regions", "Values", "LA Number"]


class LaitFormatError(ValueError):
    """A file that is not in LAIT long format."""


def _read_raw(path: Path) -> pd.DataFrame:
    suffix = path.suffix.lower()
    if suffix == ".parquet":
        import pyarrow.parquet as pq

        available = pq.read_schema(path).names
        cols = [c for c in LAIT_COLUMNS if c in available]
        df = pd.read_parquet(path, columns=cols)
    elif suffix in {".csv", ".txt"}:
        df = pd.read_csv(path, dtype=str, encoding="utf-8-sig", keep_default_na=False)
    else:
        raise LaitFormatError(f"{path}: expected a LAIT .parquet or .csv file")
    df.columns = [str(c).strip() for c in df.columns]
    missing = [c for c in _REQUIRED if c not in df.columns]
    if missing:
        raise LaitFormatError(
            f"{path}: not a LAIT long file - missing column(s) {', '.join(missing)} "
            f"(expected {', '.join(LAIT_COLUMNS)})"
        )
    return df


def year_ending_march(labels: pd.Series) -> pd.Series:
    """LAIT ``Years`` label -> year ending 31 March (Int64), or <NA> when not a single year.

    ``2018`` -> 2018; ``2017-18`` and ``2017/18`` -> 2018; ``2024 (Rev)``, ``2025 (prov)``,
    ``2014-16``, ``2019/20-21/22`` and the like -> <NA> (dropped by the reader).
    """
    s = labels.astype("string").str.strip()
    plain = s.str.fullmatch(r"\d{4}").fillna(False)
    parts = s.str.extract(r"^(\d{4})[-/](\d{2})$")
    first = pd.to_numeric(parts[0], errors="coerce")
    second = pd.to_numeric(parts[1], errors="coerce")
    fy = (first + 1).where((first + 1) % 100 == second)
    out = pd.to_numeric(s.where(plain), errors="coerce").fillna(fy)
    return out.astype("Int64")


def parse_values(values: pd.Series) -> pd.Series:
    """LAIT ``Values`` text -> float64; ``-``, blanks and suppression letters -> NaN."""
    s = values.astype("string").str.strip().str.replace(",", "", regex=False)
    return pd.to_numeric(s, errors="coerce").astype("float64")


def read_lait(
    path: str | Path,
    *,
    measures: Iterable[str] | None = None,
    vintage: str | None = None,
    release: str | None = None,
    retrieved: str | None = None,
    source: str | None = None,
) -> pd.DataFrame:
    """LAIT long file -> tidy benchmark table (columns ``BENCHMARK_COLUMNS``).

    ``measures``: LAIT codes to keep (default: every code in ``LAIT_MEASURES``; a code not in
    that mapping gets unit/polarity blank and values rounded to 6 dp only to remove float
    noise). ``vintage`` (e.g. ``"2025 (revised populations)"``), ``release``, ``retrieved`` and
    ``source`` are provenance written on every row; when not given they default to
    "LAIT file <name>", the file's modification date and the file path.
    """
    path = Path(path)
    raw = _read_raw(path)
    codes = list(measures) if measures is not None else list(LAIT_MEASURES)
    df = raw[raw["Short Desc"].astype("string").str.strip().isin(codes)].copy()
    df["lait_code"] = df["Short Desc"].astype("string").str.strip()
    df["period"] = year_ending_march(df["Years"])
    df["plain_year"] = df["Years"].astype("string").str.strip().str.fullmatch(r"\d{4}").fillna(False)
    df = df[df["period"].notna()]

    # geography code from the LA number (never from the name); England by name as a fallback
    num = pd.to_numeric(df["LA Number"], errors="coerce")
    name = df["LA and Regions"].astype("string").str.strip()
    num = num.where(num.notna(), np.where(name.str.lower() == "england", float(ENGLAND_CODE), np.nan))
    df = df[num.notna()]
    num, name = num[num.notna()], name[num.notna()]
    code = num.astype("int64").astype(str).str.zfill(3)
    df["geography_code"] = code
    df["geography_name"] = name
    df["geography_type"] = np.where(code == ENGLAND_CODE, "england",
                                    np.where(code.isin(REGION_CODES), "region", "la"))
    if "Region" in df.columns:
        region = df["Region"].astype("string").str.strip().fillna("")
        region = region.where(~region.isin(["NA", "-"]), "")
    else:
        region = pd.Series("", index=df.index, dtype="string")
    df["la_region"] = region.where(df["geography_type"] == "la", "")

    # values: parse, then round to the published precision
    value = parse_values(df["Values"])
    decimals = df["lait_code"].map({c: m.decimals for c, m in LAIT_MEASURES.items()}).fillna(6)
    for d in decimals.unique():
        sel = decimals == d
        value[sel] = value[sel].round(int(d))
    df["value"] = value

    # a plain-year label wins over a financial-year label for the same year
    df = df.sort_values("plain_year", ascending=False, kind="stable")
    df = df.drop_duplicates(["lait_code", "geography_code", "period"], keep="first")

    meta = {c: m for c, m in LAIT_MEASURES.items()}
    df["indicator_id"] = df["lait_code"].map({c: m.indicator_id for c, m in meta.items()}).fillna("")
    df["dfe_file"] = df["lait_code"].map({c: m.dfe_file for c, m in meta.items()}).fillna("")
    df["unit"] = df["lait_code"].map({c: m.unit for c, m in meta.items()}).fillna("")
    df["polarity"] = df["lait_code"].map({c: m.polarity for c, m in meta.items()}).fillna("")
    publisher = df["lait_code"].map({c: m.publisher for c, m in meta.items()}).fillna("see LAIT data dictionary")
    df["notes"] = "Publisher: " + publisher + f" (via LAIT); {OGL}"
    df.loc[df["value"].isna(), "notes"] = df["notes"] + "; no value in LAIT"
    df["numerator"] = np.nan
    df["denominator"] = np.nan
    df["source_url_or_repo_path"] = source or str(path)
    df["release"] = release or f"LAIT file {path.name}"
    df["vintage"] = vintage or f"LAIT file {path.name}"
    if retrieved is None:
        retrieved = dt.date.fromtimestamp(path.stat().st_mtime).isoformat()
    df["retrieved"] = retrieved

    out = df[BENCHMARK_COLUMNS].copy()
    out["period"] = out["period"].astype("int64")
    for c in ("lait_code", "geography_name", "la_region"):
        out[c] = out[c].fillna("").astype(str)
    order = {c: i for i, c in enumerate(codes)}
    out = out.sort_values(
        ["lait_code", "geography_code", "period"],
        key=lambda s: s.map(order) if s.name == "lait_code" else s,
    ).reset_index(drop=True)
    return out


def import_lait(path: str | Path, out_path: str | Path, **kwargs) -> Path:
    """Read a LAIT long file (see :func:`read_lait`, same keyword arguments) and write the tidy
    table for every LA, region and England to ``out_path`` (parquet). Returns ``out_path``."""
    out_path = Path(out_path)
    table = read_lait(path, **kwargs)
    out_path.parent.mkdir(parents=True, exist_ok=True)
    table.to_parquet(out_path, index=False)
    return out_path


def read_benchmark_table(path: str | Path) -> pd.DataFrame:
    """Read a tidy benchmark table written by :func:`import_lait` (parquet) or the shipped CSV.

    A raw LAIT long file is recognised by its columns and converted with :func:`read_lait`.
    """
    path = Path(path)
    if path.suffix.lower() == ".parquet":
        import pyarrow.parquet as pq

        if "Short Desc" in pq.read_schema(path).names:
            return read_lait(path)
        df = pd.read_parquet(path)
    else:
        head = pd.read_csv(path, nrows=0, encoding="utf-8-sig")
        if "Short Desc" in head.columns:
            return read_lait(path)
        df = pd.read_csv(path, encoding="utf-8-sig",
                         dtype={"geography_code": str, "indicator_id": str, "la_region": str})
    df["geography_code"] = df["geography_code"].astype(str).str.zfill(3)
    for c in ("indicator_id", "la_region", "notes"):
        if c in df.columns:
            df[c] = df[c].fillna("").astype(str)
    df["period"] = df["period"].astype("int64")
    df["value"] = df["value"].astype("float64")
    return df


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description="Import a LAIT long file into a tidy benchmark parquet")
    ap.add_argument("lait_file", type=Path)
    ap.add_argument("out", type=Path)
    ap.add_argument("--vintage")
    ap.add_argument("--release")
    ap.add_argument("--retrieved")
    ap.add_argument("--source")
    args = ap.parse_args(argv)
    out = import_lait(args.lait_file, args.out, vintage=args.vintage, release=args.release,
                      retrieved=args.retrieved, source=args.source)
    n = len(pd.read_parquet(out, columns=["value"]))
    print(f"wrote {n} rows to {out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
