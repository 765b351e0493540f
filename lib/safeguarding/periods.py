"""Reporting periods: parse what analysts type, derive the months and comparison periods.

Accepted forms (financial years run 1 April - 31 March, as DfE statistics do):

* ``2018-07..2018-12`` - an explicit range of whole months
* ``2018-07`` - one month
* ``2018-19-Q3`` - a financial-year quarter (Q1 = Apr-Jun ... Q4 = Jan-Mar)
* ``2018-19-H1`` - a financial-year half (H1 = Apr-Sep, H2 = Oct-Mar)
* ``2018-19`` - a whole financial year

However a period is typed, it has ONE canonical label (:attr:`Period.label`): a financial-year
quarter, half or year gets its financial-year name (``2019-04..2019-06`` is ``2019-20-Q1``),
one month its ``YYYY-MM``, any other range ``YYYY-MM..YYYY-MM``. Output and commentary folders
are named from it, so the same period always lands in one folder.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

import pandas as pd


class PeriodError(ValueError):
    """A period string that cannot be understood."""


@dataclass(frozen=True)
class Period:
    first_month: pd.Period  # monthly pandas Period
    last_month: pd.Period
    label: str  # canonical (see module docstring), used in folder names

    @property
    def start(self) -> pd.Timestamp:
        return self.first_month.start_time.normalize()

    @property
    def end(self) -> pd.Timestamp:
        """Last day of the period (a stock measure is taken at this date)."""
        return self.last_month.end_time.normalize()

    @property
    def months(self) -> list[pd.Period]:
        return list(pd.period_range(self.first_month, self.last_month, freq="M"))

    @property
    def n_months(self) -> int:
        return len(self.months)

    @property
    def title(self) -> str:
        """Human form, e.g. 'July to December 2018'."""
        a, b = self.first_month, self.last_month
        if a == b:
            return a.strftime("%B %Y")
        if a.year == b.year:
            return f"{a.strftime('%B')} to {b.strftime('%B %Y')}"
        return f"{a.strftime('%B %Y')} to {b.strftime('%B %Y')}"

    @property
    def short_title(self) -> str:
        """Column-header form, e.g. 'Jul-Dec 18' or 'Oct 18-Mar 19'."""
        a, b = self.first_month, self.last_month
        if a == b:
            return a.strftime("%b %y")
        if a.year == b.year:
            return f"{a.strftime('%b')}\u2013{b.strftime('%b %y')}"
        return f"{a.strftime('%b %y')}\u2013{b.strftime('%b %y')}"

    @property
    def slug(self) -> str:
        """Folder-safe name of the canonical label."""
        return re.sub(r"[^0-9A-Za-z_-]+", "_", self.label)

    @property
    def legacy_slugs(self) -> list[str]:
        """Folder names earlier versions used for this period (a quarter, half or year typed as
        a month range was filed under ``YYYY-MM_YYYY-MM``), so existing commentary stays found."""
        first, last = self.first_month, self.last_month
        old = str(first) if first == last else f"{first}_{last}"
        return [] if old == self.slug else [old]

    @property
    def period_type(self) -> str:
        """monthly | quarterly | six_monthly | annual | other, from the number of months."""
        return {1: "monthly", 3: "quarterly", 6: "six_monthly", 12: "annual"}.get(self.n_months, "other")

    def previous(self) -> "Period":
        """The period of the same length immediately before this one."""
        n = self.n_months
        return _range(self.first_month - n, self.first_month - 1)

    def same_period_last_year(self) -> "Period":
        return _range(self.first_month - 12, self.last_month - 12)

    def history_start(self, months: int = 36) -> pd.Period:
        """First month of a history window of ``months`` months ending with this period."""
        return self.last_month - (months - 1)

    def financial_year_end(self, month: pd.Period | None = None) -> int:
        """Year Y of the financial year ending 31 March Y that contains ``month`` (default: last)."""
        m = month or self.last_month
        return m.year + 1 if m.month >= 4 else m.year


def uk_date(value) -> str:
    """A date as a committee reads it: '24 January 2019' ('' when missing). Printed pages never
    show ISO dates."""
    if value is None or value == "" or pd.isna(value):
        return ""
    ts = pd.Timestamp(value)
    return f"{ts.day} {ts.strftime('%B %Y')}"


def canonical_label(first: pd.Period, last: pd.Period) -> str:
    """The one name of the months ``first``..``last`` (see module docstring)."""
    if first == last:
        return str(first)
    n = (last - first).n + 1
    fy_offset = (first.month - 4) % 12  # months since the April that starts its financial year
    fy = first.year if first.month >= 4 else first.year - 1
    fy_name = f"{fy}-{(fy + 1) % 100:02d}"
    if n == 3 and fy_offset % 3 == 0:
        return f"{fy_name}-Q{fy_offset // 3 + 1}"
    if n == 6 and fy_offset % 6 == 0:
        return f"{fy_name}-H{fy_offset // 6 + 1}"
    if n == 12 and fy_offset == 0:
        return fy_name
    return f"{first}..{last}"


def _range(first: pd.Period, last: pd.Period) -> Period:
    if last < first:
        raise PeriodError(f"period ends ({last}) before it starts ({first})")
    return Period(first, last, canonical_label(first, last))


def _fy_start(text: str) -> int:
    a, b = text.split("-")
    start = int(a)
    if (start + 1) % 100 != int(b) % 100:
        raise PeriodError(f"'{text}' is not a financial year like 2018-19")
    return start


def parse_period(text: str) -> Period:
    """Parse a period string (see module docstring); raises ``PeriodError`` with a clear message."""
    t = str(text).strip()
    try:
        if m := re.fullmatch(r"(\d{4}-\d{2})\s*\.\.\s*(\d{4}-\d{2})", t):
            return _range(pd.Period(m[1], "M"), pd.Period(m[2], "M"))
        if re.fullmatch(r"\d{4}-(0[1-9]|1[0-2])", t):
            return _range(pd.Period(t, "M"), pd.Period(t, "M"))
        if m := re.fullmatch(r"(\d{4}-\d{2})-([QqHh])([1-4])", t):
            y = _fy_start(m[1])
            kind, n = m[2].upper(), int(m[3])
            april = pd.Period(f"{y}-04", "M")
            if kind == "Q":
                first = april + 3 * (n - 1)
                return _range(first, first + 2)
            if n > 2:
                raise PeriodError(f"'{t}': a financial year has halves H1 and H2 only")
            first = april + 6 * (n - 1)
            return _range(first, first + 5)
        if re.fullmatch(r"\d{4}-\d{2}", t):
            y = _fy_start(t)
            return _range(pd.Period(f"{y}-04", "M"), pd.Period(f"{y + 1}-03", "M"))
    except PeriodError:
        raise
    except (ValueError, TypeError) as exc:
        raise PeriodError(f"cannot read period '{t}': {exc}") from None
    raise PeriodError(
        f"cannot read period '{t}'. Use 2018-07..2018-12, 2018-07, 2018-19-Q3, 2018-19-H1 or 2018-19"
    )
