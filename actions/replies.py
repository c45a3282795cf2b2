"""A reply is a response name from domain.yml and the values for its placeholders."""

from typing import Any, Dict, List, Tuple

from rasa_sdk.executor import CollectingDispatcher

Reply = Tuple[str, Dict[str, Any]]


def send(dispatcher: CollectingDispatcher, replies: List[Reply]) -> None:
    for response, values in replies:
        dispatcher.utter_message(response=response, **values)
