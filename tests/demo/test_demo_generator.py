"""Tests of the demo council generator (safeguarding.demo)."""
from __future__ import annotations

import hashlib
import re
from pathlib import Path

import numpy as np
import openpyxl
import pandas as pd
import pytest

from safeguarding import workdays
from safeguarding.demo import generate_demo, simulate_tables
from safeguarding.demo.__main__ import main

SMALL = dict(seed=7, scale=0.05)

# Exact Ofsted headers (annex-a.md sections 3-4), typed out independently of the generator.
COMMON = ["Child Unique ID", "Gender", "Ethnicity", "Date of Birth", "Age of Child (Years)"]
EXPECTED_HEADERS = {
    # List 1 also carries the optional local column "Contact Decision Date" (MASH timeliness)
    1: COMMON + ["Date of Contact", "Contact Source", "Contact Decision Date"],
    2: COMMON + ["Assessment start date", "Assessment completion date", "Organisation completing assessment"],
    3: COMMON + ["Date of referral", "Referral Source", "Referral NFA?", "Number of Referrals in Last 12 Months",
                 "Allocated Team", "Allocated Worker"],
    4: COMMON + ["Does the Child have a Disability", "Continuous Assessment Start Date",
                 "Child Seen During Continuous Assessment", "Continuous Assessment Date of Authorisation",
                 "Was the child assessed as requiring LA children's social care support?", "Allocated Team",
                 "Allocated Worker"],
    5: COMMON + ["Does the Child have a Disability", "Strategy discussion initiating Section 47 Enquiry Start Date",
                 "Was an Initial Child Protection Conference deemed unnecessary?",
                 "Date of Initial Child Protection Conference",
                 "Did the Initial Child Protection Conference Result in a Child Protection Plan",
                 "Number of Section 47 Enquiries in the last 12 months", "Number of ICPCs in the last 12 months",
                 "Allocated Team", "Allocated Worker"],
    6: COMMON + ["Does the Child have a Disability", "CIN Start Date", "Primary Need Code", "Date Child Was Last Seen",
                 "CIN Closure Date", "Reason for Closure", "Case Status", "Allocated Team", "Allocated Worker"],
    7: COMMON + ["Does the Child have a Disability", "Child Protection Plan Start Date", "Initial Category of Abuse",
                 "Latest Category of Abuse", "Date of the Last Statutory Visit", "Was the Child Seen Alone?",
                 "Date of latest review conference", "Child Protection Plan End Date",
                 "Subject to Emergency Protection Order or Protected Under Police Powers in Last Six Months (Y/N)",
                 "Number of Previous Child Protection Plans", "Allocated Team", "Allocated Worker"],
    8: COMMON + ["Date Started to be Looked After", "Child's Legal Status", "Date Ceased to be Looked After",
                 "Allocated Team", "Allocated Worker"],
}
LOCAL = ["lado_allegations", "pf_arrangements", "pf_visits", "young_carers", "pre_proceedings",
         "case_activity", "improvement_actions", "improvement_measures", "population"]


@pytest.fixture(scope="module")
def small_tables():
    return simulate_tables(**SMALL)


@pytest.fixture(scope="module")
def clean_dir(tmp_path_factory):
    d = tmp_path_factory.mktemp("clean")
    summary = generate_demo(d, **SMALL)
    return d, summary


@pytest.fixture(scope="module")
def messy_dir(tmp_path_factory):
    d = tmp_path_factory.mktemp("messy")
    generate_demo(d, messy=True, **SMALL)
    return d


# ----------------------------------------------------------------------------- files
def test_files_and_manifest(clean_dir):
    d, summary = clean_dir
    for f in ["annex_a.xlsx", "manifest.yaml", "previous_plan/improvement_actions.csv"] + [f"{n}.csv" for n in LOCAL]:
        assert (d / f).exists(), f
    import yaml
    m = yaml.safe_load((d / "manifest.yaml").read_text())
    assert m["la_code"] == "209" and m["extract_date"] == "2019-01-10"
    assert set(m["schema_version"]) >= {"annex_a.xlsx", "case_activity.csv"}
    assert len(summary["planted_problems"]) >= 5
    pop = pd.read_csv(d / "population.csv")
    assert list(pop.columns) == ["mid_year", "population_0_17"]
    assert pop["mid_year"].tolist() == list(range(2012, 2020))
    assert 3000 < pop.loc[pop.mid_year == 2018, "population_0_17"].item() < 3800


