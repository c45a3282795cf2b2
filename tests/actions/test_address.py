"""Address changes: the bot never changes an order; it collects a whole new address before
dispatch and hands it to a person, and explains 改派/拦截 after dispatch."""

import pytest
from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher

from actions.address import ActionAnswerChangeAddress
from actions.dialogue import ActionHandleInform
from tests.actions.trackers import bot_said, make_tracker, sent, user_event

UNSHIPPED, IN_TRANSIT, DELIVERED = "6203918847561023", "3051729946021837", "3927716640582219"
NEW_ADDRESS = "浙江省杭州市西湖区文三路100号 张三 13812345678"


async def run(action, text, intent="change_address", slots=None):
    dispatcher = CollectingDispatcher()
    events = await action.run(dispatcher, make_tracker(text, intent, slots=slots), {})
    return dispatcher, {e["name"]: e["value"] for e in events if e["event"] == "slot"}, events


async def test_without_an_order_the_number_is_asked_and_a_late_number_answers(shop):
    dispatcher, slots, _ = await run(ActionAnswerChangeAddress(), "地址写错了 能改吗")
    assert sent(dispatcher) == ["utter_address_ask_order"] and slots["pending_topic"] == "address"
    dispatcher, slots, _ = await run(ActionHandleInform(), UNSHIPPED, "inform", {"pending_topic": "address"})
    assert sent(dispatcher) == ["utter_address_ask_new"]
    assert slots["pending_topic"] == "new_address"  # the next message is read as the new address


async def test_a_whole_new_address_goes_to_a_person_with_the_order_and_the_bot_stays(shop, store):
    cid = await store.create_conversation()
    slots = {"pending_topic": "new_address", "order_id": UNSHIPPED}
    dispatcher = CollectingDispatcher()
    events = await ActionHandleInform().run(
        dispatcher, make_tracker(NEW_ADDRESS, "inform", slots=slots, sender_id=cid), {}
    )
    assert sent(dispatcher) == ["utter_address_handed_over"]
    # A task for a person: the shopper may go on asking the bot until an agent takes the chat.
    assert not any(e["event"] == "pause" for e in events)
    conv = await store.get_conversation(cid)
    assert conv["mode"] == "queued" and conv["bot_answers"] == "1"
    [ticket] = await store.list_handoffs()
    assert ticket["order_id"] == UNSHIPPED and "修改收货地址" in ticket["reasons"]
    assert "文三路100号" in ticket["summary"] and ticket["priority"] == 1


async def test_an_incomplete_address_names_what_is_missing_and_keeps_waiting(shop, store):
    slots = {"pending_topic": "new_address", "order_id": UNSHIPPED}
    dispatcher, slots, _ = await run(ActionHandleInform(), "浙江省杭州市西湖区文三路100号 张三", "inform", slots)
    assert sent(dispatcher) == ["utter_address_incomplete"] and dispatcher.messages[0]["missing"] == "电话"
    assert slots["pending_topic"] == "new_address"
    assert await store.list_handoffs() == []


async def test_after_dispatch_the_courier_is_the_way_and_a_person_is_offered(shop):
    dispatcher, slots, _ = await run(ActionAnswerChangeAddress(), f"{IN_TRANSIT} 地址能改吗")
    assert sent(dispatcher) == ["utter_address_after_dispatch"]
    assert slots["offer"] == "human" and slots["pending_topic"] == "new_address"  # for 改派


async def test_a_new_address_for_a_parcel_on_its_way_goes_to_a_person_for_the_couriers_redirect(shop, store):
    """ "改到北京市海淀区…" after the 改派 answer got the shipping times for 北京."""
    cid = await store.create_conversation()
    slots = {"pending_topic": "new_address", "order_id": IN_TRANSIT}
    tracker = make_tracker("改到北京市海淀区中关村大街1号 李明 13901087766", "inform", slots=slots, sender_id=cid)
    dispatcher = CollectingDispatcher()
    await ActionHandleInform().run(dispatcher, tracker, {})
    assert sent(dispatcher) == ["utter_address_redirect_handed_over"]
    [ticket] = await store.list_handoffs()
    assert ticket["reasons"] == ["快递改派到新地址"] and "中关村大街1号" in ticket["summary"]


async def test_a_delivered_order_cannot_change(shop):
    dispatcher, _, _ = await run(ActionAnswerChangeAddress(), f"{DELIVERED} 改地址")
    assert sent(dispatcher) == ["utter_address_delivered"]


