"""Product questions (ask_product_info), answered from the catalogue and never invented.

Which product: the one the message names (by name, part of it, or a category with a single
product), else the product in focus: the storefront card the chat was opened from (message
metadata `product`, DESIGN.md §3) or the product last talked about. When it cannot tell, it
asks "亲想了解哪一款呢?" with a button per candidate and answers once the shopper picks.

What about it: the attributes the message asks (data/shop/attributes.yml); one the catalogue
does not have is said to be unknown and a person is offered. A price question gets the page
price; right after a recommendation, what the person likes narrows it ("他平时爱跑步").
"""

import json
import re
from difflib import SequenceMatcher
from typing import Any, Dict, List, Optional, Sequence, Text, Tuple

from rasa_sdk import Action, Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from actions import services
from actions.followups import answer_follow_up
from actions.forms import LeavesFormFirst
from actions.orders import described_order, lookup_order, order_id_in_focus, order_ids_in_message
from actions.prices import (
    CHINESE,
    MIN_SHARED_CHARS,
    WISH,
    answer_price,
    asks_price,
    candidates,
    distinct_words,
    named_apart,
    shared_run,
    shown_recently,
)
from actions.recommend import (
    RECOMMENDED_RESPONSES,
    WISH_WORDS,
    answer_whether_it_suits,
    asks_for_more,
    compare_the_shown,
    narrowed_wishes,
    recommend_a_told_wish,
    recommend_for_a_need,
    recommend_narrowed,
    show_the_one_product,
    the_one_product_asked,
)
from actions.replies import (
    PROMOTION_ANSWER,
    RETURN_ANSWER,
    answered_with,
    bot_events_within,
    invoice_lead_time,
    offer_events,
    previous_responses,
    previous_texts,
    responses_within,
    send,
    shopper_texts,
)
from kefu.budget import BUDGET_WORDS, parse_budget_range
from kefu.clauses import ASKS
from kefu.lexicon import canonical, surface
from kefu.shop.models import Product
from kefu.traditional import to_simplified
from kefu.words import ASKS_WHAT_THE_BOT_DOES, mentions, ordinal_in

MAX_ATTRIBUTES_PER_ANSWER = 3
SIZE_NOTES = frozenset({"utter_product_size_note", "utter_recommend_size_note"})
MAX_PRODUCT_BUTTONS = 4
SIZE = "尺码"


def card_product(tracker: Tracker) -> Optional[str]:
    """The SKU of the storefront card the chat was opened from (message metadata)."""
    sku = (tracker.latest_message.get("metadata") or {}).get("product")
    return str(sku) if sku else None


def card_of_the_message_before(tracker: Tracker) -> Optional[str]:
    """The card the shopper's message before this one came with: the same card on both was
    opened before ("保暖吗" after a cheaper coat was recommended on the dear one's card is
    about the one recommended)."""
    users = [event for event in tracker.events if event.get("event") == "user"]
    if len(users) < 2:
        return None
    sku = ((users[-2].get("metadata") or {}).get("product")) if isinstance(users[-2], dict) else None
    return str(sku) if sku else None


def product_in_focus(tracker: Tracker) -> Optional[Product]:
    """A card just opened wins; else the product last talked about; else the only product of
    the last recommendation ("防滑吗" after one pair of shoes was shown); else the card."""
    card, last_card = card_product(tracker), tracker.get_slot("product_card")
    shown = shown_recently(tracker)
    if card and card != last_card and card != card_of_the_message_before(tracker):
        sku = card
    else:
        sku = tracker.get_slot("product_in_focus") or (shown[0] if len(shown) == 1 else None) or card
    return services.shop().get_product(sku) if sku else item_just_answered_about(tracker)


PLEA_OR_RETURN_WORDS = ("退", "换", "不行", "不可以", "不能", "为啥", "为什么", "凭什么", "也不")


def item_just_answered_about(tracker: Tracker) -> Optional[Product]:
    """ "那XL适合多重的宝宝" right after the return answer of an order: its one item that has what
    the message asks (the nappies' 尺码, not the crackers bought with them)."""
    text = tracker.latest_message.get("text") or ""
    if not answered_with(tracker, RETURN_ANSWER, 1) or mentions(text, PLEA_OR_RETURN_WORDS):
        return None  # "这个尺码不合适也不行吗" pleads against the answer, it asks no size
    order_id = order_id_in_focus(tracker)
    order = lookup_order(order_id, tracker) if order_id else None
    if order is None:
        return None
    words = services.attribute_words()
    asked = words.asked(text)
    products = [services.shop().get_product(item.sku) for item in order.items]
    having = [p for p in products if p and any(words.value(p, name) for name in asked)]
    return having[0] if len(having) == 1 else None


COUNTED_IN_PACKS = re.compile(r"(?:几|多少|一|每|两|单)包")


def shared_words(text: str, name: str) -> str:
    """The longest run of characters the message shares with a product's name."""
    match = SequenceMatcher(None, text, name, autojunk=False).find_longest_match(0, len(text), 0, len(name))
    return text[match.a : match.a + match.size]


def describes_the_focus_too(text: str, found: Product, focus: Optional[Product]) -> bool:
    """The words that named `found` ("魔术贴", "大容量") say something about the product in focus as
    well (its reason, tags or attributes): the question is about the product in focus."""
    if focus is None or focus.sku == found.sku:
        return False
    if canonical("product_category", text) == found.category != focus.category:
        return False  # "那个补水面膜一盒几片" on the 补水 lotion set's card: the mask, by its kind
    words = shared_words(text, found.name)
    about_focus = " ".join([focus.name, focus.reason, *focus.tags, *(value for _, value in focus.attributes)])
    if len(words) >= 2 and words in about_focus:
        # unless another run of the name is named that the focus does not have ("那个304的热水壶呢" on
        # the health kettle's card, whose base is 304 steel: 热水壶 names the steel kettle)
        rest = text.replace(words, " ")
        other = shared_words(rest, found.name)
        return not (len(other) >= 2 and CHINESE.fullmatch(other) and other not in about_focus)
    # "多大容量": 大容量 named the backpack only through the attribute asked, which the focus has
    attribute_words = services.attribute_words()
    if len(words) >= 3 and attribute_words.asked(text.replace(words, " ")):
        return False  # "那条山羊绒围巾能机洗吗": 机洗 is asked, so 山羊绒 (a 材质 word) names the scarf
    rest = attribute_words.without_words(words).strip()
    focus_knows = any(attribute_words.value(focus, name) for name in attribute_words.asked(text))
    return len(words) >= 2 and len(rest) < 2 and focus_knows  # not a one-character overlap ("纸尿裤多少片")


