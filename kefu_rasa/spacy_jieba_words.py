"""A spaCy component that teaches Jieba the lexicon words.

spaCy's Chinese tokenizer segments with the global `jieba` instance, and the
entity ruler only matches whole tokens. Jieba splits unknown words
('用顺丰发' -> '用顺', '丰发'), so every lexicon word must be in Jieba's
dictionary before the first text is tokenised. The words are part of this
component's config, so loading the saved pipeline re-registers them.

Registered through the `spacy_factories` entry point in pyproject.toml, so
`spacy.load()` (and Rasa's SpacyNLP) finds it without importing this module.
"""

from typing import List

import jieba
from spacy.language import Language

FACTORY_NAME = "kefu_jieba_words"


def register_words(words: List[str]) -> None:
    for word in words:
        jieba.add_word(word)
        # Make sure the word also wins against frequent dictionary splits.
        jieba.suggest_freq(word, tune=True)


class JiebaWords:
    """Pass-through component: its work is done once, when it is created."""

    def __init__(self, words: List[str]):
        self.words = list(words)
        register_words(self.words)

    def __call__(self, doc):
        return doc


@Language.factory(FACTORY_NAME, default_config={"words": []})
def make_jieba_words(nlp: Language, name: str, words: List[str]) -> JiebaWords:
    return JiebaWords(words)
