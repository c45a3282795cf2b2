"""Which catalogue attributes a message asks about ("面料是啥 能机洗吗" → 材质, 洗涤).

The words live in data/shop/attributes.yml, which trainers and merchants edit.
"""

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Dict, List, Optional, Tuple

import yaml

from kefu.shop.models import Product
from kefu.traditional import to_simplified


@dataclass(frozen=True)
class AttributeWords:
    words: Dict[str, Tuple[str, ...]]  # attribute name -> words that ask about it
    read_instead: Dict[str, Tuple[str, ...]] = field(default_factory=dict)
    patterns: Dict[str, Tuple[re.Pattern, ...]] = field(default_factory=dict)  # "穿2XL行不行" -> 尺码

    @classmethod
    def load(cls, path: Path) -> "AttributeWords":
        raw = yaml.safe_load(Path(path).read_text(encoding="utf-8")) or {}
        words = {str(name): tuple(str(w) for w in ws or ()) for name, ws in (raw.get("attributes") or {}).items()}
        instead = {str(name): tuple(str(n) for n in ns or ()) for name, ns in (raw.get("read_instead") or {}).items()}
        patterns = {
            str(name): tuple(re.compile(str(p), re.IGNORECASE) for p in ps or ())
            for name, ps in (raw.get("patterns") or {}).items()
        }
        return cls(words, instead, patterns)

    def asked(self, text: str) -> List[str]:
        """The attributes asked about, in the order the message names them. At each place the
        longest word wins, so "多大码" asks for 尺码 and not the 规格 of "多大"."""
        text = to_simplified(text).lower()
        hits: List[Tuple[int, int, str]] = []  # (start, -length, attribute)
        for name, words in self.words.items():
            for word in words:
                start = text.find(word.lower())
                while start != -1:
                    hits.append((start, -len(word), name))
                    start = text.find(word.lower(), start + 1)
        for name, patterns in self.patterns.items():
            for pattern in patterns:
                hits += [(m.start(), -(m.end() - m.start()), name) for m in pattern.finditer(text)]
        asked: List[str] = []
        covered_until = -1
        for start, minus_length, name in sorted(hits):
            if start < covered_until:
                continue  # inside a longer word already read
            if start == covered_until and text.startswith("多", start) and asked:
                continue  # "保质期多长": the 多长 asks about the word before it, not 衣长
            covered_until = start - minus_length
            if name not in asked:
                asked.append(name)
        return asked

    def without_words(self, text: str) -> str:
        """The text with every attribute word blanked out ("有礼盒包装吗" → "有  吗")."""
        text = to_simplified(text).lower()
        for word in sorted((w.lower() for ws in self.words.values() for w in ws), key=len, reverse=True):
            text = text.replace(word, " ")
        return text

    def value(self, product: Product, name: str) -> Optional[Tuple[str, str]]:
        """(the attribute read, the shop's sentence) for the asked name, or None: never invented."""
        for candidate in (name, *self.read_instead.get(name, ())):
            wording = product.attribute(candidate)
            if wording:
                return candidate, wording
        return None
