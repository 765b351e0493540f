"""Notebooks that never leak: analysts run copies in a git-ignored workspace.

A deep-dive notebook run on real data holds child IDs and worker names in its outputs. Three
things keep them out of the repository:

* ``safeguarding workspace`` copies ``notebooks/deep-dive/*.ipynb`` into ``workspace/deep-dive/``
  (``workspace/`` is in ``.gitignore``), and refuses a folder git would track. Analysts open and
  save the copies; a copy already there is kept (it may hold the analyst's work) unless
  ``--refresh``.
* A Jupyter pre-save hook (:func:`pre_save_hook`) strips outputs and execution counts from any
  notebook saved where git would track it - a tracked notebook opened and saved by mistake is
  written without outputs; notebooks in a git-ignored folder are saved as they are. It is
  configured in the environment (``<prefix>/etc/jupyter/jupyter_server_config.json``, so every
  JupyterLab started from the project's environment uses it) by ``make install`` and again by
  ``safeguarding workspace`` (a conda environment gets it there): :func:`install_save_hook`.
* ``tests/test_notebook_safety.py`` fails if any tracked notebook holds outputs.

Light on purpose (json, subprocess, pathlib): the hook runs inside the Jupyter server.
"""
from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

PACKAGE_ROOT = Path(__file__).resolve().parents[2]  # the checkout (editable install)
WORKSPACE = "workspace"


class WorkspaceError(Exception):
    """The workspace cannot be made where asked (a folder git would track)."""


def _git(folder: Path, *args: str) -> subprocess.CompletedProcess | None:
    if shutil.which("git") is None:
        return None
    try:
        return subprocess.run(["git", "-C", str(folder), *args], capture_output=True, text=True, timeout=20)
    except (OSError, subprocess.SubprocessError):
        return None


def _existing(path: Path) -> Path:
    """``path``, or its nearest existing parent (git runs there)."""
    path = path.resolve()
    while not path.exists() and path != path.parent:
        path = path.parent
    return path if path.is_dir() else path.parent


def git_would_track(path: str | Path) -> bool:
    """True if ``path`` lies in a git work tree and is not ignored there (a file saved there can
    be committed). Outside any work tree, or where git is missing, the checkout's own
    ``notebooks/`` folder still counts as tracked."""
    path = Path(path).resolve()
    where = _existing(path)
    inside = _git(where, "rev-parse", "--is-inside-work-tree")
    if inside is None or inside.returncode != 0 or inside.stdout.strip() != "true":
        return (PACKAGE_ROOT / "notebooks") in path.parents
    ignored = _git(where, "check-ignore", "-q", "--no-index", str(path))
    return ignored is None or ignored.returncode != 0


def strip_outputs(notebook: dict) -> bool:
    """Remove every output and execution count (in place); True if anything was removed."""
    changed = False
    for cell in notebook.get("cells", []):
        if cell.get("cell_type") != "code":
            continue
        if cell.get("outputs"):
            cell["outputs"] = []
            changed = True
        if cell.get("execution_count") is not None:
            cell["execution_count"] = None
            changed = True
    return changed


def pre_save_hook(model: dict, path: str, contents_manager=None, **kwargs) -> None:
    """Jupyter ``ContentsManager.pre_save_hook``: a notebook saved where git would track it is
    saved without outputs (``path`` is relative to the server's root folder)."""
    if model.get("type") != "notebook" or not isinstance(model.get("content"), dict):
        return
    root = Path(getattr(contents_manager, "root_dir", "") or ".")
    if git_would_track(root / path.lstrip("/")):
        strip_outputs(model["content"])


HOOK = "safeguarding.workspace.pre_save_hook"


def install_save_hook(prefix: str | Path | None = None) -> Path:
    """Configure every Jupyter server of this environment (``sys.prefix``) to save notebooks
    through :func:`pre_save_hook`: ``ContentsManager.pre_save_hook`` in the environment's
    ``jupyter_server_config.json`` (other settings there are kept)."""
    import sys

    target = Path(prefix or sys.prefix) / "etc" / "jupyter" / "jupyter_server_config.json"
    config = json.loads(target.read_text(encoding="utf-8")) if target.exists() else {}
    if config.get("ContentsManager", {}).get("pre_save_hook") != HOOK:
        config.setdefault("ContentsManager", {})["pre_save_hook"] = HOOK
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(json.dumps(config, indent=2) + "\n", encoding="utf-8")
    return target


def deep_dive_sources() -> list[Path]:
    return sorted((PACKAGE_ROOT / "notebooks" / "deep-dive").glob("[0-9][0-9]_*.ipynb"))


def make_workspace(folder: str | Path | None = None, *, refresh: bool = False) -> tuple[Path, list[Path], list[Path]]:
    """Copy the deep-dive notebooks into ``folder`` (default ``workspace/`` in the checkout)
    under ``deep-dive/``; returns (folder, copied, kept). Refuses a folder git would track."""
    folder = Path(folder) if folder is not None else PACKAGE_ROOT / WORKSPACE
    target = folder.resolve() / "deep-dive"
    if git_would_track(target / "x.ipynb"):
        raise WorkspaceError(
            f"{target} is not git-ignored: notebooks saved there with child-level outputs could be "
            f"committed. Use the default ({PACKAGE_ROOT / WORKSPACE}, ignored by .gitignore) or add the "
            "folder to .gitignore first.")
    sources = deep_dive_sources()
    if not sources:
        raise WorkspaceError(f"no deep-dive notebooks found in {PACKAGE_ROOT / 'notebooks' / 'deep-dive'}")
    install_save_hook()
    target.mkdir(parents=True, exist_ok=True)
    copied, kept = [], []
    for source in sources:
        dest = target / source.name
        if dest.exists() and not refresh:
            kept.append(dest)
            continue
        notebook = json.loads(source.read_text(encoding="utf-8"))
        strip_outputs(notebook)
        dest.write_text(json.dumps(notebook, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
        copied.append(dest)
    return folder.resolve(), copied, kept


__all__ = ["WorkspaceError", "git_would_track", "install_save_hook", "make_workspace", "pre_save_hook",
           "strip_outputs"]
