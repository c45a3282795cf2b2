"""The invoice form: type, title, credit code for companies, e-mail; stored with the order."""

import pytest
from rasa_sdk.executor import CollectingDispatcher

from actions.invoice import ActionAskInvoiceTitle, ActionSubmitInvoice, ValidateInvoiceForm
from tests.actions.trackers import bot_said, make_tracker, sent
from tests.conftest import FIXED_NOW

FORM = ValidateInvoiceForm()
DOMAIN_SLOTS = ["invoice_order_id", "invoice_type", "invoice_title", "tax_id", "email"]


def validate(slot, value, slots=None):
    dispatcher = CollectingDispatcher()
    result = getattr(FORM, f"validate_{slot}")(value, dispatcher, make_tracker(str(value), slots=slots), {})
    return result, sent(dispatcher)


@pytest.mark.parametrize(
    "text,expected",
    [
        ("电子普通发票", "普通发票"),
        ("普票就行", "普通发票"),
        ("要专票", "专用发票"),
        ("增值税专用发票", "专用发票"),
    ],
)
def test_invoice_type_is_normalised(text, expected):
    assert validate("invoice_type", text) == ({"invoice_type": expected}, [])


def test_unknown_invoice_type_is_re_asked_with_the_choices():
    assert validate("invoice_type", "随便") == ({"invoice_type": None}, ["utter_invoice_type_unknown"])


@pytest.mark.parametrize(
    "text,expected",
    [
        ("个人", "个人"),
        ("开个人的就行", "个人"),
        ("抬头是杭州星河网络科技有限公司", "杭州星河网络科技有限公司"),
        ("上海某某贸易有限公司", "上海某某贸易有限公司"),
        ("公司的 上海某某贸易有限公司", "上海某某贸易有限公司"),
        ("张伟", "张伟"),
        ("个人 刘洋", "刘洋"),
        ("抬頭是個人", "个人"),  # typed in traditional characters
    ],
)
def test_titles(text, expected):
    assert validate("invoice_title", text)[0] == {"invoice_title": expected}


def test_special_invoice_needs_a_company():
    assert validate("invoice_title", "个人", slots={"invoice_type": "专用发票"}) == (
        {"invoice_title": None},
        ["utter_invoice_special_needs_company"],
    )


def test_valid_company_code_is_accepted():
    assert validate("tax_id", "91110000802100433b") == ({"tax_id": "91110000802100433B"}, [])


def test_wrong_company_code_gets_a_clear_re_ask():
    dispatcher = CollectingDispatcher()
    result = FORM.validate_tax_id("91110000802100433C", dispatcher, make_tracker("x"), {})
    assert result == {"tax_id": None} and sent(dispatcher) == ["utter_tax_id_invalid"]
    assert "校验码" in dispatcher.messages[0]["reason"]


def test_email_is_taken_from_the_sentence():
    assert validate("email", "发到 xiaoli_88@qq.com 谢谢") == ({"email": "xiaoli_88@qq.com"}, [])
    assert validate("email", "xiaoli at qq") == ({"email": None}, ["utter_email_invalid"])


async def test_personal_title_skips_the_credit_code():
    tracker = make_tracker("个人", slots={"invoice_title": "个人"})
    assert "tax_id" not in await FORM.required_slots(DOMAIN_SLOTS, CollectingDispatcher(), tracker, {})
    tracker = make_tracker("x", slots={"invoice_title": "杭州星河网络科技有限公司"})
    assert "tax_id" in await FORM.required_slots(DOMAIN_SLOTS, CollectingDispatcher(), tracker, {})


async def test_submitted_request_is_stored_and_confirmed_with_the_usual_lead_time(shop):
    slots = {
        "invoice_order_id": "3927716640582219",
        "invoice_type": "专用发票",
        "invoice_title": "杭州星河网络科技有限公司",
        "tax_id": "91110000802100433B",
        "email": "finance@xinghe.com",
    }
    dispatcher = CollectingDispatcher()
    events = await ActionSubmitInvoice().run(dispatcher, make_tracker("finance@xinghe.com", slots=slots), {})
    stored = shop.get_invoice_request("3927716640582219")
    assert (stored.title, stored.tax_id, stored.email) == (slots["invoice_title"], slots["tax_id"], slots["email"])
    assert sent(dispatcher) == ["utter_invoice_submitted"]
    assert dispatcher.messages[0]["lead_days"] == shop.policy.invoice_lead_days
    assert {e["name"]: e["value"] for e in events} == {
        **{s: None for s in DOMAIN_SLOTS},
        "order_id": "3927716640582219",
    }


async def test_an_existing_request_is_not_overwritten_from_the_chat(shop):
    slots = {
        "invoice_order_id": "3927716640582219",
        "invoice_type": "普通发票",
        "invoice_title": "个人",
        "email": "owner@qq.com",
    }
    await ActionSubmitInvoice().run(CollectingDispatcher(), make_tracker("x", slots=slots), {})
    dispatcher = CollectingDispatcher()
    await ActionSubmitInvoice().run(dispatcher, make_tracker("x", slots=dict(slots, email="someone@else.com")), {})
    assert sent(dispatcher) == ["utter_invoice_already_requested"]
    assert shop.get_invoice_request("3927716640582219").email == "owner@qq.com"


async def test_a_title_question_after_a_registered_invoice_is_no_change(shop):
    """ "个人跟公司有区别吗" after the registration asks; it changes nothing (no person offered)."""
    from actions.handoff import ActionHandleFailure

    slots = {
        "invoice_order_id": "3927716640582219",
        "invoice_type": "普通发票",
        "invoice_title": "杭州鹿鸣商贸有限公司",
    }
    await ActionSubmitInvoice().run(
        CollectingDispatcher(),
        make_tracker("x", slots={**slots, "tax_id": "91330100MA2B3C4D5E", "email": "a@qq.com"}),
        {},
    )
    registered = bot_said("utter_invoice_submitted")
    dispatcher = CollectingDispatcher()
    tracker = make_tracker(
        "个人跟公司有区别吗", "nlu_fallback", slots={"order_id": "3927716640582219"}, bot_turn=registered
    )
    await ActionHandleFailure().run(dispatcher, tracker, {})
    assert "utter_invoice_detail_change_registered" not in sent(dispatcher), sent(dispatcher)


@pytest.mark.parametrize("text", ["随便", "好的", "发票"])
def test_a_word_that_is_no_title_is_re_asked(text):
    assert validate("invoice_title", text) == ({"invoice_title": None}, ["utter_invoice_title_invalid"])


async def extract(slot, text, slots=None):
    tracker = make_tracker(text, "inform", slots=slots)
    return await getattr(FORM, f"extract_{slot}")(CollectingDispatcher(), tracker, {})


async def test_what_the_shopper_says_up_front_is_kept(shop):
    text = "8702251946638813这单要开专票 抬头上海某某贸易有限公司"
    assert await extract("invoice_order_id", text) == {"invoice_order_id": "8702251946638813"}
    assert await extract("invoice_type", text) == {"invoice_type": text}
    assert await extract("invoice_title", text) == {"invoice_title": "上海某某贸易有限公司"}
    assert await extract("email", text) == {} and await extract("tax_id", text) == {}


async def test_an_answer_to_one_question_is_not_read_as_another(shop):
    asked_type = {"requested_slot": "invoice_type"}
    assert await extract("invoice_order_id", "专用发票", {"requested_slot": "invoice_order_id"}) == {
        "invoice_order_id": "专用发票"
    }  # digit-free: not counted as a wrong number (test_orders.py)
    assert await extract("invoice_title", "专用发票", asked_type) == {}
    assert await extract("email", "专用发票", asked_type) == {}
    # a credit code or an e-mail while the type is asked: no "请选择其中一种"
    assert await extract("invoice_type", "税号91110000802100433C", asked_type) == {}
    assert await extract("invoice_type", "发邮箱lanjing_cw@qq.com", asked_type) == {}
    assert await extract("invoice_type", "普票就行 发邮箱lanjing_cw@qq.com", asked_type) != {}


