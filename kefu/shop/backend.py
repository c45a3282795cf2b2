"""The one interface through which actions see the shop (a real platform API can implement it later)."""

from abc import ABC, abstractmethod
from datetime import datetime
from typing import List, Optional

from kefu.shop.models import InvoiceRequest, Order, Product
from kefu.shop.policy import ShopPolicy


class ShopBackend(ABC):
    @property
    @abstractmethod
    def policy(self) -> ShopPolicy: ...

    @abstractmethod
    def get_order(self, order_id: str) -> Optional[Order]: ...

    @abstractmethod
    def list_order_ids(self) -> List[str]: ...

    @abstractmethod
    def list_account_order_ids(self, account: str) -> List[str]:
        """The orders of one shopper's account ("我上次买的卫衣跟牛仔裤": which of theirs)."""

    @abstractmethod
    def get_product(self, sku: str) -> Optional[Product]: ...

    @abstractmethod
    def list_products(self, category: Optional[str] = None) -> List[Product]: ...

    @abstractmethod
    def save_invoice_request(self, request: InvoiceRequest, now: datetime) -> None:
        """Stores (or replaces) the invoice request of an order."""

    @abstractmethod
    def get_invoice_request(self, order_id: str) -> Optional[InvoiceRequest]: ...

    @abstractmethod
    def register_chase(self, order_id: str, now: datetime) -> bool:
        """Registers a parcel chase (催件); False when one is already open for the order."""

    def categories(self) -> List[str]:
        return sorted({product.category for product in self.list_products()})
