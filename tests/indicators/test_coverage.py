"""What the data can show: the window of each Annex A list, months after the extract date, and
records that cannot be placed in time. Hand-computed answers on small, real-looking extracts."""
import math

import numpy as np
import pandas as pd

from safeguarding.indicators.compute import compute_indicators, list_windows
from safeguarding.params import Params
from safeguarding.periods import parse_period
from safeguarding.quality import DataQualityLog, RuleContext
from safeguarding.rules import validate

from .helpers import compute, make_tables, population, value


def auto(tables, period="2018-07..2018-12", ids=None, extract_date=None):
    """Indicators with the default ``annex_a_data_from: auto`` (what a council's run uses)."""
    return compute_indicators(tables, Params(), parse_period(period), ids=ids, extract_date=extract_date)


def row(frame, indicator_id, month):
    got = frame[(frame["indicator_id"] == indicator_id) & (frame["month"] == month)]
    assert len(got) == 1
    return got.iloc[0]


# A D2I-style six-month Annex A extracted on 31 December 2018: contacts and referrals from
# 2 July 2018 (Monday, the first working day), plus assessments and a CP plan that began years
# earlier and are still open (the SQL includes them on purpose).
def six_month_extract():
    contacts = [{"child_id": c, "contact_date": d, "contact_source": "1A"} for c, d in [
        ("D2I101", "2018-07-02"), ("D2I102", "2018-07-16"), ("D2I103", "2018-08-06"),
        ("D2I104", "2018-09-03"), ("D2I105", "2018-10-01"), ("D2I106", "2018-11-05"),
        ("D2I107", "2018-12-03")]]
    # six referrals, none with an earlier referral in the extract; the List 3 count shows three
    # of them had another referral in the 12 months before (which the extract cannot hold)
    referrals = [{"child_id": c, "referral_date": d, "referral_source": "1A", "referral_nfa": "b) No",
                  "referrals_last_12m": n} for c, d, n in [
        ("D2I101", "2018-07-03", 1), ("D2I102", "2018-07-17", 0), ("D2I103", "2018-08-07", 2),
        ("D2I104", "2018-09-04", 0), ("D2I105", "2018-10-02", 1), ("D2I106", "2018-11-06", 0)]]
    assessments = [{"child_id": c, "assessment_start_date": s, "assessment_auth_date": a}
                   for c, s, a in [("D2I090", "2014-03-10", None), ("D2I091", "2016-11-21", None),
                                   ("D2I101", "2018-07-04", "2018-08-01"),
                                   ("D2I103", "2018-08-08", None)]]
    cp_plans = [{"child_id": "D2I090", "cpp_start_date": "2015-06-01"},
                {"child_id": "D2I103", "cpp_start_date": "2018-09-20"}]
    return make_tables(contacts=contacts, referrals=referrals, assessments=assessments,
                       cp_plans=cp_plans, population=population())


def test_each_list_has_its_own_window_and_old_episodes_never_widen_it():
    windows = list_windows(six_month_extract(), Params().conventions)
    assert windows["contacts"] == pd.Timestamp("2018-07-02")
    assert windows["referrals"] == pd.Timestamp("2018-07-03")
    # List 4 holds an assessment from 2014 and List 7 a plan from 2015: neither moves the window
    assert windows["assessments"] == pd.Timestamp("2018-07-02")
    assert windows["cp_plans"] == pd.Timestamp("2018-07-02")
    assert windows["early_help"] is None  # no List 2 supplied: nothing to mask


def test_six_month_extract_with_old_assessments_shows_na_not_zero_before_its_window():
    out = auto(six_month_extract(), ids=["contacts", "referrals", "assessments_started",
                                         "cp_children", "rereferral_pct"])
    for indicator_id in ("contacts", "referrals", "assessments_started", "cp_children"):
        june = row(out, indicator_id, "2018-06")
        assert june["coverage"] == "none" and math.isnan(june["value"]), indicator_id
    assert row(out, "contacts", "2018-07")["value"] == 2 and row(out, "contacts", "2018-07")["coverage"] == "full"
    assert row(out, "assessments_started", "2018-08")["value"] == 1
    # the CP plan from 2015 is open: it counts in the stock from the window on
    assert row(out, "cp_children", "2018-07")["value"] == 1
    assert row(out, "cp_children", "2018-09")["value"] == 2
    # the previous period (2018-01..2018-06) lies wholly before the window
    assert row(out, "referrals", "2018-01..2018-06")["coverage"] == "none"


