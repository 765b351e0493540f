"""The committee-paper blocks on a council that supplies none of the optional extracts: each block
says what is missing instead of failing, and the equalities tables use the labelled proxy."""
import pytest

from safeguarding.params import params_from_dict
from safeguarding.periods import parse_period
from safeguarding.prepare import prepare


@pytest.fixture(scope="module")
def bare(tmp_path_factory):
    from safeguarding.demo.generator import generate_demo

    base = tmp_path_factory.mktemp("bare")
    generate_demo(base / "data", scale=0.05, seed=7)
    for name in ("case_audits.csv", "family_feedback.csv", "out_of_hours.csv", "population_by_group.csv"):
        (base / "data" / name).unlink()
    params = params_from_dict({"council": {"la_code": "209"}, "inputs": {"folder": str(base / "data")}})
    return prepare(params, parse_period("2018-07..2018-12"), base / "prepared")


def blocks(data, key, calls, monkeypatch, edition="open"):
    from safeguarding.report import notebook
    from safeguarding.report.sections import BY_KEY

    shown = []
    monkeypatch.setattr(notebook, "_show", lambda markup, commentary=None: shown.append(markup))
    view = notebook.SectionView(BY_KEY[key], data, edition)
    for name, *args in calls:
        getattr(view, name)(*args)
    return "\n".join(shown)


def test_absent_extracts_are_said_not_failed(bare, monkeypatch):
    html = blocks(bare, "quality", [("header",), ("audits",), ("feedback",)], monkeypatch)
    assert "No case_audits.csv was supplied" in html and "No family_feedback.csv was supplied" in html
    ooh = blocks(bare, "out_of_hours", [("header",), ("breakdown_table", "ooh_outcomes_by_timing")], monkeypatch)
    assert "No data were supplied for this section (out_of_hours)" in ooh
    assert any("No out_of_hours.csv was supplied" in n for n in bare.meta["coverage_notes"])


def test_equalities_use_the_labelled_census_proxy_under_every_table(bare, monkeypatch):
    html = blocks(bare, "equalities", [("equalities", "ethnicity_group"), ("equalities", "sex")], monkeypatch)
    assert html.count("Population: a proxy, not a count of children") == 1  # the ethnicity table
    assert "No population by sex was supplied" in html  # sex: counts only
    assert "Relative rate (95% CI)" in html.split("Children by sex")[0]


def test_caseload_never_names_a_worker(bare, monkeypatch):
    html = blocks(bare, "quality", [("caseload",)], monkeypatch)
    workers = set(bare.tables["cin"]["worker"].dropna())
    assert "Children in need by allocated team" in html and not any(w in html for w in workers)


def test_quality_figures_are_published_for_the_period_not_by_month():
    from safeguarding.report.sections import monthly_ids

    assert {"contacts", "ooh_contacts", "lado_contacts"} <= monthly_ids()
    assert not {"qa_audits_good_or_better_pct", "feedback_responses"} & monthly_ids()
