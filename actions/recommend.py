"""Needs discovery (request_recommendation): ask category, recipient and budget, recommend at most two."""
import re
from functools import lru_cache
from typing import Any, Dict, List, Optional, Text

from rasa_sdk import Action, FormValidationAction, Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from actions.clock import shop_now
from actions.shop import get_backend
from actions.shop.models import Product
from kefu_nlu.lexicon import canonical_lookup, load_lexicons

RECOMMEND_SLOTS = ("product_category", "recipient", "budget")
CHINESE_DIGITS = {"零": 0, "一": 1, "二": 2, "两": 2, "俩": 2, "三": 3, "四": 4, "五": 5,
                  "六": 6, "七": 7, "八": 8, "九": 9}
CHINESE_UNITS = {"十": 10, "百": 100, "千": 1000, "万": 10000}
ARABIC_AMOUNT = re.compile(r"(\d+(?:\.\d+)?)\s*([kK千wW万]?)")
CHINESE_AMOUNT = re.compile(r"[零一二两俩三四五六七八九十百千万]+")


@lru_cache(maxsize=None)
def lexicon(label: str) -> Dict[str, str]:
    return canonical_lookup(load_lexicons(), label)


def canonical(label: str, text: str) -> Optional[str]:
    """The canonical lexicon value named in `text` (longest surface form wins)."""
    text = str(text).lower()
    for surface in sorted(lexicon(label), key=len, reverse=True):
        if surface in text:
            return lexicon(label)[surface]
    return None


def chinese_number(text: str) -> Optional[int]:
    """'三百五' -> 350, '两千' -> 2000, '五百' -> 500."""
    total, current, last_unit = 0, 0, 1
    for char in text:
        if char in CHINESE_DIGITS:
            current = CHINESE_DIGITS[char]
        elif char in CHINESE_UNITS:
            unit = CHINESE_UNITS[char]
            total += (current or 1) * unit
            current, last_unit = 0, unit
    if current:  # '三百五' means 350: a trailing digit counts in the next lower unit
        total += current * (last_unit // 10 if last_unit >= 100 else 1)
    return total or None


def parse_budget(text: Any) -> Optional[int]:
    """The upper amount in yuan from '300以内', '1k', '两百左右', '¥500'."""
    text = str(text)
    match = ARABIC_AMOUNT.search(text)
    if match:
        amount = float(match.group(1))
        amount *= {"k": 1000, "K": 1000, "千": 1000, "w": 10000, "W": 10000, "万": 10000}.get(match.group(2), 1)
        return int(amount) if amount > 0 else None
    match = CHINESE_AMOUNT.search(text)
    return chinese_number(match.group(0)) if match else None


def choose_products(products: List[Product], budget: int, recipient: Optional[str],
                    max_items: int) -> List[Product]:
    """Within budget; made for the recipient first, then the best the budget allows."""
    affordable = [p for p in products if p.price <= budget]
    return sorted(affordable, key=lambda p: (recipient not in p.recipients, -p.price))[:max_items]


class ValidateRecommendForm(FormValidationAction):
    def name(self) -> Text:
        return "validate_recommend_form"

    def validate_product_category(self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker,
                                  domain: DomainDict) -> Dict[Text, Any]:
        categories = get_backend().categories()
        category = canonical("product_category", value)
        if category not in categories:
            dispatcher.utter_message(response="utter_category_unknown", categories="、".join(categories[:8]))
            return {"product_category": None}
        return {"product_category": category}

    def validate_recipient(self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker,
                           domain: DomainDict) -> Dict[Text, Any]:
        recipient = canonical("recipient", value) or str(value).strip()[:12]
        return {"recipient": recipient or None}

    def validate_budget(self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker,
                        domain: DomainDict) -> Dict[Text, Any]:
        budget = parse_budget(value)
        if budget is None:
            dispatcher.utter_message(response="utter_budget_invalid")
            return {"budget": None}
        return {"budget": str(budget)}


class ActionRecommendProducts(Action):
    def name(self) -> Text:
        return "action_recommend_products"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                  domain: DomainDict) -> List[Dict[Text, Any]]:
        category, recipient, budget = (tracker.get_slot(slot) for slot in RECOMMEND_SLOTS)
        if not (category and budget):
            return []
        backend = get_backend()
        policy = backend.policy
        chosen = choose_products(backend.list_products(category), int(budget), recipient,
                                 policy.recommend_max_items)
        if not chosen:
            dispatcher.utter_message(response="utter_recommend_none", budget=budget, category=category)
            return [SlotSet("budget", None)]
        for product in chosen:
            dispatcher.utter_message(response="utter_recommend_item", name=product.name,
                                     price=f"{product.price:g}", reason=product.reason)
        related = next((backend.get_product(sku) for product in chosen for sku in product.related
                        if sku not in {p.sku for p in chosen}), None)
        if related:
            dispatcher.utter_message(response="utter_recommend_related", name=related.name,
                                     price=f"{related.price:g}")
        if category in policy.size_sensitive_categories:
            dispatcher.utter_message(response="utter_recommend_size_note")
        if policy.promotion_active(shop_now(policy)):
            dispatcher.utter_message(response="utter_recommend_promotion", promotion=policy.promotion_name)
        return [SlotSet(slot, None) for slot in RECOMMEND_SLOTS]
