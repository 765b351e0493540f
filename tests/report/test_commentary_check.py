"""The commentary check: the four contradictions of the old demo commentary (fixtures), true claims
that must not be flagged, and each kind of claim against hand-set published figures.

The figures below are the demo's (July to December 2018) as its open edition publishes them, so
the fixtures read as they did beside the old report; tests/report/test_demo_commentary.py runs
the same files against the demo itself.
"""
from pathlib import Path

import pytest

from safeguarding.indicators.compute import load_definitions
from safeguarding.indicators.registry import REGISTRY
from safeguarding.report.claims import analyse, sentences
from safeguarding.report.commentary_check import DISAGREEMENT, WARNING, check_text, number_matches
from safeguarding.report.published import HIDDEN, Benchmark, PublishedFigures, Shown
from safeguarding.report.sections import BY_KEY

OLD = Path(__file__).parent / "fixtures" / "old_demo_commentary"
SAME = ("\u25ba", "no change")
load_definitions()


def shown(ind_id, period, *, months=None, target=None, band=None, rag="", previous=SAME, last_year=SAME,
          benchmark=None, counts=(), hidden=None):
    ind = REGISTRY[ind_id]
    return Shown(id=ind_id, title=ind.title, section=ind.section, unit=ind.unit, polarity=ind.polarity,
                 months=months or {m: period for m in ("2018-07", "2018-08", "2018-09", "2018-10", "2018-11",
                                                       "2018-12")},
                 period=period, counts=list(counts), hidden=hidden or {}, target=target, band=band, rag=rag,
                 travel={"previous": previous, "last_year": last_year}, benchmark=benchmark)


def bench(value, lower, upper, england, sn=None, region=None, judgement=None, year=2018):
    return Benchmark(year=year, value=value, lower=lower, upper=upper, published=None, england=england, sn=sn,
                     region=region, judgement=judgement)


UP_WORSE, DOWN_WORSE = ("\u25b2", "worsening"), ("\u25bc", "worsening")
UP_BETTER, DOWN = ("\u25b2", "improving"), ("\u25bc", "down")

