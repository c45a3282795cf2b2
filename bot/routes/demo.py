"""Demo login for the demo shop (KEFU_DEMO=1 only): a visitor picks one of the demo accounts
and the gateway signs it, as a shop's own site would after a real login (DESIGN.md §3)."""

from collections import Counter

from sanic import Blueprint, response
from sanic.request import Request

from bot.errors import NotFound
from bot.requests import json_body
from kefu.identity import account_hash


def demo_accounts(shop) -> Counter:
    """Each account that owns demo orders, with how many."""
    return Counter(shop.get_order(order_id).account for order_id in shop.list_order_ids())


def demo_routes(shop) -> Blueprint:
    bp = Blueprint("demo")
    owned = demo_accounts(shop)  # the demo shop is seeded at start and never changes

    @bp.get("/api/demo/accounts")
    async def accounts(request: Request):
        return response.json({"accounts": [{"account": a, "orders": n} for a, n in sorted(owned.items())]})

    @bp.post("/api/demo/login")
    async def login(request: Request):
        account = json_body(request).get("account")
        if not isinstance(account, str) or account not in owned:
            raise NotFound("no such demo account")
        signature = account_hash(request.app.ctx.identity_secret, account)
        return response.json({"account": account, "account_hash": signature})

    return bp
