"""Annex A list summaries (List 6 counts CIN open in the window, not started) and the inspection
pack: it renders on a tiny demo as a briefing (headline page, child lists cut in print, every list
whole in the RESTRICTED workbook); its open variant, marked OPEN, publishes no count 1-5 and no
identifier, and passes the report's open-output check."""
from __future__ import annotations

import pandas as pd
import pytest

from safeguarding.deepdive import annex_a
from safeguarding.disclosure.leakcheck import find_leaks

from ..indicators.helpers import make_tables


def kid(child, sex="F", **extra):
    return {"child_id": child, "sex": sex, "ethnicity": "WBRI", "date_of_birth": "2012-03-01", **extra}


@pytest.fixture()
def tables():
    return make_tables(
        contacts=[kid("C1", contact_date="2018-07-04"), kid("C1", contact_date="2018-09-30"),
                  kid("C2", "M", contact_date="2018-06-30")],
        cin=[kid("N1", cin_start_date="2017-01-01", disability="Y"),                      # open throughout
             kid("N2", "M", cin_start_date="2018-08-15", cin_closure_date="2018-08-31"),  # started and closed in Aug
             kid("N3", cin_start_date="2016-01-01", cin_closure_date="2018-06-30"),       # closed before the window
             kid("N4", cin_start_date="2015-05-05", cin_closure_date="2018-07-01"),       # closed on its first day
             kid("N1", cin_start_date="2016-01-01", cin_closure_date="2016-12-31")])      # N1 counted once


def test_list_6_counts_children_open_in_the_window_not_started(tables):
    rows = annex_a.list_rows(tables, annex_a.LISTS[5], "2018-07-01", "2018-09-30")
    assert sorted(rows["child_id"]) == ["N1", "N2", "N4"]  # only N2 started in the window
    assert annex_a.LISTS[5].meaning.startswith("children with a CIN episode open at any time")


def test_by_month_events_add_up_and_open_lists_do_not(tables):
    months = list(pd.period_range("2018-07", "2018-09", freq="M"))
    events, open_ = annex_a.by_month(tables, months)
    assert events["L1 Contacts"].tolist() == [1, 0, 1, 2]  # Jul, Aug, Sep, Total
    assert events.index[-1] == "Total"
    assert open_["L6 Children in need"].tolist() == [2, 2, 1]  # N1+N4 / N1+N2 / N1
    assert "Total" not in open_.index


def test_by_dimension_totals_and_groups(tables):
    sex = annex_a.by_dimension(tables, "sex", "2018-07-01", "2018-09-30")
    assert sex.loc["Female", "L6 Children in need"] == 2 and sex.loc["Male", "L6 Children in need"] == 1
    assert sex.loc["Total", "L6 Children in need"] == 3 and sex.loc["Total", "L1 Contacts"] == 2
    disability = annex_a.by_dimension(tables, "disability", "2018-07-01", "2018-09-30")
    assert disability.loc["Disabled", "L6 Children in need"] == 1
    age = annex_a.by_dimension(tables, "age_band", "2018-07-01", "2018-09-30")
    assert age.loc["5 to 9", "L6 Children in need"] == 3  # 6 at 30 Sep 2018
    with pytest.raises(ValueError, match="valid: age_band, sex, ethnicity_group, disability"):
        annex_a.by_dimension(tables, "team", "2018-07-01", "2018-09-30")


def test_open_summaries_are_suppressed_and_the_check_would_catch_them(tables):
    import tempfile
    from pathlib import Path

    from safeguarding.params import Params
    from safeguarding.periods import parse_period
    from safeguarding.disclosure.audit import audit_records, read_open_records
    from safeguarding.report.pack import protect_summaries, summaries_fragment

    period = parse_period("2018-07..2018-09")
    frames = annex_a.summaries(tables, period.start, period.end, list(pd.period_range("2018-07", "2018-09", freq="M")))
    params = Params()
    shown, records = protect_summaries(frames, period, params, None)
    published = summaries_fragment(shown, annex_a.meanings(), params, period, "open", controlled=True)
    internal = summaries_fragment(frames, annex_a.meanings(), params, period, "restricted")
    assert find_leaks({"open": published}, [], 5) == []
    assert find_leaks({"restricted": internal}, [], 5)  # the same tables unsuppressed would fail
    assert shown["By sex"].loc["Female", "L6 Children in need"] == "c"
    # read back as a reader would, nothing hidden comes back
    with tempfile.TemporaryDirectory() as tmp:
        (Path(tmp) / "annex-a-summaries.html").write_text(f"<html><body>{published}</body></html>")
        read = read_open_records(tmp)
    assert set(read["figure"]) >= {"annex_a_events_by_month", "annex_a_by_sex"}
    assert [f for f in audit_records(read, 5).findings if f.kind == "recoverable"] == []


