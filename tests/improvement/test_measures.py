"""Measures table: latest value from the indicator library, RAG, direction of travel, and
flagging of supplied ratings that disagree. Expected values worked out by hand below."""
import numpy as np
import pandas as pd
import pytest

from safeguarding import improvement as ip
from safeguarding.improvement import rating
from safeguarding.params import Params, Target

from .conftest import PERIOD

MCOLS = ["measure_id", "action_ref", "area", "measure_type", "measure", "indicator_id", "unit",
         "polarity", "baseline_value", "baseline_period", "target_value", "latest_value",
         "latest_period", "previous_value", "tolerance_type", "amber_band", "rag",
         "direction_of_travel"]
nan = np.nan

MEASURES = pd.DataFrame([
    # M1: from the indicator library; supplied latest 50 is superseded
    ("M1", "1.1", None, "KPI", "Contacts progressing to referral", "contacts_to_referral_pct",
     "percent", "high", 20.0, "2018-03", 30.0, 50.0, "old", nan, "absolute", 5.0, None, None),
    # M2: low is better, 26 vs target 20, band 5 -> 6 beyond -> RED; +0.5pp -> NO_CHANGE; supplied Amber
    ("M2", "2.1", "Assessment", "KPI", "Re-referrals within 12 months", None, "percent", "low",
     22.0, "2018-03", 20.0, 26.0, "2018-12", 25.5, "absolute", 5.0, "Amber", None),
    # M3: on target -> GREEN; +10pp -> IMPROVING (supplied agrees)
    ("M3", "2.2", "Assessment", "QUALITY", "Audits rated good or better", None, "percent", "high",
     60.0, "2018-03", 90.0, 90.0, "Q3", 80.0, None, 10.0, "green", "Improving"),
    # M4: no target -> GREY; 3.0 -> 3.5 is +16.7 % -> IMPROVING
    ("M4", None, "Leadership", "FEEDBACK", "Staff say feedback on performance is helpful", None,
     "score", "high", 3.0, "2018", nan, 3.5, "2018", 3.0, None, nan, None, None),
    # M5: count, low, target 56, relative 10 % -> band 5.6; 62 is 6 above -> RED;
    #     66 -> 62 is -6.1 % (beyond 5 %) and lower is better -> IMPROVING; supplied WORSENING
    ("M5", "3.1", None, "KPI", "Children subject of a CP plan", None, "count", "low", 66.0, "2018-03",
     56.0, 62.0, "2018-12", 66.0, "relative", 0.1, "Red", "Worsening"),
    # M6: indicator not in the library and no supplied value -> GREY, NOT_APPLICABLE
    ("M6", "1.2", None, "KPI", "Not yet computed", "not_an_indicator", "percent", "high", 40.0,
     "2018-03", 50.0, nan, None, nan, None, nan, None, None),
], columns=MCOLS)

# contacts_to_referral_pct monthly values; 2019-01 is after the period and must be ignored.
INDICATORS = pd.DataFrame({
    "indicator_id": ["contacts_to_referral_pct"] * 7 + ["other"],
    "period_type": ["month"] * 8,
    "month": ["2018-07", "2018-08", "2018-09", "2018-10", "2018-11", "2018-12", "2019-01", "2018-12"],
    "value": [22.0, 23.0, 24.0, 25.0, 26.0, 27.0, 99.0, 1.0],
})


@pytest.fixture
def table(actions):
    return ip.measures_table(MEASURES, INDICATORS, period=PERIOD, actions=actions)


def test_order_and_areas(table):
    # plan area order (Front door, Assessment, Leadership), then KPI/QUALITY/FEEDBACK, then ref
    assert list(table["measure_id"]) == ["M1", "M6", "M2", "M3", "M5", "M4"]
    t = table.set_index("measure_id")
    assert t.loc["M1", "area"] == "Front door" and t.loc["M5", "area"] == "Leadership"


def test_latest_from_indicator_library(table):
    m1 = table.set_index("measure_id").loc["M1"]
    # latest month up to Dec 2018 = 27.0; previous = 3 months earlier (Q3 has 3 months) = 24.0
    assert (m1["latest_value"], m1["latest_period"]) == (27.0, "2018-12")
    assert (m1["previous_value"], m1["previous_period"]) == (24.0, "2018-09")
    assert m1["value_source"] == "indicator"
    # 27 vs target 30, absolute band 5 -> 3 short -> AMBER; +3pp -> IMPROVING
    assert (m1["rag"], m1["direction_of_travel"]) == ("AMBER", "IMPROVING")


