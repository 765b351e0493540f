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
from scipy import special  # lighter to import than scipy.stats (notebooks import this module)

Z95 = 1.959963984540054


def _chi2_ppf(q, df):
    """Quantile of the chi-squared distribution (scipy.stats.chi2.ppf) via the gamma function."""
    return 2 * special.gammaincinv(np.asarray(df, dtype=float) / 2, q)


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
    with np.errstate(invalid="ignore", divide="ignore"):
        exact_lower = np.where(x > 0, _chi2_ppf(alpha / 2, 2 * x) / 2, 0.0)
        exact_upper = _chi2_ppf(1 - alpha / 2, 2 * x + 2) / 2
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
