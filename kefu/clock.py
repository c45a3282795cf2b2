"""Shop-local time. `KEFU_NOW` (ISO 8601) pins the clock for demos and end-to-end tests."""
import os
from datetime import datetime

from actions.shop.policy import ShopPolicy


def shop_now(policy: ShopPolicy) -> datetime:
    pinned = os.environ.get("KEFU_NOW")
    if pinned:
        moment = datetime.fromisoformat(pinned)
        return moment if moment.tzinfo else moment.replace(tzinfo=policy.tz)
    return datetime.now(policy.tz)
