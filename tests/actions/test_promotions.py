"""Coupons and promotions: quoted from policy, never a promised price."""

import pytest
from rasa_sdk.executor import CollectingDispatcher

from actions.handoff import ActionHandleFailure
from actions.promotions import ActionAnswerPromotion
from tests.actions.trackers import bot_said, make_tracker, sent, user_event


async def ask(text):
    dispatcher = CollectingDispatcher()
    events = await ActionAnswerPromotion().run(dispatcher, make_tracker(text, "ask_promotion"), {})
    return dispatcher, events


@pytest.mark.parametrize(
    "text,response",
    [
        ("有优惠券吗", "utter_promotion"),
        ("现在有啥活动 满减吗", "utter_promotion"),
        ("店铺券和平台满减能叠加吗", "utter_promotion_stacking"),
        ("優惠券能疊加嗎", "utter_promotion_stacking"),  # traditional characters
        ("优惠券用不了 显示不可用", "utter_promotion_unusable"),
        ("买了送什么赠品吗", "utter_promotion_gift"),
        ("小样送的啥", "utter_promotion_gift"),
        ("能再便宜点吗 亲", "utter_promotion_no_bargain"),
        ("你直接给我减20不行吗", "utter_promotion_no_bargain"),
        ("老板改个价呗 230我就拍", "utter_promotion_no_bargain"),
        ("买两件有折扣不", "utter_promotion_several_pieces"),  # the 满2件9折 alone, not every coupon again
        ("我想买两件 有优惠券吗", "utter_promotion"),  # coupons asked: all of them (the pieces' discount too)
        ("现在有什么活动吗 打算多买几件", "utter_promotion"),
    ],
)
async def test_each_question_gets_its_answer(shop, text, response):
    dispatcher, _ = await ask(text)
    assert sent(dispatcher) == [response]


async def test_the_shops_own_coupons_are_quoted(shop):
    dispatcher, _ = await ask("有优惠券吗")
    assert dispatcher.messages[0]["coupons"] == shop.policy.promotions.coupons


async def test_a_coupon_that_does_not_work_offers_a_person(shop):
    _, events = await ask("券用不了啊")
    assert {"event": "slot", "name": "offer", "value": "human", "timestamp": None} in events


async def test_which_coupons_and_stacking_asked_at_once_get_both(shop):
    """ "现在有优惠券吗 能叠加吗" got only the stacking rule, never which coupons there are."""
    dispatcher, _ = await ask("现在有优惠券吗 能叠加吗")
    assert sent(dispatcher) == ["utter_promotion", "utter_promotion_stacking"]


@pytest.mark.parametrize(
    ("text", "slots", "response"),
    [("就买一件169的 优惠券能用吗", {}, "utter_promotion_coupon_below"),
     ("满199减20的券怎么用不了呀 我就买了个159的包", {}, "utter_promotion_coupon_below"),
     ("这件能用券吗", {"product_in_focus": "DJ-004"}, "utter_promotion_coupon_reached")],
)  # fmt: skip
async def test_whether_a_coupon_fits_this_purchase_is_answered_from_its_threshold(shop, text, slots, response):
    """One ¥169 hoodie does not reach 满199: said, with the gap, never a price promised."""
    dispatcher = CollectingDispatcher()
    await ActionAnswerPromotion().run(dispatcher, make_tracker(text, "ask_promotion", slots=slots), {})
    assert [m["response"] for m in dispatcher.messages] == [response]
    if response.endswith("below"):
        assert int(dispatcher.messages[0]["threshold"]) == 199


async def test_a_coupon_question_not_understood_still_gets_the_coupons(shop):
    from actions.handoff import ActionHandleFailure

    dispatcher = CollectingDispatcher()
    tracker = make_tracker("那我就买这一件卫衣能用券不", "nlu_fallback", slots={"product_in_focus": "HD-001"})
    await ActionHandleFailure().run(dispatcher, tracker, {})
    assert [m["response"] for m in dispatcher.messages] == ["utter_promotion_coupon_below"]


async def test_a_price_cut_asked_and_not_understood_gets_the_no_bargain_answer(shop):
    """ "你直接给我减20不行吗" under the NLU's threshold got "这句小鹿没看明白呢"."""
    from actions.handoff import ActionHandleFailure

    dispatcher = CollectingDispatcher()
    await ActionHandleFailure().run(dispatcher, make_tracker("能给我改价吗", "nlu_fallback", metadata={}), {})
    assert [m["response"] for m in dispatcher.messages] == ["utter_promotion_no_bargain"]


async def test_a_gift_question_not_understood_gets_the_gift_with_purchase(shop):
    from actions.handoff import ActionHandleFailure

    dispatcher = CollectingDispatcher()
    tracker = make_tracker("满多少送东西", "nlu_fallback", slots={"product_in_focus": "DR-003"})
    await ActionHandleFailure().run(dispatcher, tracker, {})
    assert [m["response"] for m in dispatcher.messages][0].startswith("utter_promotion")


