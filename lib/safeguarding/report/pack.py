"""``safeguarding pack``: the inspection pack - a day-one briefing, the deep-dive notebooks, the
Annex A list summaries, and every child list whole.

Written to ``outputs/<council>/<period>-pack/``:

* ``restricted/`` - ``index.html``, the headline page: the key figures with RAG and direction of
  travel, what changed since the last report (the previous period), the lists in the pack with
  their sizes, and which Annex A lists the pack covers (Lists 1-8; 9 care leavers, 10 adoption
  and 11 adopters are out of scope). Then ``sections/``: the headline, the four deep-dive
  notebooks (notebooks/deep-dive/, run with papermill on the run's prepared data) and the per-list
  Annex A summaries. ``inspection-pack.pdf`` is the briefing in print: the same pages, each child
  list cut to its first rows (``deepdive.view.PRINT_ROWS``) with a pointer to the workbook.
  ``inspection-pack.xlsx`` holds every table and every child list whole, each sheet marked
  RESTRICTED with the council, the period and the call that produced it. Also the executed
  notebooks, the prepared data and ``pack-manifest.json``.
* ``open/`` - the Annex A summaries only, protected with everything the council has published
  (``protect_summaries``: ``disclosure.protect`` with the publication ledger; counts 1-5 and any
  cell that would reveal one - with the reports' figures too - shown as "c") as
  ``annex-a-summaries.html``, ``.pdf`` and ``.xlsx`` (every sheet marked OPEN), checked as the
  report's open edition is (:func:`audit_open_pack`) and by the recovery audit with the ledger.

The prepared data of the report's run is reused when it was prepared from the same data, params,
period and package (``report.cache.prepare_or_reuse``); otherwise the pack prepares it. Like a
run, the pack is built in a private folder and published by the runner's step
(``runner.publish_or_fail``): only when every notebook ran and the open files passed the check;
otherwise it is left in ``<period>-pack.failed/``. A published pack is recorded in the ledger as
``<period>-pack`` in the same transaction as the move.
"""
from __future__ import annotations

import html
import json
import os
import shutil
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pandas as pd

from .. import __version__
from ..params import Params, load_params
from ..periods import Period, parse_period
from ..prepare import PreparedData
from .render import RenderedSection, failed_fragment, notebook_fragment, stylesheet, write_pages, write_pdf
from .runner import RunResult, _council_dir, notebook_dir, publish, publish_or_fail

DEEP_DIVE_TITLES = {"01_journeys": "Children's journeys", "02_drift_and_delay": "Drift and delay",
                    "03_disproportionality": "Disproportionality", "04_teams_and_workers": "Teams and workers"}
SUMMARIES_TITLE = "Annex A list summaries"
HEADLINE_TITLE = "Headline"
WORKBOOK, OPEN_WORKBOOK = "inspection-pack.xlsx", "annex-a-summaries.xlsx"
# Sheet names of the summaries (Excel allows 31 characters); the full title heads each sheet.
SUMMARY_SHEETS = {"Events by month (Lists 1, 3, 5)": "Events by month",
                  "Open at any time in the month (Lists 2, 4, 6, 7, 8)": "Open by month"}


def deep_dive_notebooks() -> list[Path]:
    return sorted((notebook_dir() / "deep-dive").glob("[0-9][0-9]_*.ipynb"))


def _execute(notebook: Path, prepared_dir: Path, out_path: Path, timeout: int = 900) -> tuple[bool, str]:
    import papermill as pm

    try:
        # no cwd=: papermill would change the whole process's folder, which two threads undo wrongly
        pm.execute_notebook(str(notebook), str(out_path), parameters={"prepared_dir": str(prepared_dir)},
                            kernel_name="python3", progress_bar=False, request_save_on_cell_execute=False,
                            execution_timeout=timeout, log_output=False)
        return True, ""
    except pm.PapermillExecutionError as exc:
        return False, f"{exc.ename}: {exc.evalue}"
    except Exception as exc:  # a kernel that died: reported, the other notebooks still render
        return False, f"{type(exc).__name__}: {exc}"


