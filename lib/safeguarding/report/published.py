"""The figures the open edition publishes, read back for the commentary check.

:func:`published_figures` is the one place the commentary check learns what a reader of the open
edition sees. It reads the files a run writes - the open ``indicators.csv`` (the period's months
and total, ``c`` where hidden) and the monthly sheet of the open ``indicators.xlsx`` (target,
RAG, direction of travel, as the report's tables show them) - and the benchmark table the
sections show (``benchmarks.parquet`` of the prepared data, which ``SectionView.benchmarks``
prints). The exact values of hidden cells come from ``restricted/indicators.csv``, only to
recognise a commentary that quotes one. Whatever produces those files (today
``runner._write_indicator_files`` from ``report.figures``) is what the check compares with,
so it follows any change to how the open figures are made.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd

from ..indicators.registry import REGISTRY
from ..present.rag import tolerance_band

HIDDEN = "hidden"  # a value the open edition shows as the suppression symbol


@dataclass
class Benchmark:
    """One row of a section's benchmark table (``benchmarks.compare.benchmark_table``)."""
    year: int | None  # year ending 31 March of the council's own value
    value: float | None  # the council's own financial-year value
    lower: float | None
    upper: float | None
    published: float | None  # the council's own value as DfE published it (LAIT)
    england: float | None
    sn: float | None
    region: float | None
    judgement: str | None  # against England, as the table prints it (similar / better / higher ...)
    own_hidden: bool = False  # the open edition shows the council's own value as "c" (and no judgement)

    def comparator(self, name: str) -> float | None:
        return {"england": self.england, "sn": self.sn, "region": self.region}[name]


@dataclass
class Shown:
    """One indicator as the open edition shows it for the report period."""
    id: str
    title: str
    section: str
    unit: str
    polarity: str
    months: dict[str, float | str | None]  # month -> value as shown (rounded), HIDDEN, or None (n/a)
    period: float | str | None  # the period value as shown, HIDDEN, or None
    counts: list[float]  # the published numerators and denominators (shown under percentages and rates)
    hidden: dict[str, list[tuple[float, str]]]  # month or "period" -> (exact number, its unit) the open edition hides
    target: float | None  # numeric target (params), None when none or a label
    band: float | None  # the amber tolerance in the indicator's units
    rag: str  # "green" | "amber" | "red" | "low numbers" | "n/a" | "" (not rated) | HIDDEN
    travel: dict[str, tuple[str, str] | str]  # previous / last_year -> (arrow, word) | "n/a" | HIDDEN
    benchmark: Benchmark | None = None

    @property
    def period_hidden(self) -> bool:
        return self.period == HIDDEN

    def period_value(self) -> float | None:
        return None if self.period == HIDDEN else self.period


@dataclass
class PublishedFigures:
    indicators: dict[str, Shown]
    plan_counts: list[float] = field(default_factory=list)  # the improvement plan's action counts
    symbol: str = "c"
    threshold: int = 5


def _round(value, unit: str) -> float | None:
    v = pd.to_numeric(value, errors="coerce")
    if pd.isna(v):
        return None
    return float(round(float(v))) if unit == "count" else round(float(v), 1)


def _text(value) -> str:
    return "" if value is None or (isinstance(value, float) and np.isnan(value)) else str(value).strip()


def _travel(text: str, symbol: str) -> tuple[str, str] | str:
    text = _text(text)
    if text == symbol:
        return HIDDEN
    if not text or text == "n/a":
        return "n/a"
    return text[0], text[1:].strip().lower()  # ("▲", "worsening"), ("►", "no change"), ("▼", "down")


def _rag(text: str, symbol: str) -> str:
    text = _text(text)
    return HIDDEN if text == symbol else text.lower()


