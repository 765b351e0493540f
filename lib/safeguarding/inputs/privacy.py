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
