"""Needs a shopper describes and the catalogue tags that meet them ("他血糖有点高" → 无蔗糖).

The words live in data/shop/needs.yml, which merchants edit beside the catalogue: a
recommendation for a need shows only products carrying one of the need's tags (and of its
categories, when the file limits them).
"""

from dataclasses import dataclass
from pathlib import Path
from typing import Any, Dict, Iterable, Tuple

import yaml

from kefu.shop.models import Product
from kefu.traditional import to_simplified

# right before a need's word: not wanted ("特别怕冷" is no 别); "他不跑步", "她不怕冷" are not theirs
TURNED_DOWN = ("不要", "不用", "不想要", "不", "不爱", "不怎么", "不喜欢", "从来不")


def wanted(text: str, word: str) -> bool:
    """Whether `word` is in `text` other than right after a word turning it down."""
    start = text.find(word)
    while start >= 0:
        if not text[max(0, start - 3) : start].endswith(TURNED_DOWN):
            return True
        start = text.find(word, start + 1)
    return False


@dataclass(frozen=True)
class Need:
    label: str  # how the bot names it ("爱出汗")
    says: Tuple[str, ...]  # what shoppers say about it
    tags: Tuple[str, ...]  # catalogue tags of the products that meet it
    categories: Tuple[str, ...] = ()  # only products of these categories, when given
    against: Tuple[str, ...] = ()  # categories that go against it (a summer dress for the cold)
    # a liking rather than a need (an occasion): a lower budget that nothing meeting it fits shows
    # the kind without it, said so; a need (血糖, 细纹) is never dropped for a price
    dropped_for_price: bool = False
    # an activity: told the person does not do it ("他不跑步"), its products are left out
    left_out_when_not_done: bool = False

    def met_by(self, product: Product) -> bool:
        in_category = not self.categories or product.category in self.categories
        return in_category and bool(set(self.tags) & set(product.tags))


def _words(spec: Dict[str, Any], key: str) -> Tuple[str, ...]:
    return tuple(str(word) for word in spec.get(key) or ())


@dataclass(frozen=True)
class Needs:
    needs: Dict[str, Need]

    @classmethod
    def load(cls, path: Path) -> "Needs":
        raw = yaml.safe_load(Path(path).read_text(encoding="utf-8")) or {}
        return cls(
            {
                str(name): Need(
                    str(spec.get("label") or name),
                    _words(spec, "says"),
                    _words(spec, "tags"),
                    _words(spec, "categories"),
                    _words(spec, "against"),
                    bool(spec.get("dropped_for_price", False)),
                    bool(spec.get("left_out_when_not_done", False)),
                )
                for name, spec in (raw.get("needs") or {}).items()
            }
        )

    def named_in(self, texts: Iterable[str]) -> Tuple[str, ...]:
        """The needs the messages describe, in the order of the file; not one turned down
        ("不要补水的 她主要想去皱纹" wants no 补水)."""
        folded = [to_simplified(text or "").lower() for text in texts]
        return tuple(
            name
            for name, need in self.needs.items()
            if any(wanted(text, w.lower()) for text in folded for w in need.says)
        )

    def turned_down_in(self, texts: Iterable[str]) -> Tuple[str, ...]:
        """The activities (`left_out_when_not_done`) the messages say the person does not do
        ("他不跑步"), never said wanted."""
        folded = [to_simplified(text or "").lower() for text in texts]
        activities = {name: need for name, need in self.needs.items() if need.left_out_when_not_done}
        said = [(name, w.lower()) for name, need in activities.items() for w in need.says]
        down = {name for name, word in said for text in folded if word in text and not wanted(text, word)}
        return tuple(name for name in down if name not in self.named_in(folded))

    def meets(self, product: Product, names: Iterable[str]) -> bool:
        """Does the product meet every one of these needs?"""
        return all(self.needs[name].met_by(product) for name in names if name in self.needs)

    def meets_any(self, product: Product, names: Iterable[str]) -> bool:
        """Does the product meet one of these needs (a running shoe, of 跑步 turned down)?"""
        return any(self.needs[name].met_by(product) for name in names if name in self.needs)

    def goes_against(self, product: Product, names: Iterable[str]) -> bool:
        """Is the product of a kind that goes against one of these needs (a dress for 怕冷)?"""
        return any(product.category in self.needs[name].against for name in names if name in self.needs)

    def for_the_kind(self, names: Iterable[str], category: str) -> Tuple[str, ...]:
        """The needs that apply to a search in `category`: a liking (dropped_for_price) limited to
        some kinds is no need in another ("年会的奖品", "去年会穿的外套": not only the gown)."""
        return tuple(
            name
            for name in names
            if name not in self.needs
            or not (self.needs[name].dropped_for_price and self.needs[name].categories)
            or category in self.needs[name].categories
        )

    def all_dropped_for_price(self, names: Iterable[str]) -> bool:
        """Are these needs all likings a lower budget may do without (dropped_for_price)?"""
        known = [self.needs[name] for name in names if name in self.needs]
        return bool(known) and all(need.dropped_for_price for need in known)

    def labels(self, names: Iterable[str]) -> str:
        """How the bot names these needs ("控糖、怕冷")."""
        return "、".join(self.needs[name].label for name in names if name in self.needs)
