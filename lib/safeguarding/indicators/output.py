"""Write the computed indicators for analysts: ``indicators.csv`` and ``indicators.xlsx``.

* ``indicators.csv`` - every row of the long frame (docs/architecture.md section 5), columns in
  the architecture's order, numbers unrounded, dates as ``YYYY-MM-DD``, UTF-8.
* ``indicators.xlsx`` (``safeguarding.exports``, XlsxWriter) for pasting into committee templates:

  - sheet ``monthly``: one row per indicator (registry order within section), one column per
    month of the report period (headers like ``Jul 18``, as committee tables have them), then
    the report-period value; values rounded to 1 decimal place (counts to whole numbers),
    ``n/a`` where there is no denominator;
  - sheet ``all``: every row of the long frame with readable headers, values rounded to 1 dp.

  For committee templates the monthly sheet can carry, after the period value, the target, the
  RAG rating, the direction of travel against the previous period and the same period last year,
  and the published comparators (LA as published, statistical neighbours, region, England and
  their year) - see ``present.committee.committee_columns``.

The open edition (``symbol`` given) writes the suppression symbol (``c``) in every cell of a
suppressed row, never an empty cell that would read as missing data. It does not say why a cell
is hidden (a count from 1 to the threshold, or a figure hidden so that one cannot be worked
out): the reason would tell a reader which hidden cells are small (docs/conventions.md
section 5). The restricted edition's open figures (``prepared/open/``) and the publication
ledger keep it.

The report period is the ``period_type == "period"`` label with the latest end date (the
driver writes the current period, the previous one and the same period last year), unless given.
"""
from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd

from ..exports import Column, Sheet, write_csv, write_sheets
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
               "days": "days", "weeks": "weeks", "score": "score out of 10"}
POLARITY_LABELS = {"high": "higher is better", "low": "lower is better", "none": "-"}
SECTION_ORDER = ["front_door", "out_of_hours", "assessments", "cin", "cp", "private_fostering",
                 "young_carers", "lado", "proceedings", "quality"]
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


def _suppressed(frame: pd.DataFrame) -> pd.Series:
    if "suppressed" not in frame.columns:
        return pd.Series(False, index=frame.index)
    return frame["suppressed"].fillna(False).astype(bool)


def _reason(frame: pd.DataFrame) -> pd.Series:
    """'primary' / 'secondary' / '' for every row (suppressed rows without a reason: primary)."""
    hidden = _suppressed(frame)
    reason = frame["suppression"].fillna("").astype(str) if "suppression" in frame.columns \
        else pd.Series("", index=frame.index)
    return reason.where(~hidden | (reason != ""), "primary").where(hidden, "")


def monthly_table(frame: pd.DataFrame, period: Period | None = None, *, symbol: str | None = None,
                  committee: pd.DataFrame | None = None) -> pd.DataFrame:
    """The wide 'monthly' sheet as a DataFrame (values rounded, ``n/a`` for missing).

    ``symbol``: the open edition's suppression symbol, written in suppressed cells.
    ``committee``: extra columns per indicator (index ``indicator_id``, see
    ``present.committee.committee_columns``)."""
    label, first, last = _report_period(frame, period)
    months = [str(m) for m in pd.period_range(first, last, freq="M")] if first is not None else []
    meta = frame.drop_duplicates("indicator_id").set_index("indicator_id")
    out = []
    frame = frame.assign(_reason=_reason(frame))
    mrows = frame[frame["period_type"] == "month"].set_index(["indicator_id", "month"])
    monthly, mreason = mrows["value"], mrows["_reason"]
    prows = frame[(frame["period_type"] == "period") & (frame["month"] == label)].set_index("indicator_id") \
        if label is not None else frame.iloc[0:0].set_index("indicator_id")
    totals, preason = prows["value"], prows["_reason"]
    if mrows.index.is_unique:  # one row per indicator and month: plain lookups, not index searches
        monthly, mreason = monthly.to_dict(), mreason.to_dict()
    headings = {m: pd.Period(m, "M").strftime("%b %y") for m in months}

    def cell(value, reason, unit, heading, hidden):
        if reason and symbol is not None:
            hidden.append(f"{heading}: {reason}")
            return symbol
        v = _round(value, unit)
        return NA_TEXT if v is None else v

    for ind in _indicator_order(frame):
        row = meta.loc[ind]
        rec = {"Section": row["section"], "Indicator id": ind, "Indicator": row["title"],
               "Unit": UNIT_LABELS.get(row["unit"], row["unit"]),
               "Polarity": POLARITY_LABELS.get(row["polarity"], row["polarity"])}
        hidden: list[str] = []
        for m in months:
            heading = headings[m]
            rec[heading] = cell(monthly.get((ind, m), np.nan), mreason.get((ind, m), ""), row["unit"],
                                heading, hidden)
        if label is not None:
            rec[f"Period {label}"] = cell(totals.get(ind, np.nan), preason.get(ind, ""), row["unit"],
                                          "period", hidden)
        if committee is not None:
            extra = committee.loc[ind] if ind in committee.index else pd.Series(dtype=object)
            for col in committee.columns:
                v = extra.get(col)
                rec[col] = "" if v is None or (isinstance(v, float) and np.isnan(v)) else v
        out.append(rec)
    return pd.DataFrame(out)


