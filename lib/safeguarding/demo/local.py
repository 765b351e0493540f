"""Local extracts of the demo council: LADO, private fostering, young carers, population and
the improvement-plan tracker (formats: /work/shared/reference/local-extracts.md)."""
from __future__ import annotations

import numpy as np
import pandas as pd

from . import calendar as cal
from . import codes as C
from .simulate import FAR, _pick, _ri
from .tables import to_ts


def _daily_events(rng, first: int, last: int, per_year: float) -> np.ndarray:
    """Working-day event dates at ``per_year`` a year (school-term dip in August)."""
    days = np.arange(first, last + 1)
    wd = cal.is_workday(days)
    month = cal.as_dt64(days).astype("datetime64[M]").astype(np.int64) % 12 + 1
    rate = np.where(wd, per_year / 253.0, 0.0) * np.where(month == 8, 0.6, 1.0)
    counts = rng.poisson(rate)
    return np.repeat(days, counts)


def lado(rng, scale: float, first: int, ext: int, known_ids: np.ndarray) -> pd.DataFrame:
    d = _daily_events(rng, first, ext, 330 * scale)
    n = len(d)
    referral = rng.random(n) < 0.53
    met = referral & (rng.random(n) < 0.9)
    sectors = ["EDUCATION_SCHOOL", "EDUCATION_EARLY_YEARS", "EDUCATION_FE", "HEALTH",
               "SOCIAL_CARE_RESIDENTIAL", "FOSTER_CARER", "SOCIAL_CARE_OTHER", "POLICE", "FAITH",
               "SPORTS_LEISURE", "TRANSPORT", "VOLUNTARY", "OTHER"]
    sector = _pick(rng, sectors, [.38, .08, .03, .05, .07, .08, .05, .02, .03, .04, .02, .04, .11], n)
    src_by_sector = np.where(np.isin(sector, ["EDUCATION_SCHOOL", "EDUCATION_FE"]), "SCHOOL",
                             np.where(sector == "EDUCATION_EARLY_YEARS", "EARLY_YEARS", ""))
    other_src = _pick(rng, ["EMPLOYER", "HEALTH", "POLICE", "CSC", "OFSTED", "PARENT_CARER", "CHILD",
                            "OTHER_LA", "OTHER"], [.3, .06, .14, .16, .04, .16, .03, .06, .05], n)
    source = np.where((src_by_sector != "") & (rng.random(n) < 0.8), src_by_sector, other_src)
    cat1 = _pick(rng, ["PHYSICAL", "SEXUAL", "EMOTIONAL", "NEGLECT", "OTHER"], [.42, .17, .12, .07, .22], n)
    cat2 = _pick(rng, ["PHYSICAL", "SEXUAL", "EMOTIONAL", "NEGLECT", "OTHER"], [.2, .1, .4, .1, .2], n)
    cats = np.where((rng.random(n) < 0.12) & (cat1 != cat2), np.char.add(np.char.add(cat1, ";"), cat2), cat1)
    harm = _pick(rng, ["HARMED", "OFFENCE", "RISK", "SUITABILITY", "HARMED;OFFENCE"], [.35, .1, .25, .2, .1], n)
    decision = cal.add_wd(d, rng.choice([0, 1, 2, 3], size=n, p=[.5, .3, .12, .08]))
    strat = np.where(met & (rng.random(n) < 0.55), cal.add_wd(decision, _ri(rng, 1, 8, n)), FAR)
    dur = np.where(met, np.exp(rng.normal(np.log(24), 0.85, n)), _ri(rng, 0, 10, n)).astype(np.int64)
    concluded = cal.roll_forward(d + dur)
    concluded = np.where(strat < FAR, np.maximum(concluded, cal.add_wd(strat, _ri(rng, 1, 10, n))), concluded)
    outcome = np.where(met, _pick(rng, ["SUBSTANTIATED", "UNSUBSTANTIATED", "UNFOUNDED", "FALSE", "MALICIOUS"],
                                  [.12, .5, .2, .14, .04], n), "NFA")
    closed = concluded <= ext
    police = np.where(met, np.where(rng.random(n) < 0.3, "Y", "N"), "N")
    children = np.where(rng.random(n) < 0.8, 1, _ri(rng, 2, 4, n))
    link = rng.random(n) < 0.3
    cids = known_ids[rng.integers(0, len(known_ids), n)] if len(known_ids) else np.full(n, "")
    order = np.argsort(d, kind="stable")
    df = pd.DataFrame({
        "lado_ref": [f"LADO-{pd.Timestamp(np.datetime64(int(x), 'D')).year}-{i:05d}"
                     for i, x in enumerate(d, 1)],
        "date_received": to_ts(d), "contact_type": np.where(referral, "REFERRAL", "CONSULTATION"),
        "referral_source": source, "employment_sector": sector,
        "role_type": _pick(rng, ["PAID", "VOLUNTEER", "CONTRACTOR", "STUDENT", "OTHER"], [.82, .08, .04, .03, .03], n),
        "allegation_category": cats, "threshold_met": np.where(met, "Y", "N"),
        "harm_test_criteria": np.where(met, harm, ""), "threshold_decision_date": to_ts(decision, ext),
        "strategy_meeting_date": to_ts(strat, ext), "police_involved": police,
        "s47_enquiry": np.where(met & (rng.random(n) < 0.15), "Y", "N"),
        "suspended": np.where(met & (rng.random(n) < 0.2), "Y", "N"),
        "date_concluded": to_ts(np.where(closed, concluded, FAR)),
        "outcome": np.where(closed, outcome, ""),
        "dbs_referral": np.where(closed & (outcome == "SUBSTANTIATED") & (rng.random(n) < 0.6), "Y", "N"),
        "regulator_referral": np.where(closed & (outcome == "SUBSTANTIATED") & (rng.random(n) < 0.3), "Y", "N"),
        "employer_action": np.where(closed & met, np.where(outcome == "SUBSTANTIATED",
                                    _pick(rng, ["DISMISSED", "RESIGNED", "DISCIPLINARY_WARNING"], [.4, .3, .3], n),
                                    _pick(rng, ["NO_ACTION", "TRAINING_SUPERVISION"], [.6, .4], n)), ""),
        "children_involved": pd.array(children, dtype="Int64"),
        "child_ids": np.where(link, cids, ""),
    })
    return df.iloc[order].reset_index(drop=True)


