"""Returns and price protection, for the general policy and for one order."""

import dataclasses

import pytest
from rasa_sdk.executor import CollectingDispatcher

from actions.returns import ActionAnswerReturnPolicy
from tests.actions.trackers import bot_said, make_tracker, sent, user_event


async def answer(text, order_id=None, slots=None):
    dispatcher = CollectingDispatcher()
    entities = {"order_id": order_id} if order_id else {}
    await ActionAnswerReturnPolicy().run(
        dispatcher, make_tracker(text, "ask_return_policy", entities=entities, slots=slots), {}
    )
    return dispatcher


async def test_the_days_left_to_return_are_counted_not_the_same_answer_again(shop):
    """ "2518… 没错 还能退几天" right after the return answer got "答案和上面一样"."""
    dispatcher = await answer("2518864930027745 没错 还能退几天", "2518864930027745")
    [days_left] = dispatcher.messages
    assert days_left["response"] == "utter_return_days_left"
    assert (days_left["days"], days_left["left"]) == (3, "还剩4天") and days_left["last_day"].endswith("日")
    right_after = CollectingDispatcher()  # right after the eligibility answer: not how to apply
    said = bot_said("utter_return_eligible", "utter_return_shipping_payer", "utter_return_note")
    tracker = make_tracker("那还能退几天", "ask_return_policy", slots={"order_id": "2518864930027745"}, bot_turn=said)
    await ActionAnswerReturnPolicy().run(right_after, tracker, {})
    assert sent(right_after) == ["utter_return_days_left"]


async def test_general_policy_names_the_window_and_the_exceptions(shop):
    dispatcher = await answer("七天无理由退货怎么弄啊")
    assert sent(dispatcher) == [
        "utter_return_policy_general",
        "utter_return_insurance_hint",
        "utter_ask_order_for_topic",
    ]
    assert dispatcher.messages[0]["window"] == 7 and "内衣" in dispatcher.messages[0]["non_returnable"]


async def test_eligible_order_asks_whether_it_was_used_and_explains_shipping_and_note(shop):
    dispatcher = await answer("3927716640582219 这双鞋能退吗", "3927716640582219")
    assert sent(dispatcher) == ["utter_return_eligible", "utter_return_shipping_payer", "utter_return_note"]
    assert dispatcher.messages[0]["days"] == 4
    assert dispatcher.messages[2]["return_address"] == shop.policy.return_address != ""  # where to send it


async def test_past_the_window_is_refused_but_quality_problems_are_offered(shop):
    dispatcher = await answer("7481102659937708 想退货", "7481102659937708")
    assert sent(dispatcher) == ["utter_return_window_passed"]
    assert dispatcher.messages[0]["days"] == 18


async def test_non_returnable_category_without_quality_problem(shop):
    dispatcher = await answer("4195528730661347 内衣不想要了能退吗", "4195528730661347")
    assert sent(dispatcher) == ["utter_return_non_returnable"]


@pytest.mark.parametrize("order_id", ["4195528730661347", "7481102659937708"])  # a bra; 18 days after delivery
async def test_a_quality_problem_is_not_bound_by_the_no_reason_rules(shop, order_id):
    dispatcher = await answer(f"{order_id} 收到就开线了 质量有问题", order_id)
    # never "在七天无理由退换期内" (the bra is not returnable without a reason) nor "超过了7天"
    assert sent(dispatcher) == ["utter_return_quality", "utter_return_quality_evidence", "utter_return_note"]


@pytest.mark.parametrize(
    "text", ["退了钱多久能回来啊", "好的 那退款到账一般要多久", "退款一般几天", "退款一般多久到", "钱一般几天能退回来"]
)
async def test_refund_time_is_answered_as_usual_never_promised(shop, text):
    dispatcher = await answer(text)
    assert sent(dispatcher) == ["utter_refund_time"] and dispatcher.messages[0]["refund_arrival"] == "1-3个工作日"


@pytest.mark.parametrize(
    "text", ["退款退到哪 要多久", "退到花呗还是余额", "钱是原路退回吗", "退到哪 我用的花呗付的", "退了钱退哪"]
)
async def test_where_the_refund_goes_is_said_with_its_time(shop, text):
    dispatcher = await answer(text)
    assert (
        sent(dispatcher) == ["utter_refund_destination"] and dispatcher.messages[0]["refund_arrival"] == "1-3个工作日"
    )


async def test_a_refund_before_dispatch_is_cancelling(shop):
    dispatcher = await answer("4417062395810264 还没发货能直接退款吗 不想要了", "4417062395810264")
    assert sent(dispatcher) == ["utter_cancel_unshipped"]


async def test_a_return_asked_before_arrival_gets_the_rule_of_the_parcels_state(shop):
    """Not both rules ("还没发出的…;在途的…"): the one that applies to this order."""
    on_its_way = await answer("3051729946021837 还没到能退吗", "3051729946021837")
    assert sent(on_its_way) == ["utter_return_not_delivered"]  # refuse it at delivery
    held_by_the_storm = await answer("那不想要了 能退吗 都还没收到", slots={"order_id": "3346671029985514"})
    assert sent(held_by_the_storm) == ["utter_return_not_delivered"]
    unshipped = await answer("不想要了能退吗 还没收到", slots={"order_id": "3368120957742681"})
    assert sent(unshipped) == ["utter_return_not_shipped"]  # a refund request, nothing to send back


@pytest.mark.parametrize(
    "order_id,response,difference",
    [
        ("6051183427769934", "utter_price_protect_ok", "10"),  # paid 209, now 199
        ("8839016627745120", "utter_price_protect_to_human", "100"),  # paid 699, now 599
    ],
)
async def test_price_protection_refunds_small_differences_and_sends_large_ones_to_a_person(
    shop, order_id, response, difference
):
    dispatcher = await answer(f"{order_id} 降价了能退差价吗", order_id)
    assert sent(dispatcher) == [response] and dispatcher.messages[0]["difference"] == difference


@pytest.mark.parametrize("told", ["吹风机买的时候699 现在599 能退吗", "当时699买的 现在才599 咋整", "差了100 能退吗"])
async def test_a_price_drop_told_by_its_prices_is_price_protection(shop, told):
    dispatcher = await answer(f"8839016627745120 {told}", "8839016627745120")
    assert sent(dispatcher) == ["utter_price_protect_to_human"]


