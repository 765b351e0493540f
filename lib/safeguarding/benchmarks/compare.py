"""The benchmark table: the council's own value beside its published LAIT value, its statistical
neighbours, its region and England, with a Fingertips-style judgement against England.

Without a LAIT file the England and Inner London values come from the shipped table
(``shipped_benchmarks.csv``) and the ``missing`` column says which comparators are absent and
why ("no LAIT file configured", "LA code not set", "no neighbour list for vintage 2021" …).

Year rule: the council's value is its latest full financial year (year ending 31 March) with a
value, unless ``year`` is given. Each comparator is taken for that year or, when not published
yet, the latest earlier year that has a value; the year used is shown next to it.

Judgement (indicators.md §5.4, Fingertips): the council's 95% interval contains the England
value → ``similar``; otherwise ``better`` / ``worse`` by polarity, or ``higher`` / ``lower`` when
the indicator has no polarity. No interval → no judgement (said in ``missing``).
"""
from __future__ import annotations

import math
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd

from safeguarding.benchmarks.measures import (
    ENGLAND_CODE, INDICATOR_TO_LAIT, INNER_LONDON_LAS, LAIT_MEASURES, LAIT_PARQUET_URL,
    LAIT_RELEASE, LAIT_RETRIEVED, LAIT_VINTAGE, normalise_region_name, polarity_for,
)
from safeguarding.benchmarks.neighbours import (
    SN_FILES, neighbour_value, sn_file_for_vintage, statistical_neighbours,
)
from safeguarding.benchmarks.shipped import load_shipped

TABLE_COLUMNS = [
    "indicator_id", "lait_code", "title", "unit", "polarity",
    "year", "value", "lower", "upper", "numerator", "denominator",
    "published_value", "published_year",
    "sn_value", "sn_year", "sn_n", "sn_statistic", "sn_vintage",
    "region_name", "region_value", "region_year",
    "england_value", "england_year",
    "judgement", "quartile_band", "benchmark_vintage", "missing",
]

REFERENCE_SUBDIR = Path("shared") / "reference" / "dfe"


# ---- locating the DfE reference files ------------------------------------------------------
@dataclass
class ReferencePaths:
    folder: Path
    lait_file: Path | None = None
    sn_files: dict[int, Path] = field(default_factory=dict)
    data_dictionary: Path | None = None

    def sn_file(self, vintage: int) -> Path | None:
        return self.sn_files.get(int(vintage))


def repo_root(start: Path | None = None) -> Path | None:
    """The checkout's root (the folder with this project's pyproject.toml), or None."""
    candidates = [Path(start).resolve()] if start else [Path(__file__).resolve(), Path.cwd().resolve()]
    for c in candidates:
        for p in [c, *c.parents]:
            pp = p / "pyproject.toml"
            if pp.is_file() and "safeguarding-reports" in pp.read_text(encoding="utf-8", errors="ignore"):
                return p
    return None


def find_default_paths(start: Path | None = None) -> ReferencePaths | None:
    """The DfE reference files in ``../shared/reference/dfe`` relative to the repository root
    (used by the demo params and the tests); None when the folder is absent."""
    root = repo_root(start)
    if root is None:
        return None
    folder = (root.parent / REFERENCE_SUBDIR).resolve()
    if not folder.is_dir():
        return None
    lait = folder / "bds_long_0.parquet"
    dd = folder / "lait_data_dictionary.csv"
    sn = {}
    for vintage, names in SN_FILES.items():
        for name in names:
            if (folder / name).is_file():
                sn[vintage] = folder / name
                break
    return ReferencePaths(folder, lait if lait.is_file() else None, sn, dd if dd.is_file() else None)


def _is_reference_lait(path: Path) -> bool:
    """True for the DfE reference copy of LAIT (indicators.md §3.1), whose provenance is known."""
    ref = find_default_paths()
    if ref is None or ref.lait_file is None or not path.is_file():
        return False
    try:
        return path.resolve().samefile(ref.lait_file)
    except OSError:
        return False


@dataclass
class LoadedComparators:
    lait: pd.DataFrame | None
    neighbours: pd.DataFrame | None
    notes: list[str]


