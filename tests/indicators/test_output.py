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
