"""A stand-in for the Rasa server, for gateway tests that check HTTP behaviour only.

It answers like Rasa's REST channel would (a list of replies), records every
tracker event the gateway appends, and can be switched off to play an outage.
"""

from typing import Any, Dict, List, Optional

from bot.rasa_client import RasaUnavailable

GREETING = {"text": "亲,您好!欢迎光临小鹿优选!", "buttons": [{"title": "查物流", "payload": "/track_parcel"}]}


class FakeRasa:
    def __init__(self):
        self.up = True
        self.received: List[Dict[str, Any]] = []  # what the gateway sent as shopper messages
        self.events: Dict[str, List[Dict[str, Any]]] = {}
        self.fixed_reply: Optional[str] = None  # when set, the answer to every message
        self.intent = "inform"  # what parse reads in every message
        self.buttons: List[Dict[str, str]] = []  # the buttons of every answer
        self.send_fails = False  # messages fail (the tracker API still works)
        self.on_parse = None  # called (and awaited) on every parse: something happening meanwhile

    def _check(self) -> None:
        if not self.up:
            raise RasaUnavailable("fake Rasa is down")

    async def send_message(self, conversation_id: str, text: str, metadata: Optional[Dict[str, Any]] = None):
        self._check()
        if self.send_fails:
            raise RasaUnavailable("fake Rasa fails on messages")
        self.received.append({"sender": conversation_id, "text": text, "metadata": metadata or {}})
        if text == "/greet":
            return [GREETING]
        if self.fixed_reply:
            return [{"text": self.fixed_reply, "buttons": []}]
        return [{"text": f"收到:{text} 小鹿这就帮您查询一下,请稍等片刻,有结果马上告诉您哦~", "buttons": self.buttons}]

    async def parse(self, text: str, conversation_id: str = "") -> Dict[str, Any]:
        self._check()
        if self.on_parse is not None:
            await self.on_parse()
        # lexicon entities come without a confidence, as from Rasa's SpacyEntityExtractor
        entities = [{"entity": "product_category", "value": "充电宝", "confidence": None}] if "充电宝" in text else []
        return {"text": text, "intent": {"name": self.intent, "confidence": 0.9}, "entities": entities}

    async def is_paused(self, conversation_id: str) -> bool:
        self._check()
        return False

    async def append_events(self, conversation_id: str, events: List[Dict[str, Any]]) -> None:
        self._check()
        self.events.setdefault(conversation_id, []).extend(events)

    async def close(self) -> None:
        pass
