"""Prices of the products a shopper names ("那个电热水壶多少钱").

The product is found by the longest run of characters the message shares with a product's
name ("那个电热水壶多少钱" → "304不锈钢电热水壶 1.7L"); products just recommended come first.
Prices are the catalogue's, always "以下单页面显示为准".
"""

import re
from difflib import SequenceMatcher
from typing import Dict, List, Optional, Sequence

from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher

from actions import services
from kefu.budget import parse_budget_range
from kefu.lexicon import canonical, surface
from kefu.shop.models import Product
from kefu.traditional import to_simplified

MIN_SHARED_CHARS = 3  # "电热水壶", "口红礼盒", "羽绒服"; two characters match too much
TIE_BREAKING_CHARS = 2  # among products of the kind named, "儿童" tells the children's one
POINTER = re.compile(r"[这那哪](?:一)?(?:款|个|件|条|双|只|支|台)")
PRICE_WORDS = ("多少钱", "价格", "什么价", "几块", "多少米", "卖多少", "啥价", "多小钱")  # 多小钱: a typo


# "多少钱啊", "这个啥价": only the price asked, of the product just shown (not "保价多少钱", "运费多少钱")
ONLY_THE_PRICE = re.compile(
    r"^(?:那)?(?:这|那|它)?(?:个|款|双|件|支|条|瓶|盒)?(?:鞋子?|衣服|裙子|包|东西)?\s*(?:要|卖)?"
    r"(?:多[少小]钱|卖多少|啥价|什么价格?|价格(?:多少|是多少)?|几块钱?)\s*(?:一双|一个|一件|一支|一条|一盒)?"
    r"\s*(?:来着)?\s*(?:啊|呀|呢|哈)?"  # "多少钱来着"
    r"[?？~～!！。.\s]*$"
)


def price_of_the_focus(tracker: Tracker) -> Optional[Product]:
    """The product in focus when the message only asks a price ("多少钱来着", "多小钱")."""
    text = to_simplified(tracker.latest_message.get("text") or "").strip()
    sku = tracker.get_slot("product_in_focus")
    return services.shop().get_product(sku) if sku and ONLY_THE_PRICE.match(text) else None


CHINESE = re.compile(r"[\u4e00-\u9fff]+")
NAME_TOKEN = re.compile(r"\d{3,}|[A-Za-z]{3,}\d*")  # "20000" of "20000mAh", "PPSU"; not "L" or "5"


def shared_run(text: str, name: str) -> int:
    """The longest run of Chinese characters both share: "100g" or "200以内" match no name."""
    text = POINTER.sub(" ", text)  # "中老年那款羽绒服": not the 款 of "短款羽绒服"
    text, name = "|".join(CHINESE.findall(text)), "#".join(CHINESE.findall(name))
    match = SequenceMatcher(None, text, name, autojunk=False).find_longest_match(0, len(text), 0, len(name))
    return match.size


def find_product(text: str, recently_shown: Sequence[str] = ()) -> Optional[Product]:
    """The product whose name shares the longest run of characters with the message (at least
    MIN_SHARED_CHARS); on a tie, the one the rest of the message names too ("中老年那款羽绒服"),
    one just shown to the shopper, then the first in the catalogue."""
    named = candidates(text)
    if len(named) == 1 and shared_run(text, named[0].name) >= MIN_SHARED_CHARS:
        return named[0]
    best, best_key = None, (0, False)
    for product in services.shop().list_products(None):
        key = (shared_run(text, product.name), product.sku in recently_shown)
        if key > best_key:
            best, best_key = product, key
    return best if best_key[0] >= MIN_SHARED_CHARS else None


# "39.9的能包邮不", "他包里东西多", "这支有包装盒吗", "有好几包牛肉干袋子破了", "是一整袋还是小包的":
# 包 that names no bag (but "大礼包里都有啥" names the gift pack).
NOT_A_BAG = re.compile(r"包邮|(?<![书背挎钱肩礼])包(?:装|里)|(?:[几两一每整半\d]|好几|多少)包(?!包)|还是小包|小包装")


def without_bags_not_meant(text: str) -> str:
    return NOT_A_BAG.sub(" ", text)


