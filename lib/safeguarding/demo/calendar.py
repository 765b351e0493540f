"""Fast date arithmetic for the demo simulation.

Dates are held as ``int64`` day numbers (days since 1970-01-01) so that whole columns can be
shifted with numpy. Working-day arithmetic uses the same England and Wales calendar as
``safeguarding.workdays`` (Monday-Friday minus bank holidays) through a "business-day index":
``bd_index(d)`` is the number of working days between a fixed base and ``d`` (a non-working day
gets the index of the next working day), so ``from_bd(bd_index(d) + n)`` equals
``workdays.add_working_days(d, n)``.
"""
from __future__ import annotations

from functools import lru_cache

import numpy as np
from dateutil.easter import easter

from safeguarding.workdays import bank_holidays

BASE = np.datetime64("1990-01-02")  # a Tuesday and a working day


@lru_cache(maxsize=1)
def calendar() -> np.busdaycalendar:
    return np.busdaycalendar(weekmask="1111100", holidays=bank_holidays())


def day(s: str) -> int:
    """ISO date string -> day number."""
    return int(np.datetime64(s, "D").astype(np.int64))


def as_dt64(days) -> np.ndarray:
    return np.asarray(days, dtype=np.int64).astype("datetime64[D]")


@lru_cache(maxsize=1)
def _bd_table() -> np.ndarray:
    """Day numbers of every working day from BASE to 2250 (index = business-day index)."""
    days = np.arange(BASE, np.datetime64("2250-01-01"))
    return days[np.is_busday(days, busdaycal=calendar())].astype(np.int64)


def bd_index(days) -> np.ndarray:
    """Working days from BASE up to (not including) each date; a non-working date gets the
    index of the next working day. Same as ``np.busday_count(BASE, days)``, via a table."""
    return np.searchsorted(_bd_table(), np.asarray(days, dtype=np.int64), side="left").astype(np.int64)


def from_bd(idx) -> np.ndarray:
    table = _bd_table()
    return table[np.clip(np.asarray(idx, dtype=np.int64), 0, len(table) - 1)]


def add_wd(days, n) -> np.ndarray:
    """``n`` working days after ``days`` (start rolled forward first), vectorised."""
    return from_bd(bd_index(days) + np.asarray(n, dtype=np.int64))


def roll_forward(days) -> np.ndarray:
    return from_bd(bd_index(days))


def roll_back(days) -> np.ndarray:
    out = np.busday_offset(as_dt64(days), 0, roll="backward", busdaycal=calendar())
    return out.astype("datetime64[D]").astype(np.int64)


def is_workday(days) -> np.ndarray:
    return np.is_busday(as_dt64(days), busdaycal=calendar())


def weekday(days) -> np.ndarray:
    """Monday = 0 ... Sunday = 6."""
    return (np.asarray(days, dtype=np.int64) + 3) % 7


def add_months(days, k) -> np.ndarray:
    """Same day-of-month ``k`` months later (clipped to the month's last day)."""
    d = as_dt64(days)
    m = d.astype("datetime64[M]")
    dom = (d - m.astype("datetime64[D]")).astype(np.int64)
    m2 = m + np.asarray(k, dtype=np.int64)
    first = m2.astype("datetime64[D]")
    last = (m2 + 1).astype("datetime64[D]") - 1
    out = np.minimum(first + dom, last)
    return out.astype(np.int64)


def add_years(days, k) -> np.ndarray:
    return add_months(days, 12 * np.asarray(k, dtype=np.int64))


def school_holidays(first_day: int, last_day: int) -> np.ndarray:
    """Boolean per day in [first_day, last_day]: an approximate English school holiday."""
    n = last_day - first_day + 1
    out = np.zeros(n, dtype=bool)
    y0 = int(as_dt64([first_day])[0].astype("datetime64[Y]").astype(int)) + 1970
    y1 = int(as_dt64([last_day])[0].astype("datetime64[Y]").astype(int)) + 1970

    def mark(a: int, b: int) -> None:
        lo, hi = max(a, first_day), min(b, last_day)
        if lo <= hi:
            out[lo - first_day: hi - first_day + 1] = True

    def week_of(d: int) -> tuple[int, int]:
        mon = d - int(weekday([d])[0])
        return mon - 2, mon + 6          # from the Saturday before to the Sunday after

    for y in range(y0 - 1, y1 + 1):
        mark(day(f"{y}-12-20"), day(f"{y + 1}-01-03"))          # Christmas
        mark(*week_of(day(f"{y}-02-15")))                        # February half term
        gf = day(easter(y).isoformat()) - 2
        mark(gf - 7, gf + 10)                                    # Easter (two weeks)
        may31 = day(f"{y}-05-31")
        mark(*week_of(may31 - int(weekday([may31])[0])))         # May half term
        mark(day(f"{y}-07-22"), day(f"{y}-09-03"))               # summer
        mark(*week_of(day(f"{y}-10-26")))                        # October half term
    return out
