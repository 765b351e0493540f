"""Statistical disclosure control for every published table, chart and indicator.

One rule set, used everywhere in the open edition (written down in ``docs/conventions.md``):

1. **Primary suppression** - a count from 1 to ``threshold`` (params ``disclosure.threshold``,
   DfE default 5) is replaced by ``symbol`` (``"c"``). ``0`` is a true zero and is published.
2. **Secondary suppression** - wherever a table publishes totals (a total row, a total column,
   or both), further cells are suppressed until
   a. no suppressed cell can be worked out exactly by adding and subtracting published cells and
      totals (checked exactly with linear algebra over all row and column equations, not only
      "one ``c`` per line"), and
   b. in any row or column whose total is published, the suppressed cells together do not add up
      to a number from 1 to ``threshold`` (otherwise "c + c = 2" reveals two 1s).
   The cell added is the smallest non-zero published cell in the same row or column as the
   exposed cell (body cells before totals); zeros are never suppressed. The loop repeats until
   nothing changes.
3. **Derived values** - a percentage or rate is suppressed when its numerator or denominator is.

Charts are built from the same suppressed values: :func:`chart_counts` drops suppressed
categories and returns the note to print ("Categories with 1-5 children are not shown").
Charts of indicators use :func:`suppress_indicator_rows` output (suppressed points omitted).

Not covered (documented limits): differencing *between* separate tables or editions (e.g. a
breakdown published in two reports with different totals), and bounds narrower than "at least 1"
that a reader could derive from knowing the algorithm.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Iterable, Sequence

import numpy as np
import pandas as pd

_TOL = 1e-9

# Units whose numerator is a count of children/events (checked against the threshold).
COUNT_NUMERATOR_UNITS = {"count", "percent", "rate_per_10k"}
VALUE_COLUMNS = ["numerator", "denominator", "value", "lower", "upper"]
TOTAL_LABELS = ("Total", "Grand Total", "All")


# --------------------------------------------------------------------------------------------
# Tables
# --------------------------------------------------------------------------------------------
def _count_columns(table: pd.DataFrame, count_columns: Iterable | None) -> list:
    if count_columns is not None:
        return list(count_columns)
    cols = []
    for c in table.columns:
        s = table[c]
        if pd.api.types.is_bool_dtype(s):
            continue
        if pd.api.types.is_numeric_dtype(s):
            cols.append(c)
    return cols


def _as_frame(table: pd.DataFrame | pd.Series) -> pd.DataFrame:
    if isinstance(table, pd.Series):
        return table.to_frame(name=table.name if table.name is not None else "count")
    return table


def _constraints(index: Sequence, columns: Sequence, total_row, total_col) -> list[list[tuple[int, float]]]:
    """Linear equations (lists of (flat cell index, coefficient)) that published totals imply."""
    nr, nc = len(index), len(columns)
    flat = lambda r, c: r * nc + c  # noqa: E731
    eqs: list[list[tuple[int, float]]] = []
    rows_total = [i for i, lab in enumerate(index) if total_row is not None and lab == total_row]
    cols_total = [j for j, lab in enumerate(columns) if total_col is not None and lab == total_col]
    if cols_total:
        tc = cols_total[0]
        for r in range(nr):
            eq = [(flat(r, c), 1.0) for c in range(nc) if c != tc] + [(flat(r, tc), -1.0)]
            eqs.append(eq)
    if rows_total:
        tr = rows_total[0]
        for c in range(nc):
            eq = [(flat(r, c), 1.0) for r in range(nr) if r != tr] + [(flat(tr, c), -1.0)]
            eqs.append(eq)
    return eqs


def _null_space(A: np.ndarray) -> np.ndarray:
    """An orthonormal basis of A's null space, by the rule of ``scipy.linalg.null_space`` (the
    same LAPACK SVD): importing scipy.linalg for it cost a section's kernel more than every mask."""
    u, s, vh = np.linalg.svd(A, full_matrices=True)
    tol = np.amax(s, initial=0.0) * np.finfo(s.dtype).eps * max(u.shape[0], vh.shape[1])
    return vh[np.sum(s > tol, dtype=int):, :].T.conj()


