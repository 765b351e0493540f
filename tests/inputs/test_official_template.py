"""The official Ofsted Annex A template layout (issue #19): its guidance and ``Codes_used`` sheets
are never read as lists, its list sheets (title rows above the headers) are, and a council that
fills it in gets a published report for a period holding the extract month and for a period
holding the first month of data."""
from __future__ import annotations

from pathlib import Path

import pytest

from safeguarding.inputs import load_inputs
from safeguarding.inputs.headers import identify_list, is_non_list_sheet
from safeguarding.quality import DataQualityLog

from .official_template import CODES_USED, EMPTY_LISTS, write_official_template

EXTRACT = "2015-03-10"  # the simulated council's extract date; its data start in April 2014


@pytest.fixture(scope="module")
def template_folder(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("template") / "data"
    write_official_template(folder / "annex_a_template.xlsx", start="2014-04-01", extract_date=EXTRACT)
    return folder


def test_guidance_and_codes_used_are_not_lists_and_lists_1_to_8_are_read(template_folder):
    log = DataQualityLog()
    tables = load_inputs(template_folder, log)
    findings = log.table()
    sheets = findings[findings["rule"] == "READ-SHEET"].set_index("sheet")["message"].to_dict()
    assert sheets["Codes_used"] == sheets["Guidance"] == "Guidance or code-list sheet (not a list); ignored"
    assert sheets["List 9 Care leavers"] == "List 9 is outside the report's scope; ignored"
    assert len(sheets) == 5  # and nothing else was skipped
    for table in ("contacts", "early_help", "referrals", "assessments", "s47", "cin", "cp_plans",
                  "looked_after"):
        assert len(tables[table]) > 0, table
    # the title rows are not data and the lettered drop-down values are all read
    assert not findings["rule"].isin(["READ-COL-UNKNOWN", "READ-COL-ABSENT"]).any()
    unread = findings[findings["rule"] == "READ-CODE"]
    assert unread["value"].tolist() == ["WHBR"]  # the demo council's one planted bad code


def test_a_code_list_sheet_is_not_a_list_whatever_its_name():
    """Codes_used's headings are List 9's code columns ("Eligibility Category", "Activity
    Status"): without a child ID column no sheet is scored as a list, under any name."""
    rows = [list(CODES_USED), *([v[0] for v in CODES_USED.values()] for _ in range(3))]
    assert identify_list(rows) == (None, None)
    assert identify_list([EMPTY_LISTS[9]]) == (9, 0)  # the real List 9 still is one
    assert identify_list([EMPTY_LISTS[11]]) == (11, 0)
    assert is_non_list_sheet("Codes_used") and is_non_list_sheet("GUIDANCE ") and is_non_list_sheet("Read me")
    assert not is_non_list_sheet("List 1 Contacts") and not is_non_list_sheet("Referrals")


def _publish(template_folder, tmp_path, period, *, pdf):
    from safeguarding.report.runner import run_report

    params = tmp_path / "template.yaml"
    params.write_text("council: {name: Template Council, short_name: template}\n"
                      f"inputs: {{folder: '{template_folder}'}}\n"
                      "report: {date: extract}\n", encoding="utf-8")
    return run_report(params, period, output_root=tmp_path / "outputs", progress=False, pdf=pdf,
                      log=lambda *_: None)


@pytest.mark.parametrize("period, pdf", [
    ("2015-01..2015-03", True),   # holds the extract month (March 2015, partly covered)
    ("2014-04..2014-06", False),  # holds the first month of data
])
def test_the_template_publishes(template_folder, tmp_path, period, pdf):
    result = _publish(template_folder, tmp_path, period, pdf=pdf)
    assert result.published, (result.failed_sections, [str(x) for x in result.leaks])
    assert (result.final_dir / "index.html").exists()
    assert (result.final_dir / "report.pdf").exists() == pdf
