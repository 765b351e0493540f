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
    ({"councill": {}}, "unknown key(s) under 'the top level': councill (did you mean council?)"),
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


# ---- hardening: every option has a checked type and range ------------------------------------
@pytest.mark.parametrize("short_name", ["../victim", "..", ".", "", "/tmp/victim", "a/b", "a\\b",
                                        "demo council", "démo", "x" * 65])
def test_short_name_must_be_a_slug(short_name):
    with pytest.raises(ParamsError) as err:
        params_from_dict({"council": {"short_name": short_name}}, "council.yaml")
    assert "council.yaml: 'council.short_name' should be a folder name" in str(err.value)


@pytest.mark.parametrize("short_name", ["barnet", "tower-hamlets", "LB_Hackney_2", "209"])
def test_short_name_slugs_accepted(short_name):
    assert params_from_dict({"council": {"short_name": short_name}}).council.short_name == short_name


@pytest.mark.parametrize("data,key,fragment", [
    ({"council": {"name": "  "}}, "council.name", "non-empty text"),
    ({"council": {"la_code": "20"}}, "council.la_code", "three-digit DfE LA number"),
    ({"council": {"la_code": "E09000001"}}, "council.la_code", "three-digit DfE LA number"),
    ({"inputs": {"folder": ""}}, "inputs.folder", "non-empty text"),
    ({"period": "2019-13"}, "period", "is not a financial year"),
    ({"report": {"report_date": "24/01/2019"}}, "report.report_date", "an ISO date"),
    ({"report": {"report_date": "2019-02-30"}}, "report.report_date", "a real calendar date"),
    ({"report": {"edition": "public"}}, "report.edition", "must be one of"),
    ({"disclosure": {"symbol": "5"}}, "disclosure.symbol", "no digits"),
    ({"disclosure": {"symbol": ""}}, "disclosure.symbol", "one to five characters"),
    ({"disclosure": {"symbol": "[supp]x"}}, "disclosure.symbol", "one to five characters"),
    ({"conventions": {"annex_a_data_from": "garbage"}}, "conventions.annex_a_data_from",
     "auto, none or an ISO date"),
    ({"conventions": {"annex_a_data_from": "2017-04-31"}}, "conventions.annex_a_data_from",
     "auto, none or an ISO date"),
    ({"conventions": {"annex_a_data_from": 2017}}, "conventions.annex_a_data_from", "should be text"),
    ({"conventions": {"cin_review_months": 0}}, "conventions.cin_review_months", "between 1 and 24 months"),
    ({"conventions": {"cin_review_months": 3.5}}, "conventions.cin_review_months", "whole number"),
    ({"conventions": {"rcpc_subsequent_months": 25}}, "conventions.rcpc_subsequent_months", "between 1 and 24"),
    ({"conventions": {"cp_visit_working_days": -10}}, "conventions.cp_visit_working_days",
     "between 1 and 250 working days"),
    ({"conventions": {"assessment_timescale_working_days": True}}, "conventions.assessment_timescale_working_days",
     "whole number"),
    ({"conventions": {"history_months": 12}}, "conventions.history_months", "between 24 and 120"),
    ({"conventions": {"small_denominator": -1}}, "conventions.small_denominator", "between 0 and 1000"),
    ({"conventions": {"no_change_band_points": -1}}, "conventions.no_change_band_points", "from 0 to 100"),
    ({"conventions": {"no_change_band_relative": 5}}, "conventions.no_change_band_relative", "from 0 to 1"),
    ({"conventions": {"no_change_band_relative": float("nan")}}, "conventions.no_change_band_relative",
     "from 0 to 1"),
    ({"conventions": {"lado_conclusion_days": [91, 31, 365]}}, "conventions.lado_conclusion_days", "increasing"),
    ({"conventions": {"lado_conclusion_days": [31, 91]}}, "conventions.lado_conclusion_days", "three whole"),
    ({"conventions": {"lado_conclusion_days": "31,91,365"}}, "conventions.lado_conclusion_days", "should be list"),
    ({"conventions": {"cin_visit_working_days": None}}, "conventions.cin_visit_working_days", "needs a value"),
    ({"targets": {"rereferral_pct": {"target": "18%"}}}, "targets.rereferral_pct.target", "should be float"),
    ({"targets": {"rereferral_pct": {"amber_band": -3}}}, "targets.rereferral_pct.amber_band", "a number from 0"),
    ({"targets": {"cp_open_2yr_pct": -2.5}}, "targets.cp_open_2yr_pct.target", "a number from 0"),
    ({"targets": {"rereferral_pct": {"taget": 18}}}, "targets.rereferral_pct", "did you mean target?"),
    ({"comparators": {"sn_vintage": 2019}}, "comparators.sn_vintage", "must be one of"),
    ({"improvement_plan": {"statuses": {"RED": ["Stuck", "crimson"]}}}, "improvement_plan.statuses",
     "a colour such as"),
    ({"improvement_plan": {"statuses": {"RED": ["Stuck"]}}}, "improvement_plan.statuses", "[label, colour]"),
    ({"improvement_plan": {"statuses": {}}}, "improvement_plan.statuses", "at least one status"),
    ({"privacy": {"salt_env": "MY SALT"}}, "privacy.salt_env", "environment variable name"),
])
def test_bad_option_is_a_params_error_naming_file_and_key(data, key, fragment):
    with pytest.raises(ParamsError) as err:
        params_from_dict(data, "/councils/barnet.yaml")
    message = str(err.value)
    assert message.startswith("/councils/barnet.yaml: ")
    assert f"'{key}" in message
    assert fragment in message
    assert "\n" not in message


