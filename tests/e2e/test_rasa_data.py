"""`rasa data validate` and the end-to-end test stories (real user text through the trained model)."""

import re
import subprocess

import pytest

from kefu.settings import Settings
from tests.conftest import MODEL, PROJECT, VENV_BIN

pytestmark = pytest.mark.slow

ACTION_ONLY = re.compile(r"The utterance '(utter_[a-z_]+)' is not used in any story or rule\.")
GATEWAY_ONLY = re.compile(
    r"The intent '([a-z_]+)' is listed in the domain file, but is not found in the NLU training data\."
)


def form_slots() -> set:
    import yaml

    forms = yaml.safe_load((PROJECT / "domain.yml").read_text(encoding="utf-8"))["forms"]
    return {slot for form in forms.values() for slot in form["required_slots"]}


def used_outside_stories(response: str) -> bool:
    """Sent by an action or the gateway (named in the code, or by the shared core for both: the
    safety advice), or a form's prompt for one of its slots."""
    if response.startswith("utter_ask_") and response[len("utter_ask_") :] in form_slots():
        return True
    return any(
        f'"{response}"' in path.read_text(encoding="utf-8")
        for folder in ("actions", "bot", "kefu")
        for path in (PROJECT / folder).rglob("*.py")
    )


def sent_by_the_gateway(intent: str) -> bool:
    """An intent no shopper types: the gateway sends it as a payload ("/send_photo" after an upload)."""
    return any(f'"/{intent}"' in path.read_text(encoding="utf-8") for path in (PROJECT / "bot").rglob("*.py"))


def explained(warning: str) -> bool:
    action_only, gateway_only = ACTION_ONLY.search(warning), GATEWAY_ONLY.search(warning)
    return bool(
        (action_only and used_outside_stories(action_only[1]))
        or (gateway_only and sent_by_the_gateway(gateway_only[1]))
    )


def test_rasa_data_validate_has_no_warnings(redis_url):
    """Rasa's check cannot see responses sent by custom actions, the gateway or form prompts, nor
    intents only the gateway sends; those (and only those) are accepted, after checking that they
    really are used."""
    run = subprocess.run(
        [str(VENV_BIN / "rasa"), "data", "validate"],
        cwd=PROJECT,
        capture_output=True,
        text=True,
        env={**Settings().environment(), "PATH": str(VENV_BIN) + ":/usr/bin:/bin"},
    )
    output = run.stdout + run.stderr
    warnings = [line for line in output.splitlines() if "UserWarning" in line]
    unexplained = [w for w in warnings if not explained(w)]
    assert unexplained == []
    assert "No story structure conflicts found" in output


def test_end_to_end_stories(servers, tmp_path):
    run = subprocess.run(
        [
            str(VENV_BIN / "rasa"),
            "test",
            "core",
            "--stories",
            "tests/e2e/stories.yml",
            "--model",
            str(MODEL),
            "--endpoints",
            "endpoints.yml",
            "--out",
            str(tmp_path),
            "--fail-on-prediction-errors",
        ],
        cwd=PROJECT,
        capture_output=True,
        text=True,
        env=servers.env,
    )
    failed = tmp_path / "failed_test_stories.yml"
    detail = failed.read_text(encoding="utf-8") if failed.exists() else run.stdout[-3000:] + run.stderr[-3000:]
    assert run.returncode == 0, detail