def _determined(eqs, n_cells: int, unknown: np.ndarray) -> np.ndarray:
    """Boolean array over cells: True where an unknown cell is fixed by the equations."""
    out = np.zeros(n_cells, dtype=bool)
    u_idx = np.flatnonzero(unknown)
    if not eqs or u_idx.size == 0:
        return out
    pos = {cell: k for k, cell in enumerate(u_idx)}
    A = np.zeros((len(eqs), u_idx.size))
    for i, eq in enumerate(eqs):
        for cell, coef in eq:
            if cell in pos:
                A[i, pos[cell]] += coef
    A = A[np.abs(A).sum(axis=1) > 0]
    if A.shape[0] == 0:
        return out
    ns = _null_space(A)
    if ns.size == 0:
        out[u_idx] = True
        return out
    fixed = np.abs(ns).max(axis=1) < 1e-8
    out[u_idx[fixed]] = True
    return out


def suppression_mask(
    table: pd.DataFrame | pd.Series,
    threshold: int = 5,
    *,
    total_row=None,
    total_col=None,
    count_columns: Iterable | None = None,
    force: pd.DataFrame | None = None,
) -> pd.DataFrame:
    """Boolean frame (rows x count columns): True for cells to suppress (primary + secondary).

    ``force``: optional boolean frame of cells already suppressed by another rule.
    """
    frame = _as_frame(table)
    cols = _count_columns(frame, count_columns)
    values = frame[cols].apply(pd.to_numeric, errors="coerce").astype("float64").to_numpy(na_value=np.nan)
    forced = None
    if force is not None:
        forced = force.reindex(index=frame.index, columns=cols).fillna(False).astype(bool).to_numpy().reshape(-1)
    supp = _mask_cells(values, list(frame.index), cols, threshold, total_row, total_col, forced)
    return pd.DataFrame(supp.reshape(values.shape), index=frame.index, columns=cols)


# The same table is often protected twice in a row - a block checks which cells a table will hide,
# then draws it through ``count_table``, which works the mask out again; the search for
# secondary cells dominates. The mask depends only on these arguments, so a repeat is looked up.
_MASKS: dict[tuple, np.ndarray] = {}
_MASKS_KEPT = 64


def _mask_cells(values: np.ndarray, index: list, cols: list, threshold: int, total_row, total_col,
                forced: np.ndarray | None) -> np.ndarray:
    """``suppression_mask`` on plain arrays (flat boolean result, row by row): secondary
    suppression calls it in a loop for every indicator, where building frames cost most."""
    values = np.asarray(values)
    key = (values.dtype.str, values.shape, values.tobytes(), tuple(index), tuple(cols), threshold, total_row,
           total_col, None if forced is None else (np.asarray(forced).dtype.str, np.asarray(forced).tobytes()))
    try:
        hit = _MASKS.get(key)
    except TypeError:  # an unhashable label: worked out afresh
        return _search_mask(values, index, cols, threshold, total_row, total_col, forced)
    if hit is None:
        hit = _MASKS[key] = _search_mask(values, index, cols, threshold, total_row, total_col, forced)
        while len(_MASKS) > _MASKS_KEPT:
            del _MASKS[next(iter(_MASKS))]
    return hit.copy()


def _search_mask(values: np.ndarray, index: list, cols: list, threshold: int, total_row, total_col,
                 forced: np.ndarray | None) -> np.ndarray:
    nr, nc = values.shape
    x = values.reshape(-1)
    missing = np.isnan(x)
    supp = (~missing) & (x >= 1) & (x <= threshold)
    if forced is not None:
        supp |= forced & ~missing
    eqs = _constraints(index, cols, total_row, total_col)
    is_total = np.zeros(nr * nc, dtype=bool)
    for r, lab in enumerate(index):
        for c, col in enumerate(cols):
            if (total_row is not None and lab == total_row) or (total_col is not None and col == total_col):
                is_total[r * nc + c] = True
    order = np.arange(nr * nc)
    cell_eqs = {i: [k for k, eq in enumerate(eqs) if any(cell == i for cell, _ in eq)] for i in range(nr * nc)}

    def candidates(cells_in: set[int]) -> list[int]:
        cands = [i for i in cells_in if not supp[i] and not missing[i] and x[i] > 0]
        return sorted(cands, key=lambda i: (is_total[i], x[i], order[i]))

    for _ in range(nr * nc + 1):
        changed = False
        # (a) exact recovery by differencing
        det = _determined(eqs, nr * nc, supp | missing) & supp
        if det.any():
            # Greedy: of the published cells sharing a row or column with an exposed cell, add
            # the one that leaves the fewest exposed cells (ties: body before totals, smallest).
            det_idx = np.flatnonzero(det)
            near = {cell for i in det_idx for k in cell_eqs[int(i)] for cell, _ in eqs[k]}
            cands = candidates(near) or candidates({c for eq in eqs for c, _ in eq})
            if cands:
                hidden_now = supp | missing

                def score(c: int):
                    trial = supp.copy()
                    trial[c] = True
                    n_det = int((_determined(eqs, nr * nc, trial | missing) & trial).sum())
                    # lines through c that now hide exactly one cell (direct differencing)
                    singles = sum(1 for k in cell_eqs[c]
                                  if sum(1 for cell, _ in eqs[k] if hidden_now[cell]) == 1)
                    return (n_det, -singles, is_total[c], x[c], order[c])
                supp[min(cands, key=score)] = True
                changed = True
        if not changed:
            # (b) the suppressed cells of a line with a published total must not add up to 1..threshold
            for eq in eqs:
                tot = [cell for cell, coef in eq if coef < 0][0]
                if supp[tot] or missing[tot]:
                    continue
                body = [cell for cell, coef in eq if coef > 0]
                hidden = [cell for cell in body if supp[cell]]
                if not hidden or any(missing[cell] for cell in body):
                    continue  # nothing hidden, or an unknown cell: the hidden sum is not revealed
                s = float(np.nansum(x[hidden]))
                if 1 <= s <= threshold:
                    cands = candidates(set(body)) or candidates({tot})
                    if cands:
                        supp[cands[0]] = True
                        changed = True
                        break
        if not changed:
            break
    return supp