@pytest.mark.parametrize(
    "text, response",
    [("秒杀的也保价吗", "utter_price_protect_flash_sale_why"), ("秒杀买的也能退吗", "utter_return_special_price_rule")],
)
async def test_the_flash_sale_rule_asked_in_general_is_that_rule(shop, text, response):
    """Not the whole policy again, nor "发订单号给小鹿": the rule for flash-sale goods."""
    dispatcher = await answer(text)
    assert sent(dispatcher) == [response]


async def test_asked_again_after_the_flash_sale_refusal_the_rule_is_explained(shop):
    dispatcher = CollectingDispatcher()
    slots = {"order_id": "5708826319940471"}
    turn = bot_said("utter_price_protect_flash_sale")
    tracker = make_tracker("啥意思 秒杀就不保价了？", "ask_return_policy", slots=slots, bot_turn=turn)
    await ActionAnswerReturnPolicy().run(dispatcher, tracker, {})
    assert sent(dispatcher) == ["utter_price_protect_flash_sale_why"]


async def test_no_price_protection_for_flash_sales(shop):
    dispatcher = await answer("5708826319940471 充电宝降价了 退差价", "5708826319940471")
    assert sent(dispatcher) == ["utter_price_protect_flash_sale"]


async def test_no_price_protection_after_its_window(shop):
    dispatcher = await answer("4316659028873318 面霜便宜了能补差吗", "4316659028873318")
    assert sent(dispatcher) == ["utter_price_protect_expired"]


async def test_price_protection_without_an_order_explains_the_rule(shop):
    dispatcher = await answer("你们有价保吗")
    assert sent(dispatcher) == ["utter_price_protect_general"]


async def test_flash_sale_items_have_no_no_reason_return(shop):
    dispatcher = await answer("5708826319940471 充电宝不想要了能退吗", "5708826319940471")
    assert sent(dispatcher) == ["utter_return_special_price"]


async def test_a_shop_whose_policy_takes_flash_sale_items_back_says_so(shop, monkeypatch):
    """policy.yml `returns.special_price_returnable` decides, not the code."""
    monkeypatch.setattr(shop, "_policy", dataclasses.replace(shop.policy, special_price_returnable=True))
    dispatcher = await answer("5708826319940471 充电宝不想要了能退吗", "5708826319940471")
    assert sent(dispatcher)[0] == "utter_return_eligible"


async def test_an_exchange_is_answered_as_an_exchange(shop):
    dispatcher = await answer("3927716640582219 小了 能换大一码吗", "3927716640582219")
    assert sent(dispatcher) == ["utter_return_exchange", "utter_return_shipping_payer", "utter_return_note"]


async def test_who_pays_the_shipping_is_answered_on_its_own(shop):
    dispatcher = await answer("那来回运费呢 我可不出", slots={"order_id": "8702251946638813"})
    assert sent(dispatcher) == ["utter_return_shipping_payer"]


async def test_whether_it_can_go_back_and_who_pays_are_both_answered(shop):
    dispatcher = await answer("鞋子有点挤 能退吗 退的话运费谁出", slots={"order_id": "6374409218856630"})
    assert sent(dispatcher) == ["utter_return_eligible", "utter_return_shipping_payer", "utter_return_note"]


async def test_an_exchange_asked_right_after_a_quality_problem_stays_a_quality_problem(shop):
    dispatcher = CollectingDispatcher()
    quality_turn = bot_said("utter_return_quality")
    tracker = make_tracker(
        "能换个新的吗 还是只能退", "ask_return_policy", slots={"order_id": "8702251946638813"}, bot_turn=quality_turn
    )
    await ActionAnswerReturnPolicy().run(dispatcher, tracker, {})
    # never "七天无理由…未使用" for a faulty item, nor the same three bubbles again: the choice
    assert sent(dispatcher) == ["utter_return_quality_choice"]


async def test_a_mention_of_good_quality_is_a_no_reason_return(shop):
    dispatcher = await answer("3927716640582219 质量挺好的 就是颜色不喜欢 想退", "3927716640582219")
    assert sent(dispatcher)[0] == "utter_return_eligible"  # never "运费由店铺承担" for a no-reason return


async def test_a_product_attribute_asked_from_a_card_is_answered_not_the_return_policy(shop):
    """ "保修多久" on a power bank's card reaches the returns intent: it is a question about the product."""
    dispatcher = CollectingDispatcher()
    tracker = make_tracker("保修多久", "ask_return_policy", metadata={"product": "PB-001"})
    await ActionAnswerReturnPolicy().run(dispatcher, tracker, {})
    assert sent(dispatcher) == ["utter_product_attribute"] and "1年" in dispatcher.messages[0]["value"]
    changed_colour = make_tracker("能换颜色吗", "ask_return_policy", metadata={"product": "PB-001"})
    await ActionAnswerReturnPolicy().run(dispatcher := CollectingDispatcher(), changed_colour, {})
    assert "utter_product_attribute" not in sent(dispatcher)  # an exchange is a returns question


async def test_another_kind_of_product_after_an_order_gets_that_kinds_rule(shop):
    """After the bra's order: "面膜拆了能退吗" is about masks, not the bra again."""
    dispatcher = await answer("面膜拆了能退吗", slots={"order_id": "4195528730661347"})
    assert sent(dispatcher) == ["utter_return_category_not_returnable"]
    assert dispatcher.messages[0]["category"] == "面膜"
    same_kind = await answer("文胸能退吗", slots={"order_id": "4195528730661347"})
    assert sent(same_kind) == ["utter_return_non_returnable"]  # the order's own item, named


async def test_unopened_does_not_change_the_refusal_of_a_non_returnable_item(shop):
    refused = bot_said("utter_return_non_returnable")
    dispatcher = CollectingDispatcher()
    tracker = make_tracker(
        "没拆封也不行吗", "ask_return_policy", slots={"order_id": "4195528730661347"}, bot_turn=refused
    )
    await ActionAnswerReturnPolicy().run(dispatcher, tracker, {})
    assert sent(dispatcher) == ["utter_return_unopened_not_returnable"]


async def test_a_price_drop_before_delivery_is_told_with_when_to_claim_it(shop, monkeypatch):
    """ "3051…能退差价吗" while in transit asked for the order number it had just been given."""
    order = shop.get_order("3051729946021837")  # in transit
    product = dataclasses.replace(shop.get_product(order.items[0].sku), price=order.items[0].price_paid - 20)
    monkeypatch.setattr(shop, "get_product", lambda sku: product)
    dispatcher = await answer("3051729946021837能退差价吗", "3051729946021837")
    assert sent(dispatcher) == ["utter_price_protect_not_delivered"] and dispatcher.messages[0]["difference"] == "20"


