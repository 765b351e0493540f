"""Records: published figures as the ledger, the audit and the protection step hold them.

One row of :data:`model.RECORD_COLUMNS` per field a figure prints. Long indicator rows become
records here (:func:`indicator_records`); the audit reads them back from the open files
(``audit.read_open_records``) under the same names, so both meet in the ledger.
"""
from __future__ import annotations

import numpy as np
import pandas as pd

# The fields of a long indicator row that the open files print, by unit.
FIELDS_BY_UNIT = {"count": ("numerator",), "percent": ("numerator", "denominator", "value"),
                  "rate_per_10k": ("numerator", "denominator", "value"),
                  "days": ("numerator", "denominator", "value"), "weeks": ("numerator", "denominator", "value"),
                  "score": ("numerator", "denominator", "value")}


def indicator_records(rows: pd.DataFrame, *, source: str, extract: str = "", truth: bool = False) -> pd.DataFrame:
    """Records (``disclosure.model.RECORD_COLUMNS``) of long indicator rows: one per field a
    row's unit prints (counts: the numerator; percentages, rates and averages: numerator,
    denominator and value). ``truth``: keep the row's numbers as ``truth`` and its ``shown``
    fields (the protection step's input); otherwise ``status`` comes from ``suppressed``."""
    n = len(rows)
    units = rows["unit"].astype(str).to_numpy()
    starts = pd.to_datetime(rows["start"]).dt.to_period("M").astype(str).to_numpy()
    ends = pd.to_datetime(rows["end"]).dt.to_period("M").astype(str).to_numpy()
    hidden = rows["suppressed"].fillna(False).astype(bool).to_numpy() if "suppressed" in rows else np.zeros(n, bool)
    reason = rows["suppression"].fillna("").astype(str).to_numpy() if "suppression" in rows else np.full(n, "")
    shown = list(rows["shown"]) if "shown" in rows else [None] * n
    value = pd.to_numeric(rows["value"], errors="coerce").to_numpy(dtype=float)
    parts = []
    for fld in ("numerator", "denominator", "value"):
        has = np.array([fld in FIELDS_BY_UNIT.get(u, ("numerator",)) for u in units], dtype=bool)
        if not has.any():
            continue
        v = pd.to_numeric(rows[fld], errors="coerce").to_numpy(dtype=float)
        if fld == "numerator":  # a count's numerator is its value when left blank
            v = np.where(np.isnan(v) & (units == "count"), value, v)
        k = np.flatnonzero(has)
        part = pd.DataFrame({"kind": "indicator", "figure": rows["indicator_id"].astype(str).to_numpy()[k],
                             "field": fld, "row": "", "parts": "", "first": starts[k], "last": ends[k], "window": "",
                             "labelled": "", "extract": extract, "source": source, "unit": k})
        if truth:
            # a count's value is its numerator; a rate's, with the population, too
            part["shown"] = [shown[i] is None or fld in shown[i] or (fld == "numerator" and "value" in shown[i]
                                                                    and units[i] in ("count", "rate_per_10k"))
                             for i in k]
            part["value"], part["status"], part["truth"] = np.nan, "published", v[k]
        else:
            status = np.where(hidden[k], np.where(reason[k] != "", reason[k], "hidden"),
                              np.where(np.isfinite(v[k]), "published", "na"))
            part["status"] = status
            part["value"] = np.where(status == "published", v[k], np.nan)
        part["_order"] = k * 3 + ("numerator", "denominator", "value").index(fld)
        parts.append(part)
    if not parts:
        return pd.DataFrame()
    return pd.concat(parts, ignore_index=True).sort_values("_order", kind="stable").drop(
        columns="_order").reset_index(drop=True)


__all__ = ["indicator_records", "FIELDS_BY_UNIT"]
