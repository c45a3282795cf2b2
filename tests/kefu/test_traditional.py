"""Traditional characters are read as simplified; simplified text and numbers stay as typed."""

import pytest

from kefu.budget import parse_budget_range
from kefu.lexicon import canonical
from kefu.traditional import to_simplified


def test_a_traditional_message_reads_as_simplified():
    assert to_simplified("空氣炸鍋5天了還沒到 咋回事") == "空气炸锅5天了还没到 咋回事"
    # 攬 and 況 were kept, so "還沒攬收 什麼情況" was no parcel question
    assert to_simplified("都一天了還沒攬收 什麼情況") == "都一天了还没揽收 什么情况"


def test_after_folding_budgets_and_categories_are_read():
    text = to_simplified("給媽媽買條圍巾 兩百左右 有推薦嗎")
    assert parse_budget_range(text) == (120, 220)  # "兩百" is no amount before folding
    assert canonical("product_category", text) == "围巾"  # nor "圍巾" a category
    assert canonical("recipient", text) == "妈妈"


def test_simplified_text_is_unchanged():
    text = "亲 订单4417062395810264 发货了吗😊"
    assert to_simplified(text) == text


def test_a_health_kettle_wished_in_traditional_characters_names_its_kind():
    """ "給我媽買個養生壺 兩百以內" once showed a hair dryer too: 養生壺 was no kind until 養 folded."""
    text = to_simplified("給我媽買個養生壺 兩百以內 能燉燕窩嗎")
    assert text == "给我妈买个养生壶 两百以内 能炖燕窝吗"


@pytest.mark.parametrize(
    "typed,read",
    [("行吧 那给我开张发漂 个人", "行吧 那给我开张发票 个人"), ("我的快递到那了", "我的快递到哪了")],
)
def test_common_typos_are_read_as_meant(typed, read):
    assert to_simplified(typed) == read


@pytest.mark.parametrize("text", ["吹完头发漂不漂亮", "今天下单最快第二天能到吗", "礼物留到她生日再送"])
def test_words_that_only_contain_a_typo_are_left_alone(text):
    assert to_simplified(text) == text
