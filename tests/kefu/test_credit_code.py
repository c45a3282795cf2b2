"""Unified social credit codes (GB 32100-2015) as shoppers type them for company invoices."""

import pytest

from kefu.credit_code import check_character, credit_code_problem, is_valid_credit_code

# Published codes of well-known companies (business registry, public information).
REAL_CODES = ["91110000802100433B", "91440300708461136T", "914403001922038216"]


@pytest.mark.parametrize("code", REAL_CODES)
def test_real_codes_are_accepted(code):
    assert is_valid_credit_code(code), credit_code_problem(code)


def test_lower_case_and_spaces_are_accepted():
    assert is_valid_credit_code(" 91110000802100433b ")


@pytest.mark.parametrize(
    "code,reason",
    [
        ("91110000802100433C", "校验码"),  # one wrong check character
        ("91110000802100434B", "校验码"),  # a mistyped digit changes the check character
        ("9111000080210043B", "18位"),  # a character missing
        ("91110000802100433BX", "18位"),  # one too many
        ("9111000080210O433B", "O"),  # letter O instead of zero: not in the alphabet
        ("91AB0000802100433B", "行政区划"),  # region code must be digits
    ],
)
def test_wrong_codes_get_a_reason_the_shopper_understands(code, reason):
    problem = credit_code_problem(code)
    assert problem and reason in problem


def test_check_character_matches_the_standard_example():
    assert check_character("91110000802100433") == "B"
