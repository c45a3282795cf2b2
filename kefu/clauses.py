"""Two questions in one message ("我的单子…到哪了 还有能开发票吗") are answered one by one.

Rasa 3.6 could learn multi-intents, but only with `+` as the split symbol and training
examples and stories for every pair of intents; splitting the message at the words shoppers
use to join two questions reuses the single-intent model for any pair.
"""

import re
from typing import List

from kefu.patterns import find_email, find_order_ids

# A connective at a clause boundary starts a second question; typed without a space, only
# right after a question ("…到哪了还有能开发票吗", not "快递到了还有一件没到").
SECOND_QUESTION = re.compile(
    r"[\s,，。.!！?？~～;；]+(?=(?:还有|另外|顺便问下|顺便问一下|顺便|对了|再问下|再问一下|以及)[\s,，]*\S)"
    r"|(?:(?<=[吗嗎呢没沒么嘛])|(?<=哪了))(?=(?:还有|另外|顺便|对了)\S)"
)
MIN_CLAUSE = 3
MAX_CLAUSES = 3


# "嗯嗯 好的 大概几天能收到", "谢谢 那这个保修多久", "对了 7305…那单呢": an acknowledgement (or
# thanks, or a turn to another topic) before a question adds nothing the question needs, but the
# NLU reads the whole message as one (对了 as a yes).
LEADING_ACKNOWLEDGEMENT = re.compile(
    r"^(?:(?:嗯+|恩+|好的?|好吧|哦+|噢+|行|收到|明白了?|知道了|ok|OK|谢谢|謝謝|多谢|多謝|感谢|感謝|谢啦|对了|對了)[\s,，。.!！~～]+)+(?=\S)"
)
ASKS = re.compile(
    r"[吗嗎呢?？]|几|幾|谁|誰|多久|多少|什么|什麼|怎么|怎麼|咋|如何|想知道|哪|啥|能不能|可不可以|要不要|了没|了沒|\d{10,}|[不么麼]\s*$"
    r"|(\w)不\1"  # "周末发不发货"
    r"|(?:能|可以|会)\S{1,4}吧[\s?？~～]*$"  # "围巾能退吧": a yes asked for (not "可能吧", "还可以吧")
)
# "在不 7305…這個訂單發貨了沒", "亲在吗 发货了没": a greeting before the question, which the NLU reads
# as a greeting (or not at all).
LEADING_GREETING = re.compile(
    r"^(?:(?:亲+|在吗|在嗎|在不在|在不|在么|在嘛|在没|你好|您好|哈喽|hello|hi)[\s,，。.!！?？~～]*)+(?=\S)",
    re.IGNORECASE,
)
# "不用了 我就问问 你们发什么快递": words that leave the queue and say nothing more.
NOTHING_MORE = re.compile(r"^[\s,，。.!！~～]*(?:我?就(?:是)?问问(?:而已)?|谢谢了?|好的|好吧)?[\s,，。.!！~～]*")


def without_acknowledgement(text: str) -> str:
    """The question after a leading "好的"/"嗯嗯"; the message itself when no question follows
    ("好的 麻烦了" stays an acknowledgement)."""
    rest = LEADING_ACKNOWLEDGEMENT.sub("", text, count=1)
    if rest != text and len(rest) >= MIN_CLAUSE and ASKS.search(rest):
        return rest
    return text


def without_greeting(text: str) -> str:
    """The question after a leading "在吗"/"你好"; the message itself when no question follows."""
    rest = LEADING_GREETING.sub("", text, count=1)
    if rest != text and len(rest) >= MIN_CLAUSE and ASKS.search(rest):
        return rest
    return text


# "把快递单号给我", "你告诉我": asked as a request, without a question word
REQUESTS = re.compile(r"给我|发我|告诉我|帮我查|查一?下|说一?下|看一?下")


# Invoice details told after the no ("…发票普票个人"): the form's answers, not nothing.
INVOICE_DETAILS = re.compile(r"普票|专票|普通发票|专用发票|税号")  # not "发票已经收到了"
# "我就问问发票": a topic named after 问问 is the question, however short.
TOPIC_NAMED = re.compile(
    r"^(?:下|一下)?(?:那个|这个)?(?:发票|开票|专票|普票|退货|退款|换货|物流|快递|优惠券?|满减|运费|尺码|地址)"
)


def question_after(text: str) -> str:
    """What a message asks after its first words ("不用了", matched by the caller) are taken
    away: "算了 不用了我就问问 你们发什么快递" → "你们发什么快递", "不用人工了 把快递单号给我" →
    "把快递单号给我", "我就问问发票" → "发票"; empty when nothing is asked."""
    removed = NOTHING_MORE.match(text)
    rest = NOTHING_MORE.sub("", text, count=1).strip()
    if removed and "问" in removed.group(0) and TOPIC_NAMED.match(rest):
        return rest
    if INVOICE_DETAILS.search(rest) or find_email(rest):  # "我自己看吧 发票普票个人 yy@qq.com": the details
        return rest
    return rest if len(rest) >= MIN_CLAUSE and (ASKS.search(rest) or REQUESTS.search(rest)) else ""


