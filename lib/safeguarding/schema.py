"""The prepared ("tidy") tables every later step reads.

This module is the contract between the readers (``safeguarding.inputs``), which turn whatever
a council hands over into these tables, and everything downstream (rules, indicators,
notebooks), which never sees a raw header or a lettered code.

Conventions for every tidy table
--------------------------------
* Column names are snake_case and fixed; the readers map every accepted header variant onto them.
* Dates are ``datetime64[ns]`` at midnight (time parts dropped); missing = ``NaT``.
* Yes/no/unknown columns hold the strings ``"Y"``, ``"N"``, ``"U"``, or missing (``<NA>``).
* Coded columns hold the *core* code, never the Annex A label: sex ``M/F/U/I``; ethnicity the
  4-letter CIN code (``WBRI`` ...); contact and referral source ``1A`` ... ``10``; primary need
  ``N0`` ... ``N9``; closure reason ``RC1`` ... ``RC9``; case status ``LAC/CPP/CINP/ASMT/CLOSED``;
  category of abuse ``NEG/PHY/SAB/EMO/MUL``.
* Counts are nullable integers (``Int64``).
* Every row keeps where it came from: ``source_file`` (file name, no folder), ``source_sheet``
  (sheet name, or ``""`` for CSV) and ``source_row`` (the row number the analyst sees in Excel,
  1-based, header row included, so the first data row under a header in row 1 is row 2).
* Validation (``safeguarding.rules.validate``) returns cleaned copies: a rule with action
  ``blank`` sets the untrustworthy field to missing (the row still counts where its other fields
  are sound); a rule with action ``drop`` removes the row. Rows that cannot be read at all (for
  example a missing child ID) are dropped by the reader. Every one is a finding, and counted.

Identifiers that must never reach a published output are listed in ``IDENTIFYING_COLUMNS``.
"""
from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import pandas as pd

PROVENANCE = ["source_file", "source_sheet", "source_row"]

# Columns shared by Annex A lists 1-10 (section 2 of the Annex A reference).
COMMON = ["child_id", "sex", "ethnicity", "date_of_birth", "age"]

# kind per column: id | str | code | date | yn | int | float
ANNEX_A_TABLES: dict[str, dict[str, str]] = {
    # List 1 - one row per contact
    "contacts": {
        "child_id": "id", "sex": "code", "ethnicity": "code", "date_of_birth": "date", "age": "float",
        "contact_date": "date", "contact_source": "code",
        # optional local column (not in the Ofsted template): date the MASH/front door decided
        # next steps. Feeds "MASH decisions within timescale" when present.
        "contact_decision_date": "date",
    },
    # List 2 - one row per early help assessment (or episode)
    "early_help": {
        "child_id": "id", "sex": "code", "ethnicity": "code", "date_of_birth": "date", "age": "float",
        "eh_start_date": "date", "eh_end_date": "date", "eh_organisation": "str",
    },
    # List 3 - one row per referral
    "referrals": {
        "child_id": "id", "sex": "code", "ethnicity": "code", "date_of_birth": "date", "age": "float",
        "referral_date": "date", "referral_source": "code", "referral_nfa": "yn",
        "referrals_last_12m": "int", "team": "str", "worker": "str",
    },
    # List 4 - one row per (continuous) assessment
    "assessments": {
        "child_id": "id", "sex": "code", "ethnicity": "code", "date_of_birth": "date", "age": "float",
        "disability": "yn", "assessment_start_date": "date", "child_seen": "yn",
        "assessment_auth_date": "date", "support_required": "yn", "team": "str", "worker": "str",
    },
    # List 5 - one row per S47 enquiry (and its ICPC)
    "s47": {
        "child_id": "id", "sex": "code", "ethnicity": "code", "date_of_birth": "date", "age": "float",
        "disability": "yn", "s47_start_date": "date", "icpc_not_required": "yn", "icpc_date": "date",
        "icpc_to_plan": "yn", "s47s_last_12m": "int", "icpcs_last_12m": "int",
        "team": "str", "worker": "str",
    },
    # List 6 - one row per CIN episode
    "cin": {
        "child_id": "id", "sex": "code", "ethnicity": "code", "date_of_birth": "date", "age": "float",
        "disability": "yn", "cin_start_date": "date", "primary_need": "code", "last_seen_date": "date",
        "cin_closure_date": "date", "closure_reason": "code", "case_status": "code",
        "team": "str", "worker": "str",
    },
    # List 7 - one row per CP plan
    "cp_plans": {
        "child_id": "id", "sex": "code", "ethnicity": "code", "date_of_birth": "date", "age": "float",
        "disability": "yn", "cpp_start_date": "date", "initial_category": "code",
        "latest_category": "code", "last_visit_date": "date", "seen_alone": "yn",
        "latest_review_date": "date", "cpp_end_date": "date", "epo_last_6m": "yn",
        "previous_plans": "int", "team": "str", "worker": "str",
        # restricted: the categories named in a combined value read as MUL ("NEG;EMO")
        "initial_category_parts": "str", "latest_category_parts": "str",
    },
    # List 8 - one row per care episode (read for cross-reference only)
    "looked_after": {
        "child_id": "id", "sex": "code", "ethnicity": "code", "date_of_birth": "date", "age": "float",
        "cla_start_date": "date", "cla_end_date": "date", "legal_status": "str",
        "team": "str", "worker": "str",
    },
}

