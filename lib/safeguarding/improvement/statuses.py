"""Status scales of the improvement-plan tracker and the synonyms accepted for each code.

Two scales (params ``improvement_plan.scale``):

``BRAG`` (seed 002, 004)
    ``BLUE`` completed · ``GREEN`` in progress, on track · ``AMBER`` more work needed /
    resolvable issue in sight · ``RED`` stuck / off track.

``COMPLETION`` (seed 003, Lewisham's monitoring report)
    ``COMPLETED`` completed · ``ONGOING`` in progress and still within its deadline ·
    ``NOT_COMPLETED`` not completed by its deadline, or unlikely to be.

Labels and colours come from params ``improvement_plan.statuses`` (code -> [label, colour]).
The params default is the BRAG mapping; when ``scale: COMPLETION`` is chosen and the statuses
are left at that default, the COMPLETION defaults below are used instead.

Status values are matched case-insensitively after trimming, with ``_``, ``-`` and ``/`` read as
spaces, against the code itself, its configured label and the synonyms in ``SYNONYMS`` (see
docs/improvement-plan.md for the full list). Anything else is "not on the scale" (rule IP-001)
and is counted as ``UNKNOWN`` ("Status not recorded").
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

import pandas as pd

UNKNOWN = "UNKNOWN"
UNKNOWN_LABEL = "Status not recorded / not on the scale"
UNKNOWN_COLOUR = "#767676"

DEFAULT_STATUSES: dict[str, dict[str, list[str]]] = {
    "BRAG": {
        "BLUE": ["Completed", "#1f77b4"],
        "GREEN": ["In progress, on track", "#2ca02c"],
        "AMBER": ["More work needed", "#c77700"],
        "RED": ["Stuck / off track", "#d62728"],
    },
    "COMPLETION": {
        "COMPLETED": ["Completed", "#2ca02c"],
        "ONGOING": ["Ongoing, within deadline", "#c77700"],
        "NOT_COMPLETED": ["Not completed by deadline (or unlikely to be)", "#d62728"],
    },
}

# Codes meaning "done", and the code counted as "red" (stuck / not completed) per scale.
COMPLETED_CODES = {"BLUE", "COMPLETED"}
RED_CODE = {"BRAG": "RED", "COMPLETION": "NOT_COMPLETED"}

# Severity rank (0 = best) used to say whether a status change is an improvement.
RANK = {"BLUE": 0, "GREEN": 1, "AMBER": 2, "RED": 3,
        "COMPLETED": 0, "ONGOING": 1, "NOT_COMPLETED": 2}

# Synonyms per scale, already in normalised form (lower case, single spaces; see ``_norm``).
SYNONYMS: dict[str, dict[str, list[str]]] = {
    "BRAG": {
        "BLUE": ["blue", "b", "completed", "complete", "done", "closed", "achieved",
                 "fully completed", "completed by deadline"],
        "GREEN": ["green", "g", "on track", "in progress", "in progress on track", "on target",
                  "ongoing", "in progress no barriers"],
        "AMBER": ["amber", "a", "more work needed", "some slippage", "at risk", "slipping",
                  "resolvable issue in sight", "more work needed or resolvable issue in sight"],
        "RED": ["red", "r", "stuck", "fully stuck", "off track", "not on track", "blocked"],
    },
    "COMPLETION": {
        "COMPLETED": ["completed", "complete", "done", "closed", "achieved", "blue", "b",
                      "completed by deadline", "green", "g"],
        "ONGOING": ["ongoing", "ongoing within deadline", "in progress", "on track", "not due",
                    "not yet due", "amber", "a"],
        "NOT_COMPLETED": ["not completed", "not completed by deadline", "incomplete", "overdue",
                          "not complete", "off track", "stuck",
                          "unlikely to be completed by deadline", "red", "r"],
    },
}


def _norm(value) -> str | None:
    if value is None or (not isinstance(value, str) and pd.isna(value)):
        return None
    text = re.sub(r"[_\-/,;:.()'\"]+", " ", str(value).strip().lower())
    text = re.sub(r"\s+", " ", text).strip()
    return text or None


@dataclass(frozen=True)
class StatusScheme:
    """The resolved status scale: ordered codes with labels and colours."""
    scale: str
    statuses: dict[str, tuple[str, str]]  # code -> (label, colour), in display order
    lookup: dict[str, str] = field(default_factory=dict, compare=False, repr=False)

    @property
    def codes(self) -> list[str]:
        return list(self.statuses)

    @property
    def completed_codes(self) -> set[str]:
        return {c for c in self.statuses if c in COMPLETED_CODES}

    @property
    def red_code(self) -> str | None:
        code = RED_CODE.get(self.scale)
        return code if code in self.statuses else None

    def label(self, code) -> str:
        if code is None or (not isinstance(code, str) and pd.isna(code)) or code == UNKNOWN:
            return UNKNOWN_LABEL
        return self.statuses.get(code, (str(code), UNKNOWN_COLOUR))[0]

    def colour(self, code) -> str:
        if code is None or (not isinstance(code, str) and pd.isna(code)) or code == UNKNOWN:
            return UNKNOWN_COLOUR
        return self.statuses.get(code, ("", UNKNOWN_COLOUR))[1]

    def code_for(self, value) -> str | None:
        """The status code for one raw value, or None when it is blank or not on the scale."""
        key = _norm(value)
        return None if key is None else self.lookup.get(key)

    def normalise(self, values: pd.Series) -> pd.Series:
        """Codes for a Series of raw statuses (missing where blank or not on the scale)."""
        out = [self.code_for(v) for v in values]
        return pd.Series(out, index=values.index, dtype="object")


def _canonical_order(scale: str, codes: list[str]) -> list[str]:
    known = [c for c in DEFAULT_STATUSES.get(scale, {}) if c in codes]
    return known + [c for c in codes if c not in known]


def make_scheme(scale: str = "BRAG", statuses: dict | None = None) -> StatusScheme:
    scale = (scale or "BRAG").upper()
    if scale not in DEFAULT_STATUSES:
        raise ValueError(f"improvement_plan.scale must be BRAG or COMPLETION, got {scale!r}")
    if not statuses or (scale != "BRAG" and _same_codes(statuses, DEFAULT_STATUSES["BRAG"])):
        statuses = DEFAULT_STATUSES[scale]
    clean: dict[str, tuple[str, str]] = {}
    for code, spec in statuses.items():
        code_u = str(code).strip().upper()
        spec = list(spec) if isinstance(spec, (list, tuple)) else [str(spec)]
        default = DEFAULT_STATUSES[scale].get(code_u, [code_u.title(), UNKNOWN_COLOUR])
        label = str(spec[0]) if len(spec) > 0 and spec[0] else default[0]
        colour = str(spec[1]) if len(spec) > 1 and spec[1] else default[1]
        clean[code_u] = (label, colour)
    ordered = {c: clean[c] for c in _canonical_order(scale, list(clean))}
    lookup: dict[str, str] = {}
    # Synonyms first, then labels, then the codes themselves (later entries win).
    for code, words in SYNONYMS[scale].items():
        if code in ordered:
            for w in words:
                lookup[w] = code
    for code, (label, _) in ordered.items():
        if _norm(label):
            lookup[_norm(label)] = code
    for code in ordered:
        lookup[_norm(code)] = code
    return StatusScheme(scale, ordered, lookup)


def _same_codes(a: dict, b: dict) -> bool:
    return {str(k).upper() for k in a} == {str(k).upper() for k in b}


def status_scheme(params=None) -> StatusScheme:
    """Resolve the status scheme from ``Params``, ``ImprovementPlan``, a ``StatusScheme``,
    a scale name (``"BRAG"`` / ``"COMPLETION"``) or None (BRAG defaults)."""
    if isinstance(params, StatusScheme):
        return params
    if params is None:
        return make_scheme("BRAG")
    if isinstance(params, str):
        return make_scheme(params)
    plan = getattr(params, "improvement_plan", params)
    return make_scheme(getattr(plan, "scale", "BRAG"), getattr(plan, "statuses", None))


def infer_scale(values: pd.Series) -> str:
    """The scale under which more of ``values`` are recognised (ties: BRAG).

    Used only where the plan settings are not available (e.g. a rule run without them)."""
    brag, comp = make_scheme("BRAG"), make_scheme("COMPLETION")
    nb = sum(brag.code_for(v) is not None for v in values)
    nc = sum(comp.code_for(v) is not None for v in values)
    return "COMPLETION" if nc > nb else "BRAG"
