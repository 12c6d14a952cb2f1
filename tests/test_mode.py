"""The disclosure mode the app shows: exact only with Streamlit login configured and a logged-in user
who is on the `[exact_access]` allowlist in the secrets.

Each test runs a tiny app in Streamlit's AppTest that writes `ui.mode.current_mode()`. AppTest
fakes `st.secrets` (`at.secrets`) and `st.user` (`at.user`, e.g. `{"is_logged_in": True}`). The
matching itself (`ui.mode.allowed`) is also tested directly, on plain dicts.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import streamlit as st
from streamlit.runtime.secrets import Secrets
from streamlit.testing.v1 import AppTest

AUTH = {
    "redirect_uri": "http://localhost:8501/oauth2callback",
    "cookie_secret": "a-long-random-cookie-secret-for-the-tests",
    "client_id": "dashboard",
    "client_secret": "not-a-real-secret",
    "server_metadata_url": "https://login.example.org/.well-known/openid-configuration",
}
STAFF = {"is_logged_in": True, "email": "medewerker@example.org", "name": "Medewerker"}
# The allowlist that lets STAFF see exact mode.
ACCESS = {"emails": ["medewerker@example.org"]}
# Login configured and STAFF allowlisted: the secrets of a staff deployment.
STAFF_SECRETS = {"auth": AUTH, "exact_access": ACCESS}


def _mode_app() -> None:
    """The app under test: shows the mode and the sentence about it."""
    import streamlit as st

    from ui.mode import current_mode, mode_notice

    mode = current_mode()
    st.text(mode)
    st.caption(mode_notice(mode))


@pytest.fixture(autouse=True)
def no_secrets_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Run every test where no .streamlit/secrets.toml exists (in the folder or the home folder).

    A fresh `st.secrets` too: Streamlit keeps secrets it once loaded for the whole process.
    """
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("HOME", str(tmp_path))
    monkeypatch.setattr(st, "secrets", Secrets())


def mode_of(secrets: dict[str, Any] | None = None, user: dict[str, Any] | None = None) -> str:
    """Run the app with these faked secrets and user; return the mode it showed."""
    at = AppTest.from_function(_mode_app)
    if secrets is not None:
        at.secrets = secrets
    if user is not None:
        at.user = user
    at.run()
    assert not at.exception, at.exception
    assert len(at.caption) == 1 and at.caption[0].value  # every page says which mode it shows
    return at.text[0].value


def test_no_secrets_is_public_even_for_a_faked_user() -> None:
    """Without any secrets file the app is public, even when st.user claims to be logged in."""
    assert mode_of() == "public"
    assert mode_of(user=STAFF) == "public"


def test_secrets_without_auth_section_is_public() -> None:
    """Other secrets but no [auth] section: public, whatever st.user says."""
    assert mode_of(secrets={"database": {"path": "/secure/x.duckdb"}}, user=STAFF) == "public"


@pytest.mark.parametrize("missing", ["cookie_secret", "redirect_uri", "client_id", "server_metadata_url"])
def test_incomplete_auth_section_is_public(missing: str) -> None:
    """An [auth] section lacking a key st.login needs is not configured login: public."""
    auth = {k: v for k, v in AUTH.items() if k != missing}
    assert mode_of(secrets={"auth": auth}, user=STAFF) == "public"


def test_auth_configured_without_logged_in_user_is_public() -> None:
    """Login configured and the user allowlisted, but nobody logged in (no user, or is_logged_in
    false): public."""
    assert mode_of(secrets=STAFF_SECRETS) == "public"
    assert mode_of(secrets=STAFF_SECRETS, user={**STAFF, "is_logged_in": False}) == "public"
    assert mode_of(secrets=STAFF_SECRETS, user={"email": STAFF["email"]}) == "public"


def test_auth_configured_logged_in_and_allowlisted_is_exact() -> None:
    """Login configured and a logged-in user whose email is on the allowlist: exact."""
    assert mode_of(secrets=STAFF_SECRETS, user=STAFF) == "exact"


def test_allowlist_without_auth_section_is_public() -> None:
    """An [exact_access] allowlist without configured login is public, even for a listed user."""
    assert mode_of(secrets={"exact_access": ACCESS}, user=STAFF) == "public"


