"""Merging adjacent ordered bands before suppression (disclosure.suppress.merge_small_bands),
with hand-computed merges."""
import pandas as pd
import pytest

from safeguarding.indicators import breakdowns, breakdowns_local
from safeguarding.indicators.bands import ORDERED_BREAKDOWNS
from safeguarding.disclosure.suppress import chart_counts, merge_small_bands


def merged(name, values, threshold=5):
    bands = ORDERED_BREAKDOWNS[name]
    labels = bands.labels + ([] if len(values) == len(bands.labels) else ["Not yet concluded"])
    return merge_small_bands(pd.Series(values, index=labels, dtype="int64"), threshold, bands)


def test_cp_plan_tail_is_merged_not_dropped():
    # the example: 1-2 years 51 + 2 years or more 5 -> 1 year or more 56
    m = merged("cp_open_duration_bands", [120, 90, 71, 51, 5])
    assert m.counts.to_dict() == {"3 months or less": 120, "More than 3 months to 6 months": 90,
                                  "More than 6 months to less than 1 year": 71, "1 year or more": 56}
    assert m.merged == [("1 year or more", ["1 year to less than 2 years", "2 years or more"])]
    assert m.note == ("Neighbouring bands are merged where one holds too few to publish: 1 year to less "
                      "than 2 years and 2 years or more are shown together as 1 year or more.")
    # nothing is left to suppress, and the total (n = 337) is unchanged
    cc = chart_counts(m.counts, 5)
    assert cc.suppressed == [] and cc.n == 337


def test_a_small_middle_band_joins_its_smaller_neighbour():
    # 11-20 (3) sits between 1-10 (40) and 21-30 (12): joins 21-30 -> "11-30" 15
    m = merged("assessment_duration_bands", [0, 40, 3, 12, 30, 25, 9, 7, 6])
    assert list(m.counts.items())[:4] == [("Same day", 0), ("1-10", 40), ("11-30", 15), ("31-40", 30)]
    assert m.merged == [("11-30", ["11-20", "21-30"])]


def test_merging_repeats_until_publishable():
    # 0-10 (2) + 11-15 (3) = 5, still small; + 16-20 (30) -> 0-20 = 35
    m = merged("icpc_timeliness_bands", [2, 3, 30, 8])
    assert m.counts.to_dict() == {"0-20": 35, "21+": 8}


def test_a_zero_neighbour_is_passed_over():
    # "3 months to less than 6 months" (4): neighbours 0 and 20 -> joins the 20
    m = merged("cin_episode_length_bands", [0, 4, 20, 30, 10])
    assert m.counts.to_dict() == {"Less than 3 months": 0, "3 months to less than 1 year": 24,
                                  "1 year to less than 2 years": 30, "2 years or more": 10}


def test_unordered_categories_are_not_merged():
    # 1 to 3 months (4) joins 3 to 12 months (9) -> 13; Over 12 months (2) then joins it -> Over 1 month 15.
    # "Not yet concluded" (3) is not a band: left for chart_counts to suppress.
    m = merged("lado_conclusion_times", [10, 4, 9, 2, 3])
    assert m.counts.to_dict() == {"Within 1 month": 10, "Over 1 month": 15, "Not yet concluded": 3}
    cc = chart_counts(m.counts, 5)
    assert "Not yet concluded" in cc.suppressed


def test_merged_labels_read_naturally():
    cp = ORDERED_BREAKDOWNS["cp_open_duration_bands"]
    assert cp.merged_label("3 months or less", "More than 3 months to 6 months") == "6 months or less"
    assert cp.merged_label("3 months or less", "More than 6 months to less than 1 year") == "Less than 1 year"
    assert cp.merged_label("More than 6 months to less than 1 year", "2 years or more") == "More than 6 months"
    assert ORDERED_BREAKDOWNS["lado_conclusion_times"].merged_label("Within 1 month", "1 to 3 months") \
        == "Within 3 months"
    assert ORDERED_BREAKDOWNS["yc_age_profile"].merged_label("14-15", "16-17") == "14-17"


@pytest.mark.parametrize("name,labels", [
    ("cp_open_duration_bands", breakdowns.CP_DURATION_BANDS),
    ("cin_episode_length_bands", breakdowns.CIN_EPISODE_LENGTH_BANDS),
    ("assessment_duration_bands", breakdowns.ASSESSMENT_DURATION_BANDS),
    ("icpc_timeliness_bands", breakdowns.ICPC_TIMELINESS_BANDS),
    ("lado_conclusion_times", [lab for code, lab in breakdowns_local.LADO_TIME_BANDS if code != "OPEN"]),
    ("yc_age_profile", [lab for _, lab, _, _ in breakdowns_local.YC_AGE_BANDS]),
])
def test_band_labels_match_the_breakdowns(name, labels):
    assert ORDERED_BREAKDOWNS[name].labels == list(labels)
