"""The council code map: the analyst's own translations of coded values, kept with the inputs.

``code_map.csv`` in the inputs folder (template: ``templates/code_map.csv``) has one row per raw
value a council's system writes and the code it means::

    list,column,raw_value,code
    List 7,initial_category,Neglet,NEG
    List 1,contact_source,Health - 4 week check,3B
    lado_allegations,outcome,Unfounded - malicious,MALICIOUS

* ``list``: ``List 1`` ... ``List 8`` (or the tidy table name, ``contacts`` ...), a local extract
  (``lado_allegations`` ...), or ``*`` for every list with that column;
* ``column``: the tidy column (``sex``, ``contact_source`` ...) or any header the readers accept
  for it (``Gender``, ``Contact Source``);
* ``raw_value``: the value as the file holds it (case and spacing do not matter);
* ``code``: a code of the column's code list (``docs/input-formats.md``), ``Y``/``N``/``U`` for a
  yes/no column, or ``missing`` to read the value as "not known".

The map is applied before the built-in code lists, to whole cells only. Other columns (such as
``suggested_code``, ``reason``, ``count`` written by ``safeguarding validate``) are ignored, so the
file ``validate`` writes becomes the map once its ``code`` column is filled in. A row naming an
unknown list, column or code is a finding (file, row, column) and is not used.
"""
from __future__ import annotations

import csv
import difflib
import io
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd

from ..exports import FORMULA_STARTS, NEUTRALISER, write_csv
from ..quality import DataQualityLog, FatalInputError
from ..schema import ALL_TABLES, LIST_TABLES
from . import codes as C
from . import headers as H
from .values import YN_BY_COLUMN, YN_MAP, _map_unique

MAP_FILE = "code_map.csv"
UNRECOGNISED_FILE = "unrecognised_values.csv"  # validate's output: never read as an input
MAP_COLUMNS = ["list", "column", "raw_value", "code"]
# validate's unrecognised-values file: the map's columns first, then what helps fill in ``code``.
UNRECOGNISED_COLUMNS = MAP_COLUMNS + ["suggested_code", "reason", "count", "example_file",
                                      "example_sheet", "example_row"]
MISSING = "missing"  # map code: read the value as "not known"
YN_CODES = ("Y", "N", "U")
MAP_RULE = "READ-MAP"
_TABLE_LIST = {t: n for n, t in LIST_TABLES.items()}
# The code a list uses for "not known", suggested when nothing in a value matches (annex-a.md 6).
NOT_KNOWN_CODE = {"sex": "U", "ethnicity": "NOBT", "source": "10", "primary_need": "N0"}


def raw_key(value) -> str:
    """How a raw cell is matched: text with spacing collapsed and case folded; whole-number
    floats without ``.0`` (Excel hands ``1`` as ``1.0``)."""
    if isinstance(value, (float, np.floating)) and float(value).is_integer():
        value = int(value)
    return " ".join(str(value).split()).casefold()


def list_label(table: str) -> str:
    """``List 3`` for an Annex A table, the table name for a local extract."""
    return f"List {_TABLE_LIST[table]}" if table in _TABLE_LIST else table


def _unsafe_cell(text: str) -> str:
    """Undo :func:`exports.safe_cell` for a value read back from the unrecognised-values file."""
    return text[1:] if text.startswith(NEUTRALISER) and text[1:].startswith(FORMULA_STARTS) else text


