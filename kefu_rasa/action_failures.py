"""Custom actions that fail are reported to the gateway, not swallowed.

Rasa 3.6 logs a failed custom action ("Bot will continue, but the actions events are
lost") and its REST channel still answers 200 with whatever was said before: with the
action server down, the shopper would get silence or half an answer. A failure is
recorded for the message being handled (a context variable set by the channel), so the
channel can answer 503 and the gateway tells the shopper instead.
"""

from contextvars import ContextVar
from typing import Any, List, Optional

from rasa.core.actions.action import ActionExecutionRejection, RemoteAction

# One list per message being handled: the names of the custom actions that failed.
_failed: ContextVar[Optional[List[str]]] = ContextVar("kefu_failed_actions", default=None)


def watch() -> List[str]:
    """Start recording failures for the message handled in this task; returns the record."""
    failed: List[str] = []
    _failed.set(failed)
    return failed


_original_run = RemoteAction.run


async def run_recording_failures(self: RemoteAction, *args: Any, **kwargs: Any):
    try:
        return await _original_run(self, *args, **kwargs)
    except ActionExecutionRejection:
        raise  # a form slot rejected: the ordinary course of a form
    except Exception:
        failed = _failed.get()
        if failed is not None:
            failed.append(self.name())
        raise


def install() -> None:
    """Called by kefu_rasa/server.py before the server starts."""
    RemoteAction.run = run_recording_failures
