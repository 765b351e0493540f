"""The indicator registry: one entry per KPI, the single place its definition lives.

A newcomer looking for an indicator finds here its id, committee title, plain-English definition,
numerator, denominator, unit, window, polarity, status and source; the function that computes
it is named in ``function`` (module ``safeguarding.indicators.<section>``) and its test is
``tests/indicators/test_<section>.py::test_<id>``.
"""
from __future__ import annotations

from dataclasses import dataclass

UNITS = {"count", "percent", "rate_per_10k", "days", "weeks"}
WINDOWS = {"month", "month_end", "rolling_12", "period"}
POLARITIES = {"high", "low", "none"}
STATUSES = {"national", "local"}
# How a period total is formed from the monthly values:
#   sum          - flows: add numerators (and denominators) over the months
#   pooled       - proportions: sum numerators and denominators over the months, then divide
#   end          - stocks and rolling-12 measures: the value at the last month of the period
#   mean         - averages (e.g. mean weeks in proceedings) recomputed over the whole period
AGGREGATIONS = {"sum", "pooled", "end", "mean"}


@dataclass(frozen=True)
class Indicator:
    id: str
    section: str  # front_door | assessments | cin | cp | private_fostering | young_carers | lado | proceedings
    title: str  # as a committee would read it
    definition: str  # plain English
    numerator: str
    denominator: str  # "" for counts
    unit: str
    window: str
    polarity: str
    status: str  # national definition or local standard
    source: str  # where the definition comes from (DfE table, WT, regulations, local)
    aggregation: str
    lait_code: str = ""  # LAIT measure code for benchmarking, when one exists
    table: str = ""  # tidy table(s) it reads; their windows decide its coverage (compute.mark_coverage)
    # those of ``table`` it can do without (a fallback or a setting decides whether it reads them):
    # their window still applies when they hold rows, but holding none never makes it n/a
    optional: str = ""
    rag: bool = True  # False for activity/volume measures (no RAG, no good/bad colouring)


REGISTRY: dict[str, Indicator] = {}


def define(indicator: Indicator) -> Indicator:
    assert indicator.id not in REGISTRY, f"duplicate indicator id {indicator.id}"
    assert indicator.unit in UNITS, indicator.unit
    assert indicator.window in WINDOWS, indicator.window
    assert indicator.polarity in POLARITIES, indicator.polarity
    assert indicator.status in STATUSES, indicator.status
    assert indicator.aggregation in AGGREGATIONS, indicator.aggregation
    REGISTRY[indicator.id] = indicator
    return indicator
