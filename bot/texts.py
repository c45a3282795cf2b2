"""Sentences the gateway sends, read from domain.yml responses (one place for all wording)."""

import random
from pathlib import Path
from typing import Any, Dict, List

import yaml


class Texts:
    def __init__(self, domain_file: Path):
        responses = yaml.safe_load(Path(domain_file).read_text(encoding="utf-8"))["responses"]
        self._variants: Dict[str, List[str]] = {
            name: [variant["text"] for variant in variants if "text" in variant] for name, variants in responses.items()
        }

    def render(self, name: str, **values: Any) -> str:
        return random.choice(self._variants[name]).format(**values)
