"""Vectorised cell parsers: dates, yes/no/unknown, whole numbers, decimals, text, missing tokens.

Every parser takes a Series of raw cells (``object`` dtype as read from Excel or CSV) and
returns ``(parsed, bad)``: the parsed Series (tidy dtype) and a boolean Series, True where the
cell held something that could not be read. A bad cell is returned as missing; the caller logs
one finding per bad cell (file, sheet, Excel row, column, raw value). Blank cells are never bad.

Parsing works on the *unique* raw values of a column (``pd.factorize``) and maps the result
back, so a 100,000-row column with a few thousand distinct dates costs a few thousand parses.
"""
from __future__ import annotations

import datetime as _dt
import re

import numpy as np
import pandas as pd

# Cells treated as missing. ``#N/A`` (and the other spreadsheet error values) are missing too
# but also counted as a finding of their own (see ``clean_missing``).
MISSING_TOKENS = {"", "-", "--", "—", "–", "n/a", "na", "null", "nan", "nat"}
ERROR_TOKENS = {"#n/a", "#value!", "#ref!", "#div/0!", "#name?", "#null!", "#num!", "#n/a n/a"}

# Excel serial numbers accepted as dates: 1 Jan 1990 .. 31 Dec 2040 (serial 32874 .. 51501).
EXCEL_EPOCH = pd.Timestamp("1899-12-30")
SERIAL_MIN = (pd.Timestamp("1990-01-01") - EXCEL_EPOCH).days
SERIAL_MAX = (pd.Timestamp("2040-12-31") - EXCEL_EPOCH).days
# Any parsed date (cell or text) outside this window is reported as implausible.
DATE_MIN, DATE_MAX = pd.Timestamp("1900-01-01"), pd.Timestamp("2099-12-31")
# Two-digit years follow Excel's rule: 00-29 -> 2000-2029, 30-99 -> 1930-1999.
TWO_DIGIT_PIVOT = 30

