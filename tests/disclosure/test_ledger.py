"""The publication ledger: append-only, hash-chained, transactional; withdrawal keeps figures."""
from __future__ import annotations

import json
import sqlite3
import subprocess
import sys

import numpy as np
import pandas as pd
import pytest

from safeguarding.disclosure.ledger import Ledger, LedgerError, LedgerTampered
from safeguarding.disclosure.model import RECORD_COLUMNS
from safeguarding.disclosure.publication import publish


def _records(values: dict[str, float | None], figure: str = "referrals") -> pd.DataFrame:
    """Monthly records of one count: a value, or None for a hidden (primary) month."""
    rows = []
    for month, v in values.items():
        rows.append({"kind": "indicator", "figure": figure, "field": "numerator", "row": "", "parts": "",
                     "first": month, "last": month, "window": "", "value": np.nan if v is None else float(v),
                     "status": "primary" if v is None else "published", "labelled": "", "extract": "2019-01-10",
                     "source": "indicators.csv"})
    return pd.DataFrame(rows, columns=RECORD_COLUMNS)


def test_entries_are_chained_and_every_figure_is_read_back(tmp_path):
    ledger = Ledger(tmp_path / "ledger.sqlite")
    first = ledger.append("published", "2018-07", _records({"2018-07": 12, "2018-08": None}), period="2018-07")
    second = ledger.append("published", "2018-08", _records({"2018-08": None, "2018-09": 40}), period="2018-08")
    assert (first.seq, second.seq) == (1, 2) and second.prev_hash == first.hash
    ledger.verify()
    back = ledger.records()
    assert back["report"].tolist() == ["2018-07", "2018-07", "2018-08", "2018-08"]
    assert back["status"].tolist() == ["published", "primary", "primary", "published"]
    assert back["value"].isna().tolist() == [False, True, True, False]  # a hidden value is never stored
    assert [e.report for e in Ledger(tmp_path / "ledger.sqlite").entries()] == ["2018-07", "2018-08"]


def test_hand_edits_are_refused_with_a_message_naming_the_entry(tmp_path):
    path = tmp_path / "ledger.sqlite"
    ledger = Ledger(path)
    ledger.append("published", "2018-07", _records({"2018-07": 12}))
    ledger.append("published", "2018-08", _records({"2018-08": 40}))
    db = sqlite3.connect(path)
    with pytest.raises(sqlite3.DatabaseError, match="append-only"):  # the triggers refuse
        db.execute("UPDATE figures SET value = 7")
    with pytest.raises(sqlite3.DatabaseError, match="append-only"):
        db.execute("DELETE FROM entries WHERE seq = 1")
    # someone who drops the triggers first is still found out: the hash chain breaks
    db.execute("DROP TRIGGER figures_append_only_u")
    db.execute("UPDATE figures SET value = 13 WHERE first = '2018-07'")
    db.commit()
    with pytest.raises(LedgerTampered, match=r"figures of entry 1 \(published 2018-07.*changed by hand"):
        Ledger(path).records()
    # opening the ledger puts the triggers back
    with pytest.raises(sqlite3.DatabaseError, match="append-only"):
        db.execute("UPDATE figures SET value = 12")
    # an entry removed (triggers dropped again) breaks the chain at the next one
    other = tmp_path / "other.sqlite"
    ledger = Ledger(other)
    for month in ("2018-07", "2018-08", "2018-09"):
        ledger.append("published", month, _records({month: 40}))
    db = sqlite3.connect(other)
    db.execute("DROP TRIGGER entries_append_only_d")
    db.execute("DELETE FROM entries WHERE seq = 2")
    db.commit()
    with pytest.raises(LedgerTampered, match=r"entry 3 \(published 2018-09.*does not follow"):
        Ledger(other).verify()


def test_a_ledger_checked_once_is_checked_again_after_a_hand_edit(tmp_path):
    # a run reads its ledger several times and checks the chain once per state; an edit from
    # another connection (a hand edit) moves the state, so the same open ledger finds it
    path = tmp_path / "ledger.sqlite"
    ledger = Ledger(path)
    ledger.append("published", "2018-07", _records({"2018-07": 12}))
    ledger.verify()
    ledger.records()  # no second check needed: nothing was written
    db = sqlite3.connect(path)
    db.execute("DROP TRIGGER figures_append_only_u")
    db.execute("UPDATE figures SET value = 13")
    db.commit()
    with pytest.raises(LedgerTampered, match="changed by hand"):
        ledger.records()


def test_a_run_killed_before_its_commit_leaves_no_entry(tmp_path):
    path = tmp_path / "ledger.sqlite"
    Ledger(path).append("published", "2018-07", _records({"2018-07": 12}))
    # a process that writes its entry inside the transaction and dies before committing
    code = ("import os, pandas as pd\n"
            "from safeguarding.disclosure.ledger import Ledger\n"
            f"ledger = Ledger({str(path)!r})\n"
            "ledger.db.execute('BEGIN IMMEDIATE')\n"
            "ledger.append('published', '2018-08', pd.DataFrame())\n"
            "os._exit(9)\n")
    assert subprocess.run([sys.executable, "-c", code], check=False).returncode == 9
    ledger = Ledger(path)
    ledger.verify()
    assert [e.report for e in ledger.entries()] == ["2018-07"]
    ledger.append("published", "2018-08", _records({"2018-08": 40}))  # and it takes the next entry
    assert [e.seq for e in ledger.entries()] == [1, 2]


