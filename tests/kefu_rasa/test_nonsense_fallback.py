"""Keyboard mashing is not understood, whatever intent DIET guessed with whatever confidence."""

from kefu_rasa.nonsense_fallback import NonsenseFallback
from tests.kefu_rasa.messages import classified


def classify(text, intent="affirm", confidence=1.0):
    message = classified(text, intent, confidence)
    NonsenseFallback().process([message])
    return message


def test_mashing_becomes_a_fallback_and_the_guess_stays_in_the_ranking():
    message = classify("fjdkslfj")
    assert message.get("intent")["name"] == "nlu_fallback"
    assert [r["name"] for r in message.get("intent_ranking")] == ["nlu_fallback", "affirm"]


def test_a_short_latin_answer_keeps_its_intent():
    assert classify("ok").get("intent")["name"] == "affirm"
