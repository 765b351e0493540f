import pandas as pd
import pytest

from safeguarding.periods import PeriodError, parse_period


@pytest.mark.parametrize("text,start,end,label", [
    ("2018-07..2018-12", "2018-07-01", "2018-12-31", "2018-07..2018-12"),
    ("2018-19-Q3", "2018-10-01", "2018-12-31", "2018-19-Q3"),
    ("2018-19-Q4", "2019-01-01", "2019-03-31", "2018-19-Q4"),
    ("2018-19-H1", "2018-04-01", "2018-09-30", "2018-19-H1"),
    ("2018-19", "2018-04-01", "2019-03-31", "2018-19"),
    ("2019-02", "2019-02-01", "2019-02-28", "2019-02"),
])
def test_forms(text, start, end, label):
    p = parse_period(text)
    assert (p.start, p.end, p.label) == (pd.Timestamp(start), pd.Timestamp(end), label)


def test_comparison_periods():
    p = parse_period("2018-07..2018-12")
    assert p.previous().label == "2018-01..2018-06"
    assert p.same_period_last_year().label == "2017-07..2017-12"
    assert p.title == "July to December 2018"
    assert p.slug == "2018-07_2018-12"
    assert str(p.history_start(36)) == "2016-01"


@pytest.mark.parametrize("bad", ["2018-20", "2018-19-Q5", "2018-19-H3", "July 2018", "2018-12..2018-07", ""])
def test_bad_periods_say_what_to_type(bad):
    with pytest.raises(PeriodError):
        parse_period(bad)
