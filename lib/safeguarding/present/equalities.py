"""The equalities table: children at each stage by ethnic group, age band or sex, with rates per
10,000 and relative rates, through the report's disclosure control (``tables.count_table``).

From ``indicators.equalities.equalities_table``. In the open edition a count from 1 to the
threshold, and any count that would let one be worked out from the table's totals, is hidden;
the rate and the relative rate of a hidden count are hidden with it (a rate with its published
population is the count; a relative rate with the reference group's published rate is the rate).
When the reference group's own count is hidden, every relative rate of that stage is hidden, as
each one, with its group's rate, would give the reference group's rate back.
"""
from __future__ import annotations

import numpy as np
import pandas as pd

from ..indicators.equalities import ALL_CHILDREN, DIMENSION_TITLES
from ..disclosure.suppress import suppression_mask
from .tables import count_table

POPULATION = "Population aged 0-17"
REFERENCE_WORDS = {"White British": "White British children", "Female": "girls",
                   "10 to 15": "children aged 10 to 15"}
CHILDREN, RATE, RR = "Children", "Rate per 10,000", "Relative rate (95% CI)"


def _rr_text(rr, lower, upper, is_reference: bool) -> str:
    if is_reference:
        return "1.00 (reference)"
    if rr is None or np.isnan(rr) or rr == 0:  # no children in the group: its rate says so
        return ""
    if lower is None or np.isnan(lower):
        return f"{rr:.2f}"
    return f"{rr:.2f} ({lower:.2f} to {upper:.2f})"


def display_frame(frame: pd.DataFrame) -> tuple[pd.DataFrame, dict, dict, bool]:
    """(table with (stage, measure) columns, value column units, hide-with map, has rates)."""
    stages = frame.attrs["stages"]
    reference = frame.attrs["reference"]
    has_rates = bool(frame.attrs.get("population_source"))
    out = pd.DataFrame(index=frame.index)
    units, hide = {}, {}
    if has_rates:
        out[(POPULATION, "")] = frame["population"]
        units[(POPULATION, "")] = "count"
    for stage, (heading, _, _, _) in stages.items():
        children = (heading, CHILDREN)
        out[children] = frame[f"{stage}_children"].astype(int)
        if not has_rates:
            continue
        out[(heading, RATE)] = frame[f"{stage}_rate"]
        out[(heading, RR)] = [
            "" if label == ALL_CHILDREN else _rr_text(rr, lo, hi, label == reference)
            for label, rr, lo, hi in zip(frame.index, frame[f"{stage}_rr"], frame[f"{stage}_rr_lower"],
                                         frame[f"{stage}_rr_upper"])]
        units.update({(heading, RATE): "rate_per_10k", (heading, RR): "ratio"})
        hide.update({(heading, RATE): children, (heading, RR): children})
    out.columns = pd.MultiIndex.from_tuples(out.columns)
    return out, units, hide, has_rates


def equalities_html(frame: pd.DataFrame, *, edition: str = "open", threshold: int = 5, symbol: str = "c",
                    caption: str | None = None, notes: list[str] | None = None, table_id: str | None = None,
                    period: str | None = None) -> str:
    """The table through ``count_table`` (``table_id`` / ``period``: its provenance)."""
    table, units, hide, has_rates = display_frame(frame)
    reference = frame.attrs["reference"]
    counts = [c for c in table.columns if c[1] == CHILDREN]
    if edition == "open" and has_rates and reference in table.index:
        mask = suppression_mask(table[counts], threshold, total_row=ALL_CHILDREN, count_columns=counts)
        hidden = dict(zip(counts, mask.loc[reference].to_numpy(dtype=bool)))
        for heading, _ in counts:
            if hidden[(heading, CHILDREN)]:
                # the reference rate could be worked back from any group's rate and relative rate
                table[(heading, RR)] = [symbol if v else v for v in table[(heading, RR)]]
    table.index.name = DIMENSION_TITLES[frame.attrs["dimension"]]
    return count_table(table, edition=edition, threshold=threshold, symbol=symbol, total_row=ALL_CHILDREN,
                       total_col=False, caption=caption, value_columns=units, hide_with=hide,
                       notes=notes or [], table_id=table_id, period=period)


def population_note(frame: pd.DataFrame) -> str:
    """What the rates stand on, in plain words (printed under every table that uses them)."""
    source = frame.attrs.get("population_source", "")
    reference = frame.attrs["reference"]
    if not source:
        return ("No population by " + DIMENSION_TITLES[frame.attrs["dimension"]].lower() + " was supplied "
                "(population_by_group.csv), so only the numbers of children are shown.")
    year, _, what = source.partition(", ")
    if what.startswith("proxy"):
        text = (f"Population: a proxy, not a count of children - the area's Census 2021 ethnic mix of "
                f"residents of all ages applied to the ONS {year} estimate of children aged 0-17. Rates "
                f"and relative rates are indicative only.")
    else:
        text = f"Population: {year} children aged 0-17 by group, supplied by the council."
    return (text + f" Relative rate: the group's rate divided by the rate for {REFERENCE_WORDS.get(reference, reference + ' children')}, "
            "with its 95% confidence interval; an interval that does not include 1 shows a difference "
            "unlikely to be chance. Unborn, not recorded and not known have no population, so no rate.")


__all__ = ["equalities_html", "population_note", "display_frame"]
