"""Following the conversation: offers answered by 好的 / 不用了, order numbers that come later."""

import pytest
from rasa_sdk.executor import CollectingDispatcher

from actions.dialogue import ActionGreet, ActionHandleAffirm, ActionHandleDeny, ActionHandleInform, ActionSessionStart
from tests.actions.trackers import bot_said, make_tracker, sent, user_event

OFFER = [{"event": "bot", "text": "需要转人工吗"}, {"event": "slot", "name": "offer", "value": "human"}]


async def run(action, tracker):
    dispatcher = CollectingDispatcher()
    return dispatcher, await action.run(dispatcher, tracker, {})


def paused(events):
    return any(event["event"] == "pause" for event in events)


async def test_yes_to_an_offered_person_queues_the_shopper(shop, store):
    tracker = make_tracker("好的 麻烦了", "affirm", history=[("物流不动了", "track_parcel")], bot_turn=OFFER,
                           sender_id="offer-1")  # fmt: skip
    dispatcher, events = await run(ActionHandleAffirm(), tracker)
    assert sent(dispatcher) == ["utter_connect_human"] and paused(events)
    assert (await store.get_conversation("offer-1"))["mode"] == "queued"


async def test_yes_to_a_person_offered_for_an_invoice_change_says_what_for_on_the_ticket(shop, store):
    """ "好的" to "需要改的话,小鹿帮您转人工客服修改好吗?" queued a ticket saying only 顾客接受转人工."""
    cid = await store.create_conversation()
    offered = [*bot_said("utter_invoice_already_requested"), {"event": "slot", "name": "offer", "value": "human"}]
    tracker = make_tracker("好的", "affirm", history=[("抬头能改成公司吗", "ask_invoice")], bot_turn=offered,
                           sender_id=cid)  # fmt: skip
    dispatcher, events = await run(ActionHandleAffirm(), tracker)
    [ticket] = await store.list_handoffs()
    assert any("修改发票信息" in reason for reason in ticket["reasons"]) and sent(dispatcher) == ["utter_connect_human"]


@pytest.mark.parametrize(
    "text,queued",
    [("哦哦 好的", False), ("嗯嗯 知道了", False), ("好的", True), ("好的 帮我转人工吧", True), ("需要", True)],
)
async def test_an_ok_to_a_person_offered_only_for_later_is_no_yes(shop, store, text, queued):
    """ "哦哦 好的" to "还是用不了的话,小鹿帮您转人工客服看看?" queued the shopper."""
    cid = await store.create_conversation()
    offered = [*bot_said("utter_promotion_unusable"), {"event": "slot", "name": "offer", "value": "human"}]
    tracker = make_tracker(text, "affirm", history=[("我有张券用不了 咋回事", "ask_promotion")], bot_turn=offered,
                           sender_id=cid)  # fmt: skip
    dispatcher, events = await run(ActionHandleAffirm(), tracker)
    assert paused(events) == queued, sent(dispatcher)


async def test_yes_long_after_the_offer_is_not_taken_as_accepting_it(shop, store):
    tracker = make_tracker("好的", "affirm", history=[("物流不动了", "track_parcel"), ("嗯", "inform")],
                           slots={"offer": "human"})  # fmt: skip
    dispatcher, events = await run(ActionHandleAffirm(), tracker)
    assert sent(dispatcher) == ["utter_anything_else"] and not paused(events)


async def test_a_resigned_yes_just_after_leaving_the_queue_is_no_yes_to_the_person_offered_again(shop, store):
    # "算了不用转人工了 你就说啥时候能到" left the queue; its answer says "可以转人工客服"; then "行吧"
    left = [
        {"event": "slot", "name": "offer", "value": "declined"},  # recorded by the gateway
        user_event("你就说啥时候能到", "track_parcel"),
        *OFFER,
    ]
    tracker = make_tracker("行吧", "affirm", bot_turn=left, sender_id="offer-left")
    dispatcher, events = await run(ActionHandleAffirm(), tracker)
    assert not paused(events) and "utter_connect_human" not in sent(dispatcher)


@pytest.mark.parametrize(
    "answered,text,response",
    [
        # "好吧 那我再等等" after "着急的话可以转人工客服帮您跟进~" queued the shopper
        ("utter_parcel_exception", "好吧 那我再等等", "utter_keep_waiting"),
        # "嗯嗯 懂了 我再凑凑" after why a coupon may not work ("…小鹿帮您转人工客服看看?")
        ("utter_promotion_unusable", "嗯嗯 懂了 我再凑凑", "utter_offer_declined"),
        # "ok" after where a refund's progress shows ("…需要的话可以转人工客服帮您核实~") queued the shopper
        ("utter_refund_progress_where", "ok", "utter_offer_declined"),
    ],
)
async def test_waiting_or_going_on_alone_after_an_offered_person_is_no_yes(shop, store, answered, text, response):
    cid = await store.create_conversation()
    bot_turn = [*bot_said(answered), {"event": "slot", "name": "offer", "value": "human"}]
    tracker = make_tracker(text, "affirm", bot_turn=bot_turn, sender_id=cid)
    dispatcher, events = await run(ActionHandleAffirm(), tracker)
    assert not paused(events) and sent(dispatcher) == [response]
    assert (await store.get_conversation(cid))["mode"] == "bot" and not await store.list_handoffs()


async def test_another_order_named_with_ne_after_a_return_answer_gets_the_return_answer_for_it(shop):
    """ "4195528730661347 呢" right after "2518…能退吗" was answered with its parcel state."""
    turn = [user_event("2518864930027745 能退吗", "ask_return_policy"), *bot_said("utter_return_eligible")]
    tracker = make_tracker("4195528730661347 呢", "inform", bot_turn=turn, entities={"order_id": "4195528730661347"})
    dispatcher, _ = await run(ActionHandleInform(), tracker)
    assert sent(dispatcher) == ["utter_return_non_returnable"], sent(dispatcher)  # the bra: none without a fault


async def test_no_to_an_offered_person_keeps_the_bot_kindly(shop):
    dispatcher, events = await run(ActionHandleDeny(), make_tracker("不用了", "deny", bot_turn=OFFER))
    assert sent(dispatcher) == ["utter_offer_declined"] and not paused(events)


async def test_a_late_order_number_answers_the_pending_return_question(shop):
    tracker = make_tracker("3927716640582219", "inform", slots={"pending_topic": "returns"})
    dispatcher, events = await run(ActionHandleInform(), tracker)
    assert sent(dispatcher)[0] == "utter_return_eligible"
    assert {"event": "slot", "timestamp": None, "name": "pending_topic", "value": None} in events


async def test_a_late_order_number_answers_a_pending_cancel_request_without_cancelling(shop):
    tracker = make_tracker("6203918847561023", "inform", slots={"pending_topic": "cancel"})
    dispatcher, _ = await run(ActionHandleInform(), tracker)
    assert sent(dispatcher) == ["utter_cancel_unshipped"]


async def test_a_late_order_number_answers_a_pending_invoice_status_question(shop):
    tracker = make_tracker("订单4417062395810264 东西还没到呢", "inform", slots={"pending_topic": "invoice_status"})
    dispatcher, _ = await run(ActionHandleInform(), tracker)
    assert sent(dispatcher) == ["utter_invoice_no_record"]


async def test_waiting_for_the_shopper_to_find_the_number_keeps_the_topic(shop):
    asked = bot_said("utter_ask_order_for_topic")
    tracker = make_tracker("等我找下哈", "inform", slots={"pending_topic": "returns"}, bot_turn=asked)
    dispatcher, events = await run(ActionHandleInform(), tracker)
    assert sent(dispatcher) == ["utter_take_your_time"] and events == []


async def test_a_bare_order_number_without_a_topic_gets_its_parcel_state(shop):
    dispatcher, _ = await run(ActionHandleInform(), make_tracker("4721095536680142", "inform"))
    assert sent(dispatcher) == ["utter_parcel_awaiting_pickup"]


async def test_the_second_of_two_orders(shop):
    tracker = make_tracker("第二个呢", "inform", slots={"recent_orders": ["7305528816490372", "3051729946021837"]})
    dispatcher, _ = await run(ActionHandleInform(), tracker)
    assert sent(dispatcher) == ["utter_parcel_in_transit"] and dispatcher.messages[0]["order_id"] == "3051729946021837"


@pytest.mark.parametrize("text", ["洗面奶那个呢", "那个洁面乳的呢"])
async def test_one_of_two_orders_named_by_what_was_bought(shop, text):
    tracker = make_tracker(text, "inform", slots={"recent_orders": ["6931054472281906", "6648203197725540"]})
    dispatcher, _ = await run(ActionHandleInform(), tracker)
    assert dispatcher.messages[0]["order_id"] == "6648203197725540"  # the cleanser's, not the first


async def test_an_order_number_with_a_defect_of_the_delivered_item_is_a_quality_problem(shop):
    tracker = make_tracker("8702251946638813 这个卫衣才洗了一次就开线了 什么质量啊", "inform")
    dispatcher, _ = await run(ActionHandleInform(), tracker)
    assert "utter_return_quality" in sent(dispatcher)


