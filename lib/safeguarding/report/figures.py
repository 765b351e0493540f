"""Every figure the open edition of a report publishes, in one suppressed frame.

Built once per run, after ``prepare`` and before any notebook runs, and written beside the
prepared data (``prepared/open/``). Every open table, chart, chart-number table, the scorecard,
the improvement-plan measures, the benchmark tables' own values, the proceedings summary and
``indicators.csv``/``.xlsx`` read their numbers from it; nothing recomputes a figure after
disclosure control (docs/conventions.md section 5).

What the open edition publishes (a *unit* is hidden or shown whole):

* ``month`` / ``period`` - every indicator of the sections' tables for each month of the report
  period and for the period (numerator, denominator and value);
* ``comparison`` - the previous period and the same period last year (direction-of-travel
  arrows: a hidden one shows the symbol);
* ``history`` - the months a trend or SPC chart draws before the report period
  (:data:`OPEN_HISTORY_MONTHS`; values only);
* ``benchmark`` - the council's own value for the last full financial year beside the published
  comparators; ``summary`` - the proceedings summary's financial year and year to date;
* ``table`` / ``table_total`` - the cells and margins of each section's breakdowns
  (``SectionSpec.breakdowns``), small ordered bands merged first.

``disclosure.protect`` chooses what to hide for all of them together with what the ledger holds.
"""
from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd

from ..disclosure.model import RECORD_COLUMNS, TOTAL
from ..disclosure.records import indicator_records
from ..prepare import read_parquet_once

# Months of history a trend or SPC chart shows in the open edition: the latest month and the
# twelve before it (the same month last year). The restricted edition shows
# RESTRICTED_HISTORY_MONTHS. Reasoning in docs/conventions.md section 5.
OPEN_HISTORY_MONTHS = 13
RESTRICTED_HISTORY_MONTHS = 24
FOLDER = "open"
# What hiding a unit costs the reader (the cheapest is hidden first; a small count before a large).
COST = {"comparison": 1.0, "history": 2.0, "benchmark": 3.0, "summary": 4.0, "month": 5.0, "table": 5.0,
        "table_total": 20.0, "period": 50.0}
PROCEEDINGS_IDS = ("care_applications", "care_proceedings_concluded", "care_proceedings_avg_weeks",
                   "care_proceedings_within_26wk_pct", "pre_proceedings_started", "pre_proceedings_issued",
                   "pre_proceedings_stepped_down")


@dataclass
class OpenFigures:
    """The open edition's figures. ``indicators``: long rows (``indicators.compute.COLUMNS`` plus
    ``suppressed``, ``suppression``, ``category``, ``revised``), a hidden row's numbers blank.
    ``tables``: breakdown cells (``table``, ``name``, ``row``, ``parts``, ``column``, ``value``,
    ``suppressed``, ``first``, ``last``, ``window``, ``order``). ``records``: every figure as the
    ledger and the audit hold it (``disclosure.model.RECORD_COLUMNS``)."""
    indicators: pd.DataFrame
    tables: pd.DataFrame
    records: pd.DataFrame
    summary: dict = field(default_factory=dict)
    breakdowns: dict = field(default_factory=dict)  # key -> the breakdown as computed (restricted)

    def table(self, key: str) -> pd.DataFrame:
        return self.tables[self.tables["table"] == key]

    def digest(self) -> str:
        """Changes whenever a published figure or its status does."""
        import hashlib

        digest = hashlib.sha256()
        for frame in (self.records, self.tables):
            digest.update(pd.util.hash_pandas_object(frame.astype(str), index=False).to_numpy().tobytes())
        return digest.hexdigest()


def table_key(name: str, options: dict | tuple = ()) -> str:
    """The name a breakdown is published under (``data-table``): its function, and any options
    it was asked for (as ``SectionView._table_id`` names it)."""
    return name + "".join(f";{k}={v}" for k, v in sorted(dict(options).items()))


