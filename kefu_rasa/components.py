"""Base for kefu's small Rasa pipeline components: no training, no state, only `process`."""

from typing import Any, Dict, List, Text

from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
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