def load_comparators(params, *, use_default_paths: bool = False) -> LoadedComparators:
    """Read the LAIT table and the council's neighbour list named in ``params.comparators``.

    Without ``comparators.lait_file`` the LAIT values shipped with the package are used (the
    report's measures for every LA, region and England; ``shipped.py``). The neighbour list is
    ``comparators.sn_file``; when that is not set, the DfE list for ``sn_vintage`` lying next to
    the LAIT file (``sn_april_2021.xlsx`` …, as LAIT publishes them together), else the shipped
    list for the vintage. ``use_default_paths``: when a file is still not found, fall back to the DfE
    reference files (:func:`find_default_paths`) - for the demo and development only. The DfE
    reference LAIT parquet is read with its known provenance (2025 vintage); another raw LAIT
    file gets "LAIT file <name>" as its vintage. Problems are returned as notes, never raised,
    so a report still renders with the shipped benchmarks.
    """
    from safeguarding.benchmarks.lait import read_benchmark_table

    comp = params.comparators
    notes: list[str] = []
    defaults = find_default_paths() if use_default_paths else None
    lait_path = params.resolve(comp.lait_file) if comp.lait_file else (defaults.lait_file if defaults else None)
    lait = None
    if lait_path is None:
        # the report's measures for every LA, shipped with the package (2025 vintage)
        from safeguarding.benchmarks.shipped import load_shipped_lait

        lait = load_shipped_lait()
    elif not Path(lait_path).is_file():
        notes.append(f"LAIT file not found: {lait_path}")
    else:
        try:
            if _is_reference_lait(Path(lait_path)):
                # the DfE reference copy: its provenance is known (indicators.md §3.1)
                from safeguarding.benchmarks.lait import read_lait

                lait = read_lait(lait_path, vintage=LAIT_VINTAGE, release=LAIT_RELEASE,
                                 retrieved=LAIT_RETRIEVED, source=LAIT_PARQUET_URL)
            else:
                lait = read_benchmark_table(lait_path)
        except Exception as exc:  # a broken file must not stop the report
            notes.append(f"LAIT file could not be read ({exc})")
    neighbours = None
    vintage = comp.sn_vintage
    if not params.council.la_code:
        notes.append("LA code not set")
    else:
        sn_path = params.resolve(comp.sn_file) if comp.sn_file else None
        if sn_path is None and lait_path is not None and Path(lait_path).is_file():
            # the DfE SN lists are published next to the LAIT data (LAIT 01_data/02_prod)
            sn_path = sn_file_for_vintage(Path(lait_path).parent, vintage)
        if sn_path is None and defaults is not None:
            sn_path = defaults.sn_file(vintage)
        if sn_path is None:
            from safeguarding.benchmarks.shipped import shipped_sn_file

            sn_path = shipped_sn_file(vintage) if shipped_sn_file(vintage).is_file() else None  # 2021 | 2025
        if sn_path is None:
            notes.append(f"no neighbour list for vintage {vintage}")
        else:
            try:
                neighbours = statistical_neighbours(params.council.la_code, vintage, sn_path)
            except (FileNotFoundError, KeyError, ValueError) as exc:
                notes.append(f"no neighbour list for vintage {vintage} ({exc})")
    return LoadedComparators(lait, neighbours, notes)


# ---- judgements -----------------------------------------------------------------------------
def _isnan(x) -> bool:
    return x is None or (isinstance(x, float) and math.isnan(x)) or pd.isna(x)


def judge(value, lower, upper, benchmark, polarity: str) -> str | None:
    """Fingertips comparison of a value and its interval with a benchmark.

    ``similar`` when lower ≤ benchmark ≤ upper; else ``better``/``worse`` (polarity high/low) or
    ``higher``/``lower`` (polarity none). None when value, interval or benchmark is missing.
    """
    if any(_isnan(v) for v in (value, lower, upper, benchmark)):
        return None
    if lower <= benchmark <= upper:
        return "similar"
    higher = lower > benchmark
    if polarity == "high":
        return "better" if higher else "worse"
    if polarity == "low":
        return "worse" if higher else "better"
    return "higher" if higher else "lower"


