"""Shop data behind one interface (ShopBackend); SQLite seeded from data/shop/*.yml."""
import os
from pathlib import Path
from typing import Optional

from actions.shop.backend import ShopBackend
from actions.shop.seed import DEFAULT_DATA_DIR
from actions.shop.sqlite_backend import SqliteShopBackend

_backend: Optional[ShopBackend] = None


def get_backend() -> ShopBackend:
    """The shop the actions use. Opened on first use, never at import time.

    `make run` seeds the database before the action server starts (and stops on
    broken data); if it is missing, it is seeded here.
    """
    global _backend
    if _backend is None:
        db_path = Path(os.environ.get("KEFU_SHOP_DB", "var/shop.sqlite"))
        data_dir = Path(os.environ.get("KEFU_SHOP_DATA", str(DEFAULT_DATA_DIR)))
        _backend = SqliteShopBackend(db_path) if db_path.exists() else SqliteShopBackend.create(db_path, data_dir)
    return _backend


def set_backend(backend: Optional[ShopBackend]) -> None:
    """Lets tests use a fresh shop."""
    global _backend
    _backend = backend
