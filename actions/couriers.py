"""Couriers and regions (ask_courier), from policy.yml `couriers`: which couriers the warehouse
uses, 顺丰 at extra cost, remote regions' freight and time, where the shop does not ship.

The bot cannot change an order's courier: asked for 顺丰 on an order that has not left the
warehouse ("4417…这单能改发顺丰吗", or the number sent after the bot's 顺丰 answer), it hands the
order to a person at normal priority, as a new address is; a dispatched order is too late.
"""

import re
from typing import Any, Dict, List, Optional, Text

from rasa_sdk import Action, Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from actions import services
from actions.address import ActionAnswerChangeAddress, about_the_address, can_change
from actions.address_recall import ADDRESS_ORDER_WORDS, order_of_the_address_change
from actions.courier_facts import WHICH_COURIER_WORDS, courier_values
from actions.followups import answer_follow_up
from actions.forms import LeavesFormFirst
from actions.handoff import escalate
from actions.orders import (
    described_order,
    lookup_order,
    order_before_detour,
    order_id_in_focus,
    order_ids_in_message,
    order_named_or_pointed_at,
)
from actions.parcel import ActionTrackParcel, answer_parcel_follow_up, asks_about_the_parcel_just_answered
from actions.products import answer_product_question, asks_about_a_product
from actions.recommend import narrowed_wishes, recommend_narrowed, show_the_one_product, the_one_product_asked
from actions.replies import Reply, answered_with, bot_events_within, responses_within, send
from kefu.lexicon import canonical
from kefu.shop.models import Order
from kefu.shop.policy import ShopPolicy
from kefu.traditional import to_simplified
from kefu.words import COD_WORDS, mentions

UPGRADE_TOPIC = "courier_upgrade"  # pending_topic: an order number sent next asks 顺丰 for that order
# "这单能发顺丰吗" names the order in focus without its number.
THIS_ORDER_WORDS = ("这单", "这个单", "这一单", "我的单", "我这单", "我那单", "那单", "这个订单", "我的订单")


def special_region_reply(text: str, policy: ShopPolicy, region: Optional[str] = None) -> Optional[Reply]:
    """A place the shop does not ship to, or a remote region with its own freight and time; None
    for anywhere else. Also read by the shipping-time answer ("到西藏几天"), whose usual 2-4 days
    and free shipping do not hold there."""
    text = to_simplified(text)
    couriers, values = policy.couriers, courier_values(policy)
    region = canonical("region", region or text) or region  # the NLU keeps "乌鲁木齐" as typed: 新疆
    not_served = next((place for place in couriers.not_served if place in text or place == region), None)
    if not_served:
        return ("utter_courier_not_served", {**values, "region": not_served})
    remote = next((place for place in couriers.remote_regions if place in text or place == region), None)
    if remote:
        return ("utter_courier_remote", {**values, "region": remote})
    return None


# A default courier that does not deliver to the shopper's place: the warehouse picks another.
NOT_DELIVERING_WORDS = ("不送", "不到", "送不到", "不派送", "不派", "不给送", "到不了", "没有网点", "没网点")