def candidates(text: str) -> List[Product]:
    """The products the message may name: those sharing the longest run (at least
    MIN_SHARED_CHARS) with it; else the one product whose tag it names; else, when it names a
    category ("口红"), that category's."""
    text = without_bags_not_meant(text)
    products = services.shop().list_products(None)
    runs = [(shared_run(text, p.name), p) for p in products]
    longest = max((run for run, _ in runs), default=0)
    if longest >= MIN_SHARED_CHARS:
        tied = [p for run, p in runs if run == longest]
        # (the kind said in a word of its own: not the 包 of "大礼包有几包", "带包牛肉干")
        kind = canonical("product_category", text) if len(surface("product_category", text) or "") >= 2 else None
        of_the_kind = [(run, p) for run, p in runs if kind and p.category == kind]
        if of_the_kind and not any(p.category == kind for p in tied):
            # "奶瓶多大容量": the bottle the kind names, not the backpack whose name shares "大容量"
            best = max(run for run, _ in of_the_kind)
            tied = [p for run, p in of_the_kind if run == best]
        elif kind and any(p.category == kind for p in tied):
            tied = [p for p in tied if p.category == kind]  # "充电宝多大容量": the power banks alone
        if kind and len(tied) > 1:
            # "中老年那款羽绒服多少钱": of the down coats, the one the rest of the message also names
            rest = text.replace(surface("product_category", text) or "", " ")
            also = [p for p in tied if shared_run(rest, p.name) >= TIE_BREAKING_CHARS]
            # (not "拉拉裤跟纸尿裤哪个好": the rest names a second of the kind, both are meant)
            tied = also if len(also) == 1 and not canonical("product_category", rest) else tied
        # "那个20000毫安的充电宝": a number or model in the name tells two power banks apart
        numbered = [p for p in tied if any(token in text for token in NAME_TOKEN.findall(p.name))]
        return numbered if len(numbered) == 1 else tied
    category = canonical("product_category", text)
    in_category = [p for p in products if category and p.category == category]
    # "这个20000的能便宜点吗": a long number of one name alone (not "mAh", which both power banks have)
    numbers = set(re.findall(r"(?<![\d.])\d{4,}(?![\d.])", text))  # not a phone number's digits
    numbered = [p for p in products if numbers & set(re.findall(r"\d{4,}", p.name))]
    budget_said = re.search(r"预算|以内|以下|之内|左右", text)  # "预算10000以内" names no power bank
    if len(numbered) == 1 and not budget_said and (not in_category or numbered[0] in in_category):
        return numbered
    if parse_budget_range(text):  # "有没有保暖点的 500以内": a search, not one product
        return in_category
    wish = bool(WISH.search(text))
    tagged = [p for p in in_category or products if any(names_tag(text, tag, wish) for tag in p.tags)]
    if len(tagged) != 1:
        pointed = [p for p in in_category or products if any(points_at_tag(text, tag) for tag in p.tags)]
        tagged = pointed if len(pointed) == 1 else tagged
    return tagged if len(tagged) == 1 else in_category


# "有没有防滑的鞋", "有防水的吗", "要有礼盒的": a wish for a kind of product, not a question about one.
WISH = re.compile(r"有没有|有没|有木有|有.{1,8}的吗|有.{1,8}的没|的有吗|推荐|要有.{1,8}的|要带.{1,8}的")


# Tags that say who a product is for, not what it is: "男士剃须刀" names no cleanser.
WHO_TAGS = ("男士", "女士", "男款", "女款", "儿童", "中老年", "老人", "宝宝", "婴儿", "学生")


def the_one_tagged(text: str) -> Optional[Product]:
    """The one product with a tag the message names that no other product has ("水乳", "洗面奶");
    None when there is no such product or more than one."""
    products = services.shop().list_products(None)
    count: Dict[str, int] = {}
    for product in products:
        for tag in set(product.tags):
            count[tag] = count.get(tag, 0) + 1

    def names_it(product: Product, tag: str) -> bool:
        # a tag that says what the product is (水乳, 洗面奶: a kind word), not how it is (纯色, 日常)
        kind = canonical("product_category", tag)
        return len(tag) >= 2 and count[tag] == 1 and tag in text and tag not in WHO_TAGS and kind is not None

    found = [p for p in products if any(names_it(p, tag) for tag in p.tags)]
    return found[0] if len(found) == 1 else None


def names_tag(text: str, tag: str, wish: bool) -> bool:
    """ "那个白泥泥膜" names the clay mask by its tag 泥膜; a tag that is also an attribute
    ("跑鞋防滑吗") names a product only in a wish ("有没有防滑的鞋"); a tag saying who it suits
    names none."""
    if len(tag) < 2 or tag not in text or tag.startswith(WHO_TAGS):
        return False  # "学生党穷" on a backpack's card is who asks, not the lipstick tagged 学生党
    return wish or not services.attribute_words().asked(tag)


def points_at_tag(text: str, tag: str) -> bool:
    """ "礼盒那个多少钱": a tag that is also an attribute word (有礼盒吗 asks 包装), pointed at."""
    return len(tag) >= 2 and bool(re.search(re.escape(tag) + r"的?那(?:个|款|支|条|件|双|盒|套)", text))


def distinct_words(text: str, product: Product, others: Sequence[Product]) -> List[str]:
    """The runs of two or more characters of the product's name that the message holds and no
    other product of `others` has in its name ("羊绒" of 山羊绒纯色围巾 beside the 格纹 scarf)."""
    name = "#".join(CHINESE.findall(product.name))
    found = []
    for size in (4, 3, 2):
        for start in range(len(name) - size + 1):
            run = name[start : start + size]
            if "#" in run or run not in text or any(run in other.name for other in others if other != product):
                continue
            if not any(run in longer for longer in found):
                found.append(run)
    return found


def named_apart(text: str, pool: Sequence[Product]) -> List[Product]:
    """The products of `pool` (one kind: the two scarves) that the message names by words only
    their own name has: "羊绒那条" or "羊绒围巾和格纹那条", which share too few characters with the
    names for `candidates`."""
    return [product for product in pool if distinct_words(text, product, pool)]


def asks_price(text: str) -> bool:
    """ "多少钱" about a product; "价格200以内的" names a budget instead."""
    return any(word in text for word in PRICE_WORDS) and parse_budget_range(text) is None


def shown_recently(tracker: Tracker) -> Sequence[str]:
    last = tracker.get_slot("last_recommendation") or {}
    return last.get("shown") or ()


def answer_price(dispatcher: CollectingDispatcher, tracker: Tracker) -> Optional[Product]:
    """Answers "那个口红礼盒多少钱" with the named product's page price; None when no product
    is named."""
    text = tracker.latest_message.get("text") or ""
    product = find_product(text, shown_recently(tracker))
    if product is None:  # "水乳是哪款 多少钱": named by a tag only it has (not 男士, which several have)
        product = the_one_tagged(text)
    if product is None:
        return None
    dispatcher.utter_message(
        response="utter_product_price", name=product.name, price=f"{product.price:g}", reason=product.reason
    )
    return product
