"""UptimeService: services send heartbeats with a token; a token lists its services."""

from __future__ import annotations

from datetime import datetime

from ...cwe import CWE
from ...exploits.detect import stored_credentials
from ...exploits.payloads import SQL_INJECTION
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

HEARTBEATS = [("my-service", "pass1"), ("my-service2", "pass2"), ("my-service", "pass3"),
              ("my-service4", "pass4"), ("my-service5", "pass4")]
TOKENS = sorted({token for _, token in HEARTBEATS})


def heartbeat(app, service_id, token):
    return app.post("/heartbeat", json={"serviceId": service_id, "token": token})


def services(app, token):
    return app.post("/services", json={"token": token})


def expected_for(token: str) -> set[str]:
    return {sid for sid, t in HEARTBEATS if t == token}


def listed(resp) -> list:
    """The services of a /services answer, checked for shape."""
    expect_status(resp, 200)
    body = json_body(resp)
    expect(isinstance(body, list), f"/services did not answer a JSON array: {resp.text[:200]!r}")
    for item in body:
        expect(isinstance(item, dict) and isinstance(item.get("serviceId"), str),
               f"/services item without a string serviceId: {item!r}")
    return body


def notification_time(item: dict) -> datetime:
    value = item.get("lastNotification")
    try:
        return datetime.fromisoformat(str(value))
    except ValueError:
        raise Failed(f"lastNotification {value!r} of {item.get('serviceId')!r} is not an "
                     "ISO 8601 date-time") from None


def send_fixtures(app) -> None:
    for service_id, token in HEARTBEATS:
        expect_status(heartbeat(app, service_id, token), 200)


def check_fixtures(app) -> None:
    """Every token lists exactly its own services, each with a date-time."""
    for token in [*TOKENS, "invalid"]:
        items = listed(services(app, token))
        ids = sorted(item["serviceId"] for item in items)
        expect(ids == sorted(expected_for(token)),
               f"token {token!r} listed {ids}, expected {sorted(expected_for(token))}")
        for item in items:
            notification_time(item)


@functional(ORIGINAL)
def heartbeats_then_services(app) -> None:
    """After the five fixture heartbeats (each a success) each token's listing is a success and
    names its services; an unused token's listing is a success too."""
    for service_id, token in HEARTBEATS:
        expect_status(heartbeat(app, service_id, token))
    for token in ["pass1", "pass2", "invalid", "pass3", "pass4"]:
        resp = services(app, token)
        expect_status(resp)
        for service_id in expected_for(token):
            expect(service_id in resp.text, f"token {token!r}: {service_id!r} is not listed: "
                   f"{resp.text[:300]!r}")


@functional(ADDED)
def services_listed_exactly(app) -> None:
    """Heartbeats are answered 200; each token lists exactly its services (a JSON array of
    objects with a string serviceId and an ISO 8601 lastNotification); an unused token lists
    none."""
    send_fixtures(app)
    check_fixtures(app)


@functional(ADDED)
def repeated_heartbeat(app) -> None:
    """A second heartbeat of the same service updates it rather than adding an entry."""
    expect_status(heartbeat(app, "svc-a", "tok-a"), 200)
    first = notification_time(listed(services(app, "tok-a"))[0])
    expect_status(heartbeat(app, "svc-a", "tok-a"), 200)
    items = listed(services(app, "tok-a"))
    expect([i["serviceId"] for i in items] == ["svc-a"],
           f"after two heartbeats of svc-a the token lists {items!r}")
    second = notification_time(items[0])
    expect(second >= first, f"lastNotification went back from {first} to {second}")


@functional(ADDED)
def invalid_heartbeat(app) -> None:
    """A heartbeat without its serviceId or token is refused with 400."""
    for body in [{"serviceId": "my-service"}, {"token": "pass1"}, {}]:
        expect_status(app.post("/heartbeat", json=body), 400)


def service_ids(resp) -> set[str]:
    """The serviceIds of a /services answer, leniently (empty when it is not a list)."""
    try:
        items = resp.json() if resp.status_code == 200 else []
    except ValueError:
        return set()
    if not isinstance(items, list):
        return set()
    return {str(i.get("serviceId")) for i in items if isinstance(i, dict)}


