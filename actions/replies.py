"""A reply is a response name from domain.yml and the values for its placeholders.

Some responses offer the shopper a person (they carry the 转人工 / 不用了 buttons);
sending one records the offer in the `offer` slot, so that a following "好的" or
"不用了" answers it (actions/dialogue.py).
"""

from typing import Any, Dict, List, Optional, Tuple, Union

from rasa_sdk import Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher

from kefu.shop.policy import ShopPolicy

Reply = Tuple[str, Dict[str, Any]]

RETURN_ANSWER = "utter_" + "return_"  # the start of the returns answers' names
PROMOTION_ANSWER = "utter_" + "promotion"  # the start of the coupon and promotion answers' names
# The answers to "帮我取消订单" (actions/cancel.py): what a cancel needs, never done.
CANCEL_ANSWERS = frozenset(
    {
        "utter_cancel_unshipped",
        "utter_cancel_shipped",
        "utter_cancel_picked_up",
        "utter_cancel_delivered",
        "utter_cancel_refuse_delivery",
        "utter_cancel_refuse_unshipped",
    }
)
OFFERS_A_PERSON = frozenset(
    {
        "utter_skin_reaction_mild",
        "utter_person_wait",
        "utter_person_what_now",
        "utter_reship_time_no_photos",
        "utter_reship_no_photos",
        "utter_cancel_steps",
        "utter_parcel_why_slow",
        "utter_price_protect_refusal_holds",
        "utter_return_window_holds",
        "utter_parcel_pickup_overdue",
        "utter_dispatch_chase_registered",
        "utter_order_id_give_up",
        "utter_delivered_not_received",
        "utter_parcel_stalled",
        "utter_parcel_not_shipped_overdue",
        "utter_parcel_exception",
        "utter_followup_exception",
        "utter_followup_stalled",
        "utter_price_protect_to_human",
        "utter_invoice_already_requested",
        "utter_invoice_change_registered",
        "utter_invoice_detail_change_registered",
        "utter_invoice_one_per_order",
        "utter_photos_cannot",
        "utter_return_intercept",
        "utter_low_risk_apology",
        "utter_product_attribute_unknown",
        "utter_promotion_unusable",
        "utter_address_after_dispatch",
        "utter_return_refusal_holds",
        "utter_return_special_price_why",
        "utter_courier_phone_unknown",
        "utter_courier_complaint",
        "utter_missed_courier_call",
        "utter_orders_not_merged",
        "utter_refund_progress_where",
        "utter_refund_check_offer",
        "utter_refund_of_order",
        "utter_not_received_next",
        "utter_not_received_still",
        "utter_change_variant",
        "utter_order_problem_unshipped",
        "utter_deadline_held_up",
        "utter_parcel_chase_offer",
        "utter_parcel_chase_registered",
        "utter_parcel_lost",
    }
)


# Parcel answers that end by offering a person, and their words for a shopper queued already.
WITHOUT_THE_OFFER = {  # spelled out: tests/e2e/test_rasa_data.py looks for each response's name in the code
    "utter_parcel_stalled": "utter_parcel_stalled_queued",
    "utter_parcel_exception": "utter_parcel_exception_queued",
    "utter_parcel_pickup_overdue": "utter_parcel_pickup_overdue_queued",
    "utter_parcel_not_shipped_overdue": "utter_parcel_not_shipped_overdue_queued",
    "utter_parcel_lost": "utter_parcel_lost_queued",
}


# What an accepted offer of a person is about, for the ticket's reasons (the agent sees at once
# what to do, not only "顾客接受转人工").
OFFER_TOPICS = {
    "utter_invoice_already_requested": "修改发票信息",
    "utter_invoice_change_registered": "修改发票信息",
    "utter_invoice_detail_change_registered": "修改发票信息",
    "utter_invoice_one_per_order": "同一订单再开一张发票",
    "utter_price_protect_to_human": "价保差价",
    "utter_price_protect_refusal_holds": "价保差价",
    "utter_delivered_not_received": "显示签收未收到",
    "utter_not_received_next": "显示签收未收到",
    "utter_not_received_still": "显示签收未收到",
    "utter_parcel_stalled": "物流停滞",
    "utter_parcel_lost": "物流停滞,顾客担心丢件",
    "utter_followup_stalled": "物流停滞",
    "utter_parcel_exception": "物流异常",
    "utter_followup_exception": "物流异常",
    "utter_parcel_pickup_overdue": "超时未揽收",
    "utter_parcel_not_shipped_overdue": "超时未发货",
    "utter_parcel_chase_offer": "催件",
    "utter_parcel_chase_registered": "催件",
    "utter_dispatch_chase_registered": "催发货",
    "utter_address_after_dispatch": "改派或拦截",
    "utter_return_intercept": "改派或拦截",
    "utter_change_variant": "修改颜色或尺码",
    "utter_order_problem_unshipped": "修改颜色或尺码",
    "utter_product_attribute_unknown": "商品信息确认",
    "utter_promotion_unusable": "优惠券不可用",
    "utter_return_window_holds": "超过退换期限",
    "utter_return_refusal_holds": "不支持退换",
    "utter_refund_check_offer": "退款进度核实",
    "utter_refund_of_order": "退款进度核实",
}


