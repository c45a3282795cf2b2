"""Parcel lookup (track_parcel): wording follows the parcel's real state.

The order comes from the message (several numbers are answered one by one), or is
the order in focus; a question about the order just answered ("那什么时候能揽收",
"明天能到吗") gets the follow-up for its state instead of the same answer again.
Without any order number the bot asks for one and remembers the topic, so that a
number given later answers it (actions/dialogue.py).
"""

import re
from datetime import datetime
from typing import Any, Dict, List, Optional, Text

from rasa_sdk import Action, Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from actions import services
from actions.cancel import answer_cancel, asks_what_if_shipped
from actions.courier_facts import couriers_when_asked
from actions.followups import (
    DAMAGED_AT_THE_DOOR,
    DELIVERED_ANSWERS,
    MISSED_CALL,
    WHAT_NOW_ONLY,
    answer_follow_up,
    refund_check_accepted,
)
from actions.forms import LeavesFormFirst
from actions.orders import (
    ask_for_the_order,
    asks_a_lookup_by_phone,
    chosen_from_recent,
    described_order,
    lookup_order,
    names_another_item,
    order_before_detour,
    order_by_position,
    order_ids_in_message,
    say_order_not_found,
)
from actions.products import answer_product_question, asks_about_a_product
from actions.replies import (
    RETURN_ANSWER,
    WITHOUT_THE_OFFER,
    Reply,
    answered_with,
    previous_responses,
    queued_for_a_person,
    responses_within,
    send,
)
from actions.returns import (
    NOT_SENT_YET_WORDS,
    answer_refund_with_a_discount,
    answer_returns,
    asks_a_refund_with_a_discount,
    asks_where_to_send,
)
from kefu.address import PHONE
from kefu.clauses import ASKS
from kefu.lexicon import canonical
from kefu.patterns import normalise_order_numbers, order_id_pattern
from kefu.risk import assess_message, thanks_is_the_answer
from kefu.shop.models import Order
from kefu.shop.parcel_state import ParcelState, dispatch_overdue, parcel_facts, pickup_overdue
from kefu.shop.policy import ShopPolicy
from kefu.traditional import to_simplified
from kefu.words import ORDER_NOW_WORDS, mentions

MAX_ORDERS_PER_MESSAGE = 3

STATE_RESPONSES = {
    ParcelState.NOT_SHIPPED: "utter_parcel_not_shipped",
    ParcelState.AWAITING_PICKUP: "utter_parcel_awaiting_pickup",
    ParcelState.PICKED_UP: "utter_parcel_picked_up",
    ParcelState.IN_TRANSIT: "utter_parcel_in_transit",
    ParcelState.STALLED: "utter_parcel_stalled",
    ParcelState.DELIVERED: "utter_parcel_delivered",
    ParcelState.EXCEPTION: "utter_parcel_exception",
}

# A question about the parcel just answered: what the shopper wants to know next.
FOLLOW_UP_RESPONSES = {
    ParcelState.NOT_SHIPPED: "utter_followup_not_shipped",
    ParcelState.AWAITING_PICKUP: "utter_followup_pickup",
    ParcelState.PICKED_UP: "utter_followup_eta",
    ParcelState.IN_TRANSIT: "utter_followup_eta",
    ParcelState.STALLED: "utter_followup_stalled",
    ParcelState.DELIVERED: "utter_followup_delivered",
    ParcelState.EXCEPTION: "utter_followup_exception",
}


# "显示签收了但我没收到", "门口没有 邻居也说没看到": a person checks with the courier.
# "派送员电话多少": the phone the courier's own tracking shows, if any.
COURIER_PERSON_WORDS = ("派送员", "快递员", "快递小哥", "送货的", "配送员", "网点")  # "网点电话给我"
PHONE_WORDS = ("电话", "手机", "号码", "联系方式")


# "我想投诉这个快递员", "快递小哥态度太差 怎么投诉快递": the courier's service, which the courier's own
# customer service takes complaints about (data/risk.yml keeps it from reading as a threat to the shop)
COURIER_COMPLAINED = re.compile(r"投诉(?:这个|那个|一下)?(?:快递|驿站|派送|配送)")
SHOP_WORDS = ("你们", "你家", "店", "商家", "卖家", "平台", "客服")
# "快递员电话都不打一个": no phone asked for, the courier never called
NEVER_CALLED = re.compile(r"电话(?:都|也)?(?:不|没)(?:打|给)|(?:不|没)(?:给我)?打(?:个|一个)?电话")


