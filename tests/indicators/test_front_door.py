"""Front door indicators on hand-built fixtures. Expected answers are worked out by hand in the
comments; nothing is recomputed with the code under test."""
from __future__ import annotations

import math

import pytest

from .helpers import complete_history_params, compute, make_tables, population, value


def run(tables, ids, period="2018-07..2018-12", **conventions):
    params = complete_history_params()
    for key, val in conventions.items():
        setattr(params.conventions, key, val)
    return compute(tables, period=period, ids=ids, params=params)


def contact(child, date, source="6", decision=None):
    return {"child_id": child, "contact_date": date, "contact_source": source,
            "contact_decision_date": decision}


def referral(child, date, nfa="N", source="6"):
    return {"child_id": child, "referral_date": date, "referral_nfa": nfa,
            "referral_source": source}


def test_contacts():
    tables = make_tables(contacts=[
        contact("A", "2018-06-30"), contact("A", "2018-07-02"), contact("B", "2018-07-31"),
        contact("B", "2018-08-01")])
    frame = run(tables, ["contacts"])
    assert value(frame, "contacts", "2018-06") == 1
    assert value(frame, "contacts", "2018-07") == 2  # 2 Jul and 31 Jul (month end included)
    assert value(frame, "contacts", "2018-08") == 1
    assert value(frame, "contacts", "2018-09") == 0  # data supplied, nothing that month: a real 0
    # period Jul-Dec: 2 + 1 = 3 (a flow: the period sums the months)
    assert value(frame, "contacts", "2018-07..2018-12") == 3


def test_contacts_no_data_is_na_not_zero():
    frame = run(make_tables(), ["contacts", "children_with_contact", "contacts_to_referral",
                                "contacts_to_referral_pct"])
    for indicator_id in ("contacts", "children_with_contact", "contacts_to_referral",
                         "contacts_to_referral_pct"):
        assert math.isnan(value(frame, indicator_id, "2018-07")), indicator_id


def test_children_with_contact():
    # A: contacts in Jul and Aug; B: two contacts on 5 Jul.
    tables = make_tables(contacts=[
        contact("A", "2018-07-02"), contact("A", "2018-08-03"),
        contact("B", "2018-07-05"), contact("B", "2018-07-05", source="2A")])
    frame = run(tables, ["children_with_contact"])
    assert value(frame, "children_with_contact", "2018-07") == 2  # A, B (B once)
    assert value(frame, "children_with_contact", "2018-08") == 1  # A
    # the period counts distinct children over Jul-Dec: {A, B} = 2, not 2 + 1 = 3
    assert value(frame, "children_with_contact", "2018-07..2018-12") == 2


def _conversion_tables():
    # default linking rule: same child, referral on the contact date or up to 7 days after it
    return make_tables(
        contacts=[contact("A", "2018-07-02"),   # referral 9 Jul = +7 days -> linked
                  contact("B", "2018-07-02"),   # referral 10 Jul = +8 days -> not linked
                  contact("C", "2018-07-10"),   # referral same day -> linked
                  contact("D", "2018-07-12"),   # referral the day before -> not linked
                  contact("E", "2018-07-20")],  # only child F referred -> not linked
        referrals=[referral("A", "2018-07-09"), referral("B", "2018-07-10"),
                   referral("C", "2018-07-10"), referral("D", "2018-07-11"),
                   referral("F", "2018-07-20")])


def test_contacts_to_referral():
    frame = run(_conversion_tables(), ["contacts_to_referral"])
    assert value(frame, "contacts_to_referral", "2018-07") == 2  # A and C
    assert value(frame, "contacts_to_referral", "2018-08") == 0


def test_contacts_to_referral_pct():
    frame = run(_conversion_tables(), ["contacts_to_referral_pct"])
    # 2 linked (A, C) / 5 contacts = 40%
    assert value(frame, "contacts_to_referral_pct", "2018-07") == pytest.approx(40.0)
    assert value(frame, "contacts_to_referral_pct", "2018-07", "denominator") == 5
    # no contacts in August: no denominator -> n/a, never 0%
    assert math.isnan(value(frame, "contacts_to_referral_pct", "2018-08"))
    # with an 8-day linking rule B is linked too: 3 / 5 = 60%
    frame = run(_conversion_tables(), ["contacts_to_referral_pct"], contact_to_referral_days=8)
    assert value(frame, "contacts_to_referral_pct", "2018-07") == pytest.approx(60.0)


