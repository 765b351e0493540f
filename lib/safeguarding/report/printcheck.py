"""Check a printed report the way a reader would see it: render every PDF page to an image and

* make sure nothing is drawn in the right-hand margin (a table too wide for its page runs on past
  the margin and is cut off at the paper's edge, so any ink there means lost columns);
* find near-empty pages: the content area (between the running header and footer) inked to less
  than a quarter of its height - paper a committee pays for and turns past;
* count the body: the cover report to the last section, the pages before the first bookmark
  titled "Appendix ..." (the paper's length target is set on the body).

Uses poppler's ``pdftoppm`` (and ``pdftotext`` for the page texts) and pypdf for the bookmarks::

    .venv/bin/python -m safeguarding.report.printcheck outputs/demo/2018-07_2018-12/report.pdf
"""
from __future__ import annotations

import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import numpy as np

PAGE_MARGIN_MM = 15  # left/right page margin in present/report.css (@page)
TOP_MARGIN_MM, BOTTOM_MARGIN_MM = 18, 20  # top/bottom page margins there: running header and footer
NEAR_EMPTY = 0.25  # a page whose content fills less than this share of its height


class PrintCheckUnavailable(RuntimeError):
    """poppler's pdftoppm / pdftotext is not installed."""


def _tool(name: str) -> str:
    exe = shutil.which(name)
    if exe is None:
        raise PrintCheckUnavailable(f"{name} (poppler-utils) is needed to check the printed report")
    return exe


def pages_cut_off(pdf: str | Path, *, margin_mm: float = PAGE_MARGIN_MM, slack_mm: float = 3,
                  dpi: int = 50) -> list[int]:
    """Numbers (from 1) of the pages with ink in the outer ``margin_mm - slack_mm`` of the right
    margin, where nothing in the report is meant to be drawn."""
    bad = []
    for number, image in _pages(pdf, dpi):
        strip = round((margin_mm - slack_mm) * dpi / 25.4)
        margin = image.crop((image.width - strip, 0, image.width, image.height))
        if margin.getextrema()[0] < 200:  # anything darker than a faint grey is ink
            bad.append(number)
    return bad


def _pages(pdf: str | Path, dpi: int):
    """(page number, greyscale image) of every page."""
    from PIL import Image

    exe = _tool("pdftoppm")
    with tempfile.TemporaryDirectory() as tmp:
        subprocess.run([exe, "-r", str(dpi), "-gray", "-png", str(pdf), f"{tmp}/page"], check=True,
                       capture_output=True)
        for path in sorted(Path(tmp).glob("page-*.png"), key=lambda p: int(p.stem.rsplit("-", 1)[1])):
            yield int(path.stem.rsplit("-", 1)[1]), Image.open(path).convert("L")


def page_fill(pdf: str | Path, *, dpi: int = 50) -> list[float]:
    """For each page, the share of its content area's height (below the running header, above
    the footer) down to the lowest ink: 0 for a blank page, 1 for a full one."""
    fills = []
    for _, image in _pages(pdf, dpi):
        top, bottom = (round(mm * dpi / 25.4) for mm in (TOP_MARGIN_MM, BOTTOM_MARGIN_MM))
        body = np.asarray(image)[top:image.height - bottom]
        # rows with anything darker than a faint grey (zebra stripes and fills count as content)
        inked = np.flatnonzero(body.min(axis=1) < 235)
        fills.append(float(inked[-1] + 1) / body.shape[0] if len(inked) else 0.0)
    return fills


def near_empty_pages(pdf: str | Path, *, below: float = NEAR_EMPTY, last: int | None = None) -> list[int]:
    """Numbers (from 1) of the pages, up to ``last``, whose content fills less than ``below``
    of the page."""
    fills = page_fill(pdf)
    return [n for n, f in enumerate(fills[:last], start=1) if f < below]


def outline(pdf: str | Path) -> list[tuple[int, int, str]]:
    """The PDF's bookmarks in document order: (depth, page number from 1, title)."""
    from pypdf import PdfReader

    reader = PdfReader(str(pdf))
    out = []

    def walk(items, depth):
        for item in items:
            if isinstance(item, list):
                walk(item, depth + 1)
            else:
                out.append((depth, reader.get_destination_page_number(item) + 1, item.title))

    walk(reader.outline, 0)
    return out


def body_pages(pdf: str | Path) -> int:
    """Pages before the first bookmark titled "Appendix ...": the cover report to the last
    section (every page when there is no appendix)."""
    from pypdf import PdfReader

    starts = [page for _, page, title in outline(pdf) if title.startswith("Appendix")]
    return min(starts) - 1 if starts else len(PdfReader(str(pdf)).pages)


def page_texts(pdf: str | Path) -> list[str]:
    """The text of each page as printed (``pdftotext`` keeps only what lies on the paper)."""
    out = subprocess.run([_tool("pdftotext"), "-layout", str(pdf), "-"], check=True, capture_output=True,
                         text=True).stdout
    return out.split("\f")[:-1] if out.endswith("\f") else out.split("\f")


def main(argv: list[str] | None = None) -> int:
    args = argv if argv is not None else sys.argv[1:]
    if len(args) != 1:
        print("usage: python -m safeguarding.report.printcheck REPORT.pdf", file=sys.stderr)
        return 2
    pdf = args[0]
    bad = pages_cut_off(pdf)
    body = body_pages(pdf)
    empty = near_empty_pages(pdf, last=body)
    print(f"{pdf}: body (cover report to the last section) {body} pages")
    if bad:
        print(f"{pdf}: content runs into the right margin (cut off) on page(s) {', '.join(map(str, bad))}")
    if empty:
        print(f"{pdf}: near-empty page(s) in the body (less than {NEAR_EMPTY:.0%} of the page used): "
              f"{', '.join(map(str, empty))}")
    if not bad and not empty:
        print(f"{pdf}: every page fits its paper; no near-empty page in the body")
    return 1 if bad or empty else 0


if __name__ == "__main__":
    raise SystemExit(main())
