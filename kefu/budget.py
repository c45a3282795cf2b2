"""Budgets as shoppers write them: '300以内', '1k', '两百左右', '¥500', '三百五'."""

import re
from typing import Any, Optional, Tuple

CHINESE_DIGITS = {
    "零": 0,
    "一": 1,
    "二": 2,
    "两": 2,
    "俩": 2,
    "三": 3,
    "四": 4,
    "五": 5,
    "六": 6,
    "七": 7,
    "八": 8,
    "九": 9,
}
CHINESE_UNITS = {"十": 10, "百": 100, "千": 1000, "万": 10000}
MULTIPLIERS = {"k": 1000, "K": 1000, "百": 100, "千": 1000, "w": 10000, "W": 10000, "万": 10000}
ARABIC_AMOUNT = re.compile(r"(\d+(?:\.\d+)?)\s*([kK百千wW万]?)")  # "5百" is 500
CHINESE_AMOUNT = re.compile(r"[零一二两俩三四五六七八九十百千万]+")
# Order and phone numbers are no budget ("给我妈买的裙子发货了没 4417062395810264").
LONG_NUMBER = re.compile(r"\d{8,}")
# Ages, sizes, weights, counts, days and temperatures are no budget either ("儿子8岁 想买件卫衣 一百左右的",
# "冬天零下三十度 想买件羽绒服").
_NUMBER = r"(?:\d+(?:\.\d+)?|[零一二两俩三四五六七八九十百]+)"
NOT_MONEY = re.compile(
    rf"{_NUMBER}(?:\s*(?:-|~|～|到|至)\s*{_NUMBER})?(?:多|来|几)?\s*"
    r"(?:周岁|岁|cm|厘米|公分|斤|kg|公斤|码|寸|个月|月|天|件|条|双|片|支|克|g|ml|毫升|升|mah|毫安|年级|小时|分钟|度|℃|°|公里|千米|km|里地|楼|层|号线|路公交)",
    re.IGNORECASE,
)
# A bra size, band and cup written together: "她平时75B" (not "预算500 A字裙")
BRA_SIZE = re.compile(r"(?<!\d)(?:6[5-9]|[7-9]\d|1[01]\d)[a-gA-G](?![a-zA-Z])")


# An age said without 岁 after the person ("给我妈挑条裙子 她五十多 预算三百以内").
AGE = re.compile(
    rf"(?:她|他|我妈|我爸|妈妈|爸爸|老人家?|今年|年纪)\s*(?:都|已经|也|快)?\s*{_NUMBER}(?:多|来)?"
    r"(?![零一二两俩三四五六七八九十百千万\d多来的]|\s*(?:块|元|以内|以下|左右|上下|到|至|-|~|～|[kKwW]))"
)


# A promotion's threshold or discount ("满299送啥", "满199减20") is no budget.
PROMOTION_AMOUNT = re.compile(rf"[满减]\s*{_NUMBER}(?:\s*[元块])?")


# A promotion's day ("双11给我妈买个羽绒服 600以内", "618买点零食") is no budget.
PROMOTION_DAY = re.compile(
    r"双\s*(?:11|12|十一|十二)(?![\d十百千元块])|(?<![\d.])(?:11\.11|12\.12|6\.18|618)(?![\d.]|\s*[元块])"
)


# "奶奶160 一百二十斤左右": beside a weight, a bare 140-199 is a height in cm, not a price
WEIGHT = re.compile(r"斤|kg|公斤", re.IGNORECASE)
BARE_HEIGHT = re.compile(
    r"(?<![\d.])(?<!预算)(?<!预算是)(?<!预算在)(?<!价位)(?<!价格)(?<!¥)1[4-9]\d(?![\d.]|\s*(?:块|元|以内|以下|左右|上下))"
)


def without_other_numbers(text: str) -> str:
    text = PROMOTION_DAY.sub(" ", LONG_NUMBER.sub(" ", text))
    if WEIGHT.search(text):
        text = BARE_HEIGHT.sub(" ", text)
    return PROMOTION_AMOUNT.sub(" ", AGE.sub(" ", NOT_MONEY.sub(" ", BRA_SIZE.sub(" ", text))))


