"""Couriers and regions from policy: 顺丰 at extra cost, remote regions' freight, no overseas."""

import pytest
from rasa_sdk.executor import CollectingDispatcher

from actions.couriers import ActionAnswerCourier
from tests.actions.trackers import XINJIANG_ANSWERED, bot_said, make_tracker, sent


async def ask(text, entities=None):
    dispatcher = CollectingDispatcher()
    await ActionAnswerCourier().run(dispatcher, make_tracker(text, "ask_courier", entities=entities), {})
    return dispatcher


@pytest.mark.parametrize(
    "text,response",
    [
        ("发什么快递", "utter_courier_default"),
        ("能发顺丰吗 急用", "utter_courier_upgrade"),
        ("你们家发什么快递 能发顺丰吗", "utter_courier_default"),  # which ones, and 顺丰 at extra cost
        ("可以指定京东快递吗", "utter_courier_other"),
        ("新疆能发吗 运费多少", "utter_courier_remote"),
        ("乌鲁木齐包邮吗", "utter_courier_remote"),
        ("能寄香港吗", "utter_courier_not_served"),
        ("支持货到付款吗", "utter_courier_no_cod"),
        ("能发到成都吗", "utter_courier_region_ok"),
        ("那还是奶瓶吧 包邮吗", "utter_free_shipping"),  # the threshold, not the couriers
        ("那邮费呢", "utter_free_shipping"),
    ],
)
async def test_each_question_gets_its_answer(shop, text, response):
    assert sent(await ask(text)) == [response]


async def test_remote_freight_and_days_come_from_policy(shop):
    message = (await ask("西藏能发吗")).messages[0]
    couriers = shop.policy.couriers
    assert (message["region"], message["remote_fee"], message["remote_transit_days"]) == (
        "西藏",
        couriers.remote_fee,
        couriers.remote_transit_days,
    )


async def test_a_city_the_nlu_tags_as_typed_is_read_as_its_region(shop):
    """ "那到乌鲁木齐要几天" got the usual 2-4 days right after 新疆's 5-8."""
    message = (await ask("那到乌鲁木齐要几天", entities={"region": "乌鲁木齐"})).messages[0]
    assert message["response"] == "utter_courier_remote" and message["region"] == "新疆"


UNSHIPPED, IN_TRANSIT = "4417062395810264", "3051729946021837"


async def test_shunfeng_for_an_unshipped_order_goes_to_a_person_and_the_bot_stays(shop, store):
    """The 顺丰 answer says "发货前告诉小鹿,小鹿转给同事备注": for a named order it must happen."""
    cid = await store.create_conversation()
    dispatcher = CollectingDispatcher()
    tracker = make_tracker(f"{UNSHIPPED} 这单能改发顺丰吗 我补运费", "ask_courier", sender_id=cid)
    events = await ActionAnswerCourier().run(dispatcher, tracker, {})
    assert sent(dispatcher) == ["utter_courier_upgrade_handed_over"]
    message = dispatcher.messages[0]  # every placeholder of the sentence is filled
    assert (message["order_id"], message["upgrade"]) == (UNSHIPPED, "顺丰") and message["upgrade_fee"]
    assert not any(e["event"] == "pause" for e in events)
    [ticket] = await store.list_handoffs()
    assert "改发顺丰" in ticket["reasons"] and ticket["priority"] == 1
    assert UNSHIPPED in ticket["summary"]


async def test_shunfeng_for_a_dispatched_order_is_too_late_and_opens_no_task(shop, store):
    dispatcher = await ask(f"{IN_TRANSIT} 能改顺丰吗")
    assert sent(dispatcher) == ["utter_courier_upgrade_too_late"]
    assert dispatcher.messages[0]["courier"] and await store.list_handoffs() == []


async def test_the_order_number_after_the_shunfeng_answer_asks_it_for_that_order(shop, store):
    from actions.dialogue import ActionHandleInform

    dispatcher = CollectingDispatcher()
    events = await ActionAnswerCourier().run(dispatcher, make_tracker("能发顺丰吗", "ask_courier"), {})
    assert sent(dispatcher) == ["utter_courier_upgrade"]
    [pending] = [e["value"] for e in events if e.get("name") == "pending_topic"]
    dispatcher = CollectingDispatcher()
    tracker = make_tracker(UNSHIPPED, "inform", slots={"pending_topic": pending})
    await ActionHandleInform().run(dispatcher, tracker, {})
    assert sent(dispatcher) == ["utter_courier_upgrade_handed_over"]
    assert len(await store.list_handoffs()) == 1


