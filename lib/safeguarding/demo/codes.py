"""Code lists, Annex A labels, mixes and fictional names used by the demo generator.

Labels follow ``/work/shared/reference/annex-a.md`` section 6 (liia-tools lettering).
"""
from __future__ import annotations

SEX_LABEL = {"M": "a) Male", "F": "b) Female", "U": "c) Not stated/recorded", "I": "d) Neither"}
SEX_WORD = {"M": "Male", "F": "Female", "U": "Not stated/recorded", "I": "Neither"}

ETHNICITY = ["WBRI", "WIRI", "WIRT", "WOTH", "WROM", "MWBC", "MWBA", "MWAS", "MOTH", "AIND",
             "APKN", "ABAN", "AOTH", "BCRB", "BAFR", "BOTH", "CHNE", "OOTH", "REFU", "NOBT"]
_ETH_LETTERS = "abcdefghijklmnopqrs"
ETHNICITY_LABEL = {c: f"{_ETH_LETTERS[i]}) {c}" for i, c in enumerate(ETHNICITY[:19])}
ETHNICITY_LABEL["NOBT"] = "s) NOBT"  # liia-tools reuses the letter s)
# An inner-London-like mix of children known to children's social care.
ETHNICITY_P = [0.33, 0.01, 0.002, 0.08, 0.006, 0.07, 0.02, 0.012, 0.06, 0.01,
               0.008, 0.008, 0.02, 0.10, 0.12, 0.06, 0.004, 0.04, 0.005, 0.035]

SOURCES = ["1A", "1B", "1C", "1D", "2A", "2B", "3A", "3B", "3C", "3D", "3E", "3F", "4",
           "5A", "5B", "5C", "5D", "6", "7", "8", "9", "10"]
SOURCE_LABEL = {
    "1A": "a) 1A: Individual", "1B": "b) 1B: Individual", "1C": "c) 1C: Individual",
    "1D": "d) 1D: Individual", "2A": "e) 2A: Schools", "2B": "f) 2B: Education services",
    "3A": "g) 3A: Health services", "3B": "h) 3B: Health services",
    "3C": "i) 3C: Health services", "3D": "j) 3D: Health services",
    "3E": "k) 3E: Health services", "3F": "l) 3F: Health services", "4": "m) 4: Housing",
    "5A": "n) 5A: LA services", "5B": "o) 5B: LA services", "5C": "p) 5C: LA services",
    "5D": "p1) 5D: LA services", "6": "q) 6: Police", "7": "r) 7: Other legal agency",
    "8": "s) 8: Other", "9": "t) 9: Anonymous", "10": "u) 10: Unknown",
}
# weekday mixes (sum 1): referrals and contacts that go no further
REFERRAL_SOURCE_P = {"1A": .05, "1B": .01, "1C": .01, "1D": .01, "2A": .18, "2B": .02,
                     "3A": .02, "3B": .025, "3C": .01, "3D": .03, "3E": .03, "3F": .03,
                     "4": .02, "5A": .03, "5B": .04, "5C": .03, "5D": .02, "6": .28,
                     "7": .03, "8": .05, "9": .025, "10": .025}
CONTACT_SOURCE_P = {"1A": .06, "1B": .012, "1C": .01, "1D": .012, "2A": .17, "2B": .02,
                    "3A": .02, "3B": .02, "3C": .01, "3D": .03, "3E": .035, "3F": .025,
                    "4": .02, "5A": .02, "5B": .03, "5C": .02, "5D": .015, "6": .33,
                    "7": .03, "8": .04, "9": .02, "10": .016}
# Weekend and bank-holiday mix (police, A&E, public, emergency duty via other LAs)
WEEKEND_SOURCE_P = {"6": .58, "3E": .12, "1A": .11, "1C": .02, "1D": .04, "5C": .05,
                    "9": .04, "10": .04}
WEEKEND_FACTOR = 0.2          # weekend volume relative to a weekday
SCHOOL_HOLIDAY_FACTOR = {"2A": 0.07, "2B": 0.5, "3C": 0.3}

YN_LABEL = {"Y": "a) Yes", "N": "b) No", "U": "c) Unknown"}
YN_WORD = {"Y": "Yes", "N": "No", "U": "Unknown"}

PRIMARY_NEED_LABEL = {
    "N1": "N1 - Abuse or neglect", "N2": "N2 - Child's disability",
    "N3": "N3 - Parental disability or illness", "N4": "N4 - Family in acute stress",
    "N5": "N5 - Family dysfunction", "N6": "N6 - Socially unacceptable behaviour",
    "N7": "N7 - Low income", "N8": "N8 - Absent parenting",
    "N9": "N9 - Cases other than children in need", "N0": "N0 - Not stated",
}
# primary need of children on CIN plans (non-CP), England-like
CIN_NEED_P = {"N1": .50, "N2": .10, "N3": .04, "N4": .10, "N5": .16, "N6": .03, "N7": .005,
              "N8": .055, "N0": .01}
