"""Product questions: the named product's page price, never invented."""

import pytest
from rasa_sdk.executor import CollectingDispatcher

from actions.prices import asks_price, find_product
from actions.products import ActionAnswerProductInfo
from tests.actions.trackers import TWO_RUNNING_SHOES_SHOWN, bot_said, make_tracker, owner_metadata, sent, user_event


async def ask(text, slots=None):
    dispatcher = CollectingDispatcher()
    await ActionAnswerProductInfo().run(dispatcher, make_tracker(text, "ask_product_info", slots=slots), {})
    return dispatcher


@pytest.mark.parametrize(
    "text,name,price",
    [("那个电热水壶多少钱", "304不锈钢电热水壶 1.7L", "89"), ("养生壶啥价", "多功能恒温养生壶 1.5L", "199")],
)
async def test_a_named_product_gets_its_page_price(shop, text, name, price):
    dispatcher = await ask(text)
    assert sent(dispatcher) == ["utter_product_price"]
    assert (dispatcher.messages[0]["name"], dispatcher.messages[0]["price"]) == (name, price)


async def test_a_product_just_recommended_wins_a_tie(shop):
    # both 吹风机 share as many characters with the question; the one shown just now is meant
    shown = next(p for p in shop.list_products("吹风机") if p.name == "高速无刷电机吹风机")
    dispatcher = await ask("那个吹风机多少钱", {"last_recommendation": {"shown": [shown.sku]}})
    assert dispatcher.messages[0]["name"] == "高速无刷电机吹风机"


async def test_without_a_product_it_says_where_details_are(shop):
    assert sent(await ask("这个多少钱")) == ["utter_product_info_generic"]


@pytest.mark.parametrize("text", ["有没有价格100左右的零食", "价格200以内吧"])
async def test_a_budget_is_not_a_price_question(shop, text):
    assert not asks_price(text)


async def test_digits_match_no_product_name(shop):
    assert find_product("那个100g的多少钱") is None  # not the 泥膜 100g
    assert find_product("20000的多少钱") is None  # not the 20000mAh power bank


# ---------------------------------------------------------------- attributes


def product(shop, name):
    return next(p for p in shop.list_products() if p.name == name)


async def test_an_attribute_of_the_named_product_is_read_from_the_catalogue(shop):
    kettle = product(shop, "304不锈钢电热水壶 1.7L")
    dispatcher = await ask("电热水壶是什么材质的")
    assert sent(dispatcher) == ["utter_product_attribute"]
    message = dispatcher.messages[0]
    assert (message["name"], message["attribute"], message["value"]) == (kettle.name, "材质", kettle.attribute("材质"))


async def test_the_card_the_chat_was_opened_from_is_the_product_in_focus(shop):
    dress = product(shop, "法式碎花雪纺连衣裙")
    dispatcher = CollectingDispatcher()
    tracker = make_tracker("这个什么面料 能机洗吗", "ask_product_info", metadata={"product": dress.sku})
    events = await ActionAnswerProductInfo().run(dispatcher, tracker, {})
    assert sent(dispatcher) == ["utter_product_attribute", "utter_product_attribute"]
    assert [m["attribute"] for m in dispatcher.messages] == ["材质", "洗涤"]
    assert {"event": "slot", "name": "product_in_focus", "value": dress.sku, "timestamp": None} in events


async def test_a_size_question_says_sizes_are_only_a_reference(shop):
    dress = product(shop, "法式碎花雪纺连衣裙")
    dispatcher = await ask("偏大还是偏小", {"product_in_focus": dress.sku})
    assert sent(dispatcher) == ["utter_product_attribute", "utter_product_size_note"]


async def test_an_attribute_the_catalogue_lacks_is_not_invented_and_a_person_is_offered(shop):
    kettle = product(shop, "304不锈钢电热水壶 1.7L")
    assert kettle.attribute("尺码") is None
    dispatcher = CollectingDispatcher()
    events = await ActionAnswerProductInfo().run(
        dispatcher, make_tracker("这个偏大偏小", "ask_product_info", slots={"product_in_focus": kettle.sku}), {}
    )
    assert sent(dispatcher) == ["utter_product_attribute_unknown"]
    assert {"event": "slot", "name": "offer", "value": "human", "timestamp": None} in events


async def test_an_unclear_product_is_asked_with_buttons_and_the_choice_answers(shop):
    dispatcher = CollectingDispatcher()
    events = await ActionAnswerProductInfo().run(dispatcher, make_tracker("羽绒服能机洗吗", "ask_product_info"), {})
    assert sent(dispatcher) == ["utter_ask_which_product"]
    buttons = dispatcher.messages[0]["buttons"]
    assert len(buttons) >= 2 and all("羽绒服" in b["title"] for b in buttons)
    slots = {e["name"]: e["value"] for e in events if e["event"] == "slot"}
    assert slots["asked_attributes"] == ["洗涤"] and slots["pending_topic"] == "product_info"
    chosen = shop.get_product(buttons[1]["payload"].split('"')[3])
    # the click carries the SKU as an entity: the washing question is answered for that coat
    dispatcher = CollectingDispatcher()
    tracker = make_tracker(buttons[1]["payload"], "ask_product_info", entities={"product": chosen.sku}, slots=slots)
    await ActionAnswerProductInfo().run(dispatcher, tracker, {})
    assert sent(dispatcher) == ["utter_product_attribute"]
    assert (dispatcher.messages[0]["name"], dispatcher.messages[0]["value"]) == (chosen.name, chosen.attribute("洗涤"))


async def test_a_newly_opened_card_wins_over_the_product_talked_about(shop):
    dress, kettle = product(shop, "法式碎花雪纺连衣裙"), product(shop, "304不锈钢电热水壶 1.7L")
    slots = {"product_in_focus": kettle.sku, "product_card": kettle.sku}
    dispatcher = CollectingDispatcher()
    tracker = make_tracker("这个啥材质", "ask_product_info", slots=slots, metadata={"product": dress.sku})
    await ActionAnswerProductInfo().run(dispatcher, tracker, {})
    assert dispatcher.messages[0]["name"] == dress.name


async def test_the_only_product_just_recommended_is_the_one_asked_about(shop):
    """ "防滑嗎" right after one pair of shoes was recommended is about those shoes."""
    shoes = next(p for p in shop.list_products() if p.name == "中老年防滑软底健步鞋")
    dispatcher = await ask("防滑嗎 他腿腳不太好", {"last_recommendation": {"shown": [shoes.sku]}})
    assert sent(dispatcher) == ["utter_product_attribute"]
    assert dispatcher.messages[0]["name"] == shoes.name and "防滑" in dispatcher.messages[0]["value"]


async def test_one_attribute_of_two_products_just_recommended_is_answered_for_both(shop):
    """ "哪里产的" right after two hair dryers were shown: where each is made, as a person would
    answer, not "亲想了解哪一款呢?"."""
    shown = [p.sku for p in shop.list_products("吹风机")][:2]
    dispatcher = await ask("哪里产的", {"last_recommendation": {"shown": shown}})
    assert sent(dispatcher) == ["utter_product_attribute"] * 2
    assert [m["name"] for m in dispatcher.messages] == [shop.get_product(sku).name for sku in shown]
    assert all(m["attribute"] == "产地" for m in dispatcher.messages)


async def test_many_attributes_of_two_products_just_recommended_asks_which(shop):
    """Three attributes of two products would be six bubbles: "亲想了解哪一款呢?" instead."""
    shown = [p.sku for p in shop.list_products("吹风机")][:2]
    dispatcher = await ask("哪里产的 保修多久 多重", {"last_recommendation": {"shown": shown}})
    assert sent(dispatcher) == ["utter_ask_which_product"]


async def test_an_attribute_word_that_names_a_category_asks_about_the_card(shop):
    """ "有礼盒包装吗" on a lipstick's card asked "哪一款" among the gift boxes."""
    dispatcher = CollectingDispatcher()
    tracker = make_tracker("送女朋友的 有礼盒包装吗", "ask_product_info", metadata={"product": "LS-001"})
    await ActionAnswerProductInfo().run(dispatcher, tracker, {})
    assert dispatcher.messages[0]["name"] == shop.get_product("LS-001").name


async def test_pilling_is_not_answered_with_the_material(shop):
    """ "真丝的会不会起球啊" got only the dress's 材质 again; the catalogue does not say, so the bot says so."""
    dispatcher = await ask("真丝的会不会起球啊", {"product_in_focus": "DR-002"})
    unknown = [m for m in dispatcher.messages if m["response"] == "utter_product_attribute_unknown"]
    assert unknown and unknown[0]["attribute"] == "起球"


@pytest.mark.parametrize("text", ["冬天在北京穿够不够暖", "北方零下十几度 这个够暖吗"])
async def test_is_it_warm_enough_on_a_down_jacket_reads_where_it_is_meant_to_be_worn(shop, text):
    """ "冬天在北京穿够不够暖" on a 羽绒服's card was not understood; "北方零下十几度 这个够暖吗" got
    only its 充绒量: where the shop says it is meant to be worn answers it (not for northern cold)."""
    dispatcher = CollectingDispatcher()
    tracker = make_tracker(text, "ask_product_info", slots={"product_in_focus": "DJ-001"})
    await ActionAnswerProductInfo().run(dispatcher, tracker, {})
    product = shop.get_product("DJ-001")
    assert product.attribute("适用场景") in " ".join(m.get("text") or str(m) for m in dispatcher.messages)