@pytest.mark.parametrize("text", ["不要顺丰 发普通快递就行", "这单发的是顺丰吗", "发顺丰要加多少钱"])
async def test_naming_shunfeng_for_an_order_without_asking_to_change_opens_no_task(shop, store, text):
    dispatcher = CollectingDispatcher()
    events = await ActionAnswerCourier().run(dispatcher, make_tracker(f"{UNSHIPPED} {text}", "ask_courier"), {})
    assert "utter_courier_upgrade_handed_over" not in sent(dispatcher) and await store.list_handoffs() == []
    assert not any(e.get("name") == "pending_topic" for e in events)  # a number sent next is no request either


async def test_the_days_to_a_remote_region_asked_right_after_its_answer_are_said_alone(shop):
    dispatcher = CollectingDispatcher()
    bot_turn = XINJIANG_ANSWERED
    tracker = make_tracker("到新疆大概几天", "ask_courier", bot_turn=bot_turn)
    await ActionAnswerCourier().run(dispatcher, tracker, {})
    assert sent(dispatcher) == ["utter_courier_remote_days"]


async def test_an_order_number_without_a_courier_gets_that_orders_parcel(shop):
    """ "另外宝宝纸尿裤那单什么时候发 7092…" read as a courier question: that order's state."""
    dispatcher = await ask("行吧 另外宝宝纸尿裤那单什么时候发 7092264183357710458")
    assert sent(dispatcher) == ["utter_parcel_not_shipped"]


@pytest.mark.parametrize("text", ["那西藏呢 几天能到", "西藏能发吗"])
async def test_another_region_or_the_freight_after_a_remote_answer_gets_the_whole_answer(shop, text):
    bot_turn = XINJIANG_ANSWERED
    dispatcher = CollectingDispatcher()
    await ActionAnswerCourier().run(dispatcher, make_tracker(text, "ask_courier", bot_turn=bot_turn), {})
    assert sent(dispatcher) == ["utter_courier_remote"]


@pytest.mark.parametrize(
    "text", ["能改发顺丰吗 加钱也行", "可以改發順豐嗎", "能改发顺风吗", "换个快递行吗 要顺丰"]
)  # traditional, a typo
async def test_shunfeng_asked_right_after_an_unshipped_orders_answer_is_for_that_order(shop, store, text):
    """ "能改发顺丰吗 加钱也行" after "8814… 付款已经3天了还没发出": a task for that order."""
    said = bot_said("utter_parcel_not_shipped_overdue")
    slots = {"order_id": "8814527730961245"}
    tracker = make_tracker(text, "ask_courier", slots=slots, bot_turn=said, sender_id="conv-sf" + str(len(text)))
    dispatcher = CollectingDispatcher()
    await ActionAnswerCourier().run(dispatcher, tracker, {})
    assert sent(dispatcher) == ["utter_courier_upgrade_handed_over"]
    general = await ask("能改发顺丰吗 加钱也行")  # no order talked about: the general answer
    assert sent(general) == ["utter_courier_upgrade"]


async def test_shunfeng_for_the_earlier_order_named_by_what_it_holds_is_a_task_for_it(shop, store):
    """ "鞋子那个能改发顺丰吗" after the unshipped shoes' order and then another order's pickup
    answer: the shoes' order (a task), not "来不及" for the other one."""
    said = [
        {"event": "slot", "name": "order_id", "value": "3368120957742681"},
        *bot_said("utter_parcel_not_shipped"),
        {"event": "slot", "name": "order_id", "value": "3790415528836027"},
        *bot_said("utter_parcel_awaiting_pickup"),
    ]
    slots = {"order_id": "3790415528836027"}
    tracker = make_tracker("鞋子那个能改发顺丰吗", "ask_courier", slots=slots, bot_turn=said, sender_id="conv-sf-shoes")
    dispatcher = CollectingDispatcher()
    await ActionAnswerCourier().run(dispatcher, tracker, {})
    assert sent(dispatcher) == ["utter_courier_upgrade_handed_over"]
    assert dispatcher.messages[0]["order_id"] == "3368120957742681"


async def test_shunfeng_asked_right_after_a_dispatched_orders_answer_is_too_late(shop):
    """ "中通啊 能换顺丰吗" after "2957… 仓库已发货,正在等待快递揽收": it left with 中通 already,
    not "可以发顺丰的…发货前告诉小鹿"."""
    said = bot_said("utter_parcel_awaiting_pickup")
    tracker = make_tracker("中通啊 能换顺丰吗", "ask_courier", slots={"order_id": "2957730184426609"}, bot_turn=said)
    dispatcher = CollectingDispatcher()
    await ActionAnswerCourier().run(dispatcher, tracker, {})
    assert sent(dispatcher) == ["utter_courier_upgrade_too_late"] and dispatcher.messages[0]["courier"] == "中通"