@pytest.mark.parametrize("text,focus", [("这个能用店铺券不", "PB-001"), ("那用券呢 满199减20那个", "PB-001"),
                                        ("20000毫安那个能用券吗", "PB-002")])  # named by its number  # fmt: skip
async def test_a_flash_sale_product_in_focus_is_not_measured_against_the_coupon_thresholds(shop, text, focus):
    dispatcher = CollectingDispatcher()
    tracker = make_tracker(text, "ask_promotion", slots={"product_in_focus": focus})
    await ActionAnswerPromotion().run(dispatcher, tracker, {})
    # that it takes no shop coupon at all, by its name, not the list of coupons
    assert sent(dispatcher) == ["utter_promotion_flash_sale_item"] and "充电宝" in dispatcher.messages[0]["name"]


async def test_a_coupon_question_read_as_an_order_problem_gets_the_threshold(shop):
    from actions.order_problem import ActionAnswerOrderProblem

    dispatcher = CollectingDispatcher()
    tracker = make_tracker("我就买了个159的包 能用券吗", "report_order_problem")
    await ActionAnswerOrderProblem().run(dispatcher, tracker, {})
    assert sent(dispatcher) == ["utter_promotion_coupon_below"] and dispatcher.messages[0]["gap"] == "40"


async def test_the_coupons_own_numbers_are_not_the_purchase(shop):
    """ "满199减20的券怎么用不了呀 我就买了个159的包": ¥159, not the 20 of the coupon."""
    dispatcher = CollectingDispatcher()
    tracker = make_tracker("亲 满199减20的券怎么用不了呀 我就买了个159的包", "ask_promotion")
    await ActionAnswerPromotion().run(dispatcher, tracker, {})
    assert dispatcher.messages[0]["amount"] == "159" and dispatcher.messages[0]["gap"] == "40"


async def test_a_total_named_after_an_added_item_is_the_amount_the_coupon_needs(shop):
    """ "那我再加一条79的格纹围巾 一共248 能减多少": ¥248 reaches 满199减20, not 79."""
    dispatcher = CollectingDispatcher()
    tracker = make_tracker("那我再加一条79的格纹围巾 一共248 能减多少", "nlu_fallback")
    await ActionHandleFailure().run(dispatcher, tracker, {})
    assert sent(dispatcher) == ["utter_promotion_coupon_reached"]  # "能减多少": what comes off, not the next coupon
    assert (dispatcher.messages[0]["threshold"], dispatcher.messages[0]["off"]) == (199, 20)


@pytest.mark.parametrize("intent", ["goodbye", "ask_promotion"])  # the NLU read it as a goodbye once
async def test_one_more_item_added_after_the_threshold_answer_is_measured_with_it(shop, intent):
    """ "那再加个79的围巾呢" after "按¥159算 还没到满199的门槛" got "期待您再次光临": 159 + 79 = 238."""
    from actions.dialogue import ActionGoodbye

    action = ActionGoodbye() if intent == "goodbye" else ActionAnswerPromotion()
    turn = bot_said("utter_promotion_coupon_below")
    tracker = make_tracker("那再加个79的围巾呢", intent, history=[("我就买了个159的包 能用吗", "ask_promotion")],
                           bot_turn=turn)  # fmt: skip
    dispatcher = CollectingDispatcher()
    await action.run(dispatcher, tracker, {})
    assert sent(dispatcher) == ["utter_promotion_coupon_reached_next"]  # and what 满299 would take
    assert dispatcher.messages[0]["amount"] == "238" and dispatcher.messages[0]["off"] == 20


async def test_coupons_asked_for_another_product_named_on_a_flash_sale_card_are_for_that_one(shop):
    """On the 秒杀 T-shirt dress's card, "我还是买那条法式碎花雪纺连衣裙吧 它能用券吗" got the 秒杀 answer."""
    tracker = make_tracker(
        "那算了 我还是买那条法式碎花雪纺连衣裙吧 它能用券吗", "ask_promotion", metadata={"product": "DR-003"}
    )
    dispatcher = CollectingDispatcher()
    events = await ActionAnswerPromotion().run(dispatcher, tracker, {})
    assert sent(dispatcher)[0].startswith("utter_promotion_coupon_")  # its threshold, not "秒杀商品不参与"
    assert {"event": "slot", "name": "product_in_focus", "value": "DR-001"} in [
        {k: e.get(k) for k in ("event", "name", "value")} for e in events
    ]


async def test_a_coupon_question_read_as_details_given_gets_the_threshold(shop):
    """ "我就买这一个39.9的能用券吗" after the coupons, read as `inform`: 39.9 is below 满199."""
    from actions.dialogue import ActionHandleInform

    dispatcher = CollectingDispatcher()
    await ActionHandleInform().run(dispatcher, make_tracker("我就买这一个39.9的能用券吗", "inform"), {})
    assert sent(dispatcher) == ["utter_promotion_coupon_below"] and dispatcher.messages[0]["amount"] == "39.9"


