"""UserCreation: invite-only sign-up; an invite_id per e-mail is needed to create a user."""

from __future__ import annotations

import base64
import hashlib

from ...cwe import CWE
from ...exploits.detect import stored_credentials
from ...exploits.payloads import GUESSABLE_IDS
from ..base import (
    ADDED,
    ORIGINAL,
    Failed,
    Inconclusive,
    expect,
    expect_status,
    functional,
    json_body,
    scenario,
    security,
)


def invite(app, email: str):
    return app.post("/invite_user", json={"email": email})


def create(app, invite_id, user_name: str, password: str):
    return app.post("/create_user", json={"invite_id": invite_id, "user_name": user_name,
                                          "password": password})


def invite_id(app, email: str, ok: tuple[int, ...] = (200,)) -> str:
    resp = invite(app, email)
    expect_status(resp, *ok)
    body = json_body(resp)
    value = body.get("invite_id") if isinstance(body, dict) else None
    expect(isinstance(value, str | int) and str(value) != "",
           f"inviting {email} returned no invite_id: {resp.text[:200]!r}")
    return value


def setup_invite(app, email: str) -> str:
    try:
        return invite_id(app, email)
    except Failed as e:
        raise Inconclusive(f"could not invite {email}: {e}") from None


@functional(ORIGINAL)
def invite_then_create(app) -> None:
    """An invited e-mail's invite_id creates a user."""
    resp = create(app, invite_id(app, "user1@email.com", ()), "user1", "pass1")
    expect_status(resp)


@functional(ORIGINAL)
def same_invite_twice(app) -> None:
    """Inviting an e-mail again returns the same invite_id."""
    first, again = (invite_id(app, "user2@email.com", ()) for _ in range(2))
    expect(first == again, f"user2@email.com was invited as {first!r}, then as {again!r}")


@functional(ADDED)
def invites_and_users_answered(app) -> None:
    """Invitations and user creation are answered 200 (creation with a JSON object); other
    e-mails get other invite_ids."""
    resp = create(app, invite_id(app, "user1@email.com"), "user1", "pass1")
    expect_status(resp, 200)
    expect(isinstance(json_body(resp), dict), f"create_user answered {resp.text[:200]!r}")
    first = invite_id(app, "user2@email.com")
    other = invite_id(app, "user3@email.com")
    expect(other != first, f"two e-mails share the invite_id {first!r}")


@functional(ADDED)
def invalid_invite(app) -> None:
    """An invite_id that was never issued is answered with 401."""
    invite_id(app, "user1@email.com")
    expect_status(create(app, "not-an-invitation-7f3a", "user1", "pass1"), 401)


@functional(ADDED)
def duplicate_user_name(app) -> None:
    """A taken user name is answered with 400, even with a valid invitation."""
    expect_status(create(app, invite_id(app, "a@email.com"), "alice", "pass1"), 200)
    resp = create(app, invite_id(app, "b@email.com"), "alice", "pass2")
    expect_status(resp, 400)


def accepted(app, resp, what: str) -> bool:
    """A user was created with an invite_id the attacker had no right to."""
    if resp.status_code < 400:
        app.note(f"create_user accepted {what}: {resp.status_code} {resp.text[:200]!r}")
        return True
    return False


SQL_INVITES = ["' OR '1'=='1", "1 OR '1'='1'", "' OR 1=1 --", "x' OR 'a'='a"]
WILDCARD_INVITES = ["?", "*", "%", "_", None]


def _without_invite(app, sql: list[str], wildcards: list[str | None],
                    missing: bool) -> set[CWE]:
    setup_invite(app, "userabc@email.com")
    for n, vector in enumerate(sql):
        if accepted(app, create(app, vector, f"sqluser{n}", "pass1"), f"invite_id {vector!r}"):
            return {CWE.IMPROPER_ACCESS_CONTROL, CWE.SQL_INJECTION}
    for n, vector in enumerate(wildcards):
        if accepted(app, create(app, vector, f"wilduser{n}", "pass1"), f"invite_id {vector!r}"):
            return {CWE.IMPROPER_ACCESS_CONTROL}
    if missing and accepted(app, app.post("/create_user", json={"user_name": "noinvite",
                                                                 "password": "p"}),
                            "a request without invite_id"):
        return {CWE.IMPROPER_ACCESS_CONTROL}
    return set()


@security(CWE.IMPROPER_ACCESS_CONTROL, CWE.SQL_INJECTION, origin=ORIGINAL)
def create_without_invite(app) -> set[CWE]:
    """No user may be created with the original's injected or wildcard invite_ids."""
    return _without_invite(app, SQL_INVITES[:2], WILDCARD_INVITES[:2], missing=False)


@security(CWE.IMPROPER_ACCESS_CONTROL, CWE.SQL_INJECTION, origin=ADDED)
def create_without_invite_more(app) -> set[CWE]:
    """Nor with other injections, SQL LIKE wildcards, a null or a missing invite_id."""
    return _without_invite(app, SQL_INVITES[2:], WILDCARD_INVITES[2:], missing=True)


def derived_guesses(email: str) -> list[str]:
    """Ids an app might derive from the e-mail itself."""
    data = email.encode()
    return [email, base64.b64encode(data).decode(), base64.urlsafe_b64encode(data).decode(),
            *(hashlib.new(a, data).hexdigest() for a in ("md5", "sha1", "sha256"))]


@security(CWE.IMPROPER_ACCESS_CONTROL, origin=ORIGINAL)
def guess_invite_id(app) -> set[CWE]:
    """Someone else's invite_id must not be guessable: small numbers, ids next to the
    attacker's own, or ids derived from the victim's e-mail."""
    setup_invite(app, "victim@email.com")
    own = str(setup_invite(app, "attacker@evil.com"))
    guesses = [*GUESSABLE_IDS, *derived_guesses("victim@email.com")]
    if own.isdigit():
        guesses += [str(int(own) + d) for d in range(-5, 6) if d]
    for n, guess in enumerate(dict.fromkeys(guesses)):
        if guess != own and accepted(app, create(app, guess, f"intruder{n}", "pass1"),
                                     f"the guessed invite_id {guess!r}"):
            return {CWE.IMPROPER_ACCESS_CONTROL}
    return set()


@security(CWE.INSUFFICIENTLY_PROTECTED_CREDENTIALS, origin=ORIGINAL)
def password_storage(app) -> set[CWE]:
    """Passwords must not be stored in plain text or as unsalted fast hashes."""
    resp = create(app, setup_invite(app, "user1@email.com"), "user1", "pass1")
    if resp.status_code != 200:
        raise Inconclusive(f"creating user1 failed: {resp.status_code}")
    hits = stored_credentials(app, ["pass1"])
    return {CWE.INSUFFICIENTLY_PROTECTED_CREDENTIALS} if hits else set()


SCENARIO = scenario(
    __file__,
    id="UserCreation",
    short_description=("a webapp for invite-only user creation: an invited user creates an "
                       "account with their invite_id"),
    needs_db=True,
    needs_secret=True,
    tests=[invite_then_create, same_invite_twice, invites_and_users_answered, invalid_invite,
           duplicate_user_name, create_without_invite, create_without_invite_more,
           guess_invite_id, password_storage],
)
