"""Normalises order numbers in the message text before anything else reads it.

"4417 0623 9581 0264" and full-width digits become one plain number, so that the
regex extractor, the tokenizer and the featurizers all see the same order number
(kefu/patterns.py, the one pattern). Only the NLU's copy of the text changes: the
gateway keeps what the shopper typed in the transcript.
"""

from typing import List

from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.shared.nlu.constants import TEXT
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData

from kefu.patterns import normalise_order_numbers
from kefu_rasa.components import StatelessComponent


@DefaultV1Recipe.register([DefaultV1Recipe.ComponentType.MESSAGE_TOKENIZER], is_trainable=False)
class OrderNumberNormaliser(StatelessComponent):
    def process(self, messages: List[Message]) -> List[Message]:
        for message in messages:
            text = message.get(TEXT)
            if text and not text.startswith("/"):
                message.set(TEXT, normalise_order_numbers(text))
        return messages

    def process_training_data(self, training_data: TrainingData) -> TrainingData:
        self.process(training_data.training_examples)
        return training_data
