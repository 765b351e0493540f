"""Compute every registered indicator for a report period, once, in the long format.

Rows (docs/architecture.md section 5):

* ``period_type == "month"`` - each month of the history window (``conventions.history_months``
  months ending with the period), ``month`` = ``"YYYY-MM"``;
* ``period_type == "period"`` - the report period, the previous period and the same period
  last year, ``month`` = the period label;
* ``period_type == "year"`` - each financial year ending 31 March inside the history window,
  computed to the DfE annual definition (flows over the year, stocks at 31 March),
  ``month`` = ``"2018"`` for the year ending 31 March 2018.

Values: counts as counted; percentages 0-100 (missing when there is no denominator - shown as
"n/a", never 0%); rates per 10,000 children aged 0-17 with the population in ``denominator``;
days/weeks as returned (e.g. a mean) with the number of cases in ``denominator``.
Intervals: Wilson 95% for percentages, exact Poisson / Byar for counts and rates.

``coverage`` says how much of a row's window the data can describe (``mark_coverage``):
``full``; ``partial`` (the extract month, or the first month of a list's window when it starts
part-way through); ``none`` (a month after the extract date, before the window of a list or
extract the figure is built from, or any month when such a list holds no rows at all -
numerator, denominator, value, lower and upper are all NaN). Period, rolling and year rows take
the worst of the months they read. Which lists a figure is built from is the registry's
``Indicator.table`` (``Indicator.optional`` names those it can do without); docs/indicators.md
states the rule.
"""
from __future__ import annotations

import importlib

import numpy as np
import pandas as pd

from ..params import Params
from ..periods import Period
from ..stats.intervals import poisson_count, rate_interval, wilson
from ..history import NO_ROWS, data_windows, list_windows, local_windows  # noqa: F401 (the coverage API)
from .base import COMPUTE, Context, Measure
from .registry import REGISTRY

SECTION_MODULES = ["front_door", "out_of_hours", "assessments", "cin", "cp", "private_fostering",
                   "young_carers", "lado", "proceedings", "quality"]
COLUMNS = ["indicator_id", "title", "section", "period_type", "month", "start", "end", "numerator",
           "denominator", "value", "lower", "upper", "unit", "polarity", "status", "coverage"]


MISSING_SECTIONS: list[str] = []  # section modules not (yet) present; see load_definitions


def load_definitions() -> list[str]:
    """Import every section module so that its indicators register themselves.

    A section module that does not exist (yet) is skipped and listed in ``MISSING_SECTIONS`` (and
    returned) rather than stopping every other section; any other import error is raised.
    """
    MISSING_SECTIONS.clear()
    for name in SECTION_MODULES:
        module = f"{__package__}.{name}"
        try:
            importlib.import_module(module)
        except ModuleNotFoundError as exc:
            if exc.name != module:
                raise
            MISSING_SECTIONS.append(name)
    return list(MISSING_SECTIONS)


def month_window(window: str, month: pd.Period) -> tuple[pd.Timestamp, pd.Timestamp]:
    end = month.end_time.normalize()
    if window == "rolling_12":
        return (month - 11).start_time.normalize(), end
    return month.start_time.normalize(), end


def _windows(window: str, aggregation: str, period: Period, months: pd.PeriodIndex):
    """(period_type, label, row_start, row_end, calc_start, calc_end) for every row of one indicator.

    ``row_*`` is the month, period or year the row describes (what tables match on); ``calc_*``
    is the window the indicator is computed over: the same for flows, the 12 months ending with
    the row's last month for rolling measures, and the row's last day for stocks.
    """
    out = []
    for m in months:
        out.append(("month", str(m), m.start_time.normalize(), m.end_time.normalize(), *month_window(window, m)))
    for p in (period, period.previous(), period.same_period_last_year()):
        if aggregation == "end" or window in ("rolling_12", "month_end"):
            out.append(("period", p.label, p.start, p.end, *month_window(window, p.last_month)))
        else:
            out.append(("period", p.label, p.start, p.end, p.start, p.end))
    first, last = months[0], months[-1]
    for year in range(first.year, last.year + 1):
        march = pd.Period(f"{year}-03", "M")
        if march < first or march > last:
            continue
        # Flows over the financial year; a rolling 12 months at March is the same window; stocks
        # use the window's end, 31 March.
        start, end = pd.Timestamp(f"{year - 1}-04-01"), pd.Timestamp(f"{year}-03-31")
        out.append(("year", str(year), start, end, start, end))
    return out


