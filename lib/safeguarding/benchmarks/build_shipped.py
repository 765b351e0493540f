"""Build the reference data shipped inside the package, so a fresh install has comparators.

* ``shipped_benchmarks.csv``: England and Inner London LAIT values, 2017-2025, transcribed (below).
* ``--reference DIR`` (the DfE files in ``../shared/reference/dfe``) also rebuilds, each row with
  its source, release and vintage:

  - ``shipped_lait.parquet``: the report's LAIT measures (``LAIT_MEASURES``) for every LA, region
    and England (``bds_long_0.parquet``; about 29k rows, under 100 kB);
  - ``shipped_sn_2021.csv`` / ``shipped_sn_2025.csv``: the DfE statistical neighbour lists in the
    long layout of ``neighbours.SN_LONG_COLUMNS``;
  - ``shipped_population.csv``: ONS mid-year estimates of children aged 0-17 for every LA,
    region and England;
  - ``shipped_ethnicity.csv``: the Census 2021 population by ethnic group (20 categories, all
    ages) of England and every English upper-tier LA, one row per area (LA keyed by its DfE
    number through the ONS file's codes) - the ethnic mix the deep dive compares a council
    with (``deepdive/comparators.py``). DfE publishes children in need by ethnicity; no copy
    of it is in the reference folder, so no rates by ethnicity are shipped.

  ``safeguarding import-lait`` still reads a newer LAIT file for a council's own params.

The values are published official statistics (DfE; Cafcass for care applications) as held in
the DfE Local Authority Interactive Tool (LAIT) at commit 2e30e39, 2025 vintage with revised
(2021-Census-based) populations. They are transcribed below from the developer reference
(``indicators.md`` §3.1), whose tables were taken from ``bds_long_0.parquet``.

Run from the repository root::

    .venv/bin/python -m safeguarding.benchmarks.build_shipped            # rebuild the CSV
    .venv/bin/python -m safeguarding.benchmarks.build_shipped --markdown ../shared/reference/indicators.md
    .venv/bin/python -m safeguarding.benchmarks.build_shipped --check-parquet ../shared/reference/dfe/bds_long_0.parquet
    .venv/bin/python -m safeguarding.benchmarks.build_shipped --reference ../shared/reference/dfe

``--markdown`` parses §3.1 from the reference document instead of the transcription (the two
must agree; the tests check it), ``--check-parquet`` compares every shipped value with the LAIT
parquet and exits non-zero on any difference. Output is deterministic (sorted, fixed format).
"""
from __future__ import annotations

import argparse
import json
import re
import sys
from pathlib import Path

import numpy as np
import pandas as pd

from safeguarding.benchmarks.measures import (
    BENCHMARK_COLUMNS, ENGLAND_CODE, INNER_LONDON_CODE, LAIT_COMMIT, LAIT_MEASURES, LAIT_PARQUET_URL,
    LAIT_RELEASE, LAIT_REPO, LAIT_RETRIEVED, LAIT_VINTAGE, OGL,
)

SHIPPED_CSV = Path(__file__).with_name("shipped_benchmarks.csv")
HERE = Path(__file__).parent
SHIPPED_LAIT = HERE / "shipped_lait.parquet"
SHIPPED_POPULATION = HERE / "shipped_population.csv"
SHIPPED_SOURCES = HERE / "shipped_sources.json"
SHIPPED_ETHNICITY = HERE / "shipped_ethnicity.csv"
POPULATION_FILE = "ons_mid-year_population_estimates_2012_to_2024.csv"
ETHNICITY_FILES = ("ons-ethnic-population-nat.csv", "ons-ethnic-population-la.csv")
CSC_DASHBOARD = "dfe-analytical-services/CSC_outcomes_and_enablers"