def _benchmarks(prepared) -> dict[str, Benchmark]:
    """The benchmark table as the open edition's sections show it (``SectionView._benchmark_frame``):
    the council's own financial-year value hidden, with its judgement, where the open view hides
    that year."""
    path = Path(prepared.folder) / "benchmarks.parquet"
    if not path.exists():
        return {}
    from .figures import open_figures

    view = open_figures(prepared).indicators
    years = view[(view["period_type"] == "year") & view["suppressed"].fillna(False).astype(bool)]
    hidden = set(zip(years["indicator_id"].astype(str), years["month"].astype(str)))
    out = {}
    for r in pd.read_parquet(path).to_dict("records"):
        def num(col):
            v = pd.to_numeric(r.get(col), errors="coerce")
            return None if pd.isna(v) else float(v)
        year = num("year")
        out[r["indicator_id"]] = Benchmark(
            year=int(year) if year is not None else None, value=num("value"), lower=num("lower"),
            upper=num("upper"), published=num("published_value"), england=num("england_value"), sn=num("sn_value"), region=num("region_value"),
            judgement=_text(r.get("judgement")) or None,
            own_hidden=(r["indicator_id"], str(r["year"]).split(".")[0]) in hidden)
    return out


def _plan_counts(prepared) -> list[float]:
    actions = prepared.tables.get("improvement_actions", pd.DataFrame()) if prepared is not None else pd.DataFrame()
    if actions is None or actions.empty:
        return []
    from ..improvement.plan import status_counts

    counts = status_counts(actions, prepared.params)
    return [float(len(actions)), *counts["count"].astype(float), *counts["percent"].dropna().round(0)]


def published_figures(run_dir: Path, prepared) -> PublishedFigures:
    """The open edition's figures of a run folder (``indicators.csv``, ``indicators.xlsx``,
    ``restricted/indicators.csv``) with the benchmark table and the targets of ``prepared``."""
    run_dir = Path(run_dir)
    params = prepared.params
    symbol = params.disclosure.symbol
    period = prepared.period
    months = [str(m) for m in period.months]

    shown = pd.read_csv(run_dir / "indicators.csv", dtype=str, keep_default_na=False)
    exact = pd.read_csv(run_dir / "restricted" / "indicators.csv", dtype={"month": str})
    exact = {(r["indicator_id"], r["month"]): r for r in exact[exact["month"].isin(months + [period.label])]
             .to_dict("records")}
    sheet = pd.read_excel(run_dir / "indicators.xlsx", sheet_name="monthly", engine="calamine", dtype=object)
    committee = {r["Indicator id"]: r for r in sheet.to_dict("records")}
    benchmarks = _benchmarks(prepared)

    rows_of: dict[str, list[dict]] = {}
    for r in shown.to_dict("records"):
        rows_of.setdefault(r["indicator_id"], []).append(r)
    figures = {}
    for ind_id, rows in rows_of.items():
        first = rows[0]
        definition = REGISTRY.get(ind_id)
        unit = first["unit"]
        month_values: dict[str, float | str | None] = {}
        period_value: float | str | None = None
        counts: list[float] = []
        hidden: dict[str, list[tuple[float, str]]] = {}
        for r in rows:
            slot = "period" if r["period_type"] == "period" else r["month"]
            if str(r["value"]).strip() == symbol:  # hidden (the open files do not say why)
                value = HIDDEN
                x = exact.get((ind_id, r["month"]))
                if x is not None:
                    hidden[slot] = [(v, u) for v, u in ((_round(x["value"], unit), unit),
                                                        (_round(x["numerator"], "count"), "count"),
                                                        (_round(x["denominator"], "count"), "count"))
                                    if v is not None]
            else:
                value = _round(r["value"], unit)
                counts += [v for v in (_round(r["numerator"], "count"), _round(r["denominator"], "count"))
                           if v is not None]
            if slot == "period":
                period_value = value
            elif r["period_type"] == "month":
                month_values[slot] = value
        target = params.target_for(ind_id)
        tval = float(target.target) if target is not None and target.target is not None else None
        band = tolerance_band(tval, target.tolerance_type, target.amber_band) if tval is not None else None
        extra = committee.get(ind_id, {})
        figures[ind_id] = Shown(
            id=ind_id, title=definition.title if definition else first["title"], section=first["section"],
            unit=unit, polarity=definition.polarity if definition else first["polarity"],
            months={m: month_values.get(m) for m in months}, period=period_value, counts=counts, hidden=hidden,
            target=tval, band=band, rag=_rag(extra.get("RAG"), symbol),
            travel={"previous": _travel(extra.get("vs previous period"), symbol),
                    "last_year": _travel(extra.get("vs same period last year"), symbol)},
            benchmark=benchmarks.get(ind_id))
    return PublishedFigures(figures, _plan_counts(prepared), symbol, params.disclosure.threshold)
