"""A workbook in the layout of Ofsted's Annex A template (ILACS "children's social care data"),
written by code so no binary is committed: a guidance sheet of prose and a column table, every
list sheet ``List N <name>`` with a title row, the list's description and a blank row above
its header row (Lists 9-11 present but empty, as a council leaves them for a safeguarding-only
return), lettered drop-down values (``a) Male``, ``e) 2A: Schools``), and the ``Codes_used``
sheet holding the code lists behind the drop-downs - each column headed by the code list's
name, several of them the names of List 9's columns ("Eligibility Category", "Activity
Status"). The layout follows the template as described in /work/shared/reference/annex-a.md
(sections 1, 3, 4 and 6) and the template's guidance on re-referrals quoted in issue #19; the
rows are the demo council's, simulated small.
"""
from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
from openpyxl import Workbook

from safeguarding.demo.generator import simulate_tables
from safeguarding.demo.writers import annex_a_sheets

LIST_NAMES = {1: "Contacts", 2: "Early help", 3: "Referrals", 4: "Assessments",
              5: "Section 47 and ICPC", 6: "Children in need", 7: "Child protection",
              8: "Children in care", 9: "Care leavers", 10: "Adoption", 11: "Adopters"}
DESCRIPTIONS = {
    1: "All contacts in the six months before the inspection. Where a child has had more than "
       "one contact, there should be a row for each contact.",
    2: "All early help assessments in the six months before the inspection.",
    3: "All referrals in the six months before the inspection.",
    4: "All assessments in the six months before the inspection.",
    5: "All section 47 enquiries in the six months before the inspection, including open enquiries.",
    6: "All children receiving services as a child in need at the point of inspection or in the "
       "previous six months.",
    7: "All children on a child protection plan at the point of inspection, and plans that ended "
       "in the previous six months.",
    8: "All children in care at the point of inspection, and those who ceased in the period.",
    9: "All care leavers at the point of inspection.", 10: "All children with an adoption decision.",
    11: "All adopters.",
}
# Lists 9-11: the template's headers (annex-a.md section 4), left empty by the council
EMPTY_LISTS = {
    9: ["Child Unique ID", "Gender", "Ethnicity", "Date of Birth", "Age of Child (Years)",
        "Unaccompanied Asylum Seeking Child (UASC), or formerly UASC if 18 or over (Y/N)",
        "Does the Child have a Disability", "Allocated Team", "Allocated Worker",
        "Allocated Personal Advisor", "Eligibility Category", "Latest Pathway Plan Review Date",
        "LA in Touch", "Latest Date of Contact", "Type of Accommodation",
        "Suitability of Accommodation", "Activity Status"],
    10: ["Child Unique ID", "Family identifier", "Gender", "Ethnicity", "Date of Birth",
         "Age of Child (Years)", "Does the Child have a Disability", "Date the Child Entered Care",
         "Date of Decision that Child Should be Placed for Adoption", "Date of Placement Order"],
    11: ["Individual adopter identifier", "Family identifier", "Gender", "Ethnicity", "Disability",
         "Date enquiry received", "Date Stage 1 started"],
}
# The Codes_used sheet: the code lists behind the drop-downs, one column each
CODES_USED = {
    "Gender": ["a) Male", "b) Female", "c) Not stated/recorded", "d) Neither"],
    "Ethnicity": ["a) WBRI", "b) WIRI", "c) WIRT", "d) WOTH", "e) WROM", "f) MWBC", "g) MWBA",
                  "h) MWAS", "i) MOTH", "j) AIND", "k) APKN", "l) ABAN", "m) AOTH", "n) BCRB",
                  "o) BAFR", "p) BOTH", "q) CHNE", "r) OOTH", "s) REFU", "t) NOBT"],
    "Yes/No": ["a) Yes", "b) No"],
    "Yes/No/Unknown": ["a) Yes", "b) No", "c) Unknown"],
    "Contact Source": ["a) 1A: Individual", "b) 1B: Individual", "c) 1C: Individual",
                       "d) 1D: Individual", "e) 2A: Schools", "f) 2B: Education services",
                       "g) 3A: Health services", "h) 3B: Health services", "i) 3C: Health services",
                       "j) 3D: Health services", "k) 3E: Health services", "l) 3F: Health services",
                       "m) 4: Housing", "n) 5A: LA services", "o) 5B: LA services",
                       "p) 5C: LA services", "p1) 5D: LA services", "q) 6: Police",
                       "r) 7: Other legal agency", "s) 8: Other", "t) 9: Anonymous", "u) 10: Unknown"],
    "Primary Need Code": [f"N{i}" for i in range(0, 10)],
    "Case Status": ["a) Looked after child", "b) Child Protection plan", "c) Child in need plan",
                    "d) Open assessment", "e) Closed episode"],
    "Category of Abuse": ["a) Neglect", "b) Physical abuse", "c) Sexual abuse", "d) Emotional abuse",
                          "e) Multiple/not recommended"],
    "Reason for Closure": [f"RC{i}" for i in range(1, 10)],
    "Child's Legal Status": ["C1", "C2", "D1", "E1", "J1", "J2", "J3", "L1", "L2", "L3", "V2", "V3", "V4"],
    "Eligibility Category": ["a) Relevant", "b) Former relevant", "c) Qualifying", "d) Eligible"],
    "Type of Accommodation": ["B", "C", "D", "E", "G", "H", "K", "R", "S", "T", "U", "V", "W", "X", "Y", "Z"],
    "Suitability of Accommodation": ["a) Suitable", "b) Unsuitable"],
    "Activity Status": ["F1", "F2", "F3", "F4", "F5", "P1", "P2", "P3", "P4", "P5", "G4", "G5", "G6"],
}
GUIDANCE = [
    ["Annex A: children's social care data - guidance"],
    ["Please provide the lists below for the period stated. Do not change the column headings; "
     "use the drop-down values provided (see the Codes_used sheet)."],
    [],
    ["List", "Column", "Guidance"],
    ["List 1", "Child Unique ID", "The child's unique identifier in the local authority's system."],
    ["List 3", "Number of Referrals in Last 12 Months",
     "The number of referrals the child has had in the 12 months before their latest referral; "
     "the same on every row for the child."],
    ["List 5", "Number of Section 47 Enquiries in the last 12 months",
     "Excluding the current enquiry."],
    ["All lists", "Dates", "Please use the format dd/mm/yyyy."],
]


