"""How much of a month or period the data cover, as the report shows it.

The long indicator frame may carry a ``coverage`` column: ``full``; ``partial`` (the month of
the extract date, or a period running past it: the figures count only the days up to the
extract); ``none`` (wholly after the extract date: unknown, never zero). A frame without the
column (prepared before coverage was recorded) is read as ``full`` throughout.

The report then shows ``none`` as n/a and as a gap in charts, marks ``partial`` with
:data:`PART_MARK`, and never rates or compares either (``present.rag``, ``present.travel``).
"""
from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd

COVERAGE = "coverage"
FULL, PARTIAL, NONE = "full", "partial", "none"
PART_MARK = "\u2021"  # double dagger: the dagger already marks low denominators


def coverage_of(row: Any) -> str:
    """``full`` | ``partial`` | ``none`` for one row (a Series or mapping); ``full`` when the
    row or its coverage is missing."""
    if row is None:
        return FULL
    try:
        value = row[COVERAGE]
    except (KeyError, IndexError, TypeError):
        return FULL
    return value if value in (PARTIAL, NONE) else FULL


def is_complete(row: Any) -> bool:
    return coverage_of(row) == FULL


def complete_values(rows: pd.DataFrame, column: str = "value") -> pd.Series:
    """``rows[column]`` as floats with every partly or not covered row set to NaN: what a chart
    line or an SPC calculation may use (a part month's count is too low, not a fall)."""
    values = pd.to_numeric(rows[column], errors="coerce").astype("float64")
    if COVERAGE in rows.columns:
        values = values.where(rows[COVERAGE].fillna(FULL).eq(FULL).to_numpy(), np.nan)
    return values


def partial_months(rows: pd.DataFrame) -> set[str]:
    """Months (``YYYY-MM``) whose monthly rows are partly covered."""
    if COVERAGE not in rows.columns or "period_type" not in rows.columns:
        return set()
    hit = rows[(rows["period_type"] == "month") & (rows[COVERAGE] == PARTIAL)]
    return set(hit["month"].astype(str))


def _day(ts: pd.Timestamp) -> str:
    return f"{ts.day} {ts.strftime('%B %Y')}"


def _months_text(first: pd.Period, last: pd.Period) -> str:
    if first == last:
        return first.strftime("%B %Y")
    return f"{first.strftime('%B %Y')} to {last.strftime('%B %Y')}"


def period_banner(period, extract_date) -> str | None:
    """The notice every page carries when ``period`` ends after the extract date (None when the
    data cover the whole period). ``period``: a ``periods.Period``."""
    if extract_date is None or extract_date == "" or pd.isna(pd.Timestamp(extract_date)):
        return None
    extract = pd.Timestamp(extract_date).normalize()
    if period.end <= extract:
        return None
    extract_month = extract.to_period("M")
    parts = []
    if extract_month >= period.first_month and extract < extract_month.end_time.normalize():
        parts.append(f"{extract_month.strftime('%B %Y')} is a part month ({PART_MARK})")
    first_missing = max(extract_month + 1, period.first_month)
    if first_missing <= period.last_month:
        parts.append(f"{_months_text(first_missing, period.last_month)} "
                     f"{'has' if first_missing == period.last_month else 'have'} no data yet (n/a)")
    return (f"Incomplete period: the data were extracted on {_day(extract)}, before this period "
            f"ends on {_day(period.end)}. " + "; ".join(parts) + ". Figures for the "
            "period are incomplete: they are not rated against targets or compared with earlier "
            "periods.")


def period_banner_short(period, extract_date) -> str | None:
    """The same notice in a few words, for the printed page's margin."""
    if period_banner(period, extract_date) is None:
        return None
    return f"Incomplete period: data extracted {_day(pd.Timestamp(extract_date))}"


__all__ = ["COVERAGE", "FULL", "PARTIAL", "NONE", "PART_MARK", "coverage_of", "is_complete",
           "complete_values", "partial_months", "period_banner", "period_banner_short"]