@pytest.mark.parametrize(
    ("text", "order_id", "sku", "attribute"),
    [("那算了 你们这个文胸码偏大还是偏小", "4195528730661347", "UW-001", "尺码"),
     ("那这个充电宝能带上飞机吗", "5708826319940471", "PB-001", "登机")],
)  # fmt: skip
async def test_the_product_of_the_order_talked_about_is_the_one_asked_about(shop, text, order_id, sku, attribute):
    """After its return or price protection, "这个充电宝" is the one bought, not "亲想了解哪一款呢?"."""
    dispatcher = CollectingDispatcher()
    tracker = make_tracker(text, "ask_product_info", slots={"order_id": order_id})
    await ActionAnswerProductInfo().run(dispatcher, tracker, {})
    first = dispatcher.messages[0]
    assert first["response"] == "utter_product_attribute" and first["name"] == shop.get_product(sku).name
    assert first["attribute"] == attribute


async def test_one_size_up_is_a_size_question(shop):
    """ "我平时穿M 里面想穿厚毛衣 要拿大一码不" on a down jacket's card got its summary."""
    dispatcher = CollectingDispatcher()
    tracker = make_tracker(
        "我平时穿M 里面想穿厚毛衣 要拿大一码不", "ask_product_info", slots={"product_in_focus": "DJ-001"}
    )
    await ActionAnswerProductInfo().run(dispatcher, tracker, {})
    assert (
        dispatcher.messages[0]["response"] == "utter_product_attribute"
        and dispatcher.messages[0]["attribute"] == "尺码"
    )


async def test_a_product_named_by_its_tag_gets_its_own_attribute(shop):
    """ "那个白泥泥膜" shares only two characters with the clay mask's name, but names its tag 泥膜."""
    dispatcher = await ask("那个白泥泥膜 油皮能用吗")
    assert sent(dispatcher) == ["utter_product_attribute"] and "油性" in dispatcher.messages[0]["value"]


def test_a_tag_pointed_at_names_its_product_though_it_is_an_attribute_word(shop):
    """ "礼盒那个多少钱" got "哪一款呢": 礼盒 also asks 包装 ("有礼盒吗"), but "礼盒那个" points at one."""
    from actions.prices import candidates

    assert [p.name for p in candidates("礼盒那个多少钱 带手提袋吗")] == ["经典正红口红礼盒 四支装"]


async def test_a_wish_for_a_feature_only_one_product_has_names_that_product(shop):
    dispatcher = await ask("他腿脚不太好 有没有防滑的鞋")
    assert dispatcher.messages[0]["name"] == "中老年防滑软底健步鞋"


async def test_a_feature_asked_of_a_kind_with_several_products_asks_which(shop):
    """ "跑鞋防滑吗": 防滑 is the question about a shoe, not the name of the walking shoes."""
    dispatcher = await ask("跑鞋防滑吗")
    assert sent(dispatcher) == ["utter_ask_which_product"] and len(dispatcher.messages[0]["buttons"]) > 1


async def test_two_words_read_as_the_same_attribute_get_one_line(shop):
    """ "透不透 闷不闷" both read the dress's 材质: one bubble, not the same one twice."""
    dispatcher = await ask("这裙子透不透 夏天穿闷不闷", {"product_in_focus": "DR-001"})
    assert sent(dispatcher) == ["utter_product_attribute"]


async def test_what_comes_with_a_gift_box_is_read_from_its_specification(shop):
    dispatcher = await ask("有手提袋没 想直接拿去送", {"product_in_focus": "LS-003"})
    assert sent(dispatcher) == ["utter_product_attribute"] and "手提袋" in dispatcher.messages[0]["value"]


async def test_an_attribute_of_a_kind_the_shop_has_two_of_is_answered_for_both(shop):
    dispatcher = await ask("充电宝能带上飞机吗 他经常出差")
    assert sent(dispatcher) == ["utter_product_attribute", "utter_product_attribute"]
    assert {m["name"] for m in dispatcher.messages} == {"20000mAh 22.5W快充充电宝", "磁吸无线充电宝 10000mAh"}


@pytest.mark.parametrize("text", ["羽绒服能机洗吗", "这卫衣起球吗"])  # four down jackets; neither hoodie says
async def test_an_attribute_of_a_kind_the_shop_has_many_of_or_does_not_know_asks_which_one(shop, text):
    dispatcher = await ask(text)
    assert sent(dispatcher) == ["utter_ask_which_product"]


async def test_a_number_in_the_name_tells_two_products_apart(shop):
    dispatcher = await ask("你们家那个20000毫安的充电宝 能带上飞机不")
    assert set(sent(dispatcher)) == {"utter_product_attribute"}
    assert all(message["name"].startswith("20000mAh") for message in dispatcher.messages)


async def test_a_product_just_shown_is_named_by_its_price(shop):
    last = TWO_RUNNING_SHOES_SHOWN
    dispatcher = await ask("那个299的 他平时穿42 偏大还是偏小", {"last_recommendation": last})
    assert dispatcher.messages[0]["name"] == "轻便透气缓震跑步鞋" and "utter_ask_which_product" not in sent(dispatcher)


async def test_an_attribute_just_given_asked_again_in_other_words_is_said_to_be_that_answer(shop):
    """ "能放微波炉吗" right after "奶瓶能用开水烫吗" (both 消毒): not the same line twice."""
    focus = {"product_in_focus": "BT-001"}
    first = CollectingDispatcher()
    await ActionAnswerProductInfo().run(first, make_tracker("奶瓶能用开水烫吗", "ask_product_info", slots=focus), {})
    assert sent(first) == ["utter_product_attribute"] and "微波炉" in first.messages[0]["value"]
    said = [{"event": "bot", "text": "亲,PPSU宽口径防胀气奶瓶 240ml的消毒:耐高温,可蒸汽或煮沸消毒,不建议微波炉加热"}]
    again = CollectingDispatcher()
    tracker = make_tracker("能放微波炉吗", "ask_product_info", slots=focus, bot_turn=said)
    await ActionAnswerProductInfo().run(again, tracker, {})
    assert sent(again) == ["utter_product_attribute_again"] and "微波炉" in again.messages[0]["value"]


async def test_a_defect_told_about_a_product_is_a_quality_problem_not_its_washing_advice(shop):
    dispatcher = await ask("牛仔裤洗了一次就掉色掉得厉害")
    assert "utter_product_attribute" not in sent(dispatcher) and "utter_sorry_for_trouble" in sent(dispatcher)
    asked = await ask("牛仔裤会掉色吗", slots={"product_in_focus": "JN-002"})
    assert sent(asked)[0].startswith("utter_product_attribute")  # asked, not told
    # whether the defect told counts is no question about the product
    counts = await ask("牛肉干有几个小包装漏气了 这算质量问题吧", slots={"order_id": "2864407391158826"})
    assert "utter_product_attribute" not in sent(counts) and "utter_sorry_for_trouble" in sent(counts)
    before_buying = await ask("买回去要是掉色 属于质量问题吗", slots={"product_in_focus": "JN-002"})
    assert "utter_sorry_for_trouble" not in sent(before_buying)  # asked before buying: nothing happened


async def test_the_one_product_of_the_order_talked_about_is_the_product_asked_about(shop):
    """ "这壶能煮花茶吗" after the price drop of the kettle's order: that kettle's 功能 from the
    catalogue, not "商品详情页都有写"."""
    dispatcher = await ask("这壶能煮花茶吗", slots={"order_id": "6051183427769934"})
    assert sent(dispatcher) == ["utter_product_attribute"]
    assert dispatcher.messages[0]["name"] == "多功能恒温养生壶 1.5L" and "花茶" in dispatcher.messages[0]["value"]


async def test_the_second_of_two_products_just_shown_is_the_one_asked_about(shop):
    """ "第二个呢 是啥材质的" right after two running shoes were shown: the second one's 材质."""
    dispatcher = await ask("第二个呢 是啥材质的", slots={"last_recommendation": TWO_RUNNING_SHOES_SHOWN})
    assert sent(dispatcher) == ["utter_product_attribute"] and dispatcher.messages[0]["attribute"] == "材质"
    assert dispatcher.messages[0]["name"] == shop.get_product("SN-001").name


async def test_how_big_to_choose_for_shoes_reads_their_sizes(shop):
    """ "他平时穿42码 选多大" about running shoes, which have 尺码 and no 尺寸: their 尺码, not "没有准确信息"."""
    dispatcher = await ask("他平时穿42码 选多大", slots={"product_in_focus": "SN-001"})
    assert "utter_product_attribute_unknown" not in sent(dispatcher)
    assert any("39到45码" in str(message.get("value")) for message in dispatcher.messages)


async def test_a_gift_box_asked_of_a_product_without_one_is_not_answered_with_its_size(shop):
    """ "有礼盒吗 要送人的" about the skincare set: the catalogue says nothing of its packing, so the
    bot says so (and offers a person), not "规格:爽肤水120ml+乳液100ml"."""
    dispatcher = await ask("有礼盒吗 要送人的", {"product_in_focus": "SK-001"})
    assert sent(dispatcher)[0] == "utter_product_attribute_unknown" and dispatcher.messages[0]["attribute"] == "包装"


async def test_which_school_grade_a_bag_suits_is_who_it_is_for(shop):
    """ "适合几年级" about the school bag just shown once started a recommendation ("哪一类商品呢")."""
    from actions.recommend import ValidateRecommendForm
    from tests.actions.test_recommend import FORM_DOMAIN

    dispatcher = CollectingDispatcher()
    tracker = make_tracker("适合几年级", "request_recommendation", slots={"product_in_focus": "BP-002"})
    await ValidateRecommendForm().run(dispatcher, tracker, FORM_DOMAIN)
    assert sent(dispatcher) == ["utter_product_attribute"]
    assert "1到6年级" in str(dispatcher.messages[0])


