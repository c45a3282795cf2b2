"""The gateway over the real Rasa server and action server: escalation, hand-off and hand-back."""

import pytest

from bot.app import create_app
from tests.bot.helpers import PNG, login, new_conversation, say, write_agents

pytestmark = pytest.mark.slow


@pytest.fixture
def client(servers, store, shop, tmp_path):
    settings = servers.settings.with_changes(redis_url=store.url, agents_file=write_agents(tmp_path / "agents.yml"))
    return create_app(settings, store=store, shop=shop).asgi_client


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
    assert "您排在第一位" in replies[0]["text"]

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

    _, resp = await client.post(
        f"/api/handoffs/{ticket['id']}/messages", headers=headers, json={"text": "亲,非常抱歉,我马上帮您核实"}
    )
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


async def test_a_shopper_who_asked_for_a_person_can_cancel_and_the_bot_answers_again(client):
    cid = await new_conversation(client)
    await say(client, cid, "我要人工客服")
    replies = await say(client, cid, "不用了")
    assert "排队先取消" in replies[0]["text"]
    _, resp = await client.get(f"/api/conversations/{cid}")
    assert resp.json["mode"] == "bot"
    assert any("发票" in r["text"] for r in await say(client, cid, "能开发票吗"))


async def test_the_agent_sees_the_order_and_its_parcel_state(client, shop):
    cid = await new_conversation(client, shop.get_order("4417062395810264").account)
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


async def test_the_no_thanks_button_cancels_the_queue(client, shop):
    """The stalled parcel's offer shows 转人工 and 不用了; after 转人工, its 不用了 leaves the queue."""
    cid = await new_conversation(client, shop.get_order("2390417765528803").account)
    offer = await say(client, cid, "2390417765528803 怎么还不动")
    assert {"/request_human", "/deny"} <= {b["payload"] for r in offer for b in r.get("buttons") or ()}
    _, resp = await client.post(f"/api/conversations/{cid}/messages", json={"text": "/request_human"})
    _, state = await client.get(f"/api/conversations/{cid}")
    assert state.json["mode"] == "queued"
    _, resp = await client.post(f"/api/conversations/{cid}/messages", json={"text": "/deny"})
    assert "排队先取消" in resp.json["replies"][0]["text"]
    _, resp = await client.get(f"/api/conversations/{cid}/messages?after=0")
    assert "不用了" in [m["text"] for m in resp.json["messages"] if m["sender"] == "shopper"]


async def test_only_the_verified_owner_reads_an_orders_tracking(client, shop):
    """Any visitor could read any order's courier and tracking number (security issue)."""
    order = shop.get_order("7305528816490372")  # picked up: the answer names the tracking number
    owner = await new_conversation(client, order.account)
    assert any(order.parcel.tracking_no in r["text"] for r in await say(client, owner, "7305528816490372 到哪了"))

    anonymous = await new_conversation(client)
    replies = " ".join(r["text"] for r in await say(client, anonymous, "7305528816490372 到哪了"))
    assert "登录" in replies and order.parcel.tracking_no not in replies and order.parcel.courier not in replies

    someone_else = next(a for a in (shop.get_order(i).account for i in shop.list_order_ids()) if a != order.account)
    other = await new_conversation(client, someone_else)
    replies = " ".join(r["text"] for r in await say(client, other, "7305528816490372 到哪了"))
    assert "没有查到" in replies and order.parcel.tracking_no not in replies

    # A typed account without the shop's signature is refused, not trusted.
    _, resp = await client.post("/api/conversations", json={"account": order.account})
    assert resp.status == 403 and "account_hash" in resp.json["error"]


async def test_photos_of_a_missing_item_go_to_a_person_while_the_bot_keeps_answering(client, shop):
    """After the photos the chat used to wait in the queue, and every later question got only a
    queue place; the photos are a task for a person: queued, and the bot still answers."""
    order = shop.get_order("3927716640582219")
    cid = await new_conversation(client, order.account)
    replies = " ".join(r["text"] for r in await say(client, cid, "3927716640582219 少发了一件"))
    assert "拍" in replies and "发货单" in replies  # photos of the item and the packing slip
    _, resp = await client.post(f"/api/conversations/{cid}/attachments", files={"file": ("p.png", PNG)})
    handed_over = " ".join(r["text"] for r in resp.json["replies"])
    assert resp.status == 201 and "人工" in handed_over and "您排在第一位" in handed_over
    _, state = await client.get(f"/api/conversations/{cid}")
    assert state.json["mode"] == "queued" and state.json["queue_position"] == 1

    headers = await login(client)
    _, resp = await client.get("/api/handoffs", headers=headers)
    [ticket] = [t for t in resp.json["handoffs"] if t["conversation_id"] == cid]
    assert ticket["status"] == "queued" and ticket["order_id"] == "3927716640582219"

    replies = " ".join(r["text"] for r in await say(client, cid, "对了 能开发票吗"))
    assert "发票" in replies and "预计等待" not in replies  # the answer, not only the queue place

    _, resp = await client.post(f"/api/handoffs/{ticket['id']}/claim", headers=headers)
    assert resp.status == 200
    _, state = await client.get(f"/api/conversations/{cid}")
    assert state.json["mode"] == "human"
    assert await say(client, cid, "少的那件什么时候补") == []  # now the agent answers
