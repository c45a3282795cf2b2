"""ShopBackend on SQLite, seeded from data/shop/*.yml.

Seed tables (policy, products, orders, items, parcels, events) are rebuilt from
YAML in one transaction at every start; the tables the assistant writes
(invoice requests, parcel chases) are kept across restarts.
"""

import json
import sqlite3
from contextlib import closing, contextmanager
from datetime import datetime
from pathlib import Path
from typing import Iterator, List, Optional

from kefu.shop.backend import ShopBackend
from kefu.shop.models import InvoiceRequest, Order, OrderItem, Parcel, Product, TrackingEvent
from kefu.shop.policy import ShopPolicy
from kefu.shop.seed import load_policy, load_shop_data
from kefu.shop.yaml_lines import load_yaml_with_lines

SEED_SCHEMA = """
DROP TABLE IF EXISTS policy; DROP TABLE IF EXISTS products; DROP TABLE IF EXISTS orders;
DROP TABLE IF EXISTS order_items; DROP TABLE IF EXISTS parcels; DROP TABLE IF EXISTS tracking_events;
CREATE TABLE policy (id INTEGER PRIMARY KEY CHECK (id = 1), raw_json TEXT NOT NULL);
CREATE TABLE products (sku TEXT PRIMARY KEY, name TEXT NOT NULL, category TEXT NOT NULL,
    price REAL NOT NULL, reason TEXT NOT NULL, tags_json TEXT NOT NULL, recipients_json TEXT NOT NULL,
    flash_sale INTEGER NOT NULL, related_json TEXT NOT NULL, attributes_json TEXT NOT NULL);
CREATE TABLE orders (order_id TEXT PRIMARY KEY, account TEXT NOT NULL, phone TEXT NOT NULL, paid_at TEXT NOT NULL);
CREATE INDEX orders_by_account ON orders (account, paid_at);
CREATE TABLE order_items (order_id TEXT NOT NULL REFERENCES orders, position INTEGER NOT NULL,
    sku TEXT NOT NULL, name TEXT NOT NULL, category TEXT NOT NULL, qty INTEGER NOT NULL,
    price_paid REAL NOT NULL, flash_sale INTEGER NOT NULL, PRIMARY KEY (order_id, position));
CREATE TABLE parcels (order_id TEXT PRIMARY KEY REFERENCES orders, courier TEXT NOT NULL,
    tracking_no TEXT NOT NULL, warehouse_shipped_at TEXT NOT NULL);
CREATE TABLE tracking_events (order_id TEXT NOT NULL REFERENCES parcels, position INTEGER NOT NULL,
    at TEXT NOT NULL, status TEXT NOT NULL, text TEXT NOT NULL, PRIMARY KEY (order_id, position));
"""

RUNTIME_SCHEMA = """
CREATE TABLE IF NOT EXISTS invoice_requests (order_id TEXT PRIMARY KEY, invoice_type TEXT NOT NULL,
    title TEXT NOT NULL, tax_id TEXT, email TEXT NOT NULL, created_at TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS parcel_chases (order_id TEXT PRIMARY KEY, created_at TEXT NOT NULL);
"""


