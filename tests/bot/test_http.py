"""The gateway's HTTP behaviour (DESIGN.md §3) with a real Redis and a stand-in for Rasa: no model needed."""

import asyncio
import time

import pytest

from bot.agents import AgentDirectory
from bot.app import create_app
from bot.conversations import answered_while_queued, declined_then_asked
from kefu.handoff import KefuStore
from kefu.handoff.store import TicketLimitReached
from kefu.identity import account_hash
from kefu.levels import priority_labels
from kefu.settings import Settings
from tests.bot.fakes import GREETING, FakeRasa
from tests.bot.helpers import JPEG, PASSWORD, PNG, login, new_conversation, say, transcript, write_agents


@pytest.fixture
def rasa():
    return FakeRasa()


@pytest.fixture
def client(store, shop, rasa, tmp_path):
    agents = AgentDirectory.from_file(write_agents(tmp_path / "agents.yml"))
    app = create_app(Settings(redis_url=store.url), store=store, rasa=rasa, shop=shop, agents=agents)
    return app.asgi_client


async def queued_ticket(store, client):
    """A conversation the bot has escalated: the action server opens the ticket in Redis."""
    cid = await new_conversation(client)
    hid, _ = await store.create_handoff(cid, "high", ["威胁差评"], "高风险 · 威胁差评\n顾客: 不退就差评")
    return cid, hid


async def test_a_new_conversation_opens_with_the_bots_greeting_and_buttons(client):
    cid = await new_conversation(client)
    first = (await transcript(client, cid))[0]
    assert first["sender"] == "bot" and "欢迎光临" in first["text"] and first["buttons"]
    _, resp = await client.get(f"/api/conversations/{cid}")
    assert resp.json == {"conversation_id": cid, "mode": "bot", "queue_position": None}


async def test_bad_input_gets_clear_json_errors(client):
    cid = await new_conversation(client)
    _, resp = await client.post(f"/api/conversations/{cid}/messages", json={"text": "   "})
    assert resp.status == 400 and "text" in resp.json["error"]
    _, resp = await client.post(f"/api/conversations/{cid}/messages", json={"text": "长" * 1001})
    assert resp.status == 400 and "longer" in resp.json["error"]
    json_type = {"content-type": "application/json"}
    _, resp = await client.post(f"/api/conversations/{cid}/messages", data="not json", headers=json_type)
    assert resp.status == 400 and "JSON" in resp.json["error"]
    _, resp = await client.post(f"/api/conversations/{cid}/messages", json=["a list"])
    assert resp.status == 400 and "object" in resp.json["error"]
    _, resp = await client.post("/api/conversations/no-such-conversation/messages", json={"text": "hi"})
    assert resp.status == 404 and resp.json["error"] == "conversation not found"
    _, resp = await client.get(f"/api/conversations/{cid}/messages?after=x")
    assert resp.status == 400
    _, resp = await client.get("/api/handoffs")
    assert resp.status == 401 and "error" in resp.json
    _, resp = await client.post("/api/agent/login", json={"username": "demo", "password": "wrong"})
    assert resp.status == 401


async def test_shopper_text_is_stored_verbatim_not_as_html(client):
    cid = await new_conversation(client)
    await say(client, cid, "<img src=x onerror=alert(1)>")
    assert (await transcript(client, cid))[1]["text"] == "<img src=x onerror=alert(1)>"


async def test_when_rasa_is_down_the_shopper_is_told_and_the_message_kept(client, rasa):
    cid = await new_conversation(client)
    rasa.up = False
    replies = await say(client, cid, "在吗")
    assert len(replies) == 1 and "稍后" in replies[0]["text"]
    assert [m["text"] for m in await transcript(client, cid)][1] == "在吗"


async def test_pages_show_the_shop_and_bot_names_from_policy(client, shop):
    for path in ("/", "/agent"):
        _, resp = await client.get(path)
        assert resp.status == 200 and shop.policy.shop_name in resp.text and "{{" not in resp.text
    _, resp = await client.get("/")
    assert f"智能客服{shop.policy.bot_name}" in resp.text
    _, resp = await client.get("/api/site")
    assert resp.json["bot_name"] == shop.policy.bot_name
    assert {int(k): v for k, v in resp.json["priorities"].items()} == priority_labels()
    _, resp = await client.get("/static/common.js")
    assert resp.status == 200 and "insertBySeq" in resp.text


async def test_product_cards_carry_the_sku(client, shop):
    _, resp = await client.get("/api/products")
    cards = resp.json["products"]
    assert cards and all(shop.get_product(card["sku"]).name == card["name"] for card in cards)
    kettle = next(card for card in cards if card["sku"] == "KT-001")  # the chat's hint asks about these
    assert kettle["attributes"][:2] == [name for name, _ in shop.get_product("KT-001").attributes][:2]
    assert "材质" in kettle["attributes"] and "尺码" not in kettle["attributes"]


async def test_while_queued_the_shopper_hears_their_place_and_the_bot_keeps_the_turn(client, store, rasa):
    cid, _ = await queued_ticket(store, client)
    replies = await say(client, cid, "人呢??我订单4417062395810264")
    assert "您排在第一位" in replies[0]["text"]
    recorded = rasa.events[cid]
    assert recorded[-2]["event"] == "user" and recorded[-2]["text"] == "人呢??我订单4417062395810264"
    assert all(m["text"] != "人呢??我订单4417062395810264" for m in rasa.received)  # the bot did not answer it


async def test_an_order_number_told_while_queued_is_recorded_as_the_order_in_focus(client, store, rasa):
    """ "订单号2957 7301 8442 6609" for the agent, then after the hand-back "那大概什么时候能揽收"."""
    cid, _ = await queued_ticket(store, client)
    await say(client, cid, "订单号2957 7301 8442 6609")
    assert rasa.events[cid][-1] == {"event": "slot", "name": "order_id", "value": "2957730184426609"}
    await say(client, cid, "人呢 快点")
    assert rasa.events[cid][-1]["event"] == "user"  # a message without a number leaves the focus alone


PERSON_BUTTONS = [{"title": "转人工", "payload": "/request_human"}, {"title": "不用了", "payload": "/deny"}]


