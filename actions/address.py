"""Address changes (change_address). The bot cannot change an order, so it says what can be done
by the parcel's state (DESIGN.md §1):

- not shipped: it asks for the new 省+市+区+详细地址+收件人+电话 in one message, checks that
  nothing is missing, and hands the order and the address to a person (normal priority);
- shipped: 改派 or 拦截 through the courier, with a person offered;
- delivered: too late, and a person if the parcel never arrived.
"""

import re
from datetime import datetime
from typing import Any, Dict, List, Optional, Text

from rasa_sdk import Action, Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from actions import services
from actions.address_recall import (
    ADDED_WORDS,
    HANDED_OVER,
    address_messages,
    focus_at_each_response,
    handed_over_address,
)
from actions.cancel import answer_cancel, asks_what_if_shipped
from actions.followups import answer_follow_up, asks_to_change_variant
from actions.handoff import escalate
from actions.orders import (
    answer_for_order,
    lookup_order,
    order_from_message_or_slot,
    order_id_in_focus,
    order_ids_in_message,
)
from actions.replies import (
    RETURN_ANSWER,
    WITHOUT_THE_OFFER,
    Reply,
    answered_with,
    previous_responses,
    previous_texts,
    responses_within,
    send,
    shopper_texts,
)
from actions.returns import RETURN_ADDRESS_WORDS, SENDING_BACK_ADDRESS, answer_returns, asks_where_to_send
from kefu.address import PHONE, looks_like_address, missing_parts, takes_the_change_back
from kefu.lexicon import canonical
from kefu.shop.models import Order
from kefu.shop.parcel_state import ParcelState, parcel_state
from kefu.shop.policy import ShopPolicy
from kefu.words import mentions

NEW_ADDRESS = "new_address"  # pending_topic while the bot waits for the new address
REASON = "修改收货地址"
REDIRECT_REASON = "快递改派到新地址"


def can_change(order: Order, policy: ShopPolicy, now: datetime) -> bool:
    return parcel_state(order, now, policy.stalled_after_hours) == ParcelState.NOT_SHIPPED


def address_replies(order: Order, policy: ShopPolicy, now: datetime) -> List[Reply]:
    state = parcel_state(order, now, policy.stalled_after_hours)
    values = {"order_id": order.order_id}
    if state == ParcelState.NOT_SHIPPED:
        return [("utter_address_ask_new", values)]
    if state == ParcelState.DELIVERED:
        return [("utter_address_delivered", values)]
    return [("utter_address_after_dispatch", {**values, "courier": order.parcel.courier if order.parcel else ""})]


def address_events(order: Order) -> List[Dict[Text, Any]]:
    """After the answer for `order`: wait for the new address while it can still be changed, or
    sent on to it by the courier (改派) while the parcel is on its way."""
    policy = services.shop().policy
    if parcel_state(order, services.now(), policy.stalled_after_hours) != ParcelState.DELIVERED:
        return [SlotSet("pending_topic", NEW_ADDRESS)]
    return []


def address_so_far(tracker: Tracker) -> str:
    """This message, after the part the bot last said was incomplete ("王凯 17688902345" after
    "广东省深圳市南山区…"), also when a question about another order came between."""
    text = tracker.latest_message.get("text") or ""
    if "utter_address_incomplete" not in responses_within(tracker, 3):
        told = address_told_before(tracker) if ASKS_FOR_THE_ADDRESS & set(responses_within(tracker, 2)) else None
        if told and PHONE.search(text) and not looks_like_address(text):
            # "电话13812345678" after the address told before the number, and the answer for it
            return f"{told} {text}"
        return text
    part, _ = address_messages(tracker)
    return f"{part} {text}" if part else text


# "对了我那个吹风机到哪了 9036…" while the new address is awaited: a question, not part of it
# ("王凯 17688902345 改好再发货哦" is the rest of the address).
PARCEL_QUESTION_WORDS = ("到哪", "到那了", "发了吗", "发了没", "发货没", "发货了没", "发货了吗", "物流呢", "揽收了吗")
# The answers that ask for the new address: the order in focus then is the one it is for.
ASKS_FOR_THE_ADDRESS = frozenset({"utter_address_ask_new", "utter_address_after_dispatch"})
STILL_AWAITED = "utter_address_still_awaited"