def _context(params: Params, period: Period, prepared: PreparedData, edition: str) -> dict:
    from .heading import report_date

    return {"council_name": params.council.name, "report_title": f"Inspection pack: {params.council.name}",
            "committee": "Ofsted inspection preparation", "period_title": period.title,
            "period_label": period.label,
            "classification": "Open" if edition == "open" else "Restricted",
            "report_date": report_date(params, period, prepared.meta.get("extract_date")),
            "extract_date": prepared.meta.get("extract_date", ""), "edition": edition,
            "threshold": params.disclosure.threshold, "symbol": params.disclosure.symbol,
            "version": __version__, "has_pdf": True}


def _has_total(frame: pd.DataFrame) -> bool:
    return "Total" in frame.index


def summary_key(title: str) -> str:
    """The name a summary is published (and recorded in the ledger) under."""
    if title.startswith("Events by month"):
        return "annex_a_events_by_month"
    if title.startswith("Open at any time"):
        return "annex_a_open_by_month"
    return "annex_a_" + title.lower().replace(" ", "_")


def _row_month(label) -> str | None:
    """The month a summary row counts ("Jul 2018" -> "2018-07"); None for any other row."""
    try:
        return str(pd.Period(pd.to_datetime(str(label), format="%b %Y"), "M"))
    except (ValueError, TypeError):
        return None


def _row_window(label, period: Period) -> tuple[str, str]:
    """A summary row's months: its own month ("Jul 2018"), else the period's."""
    month = _row_month(label)
    return (month, month) if month else (str(period.first_month), str(period.last_month))


def protect_summaries(tables: dict[str, pd.DataFrame], period: Period, params: Params,
                      ledger: pd.DataFrame | None, extract: str = "") -> tuple[dict[str, pd.DataFrame], pd.DataFrame]:
    """The open summaries: every cell protected with everything the council has published
    (``disclosure.protect``: the events by month are the report's referrals, contacts and S47
    enquiries; a table's event-list totals are those counts too). Returns the tables with the
    symbol where hidden, and their records for the audit and the ledger."""
    import numpy as np

    from ..disclosure.protect import protect

    threshold, symbol = params.disclosure.threshold, params.disclosure.symbol
    cells = []
    for title, frame in tables.items():
        key = summary_key(title)
        window = "sum" if key == "annex_a_events_by_month" else "once"
        for label, row in frame.iterrows():
            first, last = _row_window(label, period)
            for column, v in row.items():
                cells.append({"kind": "table", "figure": key, "field": str(column), "row": str(label),
                              "parts": str(label), "first": first, "last": last, "window": window,
                              "value": np.nan, "status": "published", "labelled": "", "extract": extract,
                              "source": "annex-a-summaries.html", "unit": len(cells), "truth": float(v),
                              "shown": True, "_title": title})
    candidates = pd.DataFrame(cells)
    if candidates.empty:
        return tables, candidates
    size = candidates["truth"].fillna(0)
    units = pd.DataFrame({"cost": [(20.0 if r == "Total" else 5.0) + v / (v + 100.0)
                                   for r, v in zip(candidates["row"], size)]})
    result = protect(candidates.drop(columns="_title"), units, ledger, threshold)
    hidden = result.status.isin(["primary", "secondary"]).to_numpy()
    out = {}
    for title, frame in tables.items():
        mine = candidates["_title"] == title
        shown = frame.astype(object).copy()
        for (label, column), h in zip(zip(candidates.loc[mine, "row"], candidates.loc[mine, "field"]), hidden[mine]):
            if h:
                shown.loc[[lab for lab in shown.index if str(lab) == label][0], column] = symbol
        out[title] = shown
    return out, result.records[result.records["status"] != "unshown"].reset_index(drop=True)


def summaries_fragment(tables: dict[str, pd.DataFrame], meanings: pd.DataFrame, params: Params,
                       period: Period, edition: str, controlled: bool = False) -> str:
    """The summaries section as HTML: what each list counts, then one count table per summary.
    ``controlled``: the tables are already through disclosure control (:func:`protect_summaries`),
    shown as they are and named for the audit; otherwise the open edition suppresses each alone."""
    from ..deepdive.briefing import SCOPE_NOTE
    from ..deepdive.view import table_html
    from ..present.tables import count_table

    parts = [f"<h1>{SUMMARIES_TITLE}</h1>",
             f'<p>Ofsted ILACS Annex A Lists 1-8 for {html.escape(period.title)}, counted with the '
             "library's definitions (docs/deep-dive.md). Event lists count events dated in the "
             "window; lists of episodes count those open at any time in it (List 6 is children in "
             f"need <em>open</em> in the window, not only those starting). {html.escape(SCOPE_NOTE)}</p>",
             table_html(meanings, "What each list counts")]
    for title, frame in tables.items():
        # a table of months: each row counts its own month
        rows = {str(lab): _row_month(lab) for lab in frame.index if _row_month(lab)} if controlled else None
        parts.append(count_table(frame, edition=edition, threshold=params.disclosure.threshold,
                                 symbol=params.disclosure.symbol,
                                 total_row="Total" if _has_total(frame) else False,
                                 caption=f"{title}, {period.title}", index_name=frame.index.name or "",
                                 controlled=controlled, table_id=summary_key(title), period=period.label,
                                 row_periods=rows))
        if title.startswith("Open"):
            parts.append('<p class="section-note">A child or episode open in several months counts in '
                         "each, so the months do not add up to the window.</p>")
    return "\n".join(parts)


