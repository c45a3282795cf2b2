"""Only the gateway talks to Rasa's chat channel, only Rasa to the action server, only with the
password to Redis, and no secret is on a command line (security review findings)."""

import json
import urllib.error
import urllib.request
from pathlib import Path

import pytest
import redis

pytestmark = pytest.mark.slow


def post(url, body, headers=None):
    request = urllib.request.Request(
        url, data=json.dumps(body).encode(), headers={"Content-Type": "application/json", **(headers or {})}
    )
    try:
        with urllib.request.urlopen(request, timeout=30) as resp:
            return resp.status, resp.read()
    except urllib.error.HTTPError as error:
        return error.code, error.read()


def test_rasa_takes_chat_messages_only_from_the_gateway(servers):
    message = {"sender": "someone", "message": "7305528816490372 到哪了", "metadata": {"account": "xiaoli"}}
    status, _ = post(f"{servers.rasa_url}/webhooks/kefu_gateway/webhook", message)
    assert status == 401  # a made-up identity in metadata is never read
    status, _ = post(f"{servers.rasa_url}/webhooks/rest/webhook", message)
    assert status == 404  # Rasa's open REST channel is off
    status, body = post(
        f"{servers.rasa_url}/webhooks/kefu_gateway/webhook", message, {"X-Kefu-Gateway-Token": servers.token}
    )
    assert status == 200 and "434876133012458" in body.decode()  # the real gateway, for the owner


def test_the_action_server_answers_only_rasa(servers):
    url = f"http://127.0.0.1:{servers.settings.action_port}/webhook"
    tracker = {
        "sender_id": "x",
        "slots": {},
        "latest_message": {"text": "7305528816490372", "intent": {}},
        "events": [],
    }
    call = {"next_action": "action_track_parcel", "sender_id": "x", "tracker": tracker, "domain": {}}
    status, body = post(url, call)
    assert status == 401 and b"434876133012458" not in body
    with urllib.request.urlopen(f"http://127.0.0.1:{servers.settings.action_port}/health", timeout=5) as resp:
        assert resp.status == 200  # the start-up wait still works


def test_redis_needs_the_password(servers):
    plain = redis.Redis(port=servers.settings.redis_port, socket_timeout=5)
    with pytest.raises(redis.AuthenticationError):
        plain.keys("kefu:agent_token:*")
    plain.close()


def test_no_secret_is_on_a_command_line(servers):
    secrets = [servers.settings.rasa_token, servers.settings.action_token, servers.settings.redis_password]
    for pid in servers.pids:
        cmdline = Path(f"/proc/{pid}/cmdline").read_bytes().replace(b"\0", b" ").decode()
        assert "server" in cmdline and not any(secret in cmdline for secret in secrets), cmdline
