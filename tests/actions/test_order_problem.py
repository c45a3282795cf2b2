"""Wrong, missing or damaged items, and the messages read as one that are not."""

import pytest
from rasa_sdk.executor import CollectingDispatcher

from actions.order_problem import ActionAnswerOrderProblem
from actions.recommend import ValidateRecommendForm
from tests.actions.test_recommend import FORM_DOMAIN
from tests.actions.trackers import bot_said, make_tracker, sent


async def test_a_wish_read_as_an_order_problem_shows_the_product_that_meets_it(shop):
    """ "孩子书包太重了 怕压得驼背 有没有护脊的书包" once got "麻烦您拍一下收到的商品" and a login prompt."""
    dispatcher = CollectingDispatcher()
    tracker = make_tracker("孩子书包太重了 怕压得驼背 有没有护脊的书包", "report_order_problem")
    await ActionAnswerOrderProblem().run(dispatcher, tracker, {})
    assert sent(dispatcher) == ["utter_recommend_item"]
    assert "护脊" in dispatcher.messages[0]["name"] + dispatcher.messages[0]["reason"]


async def test_an_item_missing_told_as_a_wish_is_an_order_problem(shop):
    """ "还有上周那单卫衣跟牛仔裤 牛仔裤没收到 就一件卫衣", read as a wish, once got "大概的预算是多少呢?"."""
    dispatcher = CollectingDispatcher()
    tracker = make_tracker("还有上周那单卫衣跟牛仔裤 牛仔裤没收到 就一件卫衣", "request_recommendation")
    await ValidateRecommendForm().run(dispatcher, tracker, FORM_DOMAIN)
    assert sent(dispatcher)[0].startswith("utter_order_problem"), sent(dispatcher)


async def test_a_corrected_order_with_an_item_missing_is_the_order_problem_not_a_loop(shop):
    """ "不是这单 是2864…这单 箱子里没有牛肉干" after a parcel answer: the parcel action sends a missing
    item here, which once sent a corrected order straight back (RecursionError)."""
    from actions.parcel import ActionTrackParcel
    from tests.actions.trackers import bot_said

    tracker = make_tracker(
        "不是这单 是2864407391158826这单 箱子里没有牛肉干",
        "track_parcel",
        slots={"order_id": "6648203197725540"},
        bot_turn=bot_said("utter_parcel_picked_up"),
    )
    dispatcher = CollectingDispatcher()
    await ActionTrackParcel().run(dispatcher, tracker, {})
    assert sent(dispatcher)[0].startswith("utter_order_problem"), sent(dispatcher)


async def test_one_of_two_items_of_an_earlier_order_not_received_is_that_order_missing_an_item(shop):
    """ "还有上次买的卫衣跟牛仔裤 裤子没有收到" after the parcel of another order (6648…) was answered
    got that parcel's place again: 没有收到 was not read as 没收到."""
    from tests.actions.trackers import bot_said

    tracker = make_tracker(
        "还有上次买的卫衣跟牛仔裤 裤子没有收到",
        "report_order_problem",
        slots={"order_id": "6648203197725540"},
        bot_turn=bot_said("utter_parcel_picked_up"),
    )
    dispatcher = CollectingDispatcher()
    events = await ActionAnswerOrderProblem().run(dispatcher, tracker, {})
    assert sent(dispatcher) == ["utter_order_problem_order"], sent(dispatcher)
    assert dispatcher.messages[0]["order_id"] == "8702251946638813"
    assert {"event": "slot", "name": "awaiting_photos", "value": True} in [
        {k: e.get(k) for k in ("event", "name", "value")} for e in events
    ]


async def test_asking_whether_a_delivered_order_came_gets_its_parcel_not_a_request_for_photos(shop):
    """ "之前买的3927716640582219这双童鞋到了吧" (read as a problem) once got "麻烦您拍几张照片"."""
    dispatcher = CollectingDispatcher()
    tracker = make_tracker("之前买的3927716640582219这双童鞋到了吧", "report_order_problem")
    await ActionAnswerOrderProblem().run(dispatcher, tracker, {})
    assert sent(dispatcher) == ["utter_parcel_delivered"], sent(dispatcher)


