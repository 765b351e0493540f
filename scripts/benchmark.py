"""Speed and memory at several data sizes; results go to docs/benchmarks-results.md.

Each size runs in its own process so peak memory (max RSS) is measured per size:
generate the synthetic council (scale s), read and normalise the inputs, validate, compute every
indicator; at the demo size the whole report (notebooks, HTML, PDF) is timed too.

    .venv/bin/python scripts/benchmark.py                 # default sizes 0.1 1 5 20
    .venv/bin/python scripts/benchmark.py --scales 0.1 1  # quicker
"""
from __future__ import annotations

import argparse
import json
import platform
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def one(scale: float, full_report: bool) -> dict:
    from safeguarding.demo.generator import generate_demo
    from safeguarding.indicators.compute import compute_indicators
    from safeguarding.inputs import extract_date, load_inputs
    from safeguarding.params import params_from_dict
    from safeguarding.periods import parse_period
    from safeguarding.quality import DataQualityLog, RuleContext
    from safeguarding.rules import validate

    out = {"scale": scale}
    with tempfile.TemporaryDirectory() as tmp:
        data = Path(tmp) / "data"
        t = time.perf_counter()
        generate_demo(data, scale=scale)
        out["generate_s"] = round(time.perf_counter() - t, 2)
        out["input_mb"] = round(sum(p.stat().st_size for p in data.rglob("*") if p.is_file()) / 1e6, 1)
        t = time.perf_counter()
        log = DataQualityLog()
        tables = load_inputs(data, log)
        out["read_s"] = round(time.perf_counter() - t, 2)
        out["rows"] = int(sum(len(v) for v in tables.values()))
        t = time.perf_counter()
        clean = validate(tables, log, RuleContext(extract_date=extract_date(tables, data)))
        out["validate_s"] = round(time.perf_counter() - t, 2)
        params = params_from_dict({"inputs": {"folder": str(data)}})
        t = time.perf_counter()
        ind = compute_indicators(clean, params, parse_period("2018-07..2018-12"))
        out["indicators_s"] = round(time.perf_counter() - t, 2)
        out["indicator_rows"] = len(ind)
        out["peak_rss_mb_before_report"] = round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 0)
        if full_report:
            params_file = Path(tmp) / "bench.yaml"
            params_file.write_text(
                "council: {name: Benchmark council, short_name: bench}\n"
                f"inputs: {{folder: '{data}'}}\nperiod: '2018-07..2018-12'\n", encoding="utf-8")
            t = time.perf_counter()
            proc = subprocess.run([sys.executable, "-m", "safeguarding", "run", "--params", str(params_file),
                                   "--output-root", str(Path(tmp) / "out"), "--quiet"],
                                  capture_output=True, text=True)
            out["full_report_s"] = round(time.perf_counter() - t, 1)
            out["full_report_exit"] = proc.returncode
            children = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
            out["peak_rss_mb_report_process"] = round(children / 1024, 0)
    return out


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--scales", nargs="*", type=float, default=[0.1, 1, 5, 20])
    parser.add_argument("--one", type=float, help=argparse.SUPPRESS)
    parser.add_argument("--full", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--out", default=str(ROOT / "docs" / "benchmarks-results.md"))
    args = parser.parse_args()
    if args.one is not None:
        print(json.dumps(one(args.one, args.full)))
        return
    results = []
    for scale in args.scales:
        proc = subprocess.run([sys.executable, __file__, "--one", str(scale)] + (["--full"] if scale == 1 else []),
                              capture_output=True, text=True)
        if proc.returncode:
            print(proc.stderr[-2000:], file=sys.stderr)
            raise SystemExit(f"benchmark at scale {scale} failed")
        results.append(json.loads(proc.stdout.strip().splitlines()[-1]))
        print(results[-1], flush=True)
    cols = ["scale", "rows", "input_mb", "generate_s", "read_s", "validate_s", "indicators_s",
            "peak_rss_mb_before_report", "full_report_s", "peak_rss_mb_report_process"]
    lines = ["# Benchmark results", "",
             f"Machine: {platform.machine()}, {platform.python_implementation()} {platform.python_version()}, "
             "2 cores, 24 GB (the project's target machine). Command: `make benchmark` "
             f"(`scripts/benchmark.py --scales {' '.join(str(s) for s in args.scales)}`).", "",
             "Scale 1 is the demo council (about 68,000 children aged 0-17, ~1,600 contacts a month); "
             "times in seconds, memory as peak resident set size in MB. `full_report_s` is the whole "
             "`safeguarding run` (prepare, 11 section notebooks each rendering both editions, HTML, the open PDF, leak check).", "",
             "| " + " | ".join(cols) + " |", "|" + "---|" * len(cols)]
    for r in results:
        lines.append("| " + " | ".join(str(r.get(c, "")) for c in cols) + " |")
    Path(args.out).write_text("\n".join(lines) + "\n", encoding="utf-8")
    print(f"written {args.out}")


if __name__ == "__main__":
    main()
