"""How a p-value is written: never "0.0".

A p-value below 0.001 is written "< 0.001" (the usual convention: more digits claim a precision
the test does not have), otherwise to three decimal places ("0.042", "0.500"); a missing one
(no test: the reference group, a group with no population) is empty.
"""
from __future__ import annotations

import math


def format_p_value(p) -> str:
    if p is None:
        return ""
    try:
        value = float(p)
    except (TypeError, ValueError):
        return ""
    if math.isnan(value):
        return ""
    if value < 0.001:
        return "< 0.001"
    return f"{min(value, 1.0):.3f}"


__all__ = ["format_p_value"]
