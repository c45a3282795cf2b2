"""Escalation actions: ticket in Redis + ConversationPaused for high risk, requests and repeated failures."""

import pytest
from rasa_sdk.executor import CollectingDispatcher

from actions import services
from actions.handoff import ActionAnswerBotChallenge, ActionAssessRisk, ActionEscalate, ActionHandleFailure
from kefu.handoff import KefuStore
from tests.actions.trackers import bot_said, make_tracker, sent, user_event


async def run(action, tracker):
    dispatcher = CollectingDispatcher()
    events = await action.run(dispatcher, tracker, {})
    return dispatcher, events


def paused(events):
    return any(event["event"] == "pause" for event in events)


async def test_regulator_threat_is_escalated_with_a_critical_ticket(shop, store):
    tracker = make_tracker(
        "再不发货我就去12315投诉你们!", "complain", slots={"order_id": "4417062395810264"}, sender_id="conv-1"
    )
    dispatcher, events = await run(ActionAssessRisk(), tracker)
    assert sent(dispatcher) == ["utter_calm_escalate"] and paused(events)
    conv = await store.get_conversation("conv-1")
    ticket = await store.get_handoff(conv["handoff_id"])
    assert conv["mode"] == "queued"
    assert ticket["priority"] == 3 and ticket["level"] == "critical"
    assert "向监管部门投诉" in ticket["reasons"] and ticket["order_id"] == "4417062395810264"
    first_line, second_line = ticket["summary"].split("\n")
    assert "紧急" in first_line and "4417062395810264" in first_line and "12315" in second_line


async def test_mild_complaint_gets_an_apology_and_an_offer_not_a_transfer(shop, store):
    dispatcher, events = await run(
        ActionAssessRisk(), make_tracker("衣服有点起球 有点失望", "complain", sender_id="conv-2")
    )
    assert sent(dispatcher) == ["utter_low_risk_apology"] and not paused(events)
    assert await store.get_conversation("conv-2") is None


async def test_a_complaint_about_the_pickup_just_answered_gets_that_parcels_answer(shop, store):
    # "都一天了還沒攬收 什麼情況" after the awaiting-pickup answer got "请您具体说一下遇到的问题"
    tracker = make_tracker(
        "都一天了还没揽收 什么情况",
        "complain",
        slots={"order_id": "4721095536680142"},
        bot_turn=bot_said("utter_parcel_awaiting_pickup"),
        sender_id="conv-2b",
    )
    dispatcher, events = await run(ActionAssessRisk(), tracker)
    assert "utter_low_risk_apology" not in sent(dispatcher) and not paused(events)
    assert any("awaiting_pickup" in name for name in sent(dispatcher))


async def test_a_complaint_about_the_service_naming_dispatch_is_not_a_parcel_question(shop, store):
    tracker = make_tracker("客服态度太差了 问个发货时间半天不理人", "complain", sender_id="conv-2c")
    dispatcher, _ = await run(ActionAssessRisk(), tracker)
    assert not any(name.startswith(("utter_parcel", "utter_ask_order")) for name in sent(dispatcher)), sent(dispatcher)


async def test_explicit_request_for_a_person_always_transfers(shop, store):
    dispatcher, events = await run(ActionEscalate(), make_tracker("转人工", "request_human", sender_id="conv-3"))
    assert sent(dispatcher) == ["utter_connect_human"] and paused(events)
    ticket = (await store.list_handoffs())[0]
    assert ticket["reasons"] == ["顾客要求人工"] and ticket["priority"] == 1


@pytest.mark.parametrize("text", ["不用转人工 我等等", "先不要人工了", "別轉客服 我自己看看"])
async def test_a_message_that_declines_a_person_keeps_the_bot(shop, store, text):
    dispatcher, events = await run(ActionEscalate(), make_tracker(text, "request_human", sender_id="conv-no"))
    assert sent(dispatcher) == ["utter_offer_declined"] and not paused(events)
    assert await store.list_handoffs() == []


async def test_asking_whether_a_person_is_possible_still_transfers(shop, store):
    dispatcher, events = await run(ActionEscalate(), make_tracker("要不要转人工啊", "request_human", sender_id="c"))
    assert sent(dispatcher) == ["utter_connect_human"] and paused(events)


async def test_declining_a_person_does_not_hide_a_threat(shop, store):
    tracker = make_tracker("不用转人工 我直接去12315投诉", "request_human", sender_id="conv-t")
    dispatcher, events = await run(ActionEscalate(), tracker)
    assert paused(events) and (await store.list_handoffs())[0]["level"] == "critical"


@pytest.mark.parametrize(
    "text", ["算了不用转人工 你就告诉我到底啥时候发", "差评倒不至于 不用转人工了 你就说啥时候能发"]
)
async def test_declining_after_an_earlier_threat_keeps_the_bot_and_answers_the_question(shop, store, text):
    """ "算了不用转人工 你就告诉我到底啥时候发" after a 12315 threat: the gateway had left the queue,
    then the bot queued the shopper again and left the question unanswered."""
    unshipped = "3368120957742681"
    tracker = make_tracker(
        text,
        "request_human",
        history=[(f"{unshipped} 怎么还不发货", "track_parcel"), ("再不发我就去12315投诉你们", "complain")],
        slots={"order_id": unshipped},
        sender_id="conv-d",
    )
    dispatcher, events = await run(ActionEscalate(), tracker)
    assert not paused(events) and await store.list_handoffs() == []
    assert "not_shipped" in sent(dispatcher)[0]  # the parcel answer for that order


@pytest.mark.parametrize("intent", ["deny", "request_human", "nlu_fallback"])
async def test_leaving_the_queue_for_the_tracking_number_gets_it(shop, store, intent):
    """ "算了不等了 不用人工了 单号给我 我自己打圆通电话" after an insult queued the chat: the gateway
    left the queue; the number asked for beside the no was never given ("没太理解")."""
    from actions.dialogue import ActionHandleDeny

    stalled = "6049983127756610"
    tracker = make_tracker(
        "算了不等了 不用人工了 单号给我 我自己打圆通电话",
        intent,
        history=[
            (f"{stalled} 在成都转运中心躺两天了 什么情况", "track_parcel"),
            ("你们是不是脑子有病 垃圾店", "complain"),
        ],
        slots={"order_id": stalled},
        sender_id="conv-left",
    )
    actions = {"deny": ActionHandleDeny(), "request_human": ActionEscalate(), "nlu_fallback": ActionHandleFailure()}
    dispatcher, events = await run(actions[intent], tracker)
    assert not paused(events) and await store.list_handoffs() == []
    assert any("YT7412301128864" == m.get("tracking_no") for m in dispatcher.messages), sent(dispatcher)


async def test_request_after_a_threat_keeps_the_high_priority(shop, store):
    tracker = make_tracker("叫人工来", "request_human", history=[("我要给你们差评!", "complain")], sender_id="conv-4")
    await run(ActionEscalate(), tracker)
    ticket = (await store.list_handoffs())[0]
    assert ticket["priority"] == 2 and "差评威胁" in ticket["reasons"]


async def test_first_failure_is_answered_kindly(shop, store):
    dispatcher, events = await run(ActionHandleFailure(), make_tracker("今天天气咋样", "out_of_scope"))
    assert sent(dispatcher) == ["utter_out_of_scope"] and not paused(events)