async def test_an_attribute_question_from_a_new_card_is_answered_for_that_card(shop):
    kettle = next(p for p in shop.list_products() if p.category == "电热水壶")
    tracker = make_tracker(
        "这个呢 啥材质",
        "inform",
        slots={"product_card": "DR-001", "product_in_focus": "DR-001"},
        metadata={"product": kettle.sku},
    )
    dispatcher, _ = await run(ActionHandleInform(), tracker)
    assert sent(dispatcher)[0].startswith("utter_product_attribute") and dispatcher.messages[0]["name"] == kettle.name


async def test_a_new_session_forgets_offers_and_pending_topics_but_keeps_the_order(shop):
    tracker = make_tracker(
        "在吗", "greet", slots={"offer": "human", "pending_topic": "returns", "order_id": "1234567890"}
    )
    _, events = await run(ActionSessionStart(), tracker)
    carried = {event["name"] for event in events if event["event"] == "slot"}
    assert "order_id" in carried and not carried & {"offer", "pending_topic"}


async def test_after_nothing_within_budget_a_new_budget_tries_again(shop):
    slots = {"pending_topic": "recommend", "product_category": "口红", "recipient": "自己"}
    dispatcher, _ = await run(ActionHandleInform(), make_tracker("那一百多的呢", "inform", slots=slots))
    items = [m for m in dispatcher.messages if m["response"] == "utter_recommend_item"]
    assert items and all(100 <= float(m["price"]) <= 199 for m in items)


async def test_a_shopper_back_after_the_session_expired_mid_form_continues_it(shop):
    tracker = make_tracker("专用发票", "inform", slots={"requested_slot": "invoice_type", "offer": "human"})
    tracker.active_loop = {"name": "invoice_form"}
    _, events = await run(ActionSessionStart(), tracker)
    assert {"event": "active_loop", "timestamp": None, "name": "invoice_form"} in events
    carried = {event["name"]: event["value"] for event in events if event["event"] == "slot"}
    assert carried.get("requested_slot") == "invoice_type" and "offer" not in carried


async def test_after_nothing_fitted_the_budget_is_asked_not_an_order_number(shop):
    dispatcher, _ = await run(
        ActionHandleInform(), make_tracker("嗯嗯 那怎么办", "inform", slots={"pending_topic": "recommend"})
    )
    assert sent(dispatcher) == ["utter_ask_budget"]


# ------------------------------------------------------------------ photos


async def test_a_photo_after_a_missing_item_goes_to_a_person_with_the_order(shop, store):
    from actions.order_problem import ActionAnswerOrderProblem, ActionReceivePhoto

    reported = make_tracker("3927716640582219 少发了一件", "report_order_problem")
    dispatcher, events = await run(ActionAnswerOrderProblem(), reported)
    assert sent(dispatcher) == ["utter_order_problem_order"]
    slots = {e["name"]: e["value"] for e in events if e["event"] == "slot"}
    assert slots["awaiting_photos"] is True
    photo = make_tracker("/send_photo", "send_photo", slots=slots)
    dispatcher, events = await run(ActionReceivePhoto(), photo)
    assert sent(dispatcher) == ["utter_photo_to_human"] and not any(e["event"] == "pause" for e in events)
    [ticket] = await store.list_handoffs()
    assert ticket["order_id"] == "3927716640582219" and ticket["priority"] == 1


async def test_a_photo_out_of_the_blue_is_acknowledged_not_handed_over(shop, store):
    from actions.order_problem import ActionReceivePhoto

    dispatcher, events = await run(ActionReceivePhoto(), make_tracker("/send_photo", "send_photo"))
    assert sent(dispatcher) == ["utter_photo_received"] and events == []
    assert await store.list_handoffs() == []


async def test_what_if_it_had_shipped_after_the_unshipped_cancel_answer(shop):
    from actions.parcel import ActionTrackParcel

    answered = bot_said("utter_cancel_unshipped")
    tracker = make_tracker(
        "那要是已经发出来了咋办", "track_parcel", slots={"order_id": "4417062395810264"}, bot_turn=answered
    )
    dispatcher, _ = await run(ActionTrackParcel(), tracker)
    assert sent(dispatcher) == ["utter_cancel_if_shipped"]  # 拒收 then refund, not the parcel state again
    plain = make_tracker("那什么时候发出来", "track_parcel", slots={"order_id": "4417062395810264"}, bot_turn=answered)
    dispatcher, _ = await run(ActionTrackParcel(), plain)
    assert sent(dispatcher) != ["utter_cancel_if_shipped"]


@pytest.mark.parametrize("intent", ["nlu_fallback", "inform"])
async def test_asked_how_to_send_the_photos_the_bot_asked_for(shop, intent):
    from actions.handoff import ActionHandleFailure

    action = ActionHandleFailure() if intent == "nlu_fallback" else ActionHandleInform()
    dispatcher, events = await run(action, make_tracker("要我拍照片吗", intent, slots={"awaiting_photos": True}))
    assert sent(dispatcher) == ["utter_photos_how"] and events == []
    dispatcher, _ = await run(action, make_tracker("要我拍照片吗", intent))
    assert sent(dispatcher) != ["utter_photos_how"]  # no photos were asked for


async def test_a_gift_and_a_budget_read_as_details_start_a_recommendation(shop):
    dispatcher, _ = await run(ActionHandleInform(), make_tracker("送男朋友 三百左右", "inform"))
    assert "utter_recommend_item" in sent(dispatcher)


@pytest.mark.parametrize("intent", ["ask_promotion", "track_parcel"])
async def test_an_attribute_of_the_product_in_focus_read_as_another_topic_is_answered(shop, intent):
    from actions.parcel import ActionTrackParcel
    from actions.promotions import ActionAnswerPromotion

    action = ActionAnswerPromotion() if intent == "ask_promotion" else ActionTrackParcel()
    tracker = make_tracker("有啥颜色", intent, slots={"product_in_focus": "DR-001"})
    dispatcher, _ = await run(action, tracker)
    assert sent(dispatcher)[0].startswith("utter_product_attribute")


async def test_a_photo_after_the_quality_answer_asked_for_one_goes_to_a_person(shop, store):
    """A quality problem's answer asks for photos; the photo got "是收到的商品有问题吗?" in a loop."""
    from actions.order_problem import ActionReceivePhoto

    asked = bot_said("utter_return_quality_evidence")
    photo = make_tracker("/send_photo", "send_photo", slots={"order_id": "6374409218856630"}, bot_turn=asked)
    dispatcher, events = await run(ActionReceivePhoto(), photo)
    assert sent(dispatcher) == ["utter_photo_to_human"] and not any(e["event"] == "pause" for e in events)
    [ticket] = await store.list_handoffs()
    assert ticket["order_id"] == "6374409218856630"


async def test_yes_apply_for_me_after_a_price_difference_says_how_not_done(shop):
    answered = bot_said("utter_price_protect_ok")
    tracker = make_tracker("好的 那帮我申请吧", "affirm", bot_turn=answered)
    dispatcher, _ = await run(ActionHandleAffirm(), tracker)
    assert sent(dispatcher) == ["utter_price_protect_how"]


async def test_a_yes_like_product_question_on_a_card_is_answered(shop):
    tracker = make_tracker("苹果15能快充不", "affirm", metadata={"product": "PB-001"})
    dispatcher, _ = await run(ActionHandleAffirm(), tracker)
    assert sent(dispatcher) == ["utter_product_attribute"]


async def test_a_second_photo_after_the_handover_is_added_not_answered_as_a_repeat(shop, store):
    """The packing slip after the item: "这张也收到了", not the hand-over text again (which the gateway
    turned into "上面已经回复过了")."""
    from actions.order_problem import ActionReceivePhoto

    photo = make_tracker("/send_photo", "send_photo", slots={"order_id": "8702251946638813"},
                         bot_turn=bot_said("utter_photo_to_human"))  # fmt: skip
    dispatcher, events = await run(ActionReceivePhoto(), photo)
    assert sent(dispatcher) == ["utter_photo_added"] and events == []


@pytest.mark.parametrize(
    "text,response",
    [("还有牛肉干的袋子是破的 漏气了 还能吃吗", "utter_order_problem_another_food"),
     ("另外那件卫衣也发错颜色了", "utter_order_problem_another")],
)  # fmt: skip
async def test_a_second_problem_in_the_same_order_gets_its_own_answer(shop, text, response):
    """A second item right after the first was answered got "这个的答案和小鹿上面说的一样"."""
    from actions.order_problem import ActionAnswerOrderProblem

    said = bot_said("utter_order_problem_order")
    tracker = make_tracker(text, "report_order_problem", slots={"order_id": "2864407391158826"}, bot_turn=said)
    dispatcher, events = await run(ActionAnswerOrderProblem(), tracker)
    assert sent(dispatcher) == [response]
    assert {"event": "slot", "name": "awaiting_photos", "value": True} in [
        {k: e[k] for k in ("event", "name", "value")} for e in events if e["event"] == "slot"
    ]


