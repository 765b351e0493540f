"""Equalities: children at each stage by ethnicity group, age band and sex, as rates per 10,000
of the group's child population, with the relative rate against a reference group.

* **Stage counts** (``stage_children``): distinct children with the stage's event in the window
  (referral, assessment started, S47 started, ICPC, CP plan started, started to be looked after),
  grouped by the characteristics recorded on their first such event in the window (age at that
  date); or, for the stocks ``on_cp_plan``, ``in_need`` and ``looked_after``, distinct children
  with an episode open at the window's end (age then) - the numerators of ``cp_children`` /
  ``cp_rate`` and ``cin_open`` / ``cin_rate`` (``base.open_at``).
* **Population**: the prepared table ``population_by_group`` (``inputs.population_groups``), for
  the mid-year the DfE rule gives the window's end (mid-(Y-1) for the year ending March Y), or the
  latest earlier one supplied.
* **Relative rate** against the reference group (``groups.REFERENCE_GROUP``: White British,
  Female, 10 to 15), Katz 95 % interval (``stats.relative_rates``). The comparison with White
  British follows the relative rate index of youth justice and the deep dive: each group is
  compared with a separate, large group, so the interval is sound; a ratio to "all children"
  would compare a group with a total that contains it.

The report's table (``equalities_table``) puts four stages side by side: children referred and
children with an S47 enquiry in the 12 months to the report date (rolling, as DfE's annual
rates), children in need and children on a CP plan at the report date.
"""
from __future__ import annotations

import numpy as np
import pandas as pd

from ..groups import (NOT_RECORDED, REFERENCE_GROUP, age_bands, ethnicity_detail, ethnicity_group, order_of,
                      sex_label)
from ..stats.relative_rates import rate_table
from .base import open_at

# (table, event date column, journey code) - the deep dive's journeys use the codes.
STAGES = {"referral": ("referrals", "referral_date", "R"),
          "assessment": ("assessments", "assessment_start_date", "AS"),
          "s47": ("s47", "s47_start_date", "S47"), "icpc": ("s47", "icpc_date", "ICPC"),
          "cp_plan": ("cp_plans", "cpp_start_date", "CPP"),
          "care": ("looked_after", "cla_start_date", "CLA")}
# Stocks: children with an episode open at the window's end, as (table, start, end column, label).
STOCKS = {"on_cp_plan": ("cp_plans", "cpp_start_date", "cpp_end_date", "On a CP plan"),
          "in_need": ("cin", "cin_start_date", "cin_closure_date", "Child in need"),
          "looked_after": ("looked_after", "cla_start_date", "cla_end_date", "Looked after")}
BY = ["ethnicity_group", "ethnicity", "age_band", "sex"]
DIMENSION_TITLES = {"ethnicity_group": "Ethnic group", "ethnicity": "Ethnicity", "age_band": "Age", "sex": "Sex"}
# The report's four stages: (stage, heading, flow over the 12 months to the date | stock at it).
REPORT_STAGES = [("referral", "Referred", "flow"), ("s47", "Section 47 enquiry", "flow"),
                 ("in_need", "Child in need", "stock"), ("on_cp_plan", "Child protection plan", "stock")]
ALL_CHILDREN = "All children"


def check_choice(name, valid, what: str) -> None:
    """A clear error for an unknown stage or dimension name."""
    if name not in valid:
        raise ValueError(f"unknown {what} '{name}'; valid: {', '.join(valid)}")


def stage_children(tables, stage: str, start, end) -> pd.DataFrame:
    """Distinct children with the stage's event in [start, end]: child_id, date (first in the
    window), ethnicity_group, ethnicity (the detailed unit, one per CIN code), age_band, sex."""
    check_choice(stage, [*STAGES, *STOCKS], "stage")
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


def population_year(end) -> int:
    """The ONS mid-year a rate for a window ending ``end`` uses (DfE: mid-(Y-1) for the year
    ending 31 March Y)."""
    end = pd.Timestamp(end)
    return (end.year + 1 if end.month >= 4 else end.year) - 1


def population_for(groups: pd.DataFrame | None, dimension: str, year: int) -> tuple[pd.Series, str]:
    """Population by group for one dimension, for ``year`` or the latest earlier one supplied;
    (empty, "") when none. ``groups``: the prepared ``population_by_group`` table."""
    if groups is None or groups.empty:
        return pd.Series(dtype=float), ""
    rows = groups[(groups["dimension"] == dimension) & (groups["mid_year"].astype(int) <= year)]
    if rows.empty:
        return pd.Series(dtype=float), ""
    latest = int(rows["mid_year"].max())
    rows = rows[rows["mid_year"].astype(int) == latest]
    source = f"mid-{latest}, {rows['source'].iloc[0]}"
    return rows.set_index("group")["population"].astype(float), source


