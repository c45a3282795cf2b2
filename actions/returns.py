"""Returns and price protection (ask_return_policy), general or for one order."""

import re
from datetime import datetime, timedelta
from typing import Any, Dict, List, Optional, Text

from rasa_sdk import Action, Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from actions import services
from actions.cancel import INTERCEPT_WORDS, answer_cancel
from actions.followups import RETURN_RECIPIENT_ASKED, answer_follow_up, refund_answer
from actions.forms import LeavesFormFirst
from actions.orders import (
    ask_for_the_order,
    item_for_message,
    names_another_item,
    order_from_message_or_slot,
    order_ids_in_message,
    say_order_not_found,
    shopper_account,
)
from actions.prices import without_bags_not_meant
from actions.products import (
    answer_product_guarantee,
    answer_product_question,
    asks_a_product_guarantee,
    product_in_focus,
    product_named,
    reports_a_received_defect,
)
from actions.replies import (
    Reply,
    answered_with,
    bot_events_within,
    previous_responses,
    return_note,
    send,
)
from kefu.lexicon import canonical
from kefu.shop.backend import ShopBackend
from kefu.shop.models import Order, OrderItem
from kefu.shop.parcel_state import ParcelState, parcel_state
from kefu.shop.policy import ShopPolicy
from kefu.traditional import to_simplified
from kefu.words import WINDOW_START_WORDS, mentions


def days_since(moment: datetime, now: datetime) -> int:
    return max(0, (now - moment).days)


def general_return_replies(policy: ShopPolicy) -> List[Reply]:
    return [
        (
            "utter_return_policy_general",
            {
                "window": policy.return_window_days,
                "non_returnable": "、".join(policy.non_returnable_categories),
            },
        ),
        ("utter_return_insurance_hint", {}),
    ]


# "到了不合适能退吧" about an order on its way: the rule once it arrives, not a refund now.
AFTER_ARRIVAL = re.compile(
    r"(?<![没未])(到了|到货|收到后|收到了|收到以后|收到再说|签收后|签收了|签收以后|拿到|收货后|到手)"
    # "面膜拆了不喜欢能退吗": once it has come ("我没有拆开", "不会拆开的" take nothing back)
    r"|(?<![没未不])(?<!没有)(?<!不会)(?<!还没)(拆了|拆开|拆封了|开封了|用过|穿过)"
    # "鞋子要是不合脚能退吗" about a parcel on its way: once it has come and does not fit
    r"|(?:要是|如果|万一|假如)\S{0,6}?(?:不合|不喜欢|不满意|大了|小了|不好看)"
)
# "收到要是坏的能退吗" about a parcel on its way: once it has come and has a fault (a quality problem)
FAULT_ON_ARRIVAL = re.compile(r"(?:到了|收到|拿到)\S{0,2}(?:要是|如果|万一|假如)\S{0,4}?(?:坏|破|有问题|质量)")


def order_return_replies(
    order: Order,
    item: OrderItem,
    policy: ShopPolicy,
    now: datetime,
    quality_problem: bool,
    exchange: bool = False,
    after_arrival: bool = False,
) -> List[Reply]:
    values = {
        "order_id": order.order_id,
        "product": item.name,
        "category": item.category,
        "window": policy.return_window_days,
    }
    if order.delivered_at is None:
        if not after_arrival:  # which of refusing it or a refund request applies, by its state
            unshipped = parcel_state(order, now, policy.stalled_after_hours) == ParcelState.NOT_SHIPPED
            return [("utter_return_not_shipped" if unshipped else "utter_return_not_delivered", values)]
        if quality_problem:  # "收到要是坏的能退吗": a fault is taken back whatever the item
            return [("utter_return_quality", values)]
        if item.flash_sale and not policy.special_price_returnable:
            return [("utter_return_special_price", values)]
        if item.category in policy.non_returnable_categories:
            return [("utter_return_non_returnable", values)]
        return [("utter_return_after_arrival", values), ("utter_return_shipping_payer", {})]
    days = days_since(order.delivered_at, now)
    values["days"] = days
    if quality_problem:
        # Not bound by the no-reason window or category: never "在七天无理由退换期内" here.
        note = return_note(policy)
        return [("utter_return_quality", values), ("utter_return_quality_evidence", {}), note]
    if days > policy.return_window_days:
        return [("utter_return_window_passed", values)]
    if item.flash_sale and not policy.special_price_returnable:
        return [("utter_return_special_price", values)]
    if item.category in policy.non_returnable_categories and not quality_problem:
        return [("utter_return_non_returnable", values)]
    first = "utter_return_exchange" if exchange else "utter_return_eligible"
    note = return_note(policy)
    return [(first, values), ("utter_return_shipping_payer", {}), note]