def suppress(
    table: pd.DataFrame | pd.Series,
    threshold: int = 5,
    *,
    symbol: str = "c",
    total_row: str | None = None,
    total_col: str | None = None,
    count_columns: Iterable | None = None,
    derived: dict | None = None,
    force: pd.DataFrame | None = None,
) -> pd.DataFrame:
    """The published version of ``table``: object dtype, suppressed cells replaced by ``symbol``.

    * ``total_row`` - index label of a total row (a published margin), if any.
    * ``total_col`` - column name of a total column, if any.
    * ``count_columns`` - columns holding counts (default: every numeric column).
    * ``derived`` - ``{column: count column}`` for percentages/rates that must be hidden with the
      count they are computed from (e.g. ``{"pct": "count"}``).
    Integral counts come back as Python ints (so they print without ".0").
    """
    frame = _as_frame(table)
    mask = suppression_mask(frame, threshold, total_row=total_row, total_col=total_col,
                            count_columns=count_columns, force=force)
    out = frame.astype(object).copy()
    for col in mask.columns:
        col_vals = []
        for v, hide in zip(frame[col].tolist(), mask[col].tolist()):
            if hide:
                col_vals.append(symbol)
            elif isinstance(v, (float, np.floating)) and not np.isnan(v) and float(v).is_integer():
                col_vals.append(int(v))
            elif isinstance(v, (np.integer,)):
                col_vals.append(int(v))
            else:
                col_vals.append(v)
        out[col] = pd.Series(col_vals, index=frame.index, dtype=object)
    for dcol, src in (derived or {}).items():
        if dcol in out.columns and src in mask.columns:
            vals = out[dcol].tolist()
            out[dcol] = pd.Series([symbol if h else v for v, h in zip(vals, mask[src].tolist())],
                                  index=frame.index, dtype=object)
    return out


def with_margins(table: pd.DataFrame, *, total_row: bool = True, total_col: bool = False,
                 label: str = "Total") -> pd.DataFrame:
    """``table`` (counts only) with a total row and/or total column appended."""
    out = table.copy()
    if total_col:
        out[label] = out.sum(axis=1, numeric_only=True)
    if total_row:
        out.loc[label] = out.sum(axis=0, numeric_only=True)
    return out


# --------------------------------------------------------------------------------------------
# Charts
# --------------------------------------------------------------------------------------------
@dataclass
class ChartCounts:
    values: pd.Series | pd.DataFrame  # what may be drawn (suppressed cells removed / NaN)
    n: int | None  # total that may be printed as "n = ..." (None: the total itself is suppressed)
    suppressed: list = field(default_factory=list)  # labels (or (row, col) pairs) not shown
    note: str | None = None  # text to print under the chart
    order: list | None = None  # every category in order, hidden ones too (for the numbers table)


def _note(threshold: int, what: str = "categories") -> str:
    return (f"To protect confidentiality, {what} with 1\u2013{threshold} (and any that would "
            f"let them be worked out) are not shown.")


