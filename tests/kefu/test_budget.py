"""Budgets as shoppers write them."""

import pytest

from kefu.budget import parse_budget, parse_budget_range


@pytest.mark.parametrize(
    "text,amount",
    [
        ("300", 300),
        ("300以内吧", 300),
        ("两百左右", 200),
        ("三百五", 350),
        ("1k", 1000),
        ("一千块", 1000),
        ("预算 150 哈", 150),
        ("¥500", 500),
        ("预算5百左右吧", 500),  # a digit before 百
    ],
)
def test_budgets_as_shoppers_write_them(text, amount):
    assert parse_budget(text) == amount


@pytest.mark.parametrize("text", ["看着办", "随便", ""])
def test_no_amount_means_no_budget(text):
    assert parse_budget(text) is None


@pytest.mark.parametrize(
    "text,low,high",
    [
        ("200-300的", 200, 300),
        ("两三百吧", 190, 300),  # in round figures: ¥199 is in it
        ("五六十块的零食", 47, 60),
        ("一百块左右的", 60, 110),
        ("百来块", 80, 130),  # about a hundred, often a little more: a ¥129 gift is in it
        ("两百来块的", 160, 260),
        ("一百多", 100, 199),
        ("300以内", 0, 300),
        ("500以上的", 500, 2500),
        ("一百以上三百以下", 100, 300),
        ("两百以上 别超过五百", 200, 500),
        ("五六百以内", 0, 600),
        ("三百五六十", 0, 360),  # not "五六十": the neighbours belong to a larger number
        ("2百到3百", 200, 300),  # digits with a unit at both ends
    ],
)
def test_budget_ranges_as_shoppers_mean_them(text, low, high):
    assert parse_budget_range(text) == (low, high)


@pytest.mark.parametrize("text", ["给我妈买的裙子发货了没呀 4417062395810264", "电话13812345678"])
def test_an_order_or_phone_number_is_no_budget(text):
    assert parse_budget(text) is None and parse_budget_range(text) is None


@pytest.mark.parametrize("text", ["好的 那我再加个防晒凑一下", "等一下", "买两件", "看一看"])
def test_a_lone_chinese_digit_is_a_count_not_money(text):
    """ "凑一下" was read as a budget of ¥1 and nothing was found "1元以内"."""
    assert parse_budget_range(text) is None


def test_a_lone_digit_before_kuai_is_money():
    assert parse_budget_range("三块") == (0, 3) and parse_budget_range("买两件 两百以内") == (0, 200)


@pytest.mark.parametrize(
    "text,budget",
    [
        ("儿子8岁 上学穿 想买件卫衣 一百左右的", (60, 110)),
        ("给3-5岁孩子买 100左右", (60, 110)),
        ("165cm 120斤 500以内的裙子", (0, 500)),
        ("买3件 每件50以内", (0, 50)),
        ("孩子8岁", None),
        ("他平时爱跑步 周末都去跑个10公里", None),  # a distance: once "10元以内暂时没有合适的跑步"
        ("想给我妈买个生日礼物 三百以内 她五十多岁", (0, 300)),
        ("给我妈挑条裙子 她五十多 预算三百以内", (0, 300)),  # once read as 50-59 yuan
        ("我爸今年60了 两百左右吧", (120, 220)),
        ("他100以内就行", (0, 100)),  # money, not an age
        ("再给她配条围巾 过年送她 五百以内", (0, 500)),  # once read as 100: "她 五" taken for an age
        ("送他 300多块以内的", (300, 399)),  # money after 他, read as without it
        ("送妈妈 三百多元的", (300, 399)),
        ("给他 两三百的", (190, 300)),
        ("她三百到五百", (300, 500)),
        ("他500-800", (500, 800)),
        ("我在哈尔滨 冬天零下三十度 想给自己买件羽绒服", None),  # once read as 30 yuan
        ("那边零下20℃ 一千五以内", (0, 1500)),
        ("双11给我妈买个羽绒服 600以内 快推荐", (0, 600)),  # once read as 11 yuan
        ("双十二有啥推荐 300左右", (180, 330)),
        ("618买点零食", None),
        ("预算618元", (0, 618)),  # money, said as such
        ("给我爸买双110以内的鞋", (0, 110)),  # 双 counts the pair here
        ("女朋友在哈尔滨读书 零下二十几度 想给她买件最暖的羽绒服 预算两千", (0, 2000)),  # once read as 20
    ],
)
def test_ages_sizes_and_counts_are_no_budget(text, budget):
    assert parse_budget_range(text) == budget


@pytest.mark.parametrize("text", ["满299送啥", "满199减20的券能用吗", "满99包邮吗"])
def test_a_promotions_threshold_is_no_budget(text):
    """ "满299送啥" right after a recommendation was read as a new ¥299 budget."""
    assert parse_budget_range(text) is None


@pytest.mark.parametrize(
    "text,said",
    [("女款有37吗", None), ("有42的吗", None), ("200的呢", (0, 200)), ("40块以内的", (0, 40)), ("三十左右", (18, 33))],
)
def test_a_bare_small_number_is_a_size_not_a_budget(text, said):
    from kefu.budget import budget_said

    found = budget_said(text)
    assert (found is None) == (said is None) and (said is None or found[1] == said[1])


@pytest.mark.parametrize(
    "text, budget",
    [
        ("899超预算了 三百以内吧", (0, 300)),  # once read as 899, the price turned down
        ("那个599的太贵 两百左右有没有", (120, 220)),
        ("一百以上三百以下", (100, 300)),  # both ends said: still the range
        ("200以内的都看过了 300以内呢", (0, 300)),  # not the one turned down
        ("有没有300以内的 不要100以下的", (0, 300)),
        ("三百以内吧 之前两百左右的不喜欢", (0, 300)),
        ("之前说200以内 现在改成300以内", (0, 300)),  # the last said, when none is turned down
        ("200以内太少了 500以内吧", (0, 500)),
    ],
)
def test_the_amount_with_a_limit_is_the_budget_not_a_price_named_beside_it(text, budget):
    assert parse_budget_range(text) == budget


@pytest.mark.parametrize("text", ["她平时75B", "穿80c的"])
def test_a_bra_size_is_no_budget(text):
    """ "她平时75B" after a bra was shown once got "75元以内暂时没有合适的内衣"."""
    assert parse_budget_range(text) is None


@pytest.mark.parametrize("text,budget", [("预算500 A字裙有吗", (0, 500)), ("预算200 c位同款", (0, 200))])
def test_a_letter_after_a_budget_is_no_bra_size(text, budget):
    assert parse_budget_range(text) == budget


@pytest.mark.parametrize(
    "text,expected",
    [
        ("那个老人穿的羽绒衣 奶奶160 一百二十斤左右 拿几码合适", None),  # a height and a weight: no budget
        ("预算180 他120斤", (0, 180)),  # the budget said as one
        ("她160 120斤 预算150左右", (90, 165)),
    ],
)
def test_a_height_beside_a_weight_is_no_budget(text, expected):
    """ "奶奶160 一百二十斤左右 拿几码合适" was read as a budget of ¥96–176."""
    from kefu.budget import budget_said

    assert budget_said(text) == expected
