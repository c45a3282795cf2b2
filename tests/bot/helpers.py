"""Calls a shopper or an agent makes, through a Sanic test client."""

import yaml

from bot.agents import hash_password

PASSWORD = "s3cret-demo"


def write_agents(path):
    agents = [
        {"username": u, "name": n, "password_hash": hash_password(PASSWORD)}
        for u, n in (("demo", "小王"), ("demo2", "小李"))
    ]
    path.write_text(yaml.safe_dump({"agents": agents}, allow_unicode=True), encoding="utf-8")
    return path


async def new_conversation(client, account=None):
    """An anonymous chat, or one opened as `account` through the demo login (KEFU_DEMO=1)."""
    body = {}
    if account:
        _, signed = await client.post("/api/demo/login", json={"account": account})
        body = signed.json
    _, resp = await client.post("/api/conversations", json=body)
    assert resp.status == 201
    return resp.json["conversation_id"]


async def say(client, cid, text):
    _, resp = await client.post(f"/api/conversations/{cid}/messages", json={"text": text})
    assert resp.status == 200, resp.json
    return resp.json["replies"]


async def transcript(client, cid):
    _, resp = await client.get(f"/api/conversations/{cid}/messages?after=0")
    return resp.json["messages"]


async def login(client, username="demo"):
    _, resp = await client.post("/api/agent/login", json={"username": username, "password": PASSWORD})
    assert resp.status == 200
    return {"Authorization": f"Bearer {resp.json['token']}"}


# The first bytes of a PNG and a JPEG: what the gateway checks an upload's type from.
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64
JPEG = b"\xff\xd8\xff\xe0" + b"\x00" * 64