def private_fostering(rng, scale: float, first: int, ext: int, new_ids) -> tuple[pd.DataFrame, pd.DataFrame]:
    d = _daily_events(rng, first - 3 * 365, ext, 42 * scale)
    n = len(d)
    cat = _pick(rng, ["8B", "8C", "8D", "8E", "8F"], [.55, .05, .1, .25, .05], n)
    language = cat == "8B"
    ntype = np.where(language & (rng.random(n) < 0.5), "PROPOSED", np.where(rng.random(n) < 0.15, "PROPOSED", "EXISTING"))
    source = np.where(language & (rng.random(n) < 0.8), "AGENCY",
                      _pick(rng, ["CARER", "PARENT", "CHILD", "SCHOOL", "EDUCATION_OTHER", "HEALTH",
                                  "POLICE", "CSC", "OTHER_LA", "OTHER"], [.1, .1, .03, .35, .05, .1, .05, .12, .05, .05], n))
    proposal = np.where(ntype == "PROPOSED", cal.add_wd(d, _ri(rng, 2, 10, n)), FAR)
    start = np.where(ntype == "PROPOSED", cal.roll_forward(d + _ri(rng, 7, 40, n)), d)
    not_started = rng.random(n) < 0.1
    late = rng.random(n) < 0.18
    initial = cal.add_wd(np.where(ntype == "PROPOSED", start, d),
                         np.where(late, _ri(rng, 8, 20, n), _ri(rng, 1, 7, n)))
    initial = np.where(not_started, FAR, initial)
    suit = np.where(not_started, FAR, cal.add_wd(initial, _ri(rng, 15, 60, n)))
    outcome = np.where(not_started, "NOT_STARTED", _pick(rng, ["SUITABLE", "SUITABLE_WITH_CONDITIONS", "UNSUITABLE"], [.8, .15, .05], n))
    dur = np.where(language, _ri(rng, 30, 300, n), _ri(rng, 60, 700, n))
    end = np.where(not_started, start, cal.roll_forward(start + dur))
    age = np.where(language, _ri(rng, 11, 15, n), _ri(rng, 3, 15, n))
    dob = d - (age * 365.25 + rng.random(n) * 360).astype(np.int64)
    age16 = cal.add_years(dob, 16)
    end = np.where(end > age16, age16, end)
    reason = np.where(not_started, "NOT_PRIVATE_FOSTERING", np.where(end == age16, "AGE_LIMIT",
                      np.where(language, "RETURNED_TO_PARENT",
                               _pick(rng, ["RETURNED_TO_PARENT", "BECAME_LOOKED_AFTER", "MOVED_AWAY", "OTHER"], [.6, .1, .2, .1], n))))
    ended = end <= ext
    keep = (end >= first) & (d <= ext)
    ids = new_ids(n)
    eth = np.where(language, _pick(rng, ["OOTH", "CHNE", "AOTH", "WOTH"], [.45, .3, .1, .15], n),
                   _pick(rng, C.ETHNICITY, C.ETHNICITY_P, n))
    arr_id = np.array([f"PF{i:05d}" for i in range(1, n + 1)])
    arr = pd.DataFrame({
        "arrangement_id": arr_id, "child_id": ids,
        "sex": _pick(rng, ["M", "F"], [.5, .5], n), "ethnicity": eth,
        "date_of_birth": to_ts(cal.as_dt64(dob).astype("datetime64[M]").astype("datetime64[D]").astype(np.int64)),
        "disability": _pick(rng, ["Y", "N", "U"], [.03, .95, .02], n), "notification_date": to_ts(d),
        "notification_type": ntype, "notification_source": source, "pf_category": cat,
        "proposal_visit_date": to_ts(proposal, ext),
        "arrangement_start_date": to_ts(np.where(not_started, FAR, start), ext),
        "initial_visit_date": to_ts(initial, ext),
        "initial_visit_seen_alone": np.where(initial <= ext, _pick(rng, ["Y", "N"], [.85, .15], n), ""),
        "suitability_assessment_date": to_ts(suit, ext),
        "suitability_outcome": np.where(not_started | (suit <= ext), outcome, ""),
        "end_date": to_ts(np.where(ended, end, FAR)), "end_reason": np.where(ended, reason, ""),
    })
    # visits: initial, then statutory every <= 6 weeks (first year) / 12 weeks (after)
    v_arr, v_day, v_type = [], [], []
    has = (initial < FAR) & keep
    idx = np.nonzero(has)[0]
    v_arr.append(idx); v_day.append(initial[idx]); v_type.append(np.full(len(idx), "INITIAL"))
    cur = initial[idx].copy()
    aware = d[idx]
    stop = np.minimum(end[idx], ext)
    alive = np.ones(len(idx), dtype=bool)
    for _ in range(60):
        first_year = cur - aware < 365
        lim = np.where(first_year, 42, 84)
        late = rng.random(len(idx)) < 0.12
        step = np.where(late, lim + _ri(rng, 1, 20, len(idx)), lim - _ri(rng, 0, 17, len(idx)))
        nxt = cal.roll_back(cur + step)
        alive &= nxt < stop
        if not alive.any():
            break
        v_arr.append(idx[alive]); v_day.append(nxt[alive]); v_type.append(np.full(int(alive.sum()), "STATUTORY"))
        cur = np.where(alive, nxt, cur)
    va = np.concatenate(v_arr)
    vd = np.concatenate(v_day)
    vt = np.concatenate(v_type)
    extra = rng.random(len(va)) < 0.04
    va = np.concatenate([va, va[extra]])
    vd = np.concatenate([vd, cal.add_wd(vd[extra], _ri(rng, 3, 10, int(extra.sum())))])
    vt = np.concatenate([vt, np.full(int(extra.sum()), "ADDITIONAL")])
    ok = (vd <= ext) & (vd >= first - 365)
    va, vd, vt = va[ok], vd[ok], vt[ok]
    m = len(va)
    seen = np.where(rng.random(m) < 0.97, "Y", "N")
    order = np.lexsort((vd, va))
    visits = pd.DataFrame({
        "arrangement_id": arr_id[va], "visit_date": to_ts(vd), "visit_type": vt,
        "child_seen": seen, "seen_alone": np.where(seen == "Y", _pick(rng, ["Y", "N", "U"], [.8, .15, .05], m), "N"),
        "report_date": to_ts(np.where(rng.random(m) < 0.9, cal.add_wd(vd, _ri(rng, 1, 15, m)), FAR), ext),
    }).iloc[order].reset_index(drop=True)
    return arr.loc[keep].reset_index(drop=True), visits


