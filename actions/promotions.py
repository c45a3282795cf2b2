"""Coupons and promotions (ask_promotion), quoted from policy.yml `promotions`, always "以下单页面
显示为准": the bot never promises a price and cannot change one."""

import re
from typing import Any, Dict, List, Optional, Text, Tuple

from rasa_sdk import Action, Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from actions import services
from actions.followups import answer_follow_up
from actions.forms import LeavesFormFirst
from actions.orders import order_ids_in_message
from actions.prices import candidates, shown_recently
from actions.products import answer_product_question, asks_about_a_product, product_in_focus, sibling_pointed_at
from actions.recommend import (
    CHEAPER_PRODUCTS,
    budget_said,
    category_in,
    narrowed_wishes,
    recommend_a_told_wish,
    recommend_narrowed,
)
from actions.replies import (
    PROMOTION_ANSWER,
    Reply,
    answered_with,
    bot_events_within,
    responses_within,
    send,
    shopper_texts,
)
from actions.returns import answer_refund_with_a_discount, answer_returns, asks_a_refund_with_a_discount
from kefu.budget import parse_budget_range
from kefu.shop.models import Product
from kefu.shop.policy import Promotions
from kefu.traditional import to_simplified
from kefu.words import mentions


def promotion_replies(text: str, promotions: Promotions) -> List[Reply]:
    text = to_simplified(text)
    values = {
        "coupons": promotions.coupons,
        "discounts": promotions.discounts,
        "stacking": promotions.stacking,
        "coupon_rules": promotions.coupon_rules,
        "gifts": promotions.gifts,
    }
    for words, response in (
        (promotions.unusable_words, "utter_promotion_unusable"),
        (promotions.stacking_words, "utter_promotion_stacking"),
        (promotions.gift_words, "utter_promotion_gift"),
        (promotions.several_pieces_words, "utter_promotion_several_pieces"),
        (promotions.bargain_words, "utter_promotion_no_bargain"),
    ):
        special = response == "utter_promotion_stacking" and "秒杀" in text and "券" in text  # "秒杀的能用券吗"
        if response == "utter_promotion_several_pieces" and mentions(text, ("券", "活动", "包邮", "满减", "优惠")):
            continue  # "我想买两件 有优惠券吗": the coupons, with the pieces' discount among them
        if special or any(word in text for word in words):
            if response == "utter_promotion_stacking" and asks_which_coupons(text):
                return [("utter_promotion", values), (response, values)]  # "现在有优惠券吗 能叠加吗"
            return [(response, values)]
    return [("utter_promotion", values)]


# "凑到299有啥送的不", "满299送什么", "有送东西吗": a gift with the purchase; "送男朋友什么好" and
# "有送男朋友的吗" are wishes instead.
GIFT_WITH_PURCHASE = re.compile(
    r"赠|小样|凑|满\d|满多少|买够|够\d|有(?:啥)?送(?:东西|的吗|什么|啥|点)(?![给])|送不送|还送(?:东西|啥|什么|点)(?![^\s,，]*给)"
)


def asks_about_gifts(text: str) -> bool:
    text = to_simplified(text)
    return mentions(text, services.shop().policy.promotions.gift_words) and bool(GIFT_WITH_PURCHASE.search(text))


# "有优惠券吗", "有啥活动": which promotions there are, asked beside another promotion question.
WHICH_COUPONS = (
    "有优惠券",
    "有券",
    "有什么券",
    "有啥券",
    "有没有券",
    "有没有优惠",
    "有什么优惠",
    "有啥优惠",
    "有活动",
    "有什么活动",
)


# Of the price-protection words in policy.yml, these alone may ask about a promotion ("双11会降价吗");
# with an order named, or any other of the words ("保价吗", "能补差价吗"), it is price protection.
PRICE_DROP_ONLY = ("降价", "降了", "便宜了")
# "现在便宜了20块 能补给我不" about the order in focus: the difference asked back
MAKE_UP_WORDS = ("补给我", "补我", "能补", "补差", "退差", "退我", "返我", "赔")


