"""Statistical process control: XmR (individuals) charts with the Making Data Count rules.

Follows NHS England's *Making Data Count* as implemented in ``NHSRplotthedots``
(``R/ptd_spc_standard.R``, ``R/ptd_calculate_point_type.R``,
``R/ptd_calculate_assurance_type.R``):

* centre line = mean of the baseline points (all points, or the first ``baseline`` non-missing
  points); moving range MR_i = |x_i - x_{i-1}| over the baseline; process limits =
  mean ± 2.66 × mean(MR); near-limit ("2-sigma") band = mean ± (2/3 × 2.66) × mean(MR).
  Optional screening (``screen_outliers=True``) drops moving ranges ≥ 3.267 × mean(MR) and
  recomputes mean(MR).
* special cause, rules in priority order (the ``rule`` column names the first that applies):

  1. ``outside_limits`` - a point strictly above the upper or below the lower limit;
  2. ``trend`` - 7 consecutive points each higher than the one before (6 increases in a row),
     or each lower; a repeated value breaks the run. All 7 (or more) points are flagged;
  3. ``two_of_three`` - 2 of 3 consecutive points beyond the near-limit band (and not beyond
     the limit), with all 3 points on the same side of the mean; the points beyond the band are
     flagged;
  4. ``shift`` - 7 or more consecutive points on the same side of the mean (a point exactly on
     the mean breaks the run); all points in the run are flagged.

* each special-cause point is classed ``improvement`` / ``concern`` by the side of the mean it
  lies on and the polarity (``high``: above the mean is improvement; ``low``: below), or
  ``neutral`` when the polarity is ``none`` - as NHSRplotthedots does, also for trend points
  (a point of a trend lying exactly on the mean takes the trend's direction). Other points
  are ``common``.
* variation icon = the class of the latest point; assurance (target given, polarity not none):
  target outside the limits on the good side → ``consistent_pass``, on the bad side →
  ``consistent_fail``, inside (or on) the limits → ``inconsistent`` ("hit and miss").
* fewer than 12 baseline points → ``trial_limits`` (the NHSRplotthedots vignette advises
  fixing limits once there are 12 or more points).

Missing values are skipped: they stay in ``points`` (value NaN, no class) and the moving ranges
and runs are formed from the neighbouring non-missing points. Months after the extract date and
the part month of the extract are passed as NaN (``present.coverage.complete_values``): they
are unknown or incomplete, and a zero or a part count would read as special cause; the chart
shows them as a gap.

Do not chart rolling 12-month values with XmR: neighbouring points share 11 months.
"""
from __future__ import annotations

import re
import textwrap
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from .chart_layout import FitLayout, legend_columns

LIMIT = 2.66
NEAR_LIMIT = 2 * LIMIT / 3
SCREEN = 3.267
RUN_LENGTH = 7
TRIAL_POINTS = 12
RULES = ("outside_limits", "trend", "two_of_three", "shift")

_DIRECTION = {"high": 1, "increase": 1, "low": -1, "decrease": -1, "none": 0, "neutral": 0}

# Colour-blind-safe palette (Okabe-Ito): common cause grey, improvement blue, concern orange
# (a darker orange than Okabe-Ito's #E69F00, for 3:1 contrast with the page: WCAG 1.4.11).
COLOURS = {
    "common": "#8c8c8c",
    "improvement": "#0072B2",
    "concern": "#C77700",
    "neutral": "#CC79A7",
    "line": "#b3b3b3",
    "mean": "#4d4d4d",
    "limits": "#4d4d4d",
    "target": "#000000",
}


@dataclass
class SPCResult:
    points: pd.DataFrame  # one row per input point (index kept), see xmr()
    variation: str | None  # improvement | concern | neutral | common (latest point); None if < 2 points
    assurance: str | None  # consistent_pass | consistent_fail | inconsistent | None
    mean: float
    lcl: float
    ucl: float
    mr_mean: float = float("nan")
    near_lcl: float = float("nan")
    near_ucl: float = float("nan")
    polarity: str = "none"
    target: float | None = None
    n_points: int = 0  # non-missing points
    n_baseline: int = 0  # points the limits were computed from
    trial_limits: bool = True
    variation_side: str | None = None  # high | low: side of the mean of the latest special-cause point
    notes: list[str] = field(default_factory=list)


