"""Messages with nothing to understand are recognised; short Latin words and anything Chinese are not."""

import pytest

from kefu.nonsense import is_nonsense


@pytest.mark.parametrize("text", ["fjdkslfj", "asdf asdf", "qwerty", "sdfghj", "？？？", "???", "...", "。。。"])
def test_keyboard_mashing_and_bare_punctuation_are_nonsense(text):
    assert is_nonsense(text)


@pytest.mark.parametrize(
    "text",
    [
        "how soon can u ship",
        "is this a bot",
        "no no no",
        "sure",
        "ok",
        "okok",
        "hhhh",
        "SF",
        "XL",
        "ysl",
        "OK的",
        "Thx!!",
        "hi 在吗",
        "好的",
        "😡",
        "4417 0623 9581 0264",
        "/greet",
        "",
    ],
)
def test_words_numbers_emoji_and_button_payloads_are_read(text):
    assert not is_nonsense(text)
