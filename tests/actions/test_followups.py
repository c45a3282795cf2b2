"""Follow-ups read by the bot's last answer, whatever intent the NLU gave them, and the answers
about an order on its way or price protection asked as a coupon question."""

import pytest
from rasa_sdk.executor import CollectingDispatcher

from actions.address import ActionAnswerChangeAddress
from actions.cancel import ActionAnswerCancel
from actions.couriers import ActionAnswerCourier
from actions.dialogue import ActionHandleAffirm, ActionHandleDeny, ActionHandleInform
from actions.handoff import ActionAssessRisk, ActionHandleFailure
from actions.parcel import ActionTrackParcel
from actions.products import ActionAnswerProductInfo
from actions.promotions import ActionAnswerPromotion
from actions.returns import ActionAnswerReturnPolicy
from actions.shipping import ActionAnswerShippingTime
from tests.actions.trackers import bot_said, make_tracker, sent, user_event

IN_TRANSIT, FLASH_SALE, AWAITING_PICKUP = "3051729946021837", "5708826319940471", "4721095536680142"
NOT_SHIPPED = "4417062395810264"


async def reply(action, text, intent, previous=(), slots=None, metadata=None):
    dispatcher = CollectingDispatcher()
    tracker = make_tracker(text, intent, slots=slots, bot_turn=bot_said(*previous), metadata=metadata)
    events = await action.run(dispatcher, tracker, {})
    return sent(dispatcher), {e["name"]: e["value"] for e in events if e.get("event") == "slot"}


@pytest.mark.parametrize(
    "action,intent",
    [
        (ActionAnswerShippingTime(), "ask_shipping_time"),
        (ActionAssessRisk(), "complain"),
        (ActionHandleFailure(), "nlu_fallback"),
    ],
)
async def test_a_plea_after_a_refused_return_gets_the_rule_kindly_whatever_the_nlu_read(shop, action, intent):
    """ "就超了几天而已嘛 通融一下" once got the shipping-time answer."""
    responses, slots = await reply(action, "就超了几天而已嘛 通融一下", intent, ["utter_return_window_passed"])
    assert responses == ["utter_return_window_holds"] and slots["offer"] == "human"  # the 7 days, kindly


async def test_an_unopened_non_returnable_item_keeps_its_rule_and_a_size_swap_too(shop):
    refused = ["utter_return_non_returnable"]
    responses, _ = await reply(ActionAssessRisk(), "吊牌都没拆 也不行吗", "complain", refused)
    assert responses == ["utter_return_unopened_not_returnable"]
    responses, _ = await reply(ActionHandleInform(), "那换个码呢", "inform", refused)
    assert responses == ["utter_return_refusal_holds"]


async def test_without_a_refusal_before_a_plea_is_not_read_as_one(shop):
    responses, _ = await reply(ActionHandleFailure(), "就超了几天而已嘛 通融一下", "nlu_fallback")
    assert "utter_return_refusal_holds" not in responses


async def test_where_to_apply_for_price_protection_is_told_step_by_step(shop):
    responses, _ = await reply(ActionHandleFailure(), "在哪申请啊 找不到", "nlu_fallback", ["utter_price_protect_ok"])
    assert responses == ["utter_price_protect_where"]


async def test_asking_to_chase_a_parcel_offers_a_person_instead_of_repeating_the_answer(shop):
    previous = ["utter_followup_pickup"]
    responses, slots = await reply(
        ActionTrackParcel(), "都一天了还没揽收 能帮我催一下吗", "track_parcel", previous, {"order_id": AWAITING_PICKUP}
    )
    assert responses == ["utter_parcel_chase_offer"] and slots["offer"] == "human"


@pytest.mark.parametrize("action,intent,text", [(ActionHandleAffirm(), "affirm", "催一下"),
                                                (ActionHandleFailure(), "nlu_fallback", "能快点不")])  # fmt: skip
async def test_a_chase_after_the_dispatch_answer_offers_a_person(shop, action, intent, text):
    """ "4417…什么时候发货" → "催一下" once got a bare "好的亲~ 请问还有其他可以帮您的吗?"."""
    responses, slots = await reply(action, text, intent, ["utter_shipping_order_pending"], {"order_id": NOT_SHIPPED})
    assert responses == ["utter_parcel_chase_offer"] and slots["offer"] == "human"


async def test_asking_for_another_courier_after_the_dispatch_answer_is_no_chase(shop):
    asked, slots = ["utter_shipping_order_pending"], {"order_id": NOT_SHIPPED}
    responses, _ = await reply(ActionAnswerCourier(), "能改发顺丰吗 想快点", "ask_courier", asked, slots)
    assert "utter_parcel_chase_offer" not in responses and responses, responses


async def test_not_found_after_a_delivered_parcel_was_not_received_offers_a_person_again(shop):
    responses, slots = await reply(
        ActionHandleFailure(), "要是问不到呢", "nlu_fallback", ["utter_delivered_not_received"]
    )
    assert responses == ["utter_not_received_next"] and slots["offer"] == "human"


async def test_a_delivery_preference_is_told_to_be_the_couriers(shop):
    responses, _ = await reply(ActionHandleFailure(), "能不能让快递直接送公司 别放驿站", "nlu_fallback")
    assert responses == ["utter_delivery_preference"]


async def test_i_will_wait_is_acknowledged_not_misunderstood(shop):
    responses, _ = await reply(ActionHandleAffirm(), "行 那我再等等", "affirm", ["utter_followup_pickup"])
    assert responses == ["utter_ok_anytime"]
    responses, _ = await reply(ActionHandleFailure(), "好 那我先问问快递员", "nlu_fallback")
    assert responses == ["utter_ok_anytime"]
    responses, _ = await reply(ActionHandleFailure(), "好 知道了", "nlu_fallback")
    assert responses == ["utter_ok_anytime"]


@pytest.mark.parametrize("text", ["衣服收到了 不太喜欢 想退了", "我拍的那件明天能到吗", "知道了 那怎么退"])
async def test_a_message_that_asks_something_is_not_taken_for_an_ok(shop, text):
    responses, _ = await reply(ActionAnswerReturnPolicy(), text, "ask_return_policy")
    assert "utter_ok_anytime" not in responses and "utter_photos_later" not in responses


async def test_a_deadline_after_the_parcel_answer_is_answered_without_a_promise(shop):
    """ "给我妈的生日礼物 周六要用的 来得及不" got "这个的答案和上面说的一样"."""
    previous = ["utter_followup_not_shipped"]
    responses, _ = await reply(
        ActionAnswerShippingTime(), "给我妈的生日礼物 周六要用的 来得及不", "ask_shipping_time", previous
    )
    assert responses == ["utter_deadline_no_promise"]


async def test_returning_an_order_on_its_way_after_it_arrives_is_the_seven_day_rule(shop):
    """ "到了不合适能退吧" was told to refuse the parcel for a refund."""
    responses, _ = await reply(ActionAnswerReturnPolicy(), f"{IN_TRANSIT} 到了不合适能退吧", "ask_return_policy")
    assert responses[0] == "utter_return_after_arrival"
    responses, _ = await reply(ActionAnswerReturnPolicy(), f"{IN_TRANSIT} 不想要了能退吗", "ask_return_policy")
    assert responses == ["utter_return_not_delivered"]


async def test_price_protection_read_as_a_coupon_question_gets_the_price_protection_answer(shop):
    owner = {"account": shop.get_order(FLASH_SALE).account}
    text = f"充电宝才几天就便宜了20 {FLASH_SALE} 保价吗"
    responses, _ = await reply(ActionAnswerPromotion(), text, "ask_promotion", metadata=owner)
    assert responses == ["utter_price_protect_flash_sale"]
    responses, _ = await reply(ActionAnswerPromotion(), "有优惠券吗", "ask_promotion")
    assert responses != ["utter_price_protect_flash_sale"] and "utter_price_protect_general" not in responses


async def test_photos_promised_for_later_are_waited_for_kindly(shop):
    """ "照片我晚上拍给你 现在在上班" once got the welcome greeting."""
    responses, _ = await reply(ActionHandleFailure(), "照片我晚上拍给你 现在在上班", "greet", ["utter_order_problem"])
    assert responses == ["utter_photos_later"]
    # "行吧 我一会拍" after the remedy was explained: not "是的亲~ 麻烦拍一下…" again
    responses, _ = await reply(ActionHandleAffirm(), "行吧 我一会拍", "affirm", ["utter_order_problem_remedy"])
    assert responses == ["utter_photos_later"]


@pytest.mark.parametrize("intent", ["ask_shipping_time", "thank"])
async def test_how_to_send_the_photos_asked_gets_the_button_whatever_the_nlu_read(shop, intent):
    """ "那我拍照给你 怎么发" after photos were asked for once got the dispatch times."""
    action = ActionAnswerShippingTime() if intent == "ask_shipping_time" else ActionHandleFailure()
    responses, _ = await reply(action, "那我拍照给你 怎么发", intent, ["utter_order_problem_order"])
    assert responses == ["utter_photos_how"]
    responses, _ = await reply(action, "那我拍照给你 怎么发", intent, ["utter_photos_how"])
    assert responses == ["utter_photos_button"]  # asked again: only where the button is


async def test_a_plain_ok_after_price_protection_is_not_read_as_asking_the_bot_to_apply(shop):
    responses, _ = await reply(ActionHandleAffirm(), "好的", "affirm", ["utter_price_protect_ok"])
    assert responses == ["utter_anything_else"]
    responses, _ = await reply(ActionHandleAffirm(), "好的 那帮我申请吧", "affirm", ["utter_price_protect_ok"])
    assert responses == ["utter_price_protect_how"]


async def test_a_coupon_question_naming_a_product_gets_the_coupon_rule(shop):
    from actions.products import ActionAnswerProductInfo

    responses, _ = await reply(ActionAnswerProductInfo(), "秒杀的充电宝能用券吗", "ask_product_info")
    assert responses == ["utter_promotion_stacking"]
    responses, _ = await reply(ActionAnswerPromotion(), "满299送啥", "ask_promotion")
    assert responses == ["utter_promotion_gift"]


async def test_a_refund_time_question_the_nlu_could_not_place_gets_the_refund_time(shop):
    responses, _ = await reply(ActionHandleFailure(), "钱多久能回来", "nlu_fallback", ["utter_return_special_price"])
    assert responses == ["utter_refund_time"]


async def test_how_long_an_exchange_takes_is_answered_after_the_return_was_found_possible(shop):
    responses, _ = await reply(
        ActionHandleFailure(), "换的话要多久能收到新的", "nlu_fallback", ["utter_return_eligible"]
    )
    assert responses == ["utter_exchange_time"]


async def test_free_shipping_asked_after_a_remote_regions_freight_is_not_a_recommendation(shop):
    previous = ["utter_courier_remote"]
    responses, _ = await reply(ActionAnswerShippingTime(), "我买200多的也不包邮吗", "ask_shipping_time", previous)
    assert responses == ["utter_remote_no_free_shipping"]


async def test_how_long_right_after_a_remote_regions_answer_is_its_days(shop):
    """ "那要多久" after "新疆属于偏远地区…5-8天", read as a yes, once got "好嘞,还有什么问题"."""
    from actions.dialogue import ActionHandleAffirm

    responses, _ = await reply(ActionHandleAffirm(), "那要多久", "affirm", ["utter_courier_remote"], {"region": "新疆"})
    assert responses == ["utter_courier_remote_days"]


async def test_a_refund_the_nlu_could_not_place_gets_the_returns_answer(shop):
    exception = "7623390185546027"
    responses, _ = await reply(ActionHandleFailure(), f"{exception} 那我不想要了 能退款吗", "nlu_fallback")
    assert responses[-1] in ("utter_return_not_delivered", "utter_cancel_shipped")


async def test_how_long_after_the_invoice_was_registered_is_the_invoice(shop):
    responses, _ = await reply(
        ActionAnswerShippingTime(), "大概几天能收到", "ask_shipping_time", ["utter_invoice_submitted"]
    )
    assert responses == ["utter_invoice_when"]
    previous = ["utter_invoice_submitted"]
    responses, _ = await reply(ActionHandleFailure(), "ok 开好了会通知我吗", "nlu_fallback", previous)
    assert responses == ["utter_invoice_when"]
    responses, _ = await reply(ActionHandleFailure(), "那啥时候发我邮箱", "nlu_fallback", previous)
    assert responses == ["utter_invoice_when"]  # the invoice sent, not a parcel
    responses, _ = await reply(ActionHandleFailure(), "刚才开发票的时候邮箱填错了 能改吗", "nlu_fallback", previous)
    assert "utter_invoice_when" not in responses  # 刚才开 is no "才开"
    for parcel in (
        "那什么时候能到啊 周六要穿去跑步 来得及不",
        "还有鞋子啥时候到 着急穿",
        "那鞋子到底啥时候发 给我爸的",
        "另外这单啥时候能送到啊 好几天了",
    ):
        # the parcel, asked right after the invoice
        responses, _ = await reply(
            ActionAnswerShippingTime(), parcel, "ask_shipping_time", previous, {"order_id": "5502819946637128"}
        )
        assert "utter_invoice_when" not in responses and responses, parcel


async def test_an_order_number_in_a_message_not_understood_is_looked_up(shop):
    responses, _ = await reply(ActionHandleFailure(), "单号 6203 9188 4756 1023 发货没", "nlu_fallback")
    assert responses == ["utter_parcel_not_shipped"]


async def test_a_product_question_read_as_a_courier_question_gets_the_product_answer(shop):
    from actions.couriers import ActionAnswerCourier

    responses, _ = await reply(ActionAnswerCourier(), "支持快充吗", "ask_courier", slots={"product_in_focus": "PB-001"})
    assert "utter_product_attribute" in responses[0] and "courier" not in responses[0]


@pytest.mark.parametrize(
    "text,previous",
    [
        ("怎么还没送到家", ["utter_followup_eta"]),  # about the parcel, not how to deliver it
        ("收到回家一看跟图片不一样 我要退货", []),  # not photos promised for later
        ("又让我再等等 都一周了", ["utter_followup_pickup"]),  # a complaint, not an ok
        ("我先问问能不能退", []),
        ("还要我再等等？", ["utter_followup_pickup"]),
    ],
)
async def test_words_of_a_follow_up_inside_another_message_do_not_trigger_it(shop, text, previous):
    from actions.followups import follow_up_replies

    tracker = make_tracker(text, "nlu_fallback", bot_turn=bot_said(*previous))
    assert follow_up_replies(tracker) is None


async def test_a_plea_naming_another_order_is_about_that_order(shop):
    from actions.followups import follow_up_replies

    tracker = make_tracker(
        "3927716640582219 这单吊牌没拆 能退吗", "ask_return_policy", bot_turn=bot_said("utter_return_window_passed")
    )
    assert follow_up_replies(tracker) is None


