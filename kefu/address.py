"""Is a new delivery address complete? (省+市+区+详细地址+收件人+电话, DESIGN.md §1)

The bot cannot change an order; it checks that what a person will copy into the order is
whole, and says which parts are missing.
"""

import re
from typing import List

from kefu.traditional import to_simplified

PHONE = re.compile(r"(?<!\d)1[3-9]\d[\s-]?\d{4}[\s-]?\d{4}(?!\d)")
# Municipalities are a province and a city at once.
MUNICIPALITIES = ("北京", "上海", "天津", "重庆")
PROVINCE = re.compile(r"省|自治区|特别行政区|" + "|".join(MUNICIPALITIES))
PROVINCE_NAMES = (
    "河北|山西|辽宁|吉林|黑龙江|江苏|浙江|安徽|福建|江西|山东|河南|湖北|湖南|广东|海南|四川|贵州|云南|陕西|甘肃|青海"
    "|台湾|内蒙古|广西|西藏|宁夏|新疆|香港|澳门"
)
# Provincial capitals and the largest cities: "南京市鼓楼区…" names its province (江苏) and its city
# by itself, where the address starts (not 南京路 in 宜昌, not 城西安置小区 in 义乌).
CITIES_THAT_NAME_THEIR_PROVINCE = re.compile(
    r"(?:^|(?<=[\s,，:：到寄改送在是址]))"
    "(?:南京|苏州|无锡|杭州|宁波|温州|广州|深圳|东莞|佛山|成都|武汉|西安|长沙|郑州|济南|青岛|合肥|福州|厦门|南昌"
    "|沈阳|大连|长春|哈尔滨|石家庄|太原|昆明|贵阳|南宁|海口|兰州|西宁|银川|乌鲁木齐|拉萨|呼和浩特)"
    r"(?=市|[\u4e00-\u9fff]{1,3}[区县])"
)
CITY = re.compile(r"市|州|盟|地区")
DISTRICT = re.compile(r"区|县|旗|镇|乡")
DETAIL = re.compile(r"路|街|道|号|村|小区|栋|幢|室|单元|弄|巷|大厦|楼|公寓|花园|苑|组")
NAME_LABEL = re.compile(r"(收件人|收货人|姓名|名字)[:：\s]*([\u4e00-\u9fff]{2,4})")
CHINESE_RUN = re.compile(r"[\u4e00-\u9fff]+")

PARTS = ("省份", "城市", "区县", "详细地址", "收件人", "电话")


def missing_parts(text: str) -> List[str]:
    """The parts of 省+市+区+详细地址+收件人+电话 the message lacks, in that order."""
    text = to_simplified(text)
    missing = []
    phone = PHONE.search(text)
    rest = PHONE.sub(" ", text)
    big_city = bool(CITIES_THAT_NAME_THEIR_PROVINCE.search(rest))
    has_province = bool(PROVINCE.search(rest) or re.search(PROVINCE_NAMES, rest)) or big_city
    municipality = any(name in rest for name in MUNICIPALITIES) or big_city
    if not has_province:
        missing.append("省份")
    if not (CITY.search(rest) or municipality or city_between(rest)):
        missing.append("城市")
    if not DISTRICT.search(rest):
        missing.append("区县")
    if not DETAIL.search(rest):
        missing.append("详细地址")
    if not has_receiver(rest):
        missing.append("收件人")
    if not phone:
        missing.append("电话")
    return missing


def city_between(text: str) -> bool:
    """A city named without 市 ("广东深圳南山区"): characters between the province and the district."""
    province = PROVINCE.search(text) or re.search(PROVINCE_NAMES, text)
    district = DISTRICT.search(text, province.end()) if province else None
    return bool(province and district and district.start() - province.end() >= 2)


def has_receiver(text: str) -> bool:
    """A labelled name ("收件人张三"), or a short run of Chinese that is not part of the address:
    after the last address word ("…100号 张三") or standing alone between separators."""
    if NAME_LABEL.search(text):
        return True
    for run in CHINESE_RUN.findall(text):
        tail = run
        last_detail = list(DETAIL.finditer(run))
        if last_detail:
            tail = run[last_detail[-1].end() :]
        elif PROVINCE.search(run) or CITY.search(run) or DISTRICT.search(run):
            continue
        if 2 <= len(tail) <= 4 and not DETAIL.search(tail):
            return True
    return False


# "那算了 不改了 啥时候到北京": the change taken back (the city in it is where the parcel goes anyway).
TAKES_THE_CHANGE_BACK = re.compile(r"不改了|不用改|不改地址|地址不用|不换地址|先不改|还是不改|就不改")


def takes_the_change_back(text: str) -> bool:
    """(not "电话不改了 地址改成上海市浦东新区…", which gives the new address past its city)"""
    text = to_simplified(text)
    gives_more_than_a_city = DISTRICT.search(text) or DETAIL.search(text) or PHONE.search(text)
    return bool(TAKES_THE_CHANGE_BACK.search(text)) and not gives_more_than_a_city


def looks_like_address(text: str) -> bool:
    """At least three of the six parts: the shopper is giving an address, perhaps incomplete."""
    return len(missing_parts(text)) <= 3