def _runs(values: np.ndarray) -> np.ndarray:
    """Length of the run of identical values each element belongs to."""
    n = len(values)
    out = np.zeros(n, dtype=int)
    start = 0
    for i in range(1, n + 1):
        if i == n or values[i] != values[start]:
            out[start:i] = i - start
            start = i
    return out


def _flags(y: np.ndarray, mean: float, lcl: float, ucl: float, nlcl: float, nucl: float):
    n = len(y)
    outside = (y > ucl) | (y < lcl)
    rtm = np.sign(y - mean).astype(int)
    close = ~outside & ((y > nucl) | (y < nlcl))

    # shift: runs of >= 7 on the same (non-zero) side of the mean
    shift = (_runs(rtm) >= RUN_LENGTH) & (rtm != 0)

    # trend: >= 6 consecutive same-sign (non-zero) differences -> 7 points
    trend = np.zeros(n, dtype=bool)
    trend_dir = np.zeros(n, dtype=int)
    if n >= RUN_LENGTH:
        d = np.sign(np.diff(y)).astype(int)
        lengths = _runs(d)
        for i in np.flatnonzero((lengths >= RUN_LENGTH - 1) & (d != 0)):
            trend[i] = trend[i + 1] = True  # difference i links points i and i+1
            trend_dir[i] = trend_dir[i + 1] = d[i]

    # two of three beyond the near-limit band, all three on the same side
    two3 = np.zeros(n, dtype=bool)
    for i in range(n - 2):
        w = slice(i, i + 3)
        if close[w].sum() >= 2 and abs(rtm[w].sum()) == 3:
            two3[w] |= close[w]
    return outside, rtm, close, trend, trend_dir, two3, shift


def xmr(values, polarity: str = "none", target: float | None = None, baseline: int | None = None,
        *, screen_outliers: bool = False) -> SPCResult:
    """XmR chart of ``values`` (a Series in time order; its index is kept) - see the module doc.

    ``polarity``: high | low | none (higher is better / lower is better / no direction).
    ``target``: for the assurance reading. ``baseline``: compute the limits from the first
    ``baseline`` non-missing points only (then fixed). ``points`` columns: ``value, mean, lcl,
    ucl, near_lcl, near_ucl, moving_range, outside_limits, near_limit, special_cause, rule,
    variation, side``.
    """
    if polarity not in _DIRECTION:
        raise ValueError(f"polarity must be high, low or none, got {polarity!r}")
    direction = _DIRECTION[polarity]
    polarity = {1: "high", -1: "low", 0: "none"}[direction]
    s = values if isinstance(values, pd.Series) else pd.Series(values)
    s = pd.to_numeric(s, errors="coerce").astype("float64")
    present = s.notna().to_numpy()
    y = s.to_numpy()[present]
    n = len(y)
    if baseline is not None and baseline < 2:
        raise ValueError("baseline must be at least 2 points")
    nb = n if baseline is None else min(int(baseline), n)

    points = pd.DataFrame(index=s.index)
    points["value"] = s
    notes: list[str] = []
    if nb < 2:
        notes.append("fewer than 2 values: no process limits")
        for c in ("mean", "lcl", "ucl", "near_lcl", "near_ucl", "moving_range"):
            points[c] = np.nan
        points["outside_limits"] = False
        points["near_limit"] = False
        points["special_cause"] = False
        points["rule"] = None
        points["variation"] = None
        points["side"] = None
        mean = float(y.mean()) if n else float("nan")
        return SPCResult(points, None, None, mean, float("nan"), float("nan"), polarity=polarity,
                         target=target, n_points=n, n_baseline=nb, trial_limits=True, notes=notes)

    base = y[:nb]
    mean = float(base.mean())
    mr = np.abs(np.diff(base))
    amr = float(mr.mean())
    if screen_outliers:
        kept = mr[mr < SCREEN * amr]
        if len(kept):
            amr = float(kept.mean())
    ucl, lcl = mean + LIMIT * amr, mean - LIMIT * amr
    nucl, nlcl = mean + NEAR_LIMIT * amr, mean - NEAR_LIMIT * amr

    outside, rtm, close, trend, trend_dir, two3, shift = _flags(y, mean, lcl, ucl, nlcl, nucl)
    rule = np.full(n, None, dtype=object)
    for name, flag in zip(RULES, (outside, trend, two3, shift)):
        rule[(rule == None) & flag] = name  # noqa: E711 - elementwise on an object array
    special = rule != None  # noqa: E711
    side = np.where(rtm != 0, rtm, np.where(trend, trend_dir, 0))
    if direction == 0:
        variation = np.where(special, "neutral", "common")
    else:
        variation = np.where(~special, "common", np.where(side == direction, "improvement", "concern"))

    def spread(arr, fill):
        full = np.full(len(s), fill, dtype=object if not isinstance(fill, (bool, float)) else type(fill))
        full[present] = arr
        return full

    mr_all = np.concatenate([[np.nan], np.abs(np.diff(y))])
    points["mean"], points["lcl"], points["ucl"] = mean, lcl, ucl
    points["near_lcl"], points["near_ucl"] = nlcl, nucl
    points["moving_range"] = spread(mr_all, np.nan).astype("float64")
    points["outside_limits"] = spread(outside, False).astype(bool)
    points["near_limit"] = spread(close, False).astype(bool)
    points["special_cause"] = spread(special, False).astype(bool)
    points["rule"] = spread(rule, None)
    points["variation"] = spread(variation.astype(object), None)
    points["side"] = spread(np.where(side > 0, "high", np.where(side < 0, "low", "mean")).astype(object), None)

    latest = variation[-1]
    latest_side = None
    if latest != "common":
        latest_side = "high" if side[-1] > 0 else "low"

    assurance = None
    if target is not None and direction != 0 and not pd.isna(target):
        if target > ucl:
            assurance = "consistent_fail" if direction == 1 else "consistent_pass"
        elif target < lcl:
            assurance = "consistent_pass" if direction == 1 else "consistent_fail"
        else:
            assurance = "inconsistent"

    trial = nb < TRIAL_POINTS
    if trial:
        notes.append(f"trial limits: computed from {nb} points (fewer than {TRIAL_POINTS})")
    if baseline is not None:
        notes.append(f"limits fixed on the first {nb} points")
    return SPCResult(points, str(latest), assurance, mean, lcl, ucl, mr_mean=amr, near_lcl=nlcl,
                     near_ucl=nucl, polarity=polarity, target=target, n_points=n, n_baseline=nb,
                     trial_limits=trial, variation_side=latest_side, notes=notes)


