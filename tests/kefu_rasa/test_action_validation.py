"""The action server's answers are checked as strictly as Rasa checks them, with the schema
compiled once (bench/load.py: the per-call schema re-check was Rasa's largest cost under load)."""

import pytest
from jsonschema import ValidationError
from rasa.core.actions.action import RemoteAction

from kefu_rasa import action_validation

GOOD = [
    {"events": [], "responses": []},
    {"events": [{"event": "slot", "name": "order_id", "value": "4417062395810264"}], "responses": []},
    {"events": [{"event": "pause"}], "responses": [{"response": "utter_connect_human", "buttons": []}]},
]
BAD = [
    {"events": [{"name": "no event type"}], "responses": []},
    {"events": "not a list", "responses": []},
    {"events": [{"event": "slot", "name": 7}], "responses": []},
]


@pytest.fixture
def original():
    return RemoteAction._validate_action_result


@pytest.mark.parametrize("result", GOOD)
def test_a_good_answer_passes_as_with_rasas_own_check(original, result):
    action = RemoteAction("action_test", None)
    assert original(action, result) is True
    assert action_validation.validate_action_result(action, result) is True


@pytest.mark.parametrize("result", BAD)
def test_a_bad_answer_is_refused_with_rasas_message(original, result):
    action = RemoteAction("action_test", None)
    with pytest.raises(ValidationError) as rasas:
        original(action, result)
    with pytest.raises(ValidationError) as ours:
        action_validation.validate_action_result(action, result)
    assert ours.value.message == rasas.value.message and "custom-actions" in ours.value.message


def test_install_makes_every_remote_action_use_it(monkeypatch):
    monkeypatch.setattr(RemoteAction, "_validate_action_result", RemoteAction._validate_action_result)
    action_validation.install()
    assert RemoteAction._validate_action_result is action_validation.validate_action_result
