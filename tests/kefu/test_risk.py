"""Risk assessment: angry and high-risk shoppers are escalated, harmless look-alikes are not."""

import pytest
import yaml

from kefu.risk import (
    Turn,
    asks_for_a_person,
    assess_conversation,
    assess_message,
    reaches_a_person,
    safety_advice_response,
)
from kefu.settings import PROJECT_DIR

RISK_DIR = PROJECT_DIR / "tests" / "risk"


def load(name):
    return yaml.safe_load((RISK_DIR / f"{name}.yml").read_text(encoding="utf-8"))["messages"]


def rates(messages):
    risky = [m for m in messages if m["level"] in ("high", "critical")]
    harmless = [m for m in messages if m["level"] == "none"]
    missed = [m["text"] for m in risky if not reaches_a_person(m["text"])]
    false = [m["text"] for m in harmless if reaches_a_person(m["text"])]
    return len(missed) / len(risky), len(false) / len(harmless), missed, false


@pytest.mark.parametrize(
    "name,min_recall",
    [
        *[("labelled", 0.97), ("holdout", 0.97), ("tuning", 0.94), ("tuning2", 0.94), ("tuning3", 0.94)],
        *[("tuning4", 0.94), ("tuning5", 0.94), ("tuning6", 0.94), ("tuning7", 0.94)],
    ],
    ids=["labelled", "holdout", "tuning", "tuning2", "tuning3", "tuning4", "tuning5", "tuning6", "tuning7"],
)
def test_recall_and_false_escalations_on_labelled_messages(name, min_recall):
    """tuning*.yml describe most incidents without the obvious word: harder sets, a lower floor.
    tuning4 and tuning5 label bare requests for a person ("转人工") high: those count when they
    reach a person by the request path (asks_for_a_person), at normal priority."""
    miss_rate, false_rate, missed, false = rates(load(name))
    assert 1 - miss_rate >= min_recall, f"missed: {missed}"
    assert false_rate <= 0.03, f"falsely escalated: {false}"


@pytest.mark.parametrize(
    "text",
    [
        "转人工",
        "人工!人工!人工!",
        "有没有喘气的来一个",
        "zhuan ren gong",
        "叫你们老板出来",
        "你们能打电话吗 我不会打字",
    ],
)
def test_a_request_for_a_person_reaches_one_without_being_a_risk(text):
    assert asks_for_a_person(text) and reaches_a_person(text)
    assert assess_message(text).level == "none"  # its ticket waits at normal priority


def test_whether_the_courier_can_call_is_no_request_for_a_person():
    assert not asks_for_a_person("快递员能打电话吗")


@pytest.mark.parametrize(
    "text", ["不用转人工", "你是真人吗", "晚上十点以后还有人工客服吗", "我是公司行政主管 想开专票", "人工智能"]
)
def test_declining_or_asking_about_people_is_no_request(text):
    assert not asks_for_a_person(text)


def test_the_labelled_sets_are_large_enough():
    assert len(load("labelled")) >= 150
    assert sum(1 for m in load("labelled") if m["level"] == "none") >= 60


