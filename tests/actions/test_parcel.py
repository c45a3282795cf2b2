"""Parcel lookup: the answer follows the parcel's real state; numbers come from the message or the focus."""

import pytest
from rasa_sdk.executor import CollectingDispatcher

from actions.parcel import ActionTrackParcel, asks_tracking_number
from tests.actions.trackers import bot_said, make_tracker, owner_metadata, sent, user_event
from tests.conftest import FIXED_NOW

# One demo order per parcel state (data/shop/orders.yml, seeded at FIXED_NOW).
ORDERS_BY_STATE = {
    "not_shipped": "4417062395810264",
    "awaiting_pickup": "4721095536680142",
    "picked_up": "7305528816490372",
    "in_transit": "3051729946021837",
    "stalled": "2390417765528803",
    "delivered": "3927716640582219",
    "exception": "3346671029985514",
}


async def track(order_id, text="查下物流", slots=None):
    dispatcher = CollectingDispatcher()
    slots = {"order_id": order_id, **(slots or {})}
    events = await ActionTrackParcel().run(dispatcher, make_tracker(text, "track_parcel", slots=slots), {})
    return dispatcher, events


async def track_after(text, responses, slots):
    """`text` as a parcel question right after the bot sent `responses`."""
    dispatcher = CollectingDispatcher()
    tracker = make_tracker(text, "track_parcel", slots=slots, bot_turn=bot_said(*responses))
    await ActionTrackParcel().run(dispatcher, tracker, {})
    return dispatcher


def slot(events, name):
    return next(event["value"] for event in events if event.get("name") == name)


@pytest.mark.parametrize("state,order_id", ORDERS_BY_STATE.items())
async def test_each_parcel_state_gets_its_own_wording(shop, state, order_id):
    dispatcher, events = await track(order_id)
    assert sent(dispatcher) == [f"utter_parcel_{state}"]
    assert slot(events, "parcel_state") == state
    assert dispatcher.messages[0]["order_id"] == order_id


async def test_shipped_by_warehouse_but_not_picked_up_is_not_called_shipped(shop):
    dispatcher, _ = await track(ORDERS_BY_STATE["awaiting_pickup"])
    assert sent(dispatcher) == ["utter_parcel_awaiting_pickup"]  # never utter_parcel_picked_up


async def test_which_courier_asked_with_when_it_ships_gets_both_answers(shop):
    # "4417…啥时候发货啊 发什么快递" got when it ships only
    dispatcher, _ = await track(ORDERS_BY_STATE["not_shipped"], "4417062395810264啥时候发货啊 發什麼快遞")
    assert sent(dispatcher) == ["utter_parcel_not_shipped", "utter_courier_default"]
    assert "中通" in dispatcher.messages[1]["couriers"]


async def test_in_transit_names_the_latest_event_and_its_time(shop):
    dispatcher, _ = await track(ORDERS_BY_STATE["in_transit"])
    order = shop.get_order(ORDERS_BY_STATE["in_transit"])
    message = dispatcher.messages[0]
    assert message["event"] == order.parcel.latest_event.text
    assert message["time"] == order.parcel.latest_event.at.strftime("%m月%d日 %H:%M")


async def test_a_stalled_parcel_registers_one_chase_and_offers_a_person(shop):
    order_id = ORDERS_BY_STATE["stalled"]
    _, events = await track(order_id)
    assert shop.register_chase(order_id, FIXED_NOW) is False  # already registered by the lookup
    assert slot(events, "offer") == "human"


async def test_asked_while_queued_a_stalled_parcel_gets_its_facts_without_a_second_offer(shop):
    """The gateway asks the bot while the shopper waits for a person (metadata `queued`)."""
    order_id, text = ORDERS_BY_STATE["stalled"], "另外还有一单 2390417765528803 到哪了"
    metadata = {**owner_metadata(order_id), "queued": True}
    tracker = make_tracker(text, "track_parcel", slots={"order_id": order_id}, metadata=metadata)
    dispatcher = CollectingDispatcher()
    events = await ActionTrackParcel().run(dispatcher, tracker, {})
    assert sent(dispatcher) == ["utter_parcel_stalled_queued"]
    assert not [event for event in events if event.get("name") == "offer"]


@pytest.mark.parametrize(
    "state,question,follow_up",
    [("awaiting_pickup", "那什么时候能揽收", "utter_followup_pickup"),
     ("awaiting_pickup", "那明天能到上海吗", "utter_followup_pickup_eta"),
     ("awaiting_pickup", "等待揽收是啥意思 那到底发没发啊", "utter_followup_awaiting_pickup_meaning"),
     ("in_transit", "那什么时候能到", "utter_followup_eta"),
     ("exception", "那什么时候能到", "utter_followup_exception"),
     ("not_shipped", "那什么时候能到", "utter_followup_not_shipped")],
)  # fmt: skip
async def test_a_question_about_the_parcel_just_answered_gets_its_follow_up(shop, state, question, follow_up):
    dispatcher, _ = await track(ORDERS_BY_STATE[state], question, slots={"parcel_state": state})
    assert sent(dispatcher) == [follow_up] and dispatcher.messages[0]["order_id"] == ORDERS_BY_STATE[state]


async def test_two_order_numbers_in_one_message_are_both_answered_and_remembered(shop):
    first, second = ORDERS_BY_STATE["picked_up"], ORDERS_BY_STATE["in_transit"]
    dispatcher, events = await track(None, f"{first} 和 {second} 帮我看下到哪了")
    assert [m["order_id"] for m in dispatcher.messages] == [first, second]
    assert slot(events, "recent_orders") == [first, second] and slot(events, "order_id") == first


async def test_asking_again_about_one_of_two_orders_keeps_the_other_at_hand(shop):
    first, second = ORDERS_BY_STATE["picked_up"], ORDERS_BY_STATE["in_transit"]
    _, events = await track(first, "这个今天能到不", slots={"recent_orders": [first, second]})
    assert "recent_orders" not in {e["name"] for e in events}  # "另一个呢" next still finds the second
    _, events = await track(None, f"{ORDERS_BY_STATE['delivered']} 到哪了", slots={"recent_orders": [first, second]})
    assert slot(events, "recent_orders") is None  # a new order: the two are no longer "the two"


async def test_a_number_typed_in_groups_is_read_whole(shop):
    dispatcher, _ = await track(None, "4417 0623 9581 0264 这个单子啥时候发货")
    assert sent(dispatcher) == ["utter_parcel_not_shipped"]


async def test_without_a_number_the_bot_asks_and_remembers_the_topic(shop):
    dispatcher, events = await track(None, "我的快递到哪了")
    assert sent(dispatcher) == ["utter_ask_order_id"] and slot(events, "pending_topic") == "parcel"


async def test_asked_for_the_tracking_number_after_the_answer_it_is_given(shop):
    order_id = ORDERS_BY_STATE["picked_up"]
    dispatcher, _ = await track(order_id, "快递单号多少", slots={"parcel_state": "picked_up"})
    # the number and the courier alone: the whole parcel answer again would read as a repeat
    assert sent(dispatcher) == ["utter_parcel_tracking_no"]
    assert dispatcher.messages[0]["tracking_no"] and dispatcher.messages[0]["courier"]


