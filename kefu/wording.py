"""Checks that the assistant never over-promises (rules in data/wording.yml).

python -m kefu.wording      # lists every violation in domain.yml and the quick replies
"""

import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Dict, Iterable, Iterator, List, Tuple

import yaml

from kefu.settings import DATA_DIR, PROJECT_DIR


@dataclass(frozen=True)
class WordingRules:
    banned: Tuple[str, ...]
    allowed: Tuple[str, ...]
    restricted: Dict[str, Tuple[str, ...]]

    @classmethod
    def load(cls, path: Path = DATA_DIR / "wording.yml") -> "WordingRules":
        raw = yaml.safe_load(Path(path).read_text(encoding="utf-8"))
        return cls(
            tuple(raw["banned"]),
            tuple(sorted(raw.get("allowed") or (), key=len, reverse=True)),
            {phrase: tuple(names) for phrase, names in (raw.get("restricted") or {}).items()},
        )

    def problems(self, source: str, text: str) -> List[str]:
        """What is wrong with one sentence said by `source` (a response name or another label)."""
        cleaned = text
        for phrase in self.allowed:
            cleaned = cleaned.replace(phrase, "")
        found = [f"{source}: over-promising “{word}” in “{text}”" for word in self.banned if word in cleaned]
        found += [
            f"{source}: “{phrase}” is only allowed in {', '.join(names)}: “{text}”"
            for phrase, names in self.restricted.items()
            if phrase in cleaned and source not in names
        ]
        return found


def domain_sentences(domain_file: Path = PROJECT_DIR / "domain.yml") -> Iterator[Tuple[str, str]]:
    responses = yaml.safe_load(domain_file.read_text(encoding="utf-8"))["responses"]
    for name, variants in responses.items():
        for variant in variants:
            yield name, variant.get("text", "")
            for button in variant.get("buttons") or []:
                yield name, button["title"]


def quick_reply_sentences(path: Path = DATA_DIR / "quick_replies.yml") -> Iterator[Tuple[str, str]]:
    for category, phrases in yaml.safe_load(path.read_text(encoding="utf-8"))["categories"].items():
        for phrase in phrases:
            yield f"quick_replies/{category}", phrase


def check(sentences: Iterable[Tuple[str, str]], rules: WordingRules) -> List[str]:
    return [problem for source, text in sentences for problem in rules.problems(source, text)]


if __name__ == "__main__":
    found = check(list(domain_sentences()) + list(quick_reply_sentences()), WordingRules.load())
    print("\n".join(found) or "No over-promising found.")
    sys.exit(1 if found else 0)
