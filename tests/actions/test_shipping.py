"""Shipping time: from policy and the clock, cautious, never a date promise."""

from dataclasses import replace
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from rasa_sdk.executor import CollectingDispatcher

from actions.shipping import ActionAnswerShippingTime, general_shipping_replies
from tests.actions.trackers import XINJIANG_ANSWERED, bot_said, make_tracker, owner_metadata, sent

TZ = ZoneInfo("Asia/Shanghai")


def names(replies):
    return [name for name, _ in replies]


@pytest.mark.parametrize(
    "moment,expected",
    [
        (datetime(2026, 11, 18, 10, 0, tzinfo=TZ), "utter_shipping_before_cutoff"),  # Wednesday morning
        (datetime(2026, 11, 18, 16, 30, tzinfo=TZ), "utter_shipping_after_cutoff"),  # after 16:00
        (datetime(2026, 11, 21, 10, 0, tzinfo=TZ), "utter_shipping_weekend"),  # Saturday
    ],
)
def test_answer_depends_on_the_cutoff_and_the_weekend(shop, moment, expected):
    replies = general_shipping_replies(shop.policy, moment)
    assert names(replies) == [expected, "utter_shipping_delivery_time"]


def test_the_cutoff_time_comes_from_policy(shop):
    replies = general_shipping_replies(shop.policy, datetime(2026, 11, 18, 10, 0, tzinfo=TZ))
    assert replies[0][1]["cutoff"] == "16:00"


def test_promotion_mode_is_more_cautious(shop):
    policy = replace(shop.policy, promotion_enabled=True)
    replies = general_shipping_replies(policy, datetime(2026, 11, 11, 10, 0, tzinfo=TZ))
    assert names(replies)[0] == "utter_shipping_promotion"
    assert replies[0][1]["handling_days"] == policy.promotion_handling_days


def test_a_region_gets_the_keep_room_sentence(shop):
    replies = general_shipping_replies(shop.policy, datetime(2026, 11, 18, 10, 0, tzinfo=TZ), region="新疆")
    assert ("utter_shipping_region", {"region": "新疆"}) in replies


async def test_with_an_order_number_it_answers_for_that_order(shop):
    dispatcher = CollectingDispatcher()
    tracker = make_tracker(
        "4417062395810264 这单啥时候发", "ask_shipping_time", entities={"order_id": "4417062395810264"}
    )
    await ActionAnswerShippingTime().run(dispatcher, tracker, {})
    assert sent(dispatcher) == ["utter_shipping_order_pending"]


async def test_which_courier_asked_beside_when_it_ships_gets_both(shop):
    # "4417…啥时候发货啊 发什么快递" got when it ships only
    dispatcher = CollectingDispatcher()
    text = "4417062395810264啥时候发货啊 發什麼快遞"
    tracker = make_tracker(text, "ask_shipping_time", entities={"order_id": "4417062395810264"})
    await ActionAnswerShippingTime().run(dispatcher, tracker, {})
    assert sent(dispatcher) == ["utter_shipping_order_pending", "utter_courier_default"]


@pytest.mark.parametrize("text", ["4417062395810264 默认发货时间是几天", "4417062395810264啥时候发 发什么快递都行"])
async def test_no_courier_list_when_none_is_asked_for(shop, text):
    dispatcher = CollectingDispatcher()
    tracker = make_tracker(text, "ask_shipping_time", entities={"order_id": "4417062395810264"})
    await ActionAnswerShippingTime().run(dispatcher, tracker, {})
    assert sent(dispatcher) == ["utter_shipping_order_pending"]


async def test_an_order_waiting_longer_than_the_usual_days_gets_an_apology_not_the_usual_days(shop):
    """ "8814… 付款好几天了 还不发货 什么意思", read as a shipping-time question: paid three days
    ago, so an apology and the chase with a person offered, not "一般2个工作日内发出" again."""
    dispatcher = CollectingDispatcher()
    tracker = make_tracker(
        "8814527730961245 付款好几天了 还不发货 什么意思",
        "ask_shipping_time",
        entities={"order_id": "8814527730961245"},
    )
    events = await ActionAnswerShippingTime().run(dispatcher, tracker, {})
    assert sent(dispatcher) == ["utter_parcel_not_shipped_overdue"]
    assert {"event": "slot", "timestamp": None, "name": "offer", "value": "human"} in events