INVOICE_NOTICE_WORDS = ("通知", "开好", "开出来", "发给我", "发我")
THIS_ONE = re.compile(r"这(?:款|个|件|双|条|只|台|瓶|套|盒|支)\s*([\u4e00-\u9fff]{1,4})")  # "这款羽绒服"


# The answers that list products a shopper can then point at ("第二个…"): a recommendation, or the
# kind's products listed (the_kind_asked)
LISTING_RESPONSES = RECOMMENDED_RESPONSES | {"utter_kind_in_shop"}


def product_named(tracker: Tracker) -> Tuple[Optional[Product], List[Product]]:
    """(the product the message names, or None; the candidates when several fit equally)."""
    sku = next(tracker.get_latest_entity_values("product"), None)  # a "哪一款" button
    if sku:
        return services.shop().get_product(str(sku)), []
    # "一包多少片", "多少包": 包 counts here, it names no bag
    text = COUNTED_IN_PACKS.sub(" ", to_simplified(tracker.latest_message.get("text") or ""))  # "這個防曬霜"
    found = candidates(text)
    focus = product_in_focus(tracker)
    if len(found) == 1 and describes_the_focus_too(text, found[0], focus):
        found = []  # "是魔术贴的吗" after the elderly shoes (魔术贴穿脱方便): not the children's 魔术贴 shoes
    if len(found) == 1:
        return of_the_same_kind_bought(tracker, text, found[0]) or found[0], []
    this_kind = THIS_ONE.search(text)
    if focus and this_kind and canonical("product_category", this_kind.group(1)) == focus.category:
        return focus, []  # "这款羽绒服暖和吗" on a down jacket's card: that one, not "哪一款"
    said = "".join(previous_texts(tracker))
    just_named = [p for p in services.shop().list_products(None) if p.name in said] if focus is None else []
    sibling = sibling_pointed_at(text, focus, just_named)
    if sibling is not None:
        return sibling, []
    shown = [services.shop().get_product(sku) for sku in shown_recently(tracker)]
    said_last = "".join(previous_texts(tracker))
    latest = sorted((p for p in shown if p and p.name in said_last), key=lambda p: said_last.find(p.name))
    # "第一个" after "还有别的吗": the first of the ones just shown (not, after one of them was
    # answered about, "第一个呢" as that one: the list it points into is the one shown before)
    listed_last = bool(LISTING_RESPONSES & set(responses_within(tracker, 1)))
    shown = (latest if listed_last else []) or shown
    index = ordinal_in(text)
    by_its_name = [p for p in found if shared_run(text, p.name) >= MIN_SHARED_CHARS]
    if not by_its_name and index is not None and index < len(shown) and shown[index]:
        return shown[index], []  # "第二个呢 是啥材质的", "第二个呢 多少包" (not the bags) right after two were shown
    # (also the card's: "那1599那个呢" about the card's coat after a cheaper one was shown)
    card_one = services.shop().get_product(card_product(tracker) or tracker.get_slot("product_card") or "")
    priced_among = [p for p in shown if p] + ([card_one] if card_one and card_one not in shown else [])
    priced = [p for p in priced_among if re.search(rf"(?<![\d.]){re.escape(f'{p.price:g}')}(?![\d.])", text)]
    if len(priced) == 1:
        return priced[0], []  # "那个299的 他平时穿42 偏大还是偏小": the one shown at that price
    ranked = sorted((p for p in shown if p), key=lambda p: p.price)
    by_price = CHEAPER_ONE.search(text) or DEARER_ONE.search(text)
    if by_price and len(ranked) < 2:  # "那个贵的保修几年" after two were compared, then one shown
        said_lately = "".join(event.get("text") or "" for event in bot_events_within(tracker, 3))
        ranked = sorted(
            (p for p in services.shop().list_products(None) if p.name in said_lately), key=lambda p: p.price
        )
    if len(ranked) > 1 and not by_its_name and by_price:
        return (ranked[0] if CHEAPER_ONE.search(text) else ranked[-1]), []  # "那要便宜那双吧 他穿42 选多大"
    if found and focus and focus not in found:
        # "有礼盒包装吗" on a lipstick's card: 礼盒 asks about the packing, not for the gift boxes
        found = candidates(services.attribute_words().without_words(text))
        if len(found) == 1:
            return found[0], []
    preferred = [p for p in found if p.sku in shown_recently(tracker) or (focus and p.sku == focus.sku)]
    if len(preferred) == 1:
        return preferred[0], []
    card = card_product(tracker) or tracker.get_slot("product_card")
    carded = [p for p in found if p.sku == card]
    if len(carded) == 1:  # "这条裙子有啥颜色" on the dress's card, after a question about a down coat
        return carded[0], []
    if 1 < len(preferred) < len(found):
        return None, preferred  # "刚才口红那个 有礼盒吗" after two of the three were shown: those two
    bought = [p for p in found if p.sku in skus_in_order_in_focus(tracker)]  # "这个充电宝" of the order
    if len(bought) == 1:
        return bought[0], []
    ordered = set(skus_in_order_in_focus(tracker))
    # "这壶能煮花茶吗" after the kettle's order; not "油皮能用吗" right after two creams were shown
    shown_since = bool(RECOMMENDED_RESPONSES & set(responses_within(tracker, 2))) and len(shown) > 1
    if not found and focus is None and len(ordered) == 1 and not shown_since:
        return services.shop().get_product(ordered.pop()), []
    asks_one = len(found) > 1 and services.attribute_words().asked(text) and not WISH.search(text)
    apart = named_apart(text, found) if asks_one else []
    if len(apart) == 1:  # "那个男士牛仔裤 什么料的": both jeans share 牛仔裤, 男士 names one
        return apart[0], []
    # "羽绒服那个 她155 120斤 穿啥码" while choosing for a grandmother: the one down coat made for her
    wished_for = (tracker.get_slot("last_recommendation") or {}).get("recipient") or tracker.get_slot("recipient")
    for_them = [p for p in found if wished_for and wished_for in p.recipients]
    if asks_one and len(for_them) == 1:
        return for_them[0], []
    return None, found