@pytest.mark.parametrize("state", ["in_transit", "stalled", "delivered"])
async def test_asked_which_courier_and_number_after_any_answer_after_pickup_they_are_given(shop, state):
    dispatcher, _ = await track(ORDERS_BY_STATE[state], "发的啥快递啊 单号给我下", slots={"parcel_state": state})
    assert sent(dispatcher) == ["utter_parcel_tracking_no"]


async def test_a_defect_of_a_delivered_order_is_a_quality_problem_not_a_tracking_question(shop):
    text = f"{ORDERS_BY_STATE['delivered']} 这个才洗了一次就开线了 什么质量啊"
    dispatcher, _ = await track(None, text)
    assert "utter_return_quality" in sent(dispatcher) and "utter_parcel_delivered" not in sent(dispatcher)


async def test_a_price_drop_told_about_the_order_in_focus_is_price_protection_not_its_parcel(shop):
    """ "我259买的 差价能补不" after the in-transit dress's parcel answer, read as a parcel question."""
    text = "还有 我看现在才卖239 我259买的 差价能补不"
    dispatcher = await track_after(text, ["utter_parcel_in_transit"], {"order_id": "3051729946021837"})
    assert sent(dispatcher) and not any(name.startswith("utter_parcel") for name in sent(dispatcher))
    assert any(name.startswith("utter_price_protect") for name in sent(dispatcher))


async def test_a_delivered_order_asked_about_without_a_defect_gets_its_parcel_answer(shop):
    dispatcher, _ = await track(None, f"{ORDERS_BY_STATE['delivered']} 显示签收了 到哪了")
    assert sent(dispatcher) == ["utter_parcel_delivered"]


async def test_asked_for_the_tracking_number_before_pickup_it_is_given(shop):
    dispatcher, _ = await track(ORDERS_BY_STATE["awaiting_pickup"], "快递单号给我下 我自己查")
    assert sent(dispatcher) == ["utter_parcel_awaiting_pickup_tracking"] and dispatcher.messages[0]["tracking_no"]


async def test_delivered_but_not_received_offers_a_person_to_check(shop):
    dispatcher, events = await track(None, f"显示签收了但我没收到啊 {ORDERS_BY_STATE['delivered']}")
    # one offer of a person, not two: the delivery's facts, then the check offered
    assert sent(dispatcher) == ["utter_parcel_delivered_told_not_received", "utter_delivered_not_received"]
    assert slot(events, "offer") == "human"  # "好的" next is transferred


async def test_not_received_said_after_the_delivered_answer_offers_a_person(shop):
    from actions.dialogue import ActionHandleDeny

    answered = bot_said("utter_parcel_delivered")
    tracker = make_tracker("门口没有 邻居也说没看到", "deny", bot_turn=answered)
    dispatcher = CollectingDispatcher()
    await ActionHandleDeny().run(dispatcher, tracker, {})
    assert sent(dispatcher) == ["utter_delivered_not_received"]


async def test_an_anonymous_chat_is_told_to_log_in_and_sees_no_tracking(shop):
    """Any visitor could read any order's courier and tracking number (security issue)."""
    dispatcher = CollectingDispatcher()
    tracker = make_tracker("7305528816490372 到哪了", "track_parcel", metadata={})
    events = await ActionTrackParcel().run(dispatcher, tracker, {})
    assert sent(dispatcher) == ["utter_order_needs_login"]
    assert not any(event.get("name") == "order_id" and event.get("value") for event in events)


async def test_another_accounts_order_looks_unknown(shop):
    owner = shop.get_order("7305528816490372").account
    other = next(a for a in (shop.get_order(i).account for i in shop.list_order_ids()) if a != owner)
    dispatcher = CollectingDispatcher()
    tracker = make_tracker("7305528816490372 到哪了", "track_parcel", metadata={"account": other})
    await ActionTrackParcel().run(dispatcher, tracker, {})
    assert sent(dispatcher) == ["utter_order_id_unknown"]


async def test_an_anonymous_parcel_question_without_a_number_is_not_asked_for_one(shop):
    dispatcher = CollectingDispatcher()
    await ActionTrackParcel().run(dispatcher, make_tracker("我的快递到哪了", "track_parcel", metadata={}), {})
    assert sent(dispatcher) == ["utter_order_needs_login"]


async def test_the_delivering_couriers_phone_comes_from_the_tracking_when_it_has_one(shop):
    """ "派送员电话多少" once got the delivered sentence again."""
    from actions.parcel import courier_phone_replies

    orders = [shop.get_order(order_id) for order_id in shop.list_order_ids()]
    with_phone = next(o for o in orders if o.parcel and any("电话:" in e.text for e in o.parcel.events))
    [(response, values)] = courier_phone_replies(with_phone, "派送员电话多少")
    assert response == "utter_courier_phone"
    assert any(f"电话:{values['phone']}" in e.text for e in with_phone.parcel.events)
    without = next(o for o in orders if o.parcel and not any("电话" in e.text for e in o.parcel.events))
    assert courier_phone_replies(without, "快递员手机号码给我下")[0][0] == "utter_courier_phone_unknown"
    assert courier_phone_replies(with_phone, "到哪了") is None


@pytest.mark.parametrize(
    "text,asks",
    [("哦 单号在这 4893307152264918", False), ("单号是4893307152264918 发了没", False),
     ("快递单号是多少", True), ("单号发我一下", True), ("我那个裙子到那了啊 单号3051729946021837", False),
     ("5917730462281148 为啥快递一直不送", False), ("发的啥快递", True)],
)  # fmt: skip
def test_giving_the_order_number_is_no_question_for_the_tracking_number(text, asks):
    """ "单号在这 4893…" after "请把订单号发给小鹿" once got the tracking number instead of the state."""
    assert asks_tracking_number(text) is asks


async def test_an_order_number_prefix_is_no_question_for_the_tracking_number(shop):
    """ "订单号:2957… 发货了没" gets the state; "快递单号多少" next gets the number, not the same again."""
    order_id = ORDERS_BY_STATE["awaiting_pickup"]
    dispatcher, _ = await track(None, f"订单号:{order_id} 发货了没")
    assert sent(dispatcher) == ["utter_parcel_awaiting_pickup"]
    dispatcher, _ = await track(order_id, "快递单号多少 我自己查查", slots={"parcel_state": "awaiting_pickup"})
    assert sent(dispatcher) == ["utter_parcel_awaiting_pickup_tracking"]


async def test_an_unshipped_order_paid_longer_ago_than_the_usual_days_gets_an_apology_and_a_chase(shop):
    """8814… was paid three days ago: "都三天了还不发货" gets an apology, the chase registered and
    a person offered, not the usual "一般付款后2个工作日内发出"; one paid yesterday gets the usual."""
    dispatcher, events = await track(None, "都三天了还不发货 8814527730961245")
    assert sent(dispatcher) == ["utter_parcel_not_shipped_overdue"] and slot(events, "offer") == "human"
    assert dispatcher.messages[0]["days_since_paid"] == 3
    assert not shop.register_chase("8814527730961245", FIXED_NOW)  # registered already
    dispatcher, _ = await track(None, "3368120957742681 还没发货吗")
    assert sent(dispatcher) == ["utter_parcel_not_shipped"]


