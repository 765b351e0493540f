"""Disclosure control: primary and secondary suppression, checked by brute force."""
from __future__ import annotations

import itertools

import numpy as np
import pandas as pd
import pytest

from safeguarding.params import params_from_dict
from safeguarding.disclosure.suppress import (
    chart_counts, indicator_view, secondary_for_series, suppress, suppress_indicator_rows,
    suppression_mask, with_margins,
)


# --------------------------------------------------------------------------------------------
# A brute-force recoverability checker, independent of the implementation.
# A reader knows: every published cell, that the totals add up, and that every suppressed cell
# holds a whole number >= 1 (zeros are always published). A suppressed cell is "recoverable" if
# every table consistent with that knowledge gives it the same value. We search for a second
# consistent table by perturbing the suppressed cells by -2..+2 (enough for these small tables).
# --------------------------------------------------------------------------------------------
def recoverable_cells(original: pd.DataFrame, published: pd.DataFrame, symbol="c",
                      total_row=None, total_col=None) -> list:
    cells = [(r, c) for r in original.index for c in original.columns]
    hidden = [rc for rc in cells if published.loc[rc] == symbol]
    if not hidden:
        return []
    x0 = np.array([float(original.loc[rc]) for rc in hidden])

    def equations():
        eqs = []
        if total_col is not None:
            for r in original.index:
                eqs.append([((r, c), 1) for c in original.columns if c != total_col] + [((r, total_col), -1)])
        if total_row is not None:
            for c in original.columns:
                eqs.append([((r, c), 1) for r in original.index if r != total_row] + [((total_row, c), -1)])
        return eqs

    pos = {rc: k for k, rc in enumerate(hidden)}
    A = np.zeros((len(equations()), len(hidden)))
    for i, eq in enumerate(equations()):
        for rc, coef in eq:
            if rc in pos:
                A[i, pos[rc]] += coef
    ds = np.array(list(itertools.product(range(-2, 3), repeat=len(hidden))))
    ok = np.all(np.abs(ds @ A.T) < 1e-9, axis=1) & np.all(x0 + ds >= 1, axis=1)
    alternatives = ds[ok]
    return [rc for k, rc in enumerate(hidden) if not np.any(alternatives[:, k] != 0)]


def table(data, index, columns):
    return pd.DataFrame(data, index=index, columns=columns)


# --------------------------------------------------------------------------------------------
def test_primary_suppression_and_true_zeros():
    t = table([[0], [1], [5], [6], [12]], list("abcde"), ["n"])
    out = suppress(t, 5)
    assert out["n"].tolist() == [0, "c", "c", 6, 12]
    assert out["n"].dtype == object


def test_threshold_and_symbol_from_params():
    params = params_from_dict({"disclosure": {"threshold": 9, "symbol": "x"}})
    t = table([[7], [10], [0]], list("abc"), ["n"])
    out = suppress(t, params.disclosure.threshold, symbol=params.disclosure.symbol)
    assert out["n"].tolist() == ["x", 10, 0]


def test_secondary_one_dimensional_with_total():
    # 20, 3, 12, 0 with total 35: 3 is hidden; without a second hidden cell 35-20-12-0 = 3.
    t = table([[20], [3], [12], [0], [35]], ["a", "b", "c", "d", "Total"], ["n"])
    naive = t.astype(object).where(~t.isin([1, 2, 3, 4, 5]), "c")
    assert recoverable_cells(t, naive, total_row="Total") == [("b", "n")]
    out = suppress(t, 5, total_row="Total")
    # the next-smallest non-zero cell (12) is hidden too; the zero stays
    assert out["n"].tolist() == [20, "c", "c", 0, 35]
    assert recoverable_cells(t, out, total_row="Total") == []


def test_secondary_group_sum_must_not_be_small():
    # 1 and 1 both hidden, but the total shows they add to 2 -> both are 1. A third cell goes.
    t = table([[1], [1], [10], [10], [22]], ["a", "b", "c", "d", "Total"], ["n"])
    out = suppress(t, 5, total_row="Total")
    assert out["n"].tolist() == ["c", "c", "c", 10, 22]
    assert recoverable_cells(t, out, total_row="Total") == []