@pytest.mark.parametrize(
    "text,parts",
    [("不用了 里面那个饼干有糖吗 我爸血糖高", ["不用了", "里面那个饼干有糖吗 我爸血糖高"]),
     ("不用拆开吗", ["不用拆开吗"]),  # no no: a question
     ("取消订单怎么弄", ["取消订单怎么弄"]),
     ("不用了 要是问不到呢", ["不用了 要是问不到呢"])],  # asked on the offer itself
)  # fmt: skip
def test_a_no_to_an_offer_is_split_from_a_question_only_when_said_as_a_no(text, parts):
    assert declined_then_asked(text) == parts


async def test_a_no_to_an_offer_with_a_question_after_it_gets_both_answered(client, rasa):
    """ "不用了 里面那个饼干有糖吗 我爸血糖高" right after an offer of a person: the no, then the
    question (the no alone got "没问题亲,小鹿继续为您服务~")."""
    cid = await new_conversation(client)
    rasa.buttons = PERSON_BUTTONS
    await say(client, cid, "那能改送到我单位吗")
    rasa.buttons = []
    await say(client, cid, "不用了 里面那个饼干有糖吗 我爸血糖高")
    assert [m["text"] for m in rasa.received[-2:]] == ["不用了", "里面那个饼干有糖吗 我爸血糖高"]


async def test_another_orders_parcel_asked_while_queued_is_answered_beside_the_place(client, store, rasa):
    """ "另外我还有一单 9036…到哪了" while waiting: the bot answers it, told the shopper is queued;
    its offer of a person (a "不用了" that would leave the queue) is not shown, and the
    conversation is paused again for the person."""
    cid = await new_conversation(client)
    hid, _ = await store.create_handoff(cid, "none", ["顾客接受转人工"], "", "2390417765528803")
    rasa.intent, rasa.buttons = "track_parcel", PERSON_BUTTONS
    replies = await say(client, cid, "另外我还有一单 9036618274450193 到哪了")
    assert "收到:另外我还有一单" in replies[0]["text"] and not replies[0].get("buttons")
    assert "您排在第一位" in replies[-1]["text"]
    assert rasa.received[-1]["metadata"].get("queued") is True
    events = rasa.events[cid]
    assert events[0]["event"] == "resume" and events[-1] == {"event": "pause"}
    assert {"event": "slot", "name": "offer", "value": None} in events
    assert (await store.get_handoff(hid))["status"] == "queued"
    _, resp = await client.get(f"/api/conversations/{cid}")
    assert resp.json["mode"] == "queued"


async def test_a_follow_up_on_the_parcel_answered_in_the_queue_is_answered_too(client, store, rasa):
    """ "那什么时候能揽收" right after the bot answered "另外我还有一单 9036…到哪了" in the queue; the
    same words without that answer before stay with the person."""
    cid = await new_conversation(client)
    await store.create_handoff(cid, "none", ["顾客接受转人工"], "", "2390417765528803")
    rasa.intent = "ask_shipping_time"
    await say(client, cid, "那什么时候能揽收")
    assert not any(m["text"] == "那什么时候能揽收" for m in rasa.received)  # nothing answered before it
    await say(client, cid, "另外我还有一单 9036618274450193 到哪了")
    replies = await say(client, cid, "那什么时候能揽收")
    assert rasa.received[-1]["text"] == "那什么时候能揽收" and "您排在第一位" in replies[-1]["text"]
    rasa.intent = "inform"
    await say(client, cid, "哦哦")  # not answered: the next follow-up is the person's again
    rasa.intent = "ask_shipping_time"
    await say(client, cid, "周末发货吗")
    assert rasa.received[-1]["text"] == "那什么时候能揽收"
    await say(client, cid, "另外我还有一单 9036618274450193 到哪了")  # answered again, then out of the queue
    hid = (await store.get_conversation(cid))["handoff_id"]
    await store.close_handoff(hid, status="cancelled", required_status="queued")
    rasa.intent = "greet"
    await say(client, cid, "你好")  # the bot answers again
    await store.create_handoff(cid, "none", ["顾客接受转人工"], "", "2390417765528803")
    rasa.intent = "ask_shipping_time"
    await say(client, cid, "那什么时候能揽收")  # a new queue: nothing answered in it yet
    assert rasa.received[-1]["text"] == "你好"


async def test_a_parcel_question_while_queued_waits_for_the_person_when_rasa_fails(client, store, rasa):
    cid = await new_conversation(client)
    await store.create_handoff(cid, "none", ["顾客接受转人工"], "", "2390417765528803")
    rasa.intent, rasa.send_fails = "track_parcel", True
    replies = await say(client, cid, "另外我还有一单 9036618274450193 到哪了")
    assert len(replies) == 1 and "您排在第一位" in replies[0]["text"]  # no "系统有点忙" to retry
    events = rasa.events[cid]
    assert events[-2]["event"] == "user" and {"event": "pause"} in events  # kept for the person, paused
    assert events[-1] == {"event": "slot", "name": "order_id", "value": "9036618274450193"}


async def test_a_parcel_question_while_queued_is_left_to_the_agent_who_claims_meanwhile(client, store, rasa):
    cid = await new_conversation(client)
    hid, _ = await store.create_handoff(cid, "none", ["顾客接受转人工"], "", "2390417765528803")
    rasa.intent = "track_parcel"
    rasa.on_parse = lambda: store.claim(hid, "demo")  # the agent clicks while the message is parsed
    assert await say(client, cid, "另外我还有一单 9036618274450193 到哪了") == []
    assert not any("9036618274450193" in m["text"] for m in rasa.received)


async def test_while_queued_a_threat_or_an_unsure_reading_goes_to_the_person_only(client, store, rasa):
    cid, hid = await queued_ticket(store, client)
    rasa.intent = "track_parcel"
    replies = await say(client, cid, "9036618274450193到哪了 再不到我就去12315投诉")
    assert len(replies) == 1 and "加急" in replies[0]["text"]
    rasa.intent = "inform"
    await say(client, cid, "9036618274450193")
    assert not any("9036618274450193" in m["text"] for m in rasa.received)  # the bot answered neither
    await client.post(f"/api/handoffs/{hid}/claim", headers=await login(client))
    rasa.intent = "track_parcel"
    assert await say(client, cid, "另一单9036618274450193到哪了") == []  # the agent answers now
    assert not any("9036618274450193" in m["text"] for m in rasa.received)


