"""Helpers for hand-built indicator fixtures."""
from __future__ import annotations

import pandas as pd

from safeguarding.params import Params
from safeguarding.periods import parse_period
from safeguarding.schema import empty_tables, tidy_frame


def make_tables(**frames) -> dict[str, pd.DataFrame]:
    """All tidy tables, empty except those given as lists of dicts (or DataFrames)."""
    tables = empty_tables()
    for name, rows in frames.items():
        tables[name] = tidy_frame(name, rows)
    return tables


def population(value: int = 10_000, years=range(2012, 2026)) -> list[dict]:
    return [{"mid_year": y, "population_0_17": value} for y in years]


def complete_history_params() -> Params:
    """Definition tests build complete histories by hand: no masking of early months (an empty
    list or extract is still n/a)."""
    from safeguarding.params import LOCAL_WINDOWED

    params = Params()
    params.conventions.annex_a_data_from = "none"
    params.conventions.local_data_from = {extract: "none" for extract in LOCAL_WINDOWED}
    return params


def compute(tables, period: str = "2018-07..2018-12", ids=None, params: Params | None = None):
    from safeguarding.indicators.compute import compute_indicators
    return compute_indicators(tables, params or complete_history_params(), parse_period(period), ids=ids)


def value(frame: pd.DataFrame, indicator_id: str, month: str, column: str = "value"):
    row = frame[(frame["indicator_id"] == indicator_id) & (frame["month"] == month)]
    assert len(row) == 1, f"{indicator_id} {month}: {len(row)} rows"
    return row.iloc[0][column]