# No children's social care event in these inputs can be dated before this: earlier dates (a
# contact on 1900-01-01, a default "zero date") are data errors, never coverage.
EARLIEST_PLAUSIBLE_DATE = "1990-01-01"
# The dates that put a row of each local extract in its window (the earliest of them on the
# row): where an extract starts (``history.local_windows``, ``conventions.local_data_from``).
LOCAL_EVENT_DATES = {"lado_allegations": ("date_received",), "pf_arrangements": ("notification_date",),
                     "pf_visits": ("visit_date",), "young_carers": ("identified_date",),
                     "pre_proceedings": ("prep_pre_pro_decision_date", "care_proc_issue_date"),
                     "case_activity": ("activity_date",)}

# Annex A list number -> tidy table name.
LIST_TABLES = {1: "contacts", 2: "early_help", 3: "referrals", 4: "assessments", 5: "s47",
               6: "cin", 7: "cp_plans", 8: "looked_after"}

# Local extracts (docs/input-formats.md). Column names are the documented snake_case names.
LOCAL_TABLES: dict[str, dict[str, str]] = {
    "lado_allegations": {
        "lado_ref": "id", "date_received": "date", "contact_type": "code", "referral_source": "code",
        "employment_sector": "code", "role_type": "code", "allegation_category": "code",
        "threshold_met": "yn", "harm_test_criteria": "code", "threshold_decision_date": "date",
        "strategy_meeting_date": "date", "police_involved": "yn", "s47_enquiry": "yn",
        "suspended": "yn", "date_concluded": "date", "outcome": "code", "dbs_referral": "yn",
        "regulator_referral": "yn", "employer_action": "code", "children_involved": "int",
        "child_ids": "id",
    },
    "pf_arrangements": {
        "arrangement_id": "id", "child_id": "id", "sex": "code", "ethnicity": "code",
        "date_of_birth": "date", "disability": "yn", "notification_date": "date",
        "notification_type": "code", "notification_source": "code", "pf_category": "code",
        "proposal_visit_date": "date", "arrangement_start_date": "date",
        "initial_visit_date": "date", "initial_visit_seen_alone": "yn",
        "suitability_assessment_date": "date", "suitability_outcome": "code",
        "end_date": "date", "end_reason": "code",
    },
    "pf_visits": {
        "arrangement_id": "id", "visit_date": "date", "visit_type": "code", "child_seen": "yn",
        "seen_alone": "yn", "report_date": "date",
    },
    "young_carers": {
        "yc_ref": "id", "child_id": "id", "sex": "code", "ethnicity": "code", "date_of_birth": "date",
        "identified_date": "date", "identification_source": "code",
        "cared_for_relationship": "code", "cared_for_need": "code",
        "assessment_request_date": "date", "assessment_start_date": "date",
        "assessment_completed_date": "date", "assessment_type": "code",
        "assessment_outcome": "code", "support_plan_start_date": "date",
        "latest_review_date": "date", "cin_factor_7a": "yn", "end_date": "date", "end_reason": "code",
    },
    "pre_proceedings": {
        "prep_table_id": "id", "prep_person_id": "id", "prep_plo_family_id": "id",
        "prep_pre_pro_decision_date": "date", "prep_legal_gateway_outcome": "code",
        "prep_initial_pre_pro_meeting_date": "date", "prep_pre_pro_letter_date": "date",
        "prep_pre_pro_meetings_num": "int", "prep_pre_pro_outcome": "code",
        "prep_agree_stepdown_issue_date": "date", "prep_care_pro_letter_date": "date",
        "prep_care_proc_short_notice": "code", "prep_la_initial_care_plan": "code",
        "prep_la_final_care_plan": "code", "prep_court_reference": "id",
        "care_proc_issue_date": "date", "care_proc_final_order_date": "date",
        "care_proc_final_order": "code", "care_proc_extension": "yn",
    },
    # Statutory visits and reviews, one row per event. Project-defined (SSD-like: ssd_cp_visits,
    # ssd_cp_reviews, ssd_cin_visits). Annex A holds only the *latest* visit and review, which
    # gives one month's snapshot; this extract gives the monthly series.
    "case_activity": {
        "child_id": "id", "activity_type": "code", "activity_date": "date", "seen_alone": "yn",
    },
    "improvement_actions": {
        "action_ref": "id", "area": "str", "recommendation": "str", "recommendation_source": "code",
        "action": "str", "owner": "str", "target_date": "date", "revised_date": "date",
        "reason_for_revision": "str", "status": "code", "completed_date": "date",
        "progress_summary": "str", "last_updated": "date",
    },
    "improvement_measures": {
        "measure_id": "id", "action_ref": "id", "area": "str", "measure_type": "code",
        "measure": "str", "indicator_id": "str", "unit": "code", "polarity": "code",
        "baseline_value": "float", "baseline_period": "str", "target_value": "float",
        "target_date": "date", "latest_value": "float", "latest_period": "str",
        "previous_value": "float", "tolerance_type": "code", "amber_band": "float",
        "rag": "code", "direction_of_travel": "code", "source": "str", "notes": "str",
    },
    # 0-17 population by mid-year (ONS mid-year estimates).
    "population": {"mid_year": "int", "population_0_17": "int"},
}