async def test_the_order_asked_for_again_right_after_is_asked_in_other_words(shop):
    """ "就前几天买的那个碎花的" right after "麻烦您提供一下订单号": not the same sentence again."""
    asked = bot_said("utter_ask_order_id")
    dispatcher = CollectingDispatcher()
    tracker = make_tracker("就前几天买的那个碎花的", "track_parcel", slots={"pending_topic": "parcel"}, bot_turn=asked)
    await ActionTrackParcel().run(dispatcher, tracker, {})
    assert sent(dispatcher) == ["utter_ask_which_order"]


async def test_yes_with_find_someone_after_the_stalled_answer_queues_the_shopper(shop, store):
    """ "好的 找人帮我查查" after the stalled parcel's answer offered a person, read as a parcel
    question: the shopper is queued, not told the chase again."""
    offered = bot_said("utter_parcel_stalled")
    slots = {"offer": "human", "order_id": "2390417765528803"}
    tracker = make_tracker("好的 找人帮我查查", "track_parcel", slots=slots, bot_turn=offered, sender_id="stalled-yes")
    dispatcher = CollectingDispatcher()
    events = await ActionTrackParcel().run(dispatcher, tracker, {})
    assert sent(dispatcher) == ["utter_connect_human"] and any(event["event"] == "pause" for event in events)
    assert (await store.get_conversation("stalled-yes"))["mode"] == "queued"


async def test_the_first_of_two_orders_asked_one_by_one_is_found_by_its_position(shop):
    """ "那第一单的单号也发我" after 3051… and then 7305… were asked about: 3051…'s tracking number,
    not 7305…'s again."""
    first, second = "3051729946021837", "7305528816490372"
    history = [(first, "track_parcel"), (second, "track_parcel")]
    tracker = make_tracker("那第一单的单号也发我", "track_parcel", slots={"order_id": second}, history=history)
    tracker.events.insert(1, {"event": "slot", "name": "order_id", "value": first})
    dispatcher = CollectingDispatcher()
    await ActionTrackParcel().run(dispatcher, tracker, {})
    assert sent(dispatcher) == ["utter_parcel_tracking_no"] and dispatcher.messages[0]["order_id"] == first


async def test_the_tracking_number_asked_with_the_order_is_said_in_any_state(shop):
    """ "把单号发我下 就5502…那单" about a parcel in transit, first asked: the number, which the
    in-transit answer does not carry."""
    dispatcher, _ = await track(ORDERS_BY_STATE["in_transit"], "把单号发我下")
    assert sent(dispatcher) == ["utter_parcel_tracking_no"] and dispatcher.messages[0]["tracking_no"]


@pytest.mark.parametrize(
    "text,missing",
    [("包裹收到了 拉拉裤在 牛肉干没有啊 2864407391158826", True),
     ("2864407391158826 箱子里没有牛肉干", True),
     ("2864407391158826 显示签收了 可我没有拿到", False),  # not received at all: the parcel answer
     ("2864407391158826 在吗 到哪了", False)],
)  # fmt: skip
async def test_an_item_missing_from_a_received_parcel_is_an_order_problem(shop, text, missing):
    """ "拉拉裤在 牛肉干没有啊" once got "显示已签收…如果您没有收到" instead of photos and a reship."""
    dispatcher, _ = await track(None, text)
    assert (sent(dispatcher) == ["utter_order_problem_order"]) is missing, sent(dispatcher)


async def test_correcting_the_order_after_a_tracking_number_gets_the_other_orders_tracking_number(shop):
    """ "快递单号多少" → 6648's number; "不是这个单 是6931…这单" once got 6931's state without its number."""
    tracked = bot_said("utter_parcel_tracking_no")
    tracker = make_tracker(
        "不是这个单 是6931054472281906这单", "track_parcel", slots={"order_id": "6648203197725540"}, bot_turn=tracked
    )
    dispatcher = CollectingDispatcher()
    await ActionTrackParcel().run(dispatcher, tracker, {})
    assert sent(dispatcher) == ["utter_parcel_tracking_no"]
    assert dispatcher.messages[0]["tracking_no"] == "SF1428871125590"
    tracker = make_tracker(  # a new question beside the correction comes first
        "不是这个单 是6931054472281906这单 到哪了",
        "track_parcel",
        slots={"order_id": "6648203197725540"},
        bot_turn=tracked,
    )
    dispatcher = CollectingDispatcher()
    await ActionTrackParcel().run(dispatcher, tracker, {})
    assert sent(dispatcher) != ["utter_parcel_tracking_no"]


async def test_one_of_two_orders_just_answered_is_picked_by_what_it_holds(shop):
    """ "吹风机那个 派送员电话多少" after 3346… (air fryer) and 6931… (hair dryer) were answered
    together once got the air fryer's courier."""
    slots = {"order_id": "3346671029985514", "recent_orders": ["3346671029985514", "6931054472281906"]}
    dispatcher, _ = await track(None, "吹风机那个 派送员电话多少", slots=slots)
    assert dispatcher.messages[0]["order_id"] == "6931054472281906", sent(dispatcher)
    assert "13550218867" in str(dispatcher.messages[0])


async def test_bought_too_dear_beside_the_order_number_is_price_protection_not_the_parcel(shop):
    """ "8839… 吹风机买贵了100 能补吗" once got the delivered parcel's answer."""
    dispatcher, _ = await track(None, "8839016627745120 吹风机买贵了100 能补吗")
    assert sent(dispatcher)[0].startswith("utter_price_protect"), sent(dispatcher)


async def test_an_item_missing_from_the_parcel_named_between_is_an_order_problem(shop):
    """ "买的卫衣跟牛仔裤 包裹里裤子没有啊" once got "请把订单号发给小鹿,小鹿帮您查询" (a parcel lookup)."""
    dispatcher, _ = await track(None, "买的卫衣跟牛仔裤 包裹里裤子没有啊")
    assert sent(dispatcher)[0].startswith("utter_order_problem"), sent(dispatcher)


async def test_one_of_two_things_bought_not_received_is_an_order_problem_when_not_understood(shop):
    """ "买的卫衣跟牛仔裤 裤子没收到😤" under the NLU's threshold got "这句小鹿没看明白呢"."""
    from actions.handoff import ActionHandleFailure

    dispatcher = CollectingDispatcher()
    await ActionHandleFailure().run(dispatcher, make_tracker("买的卫衣跟牛仔裤 裤子没收到😤", "nlu_fallback"), {})
    assert sent(dispatcher)[0].startswith("utter_order_problem"), sent(dispatcher)
    dispatcher = CollectingDispatcher()
    await ActionHandleFailure().run(dispatcher, make_tracker("还有买的卫衣跟牛仔裤 裤子没有", "nlu_fallback"), {})
    assert sent(dispatcher)[0].startswith("utter_order_problem"), sent(dispatcher)


async def test_another_persons_orders_are_not_looked_up_by_a_phone_number(shop):
    """ "她手机号186… 你查下嘛" after a friend's order was refused got "麻烦您提供一下订单号"."""
    dispatcher, events = await track(None, "她手机号18628093451 你查下嘛")
    assert sent(dispatcher) == ["utter_no_lookup_by_phone"] and slot(events, "pending_topic") == "parcel"


