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
"""
from __future__ import annotations

import importlib

import numpy as np
import pandas as pd

from ..params import Params
from ..periods import Period
from ..stats.intervals import poisson_count, rate_interval, wilson
from .base import COMPUTE, Context
from .registry import REGISTRY

SECTION_MODULES = ["front_door", "assessments", "cin", "cp", "private_fostering", "young_carers",
                   "lado", "proceedings"]
COLUMNS = ["indicator_id", "title", "section", "period_type", "month", "start", "end", "numerator",
           "denominator", "value", "lower", "upper", "unit", "polarity", "status"]


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
                       ids: list[str] | None = None) -> pd.DataFrame:
    """All indicators (or ``ids``) for ``period`` as one long DataFrame (see module docstring)."""
    load_definitions()
    ctx = Context(tables=tables, params=params, period=period)
    months = pd.period_range(period.history_start(params.conventions.history_months),
                             period.last_month, freq="M")
    records = []
    for indicator_id in ids or list(COMPUTE):
        definition = REGISTRY[indicator_id]
        fn = COMPUTE[indicator_id]
        for period_type, label, start, end, calc_start, calc_end in _windows(
                definition.window, definition.aggregation, period, months):
            measure = fn(ctx, calc_start, calc_end)
            population = ctx.population_at(calc_end) if definition.unit == "rate_per_10k" else None
            records.append((indicator_id, period_type, label, start, end, calc_start, calc_end,
                            measure.numerator, population if population is not None else measure.denominator,
                            measure.value))
    frame = pd.DataFrame(records, columns=["indicator_id", "period_type", "month", "start", "end",
                                           "calc_start", "calc_end", "numerator", "denominator", "value"])
    return finish(mask_before_coverage(frame, tables, params.conventions))


# Indicators that look back before their window, in months (re-referrals handle their own
# look-back: where history is short they use List 3's 12-month referral count instead).
LOOKBACK_MONTHS: dict[str, int] = {}
ANNEX_A = {"contacts", "early_help", "referrals", "assessments", "s47", "cin", "cp_plans", "looked_after"}


# Flow lists and the date that puts a row in an Annex A extract's window.
ANNEX_A_FLOW_DATES = (("contacts", "contact_date"), ("early_help", "eh_start_date"),
                      ("referrals", "referral_date"), ("assessments", "assessment_start_date"),
                      ("s47", "s47_start_date"))


def annex_a_coverage(tables: dict[str, pd.DataFrame]) -> pd.Timestamp | None:
    """First day of the Annex A extract window: the earliest event in any flow list (contacts,
    early help, referrals, assessments, S47s). Councils' Annex A extracts often cover only 6-12
    months, and every flow list then starts at the window; when some list holds older events
    (a longer referral history, say) the earliest is taken, so nothing the data can show is
    hidden. Episode lists (CIN, CP, care) hold long-open episodes and do not count. Local extracts
    are full histories and are not masked. None when no flow list has rows."""
    earliest = []
    for table, column in ANNEX_A_FLOW_DATES:
        frame = tables.get(table)
        if frame is not None and len(frame) and frame[column].notna().any():
            earliest.append(frame[column].min())
    return min(earliest) if earliest else None


def data_from(tables: dict[str, pd.DataFrame], conventions) -> pd.Timestamp | None:
    """From when the Annex A lists hold every event (``conventions.annex_a_data_from``): "auto"
    = ``annex_a_coverage``, an ISO date, or "none" (None: treat the data as complete)."""
    setting = conventions.annex_a_data_from
    if setting == "none":
        return None
    return annex_a_coverage(tables) if setting == "auto" else pd.Timestamp(setting)


def mask_before_coverage(frame: pd.DataFrame, tables: dict[str, pd.DataFrame], conventions) -> pd.DataFrame:
    """Blank windows that reach back before the Annex A extract begins, so a short extract shows
    "n/a" for early months instead of counts that are too low (see ``data_from``)."""
    frame = frame.copy()
    first = data_from(tables, conventions)
    if first is None:
        return frame
    for indicator_id in frame["indicator_id"].unique():
        definition = REGISTRY[indicator_id]
        if not {t.strip() for t in definition.table.split(",")} & ANNEX_A:
            continue
        rows = frame["indicator_id"] == indicator_id
        reach = frame.loc[rows, "calc_end"] if definition.window == "month_end" else frame.loc[rows, "calc_start"]
        reach = reach - pd.DateOffset(months=LOOKBACK_MONTHS.get(indicator_id, 0))
        # a window starting on the 1st is covered by data starting in its first days (the first
        # working day of a month): compare months, not days
        early = reach.dt.to_period("M") < first.to_period("M")
        frame.loc[early[early].index, ["numerator", "denominator", "value"]] = float("nan")
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
    return frame[COLUMNS]
