"""The one command line: ``safeguarding <command>`` (or ``python -m safeguarding``).

Exit codes (all commands): 0 success; 1 finished but something needs attention (a section failed,
the leak check found something, a step of ``run`` failed unexpectedly - one line naming it, the
traceback in the failed folder's ``restricted/`` - or, for ``validate``, warnings only); 2 data
problems that exclude or blank rows (``validate``; info findings never change the code); 3 fatal:
nothing was produced and earlier outputs are untouched (bad params, unreadable input, unknown
period, an output folder that is read-only or full, an interrupted run: Ctrl-C or SIGTERM). Fatal
problems print one clear message, never a traceback.
"""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

FATAL = 3


def _fatal(message: str) -> int:
    print(f"error: {message}", file=sys.stderr)
    return FATAL


class Terminated(BaseException):
    """SIGTERM (a scheduler stopping the job, `kill`): cleaned up exactly as Ctrl-C is - the partial
    folder (child-level data) is removed and the previous report stays in place. Not a
    KeyboardInterrupt: CPython remembers a KeyboardInterrupt that passes through any embedded
    evaluation (a C extension running Python code) and then ends the process by SIGINT at exit,
    even when we caught it and chose exit code 3 (seen once in CI: -2 instead of 3)."""


def _terminate_like_ctrl_c(signum, frame):
    raise Terminated


def cmd_run(args) -> int:
    import signal

    from .report.runner import run_report

    previous = signal.signal(signal.SIGTERM, _terminate_like_ctrl_c)
    editions = ("open", "restricted") if args.edition == "both" else (args.edition,)
    sections = [s.strip() for s in args.sections.split(",")] if args.sections else None
    try:
        result = run_report(args.params, args.period, editions=editions, output_root=args.output_root,
                            jobs=args.jobs, sections=sections, progress=not args.quiet, pdf=not args.no_pdf,
                            restricted_pdf=args.restricted_pdf, draft=args.draft, use_cache=not args.no_cache)
    finally:
        signal.signal(signal.SIGTERM, previous)
    return result.exit_code


def cmd_pack(args) -> int:
    from .report.pack import make_pack

    return make_pack(args.params, args.period, output_root=args.output_root, jobs=args.jobs).exit_code


def _date_arg(text: str) -> str:
    """A date on the command line: 2018-12-31, or UK day-first 31/12/2018 (never month-first)."""
    import re
    from datetime import date

    m = re.fullmatch(r"(\d{4})-(\d{1,2})-(\d{1,2})", text.strip()) or None
    parts = (int(m.group(1)), int(m.group(2)), int(m.group(3))) if m else None
    if parts is None:
        m = re.fullmatch(r"(\d{1,2})/(\d{1,2})/(\d{4})", text.strip())
        parts = (int(m.group(3)), int(m.group(2)), int(m.group(1))) if m else None
    try:
        return date(*parts).isoformat() if parts else _bad_date(text)
    except ValueError:
        return _bad_date(text)


def _bad_date(text: str):
    raise argparse.ArgumentTypeError(f"'{text}' is not a date: give 2018-12-31 or 31/12/2018 (day first)")


def _deep_dive_for(args, scratch: Path):
    """The DeepDive a list is drawn from: ``--prepared``; or, with ``--params``, the prepared data
    of that council's run of the period (reused when unchanged, else prepared into ``scratch``);
    else the latest prepared run under outputs/."""
    from .deepdive import DeepDive

    if args.prepared or not args.params:
        return DeepDive.load(args.prepared or ""), None
    from .params import load_params
    from .periods import PeriodError, parse_period
    from .report.cache import prepare_or_reuse
    from .report.runner import _council_dir

    params = load_params(Path(args.params).resolve())
    if not (args.period or params.period):
        raise PeriodError("no period given: use --period (e.g. 2018-07..2018-12) or set period: in the params file")
    period = parse_period(args.period or params.period)
    prepared, source = prepare_or_reuse(params, period, _council_dir(args.output_root, params.council.short_name),
                                        scratch / "prepared")
    return DeepDive(prepared), source


