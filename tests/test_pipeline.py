"""End to end: the real papermill + nbconvert + WeasyPrint pipeline on a small synthetic council.

Asserts on written artefacts: published folder, HTML without code, PDF text, indicators files,
manifest; and on the safety rules: failed sections and leaks are not published, a killed run
leaves the previous report intact, fatal input exits 3 with a clear message, runs repeat exactly.
"""
from __future__ import annotations

import errno
import json
import os
import re
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import nbformat
import pandas as pd
import pytest

from safeguarding.report.runner import run_report

ROOT = Path(__file__).resolve().parents[1]
PERIOD = "2018-07..2018-12"
SLUG = "2018-07_2018-12"


@pytest.fixture(scope="session")
def small_council(tmp_path_factory) -> Path:
    from safeguarding.demo.generator import generate_demo

    folder = tmp_path_factory.mktemp("council") / "data"
    generate_demo(folder, scale=0.05, seed=7)
    return folder


def write_params(folder: Path, data: Path, name: str = "test", extra: str = "") -> Path:
    commentary = folder / "commentary" / SLUG
    commentary.mkdir(parents=True, exist_ok=True)
    (commentary / "front_door.md").write_text(
        "## What is going well?\n- Decisions are quick.\n\n## What are our areas for improvement?\n"
        "- Referral quality.\n", encoding="utf-8")
    path = folder / f"{name}.yaml"
    path.write_text(
        f"council: {{name: Test Council, short_name: {name}}}\n"
        f"inputs: {{folder: '{data}'}}\n"
        f"period: '{PERIOD}'\n"
        # dated as at the data extract: "rendered" (the default) would make the improvement plan's
        # overdue list depend on the day the tests run
        "report: {commentary_folder: commentary, date: extract}\n" + extra, encoding="utf-8")
    return path


@pytest.fixture(scope="session")
def published(small_council, tmp_path_factory):
    """One full run (both editions, PDF) shared by the artefact tests."""
    folder = tmp_path_factory.mktemp("run")
    params = write_params(folder, small_council)
    result = run_report(params, output_root=folder / "outputs", progress=False, log=lambda *_: None)
    return result


def test_run_is_published_with_every_artefact(published):
    assert published.published, (published.failed_sections, published.leaks)
    run = published.final_dir
    assert run.name == SLUG
    for name in ["index.html", "report.pdf", "indicators.csv", "indicators.xlsx", "manifest.json",
                 "data_quality_summary.csv", "restricted/indicators.csv", "restricted/report/index.html",
                 "restricted/prepared/meta.json", "restricted/data_quality_rows.csv"]:
        assert (run / name).exists(), name
    sections = sorted(p.name for p in (run / "sections").glob("*.html"))
    assert sections[0] == "00_summary.html" and "01_front_door.html" in sections and len(sections) == 14


def test_html_has_no_code_and_shows_the_mash_table(published):
    html = (published.final_dir / "sections" / "01_front_door.html").read_text(encoding="utf-8")
    assert "jp-InputArea" not in html and "open_section" not in html and "import " not in html
    assert "<script" not in html  # works offline, prints with WeasyPrint
    for text in ["Contacts", "Jul 18", "Dec 18", "Target", "What is going well?", "Decisions are quick."]:
        assert text in html, text


def test_pdf_contains_the_report(published):
    from pypdf import PdfReader

    reader = PdfReader(str(published.final_dir / "report.pdf"))
    assert len(reader.pages) > 5
    text = "\n".join(page.extract_text() for page in reader.pages)
    assert "Front door" in text and "Page 2 of" in text


@pytest.mark.skipif(shutil.which("pdftoppm") is None or shutil.which("pdftotext") is None,
                    reason="poppler-utils not installed")
def test_printed_report_keeps_every_column_and_marks_every_page(published):
    from pypdf import PdfReader

    from safeguarding.report.printcheck import page_texts, pages_cut_off

    pdf = published.final_dir / "report.pdf"
    assert pages_cut_off(pdf) == []  # every page rendered to an image: nothing runs into the margin
    texts = page_texts(pdf)
    assert all("OPEN" in t for t in texts)  # the edition marking on every page
    # the cover report first, then the contents numbered as the headings are (0-13), with the
    # page each section starts on
    assert "Cover report" in texts[0] and "Recommendations" in texts[0]
    at = next(i for i, t in enumerate(texts) if "Contents" in t)
    contents = texts[at]
    assert "0. Summary and headline scorecard" in contents and "13. Data quality" in contents
    front_page = next(i for i, t in enumerate(texts) if i > at and "1. Front door: MASH and referrals" in t)
    assert re.search(r"1\. Front door: MASH and referrals\s*\.+\s*" + str(front_page + 1) + r"\b",
                     " ".join(contents.split()))
    # six months' table on a portrait page (a year's goes landscape) with its last columns on the paper
    front = " ".join(texts[front_page:front_page + 2])
    assert "Monthly indicators" in front and "Dec 18" in front and "vs same" in front and "last year" in front
    page = PdfReader(pdf).pages[front_page]
    assert float(page.mediabox.width) < float(page.mediabox.height)


