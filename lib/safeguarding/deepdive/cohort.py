"""``cohort()`` and ``breakdown()``: the records or children behind an indicator, labelled.

RESTRICTED: cohorts are child-level (IDs, dates, teams, workers); they are for analysts inside the
council and never go into the open edition.
"""
from __future__ import annotations

import dataclasses

import numpy as np
import pandas as pd

from ..indicators.base import Context
from ..indicators.compute import load_definitions, month_window
from ..indicators.registry import REGISTRY
from ..inputs.codes import code_list_for
from ..params import Params
from ..periods import Period
from .dates import amount, as_date, as_month
from .groups import (NOT_RECORDED, age_bands, disability_label, ethnicity_detail, ethnicity_group,
                     sex_label, sort_groups)
from .members import MEMBERS, Members
from .status import restate_snapshot_columns
from . import members_local  # noqa: F401  (registers the local-extract cohorts)

# Threshold keyword -> (the convention it overrides, unit of the value)
THRESHOLDS = {
    "cp_open_longer_than": ("two_year_plan_days", "days"),
    "cp_ceased_longer_than": ("two_year_plan_days", "days"),
    "assessment_longer_than": ("assessment_timescale_working_days", "working days"),
    "icpc_later_than": ("icpc_timescale_working_days", "working days"),
    "rereferral_within": ("rereferral_lookback_months", "months"),
    "contact_to_referral_within": ("contact_to_referral_days", "days"),
    "mash_decision_within": ("mash_decision_working_days", "working days"),
}
DIMENSIONS = ["team", "worker", "age_band", "sex", "ethnicity_group", "ethnicity", "disability"]
DISABILITY_TABLES = ["cin", "assessments", "s47", "cp_plans"]


def supported() -> list[str]:
    """Indicator ids ``cohort`` can list (those counting records or children of Lists 1-8)."""
    load_definitions()
    return [i for i in REGISTRY if i in MEMBERS]


def _check(name: str, valid, what: str) -> None:
    if name not in valid:
        raise ValueError(f"unknown {what} '{name}'; valid: {', '.join(valid)}")


def _amount(text, unit: str, end: pd.Timestamp) -> int:
    """'18 months', '2 years', '90 days', '45 working days' or a number (in ``unit``) -> the
    convention's unit. Months and years in a days setting are counted back from ``end`` on the
    calendar (18 months before 31 Dec 2018 is 30 Jun 2017: 549 days)."""
    n, given = amount(text, "threshold")
    given, want = given or unit.rstrip("s"), unit.rstrip("s")
    if given == want:
        return n
    if want == "day" and given in ("month", "year", "week"):
        back = end - (pd.DateOffset(months=n) if given == "month" else
                      pd.DateOffset(years=n) if given == "year" else pd.Timedelta(weeks=n))
        return int((end - back).days)
    if want == "month" and given == "year":
        return 12 * n
    raise ValueError(f"'{text}': give this threshold in {unit}")


def window_for(indicator_id: str, period: Period, *, month=None, as_at=None, start=None, end=None
               ) -> tuple[pd.Timestamp, pd.Timestamp]:
    """The window an indicator is computed over: a month (``"2018-11"``), a date (``as_at``, for
    stocks and rolling measures), an explicit ``start``/``end``, or by default the report period
    (as its "period" row in indicators.csv)."""
    definition = REGISTRY[indicator_id]
    month, as_at = as_month(month, "month"), as_date(as_at, "as_at")
    start, end = as_date(start, "start"), as_date(end, "end")
    if month is not None:
        return month_window(definition.window, month)
    if as_at is not None:
        if definition.window == "month_end":
            return as_at, as_at
        if definition.window == "rolling_12":
            return (as_at - pd.DateOffset(months=12) + pd.Timedelta(days=1)).normalize(), as_at
        raise ValueError(f"{indicator_id} counts events over a window: give month='YYYY-MM' or "
                         "start= and end=, not as_at")
    if start is not None or end is not None:
        if start is None or end is None:
            raise ValueError("give both start= and end=")
        if end < start:
            raise ValueError(f"end={end:%Y-%m-%d} is before start={start:%Y-%m-%d}")
        return start, end
    if definition.aggregation == "end" or definition.window in ("rolling_12", "month_end"):
        return month_window(definition.window, period.last_month)
    return period.start, period.end


def context_with(tables, params: Params, period: Period, end: pd.Timestamp, **thresholds) -> Context:
    """An indicator context; thresholds replace the matching conventions (a fresh context, so the
    derived frames are rebuilt with them)."""
    changes = {}
    for name, value in thresholds.items():
        _check(name, THRESHOLDS, "threshold")
        setting, unit = THRESHOLDS[name]
        changes[setting] = _amount(value, unit, end)
    if changes:
        params = dataclasses.replace(params, conventions=dataclasses.replace(params.conventions, **changes))
    return Context(tables=tables, params=params, period=period)


def members_of(tables, params: Params, period: Period, indicator_id: str, *, month=None, as_at=None,
               start=None, end=None, context: Context | None = None, **thresholds
               ) -> tuple[Members, Context, pd.Timestamp, pd.Timestamp]:
    """``context``: one to reuse (its derived frames are cached) when no threshold is given."""
    load_definitions()
    _check(indicator_id, supported(), "indicator for cohort()")
    w_start, w_end = window_for(indicator_id, period, month=month, as_at=as_at, start=start, end=end)
    ctx = context if context is not None and not thresholds else \
        context_with(tables, params, period, w_end, **thresholds)
    return MEMBERS[indicator_id](ctx, w_start, w_end, indicator_id), ctx, w_start, w_end


