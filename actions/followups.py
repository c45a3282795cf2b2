"""Follow-ups read by what the bot just said, whatever intent the NLU gave them.

A shopper's next message leans on the bot's last answer: "就超了几天 通融一下" after a refused
return, "在哪申请啊 找不到" after the price-protection answer, "能帮我催一下吗" after a parcel
answer, "要是问不到呢" after a parcel shown delivered but not received. Said without that
context these could be a complaint, a shipping question or anything; so the actions that
take loose messages (a complaint, not understood, details given, a returns or parcel question
repeated) ask `answer_follow_up` first. A few requests are recognised by their words wherever
they come: a delivery preference ("送公司 别放驿站"), photos promised for later and "好 那我再等等"
or "好的 我打给他".
"""

import re
from typing import Any, Dict, List, Optional, Set, Text

from rasa_sdk import Tracker
from rasa_sdk.events import FollowupAction, SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions import services
from actions.address_recall import address_follow_up
from actions.orders import (
    ANOTHER_ITEM,
    chosen_from_recent,
    described_order,
    holds_what_is_named,
    item_for_message,
    lookup_order,
    names_another_item,
    needs_login_response,
    order_from_message_or_slot,
    order_id_in_focus,
    order_ids_in_message,
    shopper_account,
)
from actions.photos import ANOTHER_ITEM_ANSWERS, asks_how_to_send_photos, cannot_send_photos, photos_awaited
from actions.replies import (
    CANCEL_ANSWERS,
    OFFERS_A_PERSON,
    PROMOTION_ANSWER,
    RETURN_ANSWER,
    WITHOUT_THE_OFFER,
    Reply,
    answered_with,
    invoice_format,
    invoice_lead_time,
    previous_responses,
    responses_within,
    return_note,
    return_recipient,
    send,
    shopper_texts,
)
from kefu.address import looks_like_address
from kefu.clauses import ASKS
from kefu.lexicon import canonical
from kefu.patterns import find_email, find_order_ids, normalise_order_numbers
from kefu.risk import mild_skin_reaction
from kefu.shop.parcel_state import ParcelState, parcel_facts
from kefu.traditional import to_simplified
from kefu.words import COD_WORDS, DECLINES_A_PERSON, WINDOW_START_WORDS, mentions

# Words asking where an order's parcel is ("那还有一单呢 3185… 到哪了"), whatever was talked about before.
ITS_PARCEL_WORDS = ("到哪", "到那了", "物流", "发货没", "发了没", "到了没", "发货了吗", "发了吗", "揽收")
# Another order named beside its number ("那另一单面膜呢 9627…").
ANOTHER_ORDER = re.compile(r"另一单|另外一单|还有一单|还有个单|那一单|另一个单")
RETURN_OR_FAULT_WORDS = ("退", "换", "拆", "不想要", "不要了")
SHORT_SAME_QUESTION = 10
RETURN_REFUSALS = frozenset(
    {
        "utter_return_window_passed",
        "utter_return_window_holds",  # pleaded once, and again ("凭啥啊 别家都行")
        "utter_return_non_returnable",
        "utter_return_category_not_returnable",
        "utter_return_special_price",
        "utter_return_unopened_not_returnable",
        "utter_return_refusal_holds",
        "utter_return_category_why",
        "utter_return_special_price_why",
    }
)
# The answers that found a return possible, and what the shopper may tell of the item after them
RETURN_ALLOWED_ANSWERS = ("utter_return_eligible", "utter_return_shipping_payer", "utter_return_exchange")
# ("吊牌还在的 退货地址给我下": the address is asked, answered by the returns answer)
ASKED_BESIDE = ("地址", "寄哪", "寄到哪", "怎么退", "咋退", "运费", "多久")
TRIED_ONLY_WORDS = ("试了下", "试了一下", "试穿", "没穿出门", "没出门", "吊牌都在", "吊牌还在", "没洗", "没下过水")
# "就超了几天而已嘛 通融一下", "吊牌都没拆 也不行吗", "那换个码呢": asking the refusal to bend.
PLEA_WORDS = (
    *("通融", "破例", "就超了", "才超", "超了几天", "就几天", "行行好", "帮帮忙", "也不行", "不行吗", "凭什么", "凭啥"),
    *("别家都行", "别家都可以", "别人家都"),  # "凭啥啊 别家都行"
    *("吊牌", "没拆", "没穿", "没用过", "换个码", "换码", "换尺码", "换个尺码", "换一个码", "换大", "换小"),
    *("就不能", "就不给", "就不让"),  # "啊 秒杀的就不能退？？"
    *("没坏", "买重了", "拍重了", "买多了", "拍多了", "多买了"),  # "没坏 就是买重了": no defect, the rule holds
)
PRICE_PROTECT_REFUSALS = frozenset({"utter_price_protect_expired"})
PRICE_PROTECT_ANSWERS = frozenset(
    {
        "utter_price_protect_ok",
        "utter_price_protect_how",
        "utter_price_protect_where",
        "utter_price_protect_not_delivered",
        "utter_price_protect_general",  # the rule told without an order ("在哪申请啊 找不到" next)
    }
)
# "直接退给我不行吗 还要自己申请", "你们帮我退": asking the shop to do what only the shopper can.
# ("那我直接退了吧" is a return, not this)
DO_IT_FOR_ME_WORDS = ("自己申请", "直接退给我", "帮我申请", "帮我提交", "你们帮我")
# "在哪申请啊 找不到": where in the app.
WHERE_WORDS = ("在哪", "哪里", "找不到", "怎么申请", "咋申请", "怎么弄", "怎么操作", "怎么点", "没看到", "没找到")
# "订单号在哪看啊" with no number asked for: where to look it up, all the same.
WHERE_TO_LOOK_WORDS = (
    "在哪看",
    "哪里看",
    "哪看",
    "在哪找",
    "哪里找",
    "哪找",
    "怎么看",
    "怎么找",
    "咋看",
    "咋找",
    "在哪查",
    "哪里查",
    *("在那看", "在那找", "那里看", "那里找"),  # 那 typed for 哪, beside the order number asked about
)
# "寄回要写什么", "纸条写啥", "包裹里要放啥不" within a few turns of a returns answer: the note in the parcel.
NOTE_WORDS = ("写什么", "写啥", "要写", "纸条", "留言写", "备注什么", "备注啥", "放啥", "放什么", "塞啥", "塞什么")
# "好的 那地址发我一下", "地址再发我一下", "地址呢" after a return answer: where to send it back
# (not "地址改一下")
# "寄到哪", "那往哪寄啊" alone (not "寄到哪了": a parcel).
SENDS_AN_ADDRESS = re.compile(
    r"地址.{0,3}(?:发|给|是|在哪)|(?:发|给)我.{0,2}地址|^\W*(?:那)?(?:退货|寄回)?地址呢\W*$"
    r"|^\W*(?:那|那我)?(?:寄到|寄去|寄回|往)哪(?:里|儿)?(?:寄)?(?:呢|啊|呀)?\W*$"
)
# "鞋盒扔了还能退吗", "吊牌剪了能退不": the packaging a return needs
PACKAGING_GONE = re.compile(
    r"(?:盒|包装|吊牌|标签|袋子)[^没不未]{0,3}(?:扔|丢|拆|撕|剪|没了|坏了|破了)"
)  # not "吊牌没拆"


def packaging_gone_only(text: str) -> bool:
    """The packaging gone, and no defect told beside it ("牛肉干袋子破了 漏气了" is damaged goods)."""
    match = PACKAGING_GONE.search(text)
    rest = text[: match.start()] + text[match.end() :] if match else ""
    return match is not None and not services.shop().policy.names_a_defect(rest)


# "签收都6天了 还来得及吧", "还在七天内吧": whether a return is still in time
STILL_IN_TIME = re.compile(r"来得及|赶得上|还在(?:七|7)天|还没过(?:七|7)?天|没过期|还在期限|不会超")
# "那运费呢", "运费谁出啊": who pays the return shipping, asked alone
ONLY_THE_FEE = re.compile(
    r"^\W*(?:那|那么)?(?:来回)?(?:运费|邮费)(?:呢|谁出|谁付|谁承担|我出吗|要我出吗)?\W*(?:谁出|谁付)?\W*$"
)


def asks_for_the_return_address(text: str) -> bool:
    return bool(SENDS_AN_ADDRESS.search(text)) and "改" not in text and not looks_like_address(text)


