"""Cancelling: how, by the parcel's state, and refusing a parcel on its way; never "已取消"."""

from rasa_sdk.executor import CollectingDispatcher

from actions.cancel import ActionAnswerCancel
from actions.handoff import ActionHandleFailure
from tests.actions.trackers import bot_said, make_tracker, sent

PICKED_UP = "2284671903358812"  # 中通 has scanned it
AWAITING_PICKUP = "3790415528836027"  # out of the warehouse, no courier scan yet
NOT_SHIPPED = "4417062395810264"


async def run(action, tracker):
    dispatcher = CollectingDispatcher()
    await action.run(dispatcher, tracker, {})
    return dispatcher


async def test_a_parcel_the_courier_has_is_said_to_be_shipped_with_its_courier_and_number(shop):
    dispatcher = await run(ActionAnswerCancel(), make_tracker(f"{PICKED_UP} 这单也能取消吗", "cancel_order"))
    assert sent(dispatcher) == ["utter_cancel_picked_up"]
    assert dispatcher.messages[0]["courier"] == "中通" and dispatcher.messages[0]["tracking_no"] == "73510091276630"


async def test_a_parcel_out_of_the_warehouse_but_not_picked_up_is_not_called_shipped(shop):
    dispatcher = await run(ActionAnswerCancel(), make_tracker(f"{AWAITING_PICKUP} 想取消", "cancel_order"))
    assert sent(dispatcher) == ["utter_cancel_shipped"]  # "已经从仓库发出", never "已经发货"


async def test_refusing_the_parcel_after_the_intercept_answer_is_answered_not_misunderstood(shop):
    tracker = make_tracker(
        "那我直接拒收行吗",
        "nlu_fallback",
        slots={"order_id": AWAITING_PICKUP},
        bot_turn=bot_said("utter_return_intercept"),
    )
    dispatcher = await run(ActionHandleFailure(), tracker)
    assert sent(dispatcher) == ["utter_cancel_refuse_delivery"]


async def test_refusing_an_order_not_shipped_is_told_to_request_the_refund_instead(shop):
    dispatcher = await run(ActionAnswerCancel(), make_tracker(f"{NOT_SHIPPED} 到时候拒收可以吗", "cancel_order"))
    assert sent(dispatcher) == ["utter_cancel_refuse_unshipped"]


async def test_one_item_of_an_unshipped_order_not_wanted_is_refunded_alone_the_rest_ships(shop):
    """ "里面的T恤我不想要了 能只退T恤不", then "充电宝我还要的 别给我整单取消了啊": both got the
    whole order's refund request."""

    for text in ["里面的T恤我不想要了 能只退T恤不", "充电宝我还要的 别给我整单取消了啊"]:
        tracker = make_tracker(text, "cancel_order", slots={"order_id": "5580237714096631"})
        dispatcher = CollectingDispatcher()
        await ActionAnswerCancel().run(dispatcher, tracker, {})
        assert sent(dispatcher) == ["utter_cancel_one_item"], (text, sent(dispatcher))
        assert "T恤" in dispatcher.messages[0]["item"]
    # the whole order not wanted: the whole order's refund request
    tracker = make_tracker("不想要了 帮我取消", "cancel_order", slots={"order_id": "5580237714096631"})
    dispatcher = CollectingDispatcher()
    await ActionAnswerCancel().run(dispatcher, tracker, {})
    assert sent(dispatcher) == ["utter_cancel_unshipped"]
