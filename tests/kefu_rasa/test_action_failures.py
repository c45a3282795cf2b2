"""A custom action that fails while a message is handled is recorded for that message, so the
channel answers 503 and the gateway tells the shopper (Rasa alone would log it and go on)."""

import asyncio

from rasa.core.actions.action import ActionExecutionRejection, RemoteAction
from rasa.core.channels.channel import CollectingOutputChannel
from rasa.core.nlg import TemplatedNaturalLanguageGenerator
from rasa.shared.core.domain import Domain
from rasa.shared.core.trackers import DialogueStateTracker
from rasa.utils.endpoints import EndpointConfig

from kefu_rasa import action_failures
from tests.conftest import free_port


def run(action):
    async def handle_one_message():
        failed = action_failures.watch()
        args = (CollectingOutputChannel(), TemplatedNaturalLanguageGenerator({}))
        try:
            await action_failures.run_recording_failures(action, *args, DialogueStateTracker("c1", []), Domain.empty())
        except Exception as error:  # noqa: BLE001 - Rasa's processor catches it the same way
            return failed, error
        return failed, None

    return asyncio.run(handle_one_message())


def test_an_unreachable_action_server_is_recorded_for_the_message():
    action = RemoteAction("action_track_parcel", EndpointConfig(f"http://127.0.0.1:{free_port()}/webhook"))
    failed, error = run(action)
    assert failed == ["action_track_parcel"] and error is not None


def test_a_rejected_form_answer_is_not_a_failure(monkeypatch):
    async def reject(self, *args, **kwargs):
        raise ActionExecutionRejection("validate_invoice_form", "not a credit code")

    monkeypatch.setattr(action_failures, "_original_run", reject)
    failed, error = run(RemoteAction("validate_invoice_form", EndpointConfig("http://127.0.0.1:1/webhook")))
    assert failed == [] and isinstance(error, ActionExecutionRejection)