@pytest.mark.parametrize(
    "text,gift",
    [
        ("有送东西吗", True),
        ("买这个送不送小礼物", True),
        ("有送男朋友的吗", False),
        ("想送东西给男朋友 有推荐吗", False),
    ],
)
async def test_a_gift_with_the_purchase_asked_in_the_recommendation_is_the_gift_answer(shop, text, gift):
    """ "有送东西吗" on a card, read as a wish, once got "亲想看看哪一类商品呢?"."""
    from actions.recommend import ValidateRecommendForm
    from tests.actions.test_recommend import FORM_DOMAIN

    dispatcher = CollectingDispatcher()
    tracker = make_tracker(text, "request_recommendation", slots={"product_in_focus": "BP-001"})
    await ValidateRecommendForm().run(dispatcher, tracker, FORM_DOMAIN)
    assert ("utter_promotion_gift" in sent(dispatcher)) is gift, sent(dispatcher)


@pytest.mark.parametrize("text", ["那还是便宜那个吧 有券吗", "满299送啥"])
async def test_a_coupon_or_gift_question_right_after_a_recommendation_is_about_promotions(shop, text):
    """ "那还是便宜那个吧 有券吗" got a cheaper search ("298元以内暂时没有"); "满299送啥" a ¥299 one."""
    from tests.actions.trackers import TWO_RUNNING_SHOES_SHOWN, bot_said

    dispatcher = CollectingDispatcher()
    tracker = make_tracker(
        text, "ask_promotion", slots={"last_recommendation": TWO_RUNNING_SHOES_SHOWN},
        bot_turn=bot_said("utter_recommend_item", "utter_recommend_item"),
    )  # fmt: skip
    await ActionAnswerPromotion().run(dispatcher, tracker, {})
    assert sent(dispatcher) and all(name.startswith("utter_promotion") for name in sent(dispatcher)), sent(dispatcher)


@pytest.mark.parametrize("text", ["两样一起买能便宜吗", "满299是不是还有东西送"])
async def test_a_multi_buy_or_gift_question_inside_a_recommendation_gets_the_promotions(shop, text):
    """Read as a wish while products were shown: the promotions, never another product."""
    from actions.recommend import ValidateRecommendForm
    from tests.actions.test_recommend import FORM_DOMAIN, RECOMMENDED

    last = {"category": "不限", "recipient": None, "budget": 300, "budget_min": 0.0, "shown": ["SK-001", "MK-001"]}
    tracker = make_tracker(text, "request_recommendation", slots={"last_recommendation": last}, bot_turn=RECOMMENDED)
    dispatcher = CollectingDispatcher()
    await ValidateRecommendForm().run(dispatcher, tracker, FORM_DOMAIN)
    assert sent(dispatcher) and all(name.startswith("utter_promotion") for name in sent(dispatcher)), sent(dispatcher)


async def test_a_shade_number_is_not_the_amount_of_the_purchase(shop):
    """ "那316的呢 就买一支 能用满减不" about the #316 lipstick (¥129): 70 short of 满199, not "按¥316算"."""
    dispatcher = CollectingDispatcher()
    tracker = make_tracker("那316的呢 就买一支 能用满减不", "ask_promotion", slots={"product_in_focus": "LS-001"})
    await ActionAnswerPromotion().run(dispatcher, tracker, {})
    assert sent(dispatcher) == ["utter_promotion_coupon_below"] and dispatcher.messages[0]["gap"] == "70"


async def test_a_flash_sale_product_asked_with_a_coupon_named_takes_no_shop_coupon(shop):
    # the 199 of "满199减20" is the coupon's, not an amount spent
    dispatcher = CollectingDispatcher()
    tracker = make_tracker("这件能用满199减20的券吗", "ask_promotion", slots={"product_in_focus": "DR-003"})
    await ActionAnswerPromotion().run(dispatcher, tracker, {})
    assert sent(dispatcher) == ["utter_promotion_flash_sale_item"]


@pytest.mark.parametrize(
    "text,slots",
    [("秒杀的这个炸锅 299正好能用满299减40吧", {}),  # named, at its own price
     ("再买一个送朋友 129的能用满199减20不", {"product_in_focus": "PB-001"})],
)  # fmt: skip
async def test_a_flash_sale_product_at_its_own_price_takes_no_shop_coupon(shop, text, slots):
    dispatcher = CollectingDispatcher()
    await ActionAnswerPromotion().run(dispatcher, make_tracker(text, "ask_promotion", slots=slots), {})
    assert sent(dispatcher) == ["utter_promotion_flash_sale_item"]


