"""The disclosure block of the params file: the DfE threshold floor, the symbol, the allow list."""
from __future__ import annotations

import pytest

from safeguarding.params import ParamsError, load_params, params_from_dict


@pytest.mark.parametrize("threshold", [0, -1, 4])
def test_threshold_below_the_dfe_rule_is_refused_naming_file_and_key(tmp_path, threshold):
    path = tmp_path / "council.yaml"
    path.write_text(f"disclosure:\n  threshold: {threshold}\n", encoding="utf-8")
    with pytest.raises(ParamsError) as err:
        load_params(path)
    message = str(err.value)
    assert str(path.resolve()) in message and "'disclosure.threshold'" in message
    assert f"is {threshold}" in message and "5" in message


@pytest.mark.parametrize("threshold", [5, 9])
def test_threshold_at_or_above_the_rule_is_kept(threshold):
    assert params_from_dict({"disclosure": {"threshold": threshold}}).disclosure.threshold == threshold


@pytest.mark.parametrize("symbol", ["", "  ", "0", "x1"])
def test_symbol_must_not_read_as_a_number_or_be_empty(symbol):
    with pytest.raises(ParamsError, match="'disclosure.symbol'"):
        params_from_dict({"disclosure": {"symbol": symbol}}, "p.yaml")


def test_allow_list_is_words():
    params = params_from_dict({"disclosure": {"allow": ["Court", "Harbour"]}})
    assert params.disclosure.allow == ["Court", "Harbour"]
    assert params_from_dict({}).disclosure.allow == []
    with pytest.raises(ParamsError, match="'disclosure.allow'"):
        params_from_dict({"disclosure": {"allow": ["Court", 12]}}, "p.yaml")
    with pytest.raises(ParamsError, match="'disclosure.allow'"):
        params_from_dict({"disclosure": {"allow": "Court"}}, "p.yaml")
