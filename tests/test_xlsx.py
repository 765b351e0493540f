"""Workbooks written through safeguarding.exports (XlsxWriter): a valid workbook that openpyxl and
python-calamine read back cell for cell, with the types, number formats, header style, column
widths and frozen panes the indicator workbook needs, and text that is never a formula."""
import datetime as dt
import zipfile

import numpy as np
import openpyxl
import pandas as pd
import python_calamine as pc
import pytest

from safeguarding.exports import Column, Labels, Sheet, write_labelled_workbook, write_sheets

VALUES = ["text", "", None, 7, 2.5, 3.0, float("nan"), dt.date(2018, 7, 1),
          pd.Timestamp("2018-12-31"), True, np.int64(4), "=HYPERLINK(\"x\")", "a<b & \"c\"", " pad ",
          "bad\x01char", pd.NaT, "£ – ►", "{=SUM(A1:A2)}", "http://example.org", "-"]


@pytest.fixture
def workbook(tmp_path):
    path = tmp_path / "t.xlsx"
    write_sheets(path, [
        Sheet("monthly", ["Id", "Value", "Other"],
              [Column("x", ["r%d" % i for i in range(len(VALUES))], width=30),
               Column("x", VALUES),
               Column("x", [1.25] * len(VALUES), width=12.5)],
              header_style=True, freeze="D2"),
        Sheet('all "rows"', ["n"], [Column("n", [1, 2.5, np.nan])])])
    return path


def test_opens_in_openpyxl_with_values_types_and_formats(workbook):
    wb = openpyxl.load_workbook(workbook)
    assert wb.sheetnames == ["monthly", 'all "rows"']
    ws = wb["monthly"]
    got = [(c.value, c.number_format) for c in ws["B"][1:]]
    assert got == [
        ("text", "General"), (None, "General"), (None, "General"), (7, "0"), (2.5, "0.0"), (3, "0.0"),
        (None, "General"), (dt.datetime(2018, 7, 1), "yyyy-mm-dd"), (dt.datetime(2018, 12, 31), "yyyy-mm-dd"),
        (True, "0"), (4, "0"), ('=HYPERLINK("x")', "General"), ('a<b & "c"', "General"),
        (" pad ", "General"), ("badchar", "General"), (None, "General"), ("£ – ►", "General"),
        ("{=SUM(A1:A2)}", "General"), ("http://example.org", "General"), ("-", "General")]
    # text stays text, as written: never a formula, a link or an apostrophe-prefixed string
    assert not [c.coordinate for row in ws.iter_rows() for c in row if c.data_type == "f"]
    assert ws["B13"].data_type == "s" and ws["B19"].hyperlink is None and not ws["B21"].quotePrefix
    assert [c.value for c in ws[1]] == ["Id", "Value", "Other"]
    assert all(c.font.b and c.fill.fgColor.rgb.endswith("DDE5EE") and c.alignment.wrap_text for c in ws[1])
    assert not ws["A2"].font.b
    assert ws.freeze_panes == "D2"
    assert ws.column_dimensions["A"].width == pytest.approx(30, abs=1)
    assert ws.column_dimensions["C"].width == pytest.approx(12.5, abs=1)
    assert [c.value for c in wb['all "rows"']["A"]] == ["n", 1, 2.5]  # a blank last row is no row


def test_reads_the_same_in_calamine(workbook):
    wb = pc.CalamineWorkbook.from_path(str(workbook))
    rows = wb.get_sheet_by_name("monthly").to_python()
    assert rows[0] == ["Id", "Value", "Other"]
    assert [r[1] for r in rows[1:]][:6] == ["text", "", "", 7, 2.5, 3]
    assert rows[8][1] == dt.date(2018, 7, 1) and rows[10][1] is True
    assert rows[20][1] == "-"


