import hashlib

import pandas as pd
import pytest

from safeguarding.inputs.privacy import PrivacyError, degrade_dob, pseudonymise


def test_pseudonymise_salted_and_blank_stays_blank():
    out = pseudonymise(pd.Series(["C1", None, "", "C1"]), "pepper")
    expected = hashlib.sha256(b"pepperC1").hexdigest()
    assert out[0] == expected and out[3] == expected
    assert pd.isna(out[1]) and pd.isna(out[2])
    assert out[0] != hashlib.sha256(b"C1").hexdigest()


@pytest.mark.parametrize("salt", [None, ""])
def test_pseudonymise_fails_closed_without_salt(salt):
    with pytest.raises(PrivacyError, match="salt is missing"):
        pseudonymise(pd.Series(["C1"]), salt)


def test_degrade_dob():
    out = degrade_dob(pd.Series(pd.to_datetime(["2012-05-17", None, "2010-12-31"])))
    assert out[0] == pd.Timestamp("2012-05-01") and pd.isna(out[1]) and out[2] == pd.Timestamp("2010-12-01")