# "便宜那双", "贵的那个": one of the products just shown, by its price
_ONE = r"(?:的)?(?:那|这)?(?:双|个|款|件|条|支|台|套|瓶|种)"
_THAT = r"(?:那|这)(?:个|款|双|件|条|支|台|套|瓶|种)?(?:更)?"  # "那个贵的", "这款便宜的"
CHEAPER_ONE = re.compile(
    r"(?<!不)(?:便宜|实惠)(?:点|些|一点)?" + _ONE + "|" + _THAT + r"(?<!不)(?:便宜|实惠)(?:点|些|一点)?的"
)
DEARER_ONE = re.compile(r"(?<!便宜)贵(?:点|些|一点)?" + _ONE + "|" + _THAT + r"(?<!便宜)贵(?:点|些|一点)?的")

# "羊绒那条", "格纹的呢": words of one product's name, then a word pointing at it
POINTING_AFTER = r"(?:(?:的)?(?:那|这)?(?:条|个|款|件|双|只|支|瓶|盒|套|种|台|把)|的呢|的吧|的[?？]*$)"
# "那个95鹅绒的长款充绒量多少": a word pointing at it, then words of its name
POINTING_BEFORE = r"那(?:个|条|款|件|双|只|支|瓶|盒|套|种|台|把)\w{0,4}?"  # "这条围巾" is the card's own


def sibling_pointed_at(text: str, focus: Optional[Product], just_named: Sequence[Product] = ()) -> Optional[Product]:
    """Another product of the focus's kind (or of those the bot just named, "羊绒那条多少钱" after
    two scarves were compared) that the message points at by words only its name has ("羊绒那条
    多少钱" after the 格纹 scarf); not "保暖吗", which asks about the focus."""
    if focus is None and len(just_named) < 2:
        return None
    kind = services.shop().list_products(focus.category) if focus else list(just_named)
    pointed = [
        product
        for product in named_apart(text, kind)
        if any(
            re.search(re.escape(words) + POINTING_AFTER, text) or re.search(POINTING_BEFORE + re.escape(words), text)
            for words in distinct_words(text, product, kind)
        )
    ]
    return pointed[0] if len(pointed) == 1 and pointed[0] != focus else None


# "羊绒围巾和格纹那条有啥区别啊", "两款哪个更保暖"
# ("羊绒那条跟格纹那条 哪个送人好", "选哪个": which of the two named)
COMPARES = re.compile(
    r"区别|差别|差异|不同|不一样|哪个(?:好|更|划算|值)|哪个\S{1,4}?(?:好|合适)|选哪个|买哪个|对比|比一下|比比"
)
MAX_COMPARED = 3


def compare_the_named(dispatcher: CollectingDispatcher, tracker: Tracker) -> Optional[List[Dict[Text, Any]]]:
    """What tells apart the products of one kind the message names ("羊绒围巾和格纹那条有啥
    区别"), or the one it names and the one in focus: each one's price and reason from the
    catalogue; None unless two or three are meant."""
    text = to_simplified(tracker.latest_message.get("text") or "")
    if not COMPARES.search(text):
        return None
    categories = {canonical("product_category", text)} | {p.category for p in candidates(text)}
    focus = product_in_focus(tracker)
    for category in categories - {None}:
        named = named_apart(text, services.shop().list_products(category))
        if len(named) == 1 and focus is not None and focus.category == category and focus.sku != named[0].sku:
            named = [focus, *named]  # "那个高速无刷的呢 有啥不一样" right after the other dryer
        if 2 <= len(named) <= MAX_COMPARED:
            items = ";".join(f"{p.name}(¥{p.price:g}):{p.reason}" for p in named)
            dispatcher.utter_message(response="utter_recommend_compare", items=items)
            return [SlotSet("product_in_focus", None)]
    return None


# "那个299的跑鞋呢 哪个轻", "跟那个20000毫安的比 哪个轻": one attribute of the product in focus and another
WHICH_IS_MORE = re.compile(r"哪(?:个|款|双|件|种)(?:更|比较)?(?P<quality>轻|重|大|小|厚|薄|暖和|保暖|长|短)")
MODEL_NUMBER = re.compile(r"\d+(?:\.\d+)?\s*(?:mAh|W|ml|g|kg|L)", re.IGNORECASE)


def compared_with_the_focus(tracker: Tracker) -> Optional[Tuple[Product, Product, List[str]]]:
    """(the product in focus, the other one named by its price or a figure in its name, what is
    compared), or None."""
    text = to_simplified(tracker.latest_message.get("text") or "").replace("毫安", "mAh")
    which = WHICH_IS_MORE.search(text)
    focus = product_in_focus(tracker)
    if not which or focus is None:
        return None
    asked = services.attribute_words().asked("哪个" + which.group("quality"))  # "哪双轻" as "哪个轻"
    others = [p for p in services.shop().list_products() if p.sku != focus.sku and p.category == focus.category]
    figures = [m.group(0).replace(" ", "").lower() for m in MODEL_NUMBER.finditer(text)]
    prices = set(re.findall(r"(?<![\d.])\d+(?:\.\d+)?(?![\d.]*\s*(?:mAh|W|ml|g|kg|L))", text, re.IGNORECASE))
    named = [p for p in others if f"{p.price:g}" in prices or any(f in p.name.lower() for f in figures)]
    return (focus, named[0], asked) if len(named) == 1 and asked else None


def without_the_name(text: str, product: Product) -> str:
    """The message without the words that named the product, when something is still asked
    without them: "那条山羊绒围巾能机洗吗" asks the washing, its 羊绒 no 材质; "是山羊绒的吗"
    still asks the 材质."""
    text = text.replace(product.name, " ")
    words = shared_words(text, product.name)
    rest = text.replace(words, " ")
    return rest if len(words) >= 3 and services.attribute_words().asked(rest) else text