def complains_of_the_courier(text: str) -> bool:
    """ "我想投诉这个快递员", "这种快递员我要投诉 怎么投诉他": the courier's service, not the shop's."""
    courier_named = mentions(text, COURIER_PERSON_WORDS + ("驿站",)) and "投诉" in text
    return bool(COURIER_COMPLAINED.search(text)) or (courier_named and not mentions(text, SHOP_WORDS))


def courier_complaint_reply(order: Optional[Order]) -> Reply:
    """Where to complain about the courier (its own customer service), a person offered."""
    courier = order.parcel.courier if order is not None and order.parcel is not None else "快递公司"
    return ("utter_courier_complaint", {"courier": courier})


def courier_phone_replies(order: Order, text: str) -> Optional[List[Reply]]:
    """The delivering courier's phone from the tracking, when the message asks for it; where to
    complain about the courier, when that is asked ("电话都不打一个 我想投诉这个快递员")."""
    if complains_of_the_courier(text) and order.parcel is not None:
        return [courier_complaint_reply(order)]
    phone_asked = mentions(text, PHONE_WORDS) and not NEVER_CALLED.search(text)
    if not (mentions(text, COURIER_PERSON_WORDS) and phone_asked) or order.parcel is None:
        return None
    phones = [match.group(0) for event in order.parcel.events for match in PHONE.finditer(event.text)]
    values = {"order_id": order.order_id, "courier": order.parcel.courier, "tracking_no": order.parcel.tracking_no}
    if phones:
        return [("utter_courier_phone", {**values, "phone": phones[-1]})]
    return [("utter_courier_phone_unknown", values)]


NOT_RECEIVED = re.compile(
    r"没有?(收到|看到|见到|拿到|签收|看见|找着|找到)|门口没有|找不到|不是我签|没人签|我没签|我没有签"
    r"|(?:啥|什么)(?:也|都)没有|找了一圈|翻遍了"  # "家门口啥也没有啊 找了一圈了"
)


def says_not_received(tracker: Tracker) -> bool:
    """Right after the delivered answer, the shopper says it did not arrive."""
    text = tracker.latest_message.get("text") or ""
    return bool(DELIVERED_ANSWERS & set(previous_responses(tracker))) and bool(NOT_RECEIVED.search(text))


def offer_a_check(dispatcher: CollectingDispatcher) -> List[Dict[str, Any]]:
    return send(dispatcher, [("utter_delivered_not_received", {})])


# "快递单号多少": the state answer, which names the courier and tracking number.
TRACKING_WORDS = ("单号", "运单", "快递号", "哪个快递", "什么快递", "啥快递", "哪家快递")
# "订单号:2957… 发货了没", "单号在这 4893…": the shopper gives the order's number, and asks about
# the order, not for the tracking number ("快递单号是多少" does ask for it)
ORDER_NUMBER = re.compile(r"订单(?:编)?号|单号(?:在这儿?|在这里|给你|发你)|单号\s*(?:是|[:：])?\s*\d{12}")


def asks_tracking_number(text: str) -> bool:
    # "为啥快递一直不送" asks why, not "啥快递" (which courier)
    return mentions(ORDER_NUMBER.sub("", text).replace("为啥", "为何"), TRACKING_WORDS)


# "单号给我", "运单号多少": the parcel's number asked for (not "我寄回去了 单号SF…", "退货单号填哪")
NUMBER_REQUESTED = re.compile(r"给我|发我|发一下|发下|多少|是啥|是什么|是多少|告诉我")


def asks_for_the_tracking_number(text: str) -> bool:
    return (
        asks_tracking_number(text)
        and bool(NUMBER_REQUESTED.search(text))
        and not mentions(text, ("退", "寄回", "发给你", "填"))
    )


# "到哪了 都好几天了": the wait told, an apology before the parcel answer (not a risk by itself)
WAITED_LONG_WORDS = ("好几天了", "都几天了", "好多天了", "这么多天", "等了几天", "等了好几天")
# "明天能到吗" while the courier has not picked the parcel up: when it arrives, not when it is picked up.
ARRIVAL_WORDS = ("到", "几天", "多久", "明天", "后天", "收到")


