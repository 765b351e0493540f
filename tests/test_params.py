import pytest

from safeguarding.params import ParamsError, load_params, params_from_dict


def test_demo_params_load():
    p = load_params("params/demo.yaml")
    assert p.council.la_code == "209"
    assert p.targets["assessments_within_45wd_pct"].target == 85
    assert p.conventions.cp_visit_working_days == 10
    assert p.input_folder.name == "demo-data"


def test_defaults_documented():
    p = params_from_dict({})
    assert p.disclosure.threshold == 5
    assert p.conventions.assessment_timeliness_start == "assessment_start"


@pytest.mark.parametrize("data,fragment", [
    ({"council": {"la_code": 209}}, "council.la_code' should be text"),
    ({"councill": {}}, "unknown key(s) under ''"),
    ({"conventions": {"assessment_timeliness_start": "contact"}}, "must be one of"),
    ({"disclosure": {"threshold": "five"}}, "should be a whole number"),
    ({"targets": {"rereferral_pct": {"tolerance_type": "loose"}}}, "absolute or relative"),
])
def test_bad_params_name_the_key(data, fragment):
    with pytest.raises(ParamsError) as err:
        params_from_dict(data, "x.yaml")
    assert fragment in str(err.value)
    assert "x.yaml" in str(err.value)


def test_missing_file(tmp_path):
    with pytest.raises(ParamsError, match="not found"):
        load_params(tmp_path / "nope.yaml")