def asks_price_protection(tracker: Tracker) -> bool:
    text = tracker.latest_message.get("text") or ""
    said = [word for word in services.shop().policy.price_protection_words if word in text]
    makes_up = bool(tracker.get_slot("order_id")) and mentions(text, MAKE_UP_WORDS)
    return bool(said) and (bool(order_ids_in_message(tracker)) or makes_up or not set(said) <= set(PRICE_DROP_ONLY))


# "秒杀的充电宝能用券吗" names a product, yet asks about coupons, not about the product.
# "两样一起买能便宜吗", "买两件打折不": the multi-buy discount, not a cheaper product.
PROMOTION_WORDS = (
    "券",
    "满减",
    "叠加",
    "减多少",
    "优惠多少",
    "一起买能",
    "一起买有",
    "一起买便宜",
    "两样一起",
    "两件一起",
)
PROMOTION_WORDS += ("买两件", "买两样", "多买", "打折", "几折", "有折扣", "优惠卷")  # 卷: the usual typo of 券
# "公司年会要买30个通勤双肩包 有优惠吗": a discount for many (not "想给我妈买件羽绒服 有没有优惠": a wish)
BULK = re.compile(r"买\s*\d{2,}\s*[个件双条套份盒支瓶]|批量|团购|大量")


def coupon_typos_mended(text: str) -> str:
    """ "能用劵吗", "优惠卷": the coupon's 券 as shoppers mistype it."""
    return to_simplified(text).replace("优惠卷", "优惠券").replace("劵", "券")


# "再加一盒苏打饼干 够满199不", "还差多少凑满": a coupon's threshold (not "满99包邮", the freight's)
# (not "刚满10岁", "满12个月了能吃吗": an age; nor "满99包邮")
THRESHOLD = re.compile(
    r"满\s*\d{2,4}(?!\d|\s*(?:包邮|岁|个?月|天|周|年|斤|件|号|分))|够满"
)  # ("再推荐个面膜凑单": a wish)


def asks_about_promotions(text: str) -> bool:
    text = coupon_typos_mended(text)
    threshold = bool(THRESHOLD.search(text)) and "包邮" not in text
    return any(word in text for word in PROMOTION_WORDS) or (bool(BULK.search(text)) and "优惠" in text) or threshold


def names_a_price_shown(tracker: Tracker) -> bool:
    """The message names the page price of a product just shown or in focus ("899能便宜点不")."""
    skus = set(shown_recently(tracker)) | {tracker.get_slot("product_in_focus")}
    prices = {product.price for product in services.shop().list_products() if product.sku in skus}
    said = re.findall(r"\d+(?:\.\d+)?", tracker.latest_message.get("text") or "")
    return any(float(amount) in prices for amount in said)


def asks_for_a_bargain(text: str) -> bool:
    """ "能给我改价吗", "直接减20": a lower price asked of the shop (policy.yml `bargain_words`);
    not cheaper products of a kind or within a budget ("1599也太贵了吧 有没有便宜点的羽绒服 500以内")."""
    simplified = to_simplified(text)
    if CHEAPER_PRODUCTS.search(simplified) and category_in(simplified) and budget_said(simplified):
        return False
    # ("地址可能少写了门牌号": 可能 is "maybe", never the 能少 of "能少点吗")
    return mentions(simplified.replace("可能", " "), services.shop().policy.promotions.bargain_words)