@pytest.mark.parametrize(
    "text,email",
    [("kefu-test@example.com", "kefu-test@example.com"), ("邮箱 happy_cat@163.com 谢谢", "happy_cat@163.com"),
     ("caiwu@xiaolu-tech.com", "caiwu@xiaolu-tech.com"), ("test_a@163.com", "test_a@163.com")],
)  # fmt: skip
async def test_ordinary_email_addresses_are_kept_whole(shop, text, email):
    assert await extract("email", text, {"requested_slot": "email"}) == {"email": email}


async def test_a_credit_code_typed_with_spaces_is_read_whole(shop):
    asked = {"requested_slot": "tax_id"}
    assert await extract("tax_id", "9111 0000 8021 0043 3B", asked) == {"tax_id": "91110000802100433B"}
    assert validate("tax_id", "91110000802100433B") == ({"tax_id": "91110000802100433B"}, [])


async def test_a_corrected_credit_code_after_the_letter_it_fixes_is_read_alone(shop):
    """ "啊打错了 最后一位是B 91110000802100433B" was read as one 28-character code."""
    asked = {"requested_slot": "tax_id"}
    told = "啊打错了 最后一位是B 91110000802100433B"
    assert await extract("tax_id", told, asked) == {"tax_id": "91110000802100433B"}


async def test_an_all_digit_credit_code_told_before_it_is_asked_is_read(shop):
    """ "税号914201007354921810 普票" while the order number is awaited: the code (it was looked up
    as an order not found), also mistyped beside the company's name (then said to be wrong)."""
    awaiting_order = {"requested_slot": "invoice_type"}
    told = "税号914201007354921810 普票"
    assert await extract("tax_id", told, awaiting_order) == {"tax_id": "914201007354921810"}
    beside = "南京金陵教育咨询有限公司 913201006623184996"
    assert await extract("tax_id", beside, awaiting_order) == {"tax_id": "913201006623184996"}


FORM_DOMAIN = {
    "slots": {slot: {"type": "text", "mappings": [{"type": "custom"}]} for slot in DOMAIN_SLOTS},
    "forms": {"invoice_form": {"required_slots": DOMAIN_SLOTS}},
}


async def run_form(text, slots, intent="inform"):
    """What rasa_sdk's form validation keeps and says for one message."""
    dispatcher = CollectingDispatcher()
    events = await FORM.run(dispatcher, make_tracker(text, intent, slots=slots), FORM_DOMAIN)
    return {e["name"]: e["value"] for e in events}, sent(dispatcher)


async def test_personal_and_type_said_before_the_order_number_are_kept_and_said_to_be(shop):
    """Kept, and said so before the form asks for the order number again (else the same question
    comes back as if the answer was lost)."""
    kept, said = await run_form("个人 普票就行", {"requested_slot": "invoice_order_id"})
    assert kept["invoice_title"] == "个人" and kept["invoice_type"] == "普通发票"
    assert said == ["utter_invoice_details_noted"]


async def test_a_type_noted_before_the_order_number_is_named_as_understood(shop):
    # "能开专票吗" without an order: "发票类型(专用发票)…先记下啦", not only "发票类型"
    dispatcher = CollectingDispatcher()
    tracker = make_tracker("能开专票吗", "ask_invoice", slots={"requested_slot": "invoice_order_id"})
    await FORM.run(dispatcher, tracker, FORM_DOMAIN)
    assert dispatcher.messages[0]["noted"] == "发票类型(专用发票)"


async def test_an_email_sent_while_the_order_number_is_asked_is_kept_and_said_to_be(shop):
    slots = {"requested_slot": "invoice_order_id", "invoice_type": "专用发票"}
    dispatcher = CollectingDispatcher()
    events = await FORM.run(dispatcher, make_tracker("邮箱xiaoli_2026@163.com", "inform", slots=slots), FORM_DOMAIN)
    assert {e["name"]: e["value"] for e in events}["email"] == "xiaoli_2026@163.com"
    assert (
        sent(dispatcher) == ["utter_invoice_details_noted"]
        and dispatcher.messages[0]["noted"] == "邮箱(xiaoli_2026@163.com)"
    )


async def test_a_change_of_mind_replaces_the_type_and_asks_no_credit_code(shop):
    slots = {"invoice_order_id": "6374409218856630", "invoice_type": "专用发票", "requested_slot": "invoice_title"}
    kept, said = await run_form("啊不对 还是普票吧 个人的 不用公司", slots)
    assert kept["invoice_type"] == "普通发票" and kept["invoice_title"] == "个人" and said == []


async def test_a_personal_title_instead_while_the_credit_code_is_asked_needs_no_code(shop):
    """ "烦死了 那不开公司了 开个人的吧" after a wrong code: the title is 个人, no code asked again."""
    slots = {
        "invoice_order_id": "3051729946021837",
        "invoice_type": "普通发票",
        "invoice_title": "上海明辉贸易有限公司",
        "requested_slot": "tax_id",
    }
    kept, said = await run_form("烦死了 那不开公司了 开个人的吧", slots)
    assert kept.get("invoice_title") == "个人" and "utter_ask_tax_id" not in said, (kept, said)


async def test_an_email_sent_when_the_title_was_asked_is_kept_as_the_email(shop):
    slots = {"invoice_order_id": "3051729946021837", "invoice_type": "普通发票", "requested_slot": "invoice_title"}
    kept, said = await run_form("xiaoli_88@163.com", slots)
    assert kept == {"email": "xiaoli_88@163.com"} and said == []


@pytest.mark.parametrize("text", ["先不开了 谢谢", "算了 不用了"])
async def test_the_shopper_can_leave_the_form(shop, text):
    kept, said = await run_form(text, {"invoice_type": "普通发票", "requested_slot": "invoice_title"})
    assert said == ["utter_form_stopped"] and kept["requested_slot"] is None
    # Rasa ends a form on an empty requested slot only when some slot is set too (else it
    # rejects the validation and asks again): the answers are cleared
    assert kept["invoice_type"] is None and set(kept) > {"invoice_type", "invoice_title", "email"}


async def test_leaving_for_a_parcel_question_leaves_it_to_the_interrupting_rule(shop):
    """ "先不开了 快递单号给我下" (short enough to read as only leaving) got "那就先不办理了" and no
    number: the validation keeps nothing, so Rasa rejects the form and the track_parcel rule
    answers, ending the form first (LeavesFormFirst)."""
    dispatcher = CollectingDispatcher()
    slots = {"invoice_order_id": "5502819946637128", "requested_slot": "invoice_type"}
    tracker = make_tracker("先不开了 快递单号给我下", "track_parcel", slots=slots)
    events = await FORM.run(dispatcher, tracker, FORM_DOMAIN)
    assert "utter_form_stopped" not in sent(dispatcher)
    assert not [e for e in events if e.get("name") == "invoice_type" and e.get("value")]


async def test_leaving_with_a_reason_after_it_still_leaves_the_form(shop):
    """ "先不开了 收到货再说", read as a parcel question, got the parcel answer and the form again."""
    dispatcher = CollectingDispatcher()
    slots = {"invoice_order_id": "7305528816490372", "invoice_type": "普通发票", "requested_slot": "email"}
    tracker = make_tracker("先不开了 收到货再说", "track_parcel", slots=slots)
    await FORM.run(dispatcher, tracker, FORM_DOMAIN)
    assert sent(dispatcher) == ["utter_form_stopped"]


async def test_a_reason_then_leaving_leaves_the_form(shop):
    # longer than a bare "先不开了", and naming the 税号 it lacks: still the shopper leaving
    slots = {"invoice_type": "专用发票", "invoice_title": "北京明歌文化传媒有限公司", "requested_slot": "tax_id"}
    kept, said = await run_form("税号我得问下财务 先不开了", slots)
    assert said == ["utter_form_stopped"] and kept["requested_slot"] is None


