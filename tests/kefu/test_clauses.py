"""Two questions in one message are split at the words that join them, and only there."""

import pytest

from kefu.clauses import split_questions, without_acknowledgement


@pytest.mark.parametrize(
    "text,parts",
    [
        ("我的单子4721095536680142到哪了 还有能开发票吗", ["我的单子4721095536680142到哪了", "还有能开发票吗"]),
        ("3051729946021837到哪了呀 另外发票能开吗", ["3051729946021837到哪了呀", "另外发票能开吗"]),
        ("7305528816490372 发货没 顺便问下能开发票不", ["7305528816490372 发货没", "顺便问下能开发票不"]),
    ],
)
def test_two_questions_are_answered_one_by_one(text, parts):
    assert split_questions(text) == parts


@pytest.mark.parametrize("text", ["这个裙子还有货吗", "还有别的吗", "另外一个颜色有吗", "在吗 还有"])
def test_a_single_question_stays_whole(text):
    assert split_questions(text) == [text]


@pytest.mark.parametrize(
    "text,question",
    [
        ("嗯嗯 好的 大概几天能收到", "大概几天能收到"),
        ("好的 那什么时候能揽收", "那什么时候能揽收"),
        ("好 那冬天他穿的衣服呢", "那冬天他穿的衣服呢"),
        ("好的 麻烦了", "好的 麻烦了"),  # no question: the acknowledgement is the message
        ("好用吗 这个", "好用吗 这个"),  # "好" here is no acknowledgement
        ("好的", "好的"),
    ],
)
def test_an_acknowledgement_before_a_question_leaves_the_question(text, question):
    assert without_acknowledgement(text) == question