def chart_counts(counts: pd.Series | pd.DataFrame, threshold: int = 5, *, edition: str = "open") -> ChartCounts:
    """Counts ready for a bar chart, treating the chart's total ("n = ...") as published.

    Series: suppressed categories are dropped. DataFrame (stacked/grouped bars): both margins
    are treated as published; suppressed cells become NaN (not drawn).
    In the restricted edition nothing is suppressed. A row/column already labelled ``Total`` is
    dropped (the chart draws categories; the total is recomputed as ``n``). Counts already
    through disclosure control (a ``ChartCounts``, from the run's open figures) are drawn as
    they are.
    """
    if isinstance(counts, ChartCounts):
        return counts
    if isinstance(counts, pd.Series):
        counts = counts.drop(labels=[t for t in TOTAL_LABELS if t in counts.index])
        s = pd.to_numeric(counts, errors="coerce")
        total = float(s.sum())
        if edition != "open":
            return ChartCounts(s, int(total), [], None)
        frame = s.to_frame("count")
        frame.loc["__total__"] = total
        mask = suppression_mask(frame, threshold, total_row="__total__")["count"]
        hidden = [lab for lab in s.index if bool(mask.loc[lab])]
        shown = s[[not bool(mask.loc[lab]) for lab in s.index]]
        n = None if bool(mask.loc["__total__"]) else int(total)
        return ChartCounts(shown, n, hidden, _note(threshold) if hidden else None)
    counts = counts.drop(index=[t for t in TOTAL_LABELS if t in counts.index],
                         columns=[t for t in TOTAL_LABELS if t in counts.columns])
    df = counts.apply(pd.to_numeric, errors="coerce")
    total = float(np.nansum(df.to_numpy(dtype=float)))
    if edition != "open":
        return ChartCounts(df, int(total), [], None)
    full = df.copy()
    full["__total__"] = full.sum(axis=1)
    full.loc["__total__"] = full.sum(axis=0)
    mask = suppression_mask(full, threshold, total_row="__total__", total_col="__total__")
    body = mask.loc[df.index, df.columns]
    shown = df.mask(body)
    hidden = [(r, c) for r in df.index for c in df.columns if bool(body.loc[r, c])]
    n = None if bool(mask.loc["__total__", "__total__"]) else int(total)
    return ChartCounts(shown, n, hidden, _note(threshold, "values") if hidden else None)


# Name used in the design notes.
suppressed_series_for_chart = chart_counts


@dataclass
class MergedBands:
    counts: pd.Series  # ordered bands after merging, then the categories outside the order
    merged: list[tuple[str, list[str]]]  # (new label, the bands it joins), in band order

    @property
    def note(self) -> str | None:
        if not self.merged:
            return None
        parts = "; ".join(f"{' and '.join(old)} are shown together as {new}" for new, old in self.merged)
        return f"Neighbouring bands are merged where one holds too few to publish: {parts}."


def merge_small_bands(counts: pd.Series, threshold: int, bands) -> MergedBands:
    """Merge adjacent ordered bands until none holds 1 to ``threshold`` (so the shape of a
    duration or age profile survives suppression instead of losing its tail).

    ``bands``: a ``indicators.bands.OrderedBands``; categories of ``counts`` not in it ("Not known")
    are kept as they are, after the bands. Rule, repeated from the first band in order: a band
    with 1..threshold joins its smaller non-zero neighbour (ties: the later band; a neighbour of 0
    only when there is no other). Zeros are published as they are. ``chart_counts`` still
    suppresses whatever remains small (an unordered category, or a total of 1..threshold).
    """
    s = pd.to_numeric(counts, errors="coerce").fillna(0)
    order = [b for b in bands.labels if b in s.index]
    groups = [[b] for b in order]
    values = [float(s[b]) for b in order]
    while len(groups) > 1:
        small = [i for i, v in enumerate(values) if 1 <= v <= threshold]
        if not small:
            break
        i = small[0]
        near = [j for j in (i - 1, i + 1) if 0 <= j < len(groups)]
        j = min([k for k in near if values[k] > 0] or near, key=lambda k: (values[k], -k))
        a, b = min(i, j), max(i, j)
        groups[a:b + 1] = [groups[a] + groups[b]]
        values[a:b + 1] = [values[a] + values[b]]
    labels = [bands.merged_label(g[0], g[-1]) for g in groups]
    rest = [c for c in s.index if c not in order]
    out = pd.Series(values + [float(s[c]) for c in rest], index=labels + rest, name=counts.name)
    if pd.api.types.is_integer_dtype(counts):
        out = out.astype(counts.dtype)
    return MergedBands(out, [(lab, g) for lab, g in zip(labels, groups) if len(g) > 1])


# --------------------------------------------------------------------------------------------
# The long indicator format (docs/architecture.md section 5)
# --------------------------------------------------------------------------------------------
def _in_band(s: pd.Series, threshold: int) -> pd.Series:
    v = pd.to_numeric(s, errors="coerce")
    return ((v >= 1) & (v <= threshold)).fillna(False).astype(bool)


