"""Training time against intent quality, for NLU pipeline settings: which settings train fast without losing accuracy?

    .venv/bin/python bench/train_settings.py config.yml /tmp/candidate.yml [--blind]
    .venv/bin/python bench/train_settings.py /tmp/before.tar.gz models/kefu.tar.gz --blind

Each config trains an NLU-only model from scratch (its own empty Rasa cache, so no run
reuses another's features) and is scored on tests/nlu/holdout.yml, the set settings are
chosen on. With --blind the three sets written without seeing the data (fresh, shop_day,
shop_day2) are scored too, for the before/after report only: never choose settings on them.
A trained model (.tar.gz) is scored as it is. Runs one after another (each uses both cores);
a table goes to stdout and to bench/results/train-<time>.md with the machine's description.
"""

import argparse
import asyncio
import os
import platform
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from sklearn.metrics import f1_score

PROJECT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(PROJECT))
from kefu_rasa.evaluation import load_examples  # noqa: E402

TUNING = PROJECT / "tests" / "nlu" / "holdout.yml"
BLIND = [PROJECT / "tests" / "nlu" / name for name in ("fresh.yml", "holdout_shop_day.yml", "holdout_shop_day2.yml")]


def train(config: Path, workdir: Path) -> tuple[Path, float]:
    """An NLU-only model trained from an empty cache; returns its path and the wall time."""
    env = dict(os.environ, RASA_CACHE_DIRECTORY=str(workdir / "cache"))
    started = time.perf_counter()
    subprocess.run(
        [str(PROJECT / ".venv" / "bin" / "rasa"), "train", "nlu", "--config", str(config), "--nlu", "data/nlu"]
        + ["--out", str(workdir), "--fixed-model-name", "nlu", "--quiet"],
        cwd=PROJECT,
        env=env,
        check=True,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    return workdir / "nlu.tar.gz", time.perf_counter() - started


def macro_f1(agent, path: Path) -> float:
    examples = load_examples(path)
    expected = [intent for _, intent in examples]
    predicted = [asyncio.run(agent.parse_message(text))["intent"]["name"] for text, _ in examples]
    return float(f1_score(expected, predicted, labels=sorted(set(expected)), average="macro", zero_division=0))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("configs", nargs="+", type=Path, help="config files to train, or trained models")
    parser.add_argument("--blind", action="store_true", help="also score the blind sets (report only)")
    args = parser.parse_args()

    import logging

    from rasa.core.agent import Agent
    from rasa.utils.log_utils import configure_structlog

    configure_structlog(logging.WARNING)
    sets = [TUNING] + (BLIND if args.blind else [])
    header = "| config | training s | " + " | ".join(p.stem for p in sets) + " |"
    rows = [header, "|" + "---|" * (len(sets) + 2)]
    print(header, flush=True)
    for config in args.configs:
        with tempfile.TemporaryDirectory(prefix="kefu-train-") as tmp:
            trained = config.name.endswith(".tar.gz")
            model, seconds = (config, None) if trained else train(config.resolve(), Path(tmp))
            agent = Agent.load(str(model))
            scores = [macro_f1(agent, path) for path in sets]
        took = "(trained before)" if seconds is None else f"{seconds:.0f}"
        row = f"| {config} | {took} | " + " | ".join(f"{s:.3f}" for s in scores) + " |"
        rows.append(row)
        print(row, flush=True)

    commit = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=PROJECT, capture_output=True, text=True)
    out = PROJECT / "bench" / "results" / time.strftime("train-%Y%m%d-%H%M%S.md")
    machine = f"{platform.machine()}, {len(os.sched_getaffinity(0))} cores, Python {platform.python_version()}"
    out.write_text(
        f"# NLU training settings\n\nCommit {commit.stdout.strip()}; {machine}; "
        f"macro F1 per set ({TUNING.name} is the tuning set).\n\n" + "\n".join(rows) + "\n",
        encoding="utf-8",
    )
    print(f"written to {out.relative_to(PROJECT)}")


if __name__ == "__main__":
    main()