async def test_a_return_before_arrival_said_with_a_negation_is_refuse_and_refund(shop):
    responses, _ = await reply(ActionAnswerReturnPolicy(), f"{IN_TRANSIT} 还没到货 不想要了能退吗", "ask_return_policy")
    assert responses == ["utter_return_not_delivered"]


@pytest.mark.parametrize("intent", ["nlu_fallback", "report_order_problem"])
async def test_asking_for_a_reshipment_while_the_photos_are_awaited_gets_the_remedies(shop, intent):
    """ "能直接给我补发一条吗" after the missing-item answer: reshipping, exchange or refund once the
    photos are checked, not "没看明白" or the missing-item answer again."""
    from actions.order_problem import ActionAnswerOrderProblem

    action = ActionHandleFailure() if intent == "nlu_fallback" else ActionAnswerOrderProblem()
    asked = ["utter_order_problem_order"]
    responses, _ = await reply(action, "能直接给我补发一条吗", intent, asked, slots={"order_id": "8702251946638813"})
    assert responses == ["utter_order_problem_remedy"]
    responses, _ = await reply(action, "能直接给我补发一条吗", intent, slots={"order_id": "8702251946638813"})
    assert responses != ["utter_order_problem_remedy"]  # no problem was reported


async def test_a_reshipment_asked_beside_the_photos_gets_the_remedies_not_only_the_button(shop):
    """ "能直接补发吗 懒得拍照": whether and how it is reshipped (after the photos), not "是的亲~ 拍一下"."""
    from actions.order_problem import ActionAnswerOrderProblem

    asked = ["utter_order_problem"]
    text = "能直接补发吗 懒得拍照"
    responses, _ = await reply(
        ActionAnswerOrderProblem(), text, "report_order_problem", asked, slots={"order_id": "8702251946638813"}
    )
    assert responses == ["utter_order_problem_remedy"]


async def test_how_long_once_the_photos_are_with_a_person_says_they_arrange_it(shop):
    from actions.order_problem import ActionAnswerOrderProblem

    handed = ["utter_photo_to_human"]
    responses, _ = await reply(ActionAnswerOrderProblem(), "那补发要多久", "report_order_problem", handed)
    assert responses == ["utter_order_problem_in_hand"]
    responses, _ = await reply(ActionAnswerShippingTime(), "那要多久", "ask_shipping_time", handed)
    assert responses == ["utter_order_problem_in_hand"]


async def test_asked_again_how_to_send_photos_only_the_button_is_pointed_at(shop):
    asked = ["utter_photos_how"]
    responses, _ = await reply(ActionHandleFailure(), "怎么发图片啊", "nlu_fallback", asked, {"awaiting_photos": True})
    assert responses == ["utter_photos_button"]


@pytest.mark.parametrize("text", ["好的 我打给他", "行 我自己联系快递员", "嗯 那我打个电话问问"])
async def test_the_shopper_will_call_the_courier_is_acknowledged(shop, text):
    responses, _ = await reply(ActionHandleFailure(), text, "nlu_fallback", ["utter_courier_phone"])
    assert responses == ["utter_ok_anytime"]


async def test_what_if_nobody_knows_after_the_places_to_ask_gets_what_a_person_does(shop):
    """ "要是问不到呢" right after "先问问家人、邻居、门卫…" got "和上面说的一样"."""
    responses, slots = await reply(ActionHandleFailure(), "要是问不到呢", "nlu_fallback", ["utter_not_received_next"])
    assert responses == ["utter_not_received_still"] and slots["offer"] == "human"
    responses, _ = await reply(ActionHandleFailure(), "要是问不到呢", "nlu_fallback", ["utter_delivered_not_received"])
    assert responses == ["utter_not_received_next"]


async def test_how_to_pay_for_the_upgrade_once_it_went_to_a_person(shop):
    from actions.couriers import ActionAnswerCourier

    handed = ["utter_courier_upgrade_handed_over"]
    responses, _ = await reply(ActionAnswerCourier(), "加钱多少 怎么付", "ask_courier", handed)
    assert responses == ["utter_courier_upgrade_payment"]
    responses, _ = await reply(ActionAnswerCourier(), "加钱多少 怎么付", "ask_courier")
    assert responses != ["utter_courier_upgrade_payment"]


async def test_a_reshipment_read_as_a_courier_question_gets_the_remedies(shop):
    from actions.couriers import ActionAnswerCourier

    asked, slots = ["utter_order_problem_order"], {"order_id": "8702251946638813"}
    responses, _ = await reply(ActionAnswerCourier(), "能补发吗", "ask_courier", asked, slots)
    assert responses == ["utter_order_problem_remedy"]


async def test_asking_to_chase_after_a_deadline_question_still_offers_a_person(shop):
    """parcel answer → "周六要用 来得及不" → "能帮我催一下吗": the parcel answer came once more."""
    from tests.actions.trackers import user_event

    turns = [*bot_said("utter_followup_pickup"), user_event("周六要用 来得及不", "ask_shipping_time"),
             *bot_said("utter_deadline_no_promise")]  # fmt: skip
    tracker = make_tracker("能帮我催一下吗", "track_parcel", slots={"order_id": AWAITING_PICKUP}, bot_turn=turns)
    dispatcher = CollectingDispatcher()
    await ActionTrackParcel().run(dispatcher, tracker, {})
    assert sent(dispatcher) == ["utter_parcel_chase_offer"]


@pytest.mark.parametrize("intent", ["cancel_order", "change_address"])
async def test_another_colour_on_an_unshipped_order_is_not_answered_as_a_cancel(shop, intent):
    """ "那我不取消了 能直接帮我改成墨绿色的吗" got the cancel steps again."""
    from actions.address import ActionAnswerChangeAddress
    from actions.cancel import ActionAnswerCancel

    action = ActionAnswerCancel() if intent == "cancel_order" else ActionAnswerChangeAddress()
    text, unshipped, delivered = "那我不取消了 能直接帮我改成墨绿色的吗", "4417062395810264", "8702251946638813"
    responses, slots = await reply(action, text, intent, ["utter_cancel_unshipped"], {"order_id": unshipped})
    assert responses == ["utter_change_variant"] and slots["offer"] == "human"
    responses, _ = await reply(action, "能换个码吗", intent, slots={"order_id": delivered})
    assert responses != ["utter_change_variant"]  # received: an exchange, not an order change
    # the attribute named first, after the order was kept
    responses, _ = await reply(action, "那颜色能改成墨绿的吗", intent, ["utter_order_kept"], {"order_id": unshipped})
    assert responses == ["utter_change_variant"]


async def test_where_to_apply_after_price_protection_before_delivery(shop):
    previous = ["utter_price_protect_not_delivered"]
    responses, _ = await reply(ActionHandleFailure(), "在哪申请啊 找不到", "nlu_fallback", previous)
    assert responses == ["utter_price_protect_where"]


async def test_a_default_courier_that_does_not_deliver_there_gets_how_to_note_it(shop):
    from actions.couriers import ActionAnswerCourier

    responses, _ = await reply(ActionAnswerCourier(), "能指定发圆通吗 我们这中通不送", "ask_courier")
    assert responses == ["utter_courier_not_delivering"]
    responses, _ = await reply(ActionAnswerCourier(), "能指定发圆通吗", "ask_courier")
    assert responses == ["utter_courier_default_named"]  # one of ours, chosen by the warehouse


async def test_a_refund_not_arrived_read_as_a_parcel_question_gets_where_to_look_and_who_checks(shop):
    """The refund late: when it usually comes, where its progress shows and a person to check
    (not only the usual days again)."""
    responses, _ = await reply(ActionTrackParcel(), "我的退款怎么还没到帐", "track_parcel", metadata={})
    assert responses == ["utter_refund_overdue"]


async def test_a_refund_that_never_comes_after_the_refund_answer_is_not_the_return_policy(shop):
    """ "那要是一直不到账呢" after where the refund goes got the whole return policy."""
    previous = ["utter_refund_destination"]
    responses, _ = await reply(
        ActionAnswerReturnPolicy(),
        "那要是一直不到账呢",
        "ask_return_policy",
        previous,
        {"order_id": "3927716640582219"},
    )
    assert responses == ["utter_refund_overdue"]


async def test_before_saturday_after_a_parcel_exception_is_a_deadline_never_promised(shop):
    previous = ["utter_parcel_exception"]
    responses, _ = await reply(ActionTrackParcel(), "周六之前到得了吗 到不了我婚礼穿什么!", "track_parcel", previous)
    assert responses == ["utter_deadline_no_promise"]


async def test_chase_after_a_stalled_parcel_says_the_chase_is_registered(shop):
    """ "那你们倒是催啊" after "小鹿已经帮您登记催件" got "小鹿这边没办法直接催"."""
    stalled = {"order_id": "2390417765528803"}
    responses, slots = await reply(
        ActionTrackParcel(), "那你们倒是催啊", "track_parcel", ["utter_parcel_stalled"], stalled
    )
    assert responses == ["utter_parcel_chase_registered"] and slots["offer"] == "human"


async def test_a_defect_with_a_washing_word_on_an_order_is_a_returns_question(shop):
    """ "8702…这个卫衣才洗了一次就开线了 什么质量啊": the order's hoodie is the product, yet the
    defect is the question, not how to wash it."""
    text = "8702251946638813 这个卫衣才洗了一次就开线了 什么质量啊"  # the slot takes the number first
    responses, _ = await reply(ActionAnswerReturnPolicy(), text, "ask_return_policy", slots={"order_id": text[:16]})
    assert not any(name.startswith("utter_product_attribute") for name in responses) and responses


async def test_a_reply_read_as_yes_that_says_something_else_is_answered_first(shop, store):
    """ "签收人写的本人 可我根本没在家" right after the offered person, read as a yes, queued the
    shopper; a plain "好的 麻烦了" still does."""
    offered = [*bot_said("utter_delivered_not_received"), {"event": "slot", "name": "offer", "value": "human"}]
    for text, expected in (
        ("签收人写的本人 可我根本没在家", "utter_not_received_next"),
        ("好的 麻烦了", "utter_connect_human"),
    ):
        dispatcher = CollectingDispatcher()
        tracker = make_tracker(text, "affirm", slots={"order_id": "2518864930027745"}, bot_turn=offered)
        await ActionHandleAffirm().run(dispatcher, tracker, {})
        assert sent(dispatcher) == [expected]


async def test_a_follow_up_read_as_a_product_question_is_answered_as_the_follow_up(shop):
    from actions.products import ActionAnswerProductInfo

    responses, _ = await reply(ActionAnswerProductInfo(), "ok 开好了会通知我吗", "ask_product_info",
                               ["utter_invoice_submitted"])  # fmt: skip
    assert responses == ["utter_invoice_when"]
    # "是不是要收货以后才开" read as an address change, right after the invoice's status
    text = "我货都还没收到呢 是不是要收货以后才开"
    responses, _ = await reply(ActionAnswerChangeAddress(), text, "change_address", ["utter_invoice_status"],
                               {"order_id": "9413372068815524"})  # fmt: skip
    assert responses == ["utter_invoice_when"]


async def test_an_exchange_on_a_received_order_read_as_cancelling_is_an_exchange(shop):
    from actions.cancel import ActionAnswerCancel

    responses, _ = await reply(ActionAnswerCancel(), "能直接换大一码吗", "cancel_order",
                               slots={"order_id": "3927716640582219"})  # fmt: skip
    assert "utter_cancel_delivered" not in responses and any("return" in name for name in responses)


async def test_a_message_read_as_asking_for_a_person_without_naming_one_is_answered_first(shop, store):
    """ "签收人写的本人 可我根本没在家" (its "人") read as request_human queued the shopper."""
    from actions.handoff import ActionEscalate

    offered = ["utter_delivered_not_received"]
    responses, _ = await reply(ActionEscalate(), "签收人写的本人 可我根本没在家", "request_human", offered,
                               {"order_id": "2518864930027745"})  # fmt: skip
    assert responses == ["utter_not_received_next"] and await store.list_handoffs() == []
    responses, _ = await reply(ActionEscalate(), "不行 我要人工", "request_human", offered)
    assert responses == ["utter_connect_human"]


async def test_a_person_asked_for_under_the_threshold_is_still_connected(shop, store):
    responses, _ = await reply(ActionHandleFailure(), "好的 帮我找下人工吧", "nlu_fallback", ["utter_parcel_exception"])
    assert responses == ["utter_connect_human"] and len(await store.list_handoffs()) == 1


async def test_how_long_to_a_region_not_understood_gets_the_time_there(shop):
    dispatcher = CollectingDispatcher()
    tracker = make_tracker("那到乌鲁木齐要几天", "nlu_fallback", entities={"region": "乌鲁木齐"}, metadata={})
    await ActionHandleFailure().run(dispatcher, tracker, {})
    assert "utter_courier_remote" in sent(dispatcher)  # 5-8 days there, extra freight


async def test_a_seven_day_question_with_an_order_not_understood_is_a_returns_question(shop):
    text = "订单号3927716640582219 这个还在七天里吗 有运费险不"
    responses, _ = await reply(ActionHandleFailure(), text, "nlu_fallback", slots={"order_id": "3927716640582219"})
    assert "utter_return_eligible" in responses


async def test_a_shipping_question_answered_for_a_late_number_lets_the_next_question_follow_up(shop):
    """ "我买的夹克发货没有啊" → number → "几天能到北京呢" got the same answer again."""
    dispatcher = CollectingDispatcher()
    tracker = make_tracker("4893307152264918", "inform", slots={"pending_topic": "shipping"})
    events = await ActionHandleInform().run(dispatcher, tracker, {})
    assert {"event": "slot", "name": "parcel_state", "value": "picked_up"} in [
        {k: e.get(k) for k in ("event", "name", "value")} for e in events
    ]


async def test_a_reshipment_asked_after_the_photos_are_in_never_asks_for_them_again(shop):
    from actions.order_problem import ActionAnswerOrderProblem

    turns = ["utter_photo_added"]  # both photos in, the missing-item answer two turns back
    responses, _ = await reply(ActionAnswerOrderProblem(), "能直接给我补发一双不 不想退 就要鞋", "report_order_problem",
                               turns, {"order_id": "9904471326658013"})  # fmt: skip
    assert responses == ["utter_order_problem_in_hand"]
    responses, _ = await reply(ActionAnswerOrderProblem(), "补发的能走顺丰不 要加多少钱呀", "report_order_problem",
                               turns, {"order_id": "9904471326658013"})  # fmt: skip
    assert responses == ["utter_reship_courier"]


async def test_naming_the_shops_service_without_asking_for_a_person_is_not_a_request(shop, store):
    text = "你们客服是不是24小时不睡觉啊 哈哈 比我还能熬"
    responses, _ = await reply(ActionHandleFailure(), text, "nlu_fallback", metadata={})
    assert "utter_connect_human" not in responses and await store.list_handoffs() == []