def chinese_number(text: str) -> Optional[int]:
    """'三百五' -> 350, '两千' -> 2000, '五百' -> 500."""
    total, current, last_unit = 0, 0, 1
    for char in text:
        if char in CHINESE_DIGITS:
            current = CHINESE_DIGITS[char]
        elif char in CHINESE_UNITS:
            unit = CHINESE_UNITS[char]
            total += (current or 1) * unit
            current, last_unit = 0, unit
    if current:  # '三百五' means 350: a trailing digit counts in the next lower unit
        total += current * (last_unit // 10 if last_unit >= 100 else 1)
    return total or None


def parse_budget(text: Any) -> Optional[int]:
    """The upper amount in yuan, or None when the text names no amount."""
    text = without_other_numbers(str(text))
    match = ARABIC_AMOUNT.search(text)
    if match:
        amount = float(match.group(1)) * MULTIPLIERS.get(match.group(2), 1)
        return int(amount) if amount > 0 else None
    for match in CHINESE_AMOUNT.finditer(text):
        # A lone digit is a count, not money ("凑一下", "买两件"), unless 块/元 follows ("三块").
        if any(unit in match.group(0) for unit in CHINESE_UNITS) or text[match.end() : match.end() + 1] in ("块", "元"):
            return chinese_number(match.group(0))
    return None


RANGE = re.compile(
    r"(\d+(?:\.\d+)?[kK百千wW万]?|[零一二两俩三四五六七八九十百千万]+)\s*(?:-|~|～|到|至)\s*"
    r"(\d+(?:\.\d+)?[kK百千wW万]?|[零一二两俩三四五六七八九十百千万]+)"
)
# '两三百', '五六十': two neighbouring digits before one unit
ROUND_LOW_END = 0.95
NEIGHBOURS = re.compile(
    r"(?<![零一二两俩三四五六七八九十百千万\d])([一二两三四五六七八九])([一二两三四五六七八九])([十百千万])"
)
UPPER_WORDS = ("以内", "以下", "不超过", "别超过", "之内")
AROUND_WORDS = ("左右", "上下", "差不多", "大概")
AROUND_LOW, AROUND_HIGH = 0.6, 1.1  # "三百左右" -> 180 to 330
# "一百来块", "两百来元": about that much and often a little more (来 after a round figure)
ODD_WORDS = ("来块", "来元", "百来", "十来", "千来")
ODD_LOW, ODD_HIGH = 0.8, 1.3  # "一百来块" -> 80 to 130
ABOVE_WORDS = ("以上", "往上", "起步", "不低于")
MORE = re.compile(r"[\d十百千万](多|出头)")
AMOUNT = re.compile(
    r"\d+(?:\.\d+)?\s*[kK百千wW万]?|[零一二两俩三四五六七八九十百千万]*[十百千万][零一二两俩三四五六七八九]?"
)
# an amount turned down: "不要100以下的", "两百左右的不喜欢", "200以内的都看过了"
REJECTED = re.compile(r"不要|不喜欢|不想要|看过了|都看过|太贵|超预算|不考虑|太少")


def clause_of(text: str, match: "re.Match[str]") -> str:
    """The clause (between spaces or punctuation) the match stands in."""
    start = max(text.rfind(mark, 0, match.start()) for mark in " ,，。;；!！?？")
    ends = [i for i in (text.find(mark, match.end()) for mark in " ,，。;；!！?？") if i != -1]
    return text[start + 1 : min(ends, default=len(text))]


QUALIFIED = re.compile(
    r"(?:\d+(?:\.\d+)?\s*[kK百千wW万]?|[零一二两俩三四五六七八九十百千万]+)\s*(?:块钱?|元)?\s*"
    r"(?:以内|以下|之内|左右|上下)"
)


def parse_budget_range(text: Any) -> Optional[Tuple[int, int]]:
    """(lowest, highest) price in yuan the shopper means: '200-300' -> (200, 300),
    '三百左右' -> (180, 330), '一百来块' -> (80, 130), '一百多' -> (100, 199), '300以内' or '300' -> (0, 300),
    '两三百' -> (190, 300), '200以上' -> (200, 1000)."""
    text = without_other_numbers(str(text))
    match = RANGE.search(text)
    if match:
        ends = [parse_budget(group) for group in match.groups()]
        if all(ends):
            low, high = sorted(ends)
            return int(low), int(high)
    match = NEIGHBOURS.search(text)
    if match:
        unit = CHINESE_UNITS[match.group(3)]
        low, high = CHINESE_DIGITS[match.group(1)] * unit, CHINESE_DIGITS[match.group(2)] * unit
        # said in round figures: a price a little under the low end is in it (¥299 for 三四百)
        return (0, high) if any(word in text for word in UPPER_WORDS) else (int(low * ROUND_LOW_END), high)
    if not any(word in text for word in ABOVE_WORDS):
        # "899超预算了 三百以内吧": the amount with 以内/左右 is the budget, not a price named beside it
        qualified = [m for m in QUALIFIED.finditer(text) if not REJECTED.search(clause_of(text, m))]
        if qualified and len(AMOUNT.findall(text)) > 1:
            # the last said ("之前说200以内 现在改成300以内"), unless turned down ("不要100以下的")
            text = qualified[-1].group(0)
    amount = parse_budget(text)
    if amount is None:
        return None
    if any(word in text for word in ABOVE_WORDS):
        # "一百以上三百以下": both ends said; "两百以上": up to five times as much
        amounts = [a for a in (parse_budget(part) for part in re.split(r"以上|往上|起步", text)[1:]) if a]
        upper = amounts[0] if amounts and any(word in text for word in UPPER_WORDS) else amount * 5
        return amount, max(upper, amount)
    if any(word in text for word in ODD_WORDS):
        return int(amount * ODD_LOW), int(amount * ODD_HIGH)
    if any(word in text for word in AROUND_WORDS):
        return int(amount * AROUND_LOW), int(amount * AROUND_HIGH)
    if MORE.search(text):
        step = 10 ** (len(str(amount)) - 1)
        return amount, amount + step - 1
    return 0, amount


# "500以内", "三百左右": a budget; "165穿什么码", "腰围68" are not.
BUDGET_WORDS = re.compile(r"元|块|以内|以下|左右|预算|价位|[百千]")
# Below this, a bare number ("女款有37吗", "有42的吗") is a size rather than a budget: the
# shop's prices start above it.
LEAST_BARE_BUDGET = 50


def budget_said(text: str) -> Optional[Tuple[int, int]]:
    """The budget range the text gives, leaving out a bare small number (a size, a weight)."""
    found = parse_budget_range(text)
    if found and found[1] < LEAST_BARE_BUDGET and not BUDGET_WORDS.search(text):
        return None
    return found


def is_around(low: float, high: float) -> bool:
    """Whether (low, high) is a budget said as "N左右" (parse_budget_range), not a range said with
    both ends ("200-300"), whose ends the shopper chose."""
    for low_share, high_share in ((AROUND_LOW, AROUND_HIGH), (ODD_LOW, ODD_HIGH)):
        amount = round(high / high_share)
        if low and int(amount * low_share) == int(low) and int(amount * high_share) == int(high):
            return True
    return False
