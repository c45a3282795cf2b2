"""NLU quality on held-out shopper messages, and entities from real colloquial text (trained model)."""
import json
from pathlib import Path

import pytest

from kefu_nlu.evaluation import evaluate, load_examples, parse

PROJECT = Path(__file__).resolve().parent.parent
HOLDOUT = PROJECT / "tests" / "nlu" / "holdout.yml"
MIN_MACRO_F1 = 0.90
CORE_INTENTS = ["ask_shipping_time", "ask_invoice", "ask_return_policy", "track_parcel",
                "request_recommendation", "complain", "request_human"]


def test_holdout_has_enough_unseen_examples_per_core_intent():
    from rasa.shared.nlu.training_data.loading import load_data

    holdout = load_examples(HOLDOUT)
    training = {e.get("text") for e in load_data(str(PROJECT / "data" / "nlu")).intent_examples}
    assert not [text for text, _ in holdout if text in training]
    for intent in CORE_INTENTS:
        assert sum(1 for _, i in holdout if i == intent) >= 10, intent


def test_holdout_macro_f1(servers, capsys):
    report = evaluate(servers.rasa_url, servers.token, HOLDOUT)
    results = PROJECT / "results"
    results.mkdir(exist_ok=True)
    (results / "nlu_holdout.json").write_text(json.dumps(
        {"macro_f1": report.macro_f1, "per_intent": report.per_intent, "errors": report.errors},
        ensure_ascii=False, indent=2), encoding="utf-8")
    with capsys.disabled():
        print(f"\nNLU holdout ({HOLDOUT.name}):\n{report.table()}")
    assert report.macro_f1 >= MIN_MACRO_F1, f"errors: {report.errors}"


def entities(servers, text):
    return {(e["entity"], e["value"]) for e in parse(servers.rasa_url, servers.token, text)["entities"]}


@pytest.mark.parametrize("text,expected", [
    ("亲 单号3051729946021837帮我查下物流呗", ("order_id", "3051729946021837")),
    ("我手机号15967342210 查下快递", ("phone", "15967342210")),
    ("想给我妈买条裙子 有推荐吗", ("product_category", "裙子")),
    ("用顺丰发可以吗", ("courier", "顺丰")),
    ("税号91110000802100433B", ("tax_id", "91110000802100433B")),
    ("发到xiaoli_88@qq.com就行", ("email", "xiaoli_88@qq.com")),
    ("要开专票", ("invoice_type", "专用发票")),
])
def test_entities_in_colloquial_messages(servers, text, expected):
    assert expected in entities(servers, text)


def test_a_phone_number_is_not_taken_for_an_order_number(servers):
    found = entities(servers, "我电话13812345678 订单4129038475610029384")
    assert ("phone", "13812345678") in found and ("order_id", "4129038475610029384") in found
    assert ("order_id", "13812345678") not in found
