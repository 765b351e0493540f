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
