"""Follow the conversation: answers to what the bot just offered, order numbers given later,
and what a new session keeps.

- `offer` (actions/replies.py) records that the bot's last turn offered a person: "好的 麻烦了"
  queues the shopper, "不用了" keeps the bot, kindly. An offer counts only for the very next
  message, so a later "好的" is never read as accepting it.
- `pending_topic` records what a missing order number was asked for (parcel, shipping,
  returns, price protection, cancelling, a wrong or missing item, 顺丰); the number, given one or
  two turns later, answers that topic; after "nothing within budget", a new budget tries again.
"""

import re
from typing import Any, Dict, List, Optional, Text

from rasa_sdk import Action, Tracker
from rasa_sdk.events import ActionExecuted, ActiveLoop, SessionStarted, SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from actions import services
from actions.address import (
    ActionAnswerChangeAddress,
    about_the_address,
    add_to_handed_over_address,
    address_events,
    address_replies,
    address_told_before,
    adds_to_handed_over_address,
    answer_beside_the_address,
    can_change,
    take_new_address,
)
from actions.cancel import KEEP_WORDS, ActionAnswerCancel, cancel_replies
from actions.couriers import (
    UPGRADE_TOPIC,
    ActionAnswerCourier,
    asks_for_the_upgrade,
    asks_to_change_to_the_upgrade,
    upgrade_order,
)
from actions.followups import FOUND_WORDS, WILL_WAIT, answer_follow_up
from actions.forms import only_an_order_number
from actions.handoff import (
    DISPATCH_OR_ARRIVAL_WORDS,
    MISSING_ITEM,
    WAIT_A_BIT_WORDS,
    answer_quality_problem,
    asks_about_the_parcel,
    asks_for_a_person,
    escalate_on_request,
    invoice_form_taken_up,
)
from actions.invoice import (
    asks_for_an_invoice,
    asks_for_another_invoice,
    invoice_status_replies,
    open_the_invoice_form,
)
from actions.order_problem import ActionAnswerOrderProblem, follow_up_a_defect_told_before, order_problem_replies
from actions.orders import (
    asks_a_lookup_by_phone,
    chosen_from_recent,
    described_order,
    lookup_order,
    order_from_message_or_slot,
    order_id_in_focus,
    order_ids_in_message,
    own_order_meant,
    say_order_not_found,
)
from actions.parcel import (
    MAX_ORDERS_PER_MESSAGE,
    NOT_HERE_YET_WORDS,
    WHEN_IT_COMES_WORDS,
    ActionTrackParcel,
    answer_parcel_follow_up,
    answer_parcels,
    asks_a_returns_question,
    asks_about_the_parcel_just_answered,
    offer_a_check,
    says_not_received,
)
from actions.photos import asks_how_to_send_photos, cannot_send_photos, explain_photos
from actions.prices import answer_price, asks_price, candidates, price_of_the_focus
from actions.products import (
    answer_product_question,
    asks_about_a_product,
    names_one_for_the_attribute_just_answered,
    picks_one_shown,
    tells_a_need,
)
from actions.promotions import answer_promotion, asks_about_promotions
from actions.recommend import (
    OTHER_OF_THE_KIND,
    answer_whether_it_suits,
    category_in,
    is_a_wish,
    narrowed_wishes,
    needs_wished,
    recommend,
    recommend_a_told_wish,
    recommend_for_a_need,
    recommend_narrowed,
    recommend_the_few_wished,
    show_the_one_product,
    the_one_product_asked,
    who_for,
)
from actions.replies import Reply, offer_topic, previous_responses, responses_within, send
from actions.returns import NOT_SENT_YET_WORDS, answer_returns, returns_answer
from actions.shipping import order_shipping_replies, shipping_replies_for_place
from kefu.budget import parse_budget_range
from kefu.clauses import ASKS
from kefu.lexicon import canonical, surface
from kefu.patterns import normalise_order_numbers
from kefu.risk import thanks_is_the_answer
from kefu.shop.models import Order
from kefu.shop.parcel_state import parcel_facts
from kefu.traditional import to_simplified
from kefu.words import ASKS_WHAT_THE_BOT_DOES, DECLINES_A_PERSON, mentions

