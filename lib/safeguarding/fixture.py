"""The small synthetic council the notebooks run on by default (JupyterLab, nbval) and
``DeepDive.load("synthetic")`` loads: generated and prepared once per library version, under
``outputs/.notebook-fixture/`` (git-ignored). Here, below both the report and the deep dive,
so each can ask for it."""
from __future__ import annotations

import hashlib
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parents[2]
FIXTURE_PERIOD = "2018-07..2018-12"


def _source_fingerprint() -> str:
    """Changes whenever the library changes, so the notebook fixture is rebuilt."""
    digest = hashlib.sha256()
    for path in sorted((REPO_ROOT / "lib" / "safeguarding").rglob("*.py")):
        stat = path.stat()
        digest.update(f"{path.name}{stat.st_size}{stat.st_mtime_ns}".encode())
    return digest.hexdigest()[:12]


def notebook_fixture() -> Path:
    """A small synthetic council, prepared once, for notebooks run on their defaults (JupyterLab,
    nbval). Built under outputs/.notebook-fixture/ (git-ignored)."""
    from .demo.generator import generate_demo
    from .params import params_from_dict
    from .periods import parse_period
    from .portable import exclusive_lock
    from .prepare import prepare

    base = REPO_ROOT / "outputs" / ".notebook-fixture"
    base.mkdir(parents=True, exist_ok=True)
    target = base / _source_fingerprint()
    with exclusive_lock(base / ".lock"):
        if not (target / "prepared" / "meta.json").exists():
            generate_demo(target / "data", scale=0.05, seed=11)
            params = params_from_dict({
                "council": {"name": "Notebook fixture council (synthetic)", "short_name": "fixture",
                            "la_code": "209"},
                "inputs": {"folder": str(target / "data"),
                           "previous_plan_folder": str(target / "data" / "previous_plan")},
                "report": {"commentary_folder": str(REPO_ROOT / "params" / "commentary")},
            })
            prepare(params, parse_period(FIXTURE_PERIOD), target / "prepared")
    return target / "prepared"


__all__ = ["notebook_fixture", "FIXTURE_PERIOD"]
