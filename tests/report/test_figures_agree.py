"""One figure, one value, everywhere (issue #19).

Every figure of every open page of a published report names its provenance (indicator, period,
field; or table, row, column), and the walk over all of them finds each shown with one text,
equal to the open ``indicators.csv``. Run on the demo council and on a tiny one
(``safeguarding demo --scale 0.02``), for periods holding the extract month (2019-01, extract
10 January 2019), a quarter and a single month; the printed edition (the PDF prints
``report.html`` less what print hides) is checked for figures of its own.
"""
from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pandas as pd
import pytest

from safeguarding.present.provenance import (
    csv_disagreements,
    disagreements,
    folder_figures,
    open_pages,
    page_figures,
    unmarked_cells,
)

from ..conftest import demo_params

# (council, period, print the PDF)
RUNS = [("demo", "2018-10..2019-01", False), ("tiny", "2018-10..2019-01", True), ("tiny", "2018-19-Q3", False),
        ("tiny", "2018-12", False)]


@pytest.fixture(scope="module")
def published(tmp_path_factory) -> dict[tuple[str, str], Path]:
    from safeguarding.demo.generator import generate_demo
    from safeguarding.report.runner import run_report

    root = tmp_path_factory.mktemp("figures")
    params = {}
    for council, scale in (("demo", 1.0), ("tiny", 0.02)):
        generate_demo(root / council, scale=scale, seed=2018)
        params[council] = demo_params(root / council, root / council)
    out = {}
    for council, period, pdf in RUNS:
        # one output root per council: both are the demo's "demo" council by name
        result = run_report(params[council], period, editions=("open",), pdf=pdf,
                            output_root=root / "outputs" / council, progress=False, log=lambda *_: None)
        assert result.published, (council, period, result.failed_sections, result.leaks)
        out[(council, period)] = Path(result.final_dir)
    return out


@pytest.mark.parametrize("council,period", [(c, p) for c, p, _ in RUNS])
def test_each_figure_shows_one_value_equal_to_the_open_csv(published, council, period):
    folder = published[(council, period)]
    figures = folder_figures(folder)
    fields = {f.field for f in figures if f.kind == "indicator"}
    # every kind of figure is there to compare: values, counts behind them, targets, ratings
    assert {"value", "numerator", "denominator", "lower", "upper", "target", "rag"} <= fields
    assert any(f.kind == "table" for f in figures)
    assert disagreements(figures) == {}
    csv = pd.read_csv(folder / "indicators.csv", dtype=str, keep_default_na=False)
    assert csv_disagreements(figures, csv) == []
    # each figure the open CSV publishes for the period appears on the pages (nothing is
    # compared against nothing)
    shown = {(f.indicator, f.period) for f in figures if f.kind == "indicator"}
    published_rows = set(zip(csv["indicator_id"], csv["month"]))
    assert published_rows <= shown, sorted(published_rows - shown)[:5]


@pytest.mark.parametrize("council,period", [(c, p) for c, p, _ in RUNS])
def test_every_number_in_a_figure_table_names_its_provenance(published, council, period):
    unmarked = {page.name: unmarked_cells(page.read_text(encoding="utf-8"))
                for page in open_pages(published[(council, period)])}
    assert {name: cells for name, cells in unmarked.items() if cells} == {}


def test_the_lado_chart_counts_the_cohort_of_its_table(published):
    """The time-to-conclusion chart and the table beside it: allegations concluded in the period
    (the chart counted those received in it: 40 of 74 against the table's 45 of 77)."""
    folder = published[("demo", "2018-10..2019-01")]
    figures = page_figures((folder / "sections" / "08_lado.html").read_text(encoding="utf-8"))
    seen: dict = {}
    for f in figures:
        if f.indicator == "lado_concluded_1m_pct" and f.period == "2018-10..2019-01":
            seen.setdefault(f.field, set()).add((f.text, "time from receipt to conclusion" in f.where))
    # the numerator and denominator shown under the chart and in the table, one text each
    for field in ("numerator", "denominator"):
        assert {chart for _, chart in seen[field]} == {True, False}
        assert len({text for text, _ in seen[field]}) == 1


def test_the_printed_edition_adds_no_figures_of_its_own(published):
    from safeguarding.report.pdf import print_markup
    from safeguarding.report.sections import BY_KEY
    from safeguarding.rules import list_rules

    folder = published[("tiny", "2018-10..2019-01")]
    markup = (folder / "report.html").read_text(encoding="utf-8")
    printed = print_markup(markup)
    # what print hides only takes figures away; the rest are the page's own
    assert {(f.key, f.text) for f in page_figures(printed)} <= {(f.key, f.text) for f in page_figures(markup)}
    # content shown only in print names no number but the count of validation rules
    for block in re.findall(r'<(\w+) class="print-only">(.*?)</\1>', printed, re.S):
        numbers = set(re.findall(r"\d+(?:[,.]\d+)*", re.sub(r"<[^>]+>", " ", block[1])))
        # "section 13": the data-quality section
        assert numbers <= {str(len(list_rules())), str(BY_KEY["data_quality"].number)}, block
    if shutil.which("pdftotext") is None:
        pytest.skip("pdftotext (poppler) is not installed")
    text = subprocess.run(["pdftotext", "-layout", str(folder / "report.pdf"), "-"], capture_output=True,
                          text=True, check=True).stdout
    # every value of the printed indicator tables is in the PDF
    values = {f.text for f in page_figures(printed) if f.kind == "indicator" and f.field == "value"
              and "Monthly indicators" in f.where and f.text not in ("c", "n/a")}
    missing = sorted(v for v in values if v not in text)
    assert values and not missing, missing[:10]


def test_the_councils_own_year_in_benchmark_tables_is_hidden_as_the_view_hides_it(published):
    """The own financial-year value beside the comparators went out unsuppressed (a tiny
    council's "15.4 %" second CP plans was 2 of 13)."""
    folder = published[("tiny", "2018-19-Q3")]
    view = pd.read_parquet(folder / "restricted" / "prepared" / "open" / "indicators.parquet")  # the open figures
    years = view[view["period_type"] == "year"]
    hidden = {(i, int(m)) for i, m, h in zip(years["indicator_id"], years["month"], years["suppressed"]) if h}
    own = [f for f in folder_figures(folder) if f.kind == "indicator" and "Benchmarking" in f.where]
    assert own and hidden
    for f in own:  # "2017-18" is the year ending March 2018
        assert (f.text == "c") == ((f.indicator, int(f.period[:4]) + 1) in hidden), f
