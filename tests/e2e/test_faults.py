"""Faults at a promotion peak: a Rasa server killed mid-conversation, its conversations go on
on another server with everything the shopper said (trackers and locks are in Redis); the
action server or Rasa's Redis killed, the shopper is told and the conversation goes on once it
is back."""

import asyncio
import os
import signal

import pytest

from bot.app import create_app
from tests.bot.helpers import login, new_conversation, say, transcript, write_agents
from tests.conftest import REDIS_PASSWORD, answers, free_port, launch, wait_until
from tests.redis_server import PrivateRedis

pytestmark = pytest.mark.slow


def start(module, port, env, log_path, health_url, word=b""):
    """The conftest launch, waited for until health_url answers."""
    proc = launch(module, port, env, log_path)
    wait_until(lambda: answers(health_url, word), 300, module, log_path, proc)
    return proc


def stop(proc):
    if proc.poll() is None:
        proc.kill()
    proc.wait(20)


@pytest.fixture
def second_rasa(servers, tmp_path):
    """Another Rasa server on the same model, Redis and action server, as `make run` starts one
    per core."""
    port = free_port()
    url = f"http://127.0.0.1:{port}"
    proc = start(
        "kefu_rasa.server",
        port,
        servers.env,
        tmp_path / "rasa2.log",
        f"{url}/status?token={servers.token}",
        b"model_id",
    )
    yield proc, url
    stop(proc)


class OwnActionServer:
    """An action server of this test's own, and a Rasa server that calls it, so that killing it
    leaves the session's servers alone."""

    def __init__(self, servers, tmp_path, **env):
        self.port, rasa_port = free_port(), free_port()
        self.env = dict(servers.env, KEFU_ACTION_PORT=str(self.port), **env)  # endpoints.yml reads it
        self.log = tmp_path / "actions.log"
        self.proc = self.start()
        self.rasa_url = f"http://127.0.0.1:{rasa_port}"
        status = f"{self.rasa_url}/status?token={servers.token}"
        self.rasa = start("kefu_rasa.server", rasa_port, self.env, tmp_path / "rasa.log", status, b"model_id")

    def start(self):
        return start("actions.server", self.port, self.env, self.log, f"http://127.0.0.1:{self.port}/health")

    def stop(self):
        stop(self.proc)
        stop(self.rasa)


@pytest.fixture
def own_action_server(servers, tmp_path):
    stack = OwnActionServer(servers, tmp_path)
    yield stack
    stack.stop()


def gateway_over(rasa_urls, servers, store, shop, tmp_path):
    """A gateway (in-process) on the session's Redis over these Rasa servers."""
    settings = servers.settings.with_changes(
        redis_url=store.url,
        agents_file=write_agents(tmp_path / "agents.yml"),
        rasa_url=",".join(rasa_urls),
        rasa_servers=len(rasa_urls),
    )
    return create_app(settings, store=store, shop=shop)


async def chat_at_home_on(url, servers, store, shop, tmp_path, account):
    """A gateway over both Rasa servers, and a chat whose home on the ring is `url`."""
    app = gateway_over([servers.rasa_url, url], servers, store, shop, tmp_path)
    for _ in range(40):
        cid = await new_conversation(app.asgi_client, account)
        if app.ctx.rasa.servers_for(cid)[0] == url:
            return app.asgi_client, cid
    pytest.fail(f"no conversation landed on {url}")


async def test_a_killed_rasa_servers_conversation_goes_on_on_another(servers, second_rasa, store, shop, tmp_path):
    proc, second_url = second_rasa
    account = shop.get_order("7305528816490372").account
    client, cid = await chat_at_home_on(second_url, servers, store, shop, tmp_path, account)

    first = " ".join(r["text"] for r in await say(client, cid, "7305528816490372 到哪了"))
    assert "7305528816490372" in first

    os.kill(proc.pid, signal.SIGKILL)  # no goodbye: the way a crashed or OOM-killed server goes
    proc.wait(10)
    replies = " ".join(r["text"] for r in await say(client, cid, "那大概几天能到"))
    # Answered by the other server, about the order given before the kill (tracker in Redis).
    assert replies and "稍后" not in replies and "7305528816490372" in replies
    _, resp = await client.get(f"/api/conversations/{cid}/messages?after=0")
    said = [m["text"] for m in resp.json["messages"] if m["sender"] == "shopper"]
    assert said == ["7305528816490372 到哪了", "那大概几天能到"]  # nothing lost, nothing twice


