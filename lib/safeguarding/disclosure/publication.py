"""The publish decision: the open files, read as an attacker reads them, with the ledger.

The runner (and the inspection pack) call :func:`publish` once the open edition is written and
its leak check has passed. In one ledger transaction it:

1. reads every figure the council published before (the ledger, verified);
2. reads this report's figures back from its open files, adds those the run's suppressed frame
   lists (``report.figures``: arrows, values shown without their counts) and gives every hidden
   one the status the frame chose;
3. audits them together (:mod:`.audit`): a hidden count of 1 to the threshold pinned to one
   value stops the report;
4. otherwise appends the report's entry, moves the report into place (``move``), and commits.

A run killed at any point leaves either both the report and its entry, or neither - except
between the folder move and the commit, after which the next run records the report from its
open files (``Ledger.reconcile``).
"""
from __future__ import annotations

import json
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

import pandas as pd

from .audit import KEY, AuditResult, _number, audit_records, dedupe, read_open_records, with_statuses
from .ledger import Ledger
from .leakcheck import Leak
from .model import RECORD_COLUMNS


@dataclass
class Publication:
    published: bool
    findings: list[Leak] = field(default_factory=list)
    audit_seconds: float = 0.0
    figures: int = 0  # figures the audit read (this report and the ledger)
    entry: int | None = None  # the ledger entry written
    earlier: list[Leak] = field(default_factory=list)  # given back by earlier reports alone
    inconsistent: list[str] = field(default_factory=list)  # figures the audit could not read together


def report_records(folder: Path, frame_records: pd.DataFrame | None, symbol: str, extract: str) -> pd.DataFrame:
    """This report's figures: what its open files print, and what its frame says it publishes."""
    read = read_open_records(folder, symbol, extract=extract)
    read = with_statuses(read, frame_records)
    if frame_records is None or not len(frame_records):
        return read
    both = pd.concat([frame_records[RECORD_COLUMNS], read], ignore_index=True)
    return dedupe(both)


def _data_quality_findings(folder: Path, symbol: str, threshold: int) -> list[Leak]:
    dq = folder / "data_quality_summary.csv"
    if not dq.exists():
        return []
    summary = pd.read_csv(dq, dtype=str, keep_default_na=False)
    out = []
    for k, v in enumerate(summary.get("rows", [])):
        _, n = _number(v, symbol)
        if n is not None and 1 <= n <= threshold:
            out.append(Leak(dq.name, "small_count", f"{n:g}", f"row {k + 2}, column rows"))
    return out


def audit_folder(folder: Path, records: pd.DataFrame, ledger_records: pd.DataFrame | None, threshold: int,
                 symbol: str, *, model: str = "balances") -> AuditResult:
    result = audit_records(records, threshold, ledger=ledger_records, model=model)
    result.findings += _data_quality_findings(folder, symbol, threshold)
    return result


@dataclass
class PreAudit:
    """An audit made before the transaction (while the PDF prints), and the ledger's head it
    read: :func:`publish` uses it only if the ledger has not moved since."""
    head: str | None
    result: AuditResult


def pre_audit(ledger: Ledger | None, folder: Path, records: pd.DataFrame, threshold: int, symbol: str, *,
              model: str = "balances") -> PreAudit:
    head = ledger.head() if ledger is not None else None
    return PreAudit(head, audit_folder(folder, records, ledger.records() if ledger is not None else None,
                                       threshold, symbol, model=model))


def publish(ledger: Ledger | None, folder: Path, move: Callable[[], None], records: pd.DataFrame, threshold: int,
            symbol: str, *, report: str, kind: str = "published", details: dict | None = None,
            manifest: Path | None = None, model: str = "balances", audited: PreAudit | None = None) -> Publication:
    """Audit ``records`` (:func:`report_records`) with the ledger and, if nothing comes back,
    record them and ``move()`` the report into place, in one transaction. ``manifest``: the
    restricted manifest, told the entry it was published under. Without a ledger the audit
    reads this report alone. ``audited``: the same audit made earlier (:func:`pre_audit`, of
    these ``records``), used when the ledger still has the head it read - another report
    published since means the audit is made again inside the transaction."""
    details = dict(details or {})
    if ledger is None:
        result = audited.result if audited is not None else audit_folder(folder, records, None, threshold, symbol,
                                                                          model=model)
        if result.findings:
            return Publication(False, result.findings, result.seconds, result.figures, earlier=result.earlier,
                               inconsistent=result.inconsistent)
        move()
        return Publication(True, [], result.seconds, result.figures, earlier=result.earlier,
                           inconsistent=result.inconsistent)
    with ledger.transaction():
        ledger.verify()  # a hand edit since the pre-audit refuses publication as ever
        if audited is not None and audited.head is not None and audited.head == ledger.head():
            result = audited.result
        else:
            result = audit_folder(folder, records, ledger.records(), threshold, symbol, model=model)
        if result.findings:
            return Publication(False, result.findings, result.seconds, result.figures, earlier=result.earlier,
                               inconsistent=result.inconsistent)
        t0 = time.perf_counter()
        entry = ledger.append(kind, report, records, **details)
        if manifest is not None and manifest.exists():
            data = json.loads(manifest.read_text(encoding="utf-8"))
            data["ledger"] = {"entry": entry.seq, "hash": entry.hash, "path": str(ledger.path),
                              "audit_s": round(result.seconds, 2), "figures_audited": result.figures}
            manifest.write_text(json.dumps(data, indent=2, default=str), encoding="utf-8")
        move()
        return Publication(True, [], result.seconds + time.perf_counter() - t0, result.figures, entry.seq,
                           result.earlier, result.inconsistent)


__all__ = ["publish", "pre_audit", "PreAudit", "report_records", "audit_folder", "Publication", "KEY"]