def test_re_referrals_use_the_list_3_count_when_list_3_window_is_short():
    """No referral in the extract has an earlier one within 12 months, so history alone gives
    0/6; List 3's own window (from 3 July 2018) cannot reach back 12 months, so the supplied
    count decides: D2I101 (1), D2I103 (2) and D2I105 (1) are re-referrals - 3/6 = 50%."""
    out = auto(six_month_extract(), ids=["rereferral_pct"])
    period = row(out, "rereferral_pct", "2018-07..2018-12")
    assert (period["numerator"], period["denominator"], period["value"]) == (3, 6, 50.0)


def test_a_contact_dated_1900_is_a_finding_and_changes_no_indicator():
    clean = six_month_extract()
    zero_date = {k: v.copy() for k, v in clean.items()}
    extra = make_tables(contacts=[{"child_id": "D2I108", "contact_date": "1900-01-01",
                                   "contact_source": "1A", "source_row": 9}])["contacts"]
    zero_date["contacts"] = pd.concat([clean["contacts"], extra], ignore_index=True)
    log = DataQualityLog()
    cleaned = validate(zero_date, log, RuleContext(extract_date=pd.Timestamp("2018-12-31")))
    findings = log.table()
    floor = findings[findings["rule"] == "AA1-093"]
    assert floor[["column", "value"]].values.tolist() == [["contact_date", "1900-01-01"]]
    assert list_windows(zero_date, Params().conventions)["contacts"] == pd.Timestamp("2018-07-02")
    reference = auto(validate(clean, DataQualityLog(), RuleContext(extract_date=pd.Timestamp("2018-12-31"))))
    pd.testing.assert_frame_equal(auto(cleaned), reference)
    # even unvalidated, the 1900 date never moves a window: every masked month stays masked
    raw = auto(zero_date, ids=["contacts"])
    assert row(raw, "contacts", "2018-06")["coverage"] == "none"


def test_a_mistyped_year_in_a_flow_list_is_a_straggler_not_coverage():
    tables = six_month_extract()
    typo = make_tables(referrals=[{"child_id": "D2I109", "referral_date": "2008-10-02",
                                   "referral_source": "1A"}])["referrals"]
    tables["referrals"] = pd.concat([tables["referrals"], typo], ignore_index=True)
    assert list_windows(tables, Params().conventions)["referrals"] == pd.Timestamp("2018-07-03")


def test_window_starting_part_way_through_a_month_marks_it_partial():
    """A D2I extract run on 15 January 2019 covers six months from 15 July 2018 (a Sunday; the
    first contact is Monday 16 July): July is partial, August full."""
    tables = make_tables(contacts=[{"child_id": "L1", "contact_date": "2018-07-16"},
                                   {"child_id": "L2", "contact_date": "2018-08-01"}])
    out = auto(tables, ids=["contacts"])
    assert row(out, "contacts", "2018-07")["coverage"] == "partial"
    assert row(out, "contacts", "2018-07")["value"] == 1
    assert row(out, "contacts", "2018-08")["coverage"] == "full"
    assert row(out, "contacts", "2018-06")["coverage"] == "none"
    assert row(out, "contacts", "2018-07..2018-12")["coverage"] == "partial"


def test_months_after_the_extract_date_are_unknown_not_zero():
    """Data extracted on 10 January 2019, report for 2019-20 Q1 (April-June 2019): January is
    partial, February onwards unknown - never 0 contacts or a 0% plan rate."""
    tables = make_tables(
        contacts=[{"child_id": "E1", "contact_date": "2018-11-05"}, {"child_id": "E2", "contact_date": "2019-01-07"}],
        cp_plans=[{"child_id": "E1", "cpp_start_date": "2018-11-20"}],
        population=population())
    out = auto(tables, period="2019-20-Q1", ids=["contacts", "cp_children", "cp_rate", "cp_plans_started"],
               extract_date=pd.Timestamp("2019-01-10"))
    assert set(out["coverage"]) <= {"full", "partial", "none"}
    assert row(out, "contacts", "2018-12")[["value", "coverage"]].tolist() == [0, "full"]
    assert row(out, "contacts", "2019-01")[["value", "coverage"]].tolist() == [1, "partial"]
    assert row(out, "cp_children", "2019-01")[["value", "coverage"]].tolist() == [1, "partial"]
    for indicator_id in ("contacts", "cp_children", "cp_rate", "cp_plans_started"):
        for month in ("2019-02", "2019-04", "2019-06", "2019-20-Q1"):
            unknown = row(out, indicator_id, month)
            assert unknown["coverage"] == "none", (indicator_id, month)
            assert unknown[["numerator", "denominator", "value", "lower", "upper"]].isna().all()
    # the year ending March 2019 includes unknown months: n/a, not a total that is too low
    assert row(out, "contacts", "2019")["coverage"] == "none"
    # the previous period (January-March 2019) runs past the extract date: n/a
    assert row(out, "contacts", "2018-19-Q4")["coverage"] == "none"