async def test_an_order_already_on_its_way_gets_the_parcel_answer(shop):
    dispatcher = CollectingDispatcher()
    tracker = make_tracker("3051729946021837发了吗", "ask_shipping_time", entities={"order_id": "3051729946021837"})
    await ActionAnswerShippingTime().run(dispatcher, tracker, {})
    assert sent(dispatcher) == ["utter_parcel_in_transit"]


async def test_without_an_order_number_the_answer_is_general(shop):
    dispatcher = CollectingDispatcher()
    await ActionAnswerShippingTime().run(
        dispatcher,
        make_tracker("亲 几点前下单当天发呀", "ask_shipping_time", slots={"order_id": "3051729946021837"}),
        {},
    )
    assert sent(dispatcher) == ["utter_shipping_before_cutoff", "utter_shipping_delivery_time"]


@pytest.mark.parametrize(
    "order_id,told,expected",
    [
        ("2957730184426609", "awaiting_pickup", "utter_followup_pickup_eta"),  # after its answer: when it arrives
        ("4417062395810264", None, "utter_parcel_not_shipped"),  # in focus from another topic
    ],
)
async def test_a_question_while_an_undelivered_order_is_in_focus_is_about_that_order(shop, order_id, told, expected):
    dispatcher = CollectingDispatcher()
    slots = {"order_id": order_id, "parcel_state": told}
    await ActionAnswerShippingTime().run(
        dispatcher, make_tracker("那啥时候能到啊", "ask_shipping_time", slots=slots), {}
    )
    assert sent(dispatcher) == [expected]


async def test_whether_the_packed_order_in_focus_ships_at_the_weekend_gets_the_weekend_rule(shop):
    """ "周末发货吗" right after "3368…咋还不发货" got only the order's state again."""
    dispatcher = CollectingDispatcher()
    slots = {"order_id": "3368120957742681", "parcel_state": "not_shipped"}
    await ActionAnswerShippingTime().run(dispatcher, make_tracker("周末发货吗", "ask_shipping_time", slots=slots), {})
    assert sent(dispatcher)[-1] == "utter_shipping_not_on_weekends", sent(dispatcher)


async def test_whether_the_delivered_order_in_focus_arrived_is_its_delivery(shop):
    """ "那这单到了没" after an invoice for a delivered order: signed for, not the rule for new ones."""
    dispatcher = CollectingDispatcher()
    tracker = make_tracker("那这单到了没", "ask_shipping_time", slots={"order_id": "6374409218856630"})
    await ActionAnswerShippingTime().run(dispatcher, tracker, {})
    assert sent(dispatcher) == ["utter_parcel_delivered"]
    new_one = CollectingDispatcher()
    tracker = make_tracker("刚又下了一单 这单什么时候到", "ask_shipping_time", slots={"order_id": "6374409218856630"})
    await ActionAnswerShippingTime().run(new_one, tracker, {})
    assert "utter_parcel_delivered" not in sent(new_one)


@pytest.mark.parametrize(
    "text",
    [
        "拍了一天了怎么还不发货啊",
        "空气炸锅5天了还没到 咋回事",
        "我昨天下单了 啥时候发",
        "亲 发货了吗",
        "昨天下单的那个什么时候发货",
    ],
)
async def test_a_question_about_the_shoppers_own_order_asks_which_order(shop, text):
    dispatcher = CollectingDispatcher()
    events = await ActionAnswerShippingTime().run(dispatcher, make_tracker(text, "ask_shipping_time"), {})
    assert sent(dispatcher) == ["utter_ask_order_id"]  # never the same-day cut-off sentence
    assert {"event": "slot", "name": "pending_topic", "value": "shipping", "timestamp": None} in events


