"""Run a whole report: prepare once, execute section notebooks, render, check, publish atomically.

Safety rules (docs/architecture.md section 7):

* A run builds everything in a private temporary folder next to its destination and replaces
  ``outputs/<council>/<period>/`` only when every section rendered and the open edition passed
  the leak check. An interrupted, failed or leaking run leaves the previous report untouched;
  its partial output goes to ``outputs/<council>/<period>.failed/`` for inspection.
* Runs for different periods use different folders and never touch each other; two runs for the
  same council and period are serialised by a lock file.
* Nothing depends on the clock except the timings recorded in the manifest.
"""
from __future__ import annotations

import errno
import gc
import json
import os
import re
import shutil
import sys
import time
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass, field
from importlib import metadata
from pathlib import Path

import nbformat
import pandas as pd

from .. import __version__
from ..exports import file_sha256
from ..params import Params, load_params
from ..periods import Period, parse_period
from ..portable import exclusive_lock, process_alive
from ..prepare import PreparedData, load_prepared, prepare
from .cache import RunCache, cache_key
from .pdf import PdfEngineMissing
from .render import (Commentary, RenderedSection, failed_fragment, notebook_fragment, start_pdf,
                     uncontrolled_outputs, write_pages)
from .sections import SECTIONS

REPO_ROOT = Path(__file__).resolve().parents[3]


def notebook_dir() -> Path:
    """Section notebooks; SAFEGUARDING_NOTEBOOKS overrides (tests use it to plant a failing one)."""
    return Path(os.environ.get("SAFEGUARDING_NOTEBOOKS", REPO_ROOT / "notebooks"))
@dataclass
class RunResult:
    final_dir: Path
    published: bool
    failed_sections: list[str] = field(default_factory=list)
    leaks: list = field(default_factory=list)
    timings: dict = field(default_factory=dict)
    draft: bool = False  # written to <period>.draft/, never published
    error: str = ""  # an unexpected error: "<step> failed: <what>" (traceback in restricted/)

    @property
    def exit_code(self) -> int:
        return 0 if self.published or (self.draft and not self.failed_sections and not self.error) else 1



def _clear_stale_partials(council_dir: Path) -> None:
    """Remove partial folders left by runs that were killed (their process is gone)."""
    for partial in council_dir.glob(".*.partial-*"):
        try:
            pid = int(partial.name.rsplit("-", 1)[1])
        except ValueError:
            continue
        if not process_alive(pid):
            shutil.rmtree(partial, ignore_errors=True)


def _restore_if_half_swapped(final_dir: Path) -> None:
    """If a run died between the two renames of a publish, put the previous report back."""
    for old in final_dir.parent.glob(f".{final_dir.name}.old-*"):
        if not final_dir.exists():
            old.rename(final_dir)
        else:
            shutil.rmtree(old, ignore_errors=True)


def publish(tmp_dir: Path, final_dir: Path) -> None:
    """Swap ``tmp_dir`` into ``final_dir`` (two renames on one filesystem)."""
    old = final_dir.parent / f".{final_dir.name}.old-{os.getpid()}"
    if final_dir.exists():
        final_dir.rename(old)
    try:
        tmp_dir.rename(final_dir)
    except BaseException:
        if old.exists() and not final_dir.exists():
            old.rename(final_dir)  # the previous report goes back in place
        raise
    if old.exists():
        shutil.rmtree(old, ignore_errors=True)


def publish_or_fail(tmp_dir: Path, final_dir: Path, failed_dir: Path | None, problems: list[str], log,
                    *, previous: str) -> bool:
    """The last step of a run or a pack. With no ``problems``, swap ``tmp_dir`` into
    ``final_dir`` and remove an earlier ``failed_dir``; a refused or interrupted swap removes
    ``tmp_dir`` and leaves the previous output in place. With problems, log each, move
    ``tmp_dir`` to ``failed_dir`` (replacing an earlier one) for inspection, publish nothing and
    say so with ``previous`` (what was left in place: :func:`previous_report`). Returns whether
    it published."""
    if problems:
        shutil.rmtree(failed_dir, ignore_errors=True)
        tmp_dir.rename(failed_dir)
        for problem in problems:
            log(problem)
        log(f"NOT published: {previous}; this run's output is in {failed_dir}")
        return False
    try:
        publish(tmp_dir, final_dir)
    except BaseException:  # refused or interrupted: the previous output is back in place
        shutil.rmtree(tmp_dir, ignore_errors=True)
        raise
    if failed_dir is not None:
        shutil.rmtree(failed_dir, ignore_errors=True)
    return True