# The thresholds of deepdive.cohort.THRESHOLDS (a test keeps the two in step; listed here so the
# command line does not import the indicators to build its options).
COHORT_THRESHOLDS = {
    "cp_open_longer_than": "CP plans open at least this long (18m, 2y, 549d)",
    "cp_ceased_longer_than": "CP plans that lasted at least this long when they ended",
    "assessment_longer_than": "assessments over this many working days",
    "icpc_later_than": "ICPCs later than this many working days after the S47 start",
    "rereferral_within": "re-referral look-back in months (12m)",
    "contact_to_referral_within": "contact to referral within this many days",
    "mash_decision_within": "MASH decision within this many working days",
}


def cmd_cohort(args) -> int:
    import shlex
    import tempfile

    from .deepdive.lists import amount_text
    from .prepare import NoPreparedRun, outputs_root
    from .report.runner import UsageError
    from .workspace import git_would_track

    thresholds = {k: amount_text(getattr(args, k)) for k in COHORT_THRESHOLDS if getattr(args, k) is not None}
    window = {k: getattr(args, k) for k in ("month", "as_at", "start", "end") if getattr(args, k)}
    call = "safeguarding " + shlex.join(args.argv)
    try:
        with tempfile.TemporaryDirectory(prefix="safeguarding-cohort-") as scratch:
            dd, source = _deep_dive_for(args, Path(scratch))
            frame = dd.cohort(args.indicator, **window, **thresholds)
            rows = frame if args.all_rows else frame[frame["in_numerator"]]
            rows.attrs = dict(frame.attrs)
            if args.sample:
                rows = dd.sample(rows, args.sample, by=args.by, seed=args.seed)
            out = Path(args.out) if args.out else (
                outputs_root() / dd.params.council.short_name / "lists"
                / (f"{args.indicator}" + (f"-sample-{args.sample}-seed-{rows.attrs['sample']['seed']}" if args.sample else "")
                   + ".xlsx"))
            if git_would_track(out):
                raise UsageError(f"--out {out}: git would track this file, and the list is child-level "
                                 "(RESTRICTED). Write it under outputs/ or workspace/ (both git-ignored).")
            which = "every row of the cohort" if args.all_rows else "the rows the indicator counts (its numerator)"
            dd.export(rows, out, by=args.sheets_by, call=call)
    except (ValueError, KeyError, NoPreparedRun) as exc:
        raise UsageError(str(exc).strip('"')) from exc
    print(f"{dd.params.council.name}, {dd.period.title} ({source or dd.data.folder})")
    print(f"{args.indicator}: {int(frame['in_numerator'].sum()):,} counted of {len(frame):,} rows; listed {which}")
    if args.sample:
        s = rows.attrs["sample"]
        print(f"random sample of {s['n']:,} of {s['of']:,}" + (f" by {s['by']}" if s["by"] else "")
              + f", seed {s['seed']} (give --seed {s['seed']} to draw the same rows again)")
    print(f"RESTRICTED list written to {out}")
    return 0


def cmd_workspace(args) -> int:
    from .prepare import prepared_runs
    from .report.runner import UsageError
    from .workspace import WorkspaceError, make_workspace

    try:
        folder, copied, kept = make_workspace(args.folder, refresh=args.refresh)
    except WorkspaceError as exc:
        raise UsageError(str(exc)) from exc
    for path in copied:
        print(f"copied {path}")
    for path in kept:
        print(f"kept   {path} (already there: --refresh replaces it)")
    runs = prepared_runs()
    print(f"\nOpen the copies in JupyterLab: .venv/bin/jupyter lab {folder}")
    print("With prepared_dir empty they use the latest prepared run: "
          + (str(runs[0]) if runs else "none yet - run the report first (make demo, or safeguarding run)"))
    print("The folder is git-ignored; notebooks saved in notebooks/ are saved without outputs.")
    return 0