async def test_a_missing_item_is_not_put_on_the_unshipped_order_in_focus(shop):
    """ "卫衣跟牛仔裤…裤子没有" while the unshipped dress order is in focus: the shopper's only sent
    order holding a 卫衣 (8702…); the unshipped order cannot have arrived short."""
    from actions.order_problem import ActionAnswerOrderProblem

    text = "我上次买的卫衣跟牛仔裤 拆开只有卫衣 裤子没有"
    tracker = make_tracker(text, "report_order_problem", slots={"order_id": "4417062395810264"},
                           metadata={"account": "tangtang"})  # fmt: skip
    dispatcher, _ = await run(ActionAnswerOrderProblem(), tracker)
    assert dispatcher.messages[0]["order_id"] == "8702251946638813"
    unknown = make_tracker("少发了一件", "report_order_problem", slots={"order_id": "4417062395810264"},
                           metadata={"account": "tangtang"})  # fmt: skip
    dispatcher, events = await run(ActionAnswerOrderProblem(), unknown)
    assert sent(dispatcher) == ["utter_order_problem", "utter_ask_order_for_topic"]  # which order?
    assert {"event": "slot", "name": "pending_topic", "value": "order_problem"} in [
        {k: e[k] for k in ("event", "name", "value")} for e in events if e["event"] == "slot"
    ]


@pytest.mark.parametrize(("text", "intent"), [("不是这个单啊 是8702251946638813这单", "deny"),
                                              ("搞错了 我说的是8702251946638813", "inform")])  # fmt: skip
async def test_a_corrected_order_number_gets_the_same_answer_for_that_order(shop, text, intent):
    action = ActionHandleDeny() if intent == "deny" else ActionHandleInform()
    answered = bot_said("utter_order_problem_order")
    tracker = make_tracker(text, intent, slots={"order_id": "4417062395810264"}, bot_turn=answered)
    dispatcher, _ = await run(action, tracker)
    assert sent(dispatcher) == ["utter_order_problem_order"]
    assert dispatcher.messages[0]["order_id"] == "8702251946638813"


async def test_a_corrected_order_number_after_a_parcel_answer_gets_that_orders_parcel(shop):
    """ "不对不对 是 6648203197725540 这单 洗面奶那个" (read as a no) right after the parcel answer
    of 4417…: the cleanser's parcel, not "好嘞,还有什么问题"."""
    answered = bot_said("utter_parcel_not_shipped")
    text = "不对不对 是 6648203197725540 这单 洗面奶那个"
    tracker = make_tracker(text, "deny", slots={"order_id": "4417062395810264"}, bot_turn=answered)
    dispatcher, events = await run(ActionHandleDeny(), tracker)
    assert dispatcher.messages[0]["order_id"] == "6648203197725540" and "utter_anything_else" not in sent(dispatcher)
    assert {"event": "slot", "name": "order_id", "value": "6648203197725540"} in [
        {k: e[k] for k in ("event", "name", "value")} for e in events if e["event"] == "slot"
    ]


async def test_a_corrected_order_in_traditional_characters_after_an_offer_gets_that_orders_parcel(shop):
    """ "不對不對 不是這個單 是6931…這單" after the exception answer, which offers a person: the
    order corrected, not the offer declined."""
    answered = bot_said("utter_parcel_exception") + [{"event": "slot", "name": "offer", "value": "human"}]
    text = "不對不對 不是這個單 是6931054472281906這單"
    slots = {"order_id": "3346671029985514", "offer": "human"}
    tracker = make_tracker(text, "deny", slots=slots, bot_turn=answered)
    dispatcher, events = await run(ActionHandleDeny(), tracker)
    assert dispatcher.messages[0]["order_id"] == "6931054472281906" and "utter_offer_declined" not in sent(dispatcher)


async def test_a_corrected_number_after_one_not_found_answers_the_parcel_question(shop):
    """ "不对 是3185520647729931" (read as a no) after "没有查到订单号 318552064772993" got "好嘞"."""
    not_found = bot_said("utter_order_id_unknown")
    tracker = make_tracker("不对 是3185520647729931", "deny", slots={"pending_topic": "parcel"}, bot_turn=not_found)
    dispatcher, _ = await run(ActionHandleDeny(), tracker)
    assert sent(dispatcher)[0].startswith("utter_parcel") and dispatcher.messages[0]["order_id"] == "3185520647729931"


@pytest.mark.parametrize("text", ["单号呢", "单号给我"])
async def test_the_tracking_number_asked_alone_after_a_parcel_answer_is_given(shop, text):
    """ "单号呢" (read as details given) right after the in-transit answer: the tracking number,
    not "请问您是想了解哪方面的问题呢?"."""
    answered = bot_said("utter_parcel_in_transit")
    tracker = make_tracker(text, "inform", slots={"order_id": "6648203197725540"}, bot_turn=answered)
    dispatcher, _ = await run(ActionHandleInform(), tracker)
    assert sent(dispatcher) == ["utter_parcel_tracking_no"]
    assert dispatcher.messages[0]["tracking_no"] == "YT7412285390016"


LAOZHOU = {"account": "laozhou"}  # 3368… unshipped (健步鞋); 9904… received (羽绒服 and 健步鞋); 2746… 羽绒服


@pytest.mark.parametrize("intent", ["inform", "track_parcel"])
async def test_an_order_described_instead_of_its_number_answers_the_topic_waiting(shop, intent):
    """ "订单号我找不着了 就羽绒服跟鞋一起那单" after the missing-item answer asked for the order: the
    order holding both, not the unshipped one in focus and its parcel state."""
    from actions.parcel import ActionTrackParcel

    action = ActionHandleInform() if intent == "inform" else ActionTrackParcel()
    slots = {"pending_topic": "order_problem", "order_id": "3368120957742681"}
    tracker = make_tracker(
        "订单号我找不着了 就羽绒服跟鞋一起那单 你那边查不到吗", intent, slots=slots, metadata=LAOZHOU
    )
    dispatcher, _ = await run(action, tracker)
    assert sent(dispatcher) == ["utter_order_problem_order"]
    assert dispatcher.messages[0]["order_id"] == "9904471326658013"


async def test_the_unshipped_order_described_gets_the_upgrade(shop, store):
    """ "那还没发的那单也给我换顺丰吧 差价我补" with the received order in focus."""
    from actions.couriers import ActionAnswerCourier

    tracker = make_tracker("行 那还没发的那单也给我换顺丰吧 差价我补", "ask_courier",
                           slots={"order_id": "9904471326658013"}, metadata=LAOZHOU)  # fmt: skip
    dispatcher, _ = await run(ActionAnswerCourier(), tracker)
    assert sent(dispatcher) == ["utter_courier_upgrade_handed_over"]
    assert dispatcher.messages[0]["order_id"] == "3368120957742681"


async def test_a_missing_item_described_by_what_arrived_goes_on_that_order(shop):
    from actions.order_problem import ActionAnswerOrderProblem

    text = "之前给爸妈买的两件羽绒服两双健步鞋 收到了拆开鞋只有一双 少发了一双啊"
    tracker = make_tracker(text, "report_order_problem", slots={"order_id": "3368120957742681"}, metadata=LAOZHOU)
    dispatcher, _ = await run(ActionAnswerOrderProblem(), tracker)
    assert dispatcher.messages[0]["order_id"] == "9904471326658013"


async def test_the_order_whose_address_was_changed_gets_the_upgrade_when_named_so(shop, store):
    """ "那刚才改地址那单也给我换成顺丰吧" (read as an address question) after a damage report on a
    received order: the unshipped order whose new address went to a person."""
    from actions.address import ActionAnswerChangeAddress

    unshipped, received = "6203918847561023", "8839016627745120"
    events = [
        {"event": "slot", "name": "order_id", "value": unshipped},
        *bot_said("utter_address_handed_over"),
        user_event("前几天收到的吹风机外壳是裂的", "report_order_problem"),
        {"event": "slot", "name": "order_id", "value": received},
        *bot_said("utter_order_problem_order"),
    ]
    tracker = make_tracker("那刚才改地址那单也给我换成顺丰吧", "change_address", bot_turn=events,
                           metadata={"account": "kevin_w"})  # fmt: skip
    dispatcher, _ = await run(ActionAnswerChangeAddress(), tracker)
    assert sent(dispatcher) == ["utter_courier_upgrade_handed_over"]
    assert dispatcher.messages[0]["order_id"] == unshipped


async def test_a_warranty_question_with_broken_in_it_on_a_card_is_about_the_product(shop):
    """ "坏了保修几年哈" on the kettle's card got the return policy and a request for an order number."""
    from actions.returns import ActionAnswerReturnPolicy

    tracker = make_tracker("坏了保修几年哈", "ask_return_policy", slots={"product_in_focus": "KT-001"}, metadata={})
    dispatcher, _ = await run(ActionAnswerReturnPolicy(), tracker)
    assert sent(dispatcher)[0] == "utter_product_attribute" and dispatcher.messages[0]["attribute"] == "保修"


async def test_a_coupon_question_read_as_a_complaint_gets_the_coupons(shop, store):
    from actions.handoff import ActionAssessRisk

    tracker = make_tracker("那我就买这一个壶 能用券么", "complain", slots={"product_in_focus": "KT-001"}, metadata={})
    dispatcher, _ = await run(ActionAssessRisk(), tracker)
    assert sent(dispatcher) == ["utter_promotion_coupon_below"]


