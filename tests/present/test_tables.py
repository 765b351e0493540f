import re

import pandas as pd

from safeguarding.disclosure.leakcheck import find_leaks, html_text
from safeguarding.present.tables import (
    DRAFT_MARKER, benchmark_html, commentary_block, count_table, definitions_box, format_value,
    indicator_table, month_label, parse_commentary, scorecard_table,
)

from .conftest import MONTHS


def _row(html, ind_id):
    m = re.search(rf'<tr data-indicator="{ind_id}">(.*?)</tr>', html)
    assert m, ind_id
    return re.findall(r"<t[dh][^>]*>.*?</t[dh]>", m.group(1))


def _text(cell):
    return html_text(cell)


def test_formats():
    assert format_value(1786, "count") == "1,786"
    assert format_value(85, "percent") == "85.0%"
    assert format_value(476.24, "rate_per_10k") == "476.2"
    assert format_value(None, "percent") == "n/a"
    assert month_label("2018-07") == "Jul 18"


def test_indicator_table_headers(long_frame, params, registry):
    html = indicator_table(long_frame, ["visits_pct", "contacts"], MONTHS, params, registry=registry)
    heads = [html_text(h) for h in re.findall(r"<th scope=\"col\"[^>]*>.*?</th>", html)]
    assert heads == ["Indicator", "Jul 18", "Aug 18", "Sep 18", "Oct 18", "Nov 18", "Dec 18", "Period",
                     "Target", "RAG", "vs previous period", "vs same period last year"]
    assert "<script" not in html.lower()


def test_indicator_table_percentage_row(long_frame, params, registry):
    html = indicator_table(long_frame, ["visits_pct"], MONTHS, params, registry=registry)
    cells = _row(html, "visits_pct")
    texts = [_text(c) for c in cells]
    assert texts[0] == "Children visited within 10 working days"  # the values carry the %: no "(%)"
    assert texts[1] == "85.0% 51 / 60"  # 51/60
    assert texts[2] == "80.0% 40 / 50"
    assert texts[3] == "88.9% \u2020 8 / 9"  # denominator 9 < 10: low numbers
    assert 'lowdenom' in cells[3]
    assert texts[4] == "n/a" and texts[5] == "n/a"  # no row; 0/0 (no denominator)
    assert texts[6] == "90.0% 45 / 50"
    assert texts[7] == "85.2% 144 / 169"  # period: 144/169
    assert texts[8] == "90.0%"  # target
    # 85.2 is 4.8 points below 90, within the 5-point band -> amber
    assert 'class="rag rag-amber"' in cells[9]
    assert "travel-improving" in cells[10] and "\u25b2" in cells[10]  # 85.2 vs 83.3
    assert "travel-worsening" in cells[11] and "\u25bc" in cells[11]  # 85.2 vs 94.4
    assert "\u2020 Fewer than 10" in html


def test_indicator_table_never_red_on_small_period_denominator(long_frame, params, registry):
    df = long_frame.copy()
    cur = (df.indicator_id == "visits_pct") & (df.period_type == "period") & (df.month == "2018-07..2018-12")
    df.loc[cur, ["numerator", "denominator", "value", "lower", "upper"]] = [6, 9, 66.7, 35.4, 87.9]
    html = indicator_table(df, ["visits_pct"], MONTHS, params, registry=registry)
    assert 'rag-grey' in _row(html, "visits_pct")[9]
    assert "rag-red" not in html


def test_indicator_table_red(long_frame, params, registry):
    df = long_frame.copy()
    cur = (df.indicator_id == "visits_pct") & (df.period_type == "period") & (df.month == "2018-07..2018-12")
    df.loc[cur, ["numerator", "denominator", "value", "lower", "upper"]] = [100, 169, 59.2, 51.6, 66.3]
    html = indicator_table(df, ["visits_pct"], MONTHS, params, registry=registry)
    assert 'class="rag rag-red"' in _row(html, "visits_pct")[9]


