"""The open-edition leak check: nothing identifying and no small count may reach a published file.

Run on every open output (section HTML, index.html, the text of report.pdf) before a run is
moved into place. Two kinds of leak:

* ``identifier`` - any value from the identifying columns (``schema.LEAK_CHECK_COLUMNS``:
  child IDs, worker and team names, LADO / private fostering / young carer / court
  references) found in the text, matched as a whole token (not inside a longer word or number)
  in text *folded* as people type it (``fold``: format characters such as zero-width spaces and
  direction marks removed, NFKC, case folded, accents removed, apostrophe and hyphen look-alikes
  unified; a possessive "'s" trimmed), any run of white space matching any other. Worker names
  are also looked for written "Forename Surname" and by their distinctive parts alone
  (``identifier_sources``). Identifiers shorter than ``min_length`` (4) characters - names:
  3 letters - are skipped - "A", "N1" or "Red" would match ordinary words; purely numeric
  identifiers shorter than ``min_numeric_length`` (6) digits are skipped too, as they cannot be
  told apart from counts and years ("2018"). Words a council knows to be harmless (e.g. a
  worker recorded as "Kingsley" where a Kingsley Centre is named) can be passed in ``allow``.
* ``small_count`` - a whole number from 1 to ``threshold`` inside an HTML element carrying the
  class ``count`` (the table builders in :mod:`safeguarding.present.tables` give every count
  cell, and the numerator/denominator under a percentage, that class), or inside any ``<td>`` of
  a ``<table class="count-table">`` that is not marked ``pct``/``rate``/``mean``. Decimals are
  not counts and are ignored. Plain text (the PDF) cannot be told apart into cells, so it is
  checked for identifiers only; its tables are the HTML already checked.

PDF text: :func:`pdf_text` uses ``pypdf`` when installed, else the ``pdftotext`` program, else
a small built-in reader for the PDFs WeasyPrint writes (Flate-compressed content streams,
fonts with ``ToUnicode`` maps). If none can read the file it raises ``PdfTextUnavailable`` and
the caller should fall back to checking the HTML the PDF was built from.
"""
from __future__ import annotations

import html as _html
import re
import shutil
import subprocess
import unicodedata
import zlib
from bisect import bisect_right
from dataclasses import dataclass
from functools import lru_cache
from html.parser import HTMLParser
from pathlib import Path
from typing import Iterable, Mapping

import pandas as pd

from ..schema import LEAK_CHECK_COLUMNS


@dataclass(frozen=True)
class Leak:
    source: str  # which open file
    kind: str  # 'identifier' | 'small_count' | 'recoverable' (disclosure.audit)
    value: str  # the identifier or the number found
    context: str  # a few characters around it (identifiers), or the cell and relation (counts)
    origin: str = ""  # where an identifier comes from in the inputs: "table.column"

    @property
    def masked(self) -> str:
        """The value with all but its first two characters hidden (safe for logs/manifests);
        a recovered count is not shown at all."""
        v = self.value
        if self.kind == "small_count":
            return v
        if self.kind == "recoverable":
            return "*"
        return v[:2] + "*" * max(len(v) - 2, 1)

    def __str__(self) -> str:
        if self.kind == "recoverable":
            return f"{self.source}: a hidden count from 1 to the threshold: {self.context}"
        if self.kind == "small_count":
            return f"{self.source}: count from 1 to the threshold {self.value!r} found ({self.context[:60]})"
        origin = f" (from {self.origin} in the inputs)" if self.origin else ""
        return f"{self.source}: identifier {self.masked!r}{origin} found"


# --------------------------------------------------------------------------------------------
# HTML handling
# --------------------------------------------------------------------------------------------
_SKIP_TEXT = {"script", "style", "head", "title"}
_VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}
_NON_COUNT = {"pct", "rate", "mean", "bench"}


_NOT_DOUBLE_QUOTED = re.compile(r"""=\s*[^"\s]""")