async def test_a_defect_in_what_arrived_naming_an_attribute_on_a_card_is_a_returns_question(shop):
    """ "那双健步鞋到了 拆开一只鞋底都开胶了" with a jacket's card open got the shoe's material."""
    from actions.products import asks_about_a_product

    text = "还有个事 给我爸买的那双健步鞋到了 拆开一只鞋底都开胶了"
    tracker = make_tracker(text, "complain", slots={"product_in_focus": "DJ-001", "order_id": "6374409218856630"})
    assert not asks_about_a_product(tracker)
    responses, _ = await reply(ActionAnswerReturnPolicy(), text, "ask_return_policy",
                               slots={"product_in_focus": "DJ-001", "order_id": "6374409218856630"})  # fmt: skip
    assert not any(name.startswith("utter_product_attribute") for name in responses)


async def test_paying_the_upgrade_asked_colloquially_is_not_a_price_drop(shop):
    handed = ["utter_courier_upgrade_handed_over"]
    responses, _ = await reply(ActionAnswerReturnPolicy(), "好滴 那差价我咋付给你们呀", "ask_return_policy", handed)
    assert responses == ["utter_courier_upgrade_payment"]


async def test_a_deadline_asked_after_a_new_address_for_an_order_on_its_way_is_never_promised(shop):
    """ "那还能按时到吗 娃等着穿" after the new address was handed over got "没看明白"."""
    slots = {"order_id": IN_TRANSIT}
    responses, _ = await reply(
        ActionHandleFailure(), "那还能按时到吗 娃等着穿", "nlu_fallback", ["utter_address_handed_over"], slots
    )
    assert responses == ["utter_deadline_no_promise"]


async def test_a_deadline_read_as_a_wish_after_a_parcel_answer_is_a_deadline(shop):
    from actions.recommend import ValidateRecommendForm

    dispatcher = CollectingDispatcher()
    tracker = make_tracker(
        "周六要去跑步 来得及吗",
        "request_recommendation",
        slots={"order_id": IN_TRANSIT},
        bot_turn=bot_said("utter_parcel_in_transit"),
    )
    events = await ValidateRecommendForm().run(dispatcher, tracker, {"forms": {}})
    assert sent(dispatcher) == ["utter_deadline_no_promise"]
    assert ("requested_slot", None) in [(e.get("name"), e.get("value")) for e in events]


async def test_asking_for_a_person_after_the_chase_is_registered_queues(shop, store):
    dispatcher = CollectingDispatcher()
    tracker = make_tracker("好的 麻烦找个人帮我问问", "nlu_fallback", bot_turn=bot_said("utter_parcel_stalled"))
    events = await ActionHandleFailure().run(dispatcher, tracker, {})
    assert sent(dispatcher) == ["utter_connect_human"] and any(e["event"] == "pause" for e in events)


async def test_the_return_window_asked_with_来得及_is_a_returns_question(shop):
    responses, _ = await reply(
        ActionAnswerReturnPolicy(), "现在退货还来得及不", "ask_return_policy", slots={"order_id": IN_TRANSIT}
    )
    assert responses and "utter_deadline_no_promise" not in responses


async def test_who_pays_the_freight_after_a_wrong_item_is_the_shop(shop):
    responses, _ = await reply(ActionAnswerReturnPolicy(), "来回运费谁出啊", "ask_return_policy", ["utter_photos_how"])
    assert responses == ["utter_order_problem_freight"]


async def test_an_exchange_read_as_an_address_change_after_a_quality_problem_is_an_exchange(shop):
    from actions.address import ActionAnswerChangeAddress

    responses, _ = await reply(ActionAnswerChangeAddress(), "能换个新的吗", "change_address", ["utter_return_quality"])
    assert responses == ["utter_return_quality_choice"]


async def test_another_colour_asked_after_a_wrong_one_gets_the_remedies(shop):
    from actions.cancel import ActionAnswerCancel

    previous = ["utter_order_problem_freight"]
    responses, _ = await reply(ActionAnswerCancel(), "能直接换黑色的吗", "cancel_order", previous)
    assert responses == ["utter_order_problem_remedy"]


async def test_how_long_after_declining_a_person_is_about_the_stalled_parcel(shop):
    """ "还要多久啊" after "不用转人工 我再等等" got "没看明白"."""
    said = bot_said("utter_parcel_stalled") + [
        {"event": "user", "text": "不用转人工 我再等等", "parse_data": {"intent": {"name": "deny"}}},
        *bot_said("utter_offer_declined"),
    ]
    dispatcher = CollectingDispatcher()
    tracker = make_tracker("还要多久啊", "nlu_fallback", slots={"order_id": "4630098125547716"}, bot_turn=said)
    await ActionHandleFailure().run(dispatcher, tracker, {})
    assert sent(dispatcher) and sent(dispatcher)[0].startswith("utter_followup_")


async def test_a_price_drop_beside_an_order_number_is_price_protection_not_the_parcel(shop):
    from actions.dialogue import ActionHandleInform

    text = "４３１６６５９０２８８７３３１８ 水乳套装降了50块 能补吗"
    responses, _ = await reply(ActionHandleInform(), text, "inform", metadata={"account": "chenmama"})
    assert responses and all(name.startswith("utter_price_protect") for name in responses)


async def test_a_defect_read_as_a_product_question_gets_the_returns_answer(shop):
    from actions.products import ActionAnswerProductInfo

    slots = {"order_id": "7481102659937708"}  # past its return window: a quality problem is still taken
    responses, _ = await reply(
        ActionAnswerProductInfo(), "裙子腰那里开线了 这算质量问题吧", "ask_product_info", slots=slots
    )
    assert "utter_product_summary" not in responses and any("quality" in name for name in responses)


async def test_how_long_the_wait_for_a_person_is_answered_and_the_offer_stands(shop):
    responses, slots = await reply(ActionHandleFailure(), "那要等多久", "nlu_fallback", slots={"offer": "human"})
    assert responses == ["utter_person_wait"] and slots.get("offer") == "human"


async def test_a_question_read_as_a_no_to_an_offer_is_answered_not_taken_as_a_no(shop):
    from actions.dialogue import ActionHandleDeny

    offered = bot_said("utter_delivered_not_received") + [{"event": "slot", "name": "offer", "value": "human"}]
    for text, expected in (("要是问不到呢", ["utter_not_received_next"]), ("不用了", ["utter_offer_declined"])):
        dispatcher = CollectingDispatcher()
        await ActionHandleDeny().run(dispatcher, make_tracker(text, "deny", bot_turn=offered), {})
        assert sent(dispatcher) == expected


async def test_a_person_asked_for_in_a_message_read_as_information_queues(shop, store):
    from actions.dialogue import ActionHandleInform

    dispatcher = CollectingDispatcher()
    events = await ActionHandleInform().run(dispatcher, make_tracker("算了 你给我找个人 我要当面说清楚", "inform"), {})
    assert sent(dispatcher) == ["utter_connect_human"] and any(e["event"] == "pause" for e in events)


@pytest.mark.parametrize(
    "text,first",
    [
        ("我买的夹克发货没有啊", "utter_ask_order_id"),
        ("能换个新的吗", "utter_return_"),
        ("在吗 我的外套到那了", "utter_ask_order_id"),  # the common typo of 到哪了
    ],
)
async def test_a_parcel_or_an_exchange_the_nlu_could_not_place_is_answered(shop, text, first):
    responses, _ = await reply(ActionHandleFailure(), text, "nlu_fallback")
    assert responses and responses[0].startswith(first)


async def test_not_shipped_for_days_the_nlu_could_not_place_asks_for_the_order(shop):
    """ "都4天了还不发货 是不是没货啊": torn between two parcel intents, still a parcel question."""
    responses, _ = await reply(ActionHandleFailure(), "都4天了还不发货 是不是没货啊", "nlu_fallback")
    assert "utter_ask_order_id" in responses


async def test_free_shipping_asked_after_a_remote_region_read_as_a_coupon_question(shop):
    responses, _ = await reply(
        ActionAnswerPromotion(), "我买了两百多 不是满99包邮吗", "ask_promotion", ["utter_courier_remote"]
    )
    assert responses == ["utter_remote_no_free_shipping"]


@pytest.mark.parametrize("intent", ["track_parcel", "inform", "nlu_fallback"])
async def test_where_the_order_number_is_found_is_said_after_the_bot_asked_for_it(shop, intent):
    action = {
        "track_parcel": ActionTrackParcel(),
        "inform": ActionHandleInform(),
        "nlu_fallback": ActionHandleFailure(),
    }
    asked = ["utter_ask_order_id"]
    text = "订单号在哪看啊 没找着"
    responses, _ = await reply(action[intent], text, intent, asked, slots={"pending_topic": "parcel"})
    assert responses == ["utter_where_order_id"]


async def test_an_order_described_after_the_bot_asked_which_is_that_topics_not_a_problem(shop):
    """ "就前几天买的那个碎花的" read as a wrong-item report while the bot waits for the parcel's order."""
    from actions.order_problem import ActionAnswerOrderProblem

    action, asked, waiting = ActionAnswerOrderProblem(), ["utter_ask_order_id"], {"pending_topic": "parcel"}
    owner = {"account": "xiaoli"}  # who bought the flowery dress twice, and the mask once
    responses, slots = await reply(action, "就前几天买的那个碎花的", "report_order_problem", asked, waiting, owner)
    assert responses == ["utter_ask_which_order"] and slots["pending_topic"] == "parcel"
    responses, slots = await reply(action, "就那个面膜", "report_order_problem", asked, waiting, owner)
    assert responses[0].startswith("utter_parcel_") and slots["order_id"] == "2957730184426609"
    responses, _ = await reply(action, "那个面膜破了", "report_order_problem", asked, waiting, owner)
    assert "utter_order_problem" in responses[0]  # a problem told is one


async def test_a_price_drop_read_as_an_order_problem_is_price_protection(shop):
    from actions.order_problem import ActionAnswerOrderProblem

    text = "亲 这个吹风机我买的699 现在599了 8839016627745120 能补差价不"
    responses, _ = await reply(ActionAnswerOrderProblem(), text, "report_order_problem")
    assert responses and all(name.startswith("utter_price_protect") for name in responses), responses


@pytest.mark.parametrize(
    "text,previous,response",
    [
        ("在哪申请啊 找不到", "utter_price_protect_ok", "utter_price_protect_where"),
        ("在哪申请啊 找不到", "utter_price_protect_general", "utter_price_protect_where"),  # no order named
        ("那怎么申请啊", "utter_return_eligible", "utter_return_how_to"),
    ],
)
async def test_how_to_apply_read_as_an_invoice_question_follows_the_answer_before_without_a_form(
    shop, text, previous, response
):
    from actions.invoice import ActionExplainInvoice

    slots = {"order_id": "3927716640582219"}
    responses, set_slots = await reply(ActionExplainInvoice(), text, "ask_invoice", [previous], slots=slots)
    assert responses[0] == response and set_slots["invoice_requested"] is True  # the rules open no form


async def test_when_a_refund_arrives_after_an_order_problem_is_the_refund_time_not_the_remedies(shop):
    from actions.order_problem import ActionAnswerOrderProblem

    asked = ["utter_order_problem_order"]
    slots = {"order_id": "8702251946638813"}
    responses, _ = await reply(
        ActionAnswerOrderProblem(), "退款的话多久到账", "report_order_problem", asked, slots=slots
    )
    assert responses != ["utter_order_problem_remedy"] and "utter_refund_time" in responses, responses


async def test_where_the_tracking_number_is_found_is_no_question_for_the_order_number(shop):
    asked = ["utter_ask_order_id"]
    responses, _ = await reply(
        ActionTrackParcel(), "快递单号在哪看啊", "track_parcel", asked, slots={"pending_topic": "parcel"}
    )
    assert "utter_where_order_id" not in responses


async def test_a_missing_item_the_nlu_could_not_place_is_an_order_problem(shop):
    """ "买的卫衣跟牛仔裤 裤子没有 就来了件卫衣" under the threshold: the photos and the remedies."""
    responses, _ = await reply(ActionHandleFailure(), "买的卫衣跟牛仔裤 裤子没有 就来了件卫衣", "nlu_fallback")
    assert responses and responses[0].startswith("utter_order_problem"), responses


async def test_what_if_it_shipped_read_as_an_address_change_is_the_cancel_answer(shop):
    from actions.address import ActionAnswerChangeAddress

    unshipped = {"order_id": "7092264183357710458"}
    responses, _ = await reply(
        ActionAnswerChangeAddress(),
        "要是已经发出去了咋办",
        "change_address",
        ["utter_cancel_unshipped"],
        slots=unshipped,
    )
    assert responses == ["utter_cancel_if_shipped"]


@pytest.mark.parametrize(
    "text,response",
    [("下周五年会要穿的 能到吗😭", "utter_followup_exception"), ("爆仓是啥意思", "utter_followup_exception_meaning")],
)
async def test_after_a_couriers_exception_its_meaning_is_said_only_when_asked(shop, text, response):
    slots = {"order_id": "7623390185546027", "parcel_state": "exception"}
    responses, _ = await reply(ActionTrackParcel(), text, "track_parcel", ["utter_parcel_exception"], slots=slots)
    assert responses == [response]


async def test_a_parcel_follow_up_read_as_a_courier_question_is_the_parcels(shop):
    """ "爆仓是啥意思 那我的东西还能到吗" right after the exception, read as ask_courier, got the list of
    couriers."""
    slots = {"order_id": "7623390185546027", "parcel_state": "exception"}
    text = "爆仓是啥意思 那我的东西还能到吗"
    responses, _ = await reply(ActionAnswerCourier(), text, "ask_courier", ["utter_parcel_exception"], slots=slots)
    assert responses and all(r.startswith("utter_followup_exception") for r in responses)
    for courier_question in ("这么慢 换个快递能早点到吗", "你们一般发什么快递"):  # about couriers after all
        responses, _ = await reply(
            ActionAnswerCourier(), courier_question, "ask_courier", ["utter_parcel_exception"], slots=slots
        )
        assert not any(r.startswith("utter_followup") for r in responses), (courier_question, responses)


async def test_what_if_nobody_knows_right_after_a_delivered_answer_offers_a_check(shop):
    slots = {"order_id": "8702251946638813", "parcel_state": "delivered"}
    responses, _ = await reply(ActionHandleDeny(), "要是问不到呢", "deny", ["utter_parcel_delivered"], slots=slots)
    assert responses == ["utter_delivered_not_received"]


@pytest.mark.parametrize("text", ["能不能少一点", "少个零头呗", "至少一周才到吗", "快递是不是明天就到了"])
async def test_bargaining_and_time_questions_are_no_missing_item(shop, text):
    responses, _ = await reply(ActionHandleFailure(), text, "nlu_fallback")
    assert not any(name.startswith("utter_order_problem") for name in responses), responses


