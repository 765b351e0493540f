"""Deep-dive charts in the report's style (palette, fonts): stage flow, per-child timeline,
drift distributions, relative rate index with intervals."""
from __future__ import annotations

import matplotlib
import numpy as np
import pandas as pd
from matplotlib.figure import Figure
from matplotlib.patches import Polygon
from matplotlib.ticker import FuncFormatter, NullFormatter

from ..present.charts import DPI, GREY, OKABE_ITO, REPORT_RC
from ..stats.chart_layout import FitLayout
from .drift import year_label


def _figure(figsize=(7.5, 3.6)):
    with matplotlib.rc_context(REPORT_RC):
        fig = Figure(figsize=figsize, dpi=DPI, layout=FitLayout())
        ax = fig.add_subplot()
    for side in ("top", "right"):
        ax.spines[side].set_visible(False)
    return fig, ax


def flow_chart(progression: pd.DataFrame, title: str) -> Figure:
    """Children reaching each stage as bars, joined by bands as wide as those who progressed,
    each labelled with the conversion and the median days between the stages."""
    fig, ax = _figure((8.5, 3.8))
    stages = [progression["from_stage"].iloc[0]] + progression["to_stage"].tolist()
    heights = [progression["children"].iloc[0]] + progression["progressed"].tolist()
    top = max(max(heights), 1)
    width = 0.35
    for i, (stage, h) in enumerate(zip(stages, heights)):
        ax.bar(i, h, width=width, color=OKABE_ITO[0])
        ax.text(i, h + top * 0.02, f"{int(h):,}", ha="center", va="bottom", fontsize=8)
    for i, row in enumerate(progression.itertuples()):
        band = row.progressed
        ax.add_patch(Polygon([(i + width / 2, 0), (i + width / 2, band), (i + 1 - width / 2, band),
                              (i + 1 - width / 2, 0)], closed=True, color=OKABE_ITO[4], alpha=0.35, lw=0))
        pct = "" if pd.isna(row.conversion_pct) else f"{row.conversion_pct:.0f}%"
        days = "" if pd.isna(row.median_days) else f"\nmedian {row.median_days:.0f} d"
        ax.text(i + 0.5, max(band, top * 0.05) / 2, pct + days, ha="center", va="center", fontsize=7.5)
    ax.set_xticks(range(len(stages)), stages)
    ax.set_ylabel("Children")
    ax.set_ylim(0, top * 1.15)
    ax.set_title(title, loc="left", fontsize=11, fontweight="bold")
    return fig


# List lanes of the timeline, top to bottom; episodes are drawn as bars from start to end.
LANES = [("contacts", "contact_date", None, "L1 Contact"),
         ("early_help", "eh_start_date", "eh_end_date", "L2 Early help"),
         ("referrals", "referral_date", None, "L3 Referral"),
         ("assessments", "assessment_start_date", "assessment_auth_date", "L4 Assessment"),
         ("s47", "s47_start_date", "icpc_date", "L5 S47 to ICPC"),
         ("cin", "cin_start_date", "cin_closure_date", "L6 CIN"),
         ("cp_plans", "cpp_start_date", "cpp_end_date", "L7 CP plan"),
         ("looked_after", "cla_start_date", "cla_end_date", "L8 In care")]


def timeline_chart(tables, child_id: str, as_at: pd.Timestamp, title: str | None = None) -> Figure:
    """One child's events (points) and episodes (bars; open episodes drawn to ``as_at``)."""
    fig, ax = _figure((8.5, 3.4))
    lanes = []
    for lane, (table, start, end, label) in enumerate(LANES):
        t = tables.get(table)
        rows = t[t["child_id"].astype("string") == str(child_id)] if t is not None and len(t) else None
        lanes.append(label)
        if rows is None or rows.empty:
            continue
        y = len(LANES) - 1 - lane
        colour = OKABE_ITO[lane % len(OKABE_ITO)]
        for _, r in rows.iterrows():
            s = r[start]
            if pd.isna(s):
                continue
            if end is None:
                ax.plot([s], [y], "o", color=colour, ms=6)
                continue
            e = r[end] if pd.notna(r[end]) else as_at
            ax.plot([s, e], [y, y], "-", color=colour, lw=6, solid_capstyle="butt", alpha=0.8)
            ax.plot([s], [y], "|", color="black", ms=10)
    ax.set_yticks(range(len(LANES)), list(reversed(lanes)))
    ax.set_ylim(-0.7, len(LANES) - 0.3)
    ax.axvline(as_at, color=GREY, ls=":", lw=1)
    ax.grid(axis="x", color="#dddddd", lw=0.6)
    ax.set_title(title or f"Child {child_id}: events and episodes to {as_at:%d %b %Y}",
                 loc="left", fontsize=11, fontweight="bold")
    fig.autofmt_xdate()
    return fig


def distribution_chart(rows: pd.DataFrame, title: str, by: str = "start_year") -> Figure:
    """Box plot of ``days`` by ``by`` (whiskers at the 5th and 95th percentiles), n under each."""
    fig, ax = _figure()
    groups = [(k, g["days"].dropna().to_numpy()) for k, g in rows.groupby(by)]
    groups = [(k, v) for k, v in groups if len(v)]
    if groups:
        ax.boxplot([v for _, v in groups], whis=(5, 95), showfliers=False,
                   medianprops={"color": OKABE_ITO[3]})
        ax.set_xticks(range(1, len(groups) + 1),
                      [f"{year_label(k)}\nn = {len(v):,}" for k, v in groups])
    ax.set_ylabel("Days")
    ax.set_title(title, loc="left", fontsize=11, fontweight="bold")
    return fig


