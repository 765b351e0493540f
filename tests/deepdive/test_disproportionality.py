"""Rates per 10,000, the relative rate index, its Katz interval and the tests, on hand-computed
tables; population by group from the template and the Census file."""
from __future__ import annotations

import math

import pandas as pd
import pytest

from safeguarding.deepdive import disproportionality as D
from safeguarding.deepdive.population import CENSUS_PROXY, read_group_population
from safeguarding.quality import FatalInputError

from ..indicators.helpers import make_tables


def test_rate_rri_katz_interval_and_chi_squared_by_hand():
    out = D.rate_table(pd.Series({"Group A": 30, "Reference": 10}),
                       pd.Series({"Group A": 10_000.0, "Reference": 20_000.0}), "Reference").set_index("group")
    assert out.loc["Group A", "rate_per_10k"] == 30.0 and out.loc["Reference", "rate_per_10k"] == 5.0
    assert out.loc["Group A", "rri"] == pytest.approx(6.0)
    se = math.sqrt(1 / 30 - 1 / 10_000 + 1 / 10 - 1 / 20_000)  # 0.36494
    assert out.loc["Group A", "rri_lower"] == pytest.approx(6 * math.exp(-1.959964 * se), rel=1e-5)  # 2.934
    assert out.loc["Group A", "rri_upper"] == pytest.approx(6 * math.exp(1.959964 * se), rel=1e-5)  # 12.27
    assert out.loc["Group A", "rri_lower"] == pytest.approx(2.9343, abs=1e-4)
    # Pearson chi-squared on [[30, 9970], [10, 19990]]: expected 13.33 / 26.67 children
    e_a, e_c = 40 * 10_000 / 30_000, 40 * 20_000 / 30_000
    chi2 = ((30 - e_a) ** 2 / e_a + (9970 - (10_000 - e_a)) ** 2 / (10_000 - e_a)
            + (10 - e_c) ** 2 / e_c + (19_990 - (20_000 - e_c)) ** 2 / (20_000 - e_c))
    assert chi2 == pytest.approx(31.29, abs=0.01)
    assert out.loc["Group A", "p_value"] == pytest.approx(math.erfc(math.sqrt(chi2 / 2)), rel=1e-6)
    assert out.loc["Group A", "test"] == "chi-squared" and bool(out.loc["Group A", "significant_5pct"])
    assert out.loc["Reference", "rri"] == 1.0 and pd.isna(out.loc["Reference", "rri_lower"])


def test_small_counts_use_fisher_exact():
    out = D.rate_table(pd.Series({"A": 2, "R": 1}), pd.Series({"A": 100.0, "R": 200.0}), "R").set_index("group")
    # two-sided Fisher: hypergeometric, 3 children among 300, 100 in group A
    def prob(k):
        return math.comb(3, k) * math.comb(297, 100 - k) / math.comb(300, 100)
    observed = prob(2)
    p = sum(prob(k) for k in range(4) if prob(k) <= observed * (1 + 1e-7))
    assert out.loc["A", "test"] == "Fisher exact"
    assert out.loc["A", "p_value"] == pytest.approx(p, rel=1e-6)
    assert out.loc["A", "rri"] == pytest.approx(4.0)


def test_zero_children_gives_no_interval_and_unknown_reference_is_named():
    out = D.rate_table(pd.Series({"R": 10}), pd.Series({"A": 500.0, "R": 1000.0}), "R").set_index("group")
    assert out.loc["A", "rri"] == 0 and pd.isna(out.loc["A", "rri_lower"])
    with pytest.raises(ValueError, match="reference group 'X' has no population; groups with one: A, R"):
        D.rate_table(pd.Series({"R": 10}), pd.Series({"A": 500.0, "R": 1000.0}), "X")


def _write(path, text):
    path.write_text(text, encoding="utf-8")
    return path


def test_template_marginals_and_cross_classified(tmp_path):
    _write(tmp_path / "population_by_group.csv",
           "mid_year,ethnicity,age_band,sex,population\n"
           "2017,WBRI,all,all,1000\n2017,BAFR,all,all,300\n2017,BCRB,all,all,200\n"
           "2017,all,all,F,760\n2017,all,all,M,740\n"
           "2017,all,Under 1,F,40\n2017,all,Under 1,M,45\n2017,all,1 to 4,F,150\n2017,all,1 to 4,M,160\n")
    pop = read_group_population(tmp_path)
    eth = pop[pop["dimension"] == "ethnicity_group"].set_index("group")["population"]
    assert eth.to_dict() == {"Black or Black British": 500.0, "White British": 1000.0}
    sex = pop[pop["dimension"] == "sex"].set_index("group")["population"]
    assert sex.to_dict() == {"Female": 760.0, "Male": 740.0}  # the sex-only rows, not the crossed ones
    age = pop[pop["dimension"] == "age_band"].set_index("group")["population"]
    assert age.to_dict() == {"1 to 4": 310.0, "Under 1": 85.0}  # summed over sex