async def test_a_coupon_that_does_not_work_for_a_product_in_focus_gets_the_reasons(shop):
    # its page price reaches the threshold, which was said just before: why it may still not work
    dispatcher = CollectingDispatcher()
    tracker = make_tracker("券用不了 显示不可用 怎么回事", "ask_promotion", slots={"product_in_focus": "SK-002"})
    await ActionAnswerPromotion().run(dispatcher, tracker, {})
    assert sent(dispatcher) == ["utter_promotion_unusable"]


async def test_a_cheaper_kind_with_a_budget_read_as_a_coupon_question_is_recommended(shop):
    # "便宜点" with a kind and a budget: a search, not a bargain ("价格是店铺统一设定的")
    dispatcher = CollectingDispatcher()
    tracker = make_tracker(
        "有没有便宜点的羽绒服 500以内 我自己穿", "ask_promotion", slots={"product_in_focus": "DJ-002"}
    )
    await ActionAnswerPromotion().run(dispatcher, tracker, {})
    assert sent(dispatcher)[0] == "utter_recommend_item"
    assert "90白鸭绒轻薄短款羽绒服" in str(dispatcher.messages[0])  # ¥399, the one within 500


async def test_can_it_be_used_for_another_product_named_right_after_the_coupons_is_measured_for_it(shop):
    from actions.products import ActionAnswerProductInfo
    from tests.actions.trackers import bot_said

    # on the 秒杀 dress's card, after "秒杀商品不参与店铺优惠券": the floral dress (¥239) named
    tracker = make_tracker(
        "那碎花雪纺那条能用吗",
        "ask_product_info",
        slots={"product_in_focus": "DR-003"},
        bot_turn=bot_said("utter_promotion_flash_sale_item"),
    )
    dispatcher = CollectingDispatcher()
    await ActionAnswerProductInfo().run(dispatcher, tracker, {})
    assert sent(dispatcher) == ["utter_promotion_coupon_reached_next"]  # and what 满299 would take
    assert (dispatcher.messages[0]["amount"], dispatcher.messages[0]["threshold"]) == ("239", 199)


async def test_a_total_reached_by_adding_items_right_after_the_coupons_is_measured(shop):
    from actions.parcel import ActionTrackParcel
    from tests.actions.trackers import bot_said

    # "那凑到299呢 能减多少" (read as a parcel question) after "按¥159算,还没到满199的门槛"
    tracker = make_tracker("那凑到299呢 能减多少", "track_parcel", bot_turn=bot_said("utter_promotion_coupon_below"))
    dispatcher = CollectingDispatcher()
    await ActionTrackParcel().run(dispatcher, tracker, {})
    assert sent(dispatcher) == ["utter_promotion_coupon_reached"] and dispatcher.messages[0]["off"] == 40


@pytest.mark.parametrize(
    "sku, response", [("PB-001", "utter_promotion_no_bargain_flash_sale"), ("PB-002", "utter_promotion_no_bargain")]
)
async def test_bargaining_on_a_flash_sale_card_gets_no_coupon_pitch(shop, sku, response):
    """ "能便宜点吗" on the 秒杀 power bank's card got "领券下单更划算" right after "秒杀商品不参与店铺优惠券"."""
    dispatcher = CollectingDispatcher()
    await ActionAnswerPromotion().run(
        dispatcher, make_tracker("能便宜点吗", "ask_promotion", metadata={"product": sku}), {}
    )
    assert sent(dispatcher) == [response]


async def test_coupons_asked_in_words_like_free_shipping_get_the_coupons(shop):
    """ "滿多少能用券" read as a shipping question (满多少 is 包邮's too): the coupons."""
    from actions.shipping import ActionAnswerShippingTime

    dispatcher = CollectingDispatcher()
    await ActionAnswerShippingTime().run(dispatcher, make_tracker("滿多少能用券", "ask_shipping_time"), {})
    assert sent(dispatcher) == ["utter_promotion"]


@pytest.mark.parametrize(
    "sku, response", [("PB-001", "utter_promotion_flash_sale_item"), ("SC-001", "utter_promotion_coupon_reached")]
)
async def test_coupons_for_only_the_one_on_the_card_are_its_own(shop, sku, response):
    """ "有优惠券吗 就买这一个" on a card: none for a 秒杀 item; the threshold the scarf reaches."""
    dispatcher = CollectingDispatcher()
    tracker = make_tracker("有优惠券吗 就买这一个", "ask_promotion", metadata={"product": sku})
    await ActionAnswerPromotion().run(dispatcher, tracker, {})
    assert sent(dispatcher) == [response]


@pytest.mark.parametrize("text", ["那还差多少能减40", "还差多少到299"])
async def test_how_far_the_amount_just_answered_is_from_the_bigger_coupon(shop, text):
    from tests.actions.trackers import user_event

    turn = [user_event("我购物车一共260 能减多少", "ask_promotion"), *bot_said("utter_promotion_coupon_reached")]
    dispatcher = CollectingDispatcher()
    await ActionHandleFailure().run(dispatcher, make_tracker(text, "nlu_fallback", bot_turn=turn), {})
    [message] = dispatcher.messages
    assert message["response"] == "utter_promotion_coupon_gap"
    assert (message["threshold"], message["off"], message["gap"]) == (299, 40, "39")


