"""The open manifest.json: standard files only, no paths, no counts; checked before publishing."""
from __future__ import annotations

import json
from types import SimpleNamespace

import pandas as pd

from safeguarding.params import params_from_dict
from safeguarding.periods import parse_period
from safeguarding.report.runner import _write_manifest


def _run_folder(tmp_path, council_name="Test Council"):
    inputs = tmp_path / "inputs"
    inputs.mkdir()
    (inputs / "annex_a.xlsx").write_bytes(b"workbook")
    (inputs / "V2405531 chronology - Jane Doe.docx").write_bytes(b"case file")
    run = tmp_path / "run"
    (run / "restricted").mkdir(parents=True)
    (run / "sections").mkdir()
    for name in ("index.html", "indicators.csv", "sections/01_front_door.html"):
        (run / name).write_text("<html></html>")
    params_path = tmp_path / "council.yaml"
    params_path.write_text("council: {name: x}\n")
    prepared = SimpleNamespace(
        meta={"input_folder": str(inputs), "extract_date": "2019-01-10", "params": {"inputs": str(inputs)}},
        tables={"referrals": pd.DataFrame({"child_id": ["V2405531", "CH700102"], "worker": ["Jane Doe", "Sam Okafor"]})},
        accounts=pd.DataFrame({"table": ["referrals"], "rows_read": [2], "rows_kept": [2]}))
    params = params_from_dict({"council": {"name": council_name, "short_name": "test"}})
    results = {("front_door", "open"): (True, ""),
               ("front_door", "restricted"): (False, "KeyError: 'V2405531'")}
    return run, params, params_path, prepared, results


def test_open_manifest_names_standard_files_only(tmp_path):
    run, params, params_path, prepared, results = _run_folder(tmp_path)
    leaks: list = []
    _write_manifest(run, params, params_path, parse_period("2018-07..2018-12"), prepared,
                    ("open", "restricted"), results, leaks, {"total_s": 61.2})
    text = (run / "manifest.json").read_text()
    manifest = json.loads(text)
    assert [f["file"] for f in manifest["files"]] == ["index.html", "indicators.csv", "sections/01_front_door.html"]
    assert manifest["sections"] == {"front_door": True}
    for secret in ("V2405531", "Jane Doe", "chronology", str(tmp_path), "rows_read", "KeyError"):
        assert secret not in text, secret
    assert leaks == []
    full = json.loads((run / "restricted" / "manifest.json").read_text())
    assert {i["file"] for i in full["inputs"]} == {"annex_a.xlsx", "V2405531 chronology - Jane Doe.docx"}
    assert full["rows"] == {"referrals": {"rows_read": 2, "rows_kept": 2}}


def test_identifier_in_the_open_manifest_stops_publication(tmp_path):
    run, params, params_path, prepared, results = _run_folder(tmp_path, council_name="CH700102 Borough")
    leaks: list = []
    _write_manifest(run, params, params_path, parse_period("2018-07..2018-12"), prepared,
                    ("open", "restricted"), results, leaks, {})
    # the run publishes only when ``leaks`` stays empty (run_report)
    assert [(x.source, x.kind, x.origin) for x in leaks] == [("manifest.json", "identifier", "referrals.child_id")]
    full = json.loads((run / "restricted" / "manifest.json").read_text())
    assert full["leak_check"]["passed"] is False and "CH700102" not in json.dumps(full["leak_check"])
