"""Child population by ethnicity group, age band and sex: the denominators of the equalities
rates (the report's equalities section and the deep dive's disproportionality).

Read once by ``prepare`` into the prepared table ``population_by_group`` (the long form
``mid_year, dimension, group, population, source``). Sources, in order
(docs/input-formats.md, ``population_by_group.csv``):

* ``population_by_group.csv`` (template in ``templates/``), supplied by the council - e.g. ONS
  custom Census tables of children, or school census counts. Columns ``mid_year, ethnicity,
  age_band, sex, population``; ``all`` (or blank) in a column means "all values of it", so a
  council can give each dimension on its own (``WBRI,all,all``) or the full cross-classification.
  ``ethnicity`` takes a CIN code (``WBRI``) or a group name (``White British``). Codes give the
  detailed dimension ``ethnicity`` (one unit per code) as well as ``ethnicity_group``.
* The ONS Census 2021 file of ethnic group by upper-tier authority (``ons-ethnic-population-la.csv``
  as DfE's dashboard copies it). It counts **all ages**, so its shares are applied to the 0-17
  total (``population.csv``) and the result is labelled a proxy wherever it is used. It gives no
  age or sex split.

The supplied template wins over the Census file when both are present. With neither, ``prepare``
makes the same proxy through :func:`census_proxy` from the package's copy of the Census 2021
figures for the council's LA number (``benchmarks/shipped_ethnicity.csv``).
"""
from __future__ import annotations

from pathlib import Path

import pandas as pd

from ..groups import (AGE_BANDS, SEX_LABELS, census_detail, census_group, ethnicity_detail, ethnicity_group,
                      ethnicity_groups)
from ..quality import FatalInputError

TEMPLATE = "population_by_group.csv"
CENSUS_FILES = ("ons-ethnic-population-la.csv",)
COLUMNS = ["mid_year", "dimension", "group", "population", "source"]
DIMENSIONS = {"ethnicity_group": ["age_band", "sex"], "ethnicity": ["age_band", "sex"],
              "age_band": ["ethnicity_group", "sex"], "sex": ["ethnicity_group", "age_band"]}
SUPPLIED = "supplied by the council (population_by_group.csv)"
CENSUS_PROXY = ("proxy: Census 2021 all-age ethnic shares for the area applied to the ONS 0-17 "
                "total (not a child population)")
_ALL = {"", "all", "total", "any"}


def _read_csv(path: Path) -> pd.DataFrame:
    for encoding in ("utf-8-sig", "cp1252"):
        try:
            return pd.read_csv(path, dtype=str, keep_default_na=False, encoding=encoding)
        except UnicodeDecodeError:
            continue
    raise FatalInputError("not UTF-8 or Windows-1252 text", file=path.name)


def read_group_population(folder: str | Path, *, la_code: str | None = None,
                          council_name: str | None = None,
                          totals_0_17: pd.DataFrame | None = None) -> pd.DataFrame:
    """Population by group in the long form ``mid_year, dimension, group, population, source``
    (dimension = ethnicity_group, age_band or sex). Empty when neither file is present.

    ``totals_0_17``: the tidy ``population`` table (mid_year, population_0_17), needed to scale
    the Census all-age shares.
    """
    folder = Path(folder)
    template = folder / TEMPLATE
    if template.exists():
        return read_template(template)
    for name in CENSUS_FILES:
        if (folder / name).exists():
            return read_census_proxy(folder / name, totals_0_17, la_code=la_code, council_name=council_name)
    return pd.DataFrame(columns=COLUMNS)


def read_template(path: Path) -> pd.DataFrame:
    raw = _read_csv(path)
    raw.columns = [c.strip().lower().replace(" ", "_") for c in raw.columns]
    missing = [c for c in ("mid_year", "ethnicity", "age_band", "sex", "population") if c not in raw.columns]
    if missing:
        raise FatalInputError(f"missing column(s) {', '.join(missing)}; expected mid_year, ethnicity, "
                              "age_band, sex, population (see templates/population_by_group.csv)",
                              file=path.name)
    from .codes import load_code_list

    ethnicity_codes = load_code_list("ethnicity")
    groups = {g.lower(): g for g in ethnicity_groups()}
    bands = {b.lower(): b for b in AGE_BANDS}
    sexes = {**{k.lower(): k for k in SEX_LABELS}, **{v.lower(): k for k, v in SEX_LABELS.items()}}
    return _parse(raw, path.name, ethnicity_codes, groups, bands, sexes)


