"""Intent evaluation on a held-out NLU file through the running Rasa server's /model/parse."""

import json
import urllib.request
from dataclasses import dataclass
from pathlib import Path
from typing import Dict, List, Tuple

from sklearn.metrics import precision_recall_fscore_support


def load_examples(path: Path) -> List[Tuple[str, str]]:
    """(text, intent) pairs with entity markup removed, read by Rasa's own loader."""
    from rasa.shared.nlu.training_data.loading import load_data

    data = load_data(str(path))
    return [(example.get("text"), example.get("intent")) for example in data.intent_examples]


def parse(rasa_url: str, token: str, text: str) -> Dict:
    request = urllib.request.Request(
        f"{rasa_url}/model/parse?token={token}",
        data=json.dumps({"text": text}).encode(),
        method="POST",
        headers={"Content-Type": "application/json"},
    )
    with urllib.request.urlopen(request, timeout=30) as resp:
        return json.loads(resp.read())


@dataclass
class IntentReport:
    per_intent: Dict[str, Dict[str, float]]
    macro_f1: float
    errors: List[Tuple[str, str, str]]  # text, expected, predicted

    def table(self) -> str:
        lines = [f"{'intent':<24}{'precision':>10}{'recall':>8}{'f1':>8}{'n':>5}"]
        for intent, row in sorted(self.per_intent.items()):
            lines.append(
                f"{intent:<24}{row['precision']:>10.3f}{row['recall']:>8.3f}{row['f1']:>8.3f}{int(row['support']):>5}"
            )
        lines.append(f"{'macro F1':<24}{'':>18}{self.macro_f1:>8.3f}")
        return "\n".join(lines)


def evaluate(rasa_url: str, token: str, path: Path) -> IntentReport:
    examples = load_examples(path)
    expected = [intent for _, intent in examples]
    predicted = [parse(rasa_url, token, text)["intent"]["name"] for text, _ in examples]
    labels = sorted(set(expected))
    precision, recall, f1, support = precision_recall_fscore_support(
        expected, predicted, labels=labels, zero_division=0
    )
    per_intent = {
        label: {"precision": float(p), "recall": float(r), "f1": float(f), "support": int(s)}
        for label, p, r, f, s in zip(labels, precision, recall, f1, support, strict=True)
    }
    errors = [(text, want, got) for (text, want), got in zip(examples, predicted, strict=True) if want != got]
    return IntentReport(per_intent, float(sum(f1) / len(f1)), errors)
