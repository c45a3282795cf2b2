"""Response variations chosen by Rasa's own generator from the slots the conversation has."""

import pytest
from rasa.core.nlg import TemplatedNaturalLanguageGenerator
from rasa.shared.core.domain import Domain

from kefu.settings import PROJECT_DIR


@pytest.fixture(scope="module")
def generator() -> TemplatedNaturalLanguageGenerator:
    return TemplatedNaturalLanguageGenerator(Domain.load(str(PROJECT_DIR / "domain.yml")).responses)


@pytest.mark.parametrize(
    "slots,asks_the_rest",
    [
        ({"recipient": None, "budget": None}, True),  # "有啥推荐的吗": whom and how much asked along
        ({"recipient": "妈妈", "budget": None}, False),  # told already: not asked again
        ({"recipient": None, "budget": "300"}, False),
    ],
)
def test_the_kind_asked_first_asks_whom_and_how_much_only_when_untold(generator, slots, asks_the_rest):
    reply = generator.generate_from_slots("utter_ask_product_category", slots, "rest")
    assert "哪一类" in reply["text"]
    assert ("预算" in reply["text"] and "送人" in reply["text"]) is asks_the_rest


def test_a_stalled_parcel_says_where_it_was_last_scanned(generator):
    """Where it has been stuck, not only since when (a shopper asks "卡在哪了" next otherwise)."""
    values = {"order_id": "6049983127756610", "courier": "圆通", "tracking_no": "YT7412301128864",
              "time": "12月04日 09:22", "event": "【成都市】快件已到达 成都转运中心"}  # fmt: skip
    reply = generator.generate_from_slots("utter_parcel_stalled", {}, "rest", **values)
    assert "成都转运中心" in reply["text"] and "12月04日 09:22" in reply["text"]
