"""Invoices (ask_invoice): the invoice form, its validation, and storing the request."""

import re
from typing import Any, Dict, List, Optional, Sequence, Text

from rasa_sdk import Action, FormValidationAction, Tracker
from rasa_sdk.events import FollowupAction, SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from actions import services
from actions.address import ActionAnswerChangeAddress, about_the_address
from actions.followups import answer_follow_up, invoice_registered_lately, registered_invoice_change
from actions.forms import (
    OTHER_TOPICS,
    LeavesFormFirst,
    answers_question,
    asks_about_another_order,
    ends_by_leaving,
    leaves_for_another_topic,
    leaves_form,
    threatens,
    typed_text,
)
from actions.orders import (
    lookup_order,
    order_id_in_focus,
    order_ids_in_message,
    own_order_meant,
    shopper_account,
    validate_order_id_value,
)
from actions.parcel import ActionTrackParcel
from actions.replies import (
    Reply,
    answered_with,
    invoice_format,
    invoice_lead_time,
    offer_events,
    responses_within,
    send,
)
from actions.returns import ActionAnswerReturnPolicy, answer_returns
from kefu.clauses import ASKS
from kefu.credit_code import credit_code_problem, normalise
from kefu.lexicon import canonical
from kefu.patterns import all_digit_credit_codes, find_email, normalise_order_numbers, order_id_pattern
from kefu.shop.models import InvoiceRequest
from kefu.traditional import to_simplified
from kefu.words import mentions

PERSONAL = "个人"
# The canonical names in data/lexicons/invoice_type.yml; the shop's policy says which it issues.
ORDINARY, SPECIAL = "普通发票", "专用发票"
COMPANY_WORDS = (
    "公司",
    "企业",
    "集团",
    "厂",
    "店",
    "中心",
    "事务所",
    "研究院",
    "研究所",
    "学校",
    "大学",
    "医院",
    "合作社",
    "协会",
    "工作室",
    "商行",
    "门市部",
    "经营部",
)
NOT_A_NAME = ("不", "没", "非", "别")
# "发票先不开了 快递单号发我下": the form left first, then the parcel asked
LEAVES_FOR_THE_PARCEL = re.compile(
    r"^\s*(?:发票|票)?\s*(?:先不开了?|不开了|先不用开了?)[了吧啊呀]*[\s,，。!！~～]+.*(?:单号|物流|到哪|发货|发了没|到了没)"
)
TITLE_CHANGE_WORDS = ("抬头", "改成", "换成", "改为", "改开", "还是开", "名字打错", "名字写错", "名称打错", "名称写错")
# "哦打错了 是成都锦程商贸有限公司" while the code is asked: the company's name corrected (not
# "邮箱写错了 应该发我个人邮箱", "打错了 是abc@163.com")
COMPANY_CORRECTED_WORDS = ("打错了", "写错了", "输错了", "打错字", "应该是")
# "烦死了 那不开公司了 开个人的吧", also beside the e-mail ("那算了 开个人吧 邮箱 lz@163.com")
PERSONAL_CHANGE_WORDS = ("不开公司", "开个人的", "开个人吧", "开个人就行")
TITLE_CHANGE_WORDS += PERSONAL_CHANGE_WORDS
# "抬头是…", "应该是杭州鹿鸣商贸有限公司" (a correction): the lead-in is no part of the name
TITLE_PREFIX = re.compile(
    r"^(?:应该是|应该|改成|改为|换成)?(抬头|发票抬头|公司名称|公司名|公司|单位|名称|全称|开)?\s*(是|为|写|开|改成|改为|叫)?\s*[:：]?\s*"
)
INVOICE_SLOTS = ("invoice_type", "invoice_title", "tax_id", "email")
ALL_TYPES = (ORDINARY, SPECIAL)
CLAUSE_BREAK = re.compile(r"[\s,，。;；!！?？、]+")
# The most common surnames: a 2-4 character word starting with one is taken as a person's name.
SURNAMES = (
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢"
    "姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤"
)
PERSONAL_NAME = re.compile(rf"(?<![\u4e00-\u9fff])[{SURNAMES}][\u4e00-\u9fff]{{1,3}}(?![\u4e00-\u9fff])")
CODE_CANDIDATE = re.compile(r"(?<![0-9A-Z])[0-9A-Z]{18}(?![0-9A-Z])")
# "公司的", "单位开" as the answer to which type: who the invoice is for, not its type
FOR_A_COMPANY = re.compile(r"公司|单位|企业|对公")
# a type named beside another answer ("普通的 发邮箱…"); not "电子" ("电子邮箱"), "专用" ("专用邮箱")
LOGIN_WORDS = ("登了", "登着", "登录了", "登陆了", "已登录", "已经登录", "不登录", "不登陆")  # not "我没登录 …多久"
# Whether it can be issued before the parcel comes ("现在能先开吗", "现在开还是收到再开啊")
BEFORE_RECEIPT_WORDS = (
    "能先开",
    "可以先开",
    "先开吗",
    "提前开",
    "现在开",
    "现在能开",
    "马上开",
    "现在就开",
    "就给开",
    "就能开",
    "收到再开",
)  # (not "要等": "那这种要等多久啊" about a parcel held up)

# "电子的还是纸质的啊", "能开纸质的吗 要寄给财务": electronic or paper, no type chosen
FORMAT_ASKED = re.compile(
    r"纸质|纸的|纸版|纸票|电子的还是|电子版|电子的吗|是电子|能打印|可以打印|邮寄|不会弄.{0,3}邮箱|没有邮箱"
    r"|报销(?:认|能|可以|行|有效)|认不认|能(?:不能)?报销|可以报销吗"  # "电子的报销认不认啊"
    r"|(?:发|寄)(?:到|给)?(?:哪里|哪儿|哪)(?![了个家])"  # "开出来发哪", "发到哪呢" (not "发到哪里了")
    r"|跟着货|随货|和货一起|跟货一起|一起寄"  # "发票是跟着货一起寄过来吗"
)


