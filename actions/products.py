"""Product questions (ask_product_info): the named product's page price; right after a
recommendation, what the person likes narrows it ("他平时爱跑步"); otherwise where details are,
with a person offered. (Attributes such as 材质 or 尺码 are the shop-topics issue.)
"""

from typing import Any, Dict, List, Text

from rasa_sdk import Action, Tracker
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from actions.prices import answer_price
from actions.recommend import RECOMMEND_SLOTS, narrowed_wishes, recommend


class ActionAnswerProductInfo(Action):
    def name(self) -> Text:
        return "action_answer_product_info"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> List[Dict[Text, Any]]:
        if answer_price(dispatcher, tracker):
            return []
        wishes = narrowed_wishes(tracker)
        if wishes:  # "他平时爱跑步" right after a recommendation
            category, recipient, budget, budget_min = (wishes[slot] for slot in RECOMMEND_SLOTS)
            last = tracker.get_slot("last_recommendation")
            return recommend(dispatcher, category, recipient, int(budget), budget_min, last)
        dispatcher.utter_message(response="utter_product_info_generic")
        return []
