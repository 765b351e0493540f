"""Render executed section notebooks to code-free HTML pages, an index and one combined PDF.

* nbconvert's ``basic`` template gives a body fragment per notebook (no JupyterLab CSS, no CDN
  scripts); the project's own page template and print stylesheet wrap it, so the HTML works
  offline and WeasyPrint prints the same markup.
* Code inputs, prompts and stderr streams (library warnings) are removed; only outputs remain.
* The combined PDF is rendered by WeasyPrint from ``report.html`` (no browser download needed),
  with page numbers and a contents list whose page numbers come from CSS ``target-counter``.
"""
from __future__ import annotations

import copy
import html
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from pathlib import Path

import nbformat
from jinja2 import Environment, FileSystemLoader, select_autoescape


@dataclass
class RenderedSection:
    key: str
    number: int
    title: str
    slug: str  # file stem, e.g. "01_front_door"
    body: str  # HTML fragment
    ok: bool = True
    error: str = ""


@lru_cache(maxsize=1)
def _exporter():
    from nbconvert import HTMLExporter

    exporter = HTMLExporter(template_name="basic")
    exporter.exclude_input = True
    exporter.exclude_input_prompt = True
    exporter.exclude_output_prompt = True
    exporter.optimistic_validation = True
    return exporter


def _shown(output, edition: str) -> bool:
    """Readers see HTML, images and markdown only: no streams (stdout/stderr), no bare text
    reprs such as ``<Figure size ...>``, no error tracebacks; and only the outputs of the
    edition being built (outputs tagged for the other edition are dropped)."""
    if output.get("output_type") in ("stream", "error"):
        return False
    tag = output.get("metadata", {}).get("safeguarding_edition")
    if tag and tag != edition:
        return False
    data = output.get("data", {})
    return any(k != "text/plain" for k in data)


def _clean(nb, edition: str):
    """Drop what a reader must not see (see ``_shown``) and cells tagged remove-cell; a failed
    section is reported by the runner instead of by its traceback."""
    nb = copy.deepcopy(nb)
    kept = []
    for cell in nb.cells:
        tags = set(cell.get("metadata", {}).get("tags", []))
        if "remove-cell" in tags or "papermill-error-cell-tag" in tags:
            continue
        if cell.cell_type == "code":
            cell.outputs = [o for o in cell.get("outputs", []) if _shown(o, edition)]
        kept.append(cell)
    nb.cells = kept
    return nb


def notebook_fragment(path: Path, edition: str = "open") -> str:
    """The HTML body fragment of an executed notebook for ``edition``, without code."""
    nb = nbformat.read(str(path), as_version=4)
    body, _ = _exporter().from_notebook_node(_clean(nb, edition))
    return body


@lru_cache(maxsize=1)
def _env() -> Environment:
    folder = resources.files("safeguarding.report") / "templates"
    return Environment(loader=FileSystemLoader(str(folder)), autoescape=select_autoescape(["html", "j2"]))


def stylesheet() -> str:
    """The report's CSS: the presentation layer's table/RAG styles plus the page layout."""
    parts = []
    for package, name in (("safeguarding.present", "report.css"), ("safeguarding.report", "templates/page.css")):
        try:
            parts.append((resources.files(package) / name).read_text(encoding="utf-8"))
        except (FileNotFoundError, ModuleNotFoundError):
            continue
    return "\n".join(parts)


def write_pages(run_dir: Path, sections: list[RenderedSection], context: dict) -> dict[str, Path]:
    """Write sections/NN_name.html, index.html and report.html (combined, for the PDF)."""
    env = _env()
    css = stylesheet()
    (run_dir / "sections").mkdir(parents=True, exist_ok=True)
    written = {}
    nav = [{"title": s.title, "href": f"{s.slug}.html", "ok": s.ok, "number": s.number} for s in sections]
    for s in sections:
        page = env.get_template("section.html.j2").render(section=s, css=css, nav=nav, **context)
        path = run_dir / "sections" / f"{s.slug}.html"
        path.write_text(page, encoding="utf-8")
        written[s.slug] = path
    index = env.get_template("index.html.j2").render(
        sections=sections, css=css, **context,
        links=[{"title": s.title, "href": f"sections/{s.slug}.html", "ok": s.ok, "number": s.number,
                "error": s.error} for s in sections])
    (run_dir / "index.html").write_text(index, encoding="utf-8")
    written["index"] = run_dir / "index.html"
    combined = env.get_template("report.html.j2").render(sections=sections, css=css, **context)
    (run_dir / "report.html").write_text(combined, encoding="utf-8")
    written["report"] = run_dir / "report.html"
    return written


def write_pdf(html_path: Path, pdf_path: Path) -> Path:
    """Combined PDF from ``report.html`` with WeasyPrint (runs no JavaScript; none is used)."""
    import logging

    from weasyprint import HTML

    logging.getLogger("weasyprint").setLevel(logging.ERROR)
    logging.getLogger("fontTools").setLevel(logging.ERROR)
    # PDF/UA-1: tagged structure (headings, tables with header cells, figures with their alt
    # text, lists), the document title and language from the page; bookmarks from the headings.
    HTML(filename=str(html_path), base_url=str(html_path.parent)).write_pdf(
        str(pdf_path), pdf_variant="pdf/ua-1")
    return pdf_path


def failed_fragment(error: str) -> str:
    return (f'<div class="section-failed"><strong>This section could not be produced.</strong>'
            f"<pre>{html.escape(error[-3000:])}</pre></div>")
