"""The equalities table: children at each stage by group, rates per 10,000 and relative rates."""
import math

import pandas as pd
import pytest

from safeguarding.indicators.equalities import ALL_CHILDREN, equalities_table, population_for

from .helpers import make_tables

POPULATION = pd.DataFrame({"mid_year": [2017, 2017, 2018, 2018], "dimension": ["ethnicity_group"] * 4,
                           "group": ["White British", "Black or Black British"] * 2,
                           "population": [9_000.0, 900.0, 10_000.0, 1_000.0], "source": ["supplied"] * 4})


def child(cid, eth, **dates):
    return {"child_id": cid, "ethnicity": eth, "sex": "F", "date_of_birth": "2010-05-01", **dates}


def tables():
    return make_tables(
        referrals=[child("W1", "WBRI", referral_date="2018-01-10"), child("W1", "WBRI", referral_date="2018-02-10"),
                   child("W2", "WBRI", referral_date="2017-12-31"),  # before the 12 months to 31 Dec 2018
                   child("B1", "BAFR", referral_date="2018-12-31"), child("B2", "BCRB", referral_date="2018-06-01"),
                   child("X1", "REFU", referral_date="2018-06-01")],
        cin=[child("W1", "WBRI", cin_start_date="2018-01-10"), child("B1", "BAFR", cin_start_date="2018-12-31")])


def test_population_for_uses_the_dfe_mid_year_rule():
    pop, source = population_for(POPULATION, "ethnicity_group", 2018)
    assert pop.to_dict() == {"White British": 10_000.0, "Black or Black British": 1_000.0}
    assert source == "mid-2018, supplied"
    assert population_for(POPULATION, "ethnicity_group", 2016)[0].empty


def test_rates_and_relative_rates_by_hand():
    # 31 Dec 2018 is in the year ending March 2019: the mid-2018 population.
    frame = equalities_table(tables(), POPULATION, "ethnicity_group", "2018-12-31")
    # Referred in 2018: W1 once (two referrals), B1 and B2; X1 (refused) counts in "Not known".
    assert frame.loc["White British", "referral_children"] == 1
    assert frame.loc["White British", "referral_rate"] == pytest.approx(1.0)  # 1 / 10,000 x 10,000
    assert frame.loc["Black or Black British", "referral_rate"] == pytest.approx(20.0)  # 2 / 1,000
    assert frame.loc["Black or Black British", "referral_rr"] == pytest.approx(20.0)
    se = math.sqrt(1 / 2 - 1 / 1000 + 1 / 1 - 1 / 10_000)
    assert frame.loc["Black or Black British", "referral_rr_lower"] == pytest.approx(20 * math.exp(-1.959964 * se), rel=1e-5)
    assert frame.loc["Not known", "referral_children"] == 1 and math.isnan(frame.loc["Not known", "referral_rate"])
    # All children: 4 referred, over the 11,000 with a population; the overall rate counts them all.
    assert frame.loc[ALL_CHILDREN, "referral_children"] == 4
    assert frame.loc[ALL_CHILDREN, "referral_rate"] == pytest.approx(4 / 11_000 * 10_000)
    # In need on 31 Dec 2018 (a stock): W1 and B1.
    assert frame.loc[ALL_CHILDREN, "in_need_children"] == 2
    assert frame.attrs["population_source"] == "mid-2018, supplied" and frame.attrs["reference"] == "White British"


def test_without_a_population_only_counts():
    frame = equalities_table(tables(), None, "sex", "2018-12-31")
    assert frame.attrs["population_source"] == ""
    assert frame.loc["Female", "referral_children"] == 4 and math.isnan(frame.loc["Female", "referral_rate"])