async def test_a_wrong_colour_told_with_is_not_this_one_is_a_wrong_item_not_a_correction(shop):
    from actions.order_problem import ActionAnswerOrderProblem

    parcel = ["utter_parcel_delivered"]
    text = "2518864930027745 收到的不是这个颜色 我下单的是黑色"
    responses, _ = await reply(ActionAnswerOrderProblem(), text, "report_order_problem", parcel)
    assert responses == ["utter_order_problem_order"]


@pytest.mark.parametrize("text", ["是什么时候能恢复", "是啥时候能到"])
async def test_when_after_an_exception_is_no_question_about_what_it_means(shop, text):
    slots = {"order_id": "7623390185546027", "parcel_state": "exception"}
    responses, _ = await reply(ActionTrackParcel(), text, "track_parcel", ["utter_parcel_exception"], slots=slots)
    assert responses == ["utter_followup_exception"]


async def test_how_long_after_a_delayed_parcels_answer_is_the_parcels_wait_not_the_queues(shop):
    """ "那要等多久啊 我急用" after the weather exception (which also offered a person): when the
    parcel moves again, not how long the queue for a person is."""
    slots = {"offer": "human", "order_id": "3346671029985514", "parcel_state": "exception"}
    responses, _ = await reply(
        ActionAnswerShippingTime(), "那要等多久啊 我急用", "ask_shipping_time", ["utter_parcel_exception"], slots
    )
    assert responses == ["utter_followup_exception"]
    queue, _ = await reply(
        ActionAnswerShippingTime(), "转人工要等多久", "ask_shipping_time", ["utter_parcel_exception"], slots
    )
    assert queue == ["utter_person_wait"]


async def test_photos_that_cannot_be_taken_offer_a_person_not_the_photo_button(shop):
    """ "东西在我爸妈那 拍不了照 能不能直接给换一件新的" after photos were asked for: not "是的亲~
    麻烦拍一下…" (a yes to the exchange) nor the photo button again, but a person who decides."""
    slots = {"order_id": "9904471326658013"}
    responses, slots_set = await reply(
        ActionHandleFailure(),
        "东西在我爸妈那 拍不了照 能不能直接给换一件新的",
        "nlu_fallback",
        ["utter_order_problem_order"],
        slots,
    )
    assert responses == ["utter_photos_cannot"] and slots_set.get("offer") == "human"


async def test_not_wanting_an_order_the_nlu_could_not_place_gets_the_cancel_answer(shop):
    """ "那我不要了 还没被快递拿走应该能拦下来吧" about the order waiting for its courier: that only the
    courier can stop it now (a refund and 拒收, or the courier's interception), not "这句小鹿没看明白"."""
    slots, text = {"order_id": "9036618274450193"}, "那我不要了 还没被快递拿走应该能拦下来吧"
    responses, _ = await reply(ActionHandleFailure(), text, "nlu_fallback", ["utter_followup_pickup"], slots)
    assert responses == ["utter_return_intercept"], responses


async def test_what_next_after_the_delivered_answer_and_its_offered_check_is_the_next_step(shop):
    """ "要是问不到呢" right after "显示已签收" and the offered check in one turn: where else to ask,
    not the same offer word for word."""
    previous = ["utter_parcel_delivered", "utter_delivered_not_received"]
    responses, _ = await reply(ActionHandleFailure(), "要是问不到呢", "nlu_fallback", previous)
    assert responses == ["utter_not_received_next"]


async def test_a_parcel_found_after_all_is_welcomed_and_the_offer_closed(shop):
    """ "不用了 找到了在门卫那" after the delivered answer offered a check: glad, offer closed."""
    from actions.dialogue import ActionHandleDeny

    offered = [*bot_said("utter_parcel_delivered", "utter_delivered_not_received")]
    offered.append({"event": "slot", "name": "offer", "value": "human"})
    dispatcher = CollectingDispatcher()
    tracker = make_tracker("不用了 找到了在门卫那", "deny", slots={"offer": "human"}, bot_turn=offered)
    events = await ActionHandleDeny().run(dispatcher, tracker, {})
    assert sent(dispatcher) == ["utter_parcel_found"]
    assert {"event": "slot", "timestamp": None, "name": "offer", "value": None} in events


async def test_asking_for_a_firm_date_after_a_parcel_answer_gets_no_promise(shop):
    """ "到底哪天发 给个准话" after the unshipped answer: why no date can be promised, not "没看明白"."""
    responses, _ = await reply(
        ActionHandleFailure(), "到底哪天发 给个准话", "nlu_fallback", ["utter_parcel_not_shipped"]
    )
    assert responses == ["utter_deadline_no_promise"]


async def test_waiting_a_bit_after_an_offered_person_declines_it_kindly(shop):
    """ "行吧 那我先等等" after the stalled parcel's chase and offer: not "没太理解"."""
    responses, slots = await reply(
        ActionHandleFailure(), "行吧 那我先等等", "nlu_fallback", ["utter_parcel_stalled"], {"offer": "human"}
    )
    assert responses == ["utter_offer_declined"] and slots["offer"] is None


async def test_a_parcel_found_with_a_question_beside_it_gets_the_question_answered(shop):
    """ "哦哦找到了 风衣不太合适 能退吗" after the delivered answer: the return, not only "找到就好"."""
    from actions.dialogue import ActionHandleDeny

    offered = [*bot_said("utter_parcel_delivered", "utter_delivered_not_received")]
    offered.append({"event": "slot", "name": "offer", "value": "human"})
    tracker = make_tracker(
        "哦哦找到了 风衣不太合适 能退吗",
        "deny",
        slots={"offer": "human", "order_id": "2518864930027745"},
        bot_turn=offered,
    )
    dispatcher = CollectingDispatcher()
    await ActionHandleDeny().run(dispatcher, tracker, {})
    assert "utter_parcel_found" not in sent(dispatcher) and sent(dispatcher)[0].startswith("utter_return")


async def test_not_wanting_something_without_any_order_talked_about_is_no_cancel(shop):
    """ "算了不要了" not understood, with no order in the conversation: not asked which order to cancel."""
    responses, _ = await reply(ActionHandleFailure(), "算了不要了", "nlu_fallback", metadata={})
    assert not any(name.startswith(("utter_cancel", "utter_order")) for name in responses), responses


@pytest.mark.parametrize(
    "action,text,intent,previous,order_id,expected",
    [
        (ActionAnswerPromotion(), "为啥不能啊", "ask_promotion", "utter_promotion_flash_sale_item", None,
         "utter_promotion_flash_sale_why"),  # once the coupon list again
        (ActionHandleFailure(), "为啥不能直接改啊", "nlu_fallback", "utter_address_after_dispatch", "3051729946021837",
         "utter_address_why_courier"),  # once "没看明白"
        (ActionAnswerCancel(), "为啥你不能直接帮我取消啊", "cancel_order", "utter_cancel_unshipped",
         "4417062395810264", "utter_cancel_why"),  # once the same cancel answer again
        (ActionAnswerCancel(), "你直接帮我取消呗 我不会弄", "cancel_order", "utter_cancel_unshipped",
         "3368120957742681", "utter_cancel_steps"),  # once the same cancel answer again
        (ActionHandleFailure(), "为啥啊 我买贵了20", "nlu_fallback", "utter_price_protect_flash_sale",
         "5708826319940471", "utter_price_protect_flash_sale_why"),  # once the same answer again
        (ActionAssessRisk(), "为啥这么慢", "complain", "utter_parcel_not_shipped_overdue", "8814527730961245",
         "utter_parcel_why_slow"),  # once "能具体说说是哪里出了问题吗"
        (ActionTrackParcel(), "催一下啊", "track_parcel", "utter_parcel_not_shipped_overdue", "8814527730961245",
         "utter_dispatch_chase_registered"),  # once "快递核实后物流会更新" for a parcel still in the warehouse
        (ActionHandleFailure(), "就超了几天 通融一下嘛", "nlu_fallback", "utter_price_protect_expired",
         "4316659028873318", "utter_price_protect_refusal_holds"),  # once the shipping time (!)
        (ActionHandleFailure(), "为啥啊 我都没穿过", "nlu_fallback", "utter_return_window_passed",
         "7481102659937708", "utter_return_window_holds"),  # once the rule without the 7 days
        (ActionHandleFailure(), "我登着呢啊 你再看看", "nlu_fallback", "utter_order_needs_login", None,
         "utter_login_not_seen"),  # once "没看明白"
        (ActionHandleFailure(), "补发的话几天能到", "nlu_fallback", "utter_order_problem_remedy", "8702251946638813",
         "utter_reship_time"),  # once the remedy again, then "这个的答案和小鹿上面说的一样"
        (ActionHandleFailure(), "换的话要多久", "nlu_fallback", "utter_order_problem", "6374409218856630",
         "utter_reship_time"),  # once the rule for exchanges the buyer pays for
        (ActionHandleFailure(), "那我晚点拍 运费要我出吗", "nlu_fallback", "utter_order_problem_remedy",
         "8702251946638813", "utter_order_problem_freight"),  # once "是的亲~ 麻烦拍一下…"
        (ActionHandleFailure(), "我问的是哪天能发 你说个日子", "nlu_fallback", "utter_parcel_not_shipped_overdue",
         "8814527730961245", "utter_deadline_no_promise"),  # once "没看明白"
    ],
)  # fmt: skip
async def test_a_question_right_after_an_answer_gets_its_own_answer(
    shop, action, text, intent, previous, order_id, expected
):
    responses, _ = await reply(action, text, intent, [previous], {"order_id": order_id} if order_id else {})
    assert responses == [expected]


async def test_when_the_resend_comes_after_photos_were_declined_is_the_resend_not_the_queue(shop):
    """ "我老伴一直等着穿呢 啥时候能补" after "拍不了照片也没关系~ 小鹿帮您转人工客服…好吗?": when the
    missing coat comes (once "转人工客服一般排队几分钟就能接入"), and the person offered again."""
    slots = {"order_id": "9904471326658013", "offer": "human"}
    text = "我老伴一直等着穿呢 啥时候能补"
    responses, _ = await reply(ActionAnswerShippingTime(), text, "ask_shipping_time", ["utter_photos_cannot"], slots)
    assert responses == ["utter_reship_time_no_photos"]
    text = "人工要等多久才能补发"  # the queue asked about, after all
    responses, _ = await reply(ActionAnswerShippingTime(), text, "ask_shipping_time", ["utter_photos_cannot"], slots)
    assert responses == ["utter_person_wait"]
    previous = ["utter_order_problem"]
    responses, _ = await reply(ActionHandleFailure(), "优惠券过期了能补吗", "nlu_fallback", previous, slots)
    assert not {"utter_reship_time", "utter_order_problem_remedy"} & set(responses)  # no item made up for


async def test_why_about_something_else_after_the_address_answer_is_not_the_address_reason(shop):
    responses, _ = await reply(
        ActionHandleFailure(), "为啥物流一直不更新", "nlu_fallback", ["utter_address_after_dispatch"],
        {"order_id": "3051729946021837"},
    )  # fmt: skip
    assert responses != ["utter_address_why_courier"]


async def test_which_pictures_to_send_after_the_quality_answer_is_how_to_send_photos(shop):
    """ "要发哪些图啊" after the quality answer asked for photos got which couriers the shop uses."""
    from actions.couriers import ActionAnswerCourier

    responses, _ = await reply(
        ActionAnswerCourier(), "要发哪些图啊", "ask_courier", ["utter_return_quality", "utter_return_quality_evidence"],
        {"order_id": "7481102659937708"},
    )  # fmt: skip
    assert responses == ["utter_photos_how"]


async def test_a_defect_told_after_a_refused_return_is_a_quality_return(shop):
    """ "可是那里开线了" (read as a no) after "内衣不支持无理由退换" got "好嘞,还有什么问题"."""
    responses, _ = await reply(
        ActionHandleDeny(), "可是那里开线了", "deny", ["utter_return_non_returnable"], {"order_id": "4195528730661347"}
    )
    assert responses[0] == "utter_return_quality"


async def test_no_photos_because_the_packing_was_thrown_away_is_for_a_person(shop):
    """ "我没拍照 包装都扔了" after the missing-item answer got how to send the photos."""
    responses, slots = await reply(
        ActionHandleFailure(), "我没拍照 包装都扔了", "nlu_fallback", ["utter_order_problem_remedy"],
        {"order_id": "2864407391158826"},
    )  # fmt: skip
    assert responses == ["utter_photos_cannot"]


@pytest.mark.parametrize("action,intent", [(ActionHandleDeny(), "deny"), (ActionHandleAffirm(), "affirm")])
async def test_a_defect_told_after_a_refused_return_read_as_yes_or_no_is_a_quality_return(shop, action, intent):
    responses, _ = await reply(
        action, "可是那里开线了", intent, ["utter_return_non_returnable"], {"order_id": "4195528730661347"}
    )
    assert responses[0] == "utter_return_quality"


async def test_waiting_after_all_is_acknowledged_as_waiting(shop):
    """ "算了不退了 再等等吧" after the refund answer got "好嘞,还有什么问题随时告诉小鹿哦"."""
    responses, _ = await reply(
        ActionHandleDeny(),
        "算了不退了 再等等吧",
        "deny",
        ["utter_return_not_delivered"],
        {"order_id": "9150046628837219"},
    )
    assert responses == ["utter_keep_waiting"]


async def test_why_it_has_not_shipped_after_the_cancel_answer_is_not_why_the_bot_cannot_cancel(shop):
    responses, _ = await reply(
        ActionTrackParcel(), "为啥还没发货啊 我都等三天了", "track_parcel", ["utter_cancel_unshipped"],
        {"order_id": "8814527730961245"},
    )  # fmt: skip
    assert "utter_cancel_why" not in responses and responses


async def test_a_defect_said_not_to_be_there_in_a_yes_is_no_return(shop):
    """ "对 外包装没有破损" (a yes) once got the returns policy."""
    responses, _ = await reply(
        ActionHandleAffirm(),
        "对 外包装没有破损",
        "affirm",
        ["utter_parcel_delivered"],
        {"order_id": "3927716640582219"},
    )
    assert not any(name.startswith("utter_return") for name in responses), responses


async def test_why_a_kind_of_item_cannot_be_returned_is_explained(shop):
    """ "为啥不能退" right after the bra's refusal: why such things are not, not only "规则"."""
    responses, _ = await reply(
        ActionAnswerReturnPolicy(), "为啥不能退", "ask_return_policy", ["utter_return_non_returnable"]
    )
    assert responses == ["utter_return_category_why"]


async def test_another_item_of_the_order_after_a_refusal_gets_its_own_answer(shop):
    """ "那拉拉裤呢 …也没拆" (read as a complaint) after the beef jerky's no: the nappies' own no."""
    slots = {"order_id": "2864407391158826"}
    text = "那拉拉裤呢 宝宝长大了穿不下 也没拆"
    dispatcher = CollectingDispatcher()
    tracker = make_tracker(text, "complain", slots=slots, bot_turn=bot_said("utter_return_unopened_not_returnable"))
    await ActionAssessRisk().run(dispatcher, tracker, {})
    assert sent(dispatcher) == ["utter_return_non_returnable"] and "拉拉裤" in dispatcher.messages[0]["product"]