# children assessed as not needing services (RC8/RC9 closures)
NFA_NEED_P = {"N9": .45, "N0": .15, "N1": .15, "N4": .1, "N5": .1, "N6": .05}

CLOSURE_LABEL = {
    "RC1": "RC1 - Adopted", "RC2": "RC2 - Died", "RC3": "RC3 - Child arrangements order",
    "RC4": "RC4 - Special guardianship order",
    "RC5": "RC5 - Transferred to services of another local authority",
    "RC6": "RC6 - Transferred to adult social care services",
    "RC7": "RC7 - Services ceased for any other reason, including child no longer in need",
    "RC8": "RC8 - Case closed after assessment, no further action",
    "RC9": "RC9 - Case closed after assessment, referred to early help",
}
CASE_STATUS_LABEL = {"LAC": "a) Looked after child", "CPP": "b) Child Protection plan",
                     "CINP": "c) Child in need plan", "ASMT": "d) Open assessment",
                     "CLOSED": "e) Closed episode"}
CASE_STATUS_WORD = {"LAC": "Looked after child", "CPP": "Child Protection plan",
                    "CINP": "Child in need plan", "ASMT": "Open assessment",
                    "CLOSED": "Closed episode"}
CATEGORY = ["NEG", "PHY", "SAB", "EMO", "MUL"]
CATEGORY_LABEL = {"NEG": "a) Neglect", "PHY": "b) Physical abuse", "SAB": "c) Sexual abuse",
                  "EMO": "d) Emotional abuse", "MUL": "e) Multiple/not recommended"}
CATEGORY_WORD = {"NEG": "Neglect", "PHY": "Physical abuse", "SAB": "Sexual abuse",
                 "EMO": "Emotional abuse", "MUL": "Multiple/not recommended"}
CATEGORY_P = [0.43, 0.07, 0.04, 0.41, 0.05]

LEGAL_STATUS_LABEL = {"C1": "C1 - Interim care order", "C2": "C2 - Full care order",
                      "E1": "E1 - Placement order granted", "V2": "V2 - Single period of accommodation under section 20",
                      "L2": "L2 - Emergency protection order"}

EH_ORGANISATIONS = ["Early Help Service", "Family Support Team", "School", "Children's Centre",
                    "Health Visiting Service", "Youth Service", "Voluntary sector provider"]
EH_ORG_P = [0.38, 0.2, 0.18, 0.1, 0.06, 0.05, 0.03]

FIRST_NAMES = [
    "Sam", "Alex", "Jordan", "Priya", "Tomasz", "Aisha", "Chloe", "Daniel", "Efua", "Farah",
    "Gareth", "Hannah", "Ibrahim", "Joanna", "Kwame", "Leah", "Marcus", "Nadia", "Oliver",
    "Patience", "Rachel", "Samir", "Tariq", "Una", "Victoria", "Wei", "Yasmin", "Zoe", "Amara",
    "Ben", "Carmen", "Dev", "Elif", "Femi", "Grace", "Harriet", "Imran", "Jade", "Kofi",
    "Lucy", "Maya", "Niamh", "Olu", "Paolo", "Rosa", "Sophie", "Tunde", "Vikram", "Will",
    "Zainab", "Agnieszka", "Bola", "Ciaran", "Deborah", "Emeka", "Fiona", "Gabriel", "Hui",
    "Ines", "Jamal",
]
SURNAMES = [
    "Okafor", "Patel", "Nowak", "Clarke", "Mensah", "Hussain", "Reid", "Campbell", "Adeyemi",
    "Brennan", "Chowdhury", "Duarte", "Evans", "Fraser", "Gordon", "Hall", "Iqbal", "Jenkins",
    "Kowalski", "Lindqvist", "Morgan", "Nkemelu", "O'Connell", "Pereira", "Quinn", "Rahman",
    "Stewart", "Thompson", "Umeh", "Vasquez", "Walsh", "Yilmaz", "Zhang", "Asante", "Barker",
    "Costa", "Dlamini", "Ellis", "Fernandes", "Gallagher", "Hughes", "Ivanova", "Joseph",
    "Kaur", "Lloyd", "Murray", "Nash", "Owusu", "Palmer", "Rossi", "Sinclair", "Turner",
    "Usman", "Varga", "Whitfield", "Achterberg", "Bamford", "Mbeki", "Szabo", "Ferreira",
]