def test_no_exact_access_section_is_public_even_when_logged_in() -> None:
    """Login configured and a logged-in user, but no [exact_access] section: public."""
    assert mode_of(secrets={"auth": AUTH}, user=STAFF) == "public"


def test_empty_exact_access_section_is_public() -> None:
    """An [exact_access] section with no keys (or only empty lists) lets nobody in: public."""
    assert mode_of(secrets={"auth": AUTH, "exact_access": {}}, user=STAFF) == "public"
    empty = {"emails": [], "domains": [], "groups": []}
    assert mode_of(secrets={"auth": AUTH, "exact_access": empty}, user=STAFF) == "public"


def test_logged_in_but_not_listed_is_public() -> None:
    """A logged-in user of the configured provider who is not on the allowlist: public."""
    other = {**STAFF, "email": "iemand.anders@example.org"}
    assert mode_of(secrets=STAFF_SECRETS, user=other) == "public"
    no_email = {"is_logged_in": True, "name": "Zonder e-mail"}
    assert mode_of(secrets=STAFF_SECRETS, user=no_email) == "public"


def test_listed_email_is_exact_case_insensitively() -> None:
    """A listed email matches whatever its case and surrounding spaces, in the list or the token."""
    access = {"emails": ["  Medewerker@Example.ORG "]}
    user = {**STAFF, "email": "MEDEWERKER@example.org "}
    assert mode_of(secrets={"auth": AUTH, "exact_access": access}, user=user) == "exact"


def test_listed_email_must_match_whole_address() -> None:
    """A listed email matches only the whole address, not one that contains or extends it."""
    for email in ("xmedewerker@example.org", "medewerker@example.org.evil.com", "medewerker@example"):
        assert mode_of(secrets=STAFF_SECRETS, user={**STAFF, "email": email}) == "public", email


def test_domain_match_is_exact() -> None:
    """A listed domain lets in any address at exactly that domain (case-insensitively): exact."""
    secrets = {"auth": AUTH, "exact_access": {"domains": ["vlaanderen.be"]}}
    assert mode_of(secrets=secrets, user={**STAFF, "email": "x@vlaanderen.be"}) == "exact"
    assert mode_of(secrets=secrets, user={**STAFF, "email": "X.Y@Vlaanderen.BE"}) == "exact"


@pytest.mark.parametrize(
    "email",
    [
        "x@evilvlaanderen.be",
        "x@vlaanderen.be.evil.com",
        "x@sub.vlaanderen.be",
        "x@vlaanderen.be@evil.com",
        "x@evil.com@vlaanderen.be",
        "vlaanderen.be",
        "@vlaanderen.be",
        "x@vlaanderen.bee",
        "x @vlaanderen.be",
    ],
)
def test_look_alike_domains_are_public(email: str) -> None:
    """Addresses that merely look like the listed domain (prefix, suffix, subdomain, two @) are public."""
    secrets = {"auth": AUTH, "exact_access": {"domains": ["vlaanderen.be"]}}
    assert mode_of(secrets=secrets, user={**STAFF, "email": email}) == "public"


def test_group_claim_match_is_exact() -> None:
    """A user whose group claim holds a listed group is exact; the claim is "groups" by default."""
    access = {"groups": ["crisishulp-analisten"]}
    user = {
        "is_logged_in": True,
        "email": "iemand@elders.org",
        "groups": ["iedereen", "crisishulp-analisten"],
    }
    assert mode_of(secrets={"auth": AUTH, "exact_access": access}, user=user) == "exact"
    others = {**user, "groups": ["iedereen", "crisishulp-analisten-extern"]}
    assert mode_of(secrets={"auth": AUTH, "exact_access": access}, user=others) == "public"


def test_named_group_claim_is_used() -> None:
    """With group_claim set, the groups are read from that claim (and no longer from "groups")."""
    access = {"groups": ["staff"], "group_claim": "roles"}
    secrets = {"auth": AUTH, "exact_access": access}
    base = {"is_logged_in": True, "email": "iemand@elders.org"}
    assert mode_of(secrets=secrets, user={**base, "roles": ["staff"]}) == "exact"
    assert mode_of(secrets=secrets, user={**base, "groups": ["staff"]}) == "public"


