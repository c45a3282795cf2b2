"""Keeps one entity per span when several extractors found it.

With its entity layer on (config.yml turns it off: `entity_recognition: false`), DIET
learns order numbers, phones, tax ids and e-mails from the annotated examples, and
RegexEntityExtractor finds the same spans by pattern (it only uses patterns of
annotated entities). Downstream, two copies of one entity
make slot filling and `rasa test` ambiguous, so the deterministic extractors
(regex, lexicon) win and DIET's copy of the same span is dropped.

DIET also guesses order numbers by position ("我就买这一个39.9的能用券吗" → order_id 39.9):
an order number that does not have the shop's shape is no order number, and is dropped.
"""

from typing import Any, Dict, List, Text

from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.shared.nlu.constants import ENTITIES
from rasa.shared.nlu.training_data.message import Message

from kefu.patterns import is_order_id
from kefu_rasa.components import StatelessComponent

PREFERRED_EXTRACTORS = ("RegexEntityExtractor", "SpacyEntityExtractor")


def deduplicate(entities: List[Dict[Text, Any]]) -> List[Dict[Text, Any]]:
    def rank(entity: Dict[Text, Any]) -> int:
        extractor = entity.get("extractor", "")
        return PREFERRED_EXTRACTORS.index(extractor) if extractor in PREFERRED_EXTRACTORS else len(PREFERRED_EXTRACTORS)

    kept: Dict[tuple, Dict[Text, Any]] = {}
    for entity in entities:
        if entity.get("entity") == "order_id" and not is_order_id(str(entity.get("value", ""))):
            continue
        key = (entity.get("entity"), entity.get("start"), entity.get("end"))
        if key not in kept or rank(entity) < rank(kept[key]):
            kept[key] = entity
    return sorted(kept.values(), key=lambda e: (e.get("start", 0), e.get("end", 0)))


@DefaultV1Recipe.register([DefaultV1Recipe.ComponentType.ENTITY_EXTRACTOR], is_trainable=False)
class EntityDeduplicator(StatelessComponent):
    def process(self, messages: List[Message]) -> List[Message]:
        for message in messages:
            message.set(ENTITIES, deduplicate(message.get(ENTITIES, [])), add_to_output=True)
        return messages
