"""The demo council's improvement-plan tracker (local-extracts.md section 6), current quarter
and the previous quarter's snapshot. Dates are placed relative to the extract date."""
from __future__ import annotations

import pandas as pd

# (ref, area, recommendation, source, action, owner, target (months from extract),
#  status now, status last quarter, revised (months) or None, reason, progress)
_ACTIONS = [
    ("1.1", "Leadership & governance", "Strengthen quality assurance of frontline practice", "OFSTED_ILACS",
     "Re-establish the monthly case-auditing programme", "Head of Quality Assurance", -5, "BLUE", "GREEN", None, "",
     "Monthly audits running since August; findings reported to the quarterly QA meeting."),
    ("1.2", "Leadership & governance", "Strengthen quality assurance of frontline practice", "OFSTED_ILACS",
     "Revise the quality assurance framework and audit tools", "Head of Quality Assurance", -1, "BLUE", "AMBER", None, "",
     "Revised framework signed off in December; first Listening and Learning week held."),
    ("1.3", "Leadership & governance", "Managers use performance information to manage practice", "OFSTED_ILACS",
     "Introduce monthly performance clinics for team managers", "Head of Performance and Intelligence", -6, "BLUE", "BLUE", None, "",
     "Clinics held monthly since July."),
    ("1.4", "Leadership & governance", "Managers use performance information to manage practice", "OFSTED_ILACS",
     "Specify performance data requirements across the service", "Head of Performance and Intelligence", -1, "GREEN", "GREEN", 2, "Case management system release moved",
     "Requirements agreed for front door and CP; CIN and proceedings in progress."),
    ("1.5", "Leadership & governance", "Recording systems support good practice", "PEER_REVIEW",
     "Redesign case-recording forms to support the practice framework", "Principal Social Worker", 3, "AMBER", "GREEN", 6, "Supplier capacity",
     "Design complete; build delayed by supplier capacity."),
    ("2.1", "Generic practice", "Risk is managed proportionately and families are engaged", "OFSTED_ILACS",
     "Introduce a strengths-based practice framework with training for all social workers", "Principal Social Worker", 1, "GREEN", "GREEN", None, "",
     "Training cohort 1 complete; cohort 2 booked."),
    ("2.2", "Generic practice", "Threshold decisions are consistent and proportionate", "OFSTED_FOCUSED_VISIT",
     "Set up a resource and care panel for decisions to issue and to accommodate", "Head of Service, Family Social Work", 0, "GREEN", "AMBER", None, "",
     "Panel terms of reference agreed; first panel held in January."),
    ("2.3", "Generic practice", "Families understand what is happening and why", "AUDIT",
     "Review the interpreting service and its use", "Service Manager, Business Support", 5, "AMBER", "AMBER", None, "",
     "Usage data collected; procurement options being considered."),
    ("2.4", "Generic practice", "Staff are clear about practice standards", "OFSTED_ILACS",
     "Publish practice standards for all core areas and deliver training", "Principal Social Worker", 2, "GREEN", "GREEN", None, "",
     "Standards drafted for assessment and CP; consultation with staff under way."),
    ("2.5", "Generic practice", "Specialist knowledge of domestic abuse and parental mental health", "AUDIT",
     "Create specialist posts for domestic abuse and parental mental health", "Head of Service, Assessment", 4, "RED", "AMBER", 7, "Funding not yet agreed",
     "Business case not approved at the December budget round; resubmitting."),
    ("3.1", "MASH", "Timely and consistent threshold decisions at the front door", "OFSTED_FOCUSED_VISIT",
     "Redesign MASH business processes and ICT workflow", "Head of Service, MASH and Assessment", 0, "AMBER", "GREEN", 1, "Go-live moved after user testing",
     "Go-live moved to early January after user acceptance testing."),
    ("3.2", "MASH", "Consent is sought and recorded", "OFSTED_FOCUSED_VISIT",
     "Issue consent guidance to partners and audit consent recording", "MASH Team Manager", -2, "BLUE", "AMBER", None, "",
     "Guidance issued; audit shows consent recorded in 88% of contacts."),
    ("3.3", "MASH", "Quality of contacts from partners", "OFSTED_FOCUSED_VISIT",
     "Refresh the multi-agency referral form and threshold guidance", "Safeguarding Partnership Business Manager", 2, "GREEN", "GREEN", None, "",
     "New form agreed with police and health; schools briefings scheduled."),
    ("3.4", "MASH", "Decisions within 24 hours", "LOCAL",
     "Report MASH decision timeliness weekly to the head of service", "MASH Team Manager", 1, "GREEN", "RED", None, "",
     "Weekly report now produced from the new workflow."),
    ("4.1", "Assessment & S47", "Assessments are timely and analytical", "OFSTED_ILACS",
     "Weekly tracking of assessments approaching 45 working days", "Head of Service, MASH and Assessment", -3, "BLUE", "BLUE", None, "",
     "Tracker in place; timeliness steady around 85%."),
    ("4.2", "Assessment & S47", "S47 enquiries are well recorded", "OFSTED_ILACS",
     "Redesign recording of S47 enquiries and strategy discussions", "Principal Social Worker", 3, "AMBER", "AMBER", 5, "Depends on action 1.5",
     "Recording templates drafted; awaiting system build."),
    ("4.3", "Assessment & S47", "ICPCs are held within 15 working days", "LOCAL",
     "Book conference slots at the strategy discussion", "Head of Safeguarding and Quality", 1, "GREEN", "GREEN", None, "",
     "Booking at strategy discussion introduced in November."),
    ("5.1", "Children in need", "CIN plans are SMART and regularly reviewed", "OFSTED_ILACS",
     "Thematic review of CIN plans and reviewing arrangements", "Head of Service, Family Social Work", 0, "GREEN", "GREEN", None, "",
     "Audit of 60 CIN plans complete; report due to the improvement board."),
    ("5.2", "Children in need", "CIN plans are SMART and regularly reviewed", "OFSTED_ILACS",
     "Strengthen three-monthly CIN review arrangements", "Head of Service, Family Social Work", 2, "RED", "GREEN", None, "",
     "Only around 40% of CIN plans reviewed in time; recovery plan being agreed."),
    ("5.3", "Children in need", "Step-down to early help is timely", "PEER_REVIEW",
     "Early help peer review of step-down cases", "Head of Early Help", 1, "AMBER", "AMBER", None, "",
     "Peer reviewers identified; fieldwork planned for February."),
    ("6.1", "Private fostering", "The LA is notified of and monitors private fostering arrangements", "AUDIT",
     "Relocate the private fostering worker to the fostering service", "Head of Service, Children in Care", -2, "BLUE", "GREEN", None, "",
     "Move completed in October."),
    ("6.2", "Private fostering", "Awareness of private fostering", "LOCAL",
     "Publish private fostering criteria and offer on the council website", "Private Fostering Lead", 4, "GREEN", "GREEN", None, "",
     "Web content drafted; awareness sessions with language schools booked."),
    ("6.3", "Private fostering", "Visits recorded consistently", "AUDIT",
     "Audit recording of regulation 8 visits", "Private Fostering Lead", 2, "AMBER", "GREEN", None, "",
     "Audit started; early findings show late recording of visit reports."),
    ("7.1", "Young carers", "Young carers are identified and assessed in a timely way", "LOCAL",
     "Thematic review of young carers' identification and assessment", "Head of Early Help", 0, "GREEN", "GREEN", None, "",
     "Data-sharing agreement with the young carers' service signed."),
    ("7.2", "Young carers", "Performance information on young carers", "LOCAL",
     "Produce a quarterly young carers' dataset", "Head of Performance and Intelligence", 3, "AMBER", "AMBER", None, "",
     "Dataset specified; first extract due next quarter."),
    ("8.1", "Child protection", "CP plans used only where needed", "OFSTED_ILACS",
     "Review of children on CP plans for 15 months or more", "Head of Safeguarding and Quality", -1, "BLUE", "AMBER", None, "",
     "All plans over 15 months reviewed; 9 stepped down to CIN."),
    ("8.2", "Child protection", "Core groups review and update plans", "OFSTED_ILACS",
     "Core group minutes template and six-weekly monitoring", "Head of Service, Family Social Work", 1, "GREEN", "GREEN", None, "",
     "Template launched; monitoring report in development."),
    ("8.3", "Child protection", "Children visited within 10 working days", "LOCAL",
     "Weekly exception report of overdue CP visits to team managers", "Head of Performance and Intelligence", -4, "BLUE", "BLUE", None, "",
     "Exception report running since September."),
    ("8.4", "Child protection", "Contextual safeguarding for adolescents", "PEER_REVIEW",
     "Develop a contextual safeguarding service", "Head of Service, Adolescents", 6, "GREEN", "GREEN", None, "",
     "Project plan agreed; funding bid submitted."),
    ("8.5", "Child protection", "Conference facilities fit for families", "LOCAL",
     "Refurbish child protection conference rooms", "Service Manager, Business Support", 2, "AMBER", "AMBER", 4, "Building works rescheduled",
     "Works rescheduled to the spring."),
    ("9.1", "LADO", "Allegations are managed promptly", "AUDIT",
     "Audit of the LADO service and improvement plan", "Head of Safeguarding and Quality", -1, "BLUE", "GREEN", None, "",
     "Audit complete; recommendations accepted."),
    ("9.2", "LADO", "Awareness of the allegations process", "AUDIT",
     "Training for chairs of governors and faith organisations", "LADO", 3, "GREEN", "GREEN", None, "",
     "Two sessions held; faith-sector session planned."),
    ("10.1", "Pre & court proceedings", "Proceedings are a last resort and free of drift", "OFSTED_ILACS",
     "Legal tracking panel with refreshed terms of reference", "Head of Service, Family Social Work", -2, "BLUE", "BLUE", None, "",
     "Panel meets fortnightly and tracks all cases in pre-proceedings."),
    ("10.2", "Pre & court proceedings", "Pre-proceedings are monitored", "LOCAL",
     "Pre-proceedings tracker with monthly reporting", "Head of Performance and Intelligence", 1, "AMBER", "RED", None, "",
     "Tracker built; data being backfilled."),
    ("10.3", "Pre & court proceedings", "Proceedings concluded within 26 weeks", "LOCAL",
     "Case progression reviews at week 12 and week 20", "Court Progression Manager", 0, "GREEN", "GREEN", None, "",
     "Reviews in place; average duration 28 weeks."),
]

