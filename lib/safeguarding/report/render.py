"""Render executed section notebooks to code-free HTML pages, an index and one combined PDF.

* A body fragment per notebook: its HTML outputs as they are, or nbconvert's ``basic`` template
  for anything else (no JupyterLab CSS, no CDN scripts); the project's own page template and
  print stylesheet wrap it, so the HTML works offline and WeasyPrint prints the same markup.
* Code inputs, prompts and stderr streams (library warnings) are removed; only outputs remain.
* The combined PDF is rendered by WeasyPrint from ``report.html`` (no browser download needed),
  with page numbers and a contents list whose page numbers come from CSS ``target-counter``.
"""
from __future__ import annotations

import copy
import html
import re
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from pathlib import Path

import nbformat
from jinja2 import Environment, FileSystemLoader, select_autoescape

from .pdf import PdfJob, print_markup, start_pdf, write_pdf  # noqa: F401 (the render API)


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


def _clean(nb, edition: str, commentary: Commentary | None = None):
    """Drop what a reader must not see (see ``_shown``) and cells tagged remove-cell; a failed
    section is reported by the runner instead of by its traceback. With ``commentary``, the
    commentary blocks are rendered afresh from their files (see ``Commentary``)."""
    kept = []
    for cell in nb.cells:
        tags = set(cell.get("metadata", {}).get("tags", []))
        if "remove-cell" in tags or "papermill-error-cell-tag" in tags:
            continue
        cell = copy.copy(cell)
        if cell.cell_type == "code":
            cell.outputs = [_fresh(o, commentary) for o in cell.get("outputs", []) if _shown(o, edition)]
        kept.append(cell)
    nb = copy.copy(nb)
    nb.cells = kept
    return nb


def _fresh(output, commentary: Commentary | None):
    block = output.get("metadata", {}).get(COMMENTARY_KEY)
    if commentary is None or not block:
        return output
    output = copy.deepcopy(output)
    output["data"] = {"text/html": commentary.html(block)}
    return output


def notebook_fragment(notebook, edition: str = "open", commentary: Commentary | None = None) -> str:
    """The HTML body fragment of an executed notebook (a path or a read notebook) for
    ``edition``, without code."""
    nb = nbformat.read(str(notebook), as_version=4) if isinstance(notebook, (str, Path)) else notebook
    nb = _clean(nb, edition, commentary)
    body = _html_outputs(nb)
    if body is None:
        body, _ = _exporter().from_notebook_node(nb)
    return body


_IMG_WITHOUT_ALT = re.compile(r"<img\b(?![^>]*(?<![\w-])alt\s*=)", re.I)


def _html_outputs(nb) -> str | None:
    """The fragment of a cleaned notebook whose every kept output is plain ``text/html`` (the
    report's section notebooks: the tables, charts and text come from the presentation layer as
    HTML): each output as it is, in one ``<div class="output">``. nbconvert's template adds four
    wrappers per output that no style uses and, for the alt-text fix below, parses and
    re-serialises the whole page with BeautifulSoup: 1 s of a re-render, and 500 elements more
    for WeasyPrint. None (nbconvert renders it) for anything else: markdown or raw cells, other
    MIME types, isolated HTML, an image without alt text (nbconvert gives it one)."""
    parts = []
    for cell in nb.cells:
        if cell.cell_type != "code":
            return None
        for output in cell.get("outputs", []):
            data = output.get("data", {})
            shown = set(data) - {"text/plain"}
            if output.get("output_type") not in ("display_data", "execute_result") or shown != {"text/html"} \
                    or output.get("metadata", {}).get("text/html", {}).get("isolated"):
                return None
            markup = data["text/html"]
            markup = "".join(markup) if isinstance(markup, list) else markup
            if _IMG_WITHOUT_ALT.search(markup):
                return None
            parts.append(f'<div class="output">{markup}</div>')
    return "\n".join(parts)


# Commentary is written by people after the numbers exist, so it is read when the pages are
# rendered, not when the notebooks run: executed notebooks (and the cache) stay valid across
# commentary edits. A notebook marks each commentary output with this metadata key
# ({"kind": ..., "file": ...}); the runner's Commentary renders it again from the file.
COMMENTARY_KEY = "safeguarding_commentary"


class Commentary:
    """The commentary files of one report: ``<commentary_folder>/<period>/<file>``."""

    def __init__(self, params, period):
        from .commentary import commentary_folder

        self.folder = commentary_folder(params, period)  # the canonical name, or an older one in use
        self.base_dir = params.base_dir

    def shown_as(self, name: str) -> str:
        """Where the writer should put ``name``, as a path they can type: relative to the
        current folder when inside it, else starting at the params file's folder (never an
        absolute path of the analyst's machine in a published page)."""
        path = (self.folder / name).resolve()
        for base, prefix in ((Path.cwd(), ""), (self.base_dir, self.base_dir.name)):
            try:
                return str(Path(prefix) / path.relative_to(base.resolve()))
            except ValueError:
                continue
        return str(Path(self.folder.name) / name)

    def html(self, block: dict) -> str:
        return commentary_html(block["kind"], self.folder / block["file"], self.shown_as(block["file"]),
                               block.get("default", ""), wide=block.get("wide", False))


def commentary_html(kind: str, path: Path, shown_as: str, default: str = "", wide: bool = False) -> str:
    """The HTML of one commentary block from its markdown file; a missing file gives a visible
    marker naming the file expected."""
    from ..present.tables import DRAFT_MARKER, commentary_block, esc, markdown_to_html, strip_writer_notes

    if kind == "commentary":
        return ('<h3 class="block-title">What is going well? What are our areas for improvement?</h3>'
                + commentary_block(path, draft_marker=f"{DRAFT_MARKER}: write {shown_as}"))
    if kind == "key_messages":
        # the notes `safeguarding commentary` pre-fills for the writer are never published
        text = strip_writer_notes(path.read_text(encoding="utf-8-sig")) if path.exists() else ""
        if text.strip():
            return '<div class="key-messages">' + markdown_to_html(text) + "</div>"
        return f'<p class="draft-marker">Key messages not yet written for this period: write {esc(shown_as)}.</p>'
    if kind == "description":
        text = (markdown_to_html(path.read_text(encoding="utf-8-sig")) if path.exists()
                else f"<p>{esc(default)}</p>")
        # beside the heading on the landscape page of the section's monthly table (print)
        return f'<div class="statutory{" print-wide" if wide else ""}">{text}</div>'
    raise ValueError(f"unknown commentary block {kind!r}")


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


def failed_fragment(error: str) -> str:
    return (f'<div class="section-failed"><strong>This section could not be produced.</strong>'
            f"<pre>{html.escape(error[-3000:])}</pre></div>")
