"""Base for kefu's small Rasa pipeline components: no training, no state, only `process`."""

from typing import Any, Dict, List, Text

from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.shared.nlu.constants import INTENT, INTENT_RANKING_KEY, TEXT
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData


class StatelessComponent(GraphComponent):
    @classmethod
    def create(
        cls,
        config: Dict[Text, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
    ) -> "StatelessComponent":
        return cls()

    def process(self, messages: List[Message]) -> List[Message]:
        raise NotImplementedError

    def process_training_data(self, training_data: TrainingData) -> TrainingData:
        return training_data


class TextNormaliser(StatelessComponent):
    """Rewrites the NLU's copy of each message (and of each training example) before anything
    reads it; button payloads ("/intent{...}") are left alone. The transcript keeps what the
    shopper typed."""

    def normalise(self, text: str) -> str:
        raise NotImplementedError

    def process(self, messages: List[Message]) -> List[Message]:
        for message in messages:
            text = message.get(TEXT)
            if text and not text.startswith("/"):
                message.set(TEXT, self.normalise(text))
        return messages

    def process_training_data(self, training_data: TrainingData) -> TrainingData:
        self.process(training_data.training_examples)
        return training_data


def route_intent(message: Message, name: str) -> None:
    """Makes `name` the message's intent with full confidence; the classifier's guesses stay in
    the ranking below it."""
    routed = {"name": name, "confidence": 1.0}
    ranking = [routed] + [r for r in message.get(INTENT_RANKING_KEY, []) if r.get("name") != name]
    message.set(INTENT, routed, add_to_output=True)
    message.set(INTENT_RANKING_KEY, ranking, add_to_output=True)