@pytest.mark.parametrize("text", ["多少钱啊", "这个要多少钱", "价格呢", "这双鞋多少钱", "多少钱一双啊"])
async def test_the_price_asked_right_after_one_product_was_shown_is_its_price(shop, store, text):
    """ "多少钱啊" after the walking shoes were recommended was not understood."""
    turn = [user_event("给我爸买双鞋 他腿脚不好怕摔", "request_recommendation"), *bot_said("utter_recommend_item")]
    tracker = make_tracker(text, "nlu_fallback", slots={"product_in_focus": "SN-002"}, bot_turn=turn)
    dispatcher, events = await run(ActionHandleFailure(), tracker)
    shoe = shop.get_product("SN-002")
    [answer] = dispatcher.messages  # its page price (with what it is), no "没太理解"
    assert (
        answer["response"] in ("utter_product_price", "utter_product_summary") and answer["price"] == f"{shoe.price:g}"
    )


@pytest.mark.parametrize("text", ["保价多少钱", "运费多少钱啊", "这单一共多少钱"])
async def test_other_amounts_asked_right_after_a_product_was_shown_are_not_its_price(shop, store, text):
    turn = [user_event("给我爸买双鞋 他腿脚不好怕摔", "request_recommendation"), *bot_said("utter_recommend_item")]
    tracker = make_tracker(text, "nlu_fallback", slots={"product_in_focus": "SN-002"}, bot_turn=turn)
    dispatcher, _ = await run(ActionHandleFailure(), tracker)
    assert not any(m.get("price") == "189" for m in dispatcher.messages), dispatcher.messages


async def test_second_failure_in_a_row_goes_to_a_person(shop, store):
    tracker = make_tracker("asdfgh", "nlu_fallback", history=[("今天天气咋样", "out_of_scope")], sender_id="conv-5")
    dispatcher, events = await run(ActionHandleFailure(), tracker)
    assert sent(dispatcher) == ["utter_failure_escalate"] and paused(events)
    assert (await store.list_handoffs())[0]["reasons"] == ["机器人多次未能理解"]


async def test_owning_a_typo_after_a_failure_is_answered_not_queued(shop, store):
    """ "sorry 打错了哈哈" after "asdfghjkl" was the second failure in a row and queued the shopper."""
    tracker = make_tracker("sorry 打错了哈哈", "nlu_fallback", history=[("asdfghjkl", "nlu_fallback")], sender_id="c-t")
    dispatcher, events = await run(ActionHandleFailure(), tracker)
    assert sent(dispatcher) == ["utter_typo_no_worries"] and not paused(events)


def test_a_wrong_item_told_is_no_typo():
    from kefu.words import OWN_TYPO

    assert not OWN_TYPO.match("啊 发错了") and not OWN_TYPO.match("发错了！！") and OWN_TYPO.match("不好意思 发错字了")


async def test_two_keyboard_mashes_in_a_row_wait_for_a_third_failure(shop, store):
    history = [("asdfgh", "nlu_fallback")]
    tracker = make_tracker("qwerty uiop", "nlu_fallback", history=history, sender_id="conv-5b")
    dispatcher, events = await run(ActionHandleFailure(), tracker)
    assert sent(dispatcher) == ["utter_default"] and not paused(events)
    tracker = make_tracker(
        "。。。。", "nlu_fallback", history=history + [("qwerty uiop", "nlu_fallback")], sender_id="conv-5b"
    )
    dispatcher, events = await run(ActionHandleFailure(), tracker)
    assert sent(dispatcher) == ["utter_failure_escalate"] and paused(events)


async def test_without_redis_the_bot_says_so_and_does_not_pause(shop):
    unreachable = KefuStore("redis://127.0.0.1:1/0")  # nothing listens there
    services.use(store=unreachable)
    try:
        dispatcher, events = await run(ActionEscalate(), make_tracker("转人工", "request_human"))
    finally:
        services.use(store=None)
        await unreachable.close()
    assert sent(dispatcher) == ["utter_service_unavailable"] and not paused(events)


async def test_a_not_understood_message_that_is_a_threat_still_escalates(shop, store):
    tracker = make_tracker("你们等着 律师函已经在路上了", "nlu_fallback", sender_id="conv-6")
    dispatcher, events = await run(ActionHandleFailure(), tracker)
    assert sent(dispatcher) == ["utter_calm_escalate"] and paused(events)


async def test_a_not_understood_mild_complaint_gets_the_apology(shop, store):
    dispatcher, events = await run(ActionHandleFailure(), make_tracker("东西有点起球 有点失望", "out_of_scope"))
    assert sent(dispatcher) == ["utter_low_risk_apology"] and not paused(events)


async def test_three_unhelpful_turns_out_of_five_go_to_a_person(shop, store):
    history = [("今天天气咋样", "out_of_scope"), ("查物流", "track_parcel"), ("讲个笑话", "out_of_scope"),
               ("好吧", "affirm")]  # fmt: skip
    tracker = make_tracker("那个东西呢", "nlu_fallback", history=history, sender_id="conv-9")
    dispatcher, events = await run(ActionHandleFailure(), tracker)
    assert sent(dispatcher) == ["utter_failure_escalate"] and paused(events)


@pytest.mark.parametrize(
    ("text", "advice"),
    [("充电宝鼓包了 摸着烫手", "utter_safety_advice_appliance"),  # unplug it
     ("敷完面膜脸又红又肿 痒得受不了", "utter_safety_advice_body")],  # a doctor; a mask has no plug
)  # fmt: skip
async def test_a_safety_hazard_first_gets_the_stop_using_advice_that_fits_it(shop, store, text, advice):
    tracker = make_tracker(text, "complain", sender_id="conv-10")
    dispatcher, events = await run(ActionAssessRisk(), tracker)
    assert sent(dispatcher) == [advice, "utter_calm_escalate"] and paused(events)


@pytest.mark.parametrize(
    "text", ["东西挺好的 给你们五星好评", "我朋友是律师 推荐我来你们家买的", "差评是不可能差评的😂"]
)
async def test_praise_and_friendly_words_are_thanked_never_apologised_for(shop, store, text):
    dispatcher, events = await run(ActionAssessRisk(), make_tracker(text, "complain"))
    assert sent(dispatcher) == ["utter_praise_thanks"] and not paused(events)


async def test_a_friendly_word_does_not_hide_a_threat(shop, store):
    tracker = make_tracker("我是老顾客了 你们再不退款我就投诉到12315", "complain", sender_id="conv-11")
    dispatcher, events = await run(ActionAssessRisk(), tracker)
    assert "utter_praise_thanks" not in sent(dispatcher) and paused(events)


async def test_a_told_quality_problem_gets_the_returns_answer_not_a_question_about_it(shop, store):
    text = "8702251946638813 这个卫衣才洗了一次就开线了 什么质量啊"
    order = {"order_id": "8702251946638813"}  # its 卫衣 is the product: "洗" and "什么" are no question about it
    tracker = make_tracker(text, "complain", entities=order, slots=order, sender_id="conv-12")
    dispatcher, events = await run(ActionAssessRisk(), tracker)
    assert sent(dispatcher) == [
        "utter_sorry_for_trouble",
        "utter_return_quality",
        "utter_return_quality_evidence",
        "utter_return_note",
    ]
    assert not paused(events)


async def test_a_hobby_not_understood_right_after_a_recommendation_narrows_it(shop, store):
    last = {"category": "不限", "recipient": "男朋友", "budget": 300, "budget_min": 200.0, "shown": []}
    shown = [{"event": "bot", "text": "为您推荐:…", "metadata": {"utter_action": "utter_recommend_item"}}]
    slots = {"last_recommendation": last}
    tracker = make_tracker("他平时爱跑步", "nlu_fallback", slots=slots, sender_id="conv-13", bot_turn=shown)
    dispatcher, events = await run(ActionHandleFailure(), tracker)
    names = [m["name"] for m in dispatcher.messages if m["response"] == "utter_recommend_item"]
    assert names and all(p.category == "运动鞋" for p in shop.list_products() if p.name in names)
    assert not paused(events)


