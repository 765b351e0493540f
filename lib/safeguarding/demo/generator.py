"""Demo council data: ``generate_demo(out_dir, ...)`` writes what a council would hand over.

Files written into ``out_dir``::

    annex_a.xlsx               Lists 1-8 (List_1.csv ... List_8.csv when a list exceeds
                               Excel's row limit, i.e. at very large scales)
    lado_allegations.csv  pf_arrangements.csv  pf_visits.csv  young_carers.csv
    pre_proceedings.csv   case_activity.csv    population.csv   population_by_group.csv
    case_audits.csv       family_feedback.csv  out_of_hours.csv
    improvement_actions.csv  improvement_measures.csv  previous_plan/improvement_actions.csv
    manifest.yaml

``messy=True`` writes the same content in the shapes real councils produce (title rows,
varied sheet names, header aliases, mixed code styles, text and serial dates, ``-`` blanks,
CSVs with a BOM and dd/mm/yyyy dates). ``simulate_tables`` returns the tidy tables themselves
(schema names and core codes, no provenance columns): what a correct reader must produce.
"""
from __future__ import annotations

import time
from pathlib import Path

import numpy as np
import pandas as pd
import yaml

from . import local
from .improvement import improvement_plan
from .simulate import Simulation
from .tables import build_tables, child_ids, plant_problems
from .writers import write_annex_a, write_csv

SCHEMA_VERSIONS = {
    "annex_a": "ofsted-ilacs-annex-a-2020",
    "local": "0.1",
}
LOCAL_FILES = ["lado_allegations", "pf_arrangements", "pf_visits", "young_carers",
               "pre_proceedings", "case_activity", "improvement_actions", "improvement_measures",
               "population", "case_audits", "family_feedback", "out_of_hours"]


def simulate_tables(*, seed: int = 2018, scale: float = 1.0, start: str = "2015-01-01",
                    extract_date: str = "2019-01-10") -> tuple[dict[str, pd.DataFrame], dict]:
    """All tidy tables of the demo council (including planted problems) and an info dict."""
    t0 = time.perf_counter()
    sim = Simulation(seed=seed, scale=scale, start=start, extract_date=extract_date).run()
    tables, meta = build_tables(sim)
    rng = np.random.default_rng(seed + 31337)
    ws, ext = sim.win_start, sim.extract
    known = np.unique(tables["cin"]["child_id"].to_numpy()) if len(tables["cin"]) else np.zeros(0, dtype=str)
    used = set(meta["ids"].tolist())

    def new_ids(n: int) -> np.ndarray:
        out = []
        while len(out) < n:
            for x in child_ids(rng, n - len(out) + 16):
                if x not in used:
                    used.add(x)
                    out.append(x)
                    if len(out) == n:
                        break
        return np.array(out, dtype=object)

    tables["lado_allegations"] = local.lado(rng, scale, ws, ext, known)
    tables["pf_arrangements"], tables["pf_visits"] = local.private_fostering(rng, scale, ws, ext, new_ids)
    tables["young_carers"] = local.young_carers(rng, scale, ws, ext, known, new_ids)
    tables["case_audits"] = local.case_audits(rng, scale, ws, ext, known)
    tables["family_feedback"] = local.family_feedback(rng, scale, ws, ext)
    tables["out_of_hours"] = local.out_of_hours(rng, scale, ws, ext, known)
    actions, measures, prev = improvement_plan(extract_date)
    tables["improvement_actions"] = actions
    tables["improvement_measures"] = measures
    tables["population"] = local.population(scale, int(extract_date[:4]))
    planted = plant_problems(tables, seed)
    info = {"planted_problems": planted, "previous_plan": prev,
            "seconds_simulate": round(time.perf_counter() - t0, 2)}
    return tables, info


def generate_demo(out_dir: Path, *, seed: int = 2018, scale: float = 1.0, start: str = "2015-01-01",
                  extract_date: str = "2019-01-10", messy: bool = False, la_code: str = "209") -> dict:
    """Simulate the demo council and write its inputs folder; returns summary counts."""
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    tables, info = simulate_tables(seed=seed, scale=scale, start=start, extract_date=extract_date)
    t1 = time.perf_counter()
    period = (pd.Timestamp(start).strftime("%d/%m/%Y"), pd.Timestamp(extract_date).strftime("%d/%m/%Y"))
    annex_files = write_annex_a(out_dir, tables, messy=messy, seed=seed, period=period)
    t2 = time.perf_counter()
    for name in LOCAL_FILES:
        write_csv(tables[name], out_dir / f"{name}.csv", messy=messy)
    (out_dir / "previous_plan").mkdir(exist_ok=True)
    write_csv(info["previous_plan"], out_dir / "previous_plan" / "improvement_actions.csv", messy=messy)
    # read by prepare into the equalities denominators (docs/input-formats.md), not a tidy table
    write_csv(local.population_by_group(tables["population"]), out_dir / "population_by_group.csv", messy=messy)
    versions = {f: SCHEMA_VERSIONS["annex_a"] for f in annex_files}
    versions.update({f"{n}.csv": SCHEMA_VERSIONS["local"] for n in LOCAL_FILES})
    manifest = {"la_code": str(la_code), "la_name": "Demo Borough (fictional)",
                "extract_date": str(pd.Timestamp(extract_date).date()),
                "schema_version": versions,
                "generator": {"name": "safeguarding.demo", "seed": seed, "scale": scale,
                              "start": start, "messy": messy}}
    with open(out_dir / "manifest.yaml", "w", encoding="utf-8") as f:
        yaml.safe_dump(manifest, f, sort_keys=False)
    t3 = time.perf_counter()
    return {
        "out_dir": str(out_dir),
        "files": annex_files + [f"{n}.csv" for n in LOCAL_FILES]
                 + ["population_by_group.csv", "previous_plan/improvement_actions.csv", "manifest.yaml"],
        "rows": {k: int(len(v)) for k, v in tables.items()},
        "children": int(pd.concat([tables[t]["child_id"] for t in
                                   ("contacts", "referrals", "cin", "cp_plans")]).nunique()),
        "planted_problems": info["planted_problems"],
        "seconds": {"simulate": info["seconds_simulate"], "annex_a": round(t2 - t1, 2),
                    "local_csv": round(t3 - t2, 2)},
        "seed": seed, "scale": scale, "messy": messy,
    }