def cmd_validate(args) -> int:
    from .exports import write_csv, write_xlsx
    from .inputs import extract_date, load_inputs
    from .inputs.code_map import write_unrecognised
    from .params import load_params
    from .quality import DataQualityLog, RuleContext, validate_exit_code
    from .rules import validate

    params = load_params(args.params) if args.params else None
    folder = Path(args.input) if args.input else params.input_folder
    log = DataQualityLog()
    tables = load_inputs(folder, log)
    validate(tables, log, RuleContext(extract_date=extract_date(tables, folder),
                                      conventions=params.conventions if params else None,
                                      improvement_plan=params.improvement_plan if params else None,
                                      targets=params.targets if params else None))
    findings, accounts = log.table(), log.accounts_table()
    print(accounts.to_string(index=False))
    print()
    if len(findings):
        summary = findings.groupby(["table", "rule", "severity", "action"]).size().rename("rows").reset_index()
        print(summary.to_string(index=False))
    else:
        print("No problems found.")
    out = Path(args.out)
    out.parent.mkdir(parents=True, exist_ok=True)
    if out.suffix.lower() == ".xlsx":
        write_xlsx(findings, out, sheet_name="problems")
    else:
        write_csv(findings, out)
    print(f"\nFull list of {len(findings):,} findings: {out}")
    if write_unrecognised(findings, Path(args.unrecognised)):
        print(f"Unrecognised coded values, with suggested codes: {args.unrecognised} "
              f"(fill in its code column and save it as code_map.csv in the inputs folder)")
    return validate_exit_code(findings)


def cmd_commentary(args) -> int:
    from .report.commentary import write_commentary_templates

    if args.check:
        from .report.commentary_check import check_period

        result = check_period(args.params, args.period, output_root=args.output_root)
        for finding in result.findings:
            print(finding)
        print(result.summary())
        return 1 if result.disagreements else 0
    result = write_commentary_templates(args.params, args.period, args.output_root)
    for path in result.created:
        print(f"created {path}")
    for path in result.kept:
        print(f"kept    {path} (already there, not changed)")
    print(f"commentary folder: {result.folder}")
    return 0


def cmd_demo(args) -> int:
    """Write the demo council's input files; with ``--render``, into the demo params' input folder
    (replacing what is there) and then render its report: the README's first command without make."""
    import shutil

    from .demo.generator import generate_demo

    params = None
    if args.render:
        from .params import load_params

        args.params = args.params or str(_source_checkout() / "params" / "demo.yaml")
        params = load_params(args.params)
    out = Path(args.out) if args.out else (params.input_folder if params else Path("demo-data"))
    if args.render and out.exists():
        if "safeguarding.demo" not in _read_or_empty(out / "manifest.yaml"):
            from .report.runner import UsageError

            raise UsageError(f"{out} holds files the demo did not write: `demo --render` replaces only a demo "
                             "council's folder (use `safeguarding run` for a council's own data)")
        shutil.rmtree(out)
    summary = generate_demo(out, seed=args.seed, scale=args.scale, messy=args.messy)
    print(f"demo council written to {out}: " + ", ".join(f"{k}={v}" for k, v in summary.items()
                                                        if isinstance(v, (int, float, str))))
    if not args.render:
        return 0
    run_defaults = build_parser().parse_args(["run", "--params", args.params])
    for name, value in vars(run_defaults).items():  # the run options demo does not take
        if not hasattr(args, name):
            setattr(args, name, value)
    return cmd_run(args)


def _read_or_empty(path: Path) -> str:
    try:
        return path.read_text(encoding="utf-8")
    except OSError:
        return ""


def _source_checkout() -> Path:
    """The project checkout this package runs from (params/, notebooks/, tests/ live there)."""
    from .report.runner import REPO_ROOT

    if not (REPO_ROOT / "pyproject.toml").exists():
        from .report.runner import UsageError

        raise UsageError("this command needs the project's source checkout (params/, notebooks/, tests/): "
                         "install it with `pip install -e .` from a clone of the repository")
    return REPO_ROOT


def cmd_test(args) -> int:
    """The README's second command: every test (library, pipeline, accessibility), then the
    notebooks under nbval, exactly as `make test` and CI run them."""
    import os
    import subprocess

    root = _source_checkout()
    library = [sys.executable, "-m", "pytest", "-q", "tests"] + (["-m", "not slow"] if args.quick else [])
    notebooks = [sys.executable, "-m", "pytest", "-q", "--nbval-lax", "--nbval-current-env",
                 "-p", "no:cacheprovider", "notebooks"]
    if args.pytest_args:  # what to run, instead of everything
        return subprocess.call([sys.executable, "-m", "pytest", *args.pytest_args], cwd=root)
    code = subprocess.call(library, cwd=root)
    if code or args.quick:
        return code
    # the deep-dive notebooks default to the latest prepared run; under nbval, the synthetic council
    return subprocess.call(notebooks, cwd=root, env={**os.environ, "SAFEGUARDING_PREPARED": "synthetic"})