def young_carers(rng, scale: float, first: int, ext: int, known_ids: np.ndarray, new_ids) -> pd.DataFrame:
    d = _daily_events(rng, first - 2 * 365, ext, 190 * scale)
    n = len(d)
    age = rng.choice(np.arange(5, 18), size=n, p=np.array([2, 3, 4, 6, 8, 10, 11, 12, 12, 11, 9, 7, 5]) / 100)
    dob = d - (age * 365.25 + rng.random(n) * 360).astype(np.int64)
    src = _pick(rng, ["SCHOOL", "HEALTH", "SELF", "FAMILY", "CSC_ASSESSMENT", "EARLY_HELP", "ADULT_SOCIAL_CARE",
                      "YOUNG_CARERS_SERVICE", "OTHER"], [.34, .08, .04, .08, .16, .12, .06, .08, .04], n)
    req = rng.random(n) < 0.85
    req_d = np.where(req, cal.add_wd(d, _ri(rng, 0, 10, n)), FAR)
    st = np.where(req & (rng.random(n) < 0.92), cal.add_wd(req_d, _ri(rng, 1, 15, n)), FAR)
    late = rng.random(n) < 0.25
    comp = np.where(st < FAR, cal.add_wd(st, np.where(late, _ri(rng, 36, 80, n), _ri(rng, 5, 35, n))), FAR)
    atype = np.where(src == "CSC_ASSESSMENT", "CIN_ASSESSMENT",
                     _pick(rng, ["YC_NEEDS", "WHOLE_FAMILY", "OTHER"], [.8, .15, .05], n))
    outcome = _pick(rng, ["SUPPORT_PLAN", "SIGNPOSTED", "REFERRED_CSC", "NO_SUPPORT_NEEDED", "DECLINED"],
                    [.55, .2, .06, .12, .07], n)
    plan = (comp < FAR) & (outcome == "SUPPORT_PLAN")
    plan_d = np.where(plan, cal.add_wd(comp, _ri(rng, 0, 15, n)), FAR)
    review = np.where(plan & (rng.random(n) < 0.8), cal.roll_forward(plan_d + _ri(rng, 60, 200, n)), FAR)
    end = cal.roll_forward(d + np.exp(rng.normal(np.log(400), 0.7, n)).astype(np.int64))
    age18 = cal.add_years(dob, 18)
    reason = np.where(end >= age18, "TURNED_18", _pick(rng, ["NO_LONGER_CARING", "MOVED_AWAY", "DECLINED_SUPPORT",
                                                              "TRANSITION_TO_ADULT_SERVICES", "OTHER"], [.55, .15, .15, .05, .1], n))
    end = np.minimum(end, age18)
    ended = end <= ext
    keep = (d <= ext) & (end >= first)
    use_known = (rng.random(n) < 0.25) & (len(known_ids) > 0)
    kid = known_ids[rng.integers(0, max(len(known_ids), 1), n)] if len(known_ids) else np.full(n, "")
    ids = np.where(use_known, kid, new_ids(n))
    rel = _pick(rng, ["PARENT", "SIBLING", "GRANDPARENT", "OTHER_RELATIVE", "PARENT;SIBLING"], [.62, .2, .06, .04, .08], n)
    need = _pick(rng, ["PHYSICAL_ILLNESS_DISABILITY", "MENTAL_HEALTH", "SUBSTANCE_MISUSE", "LEARNING_DISABILITY",
                       "OTHER", "MENTAL_HEALTH;SUBSTANCE_MISUSE"], [.35, .32, .08, .12, .05, .08], n)
    df = pd.DataFrame({
        "yc_ref": [f"YC{i:05d}" for i in range(1, n + 1)], "child_id": ids,
        "sex": _pick(rng, ["M", "F"], [.45, .55], n), "ethnicity": _pick(rng, C.ETHNICITY, C.ETHNICITY_P, n),
        "date_of_birth": to_ts(cal.as_dt64(dob).astype("datetime64[M]").astype("datetime64[D]").astype(np.int64)),
        "identified_date": to_ts(d), "identification_source": src,
        "cared_for_relationship": rel, "cared_for_need": need,
        "assessment_request_date": to_ts(req_d, ext), "assessment_start_date": to_ts(st, ext),
        "assessment_completed_date": to_ts(comp, ext),
        "assessment_type": np.where(st <= ext, atype, ""),
        "assessment_outcome": np.where(comp <= ext, outcome, ""),
        "support_plan_start_date": to_ts(plan_d, ext), "latest_review_date": to_ts(review, ext),
        "cin_factor_7a": np.where(atype == "CIN_ASSESSMENT", "Y", np.where(use_known, "U", "N")),
        "end_date": to_ts(np.where(ended, end, FAR)), "end_reason": np.where(ended, reason, ""),
    })
    return df.loc[keep].reset_index(drop=True)