# "就买一件169的 优惠券能用吗", "满199减20的券怎么用不了呀 我就买了个159的包": does this purchase
# reach a coupon's threshold (满X减Y in policy.yml `coupons`)?
HOW_MUCH_OFF_WORDS = ("减多少", "能减", "优惠多少", "便宜多少", "省多少")
CAN_USE_WORDS = ("能用", "可以用", "用得了", "用的了", "能不能用", "可不可以用", "用券")
COUPON = re.compile(r"满(\d+)减(\d+)")
AMOUNT = re.compile(r"(\d+(?:\.\d+)?)\s*(?:块|元|的)|[¥￥](\d+(?:\.\d+)?)")
# "再加一条79的围巾 一共248": the total, not the item added
# What a basket comes to, most explicit first: "一共238" (also "够299了吧", not "还不够199吧"), then
# "两件338", "两双378了", "两条358" (not "两件 169一件", "两个79的围巾", "两个100ml的", "两双42码的":
# a unit's price, size or a size worn), then "水乳加洗面奶368.9" (not "再加个79的围巾", "再加一件189块的").
TOTALS = (
    re.compile(
        r"(?:一共|总共|合计|加起来|一起|总价|总计|凑到|凑够|凑满|(?<![不能])够)\D{0,3}?(\d+(?:\.\d+)?)"
        r"(?!\s*[件个双条包份盒支瓶码号\d])"
    ),
    re.compile(
        r"(?:[两二三四五2-5]\s*[件个双条套盒瓶支])\s*(\d{2,}(?:\.\d+)?)"
        r"(?![件个双条折\d的码号片岁斤寸]|\s*(?:块|元)?\s*[一每][件个双条]|\s*[mMgGlL])"
    ),
    re.compile(r"加\D{1,6}?(?<![\d.])(\d{3,}(?:\.\d+)?)(?![件个双条折\d的.码号]|\s*(?:块|元)|\s*[mMgGlL])"),
)
TOTAL = re.compile("|".join(f"(?:{pattern.pattern})" for pattern in TOTALS))  # any of them


def names_a_shade(number: str) -> bool:
    """Is `number` a shade of the catalogue ("#316 豆沙色"), not an amount of money?"""
    return any(f"#{number}" in value for product in services.shop().list_products() for _, value in product.attributes)


def purchase_amount(tracker: Tracker) -> Optional[float]:
    """The amount the shopper names ("169的", "159块"), else the page price of the product in focus."""
    said = amount_in(tracker.latest_message.get("text") or "")  # not the 20 of "满199减20的券"
    if said is not None:
        return said
    product = product_in_focus(tracker)
    return product.price if product and not product.flash_sale else None  # 秒杀: no shop coupon at all


def coupon_tiers(promotions: Promotions) -> List[Tuple[int, int]]:
    """The shop's coupons as (threshold, discount), the lowest threshold first ("满199减20" → (199, 20))."""
    return sorted((int(least), int(off)) for least, off in COUPON.findall(promotions.coupons))


def coupon_threshold_replies(amount: float, promotions: Promotions, next_one: bool = True) -> List[Reply]:
    """Which coupon the amount reaches (and, with `next_one`, what the next would take), or how
    far it is from the lowest; [] without coupons."""
    coupons = coupon_tiers(promotions)
    if not coupons:
        return []
    values = {"amount": f"{amount:g}"}
    reached = [(least, off) for least, off in coupons if amount >= least]
    if reached:
        least, off = reached[-1]
        higher = [(t, o) for t, o in coupons if t > amount]
        if higher and next_one:  # "就买这一件能用券吗" for ¥239: 满199减20, and what 满299减40 would take
            more = {"gap": f"{higher[0][0] - amount:g}", "next_threshold": higher[0][0], "next_off": higher[0][1]}
            return [("utter_promotion_coupon_reached_next", {**values, "threshold": least, "off": off, **more})]
        return [("utter_promotion_coupon_reached", {**values, "threshold": least, "off": off})]
    least = coupons[0][0]
    return [("utter_promotion_coupon_below", {**values, "threshold": least, "gap": f"{least - amount:g}"})]


# "那还差多少能减40" right after the threshold answer: how far the same amount is from that coupon.
GAP_ASKED = re.compile(r"差多少|还差几|还要多少|再买多少|凑多少|差几块")
NAMED_OFF = re.compile(r"减\s*(\d+)")
NAMED_THRESHOLD = re.compile(r"(?:到|满|够)\s*(\d+)")


AMOUNT_COUNTED = re.compile(r"按¥(\d+(?:\.\d+)?)算")


