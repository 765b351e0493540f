"""Helpers shared by the rule modules."""
from __future__ import annotations


import numpy as np
import pandas as pd

from ..quality import Rule, RuleContext
from ..params import Conventions


class CellRule(Rule):
    """A rule whose failures are per *cell*: ``check_cells`` returns a boolean DataFrame
    (index = the table's index, columns = some of ``fields``). ``blank`` blanks only the
    failing cells; one finding is written per failing cell (column = that field)."""

    def check_cells(self, tables: dict[str, pd.DataFrame], context: RuleContext) -> pd.DataFrame:
        raise NotImplementedError

    def check(self, tables, context) -> pd.Series:
        cells = self.check_cells(tables, context)
        return cells.any(axis=1) if cells.shape[1] else pd.Series(False, index=cells.index)


def conventions(context: RuleContext) -> Conventions:
    return context.conventions if context.conventions is not None else Conventions()


def table(tables: dict[str, pd.DataFrame], name: str) -> pd.DataFrame:
    from ..inputs.parse import empty_table
    df = tables.get(name)
    return df if df is not None else empty_table(name)


def bool_series(values, index) -> pd.Series:
    """Nullable comparisons -> plain bool (missing = False)."""
    s = pd.Series(values, index=index)
    if s.dtype == bool:
        return s
    return s.fillna(False).astype(bool)


def overlapping(df: pd.DataFrame, start: str, end: str, key: str = "child_id") -> pd.Series:
    """True for rows whose [start, end) interval overlaps another row of the same ``key``
    (missing end = still open). A period ending on the day the next starts does not overlap.
    Rows without a start date never overlap."""
    d = df[[key, start, end]].copy()
    d["_i"] = np.arange(len(d))
    d = d[d[start].notna() & d[key].notna()]
    far = pd.Timestamp("2262-01-01")
    d["_end"] = d[end].fillna(far)
    # zero-length periods (end == start) occupy their day
    d.loc[d["_end"] <= d[start], "_end"] = d[start] + pd.Timedelta(days=1)
    m = d.merge(d, on=key, suffixes=("", "_o"))
    m = m[m["_i"] != m["_i_o"]]
    hit = (m[start] < m["_end_o"]) & (m[start + "_o"] < m["_end"])
    idx = set(m.loc[hit.to_numpy(dtype=bool), "_i"])
    out = np.zeros(len(df), dtype=bool)
    out[list(idx)] = True
    return pd.Series(out, index=df.index)


def out_of_order(df: pd.DataFrame, sequence: list[str]) -> pd.DataFrame:
    """Cells of a date sequence that should be non-decreasing: True for each date earlier
    than a date before it in the sequence (missing dates are skipped)."""
    out = {}
    running = pd.Series(pd.NaT, index=df.index, dtype="datetime64[ns]")
    for c in sequence:
        out[c] = bool_series(df[c] < running, df.index)
        running = pd.concat([running, df[c]], axis=1).max(axis=1)
    return pd.DataFrame(out, index=df.index)
