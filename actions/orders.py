"""Order numbers: finding them in text, checking them against the shop, and who may see an order."""

import re
from dataclasses import replace
from typing import Any, Callable, Dict, List, Optional, Text

from rasa_sdk import Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions import services
from actions.prices import MIN_SHARED_CHARS, shared_run
from actions.replies import Reply, bot_events_within, previous_responses, send
from kefu.address import PHONE
from kefu.lexicon import canonical
from kefu.patterns import email_pattern, find_order_id, find_order_ids, is_order_id, normalise_order_numbers
from kefu.shop.models import Order, OrderItem
from kefu.traditional import to_simplified
from kefu.words import mentions, ordinal_in

# A word of letters and digits: a credit code, a user name, a model number; never an order number.
LETTERS_AND_DIGITS = re.compile(r"[0-9A-Za-z_.-]*[A-Za-z][0-9A-Za-z_.-]*")
MAX_ORDER_ID_ATTEMPTS = 3  # the first try and two re-asks, then a person is offered


def shopper_account(tracker: Tracker) -> Optional[str]:
    """The account the gateway verified for this chat (message metadata), or None: anonymous.
    The gateway passes `account` only after checking its HMAC signature (kefu/identity.py)."""
    metadata = tracker.latest_message.get("metadata") or {}
    account = metadata.get("account")
    return str(account) if account else None


def order_visible_to(order: Order, account: Optional[str]) -> bool:
    """Only a verified shopper sees an order, and only their own (DESIGN.md §3)."""
    return account is not None and account == order.account


def lookup_order(order_id: Optional[str], tracker: Tracker) -> Optional[Order]:
    """The order, when it exists and this chat may see it. Another account's order and an
    unknown number look the same, so that guessing numbers tells nothing."""
    if not order_id:
        return None
    order = services.shop().get_order(order_id)
    if order is None or not order_visible_to(order, shopper_account(tracker)):
        return None
    return order


def needs_login_response(tracker: Tracker) -> str:
    """Why a chat without a login sees no order; in other words when the bot just said it (the
    same bubble twice reads as a stuck bot, and the gateway would not send it again)."""
    said = "utter_order_needs_login" in previous_responses(tracker)
    return "utter_order_needs_login_again" if said else "utter_order_needs_login"


def say_order_not_found(dispatcher: CollectingDispatcher, tracker: Tracker, order_id: str) -> None:
    """An anonymous chat is told how to see its orders; a verified one that the number is unknown."""
    if shopper_account(tracker) is None:
        dispatcher.utter_message(response=needs_login_response(tracker))
    else:
        dispatcher.utter_message(response="utter_order_id_unknown", order_id=order_id)


def order_ids_in_message(tracker: Tracker) -> List[str]:
    """The order numbers the latest message names, as typed (spaces, full-width digits allowed).
    The NLU's entity counts only when it is an order number: it also tags "12315" (the consumer
    hotline) in "再不发我就去12315投诉"."""
    text = tracker.latest_message.get("text") or ""
    entities = [normalise_order_numbers(str(value)) for value in tracker.get_latest_entity_values("order_id")]
    named = list(dict.fromkeys(find_order_ids(text) + [value for value in entities if is_order_id(value)]))
    return named or number_split_over_two_messages(tracker)


ORDER_NUMBER_WORDS = ("单号", "订单")
# "单号6374 4092" then "1885 6630" (or "46637128 刚才没打完😅"): a number typed in two messages,
# the second starting with its rest
REST_OF_A_NUMBER = re.compile(r"^(?P<digits>\d[\d\s]*)\D*$")
TRAILING_DIGITS = re.compile(r"[\d\s]*\d$")
ONLY_DIGITS = re.compile(r"[\d\s]+")