def gap_to_a_coupon(tracker: Tracker) -> Optional[List[Reply]]:
    """The coupon named (by its threshold or its discount), else the next one above the amount
    just answered, and what is missing to reach it; None unless asked right after that answer."""
    text = to_simplified(tracker.latest_message.get("text") or "")
    if not GAP_ASKED.search(text) or not set(THRESHOLD_ANSWERS) & set(responses_within(tracker, 2)):
        return None
    if mentions(text, ("包邮", "运费", "邮费")):
        return None  # "那还差多少包邮": free shipping's threshold, not a coupon's
    amounts = [amount_in(said) for said in reversed(shopper_texts(tracker)[:-1])]
    amount = next((said for said in amounts if said is not None), None)
    if amount is None:  # "这件能用券吗" on a card: the amount the answer went by ("按¥239算")
        counted = (AMOUNT_COUNTED.search(event.get("text") or "") for event in bot_events_within(tracker, 2))
        amount = next((float(found.group(1)) for found in counted if found), None)
    coupons = coupon_tiers(services.shop().policy.promotions)
    if amount is None or not coupons:
        return None
    off, least = NAMED_OFF.search(text), NAMED_THRESHOLD.search(text)
    named = [(t, o) for t, o in coupons if (off and o == int(off.group(1))) or (least and t == int(least.group(1)))]
    above = named or [(t, o) for t, o in coupons if t > amount]
    if not above or above[0][0] <= amount:
        return coupon_threshold_replies(amount, services.shop().policy.promotions)  # reached already
    threshold, discount = above[0]
    values = {"amount": f"{amount:g}", "threshold": threshold, "off": discount, "gap": f"{threshold - amount:g}"}
    return [("utter_promotion_coupon_gap", values)]


# "那再加个79的围巾呢" right after the threshold answer: one more item into the same order
ADDED = re.compile(r"再加|加个|加一|加上|再买|再来|再拿|再凑")
THRESHOLD_ANSWERS = (
    "utter_promotion_coupon_below",
    "utter_promotion_coupon_reached",
    "utter_promotion_coupon_reached_next",
)


def amount_in(text: str) -> Optional[float]:
    text = COUPON.sub(" ", text)
    for pattern in TOTALS:
        total = pattern.search(text)
        if total:
            return float(total.group(1))
    for said in AMOUNT.finditer(text):
        number = said.group(1) or said.group(2)
        if not names_a_shade(number):  # "那316的呢": the #316 lipstick, not ¥316
            return float(number)
    return None


def previous_shopper_text(tracker: Tracker) -> str:
    users = [event.get("text") or "" for event in tracker.events if event.get("event") == "user"]
    return users[-2] if len(users) > 1 else ""


def coupons_with_one_more(tracker: Tracker) -> Optional[List[Reply]]:
    """ "那再加个79的围巾呢" right after the threshold answer for a 159 bag: the coupon for 159 + 79
    (the amount asked about last, else the page price of the product in focus); None otherwise."""
    text = to_simplified(tracker.latest_message.get("text") or "")
    if not ADDED.search(text) or TOTAL.search(text) or not answered_with(tracker, THRESHOLD_ANSWERS):
        return None
    added = amount_in(text)
    before = amount_in(to_simplified(previous_shopper_text(tracker)))
    if before is None:
        product = product_in_focus(tracker)
        before = product.price if product and not product.flash_sale else None
    if added is None or before is None:
        return None
    return coupon_threshold_replies(before + added, services.shop().policy.promotions) or None


def coupons_for_the_total(tracker: Tracker) -> Optional[List[Reply]]:
    """ "那我再加个79的围巾 一共238 能用了吧" (read as a yes) right after the coupons: the coupon
    for that total; None otherwise."""
    text = to_simplified(tracker.latest_message.get("text") or "")
    if not answered_with(tracker, PROMOTION_ANSWER, 2) or not TOTAL.search(COUPON.sub(" ", text)):
        return None
    if asks_about_gifts(text):
        return None  # "凑到299有啥送的不": what comes with it, not the coupon it reaches
    # "一共248 能减多少" asks what comes off: that amount alone, not the next coupon's
    next_one = not mentions(text, HOW_MUCH_OFF_WORDS)
    return coupon_threshold_replies(amount_in(text), services.shop().policy.promotions, next_one=next_one) or None


def names_an_amount_after_coupons(tracker: Tracker) -> bool:
    """ "我就买了个159的包" right after the coupons or why one does not work: the amount to
    measure against their thresholds."""
    text = COUPON.sub(" ", tracker.latest_message.get("text") or "")
    return answered_with(tracker, PROMOTION_ANSWER, 2) and bool(AMOUNT.search(text) or TOTAL.search(text))


