"""RAG (red / amber / green) ratings against a target, with tolerance and small-number rules.

The rules (written down for readers in ``docs/conventions.md``):

* ``none`` - the indicator is not rated: activity / demand measures (``rag_enabled`` False),
  polarity ``none``, or no numeric target (no target, or a text label such as "Under review").
* ``incomplete`` - the value covers only part of its period (the extract date falls inside it)
  or none of it (``coverage`` ``partial`` / ``none``, see ``present.coverage``): a part month's
  count is too low, not a failure, so it is never rated.
* ``grey`` - "insufficient data": the value is missing (no denominator, no data) or the
  denominator is below ``small_denominator`` (params ``conventions.small_denominator``, 10).
* ``green`` - on target or better (polarity-aware: ``high`` = higher is better).
* ``amber`` - worse than target but within the tolerance band (``Target.amber_band``):
  ``absolute`` tolerance is in the indicator's own units (percentage points for percentages);
  ``relative`` tolerance is a fraction of the target (0.05 = 5 %). A relative band written as a
  whole number greater than 1 (e.g. ``5``) is read as a percentage (5 %), so that the default
  ``amber_band: 5.0`` does not silently mean 500 %.
  The band edge itself is amber (``shortfall <= band``).
* ``red`` - worse than target by more than the tolerance, **except** that a value is never red
  when its 95 % interval ``[lower, upper]`` (Wilson for percentages, Byar / exact Poisson for
  counts and rates) includes the target: the data cannot tell it apart from the target, so it
  is capped at ``amber``. A small denominator is grey, so it is never red either.
"""
from __future__ import annotations

from typing import Any

from ._util import as_float

RAG_LEVELS = ("green", "amber", "red", "grey", "incomplete", "none")
RAG_LABELS = {
    "green": "Green", "amber": "Amber", "red": "Red",
    "grey": "Low numbers", "incomplete": "Not rated: incomplete period", "none": "",
}
_EPS = 1e-9


def tolerance_band(target_value: float, tolerance_type: str, amber_band: float) -> float:
    """The amber band in the indicator's units."""
    band = abs(float(amber_band))
    if tolerance_type == "relative":
        fraction = band / 100.0 if band > 1 else band
        return fraction * abs(target_value)
    return band


def rag_rating(
    value: Any,
    target: Any,
    polarity: str,
    *,
    denominator: Any = None,
    lower: Any = None,
    upper: Any = None,
    small_denominator: int = 10,
    rag_enabled: bool = True,
    coverage: str = "full",
) -> str:
    """'green' | 'amber' | 'red' | 'grey' | 'incomplete' | 'none' (see the module docstring).

    ``target`` is a :class:`safeguarding.params.Target` (or None); ``coverage`` the row's
    ``full`` / ``partial`` / ``none``.
    """
    tval = as_float(getattr(target, "target", None)) if target is not None else None
    if not rag_enabled or polarity not in ("high", "low") or tval is None:
        return "none"
    if coverage in ("partial", "none"):
        return "incomplete"
    v = as_float(value)
    if v is None:
        return "grey"
    d = as_float(denominator)
    if d is not None and d < small_denominator:
        return "grey"
    shortfall = (tval - v) if polarity == "high" else (v - tval)
    if shortfall <= _EPS:
        return "green"
    band = tolerance_band(tval, getattr(target, "tolerance_type", "absolute"),
                          getattr(target, "amber_band", 0.0))
    if shortfall <= band + _EPS:
        return "amber"
    lo, hi = as_float(lower), as_float(upper)
    if lo is not None and hi is not None and lo - _EPS <= tval <= hi + _EPS:
        return "amber"
    return "red"


def rag_label(rating: str) -> str:
    return RAG_LABELS.get(rating, "")
