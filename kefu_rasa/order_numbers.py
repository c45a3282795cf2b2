"""Normalises order numbers in the message text before anything else reads it.

"4417 0623 9581 0264" and full-width digits become one plain number, so that the
regex extractor, the tokenizer and the featurizers all see the same order number
(kefu/patterns.py, the one pattern). Only the NLU's copy of the text changes: the
gateway keeps what the shopper typed in the transcript.
"""

from rasa.engine.recipes.default_recipe import DefaultV1Recipe

from kefu.patterns import normalise_order_numbers
from kefu_rasa.components import TextNormaliser


@DefaultV1Recipe.register([DefaultV1Recipe.ComponentType.MESSAGE_TOKENIZER], is_trainable=False)
class OrderNumberNormaliser(TextNormaliser):
    def normalise(self, text: str) -> str:
        return normalise_order_numbers(text)
