"""Faults at a promotion peak: a Rasa server killed mid-conversation, its conversations go on
on another server with everything the shopper said (trackers and locks are in Redis)."""

import os
import signal
import subprocess
import sys

import pytest

from bot.app import create_app
from tests.bot.helpers import new_conversation, say, write_agents
from tests.conftest import MODEL, PROJECT, answers, free_port, wait_until

pytestmark = pytest.mark.slow


@pytest.fixture
def second_rasa(servers, tmp_path):
    """Another Rasa server on the same model, Redis and action server, as `make run` starts one
    per core."""
    port = free_port()
    log = open(tmp_path / "rasa2.log", "w")
    proc = subprocess.Popen(
        [sys.executable, "-m", "kefu_rasa.server", "--port", str(port), "--model", str(MODEL)],
        cwd=PROJECT,
        env=servers.env,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    url = f"http://127.0.0.1:{port}"
    wait_until(lambda: answers(f"{url}/status?token={servers.token}", b"model_id"), 300, "second Rasa", None, proc)
    yield proc, url
    if proc.poll() is None:
        proc.kill()
    proc.wait(20)


async def test_a_killed_rasa_servers_conversation_goes_on_on_another(servers, second_rasa, store, shop, tmp_path):
    proc, second_url = second_rasa
    urls = f"{servers.rasa_url},{second_url}"
    settings = servers.settings.with_changes(
        redis_url=store.url, agents_file=write_agents(tmp_path / "agents.yml"), rasa_url=urls, rasa_servers=2
    )
    app = create_app(settings, store=store, shop=shop)
    client = app.asgi_client
    account = shop.get_order("7305528816490372").account
    for _ in range(40):  # a conversation whose home is the server about to be killed
        cid = await new_conversation(client, account)
        if app.ctx.rasa.servers_for(cid)[0] == second_url:
            break
    else:
        pytest.fail("no conversation landed on the second Rasa server")

    first = " ".join(r["text"] for r in await say(client, cid, "7305528816490372 到哪了"))
    assert "7305528816490372" in first

    os.kill(proc.pid, signal.SIGKILL)  # no goodbye: the way a crashed or OOM-killed server goes
    proc.wait(10)
    replies = " ".join(r["text"] for r in await say(client, cid, "那大概几天能到"))
    # Answered by the other server, about the order given before the kill (tracker in Redis).
    assert replies and "稍后" not in replies and ("天" in replies or "以实际物流为准" in replies)
    _, resp = await client.get(f"/api/conversations/{cid}/messages?after=0")
    said = [m["text"] for m in resp.json["messages"] if m["sender"] == "shopper"]
    assert said == ["7305528816490372 到哪了", "那大概几天能到"]  # nothing lost, nothing twice