@pytest.mark.parametrize("text", ["老顾客了 这次发的衣服开胶了", "我是回头客 这次鞋子开线了"])
async def test_a_regular_customer_with_a_defect_is_helped_not_thanked(shop, store, text):
    dispatcher, _ = await run(ActionAssessRisk(), make_tracker(text, "complain", sender_id="conv-14"))
    assert "utter_praise_thanks" not in sent(dispatcher) and "utter_sorry_for_trouble" in sent(dispatcher)


@pytest.mark.parametrize("text", ["能不能换个真人来 你啥都不懂", "你们这个活动规则太复杂了"])
async def test_a_complaint_not_about_goods_gets_the_apology_and_offer(shop, store, text):
    dispatcher, _ = await run(ActionAssessRisk(), make_tracker(text, "complain", sender_id="conv-15"))
    assert "utter_return_policy_general" not in sent(dispatcher)


async def test_a_not_understood_attribute_question_about_the_product_in_focus_is_answered(shop, store):
    """ "哪里产的" after a question about the beef jerky: the NLU may not place so short a
    message, but with a product in focus it asks about that product."""
    tracker = make_tracker("哪里产的", "nlu_fallback", slots={"product_in_focus": "FD-002"}, sender_id="conv-p")
    dispatcher, events = await run(ActionHandleFailure(), tracker)
    assert sent(dispatcher) == ["utter_product_attribute"] and dispatcher.messages[0]["value"] == "内蒙古"


async def test_a_not_understood_attribute_question_naming_a_product_is_answered(shop, store):
    tracker = make_tracker("你们家那个中老年桑蚕丝连衣裙是真丝的吗", "nlu_fallback", sender_id="conv-n")
    dispatcher, _ = await run(ActionHandleFailure(), tracker)
    assert sent(dispatcher) == ["utter_product_attribute"] and "桑蚕丝" in dispatcher.messages[0]["value"]


async def test_without_a_product_in_focus_a_not_understood_question_stays_not_understood(shop, store):
    dispatcher, _ = await run(ActionHandleFailure(), make_tracker("哪里产的", "nlu_fallback", sender_id="conv-q"))
    assert sent(dispatcher) == ["utter_default"]


async def test_a_not_understood_price_drop_question_gets_the_price_protection_answer(shop, store):
    tracker = make_tracker("亲 这个吹风机我买的699 现在599了 8839016627745120 能补差价不", "nlu_fallback")
    dispatcher, events = await run(ActionHandleFailure(), tracker)
    assert sent(dispatcher) and all(name.startswith("utter_price_protect") for name in sent(dispatcher))
    assert not paused(events)


async def test_a_not_understood_budget_and_category_is_a_recommendation_kept_for_a_new_budget(shop, store):
    dispatcher, events = await run(ActionHandleFailure(), make_tracker("有没有200-300的口红", "nlu_fallback"))
    assert sent(dispatcher) == ["utter_recommend_none"]  # no lipstick costs 200-300: said, nothing over it
    slots = {e["name"]: e["value"] for e in events}
    assert slots["product_category"] == "口红" and slots["pending_topic"] == "recommend" and not paused(events)


async def test_a_parcel_follow_up_under_the_nlu_threshold_gets_the_follow_up_answer(shop, store):
    answered = bot_said("utter_parcel_in_transit")
    tracker = make_tracker("明天能到嗎", "nlu_fallback", slots={"order_id": "3051729946021837"}, bot_turn=answered)
    dispatcher, _ = await run(ActionHandleFailure(), tracker)
    assert sent(dispatcher) == ["utter_followup_eta"]
    unanswered = make_tracker("明天能到嗎", "nlu_fallback", slots={"order_id": "3051729946021837"})
    dispatcher, _ = await run(ActionHandleFailure(), unanswered)
    assert sent(dispatcher) != ["utter_followup_eta"]  # long after the parcel answer: not assumed


async def test_past_its_address_ticket_limit_the_bot_stays_and_says_so(shop, store):
    limited = KefuStore(store.url, tickets_per_hour=1)
    services.use(store=limited)
    try:
        cids = [await limited.create_conversation(address="198.51.100.30") for _ in range(2)]
        first, _ = await run(ActionEscalate(), make_tracker("转人工", "request_human", sender_id=cids[0]))
        dispatcher, events = await run(ActionEscalate(), make_tracker("转人工", "request_human", sender_id=cids[1]))
    finally:
        services.use(store=store)
        await limited.close()
    assert sent(dispatcher) == ["utter_handoff_limited"] and not paused(events)
    assert len(await store.list_handoffs()) == 1


async def test_how_to_send_photos_after_the_quality_answer_asked_for_them(shop, store):
    asked = bot_said("utter_return_quality_evidence")
    tracker = make_tracker("要我拍照片吗", "nlu_fallback", bot_turn=asked, sender_id="conv-photos")
    dispatcher, events = await run(ActionHandleFailure(), tracker)
    assert sent(dispatcher) == ["utter_photos_how"] and not paused(events)


async def test_an_annoyed_message_naming_an_order_gets_that_orders_answer(shop, store):
    """ "2390…这单好几天都没动静了 你们搞什么" got "请您具体说一下遇到的问题"."""
    tracker = make_tracker("2390417765528803这单好几天都没动静了 你们搞什么", "complain", sender_id="conv-annoyed")
    dispatcher, events = await run(ActionAssessRisk(), tracker)
    assert sent(dispatcher)[:2] == ["utter_sorry_for_trouble", "utter_parcel_stalled"] and not paused(events)


async def test_declining_with_a_return_question_is_not_read_as_a_parcel_question(shop, store):
    tracker = make_tracker("不用转人工 我要退货 怎么寄回去", "request_human", sender_id="conv-r")
    dispatcher, events = await run(ActionEscalate(), tracker)
    assert sent(dispatcher) == ["utter_offer_declined"] and not paused(events)


async def test_a_quality_problem_on_a_high_amount_order_is_answered_and_followed_up_without_a_queue(shop, store):
    """The amount alone (¥1,576) raises it: the shopper gets the returns answer (photos) at once,
    and a person gets a high-priority task while the bot keeps answering."""
    text = "9904471326658013 羽绒服拉链坏了 质量太差了吧"
    order = {"order_id": "9904471326658013"}
    tracker = make_tracker(text, "complain", entities=order, slots=order, sender_id="conv-16")
    dispatcher, events = await run(ActionAssessRisk(), tracker)
    assert sent(dispatcher)[:2] == ["utter_sorry_for_trouble", "utter_return_quality"]
    assert sent(dispatcher)[-1] == "utter_colleague_follows_up" and not paused(events)
    conv = await store.get_conversation("conv-16")
    ticket = await store.get_handoff(conv["handoff_id"])
    assert conv["bot_answers"] == "1" and ticket["level"] == "high" and "高金额订单" in ticket["reasons"]


