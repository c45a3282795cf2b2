"""Lexicons of words the NLU recognises without training examples.

Each `data/lexicons/*.yml` file has a `label` (the entity name) and `entries`
mapping a canonical value to the other words shoppers use for it.
"""

from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Dict, Iterable, List, Optional

import yaml

from kefu.settings import DATA_DIR

DEFAULT_LEXICON_DIR = DATA_DIR / "lexicons"


@dataclass(frozen=True)
class LexiconWord:
    label: str
    canonical: str
    surface: str


class LexiconError(ValueError):
    pass


def load_lexicon_file(path: Path) -> List[LexiconWord]:
    try:
        content = yaml.safe_load(path.read_text(encoding="utf-8"))
    except yaml.YAMLError as error:
        raise LexiconError(f"{path}: not valid YAML: {error}") from error
    if not isinstance(content, dict) or "label" not in content or not isinstance(content.get("entries"), dict):
        raise LexiconError(f"{path}: expected a mapping with 'label' and 'entries'")
    label = str(content["label"])
    words = []
    for canonical, aliases in content["entries"].items():
        canonical = str(canonical)
        words.append(LexiconWord(label, canonical, canonical))
        for alias in aliases or []:
            words.append(LexiconWord(label, canonical, str(alias)))
    return words


def load_lexicons(directory: Path = DEFAULT_LEXICON_DIR) -> List[LexiconWord]:
    words: List[LexiconWord] = []
    for path in sorted(Path(directory).glob("*.yml")):
        words.extend(load_lexicon_file(path))
    return words


def canonical_lookup(words: Iterable[LexiconWord], label: str) -> Dict[str, str]:
    """Maps every surface form (lower-cased) of `label` to its canonical value."""
    return {w.surface.lower(): w.canonical for w in words if w.label == label}


@cache
def _lookup(label: str) -> Dict[str, str]:
    return canonical_lookup(load_lexicons(), label)


def surface(label: str, text: str) -> Optional[str]:
    """The surface form of the `label` lexicon named in `text`, lower-cased (the longest wins)."""
    text = str(text).lower()
    return next((form for form in sorted(_lookup(label), key=len, reverse=True) if form in text), None)


def canonical(label: str, text: str) -> Optional[str]:
    """The canonical value of the `label` lexicon named in `text` (longest surface form wins)."""
    form = surface(label, text)
    return _lookup(label)[form] if form else None