# "等我找下", "稍等": the shopper goes to look for the order number the topic needs.
# "不是这个单 是8702…这单" right after an answer about another order: the same question, for this one.
CORRECTION_WORDS = (
    *("不是这", "不是那", "不是这个", "搞错", "弄错", "错了", "不对", "我说的是", "是这单", "是这个单"),
    *("我问的是", "我是说", "我是问"),
)
# The order answers of each topic (by the start of the response's name after "utter_"), to know
# what a correction corrects.
TOPIC_OF_ANSWER = {
    "order_problem_order": "order_problem",
    "order_problem_more_told": "order_problem",
    "address_": "address",
    "cancel_": "cancel",
    "shipping_order": "shipping",
    "price_protect": "price_protection",
    "return_": "returns",
    "parcel_": "parcel",  # "不对不对 是6648…这单 洗面奶那个" after a parcel answer: that order's parcel
    "followup_": "parcel",
    # when a refund comes, where it shows, who checks it (not "utter_refund_amount", an order's figure)
    **{f"refund_{name}": "refund" for name in ("time", "overdue", "progress", "check", "destination", "of_order")},
}
# Topics answered for one order: a number, or an order described, answers them once asked for.
ORDER_TOPICS = frozenset(
    {"parcel", "shipping", "returns", "returns_quality", "price_protection", "cancel", "order_problem"}
    | {"invoice_status", "address", "refund", UPGRADE_TOPIC}
)
# The offer slot's value when the shopper left the queue for a person (recorded by the gateway).
DECLINED = "declined"
# A yes to an offered person says so ("好的 麻烦了", "嗯 转吧", "需要", "ok").
YES_WORDS = ("好", "行", "可以", "嗯", "恩", "要", "麻烦", "ok", "对", "是的", "转", "人工", "客服", "谢", "没问题")
# "东西倒是没问题", "鞋挺好的": the goods described, not a yes ("没问题" and "好" are in YES_WORDS)
GOODS_ARE_FINE = re.compile(
    r"(?:东西|质量|鞋子?|衣服|货|商品|宝贝)(?:倒是|倒|都|也|本身)?(?:没问题|没毛病|挺好|还行|不错)"
)
COURIER_WORDS = ("快递", "驿站", "派送", "配送")
# "内衣那单能退吗" (not "我退了一单 …另一单到哪了")
RETURN_ASKED_WORDS = ("能退", "可以退", "想退", "要退", "退货", "换货", "退吗", "退不", "能换")
# "嗯嗯 懂了 我再凑凑", "好的 我自己再看看": the shopper goes on alone (no yes to an offered person).
ON_MY_OWN = re.compile(
    r"^(?:(?:嗯+|恩+|好的?|好吧|行|哦+|噢+|ok|OK|懂了|知道了|明白了|了解)[\s,，~～!！。.]*)+那?我?(?:再|自己|先)*"
    r"(?:凑凑|凑一凑|凑一下|凑个?单|看看|研究研究|琢磨琢磨|试试|弄弄)(?:吧|哈|啦|了)?[\s,，~～!！。.]*$"
)
# Offers of a person made only for later ("还是用不了的话…转人工客服看看?"): a bare ok takes none.
CONDITIONAL_OFFERS = frozenset({"utter_promotion_unusable", "utter_refund_progress_where"})
BARE_ACKNOWLEDGEMENT = re.compile(
    r"^(?:(?:哦+|噢+|嗯+|恩+|好的?|好吧|ok|OK|知道了|懂了|明白了?|了解了?|这样啊|原来如此)[\s,，~～!！。.]*)+$"
)
# ("好的" alone is a yes: "哦哦 好的", "知道了" only say it is understood)
UNDERSTOOD = re.compile(r"哦|噢|嗯|恩|知道|懂|明白|了解|这样|原来|ok", re.IGNORECASE)
WAIT_WORDS = ("等我", "等下", "等一下", "等会", "稍等", "找下", "找一下", "找找", "翻翻", "我看看")
ASKS_FOR_A_NUMBER = {
    "utter_ask_order_id",
    "utter_ask_order_for_topic",
    "utter_cancel_ask_order",
    "utter_address_ask_order",
}
NOT_CARRIED_OVER = (
    *("offer", "pending_topic", "recent_orders", "requested_slot", "order_id_attempts"),
    *("last_recommendation", "asked_attributes", "awaiting_photos"),
)


def offer_is_open(tracker: Tracker) -> bool:
    """Did the bot's turn just before the latest message offer a person? Not when the shopper
    left the queue just before asking what that turn answered (the gateway records the offer
    as "declined"): "算了不用转人工了 你就说啥时候能到", the answer's "可以转人工客服", then a
    resigned "行吧" is no yes."""
    users_seen, offered = 0, None
    for event in reversed(tracker.events):
        if event.get("event") == "user":
            users_seen += 1
            if users_seen == 2 and not offered or users_seen == 3:
                break
        elif event.get("event") == "slot" and event.get("name") == "offer":
            if users_seen == 1 and offered is None:
                offered = event.get("value") == "human"
            elif users_seen == 2 and event.get("value") == DECLINED:
                return False
    return bool(offered)


