"""What the two forms share: when a message is an answer to the form's question at all.

A form that takes any text as the answer swallows complaints, requests for a person and
questions about something else; Rasa 3.6 only leaves a form when its validation fills no
slot. So free text counts as an answer only when the message is not about another topic
and names no order number (a parcel question mid-form names one).
"""

import re
from typing import Any, Dict, List

from rasa_sdk import Tracker
from rasa_sdk.events import ActiveLoop, SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions.orders import order_ids_in_message
from kefu.clauses import question_after
from kefu.patterns import normalise_order_numbers, order_id_pattern
from kefu.risk import asks_for_a_person, assess_message

OTHER_TOPICS = (
    "track_parcel",
    "ask_shipping_time",
    "ask_return_policy",
    "request_recommendation",
    "cancel_order",
    "report_order_problem",
    "ask_product_info",
    "ask_promotion",
    "ask_courier",
    "change_address",
    "request_human",
    "complain",
    "bot_challenge",
    "greet",
    "goodbye",
    "thank",
)


# "先不开了 谢谢", "算了 不用了", "不买了": the shopper leaves the form (the deny rule catches only
# a plain "不用了").
STOP_PHRASES = (
    *("不开了", "先不开", "不用开", "不需要了", "不用了", "先不用", "算了", "不要了", "以后再说", "下次再说"),
    *("不买了", "先不买", "不要推荐", "不用推荐", "别推荐", "我就问问", "随便看看"),
)


MAX_LEAVING_LENGTH = 12  # "先不开了 谢谢"; a longer message says more than that (and is read)


# "税号我得问下财务 先不开了": a reason first, then the form is left
ENDS_BY_LEAVING = re.compile(r"(?:先不开了|不开了|先不开|以后再开|回头再开|以后再说|下次再说)[吧啊呀哈了]*\W*$")


def leaves_form(text: str) -> bool:
    return len(text.strip()) <= MAX_LEAVING_LENGTH and any(phrase in text for phrase in STOP_PHRASES)


def ends_by_leaving(text: str) -> bool:
    return bool(ENDS_BY_LEAVING.search(text))


# "先不开了 我问下这个内衣尺码不对能退吗": the form is left first, then something else is asked.
LEAVES_THEN_ASKS = re.compile(r"^\s*(?:" + "|".join(map(re.escape, STOP_PHRASES)) + r")[了吧啊呀哈]*[\s,，。!！~～]+\S")


def leaves_for_another_topic(tracker: Tracker) -> bool:
    """ "先不开了 快递单号给我下": the form is left for a question the NLU reads as another topic,
    which its interrupting rule answers (ending the form first, LeavesFormFirst)."""
    text = tracker.latest_message.get("text") or ""
    intent = (tracker.latest_message.get("intent") or {}).get("name")
    leaving = LEAVES_THEN_ASKS.search(text)
    # something asked after the leaving ("先不开了 收到货再说" only gives a reason)
    asked = bool(leaving) and bool(question_after(text[leaving.end() - 1 :]))
    return asked and intent in OTHER_TOPICS and not ends_by_leaving(text)


def left_form_events(
    dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[str, Any]
) -> List[Dict[str, Any]]:
    """For an action answering another topic while a form is active: when the message starts by
    leaving the form, the form ends here (said kindly) instead of asking its question again after
    the answer. Rasa's rules then see no active form and resume nothing."""
    form = (tracker.active_loop or {}).get("name")
    text = tracker.latest_message.get("text") or ""
    if not form or not (LEAVES_THEN_ASKS.search(text) or ends_by_leaving(text)):
        return []
    if any(message.get("response") == "utter_form_stopped" for message in dispatcher.messages):
        return []  # said already by the action that passed the message on
    dispatcher.utter_message(response="utter_form_stopped")
    answers = ((domain.get("forms") or {}).get(form) or {}).get("required_slots") or []
    return [ActiveLoop(None), SlotSet("requested_slot", None)] + [SlotSet(slot, None) for slot in answers]