@pytest.mark.parametrize("text", ["9904471326658013 给爸妈买的羽绒服 有一件拉链坏了"])
async def test_a_defect_reported_as_an_order_problem_is_a_quality_problem_with_the_return_address(shop, store, text):
    """Read as a wrong/missing/broken item: a defect of a delivered item is returned (address and
    note), and on this ¥1,576 order followed up by a person, as when read as a complaint."""
    from actions.order_problem import ActionAnswerOrderProblem

    tracker = make_tracker(text, "report_order_problem", sender_id="conv-18")
    dispatcher, events = await run(ActionAnswerOrderProblem(), tracker)
    assert {"utter_return_quality", "utter_return_note"} <= set(sent(dispatcher)) and not paused(events)
    assert sent(dispatcher)[-1] == "utter_colleague_follows_up"
    ticket = await store.get_handoff((await store.get_conversation("conv-18"))["handoff_id"])
    assert ticket["level"] == "high" and "高金额订单" in ticket["reasons"]


async def test_an_item_broken_on_the_way_is_still_an_order_problem(shop, store):
    tracker = make_tracker("9904471326658013 收到外包装破损 鞋盒压坏了", "report_order_problem", sender_id="conv-19")
    from actions.order_problem import ActionAnswerOrderProblem

    dispatcher, _ = await run(ActionAnswerOrderProblem(), tracker)
    # (on this ¥1,576 order a person also follows it up: utter_colleague_follows_up after it)
    assert sent(dispatcher)[0] == "utter_order_problem_order" and "utter_return_quality" not in sent(dispatcher)


async def test_a_threat_with_a_defect_queues_and_asks_for_photos_meanwhile(shop, store):
    tracker = make_tracker("拉链坏了 不给退我就去12315投诉", "complain", sender_id="conv-17")
    dispatcher, events = await run(ActionAssessRisk(), tracker)
    assert sent(dispatcher) == ["utter_calm_escalate", "utter_photos_while_queued"] and paused(events)


async def test_a_product_question_read_as_a_complaint_is_answered(shop, store):
    tracker = make_tracker("辣不辣啊 我不太能吃辣🥲", "complain", slots={"product_in_focus": "FD-002"}, sender_id="c18")
    dispatcher, events = await run(ActionAssessRisk(), tracker)
    assert sent(dispatcher) == ["utter_product_attribute"] and not paused(events)
    assert "辣" in dispatcher.messages[0]["value"]


async def test_how_heavy_asked_with_a_sore_wrist_is_answered_not_apologised_for(shop, store):
    tracker = make_tracker("多重啊 我手腕不太好", "complain", slots={"product_in_focus": "HR-001"}, sender_id="c18w")
    dispatcher, events = await run(ActionAssessRisk(), tracker)
    assert sent(dispatcher) == ["utter_product_attribute"] and dispatcher.messages[0]["attribute"] == "重量"


@pytest.mark.parametrize(
    "text,sku,attribute",
    [("这鞋子防滑不 我老伴腿脚不好", "SN-002", "材质"),
     ("能压缩不 出差带着", "DJ-001", "收纳"),
     ("有手提袋没 想直接拿去送", "LS-003", "包装")],
)  # fmt: skip
async def test_a_question_ending_in_bu_or_mei_before_a_reason_is_answered(shop, store, text, sku, attribute):
    """The 不 or 没 that ends a question, with the reason told after it, read as a complaint."""
    tracker = make_tracker(text, "complain", slots={"product_in_focus": sku}, sender_id="c18q")
    dispatcher, events = await run(ActionAssessRisk(), tracker)
    assert sent(dispatcher) == ["utter_product_attribute"] and not paused(events)
    assert dispatcher.messages[0]["attribute"] == attribute


@pytest.mark.parametrize("intent", ["complain", "nlu_fallback"])
async def test_a_which_size_question_read_as_a_complaint_is_answered(shop, store, intent):
    """ "偏大偏小" on the elderly shoes' card asks the size, without a question mark."""
    action = ActionAssessRisk() if intent == "complain" else ActionHandleFailure()
    tracker = make_tracker("偏大偏小", intent, slots={"product_in_focus": "SN-002"}, sender_id="c18b")
    dispatcher, events = await run(action, tracker)
    assert "utter_product_attribute" in sent(dispatcher) and not paused(events)
    assert "尺码" in dispatcher.messages[0]["value"]


@pytest.mark.parametrize(
    "text,sku",
    [("衣服有点起球 有点失望", "HD-001"),
     ("鞋底一点都不 防滑 我妈差点摔了", "SN-002"),
     ("羽绒服根本不 保暖 冻死了", "DJ-001")],
)  # fmt: skip
async def test_a_complaint_about_what_a_product_does_is_not_answered_as_a_question(shop, store, text, sku):
    tracker = make_tracker(text, "complain", slots={"product_in_focus": sku}, sender_id="c19")
    dispatcher, _ = await run(ActionAssessRisk(), tracker)
    assert "utter_product_attribute" not in sent(dispatcher)


async def test_a_forgotten_address_detail_read_as_a_missing_item_joins_the_address_ticket(shop, store):
    """ "门牌号漏了 3栋1502" after the new address went to a person: not 漏发."""
    from actions.order_problem import ActionAnswerOrderProblem

    handed = bot_said("utter_address_handed_over")
    address = [("广东省深圳市南山区科技园南路88号 王凯 17688902345", "inform")]
    tracker = make_tracker("门牌号漏了 3栋1502", "report_order_problem", history=address, bot_turn=handed)
    dispatcher, _ = await run(ActionAnswerOrderProblem(), tracker)
    assert not any(name.startswith("utter_order_problem") for name in sent(dispatcher)), sent(dispatcher)


async def test_a_defect_of_a_flowery_dress_is_no_damage_on_the_way(shop, store):
    """碎 of 碎花 (the shop's own dress) is not 碎了: a broken zip is a quality problem."""
    from actions.order_problem import ActionAnswerOrderProblem

    tracker = make_tracker("3927716640582219 碎花裙子拉链坏了", "report_order_problem", sender_id="conv-20")
    dispatcher, _ = await run(ActionAnswerOrderProblem(), tracker)
    assert "utter_return_quality" in sent(dispatcher), sent(dispatcher)


async def test_an_angry_shopper_asking_where_the_order_is_gets_an_apology_and_where_it_is(shop, store):
    """ "气死了 买个裙子等两天了 到底到哪了 7305…": angry, no threat, a question the bot can answer:
    an apology and the parcel's state, not a queue (three blind sets expected the answer)."""
    text = "气死了 买个裙子等两天了 到底到哪了 7305528816490372"
    dispatcher, events = await run(ActionAssessRisk(), make_tracker(text, "complain", sender_id="angry-where"))
    said = sent(dispatcher)
    assert said[0] == "utter_sorry_for_trouble" and not paused(events)
    assert len(said) == 2 and said[1].startswith("utter_parcel_")
    assert dispatcher.messages[1]["order_id"] == "7305528816490372"
    assert await store.get_conversation("angry-where") is None


@pytest.mark.parametrize("text", ["有没有真人啊 跟机器人说不清", "机器人听不懂 给我换个真人"])
async def test_giving_up_on_the_bot_in_a_bot_question_calls_a_person(shop, store, text):
    from actions.handoff import ActionAnswerBotChallenge

    dispatcher, events = await run(ActionAnswerBotChallenge(), make_tracker(text, "bot_challenge", sender_id="bc"))
    assert sent(dispatcher) == ["utter_connect_human"] and paused(events)
    assert (await store.get_conversation("bc"))["mode"] == "queued"


async def test_asking_whether_it_is_a_bot_is_answered(shop, store):
    from actions.handoff import ActionAnswerBotChallenge

    dispatcher, events = await run(ActionAnswerBotChallenge(), make_tracker("你是机器人还是真人啊", "bot_challenge"))
    assert sent(dispatcher) == ["utter_iamabot"] and not paused(events) and await store.list_handoffs() == []