def _summary_sheets(tables: dict[str, pd.DataFrame], period: Period) -> dict[str, pd.DataFrame]:
    out = {}
    for title, frame in tables.items():
        frame = frame.copy()
        frame.attrs.update(heading=f"Annex A: {title}, {period.title}", call="dd.annex_a_summaries()")
        out[SUMMARY_SHEETS.get(title, title)] = frame
    return out


# --------------------------------------------------------------------------------------------
# The headline page
# --------------------------------------------------------------------------------------------
def _scorecard_ids() -> list[str]:
    from ..indicators.registry import REGISTRY
    from .sections import SECTIONS

    return [i for s in SECTIONS for i in s.scorecard_ids if i in REGISTRY]


def what_changed(prepared: PreparedData, ids: list[str]) -> list[tuple[str, str, str]]:
    """(indicator title, "better" | "worse" | "RAG", sentence) for each key figure that moved
    meaningfully against the previous period (the report's direction-of-travel rule and
    no-change band), or whose RAG rating changed."""
    from ..indicators.registry import REGISTRY
    from ..present.coverage import is_complete
    from ..present.rag import rag_label, rag_rating
    from ..present.tables import format_value, period_rows
    from ..present.travel import direction_of_travel

    params, period = prepared.params, prepared.period
    rows = period_rows(prepared.indicators, [str(m) for m in period.months])
    conv, small = params.conventions, params.conventions.small_denominator
    out = []

    def rating(row, ind, target):
        if row is None:
            return "none"
        return rag_rating(row.get("value"), target, ind.polarity, denominator=row.get("denominator")
                          if ind.unit != "rate_per_10k" else None, lower=row.get("lower"), upper=row.get("upper"),
                          small_denominator=small, rag_enabled=ind.rag, coverage=row.get("coverage", "full"))

    for i in ids:
        ind, cur, prev = REGISTRY[i], rows["current"].get(i), rows["previous"].get(i)
        if cur is None or prev is None:
            continue
        target = params.targets.get(i) if params.targets else None
        now, before = format_value(cur.get("value"), ind.unit), format_value(prev.get("value"), ind.unit)
        travel = direction_of_travel(cur.get("value"), prev.get("value"), ind.polarity, ind.unit,
                                     band_points=conv.no_change_band_points, band_relative=conv.no_change_band_relative,
                                     complete=is_complete(cur) and is_complete(prev))
        r_now, r_before = rating(cur, ind, target), rating(prev, ind, target)
        rag = (f"; RAG {rag_label(r_before)} to {rag_label(r_now)}"
               if r_now != r_before and "none" not in (r_now, r_before) else "")
        if travel.judgement in ("improving", "worsening"):
            kind = "better" if travel.judgement == "improving" else "worse"
            out.append((ind.title, kind, f"{now}, from {before} in the previous period{rag}"))
        elif rag:
            out.append((ind.title, "RAG", f"{now}, from {before}{rag}"))
        elif travel.judgement == "neutral":
            out.append((ind.title, "changed", f"{now}, from {before} in the previous period"))
    return out