@pytest.mark.parametrize(
    "text,level,reason",
    [
        ("再不发货我就去12315投诉你们!", "critical", "向监管部门投诉"),
        ("你们卖的电热水壶漏电了!!!", "critical", "安全隐患"),
        ("孩子手被烫红了", "critical", "安全隐患"),
        ("空氣炸鍋冒黑煙了", "critical", "安全隐患"),
        ("我要发微博曝光你们", "critical", "媒体曝光"),
        ("我已经找好律师了 准备起诉你们", "critical", "法律威胁"),
        ("你们卖的都是些什么东西 什么东西能烂成这样", "high", "辱骂或强烈不满"),
        ("跑鞋是要参加比赛穿的 耽误了我让律师跟你们谈", "critical", "法律威胁"),
        ("质量这么差 必须给差评", "high", "差评威胁"),
        ("你们就是骗子", "high", "假货或欺诈指控"),
        ("我會去消協投訴你們", "critical", "向监管部门投诉"),  # traditional characters
        ("这个SK2防伪码扫出来查不到", "high", "假货或欺诈指控"),
        ("1 2 3 1 5 见", "critical", "向监管部门投诉"),  # digits typed apart
        # the 不 of "再不发" is the condition's, not a taken-back threat
        ("再不发我给差评了", "high", "差评威胁"),
        ("你们什么破店 2390417765528803 四天了物流一动不动 再不处理给差评😡", "high", "差评威胁"),
        ("你回的什么破东西", "high", "机器人答非所问"),
        ("喜欢是喜欢 到底是不是正品", "high", "假货或欺诈指控"),  # 到底: an accusation, not a question
        ("等半天了没人理 再不回我去工商局举报你们", "critical", "向监管部门投诉"),
        ("孩子穿你们的鞋走路摔了 鞋底直接断了 膝盖都磕破了", "critical", "安全隐患"),
        ("手上划了个口子 流血了", "critical", "安全隐患"),
        ("我要投诉快递员 还要投诉你们", "high", "平台投诉"),  # the shop complained of beside the courier
        ("快递员态度差 我要投诉你们店", "high", "平台投诉"),
        ("快递太慢了 我要投诉", "high", "平台投诉"),  # no courier person named: the shop's delivery
        ("投诉这个快递 东西寄来就是假的 差评", "high", "差评威胁"),  # the rest of the message still counts
        ("我要投诉快递 孩子手被割破流血了", "critical", "安全隐患"),
        ("宝宝手指被拉链夹了 还有个口子", "critical", "安全隐患"),  # a cut, though a zip is named
        ("孩子玩的时候手背开了个口子", "critical", "安全隐患"),
        ("取暖器外壳破了个口子 露出电线了", "critical", "安全隐患"),
    ],
)
def test_categories_and_reasons(text, level, reason):
    result = assess_message(text)
    assert result.level == level and reason in result.reasons


@pytest.mark.parametrize(
    "text",
    [
        "放心 不会给差评的😊",
        "东西很好 五星好评!",
        "工商银行的卡能付款吗",
        "吹风机会不会漏电啊",
        "订单202403150012345678到哪了",  # 315 inside an order number
        "哦 那等着吧",  # resigned to wait, not 你们等着吧
        "差评倒不至于 就是有点着急",
        "什么东西不能退",  # which goods: not "你们是什么东西"
        "什么东西可以七天无理由啊",
        "吹风机那单显示发货了 顺丰官网根本查不到 什么情况",  # a parcel not yet scanned, not a fake
        "5917730462281148 快递说我地址不详 我写得清清楚楚的",  # the address was written, no review threatened
        "买给我爸妈的羽绒服 生日都过了才到 不想要了",  # 爸妈的 holds 妈的, which is no curse here
        "在医院上夜班 想要双软底的鞋 有推荐吗",  # a workplace, not a hospital visit
        "6051183427769934 降价了能退差价吗 买贵了气死",  # annoyed, not strong anger
        "2864407391158826 拉拉裤发错了 我买的XL来的是L码 气死 宝宝穿不了",
        "宿舍能用吗 会跳闸不",  # asked before buying
        "你们家都卖些什么东西",  # what the shop sells, not 什么东西 said of the shop
        "送什么东西适合老人",
        "什么破规定 真无语",  # grumbling about a rule, not about the bot
        "盒子磕破了一个角",
        "我还不想给差评",
        # no condition before these threats' words, and no fall caused by a product
        "还不到我要投诉的程度 就是问问",
        "如果不是我差评 你们会理我吗",
        "快递到的时候桌腿磕破了",
        "我妈上次摔了一跤 想给她买双防滑鞋",
        "风衣收到扣子掉了两颗 后背还有个口子",  # a tear in the coat, not a cut in the skin
        "快递员直接扔驿站了 电话都不打一个 我想投诉这个快递员 怎么投诉啊",  # the courier complained of
        "这种快递员我要投诉 怎么投诉他",
    ],
)
def test_harmless_look_alikes_are_not_escalated(text):
    assert not assess_message(text).escalate


@pytest.mark.parametrize("text", ["快递怎么还在路上啊 有点失望", "真的服了 大促就这样敷衍人是吧"])
def test_mild_dissatisfaction_is_low_not_escalated(text):
    result = assess_message(text)
    assert result.level == "low" and not result.escalate