def asks_the_format(text: str) -> bool:
    text = to_simplified(text)  # ("这件风衣要是退的话寄到哪": the return address)
    return bool(FORMAT_ASKED.search(text)) and not mentions(text, ("退", "换货"))


def say_the_format(dispatcher: CollectingDispatcher) -> None:
    send(dispatcher, [invoice_format(services.shop().policy)])


def answer_the_format_asked(dispatcher: CollectingDispatcher, tracker: Tracker) -> Optional[List[Dict[Text, Any]]]:
    """ "是紙質的嗎", "电子的还是纸质的啊" while the invoice form waits or right after an invoice answer,
    read as another topic (a product's material, a courier): the format; None otherwise."""
    text = tracker.latest_message.get("text") or ""
    invoice_talk = (tracker.active_loop or {}).get("name") == "invoice_form" or any(
        "invoice" in name for name in responses_within(tracker, 1)
    )
    if not (invoice_talk and asks_the_format(text)) or canonical("courier", to_simplified(text)):
        return None
    say_the_format(dispatcher)
    return []


TYPE_NAMED = re.compile(r"专票|普票|专用发票|普通发票|专用票|普通票|专用的|普通的|专的|普的|增值税专")


def normalise_invoice_type(text: str, offered: Sequence[str]) -> Optional[str]:
    """The invoice type named in `text` if the shop issues it (`offered`, from policy), else None."""
    text = str(text)
    named = canonical("invoice_type", text)
    if named is None and "专" in text:
        named = SPECIAL
    elif named is None and any(word in text for word in ("普", "电子", "个人", "普通")):
        named = ORDINARY
    return named if named in offered else None


def offered_types_text(offered: Sequence[str]) -> str:
    return "或".join(f"“{name}”" for name in offered)


def company_name_in(text: str) -> Optional[str]:
    """The company name in a message: a clause that ends in a company word, without its lead-in."""
    parts = CLAUSE_BREAK_KEPT.split(str(text))  # clauses at even places, what broke them between
    for place in range(0, len(parts), 2):
        name = TITLE_PREFIX.sub("", parts[place].strip()).strip()
        if name.startswith(NOT_A_NAME):  # "不用公司", "不是公司的"
            continue
        if 4 <= len(name) <= 60 and any(name.endswith(word) for word in COMPANY_WORDS):
            return spaced_name_start(parts[:place]) + name
    return None


CLAUSE_BREAK_KEPT = re.compile(r"([\s,，。;；!！?？、]+)")
NAME_LEAD_IN = re.compile(
    r"(?:抬[头頭]|名称|公司名|单位名|全称)\s*(?:是|为|写|叫)?\s*[:：]\s*(?P<start>[\u4e00-\u9fff]{0,6})$"
)
MAX_NAME_PIECES = 3


def spaced_name_start(before: List[str]) -> str:
    """ "公司名称:武汉 和光 餐饮管理有限公司": the pieces of a name typed with spaces, back to the
    lead-in and colon they follow ("武汉和光"); nothing when none comes first ("好的 上海…有限公司",
    "抬头 是 杭州…有限公司")."""
    pieces: List[str] = []
    for place in range(len(before) - 2, -1, -2):
        if not before[place + 1].isspace() or len(pieces) > MAX_NAME_PIECES:
            return ""
        lead_in = NAME_LEAD_IN.search(before[place])
        if lead_in:
            return lead_in.group("start") + "".join(reversed(pieces))
        if not re.fullmatch(r"[\u4e00-\u9fff]{1,6}", before[place]) or TYPE_NAMED.search(before[place]):
            return ""
        pieces.append(before[place])
    return ""


def normalise_title(text: str) -> Optional[str]:
    """The invoice title: a company's full name, a person's name, or '个人'; None when unclear."""
    text = str(text).strip().rstrip("。.!!~")  # noqa: B005 - any of these trailing characters
    company = company_name_in(text)
    if company:
        return company
    # the words around a personal title, also as typed in traditional characters ("抬頭是個人")
    # (张 after 开/来 counts the invoice: "那开张发漂 普票 个人" names nobody called 张)
    counted = MEASURED_INVOICE.sub(" ", text)
    name = PERSONAL_NAME.search(re.sub(r"(个人|個人|的|就行|抬头|抬頭|开|開|是|写|寫|名字|叫)", " ", counted))
    if PERSONAL in to_simplified(text):
        return name.group(0) if name else PERSONAL
    if name and name.group(0) == text.strip():
        return name.group(0)  # just a name: a personal invoice in that name
    said = TITLE_SAID.search(text)  # "哦哦 那发票抬头写王小丽", "名字打错了 是王小丽"
    name = said.group("name") if said else ""
    if PERSONAL_NAME.fullmatch(name) and not name.endswith(NOT_A_NAME_END) and name not in NOT_NAMES:
        return name
    return None


# A person's name said as the title, at the end of the message, after a verb ("抬头写…", "抬头是…")
# or a correction ("名字打错了 是…")
TITLE_SAID = re.compile(
    r"(?:抬[头頭]\s*(?:就|改)?(?:是|写|寫|开|開|为|改成|换成)|(?:名字|抬[头頭]|名称)(?:打|写|寫|输)错了?[\s,，]*(?:应该)?是?"
    r"|(?:写|寫|用|开|開)我(?:的)?名字[\s,，]*(?:叫|是)?)"  # "抬头就写我名字 陈圆圆"
    r"\s*[:：]?\s*(?P<name>[\u4e00-\u9fff]{2,4}?)\s*(?:吧|就行|就好)?\s*$"
)
NOT_A_NAME_END = ("吗", "呢", "了", "改", "的", "啊")
MEASURED_INVOICE = re.compile(r"(?:开|開|来|來|要|打)(?:一|1)?[张張](?:发票|發票|发漂|票|普票|专票|(?=\s|$))")
NOT_NAMES = ("谢谢", "方便", "马上", "付款人", "收货人", "本人", "自己", "个人", "公司", "单位")