async def test_whether_a_laptop_fits_the_backpack_is_its_capacity(shop):
    """ "能放电脑吗 我的是15.6的" on the backpack's card once got its outer size only."""
    dispatcher = await ask("能放电脑吗 我的是15.6的", slots={"product_in_focus": "BP-001"})
    assert "15.6" in str(dispatcher.messages[0]), dispatcher.messages


async def test_whether_a_small_child_may_eat_the_nuts_of_the_order_is_their_allergy_note(shop):
    """ "3岁宝宝能吃吗" (not understood) after the nuts' parcel and the shopper's thanks: the
    catalogue's "3岁以下儿童不建议食用整粒坚果", not "没看明白"."""
    from actions.handoff import ActionHandleFailure

    dispatcher = CollectingDispatcher()
    tracker = make_tracker("3岁宝宝能吃吗", "nlu_fallback", slots={"order_id": "2284671903358812"})
    await ActionHandleFailure().run(dispatcher, tracker, {})
    assert sent(dispatcher) == ["utter_product_attribute"] and "3岁以下" in dispatcher.messages[0]["value"]


async def test_a_question_right_after_two_were_shown_is_about_them_not_the_order_talked_about(shop):
    """ "油皮能用吗" right after a cream and a lotion set were recommended, in a chat about the
    lotion set's order: both are answered, not only the lotion set of the order."""
    from tests.actions.trackers import bot_said

    last = {"category": "护肤品", "recipient": "妈妈", "budget": "600", "budget_min": 0, "shown": ["SK-002", "SK-001"]}
    dispatcher = CollectingDispatcher()
    tracker = make_tracker(
        "油皮能用吗", "ask_product_info", slots={"last_recommendation": last, "order_id": "4316659028873318"},
        bot_turn=bot_said("utter_recommend_item", "utter_recommend_item"),
    )  # fmt: skip
    await ActionAnswerProductInfo().run(dispatcher, tracker, {})
    names = [shop.get_product(sku).name for sku in ("SK-002", "SK-001")]
    assert [m["name"] for m in dispatcher.messages] == names


async def test_a_bigger_size_for_shoes_received_is_an_exchange_not_their_sizes(shop):
    """ "换大一码行不" after the return answer for the kids' shoes received got their size chart."""
    dispatcher = await ask("换大一码行不", {"order_id": "3927716640582219"})
    assert sent(dispatcher) and sent(dispatcher)[0].startswith("utter_return"), sent(dispatcher)


async def test_the_size_tip_is_not_repeated_right_after_a_recommendation_gave_it(shop):
    """ "偏大还是偏小" right after the recommendation's size note: the sizes, not the 运费险 tip again."""
    from tests.actions.trackers import bot_said

    dispatcher = CollectingDispatcher()
    tracker = make_tracker(
        "偏大还是偏小", "ask_product_info", slots={"product_in_focus": "SN-001"},
        bot_turn=bot_said("utter_recommend_item", "utter_recommend_size_note"),
    )  # fmt: skip
    await ActionAnswerProductInfo().run(dispatcher, tracker, {})
    assert sent(dispatcher) == ["utter_product_attribute"]


async def test_a_products_full_name_typed_after_which_one_answers_the_question_waiting(shop):
    """ "中老年加厚连帽羽绒服" typed after "羽绒服能机洗吗" → "哪一款呢?" got its 设计 (连帽 in its
    name), and the 洗涤 asked had to be asked again."""
    jacket = next(p for p in shop.list_products("羽绒服") if p.name == "中老年加厚连帽羽绒服")
    slots = {"pending_topic": "product_info", "asked_attributes": ["洗涤"]}
    dispatcher = await ask(jacket.name, slots)
    assert sent(dispatcher) == ["utter_product_attribute"] and dispatcher.messages[0]["attribute"] == "洗涤"


SNACKS_SHOWN = {"category": "零食", "recipient": None, "budget": 100, "budget_min": 0.0, "shown": ["FD-002", "FD-003"]}
OILY_SKIN_SHOWN = {
    "category": "不限",
    "recipient": "男朋友",
    "budget": 100,
    "budget_min": 0.0,
    "shown": ["MK-002", "SK-003"],
}


@pytest.mark.parametrize(
    "text,intent,last,name",
    [
        ("第二个呢 多少包", "ask_product_info", SNACKS_SHOWN, "网红零食大礼包 40包"),  # 包 is not the bags
        ("第二个呢 咋用", "track_parcel", OILY_SKIN_SHOWN, "男士氨基酸控油洁面乳"),  # read as a parcel's
    ],
)
async def test_the_second_one_just_shown_is_the_one_asked_about(shop, text, intent, last, name):
    from actions.parcel import ActionTrackParcel

    action = ActionTrackParcel() if intent == "track_parcel" else ActionAnswerProductInfo()
    dispatcher = CollectingDispatcher()
    tracker = make_tracker(text, intent, slots={"last_recommendation": last}, bot_turn=bot_said("utter_recommend_item"))
    await action.run(dispatcher, tracker, {})
    assert sent(dispatcher) == ["utter_product_attribute"] and dispatcher.messages[0]["name"] == name, (
        dispatcher.messages
    )


async def test_how_many_in_a_pack_after_two_nappies_is_about_them_not_the_bags(shop):
    last = {"category": "纸尿裤", "recipient": "宝宝", "budget": 300, "budget_min": 0.0, "shown": ["DP-001", "DP-002"]}
    dispatcher = CollectingDispatcher()
    tracker = make_tracker(
        "一包多少片", "ask_product_info", slots={"last_recommendation": last}, bot_turn=bot_said("utter_recommend_item")
    )
    await ActionAnswerProductInfo().run(dispatcher, tracker, {})
    assert {m.get("name", "")[:2] for m in dispatcher.messages} == {"婴儿"}, dispatcher.messages


@pytest.mark.parametrize("intent", ["nlu_fallback", "ask_return_policy", "ask_product_info"])
async def test_a_guarantee_asked_about_the_product_in_focus_is_not_promised(shop, store, intent):
    """ "能保证穿了不冷吗" about the down coat just described: how it feels depends on the
    shopper, so the bot says so (not "没太理解", not the return policy)."""
    from actions.handoff import ActionHandleFailure
    from actions.returns import ActionAnswerReturnPolicy

    actions = {"nlu_fallback": ActionHandleFailure, "ask_return_policy": ActionAnswerReturnPolicy}
    action = actions.get(intent, ActionAnswerProductInfo)()
    described = bot_said("utter_product_attribute")
    tracker = make_tracker("能保证穿了不冷吗", intent, slots={"product_in_focus": "DJ-002"}, bot_turn=described)
    dispatcher = CollectingDispatcher()
    await action.run(dispatcher, tracker, {})
    assert sent(dispatcher) == ["utter_product_no_guarantee"]
    assert dispatcher.messages[0]["name"] == shop.get_product("DJ-002").name


async def test_the_cards_kind_named_after_another_product_is_the_cards_product(shop):
    """ "这条裙子有啥颜色" in a chat opened from the mother's dress card, after questions about a
    down coat: the dress of the card, not "哪一款" among all the dresses."""
    slots = {"product_card": "DR-002", "product_in_focus": "DJ-003"}
    tracker = make_tracker("这条裙子有啥颜色", "ask_product_info", slots=slots, metadata={"product": "DR-002"})
    dispatcher = CollectingDispatcher()
    await ActionAnswerProductInfo().run(dispatcher, tracker, {})
    assert (
        sent(dispatcher) == ["utter_product_attribute"]
        and dispatcher.messages[0]["name"] == shop.get_product("DR-002").name
    )


async def test_a_kind_named_after_two_of_its_three_were_shown_is_answered_for_those_two(shop):
    """ "好的 刚才口红那个 有礼盒吗" after two lipsticks were recommended (and a parcel question
    between): answered for the two shown, not "哪一款" among all three."""
    shown = ["LS-003", "LS-001"]
    last = {"category": "口红", "recipient": "女朋友", "budget": "500", "budget_min": 0, "shown": shown}
    slots = {"last_recommendation": last, "order_id": "2957730184426609"}
    answered = bot_said("utter_parcel_awaiting_pickup")
    tracker = make_tracker("好的 刚才口红那个 有礼盒吗", "ask_product_info", slots=slots, bot_turn=answered)
    dispatcher = CollectingDispatcher()
    await ActionAnswerProductInfo().run(dispatcher, tracker, {})
    assert "utter_ask_which_product" not in sent(dispatcher)
    assert any("礼盒" in str(m.get("value")) for m in dispatcher.messages)


async def test_when_a_bought_product_arrives_is_its_orders_parcel(shop):
    """ "刚才那个跑步鞋呢 啥时候能到" (read as a product question) from the shopper whose order on
    its way holds the running shoes: that order's parcel, not the shoes' description."""
    dispatcher = CollectingDispatcher()
    tracker = make_tracker("刚才那个跑步鞋呢 啥时候能到", "ask_product_info", slots={"order_id": "6374409218856630"})
    await ActionAnswerProductInfo().run(dispatcher, tracker, {})
    assert dispatcher.messages[0].get("order_id") == "5502819946637128", sent(dispatcher)