# --------------------------------------------------------------------------------------------
# Indicator units
# --------------------------------------------------------------------------------------------
def quarterly_ids() -> list[str]:
    """The indicators the quality-of-practice section shows by quarter (``ContentBlocks``)."""
    from .content_blocks import AUDIT_QUARTERS, FEEDBACK_QUARTERS

    return list(dict.fromkeys(ind for _, ind, _ in (*AUDIT_QUARTERS, *FEEDBACK_QUARTERS)))


def _indicator_units(prepared) -> pd.DataFrame:
    """The indicator rows the open edition shows, one per (indicator, window), with its category
    and the fields it prints."""
    from ..indicators.registry import REGISTRY
    from .sections import SECTIONS

    period = prepared.period
    frame = prepared.indicators
    months = [str(m) for m in period.months]
    table_ids = list(dict.fromkeys(i for s in SECTIONS for i in s.table_ids if i in REGISTRY))
    # shown for the period only (the scorecard, the quality-of-practice figures by quarter)
    period_only = [i for i in dict.fromkeys([*(i for s in SECTIONS for i in s.scorecard_ids), *quarterly_ids()])
                   if i in REGISTRY and i not in table_ids]
    chart_ids = list(dict.fromkeys(i for s in SECTIONS for i in (*s.trend_ids, *s.spc_ids) if i in REGISTRY))
    last = period.last_month
    history = [str(last - k) for k in range(OPEN_HISTORY_MONTHS - 1, -1, -1) if str(last - k) not in months]
    ids = frame["indicator_id"].astype(str)
    ptype = frame["period_type"].astype(str)
    label = frame["month"].astype(str)
    wanted = []

    def pick(mask, category, shown):
        for i in np.flatnonzero(mask.to_numpy()):
            wanted.append((i, category, shown))

    in_tables = ids.isin(table_ids)
    pick(in_tables & (ptype == "month") & label.isin(months), "month", None)
    pick((in_tables | ids.isin(period_only)) & (ptype == "period") & (label == period.label), "period", None)
    pick((in_tables | ids.isin(period_only)) & (ptype == "period")
         & label.isin([period.previous().label, period.same_period_last_year().label]), "comparison", ("value",))
    pick(ids.isin(chart_ids) & (ptype == "month") & label.isin(history), "history", ("value",))
    bench_path = prepared.folder / "benchmarks.parquet"
    if bench_path.exists():
        bench = pd.read_parquet(bench_path)
        bench = bench[bench["value"].notna() & bench["year"].notna()]
        years = {str(i): str(int(y)) for i, y in zip(bench["indicator_id"], bench["year"])}
        pick((ptype == "year") & pd.Series([years.get(i) == m for i, m in zip(ids, label)], index=frame.index),
             "benchmark", ("value",))
    # the improvement-plan measures: the latest month (a report month) against the month a
    # period earlier (its direction of travel)
    measures = prepared.tables.get("improvement_measures")
    if measures is not None and len(measures) and "indicator_id" in measures.columns:
        measure_ids = set(measures["indicator_id"].dropna().astype(str))
        pick(ids.isin(measure_ids) & (ptype == "month") & (label == str(last - period.n_months)),
             "comparison", ("value",))
    fy = str(period.financial_year_end() - 1)  # the proceedings summary's last full year
    pick(ids.isin(PROCEEDINGS_IDS) & (ptype == "year") & (label == fy), "summary", ("value",))
    units = pd.DataFrame(wanted, columns=["row", "category", "shown"])
    # one unit per row: the category that matters most to the reader, every field any use prints
    units["rank"] = units["category"].map(COST)
    units = units.sort_values("rank", ascending=False, kind="stable")
    shown = units.groupby("row")["shown"].agg(lambda s: None if any(v is None for v in s)
                                              else tuple(sorted({f for v in s for f in v})))
    units = units.drop_duplicates("row").drop(columns="shown").join(shown, on="row").sort_values("row")
    rows = frame.iloc[units["row"].to_numpy()].reset_index(drop=True)
    rows["category"] = units["category"].to_numpy()
    rows["shown"] = list(units["shown"])
    ytd = _ytd_rows(prepared)
    if len(ytd):
        ytd["category"], ytd["shown"] = "summary", [("value",)] * len(ytd)
        rows = pd.concat([rows, ytd], ignore_index=True)
    return rows


