"""The conversation runner itself: a check that cannot fail would make the suite worthless."""

from tests.e2e.conversations.runner import check, owner_account


def test_a_reply_meeting_every_expectation_passes():
    expect = {"mode": "bot", "any": ["揽收", "发货"], "all": ["4721095536680142"], "none": ["已经发货"]}
    assert check(expect, ["订单4721095536680142 仓库已发货,正在等待快递揽收"], "bot") == ""


def test_each_kind_of_miss_is_reported():
    assert "mode is bot" in check({"mode": "queued"}, ["好的"], "bot")
    assert "none of" in check({"any": ["退货"]}, ["好的"], "bot")
    assert "missing" in check({"all": ["顺丰", "SF123"]}, ["顺丰"], "bot")
    assert "should not be said" in check({"none": ["已经发货"]}, ["亲,已经发货啦"], "bot")


def test_the_chat_opens_as_the_owner_of_the_first_order_mentioned(shop):
    conversation = {"turns": [{"shopper": "我想退货"}, {"shopper": "3927 7166 4058 2219"}]}
    assert owner_account(conversation, shop) == shop.get_order("3927716640582219").account
    assert owner_account(dict(conversation, anonymous=True), shop) is None
    assert owner_account({"turns": [{"shopper": "在吗"}]}, shop) is None
    two = {"turns": [{"shopper": "我有两个单 6931054472281906 6648203197725540 都到哪了"}]}
    assert owner_account(two, shop) == shop.get_order("6931054472281906").account
