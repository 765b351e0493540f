"""Breakdowns of the quality, out-of-hours and caseload blocks, on hand-built tables."""
import pandas as pd

from safeguarding.indicators.breakdowns import (audit_grades_by_area, caseload_by_team, feedback_by_area,
                                                ooh_outcomes_by_timing)

from .helpers import make_tables

JUL, DEC = pd.Timestamp("2018-07-01"), pd.Timestamp("2018-12-31")


def test_audit_grades_by_area_two_grade_groups_in_code_list_order():
    audits = [{"audit_ref": r, "audit_date": d, "service_area": a, "overall_grade": g} for r, d, a, g in [
        ("1", "2018-07-02", "FAMILY_SOCIAL_WORK", "GOOD"), ("2", "2018-07-03", "FAMILY_SOCIAL_WORK", "INADEQUATE"),
        ("3", "2018-08-01", "ASSESSMENT", "OUTSTANDING"), ("4", "2018-08-02", "ASSESSMENT", "REQUIRES_IMPROVEMENT"),
        ("5", "2018-08-03", None, "GOOD"), ("6", "2018-08-04", "ASSESSMENT", None),  # no grade: not counted
        ("7", "2018-06-30", "ASSESSMENT", "GOOD")]]  # before the window
    table = audit_grades_by_area(make_tables(case_audits=audits), JUL, DEC)
    assert table.index.tolist() == ["Assessment", "Family social work (children in need and child protection)",
                                    "Not recorded"]
    assert table.to_numpy().tolist() == [[1, 1], [1, 1], [1, 0]]


def test_feedback_by_area_parts_of_the_averages():
    rows = [{"feedback_ref": r, "feedback_date": "2018-07-02", "service_area": "ASSESSMENT", "satisfaction_score": s,
             "knew_why_involved": k} for r, s, k in [("1", 8, "Y"), ("2", None, "N"), ("3", 4, "U"), ("4", 6, None)]]
    f = feedback_by_area(make_tables(family_feedback=rows), JUL, DEC).loc["Assessment"]
    assert (f["responses"], f["scored"], f["score_sum"]) == (4, 3, 18)
    assert (f["knew_why_involved_yes"], f["knew_why_involved_answered"]) == (1, 2)


def test_ooh_outcomes_by_timing():
    rows = [{"ooh_ref": r, "contact_date": d, "contact_time": t, "outcome": o, "passed_to_day_team": "Y"}
            for r, d, t, o in [("1", "2018-07-02", "18:00", "ADVICE"), ("2", "2018-07-02", "02:00", "ADVICE"),
                               ("3", "2018-07-07", "12:00", "VISIT"), ("4", "2018-07-03", "19:00", "nonsense")]]
    table = ooh_outcomes_by_timing(make_tables(out_of_hours=rows), JUL, DEC)
    assert table.index.tolist() == ["Advice or information only", "Out-of-hours visit or assessment", "Not recorded"]
    # the three out-of-hours timings whatever occurred (the same columns in every report)
    assert table.columns.tolist() == ["Weekday evening (5pm to midnight)", "Weekday night (midnight to 9am)",
                                      "Weekend or bank holiday"]
    assert table.to_numpy().tolist() == [[1, 1, 0], [0, 0, 1], [1, 0, 0]]


def test_caseload_by_team_counts_each_child_once_in_their_latest_team():
    cin = [{"child_id": c, "cin_start_date": s, "cin_closure_date": e, "team": t, "worker": w} for c, s, e, t, w in [
        ("A", "2018-01-01", None, "Team 1", "W1"), ("A", "2018-06-01", None, "Team 2", "W3"),  # latest: Team 2
        ("B", "2018-02-01", None, "Team 1", "W1"), ("C", "2018-03-01", None, "Team 1", None),  # unallocated
        ("D", "2018-03-01", "2018-12-31", "Team 1", "W2"),  # closed on the date: not open at it
        ("E", "2018-04-01", None, None, "W4")]]
    table = caseload_by_team(make_tables(cin=cin), DEC)
    assert table.index.tolist() == ["Team 1", "Team 2", "Not recorded"]
    assert table.to_numpy().tolist() == [[2, 1, 1], [1, 1, 0], [1, 1, 0]]  # children, workers, unallocated
    assert table.attrs["workers_total"] == 3  # W1, W3, W4


def test_audit_themes_count_audits_not_mentions():
    from safeguarding.indicators.breakdowns import audit_themes

    audits = [{"audit_ref": r, "audit_date": "2018-07-02", "service_area": "ASSESSMENT", "overall_grade": "GOOD",
               "themes": t} for r, t in [("1", "RECORDING;VOICE_OF_CHILD"), ("2", "RECORDING;RECORDING"),
                                         ("3", None), ("4", "VISITS")]]
    table = audit_themes(make_tables(case_audits=audits), JUL, DEC)
    assert table["Audits"].to_dict() == {"Voice and experience of the child": 1, "Visits in time": 1, "Recording": 2}