# "订单号在哪看啊 没找着" (also "单号…" while the bot waits for it), not "快递单号" or "运单号".
ORDER_NUMBER_ASKED = re.compile(r"订单(?:编)?号|(?<!快递)(?<!运)单号")
FIND_WORDS = (
    "在哪",
    "哪里",
    "哪看",
    "哪找",
    "找不到",
    "没找到",
    "没找着",
    "找不着",
    "怎么看",
    "咋看",
    "怎么找",
    "咋找",
    "怎么查",
    *("不知道", "不晓得", "啥是", "什么是", "是啥", "是什么", "不懂"),  # "俺不知道啥是订单号"
)
# "能帮我催一下吗" after a parcel answer: the bot cannot chase; a person can.
CHASE_REGISTERED = frozenset(
    {"utter_parcel_stalled", "utter_followup_stalled", "utter_parcel_pickup_overdue", "utter_followup_pickup_overdue"}
    | {WITHOUT_THE_OFFER["utter_parcel_stalled"], WITHOUT_THE_OFFER["utter_parcel_pickup_overdue"]}  # while queued
)
# An unshipped order past its handling days: its dispatch was chased with the warehouse.
OVERDUE_ANSWERS = frozenset(
    {
        "utter_parcel_not_shipped_overdue",
        "utter_followup_overdue",
        WITHOUT_THE_OFFER["utter_parcel_not_shipped_overdue"],
    }
)
CHASE_WORDS = ("催", "加急", "快点", "帮我问问", "帮忙问问", "帮我联系")
# answers about an order still on its way (how to stop or refuse it, returns once it comes)
ON_ITS_WAY_ANSWERS = ("utter_return_not_delivered", "utter_cancel_shipped", "utter_cancel_picked_up")
SHIPPING_ORDER_ANSWER = "utter_" + "shipping_order_"  # "订单…已付款,正在排队等待仓库打包…" and the other states
PARCEL_ANSWER_PREFIXES = tuple(f"utter_{topic}_" for topic in ("parcel", "followup"))  # the parcel answers
NOT_RECEIVED_ANSWERS = frozenset({"utter_delivered_not_received", "utter_not_received_next"})
DELIVERED_ANSWERS = frozenset(
    {"utter_parcel_delivered", "utter_followup_delivered", "utter_parcel_delivered_told_not_received"}
)
# "签收人写的本人 可我根本没在家", "要是问不到呢" after "显示签收但没有收到".
# "加钱多少 怎么付" once 改发顺丰 went to a person.
UPGRADE_HANDED_OVER = "utter_courier_upgrade_handed_over"
PAYMENT_WORDS = (
    *("多少钱", "加钱多少", "加多少", "补多少", "怎么付", "怎么补", "怎么给钱", "付款", "链接"),
    *("咋付", "咋补", "咋给", "怎么给你们", "差价咋", "差价怎么"),
)
FOUND_WORDS = ("拿到", "找到了", "收到了", "找着了")
RETURN_WISH_WORDS = ("不想要", "不要了", "退了吧", "想退", "要退", "退货", "退款", "能退")  # not "不退了"
STILL_MISSING_WORDS = ("没拿到", "没找到", "没收到", "找不到", "拿不到", "没找着")
NOT_RECEIVED_WORDS = ("没在家", "不在家", "问不到", "找不到", "没找到", "没人", "签收人", "不是我签", "没签", "问了")
# "能不能让快递直接送公司 别放驿站": how the courier delivers is the courier's.
DELIVERY_WORDS = (
    *("送公司", "送到公司", "送单位", "送上门", "送货上门", "送到家", "送家里", "送到楼下"),
    *("别放驿站", "不要放驿站", "不放驿站", "别放快递柜", "不要放快递柜", "不放快递柜", "别放丰巢"),
    *("放门卫", "放前台", "先打电话", "打电话再送", "送之前打电话", "派送前打电话"),
)
# "怎么还没送到家", "没收到 显示放前台了": about the parcel, not how to deliver it.
NOT_DELIVERED_WORDS = ("没", "怎么还", "为什么", "为啥", "显示")
# "好 那我先问问快递员", "行 那我再等等": the whole message says the shopper will wait or look
# ("又让我再等等 都一周了" is a complaint, "我先问问能不能退" a question).
WILL_WAIT = re.compile(
    r"^(?:好的?|好吧|行|嗯+|恩+|哦+|噢+|ok|OK)?[\s,，]*那?我?就?(?:再等等|等等看|先等等|等等|等几天|再等几天|等一等|等着吧|先等着|先问问\S{0,5}|"
    r"去问问\S{0,5}|先看看|先这样|去看看|打给?他|打个?电话\S{0,4}|(?:自己)?联系(?:一下)?(?:他|快递员?|派送员)\S{0,3})"
    r"(?:吧|哈|啦|了)?[\s,，~～!！。.]*$"
)
QUESTION_WORDS = ("吗", "?", "？", "能不能", "可不可以", "怎么", "什么")
# "好 知道了": the whole message only says it was understood.
ONLY_UNDERSTOOD = re.compile(
    r"^(?:好的?|行|嗯+|恩+|哦+|噢+|ok|OK)?[\s,，]*(?:知道了|明白了|了解了|懂了|晓得了|清楚了)[\s,，~～!！。.]*(?:谢谢亲?)?[~～!！。.]*$"
)
# "换的话要多久能收到新的" after a return or exchange was found possible.
# 来得及 about something else than the parcel's arrival ("6203… 现在取消还来得及吗")
DEADLINE_OTHER_TOPIC_WORDS = ("取消", "地址", "顺丰", "价保", "申请", "退", "换", "发票")
RETURN_OK_ANSWERS = frozenset({"utter_return_eligible", "utter_return_exchange", "utter_return_how_to"})
EXCHANGE_WORDS = ("换", "新的")
# "是在淘宝上点还是跟你说就行", "在哪申请": how a return possible is applied for
HOW_TO_APPLY_WORDS = (
    *WHERE_WORDS,
    *("跟你说", "你帮我退", "帮我申请", "帮我退", "上点", "自己点", "自己申请", "怎么退", "咋退", "怎么弄", "咋弄"),
)
HOW_LONG_WORDS = ("多久", "几天", "什么时候", "啥时候", "多长时间")
QUEUE_WORDS = ("人工", "客服", "排队", "转接", "真人")
# "嗯嗯 好的 大概几天能收到" right after the invoice was registered: the invoice, not a parcel.
INVOICE_ANSWERS = frozenset({"utter_invoice_submitted", "utter_invoice_status"})


def invoice_registered_lately(tracker: Tracker) -> bool:
    """An invoice was registered (or its registration read back) within the bot's last three turns."""
    return bool(INVOICE_ANSWERS & set(responses_within(tracker, 3)))


HOW_MANY_DAYS = re.compile(r"多少天|几天内|多久内|多长时间内|几天之内|期限")
# "还没收到货呢 能先开吗" after the invoice was registered: it is issued after receipt
# "你那边记的抬头是啥 我核对下": what a registered invoice holds (INVOICE_DETAIL_WORDS, below), read back
READ_BACK_WORDS = ("核对", "记的", "登记的", "对不对", "发我看", "给我看")
INVOICE_EARLIER_WORDS = ("先开", "提前开", "早点开", "现在开", "马上开", "现在就开")
# "是不是要收货以后才开" (not "刚才开发票的时候…")
ONLY_AFTER = re.compile(r"(?<!刚)才(?:能|给)?开")
# "我买200多的也不包邮吗" after a remote region's freight.
FREE_SHIPPING_WORDS = ("包邮", "免运费", "不要运费", "运费")
# "照片我晚上拍给你 现在在上班" after the bot asked for photos: they come later ("我拍的那件" is
# an order, not a photo).
PHOTO_WORDS = ("照片", "图片", "拍照", "拍给", "拍好", "拍一下", "会拍", "再拍", "去拍", "晚点拍")  # "行吧 我一会拍"
# "给我妈的生日礼物 周六要用的 来得及不" right after the parcel answer: a deadline, never promised.
DEADLINE_WORDS = (
    "准话",  # "到底哪天发 给个准话"
    "准确日期",
    "说个日子",  # "我问的是哪天能发 你说个日子"
    "给个日子",
    "具体日子",
    "具体哪天",
    "哪天能发",
    "按时到",
    "能按时",
    "准时到",
    "来得及",
    "来不来得及",
    "赶得上",
    "赶不赶得上",
    "赶得及",
    "到得了",
    "之前到",
    "之前能到",
    "赶得到",
    "能赶上",
)
# "能直接给我补发吗", "补发要几天" after a missing or damaged item: the shop's remedies, once the
# photos are in (and, once a person has them, that the person arranges it).
ORDER_PROBLEM_ANSWERS = frozenset(
    {"utter_order_problem", "utter_order_problem_order", "utter_order_problem_remedy", "utter_photos_how"}
    | {"utter_order_problem_more_told"}
    | {"utter_photos_button", "utter_photos_later", "utter_order_problem_freight", "utter_photos_cannot"}
    | ANOTHER_ITEM_ANSWERS
)  # (a quality problem's return answers have their own choice: returns.py)
# "那秒杀的呢" right after the coupons: whether flash-sale items take them
FLASH_SALE_ONLY = re.compile(
    r"那?(?:秒杀|特价|限时秒杀)(?:的|商品|的商品|的东西|的产品)?(?:呢|也可以吗|也能用吗|能用吗|可以吗|也可以用吗|能不能用)[?？~～]*"
)
# More about the wrong, missing or damaged item, told after the bot asked for photos.
MORE_OF_THE_PROBLEM_WORDS = (
    *("就一个", "就一件", "只有一", "单子上", "发货单上", "清单上", "写着", "外箱", "外包装", "箱子也", "盒子也"),
    *("压扁", "压坏", "压烂", "摔的", "摔坏", "摔了", "碎了", "裂了", "漏了", "洒了"),
)
PHOTOS_HANDED_OVER = frozenset({"utter_photo_to_human", "utter_photo_added"})