def test_annex_a_data_from_iso_date_and_none_still_apply():
    tables = six_month_extract()
    params = Params()
    params.conventions.annex_a_data_from = "2018-09-01"
    out = compute_indicators(tables, params, parse_period("2018-07..2018-12"), ids=["contacts"])
    assert row(out, "contacts", "2018-08")["coverage"] == "none"
    assert row(out, "contacts", "2018-09")[["value", "coverage"]].tolist() == [1, "full"]
    out = compute(tables, ids=["contacts"])  # "none": the data are trusted as complete
    assert row(out, "contacts", "2018-06")[["value", "coverage"]].tolist() == [0, "full"]


# ---- records that cannot be placed in time ------------------------------------------------------
def _validated(**frames):
    return validate(make_tables(**frames), DataQualityLog(), RuleContext(extract_date=pd.Timestamp("2018-12-31")))


def test_cp_plan_ending_before_it_starts_is_never_on_a_plan():
    """D2I201's plan: start 12 March 2018, end typed 12 February 2018. It counts as a plan started
    in March but is in no month's stock and no duration; D2I202's plan is open from April."""
    log = DataQualityLog()
    tables = validate(make_tables(cp_plans=[
        {"child_id": "D2I201", "cpp_start_date": "2018-03-12", "cpp_end_date": "2018-02-12"},
        {"child_id": "D2I202", "cpp_start_date": "2018-04-03"}]), log,
        RuleContext(extract_date=pd.Timestamp("2018-12-31")))
    listed = log.table()
    assert listed.loc[listed["rule"] == "AA7-010", "value"].tolist() == ["2018-02-12"]
    out = compute(tables, period="2018-01..2018-12",
                  ids=["cp_children", "cp_plans_started", "cp_plans_ceased", "cp_ceased_2yr_pct_r12"])
    assert [value(out, "cp_children", m) for m in ("2018-03", "2018-04", "2018-12")] == [0, 1, 1]
    assert value(out, "cp_plans_started", "2018-03") == 1
    assert value(out, "cp_plans_ceased", "2018-02") == 1  # an ending it can still support
    assert value(out, "cp_ceased_2yr_pct_r12", "2018-12", "denominator") == 0  # no duration


def test_cin_and_care_episodes_that_cannot_be_placed_are_in_no_stock():
    tables = _validated(
        cin=[{"child_id": "N1", "cin_start_date": "2018-05-14", "cin_closure_date": "2018-04-30"},
             {"child_id": "N2", "cin_start_date": None, "cin_closure_date": "2018-10-01"},
             {"child_id": "N3", "cin_start_date": "2018-06-04"}],
        looked_after=[{"child_id": "N3", "cla_start_date": "2018-06-20", "cla_end_date": "2018-06-01"}])
    out = compute(tables, ids=["cin_open", "cin_open_excl_cp"])
    assert value(out, "cin_open", "2018-07") == 1  # N3 only


def test_young_carer_and_private_fostering_stocks_leave_out_unplaced_records():
    tables = _validated(
        young_carers=[{"yc_ref": "YC1", "child_id": "Y1", "identified_date": "2018-06-11", "end_date": "2018-05-01"},
                      {"yc_ref": "YC2", "child_id": "Y2", "identified_date": "2018-06-12"}],
        pf_arrangements=[{"arrangement_id": "PF1", "child_id": "P1", "notification_date": "2018-06-01",
                          "arrangement_start_date": "2018-06-04", "end_date": "2018-05-04"},
                         {"arrangement_id": "PF2", "child_id": "P2", "notification_date": "2018-06-01",
                          "arrangement_start_date": "2018-06-05"}])
    out = compute(tables, ids=["yc_open", "yc_identified", "pf_open_arrangements"])
    assert value(out, "yc_open", "2018-07") == 1
    assert value(out, "yc_identified", "2018-06") == 2  # the flow keeps it
    assert value(out, "pf_open_arrangements", "2018-07") == 1