_TIME = r"(?:[ T]+\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:\s*[ap]m)?(?:Z|[+-]\d{2}:?\d{2})?)?"
_DMY = re.compile(r"^(\d{1,2})[/.\-](\d{1,2})[/.\-](\d{4}|\d{2})" + _TIME + r"$", re.I)
_YMD = re.compile(r"^(\d{4})[/.\-](\d{1,2})[/.\-](\d{1,2})" + _TIME + r"$", re.I)
_YMD_COMPACT = re.compile(r"^(\d{4})(\d{2})(\d{2})$")
_DMONY = re.compile(r"^(\d{1,2})[\s/.\-]+([a-z]{3,9})[\s/.\-,]+(\d{4}|\d{2})" + _TIME + r"$", re.I)
_SERIAL_TEXT = re.compile(r"^\d{5}(?:\.\d+)?$")
_MONTHS = {m: i for i, m in enumerate(
    ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"], 1)}
_MONTHS.update({"sept": 9, "january": 1, "february": 2, "march": 3, "april": 4, "june": 6,
                "july": 7, "august": 8, "september": 9, "october": 10, "november": 11,
                "december": 12})


# ------------------------------------------------------------------------------------------
def _factorize(values: pd.Series) -> tuple[np.ndarray, list]:
    codes, uniques = pd.factorize(pd.Series(values, dtype=object), use_na_sentinel=True)
    return codes, list(uniques)


def _remap(codes: np.ndarray, parsed_uniques: list, fill) -> np.ndarray:
    arr = np.empty(len(parsed_uniques) + 1, dtype=object)
    arr[:-1] = parsed_uniques
    arr[-1] = fill
    return arr[codes]  # code -1 -> last element (fill)


class Distinct:
    """The distinct raw values of one column, factorized once. ``parse_columns`` hands the same
    object to every reader of a column (missing tokens, the parser, the month-first check, the
    code map), so a column is hashed and its values cleaned once rather than once per reader.
    Every parser accepts a ``Distinct`` wherever it accepts a Series of raw cells."""

    __slots__ = ("index", "codes", "uniques", "_cleaned", "_error_tokens")

    def __init__(self, values):
        values = pd.Series(values, dtype=object)
        self.index = values.index
        self.codes, self.uniques = _factorize(values)
        self._cleaned = self._error_tokens = None

    @property
    def cleaned(self) -> list:
        """Each distinct raw value stripped, or None for a missing token (blank, ``-``, ``#N/A`` ...)."""
        if self._cleaned is None:
            self._clean()
        return self._cleaned

    @property
    def error_tokens(self) -> list:
        """True for each distinct raw value that is a spreadsheet error such as ``#N/A``."""
        if self._error_tokens is None:
            self._clean()
        return self._error_tokens

    def _clean(self) -> None:
        # one pass over the distinct values for both lists: a text cell is stripped and folded once
        cleaned, errors = [], []
        for u in self.uniques:
            if isinstance(u, str):
                t = u.strip()
                low = t.lower()
                error = low in ERROR_TOKENS
                cleaned.append(None if (error or low in MISSING_TOKENS) else t)
                errors.append(error)
            else:
                cleaned.append(None if _is_missing_scalar(u) else u)
                errors.append(False)
        self._cleaned, self._error_tokens = cleaned, errors


def distinct(values) -> Distinct:
    return values if isinstance(values, Distinct) else Distinct(values)


def _is_missing_scalar(v) -> bool:
    if v is None or v is pd.NA or v is pd.NaT:
        return True
    if isinstance(v, float) and np.isnan(v):
        return True
    if isinstance(v, str):
        s = v.strip().lower()
        return s in MISSING_TOKENS or s in ERROR_TOKENS
    return False


def _map_unique(values, fn, fills, *, raw: bool = False):
    """Apply ``fn`` (cleaned scalar -> tuple) to each distinct raw value once; return one
    array per tuple element, aligned with ``values`` (missing cells get ``fills``).
    ``values`` is a Series of raw cells or a ``Distinct`` of them."""
    d = distinct(values)
    results = [fn(u) for u in (d.uniques if raw else d.cleaned)]
    out = []
    for k, fill in enumerate(fills):
        out.append(_remap(d.codes, [r[k] for r in results], fill))
    return d.index, out


# The typed results are built on the distinct values and then spread to the rows with one take:
# converting a few thousand values is much cheaper than converting every row.
def _spread(d: Distinct, per_unique, fill, dtype) -> np.ndarray:
    arr = np.empty(len(d.uniques) + 1, dtype=dtype)
    arr[:-1] = per_unique
    arr[-1] = fill
    return arr[d.codes]  # code -1 (missing cell) -> last element (fill)


def _mask(d: Distinct, per_unique) -> pd.Series:
    return pd.Series(_spread(d, per_unique, False, bool), index=d.index)


def _string_series(d: Distinct, per_unique) -> pd.Series:
    """str-or-None per distinct value -> pandas ``string`` Series (missing cells <NA>)."""
    arr = np.empty(len(per_unique) + 1, dtype=object)
    arr[:-1] = per_unique
    arr[-1] = None
    strings = pd.array(arr, dtype="string")
    # a missing cell points at the trailing None: a plain take, without pandas' fill for -1
    rows = d.codes.copy()
    rows[rows < 0] = len(per_unique)
    return pd.Series(strings.take(rows), index=d.index)


def clean_missing(values: pd.Series) -> tuple[pd.Series, pd.Series]:
    """Strip text and turn blank tokens into ``None``.

    Returns ``(cleaned, error_token)``: ``cleaned`` is an object Series with strings stripped
    (and curly quotes left alone) and every missing token (blank, whitespace, ``-``, ``#N/A``,
    other spreadsheet errors) replaced by ``None``; ``error_token`` is True where the cell held a
    spreadsheet error such as ``#N/A`` (counted as a finding of its own).
    """
    d = distinct(values)
    cleaned = _remap(d.codes, d.cleaned, None)
    error = _mask(d, d.error_tokens)
    return pd.Series(cleaned, index=d.index, dtype=object), error


# ------------------------------------------------------------------------------------------
# Dates
def _two_digit(y: int) -> int:
    return 2000 + y if y < TWO_DIGIT_PIVOT else 1900 + y


def _ymd(y: int, m: int, d: int):
    try:
        ts = pd.Timestamp(year=y, month=m, day=d)
    except (ValueError, OverflowError):
        return None
    return ts


def _parse_date_scalar(v):
    """One raw value -> Timestamp, or None when unreadable. Missing values never get here."""
    if isinstance(v, bool):
        return None
    if isinstance(v, (pd.Timestamp, _dt.datetime)):
        ts = pd.Timestamp(v)
        if ts.tzinfo is not None:
            ts = ts.tz_localize(None)
        return ts.normalize()
    if isinstance(v, _dt.date):
        return pd.Timestamp(v.year, v.month, v.day)
    if isinstance(v, (int, float, np.integer, np.floating)):
        f = float(v)
        if not np.isfinite(f) or f < SERIAL_MIN or f >= SERIAL_MAX + 1:
            return None
        return EXCEL_EPOCH + pd.Timedelta(days=int(np.floor(f)))
    if isinstance(v, str):
        s = v.strip()
        m = _DMY.match(s)
        if m:
            d, mo, y = int(m.group(1)), int(m.group(2)), m.group(3)
            year = int(y) if len(y) == 4 else _two_digit(int(y))
            return _ymd(year, mo, d)
        m = _YMD.match(s)
        if m:
            return _ymd(int(m.group(1)), int(m.group(2)), int(m.group(3)))
        m = _DMONY.match(s)
        if m:
            mon = _MONTHS.get(m.group(2).lower())
            if mon is None:
                return None
            y = m.group(3)
            year = int(y) if len(y) == 4 else _two_digit(int(y))
            return _ymd(year, mon, int(m.group(1)))
        if _SERIAL_TEXT.match(s):
            return _parse_date_scalar(float(s))
        m = _YMD_COMPACT.match(s)
        if m:
            return _ymd(int(m.group(1)), int(m.group(2)), int(m.group(3)))
        return None
    return None


def parse_dates(values: pd.Series) -> tuple[pd.Series, pd.Series]:
    """Raw cells -> ``datetime64[ns]`` Series (time parts dropped) and a bad-cell mask.

    Accepted: Excel date cells (``datetime``/``date``), Excel serial numbers 32874-51501
    (1990-2040), ``dd/mm/yyyy`` and ``d/m/yy`` text (also with ``-`` or ``.``), ISO
    ``yyyy-mm-dd``, ``yyyymmdd``, ``3 Apr 2025``, any of these followed by a time. Text is
    always read day first; month-first text such as ``04/25/2025`` is bad (see
    ``month_first_mask`` for the column-level check). Dates outside 1900-2099 are bad.
    """
    d = distinct(values)
    days = np.full(len(d.uniques) + 1, np.datetime64("NaT"), dtype="datetime64[D]")
    bad = np.zeros(len(d.uniques) + 1, dtype=bool)
    # Excel date cells (naive datetime / date objects, most of a workbook's dates) are converted
    # in one numpy call; everything else goes through _parse_date_scalar one distinct value at a time.
    cells, cells_at = [], []
    for i, v in enumerate(d.cleaned):
        if v is None:
            continue
        kind = type(v)
        if kind is _dt.date or (kind is _dt.datetime and v.tzinfo is None):
            cells.append(v)
            cells_at.append(i)
            continue
        ts = _parse_date_scalar(v)
        if ts is None or not (DATE_MIN <= ts <= DATE_MAX):
            bad[i] = True
        else:
            days[i] = np.datetime64(ts.date(), "D")
    if cells:
        got = np.array(cells, dtype="datetime64[us]").astype("datetime64[D]")  # floors: time dropped
        ok = (got >= np.datetime64(DATE_MIN.date(), "D")) & (got <= np.datetime64(DATE_MAX.date(), "D"))
        at = np.asarray(cells_at)
        days[at[ok]] = got[ok]
        bad[at[~ok]] = True
    parsed = pd.Series(days[d.codes].astype("datetime64[ns]"), index=d.index)
    return parsed, pd.Series(bad[d.codes], index=d.index)


def month_first_mask(values: pd.Series) -> pd.Series:
    """True for text dates ``a/b/yyyy`` whose *second* component exceeds 12 (only possible when
    the column was written month first, e.g. ``04/25/2025``). One such value means the whole
    column is suspect: the reader reports it once per column."""
    def one(v):
        if not isinstance(v, str):
            return (False,)
        m = _DMY.match(v)
        return (bool(m) and int(m.group(2)) > 12 and int(m.group(1)) <= 12,)

    d = distinct(values)
    return _mask(d, [one(v)[0] for v in d.cleaned])


# ------------------------------------------------------------------------------------------
# Yes / no / unknown
_PREFIX = re.compile(r"^\s*(?:[a-z]{1,2}\d?\)|[a-z]\.(?=\s))\s*", re.I)
_YN_HEAD_TAIL = re.compile(r"^(.+?)\s*(?:\s-+\s|[:)=]|\s-+|-+\s)\s*(.+)$")
YN_MAP = {
    "y": "Y", "yes": "Y", "true": "Y", "t": "Y", "1": "Y",
    "n": "N", "no": "N", "false": "N", "f": "N", "0": "N",
    "u": "U", "unknown": "U", "not known": "U", "dk": "U", "don't know": "U", "unk": "U",
    "not recorded": "U", "not stated": "U",
}
# Wordings whose yes/no meaning depends on the column: each is read only in the columns where it
# is unambiguous ("Seen" says the child was seen, not whether alone; "NONE" is the CIN census
# disability code for no disability; "NFA" answers "Referral NFA?" with yes). Anything else in
# these columns is reported, never guessed.
_SEEN = {"seen": "Y", "child seen": "Y", "child seen alone": "Y", "seen alone": "Y",
         "not seen": "N", "child not seen": "N", "seen with parent/carer": "Y",
         "seen with others": "Y", "child seen with others": "Y"}
_SEEN_ALONE = {"seen alone": "Y", "child seen alone": "Y", "not seen alone": "N",
               "child not seen alone": "N", "not seen": "N", "child not seen": "N",
               "seen with others": "N", "child seen with others": "N",
               "seen with parent/carer": "N"}
_CIN_DISABILITY_CODES = ("mob", "hand", "pc", "inc", "comm", "ld", "hear", "vis", "beh", "con",
                         "aut", "dda")
_DISABILITY = {"none": "N", "no disability": "N", "not disabled": "N", "no disabilities": "N",
               "disabled": "Y", "has a disability": "Y", "refused": "U",
               "information refused": "U", **{c: "Y" for c in _CIN_DISABILITY_CODES}}
_NFA = {"nfa": "Y", "no further action": "Y", "nfa - no further action": "Y",
        "further action": "N", "further action required": "N"}
YN_BY_COLUMN = {"child_seen": _SEEN, "seen_alone": _SEEN_ALONE,
                "initial_visit_seen_alone": _SEEN_ALONE, "disability": _DISABILITY,
                "referral_nfa": _NFA}


def _yn_text(s: str, extra: dict) -> str | None:
    """One folded text -> Y/N/U; ``1 - Yes`` and ``0: No`` are read when both sides agree."""
    for k in (s, s.rstrip(".")):
        if k in extra:
            return extra[k]
        if k in YN_MAP:
            return YN_MAP[k]
    if s in {"1.0", "0.0"}:
        return YN_MAP[s[0]]
    m = _YN_HEAD_TAIL.match(s)
    if m:
        head, tail = (_yn_text(g.strip(), extra) for g in m.groups())
        if head is not None and head == tail:
            return head
    return None


def _yn_scalar(v, extra: dict | None = None):
    if isinstance(v, bool) or isinstance(v, np.bool_):
        return "Y" if v else "N"
    if isinstance(v, (int, float, np.integer, np.floating)):
        f = float(v)
        return {1.0: "Y", 0.0: "N"}.get(f)
    if isinstance(v, str):
        s = " ".join(v.strip().lower().replace("’", "'").replace("–", "-").split())
        got = _yn_text(s, extra or {})
        if got is None:
            key = _PREFIX.sub("", s).strip()
            got = _yn_text(key, extra or {}) if key != s else None
        return got
    return None


def parse_yn(values: pd.Series, column: str | None = None) -> tuple[pd.Series, pd.Series]:
    """Raw cells -> pandas string Series of ``Y``/``N``/``U``/<NA> and a bad-cell mask.

    Accepts ``a) Yes``, ``a. Yes``, ``b) No``, ``c) Unknown``, ``1 - Yes``, ``0 - No``,
    Yes/No/Y/N/U, true/false, 1/0, any case; and, for the tidy ``column`` named, the wordings
    of ``YN_BY_COLUMN`` (``Seen``, ``NONE``, ``NFA`` ...)."""
    extra = YN_BY_COLUMN.get(column, {})

    def one(v):
        if v is None:
            return None, False
        o = _yn_scalar(v, extra)
        return o, o is None

    d = distinct(values)
    results = [one(v) for v in d.cleaned]
    return _string_series(d, [r[0] for r in results]), _mask(d, [r[1] for r in results])


# ------------------------------------------------------------------------------------------
# Numbers
def _number_scalar(v):
    if isinstance(v, bool) or isinstance(v, np.bool_):
        return None
    if isinstance(v, (int, float, np.integer, np.floating)):
        f = float(v)
        return f if np.isfinite(f) else None
    if isinstance(v, str):
        s = v.strip().replace(",", "")
        try:
            f = float(s)
        except ValueError:
            return None
        return f if np.isfinite(f) else None
    return None


def parse_ints(values: pd.Series, *, allow_negative: bool = False) -> tuple[pd.Series, pd.Series]:
    """Raw cells -> ``Int64`` Series and a bad-cell mask (text, fractions such as 2.5, and
    negatives are bad; whole-valued floats such as ``2.0`` are fine)."""
    def one(v):
        if v is None:
            return None, False
        f = _number_scalar(v)
        ok = f is not None and float(f).is_integer() and (allow_negative or f >= 0) and abs(f) < 2**53
        return (int(f), False) if ok else (None, True)

    d = distinct(values)
    results = [one(v) for v in d.cleaned]
    ints = pd.array([r[0] for r in results] + [None], dtype="Int64")
    return pd.Series(ints.take(d.codes), index=d.index), _mask(d, [r[1] for r in results])


def parse_floats(values: pd.Series, *, allow_negative: bool = False) -> tuple[pd.Series, pd.Series]:
    """Raw cells -> ``float64`` Series (NaN missing) and a bad-cell mask (text, negatives)."""
    def one(v):
        if v is None:
            return np.nan, False
        f = _number_scalar(v)
        ok = f is not None and (allow_negative or f >= 0)
        return (f, False) if ok else (np.nan, True)

    d = distinct(values)
    results = [one(v) for v in d.cleaned]
    out = pd.Series(_spread(d, [r[0] for r in results], np.nan, "float64"), index=d.index)
    return out, _mask(d, [r[1] for r in results])


def _text_scalar(v):
    if isinstance(v, str):
        return " ".join(v.split())
    if isinstance(v, bool) or isinstance(v, np.bool_):
        return str(v).upper()
    if isinstance(v, (float, np.floating)) and float(v).is_integer():
        return str(int(v))  # an ID typed as a number: 12345.0 -> "12345"
    if isinstance(v, (pd.Timestamp, _dt.date)):
        return pd.Timestamp(v).strftime("%Y-%m-%d")
    return str(v)


def parse_text(values: pd.Series) -> tuple[pd.Series, pd.Series]:
    """Raw cells -> pandas string Series (whitespace collapsed; whole numbers without ``.0``)."""
    d = distinct(values)
    out = _string_series(d, [None if v is None else _text_scalar(v) for v in d.cleaned])
    return out, pd.Series(False, index=d.index)
