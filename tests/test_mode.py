"""The disclosure mode the app shows: exact only with Streamlit login configured and a logged-in user.

Each test runs a tiny app in Streamlit's AppTest that writes `ui.mode.current_mode()`. AppTest
fakes `st.secrets` (`at.secrets`) and `st.user` (`at.user`, e.g. `{"is_logged_in": True}`).
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
    """Login configured but nobody logged in (no user, or is_logged_in false): public."""
    assert mode_of(secrets={"auth": AUTH}) == "public"
    assert mode_of(secrets={"auth": AUTH}, user={"is_logged_in": False}) == "public"


def test_auth_configured_and_logged_in_is_exact() -> None:
    """Login configured and a logged-in user: exact."""
    assert mode_of(secrets={"auth": AUTH}, user=STAFF) == "exact"


def test_named_provider_section_counts_as_configured() -> None:
    """A provider under [auth.NAME] (e.g. [auth.microsoft]) is configured login too."""
    provider = {k: AUTH[k] for k in ("client_id", "client_secret", "server_metadata_url")}
    auth = {
        "redirect_uri": AUTH["redirect_uri"],
        "cookie_secret": AUTH["cookie_secret"],
        "microsoft": provider,
    }
    assert mode_of(secrets={"auth": auth}, user=STAFF) == "exact"
    assert mode_of(secrets={"auth": auth}) == "public"


def test_current_mode_outside_streamlit_is_public() -> None:
    """Called outside a running app (no session, no secrets), the mode is public and nothing raises."""
    from ui.mode import auth_configured, current_mode, user_logged_in

    assert (current_mode(), auth_configured(), user_logged_in()) == ("public", False, False)