def test_commentary_command_scaffolds_the_period(small_council, tmp_path):
    from safeguarding.cli import main

    params = write_params(tmp_path, small_council)
    written = tmp_path / "commentary" / SLUG / "front_door.md"
    before = written.read_text(encoding="utf-8")
    assert main(["commentary", "--params", str(params), "--period", "2018-07..2018-12"]) == 0
    assert written.read_text(encoding="utf-8") == before  # existing commentary untouched
    cp = (tmp_path / "commentary" / SLUG / "cp.md").read_text(encoding="utf-8")
    assert cp.startswith("<!-- NOTES FOR THE WRITER") and "## What is going well?" in cp
    assert "in July to December 2018; previous period (January to June 2018)" in cp


def test_open_indicators_are_suppressed_and_restricted_are_exact(published):
    open_rows = pd.read_csv(published.final_dir / "indicators.csv", dtype=str)
    exact = pd.read_csv(published.final_dir / "restricted" / "indicators.csv")
    counts = pd.to_numeric(open_rows["numerator"], errors="coerce")
    assert not counts.between(1, 5).any()
    assert exact["numerator"].between(1, 5).any()  # a small council has small numbers


def test_manifest_records_inputs_params_and_versions(published):
    manifest = json.loads((published.final_dir / "restricted" / "manifest.json").read_text())
    assert manifest["period"] == PERIOD
    assert manifest["leak_check"]["passed"] is True
    assert {"pandas", "papermill", "weasyprint"} <= set(manifest["package_versions"])
    assert any(i["file"] == "annex_a.xlsx" and len(i["sha256"]) == 64 for i in manifest["inputs"])
    assert manifest["editions"] == ["open", "restricted"]


def test_open_manifest_names_only_published_files_and_no_counts(published):
    text = (published.final_dir / "manifest.json").read_text()
    manifest = json.loads(text)
    assert manifest["period"] == PERIOD and manifest["edition"] == "open"
    files = [f["file"] for f in manifest["files"]]
    assert {"index.html", "report.pdf", "indicators.csv", "sections/01_front_door.html"} <= set(files)
    assert "annex_a.xlsx" not in text and "inputs" not in manifest and "rows" not in manifest
    assert str(published.final_dir.parent) not in text and '"/' not in text  # no paths of this machine


def test_open_outputs_give_no_hidden_count_back(published):
    from safeguarding.disclosure.audit import audit_open_outputs

    assert audit_open_outputs(published.final_dir, 5) == []
    open_rows = pd.read_csv(published.final_dir / "indicators.csv", dtype=str)
    # only the report period: its six months and its own row
    assert sorted(open_rows["month"].unique()) == sorted([*(f"2018-{m:02d}" for m in range(7, 13)), PERIOD])
    assert "suppression" not in open_rows.columns  # a "c" never says whether it is a small count


def test_the_report_is_in_the_ledger_with_what_it_published(published):
    from safeguarding.disclosure.audit import audit_open_outputs
    from safeguarding.disclosure.ledger import Ledger

    ledger = Ledger.for_council(published.final_dir.parent)
    [entry] = ledger.entries()
    assert (entry.kind, entry.report, entry.period) == ("published", SLUG, PERIOD)
    manifest = json.loads((published.final_dir / "restricted" / "manifest.json").read_text())
    assert manifest["ledger"]["entry"] == entry.seq and manifest["ledger"]["hash"] == entry.hash
    records = ledger.records()
    assert {"indicator", "table"} <= set(records["kind"]) and records["value"].notna().any()
    assert not records.loc[records["status"].isin(["primary", "secondary"]), "value"].notna().any()
    # the report read with everything the council published (itself) gives nothing back
    assert [f for f in audit_open_outputs(published.final_dir, 5, ledger=records) if f.kind == "recoverable"] == []
    summary = manifest["disclosure"]
    assert summary["indicator_rows"] > 0 and 0 <= summary["indicator_rows_hidden"] <= summary["indicator_rows"]


def _quick(params, root, **kw):
    """Two sections: a draft beside the report (a --sections run never replaces the report)."""
    return run_report(params, output_root=root, editions=("open",), sections=["front_door", "data_quality"],
                      pdf=False, progress=False, log=lambda *_: None, **kw)


def _copy_of_published(published, tmp_path) -> tuple[Path, Path]:
    """The session's published run (report, cache) with its params and commentary, copied so a
    test can edit and re-run it; the params file is byte-identical, so the cache applies."""
    source = published.final_dir.parents[2]
    shutil.copy(source / "test.yaml", tmp_path / "test.yaml")
    shutil.copytree(source / "commentary", tmp_path / "commentary")
    shutil.copytree(source / "outputs", tmp_path / "out")
    return tmp_path / "test.yaml", tmp_path / "out"