def test_rules_list_every_record_that_cannot_be_placed():
    log = DataQualityLog()
    validate(make_tables(
        cin=[{"child_id": "N2", "cin_start_date": None, "cin_closure_date": "2018-10-01"}],
        cp_plans=[{"child_id": "C9", "cpp_start_date": None, "cpp_end_date": "2018-10-01"}],
        looked_after=[{"child_id": "L7", "cla_start_date": "2018-06-20", "cla_end_date": "2018-06-01"},
                      {"child_id": "L8", "cla_start_date": None}],
        young_carers=[{"yc_ref": "YC1", "identified_date": "2018-06-11", "end_date": "2018-05-01"}],
        lado_allegations=[{"lado_ref": "LA1", "date_received": "2018-06-11", "date_concluded": "2018-06-01"}]),
        log, RuleContext(extract_date=pd.Timestamp("2018-12-31")))
    rules = set(log.table()["rule"])
    assert {"AA6-017", "AA7-017", "AA8-010", "AA8-011", "YC-012", "LADO-010"} <= rules


def test_lado_concluded_before_received_has_no_duration():
    from safeguarding.indicators.lado import allegation_frame
    tables = _validated(lado_allegations=[
        {"lado_ref": "LA1", "date_received": "2018-06-11", "date_concluded": "2018-06-01", "threshold_met": "Y"},
        {"lado_ref": "LA2", "date_received": "2018-06-11", "date_concluded": "2018-07-02", "threshold_met": "Y"}])
    days = allegation_frame(tables)["days_to_conclusion"].tolist()
    assert np.isnan(days[0]) and days[1] == 21


def test_short_demo_extract_masks_before_its_window(tmp_path):
    """The demo council extracted on 10 January 2019 with Annex A from 10 July 2018."""
    from safeguarding.demo.generator import generate_demo
    from safeguarding.inputs import extract_date, load_inputs

    generate_demo(tmp_path, scale=0.05, seed=5, start="2018-07-10")
    log = DataQualityLog()
    raw = load_inputs(tmp_path, log)
    extract = extract_date(raw, tmp_path)
    tables = validate(raw, log, RuleContext(extract_date=extract))
    out = auto(tables, period="2018-07..2018-12", ids=["contacts", "referrals", "cp_children"],
               extract_date=extract)
    assert row(out, "contacts", "2018-06")["coverage"] == "none"
    assert row(out, "contacts", "2018-08")["coverage"] == "full" and row(out, "contacts", "2018-08")["value"] > 0


def test_data_quality_section_shows_the_window_found_for_each_list():
    from safeguarding.prepare import COVERAGE_START, coverage_notes

    notes = coverage_notes(six_month_extract(), Params())
    window = [n for n in notes if n.startswith(COVERAGE_START)]
    assert len(window) == 1
    assert ("contacts 2 July 2018; referrals 3 July 2018; assessments 2 July 2018; child protection plans "
            "2 July 2018 (the lists of the council's Ofsted Annex A return).") in window[0]


# ---- a figure's coverage comes from the lists and extracts that feed it --------------------------

def test_no_rows_behind_a_figure_is_na_for_every_indicator():
    """Nothing supplied but the population: every figure of every indicator is unknown, never 0."""
    from safeguarding.indicators.compute import load_definitions
    from safeguarding.indicators.registry import REGISTRY

    load_definitions()
    out = auto(make_tables(population=population()))
    assert set(out["indicator_id"]) == set(REGISTRY)
    assert (out["coverage"] == "none").all(), out.loc[out["coverage"] != "none", "indicator_id"].unique()
    assert out[["numerator", "denominator", "value"]].isna().all().all()


