"""The parcel state that decides the wording (DESIGN.md §1: words follow the real state)."""
from datetime import datetime, timedelta
from enum import Enum

from actions.shop.models import Order


class ParcelState(str, Enum):
    NOT_SHIPPED = "not_shipped"          # warehouse has not shipped
    AWAITING_PICKUP = "awaiting_pickup"  # warehouse marked shipped, no courier scan yet
    PICKED_UP = "picked_up"              # courier's pick-up scan: only now "已经发货"
    IN_TRANSIT = "in_transit"
    STALLED = "stalled"                  # no update for stalled_after_hours
    DELIVERED = "delivered"
    EXCEPTION = "exception"              # backlog (爆仓), blocked region, failed delivery


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
