"""The charts' layout (stats.chart_layout.FitLayout): everything inside the figure's width, in one
draw - a long title or note wrapped, a wide legend in fewer columns - and no larger picture."""
import base64
import io
import re

import matplotlib
import numpy as np
import pandas as pd
import pytest

matplotlib.use("Agg")

from matplotlib.figure import Figure  # noqa: E402
from PIL import Image  # noqa: E402

from safeguarding import improvement as ip  # noqa: E402
from safeguarding.present import charts  # noqa: E402
from safeguarding.stats.chart_layout import FitLayout, legend_columns, wrap_to_width  # noqa: E402
from safeguarding.stats.spc import spc_chart, xmr  # noqa: E402

from .conftest import MONTHS  # noqa: E402

LONG = ("LADO allegations concluded in the period: time from receipt to conclusion, "
        "by the kind of allegation and the agency of the person it was made against")


@pytest.fixture
def drawn(monkeypatch):
    """Spy on the pictures: full draws and savefig calls (the fallback for ink at the edge)."""
    from matplotlib.backends.backend_agg import FigureCanvasAgg

    calls = {"draw": 0, "savefig": 0}
    draw, savefig = FigureCanvasAgg.draw, Figure.savefig

    def count_draw(canvas):
        calls["draw"] += 1
        return draw(canvas)

    def count_savefig(fig, *a, **k):
        calls["savefig"] += 1
        return savefig(fig, *a, **k)

    monkeypatch.setattr(FigureCanvasAgg, "draw", count_draw)
    monkeypatch.setattr(Figure, "savefig", count_savefig)
    return calls


def _picture(markup: str) -> np.ndarray:
    png = base64.b64decode(re.search(r'base64,([^"]+)', markup).group(1))
    return np.asarray(Image.open(io.BytesIO(png)).convert("L"))


def _assert_fits(fig, markup, drawn):
    pixels = _picture(markup)
    width, height = int(fig.bbox.width), int(fig.bbox.height)  # as Agg sizes its canvas
    assert pixels.shape == (height, width)  # the figure's own size, not widened by savefig
    assert drawn == {"draw": 1, "savefig": 0}  # drawn once: nothing ran off it
    ink = np.where((pixels < 200).any(axis=0))[0]
    assert ink.min() >= 3 and ink.max() <= width - 4  # a margin either side


def test_a_long_title_is_wrapped_to_the_figure_and_drawn_once(drawn):
    s = pd.Series([45, 32, 0], index=["Within 1 month", "1 month to 12 months", "Over 12 months"])
    fig = charts.bar_chart(s, LONG, period="July to December 2018", edition="restricted")
    markup = charts.figure_html(fig, "LADO")
    _assert_fits(fig, markup, drawn)
    ax = fig.axes[0]
    title = ax.get_title(loc="left")
    assert "\n" in title and title.replace("\n", " ") == f"{LONG}, July to December 2018"  # words unchanged
    # the title starts at the Axes' left edge (right of the tick labels) and ends inside the figure
    box = ax.get_tightbbox().union([ax._left_title.get_window_extent()])
    assert ax._left_title.get_window_extent().x0 == pytest.approx(ax.get_window_extent().x0)
    assert box.x1 <= fig.bbox.width - 4


def test_long_category_labels_and_a_long_title_fit_together(drawn):
    # the category labels push the Axes, and with it the left title's start, far right
    s = pd.Series([1, 0, 13, 2], index=["Private foster carer", "Parent",
                                        "Agency (e.g. language school or placement agency)", "Other"])
    fig = charts.bar_chart(s, "Private fostering notifications by source", period="July to December 2018",
                           edition="restricted")
    _assert_fits(fig, charts.figure_html(fig, "PF"), drawn)
    assert "\n" in fig.axes[0].get_title(loc="left")


def test_a_short_title_is_not_wrapped(drawn):
    s = pd.Series([20, 30], index=["Police", "Health"])
    fig = charts.bar_chart(s, "Contacts by source", period="July to December 2018", edition="restricted")
    _assert_fits(fig, charts.figure_html(fig, "Contacts"), drawn)
    assert fig.axes[0].get_title(loc="left") == "Contacts by source, July to December 2018"


