"""Charts for the report: one palette, one style, every chart titled with its period and n.

* Palette: Okabe-Ito (colour-blind safe). Activity measures use the first colour; a target line
  is dashed black; confidence intervals are a light band.
* Titles are neutral ("Contacts received, July to December 2018"), never a finding.
* Every chart shows "n = ..." (the total, or the denominator for percentages).
* Open edition: charts are drawn from suppressed values only - suppressed bars/points are
  omitted and a note says so ("... with 1-5 ... are not shown"). Pass the same
  :func:`~safeguarding.disclosure.suppress.indicator_view` frame that the tables use.

Figures are created with ``matplotlib.figure.Figure`` (not pyplot), so they are not kept in
pyplot's global list and need no closing; in a notebook, ``display(fig)`` or :func:`figure_html`.
:func:`close` is provided for figures made with pyplot. They are laid out by
:class:`~safeguarding.stats.chart_layout.FitLayout`: everything inside the figure's width, a
long title wrapped to fit.
"""
from __future__ import annotations

import base64
import hashlib
import html
import io
import pickle
import struct
from contextlib import contextmanager
from typing import Mapping

import matplotlib
import numpy as np
import pandas as pd
from matplotlib.figure import Figure
from matplotlib.ticker import MaxNLocator

from ..indicators.registry import MEAN_UNITS
from ._util import as_float
from .coverage import COVERAGE, NONE, PARTIAL, complete_values
from ..disclosure.suppress import chart_counts, indicator_view, suppress_indicator_rows
from ..stats.chart_layout import FitLayout
from ..stats.spc import label_month_axis

# Every series keeps 3:1 contrast with the white page (WCAG 1.4.11): Okabe-Ito's blue, vermillion,
# bluish green, reddish purple and black, then - instead of its orange, sky blue and yellow (2.3:1
# and less) - indigo, green and wine from Paul Tol's colour-blind-safe "muted" scheme.
OKABE_ITO = ["#0072B2", "#D55E00", "#009E73", "#CC79A7", "#000000", "#332288", "#117733", "#882255"]
TARGET_COLOUR = "#000000"
GREY = "#7f7f7f"
# Charts are drawn at the width they print (7 in: A4 portrait less its margins, at 110 dpi), so
# their type prints at its own size: 8 pt and up, in-bar labels included.
FIGSIZE = (7.0, 2.6)
DPI = 110
# Series of a grouped or stacked chart differ by hatching as well as colour (greyscale prints).
HATCHES = ["", "///", "...", "xxx", "\\\\\\", "ooo", "---", "+++"]

REPORT_RC = {
    "figure.figsize": FIGSIZE,
    "figure.dpi": DPI,
    "savefig.dpi": DPI,
    "savefig.bbox": "tight",
    "font.family": "DejaVu Sans",
    "font.size": 8.5,
    "axes.titlesize": 10,
    "axes.titleweight": "bold",
    "axes.titlelocation": "left",
    "axes.labelsize": 9,
    "xtick.labelsize": 8,
    "ytick.labelsize": 8,
    "legend.fontsize": 8,
    "legend.frameon": False,
    "axes.spines.top": False,
    "axes.spines.right": False,
    "axes.grid": True,
    "axes.grid.axis": "y",
    "grid.color": "#dddddd",
    "grid.linewidth": 0.6,
    "axes.prop_cycle": matplotlib.cycler(color=OKABE_ITO),
}

UNIT_AXIS = {"count": "Number", "percent": "Per cent", "rate_per_10k": "Rate per 10,000 children",
             "days": "Days", "weeks": "Weeks", "score": "Score (0 to 10)"}


def use_report_style() -> None:
    """Apply the report style to matplotlib (and to seaborn when the analyst has imported it -
    importing it here would add most of a second to every section's start-up)."""
    import sys

    sns = sys.modules.get("seaborn")
    if sns is not None:
        sns.set_theme(style="whitegrid", palette=OKABE_ITO, rc=REPORT_RC)
    matplotlib.rcParams.update(REPORT_RC)


def _figure(figsize=None) -> tuple[Figure, "matplotlib.axes.Axes"]:
    with matplotlib.rc_context(REPORT_RC):
        fig = Figure(figsize=figsize or FIGSIZE, dpi=DPI, layout=FitLayout())
        ax = fig.add_subplot()
    for side in ("top", "right"):
        ax.spines[side].set_visible(False)
    return fig, ax


