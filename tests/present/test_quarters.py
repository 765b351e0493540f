"""Indicators by quarter: sums of months, hidden where they would give a hidden month back."""
import pandas as pd
import pytest

from safeguarding.indicators.compute import compute_indicators
from safeguarding.periods import parse_period
from safeguarding.present.quarters import Column, quarterly_frame, quarters_to

from ..indicators.helpers import complete_history_params, make_tables

PERIOD = parse_period("2018-07..2018-12")
COLUMNS = [Column("Audits", "qa_audits_completed", "numerator")]


def audits(per_month: dict[str, int]):
    rows = []
    for month, n in per_month.items():
        rows += [{"audit_ref": f"{month}-{k}", "audit_date": f"{month}-02", "service_area": "ASSESSMENT",
                  "overall_grade": "GOOD"} for k in range(n)]
    return make_tables(case_audits=rows)


def frame(per_month, extract=None):
    return compute_indicators(audits(per_month), complete_history_params(), PERIOD, ids=["qa_audits_completed"],
                              extract_date=None if extract is None else pd.Timestamp(extract))


def test_quarters_to_are_financial_year_quarters_cut_at_the_period_end():
    assert [q for q, _ in quarters_to(PERIOD)] == ["Jan\u2013Mar 2018", "Apr\u2013Jun 2018", "Jul\u2013Sep 2018",
                                                    "Oct\u2013Dec 2018"]
    labels = quarters_to(parse_period("2018-11"), 2)
    assert labels == [("Jul\u2013Sep 2018", ["2018-07", "2018-08", "2018-09"]), ("Oct\u2013Nov 2018", ["2018-10", "2018-11"])]


MONTHS = {f"2018-{m:02d}": 10 for m in range(1, 13)}


def test_a_quarter_is_the_sum_of_its_months():
    out = quarterly_frame(frame(MONTHS), COLUMNS, PERIOD, edition="restricted")
    assert out["Audits"].tolist() == [30, 30, 30, 30]


def test_a_quarter_that_would_pin_down_a_hidden_month_is_hidden():
    # July 3 and December 3 are hidden in the period's view (together 6, so the total may stand).
    # Jul-Sep = July + 20 would give July back, and then Oct-Dec = December + 20 would give December:
    # both are hidden; the quarters before the period publish no month and stand.
    months = {**MONTHS, "2018-07": 3, "2018-12": 3}
    out = quarterly_frame(frame(months), COLUMNS, PERIOD, edition="open")
    assert out["Audits"].tolist() == [30, 30, "c", "c"]


def test_a_quarter_of_two_hidden_months_stands_when_it_adds_nothing():
    # July 3 is hidden, and August (10) with it so that the total cannot give July back. Jul-Sep
    # = July + August + 10 only repeats what the total already says (July + August = 13).
    months = {**MONTHS, "2018-07": 3}
    out = quarterly_frame(frame(months), COLUMNS, PERIOD, edition="open")
    assert out["Audits"].tolist() == [30, 30, 23, 30]


def test_a_small_quarter_before_the_period_is_hidden():
    months = {**MONTHS, "2018-01": 1, "2018-02": 1, "2018-03": 1}
    out = quarterly_frame(frame(months), COLUMNS, PERIOD, edition="open")
    assert out["Audits"].tolist()[0] == "c"


def test_a_quarter_with_a_month_after_the_extract_date_is_na():
    out = quarterly_frame(frame(MONTHS, extract="2018-11-15"), COLUMNS, PERIOD, edition="restricted")
    assert out["Audits"].tolist()[3] == "n/a"


def test_percentages_pool_and_averages_weight_by_cases():
    rows = ([{"feedback_ref": f"a{k}", "feedback_date": "2018-07-02", "satisfaction_score": 10, "knew_why_involved": "Y"}
             for k in range(6)]
            + [{"feedback_ref": f"b{k}", "feedback_date": "2018-08-02", "satisfaction_score": 4, "knew_why_involved": "N"}
               for k in range(12)])
    ind = compute_indicators(make_tables(family_feedback=rows), complete_history_params(), PERIOD,
                             ids=["feedback_satisfaction_mean", "feedback_knew_why_pct"])
    out = quarterly_frame(ind, [Column("Mean", "feedback_satisfaction_mean", "value"),
                                Column("Knew", "feedback_knew_why_pct", "value")], PERIOD, edition="restricted")
    # Jul-Sep: (6 x 10 + 12 x 4) / 18 = 6.0 (not the mean of the monthly means, 7.0); 6 / 18 knew why.
    assert out.loc["Jul\u2013Sep 2018", "Mean"] == pytest.approx(6.0)
    assert out.loc["Jul\u2013Sep 2018", "Knew"] == pytest.approx(100 / 3)


def test_when_the_months_are_not_published_only_the_total_constrains_the_quarters():
    # The quality-of-practice figures are published for the period, not month by month: with
    # July and December small, Jul-Sep (23) and Oct-Dec (23) pin no month down.
    months = {**MONTHS, "2018-07": 3, "2018-12": 3}
    out = quarterly_frame(frame(months), COLUMNS, PERIOD, edition="open", months_published=False)
    assert out["Audits"].tolist() == [30, 30, 23, 23]
