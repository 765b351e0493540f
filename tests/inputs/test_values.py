import datetime as dt

import numpy as np
import pandas as pd

from safeguarding.inputs import values as V


def obj(*vals):
    return pd.Series(list(vals), dtype=object)


def test_dates_every_accepted_form_in_one_column():
    s = obj(dt.datetime(2018, 7, 2, 14, 30), dt.date(2018, 7, 3), 43285, 43286.75,
            "05/07/2018", "6/7/18", "2018-07-07", "2018-07-08 09:15:00", "9 Jul 2018",
            "10-07-2018", "43292")
    parsed, bad = V.parse_dates(s)
    expected = pd.to_datetime(["2018-07-02", "2018-07-03", "2018-07-04", "2018-07-05",
                               "2018-07-05", "2018-07-06", "2018-07-07", "2018-07-08",
                               "2018-07-09", "2018-07-10", "2018-07-11"])
    assert list(parsed) == list(expected)
    assert not bad.any()
    assert str(parsed.dtype) == "datetime64[ns]"


def test_dates_bad_and_missing_values():
    s = obj("-", "#N/A", "  ", None, np.nan, "31/02/2018", "rubbish", 5, 60000, "04/25/2018", True)
    parsed, bad = V.parse_dates(s)
    assert parsed.isna().all()
    assert bad.tolist() == [False, False, False, False, False, True, True, True, True, True, True]


def test_serial_window_edges():
    # 32874 = 1990-01-01, 51501 = 2040-12-31; one either side is bad
    parsed, bad = V.parse_dates(obj(32873, 32874, 51501, 51502))
    assert bad.tolist() == [True, False, False, True]
    assert parsed[1] == pd.Timestamp("1990-01-01") and parsed[2] == pd.Timestamp("2040-12-31")


def test_two_digit_years_pivot():
    parsed, _ = V.parse_dates(obj("01/01/29", "01/01/30"))
    assert parsed.tolist() == [pd.Timestamp("2029-01-01"), pd.Timestamp("1930-01-01")]


def test_never_month_first():
    # 03/04/2018 is 3 April, never 4 March
    parsed, bad = V.parse_dates(obj("03/04/2018"))
    assert parsed[0] == pd.Timestamp("2018-04-03") and not bad[0]


def test_month_first_mask():
    m = V.month_first_mask(obj("03/04/2018", "04/25/2018", dt.date(2018, 1, 1), "25/04/2018", None))
    assert m.tolist() == [False, True, False, False, False]


def test_yes_no():
    out, bad = V.parse_yn(obj("a) Yes", "b) No", "c) Unknown", "Y", "n", "TRUE", "false", 1, 0.0,
                              "1", True, "-", None, "maybe"))
    assert out.tolist()[:11] == ["Y", "N", "U", "Y", "N", "Y", "N", "Y", "N", "Y", "Y"]
    assert out[11:].isna().all()
    assert bad.tolist() == [False] * 13 + [True]
    assert str(out.dtype).startswith("string")


def test_whole_numbers():
    out, bad = V.parse_ints(obj(2.0, "3", 0, "2.5", -1, "two", None, "-"))
    assert out.tolist()[:3] == [2, 3, 0]
    assert out[3:].isna().all()
    assert bad.tolist() == [False, False, False, True, True, True, False, False]
    assert str(out.dtype) == "Int64"


def test_floats_and_text():
    out, bad = V.parse_floats(obj(7.4, "8", -1, "x"))
    assert out[:2].tolist() == [7.4, 8.0] and bad.tolist() == [False, False, True, True]
    txt, _ = V.parse_text(obj(12345.0, "  A  B ", "#N/A", "-"))
    assert txt[:2].tolist() == ["12345", "A B"] and txt[2:].isna().all()


def test_missing_tokens_and_na_count():
    cleaned, err = V.clean_missing(obj("-", "#N/A", " ", "", "x", "#n/a"))
    assert cleaned.tolist() == [None, None, None, None, "x", None]
    assert err.tolist() == [False, True, False, False, False, True]


def test_date_cells_outside_1900_2099_are_bad_and_times_dropped():
    # Excel date cells take a vectorised path: the same window and time-dropping as text dates
    s = obj(dt.datetime(1899, 12, 31, 23, 59), dt.datetime(1900, 1, 1, 0, 1), dt.date(2099, 12, 31),
            dt.datetime(2100, 1, 1), dt.date(1, 1, 1), dt.datetime(9999, 12, 31, 23, 59),
            dt.datetime(2018, 7, 2, 23, 59, 59, 999999), pd.Timestamp("2018-07-03 10:00"),
            dt.datetime(2018, 7, 4, 1, 0, tzinfo=dt.timezone.utc), None)
    parsed, bad = V.parse_dates(s)
    assert bad.tolist() == [True, False, False, True, True, True, False, False, False, False]
    assert parsed.tolist()[1:3] == [pd.Timestamp("1900-01-01"), pd.Timestamp("2099-12-31")]
    assert parsed.tolist()[6:9] == [pd.Timestamp("2018-07-02"), pd.Timestamp("2018-07-03"),
                                    pd.Timestamp("2018-07-04")]
    assert str(parsed.dtype) == "datetime64[ns]"


def test_parsers_give_the_same_from_a_shared_distinct():
    # parse_columns factorizes a column once and hands the Distinct to every parser
    s = pd.Series([" Yes", "n", "#N/A", "-", "12", "12", "2.5", None, dt.date(2018, 1, 2), "02/01/2018",
                   "04/25/2018", "N1", "x"], dtype=object, index=range(5, 18))
    d = V.Distinct(s)
    for fn in (V.clean_missing, V.parse_dates, V.parse_yn, V.parse_ints, V.parse_floats, V.parse_text):
        for a, b in zip(fn(s), fn(d)):
            pd.testing.assert_series_equal(a, b)
    pd.testing.assert_series_equal(V.month_first_mask(s), V.month_first_mask(d))
    assert V.parse_ints(d)[0].dtype == "Int64" and V.parse_yn(d)[0].dtype == "string"
    assert V.parse_ints(d)[0].tolist()[4:6] == [12, 12] and V.parse_ints(d)[1].tolist()[6]