def address_order(tracker: Tracker) -> Optional[str]:
    """The order the new address is for: the one in focus when the bot asked for it (another
    order's parcel may have been asked about since), else the one in focus."""
    found = None
    for name, focus in focus_at_each_response(tracker):
        if name in ASKS_FOR_THE_ADDRESS or (name == "utter_address_incomplete" and found is None):
            found = focus  # (an address sent before the bot asked: the order when it said what was missing)
        elif name in HANDED_OVER:
            found = None
    return found or order_id_in_focus(tracker)


def asks_about_another_order(tracker: Tracker) -> bool:
    text = tracker.latest_message.get("text") or ""
    if looks_like_address(text):
        return False
    focus = address_order(tracker)
    if any(order_id != focus for order_id in order_ids_in_message(tracker)):
        return True
    return mentions(text, PARCEL_QUESTION_WORDS) and not PHONE.search(text)


def answer_beside_the_address(dispatcher: CollectingDispatcher, tracker: Tracker) -> Optional[List[Dict[Text, Any]]]:
    """Another order's parcel asked while the new address is awaited: answered, that order in
    focus for what is asked about it next, and the address still awaited for its own order (its
    part sent so far kept); None otherwise."""
    from actions.parcel import answer_parcels  # parcel imports what imports this module

    if tracker.get_slot("pending_topic") != NEW_ADDRESS or not asks_about_another_order(tracker):
        return None
    for_order = address_order(tracker)
    others = [lookup_order(order_id, tracker) for order_id in order_ids_in_message(tracker) if order_id != for_order]
    others = [order for order in others if order]
    if not others:
        return None
    events = answer_parcels(dispatcher, tracker, others[:1])
    dispatcher.utter_message(response=STILL_AWAITED, order_id=for_order)
    return events + [SlotSet("pending_topic", NEW_ADDRESS)]


# "刚下的单地址选错了 要寄到北京市…", "5580…改地址 北京市…": an address change, whatever else it names.
ADDRESS_CHANGE = re.compile(
    r"改寄|改送到|改发到|地址.{0,6}(?:改|错|换|不对)|(?:改|换)(?:一?下)?(?:个|一个)?(?:收货|收件|新)?地址"
)
# "刚才不是发给你了吗 就上面那个": the address was sent before.
SENT_BEFORE_WORDS = ("上面", "刚才", "刚刚", "之前", "前面", "发过", "发给你了")
# The answers after which a new address is awaited: before dispatch, and for the courier's 改派.
ADDRESS_ASKED = frozenset({"utter_address_ask_new", "utter_address_after_dispatch", "utter_missed_courier_call"})
ADDRESS_TURNS_BACK = 4  # how many of the shopper's earlier messages may hold the address


def asks_to_change_address(text: str) -> bool:
    return bool(ADDRESS_CHANGE.search(text))


def address_told_before(tracker: Tracker) -> Optional[str]:
    """The latest of the shopper's few earlier messages that gave an address ("刚下的单地址选错了
    要寄到北京市海淀区…" before the order number was asked), or None."""
    said = shopper_texts(tracker)[:-1]  # before this message
    return next((text for text in reversed(said[-ADDRESS_TURNS_BACK:]) if looks_like_address(text)), None)


async def take_new_address(
    dispatcher: CollectingDispatcher, tracker: Tracker, address: Optional[str] = None
) -> List[Dict[Text, Any]]:
    """The shopper sent the new address (in this message, or `address` told before): say what is
    missing, or hand it to a person."""
    address = address or address_so_far(tracker)
    missing = missing_parts(address)
    if missing:
        dispatcher.utter_message(response="utter_address_incomplete", missing="、".join(missing))
        return [SlotSet("pending_topic", NEW_ADDRESS)]
    # The ticket's summary carries the whole address, so the agent has it to copy.
    # the order it was asked for, though another order's parcel may have been asked about since
    order = lookup_order(address_order(tracker), tracker)
    order_id = order.order_id if order else None
    done = [SlotSet("pending_topic", None)] + ([SlotSet("order_id", order_id)] if order_id else [])
    if order is not None and not can_change(order, services.shop().policy, services.now()):
        courier = order.parcel.courier if order.parcel else ""
        return done + await escalate(
            *(dispatcher, tracker, "none", [REDIRECT_REASON], "utter_address_redirect_handed_over"),
            said=address, pause=False, values={"courier": courier}, order_id=order_id,
        )  # fmt: skip
    return done + await escalate(
        dispatcher, tracker, "none", [REASON], "utter_address_handed_over", said=address, pause=False, order_id=order_id
    )


def adds_to_handed_over_address(tracker: Tracker) -> bool:
    text = tracker.latest_message.get("text") or ""
    return handed_over_address(tracker) is not None and mentions(text, ADDED_WORDS)