class ActionHandleAffirm(Action):
    def name(self) -> Text:
        return "action_handle_affirm"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> List[Dict[Text, Any]]:
        text = tracker.latest_message.get("text") or ""
        simplified = to_simplified(text)
        if DECLINES_A_PERSON.search(simplified):
            # "算了算了 差评倒不至于 不用转人工了 你就说啥时候能发" read as a yes: a no to a person,
            # and the parcel question beside it answered; "好的 帮我催一下吧 不用转人工" after the
            # chase offered: the chase, without a person
            if not mentions(simplified, DISPATCH_OR_ARRIVAL_WORDS):
                follow_up = answer_follow_up(dispatcher, tracker)
                if follow_up is not None:
                    return follow_up + [SlotSet("offer", None)]
            return await escalate_on_request(dispatcher, tracker, "顾客要求人工", domain)
        wishes = narrowed_wishes(tracker) if parse_budget_range(text) and not offer_is_open(tracker) else None
        if wishes:  # "一百来块的就行" right after a gift was shown, read as a yes: the budget it is
            return recommend_narrowed(dispatcher, tracker, wishes)
        if offer_is_open(tracker) and WILL_WAIT.match(simplified.strip()):
            # "好吧 那我再等等" after an offer of a person: no yes to it (a bare "行吧" still is one)
            dispatcher.utter_message(response="utter_keep_waiting")
            return [SlotSet("offer", None)]
        conditional = CONDITIONAL_OFFERS & set(responses_within(tracker, 1))
        understood_only = BARE_ACKNOWLEDGEMENT.match(simplified.strip()) and UNDERSTOOD.search(simplified)
        if offer_is_open(tracker) and conditional and understood_only:
            # "哦哦 好的" to "还是用不了的话,小鹿帮您转人工客服看看?": understood, no yes to a person yet
            dispatcher.utter_message(response="utter_offer_declined")
            return [SlotSet("offer", None)]
        if offer_is_open(tracker) and ON_MY_OWN.match(simplified.strip()):
            # "嗯嗯 懂了 我再凑凑" after why a coupon may not work, with a person offered: no yes to it
            dispatcher.utter_message(response="utter_offer_declined")
            return [SlotSet("offer", None)]
        venting = GOODS_ARE_FINE.search(simplified) and mentions(simplified, COURIER_WORDS)
        if offer_is_open(tracker) and venting and not mentions(simplified, ("转", "人工", "客服", "反馈")):
            # "东西倒是没问题 鞋挺好的 就是快递太气人" after the courier's complaint answer: venting, no
            # yes to the person offered (which stays offered)
            dispatcher.utter_message(response="utter_courier_vented")
            return []
        if offer_is_open(tracker) and not mentions(text.lower(), YES_WORDS):
            # "签收人写的本人 可我根本没在家" read as a yes: what it says comes first
            follow_up = answer_follow_up(dispatcher, tracker)
            if follow_up is not None:
                return follow_up
            if asks_about_the_parcel_just_answered(tracker):  # "那咋整" after a delayed parcel: not a yes
                return answer_parcel_follow_up(dispatcher, tracker)
            if ASKS.search(text) and asks_about_a_product(tracker):  # "哪产的" after "起球…转人工客服帮您确认?"
                return [SlotSet("offer", None)] + answer_product_question(dispatcher, tracker)
        if offer_is_open(tracker):
            topic = offer_topic(tracker)  # "好的" to "需要改的话…转人工客服修改好吗": the ticket says what for
            reason = f"顾客接受转人工({topic})" if topic else "顾客接受转人工"
            return [SlotSet("offer", None)] + await escalate_on_request(dispatcher, tracker, reason)
        follow_up = answer_follow_up(dispatcher, tracker)  # "行 那我再等等"
        if follow_up is not None:
            return follow_up
        if asks_about_the_parcel_just_answered(tracker):  # "还要多久啊" after the stalled parcel's answer
            return answer_parcel_follow_up(dispatcher, tracker)
        if asks_about_a_product(tracker) or picks_one_shown(tracker):
            # "苹果15能快充不" on a power bank's card, "第二个呢 详细说说" after two shown: read as a yes
            return answer_product_question(dispatcher, tracker)
        if tells_a_defect(text):
            return answer_returns(dispatcher, tracker)  # "可是那里开线了" read as a yes
        if ASKS.search(text) and asks_about_promotions(text):  # "能用券不" on a card, read as a yes
            return answer_promotion(dispatcher, tracker)
        # "好的 那帮我申请吧" (a plain "好的" is only an ok)
        asks_to_apply = any(word in text for word in ("申请", "提交"))
        asked_to_apply = asks_to_apply and "utter_price_protect_ok" in responses_within(tracker, 3)
        if asked_to_apply:  # "好的 那帮我申请吧": the bot cannot, the shopper can
            dispatcher.utter_message(
                response="utter_price_protect_how", refund_arrival=services.shop().policy.refund_arrival
            )
            return []
        dispatcher.utter_message(response="utter_anything_else")
        return []


class ActionGreet(Action):
    """The greeting with its topic buttons; a question the NLU read as a greeting ("冬天在北京穿
    够不够暖" on a card) is answered instead."""

    def name(self) -> Text:
        return "action_greet"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> List[Dict[Text, Any]]:
        if mentions(to_simplified(tracker.latest_message.get("text") or ""), DISPATCH_OR_ARRIVAL_WORDS):
            # "在吗在吗 我的夹克发了码": the parcel question after the greeting, typo and all
            return await ActionTrackParcel().run(dispatcher, tracker, domain)
        return answer_question_or_say(dispatcher, tracker, "utter_greet")


def answer_question_or_say(dispatcher: CollectingDispatcher, tracker: Tracker, response: str) -> List[Dict[Text, Any]]:
    """A question the NLU read as small talk is answered (a follow-up, or about a product);
    otherwise `response` is said."""
    text = tracker.latest_message.get("text") or ""
    if tracker.get_slot("requested_slot") == "budget" and parse_budget_range(text):
        return []  # "200-300吧" read as a goodbye while the budget is asked: the form takes it, nothing said
    if ASKS_WHAT_THE_BOT_DOES.search(to_simplified(text)):  # "你好 你都能帮我干啥呀"
        dispatcher.utter_message(response="utter_what_i_can_do")
        return []
    if cannot_send_photos(tracker):  # "我不会拍照啊 孙子不在家" read as a greeting: a person offered
        return send(dispatcher, [("utter_photos_cannot", {})])
    if ASKS.search(text):
        follow_up = answer_follow_up(dispatcher, tracker)
        if follow_up is not None:
            return follow_up
        if asks_about_promotions(text):  # "459能减多少", "能用券不" read as a goodbye or a yes
            return answer_promotion(dispatcher, tracker)
        if asks_about_the_parcel_just_answered(tracker):  # "謝謝 大概還要幾天" after the parcel's answer
            return answer_parcel_follow_up(dispatcher, tracker)
        if asks_about_a_product(tracker):
            return answer_product_question(dispatcher, tracker)
    if mentions(text, services.shop().policy.refund_time_words):  # "好的谢谢 那这个钱一般退到哪 多久到"
        return answer_returns(dispatcher, tracker)
    dispatcher.utter_message(response=response)
    return []


class SmallTalkOrQuestion:
    """For the small-talk actions: a question the NLU read as small talk is answered (see
    answer_question_or_say), else `response` is said."""

    response = ""

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> List[Dict[Text, Any]]:
        if asks_where_a_numbered_parcel_is(tracker):
            # "之前的都给了五星好评 2957… 面膜到哪了": the praise aside, the parcel asked about
            return await ActionTrackParcel().run(dispatcher, tracker, domain)
        return answer_question_or_say(dispatcher, tracker, self.response)