def is_personal(title: Optional[str]) -> bool:
    return bool(title) and not any(word in title for word in COMPANY_WORDS)


def credit_code_in(text: str, must_have_letter: bool) -> Optional[str]:
    """An 18-character code in `text`, typed with or without spaces."""
    squeezed = re.sub(r"[\s-]", "", str(text)).upper()
    told = all_digit_credit_codes(text)  # "税号914201007354921810": a code though all digits
    # as typed first: "最后一位是B 91110000802100433B" squeezed would join the B to the code
    for source in (str(text).upper(), squeezed):
        for match in CODE_CANDIDATE.finditer(source):
            if not must_have_letter or any(char.isalpha() for char in match.group(0)) or match.group(0) in told:
                return match.group(0)
    return None


def names_invoice_details(text: str) -> bool:
    """ "算了 还是开普票吧", "算了 写个人吧" change an answer; they do not leave the form."""
    details = normalise_title(text) or normalise_invoice_type(text, ALL_TYPES)
    return bool(details or company_name_in(text) or answers_another_slot(text))


def answers_another_slot(text: str) -> bool:
    """An invoice type, e-mail address or credit code sent when the title was asked answers
    that question, not the title's."""
    return bool(canonical("invoice_type", text) or gives_email_or_code(text))


def gives_email_or_code(text: str) -> bool:
    return bool(find_email(text) or credit_code_in(text, must_have_letter=True))


MIN_CODE_CHARACTERS = 6  # letters and digits in a message that tries to give a credit code


def attempts_a_code(text: str) -> bool:
    return len(re.findall(r"[0-9A-Za-z]", text)) >= MIN_CODE_CHARACTERS


def attempts_an_email(text: str) -> bool:
    """ "@" or a run of Latin letters ("abc163com"): an address mistyped, re-asked with the format."""
    return "@" in text or "＠" in text or bool(re.search(r"[A-Za-z0-9._-]{4,}", text))


# "一般多久能开出来": when the invoice comes, asked inside the form.
WHEN_WORDS = ("多久", "几天", "什么时候", "啥时候", "多长时间")


def say_already_requested(dispatcher: CollectingDispatcher, request: InvoiceRequest) -> None:
    dispatcher.utter_message(
        response="utter_invoice_already_requested",
        order_id=request.order_id,
        invoice_type=request.invoice_type,
        invoice_title=request.title,
        email=request.email,
    )


DETAIL_NAMES = {"invoice_type": "发票类型", "invoice_title": "抬头", "tax_id": "税号", "email": "邮箱"}


def details_noted_while_another_is_asked(tracker: Tracker, events: List[Dict[Text, Any]]) -> List[str]:
    """The details this message gave while the form asked for another one (still missing: the
    order number, or the type when "公司的 南京…有限公司" gave the title), named for the shopper;
    [] otherwise."""
    asked = tracker.get_slot("requested_slot")
    if asked not in ("invoice_order_id", "invoice_type") or tracker.get_slot(asked):
        return []
    filled = {e.get("name"): e.get("value") for e in events if e.get("event") == "slot" and e.get("value")}
    if asked in filled:
        return []
    # "发票类型(专用发票)": what was understood, so that a wrong reading shows at once
    return [f"{label}({filled[slot]})" for slot, label in DETAIL_NAMES.items() if slot in filled]


def type_answered_with_the_company(tracker: Tracker) -> bool:
    """The shopper answered "which type" or "个人还是公司" in this form with the company ("公司的",
    "公司 普票就行", "开公司的") without its name: the name is asked next, not "个人还是公司" again."""
    asked = None
    for event in events_of_this_form(tracker):
        if event.get("event") == "slot" and event.get("name") == "requested_slot":
            asked = event.get("value")
        elif event.get("event") == "user" and asked in ("invoice_type", "invoice_title"):
            said = to_simplified(event.get("text") or "")
            if FOR_A_COMPANY.search(said) and not NOT_THE_COMPANY.search(said):
                return True
    return False


# "不是公司 我自己报销用", "个人和公司有啥区别": no company chosen
# "哦不对 公司报销的 抬头写公司" after "普票 个人": the title changed to a company not yet named
# (not "公司邮箱 …", "税号我得问下公司")
COMPANY_TITLE_WANTED = re.compile(
    r"抬头\S{0,2}?(?:写|开|改成|换成|是|要)?\s*(?:公司|单位)(?![\u4e00-\u9fff]*(?:邮箱|地址))"
    r"|(?<![不没])(?<!不给)(?<!不让)(?<!不能)(?:公司|单位)\S{0,1}(?:报销|抬头)"
    r"|(?:开|改|换)(?:成|给|到)(?:公司|单位)"
)
NOT_THE_COMPANY = re.compile(
    r"不(?:是|开|要|用)?(?:给)?(?:公司|单位|企业)|(?:公司|单位)\S{0,3}(?:不要|不用)|区别|个人还是公司|公司还是个人|开个人|个人的吧|个人吧"
)


def events_of_this_form(tracker: Tracker) -> List[Dict[Text, Any]]:
    """The events since the invoice form last started (an earlier form's answers do not count);
    all of them when its start is not among them."""
    events = list(tracker.events)
    for index in range(len(events) - 1, -1, -1):
        if events[index].get("event") == "active_loop" and events[index].get("name") == "invoice_form":
            return events[index:]
    return events