async def test_when_will_it_be_ready_after_an_invoice_is_about_the_invoice(shop):
    dispatcher = CollectingDispatcher()
    slots = {"order_id": "3051729946021837", "parcel_state": "in_transit"}  # in transit, no request
    await ActionAnswerShippingTime().run(
        dispatcher, make_tracker("发票大概什么时候能开好啊", "ask_shipping_time", slots=slots), {}
    )
    assert sent(dispatcher) == ["utter_invoice_info", "utter_invoice_when_wanted"]  # about invoices, never the parcel


@pytest.mark.parametrize("text", ["今天拍了今天能发吗", "我的地址是广州 发货要几天到"])
async def test_questions_before_buying_get_the_general_answer(shop, text):
    dispatcher = CollectingDispatcher()
    await ActionAnswerShippingTime().run(dispatcher, make_tracker(text, "ask_shipping_time"), {})
    assert "utter_ask_order_id" not in sent(dispatcher) and "utter_shipping_delivery_time" in sent(dispatcher)


@pytest.mark.parametrize(
    "text,expected",
    [
        # the usual 2-4 days and free shipping do not hold there: the remote region's own line
        ("寄到西藏要几天啊", ["utter_courier_remote"]),
        ("發新疆多久能到", ["utter_courier_remote"]),
        # the shop does not ship there: no cut-off time that would read as a yes
        ("到香港要几天呢", ["utter_courier_not_served"]),
    ],
)
async def test_a_question_about_a_remote_or_unserved_place_gets_that_places_answer(shop, text, expected):
    dispatcher = CollectingDispatcher()
    await ActionAnswerShippingTime().run(dispatcher, make_tracker(text, "ask_shipping_time"), {})
    names = sent(dispatcher)
    assert names[-1:] == expected
    assert "utter_shipping_delivery_time" not in names and "utter_shipping_region" not in names


@pytest.mark.parametrize(
    "text,region,expected",
    [("发了以后到武汉要几天", "武汉", "utter_courier_region_ok"), ("到新疆要几天", "新疆", "utter_courier_remote")],
)
async def test_the_days_to_a_place_after_the_orders_dispatch_was_told_are_that_places(shop, text, region, expected):
    # the unshipped 3368… was answered; its state again would be the same answer twice
    slots = {"order_id": "3368120957742681", "parcel_state": "not_shipped"}
    tracker = make_tracker(text, "ask_shipping_time", entities={"region": region}, slots=slots)
    dispatcher = CollectingDispatcher()
    await ActionAnswerShippingTime().run(dispatcher, tracker, {})
    assert sent(dispatcher) == [expected]


async def test_a_refund_time_question_read_as_a_shipping_question_gets_the_refund_time(shop):
    dispatcher = CollectingDispatcher()
    await ActionAnswerShippingTime().run(dispatcher, make_tracker("钱多久能回来", "ask_shipping_time"), {})
    assert sent(dispatcher) == ["utter_refund_time"]


@pytest.mark.parametrize(
    "weekend_dispatch,response", [(False, "utter_shipping_not_on_weekends"), (True, "utter_shipping_on_weekends")]
)
async def test_a_weekend_question_gets_the_weekend_rule(shop, weekend_dispatch, response):
    from actions.shipping import shipping_replies_for_place

    policy = replace(shop.policy, weekend_dispatch=weekend_dispatch)
    monday_morning = datetime(2026, 11, 23, 9, 0, tzinfo=ZoneInfo("Asia/Shanghai"))
    assert shipping_replies_for_place(policy, monday_morning, "周末发货吗", None) == [(response, {})]


@pytest.mark.parametrize(
    "metadata,told", [({}, "utter_order_needs_login"), ({"account": "xiaoli"}, "utter_order_id_unknown")]
)
async def test_an_order_this_chat_may_not_see_gets_the_rule_and_why(shop, metadata, told):
    """ "6203918847561023什么时候发货" logged out got the general rule only, as if about a new order."""
    dispatcher = CollectingDispatcher()
    tracker = make_tracker("6203918847561023什么时候发货", "ask_shipping_time", metadata=metadata)
    await ActionAnswerShippingTime().run(dispatcher, tracker, {})
    assert sent(dispatcher)[-1] == told and len(sent(dispatcher)) == 2