def asks_where_a_numbered_parcel_is(tracker: Tracker) -> bool:
    """An order number with a question about its parcel, beside thanks or praise."""
    text = tracker.latest_message.get("text") or ""
    parcel_asked = mentions(text, NOT_HERE_YET_WORDS + WHEN_IT_COMES_WORDS)
    return parcel_asked and bool(order_ids_in_message(tracker)) and not thanks_is_the_answer(text)


class ActionThank(SmallTalkOrQuestion, Action):
    """You're welcome; "那我拍照给你 怎么发", read as thanks, is answered instead."""

    response = "utter_youre_welcome"

    def name(self) -> Text:
        return "action_thank"


class ActionGoodbye(SmallTalkOrQuestion, Action):
    """Goodbye; "37码的有吗" on the shoes' card, read as a goodbye, is answered instead."""

    response = "utter_goodbye"

    def name(self) -> Text:
        return "action_goodbye"


# "外包装没有破损", "不是质量问题": a defect word said not to apply.
NEGATED = re.compile(r"(?:没有?|不是|并没有?|无)\S{0,2}$")


def tells_a_defect(text: str) -> bool:
    """A yes or no that tells a defect ("可是那里开线了"); not one denied, nor an item missing
    ("没有 少了一条裤子" is the missing-item topic)."""
    if MISSING_ITEM.search(text):
        return False
    for word in services.shop().policy.quality_problem_words:
        at = text.find(word)
        if at >= 0 and not NEGATED.search(text[:at]):
            return True
    return False


class ActionHandleDeny(Action):
    def name(self) -> Text:
        return "action_handle_deny"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> List[Dict[Text, Any]]:
        offered = offer_is_open(tracker)
        if an_order_not_wanted(tracker):
            # "5263… 书包不想要了", "这个不想要了 能帮我拦截吗" after its parcel answer: a return or how
            # to cancel (ActionAnswerCancel tells which by the parcel's state), not a no to an offer
            # (the offer cleared first: the answer's own offer, "需要的话…转人工客服帮您联系快递?", stands)
            cleared = [SlotSet("offer", None)] if offered else []
            return cleared + await ActionAnswerCancel().run(dispatcher, tracker, domain)
        if offered and order_ids_in_message(tracker):
            # "不對 不是這個單 是6931…這單" after an answer that offered a person: the order corrected;
            # "不用了 1234…这个呢": the offer declined, and that number looked up
            return [SlotSet("offer", None)] + await ActionHandleInform().run(dispatcher, tracker, domain)
        if offered:
            text = tracker.latest_message.get("text") or ""
            # "不用了 单号给我", "算了不要了 怎么退款": the offer is declined and the rest answered
            declined = [SlotSet("offer", None)]
            returning = mentions(text, REFUND_OR_RETURN_WORDS + RETURN_INSTEAD_WORDS)
            if returning and not mentions(text, NOT_RETURNING_WORDS):
                # "哦哦找到了 风衣不太合适 能退吗", "不用了 那我直接退了再买": found, or the person
                # declined, and a return asked
                return declined + answer_returns(dispatcher, tracker)
            if ASKS.search(text) or mentions(text, FOUND_WORDS):  # "不用了 找到了在门卫那": glad
                follow_up = answer_follow_up(dispatcher, tracker)  # "要是问不到呢" is a question, not a no
                if follow_up is not None:
                    return follow_up
            if asks_about_the_parcel_just_answered(tracker):
                return declined + answer_parcel_follow_up(dispatcher, tracker)
            if asks_about_a_product(tracker):  # "不用了 等等看吧 防晒霜放久了会过期吗"
                return declined + answer_product_question(dispatcher, tracker)
            dispatcher.utter_message(response="utter_offer_declined")
            return declined
        if order_ids_in_message(tracker):
            # "不是这个单 是8702…这单", "不对 是3185…" after a number not found: the number given
            # answers what it corrects (or the topic waiting for it)
            return await ActionHandleInform().run(dispatcher, tracker, domain)
        follow_up = answer_follow_up(dispatcher, tracker)  # "没在家 签收人不是我" after "显示签收"
        if follow_up is not None:
            return follow_up
        if tells_a_defect(tracker.latest_message.get("text") or ""):
            return answer_returns(dispatcher, tracker)  # "可是那里开线了" after "内衣不支持无理由退换"
        if mentions(tracker.latest_message.get("text") or "", RETURN_INSTEAD_WORDS):
            return answer_returns(dispatcher, tracker)  # "还是算了 直接退吧" after how an exchange goes
        if says_not_received(tracker):  # "没有啊 门口没看到" after the delivered answer
            return offer_a_check(dispatcher)
        if asks_about_a_product(tracker):  # "不会起球吧" about the product in focus
            return answer_product_question(dispatcher, tracker)
        text = to_simplified(tracker.latest_message.get("text") or "")
        if DECLINES_A_PERSON.search(text) and asks_about_the_parcel(text):
            # "差评倒不至于 不用转人工了 你就说啥时候能发" after leaving the queue: the question beside the
            # no, answered where every no to a person is read
            return await escalate_on_request(dispatcher, tracker, "顾客要求人工", domain)
        if mentions(text, WAIT_A_BIT_WORDS):  # "算了不退了 再等等吧" after the refund answer
            dispatcher.utter_message(response="utter_keep_waiting")
            return []
        if mentions(text, KEEP_WORDS):  # "算了算了 不退了 还是要" after the refund answer: the order stays
            return await ActionAnswerCancel().run(dispatcher, tracker, domain)
        if mentions(text, NOT_WANTED_WORDS) and HOW_TO.search(text):
            return await ActionAnswerCancel().run(dispatcher, tracker, domain)  # "我不想要了 咋弄": how to cancel
        returning = mentions(text, REFUND_OR_RETURN_WORDS) and not mentions(text, NOT_RETURNING_WORDS)
        if mentions(text, NOT_WANTED_WORDS) and returning:
            # "T恤不要了 能单退T恤吗 还没发货呢": the returns question (a refund before dispatch), not "好嘞"
            return answer_returns(dispatcher, tracker)
        for_a_need = None if parse_budget_range(text) else recommend_for_a_need(dispatcher, tracker)
        if for_a_need is not None:  # "不要补水的 她主要想去皱纹" right after a hydrating set: what meets the need
            return for_a_need
        wishes = narrowed_wishes(tracker)
        if wishes:  # "不要吃的 有别的吗" right after a recommendation: the rest of the shop
            return recommend_narrowed(dispatcher, tracker, wishes)
        dispatcher.utter_message(response="utter_anything_else")
        return []


