"""The publication ledger: every open figure a council has published, report by report.

One SQLite file per council beside its outputs (``outputs/<council>/publication-ledger.sqlite``,
standard library only). It holds what the open editions printed - indicator, window, field,
value or the suppression symbol's status - and which report printed it, when, from which
extract, with the hashes of the open files. Never child-level data, never a hidden value.

* **Append-only.** Entries are added, never changed: triggers refuse ``UPDATE`` and ``DELETE``,
  and every entry carries a SHA-256 hash of itself, its figures and the entry before it (a hash
  chain). A hand edit - even one that drops the triggers first - breaks the chain, and the
  ledger then refuses to be used (:class:`LedgerTampered`) with a message naming the entry.
* **Transactional.** A report's entry is written in one transaction that also moves the report
  into place (:meth:`Ledger.publishing`): a run killed before the commit leaves no entry; one
  killed after the folder move but before the commit leaves a published report without an
  entry, which :meth:`Ledger.reconcile` records (from its open files) the next time the ledger
  is opened by a run.
* **Withdrawal** appends an entry saying the report was withdrawn. Its figures stay in the
  ledger and go on counting for disclosure control: they were public and may have been copied.

The figures of every entry, withdrawn or not, are what a reader of everything the council ever
published knows (``records()``), and what the next report's disclosure control works with.
"""
from __future__ import annotations

import datetime as _dt
import hashlib
import json
import os
import sqlite3
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

from ..exports import file_sha256
from .model import RECORD_COLUMNS

FILENAME = "publication-ledger.sqlite"
SCHEMA_VERSION = "1"
ENTRY_FIELDS = ["seq", "kind", "report", "period", "extract_date", "at", "folder", "manifest_sha256",
                "files", "note", "figures_sha256", "prev_hash", "hash"]
FIGURE_FIELDS = ["kind", "figure", "field", "row", "parts", "first", "last", "window", "value", "status",
                 "labelled", "extract", "source"]
GENESIS = "0" * 64

_SCHEMA = """
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS entries (
    seq INTEGER PRIMARY KEY, kind TEXT NOT NULL, report TEXT NOT NULL, period TEXT, extract_date TEXT,
    at TEXT NOT NULL, folder TEXT, manifest_sha256 TEXT, files TEXT, note TEXT,
    figures_sha256 TEXT NOT NULL, prev_hash TEXT NOT NULL, hash TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS figures (
    entry INTEGER NOT NULL REFERENCES entries(seq), kind TEXT, figure TEXT, field TEXT, row TEXT, parts TEXT,
    first TEXT, last TEXT, window TEXT, value REAL, status TEXT, labelled TEXT, extract TEXT, source TEXT);
CREATE INDEX IF NOT EXISTS figures_entry ON figures(entry);
CREATE TRIGGER IF NOT EXISTS entries_append_only_u BEFORE UPDATE ON entries
    BEGIN SELECT RAISE(ABORT, 'the publication ledger is append-only'); END;
CREATE TRIGGER IF NOT EXISTS entries_append_only_d BEFORE DELETE ON entries
    BEGIN SELECT RAISE(ABORT, 'the publication ledger is append-only'); END;
CREATE TRIGGER IF NOT EXISTS figures_append_only_u BEFORE UPDATE ON figures
    BEGIN SELECT RAISE(ABORT, 'the publication ledger is append-only'); END;
CREATE TRIGGER IF NOT EXISTS figures_append_only_d BEFORE DELETE ON figures
    BEGIN SELECT RAISE(ABORT, 'the publication ledger is append-only'); END;
"""


class LedgerError(Exception):
    """The ledger cannot be used (unreadable, or not a publication ledger)."""


class LedgerTampered(LedgerError):
    """The ledger was changed outside this program: its hash chain does not hold."""


@dataclass
class Entry:
    seq: int
    kind: str  # published | recorded | withdrawn
    report: str
    period: str
    extract_date: str
    at: str
    folder: str
    manifest_sha256: str
    files: str
    note: str
    figures_sha256: str
    prev_hash: str
    hash: str


def _canonical(value) -> str:
    if value is None or (isinstance(value, float) and not np.isfinite(value)):
        return ""
    if isinstance(value, float):
        return repr(round(value, 9))
    return str(value)


def figures_digest(figures: pd.DataFrame) -> str:
    """SHA-256 of an entry's figures, in the order they are stored."""
    digest = hashlib.sha256()
    for row in figures[FIGURE_FIELDS].itertuples(index=False):
        digest.update(("\x1f".join(_canonical(v) for v in row) + "\n").encode("utf-8"))
    return digest.hexdigest()


def entry_hash(fields: dict) -> str:
    text = json.dumps({k: fields.get(k) or "" for k in ENTRY_FIELDS if k != "hash"}, sort_keys=True)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def _now() -> str:
    return _dt.datetime.now(_dt.timezone.utc).replace(microsecond=0).isoformat()


