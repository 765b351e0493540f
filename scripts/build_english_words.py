"""Build ``lib/safeguarding/present/english_words.csv``: the ordinary English words the leak check
never looks for as a one-word worker name ("Hope", "Young", "Green" are words of the report's
text as much as names).

Source: Debian's ``wbritish`` package (SCOWL British English word list, size 50 - the words of
an ordinary dictionary; ``/usr/share/dict/british-english``), vintage 2020.12.07. Kept: words
written in lower case in the list (capitalised entries are names and places: "Samir" and
"Costa" are not kept, "costa" as a common noun is not in the list either), of 3 to 20 letters,
without possessive forms. The SCOWL copyright and permission notice is copied into the file's
comment lines, as its licence asks.

    apt-get install wbritish && .venv/bin/python scripts/build_english_words.py
"""
from __future__ import annotations

from pathlib import Path

SOURCE = Path("/usr/share/dict/british-english")
NOTICE = Path("/usr/share/doc/wbritish/copyright")
OUT = Path(__file__).resolve().parents[1] / "lib" / "safeguarding" / "present" / "english_words.csv"


def main() -> None:
    words = sorted({w.strip() for w in SOURCE.read_text(encoding="utf-8").splitlines()
                    if w.strip().isalpha() and w.strip().islower() and 3 <= len(w.strip()) <= 20})
    notice = ["# Ordinary English words (scripts/build_english_words.py): Debian wbritish "
              "2020.12.07, SCOWL size 50, lower-case entries of 3-20 letters.",
              "# The SCOWL copyright and permission notice follows.",
              *(f"# {line}".rstrip() for line in NOTICE.read_text(encoding="utf-8").splitlines())]
    OUT.write_text("\n".join([*notice, "word", *words]) + "\n", encoding="utf-8")
    print(f"{len(words):,} words -> {OUT}")


if __name__ == "__main__":
    main()
