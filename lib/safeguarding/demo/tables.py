"""Turn a finished ``Simulation`` into tidy tables (``safeguarding.schema`` names and codes).

Also assigns child IDs, teams and fictional workers, and plants the deliberate data-quality
problems (``plant_problems``) so that the report's data-quality section has content.
"""
from __future__ import annotations

import numpy as np
import pandas as pd

from . import calendar as cal
from . import codes as C
from .simulate import FAR, Simulation, _pick, _ri, prev_within

ID_LETTERS = np.array(list("ABCDEFGHJKLMNPRSTUVWXYZ"))


def to_ts(days, extract: int | None = None) -> pd.Series:
    """Day numbers -> datetime64[ns]; FAR (and anything after ``extract``) -> NaT."""
    d = np.asarray(days, dtype=np.int64)
    bad = d >= FAR - 5000
    if extract is not None:
        bad |= d > extract
    out = d.astype("datetime64[D]").astype("datetime64[ns]")
    out[bad] = np.datetime64("NaT")
    return pd.Series(out, dtype="datetime64[ns]")


def child_ids(rng, n: int) -> np.ndarray:
    digits = 7 if n < 4_000_000 else 8
    lo = 10 ** (digits - 1)
    nums = rng.choice(9 * lo, size=n, replace=False) + lo
    letters = ID_LETTERS[rng.integers(0, len(ID_LETTERS), n)]
    return np.char.add(letters, nums.astype(str))


class Staff:
    """Teams and fictional workers (scale-proportional numbers of teams)."""

    def __init__(self, rng, scale: float):
        self.rng = rng
        n = lambda k: max(1, int(round(k * scale)))
        self.teams: dict[str, list[str]] = {
            "mash": ["MASH Team"] if scale <= 1.5 else [f"MASH Team {i}" for i in range(1, n(1) + 1)],
            "asmt": [f"Assessment Team {i}" for i in range(1, n(5) + 1)],
            "fsw": [f"Family Social Work Team {i}" for i in range(1, n(8) + 1)],
            "cwd": ["Children with Disabilities Team"] if scale <= 1.5 else
                   [f"Children with Disabilities Team {i}" for i in range(1, n(1) + 1)],
            "cic": [f"Children in Care Team {i}" for i in range(1, n(2) + 1)],
        }
        names = np.char.add(np.char.add(np.array(C.FIRST_NAMES)[:, None], " "),
                            np.array(C.SURNAMES)[None, :]).ravel()
        names = names[rng.permutation(len(names))]
        self.workers: dict[str, np.ndarray] = {}
        i = 0
        for kind, teams in self.teams.items():
            for t in teams:
                k = 10 if kind == "mash" else 7
                if i + k > len(names):
                    picked = names[rng.integers(0, len(names), k)]
                else:
                    picked = names[i:i + k]
                i += k
                self.workers[t] = picked

    def assign(self, kind: str, n: int):
        teams = np.array(self.teams[kind])
        t_idx = self.rng.integers(0, len(teams), n)
        team = teams[t_idx]
        w = self.rng.integers(0, 7 if kind != "mash" else 10, n)
        worker = np.array([self.workers[t][j] for t, j in zip(team, w)]) if n else np.zeros(0, dtype=str)
        return team, worker


def _ages(dob_days: np.ndarray, at: int) -> np.ndarray:
    d = pd.DatetimeIndex(np.asarray(dob_days, dtype=np.int64).astype("datetime64[D]"))
    a = pd.Timestamp(np.datetime64(int(at), "D"))
    before = (d.month > a.month) | ((d.month == a.month) & (d.day > a.day))
    return (a.year - d.year - before.astype(int)).to_numpy().astype(float)


def _decision_dates(contact_days: np.ndarray, extract: int) -> pd.Series:
    """MASH decision dates (the optional List 1 column "Contact Decision Date"): most the same
    or the next working day, some later. Own generator, so the other lists do not change."""
    from safeguarding.workdays import add_working_days

    rng = np.random.default_rng(len(contact_days) + 101)
    lag = rng.choice([0, 1, 2, 3, 5], size=len(contact_days), p=[0.55, 0.32, 0.07, 0.04, 0.02])
    starts = contact_days.astype("datetime64[D]")
    decided = np.empty(len(starts), dtype="datetime64[D]")
    for n in np.unique(lag):
        sel = lag == n
        decided[sel] = add_working_days(starts[sel], int(n)).astype("datetime64[D]")
    return to_ts(decided.astype(np.int64), extract)


