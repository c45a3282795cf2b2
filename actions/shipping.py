"""Shipping time (ask_shipping_time): from policy and the clock, never a date promise."""

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
from actions.couriers import (
    DAYS_WORDS,
    THIS_ORDER_WORDS,
    courier_replies,
    remote_days_when_repeated,
    remote_region_just_answered,
    special_region_reply,
)
from actions.followups import answer_follow_up, deadline_values
from actions.forms import LeavesFormFirst
from actions.invoice import answer_invoice_question
from actions.orders import (
    described_order,
    lookup_order,
    needs_login_response,
    order_ids_in_message,
    say_order_not_found,
    shopper_account,
)
from actions.parcel import PARCEL_WORDS, STATE_RESPONSES, answer_parcels, order_in_focus
from actions.prices import price_of_the_focus
from actions.products import answer_product_question, asks_about_a_product
from actions.replies import RETURN_ANSWER, Reply, answered_with, responses_within, send
from actions.returns import NO_DEFECT, THIS_PRODUCT_WORDS, answer_returns
from kefu.clauses import ASKS
from kefu.shop.models import Order
from kefu.shop.parcel_state import ParcelState, dispatch_overdue, parcel_facts
from kefu.shop.policy import ShopPolicy
from kefu.traditional import to_simplified
from kefu.words import ORDER_NOW_WORDS, WINDOW_START_WORDS, mentions

# "什么时候能开好" is about the invoice, not the parcel.
INVOICE_WORDS = ("发票", "开好", "开票", "开出来")
# "还不发货", "还没到", "昨天下单的那个": about an order already placed.
# "这单到了没": whether it came (not "这单什么时候到", which may be a new one)
ARRIVED_YET_WORDS = ("到了没", "到了吗", "到了么", "到了嘛", "到没到")
OWN_ORDER_WORDS = (
    *("还不发", "还没发", "还没到", "还没收到", "怎么还", "我买的", "我拍的", "下单了", "付款了", "拍了一天"),
    *(
        "的那个",
        "的那件",
        "的那单",
        "昨天",
        "前天",
        "天了",
        "到底啥时候到",
        "到底什么时候到",
        "到底啥时候发",
        "到底什么时候发",
        "等了",
    ),
    *("发货了吗", "发货没", "发了吗", "发了没", "发出了吗"),  # asked in the past tense: an order exists
)
# "我的吹风机今天能到不": a thing of the shopper's, bought already ("我的地址是广州" is where they live)
MY_THING = re.compile(
    r"我的(?!地址|手机|电话|邮箱|账号|名字|预算|身高|体重|尺码|码|脚|城市|位置|天|妈呀)"
)  # not "我的天"
# "现在下单什么时候发", "几点前下单当天发": about an order not placed yet.
NEW_ORDER_WORDS = ORDER_NOW_WORDS + ("现在付款", "几点前", "几点下单", "包邮")
# "周末下单周末发货吗": an order not placed yet (not "我周六下单的 今天能发吗")
NEW_ORDER_DAY = re.compile(r"(?:周末|周六|周日|今天|明天)下单(?!的(?!话)|了)|下单的话")


def cutoff_reply(policy: ShopPolicy, paid_before_cutoff: bool) -> Reply:
    """When an order paid before or after the cut-off usually leaves, with the usual working days."""
    name = "utter_shipping_before_cutoff" if paid_before_cutoff else "utter_shipping_after_cutoff"
    return (name, {"cutoff": policy.dispatch_cutoff.strftime("%H:%M"), "handling_days": policy.handling_days})


def general_shipping_replies(policy: ShopPolicy, now: datetime, region: Optional[str] = None) -> List[Reply]:
    if policy.promotion_active(now):
        first = (
            "utter_shipping_promotion",
            {"promotion": policy.promotion_name, "handling_days": policy.promotion_handling_days},
        )
    elif now.weekday() >= 5 and not policy.weekend_dispatch:
        first = ("utter_shipping_weekend", {})
    else:
        first = cutoff_reply(policy, now.time() < policy.dispatch_cutoff)
    replies = [
        first,
        (
            "utter_shipping_delivery_time",
            {"transit_days": policy.transit_days, "free_shipping": f"{policy.free_shipping_threshold:g}"},
        ),
    ]
    if region:
        replies.append(("utter_shipping_region", {"region": region}))
    return replies