async def test_a_killed_action_server_is_told_to_the_shopper_and_the_chat_goes_on_once_it_is_back(
    servers, own_action_server, store, shop, tmp_path
):
    stack = own_action_server
    client = gateway_over([stack.rasa_url], servers, store, shop, tmp_path).asgi_client
    cid = await new_conversation(client, shop.get_order("7305528816490372").account)
    assert "7305528816490372" in " ".join(r["text"] for r in await say(client, cid, "7305528816490372 到哪了"))

    os.kill(stack.proc.pid, signal.SIGKILL)
    stack.proc.wait(10)
    await asyncio.sleep(1.2)  # past the channel's one-second trust in the last health check
    down = " ".join(r["text"] for r in await say(client, cid, "那大概几天能到"))
    assert "稍后再试" in down  # told, not left waiting for an answer that never comes

    stack.proc = stack.start()  # as a supervisor restarts it
    again = " ".join(r["text"] for r in await say(client, cid, "那大概几天能到"))
    # About the order given before the kill: nothing the conversation knew was lost.
    assert "稍后再试" not in again and "7305528816490372" in again
    said = [m["text"] for m in await transcript(client, cid) if m["sender"] == "shopper"]
    assert said == ["7305528816490372 到哪了", "那大概几天能到", "那大概几天能到"]  # each once, as sent


async def test_a_rasa_server_killed_mid_hand_off_loses_no_message_and_the_bot_takes_over_on_another(
    servers, second_rasa, store, shop, tmp_path
):
    proc, second_url = second_rasa
    client, cid = await chat_at_home_on(second_url, servers, store, shop, tmp_path, None)
    await say(client, cid, "再不发货我就去12315投诉你们!")
    headers = await login(client)
    _, resp = await client.get("/api/handoffs", headers=headers)
    ticket = next(t for t in resp.json["handoffs"] if t["conversation_id"] == cid)

    os.kill(proc.pid, signal.SIGKILL)  # the conversation's Rasa server dies while a person has it
    proc.wait(10)
    await say(client, cid, "人呢 等半天了")
    _, resp = await client.post(f"/api/handoffs/{ticket['id']}/claim", headers=headers)
    assert resp.status == 200
    _, resp = await client.post(
        f"/api/handoffs/{ticket['id']}/messages", headers=headers, json={"text": "亲,我是小王,马上帮您催仓库"}
    )
    assert resp.status == 201
    assert await say(client, cid, "好的 麻烦快点") == []  # a person has it: the bot stays silent
    _, resp = await client.post(f"/api/handoffs/{ticket['id']}/resolve", headers=headers, json={"resume_bot": True})
    assert resp.status == 200

    # Handed back to the bot, on the server that is still alive.
    assert any("发票" in r["text"] for r in await say(client, cid, "对了 能开发票吗"))
    messages = await transcript(client, cid)
    said = [m["text"] for m in messages if m["sender"] == "shopper"]
    assert said == ["再不发货我就去12315投诉你们!", "人呢 等半天了", "好的 麻烦快点", "对了 能开发票吗"]
    assert [m["text"] for m in messages if m["sender"] == "agent"] == ["亲,我是小王,马上帮您催仓库"]


async def test_rasas_redis_killed_is_told_to_the_shopper_and_the_chat_goes_on_once_it_is_back(
    servers, store, shop, tmp_path
):
    """Rasa's trackers and locks on a Redis of their own (the gateway keeps the session's), so
    that killing it hits Rasa while the gateway still records the message."""
    redis = PrivateRedis(tmp_path, password=REDIS_PASSWORD)
    redis.start()
    stack = OwnActionServer(servers, tmp_path, KEFU_REDIS_PORT=str(redis.port))
    try:
        client = gateway_over([stack.rasa_url], servers, store, shop, tmp_path).asgi_client
        cid = await new_conversation(client, shop.get_order("7305528816490372").account)
        assert "7305528816490372" in " ".join(r["text"] for r in await say(client, cid, "7305528816490372 到哪了"))

        redis.kill()
        down = " ".join(r["text"] for r in await say(client, cid, "那大概几天能到"))
        assert "稍后再试" in down  # Rasa could not read the tracker: told, not a silent nothing

        redis.start()  # the same append-only file: the tracker comes back
        again = " ".join(r["text"] for r in await say(client, cid, "那大概几天能到"))
        assert "稍后再试" not in again and "7305528816490372" in again  # still about that order
        said = [m["text"] for m in await transcript(client, cid) if m["sender"] == "shopper"]
        assert said == ["7305528816490372 到哪了", "那大概几天能到", "那大概几天能到"]
    finally:
        stack.stop()
        redis.stop()