async def test_the_same_arrival_question_again_gets_other_words(shop):
    """ "今天能派送嗎" right after "一般发出后2-4天左右送达" got the same bubble, which the gateway
    then replaced with "这个的答案和小鹿上面说的一样"."""
    in_transit = ORDERS_BY_STATE["in_transit"]
    answered = bot_said("utter_followup_eta")
    tracker = make_tracker(
        "今天能派送嗎", "track_parcel", slots={"order_id": in_transit, "parcel_state": "in_transit"}, bot_turn=answered
    )
    dispatcher = CollectingDispatcher()
    await ActionTrackParcel().run(dispatcher, tracker, {})
    assert sent(dispatcher) == ["utter_followup_eta_again"]


async def test_who_signed_asked_not_understood_gets_the_delivered_answer(shop):
    """ "签收人写的家门口 就是放门口了是吧" after thanks for a delivered order: "没看明白" once."""
    from actions.handoff import ActionHandleFailure

    dispatcher = CollectingDispatcher()
    tracker = make_tracker("签收人写的家门口 就是放门口了是吧", "nlu_fallback", slots={"order_id": "3927716640582219"})
    await ActionHandleFailure().run(dispatcher, tracker, {})
    assert sent(dispatcher) == ["utter_parcel_delivered"] and "家门口" in dispatcher.messages[0]["event"]
    dispatcher = CollectingDispatcher()
    tracker = make_tracker("签收时发现盒子压坏了", "nlu_fallback", slots={"order_id": "3927716640582219"})
    await ActionHandleFailure().run(dispatcher, tracker, {})
    assert "utter_parcel_delivered" not in sent(dispatcher)  # a defect found on delivery, not who signed


async def test_where_a_stalled_parcel_is_asked_again_says_its_last_scan(shop):
    """ "算了不用了 你就说到底到哪了" after the stalled answer once got only "已经帮您登记催件了"; the
    follow-up now says where the last scan left it (the response quotes {time} {event})."""
    stalled = ORDERS_BY_STATE["stalled"]
    dispatcher, _ = await track(stalled, "你就说到底到哪了", slots={"parcel_state": "stalled"})
    assert sent(dispatcher) == ["utter_followup_stalled"]
    assert dispatcher.messages[0]["event"] and dispatcher.messages[0]["time"]


@pytest.mark.parametrize(
    "text",
    ["2284671903358812 都三天了 到现在 物流没有更新", "人在 公司没有办法签收", "包裹里没有发票吗",
     "还没收到 就一个问题 到底啥时候到", "买的鞋和袜子 都没收到", "我跟你说 快递没收到",
     "买的卫衣跟牛仔裤 裤子没有发票吗", "我买的面膜和洗面奶 快递还没到", "买的卫衣和裤子 到现在都还没收到"],
)  # fmt: skip
def test_words_that_only_look_like_a_missing_item_are_none(text):
    from actions.handoff import MISSING_ITEM

    assert not MISSING_ITEM.search(text)


async def test_an_overdue_unshipped_order_asked_on_is_the_warehouses_chase_without_a_second_offer(shop):
    """ "那最晚啥时候能发" after the overdue answer and "不用转人工" got the courier's chase sentence
    ("快递核实后物流会更新") and a person offered again."""
    overdue = "8814527730961245"
    tracker = make_tracker(
        "那最晚啥时候能发", "track_parcel", slots={"order_id": overdue, "parcel_state": "not_shipped"}
    )
    dispatcher = CollectingDispatcher()
    events = await ActionTrackParcel().run(dispatcher, tracker, {})
    assert sent(dispatcher) == ["utter_followup_overdue"] and not any(e.get("name") == "offer" for e in events)


@pytest.mark.parametrize(("state", "apologies"), [("stalled", 1), ("in_transit", 1)])
async def test_an_annoyed_shopper_gets_one_apology(shop, state, apologies):
    """ "我的鞋子四天没动静了 …" got "抱歉给亲添麻烦了~" and then "非常抱歉亲…" of the stalled answer."""
    order_id = ORDERS_BY_STATE[state]
    dispatcher, _ = await track(None, f"超慢的 四天没动静了 {order_id}")
    said = " ".join(str(m.get("response")) for m in dispatcher.messages)
    assert said.count("utter_sorry_for_wait") + said.count("utter_parcel_stalled") == apologies, said


async def test_a_parcel_awaiting_pickup_for_days_gets_an_apology_and_the_chase(shop):
    """ "5149… 显示发货三天了物流一点没有" got the usual "正在等待快递揽收", and after leaving the
    queue "一般1个工作日左右会有揽收记录" for a parcel three days without a pickup scan."""
    late = "5149902736618854"
    dispatcher, events = await track(late, f"{late} 显示发货三天了物流一点没有")
    assert sent(dispatcher) == ["utter_parcel_pickup_overdue"] and dispatcher.messages[0]["days_since_dispatch"] == 3
    assert slot(events, "offer") == "human" and not shop.register_chase(late, FIXED_NOW)  # registered
    dispatcher, _ = await track(late, "你就说到底啥时候能揽收", slots={"parcel_state": "awaiting_pickup"})
    assert sent(dispatcher) == ["utter_followup_pickup_overdue"]
    dispatcher, _ = await track(ORDERS_BY_STATE["awaiting_pickup"])  # handed over six hours ago: as usual
    assert sent(dispatcher) == ["utter_parcel_awaiting_pickup"]


async def test_another_orders_number_beside_a_product_word_is_its_parcel(shop):
    """ "好 那防晒跟面膜那单呢 6049…" (read as a product question) got the mud mask's description."""
    from actions.products import ActionAnswerProductInfo

    dispatcher = CollectingDispatcher()
    tracker = make_tracker("好 那防晒跟面膜那单呢 6049983127756610", "ask_product_info")
    await ActionAnswerProductInfo().run(dispatcher, tracker, {})
    assert sent(dispatcher)[-1].startswith("utter_parcel") and dispatcher.messages[-1]["order_id"] == "6049983127756610"


async def test_a_courier_report_about_the_address_is_the_parcels_state_not_a_change(shop):
    """ "卫衣的快递咋显示地址不详 我地址写的清清楚楚的" was asked for the new address's order;
    "网点电话给我" got the complaint apology."""
    from actions.address import ActionAnswerChangeAddress

    stuck = "5917730462281148"
    dispatcher = CollectingDispatcher()
    tracker = make_tracker("卫衣的快递咋显示地址不详 我地址写的清清楚楚的", "change_address", slots={"order_id": stuck})
    await ActionAnswerChangeAddress().run(dispatcher, tracker, {})
    assert sent(dispatcher)[-1] == "utter_parcel_exception", sent(dispatcher)
    dispatcher, _ = await track(stuck, "网点电话给我 我自己打", slots={"parcel_state": "exception"})
    assert sent(dispatcher)[0].startswith("utter_courier_phone")


async def test_the_tracking_number_asked_after_the_overdue_pickup_answer_is_given(shop):
    """ "单号给我" right after "3天了还没有揽收记录" got "请问您是想了解哪方面的问题呢?"."""
    from actions.dialogue import ActionHandleInform

    late = "5149902736618854"
    tracker = make_tracker(
        "单号给我", "inform", slots={"order_id": late}, bot_turn=bot_said("utter_parcel_pickup_overdue")
    )
    dispatcher = CollectingDispatcher()
    await ActionHandleInform().run(dispatcher, tracker, {})
    assert sent(dispatcher) == ["utter_parcel_awaiting_pickup_tracking"]