@pytest.mark.parametrize(
    "text,topic,asked,hurried",
    [("快点啊 急", "parcel", "utter_ask_order_id", True), ("赶紧的!!", "returns", "utter_ask_order_for_topic", True),
     ("快点查一下那个裙子", "parcel", "utter_ask_order_id", False),
     ("了", "parcel", "utter_ask_order_id", False),  # no haste in it
     ("快点啊", "new_address", "utter_address_ask_new", False)],  # the order is known: the address is awaited
)  # fmt: skip
async def test_haste_while_the_bot_waits_for_the_order_number_gets_the_number_asked_kindly(
    shop, text, topic, asked, hurried
):
    """ "快点啊 急" after "请把订单号发给小鹿" once got "这句小鹿没看明白呢"."""
    tracker = make_tracker(text, "nlu_fallback", slots={"pending_topic": topic}, bot_turn=bot_said(asked))
    dispatcher, _ = await run(ActionHandleFailure(), tracker)
    assert (sent(dispatcher) == ["utter_hurry_order_number"]) is hurried


async def test_a_products_shelf_life_right_after_a_parcel_answer_is_about_the_product(shop):
    """ "坚果开了能放多久" (not understood) right after 2284…'s parcel answer once got the parcel's
    arrival again, not the nuts' shelf life."""
    tracker = make_tracker(
        "坚果开了能放多久",
        "nlu_fallback",
        slots={"order_id": "2284671903358812", "parcel_state": "picked_up"},
        bot_turn=bot_said("utter_parcel_picked_up"),
    )
    dispatcher, _ = await run(ActionHandleFailure(), tracker)
    assert sent(dispatcher)[0].startswith("utter_product"), sent(dispatcher)


async def test_whether_someone_allergic_may_eat_it_is_a_product_question_not_a_complaint(shop, store):
    """ "对坚果过敏的能吃不" about the nuts just talked about (read as a complaint) was once queued as
    a safety hazard, then apologised for; the catalogue says nothing of allergies: not known."""
    tracker = make_tracker("对坚果过敏的能吃不", "complain", slots={"product_in_focus": "FD-001"})
    dispatcher, events = await run(ActionAssessRisk(), tracker)
    assert sent(dispatcher)[0].startswith("utter_product"), sent(dispatcher)
    assert await store.list_handoffs() == [] and not paused(events)


async def test_the_other_of_two_orders_answered_together_named_by_what_it_holds_is_asked_on(shop):
    """ "空气炸锅那个呢 那咋办啊" (not understood) after 3346… (air fryer, held up by a storm) and
    6931… (hair dryer, in focus since its courier's phone was asked) once got "没看明白"."""
    slots = {"order_id": "6931054472281906", "recent_orders": ["3346671029985514", "6931054472281906"]}
    tracker = make_tracker("空气炸锅那个呢 那咋办啊", "nlu_fallback", slots=slots)
    dispatcher, _ = await run(ActionHandleFailure(), tracker)
    assert dispatcher.messages[0]["order_id"] == "3346671029985514", sent(dispatcher)
    assert "exception" in sent(dispatcher)[0]


@pytest.mark.parametrize(
    "text,praised", [("小鹿你太棒了 比人工还靠谱👍", True), ("比人工还靠谱👍 不过还是帮我转人工吧", False)]
)
async def test_praise_comparing_the_bot_with_a_person_is_thanked_not_transferred(shop, store, text, praised):
    """ "小鹿你太棒了 比人工还靠谱👍" (read as asking for a person) was once queued."""
    dispatcher, events = await run(ActionEscalate(), make_tracker(text, "request_human", sender_id="conv-praise"))
    assert (sent(dispatcher) == ["utter_praise_thanks"]) is praised
    assert paused(events) is not praised


async def test_a_wish_read_as_a_complaint_shows_the_one_product_wished(shop, store):
    """ "娃上小學了 書包太重 有护脊的没" (read as a complaint) once got "非常抱歉给您带来不好的体验"."""
    dispatcher, events = await run(ActionAssessRisk(), make_tracker("娃上小學了 書包太重 有护脊的没", "complain"))
    assert sent(dispatcher) == ["utter_recommend_item"] and "护脊" in dispatcher.messages[0]["name"]
    assert not paused(events)


@pytest.mark.parametrize("text", ["吹风机怎么用", "吹风机不想要了 可以吗"])
async def test_naming_a_product_of_the_other_order_is_not_always_its_parcel(shop, text):
    """Only "X那个呢", "那咋办" or a parcel follow-up picks the other of two orders answered together."""
    slots = {"order_id": "3346671029985514", "recent_orders": ["3346671029985514", "6931054472281906"]}
    dispatcher, _ = await run(ActionHandleFailure(), make_tracker(text, "nlu_fallback", slots=slots))
    assert not any(name.startswith("utter_followup") for name in sent(dispatcher)), sent(dispatcher)


async def test_a_complaint_about_an_order_naming_a_product_with_a_need_in_its_name_is_no_wish(shop, store):
    """ "肿么回事 养生壶三天没动静了 4630…": "养生" is a need, and in the kettle's name; with the order
    named it is the stalled parcel, not a recommendation of the kettle."""
    tracker = make_tracker("肿么回事 养生壶三天没动静了 4630098125547716", "complain")
    dispatcher, _ = await run(ActionAssessRisk(), tracker)
    assert "utter_recommend_item" not in sent(dispatcher), sent(dispatcher)


async def test_asking_for_a_person_while_a_task_waits_for_one_says_it_is_open(shop, store):
    """ "好的 那我等人工" while the 顺丰 change waited for a person got "这就为您转接" as if new."""
    await store.create_handoff("conv-task", "none", ["改发顺丰"], "改发顺丰", "4417062395810264", False)
    dispatcher, events = await run(
        ActionEscalate(), make_tracker("好的 那我等人工", "request_human", sender_id="conv-task")
    )
    assert sent(dispatcher) == ["utter_connect_human_already_open"] and paused(events)
    assert len(await store.list_handoffs()) == 1  # the same ticket, now waited for


async def test_a_defect_of_a_product_in_use_is_not_answered_as_its_attribute(shop, store):
    """ "才穿两天鞋底就开胶了" names 鞋底 (an attribute word) but tells a defect."""
    tracker = make_tracker("另外这双鞋才穿两天鞋底就开胶了😓", "nlu_fallback", slots={"order_id": "6374409218856630"})
    dispatcher, _ = await run(ActionHandleFailure(), tracker)
    assert "utter_product_attribute" not in sent(dispatcher)
    assert any(name.startswith("utter_return_quality") for name in sent(dispatcher)), sent(dispatcher)


async def test_going_to_look_for_the_order_number_read_as_asking_for_a_person_is_not_queued(shop, store):
    tracker = make_tracker("好 我去找找", "request_human", metadata={}, bot_turn=bot_said("utter_where_order_id"))
    dispatcher, events = await run(ActionEscalate(), tracker)
    assert sent(dispatcher) == ["utter_take_your_time"] and not paused(events)


@pytest.mark.parametrize(
    "action,text,intent",
    [
        (ActionHandleFailure(), "哦 那你能干啥", "nlu_fallback"),
        (ActionAnswerBotChallenge(), "你是机器人吧 都会些什么", "bot_challenge"),
        (ActionAssessRisk(), "你好 第一次在你们家买 你们都管啥", "complain"),  # no apology for a bad experience
    ],
)
async def test_what_the_bot_can_do_is_said(shop, store, action, text, intent):
    dispatcher, _ = await run(action, make_tracker(text, intent))
    assert sent(dispatcher) == ["utter_what_i_can_do"]