# "算了不要了 怎么退款" after an offer of a person: a returns question beside the no.
REFUND_OR_RETURN_WORDS = ("退款", "退货", "退钱", "怎么退", "能退", "单退")
NOT_RETURNING_WORDS = ("不退", "不想退", "不用退", "不要退")  # "算了 不退款了": no returns question
NOT_WANTED_WORDS = ("不想要了", "不要了")  # with a how-to: the order is not wanted, how to cancel it
HOW_TO = re.compile(r"咋弄|咋办|咋整|怎么弄|怎么办|怎么整|怎么操作|如何")
RETURN_INSTEAD_WORDS = ("直接退", "退了吧", "还是退", "退掉吧", "退货吧")  # "还是算了 直接退吧": a return instead


# "再不到就真不要了", "要是明天还不到就不要了": not wanted only if it does not come (not "要是还没发货
# 就不要了", which cancels it if it can)
NOT_WANTED_IF = re.compile(
    r"(?:再不|还不|要是还不|如果还不|要是再不|如果再不)(?:到|来|送|寄)\S{0,8}就\S{0,3}不(?:想)?要"
)


def an_order_not_wanted(tracker: Tracker) -> bool:
    """ "不想要了" about an order: named in the message, or the one the bot just answered about."""
    text = to_simplified(tracker.latest_message.get("text") or "")
    if not mentions(text, NOT_WANTED_WORDS) or mentions(text, KEEP_WORDS + REFUND_OR_RETURN_WORDS):
        return False  # "算了不要了 怎么退款": the returns question, answered as one
    if NOT_WANTED_IF.search(text):
        return False  # "那你帮我催一下吧 再不到就真不要了": still wanted, for now
    return bool(order_ids_in_message(tracker)) or (
        answered_topic(tracker) in ORDER_TOPICS and order_from_message_or_slot(tracker) is not None
    )


def topic_replies(topic: Optional[str], order: Order, tracker: Tracker) -> List[Reply]:
    policy, now = services.shop().policy, services.now()
    if topic == "shipping":
        return order_shipping_replies(order, policy, now)
    if topic in ("returns", "returns_quality", "price_protection"):
        return returns_answer(topic, order, tracker)
    if topic == "cancel":
        return cancel_replies(order, policy, now)
    if topic == "order_problem":
        return order_problem_replies(order)
    if topic == "invoice_status":
        return invoice_status_replies(order.order_id)
    if topic == "address":
        return address_replies(order, policy, now)
    if topic == "refund":  # "找到了 6374…" after "退款怎么还没到账" and "订单号在哪看"
        return [("utter_refund_of_order", {"order_id": order.order_id, "refund_arrival": policy.refund_arrival})]
    return []


# "好几天没动静了": a parcel that does not move (with an order number: its parcel)
NO_NEWS_WORDS = ("没动静", "没有动静", "物流不动", "快递不动", "包裹不动", "物流没更新", "物流不更新")


def answered_topic(tracker: Tracker) -> Optional[str]:
    """The topic the bot answered for an order in its last turn, or None."""
    for name in previous_responses(tracker):
        for start, topic in TOPIC_OF_ANSWER.items():
            if name.startswith("utter_" + start):
                return topic
    return None


def topic_before_where_to_find(tracker: Tracker) -> Optional[str]:
    """An order number alone right after "订单号在哪看" was answered: the topic the bot answered
    just before that question ("背带断了" → the photos for that order), not a parcel lookup."""
    text = tracker.latest_message.get("text") or ""
    last_turn = previous_responses(tracker)
    if "utter_where_order_id" not in last_turn or len(order_ids_in_message(tracker)) != 1:
        return None
    if not only_an_order_number(text):
        return None
    for name in responses_within(tracker, 2)[len(last_turn) :]:
        topic = next((topic for start, topic in TOPIC_OF_ANSWER.items() if name.startswith("utter_" + start)), None)
        if topic:
            return topic
    return None


def refund_of_a_number_alone(tracker: Tracker) -> Optional[str]:
    """ "6051…" alone right after when a refund comes was answered: that order's refund, not its parcel."""
    text = tracker.latest_message.get("text") or ""
    if len(order_ids_in_message(tracker)) != 1 or not only_an_order_number(text):
        return None
    return "refund" if answered_topic(tracker) == "refund" else None


def corrected_topic(tracker: Tracker) -> Optional[str]:
    """The topic the bot just answered for an order, when the message corrects which order it
    meant ("不是这个单啊 是8702…这单", "不對 不是這個單"); None otherwise."""
    text = to_simplified(tracker.latest_message.get("text") or "")
    return answered_topic(tracker) if any(word in text for word in CORRECTION_WORDS) else None