def test_a_report_published_without_an_entry_is_recorded_from_its_open_files(tmp_path):
    council = tmp_path / "council"
    report = council / "2018-07"
    report.mkdir(parents=True)
    pd.DataFrame([{"indicator_id": "referrals", "period_type": "month", "month": "2018-07", "start": "2018-07-01",
                   "end": "2018-07-31", "numerator": "c", "value": "c", "suppression": "primary"},
                  {"indicator_id": "referrals", "period_type": "month", "month": "2018-08", "start": "2018-08-01",
                   "end": "2018-08-31", "numerator": 40, "value": 40, "suppression": ""}]
                 ).to_csv(report / "indicators.csv", index=False)
    (report / "manifest.json").write_text(json.dumps({"period": "2018-07", "extract_date": "2019-01-10",
                                                      "files": []}), encoding="utf-8")
    ledger = Ledger.for_council(council)
    added = ledger.reconcile(council, log=lambda *_: None)
    assert [(e.kind, e.report) for e in added] == [("recorded", "2018-07")]
    back = ledger.records()
    # a file that said why a cell is hidden labels it (the reader had the label too)
    assert back[["first", "status", "labelled"]].values.tolist() == [["2018-07", "primary", "1"],
                                                                      ["2018-08", "published", ""]]
    assert ledger.reconcile(council, log=lambda *_: None) == []  # once only


def test_withdrawal_is_an_entry_and_the_figures_still_count(tmp_path):
    ledger = Ledger(tmp_path / "ledger.sqlite")
    ledger.append("published", "2018-07", _records({"2018-07": 12}))
    entry = ledger.withdraw("2018-07", "replaced by a corrected report")
    assert (entry.kind, entry.note) == ("withdrawn", "replaced by a corrected report")
    assert ledger.published_reports()["2018-07"].kind == "withdrawn"
    assert len(ledger.records()) == 1  # the figures were public: disclosure control goes on counting them
    with pytest.raises(LedgerError, match="already withdrawn"):
        ledger.withdraw("2018-07", "again")
    with pytest.raises(LedgerError, match="no report"):
        ledger.withdraw("2019-01", "unknown")


def test_a_report_is_moved_and_recorded_only_when_nothing_comes_back(tmp_path):
    ledger = Ledger(tmp_path / "ledger.sqlite")
    # earlier: the quarter (30) and July (12); August (15) hidden to protect September (3)
    ledger.append("published", "2018-19-Q2", _records({"2018-07": 12, "2018-08": None, "2018-09": None}).pipe(
        lambda r: pd.concat([r, _records({"2018-07": 30}).assign(first="2018-07", last="2018-09")])))
    moved = []
    folder = tmp_path / "report"
    folder.mkdir()
    unsafe = _records({"2018-08": 15, "2018-10": 20})  # fine alone, but with the quarter September comes back
    result = publish(ledger, folder, lambda: moved.append(1), unsafe, 5, "c", report="2018-10")
    assert not result.published and moved == [] and len(ledger.entries()) == 1
    assert [f.kind for f in result.findings] == ["recoverable"]
    safe = _records({"2018-10": 20})
    result = publish(ledger, folder, lambda: moved.append(1), safe, 5, "c", report="2018-10")
    assert result.published and moved == [1] and [e.report for e in ledger.entries()] == ["2018-19-Q2", "2018-10"]


def test_a_failed_move_leaves_no_entry(tmp_path):
    ledger = Ledger(tmp_path / "ledger.sqlite")

    def refused():
        raise OSError("read-only")

    with pytest.raises(OSError):
        publish(ledger, tmp_path, refused, _records({"2018-10": 20}), 5, "c", report="2018-10")
    assert ledger.entries() == []


def test_an_audit_made_while_the_pdf_prints_is_made_again_if_another_report_entered_the_ledger(tmp_path):
    from safeguarding.disclosure.publication import pre_audit

    folder = tmp_path / "report"
    folder.mkdir()
    ledger = Ledger(tmp_path / "ledger.sqlite")
    ledger.append("published", "2018-07", _records({"2018-07": 12}))
    # September alone is safe; with the quarter another run publishes meanwhile, it comes back
    report = _records({"2018-08": 15, "2018-09": None})
    audited = pre_audit(ledger, folder, report, 5, "c")
    assert audited.result.findings == []
    ledger.append("published", "2018-19-Q2", _records({"2018-07": 30}).assign(first="2018-07", last="2018-09"))
    moved = []
    result = publish(ledger, folder, lambda: moved.append(1), report, 5, "c", report="2018-09", audited=audited)
    assert not result.published and moved == [] and [f.kind for f in result.findings] == ["recoverable"]
    # the ledger as the pre-audit read it: its result is used (here a planted finding shows it is)
    calm = Ledger(tmp_path / "calm.sqlite")
    audited = pre_audit(calm, folder, _records({"2018-10": 20}), 5, "c")
    assert audited.result.findings == []
    audited.result.findings.append("planted")
    result = publish(calm, folder, lambda: moved.append(1), _records({"2018-10": 20}), 5, "c", report="2018-10",
                     audited=audited)
    assert not result.published and result.findings == ["planted"]
