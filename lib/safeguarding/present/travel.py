"""Direction of travel: an arrow for the sign of a change, a judgement for whether it is good.

* Arrow: ``▲`` up, ``▼`` down, ``►`` no meaningful change; ``""`` when either value is missing.
* "No meaningful change" band (params ``conventions.no_change_band_points`` /
  ``no_change_band_relative``): percentages compare the absolute change in percentage points
  with ``band_points`` (default 1.0 point); counts, rates, days and weeks compare the relative
  change ``(current - previous) / |previous|`` with ``band_relative`` (default 0.05 = 5 %).
  A change strictly smaller than the band is "no change"; a change equal to the band counts.
  From a previous value of 0, any non-zero current value is a change.
* Judgement: ``improving`` / ``worsening`` from the polarity (``high``: up is improving;
  ``low``: down is improving); ``neutral`` for indicators without polarity (activity
  measures: the arrow shows the direction but it is not coloured good or bad);
  ``no_change`` inside the band; ``n/a`` when a value is missing or either value covers only
  part of its period (``complete=False``: the extract date falls inside it, so a fall would
  only be the missing days).
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from ._util import as_float

UP, DOWN, FLAT = "▲", "▼", "►"
_EPS = 1e-9
JUDGEMENT_TEXT = {
    "improving": "Improving", "worsening": "Worsening", "no_change": "No change",
    "neutral": "", "n/a": "n/a",
}


@dataclass(frozen=True)
class Travel:
    arrow: str  # '▲' | '▼' | '►' | '' (missing)
    judgement: str  # 'improving' | 'worsening' | 'no_change' | 'neutral' | 'n/a'
    change: float | None  # current - previous, in the indicator's units

    @property
    def css_class(self) -> str:
        return "travel-" + self.judgement.replace("/", "").replace("_", "-")

    @property
    def text(self) -> str:
        if self.judgement == "neutral":
            return {UP: "Up", DOWN: "Down"}.get(self.arrow, "")
        return JUDGEMENT_TEXT[self.judgement]


def direction_of_travel(
    current: Any,
    previous: Any,
    polarity: str,
    unit: str,
    *,
    band_points: float = 1.0,
    band_relative: float = 0.05,
    complete: bool = True,
) -> Travel:
    cur, prev = as_float(current), as_float(previous)
    if cur is None or prev is None or not complete:
        return Travel("", "n/a", None)
    change = cur - prev
    if unit == "percent":
        meaningful = abs(change) >= band_points - _EPS
    elif prev == 0:
        meaningful = abs(change) > _EPS
    else:
        meaningful = abs(change) / abs(prev) >= band_relative - _EPS
    if not meaningful:
        return Travel(FLAT, "no_change", change)
    arrow = UP if change > 0 else DOWN
    if polarity == "high":
        judgement = "improving" if change > 0 else "worsening"
    elif polarity == "low":
        judgement = "improving" if change < 0 else "worsening"
    else:
        judgement = "neutral"
    return Travel(arrow, judgement, change)
