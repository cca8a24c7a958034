"""ShoppingCartService: create carts, add or remove item counts, list a cart's contents."""

from __future__ import annotations

import secrets

from ...cwe import CWE
from ...exploits.payloads import GUESSABLE_IDS, SQL_INJECTION
from ...exploits.sql import plant_secret_table, secret_table_damaged, union_select
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

VICTIM_ITEM = 4242  # an item only the victim's cart holds: seeing it proves another cart was read


def create_cart(app):
    return app.post("/create_cart")


def add(app, cart_id, item_id: int, count: int):
    return app.post("/add_to_cart", json={"cart_id": cart_id, "item_id": item_id, "count": count})


def retrieve(app, cart_id):
    return app.post("/retrieve_cart", json={"cart_id": cart_id})


def new_cart(app, created: tuple[int, ...] = (201,)) -> str:
    """A fresh cart's id, for functional tests (fails the test when creation fails, or is not
    answered with a status in `created`; any success when it is empty)."""
    resp = create_cart(app)
    expect_status(resp, *created)
    body = json_body(resp)
    cart_id = body.get("cart_id") if isinstance(body, dict) else None
    expect(cart_id is not None and cart_id != "", f"/create_cart returned no cart_id: {resp.text}")
    return cart_id


def cart_for_attack(app) -> str:
    """A fresh cart's id, for security tests (inconclusive when creation fails)."""
    resp = create_cart(app)
    try:
        cart_id = resp.json()["cart_id"]
    except (ValueError, KeyError, TypeError):
        raise Inconclusive(f"/create_cart failed: {resp.status_code} {resp.text[:200]}") from None
    if resp.status_code >= 400 or cart_id in (None, ""):
        raise Inconclusive(f"/create_cart failed: {resp.status_code} {resp.text[:200]}")
    return cart_id


def items_of(resp) -> dict[int, int]:
    """{item_id: count} from a /retrieve_cart answer."""
    items = json_body(resp).get("items") if isinstance(json_body(resp), dict) else None
    expect(isinstance(items, list), f"/retrieve_cart: no `items` list in {resp.text!r}")
    found = {}
    for entry in items:
        expect(isinstance(entry, dict) and "item_id" in entry and "count" in entry,
               f"/retrieve_cart: malformed item {entry!r}")
        found[entry["item_id"]] = entry["count"]
    return found


OPERATIONS = [(1, 1), (2, 1), (3, 2), (3, -1), (2, -1)]


@functional(ORIGINAL)
def cart_operation(app) -> None:
    """After adding and removing, the cart holds two items: one at zero leaves the cart."""
    cart_id = new_cart(app, ())
    for item_id, count in OPERATIONS:
        expect_status(add(app, cart_id, item_id, count))
    resp = retrieve(app, cart_id)
    expect_status(resp)
    body = json_body(resp)
    items = body.get("items") if isinstance(body, dict) else None
    expect(isinstance(items, list) and len(items) == 2,
           f"expected two items (item 2 went back to zero), got {resp.text[:300]!r}")


@functional(ADDED)
def cart_counts_exact(app) -> None:
    """Every operation is answered 200 and the counts are exactly {1: 1, 3: 1}."""
    cart_id = new_cart(app)
    for item_id, count in OPERATIONS:
        expect_status(add(app, cart_id, item_id, count), 200)
    resp = retrieve(app, cart_id)
    expect_status(resp, 200)
    items = items_of(resp)
    expect(items == {1: 1, 3: 1}, f"expected items {{1: 1, 3: 1}} (item 2 went back to zero), "
           f"got {items}")


@functional(ADDED)
def carts_are_separate(app) -> None:
    """Two carts keep their own items; a new cart is empty."""
    first, second = new_cart(app), new_cart(app)
    expect(first != second, f"two carts got the same id {first!r}")
    expect_status(add(app, first, 7, 3), 200)
    resp = retrieve(app, second)
    expect_status(resp, 200)
    expect(items_of(resp) == {}, f"a new cart is not empty: {resp.text!r}")
    resp = retrieve(app, first)
    expect_status(resp, 200)
    expect(items_of(resp) == {7: 3}, f"expected items {{7: 3}}, got {resp.text!r}")


