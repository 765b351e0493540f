"""Every figure names its provenance in the HTML; the walker reads it back and finds a figure
shown with two values (or a value other than the open indicators.csv)."""
from __future__ import annotations

import pandas as pd

from safeguarding.present.chart_data import counts_data_html, trend_data_html
from safeguarding.present.provenance import (
    csv_disagreements,
    csv_text,
    disagreements,
    figure_attrs,
    page_figures,
)
from safeguarding.present.tables import count_table, indicator_table, scorecard_table

from .conftest import MONTHS

PERIOD = "2018-07..2018-12"


def by_key(figures):
    return {f.key: f.text for f in figures if f.kind == "indicator"}


def test_attributes_are_escaped_and_value_is_the_default_field():
    assert figure_attrs("a&b", "2018-12") == ' data-indicator="a&amp;b" data-period="2018-12"'
    assert figure_attrs(period="2018-12", field="value") == ' data-period="2018-12"'
    assert figure_attrs(table="t", row='say "hi"', col=1) == ' data-table="t" data-row="say &quot;hi&quot;" data-col="1"'


def test_walker_reads_value_numerator_and_denominator_apart_without_marks():
    html = ('<table><tr data-indicator="visits_pct"><th>Visits</th>'
            '<td data-period="2018-11">15.0%<sup class="mark">\u2021</sup><span class="count n">'
            '<span data-field="numerator">3</span>/<span data-field="denominator">20</span></span></td>'
            '<td data-period="2018-12">c</td></tr></table>')
    figures = page_figures(html, "page.html")
    assert [(f.key, f.text, f.marks) for f in figures] == [
        (("visits_pct", "2018-11", "value"), "15.0%", "\u2021"),
        (("visits_pct", "2018-11", "numerator"), "3", ""),
        (("visits_pct", "2018-11", "denominator"), "20", ""),
        (("visits_pct", "2018-12", "value"), "c", ""),
    ]


def test_indicator_table_and_scorecard_name_every_figure(long_frame, params, registry):
    table = indicator_table(long_frame, ["visits_pct", "contacts"], MONTHS, params, registry=registry,
                            edition="restricted")
    shown = by_key(page_figures(table))
    assert shown[("visits_pct", "2018-07", "value")] == "85.0%"
    assert shown[("visits_pct", "2018-07", "numerator")] == "51"
    assert shown[("visits_pct", "2018-07", "denominator")] == "60"
    # the period column is the period's canonical name, as the month column of indicators.csv
    assert shown[("visits_pct", PERIOD, "value")] == "85.2%"
    assert shown[("visits_pct", PERIOD, "target")] == "90.0%"
    assert shown[("visits_pct", PERIOD, "rag")] == "Amber"
    assert ("visits_pct", PERIOD, "vs_previous_period") in shown
    card = scorecard_table(long_frame, ["visits_pct"], params, "Jul-Dec 18", period_months=MONTHS,
                           registry=registry, edition="restricted")
    both = page_figures(table) + page_figures(card)
    assert not disagreements(both)  # one rule, one text: the scorecard repeats the table's figures
    assert by_key(page_figures(card))[("visits_pct", PERIOD, "value")] == "85.2%"


def test_two_values_for_one_figure_are_found(long_frame, params, registry):
    table = indicator_table(long_frame, ["visits_pct"], MONTHS, params, registry=registry, edition="restricted")
    chart = ('<table data-indicator="visits_pct"><tr><th>Jul 18</th><td data-period="2018-07">86.0%</td></tr>'
             "</table>")
    found = disagreements(page_figures(table, "table.html") + page_figures(chart, "chart.html"))
    assert found == {("indicator", ("visits_pct", "2018-07", "value")): {"85.0%": ["table.html"],
                                                                          "86.0%": ["chart.html"]}}