async def test_doubting_the_parcel_left_at_all_after_its_answer_gets_the_parcel_again(shop):
    """ "你们是不是根本没发啊" right after "仓库已发货,正在等待快递揽收" (read as an order problem):
    the parcel's state once more, not a request for photos of a missing item."""
    from actions.order_problem import ActionAnswerOrderProblem
    from tests.actions.trackers import bot_said

    answered = bot_said("utter_parcel_awaiting_pickup")
    slots = {"order_id": "4721095536680142"}
    tracker = make_tracker("你们是不是根本没发啊", "report_order_problem", slots=slots, bot_turn=answered)
    dispatcher = CollectingDispatcher()
    await ActionAnswerOrderProblem().run(dispatcher, tracker, {})
    assert sent(dispatcher) and all("parcel" in name or "followup" in name for name in sent(dispatcher))


async def test_an_amount_named_right_after_why_a_coupon_fails_is_measured_against_it(shop):
    """ "我就买了个159的包" right after why a coupon does not work (read as an order problem): ¥40
    short of 满199, not a missing item and not the login answer."""
    from actions.order_problem import ActionAnswerOrderProblem
    from tests.actions.trackers import bot_said

    answered = bot_said("utter_promotion_unusable")
    tracker = make_tracker("我就买了个159的包", "report_order_problem", bot_turn=answered)
    dispatcher = CollectingDispatcher()
    await ActionAnswerOrderProblem().run(dispatcher, tracker, {})
    assert sent(dispatcher) == ["utter_promotion_coupon_below"] and dispatcher.messages[0]["gap"] == "40"


async def test_when_it_arrives_after_the_pickup_answer_is_the_parcels_follow_up(shop):
    """ "嗯嗯 好的 大概几天能收到" right after "中通已揽收" (read as an order problem): when it may
    arrive, not a request for photos."""
    from actions.order_problem import ActionAnswerOrderProblem
    from tests.actions.trackers import bot_said

    answered = bot_said("utter_parcel_picked_up")
    tracker = make_tracker("嗯嗯 好的 大概几天能收到", "report_order_problem", slots={"order_id": "7305528816490372"},
                           bot_turn=answered)  # fmt: skip
    dispatcher = CollectingDispatcher()
    await ActionAnswerOrderProblem().run(dispatcher, tracker, {})
    assert sent(dispatcher) and not any(name.startswith("utter_order_problem") for name in sent(dispatcher))
    assert all("parcel" in name or "followup" in name for name in sent(dispatcher)), sent(dispatcher)


async def test_the_order_confirmed_after_more_was_told_is_the_problems_order(shop):
    """ "是这单吧 8702…" after the bot noted more about the missing jeans: that order is confirmed
    for the problem, not its delivery told."""
    from actions.parcel import ActionTrackParcel
    from tests.actions.trackers import bot_said

    answered = bot_said("utter_order_problem_more_told")
    tracker = make_tracker("是这单吧 8702251946638813", "track_parcel", slots={"order_id": "8702251946638813"},
                           entities={"order_id": "8702251946638813"}, bot_turn=answered)  # fmt: skip
    dispatcher = CollectingDispatcher()
    await ActionTrackParcel().run(dispatcher, tracker, {})
    assert sent(dispatcher) == ["utter_order_problem_confirmed"]