def test_rag_direction_and_disagreements(table):
    t = table.set_index("measure_id")
    assert t["rag"].to_dict() == {"M1": "AMBER", "M6": "GREY", "M2": "RED", "M3": "GREEN",
                                  "M5": "RED", "M4": "GREY"}
    assert t["direction_of_travel"].to_dict() == {
        "M1": "IMPROVING", "M6": "NOT_APPLICABLE", "M2": "NO_CHANGE", "M3": "IMPROVING",
        "M5": "IMPROVING", "M4": "IMPROVING"}
    assert t["disagrees"].to_dict() == {"M1": False, "M6": False, "M2": True, "M3": False,
                                        "M5": True, "M4": False}
    assert t.loc["M2", "disagreement"] == "RAG supplied AMBER, computed RED"
    assert t.loc["M2", "rag_supplied"] == "AMBER" and t.loc["M2", "rag"] == "RED"  # not overwritten
    assert t.loc["M5", "disagreement"] == "direction supplied WORSENING, computed IMPROVING"
    assert t.loc["M6", "value_source"] == "none (indicator has no value)"
    assert t.loc["M2", "change"] == pytest.approx(0.5)


def test_period_as_date_pair(actions):
    t = ip.measures_table(MEASURES, INDICATORS, period=("2018-10-01", "2018-12-31"), actions=actions)
    m1 = t.set_index("measure_id").loc["M1"]
    assert (m1["latest_value"], m1["previous_value"]) == (27.0, 24.0)


def test_without_indicators_uses_supplied_values(actions):
    t = ip.measures_table(MEASURES, None, actions=actions).set_index("measure_id")
    assert t.loc["M1", "latest_value"] == 50.0 and t.loc["M1", "value_source"] == "supplied"
    assert t.loc["M1", "rag"] == "GREEN"  # 50 >= 30


def test_params_target_fills_missing_target():
    m = MEASURES.loc[MEASURES["measure_id"] == "M1"].assign(target_value=nan, tolerance_type=None,
                                                            amber_band=nan)
    params = Params(targets={"contacts_to_referral_pct": Target(target=28.0, amber_band=0.5)})
    t = ip.measures_table(m, INDICATORS, params, period=PERIOD)
    assert t.loc[0, "target_value"] == 28.0 and t.loc[0, "rag"] == "RED"  # 27 is 1 below, band 0.5


def test_the_reports_target_is_the_measures_target():
    # the demo's re-referrals: the plan says 16 %, the report's targets 18 % (IP-010 names it);
    # the plan table shows and rates by the report's, the one the section rates against
    params = Params(targets={"contacts_to_referral_pct": Target(target=28.0, amber_band=0.5)})
    t = ip.measures_table(MEASURES.iloc[[0]], INDICATORS, params, period=PERIOD)
    assert (t.loc[0, "target_value"], t.loc[0, "target_source"]) == (28.0, "params")
    assert t.loc[0, "rag"] == "RED"  # 27 vs 28 with the report's band 0.5, not the plan's 30 and 5
    labelled = Params(targets={"contacts_to_referral_pct": Target(label="Under review")})
    t = ip.measures_table(MEASURES.iloc[[0]], INDICATORS, labelled, period=PERIOD)
    assert pd.isna(t.loc[0, "target_value"]) and t.loc[0, "target_label"] == "Under review"
    assert t.loc[0, "rag"] == "GREY"
    # no target in params: the plan's own
    t = ip.measures_table(MEASURES.iloc[[0]], INDICATORS, Params(), period=PERIOD)
    assert (t.loc[0, "target_value"], t.loc[0, "target_source"]) == (30.0, "measure")


def test_latest_is_the_latest_whole_month_and_a_hidden_one_stays_hidden():
    # the open view: December hidden by disclosure control, January a part month
    ind = pd.DataFrame({
        "indicator_id": "contacts_to_referral_pct", "period_type": "month",
        "month": ["2018-09", "2018-10", "2018-11", "2018-12", "2019-01"],
        "value": [24.0, 25.0, 26.0, nan, 31.0], "suppressed": [False, False, False, True, False],
        "coverage": ["full", "full", "full", "full", "partial"]})
    period = ("2018-10-01", "2019-01-31")
    t = ip.measures_table(MEASURES.iloc[[0]], ind, period=period).iloc[0]
    # December is the latest whole month; it is hidden, so it shows as hidden - never as
    # November's 26.0 - and is neither rated nor compared
    assert (t["latest_period"], bool(t["latest_hidden"])) == ("2018-12", True)
    assert pd.isna(t["latest_value"]) and t["value_source"] == "indicator"
    assert (t["rag"], t["direction_of_travel"]) == ("GREY", "NOT_APPLICABLE")
    html = ip.measures_html(ip.measures_table(MEASURES.iloc[[0]], ind, period=period), symbol="c",
                            period="2018-10..2019-01")
    assert '<span data-indicator="contacts_to_referral_pct" data-period="2018-12">c</span>' in html
    assert "(December 2018)" in html  # the month in words
    # shown, December is the latest: January's part month (31.0) is not taken for it
    shown = ind.assign(suppressed=False, value=[24.0, 25.0, 26.0, 27.0, 31.0])
    t = ip.measures_table(MEASURES.iloc[[0]], shown, period=period).iloc[0]
    assert (t["latest_period"], t["latest_value"]) == ("2018-12", 27.0)