# Annex A headers (annex-a.md sections 3-4) and their SSD aliases (used by the messy variant)
COMMON_HEADERS = ["Child Unique ID", "Gender", "Ethnicity", "Date of Birth", "Age of Child (Years)"]
COMMON_SSD = ["ChildUniqueID", "Gender", "Ethnicity", "DateOfBirth", "Age"]
LIST_HEADERS: dict[int, list[tuple[str, str, str]]] = {
    # (Ofsted header, SSD alias, tidy column)
    1: [("Date of Contact", "DateOfContact", "contact_date"),
        ("Contact Source", "ContactSource", "contact_source"),
        # optional local column (not in the Ofsted template), read when present
        ("Contact Decision Date", "ContactDecisionDate", "contact_decision_date")],
    2: [("Assessment start date", "AssessmentStartDate", "eh_start_date"),
        ("Assessment completion date", "AssessmentCompletionDate", "eh_end_date"),
        ("Organisation completing assessment", "OrganisationCompletingAssessment", "eh_organisation")],
    3: [("Date of referral", "ReferralDate", "referral_date"),
        ("Referral Source", "ReferralSource", "referral_source"),
        ("Referral NFA?", "ReferralNFA", "referral_nfa"),
        ("Number of Referrals in Last 12 Months", "ReferralsLast12Months", "referrals_last_12m"),
        ("Allocated Team", "AllocatedTeam", "team"),
        ("Allocated Worker", "AllocatedWorker", "worker")],
    4: [("Does the Child have a Disability", "HasDisability", "disability"),
        ("Continuous Assessment Start Date", "ContinuousAssessmentStart", "assessment_start_date"),
        ("Child Seen During Continuous Assessment", "ContinuousAssessmentChildSeen", "child_seen"),
        ("Continuous Assessment Date of Authorisation", "ContinuousAssessmentAuthDate", "assessment_auth_date"),
        ("Was the child assessed as requiring LA children's social care support?", "CSCSupportRequired", "support_required"),
        ("Allocated Team", "AllocatedTeam", "team"),
        ("Allocated Worker", "AllocatedWorker", "worker")],
    5: [("Does the Child have a Disability", "HasDisability", "disability"),
        ("Strategy discussion initiating Section 47 Enquiry Start Date", "StratDiscussionDate", "s47_start_date"),
        ("Was an Initial Child Protection Conference deemed unnecessary?", "InitialCPConfUnnecessary", "icpc_not_required"),
        ("Date of Initial Child Protection Conference", "InitialCPConfDate", "icpc_date"),
        ("Did the Initial Child Protection Conference Result in a Child Protection Plan", "CPConfResultInCPPlan", "icpc_to_plan"),
        ("Number of Section 47 Enquiries in the last 12 months", "NumberS47s12m", "s47s_last_12m"),
        ("Number of ICPCs in the last 12 months", "NumberICPCs12m", "icpcs_last_12m"),
        ("Allocated Team", "AllocatedTeam", "team"),
        ("Allocated Worker", "AllocatedWorker", "worker")],
    6: [("Does the Child have a Disability", "HasDisability", "disability"),
        ("CIN Start Date", "CINStartDate", "cin_start_date"),
        ("Primary Need Code", "PrimaryNeedCode", "primary_need"),
        ("Date Child Was Last Seen", "DateChildLastSeen", "last_seen_date"),
        ("CIN Closure Date", "CINClosureDate", "cin_closure_date"),
        ("Reason for Closure", "ReasonForClosure", "closure_reason"),
        ("Case Status", "CaseStatus", "case_status"),
        ("Allocated Team", "AllocatedTeam", "team"),
        ("Allocated Worker", "AllocatedWorker", "worker")],
    7: [("Does the Child have a Disability", "HasDisability", "disability"),
        ("Child Protection Plan Start Date", "ChildProtectionPlanStartDate", "cpp_start_date"),
        ("Initial Category of Abuse", "InitialCategoryOfAbuse", "initial_category"),
        ("Latest Category of Abuse", "LatestCategoryOfAbuse", "latest_category"),
        ("Date of the Last Statutory Visit", "DateOfLastStatutoryVisit", "last_visit_date"),
        ("Was the Child Seen Alone?", "ChildSeenAlone", "seen_alone"),
        ("Date of latest review conference", "DateOfLatestReviewConf", "latest_review_date"),
        ("Child Protection Plan End Date", "ChildProtectionPlanEndDate", "cpp_end_date"),
        ("Subject to Emergency Protection Order or Protected Under Police Powers in Last Six Months (Y/N)", "ProtectionLastSixMonths", "epo_last_6m"),
        ("Number of Previous Child Protection Plans", "NumberOfPreviousChildProtectionPlans", "previous_plans"),
        ("Allocated Team", "AllocatedTeam", "team"),
        ("Allocated Worker", "AllocatedWorker", "worker")],
    8: [("Date Started to be Looked After", "DateStartedLookedAfter", "cla_start_date"),
        ("Child's Legal Status", "LegalStatus", "legal_status"),
        ("Date Ceased to be Looked After", "DateCeasedLookedAfter", "cla_end_date"),
        ("Allocated Team", "AllocatedTeam", "team"),
        ("Allocated Worker", "AllocatedWorker", "worker")],
}
COMMON_COLS = ["child_id", "sex", "ethnicity", "date_of_birth", "age"]


def headers(list_no: int) -> list[str]:
    """Exact Ofsted headers of a list, in order."""
    return COMMON_HEADERS + [h for h, _, _ in LIST_HEADERS[list_no]]


def tidy_columns(list_no: int) -> list[str]:
    return COMMON_COLS + [c for _, _, c in LIST_HEADERS[list_no]]
