"""XmR chart and Making Data Count rules (safeguarding.stats.spc).

Most series use a 12-point baseline B = [12, 10] * 6 with limits fixed on it
(``baseline=12``), so the limits are easy to compute by hand:
mean = 11, moving ranges all 2 -> mean(MR) = 2,
UCL = 11 + 2.66 * 2 = 16.32, LCL = 11 - 5.32 = 5.68,
near-limit band = 11 ± (2/3 * 2.66) * 2 = 11 ± 3.546667 -> (7.453333, 14.546667).
B ends on a point below the mean, so runs on the high side start after it.
"""
from __future__ import annotations

import math

import matplotlib

matplotlib.use("Agg")

import numpy as np
import pandas as pd
import pytest

from safeguarding.stats.spc import COLOURS, SPCResult, spc_chart, xmr

B = [12.0, 10.0] * 6


def run(extra, polarity="high", target=None):
    return xmr(pd.Series(B + list(extra)), polarity, target=target, baseline=12)


def flagged(res: SPCResult) -> list[int]:
    return [i for i, v in enumerate(res.points["special_cause"]) if v]


# ---- limits -------------------------------------------------------------------------------
def test_limits_by_hand_short_series():
    # mean = 58/5 = 11.6; MR = |12-10|, |11-12|, |13-11|, |12-13| = 2, 1, 2, 1 -> mean 1.5
    # UCL = 11.6 + 2.66*1.5 = 15.59; LCL = 11.6 - 3.99 = 7.61; near band ± 2.66 (= 2/3*2.66*1.5)
    # (the issue text quotes mean(MR) = 1.75 / UCL 16.255 for this series: that MR mean is an
    # arithmetic slip - the four moving ranges sum to 6.)
    r = xmr(pd.Series([10, 12, 11, 13, 12]), "high")
    assert r.mean == pytest.approx(11.6)
    assert r.mr_mean == pytest.approx(1.5)
    assert r.ucl == pytest.approx(15.59)
    assert r.lcl == pytest.approx(7.61)
    assert r.near_ucl == pytest.approx(14.26)
    assert r.near_lcl == pytest.approx(8.94)
    assert r.trial_limits is True
    assert list(r.points["moving_range"].iloc[1:]) == [2, 1, 2, 1]
    assert not r.points["special_cause"].any()
    assert r.variation == "common"


def test_baseline_limits():
    r = run([])
    assert (r.mean, r.mr_mean) == (11.0, 2.0)
    assert r.ucl == pytest.approx(16.32)
    assert r.lcl == pytest.approx(5.68)
    assert r.near_ucl == pytest.approx(11 + 2 * 2.66 / 3 * 2)
    assert r.trial_limits is False  # 12 baseline points
    assert xmr(pd.Series(B[:11]), "high").trial_limits is True  # 11 points
    # later points do not move fixed limits
    r2 = run([40.0])
    assert (r2.mean, r2.ucl) == (r.mean, r.ucl)


def test_limits_without_baseline_by_hand():
    # nine 10s and a 20: mean 11; MR = 0 x 8 and 10 -> mean 10/9; UCL = 11 + 2.66*10/9 = 13.9556
    r = xmr(pd.Series([10.0] * 9 + [20.0]), "low")
    assert r.mean == pytest.approx(11.0)
    assert r.mr_mean == pytest.approx(10 / 9)
    assert r.ucl == pytest.approx(11 + 2.66 * 10 / 9)
    assert r.points["rule"].iloc[-1] == "outside_limits"
    assert r.variation == "concern"  # above the mean, lower is better


def test_screen_outliers():
    # [10,12]*3 + [10, 60]: mean = 136/8 = 17; MR = 2 x 6 and 50 -> mean 62/7 = 8.857;
    # 50 >= 3.267 * 8.857 = 28.9 is dropped -> mean(MR) = 2, UCL = 17 + 5.32 = 22.32
    s = pd.Series([10, 12, 10, 12, 10, 12, 10, 60])
    assert xmr(s, "high").mr_mean == pytest.approx(62 / 7)
    r = xmr(s, "high", screen_outliers=True)
    assert r.mr_mean == pytest.approx(2.0)
    assert r.ucl == pytest.approx(22.32)


# ---- rule 1: outside the limits -------------------------------------------------------------
def test_point_outside_upper_limit_fires():
    r = run([16.4])  # > 16.32
    assert flagged(r) == [12]
    assert r.points["rule"].iloc[12] == "outside_limits"
    assert r.points["outside_limits"].iloc[12]


