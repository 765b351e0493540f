"""The population by group that prepare reads for the equalities tables: the council's file, or
the Census 2021 proxy shipped for its LA, and a bad file as a finding rather than a stop."""
import pandas as pd
import pytest

from safeguarding.params import params_from_dict
from safeguarding.prepare import group_population
from safeguarding.quality import DataQualityLog

TOTALS = pd.DataFrame({"mid_year": [2018], "population_0_17": [60_000]})


def params(la_code=None):
    return params_from_dict({"council": {"la_code": la_code}} if la_code else {})


def test_the_councils_file_is_used(tmp_path):
    (tmp_path / "population_by_group.csv").write_text("mid_year,ethnicity,age_band,sex,population\n"
                                                      "2018,WBRI,all,all,30000\n2018,all,all,F,29000\n")
    out = group_population(params("209"), tmp_path, TOTALS, DataQualityLog())
    assert out.set_index(["dimension", "group"])["population"].to_dict() == {
        ("ethnicity_group", "White British"): 30_000.0, ("ethnicity", "White British"): 30_000.0,
        ("sex", "Female"): 29_000.0}


def shipped_proxy(out) -> bool:
    return out["source"].str.startswith("proxy").all() and out["source"].str.contains("shipped").all()


def test_without_a_file_the_shipped_census_shares_make_a_labelled_proxy(tmp_path):
    out = group_population(params("209"), tmp_path, TOTALS, DataQualityLog())
    assert set(out["dimension"]) == {"ethnicity_group", "ethnicity"} and shipped_proxy(out)
    groups = out[out["dimension"] == "ethnicity_group"].set_index("group")["population"]
    # Lewisham, Census 2021: White British 111,726 of 300,553 residents -> of 60,000 children
    assert groups["White British"] == pytest.approx(60_000 * 111_726 / 300_553)
    assert groups.sum() == pytest.approx(60_000)
    assert group_population(params(), tmp_path, TOTALS, DataQualityLog()).empty  # no LA: no proxy


def test_a_bad_file_is_a_finding_and_the_proxy_is_used(tmp_path):
    (tmp_path / "population_by_group.csv").write_text("mid_year,ethnicity,age_band,sex,population\n"
                                                      "2018,Martian,all,all,10\n")
    log = DataQualityLog()
    out = group_population(params("209"), tmp_path, TOTALS, log)
    assert shipped_proxy(out)
    finding = log.table().iloc[0]
    assert finding["rule"] == "READ-POPGROUP" and finding["column"] == "ethnicity"
    assert "'Martian'" in finding["message"] and "Census 2021 proxy" in finding["message"]