def test_rerun_gives_identical_indicators(small_council, tmp_path):
    params = write_params(tmp_path, small_council)
    first = _quick(params, tmp_path / "out")
    a = (first.final_dir / "restricted" / "indicators.csv").read_bytes()
    second = _quick(params, tmp_path / "out", use_cache=False)
    assert second.exit_code == 0 and second.draft
    assert (second.final_dir / "restricted" / "indicators.csv").read_bytes() == a


def test_failing_section_is_reported_others_render_and_nothing_is_replaced(published, tmp_path, monkeypatch):
    params, out = _copy_of_published(published, tmp_path)
    good = out / "test" / SLUG
    before = (good / "index.html").read_bytes()
    broken = tmp_path / "notebooks"
    shutil.copytree(ROOT / "notebooks", broken)
    nb = nbformat.read(str(broken / "01_front_door.ipynb"), as_version=4)
    nb.cells.append(nbformat.v4.new_code_cell("raise RuntimeError('planted failure')"))
    nbformat.write(nb, str(broken / "01_front_door.ipynb"))
    monkeypatch.setenv("SAFEGUARDING_NOTEBOOKS", str(broken))
    # only the edited notebook misses the cache and runs; the other ten are reused
    result = run_report(params, output_root=out, editions=("open",), pdf=False, progress=False, log=lambda *_: None)
    assert not result.published and result.exit_code == 1
    assert result.failed_sections == ["front_door"]
    assert (good / "index.html").read_bytes() == before  # last good report untouched
    failed = tmp_path / "out" / "test" / f"{SLUG}.failed"
    assert (failed / "sections" / "13_data_quality.html").exists()  # the others still rendered
    assert "planted failure" in (failed / "index.html").read_text()


def test_an_analysts_own_cell_does_not_reach_the_open_edition(published, tmp_path, monkeypatch):
    from safeguarding.report.sections import BY_KEY

    lado = BY_KEY["lado"].slug
    params, out = _copy_of_published(published, tmp_path)
    notebooks = tmp_path / "notebooks"
    shutil.copytree(ROOT / "notebooks", notebooks)
    nb = nbformat.read(str(notebooks / f"{lado}.ipynb"), as_version=4)
    nb.cells.append(nbformat.v4.new_code_cell(
        "import pandas as pd\npd.DataFrame({'allegations': [2, 1, 3]}, index=['Jul', 'Aug', 'Sep'])"))
    nb.cells.append(nbformat.v4.new_code_cell("print('allegations this quarter:', 6)"))
    nbformat.write(nb, str(notebooks / f"{lado}.ipynb"))
    monkeypatch.setenv("SAFEGUARDING_NOTEBOOKS", str(notebooks))
    lines = []
    result = run_report(params, output_root=out, sections=["lado"], pdf=False, progress=False, log=lines.append)
    assert result.exit_code == 0
    page = (result.final_dir / "sections" / f"{lado}.html").read_text(encoding="utf-8")
    assert "<th>allegations</th>" not in page and "allegations this quarter" not in page
    assert "did not come through the report's disclosure control" in page  # a visible note where they stood
    restricted = (result.final_dir / "restricted" / "report" / "sections" / f"{lado}.html").read_text(encoding="utf-8")
    assert "<th>allegations</th>" in restricted and "allegations this quarter: 6" in restricted
    assert any("section lado has output that did not come through disclosure control" in line for line in lines)


def _planted(message="planted fault"):
    def fail(*args, **kwargs):
        raise ValueError(message)
    return fail


class _BrokenPdf:
    """A PDF process that failed: what ``PdfJob.wait`` raises for a WeasyPrint crash."""

    def __init__(self, *args):
        pass

    def wait(self):
        from safeguarding.report.pdf import PdfError

        error = PdfError("the PDF could not be produced (exit code 1): MemoryError: planted fault")
        error.details = "Traceback (most recent call last):\n  ...\nMemoryError: planted fault"
        raise error

    def stop(self):
        pass


# (what is broken, the step the one line names); every step after prepare. A cached run
# re-renders without executing, so each case costs a render.
FAULTS = [
    ("safeguarding.report.runner._write_quality_files", "writing the indicator files"),
    ("safeguarding.report.runner.write_pages", "rendering the pages"),
    ("safeguarding.report.runner.start_pdf", "printing the PDF"),
    ("safeguarding.disclosure.leakcheck.check_open_folder", "the leak check"),
    ("safeguarding.disclosure.audit._small_published", "the recovery audit"),
    ("safeguarding.disclosure.leakcheck.check_open_files", "the leak check of the PDF"),
    ("safeguarding.report.runner._write_manifest", "writing the manifests"),
]