_LABELS = {
    "common": "Common cause",
    "improvement": "Special cause \u2013 improvement",
    "concern": "Special cause \u2013 concern",
    "neutral": "Special cause \u2013 neither",
}
# A shape and an outline for each class, so the classes differ in greyscale too (the orange of
# concern and the grey of common cause print as the same grey): small grey dots for common
# cause, large outlined squares for concern, diamonds for improvement, triangles for neither.
MARKERS = {
    "common": {"marker": "o", "s": 14, "edgecolor": "none", "linewidth": 0},
    "improvement": {"marker": "D", "s": 38, "edgecolor": "black", "linewidth": 0.9},
    "concern": {"marker": "s", "s": 44, "edgecolor": "black", "linewidth": 1.2},
    "neutral": {"marker": "^", "s": 44, "edgecolor": "black", "linewidth": 0.9},
}


def month_labels(months) -> list[str]:
    """Axis labels for a run of months ('2018-01', Periods or dates): the month's short name,
    with the year under every January and under the first month ('Jan\\n2018', 'Apr')."""
    out = []
    for i, m in enumerate(months):
        p = pd.Period(m, "M")
        out.append(f"{p.strftime('%b')}\n{p.year}" if i == 0 or p.month == 1 else p.strftime("%b"))
    return out


def label_month_axis(ax, months, every: int | None = None) -> None:
    """Ticks on every ``every``-th month (default: about a dozen labels) at positions 0..n-1,
    months as words with their years (UK style, never ISO)."""
    months = list(months)
    if not months:
        return
    every = every or max(1, int(np.ceil(len(months) / 12)))
    # ticks on the quarter months when stepping by three, so a January carries its year
    start = next((i for i, m in enumerate(months[:every]) if (pd.Period(m, "M").month - 1) % every == 0), 0) \
        if every in (2, 3, 4, 6) else 0
    picks = list(range(start, len(months), every))
    labels = month_labels([months[i] for i in picks])
    if picks and picks[0] != 0 and "\n" not in labels[0]:
        labels[0] = f"{labels[0]}\n{pd.Period(months[picks[0]], 'M').year}"
    ax.set_xticks(picks)
    ax.set_xticklabels(labels, rotation=0, ha="center")


