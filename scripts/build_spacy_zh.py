"""Build the blank Chinese spaCy pipeline used by Rasa's SpacyNLP.

Jieba segmenter + the lexicon words taught to Jieba + an entity ruler whose
patterns come from data/lexicons/*.yml. No model weights are downloaded.

    python scripts/build_spacy_zh.py build/spacy_zh
"""

import sys
from pathlib import Path

import spacy

from kefu.lexicon import load_lexicons
from kefu_rasa.spacy_jieba_words import FACTORY_NAME


def build(output: Path) -> None:
    words = load_lexicons()
    nlp = spacy.blank("zh", config={"nlp": {"tokenizer": {"segmenter": "jieba"}}})
    # Longest first, so '顺丰速运' is one word before '顺丰' is considered.
    surfaces = sorted({w.surface for w in words}, key=len, reverse=True)
    nlp.add_pipe(FACTORY_NAME, config={"words": surfaces})
    ruler = nlp.add_pipe("entity_ruler", config={"phrase_matcher_attr": "LOWER"})
    ruler.add_patterns([{"label": w.label, "pattern": w.surface, "id": w.canonical} for w in words])
    nlp.meta["name"] = "kefu_zh"
    nlp.meta["description"] = "Blank zh pipeline: Jieba + lexicon entity ruler (generated)"
    output.mkdir(parents=True, exist_ok=True)
    nlp.to_disk(output)
    print(f"spaCy pipeline with {len(words)} lexicon words written to {output}")


if __name__ == "__main__":
    build(Path(sys.argv[1] if len(sys.argv) > 1 else "build/spacy_zh"))
