"""Child lists an inspector or auditor can take away: any cohort or table as a labelled workbook,
and a reproducible random sample for case audit.

* :func:`audit_sample` - ``n`` rows drawn at random without replacement; with ``by`` (e.g.
  ``"team"``) stratified: ``n`` is shared across the groups in proportion to their size (largest
  remainder, ties to the larger group), so every group large enough is represented and the
  sample mirrors the list. The seed is recorded (``frame.attrs["sample"]``) and printed on the
  sheet: the same seed on the same prepared data draws the same children. No seed given: one is
  drawn and recorded.
* :func:`export` - a workbook through :func:`safeguarding.exports.write_labelled_workbook`: UK
  dates (``dd/mm/yyyy``, a date not a datetime), each code's label beside it, one sheet per table
  or per team / worker / group on request, and on every sheet the RESTRICTED (or OPEN) marking,
  the council, the period and the call that produced it.

RESTRICTED: the lists are child-level.
"""
from __future__ import annotations

import re
import secrets
from pathlib import Path
from typing import Mapping

import numpy as np
import pandas as pd

from ..exports import Labels, write_labelled_workbook
from .groups import NOT_RECORDED

SHORT_UNITS = {"d": "days", "w": "weeks", "m": "months", "y": "years"}


def amount_text(text) -> str:
    """'18m' -> '18 months', '2y' -> '2 years', '90d', '6w'; anything else as given."""
    match = re.fullmatch(r"\s*(\d+)\s*([dwmy])\s*", str(text).lower())
    return f"{match.group(1)} {SHORT_UNITS[match.group(2)]}" if match else str(text)


def _allocate(sizes: pd.Series, n: int) -> pd.Series:
    """``n`` shared across groups in proportion to ``sizes`` (largest remainder), none above its size."""
    quota = sizes * n / int(sizes.sum())
    take = np.floor(quota).astype(int)
    remainder = quota - take
    for group in sorted(sizes.index, key=lambda g: (-remainder[g], -sizes[g], g))[: n - int(take.sum())]:
        take[group] += 1
    return take.clip(upper=sizes)


def audit_sample(frame: pd.DataFrame, n: int, *, by: str | None = None, seed: int | None = None) -> pd.DataFrame:
    """A random ``n`` of the rows of ``frame`` (all of them when it has ``n`` or fewer), in their
    original order; ``by``: stratified by that column. ``attrs["sample"]`` records n, the
    list's size, the groups' shares and the seed."""
    if n < 1:
        raise ValueError("the sample size must be at least 1")
    if seed is None:
        seed = secrets.randbelow(1_000_000)
    rng = np.random.default_rng(seed)
    size = len(frame)
    if by is not None and by not in frame.columns:
        raise ValueError(f"cannot stratify by '{by}': the list has no such column "
                         f"(columns: {', '.join(map(str, frame.columns))})")
    if n >= size:
        picked = np.arange(size)
    elif by is None:
        picked = np.sort(rng.choice(size, n, replace=False))
    else:
        groups = frame[by].astype(object).where(frame[by].notna(), NOT_RECORDED).astype(str).to_numpy()
        sizes = pd.Series(groups).value_counts().sort_index()
        take = _allocate(sizes, n)
        picked = np.sort(np.concatenate([
            rng.choice(np.flatnonzero(groups == g), int(k), replace=False) for g, k in take.items() if k > 0]))
    out = frame.iloc[picked].copy()
    out.attrs = dict(frame.attrs)
    shares = out[by].astype(object).where(out[by].notna(), NOT_RECORDED).value_counts().sort_index().to_dict() \
        if by is not None and len(out) else {}
    out.attrs["sample"] = {"n": len(out), "of": size, "by": by, "seed": int(seed), "shares": shares}
    return out


def sample_note(frame: pd.DataFrame) -> str | None:
    """The sentence a sampled list carries on its sheet (None for a list that is not a sample)."""
    s = frame.attrs.get("sample")
    if not s:
        return None
    how = f"Random sample of {s['n']:,} of {s['of']:,} rows"
    if s["by"]:
        how += f", stratified by {s['by'].replace('_', ' ')} (" + ", ".join(
            f"{g} {k}" for g, k in s["shares"].items()) + ")"
    return (f"{how}; seed {s['seed']} (numpy default_rng): the same seed on the same prepared data draws "
            "the same rows.")


def describe_call(frame: pd.DataFrame) -> str:
    """The call that produced a frame: ``attrs["call"]`` when it recorded one, else what its
    attributes say (indicator, window, thresholds)."""
    attrs = frame.attrs
    if attrs.get("call"):
        return str(attrs["call"])
    if attrs.get("indicator_id"):
        window = ""
        if attrs.get("start") is not None and attrs.get("end") is not None:
            window = f", start='{pd.Timestamp(attrs['start']):%Y-%m-%d}', end='{pd.Timestamp(attrs['end']):%Y-%m-%d}'"
        return f"dd.cohort('{attrs['indicator_id']}'{window})"
    return "safeguarding.deepdive (Python)"


def export(tables: pd.DataFrame | Mapping[str, pd.DataFrame], path: str | Path, *, council: str, period: str,
           call: str | None = None, by: str | None = None, title: str | None = None, sheet: str | None = None,
           marking: str = "RESTRICTED", index: bool = False) -> Path:
    """Write one table (a cohort, a sample, any frame) or ``{sheet name: frame}`` to a labelled
    workbook at ``path`` (see the module docstring). ``title``: the heading above one table
    (default: what the frame says it is); ``sheet``: its sheet name (default: its indicator)."""
    if isinstance(tables, pd.DataFrame):
        frame = tables.copy()
        frame.attrs = dict(tables.attrs)
        frame.attrs["heading"] = title or tables.attrs.get("heading") or heading(tables)
        tables = {sheet or tables.attrs.get("indicator_id") or "List": frame}
    first = next(iter(tables.values()))
    notes = tuple(n for n in (sample_note(first),) if n)
    labels = Labels(marking, council, period, call or describe_call(first), notes=notes)
    path = Path(path)
    if path.suffix.lower() != ".xlsx":
        raise ValueError(f"{path}: lists are written as .xlsx workbooks, so every sheet carries its marking")
    path.parent.mkdir(parents=True, exist_ok=True)
    return write_labelled_workbook(path, tables, labels, by=by, index=index)


def heading(frame: pd.DataFrame) -> str:
    """What a cohort is, from its attributes: the indicator, any threshold, the window, and
    whether the list is the rows counted or the whole cohort."""
    attrs = frame.attrs
    text = str(attrs.get("title") or attrs.get("indicator_id") or "List")
    given = attrs.get("thresholds") or {}
    if given:
        text += " (" + ", ".join(f"{k.replace('_', ' ')} {v}" for k, v in given.items()) + ")"
    start, end = attrs.get("start"), attrs.get("end")
    if start is not None and end is not None:
        from ..indicators.registry import REGISTRY

        start, end = pd.Timestamp(start), pd.Timestamp(end)
        stock = attrs.get("indicator_id") in REGISTRY and REGISTRY[attrs["indicator_id"]].window == "month_end"
        text += f", at {end:%d/%m/%Y}" if stock or start == end else f", {start:%d/%m/%Y} to {end:%d/%m/%Y}"
    if "in_numerator" in frame and len(frame) and bool(frame["in_numerator"].all()):
        text += ": the rows the indicator counts"
    return text


__all__ = ["amount_text", "audit_sample", "describe_call", "export", "heading", "sample_note"]