def _direct_label(ax, x, y, text: str, colour: str) -> None:
    """A line's name written at its right-hand end, above the line (no legend to look across to)."""
    ax.annotate(text, (x, y), xytext=(0, 2), textcoords="offset points", ha="right", va="bottom",
                fontsize=7.5, color=colour, zorder=4,
                bbox={"boxstyle": "square,pad=0.1", "fc": "white", "ec": "none", "alpha": 0.8})


def spc_chart(result: SPCResult, title: str, ax=None, *, ylabel: str | None = None):
    """Draw an XmR chart for ``result``; returns the matplotlib Figure.

    Values joined by a light grey line; points by class in colour and shape (small grey dots for
    common cause, outlined squares for concern, diamonds for improvement, triangles for a special
    cause with no preferred direction), named in a legend under the plot; the mean (solid), the
    process limits (dotted) and the target (dashed) named at their right-hand ends. Months are
    labelled in words. Trial limits are said in a second title line.
    """
    import matplotlib.pyplot as plt

    if ax is None:
        fig, ax = plt.subplots(figsize=(7.0, 2.9), layout=FitLayout())
    else:
        fig = ax.figure
    pts = result.points
    x = np.arange(len(pts))
    ax.plot(x, pts["value"], color=COLOURS["line"], linewidth=1.2, zorder=1)
    last = len(pts) - 1
    if not np.isnan(result.mean):
        ax.plot(x, pts["mean"], color=COLOURS["mean"], linewidth=1.2, zorder=2)
        _direct_label(ax, last, float(pts["mean"].iloc[-1]), "Mean", COLOURS["mean"])
    if not np.isnan(result.ucl):
        ax.plot(x, pts["ucl"], color=COLOURS["limits"], linestyle=":", linewidth=1.2, zorder=2)
        ax.plot(x, pts["lcl"], color=COLOURS["limits"], linestyle=":", linewidth=1.2, zorder=2)
        _direct_label(ax, last, float(pts["ucl"].iloc[-1]), "Upper process limit", COLOURS["limits"])
        _direct_label(ax, last, float(pts["lcl"].iloc[-1]), "Lower process limit", COLOURS["limits"])
    if result.target is not None and not pd.isna(result.target):
        ax.axhline(result.target, color=COLOURS["target"], linestyle="--", linewidth=1.0, zorder=2)
        _direct_label(ax, 0, float(result.target), "Target", COLOURS["target"])
        ax.texts[-1].set_horizontalalignment("left")
    for cls in ("common", "improvement", "concern", "neutral"):
        sel = (pts["variation"] == cls).to_numpy()
        if sel.any():
            ax.scatter(x[sel], pts["value"].to_numpy()[sel], color=COLOURS[cls], label=_LABELS[cls], zorder=3,
                       **MARKERS[cls])
    idx = pts.index
    if isinstance(idx, (pd.PeriodIndex, pd.DatetimeIndex)) or all(
            isinstance(v, str) and re.fullmatch(r"\d{4}-\d{2}", v) for v in idx):
        label_month_axis(ax, [pd.Period(v, "M") for v in idx])
    else:  # not months: number the points
        step = max(1, len(pts) // 12)
        ax.set_xticks(x[::step])
        ax.set_xticklabels([str(v) for v in idx[::step]])
    # FitLayout wraps the title to the room it has; another layout gets a guess by characters
    heading = title if isinstance(fig.get_layout_engine(), FitLayout) else textwrap.fill(title, 95)
    if result.trial_limits:
        heading += (f"\nTrial limits: worked out from {result.n_baseline} months (fewer than "
                    f"{TRIAL_POINTS}), so they may move")
    ax.set_title(heading, loc="left", fontsize=10, fontweight="bold")
    if ylabel:
        ax.set_ylabel(ylabel)
    for side in ("top", "right"):
        ax.spines[side].set_visible(False)
    ax.grid(axis="y", color="#eeeeee", linewidth=0.8)
    handles, labels = ax.get_legend_handles_labels()
    if handles:
        # as many columns as fit the figure's width (a legend cannot be re-flowed once made)
        ncols = legend_columns(labels, fontsize=8, width=fig.get_figwidth())
        fig.legend(loc="outside lower left", ncols=ncols, frameon=False, fontsize=8)
    return fig
