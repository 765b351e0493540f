"""indicators.csv / indicators.xlsx writer, and the generated docs/indicators.md page."""
from __future__ import annotations

import math

import pandas as pd
import pytest
from openpyxl import load_workbook

from safeguarding.indicators.compute import COLUMNS
from safeguarding.indicators.docs_page import render, write_indicator_docs
from safeguarding.indicators.output import write_indicators
from safeguarding.indicators.registry import REGISTRY

from .helpers import compute, make_tables, population

# A flow, a percentage, a rolling-12 rate and a month-end stock (whose period row carries only
# the last month's window - the monthly sheet must still span the whole period).
IDS = ["lado_contacts", "lado_concluded_1m_pct", "care_applications_rate_r12",
       "care_proceedings_open"]


@pytest.fixture(scope="module")
def frame():
    lado = [
        # July: 3 contacts received (refs 1, 2, 3); 3 allegations concluded (refs 1, 2, 0), of
        # which refs 1 (18 days) and 2 (28 days) within 31 days, ref 0 (89 days) not -> 2/3.
        {"lado_ref": "1", "date_received": "2018-07-02", "threshold_met": "Y",
         "date_concluded": "2018-07-20", "outcome": "NFA"},
        {"lado_ref": "2", "date_received": "2018-07-02", "threshold_met": "Y",
         "date_concluded": "2018-07-30", "outcome": "NFA"},
        {"lado_ref": "0", "date_received": "2018-05-02", "threshold_met": "Y",
         "date_concluded": "2018-07-30", "outcome": "NFA"},
        {"lado_ref": "3", "date_received": "2018-07-03", "threshold_met": "N"},
    ]
    tables = make_tables(lado_allegations=lado, population=population(30_000),
                         pre_proceedings=[{"prep_table_id": "A", "care_proc_issue_date": "2018-07-04"}])
    return compute(tables, period="2018-07..2018-12", ids=IDS)


def test_write_indicators_csv(frame, tmp_path):
    csv_path, xlsx_path = write_indicators(frame, tmp_path / "out")
    assert csv_path.name == "indicators.csv" and xlsx_path.name == "indicators.xlsx"
    assert csv_path.exists() and xlsx_path.exists()
    back = pd.read_csv(csv_path)
    assert list(back.columns) == COLUMNS
    assert len(back) == len(frame)
    row = back[(back["indicator_id"] == "lado_concluded_1m_pct") & (back["month"] == "2018-07")].iloc[0]
    # Unrounded in the CSV: 2 / 3 = 66.666...%.
    assert row["value"] == pytest.approx(200 / 3, abs=1e-12)
    assert row["start"] == "2018-07-01" and row["end"] == "2018-07-31"
    # An empty month stays empty (n/a), never 0.
    aug = back[(back["indicator_id"] == "lado_concluded_1m_pct") & (back["month"] == "2018-08")].iloc[0]
    assert math.isnan(aug["value"])


def test_write_indicators_xlsx(frame, tmp_path):
    _, xlsx_path = write_indicators(frame, tmp_path)
    wb = load_workbook(xlsx_path)
    assert wb.sheetnames == ["monthly", "all"]

    monthly = wb["monthly"]
    header = [c.value for c in monthly[1]]
    assert header == ["Section", "Indicator id", "Indicator", "Unit", "Polarity", "Jul 18", "Aug 18",
                      "Sep 18", "Oct 18", "Nov 18", "Dec 18", "Period 2018-07..2018-12"]
    rows = {r[1]: r for r in monthly.iter_rows(min_row=2, values_only=True)}
    assert set(rows) == set(IDS)
    pct = rows["lado_concluded_1m_pct"]
    assert pct[3] == "%"
    assert pct[5] == pytest.approx(66.7)  # rounded to 1 dp
    assert pct[6] == "n/a"  # August: no denominator
    assert pct[11] == pytest.approx(66.7)  # period pooled: same cases
    assert rows["lado_contacts"][5] == 3 and isinstance(rows["lado_contacts"][5], int)
    # Rate: 1 application in 12 months / 30,000 x 10,000 = 0.333... -> 0.3.
    assert rows["care_applications_rate_r12"][5] == pytest.approx(0.3)
    assert rows["care_proceedings_open"][5:] == (1, 1, 1, 1, 1, 1, 1)  # issued 4 Jul, still open
    assert monthly["F2"].number_format == "0.0"

    all_sheet = wb["all"]
    header = [c.value for c in all_sheet[1]]
    assert header[:5] == ["Indicator id", "Indicator", "Section", "Period type", "Month / period"]
    assert "Lower 95% limit" in header and "Upper 95% limit" in header
    assert all_sheet.max_row - 1 == len(frame)