@pytest.mark.parametrize("text", ["订单号在哪看啊", "订单号在那看啊 找不到"])  # 那 typed for 哪
async def test_where_to_find_the_order_number_is_told_even_when_none_was_asked_for(shop, text):
    responses, _ = await reply(ActionTrackParcel(), text, "track_parcel", ["utter_refund_time"])
    assert responses == ["utter_where_order_id"]


@pytest.mark.parametrize(
    "previous,expected",
    [
        (["utter_return_ok"], "utter_return_note"),
        # the note was the last answer: what goes on it, in other words (the same text twice reads as stuck)
        (["utter_return_ok", "utter_return_note"], "utter_return_note_what"),
    ],
)
async def test_what_to_write_in_a_returned_parcel_is_the_note(shop, previous, expected):
    responses, _ = await reply(
        ActionHandleFailure(), "寄回要写什么", "out_of_scope", previous, {"order_id": "8702251946638813"}
    )
    assert responses == [expected]


async def test_what_to_put_in_a_returned_parcel_asked_after_the_address_is_the_note(shop):
    """ "包裹里要放啥不" after the return address and its note, read as a product question."""
    previous = ["utter_return_exchange", "utter_return_note"]
    slots = {"order_id": "3927716640582219"}
    responses, _ = await reply(ActionAnswerProductInfo(), "包裹里要放啥不", "ask_product_info", previous, slots)
    assert responses == ["utter_return_note_what"]


async def test_why_a_flash_sale_has_no_price_protection_asked_with_pingsha(shop):
    previous = ["utter_price_protect_flash_sale"]
    responses, _ = await reply(ActionAnswerPromotion(), "凭啥啊 秒杀就不保价？", "ask_promotion", previous)
    assert responses == ["utter_price_protect_flash_sale_why"]


async def test_when_the_money_comes_back_read_as_a_courier_question_is_the_refund_time(shop):
    from actions.couriers import ActionAnswerCourier

    previous = ["utter_return_ok", "utter_return_note"]
    responses, _ = await reply(
        ActionAnswerCourier(), "钱多久到", "ask_courier", previous, {"order_id": "3927716640582219"}
    )
    assert responses == ["utter_refund_time"]


async def test_a_price_drop_of_a_named_product_is_price_protection_not_a_wish(shop):
    from actions.order_problem import ActionAnswerOrderProblem

    responses, _ = await reply(ActionAnswerOrderProblem(), "养生壶降价了 我买贵了啊", "report_order_problem")
    assert "utter_recommend_item" not in responses and any(r.startswith("utter_price_protect") for r in responses)
    # "降到399了" is a drop too, not a missing item
    text = "2093347718856642 羽绒服降到399了 我459买的"
    responses, _ = await reply(ActionAnswerOrderProblem(), text, "report_order_problem")
    assert "utter_order_problem" not in responses and any(r.startswith("utter_price_protect") for r in responses)


@pytest.mark.parametrize(
    "text,action,intent",
    [
        ("啊 秒杀的就不能退？？", ActionAnswerReturnPolicy(), "ask_return_policy"),
        ("没坏 就是买重了", ActionHandleFailure(), "nlu_fallback"),  # no defect: the rule holds, not "没看明白"
    ],
)
async def test_a_flash_sale_refusal_asked_again_in_disbelief_says_why(shop, text, action, intent):
    """ "啊 秒杀的就不能退？？" right after the flash-sale refusal: why, not "和上面说的一样"."""
    responses, _ = await reply(action, text, intent, ["utter_return_special_price"])
    assert responses == ["utter_return_special_price_why"]


@pytest.mark.parametrize(
    ("text", "intent", "entities"),
    [
        ("我就是本人啊 手机号13812345678", "inform", {"phone": "13812345678"}),
        ("我没账号 你就告诉我发了没嘛", "complain", {}),
    ],
)
async def test_vouching_for_the_order_without_a_login_gets_the_login_answer_again(shop, store, text, intent, entities):
    """After "订单详情要登录后才能查看", "我就是本人啊 手机号…" or "我没账号 你就告诉我嘛" in a chat
    without a login: still only with the login (not "麻烦发一下订单号", not an apology)."""
    action = ActionHandleInform() if intent == "inform" else ActionAssessRisk()
    tracker = make_tracker(text, intent, entities=entities, metadata={}, bot_turn=bot_said("utter_order_needs_login"))
    dispatcher = CollectingDispatcher()
    await action.run(dispatcher, tracker, {})
    assert sent(dispatcher) == ["utter_order_needs_login_again"]


@pytest.mark.parametrize(
    ("action", "text", "intent"),
    [(ActionTrackParcel(), "包裹里就一个 单子上写着两件啊", "track_parcel"),
     (ActionHandleFailure(), "外箱也压扁了 应该是快递摔的", "nlu_fallback"),
     (ActionAnswerChangeAddress(), "外箱也压扁了 应该是快递摔的", "change_address")],
)  # fmt: skip
async def test_more_about_the_problem_after_the_photos_were_asked_for_is_noted(shop, action, text, intent):
    """More told about a missing or damaged item right after the bot asked for photos: noted and
    the photos asked for again (not the parcel's delivery, not an address change)."""
    slots = {"order_id": "8702251946638813"}
    responses, _ = await reply(action, text, intent, ["utter_order_problem_order"], slots)
    assert responses == ["utter_order_problem_more_told"]


async def test_another_item_asked_after_a_refusal_gets_its_own_answer_not_the_rule_again(shop):
    """ "牛肉干呢 也不能退？" right after the nappies' refusal (same order): the beef jerky's own
    answer, not "这是店铺的售后规则" as if the shopper pleaded."""
    slots = {"order_id": "2864407391158826"}
    responses, _ = await reply(
        ActionAnswerReturnPolicy(), "牛肉干呢 也不能退？", "ask_return_policy", ["utter_return_non_returnable"], slots
    )
    assert responses != ["utter_return_refusal_holds"] and responses[0].startswith("utter_return_")


@pytest.mark.parametrize("intent", ["inform", "ask_promotion", "nlu_fallback"])
@pytest.mark.parametrize("text", ["那秒殺的呢", "秒杀的东西也能用吗"])
async def test_flash_sale_items_asked_about_right_after_the_coupons_get_why_they_take_none(shop, intent, text):
    from actions.handoff import ActionHandleFailure

    actions = {"inform": ActionHandleInform(), "ask_promotion": ActionAnswerPromotion()}
    responses, _ = await reply(actions.get(intent, ActionHandleFailure()), text, intent, ["utter_promotion"])
    assert responses == ["utter_promotion_flash_sale_why"]


async def test_where_to_apply_after_a_return_was_found_possible_is_explained(shop):
    """ "是在淘宝上点还是跟你说就行" right after "在七天无理由退换期内" got "没看明白"; "咋退" gets
    where to send it too, as when asked a few turns later."""
    slots = {"order_id": "2518864930027745"}
    responses, _ = await reply(
        ActionHandleFailure(), "是在淘宝上点还是跟你说就行", "nlu_fallback", ["utter_return_eligible"], slots
    )
    assert responses == ["utter_return_how_to", "utter_return_note"]


async def test_where_to_send_it_after_a_return_was_found_possible_gets_the_address(shop):
    slots = {"order_id": "2518864930027745"}
    responses, _ = await reply(
        ActionAnswerReturnPolicy(), "退到哪里啊 地址发我下", "ask_return_policy", ["utter_return_eligible"], slots
    )
    assert "utter_return_note" in responses


ELIGIBLE = ("utter_return_eligible", "utter_return_shipping_payer", "utter_return_note")


@pytest.mark.parametrize(
    "action,intent,text",
    [
        (ActionAnswerChangeAddress(), "change_address", "好的 那地址发我一下"),
        (ActionAnswerChangeAddress(), "change_address", "地址再发我一下"),
        (ActionAnswerReturnPolicy(), "ask_return_policy", "好吧 那退货寄到哪"),
        (ActionTrackParcel(), "track_parcel", "寄到哪"),  # read as a parcel question
        (ActionTrackParcel(), "track_parcel", "那往哪寄啊"),
    ],
)
async def test_the_address_asked_after_a_return_answer_is_where_to_send_it(shop, action, intent, text):
    # not "显示已经签收,地址没办法再修改了" for the delivered order
    said, _ = await reply(action, text, intent, ELIGIBLE, slots={"order_id": "2518864930027745"})
    assert "utter_return_note" in said and "utter_address_delivered" not in said


async def test_where_to_send_a_broken_flash_sale_item_is_the_return_address_not_the_flash_sale_rule(shop):
    # the power bank was bought in a flash sale; after "运费你们出吧" → the shop pays for a defect
    said, _ = await reply(
        ActionTrackParcel(),
        "寄到哪",
        "track_parcel",
        ["utter_return_quality_shipping"],
        {"order_id": "5708826319940471"},
    )
    assert said == ["utter_return_note"]


@pytest.mark.parametrize(
    "before, freight",
    [(("utter_return_quality",), "utter_return_quality_shipping"), (ELIGIBLE, "utter_return_shipping_payer")],
)
async def test_who_pays_asked_alone_after_a_return_answer_is_the_return_shipping(shop, before, freight):
    # read as a courier question ("那运费呢"): not the 顺丰 price difference; after a quality
    # problem, that the shop pays it
    from actions.couriers import ActionAnswerCourier

    said, _ = await reply(
        ActionAnswerCourier(), "那运费呢", "ask_courier", before, slots={"order_id": "9904471326658013"}
    )
    assert said == [freight]


@pytest.mark.parametrize("text", ["好的谢谢 那这个钱一般退到哪 多久到", "退的钱是退到花呗还是余额"])
async def test_where_the_refund_goes_is_the_refund_destination(shop, text):
    from actions.dialogue import ActionThank

    said, _ = await reply(ActionThank(), text, "thank")
    assert said == ["utter_refund_destination"]


async def test_how_many_days_the_money_takes_after_where_it_goes_is_the_refund_time(shop):
    """ "几天能到账" right after the refund's destination, on an unshipped order, got how to cancel."""
    focus = [{"event": "slot", "name": "order_id", "value": "8814527730961245"}]
    tracker = make_tracker(
        "几天能到账",
        "ask_return_policy",
        slots={"order_id": "8814527730961245"},
        bot_turn=focus + bot_said("utter_refund_destination"),
    )
    dispatcher = CollectingDispatcher()
    await ActionAnswerReturnPolicy().run(dispatcher, tracker, {})
    assert sent(dispatcher) and all("refund" in name for name in sent(dispatcher)), sent(dispatcher)


async def test_a_received_order_not_wanted_any_more_is_a_return_not_a_cancel(shop):
    from actions.cancel import ActionAnswerCancel

    # delivered on 11-06: the days for a no-reason return are over, which the cancel answer
    # ("没办法取消…申请七天无理由退货") would hide
    responses, _ = await reply(ActionAnswerCancel(), "5263390817724456 书包不想要了", "cancel_order")
    assert responses == ["utter_return_window_passed"]


async def test_a_defect_after_washing_is_a_quality_return_not_the_washing_advice(shop):
    from actions.products import ActionAnswerProductInfo

    responses, _ = await reply(
        ActionAnswerProductInfo(), "8702251946638813 牛仔裤洗了一次掉色严重 要退", "ask_product_info"
    )
    assert "utter_return_quality" in responses and "utter_product_attribute" not in responses


@pytest.mark.parametrize(
    "text,response", [("鞋盒扔了还能退吗", "utter_return_packaging"), ("地址呢", "utter_return_note")]
)
async def test_the_packaging_or_the_address_asked_after_a_return_was_found_possible(shop, text, response):
    said, _ = await reply(
        ActionAnswerReturnPolicy(),
        text,
        "ask_return_policy",
        ("utter_return_eligible",),
        {"order_id": "3927716640582219"},
    )
    assert said == [response]


async def test_a_torn_food_bag_after_a_refused_return_is_damaged_goods_not_packaging(shop):
    """ "不是不喜欢啊 有好几包牛肉干袋子破了 漏气了" after the jerky's refusal got the rule for
    packaging thrown away; it is a defect: photos are asked."""
    from actions.order_problem import ActionAnswerOrderProblem

    focus = [{"event": "slot", "name": "order_id", "value": "2864407391158826"}]
    tracker = make_tracker(
        "不是不喜欢啊 有好几包牛肉干袋子破了 漏气了",
        "report_order_problem",
        slots={"order_id": "2864407391158826"},
        bot_turn=focus + bot_said("utter_return_non_returnable"),
    )
    dispatcher = CollectingDispatcher()
    await ActionAnswerOrderProblem().run(dispatcher, tracker, {})
    said = sent(dispatcher)
    assert "utter_return_packaging" not in said, said
    assert any(name.startswith(("utter_order_problem", "utter_return_quality")) for name in said), said


async def test_whether_a_return_is_still_in_time_after_how_to_exchange_is_the_orders_window(shop):
    """ "签收都6天了 还来得及吧" after the exchange and who pays its shipping got the parcel timing
    ("一般2-4天送达")."""
    focus = [{"event": "slot", "name": "order_id", "value": "9904471326658013"}]
    tracker = make_tracker(
        "签收都6天了 还来得及吧",
        "ask_shipping_time",
        slots={"order_id": "9904471326658013"},
        bot_turn=focus + bot_said("utter_return_eligible", "utter_return_shipping_fee"),
    )
    dispatcher = CollectingDispatcher()
    await ActionAnswerShippingTime().run(dispatcher, tracker, {})
    assert sent(dispatcher)[0] == "utter_return_eligible", sent(dispatcher)


async def test_an_earlier_order_named_by_its_item_after_another_orders_parcel_is_that_order(shop):
    """ "行吧 那刚才牛仔裤的差价在哪申请" after the jeans' price protection and another order's parcel
    got the general rule and "发订单号给小鹿": the jeans' order was talked about just before."""
    turns = [
        {"event": "slot", "name": "order_id", "value": "3572290416683305"},
        *bot_said("utter_return_price_protect"),
        {"event": "slot", "name": "order_id", "value": "7623390185546027"},
        *bot_said("utter_parcel_exception"),
    ]
    tracker = make_tracker(
        "行吧 那刚才牛仔裤的差价在哪申请",
        "ask_return_policy",
        slots={"order_id": "7623390185546027"},
        metadata={"account": "yuanyuan"},
        bot_turn=turns,
    )
    dispatcher = CollectingDispatcher()
    await ActionAnswerReturnPolicy().run(dispatcher, tracker, {})
    assert dispatcher.messages and dispatcher.messages[0].get("order_id") == "3572290416683305", sent(dispatcher)


