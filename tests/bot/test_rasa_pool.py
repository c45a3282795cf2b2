"""Several Rasa servers behind the gateway: a conversation stays on one server, moves to the
next one only while its own is down, and a slow answer is never sent twice."""

import asyncio

import pytest
from aiohttp import web

from bot import rasa_client
from bot.rasa_client import RasaPool, RasaUnavailable
from tests.conftest import free_port


class FakeRasaServer:
    """A real HTTP server answering the gateway's channel like Rasa, noting who asked."""

    def __init__(self, delay: float = 0.0, dies_mid_request: bool = False):
        self.port, self.delay, self.senders = free_port(), delay, []
        self.dies_mid_request, self.runner = dies_mid_request, None

    async def webhook(self, request):
        body = await request.json()
        self.senders.append(body["sender"])
        if self.dies_mid_request:  # killed after it read the message: it may have handled it
            request.transport.close()
            await asyncio.sleep(1)
        await asyncio.sleep(self.delay)
        return web.json_response([{"recipient_id": body["sender"], "text": f"from {self.port}"}])

    async def start(self):
        app = web.Application()
        app.router.add_post("/webhooks/kefu_gateway/webhook", self.webhook)
        self.runner = web.AppRunner(app)
        await self.runner.setup()
        await web.TCPSite(self.runner, "127.0.0.1", self.port).start()
        return self

    async def stop(self):
        await self.runner.cleanup()

    @property
    def url(self):
        return f"http://127.0.0.1:{self.port}"


@pytest.fixture
async def two_servers():
    servers = [await FakeRasaServer().start(), await FakeRasaServer().start()]
    yield servers
    for server in servers:
        if server.runner:
            await server.stop()


async def test_each_conversation_stays_on_one_server_and_both_get_some(two_servers):
    pool = RasaPool([s.url for s in two_servers])
    try:
        for _round in range(3):
            for i in range(40):
                await pool.send_message(f"conversation-{i}", "在吗")
    finally:
        await pool.close()
    first, second = (set(s.senders) for s in two_servers)
    assert first and second and not first & second  # shared, and never one conversation on both
    assert all(s.senders.count(cid) == 3 for s in two_servers for cid in set(s.senders))


async def test_a_server_that_is_down_moves_only_its_conversations_until_it_is_back(two_servers, monkeypatch):
    monkeypatch.setattr(rasa_client, "DOWN_SECONDS", 0.3)
    pool = RasaPool([s.url for s in two_servers])
    try:
        home = {f"c{i}": pool.servers_for(f"c{i}")[0] for i in range(20)}
        gone = two_servers[0]
        await gone.stop()
        gone.runner = None
        for cid in home:
            replies = await pool.send_message(cid, "到哪了")
            assert replies == [{"text": f"from {two_servers[1].port}", "buttons": []}]  # nobody left unanswered
        assert all(pool.servers_for(cid)[0] == two_servers[1].url for cid in home)  # skipped while down
        await asyncio.sleep(0.35)
        await gone.start()
        await pool.send_message("c-any", "在吗")
        back = [cid for cid, url in home.items() if url == gone.url]
        for cid in back:
            await pool.send_message(cid, "好的")
        assert back and gone.senders == [cid for cid in ["c-any"] + back if pool.servers_for(cid)[0] == gone.url]
    finally:
        await pool.close()


async def test_a_slow_server_is_not_asked_twice():
    """A timeout may mean the message is being handled: sending it elsewhere could answer twice."""
    slow, other = await FakeRasaServer(delay=1.0).start(), await FakeRasaServer().start()
    pool = RasaPool([slow.url, other.url], timeout=0.3)
    try:
        cid = next(f"c{i}" for i in range(100) if pool.servers_for(f"c{i}")[0] == slow.url)
        with pytest.raises(RasaUnavailable):
            await pool.send_message(cid, "在吗")
        assert other.senders == []
    finally:
        await pool.close()
        await slow.stop()
        await other.stop()


async def test_a_server_that_dies_mid_message_is_not_asked_to_handle_it_elsewhere():
    """It may have run actions and saved the tracker before it died: sent again, the message
    would be handled twice. The shopper is told to retry, and the retry goes to the next server."""
    dying, other = await FakeRasaServer(dies_mid_request=True).start(), await FakeRasaServer().start()
    pool = RasaPool([dying.url, other.url])
    try:
        cid = next(f"c{i}" for i in range(100) if pool.servers_for(f"c{i}")[0] == dying.url)
        with pytest.raises(RasaUnavailable, match="went away"):
            await pool.send_message(cid, "在吗")
        assert dying.senders == [cid] and other.senders == []
        await pool.send_message(cid, "在吗")  # the shopper sends it again
        assert other.senders == [cid]
    finally:
        await pool.close()
        await dying.stop()
        await other.stop()


async def test_all_servers_down_is_reported_not_hidden():
    pool = RasaPool([f"http://127.0.0.1:{free_port()}", f"http://127.0.0.1:{free_port()}"])
    try:
        with pytest.raises(RasaUnavailable, match="no Rasa server answered"):
            await pool.send_message("c1", "在吗")
    finally:
        await pool.close()
