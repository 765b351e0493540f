"""Write the computed indicators for analysts: ``indicators.csv`` and ``indicators.xlsx``.

* ``indicators.csv`` - every row of the long frame (docs/architecture.md section 5), columns in
  the architecture's order, numbers unrounded, dates as ``YYYY-MM-DD``, UTF-8.
* ``indicators.xlsx`` (openpyxl) for pasting into committee templates:

  - sheet ``monthly``: one row per indicator (registry order within section), one column per
    month of the report period (headers like ``Jul 18``, as committee tables have them), then
    the report-period value; values rounded to 1 decimal place (counts to whole numbers),
    ``n/a`` where there is no denominator;
  - sheet ``all``: every row of the long frame with readable headers, values rounded to 1 dp.

The report period is the ``period_type == "period"`` label with the latest end date (the
driver writes the current period, the previous one and the same period last year), unless given.
"""
from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd

from ..exports import safe_frame, write_csv
from ..periods import Period, PeriodError, parse_period
from .compute import COLUMNS

HEADERS = {
    "indicator_id": "Indicator id", "title": "Indicator", "section": "Section",
    "period_type": "Period type", "month": "Month / period", "start": "Start", "end": "End",
    "numerator": "Numerator", "denominator": "Denominator", "value": "Value",
    "lower": "Lower 95% limit", "upper": "Upper 95% limit", "unit": "Unit",
    "polarity": "Polarity", "status": "Status",
}
UNIT_LABELS = {"count": "number", "percent": "%", "rate_per_10k": "per 10,000 aged 0-17",
               "days": "days", "weeks": "weeks"}
POLARITY_LABELS = {"high": "higher is better", "low": "lower is better", "none": "-"}
SECTION_ORDER = ["front_door", "assessments", "cin", "cp", "private_fostering", "young_carers",
                 "lado", "proceedings"]
NA_TEXT = "n/a"


def _report_period(frame: pd.DataFrame, period: Period | None):
    """(label, first month, last month) of the report period."""
    if period is not None:
        return period.label, period.first_month, period.last_month
    rows = frame[frame["period_type"] == "period"]
    if rows.empty:
        months = frame.loc[frame["period_type"] == "month", "month"]
        if months.empty:
            return None, None, None
        last = pd.Period(max(months), "M")
        return None, last, last
    # The current period ends last. Its label is a period string (stock and rolling-12 rows
    # carry the last month's or the 12 months' window, so the label, not the row's start, is
    # what says where the period begins).
    label = rows.loc[pd.to_datetime(rows["end"]).idxmax(), "month"]
    try:
        parsed = parse_period(label)
        return label, parsed.first_month, parsed.last_month
    except PeriodError:
        flows = rows[rows["month"] == label]
        return (label, pd.Timestamp(pd.to_datetime(flows["start"]).mode().iloc[0]).to_period("M"),
                pd.Timestamp(pd.to_datetime(flows["end"]).max()).to_period("M"))


def _round(value, unit: str):
    if value is None or (isinstance(value, float) and np.isnan(value)) or pd.isna(value):
        return None
    return int(round(float(value))) if unit == "count" else round(float(value), 1)


def _indicator_order(frame: pd.DataFrame) -> list[str]:
    seen = list(dict.fromkeys(frame["indicator_id"]))
    sections = frame.drop_duplicates("indicator_id").set_index("indicator_id")["section"]
    rank = {s: i for i, s in enumerate(SECTION_ORDER)}
    return sorted(seen, key=lambda i: (rank.get(sections[i], len(rank)), seen.index(i)))


def monthly_table(frame: pd.DataFrame, period: Period | None = None) -> pd.DataFrame:
    """The wide 'monthly' sheet as a DataFrame (values rounded, ``n/a`` for missing)."""
    label, first, last = _report_period(frame, period)
    months = [str(m) for m in pd.period_range(first, last, freq="M")] if first is not None else []
    meta = frame.drop_duplicates("indicator_id").set_index("indicator_id")
    out = []
    monthly = frame[frame["period_type"] == "month"].set_index(["indicator_id", "month"])["value"]
    totals = frame[(frame["period_type"] == "period") & (frame["month"] == label)] \
        .set_index("indicator_id")["value"] if label is not None else pd.Series(dtype=float)
    for ind in _indicator_order(frame):
        row = meta.loc[ind]
        rec = {"Section": row["section"], "Indicator id": ind, "Indicator": row["title"],
               "Unit": UNIT_LABELS.get(row["unit"], row["unit"]),
               "Polarity": POLARITY_LABELS.get(row["polarity"], row["polarity"])}
        for m in months:
            v = _round(monthly.get((ind, m), np.nan), row["unit"])
            rec[pd.Period(m, "M").strftime("%b %y")] = NA_TEXT if v is None else v
        if label is not None:
            v = _round(totals.get(ind, np.nan), row["unit"])
            rec[f"Period {label}"] = NA_TEXT if v is None else v
        out.append(rec)
    return pd.DataFrame(out)


def _all_table(frame: pd.DataFrame) -> pd.DataFrame:
    table = frame[COLUMNS].copy()
    for col in ("value", "lower", "upper"):
        table[col] = [_round(v, "rate") for v in table[col]]
    for col in ("start", "end"):
        table[col] = pd.to_datetime(table[col]).dt.date
    return table.rename(columns=HEADERS)


def _write_sheet(ws, table: pd.DataFrame, widths: dict[str, int] | None = None) -> None:
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.utils import get_column_letter

    table = safe_frame(table)  # text from inputs never becomes a live formula
    ws.append(list(table.columns))
    for row in table.itertuples(index=False):
        ws.append([None if (v is None or (isinstance(v, float) and np.isnan(v))) else v for v in row])
    header_fill = PatternFill("solid", fgColor="DDE5EE")
    for cell in ws[1]:
        cell.font = Font(bold=True)
        cell.fill = header_fill
        cell.alignment = Alignment(wrap_text=True, vertical="top")
    for idx, name in enumerate(table.columns, start=1):
        letter = get_column_letter(idx)
        width = (widths or {}).get(name) or min(60, max(10, len(str(name)) + 2))
        ws.column_dimensions[letter].width = width
        for cell in ws[letter][1:]:
            if isinstance(cell.value, float):
                cell.number_format = "0.0"
            elif isinstance(cell.value, int):
                cell.number_format = "0"
            elif hasattr(cell.value, "year"):
                cell.number_format = "yyyy-mm-dd"
    ws.freeze_panes = ws.cell(row=2, column=4)


def write_indicators(frame: pd.DataFrame, out_dir, period: Period | None = None) -> tuple[Path, Path]:
    """Write ``indicators.csv`` and ``indicators.xlsx`` into ``out_dir``; return their paths."""
    from openpyxl import Workbook

    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    csv_path, xlsx_path = out_dir / "indicators.csv", out_dir / "indicators.xlsx"

    csv = frame[COLUMNS].copy()
    for col in ("start", "end"):
        csv[col] = pd.to_datetime(csv[col]).dt.strftime("%Y-%m-%d")
    write_csv(csv, csv_path)

    wb = Workbook()
    ws = wb.active
    ws.title = "monthly"
    _write_sheet(ws, monthly_table(frame, period),
                 widths={"Indicator": 55, "Indicator id": 30, "Section": 18, "Unit": 20,
                         "Polarity": 17})
    _write_sheet(wb.create_sheet("all"), _all_table(frame),
                 widths={"Indicator": 55, "Indicator id": 30, "Section": 18})
    wb.save(xlsx_path)
    return csv_path, xlsx_path


__all__ = ["write_indicators", "monthly_table", "HEADERS"]