def suppress_indicator_rows(long_df: pd.DataFrame, threshold: int = 5) -> pd.DataFrame:
    """Primary suppression of the long indicator table.

    A row whose denominator is 1..threshold (any unit), or whose numerator is 1..threshold
    (counts, percentages, rates - not the summed days/weeks behind an average), has
    ``numerator, denominator, value, lower, upper`` set to missing and ``suppressed = True``.
    The numeric columns stay numeric (float); use ``suppressed`` to print the symbol, and a
    missing value with ``suppressed == False`` to print "n/a".
    """
    out = long_df.copy()
    hide = pd.Series(False, index=out.index)
    if "denominator" in out.columns:
        hide |= _in_band(out["denominator"], threshold)
    if "numerator" in out.columns:
        num_hide = _in_band(out["numerator"], threshold)
        if "unit" in out.columns:
            num_hide &= out["unit"].astype(str).isin(COUNT_NUMERATOR_UNITS).to_numpy()
        hide |= num_hide
    if "suppressed" in out.columns:
        hide |= out["suppressed"].fillna(False).astype(bool)
    for col in VALUE_COLUMNS:
        if col in out.columns:
            out[col] = pd.to_numeric(out[col], errors="coerce").astype("float64")
            out.loc[hide.to_numpy(), col] = np.nan
    out["suppressed"] = hide.to_numpy()
    return out


def secondary_for_series(
    numerators: Sequence,
    denominators: Sequence,
    total_numerator,
    total_denominator,
    threshold: int = 5,
    *,
    primary: Sequence[bool] | None = None,
    numerator_is_count: bool = True,
) -> list[bool]:
    """Secondary suppression along one indicator row: months plus a published period total.

    ``numerators``/``denominators`` are the months' values (unsuppressed), the totals are the
    period's (sum of the months). Returns one flag per month plus a last flag for the period
    total: True = hide that whole cell (value, numerator and denominator). ``primary`` holds
    flags already set by :func:`suppress_indicator_rows`.
    """
    n = len(numerators)
    labels = list(range(n)) + ["total"]
    hide = list(primary) if primary is not None else [False] * (n + 1)
    hide = [bool(h) for h in hide] + [False] * (n + 1 - len(hide))
    num = pd.to_numeric(pd.Series(list(numerators) + [total_numerator]), errors="coerce").astype("float64")
    den = pd.to_numeric(pd.Series(list(denominators) + [total_denominator]), errors="coerce").astype("float64")
    has_den = den.notna().any()
    num, den = num.to_numpy().reshape(-1, 1), den.to_numpy().reshape(-1, 1)
    for _ in range(2 * (n + 1)):
        # one column, the period total as its total row (suppression_mask on arrays)
        m1 = _mask_cells(num, labels, ["v"], threshold if numerator_is_count else 0, "total", None,
                         np.array(hide, dtype=bool))
        new = [a or bool(b) for a, b in zip(hide, m1.tolist())]
        if has_den:
            m2 = _mask_cells(den, labels, ["v"], threshold, "total", None, np.array(new, dtype=bool))
            new = [a or bool(b) for a, b in zip(new, m2.tolist())]
        if new == hide:
            break
        hide = new
    return hide


def edition_filter(edition: str):
    """A function that prepares a long indicator frame for ``edition`` (open: suppressed)."""
    def apply(long_df: pd.DataFrame, threshold: int = 5) -> pd.DataFrame:
        if edition == "open":
            return suppress_indicator_rows(long_df, threshold)
        out = long_df.copy()
        out["suppressed"] = False
        return out
    return apply


def _months_str(period_months) -> list[str]:
    months = getattr(period_months, "months", period_months)
    return [str(pd.Period(m, "M")) for m in months]


def _aggregation(rows: pd.DataFrame, ind_id, aggregations: dict | None) -> str:
    unit = str(rows["unit"].iloc[0]) if "unit" in rows.columns and len(rows) else "count"
    agg = (aggregations or {}).get(ind_id)
    if agg is None and "aggregation" in rows.columns:
        agg = rows["aggregation"].iloc[0]
    if agg is None:
        agg = "sum" if unit == "count" else ("pooled" if unit == "percent" else "end")
    return agg


def _count_field(orig: pd.DataFrame, i, col: str, unit: str):
    if i is None or col not in orig.columns:
        return np.nan
    v = orig.at[i, col]
    if col == "numerator" and pd.isna(v) and unit == "count":
        v = orig.at[i, "value"]
    return v


