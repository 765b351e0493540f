"""The England and Inner London benchmark table shipped with the package.

``shipped_benchmarks.csv`` is built by ``build_shipped.py`` from indicators.md §3.1 (LAIT at
commit 2e30e39, 2025 vintage with revised populations). Columns: ``BENCHMARK_COLUMNS``.
"""
from __future__ import annotations

from functools import lru_cache
from pathlib import Path

import pandas as pd

SHIPPED_CSV = Path(__file__).with_name("shipped_benchmarks.csv")


@lru_cache(maxsize=1)
def _load() -> pd.DataFrame:
    from safeguarding.benchmarks.lait import read_benchmark_table

    return read_benchmark_table(SHIPPED_CSV)


def load_shipped() -> pd.DataFrame:
    """The shipped England (970) and Inner London (987) values, 2017-2025 (a fresh copy)."""
    return _load().copy()
