"""Returns and price protection (ask_return_policy), general or for one order."""

from datetime import datetime
from typing import Any, Dict, List, Optional, Text

from rasa_sdk import Action, Tracker
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from actions import services
from actions.orders import item_for_message, order_from_message_or_slot
from actions.replies import Reply, send
from kefu.shop.backend import ShopBackend
from kefu.shop.models import Order, OrderItem
from kefu.shop.policy import ShopPolicy


def mentions(text: str, words) -> bool:
    return any(word in text for word in words)


def days_since(moment: datetime, now: datetime) -> int:
    return max(0, (now - moment).days)


def general_return_replies(policy: ShopPolicy) -> List[Reply]:
    return [
        (
            "utter_return_policy_general",
            {
                "window": policy.return_window_days,
                "non_returnable": "、".join(policy.non_returnable_categories),
            },
        ),
        ("utter_return_insurance_hint", {}),
    ]


def order_return_replies(
    order: Order, item: OrderItem, policy: ShopPolicy, now: datetime, quality_problem: bool
) -> List[Reply]:
    values = {
        "order_id": order.order_id,
        "product": item.name,
        "category": item.category,
        "window": policy.return_window_days,
    }
    if order.delivered_at is None:
        return [("utter_return_not_delivered", values)]
    days = days_since(order.delivered_at, now)
    values["days"] = days
    evidence = [("utter_return_quality_evidence", {})]
    if days > policy.return_window_days:
        return [("utter_return_window_passed", values)]
    if item.flash_sale and not quality_problem:
        return [("utter_return_special_price", values)]
    if item.category in policy.non_returnable_categories and not quality_problem:
        return [("utter_return_non_returnable", values)]
    replies = [("utter_return_eligible", values), ("utter_return_shipping_payer", {}), ("utter_return_note", {})]
    return replies + evidence if quality_problem else replies


def price_protection_replies(
    order: Optional[Order], item: Optional[OrderItem], backend: ShopBackend, now: datetime
) -> List[Reply]:
    policy = backend.policy
    if order is None or item is None or order.delivered_at is None:
        return [("utter_price_protect_general", {"days": policy.price_protection_days})]
    values = {"order_id": order.order_id, "product": item.name, "days": policy.price_protection_days}
    if item.flash_sale:
        return [("utter_price_protect_flash_sale", values)]
    if days_since(order.delivered_at, now) > policy.price_protection_days:
        return [("utter_price_protect_expired", values)]
    product = backend.get_product(item.sku)
    difference = round(item.price_paid - product.price, 2) if product else 0
    if difference <= 0:
        return [("utter_price_protect_no_drop", values)]
    values["difference"] = f"{difference:g}"
    if difference > policy.price_protection_bot_limit:
        return [("utter_price_protect_to_human", values)]
    return [("utter_price_protect_ok", values)]


class ActionAnswerReturnPolicy(Action):
    def name(self) -> Text:
        return "action_answer_return_policy"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> List[Dict[Text, Any]]:
        backend = services.shop()
        policy = backend.policy
        now = services.now()
        text = tracker.latest_message.get("text") or ""
        order = order_from_message_or_slot(tracker)
        item = item_for_message(order, tracker) if order else None
        if mentions(text, policy.price_protection_words):
            replies = price_protection_replies(order, item, backend, now)
        elif order is None:
            replies = general_return_replies(policy)
        else:
            replies = order_return_replies(order, item, policy, now, mentions(text, policy.quality_problem_words))
        send(dispatcher, replies)
        return []