async def test_a_wish_with_its_kind_and_budget_read_as_an_order_problem_is_recommended(shop):
    """ "孩子上三年级了 想买个护脊的书包 三百以内" got "麻烦您拍几张照片" and the login answer."""
    from actions.order_problem import ActionAnswerOrderProblem

    dispatcher = CollectingDispatcher()
    tracker = make_tracker("孩子上三年级了 想买个护脊的书包 三百以内", "report_order_problem", metadata={})
    await ActionAnswerOrderProblem().run(dispatcher, tracker, {})
    shown = [m["name"] for m in dispatcher.messages if m["response"] == "utter_recommend_item"]
    prices = {p.name: p for p in shop.list_products()}
    assert shown and all("书包" in name and prices[name].price <= 300 for name in shown)


async def test_another_kind_right_after_a_recommendation_read_as_an_order_problem_is_recommended(shop):
    """ "再给他配件T恤呢" right after a pair of shoes was recommended for a boy."""
    from actions.order_problem import ActionAnswerOrderProblem
    from tests.actions.test_recommend import RECOMMENDED

    last = {"category": "运动鞋", "recipient": "孩子", "budget": "200", "budget_min": 100, "shown": ["SN-003"]}
    tracker = make_tracker("再给他配件T恤呢", "report_order_problem", slots={"last_recommendation": last},
                           bot_turn=RECOMMENDED, metadata={})  # fmt: skip
    dispatcher = CollectingDispatcher()
    await ActionAnswerOrderProblem().run(dispatcher, tracker, {})
    shown = [m["name"] for m in dispatcher.messages if m["response"] == "utter_recommend_item"]
    categories = {p.name: p.category for p in shop.list_products()}
    assert shown and all(categories[name] == "T恤" for name in shown)


async def test_whether_a_named_order_was_sent_read_as_an_order_problem_gets_its_parcel(shop):
    # not "麻烦您拍几张照片…" for an order nothing was said to be wrong with
    dispatcher = CollectingDispatcher()
    tracker = make_tracker("对了我上次买的4417062395810264发了没", "report_order_problem")
    await ActionAnswerOrderProblem().run(dispatcher, tracker, {})
    assert sent(dispatcher) == ["utter_parcel_not_shipped"]


@pytest.mark.parametrize(
    "text, response",
    [
        ("7758204319962054 三件东西是一起发的吗", "utter_parcel_in_transit"),  # once the missing-item answer
        ("7758204319962054 三件东西一起发的 怎么只到了两件", "utter_order_problem_order"),
    ],
)
async def test_whether_items_travel_together_is_a_parcel_question_until_one_is_missing(shop, text, response):
    dispatcher = CollectingDispatcher()
    await ActionAnswerOrderProblem().run(dispatcher, make_tracker(text, "report_order_problem"), {})
    assert sent(dispatcher) == [response]


async def test_one_item_come_and_another_not_told_after_another_orders_answer_is_that_orders_problem(shop):
    """ "还有上次那单 拉拉裤到了 牛肉干没收到" (not understood) after the unshipped order's answer got
    "这句小鹿没看明白": the other order, described by its items, and its missing item."""
    from actions.handoff import ActionHandleFailure
    from tests.actions.trackers import bot_said, owner_metadata

    tracker = make_tracker("还有上次那单 拉拉裤到了 牛肉干没收到", "nlu_fallback",
                           slots={"order_id": "7092264183357710458"}, bot_turn=bot_said("utter_parcel_not_shipped"),
                           metadata=owner_metadata("2864407391158826"))  # fmt: skip
    dispatcher = CollectingDispatcher()
    await ActionHandleFailure().run(dispatcher, tracker, {})
    assert (
        sent(dispatcher) == ["utter_order_problem_order"] and dispatcher.messages[0]["order_id"] == "2864407391158826"
    )


async def test_an_item_asked_after_on_an_order_still_on_its_way_is_its_parcel(shop):
    # 4408… is held up in a backlog: "精华液呢" asks where it is; nothing has arrived to miss from
    dispatcher = CollectingDispatcher()
    tracker = make_tracker("4408827163390572 精华液呢？？", "report_order_problem")
    await ActionAnswerOrderProblem().run(dispatcher, tracker, {})
    assert sent(dispatcher) == ["utter_parcel_exception"]


