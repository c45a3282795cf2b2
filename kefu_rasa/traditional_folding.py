"""Folds traditional characters to simplified in the NLU's copy of every message.

Jieba, the lexicons and the featurizers were built from simplified text, so '給我爸買雙鞋'
would otherwise miss 爸 → 爸爸 and the shoe category. Like the order-number normaliser,
only the NLU's copy changes; the transcript keeps what the shopper typed.
"""

from typing import List

from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.shared.nlu.constants import TEXT
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData

from kefu.traditional import to_simplified
from kefu_rasa.components import StatelessComponent


@DefaultV1Recipe.register([DefaultV1Recipe.ComponentType.MESSAGE_TOKENIZER], is_trainable=False)
class TraditionalFolding(StatelessComponent):
    def process(self, messages: List[Message]) -> List[Message]:
        for message in messages:
            text = message.get(TEXT)
            if text and not text.startswith("/"):
                message.set(TEXT, to_simplified(text))
        return messages

    def process_training_data(self, training_data: TrainingData) -> TrainingData:
        self.process(training_data.training_examples)
        return training_data
