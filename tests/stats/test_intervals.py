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


def test_exact_limits_looked_up_are_scipys():
    from scipy import special

    from safeguarding.stats import intervals

    x = np.arange(10, dtype=float)
    alpha = intervals._ALPHA_95
    lower = np.where(x > 0, 2 * special.gammaincinv(x, alpha / 2) / 2, 0.0)
    upper = 2 * special.gammaincinv(x + 1, 1 - alpha / 2) / 2
    np.testing.assert_allclose(intervals._EXACT_LOWER_95, lower, rtol=1e-13, atol=0)
    np.testing.assert_allclose(intervals._EXACT_UPPER_95, upper, rtol=1e-13)
    # a mix of looked-up, computed (a part count, another level) and Byar's limits agrees with scipy
    mixed = np.array([0, 3, 9, 10, 250, np.nan])
    lo, hi = intervals.poisson_count(mixed)
    assert lo[1] == intervals._EXACT_LOWER_95[3] and hi[2] == intervals._EXACT_UPPER_95[9]
    np.testing.assert_allclose(intervals.poisson_count(np.array([2.5]))[0],
                               [2 * special.gammaincinv(2.5, alpha / 2) / 2], rtol=1e-13)
    lo99, _ = intervals.poisson_count(np.array([3.0]), z=2.5758293035489)
    assert lo99[0] < lo[1]
    assert np.isnan(lo[5]) and np.isnan(hi[5]) and lo[4] > 200


def test_the_report_pages_import_no_scipy():
    # every notebook kernel imports these: scipy.special and scipy.linalg cost 0.16 s each there
    import subprocess
    import sys

    code = ("import sys, safeguarding.report.notebook, safeguarding.present.charts; "
            "print(sorted(m for m in ('scipy.special', 'scipy.linalg', 'scipy.stats') if m in sys.modules))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "[]"
