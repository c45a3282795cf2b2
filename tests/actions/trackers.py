"""Build rasa_sdk trackers for action tests from tests/data/tracker.json."""

import copy
import json
from pathlib import Path
from typing import Any, Dict, List, Optional, Sequence, Tuple

from rasa_sdk import Tracker

BASE = json.loads((Path(__file__).parent / "data" / "tracker.json").read_text(encoding="utf-8"))


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
    and `bot_turn` the events of the bot's turn just before the latest message."""
    state = copy.deepcopy(BASE)
    state["sender_id"] = sender_id
    state["slots"].update(slots or {})
    entity_list: List[Dict[str, Any]] = [{"entity": k, "value": v} for k, v in (entities or {}).items()]
    latest = {
        "text": text,
        "intent": {"name": intent, "confidence": 0.95},
        "entities": entity_list,
        "metadata": metadata or {},
    }
    state["latest_message"] = latest
    for old_text, old_intent in history:
        state["events"] += [user_event(old_text, old_intent), {"event": "action", "name": "action_listen"}]
    state["events"] += list(bot_turn)
    state["events"].append(dict(user_event(text, intent), parse_data=latest))
    return Tracker.from_dict(state)


def sent(dispatcher) -> List[str]:
    """Names of the responses an action sent, in order."""
    return [message["response"] for message in dispatcher.messages]