def population(scale: float, extract_year: int, base: int = 68_000, growth: float = 0.008) -> pd.DataFrame:
    years = np.arange(2012, extract_year + 1)
    pop = np.round(base * scale * (1 + growth * (years - 2018))).astype(np.int64)
    return pd.DataFrame({"mid_year": years, "population_0_17": np.maximum(pop, 1)})


# Resident children's mix (an inner-London-like borough), deliberately not the same as the mix of
# children known to social care, so the disproportionality notebook has something to show.
RESIDENT_ETHNICITY = {"WBRI": 0.38, "WIRI": 0.01, "WIRT": 0.002, "WROM": 0.003, "WOTH": 0.10,
                      "MWBC": 0.05, "MWBA": 0.02, "MWAS": 0.02, "MOTH": 0.04, "AIND": 0.02,
                      "APKN": 0.01, "ABAN": 0.02, "AOTH": 0.03, "BCRB": 0.07, "BAFR": 0.10,
                      "BOTH": 0.025, "CHNE": 0.02, "OOTH": 0.06}
RESIDENT_AGE = {"Under 1": 1 / 18, "1 to 4": 4 / 18, "5 to 9": 5 / 18, "10 to 15": 6 / 18,
                "16 and over": 2 / 18}
RESIDENT_SEX = {"M": 0.51, "F": 0.49}


