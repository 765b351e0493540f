"""Summary tables as an inspector reads them: a Total row, 95 % intervals on percentages, no
empty or repeated columns, and no years the data cannot describe.

* :func:`breakdown_table` - a breakdown by team, worker or group. A percentage keeps numerator,
  denominator, the percentage and its Wilson 95 % interval; a count (or a rate's numerator) is
  one ``count`` column. Both end with a Total row (the indicator for the window).
* :func:`first_complete_year` / :func:`complete_years` - drift intervals pair each event with the
  child's latest earlier event. An Annex A list starts mid-history: before its window it holds
  only the episodes still open (a few CP plans from 2012) or nothing (referrals from January
  2015), so a later event in those years cannot see its earlier step and its interval is short
  or missing. The earlier list covers the history from the first quarter after the last one
  whose count is under half the median of its last four full quarters; a later event needs a
  year of that history behind it, so the years shown start with the first financial year
  beginning at least 12 months after the cover starts. Later events before it are counted in
  ``attrs["left_out"]`` and said on the table, never silently dropped.
"""
from __future__ import annotations

import numpy as np
import pandas as pd

from ..stats.intervals import wilson
from .drift import STEPS

TOTAL = "Total"


def breakdown_table(groups: pd.DataFrame, by: str) -> pd.DataFrame:
    """``groups`` (``cohort.breakdown_frame``: by, numerator, denominator, value, unit) with a
    Total row; percentages with ``lower_95`` and ``upper_95`` (Wilson), counts as one column."""
    unit = str(groups["unit"].iloc[0]) if len(groups) else "count"
    percent = unit == "percent"
    if percent:
        table = groups[[by, "numerator", "denominator"]].copy()
    else:
        table = groups[[by, "numerator"]].rename(columns={"numerator": "count"})
    total = table.drop(columns=[by]).sum(numeric_only=True)
    table = pd.concat([table, pd.DataFrame([{by: TOTAL, **total.to_dict()}])], ignore_index=True)
    if percent:
        num, den = table["numerator"].to_numpy(float), table["denominator"].to_numpy(float)
        lower, upper = wilson(num, den)
        with np.errstate(invalid="ignore", divide="ignore"):
            table["percent"] = np.where(den > 0, 100 * num / den, np.nan)
        table["lower_95"], table["upper_95"] = 100 * lower, 100 * upper
        table = table.astype({"numerator": int, "denominator": int})
    else:
        table = table.astype({"count": int})
    table.attrs.update(groups.attrs)
    table.attrs["unit"] = unit
    return table


STEP_NAMES = {"referral": "referral", "cp_plan": "CP plan", "care": "care", "assessment": "assessment",
              "s47": "S47 enquiry"}


def first_complete_year(tables, from_step: str) -> pd.Timestamp | None:
    """1 April of the first financial year with a whole year of the earlier list behind it
    (module docstring)."""
    table, column = STEPS[from_step]
    dates = tables[table][column].dropna() if table in tables and len(tables[table]) else pd.Series(dtype="datetime64[ns]")
    if not len(dates):
        return None
    quarters = pd.Series(1, index=pd.DatetimeIndex(dates).to_period("Q")).groupby(level=0).sum()
    quarters = quarters.reindex(pd.period_range(quarters.index.min(), quarters.index.max(), freq="Q"), fill_value=0)
    full = quarters.iloc[:-1] if len(quarters) > 1 else quarters  # the last quarter is usually part of one
    usual = full.iloc[-4:].median()
    sparse = full.index[full < usual / 2]
    covered = (sparse.max() + 1).start_time if len(sparse) else quarters.index.min().start_time
    start = covered + pd.DateOffset(years=1)  # a year of the earlier list behind every later event
    april = pd.Timestamp(year=start.year, month=4, day=1)
    return april if april >= start else pd.Timestamp(year=start.year + 1, month=4, day=1)


def complete_years(rows: pd.DataFrame, since: pd.Timestamp | None, from_step: str) -> pd.DataFrame:
    """The interval rows whose later event is on or after ``since`` (``attrs["left_out"]``: how
    many were not, and why)."""
    if since is None:
        return rows
    keep = rows["to_date"] >= since
    out = rows[keep].reset_index(drop=True)
    out.attrs.update(rows.attrs)
    left = int((~keep).sum())
    if left:
        name = STEP_NAMES.get(from_step, from_step)
        out.attrs["left_out"] = (f"{left:,} earlier events (before {since:%d/%m/%Y}) are left out: the {name} list "
                                 f"does not cover the year before them whole (before its window it holds only "
                                 f"episodes still open, or none), so their {name} may be missing and the interval "
                                 "too short or absent.")
    return out


__all__ = ["TOTAL", "breakdown_table", "complete_years", "first_complete_year"]
