"""The runner: ordering, actions, accounts, catalogue."""

from safeguarding import rules
from safeguarding.quality import RULES, DataQualityLog, RuleContext

from .rules_testkit import EXTRACT, make


def test_every_rule_has_a_test_reference_and_valid_attributes():
    cat = rules.list_rules()
    assert cat["code"].is_unique
    assert set(cat["action"]) <= {"report", "blank", "drop"}
    assert set(cat["severity"]) <= {"error", "warning", "info"}
    assert {"AA4-010", "AA5-010", "AA7-010", "AA6-011", "LADO-010", "PF-012", "POP-010"} <= set(cat["code"])
    assert cat.set_index("code").loc["AA4-010", "cin_equivalent"] == "8608"


def test_improvement_plan_rules_auto_imported():
    # rules/improvement_plan.py (another engineer's module) is picked up by pkgutil
    assert any(c.__module__.endswith("improvement_plan") for c in RULES.values())


def test_validate_applies_drop_then_blank_and_counts():
    cp = make("cp_plans", [
        {"child_id": "C1", "cpp_start_date": "2018-07-10", "cpp_end_date": "2018-07-01"},  # listed
        {"child_id": "C1", "cpp_start_date": "2018-07-10", "cpp_end_date": "2018-07-01"},  # duplicate -> drop
        {"child_id": "C2", "cpp_start_date": "2018-07-10", "latest_review_date": "2018-07-10",
         "cpp_end_date": "2018-07-01"}])  # listed; review blanked
    log = DataQualityLog()
    tables = {"cp_plans": cp}
    out = rules.validate(tables, log, RuleContext(EXTRACT))
    res = out["cp_plans"]
    assert res["source_row"].tolist() == [2, 4]
    assert res["cpp_end_date"].notna().all() and res["latest_review_date"].isna().all()
    acc = log.account("cp_plans")
    assert (acc.rows_excluded, acc.rows_with_blanked_fields) == (1, 1)
    f = log.table()
    assert f.loc[f.rule == "AA7-002", "row"].tolist() == [3]
    # the dropped duplicate raises no further finding
    assert sorted(f.loc[f.rule == "AA7-010", "row"].tolist()) == [2, 4]
    # input tables untouched
    assert tables["cp_plans"]["cpp_end_date"].notna().all()


def test_validate_findings_carry_provenance():
    df = make("s47", [{"child_id": "C1", "s47_start_date": "2018-07-10", "icpc_date": "2018-07-09"}])
    log = DataQualityLog()
    rules.validate({"s47": df}, log, RuleContext(EXTRACT), only=["AA5-010"])
    f = log.table()
    assert f.iloc[0][["table", "file", "sheet", "row", "column", "value", "rule", "severity", "action"]].tolist() == \
        ["s47", "f.xlsx", "s47", 2, "icpc_date", "2018-07-09", "AA5-010", "error", "blank"]


def test_write_catalogue(tmp_path):
    p = tmp_path / "rules.md"
    rules.write_catalogue(p)
    text = p.read_text()
    assert "| AA4-010 | assessments | error | blank | assessment_auth_date |" in text
    assert "| READ-NOID |" in text