async def test_the_upgrade_asked_for_another_order_not_understood_is_that_orders_upgrade(shop):
    """ "那2746…这单也改顺丰" (not understood) after 顺丰 for the unshipped order: the other order has
    left with 邮政, so it is too late, not its parcel state."""
    from actions.handoff import ActionHandleFailure

    dispatcher = CollectingDispatcher()
    tracker = make_tracker(
        "那2746601938845217这单也改顺丰", "nlu_fallback", slots={"order_id": "3368120957742681"},
        bot_turn=bot_said("utter_courier_upgrade_payment"),
    )  # fmt: skip
    await ActionHandleFailure().run(dispatcher, tracker, {})
    assert sent(dispatcher) == ["utter_courier_upgrade_too_late"]
    assert dispatcher.messages[0]["order_id"] == "2746601938845217"


async def test_shunfeng_asked_right_after_the_orders_shipping_answer_is_for_that_order(shop, store):
    """ "能改发顺丰吗 加钱也行" right after "订单 4417… 已付款,正在排队等待仓库打包" got the general
    "下单时在订单备注里写上顺丰", not the task for that order."""
    dispatcher = CollectingDispatcher()
    tracker = make_tracker(
        "能改发顺丰吗 加钱也行", "ask_courier", slots={"order_id": "4417062395810264"},
        bot_turn=bot_said("utter_shipping_order_pending"),
    )  # fmt: skip
    await ActionAnswerCourier().run(dispatcher, tracker, {})
    assert sent(dispatcher) == ["utter_courier_upgrade_handed_over"]
    assert (await store.list_handoffs())[0]["order_id"] == "4417062395810264"


async def test_one_of_the_default_couriers_asked_for_is_not_promised(shop):
    """ "能指定韵达吗" right after the default couriers: 韵达 is one of them, chosen by the warehouse
    (not the same sentence again, never "可以")."""
    dispatcher = await ask("能指定韵达吗", {"courier": "韵达"})
    assert sent(dispatcher) == ["utter_courier_default_named"] and dispatcher.messages[0]["courier"] == "韵达"


async def test_which_couriers_and_a_remote_region_in_one_message_get_both(shop):
    dispatcher = await ask("你们发什么快递 新疆能发吗运费多少", {"region": "新疆"})
    assert sent(dispatcher) == ["utter_courier_default", "utter_courier_remote"]


async def test_free_shipping_asked_after_a_remote_regions_days_is_not_granted(shop):
    """ "我买满99了也要加运费啊？" right after "发到新疆一般…5-8天" got the default couriers."""
    dispatcher = CollectingDispatcher()
    answered = bot_said("utter_courier_remote_days")
    tracker = make_tracker("我买满99了也要加运费啊？", "ask_courier", slots={"region": "新疆"}, bot_turn=answered)
    await ActionAnswerCourier().run(dispatcher, tracker, {})
    assert sent(dispatcher) == ["utter_remote_no_free_shipping"]


async def test_cash_on_delivery_after_the_upgrade_is_the_cod_answer(shop):
    """ "货到付款行不" right after 顺丰's price got how to pay the difference."""
    dispatcher = CollectingDispatcher()
    tracker = make_tracker("货到付款行不", "ask_courier", bot_turn=bot_said("utter_courier_upgrade"))
    await ActionAnswerCourier().run(dispatcher, tracker, {})
    assert sent(dispatcher) == ["utter_courier_no_cod"]


async def test_a_late_parcel_asked_of_the_courier_is_the_shoppers_parcel(shop):
    """ "你们是中通快递吗 我快递咋还不到": the number of the order is asked for, not the couriers."""
    dispatcher = await ask("你们是中通快递吗 我快递咋还不到", {"courier": "中通"})
    assert sent(dispatcher) == ["utter_ask_order_id"]


async def test_shunfeng_for_another_unshipped_order_told_as_details_is_a_task_for_it(shop, store):
    # "那我另一单5580…还没发吧 这单发顺丰" read as details given, after one too late for 顺丰
    from actions.dialogue import ActionHandleInform

    other = "5580237714096631"
    cid = await store.create_conversation()
    tracker = make_tracker(f"那我另一单{other}还没发吧 这单发顺丰", "inform", sender_id=cid)
    dispatcher = CollectingDispatcher()
    await ActionHandleInform().run(dispatcher, tracker, {})
    assert sent(dispatcher) == ["utter_courier_upgrade_handed_over"]
    [ticket] = await store.list_handoffs()
    assert other in ticket["summary"]


