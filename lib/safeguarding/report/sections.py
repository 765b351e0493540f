"""The report's sections: notebook, title, statutory description and the indicators each shows.

The descriptions are the project's own short summaries of the statutory basis of each service,
for a committee reader; councils can override them with a ``<section>_description.md`` file in
their commentary folder.
"""
from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class SectionSpec:
    key: str
    number: int
    title: str
    description: str
    table_ids: tuple[str, ...] = ()
    scorecard_ids: tuple[str, ...] = ()
    trend_ids: tuple[str, ...] = ()
    spc_ids: tuple[str, ...] = ()
    benchmark_ids: tuple[str, ...] = ()
    tables: tuple[str, ...] = field(default=())  # tidy tables the section needs (for "no data supplied")
    starts_wide: bool = False  # opens with a landscape table (no monthly table): heading printed with it
    # breakdowns the section shows (indicators.breakdowns name, options): their cells are in the
    # open edition's frame, protected with everything else (report.figures)
    breakdowns: tuple[tuple[str, tuple], ...] = ()

    @property
    def slug(self) -> str:
        return f"{self.number:02d}_{self.key}"

    @property
    def notebook(self) -> str:
        return f"{self.slug}.ipynb"


SECTIONS: list[SectionSpec] = [
    SectionSpec(
        "summary", 0, "Summary and headline scorecard",
        "The headline indicators from every section in one table: the value for the whole report "
        "period (as in each section's table; the months are in the sections), the target, "
        "a red/amber/green rating where the indicator has a target, the direction of travel against "
        "the previous period and the same period last year, and the statistical process control "
        "reading of the monthly series.",
    ),
    SectionSpec(
        "front_door", 1, "Front door: MASH and referrals",
        "The multi-agency safeguarding hub (MASH) receives every contact from the public and from "
        "professionals where there may be a concern about a child's welfare or safety. Within one "
        "working day of receiving a referral, a social worker should decide what response is "
        "needed (Working Together to Safeguard Children). A referral is a request for services "
        "from children's social care for a child not already in need of them.",
        table_ids=("contacts", "children_with_contact", "contacts_to_referral_pct", "contacts_to_referral",
                   "referrals", "referral_rate_r12", "rereferral_pct", "referrals_nfa_pct",
                   "mash_decision_timely_pct"),
        scorecard_ids=("contacts", "contacts_to_referral_pct", "referral_rate_r12", "rereferral_pct"),
        trend_ids=("contacts", "referrals"), spc_ids=("rereferral_pct",),
        breakdowns=(("contact_sources", ()),),
        benchmark_ids=("referral_rate_r12", "rereferral_pct", "referrals_nfa_pct"),
        tables=("contacts", "referrals"),
    ),
    SectionSpec(
        "out_of_hours", 2, "Out of hours: the emergency duty service",
        "The emergency duty service answers calls about children's safety when the day teams are "
        "closed - in the evening and overnight on weekdays, and at weekends and on bank holidays. It "
        "gives advice, visits, holds strategy discussions with the police and, where a child cannot "
        "stay safely at home, arranges their protection or a placement; the front door (MASH) "
        "follows the contact up on the next working day.",
        table_ids=("ooh_contacts", "ooh_passed_to_day_team_pct", "ooh_police_involved_pct"),
        trend_ids=("ooh_contacts",),
        breakdowns=(("ooh_outcomes_by_timing", ()),),
        tables=("out_of_hours",),
    ),
    SectionSpec(
        "assessments", 3, "Assessments, strategy discussions and section 47 enquiries",
        "A child and family assessment establishes whether a child is in need of services (s17 "
        "Children Act 1989) or is suffering, or likely to suffer, significant harm (s47). Its length "
        "should be proportionate to need and no longer than 45 working days from the point of "
        "referral (Working Together). Where there is reasonable cause to suspect significant harm a "
        "strategy discussion is held and the local authority leads a section 47 enquiry; an initial "
        "child protection conference should follow within 15 working days of the strategy "
        "discussion that started it.",
        table_ids=("assessments_started", "assessments_completed", "assessments_child_seen_pct",
                   "assessments_within_45wd_pct", "assessments_ongoing_involvement_pct",
                   "strategy_discussions", "s47_started", "s47_started_r12", "s47_rate_r12",
                   "s47_to_icpc_pct", "icpc_within_15wd_pct"),
        scorecard_ids=("assessments_within_45wd_pct", "s47_rate_r12", "icpc_within_15wd_pct"),
        trend_ids=("assessments_started", "s47_started"), spc_ids=("assessments_within_45wd_pct",),
        breakdowns=(("assessment_duration_bands", ()), ("icpc_timeliness_bands", ())),
        benchmark_ids=("assessments_within_45wd_pct", "s47_rate_r12", "icpc_within_15wd_pct"),
        tables=("assessments", "s47"),
    ),
    SectionSpec(
        "cin", 4, "Children in need (including children with disabilities)",
        "A child assessed as in need of services has a child in need plan setting out the support "
        "for the child and family. Plans are reviewed at the interval set locally (this council: "
        "every 3 months) and children are visited at the local frequency. DfE's count of children "
        "in need includes children on child protection plans and children looked after.",
        table_ids=("cin_open", "cin_open_excl_cp", "cin_rate", "cin_plan_up_to_date_pct",
                   "cin_reviews_in_timescale_pct", "cin_visits_in_timescale_pct", "cin_disabled_pct"),
        scorecard_ids=("cin_rate", "cin_plan_up_to_date_pct", "cin_visits_in_timescale_pct"),
        trend_ids=("cin_open", "cin_open_excl_cp"), spc_ids=("cin_visits_in_timescale_pct",),
        breakdowns=(("primary_need_mix", ()), ("cin_episode_length_bands", ())),
        benchmark_ids=("cin_rate",),
        tables=("cin",),
    ),
    SectionSpec(
        "cp", 5, "Child protection conferences, plans and core groups",
        "Where a section 47 enquiry finds that a child may continue to suffer significant harm, an "
        "initial child protection conference (ICPC) decides whether a child protection plan is "
        "needed. The first review conference is held within 3 months of the ICPC and then at "
        "intervals of no more than 6 months (Working Together). The core group meets first within "
        "10 working days of the ICPC, and the child is visited at the frequency set locally (this "
        "council: every 10 working days).",
        table_ids=("cp_children", "cp_rate", "icpcs", "icpc_rate_r12", "icpc_to_plan_pct",
                   "cp_plans_started", "cp_start_rate_r12", "cp_second_plan_pct_r12", "cp_plans_ceased",
                   "cp_ceased_2yr_pct_r12", "cp_open_2yr", "cp_open_2yr_pct",
                   "cp_visited_in_timescale_pct", "rcpc_in_timescale_pct", "core_group_in_timescale_pct"),
        scorecard_ids=("cp_rate", "cp_second_plan_pct_r12", "cp_visited_in_timescale_pct",
                       "rcpc_in_timescale_pct"),
        trend_ids=("cp_children",), spc_ids=("cp_visited_in_timescale_pct",),
        breakdowns=(("cp_latest_category", ()), ("cp_open_duration_bands", ())),
        benchmark_ids=("cp_rate", "icpc_rate_r12", "cp_start_rate_r12", "cp_second_plan_pct_r12",
                       "cp_ceased_2yr_pct_r12", "cp_open_2yr_pct", "rcpc_in_timescale_pct"),
        tables=("cp_plans",),
    ),
    SectionSpec(
        "private_fostering", 6, "Private fostering",
        "A child is privately fostered when a child under 16 (under 18 if disabled) is cared for "
        "for 28 days or more by someone who is not a parent, a person with parental responsibility "
        "or a close relative. The council must be notified, must visit the child within 7 working "
        "days of being told of an arrangement, and then at intervals of no more than 6 weeks in the "
        "first year and 12 weeks after that (Children (Private Arrangements for Fostering) "
        "Regulations 2005).",
        table_ids=("pf_notifications", "pf_new_arrangements", "pf_open_arrangements",
                   "pf_initial_visit_in_time_pct", "pf_visits_in_time_pct"),
        scorecard_ids=("pf_initial_visit_in_time_pct", "pf_visits_in_time_pct"),
        trend_ids=("pf_open_arrangements",),
        breakdowns=(("pf_notification_sources", ()), ("pf_ethnicity", ())),
        tables=("pf_arrangements",),
    ),
    SectionSpec(
        "young_carers", 7, "Young carers",
        "A young carer is a person under 18 who provides or intends to provide care for another "
        "person. The council must assess a young carer's needs for support on request, or where it "
        "appears the young carer may have support needs (Children Act 1989 ss17ZA-17ZC). There is "
        "no national timescale for the assessment; this report uses the council's local standard.",
        table_ids=("yc_identified", "yc_open", "yc_assessed", "yc_assessed_in_time_pct", "yc_supported"),
        scorecard_ids=("yc_assessed_in_time_pct",),
        trend_ids=("yc_identified", "yc_assessed"),
        breakdowns=(("yc_age_profile", ()), ("yc_sex", ()), ("yc_identification_sources", ())),
        tables=("young_carers",),
    ),
    SectionSpec(
        "lado", 8, "LADO: allegations against people who work with children",
        "The Local Authority Designated Officer (LADO) oversees the management of allegations that "
        "a person who works or volunteers with children has harmed a child, may have committed an "
        "offence against or related to a child, has behaved in a way that indicates they may pose a "
        "risk of harm, or may not be suitable to work with children (Working Together; Keeping "
        "Children Safe in Education). There is no national LADO data collection.",
        table_ids=("lado_contacts", "lado_threshold_met_pct", "lado_strategy_meetings", "lado_concluded",
                   "lado_concluded_1m_pct", "lado_concluded_3m_pct", "lado_concluded_12m_pct"),
        scorecard_ids=("lado_concluded_1m_pct",),
        trend_ids=("lado_contacts",),
        # (lado_conclusion_times is drawn from the indicators' own figures: notebook.CUMULATIVE_BREAKDOWNS)
        breakdowns=(("lado_outcomes_by_sector", (("taken_forward_only", False),)),),
        tables=("lado_allegations",),
    ),
    SectionSpec(
        "proceedings", 9, "Pre-proceedings and care proceedings",
        "The council may apply for a care or supervision order (s31 Children Act 1989) where a child "
        "is suffering, or likely to suffer, significant harm attributable to the care given. Under "
        "the Public Law Outline, pre-proceedings work with the family first seeks to avoid "
        "proceedings; applications are to be decided within 26 weeks of issue (s32(1)(a)).",
        table_ids=("pre_proceedings_started", "pre_proceedings_issued", "pre_proceedings_stepped_down",
                   "pre_proceedings_open", "care_applications", "care_applications_rate_r12",
                   "care_proceedings_concluded", "care_proceedings_avg_weeks",
                   "care_proceedings_within_26wk_pct", "care_proceedings_open"),
        scorecard_ids=("care_proceedings_avg_weeks",),
        trend_ids=("care_applications",),
        benchmark_ids=("care_applications_rate_r12",),
        tables=("pre_proceedings",),
    ),
    SectionSpec(
        "equalities", 10, "Equalities: children's ethnicity, age and sex",
        "Under the public sector equality duty (Equality Act 2010, s149) the council must understand "
        "whether children of some ethnic groups, ages or sexes are more likely than others to be "
        "referred, to have a section 47 enquiry, or to be supported as children in need or through a "
        "child protection plan. Each group's rate per 10,000 children is compared with the rate for a "
        "reference group. A higher rate is a question for practice and partners to explore, not by "
        "itself evidence of unfair treatment: need, poverty and who lives in the area all play a part.",
        tables=("referrals", "s47", "cin", "cp_plans"),
        starts_wide=True,
    ),
    SectionSpec(
        "quality", 11, "Quality of practice: caseloads, case audits and family feedback",
        "How the council knows about the quality and impact of its work: the children each team and "
        "social worker holds, the grades given by case audits on the Ofsted scale (outstanding, good, "
        "requires improvement to be good, inadequate), and what parents, carers and children say about "
        "the help they received.",
        scorecard_ids=("qa_audits_good_or_better_pct", "feedback_satisfaction_mean", "feedback_knew_why_pct"),
        # no "no data supplied" banner: the caseload comes from Annex A; each extract's block says
        # itself when its file is missing
    ),
    SectionSpec(
        "improvement_plan", 12, "Improvement plan progress",
        "Progress against the children's services improvement plan: the status of every action, "
        "what was due and delivered this period, revised deadlines and their reasons, and the "
        "measures that show whether practice is improving.",
        tables=("improvement_actions",),
    ),
    SectionSpec(
        "data_quality", 13, "Data quality",
        "How complete and consistent the data behind this report are: every row read from every "
        "file is accounted for, and every problem found by the validation rules is counted here. "
        "Row-level listings are in the restricted edition only.",
    ),
]

BY_KEY = {s.key: s for s in SECTIONS}


def monthly_ids() -> set[str]:
    """Indicators some section shows month by month (its monthly table, trend or SPC chart). The
    others (quality of practice: small monthly numbers, shown by quarter and for the period) are
    published for the report period only."""
    return {i for s in SECTIONS for i in (*s.table_ids, *s.trend_ids, *s.spc_ids)}
