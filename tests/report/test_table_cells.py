"""A breakdown's published cells keep their orientation in every report: the ledger reads the
cells of one table across reports by row and column, so a table that turned on its side in a
month with few categories gave a hidden column total back (issue #20, with the out-of-hours table
of #21)."""
import pandas as pd

from safeguarding.report.figures import table_cells


def _cells(name, frame):
    cells = table_cells(name, frame)
    return {(r, c): v for r, c, v in zip(cells["row"], cells["column"], cells["truth"])}


def test_a_table_with_fewer_rows_than_columns_is_not_turned_by_its_data():
    one_outcome = pd.DataFrame({"Weekday evening": [2], "Weekday night": [1], "Weekend": [3]},
                               index=pd.Index(["Advice"], name="Outcome"))
    cells = _cells("ooh_outcomes_by_timing", one_outcome)
    assert cells[("Advice", "Weekend")] == 3 and cells[("Total", "Weekday night")] == 1
    assert cells[("Advice", "Total")] == 6


def test_a_table_declared_wide_is_always_on_its_side():
    lado = pd.DataFrame({"Education": [4, 0], "Health": [1, 2], "Police": [0, 5]},
                        index=pd.Index(["Further action", "No further action"], name="outcome"))
    cells = _cells("lado_outcomes_by_sector;taken_forward_only=False", lado)
    assert cells[("Health", "No further action")] == 2  # sectors are the rows
    assert cells[("Total", "Total")] == 12