def _as_figures(records: pd.DataFrame) -> pd.DataFrame:
    out = records.reindex(columns=FIGURE_FIELDS).copy()
    for col in FIGURE_FIELDS:
        if col == "value":
            out[col] = pd.to_numeric(out[col], errors="coerce").astype(float)
        else:
            out[col] = out[col].fillna("").astype(str)
    return out.reset_index(drop=True)


class Ledger:
    """A council's publication ledger (created on first use)."""

    def __init__(self, path: str | Path):
        self.path = Path(path)
        self.path.parent.mkdir(parents=True, exist_ok=True)
        try:
            self.db = sqlite3.connect(str(self.path), timeout=60, isolation_level=None)
            self.db.executescript(_SCHEMA)
            self.db.execute("INSERT OR IGNORE INTO meta VALUES ('schema', ?)", (SCHEMA_VERSION,))
        except sqlite3.DatabaseError as exc:
            raise LedgerError(f"{self.path} is not a readable publication ledger ({exc}); restore it from a "
                              f"backup, or move it aside to start a new one and record the published reports "
                              f"again with 'safeguarding ledger record'") from exc

        self._verified: tuple | None = None  # the state last verified (see :meth:`verify`)

    @classmethod
    def for_council(cls, council_dir: str | Path) -> "Ledger":
        return cls(Path(council_dir) / FILENAME)

    def close(self) -> None:
        self.db.close()

    # ---- reading ------------------------------------------------------------------------------
    def entries(self) -> list[Entry]:
        cur = self.db.execute(f"SELECT {', '.join(ENTRY_FIELDS)} FROM entries ORDER BY seq")
        return [Entry(*row) for row in cur.fetchall()]

    def _figures(self, seq: int | None = None) -> pd.DataFrame:
        sql = f"SELECT entry, rowid, {', '.join(FIGURE_FIELDS)} FROM figures"
        params: tuple = ()
        if seq is not None:
            sql += " WHERE entry = ?"
            params = (seq,)
        frame = pd.read_sql_query(sql + " ORDER BY entry, rowid", self.db, params=params)
        frame["value"] = pd.to_numeric(frame["value"], errors="coerce").astype(float)
        return frame

    def _state(self) -> tuple:
        """What changes when anyone writes to the ledger: SQLite's ``data_version`` (another
        connection's commit - a hand edit included), and the head and size this connection
        wrote."""
        version = self.db.execute("PRAGMA data_version").fetchone()[0]
        entries, head = self.db.execute("SELECT COUNT(*), MAX(hash) FROM entries").fetchone()
        figures = self.db.execute("SELECT COUNT(*) FROM figures").fetchone()[0]
        return version, entries, head, figures, self.head()

    def verify(self) -> None:
        """Raise :class:`LedgerTampered` unless every entry's hash, its figures' hash and the
        chain between entries are as written. Once per state: a run reads the ledger several
        times, and nothing has written to it since the last check unless the state moved."""
        state = self._state()
        if state == self._verified:
            return
        self._check()
        self._verified = state

    def _check(self) -> None:
        previous = GENESIS
        figures = self._figures()
        by_entry = {seq: g for seq, g in figures.groupby("entry", sort=False)}
        known = set()
        for e in self.entries():
            known.add(e.seq)
            where = f"entry {e.seq} ({e.kind} {e.report}, {e.at})"
            if e.prev_hash != previous:
                raise LedgerTampered(f"{self.path}: {where} does not follow the entry before it (an entry was "
                                     "removed or inserted by hand). " + _ADVICE)
            own = by_entry.get(e.seq, pd.DataFrame(columns=["entry", "rowid", *FIGURE_FIELDS]))
            if figures_digest(_as_figures(own)) != e.figures_sha256:
                raise LedgerTampered(f"{self.path}: the figures of {where} were changed by hand. " + _ADVICE)
            if entry_hash(vars(e)) != e.hash:
                raise LedgerTampered(f"{self.path}: {where} was changed by hand. " + _ADVICE)
            previous = e.hash
        stray = set(by_entry) - known
        if stray:
            raise LedgerTampered(f"{self.path}: figures were added by hand under entries {sorted(stray)}. " + _ADVICE)

    def records(self) -> pd.DataFrame:
        """Every figure ever published (withdrawn reports included), as model records, each with
        the report that published it (``report``) and its entry (``entry``)."""
        self.verify()
        figures = self._figures()
        entries = {e.seq: e for e in self.entries()}
        figures["report"] = figures["entry"].map(lambda s: entries[s].report)
        return figures.drop(columns=["rowid"]).reindex(columns=[*RECORD_COLUMNS, "report", "entry"])

    def head(self) -> str:
        row = self.db.execute("SELECT hash FROM entries ORDER BY seq DESC LIMIT 1").fetchone()
        return row[0] if row else GENESIS

    def published_reports(self) -> dict[str, Entry]:
        """The latest entry of every report (its status: published, recorded or withdrawn)."""
        out: dict[str, Entry] = {}
        for e in self.entries():
            out[e.report] = e
        return out

    # ---- writing ------------------------------------------------------------------------------
    @contextmanager
    def transaction(self):
        """BEGIN IMMEDIATE ... COMMIT (ROLLBACK on any exception): one writer at a time."""
        self.db.execute("BEGIN IMMEDIATE")
        try:
            yield self
        except BaseException:
            self.db.execute("ROLLBACK")
            raise
        self.db.execute("COMMIT")

    def append(self, kind: str, report: str, records: pd.DataFrame | None = None, *, period: str = "",
               extract_date: str = "", folder: str = "", manifest_sha256: str = "", files: dict | None = None,
               note: str = "") -> Entry:
        """Add one entry (inside :meth:`transaction`, or as its own transaction)."""
        own = not self.db.in_transaction
        if own:
            self.db.execute("BEGIN IMMEDIATE")
        try:
            self.verify()
            figures = _as_figures(records if records is not None else pd.DataFrame(columns=FIGURE_FIELDS))
            row = self.db.execute("SELECT COALESCE(MAX(seq), 0) FROM entries").fetchone()
            fields = {"seq": int(row[0]) + 1, "kind": kind, "report": report, "period": period,
                      "extract_date": extract_date, "at": _now(), "folder": folder,
                      "manifest_sha256": manifest_sha256, "files": json.dumps(files or {}, sort_keys=True),
                      "note": note, "figures_sha256": figures_digest(figures), "prev_hash": self.head()}
            fields["hash"] = entry_hash(fields)
            self.db.execute(f"INSERT INTO entries ({', '.join(ENTRY_FIELDS)}) VALUES "
                            f"({', '.join('?' * len(ENTRY_FIELDS))})", [fields[k] for k in ENTRY_FIELDS])
            values = [(fields["seq"], *[None if (k == "value" and not np.isfinite(v)) else v
                                       for k, v in zip(FIGURE_FIELDS, r)])
                      for r in figures.itertuples(index=False)]
            self.db.executemany(f"INSERT INTO figures (entry, {', '.join(FIGURE_FIELDS)}) VALUES "
                                f"({', '.join('?' * (len(FIGURE_FIELDS) + 1))})", values)
        except BaseException:
            if own:
                self.db.execute("ROLLBACK")
            raise
        if own:
            self.db.execute("COMMIT")
        return Entry(**fields)

    @contextmanager
    def publishing(self, kind: str, report: str, records: pd.DataFrame, **details):
        """Append the entry, run the body (the folder move), then commit: both or neither.
        Yields the ledger inside the write transaction (the audit reads it there, so two runs
        publishing at once see each other's figures)."""
        with self.transaction():
            yield self
            self.append(kind, report, records, **details)

    def withdraw(self, report: str, reason: str) -> Entry:
        known = self.published_reports()
        if report not in known:
            raise LedgerError(f"no report {report!r} in {self.path}; 'safeguarding ledger list' shows what is there")
        if known[report].kind == "withdrawn":
            raise LedgerError(f"{report} was already withdrawn on {known[report].at}")
        return self.append("withdrawn", report, None, period=known[report].period, note=reason)

    def reconcile(self, council_dir: str | Path, symbol: str = "c", log=print) -> list[Entry]:
        """Record every published report folder under ``council_dir`` whose open manifest no
        entry names (a run stopped between moving the report into place and committing its entry,
        or a report published before the ledger existed)."""
        from .audit import read_open_records

        known = {e.manifest_sha256 for e in self.entries() if e.manifest_sha256}
        added = []
        for manifest in sorted(Path(council_dir).glob("*/manifest.json")):
            folder = manifest.parent
            if folder.name.startswith(".") or folder.name.endswith((".failed", ".draft")):
                continue
            sha = file_sha256(manifest)
            if sha in known:
                continue
            info = json.loads(manifest.read_text(encoding="utf-8"))
            records = read_open_records(folder, symbol, extract=str(info.get("extract_date") or ""))
            files = {f["file"]: f["sha256"] for f in info.get("files", [])}
            added.append(self.append("recorded", folder.name, records, period=str(info.get("period", "")),
                                     extract_date=str(info.get("extract_date") or ""), folder=str(folder),
                                     manifest_sha256=sha, files=files,
                                     note="published without a ledger entry; recorded from its open files"))
            log(f"ledger: recorded {folder.name} (published without a ledger entry) from its open files")
        return added


_ADVICE = ("The ledger refuses to be used: restore it from a backup, or move it aside and record every "
           "published report again with 'safeguarding ledger record' (docs/conventions.md, the publication "
           "ledger).")



def ledger_path(council_dir: str | Path) -> Path:
    return Path(council_dir) / FILENAME


def open_ledger(council_dir: str | Path) -> Ledger:
    return Ledger(ledger_path(council_dir))


def has_ledger(council_dir: str | Path) -> bool:
    return os.path.exists(ledger_path(council_dir))


__all__ = ["Ledger", "LedgerError", "LedgerTampered", "Entry", "FILENAME", "open_ledger", "figures_digest"]
