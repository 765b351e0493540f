"""Read everything in the inputs folder into the tidy tables of ``safeguarding.schema``.

Public API::

    load_inputs(folder: Path, log: DataQualityLog) -> dict[str, pd.DataFrame]
    extract_date(tables, folder) -> pd.Timestamp
    read_manifest(folder) -> dict

See ``docs/input-formats.md`` for the accepted formats.
"""
from __future__ import annotations

import datetime as _dt
from pathlib import Path

import pandas as pd
import yaml

from ..quality import DataQualityLog, FatalInputError
from ..schema import ALL_TABLES, ANNEX_A_TABLES, LOCAL_TABLES
from .annex_a import EXCEL_SUFFIXES, load_annex_a
from .code_map import MAP_FILE, UNRECOGNISED_FILE, load_code_map
from .extracts import load_extracts
from .parse import empty_table, findings_frame

__all__ = ["load_inputs", "extract_date", "read_manifest"]

IGNORED_FILES = {"manifest.yaml", "manifest.yml", "readme.md", "readme.txt", MAP_FILE,
                 UNRECOGNISED_FILE,
                 # population by group: read by prepare (inputs.population_groups), not a list
                 "population_by_group.csv", "ons-ethnic-population-la.csv"}


def read_manifest(folder: Path) -> dict:
    """``manifest.yaml`` in ``folder`` (``la_code``, ``extract_date``, ``schema_version``,
    optional ``files: {<file name>: {extract_date: ...}}``), or ``{}`` when absent."""
    folder = Path(folder)
    for name in ("manifest.yaml", "manifest.yml"):
        p = folder / name
        if p.exists():
            try:
                data = yaml.safe_load(p.read_text(encoding="utf-8-sig")) or {}
            except yaml.YAMLError as exc:
                raise FatalInputError(f"not valid YAML: {exc}", file=name) from None
            if not isinstance(data, dict):
                raise FatalInputError("should hold keys such as la_code: and extract_date:",
                                      file=name)
            if data.get("extract_date") is not None:
                try:
                    pd.Timestamp(data["extract_date"])
                except (ValueError, TypeError):
                    raise FatalInputError(f"extract_date {data['extract_date']!r} is not a date "
                                          f"(write it as YYYY-MM-DD)", file=name) from None
            return data
    return {}


def _classify(folder: Path) -> tuple[list[Path], list[Path]]:
    annex, other = [], []
    for p in sorted(folder.iterdir()):
        if not p.is_file() or p.name.startswith((".", "~$")):
            continue
        if p.name.lower() in IGNORED_FILES or p.stem.lower() in LOCAL_TABLES:
            continue
        if p.suffix.lower() in EXCEL_SUFFIXES or p.suffix.lower() == ".csv":
            annex.append(p)
        else:
            other.append(p)
    return annex, other


def load_inputs(folder: Path, log: DataQualityLog) -> dict[str, pd.DataFrame]:
    """Every table of ``schema.ALL_TABLES`` (empty with the schema's columns when its file is
    absent), plus provenance columns ``source_file``, ``source_sheet``, ``source_row``.

    Raises ``FatalInputError`` (message names file, sheet, column) for unusable inputs."""
    folder = Path(folder)
    if not folder.is_dir():
        raise FatalInputError(f"inputs folder not found: {folder}")
    manifest = read_manifest(folder)
    annex_paths, other = _classify(folder)
    for p in other:
        log.extend(findings_frame("inputs", p.name, "", [None], None, [p.name], "READ-FILE"))
    if not annex_paths:
        raise FatalInputError(
            f"no Annex A workbook (.xlsx) or list CSV files found in {folder}")
    code_map = load_code_map(folder, log)
    tables = load_annex_a(annex_paths, manifest, log, code_map=code_map)
    if all(len(tables[t]) == 0 for t in ANNEX_A_TABLES):
        raise FatalInputError("no Annex A rows found in List 1-8 (all lists empty)",
                              file=", ".join(p.name for p in annex_paths))
    la_code = manifest.get("la_code")
    tables.update(load_extracts(folder, log, None if la_code is None else str(la_code),
                                code_map=code_map))
    for t in ALL_TABLES:
        if t not in tables:
            tables[t] = empty_table(t)
    return tables


# Annex A dates used to infer the extract date when manifest.yaml gives none: the dates at
# which events start or are recorded (never DOB or planned dates).
_EVENT_DATES = ["contact_date", "eh_start_date", "eh_end_date", "referral_date",
                "assessment_start_date", "assessment_auth_date", "s47_start_date", "icpc_date",
                "cin_start_date", "cin_closure_date", "last_seen_date", "cpp_start_date",
                "cpp_end_date", "last_visit_date", "latest_review_date", "cla_start_date",
                "cla_end_date"]


def extract_date(tables: dict[str, pd.DataFrame], folder: Path) -> pd.Timestamp:
    """The date the data describe: ``extract_date`` in ``manifest.yaml``; else the latest
    per-file ``extract_date`` there; else the latest event date in the Annex A tables."""
    manifest = read_manifest(Path(folder)) if folder is not None else {}
    if manifest.get("extract_date") is not None:
        return pd.Timestamp(manifest["extract_date"]).normalize()
    per_file = []
    for meta in (manifest.get("files") or {}).values():
        if isinstance(meta, dict) and meta.get("extract_date"):
            per_file.append(pd.Timestamp(meta["extract_date"]))
        elif isinstance(meta, (str, _dt.date)):
            per_file.append(pd.Timestamp(meta))
    if per_file:
        return max(per_file).normalize()
    latest = pd.NaT
    for t in ANNEX_A_TABLES:
        df = tables.get(t)
        if df is None or not len(df):
            continue
        for c in _EVENT_DATES:
            if c in df.columns:
                m = df[c].max()
                if pd.notna(m) and (pd.isna(latest) or m > latest):
                    latest = m
    if pd.isna(latest):
        raise FatalInputError("cannot tell the extract date: no event dates in the Annex A lists; "
                              "add extract_date: YYYY-MM-DD to manifest.yaml")
    return pd.Timestamp(latest).normalize()
