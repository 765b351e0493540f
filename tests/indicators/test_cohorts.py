"""Drill-down cohorts count the same children as their indicators (cross-check on the demo)."""
import pytest

from safeguarding.indicators.cohorts import COHORTS


@pytest.fixture(scope="module")
def prepared(tmp_path_factory):
    from safeguarding.demo.generator import generate_demo
    from safeguarding.params import params_from_dict
    from safeguarding.periods import parse_period
    from safeguarding.prepare import prepare

    base = tmp_path_factory.mktemp("cohorts")
    generate_demo(base / "data", scale=0.1, seed=9)
    params = params_from_dict({"inputs": {"folder": str(base / "data")}})
    return prepare(params, parse_period("2018-07..2018-12"), base / "prepared")


def _period_value(data, indicator_id, column):
    ind = data.indicators
    return ind[(ind["indicator_id"] == indicator_id) & (ind["month"] == data.period.label)][column].iloc[0]


def _cohort(data, name):
    return COHORTS[name](data.tables, data.period.start, data.period.end, data.params)


def test_rereferral_cohort_is_the_numerator(prepared):
    assert len(_cohort(prepared, "rereferrals")) == _period_value(prepared, "rereferral_pct", "numerator")


def test_two_year_plans_cohort_is_the_count(prepared):
    assert len(_cohort(prepared, "cp_open_two_years_or_more")) == _period_value(prepared, "cp_open_2yr", "numerator")


def test_late_assessments_are_the_complement(prepared):
    late = len(_cohort(prepared, "assessments_over_timescale"))
    done = _period_value(prepared, "assessments_within_45wd_pct", "denominator")
    within = _period_value(prepared, "assessments_within_45wd_pct", "numerator")
    assert late == done - within


def test_late_icpcs_are_the_complement(prepared):
    late = len(_cohort(prepared, "icpcs_over_timescale"))
    held = _period_value(prepared, "icpc_within_15wd_pct", "denominator")
    within = _period_value(prepared, "icpc_within_15wd_pct", "numerator")
    assert late == held - within


def test_visit_cohort_lists_children_on_plans_only(prepared):
    overdue = _cohort(prepared, "cp_not_visited_in_timescale")
    assert set(overdue["child_id"]) <= set(prepared.tables["cp_plans"]["child_id"])
    assert (overdue["working_days_since_visit"].dropna() > 10).all()
