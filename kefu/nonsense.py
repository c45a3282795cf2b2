"""Messages with nothing to understand: keyboard mashing, bare punctuation ("？？？", "asdfgh").

DIET gives every message some intent, often with full confidence ("fjdkslfj" read as affirm
1.0), so such messages must be caught before the classifier's guess is trusted. English is
read ("how soon can u ship"): a Latin word counts when it is listed in data/nonsense.yml
("ok", "SF", "XL"), or looks like a word (a vowel, no long consonant run, not a stretch of a
keyboard row).
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
VOWEL = re.compile(r"[aeiouy]")
CONSONANT_RUN = re.compile(r"[^aeiouy]{4,}")  # "fjdkslfj", "sdfgh"; English has "ngth" at most
KEYBOARD_ROWS = ("qwertyuiop", "asdfghjkl", "zxcvbnm")


@cache
def known_latin_words(path: Path = WORDS_PATH) -> FrozenSet[str]:
    raw = yaml.safe_load(Path(path).read_text(encoding="utf-8"))
    return frozenset(str(word).lower() for word in raw["known_latin_words"])


def is_nonsense(text: str) -> bool:
    """True for a message with no Chinese, digit or emoji and no Latin word a shopper uses."""
    text = (text or "").strip()
    if not text or text.startswith("/") or not NOTHING_TO_READ.fullmatch(text):
        return False
    return not any(readable(word.lower()) for word in LETTERS.findall(text))


def readable(word: str) -> bool:
    word = collapse(word)
    if word in known_latin_words():
        return True
    if len(word) >= 4 and any(word in row for row in KEYBOARD_ROWS):
        return False  # "asdf", "qwerty", "jkl;"
    return bool(VOWEL.search(word)) and not CONSONANT_RUN.search(word)


def collapse(word: str) -> str:
    """'okok' -> 'ok', 'hhhh' -> 'h', 'hahaha' -> 'ha': a word repeated is that word."""
    match = REPEATED.fullmatch(word)
    return match.group(1) if match else word