def test_package_parts_and_same_bytes_for_the_same_data(workbook, tmp_path):
    with zipfile.ZipFile(workbook) as z:
        assert z.testzip() is None
        assert {"[Content_Types].xml", "xl/workbook.xml", "xl/styles.xml",
                "xl/worksheets/sheet1.xml", "xl/worksheets/sheet2.xml"} <= set(z.namelist())
    again = tmp_path / "again.xlsx"
    write_sheets(again, [Sheet("s", ["a"], [Column("s", ["x", "y"])])])
    first = again.read_bytes()
    write_sheets(again, [Sheet("s", ["a"], [Column("s", ["x", "y"])])])
    assert again.read_bytes() == first  # no clock in the file: the demo's determinism


def test_an_infinite_or_missing_number_is_an_empty_cell_in_every_column_kind(tmp_path):
    """A rate over a zero population can be infinite: the workbook is still written, cell empty."""
    path = tmp_path / "inf.xlsx"
    values = [1.5, float("inf"), float("-inf"), float("nan"), 2]
    write_sheets(path, [Sheet("s", ["n", "m", "x"], [Column("n", values), Column("m", values), Column("x", values)])])
    sheet = openpyxl.load_workbook(path).active
    for column in "ABC":
        assert [sheet[f"{column}{r}"].value for r in range(2, 7)] == [1.5, None, None, None, 2]


def test_dates_are_uk_dates_and_mixed_columns_keep_their_dashes(tmp_path):
    path = tmp_path / "d.xlsx"
    write_sheets(path, [Sheet("s", ["d", "md", "m"], [
        Column("d", pd.to_datetime(["2018-11-01", None])),
        Column("md", [np.datetime64("2018-11-01"), "-"]),
        Column("m", [43405.0, "-"])])])
    ws = openpyxl.load_workbook(path).active
    assert (ws["A2"].value, ws["A2"].number_format) == (dt.datetime(2018, 11, 1), "dd/mm/yyyy")
    assert ws["A3"].value is None
    assert (ws["B2"].value, ws["B3"].value) == (dt.datetime(2018, 11, 1), "-")
    assert (ws["C2"].value, ws["C3"].value) == (43405, "-")


def test_a_labelled_workbook_marks_every_sheet_and_splits_by_team(tmp_path):
    frame = pd.DataFrame({"child_id": ["A1", "B2", "C3"], "team": ["North", "South", None],
                          "sex_label": ["Female", "Male", "Female"], "sex": ["F", "M", "F"],
                          "cpp_start_date": pd.to_datetime(["2017-01-05 10:30", "2016-03-01 00:00", "2017-06-30 00:00"])})
    labels = Labels("RESTRICTED", "Demo Council", "July to December 2018", 'dd.cohort("cp_children")',
                    notes=("Random sample of 3, seed 7",))
    path = write_labelled_workbook(tmp_path / "list.xlsx", {"Children on a plan": frame}, labels, by="team")
    wb = openpyxl.load_workbook(path)
    assert wb.sheetnames == ["North", "South", "Not recorded"]
    for ws in wb.worksheets:
        column_a = [c.value for c in ws["A"]]
        assert column_a[0].startswith("RESTRICTED") and ws["A1"].font.b
        assert "Demo Council - July to December 2018" in column_a
        assert 'Produced by: dd.cohort("cp_children")' in column_a and "Random sample of 3, seed 7" in column_a
    north = wb["North"]
    header_row = next(r for r in north.iter_rows() if r[0].value == "child_id")
    assert [c.value for c in header_row] == ["child_id", "team", "sex", "sex_label", "cpp_start_date"]
    data = north[header_row[0].row + 1]
    assert data[4].value == dt.datetime(2017, 1, 5) and data[4].number_format == "dd/mm/yyyy"  # no time
    assert north.freeze_panes == f"A{header_row[0].row + 1}"
    with pytest.raises(ValueError, match="marking must be one of RESTRICTED, OPEN"):
        Labels("SECRET", "x", "y", "z")