# ---- transcription of indicators.md §3.1 (verbatim markdown) ------------------------------
ENGLAND_TABLE = """
| LAIT code | Indicator | LAIT polarity | 2017 | 2018 | 2019 | 2020 | 2021 | 2022 | 2023 | 2024 | 2025 |
|---|---|---|---|---|---|---|---|---|---|---|---|
| CPP_Total_Rateper10,000 | Referrals per 10,000 children 0-17 (year) | - | 553.6 | 559.6 | 553.7 | 545.3 | 507.1 | 552.8 | 538.1 | 515.7 | 519.4 |
| ReReferral | % referrals within 12 months of a previous referral | Low | 21.9 | 21.9 | 22.6 | 22.6 | 22.7 | 21.5 | 22.4 | 22.4 | 22.6 |
| CIN_Refferals_NFA | % referrals resulting in NFA | - | 10.2 | 9.4 | 8.1 | 6.3 | 6 | 7.6 | 7.1 | 6.3 | 6.5 |
| Referrals_AssessedNotNeed | % referrals assessed, child not in need | - | 27.8 | 28.5 | 29.1 | 30.2 | 30.5 | 28.8 | 29.9 | 30.3 | 30.8 |
| Continue_Assess_Comp | % assessments completed within 45 working days | High | 82.9 | 82.7 | 83.1 | 83.8 | 87.6 | 84.5 | 82.5 | 84.5 | 85.7 |
| Section_47 | S47 enquiries started per 10,000 (year) | - | 159.1 | 169.1 | 171.1 | 170.5 | 168.6 | 185.2 | 189.4 | 186.2 | 189.3 |
| ISCP_Conf | ICPCs per 10,000 (year) | - | 65.9 | 67.8 | 65.9 | 65.7 | 61.6 | 62.7 | 62.5 | 59.9 | 59.2 |
| CP_conf_15days | % ICPCs within 15 working days of S47 start | High | 77.2 | 76.9 | 78.7 | 77.6 | 83 | 79.2 | 78.4 | 79.7 | 81.4 |
| CIN | Children in need at 31 Mar per 10,000 | - | 333.3 | 345.4 | 339.8 | 330.1 | 329.6 | 343.7 | 338.7 | 331.2 | 330.3 |
| CPP_Abuse_Rate | Children becoming subject of a CPP per 10,000 (year) | Low | 56.9 | 58.7 | 56.7 | 56.3 | 54.1 | 54.7 | 53.7 | 51.5 | 50.8 |
| CPP_rate | Children on a CPP at 31 Mar per 10,000 | - | 43.8 | 45.9 | 44.5 | 43.7 | 42.4 | 43.3 | 42.7 | 41.4 | 40.6 |
| PrevRegCPR | % CPPs starting in year that were a 2nd+ plan (ever) | Low | 18.7 | 20.2 | 20.8 | 21.9 | 22.1 | 22.7 | 23.6 | 24.7 | 24.5 |
| CPPlans2yrs | % CPPs ceasing in year that had lasted 2+ years | Low | 3.4 | 3.4 | 3.3 | 3.6 | 3.7 | 3.7 | 3.9 | 3.8 | 4.4 |
| CPPlans2yrsActive | % CPPs open at 31 Mar that had lasted 2+ years | Low | 2.1 | 1.8 | 2.1 | 2.1 | 2 | 2.5 | 2.2 | 2.6 | 2.3 |
| RevCP | % children on CPP 3m+ at 31 Mar reviewed in timescale | High | 92.1 | 90.5 | 91.8 | 91.5 | 93.2 | 89.3 | 88.1 | 89.8 | 90.6 |
| DeRegCPR | CPPs ceasing per 10,000 (year) | - | 56.1 | 56.3 | 57.8 | 56.8 | 55.3 | 53.7 | 53.7 | 52.1 | 51.1 |
| CareApplications | Cafcass care applications per 10,000 (year) | - | 12.3 | 11.9 | 11.3 | 10.8 | 10.5 | 9.7 | 9.6 | 9.2 | 9.1 |
"""

