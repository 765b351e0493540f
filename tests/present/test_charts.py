"""Smoke tests: charts build under pandas 3 / matplotlib, titled, suppressed values omitted."""
import matplotlib
import pandas as pd

matplotlib.use("Agg")

from safeguarding.present import charts  # noqa: E402

from .conftest import MONTHS  # noqa: E402


def _texts(fig):
    return [t.get_text() for t in fig.texts] + [a.get_title(loc="left") for a in fig.axes]


def test_use_report_style():
    charts.use_report_style()
    assert matplotlib.rcParams["axes.spines.top"] is False
    assert matplotlib.rcParams["figure.dpi"] == 110


def test_bar_chart_omits_suppressed_categories():
    s = pd.Series([20, 3, 12, 0], index=["Police", "Health", "Schools", "Other"])
    fig = charts.bar_chart(s, "Contacts by source", period="July to December 2018")
    ax = fig.axes[0]
    labels = [t.get_text() for t in ax.get_yticklabels()]
    assert labels == ["Police", "Other"]
    texts = " ".join(_texts(fig))
    assert "Contacts by source, July to December 2018" in texts
    assert "n = 35" in texts and "not shown" in texts
    # the note says how much the chart leaves out: its bars do not add up to n
    assert "2 categories with 1\u20135" in texts and "The bars show 20 of n = 35." in texts
    fig.savefig(__import__("io").BytesIO(), format="png")
    r = charts.bar_chart(s, "Contacts by source", edition="restricted")
    assert len(r.axes[0].patches) == 4


def test_grouped_and_stacked():
    t = pd.DataFrame({"Male": [10, 3, 8], "Female": [7, 9, 12]}, index=["0-4", "5-9", "10-15"])
    for fig in (charts.grouped_bar_chart(t, "Age and sex", period="2018"),
                charts.stacked_bar_chart(t, "Age and sex", period="2018", horizontal=True)):
        assert "Age and sex, 2018" in _texts(fig)
        fig.savefig(__import__("io").BytesIO(), format="png")


def test_trend_chart(long_frame):
    fig = charts.trend_chart(long_frame, "contacts", MONTHS, "Contacts received", period="July to December 2018",
                             period_months=MONTHS)
    line = fig.axes[0].lines[0]
    y = list(line.get_ydata())
    assert y[0] == 100 and pd.isna(y[1]) and pd.isna(y[4])  # Aug (3) and Nov (secondary) not drawn
    assert any("not shown" in t for t in _texts(fig))
    fig2 = charts.trend_chart(long_frame, "visits_pct", MONTHS, "Visits in time", target=90)
    assert fig2.axes[0].get_ylim()[1] >= 100
    html = charts.figure_html(fig2, "Visits in time")
    assert html.startswith('<figure class="chart chart-wide" tabindex="0"><img src="data:image/png;base64,')
    assert 'width="770"' in html  # drawn at the 7 inches it prints at (110 dpi)


def test_existing_total_is_not_drawn():
    t = pd.DataFrame({"Male": [10, 3, 8], "Female": [7, 9, 12]}, index=["Under 1", "1-4", "5-9"])
    t["Total"] = t.sum(axis=1)
    fig = charts.stacked_bar_chart(t, "Age and sex", period="2018")
    assert [x.get_text() for x in fig.axes[0].get_legend().get_texts()] == ["Male", "Female"]


def _pictures(monkeypatch):
    """Count the pictures actually drawn by figure_html."""
    from matplotlib.backends.backend_agg import FigureCanvasAgg

    drawn = []
    real = FigureCanvasAgg.draw
    monkeypatch.setattr(FigureCanvasAgg, "draw", lambda canvas: (drawn.append(canvas), real(canvas))[1])
    return drawn