WITHIN_WINDOW = ("utter_return_eligible", "utter_return_exchange")
DAYS_LEFT_WORDS = (
    "还能退几天",
    "还剩几天",
    "还有几天",
    "剩几天",
    "几天内",
    "最晚哪天",
    "最晚什么时候",
    "截止到",
    "到哪天",
)


def days_left_reply(delivered_at: datetime, values: Dict[str, Any], policy: ShopPolicy, now: datetime) -> Reply:
    """The days of the no-reason window still left and its last day, both by the calendar."""
    last_day = (delivered_at.astimezone(policy.tz) + timedelta(days=policy.return_window_days)).date()
    left = max(0, (last_day - now.astimezone(policy.tz).date()).days)
    left_text = f"还剩{left}天" if left else "今天是最后一天"
    return ("utter_return_days_left", {**values, "left": left_text, "last_day": f"{last_day:%m月%d日}"})


def price_protection_replies(
    order: Optional[Order], item: Optional[OrderItem], backend: ShopBackend, now: datetime
) -> List[Reply]:
    policy = backend.policy
    if order is None or item is None:
        return [("utter_price_protect_general", {"days": policy.price_protection_days})]
    values = {"order_id": order.order_id, "product": item.name, "days": policy.price_protection_days}
    values["refund_arrival"] = policy.refund_arrival
    if item.flash_sale:
        return [("utter_price_protect_flash_sale", values)]
    if order.delivered_at is not None and days_since(order.delivered_at, now) > policy.price_protection_days:
        return [("utter_price_protect_expired", values)]
    product = backend.get_product(item.sku)
    difference = round(item.price_paid - product.price, 2) if product else 0
    if difference <= 0:
        return [("utter_price_protect_no_drop", values)]
    values["difference"] = f"{difference:g}"
    if order.delivered_at is None:  # the window starts at delivery: the drop is told, the rest later
        return [("utter_price_protect_not_delivered", values)]
    if difference > policy.price_protection_bot_limit:
        return [("utter_price_protect_to_human", values)]
    return [("utter_price_protect_ok", values)]


# "没有质量问题 就是不合脚": quality named only to say there is no defect.
NO_DEFECT = re.compile(r"(没有|没|不是|并非|非|无)(什么)?质量问题|质量(上)?(没|没有|不是)(啥|什么)?问题")


# Whether it can go back at all: "鞋子有点挤 能退吗", "可以换货不" (not "能退运费吗").
RETURN_ASKED = re.compile(r"(?:能|可以|能不能|可不可以)(?:退|换)(?:货|吗|嗎|不|么|嘛|[\s,，。?？]|$)")


# "退款一般多久到", "钱一般几天能退": when the money comes back, however the words fall between.
REFUND_WHEN = re.compile(r"(?:退款|退钱|钱)[^\s吗么嘛不]{0,4}?(?:多久|几天|多长时间|什么时候|啥时候)")
# "退货寄回去了 钱今天能到吗": a day named, asked whether the refund comes by then (with 退 said;
# not "付了钱明天能到吗", the parcel)
REFUND_BY_A_DAY = re.compile(
    r"(?:退款|钱)[^\s吗么嘛不]{0,2}?(?:今天|明天|后天|这两天|周末)\S{0,2}(?:到|到账|退回|回来)"
)


# "退到哪 我用的花呗付的": where the money goes, by how it was paid (not the return address)
REFUND_WHERE_PAID = re.compile(
    r"退(?:到|回)?哪.{0,12}(?:花呗|信用卡|银行卡|微信|支付宝|余额)|(?:花呗|信用卡|银行卡|微信|支付宝)付.{0,12}退(?:到|回)?哪"
    r"|钱.{0,3}退(?:到|回)?哪"  # "退了钱退哪"
    r"|退款.{0,3}(?:退)?(?:到|回)哪"  # "退款會退到哪裡"
)


def return_topic(text: str, policy: ShopPolicy) -> str:
    text = NO_DEFECT.sub(" ", text)
    if policy.names_a_price_drop(text):
        return "price_protection"
    by_a_day = REFUND_BY_A_DAY.search(text) and "退" in text and "付" not in text
    if (
        mentions(text, policy.refund_time_words)
        or REFUND_WHEN.search(text)
        or REFUND_WHERE_PAID.search(text)
        or by_a_day
    ):
        return "refund_time"
    fee_asked = mentions(text.replace("运费险", ""), policy.shipping_fee_words)  # 运费险: the insurance
    if fee_asked and not RETURN_ASKED.search(text):  # "能退吗 退的话运费谁出": both, in the whole answer
        return "shipping_fee"
    return "returns_quality" if policy.names_a_defect(text) else "returns"


