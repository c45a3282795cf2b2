"""Escalation to a person: risk check on complaints, explicit requests, repeated failures.

Escalating means: one calming sentence, a handoff ticket in Redis (kefu/handoff/store.py)
and ConversationPaused, so the gateway routes the shopper's next messages to
the agent. If the ticket cannot be stored, the bot does not pause: a shopper
must never be left waiting for a person nobody will see. A task for a person
(a new address, photos of a wrong item) opens a ticket without pausing: the
shopper may go on asking the bot until an agent takes the chat.
"""

import logging
import re
from typing import Any, Dict, List, Optional, Sequence, Text

from rasa_sdk import Action, Tracker
from rasa_sdk.events import ConversationPaused, FollowupAction, SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from actions import services
from actions.cancel import INTERCEPT_WORDS, KEEP_WORDS, REFUSE_ASKED, answer_cancel, asks_what_if_shipped
from actions.followups import HOW_LONG_WORDS, answer_follow_up
from actions.orders import (
    chosen_from_recent,
    lookup_order,
    order_by_position,
    order_from_message_or_slot,
    order_id_in_focus,
    order_ids_in_message,
    own_order_meant,
)
from actions.parcel import (
    NOT_RECEIVED,
    PARCEL_ANSWERS,
    PARCEL_FOLLOW_UP_WORDS,
    ActionTrackParcel,
    answer_parcel_follow_up,
    answer_parcels,
    asks_about_the_parcel_just_answered,
    asks_for_the_tracking_number,
    complains_of_the_courier,
    courier_complaint_reply,
    offer_a_check,
    says_not_received,
    waits_for_the_parcel_in_focus,
)
from actions.photos import asks_how_to_send_photos, explain_photos
from actions.prices import WISH, price_of_the_focus
from actions.products import (
    another_size_wished,
    answer_product_guarantee,
    answer_product_question,
    asks_a_product_guarantee,
    asks_about_a_product,
    picks_one_shown,
    product_named,
)
from actions.promotions import (
    answer_promotion,
    asks_about_gifts,
    asks_about_promotions,
    asks_for_a_bargain,
    asks_price_protection,
    gap_to_a_coupon,
    names_an_amount_after_coupons,
)
from actions.recommend import (
    WISH_WORDS,
    answer_what_the_shop_sells,
    answer_whether_it_suits,
    asks_what_the_shop_sells,
    category_in,
    compare_the_shown,
    excluded_in,
    narrowed_wishes,
    recommend,
    recommend_a_told_wish,
    recommend_for_a_need,
    recommend_narrowed,
    recommend_the_few_wished,
    show_the_one_product,
    the_one_product_asked,
    who_for,
)
from actions.replies import (
    CANCEL_ANSWERS,
    RETURN_ANSWER,
    answered_with,
    offer_events,
    previous_responses,
    responses_within,
    send,
)
from actions.returns import (
    EXCHANGE_ASKED,
    NO_DEFECT,
    RETURN_ADDRESS_WORDS,
    answer_refund_with_a_discount,
    answer_returns,
    asks_a_refund_with_a_discount,
    asks_where_to_send,
)
from kefu.budget import parse_budget_range
from kefu.handoff.store import TicketLimitReached
from kefu.levels import level as risk_level
from kefu.lexicon import canonical
from kefu.nonsense import is_nonsense
from kefu.risk import (
    Turn,
    assess_conversation,
    assess_message,
    assess_recent,
    default_rules,
    is_praise,
    praises_what_came,
    safety_advice_response,
    thanks_is_the_answer,
)
from kefu.traditional import to_simplified
from kefu.words import (
    ASKS_WHAT_THE_BOT_DOES,
    DECLINES_A_PERSON,
    GOING_TO_BUY,
    OWN_TYPO,
    RESIGNED_ONLY,
    THANKS_ONLY,
    mentions,
)

logger = logging.getLogger(__name__)

FAILURE_INTENTS = ("nlu_fallback", "out_of_scope")
FAILURE_WINDOW, FAILURES_IN_WINDOW = 5, 3
SAFETY = "safety_hazard"
SUMMARY_TEXT_LIMIT = 60


def user_turns(tracker: Tracker) -> List[Turn]:
    turns = []
    for event in tracker.events:
        if event.get("event") == "user":
            intent = (event.get("parse_data") or {}).get("intent") or {}
            turns.append(Turn(event.get("text") or "", intent.get("name"), float(intent.get("confidence") or 0)))
    return turns


def summarise(level: str, reasons: Sequence[str], order_id: Optional[str], last_text: str) -> str:
    """Two lines for the agent's queue: why and how urgent, then what the shopper said."""
    first = f"{risk_level(level).label} · {'、'.join(reasons)}"
    if order_id:
        first += f" · 订单 {order_id}"
    text = " ".join(last_text.split())
    if len(text) > SUMMARY_TEXT_LIMIT:
        text = text[:SUMMARY_TEXT_LIMIT] + "…"
    return f"{first}\n顾客: {text}"


async def escalate(
    dispatcher: CollectingDispatcher,
    tracker: Tracker,
    level: str,
    reasons: Sequence[str],
    response: str,
    categories: Sequence[str] = (),
    said: Optional[str] = None,
    pause: bool = True,
    values: Optional[Dict[str, Any]] = None,
    order_id: Optional[str] = None,
) -> List[Dict[Text, Any]]:
    """Opens the ticket and pauses the bot; a safety hazard first gets the stop-using advice.
    The summary quotes the latest message, or `said` (a new address sent in two parts).
    `pause=False`: a task for a person (an address to enter, photos to check) that the shopper
    need not wait for; the bot goes on answering until an agent takes the chat."""
    if SAFETY in categories:
        dispatcher.utter_message(response=safety_advice_response(tracker.latest_message.get("text") or ""))
    if order_id is None:  # `order_id`: the caller knows (a new address is for the order it was asked for)
        named = order_from_message_or_slot(tracker)  # the order this message names comes before the one in focus
        order_id = named.order_id if named else order_id_in_focus(tracker)
    summary = summarise(level, reasons, order_id, said or tracker.latest_message.get("text") or "")
    store = services.store()
    try:
        hid, created = await store.create_handoff(tracker.sender_id, level, list(reasons), summary, order_id, pause)
        if not created:  # a task was open: it now carries this reason too, its urgency, and a
            # task's new details (a corrected address the agent copies from the summary)
            await store.raise_handoff(hid, level, list(reasons), "" if pause else summary)
    except TicketLimitReached:  # one address opening ticket after ticket: a script, or a flood
        logger.warning("Ticket limit reached for the address behind %s", tracker.sender_id)
        dispatcher.utter_message(response="utter_handoff_limited")
        return []
    except Exception:  # noqa: BLE001 - any Redis failure: stay in bot mode, say so
        logger.exception("Could not create the handoff ticket for %s", tracker.sender_id)
        dispatcher.utter_message(response="utter_service_unavailable")
        return []
    if not created and response == "utter_connect_human":
        # "好的 那我等人工" while a task (顺丰, a new address) waits for a person: the shopper now
        # waits too, in the place the task has; not "这就为您转接" as if nothing was open
        response = "utter_connect_human_already_open"
    dispatcher.utter_message(response=response, **(values or {}))  # `values` fill its placeholders
    return [ConversationPaused()] if pause else []