def test_complain_intent_with_strong_intensity_is_high():
    assert assess_message("你们到底怎么回事!!!", intent="complain", confidence=0.9).level == "high"


def test_an_impatient_question_is_answered_not_transferred():
    # "到底" asks for an answer: the parcel's state (with a chase and a person offered), not a queue
    result = assess_message("5149902736618854 三天了都没揽收 你们到底发没发", intent="complain", confidence=0.9)
    assert not result.escalate


def test_third_complaint_in_a_row_escalates():
    turns = [
        Turn("东西有点问题", "complain", 0.9),
        Turn("还是没解决", "complain", 0.9),
        Turn("有点失望", "complain", 0.9),
    ]
    assert assess_conversation(turns[:2]).level == "low"
    result = assess_conversation(turns)
    assert result.level == "high" and "多次投诉未解决" in result.reasons


def test_a_calming_word_after_two_complaints_does_not_add_up_to_a_transfer():
    turns = [
        Turn("快递也太慢了吧 都两天了", "complain", 0.9),
        Turn("服务真一般 无语", "complain", 0.9),
        Turn("差评倒不至于 就是有点着急", "complain", 0.9),
    ]
    assert not assess_conversation(turns).escalate


def test_deciding_to_keep_the_order_and_wait_after_complaints_is_no_threat_and_no_transfer():
    """ "算了不取消了 等着吧" after a parcel held up and a cancel asked: waiting, not "你们等着吧"."""
    turns = [
        Turn("精华液咋还在杭州 都两天了", "complain", 0.9),
        Turn("是不是双十一单子太多了 啥时候能发出来啊", "complain", 0.9),
        Turn("我不要了 能取消吗", "complain", 0.9),
        Turn("算了不取消了 等着吧", "complain", 0.9),
    ]
    assert not assess_conversation(turns).escalate
    assert assess_message("你们等着吧", "complain", 0.9).level == "high"  # the threat still is one
    assert assess_message("算了不取消了，等着吧", "complain", 0.9).level != "high"  # a full-width comma
    assert assess_message("莫名其妙把我订单取消了 等着吧", "complain", 0.9).level == "high"
    waiting = [*turns[:3], Turn("好吧 那我再等等", "complain", 0.9)]
    assert not assess_conversation(waiting).escalate
    pushed = [*turns[:3], Turn("又让我再等等 都一周了", "complain", 0.9)]
    assert assess_conversation(pushed).escalate  # told to wait again is no calm


@pytest.mark.parametrize(
    "text, reasons",
    [
        # the praise of the reviews turned ("结果就这"): it hides neither threat
        ("我买的时候看评价还挺好的 结果就这 不给我个说法我就给差评 顺便平台投诉", {"差评威胁", "平台投诉"}),
        # "拿命开玩笑" is no joke laughed off
        ("你们这是拿命开玩笑 我要发抖音曝光", {"媒体曝光"}),
    ],
)
def test_praise_or_a_joke_word_turned_against_the_shop_hides_no_threat(text, reasons):
    assert reasons <= set(assess_message(text, "complain", 0.9).reasons)


def test_a_complaint_about_a_high_amount_order_escalates():
    turn = [Turn("有点失望", "complain", 0.9)]
    assert assess_conversation(turn, order_amount=200).level == "low"
    assert assess_conversation(turn, order_amount=1576).level == "high"


def test_a_threat_to_wait_and_see_still_escalates_beside_the_resigned_look_alike():
    assert assess_message("你们就等着吧").escalate and not assess_message("那我就等着吧").escalate