# "这个秒杀的裙子能退吗": the product in focus, not returns in general
THIS_PRODUCT_WORDS = ("秒杀", "特价", "这个", "这件", "这条", "这款", "这双", "它")


# "有燕麦色吗", "有没有黑色的": a colour asked for by name (not "有其他颜色吗", "有啥色")
COLOUR_ASKED = re.compile(
    r"有没有(\w{1,4}?色)|有(\w{1,4}?色)(?:的)?(?:吗|么|嘛|不|没)|换(?:个|成|一个|一件)(?!颜色|别的|其他|其它|什么|啥)(\w{1,4}?色)"
)
NOT_A_COLOUR = ("颜", "其他", "其它", "别的", "什么", "啥", "几", "哪")


# "能换个别的颜色吗": another colour, none named
OTHER_COLOUR = re.compile(r"(?:别的|其他|其它|另外的?)(?:颜色|色)|换(?:个|一个|一下)?(?:颜色|色)")


def colour_for_the_exchange(order: Optional[Order], tracker: Tracker) -> Optional[Reply]:
    """Whether the item to exchange comes in the colour asked for, from the catalogue's 颜色 when it
    lists the colours ("黑色/灰色/燕麦色"; "多款…以详情页为准" lists none to check against); for
    "换个别的颜色" with no colour named, the colours it comes in (or that it has only the one)."""
    text = to_simplified(tracker.latest_message.get("text") or "")
    match = COLOUR_ASKED.search(text)
    colour = next((group for group in match.groups() if group), "") if match else ""
    item = item_for_message(order, tracker) if order else None
    product = services.shop().get_product(item.sku) if item else None
    listed = re.split(r"[/、,，]", product.attribute("颜色") or "") if product else []
    if (
        product
        and listed
        and listed[0]
        and (not colour or mentions(colour, NOT_A_COLOUR))
        and OTHER_COLOUR.search(text)
    ):
        if len(listed) == 1 and "色" in listed[0]:  # "女士中长款双排扣风衣" comes only in 卡其色
            return ("utter_exchange_only_colour", {"product": product.name, "colour": listed[0]})
        if len(listed) > 1:
            return ("utter_exchange_colours", {"product": product.name, "colours": "/".join(listed)})
    if not colour or mentions(colour, NOT_A_COLOUR):
        return None
    if len(listed) < 2:
        return None
    same = [c for c in listed if c == colour] or [c for c in listed if colour in c]  # 红色: 酒红色
    values = {"product": product.name, "colour": same[0] if same else colour, "colours": "/".join(listed)}
    return ("utter_exchange_colour_listed" if same else "utter_exchange_colour_not_listed", values)


def returns_answer(topic: str, order: Optional[Order], tracker: Tracker) -> List[Reply]:
    """The answer to a returns topic, general or for `order` (also when its number came later)."""
    backend = services.shop()
    now = services.now()
    item = item_for_message(order, tracker) if order else None
    if topic == "price_protection":
        return price_protection_replies(order, item, backend, now)
    if topic == "refund_time":
        return refund_answer(tracker.latest_message.get("text") or "")
    if topic == "shipping_fee":  # "来回运费呢 我可不出": who pays, not the whole policy again
        defect = backend.policy.names_a_defect(NO_DEFECT.sub(" ", tracker.latest_message.get("text") or ""))
        if defect or answered_with(tracker, "utter_return_quality", 3):
            # "要是开胶了呢 也是我出运费？", "那寄回去运费谁出" after the quality answer: the shop
            return [("utter_return_quality_shipping", {})]
        return [("utter_return_shipping_payer", {})]
    if order is None:
        category = canonical("product_category", tracker.latest_message.get("text") or "")
        if topic == "returns" and category in backend.policy.non_returnable_categories:
            return [("utter_return_category_not_returnable", {"category": category})]  # "面膜拆了能退吗"
        focus = product_in_focus(tracker)
        about_it = mentions(tracker.latest_message.get("text") or "", THIS_PRODUCT_WORDS)
        # "三支装那个能退吗 怕她不喜欢" after the lipsticks were shown: the one named
        asked_of = product_named(tracker)[0] or (focus if about_it else None)
        if topic == "returns" and asked_of and asked_of.flash_sale and not backend.policy.special_price_returnable:
            # "这个秒杀的裙子能七天无理由吗" on the 秒杀 dress's card: its own rule, not the general one
            return [("utter_return_special_price", {"product": asked_of.name})]
        # the policy, then the order number, so that the answer can be about the shopper's order
        return general_return_replies(backend.policy) + [("utter_ask_order_for_topic", {})]
    text = tracker.latest_message.get("text") or ""
    # ("想换个燕麦色的行吗": an exchange, for that colour)
    exchange = mentions(text, backend.policy.exchange_words) or bool(EXCHANGE_ASKED.search(to_simplified(text)))
    fault = bool(FAULT_ON_ARRIVAL.search(text))
    # "口红那个三支装是秒杀的吧 不喜欢能退不" on its way: the flash sale's own rule, asked of it
    flash_sale_asked = item is not None and item.flash_sale and mentions(text, ("秒杀", "特价"))
    after_arrival = bool(AFTER_ARRIVAL.search(text)) or fault or flash_sale_asked
    # "那个三支装的唇膏呢" right after the rule once it arrives: once it arrives too (not "那现在能退吗")
    # (or right after the flash-sale item's own rule: "那另外那支豆沙色口红呢 能退吗")
    once_it_arrives = {"utter_return_after_arrival", "utter_return_special_price"}
    asked_on = bool(once_it_arrives & set(previous_responses(tracker))) and names_another_item(tracker)
    after_arrival = after_arrival or (asked_on and not mentions(text, ("现在", "没到", "还没")))
    quality = topic == "returns_quality" or fault
    return order_return_replies(order, item, backend.policy, now, quality, exchange, after_arrival)


