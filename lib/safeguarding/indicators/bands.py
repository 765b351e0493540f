"""Ordered breakdowns (durations, timeliness, ages): how adjacent bands are named when merged.

A band with 1 to ``threshold`` children would be suppressed in the open edition; merging it with
its neighbour instead keeps the figure publishable and the shape visible ("1 year to less than
2 years" 51 + "2 years or more" 5 -> "1 year or more" 56). Each band is ``(label, lower, upper)``:
``lower`` is how a merged label starting at this band begins, ``upper`` how one ending here ends
(``None`` for an open-ended last band). A merged label uses ``start`` when it begins at the first
band, ``end`` when it runs to an open-ended band, ``middle`` otherwise. Labels are those of
``indicators.breakdowns`` / ``breakdowns_local`` (a test keeps them in step). Categories not in
the list ("Not known", "Not yet concluded") are not ordered and are never merged.
"""
from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class OrderedBands:
    bands: tuple[tuple[str, str, str | None], ...]
    start: str = "{upper} or less"
    middle: str = "{lower} to {upper}"
    end: str = "{lower} or more"

    @property
    def labels(self) -> list[str]:
        return [b[0] for b in self.bands]

    def merged_label(self, first: str, last: str) -> str:
        """The name of the bands ``first`` .. ``last`` merged into one."""
        i, j = self.labels.index(first), self.labels.index(last)
        if i == j:
            return first
        lower, upper = self.bands[i][1], self.bands[j][2]
        if i == 0 and upper is None:
            return "All"
        template = self.start if i == 0 else self.end if upper is None else self.middle
        text = template.format(lower=lower, upper=upper)
        # "less than 1 year or less" / "more than 6 months or more" say it twice
        if i == 0 and upper.startswith("less than"):
            text = upper
        elif upper is None and lower.startswith("more than"):
            text = lower
        return text[:1].upper() + text[1:]


_NUMERIC = dict(start="{lower}-{upper}", middle="{lower}-{upper}", end="{lower}+")

ORDERED_BREAKDOWNS: dict[str, OrderedBands] = {
    # DfE D5 bands (plans open at a date)
    "cp_open_duration_bands": OrderedBands((
        ("3 months or less", "", "3 months"),
        ("More than 3 months to 6 months", "more than 3 months", "6 months"),
        ("More than 6 months to less than 1 year", "more than 6 months", "less than 1 year"),
        ("1 year to less than 2 years", "1 year", "less than 2 years"),
        ("2 years or more", "2 years", None),
    )),
    "cin_episode_length_bands": OrderedBands((
        ("Less than 3 months", "", "less than 3 months"),
        ("3 months to less than 6 months", "3 months", "less than 6 months"),
        ("6 months to less than 1 year", "6 months", "less than 1 year"),
        ("1 year to less than 2 years", "1 year", "less than 2 years"),
        ("2 years or more", "2 years", None),
    )),
    # working days
    "assessment_duration_bands": OrderedBands((
        ("Same day", "0", "0"), ("1-10", "1", "10"), ("11-20", "11", "20"), ("21-30", "21", "30"),
        ("31-40", "31", "40"), ("41-45", "41", "45"), ("46-50", "46", "50"), ("51-60", "51", "60"),
        ("61+", "61", None),
    ), **_NUMERIC),
    "icpc_timeliness_bands": OrderedBands((
        ("0-10", "0", "10"), ("11-15", "11", "15"), ("16-20", "16", "20"), ("21+", "21", None),
    ), **_NUMERIC),
    # calendar days from receipt (conventions.lado_conclusion_days)
    "lado_conclusion_times": OrderedBands((
        ("Within 1 month", "", "1 month"), ("1 to 3 months", "1 month", "3 months"),
        ("3 to 12 months", "3 months", "12 months"), ("Over 12 months", "12 months", None),
    ), start="within {upper}", end="over {lower}"),
    # age in whole years
    "yc_age_profile": OrderedBands((
        ("Under 8", "0", "7"), ("8-10", "8", "10"), ("11-13", "11", "13"), ("14-15", "14", "15"),
        ("16-17", "16", "17"),
    ), **_NUMERIC),
}