_MEASURES = [
    # (id, action_ref, type, measure, indicator_id, unit, polarity, baseline, baseline_period,
    #  target, latest, previous, source)
    ("M01", "4.1", "KPI", "% assessments completed within 45 working days", "assessments_within_45wd_pct",
     "percent", "high", 74.0, "2017-18", 85.0, 85.0, 84.0, "Annex A List 4"),
    ("M02", "3.4", "KPI", "% contacts progressing to a referral", "contacts_to_referral_pct", "percent", "none",
     23.0, "2017-18", None, 25.0, 24.0, "Annex A Lists 1 and 3"),
    ("M03", "3.1", "KPI", "% re-referrals within 12 months", "rereferral_pct", "percent", "low", 15.0, "2017-18",
     16.0, 16.0, 15.5, "Annex A List 3"),
    ("M04", "4.3", "KPI", "% ICPCs within 15 working days of the strategy discussion", "icpc_within_15wd_pct",
     "percent", "high", 68.0, "2017-18", 80.0, 77.0, 74.0, "Annex A List 5"),
    ("M05", "8.3", "KPI", "% children on CP plans visited within 10 working days", "cp_visited_in_timescale_pct",
     "percent", "high", 80.0, "2018-03-31", 90.0, 84.0, 83.0, "case activity extract"),
    ("M06", "8.1", "KPI", "% RCPCs held in timescale", "rcpc_in_timescale_pct", "percent", "high", 93.0,
     "2018-03-31", 95.0, 96.0, 95.0, "case activity extract"),
    ("M07", "5.2", "KPI", "% CIN with an up-to-date plan", "cin_plan_up_to_date_pct", "percent", "high", 52.0,
     "2018-07-31", 90.0, 41.0, 45.0, "case activity extract"),
    ("M08", "6.3", "KPI", "% PF initial visits within 7 working days", "pf_initial_visit_in_time_pct", "percent",
     "high", 70.0, "2017-18", 90.0, 81.0, 78.0, "private fostering extract"),
    ("M09", "9.1", "KPI", "% LADO referrals concluded within one month", "lado_concluded_1m_pct", "percent",
     "high", 76.0, "2017-18", 80.0, 72.0, 76.0, "LADO extract"),
    ("M10", "10.3", "KPI", "Average duration of care proceedings (weeks)", "care_proceedings_avg_weeks", "weeks",
     "low", 27.0, "2017-18", 26.0, 28.0, 27.5, "Cafcass / local tracker"),
    ("M11", "1.1", "QUALITY", "% audited cases judged good or better", "", "percent", "high", 30.0,
     "2018-06-30", 60.0, 40.0, 35.0, "monthly case audit"),
    ("M12", "5.1", "QUALITY", "% CIN plans judged SMART at audit", "", "percent", "high", 35.0, "2018-09-30",
     75.0, 42.0, None, "thematic CIN audit"),
    ("M13", "2.1", "FEEDBACK", "Family satisfaction score (0-10)", "", "score", "high", 6.2, "2018-06-30", 7.5,
     6.8, 6.5, "family feedback survey"),
    ("M14", "2.1", "FEEDBACK", "% parents who knew why children's social care was involved", "", "percent",
     "high", 72.0, "2018-06-30", 90.0, 80.0, 76.0, "family feedback survey"),
    ("M15", "1.3", "FEEDBACK", "% staff who say performance information helps them manage their work", "",
     "percent", "high", 41.0, "2018-03-31", 70.0, 55.0, 49.0, "staff survey"),
]


