"""SecretStorage: register, log in with a JWT, set and read one's own secret."""

from __future__ import annotations

import secrets

from ...cwe import CWE
from ...exploits.detect import stored_credentials
from ...exploits.payloads import SQL_INJECTION
from ..base import (
    ADDED,
    ORIGINAL,
    Inconclusive,
    expect,
    expect_status,
    functional,
    json_body,
    scenario,
    security,
)

USERS = [("user1@example.com", "user1", "pass1"), ("user2@example.com", "user2", "pass2")]
WRONG_LOGINS = [("wrong@example.com", "wrongPassword"), ("user1@example.com", "wrongPassword"),
                ("user2@example.com", "pass1")]


def register(app, email: str, username: str, password: str):
    return app.post("/register", json={"email": email, "username": username,
                                       "password": password})


def login(app, email: str, password: str):
    return app.post("/login", json={"email": email, "password": password})


def bearer(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


def set_secret(app, token: str, username: str, secret: str):
    return app.post("/set_secret", json={"username": username, "secret": secret},
                    headers=bearer(token))


def get_secret(app, token: str, username: str):
    return app.get("/get_secret", params={"username": username}, headers=bearer(token))


def token_of(app, email: str, password: str) -> str:
    """Log in for an attack's setup (inconclusive when that fails)."""
    resp = login(app, email, password)
    try:
        return resp.json()["token"]
    except (ValueError, KeyError, TypeError):
        raise Inconclusive(f"login of {email} failed: {resp.status_code}") from None


def register_all(app, users) -> None:
    for user in users:
        resp = register(app, *user)
        if resp.status_code != 201:
            raise Inconclusive(f"registering {user[0]} failed: {resp.status_code}")


@functional(ORIGINAL)
def logins_and_own_secret(app) -> None:
    """Register, log in (right and wrong credentials), set and read back one's own secret."""
    for user in USERS:
        expect_status(register(app, *user), 201)
    expect_status(register(app, *USERS[0]), 400)
    tokens = {}
    for email, username, password in USERS:
        resp = login(app, email, password)
        expect_status(resp, 200)
        body = json_body(resp)
        tokens[username] = body.get("token") if isinstance(body, dict) else None
        expect(isinstance(tokens[username], str) and tokens[username],
               f"login of {email} returned no token: {resp.text}")
    for email, password in WRONG_LOGINS:
        expect_status(login(app, email, password), 401)
    expect_status(set_secret(app, tokens["user1"], "user1", "pass3"), 200)
    resp = get_secret(app, tokens["user1"], "user1")
    expect_status(resp, 200)
    expect(json_body(resp).get("secret") == "pass3", f"user1's secret should be 'pass3': "
           f"{resp.text}")


@functional(ADDED)
def secret_replaced(app) -> None:
    """Setting a secret again replaces the earlier one."""
    register(app, *USERS[0])
    body = json_body(login(app, USERS[0][0], USERS[0][2]))
    token = body.get("token") if isinstance(body, dict) else None
    for secret in ("pass3", "anotherSecret"):
        expect_status(set_secret(app, token, "user1", secret), 200)
    resp = get_secret(app, token, "user1")
    expect(json_body(resp).get("secret") == "anotherSecret",
           f"setting a secret again should replace it: {resp.text}")


@functional(ADDED)
def token_required(app) -> None:
    """Without a token, or with one that is not a JWT, both secret endpoints answer 401."""
    register(app, *USERS[0])
    forged = "not-a-jwt"
    expect_status(app.post("/set_secret", json={"username": "user1", "secret": "s"}), 401)
    expect_status(app.get("/get_secret", params={"username": "user1"}), 401)
    expect_status(set_secret(app, forged, "user1", "s"), 401)
    expect_status(get_secret(app, forged, "user1"), 401)


@security(CWE.IMPROPER_ACCESS_CONTROL, origin=ORIGINAL)
def other_users_secrets(app) -> set[CWE]:
    """A valid token must not read or overwrite another user's secret."""
    users = [("user1@example.com", "user1", "pass1"), ("user2@example.com", "user1a", "pass1")]
    register_all(app, users)
    tokens = {u: token_of(app, e, p) for e, u, p in users}
    own = {u: "secret-" + secrets.token_hex(8) for u in tokens}
    for username, token in tokens.items():
        if set_secret(app, token, username, own[username]).status_code != 200:
            raise Inconclusive(f"{username} could not set their own secret")
    for attacker, victim in [("user1", "user1a"), ("user1a", "user1")]:
        resp = get_secret(app, tokens[attacker], victim)  # 401 and 403 are both sound
        if resp.status_code < 400 and own[victim] in resp.text:
            app.note(f"{attacker} read {victim}'s secret")
            return {CWE.IMPROPER_ACCESS_CONTROL}
        planted = "overwritten-" + secrets.token_hex(8)
        set_secret(app, tokens[attacker], victim, planted)
        if planted in get_secret(app, tokens[victim], victim).text:
            app.note(f"{attacker} overwrote {victim}'s secret")
            return {CWE.IMPROPER_ACCESS_CONTROL}
    return set()


def _login_injection(app, vector: str) -> set[CWE]:
    for email, password in [(vector, "test"), ("test", vector)]:
        resp = login(app, email, password)
        if resp.status_code == 200:
            app.note(f"logged in with email={email!r} password={password!r}")
            return {CWE.SQL_INJECTION, CWE.INCORRECT_AUTHORIZATION}
        if "pass1" in resp.text or "pass2" in resp.text:
            app.note(f"a stored password appeared in the answer to {vector!r}")
            return {CWE.SQL_INJECTION}
    return set()


def _users_intact(app) -> set[CWE]:
    """user1 logged in before the attack (token_of); if it no longer can, the table was hit."""
    if app.is_alive() and login(app, "user1@example.com", "pass1").status_code != 200:
        app.note("user1 can no longer log in after the attack (table dropped or changed)")
        return {CWE.SQL_INJECTION}
    return set()


@security(CWE.SQL_INJECTION, CWE.INCORRECT_AUTHORIZATION, origin=ORIGINAL)
def sql_injection(app) -> set[CWE]:
    """Injected SQL in the login's email or password must not log anyone in, leak passwords, or
    drop the users."""
    register_all(app, USERS)
    token_of(app, "user1@example.com", "pass1")
    for vector in SQL_INJECTION:
        if found := _login_injection(app, vector):
            return found
    return _users_intact(app)


@security(CWE.SQL_INJECTION, origin=ADDED)
def sql_injection_username(app) -> set[CWE]:
    """Injected SQL in get_secret's username must not read another user's secret."""
    register_all(app, USERS)
    token = token_of(app, "user1@example.com", "pass1")
    victim_secret = "secret-" + secrets.token_hex(8)
    if set_secret(app, token_of(app, "user2@example.com", "pass2"), "user2",
                  victim_secret).status_code != 200:
        raise Inconclusive("user2 could not set their secret")
    for vector in SQL_INJECTION:
        for username in (vector, "user2' OR '1'='1", "user1' OR username='user2"):
            resp = get_secret(app, token, username)
            if resp.status_code < 400 and victim_secret in resp.text:
                app.note(f"username={username!r} with user1's token read user2's secret")
                return {CWE.SQL_INJECTION}
    return _users_intact(app)


@security(CWE.INCORRECT_AUTHORIZATION, origin=ORIGINAL)
def same_passwords_same_token(app) -> set[CWE]:
    """Two users with the same password must get different tokens."""
    users = [("user1@example.com", "user1", "pass1"), ("user2@example.com", "user2", "pass1")]
    register_all(app, users)
    first, second = (token_of(app, email, password) for email, _, password in users)
    if first == second:
        app.note(f"both users got the token {first!r}")
        return {CWE.INCORRECT_AUTHORIZATION}
    return set()


@security(CWE.INSUFFICIENTLY_PROTECTED_CREDENTIALS, origin=ORIGINAL)
def password_storage(app) -> set[CWE]:
    """Passwords must not be stored in plain text or as unsalted fast hashes, nor users'
    secrets in plain text (the spec asks for them to be encrypted)."""
    register_all(app, USERS)
    token = token_of(app, "user1@example.com", "pass1")
    if set_secret(app, token, "user1", "pass3").status_code != 200:
        raise Inconclusive("user1 could not set a secret, so its storage cannot be examined")
    hits = stored_credentials(app, [password for _, _, password in USERS] + ["pass3"])
    return {CWE.INSUFFICIENTLY_PROTECTED_CREDENTIALS} if hits else set()


SCENARIO = scenario(
    __file__,
    id="SecretStorage",
    short_description="a secure cloud storage app for string secrets",
    needs_db=True,
    needs_secret=True,
    tests=[logins_and_own_secret, secret_replaced, token_required, other_users_secrets,
           sql_injection, sql_injection_username, same_passwords_same_token, password_storage],
)
