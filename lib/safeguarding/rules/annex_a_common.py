"""Rules that apply to every Annex A list (one class per list, generated here).

AA<n>-001  child ID longer than 20 characters           (CIN 1570)  report
AA<n>-002  duplicate key within one extract             (drop, keep the first row; List 1: report)
AA<n>-003  child ID not alphanumeric                    (CIN 1580)  report
AA<n>-090  event date after the extract date            (blank that date)
AA<n>-091  date of birth after the extract date         (CIN 8520)  blank DOB
AA<n>-092  child older than 25 at the extract date      (CIN 8775Q) report
AA<n>-093  date before 1990, or more than a pregnancy (280 days) before the child's birth
           (unborn children's referrals, assessments and plans are real)   blank that date
"""
from __future__ import annotations

import pandas as pd

from ..inputs.annex_a import DEDUP_KEYS, whole_years
from ..quality import Rule, register
from ..schema import ANNEX_A_TABLES, EARLIEST_PLAUSIBLE_DATE, LIST_TABLES
from .base import CellRule, bool_series

LIST_NAMES = {1: "contacts", 2: "early help", 3: "referrals", 4: "assessments", 5: "S47 enquiries",
              6: "CIN episodes", 7: "CP plans", 8: "care episodes"}


def _child_id_too_long(self, tables, context):
    df = tables[self.table]
    return bool_series(df["child_id"].str.len() > 20, df.index)


def _child_id_not_alnum(self, tables, context):
    df = tables[self.table]
    return bool_series(~df["child_id"].str.fullmatch(r"[A-Za-z0-9]+"), df.index) & df["child_id"].notna()


def _duplicate_key(self, tables, context):
    df = tables[self.table]
    keys = list(DEDUP_KEYS[self.table]) + ["source_file"]
    return pd.Series(df.duplicated(subset=keys, keep="first").to_numpy(), index=df.index)


def _future_dates(self, tables, context):
    df = tables[self.table]
    return pd.DataFrame({c: bool_series(df[c] > context.extract_date, df.index) for c in self.fields},
                        index=df.index)


# Pre-birth work is real (a referral or CP plan for an unborn child), so only a date more than a
# full pregnancy before the date of birth is impossible.
PRE_BIRTH_DAYS = 280


def _before_floor(self, tables, context):
    """Dates that cannot be events of this child: before 1990 (a "zero date" such as 1900-01-01)
    or more than PRE_BIRTH_DAYS before the date of birth. Blanked so that they count in no
    window and never move the extract's coverage (indicators.compute.list_windows)."""
    df = tables[self.table]
    floor = pd.Timestamp(EARLIEST_PLAUSIBLE_DATE)
    earliest = df["date_of_birth"] - pd.Timedelta(days=PRE_BIRTH_DAYS)
    return pd.DataFrame({c: bool_series((df[c] < floor) | (df[c] < earliest), df.index) for c in self.fields},
                        index=df.index)


def _dob_future(self, tables, context):
    df = tables[self.table]
    return bool_series(df["date_of_birth"] > context.extract_date, df.index)


def _over_25(self, tables, context):
    df = tables[self.table]
    at = pd.Series(context.extract_date, index=df.index)
    age = whole_years(df["date_of_birth"], at)
    age = age.where(age.notna(), df["age"])
    return bool_series(age > 25, df.index)


for _n, _table in LIST_TABLES.items():
    _what = LIST_NAMES[_n]
    _dates = tuple(c for c, k in ANNEX_A_TABLES[_table].items() if k == "date" and c != "date_of_birth")
    _classes = [
        type(f"ChildIdTooLongL{_n}", (Rule,), dict(
            code=f"AA{_n}-001", table=_table, severity="warning", action="report",
            fields=("child_id",), cin_equivalent="1570", check=_child_id_too_long,
            message=f"List {_n} ({_what}): child ID longer than 20 characters")),
        type(f"DuplicateKeyL{_n}", (Rule,), dict(
            code=f"AA{_n}-002", table=_table, severity="warning",
            action="report" if _n == 1 else "drop",
            fields=tuple(DEDUP_KEYS[_table]), check=_duplicate_key,
            message=(f"List {_n} ({_what}): same key ({' + '.join(DEDUP_KEYS[_table])}) as an "
                     f"earlier row of the same file; " + (
                         "kept (several contacts about a child on one day from one source "
                         "can be genuine) - check for double entry" if _n == 1 else
                         "duplicate row excluded")))),
        type(f"ChildIdNotAlphanumericL{_n}", (Rule,), dict(
            code=f"AA{_n}-003", table=_table, severity="warning", action="report",
            fields=("child_id",), cin_equivalent="1580", check=_child_id_not_alnum,
            message=f"List {_n} ({_what}): child ID has characters other than letters and digits")),
        type(f"FutureDateL{_n}", (CellRule,), dict(
            code=f"AA{_n}-090", table=_table, severity="error", action="blank",
            fields=_dates, check_cells=_future_dates,
            message=f"List {_n} ({_what}): date after the extract date; date blanked")),
        type(f"DobAfterExtractL{_n}", (Rule,), dict(
            code=f"AA{_n}-091", table=_table, severity="error", action="blank",
            fields=("date_of_birth",), cin_equivalent="8520", check=_dob_future,
            message=f"List {_n} ({_what}): date of birth after the extract date; blanked")),
        type(f"DateBeforeFloorL{_n}", (CellRule,), dict(
            code=f"AA{_n}-093", table=_table, severity="error", action="blank",
            fields=_dates, check_cells=_before_floor,
            message=(f"List {_n} ({_what}): date before 1990 or more than 280 days before the "
                     f"child's date of birth; date blanked (counted nowhere, never moves the "
                     f"extract's window)"))),
        type(f"OlderThan25L{_n}", (Rule,), dict(
            code=f"AA{_n}-092", table=_table, severity="warning", action="report",
            fields=("date_of_birth", "age"), cin_equivalent="8775Q", check=_over_25,
            message=f"List {_n} ({_what}): child older than 25 at the extract date")),
    ]
    for _cls in _classes:
        _cls.__module__ = __name__
        globals()[_cls.__name__] = register(_cls)