def _context(params: Params, period: Period, prepared: PreparedData, edition: str) -> dict:
    from ..periods import uk_date
    from ..present.coverage import period_banner, period_banner_short
    from .heading import cover, report_date, report_title

    extract = prepared.meta.get("extract_date", "")
    return {
        "period_banner": period_banner(period, extract), "period_banner_short": period_banner_short(period, extract),
        "council_name": params.council.name, "report_title": report_title(params, period),
        "committee": params.report.committee, "period_title": period.title,
        "period_label": period.label, "cover": cover(params, period),
        "classification": params.report.classification if edition == "open" else "Restricted",
        "report_date": uk_date(report_date(params, period, extract)), "extract_date": uk_date(extract),
        "edition": edition,
        "threshold": params.disclosure.threshold, "symbol": params.disclosure.symbol,
        "version": __version__,
    }


def _package_versions() -> dict:
    names = ["pandas", "numpy", "papermill", "nbconvert", "nbclient", "ipykernel", "matplotlib",
             "seaborn", "scipy", "holidays", "python-calamine", "weasyprint", "pyarrow", "XlsxWriter"]
    out = {"python": sys.version.split()[0], "safeguarding-reports": __version__}
    for name in names:
        try:
            out[name] = metadata.version(name)
        except metadata.PackageNotFoundError:
            out[name] = None
    return out


def _write_indicator_files(prepared: PreparedData, tmp_dir: Path, figures) -> None:
    """Open edition: the report period's months and total as the run's open figures hold them
    (``report.figures``; earlier periods and financial years are not published: beside the
    months they would allow subtraction); exact values in restricted/."""
    from ..indicators.output import write_indicators
    from ..present.committee import committee_columns

    disclosure = prepared.params.disclosure
    bench_path = prepared.folder / "benchmarks.parquet"
    benchmarks = pd.read_parquet(bench_path) if bench_path.exists() else None
    full = prepared.indicators
    write_indicators(full, tmp_dir / "restricted", prepared.period,
                     committee=committee_columns(full, full, prepared.period, prepared.params, benchmarks))
    shown = figures.indicators
    open_rows = shown[shown["category"].isin(["month", "period"])].reset_index(drop=True)
    # the direction of travel compares with the comparison periods as the open figures hold them
    write_indicators(open_rows, tmp_dir, prepared.period, symbol=disclosure.symbol,
                     committee=committee_columns(shown, open_rows, prepared.period, prepared.params, benchmarks,
                                                 symbol=disclosure.symbol))


def _write_quality_files(prepared: PreparedData, tmp_dir: Path) -> None:
    from ..exports import write_csv
    from ..disclosure.suppress import suppress

    findings = prepared.findings
    write_csv(findings, tmp_dir / "restricted" / "data_quality_rows.csv")
    summary = (findings.groupby(["table", "rule", "severity", "action"], dropna=False).size()
               .rename("rows").reset_index()) if len(findings) else pd.DataFrame(
        columns=["table", "rule", "severity", "action", "rows"])
    write_csv(summary, tmp_dir / "restricted" / "data_quality_summary.csv")
    threshold = prepared.params.disclosure.threshold
    write_csv(suppress(summary, threshold, symbol=prepared.params.disclosure.symbol, count_columns=["rows"]),
              tmp_dir / "data_quality_summary.csv")


def _without_cover_names(identifiers: dict[str, str], params: Params):
    """The leak check's identifiers less the worker names the council itself prints on the cover
    (contributors, author, contact officer): a name published there by choice links no child to
    anyone, and a contact officer who also holds cases must not stop the report publishing."""
    if not params.cover.show:
        return identifiers
    cover = params.cover
    words = set(re.findall(r"\w+", " ".join([cover.contributors, cover.contact_officer,
                                               params.report.author_role]).lower()))
    from ..disclosure.leakcheck import IdentifierSources

    return IdentifierSources({name: origin for name, origin in identifiers.items()
                              if not (origin.endswith(".worker") and set(re.findall(r"\w+", name.lower())) <= words)})


def _leak_check(tmp_dir: Path, prepared: PreparedData, identifiers: dict, exclude=()) -> list:
    """Every open file (manifest included, when written) but ``exclude`` (checked by the caller):
    identifiers and small counts (docs/conventions.md section 6). The recovery audit runs at
    publication, with the ledger (``disclosure.publication``)."""
    from ..disclosure.leakcheck import check_open_folder

    disclosure = prepared.params.disclosure
    return check_open_folder(tmp_dir, prepared.tables, disclosure.threshold, symbol=disclosure.symbol,
                             allow=disclosure.allow, identifiers=identifiers, exclude=exclude, audit=False)


