"""Building blocks shared by every indicator computation.

Each indicator is one function ``fn(ctx, start, end) -> Measure`` over a *window* of whole days
``[start, end]`` (both inclusive), registered with ``@indicator(Indicator(...))``. The driver
(``compute.py``) decides the windows, so every indicator is computed the same way for a month,
a rolling 12 months, a report period and a financial year:

* ``window == "month"`` / ``"period"``: flows counted in the window;
* ``window == "rolling_12"``: the driver passes the 12 months ending with the month;
* ``window == "month_end"``: stocks - the function uses ``end`` (the reporting date) only.

The function returns raw numerator / denominator; the driver turns them into values (percent,
rate per 10,000 using the population for the window's end date) and confidence intervals.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Callable

import numpy as np
import pandas as pd

from ..groups import age_in_years  # noqa: F401 (re-exported: the indicators' age rule)
from ..params import Params
from ..periods import Period
from .registry import REGISTRY, Indicator, define


@dataclass
class Measure:
    """What an indicator function returns for one window.

    count indicators: ``numerator`` only. percent: ``numerator`` and ``denominator``.
    rate_per_10k: ``numerator`` (the driver supplies the population).
    days / weeks: ``value`` (e.g. a mean) and ``denominator`` = number of cases averaged.
    """
    numerator: float | None = None
    denominator: float | None = None
    value: float | None = None


@dataclass
class Context:
    """Everything an indicator function may read. Tables are the cleaned tidy tables."""
    tables: dict[str, pd.DataFrame]
    params: Params
    period: Period
    _cache: dict = field(default_factory=dict, repr=False)

    @property
    def conventions(self):
        return self.params.conventions

    def table(self, name: str) -> pd.DataFrame:
        return self.tables[name]

    def cached(self, key, build: Callable[[], object]):
        """Compute a derived frame once per run (e.g. assessment durations in working days)."""
        if key not in self._cache:
            self._cache[key] = build()
        return self._cache[key]

    def population_at(self, date: pd.Timestamp) -> float:
        """0-17 population for a rate whose window ends on ``date`` (DfE mid-year rule).

        DfE rates for the year ending 31 March Y use the mid-(Y-1) estimate, so a month in the
        financial year ending March Y uses mid-(Y-1). When that estimate is not supplied the
        latest earlier one is used (the choice is listed in the report's notes); none -> NaN.
        """
        fy_end = date.year + 1 if date.month >= 4 else date.year
        wanted = fy_end - 1
        return self.cached(("population_at", wanted), lambda: self._population_for(wanted))

    def _population_for(self, wanted: int) -> float:
        pop = self.tables.get("population")
        if pop is None or pop.empty:
            return float("nan")
        usable = pop[pop["mid_year"].astype("Int64") <= wanted].dropna(subset=["population_0_17"])
        if usable.empty:
            return float("nan")
        row = usable.sort_values("mid_year").iloc[-1]
        return float(row["population_0_17"])


COMPUTE: dict[str, Callable[[Context, pd.Timestamp, pd.Timestamp], Measure]] = {}


def indicator(definition: Indicator):
    """Register ``definition`` in the registry and the decorated function as its computation."""
    def wrap(fn):
        define(definition)
        COMPUTE[definition.id] = fn
        return fn
    return wrap


# ---- small helpers used by many indicators ---------------------------------------------------

def table_or_empty(ctx: Context, name: str) -> pd.DataFrame:
    """A tidy table, or an empty one with the schema's columns when the caller left it out."""
    from ..schema import empty_table

    frame = ctx.tables.get(name)
    return empty_table(name) if frame is None else frame


def has_no_rows(ctx: Context, table: str) -> bool:
    frame = ctx.tables.get(table)
    return frame is None or len(frame) == 0


def code_array(values: pd.Series) -> np.ndarray:
    """Upper-cased codes as a plain object array with "" for missing (safe to compare)."""
    return values.astype("string").str.strip().str.upper().fillna("").to_numpy(dtype=object)


def in_window(dates: pd.Series, start: pd.Timestamp, end: pd.Timestamp) -> pd.Series:
    """True where the date falls within [start, end] (missing dates are outside)."""
    if (isinstance(dates, pd.Series) and isinstance(dates.values, np.ndarray) and dates.values.dtype.kind == "M"
            and isinstance(start, pd.Timestamp) and isinstance(end, pd.Timestamp)
            and start.tz is None and end.tz is None):
        # On the plain datetime64 values (NaT compares False): the indicators call this for every
        # month of every window, and two pandas comparisons and an & cost several times more.
        values = dates.values
        return pd.Series((values >= start.to_datetime64()) & (values <= end.to_datetime64()),
                         index=dates.index, name=dates.name)
    return (dates >= start) & (dates <= end)


def open_at(start: pd.Series, end: pd.Series, date: pd.Timestamp) -> pd.Series:
    """True where an episode is open at the end of ``date``.

    Convention: started on or before the date and not ended on or before it - an episode that
    closes on the reporting date is not open at it (as DfE's "open at 31 March" counts).
    """
    if (_plain_dates(start) and _plain_dates(end) and start.index.equals(end.index)
            and isinstance(date, pd.Timestamp) and date.tz is None):
        # On the datetime64 values, as in_window (a missing start compares False)
        at = date.to_datetime64()
        s, e = start.values, end.values
        return pd.Series((s <= at) & (np.isnat(e) | (e > at)), index=start.index,
                         name=start.name if start.name == end.name else None)
    return (start <= date) & (end.isna() | (end > date))


def _plain_dates(values) -> bool:
    """A Series of tz-naive datetime64 values held as a numpy array."""
    return isinstance(values, pd.Series) and isinstance(values.values, np.ndarray) and values.values.dtype.kind == "M"


def months_before(date: pd.Timestamp, months: int) -> pd.Timestamp:
    """The same day ``months`` calendar months earlier (clipped to month end)."""
    return date - pd.DateOffset(months=months)


def ratio(numerator: float, denominator: float) -> Measure:
    return Measure(numerator=float(numerator), denominator=float(denominator))


def yes_share(answers: pd.Series) -> Measure:
    """The ``Y`` answers over the answers that are ``Y`` or ``N`` (``U`` and blank left out)."""
    known = answers.isin(["Y", "N"]).fillna(False).astype(bool)
    return ratio((answers[known] == "Y").sum(), known.sum())


def count(n) -> Measure:
    return Measure(numerator=float(n))


def mean_of(values: pd.Series) -> Measure:
    """An average: ``numerator`` the sum, ``denominator`` the number of cases, ``value`` the mean."""
    values = pd.to_numeric(values, errors="coerce").dropna()
    return Measure(numerator=float(values.sum()), denominator=float(len(values)),
                   value=float(values.mean()) if len(values) else None)


__all__ = ["Measure", "Context", "COMPUTE", "REGISTRY", "Indicator", "indicator", "in_window",
           "table_or_empty", "has_no_rows", "code_array",
           "open_at", "months_before", "age_in_years", "ratio", "yes_share", "count", "mean_of"]
