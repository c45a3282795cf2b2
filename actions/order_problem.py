"""Wrong, missing or damaged items (report_order_problem): apologise, ask for photos of the item
and the packing slip; the shop reships, exchanges or refunds and pays the shipping."""

from typing import Any, Dict, List, Text

from rasa_sdk import Action, Tracker
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from actions.orders import answer_for_order
from actions.replies import Reply
from kefu.shop.models import Order


def order_problem_replies(order: Order) -> List[Reply]:
    return [("utter_order_problem_order", {"order_id": order.order_id})]


class ActionAnswerOrderProblem(Action):
    def name(self) -> Text:
        return "action_answer_order_problem"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> List[Dict[Text, Any]]:
        ask = [("utter_order_problem", {}), ("utter_ask_order_for_topic", {})]
        return answer_for_order(dispatcher, tracker, "order_problem", order_problem_replies, ask)
