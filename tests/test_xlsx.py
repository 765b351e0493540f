"""The package's own .xlsx writer (safeguarding.xlsx): a valid workbook that openpyxl and
python-calamine read back cell for cell, with the types, number formats, header style, column
widths and frozen panes the indicator workbook needs."""
import datetime as dt
import zipfile

import numpy as np
import openpyxl
import pandas as pd
import python_calamine as pc
import pytest

from safeguarding.xlsx import Column, Sheet, write_xlsx

VALUES = ["text", "", None, 7, 2.5, 3.0, float("nan"), dt.date(2018, 7, 1),
          pd.Timestamp("2018-12-31"), True, np.int64(4), "=HYPERLINK(\"x\")", "a<b & \"c\"", " pad ",
          "bad\x01char", pd.NaT, "£ – ►"]


@pytest.fixture
def workbook(tmp_path):
    path = tmp_path / "t.xlsx"
    write_xlsx(path, [
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
        (True, "0"), (4, "General"), ('=HYPERLINK("x")', "General"), ('a<b & "c"', "General"),
        (" pad ", "General"), ("badchar", "General"), (None, "General"), ("£ – ►", "General")]
    assert ws["B13"].data_type == "s"  # text stays text, never a formula
    assert [c.value for c in ws[1]] == ["Id", "Value", "Other"]
    assert all(c.font.b and c.fill.fgColor.rgb == "00DDE5EE" and c.alignment.wrap_text for c in ws[1])
    assert not ws["A2"].font.b
    assert ws.freeze_panes == "D2"
    assert ws.column_dimensions["A"].width == 30 and ws.column_dimensions["C"].width == 12.5
    assert [c.value for c in wb['all "rows"']["A"]] == ["n", 1, 2.5]  # a blank last row is no row


def test_reads_the_same_in_calamine(workbook):
    wb = pc.CalamineWorkbook.from_path(str(workbook))
    rows = wb.get_sheet_by_name("monthly").to_python()
    assert rows[0] == ["Id", "Value", "Other"]
    assert [r[1] for r in rows[1:]][:6] == ["text", "", "", 7, 2.5, 3]
    assert rows[8][1] == dt.date(2018, 7, 1) and rows[10][1] is True


def test_package_parts(workbook):
    with zipfile.ZipFile(workbook) as z:
        assert z.testzip() is None
        assert {"[Content_Types].xml", "xl/workbook.xml", "xl/styles.xml", "xl/sharedStrings.xml",
                "xl/worksheets/sheet1.xml", "xl/worksheets/sheet2.xml"} <= set(z.namelist())


def test_an_infinite_or_missing_number_is_an_empty_cell_in_every_column_kind(tmp_path):
    """A rate over a zero population can be infinite: the workbook is still written, cell empty."""
    path = tmp_path / "inf.xlsx"
    values = [1.5, float("inf"), float("-inf"), float("nan"), 2]
    write_xlsx(path, [Sheet("s", ["n", "m", "x"], [Column("n", values), Column("m", values), Column("x", values)])])
    sheet = openpyxl.load_workbook(path).active
    for column in "ABC":
        assert [sheet[f"{column}{r}"].value for r in range(2, 7)] == [1.5, None, None, None, 2]