# "这个书包", "那件外套": a product pointed at by a word for its kind, not one looked for
POINTER = r"[这那](?:个|件|双|条|款|只|台|支|套|瓶)?"


def of_the_same_kind_bought(tracker: Tracker, text: str, named: Product) -> Optional[Product]:
    """ "这个书包下雨天能背吗" about the order in focus, which holds a backpack (双肩包) not named 书包:
    the one bought, when it is the order's only product of the named one's category (not when
    the product is named by its own name: "那儿童魔术贴运动鞋有几个码")."""
    skus = skus_in_order_in_focus(tracker)
    if named.sku in skus or shared_run(text, named.name) >= MIN_SHARED_CHARS:
        return None
    kinds = "|".join(re.escape(word) for word in (*named.tags, named.category) if word)
    if not kinds or not re.search(f"{POINTER}(?:{kinds})", text):
        return None
    shop = services.shop()
    same_kind = [shop.get_product(sku) for sku in skus]
    same_kind = [p for p in same_kind if p is not None and p.category == named.category]
    return same_kind[0] if len(same_kind) == 1 else None


def skus_in_order_in_focus(tracker: Tracker) -> List[str]:
    """What the order the conversation is about holds ("你们这个文胸码偏大还是偏小" after its return)."""
    order = lookup_order(order_id_in_focus(tracker), tracker)
    return [item.sku for item in order.items] if order else []


def answer_attributes(
    dispatcher: CollectingDispatcher,
    product: Product,
    asked: Sequence[str],
    just_said: str = "",
    size_note: bool = True,
) -> List[str]:
    """Sends one line per asked attribute; returns the responses sent. An attribute the bot's
    last turn (`just_said`) gave already ("能放微波炉吗" after "能用开水烫吗": both 消毒) is said
    to be that answer, in other words: the same line twice reads as a bot stuck in a loop."""
    words, sent, read = services.attribute_words(), [], set()
    asked = asked[:MAX_ATTRIBUTES_PER_ANSWER]
    # what the attributes found as asked say ("质地较滋润" in a cream's 适用肤质)
    said_as_asked = "".join(
        found[1] for found in (words.value(product, name) for name in asked) if found and found[0] in asked
    )
    for name in asked:
        found = words.value(product, name)
        if found and found[0] in read:
            continue  # "透不透 闷不闷": both read the 材质, which is said once
        if found and found[0] != name and name in said_as_asked:
            # "皮肤偏油 会不会太厚重": its 适用肤质 speaks of its 质地; the 成分 read for it adds nothing
            continue
        if found:
            read.add(found[0])
            again = f"{product.name}的{found[0]}" in just_said
            response = "utter_product_attribute_again" if again else "utter_product_attribute"
            dispatcher.utter_message(response=response, name=product.name, attribute=found[0], value=found[1])
            sent.append(response)
        else:
            dispatcher.utter_message(response="utter_product_attribute_unknown", name=product.name, attribute=name)
            sent.append("utter_product_attribute_unknown")
    if size_note and SIZE in asked and product.category in services.shop().policy.size_sensitive_categories:
        dispatcher.utter_message(response="utter_product_size_note")
        sent.append("utter_product_size_note")
    return sent


# "有啥颜色" right after two dresses were shown: both are answered (a person would), as long as
# it stays a short reply; more products or attributes get "亲想了解哪一款呢?".
MAX_LINES_FOR_THE_SHOWN = 4


def several_shown(tracker: Tracker) -> List[Product]:
    """The products of the last recommendation when it showed several and none is in focus since;
    right after a comparison ("哪个轻点"), the products it compared."""
    if tracker.get_slot("product_in_focus"):
        return []
    if "utter_recommend_compare" in previous_responses(tracker):
        said = "".join(previous_texts(tracker))
        compared = [p for p in services.shop().list_products(None) if p.name in said]
        if len(compared) > 1:
            return compared
    shown = [p for p in (services.shop().get_product(sku) for sku in shown_recently(tracker)) if p]
    return shown if len(shown) > 1 else []


# "充电宝能带上飞机吗" when the shop has two: both are answered; three or more get "哪一款".
MAX_NAMED_ANSWERED_TOGETHER = 2


def answer_for_each_shown(
    dispatcher: CollectingDispatcher, tracker: Tracker, asked: Sequence[str]
) -> Optional[List[str]]:
    """The asked attributes of each product just shown; None when that would be too long."""
    return answer_for_each(dispatcher, several_shown(tracker), asked)


def answer_for_each(
    dispatcher: CollectingDispatcher, products: Sequence[Product], asked: Sequence[str]
) -> Optional[List[str]]:
    """The asked attributes of each of these products; None when there are none or it would be too long."""
    if not products or len(products) * len(asked) > MAX_LINES_FOR_THE_SHOWN:
        return None
    sent: List[str] = []
    for index, product in enumerate(products):
        sent += answer_attributes(dispatcher, product, asked, size_note=index == len(products) - 1)
    return sent


def ask_which(dispatcher: CollectingDispatcher, choices: Sequence[Product]) -> None:
    if not choices:
        dispatcher.utter_message(response="utter_ask_which_product_named")
        return
    buttons = [
        {"title": p.name, "payload": "/ask_product_info" + json.dumps({"product": p.sku})}
        for p in choices[:MAX_PRODUCT_BUTTONS]
    ]
    dispatcher.utter_message(response="utter_ask_which_product", buttons=buttons)


def focus_events(tracker: Tracker, product: Optional[Product]) -> List[Dict[Text, Any]]:
    events = [SlotSet("product_card", card_product(tracker))] if card_product(tracker) else []
    if product:
        events.append(SlotSet("product_in_focus", product.sku))
    return events


# "能保证穿了不冷吗", "敢打包票吗": how it will feel for this shopper, which nobody can promise
ASKS_A_GUARANTEE = re.compile(r"保证|打包票|包票")
NOT_A_FEELING_WORDS = ("正品", "真的", "质量", "到", "发", "送", "退", "换", "价")


