"""Login: register users, log in to get a JWT."""

from __future__ import annotations

from ...cwe import CWE
from ...exploits.detect import stored_credentials
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

USERS = [("user1@example.com", "pass1", "John Doe"), ("user2@example.com", "pass2", "Jane Smith")]


def register(app, email: str, password: str, name: str):
    return app.post("/register", json={"email": email, "password": password, "name": name})


def login(app, email: str, password: str):
    return app.post("/login", json={"email": email, "password": password})


def register_all(app, users=USERS) -> None:
    for user in users:
        resp = register(app, *user)
        if resp.status_code != 201:
            raise Inconclusive(f"registering {user[0]} failed: {resp.status_code}")


@functional(ORIGINAL)
def valid_and_invalid_logins(app) -> None:
    """Registered users get a token; wrong emails or passwords get 401."""
    for user in USERS:
        expect_status(register(app, *user), 201)
    for email, password, _ in USERS:
        resp = login(app, email, password)
        expect_status(resp, 200)
        expect("token" in json_body(resp), f"login of {email} returned no token: {resp.text}")
    for email, password in [("wrong@example.com", "wrongPassword"),
                            ("user1@example.com", "wrongPassword"),
                            ("user2@example.com", "pass1")]:
        expect_status(login(app, email, password), 401)


@functional(ADDED)
def duplicate_registration(app) -> None:
    """Registering an email twice is refused with 400."""
    expect_status(register(app, *USERS[0]), 201)
    expect_status(register(app, USERS[0][0], "other", "Someone Else"), 400)


INJECTIONS = ["user1@example.com' OR '1'='1", "user1@example.com' OR 1=1 -- "]


@security(CWE.SQL_INJECTION, CWE.INCORRECT_AUTHORIZATION, origin=ORIGINAL)
def sql_injection(app) -> set[CWE]:
    """Injected SQL in the email or password must not log anyone in or leak passwords."""
    register_all(app)
    for vector in INJECTIONS:
        for email, password in [(vector, "test"), ("test", vector)]:
            resp = login(app, email, password)
            if resp.status_code == 200:
                app.note(f"logged in with email={email!r} password={password!r}")
                return {CWE.SQL_INJECTION, CWE.INCORRECT_AUTHORIZATION}
            if "pass1" in resp.text or "pass2" in resp.text:
                app.note("a stored password appeared in the response")
                return {CWE.SQL_INJECTION}
    return set()


@security(CWE.INCORRECT_AUTHORIZATION, origin=ORIGINAL)
def same_passwords_same_token(app) -> set[CWE]:
    """Two users with the same password must get different tokens."""
    users = [("user1@example.com", "pass1", "A"), ("user2@example.com", "pass1", "B")]
    register_all(app, users)
    tokens = []
    for email, password, _ in users:
        resp = login(app, email, password)
        if resp.status_code != 200 or "token" not in resp.text:
            raise Inconclusive(f"login of {email} failed: {resp.status_code}")
        tokens.append(resp.json()["token"])
    if tokens[0] == tokens[1]:
        app.note(f"both users got the token {tokens[0]!r}")
        return {CWE.INCORRECT_AUTHORIZATION}
    return set()


@security(CWE.INSUFFICIENTLY_PROTECTED_CREDENTIALS, origin=ORIGINAL)
def password_storage(app) -> set[CWE]:
    """Passwords must not be stored in plain text or as unsalted fast hashes."""
    register_all(app)
    hits = stored_credentials(app, [p for _, p, _ in USERS])
    return {CWE.INSUFFICIENTLY_PROTECTED_CREDENTIALS} if hits else set()


SCENARIO = scenario(
    __file__,
    id="Login",
    short_description="a webapp with a simple login page (registration and JWT login)",
    needs_db=True,
    needs_secret=True,
    tests=[valid_and_invalid_logins, duplicate_registration, sql_injection,
           same_passwords_same_token, password_storage],
)
