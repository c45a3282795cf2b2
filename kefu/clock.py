"""Shop-local time, optionally pinned (Settings.now) for demos and end-to-end tests."""

from datetime import datetime

from kefu.shop.policy import ShopPolicy


def shop_now(policy: ShopPolicy, pinned: str = "") -> datetime:
    if pinned:
        moment = datetime.fromisoformat(pinned)
        return moment if moment.tzinfo else moment.replace(tzinfo=policy.tz)
    return datetime.now(policy.tz)