def test_referrals():
    tables = make_tables(referrals=[referral("A", "2018-07-01"), referral("A", "2018-07-01", source="2A"),
                                    referral("B", "2018-07-31"), referral("C", "2018-08-01")])
    frame = run(tables, ["referrals"])
    assert value(frame, "referrals", "2018-07") == 3  # each referral counts, even same child/day
    assert value(frame, "referrals", "2018-08") == 1
    assert math.isnan(value(run(make_tables(), ["referrals"]), "referrals", "2018-07"))


def test_referral_rate_r12():
    # population: mid-2016 20,000, mid-2017 20,000, mid-2018 30,000
    pop = [{"mid_year": 2016, "population_0_17": 20_000},
           {"mid_year": 2017, "population_0_17": 20_000},
           {"mid_year": 2018, "population_0_17": 30_000}]
    tables = make_tables(
        referrals=[referral("A", "2017-07-31"), referral("B", "2017-08-01"),
                   referral("C", "2017-08-15"), referral("D", "2018-01-10"),
                   referral("E", "2018-07-31")],
        population=pop)
    frame = run(tables, ["referral_rate_r12"])
    # Jul 2018: window 1 Aug 2017 - 31 Jul 2018 -> B, C, D, E = 4 (A on 31 Jul 2017 is outside).
    # Jul 2018 is in the year ending Mar 2019 -> mid-2018 = 30,000: 4 / 30,000 * 10,000 = 1.333...
    assert value(frame, "referral_rate_r12", "2018-07", "numerator") == 4
    assert value(frame, "referral_rate_r12", "2018-07", "denominator") == 30_000
    assert value(frame, "referral_rate_r12", "2018-07") == pytest.approx(4 / 3)
    # Mar 2018: window Apr 2017 - Mar 2018 -> A, B, C, D = 4; year ending Mar 2018 -> mid-2017
    # = 20,000: 4 / 20,000 * 10,000 = 2.0
    assert value(frame, "referral_rate_r12", "2018-03") == pytest.approx(2.0)
    # Jan 2018 (rolling window crossing a year: Feb 2017 - Jan 2018) -> A, B, C, D = 4 -> 2.0
    assert value(frame, "referral_rate_r12", "2018-01", "numerator") == 4
    # Jun 2018: Jul 2017 - Jun 2018 -> A, B, C, D = 4 / mid-2018 30,000 -> 1.333
    assert value(frame, "referral_rate_r12", "2018-06") == pytest.approx(4 / 3)


def _rereferral_tables():
    return make_tables(referrals=[
        # A: previous referral exactly 12 months earlier -> IS a re-referral (inclusive rule);
        #    the previous one is also before the window and the report period start.
        referral("A", "2017-07-15"), referral("A", "2018-07-15"),
        # B: previous referral 12 months and 1 day earlier -> not a re-referral
        referral("B", "2017-07-14"), referral("B", "2018-07-15"),
        # C: two referrals on the same day, nothing earlier -> duplicates, neither is a re-referral
        referral("C", "2018-07-03"), referral("C", "2018-07-03", source="2A"),
        # D: previous referral in June (before the July window) -> the July one is a re-referral
        referral("D", "2018-06-20"), referral("D", "2018-07-05"),
        # E: two on 10 Jul plus one on 1 Mar 2018 -> both July referrals are re-referrals
        referral("E", "2018-03-01"), referral("E", "2018-07-10"), referral("E", "2018-07-10", source="2A"),
    ])


def test_rereferral_pct():
    frame = run(_rereferral_tables(), ["rereferral_pct"])
    # July referrals: A1 B1 C2 D1 E2 = 7; re-referrals: A, D, E, E = 4 -> 4/7 = 57.14%
    assert value(frame, "rereferral_pct", "2018-07", "numerator") == 4
    assert value(frame, "rereferral_pct", "2018-07", "denominator") == 7
    assert value(frame, "rereferral_pct", "2018-07") == pytest.approx(400 / 7)
    # June: D's first referral, nothing earlier -> 0 / 1 = 0%
    assert value(frame, "rereferral_pct", "2018-06") == 0
    # August: no referrals -> n/a
    assert math.isnan(value(frame, "rereferral_pct", "2018-08"))


def test_rereferral_lookback_is_configurable():
    # with a 6-month look-back A (12 months) no longer counts; D (15 days) and E (4 months 9 days)
    # still do -> 3 / 7
    frame = run(_rereferral_tables(), ["rereferral_pct"], rereferral_lookback_months=6)
    assert value(frame, "rereferral_pct", "2018-07", "numerator") == 3