async def test_a_reason_then_leaving_read_as_an_invoice_question_only_leaves(shop):
    from actions.invoice import ActionExplainInvoice

    domain = {"forms": {"invoice_form": {"required_slots": ["invoice_order_id", "invoice_type", "tax_id"]}}}
    tracker = make_tracker("税号我得问下财务 先不开了", "ask_invoice", slots={"requested_slot": "tax_id"})
    tracker.active_loop = {"name": "invoice_form"}
    dispatcher = CollectingDispatcher()
    events = await ActionExplainInvoice().run(dispatcher, tracker, domain)
    assert sent(dispatcher) == ["utter_form_stopped"]  # not the invoice rules, nor the code asked again
    assert {"event": "active_loop", "name": None} in [{k: e.get(k) for k in ("event", "name")} for e in events]


async def test_back_to_a_plain_invoice_the_personal_title_dropped_for_the_special_one_returns(shop):
    # "开发票 个人的", "专票" (a 专票 needs a company: the title was dropped), then "那算了 还是普票吧"
    dropped = [
        {"event": "slot", "name": "invoice_title", "value": "个人"},
        *bot_said("utter_invoice_special_needs_company"),
    ]
    dropped.insert(1, {"event": "slot", "name": "invoice_title", "value": None})
    tracker = make_tracker(
        "那算了 还是普票吧",
        "deny",
        slots={"invoice_type": "专用发票", "requested_slot": "invoice_title", "invoice_order_id": "2093347718856642"},
        bot_turn=dropped,
    )
    dispatcher = CollectingDispatcher()
    events = await FORM.run(dispatcher, tracker, FORM_DOMAIN)
    kept = {e["name"]: e["value"] for e in events}
    assert kept["invoice_type"] == "普通发票" and kept["invoice_title"] == "个人"


async def test_back_to_a_plain_invoice_a_personal_title_told_with_the_special_one_returns(shop):
    """ "2093… 开发票 抬头个人 要专票" (个人 never held: a 专票 needs a company), then "那还是普票吧":
    the title was asked again, and the e-mail sent next was taken for it."""
    opened = [
        {"event": "active_loop", "name": "invoice_form"},
        {"event": "slot", "name": "invoice_title", "value": None},
        *bot_said("utter_invoice_special_needs_company"),
    ]
    tracker = make_tracker(
        "那还是普票吧",
        "deny",
        slots={"invoice_type": "专用发票", "requested_slot": "invoice_title", "invoice_order_id": "2093347718856642"},
        history=[("2093347718856642 开发票 抬头个人 要专票", "ask_invoice")],
        bot_turn=opened,
    )
    events = await FORM.run(CollectingDispatcher(), tracker, FORM_DOMAIN)
    kept = {e["name"]: e["value"] for e in events}
    assert kept["invoice_type"] == "普通发票" and kept["invoice_title"] == "个人", kept


@pytest.mark.parametrize(
    "text,slots",
    [("个人的 我没有邮箱咋办 能寄纸的吗", {}),  # a question about paper beside the title
     ("那用我闺女的邮箱吧 liuxiaomei88@163.com", {"invoice_title": "个人"})],  # the title told before
)  # fmt: skip
async def test_a_personal_title_makes_it_a_plain_invoice_without_asking_the_type(shop, text, slots):
    """A person can only get a 普票: "请问亲需要开哪种发票呢?" came back after 个人, and after the address."""
    slots = {"invoice_order_id": "5502819946637128", "requested_slot": "invoice_type", **slots}
    kept, said = await run_form(text, slots)
    assert kept["invoice_type"] == "普通发票" and "utter_ask_invoice_type" not in said, (kept, said)


async def test_changing_the_answer_is_not_leaving(shop):
    kept, said = await run_form("算了 还是开普票吧", {"invoice_type": "专用发票", "requested_slot": "invoice_title"})
    assert kept["invoice_type"] == "普通发票" and said == []


async def test_a_personal_email_keeps_the_company_title(shop):
    slots = {
        "invoice_order_id": "2518864930027745",
        "invoice_type": "普通发票",
        "invoice_title": "上海某某贸易有限公司",
    }
    kept, _ = await run_form(
        "个人邮箱 caiwu@xiaolu-tech.com", {**slots, "tax_id": "91110000802100433B", "requested_slot": "email"}
    )
    assert kept == {"email": "caiwu@xiaolu-tech.com"}


async def test_a_company_and_its_code_while_the_email_is_asked_replace_a_personal_title(shop):
    """ "哦不对 还是开公司抬头吧 上海…有限公司 税号9111…" after a personal title: the company is the
    title and its code kept, and the code is no mistyped e-mail address."""
    slots = {"invoice_order_id": "2518864930027745", "invoice_type": "普通发票", "invoice_title": "李晓"}
    text = "哦不对 还是开公司抬头吧 上海晓李文化传媒有限公司 税号91110000802100433B"
    kept, said = await run_form(text, {**slots, "requested_slot": "email"})
    assert kept["invoice_title"] == "上海晓李文化传媒有限公司" and kept["tax_id"] == "91110000802100433B"
    assert "email" not in kept and "utter_email_invalid" not in said


async def test_giving_up_and_asking_in_one_message_opens_the_form(shop):
    kept, said = await run_form("算了 还是帮我开个发票吧", {})
    assert said != ["utter_form_stopped"] and kept.get("requested_slot", "kept") is not None


async def explain(text, slots=None, entities=None):
    from actions.invoice import ActionExplainInvoice

    dispatcher = CollectingDispatcher()
    tracker = make_tracker(text, "ask_invoice", slots=slots, entities=entities)
    events = await ActionExplainInvoice().run(dispatcher, tracker, {})
    return sent(dispatcher), {e["name"]: e["value"] for e in events}


async def test_a_status_question_without_an_order_asks_for_it_and_opens_no_form(shop):
    said, slots = await explain("之前申请的发票什么时候能开好呀")
    assert said == ["utter_invoice_info", "utter_ask_order_for_topic"]
    assert slots == {"invoice_requested": True, "pending_topic": "invoice_status"}


async def test_a_status_question_for_an_order_without_a_request_says_there_is_none(shop):
    said, slots = await explain("4417062395810264 的发票开好了吗", entities={"order_id": "4417062395810264"})
    assert said == ["utter_invoice_no_record"] and slots == {"invoice_requested": True}


@pytest.mark.parametrize("text", ["顺便问下发票开出来要多久", "开票一般几天啊", "发票一般要开几天啊"])
async def test_how_long_an_invoice_takes_is_answered_without_opening_the_form(shop, text):
    """ "发票开出来要多久" got the lead time and then "请问亲需要开哪种发票呢?", unasked."""
    said, slots = await explain(text, slots={"order_id": "4721095536680142"})
    assert said == ["utter_invoice_info", "utter_invoice_when_wanted"] and slots == {"invoice_requested": True}


@pytest.mark.parametrize(
    "text",
    ["要开发票 多久能开好", "发票什么时候能开出来啊 单号7092264183357710458", "我要发票 多久能开出来",
     "公司报销需要专票 什么时候能开", "能开发票吗 几天能开好"],
)  # fmt: skip
async def test_how_long_asked_with_a_request_opens_the_form(shop, text):
    """Asked for, or for the order named with it: the form follows."""
    said, slots = await explain(text)
    assert said == ["utter_invoice_info"] and slots == {"invoice_requested": False}


async def test_a_plain_invoice_question_opens_the_form(shop):
    said, slots = await explain("能开发票吗")
    assert said == ["utter_invoice_info"] and slots == {"invoice_requested": False}


async def test_what_a_company_title_needs_and_where_the_invoice_goes_is_answered(shop):
    said, slots = await explain("发票开公司抬头的话要税号吗 开好发哪里")
    assert said == ["utter_invoice_info", "utter_invoice_details"] and slots == {"invoice_requested": False}
    said, _ = await explain("开普票 抬头上海某某贸易有限公司")
    assert said == ["utter_invoice_info"]  # the title given, not asked about: the form asks on