def sizes_of_the_item(tracker: Tracker) -> Optional[Reply]:
    """The catalogue's 尺码 of the item of the order in focus the message is about, if it has one."""
    order = lookup_order(order_id_in_focus(tracker), tracker)
    product = services.shop().get_product(item_for_message(order, tracker).sku) if order else None
    found = services.attribute_words().value(product, "尺码") if product else None
    if not found:
        return None
    return ("utter_product_attribute", {"name": product.name, "attribute": found[0], "value": found[1]})


# "寄回去的快递单号填哪", "退货单号在哪填": where the shopper's own return parcel's number goes
RETURN_TRACKING_ASKED = re.compile(
    r"(?:寄回|退回|退货|寄过去|寄去).{0,6}单号.{0,4}(?:填|写|哪)|单号(?:填|写)(?:哪|在哪)"
)
SIZE_ASKED = re.compile(
    r"偏大还是偏小|偏小还是偏大|偏不偏|偏大吗|偏小吗|(?:哪个|什么|啥|多大|几)码|拿哪个码|选哪个码|尺码表"
)
REMEDY_WORDS = (
    "补发",
    "补寄",
    "重新发",
    "再发一",
    "换货",
    "换一个",
    "换个新",
    "退款",
    "退钱",
    "直接换",
    "直接给我换",
    "给我换一",
    "给我换个",
    "给我换吗",
    *("换的话", "换一双", "换一件", "补的话", "补一件", "补一个", "能补吗", "能补上", "时候能补", "时候补"),
)
# What else may be 补 (made up for) or 换 after a wrong or missing item: not the item
NOT_AN_ITEM_WORDS = ("差价", "券", "发票", "地址", "门牌", "运费险", "电话")
# "那我不取消了 能直接帮我改成墨绿色的吗": another colour or size on an order not yet sent.
# "那颜色能改成墨绿的吗": the attribute first.
CHANGE_VARIANT = re.compile(
    r"(?:改|换)(?:成|为|一下|个)?.{0,6}?(?:色|码|尺寸|款式|规格)|(?:颜色|尺码|码数|尺寸|款式|规格).{0,4}(?:改|换)"
    r"|(?:改|换)(?:成|为)\s*(?:X{0,3}[SML]|XXL)(?![A-Za-z])"  # "纸尿裤能不能改成XL的" (not "改成xxx")
)
# "颜色拍错了 能改吗", "尺码选错了": the colour or size of an order, not its address.
VARIANT_PICKED_WRONG = re.compile(
    r"(?:颜色|鞋码|尺码|码数|尺寸|大小|款式|规格|型号)(?:拍|选|下|买)错"
    r"|(?<![没不])(?:拍|选|下|买)错(?:了)?(?:颜色|色|鞋码|尺码|码|尺寸|大小|款式|规格|型号)"
)


VARIANT_WORDS = ("颜色", "鞋码", "尺码", "码数", "尺寸", "大小", "款式", "规格", "型号")


def asks_to_change_variant(text: str) -> bool:
    """ "颜色拍错了 能改吗", "尺码能改成L吗"; not "收件人电话号码改一下" (a detail of the address)."""
    if mentions(text, ("地址", "电话", "手机", "收件人", "号码", "没拍错", "发错", "地方")):
        return False  # (not "我没拍错颜色 是你们发错了", "码数偏小吗 我想换个地方收货")
    return bool(VARIANT_PICKED_WRONG.search(text)) or (mentions(text, VARIANT_WORDS) and bool(re.search("改|换", text)))


# "为啥不能啊" right after a no: the reason, not the same answer again.
WHY = re.compile(r"为啥|为什么|凭什么|凭啥|为何|咋不能|怎么不能|怎么就不能")
# ... about the no itself ("为啥物流一直不更新" is another question)
WHY_NOT = re.compile(r"(?:为啥|为什么|凭什么|凭啥|为何|咋|怎么)就?(?:不能|不可以|不行|改不了|不给改)")
# "你直接帮我取消呗 我不会弄" after how to cancel: the steps, and a person to help.
CANNOT_DO_IT_WORDS = (
    *("不会弄", "不会操作", "不会搞", "不懂", "找不到", "没找到", "在哪点"),
    *("帮我取消", "直接取消", "替我取消", "帮我点", "你取消"),
)
# "为啥这么慢" right after a late parcel's answer: why, as far as the bot can say.
SLOW_PARCEL_ANSWERS = CHASE_REGISTERED | OVERDUE_ANSWERS
SLOW_WORDS = ("慢", "还不发", "不发货", "没动", "不动", "不更新", "这么久", "拖")
# "我登着呢啊": the shopper says they are logged in, after the bot asked them to log in.
# "登录是啥", "怎么登录啊", "在哪登陆", "不会登录": how to log in, asked after the login answer
ASKS_HOW_TO_LOG_IN = re.compile(r"登[录陆](?:是|是个)?(?:啥|什么|哪)|(?:怎么|咋|在哪|哪里|不会|怎样)\S{0,2}登[录陆]")
LOGGED_IN_WORDS = ("登着", "登录了", "登陆了", "已经登录", "已登录", "已经登陆", "登了", "登录着", "登陆着", "我登录")
# "我就是本人啊", "我没账号 你就告诉我嘛" after the login answer: the order without a login
VOUCHING_WORDS = (
    "本人",
    "我自己的",
    "我自己买的",
    "没账号",
    "没有账号",
    "没登录",
    "不想登录",
    "不登录",
    "就告诉我",
    "手机号",
)
LATER_WORDS = ("晚上", "晚点", "晚些", "等会", "待会", "一会", "明天", "回头", "下班", "回家", "有空")


def deadline_values() -> Dict[str, Any]:
    policy = services.shop().policy
    couriers = policy.couriers
    return {"transit_days": policy.transit_days, "upgrade": couriers.upgrade, "upgrade_fee": couriers.upgrade_fee}


def remote_values() -> Dict[str, Any]:
    policy = services.shop().policy
    return {"remote_fee": policy.couriers.remote_fee, "free_shipping": f"{policy.free_shipping_threshold:g}"}


def refund_answer(text: str) -> List[Reply]:
    """When the money comes back; where to ("退到花呗还是余额"), when the message asks that; where to
    look and who can check when it is late."""
    policy = services.shop().policy
    values = {"refund_arrival": policy.refund_arrival}
    if mentions(to_simplified(text), policy.refund_overdue_words):  # "那要是一直不到账呢": late
        return [("utter_refund_overdue", values)]
    where = mentions(text, policy.refund_destination_words)
    return [("utter_refund_destination" if where else "utter_refund_time", values)]


def on_its_way(tracker: Tracker) -> bool:
    """The order in focus (or named) has left the warehouse ("那还能按时到吗" after its new address)."""
    order = order_from_message_or_slot(tracker)
    return order is not None and order.parcel is not None


# "我拍的墨绿 能改成酒红的吗": what it should become, named by one of the item's own values
CHANGE_TO = re.compile(r"(?:改|换)(?:成|为)\s*([^\s,，。?？吗呢吧]{2,6})")


def names_a_variant_of_the_order(tracker: Tracker, text: str) -> bool:
    """A change to a colour or size the order's item comes in ("酒红" of "墨绿印花/酒红印花")."""
    order = order_from_message_or_slot(tracker)
    wanted = CHANGE_TO.search(text)
    if order is None or wanted is None:
        return False
    word = wanted.group(1).rstrip("的")[:2]
    for item in order.items:
        product = services.shop().get_product(item.sku)
        values = [value for name, value in (product.attributes if product else ()) if name in ("颜色", "尺码")]
        if len(word) == 2 and any(word in value for value in values):
            return True
    return False