@pytest.mark.parametrize("target, step", FAULTS, ids=[step for _, step in FAULTS])
def test_an_unexpected_error_after_prepare_is_one_line_and_a_kept_failed_folder(
        published, tmp_path, monkeypatch, capsys, target, step):
    from safeguarding.cli import main
    from safeguarding.report.cache import RunCache

    params, out = _copy_of_published(published, tmp_path)
    before = (out / "test" / SLUG / "index.html").read_bytes()
    _no_execution(monkeypatch)
    monkeypatch.setattr(RunCache, "restore_files", lambda self, run_dir: False)  # the files are written again
    monkeypatch.setattr(target, _BrokenPdf if target.endswith("start_pdf") else _planted())
    code = main(["run", "--params", str(params), "--output-root", str(out), "--quiet", "--edition", "open"])
    said = capsys.readouterr()
    assert code == 1
    assert "Traceback" not in said.out + said.err
    lines = [line for line in said.out.splitlines() if line.startswith("NOT published")]
    assert len(lines) == 1 and lines[0].startswith(f"NOT published: {step} failed: ")
    assert "planted fault" in lines[0]
    assert f"the previous report in {out / 'test' / SLUG} is unchanged" in lines[0]
    assert (out / "test" / SLUG / "index.html").read_bytes() == before
    error_log = out / "test" / f"{SLUG}.failed" / "restricted" / "run-error.log"
    text = error_log.read_text()
    assert text.startswith(f"{step} failed") and "Traceback" in text and "planted fault" in text
    assert error_log.stat().st_mode & 0o077 == 0  # the owner's alone: it may quote child-level values
    assert not list((out / "test").glob(".*partial*"))


def test_a_run_that_fails_with_no_earlier_report_says_so(published, tmp_path, monkeypatch):
    params, out = _copy_of_published(published, tmp_path)
    shutil.rmtree(out / "test" / SLUG)  # never published: only the cache is left
    _no_execution(monkeypatch)
    monkeypatch.setattr("safeguarding.report.runner.write_pages", _planted())
    said = []
    result = run_report(params, output_root=out, editions=("open",), pdf=False, progress=False, log=said.append)
    assert result.exit_code == 1 and result.error.startswith("rendering the pages failed: ValueError")
    assert not any("is unchanged" in line for line in said)
    assert any("there is no earlier report for this period" in line for line in said)
    assert not (out / "test" / SLUG).exists()


def test_planted_identifier_fails_the_leak_check(small_council, published, tmp_path):
    tables_child = pd.read_excel(small_council / "annex_a.xlsx", sheet_name="List 1", nrows=3, engine="calamine")
    child_id = str(tables_child.iloc[0, 0])
    params, out = _copy_of_published(published, tmp_path)
    before = (out / "test" / SLUG / "index.html").read_bytes()
    note = tmp_path / "commentary" / SLUG / "front_door.md"
    note.write_text(f"## What is going well?\n- Child {child_id} was seen quickly.\n", encoding="utf-8")
    # commentary is read at render time, so the cached run still carries (and checks) the edit
    result = run_report(params, output_root=out, editions=("open",), pdf=False, progress=False, log=lambda *_: None)
    assert not result.published
    assert any(leak.value == child_id for leak in result.leaks)
    assert all(child_id not in str(leak) for leak in result.leaks)  # the log line masks it
    assert (out / "test" / SLUG / "index.html").read_bytes() == before


def test_fatal_input_exits_3_with_a_clear_message_and_keeps_the_old_report(small_council, tmp_path):
    params = write_params(tmp_path, small_council)
    good = _quick(params, tmp_path / "out")
    before = (good.final_dir / "index.html").read_bytes()
    bad = tmp_path / "bad"
    shutil.copytree(small_council, bad)
    (bad / "annex_a.xlsx").write_text("this is not a workbook", encoding="utf-8")
    text = params.read_text().replace(str(small_council), str(bad))
    params.write_text(text, encoding="utf-8")
    proc = subprocess.run([sys.executable, "-m", "safeguarding", "run", "--params", str(params),
                           "--output-root", str(tmp_path / "out"), "--quiet", "--no-pdf"],
                          capture_output=True, text=True)
    assert proc.returncode == 3
    assert "annex_a.xlsx" in proc.stderr and "Traceback" not in proc.stderr
    assert (good.final_dir / "index.html").read_bytes() == before


def test_killed_run_leaves_the_previous_report_intact(small_council, tmp_path):
    params = write_params(tmp_path, small_council)
    good = _quick(params, tmp_path / "out")
    before = (good.final_dir / "index.html").read_bytes()
    proc = subprocess.Popen([sys.executable, "-m", "safeguarding", "run", "--params", str(params),
                             "--output-root", str(tmp_path / "out"), "--quiet", "--no-pdf"],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)
    partial = None
    deadline = time.time() + 300  # prepare and the open figures come first (slow on a busy machine)
    while time.time() < deadline:  # wait until notebooks are executing
        partials = list((tmp_path / "out" / "test").glob(".*.partial-*/restricted/notebooks"))
        if partials:
            partial = partials[0]
            break
        time.sleep(0.2)
    assert partial is not None, "run never reached the notebooks"
    os.killpg(proc.pid, signal.SIGKILL)
    proc.wait()
    assert (good.final_dir / "index.html").read_bytes() == before
    from safeguarding.disclosure.ledger import Ledger

    assert Ledger.for_council(tmp_path / "out" / "test").entries() == []  # a draft is never recorded
    # the next run clears the dead run's partial folder and publishes normally
    again = _quick(params, tmp_path / "out")
    assert again.exit_code == 0
    assert not list((tmp_path / "out" / "test").glob(".*.partial-*"))