async def test_the_gap_from_the_price_the_answer_went_by_when_the_shopper_named_none(shop):
    """ "这件能用券吗 就买这一件" on the ¥239 dress's card, then "那满299减40的呢 还差多少": once the coupon list."""
    from tests.actions.trackers import user_event

    answered = {"event": "bot", "text": "亲,按¥239算已经满199了,领了店铺首页满199减20的券就可以用…",
                "metadata": {"utter_action": "utter_promotion_coupon_reached_next"}}  # fmt: skip
    turn = [user_event("这件能用券吗 就买这一件", "ask_promotion"), answered]
    dispatcher = CollectingDispatcher()
    tracker = make_tracker("那满299减40的呢 还差多少", "ask_promotion", bot_turn=turn)
    await ActionAnswerPromotion().run(dispatcher, tracker, {})
    [message] = dispatcher.messages
    assert (message["response"], message["gap"]) == ("utter_promotion_coupon_gap", "60")


@pytest.mark.parametrize("text", ["买两件能包邮吗", "用了券还包邮吗"])
async def test_free_shipping_asked_with_coupon_words_stays_free_shipping(shop, text):
    from actions.shipping import ActionAnswerShippingTime

    dispatcher = CollectingDispatcher()
    await ActionAnswerShippingTime().run(dispatcher, make_tracker(text, "ask_shipping_time"), {})
    assert "utter_promotion" not in sent(dispatcher) and sent(dispatcher)


async def test_how_far_from_free_shipping_is_no_coupon_gap(shop):
    from actions.promotions import gap_to_a_coupon
    from tests.actions.trackers import user_event

    turn = [user_event("我就买个59.9的 能用券不", "ask_promotion"), *bot_said("utter_promotion_coupon_below")]
    assert gap_to_a_coupon(make_tracker("那还差多少包邮", "nlu_fallback", bot_turn=turn)) is None


async def test_coupons_asked_for_a_sibling_pointed_at_are_for_that_one(shop):
    """ "还是要碎花的吧 就买这一件能用券吗" after the 秒杀 T-shirt dress was asked about got "秒杀商品不参与
    店铺优惠券": the floral dress (¥199) reaches 满199."""
    from actions.handoff import ActionHandleFailure

    dispatcher = CollectingDispatcher()
    slots = {"product_in_focus": "DR-003", "product_card": "DR-001"}
    tracker = make_tracker(
        "还是要碎花的吧 就买这一件能用券吗", "nlu_fallback", slots=slots, metadata={"product": "DR-001"}
    )
    await ActionHandleFailure().run(dispatcher, tracker, {})
    said = [m["response"] for m in dispatcher.messages]
    assert "utter_promotion_flash_sale_item" not in said and said[0].startswith("utter_promotion_coupon"), said


async def test_whether_a_coupon_takes_off_at_checkout_is_no_bargain(shop):
    dispatcher, _ = await ask("这个券是下单直接减吗")
    assert "utter_promotion_no_bargain" not in sent(dispatcher)


async def test_an_amount_told_right_after_why_a_coupon_fails_and_not_understood_is_measured(shop):
    """ "我就买了个159的包" under the NLU's threshold right after why a coupon fails got the bag shown."""
    from actions.handoff import ActionHandleFailure
    from tests.actions.trackers import bot_said, user_event

    turns = [user_event("券用不了啊 显示不可用 怎么回事", "ask_promotion"), *bot_said("utter_promotion_unusable")]
    dispatcher = CollectingDispatcher()
    tracker = make_tracker("我就买了个159的包", "nlu_fallback", bot_turn=turns, metadata={})
    await ActionHandleFailure().run(dispatcher, tracker, {})
    assert sent(dispatcher) == ["utter_promotion_coupon_below"]


async def test_too_dear_with_a_coupon_asked_is_about_coupons_not_a_cheaper_product(shop):
    """ "1599太贵了 有优惠卷没" (卷 for 券) on the down coat's card got two cheaper down jackets."""
    tracker = make_tracker("1599太贵了 有优惠卷没", "ask_promotion", slots={"product_in_focus": "DJ-004"})
    dispatcher = CollectingDispatcher()
    await ActionAnswerPromotion().run(dispatcher, tracker, {})
    assert sent(dispatcher) and all(name.startswith("utter_promotion") for name in sent(dispatcher))