WHEN_SENT = re.compile(r"(?:时候|几时|哪天|啥时)(?:能|可以|才能|才|会)发")


def not_sent_yet(tracker: Tracker) -> bool:
    """The order in focus (or named) has not left the warehouse."""
    order = order_from_message_or_slot(tracker)
    return order is not None and order.parcel is None


def names_another_order(tracker: Tracker) -> bool:
    """ "3927…这单吊牌没拆 能退吗" after a refusal is about that order, not a plea."""
    focus = order_id_in_focus(tracker)
    return any(order_id != focus for order_id in order_ids_in_message(tracker))


# "发票邮箱要改 改成…126.com", "哎呀邮箱打错了 是…": a detail of an invoice already registered.
INVOICE_DETAIL_WORDS = ("邮箱", "抬头", "税号", "名称", "公司名", "开错", "发票")  # "开错了能改吗 公司名少写了个字"
CHANGE_OR_MISTAKE_WORDS = ("改", "错", "不对", "换", "还是开", "还是写", "还是要")  # "抬头还是开公司的吧"
INVOICE_NAMING_WORDS = ("票", "抬头", "邮箱", "税号", "个人", "公司")  # not "快递明天能到对吧"
ONLY_A_CHECK = re.compile(r"(?:千万)?别(?:给我)?(?:搞|弄|写|开)?错了?[啊哈呀哦~～!！]*")
# "别搞错了", "写的是个人吧", "抬头是公司吧": a check of what was registered
CONFIRMS_THE_INVOICE = re.compile(
    r"别(?:给我)?(?:搞|弄|写|开)?错|不要(?:搞|弄|写|开)?错|写的是|是(?:个人|公司)的?吧|没错吧|对吧"
)
# "同一单帮我再开一张公司抬头的" (not "那我再要一个 能便宜点吗", "我再开个单买围巾": buying more)
ANOTHER_INVOICE = re.compile(r"(?:再|多|另外?)开(?:一|1)?张|(?:再|多|另外?)(?:开|要)(?:一|1)?[张个份]?(?:发票|票|抬头)")
# "普票 个人", "个人的 电子普票就行": the type and the title alone, as the form would take them
ONLY_TYPE_AND_TITLE = re.compile(
    r"(?:普票|普通发票|电子普票|电子发票|专票|专用发票|增值税专用发票|个人|个人抬头|公司|公司抬头|抬头|开|的|就行|就好|吧|[\s,，。、~～])+"
)
INVOICE_TALK = INVOICE_ANSWERS | {"utter_invoice_already_requested", "utter_invoice_change_registered"}
# (also after a change was refused: "91110000802100433B", "laozhou_cw@163.com" sent next still go to it)
INVOICE_TALK |= {"utter_invoice_detail_change_registered", "utter_invoice_one_per_order"}


TITLE_ASKED = re.compile(r"[吗嘛么?？]|区别|还是|哪个|能不能|可以吗")


def registered_invoice_change(tracker: Tracker) -> Optional[List[Reply]]:
    """Another e-mail address or title for the invoice registered for the order in focus, just
    talked about: the bot cannot change it (a person can), and says where it goes now; None
    otherwise."""
    order_id = order_id_in_focus(tracker)
    request = services.shop().get_invoice_request(order_id) if order_id else None
    if request is None or not INVOICE_TALK & set(responses_within(tracker, 3)):
        return None
    text = to_simplified(tracker.latest_message.get("text") or "")
    names_it = mentions(text, INVOICE_NAMING_WORDS) or bool(ONLY_A_CHECK.fullmatch(text.strip()))
    if CONFIRMS_THE_INVOICE.search(text) and names_it and not find_email(text) and not mentions(text, ("改", "换成")):
        # "发票上写的是个人吧 别搞错了", "抬头是公司吧": what it holds, read back (not a change)
        from actions.invoice import invoice_status_replies  # invoice imports this module

        return invoice_status_replies(request.order_id)
    told_type = canonical("invoice_type", text)
    same_type = told_type in (None, request.invoice_type) and ("个人" in text) == (request.title == "个人")
    if ONLY_TYPE_AND_TITLE.fullmatch(text.strip()) and same_type:
        # "普票 个人" right after its registration was told: what was registered, read back
        from actions.invoice import invoice_status_replies  # invoice imports this module

        return invoice_status_replies(request.order_id)
    if ANOTHER_INVOICE.search(text):  # "同一单帮我再开一张公司抬头的": one per order, a person for more
        values = {"order_id": request.order_id, "invoice_title": request.title}
        return [("utter_invoice_one_per_order", values)]
    email = find_email(text)
    another_email = email is not None and email.lower() != request.email.lower()
    from actions.invoice import credit_code_in, normalise_title  # invoice imports this module

    if credit_code_in(text, must_have_letter=False) and not email:
        # "91110000802100433B" after the registered invoice could not be changed: a person changes it
        return [("utter_invoice_detail_change_registered", {"order_id": request.order_id, "email": request.email})]

    # "个人" for a company's invoice, "抬头 武汉楚天科技有限公司 税号…" for another company's
    # (not asked: "个人还是公司有区别吗" wants no change)
    told = mentions(text, ("抬头", "公司", "个人")) and not email and not TITLE_ASKED.search(text)
    title = normalise_title(text) if told else None
    another_title = title is not None and title != request.title
    if (
        another_email
        or another_title
        or (mentions(text, INVOICE_DETAIL_WORDS) and mentions(text, CHANGE_OR_MISTAKE_WORDS))
    ):
        return [("utter_invoice_detail_change_registered", {"order_id": request.order_id, "email": request.email})]
    return None


# "那咋整", "怎么办" alone: what happens now, about what the bot has just answered
# ("那我不要了 咋办" says more: not this)
WHAT_NOW_ONLY = re.compile(r"[那这]?(?:咋整|咋办|怎么办|怎么整)[啊呀呢吧哦]*[?？!！。]*")


# "能跟我妈那单一起发吗", "两单能合并发货不": two orders in one parcel
ORDERS_MERGED = re.compile(
    r"(?:能|可以|能不能|可不可以|帮我|麻烦)[^,，。?？]{0,10}(?:一起|一块|合并)(?:发|寄)(?:货)?(?![到了的])"
    r"|合并发货(?![了的])|(?:放|装)(?:一个|一|同一个)包裹"
)


# "收件人写谁 电话多少" right after a return answer: who receives the return, the shop's phone
RETURN_RECIPIENT_ASKED = re.compile(
    r"收件人(?:写|填)(?:谁|啥|什么)|寄给谁|写谁收|(?:收件人?|你们)的?(?:电话|手机)(?:是)?多少"
)
RETURN_ADDRESS_SENT = {"utter_return_note", "utter_return_recipient"}


def asks_the_return_phone(tracker: Tracker) -> bool:
    """ "收件人写谁 电话多少", "电话也发下 快递员要填", "电话呢" right after the return address was sent."""
    text = to_simplified(tracker.latest_message.get("text") or "")
    asked = RETURN_RECIPIENT_ASKED.search(text) or mentions(text, ("电话", "手机号", "号码"))
    return bool(asked) and bool(RETURN_ADDRESS_SENT & set(responses_within(tracker, 1)))


# "在哪看退款进度啊 找不着", "你帮我查查到底退没退", "都5天了 说好的1到3个工作日呢" right after when a
# refund comes: where its progress shows, or a person to check (the bot cannot see refunds)
REFUND_ANSWERS = {"utter_refund_time", "utter_refund_destination", "utter_refund_overdue"}
REFUND_ANSWERS |= {"utter_refund_progress_where", "utter_refund_check_offer"}
WHERE_PROGRESS = re.compile(r"(?:在哪|哪里|哪儿|怎么)(?:看|查)|找不着|找不到|进度")
CHECK_IT = re.compile(r"(?:帮我|给我|你)(?:查|看)|到底退没退|退了没|退没退|说好的|都\S{1,3}天了")
OTHER_THAN_THE_REFUND = ("到哪", "快递", "物流", "发货", "发票", "地址", "券", "单号")  # "订单号在哪看啊"


REFUND_CHECK_OFFERS = {"utter_refund_of_order", "utter_refund_check_offer"}


def refund_check_accepted(tracker: Tracker) -> bool:
    """ "好的 帮我查下" right after a person was offered to check a refund: a yes (whatever the NLU
    made of it), not the offer made again."""
    previous = set(previous_responses(tracker))
    return bool(REFUND_CHECK_OFFERS & previous) and accepts_the_person_offered(tracker, previous)


