"""The parcel state that decides the wording (DESIGN.md §1: words follow the real state)."""

from datetime import datetime, timedelta
from enum import Enum
from typing import Any, Dict, Tuple

from kefu.shop.models import Order
from kefu.shop.policy import ShopPolicy


class ParcelState(str, Enum):
    NOT_SHIPPED = "not_shipped"  # warehouse has not shipped
    AWAITING_PICKUP = "awaiting_pickup"  # warehouse marked shipped, no courier scan yet
    PICKED_UP = "picked_up"  # courier's pick-up scan: only now "已经发货"
    IN_TRANSIT = "in_transit"
    STALLED = "stalled"  # no update for stalled_after_hours
    DELIVERED = "delivered"
    EXCEPTION = "exception"  # backlog (爆仓), blocked region, failed delivery


def parcel_state(order: Order, now: datetime, stalled_after_hours: int) -> ParcelState:
    parcel = order.parcel
    if parcel is None:
        return ParcelState.NOT_SHIPPED
    latest = parcel.latest_event
    if latest is None:
        return ParcelState.AWAITING_PICKUP
    if latest.status == "delivered":
        return ParcelState.DELIVERED
    if latest.status == "exception":
        return ParcelState.EXCEPTION
    if now - latest.at >= timedelta(hours=stalled_after_hours):
        return ParcelState.STALLED
    if latest.status == "picked_up":
        return ParcelState.PICKED_UP
    return ParcelState.IN_TRANSIT


TIME_FORMAT = "%m月%d日 %H:%M"


def parcel_facts(order: Order, policy: ShopPolicy, now: datetime) -> Tuple[ParcelState, Dict[str, Any]]:
    """The parcel's state and what may be said about it: order number, usual handling days
    before dispatch, else courier, tracking number and the latest tracking event."""
    state = parcel_state(order, now, policy.stalled_after_hours)
    values: Dict[str, Any] = {"order_id": order.order_id}
    if state == ParcelState.NOT_SHIPPED:
        values["handling_days"] = (
            policy.promotion_handling_days if policy.promotion_active(now) else policy.handling_days
        )
        values["days_since_paid"] = (now - order.paid_at).days
    else:
        parcel = order.parcel
        values.update(courier=parcel.courier, tracking_no=parcel.tracking_no)
        latest = parcel.latest_event
        if latest:
            values.update(time=latest.at.astimezone(policy.tz).strftime(TIME_FORMAT), event=latest.text)
        elif now - parcel.warehouse_shipped_at >= timedelta(hours=policy.stalled_after_hours):
            # handed over by the warehouse days ago and still no pickup scan: as late as a stalled parcel
            values["days_since_dispatch"] = (now - parcel.warehouse_shipped_at).days
    return state, values


def pickup_overdue(values: Dict[str, Any]) -> bool:
    """Awaiting pickup longer than a parcel may go without an update (`stalled_after_hours`)."""
    return "days_since_dispatch" in values


def dispatch_overdue(values: Dict[str, Any]) -> bool:
    """An unshipped order paid more whole days ago (24-hour periods) than the usual handling
    days, which count working days: so the answer does not depend on the weekday, and the reply
    says only how long it has waited, never that a working-day promise was broken."""
    return values.get("days_since_paid", 0) > values.get("handling_days", 0)