def test_referrals_nfa_pct():
    tables = make_tables(referrals=[
        referral("A", "2018-07-02", nfa="Y"), referral("B", "2018-07-03", nfa="N"),
        referral("C", "2018-07-04", nfa="N"), referral("D", "2018-07-05", nfa="U"),
        referral("E", "2018-07-06", nfa=None)])
    frame = run(tables, ["referrals_nfa_pct"])
    # 1 NFA / 3 with the flag recorded (U and missing left out) = 33.3%
    assert value(frame, "referrals_nfa_pct", "2018-07") == pytest.approx(100 / 3)
    assert value(frame, "referrals_nfa_pct", "2018-07", "denominator") == 3
    assert math.isnan(value(frame, "referrals_nfa_pct", "2018-08"))


def _mash_tables():
    # Easter 2018: Good Friday 30 Mar, Easter Monday 2 Apr are bank holidays.
    return make_tables(contacts=[
        # Thu 29 Mar -> Tue 3 Apr: working days after 29 Mar are (30 Mar hol, 31 Sat, 1 Sun,
        # 2 Apr hol) 3 Apr = 1 -> within 1 working day
        contact("A", "2018-03-29", decision="2018-04-03"),
        # Thu 29 Mar -> Wed 4 Apr = 2 working days -> late
        contact("B", "2018-03-29", decision="2018-04-04"),
        # Sat 31 Mar is rolled forward to Tue 3 Apr; decided Tue 3 Apr = 0 -> within
        contact("C", "2018-03-31", decision="2018-04-03"),
        # no decision recorded -> left out
        contact("D", "2018-03-16"),
        # decision before the contact (data error) -> left out
        contact("E", "2018-03-19", decision="2018-03-16"),
    ])


def test_mash_decision_timely_pct():
    frame = run(_mash_tables(), ["mash_decision_timely_pct"], period="2018-01..2018-06")
    # 2 within (A, C) / 3 with a usable decision (A, B, C) = 66.7%
    assert value(frame, "mash_decision_timely_pct", "2018-03", "numerator") == 2
    assert value(frame, "mash_decision_timely_pct", "2018-03", "denominator") == 3
    assert value(frame, "mash_decision_timely_pct", "2018-03") == pytest.approx(200 / 3)
    # a 2-working-day standard: B (2) is within too -> 3 / 3
    frame = run(_mash_tables(), ["mash_decision_timely_pct"], period="2018-01..2018-06",
                mash_decision_working_days=2)
    assert value(frame, "mash_decision_timely_pct", "2018-03") == pytest.approx(100.0)


def test_mash_decision_without_decision_dates_is_na():
    tables = make_tables(contacts=[contact("A", "2018-07-02"), contact("B", "2018-07-03")])
    frame = run(tables, ["mash_decision_timely_pct"])
    assert math.isnan(value(frame, "mash_decision_timely_pct", "2018-07"))
    assert value(frame, "mash_decision_timely_pct", "2018-07", "denominator") == 0


def test_population_fixture_unused_by_counts():
    # counts do not need a population; rates without one are n/a
    tables = make_tables(referrals=[referral("A", "2018-07-02")])
    frame = run(tables, ["referrals", "referral_rate_r12"])
    assert value(frame, "referrals", "2018-07") == 1
    assert math.isnan(value(frame, "referral_rate_r12", "2018-07"))
    tables = make_tables(referrals=[referral("A", "2018-07-02")], population=population(5_000))
    frame = run(tables, ["referral_rate_r12"])
    assert value(frame, "referral_rate_r12", "2018-07") == pytest.approx(2.0)  # 1 / 5,000 * 10,000


def test_rereferral_falls_back_to_the_list_3_count_when_history_is_short():
    """A six-month extract (contacts from 2 July 2018) cannot see September 2017, so each
    September referral is judged by its 'Number of Referrals in Last 12 Months'."""
    from safeguarding.params import Params

    tables = make_tables(
        contacts=[{"child_id": "A", "contact_date": "2018-07-02"}],
        referrals=[
            {"child_id": "A", "referral_date": "2018-09-03", "referrals_last_12m": 2},  # re-referral
            {"child_id": "B", "referral_date": "2018-09-04", "referrals_last_12m": 0},  # first
            {"child_id": "C", "referral_date": "2018-09-05"},  # count blank: the data held decide
            {"child_id": "D", "referral_date": "2018-07-10", "referrals_last_12m": 0},
            {"child_id": "D", "referral_date": "2018-09-06", "referrals_last_12m": 0},  # history wins
        ])
    out = compute(tables, ids=["rereferral_pct"], params=Params())  # default: data from 2 July 2018
    # September: A (count 2) and D (previous referral 10 Jul 2018 in the data, despite its count
    # of 0) are re-referrals; B (count 0) and C (no count, nothing in the data) are not: 2 of 4
    assert value(out, "rereferral_pct", "2018-09", "numerator") == 2
    assert value(out, "rereferral_pct", "2018-09", "denominator") == 4
    assert value(out, "rereferral_pct", "2018-09") == pytest.approx(50.0)