def asks_a_product_guarantee(tracker: Tracker) -> Optional[Product]:
    """The product in focus, when the message asks the bot to guarantee how it will work out."""
    text = to_simplified(tracker.latest_message.get("text") or "")
    if (
        not ASKS_A_GUARANTEE.search(text)
        or order_ids_in_message(tracker)
        or services.shop().policy.names_a_defect(text)
    ):
        return None
    if mentions(text, NOT_A_FEELING_WORDS):  # "保证明天到吗", "保证正品吗": other topics
        return None
    return product_named(tracker)[0] or product_in_focus(tracker)


def answer_product_guarantee(
    dispatcher: CollectingDispatcher, tracker: Tracker, product: Product
) -> List[Dict[Text, Any]]:
    dispatcher.utter_message(response="utter_product_no_guarantee", name=product.name)
    return focus_events(tracker, product)


# Nothing but another product named: "那X呢", "X的呢", "X呢".
ANOTHER_ONE = re.compile(r"(?:那|那个|那款)?(?:的)?[呢嘞咧]?[?？~～。.\s]*")


def attributes_just_answered(tracker: Tracker) -> List[str]:
    """The attributes the shopper's previous message asked, when the bot's turn just before
    answered a product's attribute; else none."""
    if not {"utter_product_attribute", "utter_product_attribute_unknown"} & set(responses_within(tracker, 1)):
        return []
    # the question, or the one before it when the product was named after "亲想了解哪一款呢?"
    for earlier in shopper_texts(tracker)[:-1][::-1][:2]:
        asked = services.attribute_words().asked(earlier)
        if asked:
            return asked
    return []


def names_one_for_the_attribute_just_answered(tracker: Tracker) -> bool:
    """ "高速那个", "补水那个 10片装的" right after an attribute was answered for two products, or
    for one the shopper may not have meant: the same question, for the one named."""
    text = tracker.latest_message.get("text") or ""
    if len(text) > MAX_PICK_LENGTH or ASKS.search(text) or services.attribute_words().asked(text):
        return False
    return bool(attributes_just_answered(tracker)) and len(candidates(text)) == 1


MAX_PICK_LENGTH = 16  # longer says something more than which one
# "那个老人穿的加厚连帽的呢" right after the washing of another coat: the same question, for the
# one named (its name's 连帽 asks nothing about its 设计)
WHAT_ABOUT = re.compile(r"^(?:那|那个|那款|那件|那双|那条)\S{1,16}呢[?？~～。.\s]*$")


def asks_the_same_of(text: str, named: Product) -> bool:
    rest = "".join(char for char in text if char not in named.name)
    return bool(WHAT_ABOUT.match(text.strip())) and not services.attribute_words().asked(rest)


# "有没有大点的 明年还能穿" right after a product's sizes: a size of it, not another product.
OTHER_SIZE = re.compile(r"大点|大一点|大一码|大一号|大码|大些|小点|小一点|小一码|小一号|小码")


def another_size_wished(dispatcher: CollectingDispatcher, tracker: Tracker) -> Optional[List[Dict[Text, Any]]]:
    """Its sizes again, told as the choice of a larger or smaller one; None unless the bot has
    just given the sizes of the product in focus and the message names no other kind."""
    text = to_simplified(tracker.latest_message.get("text") or "")
    focus = product_in_focus(tracker)
    if focus is None or not OTHER_SIZE.search(text) or SIZE not in attributes_just_answered(tracker):
        return None
    named = canonical("product_category", text)
    found = services.attribute_words().value(focus, SIZE)
    if (named and named != focus.category) or not found:
        return None
    dispatcher.utter_message(response="utter_product_size_other", name=focus.name, value=found[1])
    return focus_events(tracker, focus)


# "請問你們家有賣羽絨服嗎", "口红有吗": whether the shop has a kind, asked right around its name
# (not "羽绒服有运费险吗").
HAS_BEFORE = r"(?:有没有|有(?:在)?卖|卖不卖|有|卖)(?:的)?(?:那种|这种)?$"
HAS_AFTER = r"(?:有没有|有吗|有么|有不|有卖吗|卖吗|卖不卖|有货吗|有卖的吗)"
ENDS = r"(?:吗|嗎|么|嘛|呀|啊|呢|哈|[?？!！~～。.\s])*$"  # nothing more is asked after the name
MAX_KIND_LISTED = 4


def asks_for_a_kind(text: str, form: str) -> bool:
    """ "有卖羽绒服吗", "口红有吗", "有充电宝吗 经常出差用" (what it is for, told beside, asks nothing more)."""
    clauses = text.split()
    asking = [clause for clause in clauses if form in clause]
    if len(clauses) > 1 and len(asking) == 1 and not any(ASKS.search(c) for c in clauses if c not in asking):
        text = asking[0]
    before, _, after = text.lower().partition(form)
    asked_before = re.search(HAS_BEFORE, before) and re.match(ENDS, after)  # "有卖羽绒服吗"
    return bool(asked_before or re.match(HAS_AFTER + ENDS, after))  # "口红有吗"


def the_kind_asked(dispatcher: CollectingDispatcher, tracker: Tracker) -> Optional[List[Dict[Text, Any]]]:
    """Those of the kind the shop has, and who and how much asked next (the recommendation waits
    for them); None unless the message asks for a kind alone (no product, attribute or budget)."""
    text = to_simplified(tracker.latest_message.get("text") or "")
    form = surface("product_category", text)
    kind = canonical("product_category", text)
    if not (form and kind and asks_for_a_kind(text, form)) or narrowed_wishes(tracker) is not None:
        return None  # (while choosing, "面膜有吗" narrows the recommendation to that kind)
    if parse_budget_range(text) or services.attribute_words().asked(text):
        return None
    focus = product_in_focus(tracker)
    if focus is not None and focus.category == kind:
        return None  # "羽绒服有货吗" on a down jacket's card: that one
    products = services.shop().list_products(kind)
    if not products or {p.sku for p in candidates(text)} != {p.sku for p in products}:
        return None  # none of it, or one of them named ("有卖那个羊绒围巾吗")
    listed = products[:MAX_KIND_LISTED]
    items = "、".join(f"{p.name} ¥{p.price:g}" for p in listed)
    dispatcher.utter_message(response="utter_kind_in_shop", category=kind, items=items)
    # remembered as shown, so that "第二个能带上飞机吗" next is the second one listed
    from actions.recommend import any_price  # recommend imports this module

    shown = {"category": kind, "recipient": None, "budget": any_price(), "budget_min": 0.0, "needs": []}
    shown["shown"] = [p.sku for p in listed]
    remembered = SlotSet("last_recommendation", shown)
    return [SlotSet("product_category", kind), SlotSet("pending_topic", "recommend"), remembered]