async def test_another_product_compared_with_the_one_shown_is_compared_not_a_problem(shop):
    """ "那个高速无刷的呢 有啥不一样" right after the 1800W dryer was recommended (read as a problem,
    不一样 as what arrived) once got "麻烦您拍几张照片" and a login prompt."""
    from tests.actions.trackers import bot_said

    last = {"category": "吹风机", "recipient": "老婆", "budget": 1000, "budget_min": 0.0, "needs": [],
            "excluded": [], "shown": ["HR-001"]}  # fmt: skip
    slots = {"last_recommendation": last, "product_in_focus": "HR-001"}
    tracker = make_tracker(
        "那个高速无刷的呢 有啥不一样", "report_order_problem", slots=slots, bot_turn=bot_said("utter_recommend_item")
    )
    dispatcher = CollectingDispatcher()
    await ActionAnswerOrderProblem().run(dispatcher, tracker, {})
    assert sent(dispatcher) == ["utter_recommend_compare"], sent(dispatcher)
    items = dispatcher.messages[0]["items"]
    assert shop.get_product("HR-001").name in items and shop.get_product("HR-002").name in items


@pytest.mark.parametrize("text", ["那单 口红和面膜 为啥没到", "发票到了吗 邮箱没看到"])
def test_why_two_things_have_not_come_is_no_item_missing(text):
    from actions.handoff import DISPATCH_OR_ARRIVAL_WORDS, MISSING_ITEM

    assert not MISSING_ITEM.search(text) and not any(word in text for word in DISPATCH_OR_ARRIVAL_WORDS)


async def test_an_either_or_question_about_the_cards_product_read_as_a_problem_is_answered(shop):
    """ "是一整袋还是小包装的" on the jerky's card (read as an order problem) asked for photos."""
    slots = {"product_in_focus": "FD-002"}
    tracker = make_tracker("是一整袋还是小包装的", "report_order_problem", slots=slots, metadata={"product": "FD-002"})
    dispatcher = CollectingDispatcher()
    await ActionAnswerOrderProblem().run(dispatcher, tracker, {})
    assert sent(dispatcher) == ["utter_product_attribute"] and "小包装" in dispatcher.messages[0]["value"]


async def test_a_kind_wished_for_a_child_read_as_a_problem_is_answered_as_a_wish(shop):
    """ "再给孩子配条围巾" (read as an order problem) asked for photos: no scarf is a child's."""
    dispatcher = CollectingDispatcher()
    await ActionAnswerOrderProblem().run(
        dispatcher, make_tracker("再给孩子配条围巾", "report_order_problem", metadata={}), {}
    )
    assert sent(dispatcher) == ["utter_recommend_none_for_recipient"]


async def test_whether_a_parcel_on_its_way_holds_an_item_is_what_the_order_holds(shop):
    """ "里面有书包吗 我记得买了三样" right after the parcel's answer: nothing can be missing yet."""
    dispatcher = CollectingDispatcher()
    tracker = make_tracker(
        "里面有书包吗 我记得买了三样", "report_order_problem", slots={"order_id": "7758204319962054"}
    )
    await ActionAnswerOrderProblem().run(dispatcher, tracker, {})
    assert sent(dispatcher) == ["utter_order_contents"]
    assert "大容量防泼水通勤双肩包×1" in dispatcher.messages[0]["items"]
    delivered = CollectingDispatcher()
    tracker = make_tracker("里面有牛肉干吗 我没找到", "report_order_problem", slots={"order_id": "2864407391158826"})
    await ActionAnswerOrderProblem().run(delivered, tracker, {})
    assert "utter_order_contents" not in sent(delivered)  # received: a missing item, reshipped
    for told in ("包裹收到了 里面有件衣服是脏的 怎么回事", "刚拿到快递 里面有股怪味 正常吗", "箱子里有根头发 什么情况"):
        arrived = CollectingDispatcher()
        tracker = make_tracker(told, "report_order_problem", slots={"order_id": "7758204319962054"})
        await ActionAnswerOrderProblem().run(arrived, tracker, {})
        assert "utter_order_contents" not in sent(arrived), told  # it is there, whatever the tracking says


