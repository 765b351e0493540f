"""Disproportionality: rates per 10,000 children by ethnicity group, age band and sex at each
stage, the relative rate index (RRI) against a reference group, and the progression ratio from
one stage to the next.

Stage counts, populations, rates, the RRI and its Katz interval are the report's own
(``indicators.equalities``, ``stats.relative_rates``), so the deep dive and the report's
equalities section agree; this module adds the test of a difference for each group and the
progression ratios.

* **Progression** (``progression_ratios``): of the children reaching one stage in the window, the
  share of each group reaching the next stage (on or after it, followed to the end of the data),
  and the ratio of that share to the reference group's, with the same interval and test (the
  children at the earlier stage take the place of the population). A group over-represented at
  referral but not at plan shows a progression ratio below 1: who is referred is not who ends on
  a plan.
"""
from __future__ import annotations

import pandas as pd

from ..groups import NOT_KNOWN, NOT_RECORDED, REFERENCE_GROUP, ethnicity_details, group_of_detail, sort_groups
from ..indicators.equalities import BY, STAGES, STOCKS, check_choice, population_for, population_year, stage_children
from ..stats.relative_rates import difference_test, katz_interval, rate_table
from .journeys import STAGE_LABELS, events, progression

MIN_POPULATION = 1000  # a detailed ethnicity unit with fewer children is pooled within its group


def stage_label(stage: str) -> str:
    """'Referral', 'CP plan', 'On a CP plan' ... for a stage or stock name."""
    check_choice(stage, [*STAGES, *STOCKS], "stage")
    return STOCKS[stage][3] if stage in STOCKS else STAGE_LABELS[STAGES[stage][2]]


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
    check_choice(by, BY, "dimension")
    kids = stage_children(tables, stage, start, end)
    year = population_year(end)
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
    check_choice(by, BY, "dimension")
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
           "stage_children", "stage_label", "pool_small_units", "STAGES", "BY", "MIN_POPULATION"]