INNER_LONDON_TABLE = """
| LAIT code | Indicator | LAIT polarity | 2017 | 2018 | 2019 | 2020 | 2021 | 2022 | 2023 | 2024 | 2025 |
|---|---|---|---|---|---|---|---|---|---|---|---|
| CPP_Total_Rateper10,000 | Referrals per 10,000 children 0-17 (year) | - | 595.6 | 650.4 | 638.2 | 637.4 | 607.1 | 659.6 | 608.1 | 600.4 | 607.1 |
| ReReferral | % referrals within 12 months of a previous referral | Low | 16.4 | 16.2 | 18.1 | 18.3 | 19.4 | 18 | 17.6 | 18.2 | 19.1 |
| CIN_Refferals_NFA | % referrals resulting in NFA | - | 12.3 | 11 | 12.2 | 9.9 | 9.9 | 7.9 | 7.5 | 8.2 | 8.4 |
| Referrals_AssessedNotNeed | % referrals assessed, child not in need | - | 12.4 | 15.1 | 21 | 26 | 24.6 | 28.9 | 29.3 | 29 | 29.6 |
| Continue_Assess_Comp | % assessments completed within 45 working days | High | 74.7 | 77.9 | 81.4 | 82.1 | 86.7 | 85.2 | 84.7 | 86 | 87.2 |
| Section_47 | S47 enquiries started per 10,000 (year) | - | 183.9 | 188.9 | 185.1 | 179.8 | 180.3 | 210.7 | 210.7 | 208.8 | 212.4 |
| ISCP_Conf | ICPCs per 10,000 (year) | - | 70.7 | 68.5 | 62.5 | 62.7 | 62 | 67.4 | 59.5 | 60.8 | 54.3 |
| CP_conf_15days | % ICPCs within 15 working days of S47 start | High | 65.9 | 67.3 | 75.5 | 71.4 | 73.2 | 74.6 | 72.2 | 71.2 | 77.9 |
| CIN | Children in need at 31 Mar per 10,000 | - | 431.3 | 461.4 | 438 | 427.2 | 429.8 | 446.5 | 436 | 431 | 422.7 |
| CPP_Abuse_Rate | Children becoming subject of a CPP per 10,000 (year) | Low | 57.2 | 57.6 | 50.3 | 51 | 53.8 | 56.7 | 49.5 | 51 | 45.4 |
| CPP_rate | Children on a CPP at 31 Mar per 10,000 | - | 46.3 | 47.2 | 39.8 | 40.1 | 43.5 | 43 | 39.4 | 40.2 | 35.2 |
| PrevRegCPR | % CPPs starting in year that were a 2nd+ plan (ever) | Low | 15.1 | 13.5 | 17.8 | 18.5 | 17.9 | 18.6 | 21.1 | 22.9 | 19 |
| CPPlans2yrs | % CPPs ceasing in year that had lasted 2+ years | Low | 5.2 | 4.3 | 3.9 | 4.7 | 5.7 | 4.6 | 4.2 | 4.5 | 4.2 |
| CPPlans2yrsActive | % CPPs open at 31 Mar that had lasted 2+ years | Low | 2.8 | 2 | 3.4 | 4.2 | 3.1 | 2.7 | 2.8 | 3.5 | 2.7 |
| RevCP | % children on CPP 3m+ at 31 Mar reviewed in timescale | High | 94.6 | 94.5 | 96.5 | 94.4 | 96.2 | 92.2 | 89.3 | 90.5 | 94.1 |
| DeRegCPR | CPPs ceasing per 10,000 (year) | - | 53.1 | 56.6 | 57.8 | 51 | 50.3 | 56.8 | 52.7 | 50.5 | 50.8 |
| CareApplications | Cafcass care applications per 10,000 (year) | - | - | - | - | - | - | - | - | - | - |
"""

