"""Pre-proceedings and care proceedings indicators on hand-built fixtures."""
from __future__ import annotations

import math

import pytest

from .helpers import compute, make_tables, population, value

IDS = ["pre_proceedings_started", "pre_proceedings_issued", "pre_proceedings_stepped_down",
       "pre_proceedings_open", "care_applications", "care_applications_rate_r12",
       "care_proceedings_concluded", "care_proceedings_avg_weeks",
       "care_proceedings_within_26wk_pct", "care_proceedings_open"]


def episode(row_id, family=None, decision=None, outcome=None, outcome_date=None, issued=None,
            final=None, court_ref=None):
    return {"prep_table_id": row_id, "prep_person_id": f"C{row_id}",
            "prep_plo_family_id": family or f"F{row_id}", "prep_pre_pro_decision_date": decision,
            "prep_pre_pro_outcome": outcome, "prep_agree_stepdown_issue_date": outcome_date,
            "care_proc_issue_date": issued, "care_proc_final_order_date": final,
            "prep_court_reference": court_ref}


def run(rows, period="2018-07..2018-12", pop=10_000):
    tables = make_tables(pre_proceedings=rows, population=population(pop))
    return compute(tables, period=period, ids=IDS)


ISSUE = "Decision to Issue Care Proceedings"
STEP = "Decision to step down"


def test_pre_proceedings_started():
    frame = run([
        episode("1", decision="2018-07-01"), episode("2", decision="2018-07-31"),
        episode("3", decision="2018-08-01"),
        episode("4", issued="2018-07-10"),  # issued without pre-proceedings: not a start
    ])
    assert value(frame, "pre_proceedings_started", "2018-07") == 2
    assert value(frame, "pre_proceedings_started", "2018-08") == 1
    assert value(frame, "pre_proceedings_started", "2018-09") == 0


def test_pre_proceedings_issued():
    frame = run([
        episode("1", decision="2018-03-01", outcome=ISSUE, outcome_date="2018-07-05"),
        episode("2", decision="2018-03-01", outcome="ISSUE", outcome_date="2018-07-20"),  # code form
        episode("3", decision="2018-03-01", outcome=STEP, outcome_date="2018-07-20"),
        episode("4", decision="2018-03-01"),  # still in pre-proceedings
    ])
    # July: 1 and 2 (both spellings of "issue") = 2.
    assert value(frame, "pre_proceedings_issued", "2018-07") == 2
    assert value(frame, "pre_proceedings_issued", "2018-03") == 0


def test_pre_proceedings_stepped_down():
    frame = run([
        episode("1", decision="2018-03-01", outcome=STEP, outcome_date="2018-07-05"),
        episode("2", decision="2018-03-01", outcome="STEP_DOWN", outcome_date="2018-08-01"),
        episode("3", decision="2018-03-01", outcome=ISSUE, outcome_date="2018-07-20"),
    ])
    assert value(frame, "pre_proceedings_stepped_down", "2018-07") == 1
    assert value(frame, "pre_proceedings_stepped_down", "2018-08") == 1


def test_pre_proceedings_open():
    frame = run([
        # Started 1 Jun, stepped down ON 31 Jul: in at 30 Jun, not at 31 Jul.
        episode("1", decision="2018-06-01", outcome=STEP, outcome_date="2018-07-31"),
        # Started 15 Jul, still open.
        episode("2", decision="2018-07-15"),
        # No step-down/issue decision date but proceedings issued 10 Aug: ends 10 Aug.
        episode("3", decision="2018-07-01", issued="2018-08-10"),
        # Outcome recorded without any date: cannot be placed in time, left out.
        episode("4", decision="2018-06-01", outcome=ISSUE),
    ])
    assert value(frame, "pre_proceedings_open", "2018-06") == 1  # 1
    assert value(frame, "pre_proceedings_open", "2018-07") == 2  # 2 and 3
    assert value(frame, "pre_proceedings_open", "2018-08") == 1  # 2


def test_care_applications():
    frame = run([
        # Two siblings issued together (same family, same day) = ONE application (Cafcass unit).
        episode("1", family="FAM", issued="2018-07-03"),
        episode("2", family="FAM", issued="2018-07-03"),
        # Same court reference across different family ids: still one application.
        episode("3", family="X", court_ref="ZW18C001", issued="2018-07-20"),
        episode("4", family="Y", court_ref="ZW18C001", issued="2018-07-20"),
        # Same family issued again later: a new application.
        episode("5", family="FAM", issued="2018-08-15"),
    ])
    assert value(frame, "care_applications", "2018-07") == 2
    assert value(frame, "care_applications", "2018-08") == 1
    assert value(frame, "care_applications", "2018-07..2018-12") == 3