def test_indicators_md_lists_every_registered_indicator(tmp_path):
    path = write_indicator_docs(tmp_path / "indicators.md")
    text = path.read_text(encoding="utf-8")
    assert text == render()
    assert text.startswith("# Indicators")
    assert "## Conventions" in text and "Working days" in text and "Wilson" in text
    for indicator_id, ind in REGISTRY.items():
        assert f"`{indicator_id}`" in text
        assert f"tests/indicators/test_{ind.section}.py::test_{indicator_id}" in text
    assert "`CareApplications`" in text
    assert "historic statutory-guidance target" in text.lower()


def test_every_local_indicator_has_a_test():
    """Every indicator of the four local-extract sections has a test named test_<id>."""
    from pathlib import Path

    here = Path(__file__).parent
    for ind in REGISTRY.values():
        if ind.section in ("private_fostering", "young_carers", "lado", "proceedings"):
            source = (here / f"test_{ind.section}.py").read_text(encoding="utf-8")
            assert f"def test_{ind.id}(" in source, ind.id


# --------------------------------------------------------------------------------------------
# Committee columns and suppression flags (issue #14)
# --------------------------------------------------------------------------------------------
def _committee_frame():
    """Assessments within 45 working days (target 85%) and referrals, July-December 2018, with
    the previous period and the same period last year."""
    from safeguarding.indicators.compute import finish

    rows = []

    def add(ind, period_type, label, first, last, num, den=float("nan")):
        rows.append(dict(indicator_id=ind, period_type=period_type, month=label,
                         start=pd.Period(first, "M").start_time, end=pd.Period(last, "M").end_time.normalize(),
                         numerator=num, denominator=den, value=float("nan")))

    months = ["2018-07", "2018-08", "2018-09", "2018-10", "2018-11", "2018-12"]
    for m, num in zip(months, [40, 45, 42, 44, 41, 43]):
        add("assessments_within_45wd_pct", "month", m, m, m, num, 50)
    add("assessments_within_45wd_pct", "period", "2018-07..2018-12", "2018-07", "2018-12", 255, 300)  # 85.0%
    add("assessments_within_45wd_pct", "period", "2018-01..2018-06", "2018-01", "2018-06", 240, 300)  # 80.0%
    add("assessments_within_45wd_pct", "period", "2017-07..2017-12", "2017-07", "2017-12", 270, 300)  # 90.0%
    for m, num in zip(months, [40, 3, 38, 35, 30, 33]):
        add("referrals", "month", m, m, m, num)
    add("referrals", "period", "2018-07..2018-12", "2018-07", "2018-12", 179)
    add("referrals", "period", "2018-01..2018-06", "2018-01", "2018-06", 150)  # +19.3%: up
    add("referrals", "period", "2017-07..2017-12", "2017-07", "2017-12", 4)  # hidden: no direction
    return finish(pd.DataFrame(rows))


BENCHMARKS = pd.DataFrame([{
    "indicator_id": "assessments_within_45wd_pct", "published_value": 82.14, "published_year": 2018,
    "sn_value": 84.3, "sn_year": 2018, "region_value": 83.0, "region_year": 2018,
    "england_value": 82.7, "england_year": 2018}])