class _Parser(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.text: list[str] = []
        self.counts: list[str] = []  # texts of count elements
        self._stack: list[tuple[str, bool, bool]] = []  # (tag, is_count_el, is_count_table)
        self._skip = 0
        self._count_buf: list[list[str]] = []
        # values of attributes written without double quotes (the leak check finds the others
        # in the markup itself): section fragments reach the page as their notebooks wrote them
        self.other_attrs: list[str] = []

    def _in_count_table(self) -> bool:
        for tag, _, ct in reversed(self._stack):
            if tag == "table":
                return ct
        return False

    def handle_starttag(self, tag, attrs):
        if _NOT_DOUBLE_QUOTED.search(self.get_starttag_text() or ""):
            self.other_attrs += [v for _, v in attrs if v and not v.startswith("data:")]
        classes = set((dict(attrs).get("class") or "").split())
        if tag in _SKIP_TEXT:
            self._skip += 1
        if tag in _VOID:
            if tag == "br":
                self.text.append(" ")
            return
        is_table = tag == "table" and bool({"count-table", "counts"} & classes)
        is_count = "count" in classes or (tag == "td" and self._in_count_table() and not (_NON_COUNT & classes))
        if tag == "td" and "suppressed" in classes:
            is_count = is_count  # symbol only; harmless
        self._stack.append((tag, is_count, is_table))
        if is_count:
            self._count_buf.append([])
        self.text.append(" ")

    def handle_endtag(self, tag):
        if tag in _SKIP_TEXT:
            self._skip = max(0, self._skip - 1)
        if tag in _VOID:
            return
        # pop to the matching tag (tolerates unclosed elements)
        for k in range(len(self._stack) - 1, -1, -1):
            if self._stack[k][0] == tag:
                for t, is_count, _ in reversed(self._stack[k:]):
                    if is_count and self._count_buf:
                        self.counts.append(" ".join(self._count_buf.pop()))
                del self._stack[k:]
                break
        self.text.append(" ")

    def handle_data(self, data):
        if self._skip:
            return
        self.text.append(data)
        for buf in self._count_buf:
            buf.append(data)

    def close(self):
        super().close()
        while self._count_buf:
            self.counts.append(" ".join(self._count_buf.pop()))


def _parsed(markup: str) -> _Parser:
    p = _Parser()
    p.feed(markup)
    p.close()
    return p


def _visible(p: _Parser) -> str:
    return re.sub(r"\s+", " ", "".join(p.text)).strip()


def html_text(markup: str) -> str:
    """Visible text of an HTML page (tags, scripts and styles removed, entities decoded)."""
    return _visible(_parsed(markup))


def html_count_texts(markup: str) -> list[str]:
    """Texts of every count element (see module docstring)."""
    return _parsed(markup).counts


def _looks_like_html(text: str) -> bool:
    return bool(re.search(r"<(html|body|table|div|p|span|td|h\d)\b", text, re.I))


_NUMBER = re.compile(r"(?<![\w.,])\d{1,3}(?:,\d{3})+(?:\.\d+)?(?![\w,])|(?<![\w.,])\d+(?:\.\d+)?(?![\w])")


def _small_numbers(text: str, threshold: int) -> list[str]:
    found = []
    for m in _NUMBER.finditer(text):
        tok = m.group(0)
        if "." in tok:
            continue
        v = int(tok.replace(",", ""))
        if 1 <= v <= threshold:
            found.append(tok)
    return found


# --------------------------------------------------------------------------------------------
# The check
# --------------------------------------------------------------------------------------------
# A worker's name of three letters ("Zoë", "Ali") is still a name: names are looked for from
# three letters (identifier_sources keeps only distinctive ones), other identifiers from four.
_NAME_MIN_LENGTH = 3


def _is_name(origin: str) -> bool:
    return origin.rsplit(".", 1)[-1] in NAME_COLUMNS


def _usable(identifier: str, min_length: int, min_numeric_length: int) -> bool:
    s = identifier.strip()
    if len(s) < min_length:
        return False
    if s.isdigit() and len(s) < min_numeric_length:
        return False
    return True


def _context(text: str, start: int, end: int, width: int = 30) -> str:
    return text[max(0, start - width):end + width].replace("\n", " ")


_EDGE = ".,;:!?\"'\u201c\u201d\u2018\u2019()[]{}<>"

# Text as people type it: apostrophes and quotes of every shape, hyphens and dashes, are one
# character each for matching ("O’Brien" is "O'Brien", "Ann‑Marie" is "Ann-Marie").
_LOOKALIKES = str.maketrans({
    **dict.fromkeys("\u2018\u2019\u201a\u201b\u2032\u02bc\u02b9\u00b4\u0060\uff07", "'"),
    **dict.fromkeys("\u201c\u201d\u201e\u201f\u2033\uff02", '"'),
    **dict.fromkeys("\u2010\u2011\u2012\u2013\u2014\u2015\u2212\ufe58\ufe63\uff0d", "-"),
})
_NON_ASCII = re.compile(r"[^\x00-\x7f]+")


@lru_cache(maxsize=None)
def _fold_char(ch: str) -> str:
    """One non-ASCII character as it is matched: format characters (category Cf: zero-width
    spaces and joiners, direction marks and isolates, the soft hyphen) removed; NFKC
    (full-width letters, ligatures, non-breaking spaces); case folded; accents removed, so
    "Zoë" and "Zoe" match whichever way the data and the text spell it; look-alikes unified."""
    if unicodedata.category(ch) == "Cf":
        return ""
    out = unicodedata.normalize("NFKC", ch.translate(_LOOKALIKES)).casefold()
    out = "".join(c for c in unicodedata.normalize("NFKD", out) if not unicodedata.combining(c))
    return unicodedata.normalize("NFC", out).translate(_LOOKALIKES)


class _Folded:
    """``text`` folded for matching (``_fold_char``; ASCII only lower-cased) and the way back
    from a position in the folded text to the original, so a finding shows what was written."""

    __slots__ = ("original", "text", "_f", "_o", "_one")

    def __init__(self, original: str):
        self.original = original
        if original.isascii():  # nearly every page: nothing to fold but case
            self.text, self._f = original.lower(), None
            return
        parts, f_at, o_at, one = [], [], [], []  # anchors: folded start, original start, a single char?
        pos = done = 0
        for m in _NON_ASCII.finditer(original):
            if m.start() > done:
                seg = original[done:m.start()].lower()
                f_at.append(pos), o_at.append(done), one.append(False), parts.append(seg)
                pos += len(seg)
            for i in range(m.start(), m.end()):
                out = _fold_char(original[i])
                f_at.append(pos), o_at.append(i), one.append(True), parts.append(out)
                pos += len(out)
            done = m.end()
        seg = original[done:].lower()
        f_at.append(pos), o_at.append(done), one.append(False), parts.append(seg)
        self.text, self._f, self._o, self._one = "".join(parts), f_at, o_at, one

    def _start(self, p: int) -> int:
        k = bisect_right(self._f, p) - 1
        return self._o[k] if self._one[k] else self._o[k] + p - self._f[k]

    def span(self, start: int, end: int) -> tuple[int, int]:
        """Original (start, end) of the folded text's [start, end)."""
        if self._f is None:
            return start, end
        return self._start(start), self._start(end - 1) + 1


def fold(text: str) -> str:
    """How the leak check compares text: see ``_fold_char``; white space runs are one space."""
    text = str(text)
    return " ".join((text.lower() if text.isascii() else _Folded(text).text).split())


def _trims(first: str, last: str):
    """(left, right) numbers of characters a run of words may be trimmed by, in the order tried:
    as written, punctuation off both ends, off one end, and a possessive "'s" off the last word
    ("Samir Costa's", "O'Brien's")."""
    lead = len(first) - len(first.lstrip(_EDGE))
    tail = len(last) - len(last.rstrip(_EDGE))
    yield 0, 0
    yield lead, tail
    yield 0, tail
    yield lead, 0
    bare = last[:len(last) - tail] if tail else last
    if bare.endswith("'s") and len(bare) > 2:
        yield lead, tail + 2
        yield 0, tail + 2


class _IdentifierMatcher:
    """Whole-token search for many identifiers at once, in folded text (``fold``: case, accents,
    look-alike quotes and format characters do not matter) - the keys are folded the same way.

    A set lookup per token (and per run of up to N words, for names such as "Sam Okafor" or
    "Assessment Team 2") instead of one huge regular expression: tens of thousands of child IDs
    are checked in a fraction of a second. Alphanumeric identifiers are also found inside
    punctuation ("ID:AB12," finds AB12), as a regular expression with word boundaries would.
    """

    _WORD = re.compile(r"[^\W_]+")

    def __init__(self, identifiers: Iterable[str], *, folded: bool = False):
        self.keys = set(identifiers) if folded else {fold(i) for i in identifiers}
        self.max_words = max(len(k.split(" ")) for k in self.keys)
        # A run of several words can only match a key starting with its first word (as it is,
        # or with leading punctuation stripped), and a single word only when it has punctuation
        # (an alphanumeric word and its parts were looked up above) and a key has some too: runs
        # that cannot match are skipped without building their candidates.
        self.first_words = {k.split(" ")[0] for k in self.keys if " " in k}
        self.single_words = any(" " not in k and not k.isalnum() for k in self.keys)

    def find(self, text: str):
        """(matched text, start, end) in ``text``, which is folded already (``_Folded.text``)."""
        for m in self._WORD.finditer(text):
            if m.group(0) in self.keys:
                yield m.group(0), m.start(), m.end()
        if self.max_words == 1 and not any(not k.isalnum() for k in self.keys):
            return
        words = [(m.group(0), m.start(), m.end()) for m in re.finditer(r"\S+", text)]
        for i in range(len(words)):
            word = words[i][0]
            single = self.single_words and not word.isalnum()
            several = word in self.first_words or word.lstrip(_EDGE) in self.first_words
            if not (single or several):
                continue
            for n in range(1 if single else 2, self.max_words + 1):
                if i + n > len(words) or (n > 1 and not several):
                    break
                first, last = words[i][0], words[i + n - 1][0]
                raw = " ".join(w[0] for w in words[i:i + n])
                for lead, trail in _trims(first, last):
                    candidate = raw[lead:len(raw) - trail]
                    if candidate and not candidate.isalnum() and candidate in self.keys:
                        start, end = words[i][1] + lead, words[i + n - 1][2] - trail
                        yield text[start:end], start, end
                        break


def _search_keys(identifiers, allow: frozenset, min_length: int, min_numeric_length: int):
    """(origins by folded key, matcher or None) for ``identifiers`` (values, or ``{value:
    origin}``): every identifier folded once, those too short to mean anything and the
    council's ``allow`` list left out."""
    allow_set = {fold(a) for a in allow}
    folded = {i: fold(i) for i in identifiers if i is not None}
    origins = {folded[k]: v for k, v in identifiers.items() if k is not None} \
        if isinstance(identifiers, Mapping) else {}
    keys = {key for i, key in folded.items()
            if key not in allow_set and _usable(str(i), _NAME_MIN_LENGTH if _is_name(origins.get(key, ""))
                                                else min_length, min_numeric_length)}
    return origins, (_IdentifierMatcher(keys, folded=True) if keys else None)


class IdentifierSources(dict):
    """``{identifier: "table.column"}`` (:func:`identifier_sources`) that keeps its folded search
    keys: a run checks its open files in several calls (pages, the PDF, the manifest), and folding
    some 60,000 identifiers each time cost more than the search. Any change drops the keys."""

    def search_keys(self, allow: frozenset, min_length: int, min_numeric_length: int):
        cache = self.__dict__.setdefault("_keys", {})
        settings = (allow, min_length, min_numeric_length)
        if settings not in cache:
            cache[settings] = _search_keys(self, *settings)
        return cache[settings]

    def _changed(self):
        self.__dict__.pop("_keys", None)

    def __setitem__(self, key, value):
        self._changed()
        super().__setitem__(key, value)

    def __delitem__(self, key):
        self._changed()
        super().__delitem__(key)

    def setdefault(self, key, default=None):
        self._changed()
        return super().setdefault(key, default)

    def update(self, *args, **kw):
        self._changed()
        super().update(*args, **kw)

    def pop(self, *args):
        self._changed()
        return super().pop(*args)

    def popitem(self):
        self._changed()
        return super().popitem()

    def clear(self):
        self._changed()
        super().clear()

    def __ior__(self, other):
        self._changed()
        return super().__ior__(other)


def find_leaks(
    texts: Mapping[str, str],
    identifiers: Iterable[str],
    threshold: int,
    *,
    min_length: int = 4,
    min_numeric_length: int = 6,
    allow: Iterable[str] = (),
) -> list[Leak]:
    """Leaks in ``texts`` (``{name: HTML or plain text}``). Empty list = safe to publish.

    ``identifiers``: the values to look for, or a mapping ``{value: where it comes from}`` (as
    :func:`identifier_sources` returns) so each finding can name its input table and column."""
    settings = (frozenset(allow), min_length, min_numeric_length)
    if isinstance(identifiers, IdentifierSources):  # folded once per run, not once per file set
        origins, matcher = identifiers.search_keys(*settings)
    else:
        origins, matcher = _search_keys(identifiers, *settings)
    leaks: list[Leak] = []
    for name, content in texts.items():
        content = content or ""
        is_html = _looks_like_html(content)
        parsed = _parsed(content) if is_html else None  # one parse for the text and the counts
        visible = _visible(parsed) if is_html else re.sub(r"\s+", " ", content)
        if matcher is not None:
            # also search attribute values (alt text, titles) in HTML
            haystacks = [visible]
            if is_html:
                attrs = " ".join(_html.unescape(v) for v in re.findall(r'=\s*"([^"]*)"', content)
                                 if not v.startswith("data:"))
                haystacks.append(" ".join([attrs, *parsed.other_attrs]) if parsed.other_attrs else attrs)
            seen = set()
            for hay in haystacks:
                folded = _Folded(hay)
                found = list(matcher.find(folded.text))
                # a part of a name inside the whole name found ("Okafor" in "Sam Okafor") is
                # the same leak: reported once, as the whole
                found = [f for f in found if not any(o[1] <= f[1] and f[2] <= o[2] and o[2] - o[1] > f[2] - f[1]
                                                     for o in found)] if len(found) > 1 else found
                for text, start, end in found:
                    key = " ".join(text.split())
                    if key in seen:
                        continue
                    seen.add(key)
                    start, end = folded.span(start, end)
                    leaks.append(Leak(name, "identifier", hay[start:end], _context(hay, start, end),
                                      origins.get(key, "")))
        if is_html:
            for cell in parsed.counts:
                for tok in _small_numbers(cell, threshold):
                    leaks.append(Leak(name, "small_count", tok, cell.strip()[:80]))
    return leaks


# Team names are not personal data (every council has a "MASH" or a "Front Door"): not checked.
PERSONAL_COLUMNS = [c for c in LEAK_CHECK_COLUMNS if c != "team"]
NAME_COLUMNS = {"worker"}


def identifiers_from_tables(tables: Mapping[str, pd.DataFrame], columns: Iterable[str] = LEAK_CHECK_COLUMNS) -> set[str]:
    """Every distinct value of the identifying columns in the tidy tables (as text)."""
    return set(identifier_sources(tables, columns))


def identifier_sources(tables: Mapping[str, pd.DataFrame], columns: Iterable[str] = PERSONAL_COLUMNS,
                       vocabulary: Iterable[str] | None = None) -> IdentifierSources:
    """``{identifier: "table.column"}`` for every value of the personal columns of the inputs.

    Worker names are looked for as whole names ("Sam Okafor", those words together, whatever the
    case, accents, apostrophes or a possessive "'s"; "Okafor, Sam" also as "Sam Okafor"), and
    each part of a name alone - forename or surname, "Okafor" - when it is distinctive: three
    letters or more, and not an ordinary word (``vocabulary``, default :func:`ordinary_words`:
    the report's own words, English words, months, code-list wordings, England's councils and
    regions, and the council's team and organisation names). A worker known as "Amber" or
    "Hope" would otherwise match every amber rating and every hopeful sentence; a name such as
    "Costa" or "Zoë" is looked for alone. Team names are not checked.
    """
    cols = list(columns)
    words = ordinary_words(tables) if vocabulary is None else {fold(w) for w in vocabulary}
    out: dict[str, str] = {}
    for name, df in tables.items():
        if df is None or not isinstance(df, pd.DataFrame) or df.empty:
            continue
        for col in cols:
            if col not in df.columns:
                continue
            origin = f"{name}.{col}"
            for v in df[col].dropna().unique():
                text = " ".join(str(v).split())
                if not text:
                    continue
                if col not in NAME_COLUMNS:
                    out.setdefault(text, origin)
                    continue
                if " " in text or fold(text) not in words:
                    out.setdefault(text, origin)
                for variant in _name_variants(text, words):
                    out.setdefault(variant, origin)
        if name == "improvement_actions" and "owner" in df.columns:
            # an owner that is a person's name, not a post, is a worker name (docs/improvement-plan.md §6)
            from ..inputs.privacy import person_names

            for v in df["owner"].dropna().unique():
                for person in person_names(v):
                    if " " in person or fold(person) not in words:
                        out.setdefault(person, f"{name}.owner")
                    for variant in _name_variants(person, words):
                        out.setdefault(variant, f"{name}.owner")
        if "child_ids" in df.columns:  # LADO: several child IDs in one cell
            for v in df["child_ids"].dropna():
                for p in re.split(r"[,;|\s]+", str(v)):
                    if p:
                        out.setdefault(p, f"{name}.child_ids")
    return IdentifierSources(out)


# Titles and honorifics written with names: never looked for alone.
_TITLES = {"mr", "mrs", "ms", "miss", "mx", "dr", "prof", "sir", "dame", "rev", "cllr"}


def _name_variants(name: str, ordinary: set[str]) -> list[str]:
    """Other ways people write a worker's name: "Surname, Forename" as "Forename Surname", and
    each distinctive part alone (hyphenated parts too: "Smith-Njoroge" gives "Njoroge")."""
    out = []
    if name.count(",") == 1:
        last, first = (p.strip() for p in name.split(","))
        if last and first:
            out.append(f"{first} {last}")
    parts = [p.strip(_EDGE) for p in re.split(r"[\s,]+", name)]
    for part in parts + [q for p in parts if "-" in p for q in p.split("-")]:
        key = fold(part)
        letters = key.replace("'", "").replace("-", "")
        if (len(letters) >= _NAME_MIN_LENGTH and letters.isalpha() and key not in _TITLES
                and key not in ordinary and letters not in ordinary and part != name):
            out.append(part)
    return out


# Words of the report's own markup, file names and manifest that are in no dictionary (class
# names, attribute values, file types, the packages the manifest lists): searched like the
# visible text, so a worker called "Nav" must not match class="nav". Taken from the open files
# of the demo report.
_REPORT_MARKUP_WORDS = (
    "num def lbl html frac spc kpi toc rowgroup rowhead xmr benchmarking utf viewport footer nav "
    "ssd paras ict csv params conf pfv ytd pdf xlsx comp fallback iscp prevregcpr revcp "
    "childminders careapplications moj fcsq lowdenom comparators comparator openpyxl numpy "
    "papermill nbconvert nbclient ipykernel matplotlib seaborn scipy weasyprint pyarrow pandas "
    "jinja markdown pypdf calamine holidays tqdm yaml json svg png aria tbody thead colspan").split()

# Text columns whose values the report may print as they are (organisation and team names,
# improvement-plan areas and measure names): their words are ordinary words of this council.
_ORDINARY_TEXT_COLUMNS = ("team", "eh_organisation", "area", "measure")


def ordinary_words(tables: Mapping[str, pd.DataFrame] | None = None) -> set[str]:
    """Words (folded) that a one-word worker name may equal without being looked for: the
    report's own words (:func:`report_vocabulary`), English words, the council's team and
    organisation names in ``tables``."""
    words = set(_shipped_ordinary_words())
    for df in (tables or {}).values():
        if not isinstance(df, pd.DataFrame) or df.empty:
            continue
        for col in _ORDINARY_TEXT_COLUMNS:
            if col in df.columns:
                for v in df[col].dropna().unique():
                    words.update(re.findall(r"[^\W_]+", fold(v)))
    return words


@lru_cache(maxsize=1)
def _shipped_ordinary_words() -> frozenset[str]:
    """The report's words (and its markup's), English words (``english_words.csv``, built by
    ``scripts/build_english_words.py`` from the SCOWL British English list), months and days,
    every code list's wordings, and the names of England's councils and regions (printed with
    the benchmarks)."""
    import calendar

    from ..benchmarks.shipped import load_shipped_population
    from ..inputs.codes import all_code_lists, load_code_list

    words = {fold(w) for w in report_vocabulary()} | set(_REPORT_MARKUP_WORDS)
    path = Path(__file__).parent.parent / "present" / "english_words.csv"  # beside the other word lists
    lines = [w for w in path.read_text(encoding="utf-8").splitlines() if w and not w.startswith("#")]
    words.update(lines[1:])  # after the header
    words.update(fold(w) for w in [*calendar.month_name[1:], *calendar.month_abbr[1:], *calendar.day_name,
                                   *calendar.day_abbr, "Sept"])
    for name in all_code_lists():
        cl = load_code_list(name)
        words.update(w for k in cl.lookup for w in k.split())
        words.update(fold(c) for c in cl.codes)
    for place in load_shipped_population()["geography_name"].dropna().unique():
        words.update(re.findall(r"[^\W_]+", fold(place)))
    return frozenset(words)


def report_vocabulary() -> set[str]:
    """Words the report itself prints: ratings, directions of travel, indicator titles and
    definitions and sections. A one-word name equal to one of them cannot be told apart from
    the report's own text."""
    from ..indicators.compute import load_definitions
    from ..indicators.registry import REGISTRY

    load_definitions()
    text = ["Red Amber Green Grey Improving Worsening No change Up Down Low numbers Under review Target",
            *(f"{i.title} {i.definition} {i.numerator} {i.denominator} {i.section}" for i in REGISTRY.values())]
    return {w.lower() for t in text for w in re.findall(r"[A-Za-z]+", t)}


def open_file_texts(folder: str | Path, exclude: Iterable[str] = ()) -> dict[str, str]:
    """Text of every open file under ``folder`` (``restricted/``, hidden files and ``exclude``
    left out), by path relative to it: HTML and JSON/CSV/TXT/MD as text, PDF through
    :func:`pdf_text`, XLSX as the text of every cell. Images are skipped (charts are drawn from
    suppressed data)."""
    folder = Path(folder)
    exclude = set(exclude)
    texts: dict[str, str] = {}
    for p in sorted(folder.rglob("*")):
        rel = p.relative_to(folder)
        if not p.is_file() or rel.parts[0] == "restricted" or any(part.startswith(".") for part in rel.parts) \
                or str(rel) in exclude:
            continue
        text = _file_text(p)
        if text is not None:
            texts[str(rel)] = text
    return texts


def _file_text(p: Path) -> str | None:
    suffix = p.suffix.lower()
    if suffix == ".pdf":
        return pdf_text(p)
    if suffix == ".xlsx":
        return _xlsx_text(p)
    if suffix in (".html", ".htm", ".json", ".csv", ".txt", ".md", ".svg"):
        return p.read_text(encoding="utf-8", errors="replace")
    return None


def _cell_text(value) -> str:
    # calamine gives every number as a float: a whole number is written as it was typed
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def _xlsx_text(path: Path) -> str:
    """Every cell's text, the sheet names and the document properties (title, author, subject,
    keywords, description: a name could be typed there too). Read with calamine, the project's
    workbook reader, which takes a tenth of openpyxl's time."""
    import zipfile
    from xml.etree import ElementTree

    from python_calamine import CalamineWorkbook

    lines = []
    with zipfile.ZipFile(path) as z:
        if "docProps/core.xml" in z.namelist():
            root = ElementTree.fromstring(z.read("docProps/core.xml"))
            lines += [(el.text or "").strip() for el in root.iter() if (el.text or "").strip()]
    wb = CalamineWorkbook.from_path(str(path))
    for name in wb.sheet_names:
        lines.append(name)
        for row in wb.get_sheet_by_name(name).to_python(skip_empty_area=False):
            lines.append("\t".join(_cell_text(v) for v in row))
    wb.close()
    return "\n".join(lines)


def check_open_folder(folder: str | Path, tables: Mapping[str, pd.DataFrame], threshold: int, *,
                      symbol: str = "c", allow: Iterable[str] = (),
                      identifiers: Mapping[str, str] | None = None, exclude: Iterable[str] = (),
                      audit: bool = True) -> list[Leak]:
    """Everything the open edition must pass before it is published: identifiers in every open
    file (HTML, PDF text, CSV, XLSX, JSON - the manifest too), small counts in HTML count cells,
    and the recovery audit (:func:`safeguarding.disclosure.audit.audit_open_outputs`).
    ``identifiers``: :func:`identifier_sources` of ``tables`` when the caller has them already.
    ``exclude``: files other than HTML (paths relative to ``folder``) the caller checks itself
    with :func:`check_open_files` (the PDF while it is still being printed). ``audit=False``:
    the caller runs the recovery audit itself (with the publication ledger,
    :mod:`.publication`)."""
    from .audit import audit_open_outputs

    if any(str(name).lower().endswith((".html", ".htm")) for name in exclude):
        raise ValueError("HTML pages cannot be left out: check_open_files checks identifiers only")
    texts = open_file_texts(folder, exclude)
    html = {k: v for k, v in texts.items() if k.endswith((".html", ".htm"))}
    plain = {k: v for k, v in texts.items() if k not in html}
    ids = identifier_sources(tables) if identifiers is None else identifiers
    leaks = find_leaks(html, ids, threshold, allow=allow)
    leaks += _plain_leaks(plain, ids, threshold, allow)
    return leaks + (audit_open_outputs(folder, threshold, symbol) if audit else [])


def check_open_files(folder: str | Path, names: Iterable[str], identifiers: Mapping[str, str], threshold: int, *,
                     allow: Iterable[str] = ()) -> list[Leak]:
    """The check of :func:`check_open_folder` for open files other than HTML that it was told
    to leave out (``names``, relative to ``folder``): identifiers in their text."""
    folder = Path(folder)
    texts = {name: _file_text(folder / name) for name in names}
    return _plain_leaks({k: v for k, v in texts.items() if v is not None}, identifiers, threshold, allow)


def _plain_leaks(texts: Mapping[str, str], identifiers, threshold: int, allow: Iterable[str]) -> list[Leak]:
    # plain files: identifiers only (their counts are the audit's)
    return [x for x in find_leaks(texts, identifiers, threshold, allow=allow) if x.kind == "identifier"]


def check_files(paths: Iterable[str | Path], identifiers: Iterable[str], threshold: int, **kw) -> list[Leak]:
    """:func:`find_leaks` over files: ``.html`` read as HTML, ``.pdf`` through :func:`pdf_text`."""
    texts = {}
    for p in map(Path, paths):
        if p.suffix.lower() == ".pdf":
            texts[p.name] = pdf_text(p)
        else:
            texts[p.name] = p.read_text(encoding="utf-8", errors="replace")
    return find_leaks(texts, identifiers, threshold, **kw)


# --------------------------------------------------------------------------------------------
# PDF text
# --------------------------------------------------------------------------------------------
class PdfTextUnavailable(RuntimeError):
    """No way to read text from this PDF here; check the HTML it was built from instead."""


def pdf_text(path: str | Path) -> str:
    """Text of a PDF: ``pdftotext`` if installed (20 times faster than pypdf on a 50-page
    report), else pypdf, else the built-in reader."""
    path = Path(path)
    exe = shutil.which("pdftotext")
    if exe:
        res = subprocess.run([exe, "-layout", str(path), "-"], capture_output=True, text=True, check=False)
        if res.returncode == 0:
            return res.stdout
    try:
        import pypdf  # type: ignore

        reader = pypdf.PdfReader(str(path))
        return "\n".join((page.extract_text() or "") for page in reader.pages)
    except ImportError:
        pass
    return _builtin_pdf_text(path.read_bytes())


_OBJ = re.compile(rb"(\d+)\s+(\d+)\s+obj\b(.*?)\bendobj", re.S)


def _stream(body: bytes) -> bytes | None:
    m = re.search(rb"stream\r?\n", body)
    if not m:
        return None
    end = body.rfind(b"endstream")
    data = body[m.end():end]
    head = body[:m.start()]
    if b"/FlateDecode" in head:
        try:
            return zlib.decompress(data.rstrip(b"\r\n"))
        except zlib.error:
            try:
                return zlib.decompressobj().decompress(data)
            except zlib.error:
                return None
    if b"/Filter" in head:
        return None
    return data


def _parse_cmap(data: bytes) -> dict[int, str]:
    cmap: dict[int, str] = {}

    def uni(hexstr: bytes) -> str:
        h = hexstr.decode()
        try:
            return bytes.fromhex(h).decode("utf-16-be", errors="replace")
        except ValueError:
            return ""

    for block in re.findall(rb"beginbfchar(.*?)endbfchar", data, re.S):
        for src, dst in re.findall(rb"<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]*)>", block):
            cmap[int(src, 16)] = uni(dst)
    for block in re.findall(rb"beginbfrange(.*?)endbfrange", data, re.S):
        for a, b, rest in re.findall(rb"<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>\s*(<[0-9A-Fa-f]*>|\[[^\]]*\])", block):
            lo, hi = int(a, 16), int(b, 16)
            if rest.startswith(b"["):
                for k, d in enumerate(re.findall(rb"<([0-9A-Fa-f]*)>", rest)):
                    cmap[lo + k] = uni(d)
            else:
                start = int(rest[1:-1] or b"0", 16)
                width = max(len(rest) - 2, 4)
                for k in range(hi - lo + 1):
                    cmap[lo + k] = uni(format(start + k, f"0{width}x").encode())
    return cmap


def _builtin_pdf_text(raw: bytes) -> str:
    objs = {int(m.group(1)): m.group(3) for m in _OBJ.finditer(raw)}
    if not objs:
        raise PdfTextUnavailable("not a readable PDF (no objects found; compressed object streams?)")
    # fonts: resource name -> ToUnicode map, collected from every resource dictionary
    font_maps: dict[bytes, dict[int, str]] = {}
    cmaps: dict[int, dict[int, str]] = {}

    def cmap_of(font_obj: int) -> dict[int, str]:
        if font_obj in cmaps:
            return cmaps[font_obj]
        body = objs.get(font_obj, b"")
        m = re.search(rb"/ToUnicode\s+(\d+)\s+0\s+R", body)
        res = {}
        if m:
            data = _stream(objs.get(int(m.group(1)), b""))
            if data:
                res = _parse_cmap(data)
        cmaps[font_obj] = res
        return res

    for body in objs.values():
        for fdict in re.findall(rb"/Font\s*<<(.*?)>>", body, re.S):
            for name, num in re.findall(rb"/([^\s/<>\[\]()]+)\s+(\d+)\s+0\s+R", fdict):
                font_maps.setdefault(name, cmap_of(int(num)))
        m = re.search(rb"/Font\s+(\d+)\s+0\s+R", body)
        if m:
            fbody = objs.get(int(m.group(1)), b"")
            for name, num in re.findall(rb"/([^\s/<>\[\]()]+)\s+(\d+)\s+0\s+R", fbody):
                font_maps.setdefault(name, cmap_of(int(num)))
    pages = []
    for body in objs.values():
        if b"/ToUnicode" in body or b"/Length1" in body or b"/Subtype /Image" in body or b"/Subtype/Image" in body:
            continue
        data = _stream(body)
        if not data or b"BT" not in data:
            continue
        pages.append(_content_text(data, font_maps))
    if not pages:
        raise PdfTextUnavailable("no text content streams could be read")
    return "\n".join(pages)


_TOKEN = re.compile(rb"/([^\s/<>\[\]()]+)\s+[-\d.]+\s+Tf|<([0-9A-Fa-f\s]*)>|\((?:\\.|[^\\)])*\)|(Tj|TJ|'|\"|T\*|Td|TD|Tm|ET)\b|(-?\d+(?:\.\d+)?)")


def _content_text(data: bytes, font_maps: dict[bytes, dict[int, str]]) -> str:
    out: list[str] = []
    cmap: dict[int, str] = {}
    for m in _TOKEN.finditer(data):
        font, hexs, op, num = m.group(1), m.group(2), m.group(3), m.group(4)
        tok = m.group(0)
        if font is not None:
            cmap = font_maps.get(font, {})
        elif hexs is not None:
            h = re.sub(rb"\s", b"", hexs)
            if cmap:
                width = 4 if len(h) % 4 == 0 and max(cmap, default=0) > 255 else 2
                out.append("".join(cmap.get(int(h[i:i + width], 16), "") for i in range(0, len(h), width)))
            else:
                out.append(bytes.fromhex(h.decode()).decode("latin-1", errors="replace"))
        elif tok.startswith(b"("):
            s = tok[1:-1]
            s = re.sub(rb"\\([nrtbf()\\])", lambda x: {b"n": b"\n", b"r": b"\r", b"t": b"\t", b"b": b"",
                                                        b"f": b"", b"(": b"(", b")": b")", b"\\": b"\\"}[x.group(1)], s)
            if cmap:
                out.append("".join(cmap.get(c, "") for c in s))
            else:
                out.append(s.decode("latin-1", errors="replace"))
        elif num is not None:
            # large negative kerning inside TJ means a space
            try:
                if float(num) < -200:
                    out.append(" ")
            except ValueError:
                pass
        elif op in (b"T*", b"Td", b"TD", b"Tm", b"'", b'"', b"ET"):
            out.append("\n" if op in (b"T*", b"'", b'"', b"ET") else " ")
    return re.sub(r"[ \t]+", " ", "".join(out))
