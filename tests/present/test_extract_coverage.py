"""A period running past the extract date: months after it are n/a (gaps in charts), the
extract month is marked partial, and neither is rated or compared.

Scenario: report period July-December 2018, data extracted 12 November 2018. November is a
part month (``coverage = partial``); December has no data (``none``). The December rows carry 0
as prepared data did before coverage was recorded: the report must still show n/a, not 0.
"""
import re

import matplotlib
import numpy as np
import pandas as pd

matplotlib.use("Agg")

from safeguarding.periods import parse_period  # noqa: E402
from safeguarding.present import charts  # noqa: E402
from safeguarding.present.coverage import complete_values, period_banner, period_banner_short  # noqa: E402
from safeguarding.disclosure.leakcheck import html_text  # noqa: E402
from safeguarding.present.rag import rag_label, rag_rating  # noqa: E402
from safeguarding.present.tables import indicator_table, scorecard_table  # noqa: E402
from safeguarding.present.travel import direction_of_travel  # noqa: E402

from .conftest import MONTHS, build_long_frame, month_row, period_row  # noqa: E402


def _frame_past_extract():
    frame = build_long_frame()
    frame["coverage"] = "full"
    current = (frame["period_type"] == "period") & (frame["month"] == "2018-07..2018-12")
    keep = ~(frame["month"].isin(["2018-11", "2018-12"]) | current)
    rows = [
        # Nov to the 12th: 3 of 20 visits in time (15.0 %), 40 contacts
        month_row("visits_pct", "2018-11", 3, 20) | {"coverage": "partial"},
        month_row("visits_pct", "2018-12", 0, 0) | {"coverage": "none"},
        month_row("contacts", "2018-11", 40, None, unit="count") | {"coverage": "partial"},
        month_row("contacts", "2018-12", 0, None, unit="count") | {"coverage": "none"},
        # period 51+40+8+3 = 102 of 60+50+9+20 = 139 -> 73.4 %: would be red and worsening
        period_row("visits_pct", "2018-07", "2018-12", 102, 139, lower=65.5, upper=80.0) | {"coverage": "partial"},
        period_row("contacts", "2018-07", "2018-12", 100 + 3 + 120 + 110 + 40, None, unit="count")
        | {"coverage": "partial"},
    ]
    out = pd.concat([frame[keep], pd.DataFrame(rows)], ignore_index=True)
    for c in ["numerator", "denominator", "value", "lower", "upper"]:
        out[c] = pd.to_numeric(out[c], errors="coerce").astype("float64")
    return out


def _row(html, ind_id):
    m = re.search(rf'<tr data-indicator="{ind_id}">(.*?)</tr>', html)
    return re.findall(r"<t[dh][^>]*>.*?</t[dh]>", m.group(1))


def test_monthly_table_marks_part_month_and_shows_na_after_extract(params, registry):
    html = indicator_table(_frame_past_extract(), ["visits_pct", "contacts"], MONTHS, params, registry=registry,
                           edition="restricted")
    heads = [html_text(h) for h in re.findall(r'<th scope="col"[^>]*>.*?</th>', html)]
    assert heads[5:7] == ["Nov 18 \u2021", "Dec 18"]
    visits = [html_text(c) for c in _row(html, "visits_pct")]
    assert visits[5] == "15.0% \u2021 3 / 20"
    assert visits[6] == "n/a"  # not 0.0%
    assert visits[7] == "73.4% \u2021 102 / 139"
    assert visits[9] == "Not rated: incomplete period"  # not Red
    assert visits[10] == "n/a" and visits[11] == "n/a"  # not Worsening
    contacts = [html_text(c) for c in _row(html, "contacts")]
    assert contacts[6] == "n/a"  # not 0 contacts
    assert contacts[9] == ""  # activity measure: never rated
    assert contacts[10] == "n/a" and contacts[11] == "n/a"
    assert "\u2021 Part month or period" in html
    assert "Red" not in html and "Worsening" not in html


def test_open_edition_too(params, registry):
    html = indicator_table(_frame_past_extract(), ["visits_pct", "contacts"], MONTHS, params, registry=registry)
    visits = [html_text(c) for c in _row(html, "visits_pct")]
    assert visits[6] == "n/a" and visits[9] == "Not rated: incomplete period"


