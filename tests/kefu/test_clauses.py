"""Two questions in one message are split at the words that join them, and only there."""

import pytest

from kefu.clauses import question_after, split_questions, without_acknowledgement, without_greeting


@pytest.mark.parametrize(
    "text,parts",
    [
        ("我的单子4721095536680142到哪了 还有能开发票吗", ["我的单子4721095536680142到哪了", "还有能开发票吗"]),
        ("3051729946021837到哪了呀 另外发票能开吗", ["3051729946021837到哪了呀", "另外发票能开吗"]),
        ("7305528816490372 发货没 顺便问下能开发票不", ["7305528816490372 发货没", "顺便问下能开发票不"]),
        ("3051729946021837到哪了 还有啥优惠活动吗", ["3051729946021837到哪了", "还有啥优惠活动吗"]),
        ("3051729946021837到哪了还有能开发票吗", ["3051729946021837到哪了", "还有能开发票吗"]),  # no space
        # no joining word: a closed question, then one about an invoice or a coupon it did not name
        ("4893307152264918 发货了吗 能开专票不", ["4893307152264918 发货了吗", "能开专票不"]),
        ("这个能退吗，有优惠券吗", ["这个能退吗", "有优惠券吗"]),
    ],
)
def test_two_questions_are_answered_one_by_one(text, parts):
    assert split_questions(text) == parts


@pytest.mark.parametrize(
    "text",
    [
        "这个裙子还有货吗",
        "还有别的吗",
        "另外一个颜色有吗",
        "在吗 还有",
        "我油皮 还有什么控油的推荐吗",
        "快递到了还有一件没到",
        "两件都这样 还有一双鞋开胶了",  # told twice: one account ("两件都这样" alone is no complaint)
        "到了吗 怎么还没到",  # the same topic asked twice
        "为什么 发票不能直接改吗",  # a reaction first: alone, "为什么" would read as a yes to an offer
        "哦这样吗 那开发票呢",
        "还没呢 发票啥时候开",
        "那316的呢 就买一支 能用满减不",  # the second asks about what the first named
        "能开发票吗 专票吗",
        "发票能开吗 我要公司抬头",
        "发货了吗 我要开发票",  # told, not asked: one message for the invoice action to read whole
    ],
)
def test_a_single_question_stays_whole(text):
    assert split_questions(text) == [text]


@pytest.mark.parametrize(
    "text,question",
    [
        ("嗯嗯 好的 大概几天能收到", "大概几天能收到"),
        ("好的 那什么时候能揽收", "那什么时候能揽收"),
        ("好 那冬天他穿的衣服呢", "那冬天他穿的衣服呢"),
        ("好的 麻烦了", "好的 麻烦了"),  # no question: the acknowledgement is the message
        ("謝謝 那這個吹風機保修多久", "那這個吹風機保修多久"),  # thanks first, read as thanks alone
        ("谢谢 麻烦你了", "谢谢 麻烦你了"),
        ("对了 7305528816490372那单呢", "7305528816490372那单呢"),  # read as a yes
        ("好用吗 这个", "好用吗 这个"),  # "好" here is no acknowledgement
        ("好的", "好的"),
    ],
)
def test_an_acknowledgement_before_a_question_leaves_the_question(text, question):
    assert without_acknowledgement(text) == question


@pytest.mark.parametrize(
    "text,question",
    [
        ("在不 7305528816490372這個訂單發貨了沒", "7305528816490372這個訂單發貨了沒"),
        ("亲在吗 发货了没", "发货了没"),
        ("你好请问发货了吗", "请问发货了吗"),
        ("在吗", "在吗"),  # a greeting alone is the message
        ("你好 我是新来的", "你好 我是新来的"),  # no question after it
    ],
)
def test_a_greeting_before_a_question_leaves_the_question(text, question):
    assert without_greeting(text) == question


@pytest.mark.parametrize(
    "rest,question",
    [
        ("我就问问 你们发什么快递", "你们发什么快递"),
        (" 对了这裙子现在239了 我买的259 能退差价不", "对了这裙子现在239了 我买的259 能退差价不"),
        (" 我就问问而已", ""),
        ("", ""),
        (" 谢谢", ""),
        (" 你就说周末发不发货", "你就说周末发不发货"),  # asked as "A不A"
        (" 我就问问 退回去运费谁出", "退回去运费谁出"),  # asked with 谁
        (" 我就问问发票", "发票"),  # the topic named is the question
        (" 我自己看吧 发票普票个人 yy_guangzhou@qq.com", "我自己看吧 发票普票个人 yy_guangzhou@qq.com"),
        (" 发票已经收到了", ""),  # tells, gives no detail
        (" 我就问问 好的", ""),
        (" 我就想知道咋退", "我就想知道咋退"),  # asked with 咋: once swallowed by the no before it
    ],
)
def test_what_is_asked_after_no_thanks(rest, question):
    assert question_after(rest) == question


@pytest.mark.parametrize(
    "text,parts",
    [("我的快递到哪了 还有能开发票吗 2957730184426609",  # once "麻烦您提供一下订单号" for the parcel
      ["我的快递到哪了 2957730184426609", "还有能开发票吗 2957730184426609"]),
     ("我的快递到哪了 还有2957730184426609能开发票吗",  # inside the second question: its own
      ["我的快递到哪了", "还有2957730184426609能开发票吗"]),
     ("上一单的退款到账没 还有新买的这单到哪了 2957730184426609",  # the first is about another order
      ["上一单的退款到账没", "还有新买的这单到哪了 2957730184426609"])],
)  # fmt: skip
def test_an_order_number_at_the_end_of_the_message_belongs_to_each_question(text, parts):
    assert split_questions(text) == parts


@pytest.mark.parametrize(
    "text,parts",
    [("个人 邮箱 chen.mama@yeah.net 还有啥时候发货啊", ["个人 邮箱 chen.mama@yeah.net", "还有啥时候发货啊"]),
     ("mingge_88@126.com 对了 这件卫衣怎么4天没物流了", ["mingge_88@126.com", "对了 这件卫衣怎么4天没物流了"])],
)  # fmt: skip
def test_an_email_given_to_the_invoice_form_is_an_answer_before_a_question(text, parts):
    """The question after the e-mail once went with it into the form, and was never answered."""
    assert split_questions(text) == parts
