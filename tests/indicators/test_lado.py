"""LADO indicators on hand-built fixtures."""
from __future__ import annotations

import math

import pytest

from .helpers import compute, make_tables, population, value

IDS = ["lado_contacts", "lado_threshold_met_pct", "lado_strategy_meetings", "lado_concluded",
       "lado_concluded_1m_pct", "lado_concluded_3m_pct", "lado_concluded_12m_pct"]


def contact(ref, received, threshold="Y", concluded=None, outcome=None, **extra):
    row = {"lado_ref": ref, "date_received": received, "contact_type": "REFERRAL",
           "referral_source": "SCHOOL", "employment_sector": "EDUCATION_SCHOOL",
           "allegation_category": "PHYSICAL", "threshold_met": threshold,
           "date_concluded": concluded, "outcome": outcome}
    row.update(extra)
    return row


def run(rows, period="2018-07..2018-12"):
    tables = make_tables(lado_allegations=rows, population=population())
    return compute(tables, period=period, ids=IDS)


def test_lado_contacts():
    frame = run([
        contact("1", "2018-07-01"), contact("2", "2018-07-31", threshold="N"),
        contact("3", "2018-07-15", threshold="N", contact_type="CONSULTATION"),
        contact("4", "2018-08-01"),
    ])
    # Every row counts, consultations included: July 3, August 1, September 0.
    assert value(frame, "lado_contacts", "2018-07") == 3
    assert value(frame, "lado_contacts", "2018-08") == 1
    assert value(frame, "lado_contacts", "2018-09") == 0


def test_lado_threshold_met_pct():
    frame = run([
        contact("1", "2018-07-02", threshold="Y"),
        contact("2", "2018-07-03", threshold="N"),
        contact("3", "2018-07-04", threshold="N", contact_type="CONSULTATION"),
        contact("4", "2018-07-05", threshold="Y"),
        contact("5", "2018-07-06", threshold=None),  # no decision yet: left out
        contact("6", "2018-07-07", threshold="U"),  # unknown: left out
        contact("7", "2018-08-01", threshold=None),
    ])
    # July: decided = 1, 2, 3, 4 -> 4; met = 1, 4 -> 2; 2 / 4 = 50 %.
    assert value(frame, "lado_threshold_met_pct", "2018-07", "numerator") == 2
    assert value(frame, "lado_threshold_met_pct", "2018-07", "denominator") == 4
    assert value(frame, "lado_threshold_met_pct", "2018-07") == pytest.approx(50.0)
    # August: one contact, undecided -> no denominator -> n/a.
    assert math.isnan(value(frame, "lado_threshold_met_pct", "2018-08"))


def test_lado_strategy_meetings():
    frame = run([
        contact("1", "2018-06-20", strategy_meeting_date="2018-07-02"),
        contact("2", "2018-07-02", strategy_meeting_date="2018-07-31"),
        contact("3", "2018-07-03"),
    ])
    assert value(frame, "lado_strategy_meetings", "2018-07") == 2
    assert value(frame, "lado_strategy_meetings", "2018-06") == 0


# Six allegations concluded in July 2018 at the edges of the 1 / 3 / 12-month limits
# (calendar days from received to concluded):
EDGES = [
    contact("d31", "2018-06-01", concluded="2018-07-02", outcome="UNFOUNDED"),  # 30 + 1 = 31
    contact("d32", "2018-06-01", concluded="2018-07-03", outcome="FALSE"),  # 32
    contact("d91", "2018-04-01", concluded="2018-07-01", outcome="SUBSTANTIATED"),  # 30+31+30 = 91
    contact("d92", "2018-03-31", concluded="2018-07-01", outcome="UNSUBSTANTIATED"),  # 92
    contact("d365", "2017-07-01", concluded="2018-07-01", outcome="NFA"),  # 365
    contact("d366", "2017-06-30", concluded="2018-07-01", outcome="MALICIOUS"),  # 366
    # A consultation below the threshold closed the same day: not an allegation, not counted.
    contact("cons", "2018-07-10", threshold="N", concluded="2018-07-10", outcome="NFA",
            contact_type="CONSULTATION"),
]


def test_lado_concluded():
    frame = run(EDGES)
    # The six allegations (threshold met); the consultation is excluded.
    assert value(frame, "lado_concluded", "2018-07") == 6
    assert value(frame, "lado_concluded", "2018-08") == 0


def test_lado_concluded_1m_pct():
    frame = run(EDGES)
    # <= 31 days: d31 only -> 1 / 6.
    assert value(frame, "lado_concluded_1m_pct", "2018-07", "numerator") == 1
    assert value(frame, "lado_concluded_1m_pct", "2018-07", "denominator") == 6
    assert value(frame, "lado_concluded_1m_pct", "2018-07") == pytest.approx(100 / 6)
    # No conclusions in August -> n/a, never 0 %.
    assert math.isnan(value(frame, "lado_concluded_1m_pct", "2018-08"))


def test_lado_concluded_3m_pct():
    frame = run(EDGES)
    # <= 91 days: d31, d32, d91 -> 3 / 6 = 50 %.
    assert value(frame, "lado_concluded_3m_pct", "2018-07") == pytest.approx(50.0)


def test_lado_concluded_12m_pct():
    frame = run(EDGES)
    # <= 365 days: all but d366 -> 5 / 6.
    assert value(frame, "lado_concluded_12m_pct", "2018-07") == pytest.approx(500 / 6)
    # Period Jul-Dec pooled is the same (only July has conclusions).
    assert value(frame, "lado_concluded_12m_pct", "2018-07..2018-12") == pytest.approx(500 / 6)