# Counts published under more than one indicator (docs/indicators.md definitions; checked equal
# on the demo's whole history). The first member is the monthly flow or stock itself; rolling-12
# members add up twelve of its months. A reader of the definitions can line them up, so they
# are hidden together (indicator_view) and the audit (disclosure.audit) tries them together.
SHARED_COUNTS: dict[str, list[tuple[str, str]]] = {
    "contacts": [("contacts", "numerator"), ("contacts_to_referral_pct", "denominator")],
    "contacts_to_referral": [("contacts_to_referral", "numerator"), ("contacts_to_referral_pct", "numerator")],
    "referrals": [("referrals", "numerator"), ("referral_rate_r12", "numerator"),
                  ("rereferral_pct", "denominator")],
    "assessments_completed": [("assessments_completed", "numerator"),
                              ("assessments_within_45wd_pct", "denominator")],
    "s47_started": [("s47_started", "numerator"), ("s47_started_r12", "numerator"),
                    ("s47_rate_r12", "numerator")],
    "icpcs": [("icpcs", "numerator"), ("icpc_rate_r12", "numerator")],
    "cp_plans_started": [("cp_plans_started", "numerator"), ("cp_start_rate_r12", "numerator"),
                         ("cp_second_plan_pct_r12", "denominator")],
    "cp_plans_ceased": [("cp_plans_ceased", "numerator"), ("cp_ceased_2yr_pct_r12", "denominator")],
    "care_applications": [("care_applications", "numerator"), ("care_applications_rate_r12", "numerator")],
    "cin_open": [("cin_open", "numerator"), ("cin_rate", "numerator"), ("cin_disabled_pct", "denominator")],
    "cp_children": [("cp_children", "numerator"), ("cp_rate", "numerator"), ("cp_open_2yr_pct", "denominator")],
    "cp_open_2yr": [("cp_open_2yr", "numerator"), ("cp_open_2yr_pct", "numerator")],
    "lado_contacts": [("lado_contacts", "numerator"), ("lado_threshold_met_pct", "denominator")],
    "lado_concluded": [("lado_concluded", "numerator"), ("lado_concluded_1m_pct", "denominator"),
                       ("lado_concluded_3m_pct", "denominator"), ("lado_concluded_12m_pct", "denominator")],
    "care_proceedings_concluded": [("care_proceedings_concluded", "numerator"),
                                   ("care_proceedings_avg_weeks", "denominator"),
                                   ("care_proceedings_within_26wk_pct", "denominator")],
    "yc_assessed": [("yc_assessed", "numerator"), ("yc_assessed_in_time_pct", "denominator")],
}
ROLLING_12 = {"referral_rate_r12", "s47_started_r12", "s47_rate_r12", "icpc_rate_r12", "cp_start_rate_r12",
              "cp_second_plan_pct_r12", "cp_ceased_2yr_pct_r12", "care_applications_rate_r12"}


def linked_series(long_df: pd.DataFrame, months: Sequence[str], min_nonzero: int = 2) -> list[set[str]]:
    """Groups of indicators that publish the same count in different rows.

    Many indicators share a count: the contacts a month is both the "contacts" indicator and the
    denominator of "contacts leading to a referral". A month hidden in one but published in the
    other could be read across, so hiding must be shared. Two series are linked when their
    numerator or denominator is equal in every month of the history (at least ``min_nonzero``
    months not zero) - what a reader comparing the published columns would also see.
    """
    months = set(months)
    monthly = long_df[long_df["period_type"] == "month"] if "period_type" in long_df.columns else long_df.iloc[0:0]
    monthly = monthly[monthly["indicator_id"].notna().to_numpy()]
    month_text = monthly["month"].astype(str)
    all_months = sorted(month_text.unique())
    # Every indicator's months side by side: one (indicator x month) grid per count column, each
    # cell the indicator's first row for that month (indicators in order of first appearance).
    ind_code, ind_ids = pd.factorize(monthly["indicator_id"], sort=False)
    month_code = np.searchsorted(np.asarray(all_months, dtype=object), month_text.to_numpy(dtype=object))
    first = ~pd.Series(list(zip(ind_code, month_code))).duplicated().to_numpy()
    units = (monthly["unit"].astype(str).to_numpy(dtype=object)[np.unique(ind_code, return_index=True)[1]]
             if "unit" in monthly.columns else np.full(len(ind_ids), "count", dtype=object))
    in_period = np.isin(np.asarray(all_months, dtype=object), list(months))
    grids = {}
    for col in ("numerator", "denominator"):
        vals = pd.to_numeric(monthly[col], errors="coerce").to_numpy(dtype="float64", na_value=np.nan)
        if col == "numerator":  # a count's numerator is its value when left blank
            value = pd.to_numeric(monthly["value"], errors="coerce").to_numpy(dtype="float64", na_value=np.nan)
            vals = np.where(np.isnan(vals) & (units[ind_code] == "count"), value, vals)
        grid = np.full((len(ind_ids), len(all_months)), np.nan)
        grid[ind_code[first], month_code[first]] = vals[first]
        grids[col] = grid
    keys: list[str] = []
    matrix: list[np.ndarray] = []
    for k, ind_id in enumerate(ind_ids):
        for col in ("numerator", "denominator"):
            if col == "denominator" and units[k] == "rate_per_10k":
                continue  # the population: shared by every rate, not a count of children
            vals = grids[col][k]
            if (np.nan_to_num(vals) > 0).sum() >= min_nonzero and (~np.isnan(vals[in_period])).any():
                keys.append(str(ind_id))
                matrix.append(vals)
    parent = list(range(len(keys)))

    def find(k):
        while parent[k] != k:
            parent[k] = parent[parent[k]]
            k = parent[k]
        return k

    if keys:
        m = np.vstack(matrix)
        present = ~np.isnan(m)
        for a in range(len(keys)):
            both = present & present[a]
            same = np.where(both, m == m[a], True).all(axis=1)
            nonzero = (both & (m[a] > 0)).sum(axis=1)
            for b in np.flatnonzero(same & (both.sum(axis=1) >= min_nonzero) & (nonzero >= min_nonzero)):
                if b > a and keys[a] != keys[b]:
                    parent[find(a)] = find(int(b))
    groups: dict = {}
    for k, ind_id in enumerate(keys):
        groups.setdefault(find(k), set()).add(ind_id)
    return [g for g in groups.values() if len(g) > 1]


