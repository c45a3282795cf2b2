"""Redis killed under the gateway: the shopper is told the message was not sent, the gateway
reports unhealthy, and once Redis is back (append-only file, as `make run` runs it) every
message acknowledged before the kill is still there."""

import time

import pytest

from bot.app import create_app
from kefu.handoff import KefuStore
from kefu.settings import Settings
from tests.bot.fakes import FakeRasa
from tests.bot.helpers import new_conversation, say, transcript
from tests.redis_server import PrivateRedis


@pytest.fixture
def redis_server(tmp_path):
    server = PrivateRedis(tmp_path)
    server.start()
    yield server
    server.stop()


async def test_a_killed_redis_is_told_and_loses_nothing_it_acknowledged(redis_server, shop):
    url = f"redis://127.0.0.1:{redis_server.port}/0"
    store = KefuStore(url)
    client = create_app(Settings(redis_url=url), store=store, rasa=FakeRasa(), shop=shop).asgi_client
    try:
        cid = await new_conversation(client)
        await say(client, cid, "在吗")
        await say(client, cid, "7305528816490372 到哪了")

        redis_server.kill()
        _, resp = await client.post(f"/api/conversations/{cid}/messages", json={"text": "人呢"})
        assert resp.status == 503 and "没有发出" in resp.json["error"]  # never a silent success
        _, health = await client.get("/api/health")
        assert health.status == 503 and health.json["redis"] == "unreachable"

        redis_server.start()  # the same data directory: the append-only file is read back
        deadline = time.monotonic() + 10
        while (await client.get("/api/health"))[1].status != 200 and time.monotonic() < deadline:
            time.sleep(0.2)
        said = [m["text"] for m in await transcript(client, cid) if m["sender"] == "shopper"]
        assert said == ["在吗", "7305528816490372 到哪了"]  # acknowledged before the kill: kept
        await say(client, cid, "人呢")  # sent again by the shopper, now it goes through
        said = [m["text"] for m in await transcript(client, cid) if m["sender"] == "shopper"]
        assert said == ["在吗", "7305528816490372 到哪了", "人呢"]
    finally:
        await store.close()
