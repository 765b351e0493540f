"""What a sentence of commentary claims, recognised from its words alone (no figures here).

Commentary Markdown is cut into sentences (each with its file line) and each sentence into
clauses; in each sentence this module finds

* **mentions** of indicators: the phrases in ``commentary_aliases.csv`` (regular expressions,
  case-insensitive) and each indicator's own title, the longest phrase winning where two overlap;
* **claims**, each one of:

  - ``number``: a percentage, a rate per 10,000, a count, a duration (days, weeks) or another
    decimal, with the words that qualify it ("about", "over", "nearly" ...);
  - ``quantifier``: "most", "almost all", "a minority", "half", "a quarter" ... as a range of
    percentages and, for the reassuring ones, a rating the figure may not have
    (docs/conventions.md §10 has the scale and its reasons);
  - ``target``: above / below / meeting / short of / close to the target;
  - ``benchmark``: above / below / in line with / better / worse than / twice England, the
    statistical neighbours or the region;
  - ``travel``: rose / fell / stable / improving / worsening, against the previous period or the
    same period last year;
  - ``no_data``: "cannot yet be reported", "no data", "not available" (for every month).

Precision comes first: a claim that is negated ("not above"), normative or in the future
("should", "will", "need to"), or tied to a month or season is not taken as a claim about the
period's figure, and words used in other senses ("the first half", "a few", "too few", "every
month", "at most") are left alone. :mod:`report.commentary_check` pairs claims with mentions and
compares them with the published figures.
"""
from __future__ import annotations

import csv
import re
from dataclasses import dataclass, field, replace
from functools import lru_cache
from importlib import resources

from ..indicators.registry import REGISTRY

# ---- words ---------------------------------------------------------------------------------------
MONTHS = ("january|february|march|april|may|june|july|august|september|october|november|december|"
          "jan|feb|mar|apr|jun|jul|aug|sep|sept|oct|nov|dec")
_MONTH_WORD = re.compile(rf"\b(?:{MONTHS})\b", re.I)
# "May" is a month and a modal verb: only as a month next to a day or year
_MAY = re.compile(r"\bmay\b", re.I)
_TIME_QUALIFIER = re.compile(
    r"\b(?:spring|summer|autumn|winter|christmas|throughout|each month|every month|month[- ]on[- ]month|"
    r"in (?:the )?(?:first|second|third|fourth|last|final|early|later) (?:quarter|half|months?|weeks?|part)|"
    r"over the (?:past|last) (?:\w+ )?(?:years|months|quarters)|in (?:some|most|one|two|three|several) months|"
    r"in (?:recent|previous|earlier) (?:months|years|quarters)|since (?:the start|\d{4}))\b", re.I)
_LAST_YEAR = re.compile(
    r"\b(?:than (?:last year|a year (?:ago|earlier|before))|on last year|from last year|since last year|"
    r"year[- ]on[- ]year|(?:the )?same period (?:last|a) year|compared (?:with|to) (?:last year|a year ago)|"
    r"this time last year|(?:12|twelve) months (?:ago|earlier)|a year ago)\b", re.I)
_OTHER_YEAR = re.compile(r"\b(?:last year|a year ago|in 20\d\d|20\d\d[-/]\d\d)\b", re.I)
_MODAL = re.compile(
    r"\b(?:should|must|needs? to|needed to|will|would|could|might|aims?|aiming|intends?|plans? to|"
    r"expects?|expected to|ambition|wants? to|hopes?|ensure|ensuring|to be|if|unless)\b", re.I)
_NEGATION = re.compile(r"\b(?:not|never|no longer|nor|neither|hardly|cannot)\b|n't\b", re.I)
_SOFT = re.compile(r"\b(?:slightly|marginally|a little|small|slight|modest|modestly)\s*(?:\w+\s+)?$", re.I)
_SOFT_AFTER = re.compile(r"^\s*(?:slightly|marginally|a little)\b", re.I)
_TARGET_WORD = re.compile(r"\btargets?\b", re.I)

