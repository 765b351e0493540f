"""Notebooks never leak: no tracked notebook holds outputs; analysts run copies in the git-ignored
workspace (``safeguarding workspace``); a notebook saved where git would track it is saved without
outputs (the Jupyter pre-save hook); notebooks find the latest prepared run from their own folder
and say what to do when there is none."""
from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path

import nbformat
import pytest

from safeguarding.prepare import NoPreparedRun, prepared_runs, resolve_prepared
from safeguarding.workspace import WorkspaceError, git_would_track, make_workspace, strip_outputs

ROOT = Path(__file__).resolve().parents[1]
HAS_GIT = shutil.which("git") is not None and (ROOT / ".git").exists()


def tracked_notebooks() -> list[Path]:
    if HAS_GIT:
        names = subprocess.run(["git", "-C", str(ROOT), "ls-files", "*.ipynb"], capture_output=True,
                               text=True, check=True).stdout.split()
        return [ROOT / n for n in names]
    return sorted((ROOT / "notebooks").rglob("*.ipynb"))


def _outputs(path: Path) -> list[str]:
    nb = json.loads(path.read_text(encoding="utf-8"))
    return [cell.get("id", str(i)) for i, cell in enumerate(nb["cells"]) if cell["cell_type"] == "code"
            and (cell.get("outputs") or cell.get("execution_count") is not None)]


def test_no_tracked_notebook_holds_outputs():
    notebooks = tracked_notebooks()
    assert len(notebooks) >= 15  # 11 sections and 4 deep dives
    holding = {str(p.relative_to(ROOT)): cells for p in notebooks if (cells := _outputs(p))}
    assert holding == {}, "tracked notebooks with outputs (clear them; run copies in workspace/)"


def _git_repo(folder: Path) -> Path:
    subprocess.run(["git", "init", "-q", str(folder)], check=True)
    (folder / ".gitignore").write_text("workspace/\n", encoding="utf-8")
    (folder / "notebooks").mkdir()
    return folder


def _contents_manager(root: Path):
    """Jupyter's file manager configured as `make install` configures the environment's server."""
    from jupyter_server.services.contents.filemanager import FileContentsManager
    from traitlets.config import Config

    from safeguarding.workspace import HOOK

    return FileContentsManager(root_dir=str(root), config=Config({"ContentsManager": {"pre_save_hook": HOOK}}))


def _executed_notebook() -> dict:
    nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell("print('K1234 Jo Bloggs')")])
    nb.cells[0].outputs = [nbformat.v4.new_output("stream", name="stdout", text="K1234 Jo Bloggs\n")]
    nb.cells[0].execution_count = 1
    return json.loads(nbformat.writes(nb))


@pytest.mark.skipif(shutil.which("git") is None, reason="needs git")
def test_the_save_hook_strips_outputs_where_git_would_track_the_notebook(tmp_path):
    repo = _git_repo(tmp_path / "repo")
    manager = _contents_manager(repo)
    for path in ("notebooks/analysis.ipynb", "workspace/deep-dive/analysis.ipynb"):
        (repo / path).parent.mkdir(parents=True, exist_ok=True)
        manager.save({"type": "notebook", "format": "json", "content": _executed_notebook()}, path)
    assert _outputs(repo / "notebooks" / "analysis.ipynb") == []
    assert "K1234" not in (repo / "notebooks" / "analysis.ipynb").read_text(encoding="utf-8").split('"source"')[0]
    assert _outputs(repo / "workspace" / "deep-dive" / "analysis.ipynb")  # the analyst's copy keeps them
    assert git_would_track(repo / "notebooks" / "x.ipynb") and not git_would_track(repo / "workspace" / "x.ipynb")


def test_strip_outputs():
    nb = _executed_notebook()
    assert strip_outputs(nb) and nb["cells"][0]["outputs"] == [] and nb["cells"][0]["execution_count"] is None
    assert not strip_outputs(nb)


@pytest.mark.skipif(shutil.which("git") is None, reason="needs git")
def test_the_workspace_refuses_a_folder_git_would_track(tmp_path):
    repo = _git_repo(tmp_path / "repo")
    with pytest.raises(WorkspaceError, match="not git-ignored"):
        make_workspace(repo / "notebooks" / "mine")
    folder, copied, _ = make_workspace(repo / "workspace")
    assert [p.name for p in copied] == ["01_journeys.ipynb", "02_drift_and_delay.ipynb",
                                        "03_disproportionality.ipynb", "04_teams_and_workers.ipynb"]