async def test_the_order_and_the_address_in_one_message_go_straight_to_a_person(shop, store):
    dispatcher, _, _ = await run(ActionAnswerChangeAddress(), f"{UNSHIPPED} 地址改成 {NEW_ADDRESS}")
    assert sent(dispatcher) == ["utter_address_handed_over"]
    assert len(await store.list_handoffs()) == 1


@pytest.mark.parametrize("intent", ["ask_invoice", "ask_courier"])
async def test_the_asked_for_address_is_taken_whatever_the_nlu_thought_it_was(shop, store, intent):
    """ "广东省深圳市南山区…" read as an invoice or courier question is still the new address."""
    from actions.couriers import ActionAnswerCourier
    from actions.invoice import ActionExplainInvoice

    action = ActionExplainInvoice() if intent == "ask_invoice" else ActionAnswerCourier()
    slots = {"pending_topic": "new_address", "order_id": UNSHIPPED}
    dispatcher, slots, _ = await run(action, "广东省深圳市南山区粤海街道科技园路1号", intent, slots)
    assert sent(dispatcher) == ["utter_address_incomplete"] and "电话" in dispatcher.messages[0]["missing"]
    assert slots["pending_topic"] == "new_address" and slots.get("invoice_requested") in (None, True)


async def test_the_missing_parts_sent_next_complete_the_address_on_the_ticket(shop, store):
    incomplete = bot_said("utter_address_incomplete")
    tracker = make_tracker(
        "王凯 17688902345",
        "inform",
        slots={"pending_topic": "new_address", "order_id": UNSHIPPED},
        history=[("广东省深圳市南山区粤海街道科技园路1号", "inform")],
        bot_turn=incomplete,
    )
    dispatcher = CollectingDispatcher()
    await ActionHandleInform().run(dispatcher, tracker, {})
    assert sent(dispatcher) == ["utter_address_handed_over"]
    [ticket] = await store.list_handoffs()
    assert "科技园路1号" in ticket["summary"] and "17688902345" in ticket["summary"]


async def test_a_corrected_address_reaches_the_ticket_the_agent_copies_from(shop, store):
    cid = await store.create_conversation()
    slots = {"pending_topic": "new_address", "order_id": UNSHIPPED}
    for address in (NEW_ADDRESS, "浙江省杭州市西湖区文三路200号 张三 13812345678"):
        tracker = make_tracker(address, "inform", slots=slots, sender_id=cid)
        await ActionHandleInform().run(CollectingDispatcher(), tracker, {})
    [ticket] = await store.list_handoffs()
    assert ticket["summary"].rstrip().endswith("文三路200号 张三 13812345678")


async def test_a_threat_after_the_address_was_handed_over_makes_that_ticket_urgent_and_waits(shop, store):
    from actions.handoff import ActionAssessRisk

    cid = await store.create_conversation()
    slots = {"pending_topic": "new_address", "order_id": UNSHIPPED}
    await ActionHandleInform().run(
        CollectingDispatcher(), make_tracker(NEW_ADDRESS, "inform", slots=slots, sender_id=cid), {}
    )
    angry = make_tracker("这么久还没人改 我去12315投诉你们", "complain", slots={"order_id": UNSHIPPED}, sender_id=cid)
    dispatcher = CollectingDispatcher()
    events = await ActionAssessRisk().run(dispatcher, angry, {})
    assert sent(dispatcher) == ["utter_calm_escalate"] and any(e["event"] == "pause" for e in events)
    [ticket] = await store.list_handoffs()  # still one ticket, now urgent and with both reasons
    assert ticket["level"] == "critical" and ticket["reasons"][0] == "修改收货地址"
    assert "向监管部门投诉" in ticket["reasons"]
    conv = await store.get_conversation(cid)
    assert conv["mode"] == "queued" and "bot_answers" not in conv  # the bot is paused now


HANDED_OVER = bot_said("utter_address_handed_over")


def slot_event(name, value):
    return {"event": "slot", "name": name, "value": value}


def after_the_hand_over(text, intent, cid="test-shopper"):
    """`text` right after NEW_ADDRESS went to a person."""
    return make_tracker(text, intent, slots={"order_id": UNSHIPPED}, history=[(NEW_ADDRESS, "inform")],
                        bot_turn=HANDED_OVER, sender_id=cid)  # fmt: skip