def _child_disability(tables) -> pd.Series:
    """Y when any list with a disability column records the child as disabled, else N when one
    records N, else U when only unknowns: for lists that hold no disability (contacts, referrals)."""
    parts = [tables[t][["child_id", "disability"]] for t in DISABILITY_TABLES
             if t in tables and len(tables[t])]
    if not parts:
        return pd.Series(dtype=object)
    flags = pd.concat(parts).dropna()
    flags["rank"] = flags["disability"].map({"Y": 3, "N": 2, "U": 1}).fillna(0)
    best = flags.sort_values("rank").drop_duplicates("child_id", keep="last")
    return best.set_index("child_id")["disability"]


def label(tables, table: str, rows: np.ndarray, at) -> pd.DataFrame:
    """Rows of a tidy table with code labels and the breakdown groups added."""
    frame = tables[table].iloc[rows].reset_index(drop=True)
    out = pd.DataFrame(index=frame.index)
    for column in frame.columns:
        out[column] = frame[column]
        codes = code_list_for(table, column)  # Annex A lists, or the local extract's own codes
        if codes is not None:
            out[f"{column}_label"] = frame[column].map(codes.labels).astype(object)
        if column == "referral_nfa":
            out["referral_nfa_label"] = frame[column].map({"Y": "No further action", "N": "Further action"})
    if "team" not in out:
        out["team"] = pd.NA
        out["worker"] = pd.NA
    dob = frame["date_of_birth"] if "date_of_birth" in frame else pd.Series(pd.NaT, index=frame.index)
    out["age_band"] = age_bands(dob, at if not isinstance(at, str) else frame[at])
    out["sex_group"] = sex_label(frame["sex"]) if "sex" in frame else NOT_RECORDED
    out["ethnicity_group"] = ethnicity_group(frame["ethnicity"]) if "ethnicity" in frame else NOT_RECORDED
    out["ethnicity_detail"] = ethnicity_detail(frame["ethnicity"]) if "ethnicity" in frame else NOT_RECORDED
    # the pre-proceedings extract names the child prep_person_id; LADO rows are about an adult
    person = next((c for c in ("child_id", "prep_person_id") if c in frame), None)
    if "disability" in frame:
        disability = frame["disability"]
    elif person is not None:
        disability = frame[person].map(_child_disability(tables))
    else:
        disability = pd.Series(pd.NA, index=frame.index, dtype=object)
    out["disability_group"] = disability_label(disability)
    return out


def cohort_frame(tables, params: Params, period: Period, indicator_id: str, **window_and_thresholds
                 ) -> pd.DataFrame:
    m, ctx, w_start, w_end = members_of(tables, params, period, indicator_id, **window_and_thresholds)
    if not len(m.rows):
        frame = label(tables, m.table, m.rows, w_end) if m.table in tables else pd.DataFrame()
    else:
        # age at the event for flows, at the window's end for stocks
        stock = REGISTRY[indicator_id].window == "month_end"
        frame = label(tables, m.table, m.rows, w_end if stock else m.date_column)
    for name, values in m.fields.items():
        frame[name] = values
    # Annex A's visit, review and status fields describe the extract date: restate them as at
    # the window's end (status.restate_snapshot_columns)
    restated = restate_snapshot_columns(ctx, m.table, frame, w_end) if m.table in ("cin", "cp_plans") else []
    frame["in_numerator"] = m.numerator
    if m.denominator is not None:
        frame["in_denominator"] = m.denominator
    frame.attrs.update(indicator_id=indicator_id, title=REGISTRY[indicator_id].title,
                       start=w_start, end=w_end, table=m.table, restated_as_at=restated,
                       conventions={k: getattr(ctx.conventions, THRESHOLDS[k][0]) for k in window_and_thresholds
                                    if k in THRESHOLDS})
    return frame


def breakdown_frame(cohort: pd.DataFrame, by: str) -> pd.DataFrame:
    """Numerator and denominator by one dimension of a cohort (``DIMENSIONS``)."""
    _check(by, DIMENSIONS, "breakdown dimension")
    column = {"sex": "sex_group", "disability": "disability_group", "ethnicity": "ethnicity_detail"}.get(by, by)
    groups = cohort[column].astype(object).where(cohort[column].notna(), NOT_RECORDED) \
        if len(cohort) else pd.Series(dtype=object)
    unit = REGISTRY[cohort.attrs["indicator_id"]].unit
    if "in_denominator" in cohort:
        table = pd.DataFrame({by: groups, "numerator": cohort["in_numerator"] & cohort["in_denominator"],
                              "denominator": cohort["in_denominator"]}).groupby(by, dropna=False).sum()
        table["value"] = np.where(table["denominator"] > 0,
                                  100 * table["numerator"] / table["denominator"].where(table["denominator"] > 0), np.nan)
        table["unit"] = "percent"
    else:
        table = pd.DataFrame({by: groups, "numerator": cohort["in_numerator"]}).groupby(by, dropna=False).sum()
        table["denominator"] = np.nan
        table["value"] = table["numerator"].astype(float)
        table["unit"] = "count" if unit != "rate_per_10k" else "count (numerator of the rate)"
    out = sort_groups(table.reset_index(), by)
    out.attrs.update(cohort.attrs)
    return out