async def test_what_the_bot_can_do_read_as_a_product_question_is_the_bots_not_a_products(shop):
    from actions.products import ActionAnswerProductInfo

    dispatcher = CollectingDispatcher()
    await ActionAnswerProductInfo().run(dispatcher, make_tracker("你好 第一次来 你都能干啥呀", "ask_product_info"), {})
    assert sent(dispatcher) == ["utter_what_i_can_do"]


@pytest.mark.parametrize(
    "text",
    [
        "这个壶能干嘛",
        "你能帮我查一下什么时候到吗",
        "那你们能做什么补偿",
        "双十一你们会做什么活动吗",
        "快递丢了你们管啥",
    ],
)
def test_a_products_use_or_a_request_is_not_asking_what_the_bot_does(text):
    from kefu.words import ASKS_WHAT_THE_BOT_DOES

    assert not ASKS_WHAT_THE_BOT_DOES.search(text)


async def test_what_the_shop_sells_read_as_a_complaint_lists_its_kinds(shop, store):
    dispatcher, events = await run(ActionAssessRisk(), make_tracker("你们家主要卖啥的啊", "complain", metadata={}))
    assert "utter_low_risk_apology" not in sent(dispatcher) and "连衣裙" in str(dispatcher.messages)
    assert not paused(events)


@pytest.mark.parametrize("text", ["好的 那我下单了", "行 我去拍了"])
async def test_going_to_buy_not_understood_is_no_failure(shop, store, text):
    """ "好的 那我下单了" after the sizes once got "这句小鹿没看明白呢"."""
    dispatcher, events = await run(ActionHandleFailure(), make_tracker(text, "nlu_fallback", metadata={}))
    assert sent(dispatcher) == ["utter_anything_else"] and not paused(events)


async def test_thanks_after_a_message_not_understood_are_answered_not_queued(shop, store):
    """ "那好吧 谢谢" under the NLU's threshold right after another message it could not place:
    the shopper is closing, not stuck; no person is called for it."""
    tracker = make_tracker("那好吧 谢谢", "nlu_fallback", history=[("我没账号 帮我闺女问的", "nlu_fallback")])
    dispatcher, events = await run(ActionHandleFailure(), tracker)
    assert sent(dispatcher) == ["utter_youre_welcome"] and not paused(events)


@pytest.mark.parametrize("text", ["服了 那就这样吧", "算了 随便吧", "无语 拉倒吧", "算了算了 不问了 就这样吧"])
async def test_giving_up_after_a_message_not_understood_is_a_kind_close_not_a_queue(shop, store, text):
    """ "。。。。" then "服了 那就这样吧" after the shopper had turned a person down: they leave the
    chat; it was queued as "机器人多次未能理解"."""
    tracker = make_tracker(text, "nlu_fallback", history=[("。。。。", "nlu_fallback")])
    dispatcher, events = await run(ActionHandleFailure(), tracker)
    assert sent(dispatcher) == ["utter_resigned"] and not paused(events)


async def test_giving_up_read_as_a_complaint_is_a_kind_close_not_an_apology(shop, store):
    """ "算了算了 不问了 就这样吧" (read as a complaint) after "。。。" got "请您具体说一下遇到的问题"."""
    tracker = make_tracker("算了算了 不问了 就这样吧", "complain", history=[("。。。", "nlu_fallback")])
    dispatcher, events = await run(ActionAssessRisk(), tracker)
    assert sent(dispatcher) == ["utter_resigned"] and not paused(events)


@pytest.mark.parametrize("text", ["算了不要了", "这样可以吗", "服了"])
def test_a_request_or_a_question_is_no_giving_up(text):
    from kefu.words import RESIGNED_ONLY

    assert not RESIGNED_ONLY.match(text)


async def test_where_to_send_a_return_not_understood_gets_the_return_address(shop, store):
    tracker = make_tracker("那我自己这单 寄回地址是哪", "nlu_fallback", slots={"order_id": "3927716640582219"})
    dispatcher, _ = await run(ActionHandleFailure(), tracker)
    assert "utter_return_note" in sent(dispatcher), sent(dispatcher)


@pytest.mark.parametrize("intent", ["nlu_fallback", "complain"])
async def test_not_found_at_the_door_after_the_delivered_answer_offers_a_check(shop, store, intent):
    """ "门口没有啊 找了一圈了😭" right after "显示已签收": a person to check with the courier is
    offered, not "没太理解" nor an apology without a next step."""
    action = ActionHandleFailure() if intent == "nlu_fallback" else ActionAssessRisk()
    answered = bot_said("utter_parcel_delivered")
    tracker = make_tracker("门口没有啊 找了一圈了😭", intent, slots={"order_id": "3927716640582219"}, bot_turn=answered)
    dispatcher = CollectingDispatcher()
    events = await action.run(dispatcher, tracker, {})
    assert sent(dispatcher) == ["utter_delivered_not_received"]
    assert {"event": "slot", "name": "offer", "value": "human"} in [
        {k: e.get(k) for k in ("event", "name", "value")} for e in events
    ]


async def test_a_parcel_complaint_without_a_number_asks_for_the_order(shop, store):
    """ "我的鞋子四天了物流一点都不动": the parcel is the trouble, so its number is asked for, not
    "请您具体说一下遇到的问题"."""
    dispatcher = CollectingDispatcher()
    await ActionAssessRisk().run(dispatcher, make_tracker("我的鞋子四天了物流一点都不动", "complain"), {})
    assert "utter_ask_order_id" in sent(dispatcher) and "utter_low_risk_apology" not in sent(dispatcher)
    # "另外这个壶怎么三天没动了" about the order talked about: its parcel
    slots = {"order_id": "4630098125547716"}
    told = CollectingDispatcher()
    await ActionAssessRisk().run(told, make_tracker("另外这个壶怎么三天没动了", "complain", slots=slots), {})
    assert "utter_low_risk_apology" not in sent(told) and any(r.startswith("utter_parcel") for r in sent(told))


async def test_a_defect_of_a_high_amount_order_told_as_details_is_followed_up_by_a_person(shop, store):
    from actions.dialogue import ActionHandleInform

    tracker = make_tracker("9904471326658013 买给爸妈的羽绒服 有一件开线了", "inform", sender_id="conv-19c")
    dispatcher, events = await run(ActionHandleInform(), tracker)
    assert "utter_return_quality" in sent(dispatcher) and "utter_colleague_follows_up" in sent(dispatcher)
    assert not paused(events) and len(await store.list_handoffs()) == 1


@pytest.mark.parametrize(
    "module, action, intent",
    [
        ("actions.returns", "ActionAnswerReturnPolicy", "ask_return_policy"),
        ("actions.parcel", "ActionTrackParcel", "track_parcel"),
        ("actions.handoff", "ActionHandleFailure", "nlu_fallback"),  # not understood at all
    ],
)
async def test_a_defect_of_a_high_amount_order_read_as_a_returns_or_parcel_question_is_followed_up(
    shop, store, module, action, intent
):
    """The same defect on the ¥1,576 order, whatever the NLU reads: answered, and a person's task."""
    import importlib

    tracker = make_tracker("9904471326658013 买给爸妈的羽绒服 有一件开线了", intent, sender_id=f"conv-{intent}")
    dispatcher, events = await run(getattr(importlib.import_module(module), action)(), tracker)
    assert "utter_return_quality" in sent(dispatcher) and sent(dispatcher)[-1] == "utter_colleague_follows_up"
    ticket = await store.get_handoff((await store.get_conversation(f"conv-{intent}"))["handoff_id"])
    assert ticket["level"] == "high" and not paused(events)