async def test_no_quality_problem_is_a_no_reason_return(shop):
    """ "没有质量问题 就是不合脚" was answered as a quality problem (shop pays shipping)."""
    dispatcher = await answer("6374409218856630 没有质量问题 就是不合脚 能退吗", "6374409218856630")
    assert sent(dispatcher)[0] == "utter_return_eligible"


async def test_a_second_return_question_without_the_order_asks_for_it_instead_of_repeating_the_policy(shop):
    """The policy and the question for the order were just sent; "孩子鞋子穿着有点小 想退" would get
    the same three bubbles again (and the gateway would replace them with "answered above")."""
    first = CollectingDispatcher()
    await ActionAnswerReturnPolicy().run(first, make_tracker("你们家支持七天无理由吗", "ask_return_policy"), {})
    policy = sent(first)
    bot_turn = bot_said(*policy)
    dispatcher = CollectingDispatcher()
    tracker = make_tracker(
        "孩子鞋子穿着有点小 想退", "ask_return_policy", slots={"pending_topic": "returns"}, bot_turn=bot_turn
    )
    events = await ActionAnswerReturnPolicy().run(dispatcher, tracker, {})
    assert sent(dispatcher) == ["utter_return_need_order"]
    assert {"name": "pending_topic", "value": "returns"} in [{k: e.get(k) for k in ("name", "value")} for e in events]


async def test_stopping_a_parcel_on_its_way_is_never_said_to_be_possible_by_the_bot(shop):
    """ "那你们能帮我拦截退回吗" for a parcel in transit: only the courier can, a person is offered."""
    dispatcher = await answer("3051729946021837 那你们能帮我拦截退回吗 我不想等它到了再拒收")
    assert sent(dispatcher) == ["utter_return_intercept"]


async def test_when_the_difference_arrives_right_after_price_protection_is_the_refund_time(shop):
    bot_turn = bot_said("utter_price_protect_ok")
    dispatcher = CollectingDispatcher()
    tracker = make_tracker(
        "差价多久到账啊", "ask_return_policy", slots={"order_id": "6051183427769934"}, bot_turn=bot_turn
    )
    await ActionAnswerReturnPolicy().run(dispatcher, tracker, {})
    assert sent(dispatcher) == ["utter_refund_time"] and dispatcher.messages[0]["refund_arrival"] == "1-3个工作日"


async def test_an_exchange_asked_right_after_a_return_was_accepted_is_how_an_exchange_goes(shop):
    """ "换大一码可以吗" after "在七天无理由退换期内…申请退货退款": the exchange (换尺码), not the
    steps of a refund."""
    said = bot_said("utter_return_eligible")
    tracker = make_tracker("换大一码可以吗", "ask_return_policy", slots={"order_id": "3927716640582219"}, bot_turn=said)
    dispatcher = CollectingDispatcher()
    await ActionAnswerReturnPolicy().run(dispatcher, tracker, {})
    assert sent(dispatcher) == ["utter_return_exchange"]


@pytest.mark.parametrize(
    "text,expected",
    [
        ("我就买了条179的牛仔裤 能用券不", ["utter_promotion_coupon_below"]),  # 20 short of 满199减20
        ("退货了那张券还能用吗", ["utter_promotion_refunds"]),  # how a return treats the coupon used
        ("用券后降价了 能补差价吗", None),  # a price difference
        ("用了优惠券买的 还能七天无理由吗", None),  # the no-reason return
    ],
)
async def test_a_coupon_question_read_as_a_return_gets_the_coupon_answer(shop, text, expected):
    dispatcher = CollectingDispatcher()
    await ActionAnswerReturnPolicy().run(dispatcher, make_tracker(text, "ask_return_policy"), {})
    if expected:
        assert sent(dispatcher) == expected
    else:
        assert not any(name.startswith("utter_promotion") for name in sent(dispatcher)), sent(dispatcher)


async def test_an_order_number_that_is_not_the_shoppers_is_not_asked_for_again(shop):
    """ "还有我闺蜜那单2518…也想退" got the policy and "麻烦发一下订单号"; in a chat without a
    login, "3927…能退吗" did too: the number was sent, so say why it cannot be looked at."""
    dispatcher = CollectingDispatcher()
    friend = make_tracker(
        "还有我闺蜜那单2518864930027745也想退 帮她看看", "ask_return_policy", metadata={"account": "chenmama"}
    )
    await ActionAnswerReturnPolicy().run(dispatcher, friend, {})
    assert sent(dispatcher) == ["utter_order_id_unknown"]
    dispatcher = CollectingDispatcher()
    await ActionAnswerReturnPolicy().run(
        dispatcher, make_tracker("3927716640582219能退吗", "ask_return_policy", metadata={}), {}
    )
    assert sent(dispatcher)[-1] == "utter_order_needs_login" and "utter_ask_order_for_topic" not in sent(dispatcher)


async def test_the_return_address_asked_beside_who_pays_is_given_too(shop):
    """ "退货地址发一下 运费谁出" got only who pays the freight."""
    dispatcher = CollectingDispatcher()
    tracker = make_tracker("退货地址发一下 运费谁出", "ask_return_policy", slots={"order_id": "6374409218856630"})
    await ActionAnswerReturnPolicy().run(dispatcher, tracker, {})
    assert sent(dispatcher) == ["utter_return_shipping_payer", "utter_return_note"]
    assert shop.policy.return_address in dispatcher.messages[1]["return_address"]


@pytest.mark.parametrize(
    ("text", "left"), [("先不开了 我问下这个内衣尺码不对能退吗", True), ("内衣尺码不对能退吗", False)]
)
async def test_a_question_that_starts_by_leaving_the_form_ends_it(shop, text, left):
    """ "先不开了 我问下…能退吗" while the invoice form asked the type: the return was answered and the
    form asked its question again, then read "都没穿过" as a wrong invoice type."""
    domain = {"forms": {"invoice_form": {"required_slots": ["invoice_order_id", "invoice_type"]}}}
    tracker = make_tracker(
        text, "ask_return_policy", slots={"order_id": "4195528730661347", "requested_slot": "invoice_type"}
    )
    tracker.active_loop = {"name": "invoice_form"}
    dispatcher = CollectingDispatcher()
    events = await ActionAnswerReturnPolicy().run(dispatcher, tracker, domain)
    assert (sent(dispatcher)[0] == "utter_form_stopped") is left and sent(dispatcher)[-1].startswith("utter_return")
    assert (
        {"event": "active_loop", "name": None} in [{k: e.get(k) for k in ("event", "name")} for e in events]
    ) is left
    cleared = {"event": "slot", "name": "invoice_type", "value": None}
    assert (cleared in [{k: e.get(k) for k in ("event", "name", "value")} for e in events]) is left