@contextmanager
def _fewer_collections(young: int = 10_000):
    """The cyclic garbage collector run less often (a young collection every ``young`` new
    objects, not Python's 700) while the run makes many small short-lived ones - the cells read,
    the protection model's sums, the workbooks' cells, the audit's pages. Its full collections
    walked every live object, the prepared data included: about a sixth of this process's CPU
    after ``prepare`` on the demo. What is computed is the same; the thresholds are put back."""
    old = gc.get_threshold()
    gc.set_threshold(young, *old[1:])
    try:
        yield
    finally:
        gc.set_threshold(*old)


@contextmanager
def _frozen():
    """What is alive now (after ``prepare``: the prepared data lasts the whole run) kept out of
    the garbage collector's walks until the run ends (``gc.freeze``), then put back."""
    gc.freeze()
    try:
        yield
    finally:
        gc.unfreeze()


def _open_figures(prepared: PreparedData, prepared_dir: Path, ledger, log):
    """Every figure the open edition will publish, protected with everything in the ledger
    (``report.figures``), written beside the prepared data for the notebooks."""
    from .figures import build_open_figures, summary_line, write_open_figures

    earlier = ledger.records() if ledger is not None else None
    figures = build_open_figures(prepared, earlier)
    write_open_figures(prepared_dir, figures)
    log(summary_line(figures.summary))
    return figures


def _ledger(council_dir: Path, params: Params, draft: bool, log):
    """The council's publication ledger, checked, with any report published without an entry
    recorded from its open files. A draft only reads it (and never creates one)."""
    from ..disclosure.ledger import LedgerError, has_ledger, open_ledger

    if draft and not has_ledger(council_dir):
        return None
    try:
        ledger = open_ledger(council_dir)
        ledger.verify()
        if not draft:
            ledger.reconcile(council_dir, params.disclosure.symbol, log=log)
    except LedgerError as exc:
        raise OutputError(str(exc)) from exc
    return ledger


def _report_records(tmp_dir: Path, prepared: PreparedData, figures):
    """Every figure the open files print, with what the open frame says it publishes."""
    from ..disclosure.publication import report_records

    return report_records(tmp_dir, figures.records, prepared.params.disclosure.symbol,
                          str(prepared.meta.get("extract_date", "")))


def _pre_audit(ledger, tmp_dir: Path, prepared: PreparedData, records):
    """The recovery audit made while the PDF prints; publication reuses it if no other report
    entered the ledger meanwhile (``disclosure.publication.pre_audit``)."""
    from ..disclosure.publication import pre_audit

    disclosure = prepared.params.disclosure
    return pre_audit(ledger, tmp_dir, records, disclosure.threshold, disclosure.symbol)


def _publish_checked(ledger, tmp_dir: Path, final_dir: Path, prepared: PreparedData, records, audited,
                     period: Period, log):
    """The recovery audit of the open files (``records``: :func:`_report_records`; ``audited``:
    :func:`_pre_audit`, or None) with the ledger; if nothing comes back, the report's ledger
    entry and the move into place, in one transaction (``disclosure.publication``)."""
    from ..disclosure.publication import publish as publish_recorded

    disclosure = prepared.params.disclosure
    extract = str(prepared.meta.get("extract_date", ""))
    manifest = json.loads((tmp_dir / "manifest.json").read_text(encoding="utf-8"))
    details = {"period": period.label, "extract_date": extract, "folder": str(final_dir),
               "manifest_sha256": file_sha256(tmp_dir / "manifest.json"),
               "files": {f["file"]: f["sha256"] for f in manifest.get("files", [])}}

    def move():
        try:
            publish(tmp_dir, final_dir)
        except BaseException:  # refused or interrupted: the previous report is back in place
            shutil.rmtree(tmp_dir, ignore_errors=True)
            raise

    result = publish_recorded(ledger, tmp_dir, move, records, disclosure.threshold, disclosure.symbol,
                              report=period.slug, details=details, manifest=tmp_dir / "restricted" / "manifest.json",
                              audited=audited)
    log(f"recovery audit: {result.figures:,} published figures read with the ledger ({result.audit_seconds:.1f} s)"
        + ("" if result.published else f"; {len(result.findings)} hidden count(s) can be worked out"))
    for finding in result.earlier:  # not this report's doing: it cannot take them back
        log(f"recovery audit: earlier reports alone give this back: {finding}")
    for where in result.inconsistent:  # two published values of one count: a fault to look into
        log(f"recovery audit: published figures contradict each other and were not read together: {where}")
    return result


