"""Folds traditional characters to simplified in the NLU's copy of every message.

Jieba, the lexicons and the featurizers were built from simplified text, so '給我爸買雙鞋'
would otherwise miss 爸 → 爸爸 and the shoe category. Like the order-number normaliser,
only the NLU's copy changes; the transcript keeps what the shopper typed.
"""

from rasa.engine.recipes.default_recipe import DefaultV1Recipe

from kefu.traditional import to_simplified
from kefu_rasa.components import TextNormaliser


@DefaultV1Recipe.register([DefaultV1Recipe.ComponentType.MESSAGE_TOKENIZER], is_trainable=False)
class TraditionalFolding(TextNormaliser):
    def normalise(self, text: str) -> str:
        return to_simplified(text)