# "爆仓是啥意思": what the courier's words mean, not only when it goes on.
# A worry that the parcel is lost, not the packaging or the slip ("盒子丢了"): what the shop does
# if the courier confirms it, not the state answer again.
LOST = re.compile(r"(?<!包装)(?<!盒子)(?<!箱子)(?<!吊牌)(?<!单子)(?:丢了|丢件|丢失|寄丢|弄丢|搞丢|丢包|遗失|丢没丢)")
# (an exception's own answer says what holds it up, with an apology and a person offered)
LOSABLE = frozenset({ParcelState.PICKED_UP, ParcelState.IN_TRANSIT, ParcelState.STALLED})
MEANING = re.compile(r"(?:啥|什么)意思|是(?:什么|啥)(?!时候)|咋回事|怎么回事")  # not "是什么时候能恢复"


def parcel_replies(
    order: Order,
    policy: ShopPolicy,
    now: datetime,
    follow_up: bool = False,
    text: str = "",
    tracking_asked: bool = False,
) -> List[Reply]:
    """The answer about one order's parcel; registers a chase when it has stalled, or when an
    unshipped order has waited longer than the usual handling days. `tracking_asked`: the
    tracking number was asked in an earlier message, for another order."""
    state, values = parcel_facts(order, policy, now)
    overdue = state == ParcelState.NOT_SHIPPED and dispatch_overdue(values)
    if state == ParcelState.STALLED or overdue:
        services.shop().register_chase(order.order_id, now)
    if overdue:  # "都三天了还不发货": an apology and the chase, not the usual days; asked again, the chase
        return [("utter_followup_overdue" if follow_up else "utter_parcel_not_shipped_overdue", values)]
    if order.parcel is not None and order.delivered_at is None and DAMAGED_AT_THE_DOOR.search(text):
        return [("utter_damaged_at_the_door", {})]  # "快递员说箱子压坏了 我要不要签收啊"
    if order.parcel is not None and order.delivered_at is None and MISSED_CALL.search(text):
        values = {"courier": order.parcel.courier, "tracking_no": order.parcel.tracking_no}
        return [("utter_missed_courier_call", values)]  # "我手机没听见 那咋办啊": how to reach the courier
    phone = courier_phone_replies(order, text)
    if phone:
        return phone
    if state == ParcelState.DELIVERED and NOT_RECEIVED.search(text):  # a person checks with the courier
        check = [("utter_delivered_not_received", {})]
        return check if follow_up else [("utter_parcel_delivered_told_not_received", values)] + check
    tracking = tracking_asked or asks_tracking_number(text)
    if state == ParcelState.AWAITING_PICKUP and pickup_overdue(values) and not tracking:
        # "三天了还等揽收?": an apology and the chase, not "一般1个工作日左右会有揽收记录"
        services.shop().register_chase(order.order_id, now)
        return [("utter_followup_pickup_overdue" if follow_up else "utter_parcel_pickup_overdue", values)]
    if state == ParcelState.AWAITING_PICKUP and tracking:
        return [("utter_parcel_awaiting_pickup_tracking", values)]  # "快递单号给我下 我自己查"
    if values.get("tracking_no") and tracking:
        # "快递单号发我 我自己打电话问韵达": the number itself, not the state answer (which may lack it)
        return [("utter_parcel_tracking_no", values)]
    if state in LOSABLE and LOST.search(text) and not tracking:  # "是不是丢了 丢了怎么办"
        values.setdefault("time", "")
        values.setdefault("event", "")
        return [("utter_parcel_lost" if state == ParcelState.STALLED else "utter_parcel_lost_moving", values)]
    if follow_up and not tracking:
        values.setdefault("transit_days", policy.transit_days)
        values.setdefault("time", "")
        values.setdefault("event", "")
        arrival = any(word in text for word in ARRIVAL_WORDS) and "揽收" not in text
        if state == ParcelState.AWAITING_PICKUP and MEANING.search(text):
            return [("utter_followup_awaiting_pickup_meaning", values)]  # "等待揽收是啥意思 到底发没发"
        if state == ParcelState.AWAITING_PICKUP and arrival:
            return [("utter_followup_pickup_eta", values)]
        if state == ParcelState.EXCEPTION and MEANING.search(text):
            return [("utter_followup_exception_meaning", values)]  # "爆仓是啥意思"
        return [(FOLLOW_UP_RESPONSES[state], values)]
    couriers = couriers_when_asked(text, policy) if state == ParcelState.NOT_SHIPPED and not follow_up else []
    return [(STATE_RESPONSES[state], values)] + couriers