def test_small_total_is_itself_suppressed():
    t = table([[3], [0], [0], [3]], ["a", "b", "c", "Total"], ["n"])
    out = suppress(t, 5, total_row="Total")
    assert out["n"].tolist() == ["c", 0, 0, "c"]


def test_cross_table_with_margins_naive_primary_is_recoverable():
    body = table([[10, 7, 0], [3, 9, 11], [8, 12, 6]], ["r1", "r2", "r3"], ["A", "B", "C"])
    t = with_margins(body, total_row=True, total_col=True)
    assert t.loc["Total", "Total"] == 66
    naive = t.astype(object).where(~t.isin([1, 2, 3, 4, 5]), "c")
    assert recoverable_cells(t, naive, total_row="Total", total_col="Total") == [("r2", "A")]
    out = suppress(t, 5, total_row="Total", total_col="Total")
    assert recoverable_cells(t, out, total_row="Total", total_col="Total") == []
    # hand-checked result: a 2 x 2 rectangle 3, 11 / 8, 6 hides the 3
    hidden = {(r, c) for r in t.index for c in t.columns if out.loc[r, c] == "c"}
    assert hidden == {("r2", "A"), ("r2", "C"), ("r3", "A"), ("r3", "C")}
    assert out.loc["r1", "C"] == 0  # zero untouched
    assert out.loc["Total", "Total"] == 66


def test_cross_table_two_primaries():
    body = table([[10, 7, 0], [3, 9, 11], [8, 2, 6]], ["r1", "r2", "r3"], ["A", "B", "C"])
    t = with_margins(body, total_row=True, total_col=True)
    out = suppress(t, 5, total_row="Total", total_col="Total")
    assert recoverable_cells(t, out, total_row="Total", total_col="Total") == []
    hidden = {(r, c) for r in t.index for c in t.columns if out.loc[r, c] == "c"}
    assert hidden == {("r2", "A"), ("r2", "B"), ("r3", "A"), ("r3", "B")}


def test_lado_outcome_by_sector_cross_table():
    # the model report's LADO outcome x sector table (Lewisham 2017/18)
    cols = ["Primary", "Secondary", "Foster", "Foster (other LA)", "Childminder", "Sports", "Residential", "Other"]
    body = table([[27, 13, 2, 2, 3, 2, 6, 36], [0, 0, 0, 0, 0, 0, 0, 2], [2, 1, 0, 0, 0, 0, 2, 11],
                  [1, 1, 0, 2, 0, 0, 0, 3], [8, 3, 2, 3, 2, 0, 3, 17], [1, 1, 0, 0, 0, 0, 0, 3]],
                 ["NFA", "Pending", "Substantiated", "Unfounded", "Unsubstantiated", "False"], cols)
    t = with_margins(body, total_row=True, total_col=True)
    out = suppress(t, 5, total_row="Total", total_col="Total")
    # every primary cell hidden, zeros shown, nothing recoverable
    for r in t.index:
        for c in t.columns:
            v = t.loc[r, c]
            if 1 <= v <= 5:
                assert out.loc[r, c] == "c"
            if v == 0:
                assert out.loc[r, c] == 0
    mask = suppression_mask(t, 5, total_row="Total", total_col="Total")
    # brute force is too wide for this table (3^k); check exact linear recoverability by rank
    assert not _linear_recoverable(t, mask)
    assert out.loc["Total", "Total"] == 159


def _linear_recoverable(t, mask) -> bool:
    hidden = [(r, c) for r in t.index for c in t.columns if mask.loc[r, c]]
    pos = {rc: k for k, rc in enumerate(hidden)}
    rows = []
    for r in t.index:
        eq = np.zeros(len(hidden))
        for c in t.columns:
            if (r, c) in pos:
                eq[pos[(r, c)]] += -1 if c == "Total" else 1
        rows.append(eq)
    for c in t.columns:
        eq = np.zeros(len(hidden))
        for r in t.index:
            if (r, c) in pos:
                eq[pos[(r, c)]] += -1 if r == "Total" else 1
        rows.append(eq)
    A = np.array(rows)
    rank = np.linalg.matrix_rank(A)
    for k in range(len(hidden)):
        # cell k is determined iff e_k lies in the row space of A
        if np.linalg.matrix_rank(np.vstack([A, np.eye(len(hidden))[k]])) == rank:
            return True
    return False