@pytest.mark.parametrize("intent", ["inform", "track_parcel"])
async def test_the_number_of_the_order_just_answered_for_a_missing_item_asks_for_the_photos(shop, intent):
    """ "订单号 2864…" right after the missing-item answer about 2864…: a confirmation, not a parcel
    question ("显示已签收 如果您没有收到…")."""
    from actions.parcel import ActionTrackParcel

    action = ActionHandleInform() if intent == "inform" else ActionTrackParcel()
    tracker = make_tracker("订单号 2864407391158826", intent, slots={"order_id": "2864407391158826"},
                           bot_turn=bot_said("utter_order_problem_order"))  # fmt: skip
    dispatcher, events = await run(action, tracker)
    assert sent(dispatcher) == ["utter_order_problem_confirmed"]
    assert {"event": "slot", "name": "awaiting_photos", "value": True} in [
        {k: e.get(k) for k in ("event", "name", "value")} for e in events
    ]


async def test_the_address_order_to_go_by_shunfeng_said_with_zou(shop, store):
    """ "行 那刚才改地址那单也给我走顺丰吧" got the general 顺丰 answer again."""
    from actions.couriers import ActionAnswerCourier

    unshipped = "5580237714096631"
    events = [{"event": "slot", "name": "order_id", "value": unshipped}, *bot_said("utter_address_handed_over"),
              user_event("能给我发顺丰嘛 要加多少钱", "ask_courier"), *bot_said("utter_courier_upgrade")]  # fmt: skip
    tracker = make_tracker(
        "行 那刚才改地址那单也给我走顺丰吧", "ask_courier", bot_turn=events, metadata={"account": "mingge"}
    )
    dispatcher, _ = await run(ActionAnswerCourier(), tracker)
    assert sent(dispatcher) == ["utter_courier_upgrade_handed_over"]
    assert dispatcher.messages[0]["order_id"] == unshipped


@pytest.mark.parametrize(
    "text,slots,response",
    [("你好", {}, "utter_greet"), ("在吗", {}, "utter_greet"),
     ("冬天在北京穿够不够暖", {"product_in_focus": "DJ-001"}, "utter_product_attribute"),
     ("在吗在吗 我的夹克发了码", {}, "utter_ask_order_id")],
)  # fmt: skip
async def test_a_question_read_as_a_greeting_is_answered(shop, text, slots, response):
    from actions.dialogue import ActionGreet

    dispatcher, _ = await run(ActionGreet(), make_tracker(text, "greet", slots=slots))
    assert sent(dispatcher)[0] == response


async def test_a_question_read_as_thanks_is_answered(shop):
    """ "那我拍照给你 怎么发" read as thanks after the bot asked for photos: where the button is."""
    from actions.dialogue import ActionThank

    asked = bot_said("utter_order_problem_order")
    dispatcher, _ = await run(ActionThank(), make_tracker("那我拍照给你 怎么发", "thank", bot_turn=asked))
    assert sent(dispatcher) == ["utter_photos_how"]
    dispatcher, _ = await run(ActionThank(), make_tracker("好的谢谢亲", "thank", bot_turn=asked))
    assert sent(dispatcher) == ["utter_youre_welcome"]


async def test_praise_with_a_numbered_parcel_question_answers_the_parcel(shop):
    """ "你们家东西不错 之前的都给了五星好评 2957… 面膜到哪了" read as thanks got only "亲客气啦"."""
    from actions.dialogue import ActionThank

    text = "你们家东西不错 之前的都给了五星好评 2957730184426609 面膜到哪了"
    dispatcher, events = await run(ActionThank(), make_tracker(text, "thank"))
    assert sent(dispatcher)[0] == "utter_parcel_awaiting_pickup", sent(dispatcher)
    assert {"event": "slot", "name": "order_id", "value": "2957730184426609", "timestamp": None} in events
    dispatcher, _ = await run(ActionThank(), make_tracker("面膜收到了 很好用 五星好评 2957730184426609", "thank"))
    assert sent(dispatcher) != ["utter_parcel_awaiting_pickup"]


def offered_after(*responses):
    """The bot's turn: these responses, then the offer of a person."""
    return bot_said(*responses) + [{"event": "slot", "name": "offer", "value": "human"}]


@pytest.mark.parametrize(
    "text,response",
    [
        ("不用了 单号给我", "utter_parcel_tracking_no"),  # the stalled parcel's number, the offer declined
        ("算了不要了 怎么退款", "utter_return"),
    ],
)
async def test_a_no_to_a_person_with_a_question_beside_it_answers_the_question(shop, text, response):
    stalled = "2390417765528803"
    slots = {"order_id": stalled, "parcel_state": "stalled"}
    tracker = make_tracker(text, "deny", slots=slots, bot_turn=offered_after("utter_parcel_stalled"))
    dispatcher, events = await run(ActionHandleDeny(), tracker)
    assert sent(dispatcher)[0].startswith(response), sent(dispatcher)
    assert {"event": "slot", "name": "offer", "value": None} in [
        {k: e.get(k) for k in ("event", "name", "value")} for e in events
    ]


async def test_a_correction_naming_another_order_read_as_a_wrong_item_gets_the_same_answer_for_it(shop):
    from actions.order_problem import ActionAnswerOrderProblem

    parcel = bot_said("utter_parcel_awaiting_pickup")
    tracker = make_tracker(
        "哦不对 我问的是裙子 7305528816490372这单",
        "report_order_problem",
        slots={"order_id": "2957730184426609"},
        bot_turn=parcel,
    )
    dispatcher, _ = await run(ActionAnswerOrderProblem(), tracker)
    assert sent(dispatcher) == ["utter_parcel_picked_up"], sent(dispatcher)


async def test_a_wrong_colour_with_an_order_number_is_still_a_wrong_item(shop):
    from actions.order_problem import ActionAnswerOrderProblem

    dispatcher, _ = await run(
        ActionAnswerOrderProblem(), make_tracker("8702251946638813 收到的颜色不对", "report_order_problem")
    )
    assert sent(dispatcher) == ["utter_order_problem_order"]


@pytest.mark.parametrize(
    "text,response",
    [
        ("算了算了不取消了 能改发顺丰吗 着急用", "utter_courier_upgrade_handed_over"),  # its order is unshipped
        ("算了 不取消了", "utter_order_kept"),
        ("还是不取消了 奶瓶留着 纸尿裤能不能改成XL的", "utter_change_variant"),  # a size: a person changes it
    ],
)
async def test_keeping_the_order_read_as_cancelling_is_not_the_cancel_answer(shop, store, text, response):
    from actions.cancel import ActionAnswerCancel

    cancel_answer = bot_said("utter_cancel_unshipped")
    slots = {"order_id": "4417062395810264"}
    tracker = make_tracker(text, "cancel_order", slots=slots, sender_id="conv-keep", bot_turn=cancel_answer)
    dispatcher, _ = await run(ActionAnswerCancel(), tracker)
    assert sent(dispatcher)[0] == response, sent(dispatcher)


async def test_keeping_the_order_and_asking_when_it_ships_gets_its_parcel(shop):
    from actions.cancel import ActionAnswerCancel

    slots = {"order_id": "7092264183357710458"}
    tracker = make_tracker("算了算了不取消了 那啥时候能发货啊", "cancel_order", slots=slots)
    dispatcher, _ = await run(ActionAnswerCancel(), tracker)
    assert sent(dispatcher) == ["utter_parcel_not_shipped"]


async def test_a_product_question_read_as_an_order_problem_is_answered(shop):
    from actions.order_problem import ActionAnswerOrderProblem

    tracker = make_tracker(
        "那风衣是啥颜色来着 卡其的吗", "report_order_problem", slots={"order_id": "8814527730961245"}
    )
    dispatcher, _ = await run(ActionAnswerOrderProblem(), tracker)
    assert sent(dispatcher)[0].startswith("utter_product"), sent(dispatcher)


@pytest.mark.parametrize("text", ["那我不取消了", "好的 不取消了 谢谢", "算了不取消了 还是要吧"])
async def test_keeping_the_order_said_with_filler_is_kept(shop, text):
    from actions.cancel import ActionAnswerCancel

    tracker = make_tracker(text, "cancel_order", slots={"order_id": "4417062395810264"})
    dispatcher, _ = await run(ActionAnswerCancel(), tracker)
    assert sent(dispatcher) == ["utter_order_kept"]


@pytest.mark.parametrize(
    "text,response",
    [("想了想还是不取消了 留着吧", "utter_order_kept"),
     ("算了不取消了 7092264183357710458留着吧 还挺好看的", "utter_order_kept"),  # the number asks nothing
     ("想了想还是不取消了 你们家有优惠券吗", "utter_promotion")],  # the rest of the message answered
)  # fmt: skip
async def test_keeping_the_order_in_other_words_after_the_cancel_answer_is_kept_not_an_error(shop, text, response):
    """ "想了想还是不取消了 留着吧" right after the cancel answer: the order is kept. The cancel and
    failure actions once handed such a message to each other until the action server gave up."""
    from actions.cancel import ActionAnswerCancel

    slots = {"order_id": "7092264183357710458"}
    tracker = make_tracker(text, "cancel_order", slots=slots, bot_turn=bot_said("utter_cancel_unshipped"))
    dispatcher, _ = await run(ActionAnswerCancel(), tracker)
    assert sent(dispatcher) == [response]


async def test_still_not_cancelled_is_a_complaint_about_the_cancel_not_keeping_it(shop):
    from actions.cancel import ActionAnswerCancel

    tracker = make_tracker("怎么还不取消啊 我都申请了", "cancel_order", slots={"order_id": "4417062395810264"})
    dispatcher, _ = await run(ActionAnswerCancel(), tracker)
    assert "utter_order_kept" not in sent(dispatcher)