def _ytd_rows(prepared) -> pd.DataFrame:
    """The proceedings indicators from 1 April to the period's end (the summary's year to date).
    A window's coverage is the worst of its months' (``indicators.compute.mark_coverage``)."""
    from ..indicators.base import COMPUTE, Context
    from ..indicators.compute import COLUMNS, finish

    period = prepared.period
    fy = period.financial_year_end()
    start, end = pd.Timestamp(f"{fy - 1}-04-01"), period.end
    months = [str(m) for m in pd.period_range(start, end, freq="M")]
    if months == [str(m) for m in period.months]:
        return pd.DataFrame(columns=COLUMNS)  # the period itself: its own row is already shown
    if prepared.tables.get("pre_proceedings") is None:
        return pd.DataFrame(columns=COLUMNS)  # no extract: the summary shows nothing
    ctx = Context(tables=prepared.tables, params=prepared.params, period=period)
    frame = prepared.indicators
    monthly = frame[(frame["period_type"] == "month") & frame["month"].astype(str).isin(months)]
    label = f"{months[0]}..{months[-1]}"
    records = []
    for indicator_id in PROCEEDINGS_IDS:
        if indicator_id not in COMPUTE:
            continue
        cover = set(monthly.loc[monthly["indicator_id"] == indicator_id, "coverage"])
        coverage = "none" if "none" in cover else ("partial" if "partial" in cover else "full")
        m = COMPUTE[indicator_id](ctx, start, end)
        records.append((indicator_id, "window", label, start, end, m.numerator, m.denominator, m.value, coverage))
    if not records:
        return pd.DataFrame(columns=COLUMNS)
    return finish(pd.DataFrame(records, columns=["indicator_id", "period_type", "month", "start", "end",
                                                 "numerator", "denominator", "value", "coverage"]))[COLUMNS]


# --------------------------------------------------------------------------------------------
# Breakdown tables
# --------------------------------------------------------------------------------------------
def breakdown_frame(prepared, name: str, options: dict) -> pd.DataFrame | None:
    """A breakdown from the child-level data, as the section notebook computes it."""
    import inspect

    from ..indicators import breakdowns

    fn = getattr(breakdowns, name, None)
    if fn is None:
        return None
    params = inspect.signature(fn).parameters
    kwargs = dict(options)
    if "params" in params:
        kwargs["params"] = prepared.params
    period = prepared.period
    try:
        if "period" in params:
            frame = fn(prepared.tables, period, **kwargs)
            frame.attrs.setdefault("window", "sum")
        elif "end" in params:  # flows over a window: (tables, start, end)
            frame = fn(prepared.tables, period.start, period.end, **kwargs)
            frame.attrs["window"] = "sum"
        else:  # stocks at a date: (tables, at)
            frame = fn(prepared.tables, period.end, **kwargs)
            frame.attrs["window"] = "at"
    except KeyError:  # a list the breakdown reads was not supplied: the section shows none
        return None
    return frame


# Cross-tables printed on their side (more columns than rows whatever the data): decided by the
# breakdown, never by one period's data, so a table has the same cells in every report and the
# ledger reads them together (a table that turned in a month with few outcomes gave a hidden
# total back in the half-year).
TRANSPOSED_BREAKDOWNS = {"lado_outcomes_by_sector"}


def reads_transposed(name: str) -> bool:
    """Whether the breakdown ``name`` (with any options) is shown with its rows as columns."""
    return name.split(";")[0] in TRANSPOSED_BREAKDOWNS