def number_split_over_two_messages(tracker: Tracker) -> List[str]:
    """The order number the shopper's last two messages make together, when the latest starts with
    the digits that finish what the one before ended with (and holds no other number); else none."""
    rest = REST_OF_A_NUMBER.match(normalise_order_numbers(tracker.latest_message.get("text") or "").strip())
    if rest is None:
        return []
    text = rest.group("digits")
    texts = [event.get("text") or "" for event in tracker.events if event.get("event") == "user"]
    before = normalise_order_numbers(texts[-2]).strip() if len(texts) >= 2 else ""
    head = TRAILING_DIGITS.search(before)
    if head is None:
        return []
    joined = re.sub(r"\s", "", head.group(0) + text)
    if ONLY_DIGITS.fullmatch(before):
        # "3051729946" alone, then "021837 刚才没打完": the first part, found as no order, starts one
        unknown_start = all(lookup_order(number, tracker) is None for number in find_order_ids(before))
        return [joined] if unknown_start and lookup_order(joined, tracker) is not None else []
    if find_order_ids(before) or not mentions(before, ORDER_NUMBER_WORDS):
        return []  # ("我手机号13800138000" then "12345": no order number was being typed)
    return [joined] if is_order_id(joined) else []


def order_id_in_focus(tracker: Tracker) -> Optional[str]:
    """The order the conversation is about: the latest order number the `order_id` slot took.
    The slot is filled from the NLU's entity, which can be a hotline or another short number;
    such a value is passed over and the order named before it stays in focus. So is, for a
    logged-in shopper, a number that is not theirs ("我朋友的 4893…" and then "那我自己那单呢"),
    unless no number of theirs came before it. A slot cleared on purpose (None) clears the focus."""
    account = shopper_account(tracker)
    first_number = None
    for event in reversed(tracker.events):
        if event.get("event") == "slot" and event.get("name") == "order_id":
            value = event.get("value")
            if value is None:
                return first_number
            value = normalise_order_numbers(str(value))
            if not is_order_id(value):
                continue
            if account is None or lookup_order(value, tracker) is not None:
                return value
            first_number = first_number or value
    if first_number:
        return first_number
    value = tracker.get_slot("order_id")
    return value if value and is_order_id(normalise_order_numbers(str(value))) else None


# "那我自己的呢 就刚那个", "我自己这单开个普票": the shopper's own order in focus (another's number
# asked since is passed over by order_id_in_focus)
OWN_ORDER_WORDS = ("自己这单", "自己那单", "自己的单", "自己的订单", "我自己的", "自己这个", "自己那个")


def own_order_meant(tracker: Tracker) -> Optional[str]:
    """The order in focus when the message calls it the shopper's own and names no number."""
    text = tracker.latest_message.get("text") or ""
    if not any(words in text for words in OWN_ORDER_WORDS) or order_ids_in_message(tracker):
        return None
    return order_id_in_focus(tracker)


def orders_talked_about(tracker: Tracker) -> List[str]:
    """The orders the conversation has had in focus, first to last, without repeats."""
    seen: List[str] = []
    for event in tracker.events:
        if event.get("event") == "slot" and event.get("name") == "order_id" and event.get("value"):
            value = normalise_order_numbers(str(event["value"]))
            if is_order_id(value) and value not in seen:
                seen.append(value)
    return seen


def order_by_position(tracker: Tracker) -> Optional[str]:
    """ "第二个呢" after two orders answered in one message, "那第一单的单号也发我" after two asked
    one by one: the order at that position; None when the message names no position."""
    text = tracker.latest_message.get("text") or ""
    index = ordinal_in(text)
    if order_ids_in_message(tracker):  # "那另一单空气炸锅呢 3346…": the number says which
        return None
    orders = tracker.get_slot("recent_orders") or orders_talked_about(tracker)
    if index is None or len(orders) < 2 or index >= len(orders):
        return None
    focus = order_id_in_focus(tracker)
    if "另一" in text and len(orders) == 2 and focus in orders:
        return next(order for order in orders if order != focus)  # "另一单呢": the one not in focus
    return orders[index]


def chosen_from_recent(tracker: Tracker) -> Optional[str]:
    """Which of the order numbers just answered the message means: "第二个呢", or by what was
    bought ("洗面奶那个呢" when one of them holds the cleanser)."""
    recent = tracker.get_slot("recent_orders") or []
    text = tracker.latest_message.get("text") or ""
    by_position = order_by_position(tracker)
    if by_position:
        return by_position
    category = canonical("product_category", text)
    for order in (lookup_order(order_id, tracker) for order_id in recent):
        if order and holds_what_is_named(order, text, category):
            return order.order_id
    return None