# Parcel answers that start with an apology: no "抱歉给亲添麻烦了~" before them.
APOLOGISING = frozenset(
    {"utter_parcel_stalled", "utter_parcel_exception", "utter_parcel_not_shipped_overdue", "utter_parcel_why_slow"}
    | {"utter_parcel_pickup_overdue", "utter_parcel_lost"}
    | set(WITHOUT_THE_OFFER.values())  # said while queued for a person
)
# Asked on about the same parcel ("今天能派送嗎" after "一般发出后2-4天左右送达"): the same answer
# in other words, not the same bubble twice.
SAID_AGAIN = {"utter_followup_eta": "utter_followup_eta_again"}


def answer_parcels(
    dispatcher: CollectingDispatcher,
    tracker: Tracker,
    orders: List[Order],
    follow_up: bool = False,
    sorry: bool = False,
    queued: bool = False,
) -> List[Dict[str, Any]]:
    """Sends the parcel answer for each order; the first becomes the order in focus. `sorry`: the
    shopper is annoyed, so an apology comes first unless the answer itself starts with one.
    `queued` (or asked while queued, `queued_for_a_person`): the shopper waits for a person
    already, so the answer offers none."""
    policy, now = services.shop().policy, services.now()
    replies: List[Reply] = []
    text = tracker.latest_message.get("text") or ""
    again = tracking_number_asked_again(tracker)
    for order in orders:
        replies += parcel_replies(order, policy, now, follow_up, text, tracking_asked=again)
    previous = previous_responses(tracker)
    replies = [(SAID_AGAIN.get(name, name) if name in previous else name, values) for name, values in replies]
    queued = queued or queued_for_a_person(tracker)
    if queued:  # "另外我还有一单…到哪了" while queued: the facts only
        replies = [(WITHOUT_THE_OFFER.get(name, name), values) for name, values in replies]
    if sorry and not APOLOGISING.intersection(name for name, _ in replies):
        replies.insert(0, ("utter_sorry_for_wait", {}))
    state, _ = parcel_facts(orders[0], policy, now)
    events = [event for event in send(dispatcher, replies) if not queued or event.get("name") != "offer"]
    events += [SlotSet("order_id", orders[0].order_id), SlotSet("parcel_state", state.value)]
    if len(orders) > 1:
        events.append(SlotSet("recent_orders", [o.order_id for o in orders]))
    elif orders[0].order_id not in (tracker.get_slot("recent_orders") or ()):
        events.append(SlotSet("recent_orders", None))  # one of them asked about again: "那另一个呢" still works
    return events + [SlotSet("pending_topic", None)]


TRACKING_ANSWERS = frozenset({"utter_parcel_tracking_no", "utter_parcel_awaiting_pickup_tracking"})
# "不是这个单 是6931…这单", "我说的是另一单": the shopper corrects which order was meant
CORRECTION = re.compile(r"不是(?:这|那)|我(?:说|问|要)的是|是\d{8,}(?:这|那)")


def tracking_number_asked_again(tracker: Tracker) -> bool:
    """ "不是这个单 是6931…这单" right after a tracking number: the question stands for the order
    now named, and the answer is its tracking number (a new question in the message comes first)."""
    text = tracker.latest_message.get("text") or ""
    rest = re.sub(r"\d{8,}", "", CORRECTION.sub("", text))
    return (
        bool(TRACKING_ANSWERS & set(previous_responses(tracker)))
        and bool(CORRECTION.search(text))
        and bool(order_ids_in_message(tracker))
        and not ASKS.search(rest)
    )


# Defects, not wrong or missing items (those are their own topic, asked about before delivery too).
NOT_DEFECTS = ("发错", "错发", "漏发", "少发", "少了")


# "那风衣那单呢 2518…", "这单呢": the last question asked on about another order.
ASKS_ON = re.compile(r"(?:那|这)(?:单|个|件|双|条)?呢|那单|这单呢")