def table_cells(name: str, frame: pd.DataFrame, threshold: int | None = None) -> pd.DataFrame:
    """The cells of a breakdown as published: body rows x columns, a total row, and for a cross
    table a total column (``parts``: the bands a merged row joins). ``threshold``: ordered bands
    holding 1 to the threshold are merged first (the open edition)."""
    from ..disclosure.suppress import merge_small_bands
    from ..indicators.bands import ORDERED_BREAKDOWNS

    parts: dict[str, list[str]] = {}
    if {"category", "count"} <= set(frame.columns):
        counts = frame.set_index("category")["count"]
        if threshold and name in ORDERED_BREAKDOWNS:
            merged = merge_small_bands(counts, threshold, ORDERED_BREAKDOWNS[name])
            for label, group in merged.merged:
                parts[label] = group
            counts = merged.counts
        body = counts.to_frame("Number")
        cross = False
    else:
        body = frame.copy()
        first = body.columns[0]
        if not pd.api.types.is_numeric_dtype(body[first]):
            body = body.set_index(first)
        if reads_transposed(name):
            body = body.T
        body = body.drop(index=[TOTAL], columns=[TOTAL], errors="ignore")
        body = body.apply(pd.to_numeric, errors="coerce").fillna(0)
        cross = True
    index_name = str(body.index.name or "").replace("_", " ").capitalize()
    out = []
    for order, (r, vals) in enumerate(body.iterrows()):
        for c, v in vals.items():
            out.append((str(r), "|".join(parts.get(str(r), [str(r)])), str(c), float(v), order, "table"))
        if cross:
            out.append((str(r), "|".join(parts.get(str(r), [str(r)])), TOTAL, float(vals.sum()), order, "table_total"))
    n = len(body)
    for c in body.columns:
        out.append((TOTAL, TOTAL, str(c), float(body[c].sum()), n, "table_total"))
    if cross:
        out.append((TOTAL, TOTAL, TOTAL, float(body.to_numpy().sum()), n, "table_total"))
    out = pd.DataFrame(out, columns=["row", "parts", "column", "truth", "order", "category"])
    out["index_name"] = index_name
    return out


def _table_units(prepared, threshold: int, computed: dict) -> pd.DataFrame:
    from .sections import SECTIONS

    period = prepared.period
    frames = []
    for spec in SECTIONS:
        for name, options in spec.breakdowns:
            frame = breakdown_frame(prepared, name, dict(options))
            computed[table_key(name, options)] = frame
            if frame is None or len(frame) == 0:
                continue
            cells = table_cells(name, frame, threshold)
            window = frame.attrs.get("window", "sum")
            cells["table"] = table_key(name, options)
            cells["name"] = name
            cells["window"] = window
            cells["first"] = str(period.last_month if window == "at" else period.first_month)
            cells["last"] = str(period.last_month)
            cells["when"] = frame.attrs.get("when", "")
            cells["section"] = spec.key
            frames.append(cells)
    if not frames:
        return pd.DataFrame(columns=["table", "name", "row", "parts", "column", "truth", "order", "category",
                                     "index_name", "window", "first", "last", "when", "section"])
    return pd.concat(frames, ignore_index=True)