@pytest.mark.parametrize("told, task", [("有一件拉链坏了 拉不上", True), ("少发了一件羽绒服", False)])
async def test_a_defect_told_before_the_number_of_a_high_amount_order_is_followed_up(shop, store, told, task):
    """ "有一件拉链坏了 拉不上", then the number: the same as both in one message (a missing item
    stays the order-problem answer, photos first)."""
    from actions.dialogue import ActionHandleInform

    turn = bot_said("utter_order_problem", "utter_ask_order_for_topic")
    history = [(told, "report_order_problem")]
    tracker = make_tracker("9904471326658013", "inform", slots={"pending_topic": "order_problem"}, history=history,
                           bot_turn=turn, sender_id="conv-late")  # fmt: skip
    dispatcher, events = await run(ActionHandleInform(), tracker)
    assert ("utter_return_quality" in sent(dispatcher)) == task and not paused(events)
    assert ("utter_colleague_follows_up" in sent(dispatcher)) == task
    assert len(await store.list_handoffs()) == (1 if task else 0)


async def test_why_an_item_goes_back_told_while_the_return_waits_for_its_order_is_no_complaint(shop, store):
    """ "孩子鞋子买小了 穿不上" after the policy and the question for the order got "能具体说说是哪里出了问题吗"."""
    turn = bot_said("utter_return_policy_general", "utter_return_insurance_hint", "utter_ask_order_for_topic")
    tracker = make_tracker("孩子鞋子买小了 穿不上", "complain", slots={"pending_topic": "returns"}, bot_turn=turn)
    dispatcher, _ = await run(ActionAssessRisk(), tracker)
    assert sent(dispatcher) == ["utter_sorry_for_trouble", "utter_return_need_order"]


async def test_no_defect_on_a_high_amount_order_is_a_plain_return(shop, store):
    from actions.returns import ActionAnswerReturnPolicy

    tracker = make_tracker(
        "9904471326658013 羽绒服没有质量问题 就是不喜欢 能退吗", "ask_return_policy", sender_id="c-nd"
    )
    dispatcher, _ = await run(ActionAnswerReturnPolicy(), tracker)
    assert "utter_return_eligible" in sent(dispatcher) and await store.list_handoffs() == []


async def test_a_disappointment_that_asks_for_a_return_gets_the_return_answer(shop, store):
    text = "3927716640582219 鞋子收到了 颜色比图片暗一点 有点失望 能退吗"  # its 颜色 asks no attribute
    tracker = make_tracker(text, "complain", slots={"order_id": "3927716640582219"}, sender_id="c22")
    dispatcher, events = await run(ActionAssessRisk(), tracker)
    assert "utter_return_eligible" in sent(dispatcher) and not paused(events)


async def test_praise_not_understood_is_thanked_not_asked_to_say_it_again(shop, store):
    tracker = make_tracker("你们家衣服质量真不错 上次买的风衣我超喜欢👍", "nlu_fallback", sender_id="c30")
    dispatcher, _ = await run(ActionHandleFailure(), tracker)
    assert sent(dispatcher) == ["utter_praise_thanks"]


async def test_free_shipping_not_understood_gets_the_threshold(shop, store):
    tracker = make_tracker("买两包包邮不", "nlu_fallback", slots={"product_in_focus": "FD-002"}, sender_id="c31")
    dispatcher, _ = await run(ActionHandleFailure(), tracker)
    assert sent(dispatcher) == ["utter_free_shipping"]


async def test_a_defect_and_a_return_not_understood_about_the_order_in_focus_is_no_washing_question(shop, store):
    """ "8702… 牛仔裤洗了一次掉色严重 要退" (ambiguous to the NLU) got how to wash the jeans."""
    order = {"order_id": "8702251946638813"}
    tracker = make_tracker("8702251946638813 牛仔裤洗了一次掉色严重 要退", "nlu_fallback",
                           entities={**order, "product_category": "牛仔裤"}, slots=order)  # fmt: skip
    dispatcher, _ = await run(ActionHandleFailure(), tracker)
    assert "utter_return_quality" in sent(dispatcher) and "utter_product_attribute" not in sent(dispatcher)


async def test_changing_the_wording_after_a_mild_complaint_is_no_exchange(shop):
    """ "你们这回复太敷衍了 换一下说法行不": 换 without a size or colour asks no exchange."""
    dispatcher = CollectingDispatcher()
    await ActionHandleFailure().run(dispatcher, make_tracker("你们这回复太敷衍了 换一下说法行不", "nlu_fallback"), {})
    assert not any(name.startswith("utter_return") for name in sent(dispatcher)), sent(dispatcher)


async def test_a_threat_beside_a_stalled_parcel_is_told_its_state_without_a_second_offer_of_a_person(shop, store):
    """Queued for a bad-review threat: the stalled parcel's facts, not "需要的话也可以转人工客服为您跟进~"
    in the same reply that says the transfer is under way."""
    text = "5871236640918832 卫衣四天了物流都不动 再不到我直接差评"
    dispatcher, events = await run(ActionAssessRisk(), make_tracker(text, "complain", sender_id="stalled-threat"))
    assert "utter_parcel_stalled_queued" in sent(dispatcher) and paused(events)
    assert "utter_parcel_stalled" not in sent(dispatcher)


@pytest.mark.parametrize("text", ["我寄回去了 单号SF1234567890", "不用人工了 退货的快递单号填哪"])
async def test_a_return_parcels_number_is_not_a_request_for_the_tracking_number(shop, store, text):
    tracker = make_tracker(text, "nlu_fallback", slots={"order_id": "6049983127756610"}, sender_id="ret-no")
    dispatcher, _ = await run(ActionHandleFailure(), tracker)
    assert "utter_parcel_tracking_no" not in sent(dispatcher)


@pytest.mark.parametrize("text", ["那怎么办", "那咋办啊"])
async def test_what_now_right_after_a_person_was_offered_points_to_the_person(shop, store, text):
    """ "那怎么办" after "登记后小鹿这边没办法直接修改邮箱…转人工客服修改好吗?", not understood."""
    offered = bot_said("utter_invoice_detail_change_registered")
    tracker = make_tracker(text, "nlu_fallback", slots={"offer": "human"}, bot_turn=offered, sender_id="c-what-now")
    dispatcher, events = await run(ActionHandleFailure(), tracker)
    assert sent(dispatcher) == ["utter_person_what_now"] and not paused(events)


async def test_what_about_the_second_of_two_orders_answered_is_its_parcel_not_an_apology(shop, store):
    """ "第二个怎么回事啊" right after two orders' parcels were answered, read as a complaint."""
    slots = {"order_id": "2284671903358812", "recent_orders": ["2284671903358812", "5917730462281148"]}
    answered = bot_said("utter_parcel_picked_up", "utter_parcel_exception")
    tracker = make_tracker("第二个怎么回事啊", "complain", slots=slots, sender_id="c-second", bot_turn=answered)
    dispatcher, events = await run(ActionAssessRisk(), tracker)
    assert "utter_low_risk_apology" not in sent(dispatcher) and not paused(events)
    assert any(m.get("order_id") == "5917730462281148" for m in dispatcher.messages)
    other = make_tracker("另一个客服不是这么说的", "complain", slots=slots, sender_id="c-other", bot_turn=answered)
    dispatcher, _ = await run(ActionAssessRisk(), other)
    assert not any(m.get("order_id") == "5917730462281148" for m in dispatcher.messages)