@pytest.fixture(scope="module")
def pack(tmp_path_factory):
    from safeguarding.demo.generator import generate_demo
    from safeguarding.report.pack import make_pack

    folder = tmp_path_factory.mktemp("pack")
    generate_demo(folder / "data", scale=0.05, seed=5)
    params = folder / "tiny.yaml"
    params.write_text(f"council: {{name: Tiny Council, short_name: tiny}}\ninputs: {{folder: '{folder / 'data'}'}}\n",
                      encoding="utf-8")
    return make_pack(params, "2018-07..2018-12", output_root=folder / "outputs", log=lambda *_: None)


def test_pack_renders_every_notebook_and_summary(pack):
    assert pack.published, (pack.failed_sections, pack.leaks)
    restricted = pack.final_dir / "restricted"
    pages = sorted(p.name for p in (restricted / "sections").glob("*.html"))
    assert pages == ["00_headline.html", "01_journeys.html", "02_drift_and_delay.html", "03_disproportionality.html",
                     "04_teams_and_workers.html", "05_annex_a_summaries.html"]
    journeys = (restricted / "sections" / "01_journeys.html").read_text(encoding="utf-8")
    assert "C -&gt; R" in journeys and "<img" in journeys and "Traceback" not in journeys
    assert "RESTRICTED: child-level data" in journeys  # the banner of every executed deep dive
    assert (restricted / "inspection-pack.pdf").read_bytes()[:4] == b"%PDF"


def test_the_landing_page_is_a_briefing(pack):
    page = (pack.final_dir / "restricted" / "index.html").read_text(encoding="utf-8")
    for heading in ("Key figures", "What changed since the last report", "The lists in this pack",
                    "Annex A lists covered"):
        assert f">{heading}<" in page, heading
    assert 'class="rag rag-' in page and "travel" in page  # RAG and direction of travel
    assert "List 9" in page and "Care leavers" in page and "out of scope" in page
    assert "inspection-pack.xlsx" in page and "sections/01_journeys.html" in page


def _sheets(path):
    import openpyxl

    book = openpyxl.load_workbook(path)
    out = {}
    for ws in book.worksheets:
        header = int("".join(ch for ch in ws.freeze_panes if ch.isdigit())) - 1
        rows = list(ws.iter_rows(values_only=True))
        out[ws.title] = (rows[0][0], rows[header - 1], rows[header:])
    return out


def test_the_restricted_workbook_holds_every_child_list_whole_and_marks_every_sheet(pack):
    from safeguarding.deepdive import DeepDive

    sheets = _sheets(pack.final_dir / "restricted" / "inspection-pack.xlsx")
    assert all(marking.startswith("RESTRICTED") for marking, _, _ in sheets.values())
    assert all(any("Tiny Council - July to December 2018" in str(r[0]) for r in _rows_above(pack, name))
               for name in ("Journeys", "CP children by worker"))
    lists = DeepDive.load(pack.final_dir / "restricted" / "prepared").child_lists()
    for name, frame in lists.items():
        _, header, data = sheets[name]
        assert len(data) == len(frame), name  # whole, not the 200 rows a page shows
        assert list(header) == list(frame.columns) or set(frame.columns) <= set(header), name
    assert len(sheets["Events in period"][2]) > 200  # the HTML list stops at 200 rows
    assert {"Contents", "Annex A coverage", "List meanings", "Events by month", "By ethnicity group",
            "Progression", "Referral to CP plan", "Assessments 45wd by worker"} <= set(sheets)
    _, header, data = sheets["Assessments 45wd by worker"]
    assert list(header) == ["worker", "numerator", "denominator", "percent", "lower_95", "upper_95"]
    assert data[-1][0] == "Total"  # totals and intervals on the worker tables


