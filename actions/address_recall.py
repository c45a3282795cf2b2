"""Right after a new address went to a person: what was recorded ("你记的新地址是啥 我核对下") and
when it is done ("改好了告诉我一声"). Read from the conversation, so any action can answer it."""

import re
from typing import Iterator, List, Optional, Tuple

from rasa_sdk import Tracker

from actions.replies import Reply, responses_within
from kefu.address import looks_like_address
from kefu.patterns import is_order_id, normalise_order_numbers
from kefu.words import mentions

# After the hand-over: "你记的新地址是啥 我核对下", "门牌号是2单元1203 刚才漏了", "改好了告诉我一声".
HANDED_OVER_TURNS = 4
HANDED_OVER = frozenset({"utter_address_handed_over", "utter_address_redirect_handed_over"})
RECALL_WORDS = ("记的", "记下的", "记的是", "核对", "对不对", "是啥", "是什么", "写的啥", "登记的", "确认一下")
ADDED_WORDS = ("漏了", "补充", "忘了写", "忘写", "少写", "加上", "门牌", "单元", "电话是", "手机号是", "改成")
WHEN_WORDS = (
    "多久",
    "什么时候",
    "啥时候",
    "改好",
    "弄好",
    "办好",
    "处理好",
    "告诉我",
    "跟我说",
    "通知",
    "说一声",
    "说声",
    "回我",
)

DONE_WORDS = ("改好", "弄好", "办好", "处理好")
DISPATCH_ASKED = re.compile(r"(?:多久|什么时候|啥时候|几天|哪天)(?:能|可以|才|会)?(?:发|到|寄|送)")


def handed_over_address(tracker: Tracker) -> Optional[str]:
    """The new address the bot handed to a person in the last few turns (as the shopper typed
    it, in one or two messages), or None."""
    if not HANDED_OVER & set(responses_within(tracker, HANDED_OVER_TURNS)):
        return None
    return address_messages(tracker)[1]


def address_messages(tracker: Tracker) -> Tuple[Optional[str], Optional[str]]:
    """(the part of a new address the bot last said was incomplete and that has not gone to a
    person yet, or None; the last address handed to a person, or None), from the conversation."""
    said, part, address, previous = [], None, None, None
    for event in tracker.events:
        if event.get("event") == "user":
            said.append(event.get("text") or "")
        elif event.get("event") == "bot":
            name = (event.get("metadata") or {}).get("utter_action")
            if name == "utter_address_incomplete" and said:  # the part before what was missing
                # sent in pieces ("广东省深圳市南山区…", then "收件人王凯"): the pieces together
                part = f"{part} {said[-1]}" if part and previous == name else said[-1]
            elif name in HANDED_OVER and said:  # a question about another order may have come between
                address, part = (f"{part} {said[-1]}" if part else with_address_told_before(said)), None
            elif name == "utter_address_detail_added" and address and said:  # "门牌号是… 刚才漏了"
                address = f"{address} {said[-1]}"
            previous = name
    return part, address


def with_address_told_before(said: List[str]) -> str:
    """The message that completed the address ("电话138…"), after the address told a few messages
    before it (before the order number); the message alone when it is the whole address."""
    latest = said[-1]
    if looks_like_address(latest):
        return latest
    told = next((text for text in reversed(said[-5:-1]) if looks_like_address(text)), None)
    return f"{told} {latest}" if told else latest


def address_follow_up(tracker: Tracker) -> Optional[List[Reply]]:
    """What was recorded, or when it is done, asked right after the hand-over."""
    address = handed_over_address(tracker)
    text = tracker.latest_message.get("text") or ""
    if address is None:
        return None
    if mentions(text, RECALL_WORDS):
        return [("utter_address_recorded", {"address": address})]
    if mentions(text, WHEN_WORDS) and not (DISPATCH_ASKED.search(text) and not mentions(text, DONE_WORDS)):
        # "那大概什么时候发" asks about the parcel, not the change; on its way, the courier decides
        redirected = "utter_address_redirect_handed_over" in responses_within(tracker, HANDED_OVER_TURNS)
        return [("utter_address_redirect_when" if redirected else "utter_address_when", {})]
    return None


# "刚才改地址那单也给我换成顺丰吧": the order whose new address went to a person.
ADDRESS_ORDER_WORDS = ("改地址那", "改地址的那", "改了地址的", "改地址那个")


def focus_at_each_response(tracker: Tracker) -> Iterator[Tuple[Optional[str], Optional[str]]]:
    """(response name, the order in focus when the bot sent it) for each of the bot's messages, in
    order: which order an answer was about, though another may be in focus now."""
    focus = None
    for event in tracker.events:
        if event.get("event") == "slot" and event.get("name") == "order_id" and event.get("value"):
            value = normalise_order_numbers(str(event["value"]))
            focus = value if is_order_id(value) else focus
        elif event.get("event") == "bot":
            yield (event.get("metadata") or {}).get("utter_action"), focus


def order_of_the_address_change(tracker: Tracker) -> Optional[str]:
    """The order in focus when the bot last handed a new address to a person, or None."""
    found = None
    for name, focus in focus_at_each_response(tracker):
        if name in HANDED_OVER:
            found = focus
    return found