# Activity types accepted in case_activity.csv
CASE_ACTIVITY_TYPES = {
    "CP_VISIT": "statutory visit to a child on a CP plan",
    "CIN_VISIT": "visit to a child on a CIN plan",
    "RCPC": "review child protection conference",
    "CORE_GROUP": "core group meeting",
    "CIN_REVIEW": "CIN plan review",
    "STRATEGY_DISCUSSION": "strategy discussion (including those that did not start an S47)",
}

ALL_TABLES = {**ANNEX_A_TABLES, **LOCAL_TABLES}

# Never in an open (published) output, in any form.
IDENTIFYING_COLUMNS = {
    "child_id", "date_of_birth", "team", "worker", "lado_ref", "child_ids", "arrangement_id",
    "yc_ref", "prep_table_id", "prep_person_id", "prep_plo_family_id", "prep_court_reference",
}
# Columns whose *values* the leak check searches for in open outputs.
LEAK_CHECK_COLUMNS = ["child_id", "team", "worker", "lado_ref", "arrangement_id", "yc_ref",
                      "prep_person_id", "prep_court_reference"]


def columns(table: str) -> list[str]:
    """Tidy column names of ``table`` (without provenance columns)."""
    return list(ALL_TABLES[table])


_DTYPES = {"id": "string", "str": "string", "code": "string", "yn": "string", "date": "datetime64[ns]",
           "int": "Int64", "float": "float64"}


def empty_table(table: str) -> "pd.DataFrame":
    """A tidy table with no rows, the schema's columns and dtypes, and provenance columns."""
    import pandas as pd
    cols = {c: pd.Series(dtype=_DTYPES[k]) for c, k in ALL_TABLES[table].items()}
    cols.update({"source_file": pd.Series(dtype="string"), "source_sheet": pd.Series(dtype="string"),
                 "source_row": pd.Series(dtype="Int64")})
    return pd.DataFrame(cols)


def tidy_frame(table: str, rows) -> "pd.DataFrame":
    """Build a tidy table from already-clean rows (list of dicts or a DataFrame) - for tests and
    the generator's self-checks. Missing columns are added empty; kinds are coerced."""
    import pandas as pd
    frame = pd.DataFrame(rows).copy() if not isinstance(rows, pd.DataFrame) else rows.copy()
    base = empty_table(table)
    for col in base.columns:
        if col not in frame.columns:
            frame[col] = pd.Series([None] * len(frame), dtype=base[col].dtype)
        elif base[col].dtype == "datetime64[ns]":
            frame[col] = pd.to_datetime(frame[col]).astype("datetime64[ns]")
        else:
            frame[col] = frame[col].astype(base[col].dtype)
    return frame[list(base.columns)].reset_index(drop=True)


def empty_tables() -> dict:
    """Every tidy table, empty."""
    return {name: empty_table(name) for name in ALL_TABLES}