def refund_follow_up(tracker: Tracker, text: str) -> Optional[List[Reply]]:
    if not REFUND_ANSWERS & set(responses_within(tracker, 2)) or refund_check_accepted(tracker):
        return None
    if mentions(text, OTHER_THAN_THE_REFUND) or order_ids_in_message(tracker):
        return None  # "你帮我看看另一单到哪了": another question
    if CHECK_IT.search(text):
        return [("utter_refund_check_offer", {})]
    if WHERE_PROGRESS.search(text):
        return [("utter_refund_progress_where", {})]
    return None


# "快递员说箱子压坏了 我要不要签收啊": the parcel at the door, damaged, and whether to sign for it
DAMAGED_AT_THE_DOOR = re.compile(
    r"(?:压坏|压扁|破了|破损|烂了|坏了|变形|湿了)[^已]{0,12}"
    r"(?:要不要|能不能|该不该|可不可以|可以|能|还)签(?:收)?(?![了过])|(?:压坏|压扁|破了|破损|烂了|坏了|变形|湿了)[^已]{0,12}签不签"
)
# "电话我都没接到", "还能再给我送一次吗": the courier could not reach the shopper (not "还没接到货")
MISSED_CALL = re.compile(
    r"电话[^,，。]{0,6}没(?:接到|接|听见|听到)|没(?:接到|接|听见|听到)[^,，。]{0,2}电话|漏接|静音|手机没听见"
    r"|再(?:给我)?送一(?:次|趟)|重新(?:派)?送|再派送|二次派送"
)


# "能先拆开看看再签吗": checking the parcel at the door before signing
INSPECT_FIRST = re.compile(r"(?:拆开|打开|验货|看看)[^,，。]{0,6}再签|先验货|当面验")