@pytest.mark.parametrize(
    "text,asked",
    [("税号我得问下公司", "tax_id"), ("发我个人邮箱可以吗", "email"), ("税号我个人不清楚 要问下财务", "tax_id")],
)
async def test_a_title_word_in_another_answer_does_not_change_the_title(shop, text, asked):
    slots = {
        "invoice_order_id": "2518864930027745",
        "invoice_type": "专用发票",
        "invoice_title": "上海某某贸易有限公司",
    }
    kept, _ = await run_form(text, {**slots, "requested_slot": asked})
    assert "invoice_title" not in kept


@pytest.mark.parametrize("text", ["算了 写个人吧", "纸质的不要了 电子的就行", "抬头写个人就行 税号不需要了吧"])
async def test_an_answer_with_a_stop_word_is_still_an_answer(shop, text):
    _, said = await run_form(text, {"invoice_order_id": "2518864930027745", "requested_slot": "invoice_type"})
    assert "utter_form_stopped" not in said


@pytest.mark.parametrize("text", ["等下 抬头也写错了 应该是杭州鹿鸣商贸有限公司", "抬头改成杭州鹿鸣商贸有限公司"])
def test_a_corrected_company_name_is_stored_without_its_lead_in(text):
    from actions.invoice import company_name_in

    assert company_name_in(text) == "杭州鹿鸣商贸有限公司"  # once saved as "应该是杭州鹿鸣商贸有限公司"


@pytest.mark.parametrize(
    "text,name",
    [("抬头：杭州青禾贸易有限公司 税号91110000802100433B", "杭州青禾贸易有限公司"),  # once "：杭州…"
     ("开专票!!公司名称:武汉 和光 餐饮管理有限公司,税号:91420100MA4K2RTE6H", "武汉和光餐饮管理有限公司"),
     ("好的 上海鹿鸣贸易有限公司", "上海鹿鸣贸易有限公司"),  # no lead-in: 好的 is no part of it
     ("公司叫深圳市鹿鸣科技有限公司 税号91110000802100433B", "深圳市鹿鸣科技有限公司"),  # once "叫深圳…"
     ("抬头 是 杭州鹿鸣商贸有限公司", "杭州鹿鸣商贸有限公司")],  # 是 is no piece of the name
)  # fmt: skip
def test_a_company_name_after_a_full_width_colon_or_typed_with_spaces_is_whole(text, name):
    from actions.invoice import company_name_in

    assert company_name_in(text) == name  # the spaced one was saved as "餐饮管理有限公司"


async def test_a_traditional_company_name_is_stored_as_typed(shop):
    from rasa_sdk import Tracker

    tracker = make_tracker("香港华潤贸易有限公司", "inform", slots={"requested_slot": "invoice_title"})
    state = tracker.current_state()
    state["events"][-1]["text"] = "香港華潤貿易有限公司"  # the user event keeps what was typed
    title = await FORM.extract_invoice_title(CollectingDispatcher(), Tracker.from_dict(state), {})
    assert title == {"invoice_title": "香港華潤貿易有限公司"}


async def test_another_order_opens_the_form_without_the_order_in_focus(shop):
    said, slots = await explain("还有一单也要开发票", slots={"order_id": "2518864930027745"})
    assert said == ["utter_invoice_info"] and slots == {"order_id": None, "invoice_requested": False}


@pytest.mark.parametrize(
    "text,intent,answers",
    [
        ("还有个单子 7758204319962054 到哪了", "track_parcel", False),
        ("7758204319962054", "track_parcel", True),  # a bare number read as a parcel question still answers
        ("订单号是 7758204319962054 哦", "track_parcel", True),
        ("7758204319962054 这单要开", "inform", True),
    ],
)
async def test_a_parcel_question_naming_an_order_does_not_answer_the_order_question(shop, text, intent, answers):
    tracker = make_tracker(text, intent, slots={"requested_slot": "invoice_order_id"})
    extracted = await FORM.extract_invoice_order_id(CollectingDispatcher(), tracker, {})
    assert extracted == ({"invoice_order_id": "7758204319962054"} if answers else {})


async def test_a_quality_problem_read_as_an_invoice_question_gets_the_returns_answer(shop):
    said, slots = await explain("那要是质量问题呢 线头开了")
    assert "utter_invoice_info" not in said and slots.get("invoice_requested") is True  # and no form


async def test_a_question_while_the_credit_code_is_asked_is_not_a_wrong_code(shop):
    """ "开票要多久啊" got "这个统一社会信用代码好像不对(应为18位,您发的是6位)"."""
    slots = {
        **{"invoice_order_id": "8702251946638813", "invoice_type": "专用发票"},
        **{"invoice_title": "杭州鹿鸣科技有限公司", "requested_slot": "tax_id"},
    }
    kept, said = await run_form("开票要多久啊", slots)
    assert "tax_id" not in kept and said == []
    kept, said = await run_form("91110000802100433C", slots)
    assert said == ["utter_tax_id_invalid"]  # a wrong code is still re-asked with its reason


async def test_when_the_invoice_comes_asked_inside_the_form_is_answered_and_nothing_is_filled(shop):
    """ "一般多久能开出来" while the order number is asked got the same question again, unanswered."""
    dispatcher = CollectingDispatcher()
    tracker = make_tracker("一般多久能开出来", "ask_invoice", slots={"requested_slot": "invoice_order_id"})
    events = await FORM.run(dispatcher, tracker, FORM_DOMAIN)
    assert sent(dispatcher) == ["utter_invoice_when"]
    assert not {e["name"]: e["value"] for e in events}.get("invoice_order_id")


async def test_another_type_asked_for_a_registered_request_offers_a_person_to_change_it(shop):
    """ "还是普票吧 不用专票了" after the request was saved: it stays as saved unless a person changes
    it, and the shopper is told so (not the status again)."""
    slots = {"invoice_order_id": "3927716640582219", "invoice_type": "专用发票", "tax_id": "91110000802100433B"}
    slots |= {"invoice_title": "上海某某贸易有限公司", "email": "caiwu@xiaolu-tech.com"}
    await ActionSubmitInvoice().run(CollectingDispatcher(), make_tracker("x", slots=slots), {})
    said, set_slots = await explain("还是普票吧 不用专票了", {"order_id": "3927716640582219"})
    assert said == ["utter_invoice_change_registered"] and set_slots["offer"] == "human"
    assert shop.get_invoice_request("3927716640582219").invoice_type == "专用发票"
    said, _ = await explain("发票开好了吗", {"order_id": "3927716640582219"})
    assert said == ["utter_invoice_status"]


async def test_a_special_invoice_after_a_personal_title_asks_for_the_company(shop):
    """ "哦不对 公司报销要专票 那我要开专票" after "普票就行 个人": the type changes, and the personal
    title goes with it, so the company's name is asked; never a 专票 registered for "个人"."""
    slots = {"invoice_order_id": "9413372068815524", "invoice_type": "普通发票", "invoice_title": "个人"}
    kept, said = await run_form("哦不对 公司报销要专票 那我要开专票", {**slots, "requested_slot": "email"})
    assert kept["invoice_type"] == "专用发票" and kept["invoice_title"] is None
    assert said == ["utter_invoice_special_needs_company"]


@pytest.mark.parametrize(
    "text,cleared",
    [
        ("哦不对 公司报销的 抬头写公司", True),
        ("开给单位吧", True),
        ("開給公司吧 要報銷", True),
        ("公司邮箱行吗 caiwu@xiaolu-tech.com", False),  # an e-mail for the personal invoice
        ("发票发我公司邮箱吧", False),
        ("公司不给报销的", False),
        ("单位不让报销", False),
        ("发票寄到公司吗", False),
        ("税号我得问下公司", False),
    ],
)
async def test_a_company_wanted_instead_of_a_personal_title_asks_its_name(shop, text, cleared):
    """ "哦不对 公司报销的 抬头写公司" after "普票 个人" while the e-mail is asked: the personal title
    goes and the company's name is asked next (it got the invoice rules and the e-mail again)."""
    slots = {"invoice_order_id": "9413372068815524", "invoice_type": "普通发票", "invoice_title": "个人"}
    kept, _ = await run_form(text, {**slots, "requested_slot": "email"})
    assert ("invoice_title" in kept and kept["invoice_title"] is None) == cleared