def holds_what_is_named(order: Order, text: str, category: Optional[str]) -> bool:
    """One of the order's items is of the kind the message names, or shares part of its name."""
    return any(item.category == category or shared_run(text, item.name) >= MIN_SHARED_CHARS for item in order.items)


# "还没发的那单", "已经收到的那个", "羽绒服跟鞋一起那单": one of the shopper's orders, described.
NOT_SENT_WORDS = ("还没发", "没发货", "未发货", "没发的", "没发出")
RECEIVED_WORDS = ("收到的", "收到了", "签收的", "签收了", "已经到的", "到了的", "拆开")


def described_order(tracker: Tracker, undelivered: bool = False) -> Optional[Order]:
    """The one order of the logged-in shopper that the message describes by its state (not sent,
    received) and by what it holds (a category or part of a product's name); None unless exactly
    one fits something the message says. `undelivered`: among the orders not delivered yet (a
    question about shipping)."""
    account = shopper_account(tracker)
    text = tracker.latest_message.get("text") or ""
    if account is None:
        return None
    shop = services.shop()
    orders = [order for order in map(shop.get_order, shop.list_account_order_ids(account)) if order]
    if undelivered:
        orders = [order for order in orders if order.delivered_at is None]
    if any(word in text for word in NOT_SENT_WORDS):
        orders = [order for order in orders if order.parcel is None]
    elif any(word in text for word in RECEIVED_WORDS):
        orders = [order for order in orders if order.delivered_at is not None]
    else:
        orders = [] if not holding(orders, text) else orders
    narrowed = holding(orders, text) or orders
    return narrowed[0] if len(narrowed) == 1 else None


def holding(orders: List[Order], text: str) -> List[Order]:
    """The orders naming the most of their items in the text (by category, its noun: "鞋" for
    运动鞋, or a run of the name's characters), when any is named."""

    kind = canonical("product_category", text)  # "洗面奶" names the 护肤品 kind

    def named(item) -> bool:
        noun = item.category[-1] in ITEM_NOUNS and item.category[-1] in text
        by_kind = noun or item.category in text or item.category == kind
        return by_kind or shared_run(text, item.name) >= MIN_SHARED_IN_OWN_ORDERS

    scores = [(sum(named(item) for item in order.items), order) for order in orders]
    best = max((score for score, _ in scores), default=0)
    return [order for score, order in scores if best and score == best]


# Among the shopper's own few orders two characters ("健步", "卫衣") pick one; across the whole
# catalogue prices.MIN_SHARED_CHARS asks three.
MIN_SHARED_IN_OWN_ORDERS = 2
# The last character of a category that names the thing itself ("鞋" for 运动鞋); "包" is not one
# (包裹, 包邮), nor "衣" (衣服 for anything).
ITEM_NOUNS = ("鞋", "裙", "裤", "壶", "巾")


def order_from_message_or_slot(tracker: Tracker) -> Optional[Order]:
    """The order the latest message names, or points at among those talked about ("那第一单呢"),
    else the one already in the conversation."""
    return lookup_order(order_named_or_pointed_at(tracker) or order_before_detour(tracker), tracker)


def order_named_or_pointed_at(tracker: Tracker) -> Optional[str]:
    """The order number in the latest message, else the order it points at by position among
    those talked about ("那第一单"); None when it does neither."""
    named = order_ids_in_message(tracker)
    if len(named) > 1:  # "我有两单 4195… 和 2518… 内衣那单能退吗": the one holding what it names
        return order_holding_what_it_names(tracker, named) or named[0]
    return named[0] if named else order_by_position(tracker)


def order_holding_what_it_names(tracker: Tracker, order_ids: List[str]) -> Optional[str]:
    """Of several orders, the only one with an item of the kind (or part of the name) the
    message names; None when none or several fit."""
    text = to_simplified(tracker.latest_message.get("text") or "")
    category = canonical("product_category", text)
    fits = [
        order.order_id
        for order in filter(None, (lookup_order(order_id, tracker) for order_id in order_ids))
        if holds_what_is_named(order, text, category)
    ]
    return fits[0] if len(fits) == 1 else None