def courier_replies(text: str, policy: ShopPolicy, region: Optional[str] = None) -> List[Reply]:
    special = special_region_reply(text, policy, region)
    couriers, values = policy.couriers, courier_values(policy)
    if special:
        # "你们发什么快递 新疆能发吗运费多少": which couriers, and then the region
        which = mentions(to_simplified(text), WHICH_COURIER_WORDS) and special[0] != "utter_courier_not_served"
        return [("utter_courier_default", values), special] if which else [special]
    text = to_simplified(text)
    region = canonical("region", region or text) or region  # the NLU keeps "乌鲁木齐" as typed: 新疆
    courier = canonical("courier", text)
    if courier and courier == couriers.upgrade:  # "你们家发什么快递 能发顺丰吗": the default says both
        return [("utter_courier_default" if mentions(text, WHICH_COURIER_WORDS) else "utter_courier_upgrade", values)]
    if courier and courier not in couriers.default:
        return [("utter_courier_other", {**values, "courier": courier})]
    if courier and any(word in text for word in NOT_DELIVERING_WORDS):  # "能指定圆通吗 我们这中通不送"
        return [("utter_courier_not_delivering", values)]
    if courier and not mentions(text, WHICH_COURIER_WORDS):  # "能指定韵达吗": one of ours, not chosen
        return [("utter_courier_default_named", {**values, "courier": courier})]
    if any(word in text for word in COD_WORDS) and not couriers.cod:
        return [("utter_courier_no_cod", values)]
    if region:
        return [("utter_courier_region_ok", {**values, "region": region})]
    freight_of_a_purchase = not mentions(text, ("退", "换", "寄回", "运费险"))  # not "退货运费谁出"
    # ("运费多少" right after 顺丰 asks its extra: the 顺丰 answer, as before)
    freight = mentions(text, ("包邮", "免运费", "邮费")) and freight_of_a_purchase
    if freight and not mentions(text, WHICH_COURIER_WORDS):
        return [("utter_free_shipping", values)]  # "那还是奶瓶吧 包邮吗", "那邮费呢": the threshold
    return [("utter_courier_default", values)]


# "运费多少", "要运费吗": the freight of a purchase, nothing else asked.
PLAIN_FREIGHT = re.compile(
    r"^(?:那|请问|亲)?\s*(?:运费|邮费)(?:多少|多少钱|怎么算|咋算|贵吗|要多少|收多少)?(?:钱)?(?:呀|啊|呢|哈)?[?？~～!！。.\s]*$|^(?:要|收|需要)运费吗[?？\s]*$"
)


# "到新疆大概几天": how long, without asking the freight again ("要加多少钱").
DAYS_WORDS = ("几天", "多久", "多长时间", "啥时候到", "什么时候到", "几号到")
FEE_WORDS = ("运费", "邮费", "多少钱", "加钱", "加多少", "包邮")


def remote_region_just_answered(tracker: Tracker) -> Optional[str]:
    """The remote region of an answer within the last two turns ("新疆属于偏远地区…"), so that
    "到那要几天" after "不是满99包邮吗" is about it; None otherwise."""
    if not {"utter_courier_remote", "utter_remote_no_free_shipping"} & set(responses_within(tracker, 2)):
        return None
    policy = services.shop().policy
    for event in bot_events_within(tracker, 2):  # newest first
        reply = special_region_reply(event.get("text") or "", policy)
        if reply and reply[0] == "utter_courier_remote":
            return reply[1]["region"]
    return None


def remote_days_when_repeated(replies: List[Reply], tracker: Tracker) -> List[Reply]:
    """ "到新疆大概几天" right after the same region's freight and days: the days alone, not all
    again; another region, or its freight asked, gets the whole answer."""
    remote = next((values for name, values in replies if name == "utter_courier_remote"), None)
    text = to_simplified(tracker.latest_message.get("text") or "")
    if remote is None or "utter_courier_remote" not in responses_within(tracker, 2):
        return replies  # (two turns: "不是满99包邮吗" may come between)
    same_region = any(remote["region"] in (event.get("text") or "") for event in bot_events_within(tracker, 2))
    if same_region and mentions(text, DAYS_WORDS) and not mentions(text, FEE_WORDS):
        return [("utter_courier_remote_days", remote)]
    return replies


def asks_for_the_upgrade(text: str, policy: ShopPolicy) -> bool:
    return canonical("courier", to_simplified(text)) == policy.couriers.upgrade


# "4417…这单能改发顺丰吗 我补运费" asks for the change; "发的是顺丰吗", "发顺丰要加多少钱" and
# "不要顺丰" do not.
CHANGE_WORDS = (
    "改发",
    "改成",
    "换成",
    "改顺丰",
    "换顺丰",
    "换个顺丰",
    "改走",
    "要发",
    "想发",
    "能发",
    "可以发",
    "帮我发",
    "给我发",
    "补运费",
    "补差价",
    "我补",
    "加钱",
    "走顺丰",
    "给我走",
    "单发顺丰",  # "这单发顺丰", "那单发顺丰吧"
    "就发顺丰",
)
# "换个快递行吗 要顺丰", "给我用顺丰": asked for, not asked about ("发货用顺丰吗")
UPGRADE_WANTED = re.compile(r"(?:要|用)顺丰(?![吗么嘛不没])")
DECLINE_WORDS = ("不要", "不用", "别发", "不发", "不想")