TICKET = {"order_id": "2390417765528803", "reasons": ["顾客接受转人工(物流停滞)"]}


@pytest.mark.parametrize(
    "text,intent,answered",
    [("另外我还有一单 9036618274450193 到哪了", "track_parcel", True),
     ("快递单号多少", "track_parcel", True),  # the ticket's order's
     ("单号发我 我自己查", "track_parcel", True),
     ("單號發我", "track_parcel", True),
     ("订单号发你了", "track_parcel", False),  # the order number, no tracking number asked
     ("退货单号发你了", "track_parcel", False),  # the shopper's own return parcel
     ("我把单号发给你", "track_parcel", False),
     ("麻烦把单号发我一下", "track_parcel", True),
     ("单号发一下", "track_parcel", True),
     ("我先把单号发过来", "track_parcel", False),
     ("2390417765528803 到哪了", "track_parcel", False),  # the very order queued: the person's
     ("同事在看我物流的问题吗", "track_parcel", False),
     ("那这个能机洗吗", "ask_product_info", False),
     ("人呢 怎么还没人理我", "track_parcel", False),  # the wait, read as a parcel question
     ("还要等多久啊", "ask_shipping_time", False),
     ("照片咋发给你们", "track_parcel", False),  # the queue's answer says where photos go
     ("不用了 我就问问单号", "track_parcel", False),  # leaves the queue first
     ("退货地址发我一下", "ask_return_policy", False)],  # returns stay with the person
)  # fmt: skip
def test_which_questions_the_bot_answers_while_queued(text, intent, answered):
    parse_data = {"intent": {"name": intent, "confidence": 0.95}}
    assert answered_while_queued(text, parse_data, "none", TICKET) is answered


@pytest.mark.parametrize(
    "text,answered",
    [("另外我还有一单9036618274450193 管控几天了到底", True),  # another order's parcel, in words
     ("那另一单宝宝的纸尿裤奶瓶什么时候发 9036618274450193", True),
     ("9036618274450193", False),  # a bare number: nothing asked
     ("2390417765528803 怎么还卡在上海", False),  # the very order queued: the person's
     ("另外9036618274450193 这单能开发票吗", False),  # not its parcel
     ("另外9036618274450193这单 收到几天了 水壶底座坏了 想退", False)],  # a problem: the person's
)  # fmt: skip
def test_another_orders_parcel_read_as_a_bare_number_is_answered_while_queued(text, answered):
    parse_data = {"intent": {"name": "inform", "confidence": 0.51}}
    assert answered_while_queued(text, parse_data, "none", TICKET) is answered


def test_the_queued_orders_parcel_is_answered_while_queued_for_its_invoice():
    """ "顺便问下 3185 5206 4772 9931 到哪了" while the invoice's title waits for a person."""
    ticket = {"order_id": "3185520647729931", "reasons": ["顾客接受转人工(修改发票信息)"]}
    parse_data = {"intent": {"name": "track_parcel", "confidence": 0.95}}
    assert answered_while_queued("顺便问下 3185 5206 4772 9931 到哪了", parse_data, "none", ticket)


async def test_a_queued_message_with_a_lexicon_entity_is_recorded_as_rasa_accepts_it(client, store, rasa):
    cid, _ = await queued_ticket(store, client)
    await say(client, cid, "而且那个充电宝还鼓包了")
    entity = rasa.events[cid][-1]["parse_data"]["entities"][0]
    assert entity["value"] == "充电宝" and "confidence" not in entity  # Rasa's event schema refuses None


async def test_the_shopper_can_cancel_while_queued(client, store, rasa):
    cid, hid = await queued_ticket(store, client)
    replies = await say(client, cid, "不用了")
    assert "排队先取消" in replies[0]["text"]
    _, resp = await client.get(f"/api/conversations/{cid}")
    assert resp.json["mode"] == "bot"
    assert (await store.get_handoff(hid))["status"] == "cancelled"
    assert {"event": "resume"} in rasa.events[cid]  # the bot listens again
    # the person declined: an offer of one in the next answer is not taken up by a resigned "行吧"
    assert {"event": "slot", "name": "offer", "value": "declined"} in rasa.events[cid]


@pytest.mark.parametrize(
    "text", ["不用了 我就问问", "算了 不用了 我就问问而已", "不需要了", "不是 我是说好吧算了 不用人工"]
)
async def test_no_thanks_with_a_harmless_rest_leaves_the_queue(client, store, text):
    cid, hid = await queued_ticket(store, client)
    replies = await say(client, cid, text)
    assert "排队先取消" in replies[0]["text"] and (await store.get_handoff(hid))["status"] == "cancelled"


@pytest.mark.parametrize(
    "text",
    [
        "算了 刚才话说重了 不好意思哈",
        "算了算了 我也不是非要投诉 就是想问问",
        "算了 我也不是要为难你们 就想快点收到",
        "算了 我也不是真想投诉 就是着急 帮我催催快递就行🙏",
    ],
)
async def test_a_bare_never_mind_taking_back_angry_words_keeps_the_queue(client, store, text):
    """ "算了" after a threat, taking back the words: the problem still waits for the person."""
    cid, hid = await queued_ticket(store, client)
    replies = await say(client, cid, text)
    assert (await store.get_handoff(hid))["status"] == "queued"
    assert "没关系" in replies[-1]["text"] and "排在第一位" in replies[-1]["text"], replies


async def test_a_question_after_no_thanks_is_answered_by_the_bot(client, store, rasa):
    """ "算了 不用了我就问问 你们发什么快递": the queue is left and the question not dropped."""
    cid, hid = await queued_ticket(store, client)
    replies = await say(client, cid, "算了 不用了我就问问 你们发什么快递")
    assert "排队先取消" in replies[0]["text"] and (await store.get_handoff(hid))["status"] == "cancelled"
    assert rasa.received[-1]["text"] == "你们发什么快递" and "你们发什么快递" in replies[-1]["text"]
    replies = await say(client, cid, "好的")
    assert len(replies) == 1  # the bot answers as usual


