"""Messages with nothing to understand: keyboard mashing, bare punctuation ("？？？", "asdfgh").

DIET gives every message some intent, often with full confidence ("fjdkslfj" read as affirm
1.0), so such messages must be caught before the classifier's guess is trusted. Latin words
shoppers do write ("ok", "hi", "thx") are listed in data/nonsense.yml.
"""

import re
from functools import cache
from pathlib import Path
from typing import FrozenSet

import yaml

from kefu.settings import DATA_DIR

WORDS_PATH = DATA_DIR / "nonsense.yml"
# Nothing but ASCII letters, punctuation and spaces (Chinese punctuation included); digits
# and any other character (Chinese, emoji) mean there is something to read.
NOTHING_TO_READ = re.compile(r"[A-Za-z\s!-/:-@\[-`{-~，。！？、；：…～·“”‘’（）【】《》]+")
LETTERS = re.compile(r"[A-Za-z]+")
REPEATED = re.compile(r"(.+?)\1+")


@cache
def known_latin_words(path: Path = WORDS_PATH) -> FrozenSet[str]:
    raw = yaml.safe_load(Path(path).read_text(encoding="utf-8"))
    return frozenset(str(word).lower() for word in raw["known_latin_words"])


def is_nonsense(text: str) -> bool:
    """True for a message with no Chinese, digit or emoji and no Latin word a shopper uses."""
    text = (text or "").strip()
    if not text or text.startswith("/") or not NOTHING_TO_READ.fullmatch(text):
        return False
    known = known_latin_words()
    return not any(collapse(word.lower()) in known for word in LETTERS.findall(text))


def collapse(word: str) -> str:
    """'okok' -> 'ok', 'hhhh' -> 'h', 'hahaha' -> 'ha': a word repeated is that word."""
    match = REPEATED.fullmatch(word)
    return match.group(1) if match else word