def test_no_totals_means_no_secondary():
    t = table([[20], [3], [12]], list("abc"), ["n"])
    assert suppress(t, 5)["n"].tolist() == [20, "c", 12]


def test_derived_percentage_hidden_with_its_count():
    t = pd.DataFrame({"n": [20, 3, 12, 35], "pct": [57.1, 8.6, 34.3, 100.0]}, index=["a", "b", "c", "Total"])
    out = suppress(t, 5, total_row="Total", count_columns=["n"], derived={"pct": "n"})
    assert out["pct"].tolist() == [57.1, "c", "c", 100.0]


def test_series_input():
    s = pd.Series([20, 3, 12, 0, 35], index=["a", "b", "c", "d", "Total"], name="children")
    out = suppress(s, 5, total_row="Total")
    assert list(out.columns) == ["children"]
    assert out["children"].tolist() == [20, "c", "c", 0, 35]


# --------------------------------------------------------------------------------------------
# Charts
# --------------------------------------------------------------------------------------------
def test_chart_counts_treats_n_as_published():
    s = pd.Series([20, 3, 12, 0], index=["Police", "Health", "School", "LA"])
    cc = chart_counts(s, 5)
    assert cc.values.to_dict() == {"Police": 20, "LA": 0}
    assert cc.n == 35 and set(cc.suppressed) == {"Health", "School"}
    assert "1\u20135" in cc.note
    restricted = chart_counts(s, 5, edition="restricted")
    assert restricted.values.tolist() == [20, 3, 12, 0] and restricted.note is None


def test_chart_counts_small_total():
    cc = chart_counts(pd.Series([2, 1, 0], index=list("abc")), 5)
    assert cc.n is None and list(cc.values.index) == ["c"]


# --------------------------------------------------------------------------------------------
# Long indicator format
# --------------------------------------------------------------------------------------------
def test_suppress_indicator_rows():
    df = pd.DataFrame({
        "indicator_id": ["a", "b", "c", "d", "e", "f"],
        "unit": ["percent", "percent", "count", "count", "weeks", "rate_per_10k"],
        "numerator": [3, 40, 4, 0, 4.0, 5],
        "denominator": [50, 4, None, None, 20, 60000],
        "value": [6.0, 1000.0, 4, 0, 0.2, 0.8],
        "lower": [2.1, 1, 1, 0, 0.1, 0.3],
        "upper": [16.2, 1, 10, 3.7, 0.4, 1.9],
    })
    out = suppress_indicator_rows(df, 5)
    # numerator 3 -> % hidden; denominator 4 -> % hidden; count 4 hidden; zero kept;
    # weeks: numerator 4 is summed weeks (not a count) and denominator 20 -> kept; rate from 5 events hidden
    assert out["suppressed"].tolist() == [True, True, True, False, False, True]
    for col in ["numerator", "denominator", "value", "lower", "upper"]:
        assert out.loc[out["suppressed"], col].isna().all()
    assert out.loc[3, "value"] == 0
    assert out.loc[4, "value"] == pytest.approx(0.2)
    assert df.loc[0, "numerator"] == 3  # input untouched


def test_secondary_for_monthly_series():
    # counts 10, 3, 12 with a published period total 25: 3 alone could be recovered
    assert secondary_for_series([10, 3, 12], [None] * 3, 25, None, 5) == [True, True, False, False]
    # percentages: month 2 has numerator 3 (hidden); the numerators 50,3,12 add to 65 and
    # denominators 60,40,30 to 130, so the smallest other month goes too
    assert secondary_for_series([50, 3, 12], [60, 40, 30], 65, 130, 5) == [False, True, True, False]


def test_indicator_view_applies_secondary_across_months(long_frame):
    months = ["2018-07", "2018-08", "2018-09", "2018-10", "2018-11", "2018-12"]
    view = indicator_view(long_frame, months, 5)
    c = view[(view.indicator_id == "contacts") & (view.period_type == "month")].set_index("month")
    # Aug = 3 (primary); the smallest other month (Nov, 90) goes too, so 518 - others != Aug
    assert c["suppressed"].to_dict() == {"2018-07": False, "2018-08": True, "2018-09": False,
                                         "2018-10": False, "2018-11": True, "2018-12": False}
    assert np.isnan(c.loc["2018-11", "value"])
    restricted = indicator_view(long_frame, months, 5, edition="restricted")
    assert not restricted["suppressed"].any()


