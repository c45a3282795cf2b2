"""A tracker store wrapper that lets a Redis outage be an error, not a new conversation.

Rasa 3.6 wraps every tracker store in FailSafeTrackerStore (rasa/core/agent.py): a read
error returns no tracker, so the bot greets a shopper mid-conversation as a stranger, and a
write error saves to process memory, where another Rasa server never sees it and a restart
loses it. Both are silent. Here an error is raised instead: Rasa answers the gateway with an
error, the gateway says so to the shopper (who keeps the typed text) and reports unhealthy.
"""

from typing import Iterable, Optional, Text

import rasa.core.agent
from rasa.core.tracker_store import FailSafeTrackerStore
from rasa.shared.core.trackers import DialogueStateTracker


class StrictTrackerStore(FailSafeTrackerStore):
    """FailSafeTrackerStore's interface without its fallbacks."""

    async def retrieve(self, sender_id: Text) -> Optional[DialogueStateTracker]:
        return await self._tracker_store.retrieve(sender_id)

    async def retrieve_full_tracker(self, sender_id: Text) -> Optional[DialogueStateTracker]:
        return await self._tracker_store.retrieve_full_tracker(sender_id)

    async def save(self, tracker: DialogueStateTracker) -> None:
        await self._tracker_store.save(tracker)

    async def keys(self) -> Iterable[Text]:
        return await self._tracker_store.keys()


def install() -> None:
    """Called by kefu_rasa/server.py before the agent is created."""
    rasa.core.agent.FailSafeTrackerStore = StrictTrackerStore
