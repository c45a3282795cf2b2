"""What the actions work with, built once per action-server process from Settings.

rasa_sdk instantiates action classes itself, so their collaborators cannot be
constructor arguments; this module is the one place they come from. Nothing is
opened at import time; tests install their own with `use(...)`.
"""

from datetime import datetime
from typing import Optional

from kefu.clock import shop_now
from kefu.handoff import KefuStore
from kefu.settings import Settings
from kefu.shop import ShopBackend, open_shop
from kefu.shop.attribute_words import AttributeWords
from kefu.shop.needs import Needs

_settings: Optional[Settings] = None
_shop: Optional[ShopBackend] = None
_store: Optional[KefuStore] = None
_attribute_words: Optional[AttributeWords] = None
_needs: Optional[Needs] = None


def settings() -> Settings:
    global _settings
    if _settings is None:
        _settings = Settings.from_env()
    return _settings


def shop() -> ShopBackend:
    global _shop
    if _shop is None:
        _shop = open_shop(settings().shop_db, settings().shop_data)
    return _shop


def attribute_words() -> AttributeWords:
    """The words that ask about each catalogue attribute (data/shop/attributes.yml)."""
    global _attribute_words
    if _attribute_words is None:
        _attribute_words = AttributeWords.load(settings().shop_data / "attributes.yml")
    return _attribute_words


def needs() -> Needs:
    """The needs shoppers describe and the catalogue tags that meet them (data/shop/needs.yml)."""
    global _needs
    if _needs is None:
        _needs = Needs.load(settings().shop_data / "needs.yml")
    return _needs


def store() -> KefuStore:
    global _store
    if _store is None:
        current = settings()
        _store = KefuStore(current.redis_url, current.retention_days * 86400, current.tickets_per_hour)
    return _store


def now() -> datetime:
    """Shop-local time (pinned when Settings.now is set)."""
    return shop_now(shop().policy, settings().now)


_KEEP = object()


def use(settings=_KEEP, shop=_KEEP, store=_KEEP) -> None:
    """Replaces the collaborators passed (tests); None makes one be built from the environment again."""
    global _settings, _shop, _store, _attribute_words
    if settings is not _KEEP:
        _settings, _attribute_words = settings, None
    if shop is not _KEEP:
        _shop = shop
    if store is not _KEEP:
        _store = store