# "回到刚才退鞋的事", "还是说刚才那单": back to the order talked about before the last one.
EARLIER = r"(?:刚才|刚刚|之前|前面|上面)"
BACK_TO_EARLIER = re.compile(rf"回到{EARLIER}|(?:还是|再)说回?{EARLIER}|说回{EARLIER}?")


# "那刚才牛仔裤的差价在哪申请", "洗面奶那单快递单号多少", "吹风机那个快递单号多少": an earlier
# order, by what it holds
EARLIER_ITEM = re.compile(rf"{EARLIER}|那(?:单|个单|笔|个)")


def order_before_detour(tracker: Tracker) -> Optional[str]:
    """The order in focus; the one before it when the message goes back to it; an earlier one
    talked about that holds what the message names after 刚才 ("刚才牛仔裤的差价") when the
    order in focus does not."""
    focus = order_id_in_focus(tracker)
    talked = orders_talked_about(tracker)
    text = tracker.latest_message.get("text") or ""
    at = talked.index(focus) if focus in talked else 0
    if BACK_TO_EARLIER.search(text) and at > 0:
        return talked[at - 1]
    if EARLIER_ITEM.search(text) and len(talked) > 1:
        orders = [order for order in (lookup_order(number, tracker) for number in talked) if order]
        held = holding(orders, text)
        if len(held) == 1 and held[0].order_id != focus:
            return held[0].order_id
    return focus


def answer_for_order(
    dispatcher: CollectingDispatcher,
    tracker: Tracker,
    topic: str,
    replies_for: Callable[[Order], List[Reply]],
    ask: List[Reply],
    find_order: Optional[Callable[[Tracker], Optional[Order]]] = None,
) -> List[Dict[Text, Any]]:
    """Answers `topic` for the order the message names or the one in focus (or the one
    `find_order` picks); without one, asks for it (ask_for_the_order), so that a number given
    later answers the topic."""
    order = (find_order or order_from_message_or_slot)(tracker)
    named = order_ids_in_message(tracker)
    if order is None and named and shopper_account(tracker) is not None:
        # "帮我朋友看下这单 3927… 能改地址不": not in this account, said so (not asked for again);
        # the topic waits for the shopper's own number
        say_order_not_found(dispatcher, tracker, named[0])
        return [SlotSet("pending_topic", topic)]
    if order is None:
        return ask_for_the_order(dispatcher, tracker, topic, ask)
    return send(dispatcher, replies_for(order)) + [SlotSet("order_id", order.order_id), SlotSet("pending_topic", None)]


LOOKUP = re.compile(r"查|找|搜|看看|看下|看一下")


def asks_a_lookup_by_phone(tracker: Tracker) -> bool:
    """ "她手机号186… 你查下嘛": a look-up by phone number, never done (orders stay private)."""
    text = tracker.latest_message.get("text") or ""
    return bool(PHONE.search(text) and LOOKUP.search(text)) and not find_order_ids(text)


def ask_for_the_order(
    dispatcher: CollectingDispatcher, tracker: Tracker, topic: str, ask: List[Reply]
) -> List[Dict[Text, Any]]:
    """Sends `ask`, which ends with the question for the order number, and keeps `topic`
    pending. No number can help an anonymous chat: it is told how to log in instead."""
    if shopper_account(tracker) is None:
        send(dispatcher, ask[:-1] + [(needs_login_response(tracker), {})])
        return [SlotSet("pending_topic", None)]
    if asks_a_lookup_by_phone(tracker):
        # "她手机号186… 你查下嘛": orders are found by their number in the shopper's own account,
        # never by a phone number (another person's orders stay private)
        return send(dispatcher, ask[:-1] + [("utter_no_lookup_by_phone", {})]) + [SlotSet("pending_topic", topic)]
    if ask[-1][0] == "utter_ask_order_id" and "utter_ask_order_id" in previous_responses(tracker):
        # asked just now and answered without a number ("就前几天买的那个碎花的"): not the same words again
        ask = ask[:-1] + [("utter_ask_which_order", {})]
    return send(dispatcher, ask) + [SlotSet("pending_topic", topic)]