async def test_the_first_of_two_orders_talked_about_is_the_one_upgraded(shop, store):
    # the unshipped 3368… was asked first, the stalled 2390… second: "那第一单" is the unshipped one
    two = [
        {"event": "slot", "name": "order_id", "value": "3368120957742681"},
        {"event": "slot", "name": "order_id", "value": "2390417765528803"},
    ]
    tracker = make_tracker("那第一单能改发顺丰吗", "ask_courier", entities={"courier": "顺丰"},
                           slots={"order_id": "2390417765528803"}, bot_turn=two, sender_id="first-of-two")  # fmt: skip
    dispatcher = CollectingDispatcher()
    await ActionAnswerCourier().run(dispatcher, tracker, {})
    assert "3368120957742681" in str(dispatcher.messages) and "2390417765528803" not in str(dispatcher.messages)


async def test_another_courier_for_an_order_already_on_its_way_is_too_late(shop):
    """ "邮政太慢了 能换个快递吗" right after the order's parcel answer: it left with 邮政, no change."""
    dispatcher = CollectingDispatcher()
    tracker = make_tracker(
        "邮政太慢了 能换个快递吗",
        "ask_courier",
        entities={"courier": "邮政"},
        slots={"order_id": "2746601938845217"},
        bot_turn=bot_said("utter_parcel_in_transit"),
    )
    await ActionAnswerCourier().run(dispatcher, tracker, {})
    assert sent(dispatcher) == ["utter_courier_change_too_late"] and dispatcher.messages[0]["courier"] == "邮政"


async def test_shunfeng_asked_alone_after_which_couriers_is_the_shunfeng_answer(shop):
    """ "顺丰呢" (read as details) after the couriers were named, while a shipping question waits:
    顺丰's cost and how to ask for it, not an order number."""
    from actions.dialogue import ActionHandleInform

    dispatcher = CollectingDispatcher()
    tracker = make_tracker(
        "顺丰呢",
        "inform",
        entities={"courier": "顺丰"},
        slots={"pending_topic": "shipping_time"},
        bot_turn=bot_said("utter_courier_default"),
    )
    await ActionHandleInform().run(dispatcher, tracker, {})
    assert sent(dispatcher) == ["utter_courier_upgrade"]


async def test_another_courier_for_sending_a_return_back_is_not_the_parcel_too_late(shop):
    dispatcher = CollectingDispatcher()
    tracker = make_tracker(
        "这单退货寄回能换个快递吗 我这边中通不上门",
        "ask_courier",
        slots={"order_id": "2518864930027745"},
        bot_turn=bot_said("utter_parcel_delivered"),
    )
    await ActionAnswerCourier().run(dispatcher, tracker, {})
    assert "utter_courier_change_too_late" not in sent(dispatcher)


async def test_asking_whether_the_shop_ships_with_shunfeng_files_no_change(shop, store):
    """ "发货用顺丰吗" right after an unshipped order's answer once handed a paid 顺丰 change over."""
    said = bot_said("utter_parcel_not_shipped")
    tracker = make_tracker("发货用顺丰吗", "ask_courier", slots={"order_id": "3368120957742681"}, bot_turn=said)
    dispatcher = CollectingDispatcher()
    await ActionAnswerCourier().run(dispatcher, tracker, {})
    assert sent(dispatcher) == ["utter_courier_upgrade"] and await store.list_handoffs() == []


@pytest.mark.parametrize("text", ["運費多少", "运费多少钱呀", "要运费吗"])
async def test_the_freight_asked_alone_after_a_recommendation_is_the_free_shipping_threshold(shop, text):
    """ "運費多少" after two lipsticks were shown got the list of couriers."""
    dispatcher = CollectingDispatcher()
    await ActionAnswerCourier().run(
        dispatcher, make_tracker(text, "ask_courier", bot_turn=bot_said("utter_recommend_item")), {}
    )
    assert sent(dispatcher) == ["utter_free_shipping"], sent(dispatcher)


async def test_a_paper_invoice_asked_while_the_invoice_form_waits_is_the_invoice_format(shop):
    """ "纸質的能寄嗎" while the invoice form asked for the order got the couriers."""
    dispatcher = CollectingDispatcher()
    tracker = make_tracker(
        "纸質的能寄嗎", "ask_courier", bot_turn=bot_said("utter_invoice_info", "utter_ask_invoice_order_id")
    )
    await ActionAnswerCourier().run(dispatcher, tracker, {})
    assert "utter_courier_default" not in sent(dispatcher)
    assert any("电子" in (m.get("text") or "") or "format" in (m.get("response") or "") for m in dispatcher.messages), (
        dispatcher.messages
    )
