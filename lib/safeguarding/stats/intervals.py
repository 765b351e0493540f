"""Confidence intervals for small monthly numbers (indicators.md section 6).

* Proportions: Wilson score interval (the Fingertips / PHEindicatormethods standard).
* Counts and rates: exact Poisson for counts below 10, Byar's approximation from 10 upwards;
  population denominators are treated as fixed, so a rate's limits are the count's limits
  scaled by multiplier / population.

All functions are vectorised (scalars or arrays in, numpy arrays out) and return NaN where the
interval is undefined (no denominator).
"""
from __future__ import annotations

import math

import numpy as np

Z95 = 1.959963984540054
_ALPHA_95 = 2 * (1 - 0.5 * (1 + math.erf(Z95 / math.sqrt(2))))

# The exact 95 % limits of a count of 0 to 9 (every count the exact method is used for):
# _chi2_ppf(0.025, 2x) / 2 and _chi2_ppf(0.975, 2x + 2) / 2, as scipy gives them (a test checks
# they still are). Looked up, so the report's processes need not import scipy.special (0.16 s
# each: the runner and every notebook kernel); other counts and levels compute them.
_EXACT_LOWER_95 = np.array([0.0, 0.025317807984289897, 0.24220927854396507, 0.6186721228956015,
                            1.089865373626325, 1.623486390118421, 2.201894253490851, 2.814363051519867,
                            3.4538321767485023, 4.115373097378334])
_EXACT_UPPER_95 = np.array([3.6888794541139354, 5.571643390938898, 7.22468766772396, 8.767273069742323,
                            10.241588675403694, 11.66833207932267, 13.059474022518685, 14.422675361702376,
                            15.763189220193313, 17.084803451419166])


def _chi2_ppf(q, df):
    """Quantile of the chi-squared distribution (scipy.stats.chi2.ppf) via the gamma function."""
    from scipy import special  # lighter to import than scipy.stats

    return 2 * special.gammaincinv(np.asarray(df, dtype=float) / 2, q)


def _exact_poisson(x: np.ndarray, alpha: float) -> tuple[np.ndarray, np.ndarray]:
    """Exact (chi-squared) limits of counts ``x``: looked up for whole counts 0-9 at 95 %."""
    whole = np.isfinite(x) & (x >= 0) & (x <= 9) & (x == np.round(x))
    lookup = alpha == _ALPHA_95 and bool((whole | ~(x < 10)).all())
    if lookup:
        index = np.where(whole, x, 0).astype(int)
        return np.where(whole, _EXACT_LOWER_95[index], np.nan), np.where(whole, _EXACT_UPPER_95[index], np.nan)
    with np.errstate(invalid="ignore", divide="ignore"):
        return (np.where(x > 0, _chi2_ppf(alpha / 2, 2 * x) / 2, 0.0), _chi2_ppf(1 - alpha / 2, 2 * x + 2) / 2)


def wilson(x, n, z: float = Z95) -> tuple[np.ndarray, np.ndarray]:
    """Wilson score interval for x successes out of n, as proportions (0-1)."""
    x = np.asarray(x, dtype=float)
    n = np.asarray(n, dtype=float)
    with np.errstate(invalid="ignore", divide="ignore"):
        p = x / n
        root = z * np.sqrt(z * z + 4 * x * (1 - p))
        lower = (2 * x + z * z - root) / (2 * (n + z * z))
        upper = (2 * x + z * z + root) / (2 * (n + z * z))
    bad = ~(n > 0)
    lower = np.where(bad, np.nan, np.clip(lower, 0, 1))
    upper = np.where(bad, np.nan, np.clip(upper, 0, 1))
    return lower, upper


def poisson_count(x, z: float = Z95) -> tuple[np.ndarray, np.ndarray]:
    """95% limits for an observed count: exact (chi-squared) below 10, Byar's from 10."""
    x = np.asarray(x, dtype=float)
    alpha = 2 * (1 - 0.5 * (1 + math.erf(z / math.sqrt(2))))
    exact_lower, exact_upper = _exact_poisson(x, alpha)
    with np.errstate(invalid="ignore", divide="ignore"):
        byar_lower = x * (1 - 1 / (9 * x) - z / (3 * np.sqrt(x))) ** 3
        byar_upper = (x + 1) * (1 - 1 / (9 * (x + 1)) + z / (3 * np.sqrt(x + 1))) ** 3
    small = x < 10
    lower = np.where(small, exact_lower, byar_lower)
    upper = np.where(small, exact_upper, byar_upper)
    missing = np.isnan(x)
    return np.where(missing, np.nan, lower), np.where(missing, np.nan, upper)


def rate_interval(x, population, multiplier: float = 10_000) -> tuple[np.ndarray, np.ndarray]:
    """Limits for a rate = x / population * multiplier (population fixed)."""
    lower, upper = poisson_count(x)
    population = np.asarray(population, dtype=float)
    with np.errstate(invalid="ignore", divide="ignore"):
        scale = np.where(population > 0, multiplier / population, np.nan)
    return lower * scale, upper * scale
