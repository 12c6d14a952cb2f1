"""Which disclosure mode the app shows: public (the default) or exact (logged-in staff only).

Exact mode needs both:

1. Streamlit's native login configured: an `[auth]` section in `.streamlit/secrets.toml` with
   `redirect_uri`, `cookie_secret` and an OIDC provider (`client_id`, `client_secret`,
   `server_metadata_url`, directly under `[auth]` or under a named `[auth.NAME]`), the same
   keys `st.login` needs; and
2. a logged-in user: `st.user.is_logged_in` is true.

Anything else (no secrets file, no or an incomplete `[auth]` section, no user, a user who is not
logged in, an unreadable secrets file) is public mode. Nothing here raises: when in doubt, the
answer is public. No environment variable or query parameter can switch exact mode on.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import streamlit as st

from queries.disclosure import EXACT, PUBLIC, Mode
from ui import filters, i18n

AUTH_KEYS: tuple[str, ...] = ("redirect_uri", "cookie_secret")
PROVIDER_KEYS: tuple[str, ...] = ("client_id", "client_secret", "server_metadata_url")

# What every page says about the mode it shows: the label catalogue's keys per mode.
MODE_NOTICE: dict[str, str] = {PUBLIC: "mode_public", EXACT: "mode_exact"}


def _auth_section() -> Mapping[str, Any] | None:
    """The `[auth]` section of the secrets, or None when there is none (or no secrets at all)."""
    try:
        if "auth" not in st.secrets:
            return None
        section = st.secrets["auth"]
    except Exception:  # no or unreadable secrets file (StreamlitSecretNotFoundError, TOML errors)
        return None
    return section if isinstance(section, Mapping) else None


def _has_keys(section: Any, keys: tuple[str, ...]) -> bool:
    """Whether `section` is a mapping with a non-empty value for each of `keys`."""
    return isinstance(section, Mapping) and all(section.get(k) not in (None, "") for k in keys)


def auth_configured() -> bool:
    """Whether Streamlit's native login (OIDC) is configured in the secrets."""
    section = _auth_section()
    if section is None or not _has_keys(section, AUTH_KEYS):
        return False
    if _has_keys(section, PROVIDER_KEYS):
        return True
    return any(_has_keys(value, PROVIDER_KEYS) for value in section.values())


def user_logged_in() -> bool:
    """Whether `st.user` is a logged-in user (False when there is no user information)."""
    try:
        return st.user.is_logged_in is True
    except Exception:  # st.user has no is_logged_in without auth, or outside a session
        return False


def current_mode() -> Mode:
    """'exact' only with login configured and a logged-in user; 'public' otherwise.

    Decided once per run of the dashboard (every query, chart and download asks; without a
    secrets file Streamlit looks for one again at each question), so one run never mixes modes.
    """
    return filters.once_per_run("mode", _decide)


def _decide() -> Mode:
    return EXACT if auth_configured() and user_logged_in() else PUBLIC


def mode_notice(mode: Mode, lang: str = "nl") -> str:
    """The sentence a page shows about its mode, in `lang` ('nl' or 'en')."""
    return i18n.text(MODE_NOTICE[mode], lang)


__all__ = ["MODE_NOTICE", "auth_configured", "current_mode", "mode_notice", "user_logged_in"]