def test_measures_html_marks_the_reports_figures():
    params = Params(targets={"contacts_to_referral_pct": Target(target=28.0)})
    t = ip.measures_table(MEASURES.iloc[[0, 1]], INDICATORS, params, period=PERIOD)
    html = ip.measures_html(t, period="2018-19-Q3")
    from safeguarding.present.provenance import page_figures

    shown = {f.key: f.text for f in page_figures(html)}
    assert shown[("contacts_to_referral_pct", "2018-19-Q3", "target")] == "28.0%"  # as the section prints it
    assert shown[("contacts_to_referral_pct", "2018-12", "value")] == "27.0%"
    # a measure of the plan's own is the plan table's figure, not an indicator's
    assert shown[("improvement_measures", "2018-19-Q3", "M2", "latest")] == "26.0%"


def test_small_denominator_is_not_rated_red():
    ind = INDICATORS.assign(denominator=6)
    t = ip.measures_table(MEASURES.iloc[[0]].assign(target_value=40.0), ind, period=PERIOD)
    assert t.loc[0, "rag"] == "GREY"  # would be RED (27 vs 40) but only 6 cases


def test_measure_rag_counts(table):
    c = ip.measure_rag_counts(table)
    assert c.loc["KPI"].tolist() == [0, 1, 2, 1]  # GREEN, AMBER, RED, GREY
    assert c.loc["QUALITY"].tolist() == [1, 0, 0, 0]
    assert c.loc["FEEDBACK"].tolist() == [0, 0, 0, 1]


def test_empty_measures():
    assert ip.measures_table(pd.DataFrame(columns=MCOLS)).empty


# ---- the local rating rules -------------------------------------------------------------------
@pytest.mark.parametrize("value,target,polarity,kw,expected", [
    (65, 65, "high", {}, "GREEN"),
    (60, 65, "high", {}, "AMBER"),            # exactly at the edge of the 5-point band
    (59.9, 65, "high", {}, "RED"),
    (10, 10, "low", {}, "GREEN"),
    (91, 100, "high", {"tolerance_type": "relative", "amber_band": 10}, "AMBER"),  # 10 read as 10 %
    (89, 100, "high", {"tolerance_type": "relative", "amber_band": 0.1}, "RED"),
    (50, None, "high", {}, "GREY"),
    (None, 50, "high", {}, "GREY"),
    (50, 60, "none", {}, "GREY"),
    (40, 60, "Increase", {}, "RED"),
    (40, 60, "high", {"lower": 30, "upper": 65}, "AMBER"),  # interval includes the target: not red
    (40, 60, "high", {"denominator": 8}, "GREY"),           # low numbers
    (70, 60, "high", {"denominator": 8}, "GREY"),
])
def test_rag(value, target, polarity, kw, expected):
    assert rating.rag(value, target, polarity, **kw) == expected
    assert rating._local_rag(value, target, polarity, **kw) == expected  # fallback agrees


@pytest.mark.parametrize("latest,previous,polarity,unit,expected", [
    (50.0, 49.2, "high", "percent", "NO_CHANGE"),   # 0.8 pp < 1 pp
    (50.0, 49.0, "high", "percent", "IMPROVING"),
    (50.0, 49.0, "low", "percent", "WORSENING"),
    (104, 100, "low", "count", "NO_CHANGE"),         # 4 % < 5 %
    (94, 100, "low", "count", "IMPROVING"),
    (1, 0, "high", "count", "IMPROVING"),
    (5, None, "high", "count", "NOT_APPLICABLE"),
    (5, 3, "none", "count", "NOT_APPLICABLE"),
])
def test_direction(latest, previous, polarity, unit, expected):
    assert rating.direction(latest, previous, polarity, unit) == expected