def follow_up_replies(tracker: Tracker) -> Optional[List[Reply]]:
    """The replies to the latest message read as a follow-up, or None when it is not one."""
    text = to_simplified(tracker.latest_message.get("text") or "")
    if mild_skin_reaction(text):  # "敷了面膜 脸有点红有点痒 正常吗": stop, rinse and watch, whatever the topic
        return [("utter_skin_reaction_mild", {})]
    told_only = mentions(text, TRIED_ONLY_WORDS) and not ASKS.search(text) and not mentions(text, ASKED_BESIDE)
    if answered_with(tracker, RETURN_ALLOWED_ANSWERS) and told_only:
        # "没穿出门 就在家试了下 吊牌都在" right after the return was found possible: it still is
        if not services.shop().policy.names_a_defect(text):
            return [("utter_return_condition_ok", {})]
    previous = set(previous_responses(tracker))
    if ORDERS_MERGED.search(text) and mentions(text, ("单", "买的", "包裹")):
        return [("utter_orders_not_merged", {})]  # "能跟我妈那单一起发吗": orders go separately
    if asks_the_return_phone(tracker):  # "电话呢", "电话也发下 快递员要填" right after the return address
        return [return_recipient(services.shop().policy)]
    about_the_refund = refund_follow_up(tracker, text)
    if about_the_refund is not None:
        return about_the_refund
    order = order_from_message_or_slot(tracker)
    at_the_door = order is not None and order.parcel is not None and order.delivered_at is None
    if at_the_door and (DAMAGED_AT_THE_DOOR.search(text) or INSPECT_FIRST.search(text)):
        return [("utter_damaged_at_the_door", {})]  # "箱子压扁了一个角 我要不要签收啊", whatever the NLU read
    if at_the_door and MISSED_CALL.search(text):  # "还能再给我送一次吗" after the courier could not reach them
        return [
            ("utter_missed_courier_call", {"courier": order.parcel.courier, "tracking_no": order.parcel.tracking_no})
        ]
    invoice_change = registered_invoice_change(tracker)
    if invoice_change:
        return invoice_change
    from actions.promotions import coupons_for_the_total, coupons_with_one_more  # promotions imports this module

    one_more = coupons_with_one_more(tracker) or coupons_for_the_total(tracker)
    if one_more:  # "那再加个79的围巾呢" after "按¥159算 还没到满199的门槛"; "…一共238 能用了吧"
        return one_more
    # "那还有一单羽绒服呢 3185… 到哪了" after a return answer: that order's parcel, asked outright
    its_parcel = mentions(text, ITS_PARCEL_WORDS)
    named = order_ids_in_message(tracker)
    # (only for a return or a fault, or the bare "…呢": "另一单 3185… 啥时候到" asks its own question)
    rest = normalise_order_numbers(text).replace(named[0], " ").strip() if named else text
    same_question = mentions(text, RETURN_OR_FAULT_WORDS) or services.shop().policy.names_a_defect(text)
    same_question = same_question or (rest.endswith("呢") and len(rest) <= SHORT_SAME_QUESTION)
    another_order = ANOTHER_ORDER.search(text) and len(named) == 1 and not its_parcel and same_question
    if another_order and answered_with(tracker, RETURN_ANSWER, 2):
        # "那另一单面膜呢 9627… 拆了一片" right after a return answer: the same question for that order
        from actions.returns import returns_answer  # returns imports this module

        return returns_answer("returns", lookup_order(named[0], tracker), tracker)
    another_item = ANOTHER_ITEM.match(text) and not named and not its_parcel
    if another_item and answered_with(tracker, RETURN_ANSWER, 1):
        # "那三支装那个呢" after the lipstick's return answer: the same question for the other item;
        # "那风衣那单呢" after two orders named: for the order that holds it
        from actions.returns import returns_answer  # returns imports this module

        if names_another_item(tracker):
            return returns_answer("returns", order_from_message_or_slot(tracker), tracker)
        other = chosen_from_recent(tracker) or order_holding_the_item_named(tracker)
        if other and other != order_id_in_focus(tracker):
            return returns_answer("returns", lookup_order(other, tracker), tracker)
    if previous & RETURN_REFUSALS and names_another_item(tracker) and not its_parcel:
        # "那拉拉裤呢 宝宝长大了穿不下 也没拆" after the beef jerky's no: the same question for it
        from actions.returns import returns_answer  # returns imports this module

        return returns_answer("returns", order_from_message_or_slot(tracker), tracker)
    if previous & RETURN_REFUSALS and services.shop().policy.names_a_defect(text) and not names_another_order(tracker):
        # "啊 那它充不进电呢" after "秒杀…无质量问题不支持": a fault is the quality rule, not the refusal
        from actions.returns import returns_answer  # returns imports this module

        order = order_from_message_or_slot(tracker)
        if order is not None and order.delivered_at is not None:
            return returns_answer("returns_quality", order, tracker)
    category_refused = "utter_return_category_not_returnable" in previous
    if category_refused and ANOTHER_ITEM.match(text) and canonical("product_category", text):
        if order_id_in_focus(tracker) is None:  # "那面膜呢" after "内衣…不支持七天无理由": the rule for masks
            from actions.returns import returns_answer  # returns imports this module

            return returns_answer("returns", None, tracker)
    not_the_window = ("满减", "券", "优惠", "运费", "价保", "差价", "保修") + services.shop().policy.refund_time_words
    window_start = mentions(text, WINDOW_START_WORDS) and not mentions(text, not_the_window)
    if answered_with(tracker, RETURN_ANSWER, 2) and window_start:
        # "从哪天开始算啊" right after the returns rules: when their days start (not 满减's sums)
        return [("utter_return_window_start", {"window": services.shop().policy.return_window_days})]
    if answered_with(tracker, RETURN_ANSWER, 3) and RETURN_TRACKING_ASKED.search(text):
        return [("utter_return_tracking_where", {})]  # "那寄回去的快递单号填哪": the return's own number
    if previous & CANCEL_ANSWERS and "退" in text:
        from actions.returns import AFTER_ARRIVAL, returns_answer  # returns imports this module

        if AFTER_ARRIVAL.search(text):  # "那要是收到了再退行不" after how to stop it: the rule once it comes
            return returns_answer("returns", order_from_message_or_slot(tracker), tracker)
    pleads = (mentions(text, PLEA_WORDS) or WHY.search(text)) and not names_another_order(tracker)
    if previous & RETURN_REFUSALS and pleads:
        category_refused = previous & {"utter_return_non_returnable", "utter_return_category_not_returnable"}
        unopened = bool(category_refused) and mentions(text, ("没拆", "吊牌", "没用过", "没穿"))
        if "utter_return_window_passed" in previous and not unopened:
            return [("utter_return_window_holds", {})]  # "为啥啊 我都没穿过": the 7 days are over
        if category_refused and WHY.search(text) and not unopened:
            return [("utter_return_category_why", {})]  # "为啥不能退" after 内衣: why such things are not
        if "utter_return_special_price" in previous and not unopened:
            return [("utter_return_special_price_why", {})]  # "秒杀的就不能退？？": why, once more kindly
        return [("utter_return_unopened_not_returnable" if unopened else "utter_return_refusal_holds", {})]
    if previous & PRICE_PROTECT_REFUSALS and pleads:  # "就超了几天 通融一下嘛" after the price-protection no
        return [("utter_price_protect_refusal_holds", {})]
    policy = services.shop().policy
    # (not "到西藏几天 运费多少": another parcel's freight to a region)
    fee_asked = mentions(text.replace("运费险", ""), policy.shipping_fee_words) and not canonical("region", text)
    if fee_asked and "utter_return_quality" in responses_within(tracker, 3) and answered_with(tracker, RETURN_ANSWER):
        return [("utter_return_quality_shipping", {})]  # "运费我先垫吗" after a quality problem's address
    quality_told = "utter_return_quality" in responses_within(tracker, 4)
    replacement = mentions(text, ("换新", "换一件", "换个新", "重新发")) and not mentions(
        text, ("退款", "不换", "别换")
    )
    if quality_told and replacement and mentions(text, HOW_LONG_WORDS):
        # "换新的话要多久" after a quality problem: how a replacement goes, not the no-reason exchange
        return [("utter_return_quality_exchange_time", {})]
    window_asked = HOW_MANY_DAYS.search(text) and not mentions(text, policy.refund_time_words + ("到账", "到帐"))
    if window_asked and any(name.startswith("utter_" + "price_protect") for name in previous):
        # "多少天内可以" after the price-protection answers: its window, not the shipping times
        return [("utter_price_protect_general", {"days": policy.price_protection_days})]
    unknown_what_now = WHAT_NOW_ONLY.search(text) or mentions(text, ("账号", "手机上", "没有他", "没有她"))
    if "utter_order_id_unknown" in previous and unknown_what_now and not order_ids_in_message(tracker):
        # "他账号不在我手机上 那咋整" after a family member's number was not found: how it can be asked
        return [("utter_order_unknown_what_now", {})]
    logins = {"utter_order_needs_login", "utter_order_needs_login_again"}
    if logins & set(responses_within(tracker, 2)) and mentions(text, LOGGED_IN_WORDS):
        return [("utter_login_not_seen", {})]  # "我登着呢啊 你再看看": the chat came without the login
    if logins & set(responses_within(tracker, 2)) and ASKS_HOW_TO_LOG_IN.search(text):
        return [("utter_login_how", {})]  # "登录是啥 我儿子给我买的": what logging in is, and who can
    vouches = mentions(text, VOUCHING_WORDS) or bool(next(tracker.get_latest_entity_values("phone"), None))
    if logins & set(responses_within(tracker, 2)) and shopper_account(tracker) is None and vouches:
        # "我就是本人啊 手机号138…", "我没账号 你就告诉我发了没嘛": still only with the login
        return [(needs_login_response(tracker), {})]
    lost_number = bool(ORDER_NUMBER_ASKED.search(text)) and mentions(text, FIND_WORDS)
    asked_or_where = tracker.get_slot("pending_topic") or mentions(text, WHERE_TO_LOOK_WORDS)
    if asked_or_where and lost_number and not described_order(tracker):
        # "订单号在哪看啊 没找着" after the bot asked for it ("…就羽绒服跟鞋一起那单" describes it instead)
        return [("utter_where_order_id", {})]
    if answered_with(tracker, RETURN_ANSWER, 3) and mentions(text, NOTE_WORDS):  # "寄回要写什么"
        if "utter_return_note" in previous:  # the note just given: what goes on it, in other words
            return [("utter_return_note_what", {})]
        return [return_note(services.shop().policy)]
    still_in_time = STILL_IN_TIME.search(text) and not mentions(text, ("周", "号", "到货", "收到", "用"))
    if answered_with(tracker, RETURN_ANSWER, 3) and still_in_time:
        # "签收都6天了 还来得及吧" after how to exchange: whether the 7 days still hold, for the order
        from actions.returns import returns_answer  # returns imports this module

        order = order_from_message_or_slot(tracker)
        if order is not None and order.delivered_at is not None:
            return returns_answer("returns", order, tracker)
    if answered_with(tracker, RETURN_ANSWER, 3) and packaging_gone_only(text):
        return [("utter_return_packaging", {})]
    # not after "不支持七天无理由"; a quality problem is refunded too
    possible = (RETURN_OK_ANSWERS | {"utter_return_quality"}) & set(responses_within(tracker, 3))
    if possible and REFUND_AMOUNT.search(text) and not mentions(text, ("运费", "邮费")):
        order = order_from_message_or_slot(tracker)  # "退回去能退多少钱" after the jeans' return answer
        if order is not None:
            item = item_for_message(order, tracker)
            qty = 1 if ONE_OF_THEM.search(text) else item.qty  # "只退一件能退多少钱" of two hoodies
            amount = (
                "utter_refund_amount",
                {"order_id": order.order_id, "product": item.name, "paid": f"{item.price_paid * qty:g}"},
            )
            when = refund_answer(text) if mentions(text, services.shop().policy.refund_time_words + ("到账",)) else []
            return [amount] + when  # "能退多少钱 几个工作日到账": both
    if answered_with(tracker, RETURN_ANSWER, 3) and asks_for_the_return_address(text):
        return [return_note(services.shop().policy)]
    if answered_with(tracker, RETURN_ANSWER, 2) and ONLY_THE_FEE.match(text):  # "那运费呢" after a return answer
        return [("utter_return_shipping_payer", {})]
    refund_time = mentions(text, services.shop().policy.refund_time_words)  # "退到哪里啊 花呗还是余额"
    # ("照片发哪里" after a quality problem and a price difference: the photos, not the price protection)
    if previous & PRICE_PROTECT_ANSWERS and mentions(text, WHERE_WORDS) and not refund_time and "照片" not in text:
        return [("utter_price_protect_where", {})]
    if previous & PRICE_PROTECT_ANSWERS and refund_time:
        return refund_answer(text)
    if previous & PRICE_PROTECT_ANSWERS and mentions(text, DO_IT_FOR_ME_WORDS):
        # "直接退给我不行吗 还要自己申请": the bot cannot submit it; where the shopper can
        return [("utter_price_protect_how", {"refund_arrival": services.shop().policy.refund_arrival})]
    order_id = order_id_in_focus(tracker)
    asks_where_to_send = mentions(text, ("地址", "寄", "退到哪", "退回哪"))  # "退到哪里啊 地址发我": the address
    applies = mentions(text, HOW_TO_APPLY_WORDS) and not asks_where_to_send
    if previous & {"utter_return_eligible", "utter_return_exchange"} and order_id and applies:
        # "是在淘宝上点还是跟你说就行", "咋退" right after a return was found possible: where to
        # apply, and where to send it with what note (as when asked a few turns later)
        note = return_note(services.shop().policy)
        return [("utter_return_how_to", {"order_id": order_id}), note]
    # "好的 那快递什么时候到", "还有鞋子啥时候到 着急穿" (not "发票几天能到")
    # "另外这单啥时候能送到啊 好几天了" too
    arrives_words = ("能到", "来得及", "赶得上", "到得了", "时候到", "几天到", "多久到", "送到", "送过来", "能送")
    arrives = mentions(text, arrives_words) and "票" not in text
    # "那鞋子到底啥时候发 给我爸的" right after the invoice was registered: the shoes, not the invoice
    dispatched = mentions(text, ("时候发", "几时发", "哪天发", "发出", "发了没", "发没发", "寄出"))
    # "那到底啥时候能发啊" about an order still in the warehouse: its dispatch too
    dispatched = dispatched or (bool(WHEN_SENT.search(text)) and not_sent_yet(tracker))
    dispatched = dispatched and not mentions(text, ("票", "邮箱", "邮件", "发我"))  # not "那啥时候发我邮箱"
    # ("4630…这单怎么好几天不动了" after its invoice: its parcel)
    parcel_words = ("快递", "物流", "包裹", "到货", "发货", "揽收", "不动", "没动", "动静", "没更新", "到哪")
    about_a_parcel = mentions(text, parcel_words) or arrives or dispatched
    # "是不是5天内就能收到" (not "7天内能退吧")
    days_within = "天内" in text and not mentions(text, ("退", "换"))
    lead_time = mentions(text, HOW_LONG_WORDS + ("通知", "开好", "开出")) or days_within
    if previous & INVOICE_ANSWERS and lead_time and not about_a_parcel:
        return [invoice_lead_time(services.shop().policy)]
    registered_lately = invoice_registered_lately(tracker)
    from actions.invoice import asks_the_format  # invoice imports this module

    if registered_lately and asks_the_format(text) and not about_a_parcel:  # "是纸的吗 我要纸的" once registered
        return [invoice_format(services.shop().policy)]
    invoice_talked = registered_lately or bool(INVOICE_TALK & set(responses_within(tracker, 3)))
    if invoice_talked and mentions(text, INVOICE_DETAIL_WORDS) and mentions(text, READ_BACK_WORDS):
        # "你那边记的抬头是啥 我核对下" after the invoice was registered: what it holds
        from actions.invoice import invoice_status_replies  # invoice imports this module

        order_id = order_id_in_focus(tracker)
        registered = order_id and services.shop().get_invoice_request(order_id)
        return invoice_status_replies(order_id) if registered else None
    earlier = mentions(text, INVOICE_EARLIER_WORDS) or bool(ONLY_AFTER.search(text))
    if previous & INVOICE_ANSWERS and earlier:  # "还没收到货呢 能先开吗", "是不是要收货以后才开"
        return [invoice_lead_time(services.shop().policy)]
    found_it = mentions(text, FOUND_WORDS) and not mentions(text, STILL_MISSING_WORDS)  # "问了 在门卫那 拿到了"
    # "哦哦找到了 风衣不太合适 能退吗" asks the return; "拿到了 不想要了退了吧" wants one
    only_found = found_it and not ASKS.search(text) and not mentions(text, RETURN_WISH_WORDS)
    if set(responses_within(tracker, 3)) & (DELIVERED_ANSWERS | NOT_RECEIVED_ANSWERS) and only_found:
        return [("utter_parcel_found", {})]  # "不用了 找到了在门卫那": glad, not the delivered answer again
    check_offered = bool(previous & NOT_RECEIVED_ANSWERS)  # then "要是问不到呢" asks what comes next (below)
    if previous & DELIVERED_ANSWERS and mentions(text, NOT_RECEIVED_WORDS) and not check_offered:
        return [("utter_delivered_not_received", {})]  # "要是问不到呢" right after "显示已签收"
    # "要是问不到呢" may come two turns after the offer ("派送员电话多少" between)
    if set(responses_within(tracker, 3)) & NOT_RECEIVED_ANSWERS and mentions(text, NOT_RECEIVED_WORDS):
        # the places to ask were given already: then what a person does ("要是问不到呢")
        given = "utter_not_received_next" in responses_within(tracker, 3)
        return [("utter_not_received_still" if given else "utter_not_received_next", {})]
    # "那要等多久" after "小鹿帮您转接好吗?": the queue's wait, the offer stands; after a delayed
    # parcel's answer that offered a person too ("…恢复时间以快递通知为准"), the parcel's wait
    parcel_answer = answered_with(tracker, PARCEL_ANSWER_PREFIXES)
    # "老伴等着穿呢 啥时候能补": the item, not the queue ("人工要等多久才能补发" is the queue)
    about_the_queue = mentions(text, QUEUE_WORDS) or (not parcel_answer and not mentions(text, REMEDY_WORDS))
    if tracker.get_slot("offer") == "human" and "等" in text and mentions(text, HOW_LONG_WORDS) and about_the_queue:
        return [("utter_person_wait", {})]
    offered_just_now = tracker.get_slot("offer") == "human" and bool(previous & OFFERS_A_PERSON)
    if offered_just_now and WHAT_NOW_ONLY.fullmatch(text.strip()) and not parcel_answer:
        # "那怎么办" right after "小鹿这边没办法直接修改…转人工客服修改好吗?": the way is the person
        return [("utter_person_what_now", {})]
    pays_the_difference = mentions(text, PAYMENT_WORDS) and not mentions(text, COD_WORDS)  # not "货到付款行不"
    if UPGRADE_HANDED_OVER in previous and pays_the_difference:  # "加钱多少 怎么付"
        return [("utter_courier_upgrade_payment", deadline_values())]
    if "utter_courier_upgrade" in previous and pays_the_difference:  # the same, before any order
        return [("utter_courier_upgrade_payment_general", deadline_values())]
    # "能帮我催一下吗" may come after a deadline question about that parcel
    parcel_lately = answered_with(tracker, PARCEL_ANSWER_PREFIXES, 3)
    # "催一下" after "什么时候发货" was answered too; "能改发顺丰吗 想快点" asks for another courier
    dispatch_lately = answered_with(tracker, SHIPPING_ORDER_ANSWER, 3)
    other_courier = canonical("courier", text) and mentions(text, ("改", "换", "走", "用", "发顺丰", "发京东"))
    # "那你帮我催一下吧" after how to refuse or refund the undelivered order: its parcel chased
    on_its_way_lately = answered_with(tracker, ON_ITS_WAY_ANSWERS, 2)
    chases = (parcel_lately or dispatch_lately or on_its_way_lately) and mentions(text, CHASE_WORDS)
    chases = chases and not other_courier
    chases = chases and not names_another_order(tracker)  # "我邻居让我帮忙问问 6931…": that order's own answer
    if chases and not accepts_the_person_offered(tracker, previous):
        # a stalled parcel's chase was registered already: say so, not "小鹿没办法催"
        recent = set(responses_within(tracker, 3))
        if recent & OVERDUE_ANSWERS:
            return [("utter_dispatch_chase_registered", {})]  # still in the warehouse: not the courier
        registered = bool(CHASE_REGISTERED & recent)
        return [("utter_parcel_chase_registered" if registered else "utter_parcel_chase_offer", {})]
    if previous & RETURN_OK_ANSWERS and mentions(text, EXCHANGE_WORDS) and mentions(text, HOW_LONG_WORDS):
        return [("utter_exchange_time", deadline_values())]
    if WHY.search(text) and "utter_promotion_flash_sale_item" in previous:  # "为啥不能啊"
        return [("utter_promotion_flash_sale_why", {})]
    if answered_with(tracker, PROMOTION_ANSWER) and FLASH_SALE_ONLY.fullmatch(
        to_simplified(text).strip()
    ):  # "那秒殺的呢"
        return [("utter_promotion_flash_sale_why", {})]
    if WHY_NOT.search(text) and "utter_address_after_dispatch" in previous:  # "为啥不能直接改啊"
        return [("utter_address_why_courier", {})]
    if (
        WHY.search(text) and previous & CANCEL_ANSWERS and mentions(text, ("取消", "帮我", "直接"))
    ):  # "为啥你不能直接帮我取消啊"
        return [("utter_cancel_why", {})]
    keeps = mentions(text, ("不取消", "不想取消", "不用取消", "别取消"))
    if (
        "utter_cancel_unshipped" in previous and mentions(text, CANNOT_DO_IT_WORDS) and not keeps
    ):  # "你直接帮我取消呗 我不会弄"
        return [("utter_cancel_steps", {})]
    if WHY.search(text) and previous & SLOW_PARCEL_ANSWERS and mentions(text, SLOW_WORDS):  # "为啥这么慢"
        return [("utter_parcel_why_slow", {})]
    flash_sale_again = WHY.search(text) or mentions(text, ("秒杀", "特价", "啥意思", "什么意思"))
    if flash_sale_again and "utter_price_protect_flash_sale" in previous:  # "为啥啊 我买贵了20", "秒杀就不保价了？"
        return [("utter_price_protect_flash_sale_why", {})]
    remote_said = bool({"utter_courier_remote", "utter_courier_remote_days"} & set(responses_within(tracker, 2)))
    if remote_said and mentions(text, FREE_SHIPPING_WORDS):  # "我买满99了也要加运费啊" after the days alone
        return [("utter_remote_no_free_shipping", remote_values())]
    if "utter_courier_remote" in previous and mentions(text, HOW_LONG_WORDS) and not canonical("region", text):
        # "那要多久" right after a remote region's freight and days: its days again, alone
        from actions.couriers import special_region_reply  # couriers imports this module

        remote = special_region_reply("", services.shop().policy, tracker.get_slot("region"))
        if remote and remote[0] == "utter_courier_remote":
            return [("utter_courier_remote_days", remote[1])]
    # "现在退货还来得及不" asks the return window, not the parcel's arrival
    deadline = mentions(text, DEADLINE_WORDS) and not mentions(text, ("退", "换"))
    named = order_ids_in_message(tracker)
    other_topic = mentions(text, DEADLINE_OTHER_TOPIC_WORDS)  # "6203… 现在取消还来得及吗": cancelling
    order = lookup_order(named[0], tracker) if deadline and named and not other_topic else None
    state = parcel_facts(order, services.shop().policy, services.now())[0] if order else None
    if state in (ParcelState.STALLED, ParcelState.EXCEPTION):
        return [("utter_deadline_held_up", {"order_id": order.order_id})]  # held up: no usual days
    if order is not None and state != ParcelState.DELIVERED:
        # "坚果2284… 周六要送人 来得及不": where that order is, then that no day can be promised
        from actions.parcel import parcel_replies  # parcel imports this module

        where = parcel_replies(order, services.shop().policy, services.now(), text=text)
        return where + [("utter_deadline_no_promise", deadline_values())]
    if deadline and tracker.get_slot("parcel_state") in ("exception", "stalled") and order_id_in_focus(tracker):
        # "周六要用 来得及不" about a parcel held up by the courier: "发出后一般2-4天" says nothing about it
        return [("utter_deadline_held_up", {"order_id": order_id_in_focus(tracker)})]
    if deadline and (parcel_answer or on_its_way(tracker)):
        return [("utter_deadline_no_promise", deadline_values())]
    problem_open = bool(ORDER_PROBLEM_ANSWERS & set(responses_within(tracker, 3)))
    if problem_open and mentions(text, services.shop().policy.shipping_fee_words):
        # "来回运费谁出啊", "那我晚点拍 运费要我出吗" after a wrong item: the shop pays
        return [("utter_order_problem_freight", {})]
    if photos_awaited(tracker) and mentions(text, PHOTO_WORDS) and mentions(text, LATER_WORDS):
        return [("utter_photos_later", {})]
    photos_in = PHOTOS_HANDED_OVER & set(responses_within(tracker, 3))
    photos_in_hand = bool(photos_in) and not names_another_order(tracker)
    remedy = mentions(text, REMEDY_WORDS) or bool(CHANGE_VARIANT.search(text))  # "能直接换黑色的吗" after a wrong one
    remedy = remedy and not mentions(text, services.shop().policy.refund_time_words)  # "退款的话多久到账"
    remedy = remedy and not mentions(text, NOT_AN_ITEM_WORDS)  # "差价能补吗", "发票能补一个吗"
    reship = remedy and (problem_open or photos_in_hand) and not names_another_order(tracker)
    if cannot_send_photos(tracker) and not photos_in_hand:
        return [("utter_photos_cannot", {})]  # "拍不了照 能不能直接换一件": a person decides, offered
    if (reship or problem_open) and SIZE_ASKED.search(text):
        sizes = sizes_of_the_item(tracker)  # "这鞋偏大还是偏小 换的话拿哪个码" after a wrong size came
        if sizes is not None:
            return [sizes, ("utter_order_problem_remedy", {})]
    if asks_how_to_send_photos(tracker) and not (reship and not photos_in_hand):
        # "那我拍照给你 怎么发": where the button is; "能直接补发吗 懒得拍照" asks the remedy (below)
        again = "utter_photos_how" in responses_within(tracker, 1)
        return [("utter_photos_button" if again else "utter_photos_how", {})]
    if reship and canonical("courier", text):  # "补发的能走顺丰不 要加多少钱"
        return [("utter_reship_courier", deadline_values())]
    how_long_now = bool(photos_in & set(previous)) and mentions(text, HOW_LONG_WORDS)  # "那要多久"
    if photos_in_hand and (remedy or how_long_now):
        return [("utter_order_problem_in_hand", {})]  # the photos are in: never asked for again
    if reship and mentions(text, HOW_LONG_WORDS) and not photos_in_hand:
        # "补发的话几天能到": after the photos, as usual; without them (none can be taken), after a
        # person has checked the order, who is offered again
        no_photos = "utter_photos_cannot" in responses_within(tracker, 2)
        return [("utter_reship_time_no_photos" if no_photos else "utter_reship_time", deadline_values())]
    if reship and "utter_photos_cannot" in responses_within(tracker, 2) and not photos_in_hand:
        return [("utter_reship_no_photos", {})]  # "能直接补发吗" after "拍不了面单": not asked for photos again
    if reship:
        return [("utter_order_problem_remedy", {})]
    if (CHANGE_VARIANT.search(text) or names_a_variant_of_the_order(tracker, text)) and not_sent_yet(tracker):
        return [("utter_change_variant", {})]
    told_more = mentions(text, MORE_OF_THE_PROBLEM_WORDS) and not order_ids_in_message(tracker)
    if problem_open and not photos_in_hand and told_more and not names_another_order(tracker):
        # "包裹里就一个 单子上写着两件啊", "外箱也压扁了 应该是快递摔的": noted, the photos still help
        return [("utter_order_problem_more_told", {})]
    address = address_follow_up(tracker)  # "你记的新地址是啥 我核对下", "改好了告诉我一声哈"
    if address:
        return address
    from actions.address import asks_to_change_address  # address imports this module

    if mentions(text, DELIVERY_WORDS) and not mentions(text, NOT_DELIVERED_WORDS) and not asks_to_change_address(text):
        return [("utter_delivery_preference", {})]  # not "我想改个地址 送到公司去": a new address
    waiting_for_a_number = bool(tracker.get_slot("pending_topic"))  # "我先看看订单号": dialogue.py
    if WILL_WAIT.match(text.strip()) and not waiting_for_a_number and not mentions(text, QUESTION_WORDS):
        return [("utter_ok_anytime", {})]
    if ONLY_UNDERSTOOD.match(text.strip()):
        return [("utter_ok_anytime", {})]
    return None


