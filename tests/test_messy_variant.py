"""The messy real-world variant of the demo Annex A (title rows, SSD and variant headers, mixed
code styles, text and serial dates, '-' blanks, BOM CSVs) gives the same report as the clean one."""
import pandas as pd
import pytest

from safeguarding.params import params_from_dict
from safeguarding.periods import parse_period
from safeguarding.prepare import prepare
from safeguarding.schema import PROVENANCE


@pytest.fixture(scope="module")
def both(tmp_path_factory):
    from safeguarding.demo.generator import generate_demo

    out = {}
    for messy in (False, True):
        base = tmp_path_factory.mktemp("messy" if messy else "clean")
        generate_demo(base / "data", scale=0.05, seed=5, messy=messy)
        params = params_from_dict({"inputs": {"folder": str(base / "data")}})
        out[messy] = prepare(params, parse_period("2018-07..2018-12"), base / "prepared")
    return out


def test_same_indicators(both):
    clean, messy = both[False].indicators, both[True].indicators
    pd.testing.assert_frame_equal(clean.reset_index(drop=True), messy.reset_index(drop=True))


def test_same_tidy_tables_apart_from_provenance(both):
    for name, clean in both[False].tables.items():
        messy = both[True].tables[name]
        # the prepared population by group is built, not read row by row: no provenance columns
        pd.testing.assert_frame_equal(clean.drop(columns=PROVENANCE, errors="ignore").reset_index(drop=True),
                                      messy.drop(columns=PROVENANCE, errors="ignore").reset_index(drop=True),
                                      obj=name)


def test_same_data_quality_counts(both):
    def per_rule(data):
        return data.findings.groupby("rule").size().to_dict()

    assert per_rule(both[False]) == per_rule(both[True])