def _open_rows(full: pd.DataFrame, period) -> pd.DataFrame:
    """The report period's months and its own row, protected together (disclosure.protect)."""
    from safeguarding.disclosure.protect import protect_rows

    keep = ((full["period_type"] == "month") & full["month"].isin([str(m) for m in period.months])) \
        | ((full["period_type"] == "period") & (full["month"] == period.label))
    return protect_rows(full[keep.to_numpy()], 5)


def test_committee_columns_and_suppression_flags_in_the_open_xlsx(tmp_path):
    from safeguarding.present.committee import committee_columns
    from safeguarding.params import params_from_dict
    from safeguarding.periods import parse_period
    params = params_from_dict({"targets": {"assessments_within_45wd_pct": {
        "target": 85, "tolerance_type": "absolute", "amber_band": 5}}})
    period = parse_period("2018-07..2018-12")
    full = _committee_frame()
    open_rows = _open_rows(full, period)
    committee = committee_columns(full, open_rows, period, params, BENCHMARKS, symbol="c")
    _, xlsx_path = write_indicators(open_rows, tmp_path, period, symbol="c", committee=committee)

    sheet = load_workbook(xlsx_path)["monthly"]
    header = [c.value for c in sheet[1]]
    assert header[5:] == ["Jul 18", "Aug 18", "Sep 18", "Oct 18", "Nov 18", "Dec 18", "Period 2018-07..2018-12",
                          "Target", "RAG", "vs previous period", "vs same period last year",
                          "LA as published (LAIT)", "Statistical neighbours", "Region", "England",
                          "Comparator year"]
    rows = {r[header.index("Indicator id")]: dict(zip(header, r)) for r in sheet.iter_rows(min_row=2, values_only=True)}
    pct = rows["assessments_within_45wd_pct"]
    assert pct["Period 2018-07..2018-12"] == pytest.approx(85.0)
    assert (pct["Target"], pct["RAG"]) == ("85.0%", "Green")  # on target
    assert pct["vs previous period"] == "\u25b2 Improving"  # 80.0% -> 85.0%
    assert pct["vs same period last year"] == "\u25bc Worsening"  # 90.0% -> 85.0%
    assert (pct["LA as published (LAIT)"], pct["Statistical neighbours"], pct["Region"], pct["England"]) == (
        pytest.approx(82.1), pytest.approx(84.3), pytest.approx(83.0), pytest.approx(82.7))
    assert pct["Comparator year"] == "2017-18"

    ref = rows["referrals"]
    # August (3) hidden, and November (30, the smallest other month) so it cannot be worked out
    assert (ref["Aug 18"], ref["Nov 18"], ref["Jul 18"]) == ("c", "c", 40)
    assert ref["Period 2018-07..2018-12"] == 179
    assert ref["RAG"] in ("", None)  # an activity measure is not rated
    assert ref["vs previous period"] == "\u25b2 Up"  # 150 -> 179, no good or bad direction
    assert ref["vs same period last year"] == "c"  # last year's 4 is hidden: so is the direction
    assert ref["LA as published (LAIT)"] == "n/a"


def test_open_csv_shows_the_symbol_and_not_why(tmp_path):
    # the reason (primary or secondary) would tell a reader which hidden cells are small
    from safeguarding.periods import parse_period

    period = parse_period("2018-07..2018-12")
    open_rows = _open_rows(_committee_frame(), period)
    csv_path, xlsx_path = write_indicators(open_rows, tmp_path, period, symbol="c")
    back = pd.read_csv(csv_path, dtype=str, keep_default_na=False)
    assert list(back.columns) == COLUMNS
    aug = back[(back["indicator_id"] == "referrals") & (back["month"] == "2018-08")].iloc[0]
    assert aug[["numerator", "value", "lower", "upper"]].tolist() == ["c", "c", "c", "c"]
    jul = back[(back["indicator_id"] == "referrals") & (back["month"] == "2018-07")].iloc[0]
    assert jul["value"] == "40.0"
    all_sheet = load_workbook(xlsx_path)["all"]
    header = [c.value for c in all_sheet[1]]
    assert "Suppression" not in header
    cells = [v for r in all_sheet.iter_rows(min_row=2, values_only=True) for v in r]
    assert "primary" not in cells and "secondary" not in cells
