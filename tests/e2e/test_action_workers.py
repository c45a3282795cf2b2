"""The action server with several Sanic workers (ACTION_SERVER_SANIC_WORKERS, docs/deploy.md):
both workers start, and calls made at once are all answered from the shop data."""

import asyncio

import aiohttp
import pytest

from kefu.internal_auth import ACTION_HEADER
from tests.conftest import answers, free_port, launch, wait_until

pytestmark = pytest.mark.slow  # a server process


def courier_call(sender: str) -> dict:
    """What Rasa posts to the action server for "你们发什么快递"."""
    message = {"text": "你们发什么快递", "intent": {"name": "ask_courier", "confidence": 0.99}, "entities": []}
    return {
        "next_action": "action_answer_courier",
        "sender_id": sender,
        "tracker": {"sender_id": sender, "latest_message": message, "events": [], "slots": {}},
        "domain": {},
        "version": "3.6.21",
    }


async def call_all(url: str, token: str, count: int):
    async with aiohttp.ClientSession() as session:

        async def one(n: int):
            async with session.post(url, json=courier_call(f"w{n}"), headers={ACTION_HEADER: token}) as resp:
                return resp.status, await resp.json()

        return await asyncio.gather(*(one(n) for n in range(count)))


def test_two_action_server_workers_answer_calls_made_at_once(servers, tmp_path):
    port, log = free_port(), tmp_path / "actions-2.log"
    proc = launch("actions.server", port, dict(servers.env, ACTION_SERVER_SANIC_WORKERS="2"), log)
    try:
        wait_until(lambda: answers(f"http://127.0.0.1:{port}/health"), 120, "action server", log, proc)
        results = asyncio.run(call_all(f"http://127.0.0.1:{port}/webhook", servers.settings.action_token, 12))
        assert [status for status, _ in results] == [200] * 12
        for _, body in results:
            [reply] = body["responses"]
            assert reply["response"] == "utter_courier_default" and "中通" in reply["couriers"]
        # /health answers once one worker is up; the other may log a moment later
        wait_until(lambda: log.read_text().count("Starting worker") == 2, 30, "second worker", log, proc)
    finally:
        proc.terminate()  # Sanic's main process stops its workers
        proc.wait(20)
