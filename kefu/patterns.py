"""Order numbers, phones, credit codes and e-mail addresses in shopper text.

The patterns are written once, in data/nlu/regex.yml, where Rasa's
RegexEntityExtractor reads them too; this module reads the same file, so the
NLU, the actions, the shop seeding and the gateway agree on what an order
number is.
"""

import re
from functools import cache
from pathlib import Path
from typing import Dict, List, Optional

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
    """The first order number in `text` (not a phone number, not digits inside a code), also when
    typed in groups or with full-width digits."""
    match = order_id_pattern().search(normalise_order_numbers(text or ""))
    return match.group(0) if match else None


def find_order_ids(text: Optional[str]) -> List[str]:
    """Every order number in `text`, in order, without repeats."""
    found = (match.group(0) for match in order_id_pattern().finditer(normalise_order_numbers(text or "")))
    return list(dict.fromkeys(found))


def is_order_id(text: str) -> bool:
    """`text` is exactly one order number."""
    match = order_id_pattern().fullmatch(text)
    return match is not None


def find_email(text: Optional[str]) -> Optional[str]:
    match = email_pattern().search(text or "")
    return match.group(0) if match else None


FULL_WIDTH_DIGITS = str.maketrans("０１２３４５６７８９", "0123456789")
# Digit groups of 3 to 6 separated by a space or a hyphen, as shoppers retype a long number.
_SPLIT_NUMBER = re.compile(r"(?<![0-9A-Za-z])\d{3,6}(?:[ \t\u3000-]+\d{3,6})+(?![0-9A-Za-z])")


def normalise_order_numbers(text: str) -> str:
    """'４４１７ ０６２３ ９５８１ ０２６４' -> '4417062395810264'.

    Full-width digits become ASCII digits, and a number typed in groups is joined when the
    result is an order number; two whole order numbers separated by a space stay apart.
    """
    text = text.translate(FULL_WIDTH_DIGITS)

    def join(match: re.Match) -> str:
        joined = re.sub(r"[ \t\u3000-]+", "", match.group(0))
        if _CODE_WORDS.search(match.string) and _ends_a_credit_code(joined, match.string[match.end() :]):
            return match.group(0)
        return joined if is_order_id(joined) else match.group(0)

    return _SPLIT_NUMBER.sub(join, text)


_COURIER_CODES = ("SF", "JD", "YT", "ZT", "ST", "YD", "JT", "EMS")
_CODE_WORDS = re.compile(r"税号|信用代码|识别号|纳税人")
_CODE_TAIL = re.compile(r"[ \t\u3000-]*([0-9A-Z]{1,4})(?![0-9A-Za-z])")


def _ends_a_credit_code(digits: str, rest: str) -> bool:
    """'9133 0100 5260 1815 XH': the digits and the letters after them make an 18-character credit
    code, not an order number followed by a word."""
    tail = _CODE_TAIL.match(rest)
    if not tail or tail.group(1) in _COURIER_CODES:  # "…0264 SF快递那个": the courier after the number
        return False
    return len(digits) + len(tail.group(1)) == 18 and any(c.isalpha() for c in tail.group(1))
