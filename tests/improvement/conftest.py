"""Hand-built improvement-plan snapshots shared by the tests (numbers worked out in the tests).

Report date 31 Dec 2018; period 2018-19 Q3 (1 Oct - 31 Dec 2018); extract date 10 Jan 2019.
Rows are deliberately not in plan order (Leadership first) to test the ordering.
"""
import pandas as pd
import pytest

D = pd.Timestamp
NaT = pd.NaT

COLUMNS = ["action_ref", "area", "action", "owner", "target_date", "revised_date",
           "reason_for_revision", "status", "completed_date", "progress_summary", "last_updated"]


def frame(rows, columns=COLUMNS):
    df = pd.DataFrame(rows, columns=columns)
    for c in ("target_date", "revised_date", "completed_date", "last_updated"):
        if c in df.columns:
            df[c] = pd.to_datetime(df[c])
    return df


CURRENT = [
    # ref, area, action, owner, target, revised, reason, status, completed, progress, updated
    ("3.1", "Leadership", "Publish practice standards", "Director of CSC", D("2019-01-31"), NaT, None,
     "GREEN", NaT, "Draft standards out for consultation.", D("2018-12-01")),
    ("3.2", "Leadership", "Recruit permanent team managers", "Head of HR", D("2018-06-30"),
     D("2018-11-30"), "Recruitment", "RED", NaT, "Two posts still vacant.", D("2018-12-01")),
    ("3.3", "Leadership", "Launch performance clinics", "Head of Performance", D("2018-12-31"), NaT,
     None, "BLUE", D("2019-01-05"), "First clinic held in January.", D("2019-01-06")),
    ("1.1", "Front door", "Refresh threshold document", "Service Manager, MASH", D("2018-09-30"),
     NaT, None, "BLUE", D("2018-09-20"), "Signed off by the partnership.", D("2018-10-01")),
    ("1.2", "Front door", "Train MASH staff on the new threshold document", "Service Manager, MASH",
     D("2018-11-30"), NaT, None, "Completed", D("2018-11-15"), "All staff trained.", D("2018-11-20")),
    ("1.10", "Front door", "Evaluate the MASH", "Head of Early Help", D("2019-03-31"), NaT, None,
     "On track", NaT, "Evaluation partner appointed.", D("2018-12-10")),
    ("1.3", "Front door", "Implement MASH development plan", "Service Manager, MASH", D("2018-10-31"),
     D("2019-02-28"), "Linked to MASH go-live", "RED", NaT, "Go-live moved to January.", D("2018-12-10")),
    ("2.1", "Assessment", "Audit assessment timeliness", "Head of Quality Assurance", D("2018-12-15"),
     NaT, None, "Amber", NaT, "Audit under way.", D("2018-12-10")),
    ("2.2", "Assessment", "Revise assessment template", "Principal Social Worker", D("2018-10-31"),
     D("2018-12-31"), "Sign-off delayed", "blue", D("2018-12-20"), "Template in use.", D("2018-12-21")),
    ("2.3", "Assessment", "Review S47 guidance", "Principal Social Worker", D("2018-08-31"), NaT, None,
     "green", NaT, "Consultation with police.", D("2018-12-10")),
]

PREVIOUS = [
    ("1.1", "Front door", "Refresh threshold document", "Service Manager, MASH", D("2018-09-30"),
     NaT, None, "BLUE", D("2018-09-20"), "", D("2018-09-25")),
    ("1.2", "Front door", "Train MASH staff on the new threshold document", "Service Manager, MASH",
     D("2018-11-30"), NaT, None, "GREEN", NaT, "", D("2018-09-25")),
    ("1.3", "Front door", "Implement MASH development plan", "Service Manager, MASH", D("2018-10-31"),
     NaT, None, "GREEN", NaT, "", D("2018-09-25")),
    ("2.1", "Assessment", "Audit assessment timeliness", "Head of Quality Assurance", D("2018-12-15"),
     NaT, None, "AMBER", NaT, "", D("2018-09-25")),
    ("2.2", "Assessment", "Revise assessment template", "Principal Social Worker", D("2018-10-31"),
     D("2018-12-31"), "Sign-off delayed", "GREEN", NaT, "", D("2018-09-25")),
    ("2.3", "Assessment", "Review S47 guidance", "Principal Social Worker", D("2018-08-31"), NaT, None,
     "GREEN", NaT, "", D("2018-09-25")),
    ("3.1", "Leadership", "Publish practice standards", "Director of CSC", D("2019-01-31"), NaT, None,
     "GREEN", NaT, "", D("2018-09-25")),
    ("3.2", "Leadership", "Recruit permanent team managers", "Head of HR", D("2018-06-30"),
     D("2018-09-30"), "Recruitment", "RED", NaT, "", D("2018-09-25")),
    ("3.3", "Leadership", "Launch performance clinics", "Head of Performance", D("2018-12-31"), NaT,
     None, "AMBER", NaT, "", D("2018-09-25")),
    ("4.1", "Leadership", "Old action dropped from the plan", "Director of CSC", D("2018-12-31"), NaT,
     None, "GREEN", NaT, "", D("2018-09-25")),
]


@pytest.fixture
def actions():
    return frame(CURRENT)


@pytest.fixture
def previous_actions():
    return frame(PREVIOUS)


REPORT_DATE = D("2018-12-31")
EXTRACT_DATE = D("2019-01-10")
PERIOD = "2018-19-Q3"
