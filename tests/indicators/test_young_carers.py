"""Young carers indicators on hand-built fixtures."""
from __future__ import annotations

import math

import pytest

from safeguarding.params import Params

from .helpers import compute, make_tables, population, value

IDS = ["yc_identified", "yc_open", "yc_assessed", "yc_assessed_in_time_pct", "yc_supported"]


def carer(ref, identified, dob="2006-05-01", **extra):
    row = {"yc_ref": ref, "child_id": f"C{ref}", "sex": "F", "ethnicity": "WBRI",
           "date_of_birth": dob, "identified_date": identified, "identification_source": "SCHOOL"}
    row.update(extra)
    return row


def run(rows, period="2018-07..2018-12", params=None):
    tables = make_tables(young_carers=rows, population=population())
    return compute(tables, period=period, ids=IDS, params=params)


def test_yc_identified():
    frame = run([carer("1", "2018-07-01"), carer("2", "2018-07-31"), carer("3", "2018-08-01")])
    # July: 1 Jul and 31 Jul (both ends of the month count) = 2; August: 1; September: 0.
    assert value(frame, "yc_identified", "2018-07") == 2
    assert value(frame, "yc_identified", "2018-08") == 1
    assert value(frame, "yc_identified", "2018-09") == 0
    assert value(frame, "yc_identified", "2018-07..2018-12") == 3


def test_yc_open():
    frame = run([
        carer("1", "2018-06-15", end_date="2018-07-31", end_reason="NO_LONGER_CARING"),
        carer("2", "2018-07-10"),
        carer("3", "2018-08-01", end_date="2018-08-20", end_reason="MOVED_AWAY"),
    ])
    # 30 Jun: 1 -> 1. 31 Jul: 1 ended ON 31 Jul (not open), 2 open -> 1. 31 Aug: 2 only -> 1.
    assert value(frame, "yc_open", "2018-06") == 1
    assert value(frame, "yc_open", "2018-07") == 1
    assert value(frame, "yc_open", "2018-08") == 1
    # 31 May: none yet.
    assert value(frame, "yc_open", "2018-05") == 0


def test_yc_assessed():
    frame = run([
        carer("1", "2018-06-01", assessment_completed_date="2018-07-03"),
        carer("2", "2018-06-01", assessment_completed_date="2018-07-31"),
        carer("3", "2018-06-01", assessment_start_date="2018-07-01"),  # started, not completed
    ])
    assert value(frame, "yc_assessed", "2018-07") == 2
    assert value(frame, "yc_assessed", "2018-06") == 0


def test_yc_assessed_in_time_pct():
    # Local standard 35 working days (7 weeks with no bank holiday).
    frame = run([
        # Request Mon 2 Jul 2018 -> Mon 20 Aug = 35 working days: in time.
        carer("A", "2018-06-20", assessment_request_date="2018-07-02",
              assessment_completed_date="2018-08-20"),
        # Same request, completed Tue 21 Aug = 36: late.
        carer("B", "2018-06-20", assessment_request_date="2018-07-02",
              assessment_completed_date="2018-08-21"),
        # No request date: the clock starts at identification (Mon 2 Jul) -> 20 Aug = 35: in time.
        carer("C", "2018-07-02", assessment_completed_date="2018-08-20"),
        # Over the August bank holiday (Mon 27 Aug 2018): request Mon 23 Jul -> Tue 11 Sep = 35
        # working days (7 weeks = 35 weekdays, less the bank holiday, plus 1): in time;
        # Wed 12 Sep = 36: late.
        carer("D", "2018-07-20", assessment_request_date="2018-07-23",
              assessment_completed_date="2018-09-11"),
        carer("E", "2018-07-20", assessment_request_date="2018-07-23",
              assessment_completed_date="2018-09-12"),
    ])
    # August: A and C in time, B late -> 2 / 3 = 66.7 %.
    assert value(frame, "yc_assessed_in_time_pct", "2018-08", "numerator") == 2
    assert value(frame, "yc_assessed_in_time_pct", "2018-08", "denominator") == 3
    assert value(frame, "yc_assessed_in_time_pct", "2018-08") == pytest.approx(200 / 3)
    # September: D in time, E late -> 50 %.
    assert value(frame, "yc_assessed_in_time_pct", "2018-09") == pytest.approx(50.0)
    # July: nothing completed -> n/a, not 0 %.
    assert math.isnan(value(frame, "yc_assessed_in_time_pct", "2018-07"))
    # Period Jul-Dec pooled: (2 + 1) / (3 + 2) = 60 %.
    assert value(frame, "yc_assessed_in_time_pct", "2018-07..2018-12") == pytest.approx(60.0)

    # The local standard comes from params: at 36 working days B and E are in time too.
    params = Params()
    params.conventions.young_carer_assessment_working_days = 36
    frame = run([carer("B", "2018-06-20", assessment_request_date="2018-07-02",
                       assessment_completed_date="2018-08-21")], params=params)
    assert value(frame, "yc_assessed_in_time_pct", "2018-08") == pytest.approx(100.0)


def test_yc_supported():
    frame = run([
        carer("1", "2018-06-01", support_plan_start_date="2018-07-15"),
        carer("2", "2018-06-01", support_plan_start_date="2018-08-31"),
        carer("3", "2018-06-01"),
    ])
    assert value(frame, "yc_supported", "2018-07") == 1
    assert value(frame, "yc_supported", "2018-08") == 1
    assert value(frame, "yc_supported", "2018-07..2018-12") == 2