async def test_the_company_wanted_is_asked_by_its_name(shop):
    from actions.invoice import ActionAskInvoiceTitle

    dispatcher = CollectingDispatcher()
    slots = {"invoice_type": "普通发票", "requested_slot": "invoice_title"}
    await ActionAskInvoiceTitle().run(dispatcher, make_tracker("哦不对 公司报销的 抬头写公司", slots=slots), {})
    assert sent(dispatcher) == ["utter_ask_company_title"]


@pytest.mark.parametrize(
    "text,intent",
    [
        ("哎呀邮箱打错了 是owner_nj@126.com", "nlu_fallback"),
        ("发票邮箱要改 改成owner_nj@126.com", "ask_invoice"),
        ("抬头改成公司吧 南京陈记商贸有限公司", "ask_invoice"),
        ("开错了能改吗 公司名少写了个字", "change_address"),  # not "地址没办法再修改了"
        ("抬头 武汉楚天科技有限公司 税号91110000802100433B", "inform"),  # a company's name for 个人
    ],
)
async def test_another_email_or_title_for_a_registered_invoice_offers_a_person(shop, text, intent):
    """After "已为订单…登记开票…发送至 owner@qq.com", a new address or title is not taken silently
    (the old one would still be used): the bot says where it goes now and offers a person."""
    from actions.handoff import ActionHandleFailure
    from actions.invoice import ActionExplainInvoice

    slots = {"invoice_order_id": "3927716640582219", "invoice_type": "普通发票", "invoice_title": "个人"}
    await ActionSubmitInvoice().run(
        CollectingDispatcher(), make_tracker("x", slots={**slots, "email": "owner@qq.com"}), {}
    )
    registered = bot_said("utter_invoice_submitted")
    tracker = make_tracker(text, intent, slots={"order_id": "3927716640582219"}, bot_turn=registered)
    from actions.address import ActionAnswerChangeAddress
    from actions.dialogue import ActionHandleInform

    actions = {"nlu_fallback": ActionHandleFailure(), "change_address": ActionAnswerChangeAddress()}
    actions["inform"] = ActionHandleInform()
    action = actions.get(intent) or ActionExplainInvoice()
    dispatcher = CollectingDispatcher()
    events = await action.run(dispatcher, tracker, {})
    assert sent(dispatcher) == ["utter_invoice_detail_change_registered"]
    assert dispatcher.messages[0]["email"] == "owner@qq.com"
    assert {"event": "slot", "timestamp": None, "name": "offer", "value": "human"} in events
    assert shop.get_invoice_request("3927716640582219").email == "owner@qq.com"


async def test_a_registered_request_is_said_as_soon_as_its_order_number_is_given(shop):
    """Asked the type, the title and the e-mail first, the shopper only then heard the order had a
    registered request (and could not learn what it held): now at once, with what it holds."""
    from kefu.shop.models import InvoiceRequest

    registered = InvoiceRequest("2518864930027745", "专用发票", "上海小鹿科技有限公司", "caiwu@xiaolu.com", None)
    shop.save_invoice_request(registered, FIXED_NOW)
    kept, said = await run_form("2518864930027745", {"requested_slot": "invoice_order_id", "invoice_type": "普通发票"})
    assert said == ["utter_invoice_already_requested"]
    assert kept["requested_slot"] is None and kept["invoice_order_id"] is None and kept["invoice_type"] is None
    assert kept["offer"] == "human"  # "好的" next accepts the person who can change it
    fresh, asked_on = await run_form("3927716640582219", {"requested_slot": "invoice_order_id"})
    assert fresh["invoice_order_id"] == "3927716640582219" and asked_on == []


async def test_a_personal_title_with_an_email_while_the_type_is_asked_is_an_ordinary_invoice(shop):
    """ "个人 mingge_bj@139.com" when asked which type got the type question again: a person's
    invoice can only be a 普票."""
    kept, said = await run_form(
        "个人 mingge_bj@139.com", {"invoice_order_id": "6051183427769934", "requested_slot": "invoice_type"}
    )
    assert kept["invoice_type"] == "普通发票" and kept["invoice_title"] == "个人"
    assert kept["email"] == "mingge_bj@139.com"


async def test_a_company_title_while_the_type_is_asked_is_kept_and_the_type_asked_again(shop):
    """ "公司的 南京陈氏母婴用品有限公司" when asked which type got "请选择其中一种" as if wrong."""
    slots = {"invoice_order_id": "3927716640582219", "requested_slot": "invoice_type"}
    kept, said = await run_form("公司的 南京陈氏母婴用品有限公司", slots)
    assert kept["invoice_title"] == "南京陈氏母婴用品有限公司" and not kept.get("invoice_type")
    assert "utter_invoice_type_unknown" not in said and "utter_invoice_details_noted" in said
    # in the form, where the type then goes last and the title is read first
    dispatcher = CollectingDispatcher()
    tracker = make_tracker("公司的 南京陈氏母婴用品有限公司", "inform", slots=slots, bot_turn=FORM_ASKED_THE_TYPE)
    events = await FORM.run(dispatcher, tracker, FORM_DOMAIN)
    assert "utter_invoice_type_unknown" not in sent(dispatcher)
    assert {e["name"]: e["value"] for e in events}.get("requested_slot") == "tax_id"


FORM_ASKED_THE_TYPE = [
    {"event": "active_loop", "name": "invoice_form"},
    {"event": "slot", "name": "requested_slot", "value": "invoice_type"},
]


async def test_company_as_the_answer_to_which_type_asks_the_company_next_and_the_type_last(shop):
    """ "公司的" when asked which type got "请选择其中一种", and the type question came back after
    every later answer (four times in one chat). Who it is for: the company's details next."""
    slots = {"invoice_order_id": "2746601938845217", "requested_slot": "invoice_type"}
    dispatcher = CollectingDispatcher()
    tracker = make_tracker("公司的", "inform", slots=slots, bot_turn=FORM_ASKED_THE_TYPE)
    events = await FORM.run(dispatcher, tracker, FORM_DOMAIN)
    assert "utter_invoice_type_unknown" not in sent(dispatcher)
    assert {e["name"]: e["value"] for e in events}.get("requested_slot") == "invoice_title"
    # a slot event besides requested_slot: else Rasa rejects the form's turn and answers it as
    # something else ("收到啦亲~ 请问您是想了解哪方面的问题呢?")
    assert any(e["name"] != "requested_slot" for e in events)
    # the company's name two turns later: its credit code is asked, not the type again
    later = make_tracker(
        "武汉周氏建材有限公司",
        "inform",
        slots={**slots, "requested_slot": "invoice_title"},
        bot_turn=FORM_ASKED_THE_TYPE
        + [{"event": "user", "text": "公司的"}, {"event": "slot", "name": "requested_slot", "value": "invoice_title"}],
    )
    events = await FORM.run(CollectingDispatcher(), later, FORM_DOMAIN)
    assert {e["name"]: e["value"] for e in events}.get("requested_slot") == "tax_id"


async def test_the_title_question_after_company_asks_its_full_name_not_person_or_company(shop):
    dispatcher = CollectingDispatcher()
    slots = {"invoice_order_id": "2746601938845217", "requested_slot": "invoice_title"}
    history = FORM_ASKED_THE_TYPE + [
        {"event": "user", "text": "公司的"},
        {"event": "slot", "name": "requested_slot", "value": "invoice_title"},
    ]
    await ActionAskInvoiceTitle().run(dispatcher, make_tracker("公司的", slots=slots, bot_turn=history), {})
    assert sent(dispatcher) == ["utter_ask_company_title"]
    dispatcher = CollectingDispatcher()
    await ActionAskInvoiceTitle().run(dispatcher, make_tracker("普票", slots=slots, bot_turn=FORM_ASKED_THE_TYPE), {})
    assert sent(dispatcher) == ["utter_ask_invoice_title"]


