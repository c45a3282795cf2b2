"""Talks to the Rasa server: the gateway's channel in bot mode (kefu_rasa/channels.py, with the
shared secret), the tracker API in human mode (with the API token)."""

from typing import Any, Dict, List, Optional

import aiohttp

from kefu.internal_auth import GATEWAY_HEADER


class RasaUnavailable(RuntimeError):
    pass


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
            raise RasaUnavailable(str(error)) from error
        return [
            {"text": reply["text"], "buttons": reply.get("buttons") or []} for reply in replies if reply.get("text")
        ]

    async def parse(self, text: str) -> Dict[str, Any]:
        """NLU only (POST /model/parse): intent and entities, no dialogue step."""
        params = {"token": self.token} if self.token else {}
        try:
            async with self._session.post(f"{self.base_url}/model/parse", json={"text": text}, params=params) as resp:
                if resp.status != 200:
                    raise RasaUnavailable(f"Rasa parse answered {resp.status}")
                return await resp.json()
        except (TimeoutError, aiohttp.ClientError, ValueError) as error:
            raise RasaUnavailable(str(error)) from error

    async def is_paused(self, conversation_id: str) -> bool:
        url = f"{self.base_url}/conversations/{conversation_id}/tracker"
        params = {"include_events": "NONE", **({"token": self.token} if self.token else {})}
        try:
            async with self._session.get(url, params=params) as resp:
                return resp.status == 200 and bool((await resp.json()).get("paused"))
        except (TimeoutError, aiohttp.ClientError, ValueError) as error:
            raise RasaUnavailable(str(error)) from error

    async def append_events(self, conversation_id: str, events: List[Dict[str, Any]]) -> None:
        """Adds events to the tracker (transcript in human mode, resume on hand-back)."""
        url = f"{self.base_url}/conversations/{conversation_id}/tracker/events"
        params = {"token": self.token} if self.token else {}
        try:
            async with self._session.post(url, json=events, params=params) as resp:
                if resp.status != 200:
                    raise RasaUnavailable(f"Rasa tracker API answered {resp.status}: {await resp.text()}")
        except (TimeoutError, aiohttp.ClientError, ValueError) as error:
            raise RasaUnavailable(str(error)) from error
