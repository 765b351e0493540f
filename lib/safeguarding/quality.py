"""Data-quality findings and the validation-rule registry.

Nothing is dropped silently. Every problem becomes a *finding* - one row naming file, sheet,
Excel row, column, value, rule code, severity and message - and every excluded row is counted:

    rows read = rows used + rows excluded          (per table, shown in the data-quality section)

How a finding affects the numbers is decided by the rule's ``action``:

* ``report`` - listed only; the data are used as they are (queries / warnings).
* ``blank``  - the affected field(s) of that row are set to missing, so the row still counts
  wherever the remaining fields are sound (an assessment with an end date before its start still
  counts as *started*, but not as *completed* or in timeliness).
* ``drop``   - the whole row is excluded from its table (e.g. an exact duplicate).

Readers raise ``FatalInputError`` for problems that make a file unusable, and record findings
with rule codes starting ``READ-`` for rows or cells they could not read.

Writing a rule: subclass ``Rule``, set the class attributes, implement ``check`` returning the
offending rows, decorate with ``@register``, and give it a test in ``tests/rules/``.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import ClassVar

import pandas as pd

FINDING_COLUMNS = ["table", "file", "sheet", "row", "column", "value", "rule", "severity",
                   "action", "message"]


class FatalInputError(Exception):
    """An input problem that stops the run. The message names file, sheet and column."""

    def __init__(self, message: str, *, file: str = "", sheet: str = "", column: str = ""):
        self.file, self.sheet, self.column = file, sheet, column
        where = ", ".join(p for p in (
            f"file {file}" if file else "", f"sheet '{sheet}'" if sheet else "",
            f"column '{column}'" if column else "") if p)
        super().__init__(f"{where}: {message}" if where else message)


def empty_findings() -> pd.DataFrame:
    return pd.DataFrame({c: pd.Series(dtype="object") for c in FINDING_COLUMNS})


@dataclass
class TableAccount:
    """Row accounting for one tidy table."""
    table: str
    rows_read: int = 0  # data rows found in the file(s)
    rows_unreadable: int = 0  # dropped by the reader (e.g. no child ID); each has a READ- finding
    rows_excluded: int = 0  # dropped by a rule with action "drop"
    rows_with_blanked_fields: int = 0  # kept, with some fields set to missing by a rule

    @property
    def rows_used(self) -> int:
        return self.rows_read - self.rows_unreadable - self.rows_excluded


@dataclass
class DataQualityLog:
    """Collects findings and row accounts while inputs are read and validated."""
    findings: list[pd.DataFrame] = field(default_factory=list)
    accounts: dict[str, TableAccount] = field(default_factory=dict)
    translated: dict[tuple[str, str], int] = field(default_factory=dict)  # (table, column) -> cells the code map translated

    def account(self, table: str) -> TableAccount:
        return self.accounts.setdefault(table, TableAccount(table))

    def add(self, table: str, file: str, sheet: str, row, column, value, rule: str,
            severity: str, action: str, message: str) -> None:
        self.findings.append(pd.DataFrame([{
            "table": table, "file": file, "sheet": sheet, "row": row, "column": column,
            "value": None if value is None else str(value), "rule": rule, "severity": severity,
            "action": action, "message": message}]))

    def extend(self, frame: pd.DataFrame) -> None:
        if frame is not None and len(frame):
            self.findings.append(frame[FINDING_COLUMNS])

    def table(self) -> pd.DataFrame:
        frames = [f for f in self.findings if len(f)]
        if not frames:
            return empty_findings()
        out = pd.concat(frames, ignore_index=True)
        out["row"] = pd.to_numeric(out["row"], errors="coerce").astype("Int64")
        return out.sort_values(["table", "file", "row", "rule"], kind="stable", na_position="first",
                               ignore_index=True)

    def accounts_table(self) -> pd.DataFrame:
        rows = [{"table": a.table, "rows_read": a.rows_read, "rows_unreadable": a.rows_unreadable,
                 "rows_excluded": a.rows_excluded, "rows_used": a.rows_used,
                 "rows_with_blanked_fields": a.rows_with_blanked_fields}
                for a in self.accounts.values()]
        return pd.DataFrame(rows, columns=["table", "rows_read", "rows_unreadable", "rows_excluded",
                                           "rows_used", "rows_with_blanked_fields"])


def validate_exit_code(findings: pd.DataFrame) -> int:
    """``safeguarding validate``'s exit code from its findings: 0 when there is no warning or
    error (info findings such as "List 9 outside the report's scope" are notes, never
    problems); 2 when a warning or error excluded or blanked data (a ``drop``/``blank`` action, or a
    cell the reader could not read); 1 for warnings or errors that only report."""
    problems = findings[findings["severity"].isin(["warning", "error"])]
    if not len(problems):
        return 0
    changes_data = (problems["action"].isin(["blank", "drop"])
                    | problems["rule"].astype(str).str.startswith("READ-"))
    return 2 if changes_data.any() else 1


class Rule:
    """One validation rule. Subclasses set the attributes and implement ``check``."""
    code: ClassVar[str]  # e.g. "AA-4-01"; CIN census equivalent noted in ``cin_equivalent``
    table: ClassVar[str]  # tidy table the finding is reported against
    severity: ClassVar[str]  # "error" | "warning"
    action: ClassVar[str]  # "report" | "blank" | "drop"
    fields: ClassVar[tuple[str, ...]]  # affected tidy columns; "blank" blanks these
    message: ClassVar[str]  # plain English, shown to the analyst
    cin_equivalent: ClassVar[str] = ""  # e.g. "8608" when it mirrors a CIN census rule

    def check(self, tables: dict[str, pd.DataFrame], context: "RuleContext") -> pd.Series:
        """Return a boolean Series over ``tables[self.table]`` (True = the row fails)."""
        raise NotImplementedError


@dataclass
class RuleContext:
    """What rules may need besides the tables."""
    extract_date: pd.Timestamp  # latest date the data can describe (files' extract date)
    conventions: object = None  # params.Conventions
    improvement_plan: object = None  # params.ImprovementPlan (status scale for the plan rules)
    targets: dict | None = None  # params.targets: the report's one target per indicator


RULES: dict[str, type[Rule]] = {}


def register(cls: type[Rule]) -> type[Rule]:
    """Class decorator adding a rule to the registry (codes must be unique)."""
    if cls.code in RULES:
        raise ValueError(f"duplicate rule code {cls.code}")
    for attr in ("table", "severity", "action", "fields", "message"):
        if not hasattr(cls, attr):
            raise TypeError(f"rule {cls.__name__} lacks '{attr}'")
    RULES[cls.code] = cls
    return cls