@pytest.mark.parametrize(
    "asked, said",
    [("invoice_type", "公司 普票就行"), ("invoice_title", "开公司的"), ("invoice_title", "还是开公司的吧"),
     ("invoice_title", "不是个人 是公司")],  # a type beside; the title asked; no company turned down
)  # fmt: skip
async def test_the_company_said_without_its_name_gets_its_name_asked_not_person_or_company(shop, asked, said):
    dispatcher = CollectingDispatcher()
    slots = {"invoice_order_id": "2746601938845217", "invoice_type": "普通发票", "requested_slot": "invoice_title"}
    history = [
        {"event": "active_loop", "name": "invoice_form"},
        {"event": "slot", "name": "requested_slot", "value": asked},
        {"event": "user", "text": said},
        {"event": "slot", "name": "requested_slot", "value": "invoice_title"},
    ]
    await ActionAskInvoiceTitle().run(dispatcher, make_tracker(said, slots=slots, bot_turn=history), {})
    assert sent(dispatcher) == ["utter_ask_company_title"]


@pytest.mark.parametrize("said", ["不是公司 我自己报销用", "个人和公司有啥区别", "公司报销不了 开个人的吧"])
async def test_no_company_chosen_gets_person_or_company_asked_not_the_company_name(shop, said):
    dispatcher = CollectingDispatcher()
    slots = {"invoice_order_id": "2746601938845217", "invoice_type": "普通发票", "requested_slot": "invoice_title"}
    history = [
        {"event": "active_loop", "name": "invoice_form"},
        {"event": "slot", "name": "requested_slot", "value": "invoice_title"},
        {"event": "user", "text": said},
        {"event": "slot", "name": "requested_slot", "value": "invoice_title"},
    ]
    await ActionAskInvoiceTitle().run(dispatcher, make_tracker(said, slots=slots, bot_turn=history), {})
    assert sent(dispatcher) == ["utter_ask_invoice_title"]


async def test_the_type_put_off_is_taken_beside_the_email_that_was_asked(shop):
    """ "普通的 发邮箱zhou_laozhou@sina.com" when the type was put off to last: the address was
    kept and the type asked again, as if "普通的" had not been said."""
    slots = {
        "invoice_order_id": "2746601938845217",
        "invoice_title": "武汉周氏建材有限公司",
        "tax_id": "91110000802100433B",
        "requested_slot": "email",
    }
    kept, said = await run_form("普通的 发邮箱zhou_laozhou@sina.com", slots)
    assert kept["invoice_type"] == "普通发票" and kept["email"] == "zhou_laozhou@sina.com"


PUT_OFF = FORM_ASKED_THE_TYPE + [
    {"event": "user", "text": "公司的"},
    {"event": "slot", "name": "requested_slot", "value": "invoice_title"},
]


@pytest.mark.parametrize(
    "text,asked,slots",
    [
        # 专 in a company's name, 专用 in a mailbox: no type named
        ("杭州星辰专业音响有限公司", "invoice_title", {}),
        ("上海普华信息科技有限公司", "invoice_title", {}),
        (
            "发到公司财务专用邮箱 cw@zhoushi.com",
            "email",
            {"invoice_title": "武汉周氏建材有限公司", "tax_id": "91110000802100433B"},
        ),
    ],
)
async def test_a_type_put_off_is_not_read_from_a_name_or_a_mailbox(shop, text, asked, slots):
    slots = {"invoice_order_id": "2746601938845217", "requested_slot": asked, **slots}
    tracker = make_tracker(text, "inform", slots=slots, bot_turn=PUT_OFF)
    events = await FORM.run(CollectingDispatcher(), tracker, FORM_DOMAIN)
    assert not {e["name"]: e["value"] for e in events}.get("invoice_type")


async def test_a_type_named_with_the_company_is_taken_and_not_asked_last(shop):
    slots = {"invoice_order_id": "2746601938845217", "requested_slot": "invoice_type"}
    tracker = make_tracker("公司的专票", "inform", slots=slots, bot_turn=FORM_ASKED_THE_TYPE)
    events = await FORM.run(CollectingDispatcher(), tracker, FORM_DOMAIN)
    kept = {e["name"]: e["value"] for e in events}
    # no requested slot of its own: Rasa asks in the domain's order (the title next)
    assert kept == {"invoice_type": "专用发票"}


async def test_a_threat_while_the_form_asks_validates_nothing_so_the_form_lets_go(shop):
    """ "开不了专票我就去税务局举报你们偷税漏税" while the title was asked: its 专票 was taken as the type
    again, so Rasa's form never rejected the turn and the complaint rule never ran (the title was
    asked again). Nothing validated: the form rejects it and the complaint goes to a person."""
    slots = {"invoice_order_id": "9413372068815524", "invoice_type": "专用发票", "requested_slot": "invoice_title"}
    kept, said = await run_form("开不了专票我就去税务局举报你们偷税漏税", slots)
    assert kept == {} and said == []
    # a person asked for beside a value the same way ("专票要啥资料啊 说不清 转人工")
    slots = {"invoice_order_id": "8127740396651203", "invoice_type": "专用发票", "requested_slot": "invoice_title"}
    kept, said = await run_form("专票要啥资料啊 说不清 转人工", slots, intent="request_human")
    assert kept == {} and said == []
    for asked in ("还要转人工吗 个人 普票", "个人 普票 需要人工审核吗"):  # whether a person is needed
        kept, _ = await run_form(asked, {**slots, "invoice_type": None}, intent="request_human")
        assert kept, asked


async def test_invoice_details_after_the_form_was_left_for_a_person_take_the_form_up_again(shop):
    """ "个人 普票 邮箱 yuanyuan_gz@126.com" after a threat sent the chat to a person (who handed it
    back) got "这句小鹿没看明白呢": the form of that order goes on with them."""
    from actions.handoff import ActionHandleFailure

    slots = {"invoice_order_id": "7481102659937708", "order_id": "7481102659937708"}
    tracker = make_tracker("个人 普票 邮箱 yuanyuan_gz@126.com", "nlu_fallback", slots=slots)
    dispatcher = CollectingDispatcher()
    events = await ActionHandleFailure().run(dispatcher, tracker, {})
    assert events == [{"event": "followup", "timestamp": None, "name": "invoice_form"}] and not dispatcher.messages


async def test_an_email_read_as_inform_after_a_complaint_cut_the_form_short_takes_it_up_again(shop):
    """ "邮箱 wxl_2@163.com" after "另外这个壶怎么三天没动了" ended the form got "收到啦亲~ 请问您是
    想了解哪方面的问题呢?": the invoice form of that order goes on with it."""
    from actions.dialogue import ActionHandleInform

    slots = {"invoice_order_id": "4630098125547716", "invoice_type": "普通发票", "invoice_title": "王晓丽"}
    tracker = make_tracker("邮箱 wxl_2@163.com", "inform", slots=slots)
    dispatcher = CollectingDispatcher()
    events = await ActionHandleInform().run(dispatcher, tracker, {})
    assert events == [{"event": "followup", "timestamp": None, "name": "invoice_form"}] and not dispatcher.messages


@pytest.mark.parametrize("text", ["我个人觉得这个鞋有点偏小", "好的 麻烦找个人帮我问问"])
async def test_a_personal_opinion_or_a_person_asked_takes_no_old_invoice_form_up(shop, store, text):
    from actions.handoff import ActionHandleFailure

    cid = await store.create_conversation()
    slots = {"invoice_order_id": "7481102659937708"}
    tracker = make_tracker(text, "nlu_fallback", slots=slots, sender_id=cid)
    events = await ActionHandleFailure().run(CollectingDispatcher(), tracker, {})
    assert {"event": "followup", "timestamp": None, "name": "invoice_form"} not in events


