"""Positions in a list the bot just gave ("第二个呢"), told apart from counts ("第一次买")."""

import pytest

from kefu.words import ordinal_in


@pytest.mark.parametrize("text,index", [("第二个呢 是啥材质的", 1), ("那第一单的单号也发我", 0), ("另一个呢", 1)])
def test_a_position_is_read(text, index):
    assert ordinal_in(text) == index


@pytest.mark.parametrize(
    "text", ["第一次在你们家买 怎么开发票", "第二天就坏了", "都第三周了还没到", "单号发我", "还有另一个问题 能开发票吗"]
)
def test_counts_of_times_are_no_position(text):
    assert ordinal_in(text) is None