def asks_to_change_to_the_upgrade(text: str) -> bool:
    text = to_simplified(text)
    change = mentions(text, CHANGE_WORDS + CHANGE_COURIER_WORDS) or bool(UPGRADE_WANTED.search(text))
    return change and not any(word in text for word in DECLINE_WORDS)


# "能换个快递吗": another courier for an order (which it is too late for once the parcel left).
CHANGE_COURIER_WORDS = ("换个快递", "换快递", "换家快递", "换一家快递", "换别的快递", "改快递", "改个快递", "换个物流")

# The answers about an unshipped order's parcel, its arrival or cancelling it (by the start of their names).
PARCEL_TALK = tuple(f"utter_{topic}_" for topic in ("parcel", "followup", "deadline", "cancel", "shipping_order"))


def order_to_upgrade(tracker: Tracker) -> Optional[Order]:
    """The order the 顺丰 question is about: named in the message, described ("还没发的那单"),
    "这单" for the one in focus, or the one in focus the bot has just answered about ("能改发顺丰吗"
    right after its parcel or cancel answer: a task when unshipped, too late once it left)."""
    named = order_named_or_pointed_at(tracker)  # "那第一单能改发顺丰吗"
    if named:
        return lookup_order(named, tracker)
    earlier = order_before_detour(tracker)  # "鞋子那个能改发顺丰吗" after two orders' answers
    if earlier and earlier != order_id_in_focus(tracker):
        return lookup_order(earlier, tracker)
    described = described_order(tracker)  # "还没发的那单也给我换顺丰吧"
    if described is not None:
        return described
    text = to_simplified(tracker.latest_message.get("text") or "")
    if any(word in text for word in ADDRESS_ORDER_WORDS):  # "刚才改地址那单也给我换成顺丰吧"
        return lookup_order(order_of_the_address_change(tracker), tracker)
    if any(word in text for word in THIS_ORDER_WORDS):
        return lookup_order(order_id_in_focus(tracker), tracker)
    about_its_parcel = answered_with(tracker, PARCEL_TALK, 3)
    focus = lookup_order(order_id_in_focus(tracker), tracker)
    if about_its_parcel and focus:
        return focus  # "能改发顺丰吗 加钱也行" / "中通啊 能换顺丰吗" right after its parcel answer
    return None


async def upgrade_order(dispatcher: CollectingDispatcher, tracker: Tracker, order: Order) -> List[Dict[Text, Any]]:
    """顺丰 for this order: a task for a person before dispatch, too late after."""
    policy = services.shop().policy
    values = {**courier_values(policy), "order_id": order.order_id}
    events = [SlotSet("order_id", order.order_id), SlotSet("pending_topic", None)]
    if not can_change(order, policy, services.now()):
        courier = order.parcel.courier if order.parcel else ""
        dispatcher.utter_message(response="utter_courier_upgrade_too_late", **values, courier=courier)
        return events
    reason = f"改发{policy.couriers.upgrade}"
    response = "utter_courier_upgrade_handed_over"
    return events + await escalate(dispatcher, tracker, "none", [reason], response, pause=False, values=values)


# A message with one of these is about shipping, whatever product it names
COURIER_TOPIC_WORDS = ("快递", "物流", "顺丰", "发货", "发什么", "运费", "邮费", "包邮", "寄", "送到", "到货", "几天到")


