"""Traditional characters are read as simplified; simplified text and numbers stay as typed."""

from kefu.lexicon import canonical
from kefu.traditional import to_simplified


def test_a_traditional_message_reads_as_simplified():
    assert to_simplified("空氣炸鍋5天了還沒到 咋回事") == "空气炸锅5天了还没到 咋回事"


def test_after_folding_the_lexicons_find_who_and_what():
    text = to_simplified("給我爸買雙鞋 兩百左右 有推薦嗎")
    assert canonical("recipient", text) == "爸爸"


def test_simplified_text_is_unchanged():
    text = "亲 订单4417062395810264 发货了吗😊"
    assert to_simplified(text) == text