def _title(ax, title: str, period: str | None, n_text: str | None, note: str | None) -> None:
    full = f"{title}, {period}" if period else title
    ax.set_title(full, loc="left", fontsize=10, fontweight="bold")
    foot = "\n".join(t for t in (n_text, note) if t)
    if foot:
        # the figure's x label, so the layout makes room for it (and wraps it to the figure's
        # width): the picture is drawn once at its own size (see ``figure_html``), nothing
        # outside it survives
        ax.figure.supxlabel(foot, x=0.01, ha="left", fontsize=8, color="#444444", wrap=True)


def _n_text(n) -> str:
    if n is None:
        return "n = c"
    return f"n = {int(n):,}"


def close(fig) -> None:
    """Close a figure made with pyplot (Figures from this module need no closing)."""
    import matplotlib.pyplot as plt

    plt.close(fig)


# A "both" run draws every chart for the open and the restricted edition; when disclosure
# control changed nothing the two figures are the same, and drawing the picture (over half of a
# section's run time) is done once. A chart function keys its figure by everything it was drawn
# from *after* disclosure control (``render_key``), so equal keys mean equal pictures. Pictures
# are shared only inside ``pictures_shared()`` (the two editions of one block), so a chart drawn
# again later - another style, a re-run cell - is always drawn afresh.
_RENDER_KEY = "_safeguarding_render_key"
_shared: list[dict | None] = [None]  # inside pictures_shared(): {key: markup} drawn in the block


@contextmanager
def pictures_shared():
    """Inside the block, ``figure_html`` reuses the picture of an equal (same-key) figure it drew
    earlier in the block."""
    _shared[0] = {}
    try:
        yield
    finally:
        _shared[0] = None


def render_key(fig: Figure, *parts) -> Figure:
    """Mark ``fig`` as fully determined by ``parts`` (data after disclosure control, titles,
    options); ``figure_html`` then reuses the picture of an earlier figure with the same key.
    Parts that cannot be pickled leave the figure unkeyed (always drawn)."""
    try:
        digest = hashlib.sha256(pickle.dumps(parts, protocol=pickle.HIGHEST_PROTOCOL)).hexdigest()
    except Exception:  # noqa: BLE001 - an unpicklable part only costs the reuse
        return fig
    setattr(fig, _RENDER_KEY, digest)
    return fig


def _touches_edge(pixels: np.ndarray, fig: Figure) -> bool:
    """Anything drawn on the outermost pixels? The layout keeps a margin, so ink there means
    something runs off the picture."""
    from matplotlib.colors import to_rgba_array

    background = (to_rgba_array(fig.get_facecolor()) * 255).round().astype(np.uint8)[0]
    edges = np.concatenate([pixels[:2].reshape(-1, 4), pixels[-2:].reshape(-1, 4),
                            pixels[:, :2].reshape(-1, 4), pixels[:, -2:].reshape(-1, 4)])
    return bool((np.abs(edges.astype(int) - background) > 8).any())


