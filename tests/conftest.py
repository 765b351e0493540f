"""One small demo report (both editions, PDF), rendered once per test session when a test asks
for it: the accessibility and phone-layout tests (tests/a11y) and the printed-paper tests
(tests/report/test_paper.py)."""
from __future__ import annotations

from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[1]


def demo_params(data: Path, folder: Path) -> Path:
    """params/demo.yaml with its relative paths made absolute and the input folder replaced."""
    base = ROOT / "params"
    params = yaml.safe_load((base / "demo.yaml").read_text(encoding="utf-8"))
    params["inputs"] = {"folder": str(data), "previous_plan_folder": str(data / "previous_plan")}
    params["report"]["commentary_folder"] = str(base / params["report"]["commentary_folder"])
    for key in ("lait_file", "sn_file"):
        if key in params.get("comparators", {}):
            params["comparators"][key] = str((base / params["comparators"][key]).resolve())
    path = folder / "demo.yaml"
    path.write_text(yaml.safe_dump(params, sort_keys=False), encoding="utf-8")
    return path


@pytest.fixture(scope="session")
def demo_report(tmp_path_factory) -> Path:
    """The published folder of `safeguarding demo DIR --scale 0.05` rendered with params/demo.yaml."""
    from safeguarding.demo.generator import generate_demo
    from safeguarding.report.runner import run_report

    folder = tmp_path_factory.mktemp("a11y")
    generate_demo(folder / "data", scale=0.05, seed=11)
    result = run_report(demo_params(folder / "data", folder), output_root=folder / "outputs",
                        progress=False, log=lambda *_: None)
    assert result.published, (result.failed_sections, result.leaks)
    return result.final_dir
