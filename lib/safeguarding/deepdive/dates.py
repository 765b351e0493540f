"""Dates and months the deep-dive calls accept, read the way a UK analyst writes them.

* ISO ``2018-11-01`` is preferred (and what the documentation uses).
* UK day-first text is accepted: ``01/11/2018``, ``1/11/2018``, ``01-11-2018``, ``01.11.2018``,
  ``1 November 2018``, ``1 Nov 2018`` are all 1 November 2018 - never 11 January.
* ``2018/11/01`` (year first) is accepted: it cannot be misread.
* Anything else is refused with a message naming the argument: a two-digit year (``01/11/18``:
  which century?), a day or month out of range (``11/30/2018`` is not read as 30 November: it is
  month 30), a date that does not exist (``31/06/2018``), a time of day, free text.
* ``datetime``, ``date``, ``numpy.datetime64`` and ``pandas.Timestamp`` values are taken as they
  are, without their time of day (a deep-dive window is whole days).

Months (``month=``): ``2018-11``, ``11/2018``, ``Nov 2018``, ``November 2018`` or a
``pandas.Period``.
"""
from __future__ import annotations

import datetime as _dt
import re

import numpy as np
import pandas as pd

_MONTHS = {name.lower(): i for i, name in enumerate(
    ["January", "February", "March", "April", "May", "June", "July", "August", "September",
     "October", "November", "December"], start=1)}
_MONTHS.update({name[:3]: i for name, i in list(_MONTHS.items())})
_MONTHS["sept"] = 9

_ISO = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})")
_YEAR_FIRST = re.compile(r"(\d{4})/(\d{1,2})/(\d{1,2})")
_DAY_FIRST = re.compile(r"(\d{1,2})([/.-])(\d{1,2})\2(\d{2,4})")
_WORDS = re.compile(r"(\d{1,2})(?:st|nd|rd|th)?\s+([A-Za-z]+)\.?,?\s+(\d{2,4})")
_MONTH_ISO = re.compile(r"(\d{4})-(\d{1,2})")
_MONTH_UK = re.compile(r"(\d{1,2})/(\d{4})")
_MONTH_WORDS = re.compile(r"([A-Za-z]+)\.?,?\s+(\d{4})")


class DateError(ValueError):
    """A date argument the deep dive cannot read without guessing."""


def _refuse(name: str, value, why: str) -> DateError:
    return DateError(f"{name}={value!r}: {why}. Give the date as 2018-11-01 (ISO) or "
                     "01/11/2018 (day first)")


def _build(name: str, text: str, year: str, month: int, day: int) -> pd.Timestamp:
    if len(year) != 4:
        raise _refuse(name, text, "give the year in four digits")
    if not 1 <= month <= 12:
        raise _refuse(name, text, f"{month} is not a month (dates are read day first: day/month/year)")
    try:
        return pd.Timestamp(_dt.date(int(year), month, day))
    except ValueError:
        raise _refuse(name, text, f"there is no day {day} in {_dt.date(int(year), month, 1):%B %Y}") from None


def as_date(value, name: str = "date") -> pd.Timestamp | None:
    """``value`` as a date (a midnight ``Timestamp``); ``None`` stays ``None``. ``name`` is the
    argument named in the message when the value cannot be read."""
    if value is None:
        return None
    if isinstance(value, (pd.Timestamp, _dt.datetime, _dt.date, np.datetime64)):
        stamp = pd.Timestamp(value)
        if pd.isna(stamp):
            raise _refuse(name, value, "this is not a date (NaT)")
        return stamp.tz_localize(None).normalize() if stamp.tzinfo else stamp.normalize()
    if not isinstance(value, str):
        raise _refuse(name, value, f"a {type(value).__name__} is not a date")
    text = " ".join(value.split())
    if not text:
        raise _refuse(name, value, "empty text is not a date")
    if m := _ISO.fullmatch(text):
        return _build(name, value, m.group(1), int(m.group(2)), int(m.group(3)))
    if m := _YEAR_FIRST.fullmatch(text):
        return _build(name, value, m.group(1), int(m.group(2)), int(m.group(3)))
    if m := _DAY_FIRST.fullmatch(text):
        return _build(name, value, m.group(4), int(m.group(3)), int(m.group(1)))
    if m := _WORDS.fullmatch(text):
        month = _MONTHS.get(m.group(2).lower())
        if month is None:
            raise _refuse(name, value, f"'{m.group(2)}' is not a month name")
        return _build(name, value, m.group(3), month, int(m.group(1)))
    raise _refuse(name, value, "not a date this call can read without guessing")


def as_month(value, name: str = "month") -> pd.Period | None:
    """``value`` as a calendar month (``pandas.Period``); ``None`` stays ``None``."""
    if value is None:
        return None
    if isinstance(value, pd.Period):
        return value.asfreq("M")
    if isinstance(value, (pd.Timestamp, _dt.date, np.datetime64)):
        return pd.Timestamp(value).to_period("M")
    text = " ".join(str(value).split())
    year = month = None
    if m := _MONTH_ISO.fullmatch(text):
        year, month = int(m.group(1)), int(m.group(2))
    elif m := _MONTH_UK.fullmatch(text):
        year, month = int(m.group(2)), int(m.group(1))
    elif m := _MONTH_WORDS.fullmatch(text):
        year, month = int(m.group(2)), _MONTHS.get(m.group(1).lower())
    if year is None or month is None or not 1 <= month <= 12:
        raise DateError(f"{name}={value!r}: not a month; give it as 2018-11 (or 11/2018, Nov 2018)")
    return pd.Period(year=year, month=month, freq="M")


_AMOUNT = re.compile(r"\s*(\d+)\s*(working days?|days?|weeks?|months?|years?)?\s*")


def amount(text, name: str = "amount") -> tuple[int, str | None]:
    """'18 months', '2 years', '4 weeks', '90 days', '10 working days' or a bare number ->
    (number, unit: "month", "year", "week", "day", "working day" or None for a bare number)."""
    if isinstance(text, (int, np.integer)) or (isinstance(text, float) and text.is_integer()):
        return int(text), None
    match = _AMOUNT.fullmatch(str(text).lower())
    if not match:
        raise ValueError(f"{name}={text!r}: give an amount like '18 months', '4 weeks', '90 days' or "
                         "'10 working days'")
    return int(match.group(1)), (match.group(2).rstrip("s") if match.group(2) else None)


__all__ = ["as_date", "as_month", "amount", "DateError"]
