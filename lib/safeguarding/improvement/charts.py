"""Charts for the improvement-plan section (matplotlib, no pyplot state).

Both functions return a ``matplotlib.figure.Figure`` built without pyplot, so nothing is left
open between notebook cells; display it with ``display(fig)`` or save it with ``fig.savefig``.

Colour-blind and greyscale considerations: segments run in the scale's order (BLUE, GREEN,
AMBER, RED - red and green are never adjacent), every status has its own hatching (green and
amber print as the same grey), every segment carries its count on a white label, and the legend
spells out each status label, so no reading depends on colour alone. Drawn 7 inches wide, the
width they print at, so the labels print at 8 pt.
"""
from __future__ import annotations

import textwrap

import numpy as np
import pandas as pd
from matplotlib.figure import Figure
from matplotlib.patches import Patch

from ..stats.chart_layout import FitLayout, legend_columns
from .statuses import RED_CODE, UNKNOWN, status_scheme

# one pattern per status: BLUE and GREEN, GREEN and AMBER print as near-identical greys
_HATCH = {"BLUE": "", "GREEN": "...", "AMBER": "\\\\\\", "RED": "xxx",
          "COMPLETED": "", "ONGOING": "\\\\\\", "NOT_COMPLETED": "xxx", UNKNOWN: "--"}
_LABEL_BOX = {"boxstyle": "round,pad=0.2", "fc": "white", "ec": "none"}


def _legend(fig, scheme, codes) -> None:
    """The statuses' legend under the chart, in as many columns (up to 4) as fit its width: the
    BRAG labels ("Green - In progress, on track") run wider than the figure in 4."""
    handles = _legend_handles(scheme, codes)
    ncols = legend_columns([h.get_label() for h in handles], fontsize=8, width=fig.get_figwidth())
    fig.legend(handles=handles, loc="outside lower center", ncol=ncols, frameon=False, fontsize=8)


def _legend_handles(scheme, codes):
    return [Patch(facecolor=scheme.colour(c), edgecolor="white", hatch=_HATCH.get(c, ""),
                  label=f"{c.title().replace('_', ' ')} - {scheme.label(c)}" if scheme.scale == "BRAG"
                  else scheme.label(c)) for c in codes]


def plan_status_chart(counts_by_area: pd.DataFrame, params=None, *, title: str | None = None,
                      wrap: int = 28) -> Figure:
    """Horizontal stacked bar per area (first area at the top) in the scale's colours.

    ``counts_by_area`` is ``plan.status_by_area(...)``: index area, one column per status code.
    Each segment is labelled with its count (when wide enough), each bar with its total."""
    scheme = status_scheme(params)
    codes = [c for c in scheme.codes + [UNKNOWN] if c in counts_by_area.columns]
    data = counts_by_area.reindex(columns=codes).fillna(0).astype(int)
    n_areas = max(len(data), 1)
    totals = data.sum(axis=1)
    total = int(totals.sum())
    fig = Figure(figsize=(7.0, 1.1 + 0.36 * n_areas), dpi=110, layout=FitLayout())
    ax = fig.add_subplot()
    y = np.arange(len(data))[::-1]  # first area at the top
    left = np.zeros(len(data))
    xmax = float(totals.max()) if len(totals) else 0.0
    for code in codes:
        values = data[code].to_numpy(dtype=float)
        colour = scheme.colour(code)
        bars = ax.barh(y, values, left=left, color=colour, edgecolor="white", linewidth=0.8,
                       hatch=_HATCH.get(code, ""), label=code)
        for rect, v in zip(bars, values):
            if v > 0 and (xmax == 0 or v / xmax >= 0.04):
                ax.text(rect.get_x() + rect.get_width() / 2, rect.get_y() + rect.get_height() / 2,
                        f"{int(v)}", ha="center", va="center", fontsize=8, color="black", bbox=_LABEL_BOX)
        left += values
    for yi, t in zip(y, totals):
        ax.text(t + max(xmax, 1) * 0.01, yi, f"{int(t)}", va="center", ha="left", fontsize=8)
    ax.set_yticks(y, ["\n".join(textwrap.wrap(str(a), wrap)) or str(a) for a in data.index])
    ax.set_xlim(0, max(xmax, 1) * 1.08)
    ax.set_xlabel("Number of actions")
    ax.xaxis.get_major_locator().set_params(integer=True)
    for side in ("top", "right"):
        ax.spines[side].set_visible(False)
    ax.set_title(title or f"Improvement-plan actions by area and status (n = {total})",
                 loc="left", fontsize=10, fontweight="bold")
    if len(data) == 0:
        ax.text(0.5, 0.5, "No actions supplied", transform=ax.transAxes, ha="center", va="center")
    _legend(fig, scheme, codes)
    return fig


def overall_status_chart(counts: pd.DataFrame, params=None, *, title: str | None = None) -> Figure:
    """One 100 % stacked bar of all actions by status, segments labelled 'n (x%)'.

    ``counts`` is ``plan.status_counts(...)`` (columns status, count)."""
    scheme = status_scheme(params)
    data = counts.set_index("status")["count"] if len(counts) else pd.Series(dtype=int)
    codes = [c for c in scheme.codes + [UNKNOWN] if c in data.index]
    total = int(data.sum()) if len(data) else 0
    fig = Figure(figsize=(7.0, 1.8), dpi=110, layout=FitLayout())
    ax = fig.add_subplot()
    left = 0.0
    for code in codes:
        n = int(data[code])
        share = 100.0 * n / total if total else 0.0
        colour = scheme.colour(code)
        ax.barh([0], [share], left=left, color=colour, edgecolor="white", linewidth=0.8,
                hatch=_HATCH.get(code, ""))
        if share >= 6:
            ax.text(left + share / 2, 0, f"{n} ({share:.0f}%)", ha="center", va="center",
                    fontsize=8, color="black", bbox=_LABEL_BOX)
        left += share
    ax.set_xlim(0, 100)
    ax.set_yticks([])
    ax.set_xlabel("% of actions")
    for side in ("top", "right", "left"):
        ax.spines[side].set_visible(False)
    red = RED_CODE.get(scheme.scale)
    red_n = int(data.get(red, 0)) if red else 0
    default = f"All improvement-plan actions by status (n = {total})"
    if red and total:
        default += f"; {red_n} {'red' if scheme.scale == 'BRAG' else 'not completed by deadline'}"
    ax.set_title(title or default, loc="left", fontsize=10, fontweight="bold")
    if total == 0:
        ax.text(50, 0, "No actions supplied", ha="center", va="center")
    _legend(fig, scheme, codes)
    return fig