@pytest.mark.parametrize("intent", ["change_address", "inform"])
async def test_asked_what_was_recorded_the_bot_repeats_the_address_it_handed_over(shop, intent):
    """ "你记的新地址是啥 我核对下" once got "请把新的 省+市+区…一次发给小鹿" again."""
    action = ActionAnswerChangeAddress() if intent == "change_address" else ActionHandleInform()
    dispatcher = CollectingDispatcher()
    await action.run(dispatcher, after_the_hand_over("你记的新地址是啥 我核对下", intent), {})
    assert sent(dispatcher) == ["utter_address_recorded"]
    assert dispatcher.messages[0]["address"] == NEW_ADDRESS


@pytest.mark.parametrize("intent", ["complain", "ask_shipping_time"])
async def test_asked_when_it_is_done_the_bot_says_a_person_tells_them_here(shop, store, intent):
    """ "改好了告诉我一声哈" once opened a second, complaint hand-over."""
    from actions.handoff import ActionAssessRisk
    from actions.shipping import ActionAnswerShippingTime

    action = ActionAssessRisk() if intent == "complain" else ActionAnswerShippingTime()
    dispatcher = CollectingDispatcher()
    events = await action.run(dispatcher, after_the_hand_over("改好了告诉我一声哈", intent), {})
    assert sent(dispatcher) == ["utter_address_when"] and not any(e["event"] == "pause" for e in events)
    assert await store.list_handoffs() == []


async def test_a_forgotten_detail_after_the_hand_over_joins_the_ticket(shop, store):
    cid = await store.create_conversation()
    slots = {"pending_topic": "new_address", "order_id": UNSHIPPED}
    await ActionHandleInform().run(
        CollectingDispatcher(), make_tracker(NEW_ADDRESS, "inform", slots=slots, sender_id=cid), {}
    )
    dispatcher = CollectingDispatcher()
    await ActionHandleInform().run(dispatcher, after_the_hand_over("门牌号是2单元1203 刚才漏了", "inform", cid), {})
    assert sent(dispatcher) == ["utter_address_detail_added"]
    # the shopper sees the address with the detail, as the person will
    assert "文三路100号" in dispatcher.messages[0]["address"] and "2单元1203" in dispatcher.messages[0]["address"]
    assert "漏了" not in dispatcher.messages[0]["address"]  # the detail, not the chat around it
    [ticket] = await store.list_handoffs()
    assert "2单元1203" in ticket["summary"] and "文三路100号" in ticket["summary"]


async def test_an_address_given_before_the_order_number_is_not_asked_for_again(shop, store):
    """ "刚下的单地址选错了 要寄到北京市…" (read as a shipping question to Beijing): the order number is
    asked; once it comes, that address goes to a person, not "请把新的…发给小鹿"."""
    from actions.shipping import ActionAnswerShippingTime

    told = f"刚下的单地址选错了 要寄到{NEW_ADDRESS}"
    dispatcher, slots, _ = await run(ActionAnswerShippingTime(), told, "ask_shipping_time")
    assert sent(dispatcher) == ["utter_address_ask_order"] and slots["pending_topic"] == "address"
    cid = await store.create_conversation()
    tracker = make_tracker(
        UNSHIPPED, "inform", slots={"pending_topic": "address"}, history=[(told, "ask_shipping_time")], sender_id=cid
    )
    dispatcher = CollectingDispatcher()
    await ActionHandleInform().run(dispatcher, tracker, {})
    assert sent(dispatcher) == ["utter_address_handed_over"]
    [ticket] = await store.list_handoffs()
    assert ticket["order_id"] == UNSHIPPED and "文三路100号" in ticket["summary"]


async def test_the_address_sent_before_is_taken_when_the_shopper_points_at_it(shop, store):
    """ "刚才不是发给你了吗 就上面那个" while the new address is awaited: the address above."""
    from actions.parcel import ActionTrackParcel

    history = [(NEW_ADDRESS, "ask_shipping_time"), (UNSHIPPED, "inform")]
    slots = {"pending_topic": "new_address", "order_id": UNSHIPPED}
    cid = await store.create_conversation()
    tracker = make_tracker("刚才不是发给你了吗 就上面那个", "track_parcel", slots=slots, history=history, sender_id=cid)
    dispatcher = CollectingDispatcher()
    await ActionTrackParcel().run(dispatcher, tracker, {})
    assert sent(dispatcher) == ["utter_address_handed_over"]


