"""Every sentence the assistant, the gateway and the agents' quick phrases can send is cautious."""

import re

import yaml

from kefu.settings import PROJECT_DIR
from kefu.wording import WordingRules, check, domain_sentences, quick_reply_sentences

PROJECT = PROJECT_DIR
RULES = WordingRules.load()


def test_no_response_in_the_domain_over_promises():
    assert check(domain_sentences(), RULES) == []


def test_no_quick_phrase_over_promises():
    assert check(quick_reply_sentences(), RULES) == []


def test_no_product_name_or_reason_over_promises():
    """The bot says catalogue names and reasons in its recommendations."""
    products = yaml.safe_load((PROJECT / "data/shop/products.yml").read_text(encoding="utf-8"))["products"]
    assert check(((p["sku"], p[field]) for p in products for field in ("name", "reason")), RULES) == []


def test_the_checker_catches_promises_and_accepts_negations():
    assert RULES.problems("utter_x", "亲,明天就到哦")
    assert RULES.problems("utter_x", "我们保证今天发出")
    assert RULES.problems("utter_x", "亲,包裹已经发货啦") != []
    assert RULES.problems("utter_parcel_picked_up", "亲,包裹已经发货啦") == []
    assert RULES.problems("utter_x", "仓库已发货,正在等待快递揽收") == []
    assert RULES.problems("utter_x", "具体时间无法保证,以实际物流为准") == []


def test_already_shipped_is_said_only_after_the_pickup_scan():
    sayers = {name for name, text in domain_sentences() if "已经发货" in text}
    assert sayers == {"utter_parcel_picked_up"}


def test_awaiting_pickup_wording_is_the_agreed_sentence():
    texts = [text for name, text in domain_sentences() if name == "utter_parcel_awaiting_pickup"]
    assert texts and all("仓库已发货,正在等待快递揽收" in text for text in texts)


def test_shipping_answers_always_defer_to_the_real_logistics():
    shipping = [
        text
        for name, text in domain_sentences()
        if name.startswith("utter_shipping_") and name not in ("utter_shipping_delivery_time", "utter_shipping_region")
    ]
    assert shipping and all("以实际物流为准" in text for text in shipping)


def test_every_response_an_action_or_the_gateway_sends_exists():
    responses = set(yaml.safe_load((PROJECT / "domain.yml").read_text(encoding="utf-8"))["responses"])
    used = set()
    for source in list((PROJECT / "actions").rglob("*.py")) + list((PROJECT / "bot").rglob("*.py")):
        used |= set(re.findall(r'"(utter_[a-z_]+)"', source.read_text(encoding="utf-8")))
    assert used, "no response names found in the code"
    # "utter_action" is the key under which Rasa stores a response's name in a bot event
    assert used - responses - {"utter_action"} == set()