GEOGRAPHIES = {
    # table key -> (geography_type, geography_code, geography_name)
    "england": ("england", ENGLAND_CODE, "England"),
    "inner_london": ("region", INNER_LONDON_CODE, "London (Inner)"),
}


def parse_markdown_table(text: str) -> pd.DataFrame:
    """One §3.1 table -> long frame ``lait_code, lait_polarity, period, raw`` (raw text cell)."""
    rows = [line.strip() for line in text.strip().splitlines() if line.strip().startswith("|")]
    cells = [[c.strip() for c in r.strip("|").split("|")] for r in rows]
    header, body = cells[0], [c for c in cells[1:] if not set("".join(c)) <= set("-: ")]
    years = header[3:]
    if not all(re.fullmatch(r"\d{4}", y) for y in years):
        raise ValueError(f"unexpected year columns in markdown table: {years}")
    out = []
    for c in body:
        if len(c) != len(header):
            raise ValueError(f"row has {len(c)} cells, header {len(header)}: {c}")
        for year, raw in zip(years, c[3:]):
            out.append({"lait_code": c[0], "lait_polarity": c[2], "period": int(year), "raw": raw})
    return pd.DataFrame(out)


def tables_from_indicators_md(text: str) -> dict[str, str]:
    """Cut the England and Inner London tables out of indicators.md §3.1."""
    m = re.search(r"^### 3\.1 .*?(?=^### 3\.2 )", text, flags=re.S | re.M)
    if not m:
        raise ValueError("section 3.1 not found in the markdown")
    section = m.group(0)
    parts = {}
    for key, heading in (("england", r"\*\*England\*\*"), ("inner_london", r"\*\*Inner London\*\*")):
        h = re.search(heading + r".*?\n((?:\s*\n)*(?:\|.*\n?)+)", section)
        if not h:
            raise ValueError(f"table {heading} not found in section 3.1")
        parts[key] = h.group(1)
    return parts


def build(tables: dict[str, str] | None = None) -> pd.DataFrame:
    """The shipped benchmark table (columns ``BENCHMARK_COLUMNS``)."""
    tables = tables or {"england": ENGLAND_TABLE, "inner_london": INNER_LONDON_TABLE}
    frames = []
    for key, text in tables.items():
        gtype, gcode, gname = GEOGRAPHIES[key]
        long = parse_markdown_table(text)
        long["geography_type"], long["geography_code"], long["geography_name"] = gtype, gcode, gname
        frames.append(long)
    df = pd.concat(frames, ignore_index=True)
    unknown = sorted(set(df["lait_code"]) - set(LAIT_MEASURES))
    if unknown:
        raise ValueError(f"LAIT codes without a mapping in measures.py: {unknown}")
    rows = []
    for r in df.itertuples(index=False):
        m = LAIT_MEASURES[r.lait_code]
        lait_pol = {"High": "high", "Low": "low", "-": "none"}[r.lait_polarity]
        if lait_pol != m.polarity:
            raise ValueError(f"{r.lait_code}: polarity {r.lait_polarity} in table, {m.polarity} in measures.py")
        value = None if r.raw in {"-", ""} else round(float(r.raw), m.decimals)
        notes = [f"Publisher: {m.publisher} (via LAIT); {OGL}"]
        if not m.indicator_id:
            notes.append("no report indicator id for this measure (context only)")
        if value is None:
            notes.append("no value in LAIT ('-')")
            if r.lait_code == "CareApplications" and r.geography_type == "region":
                notes.append("LAIT holds no Inner London aggregate for Cafcass care applications")
        rows.append({
            "indicator_id": m.indicator_id,
            "lait_code": r.lait_code,
            "dfe_file": m.dfe_file,
            "geography_type": r.geography_type,
            "geography_code": r.geography_code,
            "geography_name": r.geography_name,
            "la_region": "",
            "period": r.period,
            "value": value,
            "unit": m.unit,
            "polarity": m.polarity,
            "numerator": None,
            "denominator": None,
            "source_url_or_repo_path": LAIT_PARQUET_URL,
            "release": LAIT_RELEASE,
            "vintage": LAIT_VINTAGE,
            "retrieved": LAIT_RETRIEVED,
            "notes": "; ".join(notes),
        })
    out = pd.DataFrame(rows, columns=BENCHMARK_COLUMNS)
    order = {c: i for i, c in enumerate(LAIT_MEASURES)}
    out = out.sort_values(
        ["geography_code", "lait_code", "period"],
        key=lambda s: s.map(order) if s.name == "lait_code" else s,
    ).reset_index(drop=True)
    for c in ("value", "numerator", "denominator"):
        out[c] = out[c].astype("float64")
    return out