@pytest.mark.parametrize(
    ("text", "focus", "attribute"),
    [("是魔术贴的吗 她弯腰系鞋带费劲", "SN-002", "穿脱方式"),  # not the children's 魔术贴 shoes
     ("多大容量", "KT-001", "容量")],  # not the 大容量 backpack
)  # fmt: skip
async def test_words_that_also_describe_the_product_in_focus_ask_about_it(shop, text, focus, attribute):
    tracker = make_tracker(text, "ask_product_info", slots={"product_in_focus": focus})
    dispatcher = CollectingDispatcher()
    await ActionAnswerProductInfo().run(dispatcher, tracker, {})
    assert dispatcher.messages[0].get("name") == shop.get_product(focus).name, dispatcher.messages


async def test_two_products_of_a_kind_named_by_a_word_each_are_compared(shop):
    # "羊绒" and "格纹" each name one scarf, with too few characters for a name match
    dispatcher = await ask("羊绒围巾和格纹那条有啥区别啊")
    assert sent(dispatcher) == ["utter_recommend_compare"]
    items = dispatcher.messages[0]["items"]
    assert "山羊绒纯色围巾(¥399)" in items and "针织格纹保暖围巾(¥79)" in items


async def test_the_other_product_of_the_kind_pointed_at_is_priced_not_the_focus(shop):
    cashmere = product(shop, "山羊绒纯色围巾")
    tartan = product(shop, "针织格纹保暖围巾")
    dispatcher = await ask("羊绒那条多少钱", {"product_in_focus": tartan.sku})
    assert sent(dispatcher) == ["utter_product_price"]
    assert (dispatcher.messages[0]["name"], dispatcher.messages[0]["price"]) == (cashmere.name, "399")
    # a word of the other's name that is not pointed at asks about the focus ("保暖吗")
    assert dispatcher_names(await ask("保暖吗", {"product_in_focus": cashmere.sku})) == [cashmere.name]


def dispatcher_names(dispatcher):
    return [message.get("name") for message in dispatcher.messages]


async def test_a_product_named_with_a_material_word_is_asked_about_not_the_focus(shop):
    # 羊绒 is a word for 材质, but with 机洗 asked besides, 山羊绒围巾 names the other scarf
    cashmere, tartan = product(shop, "山羊绒纯色围巾"), product(shop, "针织格纹保暖围巾")
    dispatcher = await ask("那条山羊绒围巾能机洗吗", {"product_in_focus": tartan.sku})
    said = [(m["name"], m["attribute"]) for m in dispatcher.messages]
    assert said == [(cashmere.name, "洗涤")]


async def test_a_product_of_another_kind_named_on_a_card_is_the_one_asked_about(shop):
    # 补水 is in the lotion set's name too, but 面膜 names the mask's kind
    mask = product(shop, "玻尿酸补水保湿面膜 10片装")
    dispatcher = await ask("那个补水面膜一盒几片", {"product_in_focus": "SK-001"})
    assert [(m["name"], m["attribute"]) for m in dispatcher.messages] == [(mask.name, "规格")]


@pytest.mark.parametrize("text,cheaper", [("那要便宜那双吧 他穿42 选多大", True), ("贵的那双呢 他穿42 选多大", False)])
async def test_one_of_the_products_shown_is_pointed_at_by_its_price(shop, text, cheaper):
    from actions.promotions import ActionAnswerPromotion  # "便宜" reads as a coupon question to the NLU

    shown = sorted((shop.get_product(sku) for sku in TWO_RUNNING_SHOES_SHOWN["shown"]), key=lambda p: p.price)
    dispatcher = CollectingDispatcher()
    tracker = make_tracker(text, "ask_promotion", slots={"last_recommendation": TWO_RUNNING_SHOES_SHOWN})
    await ActionAnswerPromotion().run(dispatcher, tracker, {})
    assert sent(dispatcher)[0] == "utter_product_attribute"
    assert dispatcher.messages[0]["name"] == (shown[0] if cheaper else shown[-1]).name


async def test_a_word_of_another_products_name_that_is_not_pointed_at_asks_about_the_focus(shop):
    # "有礼盒包装吗 送人的" on the matte lipstick's card: its packing (not listed), not the gift box's
    dispatcher = await ask("有礼盒包装吗 送人的", {"product_in_focus": "LS-001"})
    assert sent(dispatcher) == ["utter_product_attribute_unknown"]
    assert dispatcher.messages[0]["name"] == shop.get_product("LS-001").name


async def test_one_of_two_products_just_compared_is_pointed_at_by_a_word_of_its_name(shop):
    compared = [{"event": "bot", "text": "亲,这几款的区别是这样的:山羊绒纯色围巾(¥399):…;针织格纹保暖围巾(¥79):…",
                 "metadata": {"utter_action": "utter_recommend_compare"}}]  # fmt: skip
    tracker = make_tracker("羊绒那条多少钱", "ask_product_info", bot_turn=compared)
    dispatcher = CollectingDispatcher()
    await ActionAnswerProductInfo().run(dispatcher, tracker, {})
    assert sent(dispatcher) == ["utter_product_price"] and dispatcher.messages[0]["price"] == "399"


async def test_the_weight_asked_of_the_other_one_by_a_word_of_its_name_is_that_ones(shop):
    """ "那碳板那双呢 重不" on the light running shoes' card, after their weight: not understood."""
    from actions.handoff import ActionHandleFailure

    turn = bot_said("utter_product_attribute")
    tracker = make_tracker("那碳板那双呢 重不", "nlu_fallback", metadata={"product": "SN-001"}, bot_turn=turn)
    dispatcher = CollectingDispatcher()
    await ActionHandleFailure().run(dispatcher, tracker, {})
    carbon = shop.get_product("SN-004")
    assert sent(dispatcher) == ["utter_product_attribute"] and dispatcher.messages[0]["attribute"] == "重量"
    assert carbon.name in str(dispatcher.messages[0])


@pytest.mark.parametrize(
    "text, sku, asks",
    [
        ("那给我妈呢 她油皮 想要控油的", "FD-004", False),  # the crackers have no 肤质: a need for someone else
        ("我脸爱出油 能用吗", "SK-002", True),  # the cream's own 适用肤质
    ],
)
def test_a_need_beside_an_attribute_the_product_in_focus_lacks_is_no_question_about_it(shop, text, sku, asks):
    from actions.products import asks_about_a_product

    assert asks_about_a_product(make_tracker(text, "ask_product_info", metadata={"product": sku})) is asks


async def test_another_product_named_alone_after_an_attribute_answer_gets_the_same_attribute(shop):
    # "那能放多久" about the nuts was answered; "牛肉干呢" asks the jerky's shelf life, not its overview
    turn = [user_event("那能放多久", "ask_product_info"), *bot_said("utter_product_attribute")]
    tracker = make_tracker("牛肉干呢", "ask_product_info", slots={"product_in_focus": "FD-001"}, bot_turn=turn)
    dispatcher = CollectingDispatcher()
    await ActionAnswerProductInfo().run(dispatcher, tracker, {})
    assert [(m["response"], m["attribute"]) for m in dispatcher.messages] == [("utter_product_attribute", "保质期")]


async def test_another_product_named_by_words_of_another_attribute_gets_the_attribute_just_answered(shop):
    # the down coat's washing was answered; "那个…加厚连帽的呢" names the elderly coat by its hood,
    # and asks its washing, not its 设计
    turn = [user_event("95白鹅绒加厚长款羽绒服", "inform"), *bot_said("utter_product_attribute")]
    turn.insert(0, user_event("羽绒服能机洗吗", "ask_product_info"))
    text = "那个老人穿的加厚连帽的呢"
    tracker = make_tracker(text, "ask_product_info", slots={"product_in_focus": "DJ-004"}, bot_turn=turn)
    dispatcher = CollectingDispatcher()
    await ActionAnswerProductInfo().run(dispatcher, tracker, {})
    assert [(m["name"], m["attribute"]) for m in dispatcher.messages] == [("中老年加厚连帽羽绒服", "洗涤")]


async def test_a_product_named_by_a_word_the_focus_also_has_and_one_it_lacks_is_that_product(shop):
    # the health kettle's base is 304 steel, but 热水壶 names the steel kettle
    tracker = make_tracker("那个304的热水壶呢 有防干烧吗", "ask_product_info", slots={"product_in_focus": "KT-002"})
    dispatcher = CollectingDispatcher()
    await ActionAnswerProductInfo().run(dispatcher, tracker, {})
    assert dispatcher.messages[0]["name"] == "304不锈钢电热水壶 1.7L"


@pytest.mark.parametrize(
    "text,response", [("有没有容量大点的充电宝", "utter_recommend_item"), ("容量多大", "utter_product_attribute")]
)
async def test_more_of_something_than_the_focus_shows_the_other_one_of_its_kind(shop, text, response):
    # on the 10000mAh power bank's card: a bigger one is the 20000mAh one; its own capacity is asked
    tracker = make_tracker(text, "ask_product_info", slots={"product_in_focus": "PB-002"})
    dispatcher = CollectingDispatcher()
    await ActionAnswerProductInfo().run(dispatcher, tracker, {})
    assert sent(dispatcher)[0] == response
    assert ("20000mAh" in dispatcher.messages[0]["name"]) == (response == "utter_recommend_item")


async def test_another_of_its_kind_wished_lighter_on_a_card_is_the_other_one_not_a_budget_question(shop):
    """ "还有别的充电宝吗 想要轻点的" on the 20000mAh power bank's card got "大概的预算是多少呢"."""
    from actions.recommend import ValidateRecommendForm

    tracker = make_tracker(
        "还有别的充电宝吗 想要轻点的", "request_recommendation", slots={"product_in_focus": "PB-001"}
    )
    dispatcher = CollectingDispatcher()
    await ValidateRecommendForm().run(dispatcher, tracker, {})
    assert sent(dispatcher)[0] == "utter_recommend_item" and "10000mAh" in dispatcher.messages[0]["name"]