async def test_the_gift_asked_for_the_dress_just_recommended_is_the_gift_not_another_dress(shop):
    """ "满299送小样是吧 买这条裙子有没有" right after a ¥269 dress was recommended got "店里暂时没有
    其他合适的了": whether that dress reaches the gift."""
    shown = {"category": "连衣裙", "recipient": "妈妈", "budget": 300, "budget_min": 0.0, "shown": ["DR-002"]}
    slots = {"last_recommendation": shown, "product_in_focus": "DR-002"}
    tracker = make_tracker(
        "满299送小样是吧 买这条裙子有没有", "ask_promotion", slots=slots, bot_turn=bot_said("utter_recommend_item")
    )
    dispatcher = CollectingDispatcher()
    await ActionAnswerPromotion().run(dispatcher, tracker, {})
    assert sent(dispatcher) and not any(r.startswith("utter_recommend") for r in sent(dispatcher)), sent(dispatcher)


@pytest.mark.parametrize("text", ["我买了两件衣服 一共210 能用满199减20吗", "我购物车还有个280的 能用满199减20吗"])
async def test_other_things_bought_beside_a_flash_sale_product_in_focus_are_measured(shop, text):
    dispatcher = CollectingDispatcher()
    tracker = make_tracker(text, "ask_promotion", slots={"product_in_focus": "AF-001"})
    await ActionAnswerPromotion().run(dispatcher, tracker, {})
    assert sent(dispatcher) != ["utter_promotion_flash_sale_item"]


async def test_coupons_named_only_to_say_they_are_not_asked_leave_the_product_question(shop):
    """ "不是问优惠券 我问那个养生壶 老人用起来方便吗" got the coupons again."""
    dispatcher = CollectingDispatcher()
    tracker = make_tracker(
        "不是问优惠券 我问那个养生壶 老人用起来方便吗", "ask_promotion", slots={"product_in_focus": "KT-002"}
    )
    await ActionAnswerPromotion().run(dispatcher, tracker, {})
    assert not any(m["response"].startswith("utter_promotion") for m in dispatcher.messages), dispatcher.messages


@pytest.mark.parametrize(
    "text,intent",
    [
        ("我买了两件用了满减 只退一件的话满减会不会扣", "ask_promotion"),
        ("用了优惠券的退货 券还能退回来吗", "ask_return_policy"),
        ("满2件9折的 退一件怎么算", "ask_return_policy"),
    ],
)
async def test_a_return_of_an_order_bought_with_a_discount_is_told_how_the_refund_is_reckoned(shop, text, intent):
    """Once answered with the coupons on offer or the 7-day rule: the shopper wants to know what a
    return of one item refunds when a 满减 or coupon was used."""
    from actions.returns import ActionAnswerReturnPolicy

    action = ActionAnswerPromotion() if intent == "ask_promotion" else ActionAnswerReturnPolicy()
    dispatcher = CollectingDispatcher()
    await action.run(dispatcher, make_tracker(text, intent), {})
    assert sent(dispatcher) == ["utter_promotion_refunds"]
    assert "实付金额" in dispatcher.messages[0]["refunds"]  # the shop's own words from policy.yml


@pytest.mark.parametrize("text", ["这个能退吗 有券吗", "有优惠券吗 不合适能退吗"])
async def test_coupons_asked_beside_a_return_are_no_discount_refund_question(shop, text):
    dispatcher, _ = await ask(text)
    assert "utter_promotion_refunds" not in sent(dispatcher)


@pytest.mark.parametrize("text", ["用券买的面膜能退吗", "买了两件满减 退一件运费谁出", "退款多久到 我用了优惠券"])
async def test_a_return_question_that_names_a_coupon_gets_the_returns_answer(shop, text):
    """The coupon said only as how it was bought: the return itself is asked (a mask is not
    returnable; who pays the shipping; when the refund comes), not how a refund is reckoned."""
    from actions.returns import ActionAnswerReturnPolicy

    dispatcher = CollectingDispatcher()
    await ActionAnswerReturnPolicy().run(dispatcher, make_tracker(text, "ask_return_policy"), {})
    assert sent(dispatcher) and "utter_promotion_refunds" not in sent(dispatcher)


async def test_a_lower_coupon_reached_says_what_the_next_one_would_take(shop):
    """ "就买这一件能用券吗" for the ¥239 dress: 满199减20 now, and 60 more for 满299减40."""
    dispatcher = CollectingDispatcher()
    tracker = make_tracker("就买这一件能用券吗", "ask_promotion", slots={"product_in_focus": "DR-001"})
    await ActionAnswerPromotion().run(dispatcher, tracker, {})
    values = dispatcher.messages[0]
    assert sent(dispatcher) == ["utter_promotion_coupon_reached_next"]
    assert (values["off"], values["gap"], values["next_threshold"], values["next_off"]) == (20, "60", 299, 40)


async def test_two_pieces_and_their_total_are_measured_by_the_total(shop):
    """ "两件338 能用哪个券" on the ¥169 hoodie's card: ¥338 reaches 满299减40, not ¥169 满199's gap."""
    dispatcher = CollectingDispatcher()
    tracker = make_tracker("两件338 能用哪个券", "ask_promotion", slots={"product_in_focus": "HD-001"})
    await ActionAnswerPromotion().run(dispatcher, tracker, {})
    assert sent(dispatcher) == ["utter_promotion_coupon_reached"]
    assert (dispatcher.messages[0]["amount"], dispatcher.messages[0]["off"]) == ("338", 40)