async def test_keeping_the_order_after_the_refund_answer_says_to_withdraw_a_request(shop):
    # "算了算了 不退了 还是要", read as a no: the order stays, and a refund asked for is withdrawn
    said, _ = await reply(
        ActionHandleDeny(), "算了算了 不退了 还是要", "deny", ("utter_refund_time",), {"order_id": "4417062395810264"}
    )
    assert said == ["utter_order_kept"]


async def test_a_complaint_that_ends_in_not_wanting_it_gets_the_returns_answer(shop):
    said, _ = await reply(ActionAssessRisk(), "买给我爸妈的羽绒服 生日都过了才到 不想要了", "complain")
    assert "utter_return_policy_general" in said


async def test_how_long_the_money_takes_after_a_return_answer_is_the_refund_time(shop):
    said, _ = await reply(
        ActionAnswerReturnPolicy(),
        "都退回来钱要几天到",
        "ask_return_policy",
        ELIGIBLE,
        {"order_id": "9904471326658013"},
    )
    assert said == ["utter_refund_time"]


async def test_asking_to_skip_the_photos_is_not_told_yes_and_how_to_send_them(shop):
    """ "拍照麻烦 能直接给我换吗" after the wrong-size answer got "是的亲~ 麻烦拍一下…", which reads as a
    yes to the exchange: it gets the remedies, once the photos are checked."""
    from actions.order_problem import ActionAnswerOrderProblem

    responses, _ = await reply(
        ActionAnswerOrderProblem(), "拍照麻烦 能直接给我换吗", "report_order_problem", ["utter_order_problem_order"],
        {"order_id": "2864407391158826", "awaiting_photos": True},
    )  # fmt: skip
    assert responses == ["utter_order_problem_remedy"]


async def test_declining_the_chase_with_another_number_looks_that_number_up(shop):
    # "不用了 1234567890123456这个呢" after "需要的话小鹿帮您转接好吗?": not only "好的 继续为您服务"
    offered = [*bot_said("utter_parcel_chase_offer"), {"event": "slot", "name": "offer", "value": "human"}]
    tracker = make_tracker(
        "不用了 1234567890123456这个呢", "deny", slots={"order_id": "9413372068815524"}, bot_turn=offered
    )
    dispatcher = CollectingDispatcher()
    events = await ActionHandleDeny().run(dispatcher, tracker, {})
    assert sent(dispatcher) == ["utter_order_id_unknown"]
    assert {"event": "slot", "name": "offer", "value": None} in [
        {k: e.get(k) for k in ("event", "name", "value")} for e in events
    ]


async def test_how_long_an_exchange_takes_after_the_return_address_is_the_exchange(shop):
    # "换的话要多久" after "退货地址呢" (which came after the return was found possible)
    previous = [
        *bot_said("utter_return_eligible"),
        {"event": "user", "text": "退货地址呢"},
        *bot_said("utter_return_note"),
    ]
    tracker = make_tracker(
        "换的话要多久", "ask_return_policy", slots={"order_id": "8702251946638813"}, bot_turn=previous
    )
    dispatcher = CollectingDispatcher()
    await ActionAnswerReturnPolicy().run(dispatcher, tracker, {})
    assert sent(dispatcher) == ["utter_return_exchange"]


async def test_where_the_difference_goes_after_price_protection_is_the_refund_destination(shop):
    said, _ = await reply(
        ActionAnswerPromotion(), "退到哪里啊 花呗还是余额", "ask_promotion", ["utter_price_protect_ok"]
    )
    assert said == ["utter_refund_destination"]


async def test_a_return_instead_of_the_exchange_gets_the_return_answer(shop):
    said, _ = await reply(
        ActionHandleDeny(),
        "还是算了 直接退吧",
        "deny",
        ["utter_return_exchange_time"],
        {"order_id": "3927716640582219"},
    )
    assert said and said[0].startswith("utter_return")


async def test_thanks_with_a_question_about_the_parcel_just_answered_gets_its_follow_up(shop):
    from actions.dialogue import ActionThank

    # (the NLU folds 謝謝 大概還要幾天 to simplified characters)
    said, _ = await reply(
        ActionThank(), "谢谢 大概还要几天", "thank", ["utter_parcel_in_transit"], {"order_id": IN_TRANSIT}
    )
    assert said and said != ["utter_youre_welcome"]


@pytest.mark.parametrize("intent", ["nlu_fallback", "ask_invoice"])
async def test_asked_to_issue_the_invoice_before_receipt_it_is_told_when_it_comes(shop, intent):
    """ "還沒收到貨呢 能先開嗎" right after the invoice was registered got "这句小鹿没看明白"."""
    from actions.invoice import ActionExplainInvoice

    action = ActionHandleFailure() if intent == "nlu_fallback" else ActionExplainInvoice()
    turn = bot_said("utter_invoice_submitted")
    tracker = make_tracker("還沒收到貨呢 能先開嗎", intent, slots={"order_id": "5502819946637128"}, bot_turn=turn)
    dispatcher = CollectingDispatcher()
    await action.run(dispatcher, tracker, {})
    assert sent(dispatcher) == ["utter_invoice_when"]


async def test_how_many_days_after_the_flash_sale_rule_is_the_price_protection_window(shop):
    """ "多少天内可以" after "秒杀…不参与价保" got the shipping times."""
    turn = bot_said("utter_price_protect_flash_sale_why")
    tracker = make_tracker("多少天内可以", "ask_shipping_time", metadata={}, bot_turn=turn)
    dispatcher = CollectingDispatcher()
    await ActionAnswerShippingTime().run(dispatcher, tracker, {})
    assert sent(dispatcher) == ["utter_price_protect_general"] and dispatcher.messages[0]["days"] == 15


async def test_the_freight_asked_after_a_quality_problems_address_is_the_shops(shop):
    """ "运费我先垫吗" after the quality answer and then the return address was not understood."""
    turns = [
        *bot_said("utter_return_quality", "utter_return_quality_evidence", "utter_return_note"),
        user_event("那我寄回去 地址多少", "change_address"),
        *bot_said("utter_return_note"),
    ]
    tracker = make_tracker("运费我先垫吗", "nlu_fallback", slots={"order_id": "6374409218856630"}, bot_turn=turns)
    dispatcher = CollectingDispatcher()
    await ActionHandleFailure().run(dispatcher, tracker, {})
    assert sent(dispatcher) == ["utter_return_quality_shipping"]


@pytest.mark.parametrize(
    "text, response",
    [("我拍的墨绿 能改成酒红的吗", "utter_change_variant"), ("地址能改成北京的吗", "utter_address_ask_new")],
)
async def test_another_colour_named_by_its_own_value_on_an_unshipped_order_is_a_persons(shop, text, response):
    """ "我拍的墨绿 能改成酒红的吗" (the dress comes in 墨绿印花/酒红印花) got the new-address question."""
    dispatcher = CollectingDispatcher()
    tracker = make_tracker(text, "change_address", slots={"order_id": "4417062395810264"},
                           bot_turn=bot_said("utter_product_attribute"))  # fmt: skip
    await ActionAnswerChangeAddress().run(dispatcher, tracker, {})
    assert sent(dispatcher) == [response]


async def test_another_kind_asked_after_a_kind_was_refused_gets_its_own_rule(shop):
    """ "內衣能退嗎" → no; "那面膜呢" (no order in the chat) got "麻烦发一下订单号"."""
    dispatcher = CollectingDispatcher()
    turn = bot_said("utter_return_category_not_returnable")
    await ActionHandleInform().run(dispatcher, make_tracker("那面膜呢", "inform", metadata={}, bot_turn=turn), {})
    assert sent(dispatcher) == ["utter_return_category_not_returnable"] and dispatcher.messages[0]["category"] == "面膜"


async def test_a_regions_freight_asked_after_a_quality_answer_is_the_regions(shop):
    """ "顺便问下 到西藏几天 运费多少 给我弟寄东西" after the quality answer got the return freight."""
    dispatcher = CollectingDispatcher()
    turn = bot_said("utter_return_quality", "utter_return_quality_evidence", "utter_return_note")
    text = "顺便问下 到西藏几天 运费多少 给我弟寄东西"
    tracker = make_tracker(text, "ask_shipping_time", slots={"order_id": "4195528730661347"}, bot_turn=turn)
    await ActionAnswerShippingTime().run(dispatcher, tracker, {})
    assert "utter_return_quality_shipping" not in sent(dispatcher) and sent(dispatcher)


@pytest.mark.parametrize(
    "order_id, state, response",
    [
        ("3346671029985514", "exception", "utter_deadline_held_up"),
        ("3051729946021837", "in_transit", "utter_deadline_no_promise"),
    ],
)
async def test_a_deadline_asked_of_a_parcel_held_up_gets_its_own_state(shop, order_id, state, response):
    """ "周六要用 来得及不" after the storm exception got "包裹发出后一般2-4天" and the 顺丰 tip."""
    dispatcher = CollectingDispatcher()
    slots = {"order_id": order_id, "parcel_state": state}
    tracker = make_tracker(
        "周六要用 来得及不", "ask_shipping_time", slots=slots, bot_turn=bot_said(f"utter_parcel_{state}")
    )
    await ActionAnswerShippingTime().run(dispatcher, tracker, {})
    assert sent(dispatcher)[:1] == [response]


async def test_how_long_a_replacement_takes_after_a_quality_problem_is_not_the_no_reason_exchange(shop):
    from actions.returns import ActionAnswerReturnPolicy

    previous = ["utter_return_quality", "utter_return_quality_evidence", "utter_return_note"]
    said, _ = await reply(
        ActionAnswerReturnPolicy(), "换新的话要多久", "ask_return_policy", previous, {"order_id": "9904471326658013"}
    )
    assert said == ["utter_return_quality_exchange_time"]


async def test_a_refund_instead_of_a_replacement_after_a_quality_problem_is_the_refund(shop):
    from actions.returns import ActionAnswerReturnPolicy

    previous = ["utter_return_quality", "utter_return_quality_evidence", "utter_return_note"]
    said, _ = await reply(
        ActionAnswerReturnPolicy(),
        "不换新了 直接退款 多久到账",
        "ask_return_policy",
        previous,
        {"order_id": "9904471326658013"},
    )
    assert "utter_return_quality_exchange_time" not in said


async def _sent_by(action, tracker):
    dispatcher = CollectingDispatcher()
    await action.run(dispatcher, tracker, {})
    return dispatcher


async def test_today_asked_while_an_unshipped_order_is_in_focus_is_its_dispatch_not_a_product_question(shop):
    # "送人" names the gift packing of the dress, but "今天能发吗" asks when the order leaves
    tracker = make_tracker("那今天能发吗 着急送人的", "ask_shipping_time", slots={"order_id": "4417062395810264"})
    dispatcher = await _sent_by(ActionAnswerShippingTime(), tracker)
    assert sent(dispatcher) in (["utter_shipping_order_pending"], ["utter_parcel_not_shipped"])


async def test_nothing_at_the_door_after_the_delivered_answer_offers_a_check(shop):
    tracker = make_tracker(
        "家门口啥也没有啊 找了一圈了",
        "nlu_fallback",
        slots={"order_id": "3927716640582219"},
        bot_turn=bot_said("utter_parcel_delivered"),
    )
    dispatcher = await _sent_by(ActionHandleFailure(), tracker)
    assert sent(dispatcher) == ["utter_delivered_not_received"]


async def test_who_signed_for_it_is_the_delivery_not_a_problem_with_the_goods(shop):
    from actions.order_problem import ActionAnswerOrderProblem

    tracker = make_tracker("2518864930027745 签收了?? 谁签的啊", "report_order_problem")
    dispatcher = await _sent_by(ActionAnswerOrderProblem(), tracker)
    assert sent(dispatcher) == ["utter_parcel_delivered"]


async def test_a_price_drop_told_by_its_two_prices_is_price_protection(shop):
    tracker = make_tracker("8839016627745120 吹风机我699买的 现在599了 差100块 能补吗", "nlu_fallback")
    dispatcher = await _sent_by(ActionHandleFailure(), tracker)
    assert sent(dispatcher)[0].startswith("utter_price_protect")
    assert any(m.get("difference") in ("100", 100, "100.00") for m in dispatcher.messages), dispatcher.messages


async def test_another_item_also_refused_gets_that_items_rule(shop):
    # "牛肉干也不行啊" after the nappies were refused: the jerky's own rule, not "no exceptions"
    tracker = make_tracker(
        "牛肉干也不行啊 还没开封呢",
        "ask_product_info",
        slots={"order_id": "2864407391158826"},
        bot_turn=bot_said("utter_return_non_returnable"),
    )
    dispatcher = await _sent_by(ActionAnswerReturnPolicy(), tracker)
    assert sent(dispatcher)[0] in ("utter_return_non_returnable", "utter_return_category_not_returnable")
    assert "牛肉干" in str(dispatcher.messages[0]), dispatcher.messages


async def test_one_item_come_and_another_not_is_a_missing_item_not_a_parcel_question(shop):
    dispatcher = await _sent_by(
        ActionTrackParcel(), make_tracker("亲 包裹到了 就一件卫衣 牛仔裤没有啊😡", "track_parcel")
    )
    assert sent(dispatcher)[0] == "utter_order_problem"


@pytest.mark.parametrize(
    ("text", "response"),
    [
        ("卫衣也想换个颜色 有燕麦色吗", "utter_exchange_colour_listed"),
        ("卫衣想换个颜色 有没有粉色", "utter_exchange_colour_not_listed"),
    ],
)
async def test_a_colour_asked_for_an_exchange_is_answered_from_the_catalogue(shop, text, response):
    tracker = make_tracker(text, "ask_return_policy", slots={"order_id": "8702251946638813"})
    dispatcher = await _sent_by(ActionAnswerReturnPolicy(), tracker)
    assert sent(dispatcher)[0] == response and "utter_return_exchange" in sent(dispatcher)
    assert dispatcher.messages[0]["colours"] == "黑色/灰色/燕麦色/藏青色"


async def test_what_happened_with_a_refusal_is_not_answered_as_how_to_refuse(shop):
    tracker = make_tracker("我妈不小心拒收了 还能再送一次吗", "nlu_fallback", slots={"order_id": "3790415528836027"})
    dispatcher = await _sent_by(ActionHandleFailure(), tracker)
    assert "utter_cancel_refuse_delivery" not in sent(dispatcher)


async def test_days_waited_after_a_price_are_no_price_drop_and_one_item_not_yet_come_is_no_missing_item(shop):
    from actions.handoff import MISSING_ITEM

    assert not shop.policy.names_a_price_drop("我599买的 现在都5天了还没到")
    for not_a_drop in ("能降到250吗 降到250我就买", "电量一下就降到0 然后开不了机", "温度能降到多少"):
        assert not shop.policy.names_a_price_drop(not_a_drop), not_a_drop
    assert not MISSING_ITEM.search("就一件衣服 怎么还没到啊")


