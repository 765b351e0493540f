"""``safeguarding pack``: the inspection pack - deep-dive notebooks and Annex A list summaries.

Written to ``outputs/<council>/<period>-pack/``:

* ``restricted/`` - the four deep-dive notebooks (notebooks/deep-dive/, run with papermill on the
  run's prepared data) and the per-list Annex A summaries as HTML pages (``index.html``,
  ``sections/``) and one PDF (``inspection-pack.pdf``) in the report's look, plus
  ``inspection-pack.xlsx`` with one sheet per table, the executed notebooks and the prepared data.
* ``open/`` - the Annex A summaries only, protected with everything the council has published
  (``protect_summaries``: ``disclosure.protect`` with the publication ledger; counts 1-5 and any
  cell that would reveal one - with the reports' figures too - shown as "c") as
  ``annex-a-summaries.html``, ``.pdf`` and ``.xlsx``, checked by the report's leak check (HTML,
  PDF text and the workbook's cells) and by the recovery audit with the ledger.

The pack is built in a private folder and replaces the previous pack only when every notebook ran
and the open variant passed the leak check and the audit (then it is recorded in the ledger as
``<period>-pack``); otherwise it is left in ``<period>-pack.failed/``.
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
from ..prepare import PreparedData, prepare
from .render import RenderedSection, failed_fragment, notebook_fragment, stylesheet, write_pages, write_pdf
from .runner import RunResult, _council_dir, notebook_dir, publish

DEEP_DIVE_TITLES = {"01_journeys": "Children's journeys", "02_drift_and_delay": "Drift and delay",
                    "03_disproportionality": "Disproportionality", "04_teams_and_workers": "Teams and workers"}
SUMMARIES_TITLE = "Annex A list summaries"


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
            "classification": params.report.classification if edition == "open" else "Restricted",
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
    from ..deepdive.view import table_html
    from ..present.tables import count_table

    parts = [f"<h1>{SUMMARIES_TITLE}</h1>",
             f'<p>Ofsted ILACS Annex A Lists 1-8 for {html.escape(period.title)}, counted with the '
             "library's definitions (docs/deep-dive.md). Event lists count events dated in the "
             "window; lists of episodes count those open at any time in it (List 6 is children in "
             "need <em>open</em> in the window, not only those starting).</p>",
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


def _sheet_name(title: str, used: set) -> str:
    name = "".join(ch for ch in title if ch not in "[]:*?/\\")[:31]
    base, i = name, 2
    while name in used:
        name = f"{base[:28]} {i}"
        i += 1
    used.add(name)
    return name


def write_workbook(path: Path, frames: dict[str, pd.DataFrame]) -> Path:
    """One sheet per table (index written as the first column)."""
    used: set = set()
    with pd.ExcelWriter(path, engine="openpyxl") as xl:
        for title, frame in frames.items():
            frame.to_excel(xl, sheet_name=_sheet_name(title, used), index=frame.index.name is not None
                           or not isinstance(frame.index, pd.RangeIndex))
    return path


def workbook_as_html(path: Path) -> str:
    """Every sheet as a count table (header row and first column as labels, every other cell a
    count), so the leak check reads the workbook as published."""
    def cell(tag, v):
        text = "" if pd.isna(v) else str(v)
        attrs = ' class="count"' if tag == "td" else ""
        return f"<{tag}{attrs}>{html.escape(text)}</{tag}>"

    out = []
    for name, frame in pd.read_excel(path, sheet_name=None, header=None, dtype=object, engine="openpyxl").items():
        rows = []
        for i, row in enumerate(frame.itertuples(index=False)):
            rows.append("<tr>" + "".join(cell("th" if i == 0 or j == 0 else "td", v) for j, v in enumerate(row)) + "</tr>")
        out.append(f'<table class="count-table"><caption>{html.escape(name)}</caption>{"".join(rows)}</table>')
    return "<html><body>" + "".join(out) + "</body></html>"


def _index_page(folder: Path, context: dict, links: list[tuple[str, str, bool, str]], pdf: str, xlsx: str) -> None:
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
            f'{html.escape(str(context["extract_date"]))}</div></header><main class="index">'
            f'<h1>{html.escape(context["report_title"])}</h1><p class="lead">{html.escape(context["period_title"])}</p>'
            f'<p>Printed: <a href="{pdf}">{pdf}</a>; every table: <a href="{xlsx}">{xlsx}</a>.</p>'
            f'<ol class="contents">{items}</ol></main></body></html>')
    (folder / "index.html").write_text(page, encoding="utf-8")


def make_pack(params_path: str | Path, period_text: str | None = None, *, output_root: str | Path = "outputs",
              jobs: int = 2, log=print) -> RunResult:
    """Build the inspection pack (see module docstring). Raises ParamsError / PeriodError /
    FatalInputError for fatal problems (nothing written, the previous pack untouched)."""
    from ..deepdive import DeepDive, annex_a
    from ..disclosure.leakcheck import find_leaks, identifier_sources, pdf_text
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
    timings: dict = {}
    try:
        t0 = time.perf_counter()
        prepared = prepare(params, period, restricted / "prepared")
        timings["prepare_s"] = round(time.perf_counter() - t0, 2)

        t0 = time.perf_counter()
        notebooks = deep_dive_notebooks()
        (restricted / "notebooks").mkdir(parents=True, exist_ok=True)
        with ThreadPoolExecutor(max_workers=max(1, min(jobs, 2))) as pool:
            futures = {nb.stem: pool.submit(_execute, nb, prepared.folder, restricted / "notebooks" / nb.name)
                       for nb in notebooks}
            results = {stem: f.result() for stem, f in futures.items()}
        timings["notebooks_s"] = round(time.perf_counter() - t0, 2)

        t0 = time.perf_counter()
        dd = DeepDive(prepared)
        summaries = dd.annex_a_summaries()
        meanings = annex_a.meanings()
        sections = []
        for number, nb in enumerate(notebooks, start=1):
            ok, error = results[nb.stem]
            body = notebook_fragment(restricted / "notebooks" / nb.name, "restricted") if ok else failed_fragment(error)
            sections.append(RenderedSection(nb.stem, number, DEEP_DIVE_TITLES.get(nb.stem, nb.stem), nb.stem,
                                            body, ok, error))
        n = len(sections) + 1
        summary_slug = f"{n:02d}_annex_a_summaries"
        sections.append(RenderedSection("annex_a_summaries", n, SUMMARIES_TITLE, summary_slug,
                                        summaries_fragment(summaries, meanings, params, period, "restricted")))
        context = _context(params, period, prepared, "restricted")
        pages = write_pages(restricted, sections, context)
        write_pdf(pages["report"], restricted / "inspection-pack.pdf")
        extra = {"Progression contact to care": dd.progression().set_index("from_stage"),
                 "Referral to CP plan (days)": dd.interval_summary("referral", "cp_plan").set_index("start_year"),
                 "Referral to care (days)": dd.interval_summary("referral", "care").set_index("start_year"),
                 "CP plan to care (days)": dd.interval_summary("cp_plan", "care").set_index("start_year")}
        write_workbook(restricted / "inspection-pack.xlsx",
                       {"List meanings": meanings.set_index("List"), **summaries, **extra})
        _index_page(restricted, context, [(s.title, f"sections/{s.slug}.html", s.ok, s.error) for s in sections],
                    "inspection-pack.pdf", "inspection-pack.xlsx")

        # the open summaries, protected with everything the council has published (the ledger)
        ledger = _ledger(council_dir, params, False, log)
        extract = str(prepared.meta.get("extract_date", ""))
        open_tables, pack_records = protect_summaries(summaries, period, params, ledger.records(), extract)
        open_context = _context(params, period, prepared, "open")
        open_section = RenderedSection("annex_a_summaries", 1, SUMMARIES_TITLE, "annex-a-summaries",
                                       summaries_fragment(open_tables, meanings, params, period, "open",
                                                          controlled=True))
        open_pages = write_pages(open_dir, [open_section], open_context)
        (open_dir / "report.html").replace(open_dir / "annex-a-summaries-print.html")
        write_pdf(open_dir / "annex-a-summaries-print.html", open_dir / "annex-a-summaries.pdf")
        shutil.move(str(open_pages["annex-a-summaries"]), open_dir / "annex-a-summaries.html")
        shutil.rmtree(open_dir / "sections", ignore_errors=True)
        (open_dir / "annex-a-summaries.html").write_text(
            (open_dir / "annex-a-summaries.html").read_text(encoding="utf-8").replace('href="../index.html"', 'href="index.html"'),
            encoding="utf-8")
        write_workbook(open_dir / "annex-a-summaries.xlsx",
                       {"List meanings": meanings.set_index("List"), **open_tables})
        _index_page(open_dir, open_context, [(SUMMARIES_TITLE, "annex-a-summaries.html", True, "")],
                    "annex-a-summaries.pdf", "annex-a-summaries.xlsx")
        timings["render_s"] = round(time.perf_counter() - t0, 2)

        texts = {f"open/{p.name}": p.read_text(encoding="utf-8") for p in sorted(open_dir.glob("*.html"))}
        texts["open/annex-a-summaries.pdf"] = pdf_text(open_dir / "annex-a-summaries.pdf")
        texts["open/annex-a-summaries.xlsx"] = workbook_as_html(open_dir / "annex-a-summaries.xlsx")
        # the report's identifiers (children, whole worker names; teams are not personal data)
        # and its allow list, so a team called "MASH" stops neither the report nor the pack
        leaks = find_leaks(texts, identifier_sources(prepared.tables), params.disclosure.threshold,
                           allow=params.disclosure.allow)
        timings["total_s"] = round(time.perf_counter() - t_start, 2)
        failed = [stem for stem, (ok, _) in results.items() if not ok]
        (restricted / "pack-manifest.json").write_text(json.dumps({
            "period": period.label, "params": str(params_path), "notebooks": {k: v[1] or "ok" for k, v in results.items()},
            "leaks": [str(leak) for leak in leaks], "timings": timings}, indent=2), encoding="utf-8")
    except BaseException:
        shutil.rmtree(tmp_dir, ignore_errors=True)
        raise

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
    if failed or leaks:
        failed_dir = council_dir / f"{period.slug}-pack.failed"
        shutil.rmtree(failed_dir, ignore_errors=True)
        tmp_dir.rename(failed_dir)
        for stem in failed:
            log(f"deep-dive notebook {stem} failed: {results[stem][1]}")
        for leak in leaks:
            log(f"leak check: {leak}")
        previous = (f"the previous pack in {final_dir} is unchanged" if final_dir.exists()
                    else "there is no earlier pack for this period")
        log(f"NOT published: {previous}; this pack is in {failed_dir}")
        return RunResult(failed_dir, False, failed, leaks, timings)
    shutil.rmtree(council_dir / f"{period.slug}-pack.failed", ignore_errors=True)
    log(f"inspection pack written to {final_dir} ({timings['total_s']} s)")
    return RunResult(final_dir, True, [], [], timings)
