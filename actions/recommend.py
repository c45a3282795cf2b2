"""Needs discovery (request_recommendation): ask category, recipient and budget, recommend at most two."""

import re
from typing import Any, Dict, List, Optional, Sequence, Text, Tuple

from rasa_sdk import Action, FormValidationAction, Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from actions import services
from actions.followups import answer_follow_up
from actions.forms import answers_question, leaves_form, threatens
from actions.prices import WISH, answer_price, asks_price, candidates, named_apart, without_bags_not_meant
from actions.replies import previous_responses, responses_within, shopper_texts
from kefu.budget import BUDGET_WORDS, budget_said, is_around, parse_budget, parse_budget_range
from kefu.clauses import ASKS
from kefu.lexicon import canonical, surface
from kefu.patterns import find_order_ids
from kefu.shop.models import Product
from kefu.traditional import to_simplified
from kefu.words import ASKS_WHAT_THE_BOT_DOES, mentions

RECOMMEND_SLOTS = ("product_category", "recipient", "budget", "budget_min")
SAID_NOT_ASKED = ("recipient", "budget_min")
# The bot's turn that leaves the shopper choosing: products shown, or "没有其他合适的了 换个预算或者
# 品类?", to which "她怕冷 有没有保暖点的 500以内" answers.
RECOMMENDED_RESPONSES = {"utter_recommend_item", "utter_recommend_related", "utter_recommend_no_more"}
CHEAP_WORDS = ("便宜", "实惠", "划算", "不贵", "性价比", "平价", "太贵", "有点贵", "贵了", "超预算", "超出预算")
CHEAP_WORDS += ("钱不多", "没多少钱", "预算不多", "预算有限", "学生党")
# "还有别的吗" after a recommendation: more of the same, not a new start.
MORE_WORDS = (
    "还有别的",
    "还有其他",
    "还有呢",
    "别的呢",
    "其他的呢",
    "换几个",
    "换一批",
    "还有没有别的",
    "别的款",
    "再看看别的",
    "有别的",
    "有其他",
    "换一个",
    "换一款",
    "换个别的",
    "不要这个",
)
# "不要吃的 有别的吗", "除了衣服还有啥": a kind the shopper does not want, named right after.
EXCLUDING = re.compile(r"(?:不要|不想要|除了|别推荐?|不考虑)\s*(?!太|那么|很|特别|过于)(\w{1,6})")  # not "不要太厚的"
# "他不爱吃零食", "她不怎么穿裙子": a kind named whole right after what the person does not do (not
# "宝宝不爱吃饭有什么零食", "她不穿高跟鞋 要平底的": no kind of the shop's is what they do not do)
NOT_DONE = re.compile(r"(?:不爱|不喜欢|不太爱|不怎么|不)(?:吃|穿|戴)(\w{1,4}?)(?=[\s,，。!！~～]|有|要|想|的|了|吗|$)")
# "围巾他不戴", "口红她有一堆了": a kind not wanted, named before why.
# "吃的就算了", "衣服就不要了 她衣服太多了": turned down without a reason.
REJECTED_KIND = re.compile(
    r"(\w{1,6}?)(?:他|她|我)?(?:就|也|还是)?(?:不戴|不穿|不喜欢|有一堆|用不上|算了|不要了?|不用了?|免了)(?:了)?"
    r"(?:吧|啊|呀|哈)?(?=[\s,，。!！~～]|$)"
)
# "他不缺穿的", "衣服鞋子都一大堆": kinds the person has plenty of (each named kind, "衣服" and "鞋子")
HAS_PLENTY = re.compile(
    r"不缺(\w{1,3}?)(?:的|了)?(?=[\s,，。!！~～]|$)"
    r"|(\w{1,2}?)(\w{2})?(?:都|也)?(?:有)?(?:一大堆|一堆|很多|太多|好多|多的是)(?:了)?(?=[\s,，。!！~～]|$)"
)
PERSON_INSTEAD = re.compile(r"还是(?:先)?给(\S{1,4}?)(?:买|挑|看|选)")
# what was bought, named with a defect ("还有羽绒服有一件袖子开线了"), and a defect wished away
BOUGHT_WORDS = ("买的", "收到", "有一件", "有一双", "有一个", "那件", "这件", "一件", "那双", "那个")
NOT_A_DEFECT = re.compile(r"不(?:掉色|起球|开线|褪色|缩水|变形|能用)")
# a kind given up, then another wished (not "羽绒服还是外套好": a choice between two)
INSTEAD = re.compile(r"((?:算了|不要了|不用了|不买了).*?)还是(.+)")
SHOP_RANGE_WORDS = ("你们", "店里", "种类", "款式", "选择")
WISH_WORDS = ("想买", "想送", "想给", "想要个", "想挑", "帮我挑", "帮忙挑")
WISH_WORDS += ("看个东西", "挑个东西", "看点东西", "挑点东西")  # "再给我妈看个东西"
FOR_HIM_OR_HER = re.compile(r"[给送帮](?:他|她)")  # "再给她带点零食": the person named before
ANY = "不限"  # no particular category: across the catalogue
# Whom a young person's things do not suit when nothing made for them meets the need ("给奶奶 怕冷
# 300以内"): what suits them is shown instead (others, e.g. 朋友, fall back to what meets the need).
ELDERLY = "老人"
SELF = "自己"  # the recipient when the shopper buys for themselves (data/lexicons/recipient.yml)
NEAREST_SHOWN = 2  # none at about the price asked: this many priced nearest, ...
NEAREST_WITHIN = 0.25  # ... no further off than this share of the top of the budget
ANY_CATEGORY = ("都行", "都可以", "随便", "不知道", "不确定", "你推荐", "看着推荐", "有啥推荐", "不限")


# "上次买的牛仔裤挺好 这次想给我爸买件外套": the kind wished comes after these words.
WISH_STARTS = re.compile(r"想(?:给|送|买|要|挑|看)|这次|这回|帮我挑|帮忙挑")


# "配夹克穿的", "搭毛衣穿": what the wished thing goes with, not what is wished
COMPANION = re.compile(r"(?:配|搭配?|搭着)\s?\w{1,4}?(?:穿|用|戴)的?")


def category_in(text: str) -> Optional[str]:
    """A catalogue category the text names (the one wished, when another is named before the
    wish), else a word for several ('化妆品', '衣服')."""
    text = without_bags_not_meant(text)  # "39.9的能包邮不", "他包里东西多": no bag
    without = COMPANION.sub(" ", text)  # "买条裤子 配夹克穿的": trousers, not a jacket
    text = without if canonical("product_category", without) else text  # ("想给孩子配个书包用": the bag)
    wishes = list(WISH_STARTS.finditer(text))
    wished = canonical("product_category", text[wishes[-1].start() :]) if wishes else None
    category = wished or canonical("product_category", text)
    if category:
        return category
    # the one said last: "有没有适合走路穿的鞋" asks for shoes (鞋), not for things worn (穿的)
    groups = [word for word in services.shop().policy.category_groups if word in text]
    return max(groups, key=lambda word: (text.rfind(word) + len(word), len(word)), default=None)


def needs_told(tracker: Tracker) -> List[str]:
    """The needs the shopper told while asking for this recommendation ("他有糖尿病", then the
    budget a turn later): in the messages since the one that opened the recommendation form
    (Rasa records the form's activation after that message), else in the latest message."""
    texts, seen_latest, opening = [], False, False
    for event in reversed(tracker.events):
        kind = event.get("event")
        if kind == "user":
            texts.append(event.get("text") or "")
            seen_latest = True
            if opening:
                break  # the message that opened the form
        elif kind == "active_loop" and seen_latest:
            if event.get("name") != "recommend_form":
                texts = texts[:1]  # an earlier form ended: not part of this request
                break
            opening = True
    else:
        if not opening:
            texts = texts[:1]
    return list(services.needs().named_in(texts or [tracker.latest_message.get("text") or ""]))


def products_for(category: Optional[str]) -> List[Product]:
    """The products of a category, of a group of categories, or of the whole shop."""
    backend = services.shop()
    members = backend.policy.category_groups.get(category or "")
    if members:
        return [p for p in backend.list_products(None) if p.category in members]
    return backend.list_products(None if category in (None, ANY) else category)