# --------------------------------------------------------------------------------------------
# The frame
# --------------------------------------------------------------------------------------------
def build_open_figures(prepared, ledger: pd.DataFrame | None = None, *, model: str = "balances") -> OpenFigures:
    """Protect every figure the open edition will publish, with the ``ledger``'s records."""
    from ..disclosure.protect import protect
    from ..indicators.compute import load_definitions

    load_definitions()  # the registry, when the prepared data came from the cache

    threshold = prepared.params.disclosure.threshold
    extract = str(prepared.meta.get("extract_date", ""))
    rows = _indicator_units(prepared)
    computed: dict = {}
    cells = _table_units(prepared, threshold, computed)
    ind_rec = indicator_records(rows, source="report", extract=extract, truth=True)
    tab_rec = pd.DataFrame({
        "kind": "table", "figure": cells["table"], "field": cells["column"], "row": cells["row"],
        "parts": cells["parts"], "first": cells["first"], "last": cells["last"], "window": cells["window"],
        "value": np.nan, "status": "published", "labelled": "", "extract": extract, "source": "report",
        "unit": np.arange(len(cells)) + len(rows), "truth": cells["truth"], "shown": True})
    candidates = pd.concat([ind_rec, tab_rec], ignore_index=True)
    size = pd.concat([pd.to_numeric(rows[["numerator", "denominator"]].max(axis=1), errors="coerce"),
                      cells["truth"]], ignore_index=True).fillna(0).to_numpy()
    categories = list(rows["category"]) + list(cells["category"])
    units = pd.DataFrame({"category": categories,
                          "cost": [COST[c] + s / (s + 100.0) for c, s in zip(categories, size)]})
    result = protect(candidates, units, ledger, threshold, model=model)
    status = result.status

    # the open rows: hidden ones blank
    n = len(rows)
    shown = rows.copy()
    st = status.iloc[:n].to_numpy()
    hidden = np.isin(st, ("primary", "secondary"))
    shown["suppressed"] = hidden
    shown["suppression"] = np.where(hidden, st, "")
    shown["revised"] = [i in result.revised for i in range(n)]
    for col in ("numerator", "denominator", "value", "lower", "upper"):
        shown[col] = pd.to_numeric(shown[col], errors="coerce").astype(float)
        shown.loc[hidden, col] = np.nan
    shown = shown.drop(columns=["shown"])
    tables = cells.copy()
    tst = status.iloc[n:].to_numpy()
    tables["suppressed"] = np.isin(tst, ("primary", "secondary"))
    tables["suppression"] = np.where(tables["suppressed"], tst, "")
    tables["value"] = np.where(tables["suppressed"], np.nan, tables["truth"])
    tables = tables.drop(columns=["truth"])
    records = result.records[RECORD_COLUMNS]
    records = records[records["status"] != "unshown"].reset_index(drop=True)
    summary = _summary(shown, tables, result)
    return OpenFigures(shown, tables, records, summary, computed)


def _summary(rows: pd.DataFrame, tables: pd.DataFrame, result) -> dict:
    """How much the open edition hides (the run summary and the manifest report it)."""
    by = {}
    for category, g in rows.groupby("category"):
        by[category] = {"figures": int(len(g)), "hidden": int(g["suppressed"].sum())}
    for category, g in tables.groupby("category"):
        by[category] = {"figures": int(len(g)), "hidden": int(g["suppressed"].sum())}
    report = rows[rows["category"].isin(["month", "period"])]
    return {
        "indicator_rows": int(len(report)), "indicator_rows_hidden": int(report["suppressed"].sum()),
        "period_totals": int((report["category"] == "period").sum()),
        "period_totals_hidden": int(report.loc[report["category"] == "period", "suppressed"].sum()),
        "by_category": by, "unprotected": len(result.unprotected), "revised": len(result.revised),
        "seconds": round(result.seconds, 2),
    }


def summary_line(summary: dict) -> str:
    """One line for the run log: the share of open figures hidden."""
    n, h = summary.get("indicator_rows", 0), summary.get("indicator_rows_hidden", 0)
    p, ph = summary.get("period_totals", 0), summary.get("period_totals_hidden", 0)
    every = sum(v["figures"] for v in summary.get("by_category", {}).values())
    hidden = sum(v["hidden"] for v in summary.get("by_category", {}).values())
    share = f"{100 * hidden / every:.1f}%" if every else "0%"
    return (f"disclosure control: {h} of {n} open indicator rows hidden ({ph} of {p} period totals); "
            f"{hidden} of {every} open figures in all ({share})")


# --------------------------------------------------------------------------------------------
# Reading a breakdown back for display
# --------------------------------------------------------------------------------------------
def count_frame(cells: pd.DataFrame, symbol: str) -> pd.DataFrame:
    """The breakdown as a table: rows x columns with the Total row (and column), a hidden cell
    as ``symbol``."""
    shown = [symbol if hidden else (int(v) if float(v).is_integer() else v)
             for v, hidden in zip(cells["value"], cells["suppressed"])]
    frame = (cells.assign(shown=shown).pivot_table(index="row", columns="column", values="shown", aggfunc="first",
                                                   sort=False))
    rows = list(dict.fromkeys(cells.sort_values("order", kind="stable")["row"]))
    columns = [c for c in dict.fromkeys(cells["column"]) if c != TOTAL] + ([TOTAL] if TOTAL in set(cells["column"]) else [])
    frame = frame.reindex(index=rows, columns=columns).astype(object)
    frame.index.name, frame.columns.name = str(cells["index_name"].iloc[0] or ""), None
    return frame