def test_scorecard_does_not_rate_or_compare_a_partial_period(params, registry):
    html = scorecard_table(_frame_past_extract(), ["visits_pct"], params, "Jul-Dec 18", period_months=MONTHS,
                           registry=registry, edition="restricted")
    cells = [html_text(c) for c in _row(html, "visits_pct")]
    assert cells[2] == "73.4% \u2021 102 / 139"
    assert cells[4:7] == ["Not rated: incomplete period", "n/a", "n/a"]
    assert "\u2021 Part month or period" in html


def test_without_coverage_column_everything_is_full(params, registry):
    """Prepared data from before coverage was recorded: rated and compared as before."""
    html = indicator_table(build_long_frame(), ["visits_pct"], MONTHS, params, registry=registry)
    cells = _row(html, "visits_pct")
    assert 'class="rag rag-amber"' in cells[9] and "travel-improving" in cells[10]
    assert "\u2021" not in html


def test_rag_and_travel_rules():
    from safeguarding.params import Target

    target = Target(target=90, amber_band=5)
    assert rag_rating(0.0, target, "high", coverage="full") == "red"
    assert rag_rating(0.0, target, "high", coverage="partial") == "incomplete"
    assert rag_rating(None, target, "high", coverage="none") == "incomplete"
    assert rag_rating(0.0, None, "high", coverage="partial") == "none"  # no target: nothing to say
    assert rag_label("incomplete") == "Not rated: incomplete period"
    assert direction_of_travel(0.0, 80.0, "high", "percent").judgement == "worsening"
    t = direction_of_travel(0.0, 80.0, "high", "percent", complete=False)
    assert (t.arrow, t.judgement, t.change) == ("", "n/a", None)


def test_trend_chart_leaves_a_gap_after_extract_and_draws_part_month_off_the_line():
    frame = _frame_past_extract()
    fig = charts.trend_chart(frame, "contacts", MONTHS, "Contacts received", edition="restricted", unit="count")
    ax = fig.axes[0]
    line = next(line for line in ax.get_lines() if line.get_label() == "Monthly value")
    y = np.asarray(line.get_ydata(), dtype=float)
    assert list(y[:4]) == [100, 3, 120, 110]
    assert np.isnan(y[4]) and np.isnan(y[5])  # part month off the line; December a gap, not 0
    part = next(line for line in ax.get_lines() if line.get_label() == "Part month (to extract date)")
    assert list(part.get_xdata()) == [4] and list(part.get_ydata()) == [40]
    texts = " ".join(t.get_text() for t in fig.texts)
    # the latest month drawn is named: October, as November is a part month and December has no data
    assert "Oct 2018: 110" in texts and "Months after the data were extracted" in texts


def test_spc_values_leave_out_part_and_missing_months():
    from safeguarding.stats.spc import spc_chart, xmr

    frame = _frame_past_extract()
    rows = frame[(frame["indicator_id"] == "contacts") & (frame["period_type"] == "month")].sort_values("month")
    values = complete_values(rows).set_axis(rows["month"])
    assert values.isna().tolist() == [False] * 4 + [True, True]
    result = xmr(values)
    # mean of the four whole months (100, 3, 120, 110) = 83.25: the 0 and the part month are not points
    assert result.n_points == 4 and result.mean == 83.25
    fig = spc_chart(result, "Contacts received")
    drawn = np.asarray(fig.axes[0].get_lines()[0].get_ydata(), dtype=float)
    assert np.isnan(drawn[4]) and np.isnan(drawn[5])  # a gap, not a fall to zero


def test_banner_when_period_ends_after_extract():
    period = parse_period("2018-07..2018-12")
    text = period_banner(period, "2018-11-12")
    assert text == ("Incomplete period: the data were extracted on 12 November 2018, before this period ends "
                    "on 31 December 2018. November 2018 is a part month (\u2021); December 2018 has no data yet "
                    "(n/a). Figures for the period are incomplete: they are not rated against targets or "
                    "compared with earlier periods.")
    assert period_banner_short(period, "2018-11-12") == "Incomplete period: data extracted 12 November 2018"
    assert period_banner(period, "2018-12-31") is None and period_banner(period, "2019-01-10") is None
    q4 = period_banner(parse_period("2018-19-Q4"), "2019-01-31")  # extract on a month's last day
    assert "part month" not in q4 and "February 2019 to March 2019 have no data yet" in q4