def test_empty_list_3_makes_contact_conversion_na_not_zero():
    """One contact in July and no List 3: 'progressing to referral' cannot be known (not 0 of 1)."""
    tables = make_tables(contacts=[{"child_id": "K1", "contact_date": "2018-07-02"}])
    out = auto(tables, ids=["contacts", "contacts_to_referral", "contacts_to_referral_pct", "referrals"])
    assert row(out, "contacts", "2018-07")[["value", "coverage"]].tolist() == [1, "full"]
    for indicator_id in ("contacts_to_referral", "contacts_to_referral_pct", "referrals"):
        july = row(out, indicator_id, "2018-07")
        assert july["coverage"] == "none" and math.isnan(july["value"]) and math.isnan(july["denominator"])



def test_a_figure_whose_list_holds_no_rows_is_not_computed(monkeypatch):
    """Every row of such a figure is n/a whatever it would count, so its function is never run."""
    from safeguarding.indicators import base

    def must_not_run(ctx, start, end):
        raise AssertionError("computed over an empty list")

    monkeypatch.setitem(base.COMPUTE, "referrals", must_not_run)
    tables = make_tables(contacts=[{"child_id": "K1", "contact_date": "2018-07-02"}])
    out = auto(tables, ids=["contacts", "referrals"])
    assert row(out, "contacts", "2018-07")["value"] == 1
    referrals = out[out["indicator_id"] == "referrals"]
    assert (referrals["coverage"] == "none").all()
    assert referrals[["numerator", "denominator", "value", "lower", "upper"]].isna().all().all()

def _local_extracts_from_september():
    """Local extracts whose first events are in September 2018 (no declared start)."""
    return dict(
        contacts=[{"child_id": "K1", "contact_date": "2018-07-02"}],
        cp_plans=[{"child_id": "K1", "cpp_start_date": "2018-07-16"}],
        lado_allegations=[{"lado_ref": "L1", "date_received": "2018-09-12", "threshold_met": "Y",
                           "date_concluded": "2018-10-01"}],
        pf_arrangements=[{"arrangement_id": "P1", "child_id": "P1", "notification_date": "2018-09-20",
                          "notification_type": "EXISTING", "initial_visit_date": "2018-09-24"}],
        pf_visits=[{"arrangement_id": "P1", "visit_date": "2018-09-24", "visit_type": "INITIAL", "child_seen": "Y"}],
        young_carers=[{"yc_ref": "Y1", "child_id": "Y1", "identified_date": "2018-09-03"}],
        pre_proceedings=[{"prep_table_id": "R1", "prep_person_id": "R1", "prep_plo_family_id": "F1",
                          "prep_pre_pro_decision_date": "2018-09-05"}],
        case_activity=[{"child_id": "K1", "activity_type": "CORE_GROUP", "activity_date": "2018-09-07"}],
        population=population())


LOCAL_IDS = ["lado_contacts", "lado_concluded_1m_pct", "pf_notifications", "pf_open_arrangements",
             "pf_initial_visit_in_time_pct", "yc_identified", "yc_open", "pre_proceedings_started",
             "pre_proceedings_open", "care_applications", "core_group_in_timescale_pct"]


def test_months_before_a_local_extract_starts_are_na_with_coverage_none():
    """Before September each local extract holds nothing: n/a, never 0 with coverage full."""
    from safeguarding.indicators.registry import REGISTRY

    out = auto(make_tables(**_local_extracts_from_september()), ids=LOCAL_IDS,
               extract_date=pd.Timestamp("2018-12-31"))
    for indicator_id in LOCAL_IDS:
        for month in ("2018-07", "2018-08"):
            before = row(out, indicator_id, month)
            assert before["coverage"] == "none" and math.isnan(before["value"]), (indicator_id, month)
        if REGISTRY[indicator_id].aggregation != "end":  # a stock's period figure is its December value
            assert row(out, indicator_id, "2018-07..2018-12")["coverage"] == "none", indicator_id
        assert row(out, indicator_id, "2018-10")["coverage"] == "full", indicator_id
    assert row(out, "lado_contacts", "2018-09")[["value", "coverage"]].tolist() == [1, "full"]
    assert row(out, "yc_identified", "2018-10")[["value", "coverage"]].tolist() == [0, "full"]


def test_a_declared_local_start_overrides_the_first_event():
    """conventions.local_data_from: the LADO register is complete from April 2018, so July is 0
    (nothing received), not unknown; the other extracts keep their own start."""
    params = Params()
    params.conventions.local_data_from = {"lado_allegations": "2018-04-01"}
    out = compute_indicators(make_tables(**_local_extracts_from_september()), params,
                             parse_period("2018-07..2018-12"), ids=["lado_contacts", "yc_identified"])
    assert row(out, "lado_contacts", "2018-07")[["value", "coverage"]].tolist() == [0, "full"]
    assert row(out, "lado_contacts", "2018-03")["coverage"] == "none"
    assert row(out, "yc_identified", "2018-07")["coverage"] == "none"