def test_template_errors_name_file_row_and_column(tmp_path):
    _write(tmp_path / "population_by_group.csv", "mid_year,ethnicity,age_band,sex,population\n"
                                                 "2017,WBRI,all,all,1000\n2017,Martian,all,all,5\n")
    with pytest.raises(FatalInputError, match="file population_by_group.csv, column 'ethnicity': row 3: 'Martian'"):
        read_group_population(tmp_path)
    _write(tmp_path / "population_by_group.csv", "mid_year,ethnicity,age,sex,population\n")
    with pytest.raises(FatalInputError, match="missing column\\(s\\) age_band"):
        read_group_population(tmp_path)
    _write(tmp_path / "population_by_group.csv", "mid_year,ethnicity,age_band,sex,population\n2017,all,all,F,lots\n")
    with pytest.raises(FatalInputError, match="column 'population': row 2: 'lots' is not a number"):
        read_group_population(tmp_path)


CENSUS = ("2023 Upper tier local authorities Code,2023 Upper tier local authorities,"
          "Ethnic group (20 categories) Code,Ethnic group (20 categories),Observation\n"
          "E09000099,Testham,-8,Does not apply,0\n"
          'E09000099,Testham,13,"White: English, Welsh, Scottish, Northern Irish or British",600\n'
          "E09000099,Testham,6,\"Black, Black British, Black Welsh, Caribbean or African: African\",300\n"
          "E09000099,Testham,2,\"Asian, Asian British or Asian Welsh: Chinese\",100\n"
          "E09000098,Otherton,14,White: Irish,50\n")


def test_census_proxy_scales_all_age_shares_to_the_0_17_total(tmp_path):
    _write(tmp_path / "ons-ethnic-population-la.csv", CENSUS)
    totals = pd.DataFrame({"mid_year": [2017], "population_0_17": [2000]})
    pop = read_group_population(tmp_path, council_name="Testham", totals_0_17=totals)
    by_group = pop[pop["dimension"] == "ethnicity_group"].set_index("group")["population"]
    assert by_group.to_dict() == {"Black or Black British": 600.0, "Chinese": 200.0, "White British": 1200.0}
    detail = pop[pop["dimension"] == "ethnicity"].set_index("group")["population"]
    assert detail.to_dict() == {"Black African": 600.0, "Chinese": 200.0, "White British": 1200.0}
    assert (pop["source"] == CENSUS_PROXY).all()
    with pytest.raises(FatalInputError, match="holds 2 areas"):
        read_group_population(tmp_path, council_name="Nowhere", totals_0_17=totals)


def test_rates_by_ethnicity_from_the_template(tmp_path):
    _write(tmp_path / "population_by_group.csv", "mid_year,ethnicity,age_band,sex,population\n"
                                                 "2017,WBRI,all,all,2000\n2017,BAFR,all,all,1000\n")
    pop = read_group_population(tmp_path)

    def ref(child, eth, date):
        return {"child_id": child, "ethnicity": eth, "sex": "M", "date_of_birth": "2010-01-01",
                "referral_date": date}
    tables = make_tables(referrals=[ref("W1", "WBRI", "2018-07-02"), ref("W1", "WBRI", "2018-08-02"),  # once
                                    ref("W2", "WBRI", "2018-09-01"), ref("B1", "BAFR", "2018-07-10"),
                                    ref("B2", "BOTH", "2018-10-10"), ref("B3", "BCRB", "2018-11-11"),
                                    ref("X1", "REFU", "2018-11-12"), ref("W3", "WBRI", "2019-01-02")])
    out = D.rates(tables, pop, "referral", "ethnicity_group", "2018-07-01", "2018-12-31").set_index("ethnicity_group")
    # mid-2017 for a window ending Dec 2018 (year ending March 2019 uses mid-2018, latest supplied: 2017)
    assert out.loc["White British", ["children", "rate_per_10k"]].tolist() == [2, 10.0]
    assert out.loc["Black or Black British", ["children", "rate_per_10k"]].tolist() == [3, 30.0]
    assert out.loc["Black or Black British", "rri"] == pytest.approx(3.0)
    assert out.loc["Not known", "children"] == 1 and pd.isna(out.loc["Not known", "rate_per_10k"])
    with pytest.raises(ValueError, match="no population by age band"):
        D.rates(tables, pop, "referral", "age_band", "2018-07-01", "2018-12-31")