async def test_an_order_number_with_a_change_and_the_address_read_as_a_parcel_question_is_the_change(shop, store):
    from actions.parcel import ActionTrackParcel

    cid = await store.create_conversation()
    tracker = make_tracker(f"{UNSHIPPED}改地址 {NEW_ADDRESS}", "track_parcel", sender_id=cid)
    dispatcher = CollectingDispatcher()
    await ActionTrackParcel().run(dispatcher, tracker, {})
    assert sent(dispatcher) == ["utter_address_handed_over"]


async def test_intercepting_then_a_new_address_after_dispatch_is_a_redirect_for_a_person(shop, store):
    """ "地址能改吗 我搬家了" (after dispatch) → "能帮我拦截吗" → the new address: the courier's
    interception is explained, then the address goes to a person for the 改派."""
    from actions.cancel import ActionAnswerCancel

    said = bot_said("utter_address_after_dispatch")
    tracker = make_tracker("能帮我拦截吗", "cancel_order", slots={"order_id": IN_TRANSIT}, bot_turn=said)
    dispatcher = CollectingDispatcher()
    await ActionAnswerCancel().run(dispatcher, tracker, {})
    assert sent(dispatcher) == ["utter_return_intercept"]
    cid = await store.create_conversation()
    said = said + [{"event": "user", "text": "能帮我拦截吗"}, *bot_said("utter_return_intercept")]
    tracker = make_tracker(NEW_ADDRESS, "inform", slots={"order_id": IN_TRANSIT}, bot_turn=said, sender_id=cid)
    dispatcher = CollectingDispatcher()
    await ActionHandleInform().run(dispatcher, tracker, {})
    assert sent(dispatcher) == ["utter_address_redirect_handed_over"]


async def test_when_the_order_ships_asked_after_the_hand_over_is_its_shipping_answer(shop):
    """ "那大概什么时候发" after the new address went to a person asks about the parcel: the usual
    handling days of the unshipped order, not "同事接手后会尽快处理"."""
    from actions.shipping import ActionAnswerShippingTime

    dispatcher = CollectingDispatcher()
    await ActionAnswerShippingTime().run(dispatcher, after_the_hand_over("那大概什么时候发", "ask_shipping_time"), {})
    assert "utter_address_when" not in sent(dispatcher) and sent(dispatcher), sent(dispatcher)
    assert dispatcher.messages[0]["order_id"] == UNSHIPPED


async def test_asked_to_be_told_when_it_is_done_in_other_words_the_same(shop):
    """ "弄好了跟我说声哈", read as a yes, once got "好嘞,还有什么问题随时告诉小鹿哦"."""
    from actions.dialogue import ActionHandleAffirm

    dispatcher = CollectingDispatcher()
    await ActionHandleAffirm().run(dispatcher, after_the_hand_over("弄好了跟我说声哈", "affirm"), {})
    assert sent(dispatcher) == ["utter_address_when"]


