"""Confidence intervals against hand-computed values (indicators.md section 6)."""
import math

import numpy as np
import pytest

from safeguarding.stats.intervals import poisson_count, rate_interval, wilson


def test_wilson_5_of_10():
    # z = 1.96: (2*5 + 3.8415 -/+ 1.96*sqrt(3.8415 + 4*5*0.5)) / (2*(10 + 3.8415))
    #         = (13.8415 -/+ 7.2915) / 27.683 -> 0.2366, 0.7634
    lower, upper = wilson(5, 10)
    assert lower == pytest.approx(0.2366, abs=1e-4) and upper == pytest.approx(0.7634, abs=1e-4)


def test_wilson_no_denominator_is_missing_not_zero():
    lower, upper = wilson(0, 0)
    assert math.isnan(lower) and math.isnan(upper)


def test_exact_poisson_below_10():
    # x = 0: lower 0, upper = chi2(0.975, 2)/2 = -ln(0.025) = 3.6889
    lower, upper = poisson_count(np.array([0.0]))
    assert lower[0] == 0 and upper[0] == pytest.approx(-math.log(0.025), rel=1e-6)
    # x = 1: lower = chi2(0.025, 2)/2 = -ln(0.975) = 0.02532
    lower, _ = poisson_count(np.array([1.0]))
    assert lower[0] == pytest.approx(-math.log(0.975), rel=1e-6)


def test_byar_from_10():
    # lower = 10 * (1 - 1/90 - 1.96/(3*sqrt(10)))**3 = 10 * 0.78229**3 = 4.787
    # upper = 11 * (1 - 1/99 + 1.96/(3*sqrt(11)))**3 = 11 * 1.18689**3 = 18.39
    lower, upper = poisson_count(np.array([10.0]))
    assert lower[0] == pytest.approx(4.787, abs=1e-3) and upper[0] == pytest.approx(18.391, abs=1e-3)


def test_rate_interval_scales_the_count_limits():
    lower, upper = rate_interval(np.array([10.0]), np.array([20_000.0]))
    assert lower[0] == pytest.approx(4.787 * 10_000 / 20_000, abs=1e-3)
    assert upper[0] == pytest.approx(18.391 * 0.5, abs=1e-3)
