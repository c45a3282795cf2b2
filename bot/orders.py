"""What an agent sees of the order behind a ticket, with its parcel's state."""

from datetime import datetime
from typing import Any, Dict, Optional

from kefu.shop import ShopBackend
from kefu.shop.parcel_state import parcel_facts


def order_details(shop: ShopBackend, order_id: Optional[str], now: datetime) -> Optional[Dict[str, Any]]:
    if not order_id:
        return None
    order = shop.get_order(order_id)
    if order is None:
        return None
    state, facts = parcel_facts(order, shop.policy, now)
    return {
        "order_id": order.order_id,
        "account": order.account,
        "phone": order.phone,
        "amount": order.amount,
        "paid_at": order.paid_at.isoformat(),
        "items": [{"name": i.name, "qty": i.qty, "price": i.price_paid} for i in order.items],
        "parcel_state": state.value,
        "courier": facts.get("courier"),
        "tracking_no": facts.get("tracking_no"),
        "latest_event": facts.get("event"),
        "latest_event_time": facts.get("time"),
    }