def _note_findings(manifest: Path, leaks: list) -> None:
    """The restricted manifest records the audit's findings (masked) when it stops a report."""
    if not manifest.exists():
        return
    data = json.loads(manifest.read_text(encoding="utf-8"))
    data["leak_check"] = {"passed": False, "findings": [str(x) for x in leaks]}
    manifest.write_text(json.dumps(data, indent=2, default=str), encoding="utf-8")


class OutputError(Exception):
    """The output folder cannot take the report (read-only, no permission, disk full, or a path
    outside the outputs root). Nothing was published; the previous report is unchanged."""


class UsageError(Exception):
    """A run option that names nothing the report has (e.g. an unknown section)."""


# A write refused by the system: one clear message and exit 3, never a traceback.
OUTPUT_ERRNOS = {errno.ENOSPC, errno.EACCES, errno.EROFS, errno.EPERM, errno.EDQUOT, errno.ENOTDIR}


def _council_dir(output_root: str | Path, short_name: str) -> Path:
    """``<root>/<short_name>``, refused if it resolves anywhere but strictly inside the root
    (defence in depth: params also insist on a slug)."""
    root = Path(output_root).resolve()
    council_dir = (root / short_name).resolve()
    if root not in council_dir.parents:
        raise OutputError(f"council.short_name {short_name!r} would write outside the outputs folder "
                          f"{root}; nothing was written")
    return council_dir


def run_report(params_path: str | Path, period_text: str | None = None, *, editions=("open", "restricted"),
               output_root: str | Path = "outputs", jobs: int = 2, sections: list[str] | None = None,
               progress: bool = True, pdf: bool = True, restricted_pdf: bool = False, draft: bool = False,
               use_cache: bool = True, log=print) -> RunResult:
    """Run the report. Raises ParamsError / PeriodError / FatalInputError for fatal problems and
    OutputError when the output cannot be written (nothing is published, earlier outputs untouched).

    ``draft`` (implied by ``sections`` naming fewer than every section) renders the HTML only into
    ``<period>.draft/``, marked DRAFT on every page, and never touches the published report."""
    params_path = Path(params_path).resolve()
    params = load_params(params_path)
    if not (period_text or params.period):
        from ..periods import PeriodError

        raise PeriodError("no period given: use --period (e.g. 2018-19-Q3) or set period: in the params file")
    period = parse_period(period_text or params.period)
    unknown = sorted(set(sections or []) - {s.key for s in SECTIONS})
    if unknown:
        raise UsageError(f"--sections: unknown section(s) {', '.join(unknown)}; choose from "
                         + ", ".join(s.key for s in SECTIONS))
    if params.report.date not in ("rendered", "extract"):
        from .heading import report_date

        report_date(params, period, None)  # a fixed date before the period ends: refuse now
    specs = [s for s in SECTIONS if sections is None or s.key in sections]
    draft = draft or len(specs) < len(SECTIONS)
    council_dir = _council_dir(output_root, params.council.short_name)
    final_dir = council_dir / (f"{period.slug}.draft" if draft else period.slug)
    try:
        council_dir.mkdir(parents=True, exist_ok=True)
        return _run(params, params_path, period, specs, council_dir, final_dir, editions=editions, jobs=jobs,
                    progress=progress, pdf=pdf and not draft, restricted_pdf=restricted_pdf, draft=draft,
                    use_cache=use_cache, log=log)
    except OSError as exc:
        if exc.errno not in OUTPUT_ERRNOS:
            raise
        where = f" ({exc.filename})" if exc.filename else ""
        raise OutputError(f"the report could not be written: {exc.strerror or exc}{where}. Nothing was "
                          f"published; {previous_report(council_dir / period.slug)}") from exc


def previous_report(published_dir: Path) -> str:
    """What a run that did not publish left in place, as it is: the report published earlier
    for this council and period, or none."""
    if (published_dir / "index.html").exists():
        return f"the previous report in {published_dir} is unchanged"
    return f"there is no earlier report for this period ({published_dir} was never published)"


# An unexpected error after the run has started: one line naming the step, the traceback in
# ``restricted/`` of the failed folder (it may quote child-level values), exit 1.
ERROR_LOG = "run-error.log"
# Steps that run inside another one and deserve their own name (the recovery audit runs inside
# the leak check): module -> name.
INNER_STEPS = {"audit": "the recovery audit"}


def _step_that_failed(step: str, exc: BaseException) -> str:
    import traceback

    for frame in reversed(traceback.extract_tb(exc.__traceback__)):
        inner = INNER_STEPS.get(Path(frame.filename).stem)
        if inner:
            return inner
    return step


