"""Reference data shipped with the package (rebuilt by ``build_shipped.py``; see docs/benchmarks.md).

* ``shipped_benchmarks.csv``: England and Inner London, 2017-2025, from indicators.md §3.1 (LAIT
  at commit 2e30e39, 2025 vintage with revised populations). Columns: ``BENCHMARK_COLUMNS``.
* ``shipped_lait.parquet``: the report's LAIT measures for every LA, region and England (same
  columns and provenance), so a fresh install shows the LA's published value, its statistical
  neighbours and its region without any DfE file.
* ``shipped_sn_<vintage>.csv``: the DfE statistical neighbour lists (``SN_LONG_COLUMNS``).
* ``shipped_population.csv``: ONS mid-year estimates of children aged 0-17 by LA, region, England.
* ``shipped_ethnicity.csv``: Census 2021 population by ethnic group (20 categories, all ages),
  England and every English upper-tier LA (one row per area, one column per category).
* ``shipped_sources.json``: the source, release and vintage of each of the files above.
"""
from __future__ import annotations

from functools import lru_cache
from pathlib import Path

import pandas as pd

HERE = Path(__file__).parent
SHIPPED_CSV = HERE / "shipped_benchmarks.csv"
SHIPPED_LAIT = HERE / "shipped_lait.parquet"
SHIPPED_POPULATION = HERE / "shipped_population.csv"
SHIPPED_SOURCES = HERE / "shipped_sources.json"
SHIPPED_ETHNICITY = HERE / "shipped_ethnicity.csv"
_AREA = ["geography_type", "geography_code", "ons_code", "geography_name"]


@lru_cache(maxsize=1)
def _load() -> pd.DataFrame:
    from safeguarding.benchmarks.lait import read_benchmark_table

    return read_benchmark_table(SHIPPED_CSV)


def load_shipped() -> pd.DataFrame:
    """The shipped England (970) and Inner London (987) values, 2017-2025 (a fresh copy)."""
    return _load().copy()


def load_shipped_lait() -> pd.DataFrame:
    """The report's LAIT measures for every LA, region and England (``BENCHMARK_COLUMNS``)."""
    from safeguarding.benchmarks.lait import read_benchmark_table

    return read_benchmark_table(SHIPPED_LAIT)


def shipped_sn_file(vintage: int) -> Path:
    """The shipped statistical neighbour list of ``vintage`` (2021 | 2025)."""
    return HERE / f"shipped_sn_{int(vintage)}.csv"


def load_shipped_population() -> pd.DataFrame:
    return pd.read_csv(SHIPPED_POPULATION, dtype={"geography_code": str},
                       encoding="utf-8").astype({"population_0_17": "Int64"})


@lru_cache(maxsize=1)
def _ethnicity() -> pd.DataFrame:
    wide = pd.read_csv(SHIPPED_ETHNICITY, dtype={"geography_code": str}, encoding="utf-8")
    return (wide.melt(id_vars=_AREA, var_name="category", value_name="population")
            .sort_values(["geography_type", "geography_code", "category"], ignore_index=True))


def load_shipped_ethnicity() -> pd.DataFrame:
    """Census 2021 population by ethnic group (all ages), long: ``geography_type``
    (england | la), ``geography_code`` (970 | DfE LA number), ``ons_code``, ``geography_name``,
    ``category`` (the Census name), ``population``."""
    return _ethnicity().copy()


def shipped_sources() -> dict:
    """{file name: {content, source, release, vintage, retrieved, publisher, licence}}."""
    import json

    return json.loads(SHIPPED_SOURCES.read_text(encoding="utf-8"))


def population_for(la_code: str) -> pd.DataFrame:
    """The LA's ONS 0-17 estimates as the tidy ``population`` table (``schema.py``), for a council
    that supplies no population.csv; empty when the LA is not in the shipped file."""
    pop = load_shipped_population()
    code = str(la_code).strip().zfill(3)
    rows = pop[(pop["geography_type"] == "la") & (pop["geography_code"] == code)
               & pop["population_0_17"].notna()].sort_values("mid_year")
    return pd.DataFrame({
        "mid_year": rows["mid_year"].astype("Int64").to_numpy(),
        "population_0_17": rows["population_0_17"].astype("Int64").to_numpy(),
        "source_file": pd.array([SHIPPED_POPULATION.name] * len(rows), dtype="string"),
        "source_sheet": pd.array([""] * len(rows), dtype="string"),
        "source_row": pd.array(rows.index.to_numpy() + 2, dtype="Int64"),
    })