# "门牌号是3栋502 刚才漏了", "哦对了 5单元1203": the detail, without the chat around it (the
# person reads the address back to the courier)
AFTERTHOUGHT = re.compile(
    r"^(?:(?:哦+|噢+|啊+|对了|不好意思|抱歉|漏了|忘了)[\s,，。!！~]*)+"
    r"|[\s,，。!！~]*(?:刚才|刚刚|之前|上面|前面)?(?:漏了|漏写了|忘了|忘写了|忘说了|没写|没说)[\s\w,，。!！~]{0,3}$"
)


async def add_to_handed_over_address(dispatcher: CollectingDispatcher, tracker: Tracker) -> List[Dict[Text, Any]]:
    """The detail goes on the same ticket (its summary grows), so the person sees both; the
    shopper is shown the address with the detail, as the person will read it."""
    _, address = address_messages(tracker)
    detail = AFTERTHOUGHT.sub("", tracker.latest_message.get("text") or "").strip() or tracker.latest_message.get(
        "text"
    )
    values = {"address": f"{address} {detail}" if address else detail}
    return await escalate(
        dispatcher, tracker, "none", [REASON], "utter_address_detail_added", pause=False, values=values
    )


EXCEPTION_ANSWERS = frozenset(
    {"utter_parcel_exception", "utter_followup_exception", "utter_followup_exception_meaning"}
    | {WITHOUT_THE_OFFER["utter_parcel_exception"]}
)


def address_problem_told(tracker: Tracker) -> bool:
    """The bot just told the courier's exception about the address ("收件地址不详"): an address
    sent next is the corrected one for that parcel."""
    if not EXCEPTION_ANSWERS & set(previous_responses(tracker)):
        return False
    return any("地址" in text for text in previous_texts(tracker))


def sends_new_address(tracker: Tracker) -> bool:
    """The new address, right after the bot asked for it (a parcel answer between may have
    cleared the pending topic)."""
    asked_lately = ADDRESS_ASKED & set(responses_within(tracker, 3))  # "能帮我拦截吗" may come between
    asked = tracker.get_slot("pending_topic") == NEW_ADDRESS or bool(asked_lately) or address_problem_told(tracker)
    text = tracker.latest_message.get("text") or ""
    gives_a_part = len(missing_parts(text)) < len(missing_parts(""))  # "那明天能到吗" gives none
    return (
        asked
        and gives_a_part
        and not takes_the_change_back(text)
        and not asks_about_another_order(tracker)
        and looks_like_address(address_so_far(tracker))
    )


def refers_to_address_sent(tracker: Tracker) -> Optional[str]:
    """ "刚才不是发给你了吗 就上面那个" while the new address is awaited: the address sent before."""
    text = tracker.latest_message.get("text") or ""
    awaited = tracker.get_slot("pending_topic") == NEW_ADDRESS
    return address_told_before(tracker) if awaited and mentions(text, SENT_BEFORE_WORDS) else None


def about_the_address(tracker: Tracker) -> bool:
    """The new address sent or referred to, or an address change asked for, whatever the NLU
    read ("刚下的单地址选错了 要寄到北京市…" reads like a shipping question to Beijing)."""
    text = tracker.latest_message.get("text") or ""
    # "刚才改地址那单也给我换成顺丰吧" names the order by its address change: a courier question
    change = asks_to_change_address(text) and not canonical("courier", text)
    return sends_new_address(tracker) or refers_to_address_sent(tracker) is not None or change


# The courier's report about the address ("显示地址不详", "快递说联系不上我"), unless a change is
# asked (the parcel action sends those back here: never both ways).
COURIER_REPORTS = ("地址不详", "联系不上", "打不通", "显示地址", "派送不了", "送不了", "找不到地址")
COURIER_REPORTS += ("没接电话", "没接到电话", "地址没写错", "地址没错")  # "地址没写错啊 就是我没接电话而已"


def corrects_the_order_of_another_topic(tracker: Tracker) -> bool:
    """A corrected order number ("单号输错了 是…") right after an answer on another topic, with
    nothing about an address in it."""
    from actions.dialogue import corrected_topic  # dialogue imports this module

    text = tracker.latest_message.get("text") or ""
    topic = corrected_topic(tracker)
    return bool(order_ids_in_message(tracker)) and topic not in (None, "address") and "地址" not in text