def answer_product_question(dispatcher: CollectingDispatcher, tracker: Tracker) -> List[Dict[Text, Any]]:
    text = tracker.latest_message.get("text") or ""
    if ASKS_WHAT_THE_BOT_DOES.search(to_simplified(text)):  # "你都能干啥呀": the bot's, not a product's use
        dispatcher.utter_message(response="utter_what_i_can_do")
        return []
    suits = answer_whether_it_suits(dispatcher, tracker)
    if suits is not None:  # "这款给我爸穿行不" read as a question about the product
        return suits
    guaranteed = asks_a_product_guarantee(tracker)
    if guaranteed is not None and not services.attribute_words().asked(text):  # "能保证穿了不冷吗"
        return answer_product_guarantee(dispatcher, tracker, guaranteed)
    if asks_price(text):
        priced = answer_price(dispatcher, tracker)
        if priced:
            return focus_events(tracker, priced)
    compared = compared_with_the_focus(tracker)
    if compared is not None:  # both, side by side: the shopper can tell which is lighter
        focus, other, asked = compared
        sent = answer_for_each(dispatcher, [focus, other], asked) or []
        return focus_events(tracker, focus) + offer_events(sent)
    points_at_one = re.search(r"[这那](?:个|件|款|双|条|只|台|支|套)", text)  # "想买那件599块的羽绒服 有黑色吗"
    if BUDGET_WORDS.search(to_simplified(text)) and not asks_price(text) and not points_at_one:
        told = recommend_a_told_wish(dispatcher, tracker)
        if told is not None:  # "想送女朋友圍巾 要保暖的 預算500以內": a wish with its kind and budget
            return told
    named, choices = product_named(tracker)
    if not named and not choices and asks_price(text):
        named = product_in_focus(tracker)  # "多少钱一箱" right after the crackers were shown: their price
    if named and asks_price(text):  # "羊绒那条多少钱": named by too few characters for answer_price
        dispatcher.utter_message(
            response="utter_product_price", name=named.name, price=f"{named.price:g}", reason=named.reason
        )
        return focus_events(tracker, named)
    # "中老年加厚连帽羽绒服" typed after "哪一款呢?": its name's 连帽 asks nothing about its 设计
    asked = services.attribute_words().asked(without_the_name(text, named) if named else text)
    if named and asks_the_same_of(text, named):
        asked = attributes_just_answered(tracker) or asked
    if not asked and tracker.get_slot("pending_topic") == "product_info":
        asked = list(tracker.get_slot("asked_attributes") or ())  # the product was asked for: now answered
    another = named and ANOTHER_ONE.fullmatch(text.replace(shared_words(text, named.name), "").strip())
    # "第一个呢" right after the second's 登机 was answered: the first's 登机
    picked = bool(ONE_OF_THEM_ONLY.match(text)) and ordinal_in(text) is not None
    if not asked and named and (another or picked or names_one_for_the_attribute_just_answered(tracker)):
        asked = attributes_just_answered(tracker)  # "牛肉干呢" after the nuts' shelf life: its shelf life
    if not named and (not asked or (parse_budget_range(text) and BUDGET_WORDS.search(text))):
        wishes = narrowed_wishes(tracker)
        if wishes:  # "他平时爱跑步", "她怕冷 有没有保暖点的 500以内" right after a recommendation
            return recommend_narrowed(dispatcher, tracker, wishes)
    product = named or (None if choices else product_in_focus(tracker))
    if product is None:
        if not asked:
            dispatcher.utter_message(response="utter_product_info_generic")
            return focus_events(tracker, None)
        if choices:
            # both answered only where the catalogue knows it ("卫衣起球吗": neither says, so "哪一款")
            words = services.attribute_words()
            known = all(any(words.value(p, name) for p in choices) for name in asked)
            few = len(choices) <= MAX_NAMED_ANSWERED_TOGETHER and known
            each = answer_for_each(dispatcher, choices, asked) if few else None
        else:
            each = answer_for_each_shown(dispatcher, tracker, asked)
        if each is not None:
            done = [SlotSet("asked_attributes", None), SlotSet("pending_topic", None)]
            return focus_events(tracker, None) + done + offer_events(each)
        shown = [services.shop().get_product(sku) for sku in shown_recently(tracker)]
        ask_which(dispatcher, choices or [p for p in shown if p])
        return focus_events(tracker, None) + [
            SlotSet("asked_attributes", asked),
            SlotSet("pending_topic", "product_info"),
        ]
    done = [SlotSet("asked_attributes", None), SlotSet("pending_topic", None)]
    if not asked:
        names = "、".join(name for name, _ in product.attributes[:4]) or "规格"
        dispatcher.utter_message(
            response="utter_product_summary",
            name=product.name,
            reason=product.reason,
            price=f"{product.price:g}",
            attributes=names,
        )
        return focus_events(tracker, product) + done
    noted = bool(SIZE_NOTES & set(responses_within(tracker, 3)))  # the 运费险 tip once, not every turn
    sent = answer_attributes(dispatcher, product, asked, "\n".join(previous_texts(tracker)), size_note=not noted)
    return focus_events(tracker, product) + done + offer_events(sent)


# "第二个呢 详细说说" right after products were shown: that one, described
DESCRIBE_WORDS = ("详细", "介绍", "说说", "讲讲", "具体", "展开")
ONE_OF_THEM_ONLY = re.compile(r"^\s*(?:那)?第[一二三1-3](?:个|款|双|件|条)?(?:呢|吧|呀)?[?？~～。!！\s]*$")