def report_stage_children(tables, at, stages=REPORT_STAGES) -> dict[str, pd.DataFrame]:
    """``stage_children`` of each report stage: flows over the 12 months to ``at``, stocks at it
    (one call serves the three dimensions' tables)."""
    at = pd.Timestamp(at).normalize()
    year_ago = (at - pd.DateOffset(months=12)) + pd.Timedelta(days=1)
    return {stage: stage_children(tables, stage, year_ago if kind == "flow" else at, at)
            for stage, _, kind in stages}


def equalities_table(tables, groups_population: pd.DataFrame | None, dimension: str, at,
                     stages=REPORT_STAGES, children: dict[str, pd.DataFrame] | None = None) -> pd.DataFrame:
    """Children at each report stage by the groups of ``dimension``, with rates per 10,000 and the
    relative rate against ``groups.REFERENCE_GROUP`` where a population by that dimension exists.

    Index: the dimension's groups in display order (groups with no children and no population
    left out), then ``"All children"``. Columns: ``population``, then per stage
    ``<stage>_children``, ``<stage>_rate``, ``<stage>_rr``, ``<stage>_rr_lower``,
    ``<stage>_rr_upper`` (the rate and relative rate are NaN without a population). The All
    children row holds the totals, the population of the groups with one, and the overall rate
    (every child counted, whether or not their group has a population).
    ``attrs``: ``population_source`` ("" without a population), ``reference``, ``stages``
    (``{stage: (heading, kind, start, end)}``), ``dimension``. ``children``: the stages'
    ``report_stage_children`` when already worked out.
    """
    check_choice(dimension, BY, "dimension")
    at = pd.Timestamp(at).normalize()
    year_ago = (at - pd.DateOffset(months=12)) + pd.Timedelta(days=1)
    population, source = population_for(groups_population, dimension, population_year(at))
    reference = REFERENCE_GROUP[dimension]
    usable = not population.empty and reference in population.index
    children = children or report_stage_children(tables, at, stages)
    counts, windows = {}, {}
    for stage, heading, kind in stages:
        counts[stage] = children[stage].groupby(dimension).size()
        windows[stage] = (heading, kind, year_ago if kind == "flow" else at, at)
    order = order_of(dimension)
    present = set(population.index) | {g for c in counts.values() for g in c.index}
    groups = [g for g in order if g in present] + sorted(present - set(order), key=str)
    frame = pd.DataFrame(index=pd.Index(groups, name=DIMENSION_TITLES[dimension]))
    frame["population"] = population.reindex(groups).to_numpy(dtype=float) if usable else np.nan
    total_population = float(population.sum()) if usable else np.nan
    for stage, _, _ in stages:
        children = counts[stage].reindex(groups).fillna(0).astype(int)
        frame[f"{stage}_children"] = children.to_numpy()
        if usable:
            table = rate_table(counts[stage], population, reference, by="group", tests=False).set_index("group")
            table = table.reindex(groups)
            frame[f"{stage}_rate"] = table["rate_per_10k"].to_numpy(dtype=float)
            frame[f"{stage}_rr"] = table["rri"].to_numpy(dtype=float)
            frame[f"{stage}_rr_lower"] = table["rri_lower"].to_numpy(dtype=float)
            frame[f"{stage}_rr_upper"] = table["rri_upper"].to_numpy(dtype=float)
        else:
            for suffix in ("rate", "rr", "rr_lower", "rr_upper"):
                frame[f"{stage}_{suffix}"] = np.nan
    total = {"population": total_population}
    for stage, _, _ in stages:
        n = int(frame[f"{stage}_children"].sum())
        total.update({f"{stage}_children": n,
                      f"{stage}_rate": 10_000 * n / total_population if usable and total_population > 0 else np.nan,
                      f"{stage}_rr": np.nan, f"{stage}_rr_lower": np.nan, f"{stage}_rr_upper": np.nan})
    frame.loc[ALL_CHILDREN] = pd.Series(total)
    for stage, _, _ in stages:
        frame[f"{stage}_children"] = frame[f"{stage}_children"].astype(int)
    frame.attrs.update(population_source=source if usable else "", reference=reference,
                       stages=windows, dimension=dimension)
    return frame


__all__ = ["stage_children", "report_stage_children", "equalities_table", "population_for", "population_year", "STAGES",
           "STOCKS", "BY", "REPORT_STAGES", "check_choice", "ALL_CHILDREN", "NOT_RECORDED"]
