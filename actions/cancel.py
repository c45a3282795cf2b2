"""Cancelling an order (cancel_order): the bot cannot cancel, so it says how, by the parcel's state.

An unshipped order is cancelled by the shopper's own refund request in 我的订单; a shipped
one is refused at delivery and then refunded. Never "已取消".
"""

import re
from datetime import datetime
from typing import Any, Dict, List, Optional, Text

from rasa_sdk import Action, Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from actions import services
from actions.followups import answer_follow_up
from actions.orders import answer_for_order, order_from_message_or_slot
from actions.replies import Reply, previous_responses, send
from kefu.clauses import ASKS
from kefu.lexicon import canonical
from kefu.patterns import normalise_order_numbers, order_id_pattern
from kefu.shop.models import Order, OrderItem
from kefu.shop.parcel_state import ParcelState, parcel_state
from kefu.shop.policy import ShopPolicy
from kefu.traditional import to_simplified
from kefu.words import mentions

# "那我直接拒收行吗", "到时候拒收吧": refusing the parcel asked about, answered by its state
# (not "我妈不小心拒收了", "我根本没拒收", which tell what happened)
REFUSE_ASKED = re.compile(
    r"(?:能|可以|直接|到时候|那我|我就|要不|干脆)\s*(?:拒收|拒签)|(?:拒收|拒签)(?:行|可以|能|好|吧|呢|的话)"
)


# "能只退T恤不": one item of the order refunded, the rest still wanted
ONE_ITEM_ONLY = re.compile(r"只退|单退|单独退|只取消|只要退|就退")
# "充电宝我还要的 别给我整单取消": the item named is kept, the other one refunded
ONE_ITEM_KEPT = re.compile(r"还要的|还要呢|要留着|留着|别.{0,6}整单|不要整单|不退")


def item_refunded_alone(order: Order, text: str) -> Optional[OrderItem]:
    """The one item of a several-item order the message wants refunded alone, by its kind or name
    (or the other one, when the message names the one kept)."""
    text = to_simplified(text)
    items = list({item.sku: item for item in order.items}.values())
    if len(items) < 2:
        return None
    kind = canonical("product_category", text)
    named = [item for item in items if item.category == kind or item.category in text or item.name in text]
    if len(named) != 1:  # (both named: "T恤留着 充电宝不要了" is read as a whole cancel, not guessed)
        return None
    if ONE_ITEM_ONLY.search(text):
        return named[0]
    others = [item for item in items if item.sku != named[0].sku]
    return others[0] if ONE_ITEM_KEPT.search(text) and len(others) == 1 else None


def cancel_replies(
    order: Order, policy: ShopPolicy, now: datetime, refusing: bool = False, text: str = ""
) -> List[Reply]:
    state = parcel_state(order, now, policy.stalled_after_hours)
    values = {"order_id": order.order_id}
    alone = item_refunded_alone(order, text)
    if state == ParcelState.NOT_SHIPPED and alone and not refusing:
        return [("utter_cancel_one_item", {**values, "item": alone.name})]
    if state == ParcelState.NOT_SHIPPED:
        return [("utter_cancel_refuse_unshipped" if refusing else "utter_cancel_unshipped", values)]
    if state == ParcelState.DELIVERED:
        return [("utter_cancel_delivered", values)]
    if refusing:
        return [("utter_cancel_refuse_delivery", values)]
    if state == ParcelState.AWAITING_PICKUP or order.parcel is None:
        return [("utter_cancel_shipped", values)]  # out of the warehouse, not yet "已经发货"
    values.update(courier=order.parcel.courier, tracking_no=order.parcel.tracking_no)
    return [("utter_cancel_picked_up", values)]  # the courier has it: 已揽收, with its number


