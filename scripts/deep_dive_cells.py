"""Cells of the deep-dive notebooks (notebooks/deep-dive/), written by make_notebooks.py.

Each notebook: a title and narrative (markdown), a parameters cell (papermill), and one call into
``safeguarding.deepdive`` per block. All logic is in the library (docs/deep-dive.md).
"""
from __future__ import annotations

SETUP = ("from safeguarding.deepdive import DeepDive, view\n\n"
         "dd = DeepDive.load(prepared_dir)\n"
         "view.banner(dd)  # RESTRICTED: council, period, extract date and the prepared run used")

# (slug, title, narrative, extra parameters, [("md", text) | ("code", source)])
DEEP_DIVES = [
    ("01_journeys", "Children's journeys",
     "Every child's events across Annex A Lists 1-8 in date order, one-line journeys "
     "(`C -> R -> AS -> S47`), the most common paths, how children progress from contact to care "
     "and how long each step takes, and one child's timeline.",
     'child_id = ""  # a child to draw (empty: the child with the most events in the period)\n'
     "top = 10  # how many common paths to list",
     [("md", "## Events across Lists 1-8\n\nC contact, EH early help, R referral, CIN episode start, "
             "AS assessment, S47 enquiry, ICPC, CPP child protection plan, CLA started to be looked after."),
      ("code", "events = dd.events()\n"
               "in_period = events[events[\"date\"].between(dd.period.start, dd.period.end)]\n"
               "view.table(in_period, f\"Events in {dd.period.title}, by child and date\", limit=60)"),
      ("md", "## One-line journeys\n\nChildren with an event in the period, with their whole history. "
             "*Reduced* collapses repeats of the same event in a row; *stages* keeps the first time "
             "each stage was reached."),
      ("code", "paths = dd.journeys(dd.period.start, dd.period.end)\n"
               "view.table(paths, \"One-line journeys\", limit=40)"),
      ("md", "## Most common paths"),
      ("code", "view.table(dd.common_paths(\"reduced\", top, dd.period.start, dd.period.end), "
               "\"Most common journeys (repeats collapsed)\")"),
      ("code", "view.table(dd.common_paths(\"stages\", top, dd.period.start, dd.period.end), "
               "\"Most common sequences of stages\")"),
      ("md", "## Progression from contact to care\n\nChildren with a first contact in the period, "
             "followed to the end of the data: how many reached each next stage, the conversion "
             "and the days between (median and quartiles)."),
      ("code", "view.table(dd.progression(), f\"Stage progression, children contacted in {dd.period.title}\")"),
      ("code", "view.figure(dd.flow_chart(), \"Flow of children from contact to care\")"),
      ("md", "## One child's timeline"),
      ("code", "child = child_id or dd.busiest_child()\n"
               "view.figure(dd.timeline(child), f\"Timeline of child {child}\")"),
      ("code", "view.table(dd.events(child), f\"Events of child {child}\")")]),
    ("02_drift_and_delay", "Drift and delay",
     "How long children wait between referral, child protection plan and care, by the year the "
     "later step started; children open to CIN or CP beyond chosen lengths; repeat referrals and "
     "plans; the assessments and S47 enquiries open longest.",
     'cin_longer_than = "2 years"  # CIN open at least this long\n'
     'cp_longer_than = "18 months"  # CP plan open at least this long\n'
     "top = 20  # rows of the longest-open lists",
     [("md", "## Referral to CP plan, referral to care, CP plan to care\n\nEach plan (or care "
             "start) is paired with the child's latest referral (or plan) on or before it. Years "
             "are financial years ending 31 March."),
      ("code", "view.table(dd.interval_summary(\"referral\", \"cp_plan\"), \"Days from referral to CP plan\")"),
      ("code", "view.figure(dd.interval_chart(\"referral\", \"cp_plan\"), \"Days from referral to CP plan\")"),
      ("code", "view.table(dd.interval_summary(\"referral\", \"care\"), \"Days from referral to care\")"),
      ("code", "view.figure(dd.interval_chart(\"referral\", \"care\"), \"Days from referral to care\")"),
      ("code", "view.table(dd.interval_summary(\"cp_plan\", \"care\"), \"Days from CP plan to care\")"),
      ("md", "## Open beyond chosen lengths"),
      ("code", "view.table(dd.open_longer_than(\"cin\", cin_longer_than), "
               "f\"Children open to CIN at {dd.as_at:%d %b %Y} for {cin_longer_than} or more\")"),
      ("code", "long_cp = dd.cohort(\"cp_open_2yr_pct\", as_at=dd.as_at, cp_open_longer_than=cp_longer_than)\n"
               "view.table(long_cp[long_cp[\"in_numerator\"]][[\"child_id\", \"cpp_start_date\", \"days_on_plan\", "
               "\"latest_category_label\", \"team\", \"worker\"]], "
               "f\"Children on a CP plan at {dd.as_at:%d %b %Y} for {cp_longer_than} or more\")"),
      ("md", "## Repeat referrals and repeat plans"),
      ("code", "view.table(dd.repeat_counts(\"referrals\"), f\"Children by number of referrals in {dd.period.title}\")"),
      ("code", "rerefs = dd.cohort(\"rereferral_pct\")\n"
               "view.table(rerefs[rerefs[\"in_numerator\"]][[\"child_id\", \"referral_date\", \"previous_referral\", "
               "\"referral_source_label\", \"team\"]], f\"Re-referrals within 12 months, {dd.period.title}\")"),
      ("code", "repeat = dd.cohort(\"cp_second_plan_pct_r12\", as_at=dd.as_at)\n"
               "view.table(repeat[repeat[\"in_numerator\"]][[\"child_id\", \"cpp_start_date\", \"previous_plans\", "
               "\"initial_category_label\", \"team\"]], \"Second or later CP plans in the 12 months to the period end\")"),
      ("md", "## Assessments and S47 enquiries open longest"),
      ("code", "view.table(dd.open_longest(\"assessments\", top=top), "
               "f\"Assessments not authorised at {dd.as_at:%d %b %Y}, longest first\")"),
      ("code", "view.table(dd.open_longest(\"s47\", top=top), "
               "f\"S47 enquiries without an outcome at {dd.as_at:%d %b %Y}, longest first\")")]),
    ("03_disproportionality", "Disproportionality",
     "Rates per 10,000 children by ethnicity group, age band and sex at each stage, against the "
     "child population; the relative rate index (RRI) against a reference group with its 95% "
     "interval (Katz) and a chi-squared or exact test; and the progression ratio from one stage "
     "to the next - who is referred against who ends on a plan. Rates are for the period, not "
     "annualised.",
     'reference = ""  # reference group (empty: White British, Female, 10 to 15)',
     [("code", "view.table(dd.population().drop_duplicates(\"source\")[[\"source\"]], \"Population used\")"),
      ("md", "## By ethnicity group"),
      ("code", "view.table(dd.stage_rates(\"ethnicity_group\", reference=reference or None), "
               "\"Children per 10,000 by ethnicity group, with the RRI\") if dd.has_population(\"ethnicity_group\") "
               "else view.note(\"No population by ethnicity supplied (docs/input-formats.md).\")"),
      ("code", "view.table(dd.stage_rates(\"ethnicity_group\", stages=(\"in_need\", \"on_cp_plan\", \"looked_after\"), "
               "reference=reference or None), f\"Children in need, on a CP plan and looked after at {dd.as_at:%d %b %Y} "
               "per 10,000 by ethnicity group\") if dd.has_population(\"ethnicity_group\") else None"),
      ("code", "view.figure(dd.rri_chart(\"referral\", \"ethnicity_group\"), \"RRI of referral by ethnicity\") "
               "if dd.has_population(\"ethnicity_group\") else None"),
      ("code", "view.figure(dd.rri_chart(\"cp_plan\", \"ethnicity_group\"), \"RRI of CP plans by ethnicity\") "
               "if dd.has_population(\"ethnicity_group\") else None"),
      ("md", "## By age band and sex"),
      ("code", "view.table(dd.stage_rates(\"age_band\", reference=reference or None), "
               "\"Children per 10,000 by age band, with the RRI\") if dd.has_population(\"age_band\") "
               "else view.note(\"No population by age band supplied.\")"),
      ("code", "view.table(dd.stage_rates(\"sex\", reference=reference or None), "
               "\"Children per 10,000 by sex, with the RRI\") if dd.has_population(\"sex\") "
               "else view.note(\"No population by sex supplied.\")"),
      ("md", "## Progression from one stage to the next\n\nOf the children referred in the period, "
             "the share of each group reaching each next stage, against the reference group."),
      ("code", "view.table(dd.progression_ratios(\"ethnicity_group\", reference=reference or None)"
               ".drop(columns=[\"test\", \"significant_5pct\"]), \"Progression ratios by ethnicity group\")"),
      ("code", "view.table(dd.progression_ratios(\"age_band\", reference=reference or None)"
               ".drop(columns=[\"test\", \"significant_5pct\"]), \"Progression ratios by age band\")")]),
    ("04_teams_and_workers", "Teams and workers",
     "Timeliness, open cases and visits by team and worker (RESTRICTED: worker names). Each "
     "table adds up to the report's indicator for the same window.",
     'month = ""  # a month (YYYY-MM) for the timeliness tables (empty: the report period)',
     [("md", "## Timeliness"),
      ("code", "window = {\"month\": month} if month else {}\n"
               "view.table(dd.breakdown(\"assessments_within_45wd_pct\", by=\"team\", **window), "
               "\"Assessments completed within 45 working days, by team\")"),
      ("code", "view.table(dd.breakdown(\"assessments_within_45wd_pct\", by=\"worker\", **window), "
               "\"Assessments completed within 45 working days, by worker\")"),
      ("code", "view.table(dd.breakdown(\"icpc_within_15wd_pct\", by=\"team\", **window), "
               "\"ICPCs within 15 working days of the S47 start, by team\")"),
      ("md", "## Open cases at the period end"),
      ("code", "view.table(dd.breakdown(\"cin_open\", by=\"team\", as_at=dd.as_at), \"Children in need, by team\")"),
      ("code", "view.table(dd.breakdown(\"cp_children\", by=\"worker\", as_at=dd.as_at), "
               "\"Children on a CP plan, by worker\")"),
      ("md", "## Visits"),
      ("code", "view.table(dd.breakdown(\"cp_visited_in_timescale_pct\", by=\"worker\", as_at=dd.as_at), "
               "\"Children on a CP plan visited within timescale, by worker\")"),
      ("code", "view.table(dd.breakdown(\"cin_visits_in_timescale_pct\", by=\"team\", as_at=dd.as_at), "
               "\"Children on a CIN plan visited within timescale, by team\")")]),
]