async def test_no_to_a_person_and_no_return_is_no_returns_answer(shop):
    slots = {"order_id": "2390417765528803", "parcel_state": "stalled"}
    tracker = make_tracker("算了 不退款了", "deny", slots=slots, bot_turn=offered_after("utter_parcel_stalled"))
    dispatcher, _ = await run(ActionHandleDeny(), tracker)
    assert sent(dispatcher) == ["utter_offer_declined"]


async def test_keeping_the_order_two_turns_after_the_cancel_answer_is_kept_whatever_the_nlu_read(shop):
    """ "算了不取消了 留着吧" after the cancel answer and the refund time, not understood: kept."""
    from actions.handoff import ActionHandleFailure

    said = bot_said("utter_cancel_unshipped")
    tracker = make_tracker(
        "算了不取消了 留着吧", "nlu_fallback", history=[("那钱多久退回来啊", "ask_refund")],
        slots={"order_id": "5580237714096631"}, bot_turn=said,
    )  # fmt: skip
    dispatcher, _ = await run(ActionHandleFailure(), tracker)
    assert sent(dispatcher) == ["utter_order_kept"]


async def test_another_order_named_by_its_number_is_that_order_not_the_other_one_talked_about(shop):
    """ "那另一单空气炸锅呢 3346…" after 6931…'s parcel: 3346…, whatever "另一" points at."""
    first, named = "6931054472281906", "3346671029985514"
    tracker = make_tracker(
        f"那另一单空气炸锅呢 {named}", "inform", slots={"order_id": named}, history=[(first, "track_parcel")]
    )
    tracker.events.insert(1, {"event": "slot", "name": "order_id", "value": first})
    tracker.events.append({"event": "slot", "name": "order_id", "value": named})  # the NLU's entity fills it
    dispatcher, _ = await run(ActionHandleInform(), tracker)
    assert dispatcher.messages[0]["order_id"] == named


async def test_a_no_to_a_person_read_as_a_yes_keeps_the_bot_and_answers_beside_it(shop, store):
    """ "算了算了 差评倒不至于 不用转人工了 你就说啥时候能发", read as a yes, once got "好的亲~ 请问还有
    其他可以帮您的吗?" and nothing about the order."""
    from actions.dialogue import ActionHandleAffirm

    tracker = make_tracker(
        "算了算了 差评倒不至于 不用转人工了 你就说啥时候能发", "affirm", slots={"order_id": "8814527730961245"}
    )
    dispatcher, events = await run(ActionHandleAffirm(), tracker)
    assert sent(dispatcher) and "not_shipped" in sent(dispatcher)[0], sent(dispatcher)
    assert await store.list_handoffs() == [] and not paused(events)


async def test_how_long_still_after_the_stalled_parcels_answer_read_as_a_yes_is_the_parcels_wait(shop):
    """ "还要多久啊" after the stalled parcel's answer and "不用转人工 我再等等" once got the generic ok."""
    from actions.dialogue import ActionHandleAffirm

    turns = [
        *bot_said("utter_parcel_stalled"),
        user_event("不用转人工 我再等等", "deny"),
        *bot_said("utter_offer_declined"),
    ]
    tracker = make_tracker("还要多久啊", "affirm", slots={"order_id": "4630098125547716"}, bot_turn=turns)
    dispatcher, _ = await run(ActionHandleAffirm(), tracker)
    assert sent(dispatcher)[0].startswith("utter_followup"), sent(dispatcher)


async def test_two_order_numbers_the_nlu_could_not_place_are_both_answered_and_kept(shop):
    """ "帮我查下两个单 3346… 跟 6931…" (read as out of scope): both parcels, and both kept, so that
    "吹风机那个 派送员电话多少" next is the hair dryer's order (6931), not the first named."""
    from actions.handoff import ActionHandleFailure
    from actions.parcel import ActionTrackParcel

    text = "帮我查下两个单 3346671029985514 跟 6931054472281906"
    dispatcher, events = await run(ActionHandleFailure(), make_tracker(text, "out_of_scope"))
    assert [message["order_id"] for message in dispatcher.messages] == ["3346671029985514", "6931054472281906"]
    slots = {e["name"]: e["value"] for e in events if e.get("event") == "slot"}
    tracker = make_tracker("吹风机那个 派送员电话多少", "track_parcel", slots=slots)
    dispatcher, _ = await run(ActionTrackParcel(), tracker)
    assert dispatcher.messages[0]["order_id"] == "6931054472281906"


async def test_a_no_to_a_person_read_as_a_no_answers_the_parcel_question_beside_it(shop):
    """ "差评倒不至于 不用转人工了 你就说啥时候能发" (deny, no offer open: the gateway had left the
    queue) once got "好的亲~ 请问还有其他可以帮您的吗?"."""
    tracker = make_tracker("差评倒不至于 不用转人工了 你就说啥时候能发", "deny", slots={"order_id": "8814527730961245"})
    dispatcher, _ = await run(ActionHandleDeny(), tracker)
    assert sent(dispatcher) and "not_shipped" in sent(dispatcher)[0], sent(dispatcher)


@pytest.mark.parametrize("intent", ["affirm", "request_human"])
async def test_what_now_after_a_delayed_parcels_answer_is_no_yes_to_a_person(shop, store, intent):
    """ "那咋整" after the storm-delayed parcel's answer (which offers a person) was once queued."""
    from actions.handoff import ActionEscalate

    action = ActionHandleAffirm() if intent == "affirm" else ActionEscalate()
    tracker = make_tracker(
        "那咋整",
        intent,
        slots={"order_id": "3346671029985514", "offer": "human", "parcel_state": "exception"},
        bot_turn=bot_said("utter_parcel_exception"),
    )
    dispatcher, events = await run(action, tracker)
    assert sent(dispatcher)[0].startswith("utter_followup"), sent(dispatcher)
    assert not paused(events) and await store.list_handoffs() == []


async def test_a_yes_to_the_chase_without_a_person_is_the_chase(shop, store):
    """ "好的 帮我催一下吧 不用转人工" after the chase was offered once got only "好的亲,不用人工…"."""
    tracker = make_tracker(
        "好的 帮我催一下吧 不用转人工",
        "affirm",
        slots={"order_id": "2957730184426609", "offer": "human"},
        bot_turn=bot_said("utter_followup_awaiting_pickup", "utter_parcel_chase_offer"),
    )
    dispatcher, events = await run(ActionHandleAffirm(), tracker)
    assert sent(dispatcher) != ["utter_offer_declined"] and "chase" in sent(dispatcher)[0], sent(dispatcher)
    assert not paused(events) and await store.list_handoffs() == []


async def test_a_no_to_the_offer_with_a_product_question_answers_it(shop):
    """ "不用了 等等看吧 防晒霜放久了会过期吗" after a stalled parcel's offer: only the no was heard."""
    offered = bot_said("utter_parcel_stalled") + [{"event": "slot", "name": "offer", "value": "human"}]
    tracker = make_tracker(
        "不用了 等等看吧 防晒霜放久了会过期吗", "deny", slots={"offer": "human", "order_id": "6049983127756610"},
        bot_turn=offered,
    )  # fmt: skip
    dispatcher, events = await run(ActionHandleDeny(), tracker)
    assert sent(dispatcher) == ["utter_product_attribute"] and dispatcher.messages[0]["attribute"] == "保质期"


async def test_a_wish_only_one_product_meets_read_as_a_detail_shows_it(shop):
    """ "磁吸的有吗" (read as giving a detail) after the 20000mAh power bank: the magnetic one."""
    from actions.dialogue import ActionHandleInform

    last = {"category": "充电宝", "recipient": "男朋友", "budget": 200, "budget_min": 0.0, "shown": ["PB-001"]}
    dispatcher = CollectingDispatcher()
    tracker = make_tracker(
        "磁吸的有吗", "inform", slots={"last_recommendation": last}, bot_turn=bot_said("utter_recommend_item")
    )
    await ActionHandleInform().run(dispatcher, tracker, {})
    assert sent(dispatcher)[:1] == ["utter_recommend_item"] and dispatcher.messages[0]["name"].startswith("磁吸")


async def test_a_number_sent_right_after_the_login_answer_is_told_again_in_other_words(shop):
    """ "3051…" in a chat without a login, right after "要登录后才能查看": the login again, not the
    same bubble (which the gateway would replace by "和上面说的一样")."""
    from actions.dialogue import ActionHandleInform

    dispatcher = CollectingDispatcher()
    tracker = make_tracker("3051729946021837", "inform", metadata={}, bot_turn=bot_said("utter_order_needs_login"))
    await ActionHandleInform().run(dispatcher, tracker, {})
    assert sent(dispatcher) == ["utter_order_needs_login_again"]


async def test_what_the_bot_does_asked_after_a_greeting_is_answered(shop):
    """ "你好 你都能帮我干啥呀" (read as a greeting) once got "这句小鹿没看明白"."""
    dispatcher, _ = await run(ActionGreet(), make_tracker("你好 你都能帮我干啥呀", "greet"))
    assert sent(dispatcher) == ["utter_what_i_can_do"]