def indicator_view(
    long_df: pd.DataFrame,
    period_months,
    threshold: int = 5,
    *,
    edition: str = "open",
    aggregations: dict[str, str] | None = None,
) -> pd.DataFrame:
    """The long indicator frame as it may be published for a report period.

    Open edition: primary suppression of every row (:func:`suppress_indicator_rows`), then, for
    each indicator whose period value is built from its months (aggregation ``sum``, ``pooled``
    or ``mean``; from ``aggregations`` or an ``aggregation`` column, default ``sum`` for counts
    and ``pooled`` for percentages), secondary suppression across the period's months and the
    current-period row, so that a hidden month cannot be recovered as "period total minus the
    other months". Indicators that publish the same count (:func:`linked_series`) hide the same
    months. The column ``suppression`` says why a row is hidden (``primary`` / ``secondary``).
    Tables and charts of the same period must both use this view.
    Restricted edition: unchanged, with ``suppressed = False``. A frame already through
    disclosure control (it has a ``suppression`` column: the run's open figures,
    ``report.figures``) is returned as it is: a table or chart given part of it hides exactly
    what the whole report hides.
    """
    if edition == "open" and "suppression" in long_df.columns:
        return long_df
    if edition != "open":
        out = long_df.copy()
        out["suppressed"] = False
        return out
    out = suppress_indicator_rows(long_df, threshold)
    out["suppression"] = np.where(out["suppressed"], "primary", "")
    if out.empty or "period_type" not in out.columns:
        return out
    months = _months_str(period_months)
    if not months:
        return out
    first, last = pd.Period(months[0], "M"), pd.Period(months[-1], "M")
    start, end = first.start_time.normalize(), last.end_time.normalize()
    orig = long_df
    plan = _secondary_plan(orig, months, start, end, aggregations)
    groups = [g & set(plan) for g in linked_series(orig, months)]
    groups += [{ind for ind, _ in members if ind in plan and ind not in ROLLING_12}
               for members in SHARED_COUNTS.values()]
    groups = [g for g in groups if len(g) > 1]
    counts = {ind_id: ([_count_field(orig, i, "numerator", unit) for i in idx],
                       [_count_field(orig, i, "denominator", unit) for i in idx]) for ind_id, (idx, unit) in plan.items()}
    done: dict[str, list[bool]] = {}  # the hidden flags each indicator's secondary step last saw
    for _ in range(len(plan) + 2):
        changed = False
        for ind_id, (idx, unit) in plan.items():
            primary = [bool(out.at[i, "suppressed"]) if i is not None else False for i in idx]
            if done.get(ind_id) == primary:
                continue  # nothing new hidden in this indicator since its last step
            nums, dens = counts[ind_id]
            hide = secondary_for_series(nums[:-1], dens[:-1], nums[-1], dens[-1], threshold,
                                        primary=primary, numerator_is_count=unit in COUNT_NUMERATOR_UNITS)
            done[ind_id] = [bool(h) for h in hide]
            for i, h in zip(idx, hide):
                if i is not None and h and not out.at[i, "suppressed"]:
                    _hide_row(out, i, "secondary")
                    changed = True
        for group in groups:  # a position hidden in one linked indicator is hidden in all
            members = sorted(group)
            for k in range(len(months) + 1):
                cells = [plan[m][0][k] for m in members]
                if any(i is not None and out.at[i, "suppressed"] for i in cells):
                    for i in cells:
                        if i is not None and not out.at[i, "suppressed"]:
                            _hide_row(out, i, "secondary")
                            changed = True
        if not changed:
            break
    _hide_rolling_12(out, plan, months)
    return out


