"""Live push over websockets: Redis pub/sub events forwarded to a client that only listens."""

import json
from typing import Optional

from sanic.server.websockets.impl import WebsocketClosed
from websockets.connection import State
from websockets.exceptions import ConnectionClosed


async def close_pubsub(pubsub) -> None:
    try:
        await pubsub.unsubscribe()
    finally:
        await pubsub.close()


async def forward(ws, pubsub, replayed_up_to: Optional[int]) -> None:
    """Pushes pub/sub events to the websocket until the client goes away.

    Clients only listen, so nothing is read from the socket: Sanic 21.12's ws.recv()
    hands a bare coroutine to asyncio.wait, which Python 3.11 rejects. The
    connection state (kept current by Sanic's pings) tells when the client left.
    """
    while ws.connection.state is State.OPEN:
        item = await pubsub.get_message(ignore_subscribe_messages=True, timeout=1.0)
        if item is None:
            continue
        data = item["data"]
        if replayed_up_to is not None:
            event = json.loads(data)
            # Only what the replay already sent is skipped: live messages may arrive out of
            # order (two appends racing), and clients sort and de-duplicate by seq.
            if event.get("type") == "message" and event["message"]["seq"] <= replayed_up_to:
                continue
        try:
            await ws.send(data)
        except (ConnectionClosed, WebsocketClosed):
            return
