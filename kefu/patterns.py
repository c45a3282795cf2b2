"""Order numbers, phones, credit codes and e-mail addresses in shopper text.

The patterns are written once, in data/nlu/regex.yml, where Rasa's
RegexEntityExtractor reads them too; this module reads the same file, so the
NLU, the actions, the shop seeding and the gateway agree on what an order
number is.
"""

import re
from functools import cache
from pathlib import Path
from typing import Dict, List, Optional, Tuple

import yaml

from kefu.credit_code import is_valid_credit_code
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
    """Every order number in `text`, in order, without repeats (not an all-digit credit code:
    "税号914201007354921810")."""
    found = (number for number, code in long_numbers(text) if not code)
    return list(dict.fromkeys(found))


def all_digit_credit_codes(text: Optional[str]) -> List[str]:
    """The 18-digit numbers in `text` that are credit codes, not order numbers (see find_order_ids)."""
    return [number for number, code in long_numbers(text) if code]


def long_numbers(text: Optional[str]) -> List[Tuple[str, bool]]:
    """Each number of an order number's shape in `text`, and whether it is a credit code instead."""
    text = normalise_order_numbers(text or "")
    return [
        (match.group(0), is_a_credit_code(match.group(0), told_as_one=told_as_a_credit_code(text, match)))
        for match in order_id_pattern().finditer(text)
    ]


def told_as_a_credit_code(text: str, match: "re.Match[str]") -> bool:
    """After "税号", or right after a company's name with a code's start ("…有限公司 9132…")."""
    before = text[: match.start()]
    after_tax_words = bool(TAX_WORDS.search(before[-8:]))
    after_a_company = bool(re.search(r"公司[\s,，:：]*$", before)) and bool(CREDIT_CODE_START.match(match.group(0)))
    return after_tax_words or after_a_company


def is_order_id(text: str) -> bool:
    """`text` is exactly one order number."""
    match = order_id_pattern().fullmatch(text)
    return match is not None and not is_a_credit_code(text)


# "税号 9142…", "信用代码是9144…": the number after these is a credit code, whatever it looks like
TAX_WORDS = re.compile(r"(?:税号|信用代码|识别号|税务登记号|纳税号)[:：\s是为]*$")
# The kinds of registrant whose all-digit codes shoppers type (enterprises 91, individual
# businesses 92, cooperatives 93, institutions 12, social organisations 51-53), then an area code
# (its first digit 1-8): an order number of 18 digits that also passes the check character there
# is taken for a code (a 1-in-31 chance for the few order numbers of that shape).
CREDIT_CODE_START = re.compile(r"^(?:9[123]|12|5[123])[1-8]")


def is_a_credit_code(number: str, told_as_one: bool = False) -> bool:
    """An 18-digit credit code, not an order number: told as one (then also when mistyped, so that
    the invoice form says what is wrong with it), or of a code's start and check character."""
    if len(number) != 18:
        return False
    return told_as_one or (bool(CREDIT_CODE_START.match(number)) and is_valid_credit_code(number))


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
        groups = re.split(r"[ \t\u3000-]+", match.group(0))
        joined = "".join(groups)
        if _CODE_WORDS.search(match.string) and _ends_a_credit_code(joined, match.string[match.end() :]):
            return match.group(0)
        last_four = len(groups) > 4 and all(len(group) == 4 for group in groups[-4:])
        last_four = last_four and is_order_id("".join(groups[-4:]))
        before = match.string[: match.start()]
        # "买的349 4316 6590 2887 3318": a price before a number typed in fours, though the whole
        # would be 19 digits long ("订单号709 2264 …" after the number's own words is one number)
        if last_four and any(len(group) != 4 for group in groups[:-4]) and not _NUMBER_WORDS.search(before):
            return " ".join(groups[:-4]) + " " + "".join(groups[-4:])
        if is_order_id(joined):
            return joined
        # two numbers typed in fours one after the other: each of them
        if all(len(group) == 4 for group in groups) and len(groups) % 4 == 0:
            numbers = ["".join(groups[at : at + 4]) for at in range(0, len(groups), 4)]
            if all(is_order_id(number) for number in numbers):
                return " ".join(numbers)
        if last_four:  # "才买的1299 4316 6590 2887 3318"
            return " ".join(groups[:-4]) + " " + "".join(groups[-4:])
        if len(groups) > 4 and all(len(group) == 4 for group in groups[:4]) and is_order_id("".join(groups[:4])):
            return "".join(groups[:4]) + " " + " ".join(groups[4:])  # "4316 6590 2887 3318 100块"
        return match.group(0)

    return _SPLIT_NUMBER.sub(join, text)


_COURIER_CODES = ("SF", "JD", "YT", "ZT", "ST", "YD", "JT", "EMS")
_CODE_WORDS = re.compile(r"税号|信用代码|识别号|纳税人")
_NUMBER_WORDS = re.compile(r"(?:订单号|单号|订单|编号)[:：\s]*$")
_CODE_TAIL = re.compile(r"[ \t\u3000-]*([0-9A-Z]{1,4})(?![0-9A-Za-z])")


def _ends_a_credit_code(digits: str, rest: str) -> bool:
    """'9133 0100 5260 1815 XH': the digits and the letters after them make an 18-character credit
    code, not an order number followed by a word."""
    tail = _CODE_TAIL.match(rest)
    if not tail or tail.group(1) in _COURIER_CODES:  # "…0264 SF快递那个": the courier after the number
        return False
    return len(digits) + len(tail.group(1)) == 18 and any(c.isalpha() for c in tail.group(1))
