"""Accessibility of the published report: every HTML page of both editions through axe-core in a
real Chromium (WCAG 2.0, 2.1, 2.2 A and AA), and the PDF's tagged structure.

The browser test needs Debian's Chromium and the pinned node packages in this folder; without
them it skips and says how to install them (.ci/run installs both).
"""
from __future__ import annotations

import json
import re
import shutil
import subprocess
from html import unescape
from html.parser import HTMLParser
from pathlib import Path

import pytest

HERE = Path(__file__).resolve().parent
CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
INSTALL = ("install them with: apt-get install -y chromium && (cd tests/a11y && npm ci) "
           "(see README, 'Accessibility checks')")


def _pages(run: Path) -> list[Path]:
    """Every page the product renders: index, sections and the combined report, both editions."""
    pages = sorted(run.rglob("*.html"))
    assert {p.relative_to(run).as_posix() for p in pages} >= {
        "index.html", "report.html", "sections/00_summary.html", "sections/12_improvement_plan.html",
        "restricted/report/index.html", "restricted/report/report.html",
        "restricted/report/sections/13_data_quality.html"}
    return pages


# checked before the demo report is built, so a machine without the tools skips at once
@pytest.mark.skipif(CHROMIUM is None or shutil.which("node") is None,
                    reason=f"Chromium or node not found: {INSTALL}")
@pytest.mark.skipif(not all((HERE / "node_modules" / name).is_dir() for name in ("axe-core", "playwright-core")),
                    reason=f"axe-core / playwright-core not installed in tests/a11y: {INSTALL}")
def test_every_page_has_no_wcag_a_or_aa_violation_in_chromium(demo_report):
    pages = _pages(demo_report)
    done = subprocess.run(["node", str(HERE / "axe-check.mjs"), "--browser", CHROMIUM, *map(str, pages)],
                          capture_output=True, text=True, timeout=900, cwd=HERE)
    assert done.returncode == 0, done.stderr[-3000:]
    result = json.loads(done.stdout)
    assert len(result["pages"]) == len(pages)
    problems = [f"{Path(p['page']).relative_to(demo_report)}: {v['id']} ({v['impact']}) {v['help']}; "
                f"{len(v['nodes'])} element(s), first {v['nodes'][0]['html'][:160]!r}: {v['nodes'][0]['summary']}"
                for p in result["pages"] for v in p["violations"]]
    assert not problems, "\n".join(problems)


class _Landmarks(HTMLParser):
    def __init__(self):
        super().__init__()
        self.tags: list[tuple[str, dict]] = []

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))


@pytest.mark.parametrize("page", ["index.html", "report.html", "sections/01_front_door.html",
                                  "restricted/report/sections/05_cp.html"])
def test_pages_have_landmarks_and_a_skip_link_first(demo_report, page):
    parser = _Landmarks()
    parser.feed((demo_report / page).read_text(encoding="utf-8"))
    names = [t for t, _ in parser.tags]
    body = names.index("body")
    skip_tag, skip = parser.tags[body + 1]  # the first thing a keyboard user reaches
    assert skip_tag == "a" and skip.get("href") == "#main"
    assert [a.get("id") for t, a in parser.tags if t == "main"] == ["main"]
    assert names.count("header") >= 1 and names.count("footer") >= 1 and "nav" in names


def test_every_chart_has_its_numbers_as_a_table(demo_report):
    """Each figure is followed by a "Numbers in this chart" table with header cells."""
    for page in [demo_report / "sections" / "01_front_door.html",
                 demo_report / "sections" / "12_improvement_plan.html",
                 demo_report / "restricted" / "report" / "sections" / "05_cp.html"]:
        html = page.read_text(encoding="utf-8")
        figures = len(re.findall(r'<figure class="chart[^"]*"', html))
        assert figures >= 1, page
        pairs = re.findall(r'</figure>\s*<details class="chart-data"><summary>Numbers in this chart: [^<]+'
                           r'</summary><div class="table-scroll" role="region" aria-label="[^"]+" tabindex="0">'
                           r'<table[^>]*><caption>[^<]+</caption><thead><tr><th scope="col"[ >]', html)
        assert len(pairs) == figures, page


