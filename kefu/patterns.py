"""Order numbers, phones, credit codes and e-mail addresses in shopper text.

The patterns are written once, in data/nlu/regex.yml, where Rasa's
RegexEntityExtractor reads them too; this module reads the same file, so the
NLU, the actions, the shop seeding and the gateway agree on what an order
number is.
"""

import re
from functools import cache
from pathlib import Path
from typing import Dict, Optional

import yaml

from kefu.settings import DATA_DIR

REGEX_FILE = DATA_DIR / "nlu" / "regex.yml"


@cache
def patterns(path: Path = REGEX_FILE) -> Dict[str, re.Pattern]:
    """Entity name -> compiled pattern (the first example of each `regex:` entry)."""
    entries = yaml.safe_load(Path(path).read_text(encoding="utf-8"))["nlu"]
    found = {}
    for entry in entries:
        if "regex" in entry:
            first = [line[2:] for line in entry["examples"].splitlines() if line.startswith("- ")][0]
            found[entry["regex"]] = re.compile(first)
    return found


def order_id_pattern() -> re.Pattern:
    return patterns()["order_id"]


def email_pattern() -> re.Pattern:
    return patterns()["email"]


def find_order_id(text: Optional[str]) -> Optional[str]:
    """The first order number in `text` (not a phone number, not digits inside a code)."""
    match = order_id_pattern().search(text or "")
    return match.group(0) if match else None


def is_order_id(text: str) -> bool:
    """`text` is exactly one order number."""
    match = order_id_pattern().fullmatch(text)
    return match is not None


def find_email(text: Optional[str]) -> Optional[str]:
    match = email_pattern().search(text or "")
    return match.group(0) if match else None
