"""Quality of practice (case audits, family feedback) on hand-built fixtures."""
from __future__ import annotations

import math

import pytest

from .helpers import compute, make_tables, value

AUDIT_IDS = ["qa_audits_completed", "qa_audits_good_or_better_pct", "qa_audits_inadequate_pct"]
FEEDBACK_IDS = ["feedback_responses", "feedback_satisfaction_mean", "feedback_knew_why_pct",
                "feedback_listened_to_pct", "feedback_things_improved_pct"]


def audit(ref, day, grade, area="ASSESSMENT"):
    return {"audit_ref": ref, "audit_date": day, "service_area": area, "overall_grade": grade}


def response(ref, day, score=None, knew=None, listened=None, improved=None, area="FAMILY_SOCIAL_WORK"):
    return {"feedback_ref": ref, "feedback_date": day, "service_area": area, "satisfaction_score": score,
            "knew_why_involved": knew, "felt_listened_to": listened, "things_improved": improved}


# Ten audits: July 2018 holds 1 outstanding, 3 good, 4 requires improvement, 1 inadequate and one
# with no grade; one good audit in June and one in August (outside July).
AUDITS = [audit("A1", "2018-07-02", "OUTSTANDING"), audit("A2", "2018-07-03", "GOOD"),
          audit("A3", "2018-07-04", "GOOD"), audit("A4", "2018-07-31", "GOOD"),
          audit("A5", "2018-07-05", "REQUIRES_IMPROVEMENT"), audit("A6", "2018-07-06", "REQUIRES_IMPROVEMENT"),
          audit("A7", "2018-07-09", "REQUIRES_IMPROVEMENT"), audit("A8", "2018-07-10", "REQUIRES_IMPROVEMENT"),
          audit("A9", "2018-07-11", "INADEQUATE"), audit("A10", "2018-07-12", None),
          audit("J1", "2018-06-30", "GOOD"), audit("S1", "2018-08-01", "INADEQUATE")]


def audits_frame():
    return compute(make_tables(case_audits=AUDITS), ids=AUDIT_IDS)


def test_qa_audits_completed():
    frame = audits_frame()
    # July: A1-A10, the ungraded A10 included -> 10; June 1 (J1); August 1 (S1).
    assert value(frame, "qa_audits_completed", "2018-07") == 10
    assert value(frame, "qa_audits_completed", "2018-06") == 1
    assert value(frame, "qa_audits_completed", "2018-08") == 1


def test_qa_audits_good_or_better_pct():
    frame = audits_frame()
    # July: graded = 9 (A10 has no grade); outstanding or good = A1-A4 = 4; 4 / 9 = 44.4 %.
    assert value(frame, "qa_audits_good_or_better_pct", "2018-07", "numerator") == 4
    assert value(frame, "qa_audits_good_or_better_pct", "2018-07", "denominator") == 9
    assert value(frame, "qa_audits_good_or_better_pct", "2018-07") == pytest.approx(400 / 9)
    # The period Jul-Dec 2018 pools July and August: 4 / (9 + 1) = 40 %.
    assert value(frame, "qa_audits_good_or_better_pct", "2018-07..2018-12") == pytest.approx(40.0)
    # September: no audits -> no denominator -> n/a, never 0 %.
    assert math.isnan(value(frame, "qa_audits_good_or_better_pct", "2018-09"))


def test_qa_audits_inadequate_pct():
    frame = audits_frame()
    # July: 1 inadequate (A9) of 9 graded = 11.1 %; August: S1 of 1 = 100 %.
    assert value(frame, "qa_audits_inadequate_pct", "2018-07") == pytest.approx(100 / 9)
    assert value(frame, "qa_audits_inadequate_pct", "2018-08") == pytest.approx(100.0)


# Five July responses and one in August.
RESPONSES = [response("F1", "2018-07-02", 8, "Y", "Y", "Y"), response("F2", "2018-07-03", 5, "Y", "N", "N"),
             response("F3", "2018-07-04", 10, "N", "Y", None), response("F4", "2018-07-05", None, "U", "Y", "Y"),
             response("F5", "2018-07-31", 4, None, None, "N"), response("F6", "2018-08-01", 7, "Y", "Y", "Y")]


def feedback_frame():
    return compute(make_tables(family_feedback=RESPONSES), ids=FEEDBACK_IDS)


def test_feedback_responses():
    frame = feedback_frame()
    assert value(frame, "feedback_responses", "2018-07") == 5
    assert value(frame, "feedback_responses", "2018-08") == 1
    assert value(frame, "feedback_responses", "2018-07..2018-12") == 6


def test_feedback_satisfaction_mean():
    frame = feedback_frame()
    # July scores 8, 5, 10, 4 (F4 gave none): mean 27 / 4 = 6.75 over 4 responses.
    assert value(frame, "feedback_satisfaction_mean", "2018-07") == pytest.approx(6.75)
    assert value(frame, "feedback_satisfaction_mean", "2018-07", "denominator") == 4
    # The period's mean is over every score in it, not a mean of monthly means: 34 / 5 = 6.8.
    assert value(frame, "feedback_satisfaction_mean", "2018-07..2018-12") == pytest.approx(6.8)


def test_feedback_knew_why_pct():
    frame = feedback_frame()
    # July answered Y or N: F1 Y, F2 Y, F3 N (F4 U and F5 blank left out) -> 2 / 3.
    assert value(frame, "feedback_knew_why_pct", "2018-07", "numerator") == 2
    assert value(frame, "feedback_knew_why_pct", "2018-07", "denominator") == 3
    # Period: add F6 (Y) -> 3 / 4 = 75 %.
    assert value(frame, "feedback_knew_why_pct", "2018-07..2018-12") == pytest.approx(75.0)


def test_feedback_listened_to_pct():
    frame = feedback_frame()
    # July: F1 Y, F2 N, F3 Y, F4 Y -> 3 / 4 = 75 %.
    assert value(frame, "feedback_listened_to_pct", "2018-07") == pytest.approx(75.0)


def test_feedback_things_improved_pct():
    frame = feedback_frame()
    # July: F1 Y, F2 N, F4 Y, F5 N (F3 blank) -> 2 / 4 = 50 %.
    assert value(frame, "feedback_things_improved_pct", "2018-07") == pytest.approx(50.0)