def test_group_claim_that_is_not_a_list_is_public() -> None:
    """A group claim that is a string (not a list) never matches, not even as a substring."""
    secrets = {"auth": AUTH, "exact_access": {"groups": ["staff"]}}
    user = {"is_logged_in": True, "email": "iemand@elders.org", "groups": "staff"}
    assert mode_of(secrets=secrets, user=user) == "public"


def test_email_verified_false_is_public() -> None:
    """A token whose email_verified claim is not true matches neither emails nor domains: public."""
    secrets = {"auth": AUTH, "exact_access": {"emails": [STAFF["email"]], "domains": ["example.org"]}}
    for verified in (False, None, "false", "true", 0):
        user = {**STAFF, "email_verified": verified}
        assert mode_of(secrets=secrets, user=user) == "public", verified
    assert mode_of(secrets=secrets, user={**STAFF, "email_verified": True}) == "exact"


def test_email_verified_false_still_allows_group_match() -> None:
    """An unverified email does not block a group match: groups do not rely on the email."""
    access = {"emails": [STAFF["email"]], "groups": ["staff"]}
    user = {**STAFF, "email_verified": False, "groups": ["staff"]}
    assert mode_of(secrets={"auth": AUTH, "exact_access": access}, user=user) == "exact"


MALFORMED: list[Any] = [
    {"emails": "medewerker@example.org"},  # a string, not a list
    {"emails": ["medewerker@example.org", 42]},  # not only strings
    {"emails": ["medewerker@example.org"], "domains": "example.org"},  # one bad key spoils all
    {"emails": ["medewerker@example.org"], "groups": [["staff"]]},
    {"emails": ["medewerker@example.org"], "group_claim": ["groups"]},
    {"emails": ["medewerker@example.org"], "group_claim": ""},
    {"emails": {"medewerker@example.org": True}},
]


@pytest.mark.parametrize("access", MALFORMED)
def test_malformed_allowlist_is_public(access: dict[str, Any]) -> None:
    """An allowlist with a value that is not a list of strings (or a bad group_claim) lets nobody in."""
    assert mode_of(secrets={"auth": AUTH, "exact_access": access}, user=STAFF) == "public"


def test_exact_access_that_is_not_a_section_is_public() -> None:
    """exact_access as a plain value instead of a [section]: public."""
    secrets = {"auth": AUTH, "exact_access": ["medewerker@example.org"]}
    assert mode_of(secrets=secrets, user=STAFF) == "public"


def test_allowed_is_a_pure_function_that_never_raises() -> None:
    """allowed() decides on plain mappings and answers False, without raising, for odd input."""
    from ui.mode import allowed

    assert allowed({"email": "medewerker@example.org"}, ACCESS) is True
    assert allowed({"email": "medewerker@example.org"}, None) is False
    assert allowed({"email": "medewerker@example.org"}, {}) is False
    assert allowed({}, ACCESS) is False
    assert allowed({"email": 42, "groups": None}, {**ACCESS, "groups": ["x"]}) is False

    class Hostile(dict):
        def get(self, *args: Any, **kwargs: Any) -> Any:
            raise RuntimeError("boom")

    assert allowed(Hostile(email="medewerker@example.org"), ACCESS) is False
    assert allowed({"email": "medewerker@example.org"}, Hostile(ACCESS)) is False


def test_named_provider_section_counts_as_configured() -> None:
    """A provider under [auth.NAME] (e.g. [auth.microsoft]) is configured login too."""
    provider = {k: AUTH[k] for k in ("client_id", "client_secret", "server_metadata_url")}
    auth = {
        "redirect_uri": AUTH["redirect_uri"],
        "cookie_secret": AUTH["cookie_secret"],
        "microsoft": provider,
    }
    assert mode_of(secrets={"auth": auth, "exact_access": ACCESS}, user=STAFF) == "exact"
    assert mode_of(secrets={"auth": auth, "exact_access": ACCESS}) == "public"


def test_current_mode_outside_streamlit_is_public() -> None:
    """Called outside a running app (no session, no secrets), the mode is public and nothing raises."""
    from ui.mode import auth_configured, current_mode, user_logged_in

    assert (current_mode(), auth_configured(), user_logged_in()) == ("public", False, False)