def quartile_band(value, la_values, polarity: str) -> str | None:
    """LAIT-style quartile band A-D of ``value`` among all LAs' values (A = best quartile).

    As LAIT's ``calculate_quartile_band`` (``R/fn_analysis.R``): quartiles of the LA values
    (R's default type 7 = numpy "linear"); intervals [min, Q1], (Q1, median], (median, Q3],
    (Q3, max] are bands A, B, C, D for ``low`` polarity and D, C, B, A for ``high``. No band for
    polarity none, a missing value or one outside the LA range (LAIT: "Error").
    """
    if polarity not in {"high", "low"} or _isnan(value):
        return None
    x = pd.to_numeric(pd.Series(la_values), errors="coerce").dropna().to_numpy(dtype=float)
    if len(x) < 4:
        return None
    q0, q1, q2, q3, q4 = np.quantile(x, [0, 0.25, 0.5, 0.75, 1.0])
    if value < q0 or value > q4:
        return None
    band = "A" if value <= q1 else "B" if value <= q2 else "C" if value <= q3 else "D"
    if polarity == "high":
        band = {"A": "D", "B": "C", "C": "B", "D": "A"}[band]
    return band


# ---- the table --------------------------------------------------------------------------------
def _pick(rows: pd.DataFrame, year: int | None) -> tuple[float, int | None]:
    """Value and year from benchmark rows: the given year, else the latest earlier year with a
    value (the latest year with a value when ``year`` is None)."""
    value, period = rows["value"].to_numpy(), rows["period"].to_numpy()
    if value.dtype.kind == "f" and period.dtype.kind in "iu":
        # on the arrays (45 look-ups a run); whole-number years have no missing one to skip
        keep = ~np.isnan(value)
        if year is not None:
            keep &= period <= year
        if not keep.any():
            return float("nan"), None
        kept = np.flatnonzero(keep)
        first = kept[np.argmax(period[kept] == period[kept].max())]  # the first row of the latest year
        return float(value[first]), int(period[first])
    r = rows[rows["value"].notna()]
    if year is not None:
        r = r[r["period"] <= year]
    if r.empty:
        return float("nan"), None
    r = r.loc[r["period"] == r["period"].max()]
    return float(r["value"].iloc[0]), int(r["period"].iloc[0])


def _council_year_values(council_values: pd.DataFrame, year: int | None) -> dict[str, dict]:
    if council_values is None or council_values.empty:
        return {}
    cv = council_values.copy()
    cv["year"] = pd.to_numeric(cv["year"].astype(str).str.slice(0, 4), errors="coerce")
    cv = cv[cv["year"].notna() & pd.to_numeric(cv["value"], errors="coerce").notna()]
    out = {}
    # on the columns' arrays by row number: a row of the frame per indicator is slow to build
    years = cv["year"].to_numpy()
    columns = {c: cv[c].to_numpy() for c in ("value", "lower", "upper", "numerator", "denominator")
               if c in cv.columns}
    for ind, rows in cv.groupby("indicator_id", sort=False).indices.items():
        rows = rows[years[rows] == (year if year is not None else years[rows].max())]
        if not len(rows):
            continue
        last = rows[-1]  # the group's last row of the year, as g.iloc[-1]
        out[str(ind)] = {
            "year": int(years[last]),
            **{c: (float(columns[c][last]) if c in columns and not _isnan(columns[c][last]) else float("nan"))
               for c in ("value", "lower", "upper", "numerator", "denominator")},
        }
    return out


def _region_for(params, lait: pd.DataFrame | None) -> tuple[str | None, str]:
    """(region aggregate name, reason when unknown)."""
    if params.council.region:
        return params.council.region, ""
    la = params.council.la_code
    if not la:
        return None, "LA code not set and council.region not set"
    code = str(la).strip().zfill(3)
    if lait is not None:
        r = lait.loc[(lait["geography_code"] == code) & (lait["la_region"] != ""), "la_region"]
        if len(r):
            name = r.iloc[0]
            return {"inner london": "London (Inner)", "outer london": "London (Outer)"}.get(name.lower(), name), ""
    if code in INNER_LONDON_LAS:
        return "London (Inner)", ""
    return None, "council.region not set and LA not found in the LAIT file"


