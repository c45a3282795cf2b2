"""Order numbers and e-mail addresses in shopper text, with the patterns of data/nlu/regex.yml."""

import pytest

from kefu.patterns import find_email, find_order_id, is_order_id


@pytest.mark.parametrize("text", ["91110000802100433C", "税号91110000802100433B", "13812345678", "12345"])
def test_no_order_number_is_read_out_of_codes_phones_or_short_numbers(text):
    assert find_order_id(text) is None


def test_an_order_number_is_found_next_to_chinese_text():
    assert find_order_id("单号3051729946021837帮我查下") == "3051729946021837"


def test_a_mobile_number_is_not_an_order_number_but_a_long_one_is():
    assert not is_order_id("13812345678")
    assert is_order_id("4129038475610029384")
    assert not is_order_id("单号4129038475610029384")


def test_an_email_is_found_inside_a_sentence():
    assert find_email("发到xiaoli_88@qq.com就行") == "xiaoli_88@qq.com"
    assert find_email("没有邮箱") is None