async def test_when_the_window_starts_is_said_beside_the_answer_for_the_item_asked(shop):
    """ "七天无理由从哪天开始算 面膜能退吗": both questions, not only the mask's."""
    dispatcher = await answer("七天无理由从哪天开始算 面膜能退吗")
    assert sent(dispatcher) == ["utter_return_window_start", "utter_return_category_not_returnable"]
    assert dispatcher.messages[0]["window"] == 7


async def test_who_pays_shipping_for_a_defect_is_the_shop(shop):
    """ "那要是开胶了呢 也是我出运费？" after who pays for a change of mind: the shop pays for a
    defect, said for it (not the same sentence again)."""
    dispatcher = await answer("那要是开胶了呢 也是我出运费？")
    assert sent(dispatcher) == ["utter_return_quality_shipping"]
    dispatcher = await answer("运费谁出啊")
    assert sent(dispatcher) == ["utter_return_shipping_payer"]


@pytest.mark.parametrize("text", ["啥东西不能退", "哪些商品不支持七天无理由啊"])
async def test_which_kinds_cannot_be_returned_is_answered_with_the_kinds(shop, text):
    dispatcher = await answer(text)
    assert sent(dispatcher) == ["utter_return_which_not_returnable"]
    assert "面膜" in dispatcher.messages[0]["non_returnable"] and "秒杀" in dispatcher.messages[0]["non_returnable"]


async def test_which_kinds_cannot_be_returned_right_after_the_policy_is_still_answered(shop):
    """ "啥东西不能退" right after the general policy and the question for the order number."""
    from tests.actions.trackers import bot_said

    said = bot_said("utter_return_policy_general", "utter_return_insurance_hint", "utter_ask_order_for_topic")
    tracker = make_tracker("啥东西不能退", "ask_return_policy", slots={"pending_topic": "returns"}, bot_turn=said)
    dispatcher = CollectingDispatcher()
    await ActionAnswerReturnPolicy().run(dispatcher, tracker, {})
    assert sent(dispatcher) == ["utter_return_which_not_returnable"]


@pytest.mark.parametrize("text", ["退货地址发我下", "退或地址发我下"])
async def test_only_the_return_address_asked_gets_it_whatever_the_order_in_focus(shop, text):
    """Asked about an order still on its way: the address (and the note), not "还没有签收呢"."""
    dispatcher = await answer(text, slots={"order_id": "5502819946637128"})
    assert sent(dispatcher) == ["utter_return_note"]


async def test_the_policy_asked_without_a_login_is_not_followed_by_a_request_for_the_order(shop):
    """Right after "订单详情要登录后才能查看", "那你们退貨政策是啥" got the rules and then
    "麻烦发一下订单号", which could only lead to the same refusal."""
    dispatcher = CollectingDispatcher()
    await ActionAnswerReturnPolicy().run(
        dispatcher, make_tracker("那你们退貨政策是啥", "ask_return_policy", metadata={}), {}
    )
    assert "utter_return_policy_general" in sent(dispatcher) and "utter_ask_order_for_topic" not in sent(dispatcher)


async def test_an_order_not_sent_read_as_a_returns_question_gets_its_parcel(shop):
    """ "8814… 三天了还不发货???" (read as a returns question) got "还没有签收呢…申请退款"."""
    dispatcher = await answer("8814527730961245 三天了还不发货???", "8814527730961245")
    assert sent(dispatcher) == ["utter_parcel_not_shipped_overdue"]


async def test_a_no_reason_return_asked_on_a_flash_sale_card_gets_its_special_price_rule(shop):
    dispatcher = CollectingDispatcher()
    tracker = make_tracker("这个秒杀的裙子能七天无理由吗", "ask_return_policy", metadata={"product": "DR-003"})
    await ActionAnswerReturnPolicy().run(dispatcher, tracker, {})
    assert sent(dispatcher) == ["utter_return_special_price"]
    assert dispatcher.messages[0]["product"] == shop.get_product("DR-003").name


@pytest.mark.parametrize(
    "text,flash", [("三支装那个能退吗 怕她不喜欢", True), ("丝绒哑光口红能退吗 怕她不喜欢", False)]
)
async def test_a_return_asked_of_a_product_named_before_buying_gets_its_own_rule(shop, text, flash):
    """ "三支装那个能退吗" after the lipsticks were shown: the 秒杀 one's rule, not the whole policy."""
    dispatcher = CollectingDispatcher()
    await ActionAnswerReturnPolicy().run(dispatcher, make_tracker(text, "ask_return_policy", metadata={}), {})
    assert (sent(dispatcher)[0] == "utter_return_special_price") == flash


async def test_when_the_difference_arrives_asked_turns_after_price_protection_is_the_refund_time(shop):
    """ "回到牛仔裤那单 差价多久到账" three turns after the price-protection answer got the general rule."""
    from tests.actions.trackers import user_event

    asked = "ask_return_policy"
    turns = [*bot_said("utter_price_protect_ok"), user_event("在哪申请啊 找不到", asked),
             *bot_said("utter_price_protect_where"), user_event("那7481102659937708那条裙子能退吗", asked),
             *bot_said("utter_return_window_passed"), user_event("就超了几天 通融一下嘛", asked),
             *bot_said("utter_return_window_holds")]  # fmt: skip
    tracker = make_tracker("回到牛仔裤那单 差价多久到账", "ask_return_policy", slots={"order_id": "7481102659937708"},
                           bot_turn=turns)  # fmt: skip
    dispatcher = CollectingDispatcher()
    await ActionAnswerReturnPolicy().run(dispatcher, tracker, {})
    assert sent(dispatcher) == ["utter_refund_time"]


async def answer_after(text, slots, *responses):
    dispatcher = CollectingDispatcher()
    tracker = make_tracker(text, "ask_return_policy", slots=slots, bot_turn=bot_said(*responses))
    await ActionAnswerReturnPolicy().run(dispatcher, tracker, {})
    return dispatcher