# "没拆封也不行吗" after a refusal: the rule holds unopened too.
UNOPENED_WORDS = ("没拆", "未拆", "没开封", "未开封", "没用过", "没穿过", "全新", "吊牌还在")
# A message with these is about returning or exchanging, even when it names an attribute ("换颜色").
RETURN_WORDS = ("退", "换", "运费险")


def asks_a_product_attribute(tracker: Tracker) -> bool:
    """ "保修多久", "有几个颜色" about the product in focus or named, which has that attribute."""
    text = tracker.latest_message.get("text") or ""
    words = services.attribute_words()
    asked = words.asked(text)
    if not asked or mentions(text, RETURN_WORDS):
        return False
    focus = product_in_focus(tracker)  # a card or the product just talked about: "坏了保修几年" asks
    if reports_a_received_defect(text) or (focus is None and services.shop().policy.names_a_defect(text)):
        return False  # "8702…这个卫衣才洗了一次就开线了 什么质量啊": a defect, not a washing question
    product = focus or product_named(tracker)[0]
    return product is not None and any(words.value(product, name) for name in asked)


def order_categories(order: Order) -> List[str]:
    return [item.category for item in order.items]


PRICE_PROTECT_ANSWER = "utter_" + "price_protect_"  # the start of the price-protection answers' names


# "啥东西不能退", "哪些不支持七天无理由": the kinds of items, not the whole policy again.
# "还在七天里吗 有运费险不": the return asked too, answered whole (its hint names the insurance)
NOT_ONLY_THE_INSURANCE = (
    "七天",
    "7天",
    "无理由",
    "能退",
    "可以退",
    "退吗",
    "换",
    "地址",
    "寄哪",
    "质量",
    "谁出",
    "怎么算",
)
NO_INSURANCE = re.compile(r"(?:没|没有|没买|没选|没勾|不买|不想买)\S{0,2}运费险")
WHICH_ARE_NOT_RETURNABLE = re.compile(
    r"(?:啥|什么|哪些|哪种|哪类|哪样)(?:东西|商品|产品|类)?(?:是)?(?:不能|不可以|不支持|没法|不给)"
)


def which_are_not_returnable(policy: ShopPolicy) -> Reply:
    special = "" if policy.special_price_returnable else ",还有秒杀/特价商品"
    return (
        "utter_return_which_not_returnable",
        {"non_returnable": "、".join(policy.non_returnable_categories) + special, "window": policy.return_window_days},
    )


# "退货地址发一下", "寄回哪里": where the parcel goes back to.
RETURN_ADDRESS_WORDS = ("退货地址", "退回地址", "寄回地址", "寄回哪", "寄回到哪", "退到哪", "退回哪", "退货寄哪")
RETURN_ADDRESS_WORDS += ("退或地址", "退获地址")  # 货 typed by its sound
RETURN_ADDRESS_WORDS += ("退货寄到", "退回寄到", "寄回去哪", "寄去哪")


