"""Minimal RAG and direction-of-travel rules for improvement-plan measures.

The scheme of the indicators reference (sections 5.2 and 5.3) in the codes of the measures
file (``GREEN/AMBER/RED/GREY``, ``IMPROVING/WORSENING/NO_CHANGE/NOT_APPLICABLE``). ``rag``
delegates to ``present.rag.rag_rating`` when importable and otherwise uses an identical local
copy (``_local_rag``); ``direction`` is local and follows ``present.travel``'s bands.

RAG (target-based with tolerance)
    * ``GREY`` - no target, no value, polarity ``none`` or unknown, or (when a denominator is
      known) fewer than ``small_denominator`` cases ("low numbers").
    * ``GREEN`` - on target or better (``high``: value >= target; ``low``: value <= target).
    * ``AMBER`` - worse than target but within the tolerance band (inclusive), or beyond it
      while the value's confidence interval (``lower``/``upper``) still includes the target.
    * ``RED`` - worse than the tolerance band.

    Tolerance band: ``absolute`` -> ``amber_band`` units (percentage points for percentages);
    ``relative`` -> ``amber_band`` x |target| (``amber_band`` is a fraction, 0.1 = 10 %; a value
    above 1 is read as a percentage, 10 -> 10 %). Defaults: absolute, 5 (params ``Target``).

Direction of travel (latest against previous value)
    ``NOT_APPLICABLE`` when either value is missing or polarity is ``none``; ``NO_CHANGE`` when
    the change is inside the "no meaningful change" band (percentages: fewer than
    ``band_points`` percentage points; other units: less than ``band_relative`` x |previous|);
    else ``IMPROVING`` / ``WORSENING`` given the polarity.
"""
from __future__ import annotations

import math

GREEN, AMBER, RED, GREY = "GREEN", "AMBER", "RED", "GREY"
IMPROVING, WORSENING, NO_CHANGE, NOT_APPLICABLE = "IMPROVING", "WORSENING", "NO_CHANGE", "NOT_APPLICABLE"

_EPS = 1e-9

POLARITY_SYNONYMS = {
    "high": "high", "higher": "high", "higher is better": "high", "increase": "high", "up": "high",
    "h": "high",
    "low": "low", "lower": "low", "lower is better": "low", "decrease": "low", "down": "low",
    "l": "low",
    "none": "none", "-": "none", "n/a": "none", "na": "none", "contextual": "none",
    "maintain": "none",
}

RAG_SYNONYMS = {
    "green": GREEN, "g": GREEN, "amber": AMBER, "a": AMBER, "red": RED, "r": RED,
    "grey": GREY, "gray": GREY, "n/a": GREY, "na": GREY, "not applicable": GREY,
    "insufficient data": GREY, "none": GREY,
}

DOT_SYNONYMS = {
    "improving": IMPROVING, "improved": IMPROVING, "better": IMPROVING, "improvement": IMPROVING,
    "worsening": WORSENING, "worsened": WORSENING, "worse": WORSENING, "declining": WORSENING,
    "deteriorating": WORSENING,
    "no change": NO_CHANGE, "no_change": NO_CHANGE, "unchanged": NO_CHANGE, "same": NO_CHANGE,
    "stable": NO_CHANGE, "no meaningful change": NO_CHANGE,
    "not applicable": NOT_APPLICABLE, "not_applicable": NOT_APPLICABLE, "n/a": NOT_APPLICABLE,
    "na": NOT_APPLICABLE,
}


def _missing(x) -> bool:
    if x is None:
        return True
    try:
        return bool(math.isnan(float(x)))
    except (TypeError, ValueError):
        return True


def _key(x) -> str | None:
    if x is None or (not isinstance(x, str) and _missing(x)):
        return None
    t = " ".join(str(x).strip().lower().split())
    return t or None


def norm_polarity(value) -> str | None:
    """``high`` / ``low`` / ``none``, or None when blank or not recognised."""
    k = _key(value)
    return None if k is None else POLARITY_SYNONYMS.get(k)


def norm_rag(value) -> str | None:
    k = _key(value)
    return None if k is None else RAG_SYNONYMS.get(k, k.upper())


