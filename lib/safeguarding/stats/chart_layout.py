"""The report's chart layout: one measuring pass for a one-Axes chart, titles wrapped to fit.

Matplotlib's constrained layout measures every decoration twice on each draw (its solver runs
twice, as tick labels can change after the first move), and cannot shorten a title: a title
wider than the figure runs off it (and ``savefig(bbox_inches="tight")`` then widens the
picture). :class:`FitLayout` serves the report's charts - one Axes, a figure-level note
(``supxlabel``) or legend below it - in one pass:

1. measure the Axes' decorations (tick labels, axis labels, value labels, an inner legend),
   titles left out, around the Axes where it is;
2. wrap each title at spaces to the room it has from where it starts (a left title starts at
   the Axes' left edge, right of the y tick labels) to the figure's right margin, and a
   wrapping figure note (``wrap=True``) to the figure's margin, once - matplotlib's own wrapping
   runs to the very edge and again at every measurement;
3. place the Axes so all of it ends a pad inside the figure (constrained layout's margins).

The Axes' titles are then left where the layout put them (as matplotlib would: x ticks below,
no y offset text), so the draw does not measure the y axis again to place them.

Figures of any other shape (several Axes, subfigures) are laid out by constrained layout. The
decorations are measured before the Axes moves; when moving changes them (another tick, a value
label carried with its bar) by more than the pad, the chart's own check
(``present.charts._touches_edge``) still catches anything drawn off the picture.

:func:`legend_columns`: how many columns a figure legend can have and still fit the width, from
the font's metrics, before the legend is made (matplotlib cannot re-flow a legend).
"""
from __future__ import annotations

import numpy as np
from matplotlib.layout_engine import ConstrainedLayoutEngine, LayoutEngine
from matplotlib.transforms import Bbox

# constrained layout's pad around the Axes and at the figure's edge (figure.constrained_layout.w_pad)
PAD_INCHES = 3 / 72
_SOURCE = "_fit_layout_source"  # on a wrapped Text: (the text as set, the text as wrapped)


def _text_width(renderer, text: str, prop) -> float:
    from matplotlib.text import _get_text_metrics_with_cache

    # matplotlib's own cache of text metrics: the draw measures the same strings again
    return _get_text_metrics_with_cache(renderer, text, prop, ismath=False, dpi=renderer.dpi)[0]


def wrap_to_width(text: str, prop, width: float, renderer) -> str:
    """``text`` with line breaks at spaces so that no line is wider than ``width`` pixels in the
    font ``prop`` as ``renderer`` measures it. Existing line breaks stay; a word wider than
    ``width`` keeps a line of its own."""
    out = []
    for paragraph in text.split("\n"):
        if _text_width(renderer, paragraph, prop) <= width:
            out.append(paragraph)
            continue
        line = ""
        for word in paragraph.split(" "):
            candidate = f"{line} {word}" if line else word
            if line and _text_width(renderer, candidate, prop) > width:
                out.append(line)
                line = word
            else:
                line = candidate
        out.append(line)
    return "\n".join(out)


def _wrap_text(t, width: float, renderer) -> None:
    """Wrap the Text ``t`` to ``width`` pixels, from its text as set: a later layout at another
    size wraps it afresh, and a text set since is taken as it is."""
    source, wrapped = getattr(t, _SOURCE, (None, None))
    text = source if wrapped is not None and wrapped == t.get_text() else t.get_text()
    wrapped = wrap_to_width(text, t.get_fontproperties(), width, renderer)
    setattr(t, _SOURCE, (text, wrapped))
    t.set_text(wrapped)