def headline_fragment(prepared: PreparedData, lists: dict[str, pd.DataFrame], source: str) -> str:
    """The pack's first page: key figures, what changed, the lists in the pack, Annex A coverage."""
    from ..deepdive.briefing import coverage
    from ..deepdive.view import PRINT_ROWS, table_html
    from ..present.tables import scorecard_table

    params, period = prepared.params, prepared.period
    ids = _scorecard_ids()
    changed = what_changed(prepared, ids)
    order = {"worse": 0, "RAG": 1, "better": 2, "changed": 3}
    items = "".join(f"<li><strong>{html.escape({'worse': 'Worse', 'better': 'Better', 'RAG': 'RAG changed', 'changed': 'Changed'}[kind])}:"
                    f"</strong> {html.escape(title)}: {html.escape(text)}</li>"
                    for title, kind, text in sorted(changed, key=lambda c: order[c[1]]))
    listed = pd.DataFrame([(sheet, frame.attrs.get("heading", sheet), len(frame)) for sheet, frame in lists.items()],
                          columns=["Workbook sheet", "List", "Rows"])
    return "\n".join([
        f'<h1 id="headline">{HEADLINE_TITLE}</h1>',
        f'<p class="lead">{html.escape(params.council.name)}, {html.escape(period.title)}. Data extracted '
        f'{html.escape(str(prepared.meta.get("extract_date", "")))}; {html.escape(source)}.</p>',
        '<p class="restricted-note"><strong>RESTRICTED.</strong> Child-level lists and worker names: for use '
        "inside the council and with inspectors only.</p>",
        "<h2>Key figures</h2>",
        scorecard_table(prepared.indicators, ids, params, period.short_title,
                        period_months=[str(m) for m in period.months], edition="restricted",
                        caption=f"Key figures, {period.title}: value, target, RAG and direction of travel"),
        "<h2>What changed since the last report</h2>",
        (f"<p>Against the previous period, by the report's rules (a change within the no-change band is "
         f"not listed):</p><ul class=\"what-changed\">{items}</ul>" if items else
         "<p>No key figure moved beyond the no-change band against the previous period, and no RAG rating "
         "changed.</p>"),
        "<h2>The lists in this pack</h2>",
        f"<p>Every list is whole in <code>{WORKBOOK}</code> (one sheet each, marked RESTRICTED, with the call "
        f"that produced it); the printed pack shows the first {PRINT_ROWS} rows of each.</p>",
        table_html(listed, "Child lists", limit=None),
        "<h2>Annex A lists covered</h2>",
        table_html(coverage(), "Annex A lists and this pack", limit=None),
        f'<p class="section-note">{html.escape(coverage().attrs["about"])}</p>',
    ])


# --------------------------------------------------------------------------------------------
# Workbooks
# --------------------------------------------------------------------------------------------
def _about_sheet(tables: dict[str, pd.DataFrame], *, rows: bool) -> pd.DataFrame:
    """The first sheet: what every other sheet holds (and, restricted, how many rows)."""
    frame = pd.DataFrame({"Sheet": list(tables), "What it holds": [f.attrs.get("heading", k) for k, f in tables.items()]})
    if rows:
        frame["Rows"] = [len(f) for f in tables.values()]
    frame.attrs.update(heading="Contents of this workbook", call="safeguarding pack")
    return frame


def write_pack_workbook(path: Path, tables: dict[str, pd.DataFrame], labels, *, restricted: bool) -> Path:
    """The pack's workbook: a contents sheet, then one sheet per table, every sheet marked."""
    from ..exports import write_labelled_workbook

    index_tables = {k: v for k, v in tables.items() if not isinstance(v.index, pd.RangeIndex)}
    plain = {"Contents": _about_sheet(tables, rows=restricted)}
    for key, frame in tables.items():
        if key in index_tables:
            attrs = dict(frame.attrs)
            frame = frame.reset_index()
            frame.attrs.update(attrs)
        plain[key] = frame
    return write_labelled_workbook(path, plain, labels)


def workbook_as_html(path: Path) -> str:
    """The data rows of every sheet of a labelled workbook as count tables (the header row - the
    row above the frozen pane - and the first column as labels, every other number a count), so
    the leak check reads the workbook's counts as published."""
    from openpyxl import load_workbook

    def cell(tag, v):
        text = "" if v is None else str(v)
        count = tag == "td" and isinstance(v, (int, float)) and not isinstance(v, bool)  # text is not a count
        attrs = ' class="count"' if count else ""
        return f"<{tag}{attrs}>{html.escape(text)}</{tag}>"

    out = []
    book = load_workbook(path, read_only=False)
    for ws in book.worksheets:
        first = int("".join(ch for ch in (ws.freeze_panes or "A2") if ch.isdigit())) - 1  # the header row
        rows = []
        for i, row in enumerate(ws.iter_rows(min_row=first, values_only=True)):
            rows.append("<tr>" + "".join(cell("th" if i == 0 or j == 0 else "td", v) for j, v in enumerate(row)) + "</tr>")
        out.append(f'<table class="workbook-sheet"><caption>{html.escape(ws.title)}</caption>{"".join(rows)}</table>')
    return "<html><body>" + "".join(out) + "</body></html>"


