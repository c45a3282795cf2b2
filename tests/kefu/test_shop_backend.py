"""The SQLite shop: seeded from YAML, every parcel state present, broken data named by file and line."""
import shutil
from collections import Counter

import pytest

from actions.shop.models import InvoiceRequest
from actions.shop.parcel_state import ParcelState, parcel_state
from actions.shop.seed import DEFAULT_DATA_DIR
from actions.shop.sqlite_backend import SqliteShopBackend
from actions.shop.yaml_lines import ShopDataError
from tests.conftest import FIXED_NOW


def test_demo_shop_has_enough_products_and_orders(shop):
    assert len(shop.list_products()) >= 30
    assert len(shop.list_order_ids()) >= 40
    assert len(shop.categories()) >= 5


def test_demo_orders_cover_every_parcel_state(shop):
    states = Counter(parcel_state(shop.get_order(oid), FIXED_NOW, shop.policy.stalled_after_hours)
                     for oid in shop.list_order_ids())
    assert set(states) == set(ParcelState)
    assert min(states.values()) >= 4


def test_order_details_come_back_as_seeded(shop):
    order = shop.get_order("3051729946021837")
    assert order.items[0].name and order.amount == 259
    assert order.parcel.courier == "中通" and order.parcel.events[0].status == "picked_up"
    assert shop.get_order("9999999999999999") is None


def test_invoice_requests_and_chases_survive_a_restart(tmp_path):
    db = tmp_path / "shop.sqlite"
    backend = SqliteShopBackend.create(db, DEFAULT_DATA_DIR, now=FIXED_NOW)
    backend.save_invoice_request(InvoiceRequest("3051729946021837", "普通发票", "个人", "a@qq.com"), FIXED_NOW)
    assert backend.register_chase("3051729946021837", FIXED_NOW) is True
    assert backend.register_chase("3051729946021837", FIXED_NOW) is False   # one open chase per order
    again = SqliteShopBackend.create(db, DEFAULT_DATA_DIR, now=FIXED_NOW)
    assert again.get_invoice_request("3051729946021837").email == "a@qq.com"


def copy_shop(tmp_path):
    data = tmp_path / "shop"
    shutil.copytree(DEFAULT_DATA_DIR, data)
    return data


def test_invalid_yaml_stops_start_up_naming_file_and_line(tmp_path):
    data = copy_shop(tmp_path)
    orders = data / "orders.yml"
    lines = orders.read_text(encoding="utf-8").splitlines()
    broken = next(i for i, line in enumerate(lines) if "paid_at:" in line)
    lines[broken] += " ]["                 # a trainer's typo
    orders.write_text("\n".join(lines), encoding="utf-8")
    with pytest.raises(ShopDataError, match=rf"orders\.yml:{broken + 1}: invalid YAML"):
        SqliteShopBackend.create(tmp_path / "shop.sqlite", data, now=FIXED_NOW)


def test_unknown_sku_in_an_order_is_named_with_its_line(tmp_path):
    data = copy_shop(tmp_path)
    orders = data / "orders.yml"
    text = orders.read_text(encoding="utf-8")
    orders.write_text(text.replace("sku: DR-001", "sku: NOPE-1", 1), encoding="utf-8")
    line = next(i for i, l in enumerate(orders.read_text(encoding="utf-8").splitlines(), 1) if "NOPE-1" in l)
    with pytest.raises(ShopDataError, match=rf"orders\.yml:{line}: .*unknown sku NOPE-1"):
        SqliteShopBackend.create(tmp_path / "shop.sqlite", data, now=FIXED_NOW)


def test_a_broken_seed_leaves_the_previous_database_intact(tmp_path):
    db = tmp_path / "shop.sqlite"
    SqliteShopBackend.create(db, DEFAULT_DATA_DIR, now=FIXED_NOW)
    data = copy_shop(tmp_path)
    (data / "products.yml").write_text("products: [", encoding="utf-8")
    with pytest.raises(ShopDataError, match="products.yml"):
        SqliteShopBackend.create(db, data, now=FIXED_NOW)
    assert SqliteShopBackend(db).get_order("3051729946021837") is not None


def test_the_seed_command_reports_errors_without_a_traceback(tmp_path, capsys):
    from actions.shop.seed import main

    data = copy_shop(tmp_path)
    (data / "policy.yml").write_text("shop_name: x\n", encoding="utf-8")
    assert main(["--db", str(tmp_path / "s.sqlite"), "--data", str(data)]) == 1
    assert "policy.yml" in capsys.readouterr().err