class ActionAnswerCancel(Action):
    def name(self) -> Text:
        return "action_answer_cancel"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> List[Dict[Text, Any]]:
        text = tracker.latest_message.get("text") or ""
        order = order_from_message_or_slot(tracker)
        exchange = mentions(text, services.shop().policy.exchange_words)
        if order and order.delivered_at and (exchange or "取消" not in text):
            # "能直接换大一码吗", "5263…书包不想要了" on a received order: an exchange or a return
            # (which knows whether the days for one are over), not cancelling; imported here
            # because actions.returns imports this module
            from actions.returns import answer_returns

            return answer_returns(dispatcher, tracker)
        if mentions(text, KEEP_WORDS) and not mentions(text, STILL_NOT_WORDS):
            # "算了算了不取消了 能改发顺丰吗 着急用": the order stays; the rest is another question
            from actions.couriers import ActionAnswerCourier  # couriers imports what imports this module
            from actions.handoff import ActionHandleFailure

            if canonical("courier", text):
                return await ActionAnswerCourier().run(dispatcher, tracker, domain)
            if mentions(text, DISPATCH_WORDS):  # "不取消了 那啥时候能发货啊": the order's parcel
                from actions.parcel import ActionTrackParcel  # parcel imports this module

                return await ActionTrackParcel().run(dispatcher, tracker, domain)
            if KEEP_ONLY.fullmatch(FILLER.sub("", text)):
                dispatcher.utter_message(response="utter_order_kept")
                return [SlotSet("pending_topic", None)]
            if "地址" in text:  # "我不想取消 能改个地址吗"
                from actions.address import ActionAnswerChangeAddress  # address imports this module

                return await ActionAnswerChangeAddress().run(dispatcher, tracker, domain)
            follow_up = answer_follow_up(dispatcher, tracker)  # "那我不取消了 能改成墨绿色的吗"
            if follow_up is not None:
                return follow_up
            # "想了想还是不取消了 留着吧", "算了不取消了 5580…留着吧" (the number alone asks nothing): kept
            rest = order_id_pattern().sub("", normalise_order_numbers(KEEP_ONLY.sub("", text)))
            if not ASKS.search(rest):
                dispatcher.utter_message(response="utter_order_kept")
                return [SlotSet("pending_topic", None)]
            # a question the bot could not place; the failure handler must not send it back here
            return await ActionHandleFailure(keep_goes_to_cancel=False).run(dispatcher, tracker, domain)
        return answer_cancel(dispatcher, tracker)


DISPATCH_WORDS = ("发货", "发出", "到货", "到哪", "物流", "快递", "什么时候发", "啥时候发", "几天到")
# "不取消了", "先不退了": the shopper keeps the order.
KEEP_WORDS = ("不取消", "不退了", "不退款了", "先不退", "不用取消", "别取消", "还是要了", "不想取消", "留着")
# one or more of them: "算了不取消了 还是要吧"
KEEP_ONLY = re.compile(
    r"(?:(?:还是)?(?:不取消了?|不退了|先不退了?|不用取消了?|别取消了?|还是要了?|不想取消了?|(?:还是)?留着))+"
)
# Words around the keep phrase that say nothing more ("好的 那我就不取消了 谢谢").
FILLER = re.compile(r"[\s,，。.!！~～吧啊呀哈呢]|算了|好吧|好的|行吧|那就|那我就|那我|那|我就|我|就|哦|嗯|谢谢|行")
STILL_NOT_WORDS = ("还不取消", "还没取消", "怎么不取消")  # a complaint that it is not cancelled yet


INTERCEPT_WORDS = ("拦截", "拦回", "截回", "截住", "拦下")  # also read by actions/returns.py
# "那要是已经发出来了咋办" right after the unshipped answer: the shipped case, in general.
IF_SHIPPED_WORDS = ("要是", "如果", "万一", "假如")
SHIPPED_WORDS = ("发出", "发货", "发了", "寄出")


def asks_what_if_shipped(tracker: Tracker) -> bool:
    text = tracker.latest_message.get("text") or ""
    hypothetical = any(word in text for word in IF_SHIPPED_WORDS) and any(word in text for word in SHIPPED_WORDS)
    return hypothetical and "utter_cancel_unshipped" in previous_responses(tracker)


def answer_cancel(dispatcher: CollectingDispatcher, tracker: Tracker) -> List[Dict[Text, Any]]:
    follow_up = answer_follow_up(dispatcher, tracker)  # "那我不取消了 能改成墨绿色的吗"
    if follow_up is not None:
        return follow_up
    if asks_what_if_shipped(tracker):
        dispatcher.utter_message(response="utter_cancel_if_shipped")
        return []
    order = order_from_message_or_slot(tracker)
    text = tracker.latest_message.get("text") or ""
    if order and order.parcel and order.delivered_at is None and mentions(text, INTERCEPT_WORDS):
        # "能帮我拦截吗" while the parcel is on its way: only the courier can, a person may ask it
        return send(dispatcher, [("utter_return_intercept", {"order_id": order.order_id})])
    refusing = bool(REFUSE_ASKED.search(text))
    replies_for = lambda order: cancel_replies(order, services.shop().policy, services.now(), refusing, text)  # noqa: E731
    return answer_for_order(dispatcher, tracker, "cancel", replies_for, ask=[("utter_cancel_ask_order", {})])