async def test_declining_a_person_by_name_passes_only_the_question_on(client, store, rasa):
    """ "算了不用转人工 你就告诉我到底啥时候发" reached the bot as "转人工 你就告诉我…" and queued again."""
    cid, hid = await queued_ticket(store, client)
    replies = await say(client, cid, "算了不用转人工 你就告诉我到底啥时候发")
    assert "排队先取消" in replies[0]["text"] and (await store.get_handoff(hid))["status"] == "cancelled"
    assert rasa.received[-1]["text"] == "你就告诉我到底啥时候发"


@pytest.mark.parametrize(
    "text, rest",
    [
        ("算了不等了 不用人工了 你就说周末发不发货", "你就说周末发不发货"),
        ("算了不等了 不用人工了 把快递单号给我", "把快递单号给我"),  # asked without a question word
    ],
)
async def test_a_no_said_twice_passes_only_the_question_on(client, store, rasa, text, rest):
    cid, hid = await queued_ticket(store, client)
    replies = await say(client, cid, text)
    assert "排队先取消" in replies[0]["text"] and (await store.get_handoff(hid))["status"] == "cancelled"
    assert rasa.received[-1]["text"] == rest


async def test_a_greeting_before_a_question_reaches_the_bot_as_the_question(client, rasa):
    cid = await new_conversation(client)
    await say(client, cid, "在不 7305528816490372這個訂單發貨了沒")
    assert rasa.received[-1]["text"] == "7305528816490372這個訂單發貨了沒"
    await say(client, cid, "在吗")
    assert rasa.received[-1]["text"] == "在吗"


async def test_a_threat_while_queued_raises_the_ticket_and_is_not_a_cancel(client, store):
    cid, hid = await queued_ticket(store, client)
    replies = await say(client, cid, "不用了是吧 再不来人我就去12315投诉")
    assert "加急" in replies[-1]["text"] and "人工客服" in replies[-1]["text"]  # told, not only a place
    ticket = await store.get_handoff(hid)
    assert ticket["status"] == "queued" and ticket["priority"] == 3 and "向监管部门投诉" in ticket["reasons"]


async def test_photos_mentioned_while_queued_are_told_where_to_go(client, store):
    """ "行 我去找找箱子拍面单" got only the place in the queue: where the photos go, too."""
    cid, _ = await queued_ticket(store, client)
    [reply] = await say(client, cid, "行 我去找找箱子拍面单")
    assert "“图片”按钮" in reply["text"] and "预计等待" in reply["text"]
    [reply] = await say(client, cid, "还要等多久啊")
    assert "图片" not in reply["text"] and "预计等待" in reply["text"]
    [reply] = await say(client, cid, "另外還有一雙健步鞋 昨天拍的 啥时候发")  # bought, no photos
    assert "图片" not in reply["text"] and "预计等待" in reply["text"]
    [reply] = await say(client, cid, "我拍了 发哪里")
    assert "“图片”按钮" in reply["text"]


async def test_a_hazard_while_queued_gets_the_safety_advice_at_once(client, store):
    cid, _ = await queued_ticket(store, client)
    replies = await say(client, cid, "而且那个充电宝还鼓包了 摸着烫手")
    assert "停止使用" in replies[0]["text"] and "预计等待" in replies[-1]["text"]
    assert "拔掉插头" in replies[0]["text"]  # an appliance: unplugged
    replies = await say(client, cid, "我老婆用了那个面膜脸上起红疹了")
    assert "停止使用" in replies[0]["text"] and "就医" in replies[0]["text"] and "插头" not in replies[0]["text"]


async def test_two_questions_in_one_message_are_both_sent_to_the_bot(client, rasa):
    cid = await new_conversation(client)
    replies = await say(client, cid, "我的单子4721095536680142到哪了 还有能开发票吗")
    asked = [m["text"] for m in rasa.received if m["sender"] == cid][1:]
    assert asked == ["我的单子4721095536680142到哪了", "还有能开发票吗"] and len(replies) == 2
    assert [m["text"] for m in await transcript(client, cid) if m["sender"] == "shopper"] == [
        "我的单子4721095536680142到哪了 还有能开发票吗"
    ]


async def test_a_question_both_answers_end_with_is_asked_once_last(client, rasa):
    """The invoice form asked "请问亲需要开哪种发票呢" after each of the two questions."""
    cid = await new_conversation(client)
    rasa.fixed_reply = "请问亲需要开哪种发票呢?"
    replies = await say(client, cid, "这个书包能开发票吗 还有现在退货还来得及不")
    assert [r["text"] for r in replies] == ["请问亲需要开哪种发票呢?"]


async def test_only_the_assigned_agent_replies_or_resolves(client, store):
    _, hid = await queued_ticket(store, client)
    headers, other = await login(client), await login(client, "demo2")
    _, resp = await client.post(f"/api/handoffs/{hid}/messages", headers=headers, json={"text": "在的"})
    assert resp.status == 409  # not claimed yet
    await client.post(f"/api/handoffs/{hid}/claim", headers=headers)
    _, resp = await client.post(f"/api/handoffs/{hid}/claim", headers=other)
    assert resp.status == 409
    _, resp = await client.post(f"/api/handoffs/{hid}/resolve", headers=other, json={"resume_bot": True})
    assert resp.status == 409
    _, resp = await client.post("/api/handoffs/nope/claim", headers=headers)
    assert resp.status == 404


async def test_an_agent_reply_reaches_the_shopper_and_the_bots_history(client, store, rasa):
    cid, hid = await queued_ticket(store, client)
    headers = await login(client)
    await client.post(f"/api/handoffs/{hid}/claim", headers=headers)
    _, resp = await client.post(f"/api/handoffs/{hid}/messages", headers=headers, json={"text": "亲,马上帮您核实"})
    assert resp.status == 201
    last = (await transcript(client, cid))[-1]
    assert last["sender"] == "agent" and last["text"] == "亲,马上帮您核实" and last["agent"] == "小王"
    assert rasa.events[cid][-1] == {"event": "bot", "text": "亲,马上帮您核实", "metadata": {"agent": "demo"}}
    assert await say(client, cid, "好的") == []  # in human mode the bot stays silent