async def test_another_orders_parcel_asked_mid_address_is_answered_and_the_address_resumed(shop, store):
    """ "对了我那个吹风机到哪了 9036…" after "新地址还少了:收件人、电话" once got the same "还少了"
    reply (then "这个的答案和小鹿上面说的一样"). Now the parcel is answered and stays in focus ("那
    明天能到吗" is about it), and the rest of the address still goes to a person with its first
    part, for the order it was asked for. The events are in Rasa's order: each order number's
    slot event follows the message that named it."""
    from actions.parcel import ActionTrackParcel

    part, dryer = "广东省深圳市南山区科技园南路18号创业大厦1202", "9036618274450193"
    asked = [user_event(UNSHIPPED, "inform"), slot_event("order_id", UNSHIPPED), *bot_said("utter_address_ask_new"),
             user_event(part, "inform"), *bot_said("utter_address_incomplete")]  # fmt: skip
    waiting = {"order_id": UNSHIPPED, "pending_topic": "new_address"}

    def tracker(text, intent, turns, order_id):
        """`text` after `turns`; an order number in it is put in focus by the slot mapping."""
        named = [slot_event("order_id", order_id)] if order_id in text else []
        state = make_tracker(text, intent, slots={**waiting, "order_id": order_id}).current_state()
        return Tracker.from_dict({**state, "events": [*turns, user_event(text, intent), *named]})

    dispatcher = CollectingDispatcher()
    question = f"对了我那个吹风机到哪了 {dryer}"
    events = await ActionTrackParcel().run(dispatcher, tracker(question, "track_parcel", asked, dryer), {})
    assert sent(dispatcher)[0].startswith("utter_parcel") and sent(dispatcher)[-1] == "utter_address_still_awaited"
    assert dispatcher.messages[0]["order_id"] == dryer and dispatcher.messages[-1]["order_id"] == UNSHIPPED
    slots_after = {e["name"]: e["value"] for e in events if e.get("event") == "slot"}
    assert slots_after["order_id"] == dryer and slots_after["pending_topic"] == "new_address"
    answered = [*asked, user_event(question, "track_parcel"), slot_event("order_id", dryer),
                *bot_said("utter_parcel_awaiting_pickup", "utter_address_still_awaited"),
                slot_event("order_id", dryer)]  # fmt: skip
    # "那明天能到吗": about the hair dryer, not the order whose address is awaited
    dispatcher = CollectingDispatcher()
    await ActionTrackParcel().run(dispatcher, tracker("那明天能到吗", "track_parcel", answered, dryer), {})
    assert dispatcher.messages[0].get("order_id") == dryer, (sent(dispatcher), dispatcher.messages)
    # the rest of the address
    dispatcher = CollectingDispatcher()
    events = await ActionHandleInform().run(dispatcher, tracker("王先生 17688902345", "inform", answered, dryer), {})
    assert sent(dispatcher) == ["utter_address_handed_over"]
    [ticket] = await store.list_handoffs()
    assert "科技园南路18号" in ticket["summary"] and "17688902345" in ticket["summary"]
    assert ticket["order_id"] == UNSHIPPED
    assert {"event": "slot", "timestamp": None, "name": "order_id", "value": UNSHIPPED} in events


async def test_the_address_sent_in_two_parts_is_read_back_whole_not_asked_again(shop):
    """ "你记的新地址是啥 念一下" after "…科苑路15号 王凯" (phone missing) and "电话17688902345" (handed
    over) once got "新地址还少了:电话" again."""
    part = "广东省深圳市南山区粤海街道科苑路15号 王凯"
    turns = [*bot_said("utter_address_ask_new"), user_event(part, "inform"), *bot_said("utter_address_incomplete"),
             user_event("电话17688902345", "inform"), *bot_said("utter_address_handed_over")]  # fmt: skip
    tracker = make_tracker("你记的新地址是啥 念一下", "change_address", slots={"order_id": UNSHIPPED}, bot_turn=turns)
    dispatcher = CollectingDispatcher()
    await ActionAnswerChangeAddress().run(dispatcher, tracker, {})
    assert sent(dispatcher) == ["utter_address_recorded"]
    assert dispatcher.messages[0]["address"] == f"{part} 电话17688902345"


async def test_where_a_return_goes_asked_as_an_address_is_the_return_address(shop):
    """ "那我自己这单 寄回地址是哪" got "麻烦发一下要修改地址的订单号"."""
    dispatcher = CollectingDispatcher()
    tracker = make_tracker("那我自己这单 寄回地址是哪", "change_address", slots={"order_id": DELIVERED})
    await ActionAnswerChangeAddress().run(dispatcher, tracker, {})
    assert "utter_return_note" in sent(dispatcher) and not any("address_ask" in name for name in sent(dispatcher))


@pytest.mark.parametrize(
    "text, return_address",
    [("那我寄回去 地址多少", True), ("地址写错了 寄回来重新发吧", False)],  # 寄回来: back to the shopper
)
async def test_sending_it_back_asked_after_a_quality_answer_is_the_return_address_alone(shop, text, return_address):
    dispatcher = CollectingDispatcher()
    turn = bot_said("utter_return_quality", "utter_return_quality_evidence", "utter_return_note")
    tracker = make_tracker(text, "change_address", slots={"order_id": "6374409218856630"}, bot_turn=turn)
    await ActionAnswerChangeAddress().run(dispatcher, tracker, {})
    assert (sent(dispatcher) == ["utter_return_note"]) == return_address