def rri_chart(table: pd.DataFrame, by: str, title: str) -> Figure:
    """Relative rate index with its 95 % interval per group (log scale; 1 = the reference)."""
    rows = table[np.isfinite(table["rri"].astype(float)) & (table["rri"].astype(float) > 0)]
    fig, ax = _figure((7.5, 0.9 + 0.32 * max(len(rows), 1)))
    y = np.arange(len(rows))[::-1]
    ax.errorbar(rows["rri"], y, xerr=[rows["rri"] - rows["rri_lower"].fillna(rows["rri"]),
                                      rows["rri_upper"].fillna(rows["rri"]) - rows["rri"]],
                fmt="o", color=OKABE_ITO[0], ecolor=OKABE_ITO[4], capsize=3)
    ax.axvline(1, color="black", lw=0.8, ls="--")
    ax.set_xscale("log")
    ax.xaxis.set_major_formatter(FuncFormatter(lambda v, _: f"{v:g}"))
    ax.xaxis.set_minor_formatter(NullFormatter())
    ax.set_yticks(y, rows[by].tolist())
    ax.grid(axis="x", color="#dddddd", lw=0.6)
    ax.grid(axis="y", visible=False)
    ax.set_xlabel(f"Relative rate index (reference: {table.attrs.get('reference', '')} = 1)")
    ax.set_title(title, loc="left", fontsize=11, fontweight="bold")
    return fig


def sankey_chart(flows: pd.DataFrame, title: str) -> Figure:
    """Sankey diagram of ``journeys.path_flows``: one column per step of the path, a bar per
    event (its height the children reaching it), bands as wide as the children going from one
    event to the next. Bands of children with no later event are not drawn (the flows table
    gives them); events with under 2 % of the children are drawn but not labelled."""
    from matplotlib.path import Path as MplPath
    from matplotlib.patches import PathPatch, Rectangle

    from .journeys import NO_LATER_EVENT, NODE_NAMES

    total = int(flows.attrs.get("children", 0))
    steps = int(flows["step"].max()) if len(flows) else 0
    fig, ax = _figure((9.5, 4.8))
    ax.set_title(title, loc="left", fontsize=11, fontweight="bold")
    ax.axis("off")
    if not total or not steps:
        ax.text(0.5, 0.5, "No children to follow in this window", ha="center", va="center",
                transform=ax.transAxes)
        return fig
    # node sizes per column: what leaves a node (column 0 and every node with outflows), else
    # what reaches it (the last column)
    size: dict[tuple[int, str], int] = {}
    for r in flows.itertuples():
        size[(r.step - 1, r.from_node)] = size.get((r.step - 1, r.from_node), 0) + r.children
    for r in flows[flows["to_node"] != NO_LATER_EVENT].itertuples():
        size.setdefault((r.step, r.to_node), 0)
    for r in flows[flows["to_node"] != NO_LATER_EVENT].itertuples():
        if r.step == steps:
            size[(r.step, r.to_node)] += r.children
    gap = 0.02 * total
    colours = [c for c in OKABE_ITO if c != "#000000"]
    palette = {name: colours[i % len(colours)] for i, name in enumerate(dict.fromkeys(
        list(NODE_NAMES.values()) + ["Assessment: services", "Assessment: no services", "Assessment completed"]))}
    top: dict[tuple[int, str], float] = {}
    width = 0.18
    for column in range(steps + 1):
        nodes = sorted(((n, v) for (c, n), v in size.items() if c == column), key=lambda x: (-x[1], x[0]))
        y = total + gap * 3
        for name, value in nodes:
            y -= value
            top[(column, name)] = y + value
            ax.add_patch(Rectangle((column - width / 2, y), width, value, color=palette.get(name, GREY), lw=0))
            if value >= 0.02 * total:
                ax.text(column + width / 2 + 0.03, y + value / 2, f"{name}\n{value:,}", va="center", ha="left",
                        fontsize=6.5, linespacing=1.0)
            y -= gap
    out_cursor = dict(top)
    in_cursor = dict(top)
    for r in flows[flows["to_node"] != NO_LATER_EVENT].itertuples():
        src, dst = (r.step - 1, r.from_node), (r.step, r.to_node)
        y0, y1 = out_cursor[src], in_cursor[dst]
        out_cursor[src] -= r.children
        in_cursor[dst] -= r.children
        x0, x1 = r.step - 1 + width / 2, r.step - width / 2
        xm = (x0 + x1) / 2
        h = r.children
        verts = [(x0, y0), (xm, y0), (xm, y1), (x1, y1), (x1, y1 - h), (xm, y1 - h), (xm, y0 - h), (x0, y0 - h),
                 (x0, y0)]
        codes = [MplPath.MOVETO, MplPath.CURVE4, MplPath.CURVE4, MplPath.CURVE4, MplPath.LINETO,
                 MplPath.CURVE4, MplPath.CURVE4, MplPath.CURVE4, MplPath.CLOSEPOLY]
        ax.add_patch(PathPatch(MplPath(verts, codes), facecolor=palette.get(r.from_node, GREY), alpha=0.3, lw=0))
    ax.set_xlim(-0.4, steps + 0.9)
    ax.set_ylim(min(v - size[k] for k, v in top.items()) - gap, total + gap * 4)
    ax.text(0, 0, f"{total:,} children; a band ends where a child had no later event", fontsize=7.5,
            color=GREY, transform=ax.transAxes, va="top")
    return fig