# "算了不用转人工 你就告诉我到底啥时候发": a parcel question beside the no ("我要退货 怎么寄回去" is not one).
DISPATCH_OR_ARRIVAL_WORDS = (
    "到哪",
    "啥时候发",
    "什么时候发",
    "几时发",
    "啥时候到",
    "什么时候到",
    "物流",
    "发货了",
    "发了没",
    "发了吗",
    "时候能发",  # "你就说啥时候能发", "什么时候能到"
    "时候能到",
    "时候会发",
    "时候可以发",
    "发了码",  # the typo of 发了吗: "在吗在吗 我的夹克发了码"
    "到了没",
    "到了吧",  # "之前买的3927…这双童鞋到了吧": whether it came, not a problem with it
    "到没到",
    "揽收",
    "发货没",
    "发没发",
    "发出没",
    "发出来没",  # "那这单发出来没"
    "发出来了没",
    "到那了",  # the common typo of 到哪了: "在吗亲 我的裙子到那了"
    "到那里",  # "你好 我买的鞋子 到那里了"
    "到哪里",
    "还不发货",
    "还没发货",
    "哪天能发",  # "你直接说这单到底哪天能发"
    "哪天发",
    "哪天能到",
    "哪天到",
    "谁签",  # "2518… 签收了?? 谁签的啊": the delivery, not a problem with the goods
    "签收了吗",
    "签收了没",
    "签收了?",
    "签收了？",
)
# "想换大一码", "换个颜色": an exchange of the item, not "换一下说法" or "换一下快递"
SIZE_OR_COLOUR = ("码", "号", "尺码", "尺寸", "颜色", "色", "款")
# "行吧 那我先等等": the shopper will wait for the parcel, without a person.
WAIT_A_BIT_WORDS = ("先等等", "再等等", "等等吧", "等等看", "我等着", "先等着", "等一等", "我先等", "那我等")
# "那我不要了 能拦下来吧", not understood: a cancel ("不取消了" keeps the order: actions/cancel.py).
CANCEL_WORDS = ("不要了", "不想要了", "拦下来", "拦下", "拦截", "取消订单", "取消这单", "要取消")


# A message that asks for a person names one; "人" alone ("签收人写的本人") does not.
PERSON_WORDS = (
    *("人工", "客服", "真人", "转", "找人", "活人", "人呢", "有人吗", "有没有人"),
    *("经理", "主管", "店长", "老板", "工作人员", "小二", "负责人"),
)
# "好的 帮我找下人工吧" under the NLU's threshold; "你们客服是不是24小时不睡觉" names one without asking.
ASKS_FOR_A_PERSON = re.compile(r"人工|真人|(?:找|转|要|叫|换|联系)(?:个|下|一下)?(?:客服|人)(?!家)")


# "比人工还靠谱", "跟真人一样": a person compared with, not called; "转人工", "找个人工" call one.
COMPARED_WITH_A_PERSON = re.compile(r"(?:比|跟|像|和)(?:人工|真人|客服)")
CALLS_A_PERSON = re.compile(r"(?:转|找|叫|要|换|联系|接)(?:个|下|一下)?(?:人工|真人|客服|人)")


def asks_for_a_person(text: str) -> bool:
    """ "好的 帮我找下人工吧", "你给我找个人": a person asked for, not declined ("不用转人工")."""
    return bool(ASKS_FOR_A_PERSON.search(text)) and not DECLINES_A_PERSON.search(text)


# "…都会些什么", "能干啥" in a message about the bot itself.
WHAT_IT_DOES = re.compile(r"(?:能|会|可以)(?:干|做|帮)?(?:啥|什么|些啥|些什么|哪些)")
# "好 我去找找", "等我找一下": the shopper goes to look something up (找 without a person).
GOING_TO_LOOK_WORDS = ("我去找", "我找找", "去找找", "找一下", "我找下", "等我找", "我去看看", "我去翻")
# "订单号3927…这个还在七天里吗 有运费险不" not understood: a returns question.
RETURN_HINTS = ("七天", "7天", "运费险", "无理由")


def asks_about_the_parcel(text: str) -> bool:
    """When it ships or comes, where it is, or its tracking number."""
    return mentions(text, DISPATCH_OR_ARRIVAL_WORDS) or asks_for_the_tracking_number(text)


async def escalate_on_request(
    dispatcher: CollectingDispatcher, tracker: Tracker, reason: str, domain: Optional[DomainDict] = None
) -> List[Dict[Text, Any]]:
    """The shopper asked for a person, or accepted one: always transferred, with the risk seen so
    far. A message that declines a person keeps the bot, kindly, unless the message itself is a
    threat: an earlier one does not count, the shopper has just chosen the bot (the gateway has
    already taken a queued chat out of the queue on this "不用转人工"). A parcel question in the
    same message ("算了不用转人工 你就告诉我到底啥时候发") is answered."""
    text = to_simplified(tracker.latest_message.get("text") or "")
    if DECLINES_A_PERSON.search(text) and not assess_message(text).escalate:
        if asks_about_the_parcel(text):  # "算了不等了 不用人工了 单号给我 我自己打圆通电话" too
            return [SlotSet("offer", None)] + await ActionTrackParcel().run(dispatcher, tracker, domain or {})
        dispatcher.utter_message(response="utter_offer_declined")
        return [SlotSet("offer", None)]
    if is_praise(text) and COMPARED_WITH_A_PERSON.search(text) and not CALLS_A_PERSON.search(text):
        # "小鹿你太棒了 比人工还靠谱👍": a person named to praise the bot, not asked for
        dispatcher.utter_message(response="utter_praise_thanks")
        return []
    names_a_person = mentions(text, PERSON_WORDS) or ASKS_FOR_A_PERSON.search(text)  # "麻烦找个人帮我问问"
    if not text.startswith("/") and not names_a_person and not assess_message(text).escalate:
        # "签收人写的本人 可我根本没在家" read as asking for a person (its "人"): what it says first
        follow_up = answer_follow_up(dispatcher, tracker)
        if follow_up is not None:
            return follow_up
        if asks_about_the_parcel_just_answered(tracker):  # "那咋整" after a delayed parcel's answer
            return answer_parcel_follow_up(dispatcher, tracker)
        if mentions(text, GOING_TO_LOOK_WORDS):  # "好 我去找找" after where the order number is: no person
            dispatcher.utter_message(response="utter_take_your_time")
            return []
    assessment = assess_recent(user_turns(tracker), order_amount(tracker))
    level = assessment.level if assessment.escalate else "none"
    reasons = (reason,) + (assessment.reasons if assessment.escalate else ())
    return await escalate(dispatcher, tracker, level, reasons, "utter_connect_human", assessment.categories)


