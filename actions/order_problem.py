"""Wrong, missing or damaged items (report_order_problem): apologise, ask for photos of the item
and the packing slip; the shop reships, exchanges or refunds and pays the shipping. The bot cannot
send items: once a photo is in, a person takes the order and the photos (normal priority).
"""

import re
from typing import Any, Dict, List, Optional, Text

from rasa_sdk import Action, Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from actions import services
from actions.courier_facts import asks_which_courier
from actions.followups import answer_follow_up
from actions.handoff import (
    ASKS_NOT_TELLS,
    DISPATCH_OR_ARRIVAL_WORDS,
    MISSING_ITEM,
    answer_quality_problem,
    asks_for_a_person,
    escalate,
    escalate_on_request,
    user_turns,
)
from actions.orders import (
    answer_for_order,
    ask_for_the_order,
    described_order,
    lookup_order,
    order_from_message_or_slot,
    order_id_in_focus,
    order_ids_in_message,
)
from actions.parcel import asks_a_returns_question
from actions.photos import ANOTHER_ITEM_ANSWERS, PHOTO_TURNS, asked_for_photos
from actions.prices import MIN_SHARED_CHARS, shared_run
from actions.products import answer_product_question, asks_about_a_product, compare_the_named
from actions.promotions import answer_promotion, asks_about_promotions, names_an_amount_after_coupons
from actions.recommend import (
    OTHER_VARIANT,
    category_in,
    narrowed_wishes,
    recommend_a_told_wish,
    recommend_narrowed,
    recommend_the_few_wished,
    show_the_one_product,
    the_one_product_asked,
)
from actions.replies import RETURN_ANSWER, Reply, answered_with, previous_responses, responses_within, send
from actions.returns import NO_DEFECT, answer_returns, asks_where_to_send, returns_answer
from kefu.clauses import ASKS
from kefu.risk import default_rules, praises_what_came
from kefu.shop.models import Order
from kefu.traditional import to_simplified
from kefu.words import mentions

PHOTO_REASON = "发错/少发/破损(已发照片)"
FOOD_WORDS = ("吃", "食", "喝", "零食", "坚果", "牛肉干", "饼干")  # a torn bag of food: not to be eaten


def order_with_the_problem(tracker: Tracker) -> Optional[Order]:
    """The order a wrong, missing or damaged item came in: the one the message names; else the
    shopper's sent order the message describes ("卫衣跟牛仔裤…裤子没有"); else the one in focus once
    it has been sent. An order still in the warehouse cannot have arrived short."""
    named = order_ids_in_message(tracker)
    if named:
        return lookup_order(named[0], tracker)
    described = described_order(tracker)
    if described is not None and described.parcel is not None:
        return described
    focus = lookup_order(order_id_in_focus(tracker), tracker)
    return focus if focus is not None and focus.parcel is not None else None


def order_problem_replies(order: Order) -> List[Reply]:
    if order.parcel is None:  # "5580… T恤发错颜色了" on an order still in the warehouse: nothing came yet
        return [("utter_order_problem_unshipped", {"order_id": order.order_id})]
    return [("utter_order_problem_order", {"order_id": order.order_id})]


async def follow_up_a_defect_told_before(
    dispatcher: CollectingDispatcher, tracker: Tracker, order: Order
) -> Optional[List[Dict[Text, Any]]]:
    """The number of a delivered order above the high amount, sent after "有一件拉链坏了 拉不上"
    (which asked for it): the quality answer for that order, and a person's high-priority task, as
    when the defect and the number come in one message. None otherwise."""
    turns = user_turns(tracker)
    if len(turns) < 2 or order.delivered_at is None or order.amount < default_rules().high_order_amount:
        return None
    before = NO_DEFECT.sub(" ", to_simplified(turns[-2].text))
    if not services.shop().policy.names_a_defect(before) or MISSING_ITEM.search(before):
        return None
    if mentions(before, TRANSIT_DAMAGE_WORDS):
        return None  # broken on the way: reshipped or refunded, the order-problem answer
    replies = [("utter_sorry_for_trouble", {})] + returns_answer("returns_quality", order, tracker)
    events = send(dispatcher, replies) + [SlotSet("order_id", order.order_id), SlotSet("pending_topic", None)]
    reasons = ("质量问题", "高金额订单")
    return events + await escalate(
        dispatcher, tracker, "high", reasons, "utter_colleague_follows_up", pause=False, order_id=order.order_id
    )