@pytest.mark.parametrize(
    "text,reason",
    [
        ("不给个满意答复 我就在评价里让后来的人避雷", "差评威胁"),  # 满意 negated: no praise
        ("你们好评都是刷的吧 我要举报刷单", "平台投诉"),  # praise doubted
        ("退个款跟要饭一样 我是欠你们的吗", "辱骂或强烈不满"),  # an insult in a simile
        ("孩子摔了一跤 现在在去医院的路上", "安全隐患"),  # 路 is no place of an institution here
        ("你们是不是专门割韭菜的", "假货或欺诈指控"),  # 是不是 asks, it does not negate
        ("不是不喜欢 鞋里面有根针 孩子脚扎出血了", "安全隐患"),  # 喜欢 negated: no joke
        ("还有这壶底座漏水 昨天把我手烫了个大泡", "安全隐患"),  # a blister told without 起泡
        ("吃了你们的坚果过敏了", "安全隐患"),  # a condition with an incident has happened
        ("到了 但是我家宝宝把牛肉干里的干燥剂咬破吃了一点 怎么办啊啊啊", "安全隐患"),  # no 误食 said
        ("开不了专票我就去税务局举报你们偷税漏税", "向监管部门投诉"),
        ("你们不开票我就去税务局举报", "向监管部门投诉"),  # a threat on a condition: 开票 is no harmless context
        ("坚果过敏 吃了一块饼干就进医院了", "安全隐患"),  # a condition told with an incident counts
        ("我花生过敏 吃了你们的坚果 现在喘不过气", "安全隐患"),  # a condition told, then a reaction
        ("本来挺喜欢的 结果充电宝鼓包了", "安全隐患"),  # the mood turns after the glad word
        ("好吃个屁 孩子吃完就拉肚子", "安全隐患"),  # a glad word said in scorn
        ("养生壶插着的插座黑了一圈 要不是闻到糊味我都不知道", "安全隐患"),  # 要不是 does not negate
        ("唔该 我要去消委会投诉你们", "向监管部门投诉"),  # Hong Kong's consumer council
        ("开心果吃出虫子了 孩子吃完拉肚子", "安全隐患"),  # 开心果 is a nut, no glad word
        ("收到好开心 但孩子吃完拉肚子了", "安全隐患"),  # the mood turns at 但
        ("唔知點解冒煙 好驚", "安全隐患"),  # 唔知 is "don't know", no negation of the smoke
        ("充电宝鼓包了 不至于爆炸吧", "安全隐患"),  # "不至于…吧" says more than an afterthought
        ("手被烫伤了 倒不至于去医院", "安全隐患"),
        ("东西挺好 就是充电宝冒烟了", "安全隐患"),  # praise before a hazard takes nothing back
        ("面膜很好用 敷完脸肿了", "安全隐患"),  # nor without any turning word
        ("充电宝挺好用的 哈哈 就是昨晚鼓包了", "安全隐患"),  # a laugh before the hazard takes nothing back
        ("挺好的 孩子吞了一颗珠子😂 要不要去医院", "安全隐患"),  # nor one beside an urgent question
    ],
)
def test_praise_similes_and_places_do_not_hide_a_risk(text, reason):
    result = assess_message(text)
    assert result.escalate and reason in result.reasons, result


@pytest.mark.parametrize(
    "text", ["别人家都是当天发 你们是不是骗子啊 骗钱的吧", "别人家都便宜 你家就是黑店"]
)  # fmt: skip
def test_another_shop_compared_hides_no_accusation_said_to_the_shop(text):
    """ "别人家" names another shop, whose scams are not the shopper's; "你们是不是骗子" is said to us."""
    result = assess_message(text)
    assert result.escalate and "假货或欺诈指控" in result.reasons, result


@pytest.mark.parametrize(
    "text,escalated",
    [("那你帮我催一下吧 再不到就真不要了", False), ("再不发货我就申请退款", False), ("再不到我就拒收", False),
     ("再不发货就取消订单 看着办", True), ("再不退款我就去投诉你们", True), ("再不到就给差评", True),
     ("再不发货我就不要了 还要让你们好看", True), ("再不到就退了 然后天天打电话骂你们", True)],  # more after it
)  # fmt: skip
def test_a_wait_ending_in_the_shoppers_own_remedy_is_no_threat(text, escalated):
    """ "再不到就真不要了" says what the shopper will do (refuse, refund): answered, not queued as a threat."""
    assert assess_message(text).escalate == escalated, assess_message(text)