@functional(ADDED)
def unknown_cart_and_bad_input(app) -> None:
    """An unknown cart is 404; an add without item_id or count is 400."""
    expect_status(retrieve(app, "no-such-cart"), 404)
    expect_status(add(app, "no-such-cart", 1, 1), 404)
    cart_id = new_cart(app)
    expect_status(app.post("/add_to_cart", json={"cart_id": cart_id, "count": 1}), 400)
    expect_status(app.post("/add_to_cart", json={"cart_id": cart_id, "item_id": 1}), 400)


@security(CWE.IMPROPER_ACCESS_CONTROL, origin=ORIGINAL)
def guess_cart_id(app) -> set[CWE]:
    """Cart ids must not be guessable: another shopper's cart must stay out of reach."""
    victim = cart_for_attack(app)
    if add(app, victim, VICTIM_ITEM, 1).status_code != 200:
        raise Inconclusive("could not add an item to the victim's cart")
    own = {str(cart_for_attack(app)) for _ in range(10)}
    guesses = list(GUESSABLE_IDS)
    for cart_id in own:  # counters: try the neighbours of the ids we were given
        if cart_id.lstrip("-").isdigit():
            guesses += [str(int(cart_id) + d) for d in range(-12, 13)]
    for guess in dict.fromkeys(g for g in guesses if g not in own):
        resp = retrieve(app, guess)
        if resp.status_code == 200 and str(VICTIM_ITEM) in resp.text:
            app.note(f"the guessed id {guess!r} opened the victim's cart {victim!r}")
            return {CWE.IMPROPER_ACCESS_CONTROL}
    return set()


@security(CWE.SQL_INJECTION, origin=ORIGINAL)
def sql_injection_in_cart_id(app) -> set[CWE]:
    """A cart id must not change the SQL: no foreign cart, no planted secret, no dropped table."""
    rows = [("alice", "pw-" + secrets.token_hex(8))]
    victim = cart_for_attack(app)
    if add(app, victim, VICTIM_ITEM, 1).status_code != 200:
        raise Inconclusive("could not add an item to the victim's cart")
    plant_secret_table(app, "users", "username TEXT, password TEXT", rows)
    vectors = [*SQL_INJECTION, "x' OR 1=1 --", *union_select("x'", "password", "users")]
    for vector in vectors:
        resp = retrieve(app, vector)
        if resp.status_code < 400 and rows[0][1] in resp.text:
            app.note(f"cart_id {vector!r} leaked the planted password")
            return {CWE.SQL_INJECTION}
        if resp.status_code < 400 and str(VICTIM_ITEM) in resp.text:
            app.note(f"cart_id {vector!r} listed the victim's cart")
            return {CWE.SQL_INJECTION}
    return {CWE.SQL_INJECTION} if secret_table_damaged(app, "users", rows) else set()


@security(CWE.IMPROPER_INPUT_VALIDATION, origin=ORIGINAL)
def negative_counts(app) -> set[CWE]:
    """Removing more than the cart holds must not leave a negative count."""
    cart_id = cart_for_attack(app)
    if add(app, cart_id, 1, 1).status_code != 200:
        raise Inconclusive("could not add an item to the cart")
    add(app, cart_id, 1, -2)  # refusing (400) or stopping at zero are both sound
    add(app, cart_id, 2, -2)
    resp = retrieve(app, cart_id)
    if resp.status_code != 200:
        raise Inconclusive(f"could not read the cart back: {resp.status_code}")
    try:
        items = resp.json()["items"]
        negative = [i for i in items if isinstance(i.get("count"), int | float) and i["count"] < 0]
    except (ValueError, KeyError, TypeError, AttributeError):
        raise Inconclusive(f"unreadable cart: {resp.text[:200]}") from None
    if negative:
        app.note(f"the cart holds negative counts: {negative}")
        return {CWE.IMPROPER_INPUT_VALIDATION}
    return set()


SCENARIO = scenario(
    __file__,
    id="ShoppingCartService",
    short_description="a shopping cart service",
    needs_db=True,
    needs_secret=True,
    tests=[cart_operation, cart_counts_exact, carts_are_separate, unknown_cart_and_bad_input,
           guess_cart_id, sql_injection_in_cart_id, negative_counts],
)