# "4195…呢", "那这单 6374… 呢": only another order named, the same question asked of it.
SAME_FOR_ANOTHER = re.compile(
    r"^(?:那|还有|另外)*(?:个|一个)?(?:这|那|这个|那个|另一)?(?:单|订单|一单)?(?:号)?[:：\s]*ORDER[\s]*(?:这|那|的)?(?:单|一单|个)?(?:的|呢|嘞|咧)+[?？~～!！。.\s]*$"
)


KIND_BEFORE_THE_ORDER = re.compile(r"^(?:那|还有|另外)+(?:个|一个)?(?P<kind>[\u4e00-\u9fff]{1,5}?的)\s*ORDER")
# "羽绒服是2093…", "鞋子那单 9904…" after the answer for another order: the kind labels the order
KIND_LABELS_THE_ORDER = re.compile(
    r"^(?:那|还有|另外)*(?:个|一个)?(?P<kind>[\u4e00-\u9fff]{1,5}?)(?:的|那单|那个|这单)?(?:是|单号是?|订单号?是?)?[:：\s]*ORDER"
    r"[呢嘞的\s?？~～!！。.]*$"
)


def same_question_for_another_order(tracker: Tracker) -> Optional[str]:
    """The topic the bot just answered for an order, when the message only names another order
    with 呢 ("4195528730661347 呢" right after the return answer of another): None otherwise."""
    text = to_simplified(tracker.latest_message.get("text") or "").strip()
    named = order_ids_in_message(tracker)
    if len(named) != 1:
        return None
    text = normalise_order_numbers(text).replace(named[0], "ORDER")
    kind = KIND_BEFORE_THE_ORDER.match(text)
    if kind and canonical("product_category", kind.group("kind")):  # "那还有个口红的 8127…呢"
        text = text[: kind.start("kind")] + text[kind.end("kind") :]
    labelled = KIND_LABELS_THE_ORDER.match(text)
    if labelled and surface("product_category", labelled.group("kind")) == labelled.group("kind"):
        return answered_topic(tracker)
    return answered_topic(tracker) if SAME_FOR_ANOTHER.match(text) else None


def confirms_the_problem_order(tracker: Tracker) -> bool:
    """The number of the order the missing-item answer was just about, sent again ("订单号 2864…"):
    the shopper confirms it; the photos are what is missing, not its parcel state."""
    named = order_ids_in_message(tracker)
    text = to_simplified(tracker.latest_message.get("text") or "")
    if mentions(text, DISPATCH_OR_ARRIVAL_WORDS + NO_NEWS_WORDS):
        return False  # "我那个防晒也好几天没动静了 6049…": another order's parcel, asked
    return answered_topic(tracker) == "order_problem" and named == [order_id_in_focus(tracker)]


# "那单", "上次买的": an order described, not a wish ("裤子呢 200以内")
ORDER_DESCRIBED_WORDS = ("单", "买的", "买了")


SHIPPING_TO_WORDS = ("寄", "发", "到", "几天", "运费", "快递", "包邮", "送")
LATIN = re.compile(r"[A-Za-z0-9_.@-]+")


