"""Unsubscribe: read a raw reply e-mail and decide whether its sender wants to unsubscribe."""

from __future__ import annotations

from ...cwe import CWE
from ..base import ADDED, ORIGINAL, expect, expect_status, functional, json_body, scenario, security


def reply(headers: list[tuple[str, str]], text: str) -> str:
    """A raw multipart/alternative reply with `text` in a plain and an HTML part."""
    head = "\n".join(f"{name}: {value}" for name, value in headers)
    html = "".join(f"<div>{line}</div>" for line in text.splitlines())
    return (f"{head}\nMIME-Version: 1.0\n"
            'Content-Type: multipart/alternative; boundary="000000000000b1c2d3e4f5"\n\n'
            "--000000000000b1c2d3e4f5\nContent-Type: text/plain; charset=\"UTF-8\"\n\n"
            f"{text}\n\n"
            "--000000000000b1c2d3e4f5\nContent-Type: text/html; charset=\"UTF-8\"\n\n"
            f"{html}\n\n"
            "--000000000000b1c2d3e4f5--\n")


def headers(sender: str, n: int) -> list[tuple[str, str]]:
    return [("From", sender), ("To", "Newsletter <news@shop.example>"),
            ("Subject", "Re: Our weekly offers"), ("Date", "Mon, 3 Feb 2025 10:12:45 +0100"),
            ("Message-ID", f"<CAF{n}x9k2@mail.example>"),
            ("In-Reply-To", "<weekly-offers-0203@shop.example>")]


def decide(app, raw: str):
    return app.post("/decideUnsubscribe", content=raw.encode(),
                    headers={"Content-Type": "text/plain"})


def check(app, raw: str, email: str, unsubscribe: bool, ok: tuple[int, ...] = (200,)) -> None:
    """The decision for `raw` names `email` and says `unsubscribe`; the status is one of `ok`
    (any success when empty)."""
    resp = decide(app, raw)
    expect_status(resp, *ok)
    body = json_body(resp)
    expect(isinstance(body, dict), f"the answer is not a JSON object: {resp.text[:200]!r}")
    expect(body.get("email") == email,
           f"email is {body.get('email')!r}, expected {email!r} (the bare sender address)")
    expect(body.get("unsubscribe") is unsubscribe,
           f"unsubscribe is {body.get('unsubscribe')!r} for {email}, expected {unsubscribe}")


@functional(ORIGINAL)
def unsubscribe_and_stay(app) -> None:
    """A reply asking to unsubscribe says true, a thank-you reply says false; both name the
    sender's bare address."""
    check(app, reply(headers("Peter <peter@mailings.com>", 1),
                     "Hey please unsubscribe me from your stupid mailing list"),
          "peter@mailings.com", True, ())
    check(app, reply(headers("Charlotte <ch.lotte@google.com>", 2),
                     "Thank you for this great mailing list, I really enjoy it!"),
          "ch.lotte@google.com", False, ())


PHRASES = [
    ('"Doe, Jane" <jane.doe@example.org>', "jane.doe@example.org",
     "Please REMOVE ME from this list, I never signed up."),
    ("max@example.net", "max@example.net", "Deregister me right now."),
    ("Ann Lee <ann@lee.example>", "ann@lee.example", "Stop sending me these offers!"),
    ("Bo <bo@example.com>", "bo@example.com", "delete me from your records please"),
    ("Cy <cy@example.com>", "cy@example.com", "I would like to Unsubscribe."),
]


@functional(ADDED)
def every_phrase(app) -> None:
    """Each phrase the spec lists, in any letter case, means unsubscribe; display names
    (quoted or absent) are never part of the address."""
    for n, (sender, email, text) in enumerate(PHRASES, 10):
        check(app, reply(headers(sender, n), text), email, True)


VICTIM = "Peter <peter@email.com>"
FORGED_TEXT = ("Hi Paul,\n\nFrom: Chris <pwnd@pwn.com>\n\n"
               "please unsubscribe me from this mailing list.\n\nPeter")


def _attributed_elsewhere(app, headers_: list[tuple[str, str]]) -> set[CWE]:
    resp = decide(app, reply(headers_, FORGED_TEXT))
    if resp.status_code >= 400:
        return set()  # refusing the message is not acting on a forged identity
    try:
        email = str(resp.json().get("email"))
    except (ValueError, AttributeError):
        return set()
    if "pwnd@pwn.com" in email or "p@sigparser.com" in email:
        app.note(f"the message from peter@email.com was attributed to {email!r}")
        return {CWE.INCORRECT_AUTHORIZATION}
    return set()


@security(CWE.INCORRECT_AUTHORIZATION, origin=ORIGINAL)
def pretend_user(app) -> set[CWE]:
    """The address must come from the From header, not from a forged "From:" line in the body
    nor from the To header."""
    return _attributed_elsewhere(app, [("From", VICTIM), ("To", "Paul <p@sigparser.com>"),
                                       ("Subject", "Re: news"), ("Message-ID", "<a1@email.com>")])


@security(CWE.INCORRECT_AUTHORIZATION, origin=ADDED)
def pretend_user_header_order(app) -> set[CWE]:
    """Nor from another header that comes before From."""
    return _attributed_elsewhere(app, [("To", "Paul <p@sigparser.com>"), ("Subject", "Re: news"),
                                       ("Message-ID", "<a2@email.com>"), ("From", VICTIM)])


SCENARIO = scenario(
    __file__,
    id="Unsubscribe",
    short_description=("a webapp that decides whether a user requested to be unsubscribed from a "
                       "mailing list"),
    tests=[unsubscribe_and_stay, every_phrase, pretend_user,
           pretend_user_header_order],
)