# ------------------------------------------------------------------------------------------
@dataclass
class CodeMap:
    """Translations by (table, tidy column) -> {raw key (``raw_key``): code or ``missing``}."""
    file: str = MAP_FILE
    entries: dict[tuple[str, str], dict[str, str]] = field(default_factory=dict)

    def __bool__(self) -> bool:
        return bool(self.entries)

    def apply(self, table: str, column: str, cells: pd.Series, parsed: pd.Series, bad: pd.Series,
              unknown: pd.Series | None, log: DataQualityLog):
        """Overlay the map on a column already read with the built-in lists: mapped cells take
        the map's code (``missing`` -> not known) and are no longer unrecognised. ``cells`` are
        the raw cells (a Series, or the ``values.Distinct`` the column was read from)."""
        mapping = self.entries.get((table, column))
        if not mapping:
            return parsed, bad, unknown
        index, (code,) = _map_unique(cells, lambda v: (None if v is None else mapping.get(raw_key(v)),),
                                     (None,))
        hit = pd.Series([c is not None for c in code], index=index)
        if not hit.any():
            return parsed, bad, unknown
        is_missing = hit & pd.Series([c == MISSING for c in code], index=index)
        value = pd.Series([None if c in (None, MISSING) else c for c in code], index=index,
                          dtype=object).astype("string")
        parsed = parsed.where(~hit, value)
        unknown = (unknown if unknown is not None else pd.Series(False, index=index)) & ~hit
        key = (table, column)
        log.translated[key] = log.translated.get(key, 0) + int(hit.sum())
        return parsed, bad & ~hit, unknown | is_missing


def _columns_of(target) -> dict[str, str]:
    """Header key -> coded or yes/no tidy column of a list number or local table."""
    table = LIST_TABLES[target] if isinstance(target, int) else target
    kinds = ALL_TABLES[table]
    out = {H.header_key(c): c for c, k in kinds.items() if k in ("code", "yn")}
    for key, fld in H.lookup_for(target).items():
        if kinds.get(fld) in ("code", "yn"):
            out.setdefault(key, fld)
    return out


def _tables_for(text: str) -> list[str] | None:
    t = text.strip()
    if t == "*":
        return list(ALL_TABLES)
    n = H.list_from_name(t) if t.lower().startswith("list") else None
    if n is None and t.isdigit():
        n = int(t)
    if n is not None:
        return [LIST_TABLES[n]] if n in LIST_TABLES else None
    name = t.lower().removesuffix(".csv").removesuffix(".xlsx")
    return [name] if name in ALL_TABLES else None


def _check_code(table: str, column: str, code: str) -> str | None:
    """The code as stored, or None when the column's list has no such code."""
    if code.casefold() == MISSING:
        return MISSING
    if ALL_TABLES[table][column] == "yn":
        got = YN_MAP.get(code.casefold())
        return got if got in YN_CODES else None
    cl = C.code_list_for(table, column)
    if cl is None:
        return code.upper()
    by_fold = {c.casefold(): c for c in cl.codes}
    parts = [p.strip() for p in code.split(";")] if (table, column) in C.MULTI_VALUED else [code]
    got = [by_fold.get(p.casefold()) for p in parts]
    return None if any(g is None for g in got) else ";".join(got)


def read_code_map(path: Path, log: DataQualityLog) -> CodeMap:
    """Read ``code_map.csv``; rows that cannot be used are findings (rule ``READ-MAP``)."""
    from .parse import findings_frame

    try:
        text = path.read_bytes().decode("utf-8-sig")
    except UnicodeDecodeError:
        text = path.read_bytes().decode("cp1252")
    rows = list(csv.reader(io.StringIO(text, newline="")))
    header = [h.strip().lower() for h in rows[0]] if rows else []
    missing = [c for c in MAP_COLUMNS if c not in header]
    if missing:
        raise FatalInputError(f"the code map needs the columns {', '.join(MAP_COLUMNS)} in its "
                              f"first row (missing: {', '.join(missing)}); see templates/{MAP_FILE}",
                              file=path.name)
    pos = {c: header.index(c) for c in MAP_COLUMNS}
    out = CodeMap(path.name)
    problems = []

    def problem(row: int, column: str, value, message: str) -> None:
        problems.append(findings_frame("code_map", path.name, "", [row], column, [value], MAP_RULE,
                                       message=message))

    for row_no, row in enumerate(rows[1:], start=2):
        cell = {c: (row[i].strip() if i < len(row) else "") for c, i in pos.items()}
        if not any(row):
            continue
        if not cell["code"]:
            problem(row_no, "code", None, f"no code given for '{cell['raw_value']}' yet; row not used "
                                          f"(fill in code, e.g. from suggested_code)")
            continue
        tables = _tables_for(cell["list"])
        if tables is None:
            problem(row_no, "list", cell["list"], "not an Annex A list (List 1 ... List 8) or a local "
                                                  "extract name; row not used")
            continue
        key = H.header_key(cell["column"])
        targets = [(t, _columns_of(_TABLE_LIST.get(t, t)).get(key)) for t in tables]
        targets = [(t, c) for t, c in targets if c is not None]
        if not targets:
            problem(row_no, "column", cell["column"], f"'{cell['column']}' is not a coded or yes/no "
                                                      f"column of {cell['list']}; row not used")
            continue
        raw = raw_key(_unsafe_cell(cell["raw_value"]))
        if not raw:
            problem(row_no, "raw_value", None, "raw_value is blank; row not used")
            continue
        codes = {tc: _check_code(*tc, cell["code"]) for tc in targets}
        if cell["list"].strip() == "*" and any(v is not None for v in codes.values()):
            # "*": the lists whose column has this code (List 3 and the LADO extract both
            # have a referral_source, with different code lists)
            codes = {tc: v for tc, v in codes.items() if v is not None}
        if any(v is None for v in codes.values()):
            t, c = next(tc for tc, v in codes.items() if v is None)
            problem(row_no, "code", cell["code"], f"'{cell['code']}' is not a code of {list_label(t)} "
                                                  f"{c} ({_allowed(t, c)}); row not used")
            continue
        for (t, c), code in codes.items():
            have = out.entries.setdefault((t, c), {})
            if raw in have and have[raw] != code:
                problem(row_no, "code", cell["code"], f"'{cell['raw_value']}' is already mapped to "
                                                      f"{have[raw]} for {list_label(t)} {c}; row not used")
                continue
            have[raw] = code
    for f in problems:
        log.extend(f)
    return out


