"""Annex A list summaries (List 6 counts CIN open in the window, not started) and the inspection
pack: it renders on a tiny demo; its open variant publishes no count 1-5 and no identifier."""
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
    assert pages == ["01_journeys.html", "02_drift_and_delay.html", "03_disproportionality.html",
                     "04_teams_and_workers.html", "05_annex_a_summaries.html"]
    journeys = (restricted / "sections" / "01_journeys.html").read_text(encoding="utf-8")
    assert "C -&gt; R" in journeys and "<img" in journeys and "Traceback" not in journeys
    assert (restricted / "inspection-pack.pdf").read_bytes()[:4] == b"%PDF"
    sheets = pd.read_excel(restricted / "inspection-pack.xlsx", sheet_name=None, engine="openpyxl")
    assert {"List meanings", "By ethnicity group", "Progression contact to care"} <= set(sheets)


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
    cells = pd.read_excel(open_dir / "annex-a-summaries.xlsx", sheet_name="By age band", index_col=0, engine="openpyxl")
    values = [v for v in cells.to_numpy().ravel() if not isinstance(v, str)]
    assert values and not any(1 <= v <= 5 for v in values)
    assert "c" in cells.to_numpy().ravel()  # a tiny council has small cells, and they are hidden