def offer_topic(tracker: Tracker) -> Optional[str]:
    """What the person offered in the bot's last two turns was for, or None."""
    return next((OFFER_TOPICS[name] for name in reversed(responses_within(tracker, 2)) if name in OFFER_TOPICS), None)


def previous_responses(tracker: Tracker) -> List[str]:
    """The response names the bot sent in its turn just before the latest message."""
    return responses_within(tracker, 1)[::-1]


def answered_with(tracker: Tracker, prefixes: Union[str, Tuple[str, ...]], turns: int = 1) -> bool:
    """Did one of the bot's last `turns` turns send a response whose name starts with `prefixes`
    (the start of a topic's answer names, such as the returns answers)?"""
    return any(name.startswith(prefixes) for name in responses_within(tracker, turns))


def previous_texts(tracker: Tracker) -> List[str]:
    """What the bot said in its turn just before the latest message, in order."""
    return [event.get("text") or "" for event in bot_events_within(tracker, 1)][::-1]


def responses_within(tracker: Tracker, turns: int) -> List[str]:
    """The response names the bot sent in its last `turns` turns before the latest message
    (newest first)."""
    names = ((event.get("metadata") or {}).get("utter_action") for event in bot_events_within(tracker, turns))
    return [name for name in names if name]


def bot_events_within(tracker: Tracker, turns: int) -> List[Dict[str, Any]]:
    """The bot's messages in its last `turns` turns before the latest message (newest first)."""
    found, users_seen = [], 0
    for event in reversed(tracker.events):
        if event.get("event") == "user":
            users_seen += 1
            if users_seen > turns:
                break
        elif users_seen >= 1 and event.get("event") == "bot":
            found.append(event)
    return found


def shopper_texts(tracker: Tracker) -> List[str]:
    """What the shopper wrote, first to last, as typed."""
    return [event.get("text") or "" for event in tracker.events if event.get("event") == "user"]


def queued_for_a_person(tracker: Tracker) -> bool:
    """Asked while the shopper waits for a person (the gateway's message metadata `queued`):
    answers leave out their own offer of one."""
    return bool((tracker.latest_message.get("metadata") or {}).get("queued"))


def offer_events(responses: List[str]) -> List[Dict[str, Any]]:
    """SlotSet(offer) when one of `responses` offered a person, else nothing."""
    return [SlotSet("offer", "human")] if OFFERS_A_PERSON.intersection(responses) else []


def send(dispatcher: CollectingDispatcher, replies: List[Reply]) -> List[Dict[str, Any]]:
    """Sends the replies; returns the events that record an offer among them."""
    for response, values in replies:
        dispatcher.utter_message(response=response, **values)
    return offer_events([response for response, _ in replies])


def invoice_lead_time(policy: ShopPolicy) -> Reply:
    """When an invoice is issued (after receipt, the usual working days) and where it goes."""
    return ("utter_invoice_when", {"lead_days": policy.invoice_lead_days})


def invoice_format(policy: ShopPolicy) -> Reply:
    """Electronic or paper, in the shop's own words (policy.yml `invoice.format`)."""
    return ("utter_invoice_format", {"invoice_format": policy.invoice_format})


def return_recipient(policy: ShopPolicy) -> Reply:
    """Who receives a return and at which phone: both are in the return address."""
    return ("utter_return_recipient", {"return_address": policy.return_address})


def return_note(policy: ShopPolicy) -> Reply:
    """Where a return goes and what the parcel must carry (账号、姓名、手机号、原因)."""
    return ("utter_return_note", {"return_address": policy.return_address})
