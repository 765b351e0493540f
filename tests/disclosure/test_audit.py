"""The recovery audit (disclosure.audit) on planted relations, and the open files that pass it.

Each relation of issue #12 is planted as the open files used to publish it (every month,
earlier periods and financial years beside the report period; rolling-12 values beside the
months; a table hiding only its small cell), the audit recovers the hidden count, and the files
written the current way (``disclosure.protect``, ``suppress``) give nothing back.
"""
from __future__ import annotations

import re

import pandas as pd
import pytest

from safeguarding.indicators.compute import COLUMNS, finish, load_definitions
from safeguarding.indicators.output import write_indicators
from safeguarding.periods import parse_period
from safeguarding.disclosure.audit import audit_open_outputs
from safeguarding.disclosure.protect import protect_rows
from safeguarding.disclosure.suppress import indicator_view
from safeguarding.present.tables import count_table

load_definitions()


def _flow_rows(indicator_id: str, monthly: dict[str, float], periods: list[tuple[str, str, str]],
               years: dict[str, tuple[str, str]] | None = None) -> list[dict]:
    """Raw rows of a monthly flow: months, periods (label, first, last month) and financial
    years, each the sum of its months."""
    rows = []

    def total(first, last):
        return sum(v for m, v in monthly.items() if first <= m <= last)

    for m, v in monthly.items():
        p = pd.Period(m, "M")
        rows.append(dict(indicator_id=indicator_id, period_type="month", month=m, start=p.start_time,
                         end=p.end_time.normalize(), numerator=v, denominator=float("nan"), value=v))
    for label, first, last in periods:
        rows.append(dict(indicator_id=indicator_id, period_type="period", month=label,
                         start=pd.Period(first, "M").start_time, end=pd.Period(last, "M").end_time.normalize(),
                         numerator=total(first, last), denominator=float("nan"), value=total(first, last)))
    for label, (first, last) in (years or {}).items():
        rows.append(dict(indicator_id=indicator_id, period_type="year", month=label,
                         start=pd.Period(first, "M").start_time, end=pd.Period(last, "M").end_time.normalize(),
                         numerator=total(first, last), denominator=float("nan"), value=total(first, last)))
    return rows


def _r12_pct_rows(indicator_id: str, numerators: dict[str, float], denominators: dict[str, float],
                  months: list[str], periods: list[tuple[str, str, str]]) -> list[dict]:
    """Rows of a rolling-12 percentage: each month's window is the 12 months ending with it."""
    def window(m):
        last = pd.Period(m, "M")
        return [str(last - k) for k in range(12)]

    rows = []
    for m in months:
        p = pd.Period(m, "M")
        num = sum(numerators.get(x, 0) for x in window(m))
        den = sum(denominators.get(x, 0) for x in window(m))
        rows.append(dict(indicator_id=indicator_id, period_type="month", month=m, start=p.start_time,
                         end=p.end_time.normalize(), numerator=num, denominator=den, value=float("nan")))
    for label, first, last in periods:
        num = sum(numerators.get(x, 0) for x in window(last))
        den = sum(denominators.get(x, 0) for x in window(last))
        rows.append(dict(indicator_id=indicator_id, period_type="period", month=label,
                         start=pd.Period(first, "M").start_time, end=pd.Period(last, "M").end_time.normalize(),
                         numerator=num, denominator=den, value=float("nan")))
    return rows


def _frame(rows: list[dict]) -> pd.DataFrame:
    return finish(pd.DataFrame(rows))[COLUMNS]


def _recovered(folder) -> list:
    return [f for f in audit_open_outputs(folder, 5) if f.kind == "recoverable"]