def typed_text(tracker: Tracker) -> str:
    """The latest message as the shopper typed it. `latest_message` holds the NLU's copy, whose
    traditional characters are folded to simplified; values that are stored (an invoice title)
    are kept as typed."""
    for event in reversed(tracker.events):
        if event.get("event") == "user":
            return event.get("text") or ""
    return tracker.latest_message.get("text") or ""


def answers_question(slot: str, tracker: Tracker, order_slot: bool = False) -> bool:
    """The latest message is the shopper's answer to the form's question for `slot`."""
    intent = (tracker.latest_message.get("intent") or {}).get("name")
    if tracker.get_slot("requested_slot") != slot or intent in OTHER_TOPICS:
        return False
    return order_slot or not order_ids_in_message(tracker)


# What a message that only gives an order number may say besides it ("订单号是 4417…哦").
_ORDER_ANSWER_WORDS = re.compile(
    r"订单号|订单编号|订单|单号|就是|这个|这单|是|的|亲|哦|哈|呢|啊|吧|嗯|好的|给你|发你|找到了?|[^\w]|_"
)
MAX_ORDER_ANSWER_EXTRA = 2  # "这单 4417…" is an answer; "还有个单子 4417… 到哪了" is a question


def asks_about_another_order(tracker: Tracker) -> bool:
    """An order number inside a question about another topic ("还有个单子 7758… 到哪了") while a
    form asks for its order: the question is answered, the number does not answer the form."""
    intent = (tracker.latest_message.get("intent") or {}).get("name")
    if tracker.get_slot("requested_slot") is None or intent not in OTHER_TOPICS:
        return False
    return not only_an_order_number(tracker.latest_message.get("text") or "")


def only_an_order_number(text: str) -> bool:
    """ "这单 4417…", "订单号是 4417…哦": an order number and nothing more asked or told."""
    rest = order_id_pattern().sub("", normalise_order_numbers(text))
    return len(_ORDER_ANSWER_WORDS.sub("", rest)) <= MAX_ORDER_ANSWER_EXTRA


class LeavesFormFirst:
    """For the actions Rasa's rules run while a form waits (data/rules/*.yml "… interrupts …"):
    `answer` is the action's own work; a message that starts by leaving the form ends it first."""

    async def answer(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[str, Any]
    ) -> List[Dict[str, Any]]:
        raise NotImplementedError

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[str, Any]
    ) -> List[Dict[str, Any]]:
        left = left_form_events(dispatcher, tracker, domain)
        if left and ends_by_leaving(tracker.latest_message.get("text") or ""):
            return left  # "税号我得问下财务 先不开了": only the leaving, nothing else is asked
        return left + await self.answer(dispatcher, tracker, domain)


def threatens(tracker: Tracker) -> bool:
    """A message with a risk that goes to a person ("开不了专票我就去税务局举报你们"). A form's
    validation returns nothing for it, so that Rasa's form rejects the turn and the rule for a
    complaint inside the form runs; a value in the same message (its 专票) would otherwise keep
    the form asking."""
    text = tracker.latest_message.get("text") or ""
    # "专票要啥资料啊 说不清 转人工": a person asked for, beside a value (专票) that would keep it asking
    # (not "还要转人工吗 个人 普票", "个人 普票 需要人工审核吗": questions about a person)
    intent = (tracker.latest_message.get("intent") or {}).get("name")
    person = intent == "request_human" and asks_for_a_person(text) and not ASKS_ABOUT_A_PERSON.search(text)
    return assess_message(text).escalate or person


# "还要转人工吗", "是不是要转人工才能开", "需要人工审核吗": whether a person is needed, not a request
ASKS_ABOUT_A_PERSON = re.compile(r"(?:人工|客服)[^\s,，。]{0,4}[吗么嘛]|要不要|是不是|需要人工|才能")