# The demo's published figures for the period (open edition, main as of the rewrite).
DEMO = PublishedFigures({f.id: f for f in [
    shown("contacts", 9445.0, months={"2018-07": 1623.0, "2018-08": 1396.0, "2018-09": 1572.0, "2018-10": 1702.0,
                                      "2018-11": 1754.0, "2018-12": 1398.0}),
    shown("contacts_to_referral_pct", 26.0, target=30.0, band=5.0, previous=DOWN, counts=(2459.0, 9445.0)),
    shown("rereferral_pct", 18.1, target=18.0, band=3.0, rag="amber", previous=UP_WORSE,
          months={"2018-07": 20.4, "2018-08": 21.6, "2018-09": 16.7, "2018-10": 17.9, "2018-11": 14.9,
                  "2018-12": 17.7},
          benchmark=bench(17.2, 16.0, 18.5, 21.9, sn=16.0, region=16.2, judgement="better")),
    shown("referral_rate_r12", 505.1, benchmark=bench(493.1, 476.4, 510.1, 559.6, sn=606.3, region=650.4,
                                                      judgement="lower")),
    shown("mash_decision_timely_pct", 86.9, target=90.0, band=5.0, rag="amber",
          months={"2018-07": 87.1, "2018-08": 86.5, "2018-09": 86.1, "2018-10": 87.4, "2018-11": 87.1,
                  "2018-12": 87.1}),
    shown("assessments_within_45wd_pct", 86.2, target=85.0, band=5.0, rag="green",
          benchmark=bench(87.3, 86.0, 88.4, 82.7, sn=82.1, region=77.9, judgement="better")),
    shown("icpc_within_15wd_pct", 78.4, target=80.0, band=5.0, rag="amber", last_year=UP_BETTER,
          benchmark=bench(76.56, 72.50, 80.18, 76.9, sn=71.2, region=67.3, judgement="similar")),
    shown("cp_children", 337.0, last_year=("\u25b2", "up"),
          months={"2018-07": 339.0, "2018-08": 330.0, "2018-09": 326.0, "2018-10": 320.0, "2018-11": 330.0,
                  "2018-12": 337.0}),
    shown("cp_second_plan_pct_r12", 15.6, target=18.0, band=3.0, rag="green", previous=UP_WORSE,
          last_year=UP_WORSE, benchmark=bench(14.9, 11.8, 18.6, 20.2, sn=16.3, judgement="better")),
    shown("cp_open_2yr", HIDDEN, previous=HIDDEN, last_year=HIDDEN, hidden={"period": [(4.0, "count")]}),
    shown("cp_open_2yr_pct", HIDDEN, target=2.5, band=1.0, rag=HIDDEN, previous=HIDDEN, last_year=HIDDEN,
          hidden={"period": [(1.2, "percent"), (4.0, "count"), (337.0, "count")]}),
    shown("cp_visited_in_timescale_pct", 91.3, target=90.0, band=5.0, rag="green", previous=DOWN_WORSE),
    shown("rcpc_in_timescale_pct", 90.7, target=95.0, band=5.0, rag="amber", last_year=DOWN_WORSE,
          benchmark=bench(92.3, 88.0, 95.1, 90.5, sn=91.8, region=94.5, judgement="similar")),
    shown("lado_concluded_1m_pct", 58.4, target=80.0, band=10.0, rag="red", previous=DOWN_WORSE,
          last_year=UP_BETTER, months={"2018-07": 53.3, "2018-08": HIDDEN, "2018-09": 58.3, "2018-10": 68.4,
                                       "2018-11": 70.0, "2018-12": HIDDEN},
          hidden={"2018-08": [(60.0, "percent"), (6.0, "count"), (10.0, "count")]}),
    shown("lado_concluded_3m_pct", 96.1, target=90.0, band=5.0, rag="green", previous=DOWN_WORSE,
          last_year=UP_BETTER),
    shown("yc_assessed_in_time_pct", 68.1, target=85.0, band=10.0, rag="red", previous=UP_BETTER,
          last_year=UP_BETTER),
    shown("care_applications", 82.0, previous=("\u25b2", "up")),
    shown("care_applications_rate_r12", 22.4, benchmark=bench(22.68, 19.23, 26.57, 11.9, sn=11.4,
                                                              judgement="higher")),
    shown("care_proceedings_avg_weeks", 27.4, target=26.0, band=2.6, rag="amber"),
]})


def check(section, text, figures=DEMO):
    return check_text(text, BY_KEY[section], figures, f"{section}.md")


def disagreements(section, text, figures=DEMO):
    return [f for f in check(section, text, figures) if f.severity == DISAGREEMENT]


# ---- the four contradictions of the old demo commentary --------------------------------------------
@pytest.mark.parametrize("section,indicator,kind,claim", [
    ("front_door", "mash_decision_timely_pct", "no_data", "cannot yet be reported"),
    ("assessments", "icpc_within_15wd_pct", "benchmark", "below the England average"),
    ("cp", "rcpc_in_timescale_pct", "quantifier", "almost every"),
    ("lado", "lado_concluded_1m_pct", "quantifier", "Most"),
])
def test_each_contradiction_of_the_old_demo_commentary_is_found(section, indicator, kind, claim):
    found = disagreements(section, (OLD / f"{section}.md").read_text(encoding="utf-8"))
    assert [(f.indicator_id, f.kind, f.claim) for f in found if f.indicator_id == indicator] == \
        [(indicator, kind, claim)]


def test_what_each_contradiction_says():
    by_claim = {f.claim: f for s in ("front_door", "assessments", "cp", "lado")
                for f in disagreements(s, (OLD / f"{s}.md").read_text(encoding="utf-8"))}
    assert by_claim["cannot yet be reported"].message == (
        f"the report publishes {REGISTRY['mash_decision_timely_pct'].title} for every month of the period "
        "(86.9% for the period)")
    assert by_claim["cannot yet be reported"].line == 9
    icpc = by_claim["below the England average"].message
    assert "76.6% in 2017-18 against England's 76.9%: similar (England's value lies within" in icpc
    assert "the period's 78.4% is above England's 76.9%" in icpc
    rcpc = by_claim["almost every"].message
    assert "means at least 90% not rated amber or red" in rcpc and "90.7% for the period, rated Amber" in rcpc
    assert "worsening against the same period last year" in rcpc
    lado = by_claim["Most"].message
    assert "more than 50% not rated red" in lado and "58.4% for the period, rated Red against the target of 80.0%" in lado