# --------------------------------------------------------------------------------------------
# Financial year - earlier periods - months
# --------------------------------------------------------------------------------------------
# Referrals, the example: FY 2017-18 (87) - Apr-Jun 17 (21) - Jul-Dec 17 (47) - Feb-18 (9)
# - Mar-18 (6) = Jan-18 (4). The report period is Jan-Mar 2018.
REFERRALS = {"2017-04": 7, "2017-05": 6, "2017-06": 8, "2017-07": 9, "2017-08": 7, "2017-09": 8,
             "2017-10": 8, "2017-11": 7, "2017-12": 8, "2018-01": 4, "2018-02": 9, "2018-03": 6}
Q4 = parse_period("2018-01..2018-03")
Q3 = parse_period("2017-10..2017-12")


def _referrals_frame() -> pd.DataFrame:
    return _frame(_flow_rows(
        "referrals", REFERRALS,
        [(Q4.label, "2018-01", "2018-03"), (Q3.label, "2017-10", "2017-12"),
         ("2017-04..2017-06", "2017-04", "2017-06"), ("2017-07..2017-12", "2017-07", "2017-12")],
        {"2018": ("2017-04", "2018-03")}))


def test_planted_fy_minus_periods_minus_months_is_recovered(tmp_path):
    # As the open CSV used to be written: each row's own suppression only (Jan-18 and the
    # Jan-Mar total 19 hidden), earlier periods and the financial year published beside them.
    rows = _referrals_frame()
    hidden = rows["month"].isin(["2018-01", Q4.label])
    csv = rows.astype(object)
    csv.loc[hidden, ["numerator", "value", "lower", "upper"]] = "c"
    csv.to_csv(tmp_path / "indicators.csv", index=False)
    found = _recovered(tmp_path)
    assert len(found) == 1
    assert "referrals, month 2018-01, numerator" in found[0].context
    assert found[0].value == "4"
    assert "year 2018" in found[0].context  # the relation used names the financial-year row
    assert "4" not in re.sub(r"\d{4}-\d{2}", "", str(found[0]))  # the log line does not print it


def _period_rows(full: pd.DataFrame, period) -> pd.DataFrame:
    """The rows a report of ``period`` publishes: its months and its own row."""
    keep = ((full["period_type"] == "month") & full["month"].isin([str(m) for m in period.months])) \
        | ((full["period_type"] == "period") & (full["month"] == period.label))
    return full[keep.to_numpy()]


def test_protected_period_rows_publish_nothing_recoverable_from_the_same_data(tmp_path):
    full = _referrals_frame()
    # before: the Oct-Dec 2017 report's open files as they were - every row of the history
    # through the report's view, secondary suppression only inside Oct-Dec: January 2018 (a
    # later month of the history) comes back from the financial year
    write_indicators(indicator_view(full, Q3, 5, aggregations={"referrals": "sum"}), tmp_path / "before", Q3,
                     symbol="c")
    assert [f.value for f in _recovered(tmp_path / "before")] == ["4"]
    # after: only the report period's months and total, for either report period
    for period in (Q3, Q4):
        open_rows = protect_rows(_period_rows(full, period), 5)
        write_indicators(open_rows, tmp_path / period.slug, period, symbol="c")
        assert audit_open_outputs(tmp_path / period.slug, 5) == []
    back = pd.read_csv(tmp_path / Q4.slug / "indicators.csv", dtype=str).set_index("month")
    # January (4) hidden, March (6, the smallest other month) hidden with it; the total shown;
    # the open file does not say which hidden cell is the small one
    assert back.loc["2018-01", "value"] == "c" and back.loc["2018-03", "value"] == "c"
    assert back.loc["2018-02", "value"] == "9.0" and back.loc[Q4.label, "value"] == "19.0"
    assert "suppression" not in back.columns


# --------------------------------------------------------------------------------------------
# Rolling-12 differences
# --------------------------------------------------------------------------------------------
# Plans ceased, the example: r12 Dec-18 (15) - r12 Nov-18 (12) + Dec-17 (0) = Dec-18 (3).
H2 = parse_period("2018-07..2018-12")