def _one_line(exc: BaseException) -> str:
    """``Type: message`` on one line (the first line of a long message, at most 300 characters)."""
    text = str(exc).strip().splitlines()
    first = text[0] if text else ""
    return f"{type(exc).__name__}: {first[:300]}" if first else type(exc).__name__


def _keep_failed(tmp_dir: Path, failed_dir: Path, step: str, exc: BaseException) -> Path:
    """Write the traceback to ``restricted/run-error.log`` (owner-only) and move the run's
    output to ``<period>.failed/``. Returns the log's path."""
    import traceback

    restricted = tmp_dir / "restricted"
    restricted.mkdir(parents=True, exist_ok=True)
    log_path = restricted / ERROR_LOG
    details = getattr(exc, "details", "")  # e.g. the PDF process's own traceback
    log_path.write_text(f"{step} failed\n\n" + "".join(traceback.format_exception(exc))
                        + (f"\n{details}\n" if details else ""), encoding="utf-8")
    log_path.chmod(0o600)
    shutil.rmtree(failed_dir, ignore_errors=True)
    tmp_dir.rename(failed_dir)
    return failed_dir / "restricted" / ERROR_LOG


def _run(params, params_path, period, specs, council_dir, final_dir, *, editions, jobs, progress, pdf,
         restricted_pdf, draft, use_cache, log) -> RunResult:
    t_start = time.perf_counter()
    lock = ExitStack()
    lock.enter_context(exclusive_lock(council_dir / f".{period.slug}.lock"))  # same council and period: one run at a time
    lock.enter_context(_fewer_collections())  # until the run ends
    pool = None
    published_dir = council_dir / period.slug
    failed_dir = council_dir / f"{period.slug}.failed"
    try:
        _clear_stale_partials(council_dir)
        _restore_if_half_swapped(published_dir)
        _restore_if_half_swapped(final_dir)
        tmp_dir = council_dir / f".{period.slug}.partial-{os.getpid()}"
        timings = {}
        pdf_jobs = {}  # PDF path: its PdfJob, while it is being printed
        unprinted = {}  # PDF path: how to write its pages again without the PDF link
        step = "preparing the data"  # named in the one line a failure prints
        try:
            shutil.rmtree(tmp_dir, ignore_errors=True)
            (tmp_dir / "restricted").mkdir(parents=True)
            run_as = "both" if len(editions) > 1 else editions[0]
            cache = RunCache(council_dir, period, cache_key(params, period)) if use_cache else None
            cached = cache.notebooks(specs, run_as, notebook_dir()) if cache and cache.has_prepared() else {}
            to_run = [s for s in specs if s.key not in cached]
            if to_run:  # start kernels (and their imports) while prepare runs
                from .execute import KernelPool

                pool = KernelPool(workers=max(1, min(jobs, 2, len(to_run))))

            t0 = time.perf_counter()
            prepared_dir = tmp_dir / "restricted" / "prepared"
            if cache and cache.has_prepared():
                cache.restore_prepared(prepared_dir)
                prepared = load_prepared(prepared_dir)
                log(f"reusing the prepared data and {len(cached)} executed notebook(s) of an identical earlier "
                    f"run ({cache.folder}); {len(to_run)} to execute")
            else:
                prepared = prepare(params, period, prepared_dir)
                if cache:
                    cache.store_prepared(prepared_dir)
                log(f"prepared {period.title}: {sum(len(t) for t in prepared.tables.values()):,} rows, "
                    f"{len(prepared.findings):,} data-quality findings ({time.perf_counter() - t0:.1f} s)")
            timings["prepare_s"] = round(time.perf_counter() - t0, 2)
            timings.update(prepared.meta.get("timings", {}))
            lock.enter_context(_frozen())  # until the run ends

            # what the open edition publishes, with everything published before (the ledger)
            step = "disclosure control"
            t0 = time.perf_counter()
            ledger = _ledger(council_dir, params, draft, log)
            figures = _open_figures(prepared, prepared_dir, ledger, log)
            timings["disclosure_s"] = round(time.perf_counter() - t0, 2)
            if cache and not cache.keep_figures(figures.digest()) and cached:
                log("the open figures changed since the cached run (the ledger holds a newer report): "
                    "every notebook runs again")
                cached, to_run = {}, list(specs)
                if pool is None:
                    from .execute import KernelPool

                    pool = KernelPool(workers=max(1, min(jobs, 2, len(to_run))))
            step = "writing the indicator files"
            if not (cache and cache.restore_files(tmp_dir)):  # the indicator files follow from the figures
                _write_indicator_files(prepared, tmp_dir, figures)
                _write_quality_files(prepared, tmp_dir)
                if cache:
                    cache.store_files(tmp_dir, exclude=prepared_dir)

            step = "executing the section notebooks"
            t0 = time.perf_counter()
            notebooks = tmp_dir / "restricted" / "notebooks"
            notebooks.mkdir(parents=True, exist_ok=True)
            outcomes = {}
            for spec in specs:
                if spec.key in cached:
                    shutil.copyfile(cached[spec.key], notebooks / spec.notebook)
                    outcomes[spec.key] = (True, "")
            if to_run:
                outcomes.update(_execute_all(pool, to_run, prepared_dir, run_as, notebooks, progress))
                if cache:
                    cache.store_notebooks([s for s in to_run if outcomes[s.key][0]], notebooks, run_as, notebook_dir())
            results = {(key, edition): outcome for key, outcome in outcomes.items() for edition in editions}
            timings["notebooks_s"] = round(time.perf_counter() - t0, 2)

            step = "rendering the pages"
            t0 = time.perf_counter()
            failed = sorted({key for (key, _), (ok, _) in results.items() if not ok})
            # the commentary against the published figures: restricted/commentary_check.csv, and a
            # block under each commentary in the restricted edition and in drafts (never the open one)
            from .commentary_check import check_run

            check = check_run(params, prepared, tmp_dir, specs)
            log(check.summary() + (" - restricted/commentary_check.csv" if check.findings else ""))
            executed = {s.key: nbformat.read(str(notebooks / s.notebook), as_version=4)
                        for s in specs if (notebooks / s.notebook).exists()}
            left_out = {key: cells for key, nb in executed.items() if (cells := uncontrolled_outputs(nb))}
            for key, cells in left_out.items():
                log(f"open edition: section {key} has output that did not come through disclosure control "
                    f"(cell(s) {', '.join(str(c + 1) for c in cells)}): left out, with a note; it is in the "
                    "restricted edition")
            for edition in editions:
                target = tmp_dir if edition == "open" else tmp_dir / "restricted" / "report"
                target.mkdir(parents=True, exist_ok=True)
                rendered = []
                commentary = Commentary(params, period, check if (edition == "restricted" or draft) else None)
                for spec in specs:
                    ok, error = results[(spec.key, edition)]
                    body = notebook_fragment(executed[spec.key], edition, commentary) if ok else failed_fragment(error)
                    rendered.append(RenderedSection(spec.key, spec.number, spec.title, spec.slug, body, ok, error))
                # The restricted edition is for screens inside the council (its report.html prints
                # from a browser); its PDF is on request, which keeps a run under a minute.
                has_pdf = pdf and (edition == "open" or restricted_pdf)
                page_context = {**_context(params, period, prepared, edition), "has_pdf": has_pdf, "draft": draft}
                pages = write_pages(target, rendered, page_context)
                if has_pdf:  # laid out in its own process while this one carries on
                    pdf_jobs[target / "report.pdf"] = start_pdf(pages["report"], target / "report.pdf")
                    unprinted[target / "report.pdf"] = (target, rendered, {**page_context, "has_pdf": False})

            # A draft is never published, so it is not leak-checked (it says DRAFT on every page).
            # The identifiers are collected once, for the check and for the manifest's own check.
            # Every other open file is checked while the PDF is printed, then the PDF.
            from ..disclosure.leakcheck import check_open_files, identifier_sources

            step = "the leak check"
            identifiers = _without_cover_names(identifier_sources(prepared.tables), params)
            checked = "open" in editions and not draft
            open_pdf = "report.pdf" if tmp_dir / "report.pdf" in pdf_jobs else None
            leaks = _leak_check(tmp_dir, prepared, identifiers, exclude=[open_pdf] if open_pdf else []) \
                if checked else []
            # what the recovery audit reads (the pages, indicators.csv and .xlsx; never the PDF,
            # which prints the same figures as report.html), read while the PDF is printed
            step = "the recovery audit"
            records = _report_records(tmp_dir, prepared, figures) if checked else None
            audited = _pre_audit(ledger, tmp_dir, prepared, records) if checked and not (failed or leaks) else None
            step = "printing the PDF"
            for pdf_path, job in list(pdf_jobs.items()):
                try:
                    job.wait()
                except PdfEngineMissing as exc:
                    # the HTML edition is complete without it: publish that, and say so in one line
                    log(f"the PDF was not made: WeasyPrint cannot load its libraries ({exc}); the HTML "
                        "edition is published without it (README: 'If the PDF is not made')")
                    pdf_path.unlink(missing_ok=True)
                    write_pages(*unprinted[pdf_path])
                    if pdf_path.parent == tmp_dir:
                        open_pdf = None
                        if checked:  # its index.html changed: check and read the open pages again
                            leaks = _leak_check(tmp_dir, prepared, identifiers)
                            records, audited = _report_records(tmp_dir, prepared, figures), None
            pdf_jobs.clear()
            # render_s: until the last PDF is written (the leak check of the other files ran meanwhile)
            timings["render_s"] = round(time.perf_counter() - t0, 2)
            step = "the leak check of the PDF"
            if checked and open_pdf:
                leaks += check_open_files(tmp_dir, [open_pdf], identifiers, prepared.params.disclosure.threshold,
                                          allow=prepared.params.disclosure.allow)
            step = "writing the manifests"
            timings["total_s"] = round(time.perf_counter() - t_start, 2)
            _write_manifest(tmp_dir, params, params_path, period, prepared, editions, results, leaks, timings,
                            identifiers, cache_key=cache.key if cache else None,
                            disclosure={**figures.summary, "uncontrolled_outputs": {
                                k: [c + 1 for c in v] for k, v in left_out.items()}})
        except BaseException as exc:
            # Interrupted (Ctrl-C, SIGTERM), crashed or out of disk: never publish; keep nothing
            # half-written in place.
            if pool is not None:
                pool.stop()
                pool = None
            for job in pdf_jobs.values():  # before the folder goes: it would write into it
                job.stop()
            if _expected(exc) or not tmp_dir.exists():
                shutil.rmtree(tmp_dir, ignore_errors=True)
                raise
            # Anything else is a fault of this run, not of the data or the machine: the output so
            # far is kept for inspection, with the traceback beside it, and the run says in one
            # line which step failed (exit 1, as for a failed section).
            named = _step_that_failed(step, exc)
            where = failed_dir if not draft else final_dir
            error_log = _keep_failed(tmp_dir, where, named, exc)
            message = f"{named} failed: {_one_line(exc)}"
            log(f"NOT published: {message}; {previous_report(published_dir)}; this run's output is in "
                f"{where} and the error's details in {error_log}")
            return RunResult(where, False, [], [], timings, draft=draft, error=message)

        publication = None
        if not (failed or leaks) and not draft and "open" in editions:
            try:
                publication = _publish_checked(ledger, tmp_dir, final_dir, prepared, records, audited, period, log)
            except BaseException as exc:
                if _expected(exc) or not tmp_dir.exists():  # refused, or moved before it failed
                    shutil.rmtree(tmp_dir, ignore_errors=True)
                    raise
                error_log = _keep_failed(tmp_dir, failed_dir, "the recovery audit", exc)
                message = f"the recovery audit failed: {_one_line(exc)}"
                log(f"NOT published: {message}; {previous_report(published_dir)}; this run's output is in "
                    f"{failed_dir} and the error's details in {error_log}")
                return RunResult(failed_dir, False, [], [], timings, error=message)
            leaks = publication.findings
            timings["audit_s"] = round(publication.audit_seconds, 2)
            if leaks:
                _note_findings(tmp_dir / "restricted" / "manifest.json", leaks)
        problems = [] if draft else (
            [f"section {key} ({edition}) failed: {results[(key, edition)][1]}"
             for key in failed for edition in editions if not results[(key, edition)][0]]
            + [f"leak check: {leak}" for leak in leaks])
        if publication is not None and publication.published:  # moved into place in the ledger's transaction
            shutil.rmtree(failed_dir, ignore_errors=True)
        elif not publish_or_fail(tmp_dir, final_dir, None if draft else failed_dir, problems, log,
                                 previous=previous_report(published_dir)):
            return RunResult(failed_dir, False, failed, leaks, timings)
        if draft:
            for key in failed:
                log(f"section {key} failed: {results[(key, editions[0])][1]}")
            published_note = (f"the published report in {published_dir} is unchanged"
                              if (published_dir / "index.html").exists()
                              else "no report has been published for this period")
            log(f"DRAFT written to {final_dir} ({timings['total_s']} s); {published_note}")
            return RunResult(final_dir, False, failed, [], timings, draft=True)
        log(f"report written to {final_dir} ({timings['total_s']} s)")
        if params.cover.show and params.cover.drafts():
            log("the cover report still shows drafts for: " + ", ".join(f"cover.{f}" for f in params.cover.drafts())
                + " (params; set cover.show: false if democratic services supply the cover)")
        return RunResult(final_dir, True, [], [], timings)
    finally:
        if pool is not None:
            pool.close()
        lock.close()


