"""Working days: Monday to Friday, excluding England and Wales bank holidays.

Counting convention (documented in docs/conventions.md and tested in tests/test_workdays.py):

* The calendar is ``holidays.UnitedKingdom(subdiv="ENG")`` - England and Wales share their bank
  holidays - including substitute days and one-off days (2011 royal wedding, 2012 Diamond
  Jubilee, 2020 VE Day move, 2022 Platinum Jubilee and State Funeral, 2023 Coronation).
  It is data from a maintained package, not a hand-typed list.
* ``working_days_between(start, end)`` is the number of working days **after** ``start`` up to
  and **including** ``end``, so the same day gives 0, Monday to Tuesday gives 1 and "within 45
  working days" means ``<= 45``. This is the convention of DfE's assessment-duration bands
  ("started and finished the same day", then 1-10 ...).
* A start that falls on a weekend or bank holiday is rolled forward to the next working day
  first (the clock starts when the office is open): Saturday to Monday is 0 working days,
  Saturday to Tuesday is 1.
* An end before the start gives a negative number (the data-quality rules report it).
* Missing dates give a missing result.
"""
from __future__ import annotations

import datetime as _dt
from functools import lru_cache

import numpy as np
import pandas as pd

FIRST_YEAR, LAST_YEAR = 1990, 2045


@lru_cache(maxsize=1)
def bank_holidays() -> np.ndarray:
    """England and Wales bank holidays as ``datetime64[D]`` (weekend dates included; harmless)."""
    import holidays  # here: a section notebook imports this module but seldom counts working days

    days = holidays.UnitedKingdom(subdiv="ENG", years=range(FIRST_YEAR, LAST_YEAR + 1))
    return np.array(sorted(days.keys()), dtype="datetime64[D]")


@lru_cache(maxsize=1)
def _calendar() -> np.busdaycalendar:
    return np.busdaycalendar(weekmask="1111100", holidays=bank_holidays())


def _is_scalar(value) -> bool:
    return value is None or value is pd.NaT or np.isscalar(value) or isinstance(value, (_dt.date, pd.Timestamp))


def _as_days(values) -> tuple[np.ndarray, np.ndarray]:
    """Dates as datetime64[D] plus a mask of missing values."""
    if isinstance(values, np.ndarray) and values.dtype == "datetime64[ns]":
        # the indicators' own arrays, once per window: the same cast without two pandas round trips
        missing = np.isnat(values)
        days = values.astype("datetime64[D]")
        days[missing] = np.datetime64("2000-01-03")
        return days, missing
    arr = pd.to_datetime(pd.Series([values]) if _is_scalar(values) else pd.Series(values))
    missing = arr.isna().to_numpy()
    days = arr.to_numpy(dtype="datetime64[ns]").astype("datetime64[D]")
    days[missing] = np.datetime64("2000-01-03")  # placeholder, masked out afterwards
    return days, missing


def is_working_day(values) -> np.ndarray:
    days, missing = _as_days(values)
    out = np.is_busday(days, busdaycal=_calendar())
    return np.where(missing, False, out)


def working_days_between(start, end):
    """Working days after ``start`` up to and including ``end`` (see module docstring).

    Accepts scalars (returns an int, or ``None`` when either date is missing) or array-likes
    of equal length (returns a float array with NaN for missing pairs).
    """
    scalar = _is_scalar(start)
    s, s_missing = _as_days(start)
    e, e_missing = _as_days(end)
    cal = _calendar()
    forward = e >= s
    lo = np.where(forward, s, e)
    hi = np.where(forward, e, s)
    lo_rolled = np.busday_offset(lo, 0, roll="forward", busdaycal=cal)
    counted = np.busday_count(lo_rolled, hi + np.timedelta64(1, "D"), busdaycal=cal) - 1
    counted = np.maximum(counted, 0)
    result = np.where(forward, counted, -counted).astype(float)
    result[s_missing | e_missing] = np.nan
    if scalar:
        return None if np.isnan(result[0]) else int(result[0])
    return result


def add_working_days(start, n: int):
    """The date ``n`` working days after ``start`` (start rolled forward first).

    ``working_days_between(start, add_working_days(start, n)) == n`` for n >= 0.
    Scalar in, ``pd.Timestamp`` out; array in, ``DatetimeIndex``-like numpy array out.
    """
    scalar = _is_scalar(start)
    s, missing = _as_days(start)
    out = np.busday_offset(s, n, roll="forward", busdaycal=_calendar()).astype("datetime64[ns]")
    out = out.astype("datetime64[ns]")
    out[missing] = np.datetime64("NaT")
    if scalar:
        return pd.Timestamp(out[0]) if not missing[0] else pd.NaT
    return out