def test_point_just_inside_limit_does_not_fire():
    r = run([16.3])  # < 16.32, beyond the near band but only one such point
    assert flagged(r) == []
    assert r.points["near_limit"].iloc[12]
    assert r.variation == "common"


def test_point_below_lower_limit_fires():
    r = run([5.6])  # < 5.68
    assert flagged(r) == [12]
    assert r.points["side"].iloc[12] == "low"


# ---- rule 2: trend --------------------------------------------------------------------------
def test_seven_point_trend_fires():
    # B ends with 10; 10 -> 9 is a fall, then 9 .. 12 rises 6 times (7 points)
    r = run([9.0, 9.5, 10.0, 10.5, 11.0, 11.5, 12.0])
    assert flagged(r) == list(range(12, 19))
    assert set(r.points["rule"].iloc[12:]) == {"trend"}


def test_six_point_trend_does_not_fire():
    # 10 -> 9.5 is a fall, then only 5 rises (6 points)
    r = run([9.5, 10.0, 10.5, 11.0, 11.5, 12.0])
    assert flagged(r) == []


def test_repeated_value_breaks_trend():
    r = run([9.0, 9.5, 10.0, 10.0, 10.5, 11.0, 11.5, 12.0])
    assert flagged(r) == []


def test_falling_trend_fires():
    # 10 -> 13 rises, then 13 .. 10 falls 6 times; all inside the near band (7.45 - 14.55)
    r = run([13.0, 12.5, 12.0, 11.5, 11.0, 10.5, 10.0])
    assert flagged(r) == list(range(12, 19))


def test_trend_points_classed_by_side_of_mean():
    # NHSRplotthedots classes special-cause points by their side of the mean, also for trends;
    # a trend point exactly on the mean (11) takes the trend's direction (up = improvement here)
    r = run([9.0, 9.5, 10.0, 10.5, 11.0, 11.5, 12.0], polarity="high")
    assert list(r.points["variation"].iloc[12:]) == (
        ["concern"] * 4 + ["improvement"] * 3)
    assert r.variation == "improvement"


# ---- rule 3: two of three beyond the near-limit band ------------------------------------------
def test_two_of_three_near_limit_fires():
    # 15 is beyond the near band (14.55) but inside the limit (16.32); 11.5 is above the mean
    r = run([15.0, 11.5, 15.0])
    assert flagged(r) == [12, 14]  # the two near-limit points, not the middle one
    assert set(r.points["rule"].iloc[[12, 14]]) == {"two_of_three"}
    assert r.variation == "improvement"


def test_one_of_three_near_limit_does_not_fire():
    r = run([15.0, 11.5, 12.0])
    assert flagged(r) == []


def test_two_of_three_needs_all_three_on_one_side():
    # as NHSRplotthedots: the middle point below the mean stops the rule
    r = run([15.0, 10.5, 15.0])
    assert flagged(r) == []


def test_two_of_three_low_side():
    r = run([7.0, 10.5, 7.2], polarity="low")  # below the near band 7.45, above LCL 5.68
    assert flagged(r) == [12, 14]
    assert r.variation == "improvement"  # lower is better


# ---- rule 4: shift --------------------------------------------------------------------------
def test_seven_point_shift_fires():
    r = run([11.5] * 7)
    assert flagged(r) == list(range(12, 19))
    assert set(r.points["rule"].iloc[12:]) == {"shift"}


def test_six_point_shift_does_not_fire():
    r = run([11.5] * 6)
    assert flagged(r) == []


def test_point_on_mean_breaks_shift():
    r = run([11.5] * 3 + [11.0] + [11.5] * 3)
    assert flagged(r) == []


def test_rule_priority():
    # 6 points above the mean then one beyond UCL: all 7 are a shift, the last is also outside
    r = run([11.5] * 6 + [16.4])
    assert flagged(r) == list(range(12, 19))
    assert list(r.points["rule"].iloc[12:]) == ["shift"] * 6 + ["outside_limits"]


# ---- polarity -------------------------------------------------------------------------------
@pytest.mark.parametrize("polarity, expected", [
    ("high", "improvement"), ("low", "concern"), ("none", "neutral"),
])
def test_polarity_colouring_high_point(polarity, expected):
    r = run([16.4], polarity=polarity)
    assert r.points["variation"].iloc[12] == expected
    assert r.variation == expected
    assert r.variation_side == "high"