# "退回去能退多少钱", "退款是多少": the amount paid for the item returned
REFUND_AMOUNT = re.compile(
    r"退(?:回|回来|回去)?(?:能|可以)?(?:退)?多少(?![天时])|退款(?:金额)?(?:是|有)?多少(?![天时])"
)


ONE_OF_THEM = re.compile(r"(?:只|就)退?一(?:件|个|双|条|支|盒|瓶)|退一(?:件|个|双|条|支|盒|瓶)")  # not "一件都没穿过"


# "好的 那开一张吧", "能先登记吗", "需要" right after how long an invoice takes and how to ask for one
# (not "等收到货了再开吧", "我要退货": later, or another topic)
INVOICE_WANTED = re.compile(
    r"^(?:好的?|行|嗯+|要|需要|可以)?\s*(?:那)?(?:帮我|给我)?(?:开一张|开吧|开个|开张|开票吧|登记|要开|需要开|现在开)"
)
INVOICE_WANTED_ALONE = re.compile(r"^\s*(?:要|需要|要的|需要的|开吧|好的 开吧)\s*[!！~～。.]*\s*$")
INVOICE_NOT_NOW_WORDS = ("不用", "不要", "不需要", "不开", "先不", "算了", "再开", "到时候", "收到货再", "以后")