def population_by_group(population_0_17: pd.DataFrame) -> pd.DataFrame:
    """population_by_group.csv: each dimension on its own (``all`` in the other two), every
    dimension adding up to the year's 0-17 total."""
    rows = []
    for year, total in zip(population_0_17["mid_year"], population_0_17["population_0_17"]):
        for column, shares in (("ethnicity", RESIDENT_ETHNICITY), ("age_band", RESIDENT_AGE),
                               ("sex", RESIDENT_SEX)):
            weights = np.array(list(shares.values()))
            counts = np.floor(total * weights / weights.sum()).astype(np.int64)
            counts[0] += int(total) - int(counts.sum())  # rounding goes to the largest group
            for group, n in zip(shares, counts):
                row = {"mid_year": int(year), "ethnicity": "all", "age_band": "all", "sex": "all"}
                row[column] = group
                rows.append({**row, "population": int(n)})
    return pd.DataFrame(rows, columns=["mid_year", "ethnicity", "age_band", "sex", "population"])


# ---- quality assurance, family feedback, out of hours ---------------------------------------
# Service areas audited (share of audits) and their demo team names (as demo.tables.Staff names
# them at scale 1).
AUDIT_AREAS = {"FRONT_DOOR": (.12, ["MASH Team"]),
               "ASSESSMENT": (.25, [f"Assessment Team {i}" for i in range(1, 6)]),
               "FAMILY_SOCIAL_WORK": (.35, [f"Family Social Work Team {i}" for i in range(1, 9)]),
               "DISABLED_CHILDREN": (.08, ["Children with Disabilities Team"]),
               "LOOKED_AFTER": (.15, ["Children in Care Team 1", "Children in Care Team 2"]),
               "CARE_LEAVERS": (.05, ["Leaving Care Team"])}