def compute_indicators(tables: dict[str, pd.DataFrame], params: Params, period: Period,
                       ids: list[str] | None = None,
                       extract_date: pd.Timestamp | None = None) -> pd.DataFrame:
    """All indicators (or ``ids``) for ``period`` as one long DataFrame (see module docstring).
    ``extract_date``: months after it are unknown (``coverage`` "none", see ``mark_coverage``)."""
    load_definitions()
    ctx = Context(tables=tables, params=params, period=period)
    months = pd.period_range(period.history_start(params.conventions.history_months),
                             period.last_month, freq="M")
    records = []
    windows = {}  # the same windows for every indicator of one kind (Period arithmetic is slow)
    data = data_windows(tables, params.conventions)
    for indicator_id in ids or list(COMPUTE):
        definition = REGISTRY[indicator_id]
        fn = COMPUTE[indicator_id]
        kind = (definition.window, definition.aggregation)
        if kind not in windows:
            windows[kind] = _windows(definition.window, definition.aggregation, period, months)
        # A list the figure needs holds no rows: mark_coverage makes every row "none" and blanks
        # all its numbers, so computing it over the empty table would be thrown away.
        unknown = indicator_window_start(indicator_id, data) is NO_ROWS
        measures = {}  # a period's last month or a financial year can repeat a month's window
        for period_type, label, start, end, calc_start, calc_end in windows[kind]:
            if (calc_start, calc_end) not in measures:
                measures[calc_start, calc_end] = Measure() if unknown else fn(ctx, calc_start, calc_end)
            measure = measures[calc_start, calc_end]
            population = ctx.population_at(calc_end) if definition.unit == "rate_per_10k" else None
            records.append((indicator_id, period_type, label, start, end, calc_start, calc_end,
                            measure.numerator, population if population is not None else measure.denominator,
                            measure.value))
    frame = pd.DataFrame(records, columns=["indicator_id", "period_type", "month", "start", "end",
                                           "calc_start", "calc_end", "numerator", "denominator", "value"])
    extract = pd.Timestamp(extract_date).normalize() if extract_date is not None else None
    return finish(mark_coverage(frame, tables, params.conventions, extract, windows=data))


# Indicators that look back before their window, in months (re-referrals handle their own
# look-back: List 3's 12-month count for a child's latest referral, the extract for the rest).
LOOKBACK_MONTHS: dict[str, int] = {}


def _names(text: str) -> set[str]:
    return {t.strip() for t in text.split(",") if t.strip()}


def indicator_window_start(indicator_id: str, windows: dict) -> pd.Timestamp | str | None:
    """Where the data an indicator is built from start (``data_windows``): ``NO_ROWS`` when a
    list it needs (``Indicator.table`` but not ``Indicator.optional``) holds no rows; else the
    latest window start among the lists it reads that hold rows; None when nothing masks it."""
    definition = REGISTRY[indicator_id]
    read = _names(definition.table) & set(windows)
    needed = read - _names(definition.optional)
    if any(windows[t] is NO_ROWS for t in needed):
        return NO_ROWS
    starts = [windows[t] for t in read if isinstance(windows[t], pd.Timestamp)]
    return max(starts) if starts else None


def _partly_before(start: pd.Timestamp) -> bool:
    """True when the month of ``start`` has a working day before it (data cover part of it)."""
    from ..workdays import is_working_day
    days = pd.date_range(start.to_period("M").start_time, start - pd.Timedelta(days=1), freq="D")
    return bool(len(days)) and bool(is_working_day(days.to_numpy()).any())


