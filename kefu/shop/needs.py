"""Needs a shopper describes and the catalogue tags that meet them ("他血糖有点高" → 无蔗糖).

The words live in data/shop/needs.yml, which merchants edit beside the catalogue: a
recommendation for a need shows only products carrying one of the need's tags.
"""

from dataclasses import dataclass
from pathlib import Path
from typing import Dict, Iterable, Tuple

import yaml

from kefu.shop.models import Product
from kefu.traditional import to_simplified


@dataclass(frozen=True)
class Need:
    says: Tuple[str, ...]  # what shoppers say about it
    tags: Tuple[str, ...]  # catalogue tags of the products that meet it


@dataclass(frozen=True)
class Needs:
    needs: Dict[str, Need]

    @classmethod
    def load(cls, path: Path) -> "Needs":
        raw = yaml.safe_load(Path(path).read_text(encoding="utf-8")) or {}
        return cls(
            {
                str(name): Need(
                    tuple(str(w) for w in spec.get("says") or ()), tuple(str(t) for t in spec.get("tags") or ())
                )
                for name, spec in (raw.get("needs") or {}).items()
            }
        )

    def named_in(self, texts: Iterable[str]) -> Tuple[str, ...]:
        """The needs the messages describe, in the order of the file."""
        folded = [to_simplified(text or "").lower() for text in texts]
        return tuple(
            name for name, need in self.needs.items() if any(w.lower() in text for text in folded for w in need.says)
        )

    def meets(self, product: Product, names: Iterable[str]) -> bool:
        """Does the product carry a tag of every one of these needs?"""
        return all(set(self.needs[name].tags) & set(product.tags) for name in names if name in self.needs)