def test_a_sparse_list_8_blanks_no_month_its_cin_plan_measures_can_show():
    """A six-month extract from 2 July: List 8's only episode starts in September. List 8 holds
    every care episode open in the extract's window, so it covers July and August as Lists 6, 7
    and the case activity do: the CIN-plan measures are shown there, and September is full."""
    tables = make_tables(
        contacts=[{"child_id": "N1", "contact_date": "2018-07-02"}],
        cin=[{"child_id": "N1", "cin_start_date": "2018-03-05"}, {"child_id": "N2", "cin_start_date": "2018-04-09"}],
        cp_plans=[{"child_id": "N3", "cpp_start_date": "2018-05-14"}],
        looked_after=[{"child_id": "N2", "cla_start_date": "2018-09-17"}],
        case_activity=[{"child_id": c, "activity_type": "CIN_VISIT", "activity_date": d}
                       for c, d in [("N1", "2018-07-20"), ("N2", "2018-07-23"), ("N1", "2018-08-24"),
                                    ("N2", "2018-08-20"), ("N1", "2018-09-21")]],
        population=population())
    assert list_windows(tables, Params().conventions)["looked_after"] == pd.Timestamp("2018-07-02")
    out = auto(tables, ids=["cin_visits_in_timescale_pct"], extract_date=pd.Timestamp("2018-12-31"))
    # 31 July: N1 (seen 20 Jul, 9 working days) and N2 (23 Jul, 6) on a CIN plan, both in time;
    # 31 August: N1 (24 Aug, 4; 27 Aug is a bank holiday) and N2 (20 Aug, 8): 2 of 2;
    # 30 September: N2 is looked after from 17 Sep; N1 seen 21 Sep (7): 1 of 1
    for month, counts in [("2018-07", (2, 2)), ("2018-08", (2, 2)), ("2018-09", (1, 1))]:
        shown = row(out, "cin_visits_in_timescale_pct", month)
        assert shown["coverage"] == "full", month
        assert (shown["numerator"], shown["denominator"]) == counts, month


def test_a_list_used_only_to_exclude_or_as_a_fallback_never_blanks_a_figure():
    """No List 8 and no case activity: the CIN-plan visit measure still has List 6's last-seen
    date for the extract month; cin_open_excl_cp needs no List 7 rows to be known."""
    tables = make_tables(
        contacts=[{"child_id": "N1", "contact_date": "2018-07-02"}],
        cin=[{"child_id": "N1", "cin_start_date": "2018-03-05", "last_seen_date": "2018-12-20"}],
        population=population())
    out = auto(tables, ids=["cin_visits_in_timescale_pct", "cin_open_excl_cp", "cin_reviews_in_timescale_pct"],
               extract_date=pd.Timestamp("2018-12-31"))
    assert row(out, "cin_open_excl_cp", "2018-12")[["value", "coverage"]].tolist() == [1, "full"]
    assert row(out, "cin_visits_in_timescale_pct", "2018-12")[["value", "coverage"]].tolist() == [100, "full"]
    # reviews need CIN_REVIEW events: without any case activity the measure is unknown
    assert row(out, "cin_reviews_in_timescale_pct", "2018-12")["coverage"] == "none"


def test_every_local_extract_with_a_window_can_be_declared():
    from safeguarding.history import LOCAL_EVENT_DATES
    from safeguarding.params import LOCAL_WINDOWED
    from safeguarding.schema import LOCAL_TABLES

    assert set(LOCAL_WINDOWED) == set(LOCAL_EVENT_DATES)
    for extract, columns in LOCAL_EVENT_DATES.items():
        assert all(LOCAL_TABLES[extract][c] == "date" for c in columns), extract


def test_every_local_extract_has_a_plain_label_for_the_coverage_note():
    # a local extract added to the schema without a label stopped every run at prepare
    from safeguarding.prepare import LOCAL_LABELS
    from safeguarding.schema import LOCAL_EVENT_DATES

    assert set(LOCAL_EVENT_DATES) <= set(LOCAL_LABELS)