def test_same_chart_in_both_editions_is_encoded_once(monkeypatch, long_frame):
    drawn = _pictures(monkeypatch)
    shared = charts.pictures_shared()
    shared.__enter__()
    s = pd.Series([20, 30, 12, 40], index=["Police", "Health", "Schools", "Other"])
    html = {e: charts.figure_html(charts.bar_chart(s, "Contacts by source", edition=e), "Contacts")
            for e in ("open", "restricted")}
    assert html["open"] == html["restricted"] and len(drawn) == 1
    frame = long_frame.copy()  # August's 3 contacts, the only small number, made 30
    frame.loc[(frame["indicator_id"] == "contacts") & (frame["month"] == "2018-08"), ["numerator", "value"]] = 30
    trend = {e: charts.figure_html(charts.trend_chart(frame, "contacts", MONTHS, "Contacts", edition=e,
                                                      period_months=MONTHS), "Contacts")
             for e in ("open", "restricted")}
    assert trend["open"] == trend["restricted"] and len(drawn) == 2
    shared.__exit__(None, None, None)
    charts.figure_html(charts.bar_chart(s, "Contacts by source", edition="open"), "Contacts")
    assert len(drawn) == 3  # outside a shared block (a re-run cell, another style) always drawn afresh


def test_suppression_or_any_other_difference_draws_again(monkeypatch, long_frame):
    drawn = _pictures(monkeypatch)
    monkeypatch.setattr(charts, "_shared", [{}])
    s = pd.Series([20, 3, 12, 40], index=["Police", "Health", "Schools", "Other"])  # 3 is hidden when open
    open_html = charts.figure_html(charts.bar_chart(s, "Contacts by source", edition="open"), "Contacts")
    restricted_html = charts.figure_html(charts.bar_chart(s, "Contacts by source", edition="restricted"), "Contacts")
    assert open_html != restricted_html and len(drawn) == 2
    trend = [charts.figure_html(charts.trend_chart(long_frame, "contacts", MONTHS, "Contacts", edition=e,
                                                   period_months=MONTHS), "Contacts")
             for e in ("open", "restricted")]  # August (3) is not drawn when open
    assert trend[0] != trend[1] and len(drawn) == 4
    charts.figure_html(charts.bar_chart(s, "Contacts by source, again", edition="restricted"), "Contacts")
    charts.figure_html(charts.bar_chart(s, "Contacts by source", edition="restricted"), "Other alt text")
    assert len(drawn) == 6


def test_the_note_under_a_chart_is_inside_the_picture():
    import base64
    import io
    import re

    import numpy as np
    from PIL import Image

    s = pd.Series([20, 3, 12, 40], index=["Police", "Health", "Schools", "Other"])
    fig = charts.bar_chart(s, "Contacts by source", edition="open")
    assert "not shown" in fig.get_supxlabel()
    png = base64.b64decode(re.search(r"base64,([^\"]+)", charts.figure_html(fig, "Contacts")).group(1))
    pixels = np.asarray(Image.open(io.BytesIO(png)).convert("L"))
    ink_rows = np.where((pixels < 200).any(axis=1))[0]
    note_rows = ink_rows[ink_rows > pixels.shape[0] * 0.75]
    assert len(note_rows) > 8  # two lines of small grey text ("n = 72", the suppression note)
    assert pixels.shape[0] - ink_rows.max() < 12  # ... ending at the picture's foot, not cut off


def test_a_title_wider_than_the_chart_is_wrapped_not_cut_off():
    # (until the titles were wrapped, savefig widened the picture to hold the title: a chart
    # wider than every other, its title running past the plot)
    import base64
    import io
    import re

    from PIL import Image

    s = pd.Series([20, 30], index=["Police", "Health"])
    narrow = charts.figure_html(charts.bar_chart(s, "Contacts", edition="restricted"), "a")
    fig = charts.bar_chart(s, "Contacts by source " * 8, edition="restricted")
    wide = charts.figure_html(fig, "b")

    def size(markup):
        png = base64.b64decode(re.search(r"base64,([^\"]+)", markup).group(1))
        return Image.open(io.BytesIO(png)).size

    assert size(wide) == size(narrow) == (770, 187)  # the figure's own size: 7 x 1.7 in at 110 dpi
    title = fig.axes[0].get_title(loc="left")
    assert title.count("\n") >= 1 and title.replace("\n", " ") == "Contacts by source " * 8


def test_every_series_colour_stands_out_from_the_page():
    """WCAG 1.4.11: graphical objects at least 3:1 against the white background."""
    def luminance(colour):
        channels = [int(colour[i:i + 2], 16) / 255 for i in (1, 3, 5)]
        linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
        return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]

    assert len(set(charts.OKABE_ITO)) == 8
    for colour in charts.OKABE_ITO:
        assert 1.05 / (luminance(colour) + 0.05) >= 3, colour