def cheap_budget(category: Optional[str]) -> int:
    """'便宜点的围巾': up to the middle price of what is asked for."""
    prices = sorted(p.price for p in products_for(category)) or [0]
    return int(prices[(len(prices) - 1) // 2])


# "能便宜点吗😂", "便宜点呗" ask for a lower price (bargaining); "有便宜点的吗", "便宜点的呢" for cheaper products.
CHEAPER_PRODUCTS = re.compile(r"(?:便宜|实惠|划算|不贵|平价)[点些一]*的|有没有|有木有|还有|别的|其他|其它|推荐")


def bargains(text: str) -> bool:
    return mentions(text, services.shop().policy.promotions.bargain_words) and not CHEAPER_PRODUCTS.search(text)


VARIANT_ATTRIBUTES = frozenset({"颜色", "口味", "尺码"})
# "有没有酒精啊 她皮肤敏感" after a recommendation: what that product holds, not a wish for one
# without it ("有没有不含酒精的" is one).
WHAT_IT_HOLDS = re.compile(
    r"(?:有没有|有没|有木有|含不含|加没加)(?:添加)?(?:酒精|香精|激素|防腐剂|荧光剂|色素|甲醛)(?!的)"
)
# "有没有别的颜色", "有其他尺码吗" right after a recommendation: the product shown, not other products
OTHER_VARIANT = re.compile(r"(?:别的|其他|其它|别)(?:颜色|色|码|尺码|尺寸|口味|味道|规格)")


def asks_for_more(text: str) -> bool:
    return any(word in text for word in MORE_WORDS) and not OTHER_VARIANT.search(text)


# Answers about one product; asked about one of the recommended ones, the shopper is still choosing.
PRODUCT_ANSWERS = {
    "utter_product_attribute",
    "utter_product_attribute_unknown",
    "utter_product_summary",
    "utter_product_price",
    "utter_product_size_note",
}


# "下周三之前能到不", "几天能到": when it arrives, asked inside a gift wish.
ARRIVAL = re.compile(r"能到|到不|几天到|多久到|什么时候到|啥时候到|几号到|之前到|送到")


def asks_arrival(text: str) -> bool:
    return bool(ARRIVAL.search(text))


# nothing of the kind for the need or the person told: "那卫衣呢" next searches on
NONE_FOR_ONE_WISH = {"utter_recommend_none_for_need", "utter_recommend_none_for_recipient"}


def still_choosing(tracker: Tracker, last: Dict[str, Any]) -> bool:
    """The bot's last turn recommended, or answered about a product it had just recommended
    ("防滑吗" about the shoes, then "那冬天他穿的衣服呢" for the same person), or the turn before
    recommended and the shopper asks for more."""
    previous = set(previous_responses(tracker))
    if (RECOMMENDED_RESPONSES | NONE_FOR_ONE_WISH | {"utter_recommend_compare"}) & previous:
        # also "店里暂时没有专门适合「怕冷」的T恤": "那卫衣呢" searches on; and after the shown were
        # compared ("拉拉裤跟纸尿裤有啥区别" next)
        return True
    text = tracker.latest_message.get("text") or ""
    if asks_for_more(text) and RECOMMENDED_RESPONSES & set(responses_within(tracker, 2)):
        return True  # "还有别的吗" after one question about what was shown ("面膜能七天无理由退吗")
    if "预算" in text and budget_said(text) and RECOMMENDED_RESPONSES & set(responses_within(tracker, 3)):
        return True  # "预算可以加到500" after a question about a gift box beside what was shown
    focus = tracker.get_slot("product_in_focus")  # None: the shown ones were answered together
    return bool(PRODUCT_ANSWERS & previous) and (focus is None or focus in (last.get("shown") or ()))


def excluded_in(text: str) -> Tuple[List[str], str]:
    """(the catalogue categories the text says it does not want, the text without saying so)."""
    excluded: List[str] = []
    not_done = [m for m in NOT_DONE.finditer(text) if surface("product_category", m.group(1)) == m.group(1)]
    for match in [*EXCLUDING.finditer(text), *REJECTED_KIND.finditer(text), *not_done]:
        named = category_in(match.group(1))
        if named:
            excluded += services.shop().policy.category_groups.get(named) or [named]
            # "衣服不要 他不缺衣服": neither the turning down nor the kind is left to be searched
            text = text.replace(match.group(0), " ").replace(match.group(1), " ")
    instead = INSTEAD.search(text)
    old, new = (category_in(instead.group(1)), category_in(instead.group(2))) if instead else (None, None)
    if old and new and old != new:  # "算了书包学校发 还是给他买件衣服吧": the bag given up, clothes wished
        excluded += services.shop().policy.category_groups.get(old) or [old]
        text = instead.group(2)
    for match in HAS_PLENTY.finditer(text):
        if mentions(text[max(0, match.start() - 6) : match.end()], SHOP_RANGE_WORDS):
            continue  # "你们家零食种类好多": praise of the shop's range, not the person's plenty
        kinds = [category_in(kind) or category_in(kind + "的") for kind in match.groups() if kind]  # "穿的"
        for named in [kind for kind in kinds if kind]:
            excluded += services.shop().policy.category_groups.get(named) or [named]
        if any(kinds):
            text = text.replace(match.group(0), " ")
    return sorted(set(excluded), key=excluded.index), text


def excludes(excluded: Sequence[str], category: Optional[str]) -> bool:
    """Whether the excluded categories take in all of this category (or group of categories)."""
    members = services.shop().policy.category_groups.get(category or "") or [category]
    return bool(excluded) and all(member in excluded for member in members)


def excluded_now(tracker: Tracker) -> List[str]:
    """The categories excluded while choosing: said now ("不要吃的") or earlier in this search."""
    last = tracker.get_slot("last_recommendation")
    if not (last and still_choosing(tracker, last)):
        return []
    return sorted(set(excluded_in(tracker.latest_message.get("text") or "")[0]) | set(last.get("excluded") or ()))


# An order number with these asks about its parcel, whatever else the message names.
PARCEL_ASKED_WORDS = ("没动静", "到哪", "发货", "发了", "物流", "快递", "揽收", "签收", "还没到", "没到", "怎么还")
# "他今年7岁 刚上二年级": a child past the nappy age, whom baby things do not suit.
PAST_BABY_AGE = re.compile(
    r"(?<![\d.])(?:[4-9]|1\d)\s*(?:岁|周岁)|(?<![一二两三])[四五六七八九十]\s*岁|年级|小学|初中|上学"
)
BABY_GROUP = "母婴"


def too_old_for_baby_things(tracker: Tracker) -> List[str]:
    """The baby kinds (policy category_groups 母婴) when the shopper's last few messages tell a
    child's age of four or more or a school ("外甥7岁 刚上二年级"): never nappies for them, unless
    the kind itself is asked for ("孩子4岁了 晚上还穿拉拉裤")."""
    said = shopper_texts(tracker)[-4:]
    kinds = list(services.shop().policy.category_groups.get(BABY_GROUP) or ())
    if not any(PAST_BABY_AGE.search(to_simplified(text)) for text in said):
        return []
    if tracker.get_slot("product_category") in kinds + [BABY_GROUP] or any(category_in(text) in kinds for text in said):
        return []
    return kinds


# A better one asked for with a new budget right after a recommendation: the same search.
BETTER_WORDS = ("好点的", "好一点的", "更好的", "高端", "贵点的", "贵一点的", "高级点", "也行", "也可以")


def narrowed_wishes(tracker: Tracker) -> Optional[Dict[str, Any]]:
    """Right after a recommendation, "还有别的吗" asks for more of the same and "羽绒服有吗" or
    "有吃的吗" for another category with the same person and budget: the form's slots, all
    filled; None for a new search."""
    last = tracker.get_slot("last_recommendation")
    text = tracker.latest_message.get("text") or ""
    if not (last and still_choosing(tracker, last)):
        return cheaper_than_the_focus(tracker, text)
    newly_excluded, text = excluded_in(text)
    category = category_in(text)
    if newly_excluded and not category and excludes(newly_excluded, last.get("category")):
        category = ANY  # "不要吃的 有别的吗" after snacks: anything else
    cheaper = any(word in text for word in CHEAP_WORDS) and not bargains(text)
    new_budget = budget_said(text)
    only_a_budget = len(re.sub(r"[\s,，。.!！~～吧呢啊哈亲的]", "", text)) <= 8  # "两百以内" after one was shown
    corrected = "预算" in text  # "不对 预算改成500吧": the same search with another budget
    better = mentions(text, BETTER_WORDS)  # "有没有好点的 那种高速的 六百左右也行": the same kind, dearer
    person = person_named(text)
    instead = person_instead(text)
    another_person = bool(instead) and instead != last.get("recipient") and not find_order_ids(text)
    # "一千五买不起啊 500以内有吗": the same kind within a new budget, asked whether there is one
    asks_within = bool(re.search(r"有吗|有没有|有木有|有嘛|有么|有的话", text)) or mentions(
        text, ("买不起", "太贵", "贵了")
    )
    # (with a budget word: "599那件有没有黑色" names a price shown, no budget)
    asks_within = asks_within and bool(re.search(r"以内|以下|之内|左右|预算|不超过|不要超过|别超过", text))
    if new_budget and (cheaper or category or "呢" in text or only_a_budget or corrected or better or asks_within):
        # "便宜点的呢 100左右", "那一百多的呢": the same search with this budget
        return {
            "product_category": category or last.get("category") or ANY,
            "recipient": canonical("recipient", text) or last.get("recipient"),
            "budget": str(new_budget[1]),
            "budget_min": float(new_budget[0]),
        }
    if new_budget or not (category or cheaper or asks_for_more(text) or newly_excluded or another_person):
        return None
    budget, budget_min = int(last["budget"]), float(last.get("budget_min") or 0)
    if category and category != last.get("category"):
        budget_min = 0.0  # "有吃的吗" after 两三百 gifts: snacks under 300, not over 200
    if cheaper:  # "还有便宜点的吗": under the cheapest shown, same category
        shown = [services.shop().get_product(sku) for sku in last.get("shown") or ()]
        prices = [p.price for p in shown if p]
        budget, budget_min = (int(min(prices)) - 1 if prices else cheap_budget(category)), 0.0
    return {
        "product_category": category or last.get("category") or ANY,
        "recipient": person or last.get("recipient"),
        "budget": str(budget),
        "budget_min": budget_min,
    }


def person_named(text: str) -> Optional[str]:
    """The person the message names, the one preferred first ("算了 还是先给我妈买吧 女朋友下回再说")."""
    preferred = PERSON_INSTEAD.search(text)
    return (canonical("recipient", preferred.group(1)) if preferred else None) or canonical("recipient", text)


def person_instead(text: str) -> Optional[str]:
    """The person a search is for now: named with a buying verb (not "我妈说这个颜色太亮了",
    "这双我爸也能穿吗")."""
    return person_named(text) if PERSON_INSTEAD.search(text) or BUYING_FOR.search(text) else None


def another_person_wished(tracker: Tracker) -> bool:
    """Right after a recommendation for one person, a search for another ("算了还是先给我爸买吧 他春秋穿"
    after a coat for 妈妈): not a question about the coat shown."""
    last = tracker.get_slot("last_recommendation")
    text = tracker.latest_message.get("text") or ""
    if not (last and still_choosing(tracker, last)):
        return False
    person = person_instead(text)
    return bool(person) and person != last.get("recipient") and not find_order_ids(text)


def cheaper_than_the_focus(tracker: Tracker, text: str) -> Optional[Dict[str, Any]]:
    """ "便宜点的呢" after a product's answer or on its card, with no recommendation to narrow:
    the same kind under its price; None otherwise."""
    if not mentions(text, CHEAP_WORDS) or bargains(text):
        return None
    from actions.products import product_in_focus  # products imports this module

    focus = product_in_focus(tracker)
    if focus is None or category_in(text) not in (None, focus.category):  # "有没有便宜点的羽绒服" on its card
        return None
    said = budget_said(text)  # "太贵了 不要这个 200以内换一个"
    return {
        "product_category": focus.category,
        "recipient": None,  # (on a grown-up's card no child's one: who_for)
        "budget": str(min(said[1], int(focus.price) - 1) if said else int(focus.price) - 1),
        "budget_min": 0.0,
    }


def cheaper_of_the_kind_wished(dispatcher: CollectingDispatcher, tracker: Tracker) -> Optional[List[Dict[Text, Any]]]:
    """ "有没有轻一点的 稍微便宜点的" about the product in focus: cheaper ones of its kind, shown;
    None when no other one of the kind is wished for."""
    text = to_simplified(tracker.latest_message.get("text") or "")
    cheaper = cheaper_than_the_focus(tracker, text) if OTHER_OF_THE_KIND.search(text) else None
    return recommend_narrowed(dispatcher, tracker, cheaper) if cheaper else None


def recommend_narrowed(
    dispatcher: CollectingDispatcher, tracker: Tracker, wishes: Dict[str, Any]
) -> List[Dict[Text, Any]]:
    """The recommendation `narrowed_wishes` asks for, leaving out the kinds not wanted."""
    category, recipient, budget, budget_min = (wishes[slot] for slot in RECOMMEND_SLOTS)
    last = tracker.get_slot("last_recommendation")
    excluded = sorted(set(excluded_now(tracker)) | set(too_old_for_baby_things(tracker)))
    return recommend(
        dispatcher, category, recipient, int(budget), budget_min, last, excluded=excluded, **who_for(tracker, category)
    )


def choose_products(
    products: List[Product],
    budget: int,
    recipient: Optional[str],
    max_items: int,
    budget_min: float = 0,
    shown: Sequence[str] = (),
) -> List[Product]:
    """Within the budget range and not shown yet, the best the budget allows; for someone, only
    what suits them (no children's shoes for a father). Only a first recommendation for someone
    nothing suits falls back to everything; asked for more, it ends with what suits."""
    affordable = [p for p in products if budget_min <= p.price <= budget and p.sku not in shown]
    made_for = [p for p in affordable if recipient in p.recipients]
    chosen = made_for if recipient and (made_for or shown) else affordable
    return sorted(chosen, key=lambda p: -p.price)[:max_items]


def suits_recipient(product: Product, recipient: Optional[str]) -> bool:
    return not recipient or recipient in product.recipients


def related_within(
    chosen: List[Product],
    budget: int,
    backend,
    shown: Sequence[str] = (),
    recipient: Optional[str] = None,
    budget_min: float = 0,
) -> Optional[Product]:
    """One more item bought together with the recommended ones, within the budget range too
    (no ¥59.9 T-shirt beside a gift of "三百左右"), not one shown before, and for the same
    person when there is one."""
    skus = {p.sku for p in chosen} | set(shown)
    for product in chosen:
        for sku in product.related:
            related = backend.get_product(sku)
            suits = related and (not recipient or not related.recipients or recipient in related.recipients)
            if sku not in skus and suits and budget_min <= related.price <= budget:
                return related
    return None


# "他新手 刚开始跑 哪个合适些", "哪款好用": which of the products just shown
WHICH_ONE = re.compile(r"哪(?:个|款|双|件|一个|一款|一双|种)")
# "拉拉裤跟纸尿裤有啥区别", "这俩有什么不一样": what tells the shown apart
DIFFERENCE = re.compile(r"区别|差别|不同|不一样|差在哪|差哪")
BOTH_OF_THEM = re.compile(r"这?[俩两](?:个|款|双|件|条)?|这两")


def compare_the_shown(dispatcher: CollectingDispatcher, tracker: Tracker) -> Optional[List[Dict[Text, Any]]]:
    """What tells the products of the last recommendation apart (each one's reason, from the
    catalogue), when the shopper asks which of them; None otherwise."""
    last = tracker.get_slot("last_recommendation") or {}
    text = tracker.latest_message.get("text") or ""
    # "有啥区别" (not "码数和耐克的有区别吗", an attribute asked, unless "这俩" are asked apart)
    apart = DIFFERENCE.search(text) and (BOTH_OF_THEM.search(text) or not services.attribute_words().asked(text))
    if not ((WHICH_ONE.search(text) or apart) and last and still_choosing(tracker, last)):
        return None
    backend = services.shop()
    latest = list(last.get("shown") or ())[-backend.policy.recommend_max_items :]
    shown = [product for product in (backend.get_product(sku) for sku in latest) if product]
    if len(shown) == 1 and DIFFERENCE.search(text) and BOTH_OF_THEM.search(text):
        # "这俩有啥区别啊" when one was shown: it and the other of its kind nearest in price
        others = [p for p in products_for(shown[0].category) if p.sku != shown[0].sku]
        others = [p for p in others if last.get("recipient") in p.recipients] or others  # his, if any
        shown += sorted(others, key=lambda p: abs(p.price - shown[0].price))[:1]
    if len(shown) < 2:
        return None
    needs = needs_wished(tracker.latest_message.get("text") or "")
    meeting = [p for p in shown if needs and services.needs().meets(p, needs)]
    if 0 < len(meeting) < len(shown):  # "她皮肤干 哪个补水": the one of them that meets it
        for product in meeting:
            say_recommended(dispatcher, product)
        return [SlotSet("product_in_focus", meeting[0].sku if len(meeting) == 1 else None)]
    items = ";".join(f"{p.name}(¥{p.price:g}):{p.reason}" for p in shown)
    dispatcher.utter_message(response="utter_recommend_compare", items=items)
    return [SlotSet("product_in_focus", None)]


# "有没有更暖和的", "类似的还有吗" about the product in focus: the same kind.
COMPARING_WORDS = ("更", "类似", "差不多的", "同款", "别的款", "其他款")
# "男朋友也想要一条 有男款吗 200以内" on the women's jeans' card: the same kind, for someone else
FOR_SOMEONE_ELSE_WORDS = ("也想要", "也要一", "也买一", "也来一", "也给他", "也给她", "男款", "女款")


def compares_with_the_focus(tracker: Tracker) -> Optional[Product]:
    """The product in focus, when the message wishes for something like it ("有没有更暖和的")
    without naming a kind; else None."""
    text = tracker.latest_message.get("text") or ""
    if category_in(text) or not mentions(text, COMPARING_WORDS + FOR_SOMEONE_ELSE_WORDS):
        return None
    from actions.products import product_in_focus  # products imports this module

    return product_in_focus(tracker)


# "纸尿裤买哪种好", "想给我妈买个空气炸锅": a wish, as much as "有没有…" or "推荐".
# "纸尿裤买哪种好"; "男朋友爱跑步 送他啥好", "买点什么好呢": a gift asked about
WHICH_IS_GOOD = re.compile(r"哪(?:种|款|个|样)(?:好|比较好|合适)|买哪|(?:送|买|挑)\S{0,3}(?:啥|什么)(?:好|合适|比较好)")


# "给我老公买双跑鞋", "给男朋友挑双跑步鞋": buying for someone (not "给我妈买的羽绒服", bought already)
# "再给孩子配条围巾", "再给她带点零食", "买点零食给他", "想再买一双送我叔"
BUYING_FOR = re.compile(
    r"给\S{1,5}(?:买|挑|选|配|带)(?![的了过])|给\S{1,5}看一?(?:双|件|个|条|款|套)|买(?:点|个|件|条|双|只|台|套|瓶|盒|支|一\S)\S{0,4}?(?:给|送)(?:他|她|我)"
)


# "再看看纸尿裤", "帮我看一下围巾吧": a kind to look at, and nothing else said (not "我再看看吧",
# "我再看看纸尿裤先不买了", "帮我看看奶瓶怎么还没到")
LOOKS_AT = re.compile(r"(?:看看|看一下|瞧瞧)(?:别的)?([^\s,，。!！?？]{1,6}?)[吧呢呗]?[\s~～。!！]*$")


# "坚果有吗", "有卖坚果吗": whether the shop has a kind of thing
HAS_IT = re.compile(r"(?:^|[\s,，])(?:有卖?\S{1,6}[吗嘛么]|\S{1,6}有[吗嘛么])")


SEE_FOR_SOMEONE = re.compile(r"看看(?:送|给)(\S{1,5})")
# "再给我舅舅看双鞋", "帮我妈挑件外套": a kind looked at for someone, by its measure word
LOOKS_FOR_SOMEONE = re.compile(
    r"[给帮替]\S{1,5}?(?:看|挑|选|找)(?:一)?(?:双|件|个|条|款|只|台|支|套|瓶|盒)([^\s的]{1,4})(?![^\s的]*的)"
)  # not "帮我看个口红的色号": something of it asked


def is_a_wish(text: str) -> bool:
    text = to_simplified(text)
    looked_at = [LOOKS_AT.search(clause) for clause in text.split()]  # "看看电热水壶吧 给我妈用"
    looks_at_a_kind = any(seen and canonical("product_category", seen.group(1)) for seen in looked_at)
    asked = WISH.search(text) or WHICH_IS_GOOD.search(text) or HAS_IT.search(text)
    seen_for = SEE_FOR_SOMEONE.search(text)  # "再帮我看看送男朋友的" (not "帮我看看送到哪了")
    for_someone = bool(seen_for) and bool(canonical("recipient", seen_for.group(1)))
    looked_for = LOOKS_FOR_SOMEONE.search(text)
    for_someone = for_someone or (bool(looked_for) and bool(category_in(looked_for.group(1))))
    return bool(asked) or mentions(text, WISH_WORDS) or looks_at_a_kind or for_someone


def the_one_product_wished(text: str) -> Optional[Product]:
    """The product a wish without a budget names alone, by its name or a tag only it carries
    ("推荐个空气炸锅", "书包有推荐的吗 护脊的"); None when several fit or a budget is given."""
    text = to_simplified(text)  # "堅果有嗎"
    if parse_budget_range(text) or not is_a_wish(text):
        return None
    found = candidates(text)
    return found[0] if len(found) == 1 else None


def the_one_product_needed(text: str) -> Optional[Product]:
    """The one product (of the kind named, if any) meeting the needs the message tells, when no
    budget is given; None otherwise."""
    needs = needs_wished(text)
    if not needs or parse_budget_range(text):
        return None
    fitting = [p for p in products_for(category_in(text)) if services.needs().meets(p, needs)]
    return fitting[0] if len(fitting) == 1 else None


def the_one_product_asked(text: str) -> Optional[Product]:
    """The one product a wish names or a need fits ("书包有推荐的吗 护脊的", "我爸血糖有点高"); not
    for a child when it is not made for one ("孩子怕冷 想给他买件卫衣": the adult's warm hoodie)."""
    found = the_one_product_wished(text) or the_one_product_needed(text)
    recipient = canonical("recipient", text)
    category = category_in(text)
    if found is None and category and recipient in services.shop().policy.only_made_for and is_a_wish(text):
        # "宝宝一岁半 皮肤敏感 想买件纯棉T恤": the one of its kind made for a child
        kind = [p for p in products_for(category) if recipient in p.recipients]
        found = kind[0] if len(kind) == 1 else None
    if found and recipient in services.shop().policy.only_made_for and recipient not in found.recipients:
        return None
    if found and services.needs().meets_any(found, services.needs().turned_down_in([text])):
        return None  # "他也不跑步 还有别的吗": no running shoe named by its tag
    return found


# "价格随便", "预算不限": no budget to ask for.
ANY_BUDGET_WORDS = ("价格随便", "价钱随便", "预算随便", "多少钱都行", "价格不限", "预算不限", "多少都行", "不差钱")
ANY_BUDGET_WORDS += ("预算无所谓", "价格无所谓", "不在乎价格", "钱不是问题", "贵点没关系")


def any_price() -> int:
    """A budget no product is over: no limit on the price."""
    return int(max(product.price for product in services.shop().list_products())) + 1


# "我爸也要一件", "给我爸也看看": the same kind for another person
ALSO_FOR = re.compile(r"也(?:要|想要|来|买|看看|挑|整)")


def recommend_the_few_wished(dispatcher: CollectingDispatcher, tracker: Tracker) -> Optional[List[Dict[Text, Any]]]:
    """A wish for a kind the shop has at most two of that fit ("纸尿裤买哪种好", "想买几件T恤
    爱出汗 价格随便"): shown at once, or said that none meets the need, without asking a budget
    the answer would not change; None otherwise."""
    text = tracker.latest_message.get("text") or ""
    any_budget = mentions(text, ANY_BUDGET_WORDS)
    category = category_in(text)
    last = tracker.get_slot("last_recommendation") or {}
    also = not category and bool(ALSO_FOR.search(text)) and bool(canonical("recipient", text))
    if also and last.get("category") not in (None, ANY):
        category = last["category"]  # "我爸也要一件 给我爸也看看" after a down coat for mum: one for him
    budget_hinted = bool(parse_budget_range(text)) or mentions(text, CHEAP_WORDS)  # "便宜点的围巾": the cheaper
    needs = needs_wished(text)
    # "给我老公买双跑鞋 他跑马拉松", "给我奶奶买点东西 她冬天特别怕冷"
    # (a need beside a kind asked for already narrows that kind: the form goes on)
    told = category or (needs and not tracker.get_slot("product_category"))
    wished = is_a_wish(text) or bool(told and BUYING_FOR.search(text)) or (also and bool(category))
    # "他平时爱跑步" while the form asks the budget of a gift: a need told for the wish it is in
    wished = wished or bool(needs and tracker.get_slot("requested_slot") and not tracker.get_slot("product_category"))
    if (budget_hinted and not any_budget) or not (category or needs) or not wished:
        return None
    kinds = products_for(category or ANY)
    recipient = canonical("recipient", text) or tracker.get_slot("recipient")
    if not recipient and (asks_for_more(text) or "别的" in text or FOR_HIM_OR_HER.search(text)):
        # "还有别的吗 天冷了想要厚点的外套", "再给她带点零食": for the same person
        recipient = recipient_named_before(tracker)
    if recipient in services.shop().policy.only_made_for:  # "给孩子推荐点别的零食呗": the children's are few
        kinds = [p for p in kinds if recipient in p.recipients]
    elif recipient and (also or not still_choosing(tracker, tracker.get_slot("last_recommendation") or {})):
        # "想给女朋友买件羽绒服": hers are few (none listed for that person: all of the kind); while
        # choosing from a recommendation, its budget narrows the search instead
        kinds = [p for p in kinds if recipient in p.recipients] or kinds
    focus = None
    if asks_for_more(text) or "别的" in text:  # "别的": not the one on the card
        from actions.products import product_in_focus  # products imports this module

        focus = product_in_focus(tracker)
        kinds = [p for p in kinds if focus is None or p.sku != focus.sku]
    fitting = [p for p in kinds if services.needs().meets(p, needs)]
    # a need alone ("男朋友油皮 帮我推荐下") is narrow already: one more than fits in an answer, which
    # "还有别的吗" then shows
    most = services.shop().policy.recommend_max_items + (0 if category else 1)
    few = len(fitting) <= most or any_budget
    if not kinds and category and recipient in services.shop().policy.only_made_for:
        return recommend(
            dispatcher, category, recipient, 0, 0.0, **who_for(tracker)
        )  # "再给孩子配条围巾": none is a child's
    if not kinds or not few or not (fitting or needs):
        return None
    if not category and not fitting:
        return None  # a need no product meets, of no kind named: the budget and kind are asked as usual
    # no budget told: no limit, which a search in another kind next ("那卫衣呢") keeps
    top = any_price()
    last = tracker.get_slot("last_recommendation")
    if focus is not None:  # the card's product is left out like one shown before
        last = {**(last or {}), "shown": [focus.sku]}
    # "男朋友油皮 帮我推荐下"
    more = focus is not None
    return recommend(dispatcher, category or ANY, recipient, top, 0.0, last, needs, not_again=more, **who_for(tracker))


def say_recommended(dispatcher: CollectingDispatcher, product: Product) -> None:
    dispatcher.utter_message(
        response="utter_recommend_item", name=product.name, price=f"{product.price:g}", reason=product.reason
    )


def show_the_one_product(dispatcher: CollectingDispatcher, tracker: Tracker, product: Product) -> List[Dict[Text, Any]]:
    say_recommended(dispatcher, product)
    # no budget told: none, for "还有别的吗" (the same kind) and "再看看纸尿裤" (another) next
    # "有没有更保暖点的 他怕冷" after a coat for 爸爸: for him still
    recipient = canonical("recipient", tracker.latest_message.get("text") or "") or person_referred_to(tracker)
    wishes = {"category": product.category, "recipient": recipient, "budget": any_price()}
    # "还有别的吗" next still has to meet the need told ("我爸血糖有点高"): never the sweet jerky
    needs = list(services.needs().named_in([tracker.latest_message.get("text") or ""]))
    remembered = {**wishes, "budget_min": 0.0, "shown": [product.sku], "needs": needs}
    return [SlotSet(slot, None) for slot in RECOMMEND_SLOTS] + [
        SlotSet("last_recommendation", remembered),
        SlotSet("product_in_focus", product.sku),
        SlotSet("pending_topic", None),
    ]


# "给刚工作的朋友买个通勤包", "帮我爸买双鞋": buying something for someone
BUYS_FOR_SOMEONE = re.compile(r"(?:给|帮|替)\w{1,8}买(?:个|件|条|双|只|台|套|瓶|盒|支|一)")


def asks_beyond_its_name(text: str, product: Product) -> bool:
    """Whether the message asks an attribute in words other than those it shares with the
    product's name ("通勤包" names the commuter backpack; it asks no 适用场景)."""
    from actions.products import shared_words  # products imports this module

    if not ASKS.search(text):  # "我妈爱喝花茶 想给她买个养生壶": told, not asked
        return False
    rest = text
    while len(shared := shared_words(rest, product.name)) >= 2:
        rest = rest.replace(shared, " ")
    return bool(services.attribute_words().asked(rest))


# "再给他配条牛仔裤 200以内": someone named before, referred to
PRONOUN = re.compile(r"(?<![其吉])[他她]")  # not 其他


def person_referred_to(tracker: Tracker) -> Optional[str]:
    """The person the message refers to by 他/她 ("再给他配条牛仔裤" after "我老公175 穿多大"): the
    one the shopper named last in their earlier messages; None when it names none."""
    text = tracker.latest_message.get("text") or ""
    if not PRONOUN.search(text) or canonical("recipient", text):
        return None
    # "那再给他挑双大点的鞋" after "3927… 孩子鞋小了能退吗": named beside an order, if nowhere else
    return recipient_named_before(tracker) or recipient_named_before(tracker, order_talk_too=True)


RECIPIENT_TURNS_BACK = 5


def recipient_named_before(tracker: Tracker, order_talk_too: bool = False) -> Optional[str]:
    """The person the shopper named last in their earlier messages ("宝宝一岁半 想买件纯棉T恤",
    then "还有别的吗 天冷了想要厚点的外套": still for the baby); None when none was named.
    `order_talk_too`: also in messages about an order."""
    earlier = shopper_texts(tracker)[:-1][-RECIPIENT_TURNS_BACK:]

    # "给孩子买的纸尿裤那单到哪了" is about an order, not whom a wish is for
    def about_an_order(said: str) -> bool:
        return bool(find_order_ids(said)) or mentions(said, ORDER_TALK_WORDS)

    wishes = [said for said in earlier if order_talk_too or not about_an_order(said)]
    return next((found for found in map(lambda said: canonical("recipient", said), reversed(wishes)) if found), None)


ORDER_TALK_WORDS = ("那单", "这单", "订单", "到哪", "物流")


# "上班背的包", "通勤用": said of a grown-up's day, nothing made only for children suits it.
GROWN_UP_WORDS = ("上班", "通勤", "办公", "出差", "职场", "开会", "公司用", "大学")
# "他每天背电脑上下班", "同事要离职了": a working grown-up, never a child
GROWN_UP_WORDS += ("上下班", "下班", "同事", "离职", "领导", "老板", "客户", "退休")


def for_grown_ups(tracker: Tracker) -> bool:
    """The shopper's last few messages tell a grown-up's day ("上班背的包有推荐吗 要能放电脑")."""
    said = shopper_texts(tracker)[-3:]
    return any(mentions(to_simplified(text), GROWN_UP_WORDS) for text in said)


def on_a_grown_ups_card(tracker: Tracker, category: Optional[str] = None) -> bool:
    """The chat is about a product made for grown-ups only (a card, or one answered), of the kind
    searched when given: "有没有500以内的羽绒服" on the adult down coat's card, for nobody named, is
    no child's coat (a 书包 asked on it still is a child's)."""
    from actions.products import product_in_focus  # products imports this module

    card = product_in_focus(tracker)
    children = set(services.shop().policy.only_made_for)
    of_the_kind = category is None or (card is not None and card.category == category)
    return card is not None and of_the_kind and not children & set(card.recipients)


def who_for(tracker: Tracker, category: Optional[str] = None) -> Dict[str, Any]:
    """What the shopper told of the person, as `recommend` reads it: the side ("男领导") and a
    grown-up's day ("上班背的"); with `category`, also a grown-up's product of that kind in focus
    (`recommend` reads it only when nobody is named)."""
    on_the_card = category is not None and on_a_grown_ups_card(tracker, category)
    # "他不跑步 有没有穿的": what meets a need the person does not have is left out (no running shoes)
    turned_down = services.needs().turned_down_in(shopper_texts(tracker)[-3:])
    return {"side": side_told(tracker), "for_adults": for_grown_ups(tracker) or on_the_card, "turned_down": turned_down}


def side_told(tracker: Tracker, recipient: Optional[str] = None) -> Optional[str]:
    """The side of the person a wish is for: the recipient's own (妈妈: 女), else the side
    (policy side_words) told beside a recipient that has none ("送同事 男的", "给我奶奶挑件衣服"):
    the newest message naming someone or a side decides; None when it names none or both
    ("男女都能用")."""
    policy = services.shop().policy
    if policy.side_of(recipient):
        return policy.side_of(recipient)
    for said in reversed(shopper_texts(tracker)[-RECIPIENT_TURNS_BACK:]):
        said = to_simplified(said)
        sides = policy.sides_named(said)
        if sides or canonical("recipient", said):
            return sides[0] if len(sides) == 1 else None
    return None


# "辣不辣", "透不透气": a question about a product, never a wish
# (not "要不要", "好不好看无所谓", "能不能带上飞机的": a wish's conditions)
# "有没有更保暖点的", "有没有再厚一些的": something more so than what was shown
MORE_OF_IT = re.compile(r"有没有(?:更|再)\S{1,4}的")
A_NOT_A = re.compile(r"([^\W要是能可会行好])不\1(?![^\s,，]{0,3}(?:无所谓|都行|都可以|的))")


# "这个送婆婆合适吗", "这款给我爸穿行不", "这个适合老人穿吗": whether the product in focus suits someone
SUITS_ASKED = re.compile(
    r"[这那](?:个|款|件|条|双|只|台|支|套|种)?\S{0,3}?(?:送|给)\S{1,6}?(?:合适|适合|可以|行不|行吗|好不好|怎么样|咋样)"
    r"|[这那](?:个|款|件|条|双|只|台|支|套|种)?\S{0,2}?适合\S{1,6}?(?:吗|不|么|嘛)"  # "这个适合老人穿吗"
)
# "适合老人吗", "送我妈合适吗" right after one was shown or on a card: only a person between (not
# "适合老人的有吗", a wish, nor "给我妈包邮可以吗")
SUITS_ASKED_OF_SOMEONE = re.compile(
    r"^(?:那|就是)?(?:(?:送|给)(?P<given>[^\s的]{1,4}?)(?:用|穿|吃|戴)?(?:合适|适合|可以|行)"
    r"|适合(?P<suited>[^\s的]{1,4}?)(?:用|穿|吃|戴)?)(?:吗|不|么|嘛)"
)


NOT_WHETHER_IT_SUITS = re.compile(r"\d|码|多大|哪|寄|送到|发到")


def answer_whether_it_suits(dispatcher: CollectingDispatcher, tracker: Tracker) -> Optional[List[Dict[Text, Any]]]:
    """Whether the product in focus (a card's, the one shown) suits the person named, from its
    `for` in the catalogue; None when no such question is asked of one product."""
    from actions.products import product_in_focus  # products imports this module

    text = to_simplified(tracker.latest_message.get("text") or "")
    recipient = canonical("recipient", text)
    # "这款给我爸穿多大码合适", "这个适合我妈这种干皮吗", "直接寄给我妈可以吗": a size, a skin, an address
    other_question = services.attribute_words().asked(text) or NOT_WHETHER_IT_SUITS.search(text)
    someone = SUITS_ASKED_OF_SOMEONE.search(text)
    named = (someone.group("given") or someone.group("suited")) if someone else ""
    asked = SUITS_ASKED.search(text) or (
        named and canonical("recipient", named) and surface("recipient", named) == named
    )
    asked = asked and recipient and not other_question
    product = product_in_focus(tracker) if asked else None
    if product is None:
        return None
    policy = services.shop().policy
    said = next(tracker.get_latest_entity_values("recipient"), None) or recipient
    values = {"name": product.name, "recipient": said, "price": f"{product.price:g}", "reason": product.reason}
    side = side_told(tracker, recipient)
    if recipient in product.recipients and not policy.made_only_for_the_other_side(product, side, recipient):
        dispatcher.utter_message(response="utter_product_suits", **values)
        return [SlotSet("product_in_focus", product.sku)]
    dispatcher.utter_message(response="utter_product_suits_not", **values, category=product.category)
    return [SlotSet("product_category", product.category), SlotSet("recipient", recipient)]


class ValidateRecommendForm(FormValidationAction):
    """Category, recipient and budget are read from every message of the form, so all that the
    shopper said at once is kept; a gift for someone needs no category. The form asks one
    question per turn, only for what is missing."""

    def name(self) -> Text:
        return "validate_recommend_form"

    async def required_slots(
        self, domain_slots: List[Text], dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> List[Text]:
        """The category (unless it is a gift for someone) and the budget; who it is for is
        taken when said, never asked for."""
        skipped = {"recipient"}
        text = tracker.latest_message.get("text") or ""
        gift = tracker.get_slot("recipient") or canonical("recipient", text)
        # "想送领导个东西 男领导 一千以内": a gift for someone of a side told, whoever they are
        gift = gift or (side_told(tracker) and mentions(to_simplified(text), ("送", "礼物", "礼品")))
        named_need = services.needs().named_in([text])  # "有啥补水的推荐下": what meets it, of any kind
        named_kind = category_in(excluded_in(text)[1])  # "衣服就不要了 她衣服太多了" names no kind wished
        if (gift or named_need) and not tracker.get_slot("product_category") and not named_kind:
            if not compares_with_the_focus(tracker):  # "有没有更暖和的" on a card: of its kind
                skipped.add("product_category")
        return [slot for slot in domain_slots if slot not in skipped]

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> List[Dict[Text, Any]]:
        from actions.products import (  # products imports this module
            another_size_wished,
            answer_product_question,
            asks_about_a_product,
            product_in_focus,
            tells_a_need,
            the_other_one_wished,
        )
        from actions.promotions import (
            answer_promotion,
            asks_about_gifts,
            asks_about_promotions,
            names_an_amount_after_coupons,
        )

        if threatens(tracker):  # the form rejects the turn: the complaint rule hands it to a person
            return []
        text = tracker.latest_message.get("text") or ""
        # (not "300以内吧 要不掉色的": a wish's condition, said with its budget)
        about_an_order = find_order_ids(text) or (tracker.get_slot("order_id") and mentions(text, BOUGHT_WORDS))
        told = services.shop().policy.names_a_defect(text) and not parse_budget_range(text)
        if told and about_an_order and not is_a_wish(text) and not NOT_A_DEFECT.search(text):
            # "还有羽绒服有一件袖子开线了" about the order talked about: a quality problem, not a wish
            from actions.handoff import answer_returns_or_quality_task  # handoff imports this module

            return await answer_returns_or_quality_task(dispatcher, tracker) + [SlotSet("requested_slot", None)]
        bought = mentions(text, ("买的", "收到的", "挤脚", "太小了", "太大了"))  # not "穿着舒服的 换个颜色"
        if bought and mentions(text, services.shop().policy.exchange_words):
            # "给我爸买的健步鞋 他穿着挤脚 想换大一码": an exchange of what was bought, not a wish
            from actions.returns import answer_returns  # returns imports what imports this module

            return answer_returns(dispatcher, tracker) + [SlotSet("requested_slot", None)]
        if asks_about_gifts(text) or asks_about_promotions(text) or names_an_amount_after_coupons(tracker):
            # "凑到299有啥送的不", "我购物车一共180块 能用哪个" right after the coupons: not a wish
            return answer_promotion(dispatcher, tracker) + [SlotSet("requested_slot", None)]
        suits = answer_whether_it_suits(dispatcher, tracker)
        if suits is not None:  # "这个送婆婆合适吗 她六十多了" on the scarf's card: that scarf, for her
            return suits + [SlotSet("requested_slot", None)]
        other_size = another_size_wished(dispatcher, tracker)
        if other_size is not None:  # "有没有大点的 明年还能穿" right after a product's sizes
            return other_size + [SlotSet("requested_slot", None)]
        other = the_other_one_wished(tracker)
        if other is not None:  # "有没有轻一点的 换一个" about the hair dryer: the other, lighter one
            return show_the_one_product(dispatcher, tracker, other) + [SlotSet("requested_slot", None)]
        if not parse_budget_range(text):
            follow_up = answer_follow_up(dispatcher, tracker)  # "周六要去跑步 来得及吗" after a parcel answer
            if follow_up is not None:
                return follow_up + [SlotSet("requested_slot", None)]
        priced = answer_price(dispatcher, tracker) if asks_price(text) else None
        if priced:  # "那个口红礼盒多少钱": a price, not a new search; "规格多大" next is about it
            return [SlotSet("product_in_focus", priced.sku), SlotSet("requested_slot", None)]
        a_not_a = A_NOT_A.search(text) and not parse_budget_range(text)
        if a_not_a and asks_about_a_product(tracker):
            # "辣不辣 想买原味的" on the jerky's card: asked about it, whatever is wished beside
            return answer_product_question(dispatcher, tracker) + [SlotSet("requested_slot", None)]
        # "想送口红 500以内 要有礼盒的", "充电宝 200以内 能带上飞机的": a wish whose attribute is a
        # need, not a question about one product (unless the message names one)
        budget_told = bool(parse_budget_range(text)) and bool(BUDGET_WORDS.search(text))
        wishes = (bool(WISH.search(text)) or mentions(text, WISH_WORDS)) and not WHAT_IT_HOLDS.search(text)
        a_wish = budget_told or wishes
        # named in the message ("这卫衣起球吗"), not only the product of the order talked about
        found = candidates(text)  # "199那个男士牛仔裤 什么料的": of the two jeans, the men's is named
        kind = category_in(text)
        # "我妈在内蒙古…想给她买件羽绒服": a down jacket wished; the jerky named 内蒙古 is not asked about
        of_the_kind = {p.sku for p in products_for(kind)} if kind else set()
        wished_kind = a_wish or (
            (is_a_wish(text) or bool(BUYS_FOR_SOMEONE.search(text))) and not WHAT_IT_HOLDS.search(text)
        )
        another_kind = wished_kind and bool(kind) and bool(found) and not any(p.sku in of_the_kind for p in found)
        found = [] if another_kind else [p for p in found if p.sku in of_the_kind] if wished_kind and kind else found
        # (a wish's kind word names no one product: "想买双女款跑鞋" is not the one whose name has 跑鞋)
        kind_word = surface("product_category", text) if a_wish else None
        apart = text.lower().replace(kind_word, " ") if kind_word else text
        names_one = len(found) == 1 or (len(found) > 1 and not budget_told and len(named_apart(apart, found)) == 1)
        # "有白色的吗", "有红色的吗" on a card: a colour of that product, no search of all the shop
        variant = bool(set(services.attribute_words().asked(text)) & VARIANT_ATTRIBUTES) and not kind
        if budget_told and mentions(text, FOR_SOMEONE_ELSE_WORDS):
            variant = False  # "男朋友也想要一条 有男款吗 200以内": a wish for him, not this one's sizes
        one = found if len(found) == 1 else named_apart(text, found) if BUYS_FOR_SOMEONE.search(text) else []
        one = [] if another_kind else one
        no_budget = not parse_budget_range(text)  # "给我老公买双跑鞋 300以内": a search under 300
        if len(one) == 1 and BUYS_FOR_SOMEONE.search(text) and no_budget and not asks_beyond_its_name(text, one[0]):
            # "给刚工作的朋友买个通勤包": that product shown (its 通勤 asks no 适用场景)
            return show_the_one_product(dispatcher, tracker, one[0]) + [SlotSet("requested_slot", None)]
        if WHICH_ONE.search(text) and needs_wished(text):
            compared = compare_the_shown(dispatcher, tracker)  # "她皮肤干 哪个补水" right after two were shown
            if compared is not None:
                return compared + [SlotSet("requested_slot", None)]
        if not a_wish and not names_one and tells_a_need(text):
            # "她是干皮 冬天脸起皮" right after skincare was shown: told, not asked; what meets it
            for_a_need = recommend_for_a_need(dispatcher, tracker)
            if for_a_need is not None:
                return for_a_need + [SlotSet("requested_slot", None)]
        if find_order_ids(text) and mentions(to_simplified(text), PARCEL_ASKED_WORDS):
            # "4630… 养生壶怎么好几天没动静了": that order's parcel, before any need its words tell
            from actions.parcel import ActionTrackParcel  # parcel imports products, which imports this

            return await ActionTrackParcel().run(dispatcher, tracker, domain) + [SlotSet("requested_slot", None)]
        focus = product_in_focus(tracker)
        # "那推荐个防晒吧 夏天通勤用": the one sunscreen recommended, its 通勤 a wish, not a question
        asked_to_recommend = mentions(text, ("推荐", "介绍一款", "介绍个")) and not asks_price(text)
        wished_one = MORE_OF_IT.search(text) or asked_to_recommend
        if len(found) == 1 and wished_one and (focus is None or found[0].sku != focus.sku):
            # "有没有更保暖点的 他怕冷 北方的" after a jacket: the one warmer product found, shown as
            # a recommendation, not its 充绒量 answered as if it had been asked about
            return show_the_one_product(dispatcher, tracker, found[0]) + [SlotSet("requested_slot", None)]
        # ("给我爷爷买条围巾 要暖和点的" is a wish too: not the warmth of each scarf)
        about_one = not wished_kind or names_one or variant or OTHER_VARIANT.search(text)
        about_one = about_one and not another_person_wished(tracker)
        if (
            about_one and not another_kind and asks_about_a_product(tracker, or_one_of_several=True)
        ):  # "有几个口" on a card, "这卫衣起球吗": answered, the form ends
            return answer_product_question(dispatcher, tracker) + [SlotSet("requested_slot", None)]
        compared = compare_the_shown(dispatcher, tracker)
        if compared is not None:
            return compared + [SlotSet("requested_slot", None)]
        wished = None if another_kind else the_one_product_asked(text)
        if wished:  # "书包有推荐的吗 护脊的", "我妈血糖有点高 想给她买点吃的": the one that fits, no budget asked
            return show_the_one_product(dispatcher, tracker, wished) + [SlotSet("requested_slot", None)]
        few = recommend_the_few_wished(dispatcher, tracker)
        if few is not None:  # "纸尿裤买哪种好": the two there are, no budget asked
            return few + [SlotSet("requested_slot", None)]
        from actions.handoff import MISSING_ITEM  # handoff imports what imports this module

        if ASKS_WHAT_THE_BOT_DOES.search(to_simplified(text)) and not category_in(text):
            dispatcher.utter_message(response="utter_what_i_can_do")  # "你好 你能干啥呀" read as a wish
            return [SlotSet("requested_slot", None)]
        if MISSING_ITEM.search(text):  # "那单卫衣跟牛仔裤 牛仔裤没收到 就一件卫衣": an item missing
            from actions.order_problem import ActionAnswerOrderProblem

            return await ActionAnswerOrderProblem().run(dispatcher, tracker, domain) + [SlotSet("requested_slot", None)]
        if find_order_ids(text):  # "請問我的吹風機發貨了嗎 9036…": about an order, not a wish
            from actions.parcel import ActionTrackParcel  # parcel imports products, which imports this

            return await ActionTrackParcel().run(dispatcher, tracker, domain) + [SlotSet("requested_slot", None)]
        if asks_arrival(text) and not (category_in(text) or parse_budget_range(text)):
            # "给我妈的生日礼物 下周三之前能到不": a shipping question, not a wish for a gift
            from actions.shipping import ActionAnswerShippingTime  # shipping imports products, which imports this

            return await ActionAnswerShippingTime().run(dispatcher, tracker, domain) + [SlotSet("requested_slot", None)]
        intent = (tracker.latest_message.get("intent") or {}).get("name")
        # "吃的也算了 预算300" turns a kind down; "羽绒服不要了 先不买了" still leaves
        leaving = leaves_form(text) and (not excluded_in(text)[0] or mentions(text, ("不买", "不看了", "不挑了")))
        # "随便看看 有啥推荐的" asks ("我不要推荐 我就问问" leaves)
        leaving = leaving and not mentions(text, ("有啥推荐", "有什么推荐", "有推荐", "推荐一下", "推荐下", "帮我推荐"))
        budget_given = tracker.get_slot("requested_slot") == "budget" and bool(parse_budget_range(text))  # "200-300吧"
        if leaving or (intent in ("thank", "goodbye") and not budget_given):  # "不买了", "好吧 谢谢": no more
            dispatcher.utter_message(response="utter_recommend_stopped")
            return [SlotSet("requested_slot", None)]
        wishes = narrowed_wishes(tracker)
        if wishes:
            return [SlotSet(slot, value) for slot, value in wishes.items()] + [SlotSet("requested_slot", None)]
        for_a_need = None if parse_budget_range(text) else recommend_for_a_need(dispatcher, tracker)
        if for_a_need is not None:  # "她皮肤特别干 冬天脸紧绷" right after skincare was shown
            return for_a_need + [SlotSet("requested_slot", None)]
        turned_down = excluded_in(text)[0]
        if turned_down:  # "衣服就不要了 她衣服太多了" before anything was shown: left out, the form goes on
            kept = sorted(set(tracker.get_slot("excluded_kinds") or ()) | set(turned_down))
            return [SlotSet("excluded_kinds", kept)] + await super().run(dispatcher, tracker, domain)
        events = await super().run(dispatcher, tracker, domain)
        if few_enough_to_show(tracker, events):  # shown at once, no budget asked: any price, the form done
            asked = [e for e in events if e.get("event") == "slot" and e.get("name") == "requested_slot"]
            events = [e for e in events if e not in asked] + [SlotSet("budget", any_price())]
            events.append(SlotSet("requested_slot", None))
        return events

    async def get_validation_events(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> List[Dict[Text, Any]]:
        """rasa_sdk keeps only the slots the form requires; who the gift is for and the lower end
        of the budget are never asked for but must be kept when the shopper says them."""
        events = await super().get_validation_events(dispatcher, tracker, domain)
        validated = {event["name"] for event in events}
        said = tracker.slots_to_validate()
        return events + [SlotSet(slot, said[slot]) for slot in SAID_NOT_ASKED if slot in said and slot not in validated]

    async def extract_product_category(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> Dict[Text, Any]:
        turned_down, text = excluded_in(tracker.latest_message.get("text") or "")  # "吃的算了" names no kind
        category = category_in(text)
        if category:
            return {"product_category": category}
        if turned_down and answers_question("product_category", tracker):
            return {"product_category": ANY}  # "衣服不要" asked which kind: any other kind
        focus = compares_with_the_focus(tracker)
        if focus and not tracker.get_slot("product_category"):
            return {"product_category": focus.category}  # "那有没有更暖和的 预算2k" on a down jacket's card
        return {"product_category": text} if answers_question("product_category", tracker) else {}

    async def extract_budget(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> Dict[Text, Any]:
        """The budget range; who the gift is for is read here too, since the form never asks it."""
        text = tracker.latest_message.get("text") or ""
        found = parse_budget_range(text)
        recipient = canonical("recipient", text) or person_referred_to(tracker)
        extracted = {"recipient": recipient} if recipient else {}
        if found:
            return {**extracted, "budget": str(found[1]), "budget_min": float(found[0])}
        if any(word in text for word in CHEAP_WORDS):
            return {**extracted, "budget": str(cheap_budget(tracker.get_slot("product_category"))), "budget_min": 0.0}
        if mentions(text, ANY_BUDGET_WORDS):  # "预算不限": any price, the needs choose
            return {**extracted, "budget": str(any_price()), "budget_min": 0.0}
        if excluded_in(text)[0]:  # "衣服就不要了 她衣服太多了" asked the budget: no budget said, asked again
            return extracted
        money_said = mentions(text, ("钱", "预算", "贵", "价"))  # "不过我是学生 钱不多": no budget to drop
        # (read as a new request too: "给他买点吃的吧 他就爱吃零嘴" is still about the gift asked for)
        intent = (tracker.latest_message.get("intent") or {}).get("name")
        asked = answers_question("budget", tracker) or (
            tracker.get_slot("requested_slot") == "budget" and intent == "request_recommendation"
        )
        if asked and not money_said and (category_in(text) or needs_wished(text)):
            # "她喜欢化妆品" asked the budget: a kind or need instead of an amount is an answer too; the
            # budget is not asked twice, what fits is shown at any price
            return {**extracted, "budget": str(any_price()), "budget_min": 0.0}
        return {**extracted, "budget": text} if answers_question("budget", tracker) else extracted

    def validate_product_category(
        self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> Dict[Text, Any]:
        categories = services.shop().categories()
        category = category_in(str(value))
        if category in categories or category in services.shop().policy.category_groups:
            return {"product_category": category}
        if tracker.get_slot("recipient") or any(word in str(value) for word in ANY_CATEGORY):
            return {"product_category": ANY}
        dispatcher.utter_message(response="utter_category_unknown", categories="、".join(categories[:8]))
        return {"product_category": None}

    def validate_recipient(
        self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> Dict[Text, Any]:
        recipient = canonical("recipient", value) or str(value).strip()[:12]
        return {"recipient": recipient or None}

    def validate_budget(
        self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> Dict[Text, Any]:
        budget = parse_budget(value)
        if budget is None:
            dispatcher.utter_message(response="utter_budget_invalid")
            return {"budget": None}
        return {"budget": str(budget)}


# "你们家主要卖啥的啊", "都有些什么东西卖": what the shop sells (not "有什么优惠").
SELLS_WHAT = re.compile(r"卖(?:些)?(?:啥|什么|哪些)|主要卖|有(?:些)?(?:哪些|什么|啥)(?:东西|商品|产品|货)")
MAX_CATEGORIES_LISTED = 12


def asks_what_the_shop_sells(text: str) -> bool:
    text = to_simplified(text)  # not "有哪些产品能用券"
    return bool(SELLS_WHAT.search(text)) and not mentions(text, ("券", "活动", "优惠", "满减", "包邮"))


def answer_what_the_shop_sells(dispatcher: CollectingDispatcher) -> List[Dict[Text, Any]]:
    """The kinds of the catalogue, in its own order (the storefront's), and an invitation to say
    for whom and how much."""
    kinds = list(dict.fromkeys(product.category for product in services.shop().list_products()))
    dispatcher.utter_message(response="utter_shop_sells", categories="、".join(kinds[:MAX_CATEGORIES_LISTED]))
    return []


class ActionRecommendProducts(Action):
    def name(self) -> Text:
        return "action_recommend_products"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> List[Dict[Text, Any]]:
        category, recipient, budget, budget_min = (tracker.get_slot(slot) for slot in RECOMMEND_SLOTS)
        if not budget:
            return []
        last = tracker.get_slot("last_recommendation")
        needs = needs_told(tracker)
        if not needs and last and still_choosing(tracker, last):
            needs = kept_needs(last, category)  # "还有别的吗" after sugar-free snacks: sugar-free still
        minimum = 0.0 if needs else float(budget_min or 0)
        turned_down = tracker.get_slot("excluded_kinds")
        excluded = sorted(set(excluded_now(tracker)) | set(turned_down or ()) | set(too_old_for_baby_things(tracker)))
        who = who_for(tracker)
        # "有没有500以内的羽绒服" on a grown-up's down coat's card, for nobody named: no children's coat
        who["for_adults"] = who["for_adults"] or (recipient is None and on_a_grown_ups_card(tracker))
        found = recommend(dispatcher, category, recipient, int(budget), minimum, last, needs, False, excluded, **who)
        return found + ([SlotSet("excluded_kinds", None)] if turned_down else [])  # kept in last_recommendation


MAX_GROUP_MEMBERS_NAMED = 3
# a kind this small is named whole in the budget question; more would read as a list to scroll
MAX_PRODUCTS_NAMED = 3


def suited_of_the_kind(tracker: Tracker, category: Optional[str], recipient: Optional[str]) -> List[Product]:
    """The products of the kind that suit the person (all of the kind when none is listed for them)."""
    policy = services.shop().policy
    side = side_told(tracker, recipient)
    kinds = [p for p in products_for(category) if not policy.made_only_for_the_other_side(p, side, recipient)]
    # (none listed for them, "朋友生二胎 母婴用品": the kind's own, for the baby)
    return ([p for p in kinds if recipient in p.recipients] if recipient else kinds) or kinds


def few_enough_to_show(tracker: Tracker, events: List[Dict[Text, Any]]) -> bool:
    """Whether the kind wished holds no more for the person than one answer shows ("帮我看看适合男朋友
    的T恤": one), so that a budget would change nothing; with the slots the form has just filled."""
    filled = {e["name"]: e["value"] for e in events if e.get("event") == "slot"}
    slot = lambda name: filled[name] if name in filled else tracker.get_slot(name)  # noqa: E731
    category = slot("product_category")
    if category in (None, ANY) or slot("budget") or needs_told(tracker):
        return False
    return (
        0 < len(suited_of_the_kind(tracker, category, slot("recipient"))) <= services.shop().policy.recommend_max_items
    )


class ActionAskBudget(Action):
    """The form's budget question; for a kind already told ("她喜欢口红"), with how many of it
    suit the person and their price range, so the kind is heard and the budget easy to say."""

    def name(self) -> Text:
        return "action_ask_budget"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> List[Dict[Text, Any]]:
        category, recipient = tracker.get_slot("product_category"), tracker.get_slot("recipient")
        policy = services.shop().policy
        suited = suited_of_the_kind(tracker, category, recipient)
        if category in (None, ANY) or len(suited) < 2:
            dispatcher.utter_message(response="utter_ask_budget")
            return []
        low, high = min(p.price for p in suited), max(p.price for p in suited)
        members = policy.category_groups.get(category) or ()  # "他爱跑步": 运动鞋, not "跑步"
        named = "、".join(members) if 0 < len(members) <= MAX_GROUP_MEMBERS_NAMED else category
        kind = f"适合{recipient}的{named}" if recipient and recipient in suited[0].recipients else named
        prices = {"kind": kind, "count": len(suited), "low": f"{low:g}", "high": f"{high:g}"}
        if len(suited) <= MAX_PRODUCTS_NAMED:  # "给孩子买件衣服": the three are named, so the shopper sees them
            items = "、".join(p.name for p in sorted(suited, key=lambda p: p.price))
            dispatcher.utter_message(response="utter_ask_budget_of_few", items=items, **prices)
        else:
            dispatcher.utter_message(response="utter_ask_budget_of_kind", **prices)
        return []


def kept_needs(last: Optional[Dict[str, Any]], category: Optional[str]) -> List[str]:
    """The needs of the last recommendation, when the search goes on in the same kind; not when
    no product met them ("那就普通T恤吧" after no T-shirt for 爱出汗: a plain one will do)."""
    if last and (category or ANY) == last.get("category") and last.get("shown") != []:
        return list(last.get("needs") or ())
    return []


# "补水的不要了", "不要补水的", "她不是干皮", "哪个不适合干皮": a need turned down or denied, not told
NEED_DENIED = re.compile(
    r"不(?:爱|喜欢|怎么|太|常)?(?:跑步|跑|健身|运动|化妆|养生)|"  # "他五十多了 不跑步 围巾咋样"
    r"(?:不要|不想要|别要|不是|不适合|不用|不需要|不太需要)\s*\w{0,6}|[^\W不]{1,6}?的?(?:就)?(?:不要了|不用了|不需要了?)"
)


def needs_wished(text: str) -> List[str]:
    """The needs the message tells, leaving out those it turns down or denies."""
    return list(services.needs().named_in([NEED_DENIED.sub(" ", to_simplified(text))]))


def recommend_for_a_need(dispatcher: CollectingDispatcher, tracker: Tracker) -> Optional[List[Dict[Text, Any]]]:
    """Right after a recommendation, a need told outside the form ("他血糖有点高 吃的有没有合适的",
    read as a complaint): the same search, for what meets it; None when no need is told."""
    needs = needs_wished(tracker.latest_message.get("text") or "")
    last = tracker.get_slot("last_recommendation")
    if not (needs and last and still_choosing(tracker, last)):
        return None
    wishes = narrowed_wishes(tracker) or {
        "product_category": last.get("category") or ANY,
        "recipient": last.get("recipient"),
        "budget": str(last["budget"]),
    }
    category, recipient, budget = wishes["product_category"], wishes["recipient"], int(wishes["budget"])
    more = asks_for_more(tracker.latest_message.get("text") or "")  # "还有别的吗 他还喜欢健身": not those again
    excluded = excluded_now(tracker)
    return recommend(
        dispatcher,
        category,
        recipient,
        budget,
        0.0,
        last,
        needs,
        excluded=excluded,
        not_again=more,
        **who_for(tracker),
    )


# "有没有淡一点的", "有没有小一点的": another of the kind in focus, a little different
OTHER_OF_THE_KIND = re.compile(r"有没有\S{1,4}?(?:一点|一些|点)的|有\S{1,4}?(?:一点|一些|点)的(?:吗|么|没)")


def recommend_a_told_wish(dispatcher: CollectingDispatcher, tracker: Tracker) -> Optional[List[Dict[Text, Any]]]:
    """ "孩子上三年级了 想买个护脊的书包 三百以内" read as another topic: a wish that tells its kind
    and budget is recommended at once; None otherwise."""
    from actions.products import product_in_focus  # products imports this module

    text = tracker.latest_message.get("text") or ""
    category, budget = category_in(text), budget_said(text)
    if category is None and is_a_wish(text) and budget and OTHER_OF_THE_KIND.search(to_simplified(text)):
        # "有没有淡一点的 一百多的" on the lipstick box's card: another of its kind, at that price
        focus = product_in_focus(tracker)
        category = focus.category if focus else None
    if not (is_a_wish(text) and category and budget) or find_order_ids(text):
        return None
    needs = needs_wished(text)
    recipient = canonical("recipient", text)
    who = who_for(tracker, category)
    return recommend(dispatcher, category, recipient, int(budget[1]), float(budget[0]), None, needs, **who)


def recommend(
    dispatcher: CollectingDispatcher,
    category: Optional[str],
    recipient: Optional[str],
    budget: int,
    budget_min: float,
    last: Optional[Dict[str, Any]] = None,
    needs: Sequence[str] = (),
    keep_needs: bool = True,
    excluded: Sequence[str] = (),
    not_again: bool = False,
    for_adults: bool = False,
    side: Optional[str] = None,
    turned_down: Sequence[str] = (),
) -> List[Dict[Text, Any]]:
    """At most two products within the budget (and meeting the needs told), one related item,
    the size note and promotion. Asked again for the same ("还有别的吗"), the next ones. Nothing
    within budget: said, and a new budget given next tries again (pending topic). `not_again`:
    asked for more with new wishes, what was shown last is left out all the same. `side`: the
    side told of a recipient that has none (side_told)."""
    backend = services.shop()
    policy = backend.policy
    side = policy.side_of(recipient) or side
    category = category or ANY
    needs_kept = keep_needs and not needs
    if needs_kept:  # callers narrowing the last search ("便宜点的呢") keep what it had to meet
        needs = kept_needs(last, category)
    needs = list(services.needs().for_the_kind(needs, category))
    if category in needs and not any(services.needs().meets(p, needs) for p in products_for(category)):
        # "他还喜欢健身": the liking chose the kinds (policy category_groups) that suit it; the
        # need of the same name (high-protein food) does not narrow them to nothing
        needs = [need for need in needs if need != category]
    wishes = {"category": category, "recipient": recipient, "budget": budget, "budget_min": budget_min}
    wishes["needs"] = list(needs)
    wishes["excluded"] = sorted(excluded)
    remembered_lists = (
        {"needs": list(last.get("needs") or ()), "excluded": sorted(last.get("excluded") or ())} if last else {}
    )
    same_wishes = last and {key: last.get(key) for key in wishes} | remembered_lists == wishes
    already_shown = list(last.get("shown") or ()) if same_wishes or (last and not_again) else []
    max_items = policy.recommend_max_items
    kinds = [p for p in products_for(category) if p.category not in excluded]
    kinds = [p for p in kinds if not services.needs().meets_any(p, turned_down)]
    # ("朋友生宝宝了 送点啥好": a kind only children use is for the child, whoever gives it)
    children = set(policy.only_made_for)
    children_kind = category != ANY and bool(kinds) and all(set(p.recipients) <= children for p in kinds)
    if not children_kind and ((for_adults and recipient is None) or (recipient and recipient not in children)):
        # asked on a grown-up's card, or for a grown-up named: nothing made only for children (with nobody
        # named, "有没有儿童羽绒服", "纸尿裤推荐一下" still find them)
        kinds = [p for p in kinds if not set(p.recipients) <= children]
    # "給我媽買件外套 別太貴": never the men's jacket, even when nothing else is within the budget
    kinds = [p for p in kinds if not policy.made_only_for_the_other_side(p, side, recipient)]
    if recipient in policy.only_made_for:  # "孩子怕冷 想给他买件卫衣": no adult's hoodie instead
        kinds = [p for p in kinds if recipient in p.recipients]
        if not kinds and category != ANY:  # "再给孩子配条围巾": no scarf is a child's, whatever the budget
            dispatcher.utter_message(
                response="utter_recommend_none_for_recipient", recipient=recipient, category=category
            )
            # kept, with nothing shown: "那卫衣呢" next is the same search (the same person, budget) in 卫衣
            remembered = SlotSet("last_recommendation", {**wishes, "shown": []})
            return [SlotSet(slot, None) for slot in RECOMMEND_SLOTS] + [remembered]
    fitting = [p for p in kinds if services.needs().meets(p, needs)]
    if needs and not fitting:  # no product of the kind meets it: said, never a product that does not
        named = category if category not in (None, ANY) else "商品"
        dispatcher.utter_message(
            response="utter_recommend_none_for_need", need=services.needs().labels(needs), category=named
        )
        # kept, with nothing shown: "那卫衣呢" next is the same search (the same person and need) in 卫衣
        remembered = SlotSet("last_recommendation", {**wishes, "shown": []})
        return [SlotSet(slot, None) for slot in RECOMMEND_SLOTS] + [remembered]
    chosen = choose_products(fitting, budget, recipient, max_items, budget_min, already_shown)
    if needs and recipient == ELDERLY and chosen and not any(recipient in p.recipients for p in chosen):
        # "给奶奶 她怕冷 300以内": no warm thing for her within it; what suits her there rather than a
        # young hoodie (the need is dropped, and stays dropped for "还有别的吗")
        unopposed = [p for p in kinds if recipient in p.recipients and not services.needs().goes_against(p, needs)]
        suits = choose_products(unopposed, budget, recipient, max_items, budget_min)
        if suits:
            need, budget_said = services.needs().labels(needs), budget < any_price()
            name = "utter_recommend_need_dropped" if budget_said else "utter_recommend_need_dropped_any_price"
            dispatcher.utter_message(response=name, need=need, recipient=recipient, budget=budget)
            chosen, needs, wishes["needs"] = suits, [], []
    cheaper_wished = bool(last) and budget < int(last.get("budget") or 0)
    liking_only = services.needs().all_dropped_for_price(needs)
    if not chosen and needs_kept and cheaper_wished and liking_only and category not in (None, ANY):
        # "有点贵 有便宜点的吗" after the one gown for 年会: none cheaper meets it, so the cheaper
        # ones of the kind, said to be without it (not "这一类最实惠的是" the gown); "还有别的吗"
        # after the one snack for 血糖 is still only what meets it
        plain = choose_products(kinds, budget, recipient, max_items, budget_min, already_shown)
        if plain:
            need = services.needs().labels(needs)
            dispatcher.utter_message(response="utter_recommend_need_only_those", need=need, category=category)
            chosen, needs, wishes["needs"] = plain, [], []
    if not chosen and already_shown:
        # "她在哈尔滨 特别冷" after the long down coat: that one, named again
        still_fits = [p.name for p in fitting if p.sku in already_shown and budget_min <= p.price <= budget]
        named = "、".join(still_fits[:2]) or "那几款"
        dispatcher.utter_message(response="utter_recommend_no_more", name=named)
        return [SlotSet(slot, None) for slot in RECOMMEND_SLOTS]
    if not chosen and budget_min and is_around(budget_min, budget) and category not in (None, ANY) and fitting:
        # "有没有新款连衣裙 200左右": none at about that price, the ones priced nearest (one a
        # little above, one below), rather than only "放宽预算"; a range with both ends said
        # ("200-300的口红") keeps them
        def distance(product: Product) -> float:
            return max(budget_min - product.price, product.price - budget, 0)

        near = budget * NEAREST_WITHIN
        shown_before = set((last or {}).get("shown") or ())  # all shown, not only for the same wishes
        unshown = [p for p in fitting if p.sku not in shown_before and distance(p) <= near]
        if recipient:  # only what suits them, as within the budget (no women's coat for a father)
            unshown = [p for p in unshown if recipient in p.recipients]
        chosen = sorted(unshown, key=distance)[:NEAREST_SHOWN]
        if chosen:
            dispatcher.utter_message(response="utter_recommend_none_nearest", category=category)
    several_kinds = len({p.category for p in fitting}) > 1
    given = recipient is not None and recipient != SELF  # a gift ("我自己穿": none to give together)
    if not chosen and budget_min and several_kinds and category in policy.category_groups and given:
        # "同事刚生了宝宝 送点啥好 三四百块": no baby thing costs that much; the dearest of the cheaper
        # ones, which can be given together, rather than "没有合适的"
        cheaper = [p for p in fitting if p.price < budget_min and p.sku not in already_shown]
        cheaper = [p for p in cheaper if suits_recipient(p, recipient) or children_kind]
        chosen = sorted(cheaper, key=lambda p: -p.price)[:NEAREST_SHOWN]
        if chosen:
            dispatcher.utter_message(response="utter_recommend_none_cheaper_together")
    if not chosen:
        named = category if category not in (None, ANY) else "商品"
        # the cheapest that suits the person ("500以内有吗" for oneself: not the coat made for the elderly)
        for_them = [p for p in fitting if suits_recipient(p, recipient)] or fitting
        cheapest = min(for_them, key=lambda p: p.price, default=None) if category != ANY else None
        if cheapest and cheapest.price > budget:  # "羽绒服有吗" all over budget: what the cheapest costs
            dispatcher.utter_message(
                response="utter_recommend_none_cheapest",
                budget=budget,
                category=named,
                name=cheapest.name,
                price=f"{cheapest.price:g}",
            )
        else:
            dispatcher.utter_message(response="utter_recommend_none", budget=budget, category=named)
        # "那个多少钱" next is about the cheapest one just named
        focus = SlotSet("product_in_focus", cheapest.sku if cheapest and cheapest.price > budget else None)
        return [SlotSet("budget", None), SlotSet("budget_min", None), SlotSet("pending_topic", "recommend"), focus]
    just_shown = list((last or {}).get("shown") or ())[-len(chosen) :]
    same_person = (last or {}).get("recipient") == recipient  # "我爸也要一件": shown again, for him
    # "两百以内" after the one sunscreen was shown
    if len(chosen) == 1 and [chosen[0].sku] == just_shown and same_person:
        product = chosen[0]
        if budget >= any_price():  # no budget was told: none is named ("1600元以内" was made up)
            dispatcher.utter_message(response="utter_recommend_same_shown", name=product.name)
        else:
            dispatcher.utter_message(response="utter_recommend_same_fits", budget=budget, name=product.name)
        return [SlotSet(slot, None) for slot in RECOMMEND_SLOTS] + [SlotSet("product_in_focus", product.sku)]
    if recipient and not same_person and {p.sku for p in chosen} & set(just_shown):
        # "我爸也要一件" after mum's coat: the same coat suits him; said, so it reads as an answer for him
        dispatcher.utter_message(response="utter_recommend_also_for", recipient=recipient)
    for product in chosen:
        say_recommended(dispatcher, product)
    # not one shown just before, in this search or another ("再看看纸尿裤" after the bottle: not the bottle)
    shown_before = already_shown + [sku for sku in (last or {}).get("shown") or () if sku not in already_shown]
    related = related_within(chosen, budget, backend, shown_before, recipient, budget_min)
    if related and policy.made_only_for_the_other_side(related, side, recipient):
        related = None
    if related and services.needs().meets(related, needs) and related.category not in excluded:
        dispatcher.utter_message(response="utter_recommend_related", name=related.name, price=f"{related.price:g}")
    if {p.category for p in chosen} & set(policy.size_sensitive_categories):
        dispatcher.utter_message(response="utter_recommend_size_note")
    if policy.promotion_active(services.now()):
        dispatcher.utter_message(response="utter_recommend_promotion", promotion=policy.promotion_name)
    remembered = SlotSet("last_recommendation", {**wishes, "shown": already_shown + [p.sku for p in chosen]})
    # The new recommendation is what "这个" means now: the one product shown, else none (which asks).
    focus = SlotSet("product_in_focus", chosen[0].sku if len(chosen) == 1 else None)
    return [SlotSet(slot, None) for slot in RECOMMEND_SLOTS] + [SlotSet("pending_topic", None), remembered, focus]