@pytest.mark.parametrize("intent", ["request_recommendation", "ask_product_info", "nlu_fallback"])
async def test_a_bigger_size_right_after_the_sizes_is_a_size_of_that_product_not_a_new_search(shop, intent):
    # the kid's down coat's sizes were given; "有没有大点的 明年还能穿" wants a larger size of it
    from actions.handoff import ActionHandleFailure
    from actions.recommend import ValidateRecommendForm

    turn = [user_event("他130cm 穿多大", "ask_product_info"), *bot_said("utter_product_attribute")]
    tracker = make_tracker("有没有大点的 明年还能穿", intent, slots={"product_in_focus": "DJ-003"}, bot_turn=turn)
    actions = {"request_recommendation": ValidateRecommendForm(), "nlu_fallback": ActionHandleFailure()}
    action = actions.get(intent, ActionAnswerProductInfo())
    dispatcher = CollectingDispatcher()
    await action.run(dispatcher, tracker, {})
    [message] = dispatcher.messages
    assert message["response"] == "utter_product_size_other" and "160" in message["value"]


@pytest.mark.parametrize("text", ["請問你們家有賣羽絨服嗎", "有没有羽绒服", "有羽绒服吗 过年回老家穿"])
async def test_whether_the_shop_has_a_kind_lists_it_and_asks_for_whom_and_how_much(shop, text):
    dispatcher = CollectingDispatcher()
    events = await ActionAnswerProductInfo().run(dispatcher, make_tracker(text, "ask_product_info"), {})
    [message] = dispatcher.messages
    assert message["response"] == "utter_kind_in_shop" and "中老年加厚连帽羽绒服 ¥599" in message["items"]
    assert {"pending_topic": "recommend", "product_category": "羽绒服"}.items() <= {
        e["name"]: e["value"] for e in events if e.get("event") == "slot"
    }.items()


@pytest.mark.parametrize("action, intent", [("actions.handoff.ActionHandleFailure", "nlu_fallback"),
                                            ("actions.dialogue.ActionHandleInform", "inform")])  # fmt: skip
async def test_for_whom_and_how_much_after_the_kind_was_listed_recommends_of_that_kind(shop, action, intent):
    import importlib

    module, name = action.rsplit(".", 1)
    slots = {"product_category": "羽绒服", "pending_topic": "recommend"}
    tracker = make_tracker("給我媽 她很怕冷 600以內", intent, slots=slots, bot_turn=bot_said("utter_kind_in_shop"))
    dispatcher = CollectingDispatcher()
    await getattr(importlib.import_module(module), name)().run(dispatcher, tracker, {})
    assert dispatcher.messages[0]["response"] == "utter_recommend_item"
    assert dispatcher.messages[0]["name"] == "中老年加厚连帽羽绒服"


@pytest.mark.parametrize("text", ["羽绒服有运费险吗", "羽绒服有没有味道"])
async def test_something_else_asked_about_a_kind_is_no_listing_of_it(shop, text):
    dispatcher = CollectingDispatcher()
    await ActionAnswerProductInfo().run(dispatcher, make_tracker(text, "ask_product_info"), {})
    assert "utter_kind_in_shop" not in sent(dispatcher)


async def test_whether_the_set_on_the_card_suits_dry_skin_is_its_skin_types_not_a_budget_question(shop):
    from actions.recommend import ValidateRecommendForm
    from tests.actions.test_recommend import FORM_DOMAIN

    tracker = make_tracker("冬天脸干到起皮 这套适合吗", "request_recommendation", metadata={"product": "SK-001"})
    dispatcher = CollectingDispatcher()
    await ValidateRecommendForm().run(dispatcher, tracker, FORM_DOMAIN)
    assert [(m["response"], m.get("attribute")) for m in dispatcher.messages] == [
        ("utter_product_attribute", "适用肤质")
    ]


async def test_too_heavy_asked_after_a_recommendation_is_its_weight_not_a_bag(shop):
    # "他包里东西多": the bag he carries, not a wish for one
    last = {"category": "不限", "recipient": "男朋友", "budget": 100000, "budget_min": 0.0, "needs": [],
            "excluded": [], "shown": ["PB-001"]}  # fmt: skip
    tracker = make_tracker(
        "会不会太重 他包里东西多",
        "ask_product_info",
        slots={"last_recommendation": last, "product_in_focus": "PB-001"},
        bot_turn=bot_said("utter_product_attribute"),
    )
    dispatcher = CollectingDispatcher()
    await ActionAnswerProductInfo().run(dispatcher, tracker, {})
    assert [(m["response"], m.get("attribute")) for m in dispatcher.messages] == [("utter_product_attribute", "重量")]


async def test_a_wish_for_a_kind_for_a_baby_shows_the_one_made_for_children(shop):
    # two T-shirts: "宝宝…想买件纯棉T恤" wants the children's one, not both materials
    dispatcher = CollectingDispatcher()
    tracker = make_tracker("宝宝一岁半 皮肤敏感 想买件纯棉T恤", "ask_product_info")
    await ActionAnswerProductInfo().run(dispatcher, tracker, {})
    assert [m.get("name") for m in dispatcher.messages if m["response"] == "utter_recommend_item"] == [
        "儿童卡通印花纯棉T恤"
    ]
    assert not any("新疆长绒棉" in str(m.get("name")) for m in dispatcher.messages)


async def test_the_size_someone_wears_told_about_the_product_in_focus_gets_its_sizes_not_an_apology(shop):
    from actions.handoff import ActionAssessRisk

    dispatcher = CollectingDispatcher()
    tracker = make_tracker(
        "她平时穿2XL 肚子有点大",
        "complain",
        slots={"product_in_focus": "DR-002"},
        bot_turn=bot_said("utter_product_attribute"),
    )
    await ActionAssessRisk().run(dispatcher, tracker, {})
    assert sent(dispatcher)[0] == "utter_product_attribute" and dispatcher.messages[0]["attribute"] == "尺码"
    assert "utter_low_risk_apology" not in sent(dispatcher)


async def test_a_kind_asked_while_choosing_from_a_recommendation_narrows_it_not_lists_the_kind(shop):
    # moisturisers under 300 were shown; "面膜有吗" wants masks for the same wish, not the kind's list
    last = {"category": "护肤品", "recipient": None, "budget": 300, "budget_min": 0.0, "needs": ["补水"],
            "excluded": [], "shown": ["SK-001"]}  # fmt: skip
    tracker = make_tracker(
        "面膜有吗", "ask_product_info", slots={"last_recommendation": last}, bot_turn=bot_said("utter_recommend_item")
    )
    dispatcher = CollectingDispatcher()
    await ActionAnswerProductInfo().run(dispatcher, tracker, {})
    assert "utter_kind_in_shop" not in sent(dispatcher) and "utter_recommend_item" in sent(dispatcher)


@pytest.mark.parametrize("text", ["送人的 这支有包装盒吗", "他包里东西多", "39.9的能包邮不", "是一整袋还是小包的"])
def test_words_holding_bao_name_no_bag(shop, text):
    from actions.recommend import category_in

    assert category_in(text) != "双肩包"


@pytest.mark.parametrize("text", ["双肩包装得下15寸电脑吗", "双肩包里能放15寸电脑吗"])
def test_the_bag_itself_is_still_named(shop, text):
    from actions.recommend import category_in

    assert category_in(text) == "双肩包"


async def test_a_kind_asked_on_a_card_of_that_kind_is_about_the_card(shop):
    dispatcher = CollectingDispatcher()
    tracker = make_tracker("羽绒服有货吗", "ask_product_info", metadata={"product": "DJ-001"})
    await ActionAnswerProductInfo().run(dispatcher, tracker, {})
    assert "utter_kind_in_shop" not in sent(dispatcher)


async def test_a_fit_complaint_with_the_size_worn_is_no_size_question(shop):
    from actions.handoff import ActionAssessRisk

    dispatcher = CollectingDispatcher()
    tracker = make_tracker("平时穿42的鞋 这双42挤脚 尺码偏小", "complain", slots={"product_in_focus": "SN-001"})
    await ActionAssessRisk().run(dispatcher, tracker, {})
    assert "utter_product_attribute" not in sent(dispatcher)


async def test_a_colour_asked_in_traditional_characters_gets_the_colours(shop):
    """ "有駝色嗎" about the scarf got its summary: 駝 was not folded to 驼, so no colour was asked."""
    slots = {"product_in_focus": "SC-001"}
    tracker = make_tracker("有駝色嗎", "ask_product_info", slots=slots, metadata={"product": "SC-001"})
    dispatcher = CollectingDispatcher()
    await ActionAnswerProductInfo().run(dispatcher, tracker, {})
    assert sent(dispatcher) == ["utter_product_attribute"] and "驼色" in dispatcher.messages[0]["value"]


@pytest.mark.parametrize(
    "text, focus, meant",
    [
        # "那个95鹅绒的长款充绒量多少" on the light duck-down jacket's card got "就是小鹿刚才说的这些"
        ("那个95鹅绒的长款充绒量多少", "DJ-001", "95白鹅绒加厚长款羽绒服"),
        ("那个格纹的围巾是啥料", "SC-001", "针织格纹保暖围巾"),
    ],
)
async def test_a_sibling_pointed_at_before_its_words_is_the_one_asked_about(shop, text, focus, meant):
    tracker = make_tracker(text, "ask_product_info", slots={"product_in_focus": focus}, metadata={"product": focus})
    dispatcher = CollectingDispatcher()
    await ActionAnswerProductInfo().run(dispatcher, tracker, {})
    assert sent(dispatcher) == ["utter_product_attribute"] and dispatcher.messages[0]["name"] == meant


