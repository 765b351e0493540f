"""The cache of a run's prepared data and executed notebooks, for fast re-renders.

Commentary is read when the pages are rendered, not when the notebooks run, so a run whose data,
params and notebooks are unchanged only has to render again (a commentary edit, a template
change). The cache key is a hash of everything that can change what a notebook shows:

* every input file (the input folder, the previous plan folder, the LAIT and statistical
  neighbour files: ``INPUT_PATHS``), by content, however the params spell the path;
* the params file itself (commentary lives in its own files, outside the key);
* the period and the package (version and every file of its source but the page templates);
* each section notebook, separately (an edited notebook re-runs alone).

The cache lives in ``outputs/<council>/.cache/<period>/``. It holds child-level data (the
prepared tables and the executed restricted notebooks), exactly as ``<period>/restricted/``
does: it is never part of a published folder and must not be copied to a website. One key is
kept per period; a new key replaces the old entry.
"""
from __future__ import annotations

import hashlib
import os
import shutil
from pathlib import Path

from .. import __version__
from ..params import Params
from ..periods import Period

PACKAGE_DIR = Path(__file__).resolve().parents[1]


def _hash_file(digest, path: Path) -> None:
    digest.update(str(path.name).encode())
    with open(path, "rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            digest.update(chunk)


def _hash_tree(digest, folder: Path, skip=lambda path: False) -> None:
    for path in sorted(folder.rglob("*")):
        if path.is_file() and "__pycache__" not in path.parts and not skip(path):
            digest.update(str(path.relative_to(folder)).encode())
            _hash_file(digest, path)


# Every params field that names an input file or folder, read wherever the params file puts it
# (a bare ``data`` as much as ``../data`` or an absolute path). The commentary folder is read at
# render time and stays out of the key.
INPUT_PATHS = (("inputs", "folder"), ("inputs", "previous_plan_folder"),
               ("comparators", "lait_file"), ("comparators", "sn_file"))


def _input_paths(params: Params) -> list[tuple[str, Path]]:
    """(field, resolved path) for every input path field the params set."""
    found = []
    for section, key in INPUT_PATHS:
        written = getattr(getattr(params, section), key)
        if written:
            found.append((f"{section}.{key}", params.resolve(written)))
    return found


def cache_key(params: Params, period: Period) -> str:
    """The hash of the data, params, period and package; each notebook adds its own hash.

    Inputs enter by their params field and their resolved content (relative names and bytes of
    every file in a folder), never by how the path is written, so a changed input always misses
    and a copied params folder keeps its key."""
    digest = hashlib.sha256()
    digest.update(f"{__version__}|{period.label}".encode())
    if params.source_path:
        _hash_file(digest, Path(params.source_path))
    for field_name, path in _input_paths(params):
        digest.update(field_name.encode())
        if path.is_dir():
            _hash_tree(digest, path)
        elif path.is_file():
            _hash_file(digest, path)
        else:
            digest.update(b"<absent>")
    # the page templates and stylesheets are used at render time only
    _hash_tree(digest, PACKAGE_DIR, skip=lambda path: path.suffix in (".j2", ".css"))
    return digest.hexdigest()


def _notebook_entry(source: Path) -> str:
    """``<hash>-<name>``: an edited notebook misses the cache, the others still hit."""
    digest = hashlib.sha256()
    _hash_file(digest, source)
    return f"{digest.hexdigest()[:16]}-{source.name}"


class RunCache:
    """``.cache/<period>/``: ``key``, ``prepared/``, ``files/`` (indicators and data-quality files)
    and ``notebooks/<edition mode>/<notebook>``."""

    def __init__(self, council_dir: Path, period: Period, key: str):
        self.folder = council_dir / ".cache" / period.slug
        self.key = key
        stored = self.folder / "key"
        if self.folder.exists() and (not stored.exists() or stored.read_text(encoding="utf-8").strip() != key):
            shutil.rmtree(self.folder)  # inputs, params, notebooks or code changed

    def has_prepared(self) -> bool:
        return (self.folder / "prepared" / "meta.json").exists() and (self.folder / "key").exists()

    def store_prepared(self, prepared_dir: Path) -> None:
        self.folder.mkdir(parents=True, exist_ok=True)
        shutil.copytree(prepared_dir, self.folder / "prepared", dirs_exist_ok=True)
        (self.folder / "key").write_text(self.key, encoding="utf-8")  # written last: the entry is whole

    def restore_prepared(self, prepared_dir: Path) -> None:
        shutil.copytree(self.folder / "prepared", prepared_dir, dirs_exist_ok=True)

    def store_files(self, run_dir: Path, exclude: Path) -> None:
        """The indicator and data-quality files written so far (they follow from the data alone).
        Copied aside and renamed into place, so an interrupted copy is never reused."""
        target = self.folder / "files"
        staging = self.folder / f"files.tmp-{os.getpid()}"
        shutil.rmtree(staging, ignore_errors=True)
        for path in run_dir.rglob("*"):
            if path.is_file() and exclude not in path.parents:
                (staging / path.relative_to(run_dir)).parent.mkdir(parents=True, exist_ok=True)
                shutil.copyfile(path, staging / path.relative_to(run_dir))
        shutil.rmtree(target, ignore_errors=True)
        staging.rename(target)

    def restore_files(self, run_dir: Path) -> bool:
        source = self.folder / "files"
        if not (self.has_prepared() and source.is_dir()):
            return False
        shutil.copytree(source, run_dir, dirs_exist_ok=True)
        return True

    def keep_figures(self, digest: str) -> bool:
        """The executed notebooks and open files show the run's open figures, which also depend
        on the publication ledger (an earlier report can make this one hide more). True when the
        cached ones were made from the same figures; otherwise they are dropped."""
        stored = self.folder / "figures"
        if stored.exists() and stored.read_text(encoding="utf-8").strip() == digest:
            return True
        for name in ("notebooks", "files"):
            shutil.rmtree(self.folder / name, ignore_errors=True)
        if self.folder.exists():
            stored.write_text(digest, encoding="utf-8")
        return False

    def notebooks(self, specs, run_as: str, notebook_dir: Path) -> dict[str, Path]:
        """Executed notebooks usable for ``run_as``: the same editions, or both (which holds every
        edition's outputs), from the same notebook source."""
        found = {}
        for spec in specs:
            source = notebook_dir / spec.notebook
            if not source.exists():
                continue
            for mode in dict.fromkeys([run_as, "both"]):
                path = self.folder / "notebooks" / mode / _notebook_entry(source)
                if path.exists():
                    found[spec.key] = path
                    break
        return found

    def store_notebooks(self, specs, notebooks: Path, run_as: str, notebook_dir: Path) -> None:
        target = self.folder / "notebooks" / run_as
        target.mkdir(parents=True, exist_ok=True)
        for spec in specs:
            entry = target / _notebook_entry(notebook_dir / spec.notebook)
            shutil.copyfile(notebooks / spec.notebook, entry.with_suffix(".tmp"))
            os.replace(entry.with_suffix(".tmp"), entry)  # never a half-copied notebook under its name


def reuse_prepared(council_dir: Path, period: Period, key: str, target: Path) -> Path | None:
    """Copy into ``target`` the prepared data of an earlier run of the same data, params, period
    and package (``key``): the cache's, else the published run's ``restricted/prepared`` when its
    restricted manifest records the same key. Returns the folder copied from, or None (nothing
    matching: the caller prepares afresh). Under the period's run lock, so a run writing the
    cache or publishing meanwhile is never read half-done."""
    import json

    from ..portable import exclusive_lock

    if not council_dir.is_dir():
        return None
    with exclusive_lock(council_dir / f".{period.slug}.lock"):
        cache = RunCache(council_dir, period, key)
        if cache.has_prepared():
            cache.restore_prepared(target)
            return cache.folder / "prepared"
        published = council_dir / period.slug / "restricted"
        try:
            recorded = json.loads((published / "manifest.json").read_text(encoding="utf-8")).get("cache_key")
        except (OSError, ValueError):
            return None
        if recorded == key and (published / "prepared" / "meta.json").exists():
            shutil.copytree(published / "prepared", target, dirs_exist_ok=True)
            return published / "prepared"
    return None


def prepare_or_reuse(params: Params, period: Period, council_dir: Path, target: Path):
    """(PreparedData in ``target``, where it came from): an earlier run's prepared data when it
    was prepared from the same data, params, period and package (:func:`reuse_prepared`), else
    prepared afresh - and then stored in the cache, so the next ``run`` reuses it."""
    from ..portable import exclusive_lock
    from ..prepare import load_prepared, prepare

    key = cache_key(params, period)
    source = reuse_prepared(council_dir, period, key, target)
    if source is not None:
        return load_prepared(target), f"reused the prepared data of {source}"
    prepared = prepare(params, period, target)
    council_dir.mkdir(parents=True, exist_ok=True)
    with exclusive_lock(council_dir / f".{period.slug}.lock"):
        cache = RunCache(council_dir, period, key)
        if not cache.has_prepared():
            cache.store_prepared(target)
    return prepared, "prepared afresh (no earlier run of the same data, params and period)"