# "那要是下午5点以后拍呢", "晚上8点付款": an hour of paying named
HOUR = re.compile(r"(上午|早上|中午|下午|晚上|傍晚)?\s*(\d{1,2})\s*[点:：]")
TIME_ASKED_WORDS = ("发", "到", "几天", "多久", "时候")


def hour_named(text: str) -> Optional[int]:
    """The hour of the day the message names (24-hour), or None."""
    match = HOUR.search(text)
    if not match or not mentions(text, ("拍", "付款", "下单", "买")):
        return None
    hour = int(match.group(2))
    afternoon = match.group(1) in ("下午", "晚上", "傍晚") or (match.group(1) is None and 1 <= hour <= 7)
    if afternoon and hour < 12:  # "5点以后拍" in a shop's day is five in the afternoon
        hour += 12
    return hour if 0 <= hour <= 23 else None


CUTOFF_WORDS = ("几点前", "几点之前", "几点以前", "截单", "几点截", "当天能发", "当天发", "当天就能发", "当天会发")
WEEKEND_WORDS = ("周末", "周六", "周日", "星期六", "星期天", "星期日", "礼拜六", "礼拜天")
# with a weekend day, the day something is needed by: "周末要穿", "周六前能到吗", "几天能到 周日要用"
WEEKEND_DEADLINE_WORDS = ("几天", "能到", "多久", "来得及", "赶得上", "要穿", "要用", "之前到", "前到")


def shipping_replies_for_place(policy: ShopPolicy, now: datetime, text: str, region: Optional[str]) -> List[Reply]:
    """The general answer, unless the place named changes it: "到香港要几天" gets only that the
    shop does not ship there (a cut-off time would read as a yes); "到西藏几天" gets the remote
    region's own freight and days instead of the usual ones and free shipping."""
    by_the_weekend = mentions(text, WEEKEND_WORDS) and mentions(text, WEEKEND_DEADLINE_WORDS)
    dispatch_asked = mentions(text, ("发货", "发吗", "发不发", "下单", "拍", "付款"))  # "周六下单的话 多久能到"
    if by_the_weekend and not dispatch_asked and not special_region_reply(text, policy, region):
        # "几天能到上海啊 周末要穿": how long, never promised for the weekend (and, on a weekend, when
        # the warehouse ships again)
        today_off = now.weekday() >= 5 and not policy.weekend_dispatch and not policy.promotion_active(now)
        return ([("utter_shipping_weekend", {})] if today_off else []) + [
            ("utter_deadline_no_promise", deadline_values())
        ]
    if any(word in text for word in WEEKEND_WORDS):  # "周末发货吗": the weekend rule, not today's
        return [("utter_shipping_on_weekends" if policy.weekend_dispatch else "utter_shipping_not_on_weekends", {})]
    weekend = now.weekday() >= 5 and not policy.weekend_dispatch
    if mentions(text, CUTOFF_WORDS) and weekend and not policy.promotion_active(now):
        # "几点前付款当天能发" on a Saturday: the cut-off itself, then the weekend rule (on a working
        # day the general answer names today's cut-off)
        cutoff = [("utter_shipping_cutoff", {"cutoff": policy.dispatch_cutoff.strftime("%H:%M")})]
        return cutoff + [("utter_shipping_not_on_weekends", {})]
    special = special_region_reply(text, policy, region)
    if special and special[0] == "utter_courier_not_served":
        return [special]
    if not special and mentions(text, ("包邮", "免运费")) and not mentions(text, TIME_ASKED_WORDS):
        # "包邮不": the threshold alone, not the dispatch times again
        return [("utter_free_shipping", {"free_shipping": f"{policy.free_shipping_threshold:g}"})]
    hour = hour_named(text)
    if hour is not None and not policy.promotion_active(now) and not weekend:
        # "那要是下午5点以后拍呢": that hour against the cut-off, not today's answer again
        return [cutoff_reply(policy, hour < policy.dispatch_cutoff.hour)]
    replies = general_shipping_replies(policy, now, None if special else region)
    return [replies[0], special] if special else replies


def order_shipping_replies(order: Order, policy: ShopPolicy, now: datetime, text: str = "") -> List[Reply]:
    state, values = parcel_facts(order, policy, now)
    if state == ParcelState.NOT_SHIPPED and dispatch_overdue(values):
        # "付款好几天了 还不发货": past the usual days, an apology and a chase, as the parcel answer
        services.shop().register_chase(order.order_id, now)
        return [("utter_parcel_not_shipped_overdue", values)]
    if state == ParcelState.NOT_SHIPPED:
        return [("utter_shipping_order_pending", values)] + couriers_when_asked(text, policy)
    return [(STATE_RESPONSES[state], values)]


