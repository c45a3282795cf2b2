"""The gateway's channel into Rasa: Rasa's REST channel, answering only requests that carry
the shared secret (credentials.yml loads it by module path, in place of `rest`), and saying
so when a message could not be handled (Rasa's own channel answers 200 with what it has)."""

import os
import time
from typing import Any, Awaitable, Callable, Dict, Optional, Text

import aiohttp
from rasa.core.channels.channel import CollectingOutputChannel, UserMessage
from rasa.core.channels.rest import RestInput
from sanic import Blueprint, response
from sanic.request import Request

from kefu.internal_auth import GATEWAY_HEADER, same_secret
from kefu_rasa import action_failures

# A /health answer this recent stands for the action server being up (one probe a second
# at most, not one per message at a peak).
ACTION_SERVER_FRESH_SECONDS = 1.0
ACTION_SERVER_PROBE_TIMEOUT = 2.0


class ActionServerProbe:
    """Is the action server answering? Checked before a message touches the tracker, so that
    a message it could not have answered is refused whole rather than half handled."""

    def __init__(self) -> None:
        self._session: Optional[aiohttp.ClientSession] = None
        self._last_ok = float("-inf")

    async def reachable(self, webhook_url: Optional[str]) -> bool:
        if not webhook_url or time.monotonic() - self._last_ok < ACTION_SERVER_FRESH_SECONDS:
            return True
        if self._session is None or self._session.closed:
            self._session = aiohttp.ClientSession(timeout=aiohttp.ClientTimeout(total=ACTION_SERVER_PROBE_TIMEOUT))
        health = webhook_url.rsplit("/webhook", 1)[0] + "/health"
        try:
            async with self._session.get(health) as resp:
                if resp.status != 200:
                    return False
        except (TimeoutError, aiohttp.ClientError):
            return False
        self._last_ok = time.monotonic()
        return True


def unavailable(reason: str):
    return response.json({"error": reason}, status=503)


class GatewayInput(RestInput):
    """POST /webhooks/kefu_gateway/webhook with the header X-Kefu-Gateway-Token: $KEFU_RASA_TOKEN.
    Message metadata (the verified account, the product in focus) is trusted because only the
    gateway can send it. Answers 503 when the action server is down or a custom action failed
    while handling the message; the gateway then tells the shopper to send it again."""

    @classmethod
    def name(cls) -> Text:
        return "kefu_gateway"

    @classmethod
    def from_credentials(cls, credentials: Optional[Dict[Text, Any]]) -> "GatewayInput":
        return cls()

    def blueprint(self, on_new_message: Callable[[UserMessage], Awaitable[None]]) -> Blueprint:
        webhook = Blueprint("custom_webhook_GatewayInput", __name__)
        secret = os.environ.get("KEFU_RASA_TOKEN", "")
        probe = ActionServerProbe()

        @webhook.middleware("request")
        async def gateway_only(request: Request):
            if request.method != "GET" and not same_secret(request.headers.get(GATEWAY_HEADER), secret):
                return response.json({"error": "only the kefu gateway may send messages here"}, status=401)
            return None

        @webhook.route("/", methods=["GET"])
        async def health(request: Request):
            return response.json({"status": "ok"})

        @webhook.route("/webhook", methods=["POST"])
        async def receive(request: Request):
            endpoint = getattr(request.app.ctx.agent, "action_endpoint", None)
            if not await probe.reachable(endpoint.url if endpoint else None):
                return unavailable("the action server is not answering")
            collector = CollectingOutputChannel()
            failed = action_failures.watch()
            message = UserMessage(
                self._extract_message(request),
                collector,
                await self._extract_sender(request),
                input_channel=self._extract_input_channel(request),
                metadata=self.get_metadata(request),
            )
            try:
                await on_new_message(message)
            except Exception as error:  # noqa: BLE001 - any failure is the gateway's 503
                return unavailable(f"the message was not handled: {type(error).__name__}")
            if failed:
                return unavailable(f"custom actions failed: {', '.join(failed)}")
            return response.json(collector.messages)

        return webhook
