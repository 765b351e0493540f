import math

import pytest

from safeguarding.params import Target
from safeguarding.present.rag import rag_rating, tolerance_band


T_ABS = Target(target=90, tolerance_type="absolute", amber_band=5)
T_REL = Target(target=200, tolerance_type="relative", amber_band=0.10)  # band = 20


@pytest.mark.parametrize("value,expected", [
    (95, "green"), (90, "green"), (89.9, "amber"), (85, "amber"), (84.9, "red"), (10, "red"),
])
def test_absolute_high_polarity_bands(value, expected):
    assert rag_rating(value, T_ABS, "high", denominator=100) == expected


@pytest.mark.parametrize("value,expected", [
    (8, "green"), (10, "green"), (12, "amber"), (15, "amber"), (15.1, "red"),
])
def test_absolute_low_polarity_bands(value, expected):
    t = Target(target=10, tolerance_type="absolute", amber_band=5)
    assert rag_rating(value, t, "low", denominator=100) == expected


@pytest.mark.parametrize("value,expected", [
    (250, "green"), (200, "green"), (185, "amber"), (180, "amber"), (179, "red"),
])
def test_relative_tolerance_is_fraction_of_target(value, expected):
    # 10 % of 200 = 20 units of tolerance
    assert rag_rating(value, T_REL, "high") == expected


def test_relative_band_given_as_whole_percent():
    # amber_band 5 with relative tolerance means 5 % (not 500 %): band = 5 % of 80 = 4
    t = Target(target=80, tolerance_type="relative", amber_band=5)
    assert tolerance_band(80, "relative", 5) == pytest.approx(4.0)
    assert rag_rating(77, t, "high") == "amber"
    assert rag_rating(75.9, t, "high") == "red"


def test_relative_vs_absolute_give_different_ratings():
    value = 70  # target 80: 10 points short
    assert rag_rating(value, Target(80, "absolute", 12), "high") == "amber"
    assert rag_rating(value, Target(80, "relative", 0.10), "high") == "red"  # band 8


def test_none_for_activity_measures_and_no_target():
    assert rag_rating(50, T_ABS, "high", rag_enabled=False) == "none"
    assert rag_rating(50, T_ABS, "none") == "none"
    assert rag_rating(50, None, "high") == "none"
    assert rag_rating(50, Target(label="Under review"), "high") == "none"


def test_grey_when_missing_or_small_denominator():
    assert rag_rating(None, T_ABS, "high") == "grey"
    assert rag_rating(math.nan, T_ABS, "high") == "grey"
    # 3 of 9 = 33 %: far below 90 but a denominator of 9 < 10 -> grey, never red
    assert rag_rating(33.3, T_ABS, "high", denominator=9) == "grey"
    assert rag_rating(33.3, T_ABS, "high", denominator=9, small_denominator=5) == "red"
    assert rag_rating(33.3, T_ABS, "high", denominator=10) == "red"


def test_interval_including_target_caps_at_amber():
    # 14/20 = 70 %: 20 points below 90 -> red on the point value; Wilson 95 % = 48.1..85.5
    assert rag_rating(70, T_ABS, "high", denominator=20, lower=48.1, upper=85.5) == "red"
    # 16/20 = 80 %: Wilson 95 % interval 58.4..91.9 includes 90 -> amber, not red
    assert rag_rating(80, T_ABS, "high", denominator=20, lower=58.4, upper=91.9) == "amber"
    # interval never upgrades to green
    assert rag_rating(88, T_ABS, "high", denominator=20, lower=70, upper=97) == "amber"