@pytest.mark.parametrize(
    "text,slots,before,response",
    [("那个三支装的唇膏呢", {"order_id": "8127740396651203"}, "utter_return_after_arrival",
      "utter_return_special_price"),  # once "麻烦您拍几张照片" for a missing item; after arrival still
     ("哦只有一個色啊 那退吧", {"order_id": "2518864930027745"}, "utter_return_exchange", "utter_return_eligible"),
     ("裤子也顺便换个深蓝色的行吗", {"order_id": "8702251946638813"}, "utter_return_eligible",
      "utter_return_how_to")],  # the order's jeans exchanged too, once only their colours told
)  # fmt: skip
async def test_the_return_gone_on_with_read_as_a_problem_is_the_return(shop, text, slots, before, response):
    from actions.order_problem import ActionAnswerOrderProblem

    dispatcher = CollectingDispatcher()
    tracker = make_tracker(text, "report_order_problem", slots=slots, bot_turn=bot_said(before))
    await ActionAnswerOrderProblem().run(dispatcher, tracker, {})
    assert sent(dispatcher)[:1] == [response], sent(dispatcher)


async def test_the_rule_once_it_arrives_is_not_kept_for_a_return_asked_now(shop):
    """ "能退吗" about the undelivered order after the rule once it arrives: how to stop it now."""
    from actions.returns import ActionAnswerReturnPolicy

    dispatcher = CollectingDispatcher()
    slots = {"order_id": "4630098125547716"}
    tracker = make_tracker(
        "那现在还没到 能直接退吗", "ask_return_policy", slots=slots, bot_turn=bot_said("utter_return_after_arrival")
    )
    await ActionAnswerReturnPolicy().run(dispatcher, tracker, {})
    assert "utter_return_after_arrival" not in sent(dispatcher), sent(dispatcher)


@pytest.mark.parametrize(
    "text,queued",
    [
        ("9904471326658013 两件羽绒服少发了一件 只收到一件", True),  # ¥1,576: above the high amount
        ("9904471326658013 鞋子发错码了 我要的38 来的是40", True),
        ("2864407391158826 拉拉裤到了 牛肉干没看到 是不是漏发了", False),  # an everyday order
    ],
)
async def test_a_wrong_or_missing_item_on_a_high_amount_order_is_a_persons_task_at_once(shop, store, text, queued):
    """As a quality problem there: photos asked for, and a person follows it up at high priority
    while the bot goes on answering; an everyday order waits for the photos first."""
    cid = await store.create_conversation()
    dispatcher = CollectingDispatcher()
    events = await ActionAnswerOrderProblem().run(
        dispatcher, make_tracker(text, "report_order_problem", sender_id=cid), {}
    )
    assert sent(dispatcher)[0] == "utter_order_problem_order" and not any(e["event"] == "pause" for e in events)
    conv = await store.get_conversation(cid)
    assert (conv["mode"] == "queued") is queued
    if queued:
        [ticket] = await store.list_handoffs()
        assert ticket["priority"] == 2 and "高金额订单" in ticket["reasons"], ticket  # high


async def test_a_wrong_colour_told_of_an_order_still_in_the_warehouse_says_nothing_came_yet(shop):
    """ "5580… T恤发错颜色了" on an unshipped order once got "拍几张照片发给我们" for goods not sent."""
    dispatcher = CollectingDispatcher()
    tracker = make_tracker("5580237714096631 T恤发错颜色了", "report_order_problem")
    events = await ActionAnswerOrderProblem().run(dispatcher, tracker, {})
    assert sent(dispatcher) == ["utter_order_problem_unshipped"], sent(dispatcher)
    assert not any(e.get("name") == "awaiting_photos" and e.get("value") for e in events)