async def test_cannot_take_photos_read_as_a_greeting_offers_a_person(shop):
    """ "我不会拍照啊 孙子不在家" right after the photos were asked for got the welcome text."""
    asked = bot_said("utter_order_problem_remedy")
    tracker = make_tracker("我不会拍照啊 孙子不在家", "greet", slots={"order_id": "8702251946638813"}, bot_turn=asked)
    dispatcher, events = await run(ActionGreet(), tracker)
    assert sent(dispatcher) == ["utter_photos_cannot"]
    assert {"event": "slot", "name": "offer", "value": "human"} in [
        {k: e.get(k) for k in ("event", "name", "value")} for e in events
    ]


async def test_a_product_question_read_as_a_yes_to_the_offered_person_is_answered(shop):
    # "哪产的" right after "…起球…转人工客服帮您确认?" on the dress's card: not a yes to a person
    from actions.dialogue import ActionHandleAffirm

    offered = [*bot_said("utter_product_attribute_unknown"), {"event": "slot", "name": "offer", "value": "human"}]
    tracker = make_tracker("哪产的", "affirm", slots={"product_in_focus": "DR-001"}, bot_turn=offered)
    dispatcher = CollectingDispatcher()
    await ActionHandleAffirm().run(dispatcher, tracker, {})
    assert sent(dispatcher) == ["utter_product_attribute"] and dispatcher.messages[0]["attribute"] == "产地"


async def test_not_wanting_the_order_asked_how_read_as_a_no_gets_how_to_cancel(shop):
    # "我不想要了 咋弄" read as a plain no: not "请问还有其他可以帮您的吗?"; a bare "不想要了" stays a no
    from actions.dialogue import ActionHandleDeny

    for text, expected in (("我不想要了 咋弄", ["utter_cancel_ask_order"]), ("不想要了", ["utter_anything_else"])):
        dispatcher = CollectingDispatcher()
        await ActionHandleDeny().run(dispatcher, make_tracker(text, "deny"), {})
        assert sent(dispatcher) == expected


@pytest.mark.parametrize("text, response", [("37码的有吗", "utter_product_attribute"), ("好的 拜拜", "utter_goodbye")])
async def test_a_size_question_read_as_goodbye_on_a_card_is_answered(shop, text, response):
    """ "37码的有吗" on the elderly shoes' card got "感谢亲的光临"."""
    from actions.dialogue import ActionGoodbye

    dispatcher = CollectingDispatcher()
    tracker = make_tracker(text, "goodbye", metadata={"product": "SN-002"})
    await ActionGoodbye().run(dispatcher, tracker, {})
    assert sent(dispatcher)[:1] == [response]


@pytest.mark.parametrize(
    "text, slots, before, response",
    [
        ("5263390817724456 书包不想要了", {}, (), "utter_return_window_passed"),  # once its parcel state
        ("这个不想要了 能帮我拦截吗", {"order_id": "4408827163390572"}, ("utter_parcel_exception",),
         "utter_return_intercept"),
        ("拿到了 不想要了退了吧", {"order_id": "9627715038842290", "offer": "human"}, ("utter_parcel_delivered",),
         "utter_return_non_returnable"),  # once "太好了亲,找到就好"
        ("不用了 那我直接退了再买", {"order_id": "2093347718856642", "offer": "human"},
         ("utter_price_protect_to_human",), "utter_return_window_passed"),  # once "没问题亲,有需要随时叫小鹿"
    ],
)  # fmt: skip
async def test_an_order_not_wanted_read_as_a_no_gets_its_return_or_how_to_stop_it(shop, text, slots, before, response):
    dispatcher = CollectingDispatcher()
    tracker = make_tracker(text, "deny", slots=slots, bot_turn=bot_said(*before) if before else ())
    await ActionHandleDeny().run(dispatcher, tracker, {})
    assert sent(dispatcher)[:1] == [response]


async def test_an_order_not_wanted_after_an_offer_keeps_the_new_answers_offer(shop):
    """stalled parcel (offer) → "不想要了 能帮我拦截吗" (read as a no) → "需要": once not queued, the
    new answer's "需要的话…转人工客服帮您联系快递?" cleared with the old offer."""
    dispatcher = CollectingDispatcher()
    slots = {"order_id": "2390417765528803", "offer": "human"}
    offered = [*bot_said("utter_parcel_stalled"), {"event": "slot", "name": "offer", "value": "human"}]
    tracker = make_tracker("不想要了 能帮我拦截吗", "deny", slots=slots, bot_turn=offered)
    events = await ActionHandleDeny().run(dispatcher, tracker, {})
    offers = [e["value"] for e in events if e.get("name") == "offer"]
    assert sent(dispatcher)[:1] == ["utter_return_intercept"] and offers[-1] == "human", (sent(dispatcher), offers)


async def test_found_it_with_no_return_is_still_glad(shop):
    dispatcher = CollectingDispatcher()
    slots = {"order_id": "9627715038842290", "offer": "human"}
    tracker = make_tracker("不用了 找到了在门卫那", "deny", slots=slots, bot_turn=bot_said("utter_parcel_delivered"))
    await ActionHandleDeny().run(dispatcher, tracker, {})
    assert sent(dispatcher) == ["utter_parcel_found"]


@pytest.mark.parametrize(
    "text, response",
    [
        ("其实就是嫌发得慢 付款三天了还没发", "utter_parcel_not_shipped_overdue"),
        ("发票还没发给我", "utter_ask_what_help"),
    ],
)
async def test_told_as_details_that_the_order_in_focus_is_slow_to_leave_gets_its_state(shop, text, response):
    """ "其实就是嫌发得慢 付款三天了还没发" after the cancel answer got "请问您是想了解哪方面的问题呢"."""
    dispatcher = CollectingDispatcher()
    turn = bot_said("utter_cancel_unshipped")
    await ActionHandleInform().run(
        dispatcher, make_tracker(text, "inform", slots={"order_id": "8814527730961245"}, bot_turn=turn), {}
    )
    assert sent(dispatcher) == [response]


async def test_a_look_up_by_phone_read_as_inform_is_refused_like_any(shop):
    """ "她手机号18628093451 你查下嘛" after a friend's number was refused, read as inform, got
    "麻烦发一下订单号": orders are never looked up by phone."""
    tracker = make_tracker("她手机号18628093451 你查下嘛", "inform", metadata={"account": "xiaoli"})
    dispatcher, _ = await run(ActionHandleInform(), tracker)
    assert sent(dispatcher) == ["utter_no_lookup_by_phone"]


async def test_a_raised_budget_after_a_question_about_a_gift_box_searches_again_with_it(shop):
    """ "预算可以加到500" after the lipstick was shown and the ¥459 gift box asked about."""
    last = {"category": "口红", "recipient": "女朋友", "budget": "200", "budget_min": 0, "shown": ["LS-001"]}
    turns = [*bot_said("utter_recommend_item"), user_event("有没有礼盒装的 送人好看点", "ask_product_info"),
             *bot_said("utter_product_attribute")]  # fmt: skip
    slots = {"last_recommendation": last, "product_in_focus": "LS-003"}
    dispatcher, _ = await run(
        ActionHandleInform(), make_tracker("预算可以加到500", "inform", slots=slots, bot_turn=turns)
    )
    items = [m["name"] for m in dispatcher.messages if m["response"] == "utter_recommend_item"]
    assert "经典正红口红礼盒 四支装" in items


async def test_a_kind_and_a_budget_after_the_bot_asked_for_an_order_number_are_a_wish(shop):
    """ "那褲子呢 200以內" after the return rules asked for a number: trousers for the same man."""
    tracker = make_tracker("那褲子呢 200以內", "inform", slots={"pending_topic": "returns", "recipient": "男朋友"},
                           bot_turn=bot_said("utter_return_policy_general", "utter_ask_order_for_topic"))  # fmt: skip
    dispatcher, _ = await run(ActionHandleInform(), tracker)
    items = [m["name"] for m in dispatcher.messages if m["response"] == "utter_recommend_item"]
    assert items == ["男士弹力修身牛仔裤"]  # ¥199, his; not the women's jeans


async def test_a_kind_that_cannot_be_returned_named_after_the_return_rules_gets_its_own_rule(shop):
    """ "内衣呢" after the general rules asked for an order number: not the number asked again."""
    tracker = make_tracker("内衣呢", "inform", slots={"pending_topic": "returns"}, metadata={},
                           bot_turn=bot_said("utter_return_policy_general", "utter_ask_order_for_topic"))  # fmt: skip
    dispatcher, _ = await run(ActionHandleInform(), tracker)
    assert sent(dispatcher) == ["utter_return_category_not_returnable"] and dispatcher.messages[0]["category"] == "内衣"


@pytest.mark.parametrize("text", ["好的 帮我联系下快递吧", "好的 麻烦快点"])
async def test_yes_with_a_hurry_to_the_person_offered_beside_a_held_up_parcel_queues(shop, store, text):
    """After "…着急的话可以转人工客服为您跟进~" (a courier's exception): "好的 帮我联系下快递吧" got
    "小鹿这边没办法直接催…需要的话小鹿帮您转接好吗?", the same offer again."""
    cid = await store.create_conversation()
    offered = [*bot_said("utter_parcel_exception"), {"event": "slot", "name": "offer", "value": "human"}]
    tracker = make_tracker(text, "affirm", slots={"order_id": "5917730462281148", "offer": "human"}, bot_turn=offered,
                           sender_id=cid)  # fmt: skip
    dispatcher, events = await run(ActionHandleAffirm(), tracker)
    assert paused(events) and "utter_parcel_chase_offer" not in sent(dispatcher), sent(dispatcher)