def test_planted_rolling_12_difference_is_recovered(tmp_path):
    # Dec-17 published as a month of the flow, Nov-18 and Dec-18 rolling-12 denominators of
    # "plans ceased after 2 years or more" published, December's flow hidden.
    rows = [
        {"indicator_id": "cp_plans_ceased", "period_type": "month", "month": "2017-12", "start": "2017-12-01",
         "end": "2017-12-31", "numerator": 0, "value": 0, "unit": "count"},
        {"indicator_id": "cp_plans_ceased", "period_type": "month", "month": "2018-12", "start": "2018-12-01",
         "end": "2018-12-31", "numerator": "c", "value": "c", "unit": "count"},
        {"indicator_id": "cp_ceased_2yr_pct_r12", "period_type": "month", "month": "2018-11",
         "start": "2018-11-01", "end": "2018-11-30", "numerator": 2, "denominator": 12, "value": 16.7,
         "unit": "percent"},
        {"indicator_id": "cp_ceased_2yr_pct_r12", "period_type": "month", "month": "2018-12",
         "start": "2018-12-01", "end": "2018-12-31", "numerator": 3, "denominator": 15, "value": 20.0,
         "unit": "percent"},
    ]
    pd.DataFrame(rows).to_csv(tmp_path / "indicators.csv", index=False)
    found = _recovered(tmp_path)
    assert [(f.value, "cp_plans_ceased, month 2018-12" in f.context) for f in found] == [("3", True)]


# Within the report period alone: Nov (6) hidden with Dec (3); the rolling-12 windows gain
# Nov-18 and Dec-18 and lose Nov-17 and Dec-17 (none ceased then), so r12 differences give 6 and 3.
CEASED_H2 = {**{f"2017-{m:02d}": 0 for m in range(1, 13)}, **{f"2018-{m:02d}": 8 for m in range(1, 7)},
             "2018-07": 10, "2018-08": 10, "2018-09": 10, "2018-10": 10, "2018-11": 6, "2018-12": 3}
CEASED_2YR_H2 = {f"2018-{m:02d}": 2 for m in range(1, 7)}  # 12 in every window: published


def test_rolling_12_values_hide_with_the_months_they_would_give_back(tmp_path):
    full = _frame(_flow_rows("cp_plans_ceased", CEASED_H2, [(H2.label, "2018-07", "2018-12")])
                  + _r12_pct_rows("cp_ceased_2yr_pct_r12", CEASED_2YR_H2, CEASED_H2, [str(m) for m in H2.months],
                                  [(H2.label, "2018-07", "2018-12")]))
    open_rows = protect_rows(_period_rows(full, H2), 5)
    flow = open_rows[open_rows["indicator_id"] == "cp_plans_ceased"].set_index("month")["suppression"]
    assert flow["2018-12"] == "primary"
    # Dec-18 (3) alone would come back as r12 Dec - r12 Nov (the same 2 in both windows' 2018
    # months before July): at least one more of the months or rolling-12 values is hidden
    r12 = open_rows[(open_rows["indicator_id"] == "cp_ceased_2yr_pct_r12") & (open_rows["period_type"] == "month")]
    assert (flow.drop("2018-12") != "").sum() + r12["suppressed"].sum() >= 1
    write_indicators(open_rows, tmp_path / "after", H2, symbol="c")
    assert audit_open_outputs(tmp_path / "after", 5) == []
    # the same files with every secondary cell published (the step above undone): December back
    rows = _period_rows(full, H2).reset_index(drop=True)
    primary = (open_rows["suppression"] == "primary").to_numpy()
    undone = pd.concat([open_rows[primary], rows[~primary].assign(suppressed=False, suppression="")])
    write_indicators(undone, tmp_path / "undone", H2, symbol="c")
    assert [f.value for f in _recovered(tmp_path / "undone")
            if "cp_plans_ceased, month 2018-12" in f.context] == ["3"]


# --------------------------------------------------------------------------------------------
# Breakdown margins
# --------------------------------------------------------------------------------------------
SOURCES = pd.DataFrame({"Number": [42, 3, 17, 25]}, index=["Police", "Schools", "Health", "Other"])


