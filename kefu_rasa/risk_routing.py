"""Routes high-risk messages to `complain`, whatever topic they are about.

"发票再不开我就去12315投诉" reads like an invoice question to DIET, and the rules
would answer it as one. The risk rules (actions/risk.py, data/risk.yml) see the
threat, so this component, placed after the intent classifier, makes `complain`
the intent; the original prediction stays in the intent ranking. The complaint
rule then runs action_assess_risk, which escalates. Explicit requests for a
person keep their intent (they escalate anyway); one the classifier read as another
topic ("有没有喘气的来一个", "zhuan ren gong") becomes `request_human`.
"""

from typing import List

from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.shared.nlu.constants import INTENT, TEXT
from rasa.shared.nlu.training_data.message import Message

from kefu.risk import asks_for_a_person, assess_message
from kefu_rasa.components import StatelessComponent, route_intent

KEEP = ("complain", "request_human")


@DefaultV1Recipe.register([DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER], is_trainable=False)
class RiskRouting(StatelessComponent):
    def process(self, messages: List[Message]) -> List[Message]:
        for message in messages:
            intent = message.get(INTENT) or {}
            text = message.get(TEXT) or ""
            if intent.get("name") in KEEP or not text or text.startswith("/"):
                continue
            if assess_message(text).escalate:
                route_intent(message, "complain")
            elif asks_for_a_person(text):
                route_intent(message, "request_human")
        return messages
