"""What the open edition says when comparators are missing: which published figures, how to add
them - never a path or an error message (those stay in the restricted edition)."""
from __future__ import annotations

import json
from types import SimpleNamespace

import numpy as np
import pandas as pd

from safeguarding.benchmarks.compare import missing_comparator_note
from safeguarding.report.notebook import SectionView

NAN = np.nan


def _table(**columns):
    base = {"indicator_id": ["referral_rate_r12", "cp_rate"], "published_value": [NAN, NAN],
            "sn_value": [NAN, NAN], "region_value": [512.3, 44.1], "england_value": [544.5, 43.2]}
    base.update(columns)
    return pd.DataFrame(base)


def test_missing_neighbours_and_la_figures_are_named_with_the_fix():
    note = missing_comparator_note(_table())
    assert note.startswith("Statistical neighbour and LA published figures were not supplied")
    assert "safeguarding import-lait FILE" in note and "comparators.lait_file" in note
    assert "/" not in note.replace("n/a", "") and "Errno" not in note


def test_no_note_when_every_comparator_column_has_a_figure():
    assert missing_comparator_note(_table(published_value=[498.0, NAN], sn_value=[NAN, 40.2])) is None
    assert missing_comparator_note(None) is None


def test_open_notes_carry_no_diagnostics_restricted_notes_do(tmp_path):
    _table().to_parquet(tmp_path / "benchmarks.parquet")
    (tmp_path / "benchmarks_meta.json").write_text(json.dumps({
        "notes": ["LAIT file not found: /home/analyst/dfe/bds_long_0.parquet",
                  "no neighbour list for vintage 2021 ([Errno 2] No such file or directory: 'sn.xlsx')"],
        "neighbours": [], "sn_vintage": 2021, "sn_statistic": "mean"}))
    view = SimpleNamespace(data=SimpleNamespace(folder=tmp_path), edition="open")
    open_notes = " ".join(SectionView._benchmark_notes(view))
    assert "Statistical neighbour and LA published figures were not supplied" in open_notes
    assert "/home" not in open_notes and "Errno" not in open_notes and "not found" not in open_notes
    view.edition = "restricted"
    restricted = " ".join(SectionView._benchmark_notes(view))
    assert "LAIT file not found: /home/analyst/dfe/bds_long_0.parquet" in restricted