def order_amount(tracker: Tracker) -> Optional[float]:
    """The amount of the order the message names, else of the one in focus."""
    order = order_from_message_or_slot(tracker)
    return order.amount if order else None


async def answer_quality_problem(
    dispatcher: CollectingDispatcher,
    tracker: Tracker,
    level: str = "high",
    reasons: Sequence[str] = ("质量问题", "高金额订单"),
) -> List[Dict[Text, Any]]:
    """A quality problem told without a threat: answered now (the returns answer, with the photos
    and the return address); on an order above the high amount a person follows it up at high
    priority as a task: the chat joins the queue while the bot goes on answering."""
    dispatcher.utter_message(response="utter_sorry_for_trouble")
    events = answer_returns(dispatcher, tracker)
    amount = order_amount(tracker)
    if amount is None or amount < default_rules().high_order_amount:
        return events
    return events + await escalate(dispatcher, tracker, level, reasons, "utter_colleague_follows_up", pause=False)


async def answer_returns_or_quality_task(dispatcher: CollectingDispatcher, tracker: Tracker) -> List[Dict[Text, Any]]:
    """The returns answer; a defect told on an order above the high amount ("9904… 有一件开线了",
    read as a wish or a returns question) is also a person's high-priority task, as when the NLU
    reads a complaint."""
    text = NO_DEFECT.sub(" ", to_simplified(tracker.latest_message.get("text") or ""))
    amount = order_amount(tracker)
    high = amount is not None and amount >= default_rules().high_order_amount
    if high and services.shop().policy.names_a_defect(text):
        return await answer_quality_problem(dispatcher, tracker)
    return answer_returns(dispatcher, tracker)


def invoice_form_taken_up(tracker: Tracker) -> Optional[List[Dict[Text, Any]]]:
    """ "个人 普票 邮箱 yuanyuan_gz@126.com" after a person handed the chat back, "邮箱 wxl_2@163.com"
    after a parcel complaint cut the form short: the invoice form of that order takes the answers
    up again (it reads them from this message); None otherwise."""
    text = tracker.latest_message.get("text") or ""
    if tracker.get_slot("invoice_order_id") and gives_invoice_details(text) and not tracker.active_loop:
        return [FollowupAction("invoice_form")]
    return None


def gives_invoice_details(text: str) -> bool:
    """An invoice's type, e-mail or credit code ("个人" alone is no invoice detail: "我个人觉得")."""
    from actions.invoice import gives_email_or_code  # invoice imports what imports this module

    return bool(canonical("invoice_type", text)) or gives_email_or_code(text)


def turning_down_a_kind(dispatcher: CollectingDispatcher, tracker: Tracker) -> Optional[List[Dict[Text, Any]]]:
    """A kind turned down right after a recommendation ("吃的就算了 感觉不太正式", read as a
    complaint or not understood): the recommendation again without it; None otherwise."""
    if not excluded_in(tracker.latest_message.get("text") or "")[0]:
        return None
    wishes = narrowed_wishes(tracker)
    return recommend_narrowed(dispatcher, tracker, wishes) if wishes else None


def tracking_number_asked_crossly(tracker: Tracker) -> bool:
    """ "单号给我 我自己打极兔问" right after the parcel's answer, read as a complaint or not understood."""
    text = tracker.latest_message.get("text") or ""
    return asks_about_the_parcel_just_answered(tracker) and asks_for_the_tracking_number(text)


def apologise_and_offer(dispatcher: CollectingDispatcher) -> List[Dict[Text, Any]]:
    dispatcher.utter_message(response="utter_low_risk_apology")
    return offer_events(["utter_low_risk_apology"])


# Goods to send back: "换个真人来" or "链接坏了" are not about an item.
RETURN_WORDS = ("退货", "退款", "退了", "想退", "要退", "能退", "换货", "换大", "换小", "换码", "换尺码", "换个颜色")
RETURN_WORDS += ("不想要了", "不要了")  # "生日都过了才到 不想要了"


def wants_a_return(text: str) -> bool:
    """A low-risk complaint that names a return, an exchange or a quality defect."""
    told = any(word in text for word in RETURN_WORDS) or bool(EXCHANGE_ASKED.search(text))  # "能换个黑色的不"
    return told or services.shop().policy.names_a_defect(text)


# A question, not a complaint about the same thing: "辣不辣啊", "会起球吗" ("有点起球 有点失望" is none).
# Narrower than kefu.clauses.ASKS, which also counts "呢" and "哪": "又起球了呢" stays a complaint.
ASKS_NOT_TELLS = re.compile(
    r"[吗么嘛?？]|偏大偏小|偏小偏大|大还是小|(\w)不\1|啥|什么|多少|多[重长大宽高久厚沉]|几|怎么|咋|有没有|是不是"
    r"|(?:能|会|可以)\w{1,3}不(?=[\s,，!！~～]|$)"  # "多重啊 我手腕不太好": asked, though 不太好 is a complaint
    # "这鞋子防滑不 我老伴腿脚不好": 不 ends the question ("一点都不 防滑", "根本不 保暖" tell)
    r"|\w{2}(?<![都也还就并太真全本从])不(?=[\s,，!！~～]|$)"
    r"|有\w{1,6}没有?(?=[\s,，!！~～]|$)"  # "有手提袋没 想直接拿去送"
)


# "她平时穿2XL 肚子有点大", "我平时穿L码": the size someone wears, told to choose one.
SIZE_TOLD = re.compile(r"平时穿|一般穿|穿\s*\d?X{0,3}[SML]\b|穿\s*\d{2,3}\s*码", re.IGNORECASE)


def where_it_is_while_queued(dispatcher: CollectingDispatcher, tracker: Tracker) -> List[Dict[Text, Any]]:
    """ "2390…到哪了 再不到我就给差评": queued for the threat, and told meanwhile where
    the order named is, which the person would look up first; the parcel answer's own offer of a
    person is not kept (the shopper is queued already)."""
    text = to_simplified(tracker.latest_message.get("text") or "")
    named = order_ids_in_message(tracker)
    order = lookup_order(named[0], tracker) if named and mentions(text, DISPATCH_OR_ARRIVAL_WORDS) else None
    if order is None:
        return []
    return answer_parcels(dispatcher, tracker, [order], queued=True)  # without "需要的话也可以转人工客服…"