def validate_order_id_value(
    slot: str, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker
) -> Dict[Text, Any]:
    """Form validation of an order-number slot.

    A message without any digits answered another question and is not an attempt, nor is one
    whose digits are in an e-mail address or a code with letters ("邮箱 xiaoli88@163.com", a
    credit code sent to the invoice form before its order number). Malformed
    or unknown numbers are re-asked at most twice; the third failure offers a person and
    ends the form.
    """
    text = str(value) if value is not None else ""
    order_id = find_order_id(text)
    if order_id and lookup_order(order_id, tracker):
        return {slot: order_id, "order_id": order_id, "order_id_attempts": 0}
    other_answers = LETTERS_AND_DIGITS.sub(" ", email_pattern().sub(" ", text))
    if not any(char.isdigit() for char in other_answers):
        return {slot: None}
    attempts = int(tracker.get_slot("order_id_attempts") or 0) + 1
    if attempts >= MAX_ORDER_ID_ATTEMPTS:
        dispatcher.utter_message(response="utter_order_id_give_up")
        return {slot: None, "order_id_attempts": 0, "requested_slot": None, "offer": "human"}
    if order_id:
        say_order_not_found(dispatcher, tracker, order_id)
    else:
        dispatcher.utter_message(response="utter_order_id_malformed")
    return {slot: None, "order_id_attempts": attempts}


# "那牛肉干呢 一起买的", "那拉拉裤呢": the same question about another item of the order.
# "那牛肉干呢", "牛肉干也不行啊 还没开封呢": the same question for another item
ANOTHER_ITEM = re.compile(r"^\s*(?:(?:那|还有)(?:个|件|双|条)?\S{1,10}?呢|\S{1,10}?也(?:不行|不能退|退不了))")


def names_another_item(tracker: Tracker) -> bool:
    """ "那X呢" naming an item of the order in focus by (part of) its name or its category."""
    text = tracker.latest_message.get("text") or ""
    order = lookup_order(order_id_in_focus(tracker), tracker) if ANOTHER_ITEM.match(text) else None
    if not order:
        return False
    return holds_what_is_named(order, text, canonical("product_category", text))


# "卫衣留着 牛仔裤腰太大了 只退裤子": the item kept is not the one talked about
KEPT = re.compile(r"(?<![不别没])(?:留着|留著|留下|要留|先留|自己留)|(?<![为怎么退换])不(?:退|换)(?!\w)")


def kept_items(order: Order, text: str) -> List[OrderItem]:
    """The items of the order the message says are kept ("卫衣留着"), by a clause naming them
    (not "卫衣不想留着了")."""
    text = to_simplified(text)
    clauses = [clause for clause in re.split(r"[\s,，。.!！?？~～;；]+", text) if KEPT.search(clause)]
    clauses = [clause for clause in clauses if not re.search(r"不[想要用]?留|为啥|为什么|怎么|吗", clause)]
    return [
        item
        for item in order.items
        if any(item.category in clause or shared_run(clause, item.name) >= MIN_SHARED_CHARS for clause in clauses)
    ]


def item_for_message(order: Order, tracker: Tracker):
    """The order item the shopper talks about: the named category, else the one the bot just
    answered about, else the first item; never one the message says is kept."""
    text = tracker.latest_message.get("text") or ""
    kept = kept_items(order, text)
    if kept and len(kept) < len(order.items):
        order = replace(order, items=tuple(item for item in order.items if item not in kept))
    category = tracker.get_slot("product_category")
    mentioned = next(tracker.get_latest_entity_values("product_category"), None)
    by_name = [item for item in order.items if shared_run(text, item.name) >= MIN_SHARED_CHARS]
    if not mentioned and len(by_name) == 1:
        return by_name[0]  # "那牛肉干呢", which the NLU tags as no category
    for wanted in (mentioned, category):
        for item in order.items:
            if wanted and (wanted == item.category or wanted in item.name):
                return item
    for event in bot_events_within(tracker, 3):  # "换大一码行不行" right after the shoes' answer: the shoes
        said = [item for item in order.items if item.name in (event.get("text") or "")]
        if len(said) == 1:
            return said[0]
    return order.items[0]
