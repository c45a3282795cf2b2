"""Rasa's SpacyNLP, fingerprinted by the pipeline's content rather than its name.

Rasa's training cache knows a spaCy model only by the `model` value in config.yml, so
after a lexicon change (`make` rebuilds build/spacy_zh) it would reuse tokens and
features computed with the old words. The Makefile used to clear the whole cache then,
which also retrained the dialogue policies, which never see spaCy. Hashing the
pipeline's files into the fingerprint retrains exactly the NLU components instead.

The class keeps the name `SpacyNLP`: Rasa wires SpacyTokenizer and SpacyEntityExtractor
to their model provider by that class name.
"""

import hashlib
from functools import lru_cache
from pathlib import Path
from typing import Any, Dict, Optional, Text

from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.nlu.utils.spacy_utils import SpacyModel
from rasa.nlu.utils.spacy_utils import SpacyNLP as RasaSpacyNLP


@lru_cache(maxsize=8)
def pipeline_digest(model_path: Text) -> str:
    """SHA-256 over every file of a spaCy pipeline directory (names and bytes)."""
    digest = hashlib.sha256()
    root = Path(model_path)
    for path in sorted(p for p in root.rglob("*") if p.is_file()):
        digest.update(str(path.relative_to(root)).encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


@DefaultV1Recipe.register(
    [DefaultV1Recipe.ComponentType.MODEL_LOADER, DefaultV1Recipe.ComponentType.MESSAGE_FEATURIZER],
    is_trainable=False,
    model_from="SpacyNLP",
)
class SpacyNLP(RasaSpacyNLP):
    @classmethod
    def fingerprint_addon(cls, config: Dict[str, Any]) -> Optional[str]:
        model = config.get("model")
        return pipeline_digest(model) if model and Path(model).is_dir() else None

    @staticmethod
    def load_model(spacy_model_name: Text) -> SpacyModel:
        loaded = RasaSpacyNLP.load_model(spacy_model_name)
        if Path(spacy_model_name).is_dir():
            # What the downstream components' cache keys are built from.
            loaded = SpacyModel(
                model=loaded.model, model_name=f"{spacy_model_name}@{pipeline_digest(spacy_model_name)}"
            )
        return loaded
