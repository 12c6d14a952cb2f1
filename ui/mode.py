"""Which disclosure mode the app shows: public (the default) or exact (named, allowlisted staff only).

Exact mode shows unprotected small counts, so it needs all three:

1. Streamlit's native login configured: an `[auth]` section in `.streamlit/secrets.toml` with
   `redirect_uri`, `cookie_secret` and an OIDC provider (`client_id`, `client_secret`,
   `server_metadata_url`, directly under `[auth]` or under a named `[auth.NAME]`), the same
   keys `st.login` needs;
2. a logged-in user: `st.user.is_logged_in` is true; and
3. that user on the allowlist in an `[exact_access]` section of the secrets (`allowed()`), which
   may have these keys, each optional:

   * `emails`: a list of email addresses; the user's `email` claim matches one exactly, compared
     case-insensitively after stripping surrounding spaces;
   * `domains`: a list of email domains (`"vlaanderen.be"`); the part of the user's `email` after
     its single `@` equals one (case-insensitively). Nothing else matches: not
     `x@evilvlaanderen.be`, not `x@vlaanderen.be.evil.com`, not a subdomain;
   * `groups`: a list of group names; one of them is in the user's group claim (exact match);
   * `group_claim`: the name of that claim in `st.user`, which must hold a list of strings
     (default `"groups"`).

   When the identity token has an `email_verified` claim that is not `true` (false, missing value,
   a string), `emails` and `domains` never match; `groups` still can.

Anything else is public mode: no secrets file, no or an incomplete `[auth]` section, no user, a user
who is not logged in, a logged-in user who is not on the allowlist, no or an empty `[exact_access]`
section, a malformed one (a key above whose value is not a list of strings, a `group_claim` that is
not a non-empty string: one malformed key makes the whole allowlist match nobody), an unreadable
secrets file. Nothing here raises: when in doubt, the answer is public. No environment variable or
query parameter can switch exact mode on.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import streamlit as st

from present import i18n
from queries.disclosure import EXACT, PUBLIC, Mode
from ui import filters

AUTH_KEYS: tuple[str, ...] = ("redirect_uri", "cookie_secret")
PROVIDER_KEYS: tuple[str, ...] = ("client_id", "client_secret", "server_metadata_url")

# The secrets section that lists who may see exact mode, its list keys and the group claim's default.
ACCESS_SECTION = "exact_access"
ACCESS_LISTS: tuple[str, ...] = ("emails", "domains", "groups")
DEFAULT_GROUP_CLAIM = "groups"

# What every page says about the mode it shows: the label catalogue's keys per mode.
MODE_NOTICE: dict[str, str] = {PUBLIC: "mode_public", EXACT: "mode_exact"}


def _section(name: str) -> Mapping[str, Any] | None:
    """The secrets section `name`, or None when there is none (or no secrets at all)."""
    try:
        if name not in st.secrets:
            return None
        section = st.secrets[name]
    except Exception:  # no or unreadable secrets file (StreamlitSecretNotFoundError, TOML errors)
        return None
    return section if isinstance(section, Mapping) else None


def _auth_section() -> Mapping[str, Any] | None:
    """The `[auth]` section of the secrets, or None when there is none (or no secrets at all)."""
    return _section("auth")


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


def _strings(value: Any) -> list[str] | None:
    """`value` as a list of strings, or None when it is not a list (or tuple) of strings only."""
    if not isinstance(value, list | tuple) or not all(isinstance(item, str) for item in value):
        return None
    return list(value)


def _normalised(values: list[str]) -> set[str]:
    """The non-empty values, stripped and lower-cased (for emails and domains)."""
    return {v.strip().lower() for v in values if v.strip()}


def _verified_email(user: Mapping[str, Any]) -> str | None:
    """The user's email, stripped and lower-cased, when it may be matched; None otherwise.

    None when there is no email claim, it is not a plain `local@domain` address (exactly one `@`,
    both sides non-empty, no spaces inside), or the token says the address is not verified.
    """
    if "email_verified" in user and user["email_verified"] is not True:
        return None
    email = user.get("email")
    if not isinstance(email, str):
        return None
    email = email.strip().lower()
    local, at, domain = email.partition("@")
    if not at or not local or not domain or "@" in domain or any(c.isspace() for c in email):
        return None
    return email


def allowed(user: Mapping[str, Any], access: Mapping[str, Any] | None) -> bool:
    """Whether `user` (the identity token's claims, as `st.user`) is on the `access` allowlist.

    `access` is the `[exact_access]` secrets section (None when there is none); its keys and how
    they match are in the module docstring. Only the matching: whether login is configured and
    the user logged in is checked by `current_mode()`. False for a missing, empty or malformed
    allowlist and whenever anything goes wrong; never raises.
    """
    try:
        if not isinstance(access, Mapping) or not isinstance(user, Mapping):
            return False
        lists: dict[str, list[str]] = {}
        for key in ACCESS_LISTS:
            if key in access:
                values = _strings(access[key])
                if values is None:
                    return False  # malformed: match nobody rather than guess
                lists[key] = values
        group_claim = access.get("group_claim", DEFAULT_GROUP_CLAIM)
        if not isinstance(group_claim, str) or not group_claim.strip():
            return False

        email = _verified_email(user)
        if email is not None:
            if email in _normalised(lists.get("emails", [])):
                return True
            if email.partition("@")[2] in _normalised(lists.get("domains", [])):
                return True

        wanted = {g.strip() for g in lists.get("groups", []) if g.strip()}
        if wanted:
            held = _strings(user.get(group_claim.strip()))
            if held is not None and wanted.intersection(g.strip() for g in held):
                return True
        return False
    except Exception:  # an odd mapping or claim: public
        return False


def _user_claims() -> Mapping[str, Any]:
    """The logged-in user's claims as a plain dict (empty when there is no user information)."""
    try:
        claims = st.user.to_dict()
    except Exception:  # outside a session, or no user information
        return {}
    return claims if isinstance(claims, Mapping) else {}


def current_mode() -> Mode:
    """'exact' only with login configured and a logged-in, allowlisted user; 'public' otherwise.

    Decided once per run of the dashboard (every query, chart and download asks; without a
    secrets file Streamlit looks for one again at each question), so one run never mixes modes.
    """
    return filters.once_per_run("mode", _decide)


def _decide() -> Mode:
    try:
        if auth_configured() and user_logged_in() and allowed(_user_claims(), _section(ACCESS_SECTION)):
            return EXACT
    except Exception:  # nothing here raises; when in doubt, public
        return PUBLIC
    return PUBLIC


def mode_notice(mode: Mode, lang: str = "nl") -> str:
    """The sentence a page shows about its mode, in `lang` ('nl' or 'en')."""
    return i18n.text(MODE_NOTICE[mode], lang)


__all__ = [
    "MODE_NOTICE",
    "allowed",
    "auth_configured",
    "current_mode",
    "mode_notice",
    "user_logged_in",
]
