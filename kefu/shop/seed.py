"""Load and check data/shop/*.yml; build the SQLite shop from it.

    python -m kefu.shop [--db var/shop.sqlite] [--data data/shop]   (defaults: kefu.settings)

Order and parcel times in orders.yml are relative to the seeding moment
("-2d5h"), so the demo shop looks the same whatever day it is run. A broken
file stops with a message naming the file and line.
"""

import argparse
import re
import sys
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any, Dict, List, Tuple

from kefu.patterns import is_order_id
from kefu.settings import Settings
from kefu.shop.models import Order, OrderItem, Parcel, Product, TrackingEvent
from kefu.shop.policy import ShopPolicy
from kefu.shop.yaml_lines import ShopDataError, load_yaml_with_lines, where

EVENT_STATUSES = {"picked_up", "in_transit", "delivered", "exception"}
_DURATION = re.compile(r"^-(?:(\d+)d)?(?:(\d+)h)?(?:(\d+)m)?$")


def parse_relative_time(value: Any, now: datetime) -> datetime:
    """'-2d5h30m' -> now minus that duration."""
    match = _DURATION.match(str(value).strip())
    if not match or not any(match.groups()):
        raise ValueError(f"expected a time like '-2d5h30m', got {value!r}")
    days, hours, minutes = (int(group or 0) for group in match.groups())
    return now - timedelta(days=days, hours=hours, minutes=minutes)


def _require(node: Dict[str, Any], key: str, path: Path, what: str) -> Any:
    if not isinstance(node, dict) or key not in node or node[key] is None:
        raise ShopDataError(f"{where(path, node)}: {what} is missing '{key}'")
    return node[key]


def _top_list(path: Path, key: str) -> List[Any]:
    content = load_yaml_with_lines(path)
    if not isinstance(content, dict) or not isinstance(content.get(key), list):
        raise ShopDataError(f"{path}:1: expected a top-level '{key}:' list")
    return content[key]


def load_policy(path: Path) -> ShopPolicy:
    content = load_yaml_with_lines(path)
    try:
        return ShopPolicy.from_dict(content)
    except (KeyError, ValueError, TypeError) as error:
        raise ShopDataError(f"{path}: policy field missing or malformed: {error}") from error


def _attributes(node: Dict[str, Any], path: Path, sku: str) -> Tuple[Tuple[str, str], ...]:
    raw = node.get("attributes") or {}
    if not isinstance(raw, dict) or not all(isinstance(v, (str, int, float)) for v in raw.values()):
        raise ShopDataError(f"{where(path, node)}: product {sku} attributes must map a name to a sentence")
    return tuple((str(name), str(value)) for name, value in raw.items())


def load_products(path: Path) -> Dict[str, Product]:
    products: Dict[str, Product] = {}
    for node in _top_list(path, "products"):
        sku = str(_require(node, "sku", path, "product"))
        if sku in products:
            raise ShopDataError(f"{where(path, node)}: duplicate sku {sku}")
        try:
            price = float(_require(node, "price", path, f"product {sku}"))
        except (TypeError, ValueError):
            raise ShopDataError(f"{where(path, node)}: product {sku} has a price that is not a number") from None
        products[sku] = Product(
            sku=sku,
            name=str(_require(node, "name", path, f"product {sku}")),
            category=str(_require(node, "category", path, f"product {sku}")),
            price=price,
            reason=str(node.get("reason") or ""),
            tags=tuple(node.get("tags") or ()),
            recipients=tuple(node.get("for") or ()),
            flash_sale=bool(node.get("flash_sale", False)),
            related=tuple(str(s) for s in node.get("related") or ()),
            attributes=_attributes(node, path, sku),
        )
    for node in _top_list(path, "products"):
        for related in node.get("related") or ():
            if str(related) not in products:
                raise ShopDataError(f"{where(path, node)}: related sku {related} does not exist")
    return products