@pytest.mark.parametrize(
    "text,intent", [("好的 那开一张吧", "affirm"), ("需要", "affirm"), ("还没发货呢 能先登记吗", "track_parcel")]
)
async def test_asked_for_after_how_long_it_takes_the_invoice_form_opens(shop, text, intent):
    from actions.dialogue import ActionHandleAffirm
    from actions.parcel import ActionTrackParcel

    action = ActionTrackParcel() if intent == "track_parcel" else ActionHandleAffirm()
    tracker = make_tracker(text, intent, slots={"order_id": "4721095536680142"},
                           bot_turn=bot_said("utter_invoice_info", "utter_invoice_when_wanted"))  # fmt: skip
    dispatcher = CollectingDispatcher()
    events = await action.run(dispatcher, tracker, {})
    assert any(event.get("event") == "followup" and event.get("name") == "invoice_form" for event in events)


@pytest.mark.parametrize(
    "text,intent",
    [("不用了 先不开", "deny"), ("等收到货了再开吧", "affirm"), ("我要退货", "ask_return_policy"),
     ("还要等多久才能到啊", "track_parcel")],
)  # fmt: skip
async def test_declined_or_another_topic_after_how_long_it_takes_no_form_opens(shop, text, intent):
    from actions.dialogue import ActionHandleAffirm, ActionHandleDeny
    from actions.parcel import ActionTrackParcel
    from actions.returns import ActionAnswerReturnPolicy

    actions = {"deny": ActionHandleDeny(), "affirm": ActionHandleAffirm(), "track_parcel": ActionTrackParcel(),
               "ask_return_policy": ActionAnswerReturnPolicy()}  # fmt: skip
    tracker = make_tracker(text, intent, slots={"order_id": "4721095536680142"},
                           bot_turn=bot_said("utter_invoice_info", "utter_invoice_when_wanted"))  # fmt: skip
    events = await actions[intent].run(CollectingDispatcher(), tracker, {})
    assert not any(event.get("event") == "followup" for event in events)


async def test_what_a_registered_invoice_holds_is_read_back_when_asked(shop):
    """ "你那边记的抬头是啥 我核对下" right after the invoice was registered: not "没看明白"."""
    from actions.handoff import ActionHandleFailure
    from kefu.shop.models import InvoiceRequest

    registered = InvoiceRequest("8702251946638813", "普通发票", "成都糖糖文化传媒有限公司", "tt_media@163.com", None)
    shop.save_invoice_request(registered, FIXED_NOW)
    tracker = make_tracker(
        "你那边记的抬头是啥 我核对下", "nlu_fallback", slots={"order_id": "8702251946638813"},
        bot_turn=bot_said("utter_invoice_submitted"),
    )  # fmt: skip
    dispatcher = CollectingDispatcher()
    await ActionHandleFailure().run(dispatcher, tracker, {})
    assert sent(dispatcher) == ["utter_invoice_status"]
    assert dispatcher.messages[0]["invoice_title"] == "成都糖糖文化传媒有限公司"


@pytest.mark.parametrize(
    "text,slots,title",
    [("哦哦 那发票抬头写王小丽", {"invoice_type": "普通发票", "invoice_title": "个人", "requested_slot": "email"},
      "王小丽"),
     ("等下 名字打错了 是成都糖糖文化传媒有限公司",
      {"invoice_type": "普通发票", "invoice_title": "成都糖糖文化有限公司", "requested_slot": "tax_id"},
      "成都糖糖文化传媒有限公司"),
     ("名字打错了 是王小丽", {"invoice_type": "普通发票", "invoice_title": "王晓丽", "requested_slot": "email"},
      "王小丽")],
)  # fmt: skip
async def test_a_title_corrected_while_another_question_is_asked_is_taken(shop, text, slots, title):
    kept, _ = await run_form(text, {"invoice_order_id": "8702251946638813", **slots})
    assert kept.get("invoice_title") == title


@pytest.mark.parametrize(
    "text", ["帮我核对下抬头 谢谢", "发票抬头方便改吗", "抬头写付款人就行", "邮箱写错了 应该发我个人邮箱"]
)
async def test_words_beside_the_title_are_no_new_title(shop, text):
    slots = {"invoice_type": "普通发票", "invoice_title": "成都糖糖文化传媒有限公司", "tax_id": "91510100MA61R7QF3E"}
    kept, _ = await run_form(text, {"invoice_order_id": "8702251946638813", "requested_slot": "email", **slots})
    assert "invoice_title" not in kept or kept["invoice_title"] == "成都糖糖文化传媒有限公司", kept


async def test_the_form_left_for_a_parcel_question_read_as_an_invoice_one_answers_the_parcel(shop):
    """ "发票先不开了 快递单号发我下" (read as ask_invoice) got the type question again."""
    slots = {"invoice_order_id": "7305528816490372", "order_id": "7305528816490372", "requested_slot": "invoice_type"}
    kept, said = await run_form("发票先不开了 快递单号发我下", slots, intent="ask_invoice")
    assert said[0] == "utter_form_stopped" and any(r.startswith("utter_parcel") for r in said[1:]), said
    assert kept["requested_slot"] is None and kept["invoice_order_id"] is None


@pytest.mark.parametrize("text", ["算了 写个人 发票会放包裹里吗", "算了 还是开吧 发票会跟包裹一起寄过来吗"])
async def test_details_beside_a_parcel_word_keep_the_form(shop, text):
    slots = {"invoice_order_id": "7305528816490372", "order_id": "7305528816490372", "requested_slot": "invoice_title"}
    _, said = await run_form(text, slots, intent="ask_invoice")
    assert "utter_form_stopped" not in said


async def test_the_order_corrected_mid_form_is_the_one_invoiced(shop):
    """ "不对 开错单了 是9036…那单" while the form asks for the title: that order's invoice, not a
    parcel answer for it and the first order's invoice saved."""
    slots = {"invoice_order_id": "9627715038842290", "requested_slot": "invoice_title", "invoice_type": "普通发票"}
    text = "不对 开错单了 是9036618274450193那单 吹风机那个"
    assert await extract("invoice_order_id", text, slots) == {"invoice_order_id": "9036618274450193"}
    # another order named without a correction ("还有个单子…到哪了") is a question beside the form
    assert await extract("invoice_order_id", "还有个单子 9036618274450193 到哪了", slots) == {}
    assert await extract("invoice_order_id", "9036618274450193这单能换成顺丰吗", slots) == {}


async def test_paper_or_electronic_asked_mid_form_is_answered_and_no_type_taken(shop):
    kept, said = await run_form("电子的还是纸质的啊", {"requested_slot": "invoice_order_id"})
    assert said == ["utter_invoice_format"] and "invoice_type" not in kept
    # a slot event (the asked one, still empty) keeps Rasa from rejecting the form's turn: asked again
    assert "invoice_order_id" in kept and kept["invoice_order_id"] is None


async def test_paper_asked_with_the_invoice_is_answered_first(shop):
    from actions.invoice import ActionExplainInvoice

    dispatcher = CollectingDispatcher()
    await ActionExplainInvoice().run(dispatcher, make_tracker("能开纸质发票吗", "ask_invoice"), {})
    assert sent(dispatcher)[0] == "utter_invoice_format"
    assert "电子发票" in dispatcher.messages[0]["invoice_format"]  # the shop's words from policy.yml


async def test_a_login_claimed_in_a_chat_without_one_ends_the_form_with_how_to_come_in(shop):
    """ "我登了啊 那不登录就开不了吗" in an anonymous chat: not the order number asked again."""
    dispatcher = CollectingDispatcher()
    tracker = make_tracker(
        "我登了啊 那不登录就开不了吗", "inform", slots={"requested_slot": "invoice_order_id"}, metadata={}
    )
    events = await FORM.run(dispatcher, tracker, FORM_DOMAIN)
    assert sent(dispatcher) == ["utter_login_not_seen"]
    assert {"event": "slot", "name": "requested_slot", "value": None} in [
        {key: event.get(key) for key in ("event", "name", "value")} for event in events
    ]