def _rows_above(pack, sheet):
    import openpyxl

    ws = openpyxl.load_workbook(pack.final_dir / "restricted" / "inspection-pack.xlsx")[sheet]
    return list(ws.iter_rows(max_row=6, values_only=True))


def test_the_pdf_is_a_briefing_that_cuts_long_lists_to_their_first_rows(pack):
    from safeguarding.report.pdf import print_markup

    combined = (pack.final_dir / "restricted" / "report.html").read_text(encoding="utf-8")
    assert 'class="print-hide"' in combined and "Printed: the first 10 of" in combined
    assert 'class="print-hide"' not in print_markup(combined)


def test_pack_open_variant_has_no_small_count_and_no_identifier(pack):
    from safeguarding.disclosure.leakcheck import identifiers_from_tables, pdf_text
    from safeguarding.prepare import load_prepared
    from safeguarding.report.pack import workbook_as_html

    open_dir = pack.final_dir / "open"
    assert sorted(p.name for p in open_dir.iterdir()) == [
        "annex-a-summaries-print.html", "annex-a-summaries.html", "annex-a-summaries.pdf",
        "annex-a-summaries.xlsx", "index.html"]
    ids = identifiers_from_tables(load_prepared(pack.final_dir / "restricted" / "prepared").tables)
    texts = {p.name: p.read_text(encoding="utf-8") for p in open_dir.glob("*.html")}
    texts["pdf"] = pdf_text(open_dir / "annex-a-summaries.pdf")
    texts["xlsx"] = workbook_as_html(open_dir / "annex-a-summaries.xlsx")
    assert find_leaks(texts, ids, 5) == []
    sheets = _sheets(open_dir / "annex-a-summaries.xlsx")
    assert all(marking.startswith("OPEN") for marking, _, _ in sheets.values())
    values = [v for row in sheets["By age band"][2] for v in row[1:] if not isinstance(v, str)]
    assert values and not any(1 <= v <= 5 for v in values)
    assert "c" in [v for row in sheets["By age band"][2] for v in row]  # small cells are hidden


def test_the_open_check_is_the_reports_and_reads_the_workbooks_cells(pack, tmp_path):
    """audit_open_pack runs the report's open-folder check and catches a count from 1 to 5 that
    reached the open workbook."""
    import shutil

    import openpyxl

    from safeguarding.prepare import load_prepared
    from safeguarding.disclosure.leakcheck import identifier_sources
    from safeguarding.report.pack import audit_open_pack

    prepared = load_prepared(pack.final_dir / "restricted" / "prepared")
    copy = tmp_path / "open"
    shutil.copytree(pack.final_dir / "open", copy)
    assert audit_open_pack(copy, prepared, identifier_sources(prepared.tables)) == []
    book = openpyxl.load_workbook(copy / "annex-a-summaries.xlsx")
    ws = book["By age band"]
    cell = next(c for row in ws.iter_rows() for c in row if c.value == "c")
    cell.value = 3
    book.save(copy / "annex-a-summaries.xlsx")
    leaks = audit_open_pack(copy, prepared, identifier_sources(prepared.tables))
    assert [(x.kind, x.value) for x in leaks] == [("small_count", "3")]


