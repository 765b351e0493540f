"""Statistical neighbour lists and the SN benchmark (safeguarding.benchmarks.neighbours)."""
from __future__ import annotations

import math

import openpyxl
import pandas as pd
import pytest

from safeguarding.benchmarks.neighbours import (
    SNFormatError, neighbour_value, read_sn_file, statistical_neighbours,
)

from ._ref import DFE, need

# A small world of LAs: 101..112. LA 101's neighbours are 102..111 in that order.
NAMES = {f"{100 + i}": f"Borough {i}" for i in range(1, 13)}
SN_101 = [str(102 + k) for k in range(10)]
CLOSE_RAW = ["Extremely Close", "Very Close", "Very close", "Close ", "close", "Somewhat close",
             "Somewhat Close", "Not Close", "Not close", " not close"]
CLOSE = ["extremely close", "very close", "very close", "close", "close", "somewhat close",
         "somewhat close", "not close", "not close", "not close"]


def la_row(code, sn, close, region=("3", "London (Inner)")):
    cells = [code, NAMES.get(code, f"Old {code}"), code, region[0], region[1]]
    for n, c in zip(sn, close):
        cells += [n, c]
    return cells


def rows_2021():
    """LA rows as in the 2021 lists: 101 with neighbours, 112 with '-', old block with 199."""
    other = [str(101)] + SN_101[:9]
    return (
        [la_row("101", SN_101, CLOSE_RAW)]
        + [la_row(c, other, ["Close"] * 10) for c in SN_101]
        + [la_row("112", ["-"] * 10, ["-"] * 10)]
    ), [la_row("199", SN_101, ["Very Close"] * 10, ("7", "South West"))]


HEADER = ["LA num", "LA Name", "LA number", "GOInd", "GOReg"] + sum(
    ([f"SN{k}", "SNP"] for k in range(1, 11)), [])


@pytest.fixture
def xlsx_2021(tmp_path):
    main, old = rows_2021()
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "LA SN Groups"
    ws.append(["A", "B", "C", "D", "E"] + list(range(3, 23)))  # column letters / numbers
    ws.append(list(range(1, 26)))
    ws.append(HEADER)
    for r in main:
        ws.append([int(c) if isinstance(c, str) and c.isdigit() else c for c in r])
    ws.append([])
    ws.append([None, "Old SNs:"])
    ws.append([])
    for r in old:
        ws.append([int(c) if isinstance(c, str) and c.isdigit() else c for c in r])
    path = tmp_path / "sn_april_2021.xlsx"
    wb.save(path)
    return path


@pytest.fixture
def csv_2021(tmp_path):
    main, old = rows_2021()
    lines = [",".join(HEADER) + ","]
    lines += [",".join(r) + "," for r in main]
    lines += ["," * 25, ",Old SNs:" + "," * 24, "," * 25]
    lines += [",".join(r) + "," for r in old]
    path = tmp_path / "New_Statistical_Neighbour_Groupings_April_2021.csv"
    path.write_bytes("\r\n".join(lines).encode("utf-8-sig"))
    return path


@pytest.fixture
def csv_2025(tmp_path):
    header = ["old_la_code", "la_name", "region_ind", "region_name"] + sum(
        ([f"SN_{k}", f"SN_{k}P"] for k in range(1, 11)), [])
    main, _ = rows_2021()
    rows = [[r[0], r[1], r[3], "London"] + r[5:] for r in main[:-1]]  # no '-' LA in 2025
    text = "\n".join(",".join(x) for x in [header] + rows) + "\n"
    path = tmp_path / "sn_model_2025_wide.csv"
    path.write_text(text, encoding="utf-8-sig")
    return path


@pytest.mark.parametrize("fixture, vintage", [("xlsx_2021", 2021), ("csv_2021", 2021), ("csv_2025", 2025)])
def test_statistical_neighbours_each_format(request, fixture, vintage):
    path = request.getfixturevalue(fixture)
    sn = statistical_neighbours("101", vintage, path)
    assert list(sn.columns) == ["rank", "la_code", "la_name", "closeness"]
    assert sn["rank"].tolist() == list(range(1, 11))
    assert sn["la_code"].tolist() == SN_101
    assert sn["la_name"].tolist() == [NAMES[c] for c in SN_101]  # joined on LA number
    assert sn["closeness"].tolist() == CLOSE
    assert sn.attrs["vintage"] == vintage and sn.attrs["la_name"] == "Borough 1"
    # codes given as numbers or zero-padded text are the same LA
    assert statistical_neighbours(101, vintage, path)["la_code"].tolist() == SN_101