async def test_a_second_invoice_for_a_registered_order_offers_a_person(shop):
    from actions.invoice import ActionExplainInvoice
    from kefu.shop.models import InvoiceRequest

    order_id = "6648203197725540"
    shop.save_invoice_request(InvoiceRequest(order_id, "普通发票", "个人", "tang.tang@163.com"), FIXED_NOW)
    tracker = make_tracker(
        "还有 同一单帮我再开一张公司抬头的", "ask_invoice", slots={"order_id": order_id},
        bot_turn=bot_said("utter_invoice_submitted"),
    )  # fmt: skip
    dispatcher = CollectingDispatcher()
    events = await ActionExplainInvoice().run(dispatcher, tracker, {})
    assert sent(dispatcher) == ["utter_invoice_one_per_order"]
    assert {"event": "slot", "name": "offer", "value": "human"} in [
        {key: event.get(key) for key in ("event", "name", "value")} for event in events
    ]


@pytest.mark.parametrize("text", ["不对 是7092264183357710458那单", "不对 应该是 9413 3720 6881 5524 这个单"])
async def test_an_order_corrected_by_a_long_or_spaced_number_is_taken(shop, text):
    slots = {"invoice_order_id": "9627715038842290", "requested_slot": "invoice_title"}
    extracted = await extract("invoice_order_id", text, slots)
    assert extracted and extracted["invoice_order_id"] != "9627715038842290"


async def test_a_type_said_beside_a_question_about_reimbursement_is_taken(shop):
    assert await extract("invoice_type", "普通的 能报销吗", {"requested_slot": "invoice_type"}) != {}


async def test_not_logged_in_said_with_a_question_is_the_question(shop):
    """ "我没登录 能先告诉我发票一般多久开好吗": the lead time, not how to come in logged in."""
    dispatcher = CollectingDispatcher()
    tracker = make_tracker("我没登录 能先告诉我发票一般多久开好吗", "ask_invoice",
                           slots={"requested_slot": "invoice_order_id"}, metadata={})  # fmt: skip
    await FORM.run(dispatcher, tracker, FORM_DOMAIN)
    assert "utter_login_not_seen" not in sent(dispatcher) and "utter_invoice_when" in sent(dispatcher)


async def test_where_a_return_goes_mid_form_is_no_invoice_format_question(shop):
    kept, said = await run_form("等下 先问下 这件风衣要是退的话寄到哪", {"requested_slot": "email"})
    assert "utter_invoice_format" not in said


@pytest.mark.parametrize(
    "title,response",
    [("成都青禾教育咨询有限公司", "utter_ask_invoice_type_company"), ("个人", "utter_ask_invoice_type"),
     (None, "utter_ask_invoice_type")],
)  # fmt: skip
async def test_the_type_question_says_a_company_title_needs_its_credit_code_next(shop, title, response):
    """ "6931…开个发票 公司抬头 成都…有限公司": the type, and that the 税号 follows."""
    from actions.invoice import ActionAskInvoiceType

    dispatcher = CollectingDispatcher()
    await ActionAskInvoiceType().run(dispatcher, make_tracker("x", slots={"invoice_title": title}), {})
    assert sent(dispatcher) == [response]


async def test_whether_the_invoice_comes_with_the_parcel_mid_form_gets_the_format(shop):
    """ "发票是跟着货一起寄过来吗" once got the order number asked again."""
    kept, said = await run_form("发票是跟着货一起寄过来吗", {"requested_slot": "invoice_order_id"})
    assert said == ["utter_invoice_format"]


async def test_another_order_to_invoice_too_right_after_one_was_registered_opens_the_form(shop):
    """ "还有6049…这单也要开 一样个人 邮箱也是…" once got that order's parcel."""
    from actions.dialogue import ActionHandleInform

    text = "还有6049983127756610这单也要开 一样个人 邮箱也是tangmei@163.com"
    tracker = make_tracker(text, "inform", bot_turn=bot_said("utter_invoice_submitted"))
    events = await ActionHandleInform().run(CollectingDispatcher(), tracker, {})
    assert {"event": "followup", "name": "invoice_form"} in [
        {k: e.get(k) for k in ("event", "name")} for e in events
    ], events


async def test_a_personal_name_told_when_the_type_is_asked_is_the_title_of_an_ordinary_invoice(shop):
    """ "抬头就写我名字 陈圆圆" while the type was asked got "请选择其中一种", the name lost."""
    slots = {"invoice_order_id": "3572290416683305", "requested_slot": "invoice_type"}
    kept, said = await run_form("抬头就写我名字 陈圆圆", slots)
    assert kept["invoice_title"] == "陈圆圆" and kept["invoice_type"] == "普通发票", (kept, said)
    assert "utter_invoice_type_unknown" not in said


async def test_a_personal_title_chosen_with_the_email_while_the_code_is_asked_is_taken(shop):
    """A sole trader without a code: "那算了 开个人吧 邮箱 laozhou1968@163.com" got "应为18位,您发的是28位"."""
    slots = {"invoice_order_id": "3368120957742681", "invoice_type": "普通发票", "requested_slot": "tax_id"}
    slots["invoice_title"] = "武汉市江岸区老周五金店"
    kept, said = await run_form("那算了 开个人吧 邮箱 laozhou1968@163.com", slots)
    assert kept["invoice_title"] == "个人" and kept["email"] == "laozhou1968@163.com", (kept, said)
    assert "utter_tax_id_invalid" not in said, said


async def test_the_number_both_a_parcel_and_an_invoice_waited_for_answers_both(shop):
    """ "我那个单子到哪了 还有能开发票吗", then "3927…": only the invoice was answered, the parcel lost."""
    kept, said = await run_form("3927716640582219", {"requested_slot": "invoice_order_id", "pending_topic": "parcel"})
    assert kept["invoice_order_id"] == "3927716640582219"
    assert said[0].startswith("utter_parcel_") and "pending_topic" in kept and kept["pending_topic"] is None, said


async def test_the_number_for_the_invoice_alone_answers_no_parcel(shop):
    kept, said = await run_form("3927716640582219", {"requested_slot": "invoice_order_id"})
    assert not any(name.startswith("utter_parcel_") for name in said), said


async def test_a_question_asked_for_the_company_title_is_not_kept_as_a_personal_title(shop):
    """ "电子的能打印报销吗" while the company's name was asked was saved as the title of a 普票."""
    slots = {"invoice_order_id": "2093347718856642", "requested_slot": "invoice_title"}
    slots["invoice_title"] = "电子的能打印报销吗"  # as extracted, before validation
    kept, _ = await run_form("电子的能打印报销吗", slots)
    assert not kept.get("invoice_title") and not kept.get("invoice_type"), kept


def test_an_invoice_counted_with_zhang_names_nobody_called_zhang():
    """ "那开张发漂 普票 个人" was saved with the title "张发漂" (张 counts the invoice)."""
    assert validate("invoice_title", "好吧 那开张发漂 普票 个人")[0] == {"invoice_title": "个人"}


async def test_what_a_special_invoice_needs_is_answered_while_the_form_asks(shop):
    """ "开专票要提供啥" while the order number is asked got only "发票类型…先记下啦"."""
    kept, said = await run_form("开专票要提供啥", {"requested_slot": "invoice_order_id"}, "ask_invoice")
    assert said[0] == "utter_invoice_details" and kept["invoice_type"] == "专用发票"


async def test_a_company_title_corrected_while_the_code_is_asked_is_taken(shop):
    """ "哦打错了 是成都锦程商贸有限公司" while the credit code was asked kept the mistyped title."""
    slots = {"requested_slot": "tax_id", "invoice_type": "专用发票", "invoice_title": "成都锦城商贸有限公司"}
    kept, _ = await run_form("哦打错了 是成都锦程商贸有限公司", slots, "ask_shipping_time")
    assert kept["invoice_title"] == "成都锦程商贸有限公司"


@pytest.mark.parametrize("text,title", [("个人 开张伟的", "张伟"), ("开张建国 个人", "张建国")])
def test_a_person_called_zhang_keeps_the_name(text, title):
    assert validate("invoice_title", text)[0] == {"invoice_title": title}