def test_indicator_table_counts_open_and_restricted(long_frame, params, registry):
    open_html = indicator_table(long_frame, ["contacts"], MONTHS, params, registry=registry)
    texts = [_text(c) for c in _row(open_html, "contacts")]
    # Aug 3 suppressed; Nov 90 secondary (else 518 - others = 3)
    assert texts[1:8] == ["100", "c", "120", "110", "c", "95", "518"]
    assert texts[8] == "No target" and texts[9] == ""  # activity measure: no RAG
    assert "rag-none" in _row(open_html, "contacts")[9]
    assert "travel-no-change" in _row(open_html, "contacts")[10]  # 518 vs 500: +3.6 % < 5 %
    assert "travel-neutral" in _row(open_html, "contacts")[11]  # 518 vs 400: up, no polarity
    assert "to protect children" in open_html
    restricted = indicator_table(long_frame, ["contacts"], MONTHS, params, registry=registry, edition="restricted")
    assert [_text(c) for c in _row(restricted, "contacts")][1:8] == ["100", "3", "120", "110", "90", "95", "518"]


def test_indicator_table_passes_leak_check(long_frame, params, registry):
    html = indicator_table(long_frame, ["visits_pct", "contacts", "rereferral_pct"], MONTHS, params,
                           registry=registry)
    assert find_leaks({"t.html": html}, set(), 5) == []
    restricted = indicator_table(long_frame, ["contacts"], MONTHS, params, registry=registry, edition="restricted")
    leaks = find_leaks({"r.html": restricted}, set(), 5)
    assert [(l.kind, l.value) for l in leaks] == [("small_count", "3")]


def test_target_label_and_missing_indicator(long_frame, params, registry):
    html = indicator_table(long_frame, ["rereferral_pct"], MONTHS, params, registry=registry)
    texts = [_text(c) for c in _row(html, "rereferral_pct")]
    assert texts[1:8] == ["n/a"] * 7
    assert texts[8] == "Under review"


def test_scorecard(long_frame, params, registry):
    html = scorecard_table(long_frame, ["visits_pct", "contacts"], params, "July to December 2018",
                           period_months=MONTHS, registry=registry, spc={"visits_pct": "Common cause"})
    v = [_text(c) for c in _row(html, "visits_pct")]
    assert v[:5] == ["Children visited within 10 working days", "Child protection", "85.2% 144 / 169",
                     "90.0%", "Amber"]
    assert v[-1] == "Common cause"
    c = [_text(x) for x in _row(html, "contacts")]
    assert c[2] == "518"
    # without period months: the current period is found by its label
    html2 = scorecard_table(long_frame, ["visits_pct"], params, "2018-07..2018-12", registry=registry)
    assert _text(_row(html2, "visits_pct")[2]) == "85.2% 144 / 169"


def test_count_table_cross_table_open():
    df = pd.DataFrame({"A": [10, 3, 8], "B": [7, 9, 12], "C": [0, 11, 6]}, index=["r1", "r2", "r3"])
    html = count_table(df, edition="open", threshold=5, total_row=True, total_col=True, caption="Test")
    assert "<caption>Test</caption>" in html
    rows = re.findall(r"<tr[^>]*>(.*?)</tr>", html)
    body = {html_text(re.findall(r"<th[^>]*>.*?</th>", r)[0]): [html_text(c) for c in re.findall(r"<td[^>]*>.*?</td>", r)]
            for r in rows[1:]}
    assert body == {"r1": ["10", "7", "0", "17"], "r2": ["c", "9", "c", "23"],
                    "r3": ["c", "12", "c", "26"], "Total": ["21", "28", "17", "66"]}
    assert find_leaks({"x.html": html}, set(), 5) == []
    restricted = count_table(df, edition="restricted", total_row=True, total_col=True)
    assert find_leaks({"x.html": restricted}, set(), 5)[0].value == "3"


def test_count_table_thousands_and_series():
    s = pd.Series({"Police": 1786, "Schools": 0, "Health": 12}, name="Contacts")
    html = count_table(s, edition="open", threshold=5)
    assert ">1,786<" in html and ">1,798<" in html and ">0<" in html


def test_benchmark_html():
    cols = pd.MultiIndex.from_tuples([("2018", "Council"), ("2017", "Statistical neighbours"),
                                      ("2017", "Inner London"), ("2017", "England")])
    f = pd.DataFrame([[482.0, 602.0, 601.0, 552.0], [15.2, 16.0, 16.0, 22.0]],
                     index=["Referral rate per 10,000", "Re-referrals"], columns=cols)
    html = benchmark_html(f, units=["rate_per_10k", "percent"])
    flat = f.copy()
    flat.columns = ["Council", "SN", "Inner London", "England"]
    flat["unit"] = ["rate_per_10k", "percent"]
    assert ">15.2%<" in benchmark_html(flat) and "unit" not in html_text(benchmark_html(flat))
    assert 'colspan="3"' in html and ">2018<" in html
    assert ">482.0<" in html and ">15.2%<" in html and ">22.0%<" in html
    assert "unit" not in html_text(html)


