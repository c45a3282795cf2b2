"""Two questions in one message ("我的单子…到哪了 还有能开发票吗") are answered one by one.

Rasa 3.6 could learn multi-intents, but only with `+` as the split symbol and training
examples and stories for every pair of intents; splitting the message at the words shoppers
use to join two questions reuses the single-intent model for any pair.
"""

import re
from typing import List

# A connective at a clause boundary starts a second question.
SECOND_QUESTION = re.compile(
    r"[\s,，。.!！?？~～;；]+(?=(?:还有|另外|顺便问下|顺便问一下|顺便|对了|再问下|再问一下|以及)\S)"
)
MIN_CLAUSE = 3
MAX_CLAUSES = 3


def split_questions(text: str) -> List[str]:
    """The message's questions, in order; the message itself when it holds one."""
    parts = [part.strip() for part in SECOND_QUESTION.split(text) if part.strip()]
    if len(parts) < 2 or any(len(part) < MIN_CLAUSE for part in parts):
        return [text]
    if len(parts) > MAX_CLAUSES:  # the rest stays together in the last question
        parts = parts[: MAX_CLAUSES - 1] + [" ".join(parts[MAX_CLAUSES - 1 :])]
    return parts
