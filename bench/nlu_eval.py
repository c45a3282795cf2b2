"""Intent quality on tests/nlu/holdout.yml, compared with the last run: did the bot get better or worse?

    .venv/bin/python bench/nlu_eval.py [--model models/kefu.tar.gz]

Loads the trained model in-process (no server needed), prints per-intent precision,
recall and F1 with the change since the previous run (results/nlu_bench.json), and
the misclassified examples.
"""

import argparse
import asyncio
import json
import sys
import time
from pathlib import Path

from sklearn.metrics import precision_recall_fscore_support

PROJECT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(PROJECT))
from kefu_rasa.evaluation import load_examples  # noqa: E402

HISTORY = PROJECT / "results" / "nlu_bench.json"


async def predict(model: str, texts):
    import logging

    from rasa.core.agent import Agent
    from rasa.utils.log_utils import configure_structlog

    configure_structlog(logging.WARNING)  # no per-message debug lines

    agent = Agent.load(model)
    started = time.perf_counter()
    predicted = [(await agent.parse_message(text))["intent"]["name"] for text in texts]
    return predicted, (time.perf_counter() - started) / len(texts)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--model", default=str(PROJECT / "models" / "kefu.tar.gz"))
    parser.add_argument("--holdout", default=str(PROJECT / "tests" / "nlu" / "holdout.yml"))
    args = parser.parse_args()
    examples = load_examples(Path(args.holdout))
    expected = [intent for _, intent in examples]
    predicted, seconds_per_parse = asyncio.run(predict(args.model, [text for text, _ in examples]))
    labels = sorted(set(expected))
    _, _, f1, support = precision_recall_fscore_support(expected, predicted, labels=labels, zero_division=0)
    previous = json.loads(HISTORY.read_text()) if HISTORY.exists() else {}
    print(f"{'intent':<24}{'f1':>7}{'change':>9}{'n':>5}")
    current = {}
    for label, score, n in zip(labels, f1, support, strict=True):
        current[label] = float(score)
        change = f"{score - previous['per_intent'][label]:+.3f}" if label in previous.get("per_intent", {}) else ""
        print(f"{label:<24}{score:>7.3f}{change:>9}{int(n):>5}")
    macro = float(sum(f1) / len(f1))
    change = f"{macro - previous['macro_f1']:+.3f}" if "macro_f1" in previous else "(first run)"
    print(f"{'macro F1':<24}{macro:>7.3f}{change:>9}")
    print(f"parse time: {seconds_per_parse * 1000:.1f} ms per message, {len(examples)} messages")
    print("\nmisclassified:")
    for (text, want), got in zip(examples, predicted, strict=True):
        if want != got:
            print(f"  {want:<22} -> {got:<22} {text}")
    HISTORY.parent.mkdir(exist_ok=True)
    HISTORY.write_text(json.dumps({"macro_f1": macro, "per_intent": current}, indent=2))


if __name__ == "__main__":
    main()