def cmd_import_lait(args) -> int:
    from .benchmarks.lait import import_lait

    path = import_lait(Path(args.file), Path(args.out))
    print(f"LAIT benchmarks written to {path}")
    return 0


def cmd_docs(args) -> int:
    from .indicators.docs_page import write_indicator_docs
    from .rules import write_catalogue

    write_indicator_docs(Path(args.out_dir) / "indicators.md")
    write_catalogue(Path(args.out_dir) / "data-quality-rules.md")
    print(f"wrote {args.out_dir}/indicators.md and {args.out_dir}/data-quality-rules.md")
    return 0


def cmd_ledger(args) -> int:
    """The publication ledger: list, record, withdraw, verify (docs/conventions.md)."""
    from .disclosure.ledger import LedgerError, has_ledger, open_ledger
    from .params import load_params
    from .report.runner import _council_dir

    params = load_params(args.params)
    council_dir = _council_dir(args.output_root, params.council.short_name)
    if args.action != "record" and not has_ledger(council_dir):
        print(f"no publication ledger yet in {council_dir}: it is made when a report is first published "
              "(or with 'safeguarding ledger record')")
        return 0
    try:
        ledger = open_ledger(council_dir)
        ledger.verify()
        if args.action == "verify":
            print(f"{ledger.path}: {len(ledger.entries())} entries, hash chain intact (head {ledger.head()[:12]})")
        elif args.action == "list":
            figures = ledger.records()
            counts = figures.groupby("entry").agg(figures=("status", "size"),
                                                  hidden=("status", lambda s: int(s.isin(["primary", "secondary",
                                                                                           "hidden"]).sum())))
            for e in ledger.entries():
                n = counts.loc[e.seq] if e.seq in counts.index else None
                what = f"{int(n['figures'])} figures, {int(n['hidden'])} hidden" if n is not None else ""
                print(f"{e.seq:>4}  {e.at}  {e.kind:<9} {e.report:<24} extract {e.extract_date or '-':<10} {what}"
                      + (f"  ({e.note})" if e.note else ""))
        elif args.action == "record":
            folders = [Path(f) for f in args.folder] if args.folder else None
            if folders is None:
                added = ledger.reconcile(council_dir, params.disclosure.symbol)
            else:
                added = []
                for folder in folders:
                    added += _record_folder(ledger, folder, params.disclosure.symbol)
            print(f"recorded {len(added)} report(s)" if added else "nothing to record: every published report "
                  "has an entry")
        elif args.action == "withdraw":
            if not (args.report and args.reason):
                return _fatal("ledger withdraw needs --report (as 'ledger list' shows it) and --reason")
            e = ledger.withdraw(args.report, args.reason)
            print(f"entry {e.seq}: {args.report} withdrawn ({args.reason}). Its figures stay in the ledger: they "
                  "were public, and disclosure control goes on counting them")
    except LedgerError as exc:
        return _fatal(str(exc))
    return 0


