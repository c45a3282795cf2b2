"""Keyboard mashing and bare punctuation become `nlu_fallback`, whatever DIET guessed.

Placed after the intent classifier, like the fallback classifier: the bot then says it did
not understand (and counts the turn as unhelpful) instead of answering a confident guess.
"""

from typing import List

from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.shared.nlu.constants import INTENT, INTENT_RANKING_KEY, TEXT
from rasa.shared.nlu.training_data.message import Message

from kefu.nonsense import is_nonsense
from kefu_rasa.components import StatelessComponent

FALLBACK = "nlu_fallback"


@DefaultV1Recipe.register([DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER], is_trainable=False)
class NonsenseFallback(StatelessComponent):
    def process(self, messages: List[Message]) -> List[Message]:
        for message in messages:
            if is_nonsense(message.get(TEXT) or ""):
                routed = {"name": FALLBACK, "confidence": 1.0}
                ranking = [routed] + [r for r in message.get(INTENT_RANKING_KEY, []) if r.get("name") != FALLBACK]
                message.set(INTENT, routed, add_to_output=True)
                message.set(INTENT_RANKING_KEY, ranking, add_to_output=True)
        return messages