def _expected(exc: BaseException) -> bool:
    """Failures with their own clear message and exit code 3 (cli): an interrupted run, a refused
    output folder, and the fatal input and params errors. The caller removes the partial folder."""
    from ..params import ParamsError
    from ..periods import PeriodError
    from ..quality import FatalInputError

    if not isinstance(exc, Exception):  # KeyboardInterrupt (Ctrl-C), cli.Terminated (SIGTERM), SystemExit
        return True
    if isinstance(exc, OSError) and exc.errno in OUTPUT_ERRNOS:
        return True
    return isinstance(exc, (ParamsError, PeriodError, FatalInputError, OutputError, UsageError))


def _execute_all(pool, specs, prepared_dir: Path, run_as: str, notebooks: Path, progress: bool) -> dict:
    """Execute every section notebook once in the pool's reused kernels. With both editions the
    notebook renders each block for both (outputs tagged by edition; see report.notebook).
    Returns {section key: (ok, error)}."""
    from tqdm import tqdm

    from .execute import Job

    bar = tqdm(total=len(specs), desc="sections", unit="nb", disable=not progress, file=sys.stderr)
    jobs = [Job(spec.key, notebook_dir() / spec.notebook, notebooks / spec.notebook,
                {"prepared_dir": str(prepared_dir), "edition": run_as}) for spec in specs]
    try:
        return pool.run(jobs, on_done=lambda _key: bar.update(1))
    finally:
        bar.close()


