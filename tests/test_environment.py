"""environment.yml must install exactly what pyproject.toml pins (runtime + test extras), with
the PDF engine from conda-forge (its native libraries come with it) and the same Python range."""
import re
import tomllib
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[1]
# Packages whose native libraries pip does not bring on every platform: conda-forge's builds do.
FROM_CONDA_FORGE = {"weasyprint"}


def _name(requirement: str) -> str:
    return re.split(r"[=<>!~ ]", requirement, maxsplit=1)[0].lower()


def _environment():
    env = yaml.safe_load((ROOT / "environment.yml").read_text(encoding="utf-8"))
    conda = [d for d in env["dependencies"] if isinstance(d, str)]
    pip_section = next(d["pip"] for d in env["dependencies"] if isinstance(d, dict))
    return env, conda, pip_section


def test_environment_yml_installs_exactly_the_pyproject_pins():
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    wanted = set(project["dependencies"]) | set(project["optional-dependencies"]["test"])
    env, conda, pip_section = _environment()
    assert env["channels"] == ["conda-forge"]
    from_pip = {p for p in pip_section if not p.startswith("-e")}
    # conda writes one "=" where pip writes "==": the same pin
    from_conda = {re.sub(r"^([A-Za-z0-9_.-]+)=(?!=)", r"\1==", p) for p in conda
                  if _name(p) not in ("python", "pip")}
    assert from_pip | {p for p in wanted if _name(p) in FROM_CONDA_FORGE and p in from_conda} == wanted
    assert not from_pip & from_conda
    assert {_name(p) for p in from_conda} == FROM_CONDA_FORGE
    assert "-e ." in pip_section


def test_environment_python_agrees_with_requires_python():
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    _, conda, _ = _environment()
    python = next(p for p in conda if _name(p) == "python")
    assert python.replace("python", "", 1).replace(" ", "") == project["requires-python"].replace(" ", "")
