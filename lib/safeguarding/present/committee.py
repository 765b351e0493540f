"""The committee columns of ``indicators.csv``/``.xlsx``: target, RAG, direction of travel and the
published comparators per indicator, by the report's own rules (``present.rag``,
``present.travel``, ``present.tables``); ``indicators.output.write_indicators`` writes them."""
from __future__ import annotations

import pandas as pd

from ..periods import Period


def committee_columns(full: pd.DataFrame, view: pd.DataFrame, period: Period, params,
                      benchmarks: pd.DataFrame | None = None, *, symbol: str | None = None) -> pd.DataFrame:
    """Target, RAG, direction of travel and published comparators per indicator (index id).

    ``full``: the unsuppressed long frame (the comparison periods' values for direction of
    travel); ``view``: what is published (the RAG rates the published period value; in the open
    edition a suppressed period value, or a suppressed comparison value, gives ``symbol`` - the
    direction of a hidden value would tell a reader something about it, docs/conventions.md
    section 3). ``benchmarks``: the prepared benchmark table (``benchmarks.parquet``); only the
    published DfE figures are copied (LA as published, neighbours, region, England).
    The rules are the report's own (``present.rag``, ``present.travel``, ``present.tables``).
    """
    from ..disclosure.suppress import suppress_indicator_rows
    from ..indicators.output import NA_TEXT, _indicator_order, _round
    from ..indicators.registry import REGISTRY
    from .rag import rag_label, rag_rating
    from .tables import period_rows, target_text
    from .travel import direction_of_travel

    months = [str(m) for m in period.months]
    threshold = params.disclosure.threshold
    current = period_rows(view, months)["current"]
    compare = period_rows(suppress_indicator_rows(full, threshold) if symbol is not None else full, months)
    bench = benchmarks.set_index("indicator_id") if benchmarks is not None and len(benchmarks) else None
    conv = params.conventions
    rows = {}
    for ind in _indicator_order(view):
        definition = REGISTRY.get(ind)
        unit = definition.unit if definition else str(view.loc[view["indicator_id"] == ind, "unit"].iloc[0])
        polarity = definition.polarity if definition else "none"
        target = params.targets.get(ind) if params.targets else None
        cur = current.get(ind)
        hidden = cur is not None and bool(cur.get("suppressed", False))

        def num(row, col):
            v = None if row is None else pd.to_numeric(row.get(col), errors="coerce")
            return None if v is None or pd.isna(v) else float(v)

        rec = {"Target": target_text(target, unit)}
        if hidden and symbol is not None:
            rec["RAG"] = symbol if rag_rating(None, target, polarity, rag_enabled=bool(
                definition.rag if definition else True)) != "none" else ""
        else:
            rating = rag_rating(num(cur, "value"), target, polarity,
                                denominator=num(cur, "denominator") if unit != "rate_per_10k" else None,
                                lower=num(cur, "lower"), upper=num(cur, "upper"),
                                small_denominator=conv.small_denominator,
                                rag_enabled=bool(definition.rag) if definition else True)
            rec["RAG"] = "" if rating == "none" else ("n/a" if rating == "grey" and num(cur, "value") is None
                                                      else rag_label(rating))
        for kind, heading in (("previous", "vs previous period"), ("last_year", "vs same period last year")):
            before = compare[kind].get(ind)
            if symbol is not None and (hidden or (before is not None and bool(before.get("suppressed", False)))):
                rec[heading] = symbol
                continue
            t = direction_of_travel(num(cur, "value"), num(before, "value"), polarity, unit,
                                    band_points=conv.no_change_band_points,
                                    band_relative=conv.no_change_band_relative)
            rec[heading] = NA_TEXT if t.judgement == "n/a" else f"{t.arrow} {t.text}".strip()
        b = bench.loc[ind] if bench is not None and ind in bench.index else None
        if isinstance(b, pd.DataFrame):
            b = b.iloc[0]
        for col, heading in (("published_value", "LA as published (LAIT)"), ("sn_value", "Statistical neighbours"),
                             ("region_value", "Region"), ("england_value", "England")):
            rec[heading] = _round(b.get(col), unit) if b is not None else None
            rec[heading] = NA_TEXT if rec[heading] is None else rec[heading]
        years = sorted({int(y) for y in (b.get("published_year"), b.get("sn_year"), b.get("region_year"),
                                            b.get("england_year")) if y is not None and not pd.isna(y)}) \
            if b is not None else []
        rec["Comparator year"] = "; ".join(f"{y - 1}-{str(y)[-2:]}" for y in years)
        rows[ind] = rec
    return pd.DataFrame.from_dict(rows, orient="index")


__all__ = ["committee_columns"]