def _cell(value):
    if value is None or value is pd.NaT:
        return None
    if isinstance(value, float) and np.isnan(value):
        return None
    if isinstance(value, str):
        return value or None
    if isinstance(value, (pd.Timestamp, np.datetime64)):
        ts = pd.Timestamp(value)
        return None if pd.isna(ts) else ts.to_pydatetime()
    if isinstance(value, (np.floating, np.integer)):
        return value.item()
    return value


def write_official_template(path: Path, *, start: str = "2014-04-01", extract_date: str = "2015-03-10",
                            scale: float = 0.05, seed: int = 11) -> Path:
    """Write the template-layout workbook of a small simulated council to ``path``."""
    tables, _ = simulate_tables(seed=seed, scale=scale, start=start, extract_date=extract_date)
    period = (pd.Timestamp(start).strftime("%d/%m/%Y"), pd.Timestamp(extract_date).strftime("%d/%m/%Y"))
    wb = Workbook()
    guidance = wb.active
    guidance.title = "Guidance"
    for row in GUIDANCE:
        guidance.append(row)
    for list_no, sheet in zip(range(1, 9), annex_a_sheets(tables, messy=False, seed=seed, period=period)):
        ws = wb.create_sheet(f"List {list_no} {LIST_NAMES[list_no]}")
        ws.append([f"List {list_no}: {LIST_NAMES[list_no]}"])
        ws.append([DESCRIPTIONS[list_no]])
        ws.append([])
        ws.append(sheet.header)
        columns = [np.asarray(c.values, dtype=object) for c in sheet.columns]
        for i in range(len(columns[0])):
            ws.append([_cell(col[i]) for col in columns])
    for list_no, header in EMPTY_LISTS.items():
        ws = wb.create_sheet(f"List {list_no} {LIST_NAMES[list_no]}")
        ws.append([f"List {list_no}: {LIST_NAMES[list_no]}"])
        ws.append([DESCRIPTIONS[list_no]])
        ws.append([])
        ws.append(header)
    codes = wb.create_sheet("Codes_used")
    names = list(CODES_USED)
    codes.append(names)
    for i in range(max(len(v) for v in CODES_USED.values())):
        codes.append([CODES_USED[n][i] if i < len(CODES_USED[n]) else None for n in names])
    path.parent.mkdir(parents=True, exist_ok=True)
    wb.save(path)
    return path