# "三件东西是一起发的吗", "是分开寄的吗": how the order travels, asked before anything is missing
SHIPPED_TOGETHER = re.compile(r"一起发|一起寄|分开发|分开寄|分几个包裹|几个包裹|分几次发|拆单|分包裹")


# Damage done on the way: photos, then reshipped or refunded (the order-problem answer).
TRANSIT_DAMAGE_WORDS = (
    "破损",
    "碎了",
    "摔碎",
    "破碎",
    "碎掉",
    "压坏",
    "压扁",
    "摔坏",
    "外包装",
    "箱子破",
    "盒子破",
    "包装破",
)


# "不是这个单 是…", "我问的是…这单": which order was meant, corrected ("颜色不对" reports a wrong item).
ORDER_CORRECTION_WORDS = ("不是这单", "不是这个单", "不是那单", "我问的是", "我说的是", "我是问", "是这单", "是这个单")
# ... unless the message tells what arrived ("收到的不是这个颜色").
WHAT_ARRIVED_WORDS = ("收到", "发来", "发错", "颜色", "码数", "尺码", "不一样")


# "收到的风衣颜色不对 我买的是卡其色的": what arrived is told, not a product question.
TOLD_WORDS = ("收到", "发来", "发错", "到了", "不对", "不一样", "差好多", "差很多")
WHAT_IT_IS = re.compile(r"啥|什么|哪些|哪几|多[重长大宽高厚]")


def corrects_the_order(tracker: Tracker) -> bool:
    text = tracker.latest_message.get("text") or ""
    return mentions(text, ORDER_CORRECTION_WORDS) and not mentions(text, WHAT_ARRIVED_WORDS)


# "是不是根本没发啊", "到底发没发": whether it left at all, not a missing item
DOUBTS_IT_WAS_SENT = re.compile(r"(?:是不是|到底|根本|真的)(?:根本|就)?没(?:有)?发|发没发|到底发了没|真的发了吗")


# "里面有书包吗", "包裹里有没有T恤": whether the parcel holds an item
ASKS_WHAT_IT_HOLDS = re.compile(
    r"(?:里面|包裹里|箱子里|订单里|这单里)(?:有没有[^\s,，。]{1,8}|有[^\s,，。]{1,8}?(?:吗|嘛|么|没有?))(?=[\s,，。?？!！]|$)"
)
# "包裹收到了 里面有件衣服是脏的", "刚拿到快递 里面有股怪味": it arrived, whatever the order says
ARRIVED_WORDS = ("收到", "拿到", "到了", "拆开", "打开", "签收", "取到", "拆了")


def order_on_its_way_asked_about(tracker: Tracker, text: str) -> Optional[Order]:
    """The order in focus, not delivered yet, when the message asks whether it holds an item
    (nothing can be missing from a parcel still on its way)."""
    if not ASKS_WHAT_IT_HOLDS.search(text) or MISSING_ITEM.search(text) or mentions(text, ARRIVED_WORDS):
        return None
    order = lookup_order(order_ids_in_message(tracker)[0] if order_ids_in_message(tracker) else None, tracker)
    order = order or lookup_order(order_id_in_focus(tracker), tracker)
    return order if order is not None and order.delivered_at is None else None


# "哦只有一个色啊 那退吧" after how an exchange goes: the return, not a wrong item
RETURN_CHOSEN = re.compile(r"(?:那|还是|就)(?:直接)?退(?:了|货)?吧|退了算了|那就退")


