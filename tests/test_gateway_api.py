"""Gateway API (DESIGN.md §3) through Sanic's test client, with real Redis, Rasa and action server."""
import pytest
import yaml

from bot.agents import hash_password
from bot.app import create_app
from bot.config import GatewayConfig

PASSWORD = "s3cret-demo"


@pytest.fixture
def agents_file(tmp_path):
    path = tmp_path / "agents.yml"
    agents = [{"username": u, "name": n, "password_hash": hash_password(PASSWORD)}
              for u, n in (("demo", "小王"), ("demo2", "小李"))]
    path.write_text(yaml.safe_dump({"agents": agents}, allow_unicode=True), encoding="utf-8")
    return path


@pytest.fixture
def client(servers, store, shop, agents_file):
    app = create_app(GatewayConfig(redis_url=store.url, rasa_url=servers.rasa_url, rasa_token=servers.token,
                                   agents_file=agents_file))
    return app.asgi_client


async def new_conversation(client):
    _, resp = await client.post("/api/conversations", json={})
    assert resp.status == 201
    return resp.json["conversation_id"]


async def say(client, cid, text):
    _, resp = await client.post(f"/api/conversations/{cid}/messages", json={"text": text})
    assert resp.status == 200, resp.json
    return resp.json["replies"]


async def login(client, username="demo"):
    _, resp = await client.post("/api/agent/login", json={"username": username, "password": PASSWORD})
    assert resp.status == 200
    return {"Authorization": f"Bearer {resp.json['token']}"}


async def test_a_new_conversation_opens_with_the_shop_greeting_and_buttons(client):
    cid = await new_conversation(client)
    _, resp = await client.get(f"/api/conversations/{cid}/messages?after=0")
    first = resp.json["messages"][0]
    assert first["sender"] == "bot" and "欢迎光临" in first["text"] and first["buttons"]
    _, resp = await client.get(f"/api/conversations/{cid}")
    assert resp.json == {"conversation_id": cid, "mode": "bot", "queue_position": None}


async def test_bad_input_gets_clear_json_errors(client):
    cid = await new_conversation(client)
    _, resp = await client.post(f"/api/conversations/{cid}/messages", json={"text": "   "})
    assert resp.status == 400 and "text" in resp.json["error"]
    _, resp = await client.post(f"/api/conversations/{cid}/messages", data="not json")
    assert resp.status == 400 and "JSON" in resp.json["error"]
    _, resp = await client.post("/api/conversations/nope/messages", json={"text": "hi"})
    assert resp.status == 404 and resp.json["error"] == "conversation not found"
    _, resp = await client.get(f"/api/conversations/{cid}/messages?after=x")
    assert resp.status == 400
    _, resp = await client.get("/api/handoffs")
    assert resp.status == 401 and "error" in resp.json
    _, resp = await client.post("/api/agent/login", json={"username": "demo", "password": "wrong"})
    assert resp.status == 401


async def test_bot_mode_answers_an_invoice_question(client):
    cid = await new_conversation(client)
    replies = await say(client, cid, "亲 发票怎么开呀")
    assert any("发票" in r["text"] for r in replies)
    assert all(r["sender"] == "bot" for r in replies)


async def test_escalation_queue_agent_reply_and_hand_back(client):
    cid = await new_conversation(client)
    replies = await say(client, cid, "再不发货我就去12315投诉你们!")
    texts = [r["text"] for r in replies]
    assert any("转接" in t for t in texts) and "排队" in texts[-1]
    _, resp = await client.get(f"/api/conversations/{cid}")
    assert resp.json["mode"] == "queued" and resp.json["queue_position"] == 1

    # While queued every message is kept and the shopper hears where they stand.
    replies = await say(client, cid, "人呢??我订单4417062395810264")
    assert "前面还有 0 位" in replies[0]["text"]

    headers = await login(client)
    _, resp = await client.get("/api/handoffs", headers=headers)
    ticket = resp.json["handoffs"][0]
    assert ticket["conversation_id"] == cid and ticket["priority"] == 3 and ticket["status"] == "queued"
    assert "向监管部门投诉" in ticket["reasons"]

    _, resp = await client.post(f"/api/handoffs/{ticket['id']}/claim", headers=headers)
    assert resp.status == 200 and resp.json["handoff"]["assigned_to"] == "demo"
    _, resp = await client.post(f"/api/handoffs/{ticket['id']}/claim", headers=await login(client, "demo2"))
    assert resp.status == 409

    _, resp = await client.get(f"/api/handoffs/{ticket['id']}", headers=headers)
    transcript = [m["text"] for m in resp.json["messages"]]
    assert "再不发货我就去12315投诉你们!" in transcript and "人呢??我订单4417062395810264" in transcript

    _, resp = await client.post(f"/api/handoffs/{ticket['id']}/messages", headers=headers,
                                json={"text": "亲,非常抱歉,我马上帮您核实"})
    assert resp.status == 201
    _, resp = await client.get(f"/api/conversations/{cid}/messages?after=0")
    agent_messages = [m for m in resp.json["messages"] if m["sender"] == "agent"]
    assert agent_messages[-1]["text"] == "亲,非常抱歉,我马上帮您核实" and agent_messages[-1]["agent"] == "小王"

    # In human mode the bot stays silent.
    assert await say(client, cid, "好的 快点") == []

    _, resp = await client.post(f"/api/handoffs/{ticket['id']}/resolve", headers=headers, json={"resume_bot": True})
    assert resp.status == 200 and resp.json["handoff"]["status"] == "resolved"
    replies = await say(client, cid, "发票怎么开")
    assert any("发票" in r["text"] for r in replies)


