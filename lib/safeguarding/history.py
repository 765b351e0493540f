"""What the extract's window can tell: where each Annex A list and local extract starts, and
whether a look-back (a re-referral's 12 months) reaches before it.

Base-level facts about the inputs, shared by the indicators (coverage, re-referrals) and the
data-quality rules (the finding for re-referrals the extract cannot settle). The rules for
readers are in docs/indicators.md ("Coverage" and the front-door counting rules).
"""
from __future__ import annotations

import numpy as np
import pandas as pd

from .schema import EARLIEST_PLAUSIBLE_DATE, LOCAL_EVENT_DATES

# A list or extract with no rows at all: every figure built from it is unknown (n/a, "none").
NO_ROWS = "no rows"

# The date that puts a row of each Annex A list in the extract's window.
LIST_EVENT_DATE = {"contacts": "contact_date", "early_help": "eh_start_date",
                   "referrals": "referral_date", "assessments": "assessment_start_date",
                   "s47": "s47_start_date", "cin": "cin_start_date", "cp_plans": "cpp_start_date",
                   "looked_after": "cla_start_date"}
# Flow lists hold only events inside the extract window (List 1 contacts, List 2 early help
# starts, List 3 referrals), so their own dates show where it begins. Episode lists (4-8) also
# hold records still open that began years earlier (the D2I SQL includes them on purpose).
FLOW_LISTS = ("contacts", "early_help", "referrals")
# A flow list's window is the run of months with events that ends with its latest event:
# events before a gap of STRAGGLER_GAP_MONTHS or more empty months, fewer than an average month
# of the events after the gap (a mistyped year, a test record), are stragglers, not coverage.
STRAGGLER_GAP_MONTHS = 3


def _plausible(dates: pd.Series) -> pd.Series:
    dates = pd.to_datetime(dates)
    return dates[dates.notna() & (dates >= pd.Timestamp(EARLIEST_PLAUSIBLE_DATE))]


def _flow_window_start(dates: pd.Series) -> pd.Timestamp | None:
    """First event of the unbroken run of months that ends with the list's latest event."""
    dates = _plausible(dates).sort_values()
    if dates.empty:
        return None
    months = dates.dt.to_period("M")
    distinct = months.drop_duplicates().to_list()
    first = distinct[-1]
    for earlier, later in zip(reversed(distinct[:-1]), reversed(distinct[1:])):
        if (later - earlier).n - 1 >= STRAGGLER_GAP_MONTHS:
            after = months >= later
            per_month = after.sum() / ((distinct[-1] - later).n + 1)
            if (~after).sum() < per_month:
                break
        first = earlier
    return dates[months >= first].iloc[0]


def list_windows(tables: dict[str, pd.DataFrame], conventions) -> dict[str, pd.Timestamp | None]:
    """First day each Annex A list holds every event from (``conventions.annex_a_data_from``).

    "auto": a flow list (1-3) from its own event dates (``_flow_window_start``); an episode list
    (4-8) from the earliest flow-list window - the extract's - because it holds every episode
    open at any time in that window: its long-open records (begun before the extract) never
    widen it and a sparse list never narrows it. Without a flow list, an episode list starts at
    its own earliest start. Dates before ``schema.EARLIEST_PLAUSIBLE_DATE`` never count. An ISO date applies
    to every list; "none" (None everywhere) treats the data as complete. A list with no dated
    rows has None (nothing to mask)."""
    setting = conventions.annex_a_data_from
    if setting == "none":
        return {t: None for t in LIST_EVENT_DATE}
    if setting != "auto":
        return {t: pd.Timestamp(setting) for t in LIST_EVENT_DATE}
    out: dict[str, pd.Timestamp | None] = {}
    for table in FLOW_LISTS:
        frame = tables.get(table)
        out[table] = _flow_window_start(frame[LIST_EVENT_DATE[table]]) if frame is not None and len(frame) else None
    flow_starts = [w for w in out.values() if w is not None]
    extract_start = min(flow_starts) if flow_starts else None
    for table, column in LIST_EVENT_DATE.items():
        if table in FLOW_LISTS:
            continue
        frame = tables.get(table)
        own = _plausible(frame[column]) if frame is not None and len(frame) else pd.Series(dtype="datetime64[ns]")
        if own.empty:
            out[table] = None
        else:
            # An episode list holds every episode open at any time in the extract's window, so
            # the window is the extract's: a sparse list (one episode, starting in September)
            # says nothing about July. Its own earliest start serves only without a flow list.
            out[table] = own.min() if extract_start is None else extract_start
    return out