async def test_an_order_number_with_a_parcel_question_after_the_return_rules_gets_its_parcel(shop):
    """ "我前天买的3790…发货没" after the underwear rule asked for a number got "派送时拒收…申请退款"."""
    tracker = make_tracker("我前天买的3790415528836027发货没", "inform", slots={"pending_topic": "returns"},
                           bot_turn=bot_said("utter_return_category_not_returnable"))  # fmt: skip
    dispatcher, events = await run(ActionHandleInform(), tracker)
    assert sent(dispatcher)[0].startswith("utter_parcel_") and not any("return" in name for name in sent(dispatcher))


async def test_another_order_that_does_not_move_while_photos_are_awaited_gets_its_parcel(shop):
    """ "我那个防晒也好几天没动静了 6049…" while photos of a wrong hoodie are awaited got the photos
    asked for the sunscreen's order."""
    tracker = make_tracker("我那个防晒也好几天没动静了 6049983127756610", "inform",
                           slots={"pending_topic": "order_problem", "order_id": "8702251946638813"},
                           bot_turn=bot_said("utter_order_problem"))  # fmt: skip
    dispatcher, _ = await run(ActionHandleInform(), tracker)
    assert sent(dispatcher)[0].startswith("utter_parcel_"), sent(dispatcher)


@pytest.mark.parametrize("text", ["第二个呢 详细说说", "第二个呢"])
@pytest.mark.parametrize("intent", ["affirm", "inform", "nlu_fallback"])
async def test_the_second_of_two_products_just_shown_is_described_not_acknowledged(shop, text, intent):
    """ "第二个呢 详细说说" right after two running shoes were shown, read as a yes, got "好嘞,还有什么问题"."""
    from tests.actions.trackers import TWO_RUNNING_SHOES_SHOWN

    tracker = make_tracker(
        text,
        intent,
        slots={"last_recommendation": TWO_RUNNING_SHOES_SHOWN},
        bot_turn=bot_said("utter_recommend_item", "utter_recommend_item"),
    )
    dispatcher = CollectingDispatcher()
    from actions.handoff import ActionHandleFailure

    actions = {"affirm": ActionHandleAffirm(), "inform": ActionHandleInform(), "nlu_fallback": ActionHandleFailure()}
    await actions[intent].run(dispatcher, tracker, {})
    assert sent(dispatcher) == ["utter_product_summary"]
    assert dispatcher.messages[0]["name"] == shop.get_product(TWO_RUNNING_SHOES_SHOWN["shown"][1]).name


async def test_two_orders_and_a_return_of_the_one_holding_the_kind_named_is_that_return(shop):
    """ "我有两单 4195… 和 2518… 内衣那单能退吗" read as the numbers given: the bra's rule (the coat's
    order named first would not do either), not both parcels."""
    text = "我有两单 2518864930027745 和 4195528730661347 内衣那单能退吗"
    dispatcher, _ = await run(ActionHandleInform(), make_tracker(text, "inform"))
    assert sent(dispatcher) == ["utter_return_non_returnable"], sent(dispatcher)
    assert "文胸" in dispatcher.messages[0]["product"]


async def test_an_item_missing_told_with_the_number_read_as_the_number_given_is_the_order_problem(shop):
    """ "买的卫衣跟牛仔裤 8702… 裤子没有 就收到一件卫衣" read as inform: photos asked, not "显示已签收"."""
    text = "买的卫衣跟牛仔裤 8702251946638813 裤子没有 就收到一件卫衣"
    dispatcher, _ = await run(ActionHandleInform(), make_tracker(text, "inform"))
    assert sent(dispatcher)[0] == "utter_order_problem_order", sent(dispatcher)


@pytest.mark.parametrize(
    "text,intent",
    [("459能减多少", "goodbye"), ("能用券不", "affirm")],
)
async def test_a_coupon_question_read_as_small_talk_or_a_yes_gets_the_coupons(shop, text, intent):
    """On the trench coat's card (¥459): "459能减多少" read as a goodbye once got "期待您再次光临"."""
    from actions.dialogue import ActionGoodbye

    action = ActionGoodbye() if intent == "goodbye" else ActionHandleAffirm()
    tracker = make_tracker(text, intent, slots={"product_in_focus": "CT-002"}, metadata={})
    dispatcher, _ = await run(action, tracker)
    assert sent(dispatcher) and sent(dispatcher)[0].startswith("utter_promotion"), sent(dispatcher)


async def test_an_order_number_after_where_to_find_it_continues_the_topic_before(shop):
    """A broken backpack strap → photos asked → "订单号在哪看啊" → the number: once that order's
    tracking, the strap forgotten."""
    before = bot_said("utter_order_problem_order") + [user_event("订单号在哪看啊", "ask_order_id")]
    tracker = make_tracker(
        "5263390817724456",
        "inform",
        entities={"order_id": "5263390817724456"},
        history=[("上周买的双肩包背带断了 才背了十来天", "complain")],
        bot_turn=before + bot_said("utter_where_order_id"),
    )
    dispatcher = CollectingDispatcher()
    await ActionHandleInform().run(dispatcher, tracker, {})
    assert sent(dispatcher)[0].startswith("utter_order_problem"), sent(dispatcher)


@pytest.mark.parametrize("answer", ["找到了 6374 4092 1885 6630", "6374409218856630"])
async def test_an_order_number_after_where_to_find_it_following_a_late_refund_is_that_refund(shop, answer):
    """ "退款怎么还没到账啊" → "订单号在哪看啊" → the number got the order's tracking: it is the
    refund of that order (where it shows, a person to check), not where its parcel went."""
    before = bot_said("utter_refund_overdue") + [user_event("订单号在哪看啊", "ask_order_id")]
    tracker = make_tracker(
        answer,
        "inform",
        entities={"order_id": "6374409218856630"},
        history=[("退款怎么还没到账啊", "track_parcel")],
        bot_turn=before + bot_said("utter_where_order_id"),
    )
    dispatcher = CollectingDispatcher()
    await ActionHandleInform().run(dispatcher, tracker, {})
    assert sent(dispatcher) == ["utter_refund_of_order"], sent(dispatcher)
    assert dispatcher.messages[0]["order_id"] == "6374409218856630"


async def test_an_order_number_alone_right_after_a_late_refund_is_that_refund_and_a_yes_queues_it(shop, store):
    """ "退款怎么还没到账啊 都好几天了" → "6051…" got the order's delivery; then "好的 帮我查下"."""
    cid = await store.create_conversation()
    tracker = make_tracker(
        "6051183427769934",
        "inform",
        entities={"order_id": "6051183427769934"},
        bot_turn=[user_event("退款怎么还没到账啊 都好几天了", "track_parcel"), *bot_said("utter_refund_overdue")],
        sender_id=cid,
    )
    dispatcher, events = await run(ActionHandleInform(), tracker)
    assert sent(dispatcher) == ["utter_refund_of_order"], sent(dispatcher)
    offered = [*bot_said("utter_refund_of_order"), *[e for e in events if e.get("name") == "offer"]]
    tracker = make_tracker("好的 帮我查下", "affirm", bot_turn=offered, sender_id=cid)
    dispatcher, events = await run(ActionHandleAffirm(), tracker)
    assert paused(events), sent(dispatcher)
    assert "退款进度核实" in str((await store.list_handoffs())[0])


async def test_an_order_number_with_a_product_named_while_one_product_is_asked_for_is_its_parcel(shop):
    """ "对了 我之前买的面膜2957…发了没" while "哪一款呢?" waited for the gift box's 包装 got the
    mask's 包装."""
    slots = {"pending_topic": "product_info", "asked_attributes": ["包装"]}
    tracker = make_tracker(
        "我之前买的面膜2957730184426609发了没", "inform", entities={"order_id": "2957730184426609"}, slots=slots
    )
    dispatcher = CollectingDispatcher()
    await ActionHandleInform().run(dispatcher, tracker, {})
    assert sent(dispatcher)[0].startswith("utter_parcel"), sent(dispatcher)


async def test_a_fault_that_does_not_move_is_no_parcel_question(shop):
    """ "8702… 拉链拉不动了" while photos are awaited is the fault, not its parcel."""
    tracker = make_tracker("8702251946638813 拉链拉不动了", "inform", slots={"pending_topic": "order_problem"},
                           bot_turn=bot_said("utter_order_problem_order"))  # fmt: skip
    dispatcher, _ = await run(ActionHandleInform(), tracker)
    assert not sent(dispatcher)[0].startswith("utter_parcel_"), sent(dispatcher)


async def test_a_kind_wished_after_the_return_rules_is_recommended_not_an_order_asked(shop):
    """ "那算了 看看电热水壶吧 给我妈用" after the return rules got "麻烦发一下订单号"."""
    slots = {"pending_topic": "returns", "product_in_focus": "AF-001"}
    dispatcher, events = await run(ActionHandleInform(), make_tracker("那算了 看看电热水壶吧 给我妈用", slots=slots))
    shown = [m["name"] for m in dispatcher.messages if m["response"] == "utter_recommend_item"]
    kettles = {p.name for p in shop.list_products("电热水壶")}
    assert shown and set(shown) <= kettles, sent(dispatcher)
    assert {"pending_topic": None}.items() <= {e["name"]: e["value"] for e in events if e["event"] == "slot"}.items()