def goes_on_with_the_return(tracker: Tracker, text: str) -> bool:
    """Right after a return answer about the order in focus, "那个三支装的唇膏呢" (another of its
    items) or "那退吧": the same question, not a problem with the parcel."""
    if not answered_with(tracker, RETURN_ANSWER, 2) or order_ids_in_message(tracker):
        return False
    order = lookup_order(order_id_in_focus(tracker), tracker)
    if order is None:
        return False
    another_item = "呢" in text and any(shared_run(text, item.name) >= MIN_SHARED_CHARS for item in order.items)
    # "裤子也顺便换个深蓝色的行吗" after the hoodie's exchange: the order's jeans exchanged too
    kind = category_in(to_simplified(text))
    also = mentions(text, ALSO_WORDS) and mentions(text, ("换", "退"))
    another_item = another_item or (also and any(item.category == kind for item in order.items))
    where_to = asks_where_to_send(text)  # "那东西寄哪里"
    return another_item or where_to or bool(RETURN_CHOSEN.search(to_simplified(text)))


ALSO_WORDS = ("也", "顺便", "一起", "一块")


class ActionAnswerOrderProblem(Action):
    def name(self) -> Text:
        return "action_answer_order_problem"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> List[Dict[Text, Any]]:
        if "utter_photo_received" in previous_responses(tracker):  # the photo came first: hand both over
            return [SlotSet("awaiting_photos", None)] + await escalate(
                dispatcher, tracker, "none", [PHOTO_REASON], "utter_photo_to_human", pause=False
            )
        said = tracker.latest_message.get("text") or ""
        if asks_for_a_person(said):  # "你们是不是压根没发啊 我要人工": the person asked for, first
            return await escalate_on_request(dispatcher, tracker, "顾客要求人工", domain)
        follow_up = answer_follow_up(dispatcher, tracker)  # "能直接补发吗" while the photos are awaited
        if follow_up is not None:
            return follow_up
        from actions.address import add_to_handed_over_address, adds_to_handed_over_address  # imports handoff

        if adds_to_handed_over_address(tracker):  # "门牌号漏了 3栋1502" after the new address: not 漏发
            return await add_to_handed_over_address(dispatcher, tracker)
        from actions.dialogue import ActionHandleInform  # actions.dialogue imports this module

        topic = tracker.get_slot("pending_topic")
        text = tracker.latest_message.get("text") or ""
        policy = services.shop().policy
        defect = policy.names_a_defect(text)
        damage = defect or mentions(text, TRANSIT_DAMAGE_WORDS)
        if not damage and not MISSING_ITEM.search(text) and goes_on_with_the_return(tracker, text):
            return answer_returns(dispatcher, tracker)
        if not damage and not MISSING_ITEM.search(text) and praises_what_came(text):
            dispatcher.utter_message(response="utter_praise_thanks")
            return []
        no_problem_told = not damage and not order_ids_in_message(tracker)
        if no_problem_told and (asks_about_promotions(text) or names_an_amount_after_coupons(tracker)):
            # "我就买了个159的包 能用券吗", or without the question right after the coupons
            return answer_promotion(dispatcher, tracker)
        on_the_way = order_on_its_way_asked_about(tracker, text) if not damage else None
        if on_the_way is not None:  # "里面有书包吗 我记得买了三样" while it travels: what it holds
            items = "、".join(f"{item.name}×{item.qty}" for item in on_the_way.items)
            dispatcher.utter_message(response="utter_order_contents", order_id=on_the_way.order_id, items=items)
            return [SlotSet("order_id", on_the_way.order_id)]
        asks_where = mentions(to_simplified(text), DISPATCH_OR_ARRIVAL_WORDS) and not MISSING_ITEM.search(text)
        if SHIPPED_TOGETHER.search(to_simplified(text)) and ASKS.search(text) and not MISSING_ITEM.search(text):
            asks_where = True  # "7758… 三件东西是一起发的吗": its parcel, nothing is missing yet
        if no_problem_told and DOUBTS_IT_WAS_SENT.search(to_simplified(text)) and not MISSING_ITEM.search(text):
            asks_where = True  # "你们是不是根本没发啊" after "仓库已发货,等待揽收": the parcel again
        if asks_which_courier(to_simplified(text)) and not MISSING_ITEM.search(text):
            asks_where = True  # "我那件夹克发的啥快递" (its 发的啥 read as a wrong item): its parcel and courier
        named = order_ids_in_message(tracker)
        on_its_way = lookup_order(named[0], tracker) if named and not damage else None
        if on_its_way is not None and on_its_way.delivered_at is None and not MISSING_ITEM.search(text):
            asks_where = True  # "4408… 精华液呢？？" on an order not delivered yet: where it is
        # parcel imports this module
        from actions.parcel import ActionTrackParcel, answer_parcel_follow_up, asks_about_the_parcel_just_answered

        if no_problem_told and asks_about_the_parcel_just_answered(tracker) and not MISSING_ITEM.search(text):
            return answer_parcel_follow_up(dispatcher, tracker)  # "嗯嗯 好的 大概几天能收到" after its answer
        if not damage and asks_where:
            # "我买的鞋子 到那里了", "对了我上次买的4417…发了没": its parcel, not a problem with it
            # ("显示签收了?? 谁签的啊 我没签": the parcel answer offers a check itself)
            return await ActionTrackParcel().run(dispatcher, tracker, domain)
        price_drop = policy.names_a_price_drop(text)  # "养生壶降价了 我买贵了啊": not a wish
        wished = the_one_product_asked(text) if no_problem_told and not price_drop else None
        if wished:  # "孩子书包太重了 怕压得驼背 有没有护脊的书包": a wish, not a report about a parcel
            return show_the_one_product(dispatcher, tracker, wished)
        if no_problem_told and OTHER_VARIANT.search(text) and asks_about_a_product(tracker):
            return answer_product_question(dispatcher, tracker)  # "有别的颜色吗 他不喜欢黑的"
        # "夹克啥颜色的" right after the jacket was shown: its colours, not a narrower search
        what_it_is = WHAT_IT_IS.search(text) and services.attribute_words().asked(text)
        what_it_is = what_it_is and not mentions(text, TOLD_WORDS + ("有没有", "有别的", "还有", "换"))
        if no_problem_told and what_it_is and asks_about_a_product(tracker):
            return answer_product_question(dispatcher, tracker)
        few = recommend_the_few_wished(dispatcher, tracker) if no_problem_told and not price_drop else None
        if few is not None:  # "再给孩子配条围巾": the few of that kind for a child, or that none is a child's
            return few
        wishes = narrowed_wishes(tracker) if no_problem_told and not price_drop else None
        if wishes:  # "再给他配件T恤呢" right after the shoes were recommended
            return recommend_narrowed(dispatcher, tracker, wishes)
        told = recommend_a_told_wish(dispatcher, tracker) if no_problem_told and not price_drop else None
        if told is not None:  # "想买个护脊的书包 三百以内": the kind and the budget are told
            return told
        compared = compare_the_named(dispatcher, tracker) if no_problem_told else None
        if compared is not None:  # "那个高速无刷的呢 有啥不一样": 不一样 compares, it tells no problem
            return compared
        # "是一整袋还是小包装的": an either-or question about a product, not a problem told
        asks = bool(ASKS_NOT_TELLS.search(text) or "还是" in text) and not mentions(text, TOLD_WORDS)
        if no_problem_told and asks and asks_about_a_product(tracker):  # "那风衣是啥颜色来着 卡其的吗"
            return answer_product_question(dispatcher, tracker)
        # "买的699 现在599了 8839… 能补差价不": price protection; "退款的话多久到账": the refund's time
        if (price_drop and not defect) or mentions(text, policy.refund_time_words):
            return answer_returns(dispatcher, tracker)
        missing = MISSING_ITEM.search(text)  # "不是这单 是2864…这单 箱子里没有牛肉干": the problem told
        if order_ids_in_message(tracker) and not damage and not missing and corrects_the_order(tracker):
            # "哦不对 我问的是裙子 7305…这单": the same question for the order meant, not a wrong item
            from actions.parcel import STATE_RESPONSES, ActionTrackParcel

            if set(STATE_RESPONSES.values()) & set(previous_responses(tracker)):
                return await ActionTrackParcel().run(dispatcher, tracker, domain)
            return await ActionHandleInform().run(dispatcher, tracker, domain)
        if topic not in (None, "order_problem") and no_problem_told:
            # "就前几天买的那个碎花的" after the bot asked which order's parcel: that order, for that
            # topic; when several orders fit, its number is asked again. Never a problem not told.
            if described_order(tracker):
                return await ActionHandleInform().run(dispatcher, tracker, domain)
            return ask_for_the_order(dispatcher, tracker, topic, [("utter_ask_which_order", {})])
        told = ANOTHER_ITEM_ANSWERS | {"utter_order_problem_order"}
        if told & set(responses_within(tracker, PHOTO_TURNS)) and not order_ids_in_message(tracker):
            # "还有牛肉干的袋子是破的 还能吃吗": a second item of the same order, not the same answer again
            food = any(word in text for word in FOOD_WORDS)
            dispatcher.utter_message(
                response="utter_order_problem_another_food" if food else "utter_order_problem_another"
            )
            return [SlotSet("awaiting_photos", True)]
        order = order_from_message_or_slot(tracker)
        quality = order and asks_a_returns_question(order, tracker) and not price_drop
        if quality and not mentions(text, TRANSIT_DAMAGE_WORDS):
            # "9904… 羽绒服 有一件拉链坏了": a defect of a delivered item is a quality problem (returned,
            # with the address), not a wrong, missing or broken-in-transit one (reshipped)
            return await answer_quality_problem(dispatcher, tracker)
        ask = [("utter_order_problem", {}), ("utter_ask_order_for_topic", {})]
        topic, replies_for = "order_problem", order_problem_replies
        events = answer_for_order(dispatcher, tracker, topic, replies_for, ask, order_with_the_problem)
        told_for = order_with_the_problem(tracker)
        if told_for is None or told_for.parcel is not None:
            events += [SlotSet("awaiting_photos", True)]
        if told_for is not None and told_for.delivered_at and told_for.amount >= default_rules().high_order_amount:
            # "9904… 两件羽绒服少发了一件" on a ¥1,576 order: as a quality problem there, a person
            # follows it up at high priority at once; the bot goes on answering (photos, freight)
            reasons = ("发错/少发", "高金额订单")
            events += await escalate(
                *(dispatcher, tracker, "high", reasons, "utter_colleague_follows_up"),
                pause=False, order_id=told_for.order_id,
            )  # fmt: skip
        return events


class ActionReceivePhoto(Action):
    """A photo after a reported problem goes to a person with the order; otherwise the bot asks
    what it shows."""

    def name(self) -> Text:
        return "action_receive_photo"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> List[Dict[Text, Any]]:
        if {"utter_photo_to_human", "utter_photo_added"} & set(responses_within(tracker, PHOTO_TURNS)):
            dispatcher.utter_message(response="utter_photo_added")  # the packing slip after the item
            return []
        if not tracker.get_slot("awaiting_photos") and not asked_for_photos(tracker):
            dispatcher.utter_message(response="utter_photo_received")
            return []
        return [SlotSet("awaiting_photos", None)] + await escalate(
            dispatcher, tracker, "none", [PHOTO_REASON], "utter_photo_to_human", pause=False
        )
