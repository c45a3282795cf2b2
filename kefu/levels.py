"""Risk levels: their order, the label agents see and the ticket priority (the one list of them).

none < low < high < critical. High and critical go to a person at once; a
ticket opened for another reason (an explicit request, repeated failures)
carries the conversation's level, usually none.
"""

from dataclasses import dataclass
from typing import Dict, Tuple


@dataclass(frozen=True)
class Level:
    name: str
    label: str  # what the agent console shows
    priority: int  # queue priority: higher is served first


LEVELS: Tuple[Level, ...] = (
    Level("none", "普通", 1),
    Level("low", "普通", 1),
    Level("high", "高风险", 2),
    Level("critical", "紧急", 3),
)
LEVEL_NAMES = tuple(level.name for level in LEVELS)
_BY_NAME: Dict[str, Level] = {level.name: level for level in LEVELS}


def level(name: str) -> Level:
    """Raises KeyError for a name that is not a level."""
    return _BY_NAME[name]


def level_rank(name: str) -> int:
    return LEVEL_NAMES.index(name)


def priority_labels() -> Dict[int, str]:
    """Queue priority -> label, for the agent console (the highest level of each priority)."""
    return {lv.priority: lv.label for lv in LEVELS}