def test_the_old_commentary_also_describes_a_figure_the_open_edition_hides():
    """"plans lasting two years or more are falling": the open edition shows c for the period."""
    found = disagreements("cp", (OLD / "cp.md").read_text(encoding="utf-8"))
    hidden = [f for f in found if f.kind == "hidden"]
    assert [(f.claim, f.indicator_id) for f in hidden] == [("falling", "cp_open_2yr")]


def test_the_rest_of_the_old_commentary_is_not_flagged():
    """True claims of the old files (re-referrals below England, few second plans, conversion below
    target, around 330 children on plans, assessments close to target ...) pass."""
    for section in ("front_door", "assessments", "cp", "lado", "summary"):
        found = check(section, (OLD / f"{section}.md").read_text(encoding="utf-8"))
        expected = {"front_door": 1, "assessments": 1, "cp": 2, "lado": 1, "summary": 0}[section]
        assert len(found) == expected, [str(f) for f in found]


# ---- true claims that must not be flagged ---------------------------------------------------------
@pytest.mark.parametrize("section,text", [
    ("front_door", "Re-referrals rose to 18.1% against the previous period, just above the 18% target."),
    ("front_door", "Re-referrals (17.2% in 2017-18) were better than England's 21.9%."),
    ("front_door", "The referral rate (505.1 per 10,000) is lower than England and lower than the region."),
    ("front_door", "MASH decisions within one working day (86.9%) remain short of the 90% target."),
    ("front_door", "The proportion of contacts progressing to a referral fell to 26.0%, below the 30% target."),
    ("front_door", "Demand was steady: 9,445 contacts in the six months, around 1,600 a month."),
    ("front_door", "About a quarter of contacts progressed to a referral."),
    ("front_door", "In October re-referrals rose to 17.9%."),  # a month: not the period's direction
    ("front_door", "We must bring re-referrals below the England average."),  # an aim, not a claim
    ("front_door", "Re-referrals are not above the England average."),  # negated: left alone
    ("front_door", "Most re-referrals come from schools."),  # most of the re-referrals: not their share
    ("front_door", "All MASH decisions are now reviewed weekly by a manager."),  # not the timeliness share
    ("assessments", "Most assessments (86.2%) were completed within 45 working days, above the 85% target "
                    "and better than England (82.7%)."),
    ("assessments", "ICPCs within 15 working days (78.4%) are just short of the 80% target, although better "
                    "than a year ago and in line with England."),
    ("cp", "Few children become subject to a plan for a second time: 15.6%, within the 18% target."),
    ("cp", "Almost all children on plans were visited within 10 working days (91.3%)."),
    ("cp", "Second plans, although within target, rose against both the previous period and the same "
           "period last year."),
    ("cp", "Review conferences held in timescale (90.7%) are short of the 95% target and worse than a year ago."),
    ("cp", "Visits within 10 working days dipped in the autumn."),  # a season: not checked
    ("lado", "Almost all allegations were concluded within three months (96.1%), above the 90% target."),
    ("lado", "Most allegations (58.4%) were concluded within a month, well short of the 80% target."),
    ("lado", "Only 58.4% of allegations were concluded within a month; this worsened against the previous period."),
    ("young_carers", "Young carers' assessments are not always completed within the local standard."),
    ("young_carers", "About two thirds of young carers' assessments were completed within the local timescale."),
    ("proceedings", "Care applications, at 22.7 per 10,000 children in 2017-18, were nearly twice the England "
                    "rate of 11.9 and well above our statistical neighbours (11.4)."),
    ("proceedings", "The average duration of care proceedings (27.4 weeks) is close to the 26-week target."),
    ("summary", "Only 58.4% of LADO allegations were concluded within a month, although almost all (96.1%) "
                "were concluded within three months."),
    ("summary", "The number of children on child protection plans was stable at around 330, with repeat plans "
                "below the England average."),
])
def test_true_claims_are_not_flagged(section, text):
    assert check(section, text) == []