def asks_for_the_invoice_just_explained(tracker: Tracker) -> bool:
    text = to_simplified(tracker.latest_message.get("text") or "").strip()
    if "utter_invoice_when_wanted" not in previous_responses(tracker) or mentions(text, INVOICE_NOT_NOW_WORDS):
        return False
    return bool(INVOICE_WANTED.search(text) or INVOICE_WANTED_ALONE.match(text) or ("能" in text and "登记" in text))


# "好的 帮我联系下快递吧", "好的 麻烦快点" right after a person was offered: a yes, in a hurry
YES_FIRST = re.compile(
    r"^\s*(?:好的|好吧|好(?=[\s,，!！~]|$)|行(?![不吗])|可以(?=[\s,，!！~]|$)|嗯+|ok)", re.IGNORECASE
)


def accepts_the_person_offered(tracker: Tracker, previous: Set[str]) -> bool:
    text = tracker.latest_message.get("text") or ""
    offered = tracker.get_slot("offer") == "human" and bool(OFFERS_A_PERSON & previous)
    return offered and bool(YES_FIRST.match(text)) and not DECLINES_A_PERSON.search(to_simplified(text))


def order_holding_the_item_named(tracker: Tracker) -> Optional[str]:
    """Of the orders the shopper's last messages named ("我有两单 4195… 和 2518…"), the one that
    holds the item the message names by its kind or part of its name."""
    text = tracker.latest_message.get("text") or ""
    category = canonical("product_category", to_simplified(text))
    for said in shopper_texts(tracker)[-4:-1][::-1]:
        for order in filter(None, (lookup_order(order_id, tracker) for order_id in find_order_ids(said))):
            if holds_what_is_named(order, text, category):
                return order.order_id
    return None


def answer_follow_up(dispatcher: CollectingDispatcher, tracker: Tracker) -> Optional[List[Dict[Text, Any]]]:
    """Sends the follow-up answer and returns its events, or None (nothing sent)."""
    replies = follow_up_replies(tracker)
    if replies is None and asks_for_the_invoice_just_explained(tracker):
        return [FollowupAction("invoice_form")]  # "好的 那开一张吧": the form asks its first question
    if replies is None:
        return None
    events = send(dispatcher, replies)
    if replies[0][0] == "utter_photos_later":  # the photo sent tonight goes to a person with the order
        events.append(SlotSet("awaiting_photos", True))
    if replies[0][0] == "utter_parcel_found":  # the check offered is no longer needed
        events.append(SlotSet("offer", None))
    return events