@pytest.mark.parametrize(
    "text,slots,previous,expected",
    [
        # after "在途的订单可以拒收后申请退款": how the money comes back, not the same answer again
        ("拒收的话钱咋退", {"order_id": "4893307152264918"}, "utter_return_not_delivered", "utter_refund_time"),
        ("多久退钱", {"order_id": "6374409218856630"}, "utter_return_note_what", "utter_refund_time"),
        # the shop cannot submit the price difference for the shopper: where to apply
        ("直接退给我不行吗 还要自己申请", {"order_id": "3572290416683305"}, "utter_price_protect_ok",
         "utter_price_protect_how"),
        # ... but "那我直接退了吧" is a return (this one is past its 7 days)
        ("那我直接退了吧 反正也不太合身", {"order_id": "3572290416683305"}, "utter_price_protect_ok",
         "utter_return_window_passed"),
        # pleaded again after the 7 days were held: the refusal, kindly, with a person offered
        ("凭啥啊 别家都行", {"order_id": "7481102659937708"}, "utter_return_window_holds",
         "utter_return_refusal_holds"),
        # the parcel is on its way: after it is signed for, the no-reason days count
        ("那我签收了再退行不行", {"order_id": "6931054472281906"}, "utter_cancel_shipped",
         "utter_return_after_arrival"),
        # "换个问题" is no exchange: the air fryer's cleaning
        ("换个问题 这锅的炸篮能用钢丝球刷吗", {"order_id": "3346671029985514"}, "utter_deadline_held_up",
         "utter_product_attribute"),
    ],
)  # fmt: skip
async def test_a_follow_up_after_a_returns_or_parcel_answer_gets_its_own_answer(shop, text, slots, previous, expected):
    dispatcher = await answer_after(text, slots, previous)
    assert sent(dispatcher)[0] == expected


async def test_back_to_the_earlier_order_after_a_detour_answers_about_that_order(shop):
    # the shoes' return (3927…), then another order's parcel (2284…), then back to the shoes
    two = [
        {"event": "slot", "name": "order_id", "value": "3927716640582219"},
        {"event": "slot", "name": "order_id", "value": "2284671903358812"},
    ]
    tracker = make_tracker("回到刚才退鞋的事 退到哪个地址", "ask_return_policy", slots={"order_id": "2284671903358812"},
                           bot_turn=two + bot_said("utter_parcel_picked_up"))  # fmt: skip
    dispatcher = CollectingDispatcher()
    await ActionAnswerReturnPolicy().run(dispatcher, tracker, {})
    said = str(dispatcher.messages)
    assert "3927716640582219" in said and "2284671903358812" not in said, said


async def test_the_order_gone_back_to_stays_in_focus_for_the_next_question(shop):
    two = [
        {"event": "slot", "name": "order_id", "value": "3927716640582219"},
        {"event": "slot", "name": "order_id", "value": "2284671903358812"},
    ]
    tracker = make_tracker("回到刚才退鞋的事 退到哪个地址", "ask_return_policy", slots={"order_id": "2284671903358812"},
                           bot_turn=two + bot_said("utter_return_eligible", "utter_parcel_picked_up"))  # fmt: skip
    events = await ActionAnswerReturnPolicy().run(CollectingDispatcher(), tracker, {})
    assert [e["value"] for e in events if e.get("name") == "order_id"][-1:] == ["3927716640582219"]


async def test_the_refund_asked_not_understood_after_a_parcel_answer_is_the_refund_time(shop):
    from actions.handoff import ActionHandleFailure

    # another order's parcel was answered a turn before the return's how-to
    turns = [
        {"event": "slot", "name": "order_id", "value": "2284671903358812"},
        *bot_said("utter_parcel_picked_up"),
        {"event": "slot", "name": "order_id", "value": "3927716640582219"},
        *bot_said("utter_return_how_to", "utter_return_note"),
    ]
    tracker = make_tracker("钱多久能回来", "nlu_fallback", slots={"order_id": "3927716640582219"}, bot_turn=turns)
    dispatcher = CollectingDispatcher()
    await ActionHandleFailure().run(dispatcher, tracker, {})
    assert sent(dispatcher) == ["utter_refund_time"]


@pytest.mark.parametrize("text", ["换货需要加钱吗几天能换好", "退货要我出钱吗多久能退完"])
def test_money_asked_beside_another_time_is_no_refund_time(shop, text):
    from actions.returns import return_topic

    assert return_topic(text, shop.policy) != "refund_time"


async def test_an_exchange_asked_beside_a_misfit_not_understood_gets_the_exchange_answer(shop):
    """ "给我爸买的健步鞋 他穿着挤脚 想换大一码" under the NLU's threshold got "能具体说说是哪里出了问题吗"."""
    from actions.handoff import ActionHandleFailure

    dispatcher = CollectingDispatcher()
    tracker = make_tracker("给我爸买的健步鞋 他穿着挤脚 想换大一码", "nlu_fallback", metadata={"account": "wangjie"})
    await ActionHandleFailure().run(dispatcher, tracker, {})
    said = sent(dispatcher)
    assert "utter_low_risk_apology" not in said and any(name.startswith("utter_return") for name in said), said


@pytest.mark.parametrize("text", ["鞋子要是不合脚能退吗", "万一穿着不合适可以退不"])
async def test_a_return_asked_ahead_for_a_parcel_on_its_way_gets_the_rule_after_arrival(shop, text):
    dispatcher = await answer(f"5502819946637128 {text}", "5502819946637128")  # in transit
    assert sent(dispatcher)[0] == "utter_return_after_arrival"
    dispatcher = await answer("5502819946637128 不想要了能退吗", "5502819946637128")  # now: refuse, then the refund
    assert sent(dispatcher)[0] != "utter_return_after_arrival"


async def test_an_exchange_asked_after_one_items_answer_is_for_that_item(shop):
    """ "换大一码行不行" after the answer about the shoes of an order with a down jacket first: the shoes."""
    text = "亲,订单 9904471326658013 的“中老年防滑软底健步鞋”签收至今6天,在七天无理由退换期内。"
    said = {"event": "bot", "text": text, "metadata": {"utter_action": "utter_return_eligible"}}
    tracker = make_tracker("换大一码行不行", "ask_return_policy", slots={"order_id": "9904471326658013"},
                           bot_turn=[said])  # fmt: skip
    dispatcher = CollectingDispatcher()
    await ActionAnswerReturnPolicy().run(dispatcher, tracker, {})
    assert sent(dispatcher) == ["utter_return_exchange"] and dispatcher.messages[0]["product"] == "中老年防滑软底健步鞋"


