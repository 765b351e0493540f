"""Check a printed report the way a reader would see it: render every PDF page to an image and
make sure nothing is drawn in the right-hand margin. A table too wide for its page runs on past
the margin and is cut off at the paper's edge, so any ink there means lost columns.

Uses poppler's ``pdftoppm`` (and ``pdftotext`` for the page texts)::

    .venv/bin/python -m safeguarding.report.printcheck outputs/demo/2018-07_2018-12/report.pdf
"""
from __future__ import annotations

import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

PAGE_MARGIN_MM = 15  # left/right page margin in present/report.css (@page)


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
    from PIL import Image

    exe = _tool("pdftoppm")
    with tempfile.TemporaryDirectory() as tmp:
        subprocess.run([exe, "-r", str(dpi), "-gray", "-png", str(pdf), f"{tmp}/page"], check=True,
                       capture_output=True)
        bad = []
        for path in sorted(Path(tmp).glob("page-*.png"), key=lambda p: int(p.stem.rsplit("-", 1)[1])):
            image = Image.open(path).convert("L")
            strip = round((margin_mm - slack_mm) * dpi / 25.4)
            margin = image.crop((image.width - strip, 0, image.width, image.height))
            if margin.getextrema()[0] < 200:  # anything darker than a faint grey is ink
                bad.append(int(path.stem.rsplit("-", 1)[1]))
    return bad


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
    bad = pages_cut_off(args[0])
    if bad:
        print(f"{args[0]}: content runs into the right margin (cut off) on page(s) {', '.join(map(str, bad))}")
        return 1
    print(f"{args[0]}: every page fits its paper")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