def test_the_pack_reuses_a_runs_prepared_data(pack, tmp_path):
    """The pack prepared the data once and left it in the run cache; a published run recording
    the same key is reused too; anything else is prepared afresh."""
    import json
    import shutil

    from safeguarding.params import load_params
    from safeguarding.periods import parse_period
    from safeguarding.report.cache import cache_key, prepare_or_reuse

    params = load_params(pack.final_dir.parents[2] / "tiny.yaml")
    period = parse_period("2018-07..2018-12")
    council = pack.final_dir.parent
    _, source = prepare_or_reuse(params, period, council, tmp_path / "a")
    assert source.startswith("reused") and ".cache" in source
    # a published run (restricted/manifest.json records its key), and no cache
    elsewhere = tmp_path / "outputs" / "tiny"
    run = elsewhere / period.slug / "restricted"
    shutil.copytree(council / ".cache" / period.slug / "prepared", run / "prepared")
    (run / "manifest.json").write_text(json.dumps({"cache_key": cache_key(params, period)}), encoding="utf-8")
    prepared, source = prepare_or_reuse(params, period, elsewhere, tmp_path / "b")
    assert source == f"reused the prepared data of {run / 'prepared'}" and len(prepared.indicators)
    (run / "manifest.json").write_text(json.dumps({"cache_key": "another"}), encoding="utf-8")
    shutil.rmtree(elsewhere / ".cache", ignore_errors=True)
    assert prepare_or_reuse(params, period, elsewhere, tmp_path / "c")[1].startswith("prepared afresh")


def test_what_changed_uses_the_reports_rules():
    """Re-referrals (lower is better, target 17 % with a 1-point amber band): 16.5 % in Jan-Jun,
    18.1 % in Jul-Dec - up 1.6 points, beyond the 1-point no-change band: worse, and the RAG moves
    from Green (16.5 <= 17) to Amber (18.1 is within 17 + 1.5); contacts 1,000 -> 1,020 is a 2 %
    change, inside the 5 % band: not listed."""
    from types import SimpleNamespace

    from safeguarding.params import Target, params_from_dict
    from safeguarding.periods import parse_period
    from safeguarding.report.pack import what_changed

    def row(ind, start, end, value, num=None, den=None):
        return {"indicator_id": ind, "period_type": "period", "month": f"{start[:7]}..{end[:7]}",
                "start": pd.Timestamp(start), "end": pd.Timestamp(end), "value": value, "numerator": num,
                "denominator": den, "lower": None, "upper": None, "coverage": "full"}

    indicators = pd.DataFrame([
        row("rereferral_pct", "2018-07-01", "2018-12-31", 18.1, 181, 1000),
        row("rereferral_pct", "2018-01-01", "2018-06-30", 16.5, 165, 1000),
        row("contacts", "2018-07-01", "2018-12-31", 1020, 1020),
        row("contacts", "2018-01-01", "2018-06-30", 1000, 1000)])
    params = params_from_dict({})
    params.targets["rereferral_pct"] = Target(target=17.0, amber_band=1.5)
    prepared = SimpleNamespace(params=params, period=parse_period("2018-07..2018-12"), indicators=indicators)
    changed = what_changed(prepared, ["rereferral_pct", "contacts"])
    assert changed == [("% re-referrals (within 12 months of a previous referral)", "worse",
                        "18.1%, from 16.5% in the previous period; RAG Green to Amber")]


def test_a_pdf_engine_without_its_libraries_publishes_the_pack_without_pdfs(tmp_path, monkeypatch):
    # as the report does (tests/test_pipeline.py): one line says why, the pages and workbooks
    # are published, and no page links a PDF that is not there
    from safeguarding.demo.generator import generate_demo
    from safeguarding.report import pdf
    from safeguarding.report.pack import make_pack

    monkeypatch.setattr(pdf, "pdf_engine_problem", lambda: "cannot load library 'libpango-1.0-0': error 0x7e")
    generate_demo(tmp_path / "data", scale=0.02, seed=5)
    params = tmp_path / "tiny.yaml"
    params.write_text(f"council: {{name: Tiny Council, short_name: tiny}}\ninputs: {{folder: '{tmp_path / 'data'}'}}\n",
                      encoding="utf-8")
    lines = []
    result = make_pack(params, "2018-10..2018-12", output_root=tmp_path / "outputs", log=lines.append)
    assert result.published, lines
    said = [line for line in lines if "PDFs were not made" in line]
    assert len(said) == 1 and "libpango" in said[0]
    folder = result.final_dir
    assert not list(folder.rglob("*.pdf"))
    for index in (folder / "restricted" / "index.html", folder / "open" / "index.html"):
        text = index.read_text(encoding="utf-8")
        assert ".pdf" not in text and ".xlsx" in text
    assert (folder / "open" / "annex-a-summaries.html").exists()
