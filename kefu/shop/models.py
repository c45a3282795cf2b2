"""Plain data the shop backend hands to the actions."""

from dataclasses import dataclass, field
from datetime import datetime
from typing import Optional, Tuple


@dataclass(frozen=True)
class Product:
    sku: str
    name: str
    category: str
    price: float
    reason: str
    tags: Tuple[str, ...] = ()
    recipients: Tuple[str, ...] = ()
    flash_sale: bool = False
    related: Tuple[str, ...] = ()
    # (name, the shop's wording) pairs, in catalogue order: ("材质", "100%棉"), ("尺码", "…")
    attributes: Tuple[Tuple[str, str], ...] = ()

    def attribute(self, name: str) -> Optional[str]:
        return dict(self.attributes).get(name)


@dataclass(frozen=True)
class OrderItem:
    sku: str
    name: str
    category: str
    qty: int
    price_paid: float
    flash_sale: bool = False


@dataclass(frozen=True)
class TrackingEvent:
    at: datetime
    status: str  # picked_up | in_transit | delivered | exception
    text: str


@dataclass(frozen=True)
class Parcel:
    courier: str
    tracking_no: str
    warehouse_shipped_at: datetime
    events: Tuple[TrackingEvent, ...] = ()

    @property
    def latest_event(self) -> Optional[TrackingEvent]:
        return self.events[-1] if self.events else None


@dataclass(frozen=True)
class Order:
    order_id: str
    account: str
    phone: str
    paid_at: datetime
    items: Tuple[OrderItem, ...]
    parcel: Optional[Parcel] = None

    @property
    def amount(self) -> float:
        return round(sum(item.price_paid * item.qty for item in self.items), 2)

    @property
    def delivered_at(self) -> Optional[datetime]:
        if self.parcel and self.parcel.latest_event and self.parcel.latest_event.status == "delivered":
            return self.parcel.latest_event.at
        return None


@dataclass(frozen=True)
class InvoiceRequest:
    order_id: str
    invoice_type: str
    title: str
    email: str
    tax_id: Optional[str] = None
    created_at: Optional[datetime] = field(default=None, compare=False)