def build_tables(sim: Simulation) -> tuple[dict[str, pd.DataFrame], dict]:
    rng = np.random.default_rng(sim.rng.integers(0, 2**63 - 1))
    ep, ext, ws = sim.ep, sim.extract, sim.win_start
    n_ch = sim.n_children
    ids = child_ids(rng, n_ch)
    dob = sim.dob
    unborn = dob > ext
    sex = np.where(unborn, "U", sim.sex)
    age = np.where(unborn, np.nan, _ages(np.minimum(dob, ext), ext))
    dob_ts = to_ts(np.where(unborn, FAR, dob)).to_numpy()
    staff = Staff(rng, sim.scale)

    def common(ch):
        return {"child_id": ids[ch], "sex": sex[ch], "ethnicity": sim.eth[ch],
                "date_of_birth": dob_ts[ch], "age": age[ch]}

    n_ep = len(ep["ref"])
    a_team, a_worker = staff.assign("asmt", n_ep)
    m_team, m_worker = staff.assign("mash", n_ep)
    f_team, f_worker = staff.assign("fsw", n_ep)
    d_team, d_worker = staff.assign("cwd", n_ep)
    c_team, c_worker = staff.assign("cic", n_ep)
    cwd = (ep["need"] == "N2")
    f_team = np.where(cwd, d_team, f_team)
    f_worker = np.where(cwd, d_worker, f_worker)
    ch_e = ep["child"]
    out: dict[str, pd.DataFrame] = {}

    # List 1 contacts
    con = sim.contacts
    order = np.lexsort((con["src"], con["day"]))
    cch = con["child"][order]
    out["contacts"] = pd.DataFrame({**common(cch), "contact_date": to_ts(con["day"][order]),
                                    "contact_source": np.array(C.SOURCES)[con["src"][order]],
                                    "contact_decision_date": _decision_dates(con["day"][order], ext)})

    # List 2 early help
    eh = sim.eh
    order = np.argsort(eh["start"], kind="stable")
    out["early_help"] = pd.DataFrame({**common(eh["child"][order]),
                                      "eh_start_date": to_ts(eh["start"][order]),
                                      "eh_end_date": to_ts(eh["end"][order], ext),
                                      "eh_organisation": eh["org"][order]})

    # List 3 referrals
    r12 = prev_within(ch_e, ep["ref"], 365)
    sel = np.nonzero((ep["ref"] >= ws) & (ep["ref"] <= ext))[0]
    sel = sel[np.argsort(ep["ref"][sel], kind="stable")]
    nfa = ep["nfa"][sel]
    out["referrals"] = pd.DataFrame({
        **common(ch_e[sel]), "referral_date": to_ts(ep["ref"][sel]),
        "referral_source": np.array(C.SOURCES)[ep["src"][sel]],
        "referral_nfa": np.where(nfa, "Y", "N"), "referrals_last_12m": r12[sel],
        "team": np.where(nfa, m_team[sel], a_team[sel]),
        "worker": np.where(nfa, m_worker[sel], a_worker[sel])})

    # List 4 assessments
    sel = np.nonzero(ep["asmt"] & (ep["asmt_start"] >= ws) & (ep["asmt_start"] <= ext))[0]
    sel = sel[np.argsort(ep["asmt_start"][sel], kind="stable")]
    open_a = ep["auth"][sel] > ext
    out["assessments"] = pd.DataFrame({
        **common(ch_e[sel]), "disability": sim.disabled[ch_e[sel]],
        "assessment_start_date": to_ts(ep["asmt_start"][sel]),
        "child_seen": ep["child_seen"][sel],
        "assessment_auth_date": to_ts(ep["auth"][sel], ext),
        "support_required": np.where(open_a, "", ep["support"][sel]),
        "team": a_team[sel], "worker": a_worker[sel]})

    # List 5 S47 enquiries
    s = ep["s47"]
    s47_12 = prev_within(ch_e[s], ep["s47_start"][s], 365,
                         probe_keys=ch_e, probe_days=np.minimum(ep["s47_start"], FAR - 5000))
    held = ep["icpc_flag"] & (ep["icpc"] <= ext)
    icpc_12 = prev_within(ch_e[held], ep["icpc"][held], 365,
                          probe_keys=ch_e, probe_days=np.minimum(ep["s47_start"], FAR - 5000))
    sel = np.nonzero(s & (ep["s47_start"] >= ws) & (ep["s47_start"] <= ext))[0]
    sel = sel[np.argsort(ep["s47_start"][sel], kind="stable")]
    concluded = np.asarray(cal.add_wd(ep["s47_start"][sel], 15)) <= ext
    h = held[sel]
    not_req = np.where(h, "N", np.where(~ep["icpc_flag"][sel] & concluded, "Y", ""))
    out["s47"] = pd.DataFrame({
        **common(ch_e[sel]), "disability": sim.disabled[ch_e[sel]],
        "s47_start_date": to_ts(ep["s47_start"][sel]), "icpc_not_required": not_req,
        "icpc_date": to_ts(np.where(h, ep["icpc"][sel], FAR)),
        "icpc_to_plan": np.where(h, np.where(ep["plan"][sel], "Y", "N"), ""),
        "s47s_last_12m": s47_12[sel], "icpcs_last_12m": icpc_12[sel],
        "team": a_team[sel], "worker": a_worker[sel]})

    # activity table (episode-level) for last visits / reviews
    act = sim.act
    adf = pd.DataFrame({"episode": act["episode"], "type": act["type"], "day": act["day"],
                        "seen": act["seen"]})

    def latest(kinds, upto):
        a = adf.loc[adf["type"].isin(kinds)]
        a = a.loc[a["day"].to_numpy() <= upto[a["episode"].to_numpy()]]
        a = a.sort_values(["episode", "day"]).drop_duplicates("episode", keep="last")
        last = np.full(n_ep, FAR, dtype=np.int64)
        seen = np.full(n_ep, "", dtype="<U1")
        last[a["episode"].to_numpy()] = a["day"].to_numpy()
        seen[a["episode"].to_numpy()] = a["seen"].to_numpy()
        return last, seen

    # List 6 CIN episodes
    closure = ep["closure"]
    sel = np.nonzero(ep["asmt"] & (ep["ref"] <= ext) & (closure >= ws))[0]
    sel = sel[np.argsort(ep["ref"][sel], kind="stable")]
    upto = np.minimum(closure, ext)
    last_seen, _ = latest(["CIN_VISIT", "CP_VISIT"], upto)
    fallback = np.where((ep["child_seen"] == "Y") & (ep["auth"] <= ext), ep["auth"], FAR)
    last_seen = np.where(last_seen >= FAR, fallback, last_seen)
    closed = closure <= ext
    lac_now = ep["is_lac"] & (ep["lac_start"] <= ext) & (ep["lac_end"] > ext)
    cpp_now = ep["plan"] & (ep["cp_start"] <= ext) & (ep["cp_end"] > ext)
    asmt_now = (ep["auth"] > ext) | (ep["support"] != "Y")
    status = np.where(closed, "CLOSED", np.where(lac_now, "LAC", np.where(cpp_now, "CPP",
                      np.where(asmt_now, "ASMT", "CINP"))))
    team = np.where(lac_now, c_team, np.where((status == "ASMT") | (ep["support"] != "Y"), a_team, f_team))
    worker = np.where(lac_now, c_worker, np.where((status == "ASMT") | (ep["support"] != "Y"), a_worker, f_worker))
    out["cin"] = pd.DataFrame({
        **common(ch_e[sel]), "disability": sim.disabled[ch_e[sel]],
        "cin_start_date": to_ts(ep["ref"][sel]), "primary_need": ep["need"][sel],
        "last_seen_date": to_ts(last_seen[sel], ext),
        "cin_closure_date": to_ts(closure[sel], ext),
        "closure_reason": np.where(closed[sel], ep["reason"][sel], ""),
        "case_status": status[sel], "team": team[sel], "worker": worker[sel]})

    # List 7 CP plans
    cp_end = ep["cp_end"]
    sel = np.nonzero(ep["plan"] & (ep["cp_start"] <= ext) & (cp_end >= ws))[0]
    sel = sel[np.argsort(ep["cp_start"][sel], kind="stable")]
    upto = np.minimum(cp_end, ext)
    last_visit, seen_alone = latest(["CP_VISIT"], upto)
    rv = ep["reviews"]
    rv_ok = np.where(rv <= upto[:, None], rv, -FAR)
    last_rev = rv_ok.max(axis=1)
    last_rev = np.where(last_rev < 0, FAR, last_rev)
    out["cp_plans"] = pd.DataFrame({
        **common(ch_e[sel]), "disability": sim.disabled[ch_e[sel]],
        "cpp_start_date": to_ts(ep["cp_start"][sel]), "initial_category": ep["cat0"][sel],
        "latest_category": ep["cat1"][sel], "last_visit_date": to_ts(last_visit[sel], ext),
        "seen_alone": seen_alone[sel], "latest_review_date": to_ts(last_rev[sel], ext),
        "cpp_end_date": to_ts(cp_end[sel], ext), "epo_last_6m": ep["epo"][sel],
        "previous_plans": ep["prev_plans"][sel], "team": f_team[sel], "worker": f_worker[sel]})

    # List 8 looked after
    sel = np.nonzero(ep["is_lac"] & (ep["lac_start"] <= ext) & (ep["lac_end"] >= ws))[0]
    sel = sel[np.argsort(ep["lac_start"][sel], kind="stable")]
    out["looked_after"] = pd.DataFrame({
        **common(ch_e[sel]), "cla_start_date": to_ts(ep["lac_start"][sel]),
        "cla_end_date": to_ts(ep["lac_end"][sel], ext),
        "legal_status": np.array([C.LEGAL_STATUS_LABEL[x] for x in ep["legal"][sel]], dtype=object),
        "team": c_team[sel], "worker": c_worker[sel]})

    # case_activity extract
    a = adf.loc[(adf["day"] >= ws) & (adf["day"] <= ext)]
    a = a.sort_values(["day", "type", "episode"], kind="stable")
    out["case_activity"] = pd.DataFrame({
        "child_id": ids[ch_e[a["episode"].to_numpy()]], "activity_type": a["type"].to_numpy(),
        "activity_date": to_ts(a["day"].to_numpy()), "seen_alone": a["seen"].to_numpy()})

    # pre-proceedings / care proceedings
    pp = ep["plo"] | ep["issued"]
    first = np.where(ep["plo"], ep["plo_dec"], ep["issue"])
    lastd = np.where(ep["issued"], np.where(ep["final"] <= ext, ep["final"], FAR),
                     np.where(ep["plo_out"] <= ext, ep["plo_out"], FAR))
    sel = np.nonzero(pp & (first <= ext) & (lastd >= ws))[0]
    sel = sel[np.argsort(first[sel], kind="stable")]
    issued_now = ep["issued"][sel] & (ep["issue"][sel] <= ext)
    plo = ep["plo"][sel]
    out_known = plo & (ep["plo_out"][sel] <= ext)
    final_known = issued_now & (ep["final"][sel] <= ext)
    n = len(sel)
    yr = pd.DatetimeIndex(to_ts(ep["issue"][sel])).year.to_numpy()
    court = np.array([f"ZE{(y % 100) if y > 0 else 0:02d}C{v:05d}" for y, v in
                      zip(np.nan_to_num(yr, nan=0).astype(int), rng.integers(100, 99999, n))])
    init_plan = np.where(ep["emerg"][sel], "A", _pick(rng, ["A", "B", "D", "E"], [0.7, 0.05, 0.15, 0.1], n))
    out["pre_proceedings"] = pd.DataFrame({
        "prep_table_id": [f"PP{i:06d}" for i in range(1, n + 1)],
        "prep_person_id": ids[ch_e[sel]],
        "prep_plo_family_id": [f"FAM{v:06d}" for v in ch_e[sel]],
        "prep_pre_pro_decision_date": to_ts(np.where(plo, ep["plo_dec"][sel], FAR), ext),
        "prep_legal_gateway_outcome": np.where(plo, "B", "C"),
        "prep_initial_pre_pro_meeting_date": to_ts(np.where(plo, ep["plo_meet"][sel], FAR), ext),
        "prep_pre_pro_letter_date": to_ts(np.where(plo, ep["plo_letter"][sel], FAR), ext),
        "prep_pre_pro_meetings_num": pd.array(np.where(plo & (ep["plo_meet"][sel] <= ext),
                                                       ep["plo_meetings"][sel], -1), dtype="Int64"),
        "prep_pre_pro_outcome": np.where(out_known, np.where(ep["plo_issue"][sel],
                                         "Decision to Issue Care Proceedings", "Decision to step down"), ""),
        "prep_agree_stepdown_issue_date": to_ts(np.where(out_known, ep["plo_out"][sel], FAR)),
        "prep_care_pro_letter_date": to_ts(np.where(issued_now & ~ep["emerg"][sel],
                                                     cal.roll_back(ep["issue"][sel] - _ri(rng, 2, 10, n)), FAR)),
        "prep_care_proc_short_notice": np.where(issued_now, np.where(ep["emerg"][sel], "Yes", "No"),
                                                "Not in care proceedings"),
        "prep_la_initial_care_plan": np.where(issued_now, init_plan, "Not in care proceedings"),
        "prep_la_final_care_plan": np.where(final_known, np.where(np.isin(ep["order"][sel], ["WITHDRAWN", "NO_ORDER"]), "G", ep["order"][sel]),
                                            np.where(issued_now, "H", "")),
        "prep_court_reference": np.where(issued_now, court, ""),
        "care_proc_issue_date": to_ts(np.where(issued_now, ep["issue"][sel], FAR)),
        "care_proc_final_order_date": to_ts(np.where(final_known, ep["final"][sel], FAR)),
        "care_proc_final_order": np.where(final_known, ep["order"][sel], ""),
        "care_proc_extension": np.where(issued_now & ((ep["final"][sel] - ep["issue"][sel]) > 182),
                                        ep["extension"][sel], np.where(issued_now, "N", "")),
    })
    mt = out["pre_proceedings"]
    mt.loc[mt["prep_pre_pro_meetings_num"] < 0, "prep_pre_pro_meetings_num"] = pd.NA

    meta = {"ids": ids, "staff": staff}
    return out, meta