# "有优惠券吗 就买这一个": the coupons for the one in focus alone.
ONLY_THIS_ONE = ("就买这", "只买这", "单买这", "就买一个", "只买一个", "就这一个")


def answer_promotion(dispatcher: CollectingDispatcher, tracker: Tracker) -> List[Dict[Text, Any]]:
    gap = gap_to_a_coupon(tracker)
    if gap is not None:  # "那还差多少能减40"
        return send(dispatcher, gap)
    text = coupon_typos_mended(tracker.latest_message.get("text") or "")
    promotions = services.shop().policy.promotions
    coupon_named = mentions(text, ("券", "满减")) or bool(COUPON.search(text))  # "能用满299减40吧"
    about_use = mentions(text, CAN_USE_WORDS + tuple(promotions.unusable_words)) and coupon_named
    about_use = about_use or mentions(text, ("减多少", "优惠多少"))  # "一共248 能减多少"
    about_use = about_use or names_an_amount_after_coupons(tracker)
    about_use = about_use or (mentions(text, ONLY_THIS_ONE) and "券" in text)  # "有优惠券吗 就买这一个"
    named = candidates(text)
    sibling = sibling_pointed_at(text, product_in_focus(tracker)) if len(named) != 1 else None
    named = [sibling] if sibling else named  # "还是要碎花的吧 就买这一件能用券吗" after the T-shirt dress
    amounts = COUPON.sub(" ", text)  # not the 199 of "能用满199减20的券吗"
    for number in re.findall(r"\d+", named[0].name) if len(named) == 1 else ():
        amounts = amounts.replace(number, " ")  # nor the 20000 of "20000毫安那个能用券吗", which names it
    names_amount = bool(re.search(r"\d", amounts))
    if about_use and len(named) == 1 and not names_amount:
        # "我还是买那条法式碎花雪纺连衣裙吧 它能用券吗" on the 秒杀 dress's card: the one named
        return answer_coupons_for(dispatcher, named[0])
    product = product_in_focus(tracker)
    flash = named[0] if len(named) == 1 else product
    if about_use and flash and flash.flash_sale and (not names_amount or only_its_price_named(text, flash)):
        # "这个能用店铺券不" about the 秒杀 air fryer just asked about, "秒杀的这个炸锅 299正好能用满299减40吧":
        # that it takes none, whatever its price reaches
        return send(dispatcher, [("utter_promotion_flash_sale_item", {"name": flash.name})])
    # "券用不了 显示不可用 怎么回事" after its threshold was found reached: why a coupon may not work
    unusable = mentions(text, promotions.unusable_words) and not names_amount
    gift = asks_about_gifts(text)  # "凑到299有啥送的不": what comes with it, not the coupon it reaches
    # "两件一起买能优惠多少" with no amount said: the discounts for several pieces, not one price's coupon
    pieces = mentions(text, promotions.several_pieces_words) and not names_amount
    measured = about_use and "秒杀" not in text and not unusable and not gift and not pieces
    amount = purchase_amount(tracker) if measured else None
    if amount is not None:
        # "一共248 能减多少" asks what comes off: that amount alone, not the next coupon's
        fit = coupon_threshold_replies(amount, promotions, next_one=not mentions(text, HOW_MUCH_OFF_WORDS))
        if fit:
            return send(dispatcher, fit)
    replies = promotion_replies(text, promotions)
    if replies[0][0] == "utter_promotion_no_bargain" and flash and flash.flash_sale:
        # "能便宜点吗" on the 秒杀 power bank's card, "这个20000的能便宜点吗" naming it: not "领券下单更划算"
        replies = [("utter_promotion_no_bargain_flash_sale", {"name": flash.name})]
    return send(dispatcher, replies)


# "一共210", "再加一个159的包", "购物车还有个280的": other things bought beside it
OTHER_THINGS_WORDS = ("一共", "加一", "加个", "再加", "购物车", "另外", "还有", "两件", "两个", "凑")


