"""The published pages on a phone: no open page scrolls sideways at 390 px in a real Chromium.

A table wider than the screen scrolls inside its own box with the indicator column kept in view
(render.scrollable_tables, page.css); a wide chart scrolls in its figure. Needs the same browser
and node packages as the accessibility test (.ci/run installs them); skipped without them.
"""
from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest

from .test_accessibility import CHROMIUM, HERE, INSTALL

pytestmark = [
    pytest.mark.skipif(CHROMIUM is None or shutil.which("node") is None, reason=f"Chromium or node not found: {INSTALL}"),
    pytest.mark.skipif(not (HERE / "node_modules" / "playwright-core").is_dir(),
                       reason=f"playwright-core not installed in tests/a11y: {INSTALL}"),
]


def _open_pages(run: Path) -> list[Path]:
    """Every page of the open (published) edition: the index, each section, the combined report."""
    pages = sorted(p for p in run.rglob("*.html") if p.relative_to(run).parts[0] != "restricted")
    assert {p.relative_to(run).as_posix() for p in pages} >= {"index.html", "report.html", "sections/01_front_door.html"}
    return pages


def _measure(pages: list[Path]) -> dict:
    done = subprocess.run(["node", str(HERE / "phone-width.mjs"), "--browser", CHROMIUM, *map(str, pages)],
                          capture_output=True, text=True, timeout=600, cwd=HERE)
    assert done.returncode == 0, done.stderr[-3000:]
    return json.loads(done.stdout)


def test_no_open_page_is_wider_than_a_390px_phone(demo_report):
    pages = _open_pages(demo_report)
    result = _measure(pages)
    assert result["width"] == 390 and len(result["pages"]) == len(pages)
    wider = [f"{Path(p['page']).relative_to(demo_report)}: {p['scrollWidth']} px wide on a {p['viewport']} px "
             f"screen; reaching past it: {', '.join(p['wide']) or '(nothing named)'}"
             for p in result["pages"] if p["scrollWidth"] > p["viewport"]]
    assert not wider, "\n".join(wider)


def test_the_check_catches_a_page_that_scrolls_sideways(tmp_path):
    """A check that cannot fail is a defect: a bare wide table (no scroll box) is caught."""
    page = tmp_path / "wide.html"
    page.write_text('<!DOCTYPE html><html lang="en"><head><meta name="viewport" content="width=device-width">'
                    '</head><body><table><tr>' + "<td>1,234,567</td>" * 40 + "</tr></table></body></html>")
    result = _measure([page])["pages"][0]
    assert result["scrollWidth"] > result["viewport"] == 390
    assert any(w.startswith("td") or w.startswith("table") for w in result["wide"])