def _record_folder(ledger, folder: Path, symbol: str):
    """One published report folder (or a copy of one) recorded from its open files."""
    import json

    from .disclosure.audit import read_open_records
    from .exports import file_sha256

    manifest = folder / "manifest.json"
    info = json.loads(manifest.read_text(encoding="utf-8")) if manifest.exists() else {}
    sha = file_sha256(manifest) if manifest.exists() else ""
    if sha and sha in {e.manifest_sha256 for e in ledger.entries()}:
        return []
    extract = str(info.get("extract_date") or "")
    records = read_open_records(folder, symbol, extract=extract)
    return [ledger.append("recorded", folder.name, records, period=str(info.get("period", "")), extract_date=extract,
                          folder=str(folder.resolve()), manifest_sha256=sha,
                          files={f["file"]: f["sha256"] for f in info.get("files", [])},
                          note="published before the ledger; recorded from its open files")]


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="safeguarding", description=__doc__.splitlines()[0])
    sub = parser.add_subparsers(dest="command", required=True)

    run = sub.add_parser("run", help="render the report for a period")
    run.add_argument("--params", required=True, help="params YAML, e.g. params/demo.yaml")
    run.add_argument("--period", help="2018-07..2018-12, 2018-07, 2018-19-Q3, 2018-19-H1 or 2018-19 "
                                      "(default: the params file's period)")
    run.add_argument("--edition", choices=["open", "restricted", "both"], default="both",
                     help="open = for publication (suppressed); restricted = internal (default: both)")
    run.add_argument("--sections", help="comma-separated section keys (default: all); fewer than all "
                                        "writes a draft beside the report, never replacing it")
    run.add_argument("--draft", action="store_true",
                     help="quick HTML of the numbers for writing commentary, marked DRAFT, no PDF, written "
                          "to <period>.draft/ beside the published report (never published)")
    run.add_argument("--no-cache", action="store_true",
                     help="execute every notebook again even if data, params and notebooks are unchanged")
    run.add_argument("--output-root", default="outputs")
    run.add_argument("--jobs", type=int, default=2, help="notebooks run at once (at most 2)")
    run.add_argument("--no-pdf", action="store_true", help="skip the combined PDF")
    run.add_argument("--restricted-pdf", action="store_true", help="also print the restricted edition to PDF")
    run.add_argument("--quiet", action="store_true", help="no progress bar")
    run.set_defaults(func=cmd_run)

    pack = sub.add_parser("pack", help="inspection pack: deep-dive notebooks and Annex A list summaries")
    pack.add_argument("--params", required=True, help="params YAML, e.g. params/demo.yaml")
    pack.add_argument("--period", help="as for run (default: the params file's period)")
    pack.add_argument("--output-root", default="outputs")
    pack.add_argument("--jobs", type=int, default=2, help="notebooks run at once (at most 2)")
    pack.set_defaults(func=cmd_pack)

    coh = sub.add_parser(
        "cohort", help="RESTRICTED child list behind an indicator, or a random audit sample, as a labelled workbook",
        description="The records or children an indicator counts (its numerator; --all-rows for the whole "
                    "cohort), optionally a reproducible random sample, written to a workbook marked RESTRICTED "
                    "with the council, period and this command on every sheet. Example - a random 10 of the "
                    "children on a plan for 18 months or more, for case audit: safeguarding cohort "
                    "cp_open_2yr_pct --cp-open-longer-than 18m --sample 10")
    coh.add_argument("indicator", help="indicator id, e.g. cp_open_2yr_pct, rereferral_pct (docs/deep-dive.md)")
    coh.add_argument("--prepared", help="a run's restricted/prepared folder (default: the latest prepared run, "
                                        "or with --params the run of that period)")
    coh.add_argument("--params", help="params YAML: use that council's run of --period (prepared if none)")
    coh.add_argument("--period", help="with --params: as for run (default: the params file's period)")
    coh.add_argument("--output-root", default="outputs")
    when = coh.add_mutually_exclusive_group()
    when.add_argument("--month", help="the indicator's monthly row, YYYY-MM")
    when.add_argument("--as-at", type=_date_arg, help="for stocks and rolling measures: 2018-12-31 or 31/12/2018")
    coh.add_argument("--start", type=_date_arg, help="with --end: any window for flows")
    coh.add_argument("--end", type=_date_arg)
    for name, meaning in COHORT_THRESHOLDS.items():
        coh.add_argument(f"--{name.replace('_', '-')}", dest=name, metavar="AMOUNT", help=meaning)
    coh.add_argument("--all-rows", action="store_true", help="every row of the cohort, not only those counted")
    coh.add_argument("--sample", type=int, metavar="N", help="a random N of the rows, for case audit")
    coh.add_argument("--by", help="with --sample: stratify by this column, e.g. team")
    coh.add_argument("--seed", type=int, help="with --sample: the seed (recorded on the sheet); the same seed "
                                              "draws the same rows")
    coh.add_argument("--sheets-by", help="one sheet per value of this column, e.g. team or worker")
    coh.add_argument("--out", help="the workbook (.xlsx; default outputs/<council>/lists/<indicator>...xlsx)")
    coh.set_defaults(func=cmd_cohort)

    ws = sub.add_parser("workspace", help="copy the deep-dive notebooks into the git-ignored workspace/ to run them")
    ws.add_argument("--folder", help="where (default: workspace/ in the project; must be git-ignored)")
    ws.add_argument("--refresh", action="store_true", help="replace copies already there")
    ws.set_defaults(func=cmd_workspace)

    val = sub.add_parser("validate", help="check inputs without rendering")
    val.add_argument("--params", help="params YAML (its inputs.folder is checked)")
    val.add_argument("--input", help="input folder (instead of --params)")
    val.add_argument("--out", default="outputs/validation/problems.csv", help="problem list (.csv or .xlsx)")
    val.add_argument("--unrecognised", default="outputs/validation/unrecognised_values.csv",
                     help="unrecognised coded values with suggested codes, in the code map's format")
    val.set_defaults(func=cmd_validate)

    com = sub.add_parser("commentary", help="create the period's commentary files, pre-filled with notes "
                                            "for the writer (existing files are kept); --check compares "
                                            "written commentary with the published figures")
    com.add_argument("--params", required=True, help="params YAML, e.g. params/demo.yaml")
    com.add_argument("--period", help="as for run (default: the params file's period)")
    com.add_argument("--check", action="store_true",
                     help="compare the written commentary with the published figures instead: print every "
                          "disagreement and warning (exit 1 if any disagreement); docs/commentary.md")
    com.add_argument("--output-root", default="outputs",
                     help="where the reports, their publication ledger and (for --check) `safeguarding run`'s "
                          "cache are: the notes quote the figures as the open edition will publish them")
    com.set_defaults(func=cmd_commentary)

    demo = sub.add_parser("demo", help="generate the demo council's input files (--render: and its report)")
    demo.add_argument("out", nargs="?", help="folder to write (default: demo-data, or with --render the "
                                             "demo params' input folder)")
    demo.add_argument("--render", action="store_true",
                      help="then render the demo report into outputs/demo/ (the README's first command)")
    demo.add_argument("--params", help="with --render: params YAML (default: params/demo.yaml)")
    demo.add_argument("--period", help="with --render: as for run (default: the params file's period)")
    demo.add_argument("--output-root", default="outputs", help="with --render: as for run")
    demo.add_argument("--no-pdf", action="store_true", help="with --render: skip the combined PDF")
    demo.add_argument("--scale", type=float, default=1.0)
    demo.add_argument("--seed", type=int, default=2018)
    demo.add_argument("--messy", action="store_true", help="write a messy real-world Annex A variant")
    demo.set_defaults(func=cmd_demo)

    test = sub.add_parser("test", help="run every test, then the notebooks under nbval (the README's second "
                                       "command; needs the source checkout and the [test] extra)")
    test.add_argument("--quick", action="store_true", help="library tests only, without those marked slow")
    test.add_argument("pytest_args", nargs="*", help="after --: passed to pytest instead of running "
                                                     "everything, e.g. -- tests/test_cli.py -x")
    test.set_defaults(func=cmd_test)

    lait = sub.add_parser("import-lait", help="import a DfE LAIT long file (parquet or CSV)")
    lait.add_argument("file")
    lait.add_argument("--out", default="benchmarks/lait.parquet")
    lait.set_defaults(func=cmd_import_lait)

    led = sub.add_parser("ledger", help="the publication ledger: what each open report published, and when")
    led.add_argument("action", choices=["list", "record", "withdraw", "verify"],
                     help="list the entries; record published reports that have none (or --folder ones); "
                          "withdraw a report; verify the hash chain")
    led.add_argument("--params", required=True, help="params YAML (names the council)")
    led.add_argument("--output-root", default="outputs")
    led.add_argument("--folder", action="append", help="record: an open report folder published before the ledger")
    led.add_argument("--report", help="withdraw: the report as 'ledger list' names it (e.g. 2018-07_2018-12)")
    led.add_argument("--reason", help="withdraw: why (kept in the ledger)")
    led.set_defaults(func=cmd_ledger)

    docs = sub.add_parser("docs", help="regenerate docs/indicators.md and docs/data-quality-rules.md")
    docs.add_argument("--out-dir", default="docs")
    docs.set_defaults(func=cmd_docs)
    return parser


def main(argv: list[str] | None = None) -> int:
    from .params import ParamsError
    from .periods import PeriodError
    from .quality import FatalInputError
    from .report.runner import OutputError, UsageError

    args = build_parser().parse_args(argv)
    args.argv = list(sys.argv[1:] if argv is None else argv)
    try:
        return args.func(args)
    except (ParamsError, PeriodError, FatalInputError, OutputError, UsageError) as exc:
        return _fatal(str(exc))
    except (KeyboardInterrupt, Terminated):
        return _fatal("interrupted; earlier outputs are untouched")


if __name__ == "__main__":
    sys.exit(main())