# What benchmark_table and neighbour_value read of the long benchmark table.
_READ_COLUMNS = ("indicator_id", "lait_code", "geography_type", "geography_code", "geography_name", "period",
                 "value", "vintage")


def benchmark_table(
    council_values: pd.DataFrame,
    params,
    *,
    lait: pd.DataFrame | None = None,
    neighbours: pd.DataFrame | None = None,
    year: int | None = None,
) -> pd.DataFrame:
    """One row per benchmarked indicator (the LAIT mappings in docs/architecture.md §8).

    ``council_values``: the council's annual values (columns ``indicator_id, year, value,
    numerator, denominator, lower, upper``; ``year`` = year ending 31 March, int or "2018").
    ``lait``: the tidy LAIT table (:func:`~safeguarding.benchmarks.lait.read_lait` or the parquet
    from ``import_lait``); None = shipped England and Inner London values only.
    ``neighbours``: the frame from :func:`~safeguarding.benchmarks.neighbours.statistical_neighbours`.
    Columns ``TABLE_COLUMNS``; ``attrs["notes"]`` lists the comparators missing for every row.
    """
    comp = params.comparators
    la_code = str(params.council.la_code).strip().zfill(3) if params.council.la_code else None
    statistic = comp.sn_statistic
    source = lait if lait is not None else load_shipped()
    # only the columns read below: every filter of a measure's rows copies each column, and the
    # long text ones (source, notes, release) are the slow ones to copy
    source = source[[c for c in _READ_COLUMNS if c in source.columns]]
    source = source[source["lait_code"].isin(LAIT_MEASURES)]
    by_code = dict(tuple(source.groupby("lait_code", sort=False)))
    region_name, region_reason = _region_for(params, lait)
    region_key = normalise_region_name(region_name) if region_name else ""
    sn_codes = neighbours["la_code"].astype(str).tolist() if neighbours is not None else []
    sn_vintage = (neighbours.attrs.get("vintage", comp.sn_vintage) if neighbours is not None
                  else comp.sn_vintage)

    global_notes: list[str] = []
    no_lait = "LAIT file not loaded" if comp.lait_file else "no LAIT file configured"
    if lait is None:
        global_notes.append(f"{no_lait}: England and Inner London from the shipped table only")
    if not la_code:
        global_notes.append("LA code not set")
    if neighbours is None:
        global_notes.append(f"no neighbour list for vintage {comp.sn_vintage}")
    elif len(neighbours) == 0:
        global_notes.append(neighbours.attrs.get("reason") or f"no neighbours in the vintage {sn_vintage} list")

    council = _council_year_values(council_values, year)
    rows = []
    for ind, code in INDICATOR_TO_LAIT.items():
        m = LAIT_MEASURES[code]
        pol = polarity_for(ind)
        cv = council.get(ind)
        missing: list[str] = []
        rows_m = by_code.get(code, source.iloc[0:0])
        cy = cv["year"] if cv else year
        if cv is None:
            missing.append("council: no value")
        row = {
            "indicator_id": ind, "lait_code": code, "title": m.title, "unit": m.unit, "polarity": pol,
            "year": cy,
            **({k: cv[k] for k in ("value", "lower", "upper", "numerator", "denominator")} if cv else
               {k: float("nan") for k in ("value", "lower", "upper", "numerator", "denominator")}),
            "sn_statistic": statistic, "sn_vintage": sn_vintage, "region_name": region_name,
        }
        # England
        row["england_value"], row["england_year"] = _pick(rows_m[rows_m["geography_code"] == ENGLAND_CODE], cy)
        if row["england_year"] is None:
            missing.append("England: no value" + (f" for {cy} or earlier" if cy else ""))
        # published value for the council
        if lait is None:
            row["published_value"], row["published_year"] = float("nan"), None
            missing.append(f"published: {no_lait}")
        elif not la_code:
            row["published_value"], row["published_year"] = float("nan"), None
            missing.append("published: LA code not set")
        else:
            row["published_value"], row["published_year"] = _pick(rows_m[rows_m["geography_code"] == la_code], cy)
            if row["published_year"] is None:
                missing.append("published: no LAIT value for the LA")
        # region
        if region_name is None:
            row["region_value"], row["region_year"] = float("nan"), None
            missing.append(f"region: {region_reason}")
        else:
            reg = rows_m[rows_m["geography_type"] == "region"]  # names of the region rows only
            reg = reg[reg["geography_name"].map(normalise_region_name) == region_key]
            row["region_value"], row["region_year"] = _pick(reg, cy)
            if row["region_year"] is None:
                if lait is None and region_key != "london (inner)":
                    missing.append(f"region: {no_lait} (only Inner London is shipped)")
                else:
                    missing.append(f"region: no value for {region_name}")
        # statistical neighbours
        row["sn_value"], row["sn_year"], row["sn_n"] = float("nan"), None, 0
        if not la_code:
            missing.append("SN: LA code not set")
        elif neighbours is None:
            missing.append(f"SN: no neighbour list for vintage {comp.sn_vintage}")
        elif lait is None:
            missing.append(f"SN: {no_lait}")
        elif not sn_codes:
            missing.append(f"SN: {neighbours.attrs.get('reason') or 'no neighbours listed'}")
        else:
            nb = rows_m[rows_m["geography_code"].isin(sn_codes) & rows_m["value"].notna()]
            if cy is not None:
                nb = nb[nb["period"] <= cy]
            if nb.empty:
                missing.append("SN: no neighbour has a value")
            else:
                sy = int(nb["period"].max())
                value, n = neighbour_value(nb[nb["period"] == sy], sn_codes, statistic)
                row["sn_value"], row["sn_year"], row["sn_n"] = round(value, m.decimals), sy, n
        # judgement against England
        row["judgement"] = judge(row["value"], row["lower"], row["upper"], row["england_value"], pol)
        if row["judgement"] is None and cv is not None and not _isnan(row["england_value"]) and (
                _isnan(row["lower"]) or _isnan(row["upper"])):
            missing.append("judgement: no confidence interval")
        if cv is not None and row["england_year"] is not None and row["england_year"] != cy:
            missing.append(f"England value is for {row['england_year']}, the latest published")
        # quartile band among all LAs (LAIT only)
        row["quartile_band"] = None
        if lait is not None and cv is not None and row["england_year"] is not None:
            las = rows_m[(rows_m["geography_type"] == "la") & (rows_m["period"] == row["england_year"])]
            row["quartile_band"] = quartile_band(row["value"], las["value"], pol)
        eng = rows_m[rows_m["geography_code"] == ENGLAND_CODE]
        row["benchmark_vintage"] = str(eng["vintage"].iloc[0]) if len(eng) else ""
        row["missing"] = "; ".join(missing)
        rows.append(row)
    out = pd.DataFrame(rows, columns=TABLE_COLUMNS)
    for c in ("year", "published_year", "sn_year", "region_year", "england_year"):
        out[c] = out[c].astype("Int64")
    out["sn_n"] = out["sn_n"].astype("int64")
    out.attrs["notes"] = global_notes
    return out


# ---- notes for readers ------------------------------------------------------------------------
_COMPARATOR_COLUMNS = (("sn_value", "statistical neighbour"), ("published_value", "LA"),
                       ("region_value", "region"), ("england_value", "England"))


def missing_comparator_note(table: pd.DataFrame | None) -> str | None:
    """A plain sentence for the published report when whole comparator columns are empty: which
    published figures were not supplied and how to add them. Never a path or an error message
    (those are diagnostics, for the restricted edition and the log)."""
    if table is None or table.empty:
        return None
    missing = [label for col, label in _COMPARATOR_COLUMNS
               if col not in table.columns or pd.to_numeric(table[col], errors="coerce").isna().all()]
    if not missing:
        return None
    names = missing[0] if len(missing) == 1 else ", ".join(missing[:-1]) + " and " + missing[-1]
    return (f"{names[0].upper() + names[1:]} published figures were not supplied, so those columns show n/a. To add them, run "
            f"`safeguarding import-lait FILE` with the DfE LA Interactive Tool (LAIT) download, and set "
            f"`council.la_code`, `comparators.lait_file` and `comparators.sn_file` (the DfE statistical "
            f"neighbour list) in the params file.")
