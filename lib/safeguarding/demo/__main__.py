"""``python -m safeguarding.demo OUT_DIR [--scale S] [--seed N] [--messy] ...``"""
from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from .generator import generate_demo


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(prog="python -m safeguarding.demo",
                                description="Write a fictional council's Annex A and local extracts.")
    p.add_argument("out_dir", type=Path)
    p.add_argument("--scale", type=float, default=1.0, help="volume multiplier (1 = inner-London borough)")
    p.add_argument("--seed", type=int, default=2018)
    p.add_argument("--start", default="2015-01-01")
    p.add_argument("--extract-date", default="2019-01-10")
    p.add_argument("--la-code", default="209")
    p.add_argument("--messy", action="store_true", help="real-world shaped files (same content)")
    args = p.parse_args(argv)
    summary = generate_demo(args.out_dir, seed=args.seed, scale=args.scale, start=args.start,
                            extract_date=args.extract_date, messy=args.messy, la_code=args.la_code)
    print(json.dumps({k: v for k, v in summary.items() if k != "planted_problems"}, indent=1))
    for pp in summary["planted_problems"]:
        print(f"planted: {pp['table']}: {pp['problem']} ({pp['rows']} row(s))")
    return 0


if __name__ == "__main__":
    sys.exit(main())