@pytest.mark.skipif(not HAS_GIT, reason="needs the project's git checkout")
def test_the_project_workspace_is_git_ignored():
    assert not git_would_track(ROOT / "workspace" / "deep-dive" / "01_journeys.ipynb")
    assert git_would_track(ROOT / "notebooks" / "deep-dive" / "01_journeys.ipynb")


def _run_from(folder: Path, source: str, **env_vars) -> str:
    """``source`` run in a fresh Python whose current folder is ``folder`` (as a notebook opened in
    JupyterLab runs in its own folder); returns what it printed."""
    env = {k: v for k, v in os.environ.items() if k not in ("SAFEGUARDING_PREPARED", "SAFEGUARDING_OUTPUTS")}
    env.update(env_vars)
    done = subprocess.run([str(Path(os.sys.executable)), "-c", source], cwd=folder, env=env, capture_output=True,
                          text=True, timeout=300)
    return done.stdout + done.stderr


@pytest.fixture(scope="module")
def project(tmp_path_factory):
    """A project folder with a published run and a workspace, as an analyst has them."""
    from safeguarding.fixture import notebook_fixture

    folder = tmp_path_factory.mktemp("project")
    run = folder / "outputs" / "fixture" / "2018-07_2018-12" / "restricted" / "prepared"
    shutil.copytree(notebook_fixture(), run)
    (folder / "workspace" / "deep-dive").mkdir(parents=True)
    return folder, run


def test_a_notebook_in_the_workspace_finds_the_latest_run_and_the_documented_path(project):
    folder, run = project
    notebook_dir = folder / "workspace" / "deep-dive"
    code = ("from safeguarding.deepdive import DeepDive\n"
            "print(DeepDive.load('').data.folder)\n"
            "print(DeepDive.load('outputs/fixture/2018-07_2018-12/restricted/prepared').data.folder)\n"
            "print(DeepDive.load('outputs/fixture/2018-07_2018-12').data.folder)\n")
    assert _run_from(notebook_dir, code).split() == [str(run)] * 3
    assert prepared_runs(folder / "outputs") == [run]


def test_no_prepared_run_says_what_to_run(tmp_path):
    (tmp_path / "outputs").mkdir()
    with pytest.raises(NoPreparedRun, match=r"no prepared run found under .*outputs. Run the report first"):
        resolve_prepared("", tmp_path / "outputs")
    with pytest.raises(NoPreparedRun, match="is not a prepared run"):
        resolve_prepared("outputs/nowhere/2018-07_2018-12/restricted/prepared", tmp_path / "outputs")
    printed = _run_from(tmp_path, "from safeguarding.deepdive import DeepDive\nDeepDive.load('')",
                        SAFEGUARDING_OUTPUTS=str(tmp_path / "outputs"))
    assert "NoPreparedRun: no prepared run found" in printed and "meta.json" not in printed


def test_running_a_workspace_copy_the_documented_way_leaves_the_tracked_notebooks_clean(project, monkeypatch):
    """`safeguarding workspace`, then the copy executed in its own folder and saved by Jupyter:
    the copy holds the outputs and the RESTRICTED banner; no tracked notebook changes."""
    from nbclient import NotebookClient

    from safeguarding.cli import main

    folder, run = project
    monkeypatch.delenv("SAFEGUARDING_PREPARED", raising=False)  # the kernel finds the run itself
    monkeypatch.delenv("SAFEGUARDING_OUTPUTS", raising=False)
    before = {p: p.read_bytes() for p in tracked_notebooks()}
    assert main(["workspace", "--folder", str(folder / "workspace"), "--refresh"]) == 0
    copy = folder / "workspace" / "deep-dive" / "04_teams_and_workers.ipynb"
    nb = nbformat.read(str(copy), as_version=4)
    old = os.getcwd()
    os.chdir(copy.parent)  # where JupyterLab starts the kernel; the kernel inherits it
    try:
        NotebookClient(nb, timeout=600, kernel_name="python3", resources={"metadata": {"path": str(copy.parent)}}).execute()
    finally:
        os.chdir(old)
    manager = _contents_manager(folder)
    manager.save({"type": "notebook", "format": "json", "content": json.loads(nbformat.writes(nb))},
                 "workspace/deep-dive/04_teams_and_workers.ipynb")
    saved = copy.read_text(encoding="utf-8")
    assert "RESTRICTED: child-level data" in saved and str(run) in saved
    assert {p: p.read_bytes() for p in tracked_notebooks()} == before
    assert not [p for p in tracked_notebooks() if _outputs(p)]