def chart_counts_for(cells: pd.DataFrame, threshold: int):
    """What the breakdown's chart may draw (``disclosure.suppress.ChartCounts``): hidden cells
    left out, n the published total (or None when it is hidden)."""
    from ..disclosure.suppress import ChartCounts, _note

    body = cells[(cells["row"] != TOTAL) & (cells["column"] != TOTAL)]
    order = list(dict.fromkeys(body.sort_values("order", kind="stable")["row"]))
    columns = list(dict.fromkeys(body["column"]))
    grand = cells[(cells["row"] == TOTAL) & ((cells["column"] == TOTAL) | (len(columns) == 1))]
    n = None if grand.empty or bool(grand["suppressed"].iloc[-1]) else int(grand["value"].iloc[-1])
    if len(columns) == 1:
        values = body.set_index("row")["value"].reindex(order)
        hidden = [r for r, h in zip(body["row"], body["suppressed"]) if h]
        shown = values.drop(index=hidden)
        return ChartCounts(shown, n, hidden, _note(threshold) if hidden else None, order)
    values = body.pivot_table(index="row", columns="column", values="value", aggfunc="first", sort=False,
                              dropna=False).reindex(index=order, columns=columns)
    hidden = [(r, c) for r, c, h in zip(body["row"], body["column"], body["suppressed"]) if h]
    return ChartCounts(values, n, hidden, _note(threshold, "values") if hidden else None, order)


def write_open_figures(folder: Path, figures: OpenFigures) -> None:
    out = Path(folder) / FOLDER
    out.mkdir(parents=True, exist_ok=True)
    figures.indicators.to_parquet(out / "indicators.parquet", index=False)
    figures.tables.to_parquet(out / "tables.parquet", index=False)
    figures.records.to_parquet(out / "records.parquet", index=False)
    (out / "summary.json").write_text(json.dumps(figures.summary, indent=2), encoding="utf-8")
    # the breakdowns as computed, so the restricted edition does not compute them again
    folder = out / "breakdowns"
    folder.mkdir(exist_ok=True)
    for key, frame in figures.breakdowns.items():
        if frame is not None:
            frame.to_parquet(folder / f"{key}.parquet")
            (folder / f"{key}.json").write_text(json.dumps({k: v for k, v in frame.attrs.items()
                                                            if isinstance(v, (str, int, float))}), encoding="utf-8")


def stored_breakdown(folder: Path, key: str) -> pd.DataFrame | None:
    """A breakdown the run computed while building its open figures (None: not one of them)."""
    path = Path(folder) / FOLDER / "breakdowns" / f"{key}.parquet"
    if not path.exists():
        return None
    frame = read_parquet_once(path)
    frame.attrs.update(json.loads(path.with_suffix(".json").read_text(encoding="utf-8")))
    return frame


def load_open_figures(folder: Path) -> OpenFigures | None:
    out = Path(folder) / FOLDER
    if not (out / "indicators.parquet").exists():
        return None
    return OpenFigures(read_parquet_once(out / "indicators.parquet"), read_parquet_once(out / "tables.parquet"),
                       read_parquet_once(out / "records.parquet"),
                       json.loads((out / "summary.json").read_text(encoding="utf-8")))


def open_figures(prepared) -> OpenFigures:
    """The run's open figures: written by the runner; built without a ledger for a prepared
    folder that has none (a notebook opened on its own)."""
    found = load_open_figures(prepared.folder)
    if found is None:
        found = build_open_figures(prepared)
        try:
            write_open_figures(prepared.folder, found)
        except OSError:
            pass
    return found


__all__ = ["OpenFigures", "build_open_figures", "write_open_figures", "load_open_figures", "open_figures",
           "indicator_records", "table_key", "OPEN_HISTORY_MONTHS", "summary_line"]
