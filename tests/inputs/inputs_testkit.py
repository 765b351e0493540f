"""Helpers for the input-reader tests: tiny synthetic workbooks and CSVs in tmp_path."""
from __future__ import annotations

import datetime as dt
from pathlib import Path

import openpyxl

L1 = ["Child Unique ID", "Gender", "Ethnicity", "Date of Birth", "Age of Child (Years)",
      "Date of Contact", "Contact Source"]
L3 = ["Child Unique ID", "Gender", "Ethnicity", "Date of Birth", "Age of Child (Years)",
      "Date of referral", "Referral Source", "Referral NFA?",
      "Number of Referrals in Last 12 Months", "Allocated Team", "Allocated Worker"]
L5 = ["Child Unique ID", "Gender", "Ethnicity", "Date of Birth", "Age of Child (Years)",
      "Does the Child have a Disability",
      "Strategy discussion initiating Section 47 Enquiry Start Date",
      "Was an Initial Child Protection Conference deemed unnecessary?",
      "Date of Initial Child Protection Conference",
      "Did the Initial Child Protection Conference Result in a Child Protection Plan",
      "Number of Section 47 Enquiries in the last 12 months",
      "Number of ICPCs in the last 12 months", "Allocated Team", "Allocated Worker"]
L7 = ["Child Unique ID", "Gender", "Ethnicity", "Date of Birth", "Age of Child (Years)",
      "Does the Child have a Disability", "Child Protection Plan Start Date",
      "Initial Category of Abuse", "Latest Category of Abuse",
      "Date of the Last Statutory Visit", "Was the Child Seen Alone?",
      "Date of latest review conference", "Child Protection Plan End Date",
      "Subject to Emergency Protection Order or Protected Under Police Powers in Last Six Months (Y/N)",
      "Number of Previous Child Protection Plans", "Allocated Team", "Allocated Worker"]


def workbook(path: Path, sheets: dict[str, list[list]]) -> Path:
    wb = openpyxl.Workbook()
    wb.remove(wb.active)
    for name, rows in sheets.items():
        ws = wb.create_sheet(name)
        for r in rows:
            ws.append(r)
    wb.save(path)
    return path


def d(y, m, day):
    return dt.datetime(y, m, day)
