"""Small helpers shared by the presentation modules."""
from __future__ import annotations

import math
from typing import Any

import numpy as np
import pandas as pd


def is_missing(x: Any) -> bool:
    """True for None, NaN, pd.NA and NaT (and anything pandas calls missing)."""
    if x is None:
        return True
    try:
        res = pd.isna(x)
    except (TypeError, ValueError):
        return False
    if isinstance(res, (bool, np.bool_)):
        return bool(res)
    return False  # array-like: not a scalar missing value


def as_float(x: Any) -> float | None:
    """A plain float, or None when missing / not numeric."""
    if is_missing(x):
        return None
    try:
        f = float(x)
    except (TypeError, ValueError):
        return None
    return None if math.isnan(f) else f
