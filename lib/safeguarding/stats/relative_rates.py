"""Rates per 10,000 by group and the relative rate against a reference group.

* **Rate** = children / population of the group x ``per`` (10,000).
* **Relative rate** (relative rate index, RRI) = rate of the group / rate of the reference group.
  95 % interval by the Katz log method: ln RRI +/- 1.96 sqrt(1/a - 1/n1 + 1/c - 1/n2) (a, c
  children; n1, n2 populations of the group and the reference); none where a or c is 0.
* **Test of a difference** (``rate_table``): Pearson chi-squared on the 2x2 table (children /
  not, group / reference) without continuity correction, or Fisher's exact test when an expected
  cell is below 5.

Used by the report's equalities tables (``indicators.equalities``) and the deep dive's
disproportionality, so both give the same figures for the same children.
"""
from __future__ import annotations

import numpy as np
import pandas as pd

Z95 = 1.959963984540054


def katz_interval(a, n1, c, n2, z: float = Z95) -> tuple[float, float, float]:
    """RRI = (a/n1)/(c/n2) and its Katz log interval; NaN where a or c is 0 or n missing."""
    a, n1, c, n2 = (np.asarray(x, dtype=float) for x in (a, n1, c, n2))
    with np.errstate(divide="ignore", invalid="ignore"):
        rri = (a / n1) / (c / n2)
        se = np.sqrt(1 / a - 1 / n1 + 1 / c - 1 / n2)
        ok = (a > 0) & (c > 0) & (n1 > 0) & (n2 > 0)
        lower = np.where(ok, np.exp(np.log(rri) - z * se), np.nan)
        upper = np.where(ok, np.exp(np.log(rri) + z * se), np.nan)
    return rri, lower, upper


def difference_test(a, n1, c, n2) -> tuple[float, str]:
    """p-value of group vs reference (chi-squared, or Fisher's exact for small expected counts)."""
    from scipy import stats  # heavy: only the deep dive's tables ask for tests

    table = np.array([[a, n1 - a], [c, n2 - c]], dtype=float)
    if (table < 0).any() or min(n1, n2) <= 0 or table.sum(axis=0).min() == 0:
        return float("nan"), ""
    expected = stats.contingency.expected_freq(table)
    if (expected < 5).any():
        return float(stats.fisher_exact(np.rint(table).astype(int))[1]), "Fisher exact"
    chi2, p, _, _ = stats.chi2_contingency(table, correction=False)
    return float(p), "chi-squared"


def rate_table(children: pd.Series, population: pd.Series, reference: str, by: str = "group",
               per: float = 10_000, tests: bool = True) -> pd.DataFrame:
    """Rates, RRI against ``reference``, Katz interval and (``tests``) the test of a difference,
    from counts and populations by group (groups with no population get counts only)."""
    groups = list(dict.fromkeys(list(population.index) + list(children.index)))
    out = pd.DataFrame({by: groups})
    out["children"] = children.reindex(groups).fillna(0).astype(int).to_numpy()
    out["population"] = population.reindex(groups).to_numpy(dtype=float)
    out["rate_per_10k"] = per * out["children"] / out["population"]
    if reference not in population.index:
        raise ValueError(f"reference group '{reference}' has no population; groups with one: "
                         f"{', '.join(map(str, population.index))}")
    c, n2 = float(children.get(reference, 0)), float(population[reference])
    rri, lower, upper = katz_interval(out["children"], out["population"], c, n2)
    out["rri"], out["rri_lower"], out["rri_upper"] = rri, lower, upper
    if tests:
        results = [difference_test(a, n1, c, n2) if pd.notna(n1) and g != reference else (np.nan, "")
                   for g, a, n1 in zip(out[by], out["children"], out["population"])]
        out["p_value"] = [t[0] for t in results]
        out["test"] = [t[1] for t in results]
        out["significant_5pct"] = out["p_value"] < 0.05
    out.loc[out[by] == reference, ["rri_lower", "rri_upper"]] = np.nan
    out.attrs["reference"] = reference
    return out


__all__ = ["katz_interval", "difference_test", "rate_table", "Z95"]
