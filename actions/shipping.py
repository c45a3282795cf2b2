"""Shipping time (ask_shipping_time): from policy and the clock, never a date promise."""

from datetime import datetime
from typing import Any, Dict, List, Optional, Text

from rasa_sdk import Action, Tracker
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from actions import services
from actions.orders import lookup_order
from actions.parcel import STATE_RESPONSES
from actions.replies import Reply, send
from kefu.shop.models import Order
from kefu.shop.parcel_state import ParcelState, parcel_facts
from kefu.shop.policy import ShopPolicy


def general_shipping_replies(policy: ShopPolicy, now: datetime, region: Optional[str] = None) -> List[Reply]:
    cutoff = policy.dispatch_cutoff.strftime("%H:%M")
    if policy.promotion_active(now):
        first = (
            "utter_shipping_promotion",
            {"promotion": policy.promotion_name, "handling_days": policy.promotion_handling_days},
        )
    elif now.weekday() >= 5 and not policy.weekend_dispatch:
        first = ("utter_shipping_weekend", {})
    elif now.time() < policy.dispatch_cutoff:
        first = ("utter_shipping_before_cutoff", {"cutoff": cutoff})
    else:
        first = ("utter_shipping_after_cutoff", {"cutoff": cutoff})
    replies = [
        first,
        (
            "utter_shipping_delivery_time",
            {"transit_days": policy.transit_days, "free_shipping": f"{policy.free_shipping_threshold:g}"},
        ),
    ]
    if region:
        replies.append(("utter_shipping_region", {"region": region}))
    return replies


def order_shipping_replies(order: Order, policy: ShopPolicy, now: datetime) -> List[Reply]:
    state, values = parcel_facts(order, policy, now)
    if state == ParcelState.NOT_SHIPPED:
        return [("utter_shipping_order_pending", values)]
    return [(STATE_RESPONSES[state], values)]


class ActionAnswerShippingTime(Action):
    def name(self) -> Text:
        return "action_answer_shipping_time"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> List[Dict[Text, Any]]:
        policy = services.shop().policy
        now = services.now()
        # Only an order named in this very message: a general question gets a general answer.
        order = lookup_order(next(tracker.get_latest_entity_values("order_id"), None), tracker)
        if order:
            replies = order_shipping_replies(order, policy, now)
        else:
            region = next(tracker.get_latest_entity_values("region"), None)
            replies = general_shipping_replies(policy, now, region)
        send(dispatcher, replies)
        return []
