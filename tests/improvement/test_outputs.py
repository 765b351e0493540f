"""Charts and HTML fragments."""
import pandas as pd
from matplotlib.figure import Figure

from safeguarding import improvement as ip

from .conftest import PERIOD, REPORT_DATE


def test_plan_status_chart(actions):
    counts = ip.status_by_area(actions)
    fig = ip.plan_status_chart(counts)
    assert isinstance(fig, Figure)
    ax = fig.axes[0]
    assert len(ax.patches) == 3 * 4  # 3 areas x 4 statuses
    pos = {t.get_text(): y for t, y in zip(ax.get_yticklabels(), ax.get_yticks())}
    assert pos["Front door"] > pos["Assessment"] > pos["Leadership"]  # first area at the top
    assert "n = 10" in ax.get_title(loc="left")
    labels = [t.get_text() for t in fig.legends[0].get_texts()]
    assert labels[0] == "Blue - Completed" and labels[-1].startswith("Red")
    texts = [t.get_text() for t in ax.texts]
    assert texts.count("4") == 1 and "2" in texts  # Front door total 4, its 2 blue


def test_overall_status_chart(actions):
    fig = ip.overall_status_chart(ip.status_counts(actions))
    title = fig.axes[0].get_title(loc="left")
    assert "n = 10" in title and "2 red" in title
    assert "4 (40%)" in [t.get_text() for t in fig.axes[0].texts]


def test_charts_with_no_actions():
    empty = pd.DataFrame({"area": [], "status": []})
    assert isinstance(ip.plan_status_chart(ip.status_by_area(empty)), Figure)
    assert isinstance(ip.overall_status_chart(ip.status_counts(empty)), Figure)


def test_html_fragments(actions, previous_actions):
    html = ip.status_counts_html(ip.status_counts(actions), summary="10 actions & more")
    assert 'class="status status-red"' in html and ">20%<" in html and "Total" in html
    assert html.startswith('<p class="ip-summary">10 actions &amp; more</p>')
    assert ip.due_vs_completed_html(ip.due_vs_completed(actions, PERIOD)).startswith('<table class="ip-table ip-dashboard"')
    assert "Ongoing within deadline" in ip.plan_dashboard_html(ip.plan_dashboard(actions, REPORT_DATE))
    dash = ip.dashboard_html(ip.due_vs_completed(actions, PERIOD))
    assert "Actions due for completion this period" in dash and "not recorded" not in dash
    over = ip.overdue_html(ip.overdue_actions(actions, REPORT_DATE))
    assert over.count("<tr>") == 3 + 1 and "31 Aug 2018" in over
    rev = ip.revisions_html(ip.deadline_revisions(actions))
    assert "28 Feb 2019" in rev and "Linked to MASH go-live" in rev
    lst = ip.actions_html(ip.action_list(actions))
    assert lst.count('class="ip-group"') == 3 and "Go-live moved to January." in lst
    assert "Go-live moved" not in ip.actions_html(ip.action_list(actions), include_progress=False)
    ch = ip.changes_html(ip.changes_since(previous_actions, actions))
    assert "(worsened)" in ch and "Removed from the plan" in ch


def test_measures_html_classes_and_arrows():
    t = pd.DataFrame([{
        "measure_id": "M1", "area": "A & B", "action_ref": "1", "measure_type": "KPI",
        "measure": "Visits <in time>", "indicator_id": "", "unit": "percent", "polarity": "high",
        "baseline_value": 50.0, "baseline_period": "2018", "target_value": 60.0, "target_date": pd.NaT,
        "latest_value": 55.0, "latest_period": "2018-12", "previous_value": 52.0, "previous_period": "",
        "value_source": "supplied", "change": 3.0, "rag": "AMBER", "direction_of_travel": "IMPROVING",
        "rag_supplied": "RED", "direction_supplied": "", "disagrees": True,
        "disagreement": "RAG supplied RED, computed AMBER", "source": ""}])
    html = ip.measures_html(t)
    assert 'class="rag rag-amber"' in html and "dot-improving" in html and "\u2191" in html
    assert "Visits &lt;in time&gt;" in html and "A &amp; B" in html  # escaped
    assert "RAG supplied RED, computed AMBER" in html and "55.0%" in html
    t2 = t.assign(rag="GREY", direction_of_travel="WORSENING", change=-2.0)
    h2 = ip.measures_html(t2)
    assert "rag-grey" in h2 and "dot-worsening" in h2 and "\u2193" in h2


def test_empty_html_messages():
    assert "ip-empty" in ip.overdue_html(pd.DataFrame())
    assert "ip-empty" in ip.measures_html(pd.DataFrame())
    assert "No changes" in ip.changes_html(pd.DataFrame())


def test_completion_scale_chart_colours():
    from matplotlib.colors import to_hex

    from safeguarding.params import ImprovementPlan, Params
    params = Params(improvement_plan=ImprovementPlan(scale="COMPLETION"))
    df = pd.DataFrame({"action_ref": ["1", "2", "3"], "area": ["A", "A", "B"],
                       "status": ["Completed", "Not completed", "Ongoing"]})
    counts = ip.status_by_area(df, params)
    assert list(counts.columns) == ["COMPLETED", "ONGOING", "NOT_COMPLETED"]
    fig = ip.plan_status_chart(counts, params)
    colours = {to_hex(p.get_facecolor()) for p in fig.axes[0].patches}
    scheme = ip.status_scheme(params)
    assert colours == {scheme.colour(c) for c in scheme.codes}


def test_measure_periods_print_in_words_and_financial_years_as_written():
    from safeguarding.improvement.html import fmt_period

    assert [fmt_period(p) for p in ["2018-06-30", "2018-12", "2017-18", "2011-12", "2018-19 Q3", None,
                                    "2018-07..2018-12"]] == [
        "30 Jun 2018", "December 2018", "2017-18", "2011-12", "2018-19 Q3", "", "July to December 2018"]