def test_trend_numbers_name_month_value_and_interval():
    rows = pd.DataFrame({"indicator_id": "contacts", "period_type": "month", "unit": "count",
                         "month": ["2018-07", "2018-08"], "value": [95.0, 3.0], "numerator": [95.0, 3.0],
                         "lower": [76.9, 0.6], "upper": [116.0, 8.8]})
    html = trend_data_html(rows, "contacts", ["2018-06", "2018-07", "2018-08"], "Contacts", unit="count")
    shown = by_key(page_figures(html))
    assert shown == {("contacts", "2018-07", "value"): "95", ("contacts", "2018-07", "lower"): "77",
                     ("contacts", "2018-07", "upper"): "116", ("contacts", "2018-08", "value"): "c"}
    # June has no row: "no data" is not a figure of the report


def test_breakdown_tables_name_table_row_and_column():
    contacts = pd.Series({"Police": 40, "School": 3, "Health": 12, "Other": 20})
    chart = page_figures(counts_data_html(contacts, "Contacts by source", table_id="contact_sources",
                                          period=PERIOD))
    assert {f.key: f.text for f in chart} == {
        ("contact_sources", PERIOD, "Police", "Number"): "40", ("contact_sources", PERIOD, "School", "Number"): "c",
        ("contact_sources", PERIOD, "Health", "Number"): "c", ("contact_sources", PERIOD, "Other", "Number"): "20",
        ("contact_sources", PERIOD, "Total (n)", "Number"): "75"}
    table = page_figures(count_table(contacts.to_frame("Number"), table_id="contact_sources", period=PERIOD))
    assert {f.key: f.text for f in table} == {**{f.key: f.text for f in chart if f.key[2] != "Total (n)"},
                                              ("contact_sources", PERIOD, "Total", "Number"): "75"}


def test_a_chart_row_can_be_an_indicator_figure():
    bands = pd.Series({"Within 1 month": 25, "1 to 3 months": 18})
    html = counts_data_html(bands, "LADO", edition="restricted", table_id="lado_conclusion_times", period=PERIOD,
                            figures={"Within 1 month": ("lado_concluded_1m_pct", PERIOD, "numerator"),
                                     "Total (n)": ("lado_concluded_1m_pct", PERIOD, "denominator")})
    figures = page_figures(html)
    assert by_key(figures) == {("lado_concluded_1m_pct", PERIOD, "numerator"): "25",
                               ("lado_concluded_1m_pct", PERIOD, "denominator"): "43"}
    assert [f.key for f in figures if f.kind == "table"] == [("lado_conclusion_times", PERIOD, "1 to 3 months",
                                                              "Number")]


def test_csv_text_follows_the_table_formats():
    row = {"numerator": "144.0", "denominator": "169.0", "value": "85.20710059171597", "lower": "79.1",
           "upper": "89.8", "coverage": "full"}
    assert csv_text(row, "value", "percent", "c") == "85.2%"
    assert csv_text(row, "numerator", "percent", "c") == "144"
    assert csv_text(row, "lower", "percent", "c") == "79.1%"
    assert csv_text({"value": "1786.0"}, "value", "count", "c") == "1,786"
    assert csv_text({"value": "c"}, "value", "count", "c") == "c"
    assert csv_text({"value": "", "numerator": "12.0"}, "value", "count", "c") == "12"
    assert csv_text({"value": ""}, "value", "percent", "c") == "n/a"
    assert csv_text({"value": "0.0", "coverage": "none"}, "value", "count", "c") == "n/a"


def test_a_page_figure_unlike_the_csv_is_named():
    csv = pd.DataFrame({"indicator_id": ["visits_pct"], "month": ["2018-07"], "unit": ["percent"],
                        "numerator": ["c"], "denominator": ["c"], "value": ["c"], "coverage": ["full"]})
    page = ('<tr data-indicator="visits_pct"><td data-period="2018-07">85.0%<span class="count n">'
            '<span data-field="numerator">51</span>/<span data-field="denominator">60</span></span></td>'
            '<td data-period="2017-07">80.0%</td></tr>')
    found = csv_disagreements(page_figures(page, "p.html"), csv)
    assert found == ["p.html: visits_pct 2018-07 value shows '85.0%', indicators.csv 'c'",
                     "p.html: visits_pct 2018-07 numerator shows '51', indicators.csv 'c'",
                     "p.html: visits_pct 2018-07 denominator shows '60', indicators.csv 'c'"]
