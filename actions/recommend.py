"""Needs discovery (request_recommendation): ask category, recipient and budget, recommend at most two."""

from typing import Any, Dict, List, Optional, Text

from rasa_sdk import Action, FormValidationAction, Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from actions import services
from kefu.budget import parse_budget
from kefu.lexicon import canonical
from kefu.shop.models import Product

RECOMMEND_SLOTS = ("product_category", "recipient", "budget")


def choose_products(products: List[Product], budget: int, recipient: Optional[str], max_items: int) -> List[Product]:
    """Within budget; made for the recipient first, then the best the budget allows."""
    affordable = [p for p in products if p.price <= budget]
    return sorted(affordable, key=lambda p: (recipient not in p.recipients, -p.price))[:max_items]


class ValidateRecommendForm(FormValidationAction):
    def name(self) -> Text:
        return "validate_recommend_form"

    def validate_product_category(
        self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> Dict[Text, Any]:
        categories = services.shop().categories()
        category = canonical("product_category", value)
        if category not in categories:
            dispatcher.utter_message(response="utter_category_unknown", categories="、".join(categories[:8]))
            return {"product_category": None}
        return {"product_category": category}

    def validate_recipient(
        self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> Dict[Text, Any]:
        recipient = canonical("recipient", value) or str(value).strip()[:12]
        return {"recipient": recipient or None}

    def validate_budget(
        self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> Dict[Text, Any]:
        budget = parse_budget(value)
        if budget is None:
            dispatcher.utter_message(response="utter_budget_invalid")
            return {"budget": None}
        return {"budget": str(budget)}


class ActionRecommendProducts(Action):
    def name(self) -> Text:
        return "action_recommend_products"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> List[Dict[Text, Any]]:
        category, recipient, budget = (tracker.get_slot(slot) for slot in RECOMMEND_SLOTS)
        if not (category and budget):
            return []
        backend = services.shop()
        policy = backend.policy
        chosen = choose_products(backend.list_products(category), int(budget), recipient, policy.recommend_max_items)
        if not chosen:
            dispatcher.utter_message(response="utter_recommend_none", budget=budget, category=category)
            return [SlotSet("budget", None)]
        for product in chosen:
            dispatcher.utter_message(
                response="utter_recommend_item", name=product.name, price=f"{product.price:g}", reason=product.reason
            )
        related = next(
            (
                backend.get_product(sku)
                for product in chosen
                for sku in product.related
                if sku not in {p.sku for p in chosen}
            ),
            None,
        )
        if related:
            dispatcher.utter_message(response="utter_recommend_related", name=related.name, price=f"{related.price:g}")
        if category in policy.size_sensitive_categories:
            dispatcher.utter_message(response="utter_recommend_size_note")
        if policy.promotion_active(services.now()):
            dispatcher.utter_message(response="utter_recommend_promotion", promotion=policy.promotion_name)
        return [SlotSet(slot, None) for slot in RECOMMEND_SLOTS]
