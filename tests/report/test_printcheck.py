"""The printed-page check: a table too wide for A4 portrait is caught, and the report's
landscape pages (class print-wide) keep every column."""
import shutil

import pytest

from safeguarding.report.printcheck import page_texts, pages_cut_off
from safeguarding.report.render import stylesheet

pytestmark = pytest.mark.skipif(shutil.which("pdftoppm") is None or shutil.which("pdftotext") is None,
                                reason="poppler-utils not installed")


def _pdf(tmp_path, body: str):
    from weasyprint import HTML

    path = tmp_path / "t.pdf"
    HTML(string=f"<html><head><style>{stylesheet()}</style></head><body>"
                f'<header class="report-header"><div class="classification"><span class="marking">Open</span></div>'
                f'<div class="report-title">Test report</div></header>{body}</body></html>').write_pdf(path)
    return path


def _table(columns: int) -> str:
    head = "".join(f"<th>Month {i} 2018</th>" for i in range(columns)) + "<th>vs same period last year</th>"
    row = "".join('<td class="num">1,414/1,623 &#9658;&nbsp;No&nbsp;change</td>' for _ in range(columns)) + "<td>Up</td>"
    return f'<table class="report-table"><thead><tr>{head}</tr></thead><tbody><tr>{row}</tr></tbody></table>'


def test_a_table_wider_than_the_page_is_caught(tmp_path):
    pdf = _pdf(tmp_path, _table(7))
    assert pages_cut_off(pdf) == [1]
    assert "vs same period last year" not in " ".join(page_texts(pdf)[0].split())


def test_a_landscape_page_keeps_every_column(tmp_path):
    from pypdf import PdfReader

    pdf = _pdf(tmp_path, f'<p>Portrait first.</p><div class="print-wide">{_table(7)}</div>')
    assert pages_cut_off(pdf) == []
    sizes = [(round(float(p.mediabox.width)), round(float(p.mediabox.height))) for p in PdfReader(pdf).pages]
    assert sizes == [(595, 842), (842, 595)]  # A4 portrait, then A4 landscape for the wide table
    texts = page_texts(pdf)
    assert "Month 6 2018" in texts[1] and "vs same period last" in texts[1]
    # the edition marking is on every page, not only the first
    assert all("OPEN" in t for t in texts)


def test_a_narrow_table_fits_portrait(tmp_path):
    assert pages_cut_off(_pdf(tmp_path, _table(3))) == []
