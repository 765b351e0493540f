"""Disproportionality: rates per 10,000 children by ethnicity group, age band and sex at each
stage, the relative rate index (RRI) against a reference group, and the progression ratio from
one stage to the next.

* **Stage counts** (``stage_children``): distinct children with the stage's event in the window
  (referral, assessment started, S47 started, ICPC, CP plan started, started to be looked after),
  grouped by the characteristics recorded on their first such event in the window (age at that
  date); or, for the stocks ``on_cp_plan``, ``in_need`` and ``looked_after``, distinct children
  with an episode open at the window's end (age then) - the numerators of cp_rate and cin_rate.
* **Rate** = children / population of the group x 10,000; the population is the group's
  (``population.read_group_population``), for the mid-year the DfE rule gives the window's end.
* **RRI** = rate of the group / rate of the reference group (White British, Female, 10 to 15 by
  default). 95 % interval by the Katz log method: ln RRI +/- 1.96 sqrt(1/a - 1/n1 + 1/c - 1/n2)
  (a, c children; n1, n2 populations of the group and the reference). Test of a difference:
  Pearson chi-squared on the 2x2 table (children / not, group / reference) without continuity
  correction, or Fisher's exact test when an expected cell is below 5.
* **Progression** (``progression_ratios``): of the children reaching one stage in the window, the
  share of each group reaching the next stage (on or after it, followed to the end of the data),
  and the ratio of that share to the reference group's, with the same interval and test (the
  children at the earlier stage take the place of the population). A group over-represented at
  referral but not at plan shows a progression ratio below 1: who is referred is not who ends on
  a plan.
"""
from __future__ import annotations

import numpy as np
import pandas as pd
from scipy import stats

from .groups import (NOT_KNOWN, NOT_RECORDED, REFERENCE_GROUP, age_bands, ethnicity_detail, ethnicity_group,
                     ethnicity_details, group_of_detail, sex_label, sort_groups)
from ..indicators.base import open_at
from .journeys import STAGE_LABELS, events, progression

STAGES = {"referral": ("referrals", "referral_date", "R"),
          "assessment": ("assessments", "assessment_start_date", "AS"),
          "s47": ("s47", "s47_start_date", "S47"), "icpc": ("s47", "icpc_date", "ICPC"),
          "cp_plan": ("cp_plans", "cpp_start_date", "CPP"),
          "care": ("looked_after", "cla_start_date", "CLA")}
# Stocks: children with an episode open at the window's end (the report's cp_rate and cin_rate
# numerators, by group), as (table, start, end column, label).
STOCKS = {"on_cp_plan": ("cp_plans", "cpp_start_date", "cpp_end_date", "On a CP plan"),
          "in_need": ("cin", "cin_start_date", "cin_closure_date", "Child in need"),
          "looked_after": ("looked_after", "cla_start_date", "cla_end_date", "Looked after")}
BY = ["ethnicity_group", "ethnicity", "age_band", "sex"]
MIN_POPULATION = 1000  # a detailed ethnicity unit with fewer children is pooled within its group
Z95 = 1.959963984540054


def _check(name, valid, what):
    if name not in valid:
        raise ValueError(f"unknown {what} '{name}'; valid: {', '.join(valid)}")


def stage_children(tables, stage: str, start, end) -> pd.DataFrame:
    """Distinct children with the stage's event in [start, end]: child_id, date (first in the
    window), ethnicity_group, ethnicity (the detailed unit), age_band, sex."""
    _check(stage, [*STAGES, *STOCKS], "stage")
    if stage in STOCKS:  # open at the end (base.open_at, the indicators' convention)
        table, column, end_column, _ = STOCKS[stage]
        t = tables[table]
        hit = t[open_at(t[column], t[end_column], pd.Timestamp(end)).to_numpy()]
        at = pd.Series(pd.Timestamp(end), index=hit.index)
    else:
        table, column, _ = STAGES[stage]
        t = tables[table]
        hit = t[(t[column] >= pd.Timestamp(start)) & (t[column] <= pd.Timestamp(end))]
        at = hit[column]
    first = hit.sort_values(column, kind="stable").drop_duplicates("child_id")
    return pd.DataFrame({"child_id": first["child_id"].astype("string").to_numpy(),
                         "date": first[column].to_numpy(),
                         "ethnicity_group": ethnicity_group(first["ethnicity"]).to_numpy(),
                         "ethnicity": ethnicity_detail(first["ethnicity"]).to_numpy(),
                         "age_band": age_bands(first["date_of_birth"], at.loc[first.index]).to_numpy(),
                         "sex": sex_label(first["sex"]).to_numpy()})


def stage_label(stage: str) -> str:
    """'Referral', 'CP plan', 'On a CP plan' ... for a stage or stock name."""
    _check(stage, [*STAGES, *STOCKS], "stage")
    return STOCKS[stage][3] if stage in STOCKS else STAGE_LABELS[STAGES[stage][2]]


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
    table = np.array([[a, n1 - a], [c, n2 - c]], dtype=float)
    if (table < 0).any() or min(n1, n2) <= 0 or table.sum(axis=0).min() == 0:
        return float("nan"), ""
    expected = stats.contingency.expected_freq(table)
    if (expected < 5).any():
        return float(stats.fisher_exact(np.rint(table).astype(int))[1]), "Fisher exact"
    chi2, p, _, _ = stats.chi2_contingency(table, correction=False)
    return float(p), "chi-squared"