async def test_another_order_asked_on_after_a_return_answer_is_its_return(shop):
    """ "那风衣那单呢 2518…" right after "内衣不支持无理由退换" got the coat's parcel, signed."""
    refused = ["utter_return_unopened_not_returnable"]
    dispatcher = await track_after("那风衣那单呢 2518864930027745", refused, {"order_id": "4195528730661347"})
    assert sent(dispatcher)[0].startswith("utter_return") and dispatcher.messages[0]["order_id"] == "2518864930027745"


async def test_where_to_send_it_after_the_quality_answer_is_the_return_address(shop):
    """ "寄到哪" after the quality answer (read as a parcel question) got the delivered parcel."""
    answered = ["utter_return_quality", "utter_return_quality_evidence"]
    dispatcher = await track_after("寄到哪", answered, {"order_id": "9904471326658013"})
    assert "utter_return_note" in sent(dispatcher)


async def test_an_order_described_by_what_it_holds_after_a_friends_number_is_found(shop):
    """ "行吧 那我面膜那单快递单号多少" after a friend's number (not found) was asked for the number."""
    tracker = make_tracker("行吧 那我面膜那单快递单号多少", "track_parcel", slots={"order_id": "6931054472281906"},
                           metadata={"account": "xiaoli"})  # fmt: skip
    dispatcher = CollectingDispatcher()
    await ActionTrackParcel().run(dispatcher, tracker, {})
    assert dispatcher.messages[0]["order_id"] == "2957730184426609" and "tracking" in sent(dispatcher)[0]


async def test_where_an_order_is_read_as_an_order_problem_is_its_parcel(shop):
    """ "你好 我买的鞋子 到那里了" (read as a wrong or missing item) got "麻烦您拍一下收到的商品"."""
    from actions.order_problem import ActionAnswerOrderProblem

    dispatcher = CollectingDispatcher()
    await ActionAnswerOrderProblem().run(
        dispatcher, make_tracker("你好 我买的鞋子 到那里了", "report_order_problem"), {}
    )
    assert not any(name.startswith("utter_order_problem") for name in sent(dispatcher)), sent(dispatcher)


async def test_a_courier_report_with_an_address_change_asked_is_answered_once(shop):
    """ "快递员说联系不上我 我要改地址": the address action and the parcel action once passed it to
    each other until the action server gave up."""
    from actions.address import ActionAnswerChangeAddress

    tracker = make_tracker(
        "快递员说联系不上我 我要改地址", "change_address", slots={"order_id": ORDERS_BY_STATE["in_transit"]}
    )
    dispatcher = CollectingDispatcher()
    await ActionAnswerChangeAddress().run(dispatcher, tracker, {})
    assert sent(dispatcher) and sent(dispatcher)[0].startswith("utter_address"), sent(dispatcher)


@pytest.mark.parametrize("text", ["我另一个快递寄到哪了 7305528816490372", "好的 那7305528816490372那单到哪了"])
async def test_a_parcel_question_right_after_a_return_answer_is_still_the_parcel(shop, text):
    """Right after a return answer, "寄到哪了" and "那单到哪了" ask where a parcel is."""
    dispatcher = await track_after(text, ["utter_return_eligible"], {"order_id": "3927716640582219"})
    assert sent(dispatcher)[0].startswith("utter_parcel"), sent(dispatcher)


async def test_signed_beside_not_wanting_it_is_still_the_return_or_cancel_answer(shop):
    from actions.handoff import ActionHandleFailure

    dispatcher = CollectingDispatcher()
    tracker = make_tracker("我签收了 但是不想要了 怎么退", "nlu_fallback", slots={"order_id": "3927716640582219"})
    await ActionHandleFailure().run(dispatcher, tracker, {})
    assert "utter_parcel_delivered" not in sent(dispatcher), sent(dispatcher)


async def test_another_item_of_the_order_asked_on_after_a_return_refusal_gets_its_own_returns_answer(shop):
    """ "那牛肉干呢 一起买的" (read as a parcel question) after the nappies were refused: the beef
    jerky of the same order is food, so it is refused too; not the parcel's delivery."""
    slots = {"order_id": "2864407391158826"}
    dispatcher = await track_after("那牛肉干呢 一起买的", ["utter_return_unopened_not_returnable"], slots)
    assert sent(dispatcher) == ["utter_return_non_returnable"]
    assert "牛肉干" in dispatcher.messages[0]["product"]


async def test_where_is_it_with_a_number_after_a_returns_answer_is_a_parcel_question(shop):
    """ "另外 我那单 … 咋还没到" after the general returns answer, which waits for a number: the
    parcel of that order, not whether it can be returned."""
    returns = bot_said("utter_return_policy_general", "utter_return_insurance_hint")
    dispatcher = CollectingDispatcher()
    text = "另外 我那单 3051729946021837 咋还没到"
    tracker = make_tracker(text, "track_parcel", slots={"pending_topic": "returns"}, bot_turn=returns)
    await ActionTrackParcel().run(dispatcher, tracker, {})
    assert sent(dispatcher) == ["utter_parcel_in_transit"]


async def test_the_shoppers_own_order_stays_in_focus_after_numbers_not_theirs(shop):
    """ "那我自己那单啥时候揽收" after a friend's order and a made-up number (both not found, both
    taken by the order_id slot): the shopper's own order, not the general shipping answer."""
    own, friends, made_up = "2957730184426609", "4893307152264918", "1234567890123456"
    slot = lambda value: {"event": "slot", "name": "order_id", "value": value}  # noqa: E731
    turn = [slot(own), *bot_said("utter_parcel_awaiting_pickup"), slot(friends), slot(made_up)]
    turn += bot_said("utter_order_id_unknown")
    tracker = make_tracker("那我自己那单啥时候揽收", "track_parcel", slots={"order_id": made_up}, bot_turn=turn)
    dispatcher = CollectingDispatcher()
    await ActionTrackParcel().run(dispatcher, tracker, {})
    assert dispatcher.messages and dispatcher.messages[0].get("order_id") == own, sent(dispatcher)


async def test_a_look_up_by_phone_after_a_friends_order_shows_nothing_of_the_own_order(shop):
    """ "她手机号186… 你查下嘛" after a friend's order was not found: no look-up by phone (and not
    the shopper's own parcel again, which was still in focus)."""
    own, friends = "3051729946021837", "6931054472281906"
    slot = lambda value: {"event": "slot", "name": "order_id", "value": value}  # noqa: E731
    turn = [slot(own), *bot_said("utter_parcel_in_transit"), slot(friends), *bot_said("utter_order_id_unknown")]
    tracker = make_tracker("她手机号18628093451 你查下嘛", "track_parcel", slots={"order_id": friends}, bot_turn=turn)
    dispatcher = CollectingDispatcher()
    await ActionTrackParcel().run(dispatcher, tracker, {})
    assert sent(dispatcher) == ["utter_no_lookup_by_phone"]