async def test_a_double_click_on_claim_tells_the_shopper_once(client, store):
    cid, hid = await queued_ticket(store, client)
    headers = await login(client)
    for _ in range(2):
        _, resp = await client.post(f"/api/handoffs/{hid}/claim", headers=headers)
        assert resp.status == 200
    assert sum("已接入" in m["text"] for m in await transcript(client, cid)) == 1
    _, resp = await client.post(f"/api/handoffs/{hid}/resolve", headers=headers, json={"resume_bot": "no"})
    assert resp.status == 400


async def test_hand_back_fails_cleanly_when_rasa_is_down(client, store, rasa):
    _, hid = await queued_ticket(store, client)
    headers = await login(client)
    await client.post(f"/api/handoffs/{hid}/claim", headers=headers)
    rasa.up = False
    _, resp = await client.post(f"/api/handoffs/{hid}/resolve", headers=headers, json={"resume_bot": True})
    assert resp.status == 503 and "error" in resp.json
    assert (await store.get_handoff(hid))["status"] == "assigned"  # nothing half-done


@pytest.fixture
def proxied(store, shop, rasa, tmp_path):
    """The gateway behind one trusted proxy: the client address comes from X-Forwarded-For."""
    agents = AgentDirectory.from_file(write_agents(tmp_path / "agents.yml"))
    settings = Settings(redis_url=store.url, proxies_count=1)
    return create_app(settings, store=store, rasa=rasa, shop=shop, agents=agents).asgi_client


def login_from(client, address, password="guess"):
    return client.post(
        "/api/agent/login", json={"username": "demo", "password": password}, headers={"X-Forwarded-For": address}
    )


async def test_wrong_passwords_make_the_next_attempt_wait_longer(proxied):
    for _ in range(5):
        _, resp = await login_from(proxied, "203.0.113.7")
        assert resp.status == 401
    _, resp = await login_from(proxied, "203.0.113.7", PASSWORD)  # even the right one waits now
    assert resp.status == 429 and int(resp.headers["retry-after"]) >= 2 and "秒后再试" in resp.json["error"]


async def test_guesses_sent_at_once_are_each_counted(proxied):
    """60 concurrent wrong logins were all checked (60 × 401, no 429)."""
    started = time.monotonic()
    results = await asyncio.gather(*(login_from(proxied, "203.0.113.8") for _ in range(30)))
    elapsed = time.monotonic() - started
    statuses = [resp.status for _, resp in results]
    # 5 free attempts, then waits of 2, 4, 8 … s: a slow machine may let one more through per
    # wait that passed during the burst, never the whole burst.
    allowed = 5 + sum(1 for n in range(1, 10) if 2 ** (n + 1) - 2 <= elapsed + 1)
    assert statuses.count(401) <= allowed and statuses.count(429) == 30 - statuses.count(401)


async def test_a_stranger_failing_on_purpose_does_not_lock_an_agent_out(proxied):
    for _ in range(8):
        await login_from(proxied, "198.51.100.9")
    _, resp = await login_from(proxied, "192.0.2.10", PASSWORD)  # the agent, from their own desk
    assert resp.status == 200


async def test_logout_ends_the_token_and_sockets_take_single_use_tickets(client, store):
    headers = await login(client)
    _, resp = await client.post("/api/agent/socket_ticket", headers=headers)
    ticket = resp.json["ticket"]
    assert await store.take_socket_ticket(ticket) == "demo" and await store.take_socket_ticket(ticket) is None
    _, resp = await client.post("/api/agent/logout", headers=headers)
    assert resp.status == 200
    _, resp = await client.get("/api/handoffs", headers=headers)
    assert resp.status == 401


async def test_the_same_question_again_gets_the_answer_again_under_a_note(client, rasa):
    """The shopper may have missed the answer (and a parcel may have moved): the facts come
    again, said to be a repeat, not only "answered above"."""
    cid = await new_conversation(client)
    first = await say(client, cid, "在吗")
    again = await say(client, cid, "在吗")  # the fake answers the same text again
    assert first[0]["text"].startswith("收到:在吗")
    assert "刚刚回复过" in again[0]["text"] and again[1]["text"] == first[0]["text"]
    third = await say(client, cid, "别的")
    assert third[0]["text"].startswith("收到:别的")


async def test_a_first_hello_may_get_the_welcome_again(client, rasa):
    cid = await new_conversation(client)  # opened with the greeting
    rasa.fixed_reply = GREETING["text"]
    replies = await say(client, cid, "亲~在吗😊")
    assert replies[0]["text"] == GREETING["text"]  # not "this was answered above"


async def test_a_new_question_that_would_get_the_same_short_answer_gets_it_with_a_hint(client, rasa):
    """A short answer (the coupons, a form's question) may answer the new question too ("买两支能
    打折不" after the coupons listed 满2件9折): it comes again, then a hint that the bot may have
    misunderstood."""
    cid = await new_conversation(client)
    rasa.fixed_reply = "亲,商品的材质、尺码、规格等信息在商品详情页都有写哦~ 拿不准的小鹿帮您转人工确认"
    await say(client, cid, "这个会起球吗")
    again = await say(client, cid, "那洗了缩水吗")
    assert again[0]["text"] == rasa.fixed_reply and "和上面一样" in again[-1]["text"]
    assert "刚刚回复过" not in again[0]["text"]


async def test_a_new_question_that_would_get_the_same_long_answer_is_pointed_to_it(client, rasa):
    cid = await new_conversation(client)
    rasa.fixed_reply = "亲,七天无理由退换需要商品不影响二次销售," + "吊牌、包装和配件请保留完整," * 12
    await say(client, cid, "能退吗")
    again = await say(client, cid, "那换呢")
    assert len(again) == 1 and "和小鹿上面说的一样" in again[0]["text"]


async def test_the_product_card_the_chat_was_opened_from_reaches_the_bot_with_every_message(client, rasa, shop):
    dress, kettle = shop.list_products()[0], shop.list_products()[-1]
    _, resp = await client.post("/api/conversations", json={"product": dress.sku})
    cid = resp.json["conversation_id"]
    await say(client, cid, "这个什么面料")
    await say(client, cid, "能机洗吗")  # later messages keep the card
    _, resp = await client.post(f"/api/conversations/{cid}/messages", json={"text": "这个呢", "product": kettle.sku})
    assert resp.status == 200
    sent = [m["metadata"].get("product") for m in rasa.received if m["text"] != "/greet"]
    assert sent == [dress.sku, dress.sku, kettle.sku]