async def test_only_the_assigned_agent_replies_or_resolves(client):
    cid = await new_conversation(client)
    await say(client, cid, "转人工")
    headers, other = await login(client), await login(client, "demo2")
    _, resp = await client.get("/api/handoffs", headers=headers)
    hid = resp.json["handoffs"][0]["id"]
    _, resp = await client.post(f"/api/handoffs/{hid}/messages", headers=headers, json={"text": "在的"})
    assert resp.status == 409   # not claimed yet
    await client.post(f"/api/handoffs/{hid}/claim", headers=headers)
    _, resp = await client.post(f"/api/handoffs/{hid}/resolve", headers=other, json={"resume_bot": True})
    assert resp.status == 409
    _, resp = await client.post(f"/api/handoffs/nope/claim", headers=headers)
    assert resp.status == 404


async def test_the_shopper_can_cancel_while_queued(client):
    cid = await new_conversation(client)
    await say(client, cid, "我要人工客服")
    replies = await say(client, cid, "不用了")
    assert "取消" in replies[0]["text"]
    _, resp = await client.get(f"/api/conversations/{cid}")
    assert resp.json["mode"] == "bot"
    assert any("发票" in r["text"] for r in await say(client, cid, "能开发票吗"))


async def test_shopper_text_is_stored_verbatim_not_as_html(client):
    cid = await new_conversation(client)
    await say(client, cid, "<img src=x onerror=alert(1)>")
    _, resp = await client.get(f"/api/conversations/{cid}/messages?after=1")
    assert resp.json["messages"][0]["text"] == "<img src=x onerror=alert(1)>"


async def test_pages_are_served_with_the_shop_name(client):
    for path in ("/", "/agent"):
        _, resp = await client.get(path)
        assert resp.status == 200 and "小鹿优选" in resp.text


async def test_the_agent_sees_the_order_and_its_parcel_state(client):
    cid = await new_conversation(client)
    replies = await say(client, cid, "帮我查下快递 4417062395810264")
    assert any("4417062395810264" in r["text"] for r in replies)
    await say(client, cid, "都三天了还不发 你们这是欺诈!!我要投诉")
    headers = await login(client)
    _, resp = await client.get("/api/handoffs", headers=headers)
    ticket = resp.json["handoffs"][0]
    assert ticket["order_id"] == "4417062395810264"
    _, resp = await client.get(f"/api/handoffs/{ticket['id']}", headers=headers)
    order = resp.json["order"]
    assert order["order_id"] == "4417062395810264" and order["parcel_state"] == "not_shipped"
    assert order["items"] and order["amount"] > 0


async def test_the_no_thanks_button_cancels_the_queue(client):
    cid = await new_conversation(client)
    await say(client, cid, "转人工")
    _, resp = await client.post(f"/api/conversations/{cid}/messages", json={"text": "/deny", "label": "不用了"})
    assert "取消" in resp.json["replies"][0]["text"]
    _, resp = await client.get(f"/api/conversations/{cid}/messages?after=0")
    assert "不用了" in [m["text"] for m in resp.json["messages"] if m["sender"] == "shopper"]


async def test_a_double_click_on_claim_tells_the_shopper_once(client):
    cid = await new_conversation(client)
    await say(client, cid, "转人工")
    headers = await login(client)
    _, resp = await client.get("/api/handoffs", headers=headers)
    hid = resp.json["handoffs"][0]["id"]
    for _ in range(2):
        _, resp = await client.post(f"/api/handoffs/{hid}/claim", headers=headers)
        assert resp.status == 200
    _, resp = await client.get(f"/api/conversations/{cid}/messages?after=0")
    assert sum("已接入" in m["text"] for m in resp.json["messages"]) == 1
    _, resp = await client.post(f"/api/handoffs/{hid}/resolve", headers=headers, json={"resume_bot": "no"})
    assert resp.status == 400


async def test_repeated_wrong_passwords_lock_the_login_for_a_while(client):
    for _ in range(10):
        _, resp = await client.post("/api/agent/login", json={"username": "demo", "password": "guess"})
        assert resp.status == 401
    _, resp = await client.post("/api/agent/login", json={"username": "demo", "password": PASSWORD})
    assert resp.status == 429