def answer_courier_complaint(dispatcher: CollectingDispatcher, tracker: Tracker) -> List[Dict[Text, Any]]:
    order = order_from_message_or_slot(tracker)
    events = send(dispatcher, [courier_complaint_reply(order)])  # a person offered
    return events + ([SlotSet("order_id", order.order_id)] if order is not None else [])


class ActionAssessRisk(Action):
    def name(self) -> Text:
        return "action_assess_risk"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> List[Dict[Text, Any]]:
        text = tracker.latest_message.get("text") or ""
        # Only the NLU read a complaint, the words carry no risk: a follow-up reading comes before
        # the context's risk ("改好了告诉我一声哈" after the new address, on an order above the high
        # amount); words with risk are assessed first, then read as a follow-up ("就超了几天 通融一下").
        words_carry_risk = assess_message(text).level != "none"
        if not words_carry_risk:
            if RESIGNED_ONLY.match(to_simplified(text).strip()):  # "算了算了 不问了 就这样吧": a kind close
                dispatcher.utter_message(response="utter_resigned")
                return []
            if complains_of_the_courier(to_simplified(text)):
                return answer_courier_complaint(dispatcher, tracker)  # "我想投诉这个快递员 怎么投诉啊"
            follow_up = answer_follow_up(dispatcher, tracker)
            if follow_up is not None:
                return follow_up
            # ("你们怎么能少发一件呢" names a defect; "刚买就降价 给我减点差价" asks the price protection)
            bargain = asks_for_a_bargain(text) and not services.shop().policy.names_a_defect(text)
            bargain = bargain and not asks_price_protection(tracker)
            if asks_about_promotions(text) or bargain:
                # "那我就买这一个壶 能用券么", "599有点贵 能少点吗" read as a complaint
                return answer_promotion(dispatcher, tracker)
            if says_not_received(tracker):  # "门口没有啊 找了一圈了" after the delivered answer
                return offer_a_check(dispatcher)
            recommended = recommend_for_a_need(dispatcher, tracker)  # "他血糖有点高 吃的有没有合适的"
            # "1599也太贵了吧 有没有便宜点的羽绒服 500以内": a kind and a budget, a search
            recommended = recommended if recommended is not None else recommend_a_told_wish(dispatcher, tracker)
            if recommended is not None:
                return recommended
            # "娃上小学了 书包太重 有护脊的没": the one product wished, not a complaint ("养生壶三天没动静了
            # 4630…" names a need inside a product's name, and an order: a complaint about it)
            wishing = WISH.search(text) and not order_ids_in_message(tracker)
            wished = the_one_product_asked(text) if wishing else None
            if wished:
                return show_the_one_product(dispatcher, tracker, wished)
        turns, amount = user_turns(tracker), order_amount(tracker)
        assessment = assess_conversation(turns, amount)
        if assessment.escalate and not assess_conversation(turns).escalate and wants_a_return(text):
            # Only the order's amount raised it ("羽绒服拉链坏了 质量太差了吧" on a ¥1,576 order)
            return await answer_quality_problem(dispatcher, tracker, assessment.level, assessment.reasons)
        if assessment.escalate:
            events = await escalate(
                dispatcher, tracker, assessment.level, assessment.reasons, "utter_calm_escalate", assessment.categories
            )
            if events and services.shop().policy.names_a_defect(text):  # the wait is when photos are taken
                dispatcher.utter_message(response="utter_photos_while_queued")
            elif events:
                events = where_it_is_while_queued(dispatcher, tracker) + events
            return events
        if not words_carry_risk and ASKS_WHAT_THE_BOT_DOES.search(to_simplified(text)):
            dispatcher.utter_message(response="utter_what_i_can_do")  # "第一次在你们家买 你们都管啥"
            return []
        if not words_carry_risk and asks_what_the_shop_sells(text) and not order_ids_in_message(tracker):
            return answer_what_the_shop_sells(dispatcher)  # "你们家主要卖啥的啊" read as a complaint
        turned_down = turning_down_a_kind(dispatcher, tracker)  # "吃的就算了 感觉不太正式": no complaint
        if turned_down is not None:
            return turned_down
        if not words_carry_risk and mentions(to_simplified(text), INTERCEPT_WORDS):
            return answer_cancel(dispatcher, tracker)  # "能帮我拦截吗 不想等到了再拒收": only the courier can
        if tracking_number_asked_crossly(tracker):  # "单号给我 我自己打极兔问": its number, not an apology
            return answer_parcel_follow_up(dispatcher, tracker)
        follow_up = answer_follow_up(dispatcher, tracker) if words_carry_risk else None  # tried above otherwise
        if follow_up is not None:
            return follow_up
        # "辣不辣啊 我不太能吃辣🥲" on a card; "洗了一次就开线了 什么质量啊" tells a defect instead
        defect = services.shop().policy.names_a_defect(text)
        # not "颜色比图片暗一点 有点失望 能退吗": a return asked (wants_a_return also holds a defect told)
        if ASKS_NOT_TELLS.search(text) and not wants_a_return(text) and asks_about_a_product(tracker):
            return answer_product_question(dispatcher, tracker)
        misfits = mentions(text, ("挤", "穿不上", "穿不下", "太小", "太大", "不合适", "磨脚"))  # a fit told after
        size_told = SIZE_TOLD.search(text) and not defect and not wants_a_return(text) and not misfits
        if size_told and asks_about_a_product(tracker):  # "她平时穿2XL 肚子有点大" about a dress: its sizes
            return answer_product_question(dispatcher, tracker)
        returns_waiting = tracker.get_slot("pending_topic") in ("returns", "returns_quality")
        if wants_a_return(text) or (returns_waiting and mentions(text, FIT_WORDS)):
            # "卫衣洗了一次就开线了 什么质量啊": the problem is told; answer it, do not ask for it;
            # "孩子鞋子买小了 穿不上" after the returns answer asked for the order: why, not a complaint
            dispatcher.utter_message(response="utter_sorry_for_trouble")
            return answer_returns(dispatcher, tracker)
        if is_praise(text) or praises_what_came(text):  # "风衣收到了 好看到爆炸 我妈说绝了": thanked
            dispatcher.utter_message(response="utter_praise_thanks")
            return []
        if order_ids_in_message(tracker):
            # "2390…这单好几天都没动静了 你们搞什么": the order and its trouble are named; the
            # parcel answer (with its apology, chase and offer) says more than "请具体说说"
            dispatcher.utter_message(response="utter_sorry_for_trouble")
            return await ActionTrackParcel().run(dispatcher, tracker, domain)
        # (not "另一个客服不是这么说的", "另一家店都包邮": another person or shop)
        parcels_just_answered = bool(PARCEL_ANSWERS & set(responses_within(tracker, 1)))
        by_position = parcels_just_answered and not words_carry_risk and not ANOTHER_PARTY.search(text)
        picked = lookup_order(order_by_position(tracker), tracker) if by_position else None
        if picked is not None and not defect:
            # "第二个怎么回事啊" right after two orders' parcels: that one's, not "请具体说说"
            return answer_parcels(dispatcher, tracker, [picked])
        if mentions(text, PARCEL_COMPLAINT_WORDS) and not defect:
            # "我的鞋子四天了物流一点都不动": the parcel is the trouble; its state (or its number asked)
            if assess_message(text).level != "low":  # the parcel answer apologises for a low one itself
                dispatcher.utter_message(response="utter_sorry_for_trouble")
            return await ActionTrackParcel().run(dispatcher, tracker, domain)
        return apologise_and_offer(dispatcher)


