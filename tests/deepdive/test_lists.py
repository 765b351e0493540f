"""Child lists to take away: the reproducible audit sample (stratified by team, seed recorded),
labelled exports, and the one command for "a random 10 of the children on a plan for 18 months
or more, for case audit"."""
from __future__ import annotations

from pathlib import Path

import openpyxl
import pandas as pd
import pytest

from safeguarding.cli import COHORT_THRESHOLDS, main
from safeguarding.deepdive.cohort import THRESHOLDS
from safeguarding.deepdive.lists import amount_text, audit_sample, sample_note

ROOT = Path(__file__).resolve().parents[2]


def _children(sizes: dict[str, int]) -> pd.DataFrame:
    rows = [(f"{team[0]}{i}", team) for team, n in sizes.items() for i in range(n)]
    return pd.DataFrame(rows, columns=["child_id", "team"])


def test_a_sample_is_reproducible_from_its_seed_and_records_it():
    frame = _children({"North": 30, "South": 30})
    first, again = audit_sample(frame, 10, seed=4821), audit_sample(frame, 10, seed=4821)
    assert first["child_id"].tolist() == again["child_id"].tolist() and len(first) == 10
    assert first["child_id"].tolist() != audit_sample(frame, 10, seed=4822)["child_id"].tolist()
    assert first.index.is_monotonic_increasing  # in the list's own order
    assert first.attrs["sample"] == {"n": 10, "of": 60, "by": None, "seed": 4821, "shares": {}}
    drawn = audit_sample(frame, 10)  # no seed: one is drawn and recorded
    assert audit_sample(frame, 10, seed=drawn.attrs["sample"]["seed"])["child_id"].tolist() == drawn["child_id"].tolist()


def test_a_stratified_sample_shares_n_in_proportion_to_each_team():
    # sizes 6, 3, 1 and n = 5: quotas 3, 1.5, 0.5 -> 3, 1, 0 and one left over; the remainders
    # tie at 0.5, so it goes to the larger team: 3, 2, 0
    frame = _children({"Alpha": 6, "Bravo": 3, "Charlie": 1})
    sample = audit_sample(frame, 5, by="team", seed=1)
    assert sample["team"].value_counts().to_dict() == {"Alpha": 3, "Bravo": 2}
    assert sample.attrs["sample"]["shares"] == {"Alpha": 3, "Bravo": 2}
    assert "stratified by team (Alpha 3, Bravo 2); seed 1" in sample_note(sample)
    assert len(audit_sample(frame, 50, by="team", seed=1)) == 10  # asked for more than there are: all
    with pytest.raises(ValueError, match="cannot stratify by 'worker'"):
        audit_sample(frame, 5, by="worker")


def test_amounts_on_the_command_line():
    assert [amount_text(a) for a in ("18m", "2y", "90d", "6w", "18 months", 549)] == [
        "18 months", "2 years", "90 days", "6 weeks", "18 months", "549"]
    assert set(COHORT_THRESHOLDS) == set(THRESHOLDS)  # one option per threshold


@pytest.fixture(scope="module")
def council(tmp_path_factory):
    """A demo council large enough to have children on a plan for 18 months or more, prepared
    as a run leaves it."""
    from safeguarding.demo.generator import generate_demo
    from safeguarding.params import params_from_dict
    from safeguarding.periods import parse_period
    from safeguarding.prepare import prepare

    folder = tmp_path_factory.mktemp("lists")
    generate_demo(folder / "data", scale=0.7, seed=2018)
    params = params_from_dict({"council": {"name": "Audit Council", "short_name": "audit"},
                               "inputs": {"folder": str(folder / "data")}})
    prepared_dir = folder / "outputs" / "audit" / "2018-07_2018-12" / "restricted" / "prepared"
    prepare(params, parse_period("2018-07..2018-12"), prepared_dir)
    return folder, prepared_dir


def _sheet(path: Path):
    ws = openpyxl.load_workbook(path).worksheets[0]
    rows = list(ws.iter_rows(values_only=True))
    header = int("".join(ch for ch in ws.freeze_panes if ch.isdigit())) - 2
    return [r[0] for r in rows[:header]], rows[header], rows[header + 1:]


def test_one_command_lists_a_random_10_of_the_children_on_a_plan_for_18_months_or_more(council, capsys, monkeypatch):
    from safeguarding.deepdive import DeepDive

    folder, prepared_dir = council
    monkeypatch.chdir(folder)  # the latest prepared run under ./outputs, as an analyst has it
    monkeypatch.delenv("SAFEGUARDING_PREPARED", raising=False)
    monkeypatch.delenv("SAFEGUARDING_OUTPUTS", raising=False)
    command = ["cohort", "cp_open_2yr_pct", "--cp-open-longer-than", "18m", "--sample", "10", "--seed", "7"]
    assert main(command) == 0
    out = folder / "outputs" / "audit" / "lists" / "cp_open_2yr_pct-sample-10-seed-7.xlsx"
    assert f"RESTRICTED list written to {out}" in capsys.readouterr().out
    dd = DeepDive.load(prepared_dir)
    cohort = dd.cohort("cp_open_2yr_pct", as_at="2018-12-31", cp_open_longer_than="18 months")
    counted = cohort[cohort["in_numerator"]]
    assert len(counted) > 10  # a real sample of the children on a plan 549 days or more
    assert ((pd.Timestamp("2018-12-31") - counted["cpp_start_date"]).dt.days >= 549).all()
    above, header, rows = _sheet(out)
    assert above[0].startswith("RESTRICTED") and "Audit Council - July to December 2018" in above
    assert "Produced by: safeguarding " + " ".join(command) in above
    assert any("seed 7" in str(line) for line in above)
    ids = [r[list(header).index("child_id")] for r in rows]
    assert len(ids) == 10 and set(ids) <= set(counted["child_id"])
    dates = [r[list(header).index("cpp_start_date")] for r in rows]
    assert all(d.hour == 0 and d.minute == 0 for d in dates)  # dates, not datetimes
    # the same seed draws the same children; by team, one sheet per team on request
    again = folder / "again.xlsx"
    assert main(command + ["--out", str(again)]) == 0
    assert [r[0] for r in _sheet(again)[2]] == [r[0] for r in rows]
    teams = folder / "by-team.xlsx"
    assert main(command + ["--by", "team", "--sheets-by", "team", "--out", str(teams)]) == 0
    book = openpyxl.load_workbook(teams)
    assert len(book.sheetnames) > 1 and all(ws["A1"].value.startswith("RESTRICTED") for ws in book.worksheets)


def test_the_command_refuses_what_would_leak_or_means_nothing(council, capsys):
    _, prepared_dir = council
    base = ["cohort", "cp_open_2yr_pct", "--prepared", str(prepared_dir)]
    tracked = ROOT / "audit-list.xlsx"
    if (ROOT / ".git").exists():
        assert main(base + ["--out", str(tracked)]) == 3
        assert not tracked.exists() and "git would track this file" in capsys.readouterr().err
    assert main(base + ["--out", str(prepared_dir.parent / "list.csv")]) == 3
    assert "written as .xlsx workbooks" in capsys.readouterr().err
    assert main(["cohort", "cp_plans_18m", "--prepared", str(prepared_dir)]) == 3
    assert "valid:" in capsys.readouterr().err
    with pytest.raises(SystemExit):
        main(base + ["--as-at", "12/31/2018"])  # month-first is not a UK date
