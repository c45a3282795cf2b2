"""Build rasa_sdk trackers for action tests from tests/data/tracker.json."""

import copy
import functools
import json
import re
from pathlib import Path
from typing import Any, Dict, List, Optional, Sequence, Tuple

import yaml
from rasa_sdk import Tracker

from kefu.settings import DATA_DIR

BASE = json.loads((Path(__file__).parent / "data" / "tracker.json").read_text(encoding="utf-8"))


@functools.lru_cache(maxsize=1)
def _owners() -> Dict[str, str]:
    orders = yaml.safe_load((DATA_DIR / "shop" / "orders.yml").read_text(encoding="utf-8"))["orders"]
    return {str(order["order_id"]): str(order["account"]) for order in orders}


def owner_metadata(*texts: Any) -> Dict[str, str]:
    """As the gateway opens a chat for a verified shopper: the account of the first demo order
    named in `texts`, else the first demo account. Anonymous chats pass `metadata={}`."""
    for text in texts:
        for number in re.findall(r"\d{10,20}", re.sub(r"(?<=\d)\s(?=\d)", "", str(text))):
            if number in _owners():
                return {"account": _owners()[number]}
    return {"account": next(iter(_owners().values()))}


def user_event(text: str, intent: str, confidence: float = 0.95) -> Dict[str, Any]:
    return {
        "event": "user",
        "text": text,
        "parse_data": {"text": text, "intent": {"name": intent, "confidence": confidence}, "entities": []},
    }


def make_tracker(
    text: str = "",
    intent: str = "inform",
    entities: Optional[Dict[str, str]] = None,
    slots: Optional[Dict[str, Any]] = None,
    history: Sequence[Tuple[str, str]] = (),
    metadata: Optional[Dict[str, str]] = None,
    sender_id: str = "test-shopper",
    bot_turn: Sequence[Dict[str, Any]] = (),
) -> Tracker:
    """A tracker whose latest user message is `text`; `history` holds earlier (text, intent) turns,
    and `bot_turn` the events of the bot's turn just before the latest message. Without
    `metadata` the chat is the verified owner of the first demo order named anywhere in it."""
    state = copy.deepcopy(BASE)
    state["sender_id"] = sender_id
    state["slots"].update(slots or {})
    if metadata is None:
        named = [text, *(old for old, _ in history), *(slots or {}).values(), *bot_turn]
        metadata = owner_metadata(*named)
    entity_list: List[Dict[str, Any]] = [{"entity": k, "value": v} for k, v in (entities or {}).items()]
    latest = {
        "text": text,
        "intent": {"name": intent, "confidence": 0.95},
        "entities": entity_list,
        "metadata": metadata,
    }
    state["latest_message"] = latest
    for old_text, old_intent in history:
        state["events"] += [user_event(old_text, old_intent), {"event": "action", "name": "action_listen"}]
    state["events"] += list(bot_turn)
    state["events"].append(dict(user_event(text, intent), parse_data=latest))
    return Tracker.from_dict(state)


def bot_said(*responses: str) -> List[Dict[str, Any]]:
    """The events of a bot turn that sent these responses (by name, as `previous_responses` reads them)."""
    return [{"event": "bot", "text": "…", "metadata": {"utter_action": name}} for name in responses]


def sent(dispatcher) -> List[str]:
    """Names of the responses an action sent, in order."""
    return [message["response"] for message in dispatcher.messages]


# A recommendation of two running shoes for a boyfriend, up to ¥1000: the ¥899 racer, the ¥299 trainer.
TWO_RUNNING_SHOES_SHOWN = {
    "category": "运动鞋",
    "recipient": "男朋友",
    "budget": 1000,
    "budget_min": 0.0,
    "shown": ["SN-004", "SN-001"],
}


# The bot's turn that answered "新疆能发吗 运费多少" (a remote region's freight and days).
XINJIANG_ANSWERED = [
    {
        "event": "bot",
        "text": "亲,新疆属于偏远地区,可以发货,但需要另补运费(一般10-15元,不参与包邮),"
        "发出后一般5-8天左右送达,以实际物流为准~",
        "metadata": {"utter_action": "utter_courier_remote"},
    }
]