ANOTHER_PARTY = re.compile(r"(?:另一|后面那|前面那)[个位]?(?:客服|家|店|人|同事)")


# Why an item goes back, told after the returns answer ("孩子鞋子买小了 穿不上").
FIT_WORDS = ("买小了", "买大了", "穿不上", "穿不下", "不合适", "不合脚", "偏小", "偏大", "太小", "太大", "小了", "大了")

# "怎么这么慢" with an order named: its parcel is the trouble
SLOW_WORDS = ("这么慢", "太慢", "好慢", "真慢", "慢死", "慢吞吞", "磨蹭")
NOT_THE_PARCEL_WORDS = ("发票", "客服", "回复", "审核", "退")  # "发票怎么还没到 太慢了": not its parcel
# A complaint with one of these is about where the parcel is.
# (not 发货 alone: "问个发货时间半天不理人" is about the service, "发货单上的价格" about a price)
PARCEL_COMPLAINT_WORDS = (
    "物流",
    "包裹",
    "还没到",
    "没到",
    "不动",
    "天没动",  # "这个壶怎么三天没动了"
    "没动静",
    "没更新",
    "揽收",
    "不发货",
    "没发货",
    "还不发",
)


# "有没有真人啊 跟机器人说不清": a person asked for, in words about the bot; "你是机器人还是真人啊"
# only asks what it is.
WANTS_A_PERSON_NOT_THE_BOT = re.compile(
    r"有没有(?:真人|人工|活人)|有(?:真人|人工|活人)吗|(?:找|要|换|转)个?(?:真人|活人)"
    r"|说不清|说不明白|讲不清|听不懂|答非所问|没法沟通|沟通不了"
)


class ActionAnswerBotChallenge(Action):
    """Says it is the shop's assistant and how to reach a person, or calls one when the message
    asks for a person or gives up on the bot."""

    def name(self) -> Text:
        return "action_answer_bot_challenge"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> List[Dict[Text, Any]]:
        text = to_simplified(tracker.latest_message.get("text") or "")
        if WANTS_A_PERSON_NOT_THE_BOT.search(text) and not DECLINES_A_PERSON.search(text):
            return await escalate_on_request(dispatcher, tracker, "顾客要求人工", domain)
        # "你是机器人吗 能干啥": asked of the bot, "你" may be left out
        if ASKS_WHAT_THE_BOT_DOES.search(text) or WHAT_IT_DOES.search(text):
            dispatcher.utter_message(response="utter_what_i_can_do")
            return []
        dispatcher.utter_message(response="utter_iamabot")
        return []


class ActionEscalate(Action):
    def name(self) -> Text:
        return "action_escalate"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> List[Dict[Text, Any]]:
        return await escalate_on_request(dispatcher, tracker, "顾客要求人工", domain)


def unhelpful(turn: Turn, previous: Optional[Turn]) -> bool:
    """A turn the bot could not help with: not understood, out of scope, or asking again
    whether it is a bot."""
    if turn.intent in FAILURE_INTENTS:
        return True
    return turn.intent == "bot_challenge" and previous is not None and previous.intent == "bot_challenge"


def unhelpful_recently(turns: Sequence[Turn]) -> int:
    recent = list(turns[-FAILURE_WINDOW:])
    earlier = [None] + recent[:-1]
    return sum(unhelpful(turn, previous) for turn, previous in zip(recent, earlier, strict=True))


# "就来了件卫衣", "只收到一件", "少了一条裤子", "漏发了": an item missing from what arrived ("能不能少一点" bargains,
# "至少一周" and "明天就到了" ask about time).
MISSING_ITEM = re.compile(
    r"(?<![至减多])少(?:了|发)(?:一|两|个|件|双|条|盒|包)|(?:只|就)来了(?:一|两|个|件)|就收到(?:一|两)(?:件|双|盒|包)|只(?:收到|到了)(?:一|两|个|件)|漏发|少发"
    # "包裹收到了 拉拉裤在 牛肉干没有啊": one item there, another not; "箱子里没有牛肉干"
    # ("到现在 物流没有更新", "人在 公司没有办法签收", "包裹里没有发票吗" are none)
    r"|(?<![现人还正实存])在[\s,，]+[^\s,，]{1,8}没(?:有|在|看到|见着?)(?!收到|拿到|到|签收|更新|动静|办法|问题|发票)"
    r"|(?:里面|箱子里|包裹里)[^\s,，]{0,6}?(?:没有|没看到|没见)(?!收到|拿到|到|签收|发票)"
    # "牛仔裤没收到 就一件卫衣": one item not received, only another ("还没收到 就一个问题" is none)
    r"|没(?:收到|到)[\s,，]*(?:只|就)(?:有|来了|收到|到了)?(?:一|两|1|2)(?:件|个|条|双|样)(?!问题)"
    # "买的卫衣跟牛仔裤 裤子没收到", "还有一单 卫衣跟牛仔裤 裤子没有收到": two things bought, one of
    # them not there ("买的鞋和袜子 都没收到"
    # is the parcel, "我跟你说 快递没收到" names nothing bought)
    # "拉拉裤到了 牛肉干没收到": one item came, another did not ("快递到了 发票没收到" is no item)
    r"|[^\s,，]{1,8}(?:到了|收到了)[\s,，]+(?!快递|包裹|物流|发票|退款|短信)[^\s,，]{1,8}没(?:收到|到|来)"
    r"|(?:买的|一单|那单|这单)[\s,，]*[^\s,，]{1,8}(?:跟|和|还有|加)[^\s,，]{1,8}[\s,，]+(?![^\s,，]*?(?:快递|包裹|东西|还|都|全|一直|现在|为啥|为什么|咋|怎么))[^\s,，]{1,6}没(?:有?(?:收到|到|来)|有(?=$|[\s啊呀哦呢嘛!！?？~～。,，]))"
    # "包裹到了 就一件卫衣 牛仔裤没有啊": only one thing came, another not
    r"|(?:只|就)(?:有|来了|收到|到了)?(?:一|两|1|2)(?:件|个|条|双|样)[^\s,，]{0,6}[\s,，]+"
    r"(?![^\s,，]*?(?:快递|包裹|物流|发票|退款|短信|东西|还|都|一直|现在|为啥|为什么|咋|怎么))[^\s,，]{1,8}没(?:有|收到|到|来)"
)


