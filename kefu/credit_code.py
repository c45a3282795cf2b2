"""Unified social credit code (统一社会信用代码) check, GB 32100-2015.

18 characters from "0123456789ABCDEFGHJKLMNPQRTUWXY" (no I, O, S, V, Z); the
last is a check character: weights 3^i mod 31 over the first 17 characters,
check = 31 - (sum mod 31), with 31 written as 0.
"""

from typing import Optional

ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28]


def normalise(code: str) -> str:
    return "".join(code.split()).upper()


def check_character(first17: str) -> str:
    total = sum(ALPHABET.index(char) * weight for char, weight in zip(first17, WEIGHTS, strict=True))
    return ALPHABET[(31 - total % 31) % 31]


def credit_code_problem(code: str) -> Optional[str]:
    """None for a valid code, else a short Chinese reason for the re-ask."""
    code = normalise(code)
    if len(code) != 18:
        return f"应为18位,您发的是{len(code)}位"
    bad = [char for char in code if char not in ALPHABET]
    if bad:
        return f"含有不应出现的字符“{bad[0]}”"
    if not code[2:8].isdigit():
        return "第3到8位应为行政区划数字"
    if check_character(code[:17]) != code[17]:
        return "最后一位校验码不匹配"
    return None


def is_valid_credit_code(code: str) -> bool:
    return credit_code_problem(code) is None
