"""Traditional characters folded to simplified, so that '空氣炸鍋還沒到' reads like '空气炸锅还没到'.

The NLU folds every message before tokenising (kefu_rasa/traditional_folding.py): the
lexicons, the classifier and the actions then see one script. The pairs are in
data/traditional.yml, which a trainer extends, with a few common typos ("发漂" for 发票,
"到那了" for 到哪了) folded the same way.
"""

from functools import cache
from pathlib import Path
from typing import Dict

import yaml

from kefu.settings import DATA_DIR

PAIRS_PATH = DATA_DIR / "traditional.yml"


@cache
def folding_table(path: Path = PAIRS_PATH) -> Dict[int, str]:
    raw = yaml.safe_load(Path(path).read_text(encoding="utf-8"))
    pairs = str(raw["pairs"]).split()
    bad = [pair for pair in pairs if len(pair) != 2]
    if bad:
        raise ValueError(f"{path}: each entry is two characters (traditional, simplified); not {bad[:3]}")
    return {ord(pair[0]): pair[1] for pair in pairs}


@cache
def typos(path: Path = PAIRS_PATH) -> Dict[str, str]:
    raw = yaml.safe_load(Path(path).read_text(encoding="utf-8"))
    return {str(typo): str(meant) for typo, meant in (raw.get("typos") or {}).items()}


def to_simplified(text: str) -> str:
    text = text.translate(folding_table())
    for typo, meant in typos().items():
        if typo in text:
            text = text.replace(typo, meant)
    return text