# "空气炸锅那个呢", "那单呢", "那咋办": the other order, asked on.
THAT_ONE = re.compile(r"那个呢|那单呢|那件呢|咋办|咋整|怎么办")
# Nothing but haste: "快点啊 急", "赶紧的!!", "急死了".
HURRY_ONLY = re.compile(
    r"(?=.*(?:快|急|赶紧|催|速度))"  # haste said, not only "了" or "?"
    r"(?:快点|快快|赶紧|着急|急死了?|速度|快|急|催|的|啊|呀|吧|哈|呢|了|点|[\s,，。.!！~～?？])+"
)


WHAT_TO_DO = re.compile(r"咋办|怎么办|咋整|怎么整|怎么弄|咋弄|怎么处理")
# 没收到 said of something other than a parcel ("验证码没收到怎么办", "发票没收到")
NOT_A_PARCEL = ("验证码", "短信", "发票", "退款", "钱", "订单号", "密码", "券")
LOGIN_ANSWERS = frozenset({"utter_order_needs_login", "utter_order_needs_login_again", "utter_login_not_seen"})


def parcel_never_came_what_now(tracker: Tracker) -> bool:
    """ "那一般没收到咋办" after the parcel or login answers: what to do about a parcel that did not
    come, not an item missing from one nor a code or refund not received."""
    text = tracker.latest_message.get("text") or ""
    asked = NOT_RECEIVED.search(text) and WHAT_TO_DO.search(text) and not MISSING_ITEM.search(text)
    parcel_talk = (LOGIN_ANSWERS | PARCEL_ANSWERS) & set(responses_within(tracker, 2))
    about_a_parcel = mentions(text, ("快递", "包裹", "东西", "货")) or bool(parcel_talk)
    return bool(asked) and about_a_parcel and not mentions(text, NOT_A_PARCEL) and not order_ids_in_message(tracker)