@pytest.mark.parametrize(
    "text",
    [
        "一星都不想扣 完美",
        "我闺蜜在别家买的吹风机冒烟了 所以想问问你们家的安全吗",  # someone else's incident
        "刚才有人冒充你们客服打电话 是骗子吧 提醒你们一下",
        "面霜里有酒精吗 我对酒精过敏",  # a condition, not an incident
        "对坚果过敏的能吃不",  # a question about the product, once queued as a safety hazard
        "老婆坚果过敏 这个她能吃不",  # someone's condition in one clause, the question in the next
        "羊毛过敏 这件毛衣能穿吗",
        "干燥剂能吃吗 孩子小 怕他误吃",
        "税务局电话多少 我要开票问问",
        "发票真假可以去税务局查吗",
        "宿舍太闷了 热得喘不过气 有没有小风扇",
        "一到春天就花粉过敏了 有没有防过敏的面霜",  # a condition with 了, and no incident
        "12315是管什么的啊 就随便问问",
        "那条礼服裙美炸了 年会全场焦点",  # praise in slang
        "宝宝对牛奶蛋白过敏 这个饼干里有奶吗",  # a condition told before buying
        "请问要投诉快递员应该找谁啊 不是投诉你们哈",  # who to complain to about the courier
        "唔會畀差評嘅 放心 想問幾時發貨",  # Cantonese 唔 negates
        "我是不是傻 拍错颜色了",  # the shopper's own slip, no insult
        "我压根不懂护肤 有啥推荐",
        "会上火大不大",  # 上火 and 大不大, no 火大
        "这款是模仿的哪个大牌",
        "我上次在别家买的鞋差评了 太烂 你们家的应该靠谱吧",  # another shop's goods scorned; 靠谱 is no 靠
        "跑完半马脚底板都要冒烟了哈哈 碳板鞋有更缓震的款吗",  # a laugh right after: a figure of speech
    ],
)
def test_praise_others_incidents_and_conditions_are_not_escalated(text):
    assert not assess_message(text).escalate


@pytest.mark.parametrize(
    ("text", "response"),
    [("吹风机冒烟了还有焦味", "utter_safety_advice_appliance"), ("敷完面膜脸上全是红疹", "utter_safety_advice_body"),
     ("孩子吃了坚果噎住了", "utter_safety_advice_body"), ("出事了 你们这东西太危险了", "utter_safety_advice")],
)  # fmt: skip
def test_the_safety_advice_fits_the_hazard(text, response):
    assert safety_advice_response(text) == response


def test_praise_in_slang_is_not_a_hazard():
    """ "风力太炸了 爱了爱了😍" about a hair dryer is praise: 炸 there is not an explosion."""
    assert not assess_message("8839016627745120 吹风机收到了 风力太炸了 爱了爱了😍").escalate
    assert assess_message("吹风机炸了 吓死我了").escalate


def test_an_afterthought_takes_back_the_threat_before_it():
    """ "我朋友说不发货就打12315 我倒不至于哈": reported and taken back, no threat; said and meant is one."""
    assert not assess_message("我朋友说不发货就打12315 我倒不至于哈 就是想问问能不能快点").escalate
    assert assess_message("再不发货我就打12315 说到做到").escalate


@pytest.mark.parametrize("text", ["再不到我就给差评了啊 哈哈吓唬你的 不会给的", "再不到我就给差评了 开玩笑的"])
def test_a_threat_taken_back_as_a_joke_is_no_risk(text):
    assert assess_message(text).level == "none"


def test_a_plaint_after_再不_is_no_threat():
    """ "再不到我要哭了😭😭" was queued as a threat: it threatens nothing; "看着办" still does."""
    assert assess_message("7305528816490372 到那了 再不到我要哭了😭😭").level == "none"
    assert assess_message("再不到我就看着办").escalate
    assert assess_message("你们看着办吧 我都气哭了").escalate  # crying beside a threat takes nothing back


@pytest.mark.parametrize(
    "text,risky",
    [("忘了关会不会烧干 着火啊", False),  # the bare word goes on asking "会不会"
     ("有没有搞错 冒烟啊", True), ("我怕 着火", True), ("你们有没有人管啊 投诉", True),
     ("会不会漏电 刚才冒烟了", True)],
)  # fmt: skip
def test_a_bare_word_after_a_hedged_question_asks_only_after_a_question_hedge(text, risky):
    assert assess_message(text).escalate is risky


