"""What the two forms share: when a message is an answer to the form's question at all.

A form that takes any text as the answer swallows complaints, requests for a person and
questions about something else; Rasa 3.6 only leaves a form when its validation fills no
slot. So free text counts as an answer only when the message is not about another topic
and names no order number (a parcel question mid-form names one).
"""

from rasa_sdk import Tracker

from actions.orders import order_ids_in_message

OTHER_TOPICS = (
    "track_parcel",
    "ask_shipping_time",
    "ask_return_policy",
    "request_recommendation",
    "cancel_order",
    "report_order_problem",
    "ask_product_info",
    "request_human",
    "complain",
    "bot_challenge",
    "greet",
    "goodbye",
)


def answers_question(slot: str, tracker: Tracker, order_slot: bool = False) -> bool:
    """The latest message is the shopper's answer to the form's question for `slot`."""
    intent = (tracker.latest_message.get("intent") or {}).get("name")
    if tracker.get_slot("requested_slot") != slot or intent in OTHER_TOPICS:
        return False
    return order_slot or not order_ids_in_message(tracker)
