"""Parcel lookup (track_parcel): wording follows the parcel's real state."""
from typing import Any, Dict, List, Text, Tuple

from rasa_sdk import Action, FormValidationAction, Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from actions.clock import shop_now
from actions.orders import lookup_order, validate_order_id_value
from actions.shop import get_backend
from actions.shop.models import Order
from actions.shop.parcel_state import ParcelState, parcel_state
from actions.shop.policy import ShopPolicy

TIME_FORMAT = "%m月%d日 %H:%M"

STATE_RESPONSES = {
    ParcelState.NOT_SHIPPED: "utter_parcel_not_shipped",
    ParcelState.AWAITING_PICKUP: "utter_parcel_awaiting_pickup",
    ParcelState.PICKED_UP: "utter_parcel_picked_up",
    ParcelState.IN_TRANSIT: "utter_parcel_in_transit",
    ParcelState.STALLED: "utter_parcel_stalled",
    ParcelState.DELIVERED: "utter_parcel_delivered",
    ParcelState.EXCEPTION: "utter_parcel_exception",
}


def parcel_answer(order: Order, policy: ShopPolicy, now) -> Tuple[ParcelState, str, Dict[str, Any]]:
    """The state, the response to send and its values."""
    state = parcel_state(order, now, policy.stalled_after_hours)
    values: Dict[str, Any] = {"order_id": order.order_id}
    if state == ParcelState.NOT_SHIPPED:
        values["handling_days"] = (
            policy.promotion_handling_days if policy.promotion_active(now) else policy.handling_days
        )
    else:
        parcel = order.parcel
        values.update(courier=parcel.courier, tracking_no=parcel.tracking_no)
        latest = parcel.latest_event
        if latest:
            values.update(time=latest.at.astimezone(policy.tz).strftime(TIME_FORMAT), event=latest.text)
    return state, STATE_RESPONSES[state], values


class ValidateParcelForm(FormValidationAction):
    def name(self) -> Text:
        return "validate_parcel_form"

    def validate_order_id(
        self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> Dict[Text, Any]:
        return validate_order_id_value(value, dispatcher, tracker)


class ActionTrackParcel(Action):
    def name(self) -> Text:
        return "action_track_parcel"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> List[Dict[Text, Any]]:
        order = lookup_order(tracker.get_slot("order_id"), tracker)
        if order is None:
            return []  # the form already explained and offered a person
        backend = get_backend()
        now = shop_now(backend.policy)
        state, response, values = parcel_answer(order, backend.policy, now)
        if state == ParcelState.STALLED:
            backend.register_chase(order.order_id, now)
        dispatcher.utter_message(response=response, **values)
        return [SlotSet("parcel_state", state.value)]
