import pytest

from safeguarding.present.travel import direction_of_travel


@pytest.mark.parametrize("cur,prev,pol,arrow,judgement", [
    (85.0, 80.0, "high", "▲", "improving"),
    (80.0, 85.0, "high", "▼", "worsening"),
    (85.0, 80.0, "low", "▲", "worsening"),
    (80.0, 85.0, "low", "▼", "improving"),
    (85.0, 80.0, "none", "▲", "neutral"),
    (80.5, 80.0, "high", "►", "no_change"),   # 0.5 points < 1 point band
    (81.0, 80.0, "high", "▲", "improving"),   # exactly 1 point counts as a change
    (79.1, 80.0, "low", "►", "no_change"),
])
def test_percentages_use_points_band(cur, prev, pol, arrow, judgement):
    t = direction_of_travel(cur, prev, pol, "percent")
    assert (t.arrow, t.judgement) == (arrow, judgement)
    assert t.change == pytest.approx(cur - prev)


@pytest.mark.parametrize("cur,prev,arrow,judgement", [
    (104, 100, "►", "no_change"),   # +4 % < 5 %
    (105, 100, "▲", "worsening"),   # +5 % is a change; low polarity -> worsening
    (90, 100, "▼", "improving"),
    (1, 0, "▲", "worsening"),        # from zero any change counts
    (0, 0, "►", "no_change"),
])
def test_counts_and_rates_use_relative_band(cur, prev, arrow, judgement):
    t = direction_of_travel(cur, prev, "low", "rate_per_10k")
    assert (t.arrow, t.judgement) == (arrow, judgement)


def test_relative_band_not_points_for_counts():
    # +3 on 10 is 30 %: a change, although less than... any points band is irrelevant for counts
    assert direction_of_travel(13, 10, "none", "count", band_points=5).judgement == "neutral"
    # 0.5 points on a rate of 100 is 0.5 %: no change
    assert direction_of_travel(100.5, 100, "high", "rate_per_10k").judgement == "no_change"


def test_missing_values():
    t = direction_of_travel(None, 5, "high", "count")
    assert (t.arrow, t.judgement, t.change) == ("", "n/a", None)
    assert direction_of_travel(5, float("nan"), "high", "count").judgement == "n/a"


def test_custom_bands():
    assert direction_of_travel(82, 80, "high", "percent", band_points=3).judgement == "no_change"
    assert direction_of_travel(110, 100, "high", "count", band_relative=0.2).judgement == "no_change"
    assert direction_of_travel(82, 80, "high", "percent").css_class == "travel-improving"