def _secondary_plan(orig: pd.DataFrame, months: list[str], start: pd.Timestamp, end: pd.Timestamp,
                    aggregations: dict | None) -> dict[str, tuple[list, str]]:
    """{indicator: (row labels, unit)} for each indicator whose period value is built from its
    months and that has a row for the period: the label of its first row for each of the period's
    months (None when absent), then of its first period row. Indicators in order of appearance.
    Worked out once over the whole frame rather than by filtering every indicator's rows."""
    ids = orig["indicator_id"]
    has_id = ids.notna().to_numpy()
    month_text = orig["month"].astype(str)
    period_type = orig["period_type"]
    is_month = has_id & (period_type == "month").to_numpy() & month_text.isin(months).to_numpy()
    is_period = has_id & (period_type == "period").to_numpy()
    if {"start", "end"} <= set(orig.columns):
        if all(pd.api.types.is_datetime64_any_dtype(orig[c]) for c in ("start", "end")):
            is_period &= ((orig["start"].dt.normalize() == start).to_numpy()
                          & (orig["end"].dt.normalize() == end).to_numpy())
        else:  # text dates: parsed per indicator, as the format is inferred from the first one
            at = np.flatnonzero(is_period)
            for _, pos in pd.Series(at).groupby(ids.iloc[at].to_numpy(), sort=False):
                rows = orig.iloc[pos.to_numpy()]
                is_period[pos.to_numpy()] = ((pd.to_datetime(rows["start"]).dt.normalize() == start)
                                             & (pd.to_datetime(rows["end"]).dt.normalize() == end)).to_numpy()
    labels = orig.index
    month_rows = {}
    for k in np.flatnonzero(is_month):
        month_rows.setdefault((ids.iat[k], month_text.iat[k]), labels[k])
    period_row = {}
    for k in np.flatnonzero(is_period):
        period_row.setdefault(ids.iat[k], labels[k])
    first = orig[has_id].drop_duplicates("indicator_id")
    plan = {}
    for k, ind_id in enumerate(first["indicator_id"]):
        row = first.iloc[k:k + 1]
        unit = str(row["unit"].iloc[0]) if "unit" in row.columns else "count"
        if _aggregation(row, ind_id, aggregations) not in ("sum", "pooled", "mean") or ind_id not in period_row:
            continue
        plan[ind_id] = ([month_rows.get((ind_id, m)) for m in months] + [period_row[ind_id]], unit)
    return plan


def _hide_rolling_12(out: pd.DataFrame, plan: dict, months: list[str]) -> None:
    """Rolling-12 values over a flow whose months are hidden: consecutive windows differ by
    one month in and one out (r12 Dec - r12 Nov = Dec - Dec last year), so next to the months
    they can give a hidden month back. When any month (or the total) of the flow, or any
    rolling-12 value, is hidden in the period, the rolling-12 values of the period's months are
    hidden except at the period's end (the value the report rates)."""
    for base, members in SHARED_COUNTS.items():
        rolling = [ind for ind, _ in members if ind in ROLLING_12]
        if base not in plan or not rolling:
            continue
        hidden = any(i is not None and out.at[i, "suppressed"] for i in plan[base][0])
        rows = out[out["indicator_id"].isin(rolling) & (out["period_type"] == "month")
                   & out["month"].astype(str).isin(months)]
        if not hidden and not rows["suppressed"].any():
            continue
        for i in rows.index[rows["month"].astype(str) != months[-1]]:
            if not out.at[i, "suppressed"]:
                _hide_row(out, i, "secondary")


def _hide_row(out: pd.DataFrame, i, reason: str) -> None:
    out.loc[i, "suppressed"] = True
    out.loc[i, "suppression"] = reason
    for col in VALUE_COLUMNS:
        if col in out.columns:
            out.loc[i, col] = np.nan