async def test_an_address_sent_after_the_courier_found_it_unclear_goes_to_a_person(shop, store):
    """ "地址是江苏省南京市…" right after "收件地址不详" (the bot had not asked for it) got the shipping
    times to 江苏."""
    stuck = "5917730462281148"
    told = [
        {
            "event": "bot",
            "text": "抱歉亲,…【南京市】收件地址不详,派送员多次联系收件人未接通",
            "metadata": {"utter_action": "utter_parcel_exception"},
        }
    ]
    tracker = make_tracker(
        "地址是江苏省南京市鼓楼区中山北路200号3栋502 陈敏 15850671239",
        "inform",
        slots={"order_id": stuck},
        bot_turn=told,
    )
    dispatcher = CollectingDispatcher()
    await ActionHandleInform().run(dispatcher, tracker, {})
    assert sent(dispatcher) == ["utter_address_redirect_handed_over"]


async def test_a_new_address_said_to_be_sent_is_the_address_not_the_return_address(shop, store):
    """ "6203…这单地址发错了 改成…" once got the shop's return address ("地址发" read as where to return)."""
    dispatcher = CollectingDispatcher()
    text = "6203918847561023这单地址发错了 改成浙江省杭州市西湖区文三路100号 张三 13812345678"
    await ActionAnswerChangeAddress().run(dispatcher, make_tracker(text, "change_address"), {})
    assert "utter_return_note" not in sent(dispatcher) and sent(dispatcher)[0].startswith("utter_address")


async def test_a_number_corrected_after_a_returns_answer_gets_that_answer_not_the_address_change(shop):
    """ "哦不对 单号输错了 是3927…" right after the returns answer for another order, read as an
    address change: the returns answer for the number corrected."""
    answered = bot_said("utter_return_window_passed")
    text = f"哦不对 单号输错了 是{DELIVERED}"
    tracker = make_tracker(text, "change_address", slots={"order_id": "5263390817724456"}, bot_turn=answered)
    dispatcher = CollectingDispatcher()
    await ActionAnswerChangeAddress().run(dispatcher, tracker, {})
    assert sent(dispatcher)[0].startswith("utter_return_") and dispatcher.messages[0]["order_id"] == DELIVERED


async def test_asked_when_a_redirect_is_done_the_courier_decides(shop, store):
    """ "大概多久能改好啊" after the new address of a parcel on its way went to a person: the
    courier decides whether and when, not "改好后订单详情里的地址会更新"."""
    from actions.handoff import ActionAssessRisk

    redirected = bot_said("utter_address_redirect_handed_over")
    tracker = make_tracker("大概多久能改好啊", "complain", slots={"order_id": IN_TRANSIT},
                           history=[(NEW_ADDRESS, "inform")], bot_turn=redirected)  # fmt: skip
    dispatcher = CollectingDispatcher()
    await ActionAssessRisk().run(dispatcher, tracker, {})
    assert sent(dispatcher) == ["utter_address_redirect_when"]


async def test_the_missing_part_of_the_new_address_not_understood_completes_it(shop, store):
    """ "收件人唐糖 18628093451" after "新地址还少了:电话", under the fallback threshold, got
    "这句小鹿没看明白": with the first part it makes the whole address, which goes to a person."""
    from actions.handoff import ActionHandleFailure

    part = "四川省成都市武侯区天府大道北段1700号"
    asked = [user_event(UNSHIPPED, "inform"), slot_event("order_id", UNSHIPPED), *bot_said("utter_address_ask_new"),
             user_event(part, "inform"), *bot_said("utter_address_incomplete")]  # fmt: skip
    text = "收件人唐糖 18628093451"
    state = make_tracker(text, "nlu_fallback", slots={"order_id": UNSHIPPED, "pending_topic": "new_address"})
    tracker = Tracker.from_dict({**state.current_state(), "events": [*asked, user_event(text, "nlu_fallback")]})
    dispatcher = CollectingDispatcher()
    await ActionHandleFailure().run(dispatcher, tracker, {})
    assert sent(dispatcher) == ["utter_address_handed_over"]
    [ticket] = await store.list_handoffs()
    assert part in ticket["summary"] and "18628093451" in ticket["summary"]


