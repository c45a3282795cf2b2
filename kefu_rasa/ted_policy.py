"""TED, restored from Rasa's cache when a retraining changed only NLU examples.

`rasa train --finetune --epoch-fraction F` (scripts/train.py's fast path) lowers the epochs of
every component whose *default* config has `epochs`. TED's fingerprint then changes although
no story, rule or domain did, and TED is trained again (17 of about 70 s). This TED declares no
default `epochs` (config.yml sets them), so its fingerprint stays and Rasa restores it from the
cache like the rule and memoization policies; everything else is Rasa's own TED.
"""

from typing import Any, Dict, Text

from rasa.core.policies.ted_policy import TEDPolicy
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.utils.tensorflow.constants import EPOCHS


@DefaultV1Recipe.register(DefaultV1Recipe.ComponentType.POLICY_WITH_END_TO_END_SUPPORT, is_trainable=True)
class CachedTEDPolicy(TEDPolicy):
    @staticmethod
    def get_default_config() -> Dict[Text, Any]:
        config = TEDPolicy.get_default_config()
        del config[EPOCHS]  # config.yml must set them
        return config
