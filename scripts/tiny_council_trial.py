"""Issue #20's trial: twelve open reports of one extract for a tiny council, read together.

For each seed: ``safeguarding demo --scale 0.02`` (about 900 children), then the twelve reports
the issue names - the six months July to December 2018, the quarters 2018-19-Q1 to Q3, the
half-year April to September and both half-years of 2018 - published one after another (oldest
period end first) at the level of their open figures, each protected with the ledger of the
ones before it. Then the attacker (``disclosure.model``, over the ledger's records) tries every
hidden count and every count no figure prints under the three models - sums of months; + whole
numbers and published labels; + flow balances - across the twelve reports and for each alone,
and, as a diagnostic, with every hidden count's status known (what labelled open files would
give away).

    .venv/bin/python scripts/tiny_council_trial.py            # seeds 1 2 3
    .venv/bin/python scripts/tiny_council_trial.py --seeds 7

The open files of a full run are read by the same audit at publication (``disclosure.audit``);
``tests/disclosure/test_tiny_council.py`` runs a smaller case from the files.
"""
from __future__ import annotations

import argparse
import dataclasses
import sys
import tempfile
import time
from pathlib import Path

import pandas as pd

PERIODS = ["2018-19-Q1", "2018-01..2018-06", "2018-07", "2018-08", "2018-09", "2018-19-Q2", "2018-04..2018-09",
           "2018-10", "2018-11", "2018-12", "2018-19-Q3", "2018-07..2018-12"]
MODELS = ("sums", "labels", "balances", "oracle")


def trial(seed: int, folder: Path) -> dict:
    from safeguarding.demo.generator import generate_demo
    from safeguarding.disclosure.model import Model
    from safeguarding.disclosure.protect import distinct_records
    from safeguarding.indicators.compute import compute_indicators
    from safeguarding.params import params_from_dict
    from safeguarding.periods import parse_period
    from safeguarding.prepare import prepare
    from safeguarding.report.figures import build_open_figures

    generate_demo(folder / "data", scale=0.02, seed=seed)
    params = params_from_dict({"council": {"name": "Tiny", "short_name": f"tiny{seed}", "la_code": "209"},
                               "inputs": {"folder": str(folder / "data")}, "report": {"date": "extract"}})
    base = prepare(params, parse_period(PERIODS[0]), folder / "prepared")
    ledger, reports = None, []
    for label in PERIODS:
        period = parse_period(label)
        indicators = compute_indicators(base.tables, params, period, extract_date=base.extract_date)
        prepared = dataclasses.replace(base, period=period, indicators=indicators)
        figures = build_open_figures(prepared, ledger)
        records = figures.records.assign(report=period.slug)
        ledger = records if ledger is None else pd.concat([ledger, records], ignore_index=True)
        s = figures.summary
        reports.append({"report": period.slug, "rows": s["indicator_rows"], "rows_hidden": s["indicator_rows_hidden"],
                        "totals_hidden": s["period_totals_hidden"], "unprotected": s["unprotected"],
                        "protect_s": s["seconds"]})
        print(f"  seed {seed} {label:>18}: {s['indicator_rows_hidden']:>3} of {s['indicator_rows']} rows hidden, "
              f"{s['period_totals_hidden']} of {s['period_totals']} period totals ({s['seconds']} s)", flush=True)
    found = {}
    every = distinct_records(ledger.drop(columns="report"))  # a figure repeated is one figure
    for model in MODELS:
        across = len(Model(every, 5, model=model).exposures())
        alone = sum(len(Model(r.drop(columns="report").reset_index(drop=True), 5, model=model).exposures())
                    for _, r in ledger.groupby("report"))
        found[model] = (across, alone)
        print(f"  seed {seed} {model}: {across} recovered across the reports, {alone} from single reports",
              flush=True)
    return {"seed": seed, "reports": reports, "found": found}


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--seeds", nargs="*", type=int, default=[1, 2, 3])
    args = parser.parse_args()
    results = []
    for seed in args.seeds:
        t = time.perf_counter()
        with tempfile.TemporaryDirectory() as tmp:
            results.append(trial(seed, Path(tmp)))
        print(f"seed {seed}: {time.perf_counter() - t:.0f} s", flush=True)
    print("\n| seed | model | recovered across the 12 reports | recovered from single reports |")
    print("|---|---|---|---|")
    for r in results:
        for model, (across, alone) in r["found"].items():
            print(f"| {r['seed']} | {model} | {across} | {alone} |")
    print("\n| seed | report | open indicator rows hidden | period totals hidden (of 69) | unprotected |")
    print("|---|---|---|---|---|")
    for r in results:
        for rep in r["reports"]:
            print(f"| {r['seed']} | {rep['report']} | {rep['rows_hidden']} of {rep['rows']} | {rep['totals_hidden']} | "
                  f"{rep['unprotected']} |")
    bad = [r["seed"] for r in results for m, (a, b) in r["found"].items() if m != "oracle" and (a or b)]
    sys.exit(1 if bad else 0)


if __name__ == "__main__":
    main()
