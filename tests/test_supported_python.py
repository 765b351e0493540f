"""The Python versions the project claims are the ones its pins install on.

``requires-python`` in pyproject.toml is the one place the range is written; ``make`` refuses a
Python outside it (scripts/check_python.py), the README states it, environment.yml repeats it
(tests/test_environment.py), and every pinned package must publish a binary wheel for each
version in it on Linux, Windows and macOS, and not for the version just below (so the range is
not wider than what installs). The wheel check needs the package index: skipped offline.
"""
from __future__ import annotations

import importlib.util
import re
import socket
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
# pip takes a platform's tags as given: a Linux wheel may be tagged for any manylinux level
PLATFORMS = {"linux": ["manylinux_2_28_x86_64", "manylinux_2_17_x86_64", "manylinux2014_x86_64"],
             "windows": ["win_amd64"], "macos": ["macosx_14_0_arm64"]}


def _check_python():
    spec = importlib.util.spec_from_file_location("check_python", ROOT / "scripts" / "check_python.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def supported() -> list[str]:
    low, high = _check_python().supported_range((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    assert low[0] == high[0] == 3, "the range is read as 3.x to 3.y"
    return [f"3.{minor}" for minor in range(low[1], high[1])]


def pins() -> list[str]:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    return project["dependencies"] + project["optional-dependencies"]["test"]


def test_every_pin_is_exact():
    assert all(re.fullmatch(r"[A-Za-z0-9_.-]+==[0-9][0-9A-Za-z.]*", p) for p in pins()), pins()


def test_readme_states_the_supported_range():
    versions = supported()
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert f"Python {versions[0]} to {versions[-1]}" in readme
    for other in re.findall(r"Python (3\.\d+)\+", readme):  # "3.10+" would claim versions that fail
        pytest.fail(f"README claims Python {other}+")


def test_make_refuses_an_unsupported_python_in_one_line():
    low, _ = _check_python().supported_range((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    fake_old = f"import sys; sys.version_info = ({low[0]}, {low[1] - 1}, 0); "
    run = subprocess.run([sys.executable, "-c", fake_old + "import runpy; runpy.run_path("
                          f"{str(ROOT / 'scripts' / 'check_python.py')!r}, run_name='__main__')"],
                         capture_output=True, text=True)
    assert run.returncode == 1
    lines = run.stderr.strip().splitlines()
    assert len(lines) == 1 and f"3.{low[1]} to" in lines[0]
    ok = subprocess.run([sys.executable, str(ROOT / "scripts" / "check_python.py")], capture_output=True, text=True)
    assert ok.returncode == 0 and not ok.stderr


def _index_reachable() -> bool:
    try:
        socket.create_connection(("pypi.org", 443), timeout=3).close()
        return True
    except OSError:
        return False


def _download(version: str, platform: str, tmp_path: Path) -> subprocess.CompletedProcess:
    tags = [arg for tag in PLATFORMS[platform] for arg in ("--platform", tag)]
    return subprocess.run([sys.executable, "-m", "pip", "download", "--quiet", "--no-deps", "--only-binary=:all:",
                           "--python-version", version, *tags, "-d", str(tmp_path), *pins()],
                          capture_output=True, text=True, timeout=900)


@pytest.mark.slow
@pytest.mark.skipif(not _index_reachable(), reason="the package index is not reachable (offline)")
@pytest.mark.parametrize("platform", PLATFORMS)
def test_every_pin_installs_on_each_supported_python(platform, tmp_path):
    for version in supported():
        run = _download(version, platform, tmp_path / version)
        errors = [line for line in run.stderr.splitlines() if line.startswith("ERROR")]
        assert run.returncode == 0, f"Python {version} on {platform}: {errors}"


@pytest.mark.slow
@pytest.mark.skipif(not _index_reachable(), reason="the package index is not reachable (offline)")
def test_the_version_below_the_range_cannot_install(tmp_path):
    below = f"3.{int(supported()[0].split('.')[1]) - 1}"
    assert _download(below, "linux", tmp_path).returncode != 0