def figure_html(fig: Figure, alt: str = "", *, fmt: str = "png", caption: str = "") -> str:
    """An ``<img>`` (PNG or SVG, embedded as a data URI) for HTML/PDF output, with alt text.
    ``caption`` (HTML, escaped by the caller): the chart's reading or note, inside the figure so
    print keeps it on the chart's page."""
    shared, key = _shared[0], getattr(fig, _RENDER_KEY, None)
    key = (key, fmt, tuple(fig.get_size_inches()), alt, caption) if key and shared is not None else None
    if key in (shared or {}):
        return shared[key]
    buf = io.BytesIO()
    if fmt == "png" and fig.get_layout_engine() is not None:
        # One draw: the layout engine runs inside it and the text metrics it measured are reused
        # for the picture. ``savefig(bbox_inches="tight")`` lays out, measures the whole figure
        # again and draws at a new size with a fresh renderer: twice the work, for the margin
        # the layout already keeps (titles and notes are wrapped to the figure's width).
        from matplotlib.backends.backend_agg import FigureCanvasAgg
        from PIL import Image

        canvas = FigureCanvasAgg(fig)
        fig.set_dpi(DPI)
        canvas.draw()
        pixels = np.asarray(canvas.buffer_rgba())
        # zlib level 3, not PIL's 6: the same pixels, a third less time, and on these flat-coloured
        # charts no larger (1,642 KiB against 1,654 KiB for the demo's 57 pictures)
        if _touches_edge(pixels, fig):  # not foreseen by the layout: let savefig widen the picture
            fig.savefig(buf, format=fmt, dpi=DPI, bbox_inches="tight")
        elif pixels[0, 0, 3] == 255:  # an opaque background: RGB only, so the PDF needs no alpha mask
            Image.fromarray(np.ascontiguousarray(pixels[..., :3])).save(buf, format="png", compress_level=3)
        else:
            Image.fromarray(pixels).save(buf, format="png", compress_level=3)
    else:
        fig.savefig(buf, format=fmt, dpi=DPI, bbox_inches="tight")
    mime = "image/svg+xml" if fmt == "svg" else "image/png"
    data = base64.b64encode(buf.getvalue()).decode()
    if fmt == "png":  # the picture's own size (a chart widened by savefig is wider than its figure)
        width, height = struct.unpack(">II", buf.getbuffer()[16:24])
    else:
        width, height = (round(v * DPI) for v in fig.get_size_inches())
    # the drawn size, so a page lays out before the picture loads; CSS scales it to the screen
    # a chart wider than a phone keeps legible type there by scrolling in its own box (page.css):
    # focusable, so a keyboard can scroll it too
    opening = '<figure class="chart chart-wide" tabindex="0">' if width > 480 else '<figure class="chart">'
    figcaption = f"<figcaption>{caption}</figcaption>" if caption else ""
    markup = (f'{opening}<img src="data:{mime};base64,{data}" alt="{html.escape(alt, quote=True)}"'
              f' width="{width}" height="{height}"/>{figcaption}</figure>')
    if key:
        shared[key] = markup
    return markup


# --------------------------------------------------------------------------------------------
# Trend
# --------------------------------------------------------------------------------------------
def trend_chart(
    indicators: pd.DataFrame,
    indicator_id: str,
    months,
    title: str,
    target: float | None = None,
    *,
    period: str | None = None,
    edition: str = "open",
    threshold: int = 5,
    unit: str | None = None,
    period_months=None,
    show_interval: bool = True,
) -> Figure:
    """Monthly line of one indicator over ``months`` (``'YYYY-MM'``), with an optional dashed
    target line and the 95 % interval as a band. In the open edition suppressed months are not
    drawn (gaps) and a note is added. Months after the extract date (``coverage`` ``none``) are
    gaps too, never zeros; the part month of the extract date is a hollow marker off the line
    (its count is too low, not a fall). ``period_months`` (the report period) enables the same
    secondary suppression as the tables when the frame has not already been through
    ``indicator_view``."""
    ms = [str(pd.Period(m, "M")) for m in getattr(months, "months", months)]
    data = indicators
    if edition == "open":
        data = (indicator_view(indicators, period_months, threshold) if period_months is not None
                else suppress_indicator_rows(indicators, threshold))
    rows = data[(data["indicator_id"] == indicator_id) & (data["period_type"] == "month")]
    rows = rows.set_index(rows["month"].astype(str)).reindex(ms)
    if unit is None:
        units = rows["unit"].dropna() if "unit" in rows.columns else pd.Series(dtype=object)
        unit = str(units.iloc[0]) if len(units) else "count"
    coverage = (rows[COVERAGE] if COVERAGE in rows.columns else pd.Series(None, index=rows.index)).to_numpy()
    raw_values = pd.to_numeric(rows["value"], errors="coerce").astype(float).to_numpy()
    values = complete_values(rows).to_numpy()  # the line: whole months only
    part = (coverage == PARTIAL) & np.isfinite(raw_values)
    supp = rows["suppressed"].fillna(False).astype(bool).to_numpy() if "suppressed" in rows.columns else np.zeros(len(ms), bool)
    fig, ax = _figure((FIGSIZE[0], 2.45))
    x = np.arange(len(ms))
    if show_interval and {"lower", "upper"} <= set(rows.columns):
        lo, hi = complete_values(rows, "lower").to_numpy(), complete_values(rows, "upper").to_numpy()
        if np.isfinite(lo).any():
            ax.fill_between(x, lo, hi, color=OKABE_ITO[0], alpha=0.15, linewidth=0, label="95% interval")
    ax.plot(x, values, marker="o", markersize=3.5, color=OKABE_ITO[0], linewidth=1.6, label="Monthly value")
    if part.any():
        ax.plot(x[part], raw_values[part], linestyle="none", marker="o", markersize=5, markerfacecolor="white",
                markeredgecolor=OKABE_ITO[0], label="Part month (to extract date)")
    if as_float(target) is not None:
        ax.axhline(float(target), color=TARGET_COLOUR, linestyle="--", linewidth=1, label="Target")
    # every third month labelled (January with its year): words, never ISO dates
    label_month_axis(ax, ms, every=3 if len(ms) > 12 else 1)
    ax.set_ylabel(UNIT_AXIS.get(unit, unit))
    if unit == "percent":
        shown = raw_values[np.isfinite(raw_values) & (coverage != NONE)]
        top = np.nanmax(np.concatenate([shown, [0]])) if len(shown) else 100
        ax.set_ylim(0, max(100.0, float(top)))
    else:
        ax.set_ylim(bottom=0)
        if unit == "count":
            ax.yaxis.set_major_locator(MaxNLocator(integer=True))
    if ax.get_legend_handles_labels()[0]:
        ax.legend(loc="lower left", ncols=4)
    if "denominator" in rows.columns and unit in ("percent", *MEAN_UNITS):
        d = pd.to_numeric(rows["denominator"], errors="coerce")[coverage != NONE]
        n_text = f"n = {int(d.sum()):,} (denominators of the months shown)" if d.notna().any() else None
    elif unit == "count" and np.isfinite(values).any():
        # the month is named: the latest month drawn may be earlier than the latest month (a part
        # month, a month after the extract or a hidden one is not drawn)
        last = int(np.flatnonzero(np.isfinite(values))[-1])
        n_text = f"{pd.Period(ms[last], 'M').strftime('%b %Y')}: {int(values[last]):,}"
    else:
        n_text = None
    notes = []
    if supp.any():
        notes.append(f"Months with 1\u2013{threshold} (or that would reveal them) are not shown.")
    if (coverage == NONE).any():
        notes.append("Months after the data were extracted have no data and are not drawn.")
    note = " ".join(notes) or None
    _title(ax, title, period, n_text, note)
    # what was drawn: the open and restricted frames differ in columns even when the picture doesn't
    band = (lo, hi) if show_interval and {"lower", "upper"} <= set(rows.columns) else None
    return render_key(fig, "trend", ms, values, raw_values, part, coverage == NONE, band, target, unit,
                      n_text, note, title, period)


