"""``section.cohort`` in a section notebook is the deep dive's cohort (one path): the named
drill-downs are an indicator's numerator, or the rows outside it, on the synthetic notebook
council."""
from __future__ import annotations

import pytest

from safeguarding.report.notebook import NAMED_COHORTS, open_section


@pytest.fixture(scope="module")
def section():
    return open_section("cp", "", "restricted")


def _period_value(section, indicator_id, column):
    ind = section.data.indicators
    return ind[(ind["indicator_id"] == indicator_id) & (ind["month"] == section.period.label)][column].iloc[0]


def test_named_cohorts_are_the_indicators_rows(section):
    rerefs = section.cohort("rereferrals")
    assert len(rerefs) == _period_value(section, "rereferral_pct", "numerator") > 0
    assert rerefs["in_numerator"].all() and rerefs["previous_referral"].notna().any()
    assert len(section.cohort("cp_open_two_years_or_more")) == _period_value(section, "cp_open_2yr", "numerator")
    for name, indicator_id in (("assessments_over_timescale", "assessments_within_45wd_pct"),
                               ("icpcs_over_timescale", "icpc_within_15wd_pct"),
                               ("cp_not_visited_in_timescale", "cp_visited_in_timescale_pct")):
        late = section.cohort(name)
        assert len(late) == (_period_value(section, indicator_id, "denominator")
                             - _period_value(section, indicator_id, "numerator")), name
        assert not late["in_numerator"].any()
    assert set(NAMED_COHORTS) == {"cp_open_two_years_or_more", "assessments_over_timescale",
                                  "icpcs_over_timescale", "rereferrals", "cp_not_visited_in_timescale"}


def test_any_indicator_and_window_goes_through_the_deep_dive(section):
    from safeguarding.deepdive import DeepDive

    frame = section.cohort("referrals", month=str(section.period.last_month))
    expected = DeepDive(section.data).cohort("referrals", month=str(section.period.last_month))
    assert frame["child_id"].tolist() == expected["child_id"].tolist()


def test_open_edition_shows_no_child_level_rows():
    assert open_section("cp", "", "open").cohort("rereferrals") is None
