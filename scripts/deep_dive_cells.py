"""Cells of the deep-dive notebooks (notebooks/deep-dive/), written by make_notebooks.py.

Each notebook: a title and narrative (markdown), a parameters cell (papermill), and one call into
``safeguarding.deepdive`` per block. All logic is in the library (docs/deep-dive.md).
"""
from __future__ import annotations

SETUP = ("from safeguarding.deepdive import DeepDive, view\n\n"
         "dd = DeepDive.load(prepared_dir)\n"
         'view.note(f"{dd.params.council.name}, {dd.period.title}. RESTRICTED: child-level detail, '
         'for use inside the council only.")')

# (slug, title, narrative, extra parameters, [("md", text) | ("code", source)])
DEEP_DIVES = [
    ("01_journeys", "Children's journeys",
     "Every child's events across Annex A Lists 1-8 in date order with their outcomes (referral "
     "NFA, assessment outcome, ICPC not required, plan ended, CIN closed with its reason, care "
     "started and ended), one-line journeys (`C -> R -> AS -> AS-END`), the most common paths, "
     "where children referred in the period went next (a Sankey diagram and its numbers), how "
     "children progress from contact to care and how long each step takes, and one child's timeline.",
     'child_id = ""  # a child to draw (empty: the child with the most events in the period)\n'
     "top = 10  # how many common paths to list\n"
     "steps = 5  # events followed after the referral in the Sankey diagram",
     [("md", "## Events across Lists 1-8\n\nC contact, EH early help, R referral, NFA referral with no "
             "further action, CIN episode start, AS assessment, AS-END assessment completed (with its "
             "outcome), S47 enquiry, ICPC-NR ICPC not required, ICPC, CPP child protection plan, "
             "CPP-END plan ended (with what followed), CLA started to be looked after, CLA-END ceased, "
             "CIN-END CIN episode closed (with its reason)."),
      ("code", "events = dd.events()\n"
               "in_period = events[events[\"date\"].between(dd.period.start, dd.period.end)]\n"
               "view.table(in_period, f\"Events in {dd.period.title}, by child and date\", limit=60)"),
      ("md", "## One-line journeys\n\nChildren with an event in the period, with their whole history. "
             "*Reduced* collapses repeats of the same event in a row; *stages* keeps the first time "
             "each stage was reached; *outcome* is the latest event with its outcome."),
      ("code", "paths = dd.journeys(dd.period.start, dd.period.end)\n"
               "view.table(paths, \"One-line journeys\", limit=40)"),
      ("md", "## Most common paths"),
      ("code", "view.table(dd.common_paths(\"reduced\", top, dd.period.start, dd.period.end), "
               "\"Most common journeys (repeats collapsed)\")"),
      ("code", "view.table(dd.common_paths(\"stages\", top, dd.period.start, dd.period.end), "
               "\"Most common sequences of stages\")"),
      ("md", "## Where children went next\n\nChildren with a referral in the period, from their first "
             "referral in it through their next events, followed to the end of the data. The table "
             "under the chart gives every flow, including the children with no later event."),
      ("code", "view.figure(dd.sankey(steps=steps))"),
      ("code", "view.table(dd.path_flows(steps=steps), \"Where children went next: every flow\", limit=None)"),
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
     "later step started; children open to CIN or CP beyond chosen lengths with where they stood "
     "at the date (status, team, worker, last visit and review as at that date, and whether each "
     "is overdue); repeat referrals and repeat plans; the assessments and S47 enquiries open longest.",
     'as_at = ""  # the date drift is measured at, e.g. "2018-12-31" (empty: the period end)\n'
     'cin_longer_than = "2 years"  # CIN open at least this long\n'
     'cp_longer_than = "18 months"  # CP plan open at least this long\n'
     'not_reviewed_within = "6 months"  # CIN plans with no review in this long\n'
     "referrals_at_least = 3  # children with this many referrals in 12 months\n"
     "top = 20  # rows of the longest-open lists",
     [("md", "## Referral to CP plan, referral to care, CP plan to care\n\nEach plan (or care "
             "start) is paired with the child's latest referral (or plan) on or before it. Years "
             "are financial years ending 31 March."),
      ("code", "view.table(dd.interval_summary(\"referral\", \"cp_plan\"), \"Days from referral to CP plan\")"),
      ("code", "view.figure(dd.interval_chart(\"referral\", \"cp_plan\"), \"Days from referral to CP plan\")"),
      ("code", "view.table(dd.interval_summary(\"referral\", \"care\"), \"Days from referral to care\")"),
      ("code", "view.figure(dd.interval_chart(\"referral\", \"care\"), \"Days from referral to care\")"),
      ("code", "view.table(dd.interval_summary(\"cp_plan\", \"care\"), \"Days from CP plan to care\")"),
      ("code", "view.table(dd.interval_summary(\"cp_plan\", \"cp_plan\"), "
               "\"Days between a child's consecutive CP plans (starts)\")"),
      ("md", "## Open beyond chosen lengths, as at the date\n\nStatus, team, worker, last visit and "
             "last review are the latest on or before the date - never from after it. Visits and "
             "reviews are measured against these settings:"),
      ("code", "when = as_at or f\"{dd.as_at:%Y-%m-%d}\"\n"
               "view.table(dd.visit_and_review_settings(), \"Visit and review intervals (params conventions)\")"),
      ("code", "view.table(dd.open_longer_than(\"cin\", cin_longer_than, when), "
               "f\"Children open to CIN at {when} for {cin_longer_than} or more\")"),
      ("code", "view.table(dd.open_longer_than(\"cin\", cin_longer_than, when, exclude=(\"looked_after\", \"cp_plan\"), "
               "not_reviewed_within=not_reviewed_within), f\"Children on a CIN plan (not looked after, not on "
               "a CP plan) open {cin_longer_than} or more at {when} with no CIN review in {not_reviewed_within}\")"),
      ("code", "view.table(dd.open_longer_than(\"cp\", cp_longer_than, when), "
               "f\"Children on a CP plan at {when} for {cp_longer_than} or more\")"),
      ("md", "## Repeat referrals and repeat plans"),
      ("code", "view.table(dd.repeat_counts(\"referrals\"), f\"Children by number of referrals in {dd.period.title}\")"),
      ("code", "view.table(dd.repeat_referrals(referrals_at_least, \"12 months\", when), "
               "f\"Children with {referrals_at_least} or more referrals in the 12 months to {when}\")"),
      ("code", "view.table(dd.repeat_plans(\"2 years\", \"12 months\", when), f\"CP plans starting in the 12 "
               "months to {when} within 2 years of the previous plan ending (or with an earlier plan before the data)\")"),
      ("md", "## Assessments and S47 enquiries open longest"),
      ("code", "view.table(dd.open_longest(\"assessments\", when, top=top), "
               "f\"Assessments not authorised at {when}, longest first\")"),
      ("code", "view.table(dd.open_longest(\"s47\", when, top=top), "
               "f\"S47 enquiries without an outcome at {when}, longest first\")")]),
    ("03_disproportionality", "Disproportionality",
     "Rates per 10,000 children by ethnicity (in ten groups, and in detail: Black Caribbean, Black "
     "African ...), age band and sex at each stage, against the child population; the relative "
     "rate index (RRI) against a reference group with its 95% interval (Katz) and a chi-squared or "
     "exact test; the ethnic mix of England and the statistical neighbours beside the council's; "
     "and the progression ratio from one stage to the next - who is referred against who ends on "
     "a plan. Rates are for the period, not annualised.",
     'reference = ""  # reference group (empty: White British, Female, 10 to 15)\n'
     "min_population = 1000  # detailed ethnic groups with a smaller population are pooled within their group",
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
      ("md", "## Ethnicity in detail, with England and the statistical neighbours\n\nOne row per CIN "
             "ethnicity code where the population allows (smaller ones pooled within their group). "
             "The England and neighbour columns are shares of the whole population (Census 2021, all "
             "ages): DfE's children-in-need figures by ethnicity are not shipped with the package."),
      ("code", "view.table(dd.ethnicity(\"in_need\", reference=reference or None, min_population=min_population), "
               "f\"Children in need at {dd.as_at:%d %b %Y} by ethnicity in detail\")"),
      ("code", "view.table(dd.ethnicity(\"cp_plan\", reference=reference or None, min_population=min_population), "
               "f\"Children starting a CP plan in {dd.period.title} by ethnicity in detail\")"),
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