@pytest.mark.parametrize(
    "text",
    ["你们这服务还好意思要好评 等着吃cp吧", "孩子很喜欢这件 再不发货我就去投诉了", "哈哈 真行 再拖两天我就给差评"],
)
def test_praise_or_a_laugh_before_a_threat_does_not_take_it_back(text):
    assert assess_message(text).escalate


@pytest.mark.parametrize(
    "text,level",
    [("你们物流也太慢了 本来想去投诉的 算了不投诉了 你就说还要等多久", "low"),
     ("本想去12315的 算了 不弄了", "none"),
     ("本来想投诉的 结果你们还是这态度", "high"),  # told, not taken back: it got worse
     ("本来想找消协的 先听听你们怎么说", "critical"),
     ("本来想12315投诉的 不行了 受不了了", "critical")],  # 不行了: had enough, nothing taken back
)  # fmt: skip
def test_an_intention_to_complain_taken_back_at_once_is_no_threat(text, level):
    assert assess_message(text).level == level


def test_which_goods_cannot_go_back_is_no_abuse():
    """ "什么东西不能退" (read as a complaint) was queued as "辱骂或强烈不满"; "你们卖的什么东西" still is."""
    assert assess_message("什么东西不能退", "complain", 0.6).level != "high"
    assert assess_message("你们卖的都是些什么东西", "complain", 0.6).level == "high"


@pytest.mark.parametrize(
    "text,level",
    [("都三天了还不发货???", "low"),  # impatience: answered (its parcel), not a queue
     ("又是让我等？？？", "low"),
     ("4630098125547716 养生壶三天没动静了!!!", "low"),  # a parcel that does not move is a wait too
     ("都三天了还不发货 太过分了???", "high"),  # with words of anger it is strong anger
     ("物流太慢了!!!", "high"),  # a grumble beside the marks too
     ("你们到底怎么回事!!!", "high")],  # no wait named: an outburst
)  # fmt: skip
def test_question_or_exclamation_marks_alone_are_impatience_not_strong_anger(text, level):
    assert assess_message(text, "complain", 0.9).level == level


@pytest.mark.parametrize(
    "text,escalated",
    [("你们是不是就不想开 不开票我去12315举报你们偷税", True),  # a threat in an invoice's words
     ("开票的时候我去问问12315", False)],  # invoice words without a condition: no threat
)  # fmt: skip
def test_a_conditional_threat_about_an_invoice_still_counts(text, escalated):
    assessment = assess_message(text)
    assert ("向监管部门投诉" in assessment.reasons) is escalated, assessment


@pytest.mark.parametrize(
    ("text", "praised"),
    [
        ("风衣收到了 好看到爆炸💥 我妈说绝了 2518864930027745", True),
        ("收到啦 面膜挺好用的😊", True),
        ("收到了 不怎么好用", False),
        ("风衣收到了 不是很喜欢", False),
        ("没有图片上好看", False),
        ("好看个屁", False),
        ("这个面膜好用吗", False),
        ("哪个好看", False),
        ("充电宝很好用 但是鼓包了", False),
    ],
)
def test_praise_of_what_came_is_told_from_scorn_doubt_and_questions(text, praised):
    from kefu.risk import praises_what_came

    assert praises_what_came(text) == praised


@pytest.mark.parametrize(
    "text,mild",
    [("敷了你家面膜 脸有点红有点痒 正常吗 9627715038842290", True),
     ("这个水乳擦上去有点刺刺的 脸微微发红 过一会儿就好了 正常不", True),
     ("敷完面膜脸肿了", False),  # a safety hazard: a person at once
     ("这个面膜敷完会发红吗", False),  # asked before buying
     ("5263390817724456 包用了一个月就起皮了", False),  # a bag's fault
     ("用了你家吹风机 头发有点干 正常吗", False),  # no skin
     ("敷了一周 也没有发红 挺好的", False),  # denied
     ("用完脸有点干 再推荐个保湿的", False)],  # a wish
)  # fmt: skip
def test_a_mild_skin_reaction_is_told_apart_from_a_hazard_and_a_question(text, mild):
    from kefu.risk import mild_skin_reaction

    assert mild_skin_reaction(text) == mild