def mark_coverage(frame: pd.DataFrame, tables: dict[str, pd.DataFrame], conventions,
                  extract_date: pd.Timestamp | None = None, *, windows: dict | None = None) -> pd.DataFrame:
    """Add ``coverage`` (full / partial / none) and blank every ``none`` row.

    A row reads the months from its calculation start (minus any look-back; a stock: its date)
    to its calculation end. ``none``: a list or extract the figure needs holds no rows at all,
    or one of those months lies after the extract date's month or before the month the window
    of a list or extract it reads starts (``data_windows``, ``indicator_window_start``) - the
    figure would be 0 or too low, so it is n/a. ``partial``: otherwise, the extract month when
    the extract date is not its last day, or the first month of a window that starts after that
    month's first working day. ``windows``: ``data_windows(tables, conventions)`` when the
    caller has them already."""
    frame = frame.copy()
    windows = data_windows(tables, conventions) if windows is None else windows
    coverage = np.full(len(frame), "full", dtype=object)
    last_known = extract_date.to_period("M") if extract_date is not None else None
    extract_partial = extract_date is not None and extract_date.normalize() < extract_date.to_period("M").end_time.normalize()
    # months of every row at once (Period conversion is slow row by row per indicator)
    start_months = frame["calc_start"].dt.to_period("M")
    end_months = frame["calc_end"].dt.to_period("M")
    for indicator_id, rows in frame.groupby("indicator_id", sort=False).indices.items():
        definition = REGISTRY[indicator_id]
        reach_months = end_months if definition.window == "month_end" else start_months
        lookback = LOOKBACK_MONTHS.get(indicator_id, 0)
        if lookback:
            reach = frame["calc_end" if definition.window == "month_end" else "calc_start"].iloc[rows]
            first = (reach - pd.DateOffset(months=lookback)).dt.to_period("M")
        else:
            first = reach_months.iloc[rows]
        last = end_months.iloc[rows]
        state = np.full(len(rows), "full", dtype=object)
        start = indicator_window_start(indicator_id, windows)
        if start is NO_ROWS:
            state[:] = "none"
        elif start is not None:
            start_month = start.to_period("M")
            if _partly_before(start):
                state[(first == start_month).to_numpy()] = "partial"
            state[(first < start_month).to_numpy()] = "none"
        if last_known is not None:
            if extract_partial:
                state[((last == last_known).to_numpy()) & (state != "none")] = "partial"
            state[(last > last_known).to_numpy()] = "none"
        coverage[rows] = state
    frame["coverage"] = coverage
    frame.loc[coverage == "none", ["numerator", "denominator", "value"]] = float("nan")
    return frame


def finish(frame: pd.DataFrame) -> pd.DataFrame:
    """Add values, intervals and registry fields to raw (numerator, denominator, value) rows."""
    frame = frame.copy()
    for col in ("numerator", "denominator", "value"):
        frame[col] = pd.to_numeric(frame[col], errors="coerce").astype(float)
    meta = pd.DataFrame([vars(REGISTRY[i]) for i in frame["indicator_id"].unique()])
    meta = meta[["id", "title", "section", "unit", "polarity", "status"]].rename(columns={"id": "indicator_id"})
    frame = frame.merge(meta, on="indicator_id", how="left")
    num, den = frame["numerator"].to_numpy(), frame["denominator"].to_numpy()
    value = frame["value"].to_numpy().copy()
    lower = np.full(len(frame), np.nan)
    upper = np.full(len(frame), np.nan)
    unit = frame["unit"].to_numpy()

    is_count = unit == "count"
    value[is_count] = num[is_count]
    lo, hi = poisson_count(num[is_count])
    lower[is_count], upper[is_count] = lo, hi

    is_pct = unit == "percent"
    with np.errstate(invalid="ignore", divide="ignore"):
        pct = np.where(den[is_pct] > 0, 100 * num[is_pct] / den[is_pct], np.nan)
    value[is_pct] = pct
    lo, hi = wilson(num[is_pct], den[is_pct])
    lower[is_pct], upper[is_pct] = 100 * lo, 100 * hi

    is_rate = unit == "rate_per_10k"
    with np.errstate(invalid="ignore", divide="ignore"):
        value[is_rate] = np.where(den[is_rate] > 0, num[is_rate] / den[is_rate] * 10_000, np.nan)
    lo, hi = rate_interval(num[is_rate], den[is_rate])
    lower[is_rate], upper[is_rate] = lo, hi

    frame["value"], frame["lower"], frame["upper"] = value, lower, upper
    if "coverage" not in frame:
        frame["coverage"] = "full"
    unknown = (frame["coverage"] == "none").to_numpy()
    frame.loc[unknown, ["numerator", "denominator", "value", "lower", "upper"]] = np.nan
    return frame[COLUMNS]
