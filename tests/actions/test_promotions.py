"""Coupons and promotions: quoted from policy, never a promised price."""

import pytest
from rasa_sdk.executor import CollectingDispatcher

from actions.promotions import ActionAnswerPromotion
from tests.actions.trackers import make_tracker, sent


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
        ("优惠券用不了 显示不可用", "utter_promotion_unusable"),
        ("买了送什么赠品吗", "utter_promotion_gift"),
        ("能再便宜点吗 亲", "utter_promotion_no_bargain"),
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