class SqliteShopBackend(ShopBackend):
    def __init__(self, db_path: Path):
        self.db_path = Path(db_path)
        self._policy: Optional[ShopPolicy] = None

    @classmethod
    def create(cls, db_path: Path, data_dir: Path, now: Optional[datetime] = None) -> "SqliteShopBackend":
        """Checks the YAML, then rebuilds the seed tables. Raises ShopDataError on broken data."""
        data_dir = Path(data_dir)
        policy = load_policy(data_dir / "policy.yml")
        now = now or datetime.now(policy.tz)
        policy, products, orders = load_shop_data(data_dir, now)
        raw_policy = load_yaml_with_lines(data_dir / "policy.yml")
        backend = cls(db_path)
        backend.db_path.parent.mkdir(parents=True, exist_ok=True)
        with backend._connect() as db:
            db.executescript("BEGIN;" + SEED_SCHEMA + RUNTIME_SCHEMA)
            db.execute("INSERT INTO policy VALUES (1, ?)", (json.dumps(raw_policy, default=str),))
            db.executemany(
                "INSERT INTO products VALUES (?,?,?,?,?,?,?,?,?,?)",
                [
                    (
                        p.sku,
                        p.name,
                        p.category,
                        p.price,
                        p.reason,
                        json.dumps(p.tags, ensure_ascii=False),
                        json.dumps(p.recipients, ensure_ascii=False),
                        int(p.flash_sale),
                        json.dumps(p.related),
                        json.dumps(p.attributes, ensure_ascii=False),
                    )
                    for p in products.values()
                ],
            )
            for order in orders.values():
                db.execute(
                    "INSERT INTO orders VALUES (?,?,?,?)",
                    (order.order_id, order.account, order.phone, order.paid_at.isoformat()),
                )
                db.executemany(
                    "INSERT INTO order_items VALUES (?,?,?,?,?,?,?,?)",
                    [
                        (order.order_id, i, it.sku, it.name, it.category, it.qty, it.price_paid, int(it.flash_sale))
                        for i, it in enumerate(order.items)
                    ],
                )
                if order.parcel:
                    p = order.parcel
                    db.execute(
                        "INSERT INTO parcels VALUES (?,?,?,?)",
                        (order.order_id, p.courier, p.tracking_no, p.warehouse_shipped_at.isoformat()),
                    )
                    db.executemany(
                        "INSERT INTO tracking_events VALUES (?,?,?,?,?)",
                        [(order.order_id, i, e.at.isoformat(), e.status, e.text) for i, e in enumerate(p.events)],
                    )
            db.execute("COMMIT")
        return backend

    @contextmanager
    def _connect(self) -> Iterator[sqlite3.Connection]:
        # isolation_level=None: transactions are explicit (BEGIN ... COMMIT) where they matter.
        with closing(sqlite3.connect(self.db_path, isolation_level=None)) as db:
            db.row_factory = sqlite3.Row
            yield db

    @property
    def policy(self) -> ShopPolicy:
        if self._policy is None:
            with self._connect() as db:
                row = db.execute("SELECT raw_json FROM policy").fetchone()
            self._policy = ShopPolicy.from_dict(json.loads(row["raw_json"]))
        return self._policy

    def count_orders(self) -> int:
        return len(self.list_order_ids())

    def list_order_ids(self) -> List[str]:
        with self._connect() as db:
            return [row[0] for row in db.execute("SELECT order_id FROM orders ORDER BY order_id")]

    def list_account_order_ids(self, account: str) -> List[str]:
        with self._connect() as db:
            query = "SELECT order_id FROM orders WHERE account = ? ORDER BY paid_at DESC"
            return [row[0] for row in db.execute(query, (account,))]

    def get_order(self, order_id: str) -> Optional[Order]:
        with self._connect() as db:
            row = db.execute("SELECT * FROM orders WHERE order_id = ?", (order_id,)).fetchone()
            if row is None:
                return None
            items = tuple(
                OrderItem(r["sku"], r["name"], r["category"], r["qty"], r["price_paid"], bool(r["flash_sale"]))
                for r in db.execute("SELECT * FROM order_items WHERE order_id = ? ORDER BY position", (order_id,))
            )
            parcel_row = db.execute("SELECT * FROM parcels WHERE order_id = ?", (order_id,)).fetchone()
            parcel = None
            if parcel_row:
                events = tuple(
                    TrackingEvent(datetime.fromisoformat(r["at"]), r["status"], r["text"])
                    for r in db.execute(
                        "SELECT * FROM tracking_events WHERE order_id = ? ORDER BY position", (order_id,)
                    )
                )
                parcel = Parcel(
                    parcel_row["courier"],
                    parcel_row["tracking_no"],
                    datetime.fromisoformat(parcel_row["warehouse_shipped_at"]),
                    events,
                )
        return Order(
            row["order_id"], row["account"], row["phone"], datetime.fromisoformat(row["paid_at"]), items, parcel
        )

    @staticmethod
    def _product(row: sqlite3.Row) -> Product:
        return Product(
            sku=row["sku"],
            name=row["name"],
            category=row["category"],
            price=row["price"],
            reason=row["reason"],
            tags=tuple(json.loads(row["tags_json"])),
            recipients=tuple(json.loads(row["recipients_json"])),
            flash_sale=bool(row["flash_sale"]),
            related=tuple(json.loads(row["related_json"])),
            attributes=tuple((name, value) for name, value in json.loads(row["attributes_json"])),
        )

    def get_product(self, sku: str) -> Optional[Product]:
        with self._connect() as db:
            row = db.execute("SELECT * FROM products WHERE sku = ?", (sku,)).fetchone()
        return self._product(row) if row else None

    def list_products(self, category: Optional[str] = None) -> List[Product]:
        with self._connect() as db:
            if category is None:
                rows = db.execute("SELECT * FROM products ORDER BY sku").fetchall()
            else:
                rows = db.execute("SELECT * FROM products WHERE category = ? ORDER BY sku", (category,)).fetchall()
        return [self._product(row) for row in rows]

    def save_invoice_request(self, request: InvoiceRequest, now: datetime) -> None:
        with self._connect() as db:
            db.execute(
                "INSERT OR REPLACE INTO invoice_requests VALUES (?,?,?,?,?,?)",
                (request.order_id, request.invoice_type, request.title, request.tax_id, request.email, now.isoformat()),
            )

    def get_invoice_request(self, order_id: str) -> Optional[InvoiceRequest]:
        with self._connect() as db:
            row = db.execute("SELECT * FROM invoice_requests WHERE order_id = ?", (order_id,)).fetchone()
        if row is None:
            return None
        return InvoiceRequest(
            row["order_id"],
            row["invoice_type"],
            row["title"],
            row["email"],
            row["tax_id"],
            datetime.fromisoformat(row["created_at"]),
        )

    def register_chase(self, order_id: str, now: datetime) -> bool:
        with self._connect() as db:
            cursor = db.execute("INSERT OR IGNORE INTO parcel_chases VALUES (?, ?)", (order_id, now.isoformat()))
            return cursor.rowcount == 1