def test_children_on_a_plan_at_the_end_by_group_add_up_to_cp_children(tmp_path):
    from safeguarding.deepdive.cohort import cohort_frame
    from safeguarding.periods import parse_period

    from ..indicators.helpers import complete_history_params
    from .test_cohort import council

    _write(tmp_path / "population_by_group.csv", "mid_year,ethnicity,age_band,sex,population\n"
                                                 "2017,WBRI,all,all,2000\n2017,BAFR,all,all,1000\n")
    tables = council()
    out = D.rates(tables, read_group_population(tmp_path), "on_cp_plan", "ethnicity_group",
                  "2018-07-01", "2018-12-31").set_index("ethnicity_group")
    # on a plan at 31 Dec 2018: A and G (WBRI), B (BAFR) - as cp_children counts them
    assert out.loc["White British", "children"] == 2 and out.loc["Black or Black British", "children"] == 1
    assert out.loc["White British", "rate_per_10k"] == 10.0 and out.loc["White British", "stage"] == "On a CP plan"
    cp = cohort_frame(tables, complete_history_params(), parse_period("2018-07..2018-12"), "cp_children",
                      as_at="2018-12-31")
    assert out["children"].sum() == len(cp) == 3


def test_detailed_ethnicity_keeps_black_caribbean_apart_and_pools_small_units(tmp_path):
    _write(tmp_path / "population_by_group.csv",
           "mid_year,ethnicity,age_band,sex,population\n"
           "2017,WBRI,all,all,5000\n2017,BCRB,all,all,2000\n2017,BAFR,all,all,1500\n2017,BOTH,all,all,300\n"
           "2017,APKN,all,all,400\n2017,ABAN,all,all,200\n2017,AIND,all,all,3000\n2017,CHNE,all,all,100\n")
    pop = read_group_population(tmp_path)

    def ref(child, eth):
        return {"child_id": child, "ethnicity": eth, "sex": "F", "date_of_birth": "2010-01-01",
                "referral_date": "2018-08-01"}
    tables = make_tables(referrals=[ref("W1", "WBRI"), ref("W2", "WBRI"), ref("C1", "BCRB"), ref("C2", "BCRB"),
                                    ref("C3", "BCRB"), ref("A1", "BAFR"), ref("O1", "BOTH"), ref("P1", "APKN"),
                                    ref("B1", "ABAN"), ref("H1", "CHNE"), ref("N1", "NOBT")])
    out = D.rates(tables, pop, "referral", "ethnicity", "2018-07-01", "2018-12-31", min_population=1000)
    rows = out.set_index("ethnicity")
    assert rows.loc["Black Caribbean", ["children", "population", "rate_per_10k"]].tolist() == [3, 2000.0, 15.0]
    assert rows.loc["Black Caribbean", "rri"] == pytest.approx(3.75)  # 15 / (2 / 5000 x 10,000 = 4)
    # Pakistani (400) and Bangladeshi (200) are pooled; Any other Black background (300) and
    # Chinese (100) are the only small unit of their group and stay as they are
    assert rows.loc["Asian or Asian British: Pakistani, Bangladeshi", ["children", "population"]].tolist() == [2, 600.0]
    assert rows.loc["Any other Black background", "children"] == 1 and rows.loc["Chinese", "population"] == 100.0
    assert out.attrs["pooled"] == {"Asian or Asian British: Pakistani, Bangladeshi": ["Pakistani", "Bangladeshi"]}
    assert out["ethnicity"].tolist()[:3] == ["White British", "Indian", "Asian or Asian British: Pakistani, Bangladeshi"]
    assert rows.loc["Not known", "children"] == 1 and pd.isna(rows.loc["Not known", "rate_per_10k"])
    every = D.rates(tables, pop, "referral", "ethnicity", "2018-07-01", "2018-12-31", min_population=0)
    assert {"Pakistani", "Bangladeshi"} <= set(every["ethnicity"]) and every.attrs["pooled"] == {}