@pytest.mark.parametrize("fixture", ["xlsx_2021", "csv_2021"])
def test_blocks_and_dash_rows(request, fixture):
    path = request.getfixturevalue(fixture)
    long = read_sn_file(path)
    assert set(long.loc[long.la_code == "199", "block"]) == {"old"}
    assert set(long.loc[long.la_code == "101", "block"]) == {"current"}
    old = statistical_neighbours("199", 2021, path)  # only in the Old SNs block: still found
    assert old["la_code"].tolist() == SN_101 and set(old.closeness) == {"very close"}
    empty = statistical_neighbours("112", 2021, path)  # listed with '-'
    assert empty.empty and "without neighbours" in empty.attrs["reason"]
    with pytest.raises(KeyError):
        statistical_neighbours("555", 2021, path)


def test_vintage_mismatch_and_folder(tmp_path, xlsx_2021):
    with pytest.raises(ValueError, match="vintage"):
        statistical_neighbours("101", 2025, xlsx_2021)
    assert statistical_neighbours("101", 2021, xlsx_2021.parent)["la_code"].tolist() == SN_101
    with pytest.raises(FileNotFoundError, match="vintage 2025"):
        statistical_neighbours("101", 2025, xlsx_2021.parent)


def test_unrecognised_file(tmp_path):
    p = tmp_path / "x.csv"
    p.write_text("a,b\n1,2\n")
    with pytest.raises(SNFormatError):
        read_sn_file(p)


# ---- SN value -------------------------------------------------------------------------------
def values_frame():
    # neighbours 102..106 (105 has no value); 150 is not a neighbour
    return pd.DataFrame({
        "lait_code": "ReReferral", "period": 2025,
        "geography_code": ["102", "103", "104", "105", "106", "150"],
        "value": [10.0, 20.0, 40.0, float("nan"), 100.0, 1000.0],
    })


def test_neighbour_mean_and_median_with_one_missing():
    codes = ["102", "103", "104", "105", "106"]
    # mean of the four with data: (10 + 20 + 40 + 100) / 4 = 42.5; median = (20 + 40) / 2 = 30
    assert neighbour_value(values_frame(), codes) == (42.5, 4)
    assert neighbour_value(values_frame(), codes, statistic="median") == (30.0, 4)
    sn = pd.DataFrame({"la_code": codes})  # the frame from statistical_neighbours works too
    assert neighbour_value(values_frame(), sn, "mean") == (42.5, 4)


def test_neighbour_value_edge_cases():
    v, n = neighbour_value(values_frame(), ["105", "777"])
    assert math.isnan(v) and n == 0
    with pytest.raises(ValueError):
        neighbour_value(values_frame(), ["102"], statistic="mode")
    two_years = pd.concat([values_frame(), values_frame().assign(period=2024)])
    with pytest.raises(ValueError, match="one measure and year"):
        neighbour_value(two_years, ["102"])


# ---- the real DfE lists ----------------------------------------------------------------------
ISLINGTON_2021 = ["Hammersmith and Fulham", "Camden", "Westminster", "Southwark", "Haringey",
                  "Hackney", "Manchester", "Lambeth", "Wandsworth", "Greenwich"]
ISLINGTON_2025 = ["Camden", "Southwark", "Lambeth", "Westminster", "Hackney",
                  "Hammersmith and Fulham", "Lewisham", "Haringey", "Greenwich", "Manchester"]


@pytest.mark.parametrize("name, vintage, expected", [
    ("sn_april_2021.xlsx", 2021, ISLINGTON_2021),
    ("New_Statistical_Neighbour_Groupings_April_2021.csv", 2021, ISLINGTON_2021),
    ("sn_may_2025.xlsx", 2025, ISLINGTON_2025),
    ("sn_model_2025_wide.csv", 2025, ISLINGTON_2025),
])
def test_islington_real_lists(name, vintage, expected):
    sn = statistical_neighbours("206", vintage, need(DFE / name))
    assert sn["la_name"].tolist() == expected
    assert set(sn["closeness"]) <= {"extremely close", "very close", "close", "somewhat close", "not close"}


def test_real_2021_islington_codes_and_cumberland():
    path = need(DFE / "sn_april_2021.xlsx")
    sn = statistical_neighbours("206", 2021, path)
    assert sn["la_code"].tolist() == ["205", "202", "213", "210", "309", "204", "352", "208", "212", "203"]
    assert sn["closeness"].tolist()[:2] == ["close", "close"]
    assert statistical_neighbours("942", 2021, path).empty  # Cumberland listed with '-'


def test_real_2025_xlsx_equals_wide_csv():
    a = read_sn_file(need(DFE / "sn_may_2025.xlsx"))
    b = read_sn_file(need(DFE / "sn_model_2025_wide.csv"))
    key = ["la_code", "rank", "neighbour_code", "closeness"]
    a = a[a.block == "current"][key].sort_values(["la_code", "rank"]).reset_index(drop=True)
    b = b[key].sort_values(["la_code", "rank"]).reset_index(drop=True)
    assert a["la_code"].nunique() == 153
    pd.testing.assert_frame_equal(a, b, check_dtype=False)