def test_two_periods_at_once_do_not_clobber_each_other(small_council, tmp_path):
    params = write_params(tmp_path, small_council)
    cmd = [sys.executable, "-m", "safeguarding", "run", "--params", str(params), "--output-root",
           str(tmp_path / "out"), "--quiet", "--no-pdf", "--edition", "open", "--sections", "front_door",
           "--jobs", "1"]
    a = subprocess.Popen(cmd + ["--period", "2018-19-Q2"])
    b = subprocess.Popen(cmd + ["--period", "2018-19-Q3"])
    assert a.wait() == 0 and b.wait() == 0
    for slug in ("2018-19-Q2", "2018-19-Q3"):
        manifest = json.loads((tmp_path / "out" / "test" / f"{slug}.draft" / "manifest.json").read_text())
        assert manifest["period"] == slug


def _table_rows(html: str) -> list[list[str]]:
    import re

    rows = []
    for tr in re.findall(r"<tr.*?</tr>", html, re.S):
        cells = re.findall(r"<t[hd][^>]*>(.*?)</t[hd]>", tr, re.S)
        rows.append([re.sub(r"<[^>]+>", " ", c).split() for c in cells])
    return rows


def test_front_door_table_shows_the_library_values(published):
    """The notebook displays the indicator library's numbers (it never recomputes them)."""
    html = (published.final_dir / "sections" / "01_front_door.html").read_text(encoding="utf-8")
    exact = pd.read_csv(published.final_dir / "restricted" / "indicators.csv")
    july = exact[(exact["indicator_id"] == "contacts") & (exact["month"] == "2018-07")]["value"].iloc[0]
    row = next(r for r in _table_rows(html) if r and " ".join(r[0]).startswith("No. of contacts received"))
    assert row[1][0] == f"{int(july):,}"  # first month column, Jul 18


@pytest.mark.parametrize("slug,months_shown", [
    ("01_front_door", True), ("02_out_of_hours", True), ("03_assessments", True), ("04_cin", True), ("05_cp", True),
    ("06_private_fostering", True), ("07_young_carers", True), ("08_lado", True), ("09_proceedings", True),
])
def test_each_section_has_its_monthly_table_rag_and_commentary_slot(published, slug, months_shown):
    html = (published.final_dir / "sections" / f"{slug}.html").read_text(encoding="utf-8")
    assert 'class="report-table indicator-table"' in html
    for month in ["Jul 18", "Aug 18", "Sep 18", "Oct 18", "Nov 18", "Dec 18", "Target", "RAG"]:
        assert month in html, (slug, month)
    assert "rag-" in html  # RAG cells carry their class (none/grey/green/amber/red)
    assert "What is going well?" in html or "Commentary not yet written" in html
    assert "How these figures are defined" in html


def test_improvement_plan_and_data_quality_sections(published):
    plan = (published.final_dir / "sections" / "12_improvement_plan.html").read_text(encoding="utf-8")
    assert "status-red" in plan and "Reason for revision" in plan
    dq = (published.final_dir / "sections" / "13_data_quality.html").read_text(encoding="utf-8")
    assert "Rows read" in dq and "AA4-010" in dq  # planted: assessments authorised before they started
    restricted = (published.final_dir / "restricted" / "report" / "sections" / "13_data_quality.html").read_text()
    assert "annex_a.xlsx" in restricted and "annex_a.xlsx" not in dq.split("Row-by-row")[0]


# ---- the analyst's loop: cache, commentary at render time, drafts -----------------------------
def _no_execution(monkeypatch):
    from safeguarding.report import execute

    def refuse(*args, **kwargs):
        raise AssertionError("a notebook was executed although data, params and notebooks are unchanged")

    monkeypatch.setattr(execute, "KernelPool", refuse)


def test_commentary_edit_rerenders_from_the_cache_pdf_included(published, tmp_path, monkeypatch):
    from pypdf import PdfReader

    params, out = _copy_of_published(published, tmp_path)
    _no_execution(monkeypatch)
    (tmp_path / "commentary" / SLUG / "front_door.md").write_text(
        "## What is going well?\n- Contacts decided within one working day rose to 91%.\n\n"
        "## What are our areas for improvement?\n- Repeat referrals within 12 months.\n", encoding="utf-8")
    result = run_report(params, output_root=out, progress=False, log=lambda *_: None)
    assert result.published
    html = (result.final_dir / "sections" / "01_front_door.html").read_text(encoding="utf-8")
    assert "rose to 91%" in html and "Decisions are quick." not in html
    restricted = (result.final_dir / "restricted" / "report" / "sections" / "01_front_door.html").read_text()
    assert "rose to 91%" in restricted
    text = " ".join(page.extract_text() for page in PdfReader(str(result.final_dir / "report.pdf")).pages)
    assert "rose to 91%" in " ".join(text.split())


