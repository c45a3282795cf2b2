"""Parcel lookup (track_parcel): wording follows the parcel's real state."""

from typing import Any, Dict, List, Text

from rasa_sdk import Action, FormValidationAction, Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from actions import services
from actions.orders import lookup_order, validate_order_id_value
from kefu.shop.parcel_state import ParcelState, parcel_facts

STATE_RESPONSES = {
    ParcelState.NOT_SHIPPED: "utter_parcel_not_shipped",
    ParcelState.AWAITING_PICKUP: "utter_parcel_awaiting_pickup",
    ParcelState.PICKED_UP: "utter_parcel_picked_up",
    ParcelState.IN_TRANSIT: "utter_parcel_in_transit",
    ParcelState.STALLED: "utter_parcel_stalled",
    ParcelState.DELIVERED: "utter_parcel_delivered",
    ParcelState.EXCEPTION: "utter_parcel_exception",
}


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
        now = services.now()
        state, values = parcel_facts(order, services.shop().policy, now)
        if state == ParcelState.STALLED:
            services.shop().register_chase(order.order_id, now)
        dispatcher.utter_message(response=STATE_RESPONSES[state], **values)
        return [SlotSet("parcel_state", state.value)]
