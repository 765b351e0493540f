import datetime as dt

import pytest

from safeguarding.params import ParamsError, params_from_dict
from safeguarding.periods import parse_period
from safeguarding.report.heading import report_date, report_title


def _params(**report):
    return params_from_dict({"council": {"name": "Camden Council"}, "report": report}, "demo.yaml")


@pytest.mark.parametrize("period,title", [
    ("2019-02", "Safeguarding Services Monthly Report"),
    ("2019-04..2019-06", "Safeguarding Services Quarterly Report"),
    ("2018-07..2018-12", "Safeguarding Services Six-Monthly Report"),
    ("2018-19", "Safeguarding Services Annual Report"),
    ("2018-07..2018-10", "Safeguarding Services Performance Report"),
])
def test_title_follows_the_period_type(period, title):
    assert report_title(_params(), parse_period(period)) == title


def test_template_fields_and_own_words():
    p = _params(title_template="{council} Safeguarding Performance Report - {period_type_title}: {period_title}",
                period_type_titles={"quarterly": "Quarter"})
    assert (report_title(p, parse_period("2019-20-Q1"))
            == "Camden Council Safeguarding Performance Report - Quarter: April to June 2019")
    # the other types keep their default words
    assert report_title(p, parse_period("2019-20")).endswith("Annual Report: April 2019 to March 2020")


def test_fixed_title_still_wins():
    assert report_title(_params(title="Our own title"), parse_period("2019-20-Q1")) == "Our own title"


def test_date_choices():
    q = parse_period("2019-20-Q1")
    assert report_date(_params(), q, "2019-07-10", today=dt.date(2019, 7, 22)) == "2019-07-22"
    assert report_date(_params(date="extract"), q, "2019-07-10") == "2019-07-10"
    assert report_date(_params(date="2019-07-25"), q, "2019-07-10") == "2019-07-25"
    assert report_date(_params(report_date="2019-07-25"), q, None) == "2019-07-25"  # older key


def test_a_fixed_date_before_the_period_ends_is_refused():
    with pytest.raises(ParamsError, match="report.date.*2019-06-30"):
        report_date(_params(date="2019-05-01"), parse_period("2019-20-Q1"), None)


@pytest.mark.parametrize("report,key", [
    ({"title_template": "{council} {quarter}"}, "report.title_template"),
    ({"title_template": "{council"}, "report.title_template"),
    ({"period_type_titles": {"fortnightly": "x"}}, "report.period_type_titles"),
    ({"date": "yesterday"}, "report.date"),
    ({"date": "2019-13-01"}, "report.date"),
    ({"date": "extract", "report_date": "2019-07-25"}, "report.date"),
])
def test_bad_heading_keys_are_named(report, key):
    with pytest.raises(ParamsError, match=key.replace(".", r"\.")):
        _params(**report)