def test_planted_breakdown_margin_is_recovered_and_suppress_is_safe(tmp_path):
    # Only the small cell hidden, the total shown: 87 - 42 - 17 - 25 = 3.
    where = dict(table_id="referral_sources", period="2018-07..2018-12")  # what the audit reads
    html = count_table(SOURCES, edition="restricted", caption="Referrals by source", **where)
    planted = html.replace('<td class="count num" data-col="Number">3</td>',
                           '<td class="count num suppressed" data-col="Number">c</td>')
    assert planted != html
    (tmp_path / "index.html").write_text(f"<html><body>{planted}</body></html>")
    found = _recovered(tmp_path)
    assert [(f.value, "Schools" in f.context, "Referrals by source" in f.context) for f in found] == [
        ("3", True, True)]
    # the report's count table hides a second cell: nothing to work out
    (tmp_path / "index.html").write_text(
        f"<html><body>{count_table(SOURCES, edition='open', caption='Referrals by source', **where)}</body></html>")
    assert audit_open_outputs(tmp_path, 5) == []


def _cross_table(cells: list[list[str]]) -> str:
    """A cross-table as count_table writes it; ``cells`` rows: Under 5, 5 to 9, Total."""
    def td(v, col, total=False):
        cls = "count num" + (" suppressed" if v == "c" else "") + (" total" if total else "")
        return f'<td class="{cls}" data-col="{col}">{v}</td>'

    body = ""
    for label, row in zip(["Under 5", "5 to 9", "Total"], cells):
        tr = ' class="total-row"' if label == "Total" else ""
        body += (f'<tr{tr} data-row="{label}"><th scope="row">{label}</th>' + td(row[0], "Male", label == "Total")
                 + td(row[1], "Female", label == "Total") + td(row[2], "Total", True) + "</tr>")
    return ('<table class="report-table count-table" data-table="age_sex" data-period="2018-07..2018-12">'
            '<caption>Children by age and sex</caption><thead><tr>'
            '<th class="rowhead"></th><th class="count-head">Male</th><th class="count-head">Female</th>'
            f'<th class="count-head total">Total</th></tr></thead><tbody>{body}</tbody></table>')


def test_cross_table_margins_are_tried(tmp_path):
    # Under 5: 2 boys and 10 girls. Hiding only that row leaves each column's total to give
    # them back (22 - 20 = 2); hiding the rectangle with the 5-9 row leaves one unknown free.
    (tmp_path / "index.html").write_text(_cross_table([["c", "c", "12"], ["20", "31", "51"], ["22", "41", "63"]]))
    assert [f.value for f in _recovered(tmp_path)] == ["2"]  # 10 is above the threshold
    (tmp_path / "index.html").write_text(_cross_table([["c", "c", "12"], ["c", "c", "51"], ["22", "41", "63"]]))
    assert _recovered(tmp_path) == []


def test_small_count_printed_in_open_csv_is_found(tmp_path):
    pd.DataFrame([{"indicator_id": "referrals", "period_type": "month", "month": "2018-01",
                   "start": "2018-01-01", "end": "2018-01-31", "numerator": 4, "value": 4, "unit": "count"}]
                 ).to_csv(tmp_path / "indicators.csv", index=False)
    found = audit_open_outputs(tmp_path, 5)
    assert [(f.kind, f.value) for f in found] == [("small_count", "4")]


@pytest.mark.parametrize("dq_rows, expected", [(["c", "12", "0"], []), (["3"], ["3"])])
def test_data_quality_summary_counts(tmp_path, dq_rows, expected):
    pd.DataFrame({"table": "referrals", "rule": "R1", "severity": "error", "action": "excluded",
                  "rows": dq_rows}).to_csv(tmp_path / "data_quality_summary.csv", index=False)
    assert [f.value for f in audit_open_outputs(tmp_path, 5)] == expected
