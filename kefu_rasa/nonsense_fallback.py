"""Keyboard mashing and bare punctuation become `nlu_fallback`, whatever DIET guessed.

Placed after the intent classifier, like the fallback classifier: the bot then says it did
not understand (and counts the turn as unhelpful) instead of answering a confident guess.
"""

from typing import List

from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.shared.nlu.constants import TEXT
from rasa.shared.nlu.training_data.message import Message

from kefu.nonsense import is_nonsense
from kefu_rasa.components import StatelessComponent, route_intent

FALLBACK = "nlu_fallback"


@DefaultV1Recipe.register([DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER], is_trainable=False)
class NonsenseFallback(StatelessComponent):
    def process(self, messages: List[Message]) -> List[Message]:
        for message in messages:
            if is_nonsense(message.get(TEXT) or ""):
                route_intent(message, FALLBACK)
        return messages
