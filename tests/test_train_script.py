"""scripts/train.py: the fast path (Rasa's finetuning) only when only NLU examples changed."""

import importlib.util
import json
import subprocess
from pathlib import Path

import pytest
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.nlu.classifiers.diet_classifier import DIETClassifier

from kefu_rasa.ted_policy import CachedTEDPolicy

SCRIPT = Path(__file__).resolve().parent.parent / "scripts" / "train.py"
spec = importlib.util.spec_from_file_location("train_script", SCRIPT)
train = importlib.util.module_from_spec(spec)
spec.loader.exec_module(train)

NLU = """version: "3.1"
nlu:
- intent: ask_invoice
  examples: |
    - 能开发票吗
    - 要开[专票](invoice_type)
- synonym: 专用发票
  examples: |
    - 专票
"""


def labels_of(tmp_path, text):
    path = tmp_path / "invoice.yml"
    path.write_text(text, encoding="utf-8")
    return train.nlu_labels([path])


def test_another_example_of_an_intent_keeps_the_labels(tmp_path):
    before = labels_of(tmp_path, NLU)
    assert labels_of(tmp_path, NLU.replace("    - 能开发票吗\n", "    - 能开发票吗\n    - 亲能开票不\n")) == before
    assert before["intents"] == ["ask_invoice"] and before["entities"] == ["invoice_type"]


@pytest.mark.parametrize(
    "change",
    [
        ("- intent: ask_invoice", "- intent: ask_invoice_new"),  # another intent
        ("[专票](invoice_type)", "[专票](invoice_kind)"),  # another entity
        ("    - 专票\n", "    - 专票\n    - 增票\n"),  # a synonym more
    ],
)
def test_a_new_intent_entity_or_synonym_changes_the_labels(tmp_path, change):
    assert labels_of(tmp_path, NLU.replace(*change)) != labels_of(tmp_path, NLU)


def test_finetuning_needs_the_model_the_same_structure_and_labels(tmp_path, monkeypatch):
    model = tmp_path / "kefu.tar.gz"
    model.write_bytes(b"model")
    monkeypatch.setattr(train, "MODEL", model)
    inputs = {"structure": "s", "labels": {"intents": ["a"]}, "nlu": "n2"}
    previous = {"structure": "s", "labels": {"intents": ["a"]}, "nlu": "n1", "fast_in_a_row": 0}
    assert train.can_finetune(previous, inputs)
    assert not train.can_finetune({**previous, "structure": "other"}, inputs)  # a story, rule, domain, config
    assert not train.can_finetune({**previous, "labels": {"intents": ["a", "b"]}}, inputs)
    assert not train.can_finetune({**previous, "fast_in_a_row": train.FULL_EVERY}, inputs)  # a full one now
    assert not train.can_finetune({}, inputs)  # no record: how the model was made is unknown
    model.unlink()
    assert not train.can_finetune(previous, inputs)


def test_finetuning_lowers_the_epochs_of_diet_but_not_of_ted():
    """Rasa lowers `epochs` for components whose default config has them; TED's unchanged
    config keeps its fingerprint, so its training is restored from the cache."""
    recipe = DefaultV1Recipe()
    recipe._is_finetuning = True
    cli = {"finetuning_epoch_fraction": 0.3}
    assert recipe._extra_config_from_cli(cli, DIETClassifier, {"epochs": 60})["epochs"] == 18
    assert "epochs" not in recipe._extra_config_from_cli(cli, CachedTEDPolicy, {"epochs": 60})


def test_an_annotation_with_a_value_or_a_role_names_its_entity(tmp_path):
    labels = labels_of(
        tmp_path,
        NLU.replace("[专票](invoice_type)", '[专票](invoice_kind:专用发票) [我]{"entity": "who", "role": "buyer"}'),
    )
    assert labels["entities"] == ["buyer", "invoice_kind", "who"]


@pytest.fixture
def trainer(tmp_path, monkeypatch):
    """train.main() with Rasa replaced by a recorder that writes a model; `inputs` as the files are."""
    calls, state = [], {"inputs": {"structure": "s", "labels": {"intents": ["a"]}, "nlu": "n0"}, "fail": False}
    model, record = tmp_path / "kefu.tar.gz", tmp_path / "kefu.inputs.json"
    monkeypatch.setattr(train, "MODEL", model)
    monkeypatch.setattr(train, "RECORD", record)
    monkeypatch.setattr(train, "PROJECT", tmp_path)
    monkeypatch.setattr(train, "current_inputs", lambda: dict(state["inputs"]))
    monkeypatch.setattr("sys.argv", ["train.py"])

    def rasa_train(extra):
        calls.append(extra)
        if state["fail"]:
            raise subprocess.CalledProcessError(1, "rasa")
        model.write_bytes(b"model")

    monkeypatch.setattr(train, "rasa_train", rasa_train)
    return calls, state, record


def test_main_trains_fully_then_finetunes_only_nlu_changes_then_fully_again(trainer):
    calls, state, record = trainer
    train.main()
    assert calls == [[]] and json.loads(record.read_text())["fast_in_a_row"] == 0  # no model yet: full
    train.main()
    assert len(calls) == 1  # nothing changed: nothing trained
    for fast in range(1, train.FULL_EVERY + 1):
        state["inputs"] = {**state["inputs"], "nlu": f"n{fast}"}
        train.main()
        assert "--finetune" in calls[-1] and json.loads(record.read_text())["fast_in_a_row"] == fast
    state["inputs"] = {**state["inputs"], "nlu": "n-last"}
    train.main()
    assert calls[-1] == [] and json.loads(record.read_text())["fast_in_a_row"] == 0  # the vocabularies renewed
    state["inputs"] = {**state["inputs"], "labels": {"intents": ["a", "b"]}, "nlu": "n-new-intent"}
    train.main()
    assert calls[-1] == []  # a new intent: Rasa cannot finetune


def test_a_refused_finetuning_trains_fully_and_a_failed_training_writes_no_record(trainer):
    calls, state, record = trainer
    train.main()
    state["inputs"], state["fail"] = {**state["inputs"], "nlu": "n1"}, True
    with pytest.raises(subprocess.CalledProcessError):
        train.main()
    assert "--finetune" in calls[-2] and calls[-1] == []  # the fallback ran, and failed too
    assert json.loads(record.read_text())["nlu"] == "n0"  # the record still says what the model was trained on