async def test_another_order_named_after_a_return_answer_gets_its_own_answer_not_how_to_apply(shop):
    text = "另一个单 5263390817724456 书包不想要了 还能退吗"  # that backpack's seven days are over
    dispatcher = await answer_after(text, {"order_id": "5263390817724456"}, "utter_return_eligible")
    assert sent(dispatcher) == ["utter_return_window_passed"]


async def test_opened_asked_about_an_order_on_its_way_gets_the_rule_once_it_has_come(shop):
    """ "面膜拆了不喜欢能退吗" about masks waiting for pickup: masks are not returnable once opened,
    not "派送时拒收"."""
    dispatcher = await answer("面膜拆了不喜欢能退吗", slots={"order_id": "2957730184426609"})
    assert sent(dispatcher) == ["utter_return_non_returnable"]


@pytest.mark.parametrize("text", ["面膜还没到 我没有拆开 能退吗", "不想要了 包装都不会拆开的 能退吗"])
async def test_not_opened_about_an_order_on_its_way_is_not_the_rule_once_opened(shop, text):
    dispatcher = await answer(text, slots={"order_id": "2957730184426609"})
    assert sent(dispatcher) == ["utter_return_not_delivered"]  # refuse it at delivery, then the refund


async def test_another_colour_wished_of_a_one_colour_coat_is_told_it_has_only_that_one(shop):
    """ "这个风衣颜色我穿着显黑 能换个别的颜色吗": the coat comes only in 卡其色, said before how to return."""
    dispatcher = await answer("2518864930027745 这个风衣颜色我穿着显黑 能换个别的颜色吗", "2518864930027745")
    assert sent(dispatcher)[0] == "utter_exchange_only_colour", sent(dispatcher)
    assert dispatcher.messages[0]["colour"] == "卡其色"


async def test_another_colour_wished_without_naming_one_gets_the_colours_it_comes_in(shop):
    dispatcher = await answer("8702251946638813 卫衣想换个别的颜色 可以吗", "8702251946638813")
    assert sent(dispatcher)[0] == "utter_exchange_colours", sent(dispatcher)
    assert dispatcher.messages[0]["colours"] == "黑色/灰色/燕麦色/藏青色"


async def test_the_item_said_to_be_kept_is_not_the_one_the_return_is_about(shop):
    """ "卫衣留着 牛仔裤腰太大了 只退裤子可以吗": the jeans, though the hoodie is named first."""
    text = "8702251946638813 卫衣留着 牛仔裤腰太大了 只退裤子可以吗"
    entities = {"order_id": "8702251946638813", "product_category": "卫衣"}  # the first the NLU tags
    dispatcher = CollectingDispatcher()
    await ActionAnswerReturnPolicy().run(dispatcher, make_tracker(text, "ask_return_policy", entities=entities), {})
    assert dispatcher.messages[0]["product"] == "女士高腰直筒牛仔裤", dispatcher.messages


async def test_how_much_comes_back_after_a_return_answer_is_what_the_item_cost(shop):
    """ "退回去能退多少钱" right after the jeans' return answer: the ¥179 paid for them."""
    slots = {"order_id": "8702251946638813"}
    turn = [
        user_event("8702251946638813 卫衣留着 只退裤子可以吗", "ask_return_policy"),
        {
            "event": "bot",
            "text": "亲,订单 8702251946638813 的“女士高腰直筒牛仔裤”签收至今4天",
            "metadata": {"utter_action": "utter_return_eligible"},
        },
    ]
    dispatcher = CollectingDispatcher()
    await ActionAnswerReturnPolicy().run(
        dispatcher, make_tracker("退回去能退多少钱", "ask_return_policy", slots=slots, bot_turn=turn), {}
    )
    assert sent(dispatcher) == ["utter_refund_amount"] and dispatcher.messages[0]["paid"] == "179", dispatcher.messages


@pytest.mark.parametrize(
    "refused, text",
    [("utter_return_non_returnable", "那能退多少钱"), ("utter_return_eligible", "能退多少运费")],
)
async def test_no_refund_amount_after_a_refused_return_or_for_the_freight(shop, refused, text):
    """After "内衣不支持七天无理由", "那能退多少钱" must not read as a refund promised."""
    slots = {"order_id": "4195528730661347"}
    turn = [user_event("4195528730661347 能退吗", "ask_return_policy"), *bot_said(refused)]
    dispatcher = CollectingDispatcher()
    tracker = make_tracker(text, "ask_return_policy", slots=slots, bot_turn=turn)
    await ActionAnswerReturnPolicy().run(dispatcher, tracker, {})
    assert "utter_refund_amount" not in sent(dispatcher), sent(dispatcher)


async def test_the_item_not_returned_is_left_out_beside_the_one_returned(shop):
    text = "8702251946638813 卫衣不退 只退牛仔裤可以吗"
    entities = {"order_id": "8702251946638813", "product_category": "卫衣"}
    dispatcher = CollectingDispatcher()
    await ActionAnswerReturnPolicy().run(dispatcher, make_tracker(text, "ask_return_policy", entities=entities), {})
    assert dispatcher.messages[0]["product"] == "女士高腰直筒牛仔裤", dispatcher.messages


async def test_how_much_comes_back_for_one_of_two_is_the_price_of_one(shop):
    order = shop.get_order("5917730462281148")
    [item] = [i for i in order.items if i.qty == 2]
    slots = {"order_id": order.order_id}
    turn = [user_event(f"{order.order_id} 能退吗", "ask_return_policy"), *bot_said("utter_return_eligible")]
    dispatcher = CollectingDispatcher()
    tracker = make_tracker("只退一件能退多少钱", "ask_return_policy", slots=slots, bot_turn=turn)
    await ActionAnswerReturnPolicy().run(dispatcher, tracker, {})
    assert dispatcher.messages[0]["paid"] == f"{item.price_paid:g}", dispatcher.messages


@pytest.mark.parametrize("text", ["卫衣不换货了直接退", "卫衣不退款 换个大一码"])
async def test_not_exchanging_or_not_refunded_is_no_item_kept(shop, text):
    from actions.orders import kept_items

    assert kept_items(shop.get_order("8702251946638813"), text) == []


