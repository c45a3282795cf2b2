"""Consistent hashing: which of several servers holds a conversation.

Every gateway process builds the same ring from the same server list, so all of them send
a conversation to the same Rasa server (Rasa 3.6's Redis lock store is not safe when two
servers handle one conversation at the same instant, RasaHQ/rasa #9213). A server that is
down moves only its own conversations, to the next server on the ring; when it is back
they return. SHA-1 rather than Python's hash(), which differs between processes.
"""

import bisect
import hashlib
from typing import List, Sequence

REPLICAS = 100  # points per server on the ring: an even share without a big table


def _point(text: str) -> int:
    return int.from_bytes(hashlib.sha1(text.encode("utf-8")).digest()[:8], "big")


class HashRing:
    def __init__(self, nodes: Sequence[str], replicas: int = REPLICAS):
        if not nodes:
            raise ValueError("a ring needs at least one server")
        if len(set(nodes)) != len(nodes):
            raise ValueError(f"a server is listed twice: {list(nodes)}")
        self.nodes = list(nodes)
        points = sorted((_point(f"{node}#{i}"), node) for node in self.nodes for i in range(replicas))
        self._points = [point for point, _ in points]
        self._owners = [node for _, node in points]

    def nodes_for(self, key: str) -> List[str]:
        """Every server, in the order this key tries them: its own first, then the next ones
        clockwise on the ring."""
        start = bisect.bisect(self._points, _point(key))
        order: List[str] = []
        for i in range(len(self._owners)):
            node = self._owners[(start + i) % len(self._owners)]
            if node not in order:
                order.append(node)
                if len(order) == len(self.nodes):
                    break
        return order