def asks_a_returns_question(order: Order, tracker: Tracker) -> bool:
    """ "8702… 这个卫衣才洗了一次就开线了": an order number beside a defect of a delivered order is
    a quality problem, and beside a price drop price protection, not a question about the parcel."""
    policy = services.shop().policy
    text = tracker.latest_message.get("text") or ""
    defects = [word for word in policy.quality_problem_words if word not in NOT_DEFECTS]
    returns_lately = answered_with(tracker, RETURN_ANSWER)
    if returns_lately and ASKS_ON.search(text) and not mentions(text, PARCEL_WORDS + NOT_HERE_YET_WORDS):
        return True  # "那风衣那单呢 2518…" right after a return answer: the same question for it
    if policy.names_a_price_drop(text):
        return True  # "4316… 水乳套装降了50块 能补吗": price protection, whatever the parcel's state
    if not mentions(text, defects):
        return False
    state, _ = parcel_facts(order, policy, services.now())
    return state == ParcelState.DELIVERED


def order_in_focus(tracker: Tracker) -> Optional[Order]:
    """The order talked about: the one the message points at among those answered ("第一个啥时候
    能到", "刚才那个夹克的"), else the one in focus."""
    return lookup_order(order_by_position(tracker) or order_before_detour(tracker), tracker)


# "咋还没到", "到哪了": where the parcel is, whatever topic waited for a number
NOT_HERE_YET_WORDS = ("还没到", "没到", "还不到", "到哪", "物流", "快递呢", "包裹呢")
# "啥时候能到", "什么时候到": when it comes
WHEN_IT_COMES_WORDS = ("能到", "时候到", "几时到", "到了吗", "到了没", "到没到")
# A message with one of these is about a parcel, whatever else it names.
PARCEL_WORDS = ("物流", "快递", "包裹", "到哪", "发货", "发了", "单号", "揽收", "签收", "派送", "寄")
# "明天能到吗", "那什么时候能揽收", "快递员电话多少" right after a parcel answer.
PARCEL_FOLLOW_UP_WORDS = ARRIVAL_WORDS + TRACKING_WORDS + ("揽收", "快递员", "派送", "什么时候", "啥时候")
# "我手机没听见 那咋办啊" after the courier could not reach the shopper: how to reach the courier
MISSED_CALL_WORDS = ("没听见", "没听到", "没接到电话", "漏接", "没接电话", "静音", "再送一次", "再给我送", "重新送")
PARCEL_FOLLOW_UP_WORDS += MISSED_CALL_WORDS


# Every answer about an order's parcel: a follow-up ("单号给我") may come after any of them.
PARCEL_ANSWERS = (
    set(STATE_RESPONSES.values())
    | set(FOLLOW_UP_RESPONSES.values())
    | {"utter_parcel_not_shipped_overdue", "utter_followup_overdue", "utter_followup_eta_again"}
    | {"utter_parcel_pickup_overdue", "utter_followup_pickup_overdue"}
    | {"utter_parcel_delivered_told_not_received", "utter_parcel_lost", "utter_parcel_lost_moving"}
    | set(WITHOUT_THE_OFFER.values())  # said while queued for a person
)


# "怎么还没揽收啊", "咋还不发货" (not "还没发票", "还没到账": the invoice, the refund)
STILL_WAITING = re.compile(r"还(?:没|不|没有)(?:揽收|发货|发(?!票)|到(?!账|帐)|动(?!过|手)|更新)")
# "钱还没到": the refund; "还没发货的话我不要了", "还没发 能换顺丰吗": cancelling, the courier
NOT_THE_PARCEL_WORDS = ("退", "发票", "钱", "差价", "不要了", "不想要", "取消", "拒收", "顺丰", "换", "改", "备注")


def waits_for_the_parcel_in_focus(tracker: Tracker) -> bool:
    """The parcel of the order talked about is impatiently waited for, without its number."""
    text = to_simplified(tracker.latest_message.get("text") or "")
    if not STILL_WAITING.search(text) or order_ids_in_message(tracker) or order_in_focus(tracker) is None:
        return False
    return not services.shop().policy.names_a_defect(text) and not mentions(text, NOT_THE_PARCEL_WORDS)


def asks_about_the_parcel_just_answered(tracker: Tracker) -> bool:
    """A follow-up about the order whose parcel the bot just described, whatever the NLU made
    of it (a short "明天能到嗎" can fall under the fallback threshold), also after one turn
    between ("不用转人工 我再等等" → "还要多久啊")."""
    text = tracker.latest_message.get("text") or ""
    recent = responses_within(tracker, 2)
    # every follow-up answer too ("单号给我下" after "明天能不能到要看揽收…", utter_followup_pickup_eta)
    parcel_said = bool(PARCEL_ANSWERS & set(recent)) or any(name.startswith("utter_" + "followup_") for name in recent)
    answered = parcel_said and order_in_focus(tracker) is not None
    if mentions(text, services.shop().policy.refund_time_words):
        return False  # "钱多久能回来" a turn after another order's parcel: the refund, not the parcel
    return answered and (
        any(word in text for word in PARCEL_FOLLOW_UP_WORDS) or bool(WHAT_NOW_ONLY.fullmatch(text.strip()))
    )