def test_definitions_box(registry):
    html = definitions_box(["visits_pct", "unknown_id"], registry)
    t = html_text(html)
    assert "Children visited within 10 working days" in t
    assert "Numerator: children seen in time" in t and "Denominator: children due a visit" in t
    assert "National definition" in t and "Test source" in t


COMMENTARY = """Intro line.

## What is going well?

- Visits are **timely** in most teams.
- Good partnership work.

## What are our areas for improvement?

Plans need to be reviewed more often.
Second line of the same paragraph.
"""


def test_commentary_two_columns():
    parts = parse_commentary(COMMENTARY)
    assert parts["intro"] == "Intro line."
    html = commentary_block(COMMENTARY)
    assert "What is going well?" in html and "What are our areas for improvement?" in html
    assert "<li>Visits are <strong>timely</strong> in most teams.</li>" in html
    assert "<p>Plans need to be reviewed more often. Second line of the same paragraph.</p>" in html
    assert "draft" not in html


def test_commentary_missing_gives_draft_marker(tmp_path):
    assert DRAFT_MARKER in commentary_block(None)
    assert DRAFT_MARKER in commentary_block("   ")
    assert DRAFT_MARKER in commentary_block(tmp_path / "absent.md")
    half = commentary_block("## What is going well?\n\nSomething.\n")
    assert "Not yet written" in half and "draft" in half


def test_commentary_escapes_html():
    html = commentary_block("## What is going well?\n<script>alert(1)</script>\n## Areas for improvement\nx")
    assert "<script>" not in html and "&lt;script&gt;" in html


def test_count_table_uses_existing_total_column():
    f = pd.DataFrame({"Male": [10, 3, 8], "Female": [7, 9, 12]}, index=pd.Index(["Under 1", "1-4", "5-9"], name="Age"))
    f["Total"] = f.sum(axis=1)
    html = count_table(f, total_row=True, total_col=True)
    assert html.count(">Total<") == 2  # one column heading, one row label
    assert find_leaks({"x.html": html}, set(), 5) == []


def test_count_table_value_columns_not_suppressed():
    f = pd.DataFrame({"Applications": [164, 75], "Average weeks": [27.0, 4.0]}, index=["2017/18", "2018/19 YTD"])
    html = count_table(f, total_row=False, value_columns={"Average weeks": "weeks"})
    assert ">4.0<" in html and ">164<" in html
    assert find_leaks({"x.html": html}, set(), 5) == []


def test_period_rows_first_match_per_indicator_in_order_of_appearance():
    from safeguarding.present.tables import period_rows

    def row(ind, start, end, value, month="p"):
        return {"indicator_id": ind, "period_type": "period", "month": month,
                "start": pd.Timestamp(start), "end": pd.Timestamp(end), "value": value}

    data = pd.DataFrame([
        row("b", "2018-01-01", "2018-06-30", 1.0),            # previous period of b
        row("a", "2018-07-01 10:00", "2018-12-31", 2.0),      # times are ignored
        row("a", "2018-07-01", "2018-12-31", 3.0),            # a second match: the first one wins
        row("b", "2018-07-01", "2018-12-31", 4.0),
        row(None, "2018-07-01", "2018-12-31", 5.0),           # no id: never matched
        row("c", "2017-07-01", "2017-12-31", 6.0),            # last year only
        row("c", "2018-07-01", "2018-11-30", 7.0),            # not the period's end
        {"indicator_id": "a", "period_type": "month", "month": "2018-07",
         "start": pd.Timestamp("2018-07-01"), "end": pd.Timestamp("2018-07-31"), "value": 8.0},
    ], index=[9, 9, 3, 4, 5, 6, 7, 8])
    got = period_rows(data, ["2018-07", "2018-08", "2018-09", "2018-10", "2018-11", "2018-12"])
    assert {k: {i: r["value"] for i, r in v.items()} for k, v in got.items()} == {
        "current": {"b": 4.0, "a": 2.0}, "previous": {"b": 1.0}, "last_year": {"c": 6.0}}
    assert list(got["current"]) == ["b", "a"]  # the frame's order of indicators
    assert got["current"]["a"].name == 9 and got["current"]["a"].dtype == object
