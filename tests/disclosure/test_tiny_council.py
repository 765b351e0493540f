"""A tiny council's reports of one extract, published one after another and read together.

Issue #20's case, smaller: ``safeguarding demo --scale 0.02`` (about 900 children), seven open
reports of one extract - the quarter April to June 2018, the half-year January to June, July,
August and September 2018, the quarter July to September and the half-year April to September
(a half-year read alone once gave back "c + c" in a row of the out-of-hours table that the
reports read together did not list) - each protected with the publication ledger of the ones
before it, its open files written from its suppressed frame (``indicators.csv``, the trend
charts' numbers, the breakdown tables), read back by the recovery audit and recorded.

Then the attacker (``disclosure.audit``: it reads the open files and the ledger, not the frame
or the data) tries every hidden count and every count no figure prints, under the three models
of the issue - sums of months; + whole numbers and the labels the open files give; + flow
balances - across the reports and for each report alone. Nothing may come back, and every
report must publish. A control shows the attacker finds counts when a report gives one away.
"""
from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from safeguarding.disclosure.ledger import Ledger
from safeguarding.disclosure.model import Model
from safeguarding.disclosure.publication import publish, report_records
from safeguarding.disclosure.records import indicator_records
from safeguarding.indicators.output import write_indicators
from safeguarding.params import params_from_dict
from safeguarding.periods import parse_period
from safeguarding.present.chart_data import counts_data_html, trend_data_html
from safeguarding.present.tables import count_table
from safeguarding.report.figures import build_open_figures, chart_counts_for, count_frame
from safeguarding.report.sections import SECTIONS

PERIODS = ["2018-19-Q1", "2018-01..2018-06", "2018-07", "2018-08", "2018-09", "2018-19-Q2", "2018-04..2018-09"]
MODELS = ("sums", "labels", "balances")


def _open_files(folder, prepared, figures) -> None:
    """What the open edition writes from its frame: the CSV, and a page with every trend
    chart's numbers and every breakdown as a table and as a chart's numbers."""
    folder.mkdir(parents=True)
    rows = figures.indicators
    write_indicators(rows[rows["category"].isin(["month", "period"])], folder, prepared.period, symbol="c")
    last = prepared.period.last_month
    history = [str(last - k) for k in range(12, -1, -1)]
    parts = []
    for spec in SECTIONS:
        for ind in spec.trend_ids:
            unit = rows.loc[rows["indicator_id"] == ind, "unit"].iloc[0]
            parts.append(trend_data_html(rows[rows["indicator_id"] == ind], ind, history, ind, unit=unit,
                                         edition="open"))
    for key in figures.tables["table"].unique():
        cells = figures.table(key)
        # the window it counts, as the notebooks name it: a stock at the period's end
        period = cells["last"].iloc[0] if cells["window"].iloc[0] == "at" else prepared.period.label
        parts.append(count_table(count_frame(cells, "c"), total_row=True, caption=key, controlled=True,
                                 total_col="Total" in set(cells["column"]), table_id=key, period=period))
        parts.append(counts_data_html(chart_counts_for(cells, 5), key, table_id=key, period=period))
    (folder / "numbers.html").write_text("<html><body>" + "".join(parts) + "</body></html>", encoding="utf-8")


@pytest.fixture(scope="module")
def council(tmp_path_factory):
    from safeguarding.demo.generator import generate_demo
    from safeguarding.prepare import prepare

    base = tmp_path_factory.mktemp("tiny")
    generate_demo(base / "data", scale=0.02, seed=3)
    params = params_from_dict({"council": {"name": "Tiny", "short_name": "tiny", "la_code": "209"},
                               "inputs": {"folder": str(base / "data")}, "report": {"date": "extract"}})
    ledger = Ledger(base / "publication-ledger.sqlite")
    reports = {}
    for label in PERIODS:
        period = parse_period(label)
        prepared = prepare(params, period, base / "prepared" / period.slug)
        figures = build_open_figures(prepared, ledger.records())
        folder = base / "reports" / period.slug
        _open_files(folder, prepared, figures)
        extract = prepared.meta["extract_date"]
        records = report_records(folder, figures.records, "c", extract)
        result = publish(ledger, folder, lambda: None, records, 5, "c", report=period.slug,
                         details={"period": period.label, "extract_date": extract})
        reports[period.slug] = (prepared, figures, result)
    return ledger, reports


def test_every_report_publishes(council):
    ledger, reports = council
    assert [e.report for e in ledger.entries()] == [parse_period(p).slug for p in PERIODS]
    for slug, (_, figures, result) in reports.items():
        assert result.published, (slug, [str(f) for f in result.findings][:3])
        assert figures.summary["unprotected"] == 0, slug


@pytest.mark.parametrize("model", MODELS)
def test_nothing_hidden_comes_back_across_the_reports_or_from_one_alone(council, model):
    ledger, _ = council
    records = ledger.records()
    assert Model(records, 5, model=model).exposures() == []
    for report, mine in records.groupby("report"):
        assert Model(mine.reset_index(drop=True), 5, model=model).exposures() == [], report


def test_the_attacker_finds_counts_a_report_gives_away(council):
    # the last report with its secondary cells published: some primary count comes back
    ledger, reports = council
    prepared, figures, _ = reports[parse_period(PERIODS[-1]).slug]
    truth = indicator_records(prepared.indicators, source="data", truth=True)
    truth = truth.set_index(["figure", "field", "first", "last"])["truth"]
    records = ledger.records()
    mine = records["report"] == parse_period(PERIODS[-1]).slug
    secondary = mine & (records["status"] == "secondary") & (records["kind"] == "indicator")
    assert secondary.any()
    keys = pd.MultiIndex.from_frame(records.loc[secondary, ["figure", "field", "first", "last"]])
    given = records.copy()
    given.loc[secondary, "value"] = truth.reindex(keys).to_numpy()
    given.loc[secondary & given["value"].notna(), "status"] = "published"
    assert Model(given, 5, model="balances").exposures() != []
    assert np.isnan(records.loc[secondary, "value"]).all()  # the ledger holds no hidden value
