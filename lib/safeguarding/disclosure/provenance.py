"""Where every published figure comes from, written into the HTML and read back from it.

Every element that shows a figure of the report names it in ``data-`` attributes, so an auditor
(or :func:`page_figures`) can read a page without parsing captions:

* an **indicator figure**: ``data-indicator`` (registry id), ``data-period`` (a month
  ``2018-12``, or the period's canonical name ``2018-07..2018-12`` / ``2018-19-Q3`` as in the
  ``month`` column of ``indicators.csv``) and, where the element shows something other than the
  value, ``data-field`` (``numerator``, ``denominator``, ``lower``, ``upper``, ``target``,
  ``rag``, ...). A table row may carry ``data-indicator`` for all its cells.
* a **table cell** that is not an indicator (breakdowns, counts): ``data-table`` (a stable id),
  ``data-period`` (the window it counts), ``data-row`` and ``data-col`` (the row and column
  labels), set on the table, row and cell.

An attribute set on an element holds for everything inside it. The element that *shows* a
figure sets at least one of ``data-period``, ``data-field`` or ``data-col`` itself; its figure
text is the text inside it, without the marks (``<sup class="mark">``: ‡ part period, † low
denominator) and without any part that shows another figure (a percentage's ``51/60``).

:func:`page_figures` returns every figure of a page; :func:`disagreements` the figures shown
with more than one text; ``present.provenance.csv_disagreements`` those that differ from the
open ``indicators.csv`` (it formats as the tables do). The audit of the open files reads pages through :func:`page_figures`.
"""
from __future__ import annotations

import html
import re
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path
from typing import Iterable, Mapping

import pandas as pd

INDICATOR, TABLE = "indicator", "table"
VALUE = "value"
# the fields of indicators.csv a page can show
CSV_FIELDS = ("value", "numerator", "denominator", "lower", "upper")
_KEYS = ("indicator", "period", "field", "table", "row", "col")


def figure_attrs(indicator: str | None = None, period: str | None = None, field: str | None = None, *,
                 table: str | None = None, row=None, col=None) -> str:
    """`` data-indicator="..." data-period="..."`` ... for the attributes given (escaped), to put
    inside an opening tag. ``field`` ``value`` (the default) is left out."""
    parts = []
    for name, v in (("indicator", indicator), ("period", period), ("field", None if field == VALUE else field),
                    ("table", table), ("row", row), ("col", col)):
        if v is not None:
            parts.append(f' data-{name}="{html.escape(str(v), quote=True)}"')
    return "".join(parts)


@dataclass(frozen=True)
class ShownFigure:
    """One figure as a page shows it."""
    kind: str  # INDICATOR | TABLE
    key: tuple  # (indicator, period, field) | (table, period, row, col)
    text: str  # what the reader sees, marks left out ("c", "n/a", "85.0%", "1,786")
    marks: str  # the marks beside it ("‡", "†")
    where: str  # page and table caption

    @property
    def indicator(self) -> str | None:
        return self.key[0] if self.kind == INDICATOR else None

    @property
    def period(self) -> str:
        return self.key[1]

    @property
    def field(self) -> str | None:
        return self.key[2] if self.kind == INDICATOR else None


class _Node:
    __slots__ = ("tag", "attrs", "children", "parent", "context")

    def __init__(self, tag: str, attrs: dict, parent):
        self.tag, self.attrs, self.children, self.parent = tag, attrs, [], parent
        self.context = None  # the data- attributes that hold here (``_context``), once asked


_VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}


