"""NLU quality on held-out shopper messages, and entities from real colloquial text (trained model)."""

import json

import pytest

from kefu.settings import PROJECT_DIR
from kefu_rasa.evaluation import evaluate, load_examples, parse

pytestmark = pytest.mark.slow  # needs the trained model, the servers or the built spaCy pipeline

PROJECT = PROJECT_DIR
HOLDOUT = PROJECT / "tests" / "nlu" / "holdout.yml"
# Written by someone who saw neither the training data nor the holdout; never used for tuning.
FRESH = PROJECT / "tests" / "nlu" / "fresh.yml"
# The shop-day intents and follow-up answers, written without seeing the training data.
SHOP_DAY = PROJECT / "tests" / "nlu" / "holdout_shop_day.yml"
# Promotions, address changes, couriers and product attributes, written by a helper who saw neither
# the training data nor the bot; never used for tuning.
SHOP_DAY2 = PROJECT / "tests" / "nlu" / "holdout_shop_day2.yml"
MIN_MACRO_F1 = 0.90
# The shop-day intents are new (first measurement 0.870); the shop-topics issue raises this.
MIN_SHOP_DAY_F1 = 0.80
CORE_INTENTS = [
    "ask_shipping_time",
    "ask_invoice",
    "ask_return_policy",
    "track_parcel",
    "request_recommendation",
    "complain",
    "request_human",
]


SHOP_DAY_INTENTS = ["cancel_order", "report_order_problem", "ask_product_info"]
SHOP_DAY2_INTENTS = ["ask_promotion", "change_address", "ask_courier", "ask_product_info"]


@pytest.mark.parametrize(
    "path,intents,minimum",
    [
        (HOLDOUT, CORE_INTENTS, 10),
        # 7: two remote-region questions moved to ask_courier when that intent was defined.
        (FRESH, CORE_INTENTS, 7),
        (SHOP_DAY, SHOP_DAY_INTENTS, 12),
        (SHOP_DAY2, SHOP_DAY2_INTENTS, 20),
    ],
    ids=["holdout", "fresh", "shop_day", "shop_day2"],
)
def test_evaluation_sets_have_enough_unseen_examples_per_intent(path, intents, minimum):
    from rasa.shared.nlu.training_data.loading import load_data

    examples = load_examples(path)
    training = {e.get("text") for e in load_data(str(PROJECT / "data" / "nlu")).intent_examples}
    assert not [text for text, _ in examples if text in training]
    for intent in intents:
        assert sum(1 for _, i in examples if i == intent) >= minimum, intent


@pytest.mark.parametrize(
    "path,minimum",
    [(HOLDOUT, MIN_MACRO_F1), (FRESH, MIN_MACRO_F1), (SHOP_DAY, MIN_SHOP_DAY_F1), (SHOP_DAY2, MIN_SHOP_DAY_F1)],
    ids=["holdout", "fresh", "shop_day", "shop_day2"],
)
def test_macro_f1_on_unseen_messages(servers, capsys, path, minimum):
    report = evaluate(servers.rasa_url, servers.token, path)
    results = PROJECT / "results"
    results.mkdir(exist_ok=True)
    (results / f"nlu_{path.stem}.json").write_text(
        json.dumps(
            {"macro_f1": report.macro_f1, "per_intent": report.per_intent, "errors": report.errors},
            ensure_ascii=False,
            indent=2,
        ),
        encoding="utf-8",
    )
    with capsys.disabled():
        print(f"\nNLU on {path.relative_to(PROJECT)}:\n{report.table()}")
    assert report.macro_f1 >= minimum, f"errors: {report.errors}"


def entities(servers, text):
    return {(e["entity"], e["value"]) for e in parse(servers.rasa_url, servers.token, text)["entities"]}


@pytest.mark.parametrize(
    "text,expected",
    [
        ("亲 单号3051729946021837帮我查下物流呗", ("order_id", "3051729946021837")),
        ("我手机号15967342210 查下快递", ("phone", "15967342210")),
        ("想给我妈买条裙子 有推荐吗", ("product_category", "裙子")),
        ("用顺丰发可以吗", ("courier", "顺丰")),
        ("税号91110000802100433B", ("tax_id", "91110000802100433B")),
        ("发到xiaoli_88@qq.com就行", ("email", "xiaoli_88@qq.com")),
        ("要开专票", ("invoice_type", "专用发票")),
    ],
)
def test_entities_in_colloquial_messages(servers, text, expected):
    assert expected in entities(servers, text)


def test_a_credit_code_is_not_taken_for_an_order_number(servers):
    found = entities(servers, "91110000802100433C")
    assert not [e for e in found if e[0] == "order_id"]


def test_a_phone_number_is_not_taken_for_an_order_number(servers):
    found = entities(servers, "我电话13812345678 订单4129038475610029384")
    assert ("phone", "13812345678") in found and ("order_id", "4129038475610029384") in found
    assert ("order_id", "13812345678") not in found
