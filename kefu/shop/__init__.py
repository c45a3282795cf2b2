"""Shop data behind one interface (ShopBackend); SQLite seeded from data/shop/*.yml."""

from pathlib import Path

from kefu.shop.backend import ShopBackend
from kefu.shop.sqlite_backend import SqliteShopBackend


def open_shop(db_path: Path, data_dir: Path) -> ShopBackend:
    """The shop database at `db_path`; seeded from `data_dir` when it does not exist yet.

    `make run` seeds it before any server starts (and stops on broken data).
    """
    db_path = Path(db_path)
    return SqliteShopBackend(db_path) if db_path.exists() else SqliteShopBackend.create(db_path, data_dir)