class _Tree(HTMLParser):
    """A small element tree (enough for the report's own, well-formed markup)."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.root = _Node("#root", {}, None)
        self._at = self.root

    def handle_starttag(self, tag, attrs):
        node = _Node(tag, {k: (v or "") for k, v in attrs if k == "class" or k.startswith("data-")}, self._at)
        self._at.children.append(node)
        if tag not in _VOID:
            self._at = node

    def handle_startendtag(self, tag, attrs):
        self.handle_starttag(tag, attrs)
        if tag not in _VOID:
            self._at = self._at.parent

    def handle_endtag(self, tag):
        node = self._at
        while node is not self.root and node.tag != tag:  # close what was left open inside it
            node = node.parent
        if node is not self.root:
            self._at = node.parent

    def handle_data(self, data):
        if data:
            self._at.children.append(data)


def _declares(node: _Node) -> bool:
    return any(k in node.attrs for k in ("data-period", "data-field", "data-col"))


def _is_mark(node: _Node) -> bool:
    return node.tag == "sup" and "mark" in node.attrs.get("class", "").split()


def _context(node: _Node) -> dict:
    """Each data- key's value from the nearest element that sets it (read-only: shared with the
    element's children, so a page's tree is walked once, not once per figure to the root)."""
    if node.context is None:
        ctx = dict(_context(node.parent)) if node.parent is not None else {}
        for k in _KEYS:
            v = node.attrs.get(f"data-{k}")
            if v is not None:
                ctx[k] = v
        node.context = ctx
    return node.context


def _key(ctx: dict):
    if "indicator" in ctx and "period" in ctx and "col" not in ctx:
        return INDICATOR, (ctx["indicator"], ctx["period"], ctx.get("field", VALUE))
    if "table" in ctx and "row" in ctx and "col" in ctx:
        return TABLE, (ctx["table"], ctx.get("period", ""), ctx["row"], ctx["col"])
    return None


def _holds_figure(node: _Node, memo: dict) -> bool:
    if id(node) not in memo:
        memo[id(node)] = any(isinstance(c, _Node) and ((_declares(c) and _key(_context(c)) is not None)
                                                        or _holds_figure(c, memo)) for c in node.children)
    return memo[id(node)]


def _text(node: _Node, memo: dict, marks: list[str]) -> str:
    out = []
    for c in node.children:
        if isinstance(c, str):
            out.append(c)
        elif _is_mark(c):
            marks.append(_text(c, memo, []))
        elif not ((_declares(c) and _key(_context(c)) is not None) or _holds_figure(c, memo)):
            out.append(_text(c, memo, marks))
    return "".join(out)


def _caption(node: _Node) -> str:
    while node is not None and node.tag not in ("table", "details", "figure"):
        node = node.parent
    if node is None:
        return ""
    for c in node.children:
        if isinstance(c, _Node) and c.tag in ("caption", "summary"):
            return " ".join(_text(c, {}, []).split())
    return node.attrs.get("data-table", "")


def page_figures(markup: str, source: str = "") -> list[ShownFigure]:
    """Every figure ``markup`` shows, in page order, with its provenance and text."""
    tree = _Tree()
    tree.feed(markup)
    tree.close()
    out: list[ShownFigure] = []
    memo: dict = {}
    stack = [tree.root]
    while stack:
        node = stack.pop()
        if node is not tree.root and _declares(node):
            found = _key(_context(node))
            if found is not None:
                marks: list[str] = []
                text = " ".join(_text(node, memo, marks).split())
                caption = _caption(node)
                out.append(ShownFigure(found[0], found[1], text, "".join(m.strip() for m in marks),
                                       f"{source}: {caption}" if caption else source))
        stack.extend(c for c in reversed(node.children) if isinstance(c, _Node))
    return out


_NUMBER = re.compile(r"[-+]?\d[\d,]*(?:\.\d+)?%?(?: (?:days|weeks))?(?:(?: to |/)[-+]?\d[\d,]*(?:\.\d+)?%?)?")


# Tables whose every number is a figure of the report (plan action lists, dates and rule lists
# are not): what :func:`unmarked_cells` checks.
FIGURE_TABLES = ("indicator-table", "scorecard", "count-table", "chart-data-table", "benchmark-table",
                 "ip-measures", "findings-by-rule")


def unmarked_cells(markup: str, table_classes: Iterable[str] = FIGURE_TABLES) -> list[str]:
    """Texts of the body cells of those tables that show a number without naming where it
    comes from: what a reader sees that :func:`page_figures` cannot account for. A cell is a
    number when its text (marks left out) is digits, separators and a unit only ("1,786",
    "85.0%", "26.4 weeks", "3 to 8"); labels and codes ("S47", "AA1-002") are not."""
    tree = _Tree()
    tree.feed(markup)
    tree.close()
    wanted = set(table_classes)
    memo: dict = {}
    out: list[str] = []

    def visit(node: _Node, in_table: bool, marked: bool):
        if node.tag == "table":
            in_table = bool(wanted & set(node.attrs.get("class", "").split()))
        marked = marked or (_declares(node) and _key(_context(node)) is not None)
        if in_table and node.tag == "td" and not marked and not _holds_figure(node, memo):
            text = " ".join(_text(node, memo, []).split())
            if _NUMBER.fullmatch(text):
                out.append(text)
        for c in node.children:
            if isinstance(c, _Node) and c.tag not in ("thead", "caption"):
                visit(c, in_table, marked)

    visit(tree.root, False, False)
    return out


def open_pages(folder: str | Path) -> list[Path]:
    """The open edition's HTML pages of a published report folder (``restricted/`` left out)."""
    folder = Path(folder)
    return sorted(p for p in folder.rglob("*.html") if "restricted" not in p.relative_to(folder).parts)


def folder_figures(folder: str | Path) -> list[ShownFigure]:
    """Every figure of every open HTML page in ``folder``."""
    folder = Path(folder)
    return [f for page in open_pages(folder)
            for f in page_figures(page.read_text(encoding="utf-8"), str(page.relative_to(folder)))]


def disagreements(figures: Iterable[ShownFigure]) -> dict[tuple, dict[str, list[str]]]:
    """``{(kind, key): {text: [where, ...]}}`` for every figure shown with more than one text."""
    seen: dict[tuple, dict[str, list[str]]] = {}
    for f in figures:
        seen.setdefault((f.kind, f.key), {}).setdefault(f.text, []).append(f.where)
    return {k: v for k, v in seen.items() if len(v) > 1}


__all__ = ["ShownFigure", "figure_attrs", "page_figures", "unmarked_cells", "open_pages", "folder_figures",
           "disagreements", "INDICATOR", "VALUE", "CSV_FIELDS", "FIGURE_TABLES"]