@pytest.mark.parametrize("intent", ["ask_promotion", "ask_return_policy"])
async def test_when_the_days_start_asked_right_after_the_rules_is_said_not_the_coupons(shop, intent):
    """ "从哪天开始算啊" right after the returns rules (the NLU hears 满减's "怎么算"): from the
    day it was signed for."""
    from actions.promotions import ActionAnswerPromotion

    action = ActionAnswerPromotion() if intent == "ask_promotion" else ActionAnswerReturnPolicy()
    tracker = make_tracker("从哪天开始算啊", intent, bot_turn=bot_said("utter_return_policy_general"))
    dispatcher = CollectingDispatcher()
    await action.run(dispatcher, tracker, {})
    assert sent(dispatcher)[0] == "utter_return_window_start", sent(dispatcher)


async def test_another_courier_asked_for_read_as_an_exchange_is_the_courier_answer(shop):
    """ "还能换顺丰不" right after a picked-up parcel, read as an exchange, got how to refuse the parcel."""
    dispatcher = CollectingDispatcher()
    tracker = make_tracker(
        "还能换顺丰不",
        "ask_return_policy",
        entities={"courier": "顺丰"},
        slots={"order_id": "4893307152264918"},
        bot_turn=bot_said("utter_parcel_picked_up"),
    )
    await ActionAnswerReturnPolicy().run(dispatcher, tracker, {})
    assert sent(dispatcher) and not any(name.startswith("utter_return") for name in sent(dispatcher)), sent(dispatcher)
    assert any("courier" in name for name in sent(dispatcher)), sent(dispatcher)


async def test_an_exchange_for_another_colour_is_a_return_question_not_the_colours(shop):
    """ "风衣颜色不太喜欢 能换个黑色的不" got "颜色:卡其色", and the order number next its parcel."""
    from actions.handoff import ActionAssessRisk

    phone = CollectingDispatcher()
    await ActionAssessRisk().run(phone, make_tracker("烦死了 能换个手机号吗 老是打错", "complain"), {})
    assert not any(m["response"].startswith("utter_return_") for m in phone.messages)  # no exchange
    dispatcher = CollectingDispatcher()
    events = await ActionAssessRisk().run(dispatcher, make_tracker("风衣颜色不太喜欢 能换个黑色的不", "complain"), {})
    said = [m["response"] for m in dispatcher.messages]
    assert "utter_product_attribute" not in said and any(r.startswith("utter_return_") for r in said), said
    assert {"pending_topic": "returns"}.items() <= {
        e["name"]: e["value"] for e in events if e["event"] == "slot"
    }.items()


async def test_freight_asked_with_a_return_wished_is_the_return_with_its_number_awaited(shop):
    """ "健步鞋我爸穿着不喜欢 想退 来回运费咋算" got who pays alone, and the number next its parcel."""
    dispatcher = CollectingDispatcher()
    tracker = make_tracker("健步鞋我爸穿着不喜欢 想退 来回运费咋算", "ask_return_policy")
    events = await ActionAnswerReturnPolicy().run(dispatcher, tracker, {})
    assert sent(dispatcher)[0] == "utter_return_policy_general", sent(dispatcher)
    assert {"pending_topic": "returns"}.items() <= {
        e["name"]: e["value"] for e in events if e["event"] == "slot"
    }.items()
    dispatcher = CollectingDispatcher()
    await ActionAnswerReturnPolicy().run(
        dispatcher, make_tracker("我不想退 就问问来回运费谁出", "ask_return_policy"), {}
    )
    assert sent(dispatcher) == ["utter_return_shipping_payer"]  # no return wished: who pays, alone


async def test_where_the_price_difference_goes_is_the_refund_route(shop):
    """ "差价退到哪 花呗吗" after the price-protection answer got that answer again and the return address."""
    dispatcher = CollectingDispatcher()
    slots = {"order_id": "8839016627745120"}
    said = bot_said("utter_price_protect_to_human")
    await ActionAnswerReturnPolicy().run(
        dispatcher, make_tracker("差价退到哪 花呗吗", "ask_return_policy", slots=slots, bot_turn=said), {}
    )
    assert sent(dispatcher) == ["utter_refund_destination"], sent(dispatcher)


@pytest.mark.parametrize(
    "text,response",
    [("卫衣想换个燕麦色的行吗", "utter_exchange_colour_listed"),
     ("卫衣想换个紫色的行吗", "utter_exchange_colour_not_listed")],
)  # fmt: skip
async def test_an_exchange_for_a_colour_named_says_whether_it_comes_in_it(shop, text, response):
    """ "想换个燕麦色的行吗" about the received hoodie got the 退货退款 text, never whether 燕麦色 exists."""
    dispatcher = CollectingDispatcher()
    await ActionAnswerReturnPolicy().run(dispatcher, make_tracker(f"8702251946638813 {text}", "ask_return_policy"), {})
    assert sent(dispatcher)[:2] == [response, "utter_return_exchange"], sent(dispatcher)


async def run_returns(text, previous=(), slots=None):
    dispatcher = CollectingDispatcher()
    tracker = make_tracker(text, "ask_return_policy", slots=slots, bot_turn=bot_said(*previous))
    await ActionAnswerReturnPolicy().run(dispatcher, tracker, {})
    return sent(dispatcher)


async def test_who_pays_the_freight_after_a_quality_answer_is_the_shop(shop):
    """ "那寄回去运费谁出" a turn after the quality answer (the warranty asked between) got the general
    rule ("买家承担" first)."""
    dispatcher = CollectingDispatcher()
    between = [user_event("这个保修多久来着", "ask_product_info"), {"event": "action", "name": "action_listen"}]
    turns = bot_said("utter_return_quality", "utter_return_note") + between + bot_said("utter_product_attribute")
    tracker = make_tracker(
        "那寄回去运费谁出", "ask_return_policy", slots={"order_id": "8839016627745120"}, bot_turn=turns
    )
    await ActionAnswerReturnPolicy().run(dispatcher, tracker, {})
    assert sent(dispatcher) == ["utter_return_quality_shipping"]


async def test_not_wanted_with_the_freight_and_where_to_send_is_the_whole_return(shop):
    """ "吹风机不想要了 运费谁出 寄哪里" got only who pays the freight."""
    said = await run_returns("8839016627745120 吹风机不想要了 运费谁出 寄哪里", slots={"order_id": "8839016627745120"})
    assert "utter_return_note" in said and "utter_return_shipping_payer" in said