def test_exact_ofsted_headers_and_date_cells(clean_dir):
    d, _ = clean_dir
    wb = openpyxl.load_workbook(d / "annex_a.xlsx", read_only=True)
    assert wb.sheetnames == [f"List {i}" for i in range(1, 9)]
    for i in range(1, 9):
        rows = wb[f"List {i}"].iter_rows(values_only=True)
        header = list(next(rows))
        assert header == EXPECTED_HEADERS[i], i
        first = next(rows)
        assert isinstance(first[3], (pd.Timestamp.__mro__[1], type(None))) or hasattr(first[3], "year")
    rows = wb["List 1"].iter_rows(values_only=True, min_row=2, max_row=50)
    for r in rows:
        assert re.fullmatch(r"[A-Z0-9]{6,12}", r[0])
        assert hasattr(r[5], "year")                       # a true Excel date cell
        assert re.match(r"^[a-u]1?\) ", r[6])              # lettered source label
        assert r[1] in ("a) Male", "b) Female", "c) Not stated/recorded", "d) Neither")


def test_labels_and_names(small_tables):
    t, _ = small_tables
    assert t["referrals"]["team"].str.match(r"^(MASH Team|Assessment Team \d+)$").all()
    assert t["cp_plans"]["worker"].str.match(r"^[A-Z][a-z]+ [A-Z][A-Za-z']+$").all()
    owners = t["improvement_actions"]["owner"]
    assert not owners.str.contains("Sam Okafor").any()
    acts = t["improvement_actions"]
    assert 30 <= len(acts) <= 40 and acts["area"].nunique() >= 8
    st = acts["status"].value_counts()
    assert set(st.index) == {"BLUE", "GREEN", "AMBER", "RED"} and st["RED"] <= 4
    assert acts.loc[acts.status == "BLUE", "completed_date"].notna().all()
    assert (acts["revised_date"].notna() == (acts["reason_for_revision"] != "")).all()
    m = t["improvement_measures"]
    assert set(m["measure_type"]) == {"KPI", "QUALITY", "FEEDBACK"}


# ----------------------------------------------------------------------------- invariants
def _planted(info, table):
    ids = set()
    for p in info["planted_problems"]:
        if p["table"] == table:
            ids.update(p["child_ids"])
    return ids


def test_dates_in_order(small_tables):
    t, info = small_tables
    ext = pd.Timestamp("2019-01-10")
    a = t["assessments"]
    a = a.loc[~a.child_id.isin(_planted(info, "assessments"))]
    done = a.dropna(subset=["assessment_auth_date"])
    assert (done.assessment_auth_date >= done.assessment_start_date).all()
    s = t["s47"]
    s = s.dropna(subset=["icpc_date"])
    assert (s.icpc_date >= s.s47_start_date).all()
    cp = t["cp_plans"].dropna(subset=["cpp_end_date"])
    assert (cp.cpp_end_date >= cp.cpp_start_date).all()
    cin = t["cin"].dropna(subset=["cin_closure_date"])
    assert (cin.cin_closure_date >= cin.cin_start_date).all()
    for name, df in t.items():
        for c in df.columns:
            if pd.api.types.is_datetime64_any_dtype(df[c]) and c not in ("target_date", "revised_date"):
                assert (df[c].dropna() <= ext).all(), (name, c)
    # professional dates are working days; weekend contacts exist (police / EDT) but are few
    assert workdays.is_working_day(t["assessments"]["assessment_start_date"]).all()
    icpc = t["s47"]["icpc_date"].dropna()
    assert (~workdays.is_working_day(icpc)).sum() == 1            # the planted Saturday
    wk = (t["contacts"]["contact_date"].dt.day_of_week >= 5).mean()
    assert 0.03 < wk < 0.2


def test_referential_integrity(small_tables):
    t, _info = small_tables
    c, r = t["contacts"], t["referrals"]
    m = r[["child_id", "referral_date"]].merge(c[["child_id", "contact_date"]], on="child_id")
    ok = m.loc[(m.referral_date >= m.contact_date) & (m.referral_date - m.contact_date <= pd.Timedelta(days=7))]
    linked = ok.drop_duplicates(["child_id", "referral_date"])
    assert len(linked) == len(r.drop_duplicates(["child_id", "referral_date"]))
    # every CP plan starting in the window has an ICPC on its start date, bar transfer-ins
    cp = t["cp_plans"].loc[t["cp_plans"].cpp_start_date >= "2015-02-01"]
    icpc = t["s47"].dropna(subset=["icpc_date"])[["child_id", "icpc_date"]]
    j = cp.merge(icpc, left_on=["child_id", "cpp_start_date"], right_on=["child_id", "icpc_date"], how="left")
    no_icpc = j.loc[j.icpc_date.isna() & ~j.child_id.isin(_planted(_info, "s47"))]
    assert len(no_icpc) <= 0.15 * len(cp) + 1
    tin = no_icpc.merge(r, on="child_id")
    assert (tin.referral_source == "5C").groupby(tin.child_id).any().all()
    # plans from an ICPC say so in List 5
    assert (t["s47"].loc[t["s47"].icpc_to_plan == "Y", "icpc_date"].notna()).all()
    # every case-activity child is known to Annex A
    known = set(t["cin"].child_id) | set(t["cp_plans"].child_id) | set(t["s47"].child_id) | set(t["referrals"].child_id)
    assert set(t["case_activity"].child_id) <= known
    assert set(t["pf_visits"].arrangement_id) <= set(t["pf_arrangements"].arrangement_id)


