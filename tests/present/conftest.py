"""Shared fixtures for presentation tests: a small registry and long indicator frames built
here (the real REGISTRY is filled elsewhere)."""
from __future__ import annotations

import pandas as pd
import pytest

from safeguarding.indicators.registry import Indicator
from safeguarding.params import params_from_dict


def make_indicator(id, unit="percent", polarity="high", aggregation="pooled", rag=True, section="cp",
                   title=None, status="national"):
    return Indicator(
        id=id, section=section, title=title or id.replace("_", " ").capitalize(),
        definition=f"Definition of {id}.", numerator="children seen in time",
        denominator="children due a visit" if unit == "percent" else "",
        unit=unit, window="month", polarity=polarity, status=status, source="Test source",
        aggregation=aggregation, rag=rag,
    )


def build_registry():
    inds = [
        make_indicator("visits_pct", title="Children visited within 10 working days"),
        make_indicator("contacts", unit="count", polarity="none", aggregation="sum", rag=False,
                       title="Contacts received", section="front_door"),
        make_indicator("rereferral_pct", polarity="low", title="Re-referrals within 12 months",
                       section="front_door"),
    ]
    return {i.id: i for i in inds}


@pytest.fixture
def registry():
    return build_registry()


@pytest.fixture
def params():
    return build_params()


def build_params():
    return params_from_dict({
        "disclosure": {"threshold": 5},
        "targets": {
            "visits_pct": {"target": 90, "tolerance_type": "absolute", "amber_band": 5},
            "rereferral_pct": {"label": "Under review"},
        },
    })


def month_row(ind, month, num, den, unit="percent"):
    value = None
    if unit == "percent":
        value = 100.0 * num / den if den else None
    elif unit == "count":
        value = num
    p = pd.Period(month, "M")
    return dict(indicator_id=ind, title=ind, section="x", period_type="month", month=month,
                start=p.start_time.normalize(), end=p.end_time.normalize(), numerator=num,
                denominator=den, value=value, lower=None, upper=None, unit=unit,
                polarity="high", status="national")


def period_row(ind, first, last, num, den, unit="percent", lower=None, upper=None):
    a, b = pd.Period(first, "M"), pd.Period(last, "M")
    value = (100.0 * num / den if den else None) if unit == "percent" else num
    return dict(indicator_id=ind, title=ind, section="x", period_type="period", month=f"{first}..{last}",
                start=a.start_time.normalize(), end=b.end_time.normalize(), numerator=num,
                denominator=den, value=value, lower=lower, upper=upper, unit=unit,
                polarity="high", status="national")


MONTHS = ["2018-07", "2018-08", "2018-09", "2018-10", "2018-11", "2018-12"]


@pytest.fixture
def long_frame():
    return build_long_frame()


def build_long_frame():
    """Hand-made long frame for July-December 2018.

    visits_pct: Jul 51/60, Aug 40/50, Sep 8/9 (small denominator), Oct no row, Nov 0/0 (n/a),
      Dec 45/50. Period 144/169 = 85.2 % (amber vs 90 ± 5). Previous period 150/180 = 83.3 %
      (+1.9 points -> improving), same period last year 170/180 = 94.4 % (worsening).
    contacts: Jul 100, Aug 3 (suppressed), Sep 120, Oct 110, Nov 90, Dec 95; period 518;
      previous period 500 (+3.6 % -> no change), last year 400 (up, neutral).
    """
    rows = [
        month_row("visits_pct", "2018-07", 51, 60),
        month_row("visits_pct", "2018-08", 40, 50),
        month_row("visits_pct", "2018-09", 8, 9),
        month_row("visits_pct", "2018-11", 0, 0),
        month_row("visits_pct", "2018-12", 45, 50),
        period_row("visits_pct", "2018-07", "2018-12", 144, 169, lower=79.1, upper=89.8),
        period_row("visits_pct", "2018-01", "2018-06", 150, 180),
        period_row("visits_pct", "2017-07", "2017-12", 170, 180),
    ]
    for m, v in zip(MONTHS, [100, 3, 120, 110, 90, 95]):
        rows.append(month_row("contacts", m, v, None, unit="count"))
    rows += [
        period_row("contacts", "2018-07", "2018-12", 518, None, unit="count"),
        period_row("contacts", "2018-01", "2018-06", 500, None, unit="count"),
        period_row("contacts", "2017-07", "2017-12", 400, None, unit="count"),
    ]
    df = pd.DataFrame(rows)
    for c in ["numerator", "denominator", "value", "lower", "upper"]:
        df[c] = pd.to_numeric(df[c], errors="coerce").astype("float64")
    return df