class ActionAnswerChangeAddress(Action):
    def name(self) -> Text:
        return "action_answer_change_address"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> List[Dict[Text, Any]]:
        if sends_new_address(tracker):
            return await take_new_address(dispatcher, tracker)
        from actions.recommend import narrowed_wishes, recommend_narrowed  # recommend imports what imports this

        said = tracker.latest_message.get("text") or ""
        wishes = None if "地址" in said or looks_like_address(said) else narrowed_wishes(tracker)
        if wishes:  # "不对 预算改成500吧" right after a recommendation: its 改成 changes no address
            return recommend_narrowed(dispatcher, tracker, wishes)
        if corrects_the_order_of_another_topic(tracker):
            # "哦不对 单号输错了 是5263…" after a returns answer: that topic for the number corrected
            from actions.dialogue import ActionHandleInform  # dialogue imports this module

            return await ActionHandleInform().run(dispatcher, tracker, domain)
        sent_before = refers_to_address_sent(tracker)
        if sent_before:  # "刚才不是发给你了吗 就上面那个"
            return await take_new_address(dispatcher, tracker, sent_before)
        if asks_what_if_shipped(tracker):  # "要是已经发出去了咋办" after the unshipped cancel answer
            return answer_cancel(dispatcher, tracker)
        if adds_to_handed_over_address(tracker):  # "门牌号是2单元1203 刚才漏了"
            return await add_to_handed_over_address(dispatcher, tracker)
        if canonical("courier", tracker.latest_message.get("text") or ""):
            # "刚才改地址那单也给我换成顺丰吧": the courier, not the address; imported here because
            # actions.couriers imports this module
            from actions.couriers import ActionAnswerCourier

            return await ActionAnswerCourier().run(dispatcher, tracker, domain)
        follow_up = answer_follow_up(dispatcher, tracker)  # "你记的新地址是啥 我核对下", "改成墨绿色"
        if follow_up is not None:
            return follow_up
        policy, now = services.shop().policy, services.now()
        said = tracker.latest_message.get("text") or ""
        if asks_to_change_variant(said):  # "颜色拍错了 能改吗": a person may note it before dispatch
            order = order_from_message_or_slot(tracker)
            if order is not None and order.parcel is not None:
                return answer_returns(dispatcher, tracker)  # sent: an exchange once it has come
            events = send(dispatcher, [("utter_change_variant", {})])  # the person offered is recorded
            return events + ([SlotSet("order_id", order.order_id)] if order else [])
        if mentions(said, policy.exchange_words) and "地址" not in said:
            return answer_returns(dispatcher, tracker)  # "能换个新的吗" after a broken zip: an exchange
        from actions.promotions import answer_promotion, asks_for_a_bargain  # promotions imports what imports this

        if asks_for_a_bargain(said) and not looks_like_address(said):
            return answer_promotion(dispatcher, tracker)  # "那你帮我改个价 改成249我就拍": the price
        returns_lately = answered_with(tracker, RETURN_ANSWER, 3) and asks_where_to_send(said)
        if mentions(said, RETURN_ADDRESS_WORDS) or SENDING_BACK_ADDRESS.search(said) or returns_lately:
            # "那我自己这单 寄回地址是哪", "那我寄回去 地址多少", "收件人写谁 电话多少" right after the
            # return answer: the shop's, for a return
            return answer_returns(dispatcher, tracker)
        if mentions(said, COURIER_REPORTS) and not asks_to_change_address(said):
            # "卫衣的快递咋显示地址不详 我地址写的清清楚楚的": what the courier reports, not a new address
            from actions.parcel import ActionTrackParcel  # parcel imports this module

            return await ActionTrackParcel().run(dispatcher, tracker, domain)
        order = order_from_message_or_slot(tracker)
        text = tracker.latest_message.get("text") or ""
        if order and can_change(order, policy, now) and looks_like_address(text):
            # "3927…这单地址改成 浙江省…" : the order and the address at once
            return [SlotSet("order_id", order.order_id)] + await take_new_address(dispatcher, tracker)
        told = address_told_before(tracker)
        if order and order_ids_in_message(tracker) and can_change(order, policy, now) and told:
            # the number after "刚下的单地址选错了 要寄到北京市…": the address told before, not asked again
            return [SlotSet("order_id", order.order_id)] + await take_new_address(dispatcher, tracker, told)
        events = answer_for_order(
            dispatcher,
            tracker,
            "address",
            lambda o: address_replies(o, policy, now),
            ask=[("utter_address_ask_order", {})],
        )
        return events + (address_events(order) if order else [])