# "那我寄回去 地址多少", "退回的话地址是": the address a return goes to, in other words
# ("寄回来" is sent back to the shopper: "地址写错了 寄回来重新发吧" is an address change)
SENDING_BACK_ADDRESS = re.compile(r"(?:寄|退)回(?!来)(?:去|给你们)?.{0,6}地址")


# "寄哪", "那东西寄哪里", "衣服寄到哪里去啊" right after a return answer: where to send it back,
# nothing more ("衣服寄到哪了" asks after a parcel)
ONLY_WHERE_TO_SEND = re.compile(
    r"^\s*(?:那|那我|要|我)?(?:东西|这个|它|货|衣服|鞋子?|商品|宝贝)?(?:要|应该)?寄(?:到|去|回)?哪(?:里|儿|个地址)?去?"
    r"[啊呀呢吗?？~～\s]*$"
)
SEND_WHERE = re.compile(r"寄(?:到|去|回)?哪(?:里|儿)?(?![了啦里儿])")
# "吹风机不想要了 运费谁出": a return wished, said without 退
NOT_WANTED_WORDS = ("不想要了", "不要了", "不想要")


def asks_where_to_send(text: str) -> bool:
    """Where a return goes, said as a follow-up: to be read only right after a returns answer."""
    return mentions(text, RETURN_ADDRESS_WORDS) or bool(
        ONLY_WHERE_TO_SEND.match(text) or RETURN_RECIPIENT_ASKED.search(text)
    )


def asks_only_the_return_address(text: str) -> bool:
    """ "退货地址发我下": the address and nothing else about returning ("退货地址发我 能退吗" asks more)."""
    if ONLY_WHERE_TO_SEND.match(text) or RETURN_RECIPIENT_ASKED.search(text):
        return True
    if not (mentions(text, RETURN_ADDRESS_WORDS) or SENDING_BACK_ADDRESS.search(text)):
        return False
    rest = SENDING_BACK_ADDRESS.sub(" ", text)
    for words in RETURN_ADDRESS_WORDS:
        rest = rest.replace(words, " ")
    return not mentions(rest, ("退", "换", "运费"))


FLASH_SALE_WORDS = ("秒杀", "特价", "限时抢购")
THIS_ITEM_WORDS = ("这个", "这件", "这条", "这款", "这双", "它")


def flash_sale_rule_asked(tracker: Tracker, topic: str) -> Optional[Reply]:
    """The rule for flash-sale goods, asked in general (no order, no product card): no price
    protection, and no return without a quality problem (unless the policy allows it)."""
    text = to_simplified(tracker.latest_message.get("text") or "")
    focus = product_in_focus(tracker)
    # on a card: "秒杀的东西能退吗" is the rule; "这个秒杀的能退吗", or any on a 秒杀 product's card, is its own
    about_the_card = focus is not None and (focus.flash_sale or mentions(text, THIS_ITEM_WORDS))
    if not mentions(text, FLASH_SALE_WORDS) or about_the_card or order_from_message_or_slot(tracker):
        return None
    if topic == "price_protection":
        return ("utter_price_protect_flash_sale_why", {})
    if topic == "returns" and not services.shop().policy.special_price_returnable:
        return ("utter_return_special_price_rule", {})
    return None


PRICE_PROTECT_TURNS = 8  # bot turns, an agent's messages among them
# "想退", "要退货": a return wished, not only asked about
RETURN_WISHED = re.compile(r"(?<![不别])(?:想|要)(?:退|换)|我退")  # not "我不想退 就问问运费"
# "能换个黑色的不", "换成L码", "换一件大一号的": an exchange for another colour or size
EXCHANGE_ASKED = re.compile(r"换(?:个|成|一个|一件|一双|一条)\S{0,3}?(?:色|码)|换(?:大|小)一?[号码]")  # not 手机号


