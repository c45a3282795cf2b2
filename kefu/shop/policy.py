"""Shop policy (data/shop/policy.yml) as typed values."""

import re
from dataclasses import dataclass, field
from datetime import date, datetime, time
from typing import Any, Dict, Optional, Tuple
from zoneinfo import ZoneInfo

# A price drop told by its prices: "买的时候699 现在599", "当时299现在259了", "差了100"
PRICE_DROP_TOLD = re.compile(
    r"(?:买的时候|当时|之前|原来|原价)\D{0,4}\d+.{0,8}?现在\D{0,4}\d+|差了\s*\d+"
    r"|\d+\s*(?:元|块)?\s*买的.{0,8}?现在\D{0,4}\d+(?![\d天号点个件小分周])"  # "我699买的 现在599了", not "现在都5天了"
    r"|差\s*\d+\s*(?:块|元)?.{0,4}(?:能补|补吗|补不|补给|能退)"  # "差100块 能补吗"
    # "羽绒服降到399了 我459买的": a drop to a price told with what was paid (not "能降到250吗",
    # "电量降到0", "温度能降到多少")
    r"|(?<![能会要量度])(?:降|跌)到\s*\d+\s*(?:元|块)?了.{0,8}?\d+\s*(?:元|块)?\s*买的"
)


ONESELF = "自己"  # the recipient lexicon's word for the shopper themself


@dataclass(frozen=True)
class Promotions:
    """The shop's coupons and discounts as it words them (policy.yml `promotions`)."""

    coupons: str = ""
    discounts: str = ""
    gifts: str = ""
    stacking: str = ""
    coupon_rules: str = ""
    refunds: str = ""  # how a return is refunded when a coupon or 满减 was used
    stacking_words: Tuple[str, ...] = ()
    unusable_words: Tuple[str, ...] = ()
    gift_words: Tuple[str, ...] = ()
    bargain_words: Tuple[str, ...] = ()
    several_pieces_words: Tuple[str, ...] = ()

    @classmethod
    def from_dict(cls, raw: Dict[str, Any]) -> "Promotions":
        words = ("stacking_words", "unusable_words", "gift_words", "bargain_words", "several_pieces_words")
        return cls(
            **{
                key: str(raw.get(key) or "")
                for key in ("coupons", "discounts", "gifts", "stacking", "coupon_rules", "refunds")
            },
            **{key: tuple(str(w) for w in raw.get(key) or ()) for key in words},
        )


@dataclass(frozen=True)
class Couriers:
    """Which couriers the warehouse uses and where it ships (policy.yml `couriers`)."""

    default: Tuple[str, ...] = ()
    upgrade: str = ""
    upgrade_fee: str = ""
    remote_regions: Tuple[str, ...] = ()
    remote_fee: str = ""
    remote_transit_days: str = ""
    not_served: Tuple[str, ...] = ()
    cod: bool = False

    @classmethod
    def from_dict(cls, raw: Dict[str, Any]) -> "Couriers":
        return cls(
            default=tuple(str(c) for c in raw.get("default") or ()),
            upgrade=str(raw.get("upgrade") or ""),
            upgrade_fee=str(raw.get("upgrade_fee") or ""),
            remote_regions=tuple(str(r) for r in raw.get("remote_regions") or ()),
            remote_fee=str(raw.get("remote_fee") or ""),
            remote_transit_days=str(raw.get("remote_transit_days") or ""),
            not_served=tuple(str(r) for r in raw.get("not_served") or ()),
            cod=bool(raw.get("cod", False)),
        )


