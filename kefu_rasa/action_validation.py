"""The action server's answers checked against Rasa's schema with one compiled validator.

Rasa 3.6 checks every custom action's response with `jsonschema.validate(result, schema)`,
which under jsonschema 4.17 first checks the *schema* against the 2020-12 meta-schema, on
every call. Under load that re-check was the Rasa server's largest single cost (about 17 %
of its samples in `bench/load.py --profile rasa`, and 28 % with the validation itself).
The schema never changes, so it is checked once here and the compiled validator reused;
a bad response still fails as before, with the same error and message.
"""

from functools import lru_cache
from typing import Any, Dict, Text

from jsonschema import exceptions, validators
from rasa.core.actions.action import RemoteAction
from rasa.shared.constants import DOCS_BASE_URL


@lru_cache(maxsize=1)
def response_validator():
    schema = RemoteAction.action_response_format_spec()
    cls = validators.validator_for(schema)
    cls.check_schema(schema)  # once, as jsonschema.validate does on every call
    return cls(schema)


def validate_action_result(self: RemoteAction, result: Dict[Text, Any]) -> bool:
    """RemoteAction._validate_action_result with the validator compiled once."""
    error = exceptions.best_match(response_validator().iter_errors(result))
    if error is None:
        return True
    error.message += (
        ". Failed to validate Action server response from API, "
        "make sure your response from the Action endpoint is valid. "
        f"For more information about the format visit {DOCS_BASE_URL}/custom-actions"
    )
    raise error


def install() -> None:
    """Called by kefu_rasa/server.py before the server starts."""
    RemoteAction._validate_action_result = validate_action_result