def test_the_commentary_check_runs_at_render_for_the_restricted_edition_and_drafts(published, tmp_path, monkeypatch,
                                                                                   capsys):
    from safeguarding.cli import main

    params, out = _copy_of_published(published, tmp_path)
    _no_execution(monkeypatch)
    (tmp_path / "commentary" / SLUG / "front_door.md").write_text(
        "## What is going well?\n- Timeliness of MASH decisions cannot yet be reported.\n\n"
        "## What are our areas for improvement?\n- Referral quality.\n", encoding="utf-8")
    lines = []
    result = run_report(params, output_root=out, pdf=False, progress=False, log=lines.append)
    assert result.published  # advice for the writer never stops a report
    check = pd.read_csv(result.final_dir / "restricted" / "commentary_check.csv")
    assert check[["section", "line", "severity", "kind", "indicator_id"]].values.tolist() == [  # noqa
        ["front_door", 2, "disagreement", "no_data", "mash_decision_timely_pct"]], lines
    assert any(line.startswith("commentary check: 1 disagreement") for line in lines)
    block = '<div class="commentary-check"'
    opened = (result.final_dir / "sections" / "01_front_door.html").read_text(encoding="utf-8")
    restricted = (result.final_dir / "restricted" / "report" / "sections" / "01_front_door.html").read_text()
    assert block not in opened and "cannot yet be reported" in opened
    assert block in restricted and "Disagrees" in restricted.split(block)[1]
    assert block not in (result.final_dir / "report.html").read_text(encoding="utf-8")
    draft = run_report(params, output_root=out, draft=True, progress=False, log=lambda *_: None)
    for page in (draft.final_dir / "sections" / "01_front_door.html",
                 draft.final_dir / "restricted" / "report" / "sections" / "01_front_door.html"):
        assert "Disagrees" in page.read_text(encoding="utf-8").split(block)[1], page
    # the command reuses the run's cache, prints the disagreement and exits 1
    assert main(["commentary", "--check", "--params", str(params), "--output-root", str(out)]) == 1
    printed = capsys.readouterr().out
    assert "front_door.md line 2: DISAGREES" in printed and "1 disagreement" in printed


def test_missing_commentary_marker_names_the_file_expected(published):
    html = (published.final_dir / "sections" / "05_cp.html").read_text(encoding="utf-8")
    folder = published.final_dir.parents[2]
    assert f"{folder.name}/commentary/{SLUG}/cp.md" in html  # starts at the params file's folder
    assert str(folder.parent) not in html  # never an absolute path of the analyst's machine


def test_marker_path_is_relative_to_the_current_folder(tmp_path, monkeypatch):
    from safeguarding.params import params_from_dict
    from safeguarding.periods import parse_period
    from safeguarding.report.render import Commentary

    (tmp_path / "params").mkdir()
    params = params_from_dict({"report": {"commentary_folder": "commentary"}}, str(tmp_path / "params" / "p.yaml"))
    params.source_path = str(tmp_path / "params" / "p.yaml")
    monkeypatch.chdir(tmp_path)
    commentary = Commentary(params, parse_period(PERIOD))
    assert commentary.shown_as("front_door.md") == f"params/commentary/{SLUG}/front_door.md"
    html = commentary.html({"kind": "commentary", "file": "front_door.md"})
    assert f"write params/commentary/{SLUG}/front_door.md" in html and 'class="draft-marker"' in html


def test_a_data_change_invalidates_the_cache(small_council, tmp_path):
    from safeguarding.params import load_params
    from safeguarding.periods import parse_period
    from safeguarding.report.cache import RunCache, cache_key

    data = tmp_path / "data"
    shutil.copytree(small_council, data)
    params_path = write_params(tmp_path, data)
    period = parse_period(PERIOD)
    key = cache_key(load_params(params_path), period)
    (tmp_path / "commentary" / SLUG / "cp.md").write_text("## What is going well?\n- Visits.\n", encoding="utf-8")
    assert cache_key(load_params(params_path), period) == key  # commentary is not in the key
    extract = sorted(p for p in data.rglob("*.csv"))[0]
    extract.write_bytes(extract.read_bytes() + b"\n")
    changed = cache_key(load_params(params_path), period)
    assert changed != key
    council = tmp_path / "out" / "test"
    (council / ".cache" / SLUG / "prepared").mkdir(parents=True)
    (council / ".cache" / SLUG / "key").write_text(key)
    assert not RunCache(council, period, changed).has_prepared()
    assert not (council / ".cache" / SLUG / "prepared").exists()  # the stale entry is gone