def _load_parcel(node: Dict[str, Any], path: Path, order_id: str, paid_at: datetime, now: datetime) -> Parcel:
    shipped = parse_relative_time(_require(node, "warehouse_shipped_at", path, "parcel"), now)
    if shipped < paid_at:
        raise ShopDataError(f"{where(path, node)}: order {order_id} shipped before it was paid")
    events, previous = [], shipped
    for event in node.get("events") or []:
        status = str(_require(event, "status", path, "tracking event"))
        if status not in EVENT_STATUSES:
            raise ShopDataError(f"{where(path, event)}: unknown event status {status!r}")
        at = parse_relative_time(_require(event, "at", path, "tracking event"), now)
        if at < previous:
            raise ShopDataError(f"{where(path, event)}: order {order_id} tracking events out of order")
        events.append(TrackingEvent(at=at, status=status, text=str(_require(event, "text", path, "tracking event"))))
        previous = at
    return Parcel(
        courier=str(_require(node, "courier", path, "parcel")),
        tracking_no=str(_require(node, "tracking_no", path, "parcel")),
        warehouse_shipped_at=shipped,
        events=tuple(events),
    )


def load_orders(path: Path, products: Dict[str, Product], now: datetime) -> Dict[str, Order]:
    orders: Dict[str, Order] = {}
    for node in _top_list(path, "orders"):
        order_id = str(_require(node, "order_id", path, "order"))
        if not is_order_id(order_id):
            raise ShopDataError(
                f"{where(path, node)}: order id {order_id!r} is not an order number (10-20 digits, not a mobile number)"
            )
        if order_id in orders:
            raise ShopDataError(f"{where(path, node)}: duplicate order id {order_id}")
        try:
            paid_at = parse_relative_time(_require(node, "paid_at", path, f"order {order_id}"), now)
            items = []
            for item in _require(node, "items", path, f"order {order_id}"):
                sku = str(_require(item, "sku", path, "order item"))
                if sku not in products:
                    raise ShopDataError(f"{where(path, item)}: order {order_id} has unknown sku {sku}")
                product = products[sku]
                items.append(
                    OrderItem(
                        sku,
                        product.name,
                        product.category,
                        int(item.get("qty", 1)),
                        float(_require(item, "price", path, "order item")),
                        product.flash_sale,
                    )
                )
            parcel = node.get("parcel")
            orders[order_id] = Order(
                order_id=order_id,
                account=str(node.get("account") or ""),
                phone=str(node.get("phone") or ""),
                paid_at=paid_at,
                items=tuple(items),
                parcel=_load_parcel(parcel, path, order_id, paid_at, now) if parcel else None,
            )
        except ValueError as error:
            if isinstance(error, ShopDataError):
                raise
            raise ShopDataError(f"{where(path, node)}: order {order_id}: {error}") from error
    return orders


def load_shop_data(data_dir: Path, now: datetime) -> Tuple[ShopPolicy, Dict[str, Product], Dict[str, Order]]:
    data_dir = Path(data_dir)
    policy = load_policy(data_dir / "policy.yml")
    products = load_products(data_dir / "products.yml")
    orders = load_orders(data_dir / "orders.yml", products, now.astimezone(policy.tz))
    return policy, products, orders


def main(argv: List[str] = None) -> int:
    from kefu.shop.sqlite_backend import SqliteShopBackend

    settings = Settings.from_env()
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", default=str(settings.shop_db))
    parser.add_argument("--data", default=str(settings.shop_data))
    args = parser.parse_args(argv)
    try:
        backend = SqliteShopBackend.create(Path(args.db), Path(args.data))
    except ShopDataError as error:
        print(f"Shop data error: {error}", file=sys.stderr)
        return 1
    print(
        f"Shop database {args.db}: {len(backend.list_products())} products, "
        f"{backend.count_orders()} orders seeded from {args.data}"
    )
    return 0
