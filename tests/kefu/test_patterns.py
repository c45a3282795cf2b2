"""Order numbers and e-mail addresses in shopper text, with the patterns of data/nlu/regex.yml."""

import pytest

from kefu.patterns import find_email, find_order_id, find_order_ids, is_order_id, normalise_order_numbers


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


@pytest.mark.parametrize(
    "typed,normalised",
    [
        ("4417 0623 9581 0264", "4417062395810264"),
        ("订单号：４４１７０６２３９５８１０２６４", "订单号：4417062395810264"),
        ("单号4417-0623-9581-0264到哪了", "单号4417062395810264到哪了"),
        ("3927716640582219 3051729946021837", "3927716640582219 3051729946021837"),
        ("预算 200 300 都行", "预算 200 300 都行"),
        ("电话 138 1234 5678", "电话 138 1234 5678"),
        # a credit code typed in groups is not an order number with letters after it
        ("税号9133 0100 5260 1815 XH", "税号9133 0100 5260 1815 XH"),
        ("4417 0623 9581 0264 OK", "4417062395810264 OK"),
        ("税号一会发 订单 4417 0623 9581 0264 SF快递那个", "税号一会发 订单 4417062395810264 SF快递那个"),
        # a price before a number typed in fours; two numbers typed in fours one after the other
        ("才买的349 4316 6590 2887 3318 能退差价吗", "才买的349 4316659028873318 能退差价吗"),
        ("4417 0623 9581 0264 9036 6182 7445 0193", "4417062395810264 9036618274450193"),
        ("7092 2641 8335 7710 458", "7092264183357710458"),
        ("订单号709 2264 1833 5771 0458", "订单号7092264183357710458"),
        # (a four-digit price before or after it would make a 20-digit number, which order numbers may be)
        ("4316 6590 2887 3318 65000", "4316659028873318 65000"),
    ],
)
def test_order_numbers_typed_in_groups_or_full_width_are_joined(typed, normalised):
    assert normalise_order_numbers(typed) == normalised
    if find_order_id(normalised):
        assert find_order_id(normalised) == find_order_id(normalise_order_numbers(normalised))


@pytest.mark.parametrize(
    "text,orders",
    [
        ("税号914201007354921810 普票", []),  # after 税号: a credit code
        ("南京金陵教育咨询有限公司 913201006623184996", []),  # beside a company, mistyped: still a code
        ("开专票 914403005581273423", []),  # a code's start and check character
        ("订单号 2746 6019 3884 5217", ["2746601938845217"]),
        ("913201006623184996 到哪了", ["913201006623184996"]),  # no valid check character: an order
    ],
)
def test_an_all_digit_credit_code_is_no_order_number(text, orders):
    assert find_order_ids(text) == orders


@pytest.mark.parametrize(
    "text", ["快递公司一直不派送 单号 912345678901234567", "我在公司 没人签收 订单531234567890123456"]
)
def test_an_order_number_in_a_message_about_a_company_stays_an_order_number(text):
    assert find_order_ids(text) == [text[-18:]]