def answer_parcel_follow_up(dispatcher: CollectingDispatcher, tracker: Tracker) -> List[Dict[str, Any]]:
    return answer_parcels(dispatcher, tracker, [order_in_focus(tracker)], follow_up=True)


# "那就买了 多久能到": an order about to be placed, whose time is the shop's rule, not a parcel's
BUYING_NOW_WORDS = ORDER_NOW_WORDS + ("就买了", "那就买", "买了的话")
PRE_SALE_ANSWERS = tuple("utter_" + kind for kind in ("recommend", "promotion", "product"))  # prefixes


def asks_the_time_before_buying(tracker: Tracker) -> bool:
    """ "深圳 明天能到吗" right after products or coupons were answered, with no order talked about:
    the shop's time to that region, not an order to look up."""
    text = to_simplified(tracker.latest_message.get("text") or "")
    region = next(tracker.get_latest_entity_values("region"), None) or canonical("region", text)
    pre_sale = any(name.startswith(PRE_SALE_ANSWERS) for name in responses_within(tracker, 2))
    return bool(region) and pre_sale and order_in_focus(tracker) is None


# "牛仔裤是不是分开发的 你查下物流" while the photos of a missing item are awaited: its parcel
SENT_APART_WORDS = ("查下物流", "查一下物流", "查查物流", "看下物流", "分开发", "分开寄", "单独发", "分几个包裹")


def asked_about_an_item_received(dispatcher: CollectingDispatcher, tracker: Tracker) -> Optional[List[Dict[str, Any]]]:
    """An attribute asked of an item of the delivered order the message numbers (its only item, or
    the one of the kind named), with nothing asked about the parcel; None otherwise."""
    from actions.products import answer_attributes, focus_events  # products imports this module
    from actions.recommend import category_in  # recommend imports products

    text = tracker.latest_message.get("text") or ""
    named = order_ids_in_message(tracker)
    asked = services.attribute_words().asked(order_id_pattern().sub(" ", normalise_order_numbers(text)))
    if len(named) != 1 or not asked or mentions(text, PARCEL_WORDS + NOT_HERE_YET_WORDS + WHEN_IT_COMES_WORDS):
        return None
    if services.shop().policy.names_a_defect(text) or not ASKS.search(order_id_pattern().sub(" ", text)):
        return None  # "9904… 羽绒服拉链坏了 拉不上": a fault told, not its 设计 asked
    order = lookup_order(named[0], tracker)
    if order is None or order.delivered_at is None:
        return None
    kind = category_in(to_simplified(text))
    items = [item for item in order.items if item.category == kind] if kind else list(order.items)
    product = services.shop().get_product(items[0].sku) if len(items) == 1 else None
    if product is None:
        return None
    answer_attributes(dispatcher, product, asked)
    return [SlotSet("order_id", order.order_id)] + focus_events(tracker, product)