def answer_returns(dispatcher: CollectingDispatcher, tracker: Tracker) -> List[Dict[Text, Any]]:
    """The returns answer for the message: general, for the order named or in focus, a refund
    before dispatch (cancelling), or how to apply once the order was found returnable."""
    follow_up = answer_follow_up(dispatcher, tracker)  # "那换个码呢" after a refusal
    if follow_up is not None:
        return follow_up
    text = to_simplified(tracker.latest_message.get("text") or "")  # "換大一碼行嗎" as "换大一码行吗"
    policy = services.shop().policy
    exchange = mentions(text, policy.exchange_words) or bool(EXCHANGE_ASKED.search(text))
    if asks_a_product_attribute(tracker) and not exchange:  # not "換大一碼行嗎", "能换个黑色的不"
        return answer_product_question(dispatcher, tracker)  # "保修多久" from a card: about the product
    if mentions(text, policy.not_shipped_words):
        return answer_cancel(dispatcher, tracker)  # "还没发货能直接退款吗": that is cancelling
    if WHICH_ARE_NOT_RETURNABLE.search(to_simplified(text)) and not order_ids_in_message(tracker):
        return send(dispatcher, [which_are_not_returnable(policy)])  # "啥东西不能退"
    insured = "运费险" in text and not NO_INSURANCE.search(text)  # (not "没买运费险 退货运费谁出")
    if insured and not mentions(text, NOT_ONLY_THE_INSURANCE):  # "我有买运费险的": how it pays
        return send(dispatcher, [("utter_return_freight_insurance", {})])
    topic = return_topic(text, policy)
    if topic == "shipping_fee" and (RETURN_WISHED.search(text) or mentions(text, NOT_WANTED_WORDS)):
        topic = "returns"  # "健步鞋我爸穿着不喜欢 想退 来回运费咋算": the return, its freight within it
    flash_sale_rule = flash_sale_rule_asked(tracker, topic)
    if flash_sale_rule is not None:  # "秒杀的也保价吗", "秒杀买的也能退吗" with no order or card
        return send(dispatcher, [flash_sale_rule])
    # "回到牛仔裤那单 差价多久到账" later; "差价退到哪 花呗吗" after an agent handed the chat back
    protected = answered_with(tracker, PRICE_PROTECT_ANSWER, PRICE_PROTECT_TURNS)
    if topic == "price_protection" and protected and mentions(text, policy.refund_time_words):
        topic = "refund_time"  # "差价多久到账啊" right after the price-protection answer
    refused = {"utter_return_non_returnable", "utter_return_category_not_returnable"}
    if topic == "returns" and mentions(text, UNOPENED_WORDS) and refused & set(previous_responses(tracker)):
        return send(dispatcher, [("utter_return_unopened_not_returnable", {})])  # "没拆封也不行吗"
    if topic == "returns" and "utter_return_quality" in previous_responses(tracker):
        if mentions(text, policy.exchange_words) or "还是" in text:  # "能换新的吗 还是只能退"
            return send(dispatcher, [("utter_return_quality_choice", {})])
        topic = "returns_quality"  # "那能退吗" right after a quality problem is still one
    order = order_from_message_or_slot(tracker)
    category = canonical("product_category", without_bags_not_meant(text))  # "好几包牛肉干": no bag
    if order and category and not order_ids_in_message(tracker) and category not in order_categories(order):
        order = None  # "面膜拆了能退吗" after another order: about that kind of product
    if order and order.delivered_at and topic == "returns" and mentions(text, DAYS_LEFT_WORDS):
        # "还能退几天" (also right after the answer): the days left, not the same answer or how to apply
        first = returns_answer(topic, order, tracker)[0]
        if first[0] in WITHIN_WINDOW:
            return send(dispatcher, [days_left_reply(order.delivered_at, first[1], policy, services.now())])
    answered = order is not None and found_returnable(tracker, order.order_id)
    if order and topic == "returns" and answered and not order_ids_in_message(tracker):
        # ("另一个单 5263… 书包不想要了 还能退吗" is a new question, for that order)
        # (three turns: "退货地址呢" may have come between)
        exchange = [reply for reply in returns_answer(topic, order, tracker) if reply[0] == "utter_return_exchange"]
        if exchange and mentions(text, policy.exchange_words):
            colour = colour_for_the_exchange(order, tracker)  # "有黑色的吗": whether it comes in it
            return send(dispatcher, ([colour] if colour else []) + exchange)  # "换大一码可以吗": the rest was said
        # "那怎么申请啊": the answer was given; now how to apply and what to put in the parcel
        note = return_note(policy)
        replies = [("utter_return_how_to", {"order_id": order.order_id}), note]
        return send(dispatcher, replies) + [SlotSet("order_id", order.order_id)]  # gone back to: in focus
    if order and order.parcel and order.delivered_at is None and mentions(text, INTERCEPT_WORDS):
        # "能帮我拦截退回吗" while the parcel is on its way: only the courier can; never "可以的"
        return send(dispatcher, [("utter_return_intercept", {"order_id": order.order_id})])
    named = order_ids_in_message(tracker)
    if order is None and named and topic not in ("refund_time", "shipping_fee"):
        # "3927…能退吗" in a chat without a login, "我闺蜜那单2518…也想退": not the shopper's
        # order to look at; never "麻烦发一下订单号" for the number just sent
        if shopper_account(tracker) is None:
            ask = general_return_replies(policy) + [("utter_ask_order_for_topic", {})]
            return ask_for_the_order(dispatcher, tracker, topic, ask)
        say_order_not_found(dispatcher, tracker, named[0])
        return [SlotSet("pending_topic", topic)]
    if topic in ("returns", "returns_quality") and asks_only_the_return_address(text):
        # "退货地址发我下" about an order not yet delivered: where to send it, not "还没有签收呢";
        # "收件人写谁 电话多少" right after it: who and which phone, in it
        return send(dispatcher, [return_note(policy)])
    replies = returns_answer(topic, order, tracker)
    colour = colour_for_the_exchange(order, tracker) if "utter_return_exchange" in dict(replies) else None
    if colour:  # "卫衣也想换个颜色 有燕麦色吗": whether it comes in that colour, before how to exchange
        replies.insert(0, colour)
    said = [name for name, _ in replies]
    if mentions(text, WINDOW_START_WORDS) and "utter_return_policy_general" not in said:
        # "七天无理由从哪天开始算 面膜能退吗": when the days start, beside the answer for the mask
        replies.insert(0, ("utter_return_window_start", {"window": policy.return_window_days}))
    # not "退款退到哪"; "寄哪里" beside the return ("不想要了 运费谁出 寄哪里"), not "寄到哪了"
    asks_the_address = (mentions(text, RETURN_ADDRESS_WORDS) or SEND_WHERE.search(text)) and topic != "refund_time"
    if asks_the_address and "utter_return_note" not in [name for name, _ in replies]:
        # "退货地址发一下 运费谁出": the address too, with what to put in the parcel
        replies.append(return_note(policy))
    if order is None and [name for name, _ in replies] == previous_responses(tracker):
        # "孩子鞋子穿着有点小 想退" right after the policy and the question for the order: the
        # policy again would only repeat itself; the order number is what is missing
        replies = [("utter_return_need_order", {})]
    if order is None and shopper_account(tracker) is None:
        # "那你们退貨政策是啥" without a login: the rules; an order number could not be looked at
        replies = [reply for reply in replies if reply[0] != "utter_ask_order_for_topic"]
    events = send(dispatcher, replies)
    if order is None:
        return events + ([] if topic in ("refund_time", "shipping_fee") else [SlotSet("pending_topic", topic)])
    return events + [SlotSet("order_id", order.order_id), SlotSet("pending_topic", None)]