@dataclass(frozen=True)
class ShopPolicy:
    shop_name: str
    bot_name: str
    timezone: str
    dispatch_cutoff: time
    handling_days: int
    weekend_dispatch: bool
    transit_days: str
    free_shipping_threshold: float
    stalled_after_hours: int
    promotion_enabled: bool
    promotion_name: str
    promotion_start: date
    promotion_end: date
    promotion_handling_days: int
    return_window_days: int
    non_returnable_categories: Tuple[str, ...]
    special_price_returnable: bool  # 秒杀/特价 items under 七天无理由 (without a quality problem)
    price_protection_days: int
    price_protection_bot_limit: float
    invoice_lead_days: int
    invoice_types: Tuple[str, ...]
    minutes_per_shopper_ahead: int
    invoice_format: str = ""  # electronic or paper, as the shop words it
    recommend_max_items: int = 2
    size_sensitive_categories: Tuple[str, ...] = ()
    only_made_for: Tuple[str, ...] = ()  # recipients shown only what is made for them (children)
    price_protection_words: Tuple[str, ...] = ()
    quality_problem_words: Tuple[str, ...] = ()
    refund_time_words: Tuple[str, ...] = ()
    refund_overdue_words: Tuple[str, ...] = ()
    refund_destination_words: Tuple[str, ...] = ()  # "退到花呗还是余额": where, not when
    not_shipped_words: Tuple[str, ...] = ()
    exchange_words: Tuple[str, ...] = ()
    shipping_fee_words: Tuple[str, ...] = ()
    refund_arrival: str = "1-3个工作日"
    return_address: str = ""
    category_groups: Dict[str, Tuple[str, ...]] = field(default_factory=dict)
    recipient_sides: Dict[str, Tuple[str, ...]] = field(default_factory=dict)  # 女: (妈妈, 女朋友)
    side_words: Dict[str, Tuple[str, ...]] = field(default_factory=dict)  # 男: (男同事, 爷爷, 兄弟…)
    both_sides_words: Tuple[str, ...] = ()  # "男女都能用": either side
    side_only_kinds: Dict[str, Tuple[str, ...]] = field(default_factory=dict)  # 女: (连衣裙,)
    promotions: Promotions = field(default_factory=Promotions)
    couriers: Couriers = field(default_factory=Couriers)

    @property
    def tz(self) -> ZoneInfo:
        return ZoneInfo(self.timezone)

    def names_a_defect(self, text: str) -> bool:
        """ "拉链坏了", "开线了", "发错了": a problem with the goods (keywords.quality_problem)."""
        return any(word in text for word in self.quality_problem_words)

    def names_a_price_drop(self, text: str) -> bool:
        """ "降价了" (keywords.price_protection), or the drop told by its prices: "买的时候699 现在599",
        "差了100"."""
        return any(word in text for word in self.price_protection_words) or bool(PRICE_DROP_TOLD.search(text))

    def side_of(self, recipient: Optional[str]) -> Optional[str]:
        """The side of a recipient that has one (妈妈: 女); None for 朋友, 老人, 孩子, 自己."""
        return next((side for side, people in self.recipient_sides.items() if recipient in people), None)

    def sides_named(self, text: str) -> Tuple[str, ...]:
        """The sides the words of a message tell ("送男同事", "我奶奶": one; "男女都能用": all)."""
        if any(word in text for word in self.both_sides_words):
            return tuple(self.side_words)
        return tuple(side for side, words in self.side_words.items() if any(word in text for word in words))

    def made_only_for_the_other_side(self, product: Any, side: Optional[str], recipient: Optional[str] = None) -> bool:
        """A product for people of one side only (a men's jacket: 自己, 男朋友, 爸爸) or of a kind
        only that side wears (a dress), and someone of the other side (妈妈, "男同事"); a product
        whose `for` lists the recipient ("送兄弟" and the air fryer for 朋友) only by its kind."""
        if side is None:
            return False
        others = [other for other in self.recipient_sides if other != side]
        if any(product.category in self.side_only_kinds.get(other, ()) for other in others):
            return True
        if recipient not in (None, ONESELF) and recipient in product.recipients:
            return False  # (自己 is listed nearly everywhere: it tells no side)
        sided = {person for people in self.recipient_sides.values() for person in people}
        named = set(product.recipients) & sided
        return bool(named) and not named & set(self.recipient_sides.get(side, ()))

    def promotion_active(self, now: datetime) -> bool:
        today = now.astimezone(self.tz).date()
        return self.promotion_enabled and self.promotion_start <= today <= self.promotion_end

    @classmethod
    def from_dict(cls, raw: Dict[str, Any]) -> "ShopPolicy":
        """Raises KeyError/ValueError/TypeError on a missing or malformed field."""
        shipping, promotion = raw["shipping"], raw["promotion"]
        returns, protection = raw["returns"], raw["price_protection"]
        hour, minute = (int(part) for part in str(shipping["dispatch_cutoff"]).split(":"))
        ZoneInfo(raw["timezone"])  # fail early on an unknown timezone
        return cls(
            shop_name=str(raw["shop_name"]),
            bot_name=str(raw["bot_name"]),
            timezone=str(raw["timezone"]),
            dispatch_cutoff=time(hour, minute),
            handling_days=int(shipping["handling_days"]),
            weekend_dispatch=bool(shipping["weekend_dispatch"]),
            transit_days=str(shipping["transit_days"]),
            free_shipping_threshold=float(shipping["free_shipping_threshold"]),
            stalled_after_hours=int(shipping["stalled_after_hours"]),
            promotion_enabled=bool(promotion["enabled"]),
            promotion_name=str(promotion["name"]),
            promotion_start=date.fromisoformat(str(promotion["start"])),
            promotion_end=date.fromisoformat(str(promotion["end"])),
            promotion_handling_days=int(promotion["handling_days"]),
            return_window_days=int(returns["window_days"]),
            non_returnable_categories=tuple(returns["non_returnable_categories"]),
            special_price_returnable=bool(returns.get("special_price_returnable", False)),
            price_protection_days=int(protection["window_days"]),
            price_protection_bot_limit=float(protection["bot_refund_limit"]),
            invoice_lead_days=int(raw["invoice"]["lead_days"]),
            invoice_types=tuple(raw["invoice"]["types"]),
            invoice_format=str(raw["invoice"].get("format") or ""),
            minutes_per_shopper_ahead=int(raw["handoff"]["minutes_per_shopper_ahead"]),
            recommend_max_items=int(raw["recommend"]["max_items"]),
            size_sensitive_categories=tuple(raw["recommend"]["size_sensitive_categories"]),
            only_made_for=tuple(raw["recommend"].get("only_made_for") or ()),
            price_protection_words=tuple(raw.get("keywords", {}).get("price_protection", ())),
            quality_problem_words=tuple(raw.get("keywords", {}).get("quality_problem", ())),
            refund_time_words=tuple(raw.get("keywords", {}).get("refund_time", ())),
            refund_overdue_words=tuple(raw.get("keywords", {}).get("refund_overdue", ())),
            refund_destination_words=tuple(raw.get("keywords", {}).get("refund_destination", ())),
            not_shipped_words=tuple(raw.get("keywords", {}).get("not_shipped", ())),
            exchange_words=tuple(raw.get("keywords", {}).get("exchange", ())),
            shipping_fee_words=tuple(raw.get("keywords", {}).get("shipping_fee", ())),
            refund_arrival=str(returns.get("refund_arrival", "1-3个工作日")),
            return_address=str(returns.get("address") or ""),
            category_groups={
                str(word): tuple(members) for word, members in (raw["recommend"].get("category_groups") or {}).items()
            },
            recipient_sides={
                str(side): tuple(people) for side, people in (raw["recommend"].get("recipient_sides") or {}).items()
            },
            side_words={str(side): tuple(words) for side, words in (raw["recommend"].get("side_words") or {}).items()},
            both_sides_words=tuple(raw["recommend"].get("both_sides_words") or ()),
            side_only_kinds={
                str(side): tuple(kinds) for side, kinds in (raw["recommend"].get("side_only_kinds") or {}).items()
            },
            promotions=Promotions.from_dict(raw.get("promotions") or {}),
            couriers=Couriers.from_dict(raw.get("couriers") or {}),
        )