def local_windows(tables: dict[str, pd.DataFrame], conventions) -> dict[str, pd.Timestamp | None]:
    """First day each local extract holds every event from (``conventions.local_data_from``).

    Local extracts declare no start. "auto" (the default for every extract): the first day of
    the month of the extract's earliest plausible event (``LOCAL_EVENT_DATES``) - a register of
    a few events a month says little about the day it began, so its first month counts as
    covered. An ISO date sets an extract's start; "none" treats it as complete. An extract with
    no dated rows has None (nothing to mask; no rows at all is ``data_windows``' business)."""
    settings = getattr(conventions, "local_data_from", None) or {}
    out: dict[str, pd.Timestamp | None] = {}
    for table, columns in LOCAL_EVENT_DATES.items():
        setting = settings.get(table, "auto")
        if setting == "none":
            out[table] = None
        elif setting != "auto":
            out[table] = pd.Timestamp(setting)
        else:
            frame = tables.get(table)
            dates = (pd.concat([_plausible(frame[c]) for c in columns]) if frame is not None and len(frame)
                     else pd.Series(dtype="datetime64[ns]"))
            out[table] = dates.min().to_period("M").start_time if len(dates) else None
    return out


def data_windows(tables: dict[str, pd.DataFrame], conventions) -> dict[str, pd.Timestamp | str | None]:
    """Where the data behind the figures start: for every Annex A list and windowed local
    extract, its window start (``list_windows``, ``local_windows``), None (nothing to mask) or
    ``NO_ROWS`` when it holds no rows at all (not supplied, or empty)."""
    windows: dict[str, pd.Timestamp | str | None] = {**list_windows(tables, conventions),
                                                      **local_windows(tables, conventions)}
    for table in windows:
        frame = tables.get(table)
        if frame is None or len(frame) == 0:
            windows[table] = NO_ROWS
    return windows


# ---- re-referrals: what List 3 and its 12-month count can settle -----------------------------

def rereferral_status(child_id: pd.Series, date: pd.Series, referrals_last_12m: pd.Series,
                      covered_from: pd.Timestamp | None, months: int = 12) -> pd.DataFrame:
    """For each referral (aligned with the inputs): ``rereferral``, ``unsettled`` and ``previous``
    (the previous referral in the extract within the look-back, when there is one).

    A referral is a re-referral when the same child has a referral with a strictly earlier date
    no more than ``months`` calendar months before it. List 3 settles that from its own rows
    whenever the look-back lies inside its window (``covered_from``). Where the look-back starts
    before the window, "Number of Referrals in Last 12 Months" - per the Ofsted guidance "a
    per-child count before the child's latest referral, the same on every row of that child" -
    settles it for the child's latest referral only (> 0: a re-referral; the count excludes the
    referral itself). An earlier referral of the child with
    no previous referral in the extract within the look-back is counted as not a re-referral
    and flagged ``unsettled``: a referral before the extract may have been missed (the figure
    can be too low, never too high). A latest referral with a blank count is unsettled too.
    """
    frame = pd.DataFrame({"child_id": child_id.astype("string").to_numpy(),
                          "date": pd.to_datetime(date).to_numpy(dtype="datetime64[ns]"),
                          "count": pd.to_numeric(referrals_last_12m, errors="coerce").to_numpy(dtype=float)})
    # latest referral date of the same child strictly before each distinct (child, date)
    pairs = frame[["child_id", "date"]].dropna().drop_duplicates().sort_values(["child_id", "date"])
    pairs["previous"] = pairs.groupby("child_id", sort=False)["date"].shift(1)
    pairs["latest"] = pairs.groupby("child_id", sort=False)["date"].transform("max")
    frame = frame.merge(pairs, on=["child_id", "date"], how="left")
    lookback_start = frame["date"] - pd.DateOffset(months=months)
    from_history = (frame["previous"].notna() & (frame["previous"] >= lookback_start)).to_numpy()
    short = ((lookback_start < covered_from).fillna(False).to_numpy(dtype=bool) if covered_from is not None
             else np.zeros(len(frame), dtype=bool))
    latest = (frame["date"] == frame["latest"]).fillna(False).to_numpy(dtype=bool)
    counted = latest & ~np.isnan(frame["count"].to_numpy())
    with np.errstate(invalid="ignore"):
        by_count = counted & (frame["count"].to_numpy() > 0)
    return pd.DataFrame({"rereferral": from_history | (short & by_count),
                         "unsettled": short & ~from_history & ~counted & frame["date"].notna().to_numpy(),
                         "previous": frame["previous"].where(from_history).to_numpy(dtype="datetime64[ns]")},
                        index=child_id.index)
