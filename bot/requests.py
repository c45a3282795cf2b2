"""Reading request bodies: a JSON object or a clear 400."""

import json
import re
from typing import Any, Dict, Optional

from sanic.request import Request

from bot.errors import Forbidden, InvalidInput, TooLarge, UnsupportedMedia
from kefu.identity import verified_account

# A chat message is at most 1000 characters (3 bytes each in UTF-8, 6 when \u-escaped), with
# a product and JSON around it; nothing the chat API takes needs more.
MAX_JSON_BODY = 8 * 1024


def json_body(request: Request) -> Dict[str, Any]:
    """The request's JSON object. Only `application/json` is read: a cross-site form or a
    `text/plain` POST, which browsers send without asking, is refused."""
    if not request.body:
        return {}
    if (request.content_type or "").split(";")[0].strip().lower() != "application/json":
        raise UnsupportedMedia("send the body as application/json")
    if len(request.body) > MAX_JSON_BODY:
        raise TooLarge(f"a JSON body is at most {MAX_JSON_BODY} bytes")
    try:
        body = json.loads(request.body)
    except (ValueError, RecursionError):  # RecursionError: nested deeper than Python parses
        raise InvalidInput("body must be JSON") from None
    if not isinstance(body, dict):
        raise InvalidInput("body must be a JSON object")
    return body


MAX_SKU_LENGTH = 40
# SKUs are ASCII codes (DR-001): anything else is refused before the shop's database sees it
# (a lone surrogate, "\ud800", could not even be encoded for the query).
SKU = re.compile(r"[A-Za-z0-9_.-]+")


def product_sku(body: Dict[str, Any], shop) -> Optional[str]:
    """The optional `product` of a chat request: a SKU of the catalogue (DESIGN.md §3)."""
    sku = body.get("product")
    if sku is None:
        return None
    if not isinstance(sku, str) or len(sku) > MAX_SKU_LENGTH or not SKU.fullmatch(sku) or shop.get_product(sku) is None:
        raise InvalidInput("product must be the SKU of a product in the catalogue")
    return sku


def signed_account(body: Dict[str, Any], secret: str) -> Optional[str]:
    """The verified `account` of a new chat (DESIGN.md §3), None for an anonymous one. An
    account whose `account_hash` does not hold is refused rather than made anonymous, so that
    a shop's broken signing shows at once."""
    if body.get("account") in (None, ""):
        return None
    account = verified_account(secret, body.get("account"), body.get("account_hash"))
    if account is None:
        raise Forbidden("account_hash is not the HMAC-SHA256 of account under the shop's identity secret")
    return account


def client_address(request: Request) -> str:
    """Who sends the request, for rate limits: the proxy's word only when the settings say a
    proxy is trusted (Sanic reads X-Forwarded-For / REAL_IP_HEADER then), else the peer."""
    return (request.remote_addr or request.ip or "unknown")[:64]
