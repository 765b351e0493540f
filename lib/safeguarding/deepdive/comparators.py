"""The ethnic mix of England and of a council's statistical neighbours, to set a council's
children in need against.

What is shipped (``benchmarks/shipped_ethnicity.csv``, built by ``benchmarks/build_shipped.py``
with its source and release in ``shipped_sources.json``) is the Census 2021 population by ethnic
group - all usual residents, all ages - of England and each English upper-tier council. DfE's
*Characteristics of children in need* does publish children in need by ethnicity, but no copy
of those tables was available to build from, so the comparison is of population mix, not of
rates: how the council's own population, and the children at a stage, differ from England's
and the neighbours' populations.

Shares are of the population whose ethnic group is known, in the detailed units of
``groups.ethnicity_details`` (Census Gypsy or Irish Traveller and Roma together as "Gypsy, Roma
and Irish Traveller"; Arab in "Any other ethnic group"). The neighbours' share is the mean of
the ten neighbours' shares (each council weighted equally, as the report's neighbour averages).
"""
from __future__ import annotations

import pandas as pd

from ..benchmarks.neighbours import statistical_neighbours
from ..benchmarks.shipped import load_shipped_ethnicity, shipped_sn_file, shipped_sources
from .groups import census_detail

SOURCE_FILE = "shipped_ethnicity.csv"


def _shares(rows: pd.DataFrame) -> pd.Series:
    units = rows["category"].map(census_detail)
    counts = rows["population"].groupby(units.to_numpy()).sum()
    return 100 * counts / counts.sum()


def ethnic_mix(la_code: str | None, sn_vintage: int = 2021) -> pd.DataFrame:
    """Percentage of the population in each detailed unit: ``ethnicity``, ``council_census_pct``
    (the council's own Census 2021 mix, all ages; missing without an LA number), ``england_pct``,
    ``neighbours_pct`` (mean of the statistical neighbours' shares; missing when the council has
    none in the ``sn_vintage`` list). ``attrs``: ``source``, ``neighbours`` (their LA numbers)."""
    census = load_shipped_ethnicity()
    out = pd.DataFrame({"england_pct": _shares(census[census["geography_type"] == "england"])})
    neighbours = []
    code = str(la_code).strip().zfill(3) if la_code else None
    if code:
        own = census[(census["geography_type"] == "la") & (census["geography_code"] == code)]
        if len(own):
            out["council_census_pct"] = _shares(own)
        try:
            neighbours = statistical_neighbours(code, sn_vintage, shipped_sn_file(sn_vintage))["la_code"].tolist()
        except (KeyError, ValueError):
            neighbours = []
        theirs = census[(census["geography_type"] == "la") & census["geography_code"].isin(neighbours)]
        if len(theirs):
            table = theirs.assign(unit=theirs["category"].map(census_detail)).pivot_table(
                index="geography_code", columns="unit", values="population", aggfunc="sum")
            out["neighbours_pct"] = (100 * table.div(table.sum(axis=1), axis=0)).mean()
    for column in ("council_census_pct", "neighbours_pct"):
        if column not in out:
            out[column] = float("nan")
    info = shipped_sources().get(SOURCE_FILE, {})
    out = out.rename_axis("ethnicity").reset_index()[["ethnicity", "council_census_pct", "england_pct",
                                                      "neighbours_pct"]]
    out.attrs.update(source=f"{info.get('release', 'Census 2021')} ({info.get('vintage', '')})",
                     neighbours=neighbours, sn_vintage=sn_vintage)
    return out


__all__ = ["ethnic_mix"]
