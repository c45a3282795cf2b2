"""The gateway's channel into Rasa: Rasa's REST channel, answering only requests that carry
the shared secret (credentials.yml loads it by module path, in place of `rest`)."""

import os
from typing import Any, Awaitable, Callable, Dict, Optional, Text

from rasa.core.channels.channel import UserMessage
from rasa.core.channels.rest import RestInput
from sanic import Blueprint, response
from sanic.request import Request

from kefu.internal_auth import GATEWAY_HEADER, same_secret


class GatewayInput(RestInput):
    """POST /webhooks/kefu_gateway/webhook with the header X-Kefu-Gateway-Token: $KEFU_RASA_TOKEN.
    Message metadata (the verified account, the product in focus) is trusted because only the
    gateway can send it."""

    @classmethod
    def name(cls) -> Text:
        return "kefu_gateway"

    @classmethod
    def from_credentials(cls, credentials: Optional[Dict[Text, Any]]) -> "GatewayInput":
        return cls()

    def blueprint(self, on_new_message: Callable[[UserMessage], Awaitable[None]]) -> Blueprint:
        webhook = super().blueprint(on_new_message)
        secret = os.environ.get("KEFU_RASA_TOKEN", "")

        @webhook.middleware("request")
        async def gateway_only(request: Request):
            if request.method != "GET" and not same_secret(request.headers.get(GATEWAY_HEADER), secret):
                return response.json({"error": "only the kefu gateway may send messages here"}, status=401)
            return None

        return webhook