def test_codes_are_core_codes(small_tables):
    t, _ = small_tables
    assert set(t["cin"].primary_need) <= {f"N{i}" for i in range(10)}
    assert set(t["cin"].closure_reason) <= {"", *[f"RC{i}" for i in range(1, 10)]}
    assert set(t["cin"].case_status) <= {"LAC", "CPP", "CINP", "ASMT", "CLOSED"}
    assert set(t["cp_plans"].initial_category) <= {"NEG", "PHY", "SAB", "EMO", "MUL"}
    assert set(t["case_activity"].activity_type) == {"CP_VISIT", "CIN_VISIT", "RCPC", "CORE_GROUP",
                                                     "CIN_REVIEW", "STRATEGY_DISCUSSION"}
    eth = t["contacts"].ethnicity.value_counts()
    assert eth.get("WHBR", 0) == 1                                # planted unknown code


# ----------------------------------------------------------------------------- determinism
def _digest(d: Path) -> dict[str, str]:
    return {str(p.relative_to(d)): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(d.rglob("*")) if p.is_file()}


def test_deterministic(clean_dir, tmp_path):
    d, _ = clean_dir
    generate_demo(tmp_path / "again", **SMALL)
    assert _digest(d) == _digest(tmp_path / "again")
    generate_demo(tmp_path / "other", seed=8, scale=0.05)
    assert _digest(d)["annex_a.xlsx"] != _digest(tmp_path / "other")["annex_a.xlsx"]


def test_cli(tmp_path, capsys):
    assert main([str(tmp_path / "cli"), "--scale", "0.02", "--seed", "3", "--messy"]) == 0
    assert (tmp_path / "cli" / "annex_a.xlsx").exists()
    assert "planted" in capsys.readouterr().out


# ----------------------------------------------------------------------------- messy == clean
SSD = {"ChildUniqueID": "Child Unique ID", "DateOfBirth": "Date of Birth", "Age": "Age of Child (Years)",
       "Date of Referral": "Date of referral"}
_WORDS = {"male": "M", "female": "F", "not stated/recorded": "U", "neither": "I", "yes": "Y", "no": "N",
          "unknown": "U", "looked after child": "LAC", "child protection plan": "CPP",
          "child in need plan": "CINP", "open assessment": "ASMT", "closed episode": "CLOSED",
          "neglect": "NEG", "physical abuse": "PHY", "sexual abuse": "SAB", "emotional abuse": "EMO",
          "multiple/not recommended": "MUL"}


def _norm_value(v):
    if v is None or (isinstance(v, float) and np.isnan(v)) or v == "-" or v == "":
        return None
    if hasattr(v, "year"):
        return pd.Timestamp(v).normalize()
    if isinstance(v, str):
        if re.fullmatch(r"\d\d/\d\d/\d{4}", v):
            return pd.Timestamp(pd.to_datetime(v, format="%d/%m/%Y"))
        s = re.sub(r"^[a-z]\d?\) ", "", v.strip())
        s = re.sub(r"^(N\d|RC\d) - .*$", r"\1", s)
        s = re.sub(r"^(\w+): .*$", r"\1", s)
        if s.lower() in _WORDS:
            return _WORDS[s.lower()]
        if s in ("Y", "N", "U", "M", "F", "I"):
            return s
        return s
    return float(v)


def _read_lists(path: Path) -> dict[int, pd.DataFrame]:
    wb = openpyxl.load_workbook(path, read_only=True)
    out = {}
    for ws in wb.worksheets:  # noqa: B007
        rows = list(ws.iter_rows(values_only=True))
        h = next(i for i, r in enumerate(rows) if r and r[0] in ("Child Unique ID", "ChildUniqueID"))
        header = [SSD.get(x, x) for x in rows[h]]
        n = len(out) + 1                       # both workbooks keep the list order
        assert len(header) == len(EXPECTED_HEADERS[n])
        df = pd.DataFrame(rows[h + 1:], columns=range(len(header)), dtype=object)
        out[n] = df.map(_norm_value)
    return out