@pytest.mark.parametrize("intent", ["inform", "nlu_fallback"])
async def test_the_rest_of_an_address_told_before_the_number_of_a_sent_order_goes_to_a_person(shop, store, intent):
    """ "地址选错了 要寄到上海市…李丽收", the number (sent already: 改派 explained), then "电话138…"
    got "麻烦发一下订单号": the whole address goes to a person for the courier's 改派."""
    from actions.handoff import ActionHandleFailure

    told = "地址选错了 要寄到上海市浦东新区张江路88号 李丽收"
    turns = [user_event(told, "change_address"), *bot_said("utter_address_ask_order"),
             user_event(f"{IN_TRANSIT} 这单", "inform"), *bot_said("utter_address_after_dispatch")]  # fmt: skip
    tracker = make_tracker("电话13812345678", intent, slots={"order_id": IN_TRANSIT}, bot_turn=turns)
    action = ActionHandleInform() if intent == "inform" else ActionHandleFailure()
    dispatcher = CollectingDispatcher()
    await action.run(dispatcher, tracker, {})
    assert sent(dispatcher) == ["utter_address_redirect_handed_over"]
    [ticket] = await store.list_handoffs()
    assert "张江路88号" in ticket["summary"] and "13812345678" in ticket["summary"]


async def test_after_the_address_told_in_two_pieces_went_over_it_is_read_back_whole(shop):
    told = "地址选错了 要寄到上海市浦东新区张江路88号 李丽收"
    turns = [user_event(told, "change_address"), *bot_said("utter_address_ask_order"),
             user_event(f"{IN_TRANSIT} 这单", "inform"), *bot_said("utter_address_after_dispatch"),
             user_event("电话13812345678", "inform"), *bot_said("utter_address_redirect_handed_over")]  # fmt: skip
    tracker = make_tracker("你记的新地址是啥", "change_address", slots={"order_id": IN_TRANSIT}, bot_turn=turns)
    dispatcher = CollectingDispatcher()
    await ActionAnswerChangeAddress().run(dispatcher, tracker, {})
    assert sent(dispatcher) == ["utter_address_recorded"]
    assert "张江路88号" in dispatcher.messages[0]["address"] and "13812345678" in dispatcher.messages[0]["address"]


@pytest.mark.parametrize("text", ["快递单号多少", "你记的新地址是啥 我核对下"])
async def test_a_question_after_a_whole_address_went_over_does_not_hand_it_over_again(shop, store, text):
    """ "快递单号多少" right after "上海市浦东新区张江路500弄3号101 李丽 138…" went to a person got
    "新地址已经记下" again."""
    from actions.parcel import ActionTrackParcel

    address = "上海市浦东新区张江路500弄3号101 李丽 13812345678"
    turns = [user_event(f"亲 {IN_TRANSIT} 地址能改吗 我搬家了", "change_address"),
             *bot_said("utter_address_after_dispatch"), user_event(address, "inform"),
             *bot_said("utter_address_redirect_handed_over")]  # fmt: skip
    tracker = make_tracker(text, "track_parcel", slots={"order_id": IN_TRANSIT}, bot_turn=turns)
    dispatcher = CollectingDispatcher()
    await ActionTrackParcel().run(dispatcher, tracker, {})
    assert "utter_address_redirect_handed_over" not in sent(dispatcher) and await store.list_handoffs() == []


async def test_a_friends_order_named_for_an_address_change_is_not_found_not_asked_for_again(shop):
    # kevin_w's chat names an order of another account: nothing of it is shown, and no "发一下订单号"
    dispatcher = CollectingDispatcher()
    tracker = make_tracker(
        "帮我朋友看下这单 3927716640582219 能改地址不", "change_address", metadata={"account": "kevin_w"}
    )
    await ActionAnswerChangeAddress().run(dispatcher, tracker, {})
    assert sent(dispatcher) == ["utter_order_id_unknown"]


async def test_a_price_change_read_as_an_address_change_gets_the_price_answer(shop):
    """ "那你帮我改个价 改成249我就拍" on a card, read as change_address, got the login prompt for an
    order's address."""
    dispatcher = CollectingDispatcher()
    tracker = make_tracker("那你帮我改个价 改成249我就拍", "change_address", metadata={})
    await ActionAnswerChangeAddress().run(dispatcher, tracker, {})
    assert sent(dispatcher) == ["utter_promotion_no_bargain"]