@pytest.mark.parametrize("product", ["NO-SUCH-SKU", 42, "x" * 500, "\ud800", "DR-001\u0000"])
async def test_a_product_that_is_not_in_the_catalogue_is_refused(client, rasa, product):
    cid = await new_conversation(client)
    _, resp = await client.post(f"/api/conversations/{cid}/messages", json={"text": "这个什么面料", "product": product})
    assert resp.status == 400 and "product" in resp.json["error"]
    _, resp = await client.post("/api/conversations", json={"product": product})
    assert resp.status == 400


async def send_photo(client, cid, data, name="photo.png"):
    _, resp = await client.post(f"/api/conversations/{cid}/attachments", files={"file": (name, data)})
    return resp


async def test_a_photo_is_kept_shown_in_the_transcript_and_told_to_the_bot(client, rasa):
    cid = await new_conversation(client)
    resp = await send_photo(client, cid, PNG)
    assert resp.status == 201
    url = resp.json["url"]
    photo = [m for m in await transcript(client, cid) if m.get("attachment")]
    assert [m["attachment"]["url"] for m in photo] == [url] and photo[0]["sender"] == "shopper"
    assert rasa.received[-1]["text"] == "/send_photo"  # the bot hears of it and answers
    assert resp.json["replies"]
    _, image = await client.get(url)
    assert image.status == 200 and image.body == PNG
    assert image.headers["content-type"] == "image/png" and image.headers["x-content-type-options"] == "nosniff"


async def test_the_type_comes_from_the_bytes_not_the_name(client, rasa):
    cid = await new_conversation(client)
    resp = await send_photo(client, cid, b"<script>alert(1)</script>", name="evil.png")
    assert resp.status == 415 and "图片" in resp.json["error"]
    resp = await send_photo(client, cid, JPEG, name="photo.txt")
    assert resp.status == 201
    _, image = await client.get(resp.json["url"])
    assert image.headers["content-type"] == "image/jpeg"


async def test_a_photo_over_five_megabytes_is_refused_and_nothing_is_kept(client, rasa):
    cid = await new_conversation(client)
    before = await transcript(client, cid)
    resp = await send_photo(client, cid, PNG + b"\x00" * (5 * 1024 * 1024))
    assert resp.status == 413 and "5MB" in resp.json["error"]
    assert await transcript(client, cid) == before


async def test_a_photo_without_a_file_or_conversation_gets_a_clear_error(client, rasa):
    cid = await new_conversation(client)
    _, resp = await client.post(f"/api/conversations/{cid}/attachments", data={"x": "1"})
    assert resp.status == 400
    resp = await send_photo(client, "no-such-conversation", PNG)
    assert resp.status == 404
    _, resp = await client.get("/api/attachments/no-such-photo")
    assert resp.status == 404


async def test_a_photo_while_queued_reaches_the_agent_not_the_bot(client, store, rasa):
    cid = await new_conversation(client)
    await store.create_handoff(cid, "none", ["顾客要求转人工"], "summary")
    resp = await send_photo(client, cid, PNG)
    assert resp.status == 201 and resp.json["replies"] == []
    assert "/send_photo" not in [m["text"] for m in rasa.received]


async def test_queued_for_a_task_the_bot_still_answers_and_the_photo_reaches_it(client, store, rasa):
    """A new address or photos handed to a person: the shopper waits in the queue, and the bot
    answers meanwhile (before, every later question got only a queue place)."""
    cid = await new_conversation(client)
    await store.create_handoff(cid, "none", ["修改收货地址"], "summary", pause=False)
    replies = await say(client, cid, "你们发什么快递")
    assert rasa.received[-1]["text"] == "你们发什么快递" and replies
    assert not any("预计等待" in reply["text"] for reply in replies)
    resp = await send_photo(client, cid, PNG)
    assert resp.status == 201 and rasa.received[-1]["text"] == "/send_photo"
    _, state = await client.get(f"/api/conversations/{cid}")
    assert state.json["mode"] == "queued"


async def test_no_longer_waiting_for_a_person_keeps_the_address_task(client, store, rasa):
    cid = await new_conversation(client)
    hid, _ = await store.create_handoff(cid, "none", ["修改收货地址"], "summary", pause=False)
    await store.create_handoff(cid, "none", ["顾客要求人工"], "summary")  # the bot escalated: waiting
    assert await say(client, cid, "在吗") != [] and rasa.received[-1]["text"] != "在吗"  # a queue place
    replies = await say(client, cid, "不用了")
    assert "照常处理" in replies[0]["text"]  # not "已为您取消"
    assert (await store.get_handoff(hid))["status"] == "queued"
    await say(client, cid, "你们发什么快递")
    assert rasa.received[-1]["text"] == "你们发什么快递"  # the bot answers again


async def test_a_task_taken_back_with_no_to_a_person_closes_it_and_the_bot_answers_the_rest(client, store, rasa):
    """ "算了算了 不用转人工了 不改了" after 改发顺丰 was handed to a person: the request is
    withdrawn, not left waiting for an agent who would change the courier anyway."""
    cid = await new_conversation(client)
    hid, _ = await store.create_handoff(cid, "none", ["改发顺丰"], "summary", pause=False)
    replies = await say(client, cid, "算了算了 不用转人工了 不改了 那大概哪天能发")
    assert "撤回" in replies[0]["text"] and rasa.received[-1]["text"] == "那大概哪天能发"
    assert (await store.get_handoff(hid))["status"] == "withdrawn"
    _, state = await client.get(f"/api/conversations/{cid}")
    assert state.json["mode"] == "bot"
    # the question may come first
    hid, _ = await store.create_handoff(cid, "none", ["修改收货地址"], "summary", pause=False)
    await say(client, cid, "那运费要补吗 不用转人工了 地址不改了")
    assert (await store.get_handoff(hid))["status"] == "withdrawn" and rasa.received[-1]["text"] == "那运费要补吗"
    # a no to a person alone keeps the task (the new address still needs entering)
    hid, _ = await store.create_handoff(cid, "none", ["修改收货地址"], "summary", pause=False)
    await say(client, cid, "不用转人工了")
    assert (await store.get_handoff(hid))["status"] == "queued"
    # photos of a wrong item stay with the person: "不换了 我要退款" is no withdrawal of them
    await store.close_handoff(hid)
    hid, _ = await store.create_handoff(cid, "none", ["发错漏发破损(附照片)"], "summary", pause=False)
    await say(client, cid, "算了 不用转人工了 不换了 我要退款")
    assert (await store.get_handoff(hid))["status"] == "queued" and "我要退款" in rasa.received[-1]["text"]