def norm_dot(value) -> str | None:
    k = _key(value)
    return None if k is None else DOT_SYNONYMS.get(k, DOT_SYNONYMS.get(k.replace("_", " "), k.upper()))


def tolerance(target: float, tolerance_type: str | None, amber_band) -> float:
    """Width of the amber band in the value's units."""
    band = 5.0 if _missing(amber_band) else abs(float(amber_band))
    if (tolerance_type or "absolute").strip().lower() == "relative":
        if band > 1:
            band = band / 100.0
        return band * abs(target)
    return band


def _local_rag(value, target, polarity, *, tolerance_type=None, amber_band=None, denominator=None,
               lower=None, upper=None, small_denominator: int = 10) -> str:
    pol = norm_polarity(polarity)
    if _missing(value) or _missing(target) or pol not in ("high", "low"):
        return GREY
    if not _missing(denominator) and float(denominator) < small_denominator:
        return GREY
    v, t = float(value), float(target)
    band = tolerance(t, tolerance_type, amber_band)
    gap = (t - v) if pol == "high" else (v - t)  # > 0 means worse than target
    if gap <= _EPS:
        return GREEN
    if gap <= band + _EPS:
        return AMBER
    if not _missing(lower) and not _missing(upper) and float(lower) - _EPS <= t <= float(upper) + _EPS:
        return AMBER  # the interval includes the target: not distinguishable from it, never red
    return RED


def rag(value, target, polarity, *, tolerance_type=None, amber_band=None, denominator=None,
        lower=None, upper=None, small_denominator: int = 10) -> str:
    """RAG of one value against a target (see module docstring).

    Delegates to ``present.rag.rag_rating`` when that module is importable (so measures and
    indicator tables are rated by one rule), mapping its ``none`` (not rated) to ``GREY``; falls
    back to the identical local rules otherwise."""
    pol = norm_polarity(polarity)
    if _missing(value) or _missing(target) or pol not in ("high", "low"):
        return GREY
    try:
        from ..params import Target
        from ..present.rag import rag_rating
    except ImportError:
        return _local_rag(value, target, pol, tolerance_type=tolerance_type, amber_band=amber_band,
                          denominator=denominator, lower=lower, upper=upper,
                          small_denominator=small_denominator)
    band = 5.0 if _missing(amber_band) else abs(float(amber_band))
    tt = "relative" if (tolerance_type or "").strip().lower() == "relative" else "absolute"
    out = rag_rating(float(value), Target(target=float(target), tolerance_type=tt, amber_band=band),
                     pol, denominator=None if _missing(denominator) else float(denominator),
                     lower=None if _missing(lower) else float(lower),
                     upper=None if _missing(upper) else float(upper),
                     small_denominator=small_denominator)
    return {"green": GREEN, "amber": AMBER, "red": RED}.get(str(out).lower(), GREY)


def change_is_meaningful(latest: float, previous: float, unit: str | None, *,
                         band_points: float = 1.0, band_relative: float = 0.05) -> bool:
    change = latest - previous
    if abs(change) <= _EPS:
        return False
    if (unit or "").strip().lower() in ("percent", "%", "pct", "percentage"):
        return abs(change) >= band_points - _EPS
    if abs(previous) <= _EPS:
        return True
    return abs(change) >= band_relative * abs(previous) - _EPS


def direction(latest, previous, polarity, unit=None, *, band_points: float = 1.0,
              band_relative: float = 0.05) -> str:
    """Direction of travel of ``latest`` against ``previous`` (see module docstring).

    Local implementation; it follows the same band rules as ``present.travel`` (which returns
    an arrow and a judgement rather than the measures file's codes)."""
    pol = norm_polarity(polarity)
    if _missing(latest) or _missing(previous) or pol not in ("high", "low"):
        return NOT_APPLICABLE
    lv, pv = float(latest), float(previous)
    if not change_is_meaningful(lv, pv, unit, band_points=band_points, band_relative=band_relative):
        return NO_CHANGE
    up = lv > pv
    return IMPROVING if (up == (pol == "high")) else WORSENING