def personal_title_dropped(tracker: Tracker) -> Optional[str]:
    """The personal title this form held, or was told, before a 专票 (which needs a company) dropped
    it ("开发票 抬头个人 要专票": never held), or None."""
    events = list(tracker.events)
    form_events = events_of_this_form(tracker)
    start = len(events) - len(form_events)
    asked_by = [i for i in range(start) if events[i].get("event") == "user"][-1:]  # the message opening it
    for event in reversed(events[asked_by[0] if asked_by else start :]):
        if event.get("event") == "slot" and event.get("name") == "invoice_title" and event.get("value"):
            held = normalise_title(str(event["value"]))  # a title, not a question taken for one
            return held if is_personal(held) else None
        text = to_simplified(event.get("text") or "") if event.get("event") == "user" else ""
        if PERSONAL in text and not mentions(text, ("公司", "单位")):
            return normalise_title(text) or PERSONAL
    return None


# The order of the invoice corrected mid-form ("不对 开错单了 是9036…那单", "换成5580…这单").
ORDER_CORRECTED = re.compile(
    r"开错|搞错|弄错|不是这[单个]|换个单|换一单|(?:不对|错了|换成|改成|应该是)[^,，。?？]{0,6}(?:单号|那单|这单|订单)"
)


class ValidateInvoiceForm(FormValidationAction):
    """Each answer is read from the whole message: what the shopper says up front fills its slot
    at once, and an answer to one question is never read as another's."""

    def name(self) -> Text:
        return "validate_invoice_form"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> List[Dict[Text, Any]]:
        if threatens(tracker):  # the form rejects the turn: the complaint rule hands it to a person
            return []
        text = tracker.latest_message.get("text") or ""
        asking = tracker.get_slot("requested_slot") is not None  # not the message that opened it
        leaving = (leaves_form(text) and not names_invoice_details(text)) or ends_by_leaving(text)
        if asking and leaving and not leaves_for_another_topic(tracker):
            # An empty requested slot ends the form; Rasa accepts that only with some slot set,
            # so the answers are cleared (the submit rule then stores nothing).
            dispatcher.utter_message(response="utter_form_stopped")
            cleared = [SlotSet(slot, None) for slot in INVOICE_SLOTS + ("invoice_order_id",)]
            return cleared + [SlotSet("requested_slot", None)]
        if asking and shopper_account(tracker) is None and mentions(text, LOGIN_WORDS):
            # "我登了啊 那不登录就开不了吗" in a chat without a login: how to come in logged in; the
            # form cannot go on without the order, so it ends (its answers cleared, as above)
            dispatcher.utter_message(response="utter_login_not_seen")
            cleared = [SlotSet(slot, None) for slot in INVOICE_SLOTS + ("invoice_order_id",)]
            return cleared + [SlotSet("requested_slot", None)]
        parcel_after = LEAVES_FOR_THE_PARCEL.search(text) and not names_invoice_details(text)
        if asking and parcel_after and not leaves_for_another_topic(tracker):
            # "发票先不开了 快递单号发我下", read as an invoice question: the form ends, the parcel is answered
            dispatcher.utter_message(response="utter_form_stopped")
            cleared = [SlotSet(slot, None) for slot in INVOICE_SLOTS + ("invoice_order_id",)]
            parcel = await ActionTrackParcel().run(dispatcher, tracker, domain)
            return cleared + [SlotSet("requested_slot", None)] + parcel
        intent = (tracker.latest_message.get("intent") or {}).get("name")
        when = (intent == "ask_invoice" and mentions(text, WHEN_WORDS)) or mentions(text, BEFORE_RECEIPT_WORDS)
        # (not "快递还要等多久啊", "你们一般发哪个快递": another topic's question, which the form steps aside for)
        another_topic = intent in OTHER_TOPICS
        when_asked = asking and when and not order_ids_in_message(tracker) and not another_topic
        if when_asked:
            # "一般多久能开出来", "货都还没发呢 现在能先开吗" while the form asks: answered, then asked again
            send(dispatcher, [invoice_lead_time(services.shop().policy)])
        format_asked = asking and asks_the_format(text) and not another_topic
        if format_asked:  # "电子的还是纸质的啊" while the form asks for the order: answered, then asked again
            say_the_format(dispatcher)
        needs_asked = asking and bool(NEEDS_ASKED.search(to_simplified(text))) and not another_topic
        if needs_asked:  # "开专票要提供啥" while the form asks: what a title needs, then asked again
            dispatcher.utter_message(response="utter_invoice_details")
        events = await super().run(dispatcher, tracker, domain)
        filled = any(e.get("event") == "slot" and e.get("name") != "requested_slot" for e in events)
        if (format_asked or when_asked or needs_asked) and not filled:
            # nothing answered: Rasa would reject the form's turn and answer it as something else;
            # the form's question is asked again instead
            events.append(SlotSet(tracker.get_slot("requested_slot"), None))
        if (
            asking
            and tracker.get_slot("requested_slot") == "invoice_type"
            and not filled
            and FOR_A_COMPANY.search(text)
        ):
            # "公司的" to which type fills nothing: Rasa would reject the form's turn and answer it
            # as something else; the company's name is asked next instead
            events.append(SlotSet("invoice_type", None))
        order_id = next((e["value"] for e in events if e.get("name") == "invoice_order_id" and e.get("value")), None)
        if order_id and tracker.get_slot("pending_topic") == "parcel" and order_id in order_ids_in_message(tracker):
            # "我那个单子到哪了 还有能开发票吗", then the number: both questions waited for it
            from actions.parcel import answer_parcels  # parcel imports what imports this module

            order = lookup_order(order_id, tracker)
            if order is not None:
                events = answer_parcels(dispatcher, tracker, [order]) + [SlotSet("pending_topic", None)] + events
        request = services.shop().get_invoice_request(order_id) if order_id else None
        if request is None:
            noted = details_noted_while_another_is_asked(tracker, events)
            if noted:  # "邮箱xiaoli_2026@163.com" while the order number is asked: kept, and said so
                dispatcher.utter_message(response="utter_invoice_details_noted", noted="、".join(noted))
            return events
        # Registered before: said at once with what it holds, not after every question was answered
        # (the answers could not be used: only a person may change a registered request).
        say_already_requested(dispatcher, request)
        cleared = [SlotSet(slot, None) for slot in INVOICE_SLOTS + ("invoice_order_id",)]
        return (
            cleared
            + [SlotSet("requested_slot", None), SlotSet("order_id", order_id)]
            + offer_events(["utter_invoice_already_requested"])
        )

    async def required_slots(
        self, domain_slots: List[Text], dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> List[Text]:
        text = tracker.latest_message.get("text") or ""
        turns_company = bool(company_name_in(text) and credit_code_in(text, must_have_letter=True))
        if is_personal(tracker.get_slot("invoice_title")) and not turns_company:  # the code comes with a company
            return [slot for slot in domain_slots if slot != "tax_id"]
        if tracker.get_slot("invoice_type") is None and type_answered_with_the_company(tracker):
            # "公司的" to which type: the company's details next, the type asked last, not again at once
            return [slot for slot in domain_slots if slot != "invoice_type"] + ["invoice_type"]
        return domain_slots

    @staticmethod
    def _open(slot: str, tracker: Tracker) -> bool:
        """Read `slot` from this message: it is the question asked, or still empty."""
        return tracker.get_slot("requested_slot") == slot or tracker.get_slot(slot) is None

    @staticmethod
    def _open_or_changed(slot: str, tracker: Tracker) -> bool:
        """A value named outright is taken when the slot is open, and while the form asks
        another question too ("还是普票吧 个人的"): the shopper changed their mind."""
        return ValidateInvoiceForm._open(slot, tracker) or tracker.get_slot("requested_slot") is not None

    @staticmethod
    def _asked(slot: str, tracker: Tracker) -> bool:
        return answers_question(slot, tracker, order_slot=slot == "invoice_order_id")

    async def extract_invoice_order_id(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> Dict[Text, Any]:
        named = order_ids_in_message(tracker)
        current = tracker.get_slot("invoice_order_id")
        text = tracker.latest_message.get("text") or ""
        # each order number read as "单号" ("不对 应该是9413 3720 6881 5524", "不对 是7092…那单")
        numbered = order_id_pattern().sub("单号", normalise_order_numbers(to_simplified(text)))
        corrects = ORDER_CORRECTED.search(numbered) and not asks_about_another_order(tracker)
        if current and named and named[0] != current and corrects:
            return {"invoice_order_id": named[0]}  # "不对 开错单了 是9036…那单": the invoice is for that one
        if not self._open("invoice_order_id", tracker):
            return {}
        if asks_about_another_order(tracker):
            return {}  # the form steps aside: the question is answered, then the form asks again
        if named:
            return {"invoice_order_id": named[0]}
        own = own_order_meant(tracker)
        if own:  # "行吧 那我自己这单开个普票 个人" after a friend's number was refused
            return {"invoice_order_id": own}
        if self._asked("invoice_order_id", tracker):
            return {"invoice_order_id": tracker.latest_message.get("text")}
        focus = order_id_in_focus(tracker)
        if tracker.get_slot("requested_slot") is None and focus:
            return {"invoice_order_id": focus}  # "这单能开发票吗": the order in focus
        return {}

    async def extract_invoice_type(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> Dict[Text, Any]:
        text = tracker.latest_message.get("text") or ""
        title = normalise_title(typed_text(tracker))
        # "个人 mingge_bj@139.com", or 个人 told before ("个人的 我没有邮箱咋办 能寄纸的吗", then the
        # address): a person's invoice can only be a 普票, never asked for
        held = normalise_title(str(tracker.get_slot("invoice_title") or ""))  # (not an answer not yet checked)
        personal = is_personal(title) or (not title and is_personal(held))
        can_be_ordinary = personal and ORDINARY in services.shop().policy.invoice_types
        if can_be_ordinary and self._open("invoice_type", tracker) and not canonical("invoice_type", text):
            return {"invoice_type": ORDINARY}
        rest = to_simplified(FORMAT_ASKED.sub(" ", text))  # "普通的 能报销吗": the type, and a question
        if asks_the_format(text) and not (canonical("invoice_type", rest) or TYPE_NAMED.search(rest)):
            return {}  # "电子的还是纸质的啊": a question (answered by `run`), no type chosen
        if canonical("invoice_type", text) and self._open_or_changed("invoice_type", tracker):
            return {"invoice_type": text}  # named: taken at once, also as a change of mind
        if not self._open("invoice_type", tracker):
            return {}
        # the words beside a company's name ("杭州星辰专业音响有限公司" names no 专票)
        beside = text.replace(to_simplified(title), " ") if title else text
        asked = self._asked("invoice_type", tracker)
        other_answer = bool(credit_code_in(text, must_have_letter=True) or find_email(text))
        # asked: "专的吧" is enough; beside another answer only a type said outright ("普通的 发邮箱…",
        # not the 专用 of "发到财务专用邮箱")
        said = asked or not other_answer or bool(TYPE_NAMED.search(beside))
        named = normalise_invoice_type(beside, ALL_TYPES) if said else None
        # "公司的啊 刚说了" asked last, the company's name given before (not in this message): the choices
        kept = tracker.get_slot("invoice_title")
        company_kept = not title and bool(kept) and not is_personal(kept)
        if (title or FOR_A_COMPANY.search(beside)) and not named and not (asked and company_kept):
            return {}  # "公司的 (南京…有限公司)" while the type is asked: who it is for, not the type
        if named:
            return {"invoice_type": beside}
        if other_answer:
            return {}  # "税号9111…" while the type is asked: the answer to another question, not a wrong type
        return {"invoice_type": text} if asked else {}  # asked, and no type in it: asked again, with the choices

    async def extract_invoice_title(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> Dict[Text, Any]:
        text = tracker.latest_message.get("text") or ""
        text = typed_text(tracker)  # stored as typed: not the NLU's simplified-script copy
        title = normalise_title(text)
        # A title given while another question is asked changes it only when said as one
        # ("抬头改成个人"): "税号我得问下公司", "个人邮箱是…" leave it alone.
        # "还是开公司抬头吧 上海…有限公司 税号9111…": a company's name beside its code changes it too.
        company_with_code = bool(title) and not is_personal(title) and bool(credit_code_in(text, must_have_letter=True))
        changed = any(word in text for word in TITLE_CHANGE_WORDS) and (
            not gives_email_or_code(text) or company_with_code or mentions(text, PERSONAL_CHANGE_WORDS)
        )
        corrected = mentions(text, COMPANY_CORRECTED_WORDS) and bool(company_name_in(text))
        changed = changed or (corrected and not gives_email_or_code(text))
        if title and (self._open("invoice_title", tracker) or changed):
            return {"invoice_title": title}  # "个人 普票就行", a company name: taken whenever said
        simplified = to_simplified(text)
        to_a_company = COMPANY_TITLE_WANTED.search(simplified) and not NOT_THE_COMPANY.search(simplified)
        to_a_company = to_a_company and not mentions(simplified, ("邮箱", "寄到", "发到", "不给报", "不让报", "不能报"))
        # (a 专票 asked beside it says why itself: validate_invoice_type)
        if (
            to_a_company
            and is_personal(tracker.get_slot("invoice_title"))
            and not find_email(text)
            and "专" not in text
        ):
            return {"invoice_title": None}  # the company's name is asked next
        if self._asked("invoice_title", tracker) and not answers_another_slot(text):
            return {"invoice_title": text}
        return {}

    async def extract_tax_id(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> Dict[Text, Any]:
        text = tracker.latest_message.get("text") or ""
        asked = self._asked("tax_id", tracker)
        code = credit_code_in(text, must_have_letter=not asked)
        if code and self._open("tax_id", tracker):
            return {"tax_id": code}
        # A wrong code is re-asked with its reason; "开票要多久啊" is a question, not a code.
        # ("开个人吧 邮箱 lz1968@163.com" while the code is asked: an e-mail, no code typed wrong)
        return {"tax_id": text} if asked and attempts_a_code(text) and not find_email(text) else {}

    async def extract_email(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> Dict[Text, Any]:
        text = tracker.latest_message.get("text") or ""
        email = find_email(text)
        kept = tracker.get_slot("email")
        corrected = kept is not None and email is not None and email.lower() != str(kept).lower()
        if email and (self._open("email", tracker) or corrected):  # "等下 邮箱打错了 是…" while another is asked
            return {"email": email}
        # a credit code sent while the address is asked ("税号9111…") answers another question
        mistyped = attempts_an_email(text) and ("@" in text or not credit_code_in(text, must_have_letter=True))
        return {"email": text} if self._asked("email", tracker) and mistyped else {}

    def validate_invoice_order_id(
        self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> Dict[Text, Any]:
        return validate_order_id_value("invoice_order_id", value, dispatcher, tracker)

    def validate_invoice_type(
        self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> Dict[Text, Any]:
        offered = services.shop().policy.invoice_types
        invoice_type = normalise_invoice_type(value, offered)
        if invoice_type is None:
            dispatcher.utter_message(response="utter_invoice_type_unknown", types=offered_types_text(offered))
        elif invoice_type == SPECIAL and is_personal(tracker.get_slot("invoice_title")):
            # "哦不对 公司报销要专票" after "普票 个人": a 专票 is for a company, whose title is asked
            dispatcher.utter_message(response="utter_invoice_special_needs_company")
            return {"invoice_type": invoice_type, "invoice_title": None}
        elif invoice_type != SPECIAL and tracker.get_slot("invoice_title") is None:
            earlier = personal_title_dropped(tracker)
            if earlier:  # "那算了 还是普票吧" after 专票 dropped "个人": the personal title again
                return {"invoice_type": invoice_type, "invoice_title": earlier}
        return {"invoice_type": invoice_type}

    def validate_invoice_title(
        self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> Dict[Text, Any]:
        if value is None:  # cleared on purpose (a company wanted instead of 个人): asked next
            return {"invoice_title": None}
        title = normalise_title(value)
        if title is None:
            dispatcher.utter_message(response="utter_invoice_title_invalid")
        elif is_personal(title) and tracker.get_slot("invoice_type") == SPECIAL:
            dispatcher.utter_message(response="utter_invoice_special_needs_company")
            title = None
        return {"invoice_title": title}

    def validate_tax_id(
        self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> Dict[Text, Any]:
        code = normalise(str(value))
        problem = credit_code_problem(code)
        if problem:
            dispatcher.utter_message(response="utter_tax_id_invalid", reason=problem)
            return {"tax_id": None}
        return {"tax_id": code}

    def validate_email(
        self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> Dict[Text, Any]:
        email = find_email(str(value))
        if email is None:
            dispatcher.utter_message(response="utter_email_invalid")
        return {"email": email}


class ActionAskInvoiceType(Action):
    """The form's type question; with a company's title given already ("开个发票 公司抬头 成都…有限
    公司"), also that its credit code comes next, so that the shopper can have it ready."""

    def name(self) -> Text:
        return "action_ask_invoice_type"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> List[Dict[Text, Any]]:
        title = tracker.get_slot("invoice_title")
        company = bool(title) and not is_personal(title)
        dispatcher.utter_message(response="utter_ask_invoice_type_company" if company else "utter_ask_invoice_type")
        return []


class ActionAskInvoiceTitle(Action):
    """The form's title question; after "公司的" to which type, the company's full name is asked
    (not "个人还是公司" again)."""

    def name(self) -> Text:
        return "action_ask_invoice_title"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> List[Dict[Text, Any]]:
        latest = to_simplified(tracker.latest_message.get("text") or "")
        company_said = COMPANY_TITLE_WANTED.search(latest) and not NOT_THE_COMPANY.search(latest)
        if tracker.get_slot("invoice_type") != SPECIAL and (type_answered_with_the_company(tracker) or company_said):
            dispatcher.utter_message(response="utter_ask_company_title")
        else:
            dispatcher.utter_message(response="utter_ask_invoice_title")
        return []


class ActionSubmitInvoice(Action):
    def name(self) -> Text:
        return "action_submit_invoice"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> List[Dict[Text, Any]]:
        order_id = tracker.get_slot("invoice_order_id")
        values = {slot: tracker.get_slot(slot) for slot in INVOICE_SLOTS}
        cleared = [SlotSet(slot, None) for slot in INVOICE_SLOTS + ("invoice_order_id",)]
        if not (order_id and values["invoice_type"] and values["invoice_title"] and values["email"]):
            return cleared  # the form was left early; nothing to store
        backend = services.shop()
        focus = [SlotSet("order_id", order_id)]
        registered = backend.get_invoice_request(order_id)
        if registered:
            # Anyone who knows an order number could otherwise redirect its invoice.
            say_already_requested(dispatcher, registered)
            return cleared + focus + offer_events(["utter_invoice_already_requested"])
        request = InvoiceRequest(
            order_id=order_id,
            invoice_type=values["invoice_type"],
            title=values["invoice_title"],
            email=values["email"],
            tax_id=None if is_personal(values["invoice_title"]) else values["tax_id"],
        )
        backend.save_invoice_request(request, services.now())
        dispatcher.utter_message(
            response="utter_invoice_submitted",
            order_id=order_id,
            invoice_type=request.invoice_type,
            invoice_title=request.title,
            email=request.email,
            lead_days=backend.policy.invoice_lead_days,
        )
        return cleared + focus


# "不要普票了", "不用专票": a type the shopper turns down.
NOT_WANTED_TYPE = re.compile(
    r"(?:不要|不用|别开|别要|不开)\s*(?:开)?\s*(?:普票|专票|普通发票|专用发票|增值税专用发票|电子发票|纸质发票)"
)
# The returns answers (a return, price protection) that "那怎么申请啊" may follow.
RETURN_ANSWERS = tuple(f"utter_{topic}_" for topic in ("return", "price_protect"))
# "之前申请的发票什么时候能开好": about a request made before, not a new one.
STATUS_WORDS = ("开好了", "开了没", "开了吗", "开出来了", "之前申请", "申请的发票", "申请过", "进度")
# "还有一单也要开发票": a new request for another order, not the status of the one in focus.
# A message about an invoice names one of these; one that names none is not about an invoice.
NAMES_AN_INVOICE = ("票", "抬头", "税号", "开具", "报销")


def names_an_invoice(tracker: Tracker) -> bool:
    return any(word in (tracker.latest_message.get("text") or "") for word in NAMES_AN_INVOICE)


def reports_a_quality_problem(tracker: Tracker) -> bool:
    return services.shop().policy.names_a_defect(tracker.latest_message.get("text") or "")


# "公司抬头要税号吗", "开好发哪里": questions about what a title needs and where the invoice goes
# (not "抬头上海某某公司", which gives the title).
# "开专票要提供啥", "需要什么资料": what the shopper must give for an invoice
NEEDS_ASKED = re.compile(
    r"(?:要|需要|得)(?:提供|准备|给你们?|填|发)(?:些)?(?:啥|什么|哪些)|(?:需要|要)(?:啥|什么|哪些)(?:资料|信息|材料)"
)
DETAIL_WORDS = ("税号吗", "要税号", "信用代码吗", "发哪", "发到哪", "寄到哪", "怎么给我", "怎么收到", "哪个邮箱")
ANOTHER_ORDER_WORDS = ("还有一单", "另一单", "另外一单", "别的订单", "其他订单", "另一个订单", "另外一个订单")


# With one of WHEN_WORDS, "发票开出来要多久" asks how long it takes; with one of these it also asks for one.
WANTS_ONE_WORDS = (
    *("要开发票", "要开票", "要开专票", "要开普票", "要发票", "需要发票", "要专票", "要普票", "需要专票", "报销"),
    *("开一张", "开张", "开个", "帮我开", "需要开", "想开", "给我开", "申请", "开票吧", "登记"),
    *("能开发票", "可以开发票", "能开专票", "能不能开", "能开吗"),
)


def asks_invoice_status(text: str) -> bool:
    return any(word in text for word in STATUS_WORDS)


def invoice_status_replies(order_id: str) -> List[Reply]:
    backend = services.shop()
    lead_days = backend.policy.invoice_lead_days
    request = backend.get_invoice_request(order_id)
    if request is None:
        return [("utter_invoice_no_record", {"order_id": order_id, "lead_days": lead_days})]
    values = {"order_id": order_id, "invoice_type": request.invoice_type, "invoice_title": request.title}
    return [("utter_invoice_status", {**values, "email": request.email, "lead_days": lead_days})]


def answer_invoice_question(dispatcher: CollectingDispatcher, tracker: Tracker) -> List[Dict[Text, Any]]:
    """The general answer, or the status of the order's request. `invoice_requested` tells the
    rules whether to open the form: not for a registered request, nor for a status question
    (its order number, if still needed, answers the status: pending topic)."""
    backend = services.shop()
    text = tracker.latest_message.get("text") or ""
    named = order_ids_in_message(tracker)
    if asks_the_format(text) and not any(word in text for word in DETAIL_WORDS):
        # "能开纸质发票吗", "發票會寄紙質的給我嗎" after it was registered: electronic, said first (where
        # it goes: the details answer below)
        say_the_format(dispatcher)
    if not named and any(word in text for word in ANOTHER_ORDER_WORDS):
        dispatcher.utter_message(response="utter_invoice_info", lead_days=backend.policy.invoice_lead_days)
        return [SlotSet("order_id", None), SlotSet("invoice_requested", False)]  # the form asks which
    order_id = named[0] if named else order_id_in_focus(tracker)
    order = lookup_order(order_id, tracker) if order_id else None
    request = backend.get_invoice_request(order.order_id) if order is not None else None
    registered = request is not None
    wanted_text = NOT_WANTED_TYPE.sub(" ", text)  # "不要普票了 要专票": the 专票
    named_type = normalise_invoice_type(wanted_text, ALL_TYPES) if canonical("invoice_type", wanted_text) else None
    if request is not None and named_type and named_type != request.invoice_type:
        # "还是普票吧 不用专票了" after the request was registered: the bot cannot change it; a person can
        values = {"order_id": order.order_id, "invoice_type": request.invoice_type, "wanted": named_type}
        return send(dispatcher, [("utter_invoice_change_registered", values)]) + [SlotSet("invoice_requested", True)]
    change = registered_invoice_change(tracker) if registered else None  # "发票邮箱要改 改成…"
    if change:
        return send(dispatcher, change) + [SlotSet("invoice_requested", True)]
    if registered or (order and asks_invoice_status(text)):
        return send(dispatcher, invoice_status_replies(order.order_id)) + [SlotSet("invoice_requested", True)]
    dispatcher.utter_message(response="utter_invoice_info", lead_days=backend.policy.invoice_lead_days)
    if any(word in text for word in DETAIL_WORDS) or NEEDS_ASKED.search(to_simplified(text)):
        dispatcher.utter_message(response="utter_invoice_details")
    if asks_invoice_status(text):
        dispatcher.utter_message(response="utter_ask_order_for_topic")
        return [SlotSet("invoice_requested", True), SlotSet("pending_topic", "invoice_status")]
    wants_one = mentions(text, WANTS_ONE_WORDS) or bool(canonical("invoice_type", text))  # "专票 什么时候能开"
    lead_time_only = not named and not tracker.active_loop_name and not wants_one
    if mentions(text, WHEN_WORDS) and lead_time_only:
        # "顺便问下发票开出来要多久": how long, answered; the form only when one is wanted (an order
        # number given with it, "发票什么时候能开出来 单号7092…", is for one)
        dispatcher.utter_message(response="utter_invoice_when_wanted")
        return [SlotSet("invoice_requested", True)]
    return [SlotSet("invoice_requested", False)]


class ActionExplainInvoice(LeavesFormFirst, Action):
    """The general invoice answer with the usual lead time; for an order whose invoice is already
    registered, or a question about a request made before, its status (and no form)."""

    def name(self) -> Text:
        return "action_explain_invoice"

    async def answer(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> List[Dict[Text, Any]]:
        if about_the_address(tracker):  # "广东省深圳市…" after the bot asked for it: no invoice form
            return await ActionAnswerChangeAddress().run(dispatcher, tracker, domain) + [
                SlotSet("invoice_requested", True)
            ]
        if not names_an_invoice(tracker):
            # "在哪申请啊 找不到" after price protection, "那怎么申请啊" after a return accepted: read
            # as an invoice question, they follow the answer before; no form
            follow_up = answer_follow_up(dispatcher, tracker)
            if follow_up is None and answered_with(tracker, RETURN_ANSWERS):
                follow_up = answer_returns(dispatcher, tracker)
            if follow_up is not None:
                return follow_up + [SlotSet("invoice_requested", True)]
        if not names_an_invoice(tracker) and reports_a_quality_problem(tracker):
            # "那要是质量问题呢 线头开了", read as an invoice question: a return for a quality problem
            return await ActionAnswerReturnPolicy().run(dispatcher, tracker, domain) + [
                SlotSet("invoice_requested", True)
            ]
        return answer_invoice_question(dispatcher, tracker)


# An invoice asked for in so many words ("开专票", "要开个普票"), not only its type named ("专票"),
# or registered with its details in one message ("帮我登记下 9627… 专票 …公司 税号… 邮箱…");
# never one turned down ("不用开发票", "不需要发票").
INVOICE_ASKED_FOR = re.compile(
    r"(?:开|要|需要|申请)(?:个|张|一张|一下)?(?:电子|纸质)?(?:专票|普票|发票|专用发票|普通发票)"
)
INVOICE_TURNED_DOWN = re.compile(
    r"(?:不|无|别|没)(?:用|需|要|想)*(?:开|要)?(?:个|张|一张)?(?:电子|纸质)?(?:专票|普票|发票|专用发票|普通发票)"
)


def asks_for_an_invoice(text: str, told: bool = False) -> bool:
    """`told`: for a message nothing else placed, only an invoice given with its details or
    asked for outright ("退货需要发票吗", "保修要开发票吗" ask about something else)."""
    text = INVOICE_TURNED_DOWN.sub(" ", to_simplified(text))
    with_its_details = bool(canonical("invoice_type", text)) and gives_email_or_code(text)
    asked = bool(INVOICE_ASKED_FOR.search(text))
    if told:
        asked = asked and not ASKS.search(text) and not mentions(text, ("退", "换", "保修"))
    return asked or with_its_details


# "还有6049…这单也要开 一样个人 邮箱也是…" right after an invoice was registered: one for that order too
ANOTHER_ORDER_TOO = ("也要开", "也开", "一样开", "也帮我开", "也得开")


def asks_for_another_invoice(tracker: Tracker) -> bool:
    text = tracker.latest_message.get("text") or ""
    named = bool(order_ids_in_message(tracker))
    return invoice_registered_lately(tracker) and named and mentions(text, ANOTHER_ORDER_TOO)


async def open_the_invoice_form(
    dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
) -> List[Dict[Text, Any]]:
    """The invoice answer as for "要开发票", and the form opened unless the order's invoice is
    registered already (for a message the NLU read as details or did not place)."""
    events = await ActionExplainInvoice().run(dispatcher, tracker, domain)
    opens = SlotSet("invoice_requested", False) in events
    return events + ([FollowupAction("invoice_form")] if opens else [])