def test_care_applications_rate_r12():
    frame = run([
        episode("1", issued="2017-08-15"), episode("2", issued="2018-01-10"),
        episode("3", issued="2018-07-20"),
    ], pop=20_000)
    # Rolling 12 months to July 2018 (1 Aug 2017 - 31 Jul 2018): 3 applications;
    # 3 / 20,000 x 10,000 = 1.5 per 10,000.
    assert value(frame, "care_applications_rate_r12", "2018-07", "numerator") == 3
    assert value(frame, "care_applications_rate_r12", "2018-07", "denominator") == 20_000
    assert value(frame, "care_applications_rate_r12", "2018-07") == pytest.approx(1.5)
    # To August 2018 (1 Sep 2017 - 31 Aug 2018): the Aug 2017 one drops out -> 2 -> 1.0.
    assert value(frame, "care_applications_rate_r12", "2018-08") == pytest.approx(1.0)
    # Year ending 31 March 2018 (Apr 2017 - Mar 2018): 2 -> 1.0.
    assert value(frame, "care_applications_rate_r12", "2018") == pytest.approx(1.0)


# Three applications concluded in July 2018 around the 26-week (182-day) limit.
# 1 Jan 2018 + 181 days = 1 Jul (Jan 31 + Feb 28 + Mar 31 + Apr 30 + May 31 + Jun 30 = 181),
# so 2 Jul is day 182 and 3 Jul day 183.
CONCLUDED = [
    episode("A", issued="2018-01-01", final="2018-07-02"),  # 182 days: within 26 weeks
    episode("B", issued="2018-01-01", final="2018-07-03"),  # 183 days: not within
    # Family F (one application): one child's order 1 Jun, the other's 31 Jul -> the application
    # concludes 31 Jul; 1 Feb -> 31 Jul = 28+31+30+31+30+30 = 180 days.
    episode("F1", family="F", issued="2018-02-01", final="2018-06-01"),
    episode("F2", family="F", issued="2018-02-01", final="2018-07-31"),
    # Family G: one child concluded, the other not -> still open.
    episode("G1", family="G", issued="2018-03-01", final="2018-06-15"),
    episode("G2", family="G", issued="2018-03-01"),
]


def test_care_proceedings_concluded():
    frame = run(CONCLUDED)
    assert value(frame, "care_proceedings_concluded", "2018-07") == 3  # A, B, F
    assert value(frame, "care_proceedings_concluded", "2018-06") == 0  # F1 alone, G1 alone: no


def test_care_proceedings_avg_weeks():
    frame = run(CONCLUDED)
    # (182 + 183 + 180) / 3 days = 181.67 days = 25.95 weeks; denominator = 3 applications.
    assert value(frame, "care_proceedings_avg_weeks", "2018-07") == pytest.approx((182 + 183 + 180) / 3 / 7)
    assert value(frame, "care_proceedings_avg_weeks", "2018-07", "denominator") == 3
    # the documented numerator, the sum of weeks: 545 days / 7 = 77.86 weeks
    assert value(frame, "care_proceedings_avg_weeks", "2018-07", "numerator") == pytest.approx(545 / 7)
    # No conclusions in August: n/a with denominator 0.
    assert math.isnan(value(frame, "care_proceedings_avg_weeks", "2018-08"))
    assert value(frame, "care_proceedings_avg_weeks", "2018-08", "denominator") == 0
    # Period value is the mean over the period's conclusions (all in July) - not a mean of months.
    assert value(frame, "care_proceedings_avg_weeks", "2018-07..2018-12") == pytest.approx(545 / 21)


def test_care_proceedings_within_26wk_pct():
    frame = run(CONCLUDED)
    # A (182) and F (180) within, B (183) not -> 2 / 3.
    assert value(frame, "care_proceedings_within_26wk_pct", "2018-07") == pytest.approx(200 / 3)
    assert math.isnan(value(frame, "care_proceedings_within_26wk_pct", "2018-09"))


def test_care_proceedings_open():
    frame = run(CONCLUDED)
    # 30 Jun: A, B, F (not all orders made), G -> 4. 31 Jul: A, B, F concluded (F on 31 Jul,
    # the reporting date itself, so not open) -> G only -> 1.
    assert value(frame, "care_proceedings_open", "2018-06") == 4
    assert value(frame, "care_proceedings_open", "2018-07") == 1
    # 31 Dec 2017: none issued yet.
    assert value(frame, "care_proceedings_open", "2017-12") == 0