@pytest.mark.parametrize(
    "text, action, intent, order_id, response",
    [
        # "我想改个地址 送到公司去" on a parcel on its way got where couriers leave parcels
        ("我想改个地址 送到公司去", "actions.address.ActionAnswerChangeAddress", "change_address",
         "3051729946021837", "utter_address_after_dispatch"),
        # "我3368…这单 想改寄到新疆给我儿子" (read as inform) got the order's dispatch
        ("我3368120957742681这单 想改寄到新疆给我儿子", "actions.dialogue.ActionHandleInform", "inform",
         "3368120957742681", "utter_address_ask_new"),
    ],
)  # fmt: skip
async def test_an_address_change_said_with_where_to_send_it_is_an_address_change(
    shop, text, action, intent, order_id, response
):
    import importlib

    module, name = action.rsplit(".", 1)
    turn = [{"event": "slot", "name": "order_id", "value": order_id}]
    tracker = make_tracker(text, intent, slots={"order_id": order_id}, bot_turn=turn)
    dispatcher = CollectingDispatcher()
    await getattr(importlib.import_module(module), name)().run(dispatcher, tracker, {})
    assert sent(dispatcher) == [response], sent(dispatcher)


async def test_a_new_address_sent_in_three_pieces_goes_to_a_person_whole(shop, store):
    """The street, then "收件人王凯", then "17688902345" alone: the third piece got "麻烦发一下订单号"
    (only the piece before the last "还少了" was kept)."""
    cid = await store.create_conversation()
    order = "6203918847561023"
    turns = [
        user_event(order, "inform"),
        {"event": "slot", "name": "order_id", "value": order},
        *bot_said("utter_address_ask_new"),
        user_event("广东省深圳市南山区 粤海街道科技南十二路18号", "inform"),
        *bot_said("utter_address_incomplete"),
        user_event("收件人王凯", "inform"),
        *bot_said("utter_address_incomplete"),
    ]
    slots = {"order_id": order, "pending_topic": "new_address"}
    tracker = make_tracker("17688902345", "inform", slots=slots, bot_turn=turns, sender_id=cid)
    dispatcher = CollectingDispatcher()
    await ActionHandleInform().run(dispatcher, tracker, {})
    assert sent(dispatcher) == ["utter_address_handed_over"], sent(dispatcher)
    [ticket] = await store.list_handoffs()
    assert all(part in ticket["summary"] for part in ("科技南十二路18号", "王凯", "17688902345"))


async def test_a_change_taken_back_is_not_read_as_the_new_address(shop, store):
    """Right after the 改派 answer, "不改了" with the city the parcel goes to anyway is no new
    address: nothing is said missing from it, nothing goes to a person."""
    from actions.shipping import ActionAnswerShippingTime

    slots = {"pending_topic": "new_address", "order_id": "4893307152264918"}
    text = "那算了 不改了 啥时候到北京"
    tracker = make_tracker(text, "ask_shipping_time", slots=slots, bot_turn=bot_said("utter_address_after_dispatch"))
    dispatcher = CollectingDispatcher()
    await ActionAnswerShippingTime().run(dispatcher, tracker, {})
    assert sent(dispatcher) and "utter_address_incomplete" not in sent(dispatcher), sent(dispatcher)
    assert await store.list_handoffs() == []


@pytest.mark.parametrize(
    "text",
    [
        "8814527730961245 颜色拍错了 能改吗",
        "8814527730961245 尺码选错了 帮我改下",
        "8814527730961245 颜色拍错了 能换吗",
    ],
)
async def test_a_colour_or_size_picked_wrong_is_no_address_change(shop, text):
    """ "颜色拍错了 能改吗" asked for the new 省+市+区+详细地址."""
    dispatcher = CollectingDispatcher()
    events = await ActionAnswerChangeAddress().run(dispatcher, make_tracker(text, "change_address"), {})
    assert sent(dispatcher) == ["utter_change_variant"], sent(dispatcher)
    assert {"event": "slot", "timestamp": None, "name": "offer", "value": "human"} in events  # "好的" next is a yes


async def test_a_phone_number_to_change_is_still_the_address(shop):
    dispatcher = CollectingDispatcher()
    await ActionAnswerChangeAddress().run(
        dispatcher, make_tracker("8814527730961245 收件人电话号码改一下", "change_address"), {}
    )
    assert "utter_change_variant" not in sent(dispatcher)


async def test_maybe_a_wrong_address_is_no_bargain(shop):
    """ "地址可能少写了门牌号 能改吗" after the stalled parcel's answer got "没办法单独改价": 可能少 held 能少."""
    slots = {"order_id": "5917730462281148"}  # stalled at the courier's: 收件地址不详
    dispatcher = CollectingDispatcher()
    await ActionAnswerChangeAddress().run(
        dispatcher, make_tracker("地址可能少写了门牌号 能改吗", "change_address", slots=slots), {}
    )
    assert sent(dispatcher) == ["utter_address_after_dispatch"]
