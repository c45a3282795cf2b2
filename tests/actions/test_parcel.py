"""Parcel lookup: the answer follows the parcel's real state; bad numbers are re-asked at most twice."""

import pytest
from rasa_sdk.executor import CollectingDispatcher

from actions.parcel import ActionTrackParcel, ValidateParcelForm
from tests.actions.trackers import make_tracker, sent
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


async def track(order_id):
    dispatcher = CollectingDispatcher()
    events = await ActionTrackParcel().run(
        dispatcher, make_tracker("查下物流", "track_parcel", slots={"order_id": order_id}), {}
    )
    return dispatcher, events


@pytest.mark.parametrize("state,order_id", ORDERS_BY_STATE.items())
async def test_each_parcel_state_gets_its_own_wording(shop, state, order_id):
    dispatcher, events = await track(order_id)
    assert sent(dispatcher) == [f"utter_parcel_{state}"]
    assert events[0]["value"] == state
    assert dispatcher.messages[0]["order_id"] == order_id


async def test_shipped_by_warehouse_but_not_picked_up_is_not_called_shipped(shop):
    dispatcher, _ = await track(ORDERS_BY_STATE["awaiting_pickup"])
    assert sent(dispatcher) == ["utter_parcel_awaiting_pickup"]  # never utter_parcel_picked_up


async def test_in_transit_names_the_latest_event_and_its_time(shop):
    dispatcher, _ = await track(ORDERS_BY_STATE["in_transit"])
    order = shop.get_order(ORDERS_BY_STATE["in_transit"])
    message = dispatcher.messages[0]
    assert message["event"] == order.parcel.latest_event.text
    assert message["time"] == order.parcel.latest_event.at.strftime("%m月%d日 %H:%M")


async def test_a_stalled_parcel_registers_one_chase(shop):
    order_id = ORDERS_BY_STATE["stalled"]
    await track(order_id)
    assert shop.register_chase(order_id, FIXED_NOW) is False  # already registered by the lookup


def validate(value, attempts=0, metadata=None):
    dispatcher = CollectingDispatcher()
    tracker = make_tracker(str(value), "inform", slots={"order_id_attempts": attempts}, metadata=metadata)
    return ValidateParcelForm().validate_order_id(value, dispatcher, tracker, {}), dispatcher


def test_a_known_order_number_inside_a_sentence_is_accepted(shop):
    result, dispatcher = validate("单号是3051729946021837哈")
    assert result == {"order_id": "3051729946021837", "order_id_attempts": 0} and sent(dispatcher) == []


def test_a_malformed_number_is_explained_and_asked_again(shop):
    result, dispatcher = validate("12345")
    assert result == {"order_id": None, "order_id_attempts": 1}
    assert sent(dispatcher) == ["utter_order_id_malformed"]


def test_an_unknown_number_is_named_and_asked_again(shop):
    result, dispatcher = validate("9999999999999999", attempts=1)
    assert result == {"order_id": None, "order_id_attempts": 2}
    assert sent(dispatcher) == ["utter_order_id_unknown"] and dispatcher.messages[0]["order_id"] == "9999999999999999"


def test_the_third_wrong_number_offers_a_person_and_ends_the_form(shop):
    result, dispatcher = validate("9999999999999999", attempts=2)
    assert result == {"order_id": None, "order_id_attempts": 0, "requested_slot": None}
    assert sent(dispatcher) == ["utter_order_id_give_up"]


def test_a_phone_number_is_not_taken_for_an_order_number(shop):
    result, dispatcher = validate("13812345678")
    assert result["order_id"] is None and sent(dispatcher) == ["utter_order_id_malformed"]


def test_a_known_shopper_only_sees_their_own_orders(shop):
    order = shop.get_order("3051729946021837")
    result, _ = validate(order.order_id, metadata={"phone": order.phone})
    assert result["order_id"] == order.order_id
    result, dispatcher = validate(order.order_id, metadata={"phone": "13000000000"})
    assert result["order_id"] is None and sent(dispatcher) == ["utter_order_id_unknown"]