class ActionHandleFailure(Action):
    """Not understood or out of scope: a kind answer; a person after two such turns in a row or
    three in the last five."""

    def __init__(self, keep_goes_to_cancel: bool = True) -> None:
        # False when the cancel action's keep path calls this for the rest of the message
        self.keep_goes_to_cancel = keep_goes_to_cancel

    def name(self) -> Text:
        return "action_handle_failure"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> List[Dict[Text, Any]]:
        turns = user_turns(tracker)
        # A message the bot could not place can still be an angry one.
        assessment = assess_conversation(turns, order_amount(tracker))
        if assessment.escalate:
            return await escalate(
                dispatcher, tracker, assessment.level, assessment.reasons, "utter_calm_escalate", assessment.categories
            )
        text = tracker.latest_message.get("text") or ""
        if asks_for_a_person(text):  # "好的 麻烦找个人帮我问问" after the chase: before any follow-up
            return await escalate_on_request(dispatcher, tracker, "顾客要求人工", domain)
        taken_up = invoice_form_taken_up(tracker)
        if taken_up is not None:
            return taken_up
        if asks_what_if_shipped(tracker):  # "要是已经发出去了咋办" after the unshipped cancel, not understood
            return answer_cancel(dispatcher, tracker)
        from actions.invoice import asks_for_an_invoice, open_the_invoice_form  # invoice imports this module

        if asks_for_an_invoice(text, told=True) and not tracker.active_loop:
            # "好吧 那你帮我登记下 9627… 专票 …公司 税号… 邮箱…" under the NLU's threshold: the invoice
            return await open_the_invoice_form(dispatcher, tracker, domain)
        if asks_a_refund_with_a_discount(text, services.shop().policy):  # "到了要是只退个包 用的满减那钱咋算"
            return answer_refund_with_a_discount(dispatcher)  # (not understood)
        if parcel_never_came_what_now(tracker):
            # "那一般没收到咋办" (without a login, not understood): what to check, and a person who can
            return send(dispatcher, [("utter_not_received_next", {})])
        other_size = another_size_wished(dispatcher, tracker)
        if other_size is not None:  # "有没有大点的 明年还能穿" right after the sizes, not understood
            return other_size
        suits = answer_whether_it_suits(dispatcher, tracker)
        if suits is not None:  # "这个送婆婆合适吗 她六十多了" on the scarf's card, not understood
            return suits
        if picks_one_shown(tracker):  # "第二个呢 详细说说" right after two products, not understood
            return answer_product_question(dispatcher, tracker)
        compared = compare_the_shown(dispatcher, tracker)
        if compared is not None:  # "这两双差在哪" right after two running shoes, not understood
            return compared
        if price_of_the_focus(tracker):  # "多少钱啊" right after the one product shown
            return answer_product_question(dispatcher, tracker)
        if ASKS_WHAT_THE_BOT_DOES.search(to_simplified(text)):  # "哦 那你能干啥" not understood
            dispatcher.utter_message(response="utter_what_i_can_do")
            return []
        if asks_what_the_shop_sells(text) and not order_ids_in_message(tracker):  # "你们家主要卖啥的啊"
            return answer_what_the_shop_sells(dispatcher)
        if own_order_meant(tracker) and "utter_order_id_unknown" in responses_within(tracker, 1):
            # "那我自己的呢 就刚那个" right after a friend's number was not found, not understood
            from actions.dialogue import ActionHandleInform  # dialogue imports this module

            return await ActionHandleInform().run(dispatcher, tracker, domain)
        follow_up = answer_follow_up(dispatcher, tracker)
        if follow_up is not None:
            return follow_up
        if MISSING_ITEM.search(to_simplified(text)):
            # "买的卫衣跟牛仔裤 裤子没有 就来了件卫衣", "还有上次那单 拉拉裤到了 牛肉干没收到": an item
            # missing from a sent order, before any parcel follow-up
            from actions.order_problem import ActionAnswerOrderProblem  # order_problem imports this module

            return await ActionAnswerOrderProblem().run(dispatcher, tracker, domain)
        if says_not_received(tracker):  # "门口没有啊 找了一圈了😭" after the delivered answer, not understood
            return offer_a_check(dispatcher)
        if tracker.get_slot("offer") == "human" and mentions(text, WAIT_A_BIT_WORDS):
            # "行吧 那我先等等" after the chase and an offered person: the offer is declined, kindly
            dispatcher.utter_message(response="utter_offer_declined")
            return [SlotSet("offer", None)]
        from actions.address import (  # address imports this module
            add_to_handed_over_address,
            adds_to_handed_over_address,
            sends_new_address,
            take_new_address,
        )

        if adds_to_handed_over_address(tracker):  # "门牌号漏了 3栋1502" after the new address
            return await add_to_handed_over_address(dispatcher, tracker)
        if sends_new_address(tracker):  # "收件人唐糖 18628093451", the part the new address lacked
            return await take_new_address(dispatcher, tracker)
        number_asked = any("ask_order" in name for name in previous_responses(tracker))
        if tracker.get_slot("pending_topic") and number_asked and HURRY_ONLY.fullmatch(text):
            # "快点啊 急" while the bot waits for the order number: the number, kindly, not "没看明白"
            dispatcher.utter_message(response="utter_hurry_order_number")
            return []
        turned_down = turning_down_a_kind(dispatcher, tracker)  # "衣服就不要了 她衣服太多了"
        if turned_down is not None:
            return turned_down
        if canonical("recipient", to_simplified(text)) and not order_ids_in_message(tracker):
            wishes = narrowed_wishes(tracker)  # "算了 还是先给我妈买吧" right after a recommendation
            if wishes:
                return recommend_narrowed(dispatcher, tracker, wishes)
        if tracking_number_asked_crossly(tracker):  # "单号给我 我自己打极兔问": its number, not an apology
            return answer_parcel_follow_up(dispatcher, tracker)
        if waits_for_the_parcel_in_focus(tracker):
            # "怎么还没揽收啊 都半天了" after that order's invoice, not understood: where it is, sorry
            return await ActionTrackParcel().run(dispatcher, tracker, domain)
        if assessment.level == "low":
            asks = ASKS_NOT_TELLS.search(text) and not services.shop().policy.names_a_defect(text)
            if asks and asks_about_a_product(tracker):  # "偏大偏小" on a card: a size question, not a gripe
                return answer_product_question(dispatcher, tracker)
            exchange = mentions(text, services.shop().policy.exchange_words) and mentions(text, SIZE_OR_COLOUR)
            if wants_a_return(text) or exchange:
                # "给我爸买的健步鞋 他穿着挤脚 想换大一码": the exchange asked, not "具体说说哪里出了问题"
                return await answer_returns_or_quality_task(dispatcher, tracker)
            slow = mentions(text, PARCEL_COMPLAINT_WORDS + SLOW_WORDS) and not mentions(text, NOT_THE_PARCEL_WORDS)
            if slow and order_ids_in_message(tracker) and not services.shop().policy.names_a_defect(text):
                # "2746… 邮政怎么这么慢": where that parcel is (its answer says sorry), not "具体说说"
                return await ActionTrackParcel().run(dispatcher, tracker, domain)
            return apologise_and_offer(dispatcher)
        if asks_how_to_send_photos(tracker):  # "要我拍照片吗" after the bot asked for photos
            return explain_photos(dispatcher, tracker)
        guaranteed = asks_a_product_guarantee(tracker)
        if guaranteed is not None:  # "能保证穿了不冷吗" about the down coat: nobody can promise that
            return answer_product_guarantee(dispatcher, tracker, guaranteed)
        defect_told = services.shop().policy.names_a_defect(text) and not ASKS_NOT_TELLS.search(text)
        if defect_told and wants_a_return(text) and mentions(text, RETURN_WORDS):
            # "8702… 牛仔裤洗了一次掉色严重 要退": a defect and a return, not how to wash the jeans
            return await answer_returns_or_quality_task(dispatcher, tracker)
        wished = the_one_product_asked(text) if mentions(text, WISH_WORDS) else None
        if wished is not None:  # "顺便再给我妈看个东西 她最近爱喝花茶": the one that fits, not the dress's 功能
            return show_the_one_product(dispatcher, tracker, wished)
        received = lookup_order(order_id_in_focus(tracker), tracker)
        exchange_words = services.shop().policy.exchange_words
        card = tracker.get_slot("product_in_focus")  # "这件卫衣有没有换一个颜色的" on another card: its colours
        of_the_order = received is not None and (card is None or card in {item.sku for item in received.items})
        if of_the_order and received.delivered_at and mentions(to_simplified(text), exchange_words):
            return answer_returns(dispatcher, tracker)  # "換大一碼行嗎" about the shoes received: an exchange
        named, several = product_named(tracker)
        if (named or several) and services.attribute_words().asked(text) and asks_about_a_product(tracker):
            # "坚果开了能放多久" right after a parcel answer: the product's shelf life, not the parcel's
            return answer_product_question(dispatcher, tracker)
        # only a short "X那个呢" or a parcel follow-up picks the other order ("吹风机怎么用" does not)
        asks_on = bool(THAT_ONE.search(text)) or mentions(text, PARCEL_FOLLOW_UP_WORDS)
        other = chosen_from_recent(tracker) if asks_on and not order_ids_in_message(tracker) else None
        other_order = lookup_order(other, tracker) if other and other != order_id_in_focus(tracker) else None
        if other_order is not None:
            # "空气炸锅那个呢 那咋办啊" after two orders answered together: that one's parcel, asked on
            return answer_parcels(dispatcher, tracker, [other_order], follow_up=True)
        if asks_about_the_parcel_just_answered(tracker):  # "明天能到嗎" under the NLU's threshold
            return answer_parcel_follow_up(dispatcher, tracker)
        if asks_about_a_product(tracker):
            # "哪里产的" about the product in focus, "那个桑蚕丝连衣裙是真丝的吗": a product question
            return answer_product_question(dispatcher, tracker)
        policy = services.shop().policy
        # (the price-protection words are read by names_a_price_drop, with the drop told by its prices)
        return_words = policy.refund_time_words + policy.exchange_words + RETURN_HINTS
        return_words += RETURN_ADDRESS_WORDS  # "那我自己这单 寄回地址是哪" not understood
        where_to = asks_where_to_send(text) and answered_with(tracker, RETURN_ANSWER, 3)  # "寄哪里" after it
        if wants_a_return(text) or mentions(text, return_words) or policy.names_a_price_drop(text) or where_to:
            # "那我不想要了 能退款吗" on an order on its way, "买的699 现在599了 能补差价不",
            # "钱多久能回来": the returns answer; "9904… 羽绒服拉链坏了" on a high-amount order a task too
            return await answer_returns_or_quality_task(dispatcher, tracker)
        if mentions(text, ("包邮", "免运费")) and not order_ids_in_message(tracker):  # "买两包包邮不"
            from actions.shipping import ActionAnswerShippingTime  # shipping imports what imports this

            return await ActionAnswerShippingTime().run(dispatcher, tracker, domain)
        gap_asked = gap_to_a_coupon(tracker) is not None  # "那还差多少能减40" after the coupon for ¥260
        bargain = asks_for_a_bargain(text)  # "能给我改价吗" not understood
        amount = names_an_amount_after_coupons(tracker)  # "我就买了个159的包" right after the coupons
        if asks_about_promotions(text) or asks_about_gifts(text) or gap_asked or bargain or amount:
            return answer_promotion(dispatcher, tracker)
        from actions.couriers import ActionAnswerCourier, asks_for_the_upgrade, asks_to_change_to_the_upgrade

        if asks_for_the_upgrade(text, policy) and asks_to_change_to_the_upgrade(text):
            # "那2746…这单也改顺丰": that order's 顺丰, a task before dispatch, too late after
            return await ActionAnswerCourier().run(dispatcher, tracker, domain)
        cancelling = mentions(text, CANCEL_WORDS) or REFUSE_ASKED.search(text)  # "那我直接拒收行吗"
        if cancelling and not mentions(text, KEEP_WORDS) and order_from_message_or_slot(tracker):
            # "那我不要了 还没被快递拿走应该能拦下来吧" about an order talked about: cancelling it, by its
            # parcel's state ("不要了" with no order in the conversation is no cancel)
            return answer_cancel(dispatcher, tracker)
        if (
            self.keep_goes_to_cancel
            and mentions(text, KEEP_WORDS)
            and CANCEL_ANSWERS & set(responses_within(tracker, 3))
        ):
            # "算了不取消了 留着吧" a turn or two after the cancel answer: the order is kept
            from actions.cancel import ActionAnswerCancel  # cancel's keep path reads the rest

            return await ActionAnswerCancel().run(dispatcher, tracker, domain)
        signed = (
            "签收" in text and not policy.names_a_defect(text) and not wants_a_return(text)
        )  # "签收时发现盒子压坏了" is a defect
        if signed and order_from_message_or_slot(tracker):  # "签收人写的家门口 就是放门口了是吧"
            return await ActionTrackParcel().run(dispatcher, tracker, domain)
        if mentions(text, DISPATCH_OR_ARRIVAL_WORDS) and not order_ids_in_message(tracker):
            return await ActionTrackParcel().run(dispatcher, tracker, domain)  # "我买的夹克发货没有啊"
        if asks_for_the_tracking_number(text) and order_from_message_or_slot(tracker):
            # "单号给我 我自己打圆通电话" (what is left once "不用人工了" took the chat out of the queue)
            return await ActionTrackParcel().run(dispatcher, tracker, domain)
        if thanks_is_the_answer(text):
            # "6374… 鞋收到了 …五星好评👍" not understood: thanked, not its parcel told
            dispatcher.utter_message(response="utter_praise_thanks")
            return []
        region = next(tracker.get_latest_entity_values("region"), None)
        if order_ids_in_message(tracker) or (region and mentions(text, HOW_LONG_WORDS)):
            # "单号 6203 9188 4756 1023 发货没": the number answers the topic waiting for it, or the
            # parcel question; "那到乌鲁木齐要几天": the shipping time there. Imported here
            # because actions.dialogue imports this module
            from actions.dialogue import ActionHandleInform

            return await ActionHandleInform().run(dispatcher, tracker, domain)
        budget, category = parse_budget_range(text), category_in(excluded_in(text)[1])  # not "围巾他不戴"
        if budget and not category and tracker.get_slot("pending_topic") == "recommend":
            category = tracker.get_slot("product_category")  # "給我媽 怕冷 600以內" after "有卖羽绒服吗"
        if budget and category:  # "有没有200-300的口红": a recommendation, though not understood as one
            last = tracker.get_slot("last_recommendation")
            # for whom: said now, else the one the last recommendation was for ("围巾他不戴 要穿的 …")
            recipient = canonical("recipient", to_simplified(text)) or (last or {}).get("recipient")
            found = recommend(dispatcher, category, recipient, budget[1], float(budget[0]), last, **who_for(tracker))
            # kept for a new budget next ("那一百多的呢") when nothing fitted; cleared when something did
            return [SlotSet("product_category", category), SlotSet("recipient", recipient)] + found
        recommended = recommend_for_a_need(dispatcher, tracker)  # "他平时爱跑步" after a recommendation
        if recommended is not None:
            return recommended
        wishes = narrowed_wishes(tracker)
        if wishes:  # "那便宜点的呢" right after a recommendation: understood in that context
            return recommend_narrowed(dispatcher, tracker, wishes)
        wished = the_one_product_asked(text)
        if wished:  # "我爸腿脚不太好 走路怕摔 有合适的鞋吗", not understood: the one that fits
            return show_the_one_product(dispatcher, tracker, wished)
        few = recommend_the_few_wished(dispatcher, tracker)
        if few is not None:
            return few
        # "你们家衣服质量真不错 上次买的风衣我超喜欢👍" not understood: thanked
        if is_praise(text) or praises_what_came(text):
            dispatcher.utter_message(response="utter_praise_thanks")
            return []
        said = to_simplified(text).strip()
        if GOING_TO_BUY.match(said):  # "好的 那我下单了": nothing to place, no failure
            dispatcher.utter_message(response="utter_anything_else")
            return []
        if THANKS_ONLY.match(said):  # "那好吧 谢谢" after answers it did not like: thanked, not queued
            dispatcher.utter_message(response="utter_youre_welcome")
            return []
        if RESIGNED_ONLY.match(said):  # "服了 那就这样吧" after answers it did not like: no second failure
            dispatcher.utter_message(response="utter_resigned")
            return []
        if OWN_TYPO.match(said):  # "sorry 打错了哈哈" after nonsense: no second failure, no person
            dispatcher.utter_message(response="utter_typo_no_worries")
            return []
        # two in a row go to a person, unless both were keyboard mashing ("asdfgh", "qwerty uiop"):
        # nothing was asked yet, and three in the window still count
        mashed = len(turns) >= 2 and is_nonsense(turns[-1].text) and is_nonsense(turns[-2].text)
        in_a_row = len(turns) >= 2 and turns[-2].intent in FAILURE_INTENTS and not mashed
        if in_a_row or unhelpful_recently(turns) >= FAILURES_IN_WINDOW:
            return await escalate(dispatcher, tracker, "none", ("机器人多次未能理解",), "utter_failure_escalate")
        latest_intent = tracker.latest_message.get("intent", {}).get("name")
        dispatcher.utter_message(response="utter_out_of_scope" if latest_intent == "out_of_scope" else "utter_default")
        return []
