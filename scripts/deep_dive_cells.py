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
      ("code", 'lists = dd.child_lists(["Events in period", "Journeys"])\n'
               'view.child_list(lists["Events in period"], limit=60)'),
      ("md", "## One-line journeys\n\nChildren with an event in the period, with their whole history. "
             "*Reduced* collapses repeats of the same event in a row; *stages* keeps the first time "
             "each stage was reached."),
      ("code", 'view.child_list(lists["Journeys"], limit=40)'),
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
      ("md", "## Open beyond chosen lengths"),
      ("code", "lists = dd.child_lists([\"CIN open long\", \"CP plans long\", \"Re-referrals\", \"Repeat CP plans\", "
               "\"Assessments not authorised\", \"S47 without outcome\"], cin_longer_than=cin_longer_than, "
               "cp_longer_than=cp_longer_than)\n"
               "view.child_list(lists[\"CIN open long\"])"),
      ("code", "view.child_list(lists[\"CP plans long\"], [\"child_id\", \"cpp_start_date\", \"days_on_plan\", "
               "\"latest_category_label\", \"team\", \"worker\"])"),
      ("md", "## Repeat referrals and repeat plans"),
      ("code", "view.table(dd.repeat_counts(\"referrals\"), f\"Children by number of referrals in {dd.period.title}\")"),
      ("code", "view.child_list(lists[\"Re-referrals\"], [\"child_id\", \"referral_date\", \"previous_referral\", "
               "\"referral_source_label\", \"team\"])"),
      ("code", "view.child_list(lists[\"Repeat CP plans\"], [\"child_id\", \"cpp_start_date\", \"previous_plans\", "
               "\"initial_category_label\", \"team\"])"),
      ("md", "## Assessments and S47 enquiries open longest"),
      ("code", "view.child_list(lists[\"Assessments not authorised\"], limit=top)"),
      ("code", "view.child_list(lists[\"S47 without outcome\"], limit=top)")]),
    ("03_disproportionality", "Disproportionality",
     "Rates per 10,000 children by ethnicity group, age band and sex at each stage, against the "
     "child population; the relative rate index (RRI) against a reference group with its 95% "
     "interval (Katz) and a chi-squared or exact test; and the progression ratio from one stage "
     "to the next - who is referred against who ends on a plan. Rates are for the period, not "
     "annualised.",
     'reference = ""  # reference group (empty: White British, Female, 10 to 15)',
     [("code", "view.table(dd.population().drop_duplicates(\"source\")[[\"source\"]], \"Population used\")"),
      ("md", "## By ethnicity group"),
      ("code", "rates = dd.disproportionality_tables(reference or None)\n"
               "view.summary(rates[\"Rates by ethnicity\"]) if \"Rates by ethnicity\" in rates "
               "else view.note(\"No population by ethnicity supplied (docs/input-formats.md).\")"),
      ("code", "view.summary(rates[\"Open rates by ethnicity\"]) if \"Open rates by ethnicity\" in rates else None"),
      ("code", "view.figure(dd.rri_chart(\"referral\", \"ethnicity_group\"), \"RRI of referral by ethnicity\") "
               "if dd.has_population(\"ethnicity_group\") else None"),
      ("code", "view.figure(dd.rri_chart(\"cp_plan\", \"ethnicity_group\"), \"RRI of CP plans by ethnicity\") "
               "if dd.has_population(\"ethnicity_group\") else None"),
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