def test_census_gives_gypsy_roma_and_irish_travellers_as_one_unit(tmp_path):
    _write(tmp_path / "ons-ethnic-population-la.csv",
           "2023 Upper tier local authorities Code,2023 Upper tier local authorities,"
           "Ethnic group (20 categories) Code,Ethnic group (20 categories),Observation\n"
           'E09000099,Testham,13,"White: English, Welsh, Scottish, Northern Irish or British",900\n'
           "E09000099,Testham,15,White: Gypsy or Irish Traveller,60\n"
           "E09000099,Testham,16,White: Roma,40\n")
    pop = read_group_population(tmp_path, totals_0_17=pd.DataFrame({"mid_year": [2017], "population_0_17": [10_000]}))
    detail = pop[pop["dimension"] == "ethnicity"].set_index("group")["population"]
    assert detail.to_dict() == {"Gypsy, Roma and Irish Traveller": 1000.0, "White British": 9000.0}

    def ref(child, eth):
        return {"child_id": child, "ethnicity": eth, "sex": "F", "date_of_birth": "2010-01-01",
                "referral_date": "2018-08-01"}
    tables = make_tables(referrals=[ref("G1", "WROM"), ref("G2", "WIRT"), ref("W1", "WBRI")])
    out = D.rates(tables, pop, "referral", "ethnicity", "2018-07-01", "2018-12-31").set_index("ethnicity")
    # a Gypsy/Roma and a Traveller of Irish heritage child counted against the Census unit
    assert out.loc["Gypsy, Roma and Irish Traveller", "children"] == 2
    assert out.loc["Gypsy, Roma and Irish Traveller", "rri"] == pytest.approx(18.0)  # 20 / (1 / 9000 x 10,000)


def test_p_values_never_print_as_zero():
    from safeguarding.deepdive.view import table_html
    from safeguarding.stats.pvalues import format_p_value

    assert [format_p_value(p) for p in (1e-12, 0.0009999, 0.001, 0.04234, 0.5, 1.0, float("nan"), None)] == \
        ["< 0.001", "< 0.001", "0.001", "0.042", "0.500", "1.000", "", ""]
    html = table_html(pd.DataFrame({"group": ["A", "B"], "p_value": [3e-9, 0.0312]}))
    assert "&lt; 0.001" in html and "0.031" in html and ">0.0<" not in html


def test_shipped_census_is_the_proxy_when_the_council_gives_no_population(tmp_path):
    from safeguarding.deepdive.comparators import ethnic_mix
    from safeguarding.deepdive.population import shipped_census_proxy

    totals = pd.DataFrame({"mid_year": [2018], "population_0_17": [60_000]})
    proxy = shipped_census_proxy("209", totals)
    detail = proxy[proxy["dimension"] == "ethnicity"].set_index("group")["population"]
    assert detail.sum() == pytest.approx(60_000)
    assert "Black Caribbean" in detail and proxy["source"].str.contains("proxy").all()
    assert shipped_census_proxy("999", totals).empty and shipped_census_proxy(None, totals).empty
    mix = ethnic_mix("209").set_index("ethnicity")
    assert mix[["council_census_pct", "england_pct", "neighbours_pct"]].sum().round(6).tolist() == [100.0] * 3
    # Census 2021: England 73.5 % White British; Lewisham's Black Caribbean share is ten times England's
    assert round(mix.loc["White British", "england_pct"], 1) == 73.5
    assert mix.loc["Black Caribbean", "council_census_pct"] > 9 * mix.loc["Black Caribbean", "england_pct"]
    assert len(mix.attrs["neighbours"]) == 10 and "Census 2021" in mix.attrs["source"]


def test_ethnicity_in_detail_without_any_population_gives_counts_and_the_mix(tmp_path):
    from safeguarding.deepdive import DeepDive
    from safeguarding.params import params_from_dict
    from safeguarding.periods import parse_period
    from safeguarding.prepare import PreparedData

    def child(c, eth, start):
        return {"child_id": c, "ethnicity": eth, "sex": "F", "date_of_birth": "2010-01-01", "cin_start_date": start}
    tables = make_tables(cin=[child("A", "BCRB", "2018-01-01"), child("B", "BCRB", "2018-02-01"),
                              child("C", "WBRI", "2018-03-01"), child("D", "REFU", "2018-03-01")])
    params = params_from_dict({"council": {"la_code": "209"}, "inputs": {"folder": str(tmp_path)}})
    data = PreparedData(folder=tmp_path, params=params, period=parse_period("2018-07..2018-12"), tables=tables,
                        findings=pd.DataFrame(), accounts=pd.DataFrame(), indicators=pd.DataFrame())
    dd = DeepDive(data)
    assert not dd.has_population("ethnicity")  # no population.csv: no 0-17 total to scale the Census by
    out = dd.ethnicity("in_need").set_index("ethnicity")
    assert out.loc["Black Caribbean", ["children", "children_pct"]].tolist() == [2, pytest.approx(200 / 3)]
    assert out.loc["White British", "children_pct"] == pytest.approx(100 / 3)
    assert pd.isna(out.loc["Not known", "children_pct"]) and out["stage"].eq("Child in need").all()
    assert out.loc["Black Caribbean", "england_pct"] == pytest.approx(1.10, abs=0.01)  # Census 2021, England
