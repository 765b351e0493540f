"""The combined PDF: ``report.html`` printed by WeasyPrint, here or in a process of its own.

Laying out the PDF is the largest part of a render and needs nothing else of the run, so the
runner starts it in its own process (:func:`start_pdf`) as soon as ``report.html`` is written and
carries on meanwhile (the restricted pages, the leak check of the other files) on the other
core. This module imports nothing of the report but WeasyPrint, so that process starts quickly.
"""
from __future__ import annotations

import gc
import json
import os
import re
import subprocess
import sys
from contextlib import contextmanager
from pathlib import Path


@contextmanager
def gc_paused():
    """No cyclic garbage collection inside the block. Rendering allocates millions of small,
    long-lived objects (WeasyPrint's boxes, parsed pages), so the collector runs again and again
    over a growing heap for little garbage: a quarter of ``write_pdf``'s CPU. Reference counting
    still frees most memory; the cycles left wait for the next collection after the block."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


# The numbers behind each chart and the validation rules (closed <details> on screen) are
# ``display: none`` in print (page.css), yet WeasyPrint would still parse and style their tables:
# a third of the page's elements. The PDF is printed from the page without them. A block holding another <details>
# is left alone (a non-greedy match would end at the inner one).
_HIDDEN_IN_PRINT = re.compile(r'<details class="(?:chart-data|rule-catalogue)">(?:(?!<details\b).)*?</details>', re.S)
# The rows of a long list that print leaves out (deepdive.view: the pack's child lists).
_ROWS_HIDDEN_IN_PRINT = re.compile(r'<tr class="print-hide">.*?</tr>', re.S)


def print_markup(markup: str) -> str:
    """``report.html`` as WeasyPrint prints it: without what the print stylesheet hides."""
    return _ROWS_HIDDEN_IN_PRINT.sub("", _HIDDEN_IN_PRINT.sub("", markup))


def write_pdf(html_path: Path, pdf_path: Path) -> Path:
    """Combined PDF from ``report.html`` with WeasyPrint (runs no JavaScript; none is used)."""
    import logging

    from weasyprint import HTML

    logging.getLogger("weasyprint").setLevel(logging.ERROR)
    logging.getLogger("fontTools").setLevel(logging.ERROR)
    html_path, pdf_path = Path(html_path), Path(pdf_path)
    markup = print_markup(html_path.read_text(encoding="utf-8"))
    # PDF/UA-1: tagged structure (headings, tables with header cells, figures with their alt
    # text, lists), the document title and language from the page; bookmarks from the headings.
    with gc_paused():
        HTML(string=markup, base_url=str(html_path.parent)).write_pdf(str(pdf_path), pdf_variant="pdf/ua-1")
    return pdf_path


class PdfError(RuntimeError):
    """The PDF process failed; the message is its last line, ``details`` its traceback."""
    details: str = ""


class PdfEngineMissing(RuntimeError):
    """WeasyPrint is installed but cannot load its native libraries (Pango and friends): common on
    Windows with a pip-only install. The run publishes the HTML edition without the PDF."""


class PdfJob:
    """:func:`write_pdf` running in a process of its own. ``wait`` returns the PDF's path or
    raises what ``write_pdf`` raised there: an ``OSError`` with its errno (a full disk is still a
    refused output), anything else as a ``PdfError`` naming the error, its traceback in ``details``."""

    def __init__(self, html_path: Path, pdf_path: Path):
        self.pdf_path = Path(pdf_path)
        # this very package, whichever way the parent found it
        package_root = str(Path(__file__).resolve().parents[2])
        env = {**os.environ, "PYTHONPATH": os.pathsep.join(filter(None, [package_root, os.environ.get("PYTHONPATH")]))}
        self._proc = subprocess.Popen([sys.executable, "-m", __name__, str(html_path), str(pdf_path)], env=env,
                                      stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                                      text=True)

    def wait(self) -> Path:
        _, err = self._proc.communicate()
        if self._proc.returncode == 0:
            return self.pdf_path
        lines = err.strip().splitlines()
        try:
            failure = json.loads(lines[-1]) if lines else None
        except ValueError:
            failure = None
        if isinstance(failure, dict) and failure.get("engine_missing"):
            raise PdfEngineMissing(failure["engine_missing"])
        if isinstance(failure, dict) and failure.get("errno"):
            raise OSError(failure["errno"], failure["strerror"], failure["filename"])
        error = PdfError(f"the PDF could not be produced (exit code {self._proc.returncode})"
                         + (f": {lines[-1].strip()}" if lines else ""))
        error.details = err.strip()[-3000:]  # the PDF process's traceback, for the run's error log
        raise error

    def stop(self) -> None:
        """End the process (the run was interrupted or failed); nothing is waited for."""
        if self._proc.poll() is None:
            self._proc.kill()
        self._proc.wait()


def start_pdf(html_path: Path, pdf_path: Path) -> PdfJob:
    """Start :func:`write_pdf` in its own process; ``.wait()`` for the PDF."""
    return PdfJob(html_path, pdf_path)


def pdf_engine_problem() -> str | None:
    """None when WeasyPrint loads; otherwise the first line of why not (on Windows with a pip-only
    install, its native libraries - Pango and friends - are missing)."""
    try:
        import weasyprint  # noqa: F401 (loads Pango through cffi: fails here when it is missing)
    except (OSError, ImportError) as exc:
        return (str(exc).strip().splitlines() or [type(exc).__name__])[0][:300]
    return None


def _main(argv: list[str]) -> int:
    html_path, pdf_path = map(Path, argv)
    problem = pdf_engine_problem()
    if problem:
        print(json.dumps({"engine_missing": problem}), file=sys.stderr)
        return 4
    try:
        write_pdf(html_path, pdf_path)
    except OSError as exc:
        if exc.errno is None:
            raise
        # the last line of stderr: the parent raises the same OSError
        print(json.dumps({"errno": exc.errno, "strerror": exc.strerror, "filename": exc.filename}), file=sys.stderr)
        return 3
    return 0


if __name__ == "__main__":
    raise SystemExit(_main(sys.argv[1:]))