def rate_table(children: pd.Series, population: pd.Series, reference: str, by: str = "group",
               per: float = 10_000) -> pd.DataFrame:
    """Rates, RRI against ``reference``, Katz interval and test from counts and populations by
    group (groups with no population get counts only)."""
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
    tests = [difference_test(a, n1, c, n2) if pd.notna(n1) and g != reference else (np.nan, "")
             for g, a, n1 in zip(out[by], out["children"], out["population"])]
    out["p_value"] = [t[0] for t in tests]
    out["test"] = [t[1] for t in tests]
    out["significant_5pct"] = out["p_value"] < 0.05
    out.loc[out[by] == reference, ["rri_lower", "rri_upper"]] = np.nan
    out.attrs["reference"] = reference
    return out


def pool_small_units(children: pd.Series, population: pd.Series, min_population: float
                     ) -> tuple[pd.Series, pd.Series, dict[str, list[str]]]:
    """Detailed ethnicity: counts and populations with each child placed in the unit the
    population gives (their own, else their ten-group when the source only has that - Census
    gives Gypsy, Roma and Irish Traveller together), and the units with a population under
    ``min_population`` pooled with the other small units of their group ("Asian or Asian
    British: Pakistani, Bangladeshi"; named by the group alone when they are all of it). A small
    unit alone in its group stays as it is. Returns
    (children, population, {pooled name: units})."""
    children = children.groupby(
        [u if u in population.index or u in (NOT_KNOWN, NOT_RECORDED) else group_of_detail(u)
         for u in children.index]).sum()
    order = {u: i for i, u in enumerate(ethnicity_details())}
    small = sorted((u for u, n in population.items() if n < min_population and u != NOT_KNOWN),
                   key=lambda u: (order.get(u, len(order)), u))
    by_group: dict[str, list[str]] = {}
    for unit in small:
        by_group.setdefault(group_of_detail(unit), []).append(unit)
    rename, pooled = {}, {}
    for group, units in by_group.items():
        if len(units) < 2:
            continue
        whole = set(units) == {d for d in ethnicity_details() if group_of_detail(d) == group and d != group}
        name = group if whole else f"{group}: {', '.join(units)}"
        pooled[name] = units
        rename.update({u: name for u in units})
    return (children.groupby(lambda u: rename.get(u, u)).sum(),
            population.groupby(lambda u: rename.get(u, u)).sum(), pooled)


def rates(tables, groups_population: pd.DataFrame, stage: str, by: str, start, end,
          reference: str | None = None, min_population: float = MIN_POPULATION) -> pd.DataFrame:
    """Children at ``stage`` in the window per 10,000 of each ``by`` group, with the RRI.
    ``by="ethnicity"``: the detailed units, small ones pooled (``pool_small_units``)."""
    from .population import population_for

    _check(by, BY, "dimension")
    kids = stage_children(tables, stage, start, end)
    end = pd.Timestamp(end)
    year = (end.year + 1 if end.month >= 4 else end.year) - 1
    population, source = population_for(groups_population, by, year)
    if population.empty:
        raise ValueError(f"no population by {by.replace('_', ' ')} for mid-{year} or earlier: supply "
                         "population_by_group.csv (docs/input-formats.md)")
    counts = kids.groupby(by).size()
    pooled = {}
    if by == "ethnicity":
        counts, population, pooled = pool_small_units(counts, population, min_population)
    out = rate_table(counts, population, reference or REFERENCE_GROUP[by], by)
    out = sort_groups(out, by)
    out.insert(0, "stage", stage_label(stage))
    out.attrs.update(population_source=source, not_placed=int(counts[~counts.index.isin(population.index)].sum()),
                     reference=reference or REFERENCE_GROUP[by], pooled=pooled,
                     min_population=min_population if by == "ethnicity" else None)
    return out


def progression_ratios(tables, by: str, start, end, stages=("referral", "assessment", "s47", "icpc",
                                                             "cp_plan", "care"),
                       reference: str | None = None) -> pd.DataFrame:
    """For each consecutive pair of stages and each group: children at the earlier stage in the
    window, how many reached the next, the share, and its ratio to the reference group's."""
    _check(by, BY, "dimension")
    codes = [STAGES[s][2] for s in stages]
    ev = events(tables)
    first = stage_children(tables, stages[0], start, end).set_index("child_id")
    reached = progression(ev, pd.Timestamp(start), pd.Timestamp(end), codes).attrs["reached"]
    reference = reference or REFERENCE_GROUP[by]
    parts = []
    for earlier, later in zip(codes, codes[1:]):
        at, nxt = reached[earlier], reached[later]
        group = first[by].reindex(at.index).fillna(NOT_RECORDED)
        n_at = group.groupby(group).size()
        n_next = group[group.index.isin(nxt.index)]
        n_next = n_next.groupby(n_next).size()
        table = rate_table(n_next, n_at, reference, by, per=100) if reference in n_at.index else \
            pd.DataFrame({by: n_at.index, "children": n_next.reindex(n_at.index).fillna(0).to_numpy(),
                          "population": n_at.to_numpy()})
        table = table.rename(columns={"children": "progressed", "population": "at_stage",
                                      "rate_per_10k": "progressed_pct", "rri": "progression_ratio",
                                      "rri_lower": "ratio_lower", "rri_upper": "ratio_upper"})
        table.insert(0, "to_stage", STAGE_LABELS[later])
        table.insert(0, "from_stage", STAGE_LABELS[earlier])
        parts.append(sort_groups(table, by))
    out = pd.concat(parts, ignore_index=True) if parts else pd.DataFrame()
    out.attrs["reference"] = reference
    return out


__all__ = ["rates", "rate_table", "katz_interval", "difference_test", "progression_ratios",
           "stage_children", "STAGES", "BY"]
