"""The numbers behind each chart: the same disclosure-controlled values the chart draws."""
from __future__ import annotations

import re

import numpy as np
import pandas as pd

from safeguarding.present.chart_data import counts_data_html, spc_data_html, table_data_html, trend_data_html
from safeguarding.stats.spc import xmr


def cells(html: str) -> list[list[str]]:
    """Each body row as [row header, cell text, ...] (provenance attributes and spans left out)."""
    rows = re.findall(r"<tr[^>]*><th scope=\"row\"[^>]*>(.*?)</th>(.*?)</tr>", html)
    return [[head, *(re.sub(r"<[^>]+>", "", c) for c in re.findall(r'<td class="num[^"]*"[^>]*>(.*?)</td>', tds))]
            for head, tds in rows]


def test_bar_chart_table_hides_what_the_open_chart_hides():
    # School (3) is hidden; with the total of 75 published, the next smallest, Health (12), must
    # go too, or 75 - 40 - 20 - 12 would give School back. The chart drops both categories.
    contacts = pd.Series({"Police": 40, "School": 3, "Health": 12, "Other": 20})
    html = counts_data_html(contacts, "Contacts by source, July to December 2018")
    assert html.startswith('<details class="chart-data"><summary>Numbers in this chart: Contacts by source')
    assert cells(html) == [["Police", "40"], ["School", "c"], ["Health", "c"], ["Other", "20"],
                           ["Total (n)", "75"]]
    assert "<caption>Contacts by source, July to December 2018</caption>" in html
    assert 'are not shown.</p>' in html
    restricted = counts_data_html(contacts, "Contacts by source", edition="restricted")
    assert cells(restricted) == [["Police", "40"], ["School", "3"], ["Health", "12"], ["Other", "20"],
                                 ["Total (n)", "75"]]
    assert "not shown" not in restricted


def test_stacked_chart_table_has_one_column_per_series():
    by_age = pd.DataFrame({"Female": [30, 12], "Male": [25, 18]}, index=["Under 10", "10 to 17"])
    html = counts_data_html(by_age, "Young carers by age and sex")
    assert re.findall(r'<th scope="col"[^>]*>(.*?)</th>', html) == ["Category", "Female", "Male"]
    assert cells(html) == [["Under 10", "30", "25"], ["10 to 17", "12", "18"], ["Total (n)", "", "85"]]


def test_trend_table_shows_each_month_a_suppressed_month_as_the_symbol():
    rows = pd.DataFrame({
        "indicator_id": "visits_pct", "period_type": "month", "unit": "percent",
        "month": ["2018-07", "2018-08", "2018-09"],
        "numerator": [18, 3, np.nan], "denominator": [24, 4, np.nan], "value": [75.0, 75.0, np.nan]})
    html = trend_data_html(rows, "visits_pct", ["2018-07", "2018-08", "2018-09"], "Visits in time",
                           unit="percent", threshold=5, symbol="c")
    # August's 3 of 4 is hidden; September has no denominator (n/a, as the tables show it);
    # October has no row at all (before the data's history)
    html = trend_data_html(rows, "visits_pct", ["2018-07", "2018-08", "2018-09", "2018-10"], "Visits in time",
                           unit="percent", threshold=5, symbol="c")
    assert cells(html) == [["Jul 18", "75.0%"], ["Aug 18", "c"], ["Sep 18", "n/a"], ["Oct 18", "no data"]]
    restricted = trend_data_html(rows, "visits_pct", ["2018-07", "2018-08"], "Visits in time",
                                 unit="percent", edition="restricted")
    assert cells(restricted) == [["Jul 18", "75.0%"], ["Aug 18", "75.0%"]]


def test_trend_table_gives_the_interval_band_the_chart_draws():
    rows = pd.DataFrame({
        "indicator_id": "contacts", "period_type": "month", "unit": "count", "month": ["2018-07", "2018-08"],
        "value": [95.0, 86.0], "lower": [76.9, 68.8], "upper": [116.0, 106.2]})
    html = trend_data_html(rows, "contacts", ["2018-07", "2018-08"], "Contacts", unit="count")
    assert re.findall(r'<th scope="col"[^>]*>(.*?)</th>', html) == ["Month", "Value", "95% interval"]
    assert cells(html) == [["Jul 18", "95", "77 to 116"], ["Aug 18", "86", "69 to 106"]]


def test_spc_table_gives_mean_and_limits_for_each_point():
    months = pd.period_range("2018-01", periods=6, freq="M")
    values = pd.Series([10.0, 12.0, 11.0, 13.0, 12.0, 14.0], index=months.astype(str))
    result = xmr(values, "high")
    html = spc_data_html(result, "Contacts, XmR chart", unit="count")
    # mean 72 / 6 = 12.0; moving ranges 2, 1, 2, 1, 2 -> mean 1.6; limits 12 -/+ 2.66 x 1.6 = 7.7, 16.3
    first = cells(html)[0]
    assert first[:5] == ["Jan 18", "10", "12.0", "7.7", "16.3"]
    assert len(cells(html)) == 6


def test_plan_table_lists_counts_as_they_are():
    by_area = pd.DataFrame({"Completed": [3, 0], "On track": [2, 4]}, index=["Front door", "Child protection"])
    html = table_data_html(by_area, "Improvement-plan actions by area and status", row_label="Area")
    assert re.findall(r'<th scope="col"[^>]*>(.*?)</th>', html) == ["Area", "Completed", "On track"]
    assert cells(html) == [["Front door", "3", "2"], ["Child protection", "0", "4"]]