@pytest.mark.parametrize("text", ["风衣收到了 好看到爆炸 我妈说绝了 2518864930027745", "收到啦 面膜挺好用的😊"])
async def test_praise_of_what_came_is_thanked_not_apologised_for(shop, text):
    dispatcher = CollectingDispatcher()
    await ActionAnswerOrderProblem().run(dispatcher, make_tracker(text, "report_order_problem"), {})
    assert sent(dispatcher) == ["utter_praise_thanks"], sent(dispatcher)


@pytest.mark.parametrize("text", ["衣服挺好看 就是少了一件", "收到了 不太好用 拉链坏了"])
async def test_praise_beside_a_problem_is_still_the_problem(shop, text):
    dispatcher = CollectingDispatcher()
    await ActionAnswerOrderProblem().run(dispatcher, make_tracker(text, "report_order_problem"), {})
    assert "utter_praise_thanks" not in sent(dispatcher)


async def test_asking_to_reship_after_saying_no_photo_can_be_taken_does_not_ask_for_photos_again(shop):
    dispatcher = CollectingDispatcher()
    tracker = make_tracker(
        "能直接补发吗",
        "report_order_problem",
        slots={"order_id": "8702251946638813", "awaiting_photos": True},
        history=[("8702251946638813 这单少发了 只收到卫衣 牛仔裤没有啊", "report_order_problem")],
        bot_turn=bot_said("utter_photos_cannot"),
    )
    await ActionAnswerOrderProblem().run(dispatcher, tracker, {})
    assert sent(dispatcher) == ["utter_reship_no_photos"], sent(dispatcher)


async def test_a_person_asked_beside_a_doubt_that_it_was_sent_is_a_person(shop, store):
    """ "你们是不是压根没发啊 我要人工" got "麻烦您拍几张照片发给我们"."""
    cid = await store.create_conversation()
    dispatcher = CollectingDispatcher()
    tracker = make_tracker(
        "你们是不是压根没发啊 我要人工", "report_order_problem", slots={"order_id": "5871236640918832"}, sender_id=cid
    )
    await ActionAnswerOrderProblem().run(dispatcher, tracker, {})
    assert not any(name.startswith("utter_order_problem") for name in sent(dispatcher)), sent(dispatcher)
    assert [ticket["conversation_id"] for ticket in await store.list_handoffs()] == [cid]


async def test_where_to_send_it_after_the_quality_rule_is_the_return_address_alone(shop):
    """ "那东西寄哪里" after the strap's quality rule got the missing-item answer (photos of the slip)."""
    from actions.order_problem import ActionAnswerOrderProblem

    said = bot_said("utter_return_quality", "utter_return_quality_evidence", "utter_return_note")
    tracker = make_tracker(
        "那东西寄哪里", "report_order_problem", slots={"order_id": "5263390817724456"}, bot_turn=said
    )
    dispatcher = CollectingDispatcher()
    await ActionAnswerOrderProblem().run(dispatcher, tracker, {})
    assert sent(dispatcher) == ["utter_return_note"], sent(dispatcher)


async def test_which_courier_an_order_went_by_read_as_a_wrong_item_is_its_parcel(shop):
    """ "我那件夹克发的啥快递" (发的啥, read as a wrong item) got "非常抱歉…拍几张照片": a parcel question."""
    from tests.actions.trackers import owner_metadata

    tracker = make_tracker("我那件夹克发的啥快递", "report_order_problem", metadata=owner_metadata("4893307152264918"))
    dispatcher = CollectingDispatcher()
    await ActionAnswerOrderProblem().run(dispatcher, tracker, {})
    # the shopper has several orders: the number asked, as for "我的夹克到哪了"; no apology, no photos
    assert sent(dispatcher) == ["utter_ask_order_id"], sent(dispatcher)