# --------------------------------------------------------------------------------------------
# Bars
# --------------------------------------------------------------------------------------------
def _label_bars(ax, bars, horizontal: bool) -> None:
    """Each bar's value at its end, outside the bar (readable on any fill, in greyscale too)."""
    for b in bars:
        v = b.get_width() if horizontal else b.get_height()
        if not np.isfinite(v):
            continue
        txt = f"{int(round(v)):,}"
        if horizontal:
            ax.annotate(txt, (v, b.get_y() + b.get_height() / 2), xytext=(3, 0), textcoords="offset points",
                        va="center", fontsize=8)
        else:
            ax.annotate(txt, (b.get_x() + b.get_width() / 2, v), xytext=(0, 2), textcoords="offset points",
                        ha="center", va="bottom", fontsize=8)


def _hidden_note(cc, threshold: int, what: str = "categories") -> str | None:
    """The open chart's note on what it leaves out, with how much: the bars alone would not add
    up to the n in the title. The hidden total is n less the bars shown, both published."""
    if not cc.suppressed:
        return None
    shown = float(np.nansum(np.asarray(cc.values, dtype=float)))
    of = f" The bars show {int(shown):,} of n = {cc.n:,}." if cc.n is not None else ""
    kind = what if len(cc.suppressed) > 1 else what.rstrip("s")
    return (f"{len(cc.suppressed)} {kind} with 1\u2013{threshold} (or that would let one be worked out) "
            f"not shown, to protect confidentiality.{of}")


