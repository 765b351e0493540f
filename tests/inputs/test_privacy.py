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


def test_owner_names_are_told_from_posts_and_hidden_in_the_open_edition():
    """An improvement-plan owner is a post; a person's name (seed 003 names its owners) is hidden
    in the open edition and looked for by the leak check (docs/improvement-plan.md section 6)."""
    from safeguarding.inputs.privacy import NAMED_OFFICER, hide_person_names, looks_like_a_post, person_names

    posts = ["Head of Service, MASH and Assessment", "Principal Social Worker", "LADO", "Private Fostering Lead",
             "Court Progression Manager", "Director of CSC"]
    names = ["Paul King", "Marinda Beaton/ Geeta Subramaniam", "Jo Court"]
    assert all(looks_like_a_post(p) for p in posts) and not any(looks_like_a_post(n) for n in names)
    assert person_names("Karen Neill/ Paul Aladenika") == ["Karen Neill", "Paul Aladenika"]
    assert person_names("Sara Williams and Barrie Neal") == ["Sara Williams", "Barrie Neal"]
    assert person_names("Head of Service, MASH") == []
    shown = hide_person_names(pd.Series(posts[:2] + names[:1] + [None]))
    assert shown.tolist()[:3] == posts[:2] + [NAMED_OFFICER] and pd.isna(shown.iloc[3])


def test_the_leak_check_looks_for_an_owner_who_is_a_person():
    from safeguarding.disclosure.leakcheck import identifier_sources

    actions = pd.DataFrame({"owner": ["Head of Service, MASH", "Geeta Subramaniam/ Stephen Kitchman"]})
    found = identifier_sources({"improvement_actions": actions}, vocabulary=["service", "head"])
    assert found["Geeta Subramaniam"] == found["Stephen Kitchman"] == "improvement_actions.owner"
    assert "Subramaniam" in found  # a distinctive surname alone, as for a worker
    assert not any("MASH" in k or "Head of Service" in k for k in found)
