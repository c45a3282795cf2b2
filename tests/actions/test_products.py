"""Product questions: the named product's page price, never invented."""

import pytest
from rasa_sdk.executor import CollectingDispatcher

from actions.prices import asks_price, find_product
from actions.products import ActionAnswerProductInfo
from tests.actions.trackers import make_tracker, sent


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
