"""Reading request bodies: a JSON object or a clear 400."""

import json
from typing import Any, Dict

from sanic.request import Request

from bot.errors import InvalidInput


def json_body(request: Request) -> Dict[str, Any]:
    try:
        body = json.loads(request.body or b"{}")
    except ValueError:
        raise InvalidInput("body must be JSON") from None
    if not isinstance(body, dict):
        raise InvalidInput("body must be a JSON object")
    return body