def _parse(raw, file, ethnicity_codes, groups, bands, sexes) -> pd.DataFrame:
    records = []
    coded = {}  # record position -> CIN ethnicity code, named in one call after the loop
    for i, row in raw.iterrows():
        excel_row = i + 2  # header in row 1

        def bad(column, problem):
            return FatalInputError(f"row {excel_row}: {problem}", file=file, column=column)

        try:
            year = int(str(row["mid_year"]).strip()[:4])
        except ValueError:
            raise bad("mid_year", f"'{row['mid_year']}' is not a year") from None
        try:
            population = float(str(row["population"]).replace(",", "").strip())
        except ValueError:
            raise bad("population", f"'{row['population']}' is not a number") from None
        if population < 0:
            raise bad("population", "negative population")
        values = {}
        eth = str(row["ethnicity"]).strip()
        if eth.lower() in _ALL:
            values["ethnicity_group"] = values["ethnicity"] = None
        elif eth.lower() in groups:
            values["ethnicity_group"] = values["ethnicity"] = groups[eth.lower()]
        else:
            code = ethnicity_codes.normalise_value(eth)
            if not code or code.startswith("\x00"):
                raise bad("ethnicity", f"'{eth}' is neither a CIN ethnicity code nor one of the groups "
                                       f"{', '.join(ethnicity_groups())} (or 'all')")
            coded[len(records)] = code
            values["ethnicity_group"] = values["ethnicity"] = None
        band = str(row["age_band"]).strip()
        if band.lower() not in _ALL and band.lower() not in bands:
            raise bad("age_band", f"'{band}' is not one of {', '.join(AGE_BANDS[1:])} (or 'all')")
        values["age_band"] = None if band.lower() in _ALL else bands[band.lower()]
        sex = str(row["sex"]).strip()
        if sex.lower() not in _ALL and sex.lower() not in sexes:
            raise bad("sex", f"'{sex}' is not M, F, Male or Female (or 'all')")
        values["sex"] = None if sex.lower() in _ALL else SEX_LABELS[sexes[sex.lower()]]
        records.append({"mid_year": year, **values, "population": population})
    if coded:
        # one pandas call for every coded row rather than two per row
        codes = pd.Series(list(coded.values()))
        for at, group, detail in zip(coded, ethnicity_group(codes), ethnicity_detail(codes)):
            records[at]["ethnicity_group"], records[at]["ethnicity"] = group, detail
    frame = pd.DataFrame(records, columns=["mid_year", "ethnicity_group", "ethnicity", "age_band", "sex",
                                           "population"])
    return _marginals(frame)


def _marginals(frame: pd.DataFrame) -> pd.DataFrame:
    """One total per (mid_year, dimension, group): from the rows giving that dimension with the
    fewest others also split (the dimension on its own if supplied, else e.g. age x sex summed
    over sex, else the full cross-classification summed)."""
    out = []
    for dim, others in DIMENSIONS.items():
        given = frame[frame[dim].notna()]
        # which other dimensions each row splits by, as a tuple of bools (not a row-wise apply)
        pattern = (pd.Series(list(map(tuple, given[others].notna().to_numpy().tolist())), index=given.index,
                             dtype=object) if len(given) else pd.Series(dtype=object))
        for year in given["mid_year"].unique():
            in_year = (given["mid_year"] == year).to_numpy()
            patterns = sorted(set(pattern[in_year]), key=lambda p: (sum(p), p))
            use = given[in_year & (pattern == patterns[0]).to_numpy()]
            for group, pop in use.groupby(dim)["population"].sum().items():
                out.append((int(year), dim, group, float(pop), SUPPLIED))
    return pd.DataFrame(out, columns=COLUMNS)


def read_census_proxy(path: Path, totals_0_17: pd.DataFrame | None, *, la_code: str | None = None,
                      council_name: str | None = None) -> pd.DataFrame:
    raw = _read_csv(path)
    header = {c.lower(): c for c in raw.columns}
    area_code = next((header[c] for c in header if c.endswith("authorities code") or c == "countries code"), None)
    area_name = next((header[c] for c in header if c.endswith("authorities") or c == "countries"), None)
    category = next((header[c] for c in header if c.startswith("ethnic group") and not c.endswith("code")), None)
    count = header.get("observation")
    if not (area_code and category and count):
        raise FatalInputError("not the ONS Census 2021 ethnic-group layout (area code, 'Ethnic group "
                              "(20 categories)', 'Observation')", file=path.name)
    areas = raw[[area_code, area_name or area_code]].drop_duplicates()
    if len(areas) > 1:
        wanted = areas[(areas[area_code].str.upper() == str(la_code or "").upper())
                       | (areas[area_name or area_code].str.lower() == str(council_name or "").lower())]
        if len(wanted) != 1:
            raise FatalInputError(
                f"the file holds {len(areas)} areas; keep only your authority's rows, or set "
                "council.name to the area name used in the file (e.g. 'Lewisham') or la_code to its "
                "ONS code (e.g. 'E09000023')", file=path.name, column=area_code)
        raw = raw[raw[area_code] == wanted[area_code].iloc[0]]
    groups = raw[category].map(census_group)
    unknown = raw.loc[groups.isna() & (raw[category].str.strip() != "Does not apply"), category]
    if len(unknown):
        raise FatalInputError(f"unrecognised ethnic group '{unknown.iloc[0]}'", file=path.name, column=category)
    counts = pd.to_numeric(raw[count].str.replace(",", ""), errors="coerce")
    if counts[groups.notna()].isna().any():
        raise FatalInputError("a non-numeric Observation", file=path.name, column=count)
    return census_proxy(raw[category], counts, totals_0_17, CENSUS_PROXY)


def census_proxy(categories: pd.Series, counts: pd.Series, totals_0_17: pd.DataFrame | None,
                 source: str) -> pd.DataFrame:
    """One area's Census ethnic-group counts (all ages) as shares applied to each year's 0-17
    total: the long population frame for ``ethnicity_group`` and ``ethnicity``."""
    groups, details = categories.map(census_group), categories.map(census_detail)
    known = groups.notna().to_numpy()
    shares = {dim: counts[known].groupby(by[known].to_numpy()).sum() / counts[known].sum()
              for dim, by in (("ethnicity_group", groups), ("ethnicity", details))}
    if totals_0_17 is None or totals_0_17.empty:
        return pd.DataFrame(columns=COLUMNS)
    out = []
    for _, total in totals_0_17[["mid_year", "population_0_17"]].dropna().iterrows():
        for dim, by_group in shares.items():
            for group, share in by_group.items():
                out.append((int(total["mid_year"]), dim, group,
                            float(total["population_0_17"]) * float(share), source))
    return pd.DataFrame(out, columns=COLUMNS)
