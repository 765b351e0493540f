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
import dataclasses
import html
import re
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from pathlib import Path

import nbformat
from jinja2 import Environment, FileSystemLoader, select_autoescape

# commentary blocks live with the commentary (section kernels read them without this module)
from .appendix import APPENDICES, split_appendices
from .commentary import COMMENTARY_KEY, CONTROLLED_KEY, Commentary
from .pdf import print_markup, start_pdf, write_pdf  # noqa: F401 (the render API)


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


UNCONTROLLED_NOTE = ('<p class="uncontrolled-note" role="note">An output added to this section did not come '
                     "through the report's disclosure control, so it is not published in this edition; it is in "
                     "the restricted edition.</p>")


def _controlled(output) -> bool:
    return bool(output.get("metadata", {}).get(CONTROLLED_KEY))


def _visible(output) -> bool:
    """Something a reader would see: HTML, an image, markdown, or text printed (stdout)."""
    if output.get("output_type") == "stream":
        return output.get("name") == "stdout" and bool("".join(output.get("text", "")).strip())
    if output.get("output_type") == "error":
        return False
    return any(k != "text/plain" for k in output.get("data", {}))


def _shown(output, edition: str) -> bool:
    """Readers see HTML, images and markdown only - no stderr, no bare text reprs such as
    ``<Figure size ...>``, no error tracebacks - and only the outputs of the edition being built
    (outputs tagged for the other edition are dropped). The open edition shows only outputs
    that came through the product's disclosure-controlled display (``CONTROLLED_KEY``); the
    restricted edition also shows what an analyst printed."""
    if edition == "open" and not _controlled(output):
        return False
    if output.get("output_type") == "stream":
        return edition != "open" and _visible(output)
    if output.get("output_type") == "error":
        return False
    tag = output.get("metadata", {}).get("safeguarding_edition")
    if tag and tag != edition:
        return False
    data = output.get("data", {})
    return any(k != "text/plain" for k in data)


def uncontrolled_outputs(nb) -> list[int]:
    """Cells (their positions) with an output the open edition leaves out: something a reader
    would see that did not come through disclosure control."""
    return [k for k, cell in enumerate(nb.cells) if cell.cell_type == "code"
            and any(_visible(o) and not _controlled(o) for o in cell.get("outputs", []))]


def _clean(nb, edition: str, commentary: Commentary | None = None):
    """Drop what a reader must not see (see ``_shown``) and cells tagged remove-cell; a failed
    section is reported by the runner instead of by its traceback. With ``commentary``, the
    commentary blocks are rendered afresh from their files (see ``Commentary``). In the open
    edition a cell whose output was left out says so where it stood."""
    left_out = set(uncontrolled_outputs(nb)) if edition == "open" else set()
    kept = []
    for k, cell in enumerate(nb.cells):
        tags = set(cell.get("metadata", {}).get("tags", []))
        if "remove-cell" in tags or "papermill-error-cell-tag" in tags:
            continue
        cell = copy.copy(cell)
        if cell.cell_type == "code":
            cell.outputs = [_fresh(o, commentary) for o in cell.get("outputs", []) if _shown(o, edition)]
            if k in left_out:
                cell.outputs.append(nbformat.v4.new_output("display_data", data={"text/html": UNCONTROLLED_NOTE}))
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
    return scrollable_tables(body)


_TABLE = re.compile(r"<table\b(?P<attrs>[^>]*)>.*?</table>", re.S)
_CAPTION = re.compile(r"<caption[^>]*>(.*?)</caption>", re.S)
_TAGS = re.compile(r"<[^>]+>")


def scrollable_tables(body: str) -> str:
    """Every data table in a box of its own that scrolls sideways on a narrow screen (the page
    itself never does; page.css keeps the row headings in view), named by its caption for screen
    readers and focusable so a keyboard can scroll it (WCAG 2.1.1). Print ignores the box."""
    def wrap(match: re.Match) -> str:
        if "commentary-table" in match["attrs"]:  # two text columns: they wrap, never scroll
            return match[0]
        caption = _CAPTION.search(match[0])
        name = " ".join(html.unescape(_TAGS.sub("", caption[1])).split()) if caption else "Table"
        return (f'<div class="table-scroll" role="region" aria-label="{html.escape(name, quote=True)}" '
                f'tabindex="0">{match[0]}</div>')

    return _TABLE.sub(wrap, body)


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
    printed, appendices = _print_order(sections)
    combined = env.get_template("report.html.j2").render(sections=printed, appendices=appendices, css=css,
                                                         **context)
    (run_dir / "report.html").write_text(combined, encoding="utf-8")
    written["report"] = run_dir / "report.html"
    return written


def _print_order(sections: list[RenderedSection]) -> tuple[list[RenderedSection], list[dict]]:
    """The sections of the combined report without their appendix blocks, and the appendices
    holding them (in ``APPENDICES`` order, each block under its section's number and title)."""
    printed, parts = [], {key: [] for key in APPENDICES}
    for s in sections:
        body, blocks = split_appendices(s.body)
        printed.append(dataclasses.replace(s, body=body))
        for key, found in blocks.items():
            parts[key].append({"number": s.number, "title": s.title, "body": "\n".join(found)})
    appendices = [{"id": a.anchor, "title": a.title, "intro": a.intro, "parts": parts[key]}
                  for key, a in APPENDICES.items() if parts[key]]
    return printed, appendices


def failed_fragment(error: str) -> str:
    return (f'<div class="section-failed"><strong>This section could not be produced.</strong>'
            f"<pre>{html.escape(error[-3000:])}</pre></div>")