async def test_a_size_asked_for_another_pair_on_a_card_is_the_cards_sizes(shop):
    """ "再给我爸买一双 44码有吗" on the walking shoes' card asked a budget: 44码有吗 asks the size."""
    from actions.recommend import ValidateRecommendForm

    tracker = make_tracker(
        "再给我爸买一双 44码有吗",
        "request_recommendation",
        slots={"product_in_focus": "SN-002"},
        metadata={"product": "SN-002"},
    )
    dispatcher = CollectingDispatcher()
    await ValidateRecommendForm().run(dispatcher, tracker, {})
    assert sent(dispatcher)[0] == "utter_product_attribute" and "44" in dispatcher.messages[0]["value"]


@pytest.mark.parametrize("intent", ["request_recommendation", "ask_product_info"])
async def test_which_is_lighter_right_after_a_comparison_gets_each_ones_weight(shop, intent):
    """ "哪个轻点" right after the two hair dryers were compared got "亲想看看哪一类商品呢"."""
    from actions.recommend import ValidateRecommendForm

    text = "亲,这几款的区别是这样的:负离子恒温吹风机 1800W(¥199):…;高速无刷电机吹风机(¥599):…"
    compared = [{"event": "bot", "text": text, "metadata": {"utter_action": "utter_recommend_compare"}}]
    tracker = make_tracker("哪个轻点", intent, slots={"product_in_focus": None}, bot_turn=compared, metadata={})
    action = ValidateRecommendForm() if intent == "request_recommendation" else ActionAnswerProductInfo()
    dispatcher = CollectingDispatcher()
    await action.run(dispatcher, tracker, {})
    named = [m.get("name") for m in dispatcher.messages if m["response"].startswith("utter_product_attribute")]
    assert named == ["负离子恒温吹风机 1800W", "高速无刷电机吹风机"], sent(dispatcher)


# The review of the day's change (helper-118): look-alikes the new readings must leave alone.
async def test_a_bigger_size_wished_on_a_card_is_no_other_product(shop):
    from actions.products import the_other_one_wished

    tracker = make_tracker("我想要大一点的码 平时穿XL", "ask_product_info", slots={"product_in_focus": "HD-001"})
    assert the_other_one_wished(tracker) is None


async def test_this_one_named_by_a_siblings_word_is_the_cards_own(shop):
    """ "这条围巾是羊绒的吗" on the plaid scarf's card: about that scarf, not the cashmere one."""
    tracker = make_tracker("这条围巾是羊绒的吗", "ask_product_info", slots={"product_in_focus": "SC-002"})
    dispatcher = CollectingDispatcher()
    await ActionAnswerProductInfo().run(dispatcher, tracker, {})
    assert dispatcher.messages[0]["name"] == "针织格纹保暖围巾"


@pytest.mark.parametrize(
    "focus,text,other",
    [("SN-004", "那个299的跑鞋呢 哪个轻", "轻便透气缓震跑步鞋"),
     ("SN-001", "那个899的呢 哪双轻", "全掌碳板竞速跑鞋"),
     ("PB-002", "跟那個20000毫安的比 哪個輕", "20000mAh 22.5W快充充电宝")],
)  # fmt: skip
async def test_which_is_lighter_than_another_named_answers_both(shop, focus, text, other):
    """ "那个299的跑鞋呢 哪个轻" on the racing shoe's card got the racing shoe's weight alone."""
    tracker = make_tracker(text, "ask_product_info", slots={"product_in_focus": focus})
    dispatcher = CollectingDispatcher()
    await ActionAnswerProductInfo().run(dispatcher, tracker, {})
    said = {(m.get("name"), m.get("attribute")) for m in dispatcher.messages}
    assert (other, "重量") in said and (shop.get_product(focus).name, "重量") in said


async def answer_after_two_shown(text, category, budget, shown):
    """The product answer to `text` right after two products (`shown`) were recommended."""
    last = {"category": category, "recipient": None, "budget": budget, "budget_min": 0.0, "shown": shown}
    recommended = bot_said("utter_recommend_item", "utter_recommend_item")
    tracker = make_tracker(text, "ask_product_info", slots={"last_recommendation": last}, bot_turn=recommended)
    dispatcher = CollectingDispatcher()
    await ActionAnswerProductInfo().run(dispatcher, tracker, {})
    return dispatcher


async def test_a_need_told_right_after_a_recommendation_narrows_it_not_the_shown_ones_skin_types(shop):
    """ "她是干皮 冬天脸起皮" after a serum and a sunscreen under ¥200 got both products' 适用肤质
    ("大多数肤质"); told, not asked: what suits dry skin within that budget."""
    dispatcher = await answer_after_two_shown("她是干皮 冬天脸起皮", "护肤品", 200, ["SK-004", "SS-001"])
    assert "utter_product_attribute" not in sent(dispatcher)
    assert any("补水" in str(message) or "保湿" in str(message) for message in dispatcher.messages), dispatcher.messages


async def test_a_question_without_a_question_word_after_a_recommendation_is_still_a_question(shop):
    """ "第一个能带上飞机" after two power banks were shown got the other one again, as if the first
    could not fly: a question about the first one."""
    dispatcher = await answer_after_two_shown("第一个能带上飞机", "充电宝", 200, ["PB-002", "PB-001"])
    assert "utter_recommend_item" not in sent(dispatcher)
    assert dispatcher.messages and dispatcher.messages[0].get("name") == shop.get_product("PB-002").name


async def test_a_product_pointed_at_by_a_kind_word_is_the_one_in_the_order_talked_about(shop):
    """ "这个书包下雨天能背吗" after the parcel of an order holding the commuter backpack (双肩包):
    that backpack's 防泼水, not the children's school bag named 书包."""
    dispatcher = await ask("这个书包下雨天能背吗", slots={"order_id": "7758204319962054"})
    assert sent(dispatcher) == ["utter_product_attribute"]
    assert dispatcher.messages[0]["name"] == "大容量防泼水通勤双肩包" and "防雨罩" in dispatcher.messages[0]["value"]
    looked_for = await ask("书包下雨天能背吗")  # no order talked about: the school bag
    assert looked_for.messages[0]["name"] == "儿童护脊减负书包"
    for text in ("这样的话 儿童书包多重", "那你们的书包多少钱"):  # not pointed at: looked for
        other = await ask(text, slots={"order_id": "7758204319962054"})
        assert other.messages[0]["name"] == "儿童护脊减负书包", text


@pytest.mark.parametrize(
    "text,slots",
    [("6374409218856630 老人鞋穿了两天鞋底就开胶了 什么质量", {}),
     ("穿了两天鞋底就开胶了 什么质量", {"product_in_focus": "SN-002"}),  # 什么 scolds here
     ("买的卫衣跟牛仔裤 裤子没有", {})],
)  # fmt: skip
async def test_a_defect_or_a_missing_item_read_as_a_product_question_is_no_description(shop, text, slots):
    dispatcher = await ask(text, slots=slots)
    assert not any(r.startswith("utter_product") for r in sent(dispatcher)), sent(dispatcher)


@pytest.mark.parametrize(
    "text,slots",
    [("里面没有酒精吧 我敏感肌", {"product_in_focus": "SK-001"}),  # asked before buying
     ("这个什么质量的 会起球吗", {"product_in_focus": "SC-001"})],  # 什么质量的 asks
)  # fmt: skip
async def test_questions_that_look_like_a_missing_item_or_a_scolding_are_answered_as_questions(shop, text, slots):
    dispatcher = await ask(text, slots=slots)
    assert "utter_sorry_for_trouble" not in sent(dispatcher), sent(dispatcher)
    assert not any(r.startswith("utter_order_problem") for r in sent(dispatcher)), sent(dispatcher)


@pytest.mark.parametrize(
    "text, sku",
    [("男士剃须刀多少钱", None), ("男士护肤品多少钱", None), ("水乳是哪款 多少钱", "SK-001"),
     ("纯色的T恤多少钱", None), ("日常穿的裙子多少钱", None), ("舒适的鞋子多少钱", None),  # how, not what
     ("有没有保湿的面膜 多少钱", None)],  # the one tagged 保湿 is no mask
)  # fmt: skip
def test_a_product_is_named_by_a_tag_only_it_has_that_says_what_it_is(shop, text, sku):
    """Only the men's cleanser is tagged 男士, but "男士剃须刀" names no cleanser; 水乳 names the set."""
    from actions.prices import the_one_tagged

    found = the_one_tagged(text)
    assert (found.sku if found else None) == sku


async def test_one_of_two_products_just_answered_named_alone_gets_the_same_answer(shop):
    """ "高速那个" right after both hair dryers' 冷风 was answered: that dryer's features again."""
    tracker = make_tracker(
        "高速那个", "inform", history=[("吹风机有冷风吗", "ask_product_info")],
        bot_turn=bot_said("utter_product_attribute", "utter_product_attribute"),
    )  # fmt: skip
    from actions.dialogue import ActionHandleInform

    dispatcher = CollectingDispatcher()
    await ActionHandleInform().run(dispatcher, tracker, {})
    assert sent(dispatcher)[0].startswith("utter_product_attribute")
    assert "冷风" in dispatcher.messages[0].get("value", "") + dispatcher.messages[0].get("values", "")