@pytest.mark.parametrize("intent", ["inform", "nlu_fallback"])
async def test_the_own_order_called_so_without_a_topic_after_a_friends_number_gets_its_parcel(shop, intent):
    # "那我自己的呢 就刚那个" (read as details given, or not understood) after a friend's order was not found
    from actions.dialogue import ActionHandleInform
    from actions.handoff import ActionHandleFailure

    own, friends = "4630098125547716", "6931054472281906"
    slot = lambda value: {"event": "slot", "name": "order_id", "value": value}  # noqa: E731
    turn = [slot(own), *bot_said("utter_parcel_stalled"), slot(friends), *bot_said("utter_order_id_unknown")]
    tracker = make_tracker(
        "那我自己的呢 就刚那个", intent, slots={"order_id": friends}, bot_turn=turn, metadata=owner_metadata(own)
    )
    dispatcher = CollectingDispatcher()
    action = ActionHandleInform() if intent == "inform" else ActionHandleFailure()
    await action.run(dispatcher, tracker, {})
    assert dispatcher.messages and dispatcher.messages[0].get("order_id") == own, sent(dispatcher)


async def test_the_own_order_called_so_while_the_invoice_form_asks_for_one_is_taken(shop):
    from actions.invoice import ValidateInvoiceForm

    own, friends = "2957730184426609", "9036618274450193"
    slot = lambda value: {"event": "slot", "name": "order_id", "value": value}  # noqa: E731
    turn = [slot(own), *bot_said("utter_parcel_awaiting_pickup"), slot(friends), *bot_said("utter_order_id_unknown")]
    slots = {"order_id": friends, "requested_slot": "invoice_order_id"}
    tracker = make_tracker(
        "行吧 那我自己这单开个普票 个人", "ask_invoice", slots=slots, bot_turn=turn, metadata=owner_metadata(own)
    )
    domain = {
        "slots": {s: {"type": "text", "mappings": [{"type": "custom"}]} for s in ("invoice_order_id", "invoice_type")},
        "forms": {"invoice_form": {"required_slots": ["invoice_order_id", "invoice_type"]}},
    }
    events = await ValidateInvoiceForm().run(CollectingDispatcher(), tracker, domain)
    assert {e["name"]: e["value"] for e in events}.get("invoice_order_id") == own


async def test_which_day_it_ships_not_understood_gets_the_order_in_focus(shop):
    # "你直接说这单到底哪天能发", the rest of a message that left the queue
    from actions.handoff import ActionHandleFailure

    tracker = make_tracker("你直接说这单到底哪天能发", "nlu_fallback", slots={"order_id": "3368120957742681"})
    dispatcher = CollectingDispatcher()
    await ActionHandleFailure().run(dispatcher, tracker, {})
    assert sent(dispatcher) == ["utter_parcel_not_shipped"]


async def test_when_an_order_about_to_be_placed_arrives_is_the_shops_rule(shop):
    # "那就买了 多久能到 我在武汉" on a card without a login: not "订单详情要登录后才能查看"
    tracker = make_tracker("那就买了 多久能到 我在武汉", "track_parcel", metadata={"product": "SN-002"})
    dispatcher = CollectingDispatcher()
    await ActionTrackParcel().run(dispatcher, tracker, {})
    assert sent(dispatcher) and sent(dispatcher)[0].startswith("utter_shipping"), sent(dispatcher)


async def test_the_tracking_number_asked_after_a_follow_up_answer_is_given(shop):
    """ "单号给我下" after "明天能不能到要看揽收…" (utter_followup_pickup_eta), read as details, got
    "请问您是想了解哪方面的问题呢"."""
    from actions.dialogue import ActionHandleInform

    slots = {"order_id": "4721095536680142", "parcel_state": "awaiting_pickup"}
    tracker = make_tracker("单号给我下", "inform", slots=slots, bot_turn=bot_said("utter_followup_pickup_eta"))
    dispatcher = CollectingDispatcher()
    await ActionHandleInform().run(dispatcher, tracker, {})
    assert sent(dispatcher) == ["utter_parcel_awaiting_pickup_tracking"]


def two_orders_answered(*order_ids):
    turn = []
    for order_id in order_ids:
        turn += [{"event": "slot", "name": "order_id", "value": order_id}, *bot_said("utter_parcel_in_transit")]
    return turn


@pytest.mark.parametrize(
    "text, orders, meant",
    [
        # "第一个啥时候能到啊" after two parcels were answered one by one got the second's again
        ("第一个啥时候能到啊", ("7305528816490372", "3051729946021837"), "7305528816490372"),
        ("行吧 那第一个单子多久发", ("6203918847561023", "9036618274450193"), "6203918847561023"),
    ],
)
async def test_an_order_pointed_at_by_position_gets_its_shipping_answer(shop, text, orders, meant):
    from actions.shipping import ActionAnswerShippingTime

    tracker = make_tracker(
        text, "ask_shipping_time", slots={"order_id": orders[-1]}, bot_turn=two_orders_answered(*orders)
    )
    dispatcher = CollectingDispatcher()
    events = await ActionAnswerShippingTime().run(dispatcher, tracker, {})
    assert {"event": "slot", "name": "order_id", "value": meant} in [
        {k: e.get(k) for k in ("event", "name", "value")} for e in events
    ], events


@pytest.mark.parametrize(
    "text, orders, meant",
    [
        # "洗面奶那单快递单号多少" after the 顺丰 task of another order: the cleanser's order
        ("洗面奶那单快递单号多少", ("6648203197725540", "4417062395810264"), "6648203197725540"),
        ("刚才那个夹克的快递单号再发我下", ("4893307152264918", "5580237714096631"), "4893307152264918"),
        # "吹风机那个": the hair dryer's order, not the running shoes' just answered
        ("吹风机那个快递单号多少", ("9036618274450193", "9413372068815524"), "9036618274450193"),
    ],
)
async def test_an_earlier_order_named_by_what_it_holds_gets_its_tracking_number(shop, text, orders, meant):
    tracker = make_tracker(text, "track_parcel", slots={"order_id": orders[-1]}, bot_turn=two_orders_answered(*orders))
    dispatcher = CollectingDispatcher()
    await ActionTrackParcel().run(dispatcher, tracker, {})
    assert dispatcher.messages and dispatcher.messages[0].get("order_id") == meant, sent(dispatcher)


async def test_one_item_of_another_order_not_received_after_a_stalled_parcel_is_that_order_missing_it(shop):
    """ "還有一單 衛衣跟牛仔褲 褲子沒有收到" (folded to simplified) after a stalled parcel got that
    parcel's state again."""
    tracker = make_tracker(
        "还有一单 卫衣跟牛仔裤 裤子没有收到",
        "track_parcel",
        slots={"order_id": "6049983127756610"},
        bot_turn=two_orders_answered("6049983127756610"),
    )
    dispatcher = CollectingDispatcher()
    await ActionTrackParcel().run(dispatcher, tracker, {})
    assert sent(dispatcher) == ["utter_order_problem_order"]
    assert dispatcher.messages[0]["order_id"] == "8702251946638813"


async def test_a_coupon_question_about_the_cart_read_as_a_parcel_gets_the_coupon_answer(shop):
    """ "刚加购了个159的双肩包能用券吗凑单凑不动了😭" (read as a parcel question) in a chat without a
    login got "订单详情要登录后才能查看"."""
    tracker = make_tracker("刚加购了个159的双肩包能用券吗凑单凑不动了😭", "track_parcel", metadata={})
    dispatcher = CollectingDispatcher()
    await ActionTrackParcel().run(dispatcher, tracker, {})
    assert sent(dispatcher) == ["utter_promotion_coupon_below"], sent(dispatcher)
    assert int(dispatcher.messages[0]["threshold"]) == 199


