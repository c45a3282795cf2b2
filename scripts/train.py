"""Trains models/kefu.tar.gz, on the fast path when only NLU examples changed.

    python scripts/train.py          # what `make train` runs when a training input is newer
    python scripts/train.py --full   # from the start (`make train-full`)

The fast path is Rasa's own `rasa train --finetune`: the NLU components start from the last
model's weights and train a fraction of their epochs, and the dialogue policies are restored
from Rasa's cache (kefu_rasa.ted_policy explains why TED is too). Rasa can only finetune when
no intent, entity, synonym, regex or lookup table changed and the configuration, domain,
stories, rules and the spaCy pipeline are the same, so those are compared first, from a
record written beside the model after each training (models/kefu.inputs.json). Anything else
trains from the start.

Finetuning keeps the featurisers' vocabularies: a word that only the new examples use counts
from the next full training. A full training is therefore also made after FULL_EVERY fast
ones in a row.
"""

import argparse
import hashlib
import json
import re
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any, Dict, Iterable, List

import yaml

PROJECT = Path(__file__).resolve().parent.parent
MODEL = PROJECT / "models" / "kefu.tar.gz"
RECORD = PROJECT / "models" / "kefu.inputs.json"
RASA = PROJECT / ".venv" / "bin" / "rasa"

# What decides whether the last model can be finetuned: everything but the NLU examples.
# The installed lock is one of them: a new Rasa or TensorFlow trains from the start, as a
# reinstall did before this script.
STRUCTURE_FILES = ("config.yml", "domain.yml", "data/traditional.yml")
STRUCTURE_GLOBS = ("data/rules/*.yml", "data/stories/*.yml", "build/spacy_zh/**/*", "requirements/*.txt")
NLU_GLOB = "data/nlu/*.yml"
# Of the configured epochs, the share a fast retraining trains (chosen on tests/nlu/holdout.yml:
# bench/results/README.md).
EPOCH_FRACTION = 0.3
FULL_EVERY = 5
# "[专票](invoice_type)", "[专票](invoice_type:专用发票)", {"entity": "x", "role": "y", "group": "z"}
ANNOTATION = re.compile(r"\]\((\w+)(?::[^)]*)?\)|\"(?:entity|role|group)\":\s*\"(\w+)\"")


def files(patterns: Iterable[str]) -> List[Path]:
    found = set()
    for pattern in patterns:
        found.update(path for path in PROJECT.glob(pattern) if path.is_file())
    return sorted(found)


def digest(paths: Iterable[Path]) -> str:
    hashed = hashlib.sha256()
    for path in paths:
        hashed.update(str(path.relative_to(PROJECT)).encode())
        hashed.update(path.read_bytes())
    return hashed.hexdigest()


def nlu_labels(paths: Iterable[Path]) -> Dict[str, Any]:
    """The labels a model is built around: intents, entities, and the synonym, regex and lookup
    entries (the regex featuriser's patterns), which finetuning cannot change."""
    intents, entities, fixed = set(), set(), []
    for path in paths:
        for block in (yaml.safe_load(path.read_text(encoding="utf-8")) or {}).get("nlu") or []:
            if "intent" in block:
                intents.add(block["intent"])
                for match in ANNOTATION.finditer(str(block.get("examples", ""))):
                    entities.add(match.group(1) or match.group(2))
            else:
                fixed.append(block)
    fixed_digest = hashlib.sha256(json.dumps(fixed, sort_keys=True, ensure_ascii=False).encode()).hexdigest()
    return {"intents": sorted(intents), "entities": sorted(entities), "fixed": fixed_digest}


def current_inputs() -> Dict[str, Any]:
    nlu = files([NLU_GLOB])
    structure = [PROJECT / name for name in STRUCTURE_FILES if (PROJECT / name).exists()] + files(STRUCTURE_GLOBS)
    return {"structure": digest(structure), "labels": nlu_labels(nlu), "nlu": digest(nlu)}


def previous_record() -> Dict[str, Any]:
    try:
        return json.loads(RECORD.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}


def can_finetune(previous: Dict[str, Any], inputs: Dict[str, Any]) -> bool:
    return (
        MODEL.exists()
        and previous.get("structure") == inputs["structure"]
        and previous.get("labels") == inputs["labels"]
        and previous.get("fast_in_a_row", 0) < FULL_EVERY
    )


def rasa_train(extra: List[str]) -> None:
    command = [str(RASA), "train", "--fixed-model-name", "kefu", "--out", "models", "--quiet", *extra]
    subprocess.run(command, cwd=PROJECT, check=True)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--full", action="store_true", help="train from the start, whatever changed")
    args = parser.parse_args()
    inputs, previous = current_inputs(), previous_record()
    if MODEL.exists() and previous == {**inputs, "fast_in_a_row": previous.get("fast_in_a_row", 0)} and not args.full:
        print(f"Nothing to train: {MODEL.relative_to(PROJECT)} was trained on these files.")
        return 0
    fast = not args.full and can_finetune(previous, inputs)
    started = time.monotonic()
    if fast:
        print(f"Only NLU examples changed: finetuning the last model ({EPOCH_FRACTION:.0%} of the epochs)…")
        try:
            with tempfile.TemporaryDirectory() as scratch:
                base = Path(scratch) / "base.tar.gz"  # Rasa writes the new model where it reads the old
                shutil.copy2(MODEL, base)
                rasa_train(["--finetune", str(base), "--epoch-fraction", str(EPOCH_FRACTION)])
        except subprocess.CalledProcessError:  # Rasa refused what the record allowed: train anyway
            print("Finetuning failed; training from the start instead…")
            fast = False
    if not fast:
        print("Training the model from the start (a few minutes on 2 cores)…")
        rasa_train([])
    record = {**inputs, "fast_in_a_row": previous.get("fast_in_a_row", 0) + 1 if fast else 0}
    RECORD.write_text(json.dumps(record, indent=1, ensure_ascii=False), encoding="utf-8")
    print(
        f"Model trained in {time.monotonic() - started:.0f} s ({'fast path' if fast else 'full'}): models/kefu.tar.gz"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
