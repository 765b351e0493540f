"""Tiny tidy tables for rule tests (synthetic)."""
from __future__ import annotations

import pandas as pd

from safeguarding.inputs.parse import empty_table
from safeguarding.quality import DataQualityLog, RuleContext
from safeguarding.rules import validate
from safeguarding.schema import ALL_TABLES

EXTRACT = pd.Timestamp("2018-12-31")  # a Monday


def make(table: str, rows: list[dict]) -> pd.DataFrame:
    """Tidy table with the schema's dtypes; source_row 2, 3, ...; file 'f.xlsx'."""
    base = empty_table(table)
    data = {}
    for c in base.columns:
        vals = [r.get(c) for r in rows]
        kind = ALL_TABLES[table].get(c)
        if kind == "date":
            data[c] = pd.to_datetime(pd.Series(vals, dtype=object)).astype("datetime64[ns]")
        else:
            data[c] = pd.Series(vals, dtype=object).astype(base[c].dtype) if c not in (
                "source_file", "source_sheet", "source_row") else None
    df = pd.DataFrame(data)
    df["source_file"] = pd.Series(["f.xlsx"] * len(rows), dtype="string")
    df["source_sheet"] = pd.Series([table] * len(rows), dtype="string")
    df["source_row"] = pd.array(range(2, 2 + len(rows)), dtype="Int64")
    return df


def run(code: str, tables: dict[str, pd.DataFrame], extract=EXTRACT):
    """Apply one rule through ``validate``; return (cleaned tables, findings, log)."""
    log = DataQualityLog()
    out = validate(tables, log, RuleContext(pd.Timestamp(extract)), only=[code])
    return out, log.table(), log


def failing_rows(findings: pd.DataFrame) -> list[int]:
    return sorted(set(int(r) for r in findings["row"]))