@pytest.mark.parametrize("intent", ["nlu_fallback", "complain"])
async def test_a_slow_courier_grumbled_at_with_the_order_gets_where_the_parcel_is(shop, store, intent):
    """ "2746… 邮政怎么这么慢": the parcel's last scan (武汉), not "请具体说说遇到的问题"."""
    action = ActionHandleFailure() if intent == "nlu_fallback" else ActionAssessRisk()
    dispatcher, events = await run(action, make_tracker("2746601938845217 邮政怎么这么慢", intent))
    said = "\n".join(m.get("text") or str(m) for m in dispatcher.messages)
    assert "utter_low_risk_apology" not in sent(dispatcher) and "武汉" in said, dispatcher.messages
    assert not paused(events)


async def test_two_shown_asked_apart_not_understood_are_compared(shop, store):
    """ "这两双差在哪" right after two running shoes were shown, under the NLU's threshold."""
    from tests.actions.trackers import TWO_RUNNING_SHOES_SHOWN

    slots = {"last_recommendation": dict(TWO_RUNNING_SHOES_SHOWN)}
    tracker = make_tracker("这两双差在哪", "nlu_fallback", slots=slots, bot_turn=bot_said("utter_recommend_item"))
    dispatcher, _ = await run(ActionHandleFailure(), tracker)
    assert sent(dispatcher) == ["utter_recommend_compare"], sent(dispatcher)


def test_a_text_message_received_is_no_item_missing():
    from actions.handoff import MISSING_ITEM

    """ "就收到一条短信说派送" tells of a text, not of one item out of two."""
    assert not MISSING_ITEM.search("8702251946638813 快递到哪了 昨天就收到一条短信说派送 东西没见着")
    assert MISSING_ITEM.search("买的卫衣跟牛仔裤 裤子没有 就收到一件卫衣")


async def test_an_interception_asked_crossly_is_what_only_the_courier_can_do(shop, store):
    """ "能帮我拦截吗 不想等到了再拒收", read as a complaint, got "请您具体说一下遇到的问题"."""
    tracker = make_tracker(
        "能帮我拦截吗 不想等到了再拒收",
        "complain",
        slots={"order_id": "5502819946637128"},
        history=[("5502819946637128 这单不想要了 能取消吗", "cancel_order")],
        bot_turn=bot_said("utter_parcel_in_transit"),
    )
    dispatcher, events = await run(ActionAssessRisk(), tracker)
    assert sent(dispatcher) == ["utter_return_intercept"] and not paused(events), sent(dispatcher)


async def test_what_if_it_had_shipped_not_understood_after_the_cancel_answer_is_answered(shop, store):
    """ "要是已经发出去了咋办" after the unshipped order's cancel answer fell under the NLU's threshold."""
    tracker = make_tracker(
        "要是已经发出去了咋办",
        "nlu_fallback",
        history=[("7092264183357710458 拍多了 想取消订单", "cancel_order")],
        bot_turn=bot_said("utter_cancel_unshipped"),
    )
    dispatcher, events = await run(ActionHandleFailure(), tracker)
    assert sent(dispatcher) == ["utter_cancel_if_shipped"] and not paused(events)


async def test_praise_with_an_order_number_not_understood_is_thanked(shop, store):
    """ "6374… 鞋收到了 本来以为要给差评的 结果我妈说可舒服了 五星好评👍" under the NLU's threshold got the parcel."""
    text = "6374409218856630 鞋收到了 本来以为要给差评的 结果我妈说可舒服了 五星好评👍"
    dispatcher, events = await run(ActionHandleFailure(), make_tracker(text, "nlu_fallback"))
    assert sent(dispatcher) == ["utter_praise_thanks"] and not paused(events)


async def test_what_to_do_when_a_parcel_never_came_is_answered_not_handed_over_as_not_understood(shop):
    """ "那一般没收到咋办" without a login, not understood, got "小鹿没能理解您的问题" and a queue."""
    from actions.handoff import ActionHandleFailure

    dispatcher = CollectingDispatcher()
    tracker = make_tracker("那一般没收到咋办", "nlu_fallback", bot_turn=bot_said("utter_login_not_seen"), metadata={})
    events = await ActionHandleFailure().run(dispatcher, tracker, {})
    assert sent(dispatcher) == ["utter_not_received_next"], sent(dispatcher)
    assert {"offer": "human"}.items() <= {e["name"]: e["value"] for e in events if e.get("event") == "slot"}.items()


async def test_a_refund_with_a_discount_not_understood_is_how_it_is_shared_out(shop):
    """ "到了要是只退个包 用的满减那钱咋算" (not understood) after the parcel's answer got the parcel again."""
    from actions.handoff import ActionHandleFailure

    dispatcher = CollectingDispatcher()
    said = bot_said("utter_parcel_in_transit")
    tracker = make_tracker(
        "到了要是只退个包 用的满减那钱咋算", "nlu_fallback", slots={"order_id": "7758204319962054"}, bot_turn=said
    )
    await ActionHandleFailure().run(dispatcher, tracker, {})
    assert sent(dispatcher) == ["utter_promotion_refunds"], sent(dispatcher)


@pytest.mark.parametrize("text", ["验证码没收到怎么办", "拉拉裤到了 牛肉干没收到 咋办"])
async def test_something_else_not_received_is_no_parcel_that_never_came(shop, text):
    from actions.handoff import ActionHandleFailure

    dispatcher = CollectingDispatcher()
    tracker = make_tracker(text, "nlu_fallback", bot_turn=bot_said("utter_login_not_seen"), metadata={})
    await ActionHandleFailure().run(dispatcher, tracker, {})
    assert "utter_not_received_next" not in sent(dispatcher), sent(dispatcher)


async def test_where_to_send_not_understood_right_after_the_return_answer_is_the_address(shop):
    """ "寄哪里" under the NLU's threshold after the return answer got "这句小鹿没看明白"."""
    dispatcher = CollectingDispatcher()
    said = bot_said("utter_return_eligible", "utter_return_shipping_payer", "utter_return_note")
    tracker = make_tracker("寄哪里", "nlu_fallback", slots={"order_id": "6051183427769934"}, bot_turn=said)
    await ActionHandleFailure().run(dispatcher, tracker, {})
    assert sent(dispatcher) == ["utter_return_how_to", "utter_return_note"]  # how to apply, where it goes


async def test_a_complaint_about_the_courier_says_where_to_complain_and_queues_nobody(shop, store):
    """ "快递员直接扔驿站了 …我想投诉这个快递员 怎么投诉啊" opened a 平台投诉 ticket."""
    dispatcher = CollectingDispatcher()
    text = "6374409218856630 快递员直接扔驿站了 电话都不打一个 我想投诉这个快递员 怎么投诉啊"
    events = await ActionAssessRisk().run(dispatcher, make_tracker(text, "complain"), {})
    assert sent(dispatcher) == ["utter_courier_complaint"] and dispatcher.messages[0]["courier"] == "中通"
    assert any(e.get("name") == "offer" and e.get("value") == "human" for e in events)  # a person offered
    assert await store.list_handoffs() == []


async def test_a_tear_in_a_coat_is_a_quality_problem_not_a_safety_hazard(shop, store):
    """ "风衣收到扣子掉了两颗 后背还有个口子" was queued as a critical safety hazard."""
    dispatcher = CollectingDispatcher()
    text = "2518864930027745 风衣收到扣子掉了两颗 后背还有个口子"
    await ActionAssessRisk().run(dispatcher, make_tracker(text, "complain"), {})
    assert not {"utter_safety_advice", "utter_safety_advice_appliance"} & set(sent(dispatcher))
    assert await store.list_handoffs() == []