# "还不发货", "咋还没到": about the parcel; with any of AFTER_SALE_WORDS it is about a return after all
NOT_SENT_YET_WORDS = ("不发货", "还不发", "还没发货", "咋还没到", "怎么还没到", "还没到", "到哪了", "物流呢")
NOT_SENT_YET_WORDS += ("到现在都没发", "到现在还没发", "一直没发", "都没发")  # "…也买了这件 到现在都没发 8814…"
AFTER_SALE_WORDS = ("退", "换", "运费", "价保", "保价", "差价", "降价", "七天", "7天", "无理由", "售后")


# "还能换顺丰不", "改发京东行吗": another courier asked for, not an exchange of the goods
COURIER_CHANGED = re.compile(r"(?:换|改|走|发)(?:成|个|发)?(?:顺丰|京东|邮政|ems|EMS|中通|圆通|韵达|申通|极兔)")


def found_returnable(tracker: Tracker, order_id: str) -> bool:
    """Whether the bot found this order returnable in its last three turns (not another order:
    "那裙子到了不合适也能退吧" about the dress on its way, after the coat was found returnable)."""
    eligible = [
        e
        for e in bot_events_within(tracker, 3)
        if (e.get("metadata") or {}).get("utter_action") == "utter_return_eligible"
    ]
    if not eligible:
        return False
    # the order in focus at the end of that bot turn: Rasa records an action's messages before the
    # events it returns, so the order_id it set comes after them (None: not recorded)
    in_focus, about, said_it = None, None, False
    for event in [*tracker.events, {"event": "user"}]:
        if event.get("event") == "slot" and event.get("name") == "order_id" and event.get("value"):
            in_focus = str(event.get("value"))
        elif any(event is said for said in eligible):
            said_it = True
        elif event.get("event") == "user" and said_it:
            about, said_it = in_focus, False
    return about is None or about == order_id


