"""Write the section notebooks in notebooks/ from one spec, so they stay thin and consistent.

Run after changing a section's cells: ``.venv/bin/python scripts/make_notebooks.py``.
The notebooks are committed without outputs; all logic lives in safeguarding.report.notebook.
"""
from __future__ import annotations

from pathlib import Path

import nbformat
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook

from safeguarding.report.sections import SECTIONS

NOTEBOOKS = Path(__file__).resolve().parents[1] / "notebooks"

# Cells after the header, per section: each is one call into the library.
BODY = {
    "summary": ["section.scorecard()", "section.key_messages()", "section.notes_on_method()"],
    "front_door": ["section.indicator_table()", "section.trend_chart()",
                   'section.breakdown_chart("contact_sources")', "section.spc_charts()",
                   "section.benchmarks()", "section.commentary()", "section.definitions()"],
    "assessments": ["section.indicator_table()", "section.trend_chart()",
                    'section.breakdown_chart("assessment_duration_bands")',
                    'section.breakdown_chart("icpc_timeliness_bands")', "section.spc_charts()",
                    "section.benchmarks()", "section.commentary()", "section.definitions()"],
    "cin": ["section.indicator_table()", "section.trend_chart()",
            'section.breakdown_chart("primary_need_mix")', 'section.breakdown_chart("cin_episode_length_bands")',
            "section.spc_charts()", "section.benchmarks()", "section.commentary()", "section.definitions()"],
    "cp": ["section.indicator_table()", "section.trend_chart()",
           'section.breakdown_chart("cp_latest_category")', 'section.breakdown_chart("cp_open_duration_bands")',
           "section.spc_charts()", "section.benchmarks()", "section.commentary()", "section.definitions()"],
    "private_fostering": ["section.indicator_table()", "section.trend_chart()",
                          'section.breakdown_chart("pf_notification_sources")',
                          'section.breakdown_table("pf_ethnicity")', "section.commentary()",
                          "section.definitions()"],
    "young_carers": ["section.indicator_table()", "section.trend_chart()",
                     'section.breakdown_chart("yc_age_profile")', 'section.breakdown_chart("yc_sex")',
                     'section.breakdown_table("yc_identification_sources")', "section.commentary()",
                     "section.definitions()"],
    "lado": ["section.indicator_table()", "section.trend_chart()",
             'section.breakdown_table("lado_outcomes_by_sector", taken_forward_only=False)',
             'section.breakdown_chart("lado_conclusion_times")', "section.commentary()",
             "section.definitions()"],
    "proceedings": ["section.indicator_table()", "section.proceedings_summary()", "section.trend_chart()",
                    "section.benchmarks()", "section.commentary()", "section.definitions()"],
    "improvement_plan": ["section.plan_overview()", "section.plan_by_area()", "section.plan_due_vs_completed()",
                         "section.plan_overdue()", "section.plan_revisions()", "section.plan_measures()",
                         "section.plan_changes()", "section.commentary()"],
    "data_quality": ["section.coverage()", "section.row_accounts()", "section.findings_by_rule()", "section.findings_rows()",
                     "section.rule_catalogue()"],
}


def build(spec) -> nbformat.NotebookNode:
    about = new_markdown_cell(
        f"# {spec.title}\n\n"
        "One section of the safeguarding performance report. Run it top to bottom in JupyterLab on its "
        "defaults (a small synthetic council, built on first use), or let `safeguarding run` execute it "
        "with papermill for a chosen period. All logic is in `safeguarding.report.notebook`; this cell is "
        "not rendered.")
    about.metadata["tags"] = ["remove-cell"]
    params = new_code_cell(
        'prepared_dir = ""  # folder written by safeguarding run (empty: a small synthetic council)\n'
        'edition = "open"  # open (published, small numbers suppressed) or restricted (internal)')
    params.metadata["tags"] = ["parameters"]
    header = new_code_cell(
        "from safeguarding.report.notebook import open_section\n\n"
        f'section = open_section("{spec.key}", prepared_dir, edition)\n'
        "section.header()")
    cells = [about, params, header] + [new_code_cell(src) for src in BODY[spec.key]]
    if spec.key in ("front_door", "assessments", "cp"):
        drill = new_markdown_cell(
            "**Drilling down (restricted, not rendered):** with `edition = \"restricted\"`, "
            "`section.cohort(name)` lists the children behind an indicator - the deep dive's "
            "`DeepDive.cohort` (docs/deep-dive.md): any indicator id (`section.cohort(\"rereferral_pct\", "
            "month=\"2018-11\")`), or `\"cp_open_two_years_or_more\"`, `\"assessments_over_timescale\"`, "
            "`\"icpcs_over_timescale\"`, `\"rereferrals\"`, `\"cp_not_visited_in_timescale\"`.")
        drill.metadata["tags"] = ["remove-cell"]
        cells.append(drill)
    for i, cell in enumerate(cells):
        cell.id = f"{spec.key}-{i}"  # stable ids: regenerating gives no spurious diff
    nb = new_notebook(cells=cells)
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    nb.metadata["language_info"] = {"name": "python"}
    return nb


def build_deep_dive(slug, title, narrative, parameters, blocks) -> nbformat.NotebookNode:
    from deep_dive_cells import SETUP

    params = new_code_cell('prepared_dir = ""  # empty: the latest prepared run under outputs/; or a run\'s '
                           'restricted/prepared folder; "synthetic": a small synthetic council\n' + parameters)
    params.metadata["tags"] = ["parameters"]
    cells = [new_markdown_cell(f"# {title}\n\n{narrative}\n\n**RESTRICTED.** Run a copy, not this file: "
                               "`safeguarding workspace` copies the deep-dive notebooks into the git-ignored "
                               "`workspace/deep-dive/`; open them there. With `prepared_dir` empty the notebook "
                               "uses the latest prepared run under `outputs/`."),
             params, new_code_cell(SETUP)]
    cells += [new_markdown_cell(src) if kind == "md" else new_code_cell(src) for kind, src in blocks]
    for i, cell in enumerate(cells):
        cell.id = f"{slug}-{i}"
    nb = new_notebook(cells=cells)
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    nb.metadata["language_info"] = {"name": "python"}
    return nb


def main() -> None:
    import sys

    sys.path.insert(0, str(Path(__file__).parent))
    from deep_dive_cells import DEEP_DIVES

    NOTEBOOKS.mkdir(exist_ok=True)
    for spec in SECTIONS:
        nbformat.write(build(spec), str(NOTEBOOKS / spec.notebook))
        print("wrote", spec.notebook)
    (NOTEBOOKS / "deep-dive").mkdir(exist_ok=True)
    for slug, *rest in DEEP_DIVES:
        nbformat.write(build_deep_dive(slug, *rest), str(NOTEBOOKS / "deep-dive" / f"{slug}.ipynb"))
        print("wrote", f"deep-dive/{slug}.ipynb")


if __name__ == "__main__":
    main()
