"""Consistent hashing of conversations over Rasa servers: stable, even, and a server that is
down moves only its own conversations."""

from collections import Counter

import pytest

from kefu.ring import HashRing

SERVERS = ["http://127.0.0.1:5005", "http://127.0.0.1:5006", "http://127.0.0.1:5007"]
KEYS = [f"conversation-{i}" for i in range(3000)]


def test_every_gateway_sends_a_conversation_to_the_same_server():
    one, other = HashRing(SERVERS), HashRing(list(SERVERS))
    assert all(one.nodes_for(key) == other.nodes_for(key) for key in KEYS)
    assert HashRing(SERVERS).nodes_for("abc")[0] == "http://127.0.0.1:5006"  # the same in every process


def test_conversations_are_shared_about_evenly():
    counts = Counter(HashRing(SERVERS).nodes_for(key)[0] for key in KEYS)
    assert set(counts) == set(SERVERS)
    assert max(counts.values()) < 1.35 * len(KEYS) / len(SERVERS)


def test_a_server_down_moves_only_its_own_conversations():
    ring = HashRing(SERVERS)
    without = HashRing([s for s in SERVERS if s != SERVERS[1]])
    for key in KEYS:
        order = ring.nodes_for(key)
        assert sorted(order) == sorted(SERVERS)
        alive = [node for node in order if node != SERVERS[1]]
        if order[0] != SERVERS[1]:
            assert alive[0] == order[0]  # not moved
        assert alive[0] == without.nodes_for(key)[0]  # the next one is where a smaller ring puts it


def test_a_ring_needs_distinct_servers():
    with pytest.raises(ValueError):
        HashRing([])
    with pytest.raises(ValueError):
        HashRing([SERVERS[0], SERVERS[0]])