# ---- numbers -------------------------------------------------------------------------------------
_NUMBER = re.compile(r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?")
_DURATION = re.compile(r"^-?\s*(?:working\s+)?(?:days?|weeks?|months?|years?|hours?)\b", re.I)
_AGE = re.compile(r"^-?\s*(?:years?[- ]olds?|years?\s+old)\b", re.I)
_NOT_A_FIGURE_BEFORE = re.compile(
    r"\b(?:section|s|regulation|regulations|reg|article|paragraph|para|page|pages|item|schedule|chapter|part|"
    r"annex|list|table|figure|appendix|stage|step|level|tier|phase|version|priority|recommendation|action|"
    r"week|day|month|year|aged|age|ages|under|top|no|number|quarter|q|ks|key stage|rule|code|line|"
    r"per)\s*$", re.I)
_MODIFIERS = [  # (words before a number, modifier): longest first
    (r"just over|just above|just more than", "just_over"), (r"just under|just below|just short of", "just_under"),
    (r"more than|over|above|in excess of|exceeding|upwards of", "over"),
    (r"fewer than|less than|under|below", "under"), (r"at least|no fewer than|no less than", "at_least"),
    (r"nearly|almost|close to|approaching", "nearly"),
    (r"about|around|approximately|approx\.?|roughly|some|circa|c\.|an average of|on average", "about"),
]
_MODIFIER = re.compile(r"\b(" + "|".join(w for w, _ in _MODIFIERS) + r")\s*$", re.I)
CASE_NOUNS = re.compile(
    r"^(?:\w+\s+){0,2}?(?:children|child|young people|young person|families|family|carers?|cases?|referrals?|"
    r"allegations?|plans?|visits?|assessments?|enquiries|enquiry|conferences?|arrangements?|notifications?|"
    r"applications?|proceedings|contacts?|people|adults?|pupils?|babies|baby|siblings?)\b", re.I)

# ---- quantifiers ---------------------------------------------------------------------------------
# (pattern, low, high, rating rule): the share holds when low <= p <= high (None: open); the rule
# names ratings the figure may not have (waived when the sentence speaks of the target itself).
QUANTIFIERS = [
    (r"not (?:all|every|always)", None, 99.95, ""),
    (r"(?:almost|nearly|virtually) (?:all|every|always)", 90.0, None, "amber red"),
    (r"the (?:vast|great|large|overwhelming) majority", 75.0, None, "red"),
    (r"(?:more than|over|just over) half|most|the majority", 50.05, None, "red"),
    (r"(?:less than|under|fewer than|just under) half|a minority", None, 49.95, ""),
    (r"(?:very few|hardly any|almost none|almost no)", None, 9.95, ""),
    (r"(?:few|a small minority|a small number|a small proportion)", None, 19.95, ""),
    (r"(?:about|around|roughly|approximately|some) half|half", 45.0, 55.0, ""),
    (r"(?:nearly|almost) half", 45.0, 50.0, ""),
    (r"none of|no child|no children|no young people|no families", None, 0.05, ""),
    (r"all|every|always", 99.95, None, ""),
]
FRACTIONS = {"a quarter": 25.0, "one quarter": 25.0, "one in four": 25.0, "a third": 100 / 3, "one third": 100 / 3,
             "one in three": 100 / 3, "two thirds": 200 / 3, "two in three": 200 / 3, "three quarters": 75.0,
             "three in four": 75.0, "a fifth": 20.0, "one fifth": 20.0, "one in five": 20.0, "a tenth": 10.0,
             "one in ten": 10.0}
_FRACTION = re.compile(r"\b(?:(just over|just under|more than|over|less than|under|fewer than|nearly|almost|about|"
                       r"around|roughly|approximately|some|close to)\s+)?(" + "|".join(FRACTIONS) + r")\b", re.I)
_QUANTIFIER = re.compile(r"\b(?:" + "|".join(f"(?P<q{i}>{p})" for i, (p, *_rest) in enumerate(QUANTIFIERS)) + r")\b",
                         re.I)
_NOT_A_QUANTIFIER_AFTER = re.compile(
    r"^\s*(?:months?|weeks?|quarters?|years?|days?|times?|-year|year|term|recent|likely|common|important|"
    r"significant|serious|frequent|vulnerable|complex|effective|of (?:all|us|them|the year|the period|the time)|"
    r"the time|our|partners|agencies|staff)\b", re.I)
_NOT_A_QUANTIFIER_BEFORE = re.compile(r"\b(?:the|at|what|which|a|too|so|first|second|last|at all|in|per|each|"
                                      r"this|that|every|one and a)\s*$", re.I)

# ---- targets, benchmarks, travel, missing data -------------------------------------------------------
_TARGET = re.compile(
    r"\b(?P<rel>just (?:above|over|below|under|short of)|close to|near|around|above|over|exceed(?:s|ed|ing)?|"
    r"better than|ahead of|higher than|below|under|lower than|short of|behind|miss(?:ed|es|ing)?|off|"
    r"worse than|failed to meet|fails to meet|did not meet|does not meet|not meeting|not met|met|meets|meeting|"
    r"achieved|achieves|achieving|reached|reaches|hit|hits|on|within)\s+"
    r"(?:(?:the|its|our|their|a|local|national|agreed|council's)\s+)*"
    r"(?:\d+(?:\.\d+)?(?:\s*%|-week|-day|\s+(?:working\s+)?(?:weeks?|days?))?\s+)?"
    r"(?:(?:local|national|agreed)\s+)?targets?\b", re.I)
_TARGET_RELATION = {"above": "above", "over": "above", "exceed": "above", "higher than": "above",
                    "below": "below", "under": "below", "lower than": "below",
                    "better than": "meets", "ahead of": "meets", "met": "meets", "meets": "meets", "meeting": "meets",
                    "achiev": "meets", "reach": "meets", "hit": "meets", "on": "meets", "within": "meets",
                    "short of": "misses", "behind": "misses", "miss": "misses", "off": "misses",
                    "worse than": "misses", "fail": "misses", "did not meet": "misses", "does not meet": "misses",
                    "not meeting": "misses", "not met": "misses",
                    "close to": "close", "near": "close", "around": "close",
                    "just above": "close above", "just over": "close above", "just below": "close below",
                    "just under": "close below", "just short of": "close below"}

_COMPARATORS = {
    "england": r"(?:england(?:'s|’s)?|the national|national|nationally|the average (?:for|in|across) england|"
               r"the (?:rate|figure|level|proportion) (?:for|in|across) england)"
               r"(?:\s+(?:average|rate|figure|level|value|mean|picture))?",
    "sn": r"(?:(?:our|the|its)\s+)?(?:statistical\s+)?neighbours?(?:'|’)?(?:\s+(?:average|rate|mean|median|figure))?|"
          r"(?:similar|comparator|comparable)\s+(?:councils|authorities|local authorities)",
    "region": r"(?:the\s+)?(?:region(?:'s|’s)?|regional)(?:\s+(?:average|rate|figure|mean))?",
}
_RELATIONS = [
    ("ratio", r"(?:(?:nearly|almost|more than|over|about|around|roughly|just over|just under)\s+)?"
              r"(?:twice|double|three times|treble|triple)"),
    ("similar", r"(?:broadly\s+)?(?:in line with|similar to|close to|comparable (?:to|with)|the same as|consistent with|"
                r"on a par with|level with|in keeping with|matches|matching|near)"),
    ("higher", r"above|higher than|more than|greater than|exceeds?|exceeding|over|in excess of"),
    ("lower", r"below|lower than|less than|fewer than|under"),
    ("better", r"better than|compares well (?:with|to)|outperforms?|outperforming"),
    ("worse", r"worse than|compares poorly (?:with|to)|behind"),
]
_BENCHMARK = re.compile(
    r"\b(?P<rel>" + "|".join(f"(?P<r_{name}>{p})" for name, p in _RELATIONS) + r")\s+"
    r"(?:(?:that|those)\s+(?:of|for|in)\s+|the\s+)?"
    r"(?P<comp>" + "|".join(f"(?P<c_{name}>{p})" for name, p in _COMPARATORS.items()) + r")\b", re.I)
_RATIOS = {"twice": 2.0, "double": 2.0, "three times": 3.0, "treble": 3.0, "triple": 3.0}
_RATIO_MODIFIER = {"nearly": (0.8, 1.0), "almost": (0.8, 1.0), "just under": (0.9, 1.0), "more than": (1.0, None),
                   "over": (1.0, None), "just over": (1.0, 1.1), "about": (0.9, 1.1), "around": (0.9, 1.1),
                   "roughly": (0.9, 1.1), "": (0.9, 1.1)}

_TRAVEL = [
    ("up", r"rose|risen|rises|rising|increased|increases|increasing|went up|gone up|grew|grown|growing|climbed|"
           r"climbing|higher than (?:last year|a year ago|the previous (?:period|quarter|six months))|"
           r"(?:an?|the)\s+(?:\w+\s+)?(?:increase|rise)\s+in"),
    ("down", r"fell|fallen|falls|falling|decreased|decreases|decreasing|declined|declines|declining|dropped|"
             r"dropping|reduced|reducing|went down|gone down|dipped|dipping|"
             r"lower than (?:last year|a year ago|the previous (?:period|quarter|six months))|(?:an?|the)\s+(?:\w+\s+)?(?:decrease|fall|reduction|"
             r"drop|decline|dip)\s+in"),
    ("flat", r"stable|steady|unchanged|no (?:meaningful |significant |real )?change|held steady|"
             r"(?:broadly |about |much )?the same as (?:last year|a year ago|the previous (?:period|quarter|six months))"),
    ("improving", r"improved|improving|improves|(?:an?|the)\s+(?:\w+\s+)?improvement\s+in|better than (?:last year|a year ago|"
                  r"the previous (?:period|quarter|six months))"),
    ("worsening", r"worsened|worsening|worsens|deteriorated|deteriorating|deteriorates|(?:a|the)\s+(?:\w+\s+)?deterioration\s+in|"
                  r"worse than (?:last year|a year ago|the previous (?:period|quarter|six months))"),
]
_TRAVEL_RE = re.compile(r"\b(?:" + "|".join(f"(?P<{name}>{p})" for name, p in _TRAVEL) + r")\b", re.I)
# an -ing form is a claim only as a verb: "are falling", "has been rising", "continues improving";
# not "work on reducing drift", "Reducing the time ...", "needs improving", "with improving practice"
_ING_AS_VERB = re.compile(r"\b(?:is|are|was|were|be|been|being|keeps?|kept|continues?|continued|remains?|remained|"
                          r"still)\s+(?:\w+\s+)?$", re.I)
_GERUND_AFTER = re.compile(r"\b(?:on|at|for|to|in|by|towards|about|into|of|from|with)\s*$", re.I)

_NO_DATA = re.compile(
    r"\b(?:cannot (?:yet |currently |now )?be (?:reported|measured|calculated|shown|produced|counted)|"
    r"can ?not (?:yet )?report|can(?:'|’)t (?:yet )?be reported|unable to report|not able to report|"
    r"(?:is|are) not (?:yet |currently )?(?:available|reported|recorded|measurable|reportable)|"
    r"not yet (?:available|reported|reportable|possible to report)|no data|"
    r"(?:data|figures?) (?:is |are )?(?:not yet |not |un)available)\b", re.I)
_EVERY_MONTH = re.compile(r"\b(?:for |in )?(?:every|each|all)\s+(?:the\s+)?months?\b", re.I)

_CLAUSE_BREAK = re.compile(r";|:|\s[-–—]\s|,?\s+but\s+|\s+while\s+|\s+whereas\s+|,?\s+although\s+|,?\s+though\s+|"
                           r",\s+and\s+|,\s+with\s+", re.I)
_SENTENCE_END = re.compile(r"(?<=[.!?])[\"”’)]?\s+(?=[A-Z0-9\"“‘(])")
_ABBREVIATIONS = re.compile(r"\b(?:e\.g|i\.e|etc|no|approx|c|vs|cf|incl|para|reg)\.$", re.I)


# ---- what is found -------------------------------------------------------------------------------
@dataclass(frozen=True)
class Mention:
    start: int
    end: int
    ids: tuple[str, ...]  # the indicators the phrase may name
    share: tuple[str, ...] = ()  # those whose percentage the phrase describes (a quantifier may speak of it)


@dataclass(frozen=True)
class Claim:
    kind: str  # number | quantifier | target | benchmark | travel | no_data
    start: int
    end: int
    text: str
    relation: str = ""  # quantifier: its words; target: above/below/meets/misses/close...;
    # benchmark: higher/lower/similar/better/worse/ratio; travel: up/down/flat/improving/worsening
    comparator: str = ""  # benchmark: england/sn/region; travel: previous/last_year
    unit: str = ""  # number: percent/rate/count/duration/decimal
    value: float | None = None  # number: as written
    decimals: int = 0  # number: decimal places written
    modifier: str = ""  # number: exact/about/over/under/nearly/at_least/just_over/just_under
    low: float | None = None  # quantifier or ratio: the range that makes it true
    high: float | None = None
    rating_rule: str = ""  # quantifier: ratings the figure may not have ("amber red", "red")
    soft: bool = False  # travel: "slightly", "a little" - no meaningful change also agrees
    every_month: bool = False  # no_data: "for every month"
    small_case_count: bool = False  # number: a count followed by a word for children or cases


@dataclass
class Sentence:
    file: str
    line: int
    text: str
    clauses: list[tuple[int, int]] = field(default_factory=list)
    mentions: list[Mention] = field(default_factory=list)
    claims: list[Claim] = field(default_factory=list)

    def clause_of(self, pos: int) -> tuple[int, int]:
        for start, end in self.clauses:
            if start <= pos < end:
                return start, end
        return 0, len(self.text)


# ---- aliases ------------------------------------------------------------------------------------
@lru_cache(maxsize=1)
def _alias_rows() -> tuple[tuple[str, str, bool], ...]:
    """(indicator, phrase, whether the phrase describes the indicator's percentage)."""
    text = (resources.files("safeguarding.report") / "commentary_aliases.csv").read_text(encoding="utf-8")
    rows = [r for r in csv.DictReader(line for line in text.splitlines() if not line.startswith("#"))]
    return tuple((r["indicator_id"].strip(), r["phrase"].strip(), (r.get("share") or "").strip() == "y")
                 for r in rows if r.get("phrase"))


def _title_phrase(title: str) -> str:
    """An indicator's title as a phrase people write: no "% ", "No. of ", "Rate of " and no brackets."""
    t = re.sub(r"\([^)]*\)", " ", title)
    t = re.sub(r"^\s*(?:%\s*(?:of\s+)?|no\.\s+of\s+|number of\s+|rate of\s+)", "", t, flags=re.I)
    return " ".join(t.split())


_GAP = r"\s+(?:\([^)]*\)\s+)?"


def _spaces(phrase: str) -> str:
    """A space of a phrase (outside ``[...]``) matches any run of white space, or an aside in
    brackets: "allegations (58%) were concluded within a month"."""
    out, in_class, escaped = [], False, False
    for ch in phrase:
        if escaped:
            out.append(ch)
            escaped = False
            continue
        if ch == "\\":
            escaped = True
        elif ch == "[":
            in_class = True
        elif ch == "]":
            in_class = False
        out.append(_GAP if ch == " " and not in_class else ch)
    return "".join(out)


@lru_cache(maxsize=64)
def alias_patterns(ids: tuple[str, ...]) -> tuple[tuple[re.Pattern, tuple[str, ...], tuple[str, ...]], ...]:
    """One compiled pattern per phrase, with the indicators (of ``ids``) it names and those whose
    percentage it describes (a percentage indicator's own title describes it)."""
    wanted = set(ids)
    phrases: dict[str, list[tuple[str, bool]]] = {}
    for ind_id, phrase, share in _alias_rows():
        if ind_id in wanted:
            phrases.setdefault(phrase, []).append((ind_id, share))
    for ind_id in ids:
        if ind_id in REGISTRY:
            title = _title_phrase(REGISTRY[ind_id].title)
            if len(title) > 6:
                # a title says what its percentage counts when it says more than a noun
                # ("MASH decisions made within timescale"; not "re-referrals")
                share = REGISTRY[ind_id].unit == "percent" and len(title.split()) >= 3
                phrases.setdefault(re.escape(title), []).append((ind_id, share))
    out = []
    for phrase, names in phrases.items():
        pattern = re.compile(rf"(?<![\w-])(?:{_spaces(phrase)})(?![\w-])", re.I)
        out.append((pattern, tuple(dict.fromkeys(i for i, _ in names)),
                    tuple(dict.fromkeys(i for i, share in names if share))))
    return tuple(out)


def find_mentions(text: str, ids: tuple[str, ...]) -> list[Mention]:
    """Indicator phrases in ``text``; where two overlap the longer wins (the same span naming
    several indicators is one mention of all of them)."""
    found: dict[tuple[int, int], tuple[list[str], list[str]]] = {}
    for pattern, names, shares in alias_patterns(ids):
        for m in pattern.finditer(text):
            if m.end() > m.start():
                entry = found.setdefault((m.start(), m.end()), ([], []))
                entry[0].extend(names)
                entry[1].extend(shares)
    kept: list[Mention] = []
    for (start, end), (names, shares) in sorted(found.items(), key=lambda kv: (-(kv[0][1] - kv[0][0]), kv[0][0])):
        if all(end <= k.start or start >= k.end for k in kept):
            kept.append(Mention(start, end, tuple(dict.fromkeys(names)), tuple(dict.fromkeys(shares))))
    return sorted(kept, key=lambda m: m.start)


# ---- claims --------------------------------------------------------------------------------------
def _before(text: str, pos: int, chars: int = 40) -> str:
    return text[max(0, pos - chars):pos]


def _negated(text: str, start: int) -> bool:
    words = re.findall(r"[\w'’]+", _before(text, start, 30))[-3:]
    return bool(_NEGATION.search(" ".join(words)))


def _numbers(text: str) -> list[Claim]:
    out = []
    for m in _NUMBER.finditer(text):
        s, e, raw = m.start(), m.end(), m.group()
        prev = text[s - 1] if s else " "
        after, before = text[e:], text[:s]
        if prev.isalpha() or prev in "£$€." or re.match(r"[A-Za-z]", after[:1] or " "):
            continue  # S47, v1.2, 9am, 1st, 10k
        if re.search(r"\d\s*[-–/]\s*$", before) or re.match(r"\s*[-–/]\s*\d", after):
            continue  # a range or a year such as 2018-19, 0-17, 3/6
        if re.match(r"\s+in\s+\d", after) or re.search(r"\d\s+in\s+$", before):
            continue  # "1 in 5"
        value = float(raw.replace(",", ""))
        decimals = len(raw.split(".")[1]) if "." in raw else 0
        rest = after.lstrip()
        if rest.startswith("%"):
            unit, end = "percent", e + after.index("%") + 1
        elif re.match(r"per\s+10,?000\b", rest, re.I):
            unit, end = "rate", e
        elif _AGE.match(rest):
            continue
        elif _DURATION.match(rest):
            unit, end = "duration", e
        elif (re.fullmatch(r"(?:19|20)\d\d", raw) or _MONTH_WORD.match(rest[:10]) or re.search(rf"\b(?:{MONTHS})\s*$", before, re.I)):
            continue  # a year or a date
        elif _NOT_A_FIGURE_BEFORE.search(before):
            continue  # section 47, regulation 8, week 26, per 10,000
        else:
            unit, end = ("decimal" if decimals else "count"), e
        modifier = _MODIFIER.search(before)
        mod = "exact"
        if modifier:
            word = modifier.group(1).lower()
            mod = next(code for words, code in _MODIFIERS if re.fullmatch(words, word))
        start = modifier.start() if modifier else s
        out.append(Claim("number", start, end, text[start:end], unit=unit, value=value, decimals=decimals,
                         modifier=mod, small_case_count=unit == "count" and bool(CASE_NOUNS.match(rest))))
    return out


def _quantifiers(text: str) -> list[Claim]:
    out = []
    for m in _QUANTIFIER.finditer(text):
        index = int(next(k for k, v in m.groupdict().items() if v is not None)[1:])
        _, low, high, rule = QUANTIFIERS[index]
        words = m.group().lower()
        if _NOT_A_QUANTIFIER_AFTER.match(text[m.end():]):
            continue  # every month, the first half of the year, most recent, all of us
        if not words.startswith(("not ", "almost", "nearly", "virtually", "the ", "more", "over", "just", "less",
                                 "under", "fewer", "very", "hardly", "about", "around", "roughly",
                                 "approximately", "some", "none", "no ")) \
                and _NOT_A_QUANTIFIER_BEFORE.search(_before(text, m.start(), 20)):
            continue  # the most, at most, a few, too few, the first half, at all
        out.append(Claim("quantifier", m.start(), m.end(), m.group(), relation=words, low=low, high=high,
                         rating_rule=rule))
    for m in _FRACTION.finditer(text):
        if re.match(r"\s*(?:time|plan|year|quarter|of the year|of the period)\b", text[m.end():], re.I) or (
                not m.group(1) and re.search(r"\b(?:in|per|each|this|last|next|every|that|the|for)\s*$",
                                             _before(text, m.start(), 12), re.I)):
            continue  # a third time, in a quarter, each quarter
        share, mod = FRACTIONS[m.group(2).lower()], (m.group(1) or "").lower()
        low, high = {"just over": (share, share + 5), "more than": (share, None), "over": (share, None),
                     "less than": (None, share), "under": (None, share), "fewer than": (None, share),
                     "just under": (share - 5, share), "nearly": (share - 5, share),
                     "almost": (share - 5, share)}.get(mod, (share - 5, share + 5))
        out.append(Claim("quantifier", m.start(), m.end(), m.group(), relation=m.group().lower(), low=low, high=high))
    return out


def _targets(text: str) -> list[Claim]:
    out = []
    for m in _TARGET.finditer(text):
        rel = m.group("rel").lower()
        relation = next((v for k, v in sorted(_TARGET_RELATION.items(), key=lambda kv: -len(kv[0]))
                         if rel.startswith(k)), None)
        if relation is None or (not rel.startswith(("not ", "did not", "does not")) and _negated(text, m.start())):
            continue
        out.append(Claim("target", m.start(), m.end(), m.group(), relation=relation))
    return out


def _benchmarks(text: str) -> list[Claim]:
    out = []
    for m in _BENCHMARK.finditer(text):
        if _negated(text, m.start()):
            continue
        relation = next(name for name, _ in _RELATIONS if m.group(f"r_{name}"))
        comparator = next(name for name in _COMPARATORS if m.group(f"c_{name}"))
        low = high = None
        if relation == "ratio":
            words = m.group("r_ratio").lower()
            times = next(v for k, v in _RATIOS.items() if k in words)
            mod = next((k for k in sorted(_RATIO_MODIFIER, key=len, reverse=True) if k and words.startswith(k)), "")
            lo, hi = _RATIO_MODIFIER[mod]
            low, high = times * lo, (times * hi if hi is not None else None)
        out.append(Claim("benchmark", m.start(), m.end(), m.group(), relation=relation, comparator=comparator,
                         low=low, high=high))
    return out


def _travel(text: str) -> list[Claim]:
    out = []
    for m in _TRAVEL_RE.finditer(text):
        relation = next(name for name, _ in _TRAVEL if m.group(name))
        word = m.group().lower()
        before = _before(text, m.start(), 30)
        if word.endswith("ing") and (not _ING_AS_VERB.search(before) or _GERUND_AFTER.search(before)):
            continue  # work on reducing drift
        if _negated(text, m.start()):
            continue
        comparator = "last_year" if _LAST_YEAR.search(text) else "previous"
        out.append(Claim("travel", m.start(), m.end(), m.group(), relation=relation, comparator=comparator,
                         soft=bool(_SOFT.search(_before(text, m.start(), 25)) or _SOFT_AFTER.match(text[m.end():]))))
    return out


def _no_data(text: str) -> list[Claim]:
    return [Claim("no_data", m.start(), m.end(), m.group(),
                  every_month=bool(_EVERY_MONTH.search(text[m.end():m.end() + 40])))
            for m in _NO_DATA.finditer(text)]


def _time_qualified(clause: str) -> bool:
    """A claim tied to a month, a season or part of the period is not about the period's figure."""
    months = [m for m in _MONTH_WORD.finditer(clause) if m.group().lower() != "may"]
    may_as_month = any(re.search(r"\d\s*$|\b(?:in|since|until|by|during)\s*$", clause[:m.start()], re.I)
                       for m in _MAY.finditer(clause))
    return bool(months or may_as_month or _TIME_QUALIFIER.search(clause))


def _clauses(text: str) -> list[tuple[int, int]]:
    cuts = [0] + [p for m in _CLAUSE_BREAK.finditer(text) for p in (m.start(), m.end())] + [len(text)]
    return [(cuts[i], cuts[i + 1]) for i in range(0, len(cuts) - 1, 2) if cuts[i + 1] > cuts[i]]


def analyse(sentence: Sentence, ids: tuple[str, ...]) -> Sentence:
    """Fill ``sentence`` with its clauses, mentions and claims (see the module docstring)."""
    text = sentence.text
    sentence.clauses = _clauses(text)
    sentence.mentions = find_mentions(text, ids)
    claims: list[Claim] = []
    for start, end in sentence.clauses:
        clause = text[start:end]
        modal, timed = bool(_MODAL.search(clause)), _time_qualified(clause)
        other_year = bool(_OTHER_YEAR.search(clause)) and not _LAST_YEAR.search(clause)
        found = _no_data(clause) + _targets(clause) + _benchmarks(clause) + _travel(clause) + _quantifiers(clause)
        for c in found:
            if modal or (timed and c.kind != "no_data") or (other_year and c.kind in ("quantifier", "target")):
                continue
            claims.append(replace(c, start=c.start + start, end=c.end + start))
        claims += [replace(c, start=c.start + start, end=c.end + start) for c in _numbers(clause)]
    # where two claims overlap the longer is the claim ("cannot be reported for every month" is
    # not also "every"); numbers stand beside words ("nearly twice ... 22.7 per 10,000")
    words = sorted([c for c in claims if c.kind != "number"], key=lambda c: -(c.end - c.start))
    kept: list[Claim] = []
    for c in words:
        if all(c.end <= k.start or c.start >= k.end for k in kept):
            kept.append(c)
    numbers = [c for c in claims if c.kind == "number"
               and not any(k.start <= c.start < k.end and k.kind == "quantifier" for k in kept)]
    sentence.claims = sorted(kept + numbers, key=lambda c: c.start)
    return sentence


# ---- sentences of a commentary file -----------------------------------------------------------
def _plain(text: str) -> str:
    text = re.sub(r"\*\*|__|`", "", text)
    text = re.sub(r"(?<![\w*])\*(?!\s)(.+?)(?<!\s)\*(?![\w*])", r"\1", text)
    text = re.sub(r"(?<!\w)_(?!\s)(.+?)(?<!\s)_(?!\w)", r"\1", text)
    text = text.replace("\u00a0", " ").replace("\u2019", "'").replace("\u2018", "'")
    text = re.sub(r"\bper\s*cent\b|\bpercent\b", "%", text, flags=re.I)
    text = re.sub(r"(\d)\s+%", r"\1%", text)
    return " ".join(text.split())


def sentences(markdown: str, file: str = "") -> list[Sentence]:
    """The sentences of a commentary file, each with its line number; headings and the notes for
    the writer (``<!-- ... -->``) are left out, as the report leaves the notes out."""
    # blank out the notes but keep their line breaks, so line numbers stay the file's
    text = re.sub(r"<!--.*?(?:-->|\Z)", lambda m: re.sub(r"[^\n]", " ", m.group()), markdown, flags=re.S)
    blocks: list[tuple[int, str]] = []  # (first line, text) of each paragraph or list item
    current: list[str] = []
    first_line = 0

    def flush():
        if current:
            blocks.append((first_line, " ".join(current)))
            current.clear()

    for number, raw in enumerate(text.splitlines(), start=1):
        line = raw.strip()
        item = re.match(r"^(?:[-*+]|\d+[.)])\s+(.*)$", line)
        if not line or line.startswith("#"):
            flush()
            continue
        if item:
            flush()
            first_line, line = number, item.group(1)
        elif not current:
            first_line = number
        current.append(line)
    flush()
    out = []
    for line, block in blocks:
        plain = _plain(block)
        pieces, start = [], 0
        for m in _SENTENCE_END.finditer(plain):
            if _ABBREVIATIONS.search(plain[start:m.start()].rstrip()[-8:]):
                continue
            pieces.append(plain[start:m.start()].strip())
            start = m.end()
        pieces.append(plain[start:].strip())
        out += [Sentence(file, line, p) for p in pieces if p]
    return out