def only_its_price_named(text: str, product: Product) -> bool:
    """The only amount in the message (besides a coupon's 满X减Y) is the product's price, and
    nothing else is bought beside it ("129的能用满199减20不")."""
    amounts = [float(value) for value in re.findall(r"\d+(?:\.\d+)?", COUPON.sub(" ", text))]
    alone = not mentions(text, OTHER_THINGS_WORDS)
    return alone and bool(amounts) and all(amount == product.price for amount in amounts)


def answer_coupons_for(dispatcher: CollectingDispatcher, product: Product) -> List[Dict[Text, Any]]:
    """Whether the shop's coupons work for this product at its page price ("那碎花雪纺那条能用吗"
    right after the coupons): none for a 秒杀 item, else the threshold it reaches or misses."""
    promotions = services.shop().policy.promotions
    if product.flash_sale:
        replies = [("utter_promotion_flash_sale_item", {"name": product.name})]
    else:
        replies = coupon_threshold_replies(product.price, promotions) or promotion_replies("", promotions)
    return send(dispatcher, replies) + [SlotSet("product_in_focus", product.sku)]


def asks_which_coupons(text: str) -> bool:
    return any(phrase in text for phrase in WHICH_COUPONS)


NOT_ASKED_ABOUT = re.compile(r"(?:不是|没|没有)(?:在)?问\S{0,4}?(?:优惠券|优惠|券|活动|满减|折扣)")


class ActionAnswerPromotion(LeavesFormFirst, Action):
    def name(self) -> Text:
        return "action_answer_promotion"

    async def answer(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> List[Dict[Text, Any]]:
        text = tracker.latest_message.get("text") or ""
        follow_up = answer_follow_up(dispatcher, tracker)  # "我买了两百多 不是满99包邮吗" after a remote region
        if follow_up is not None:
            return follow_up
        from actions.recommend import cheaper_of_the_kind_wished  # recommend imports what imports this module

        cheaper = cheaper_of_the_kind_wished(dispatcher, tracker)
        if cheaper is not None:  # "有没有轻一点的 稍微便宜点的" on the ¥1599 coat's card: no bargain
            return cheaper
        # "不是问优惠券 我问那个养生壶 老人用起来方便吗": the coupons named only to say they are not asked
        unasked = NOT_ASKED_ABOUT.sub(" ", text)
        if asks_about_a_product(tracker) and not asks_about_promotions(unasked):  # "有啥颜色" about the dress
            return answer_product_question(dispatcher, tracker)
        policy = services.shop().policy
        if asks_a_refund_with_a_discount(text, policy):  # "只退一件的话满减会不会扣"
            return answer_refund_with_a_discount(dispatcher)
        if asks_price_protection(tracker):  # "5708…才几天就便宜了20 保价吗"
            return answer_returns(dispatcher, tracker)
        # "便宜那个吧 有券吗": coupons; "满299送小样是吧 买这条裙子有没有": the gift, not another dress
        # ("有没有500以内的羽绒服 有赠品的那种" names a budget: a wish)
        promotion_asked = asks_about_promotions(text) or (asks_about_gifts(text) and not parse_budget_range(text))
        # "899能便宜点不" about the dress shown at ¥899: a bargain asked, not a budget
        promotion_asked = promotion_asked or (asks_for_a_bargain(text) and names_a_price_shown(tracker))
        coupon_words = mentions(to_simplified(text), ("优惠", "活动", "减", "券", "便宜", "价", "赠", "送", "满"))
        if order_ids_in_message(tracker) and not (promotion_asked or coupon_words or asks_for_a_bargain(text)):
            # "那还有个口红的 8127…呢" after a parcel's answer: that order, nothing about coupons
            from actions.dialogue import ActionHandleInform  # dialogue imports this module

            return await ActionHandleInform().run(dispatcher, tracker, domain)
        wishes = None if promotion_asked else narrowed_wishes(tracker)
        if wishes:  # "便宜点的呢 100左右" right after a recommendation: cheaper products, not a discount
            return recommend_narrowed(dispatcher, tracker, wishes)
        told = None if promotion_asked else recommend_a_told_wish(dispatcher, tracker)
        if told is not None:  # "有没有便宜点的羽绒服 500以内 我自己穿": a kind and a budget, not a bargain
            return told
        return answer_promotion(dispatcher, tracker)
