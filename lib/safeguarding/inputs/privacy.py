"""Privacy helpers (annex-a.md section 12): salted hashing of identifiers, DOB to month."""
from __future__ import annotations

import hashlib

import pandas as pd


class PrivacyError(RuntimeError):
    """Pseudonymisation cannot run safely (for example the salt is missing): fail closed."""


def pseudonymise(series: pd.Series, salt: str | None) -> pd.Series:
    """Salted SHA-256 hex digest of each value (``sha256(salt + value)``); blanks stay blank.

    Raises ``PrivacyError`` when ``salt`` is missing or empty - identifiers are never hashed
    without a salt (an unsalted hash of a short ID can be reversed by trying every ID)."""
    if salt is None or not str(salt):
        raise PrivacyError("pseudonymisation salt is missing: set the salt environment variable "
                           "(params privacy.salt_env, default SAFEGUARDING_SALT); nothing written")
    s = pd.Series(series)
    text = s.astype("string").str.strip()
    blank = text.isna() | text.eq("")
    uniques = pd.unique(text[~blank])
    salt_b = str(salt).encode("utf-8")
    mapping = {u: hashlib.sha256(salt_b + str(u).encode("utf-8")).hexdigest() for u in uniques}
    out = text.map(mapping).astype("string")
    out[blank.to_numpy(dtype=bool)] = pd.NA
    return out


def degrade_dob(series: pd.Series) -> pd.Series:
    """Dates of birth to the first of their month (``2012-05-17`` -> ``2012-05-01``)."""
    d = pd.to_datetime(pd.Series(series))
    return d.dt.to_period("M").dt.to_timestamp().astype("datetime64[ns]")


# Words of a post ("Head of Service, MASH", "Principal Social Worker", "LADO"): an owner field holding
# none of them is taken to be a person's name (docs/improvement-plan.md section 6). Words that are
# also common surnames or first names (Court, Early, Care) are left out.
POST_WORDS = frozenset("""
head director assistant deputy executive chief manager management lead leader officer worker
coordinator co-ordinator chair principal practitioner consultant adviser advisor administrator analyst
team service services unit panel board group partnership committee designated lado mash iro hr ict
legal finance business quality performance safeguarding commissioning
""".split())
NAMED_OFFICER = "A named officer"  # what the open edition shows for an owner that is a person's name


def looks_like_a_post(text) -> bool:
    """True when ``text`` names a post or a team ("Head of Service, MASH"), False when it reads as
    a person's name ("Paul King", "M. Beaton / G. Subramaniam"): no word of a post in it."""
    words = {w.strip(".'’").lower() for w in str(text).replace("/", " ").replace(",", " ").split()}
    return bool(words & POST_WORDS)


def person_names(text) -> list[str]:
    """The names in an owner field that is not a post, one per person ("A / B", "A, B", "A and B")."""
    import re

    if looks_like_a_post(text):
        return []
    parts = re.split(r"\s*(?:/|;|&|,|\band\b)\s*", " ".join(str(text).split()))
    return [p for p in parts if p]


def hide_person_names(owners: pd.Series) -> pd.Series:
    """``owners`` with every value that reads as a person's name replaced by ``NAMED_OFFICER``
    (the open edition's owner column); posts and blanks as they are."""
    named = owners.map(lambda v: not (v is None or (not isinstance(v, str) and pd.isna(v)) or looks_like_a_post(v)))
    return owners.where(~named.astype(bool), NAMED_OFFICER)
