"""Validation rules: registry, runner and catalogue.

Every module in this package is imported automatically (``pkgutil``), so a rule only has to
be defined in a module here and decorated with ``quality.register``.

Public API::

    validate(tables, log, context) -> dict[str, pd.DataFrame]
    list_rules() -> pd.DataFrame      # code, table, severity, action, fields, message, cin_equivalent
    write_catalogue(path) -> None     # docs/data-quality-rules.md
"""
from __future__ import annotations

import importlib
import pkgutil
from pathlib import Path

import numpy as np
import pandas as pd

from ..quality import FINDING_COLUMNS, RULES, DataQualityLog, Rule, RuleContext

_ACTION_ORDER = {"drop": 0, "blank": 1, "report": 2}


def _import_all() -> None:
    for mod in pkgutil.iter_modules(__path__):
        if not mod.name.startswith("_"):
            importlib.import_module(f"{__name__}.{mod.name}")


_import_all()


def ordered_rules() -> list[type[Rule]]:
    """Drop rules first (duplicates go before anything else looks at them), then blank rules,
    then report rules; by code within each group."""
    return sorted(RULES.values(), key=lambda c: (_ACTION_ORDER.get(c.action, 9), c.code))


def _fmt_values(values: pd.Series) -> list:
    from ..inputs.parse import _fmt
    return [_fmt(v) for v in values.tolist()]


def _findings(rule: Rule, df: pd.DataFrame, mask: np.ndarray, column: str) -> pd.DataFrame:
    sub = df[mask]
    return pd.DataFrame({
        "table": rule.table,
        "file": sub["source_file"].astype(object).tolist() if "source_file" in sub else None,
        "sheet": sub["source_sheet"].astype(object).tolist() if "source_sheet" in sub else None,
        "row": sub["source_row"].astype(object).tolist() if "source_row" in sub else None,
        "column": column,
        "value": _fmt_values(sub[column]) if column in sub else None,
        "rule": rule.code, "severity": rule.severity, "action": rule.action,
        "message": rule.message,
    }, columns=FINDING_COLUMNS)


def _null_like(series: pd.Series):
    return pd.NaT if pd.api.types.is_datetime64_any_dtype(series) else (
        np.nan if series.dtype == "float64" else pd.NA)


def validate(tables: dict[str, pd.DataFrame], log: DataQualityLog,
             context: RuleContext, *, only: list[str] | None = None) -> dict[str, pd.DataFrame]:
    """Run every registered rule, log findings, apply actions, return cleaned copies.

    ``report`` keeps the data; ``blank`` sets the rule's failing field(s) to missing (cell
    rules: only the failing cells); ``drop`` removes the row. Accounts are updated:
    ``rows_excluded`` (rows dropped) and ``rows_with_blanked_fields`` (distinct rows that lost
    at least one field). ``only`` restricts the run to the given rule codes (for tests)."""
    out = {name: df.copy() for name, df in tables.items()}
    blanked: dict[str, set] = {}
    for cls in ordered_rules():
        if only is not None and cls.code not in only:
            continue
        rule = cls()
        df = out.get(rule.table)
        if df is None or not len(df):
            continue
        from .base import CellRule
        if isinstance(rule, CellRule):
            cells = rule.check_cells(out, context).reindex(df.index).fillna(False).astype(bool)
            per_field = {c: cells[c].to_numpy() for c in cells.columns}
            any_fail = cells.any(axis=1).to_numpy() if cells.shape[1] else np.zeros(len(df), bool)
        else:
            mask = rule.check(out, context).reindex(df.index).fillna(False).astype(bool).to_numpy()
            per_field = {f: mask for f in rule.fields}
            any_fail = mask
        if not any_fail.any():
            continue
        if isinstance(rule, CellRule):
            for c, m in per_field.items():
                if m.any():
                    log.extend(_findings(rule, df, m, c))
        else:
            log.extend(_findings(rule, df, any_fail, rule.fields[0]))
        if rule.action == "drop":
            out[rule.table] = df[~any_fail]
            log.account(rule.table).rows_excluded += int(any_fail.sum())
        elif rule.action == "blank":
            df = df.copy()
            for c, m in per_field.items():
                if m.any() and c in df.columns:
                    df.loc[m, c] = _null_like(df[c])
            out[rule.table] = df
            blanked.setdefault(rule.table, set()).update(df.index[any_fail].tolist())
    for t, labels in blanked.items():
        still = labels & set(out[t].index)
        log.account(t).rows_with_blanked_fields += len(still)
    return {name: df.reset_index(drop=True) for name, df in out.items()}


def list_rules() -> pd.DataFrame:
    """The rule catalogue: one row per registered rule."""
    rows = [{"code": c.code, "table": c.table, "severity": c.severity, "action": c.action,
             "fields": ", ".join(c.fields), "message": c.message,
             "cin_equivalent": getattr(c, "cin_equivalent", "") or ""}
            for c in sorted(RULES.values(), key=lambda c: c.code)]
    return pd.DataFrame(rows, columns=["code", "table", "severity", "action", "fields", "message",
                                       "cin_equivalent"])


def _md_table(df: pd.DataFrame) -> str:
    cols = list(df.columns)
    lines = ["| " + " | ".join(cols) + " |", "|" + "---|" * len(cols)]
    for _, r in df.iterrows():
        lines.append("| " + " | ".join(str(r[c]).replace("|", "\\|") for c in cols) + " |")
    return "\n".join(lines)


def write_catalogue(path) -> None:
    """Write docs/data-quality-rules.md from the registry and the reader's finding codes."""
    from ..inputs.parse import READ_CODES
    read = pd.DataFrame([{"code": k, "severity": v[0], "action": v[1], "message": v[2]}
                         for k, v in READ_CODES.items()])
    rules = list_rules()
    text = f"""# Data-quality rules

Generated by `safeguarding.rules.write_catalogue("docs/data-quality-rules.md")` - do not edit by
hand; change the rule classes in `lib/safeguarding/rules/` and regenerate.

Every problem found while reading or validating the inputs becomes a *finding* (table, file,
sheet, Excel row, column, value, rule, severity, action, message). The action decides what
happens to the data:

* `report` - listed only; the data are used as supplied;
* `blank` - the affected field(s) are set to missing; the row still counts wherever the
  remaining fields are sound;
* `drop` - the row is excluded from its table.

Row accounts per table: rows read = rows used + rows excluded (drop rules and `HIST-001`) +
rows unreadable (`READ-NOID`); rows with blanked fields are counted separately.

Rules run in this order: all `drop` rules, then `blank` rules, then `report` rules (by code
within each group), each on the table as left by the rules before it - so a date blanked
by one rule does not raise further queries in later ones.

Working days follow `safeguarding.workdays` (England and Wales bank holidays; days after the
start up to and including the end). The extract date is `inputs.extract_date` (manifest, else
the latest event date). Codes: `AA<n>-` Annex A List n, `LADO-`, `PF-`, `YC-`, `PP-`,
`POP-`, `CA-`, `QA-` (case audits), `FF-` (family feedback), `OOH-` (out of hours) local extracts; `cin_equivalent` is the CIN census validator rule it mirrors
(a `Q` suffix marks a query in the CIN validator).

## Reader findings

Raised while files are read (`safeguarding.inputs`), before the rules run.

{_md_table(read)}

## Validation rules ({len(rules)})

{_md_table(rules)}
"""
    Path(path).write_text(text, encoding="utf-8")