@pytest.mark.parametrize(
    "account,order_id",
    [({"account": "chenmama"}, "7092264183357710458"), ({}, None)],
    ids=["with-an-unshipped-nappies-order", "anonymous"],
)
async def test_a_general_question_naming_what_the_shopper_has_on_its_way_also_answers_that_order(
    shop, account, order_id
):
    """ "宝宝纸尿裤啥时候发货啊 急用": the rule, and the shopper's own unshipped nappies order (not
    the delivered one); an anonymous chat only the rule."""
    dispatcher = CollectingDispatcher()
    tracker = make_tracker("宝宝纸尿裤啥时候发货啊 急用", "ask_shipping_time", metadata=account)
    events = await ActionAnswerShippingTime().run(dispatcher, tracker, {})
    focus = {e["name"]: e["value"] for e in events}.get("order_id")
    assert focus == order_id
    assert ("utter_parcel_not_shipped" in sent(dispatcher)) == bool(order_id)


async def test_the_days_to_a_remote_region_asked_right_after_its_answer_are_said_alone(shop):
    """ "到新疆大概几天" after "新疆能发吗 运费多少": the days, not the whole freight answer again."""
    dispatcher = CollectingDispatcher()
    bot_turn = XINJIANG_ANSWERED
    tracker = make_tracker("到新疆大概几天", "ask_shipping_time", bot_turn=bot_turn)
    await ActionAnswerShippingTime().run(dispatcher, tracker, {})
    assert sent(dispatcher) == ["utter_courier_remote_days"] and dispatcher.messages[0]["remote_transit_days"]


async def test_an_attribute_of_the_product_in_focus_read_as_shipping_is_answered(shop):
    """ "能带上飞机不 下周出差" on the power bank's card asks whether it may fly, not when it ships."""
    dispatcher = CollectingDispatcher()
    tracker = make_tracker("这个充电宝能带上飞机不 下周出差", "ask_shipping_time", slots={"product_in_focus": "PB-001"})
    await ActionAnswerShippingTime().run(dispatcher, tracker, {})
    assert sent(dispatcher) == ["utter_product_attribute"] and "100Wh" in dispatcher.messages[0]["value"]


async def test_when_it_arrives_asked_on_a_card_is_still_the_shipping_answer(shop):
    dispatcher = CollectingDispatcher()
    tracker = make_tracker("这个充电宝几天能到", "ask_shipping_time", slots={"product_in_focus": "PB-001"})
    await ActionAnswerShippingTime().run(dispatcher, tracker, {})
    assert "utter_shipping_delivery_time" in sent(dispatcher)


async def test_when_the_seven_days_start_after_a_returns_answer_is_the_return_window(shop):
    """ "七天是从哪天开始算" after "还在路上,签收后7天内支持…" (read as a shipping question): when
    the return window starts, not the parcel's state again."""
    from tests.actions.trackers import bot_said

    answered = bot_said("utter_return_after_arrival", "utter_return_shipping_payer")
    slots = {"order_id": "3051729946021837"}
    tracker = make_tracker("七天是从哪天开始算", "ask_shipping_time", slots=slots, bot_turn=answered)
    dispatcher = CollectingDispatcher()
    await ActionAnswerShippingTime().run(dispatcher, tracker, {})
    assert "utter_return_window_start" in sent(dispatcher)


async def test_the_cut_off_asked_on_a_weekend_gets_the_time(shop):
    """ "几点前付款当天能发" on a Saturday got only "周末仓库人手有限…下个工作日": the time asked
    for was never said."""
    from actions.shipping import shipping_replies_for_place

    saturday = datetime(2026, 11, 21, 10, 30, tzinfo=ZoneInfo("Asia/Shanghai"))
    replies = shipping_replies_for_place(shop.policy, saturday, "几点前付款当天能发", None)
    assert replies == [("utter_shipping_cutoff", {"cutoff": "16:00"}), ("utter_shipping_not_on_weekends", {})]


@pytest.mark.parametrize(("text", "response"), [("那要是下午5点以后拍呢", "utter_shipping_after_cutoff"),
                                               ("5点以后拍呢", "utter_shipping_after_cutoff"),
                                               ("上午10点付款呢", "utter_shipping_before_cutoff"),
                                               ("包邮不", "utter_free_shipping")])  # fmt: skip