@pytest.mark.parametrize("value", ["auto", "none", "2017-04-01"])
def test_annex_a_data_from_accepts_its_three_forms(value):
    assert params_from_dict({"conventions": {"annex_a_data_from": value}}).conventions.annex_a_data_from == value


def test_good_values_pass_the_checks():
    p = params_from_dict({"council": {"la_code": "209", "short_name": "barnet"},
                         "report": {"report_date": "2019-01-24"},
                         "conventions": {"lado_conclusion_days": [30, 90, 360], "history_months": 48,
                                         "no_change_band_relative": 0.1},
                         "improvement_plan": {"statuses": {"DONE": ["Completed", "#1f77b4"]}},
                         "targets": {"rereferral_pct": 18}})
    assert p.conventions.lado_conclusion_days == [30, 90, 360]
    assert p.targets["rereferral_pct"].target == 18.0


def test_targets_must_name_indicators():
    from safeguarding.params import check_targets

    units = {"rereferral_pct": "percent", "referrals": "count"}
    check_targets(params_from_dict({"targets": {"rereferral_pct": 18, "referrals": 400}}, "c.yaml"), units)
    with pytest.raises(ParamsError, match=r"c.yaml: 'targets.rereferal_pct' is not an indicator id "
                                          r"\(did you mean rereferral_pct\?\)"):
        check_targets(params_from_dict({"targets": {"rereferal_pct": 18}}, "c.yaml"), units)
    with pytest.raises(ParamsError, match=r"'targets.rereferral_pct.target' should be a percentage from 0 to 100"):
        check_targets(params_from_dict({"targets": {"rereferral_pct": 180}}, "c.yaml"), units)


def test_cli_bad_params_is_one_line_exit_3(tmp_path, capsys):
    from safeguarding.cli import main

    bad = tmp_path / "council.yaml"
    bad.write_text("council:\n  short_name: ../victim\nconventions:\n  annex_a_data_from: garbage\n")
    code = main(["run", "--params", str(bad), "--period", "2018-07..2018-12", "--output-root", str(tmp_path / "out")])
    err = capsys.readouterr().err
    assert code == 3
    assert err.count("\n") == 1 and "Traceback" not in err
    assert "'council.short_name'" in err and str(bad) in err
    assert not (tmp_path / "victim").exists() and not (tmp_path / "out").exists()


def test_invalid_yaml_is_one_line_naming_the_line(tmp_path):
    bad = tmp_path / "council.yaml"
    bad.write_text("council:\n  name: Barnet\n   short_name: barnet\n")
    with pytest.raises(ParamsError) as err:
        load_params(bad)
    assert "not valid YAML at line 3" in str(err.value)
    assert "\n" not in str(err.value)


def _sections():
    import dataclasses

    from safeguarding.params import Params, Target

    for f in dataclasses.fields(Params):
        default = getattr(Params(), f.name)
        if dataclasses.is_dataclass(default):
            yield f.name, type(default)
    yield "targets", Target


# checked by Disclosure.check (threshold floor, allow list); free text where any wording is fine
UNCHECKED = {("disclosure", "threshold"), ("disclosure", "allow"),
             ("report", "title_template"), ("report", "period_type_titles"), ("report", "date"),  # _check_report_heading
             ("council", "region"), ("report", "committee"),
             ("report", "classification"), ("report", "author_role"), ("targets", "label"),
             ("inputs", "previous_plan_folder"), ("comparators", "lait_file"), ("comparators", "sn_file")}


def test_every_option_has_a_range_check():
    import dataclasses

    from safeguarding.params import _CHECKS, _CHOICES

    missing = [(section, f.name) for section, cls in _sections() for f in dataclasses.fields(cls)
               if (section, f.name) not in _CHECKS and (section, f.name) not in _CHOICES
               and (section, f.name) not in UNCHECKED]
    assert missing == []


def test_every_numeric_option_refuses_a_negative_and_every_checked_text_refuses_empty():
    import dataclasses

    from safeguarding.params import _CHECKS

    for section, cls in _sections():
        if section == "targets":
            continue
        for f in dataclasses.fields(cls):
            if (section, f.name) not in _CHECKS:
                continue
            kind = str(f.type).split("|")[0].strip()
            bad = {"int": -1, "float": -1.0, "str": ""}.get(kind)
            if bad is None:
                continue
            with pytest.raises(ParamsError, match=rf"^c\.yaml: '{section}\.{f.name}' should be "):
                params_from_dict({section: {f.name: bad}}, "c.yaml")