# "我干皮 还有啥补水的推荐不": "还有啥" asks what else there is for what was just told; only after a
# question ("…到哪了 还有啥优惠吗") does it start a second one.
WHAT_ELSE = re.compile(r"^还有(?:啥|什么|什麼|没有|沒有|别的|別的|其他|其它)")


# A closed question's end ("发货了吗 能开专票不"): a second question starts there only when it turns
# to a topic of its own (an invoice, a coupon) that the first did not name ("到了吗 怎么还没到" is one).
QUESTION_END = re.compile(r"(?<=[吗嗎没沒么麼呢])[\s,，。.!！?？~～]+|(?<=[吗嗎没沒么麼呢不])[,，。!！?？~～]\s*")
OWN_TOPICS = (("发票", "专票", "普票", "开票"), ("优惠券", "券", "满减", "优惠"))


# "为什么", "哦这样吗", "真的吗", "还没呢": a reaction to the last answer, not a question of its own
# (alone, the NLU reads it as a yes or a no)
REACTION = re.compile(
    r"^(?:哦+|噢+|嗯+|那)?(?:这样|是|真的|不是|为什么|为啥|怎么|可以|不行|好的?|还没|请问一下|请问)(?:吗|嗎|呢|么|嘛|没)*$"
)


# the first question's own topic: a parcel, a return, shipping ("发货了吗 能开专票不", "这个能退吗 有券吗");
# without one ("那316的呢 就买一支 能用满减不"), the second question is about what the first named
FIRST_TOPIC_WORDS = ("发货", "发了", "到哪", "物流", "快递", "揽收", "签收", "单号", "退", "换", "包邮", "运费", "几天")


def turns_to_its_own_topic(before: str, after: str) -> bool:
    if REACTION.match(before) or not any(word in before for word in FIRST_TOPIC_WORDS):
        return False
    return any(
        any(word in after for word in words) and not any(word in before for word in words) for words in OWN_TOPICS
    )


def split_at_question_ends(part: str) -> List[str]:
    pieces = [piece.strip() for piece in QUESTION_END.split(part) if piece.strip()]
    split: List[str] = pieces[:1]
    for piece in pieces[1:]:
        if ASKS.search(piece) and turns_to_its_own_topic(split[-1], piece):
            split.append(piece)
        else:
            split[-1] = f"{split[-1]} {piece}"
    return split


def split_questions(text: str) -> List[str]:
    """The message's questions, in order; the message itself when it holds one."""
    parts: List[str] = []
    joined = (clause.strip() for clause in SECOND_QUESTION.split(text) if clause.strip())
    for part in (piece for clause in joined for piece in split_at_question_ends(clause)):
        # (an e-mail address given to a form is an answer on its own: "…@yeah.net 还有啥时候发货啊")
        told_before = parts and not ASKS.search(parts[-1]) and not find_email(parts[-1])
        if told_before and (WHAT_ELSE.match(part) or not (ASKS.search(part) or REQUESTS.search(part))):
            # told, then asked about: one question; told twice ("两件都这样 还有一双鞋开胶了"): one
            # account, which a clause alone ("两件都这样") would not make sense of
            parts[-1] = f"{parts[-1]} {part}"
        else:
            parts.append(part)
    if len(parts) < 2 or any(len(part) < MIN_CLAUSE for part in parts):
        return [text]
    if len(parts) > MAX_CLAUSES:  # the rest stays together in the last question
        parts = parts[: MAX_CLAUSES - 1] + [" ".join(parts[MAX_CLAUSES - 1 :])]
    return with_the_order_at_an_end(text, parts)


# "我的快递到哪了 还有能开发票吗 2957…": one order number at the very end of the message is the
# order of every question in it (not "还有2957…这单呢", inside one of them; at the start, the first
# question's answer puts it in focus for the next).
ORDER_AT_THE_END = re.compile(r"\d[\d\s-]{14,}\d[\s,，。.!！?？~～]*$")


ELSEWHERE = re.compile(r"上一单|上一个单|另一单|另一个单|之前那单|之前的单|上次|以前那单")  # another order's


def with_the_order_at_an_end(text: str, parts: List[str]) -> List[str]:
    named = find_order_ids(text)
    if len(named) != 1 or not ORDER_AT_THE_END.search(text):
        return parts
    return [part if find_order_ids(part) or ELSEWHERE.search(part) else f"{part} {named[0]}" for part in parts]
