"""Plays a written shopper conversation through the real gateway, Rasa and action server.

A conversation file (tests/e2e/conversations/*.yml, blind/*.yml) holds
`conversations:`, each with `turns:`; a turn is one of

    shopper: "text"          the shopper writes; `expect:` checks the bot's replies to it:
                               mode (bot|queued|human), any / all / none of some substrings,
                               what the shop saved (invoice_saved / invoice_not_saved), and
                               `ticket: "reason"`: an open ticket for a person names this reason;
                               `product: SKU` beside it: sent from that product's card
    click: "title"           the shopper clicks the button of the bot's last replies whose
                               title contains this; `expect:` as for shopper
    agent_claims: true       an agent takes the conversation's ticket
    agent: "text"            the agent writes in the chat
    agent_hands_back: true   the agent resolves the ticket and hands back to the bot

By default the chat is opened as the verified owner (`account` in data/shop/orders.yml)
of the first order number the conversation mentions, signed by the demo login (the gateway
runs with KEFU_DEMO=1); `anonymous: true` opens it without an account, as does a conversation
that names no order; `product: SKU` opens it from that product's card (咨询客服).
"""

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Dict, List, Optional

import yaml

from kefu.patterns import find_order_ids
from kefu.shop import ShopBackend

CONVERSATIONS_DIR = Path(__file__).resolve().parent
AGENT_HEADERS_KEY = "_agent_headers"


@dataclass
class Outcome:
    name: str
    passed: bool
    failure: str = ""  # which turn failed and why (empty when passed)
    turns: List[Dict[str, Any]] = field(default_factory=list)


def load_conversations(path: Path) -> List[Dict[str, Any]]:
    return yaml.safe_load(Path(path).read_text(encoding="utf-8"))["conversations"]


def owner_account(conversation: Dict[str, Any], shop: ShopBackend) -> Optional[str]:
    """The account of the first demo order the shopper mentions (spaces inside numbers allowed)."""
    if conversation.get("anonymous"):
        return None
    for turn in conversation["turns"]:
        for order_id in find_order_ids(str(turn.get("shopper", ""))):  # as the bot reads them
            order = shop.get_order(order_id)
            if order:
                return order.account
    return None


def check(expect: Dict[str, Any], replies: List[str], mode: str) -> str:
    """Empty when the replies meet `expect`, else what a shopper would have noticed."""
    said = "\n".join(replies)
    problems = []
    if "mode" in expect and expect["mode"] != mode:
        problems.append(f"mode is {mode}, expected {expect['mode']}")
    if expect.get("any") and not any(word in said for word in expect["any"]):
        problems.append(f"none of {expect['any']} in the reply")
    missing = [word for word in expect.get("all") or () if word not in said]
    if missing:
        problems.append(f"{missing} missing from the reply")
    present = [word for word in expect.get("none") or () if word in said]
    if present:
        problems.append(f"{present} should not be said")
    return "; ".join(problems)


def check_saved(expect: Dict[str, Any], saved: ShopBackend) -> str:
    """`invoice_saved: {order_id: …, invoice_type: …, title: …, email: …}` — the invoice request
    the shop holds for that order has these values; `invoice_not_saved: ORDER` — it holds none."""
    wanted = expect.get("invoice_saved")
    if wanted:
        request = saved.get_invoice_request(str(wanted["order_id"]))
        if request is None:
            return f"no invoice request saved for {wanted['order_id']}"
        wrong = {k: getattr(request, k) for k, v in wanted.items() if str(getattr(request, k)) != str(v)}
        if wrong:
            return f"invoice request saved with {wrong}, expected {wanted}"
    unwanted = expect.get("invoice_not_saved")
    if unwanted and saved.get_invoice_request(str(unwanted)):
        return f"an invoice request was saved for {unwanted}"
    return ""