def write(df: pd.DataFrame, path: Path = SHIPPED_CSV) -> Path:
    df.to_csv(path, index=False, float_format="%.1f", lineterminator="\n")
    return path


def check_against_parquet(df: pd.DataFrame, parquet: Path) -> list[str]:
    """Differences between the shipped values and LAIT's parquet (empty list = all agree)."""
    from safeguarding.benchmarks.lait import read_lait

    lait = read_lait(parquet)
    key = ["lait_code", "geography_code", "period"]
    merged = df.merge(lait[key + ["value"]], on=key, how="left", suffixes=("", "_lait"))
    bad = merged[~((merged["value"] == merged["value_lait"])
                   | (merged["value"].isna() & merged["value_lait"].isna()))]
    return [f"{r.lait_code} {r.geography_name} {r.period}: shipped {r.value}, LAIT {r.value_lait}"
            for r in bad.itertuples()]


# ---- every LA, region and England, from the DfE reference files -----------------------------
def build_lait(parquet: Path) -> pd.DataFrame:
    """The report's LAIT measures for every geography, with the reference copy's provenance."""
    from safeguarding.benchmarks.lait import read_lait

    return read_lait(parquet, vintage=LAIT_VINTAGE, release=LAIT_RELEASE, retrieved=LAIT_RETRIEVED,
                     source=LAIT_PARQUET_URL)


def build_neighbours(path: Path, vintage: int) -> pd.DataFrame:
    """One DfE statistical neighbour list in the long layout (``SN_LONG_COLUMNS``)."""
    from safeguarding.benchmarks.neighbours import read_sn_file

    return read_sn_file(path)


def build_population(csv: Path) -> pd.DataFrame:
    """ONS mid-year estimates of children aged 0-17: ``mid_year, geography_type, geography_code,
    geography_name, population_0_17`` (LA code = DfE 3-digit number; regions by ONS code;
    England 970). ``x`` (no estimate) stays missing."""
    raw = pd.read_csv(csv, dtype=str, encoding="utf-8-sig", keep_default_na=False)
    raw = raw[raw["age_group"].str.strip() == "Children aged 0 to 17 years"]
    level = raw["geographic_level"].str.strip().map({"National": "england", "Regional": "region",
                                                     "Local authority": "la"})
    if level.isna().any():
        raise ValueError(f"{csv.name}: unknown geographic_level {sorted(set(raw['geographic_level'][level.isna()]))}")
    code = raw["old_la_code"].str.strip().where(level == "la", raw["region_code"].str.strip())
    code = code.where(level != "england", ENGLAND_CODE)
    name = raw["la_name"].where(level == "la", raw["region_name"]).where(level != "england", "England")
    out = pd.DataFrame({
        "mid_year": raw["time_period"].astype(int).to_numpy(),
        "geography_type": level.to_numpy(), "geography_code": code.to_numpy(),
        "geography_name": name.str.strip().to_numpy(),
        "population_0_17": pd.to_numeric(raw["population_estimate"].str.replace(",", ""), errors="coerce").to_numpy(),
    })
    out["population_0_17"] = out["population_0_17"].astype("Int64")
    return (out.sort_values(["geography_type", "geography_code", "mid_year"])
            .drop_duplicates(["geography_type", "geography_code", "mid_year"]).reset_index(drop=True))


