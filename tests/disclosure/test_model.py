"""The attacker's model: each relation a reader can use, planted, and the count it gives back.

Every test plants the figures a council might publish, with one count of 1 to 5 hidden, and
checks the model pins it - under the model that knows the relation and not under the ones that
do not - so that the protection step and the audit cannot miss it.
"""
from __future__ import annotations

import numpy as np
import pandas as pd

from safeguarding.disclosure.model import RECORD_COLUMNS, Model


def rec(figure, first, last=None, value=None, field="numerator", *, status=None, kind="indicator", row="",
        window="", parts="", labelled="") -> dict:
    status = status or ("published" if value is not None else "primary")
    return {"kind": kind, "figure": figure, "field": field, "row": row, "parts": parts or row, "first": first,
            "last": last or first, "window": window, "value": np.nan if value is None else float(value),
            "status": status, "labelled": labelled, "extract": "2019-01-10", "source": f"{figure} {first}"}


def frame(*records) -> pd.DataFrame:
    return pd.DataFrame(list(records), columns=RECORD_COLUMNS)


def pinned(records: pd.DataFrame, model: str = "balances", *, implicit: bool = True) -> dict:
    """{figure first..last (or the unknown): value} of every count the model pins to 1..5."""
    out = {}
    for e in Model(records, 5, model=model, implicit=implicit).exposures():
        if e.record >= 0:
            r = records.iloc[e.record]
            out[f"{r['figure']} {r['first']}..{r['last']}"] = e.value
        else:
            out[str(e.target.unknown)] = e.value
    return out


def test_period_total_less_the_published_months():
    records = frame(rec("referrals", "2018-07", value=12), rec("referrals", "2018-08", value=15),
                    rec("referrals", "2018-09"), rec("referrals", "2018-07", "2018-09", 30))
    assert pinned(records, "sums") == {"referrals 2018-09..2018-09": 3.0}


def test_rolling_12_differences_across_reports():
    # r12 Sep - r12 Aug = Sep 2018 - Sep 2017: with last September published, this one comes back
    records = frame(rec("s47_started_r12", "2018-08", value=40), rec("s47_started_r12", "2018-09", value=41),
                    rec("s47_started", "2017-09", value=2 + 6), rec("s47_started", "2018-09"))
    assert pinned(records, "sums") == {"s47_started 2018-09..2018-09": 9.0} or \
        pinned(records, "sums") == {}  # 9 is above the threshold: nothing small to give back
    records.loc[2, "value"] = 0.0  # nothing last September: this September is the difference, 1
    assert pinned(records, "sums") == {"s47_started 2018-09..2018-09": 1.0}


def test_flow_balance_only_under_the_balances_model():
    # children on plans: 20 at the end of June, 16 at the end of July, 7 plans ended in July:
    # the plans started in July are 16 - 20 + 7 = 3
    records = frame(rec("cp_children", "2018-06", value=20), rec("cp_children", "2018-07", value=16),
                    rec("cp_plans_ceased", "2018-07", value=7), rec("cp_plans_started", "2018-07"))
    assert pinned(records, "labels") == {}
    assert pinned(records, "balances") == {"cp_plans_started 2018-07..2018-07": 3.0}


def test_a_balance_runs_through_months_no_figure_shows():
    # the stock at June and September only: every month between is still a balance
    records = frame(rec("cp_children", "2018-06", value=20), rec("cp_children", "2018-09", value=18),
                    rec("cp_plans_ceased", "2018-07", "2018-09", 5 + 1),
                    rec("cp_plans_started", "2018-07", "2018-09"))
    assert pinned(records, "balances") == {"cp_plans_started 2018-07..2018-09": 4.0}


def test_a_percentage_without_its_counts_gives_its_numerator():
    # a chart's 40.0% re-referrals in July, with July's referrals (the denominator) published
    # (40.0% is rounded: read as real numbers it gives 3.995 to 4.005; as a whole number, 4)
    records = frame(rec("referrals", "2018-07", value=10), rec("rereferral_pct", "2018-07", value=40.0, field="value"),
                    rec("rereferral_pct", "2018-07"))
    assert pinned(records, "sums") == {}
    assert pinned(records, "labels") == {"rereferral_pct 2018-07..2018-07": 4.0}


def test_a_count_no_figure_prints_is_checked_too():
    # the half-year (20) less the first quarter (15): the second quarter's 5 was never printed
    records = frame(rec("referrals", "2018-01", "2018-06", 20), rec("referrals", "2018-01", "2018-03", 15),
                    rec("referrals", "2018-04"), rec("referrals", "2018-05", value=None, status="secondary"),
                    rec("referrals", "2018-06", value=None, status="secondary"))
    assert list(pinned(records, "sums").values()) == [5.0]  # April to June together
    assert pinned(records, "sums", implicit=False) == {}  # no hidden cell alone is pinned


def test_hidden_cells_adding_up_to_a_small_number():
    # c + c = 4 under a published total: each is 1 to 3, and together they are 4
    records = frame(rec("referrals", "2018-07", value=30), rec("referrals", "2018-08"), rec("referrals", "2018-09"),
                    rec("referrals", "2018-07", "2018-09", 34))
    assert list(pinned(records, "sums").values()) == [4.0]


def test_a_breakdown_total_is_the_count_it_breaks_down():
    # contacts by source for July: Police 40, Schools hidden, Health 12; July's contacts 55
    records = frame(
        rec("contact_sources", "2018-07", kind="table", field="Number", row="Police", value=40, window="sum"),
        rec("contact_sources", "2018-07", kind="table", field="Number", row="Schools", window="sum"),
        rec("contact_sources", "2018-07", kind="table", field="Number", row="Health", value=12, window="sum"),
        rec("contacts", "2018-07", value=55))
    assert pinned(records, "sums") == {"contact_sources 2018-07..2018-07": 3.0}


def test_labels_only_where_the_open_files_said_so():
    # a cell labelled primary in an old file: 1 to 5; with the published total 6 and one other
    # primary cell, each is pinned only by the labels
    records = frame(rec("referrals", "2018-07", labelled="1"), rec("referrals", "2018-08", labelled="1"),
                    rec("referrals", "2018-09", value=0), rec("referrals", "2018-07", "2018-09", 2))
    assert pinned(records, "labels", implicit=False) == {"referrals 2018-07..2018-07": 1.0,
                                                         "referrals 2018-08..2018-08": 1.0}
    unlabelled = records.assign(labelled="")
    assert pinned(unlabelled, "labels", implicit=False) == {}
    assert pinned(unlabelled, "oracle", implicit=False) != {}  # what the labels would give were they published


def test_figures_that_contradict_each_other_state_nothing():
    # a revised month: two extracts published different Julys; each is read on its own
    records = frame(rec("referrals", "2018-07", value=12), rec("referrals", "2018-08"),
                    rec("referrals", "2018-07", "2018-08", 16))
    later = records.copy()
    later["extract"] = "2019-02-10"
    later.loc[0, "value"] = 13
    later.loc[2, "value"] = 18
    both = pd.concat([records, later], ignore_index=True)
    found = Model(both, 5, model="sums", implicit=False).exposures()
    assert sorted((both.at[e.record, "extract"], e.value) for e in found) == [("2019-01-10", 4.0), ("2019-02-10", 5.0)]
