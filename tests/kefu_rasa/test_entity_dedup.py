"""One entity per span, and no order number that lacks the shop's shape."""

from kefu_rasa.entity_dedup import deduplicate


def entity(name, value, start, extractor="DIETClassifier"):
    return {"entity": name, "value": value, "start": start, "end": start + len(value), "extractor": extractor}


def test_the_regex_copy_of_an_order_number_wins_over_diets():
    found = deduplicate(
        [entity("order_id", "3927716640582219", 0), entity("order_id", "3927716640582219", 0, "RegexEntityExtractor")]
    )
    assert [e["extractor"] for e in found] == ["RegexEntityExtractor"]


def test_a_price_that_diet_took_for_an_order_number_is_dropped():
    """ "我就买这一个39.9的能用券吗" is a coupon question, not an order to look up."""
    assert deduplicate([entity("order_id", "39.9", 6)]) == []


def test_a_well_shaped_order_number_from_diet_alone_is_kept():
    assert [e["value"] for e in deduplicate([entity("order_id", "3927716640582219", 3)])] == ["3927716640582219"]