@pytest.mark.parametrize("seed", range(25))
def test_random_cross_tables_never_recoverable(seed):
    rng = np.random.default_rng(seed)
    nr, nc = rng.integers(2, 4), rng.integers(2, 4)
    body = rng.choice([0, 1, 2, 3, 4, 6, 8, 12, 20], size=(nr, nc), p=[.15, .1, .1, .1, .1, .15, .1, .1, .1])
    t = with_margins(pd.DataFrame(body, index=[f"r{i}" for i in range(nr)], columns=[f"c{j}" for j in range(nc)]),
                     total_row=True, total_col=True)
    out = suppress(t, 5, total_row="Total", total_col="Total")
    mask = out.map(lambda v: v == "c")
    for r in t.index:  # primary rule and true zeros
        for c in t.columns:
            if 1 <= t.loc[r, c] <= 5:
                assert mask.loc[r, c]
            if t.loc[r, c] == 0:
                assert out.loc[r, c] == 0
    if mask.to_numpy().sum() <= 7:
        assert recoverable_cells(t, out, total_row="Total", total_col="Total") == []
    else:
        assert not _linear_recoverable(t, mask)


@pytest.mark.parametrize("seed", range(25))
def test_random_one_dimensional_tables_never_recoverable(seed):
    rng = np.random.default_rng(100 + seed)
    n = rng.integers(2, 7)
    vals = rng.choice([0, 1, 2, 3, 5, 6, 9, 15, 40], size=n)
    t = pd.DataFrame({"n": list(vals) + [int(vals.sum())]}, index=[f"k{i}" for i in range(n)] + ["Total"])
    out = suppress(t, 5, total_row="Total")
    assert recoverable_cells(t, out, total_row="Total") == []
    hidden = [v for v, o in zip(t["n"].iloc[:-1], out["n"].iloc[:-1]) if o == "c"]
    if out["n"].iloc[-1] != "c":
        assert not (1 <= sum(hidden) <= 5)  # the hidden cells together are not a small number


def test_indicator_view_same_from_text_dates_shuffled_rows_and_a_linked_copy(long_frame):
    # the rows each indicator's secondary step uses are found once over the whole frame: row
    # order, text dates and an indicator publishing the same count must not change what is hidden
    months = ["2018-07", "2018-08", "2018-09", "2018-10", "2018-11", "2018-12"]
    copy = long_frame[long_frame.indicator_id == "contacts"].assign(indicator_id="contacts_copy")
    frame = pd.concat([long_frame, copy], ignore_index=True)
    view = indicator_view(frame, months, 5)
    hidden = view[view.suppressed].groupby("indicator_id")["month"].apply(sorted).to_dict()
    assert hidden["contacts"] == hidden["contacts_copy"] == ["2018-08", "2018-11"]
    text = frame.assign(start=frame["start"].dt.strftime("%Y-%m-%d"), end=frame["end"].dt.strftime("%Y-%m-%d"))
    pd.testing.assert_frame_equal(indicator_view(text, months, 5).drop(columns=["start", "end"]),
                                  view.drop(columns=["start", "end"]))
    shuffled = frame.sample(frac=1, random_state=4)
    pd.testing.assert_frame_equal(indicator_view(shuffled, months, 5).loc[view.index], view)


def test_null_space_is_scipys():
    # the null space behind "which hidden cells does the table fix", found without scipy.linalg
    from scipy.linalg import null_space

    from safeguarding.disclosure.suppress import _null_space

    rng = np.random.default_rng(7)
    for _ in range(200):
        rows, cols = rng.integers(1, 9, size=2)
        A = rng.integers(-1, 2, size=(rows, cols)).astype(float)  # table equations: -1, 0, 1
        ours, theirs = _null_space(A), null_space(A)
        assert ours.shape == theirs.shape
        np.testing.assert_allclose(ours @ ours.T, theirs @ theirs.T, atol=1e-10)  # the same subspace