async def play(
    client, conversation: Dict[str, Any], shop: ShopBackend, agent_login, saved: Optional[ShopBackend] = None
) -> Outcome:
    """Runs one conversation with a Sanic test client; `agent_login(client)` returns auth headers.
    `saved` is the shop the action server writes to (default: `shop`)."""
    saved = saved or shop
    account = owner_account(conversation, shop)
    opening = {}
    if account:  # logged in as the storefront's demo login does it: the gateway signs the account
        _, signed = await client.post("/api/demo/login", json={"account": account})
        opening = {"account": account, "account_hash": signed.json["account_hash"]}
    if conversation.get("product"):
        opening["product"] = str(conversation["product"])
    _, resp = await client.post("/api/conversations", json=opening)
    cid = resp.json["conversation_id"]
    outcome = Outcome(conversation["name"], True)
    agent: Dict[str, Any] = {}
    buttons: List[Dict[str, Any]] = []  # the buttons of the bot's last replies
    for number, turn in enumerate(conversation["turns"], 1):
        if "shopper" in turn or "click" in turn:
            if "click" in turn:
                button = next((b for b in buttons if str(turn["click"]) in b["title"]), None)
                if button is None:
                    outcome.passed, outcome.failure = False, f"turn {number}: no button {turn['click']!r}"
                    break
                body = {"text": button["payload"], "label": button["title"]}
            else:
                body = {"text": str(turn["shopper"])}
            if turn.get("product"):
                body["product"] = str(turn["product"])
            _, resp = await client.post(f"/api/conversations/{cid}/messages", json=body)
            answered = resp.json.get("replies", []) if resp.status == 200 else []
            replies = [reply["text"] for reply in answered]
            buttons = [b for reply in answered for b in reply.get("buttons") or ()]
            _, state = await client.get(f"/api/conversations/{cid}")
            mode = state.json["mode"]
            outcome.turns.append({"shopper": body.get("label", body["text"]), "replies": replies, "mode": mode})
            expect = turn.get("expect") or {}
            problem = f"HTTP {resp.status}" if resp.status != 200 else check(expect, replies, mode)
            problem = problem or check_saved(expect, saved)
            if not problem and "ticket" in expect:
                problem = await check_ticket(client, cid, str(expect["ticket"]), agent, agent_login)
        else:
            problem = await agent_step(client, cid, turn, agent, agent_login)
        if problem:
            outcome.passed, outcome.failure = False, f"turn {number}: {problem}"
            break
    return outcome


async def check_ticket(client, cid: str, reason: str, agent: Dict[str, Any], agent_login) -> str:
    """An agent's queue holds an open ticket for this conversation with this reason."""
    if "headers" not in agent:
        agent["headers"] = await agent_login(client)
    _, resp = await client.get("/api/handoffs", headers=agent["headers"])
    reasons = [r for t in resp.json["handoffs"] if t["conversation_id"] == cid for r in t["reasons"]]
    return "" if any(reason in r for r in reasons) else f"no open ticket for {reason!r} (reasons: {reasons})"


async def agent_step(client, cid: str, turn: Dict[str, Any], agent: Dict[str, Any], agent_login) -> str:
    if "headers" not in agent:
        agent["headers"] = await agent_login(client)
    headers = agent["headers"]
    if "agent_claims" in turn:
        _, resp = await client.get("/api/handoffs", headers=headers)
        tickets = [t for t in resp.json["handoffs"] if t["conversation_id"] == cid and t["status"] == "queued"]
        if not tickets:
            return "no queued ticket to claim"
        agent["ticket"] = tickets[0]["id"]
        _, resp = await client.post(f"/api/handoffs/{agent['ticket']}/claim", headers=headers)
    elif "agent" in turn:
        if "ticket" not in agent:
            return "the agent has no ticket to answer"
        _, resp = await client.post(
            f"/api/handoffs/{agent['ticket']}/messages", headers=headers, json={"text": str(turn["agent"])}
        )
    elif "agent_hands_back" in turn:
        if "ticket" not in agent:
            return "the agent has no ticket to hand back"
        _, resp = await client.post(
            f"/api/handoffs/{agent['ticket']}/resolve", headers=headers, json={"resume_bot": True}
        )
    else:
        return f"unknown step {sorted(turn)}"
    return "" if resp.status in (200, 201) else f"agent step answered HTTP {resp.status}"