def bar_chart(
    counts: pd.Series,
    title: str,
    n: int | None = None,
    horizontal: bool = True,
    *,
    period: str | None = None,
    edition: str = "open",
    threshold: int = 5,
    value_label: str = "Number",
    sort: bool = False,
    labels: bool = True,
) -> Figure:
    """Bar chart of category counts. Open edition: categories with 1..threshold (and any that
    would let them be worked out from n) are omitted with a note; n is the published total
    (``n = c`` when the total itself is small). ``n`` overrides the total shown (restricted
    edition only - in the open edition the total from the data is used, as suppression is
    computed against it)."""
    if isinstance(counts, pd.DataFrame):
        counts = counts.iloc[:, 0]
    cc = chart_counts(counts, threshold, edition=edition)
    values = cc.values.astype(float)
    if isinstance(values, pd.DataFrame):
        values = values.iloc[:, 0]
    if sort:
        values = values.sort_values(ascending=horizontal)
    fig, ax = _figure((FIGSIZE[0], max(1.7, 0.22 * len(values) + 1.0)) if horizontal else None)
    pos = np.arange(len(values))
    if horizontal:
        bars = ax.barh(pos, values.to_numpy(), color=OKABE_ITO[0])
        ax.set_yticks(pos)
        ax.set_yticklabels([str(i) for i in values.index])
        ax.invert_yaxis()
        ax.set_xlabel(value_label)
        ax.grid(axis="y", visible=False)
        ax.grid(axis="x", visible=True)
    else:
        bars = ax.bar(pos, values.to_numpy(), color=OKABE_ITO[0])
        ax.set_xticks(pos)
        ax.set_xticklabels([str(i) for i in values.index], rotation=30 if len(values) > 6 else 0,
                           ha="right" if len(values) > 6 else "center")
        ax.set_ylabel(value_label)
    (ax.xaxis if horizontal else ax.yaxis).set_major_locator(MaxNLocator(integer=True))
    if labels:
        _label_bars(ax, bars, horizontal)
    shown_n = n if (edition != "open" and n is not None) else cc.n
    note = _hidden_note(cc, threshold)
    _title(ax, title, period, _n_text(shown_n), note)
    return render_key(fig, "bar", values.to_numpy(), [str(i) for i in values.index], shown_n, note, title,
                      horizontal, period, value_label, labels)


def grouped_bar_chart(
    table: pd.DataFrame,
    title: str,
    *,
    period: str | None = None,
    edition: str = "open",
    threshold: int = 5,
    stacked: bool = False,
    horizontal: bool = False,
    value_label: str = "Number",
    colours: Mapping[str, str] | None = None,
) -> Figure:
    """Grouped (or stacked) bars: rows of ``table`` are the categories on the axis, columns the
    series. Open edition: suppression treats row, column and grand totals as published; suppressed
    cells are not drawn and a note says so."""
    cc = chart_counts(table, threshold, edition=edition)
    df = cc.values.astype(float)
    fig, ax = _figure()
    k = len(df.columns)
    pos = np.arange(len(df.index))
    width = 0.8 if stacked else 0.8 / max(k, 1)
    base = np.zeros(len(df.index))
    for j, col in enumerate(df.columns):
        vals = df[col].to_numpy()
        colour = (colours or {}).get(col, OKABE_ITO[j % len(OKABE_ITO)])
        look = {"label": str(col), "color": colour, "hatch": HATCHES[j % len(HATCHES)], "edgecolor": "white",
                "linewidth": 0.6}
        draw = np.nan_to_num(vals)
        if stacked:
            if horizontal:
                ax.barh(pos, draw, left=base, height=width, **look)
            else:
                ax.bar(pos, draw, bottom=base, width=width, **look)
            base = base + draw
        else:
            off = pos - 0.4 + width * (j + 0.5)
            if horizontal:
                bars = ax.barh(off, vals, height=width, **look)
            else:
                bars = ax.bar(off, vals, width=width, **look)
            _label_bars(ax, [b for b, v in zip(bars, vals) if np.isfinite(v)], horizontal)
    labels = [str(i) for i in df.index]
    if horizontal:
        ax.set_yticks(pos)
        ax.set_yticklabels(labels)
        ax.invert_yaxis()
        ax.set_xlabel(value_label)
    else:
        ax.set_xticks(pos)
        ax.set_xticklabels(labels, rotation=30 if len(labels) > 6 else 0, ha="right" if len(labels) > 6 else "center")
        ax.set_ylabel(value_label)
    (ax.xaxis if horizontal else ax.yaxis).set_major_locator(MaxNLocator(integer=True))
    ax.legend(loc="best", ncols=min(k, 4))
    note = _hidden_note(cc, threshold, "values")
    _title(ax, title, period, _n_text(cc.n), note)
    return render_key(fig, "grouped", df.to_numpy(), [str(c) for c in df.columns], labels, cc.n, note, title,
                      period, stacked, horizontal, value_label, dict(colours or {}))


def stacked_bar_chart(table: pd.DataFrame, title: str, **kw) -> Figure:
    """:func:`grouped_bar_chart` with ``stacked=True``."""
    return grouped_bar_chart(table, title, stacked=True, **kw)