# Files the open edition publishes (the open manifest names no other file).
OPEN_FILES = ("index.html", "report.html", "report.pdf", "indicators.csv", "indicators.xlsx",
              "data_quality_summary.csv")


def _write_manifest(tmp_dir, params, params_path, period, prepared, editions, results, leaks, timings,
                    identifiers=None, cache_key=None, disclosure: dict | None = None):
    """The full manifest (input files, row counts, errors, leak findings) in ``restricted/``; the
    open ``manifest.json`` holds only what may be published - the standard files and their
    hashes, the period, versions and timings: no input file names, no paths, no counts - and is
    itself leak-checked (a finding is added to ``leaks``, so the run does not publish)."""
    from ..disclosure.leakcheck import find_leaks, identifier_sources

    published = sorted([name for name in OPEN_FILES if (tmp_dir / name).exists()]
                       + [f"sections/{p.name}" for p in sorted((tmp_dir / "sections").glob("*.html"))])
    open_manifest = {
        "council": params.council.name, "la_code": params.council.la_code,
        "period": period.label, "period_start": str(period.start.date()), "period_end": str(period.end.date()),
        "edition": "open", "extract_date": prepared.meta.get("extract_date"),
        "files": [{"file": name, "sha256": file_sha256(tmp_dir / name)} for name in published],
        "sections": {k: ok for (k, e), (ok, _) in sorted(results.items()) if e == "open"},
        "disclosure": {"threshold": params.disclosure.threshold, "symbol": params.disclosure.symbol},
        "package_versions": _package_versions(), "timings": timings,
    }
    text = json.dumps(open_manifest, indent=2, default=str)
    (tmp_dir / "manifest.json").write_text(text, encoding="utf-8")
    identifiers = identifier_sources(prepared.tables) if identifiers is None else identifiers
    leaks.extend(find_leaks({"manifest.json": text}, identifiers,
                            params.disclosure.threshold, allow=params.disclosure.allow))
    folder = Path(prepared.meta["input_folder"])
    inputs = [{"file": str(p.relative_to(folder)), "sha256": file_sha256(p), "bytes": p.stat().st_size}
              for p in sorted(folder.rglob("*")) if p.is_file()]
    manifest = {
        "council": params.council.name, "la_code": params.council.la_code,
        "period": period.label, "period_start": str(period.start.date()), "period_end": str(period.end.date()),
        "editions": list(editions), "extract_date": prepared.meta.get("extract_date"),
        "params_file": str(params_path), "params_sha256": file_sha256(params_path),
        "params": prepared.meta["params"], "inputs": inputs,
        "sections": {f"{k}:{e}": {"ok": ok, "error": err} for (k, e), (ok, err) in sorted(results.items())},
        "leak_check": {"passed": not leaks, "findings": [str(x) for x in leaks]},
        # how much the open edition hides, and outputs left out of it (the run summary)
        "disclosure": disclosure or {},
        "rows": {r["table"]: {k: int(v) for k, v in r.items() if k != "table"}
                 for r in prepared.accounts.to_dict("records")},
        "package_versions": _package_versions(), "timings": timings,
        # the data, params, period and package this run was prepared from: `safeguarding pack`
        # and `safeguarding cohort` reuse restricted/prepared when their own key is the same
        "cache_key": cache_key,
    }
    (tmp_dir / "restricted" / "manifest.json").write_text(json.dumps(manifest, indent=2, default=str),
                                                          encoding="utf-8")