async def test_a_wish_read_as_a_parcel_question_shows_the_product_that_meets_it(shop):
    """ "宝宝还老吐奶😭 有防胀气的奶瓶不" (read as a parcel question) without a login got the login prompt."""
    tracker = make_tracker("宝宝还老吐奶😭 有防胀气的奶瓶不", "track_parcel", metadata={})
    dispatcher = CollectingDispatcher()
    await ActionTrackParcel().run(dispatcher, tracker, {})
    assert sent(dispatcher)[0] == "utter_recommend_item" and "防胀气奶瓶" in dispatcher.messages[0]["name"]


# The review of the day's change (helper-118): parcel questions that name coupons or a need.
@pytest.mark.parametrize("text", ["用券买的那件卫衣啥时候能到", "宝宝老吐奶 买的防胀气奶瓶怎么还没到"])
async def test_a_parcel_question_naming_a_coupon_or_a_need_stays_a_parcel_question(shop, text):
    tracker = make_tracker(text, "track_parcel", metadata={"account": "tangtang"})
    dispatcher = CollectingDispatcher()
    await ActionTrackParcel().run(dispatcher, tracker, {})
    assert not any(name.startswith(("utter_promotion", "utter_recommend")) for name in sent(dispatcher)), sent(
        dispatcher
    )


async def test_when_the_own_order_comes_after_a_friends_was_refused_for_an_item_is_its_parcel(shop):
    """ "我自己那单 7305… 明天能到吗" after a friend's number was refused (the missing-item topic still
    waiting for a number) got "麻烦您拍几张照片": when it comes is its parcel."""
    own = "7305528816490372"
    turns = [{"event": "slot", "name": "order_id", "value": own}, *bot_said("utter_order_id_unknown")]
    slots = {"order_id": own, "pending_topic": "order_problem"}
    tracker = make_tracker(f"我自己那单 {own} 明天能到吗", "track_parcel", slots=slots, bot_turn=turns)
    dispatcher = CollectingDispatcher()
    await ActionTrackParcel().run(dispatcher, tracker, {})
    assert not any(name.startswith("utter_order_problem") for name in sent(dispatcher)), sent(dispatcher)
    assert dispatcher.messages[0].get("order_id") == own


async def test_a_long_wait_told_again_gets_an_apology_before_the_stalled_parcel(shop):
    """ "到哪了 都好几天了" right after the stalled answer: sorry first, then where it stopped."""
    tracker = make_tracker(
        "到哪了 都好几天了",
        "track_parcel",
        slots={"order_id": "6049983127756610", "parcel_state": "stalled"},
        bot_turn=bot_said("utter_parcel_stalled"),
    )
    dispatcher = CollectingDispatcher()
    await ActionTrackParcel().run(dispatcher, tracker, {})
    assert sent(dispatcher)[0] == "utter_sorry_for_wait" and len(sent(dispatcher)) > 1, sent(dispatcher)


@pytest.mark.parametrize(
    "state,question,answer",
    [("stalled", "是不是丢了啊 丢了怎么办", "utter_parcel_lost"),
     ("in_transit", "不会是寄丢了吧", "utter_parcel_lost_moving"),
     ("picked_up", "东西会不会丢件啊", "utter_parcel_lost_moving")],
)  # fmt: skip
async def test_a_parcel_feared_lost_is_told_what_the_shop_does_if_the_courier_confirms_it(
    shop, state, question, answer
):
    """ "是不是丢了 丢了怎么办" after a stalled parcel once got its stalled answer again: now the
    shopper hears that a confirmed loss is re-sent or refunded, not the same bubble twice."""
    dispatcher, events = await track(ORDERS_BY_STATE[state], question, slots={"parcel_state": state})
    assert sent(dispatcher) == [answer] and dispatcher.messages[0]["order_id"] == ORDERS_BY_STATE[state]
    offered = any(event.get("name") == "offer" and event.get("value") == "human" for event in events)
    assert offered == (state == "stalled")  # a person is offered only where the loss is worth checking


async def test_a_parcel_held_up_by_an_exception_and_feared_lost_keeps_its_apology_and_offer(shop):
    dispatcher, events = await track(ORDERS_BY_STATE["exception"], "是不是丢了", slots={"parcel_state": "exception"})
    assert sent(dispatcher) == ["utter_followup_exception"] and slot(events, "offer") == "human"


async def test_lost_packaging_is_no_lost_parcel(shop):
    dispatcher, _ = await track(
        ORDERS_BY_STATE["in_transit"], "盒子丢了到了还能退吗", slots={"parcel_state": "in_transit"}
    )
    assert "utter_parcel_lost_moving" not in sent(dispatcher)


async def test_an_order_named_as_not_wanted_gets_how_to_stop_it_not_where_it_is(shop):
    """ "就是那个2284…坚果 还没到 不想要了" (read as a parcel question) once got only its tracking."""
    dispatcher = CollectingDispatcher()
    tracker = make_tracker("就是那个2284671903358812坚果 还没到 不想要了", "track_parcel")
    await ActionTrackParcel().run(dispatcher, tracker, {})
    assert sent(dispatcher) == ["utter_cancel_picked_up"], sent(dispatcher)


async def test_its_parcel_asked_while_photos_of_a_missing_item_are_awaited_is_answered(shop):
    """ "8702…牛仔裤没有啊" → photos asked → "盒子里没有发货单" → "牛仔裤是不是分开发的 你查下物流"
    once got "请问您是想了解哪方面的问题呢" (read as the order the missing item was in)."""
    no_slip = user_event("盒子里没有发货单 就一个快递袋", "report_order_problem")
    turns = [*bot_said("utter_order_problem_missing"), no_slip, *bot_said("utter_order_problem_more_told")]
    tracker = make_tracker(
        "牛仔裤是不是分开发的 你查下物流",
        "track_parcel",
        slots={"order_id": "8702251946638813", "awaiting_photos": True},
        bot_turn=turns,
        metadata=owner_metadata("8702251946638813"),
    )
    dispatcher = CollectingDispatcher()
    await ActionTrackParcel().run(dispatcher, tracker, {})
    assert sent(dispatcher) == ["utter_parcel_delivered"], sent(dispatcher)


@pytest.mark.parametrize(
    "text", ["风衣收到啦!!质量超好 我妈穿着特别合身 给你们点赞👍 2518864930027745", "2518864930027745 满意 谢谢"]
)
async def test_praise_of_what_came_read_as_a_parcel_question_is_thanked(shop, text):
    """It got the delivery time and "如果您没有收到…" instead of thanks."""
    dispatcher = CollectingDispatcher()
    await ActionTrackParcel().run(dispatcher, make_tracker(text, "track_parcel"), {})
    assert sent(dispatcher) == ["utter_praise_thanks"], sent(dispatcher)


async def test_praise_beside_a_parcel_question_gets_the_parcel(shop):
    dispatcher = CollectingDispatcher()
    await ActionTrackParcel().run(
        dispatcher, make_tracker("收到了 挺好的 还有3185520647729931到哪了", "track_parcel"), {}
    )
    assert "utter_praise_thanks" not in sent(dispatcher)


