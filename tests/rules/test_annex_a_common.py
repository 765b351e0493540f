"""Rules generated for every Annex A list (AA<n>-001/002/003/090/091/092)."""
import pandas as pd
import pytest

from safeguarding.inputs.annex_a import DEDUP_KEYS
from safeguarding.schema import LIST_TABLES

from .rules_testkit import failing_rows, make, run

START = {"contacts": "contact_date", "early_help": "eh_start_date", "referrals": "referral_date",
         "assessments": "assessment_start_date", "s47": "s47_start_date", "cin": "cin_start_date",
         "cp_plans": "cpp_start_date", "looked_after": "cla_start_date"}
LISTS = list(LIST_TABLES.items())


@pytest.mark.parametrize("n,table", LISTS)
def test_child_id_longer_than_20(n, table):
    df = make(table, [{"child_id": "A" * 20}, {"child_id": "A" * 21}])
    out, f, _ = run(f"AA{n}-001", {table: df})
    assert failing_rows(f) == [3]
    assert f["rule"].tolist() == [f"AA{n}-001"] and f["action"].tolist() == ["report"]
    assert len(out[table]) == 2


@pytest.mark.parametrize("n,table", LISTS)
def test_child_id_not_alphanumeric(n, table):
    df = make(table, [{"child_id": "AB12"}, {"child_id": "AB-12"}, {"child_id": "AB 12"}])
    _, f, _ = run(f"AA{n}-003", {table: df})
    assert failing_rows(f) == [3, 4]


@pytest.mark.parametrize("n,table", LISTS[1:])  # List 1 reports instead: test below
def test_duplicate_key_within_extract_dropped(n, table):
    key = {k: "X" for k in DEDUP_KEYS[table]}
    key["child_id"] = "C1"
    key[START[table]] = "2018-07-02"
    rows = [dict(key), dict(key), dict(key, child_id="C2")]
    df = make(table, rows)
    out, f, log = run(f"AA{n}-002", {table: df})
    assert failing_rows(f) == [3]
    assert out[table]["source_row"].tolist() == [2, 4]
    assert log.account(table).rows_excluded == 1


@pytest.mark.parametrize("n,table", LISTS)
def test_dates_after_extract_date_blanked(n, table):
    start = START[table]
    df = make(table, [{"child_id": "C1", start: "2018-12-31"}, {"child_id": "C2", start: "2019-01-01"}])
    out, f, log = run(f"AA{n}-090", {table: df})
    assert f[["row", "column", "value"]].values.tolist() == [[3, start, "2019-01-01"]]
    assert out[table][start].tolist()[0] == pd.Timestamp("2018-12-31") and pd.isna(out[table][start][1])
    assert log.account(table).rows_with_blanked_fields == 1


@pytest.mark.parametrize("n,table", LISTS)
def test_dob_after_extract_date_blanked(n, table):
    df = make(table, [{"child_id": "C1", "date_of_birth": "2018-12-31"},
                      {"child_id": "C2", "date_of_birth": "2019-02-01"}])
    out, f, _ = run(f"AA{n}-091", {table: df})
    assert failing_rows(f) == [3] and f["column"].tolist() == ["date_of_birth"]
    assert pd.isna(out[table]["date_of_birth"][1])


@pytest.mark.parametrize("n,table", LISTS)
def test_older_than_25(n, table):
    df = make(table, [{"child_id": "C1", "date_of_birth": "1993-01-01"},  # 25 on 31/12/2018
                      {"child_id": "C2", "date_of_birth": "1992-12-31"},  # 26
                      {"child_id": "C3", "age": 26.0},  # no DOB: supplied age used
                      {"child_id": "C4", "age": 25.0}])
    _, f, _ = run(f"AA{n}-092", {table: df})
    assert failing_rows(f) == [3, 4]


def test_contacts_duplicate_key_reported_not_dropped():
    row = {"child_id": "C1", "contact_date": "2018-07-02", "contact_source": "6"}
    df = make("contacts", [row, row, dict(row, contact_source="1A")])
    out, f, log = run("AA1-002", {"contacts": df})
    assert failing_rows(f) == [3] and f["action"].tolist() == ["report"]
    assert len(out["contacts"]) == 3 and log.account("contacts").rows_excluded == 0
