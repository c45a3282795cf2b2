"""Word lists read in shoppers' messages."""

import re
from typing import Iterable, Optional


def mentions(text: str, words: Iterable[str]) -> bool:
    """Does `text` contain any of `words`?"""
    return any(word in text for word in words)


# "第二个呢", "另一个": which of the things just listed (orders answered, products shown), from 0.
ORDINALS = {"第一": 0, "第1": 0, "第二": 1, "第2": 1, "另一": 1, "后面那": 1, "后一": 1, "第三": 2, "第3": 2}


# "第一次买", "第二天就坏了", "第三周了" count times, not things listed; "还有另一个问题" lists a
# question, not an order or a product.
NOT_A_POSITION = ("次", "天", "周", "遍", "回", "时间", "步", "批", "年", "月", "个问题", "个事", "件事", "个疑问")


def ordinal_in(text: str) -> Optional[int]:
    """The position the message points at ("第二个呢" → 1), or None."""
    for word, index in ORDINALS.items():
        at = text.find(word)
        if at >= 0 and not text[at + len(word) :].startswith(NOT_A_POSITION):
            return index
    return None


# "不用转人工 我等等", "先不要人工": names a person only to decline one (read by the bot's actions
# and by the gateway, which takes the shopper out of the queue).
DECLINES_A_PERSON = re.compile(
    r"(?<![要用需必是])(不用|不要|不需要|不必|无需|先不|别)(帮我|给我)?(转|找|叫)?(人工|真人|客服)(?!智能)|不转了"
)  # "要不要转人工", "用不用人工" are questions, "不是不要人工", "是不是不要客服了" complaints, not a no


# "那你能干啥", "你都会什么呀", "你们都管啥": what the bot can help with (not "这壶能干嘛", a product's use).
ASKS_WHAT_THE_BOT_DOES = re.compile(
    r"你们?(?:都|还|到底)?(?:能|会|可以|都管)(?:帮我?|帮忙)?(?:干|做)?(?:啥|什么|嘛|些啥|些什么|哪些)"
    r"(?!时候|时间|补偿|赔偿|处理|活动|颜色|优惠|款|样)"
)


# Cash on delivery: "货到付款行不", "能到付吗".
COD_WORDS = ("货到付款", "到付", "收货再付", "收到再付")
# "现在下单…", "今天拍的话…": an order about to be placed, whose times are the shop's rules
ORDER_NOW_WORDS = ("现在下单", "今天下单", "现在拍", "今天拍", "现在买", "下单的话")


# "那好吧 谢谢", "行吧 谢了哈": thanks that close a topic, nothing asked.
THANKS_ONLY = re.compile(
    r"^(?:那|哦+|嗯+|好吧|好的|好|行吧|行|ok|OK|知道了|明白了|那好吧|了解|算了)*[\s,，。.!！~～]*"
    r"(?:谢谢|謝謝|谢了|多谢|多謝|感谢|感謝|谢啦|3q|thx)(?:你|您|亲|啦|了|哈|哦|呀)*[\s,，。.!！~～🙏😊]*$"
)

# "服了 那就这样吧", "算了 随便吧": the shopper gives up on the chat, nothing asked; a kind close,
# not "没看明白" (nor a person after the second such turn).
RESIGNED_ONLY = re.compile(
    r"^(?:(?:服了|无语|唉+|哎+|害|行吧|好吧|算了|那|不问了|不说了|不聊了)[\s,，。.!！~～…]*)*(?:那|那我)?(?:就|先){0,2}"
    r"(?:就这样|这样吧|算了吧|算了|随便吧|随便你吧|拉倒吧|拉倒)(?:了|吧|啦)*[\s,，。.!！~～…😑🙄😓😞]*$"
)

# "sorry 打错了哈哈", "不好意思 手滑了": the shopper owns a mistyped message, nothing asked.
OWN_TYPO = re.compile(
    r"^(?:sorry|sry|抱歉|不好意思|对不起|哎呀|啊|呃)?[\s,，。.!！~～]*(?:刚才|刚刚)?(?:打错了?|打错字了?|按错了?|手滑了?|发错字了?|发错消息了?|输错了?)"
    r"(?:字|了|啦|哈|哈哈|哈哈哈|不好意思|sorry|抱歉|😂|🤣|😅)*[\s,，。.!！~～😂🤣😅]*$",
    re.IGNORECASE,
)

# "七天无理由从哪天开始算": when the return window starts.
WINDOW_START_WORDS = ("从哪天", "哪天开始", "从什么时候", "开始算", "从哪开始", "起算", "从啥时候")

# "好的 那我下单了", "行 我去拍了": the shopper goes to buy, nothing asked.
GOING_TO_BUY = re.compile(
    r"^(?:(?:好的?|好吧|行|嗯+|恩+|ok|OK)[\s,，~～!！。.]*)*那?我?(?:就|这就|去|马上|现在)*"
    r"(?:下单|拍下|拍了|去拍|拍一个|拍一件|买了|付款)(?:了|啦|吧|哈|哦)*[\s,，~～!！。.😊👍]*$"
)