async def test_signed_for_but_not_by_me_tells_who_signed_and_offers_a_check(shop):
    from actions.order_problem import ActionAnswerOrderProblem

    tracker = make_tracker("2518864930027745 显示签收了?? 谁签的啊 我没签", "report_order_problem")
    dispatcher = await _sent_by(ActionAnswerOrderProblem(), tracker)
    # the delivery's facts without "如果您没有收到…转人工", which the next bubble offers
    assert sent(dispatcher) == ["utter_parcel_delivered_told_not_received", "utter_delivered_not_received"]


@pytest.mark.parametrize("text", ["卫衣想换 有其他颜色吗", "卫衣想换 有没有别的颜色"])
async def test_other_colours_asked_in_general_are_not_checked_as_a_colour(shop, text):
    tracker = make_tracker(text, "ask_return_policy", slots={"order_id": "8702251946638813"})
    dispatcher = await _sent_by(ActionAnswerReturnPolicy(), tracker)
    assert not {"utter_exchange_colour_listed", "utter_exchange_colour_not_listed"} & set(sent(dispatcher))


async def test_a_hurried_chase_after_a_person_was_offered_is_no_yes(shop):
    """ "好几天了都不动 帮我催一下": its 好 is no "好的"; the chase already registered is said."""
    slots = {"order_id": "6049983127756610", "offer": "human"}
    text = "好几天了都不动 帮我催一下"
    responses, _ = await reply(ActionHandleAffirm(), text, "affirm", ["utter_parcel_stalled"], slots=slots)
    assert responses == ["utter_parcel_chase_registered"]


async def test_a_chase_asked_after_the_stalled_answer_given_while_queued_is_registered_already(shop):
    slots = {"order_id": "6049983127756610"}
    text = "能帮我催一下吗"
    responses, _ = await reply(ActionHandleAffirm(), text, "affirm", ["utter_parcel_stalled_queued"], slots=slots)
    assert responses == ["utter_parcel_chase_registered"]


async def test_a_wish_for_a_product_read_as_a_courier_question_shows_the_product(shop):
    """ "我爸腿脚不太好 走路怕摔 有合适的鞋吗" read as ask_courier got the list of couriers."""
    responses, _ = await reply(ActionAnswerCourier(), "我爸腿脚不太好 走路怕摔 有合适的鞋吗", "ask_courier")
    assert responses and not any(r.startswith("utter_courier") for r in responses), responses
    couriers, _ = await reply(ActionAnswerCourier(), "你们家鞋子发什么快递", "ask_courier")
    assert couriers and couriers[0].startswith("utter_courier")


async def test_an_invoice_asked_for_in_so_many_words_read_as_details_opens_the_form(shop):
    """ "开专票 单号9413…" read as the type given (inform): the invoice is asked for, as by "要开专票",
    not the order's parcel answered."""
    tracker = make_tracker("开专票 单号9413372068815524", "inform", entities={"invoice_type": "专用发票"})
    dispatcher = CollectingDispatcher()
    events = await ActionHandleInform().run(dispatcher, tracker, {})
    assert sent(dispatcher) == ["utter_invoice_info"]
    assert {"event": "followup", "name": "invoice_form"} in [
        {key: event.get(key) for key in ("event", "name")} for event in events
    ]


async def test_when_it_is_sent_after_the_invoice_is_the_dispatch_of_an_order_still_in_the_warehouse(shop):
    """ "那到底啥时候能发啊" right after the invoice of an overdue unshipped order was registered."""
    slots = {"order_id": "8814527730961245"}
    responses, _ = await reply(
        ActionHandleFailure(), "那到底啥时候能发啊", "nlu_fallback", ["utter_invoice_submitted"], slots
    )
    assert responses and not responses[0].startswith("utter_invoice"), responses
    # delivered: the invoice is what is sent
    slots = {"order_id": "3927716640582219"}
    responses, _ = await reply(
        ActionHandleFailure(), "那到底啥时候能发啊", "nlu_fallback", ["utter_invoice_submitted"], slots
    )
    assert responses == ["utter_invoice_when"]


async def test_an_impatient_wait_for_the_order_talked_about_gets_its_parcel(shop):
    """ "怎么还没揽收啊 都半天了" after that order's invoice, not understood: where it is, not a
    generic apology."""
    slots = {"order_id": "4721095536680142"}
    responses, _ = await reply(
        ActionHandleFailure(), "怎么还没揽收啊 都半天了", "nlu_fallback", ["utter_invoice_submitted"], slots
    )
    assert any(name.startswith("utter_parcel_") for name in responses), responses
    assert "utter_low_risk_apology" not in responses


async def test_a_region_the_nlu_did_not_tag_gets_its_shipping(shop):
    """ "寄甘肃兰州呢" after the free-shipping answer: 甘肃's freight and days, not the order number asked."""
    responses, _ = await reply(
        ActionHandleInform(), "寄甘肃兰州呢", "inform", ["utter_free_shipping"], slots={"pending_topic": "shipping"}
    )
    assert "utter_courier_remote" in responses and "utter_ask_order_for_topic" not in responses


async def test_buying_more_after_an_invoice_is_no_second_invoice(shop):
    slots = {"order_id": "6648203197725540"}
    from kefu.shop.models import InvoiceRequest
    from tests.conftest import FIXED_NOW

    shop.save_invoice_request(InvoiceRequest("6648203197725540", "普通发票", "个人", "t@163.com"), FIXED_NOW)
    responses, _ = await reply(
        ActionAnswerPromotion(), "那我再要一个 能便宜点吗", "ask_promotion", ["utter_invoice_submitted"], slots
    )
    assert "utter_invoice_one_per_order" not in responses


@pytest.mark.parametrize("text", ["还没发货的话我不要了", "还没发 能换顺丰吗"])
async def test_cancelling_or_a_courier_asked_about_an_unshipped_order_is_no_impatient_wait(shop, text):
    slots = {"order_id": "4417062395810264"}
    responses, _ = await reply(ActionHandleFailure(), text, "nlu_fallback", ["utter_invoice_submitted"], slots)
    assert not any(name.startswith(("utter_parcel_", "utter_followup_")) for name in responses), responses


@pytest.mark.parametrize("text", ["我朋友是上海的", "邮箱 zhkai@163.com"])
async def test_a_place_said_without_shipping_gets_no_shipping_answer(shop, text):
    responses, _ = await reply(ActionHandleInform(), text, "inform")
    assert not any(name.startswith(("utter_shipping", "utter_courier")) for name in responses), responses


async def test_an_invoice_turned_down_beside_an_order_number_opens_no_form(shop):
    """ "9413… 不需要发票 到哪了": the parcel, not the invoice form the words 要发票 would open."""
    responses, events = await reply(ActionHandleInform(), "9413372068815524 不需要发票 到哪了", "inform")
    assert not any(name.startswith("utter_invoice") for name in responses), responses


async def test_an_exchange_of_the_order_received_in_traditional_characters_is_an_exchange(shop):
    """ "換大一碼行嗎" right after the return was found possible: the exchange, not the sizes."""
    slots = {"order_id": "6374409218856630"}
    responses, _ = await reply(ActionHandleFailure(), "換大一碼行嗎", "nlu_fallback", ["utter_return_eligible"], slots)
    assert responses and all(name.startswith("utter_return") for name in responses), responses


@pytest.mark.parametrize("action,intent", [(ActionHandleFailure(), "nlu_fallback"), (ActionAssessRisk(), "complain")])
async def test_the_tracking_number_asked_crossly_right_after_the_parcel_is_given(shop, action, intent):
    slots = {"order_id": "5149902736618854", "parcel_state": "awaiting_pickup"}
    responses, _ = await reply(action, "单号给我 我自己打极兔问", intent, ["utter_parcel_pickup_overdue"], slots)
    assert responses == ["utter_parcel_tracking_no"] or responses == ["utter_parcel_awaiting_pickup_tracking"]


async def test_a_deadline_asked_with_an_order_number_says_where_that_order_is(shop):
    responses, _ = await reply(
        ActionAnswerShippingTime(), "坚果2284671903358812 周六要送人 来得及不", "ask_shipping_time"
    )
    assert responses[-1] == "utter_deadline_no_promise" and responses[0].startswith("utter_parcel_"), responses


async def test_where_to_send_photos_after_a_price_difference_is_about_the_photos(shop):
    slots = {"order_id": "3572290416683305"}
    responses, _ = await reply(ActionHandleFailure(), "照片发哪里", "nlu_fallback", ["utter_price_protect_ok"], slots)
    assert "utter_price_protect_where" not in responses


async def test_a_wish_with_a_need_after_an_order_question_shows_what_meets_it(shop):
    """ "顺便再给我妈看个东西 她最近爱喝花茶" after her dress's order: the tea maker, not the dress's 功能."""
    slots = {"order_id": "4417062395810264", "product_in_focus": "DR-002"}
    responses, _ = await reply(
        ActionHandleFailure(), "好吧 顺便再给我妈看个东西 她最近爱喝花茶", "nlu_fallback", (), slots
    )
    assert responses[:1] == ["utter_recommend_item"], responses


@pytest.mark.parametrize("text", ["6203918847561023 现在取消还来得及吗", "6203918847561023 改发顺丰还来得及吗"])
async def test_in_time_for_something_else_than_the_arrival_is_no_deadline(shop, text):
    responses, _ = await reply(ActionAnswerShippingTime(), text, "ask_shipping_time")
    assert "utter_deadline_no_promise" not in responses, responses


async def test_a_deadline_of_a_held_up_parcel_named_says_it_is_held_up(shop):
    responses, _ = await reply(ActionAnswerShippingTime(), "4630098125547716 周六要用 来得及吗", "ask_shipping_time")
    assert responses == ["utter_deadline_held_up"]


async def test_a_check_that_names_nothing_of_the_invoice_is_no_read_back(shop):
    from kefu.shop.models import InvoiceRequest
    from tests.conftest import FIXED_NOW

    shop.save_invoice_request(InvoiceRequest("4721095536680142", "普通发票", "个人", "y@163.com"), FIXED_NOW)
    slots = {"order_id": "4721095536680142"}
    responses, _ = await reply(
        ActionTrackParcel(), "好的 那快递明天能到对吧", "track_parcel", ["utter_invoice_submitted"], slots
    )
    assert "utter_invoice_status" not in responses
    responses, _ = await reply(
        ActionHandleFailure(), "发票上写的是个人吧 别搞错了", "nlu_fallback", ["utter_invoice_submitted"], slots
    )
    assert responses == ["utter_invoice_status"]


async def test_paper_asked_once_the_invoice_is_registered_gets_the_shops_words(shop):
    """ "是纸的吗 我要纸的" after "已为订单…登记开票" once got "小鹿没太理解"."""
    responses, _ = await reply(ActionHandleFailure(), "是纸的吗 我要纸的", "nlu_fallback", ["utter_invoice_submitted"])
    assert responses == ["utter_invoice_format"]


async def test_which_size_to_take_after_a_wrong_size_came_gets_its_sizes_and_the_remedy(shop):
    """ "这鞋偏大还是偏小 换的话拿哪个码" after "发错码了" once got only the remedy."""
    asked, slots = ["utter_order_problem"], {"order_id": "3927716640582219"}
    responses, _ = await reply(ActionHandleFailure(), "这鞋偏大还是偏小 换的话拿哪个码", "nlu_fallback", asked, slots)
    assert responses == ["utter_product_attribute", "utter_order_problem_remedy"], responses


async def test_a_return_once_it_comes_asked_after_how_to_stop_it_gets_the_rule_for_the_item(shop):
    """ "2284…坚果…不想要了" → how to refuse it → "拒收的话钱多久退" → "那要是收到了再退行不"
    once got "小鹿没太理解"; the nuts are snacks, which have no no-reason return."""
    asked, slots = ["utter_cancel_picked_up"], {"order_id": "2284671903358812"}
    responses, _ = await reply(ActionHandleFailure(), "那要是收到了再退行不", "nlu_fallback", asked, slots)
    assert responses == ["utter_return_non_returnable"], responses


async def test_the_refund_time_in_traditional_characters_after_a_return_is_the_refund_time(shop):
    responses, _ = await reply(
        ActionAnswerReturnPolicy(), "退回來多久能收到錢", "ask_return_policy", ["utter_return_note_what"],
        {"order_id": "2518864930027745"},
    )  # fmt: skip
    assert responses[:1] == ["utter_refund_time"], responses


@pytest.mark.parametrize(
    "text,parcel",
    [("对了4630098125547716这单怎么好几天不动了", True),  # once the invoice's lead time
     ("已经确认收货了 那是不是5天内就能收到", False)],  # the invoice's days, not a problem with the parcel
)  # fmt: skip
async def test_after_an_invoice_is_registered_its_days_and_the_parcel_are_told_apart(shop, text, parcel):
    slots = {"order_id": "4630098125547716"}
    responses, _ = await reply(ActionHandleFailure(), text, "nlu_fallback", ["utter_invoice_submitted"], slots)
    assert (responses != ["utter_invoice_when"]) is parcel and responses, responses


@pytest.mark.parametrize(
    "text,not_said",
    [("那我买的养生壶寄到哪里去了 都三天了", "utter_invoice_format"),  # its parcel, not where invoices go
     ("好的 那养生壶要是不好用 7天内能退吧", "utter_invoice_when")],  # a return, not the invoice's days
)  # fmt: skip
async def test_other_questions_right_after_an_invoice_is_registered_are_not_about_it(shop, text, not_said):
    slots = {"order_id": "4630098125547716"}
    responses, _ = await reply(ActionHandleFailure(), text, "nlu_fallback", ["utter_invoice_submitted"], slots)
    assert not_said not in responses, responses


@pytest.mark.parametrize("text", ["退款和补发选哪个比较快", "拍不了照 鞋子偏小 能直接换吗"])
async def test_no_size_chart_for_what_is_not_a_size_question_after_a_wrong_item(shop, text):
    asked, slots = ["utter_order_problem"], {"order_id": "3927716640582219"}
    responses, _ = await reply(ActionHandleFailure(), text, "nlu_fallback", asked, slots)
    assert "utter_product_attribute" not in responses, responses


async def test_where_the_return_parcels_number_goes_is_not_the_shops_tracking_number(shop):
    """ "好嘞 那寄回去的快递单号填哪" after the return answer once got the order's own 运单号."""
    from actions.parcel import ActionTrackParcel

    asked, slots = ["utter_return_eligible"], {"order_id": "3927716640582219"}
    responses, _ = await reply(ActionTrackParcel(), "好嘞 那寄回去的快递单号填哪", "track_parcel", asked, slots)
    assert responses == ["utter_return_tracking_where"], responses


