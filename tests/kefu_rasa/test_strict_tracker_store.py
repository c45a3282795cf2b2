"""A Redis outage inside Rasa is an error, not a blank tracker: Rasa's own wrapper would greet a
shopper mid-conversation as a stranger and keep their turns in one process's memory."""

import socket

import pytest
import rasa.core.agent
from rasa.core.tracker_store import FailSafeTrackerStore, RedisTrackerStore
from rasa.shared.core.domain import Domain
from rasa.shared.core.trackers import DialogueStateTracker
from redis.exceptions import ConnectionError as RedisConnectionError

from kefu_rasa import strict_tracker_store
from kefu_rasa.strict_tracker_store import StrictTrackerStore


def dead_redis() -> RedisTrackerStore:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]  # nothing listens there once the socket is closed
    return RedisTrackerStore(Domain.empty(), host="127.0.0.1", port=port)


async def test_rasas_wrapper_hides_the_outage_and_ours_does_not():
    tracker = DialogueStateTracker("c1", [])
    silent = FailSafeTrackerStore(dead_redis())
    assert await silent.retrieve("c1") is None  # a stranger: the conversation so far is gone
    await silent.save(tracker)  # "saved", in this process's memory only
    strict = StrictTrackerStore(dead_redis())
    with pytest.raises(RedisConnectionError):
        await strict.retrieve("c1")
    with pytest.raises(RedisConnectionError):
        await strict.save(tracker)


def test_install_makes_rasa_wrap_its_tracker_store_in_ours(monkeypatch):
    monkeypatch.setattr(rasa.core.agent, "FailSafeTrackerStore", FailSafeTrackerStore)
    strict_tracker_store.install()
    store = rasa.core.agent.Agent._create_tracker_store(dead_redis(), Domain.empty())
    assert type(store) is StrictTrackerStore