def build_ethnicity(folder: Path) -> pd.DataFrame:
    """Census 2021 ethnic group (20 categories, all usual residents) of England and each English
    upper-tier LA, wide: ``geography_type, geography_code, ons_code, geography_name`` then one
    column per category (its Census name) holding the count. LA codes are the DfE numbers, joined
    on the ONS codes of the mid-year population file; Welsh areas and "Does not apply" (always 0)
    are left out."""
    parts = []
    for name in ETHNICITY_FILES:
        raw = pd.read_csv(folder / name, dtype=str, encoding="utf-8-sig", keep_default_na=False)
        code_col = next(c for c in raw.columns if c.endswith("Code") and not c.startswith("Ethnic"))
        name_col = code_col[:-len(" Code")]
        raw = raw[raw[code_col].str.startswith("E") & (raw["Ethnic group (20 categories) Code"] != "-8")]
        parts.append(pd.DataFrame({"ons_code": raw[code_col].str.strip(), "geography_name": raw[name_col].str.strip(),
                                   "category": raw["Ethnic group (20 categories)"].str.strip(),
                                   "count": pd.to_numeric(raw["Observation"].str.replace(",", ""))}))
    long = pd.concat(parts, ignore_index=True)
    pop = pd.read_csv(folder / POPULATION_FILE, dtype=str, encoding="utf-8-sig", keep_default_na=False)
    pop = pop[pop["geographic_level"].str.strip() == "Local authority"]
    dfe = pop.drop_duplicates("new_la_code").set_index("new_la_code")["old_la_code"].str.strip()
    england = long["ons_code"] == "E92000001"
    long["geography_type"] = np.where(england, "england", "la")
    long["geography_code"] = np.where(england, ENGLAND_CODE, long["ons_code"].map(dfe))
    if long["geography_code"].isna().any():
        missing = sorted(set(long.loc[long["geography_code"].isna(), "ons_code"]))
        raise ValueError(f"no DfE LA number for ONS code(s) {missing} in {POPULATION_FILE}")
    wide = long.pivot_table(index=["geography_type", "geography_code", "ons_code", "geography_name"],
                            columns="category", values="count", aggfunc="sum", sort=False)
    wide = wide[sorted(wide.columns)].reset_index()
    wide.columns.name = None
    return wide.sort_values(["geography_type", "geography_code"], ignore_index=True)


def build_reference(folder: Path, out_dir: Path = HERE) -> list[Path]:
    """Rebuild every shipped all-LA file from the DfE reference ``folder``; returns the paths."""
    from safeguarding.benchmarks.neighbours import SN_FILES
    from safeguarding.benchmarks.shipped import shipped_sn_file

    written = []
    lait = build_lait(folder / "bds_long_0.parquet")
    lait.to_parquet(out_dir / SHIPPED_LAIT.name, index=False)
    written.append(out_dir / SHIPPED_LAIT.name)
    for vintage, names in SN_FILES.items():
        source = next((folder / n for n in names if (folder / n).is_file()), None)
        if source is None:
            raise FileNotFoundError(f"no statistical neighbour list for {vintage} in {folder} ({', '.join(names)})")
        path = out_dir / shipped_sn_file(vintage).name
        build_neighbours(source, vintage).to_csv(path, index=False, lineterminator="\n")
        written.append(path)
    population = build_population(folder / POPULATION_FILE)
    population.to_csv(out_dir / SHIPPED_POPULATION.name, index=False, lineterminator="\n")
    written.append(out_dir / SHIPPED_POPULATION.name)
    build_ethnicity(folder).to_csv(out_dir / SHIPPED_ETHNICITY.name, index=False, lineterminator="\n")
    written.append(out_dir / SHIPPED_ETHNICITY.name)
    sources = out_dir / SHIPPED_SOURCES.name
    sources.write_text(json.dumps(shipped_sources(folder), indent=2) + "\n", encoding="utf-8")
    written.append(sources)
    return written