def legend_columns(labels, *, fontsize: float, width: float, most: int = 4) -> int:
    """How many columns (up to ``most``) a legend of ``labels`` (patch or line handles,
    matplotlib's default spacing) can have and be no wider than ``width`` inches, measured in the
    report's font at ``fontsize`` points: the fewest that need no more rows than the most that
    fit; at least 1."""
    import matplotlib
    from matplotlib.font_manager import FontProperties
    from matplotlib.textpath import text_to_path

    rc = matplotlib.rcParams
    prop = FontProperties(size=fontsize)
    entry = [text_to_path.get_text_width_height_descent(str(s), prop, ismath=False)[0]
             + (rc["legend.handlelength"] + rc["legend.handletextpad"]) * fontsize for s in labels]
    room = width * 72 - 2 * PAD_INCHES * 72 - 2 * rc["legend.borderpad"] * fontsize
    for ncols in range(min(most, max(len(entry), 1)), 1, -1):
        # matplotlib fills the columns as np.array_split does
        columns = [c for c in np.array_split(np.array(entry, dtype=float), ncols) if len(c)]
        needed = sum(c.max() for c in columns) + (len(columns) - 1) * rc["legend.columnspacing"] * fontsize
        if needed <= room * 0.97:  # hinted glyphs draw a little wider than their outlines
            # no more columns than the rows need: 4 entries in 3 columns fill 2, 1 and 1
            return -(-len(entry) // -(-len(entry) // ncols))
    return 1


class FitLayout(LayoutEngine):
    """Layout engine for one-Axes charts: decorations measured once, titles wrapped to fit
    (see the module doc). ``pad``: the space kept around the Axes' decorations and at the
    figure's edge, in inches."""

    _adjust_compatible = False
    _colorbar_gridspec = False

    def __init__(self, *, pad: float = PAD_INCHES, **kwargs):
        super().__init__(**kwargs)
        self._pad = pad
        self._fallback = ConstrainedLayoutEngine(h_pad=pad, w_pad=pad)

    def execute(self, fig) -> None:
        axes = [ax for ax in fig.axes if ax.get_in_layout()]
        if len(axes) != 1 or fig.subfigs or not axes[0].get_visible() or axes[0].name != "rectilinear":
            return self._fallback.execute(fig)
        ax = axes[0]
        renderer = fig._get_renderer()
        W, H = fig.bbox.width, fig.bbox.height
        pad = self._pad * fig.dpi

        # 1. the decorations but the titles, around the Axes where it is now: the axes' tick and
        # axis labels, and what else may reach outside it (value labels, a legend)
        ax.apply_aspect()
        ticks = _tick_places(ax)
        axis_margins = _overhang(ax, renderer, _axis_boxes(ax, renderer))
        margins = _wider(axis_margins, _overhang(ax, renderer, _artist_boxes(ax, renderer)))

        # a note or legend under the Axes (constrained layout's rule: each takes its height and
        # a pad either side, the largest wins)
        under = 0.0
        for t in fig.texts:
            wraps = t.get_wrap() or getattr(t, _SOURCE, None) is not None  # (or wrapped here before)
            if wraps and t.get_visible() and t.get_text() and t.get_horizontalalignment() == "left":
                _wrap_text(t, W - pad - t.get_transform().transform(t.get_position())[0], renderer)
                t.set_wrap(False)  # wrapped once here, not at every measurement
        supx = getattr(fig, "_supxlabel", None)
        if supx is not None and supx.get_visible() and supx.get_in_layout() and supx.get_text():
            if getattr(supx, "_autopos", False):
                supx.set_position((supx.get_position()[0], pad / H))
            under = max(under, supx.get_window_extent(renderer).height + 2 * pad)
        for legend in fig.legends:
            if getattr(legend, "_outside_loc", None) == "lower" and getattr(legend, "_bbox_to_anchor", 0) is None:
                under = max(under, legend.get_window_extent(renderer).height + 2 * pad)

        # 2. the titles wrapped to the room they have beside the Axes' decorations
        titles = [t for t in (ax.title, getattr(ax, "_left_title", None), getattr(ax, "_right_title", None))
                  if t is not None and t.get_visible() and t.get_text()]
        automatic = getattr(ax, "_autotitlepos", None) is not False
        top = ax.get_window_extent(renderer).y1
        x0, x1 = pad + margins[0], W - pad - margins[1]
        for t in titles:
            if automatic:
                t.set_y(1.0)  # where the draw would put it: just above the Axes (x ticks below)
            align = t.get_horizontalalignment()
            if align == "left":
                room = W - pad - x0
            elif align == "right":
                room = x1 - pad
            else:
                room = 2 * min((x0 + x1) / 2 - pad, W - pad - (x0 + x1) / 2)
            _wrap_text(t, room, renderer)
            margins[3] = max(margins[3], t.get_window_extent(renderer).y1 - top)
        ticks_below = ax.xaxis.get_ticks_position() == "bottom" and ax.xaxis.get_label_position() == "bottom"
        if automatic and ticks_below and not ax.yaxis.offsetText.get_text():
            # nothing above the Axes for the draw to lift the titles clear of: they stay where
            # they are, and the draw does not measure the y axis once more to find that out
            ax._autotitlepos = False

        # 3. the Axes placed so that its decorations end a pad inside the figure, then checked
        # once: what is carried with the data (a value label at the end of the longest bar) moves
        # when the Axes changes size, and the tick marks may change (then all is measured again)
        for again in (False, True):
            left, right, below, above = margins
            y0, y1 = under + pad + below, H - pad - above
            x0, x1 = pad + left, W - pad - right
            if x1 - x0 < 10 or y1 - y0 < 10:  # no room: constrained layout warns and does its best
                return self._fallback.execute(fig)
            ax._set_position(Bbox.from_extents(x0 / W, y0 / H, x1 / W, y1 / H))
            if again:
                break
            if _tick_places(ax) != ticks:
                axis_margins = _overhang(ax, renderer, _axis_boxes(ax, renderer))
            moved = _wider(axis_margins, _overhang(ax, renderer, _artist_boxes(ax, renderer)))
            if all(m <= n + 0.5 for m, n in zip(moved, margins)):
                break
            margins = _wider(margins, moved)


def _axis_boxes(ax, renderer) -> list:
    """The tight boxes of the Axes' x and y axis (tick labels, axis labels), as constrained layout
    measures them (the axis labels' extent along their axis left out)."""
    if not ax.axison:
        return []
    return [b for b in (axis.get_tightbbox(renderer, for_layout_only=True) for axis in (ax.xaxis, ax.yaxis)
                        if axis.get_visible()) if b is not None]


def _artist_boxes(ax, renderer) -> list:
    """The tight boxes of the Axes' other artists that may reach outside it."""
    boxes = (a.get_tightbbox(renderer) for a in ax.get_default_bbox_extra_artists())
    return [b for b in boxes if b is not None and b._is_finite() and (b.width or b.height)]


def _wider(a: list, b: list) -> list:
    return [max(x, y) for x, y in zip(a, b)]


def _tick_places(ax) -> tuple:
    return tuple(tuple(axis.get_majorticklocs()) for axis in (ax.xaxis, ax.yaxis))


def _overhang(ax, renderer, boxes) -> list:
    """How far ``boxes`` reach past the Axes [left, right, below, above], in pixels (0 inside)."""
    box = ax.get_window_extent(renderer)
    if not boxes:
        return [0.0, 0.0, 0.0, 0.0]
    tight = Bbox.union(boxes)
    return [max(box.x0 - tight.x0, 0.0), max(tight.x1 - box.x1, 0.0),
            max(box.y0 - tight.y0, 0.0), max(tight.y1 - box.y1, 0.0)]