# ---------------------------------------------------------------------- planted problems
def plant_problems(tables: dict[str, pd.DataFrame], seed: int) -> list[dict]:
    """Deterministic data-quality problems; returns a description of each."""
    rng = np.random.default_rng(seed + 7919)
    planted: list[dict] = []

    a = tables["assessments"]
    done = np.nonzero(a["assessment_auth_date"].notna().to_numpy())[0]
    k = max(1, int(round(0.002 * len(a))))
    if len(done):
        rows = np.sort(rng.choice(done, size=min(k, len(done)), replace=False))
        delta = pd.to_timedelta(rng.integers(1, 11, len(rows)), unit="D")
        a.loc[a.index[rows], "assessment_auth_date"] = (
            a.loc[a.index[rows], "assessment_start_date"] - delta).to_numpy()
        planted.append({"table": "assessments", "problem": "authorisation date before start date",
                        "rows": len(rows), "child_ids": a.loc[a.index[rows], "child_id"].tolist()})

    c = tables["contacts"]
    if len(c) >= 2:
        rows = np.sort(rng.choice(len(c), size=2, replace=False))
        dup = c.iloc[rows]
        c = pd.concat([c.iloc[: rows[0] + 1], dup.iloc[[0]], c.iloc[rows[0] + 1: rows[1] + 1],
                       dup.iloc[[1]], c.iloc[rows[1] + 1:]], ignore_index=True)
        tables["contacts"] = c
        planted.append({"table": "contacts", "problem": "exact duplicate contact rows", "rows": 2,
                        "child_ids": dup["child_id"].tolist()})
        r = int(rng.integers(0, len(c)))
        c.loc[r, "ethnicity"] = "WHBR"
        planted.append({"table": "contacts", "problem": "unknown ethnicity code 'WHBR'", "rows": 1,
                        "child_ids": [c.loc[r, "child_id"]]})

    cp = tables["cp_plans"]
    cand = np.nonzero(cp["latest_review_date"].notna().to_numpy())[0]
    if len(cand):
        r = cp.index[int(rng.choice(cand))]
        cp.loc[r, "latest_review_date"] = cp.loc[r, "cpp_start_date"] - pd.Timedelta(days=5)
        planted.append({"table": "cp_plans", "problem": "latest review conference before plan start",
                        "rows": 1, "child_ids": [cp.loc[r, "child_id"]]})

    cin = tables["cin"]
    cand = np.nonzero(cin["cin_closure_date"].notna().to_numpy())[0]
    if len(cand):
        r = cin.index[int(rng.choice(cand))]
        cin.loc[r, "closure_reason"] = ""
        planted.append({"table": "cin", "problem": "CIN closure date without a reason for closure",
                        "rows": 1, "child_ids": [cin.loc[r, "child_id"]]})

    s = tables["s47"]
    last_ok = s["icpc_date"].max() - pd.Timedelta(days=8) if len(s) else None
    cand = np.nonzero((s["icpc_date"] < last_ok).to_numpy())[0] if len(s) else []
    if len(cand):
        r = s.index[int(rng.choice(cand))]
        d = s.loc[r, "icpc_date"]
        s.loc[r, "icpc_date"] = d + pd.Timedelta(days=(5 - d.weekday()) % 7 or 7)
        planted.append({"table": "s47", "problem": "ICPC dated on a Saturday", "rows": 1,
                        "child_ids": [s.loc[r, "child_id"]]})
    return planted