async def test_an_hour_or_free_shipping_asked_after_the_general_answer_gets_its_own(shop, text, response):
    """Right after the general answer (which names today's cut-off and 满99包邮), the same answer
    came back as "和上面说的一样"."""
    from actions.shipping import shipping_replies_for_place

    wednesday = datetime(2026, 11, 18, 10, 30, tzinfo=ZoneInfo("Asia/Shanghai"))
    assert [name for name, _ in shipping_replies_for_place(shop.policy, wednesday, text, None)] == [response]


async def test_the_days_asked_without_the_region_after_its_free_shipping_answer_are_the_regions(shop):
    """ "新疆乌鲁木齐能发吗 运费多少", "不是满99包邮吗", then "到那要几天": 新疆's days, not 2-4."""
    free_shipping = [
        {"event": "user", "text": "不是满99包邮吗"},
        {
            "event": "bot",
            "text": "亲,偏远地区不参与满99元包邮哦…",
            "metadata": {"utter_action": "utter_remote_no_free_shipping"},
        },
    ]
    tracker = make_tracker("到那要几天", "ask_shipping_time", bot_turn=XINJIANG_ANSWERED + free_shipping)
    dispatcher = CollectingDispatcher()
    await ActionAnswerShippingTime().run(dispatcher, tracker, {})
    assert sent(dispatcher) == ["utter_courier_remote_days"] and dispatcher.messages[0]["region"] == "新疆"


async def test_the_days_a_return_may_be_asked_in_read_as_shipping_time_get_the_return_window(shop):
    dispatcher = CollectingDispatcher()
    tracker = make_tracker("好吧 那收到不喜欢几天内能退", "ask_shipping_time", metadata={})
    await ActionAnswerShippingTime().run(dispatcher, tracker, {})
    assert sent(dispatcher)[0] == "utter_return_policy_general"


@pytest.mark.parametrize(
    "text, own",
    [("哈喽 我的吹风机今天能到不", True), ("我的地址是广州 发货要几天到", False), ("我的天 下单几天能到", False)],
)
async def test_my_thing_asked_about_is_an_order_whose_number_is_asked(shop, text, own):
    """ "哈喽 我的吹风机今天能到不" got the cut-off for a new order first: it is the shopper's order."""
    dispatcher = CollectingDispatcher()
    tracker = make_tracker(text, "ask_shipping_time", metadata=owner_metadata("6931054472281906"))
    await ActionAnswerShippingTime().run(dispatcher, tracker, {})
    assert (sent(dispatcher) == ["utter_ask_order_id"]) == own


async def test_going_to_buy_with_thanks_read_as_a_shipping_question_is_thanked(shop):
    """ "好的 那我去拍了 谢谢亲" (拍了 reads like a paid order) got the dispatch times."""
    dispatcher = CollectingDispatcher()
    await ActionAnswerShippingTime().run(dispatcher, make_tracker("好的 那我去拍了 谢谢亲", "ask_shipping_time"), {})
    assert not any(name.startswith("utter_shipping") for name in sent(dispatcher)), sent(dispatcher)
    assert sent(dispatcher)


async def test_how_long_with_a_weekend_to_wear_it_by_gets_the_days_never_a_promise(shop):
    """ "那几天能到上海啊 周末要穿" on a Sunday got only "周末仓库一般不发货": how long was never said."""
    from actions.shipping import shipping_replies_for_place

    sunday = datetime(2026, 11, 22, 15, 0, tzinfo=ZoneInfo("Asia/Shanghai"))
    replies = shipping_replies_for_place(shop.policy, sunday, "好哒 那几天能到上海啊 周末要穿", "上海")
    assert [name for name, _ in replies] == ["utter_shipping_weekend", "utter_deadline_no_promise"]
    assert replies[1][1]["transit_days"] == shop.policy.transit_days
    monday = datetime(2026, 11, 23, 9, 0, tzinfo=ZoneInfo("Asia/Shanghai"))
    assert [name for name, _ in shipping_replies_for_place(shop.policy, monday, "周六之前能到吗", None)] == [
        "utter_deadline_no_promise"
    ]


