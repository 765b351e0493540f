"""Formula injection: no CSV or XLSX the product writes holds a cell a spreadsheet would run.
CSV text gets an apostrophe; XLSX text is a text cell, as written (an apostrophe would show)."""
import csv

import pandas as pd
import pytest
import python_calamine
from openpyxl import load_workbook

from safeguarding.exports import safe_cell, safe_frame, write_csv, write_xlsx

HOSTILE = ['=HYPERLINK("http://x","y")', "+cmd|' /C calc'!A0", "@SUM(1)", "\t=1+1", "\r=1+1", "-2"]


@pytest.mark.parametrize("text", HOSTILE)
def test_text_that_a_spreadsheet_would_evaluate_gets_an_apostrophe(text):
    assert safe_cell(text) == "'" + text


@pytest.mark.parametrize("value", ["Front Door", "MASH", "2018-07-01", "c", "", None, -3, -2.5, 0,
                                   pd.Timestamp("2018-07-01")])
def test_ordinary_text_and_numbers_are_unchanged(value):
    assert safe_cell(value) is value


def test_safe_frame_changes_text_cells_only():
    frame = pd.DataFrame({"team": ["=HYPERLINK(\"http://x\",\"y\")", "MASH"], "change": [-3, 4],
                          "note": pd.Categorical(["@SUM(1)", "ok"]), "row": [12, 13]})
    out = safe_frame(frame)
    assert out["team"].tolist() == ["'=HYPERLINK(\"http://x\",\"y\")", "MASH"]
    assert out["note"].tolist() == ["'@SUM(1)", "ok"]
    assert out["change"].tolist() == [-3, 4] and out["change"].dtype.kind == "i"
    assert frame["team"].iloc[0].startswith("=")  # the caller's frame is not modified


def _findings():
    # a data-quality finding quoting hostile input values as the `validate` output holds them
    return pd.DataFrame({"file": ["Annex_A.xlsx"] * 6, "row": [5, 6, 7, 8, 9, 10],
                         "value": HOSTILE, "count": [-2, 1, 2, 3, 4, 5]})


def test_write_csv_neutralises_every_hostile_cell(tmp_path):
    path = write_csv(_findings(), tmp_path / "problems.csv")
    with open(path, newline="", encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh))
    assert [r["value"] for r in rows] == ["'" + t for t in HOSTILE]
    assert rows[0]["count"] == "-2"  # a number stays a number


def test_write_xlsx_has_no_formula_cells_and_no_apostrophes(tmp_path):
    path = write_xlsx(_findings(), tmp_path / "problems.xlsx", sheet_name="problems")
    ws = load_workbook(path)["problems"]
    cells = [c for row in ws.iter_rows(min_row=2) for c in row]
    assert not [c.coordinate for c in cells if c.data_type == "f"]
    assert not [c.coordinate for c in cells if c.hyperlink is not None]
    assert {ws.cell(row=r, column=3).data_type for r in range(2, 8)} == {"s"}
    # text cells hold the text as written (calamine, like Excel, reads the escaped carriage return)
    rows = python_calamine.CalamineWorkbook.from_path(str(path)).get_sheet_by_name("problems").to_python()
    assert [r[2] for r in rows[1:]] == HOSTILE
    assert ws.cell(row=2, column=4).value == -2 and ws.cell(row=2, column=4).data_type == "n"


def test_indicator_files_are_safe(tmp_path):
    from safeguarding.indicators.output import write_indicators

    frame = pd.DataFrame([{
        "indicator_id": "contacts", "title": "=HYPERLINK(\"http://x\",\"y\")", "section": "front_door",
        "period_type": "month", "month": "2018-07", "start": "2018-07-01", "end": "2018-07-31",
        "numerator": 412.0, "denominator": None, "value": 412.0, "lower": 373.0, "upper": 454.0,
        "unit": "count", "polarity": "none", "status": "+cmd|' /C calc'!A0",
        "coverage": "full"}])
    csv_path, xlsx_path = write_indicators(frame, tmp_path)
    text = csv_path.read_text(encoding="utf-8")
    assert "'=HYPERLINK" in text and ",'+cmd|" in text
    wb = load_workbook(xlsx_path)
    for ws in wb.worksheets:
        assert not [c.coordinate for row in ws.iter_rows() for c in row if c.data_type == "f"], ws.title
    # polarity "none" is the text "-": stored as text, without the apostrophe LibreOffice would show
    header = [c.value for c in wb["monthly"][1]]
    polarity = wb["monthly"].cell(row=2, column=header.index("Polarity") + 1)
    assert (polarity.value, polarity.data_type, polarity.quotePrefix) == ("-", "s", False)
    assert wb["all"]["B2"].value == '=HYPERLINK("http://x","y")'


def test_validate_outputs_are_safe(tmp_path, monkeypatch):
    """The `validate` command writes the findings through the safe writers (CSV and --out .xlsx)."""
    from safeguarding import cli

    class FakeLog:
        def table(self):
            return _findings().assign(table="contacts", rule="AA1-001", severity="error", action="report")

        def accounts_table(self):
            return pd.DataFrame({"table": ["contacts"], "rows_read": [6]})

    monkeypatch.setattr("safeguarding.quality.DataQualityLog", FakeLog)
    monkeypatch.setattr("safeguarding.inputs.load_inputs", lambda folder, log: {})
    monkeypatch.setattr("safeguarding.inputs.extract_date", lambda tables, folder: pd.Timestamp("2019-01-10"))
    monkeypatch.setattr("safeguarding.rules.validate", lambda tables, log, context: tables)
    for name in ("problems.csv", "problems.xlsx"):
        out = tmp_path / name
        assert cli.main(["validate", "--input", str(tmp_path), "--out", str(out)]) == 1
        if name.endswith(".csv"):
            assert "'=HYPERLINK" in out.read_text(encoding="utf-8")
        else:
            ws = load_workbook(out).active
            assert not [c.coordinate for row in ws.iter_rows() for c in row if c.data_type == "f"]
            assert "@SUM(1)" in [c.value for row in ws.iter_rows() for c in row]


def test_run_quality_files_are_safe(tmp_path):
    """restricted/data_quality_rows.csv and both data_quality_summary.csv go through write_csv."""
    from types import SimpleNamespace

    from safeguarding.params import params_from_dict
    from safeguarding.report.runner import _write_quality_files

    findings = _findings().assign(table="contacts", rule="=1+1", severity="error", action="report")
    (tmp_path / "restricted").mkdir()
    _write_quality_files(SimpleNamespace(findings=findings, params=params_from_dict({})), tmp_path)
    rows = (tmp_path / "restricted" / "data_quality_rows.csv").read_text(encoding="utf-8")
    assert "'=HYPERLINK" in rows and "'+cmd|" in rows and "'@SUM(1)" in rows
    for path in (tmp_path / "restricted" / "data_quality_summary.csv", tmp_path / "data_quality_summary.csv"):
        summary = list(csv.DictReader(open(path, newline="", encoding="utf-8")))
        assert summary[0]["rule"] == "'=1+1"