def test_open_chart_tables_hide_small_numbers(demo_report):
    """The open edition's chart tables carry no count from 1 to 5 (they show "c" instead)."""
    html = (demo_report / "sections" / "07_young_carers.html").read_text(encoding="utf-8")
    tables = re.findall(r'<details class="chart-data">.*?</details>', html, flags=re.S)
    assert tables
    for table in tables:
        if "Month</th>" in table:
            continue  # trend tables hold rates and percentages as well as counts
        cells = re.findall(r'<td class="num"[^>]*>([^<]*)</td>', table)  # cells name their provenance
        assert cells and not [c for c in cells if c in {"1", "2", "3", "4", "5"}], cells


# ---- the PDF -------------------------------------------------------------------------------
def _structure(pdf: Path):
    from pypdf import PdfReader
    from pypdf.generic import ArrayObject, DictionaryObject

    reader = PdfReader(str(pdf))
    catalog = reader.trailer["/Root"]
    tags: dict[str, int] = {}
    figure_alts: list[str | None] = []

    def walk(node):
        node = node.get_object()
        if isinstance(node, ArrayObject):
            for kid in node:
                walk(kid)
        elif isinstance(node, DictionaryObject):
            if "/S" in node:
                tag = str(node["/S"])
                tags[tag] = tags.get(tag, 0) + 1
                if tag == "/Figure":
                    figure_alts.append(str(node["/Alt"]) if "/Alt" in node else None)
            if "/K" in node:
                walk(node["/K"])

    assert "/StructTreeRoot" in catalog, f"{pdf} is not tagged (no structure tree)"
    walk(catalog["/StructTreeRoot"]["/K"])
    return reader, catalog, tags, figure_alts


def test_pdf_is_tagged_with_headings_tables_and_figure_alt_text(demo_report):
    reader, catalog, tags, figure_alts = _structure(demo_report / "report.pdf")
    assert catalog["/MarkInfo"]["/Marked"].value is True
    assert catalog["/Lang"] == "en-GB"
    assert catalog["/ViewerPreferences"]["/DisplayDocTitle"].value is True
    assert reader.metadata.title.startswith("Safeguarding Services Six-Monthly Report")
    assert 'pdfuaid:part="1"' in catalog["/Metadata"].get_object().get_data().decode()  # declares PDF/UA-1
    assert tags.get("/H1") == 1 and tags.get("/H2", 0) >= 11  # the title; contents + 11 sections
    assert tags.get("/Table", 0) >= 11 and tags.get("/TH", 0) > tags["/Table"]
    assert tags.get("/L", 0) >= 1 and tags.get("/LI", 0) >= 11  # the contents list at least
    # every chart is a Figure carrying the alt text of its <img>
    html = (demo_report / "report.html").read_text(encoding="utf-8")
    alts = [re.search(r'\balt="([^"]*)"', img).group(1)
            for img in re.findall(r'<figure class="chart[^"]*"[^>]*><img [^>]+>', html)]
    assert alts and None not in figure_alts
    # the attribute as the reader gets it (the page may escape "'" as &#x27;)
    assert sorted(figure_alts) == sorted(unescape(a) for a in alts)


@pytest.mark.skipif(shutil.which("pdfinfo") is None, reason="pdfinfo not found: apt-get install poppler-utils")
def test_pdfinfo_reports_the_pdf_as_tagged(demo_report):
    info = subprocess.run(["pdfinfo", str(demo_report / "report.pdf")], capture_output=True, text=True,
                          check=True).stdout
    assert re.search(r"^Tagged:\s+yes$", info, flags=re.M), info


def test_pdf_bookmarks_match_the_contents(demo_report):
    """One bookmark per section, in the order and with the numbers and titles of the contents."""
    reader, *_ = _structure(demo_report / "report.pdf")
    html = (demo_report / "report.html").read_text(encoding="utf-8")
    toc = re.search(r'<ol class="toc">(.*?)</ol>', html, flags=re.S).group(1)
    contents = [f"{n}. {t}" for n, t in
                re.findall(r'<li><a href="#[^"]+"><span class="toc-number">(\d+)\.</span> ([^<]+)</a>', toc)]
    from safeguarding.report.sections import SECTIONS

    assert len(contents) == len(SECTIONS)
    title, children = reader.outline[0], reader.outline[1]  # the report title, then its children
    assert title.title.startswith("Safeguarding Services")
    top = [item.title for item in children if not isinstance(item, list)]
    assert top[:2] == ["Cover report", "Contents"]
    appendices = [t for t in top if t.startswith("Appendix")]
    from safeguarding.report.appendix import APPENDICES

    assert top[2:] == [unescape(c) for c in contents] + appendices
    assert appendices == [a.title for a in APPENDICES.values()]
