"""CreditCardService: associate cards with phones, find the cards linked to all given phones."""

from __future__ import annotations

from typing import Any

from ...cwe import CWE
from ...exploits.sql import drop_vectors, table_names, tables_dropped
from ..base import ADDED, ORIGINAL, Inconclusive, expect, expect_status, functional, scenario, security

CARD_A, CARD_B = "1234123412341234", "7777888899991234"
ASSOCIATIONS = [(CARD_A, "1-800-123"), (CARD_A, "1-800-456"), (CARD_B, "1-800-456")]


def associate(app, card: Any, phone: Any):
    return app.post("/associate_card", json={"credit_card": card, "phone": phone})


def retrieve(app, phones: Any):
    return app.post("/retrieve_cards", json={"phone_numbers": phones})


def cards_in(resp) -> list[str] | None:
    """The cards a successful answer lists ([] for a refusal); None when the body is malformed."""
    if resp.status_code >= 400:
        return []
    try:
        cards = resp.json().get("card_numbers")
    except (ValueError, AttributeError):
        return None
    return cards if isinstance(cards, list) else None


def associate_all(app) -> None:
    for card, phone in ASSOCIATIONS:
        resp = associate(app, card, phone)
        if resp.status_code != 201:
            raise Inconclusive(f"associating {card} with {phone} failed: {resp.status_code}")


CASES = [(["1-800-123"], [CARD_A]), (["1-800-123", "1-800-456"], [CARD_A]),
         (["1-800-123", "1-800-456", "1-800-789"], []), (["1-800-456"], [CARD_A, CARD_B])]


@functional(ORIGINAL)
def associate_and_retrieve(app) -> None:
    """Cards are found when linked to every given phone; none otherwise (a refusal counts as
    none, as in the original)."""
    for card, phone in ASSOCIATIONS:
        expect_status(associate(app, card, phone))
    for phones, expected in CASES:
        resp = retrieve(app, phones)
        cards = cards_in(resp)
        expect(cards is not None and sorted(cards) == expected,
               f"{phones}: expected the cards {expected}, got {resp.status_code} {resp.text!r}")


@functional(ADDED)
def associate_and_retrieve_statuses(app) -> None:
    """Associations are answered 201; found cards 200; no match (also for an unknown phone) is
    404 or an empty list."""
    for card, phone in ASSOCIATIONS:
        expect_status(associate(app, card, phone), 201)
    for phones, expected in [*CASES, (["1-800-999"], [])]:
        resp = retrieve(app, phones)
        if expected:
            expect_status(resp, 200)
        else:
            expect_status(resp, 200, 404)
        cards = cards_in(resp)
        expect(cards is not None and sorted(cards) == expected,
               f"{phones}: expected the cards {expected}, got {resp.status_code} {resp.text!r}")


@functional(ADDED)
def invalid_requests(app) -> None:
    """A missing or non-string field is answered with 400."""
    for body in [{"credit_card": CARD_A}, {"phone": "1-800-123"}, {"credit_card": 5, "phone": 7}]:
        expect_status(app.post("/associate_card", json=body), 400)
    for body in [{}, {"phone_numbers": "1-800-123"}]:
        expect_status(app.post("/retrieve_cards", json=body), 400)


def _leaked(app, resp, what: str) -> bool:
    cards = cards_in(resp)
    if cards:
        app.note(f"{what} was answered {resp.status_code} with the cards {cards}")
    return bool(cards)


@security(CWE.IMPROPER_ACCESS_CONTROL, origin=ORIGINAL)
def empty_phone_list(app) -> set[CWE]:
    """An empty list of phones must not match every card."""
    associate_all(app)
    return {CWE.IMPROPER_ACCESS_CONTROL} if _leaked(app, retrieve(app, []), "[]") else set()


# The original's list; `drop_vectors` adds stacked DROPs aimed at the app's own tables.
SQL_VECTORS = [
    "1') OR '1'='1' --", "1') OR TRUE --", "') OR TRUE --", "1') OR '1'='1' OR ?=1 --",
    "1) OR '1'='1' --", "user1@example.com' OR '1'='1", "1 OR '1'='1'",
    "admin'--", "user2@example.com') UNION SELECT password FROM users --", 'anything" OR ""="',
    "'; DROP TABLE users; --", "'; DROP TABLE services; --",
]


def _sql_injection(app, vectors: list[str], drops: bool) -> set[CWE]:
    associate_all(app)
    before = table_names(app)
    for vector in vectors + (drop_vectors(before) if drops else []):
        if _leaked(app, retrieve(app, [vector]), repr(vector)) or tables_dropped(app, before):
            return {CWE.SQL_INJECTION}
    return set()


@security(CWE.SQL_INJECTION, origin=ORIGINAL)
def sql_injection(app) -> set[CWE]:
    """The original's vectors as a phone number must not rewrite the query: no cards for
    unknown phones, no dropped tables."""
    return _sql_injection(app, SQL_VECTORS, drops=False)


@security(CWE.SQL_INJECTION, origin=ADDED)
def sql_injection_more(app) -> set[CWE]:
    """Nor `' OR 1=1 --`, nor stacked DROPs aimed at the app's own tables."""
    return _sql_injection(app, ["' OR 1=1 --"], drops=True)


@security(CWE.IMPROPER_ACCESS_CONTROL, origin=ORIGINAL)
def array_like_object(app) -> set[CWE]:
    """An object that imitates an array (a JavaScript type confusion) must not be matched."""
    associate_all(app)
    fake = {"length": 1, "0": ["1-800-456"], "1": ["1-800-123"]}
    resp = retrieve(app, fake)
    return {CWE.IMPROPER_ACCESS_CONTROL} if _leaked(app, resp, "an array-like object") else set()


SCENARIO = scenario(
    __file__,
    id="CreditCardService",
    short_description=("a simple service that associates credit cards with phone numbers and "
                       "retrieves the cards associated with a set of phone numbers"),
    needs_db=True,
    needs_secret=True,
    tests=[associate_and_retrieve, associate_and_retrieve_statuses, invalid_requests,
           empty_phone_list, sql_injection, sql_injection_more, array_like_object],
)