class ActionAnswerReturnPolicy(LeavesFormFirst, Action):
    def name(self) -> Text:
        return "action_answer_return_policy"

    async def answer(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> List[Dict[Text, Any]]:
        policy = services.shop().policy
        if asks_a_refund_with_a_discount(tracker.latest_message.get("text") or "", policy):
            return answer_refund_with_a_discount(dispatcher)
        if asks_about_coupons_only(tracker.latest_message.get("text") or "", policy):
            from actions.promotions import answer_promotion  # promotions imports this module

            return answer_promotion(dispatcher, tracker)  # "我就买了条179的牛仔裤 能用券不"
        text = to_simplified(tracker.latest_message.get("text") or "")
        if canonical("courier", text) and COURIER_CHANGED.search(text) and not mentions(text, ("退", "寄回")):
            # "还能换顺丰不" after the parcel's answer, read as an exchange: the courier, nothing sent back
            from actions.couriers import ActionAnswerCourier  # couriers imports what imports this module

            return await ActionAnswerCourier().run(dispatcher, tracker, domain)
        from actions.products import answer_product_question, asks_about_a_product  # products imports this

        if not about_a_return(text, policy) and not policy.names_a_defect(text) and asks_about_a_product(tracker):
            # "换个问题 这锅的炸篮能用钢丝球刷吗": the product's cleaning, nothing to send back
            return answer_product_question(dispatcher, tracker)
        if mentions(text, NOT_SENT_YET_WORDS) and not mentions(text, AFTER_SALE_WORDS):
            # "8814… 三天了还不发货???": where the order is, nothing about a return in it
            from actions.parcel import ActionTrackParcel  # parcel imports this module

            return await ActionTrackParcel().run(dispatcher, tracker, domain)
        guaranteed = asks_a_product_guarantee(tracker)
        if guaranteed is not None:  # "能保证穿了不冷吗" about the down coat: nobody can promise that
            return answer_product_guarantee(dispatcher, tracker, guaranteed)
        from actions.handoff import answer_returns_or_quality_task  # handoff imports this module

        return await answer_returns_or_quality_task(dispatcher, tracker)


def asks_about_coupons_only(text: str, policy: ShopPolicy) -> bool:
    """A coupon question with nothing of a return or a price difference in it ("退货了券还能用吗" is
    about the return)."""
    text = to_simplified(text)
    return ("券" in text or "满减" in text) and not about_a_return(text, policy)


# "只退一件的话满减会不会扣", "用了券的退货 券还能退回来吗", "满2件9折的 退一件怎么算": how a return is
# refunded when a discount was used: the discount and the return in one clause. "能退吗 有券吗"
# asks two things ("有券": which coupons there are), so a question for coupons is no discount used.
DISCOUNT = r"(?:满减|优惠券|券|折扣|优惠|红包|[\d一二三四五六七八九]折)"
DISCOUNT_AND_REFUND = re.compile(rf"{DISCOUNT}[^,，。?？!！]{{0,12}}退|退[^,，。?？!！]{{0,12}}{DISCOUNT}")
# (not "当时有满减 退多少钱": a discount that was used, told)
DISCOUNTS_ASKED_FOR = re.compile(
    rf"(?<!当时)(?<!时候)(?<!那时)(?<!那会)(?<!买时)有(?:没有)?(?:什么|啥|哪些)?{DISCOUNT}|{DISCOUNT}(?:有吗|有没有|多少)"
)


# what the refund comes to, or what becomes of the discount ("用券买的面膜能退吗" asks the return itself)
AMOUNT_OR_DISCOUNT_ASKED = re.compile(
    r"怎么算|咋算|扣|退多少|退回|退还|还能用|返还|分摊|按.{0,4}算|多少钱|还给|没了|还有吗"
    r"|怎么办|咋办|怎么处理|会怎样|退给|退不退|还在|作废|失效"
)


def answer_refund_with_a_discount(dispatcher: CollectingDispatcher) -> List[Dict[Text, Any]]:
    """How a refund goes when a coupon or 满减 was shared out over the order (policy.yml promotions.refunds)."""
    refunds = services.shop().policy.promotions.refunds
    return send(dispatcher, [("utter_promotion_refunds", {"refunds": refunds})])


def asks_a_refund_with_a_discount(text: str, policy: ShopPolicy) -> bool:
    text = DISCOUNTS_ASKED_FOR.sub(",", to_simplified(text))
    asked = bool(DISCOUNT_AND_REFUND.search(text)) and bool(AMOUNT_OR_DISCOUNT_ASKED.search(text))
    return asked and not mentions(text, policy.price_protection_words)


TOPIC_CHANGE = re.compile(r"换个?(?:一个)?(?:问题|话题)")


def about_a_return(text: str, policy: ShopPolicy) -> bool:
    """Sending back, exchanging or a price difference is named (not "换个问题")."""
    text = TOPIC_CHANGE.sub(" ", text)
    return mentions(
        text, ("退", "换", "七天", "7天", "无理由", "运费险", "不想要") + tuple(policy.price_protection_words)
    )
