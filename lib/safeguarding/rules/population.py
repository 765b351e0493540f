"""population.csv rules."""
from __future__ import annotations

import pandas as pd

from ..quality import Rule, register
from .base import bool_series


@register
class PopulationNotANumber(Rule):
    code = "POP-010"
    table = "population"
    severity = "error"
    action = "drop"
    fields = ("population_0_17",)
    message = "Population missing, not a whole number or not above 0; year excluded"

    def check(self, tables, context):
        df = tables[self.table]
        return bool_series(df["population_0_17"].isna() | (df["population_0_17"] <= 0), df.index)


@register
class DuplicatePopulationYear(Rule):
    code = "POP-002"
    table = "population"
    severity = "error"
    action = "drop"
    fields = ("mid_year",)
    message = "Mid-year given twice; the first row is kept"

    def check(self, tables, context):
        df = tables[self.table]
        return pd.Series(df.duplicated(subset=["mid_year"], keep="first").to_numpy(), index=df.index)