def audit_open_pack(open_dir: Path, prepared: PreparedData, identifiers) -> list:
    """The check every open file of the pack passes before it is published - the report's
    (``leakcheck.check_open_folder``: identifiers in every file, small counts in the HTML count
    cells) and the workbook's count cells. The recovery audit follows, with the ledger, when the
    pack is published (``disclosure.publication``)."""
    from ..disclosure.leakcheck import check_open_folder, find_leaks

    disclosure = prepared.params.disclosure
    leaks = check_open_folder(open_dir, prepared.tables, disclosure.threshold, symbol=disclosure.symbol,
                              allow=disclosure.allow, identifiers=identifiers, audit=False)
    counts = {f"{OPEN_WORKBOOK} (cells)": workbook_as_html(open_dir / OPEN_WORKBOOK)}
    return leaks + [x for x in find_leaks(counts, {}, disclosure.threshold, allow=disclosure.allow)
                    if x.kind == "small_count"]


# --------------------------------------------------------------------------------------------
# Pages
# --------------------------------------------------------------------------------------------
def _section(key: str, number: int, title: str, slug: str, body: str, ok: bool = True, error: str = ""
             ) -> RenderedSection:
    """A pack section whose body starts on a new page at the anchor the contents link to."""
    return RenderedSection(key, number, title, slug, f'<div class="page-break" id="{slug}"></div>' + body, ok, error)


def _index_page(folder: Path, context: dict, headline: str, links: list[tuple[str, str, bool, str]],
                pdf: str | None, xlsx: str) -> None:
    """The landing page: the headline, then the contents (sections, the PDF and the workbook)."""
    items = "".join(f'<li><a href="{href}">{html.escape(title)}</a>'
                    + ("" if ok else f' <span class="failed-tag">not produced: {html.escape(err)}</span>') + "</li>"
                    for title, href, ok, err in links)
    restricted = context["edition"] == "restricted"
    page = (f'<!DOCTYPE html><html lang="en-GB"><head><meta charset="utf-8"><title>{html.escape(context["report_title"])}'
            f'</title><style>{stylesheet()}</style></head><body class="edition-{context["edition"]}">'
            f'<header class="report-header"><div class="classification">{html.escape(context["classification"])}'
            + (" - RESTRICTED: contains child-level detail, not for publication" if restricted else "")
            + f'</div><div class="council">{html.escape(context["council_name"])}</div>'
            f'<div class="report-title">{html.escape(context["report_title"])}</div>'
            f'<div class="report-meta">{html.escape(context["period_title"])} &middot; data extracted '
            f'{html.escape(str(context["extract_date"]))}</div></header><main class="index" id="main">'
            f'<h1>{html.escape(context["report_title"])}</h1><p class="lead">{html.escape(context["period_title"])}</p>'
            f'<nav aria-labelledby="contents-heading"><h2 id="contents-heading">Contents</h2>'
            + (f'<p>Printed: <a href="{pdf}">{pdf}</a>; every table and list, whole: <a href="{xlsx}">{xlsx}</a>.</p>'
               if pdf else f'<p>Every table and list, whole: <a href="{xlsx}">{xlsx}</a>.</p>')
            + f'<ol class="contents">{items}</ol></nav>'
            # the headline under the page's own h1: its title one level down
            + headline.replace("<h1", "<h2", 1).replace("</h1>", "</h2>", 1) + "</main></body></html>")
    (folder / "index.html").write_text(page, encoding="utf-8")


def _open_pages(open_dir: Path, context: dict, fragment: str, printed: bool = True) -> None:
    open_section = _section("annex_a_summaries", 1, SUMMARIES_TITLE, "annex-a-summaries", fragment)
    open_pages = write_pages(open_dir, [open_section], context)
    if printed:
        (open_dir / "report.html").replace(open_dir / "annex-a-summaries-print.html")
        write_pdf(open_dir / "annex-a-summaries-print.html", open_dir / "annex-a-summaries.pdf")
    else:
        (open_dir / "report.html").unlink()
    shutil.move(str(open_pages["annex-a-summaries"]), open_dir / "annex-a-summaries.html")
    shutil.rmtree(open_dir / "sections", ignore_errors=True)
    page = open_dir / "annex-a-summaries.html"
    page.write_text(page.read_text(encoding="utf-8").replace('href="../index.html"', 'href="index.html"'),
                    encoding="utf-8")