async def test_whether_the_invoice_is_notified_asked_as_a_product_question_is_how_it_comes(shop):
    from actions.products import ActionAnswerProductInfo

    asked, slots = ["utter_invoice_no_record"], {"order_id": "3927716640582219"}
    responses, _ = await reply(ActionAnswerProductInfo(), "开好了会通知我不", "ask_product_info", asked, slots)
    assert responses == ["utter_invoice_when"], responses


async def test_the_other_item_of_the_order_asked_after_its_return_answer_gets_its_own_rule(shop):
    """ "那三支装那个呢" right after the lipstick's return answer (on its way): the three-pack is a
    flash-sale item, so its own rule, not "请问您是想了解哪方面"."""
    from actions.dialogue import ActionHandleInform

    slots = {"order_id": "8127740396651203"}
    responses, _ = await reply(ActionHandleInform(), "那三支装那个呢", "inform", ["utter_return_after_arrival"], slots)
    assert responses and responses[0] == "utter_return_special_price", responses


async def test_the_other_order_named_by_its_item_after_a_return_answer_gets_that_orders_rule(shop):
    """Two orders named, the bra's refused; "那风衣那单呢" asks the same of the coat's order."""
    from actions.dialogue import ActionHandleInform

    named = user_event("我有两单 4195528730661347 和 2518864930027745 内衣那单能退吗", "ask_return_policy")
    turn = [named, *bot_said("utter_return_non_returnable")]
    tracker = make_tracker("那风衣那单呢", "inform", slots={"order_id": "4195528730661347"}, bot_turn=turn)
    dispatcher = CollectingDispatcher()
    await ActionHandleInform().run(dispatcher, tracker, {})
    responses, previous = sent(dispatcher), ["utter_return_non_returnable"]
    assert responses and responses[0] not in previous and responses[0].startswith("utter_return"), responses


@pytest.mark.parametrize("text,read_back", [("普票 个人", True), ("专票 公司抬头", False)])
async def test_the_type_and_title_given_again_once_registered_are_read_back_if_they_agree(shop, text, read_back):
    """ "普票 个人" right after "发票已经登记好了(普通发票,抬头“个人”)…": what is registered
    (not "请问您是想了解哪方面"); another type is no read-back of what it is not."""
    from actions.dialogue import ActionHandleInform
    from kefu.shop.models import InvoiceRequest
    from tests.conftest import FIXED_NOW

    shop.save_invoice_request(InvoiceRequest("4721095536680142", "普通发票", "个人", "y@163.com"), FIXED_NOW)
    slots = {"order_id": "4721095536680142"}
    responses, _ = await reply(ActionHandleInform(), text, "inform", ["utter_invoice_status"], slots)
    assert (responses == ["utter_invoice_status"]) is read_back, responses


async def test_another_order_named_after_a_return_answer_asks_the_same_unless_its_parcel_is_asked(shop):
    """ "那另一单面膜呢 9627… 拆了一片" after a return answer got that order's tracking; "那还有一单羽绒服呢
    3185… 到哪了" after a refusal got the return rule instead of where it is."""
    slots = {"order_id": "8839016627745120"}
    previous = ["utter_return_eligible"]
    responses, _ = await reply(
        ActionTrackParcel(), "那另一单面膜呢 9627715038842290 拆了一片", "track_parcel", previous, slots
    )
    assert responses == ["utter_return_non_returnable"], responses
    previous = ["utter_return_non_returnable"]
    responses, _ = await reply(
        ActionTrackParcel(), "那还有一单羽绒服呢 3185520647729931 到哪了", "track_parcel", previous
    )
    assert responses[0].startswith("utter_parcel"), responses


@pytest.mark.parametrize("text", ["另一单 3185520647729931 啥时候到", "还有一单 3185520647729931 怎么还没发货"])
async def test_another_orders_own_question_after_a_return_answer_is_not_the_return(shop, text):
    responses, _ = await reply(ActionTrackParcel(), text, "track_parcel", ["utter_return_eligible"])
    assert not any(name.startswith("utter_return") for name in responses), responses


@pytest.mark.parametrize(
    "action,intent", [(ActionAnswerShippingTime(), "ask_shipping_time"), (ActionHandleFailure(), "nlu_fallback")]
)
async def test_a_fault_told_after_a_flash_sale_refusal_gets_the_quality_rule(shop, action, intent):
    """ "啊 那它充不进电呢" after "秒杀…无质量问题不支持": a quality problem, not the shipping time."""
    slots = {"order_id": "5708826319940471"}
    responses, _ = await reply(action, "啊 那它充不进电呢", intent, ["utter_return_special_price"], slots)
    assert responses[:2] == ["utter_return_quality", "utter_return_quality_evidence"]


@pytest.mark.parametrize(
    "text,changes",
    [("纸尿裤能不能改成XL的", True), ("换成L码吧", True), ("收件人改成xxx", False), ("电话改成XXX的", False)],
)
def test_a_size_named_after_change_to_is_a_variant_change_not_a_placeholder(text, changes):
    from actions.followups import CHANGE_VARIANT

    assert bool(CHANGE_VARIANT.search(text)) == changes


async def test_a_chase_asked_after_how_to_refuse_the_parcel_offers_the_person_who_can(shop):
    """ "那你帮我催一下吧 再不到就真不要了" after how to refuse the stalled parcel got the
    refusal again: the parcel is still wanted, and a person can chase the courier."""
    from actions.handoff import ActionAssessRisk

    said, slots = await reply(
        ActionAssessRisk(),
        "那你帮我催一下吧 再不到就真不要了",
        "complain",
        ["utter_return_not_delivered"],
        {"order_id": "4630098125547716"},
    )
    assert said == ["utter_parcel_chase_offer"] and slots.get("offer") == "human", said


@pytest.mark.parametrize("text", ["登录是啥 我儿子给我买的", "咋登录啊 我不会弄"])
async def test_how_to_log_in_asked_after_the_login_answer_is_explained(shop, text):
    """ "登录是啥 我儿子给我买的" after "订单详情要登录后才能查看" got "麻烦发一下订单号"."""
    responses, _ = await reply(ActionHandleInform(), text, "inform", ["utter_order_needs_login"], metadata={})
    assert responses == ["utter_login_how"], responses


@pytest.mark.parametrize(
    "intent,text",
    [("track_parcel", "敷了你家面膜 脸有点红有点痒 正常吗 9627715038842290"),
     ("complain", "这个水乳擦上去有点刺刺的 脸微微发红 过一会儿就好了 正常不")],
)  # fmt: skip
async def test_a_mild_skin_reaction_gets_stop_rinse_and_watch_and_a_person_offered(shop, intent, text):
    """Once the parcel's signed-for answer, or "能具体说说是哪里出了问题吗?"."""
    from actions.handoff import ActionAssessRisk
    from actions.parcel import ActionTrackParcel

    action = ActionTrackParcel() if intent == "track_parcel" else ActionAssessRisk()
    said, slots = await reply(action, text, intent)
    assert said == ["utter_skin_reaction_mild"] and slots.get("offer") == "human", said


async def test_tried_on_at_home_after_the_return_was_found_possible_is_still_returnable(shop):
    """ "没穿出门 就在家试了下 吊牌都在" right after the shoes' return answer got "收到啦亲~ 请问您是想了解哪方面"."""
    previous = ["utter_return_eligible", "utter_return_shipping_payer", "utter_return_note"]
    slots = {"order_id": "6374409218856630"}
    said, _ = await reply(ActionHandleInform(), "没穿出门 就在家试了下 吊牌都在", "inform", previous, slots)
    assert said == ["utter_return_condition_ok"], said
    said, _ = await reply(ActionHandleInform(), "吊牌都在", "inform", ["utter_return_non_returnable"], slots)
    assert said != ["utter_return_condition_ok"]  # a refusal holds
    said, _ = await reply(ActionHandleInform(), "吊牌还在的 退货地址给我下", "inform", previous, slots)
    assert "utter_return_note" in said and "utter_return_condition_ok" not in said, said  # the address asked


async def test_two_orders_shipped_together_asked_is_answered_not_misunderstood(shop):
    """ "能跟我妈那单一起发吗" after a product question was not understood and queued the shopper."""
    responses, _ = await reply(
        ActionHandleFailure(), "能跟我妈那单一起发吗", "nlu_fallback", ("utter_product_attribute",),
        {"order_id": "4417062395810264"},
    )  # fmt: skip
    assert responses == ["utter_orders_not_merged"]


async def test_when_the_refund_comes_asked_after_a_wrong_item_is_the_refund_time(shop):
    """ "多久能退款" after the wrong item's photos were asked for got when a replacement arrives."""
    from actions.order_problem import ActionAnswerOrderProblem

    previous = ("utter_order_problem_freight",)
    responses, _ = await reply(
        ActionAnswerOrderProblem(), "多久能退款", "ask_return_policy", previous, {"order_id": "8702251946638813"}
    )
    assert "utter_reship_time" not in responses and "utter_refund_time" in responses


@pytest.mark.parametrize("text", ["这两单一起寄到了吗", "和上一单一起发的那个到哪了"])
async def test_orders_already_sent_together_are_no_wish_to_merge(shop, text):
    from actions.handoff import ActionHandleFailure

    responses, _ = await reply(ActionHandleFailure(), text, "nlu_fallback", (), {"order_id": "4417062395810264"})
    assert "utter_orders_not_merged" not in responses


async def test_the_phone_asked_after_who_receives_the_return_is_answered(shop):
    """ "电话呢" right after the recipient answer got "请问您是想了解哪方面的问题呢"."""
    from actions.dialogue import ActionHandleInform

    responses, _ = await reply(ActionHandleInform(), "电话呢", "inform", ("utter_return_recipient",))
    assert responses == ["utter_return_recipient"]


@pytest.mark.parametrize(
    "text,answer",
    [("都5天了 说好的1到3个工作日呢", "utter_refund_check_offer"),
     ("在哪看退款进度啊 找不着", "utter_refund_progress_where"),
     ("你帮我查查到底退没退", "utter_refund_check_offer")],
)  # fmt: skip
async def test_a_late_refund_asked_on_gets_where_to_look_or_a_person(shop, text, answer):
    """After the late-refund answer these got the wrong-item remedies and the parcel's state."""
    from actions.order_problem import ActionAnswerOrderProblem

    responses, _ = await reply(
        ActionAnswerOrderProblem(), text, "report_order_problem", ("utter_refund_overdue",),
        {"order_id": "6374409218856630"},
    )  # fmt: skip
    assert responses == [answer]


async def test_another_parcel_asked_after_the_refund_answer_is_no_refund_question(shop):
    responses, _ = await reply(
        ActionTrackParcel(), "你帮我看看另一单到哪了 2284671903358812", "track_parcel", ("utter_refund_overdue",)
    )
    assert "utter_refund_check_offer" not in responses


async def test_a_crushed_box_at_the_door_read_as_a_wrong_item_gets_how_to_check_it(shop):
    """ "箱子压扁了一个角 我要不要签收啊" got the wrong item's photo request."""
    from actions.order_problem import ActionAnswerOrderProblem

    responses, _ = await reply(
        ActionAnswerOrderProblem(),
        "6931054472281906 快递到门口了 箱子压扁了一个角 我要不要签收啊",
        "report_order_problem",
    )
    assert responses == ["utter_damaged_at_the_door"]


async def test_another_delivery_asked_after_missed_calls_read_as_coupons_is_how_to_reach_the_courier(shop):
    """ "那现在咋整 还能再给我送一次吗" got the shop's coupons."""
    from actions.promotions import ActionAnswerPromotion

    responses, _ = await reply(
        ActionAnswerPromotion(), "那现在咋整 还能再给我送一次吗", "ask_promotion", ("utter_missed_courier_call",),
        {"order_id": "5917730462281148"},
    )  # fmt: skip
    assert responses == ["utter_missed_courier_call"]


async def test_two_orders_merged_asked_with_the_order_number_is_answered(shop):
    responses, _ = await reply(
        ActionHandleFailure(), "我昨天下了一单5580237714096631 今天又想买条牛仔裤 能跟这单合并一起发吗", "nlu_fallback"
    )
    assert responses == ["utter_orders_not_merged"]


@pytest.mark.parametrize(
    "text,answer",
    [("91110000802100433B", "utter_invoice_detail_change_registered"),
     ("laozhou_cw@163.com", "utter_invoice_detail_change_registered"),
     ("公司名你记的是啥 我核对一下", "utter_invoice_status")],
)  # fmt: skip
async def test_details_sent_after_a_registered_invoice_could_not_be_changed_are_not_lost(shop, text, answer):
    """After "登记后小鹿这边没办法直接修改…转人工客服修改好吗?" a code, an e-mail and "公司名你记的是啥" got
    "请问您是想了解哪方面的问题呢"."""
    from actions.dialogue import ActionHandleInform
    from kefu.shop.models import InvoiceRequest
    from tests.conftest import FIXED_NOW

    shop.save_invoice_request(InvoiceRequest("5263390817724456", "普通发票", "个人", "laozhou_wh@163.com"), FIXED_NOW)
    responses, _ = await reply(
        ActionHandleInform(), text, "inform", ("utter_invoice_detail_change_registered",),
        {"order_id": "5263390817724456"},
    )  # fmt: skip
    assert responses == [answer]


async def test_a_yes_to_a_refund_check_read_as_a_parcel_question_is_a_yes(shop, store):
    """ "好的 帮我查下" right after "…小鹿帮您转人工客服查一下这笔退款好吗?" (read as a parcel
    question) got the offer made again instead of a person."""
    from actions.parcel import ActionTrackParcel

    turns = [
        *bot_said("utter_refund_overdue"),
        user_event("6051183427769934", "inform"),
        *bot_said("utter_refund_of_order"),
        {"event": "slot", "name": "offer", "value": "human"},
    ]
    cid = await store.create_conversation()
    tracker = make_tracker("好的 帮我查下", "track_parcel", slots={"offer": "human"}, bot_turn=turns, sender_id=cid)
    dispatcher = CollectingDispatcher()
    events = await ActionTrackParcel().run(dispatcher, tracker, {})
    assert any(e.get("event") == "pause" for e in events), (sent(dispatcher), events)
    assert "utter_refund_check_offer" not in sent(dispatcher)


async def test_a_yes_to_a_refund_check_is_taken_up_once(shop, store):
    """ "好的 帮我查下" (a yes) after the refund check was offered got the offer again and "没看明白"."""
    cid = await store.create_conversation()
    turns = [
        *bot_said("utter_refund_overdue"),
        user_event("6051183427769934", "inform"),
        *bot_said("utter_refund_of_order"),
        {"event": "slot", "name": "offer", "value": "human"},
    ]
    tracker = make_tracker("好的 帮我查下", "affirm", slots={"offer": "human"}, bot_turn=turns, sender_id=cid)
    dispatcher = CollectingDispatcher()
    events = await ActionHandleAffirm().run(dispatcher, tracker, {})
    assert any(e.get("event") == "pause" for e in events), (sent(dispatcher), events)
    assert "utter_refund_check_offer" not in sent(dispatcher)
