"""Seeded, vectorised simulation of one fictional council's children's social care.

Children move through contacts -> referrals -> assessments -> S47 enquiries (strategy
discussions) -> ICPCs -> CP plans and CIN episodes, with early help, care proceedings and a
small looked-after cohort. Re-referrals arise because some children come back after their
episode closes. Everything is simulated from ``WARMUP_YEARS`` before ``start`` so that the
window opens on a system in steady state (open CIN episodes and CP plans, histories behind the
12-month counts); the Annex A lists then hold what a council would extract for
``start .. extract_date``.

The result is a dict of *tidy* tables (column names and core codes of ``safeguarding.schema``)
without provenance columns; ``safeguarding.demo.writers`` renders them as Annex A and CSVs.
All volumes scale linearly with ``scale`` (scale 1 ~ an inner-London borough, 68,000 children).
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from . import calendar as cal
from . import codes as C

FAR = cal.day("2200-01-01")  # "not yet / never"
WARMUP_YEARS = 6


@dataclass(frozen=True)
class Calibration:
    """Knobs behind the volumes and rates (values at scale 1)."""
    population_2018: int = 68_000
    population_growth: float = 0.008          # per year
    referral_incidents_per_weekday: float = 8.6  # first referrals of "new" children
    contact_only_clusters_per_weekday: float = 45.0
    referral_extra_contacts: float = 0.45     # Poisson mean of extra contacts per referral
    contact_only_extra_contacts: float = 0.14
    known_child_share_contact_only: float = 0.30
    new_child_second_incident: float = 0.12
    nfa_p: float = 0.09
    transfer_in_p: float = 0.005
    s47_p: float = 0.32
    s47_prior_plan_boost: float = 0.12
    icpc_p: float = 0.46
    plan_p: float = 0.86
    return_p: float = 0.40
    return_gap_mean_days: float = 260.0
    cin_median_days: float = 190.0


CAL = Calibration()


def _pick(rng, keys, p, size):
    p = np.asarray(p, dtype=float)
    return np.asarray(keys)[rng.choice(len(keys), size=size, p=p / p.sum())]


def _ri(rng, lo, hi, size):
    """Random integers in [lo, hi] (inclusive); lo/hi may be arrays."""
    lo = np.asarray(lo)
    hi = np.asarray(hi)
    return (lo + np.floor(rng.random(size) * (hi - lo + 1))).astype(np.int64)


def prev_within(keys, days, window: int = 365, probe_keys=None, probe_days=None) -> np.ndarray:
    """For each probe (default: each event) count events with the same key dated in
    ``[day - window, day)`` -- earlier events within ``window`` days (same-day excluded)."""
    keys = np.asarray(keys, dtype=np.int64)
    days = np.asarray(days, dtype=np.int64)
    if probe_keys is None:
        probe_keys, probe_days = keys, days
    probe_keys = np.asarray(probe_keys, dtype=np.int64)
    probe_days = np.asarray(probe_days, dtype=np.int64)
    if len(days) == 0 or len(probe_days) == 0:
        return np.zeros(len(probe_days), dtype=np.int64)
    base = min(days.min(), probe_days.min()) - window - 10
    off = np.int64(1 << 24)
    comb = np.sort(keys * off + (days - base))
    pk = probe_keys * off + (probe_days - base)
    return (np.searchsorted(comb, pk, side="left")
            - np.searchsorted(comb, pk - window, side="left")).astype(np.int64)


def grouped_series(rng, start_bd, end_bd, first, step, late_p, late):
    """Regular events per group in business-day space.

    First event ``first`` (lo, hi) working days after start, then every ``step`` (lo, hi)
    working days, or ``late`` (lo, hi) with probability ``late_p`` (also applies to the first).
    Events after ``end_bd`` are dropped. Returns (group index, business-day index, late flag).
    """
    start_bd = np.asarray(start_bd, dtype=np.int64)
    end_bd = np.asarray(end_bd, dtype=np.int64)
    n = len(start_bd)
    if n == 0:
        e = np.zeros(0, dtype=np.int64)
        return e, e, np.zeros(0, dtype=bool)
    span = np.maximum(end_bd - start_bd, 0)
    min_step = max(1, min(first[0], step[0], late[0]))
    m = span // min_step + 1
    total = int(m.sum())
    grp = np.repeat(np.arange(n), m)
    offsets = np.cumsum(m) - m
    pos = np.arange(total) - np.repeat(offsets, m)
    is_late = rng.random(total) < late_p
    regular = np.where(pos == 0, _ri(rng, first[0], first[1], total), _ri(rng, step[0], step[1], total))
    steps = np.where(is_late, _ri(rng, late[0], late[1], total), regular)
    cum = np.cumsum(steps)
    before = np.repeat(cum[offsets] - steps[offsets], m)
    bd = np.repeat(start_bd, m) + (cum - before)
    keep = bd <= np.repeat(end_bd, m)
    return grp[keep], bd[keep], is_late[keep]


class Simulation:
    def __init__(self, seed: int = 2018, scale: float = 1.0, start: str = "2015-01-01",
                 extract_date: str = "2019-01-10", calibration: Calibration = CAL):
        self.rng = np.random.default_rng(seed)
        self.scale = float(scale)
        self.k = calibration
        self.win_start = cal.day(start)
        self.extract = cal.day(extract_date)
        y0 = int(str(start)[:4])
        self.sim_start = cal.day(f"{y0 - WARMUP_YEARS}-01-01")
        self.days = np.arange(self.sim_start, self.extract + 1)
        # children registry
        self._dob: list[np.ndarray] = []
        self._prior: list[np.ndarray] = []
        self.n_children = 0
        self.plans_so_far = np.zeros(0, dtype=np.int64)

    # ------------------------------------------------------------------ helpers
    def pop_factor(self, days) -> np.ndarray:
        years = (np.asarray(days) - cal.day("2018-07-01")) / 365.25
        return 1.0 + self.k.population_growth * years

    def _day_rates(self, weekday_mix: dict, first: int, last: int, per_weekday: float):
        """Expected events per day x source (matrix) with weekday/weekend mixes, school
        holidays and a mild August / Christmas dip."""
        days = np.arange(first, last + 1)
        wd = cal.is_workday(days)
        hol = cal.school_holidays(first, last)
        month = cal.as_dt64(days).astype("datetime64[M]").astype(np.int64) % 12 + 1
        dom = (cal.as_dt64(days) - cal.as_dt64(days).astype("datetime64[M]").astype("datetime64[D]")).astype(np.int64) + 1
        season = np.ones(len(days))
        season[month == 8] = 0.9
        season[((month == 12) & (dom >= 22)) | ((month == 1) & (dom <= 2))] = 0.7
        src = C.SOURCES
        mix_wd = np.array([weekday_mix.get(s, 0.0) for s in src])
        mix_we = np.array([C.WEEKEND_SOURCE_P.get(s, 0.0) for s in src])
        hol_f = np.array([C.SCHOOL_HOLIDAY_FACTOR.get(s, 1.0) for s in src])
        rates = np.where(wd[:, None], mix_wd[None, :] * np.where(hol[:, None], hol_f[None, :], 1.0),
                         C.WEEKEND_FACTOR * mix_we[None, :])
        rates *= (per_weekday * self.scale * season * self.pop_factor(days))[:, None]
        return days, rates

    def _sample_days(self, days, rates):
        counts = self.rng.poisson(rates)
        d_idx, s_idx = np.nonzero(counts)
        reps = counts[d_idx, s_idx]
        return np.repeat(days[d_idx], reps), np.repeat(s_idx, reps)

    def _source_on(self, when: np.ndarray, days, rates) -> np.ndarray:
        """Draw a source for each date from that day's source mix."""
        p = rates[when - days[0]]
        cum = np.cumsum(p, axis=1)
        cum /= cum[:, -1:]
        u = self.rng.random(len(when))
        return np.minimum((u[:, None] > cum).sum(axis=1), len(C.SOURCES) - 1)

    def new_children(self, ref_days: np.ndarray, unborn_p: float = 0.025, with_prior=True):
        """Create children first seen on ``ref_days``; returns their indices."""
        rng = self.rng
        n = len(ref_days)
        bands = np.array([[0, 0], [1, 4], [5, 9], [10, 15], [16, 17]])
        band = rng.choice(5, size=n, p=[0.10, 0.21, 0.26, 0.33, 0.10])
        years = _ri(rng, bands[band, 0], bands[band, 1], n)
        age_days = (years * 365.25 + rng.random(n) * 364).astype(np.int64)
        dob = ref_days - age_days
        unborn = rng.random(n) < unborn_p
        dob = np.where(unborn, ref_days + _ri(rng, 14, 200, n), dob)
        prior = np.zeros(n, dtype=np.int64)
        if with_prior:
            u = rng.random(n)
            prior = np.where((years >= 2) & (u < 0.05), 1, np.where((years >= 4) & (u < 0.065), 2, 0))
        idx = np.arange(self.n_children, self.n_children + n)
        self.n_children += n
        self._dob.append(dob)
        self._prior.append(prior)
        self.plans_so_far = np.concatenate([self.plans_so_far, prior])
        return idx

    @property
    def dob(self) -> np.ndarray:
        if len(self._dob) > 1:
            self._dob = [np.concatenate(self._dob)]
        return self._dob[0]

    # ------------------------------------------------------------------ episodes
    def episode_pipeline(self, ch, ref, src):
        """Everything that follows one referral, for a batch of referrals."""
        rng, k = self.rng, self.k
        n = len(ch)
        dob = self.dob[ch]
        age18 = cal.add_years(dob, 18)
        age_ref = (ref - dob) / 365.25
        prior = self.plans_so_far[ch].copy()
        # referrals of young people about to turn 18 go no further (signposted to adult services)
        nfa = (rng.random(n) < k.nfa_p) | (ref > age18 - 180)
        tin = ~nfa & (rng.random(n) < k.transfer_in_p)
        src = np.where(tin, C.SOURCES.index("5C"), src)
        s47 = ~nfa & ~tin & (rng.random(n) < k.s47_p + k.s47_prior_plan_boost * (prior > 0))
        asmt = ~nfa
        # --- assessment
        lag = rng.choice(6, size=n, p=[0.45, 0.25, 0.12, 0.08, 0.05, 0.05])
        asmt_start = cal.add_wd(ref, lag)
        u = rng.random(n)
        dur = np.where(u < 0.03, 0, np.where(u < 0.36, _ri(rng, 3, 20, n),
                       np.where(u < 0.855, _ri(rng, 21, 45, n), _ri(rng, 46, 95, n))))
        auth = cal.add_wd(asmt_start, dur)
        child_seen = _pick(rng, ["Y", "N", "U"], [0.965, 0.025, 0.01], n)
        # --- S47 / ICPC / plan
        u = rng.random(n)
        s47_lag = np.where(u < 0.7, 0, np.where(u < 0.9, _ri(rng, 1, 5, n), _ri(rng, 6, 25, n)))
        s47_start = np.where(s47_lag == 0, ref, cal.add_wd(ref, s47_lag))
        s47_start = np.where(s47, np.minimum(s47_start, np.maximum(auth, ref)), FAR)
        icpc_flag = s47 & (rng.random(n) < k.icpc_p)
        u = rng.random(n)
        iwd = np.where(u < 0.78, _ri(rng, 4, 15, n), _ri(rng, 16, 34, n))
        icpc = np.where(icpc_flag, cal.add_wd(np.minimum(s47_start, FAR - 1000), iwd), FAR)
        plan_icpc = icpc_flag & (rng.random(n) < k.plan_p)
        plan = plan_icpc | tin
        cp_start = np.where(plan_icpc, icpc, np.where(tin, cal.add_wd(ref, _ri(rng, 3, 15, n)), FAR))
        u = rng.random(n)
        support = np.where(plan, "Y", np.where(s47, np.where(u < 0.8, "Y", "N"),
                                               np.where(u < 0.55, "Y", "N")))
        support = np.where(asmt & (rng.random(n) < 0.004), "U", support)
        support = np.where(asmt, support, "")
        # --- CP plan reviews and end
        nrev = 6
        reviews = np.full((n, nrev), FAR, dtype=np.int64)
        prev = np.minimum(cp_start, FAR - 5000)
        for j in range(nrev):
            due = cal.add_months(prev, 3 if j == 0 else 6)
            late = rng.random(n) < (0.04 if j == 0 else 0.06)
            early = _ri(rng, 0, 12 if j == 0 else 45, n)
            on_time = cal.roll_back(due - early)
            r = np.where(late, cal.add_wd(due, _ri(rng, 1, 15, n)), on_time)
            reviews[:, j] = r
            prev = r
        K = rng.choice(np.arange(1, 7), size=n, p=[0.25, 0.37, 0.21, 0.09, 0.04, 0.04])
        cp_end = reviews[np.arange(n), K - 1]
        between = rng.random(n) < 0.07
        span = np.maximum(cp_end - cp_start, 30)
        cp_end = np.where(between, cal.roll_forward(cp_start + 20 + (rng.random(n) * (span - 20)).astype(np.int64)), cp_end)
        cp_end = np.where(plan, cp_end, FAR)
        young_enough = age_ref < 16.5
        # --- pre-proceedings and care proceedings
        plo = plan & young_enough & (rng.random(n) < 0.30) & (cp_end - cp_start > 70)
        room = np.maximum(np.minimum(cp_end - cp_start - 10, 300), 31)
        plo_dec = np.where(plo, cal.roll_forward(cp_start + _ri(rng, 30, room, n)), FAR)
        plo_letter = np.where(plo, cal.add_wd(plo_dec, _ri(rng, 2, 10, n)), FAR)
        plo_meet = np.where(plo, cal.add_wd(plo_letter, _ri(rng, 3, 12, n)), FAR)
        plo_issue = plo & (rng.random(n) < 0.5)
        plo_out = np.where(plo, np.where(plo_issue, cal.add_wd(plo_meet, _ri(rng, 40, 90, n)),
                                         cal.add_wd(plo_meet, _ri(rng, 120, 230, n))), FAR)
        plo_meetings = np.where(plo, np.maximum(0, (plo_out - plo_meet) // 42 + _ri(rng, -1, 1, n)), 0)
        direct = plan & young_enough & ~plo & (rng.random(n) < 0.22)
        emerg = s47 & ~plan & young_enough & (rng.random(n) < 0.06)
        issue = np.full(n, FAR, dtype=np.int64)
        issue = np.where(plo_issue, cal.add_wd(plo_out, _ri(rng, 3, 20, n)), issue)
        dspan = np.maximum(np.minimum(cp_end, FAR - 5000) - cp_start, 15)
        issue = np.where(direct, cal.roll_forward(cp_start + 10 + (rng.random(n) * (dspan - 10)).astype(np.int64)), issue)
        issue = np.where(emerg, cal.add_wd(s47_start, _ri(rng, 1, 8, n)), issue)
        issued = plo_issue | direct | emerg
        weeks = np.clip(rng.gamma(9.0, 27.5 / 9.0, n), 7, 80)
        final = np.where(issued, cal.roll_forward(issue + (weeks * 7).astype(np.int64)), FAR)
        order = _pick(rng, ["A", "B", "C", "D", "E", "F", "G", "WITHDRAWN", "NO_ORDER"],
                      [0.42, 0.05, 0.10, 0.10, 0.20, 0.05, 0.02, 0.04, 0.02], n)
        extension = np.where(weeks > 26, np.where(rng.random(n) < 0.7, "Y", "N"), "N")
        lac_proc = issued & (emerg | (rng.random(n) < 0.7))
        lac_start = np.where(lac_proc, np.where(emerg, s47_start, issue), FAR)
        u = rng.random(n)
        lac_end_proc = np.where(order == "A", np.where(u < 0.35, final + _ri(rng, 365, 2000, n), FAR),
                                np.where(order == "C", final + _ri(rng, 200, 550, n),
                                         final + _ri(rng, 0, 40, n)))
        lac_end = np.where(lac_proc, cal.roll_forward(np.minimum(lac_end_proc, FAR - 5000)), FAR)
        lac_end = np.where(lac_proc & (lac_end_proc >= FAR - 5000), FAR, lac_end)
        # CP plan ends when the child becomes looked after
        cut = lac_proc & plan & (lac_start < cp_end)
        cp_end = np.where(cut, cal.roll_forward(lac_start + _ri(rng, 0, 10, n)), cp_end)
        # s20 accommodation of adolescents on CIN plans
        s20 = (support == "Y") & ~plan & ~issued & (age_ref >= 11) & (age_ref < 16) & (rng.random(n) < 0.04)
        lac_start = np.where(s20, cal.add_wd(auth, _ri(rng, 10, 150, n)), lac_start)
        lac_end = np.where(s20, cal.roll_forward(lac_start + _ri(rng, 20, 500, n)), lac_end)
        is_lac = lac_proc | s20
        legal = np.where(s20, "V2", np.where(final > self.extract, "C1",
                         np.where(np.isin(order, ["A", "B"]), "C2", np.where(order == "C", "E1", "C1"))))
        # --- CIN episode closure
        u = rng.random(n)
        disabled = self.disabled[ch]
        need_n2 = (support == "Y") & ~plan & ~s47 & (disabled == "Y") & (rng.random(n) < 0.6)
        ln = np.exp(rng.normal(np.log(k.cin_median_days), 0.95, n))
        ln = np.where(need_n2, ln * 2.5, ln)
        closure = np.where(nfa, ref, FAR)
        closure = np.where(asmt & (support != "Y"), cal.roll_forward(auth + _ri(rng, 0, 6, n)), closure)
        closure = np.where((support == "Y") & ~plan, cal.roll_forward(auth + ln.astype(np.int64)), closure)
        step = np.where(rng.random(n) < 0.25, _ri(rng, 0, 10, n),
                        np.exp(rng.normal(np.log(110), 0.7, n)).astype(np.int64))
        closure = np.where(plan, cal.roll_forward(np.minimum(cp_end, FAR - 5000) + step), closure)
        closure = np.where(plan & (cp_end >= FAR), FAR, closure)
        closure = np.where(is_lac, np.where(lac_end >= FAR, FAR,
                                            np.maximum(closure, cal.roll_forward(np.minimum(lac_end, FAR - 5000) + _ri(rng, 0, 30, n)))), closure)
        closure = np.where(issued & ~is_lac, np.maximum(closure, cal.roll_forward(np.minimum(final, FAR - 5000) + _ri(rng, 0, 60, n))), closure)
        closure = np.where(plo & ~plo_issue, np.maximum(closure, cal.roll_forward(np.minimum(plo_out, FAR - 5000) + _ri(rng, 0, 30, n))), closure)
        # aged 18: everything stops on the 18th birthday
        at18 = closure > age18
        closure = np.where(at18, np.maximum(age18, ref), closure)
        cp_end = np.where(plan & (cp_end > closure), closure, cp_end)
        lac_end = np.where(is_lac & (lac_end > closure), closure, lac_end)
        # reasons
        reason = np.where(asmt & (support != "Y"), np.where(u < 0.7, "RC8", "RC9"), "RC7")
        r2 = rng.random(n)
        reason = np.where((support == "Y") & (r2 < 0.07), "RC5", reason)
        reason = np.where((support == "Y") & (r2 >= 0.07) & (r2 < 0.08), "RC3", reason)
        reason = np.where((support == "Y") & (r2 >= 0.08) & (r2 < 0.083), "RC2", reason)
        reason = np.where(issued & (order == "E"), "RC4", reason)
        reason = np.where(issued & (order == "F"), "RC3", reason)
        reason = np.where(is_lac & (order == "C") & lac_proc, "RC1", reason)
        reason = np.where(at18, np.where(disabled == "Y", "RC6", np.where(r2 < 0.3, "RC6", "RC7")), reason)
        # primary need
        need = np.where(support == "Y", _pick(rng, list(C.CIN_NEED_P), list(C.CIN_NEED_P.values()), n),
                        _pick(rng, list(C.NFA_NEED_P), list(C.NFA_NEED_P.values()), n))
        need = np.where(need_n2, "N2", need)
        need = np.where((plan | s47 | issued) & (rng.random(n) < 0.92), "N1", need)
        # categories
        cat0 = _pick(rng, C.CATEGORY, C.CATEGORY_P, n)
        cat1 = np.where((rng.random(n) < 0.1) & (cp_end - cp_start > 100),
                        _pick(rng, C.CATEGORY, C.CATEGORY_P, n), cat0)
        epo = np.where(plan & (emerg | (rng.random(n) < 0.03)), "Y", "N")
        # plans count
        prev_plans = prior.copy()
        np.add.at(self.plans_so_far, ch[plan], 1)
        # --- next referral of this child
        died = (closure < FAR) & (reason == "RC2")
        adopted = reason == "RC1"
        p_ret = np.where(plan, k.return_p * 0.9, k.return_p)
        ret = (closure < self.extract) & ~died & ~adopted & (rng.random(n) < p_ret)
        gap = 10 + rng.exponential(k.return_gap_mean_days, n).astype(np.int64)
        nxt = closure + gap
        ret &= (nxt <= self.extract) & (nxt < age18 - 60)
        return dict(
            child=ch, ref=ref, src=src, nfa=nfa, tin=tin, asmt=asmt, asmt_start=asmt_start,
            auth=auth, child_seen=child_seen, support=support, s47=s47, s47_start=s47_start,
            icpc_flag=icpc_flag, icpc=icpc, plan=plan, plan_icpc=plan_icpc, cp_start=cp_start,
            cp_end=cp_end, reviews=reviews, cat0=cat0, cat1=cat1, epo=epo, prev_plans=prev_plans,
            plo=plo, plo_dec=plo_dec, plo_letter=plo_letter, plo_meet=plo_meet,
            plo_issue=plo_issue, plo_out=plo_out, plo_meetings=plo_meetings, direct=direct,
            emerg=emerg, issue=issue, issued=issued, final=final, order=order,
            extension=extension, weeks=weeks, is_lac=is_lac, lac_start=lac_start,
            lac_end=lac_end, legal=legal, closure=closure, reason=reason, need=need,
        ), ch[ret], nxt[ret]

    # ------------------------------------------------------------------ run
    def run(self):
        rng, k = self.rng, self.k
        # fixed child attributes are drawn lazily per batch; keep per-child arrays
        self.disabled = np.zeros(0, dtype="<U1")
        self.sex = np.zeros(0, dtype="<U1")
        self.eth = np.zeros(0, dtype="<U4")

        def add_attrs(n):
            self.disabled = np.concatenate([self.disabled, _pick(rng, ["Y", "N", "U"], [0.065, 0.915, 0.02], n)])
            self.sex = np.concatenate([self.sex, _pick(rng, ["M", "F", "I"], [0.51, 0.4895, 0.0005], n)])
            self.eth = np.concatenate([self.eth, _pick(rng, C.ETHNICITY, C.ETHNICITY_P, n)])

        # generation 0: first referrals of children new to the simulation
        rdays, rrates = self._day_rates(C.REFERRAL_SOURCE_P, self.sim_start, self.extract,
                                        k.referral_incidents_per_weekday)
        self.ref_days, self.ref_rates = rdays, rrates
        ref0, src0 = self._sample_days(rdays, rrates)
        ch0 = self.new_children(ref0)
        add_attrs(len(ch0))
        batches = []
        ch, ref, src = ch0, ref0, src0
        while len(ch):
            order = np.argsort(ref, kind="stable")
            ch, ref, src = ch[order], ref[order], src[order]
            ep, nch, nref = self.episode_pipeline(ch, ref, src)
            batches.append(ep)
            # returning children: working-day date mostly, source from that day's mix
            wkend = ~cal.is_workday(nref)
            shift = wkend & (rng.random(len(nref)) < 0.8)
            nref = np.where(shift, cal.roll_forward(nref), nref)
            nref = np.minimum(nref, self.extract)
            ch, ref, src = nch, nref, self._source_on(nref, rdays, rrates)
        ep = {key: np.concatenate([b[key] for b in batches]) for key in batches[0]}
        order = np.lexsort((ep["ref"], ep["child"]))
        self.ep = {key: v[order] for key, v in ep.items()}
        self.ep["episode"] = np.arange(len(order))
        self._contacts()
        self._early_help()
        self._activity()
        return self

    # ------------------------------------------------------------------ contacts
    def _contacts(self):
        rng, k, ep = self.rng, self.k, self.ep
        lo = self.win_start - 7
        sel = (ep["ref"] >= lo) & (ep["ref"] <= self.extract)
        ref, src, ch = ep["ref"][sel], ep["src"][sel], ep["child"][sel]
        n = len(ref)
        weekend_ok = np.isin(np.array(C.SOURCES)[src], list(C.WEEKEND_SOURCE_P))
        lag = rng.choice([0, 1, 2, 3, 4, 5, 6, 7], size=n, p=[0.55, 0.22, 0.07, 0.05, 0.04, 0.03, 0.02, 0.02])
        c1 = ref - lag
        c1 = np.where(~weekend_ok & ~cal.is_workday(c1), cal.roll_back(c1), c1)
        c1 = np.where(ref - c1 > 7, ref, c1)
        # contacts before the window belong to in-window referrals: date them with the referral
        c1 = np.where((c1 < self.win_start) & (ref >= self.win_start), ref, c1)
        extra = rng.poisson(k.referral_extra_contacts, n)
        e_idx = np.repeat(np.arange(n), extra)
        e_day = c1[e_idx] + (rng.random(len(e_idx)) * (ref[e_idx] - c1[e_idx] + 1)).astype(np.int64)
        cdays, crates = self._day_rates(C.CONTACT_SOURCE_P, lo - 1, self.extract, 1.0)
        e_src = self._source_on(e_day, cdays, crates)
        con_child = [ch, ch[e_idx]]
        con_day = [c1, e_day]
        con_src = [src, e_src]
        # contacts that go no further
        odays, orates = self._day_rates(C.CONTACT_SOURCE_P, self.win_start, self.extract,
                                        k.contact_only_clusters_per_weekday)
        oday, osrc = self._sample_days(odays, orates)
        m = len(oday)
        known = rng.random(m) < k.known_child_share_contact_only
        # a known child: a child whose referral falls within -700..+200 days of the contact
        eref = ep["ref"]
        lo_i = np.searchsorted(eref_sorted := np.sort(eref), oday - 700)
        hi_i = np.searchsorted(eref_sorted, oday + 200)
        order = np.argsort(eref, kind="stable")
        pick = lo_i + (rng.random(m) * np.maximum(hi_i - lo_i, 1)).astype(np.int64)
        pick = np.minimum(pick, len(eref) - 1)
        kch = ep["child"][order[pick]]
        dob = self.dob
        age_ok = (oday >= dob[kch]) & (oday < cal.add_years(dob[kch], 18) - 1)
        known &= age_ok & (hi_i > lo_i)
        new = ~known
        nch = self.new_children(oday[new], unborn_p=0.01, with_prior=False)
        self._grow_attrs(len(nch))
        och = np.where(known, kch, 0)
        och[new] = nch
        con_child.append(och)
        con_day.append(oday)
        con_src.append(osrc)
        # extra contacts in the same incident (another agency, same or next days)
        ex = rng.poisson(k.contact_only_extra_contacts, m)
        x_idx = np.repeat(np.arange(m), ex)
        x_day = np.minimum(oday[x_idx] + rng.choice([0, 1, 2], size=len(x_idx), p=[0.6, 0.3, 0.1]), self.extract)
        x_src = self._source_on(x_day, cdays, crates)
        con_child += [och[x_idx]]
        con_day += [x_day]
        con_src += [x_src]
        # some new children come back with another contact later
        again = new & (rng.random(m) < k.new_child_second_incident)
        a_day = oday[again] + _ri(rng, 30, 300, int(again.sum()))
        a_ok = a_day <= self.extract
        a_day = a_day[a_ok]
        con_child.append(och[again][a_ok])
        con_day.append(a_day)
        con_src.append(self._source_on(a_day, cdays, crates))
        cc = np.concatenate(con_child)
        cd = np.concatenate(con_day)
        cs = np.concatenate(con_src)
        keep = (cd >= self.win_start) & (cd <= self.extract)
        self.contacts = dict(child=cc[keep], day=cd[keep], src=cs[keep])
        self.contact_only_days = oday  # for early help

        self._oday, self._och = oday, och

    def _grow_attrs(self, n):
        rng = self.rng
        self.disabled = np.concatenate([self.disabled, _pick(rng, ["Y", "N", "U"], [0.04, 0.94, 0.02], n)])
        self.sex = np.concatenate([self.sex, _pick(rng, ["M", "F", "I"], [0.51, 0.4895, 0.0005], n)])
        self.eth = np.concatenate([self.eth, _pick(rng, C.ETHNICITY, C.ETHNICITY_P, n)])

    # ------------------------------------------------------------------ early help
    def _early_help(self):
        rng, ep = self.rng, self.ep
        rc9 = (ep["reason"] == "RC9") & (ep["closure"] < self.extract) & (rng.random(len(ep["ref"])) < 0.85)
        s1 = cal.roll_forward(ep["closure"][rc9] + _ri(rng, 0, 20, int(rc9.sum())))
        c1 = ep["child"][rc9]
        m = len(self._oday)
        eh = rng.random(m) < 0.075
        s2 = cal.roll_forward(self._oday[eh] + _ri(rng, 3, 30, int(eh.sum())))
        c2 = self._och[eh]
        start = np.concatenate([s1, s2])
        child = np.concatenate([c1, c2])
        n = len(start)
        dur = np.exp(rng.normal(np.log(70), 0.6, n)).astype(np.int64)
        end = cal.roll_forward(start + dur)
        end = np.where(rng.random(n) < 0.03, FAR, end)  # never completed
        org = _pick(rng, C.EH_ORGANISATIONS, C.EH_ORG_P, n)
        keep = (start >= self.win_start) & (start <= self.extract)
        self.eh = dict(child=child[keep], start=start[keep], end=end[keep], org=org[keep])

    # ------------------------------------------------------------------ case activity
    def _activity(self):
        rng, ep = self.rng, self.ep
        lo_day = self.win_start - 90
        acts = []  # (episode idx, type, day, seen_alone)
        ext_bd = int(cal.bd_index([self.extract])[0])

        def clip_start(start):
            return np.maximum(start, lo_day)

        dob = self.dob
        # CP visits, core groups
        p = np.nonzero(ep["plan"] & (ep["cp_start"] <= self.extract) & (ep["cp_end"] >= lo_day))[0]
        sbd = cal.bd_index(clip_start(ep["cp_start"][p]))
        ebd = np.minimum(cal.bd_index(np.minimum(ep["cp_end"][p], FAR - 5000)) - 1, ext_bd)
        g, bd, _ = grouped_series(rng, sbd, ebd, (3, 10), (4, 10), 0.14, (11, 20))
        acts.append((p[g], "CP_VISIT", cal.from_bd(bd)))
        g, bd, _ = grouped_series(rng, sbd, ebd, (3, 10), (20, 30), 0.15, (31, 45))
        acts.append((p[g], "CORE_GROUP", cal.from_bd(bd)))
        # RCPC: the review conferences
        rv = ep["reviews"][p]
        ok = (rv <= np.minimum(ep["cp_end"][p], self.extract)[:, None]) & (rv >= lo_day)
        rr, rc = np.nonzero(ok)
        acts.append((p[rr], "RCPC", rv[rr, rc]))
        # CIN plan periods (not while on a CP plan or looked after)
        cin = (ep["support"] == "Y")
        s = np.where(ep["plan"], ep["cp_end"], ep["auth"])
        e = np.where(ep["is_lac"], np.minimum(ep["closure"], ep["lac_start"]), ep["closure"])
        q = np.nonzero(cin & (s <= self.extract) & (e >= lo_day) & (e > s))[0]
        sbd = cal.bd_index(clip_start(s[q]))
        ebd = np.minimum(cal.bd_index(np.minimum(e[q], FAR - 5000)) - 1, ext_bd)
        g, bd, _ = grouped_series(rng, sbd, ebd, (5, 20), (10, 20), 0.25, (21, 45))
        acts.append((q[g], "CIN_VISIT", cal.from_bd(bd)))
        g, bd, _ = grouped_series(rng, sbd, ebd, (30, 65), (45, 65), 0.3, (66, 110))
        acts.append((q[g], "CIN_REVIEW", cal.from_bd(bd)))
        # strategy discussions: every S47, plus some that did not start one
        sd = np.nonzero(ep["s47"] & (ep["s47_start"] >= lo_day) & (ep["s47_start"] <= self.extract))[0]
        acts.append((sd, "STRATEGY_DISCUSSION", ep["s47_start"][sd]))
        extra = np.nonzero(ep["asmt"] & ~ep["s47"] & (rng.random(len(ep["ref"])) < 0.07)
                           & (ep["ref"] >= lo_day) & (ep["ref"] <= self.extract))[0]
        acts.append((extra, "STRATEGY_DISCUSSION", cal.add_wd(ep["ref"][extra], _ri(rng, 0, 3, len(extra)))))
        epi = np.concatenate([a[0] for a in acts])
        typ = np.concatenate([np.full(len(a[0]), a[1], dtype="<U19") for a in acts])
        dd = np.concatenate([a[2] for a in acts]).astype(np.int64)
        child = ep["child"][epi]
        age = (dd - dob[child]) / 365.25
        u = rng.random(len(dd))
        seen = np.where(age < 4, np.where(u < 0.95, "N", "U"),
                        np.where(u < 0.72, "Y", np.where(u < 0.95, "N", "U")))
        seen = np.where(np.isin(typ, ["CP_VISIT", "CIN_VISIT"]), seen, "")
        keep = dd <= self.extract
        self.act = dict(episode=epi[keep], type=typ[keep], day=dd[keep], seen=seen[keep])