def test_a_count_bought_together_is_no_total(shop):
    from actions.promotions import amount_in

    assert amount_in("围巾和帽子一起买2件 169的能用满199减20吗") == 169
    assert amount_in("两件一起368 能用啥券") == 368


@pytest.mark.parametrize("text,protected", [("现在便宜了20块 能补给我不", True), ("双11会便宜了吗", False)])
async def test_a_drop_asked_back_for_the_order_in_focus_is_price_protection(shop, text, protected):
    """ "5708…坐飞机能带不" → "现在便宜了20块 能补给我不" once got a ¥20 recommendation."""
    dispatcher = CollectingDispatcher()
    tracker = make_tracker(text, "ask_promotion", slots={"order_id": "5708826319940471"})
    await ActionAnswerPromotion().run(dispatcher, tracker, {})
    said = sent(dispatcher)
    assert any(name.startswith("utter_price_protect") for name in said) is protected, said
    assert not any(name.startswith("utter_recommend") for name in said), said


async def test_a_bargain_on_the_price_shown_is_no_budget(shop):
    """ "899能便宜点不" right after the ¥899 dress was shown once showed the same dresses again."""
    last = {"category": "连衣裙", "recipient": "女朋友", "budget": 100000, "budget_min": 0.0, "needs": [],
            "excluded": [], "shown": ["DR-004", "DR-001"]}  # fmt: skip
    tracker = make_tracker(
        "899能便宜点不", "ask_promotion", slots={"last_recommendation": last}, bot_turn=bot_said("utter_recommend_item")
    )
    dispatcher = CollectingDispatcher()
    await ActionAnswerPromotion().run(dispatcher, tracker, {})
    assert sent(dispatcher) == ["utter_promotion_no_bargain"], sent(dispatcher)


@pytest.mark.parametrize(
    "text,total",
    [("两双378了 能用券吗", 378), ("两条358 用券能减多少", 358), ("水乳加洗面奶368.9 能减多少", 368.9),
     ("那再给他加条199的男士牛仔裤 够299了吧", 299), ("再加个79的围巾呢", None),  # an item added: no total
     ("我这个159的还不够199吧", None), ("再加一件129 一共288 能用了吧", 288), ("那再加一件189块的呢", None),
     ("那我买两双42码的 能包邮吗", None)],  # a size worn, not a price
)  # fmt: skip
def test_what_a_basket_comes_to_is_read_as_its_total(shop, text, total):
    from actions.promotions import TOTAL, amount_in

    assert (amount_in(text) if TOTAL.search(text) else None) == total


async def test_a_total_read_as_a_yes_right_after_the_coupons_gets_the_coupon_it_reaches(shop):
    """ "那我再加个79的围巾 一共238 能用了吧" once got "好的亲~ 请问还有其他可以帮您的吗?"."""
    from actions.dialogue import ActionHandleAffirm

    tracker = make_tracker(
        "那我再加个79的围巾 一共238 能用了吧", "affirm", bot_turn=bot_said("utter_promotion_coupon_below")
    )
    dispatcher = CollectingDispatcher()
    await ActionHandleAffirm().run(dispatcher, tracker, {})
    assert sent(dispatcher)[0].startswith("utter_promotion_coupon_reached"), sent(dispatcher)
    assert "199" in str(dispatcher.messages[0]), dispatcher.messages  # 238 reaches 满199减20


def test_a_discount_asked_for_a_bulk_order_is_about_promotions(shop):
    from actions.promotions import asks_about_promotions

    assert asks_about_promotions("你好 我们公司年会要买30个通勤双肩包 有优惠吗")


async def test_a_bargain_on_a_flash_sale_item_named_beside_another_in_focus_says_it_takes_no_coupon(shop):
    """ "这个20000的能便宜点吗" after the magnetic power bank's weight once got "领券下单更划算"."""
    tracker = make_tracker("这个20000的能便宜点吗", "ask_promotion", slots={"product_in_focus": "PB-002"})
    dispatcher = CollectingDispatcher()
    await ActionAnswerPromotion().run(dispatcher, tracker, {})
    assert sent(dispatcher) == ["utter_promotion_no_bargain_flash_sale"], sent(dispatcher)


def test_a_discount_asked_beside_a_gift_wish_is_no_promotion_question(shop):
    from actions.promotions import asks_about_promotions

    assert not asks_about_promotions("想给我妈买件羽绒服 有没有优惠")  # the wish first (the form shows hers)


@pytest.mark.parametrize("text", ["电话18001234567", "预算10000以内"])
def test_a_phone_number_or_a_budget_names_no_product_by_its_number(shop, text):
    from actions.prices import candidates

    assert candidates(text) == []  # not the 1800W hair dryer, not the 10000mAh power bank


