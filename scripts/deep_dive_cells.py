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
      ("code", 'lists = dd.child_lists(["Events in period", "Journeys"])\n'
               'view.child_list(lists["Events in period"], limit=60)'),
      ("md", "## One-line journeys\n\nChildren with an event in the period, with their whole history. "
             "*Reduced* collapses repeats of the same event in a row; *stages* keeps the first time "
             "each stage was reached; *outcome* is the latest event with its outcome."),
      ("code", 'view.child_list(lists["Journeys"], limit=40)'),
      ("md", "## Most common paths"),
      ("code", "view.table(dd.common_paths(\"reduced\", top, dd.period.start, dd.period.end), "
               "\"Most common journeys (repeats collapsed)\")"),
      ("code", "view.table(dd.common_paths(\"stages\", top, dd.period.start, dd.period.end), "
               "\"Most common sequences of stages\")"),
      ("md", "## Where children went next\n\nChildren with a referral in the period, from their first "
             "referral in it through their next events, followed to the end of the data. The table "
             "under the chart gives every flow, including the children with no later event."),
      ("code", "view.figure(dd.sankey(steps=steps))"),
      ("code", "view.table(dd.path_flows(steps=steps), \"Where children went next: every flow\", limit=None, "
               "print_rows=20, print_note=\"Printed: the first 20 flows (the diagram above draws them all).\")"),
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
     "top = 20  # rows of the longest-open lists shown (the pack's workbook holds them all)",
     [("md", "## Referral to CP plan, referral to care, CP plan to care\n\nEach plan (or care "
             "start) is paired with the child's latest referral (or plan) on or before it. Years "
             "are financial years ending 31 March, from the first with a whole year of the earlier "
             "list behind it (an Annex A list holds little before its window)."),
      ("code", "drift = dd.drift_tables()\n"
               "view.summary(drift[\"Referral to CP plan\"])"),
      ("code", "view.figure(dd.interval_chart(\"referral\", \"cp_plan\"), \"Days from referral to CP plan\")"),
      ("code", "view.summary(drift[\"Referral to care\"])"),
      ("code", "view.figure(dd.interval_chart(\"referral\", \"care\"), \"Days from referral to care\")"),
      ("code", "view.summary(drift[\"CP plan to care\"])"),
      ("code", "view.summary(drift[\"Between CP plans\"])"),
      ("md", "## Open beyond chosen lengths, as at the date\n\nStatus, team, worker, last visit and "
             "last review are the latest on or before the date - never from after it. Visits and "
             "reviews are measured against these settings:"),
      ("code", "view.table(dd.visit_and_review_settings(), \"Visit and review intervals (params conventions)\")"),
      ("code", "lists = dd.child_lists([\"CIN open long\", \"CIN not reviewed\", \"CP plans long\", \"Repeat referrals\", "
               "\"Repeat CP plans\", \"Assessments not authorised\", \"S47 without outcome\"], as_at=as_at, "
               "cin_longer_than=cin_longer_than, cp_longer_than=cp_longer_than, "
               "not_reviewed_within=not_reviewed_within, referrals_at_least=referrals_at_least)\n"
               "DRIFT_COLUMNS = [\"child_id\", \"start\", \"days_open\", \"status\", \"team\", \"worker\", \"last_visit\", \"visit_overdue\", \"review_kind\", \"last_review\", \"review_overdue\"]  # on the page; the workbook has every column\n"
               "view.child_list(lists[\"CIN open long\"], DRIFT_COLUMNS)"),
      ("code", "view.child_list(lists[\"CIN not reviewed\"], DRIFT_COLUMNS)"),
      ("code", "view.child_list(lists[\"CP plans long\"], DRIFT_COLUMNS)"),
      ("md", "## Repeat referrals and repeat plans"),
      ("code", "view.table(dd.repeat_counts(\"referrals\"), f\"Children by number of referrals in {dd.period.title}\")"),
      ("code", "view.child_list(lists[\"Repeat referrals\"], [\"child_id\", \"referrals\", \"referral_dates\", "
               "\"nfa_referrals\", \"referral_source_label\", \"team\", \"worker\"])"),
      ("code", "view.child_list(lists[\"Repeat CP plans\"], [\"child_id\", \"cpp_start_date\", \"previous_plan_end\", "
               "\"days_since_previous_plan_ended\", \"earlier_plan_before_data\", \"initial_category_label\", \"team\"])"),
      ("md", "## Assessments and S47 enquiries open longest"),
      ("code", "view.child_list(lists[\"Assessments not authorised\"], limit=top)"),
      ("code", "view.child_list(lists[\"S47 without outcome\"], limit=top)")]),
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
      ("code", "rates = dd.disproportionality_tables(reference or None, min_population)\n"
               "view.summary(rates[\"Rates by ethnicity\"]) if \"Rates by ethnicity\" in rates "
               "else view.note(\"No population by ethnicity supplied (docs/input-formats.md).\")"),
      ("code", "view.summary(rates[\"Open rates by ethnicity\"]) if \"Open rates by ethnicity\" in rates else None"),
      ("code", "view.figure(dd.rri_chart(\"referral\", \"ethnicity_group\"), \"RRI of referral by ethnicity\") "
               "if dd.has_population(\"ethnicity_group\") else None"),
      ("code", "view.figure(dd.rri_chart(\"cp_plan\", \"ethnicity_group\"), \"RRI of CP plans by ethnicity\") "
               "if dd.has_population(\"ethnicity_group\") else None"),
      ("md", "## Ethnicity in detail, with England and the statistical neighbours\n\nOne row per CIN "
             "ethnicity code where the population allows (smaller ones pooled within their group). "
             "The England and neighbour columns are shares of the whole population (Census 2021, all "
             "ages): DfE's children-in-need figures by ethnicity are not shipped with the package."),
      ("code", "view.summary(rates[\"Ethnicity detail in need\"])"),
      ("code", "view.summary(rates[\"Ethnicity detail CP plans\"])"),
      ("md", "## By age band and sex"),
      ("code", "view.summary(rates[\"Rates by age band\"]) if \"Rates by age band\" in rates "
               "else view.note(\"No population by age band supplied.\")"),
      ("code", "view.summary(rates[\"Rates by sex\"]) if \"Rates by sex\" in rates "
               "else view.note(\"No population by sex supplied.\")"),
      ("md", "## Progression from one stage to the next\n\nOf the children referred in the period, "
             "the share of each group reaching each next stage, against the reference group."),
      ("code", "view.summary(rates[\"Progression by ethnicity\"].drop(columns=[\"test\", \"significant_5pct\"]))"),
      ("code", "view.summary(rates[\"Progression by age band\"].drop(columns=[\"test\", \"significant_5pct\"]))")]),
    ("04_teams_and_workers", "Teams and workers",
     "Timeliness, open cases and visits by team and worker (RESTRICTED: worker names). Each "
     "table ends with a Total row - the report's indicator for the same window - and gives "
     "percentages with their 95% interval, so a small team's figure is read with its uncertainty.",
     'month = ""  # a month (YYYY-MM) for the timeliness tables (empty: the report period)',
     [("code", "teams = dd.team_tables(month)"),
      ("md", "## Timeliness"),
      ("code", "view.summary(teams[\"Assessments 45wd by team\"])"),
      ("code", "view.summary(teams[\"Assessments 45wd by worker\"])"),
      ("code", "view.summary(teams[\"ICPC 15wd by team\"])"),
      ("md", "## Open cases at the period end"),
      ("code", "view.summary(teams[\"CIN by team\"])"),
      ("code", "view.summary(teams[\"CP children by worker\"])"),
      ("md", "## Visits"),
      ("code", "view.summary(teams[\"CP visits by worker\"])"),
      ("code", "view.summary(teams[\"CIN visits by team\"])")]),
]