@pytest.mark.parametrize("polarity, expected", [
    ("high", "concern"), ("low", "improvement"), ("none", "neutral"),
])
def test_polarity_colouring_low_point(polarity, expected):
    r = run([5.6], polarity=polarity)
    assert r.variation == expected
    assert r.variation_side == "low"


def test_bad_polarity():
    with pytest.raises(ValueError):
        xmr(pd.Series([1, 2, 3]), "up")


# ---- assurance ------------------------------------------------------------------------------
@pytest.mark.parametrize("polarity, target, expected", [
    ("high", 17.0, "consistent_fail"),   # target above UCL 16.32, higher is better
    ("low", 17.0, "consistent_pass"),
    ("high", 5.0, "consistent_pass"),    # target below LCL 5.68
    ("low", 5.0, "consistent_fail"),
    ("high", 12.0, "inconsistent"),      # inside the limits: hit and miss
    ("low", 16.32, "inconsistent"),      # on the limit counts as inside
    ("none", 17.0, None),                # no polarity, no assurance
    ("high", None, None),                # no target
])
def test_assurance(polarity, target, expected):
    assert run([], polarity=polarity, target=target).assurance == expected


# ---- missing values and short series ----------------------------------------------------------
def test_missing_values_skipped():
    s = pd.Series([10, np.nan, 12, 11, np.nan, 13, 12],
                  index=["2018-01", "2018-02", "2018-03", "2018-04", "2018-05", "2018-06", "2018-07"])
    r = xmr(s, "high")
    assert r.mean == pytest.approx(11.6) and r.mr_mean == pytest.approx(1.5)  # as without gaps
    assert r.n_points == 5
    assert list(r.points.index) == list(s.index)
    assert pd.isna(r.points.loc["2018-02", "variation"])
    assert r.points.loc["2018-03", "moving_range"] == 2  # 12 vs 10, across the gap
    assert not r.points.loc["2018-02", "special_cause"]


def test_too_few_points():
    r = xmr(pd.Series([np.nan, 5.0]), "high", target=4)
    assert math.isnan(r.ucl) and r.variation is None and r.assurance is None
    assert r.trial_limits


# ---- chart ----------------------------------------------------------------------------------
def test_spc_chart_draws(tmp_path):
    from matplotlib.colors import to_hex

    r = run([16.4, 5.6], polarity="high", target=15.0)
    fig = spc_chart(r, "Re-referrals (%)")
    ax = fig.axes[0]
    colours = {to_hex(c.get_facecolor()[0]) for c in ax.collections}
    assert {COLOURS["common"].lower(), COLOURS["improvement"].lower(),
            COLOURS["concern"].lower()} <= colours
    styles = {line.get_linestyle() for line in ax.lines}
    assert {"--", ":"} <= styles  # target dashed, limits dotted
    assert "Re-referrals" in ax.get_title(loc="left")
    fig.savefig(tmp_path / "spc.png")
    assert (tmp_path / "spc.png").stat().st_size > 1000


def test_spc_chart_trial_limits_and_dates():
    import matplotlib.pyplot as plt

    s = pd.Series([10, 12, 11, 13, 12], index=pd.period_range("2018-01", periods=5, freq="M"))
    fig, ax = plt.subplots()
    out = spc_chart(xmr(s, "low"), "CP plans", ax=ax)
    assert out is fig
    assert "Trial limits: worked out from 5 months" in ax.get_title(loc="left")
    # months in words with the year under the first, never ISO dates ("2018-01")
    assert [t.get_text() for t in ax.get_xticklabels()] == ["Jan\n2018", "Feb", "Mar", "Apr", "May"]
    plt.close(fig)


def test_spc_point_classes_differ_in_shape_not_only_colour():
    """Printed in greyscale, concern (orange) and common cause (grey) are the same grey: each class
    has its own marker, and the special causes an outline."""
    from safeguarding.stats.spc import MARKERS

    assert len({m["marker"] for m in MARKERS.values()}) == len(MARKERS)
    r = run([16.4, 5.6], polarity="high", target=15.0)
    ax = spc_chart(r, "Re-referrals (%)").axes[0]
    shapes = {c.get_label(): c.get_paths()[0].vertices.round(3).tobytes() for c in ax.collections}
    assert len(set(shapes.values())) == len(shapes) >= 3
    texts = {t.get_text() for t in ax.texts}
    assert {"Mean", "Upper process limit", "Lower process limit", "Target"} <= texts  # named at the line