def test_a_bare_relative_input_folder_is_in_the_cache_key(small_council, tmp_path):
    """``inputs.folder: data`` (no slash, no dot) names the inputs as much as ``../data`` does."""
    from safeguarding.params import load_params
    from safeguarding.periods import parse_period
    from safeguarding.report.cache import cache_key

    shutil.copytree(small_council, tmp_path / "data")
    params_path = write_params(tmp_path, Path("data"))
    assert load_params(params_path).inputs.folder == "data"
    period = parse_period(PERIOD)
    key = cache_key(load_params(params_path), period)
    population = tmp_path / "data" / "population.csv"
    population.write_text(population.read_text().replace(",", ",1", 1), encoding="utf-8")
    assert cache_key(load_params(params_path), period) != key


def test_a_changed_input_under_a_bare_relative_folder_is_read_again(small_council, tmp_path):
    """The stale-cache report: with ``inputs.folder: data`` a changed population.csv gave the old
    rates. Halving every population must double the referral rate the second run prepares."""
    shutil.copytree(small_council, tmp_path / "data")
    params = write_params(tmp_path, Path("data"))

    def referral_rate(result):
        frame = pd.read_csv(result.final_dir / "restricted" / "indicators.csv")
        row = frame[(frame["indicator_id"] == "referral_rate_r12") & (frame["month"] == "2018-12")]
        return float(row["value"].iloc[0])

    first = referral_rate(_quick(params, tmp_path / "out"))
    population = pd.read_csv(tmp_path / "data" / "population.csv")
    population["population_0_17"] = population["population_0_17"] // 2
    population.to_csv(tmp_path / "data" / "population.csv", index=False)
    second = referral_rate(_quick(params, tmp_path / "out"))
    assert second == pytest.approx(2 * first, rel=1e-3)


def test_every_input_path_of_the_params_is_in_the_cache_key():
    """A new params field naming a file or folder must join ``INPUT_PATHS`` (or be read at render
    time, as the commentary folder is)."""
    import dataclasses

    from safeguarding.params import Params
    from safeguarding.report.cache import INPUT_PATHS

    defaults = Params()
    named = {(section.name, f.name) for section in dataclasses.fields(Params)
             if dataclasses.is_dataclass(getattr(defaults, section.name))
             for f in dataclasses.fields(getattr(defaults, section.name))
             if f.name.endswith(("folder", "_file", "_path"))}
    assert named - {("report", "commentary_folder")} == set(INPUT_PATHS)


def test_an_edited_notebook_misses_the_cache_alone(published, tmp_path):
    from safeguarding.params import load_params
    from safeguarding.periods import parse_period
    from safeguarding.report.cache import RunCache, cache_key
    from safeguarding.report.sections import SECTIONS

    params = load_params(published.final_dir.parents[2] / "test.yaml")
    period = parse_period(PERIOD)
    cache = RunCache(published.final_dir.parent, period, cache_key(params, period))
    assert set(cache.notebooks(SECTIONS, "open", ROOT / "notebooks")) == {s.key for s in SECTIONS}
    edited = tmp_path / "notebooks"
    shutil.copytree(ROOT / "notebooks", edited)
    nb = nbformat.read(str(edited / "05_cp.ipynb"), as_version=4)
    nb.cells.append(nbformat.v4.new_code_cell("section.definitions()"))
    nbformat.write(nb, str(edited / "05_cp.ipynb"))
    assert set(cache.notebooks(SECTIONS, "both", edited)) == {s.key for s in SECTIONS} - {"cp"}


def test_draft_is_marked_on_every_page_and_never_replaces_the_report(published, tmp_path, monkeypatch):
    params, out = _copy_of_published(published, tmp_path)
    before = (out / "test" / SLUG / "index.html").read_bytes()
    _no_execution(monkeypatch)
    result = run_report(params, output_root=out, draft=True, progress=False, log=lambda *_: None)
    assert result.draft and not result.published and result.exit_code == 0
    assert result.final_dir == out / "test" / f"{SLUG}.draft"
    pages = list(result.final_dir.rglob("*.html"))
    assert len(pages) == 2 * 16  # both editions: index, report and 14 sections
    for page in pages:
        assert "DRAFT for writing commentary" in page.read_text(encoding="utf-8"), page
    assert not list(result.final_dir.rglob("*.pdf"))
    assert (out / "test" / SLUG / "index.html").read_bytes() == before


def test_sections_run_writes_a_draft_beside_the_report(published, tmp_path):
    params, out = _copy_of_published(published, tmp_path)
    before = (out / "test" / SLUG / "index.html").read_bytes()
    proc = subprocess.run([sys.executable, "-m", "safeguarding", "run", "--params", str(params), "--output-root",
                           str(out), "--quiet", "--sections", "lado"], capture_output=True, text=True)
    assert proc.returncode == 0, proc.stderr
    draft = out / "test" / f"{SLUG}.draft"
    assert [p.name for p in (draft / "sections").glob("*.html")] == ["08_lado.html"]
    assert "DRAFT" in (draft / "sections" / "08_lado.html").read_text(encoding="utf-8")
    assert (out / "test" / SLUG / "index.html").read_bytes() == before
    assert len(list((out / "test" / SLUG / "sections").glob("*.html"))) == 14