@pytest.mark.parametrize("text", ["寄香港的话 周末能到吗", "发西藏 周六之前能到吗", "周六下单的话 多久能到"])
async def test_a_weekend_with_a_place_or_a_weekend_order_keeps_their_own_rules(shop, text):
    from actions.shipping import shipping_replies_for_place

    wednesday = datetime(2026, 11, 25, 10, 0, tzinfo=ZoneInfo("Asia/Shanghai"))
    region = "香港" if "香港" in text else "西藏" if "西藏" in text else None
    names = [name for name, _ in shipping_replies_for_place(shop.policy, wednesday, text, region)]
    assert "utter_deadline_no_promise" not in names


async def test_a_new_order_on_the_weekend_asked_while_another_is_on_its_way_gets_the_weekend_rule(shop):
    """ "周末下单周末发货吗" after the down jacket's transit answer got that parcel again."""
    dispatcher = CollectingDispatcher()
    slots = {"order_id": "2746601938845217", "parcel_state": "in_transit"}
    await ActionAnswerShippingTime().run(
        dispatcher, make_tracker("周末下单周末发货吗", "ask_shipping_time", slots=slots), {}
    )
    assert sent(dispatcher)[0].startswith("utter_shipping") and "utter_followup" not in str(sent(dispatcher))


async def test_an_order_placed_on_a_weekend_day_is_the_one_in_focus(shop):
    """ "我周六下单的 今天能发吗" names an order placed already, not a new one."""
    from actions.shipping import NEW_ORDER_DAY

    assert NEW_ORDER_DAY.search("周末下单周末发货吗") and not NEW_ORDER_DAY.search("我周六下单的 今天能发吗")


async def test_when_the_product_just_recommended_ships_is_a_new_orders_dispatch(shop):
    """ "这个什么时候能发 别跟上一单一样😂" after the shoes shown, with a chased order in focus: when a
    new order ships, not that order's chase again."""
    text = "这个什么时候能发 别跟上一单一样😂"
    slots = {"order_id": "8814527730961245", "parcel_state": "not_shipped"}
    after_shoes = bot_said("utter_recommend_item")
    dispatcher = CollectingDispatcher()
    tracker = make_tracker(
        text, "ask_shipping_time", slots=slots, bot_turn=after_shoes, metadata=owner_metadata("8814527730961245")
    )
    await ActionAnswerShippingTime().run(dispatcher, tracker, {})
    assert sent(dispatcher)[0] == "utter_shipping_before_cutoff"
    dispatcher = CollectingDispatcher()  # without the recommendation just before: about the order
    tracker = make_tracker(text, "ask_shipping_time", slots=slots, metadata=owner_metadata("8814527730961245"))
    await ActionAnswerShippingTime().run(dispatcher, tracker, {})
    assert sent(dispatcher)[0] != "utter_shipping_before_cutoff"


async def test_a_defect_told_with_a_delivered_order_read_as_a_time_question_is_the_quality_answer(shop):
    """ "5263… 双肩包才背了没几天 肩带就断了" got the delivered parcel's state."""
    dispatcher = CollectingDispatcher()
    tracker = make_tracker("5263390817724456 双肩包才背了没几天 肩带就断了", "ask_shipping_time")
    await ActionAnswerShippingTime().run(dispatcher, tracker, {})
    assert "utter_return_quality" in sent(dispatcher) and "utter_parcel_delivered" not in sent(dispatcher)


async def test_the_address_sent_after_how_to_reach_the_courier_goes_to_a_person(shop, store):
    """ "地址就是江苏省南京市…" after "地址写得不详细的话…告诉快递员" got the shipping times to 江苏."""
    dispatcher = CollectingDispatcher()
    text = "地址就是江苏省南京市鼓楼区中山路100号3栋502 收件人陈红 电话15850671239"
    said = bot_said("utter_missed_courier_call")
    tracker = make_tracker(text, "ask_shipping_time", slots={"order_id": "5917730462281148"}, bot_turn=said)
    await ActionAnswerShippingTime().run(dispatcher, tracker, {})
    assert sent(dispatcher) == ["utter_address_redirect_handed_over"]
