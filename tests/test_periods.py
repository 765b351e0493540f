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


@pytest.mark.parametrize("typed,canonical,slug", [
    ("2019-04..2019-06", "2019-20-Q1", "2019-20-Q1"),
    ("2019-20-Q1", "2019-20-Q1", "2019-20-Q1"),
    ("2019-20-q1", "2019-20-Q1", "2019-20-Q1"),
    ("2020-01..2020-03", "2019-20-Q4", "2019-20-Q4"),
    ("2019-10..2020-03", "2019-20-H2", "2019-20-H2"),
    ("2019-04..2020-03", "2019-20", "2019-20"),
    ("2019-04..2019-04", "2019-04", "2019-04"),
    # not aligned to the financial year: stays a range
    ("2019-05..2019-07", "2019-05..2019-07", "2019-05_2019-07"),
    ("2018-07..2018-12", "2018-07..2018-12", "2018-07_2018-12"),
])
def test_one_name_however_typed(typed, canonical, slug):
    p = parse_period(typed)
    assert (p.label, p.slug) == (canonical, slug)


def test_comparison_periods_are_canonical_too():
    q = parse_period("2019-07..2019-09")
    assert q.label == "2019-20-Q2"
    assert q.previous().label == "2019-20-Q1"
    assert q.same_period_last_year().label == "2018-19-Q2"
    assert q.legacy_slugs == ["2019-07_2019-09"]
    assert parse_period("2018-07..2018-12").legacy_slugs == []


@pytest.mark.parametrize("typed,kind", [
    ("2019-02", "monthly"), ("2018-19-Q3", "quarterly"), ("2018-19-H1", "six_monthly"),
    ("2018-07..2018-12", "six_monthly"), ("2018-19", "annual"), ("2018-07..2018-10", "other"),
])
def test_period_type(typed, kind):
    assert parse_period(typed).period_type == kind