def test_messy_same_content(clean_dir, messy_dir):
    d, _ = clean_dir
    wb = openpyxl.load_workbook(messy_dir / "annex_a.xlsx", read_only=True)
    names = wb.sheetnames
    assert "List 1" not in names and "AA_5_s47_enquiries" in names and "Child Protection" in names
    clean = _read_lists(d / "annex_a.xlsx")
    messy = _read_lists(messy_dir / "annex_a.xlsx")
    assert sorted(clean) == sorted(messy) == list(range(1, 9))
    for i in clean:
        a, b = clean[i], messy[i].copy()
        assert a.shape == b.shape, i
        for c in a.columns:  # Excel serial numbers in date columns
            if a[c].map(lambda x: isinstance(x, pd.Timestamp)).any():
                b[c] = b[c].map(lambda x: pd.Timestamp("1899-12-30") + pd.Timedelta(days=x)
                                if isinstance(x, float) and x == x else x)
        diff = ~((a == b) | (a.isna() & b.isna()))
        assert not diff.to_numpy().any(), (i, a[diff.any(axis=1)].head(), b[diff.any(axis=1)].head())
    # messy form really differs: mixed code styles in one column, text and serial dates, '-' blanks
    raw = list(wb["Contacts"].iter_rows(values_only=True, max_row=400))
    sexes = {r[1] for r in raw[2:]}
    assert {"b) Female", "Female", "F"} <= sexes
    assert any(isinstance(r[3], (int, float)) for r in raw[2:])          # serial DOBs
    assert all(isinstance(r[5], str) for r in raw[2:])                  # dd/mm/yyyy text
    raw6 = list(wb["Children in Need"].iter_rows(values_only=True, max_row=400))
    assert any("-" in r for r in raw6[2:])
    # local extracts: BOM + dd/mm/yyyy, same content
    for name in LOCAL:
        assert (messy_dir / f"{name}.csv").read_bytes()[:3] == b"\xef\xbb\xbf"
        ca = pd.read_csv(d / f"{name}.csv", dtype=str, keep_default_na=False)
        cb = pd.read_csv(messy_dir / f"{name}.csv", dtype=str, keep_default_na=False, encoding="utf-8-sig")
        assert list(ca.columns) == list(cb.columns)
        for c in ca.columns:
            filled = ca[c].loc[ca[c] != ""]
            if len(filled) and filled.str.fullmatch(r"\d{4}-\d\d-\d\d").all():
                pa = pd.to_datetime(ca[c].replace("", None), format="%Y-%m-%d")
                pb = pd.to_datetime(cb[c].replace("", None), format="%d/%m/%Y")
                assert pa.equals(pb), (name, c)
            else:
                assert ca[c].equals(cb[c]), (name, c)


# ----------------------------------------------------------------------------- calibration
def test_rates_at_scale_1():
    t, _ = simulate_tables(seed=2018, scale=1.0)
    c, r, cp = t["contacts"], t["referrals"], t["cp_plans"]
    months = pd.period_range("2018-01", "2018-12", freq="M")
    cm = c.contact_date.dt.to_period("M")
    per_month = cm.value_counts().reindex(months)
    assert per_month.between(1100, 1900).all() and 1300 <= per_month.mean() <= 1900
    assert per_month[pd.Period("2018-08")] < per_month[pd.Period("2018-09")]      # August dip
    # contacts progressing to a referral (same child, referral within 7 days)
    yr = c.loc[c.contact_date.dt.year == 2018, ["child_id", "contact_date"]].reset_index()
    m = yr.merge(r[["child_id", "referral_date"]], on="child_id")
    m = m.loc[(m.referral_date >= m.contact_date) & (m.referral_date <= m.contact_date + pd.Timedelta(days=7))]
    conv = m["index"].nunique() / len(yr)
    assert 0.20 <= conv <= 0.30, conv
    # re-referrals: a previous referral within 12 months
    rs = r.sort_values(["child_id", "referral_date"])
    gap = rs.referral_date - rs.groupby("child_id").referral_date.shift()
    rr = (gap <= pd.Timedelta(days=365)).loc[rs.referral_date.dt.year == 2018].mean()
    assert 0.12 <= rr <= 0.25, rr
    # CP plans open at each month end
    for mth in months:
        end = mth.end_time.normalize()
        n = ((cp.cpp_start_date <= end) & (cp.cpp_end_date.isna() | (cp.cpp_end_date > end))).sum()
        assert 250 <= n <= 420, (mth, n)
    # assessments within 45 working days
    a = t["assessments"].dropna(subset=["assessment_auth_date"])
    a = a.loc[a.assessment_auth_date.dt.year == 2018]
    wd = workdays.working_days_between(a.assessment_start_date, a.assessment_auth_date)
    assert 0.78 <= (wd <= 45).mean() <= 0.92
