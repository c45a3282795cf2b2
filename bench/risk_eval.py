"""Risk assessment on the labelled message sets: recall on high/critical, false escalations.

    .venv/bin/python bench/risk_eval.py

tests/risk/labelled.yml was used to write data/risk.yml; tests/risk/holdout.yml and
tests/risk/tuning.yml … tuning7.yml were written separately (tuning3 to tuning7 blind, by helpers
who never saw the rules) and then used for tuning too.
tests/risk/blind.yml was written by a helper who never saw the rules or the other sets and
is never tuned on: only its figures are printed, never its messages.

A message counts as escalated when it reaches a person whatever the NLU reads: a risk the rules
escalate, or a request for a person (kefu/risk.py reaches_a_person; such a request waits at
normal priority, and its level stays "none").
"""

import sys
import time
from collections import Counter
from pathlib import Path

import yaml

PROJECT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(PROJECT))
from kefu.levels import LEVEL_NAMES as LEVELS  # noqa: E402
from kefu.risk import assess_message, reaches_a_person  # noqa: E402


def report(name: str, show_errors: bool = True) -> None:
    messages = yaml.safe_load((PROJECT / "tests" / "risk" / f"{name}.yml").read_text(encoding="utf-8"))["messages"]
    started = time.perf_counter()
    results = [(m, assess_message(m["text"])) for m in messages]
    elapsed = time.perf_counter() - started
    reached = {id(m): reaches_a_person(m["text"]) for m in messages}
    risky = [(m, r) for m, r in results if m["level"] in ("high", "critical")]
    harmless = [(m, r) for m, r in results if m["level"] == "none"]
    caught = sum(reached[id(m)] for m, _ in risky)
    false = sum(reached[id(m)] for m, _ in harmless)
    recall, false_rate = caught / len(risky), false / len(harmless)
    exact = sum(m["level"] == r.level for m, r in results) / len(results)
    print(f"{name}: {len(messages)} messages")
    print(f"  recall on high/critical:       {recall:.3f} ({caught}/{len(risky)})")
    print(f"  false escalation on harmless:  {false_rate:.3f} ({false}/{len(harmless)})")
    print(f"  exact level agreement:         {exact:.3f}")
    confusion = Counter((m["level"], r.level) for m, r in results)
    print("  labelled \\ assessed  " + "".join(f"{level:>9}" for level in LEVELS))
    for want in LEVELS:
        print(f"  {want:<20}" + "".join(f"{confusion[(want, got)]:>9}" for got in LEVELS))
    print(f"  {elapsed / len(messages) * 1e6:.0f} µs per message")
    for m, r in results if show_errors else ():
        if (m["level"] in ("high", "critical")) != reached[id(m)]:
            print(f"  WRONG {m['level']:>8} -> {r.level:<8} {m['text']}")


if __name__ == "__main__":
    for name in ("labelled", "holdout", "tuning", "tuning2", "tuning3", "tuning4", "tuning5", "tuning6", "tuning7"):
        report(name)
    report("blind", show_errors=False)