AUDIT_THEMES = ["VOICE_OF_CHILD", "ASSESSMENT_ANALYSIS", "PLANNING", "RISK_THRESHOLDS",
                "MANAGEMENT_OVERSIGHT", "SUPERVISION", "VISITS", "RECORDING", "MULTI_AGENCY",
                "DIRECT_WORK", "FAMILY_NETWORK", "IDENTITY_DIVERSITY"]


def case_audits(rng, scale: float, first: int, ext: int, known_ids: np.ndarray) -> pd.DataFrame:
    """About 25 audits a month (the seed: ~40 % of practice judged good, the rest mostly requiring
    improvement), slowly improving over the years as the improvement plan takes hold."""
    d = _daily_events(rng, first, ext, 300 * scale)
    n = len(d)
    progress = np.clip((d - first) / max(ext - first, 1), 0, 1)  # 0 at the start, 1 at the extract
    good = 0.22 + 0.08 * progress
    u = rng.random(n)
    grade = np.where(u < 0.03, "OUTSTANDING", np.where(u < 0.03 + good, "GOOD",
                     np.where(u < 0.90, "REQUIRES_IMPROVEMENT", "INADEQUATE")))
    grade = np.where(rng.random(n) < 0.01, "", grade)  # an audit saved without its grade
    areas = list(AUDIT_AREAS)
    area = _pick(rng, areas, [AUDIT_AREAS[a][0] for a in areas], n)
    team = np.array([AUDIT_AREAS[a][1][k % len(AUDIT_AREAS[a][1])] for a, k in zip(area, rng.integers(0, 99, n))])
    kind = _pick(rng, ["CASE", "THEMATIC", "DIP_SAMPLE", "OBSERVATION", "MULTI_AGENCY"], [.62, .12, .1, .12, .04], n)
    first_theme = _pick(rng, AUDIT_THEMES, np.ones(len(AUDIT_THEMES)), n)
    second_theme = _pick(rng, AUDIT_THEMES, np.ones(len(AUDIT_THEMES)), n)
    themes = np.where((rng.random(n) < 0.6) & (first_theme != second_theme),
                      np.char.add(np.char.add(first_theme, ";"), second_theme), first_theme)
    link = (kind != "OBSERVATION") & (len(known_ids) > 0)
    cids = known_ids[rng.integers(0, max(len(known_ids), 1), n)] if len(known_ids) else np.full(n, "")
    order = np.argsort(d, kind="stable")
    df = pd.DataFrame({
        "audit_ref": [f"QA{i:05d}" for i in range(1, n + 1)], "audit_date": to_ts(d), "team": team,
        "service_area": area, "audit_type": kind, "overall_grade": grade, "themes": themes,
        "child_id": np.where(link, cids, ""),
    })
    return df.iloc[order].reset_index(drop=True)