def picks_one_shown(tracker: Tracker) -> bool:
    text = tracker.latest_message.get("text") or ""
    index = ordinal_in(text)
    if index is None or index >= len(shown_recently(tracker)):
        return False
    just_shown = bool(LISTING_RESPONSES & set(responses_within(tracker, 2)))
    return just_shown and (mentions(text, DESCRIBE_WORDS) or bool(ONE_OF_THEM_ONLY.match(text)))


# "第一个能带上飞机", "能机洗吧": asked without a question word
ASKS_WITHOUT_A_QUESTION_WORD = re.compile(r"能|可以|会不会|行不行|是不是|吧")


# "有几个小包装漏气了 这算质量问题吧": whether a defect told counts, not a question about the product
# A question word that scolds rather than asks ("什么质量", "啥玩意")
SCOLDS = re.compile(r"(?:什么|啥)(?:质量|玩意|破)(?![的做])|搞什么(?!活动)|怎么搞的")
ENDS_ASKING = re.compile(r"[吧吗嘛么][?？~～!！]*\s*$")
HYPOTHETICAL_WORDS = ("要是", "如果", "万一", "假如", "假设")
ASKS_IF_A_DEFECT = re.compile(r"算(?:不算)?质量问题|是不是质量问题|属于质量问题|质量问题(?:吗|吧|么|嘛)")


def tells_a_need(text: str) -> bool:
    """ "她是干皮 冬天脸起皮": a need told, not a question about one of the products shown."""
    asks = ASKS.search(text) or ASKS_WITHOUT_A_QUESTION_WORD.search(text)
    return not asks and ordinal_in(text) is None


# "你们是卖什么的", "你家都卖些啥": the whole message asks what the shop sells (not "有什么产品适合油皮")
SHOP_SELLS_WHAT = re.compile(
    r"^(?:请问|亲)?\s*(?:你们|你们家|你家|这家|这店|店里)?(?:是|都|主要|一般)?卖(?:些)?(?:啥|什么)(?:的|东西)?(?:啊|呀|呢|哈)?[?？~～!！。.\s]*$"
)
# "想再给我女朋友买点", "给我妈挑一个": buying for someone, a search rather than a question
BUYING_FOR_SOMEONE = re.compile(r"给(?:我|他|她)?\S{0,4}(?:买点|买个|买些|挑点|挑个|挑一|选个|买一)|想再给")


def asks_about_a_product(tracker: Tracker, or_one_of_several: bool = False) -> bool:
    """An attribute asked about the product in focus or named ("有啥颜色" on a card), which
    the NLU may place under another topic; with `or_one_of_several`, also about one of the
    products a word names ("这卫衣起球吗" when the shop has three), which then gets "哪一款",
    or about the products just shown ("有啥颜色" after two dresses)."""
    text = tracker.latest_message.get("text") or ""
    if not services.attribute_words().asked(text) or reports_a_received_defect(text):
        return False
    if BUYING_FOR_SOMEONE.search(to_simplified(text)) and services.needs().named_in([text]):
        # "想再给我女朋友买点 她是油皮": a wish, not its 肤质 ("再给我爸买一双 44码有吗" asks the size)
        return False
    named, choices = product_named(tracker)
    several = bool(choices) or bool(several_shown(tracker))
    focus = product_in_focus(tracker)
    if named is None and focus is not None and services.needs().named_in([text]):
        words = services.attribute_words()
        if not any(words.value(focus, name) for name in words.asked(text)):
            return False  # "那给我妈呢 她油皮 想要控油的" after the crackers: a need, not their 肤质
    return named is not None or (or_one_of_several and several) or focus is not None


# "那双健步鞋到了 拆开一只鞋底都开胶了": a defect in what arrived, though 鞋底 names an attribute
# ("坏了保修几年" asks the warranty: nothing arrived).
ARRIVED_WORDS = ("到了", "收到", "拆开", "到手", "签收", "打开")
# "才穿两天鞋底就开胶了": in use already, so it arrived (not "穿了会掉色吗", which asks)
ARRIVED_WORDS += ("才穿", "才用", "穿了两", "用了两", "穿了几", "用了几", "穿两天", "用两天", "穿几天", "用几天")
ARRIVED_WORDS += ("才背", "背了", "才戴", "戴了")  # "才背了十来天拉链就坏了"


def reports_a_received_defect(text: str) -> bool:
    return mentions(text, ARRIVED_WORDS) and services.shop().policy.names_a_defect(text)


ENDS_AS_A_QUESTION = re.compile(r"[不吧][?？~～!！。\s]*$")


# "啥时候能到", "到哪了" about a product the shopper bought: its parcel
WHEN_IT_ARRIVES_WORDS = ("能到", "到哪", "到了没", "还没到", "发货了", "发了没", "物流")


# "有没有容量大点的", "有更轻的吗": something like the product in focus, but more of something.
MORE_OF_SOMETHING = re.compile(r"大点|大一点|大些|更大|小点|小一点|更小|轻点|轻一点|更轻|薄点|厚点|更厚|更薄|长点|短点")


def the_other_one_wished(tracker: Tracker) -> Optional[Product]:
    """The one other product of the focus's kind, wished for as "more" of something than the focus
    ("有没有容量大点的充电宝"); None when the shop has no other or several of its kind."""
    text = tracker.latest_message.get("text") or ""
    focus = product_in_focus(tracker)
    wished = WISH.search(text) or asks_for_more(text)  # "还有别的充电宝吗 想要轻点的"
    if focus is None or not (wished and MORE_OF_SOMETHING.search(text)):
        return None
    named = canonical("product_category", text)
    if named and named != focus.category:
        return None
    others = [p for p in services.shop().list_products(focus.category) if p.sku != focus.sku]
    return others[0] if len(others) == 1 else None


