"""Word lists read in shoppers' messages."""

from typing import Iterable


def mentions(text: str, words: Iterable[str]) -> bool:
    """Does `text` contain any of `words`?"""
    return any(word in text for word in words)