async def test_who_receives_a_return_right_after_the_address_is_the_recipient_and_phone(shop):
    said = await run_returns("收件人写谁 电话多少", ["utter_return_note"], {"order_id": "2518864930027745"})
    assert said == ["utter_return_recipient"]


async def test_a_discount_that_was_used_is_a_refund_shared_out_not_a_coupon_question(shop):
    """ "当时有满减 退多少钱": 有满减 tells the discount used, it asks for no coupon."""
    said = await run_returns("9904471326658013 这单我想退一双健步鞋 当时有满减 退多少钱")
    assert said == ["utter_promotion_refunds"]


async def test_a_flash_sale_rule_asked_in_general_on_another_products_card_is_the_rule(shop):
    """ "秒杀的东西能退吗" on the clay mask's card (no flash sale) got "退换规则就是上面说的这些"."""
    dispatcher = CollectingDispatcher()
    tracker = make_tracker("秒杀的东西能退吗", "ask_return_policy", metadata={"product": "MK-002"})
    await ActionAnswerReturnPolicy().run(dispatcher, tracker, {})
    assert sent(dispatcher) == ["utter_return_special_price_rule"]


async def test_another_order_asked_on_after_one_was_found_returnable_gets_its_own_rule(shop):
    """The coat found returnable, then the dress's parcel (on its way), then "那裙子到了不合适也能退吧"
    got "how to apply" for the dress, as if it had been found returnable too: it gets the rule once
    it arrives."""
    coat, dress = "2518864930027745", "3051729946021837"
    earlier = [
        {"event": "slot", "name": "order_id", "value": coat},
        *bot_said("utter_return_eligible", "utter_return_note"),
        user_event("对了 另外那条裙子3051729946021837 到哪了", "track_parcel"),
        {"event": "slot", "name": "order_id", "value": dress},
        *bot_said("utter_parcel_in_transit"),
    ]
    tracker = make_tracker("那裙子到了不合适也能退吧", "ask_return_policy", slots={"order_id": dress}, bot_turn=earlier)
    dispatcher = CollectingDispatcher()
    await ActionAnswerReturnPolicy().run(dispatcher, tracker, {})
    assert sent(dispatcher)[0] == "utter_return_after_arrival", sent(dispatcher)
    # the coat itself asked on ("那怎么申请啊") is still how to apply
    earlier = earlier[:3]
    tracker = make_tracker("那怎么申请啊", "ask_return_policy", slots={"order_id": coat}, bot_turn=earlier)
    dispatcher = CollectingDispatcher()
    await ActionAnswerReturnPolicy().run(dispatcher, tracker, {})
    assert sent(dispatcher)[0] == "utter_return_how_to", sent(dispatcher)


@pytest.mark.parametrize(
    "text,insurance_only", [("我有買運費險的", True), ("运费险怎么赔啊", True), ("还在七天里吗 有运费险不", False)]
)
async def test_the_freight_insurance_asked_alone_gets_how_it_pays(shop, text, insurance_only):
    """ "我有買運費險的" after who pays the freight got the whole return answer again, without a
    word on the insurance; asked beside the return, the return is answered whole."""
    tracker = make_tracker(text, "ask_return_policy", slots={"order_id": "2518864930027745"})
    dispatcher = CollectingDispatcher()
    await ActionAnswerReturnPolicy().run(dispatcher, tracker, {})
    assert (sent(dispatcher) == ["utter_return_freight_insurance"]) == insurance_only, sent(dispatcher)


async def test_whether_the_refund_comes_today_is_when_refunds_come(shop):
    """ "3927… 退货寄回去了 钱今天能到吗 急用" got whether the shoes can be returned."""
    text = "3927716640582219 退货寄回去了 钱今天能到吗 急用"
    tracker = make_tracker(text, "ask_return_policy", entities={"order_id": "3927716640582219"})
    dispatcher = CollectingDispatcher()
    await ActionAnswerReturnPolicy().run(dispatcher, tracker, {})
    assert sent(dispatcher) == ["utter_refund_time"], sent(dispatcher)


async def test_a_fault_on_arrival_asked_of_a_parcel_on_its_way_is_taken_back_as_a_quality_problem(shop):
    """ "收到要是坏的能退吗" about a parcel being delivered got how to refuse it and ask a refund."""
    tracker = make_tracker("收到要是坏的能退吗", "ask_return_policy", slots={"order_id": "6931054472281906"})
    dispatcher = CollectingDispatcher()
    await ActionAnswerReturnPolicy().run(dispatcher, tracker, {})
    assert sent(dispatcher) == ["utter_return_quality"], sent(dispatcher)


async def test_whether_a_flash_sale_item_on_its_way_can_go_back_is_its_own_rule(shop):
    """ "口红那个三支装是秒杀的吧 不喜欢能退不" about an order on its way got how to refuse the parcel."""
    tracker = make_tracker(
        "口红那个三支装是秒杀的吧 不喜欢能退不", "ask_return_policy", slots={"order_id": "8127740396651203"}
    )
    dispatcher = CollectingDispatcher()
    await ActionAnswerReturnPolicy().run(dispatcher, tracker, {})
    assert sent(dispatcher) == ["utter_return_special_price"], sent(dispatcher)
    assert "三支装" in dispatcher.messages[0]["product"]


def test_where_a_refund_goes_in_traditional_characters_is_the_refund():
    """ "退款會退到哪裡" after the freight and the insurance got the return rules again."""
    from actions import services
    from actions.returns import return_topic
    from kefu.traditional import to_simplified

    assert return_topic(to_simplified("退款會退到哪裡"), services.shop().policy) == "refund_time"


async def test_the_other_item_of_a_parcel_on_its_way_asked_after_the_flash_sale_rule_is_its_own_rule(shop):
    """ "那另外那支豆沙色口红呢 能退吗" right after the flash-sale lip balms' rule (the order on its way)
    got how to refuse the whole parcel."""
    tracker = make_tracker(
        "那另外那支豆沙色口红呢 能退吗",
        "ask_return_policy",
        slots={"order_id": "8127740396651203"},
        bot_turn=bot_said("utter_return_special_price"),
    )
    dispatcher = CollectingDispatcher()
    await ActionAnswerReturnPolicy().run(dispatcher, tracker, {})
    assert sent(dispatcher)[0] == "utter_return_after_arrival", sent(dispatcher)
    assert "口红" in dispatcher.messages[0]["product"]
