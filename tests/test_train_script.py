"""scripts/train.py: the fast path (Rasa's finetuning) only when only NLU examples changed."""

import importlib.util
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