async def test_an_acknowledgement_before_a_question_sends_the_question_unless_an_offer_is_open(client, rasa, store):
    cid = await new_conversation(client)
    await say(client, cid, "嗯嗯 好的 大概几天能收到")
    assert rasa.received[-1]["text"] == "大概几天能收到"  # the NLU would read "嗯嗯 好的" only
    offer = [{"title": "转人工", "payload": "/request_human"}, {"title": "不用了", "payload": "/deny"}]
    await store.append_message(cid, "bot", "小鹿帮您转接人工客服好吗?", offer)
    await say(client, cid, "好的 要等多久啊")
    assert rasa.received[-1]["text"] == "好的 要等多久啊"  # also accepts the offer: sent whole
    assert [m["text"] for m in await transcript(client, cid) if m["sender"] == "shopper"][
        0
    ] == "嗯嗯 好的 大概几天能收到"


async def test_a_signed_account_opens_a_verified_chat_and_reaches_the_bot(store, shop, rasa, tmp_path):
    secret = "shop-site-secret"
    app = create_app(Settings(redis_url=store.url, identity_secret=secret), store=store, rasa=rasa, shop=shop)
    body = {"account": "xiaoli", "account_hash": account_hash(secret, "xiaoli"), "phone": "13800000000"}
    _, resp = await app.asgi_client.post("/api/conversations", json=body)
    cid = resp.json["conversation_id"]
    await say(app.asgi_client, cid, "我的快递到哪了")
    assert rasa.received[-1]["metadata"] == {"account": "xiaoli"}  # identity is the account alone, never a typed phone
    for forged in ({"account": "xiaoli"}, {"account": "xiaoli", "account_hash": account_hash("guess", "xiaoli")}):
        _, resp = await app.asgi_client.post("/api/conversations", json=forged)
        assert resp.status == 403 and "account_hash" in resp.json["error"]


async def test_the_demo_login_signs_only_demo_accounts_and_only_in_demo_mode(store, shop, rasa):
    _, resp = await create_app(Settings(redis_url=store.url), store=store, rasa=rasa, shop=shop).asgi_client.post(
        "/api/demo/login", json={"account": "xiaoli"}
    )
    assert resp.status == 404  # production: no demo login at all
    client = create_app(Settings(redis_url=store.url, demo=1), store=store, rasa=rasa, shop=shop).asgi_client
    _, resp = await client.get("/api/demo/accounts")
    accounts = {a["account"]: a["orders"] for a in resp.json["accounts"]}
    assert accounts["xiaoli"] >= 1 and sum(accounts.values()) == len(shop.list_order_ids())
    _, resp = await client.post("/api/demo/login", json={"account": "not-a-demo-shopper"})
    assert resp.status == 404
    _, signed = await client.post("/api/demo/login", json={"account": "xiaoli"})
    _, resp = await client.post("/api/conversations", json=signed.json)
    assert resp.status == 201
    assert (await store.get_conversation(resp.json["conversation_id"]))["account"] == "xiaoli"


async def test_hostile_input_gets_4xx_json_never_a_500(client, store):
    """Findings of the security review: each of these answered 500 or was accepted."""
    cid = await new_conversation(client)
    url = f"/api/conversations/{cid}/messages"
    json_type = {"content-type": "application/json"}
    cases = [
        # a cross-site form or text/plain POST is not read as JSON
        (client.post(url, data='{"text": "hi"}', headers={"content-type": "text/plain"}), 415),
        # nested deeper than Python's parser goes, within the size limit
        (client.post(url, data="[" * 3000 + "]" * 3000, headers=json_type), 400),
        # and far deeper, over it
        (client.post(url, data="[" * 100_000 + "]" * 100_000, headers=json_type), 413),
        # a lone surrogate that no UTF-8 store accepts
        (client.post(url, data='{"text": "\\ud800"}', headers=json_type), 400),
        (client.post(url, json={"text": "hi", "label": "x" * 9000}), 413),
        (client.get(f"/api/conversations/{cid}/messages?after=99999999999999999999"), 400),
        # not a conversation id: the transcript list key must not be read as a conversation hash
        (client.get(f"/api/conversations/{cid}:messages"), 404),
        (client.get("/api/conversations/" + "x" * 5000), 404),
        (client.post("/api/agent/login", data='{"username": "\\ud800", "password": "x"}', headers=json_type), 400),
    ]
    for call, status in cases:
        _, resp = await call
        assert resp.status == status and "error" in resp.json, (status, resp.status, resp.text[:200])
    _, resp = await client.post(url, json={"text": "还在吗"})
    assert resp.status == 200  # the conversation is still usable


async def test_every_response_carries_the_security_headers(client):
    for path in ("/", "/agent", "/api/site"):
        _, resp = await client.get(path)
        csp = resp.headers["content-security-policy"]
        assert "frame-ancestors 'none'" in csp and "script-src 'self'" in csp and "unsafe-inline" not in csp
        assert resp.headers["x-content-type-options"] == "nosniff" and resp.headers["referrer-policy"] == "no-referrer"


def limited_client(store, shop, rasa, **limits):
    return create_app(Settings(redis_url=store.url, **limits), store=store, rasa=rasa, shop=shop).asgi_client


async def test_a_flood_from_one_conversation_gets_a_chinese_429_and_others_go_on(store, shop, rasa):
    client = limited_client(store, shop, rasa, messages_per_minute=5)
    flooding, calm = await new_conversation(client), await new_conversation(client)
    statuses = []
    for _ in range(8):
        _, resp = await client.post(f"/api/conversations/{flooding}/messages", json={"text": "在吗在吗"})
        statuses.append(resp.status)
    assert statuses == [200] * 5 + [429] * 3
    _, resp = await client.post(f"/api/conversations/{flooding}/messages", json={"text": "在吗在吗"})
    assert "稍等" in resp.json["error"] and resp.headers["retry-after"] == "60"
    _, resp = await client.post(f"/api/conversations/{calm}/messages", json={"text": "发货了吗"})
    assert resp.status == 200
    assert sum(m["text"] == "在吗在吗" for m in await transcript(client, flooding)) == 5  # refused ones not stored


