"""NLU messages as the intent classifier leaves them, for the components that run after it."""

from rasa.shared.nlu.training_data.message import Message


def classified(text: str, intent: str, confidence: float) -> Message:
    return Message(
        data={
            "text": text,
            "intent": {"name": intent, "confidence": confidence},
            "intent_ranking": [{"name": intent, "confidence": confidence}],
        }
    )