@pytest.mark.parametrize(
    "text,response",
    [("9627715038842290 面膜收到了 一周敷几次合适", "utter_product_attribute"),  # received: how to use it
     ("9627715038842290 面膜到哪了 一周敷几次合适", "utter_parcel_delivered"),  # its parcel asked too
     ("2957730184426609 面膜怎么用", "utter_parcel_awaiting_pickup")],  # not come yet: where it is
)  # fmt: skip
async def test_a_question_about_an_item_of_a_delivered_order_is_answered_about_the_item(shop, text, response):
    """ "9627… 面膜收到了 一周敷几次合适" got the parcel's signed-for answer."""
    dispatcher = CollectingDispatcher()
    await ActionTrackParcel().run(dispatcher, make_tracker(text, "track_parcel"), {})
    assert sent(dispatcher)[:1] == [response], sent(dispatcher)
    if response == "utter_product_attribute":
        assert "每周2到3次" in dispatcher.messages[0]["value"]


async def test_a_returns_follow_up_read_as_a_parcel_question_is_answered_as_returns(shop):
    """ "都超过7天了你们还管吗" right after the strap's quality rule got the parcel's signed-for answer."""
    said = bot_said("utter_return_quality", "utter_return_quality_evidence", "utter_return_note")
    tracker = make_tracker(
        "都超过7天了你们还管吗", "track_parcel", slots={"order_id": "5263390817724456"}, bot_turn=said
    )
    dispatcher = CollectingDispatcher()
    await ActionTrackParcel().run(dispatcher, tracker, {})
    assert sent(dispatcher)[0] == "utter_return_quality", sent(dispatcher)


async def test_a_refund_with_a_discount_asked_after_the_parcel_is_how_it_is_shared_out(shop):
    """ "到了要是只退个包 用的满减那钱咋算" right after the parcel's answer got the parcel again."""
    said = bot_said("utter_parcel_in_transit")
    tracker = make_tracker(
        "到了要是只退个包 用的满减那钱咋算", "track_parcel", slots={"order_id": "7758204319962054"}, bot_turn=said
    )
    dispatcher = CollectingDispatcher()
    await ActionTrackParcel().run(dispatcher, tracker, {})
    assert sent(dispatcher) == ["utter_promotion_refunds"], sent(dispatcher)


async def test_a_fault_told_of_a_received_item_is_not_answered_with_its_attribute(shop):
    """ "9904… 给我爸买的羽绒服拉链坏了 拉不上" got the coat's 设计 (大号拉链头…)."""
    dispatcher = CollectingDispatcher()
    await ActionTrackParcel().run(
        dispatcher, make_tracker("9904471326658013 给我爸买的羽绒服拉链坏了 拉不上", "track_parcel"), {}
    )
    assert "utter_product_attribute" not in sent(dispatcher), sent(dispatcher)


async def test_a_parcel_asked_beside_a_refund_with_a_discount_is_answered_too(shop):
    dispatcher = CollectingDispatcher()
    await ActionTrackParcel().run(
        dispatcher, make_tracker("7758204319962054到哪了 要是只退一件 满减咋算", "track_parcel"), {}
    )
    assert sent(dispatcher)[0] == "utter_parcel_in_transit", sent(dispatcher)


async def parcel_turn(text, previous=(), slots=None, intent="track_parcel"):
    dispatcher = CollectingDispatcher()
    await ActionTrackParcel().run(dispatcher, make_tracker(text, intent, slots=slots, bot_turn=bot_said(*previous)), {})
    return sent(dispatcher), dispatcher.messages


async def test_where_the_clothes_go_back_after_the_refund_answer_is_the_return_address(shop):
    """ "衣服寄到哪里去啊" after the return and refund answers got the delivered parcel's state."""
    returned = ["utter_return_eligible", "utter_return_shipping_payer"]
    said, _ = await parcel_turn("衣服寄到哪里去啊", returned, {"order_id": "2518864930027745"})
    assert "utter_return_note" in said
    said, _ = await parcel_turn("衣服寄到哪了", returned, {"order_id": "2518864930027745"})
    assert "utter_return_note" not in said  # where the parcel has got to


async def test_the_phone_asked_right_after_the_return_address_is_in_that_address(shop):
    """ "电话也发下 快递员要填" got "物流信息里没有派送员的电话"."""
    said, _ = await parcel_turn(
        "电话也发下 快递员要填", ["utter_return_how_to", "utter_return_note"], {"order_id": "6051183427769934"}
    )
    assert said == ["utter_return_recipient"]


async def test_a_damaged_box_at_the_door_gets_how_to_check_and_refuse(shop):
    said, _ = await parcel_turn("6931054472281906 快递员说箱子压坏了 我要不要签收啊")
    assert said == ["utter_damaged_at_the_door"]


async def test_a_missed_call_from_the_courier_gets_how_to_reach_the_courier(shop):
    said, messages = await parcel_turn(
        "我手机没听见 那咋办啊", ["utter_parcel_exception"], {"order_id": "5917730462281148"}
    )
    assert said == ["utter_missed_courier_call"] and messages[0]["courier"] == "申通"


async def test_an_order_not_dispatched_told_after_the_return_rules_is_its_parcel_not_a_refund(shop):
    """ "说起来我自己也买了这件 到现在都没发 8814…" after the rules asked for a number got the cancel answer."""
    slots = {"pending_topic": "returns"}
    said, _ = await parcel_turn(
        "说起来我自己前几天也买了这件 到现在都没发 8814527730961245", ["utter_ask_order_for_topic"], slots
    )
    assert said == ["utter_parcel_not_shipped_overdue"]


@pytest.mark.parametrize(
    "text,order_id,not_said",
    [("我到现在还没接到货", "6931054472281906", "utter_missed_courier_call"),  # no call missed: where it is
     ("箱子有点压坏了 我已经签收了", "6931054472281906", "utter_damaged_at_the_door"),  # signed already
     ("要不要签收啊", "6931054472281906", "utter_damaged_at_the_door")],  # nothing damaged
)  # fmt: skip
async def test_words_near_the_new_answers_keep_their_own_answer(shop, text, order_id, not_said):
    said, _ = await parcel_turn(f"{order_id} {text}")
    assert said and not_said not in said


async def test_a_courier_who_never_called_is_no_question_for_the_couriers_phone(shop):
    """ "快递员电话都不打一个 直接给我扔驿站了" got "物流信息里没有派送员的电话"."""
    said, _ = await parcel_turn("9627715038842290 快递员电话都不打一个 直接给我扔驿站了 我还以为没到呢")
    assert said and "utter_courier_phone_unknown" not in said and "utter_courier_phone" not in said


async def test_when_it_would_come_to_a_city_asked_before_buying_is_the_shops_time_there(shop):
    """ "深圳 明天能到吗" right after the coupons for a lipstick and a serum (no order talked about,
    not logged in) got "请先登录"."""
    from actions.parcel import ActionTrackParcel

    tracker = make_tracker(
        "深圳 明天能到吗", "track_parcel", metadata={}, bot_turn=bot_said("utter_promotion_coupon_reached")
    )
    dispatcher = CollectingDispatcher()
    await ActionTrackParcel().run(dispatcher, tracker, {})
    assert sent(dispatcher) and sent(dispatcher)[0].startswith("utter_shipping"), sent(dispatcher)