def _january_to_march_extract():
    """List 3 from 2 January 2019 (an Annex A extract of January to March 2019). 'Number of
    Referrals in Last 12 Months' is, per the Ofsted guidance, the child's count before their
    latest referral, repeated on every row of the child: A's is 1 on both rows (January)."""
    def ref(child, date, count):
        return {**referral(child, date), "referrals_last_12m": count}

    return make_tables(
        contacts=[contact("A", "2019-01-02")],
        referrals=[ref("A", "2019-01-07", 1), ref("B", "2019-01-14", 0),  # January
                   ref("C", "2019-02-04", 2), ref("F", "2019-02-11", 3),  # February
                   ref("A", "2019-03-11", 1), ref("D", "2019-03-04", 1)])  # March


def test_rereferral_count_belongs_to_the_childs_latest_referral():
    from safeguarding.params import Params

    out = compute(_january_to_march_extract(), period="2018-19-Q4", ids=["rereferral_pct"], params=Params())
    # January: A's first referral is not A's latest, so its count (1, which is the January
    # referral itself seen from March) says nothing about it; nothing before it in the extract
    # -> not a re-referral. B is latest with 0 -> not. 0 of 2 (the overcount would be 1 of 2).
    assert value(out, "rereferral_pct", "2019-01", "numerator") == 0
    assert value(out, "rereferral_pct", "2019-01", "denominator") == 2
    # February: C (latest, 2) and F (latest, 3) -> 2 of 2
    assert (value(out, "rereferral_pct", "2019-02", "numerator"),
            value(out, "rereferral_pct", "2019-02", "denominator")) == (2, 2)
    # March: A (January referral in the extract, 2 months earlier) and D (latest, 1) -> 2 of 2
    assert (value(out, "rereferral_pct", "2019-03", "numerator"),
            value(out, "rereferral_pct", "2019-03", "denominator")) == (2, 2)
    # the quarter: A-Mar, C, F, D of 6 = 4/6 (never 5/6)
    quarter = out[(out["indicator_id"] == "rereferral_pct") & (out["month"] == "2018-19-Q4")].iloc[0]
    assert (quarter["numerator"], quarter["denominator"]) == (4, 6)
    assert quarter["value"] == pytest.approx(400 / 6)


def test_a_referral_the_extract_cannot_settle_is_a_data_quality_finding():
    import pandas as pd

    from safeguarding.quality import DataQualityLog, RuleContext
    from safeguarding.rules import validate

    log = DataQualityLog()
    validate(_january_to_march_extract(), log, RuleContext(extract_date=pd.Timestamp("2019-03-31")))
    found = log.table()
    found = found[found["rule"] == "AA3-012"]
    # A's January referral only: the latest referrals are settled by their count, A's March one
    # by A's January referral in the extract
    assert found["value"].tolist() == ["2019-01-07"] and found["severity"].tolist() == ["info"]


def test_a_complete_history_leaves_the_count_unread():
    """List 3 reaching back over a year: history decides every referral, counts or not."""
    from safeguarding.params import Params

    tables = _january_to_march_extract()
    tables["referrals"] = pd_concat(tables["referrals"], make_tables(referrals=[
        referral("G", "2017-12-01"), referral("G", "2018-01-02")])["referrals"])
    out = compute(tables, period="2018-19-Q4", ids=["rereferral_pct"], params=Params())
    # List 3 now starts 1 December 2017 (G's two referrals before the gap are no fewer than an
    # average month after it: not stragglers): a January 2019 look-back (from January 2018) is inside
    # it, so B's count of 0 and A's January row are settled by the extract (0 of 2); in
    # February C and F have no earlier referral in the extract, so their counts are not needed
    # (and not read): 0 of 2; March: A (January) yes, D no -> 1 of 2
    assert [value(out, "rereferral_pct", m, "numerator") for m in ("2019-01", "2019-02", "2019-03")] == [0, 0, 1]


def pd_concat(*frames):
    import pandas as pd

    return pd.concat(frames, ignore_index=True)