def test_a_long_note_is_wrapped_inside_the_margin(drawn):
    s = pd.Series([1608, 197, 48, 3, 2, 128], index=["N1 Abuse or neglect", "N2 Child's disability",
                                                     "N3 Parental disability or illness", "N4", "N5",
                                                     "N9 Cases other than children in need"])
    fig = charts.bar_chart(s, "Children in need by primary need", period="July to December 2018")
    assert "not shown" in fig.get_supxlabel()
    markup = charts.figure_html(fig, "CIN")
    _assert_fits(fig, markup, drawn)
    assert fig.get_supxlabel().count("\n") >= 2  # n, then the note over two lines


def test_a_trend_chart_title_wraps(long_frame, drawn):
    title = "No. of children in need (includes CPP and CLA, DfE definition) and their plans"
    fig = charts.trend_chart(long_frame, "contacts", MONTHS, title, period="Dec 2017 to Dec 2018",
                             edition="restricted")
    _assert_fits(fig, charts.figure_html(fig, "trend"), drawn)
    assert "\n" in fig.axes[0].get_title(loc="left")


def test_an_spc_chart_title_wraps_and_its_legend_fits(drawn):
    values = pd.Series([10, 11, 10, 12, 11, 10, 30, 11, 12, 2, 11, 10, 11],
                       index=[str(p) for p in pd.period_range("2017-12", periods=13, freq="M")])
    title = "% re-referrals (within 12 months of a previous referral): monthly values and their usual range"
    fig = spc_chart(xmr(values, "low"), title, ylabel="Per cent")
    assert isinstance(fig.get_layout_engine(), FitLayout)
    assert fig.axes[0].get_title(loc="left") == title  # wrapped by measure when drawn, not by characters
    _assert_fits(fig, charts.figure_html(fig, "SPC"), drawn)
    assert "\n" in fig.axes[0].get_title(loc="left")
    import matplotlib.pyplot as plt

    plt.close(fig)


def test_the_improvement_plan_legend_fits_in_two_columns(drawn):
    actions = pd.DataFrame({"area": ["Front door", "Front door", "Assessment", "Leadership"],
                            "status": ["BLUE", "GREEN", "AMBER", "RED"]})
    fig = ip.plan_status_chart(ip.status_by_area(actions))
    _assert_fits(fig, charts.figure_html(fig, "plan"), drawn)
    legend = fig.legends[0]
    assert legend._ncols == 2 and len(legend.get_texts()) == 4  # 4 BRAG labels, 2 rows of 2


def test_legend_columns():
    short = ["Male", "Female", "Other"]
    brag = ["Blue - Completed", "Green - In progress, on track", "Amber - More work needed", "Red - Stuck / off track"]
    assert legend_columns(short, fontsize=8, width=7.0) == 3
    assert legend_columns(brag, fontsize=8, width=7.0) == 2  # 4 do not fit; 3 would leave 2, 1 and 1
    assert legend_columns(brag, fontsize=8, width=2.0) == 1
    assert legend_columns([], fontsize=8, width=7.0) == 1


def test_wrap_to_width_breaks_at_spaces_only():
    from matplotlib.backends.backend_agg import RendererAgg
    from matplotlib.font_manager import FontProperties

    renderer, prop = RendererAgg(100, 100, 110), FontProperties(size=10, weight="bold")
    wrapped = wrap_to_width(f"First line\n{LONG}", prop, 300, renderer)
    lines = wrapped.split("\n")
    assert lines[0] == "First line" and " ".join(lines[1:]) == LONG
    assert all(renderer.get_text_width_height_descent(s, prop, ismath=False)[0] <= 300 for s in lines)
    assert wrap_to_width("Supercalifragilistic word", prop, 20, renderer) == "Supercalifragilistic\nword"


def test_a_figure_of_several_axes_is_laid_out_by_constrained_layout():
    fig = Figure(figsize=(7, 3), dpi=110, layout=FitLayout())
    left, right = fig.subplots(1, 2)
    left.set_title(LONG, loc="left")
    fig.canvas.draw()
    assert left.get_title(loc="left") == LONG  # not wrapped: FitLayout serves one-Axes charts only
    assert left.get_position().x1 < right.get_position().x0