async def test_what_comes_off_a_total_right_after_the_coupons_is_that_coupon_alone(shop):
    """ "那我再加一条79的格纹围巾 一共248 能减多少": 满199减20, not also what 299 would take."""
    from actions.handoff import ActionHandleFailure

    text = "那我再加一条79的格纹围巾 一共248 能减多少"
    tracker = make_tracker(text, "nlu_fallback", bot_turn=bot_said("utter_promotion_coupon_below"))
    dispatcher = CollectingDispatcher()
    await ActionHandleFailure().run(dispatcher, tracker, {})
    assert sent(dispatcher) == ["utter_promotion_coupon_reached"], sent(dispatcher)


async def test_a_gift_asked_for_an_amount_after_a_coupon_answer_is_the_gift_not_the_coupon(shop):
    """ "凑到299有啥送的不" right after the coupon for ¥159: what comes with the order, not "已经满299了"."""
    earlier = [user_event("满199减20的券怎么用不了呀 我就买了个159的包", "ask_promotion")]
    turn = [*earlier, *bot_said("utter_promotion_coupon_below")]
    tracker = make_tracker("凑到299有啥送的不", "ask_promotion", bot_turn=turn)
    dispatcher = CollectingDispatcher()
    await ActionAnswerPromotion().run(dispatcher, tracker, {})
    assert sent(dispatcher) == ["utter_promotion_gift"], sent(dispatcher)


@pytest.mark.parametrize("text,gift", [("还送东西不", True), ("还送啥", True), ("送给我妈的", False)])
def test_what_comes_with_a_purchase_is_asked(shop, text, gift):
    from actions.promotions import asks_about_gifts

    assert asks_about_gifts(text) is gift


async def test_a_bargain_read_as_a_complaint_gets_the_price_rule_not_an_apology(shop):
    """ "599有点贵 能少点吗" about the face cream got "抱歉让亲不开心了"."""
    from actions.handoff import ActionAssessRisk

    dispatcher = CollectingDispatcher()
    tracker = make_tracker("599有点贵 能少点吗", "complain", slots={"product_in_focus": "SK-002"})
    await ActionAssessRisk().run(dispatcher, tracker, {})
    assert sent(dispatcher) == ["utter_promotion_no_bargain"]


async def test_a_missing_item_read_as_a_complaint_is_no_bargain(shop):
    """ "你们怎么能少发一件呢": 能少 is a bargain word, but the message tells a missing item."""
    from actions.handoff import ActionAssessRisk

    dispatcher = CollectingDispatcher()
    await ActionAssessRisk().run(dispatcher, make_tracker("你们怎么能少发一件呢", "complain"), {})
    assert "utter_promotion_no_bargain" not in sent(dispatcher)


@pytest.mark.parametrize("text", ["除了围巾 还送什么给我妈合适", "口红买好了 还送点啥给女朋友好"])
def test_what_else_to_give_someone_is_no_question_about_free_gifts(shop, text):
    from actions.promotions import asks_about_gifts

    assert not asks_about_gifts(text)


async def test_another_order_named_with_its_item_after_a_parcel_answer_is_its_parcel_not_the_coupons(shop):
    """ "那还有个口红的 8127…呢" right after a parcel's answer, read as a coupon question, got the coupons."""
    dispatcher = CollectingDispatcher()
    tracker = make_tracker(
        "那还有个口红的 8127740396651203 呢",
        "ask_promotion",
        history=[("7758204319962054 到哪了", "track_parcel")],
        bot_turn=bot_said("utter_parcel_in_transit"),
    )
    await ActionAnswerPromotion().run(dispatcher, tracker, {})
    assert sent(dispatcher) and not any("promotion" in name for name in sent(dispatcher)), sent(dispatcher)
    assert any(m.get("order_id") == "8127740396651203" for m in dispatcher.messages), dispatcher.messages


async def test_how_much_off_for_two_pieces_gets_the_discounts_not_one_prices_coupon(shop):
    """ "两件一起买能优惠多少" on the dress's card got the coupon for the dress's ¥239 alone."""
    dispatcher = CollectingDispatcher()
    tracker = make_tracker("两件一起买能优惠多少", "ask_promotion", slots={"product_in_focus": "DR-001"})
    await ActionAnswerPromotion().run(dispatcher, tracker, {})
    assert sent(dispatcher) == ["utter_promotion"], sent(dispatcher)


async def test_a_mistyped_coupon_still_asks_about_the_coupons(shop):
    """ "我就买了个159的包 能用劵吗 差多少啊" (劵 for 券), not understood, got the backpack recommended."""
    from actions.handoff import ActionHandleFailure

    dispatcher = CollectingDispatcher()
    await ActionHandleFailure().run(dispatcher, make_tracker("我就买了个159的包 能用劵吗 差多少啊", "nlu_fallback"), {})
    assert sent(dispatcher) == ["utter_promotion_coupon_below"], sent(dispatcher)