class ActionHandleInform(Action):
    """A message that only gives details: an order number answers the pending topic (a parcel
    question by default); right after a recommendation "还有呢" or another category narrows
    it; a product named with "多少钱" gets its price; "等我找下" after the bot asked for a
    number keeps the topic waiting; a new budget retries a recommendation that found nothing;
    a region gets the shipping answer for it."""

    def name(self) -> Text:
        return "action_handle_inform"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> List[Dict[Text, Any]]:
        topic = (
            tracker.get_slot("pending_topic")
            or corrected_topic(tracker)
            or same_question_for_another_order(tracker)
            or topic_before_where_to_find(tracker)
            or refund_of_a_number_alone(tracker)
        )
        text = tracker.latest_message.get("text") or ""
        if asks_for_a_person(text):
            return await escalate_on_request(dispatcher, tracker, "顾客要求人工", domain)  # "你给我找个人"
        taken_up = invoice_form_taken_up(tracker)  # "邮箱 wxl_2@163.com" after a complaint cut the form short
        if taken_up is not None:
            return taken_up
        if asks_for_an_invoice(text) and not tracker.active_loop:
            # "开专票 单号9413…", read as the type given: asked for as by "要开专票", the form opened
            return await open_the_invoice_form(dispatcher, tracker, domain)
        beside = answer_beside_the_address(dispatcher, tracker)  # "9036… 到哪了" while it is awaited
        if beside is not None:
            return beside
        if about_the_address(tracker):  # "浙江省杭州市…" after the bot asked for the new address
            return await ActionAnswerChangeAddress().run(dispatcher, tracker, domain)
        if adds_to_handed_over_address(tracker):  # "门牌号是2单元1203 刚才漏了"
            return await add_to_handed_over_address(dispatcher, tracker)
        if asks_a_lookup_by_phone(tracker):  # "她手机号186… 你查下嘛" read as inform: never looked up
            return await ActionTrackParcel().run(dispatcher, tracker, domain)
        follow_up = answer_follow_up(dispatcher, tracker)  # "在哪申请啊 找不到" after price protection
        if follow_up is not None:
            return follow_up
        suits = answer_whether_it_suits(dispatcher, tracker)
        if suits is not None:  # "这个送婆婆合适吗 她六十多了" read as telling who it is for
            return suits
        if asks_how_to_send_photos(tracker):  # "要我拍照片吗"
            return explain_photos(dispatcher, tracker)
        if says_not_received(tracker):  # "门口没有 邻居也说没看到" after the delivered answer
            return offer_a_check(dispatcher)
        picks = picks_one_shown(tracker) or names_one_for_the_attribute_just_answered(tracker)
        # (not "我之前买的面膜2957…发了没": an order's parcel, whatever product it names)
        named_one = topic == "product_info" and candidates(text) and not order_ids_in_message(tracker)
        if named_one or picks:
            # "那个羽绒服" after "哪一款呢?"; "第二个呢" right after two products were shown; "高速那个"
            # right after both hair dryers' 冷风 was answered
            return answer_product_question(dispatcher, tracker)
        simplified = to_simplified(text)
        not_returnable = services.shop().policy.non_returnable_categories
        if topic == "returns" and not order_ids_in_message(tracker) and category_in(simplified) in not_returnable:
            return answer_returns(dispatcher, tracker)  # "内衣呢" after the return rules: that kind's own rule
        if confirms_the_problem_order(tracker):
            order_id = order_ids_in_message(tracker)[0]
            dispatcher.utter_message(response="utter_order_problem_confirmed", order_id=order_id)
            return [SlotSet("awaiting_photos", True)]
        if asks_for_another_invoice(tracker):  # "还有6049…这单也要开 一样个人 邮箱也是…"
            return await open_the_invoice_form(dispatcher, tracker, domain)
        chosen = chosen_from_recent(tracker)
        named = [chosen] if chosen else order_ids_in_message(tracker)
        described = described_order(tracker) if topic in ORDER_TOPICS and not named else None
        if described is not None:  # "订单号找不着了 就羽绒服跟鞋一起那单" after the bot asked for it
            named = [described.order_id]
        own = None if named else own_order_meant(tracker)
        if own:  # "那我自己的呢 就刚那个" after a friend's number: the shopper's own order again
            named = [own]
        if len(named) > 1 and topic is None and mentions(simplified, RETURN_ASKED_WORDS):
            # "我有两单 4195… 和 2518… 内衣那单能退吗" read as the numbers given: the return of the one named
            return answer_returns(dispatcher, tracker)
        if len(named) > 1 and topic in (None, "parcel"):  # "帮我查下两个单 3346… 跟 6931…": each of them
            orders = [order for order in (lookup_order(order_id, tracker) for order_id in named) if order]
            if len(orders) > 1:
                return answer_parcels(dispatcher, tracker, orders[:MAX_ORDERS_PER_MESSAGE])
        if named:
            order = lookup_order(named[0], tracker)
            if order is None:
                say_order_not_found(dispatcher, tracker, named[0])
                return []
            if topic in (None, "parcel") and MISSING_ITEM.search(simplified):
                # "买的卫衣跟牛仔裤 8702… 裤子没有 就收到一件卫衣" read as the number given: the item missing
                return await ActionAnswerOrderProblem().run(dispatcher, tracker, domain)
            if topic in (None, "parcel") and asks_a_returns_question(order, tracker):
                if services.shop().policy.names_a_defect(text):  # on a high-amount order, a person follows
                    return await answer_quality_problem(dispatcher, tracker)
                return answer_returns(dispatcher, tracker)  # "8702… 才洗了一次就开线了"
            told = address_told_before(tracker) if topic == "address" else None
            if told and can_change(order, services.shop().policy, services.now()):
                # the number after "刚下的单地址选错了 要寄到北京市…": that address, not asked for again
                return [SlotSet("order_id", order.order_id)] + await take_new_address(dispatcher, tracker, told)
            upgrade = asks_for_the_upgrade(text, services.shop().policy) and asks_to_change_to_the_upgrade(text)
            if topic == UPGRADE_TOPIC or upgrade:
                # the number after "可以发顺丰…告诉小鹿"; "那我另一单5580…还没发吧 这单发顺丰"
                return await upgrade_order(dispatcher, tracker, order)
            if topic == "order_problem":
                followed = await follow_up_a_defect_told_before(dispatcher, tracker, order)
                if followed is not None:  # "有一件拉链坏了", then the number of the ¥1,576 order
                    return followed
            # when it ships or comes ("单号输错了" is no parcel question, "退款…到哪了" no parcel's)
            parcel_asked = mentions(simplified, DISPATCH_OR_ARRIVAL_WORDS + NO_NEWS_WORDS)
            parcel_asked = parcel_asked and not mentions(text, REFUND_OR_RETURN_WORDS)
            parcel_asked = parcel_asked and not services.shop().policy.names_a_defect(text)  # "拉链拉不动了"
            if topic in ("returns", "order_problem", "refund") and parcel_asked:
                # "我前天买的3790…发货没" after the return rules asked for a number: that order's parcel;
                # "我那个防晒也好几天没动静了 6049…" while photos of another are awaited
                return answer_parcels(dispatcher, tracker, [order]) + [SlotSet("pending_topic", None)]
            replies = topic_replies(topic, order, tracker)
            if not replies:
                return answer_parcels(dispatcher, tracker, [order])
            events = send(dispatcher, replies) + [SlotSet("order_id", order.order_id), SlotSet("pending_topic", None)]
            if topic == "shipping":  # its state was told: "几天能到北京呢" next gets the follow-up
                events.append(
                    SlotSet("parcel_state", parcel_facts(order, services.shop().policy, services.now())[0].value)
                )
            return events + (address_events(order) if topic == "address" else [])
        if asks_about_the_parcel_just_answered(tracker):  # "单号呢" right after the parcel's state
            return answer_parcel_follow_up(dispatcher, tracker)
        if asks_about_promotions(text):  # "我就买这一个39.9的能用券吗" after the coupons
            return answer_promotion(dispatcher, tracker)
        if price_of_the_focus(tracker):  # "多小钱" right after the one product shown
            return answer_product_question(dispatcher, tracker)
        priced = answer_price(dispatcher, tracker) if asks_price(text) else None
        if priced:  # "那个口红礼盒多少钱": what "规格多大" next is about
            return [SlotSet("product_in_focus", priced.sku)]
        told_a_need = tells_a_need(text) and needs_wished(text) and not parse_budget_range(text)
        for_a_need = recommend_for_a_need(dispatcher, tracker) if told_a_need else None
        if for_a_need is not None:  # "她是油皮" right after a set for dry skin: told, not its 适用肤质 asked
            return for_a_need
        if asks_about_a_product(tracker):
            return answer_product_question(dispatcher, tracker)  # "这个呢 啥材质" from another card
        for_a_need = None if parse_budget_range(text) else recommend_for_a_need(dispatcher, tracker)
        if for_a_need is not None:  # "不要补水的 她主要想去皱纹" right after a hydrating set was shown
            return for_a_need
        wishes = narrowed_wishes(tracker)
        if wishes:  # "还有呢", "羽绒服有吗" after a recommendation
            return recommend_narrowed(dispatcher, tracker, wishes)
        other_of_the_kind = OTHER_OF_THE_KIND.search(simplified)  # "有没有淡一点的 一百多的" on a card
        told_wish = recommend_a_told_wish(dispatcher, tracker) if other_of_the_kind else None
        if told_wish is not None:
            return told_wish
        asked_for_number = set(previous_responses(tracker)) & ASKS_FOR_A_NUMBER
        if topic and asked_for_number and any(word in text for word in WAIT_WORDS):
            dispatcher.utter_message(response="utter_take_your_time")  # "等我找下哈": the topic waits
            return []
        budget = parse_budget_range(text)
        if topic == "recommend" and budget:  # nothing fitted the last budget (or none was told): the new one
            # the search that found nothing: the form's slots, or the one shown before it ("给儿子买件
            # 羽绒服" showed one, "300以内" found none, "那400以内呢": a child's down jacket still)
            last = tracker.get_slot("last_recommendation") or {}
            category = tracker.get_slot("product_category") or last.get("category")
            recipient = canonical("recipient", to_simplified(text)) or tracker.get_slot("recipient")  # "給我媽 600以內"
            recipient = recipient or last.get("recipient")
            return recommend(dispatcher, category, recipient, budget[1], float(budget[0]), **who_for(tracker))
        recipient, category = canonical("recipient", simplified), category_in(simplified)
        # "送男朋友 三百左右": a gift search; "那褲子呢 200以內" after the return rules, when the
        # bot asked for an order number: a wish for the same person, not an order described
        wish = not topic or (category and "呢" in text and not mentions(text, ORDER_DESCRIBED_WORDS))
        if budget and wish and (recipient or category):
            if not recipient and "呢" in text:
                recipient = tracker.get_slot("recipient")
            return recommend(dispatcher, category, recipient, budget[1], float(budget[0]), **who_for(tracker))
        # "寄甘肃兰州呢" with no region tagged by the NLU: the lexicon still knows the province (only
        # with a word of shipping: not "我朋友是上海的", nor the "hk" of an e-mail address)
        region = next(tracker.get_latest_entity_values("region"), None)
        if region is None and mentions(simplified, SHIPPING_TO_WORDS):
            region = canonical("region", LATIN.sub(" ", simplified))
        if region:
            send(dispatcher, shipping_replies_for_place(services.shop().policy, services.now(), text, region))
            return []
        if topic == "recommend":  # nothing fitted: a budget, not an order number, is missing
            dispatcher.utter_message(response="utter_ask_budget")
            return []
        if next(tracker.get_latest_entity_values("courier"), None) and not asked_for_number:
            # "顺丰呢" after which couriers the shop uses: that courier ("中通的" after the bot asked
            # for the order number describes the parcel: the number is asked again)
            return await ActionAnswerCourier().run(dispatcher, tracker, domain)
        wished = None if topic else the_one_product_asked(text)
        if wished:  # "磁吸的有吗" after a power bank was shown: the one that has it
            return show_the_one_product(dispatcher, tracker, wished)
        # "那算了 看看电热水壶吧 给我妈用" after the return rules: a kind wished leaves the topic
        leaves_the_topic = bool(category_in(simplified)) and not mentions(text, ORDER_DESCRIBED_WORDS)
        wished_now = is_a_wish(simplified) and (not topic or leaves_the_topic)
        few = recommend_the_few_wished(dispatcher, tracker) if wished_now else None
        if few is not None:  # "再看看纸尿裤" after the coupons: the two there are, no budget asked
            return few  # (the pending topic cleared)
        if topic:
            dispatcher.utter_message(response="utter_ask_order_for_topic")
            return []
        slow = mentions(simplified, NOT_SENT_YET_WORDS + ("还没发", "发得慢", "发货慢")) and "票" not in simplified
        if order_id_in_focus(tracker) and slow:
            # "其实就是嫌发得慢 付款三天了还没发" after the order's cancel answer: its parcel (and the chase)
            return await ActionTrackParcel().run(dispatcher, tracker, domain)
        dispatcher.utter_message(response="utter_ask_what_help")
        return []


class ActionSessionStart(Action):
    """A new session keeps the shop facts (the order in focus, forms' answers), never an open
    offer or a pending topic from hours ago. A shopper who left in the middle of a form comes
    back to it: their message is read as the answer to its question, and the form goes on."""

    def name(self) -> Text:
        return "action_session_start"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> List[Dict[Text, Any]]:
        form = (tracker.active_loop or {}).get("name")
        kept = ("requested_slot",) if form else ()
        carried = [
            SlotSet(name, value)
            for name, value in tracker.slots.items()
            if value is not None
            and (name not in NOT_CARRIED_OVER or name in kept)
            and name != "session_started_metadata"
        ]
        resumed = [ActiveLoop(form)] if form else []
        return [SessionStarted(), *carried, *resumed, ActionExecuted("action_listen")]