# Words of a question about when a parcel leaves or arrives; without them, an attribute asked
# about the product in focus is the question ("能带上飞机不 下周出差" read as shipping).
TIME_WORDS = PARCEL_WORDS + ("到", "发出", "几天", "时效", "顺丰", "包邮", "运费", "能发", "发吗")


# "几天内能退", "能退换吗": the return window asked, not the days a parcel takes
RETURN_QUESTION_WORDS = ("能退", "可以退", "退货", "退换", "能换吗", "无理由")


# "好的 那我去拍了 谢谢亲" (拍了 reads like a paid order): thanks, no question
THANKS_WORDS = ("谢谢", "谢啦", "多谢", "感谢", "谢了")


# "还没发货的话我想退款", "没发的话帮我取消": a cancel on a condition, not when it ships.
WANTS_IT_UNSENT = re.compile(r"(?:没|未)发(?:货|出)?的话[^不别再]{0,6}(?<![不别])(?:退款|取消|不要了|退掉|退了)")


class ActionAnswerShippingTime(LeavesFormFirst, Action):
    """A general question gets the policy answer (and a number given next answers it for that
    order); a question while an undelivered order is in focus is about that order; one about
    the shopper's own order without its number asks for it; "什么时候能开好" is the invoice's."""

    def name(self) -> Text:
        return "action_answer_shipping_time"

    async def answer(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> List[Dict[Text, Any]]:
        from actions.address import ActionAnswerChangeAddress, about_the_address  # address imports handoff

        if about_the_address(tracker):  # "刚下的单地址选错了 要寄到北京市…": not the time to Beijing
            return await ActionAnswerChangeAddress().run(dispatcher, tracker, domain)
        follow_up = answer_follow_up(dispatcher, tracker)  # "就超了几天 通融一下" read as shipping
        if follow_up is not None:
            return follow_up
        if price_of_the_focus(tracker):  # "多少钱来着" right after a product's answer
            return answer_product_question(dispatcher, tracker)
        text = tracker.latest_message.get("text") or ""
        if mentions(text, THANKS_WORDS) and not ASKS.search(text) and not order_ids_in_message(tracker):
            from actions.dialogue import ActionThank  # dialogue imports this module

            return await ActionThank().run(dispatcher, tracker, domain)  # "好的 那我去拍了 谢谢亲": thanks
        if any(word in text for word in INVOICE_WORDS):
            return answer_invoice_question(dispatcher, tracker)  # "大概什么时候能开好啊" after an invoice
        from actions.promotions import answer_promotion, asks_about_gifts, asks_about_promotions  # imports this

        about_freight = mentions(text, ("包邮", "运费", "邮费"))  # "买两件能包邮吗" stays free shipping
        if (asks_about_promotions(text) or asks_about_gifts(text)) and not about_freight:  # "滿多少能用券"
            return answer_promotion(dispatcher, tracker)
        if asks_what_if_shipped(tracker):  # "那要是已经发出来了咋办" while cancelling
            return answer_cancel(dispatcher, tracker)
        if WANTS_IT_UNSENT.search(to_simplified(text)):  # "还没发货的话我想退款": the cancel, not the time
            return answer_cancel(dispatcher, tracker)
        if mentions(text, services.shop().policy.refund_time_words):  # "钱多久能回来": the refund's time
            return answer_returns(dispatcher, tracker)
        about_returns = answered_with(tracker, RETURN_ANSWER, 3) or mentions(text, ("七天", "7天", "无理由", "退"))
        if mentions(text, WINDOW_START_WORDS) and about_returns:
            return answer_returns(dispatcher, tracker)  # "七天是从哪天开始算" after a returns answer
        if mentions(text, RETURN_QUESTION_WORDS):  # "那收到不喜欢几天内能退": the days of a return
            return answer_returns(dispatcher, tracker)
        named = order_ids_in_message(tracker)
        if not named and not mentions(text, TIME_WORDS) and asks_about_a_product(tracker):
            return answer_product_question(dispatcher, tracker)  # "这个充电宝能带上飞机不 下周出差"
        policy = services.shop().policy
        now = services.now()
        order = lookup_order(named[0], tracker) if named else None
        if order and order.delivered_at and policy.names_a_defect(NO_DEFECT.sub(" ", to_simplified(text))):
            # "5263… 双肩包才背了没几天 肩带就断了" read as a time question: the defect, not the parcel
            from actions.handoff import answer_returns_or_quality_task  # handoff imports what imports this

            return await answer_returns_or_quality_task(dispatcher, tracker)
        if order:
            state, _ = parcel_facts(order, policy, now)
            events = send(dispatcher, order_shipping_replies(order, policy, now, text))
            focus_events = [SlotSet("order_id", order.order_id), SlotSet("parcel_state", state.value)]
            return events + focus_events + [SlotSet("pending_topic", None)]
        own_order = any(word in text for word in OWN_ORDER_WORDS) or bool(MY_THING.search(text))
        if named or (own_order and shopper_account(tracker) is None):
            # A number this chat may not see (not logged in, or another account's), or the own
            # order of a chat not logged in: the general rule, and why not more.
            send(dispatcher, shipping_replies_for_place(policy, now, text, None)[:1])
            if named:
                say_order_not_found(dispatcher, tracker, named[0])
            else:
                dispatcher.utter_message(response=needs_login_response(tracker))
            return [SlotSet("pending_topic", None)]
        focus = order_in_focus(tracker)
        # "这个什么时候能发 别跟上一单一样" right after a recommendation: the one shown, a new order
        about_shown = "utter_recommend_item" in responses_within(tracker, 1) and mentions(text, THIS_PRODUCT_WORDS)
        about_new_order = not own_order and (
            mentions(text, NEW_ORDER_WORDS) or bool(NEW_ORDER_DAY.search(text)) or about_shown
        )
        state = parcel_facts(focus, policy, now)[0] if focus else None
        region = next(tracker.get_latest_entity_values("region"), None)
        if region and mentions(text, DAYS_WORDS) and state in (ParcelState.NOT_SHIPPED, ParcelState.AWAITING_PICKUP):
            # "发了以后到武汉要几天" after the order's dispatch was told: the days to that place
            # (a remote region's own), not the order's state again
            return send(dispatcher, courier_replies(text, policy, region))
        # "那这单到了没" about a delivered order in focus: it was signed for, not the rule for a new one
        this_one_arrived = mentions(text, THIS_ORDER_WORDS) and mentions(text, ARRIVED_YET_WORDS)
        if focus and not about_new_order and (state != ParcelState.DELIVERED or this_one_arrived):
            # "啥时候揽收啊", "今天能发出来吗", "那大概什么时候能到" (also after a hand-back): about
            # the order in focus, not a new one; its follow-up once its state was told.
            answered = answer_parcels(
                dispatcher, tracker, [focus], follow_up=tracker.get_slot("parcel_state") is not None
            )
            weekend = mentions(text, WEEKEND_WORDS) and not mentions(text, WEEKEND_DEADLINE_WORDS)
            if weekend and state == ParcelState.NOT_SHIPPED:  # "周末发货吗" about the order still packed
                rule = "utter_shipping_on_weekends" if policy.weekend_dispatch else "utter_shipping_not_on_weekends"
                dispatcher.utter_message(response=rule)
            return answered
        if own_order:
            # "拍了一天了怎么还不发货", "5天了还没到", "我的吹风机今天能到不": the shopper's own
            # order, so the cut-off sentence would read like a broken promise; ask which order instead.
            dispatcher.utter_message(response="utter_ask_order_id")
            return [SlotSet("pending_topic", "shipping")]
        if region is None and special_region_reply(text, policy) is None:
            region = remote_region_just_answered(tracker)  # "到那要几天" after 新疆's freight
        replies = remote_days_when_repeated(shipping_replies_for_place(policy, now, text, region), tracker)
        send(dispatcher, replies)
        not_served = replies[0][0] == "utter_courier_not_served"
        own = None if about_new_order or not_served else described_order(tracker, undelivered=True)
        if own:
            # "宝宝纸尿裤啥时候发货啊 急用" from a shopper with an undelivered nappies order: the rule,
            # and that order's own state, in case the question is about it
            dispatcher.utter_message(response="utter_your_order_too", order_id=own.order_id)
            return answer_parcels(dispatcher, tracker, [own])
        return [SlotSet("pending_topic", None if not_served else "shipping")]