def shipped_sources(folder: Path) -> dict:
    """Source, release and vintage of each shipped all-LA file (``shipped_sources.json``)."""
    from safeguarding.benchmarks.neighbours import SN_FILES
    from safeguarding.benchmarks.shipped import shipped_sn_file

    lait_prod = f"https://github.com/{LAIT_REPO}/blob/{LAIT_COMMIT}/01_data/02_prod"
    out = {SHIPPED_LAIT.name: {
        "content": "the report's LAIT measures (benchmarks.measures.LAIT_MEASURES) for every LA, region and England",
        "source": LAIT_PARQUET_URL, "release": LAIT_RELEASE, "vintage": LAIT_VINTAGE,
        "retrieved": LAIT_RETRIEVED, "publisher": "Department for Education (Cafcass for CareApplications)",
        "licence": OGL}}
    for vintage, names in SN_FILES.items():
        name = next(n for n in names if (folder / n).is_file())
        out[shipped_sn_file(vintage).name] = {
            "content": f"statistical neighbour lists, {vintage} model (neighbours.SN_LONG_COLUMNS)",
            "source": f"{lait_prod}/{name}" if name.endswith(".xlsx") else name,
            "release": "Children's services statistical neighbour benchmarking tool "
                       + ("(LGR version, April 2021)" if vintage == 2021 else "(May 2025)"),
            "vintage": str(vintage), "retrieved": LAIT_RETRIEVED,
            "publisher": "Department for Education", "licence": OGL}
    out[SHIPPED_POPULATION.name] = {
        "content": "ONS mid-year population estimates, children aged 0 to 17, 2012-2024, every LA, region and England",
        "source": f"https://github.com/{CSC_DASHBOARD}/blob/2f5d11a/data-raw/{POPULATION_FILE}",
        "release": "ONS mid-year population estimates, as arranged by DfE for the CSC dashboard (commit 2f5d11a)",
        "vintage": "mid-2024 estimates (2021-Census-based back series)", "retrieved": LAIT_RETRIEVED,
        "publisher": "Office for National Statistics", "licence": OGL}
    out[SHIPPED_ETHNICITY.name] = {
        "content": "Census 2021 population by ethnic group (20 categories, all usual residents, all ages), "
                   "England and every English upper-tier local authority (2023 boundaries)",
        "source": ", ".join(f"https://github.com/{CSC_DASHBOARD}/blob/2f5d11a/data-raw/{n}" for n in ETHNICITY_FILES),
        "release": "ONS Census 2021, ethnic group (TS021), as copied by DfE for the CSC dashboard (commit 2f5d11a)",
        "vintage": "Census 2021 (census day 21 March 2021)", "retrieved": LAIT_RETRIEVED,
        "publisher": "Office for National Statistics", "licence": OGL}
    return out


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--markdown", type=Path, help="parse §3.1 of this indicators.md instead")
    ap.add_argument("--out", type=Path, default=SHIPPED_CSV)
    ap.add_argument("--check-parquet", type=Path, help="compare with LAIT bds_long_0.parquet")
    ap.add_argument("--reference", type=Path, help="DfE reference folder: also rebuild the all-LA files")
    args = ap.parse_args(argv)
    if args.reference:
        for path in build_reference(args.reference):
            print(f"wrote {path} ({path.stat().st_size:,} bytes)")
    tables = None
    if args.markdown:
        tables = tables_from_indicators_md(args.markdown.read_text(encoding="utf-8"))
    df = build(tables)
    if args.check_parquet:
        problems = check_against_parquet(df, args.check_parquet)
        for p in problems:
            print(p, file=sys.stderr)
        if problems:
            return 1
        print(f"all {len(df)} shipped values agree with {args.check_parquet}")
    write(df, args.out)
    print(f"wrote {len(df)} rows to {args.out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