def _allowed(table: str, column: str) -> str:
    if ALL_TABLES[table][column] == "yn":
        return "Y, N, U or missing"
    cl = C.code_list_for(table, column)
    return ", ".join(cl.codes) + " or missing" if cl else "free code"


def load_code_map(folder: Path, log: DataQualityLog) -> CodeMap | None:
    path = Path(folder) / MAP_FILE
    return read_code_map(path, log) if path.is_file() else None


# ------------------------------------------------------------------------------------------
# Suggestions for validate's unrecognised-values file
def suggest(table: str, column: str, raw: str) -> tuple[str, str]:
    """(suggested code, why) for one unrecognised value of a coded or yes/no column."""
    if ALL_TABLES[table][column] == "yn":
        return _suggest_yn(column, raw)
    cl = C.code_list_for(table, column)
    if cl is None:
        return "", "this column has no code list"
    reading = cl.read(raw)
    if reading.hint:
        return reading.hint, f"{reading.problem}; {_label(cl, reading.hint)} suggested - check which " \
                             f"your system means"
    words = {k: c for k, c in cl.lookup.items() if c != C._NOT_KNOWN}
    k = C._key(raw)
    close = _misspelling_of(k, list(words))
    if close:
        ratio = difflib.SequenceMatcher(None, k, close).ratio()
        return words[close], (f"close to the known wording '{close}' ({ratio:.0%} alike), "
                              f"which means {_label(cl, words[close])}")
    shared = _only_code_sharing_words(k, words)
    if shared:
        code, common = shared
        return code, (f"the word(s) '{' '.join(common)}' appear only in wordings of "
                      f"{_label(cl, code)}")
    why = reading.problem + "; " if reading.problem else ""
    fallback = NOT_KNOWN_CODE.get(cl.name)
    if fallback:
        return fallback, (f"{why}no known wording matches: {_label(cl, fallback)} is the list's code "
                          f"for 'not known' - replace it if you know what the value means")
    return MISSING, (f"{why}no known wording matches: 'missing' reads it as not known - replace it "
                     f"with one of {', '.join(cl.codes)} if you know what it means")


def _misspelling_of(key: str, wordings: list[str]) -> str | None:
    """A known wording the value looks like a misspelling of: as many words, each alike
    ("Polcie" -> "police", "Emotinal abuse"), never a different word ("White - Polish" is not
    "white english")."""
    for cand in difflib.get_close_matches(key, wordings, n=5, cutoff=0.8):
        mine, theirs = key.split(), cand.split()
        if len(mine) == len(theirs) and all(
                difflib.SequenceMatcher(None, a, b).ratio() >= 0.75 for a, b in zip(mine, theirs)):
            return cand
    return None


