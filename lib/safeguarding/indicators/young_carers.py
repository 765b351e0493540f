"""Young carers: identified, open, assessed, assessed in time, supported.

Law: Children Act 1989 ss17ZA-17ZC (young carers' needs assessments) and the Young Carers
(Needs Assessments) Regulations 2015. No national assessment timescale has been confirmed, so
timeliness is a local standard (``conventions.young_carer_assessment_working_days``, default 35).

Counting rules:

* one row of ``young_carers`` is one young-carer episode (identification to closure);
* **assessed in time**: working days (``workdays.working_days_between``) from the clock start
  to ``assessment_completed_date`` no more than the local standard. The clock starts at
  ``assessment_request_date`` (request for, or decision to offer, an assessment) and, when no
  request date is recorded, at ``identified_date``. A completion recorded before the clock
  start counts as in time (the data-quality rules report the date order). An episode that ends
  before it was identified (rule YC-012) cannot be placed in time: it counts as identified and
  its assessment as completed, but it is never open at a date and is left out of timeliness;
* all assessment types count (``YC_NEEDS``, ``CIN_ASSESSMENT``, ``WHOLE_FAMILY``, ``OTHER``).
"""
from __future__ import annotations

import pandas as pd

from ..workdays import working_days_between
from .base import Context, Indicator, count, in_window, indicator, open_at, ratio

SECTION = "young_carers"
TABLE = "young_carers"


def assessment_frame(tables: dict[str, pd.DataFrame], working_days: int = 35) -> pd.DataFrame:
    """Completed assessments with ``clock_start``, ``working_days`` and ``in_time``."""
    yc = tables["young_carers"]
    # an episode ending before it was identified (rule YC-012) has no duration to measure from
    unplaced = (yc["end_date"] < yc["identified_date"]).fillna(False).astype(bool)
    done = yc[yc["assessment_completed_date"].notna() & ~unplaced].copy()
    done["clock_start"] = done["assessment_request_date"].where(
        done["assessment_request_date"].notna(), done["identified_date"]).astype("datetime64[ns]")
    done["working_days"] = working_days_between(done["clock_start"], done["assessment_completed_date"]) \
        if len(done) else pd.Series(dtype=float)
    done["in_time"] = (done["working_days"] <= working_days).fillna(False).astype(bool)
    return done


def completed_assessments(ctx: Context) -> pd.DataFrame:
    """``assessment_frame`` with the report's local standard (cached on the context)."""
    return ctx.cached("yc_assessments", lambda: assessment_frame(
        ctx.tables, ctx.conventions.young_carer_assessment_working_days))


@indicator(Indicator(
    id="yc_identified", section=SECTION,
    title="Young carers identified",
    definition="Young carers first identified or referred as a young carer in the period "
               "(one per young-carer episode, by identified date).",
    numerator="Episodes with identified_date in the period", denominator="",
    unit="count", window="month", polarity="none", status="local",
    source="Local (Children Act 1989 s17ZA definition of a young carer)",
    aggregation="sum", table=TABLE, rag=False))
def yc_identified(ctx: Context, start, end):
    yc = ctx.table("young_carers")
    return count(in_window(yc["identified_date"], start, end).sum())


@indicator(Indicator(
    id="yc_open", section=SECTION,
    title="Young carers open at month end",
    definition="Young-carer episodes identified on or before the reporting date and not ended "
               "on or before it.",
    numerator="Episodes open at the reporting date", denominator="",
    unit="count", window="month_end", polarity="none", status="local",
    source="Local", aggregation="end", table=TABLE, rag=False))
def yc_open(ctx: Context, start, end):
    yc = ctx.table("young_carers")
    return count(open_at(yc["identified_date"], yc["end_date"], end).sum())


@indicator(Indicator(
    id="yc_assessed", section=SECTION,
    title="Young carers' assessments completed",
    definition="Young carers' needs assessments (any type, including CIN assessments recording "
               "factor 7A) completed in the period.",
    numerator="Assessments with assessment_completed_date in the period", denominator="",
    unit="count", window="month", polarity="none", status="local",
    source="Local (Children Act 1989 s17ZA; Young Carers (Needs Assessments) Regulations 2015)",
    aggregation="sum", table=TABLE, rag=False))
def yc_assessed(ctx: Context, start, end):
    yc = ctx.table("young_carers")
    return count(in_window(yc["assessment_completed_date"], start, end).sum())


@indicator(Indicator(
    id="yc_assessed_in_time_pct", section=SECTION,
    title="% young carers' assessments completed within the local timescale",
    definition="Of the young carers' assessments completed in the period, the % completed within "
               "the local standard of working days (default 35) from the assessment request, or "
               "from identification when no request date is recorded (England and Wales bank "
               "holidays excluded). An episode recorded as ending before it was identified is "
               "left out.",
    numerator="Assessments completed in the period within the local standard",
    denominator="Assessments completed in the period",
    unit="percent", window="month", polarity="high", status="local",
    source="Local standard (no confirmed national timescale); params "
           "conventions.young_carer_assessment_working_days",
    aggregation="pooled", table=TABLE, rag=True))
def yc_assessed_in_time_pct(ctx: Context, start, end):
    frame = completed_assessments(ctx)
    in_time = frame["in_time"][in_window(frame["assessment_completed_date"], start, end).to_numpy()]
    return ratio(in_time.sum(), len(in_time))


@indicator(Indicator(
    id="yc_supported", section=SECTION,
    title="Young carers starting a support plan",
    definition="Young carers whose support plan started in the period.",
    numerator="Episodes with support_plan_start_date in the period", denominator="",
    unit="count", window="month", polarity="none", status="local",
    source="Local", aggregation="sum", table=TABLE, rag=False))
def yc_supported(ctx: Context, start, end):
    yc = ctx.table("young_carers")
    return count(in_window(yc["support_plan_start_date"], start, end).sum())


__all__ = ["assessment_frame", "completed_assessments"]