# ---- each kind of claim, false --------------------------------------------------------------------
@pytest.mark.parametrize("section,text,kind,indicator", [
    ("front_door", "MASH decisions within one working day were above target.", "target", "mash_decision_timely_pct"),
    ("front_door", "MASH decisions within one working day met the target.", "target", "mash_decision_timely_pct"),
    ("assessments", "Assessment timeliness is below target.", "target", "assessments_within_45wd_pct"),
    ("front_door", "Re-referrals fell against the previous period.", "travel", "rereferral_pct"),
    ("front_door", "Re-referrals improved on the previous period.", "travel", "rereferral_pct"),
    ("front_door", "Re-referrals are lower than last year.", "travel", "rereferral_pct"),
    ("front_door", "The referral rate is in line with our statistical neighbours.", "benchmark", "referral_rate_r12"),
    ("front_door", "Re-referrals are worse than England.", "benchmark", "rereferral_pct"),
    ("proceedings", "Care applications are three times the England rate.", "benchmark", "care_applications_rate_r12"),
    ("assessments", "ICPC timeliness is above the England average.", "benchmark", "icpc_within_15wd_pct"),
    ("front_door", "Almost all MASH decisions are made within one working day.", "quantifier",
     "mash_decision_timely_pct"),
    ("young_carers", "Most young carers' assessments were completed within the local timescale.", "quantifier",
     "yc_assessed_in_time_pct"),
    ("lado", "All allegations were concluded within three months.", "quantifier", "lado_concluded_3m_pct"),
    ("lado", "A minority of allegations were concluded within three months.", "quantifier", "lado_concluded_3m_pct"),
    ("front_door", "About half of contacts progressed to a referral.", "quantifier", "contacts_to_referral_pct"),
    ("assessments", "ICPC timeliness cannot yet be reported.", "no_data", "icpc_within_15wd_pct"),
    ("cp", "Open plans lasting two years or more are below target.", "hidden", "cp_open_2yr_pct"),
])
def test_false_claims_are_disagreements(section, text, kind, indicator):
    found = check(section, text)
    assert [(f.severity, f.kind, f.indicator_id) for f in found] == [(DISAGREEMENT, kind, indicator)], \
        [str(f) for f in found]


def test_a_claim_is_a_disagreement_only_when_false_of_every_indicator_it_may_mean():
    """"Care applications rose": the count rose (the rate did not move), so it stands."""
    assert check("proceedings", "Care applications rose against the previous period.") == []


# ---- numbers --------------------------------------------------------------------------------------
def test_a_number_that_matches_nothing_is_a_warning():
    found = check("front_door", "MASH decisions within one working day were 91.5% for the period.")
    assert [(f.severity, f.kind, f.claim) for f in found] == [(WARNING, "number", "91.5%")]
    assert found[0].message.startswith("not found among the section's figures (nearest for")


def test_a_number_the_open_edition_hides_is_a_disagreement():
    found = check("lado", "Allegations concluded within a month were 60.0% in August.")
    assert [(f.severity, f.kind, f.indicator_id) for f in found] == [(DISAGREEMENT, "hidden", "lado_concluded_1m_pct")]
    assert "August 2018" in found[0].message and "60.0" not in found[0].message


def test_a_hidden_count_is_matched_by_counts_only():
    found = check("lado", "10 allegations were concluded in August.")
    assert [(f.severity, f.kind, f.claim) for f in found] == [(DISAGREEMENT, "hidden", "10")]
    found = check("lado", "Allegations rose to 60 in the six months.")  # 60 is a hidden percentage, not a count
    assert [(f.severity, f.kind) for f in found] == [(WARNING, "number")]