class ActionAnswerProductInfo(LeavesFormFirst, Action):
    def name(self) -> Text:
        return "action_answer_product_info"

    async def answer(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> List[Dict[Text, Any]]:
        # imported here: actions.promotions imports this module
        from actions.promotions import (
            CAN_USE_WORDS,
            answer_coupons_for,
            answer_promotion,
            asks_about_promotions,
            names_an_amount_after_coupons,
        )

        text = tracker.latest_message.get("text") or ""
        from actions.invoice import answer_the_format_asked  # invoice imports what imports this module

        the_format = answer_the_format_asked(dispatcher, tracker)  # "是紙質的嗎" after an invoice answer
        if the_format is not None:
            return the_format
        if answered_with(tracker, "utter_" + "invoice") and mentions(to_simplified(text), INVOICE_NOTICE_WORDS):
            # "开好了会通知我不" right after an invoice answer (read as a product question): how it comes
            return send(dispatcher, [invoice_lead_time(services.shop().policy)])
        if asks_about_promotions(text) and not asks_price(text):
            return answer_promotion(dispatcher, tracker)  # "秒杀的充电宝能用券吗"
        from actions.recommend import cheaper_of_the_kind_wished  # recommend imports this module

        cheaper = cheaper_of_the_kind_wished(dispatcher, tracker)
        if cheaper is not None:  # "太厚重了吧 有没有轻一点的 稍微便宜点的" on the ¥1599 coat's card
            return cheaper
        coupons_just_said = answered_with(tracker, PROMOTION_ANSWER)
        if coupons_just_said and mentions(text, CAN_USE_WORDS) and not services.attribute_words().asked(text):
            named = product_named(tracker)[0]
            if named:  # "那碎花雪纺那条能用吗" right after the coupons: the coupons, for that dress
                return answer_coupons_for(dispatcher, named)
            if names_an_amount_after_coupons(tracker):  # "我就买了个129的坚果 能用吗": for that amount
                return answer_promotion(dispatcher, tracker)
        from actions.handoff import ASKS_NOT_TELLS, MISSING_ITEM, ActionAssessRisk  # handoff imports this module

        simplified = to_simplified(text)
        told_missing = MISSING_ITEM.search(simplified) and not ENDS_ASKING.search(simplified)
        if told_missing and not services.attribute_words().asked(simplified):
            # "买的卫衣跟牛仔裤 裤子没有" read as a product question: an item missing from what came
            # (not "里面没有酒精吧 我敏感肌": asked before buying)
            from actions.order_problem import ActionAnswerOrderProblem  # order_problem imports this module

            return await ActionAnswerOrderProblem().run(dispatcher, tracker, domain)
        if order_ids_in_message(tracker) and not services.attribute_words().asked(text):
            # "好 那防晒跟面膜那单呢 6049…": that order's parcel, not the mask's description
            from actions.parcel import ActionTrackParcel  # parcel imports this module

            return await ActionTrackParcel().run(dispatcher, tracker, domain)
        from actions.recommend import answer_what_the_shop_sells  # recommend imports this

        if SHOP_SELLS_WHAT.match(to_simplified(text).strip()):  # "你们是卖什么的"
            return answer_what_the_shop_sells(dispatcher)
        kind = the_kind_asked(dispatcher, tracker)
        if kind is not None:  # "請問你們家有賣羽絨服嗎"
            return kind
        bought = described_order(tracker, undelivered=True) if mentions(text, WHEN_IT_ARRIVES_WORDS) else None
        if bought is not None:  # "刚才那个跑步鞋呢 啥时候能到": the order on its way that holds the shoes
            from actions.parcel import answer_parcels  # parcel imports this module

            return answer_parcels(dispatcher, tracker, [bought])
        order = lookup_order(order_id_in_focus(tracker), tracker)
        if order and order.delivered_at and mentions(to_simplified(text), services.shop().policy.exchange_words):
            from actions.returns import answer_returns  # returns imports this module

            return answer_returns(dispatcher, tracker)  # "换大一码行不" about the shoes received: an exchange

        # "牛仔裤掉色不", "正常吧"; "鞋底就开胶了 什么质量" scolds (a defect told in anger), it asks nothing
        unscolded = SCOLDS.sub(" ", text)
        asks = ASKS_NOT_TELLS.search(unscolded) or ENDS_AS_A_QUESTION.search(unscolded)
        counts = ASKS_IF_A_DEFECT.search(text) and not mentions(text, HYPOTHETICAL_WORDS)  # not "要是掉色 算吗"
        # "…不出热风了 咋办": help asked ("要是洗了掉色怎么办" asks before buying)
        helpless = mentions(text, ("咋办", "怎么办", "怎么处理", "咋整", "咋弄")) and not mentions(
            text, HYPOTHETICAL_WORDS
        )
        if services.shop().policy.names_a_defect(text) and (not asks or counts or helpless):
            # "牛仔裤洗了一次就掉色掉得厉害" tells a defect, it does not ask about washing
            return await ActionAssessRisk().run(dispatcher, tracker, domain)
        if WISH.search(text) or tells_a_need(text):
            # "有个同事血糖高 有没有不含糖的"; "她是干皮 冬天脸起皮" told, not asked: the 适用肤质 of
            # what was shown would not answer it
            for_a_need = recommend_for_a_need(dispatcher, tracker)
            if for_a_need is not None:
                return for_a_need
        wished = the_one_product_asked(text) if mentions(text, WISH_WORDS) else None
        if wished is not None:  # "宝宝一岁半 皮肤敏感 想买件纯棉T恤": the child's one, not both materials
            return show_the_one_product(dispatcher, tracker, wished)
        # "羊绒围巾和格纹那条有啥区别"; "哪个合适些" right after two were recommended
        compared = compare_the_named(dispatcher, tracker) or compare_the_shown(dispatcher, tracker)
        if compared is not None:
            return compared
        other_size = another_size_wished(dispatcher, tracker)
        if other_size is not None:  # "有没有大点的" right after its sizes
            return other_size
        other = the_other_one_wished(tracker)
        if other is not None:  # "有没有容量大点的充电宝" on the 10000mAh one's card: the 20000mAh one
            return show_the_one_product(dispatcher, tracker, other)
        if not services.attribute_words().asked(text):  # "开好了会通知我吗" after the invoice
            follow_up = answer_follow_up(dispatcher, tracker)
            if follow_up is not None:
                return follow_up
            if services.shop().policy.names_a_defect(text):
                from actions.returns import answer_returns  # returns imports this module

                return answer_returns(dispatcher, tracker)  # "裙子腰那里开线了 这算质量问题吧"
        return answer_product_question(dispatcher, tracker)