class ActionTrackParcel(LeavesFormFirst, Action):
    def name(self) -> Text:
        return "action_track_parcel"

    async def answer(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> List[Dict[str, Any]]:
        from actions.address import (  # address imports handoff
            ActionAnswerChangeAddress,
            about_the_address,
            answer_beside_the_address,
        )

        if refund_check_accepted(tracker):  # "好的 帮我查下" to a person offered to check a refund
            from actions.dialogue import ActionHandleAffirm  # dialogue imports this module

            return await ActionHandleAffirm().run(dispatcher, tracker, domain)
        beside = answer_beside_the_address(dispatcher, tracker)  # "对了我那个吹风机到哪了 9036…"
        if beside is not None:
            return beside
        from actions.handoff import MISSING_ITEM, asks_for_a_person, escalate_on_request  # handoff imports this module

        if about_the_address(tracker):  # "5580…改地址 北京市海淀区…": the address change, not the parcel
            return await ActionAnswerChangeAddress().run(dispatcher, tracker, domain)
        if tracker.get_slot("offer") == "human" and asks_for_a_person(tracker.latest_message.get("text") or ""):
            # "好的 找人帮我查查" after the stalled parcel's answer offered a person: accepted
            return await escalate_on_request(dispatcher, tracker, "顾客要求人工", domain)
        if asks_what_if_shipped(tracker):  # "那要是已经发出来了咋办" while cancelling
            return answer_cancel(dispatcher, tracker)
        if thanks_is_the_answer(tracker.latest_message.get("text") or ""):
            # "风衣收到啦!!质量超好 给你们点赞👍 2518…": thanked, not told when it was signed for
            dispatcher.utter_message(response="utter_praise_thanks")
            return []
        from actions.invoice import asks_for_another_invoice, open_the_invoice_form  # invoice imports this

        if asks_for_another_invoice(tracker):  # "还有6049…这单也要开 一样个人 邮箱也是…"
            return await open_the_invoice_form(dispatcher, tracker, domain)
        from actions.dialogue import an_order_not_wanted  # dialogue imports this module

        if order_ids_in_message(tracker) and an_order_not_wanted(tracker):
            # "就是那个2284…坚果 还没到 不想要了": how to stop it (拒收 on its way), not where it is
            return answer_cancel(dispatcher, tracker)
        from actions.promotions import (  # promotions imports this
            answer_promotion,
            asks_about_promotions,
            names_an_amount_after_coupons,
        )

        said = tracker.latest_message.get("text") or ""
        # not "用券买的那件卫衣啥时候能到", "买的防胀气奶瓶怎么还没到": those ask where it is
        about_a_parcel = mentions(said, PARCEL_WORDS + NOT_HERE_YET_WORDS + WHEN_IT_COMES_WORDS + ("买的", "买了"))
        policy = services.shop().policy
        if asks_a_refund_with_a_discount(said, policy) and not (order_ids_in_message(tracker) and about_a_parcel):
            # "到了要是只退个包 用的满减那钱咋算" after its parcel: the refund with a discount shared out
            return answer_refund_with_a_discount(dispatcher)
        if asks_about_promotions(said) and not order_ids_in_message(tracker) and not about_a_parcel:
            return answer_promotion(dispatcher, tracker)  # "刚加购了个159的双肩包能用券吗 凑单凑不动了"
        if not order_ids_in_message(tracker) and not about_a_parcel:
            from actions.recommend import show_the_one_product, the_one_product_asked  # recommend imports this

            wished = the_one_product_asked(said)
            if wished:  # "宝宝还老吐奶😭 有防胀气的奶瓶不": the bottle that meets it, not the login prompt
                return show_the_one_product(dispatcher, tracker, wished)

        if names_an_amount_after_coupons(tracker) and not order_ids_in_message(tracker):
            return answer_promotion(dispatcher, tracker)  # "那凑到299呢 能减多少" right after the coupons
        about_what_came = asked_about_an_item_received(dispatcher, tracker)
        if about_what_came is not None:  # "9627… 面膜收到了 一周敷几次合适": how to use it, not where it is
            return about_what_came
        buying_now = mentions(tracker.latest_message.get("text") or "", BUYING_NOW_WORDS)
        if (buying_now or asks_the_time_before_buying(tracker)) and not order_ids_in_message(tracker):
            from actions.shipping import ActionAnswerShippingTime  # shipping imports this module

            return await ActionAnswerShippingTime().run(dispatcher, tracker, domain)  # "那就买了 多久能到 我在武汉"
        if MISSING_ITEM.search(tracker.latest_message.get("text") or ""):
            # "包裹收到了 拉拉裤在 牛肉干没有啊 2864…": an item missing from the parcel, not where it is
            from actions.order_problem import ActionAnswerOrderProblem  # order_problem imports this module

            return await ActionAnswerOrderProblem().run(dispatcher, tracker, domain)
        follow_up = answer_follow_up(dispatcher, tracker)  # "能帮我催一下吗" after the parcel answer
        if follow_up is not None:
            return follow_up
        topic = tracker.get_slot("pending_topic")
        text = tracker.latest_message.get("text") or ""
        # "另外 我那单 9150… 咋还没到" after a returns answer waiting for a number: a new parcel question
        # "我自己那单 7305… 明天能到吗" after a friend's number was refused for a missing item: the same
        # ("说起来我自己也买了这件 到现在都没发 8814…" after the return rules: where it is, not the refund)
        not_sent = mentions(text, NOT_SENT_YET_WORDS) and not mentions(text, ("退", "不要", "不想要", "取消"))
        parcel_asked = topic not in (None, "parcel") and (
            mentions(text, NOT_HERE_YET_WORDS + WHEN_IT_COMES_WORDS) or not_sent
        )
        asked_which = {"utter_order_problem_order", "utter_order_problem_more_told"} & set(previous_responses(tracker))
        waiting = (topic not in (None, "parcel") and not parcel_asked) or (
            bool(asked_which) and not mentions(text, SENT_APART_WORDS)
        )
        if waiting and (order_ids_in_message(tracker) or described_order(tracker)):
            # "就羽绒服跟鞋一起那单" after the bot asked which order had the missing item, or its
            # number sent again after the answer: that topic's; imported here because
            # actions.dialogue imports this module
            from actions.dialogue import ActionHandleInform

            return await ActionHandleInform().run(dispatcher, tracker, domain)
        if mentions(text, services.shop().policy.refund_time_words):  # "我的退款怎么还没到帐"
            return answer_returns(dispatcher, tracker)
        returns_lately = answered_with(tracker, RETURN_ANSWER, 3)
        where_to = asks_where_to_send(text)
        if returns_lately and where_to:  # "寄到哪" after the quality answer (not "我另一个快递寄到哪了")
            return answer_returns(dispatcher, tracker)
        if returns_lately and names_another_item(tracker) and not mentions(text, PARCEL_WORDS):
            return answer_returns(dispatcher, tracker)  # "那牛肉干呢 一起买的" after the nappies' refusal
        parcel_words = PARCEL_WORDS + NOT_HERE_YET_WORDS + WHEN_IT_COMES_WORDS
        if (
            answered_with(tracker, RETURN_ANSWER)
            and not order_ids_in_message(tracker)
            and not mentions(text, parcel_words)
        ):
            return answer_returns(dispatcher, tracker)  # "都超过7天了你们还管吗" right after the quality rule
        # "超慢的5天了还没到", "到哪了 都好几天了": sorry, once
        annoyed = assess_message(text).level == "low" or mentions(text, WAITED_LONG_WORDS)

        def sorry() -> None:
            if annoyed:
                dispatcher.utter_message(response="utter_sorry_for_wait")

        by_position = chosen_from_recent(tracker)  # "那第一单的单号也发我", "吹风机那个 派送员电话多少"
        named = order_ids_in_message(tracker) or ([by_position] if by_position else [])
        described = described_order(tracker) if not named and "那单" in text else None
        named = named or ([described.order_id] if described else [])  # "那我面膜那单快递单号多少"
        if named:
            orders = [order for order in (lookup_order(oid, tracker) for oid in named) if order]
            if not orders:
                sorry()
                say_order_not_found(dispatcher, tracker, named[0])
                return [SlotSet("pending_topic", "parcel")]
            if len(orders) == 1 and asks_a_returns_question(orders[0], tracker):
                from actions.handoff import answer_returns_or_quality_task  # handoff imports this module

                sorry()
                return await answer_returns_or_quality_task(dispatcher, tracker)
            return answer_parcels(dispatcher, tracker, orders[:MAX_ORDERS_PER_MESSAGE], sorry=annoyed)
        if not any(word in text for word in PARCEL_WORDS) and asks_about_a_product(tracker):
            return answer_product_question(dispatcher, tracker)  # "这个水壶有几种颜色"
        if asks_a_lookup_by_phone(tracker):  # "她手机号186… 你查下嘛" after a friend's order: not ours to show
            return ask_for_the_order(dispatcher, tracker, "parcel", [("utter_ask_order_id", {})])
        focus = order_in_focus(tracker)
        if focus and services.shop().policy.names_a_price_drop(text) and not mentions(text, PARCEL_WORDS):
            # "还有 我看现在才卖239 我259买的 差价能补不" after its parcel's answer: price protection
            from actions.handoff import answer_returns_or_quality_task  # handoff imports this module

            return await answer_returns_or_quality_task(dispatcher, tracker)
        if focus:
            # Already answered for this order: the shopper asks what comes next.
            follow_up = tracker.get_slot("parcel_state") is not None
            return answer_parcels(dispatcher, tracker, [focus], follow_up=follow_up, sorry=annoyed)
        sorry()
        return ask_for_the_order(dispatcher, tracker, "parcel", [("utter_ask_order_id", {})])