async def test_a_kind_wished_with_a_budget_on_another_card_is_recommended_not_asked_which(shop):
    """ "再看看鞋子 三百以内 通勤穿" after the dress's questions got "亲想了解哪一款呢?"."""
    slots = {"pending_topic": "product_info", "product_in_focus": "DR-001", "product_card": "DR-001"}
    slots["asked_attributes"] = ["适用场景"]  # 通勤 reads as a use
    answered = bot_said("utter_product_attribute")  # the dress's 裙长
    tracker = make_tracker("再看看鞋子 三百以内 通勤穿", slots=slots, bot_turn=answered)
    dispatcher, _ = await run(ActionHandleInform(), tracker)
    shown = [m for m in dispatcher.messages if m["response"] == "utter_recommend_item"]
    shoes = {p.name: p.price for p in shop.list_products("运动鞋")}
    assert shown and all(shoes.get(m["name"], 999) <= 300 for m in shown), sent(dispatcher)


@pytest.mark.parametrize(
    "text,order_id,cancelled",
    [("那你帮我催一下吧 再不到就真不要了", "4630098125547716", False),  # still wanted, if it comes
     ("算了 不想要了", "4630098125547716", True),
     ("要是还没发货就不要了", "4417062395810264", True)],  # cancelled if it can be
)  # fmt: skip
async def test_not_wanted_only_if_it_does_not_come_is_still_wanted(shop, text, order_id, cancelled):
    tracker = make_tracker(text, "deny", slots={"order_id": order_id}, bot_turn=bot_said("utter_parcel_stalled"))
    dispatcher, _ = await run(ActionHandleDeny(), tracker)
    assert any(name.startswith("utter_cancel_") for name in sent(dispatcher)) == cancelled, sent(dispatcher)


async def test_an_order_number_typed_over_two_messages_is_one_number(shop):
    """ "还有双鞋想退 单号6374 4092" then "1885 6630" got "收到啦亲~ 请问您是想了解哪方面的问题呢?"."""
    from actions.orders import order_ids_in_message

    history = [("还有双鞋想退 单号6374 4092", "ask_return_policy")]
    from tests.actions.trackers import owner_metadata

    owner = owner_metadata("6374409218856630")
    tracker = make_tracker("1885 6630", slots={"pending_topic": "returns"}, history=history, metadata=owner)
    assert order_ids_in_message(tracker) == ["6374409218856630"]
    dispatcher, events = await run(ActionHandleInform(), tracker)
    assert sent(dispatcher)[0].startswith("utter_return_"), sent(dispatcher)
    phone = make_tracker("12345", history=[("我手机号13800138000", "inform")])
    assert order_ids_in_message(phone) == []  # no order number was being typed
    rest = make_tracker("46637128 刚才没打完😅", history=[("订单号是55028199", "inform")])
    assert order_ids_in_message(rest) == ["5502819946637128"]  # the rest, with words after it


async def test_a_bare_start_of_an_order_number_found_as_no_order_joins_the_rest(shop):
    """ "3051729946" alone (ten digits, looked up as no order) then "021837 刚才没打完" got "抱歉让亲不开心了":
    together they are the shopper's order, whose parcel is answered."""
    from actions.orders import order_ids_in_message
    from tests.actions.trackers import owner_metadata

    owner = owner_metadata("3051729946021837")
    history = [("我的裙子到哪了呀", "track_parcel"), ("3051729946", "inform")]
    tracker = make_tracker("021837 刚才没打完", "complain", history=history, metadata=owner)
    assert order_ids_in_message(tracker) == ["3051729946021837"]
    dispatcher, _ = await run(ActionHandleInform(), tracker)
    assert sent(dispatcher)[0].startswith("utter_parcel"), sent(dispatcher)
    # a whole order number of the shopper's before it is no start: the digits after it are not joined
    whole = make_tracker(
        "021837", history=[("5502819946637128", "inform")], metadata=owner_metadata("5502819946637128")
    )
    assert order_ids_in_message(whole) == []


async def test_a_budget_after_a_gift_was_shown_read_as_a_yes_is_the_budget(shop):
    """ "一百来块的就行" right after the power bank was shown got "好的亲~ 请问还有其他可以帮您的吗?"."""
    last = {
        "category": "不限",
        "recipient": "朋友",
        "budget": 1600,
        "budget_min": 0.0,
        "shown": ["PB-001"],
        "needs": [],
    }
    history = [("同事调去外地了 以后经常出差坐飞机 送个啥实用", "request_recommendation")]
    tracker = make_tracker(
        "一百来块的就行",
        "affirm",
        slots={"last_recommendation": last},
        history=history,
        bot_turn=bot_said("utter_recommend_item"),
    )
    dispatcher, _ = await run(ActionHandleAffirm(), tracker)
    assert sent(dispatcher)[0].startswith("utter_recommend_"), sent(dispatcher)


async def given_after_the_return_answer(text):
    """What the bot sends for a message with the down coat's order number, right after another
    order's return answer."""
    dispatcher = CollectingDispatcher()
    said = bot_said("utter_return_eligible", "utter_return_shipping_payer", "utter_return_note")
    tracker = make_tracker(text, "inform", entities={"order_id": "2093347718856642"}, bot_turn=said)
    await ActionHandleInform().run(dispatcher, tracker, {})
    return sent(dispatcher)


async def said_after_the_courier_complaint_answer(text):
    """What the bot sends for a yes-like message right after where to complain about the courier
    (a person offered)."""
    dispatcher = CollectingDispatcher()
    offered = bot_said("utter_courier_complaint") + [{"event": "slot", "name": "offer", "value": "human"}]
    tracker = make_tracker(text, "affirm", slots={"offer": "human"}, bot_turn=offered)
    await ActionHandleAffirm().run(dispatcher, tracker, {})
    return sent(dispatcher)


async def test_another_order_labelled_by_its_kind_after_a_return_answer_gets_its_return(shop):
    """ "羽绒服是2093…" after the trench coat's return answer got the down coat's parcel state."""
    assert (await given_after_the_return_answer("羽绒服是2093347718856642"))[0] == "utter_return_window_passed"


async def test_the_goods_said_fine_beside_the_courier_is_no_yes_to_the_person_offered(shop, store):
    """ "东西倒是没问题 鞋挺好的 就是快递太气人" after the courier complaint answer queued the shopper."""
    said = await said_after_the_courier_complaint_answer("东西倒是没问题 鞋挺好的 就是快递太气人")
    assert said == ["utter_courier_vented"] and await store.list_handoffs() == []


async def test_another_of_the_kind_at_a_price_on_a_card_is_recommended(shop):
    """ "有没有淡一点的 一百多的" on the lipstick box's card was not understood."""
    dispatcher = CollectingDispatcher()
    tracker = make_tracker("有没有淡一点的 一百多的", "inform", metadata={"product": "LS-003"})
    await ActionHandleInform().run(dispatcher, tracker, {})
    shown = [m.get("name") for m in dispatcher.messages if m["response"] == "utter_recommend_item"]
    assert shown and all("口红" in name or "唇膏" in name for name in shown)


async def test_venting_with_a_person_asked_for_is_a_yes_to_the_person(shop, store):
    """ "东西倒是没问题 就是快递太差了 转人工吧" is no venting alone: the person offered is taken."""
    said = await said_after_the_courier_complaint_answer("东西倒是没问题 就是快递太差了 转人工吧")
    assert "utter_courier_vented" not in said and len(await store.list_handoffs()) == 1


async def test_a_cancel_with_a_kind_and_another_order_is_no_label_of_that_order(shop):
    """ "取消羽绒服 2093…" after a return answer names no order by its kind (取消羽绒服 is no kind)."""
    assert "utter_return_window_passed" not in await given_after_the_return_answer("取消羽绒服 2093347718856642")


async def test_an_item_not_wanted_with_a_return_asked_read_as_a_no_is_the_return(shop):
    """ "T恤不要了 能单退T恤吗 还没发货呢" after the invoice's status, read as a no, got "好嘞"."""
    tracker = make_tracker(
        "T恤不要了 能单退T恤吗 还没发货呢",
        "deny",
        slots={"order_id": "5580237714096631"},
        bot_turn=bot_said("utter_invoice_status"),
    )
    dispatcher, _ = await run(ActionHandleDeny(), tracker)
    assert sent(dispatcher) == ["utter_cancel_one_item"], sent(dispatcher)  # the T恤 alone, before dispatch


async def test_an_order_corrected_after_a_refund_answer_with_a_parcel_question_is_its_parcel(shop):
    """ "不对 我问的是6051… 发货了没" right after when refunds come: that order's parcel, not its refund."""
    tracker = make_tracker(
        "不对 我问的是6051183427769934 发货了没",
        "inform",
        entities={"order_id": "6051183427769934"},
        bot_turn=bot_said("utter_refund_time"),
    )
    dispatcher, _ = await run(ActionHandleInform(), tracker)
    assert sent(dispatcher) and sent(dispatcher)[0].startswith("utter_parcel"), sent(dispatcher)
