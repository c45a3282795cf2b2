"""Talks to the Rasa servers: the gateway's channel in bot mode (kefu_rasa/channels.py, with the
shared secret), the tracker API in human mode (with the API token).

RasaClient talks to one server; RasaPool to several (one per core by default), each
conversation always on the same one (kefu/ring.py) unless that one is down."""

import logging
import time
from typing import Any, Dict, List, Optional, Sequence

import aiohttp

from kefu.internal_auth import GATEWAY_HEADER
from kefu.ring import HashRing

logger = logging.getLogger(__name__)

# A server that refused a connection or dropped one is skipped this long, then tried again.
DOWN_SECONDS = 5.0


class RasaUnavailable(RuntimeError):
    pass


class RasaDown(RasaUnavailable):
    """The server is gone: it refused the connection (`handled` False: the message never reached
    it, so another server may take it) or dropped it mid-request (`handled` unknown: it may have
    run actions and saved the tracker before it died, so the message is not sent again)."""

    def __init__(self, message: str, maybe_handled: bool):
        super().__init__(message)
        self.maybe_handled = maybe_handled


def unavailable(error: Exception) -> RasaUnavailable:
    text = str(error) or type(error).__name__
    if isinstance(error, aiohttp.ClientConnectorError):
        return RasaDown(text, maybe_handled=False)
    if isinstance(error, aiohttp.ServerDisconnectedError):
        return RasaDown(text, maybe_handled=True)
    return RasaUnavailable(text)


class RasaClient:
    def __init__(self, base_url: str, token: str = "", timeout: float = 30.0):
        self.base_url = base_url.rstrip("/")
        self.token = token
        self._session = aiohttp.ClientSession(timeout=aiohttp.ClientTimeout(total=timeout))

    async def close(self) -> None:
        await self._session.close()

    async def send_message(
        self, conversation_id: str, text: str, metadata: Optional[Dict[str, Any]] = None
    ) -> List[Dict[str, Any]]:
        """Bot replies as [{"text", "buttons"?}] for one shopper message."""
        body = {"sender": conversation_id, "message": text, "metadata": metadata or {}}
        try:
            url, headers = f"{self.base_url}/webhooks/kefu_gateway/webhook", {GATEWAY_HEADER: self.token}
            async with self._session.post(url, json=body, headers=headers) as resp:
                if resp.status != 200:
                    raise RasaUnavailable(f"Rasa answered {resp.status}")
                replies = await resp.json()
        except (TimeoutError, aiohttp.ClientError, ValueError) as error:
            raise unavailable(error) from error
        return [
            {"text": reply["text"], "buttons": reply.get("buttons") or []} for reply in replies if reply.get("text")
        ]

    async def parse(self, text: str, conversation_id: str = "") -> Dict[str, Any]:
        """NLU only (POST /model/parse): intent and entities, no dialogue step."""
        params = {"token": self.token} if self.token else {}
        try:
            async with self._session.post(f"{self.base_url}/model/parse", json={"text": text}, params=params) as resp:
                if resp.status != 200:
                    raise RasaUnavailable(f"Rasa parse answered {resp.status}")
                return await resp.json()
        except (TimeoutError, aiohttp.ClientError, ValueError) as error:
            raise unavailable(error) from error

    async def is_paused(self, conversation_id: str) -> bool:
        url = f"{self.base_url}/conversations/{conversation_id}/tracker"
        params = {"include_events": "NONE", **({"token": self.token} if self.token else {})}
        try:
            async with self._session.get(url, params=params) as resp:
                return resp.status == 200 and bool((await resp.json()).get("paused"))
        except (TimeoutError, aiohttp.ClientError, ValueError) as error:
            raise unavailable(error) from error

    async def append_events(self, conversation_id: str, events: List[Dict[str, Any]]) -> None:
        """Adds events to the tracker (transcript in human mode, resume on hand-back)."""
        url = f"{self.base_url}/conversations/{conversation_id}/tracker/events"
        params = {"token": self.token} if self.token else {}
        try:
            async with self._session.post(url, json=events, params=params) as resp:
                if resp.status != 200:
                    raise RasaUnavailable(f"Rasa tracker API answered {resp.status}: {await resp.text()}")
        except (TimeoutError, aiohttp.ClientError, ValueError) as error:
            raise unavailable(error) from error


class RasaPool:
    """Several Rasa servers behind one gateway. A conversation goes to the server its id hashes
    to, so that server holds its lock and its tracker is never handled in two places at once; a
    server that is down is skipped for DOWN_SECONDS and its conversations go to the next server on
    the ring (trackers are in Redis, so the conversation goes on there). A message or events that
    a dying server may have handled are not sent again: the shopper is told to retry, and the
    retry goes to the next server."""

    def __init__(self, urls: Sequence[str], token: str = "", timeout: float = 30.0):
        self.clients = {url: RasaClient(url, token, timeout) for url in urls}
        self.ring = HashRing(list(self.clients))
        self.down_until: Dict[str, float] = {}

    async def close(self) -> None:
        for client in self.clients.values():
            await client.close()

    def servers_for(self, key: str) -> List[str]:
        """The servers to try for this conversation: its own first unless it is down."""
        order = self.ring.nodes_for(key)
        now = time.monotonic()
        alive = [url for url in order if self.down_until.get(url, 0.0) <= now]
        return alive or order  # all down: try them all the same, one may be back

    async def _call(self, key: str, method: str, *args: Any, changes_state: bool = False) -> Any:
        error: Optional[RasaDown] = None
        for url in self.servers_for(key):
            try:
                return await getattr(self.clients[url], method)(*args)
            except RasaDown as down:
                logger.warning("Rasa server %s is down (%s)", url, down)
                self.down_until[url] = time.monotonic() + DOWN_SECONDS
                if changes_state and down.maybe_handled:
                    raise RasaUnavailable(f"Rasa server {url} went away mid-request: {down}") from down
                error = down
        raise RasaUnavailable(f"no Rasa server answered: {error}")

    async def send_message(
        self, conversation_id: str, text: str, metadata: Optional[Dict[str, Any]] = None
    ) -> List[Dict[str, Any]]:
        return await self._call(conversation_id, "send_message", conversation_id, text, metadata, changes_state=True)

    async def parse(self, text: str, conversation_id: str = "") -> Dict[str, Any]:
        return await self._call(conversation_id or text, "parse", text)

    async def is_paused(self, conversation_id: str) -> bool:
        return await self._call(conversation_id, "is_paused", conversation_id)

    async def append_events(self, conversation_id: str, events: List[Dict[str, Any]]) -> None:
        await self._call(conversation_id, "append_events", conversation_id, events, changes_state=True)