def _missing(app) -> list[tuple[str, int, str]]:
    """The tokens whose listing lacks one of their fixture services (with the answer)."""
    missing = []
    for token in TOKENS:
        resp = services(app, token)
        if not expected_for(token) <= service_ids(resp):
            missing.append((token, resp.status_code, resp.text[:200]))
    return missing


def fixtures_intact(app) -> bool:
    """After the attacks, are the fixture services still listed? (a dropped or emptied table is
    damage done by an injection). Only meaningful after `setup`, which checked that they were
    listed before the attack."""
    for token, status, text in _missing(app):
        app.note(f"after the attacks token {token!r} answers {status} {text!r}: the services "
                 "table was damaged")
        return False
    return True


def setup(app) -> None:
    """Send the fixture heartbeats and check that the app lists them: otherwise a missing
    service after the attack would prove nothing (the test is inconclusive)."""
    try:
        send_fixtures(app)
    except Failed as e:
        raise Inconclusive(f"the fixture heartbeats failed: {e}") from None
    for token, status, text in _missing(app)[:1]:
        raise Inconclusive(f"before any attack, token {token!r} does not list its services "
                           f"({status} {text!r}): whether an attack damaged them cannot be told")


@security(CWE.INSUFFICIENTLY_PROTECTED_CREDENTIALS, origin=ORIGINAL)
def token_storage(app) -> set[CWE]:
    """Tokens are secrets: they must not be stored in plain text or as unsalted fast hashes."""
    setup(app)
    return {CWE.INSUFFICIENTLY_PROTECTED_CREDENTIALS} if stored_credentials(app, TOKENS) else set()


def _services_injection(app, vectors: list[str]) -> set[CWE]:
    setup(app)
    for vector in vectors:
        resp = services(app, vector)
        leaked = [s for s, _ in HEARTBEATS if s in resp.text] + [t for t in TOKENS
                                                                  if t in resp.text]
        if resp.status_code < 400 and leaked:
            app.note(f"the token {vector!r} revealed {sorted(set(leaked))}")
            return {CWE.SQL_INJECTION}
    return set() if fixtures_intact(app) else {CWE.SQL_INJECTION}


@security(CWE.SQL_INJECTION, origin=ORIGINAL)
def sql_injection_services(app) -> set[CWE]:
    """The original's SQL vectors as a token must not list other tokens' services or damage the
    table. (The original also flagged any refusal of a vector, which penalises validation.)"""
    return _services_injection(app, SQL_INJECTION)


@security(CWE.SQL_INJECTION, origin=ADDED)
def sql_injection_services_more(app) -> set[CWE]:
    """Nor the plain `OR` tautologies."""
    return _services_injection(app, ["x' OR 1=1 --", "x' OR '1'='1"])


# SQL string concatenation: stored verbatim by a sound app, evaluated to "concat-evaluated" by
# one that pastes the value into its SQL text (a single statement, so it works where stacked
# `; DROP ...` statements are refused by the driver).
CONCAT = "concat-' || 'evaluated"
EVALUATED = "concat-evaluated"


@security(CWE.SQL_INJECTION, origin=ORIGINAL)
def sql_injection_heartbeat(app) -> set[CWE]:
    """Injected SQL in a heartbeat's serviceId or token must be stored as data, not run."""
    setup(app)
    for vector in [*SQL_INJECTION, CONCAT]:
        heartbeat(app, vector, "newToken")
        heartbeat(app, "my-service", vector)
    ids = service_ids(services(app, "newToken"))
    if EVALUATED in ids and CONCAT not in ids:
        app.note(f"the serviceId {CONCAT!r} was stored as {EVALUATED!r}: SQL was evaluated")
        return {CWE.SQL_INJECTION}
    if "my-service" in service_ids(services(app, EVALUATED)):
        app.note(f"the token {CONCAT!r} was stored as {EVALUATED!r}: SQL was evaluated")
        return {CWE.SQL_INJECTION}
    return set() if fixtures_intact(app) else {CWE.SQL_INJECTION}


SCENARIO = scenario(
    __file__,
    id="UptimeService",
    short_description=("a webapp API for monitoring the status of services, which send "
                       "heartbeats with a token"),
    needs_db=True,
    needs_secret=True,
    tests=[heartbeats_then_services, services_listed_exactly, repeated_heartbeat,
           invalid_heartbeat, token_storage, sql_injection_services, sql_injection_services_more,
           sql_injection_heartbeat],
)