def test_a_small_count_of_children_is_a_disagreement_but_not_a_timescale_or_a_reference():
    found = check("front_door", "We received 3 referrals from schools.")
    assert [(f.severity, f.kind) for f in found] == [(DISAGREEMENT, "small_count")]
    assert check("front_door", "Referrals are screened within 1 working day under section 47 and regulation 8.") == []


@pytest.mark.parametrize("text,value,matches", [
    ("86%", 86.2, True), ("86%", 86.6, False), ("86.2%", 86.2, True), ("86.2%", 86.3, False),
    ("about 85%", 86.9, True), ("about 85%", 88.5, False), ("nearly 90%", 86.9, False), ("nearly 90%", 88.0, True),
    ("over 85%", 86.2, True), ("over 85%", 85.0, False), ("under 20%", 18.1, True),
    ("around 1,600", 1702.0, True), ("around 1,600", 1800.0, False), ("1,670", 1670.0, True),
])
def test_numbers_match_within_the_rounding_they_are_written_with(text, value, matches):
    sentence = analyse(sentences(f"Contacts were {text} of the total.")[0], ())
    (claim,) = [c for c in sentence.claims if c.kind == "number"]
    assert number_matches(claim, value) is matches


# ---- what is not a claim ----------------------------------------------------------------------------
@pytest.mark.parametrize("text", [
    "Section 47 enquiries are led under regulation 8 for children aged 0-17 in 2018-19.",  # references, ranges, years
    "The first half of the year was busy; most recent figures are in the appendix.",  # half, most: other senses
    "We are working with all partners to improve referral quality.",  # all: not a share of a figure
    "Too few children in need have an up-to-date plan.",  # "too few" is a judgement, not a share
    "Work continues on reducing drift.",  # a gerund after a preposition: not a direction
    "Reducing the time to conclude allegations is a goal for next year.",  # a gerund as a subject
    "Reduction in repeat referrals to CSC.",  # an aim written as a heading, not a finding
])
def test_words_in_other_senses_are_not_claims(text):
    sentence = analyse(sentences(text)[0], tuple(REGISTRY))
    assert [c for c in sentence.claims if c.kind != "number" or c.unit != "duration"] == []


def test_sentences_keep_their_line_and_leave_out_headings_and_the_writers_notes():
    text = ("<!-- NOTES\n- 86.9% in July to December 2018\n-->\n\n## What is going well?\n- Decisions are quick. "
            "Most, e.g. 9 in 10, are timely.\n\n## What are our areas for improvement?\n- Referral quality\n  varies.\n")
    found = [(s.line, s.text) for s in sentences(text)]
    assert found == [(6, "Decisions are quick."), (6, "Most, e.g. 9 in 10, are timely."),
                     (9, "Referral quality varies.")]


def test_a_benchmark_value_the_open_edition_hides_is_neither_compared_nor_quoted():
    """The benchmark table shows "c" for the council's own year where the open view hides it."""
    hidden = bench(15.4, 11.0, 20.0, 20.2, judgement="better")
    hidden.own_hidden = True
    figures = PublishedFigures({"cp_second_plan_pct_r12": shown("cp_second_plan_pct_r12", 15.6, target=18.0, band=3.0,
                                                                rag="green", benchmark=hidden)})
    found = check("cp", "Second plans are better than England.", figures)
    assert [(f.severity, f.kind) for f in found] == [(DISAGREEMENT, "hidden")]
    found = check("cp", "Second plans were 15.4% in 2017-18.", figures)
    assert [(f.severity, f.kind) for f in found] == [(DISAGREEMENT, "hidden")]
    assert "2017-18 (benchmark table)" in found[0].message


def test_a_section_without_indicators_has_its_numbers_left_alone_but_not_its_small_counts():
    from safeguarding.report.sections import SectionSpec

    tables_only = SectionSpec("equalities", 11, "Equalities", "")
    text = "Black children were referred at 1.63 times the rate of White British children; 3 children were Roma."
    found = check_text(text, tables_only, DEMO, "equalities.md")
    assert [(f.severity, f.kind, f.claim) for f in found] == [(DISAGREEMENT, "small_count", "3")]