async def test_an_amount_named_right_after_the_coupons_is_measured(shop):
    """ "我就买了个129的坚果 能用吗" after the coupons and their stacking: 70 short of 满199."""
    tracker = make_tracker(
        "我就买了个129的坚果 能用吗", "ask_product_info", bot_turn=bot_said("utter_promotion_stacking")
    )
    dispatcher = CollectingDispatcher()
    await ActionAnswerProductInfo().run(dispatcher, tracker, {})
    assert sent(dispatcher) == ["utter_promotion_coupon_below"] and dispatcher.messages[0]["gap"] == "70"


async def test_a_skin_told_in_other_words_on_a_card_gets_its_skin_types(shop):
    """ "亲 这个我妈能用吗 她皮肤特别干" on the lotion set's card once got its overview, not 干性和混合性肌肤."""
    tracker = make_tracker("亲 这个我妈能用吗 她皮肤特别干", "ask_product_info", metadata={"product": "SK-001"})
    dispatcher = CollectingDispatcher()
    await ActionAnswerProductInfo().run(dispatcher, tracker, {})
    answered = [(m["response"], m.get("attribute")) for m in dispatcher.messages]
    assert answered == [("utter_product_attribute", "适用肤质")]


@pytest.mark.parametrize(
    "text,card,sku,attribute",
    [("妳好 這個防曬霜油皮能用嗎", None, "SS-001", "适用肤质"),  # the one sunscreen, named in traditional characters
     ("通勤双肩包能放16寸电脑吗", None, "BP-001", "容量"),  # once "适用场景" (通勤 is in its name)
     ("宝宝13公斤 买L还是XL啊", "DP-001", "DP-001", "尺码")],  # once the wrong-item answer and a login
)  # fmt: skip
async def test_product_questions_in_other_words_get_the_attribute(shop, text, card, sku, attribute):
    tracker = make_tracker(text, "ask_product_info", metadata={"product": card} if card else None)
    dispatcher = CollectingDispatcher()
    await ActionAnswerProductInfo().run(dispatcher, tracker, {})
    answered = [(m.get("name"), m.get("attribute")) for m in dispatcher.messages]
    assert answered[:1] == [(shop.get_product(sku).name, attribute)], answered


async def test_which_of_two_named_suits_a_gift_compares_them(shop):
    """ "羊绒那条跟格纹那条 哪个送人好" once got the tartan scarf's 材质 and an unknown 包装."""
    tracker = make_tracker("羊绒那条跟格纹那条 哪个送人好", "ask_product_info")
    dispatcher = CollectingDispatcher()
    await ActionAnswerProductInfo().run(dispatcher, tracker, {})
    assert sent(dispatcher) == ["utter_recommend_compare"] and "礼盒" in dispatcher.messages[0]["items"]


async def test_the_cards_own_kind_named_with_this_one_is_the_cards_product(shop):
    """ "这款羽绒服暖和吗 我妈东北的" on the elderly down jacket's card once got "亲想了解哪一款呢"."""
    tracker = make_tracker("这款羽绒服暖和吗 我妈东北的", "ask_product_info", metadata={"product": "DJ-002"})
    dispatcher = CollectingDispatcher()
    await ActionAnswerProductInfo().run(dispatcher, tracker, {})
    assert dispatcher.messages and dispatcher.messages[0].get("name") == "中老年加厚连帽羽绒服", sent(dispatcher)


async def test_a_wish_with_its_kind_and_budget_read_as_a_product_question_is_recommended(shop):
    """ "想送女朋友圍巾 要保暖的 預算500以內": 保暖 names one scarf, but the budget makes it a wish."""
    tracker = make_tracker("想送女朋友圍巾 要保暖的 預算500以內", "ask_product_info", metadata={})
    dispatcher = CollectingDispatcher()
    await ActionAnswerProductInfo().run(dispatcher, tracker, {})
    assert "utter_product_attribute" not in sent(dispatcher) and "山羊绒" in str(dispatcher.messages), sent(dispatcher)


async def test_a_fault_told_with_what_now_is_a_quality_problem_not_a_question_about_its_features(shop):
    """ "8839… 吹风机用了几次就不出热风了 咋办" got the dryer's 功能 (三档风速, 含冷风档)."""
    dispatcher = await ask("8839016627745120 吹风机用了几次就不出热风了 咋办")
    assert "utter_return_quality" in sent(dispatcher) and "utter_product_attribute" not in sent(dispatcher)


async def test_what_if_a_fault_came_asked_before_buying_is_no_fault_told(shop):
    dispatcher = await ask("这条牛仔裤要是洗了掉色怎么办", {"product_in_focus": "JN-001"})
    assert "utter_return_quality" not in sent(dispatcher)


def test_a_slow_service_is_no_fault_of_the_goods(shop):
    assert shop.policy.names_a_defect("吹风机插电没反应") and not shop.policy.names_a_defect(
        "你们客服半天没反应 我要投诉"
    )


async def test_what_the_shop_sells_read_as_a_product_question_lists_its_kinds(shop):
    """ "你们是卖什么的" got "商品的材质、尺码、规格等信息在商品详情页都有写哦"."""
    dispatcher = CollectingDispatcher()
    await ActionAnswerProductInfo().run(dispatcher, make_tracker("你们是卖什么的", "ask_product_info"), {})
    assert sent(dispatcher) == ["utter_shop_sells"], sent(dispatcher)


async def test_a_bargain_with_a_who_word_on_a_card_is_about_the_card_not_the_product_tagged_with_it(shop):
    """ "能便宜点不 学生党穷" on the backpack's card answered for the lip balm tagged 学生党."""
    from actions.prices import candidates

    assert shop.get_product("LS-002") not in candidates("能便宜点不 学生党穷😭")


async def test_the_dearer_one_of_two_compared_is_the_dearer_even_after_one_was_recommended(shop):
    """ "那个贵的保修几年" after both dryers were compared and the ¥199 one recommended got the ¥199 one's."""
    compared = "亲,这几款的区别是这样的:负离子恒温吹风机 1800W(¥199):…;高速无刷电机吹风机(¥599):…"
    bot_turn = [
        {"event": "bot", "text": compared, "metadata": {"utter_action": "utter_recommend_compare"}},
        *bot_said("utter_recommend_item"),
    ]
    slots = {"product_in_focus": "HR-001", "last_recommendation": {"shown": ["HR-001"], "category": "吹风机"}}
    tracker = make_tracker("那个贵的保修几年", "ask_product_info", slots=slots, bot_turn=bot_turn)
    dispatcher = CollectingDispatcher()
    await ActionAnswerProductInfo().run(dispatcher, tracker, {})
    assert dispatcher.messages[0].get("name") == shop.get_product("HR-002").name, dispatcher.messages


async def test_the_first_one_after_more_were_shown_is_the_first_of_those(shop):
    """ "第一个是啥料子的" after "还有别的吗" showed the shoes and the nuts answered for the first product
    shown before them (the nappies)."""
    bot_turn = [
        {
            "event": "bot",
            "text": "为您推荐:儿童魔术贴透气运动鞋,¥139。…",
            "metadata": {"utter_action": "utter_recommend_item"},
        },
        {
            "event": "bot",
            "text": "为您推荐:每日坚果混合果仁 30包,¥129.9。…",
            "metadata": {"utter_action": "utter_recommend_item"},
        },
    ]
    last = {"shown": ["DP-002", "DP-001", "SN-003", "FD-001"], "category": "不限", "recipient": "孩子"}
    tracker = make_tracker(
        "第一个是啥料子的", "ask_product_info", slots={"last_recommendation": last}, bot_turn=bot_turn
    )
    dispatcher = CollectingDispatcher()
    await ActionAnswerProductInfo().run(dispatcher, tracker, {})
    assert dispatcher.messages[0].get("name") == shop.get_product("SN-003").name, dispatcher.messages


@pytest.mark.parametrize("text", ["是紙質的嗎", "电子的还是纸质的啊"])
async def test_paper_or_electronic_asked_after_an_invoice_answer_is_the_invoice_format(shop, text):
    """ "是紙質的嗎" right after the invoice answer got "商品的材质、尺码、规格等信息在商品详情页都有写哦"."""
    dispatcher = CollectingDispatcher()
    tracker = make_tracker(
        text, "ask_product_info", bot_turn=bot_said("utter_invoice_info", "utter_ask_invoice_order_id")
    )
    await ActionAnswerProductInfo().run(dispatcher, tracker, {})
    assert len(dispatcher.messages) == 1 and "format" in (dispatcher.messages[0].get("response") or ""), (
        dispatcher.messages
    )


def test_the_one_not_cheap_is_not_the_cheaper_one():
    from actions.products import CHEAPER_ONE

    assert CHEAPER_ONE.search("便宜那双") and not CHEAPER_ONE.search("不便宜的那个")


async def test_a_size_asked_right_after_an_orders_return_answer_is_about_its_item_that_has_sizes(shop):
    """ "那XL适合多重的宝宝" after "拉拉裤…无质量问题不支持七天无理由退换" got "没看明白"."""
    from actions.handoff import ActionHandleFailure

    slots = {"order_id": "2864407391158826"}
    refused = bot_said("utter_return_non_returnable")
    dispatcher = CollectingDispatcher()
    owner = owner_metadata("2864407391158826")
    tracker = make_tracker("那XL适合多重的宝宝", "nlu_fallback", slots=slots, bot_turn=refused, metadata=owner)
    await ActionHandleFailure().run(dispatcher, tracker, {})
    assert sent(dispatcher) == ["utter_product_attribute"], dispatcher.messages
    assert "12到17公斤" in dispatcher.messages[0]["value"]
    dispatcher = CollectingDispatcher()  # a plea against the answer asks no size
    eligible = bot_said("utter_return_eligible")
    tracker = make_tracker("这个尺码不合适也不行吗", "nlu_fallback", slots=slots, bot_turn=eligible, metadata=owner)
    await ActionHandleFailure().run(dispatcher, tracker, {})
    assert "utter_product_attribute" not in sent(dispatcher)