def family_feedback(rng, scale: float, first: int, ext: int) -> pd.DataFrame:
    """About 70 responses a year (the seed's survey: 34 families in six months, satisfaction 6.8
    out of 10, 80 % knew why children's social care was involved)."""
    d = _daily_events(rng, first, ext, 70 * scale)
    n = len(d)
    score = np.clip(np.round(rng.normal(7.1, 2.0, n)), 0, 10).astype(np.int64)
    happy = score >= 7
    knew = np.where(rng.random(n) < np.where(happy, 0.92, 0.74), "Y", "N")
    listened = np.where(rng.random(n) < np.where(happy, 0.88, 0.5), "Y", "N")
    improved = np.where(rng.random(n) < np.where(happy, 0.8, 0.45), "Y", "N")
    skip = rng.random((4, n)) < np.array([[.05], [.04], [.06], [.1]])  # questions left unanswered
    areas = ["FRONT_DOOR", "ASSESSMENT", "FAMILY_SOCIAL_WORK", "DISABLED_CHILDREN", "LOOKED_AFTER"]
    comments = np.where(happy, _pick(rng, ["The social worker explained things clearly.",
                                           "We feel safer now and know who to call.",
                                           "Helped us get support from the school."], [1, 1, 1], n),
                        _pick(rng, ["Hard to reach the social worker when she was away.",
                                    "Decisions took a long time.", "Nobody told us what would happen next."],
                              [1, 1, 1], n))
    order = np.argsort(d, kind="stable")
    df = pd.DataFrame({
        "feedback_ref": [f"FB{i:05d}" for i in range(1, n + 1)], "feedback_date": to_ts(d),
        "service_area": _pick(rng, areas, [.1, .25, .45, .08, .12], n),
        "respondent": _pick(rng, ["PARENT_CARER", "CHILD", "OTHER_FAMILY"], [.7, .25, .05], n),
        "satisfaction_score": pd.array(np.where(skip[0], -1, score), dtype="Int64"),
        "knew_why_involved": np.where(skip[1], "", knew), "felt_listened_to": np.where(skip[2], "", listened),
        "things_improved": np.where(skip[3], "", improved),
        "comments": np.where(rng.random(n) < 0.6, comments, ""),
    })
    df.loc[df["satisfaction_score"] < 0, "satisfaction_score"] = pd.NA
    return df.iloc[order].reset_index(drop=True)


def out_of_hours(rng, scale: float, first: int, ext: int, known_ids: np.ndarray) -> pd.DataFrame:
    """About 170 contacts a month to the emergency duty service: weekday evenings and nights and
    whole weekends and bank holidays (5pm to 9am on working days, as in the seed)."""
    days = np.arange(first, ext + 1)
    working = cal.is_workday(days)
    # a working day's out-of-hours share is 16 of 24 hours; a weekend day is whole
    counts = rng.poisson(np.where(working, 4.8, 7.5) * scale)
    d = np.repeat(days, counts)
    wd = np.repeat(working, counts)
    n = len(d)
    evening = rng.random(n) < 0.62
    minutes = np.where(wd, np.where(evening, _ri(rng, 17 * 60, 23 * 60 + 59, n), _ri(rng, 0, 8 * 60 + 59, n)),
                       _ri(rng, 0, 24 * 60 - 1, n))
    time = np.char.add(np.char.add(np.char.zfill((minutes // 60).astype(str), 2), ":"),
                       np.char.zfill((minutes % 60).astype(str), 2))
    time = np.where(rng.random(n) < 0.03, "", time)  # time not recorded
    source = _pick(rng, ["POLICE", "HEALTH", "PUBLIC", "FAMILY", "CHILD", "PROFESSIONAL", "OTHER_LA", "OTHER"],
                   [.42, .14, .06, .18, .05, .08, .04, .03], n)
    outcome = _pick(rng, ["ADVICE", "VISIT", "STRATEGY_DISCUSSION", "POLICE_PROTECTION", "ACCOMMODATED", "EPO",
                          "NFA", "OTHER"], [.52, .12, .06, .03, .03, .002, .22, .018], n)
    police = np.where((source == "POLICE") | np.isin(outcome, ["POLICE_PROTECTION", "STRATEGY_DISCUSSION"])
                      | (rng.random(n) < 0.08), "Y", "N")
    passed = np.where(np.isin(outcome, ["NFA"]), np.where(rng.random(n) < 0.15, "Y", "N"),
                      np.where(rng.random(n) < 0.86, "Y", "N"))
    link = (rng.random(n) < 0.55) & (len(known_ids) > 0)
    cids = known_ids[rng.integers(0, max(len(known_ids), 1), n)] if len(known_ids) else np.full(n, "")
    df = pd.DataFrame({
        "ooh_ref": [f"EDT{i:06d}" for i in range(1, n + 1)], "contact_date": to_ts(d), "contact_time": time,
        "child_id": np.where(link, cids, ""), "contact_source": source, "outcome": outcome,
        "passed_to_day_team": passed, "police_involved": police,
    })
    return df
