"""The SQLite shop: seeded from YAML, every parcel state present, broken data named by file and line."""

import shutil
import sqlite3
from collections import Counter

import pytest

from kefu.shop.models import InvoiceRequest
from kefu.shop.parcel_state import ParcelState, parcel_state
from kefu.shop.sqlite_backend import SqliteShopBackend
from kefu.shop.yaml_lines import ShopDataError
from tests.conftest import FIXED_NOW, SHOP_DATA


def test_demo_shop_has_enough_products_and_orders(shop):
    assert len(shop.list_products()) >= 30
    assert len(shop.list_order_ids()) >= 40
    assert len(shop.categories()) >= 5


def test_demo_orders_cover_every_parcel_state(shop):
    states = Counter(
        parcel_state(shop.get_order(oid), FIXED_NOW, shop.policy.stalled_after_hours) for oid in shop.list_order_ids()
    )
    assert set(states) == set(ParcelState)
    assert min(states.values()) >= 4


def test_order_details_come_back_as_seeded(shop):
    order = shop.get_order("3051729946021837")
    assert order.items[0].name and order.amount == 259
    assert order.parcel.courier == "中通" and order.parcel.events[0].status == "picked_up"
    assert shop.get_order("9999999999999999") is None


def test_invoice_requests_and_chases_survive_a_restart(tmp_path):
    db = tmp_path / "shop.sqlite"
    backend = SqliteShopBackend.create(db, SHOP_DATA, now=FIXED_NOW)
    backend.save_invoice_request(InvoiceRequest("3051729946021837", "普通发票", "个人", "a@qq.com"), FIXED_NOW)
    assert backend.register_chase("3051729946021837", FIXED_NOW) is True
    assert backend.register_chase("3051729946021837", FIXED_NOW) is False  # one open chase per order
    again = SqliteShopBackend.create(db, SHOP_DATA, now=FIXED_NOW)
    assert again.get_invoice_request("3051729946021837").email == "a@qq.com"


def copy_shop(tmp_path):
    data = tmp_path / "shop"
    shutil.copytree(SHOP_DATA, data)
    return data


def test_invalid_yaml_stops_start_up_naming_file_and_line(tmp_path):
    data = copy_shop(tmp_path)
    orders = data / "orders.yml"
    lines = orders.read_text(encoding="utf-8").splitlines()
    broken = next(i for i, line in enumerate(lines) if "paid_at:" in line)
    lines[broken] += " ]["  # a trainer's typo
    orders.write_text("\n".join(lines), encoding="utf-8")
    with pytest.raises(ShopDataError, match=rf"orders\.yml:{broken + 1}: invalid YAML"):
        SqliteShopBackend.create(tmp_path / "shop.sqlite", data, now=FIXED_NOW)


def test_unknown_sku_in_an_order_is_named_with_its_line(tmp_path):
    data = copy_shop(tmp_path)
    orders = data / "orders.yml"
    text = orders.read_text(encoding="utf-8")
    orders.write_text(text.replace("sku: DR-001", "sku: NOPE-1", 1), encoding="utf-8")
    line = next(i for i, text in enumerate(orders.read_text(encoding="utf-8").splitlines(), 1) if "NOPE-1" in text)
    with pytest.raises(ShopDataError, match=rf"orders\.yml:{line}: .*unknown sku NOPE-1"):
        SqliteShopBackend.create(tmp_path / "shop.sqlite", data, now=FIXED_NOW)


def test_a_seed_that_fails_half_way_leaves_the_previous_database_intact(tmp_path, monkeypatch):
    """The seed tables are dropped and refilled in one transaction: a failure after the first
    inserts (here, an order number twice, which only the database notices) changes nothing."""
    from kefu.shop import sqlite_backend

    db = tmp_path / "shop.sqlite"
    products = len(SqliteShopBackend.create(db, SHOP_DATA, now=FIXED_NOW).list_products())
    real_load = sqlite_backend.load_shop_data

    def load_with_a_clash(data_dir, now):
        policy, products, orders = real_load(data_dir, now)
        first = next(iter(orders.values()))
        return policy, products, {**orders, "clash": first}

    monkeypatch.setattr(sqlite_backend, "load_shop_data", load_with_a_clash)
    with pytest.raises(sqlite3.IntegrityError):
        SqliteShopBackend.create(db, SHOP_DATA, now=FIXED_NOW)
    kept = SqliteShopBackend(db)
    assert kept.get_order("3051729946021837") is not None
    assert len(kept.list_products()) == products


def test_the_seed_command_reports_errors_without_a_traceback(tmp_path, capsys):
    from kefu.shop.seed import main

    data = copy_shop(tmp_path)
    (data / "policy.yml").write_text("shop_name: x\n", encoding="utf-8")
    assert main(["--db", str(tmp_path / "s.sqlite"), "--data", str(data)]) == 1
    assert "policy.yml" in capsys.readouterr().err


def test_an_accounts_orders_are_its_own_newest_first(shop):
    ids = shop.list_account_order_ids("tangtang")
    orders = [shop.get_order(order_id) for order_id in ids]
    assert len(ids) == 7 and {order.account for order in orders} == {"tangtang"}
    assert [order.paid_at for order in orders] == sorted((order.paid_at for order in orders), reverse=True)
    assert shop.list_account_order_ids("nobody") == []