# ---- faults -------------------------------------------------------------------------------------
@pytest.mark.parametrize("code,words", [(errno.ENOSPC, "No space left on device"),
                                        (errno.EROFS, "Read-only file system"),
                                        (errno.EACCES, "Permission denied")])
def test_full_or_unwritable_output_is_one_message_and_exit_3(published, tmp_path, monkeypatch, capsys, code, words):
    from safeguarding.cli import main
    from safeguarding.report import runner

    params, out = _copy_of_published(published, tmp_path)
    before = (out / "test" / SLUG / "index.html").read_bytes()

    def refused(html_path, pdf_path):  # tests run as root, where chmod stops nothing
        raise OSError(code, os.strerror(code), str(pdf_path))

    monkeypatch.setattr(runner, "start_pdf", refused)
    assert main(["run", "--params", str(params), "--output-root", str(out), "--quiet"]) == 3
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and words in err and "Traceback" not in err
    assert "previous report" in err
    assert (out / "test" / SLUG / "index.html").read_bytes() == before
    assert not list((out / "test").glob(".*.partial-*"))


def test_a_refused_publish_puts_the_previous_report_back(published, tmp_path, monkeypatch):
    from safeguarding.report.runner import OutputError

    params, out = _copy_of_published(published, tmp_path)
    before = (out / "test" / SLUG / "index.html").read_bytes()
    real_rename = Path.rename

    def rename(self, target):
        if ".partial-" in self.name:  # the new report cannot move into place
            raise OSError(errno.EROFS, os.strerror(errno.EROFS), str(target))
        return real_rename(self, target)

    monkeypatch.setattr(Path, "rename", rename)
    with pytest.raises(OutputError, match="Read-only file system"):
        run_report(params, output_root=out, editions=("open",), pdf=False, progress=False, log=lambda *_: None)
    assert (out / "test" / SLUG / "index.html").read_bytes() == before
    assert not list((out / "test").glob(".*.partial-*")) and not list((out / "test").glob(".*.old-*"))


def test_output_path_outside_the_outputs_root_is_refused(tmp_path):
    from safeguarding.report.runner import OutputError, _council_dir

    root = tmp_path / "outputs"
    assert _council_dir(root, "demo") == root.resolve() / "demo"
    for name in ["../victim", ".", "", "/tmp/elsewhere", "a/../..", "a/../../victim"]:
        with pytest.raises(OutputError):
            _council_dir(root, name)
    assert not (tmp_path / "victim").exists()


def test_sigterm_cleans_up_like_ctrl_c(published, tmp_path):
    params, out = _copy_of_published(published, tmp_path)
    before = (out / "test" / SLUG / "index.html").read_bytes()
    proc = subprocess.Popen([sys.executable, "-m", "safeguarding", "run", "--params", str(params),
                             "--output-root", str(out), "--quiet", "--no-cache"],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    deadline = time.time() + 120
    while time.time() < deadline and not list((out / "test").glob(".*.partial-*/restricted/prepared/meta.json")):
        time.sleep(0.2)
    assert proc.poll() is None, "run ended before it could be stopped"
    proc.send_signal(signal.SIGTERM)
    _, err = proc.communicate(timeout=120)
    assert proc.returncode == 3 and "interrupted" in err and "Traceback" not in err, err[-3000:]
    assert not list((out / "test").glob(".*.partial-*"))  # no child-level data left behind
    assert (out / "test" / SLUG / "index.html").read_bytes() == before


def test_a_pdf_engine_without_its_libraries_publishes_the_html_and_says_so(published, tmp_path, monkeypatch):
    # WeasyPrint installed by pip on Windows without Pango fails when it is imported: the run says
    # so in one line and publishes the HTML edition, whose contents page then offers no PDF.
    fake = tmp_path / "fake_engine" / "weasyprint"
    fake.mkdir(parents=True)
    (fake / "__init__.py").write_text(
        "raise OSError(\"cannot load library 'libpango-1.0-0': error 0x7e\")\n", encoding="utf-8")
    monkeypatch.setenv("PYTHONPATH", str(fake.parent))
    params, out = _copy_of_published(published, tmp_path)
    _no_execution(monkeypatch)
    lines = []
    result = run_report(params, output_root=out, progress=False, log=lines.append)
    assert result.published and result.exit_code == 0
    assert not (result.final_dir / "report.pdf").exists()
    said = [line for line in lines if "PDF was not made" in line]
    assert len(said) == 1 and "libpango" in said[0] and "\n" not in said[0]
    index = (result.final_dir / "index.html").read_text(encoding="utf-8")
    assert "report.pdf" not in index and "report.html" in index
    manifest = json.loads((result.final_dir / "manifest.json").read_text(encoding="utf-8"))
    assert "report.pdf" not in json.dumps(manifest.get("files", manifest))
