"""Recognition of real councils' coded values without a code map, measured on a kept corpus
(``codes_corpus.csv``: code list or ``yn:<column>``, raw value, the code it really means by the
DfE / CIN census definitions, and the public source the wording was taken from; ``flag`` marks a
value that must stay unrecognised - its text contradicts itself, says nothing, or names one of
several codes - and is reported with a suggestion). Extend the corpus with every new real value
met, naming its source (docs/input-formats.md lists them)."""
import csv
from pathlib import Path

import pandas as pd

from safeguarding.inputs import codes as C
from safeguarding.inputs.values import parse_yn

CORPUS = Path(__file__).with_name("codes_corpus.csv")


def _read(code_list: str, raw: str):
    if code_list.startswith("yn:"):
        out, _ = parse_yn(pd.Series([raw], dtype=object), column=code_list[3:])
        return None if pd.isna(out[0]) else out[0]
    got = C.load_code_list(code_list).read(raw).code
    return None if got == C._NOT_KNOWN else got


FLAG = "flag"


def _rows():
    with CORPUS.open(encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


def _corpus():
    """(code list, raw value, expected code or None for a value that must be flagged)."""
    return [(r["code_list"], r["raw_value"], None if r["expected"] == FLAG else r["expected"])
            for r in _rows()]


def test_every_row_names_its_source_and_expects_a_code_of_its_list_or_a_flag():
    for r in _rows():
        assert r["source"].strip(), r
        if r["expected"] != FLAG and not r["code_list"].startswith("yn:"):
            assert r["expected"] in C.load_code_list(r["code_list"]).codes, r


def test_corpus_is_large_and_covers_every_annex_a_list():
    rows = _corpus()
    assert len(rows) >= 950
    lists = {c for c, _, _ in rows}
    assert {"sex", "ethnicity", "source", "primary_need", "closure_reason", "case_status",
            "abuse_category", "yn:referral_nfa", "yn:child_seen", "yn:seen_alone",
            "yn:disability"} <= lists


def test_no_value_is_given_a_code_its_text_contradicts_and_flagged_values_stay_unrecognised():
    wrong = [(c, raw, exp, got) for c, raw, exp in _corpus()
             if (got := _read(c, raw)) is not None and got != exp]
    assert wrong == []


def test_at_least_80_percent_recognised_without_a_map():
    rows = [(c, raw, exp) for c, raw, exp in _corpus() if exp]
    recognised = sum(_read(c, raw) == exp for c, raw, exp in rows)
    rate = recognised / len(rows)
    print(f"recognised {recognised}/{len(rows)} = {rate:.1%}")
    assert rate >= 0.80