def _with_symbol(table: pd.DataFrame, frame: pd.DataFrame, symbol: str | None) -> pd.DataFrame:
    """Open edition: the symbol in every number of a suppressed row (never the reason)."""
    if symbol is None:
        return table
    hidden = (_reason(frame) != "").to_numpy()
    for col in ("numerator", "denominator", "value", "lower", "upper"):
        table[col] = table[col].astype(object)
        table.loc[hidden, col] = symbol
    return table


def _all_table(frame: pd.DataFrame, symbol: str | None = None) -> pd.DataFrame:
    table = frame[COLUMNS].copy()
    for col in ("value", "lower", "upper"):
        table[col] = [_round(v, "rate") for v in table[col]]
    for col in ("start", "end"):
        table[col] = pd.to_datetime(table[col]).dt.date
    return _with_symbol(table, frame, symbol).rename(columns=HEADERS)


def _sheet(name: str, table: pd.DataFrame, widths: dict[str, int] | None = None) -> Sheet:
    """One sheet of ``indicators.xlsx``: bold shaded header, panes frozen at D2, each number
    formatted by its type (whole numbers ``0``, decimals ``0.0``, dates ``yyyy-mm-dd``). Text
    from inputs is stored as text cells, so it never becomes a live formula."""
    columns = [Column("x", list(table.iloc[:, j]),
                      width=(widths or {}).get(name) or min(60, max(10, len(str(name)) + 2)))
               for j, name in enumerate(table.columns)]
    return Sheet(name, [str(c) for c in table.columns], columns, header_style=True, freeze="D2")


def write_indicators(frame: pd.DataFrame, out_dir, period: Period | None = None, *, symbol: str | None = None,
                     committee: pd.DataFrame | None = None) -> tuple[Path, Path]:
    """Write ``indicators.csv`` and ``indicators.xlsx`` into ``out_dir``; return their paths.

    ``symbol``: open edition (suppressed rows carry the symbol and a reason); ``committee``:
    the committee columns of the monthly sheet (``present.committee.committee_columns``)."""
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    csv_path, xlsx_path = out_dir / "indicators.csv", out_dir / "indicators.xlsx"

    csv = frame[COLUMNS].copy()
    for col in ("start", "end"):
        csv[col] = pd.to_datetime(csv[col]).dt.strftime("%Y-%m-%d")
    csv = _with_symbol(csv, frame, symbol)
    write_csv(csv, csv_path)

    write_sheets(xlsx_path, [
        _sheet("monthly", monthly_table(frame, period, symbol=symbol, committee=committee),
               widths={"Indicator": 55, "Indicator id": 30, "Section": 18, "Unit": 20,
                       "Polarity": 17, "Target": 16}),
        _sheet("all", _all_table(frame, symbol), widths={"Indicator": 55, "Indicator id": 30, "Section": 18})])
    return csv_path, xlsx_path


__all__ = ["write_indicators", "monthly_table", "HEADERS"]
