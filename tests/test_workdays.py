"""Working days: England and Wales bank holidays, and the counting convention (hand-checked)."""
import datetime as dt

import numpy as np
import pytest

from safeguarding.workdays import add_working_days, bank_holidays, is_working_day, working_days_between

D = dt.date


@pytest.mark.parametrize("day", [
    D(2011, 4, 29),  # royal wedding
    D(2012, 6, 4), D(2012, 6, 5),  # spring bank holiday moved + Diamond Jubilee
    D(2020, 5, 8),  # early May bank holiday moved for VE Day
    D(2022, 6, 2), D(2022, 6, 3),  # Platinum Jubilee
    D(2022, 9, 19),  # State Funeral
    D(2023, 5, 8),  # Coronation
    D(2022, 12, 27),  # substitute for Christmas Day on a Sunday
    D(2018, 3, 30), D(2018, 4, 2),  # Good Friday, Easter Monday 2018
])
def test_one_off_and_moveable_bank_holidays_are_not_working_days(day):
    assert np.datetime64(day) in bank_holidays()
    assert not is_working_day([day])[0]


def test_moved_days_are_working_days():
    # 2020: the early May holiday moved from Monday 4 May to Friday 8 May, so 4 May was worked.
    # 2022: the spring holiday moved from Monday 30 May to 2 June.
    assert is_working_day([D(2020, 5, 4), D(2022, 5, 30)]).all()


def test_same_day_is_zero_and_next_day_is_one():
    assert working_days_between(D(2024, 1, 8), D(2024, 1, 8)) == 0
    assert working_days_between(D(2024, 1, 8), D(2024, 1, 9)) == 1


def test_weekend_and_bank_holidays_are_skipped():
    # Thu 29 Mar 2018 -> Tue 3 Apr 2018: Fri 30 (Good Friday), Sat, Sun, Mon 2 (Easter Monday)
    # are not working days, so only Tue 3 Apr counts.
    assert working_days_between(D(2018, 3, 29), D(2018, 4, 3)) == 1
    # Wed 1 Jun 2022 -> Mon 6 Jun 2022: Thu 2 and Fri 3 are the Jubilee holidays -> only Mon 6.
    assert working_days_between(D(2022, 6, 1), D(2022, 6, 6)) == 1
    # Fri 16 Sep 2022 -> Tue 20 Sep 2022: Mon 19 is the State Funeral -> only Tue 20.
    assert working_days_between(D(2022, 9, 16), D(2022, 9, 20)) == 1


def test_start_on_a_weekend_rolls_forward():
    # Saturday 6 Jan 2024 starts the clock on Monday 8 Jan.
    assert working_days_between(D(2024, 1, 6), D(2024, 1, 8)) == 0
    assert working_days_between(D(2024, 1, 6), D(2024, 1, 9)) == 1
    # Friday to Saturday: the Saturday is not a working day.
    assert working_days_between(D(2024, 1, 5), D(2024, 1, 6)) == 0


def test_45_working_days():
    # Mon 8 Jan 2024 + 45 working days (no bank holidays until Good Friday 29 Mar) = 9 weeks = Mon 11 Mar.
    assert add_working_days(D(2024, 1, 8), 45).date() == D(2024, 3, 11)
    assert working_days_between(D(2024, 1, 8), D(2024, 3, 11)) == 45
    assert working_days_between(D(2024, 1, 8), D(2024, 3, 12)) == 46


def test_reversed_and_missing():
    assert working_days_between(D(2024, 1, 9), D(2024, 1, 8)) == -1
    assert working_days_between(None, D(2024, 1, 8)) is None
    out = working_days_between(["2024-01-08", None], ["2024-01-10", "2024-01-10"])
    assert out[0] == 2 and np.isnan(out[1])