def _month_end(ts: pd.Timestamp, months: int) -> pd.Timestamp:
    return (ts + pd.DateOffset(months=months)) + pd.offsets.MonthEnd(0)


def improvement_plan(extract_date: str) -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame]:
    """(actions now, measures now, actions at the previous quarter)."""
    ext = pd.Timestamp(extract_date)
    prev_ext = ext - pd.DateOffset(months=3)
    rows, prev_rows = [], []
    for i, (ref, area, rec, src, action, owner, tgt, st, st_prev, rev, why, prog) in enumerate(_ACTIONS):
        target = _month_end(ext, tgt)
        revised = _month_end(ext, rev) if rev is not None else pd.NaT
        completed = min(target, ext - pd.Timedelta(days=5 + 3 * i)) if st == "BLUE" else pd.NaT
        stale = ref in ("2.3", "7.2")
        updated = ext - pd.Timedelta(days=(120 if stale else 3 + (i * 7) % 20))
        rows.append(dict(action_ref=ref, area=area, recommendation=rec, recommendation_source=src,
                         action=action, owner=owner, target_date=target, revised_date=revised,
                         reason_for_revision=why, status=st, completed_date=completed,
                         progress_summary=prog, last_updated=updated))
        p_completed = completed if st_prev == "BLUE" and pd.notna(completed) and completed <= prev_ext else (
            min(target, prev_ext - pd.Timedelta(days=10)) if st_prev == "BLUE" else pd.NaT)
        p_rev = revised if (rev is not None and ref not in ("1.5", "2.5", "3.1")) else pd.NaT
        prev_rows.append(dict(action_ref=ref, area=area, recommendation=rec, recommendation_source=src,
                              action=action, owner=owner, target_date=target, revised_date=p_rev,
                              reason_for_revision=why if pd.notna(p_rev) else "", status=st_prev,
                              completed_date=p_completed,
                              progress_summary="Progress as reported last quarter." if st != st_prev else prog,
                              last_updated=min(updated, prev_ext) - pd.Timedelta(days=2)))
    actions = pd.DataFrame(rows)
    prev = pd.DataFrame(prev_rows)
    m = []
    q = ext - pd.DateOffset(months=1)  # last complete quarter
    fy = q.year if q.month > 3 else q.year - 1
    latest_period = f"{fy}-{str(fy + 1)[2:]} Q{((q.month - 4) % 12) // 3 + 1}"
    area_of = {a[0]: a[1] for a in _ACTIONS}
    for (mid, aref, mtype, meas, ind, unit, pol, base, bper, target, latest, previous, source) in _MEASURES:
        m.append(dict(measure_id=mid, action_ref=aref, area=area_of[aref], measure_type=mtype, measure=meas,
                      indicator_id=ind, unit=unit, polarity=pol, baseline_value=base, baseline_period=bper,
                      target_value=target, target_date=_month_end(ext, 3) if target is not None else pd.NaT,
                      latest_value=latest, latest_period=latest_period, previous_value=previous,
                      tolerance_type="absolute" if unit == "percent" else "relative",
                      amber_band=5.0 if unit == "percent" else 0.1, rag="", direction_of_travel="",
                      source=source, notes=""))
    measures = pd.DataFrame(m)
    for col in ("target_value", "previous_value", "latest_value", "baseline_value", "amber_band"):
        measures[col] = measures[col].astype(float)
    return actions, measures, prev
