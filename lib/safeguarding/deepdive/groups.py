"""How children are grouped for breakdowns: ethnicity group, age band, sex, disability.

Ethnicity groups: the CIN codes in ten groups (``ethnicity_groups.csv``, which also maps the
Census 2021 20 categories onto the same groups). Chinese is kept apart, as the CIN codes do
(Census puts it under Asian); Gypsy/Roma and Traveller of Irish heritage form one group because
each is too small on its own in one council. REFU and NOBT are "Not known" and have no
population, so they get no rate.

Ethnicity in detail (dimension ``ethnicity``): one unit per CIN code (Black Caribbean, Black
African, White and Black Caribbean ...: the ``detail`` column of the same file). A Census
category maps onto the unit of the same name, except Census "Gypsy or Irish Traveller" and
"Roma", which the CIN codes divide differently (Gypsy/Roma, Traveller of Irish heritage): they
give the population of the "Gypsy, Roma and Irish Traveller" group only, and Census "Arab" is
counted in "Any other ethnic group" as the CIN code OOTH counts it.

Age bands: the DfE children-in-need bands (Under 1, 1 to 4, 5 to 9, 10 to 15, 16 and over),
age in whole years at the date the row is counted.
"""
from __future__ import annotations

import csv
from functools import lru_cache
from pathlib import Path

import pandas as pd

from ..indicators.base import age_in_years

NOT_RECORDED = "Not recorded"
NOT_KNOWN = "Not known"
AGE_BANDS = ["Unborn", "Under 1", "1 to 4", "5 to 9", "10 to 15", "16 and over"]
_AGE_EDGES = [(0, "Under 1"), (1, "1 to 4"), (5, "5 to 9"), (10, "10 to 15"), (16, "16 and over")]
SEX_LABELS = {"M": "Male", "F": "Female", "U": "Not stated/recorded", "I": "Neither"}
DISABILITY_LABELS = {"Y": "Disabled", "N": "Not disabled", "U": "Not known"}
REFERENCE_GROUP = {"ethnicity_group": "White British", "ethnicity": "White British", "sex": "Female",
                   "age_band": "10 to 15"}


def _mapping() -> dict[tuple[str, str], str]:
    return {key: group for key, (group, _) in _details().items()}


def ethnicity_groups() -> list[str]:
    """Group names in display order (White British first, Not known last)."""
    return list(dict.fromkeys(g for (s, _), g in _mapping().items() if s == "cin"))


def ethnicity_group(codes: pd.Series) -> pd.Series:
    """CIN ethnicity codes -> group name; missing -> Not recorded."""
    cin = {v: g for (s, v), g in _mapping().items() if s == "cin"}
    values = codes.astype("string").str.strip().str.upper()
    return values.map(cin).fillna(NOT_RECORDED).astype(object)


def ethnicity_details() -> list[str]:
    """Detailed ethnicity units in display order (White British first, Not known last)."""
    rows = [(g, d) for (s, _), (g, d) in _details().items() if s == "cin"]
    out = []
    for group in ethnicity_groups():
        details = [d for g, d in rows if g == group]
        out += details
        if len(set(details)) > 1:
            out.append(group)  # a population source may give only the group (Census: GRT)
    return list(dict.fromkeys(out))


@lru_cache(maxsize=None)
def _details() -> dict[tuple[str, str], tuple[str, str]]:
    path = Path(__file__).with_name("ethnicity_groups.csv")
    with path.open(encoding="utf-8", newline="") as fh:
        return {(row["source"], row["value"]): (row["group"], row["detail"]) for row in csv.DictReader(fh)}


def ethnicity_detail(codes: pd.Series) -> pd.Series:
    """CIN ethnicity codes -> detailed unit (Black Caribbean ...); missing -> Not recorded."""
    cin = {v: d for (s, v), (_, d) in _details().items() if s == "cin"}
    values = codes.astype("string").str.strip().str.upper()
    return values.map(cin).fillna(NOT_RECORDED).astype(object)


def group_of_detail(detail: str) -> str:
    """The ten-group name a detailed unit belongs to (a group name is its own group)."""
    for (_, _), (group, d) in _details().items():
        if d == detail:
            return group
    return detail


def census_detail(category: str) -> str | None:
    """A Census 2021 ethnic group -> detailed unit (or group, see above); None for "Does not apply"."""
    found = _details().get(("census", " ".join(str(category).split())))
    return None if found is None else found[1]


def census_group(category: str) -> str | None:
    """A Census 2021 ethnic group (20 categories) -> group name; None for "Does not apply"."""
    return _mapping().get(("census", " ".join(str(category).split())))


def age_band_of(age: pd.Series) -> pd.Series:
    """Whole years of age -> DfE band (negative: unborn; missing: Not recorded)."""
    age = pd.to_numeric(age, errors="coerce")
    out = pd.Series(NOT_RECORDED, index=age.index, dtype=object)
    out[age < 0] = "Unborn"
    for low, label in _AGE_EDGES:
        out[age >= low] = label
    return out


def age_bands(dob: pd.Series, at) -> pd.Series:
    """Age band at ``at`` (a date or one date per row)."""
    at = at if isinstance(at, pd.Series) else pd.Series(pd.Timestamp(at), index=dob.index)
    years = age_in_years(pd.to_datetime(dob), at).where(dob.notna() & at.notna())
    return age_band_of(years)


def sex_label(codes: pd.Series) -> pd.Series:
    return codes.astype("string").str.strip().str.upper().map(SEX_LABELS).fillna(NOT_RECORDED).astype(object)


def disability_label(flags: pd.Series) -> pd.Series:
    return flags.astype("string").str.strip().str.upper().map(DISABILITY_LABELS) \
        .fillna(NOT_RECORDED).astype(object)


def order_of(dimension: str) -> list[str]:
    """Display order of a dimension's groups (unlisted values sort after, alphabetically)."""
    return {"ethnicity_group": ethnicity_groups() + [NOT_RECORDED],
            "ethnicity": ethnicity_details() + [NOT_RECORDED],
            "age_band": AGE_BANDS + [NOT_RECORDED],
            "sex": list(SEX_LABELS.values()) + [NOT_RECORDED],
            "disability": list(DISABILITY_LABELS.values()) + [NOT_RECORDED]}.get(dimension, [])


def sort_groups(frame: pd.DataFrame, dimension: str) -> pd.DataFrame:
    order = {g: i for i, g in enumerate(order_of(dimension))}
    # a pooled unit ("Asian or Asian British: Pakistani, Any other Asian background") sorts
    # with its group
    keys = [(order.get(g, order.get(str(g).split(": ")[0], len(order))), str(g)) for g in frame[dimension]]
    return frame.iloc[sorted(range(len(frame)), key=keys.__getitem__)].reset_index(drop=True)
