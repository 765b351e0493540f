"""Reading the case-audit, family-feedback and out-of-hours extracts: header aliases, the
councils' own wordings of grades, services and outcomes, and the free text kept as read."""
import pandas as pd

from .test_extracts import folder_with_annex, load


def test_case_audits_read_with_aliases_and_grade_wordings(tmp_path):
    folder_with_annex(tmp_path)
    (tmp_path / "case_audits.csv").write_text(
        "Audit reference,Date of audit,Team,Service,Audit type,Overall judgement,Themes,Child ID\n"
        "A1,02/07/2018,Assessment Team 1,Assessment service,Case file audit,Requires improvement to be good,"
        "voice of the child;Management oversight,C1\n"
        "A2,2018-07-03,MASH Team,MASH,observation,Grade 2,,\n"
        "A3,2018-07-04,,CWD,dip sample,Excellent,Recording,\n", encoding="utf-8")
    t, log = load(tmp_path)
    a = t["case_audits"]
    assert a["audit_ref"].tolist() == ["A1", "A2", "A3"]
    assert a["service_area"].tolist() == ["ASSESSMENT", "FRONT_DOOR", "DISABLED_CHILDREN"]
    assert a["audit_type"].tolist() == ["CASE", "OBSERVATION", "DIP_SAMPLE"]
    assert a["overall_grade"].tolist()[:2] == ["REQUIRES_IMPROVEMENT", "GOOD"]
    assert pd.isna(a["overall_grade"][2])  # "Excellent" is not on the Ofsted scale: reported, never guessed
    assert a["themes"].tolist()[0] == "VOICE_OF_CHILD;MANAGEMENT_OVERSIGHT"
    f = log.table()
    assert f.loc[f.rule == "READ-CODE", ["row", "column", "value"]].values.tolist() == [[4, "overall_grade", "Excellent"]]


def test_family_feedback_and_out_of_hours_read(tmp_path):
    folder_with_annex(tmp_path)
    (tmp_path / "family_feedback.csv").write_text(
        "feedback_ref,feedback_date,service,respondent,satisfaction,knew why,felt listened to,things improved,comments\n"
        "F1,2018-07-02,Children in need,Parent,8,Yes,No,,\"Helpful, but slow\"\n"
        "F2,2018-07-03,LAC,young person,eleven,U,Y,N,\n", encoding="utf-8")
    (tmp_path / "out_of_hours.csv").write_text(
        "EDT reference,Date of contact,Time of contact,child_id,source,outcome,Referred to day team,police involvement\n"
        "E1,2018-07-07,23:40,C1,Police,Police protection,Y,Y\n"
        "E2,2018-07-09,1730,,A&E,Advice given,N,N\n", encoding="utf-8")
    t, log = load(tmp_path)
    fb = t["family_feedback"]
    assert fb["service_area"].tolist() == ["FAMILY_SOCIAL_WORK", "LOOKED_AFTER"]
    assert fb["respondent"].tolist() == ["PARENT_CARER", "CHILD"]
    assert fb["satisfaction_score"].tolist()[0] == 8 and pd.isna(fb["satisfaction_score"][1])
    assert fb["knew_why_involved"].tolist() == ["Y", "U"] and fb["comments"].tolist()[0] == "Helpful, but slow"
    ooh = t["out_of_hours"]
    assert ooh["outcome"].tolist() == ["POLICE_PROTECTION", "ADVICE"]
    assert ooh["contact_source"].tolist() == ["POLICE", "HEALTH"]
    assert ooh["contact_time"].tolist() == ["23:40", "1730"]
    assert ooh["passed_to_day_team"].tolist() == ["Y", "N"]
    f = log.table()
    assert f.loc[f.rule == "READ-INT", ["table", "row", "column"]].values.tolist() == [
        ["family_feedback", 3, "satisfaction_score"]]