def make_pack(params_path: str | Path, period_text: str | None = None, *, output_root: str | Path = "outputs",
              jobs: int = 2, log=print) -> RunResult:
    """Build the inspection pack (see module docstring). Raises ParamsError / PeriodError /
    FatalInputError for fatal problems (nothing written, the previous pack untouched)."""
    from ..deepdive import DeepDive, annex_a
    from ..deepdive.briefing import coverage
    from ..disclosure.leakcheck import identifier_sources
    from ..exports import Labels
    from .cache import prepare_or_reuse
    from .pdf import pdf_engine_problem
    from .runner import _ledger

    t_start = time.perf_counter()
    params = load_params(Path(params_path).resolve())
    if not (period_text or params.period):
        from ..periods import PeriodError

        raise PeriodError("no period given: use --period (e.g. 2018-07..2018-12) or set period: in the params file")
    period = parse_period(period_text or params.period)
    council_dir = _council_dir(output_root, params.council.short_name)  # never outside the root
    final_dir = council_dir / f"{period.slug}-pack"
    tmp_dir = council_dir / f".{period.slug}-pack.partial-{os.getpid()}"
    shutil.rmtree(tmp_dir, ignore_errors=True)
    restricted, open_dir = tmp_dir / "restricted", tmp_dir / "open"
    open_dir.mkdir(parents=True)
    call = f"safeguarding pack --params {Path(params_path).name} --period {period.label}"
    timings: dict = {}
    problem = pdf_engine_problem()
    printed = problem is None
    if problem:  # the pages and workbooks are complete without it: publish them, say so in one line
        log(f"the pack's PDFs were not made: WeasyPrint cannot load its libraries ({problem}); the pack is "
            "published without them (README: 'If the PDF is not made')")
    try:
        t0 = time.perf_counter()
        prepared, source = prepare_or_reuse(params, period, council_dir, restricted / "prepared")
        log(f"{source}")
        timings["prepare_s"] = round(time.perf_counter() - t0, 2)

        t0 = time.perf_counter()
        notebooks = deep_dive_notebooks()
        (restricted / "notebooks").mkdir(parents=True, exist_ok=True)
        with ThreadPoolExecutor(max_workers=max(1, min(jobs, 2))) as pool:
            futures = {nb.stem: pool.submit(_execute, nb, prepared.folder, restricted / "notebooks" / nb.name)
                       for nb in notebooks}
            # meanwhile, the tables and whole lists of the workbook (the notebooks show the same)
            dd = DeepDive(prepared)
            summaries, meanings = dd.annex_a_summaries(), annex_a.meanings()
            lists = dd.child_lists()
            tables = {**dd.drift_tables(), **dd.team_tables(), **dd.disproportionality_tables()}
            progression = dd.progression().set_index("from_stage")
            progression.attrs.update(heading=f"Progression from contact to care, children contacted in {period.title}",
                                     call="dd.progression()")
            results = {stem: f.result() for stem, f in futures.items()}
        timings["notebooks_s"] = round(time.perf_counter() - t0, 2)

        t0 = time.perf_counter()
        headline = headline_fragment(prepared, lists, source)
        sections = [_section("headline", 0, HEADLINE_TITLE, "00_headline", headline)]
        for number, nb in enumerate(notebooks, start=1):
            ok, error = results[nb.stem]
            body = notebook_fragment(restricted / "notebooks" / nb.name, "restricted") if ok else failed_fragment(error)
            sections.append(_section(nb.stem, number, DEEP_DIVE_TITLES.get(nb.stem, nb.stem), nb.stem, body, ok, error))
        n = len(sections)
        sections.append(_section("annex_a_summaries", n, SUMMARIES_TITLE, f"{n:02d}_annex_a_summaries",
                                 summaries_fragment(summaries, meanings, params, period, "restricted")))
        context = {**_context(params, period, prepared, "restricted"), "has_pdf": printed}
        pages = write_pages(restricted, sections, context)
        if printed:
            write_pdf(pages["report"], restricted / "inspection-pack.pdf")
        else:
            pages["report"].unlink()
        meanings_sheet = meanings.set_index("List")
        meanings_sheet.attrs.update(heading="What each Annex A list counts", call="annex_a.meanings()")
        labels = Labels("RESTRICTED", params.council.name, period.title, call)
        write_pack_workbook(restricted / WORKBOOK, {
            "Annex A coverage": coverage(), "List meanings": meanings_sheet, **_summary_sheets(summaries, period),
            **lists, "Progression": progression, **tables}, labels, restricted=True)
        _index_page(restricted, context, headline,
                    [(s.title, f"sections/{s.slug}.html", s.ok, s.error) for s in sections],
                    "inspection-pack.pdf" if printed else None, WORKBOOK)

        # the open summaries, protected with everything the council has published (the ledger)
        ledger = _ledger(council_dir, params, False, log)
        extract = str(prepared.meta.get("extract_date", ""))
        open_tables, pack_records = protect_summaries(summaries, period, params, ledger.records(), extract)
        open_context = {**_context(params, period, prepared, "open"), "has_pdf": printed}
        _open_pages(open_dir, open_context, summaries_fragment(open_tables, meanings, params, period, "open",
                                                               controlled=True), printed)
        write_pack_workbook(open_dir / OPEN_WORKBOOK, {
            "Annex A coverage": coverage(), "List meanings": meanings_sheet,
            **_summary_sheets(open_tables, period)},
            Labels("OPEN", params.council.name, period.title, call), restricted=False)
        _index_page(open_dir, open_context, "", [(SUMMARIES_TITLE, "annex-a-summaries.html", True, "")],
                    "annex-a-summaries.pdf" if printed else None, OPEN_WORKBOOK)
        timings["render_s"] = round(time.perf_counter() - t0, 2)

        # the report's identifiers (children, whole worker names; teams are not personal data)
        # and its allow list, so a team called "MASH" stops neither the report nor the pack
        leaks = audit_open_pack(open_dir, prepared, identifier_sources(prepared.tables))
        timings["total_s"] = round(time.perf_counter() - t_start, 2)
        failed = [stem for stem, (ok, _) in results.items() if not ok]
        (restricted / "pack-manifest.json").write_text(json.dumps({
            "period": period.label, "params": str(params_path), "prepared_data": source,
            "notebooks": {k: v[1] or "ok" for k, v in results.items()},
            "lists": {k: len(v) for k, v in lists.items()},
            "leaks": [str(leak) for leak in leaks], "timings": timings}, indent=2), encoding="utf-8")
    except BaseException:
        shutil.rmtree(tmp_dir, ignore_errors=True)
        raise

    decision = None
    if not (failed or leaks):
        # the recovery audit of the open summaries with the ledger; the pack and its ledger
        # entry are published together (disclosure.publication)
        from ..disclosure.publication import publish as publish_recorded, report_records

        def move():
            try:
                publish(tmp_dir, final_dir)
            except BaseException:
                shutil.rmtree(tmp_dir, ignore_errors=True)
                raise

        records = report_records(open_dir, pack_records, params.disclosure.symbol, extract)
        decision = publish_recorded(ledger, open_dir, move, records, params.disclosure.threshold,
                                    params.disclosure.symbol, report=f"{period.slug}-pack",
                                    details={"period": period.label, "extract_date": extract, "folder": str(final_dir)})
        timings["audit_s"] = round(decision.audit_seconds, 2)
        leaks = decision.findings
    problems = [f"deep-dive notebook {stem} failed: {results[stem][1]}" for stem in failed] \
        + [f"leak check: {leak}" for leak in leaks]
    failed_dir = council_dir / f"{period.slug}-pack.failed"
    previous = (f"the previous pack in {final_dir} is unchanged" if final_dir.exists()
                else "there is no earlier pack for this period")
    if decision is not None and decision.published:  # moved into place inside the ledger's transaction
        shutil.rmtree(failed_dir, ignore_errors=True)
    elif not publish_or_fail(tmp_dir, final_dir, failed_dir, problems, log, previous=previous):
        return RunResult(failed_dir, False, failed, leaks, timings)
    log(f"inspection pack written to {final_dir} ({timings['total_s']} s)")
    return RunResult(final_dir, True, [], [], timings)