async def test_new_conversations_and_order_lookups_are_limited(store, shop, rasa):
    client = limited_client(store, shop, rasa, conversations_per_hour=3, order_lookups_per_hour=2)
    for _ in range(3):
        cid = await new_conversation(client)
    _, resp = await client.post("/api/conversations", json={})
    assert resp.status == 429 and "会话太多" in resp.json["error"]
    for number, status in (("4417062395810264", 200), ("4417062395810265", 200), ("4417062395810266", 429)):
        _, resp = await client.post(f"/api/conversations/{cid}/messages", json={"text": f"{number}到哪了"})
        assert resp.status == status
    _, resp = await client.post(f"/api/conversations/{cid}/messages", json={"text": "那发票呢"})
    assert resp.status == 200  # only guessing numbers is limited


async def test_conversations_tickets_and_photos_expire_after_the_retention(store, shop, rasa):
    """Keys never expired: one visitor's chats stayed in Redis for ever."""
    two_days = KefuStore(store.url, retention=2 * 86400)
    try:
        client = limited_client(two_days, shop, rasa)
        cid = await new_conversation(client)
        await say(client, cid, "你好")
        hid, _ = await two_days.create_handoff(cid, "high", ["威胁差评"], "…")
        aid = await two_days.save_attachment(cid, "image/png", b"\x89PNG")
        for key in (f"kefu:conv:{cid}", f"kefu:conv:{cid}:messages", f"kefu:handoff:{hid}", f"kefu:attachment:{aid}"):
            assert 0 < await store.redis.ttl(key) <= 2 * 86400, key
    finally:
        await two_days.close()


async def test_one_address_opens_a_limited_number_of_tickets(store):
    limited = KefuStore(store.url, tickets_per_hour=2)
    try:
        opened = []
        for _ in range(3):
            cid = await limited.create_conversation(address="198.51.100.20")
            try:
                opened.append((await limited.create_handoff(cid, "high", ["威胁差评"], "…"))[1])
            except TicketLimitReached:
                opened.append("limited")
        assert opened == [True, True, "limited"]
        other = await limited.create_conversation(address="198.51.100.21")
        assert (await limited.create_handoff(other, "high", ["威胁差评"], "…"))[1] is True
    finally:
        await limited.close()


async def test_health_is_red_when_redis_is_full(client, store):
    _, resp = await client.get("/api/health")
    assert resp.status == 200 and resp.json["status"] == "green" and resp.json["maxmemory"] > 0  # noeviction cap set
    used = int((await store.redis.info("memory"))["used_memory"])
    await store.redis.config_set("maxmemory", used)  # as good as full
    try:
        _, resp = await client.get("/api/health")
        assert resp.status == 503 and resp.json["redis"] == "full"
        assert (await store.redis.config_get("maxmemory-policy"))["maxmemory-policy"] == "noeviction"
    finally:
        await store.redis.config_set("maxmemory", "256mb")


async def test_only_offered_buttons_reach_rasa_as_intents(client, rasa):
    """A typed "/track_parcel{…}" was an intent with entities, and `label` let the transcript show
    another text than the one Rasa read."""
    cid = await new_conversation(client)  # the greeting offers 查物流 = /track_parcel
    await client.post(f"/api/conversations/{cid}/messages", json={"text": "/track_parcel", "label": "我要投诉"})
    assert rasa.received[-1]["text"] == "/track_parcel"
    forged = '/track_parcel{"order_id": "7305528816490372"}'
    await say(client, cid, forged)
    assert not rasa.received[-1]["text"].startswith("/")
    await client.post(f"/api/conversations/{cid}/messages", json={"text": "你好", "label": "我要退款"})
    shown = [m["text"] for m in await transcript(client, cid) if m["sender"] == "shopper"]
    assert shown == ["查物流", forged, "你好"]


async def test_agents_logging_in_from_one_office_never_wait(proxied):
    """Successful logins are not failures: 25 logins from one address (more than its 20 free
    failures) all succeed."""
    for _ in range(25):
        _, resp = await login_from(proxied, "192.0.2.50", PASSWORD)
        assert resp.status == 200


@pytest.mark.parametrize(
    "text", ["要不要转人工啊 我排到没", "我不要人工智能 我要真人", "不是不要人工 是你们太慢了 赶紧的"]
)
async def test_naming_a_person_without_declining_one_while_queued_stays_queued(client, store, text):
    """ "要不要转人工啊", "我不要人工智能", "不是不要人工": a person is named, none declined."""
    cid, hid = await queued_ticket(store, client)
    await say(client, cid, text)
    assert (await store.get_handoff(hid))["status"] == "queued"


@pytest.mark.parametrize("text", ["算了 抱歉 我不等了", "算了 不好意思打扰了"])
async def test_a_polite_never_mind_still_leaves_the_queue(client, store, text):
    cid, hid = await queued_ticket(store, client)
    replies = await say(client, cid, text)
    assert "排队先取消" in replies[0]["text"] and (await store.get_handoff(hid))["status"] == "cancelled"


async def test_asking_whether_the_hazard_may_still_be_used_while_queued_gets_the_advice_again(client, store):
    """ "现在还能接着用吗 我有点怕" after a burnt smell got only the place in the queue."""
    cid, hid = await queued_ticket(store, client)
    await say(client, cid, "养生壶烧水的时候一股烧焦味 底座还发黑了")
    assert "安全隐患" in (await store.get_handoff(hid))["reasons"]
    replies = await say(client, cid, "现在还能接着用吗 我有点怕")
    assert "停止使用" in replies[0]["text"] and "预计等待" in replies[-1]["text"]


async def test_asking_whether_it_may_still_be_used_while_queued_for_something_else_gets_only_the_place(client, store):
    cid, _ = await queued_ticket(store, client)
    [reply] = await say(client, cid, "那衣服还能接着穿吗")
    assert "停止使用" not in reply["text"] and "预计等待" in reply["text"]