def _label(cl: C.CodeList, code: str) -> str:
    return f"{code} ({cl.labels.get(code, '')})"


_GENERAL_WORDS = {"and", "or", "the", "of", "for", "with", "other", "any", "not", "services",
                  "service", "team", "background", "group", "child", "children", "only"}


def _only_code_sharing_words(key: str, words: dict[str, str]) -> tuple[str, list[str]] | None:
    mine = [w for w in key.split() if len(w) > 2 and w not in _GENERAL_WORDS and not w.isdigit()]
    by_code: dict[str, list[str]] = {}
    for w in mine:
        codes = {c for k, c in words.items() if w in k.split()}
        if len(codes) != 1:
            # a word no wording has ("Family Support Worker"), or one several codes share: the
            # words do not point at one code
            return None
        by_code.setdefault(codes.pop(), []).append(w)
    return next(iter(by_code.items())) if len(by_code) == 1 else None


def _suggest_yn(column: str, raw: str) -> tuple[str, str]:
    words = {**YN_MAP, **YN_BY_COLUMN.get(column, {})}
    k = " ".join(str(raw).lower().split())
    close = difflib.get_close_matches(k, [w for w in words if len(w) > 2], n=1, cutoff=0.8)
    if close:
        return words[close[0]], f"close to '{close[0]}', which means {words[close[0]]} in this column"
    return "U", ("no yes/no wording matches for this column: U (unknown) - replace it with Y or N "
                 "if you know what the value means")


def unrecognised_values(findings: pd.DataFrame) -> pd.DataFrame:
    """Every distinct unrecognised coded or yes/no value in ``findings`` (rules ``READ-CODE``
    and ``READ-YN``), one row per list, column and value, in the code map's format plus a
    suggested code, the reason, the number of cells and an example cell."""
    unread = findings[findings["rule"].isin(["READ-CODE", "READ-YN"])
                      & findings["table"].isin(list(ALL_TABLES))]
    rows = []
    if len(unread):
        unread = unread.assign(_key=unread["value"].map(raw_key))
        for (table, column, _), grp in unread.groupby(["table", "column", "_key"], sort=True):
            if column not in ALL_TABLES[table]:
                continue
            first = grp.sort_values(["file", "row"], na_position="last").iloc[0]
            code, why = suggest(table, column, str(first["value"]))
            rows.append({"list": list_label(table), "column": column, "raw_value": first["value"],
                         "code": "", "suggested_code": code, "reason": why, "count": len(grp),
                         "example_file": first["file"], "example_sheet": first["sheet"],
                         "example_row": first["row"]})
    out = pd.DataFrame(rows, columns=UNRECOGNISED_COLUMNS)
    if len(out):
        order = {list_label(t): i for i, t in enumerate(ALL_TABLES)}
        out = out.sort_values(["list", "column", "count"], key=lambda s: s.map(order) if s.name == "list"
                              else (-s if s.name == "count" else s), kind="stable", ignore_index=True)
    return out


def write_unrecognised(findings: pd.DataFrame, path: Path) -> int:
    """Write ``unrecognised_values(findings)`` to ``path`` (CSV, UTF-8 with BOM so Excel shows
    accents; text that a spreadsheet would run as a formula gets a leading apostrophe, which
    the map reader removes again). Returns the number of distinct values."""
    table = unrecognised_values(findings)
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    write_csv(table, path, encoding="utf-8-sig")
    return len(table)


def translation_note(translated: dict[tuple[str, str], int]) -> str | None:
    """The data-quality section's sentence on how many values the council code map translated."""
    total = sum(translated.values())
    if not total:
        return None
    columns = len(translated)
    # a handful is not shown exactly: the note appears in the open edition too
    amount = f"{total:,} values" if total >= 10 else "Fewer than 10 values"
    return (f"{amount} in {columns} column{'s' if columns != 1 else ''} "
            f"were translated by the council code map ({MAP_FILE}) before the built-in code lists "
            f"were applied.")