async def test_the_second_of_a_kind_listed_is_the_one_asked_about_next(shop):
    """ "有充电宝吗 经常出差用" listed both power banks; "第二个能带上飞机吗" got "亲想了解哪一款呢?"."""
    dispatcher = CollectingDispatcher()
    events = await ActionAnswerProductInfo().run(
        dispatcher, make_tracker("有充电宝吗 经常出差用", "ask_product_info"), {}
    )
    slots = {e["name"]: e["value"] for e in events if e.get("event") == "slot"}
    second = dispatcher.messages[0]["items"].split("、")[1]
    tracker = make_tracker(
        "第二个能带上飞机吗", "ask_product_info", slots=slots, bot_turn=bot_said("utter_kind_in_shop")
    )
    dispatcher = CollectingDispatcher()
    await ActionAnswerProductInfo().run(dispatcher, tracker, {})
    [answer] = dispatcher.messages
    assert answer["response"] == "utter_product_attribute" and second.startswith(answer["name"]), answer


async def test_the_first_asked_on_after_the_seconds_answer_gets_the_same_question_answered(shop):
    """ "第一个呢" right after the second power bank's 登机 got the second one's summary again."""
    from actions.dialogue import ActionHandleInform

    shown = {"category": "充电宝", "budget": 1600, "budget_min": 0.0, "needs": [], "shown": ["PB-001", "PB-002"]}
    second = shop.get_product("PB-002")
    answered = [
        {"event": "bot", "text": f"亲,{second.name}的登机:…", "metadata": {"utter_action": "utter_product_attribute"}}
    ]
    tracker = make_tracker(
        "第一个呢", "inform", slots={"last_recommendation": shown, "product_in_focus": "PB-002"}, bot_turn=answered
    )
    listed = [user_event("有充电宝吗 经常出差用", "ask_product_info"), *bot_said("utter_kind_in_shop")]
    listed += [{"event": "action", "name": "action_listen"}, user_event("第二个能带上飞机吗", "ask_product_info")]
    tracker.events[:0] = listed  # the list, then the second's answer, then "第一个呢"
    dispatcher = CollectingDispatcher()
    await ActionHandleInform().run(dispatcher, tracker, {})
    [answer] = dispatcher.messages
    assert answer["response"] == "utter_product_attribute" and answer["name"] == shop.get_product("PB-001").name


@pytest.mark.parametrize(
    "text,skus",
    [("奶瓶多大容量", ["BT-001"]),  # not the 大容量 backpack
     ("充电宝多大容量", ["PB-001", "PB-002"]),  # the power banks, not the backpack beside them
     ("大容量的包", ["BP-001"]),
     ("大礼包有几包", ["FD-003"]),  # its 包 names no bag
     ("再给他带包牛肉干 牛肉干含糖吗", ["FD-002"])],
)  # fmt: skip
def test_a_kind_named_beside_an_attribute_word_names_that_kinds_products(shop, text, skus):
    """ "奶瓶多大容量" after nappies and a bottle were shown got the backpack's size and volume."""
    from actions.prices import candidates

    assert sorted(p.sku for p in candidates(text)) == skus


@pytest.mark.parametrize(
    "text,sku",
    [("中老年那款羽绒服多少钱", "DJ-002"),  # not the 款 of "短款羽绒服"
     ("儿童羽绒服多少钱", "DJ-003")],  # of the down coats, the one the rest of the message names
)  # fmt: skip
def test_one_product_of_a_kind_named_by_the_rest_of_the_message(shop, text, sku):
    assert find_product(text).sku == sku


async def test_a_card_opened_before_a_cheaper_one_was_recommended_is_no_longer_this_one(shop):
    """ "保暖吗 我在哈尔滨" after a cheaper coat was shown on the ¥1599 coat's card was answered
    about the card's coat."""
    card = {"product": "DJ-004", **owner_metadata()}
    asked_before = dict(user_event("这个太贵了 有没有便宜点的羽绒服 五百以内", "request_recommendation"), metadata=card)
    shown = {"category": "羽绒服", "recipient": "自己", "budget": 500, "budget_min": 0.0, "shown": ["DJ-001"]}
    tracker = make_tracker(
        "保暖吗 我在哈尔滨",
        "ask_product_info",
        slots={"product_in_focus": "DJ-001", "last_recommendation": shown},
        metadata=card,
        bot_turn=[asked_before, *bot_said("utter_recommend_item")],
    )
    dispatcher = CollectingDispatcher()
    await ActionAnswerProductInfo().run(dispatcher, tracker, {})
    assert dispatcher.messages[0]["name"] == "90白鸭绒轻薄短款羽绒服"


def test_two_of_a_kind_named_are_both_meant(shop):
    """ "拉拉裤跟纸尿裤哪个好啊" is a comparison of the two, not the one the rest of the message names."""
    from actions.prices import candidates

    assert {p.sku for p in candidates("拉拉裤跟纸尿裤哪个好啊")} == {"DP-001", "DP-002"}


async def test_a_lighter_cheaper_one_wished_on_a_dear_coats_card_is_recommended(shop):
    """ "这件太厚重了吧 有没有轻一点的 稍微便宜点的" on the ¥1599 coat's card got its material and weight."""
    dispatcher = CollectingDispatcher()
    tracker = make_tracker(
        "这件太厚重了吧 有没有轻一点的 稍微便宜点的", "ask_product_info", metadata={"product": "DJ-004"}
    )
    await ActionAnswerProductInfo().run(dispatcher, tracker, {})
    shown = [m for m in dispatcher.messages if m["response"] == "utter_recommend_item"]
    assert shown and all(float(m["price"]) < 1599 and "羽绒服" in m["name"] for m in shown)


async def test_whether_a_rich_cream_suits_oily_skin_is_its_skin_type_said_once(shop):
    """ "她其实皮肤偏油 会不会太厚重" about the anti-wrinkle cream got its 成分 (厚重 asked its 质地,
    which it has not): its 适用肤质 says how rich it is and for which skin, once."""
    tracker = make_tracker("她其实皮肤偏油 会不会太厚重", "ask_product_info", slots={"product_in_focus": "SK-002"})
    dispatcher = CollectingDispatcher()
    await ActionAnswerProductInfo().run(dispatcher, tracker, {})
    assert [m.get("attribute") for m in dispatcher.messages] == ["适用肤质"], dispatcher.messages


async def test_what_a_gift_pack_holds_right_after_it_was_shown_is_its_contents(shop):
    """ "大礼包里都有啥" right after the snack gift pack was shown got "非常抱歉…拍几张照片" (包里 read
    as no bag named, so no product named)."""
    from actions.order_problem import ActionAnswerOrderProblem

    history = [("公司年会抽礼物用 预算60以内 男女都能用的", "request_recommendation")]
    tracker = make_tracker("大礼包里都有啥", "report_order_problem", history=history, metadata={})
    dispatcher = CollectingDispatcher()
    await ActionAnswerOrderProblem().run(dispatcher, tracker, {})
    assert sent(dispatcher) == ["utter_product_attribute"], sent(dispatcher)
    assert "膨化" in dispatcher.messages[0]["value"]


async def test_whether_another_product_reaches_a_coupons_threshold_is_the_coupons(shop):
    """ "那再加一盒苏打饼干 够满199不" after the ¥189 shoes got the crackers' 规格 (一盒)."""
    tracker = make_tracker(
        "那再加一盒苏打饼干 够满199不", "ask_product_info", slots={"product_in_focus": "SN-002"}, metadata={}
    )
    dispatcher = CollectingDispatcher()
    await ActionAnswerProductInfo().run(dispatcher, tracker, {})
    assert sent(dispatcher) and sent(dispatcher)[0].startswith("utter_promotion"), sent(dispatcher)


async def test_a_kind_asked_of_while_choosing_for_someone_is_the_one_made_for_them(shop):
    """ "羽绒服那个 她155 120斤 穿啥码" after a scarf for a grandmother who feels the cold got
    "亲想了解哪一款呢": the shop has one down coat for the elderly."""
    last = {"category": "保暖", "recipient": "老人", "budget": 550, "budget_min": 300.0, "shown": ["SC-001"]}
    tracker = make_tracker(
        "羽绒服那个 她155 120斤 穿啥码", "ask_product_info", slots={"last_recommendation": last}, metadata={}
    )
    dispatcher = CollectingDispatcher()
    await ActionAnswerProductInfo().run(dispatcher, tracker, {})
    assert dispatcher.messages and dispatcher.messages[0].get("name") == "中老年加厚连帽羽绒服", dispatcher.messages


def test_a_product_wished_to_reach_a_threshold_is_no_coupon_question():
    """ "那再推荐个补水面膜凑单" after the coupon's threshold got the coupons again."""
    from actions.promotions import asks_about_promotions

    assert not asks_about_promotions("那再推荐个补水面膜凑单")


async def test_whether_a_snack_suits_a_child_is_its_allergy_note(shop):
    """ "这个礼包里都有啥啊 适合小孩吃吗" got only what the pack holds."""
    tracker = make_tracker("这个礼包里都有啥啊 适合小孩吃吗", "ask_product_info", slots={"product_in_focus": "FD-003"})
    dispatcher = CollectingDispatcher()
    await ActionAnswerProductInfo().run(dispatcher, tracker, {})
    assert "过敏提示" in [m.get("attribute") for m in dispatcher.messages], dispatcher.messages
