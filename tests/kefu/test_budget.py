"""Budgets as shoppers write them."""

import pytest

from kefu.budget import parse_budget


@pytest.mark.parametrize(
    "text,amount",
    [
        ("300", 300),
        ("300以内吧", 300),
        ("两百左右", 200),
        ("三百五", 350),
        ("1k", 1000),
        ("一千块", 1000),
        ("预算 150 哈", 150),
        ("¥500", 500),
    ],
)
def test_budgets_as_shoppers_write_them(text, amount):
    assert parse_budget(text) == amount


@pytest.mark.parametrize("text", ["看着办", "随便", ""])
def test_no_amount_means_no_budget(text):
    assert parse_budget(text) is None
