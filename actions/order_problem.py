"""Wrong, missing or damaged items (report_order_problem): apologise, ask for photos of the item
and the packing slip; the shop reships, exchanges or refunds and pays the shipping. The bot cannot
send items: once a photo is in, a person takes the order and the photos (normal priority).
"""

from typing import Any, Dict, List, Text

from rasa_sdk import Action, Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from actions.handoff import escalate
from actions.orders import answer_for_order
from actions.photos import asked_for_photos
from actions.replies import Reply, previous_responses
from kefu.shop.models import Order

PHOTO_REASON = "发错/少发/破损(已发照片)"


def order_problem_replies(order: Order) -> List[Reply]:
    return [("utter_order_problem_order", {"order_id": order.order_id})]


class ActionAnswerOrderProblem(Action):
    def name(self) -> Text:
        return "action_answer_order_problem"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> List[Dict[Text, Any]]:
        if "utter_photo_received" in previous_responses(tracker):  # the photo came first: hand both over
            return [SlotSet("awaiting_photos", None)] + await escalate(
                dispatcher, tracker, "none", [PHOTO_REASON], "utter_photo_to_human", pause=False
            )
        ask = [("utter_order_problem", {}), ("utter_ask_order_for_topic", {})]
        events = answer_for_order(dispatcher, tracker, "order_problem", order_problem_replies, ask)
        return events + [SlotSet("awaiting_photos", True)]


class ActionReceivePhoto(Action):
    """A photo after a reported problem goes to a person with the order; otherwise the bot asks
    what it shows."""

    def name(self) -> Text:
        return "action_receive_photo"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> List[Dict[Text, Any]]:
        if not tracker.get_slot("awaiting_photos") and not asked_for_photos(tracker):
            dispatcher.utter_message(response="utter_photo_received")
            return []
        return [SlotSet("awaiting_photos", None)] + await escalate(
            dispatcher, tracker, "none", [PHOTO_REASON], "utter_photo_to_human", pause=False
        )