class ActionAnswerCourier(LeavesFormFirst, Action):
    def name(self) -> Text:
        return "action_answer_courier"

    async def answer(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> List[Dict[Text, Any]]:
        if about_the_address(tracker):  # "新疆乌鲁木齐市…" after the bot asked for the new address
            return await ActionAnswerChangeAddress().run(dispatcher, tracker, domain)
        follow_up = answer_follow_up(dispatcher, tracker)  # "能补发吗" after a missing item
        if follow_up is not None:
            return follow_up
        text = to_simplified(tracker.latest_message.get("text") or "")  # "可以改發順豐嗎"
        policy = services.shop().policy
        from actions.invoice import answer_the_format_asked  # invoice imports what imports this module

        the_format = answer_the_format_asked(dispatcher, tracker)  # "纸質的能寄嗎" about the invoice
        if the_format is not None:
            return the_format
        if mentions(text, policy.refund_time_words) and not canonical("courier", text):
            from actions.returns import answer_returns  # returns imports what imports this module

            return answer_returns(dispatcher, tracker)  # "钱多久到" after a return: the refund's time
        if mentions(text, ("还没到", "还不到", "没到", "到哪了")):
            # "你们是中通快递吗 我快递咋还不到": the shopper's parcel, whatever courier is named
            return await ActionTrackParcel().run(dispatcher, tracker, domain)
        region = next(tracker.get_latest_entity_values("region"), None)
        about_couriers = mentions(text, CHANGE_COURIER_WORDS + WHICH_COURIER_WORDS)  # "换个快递能早点到吗"
        if (
            not region
            and not canonical("courier", text)
            and not about_couriers
            and asks_about_the_parcel_just_answered(tracker)
        ):
            return answer_parcel_follow_up(dispatcher, tracker)  # "爆仓是啥意思 那我的东西还能到吗" after its answer
        no_courier_words = not region and not mentions(text, COURIER_TOPIC_WORDS)
        wished = the_one_product_asked(text) if no_courier_words else None
        if wished is not None:  # "我爸腿脚不太好 走路怕摔 有合适的鞋吗" read as a courier question
            return show_the_one_product(dispatcher, tracker, wished)
        narrowed = narrowed_wishes(tracker) if no_courier_words and not canonical("courier", text) else None
        if narrowed:  # "那卫衣呢" right after no children's jeans, read as a courier question: the hoodies
            return recommend_narrowed(dispatcher, tracker, narrowed)

        if not region and not canonical("courier", to_simplified(text)) and asks_about_a_product(tracker):
            return answer_product_question(dispatcher, tracker)  # "支持快充吗" on a power bank's card
        if not region and not canonical("courier", to_simplified(text)) and order_ids_in_message(tracker):
            # "另外宝宝纸尿裤那单什么时候发 7092…": about that order's parcel, no courier named
            return await ActionTrackParcel().run(dispatcher, tracker, domain)
        if mentions(text, CHANGE_COURIER_WORDS) and not asks_for_the_upgrade(text, policy):
            order = order_to_upgrade(tracker)  # "邮政太慢了 能换个快递吗" right after its parcel answer
            sent_back = mentions(text, ("退", "寄回", "换货")) or (order is not None and order.delivered_at)
            if order is not None and not sent_back and not can_change(order, policy, services.now()):
                courier = order.parcel.courier if order.parcel else ""
                values = {**courier_values(policy), "order_id": order.order_id, "courier": courier}
                dispatcher.utter_message(response="utter_courier_change_too_late", **values)
                return [SlotSet("order_id", order.order_id)]
        if asks_for_the_upgrade(text, policy) and not special_region_reply(text, policy, region):
            order = order_to_upgrade(tracker) if asks_to_change_to_the_upgrade(text) else None
            if order:
                return await upgrade_order(dispatcher, tracker, order)
            send(dispatcher, courier_replies(text, policy, region))
            if not asks_to_change_to_the_upgrade(text):  # "发的是顺丰吗": nothing to note later
                return []
            return [SlotSet("pending_topic", UPGRADE_TOPIC)]  # the answer invites the order number
        upgrade_talk = any("upgrade" in name for name in responses_within(tracker, 1))
        if not region and not upgrade_talk and PLAIN_FREIGHT.match(text):
            # "運費多少" after a recommendation: what an order's freight is (not 顺丰's extra, asked after it)
            return send(dispatcher, [("utter_free_shipping", courier_values(policy))])
        return send(dispatcher, remote_days_when_repeated(courier_replies(text, policy, region), tracker))
