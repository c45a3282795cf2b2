"""High-risk messages become complaints in the NLU output, whatever topic they are about."""

from kefu_rasa.risk_routing import RiskRouting
from tests.kefu_rasa.messages import classified


def route(text, intent, confidence=0.9):
    message = classified(text, intent, confidence)
    RiskRouting().process([message])
    return message


def test_a_threat_inside_an_invoice_question_becomes_a_complaint():
    message = route("发票再不给我开 我就去12315投诉你们", "ask_invoice")
    assert message.get("intent")["name"] == "complain"
    assert [r["name"] for r in message.get("intent_ranking")] == ["complain", "ask_invoice"]


def test_harmless_messages_keep_their_intent():
    assert route("发票抬头写市场监管局可以吗", "ask_invoice").get("intent")["name"] == "ask_invoice"
    assert route("放心不会给差评的 什么时候发货", "ask_shipping_time").get("intent")["name"] == "ask_shipping_time"


def test_requests_for_a_person_and_button_payloads_are_left_alone():
    assert route("转人工 我要投诉", "request_human").get("intent")["name"] == "request_human"
    assert route("/ask_invoice", "ask_invoice").get("intent")["name"] == "ask_invoice"


def test_a_request_for_a_person_read_as_another_topic_reaches_a_person():
    assert route("有没有喘气的来一个", "ask_product_info").get("intent")["name"] == "request_human"
    assert route("zhuan ren gong", "nlu_fallback", 0.3).get("intent")["name"] == "request_human"
    # declined, or a question whether the bot is a person: the intent stays
    assert route("不用转人工 我等等", "deny").get("intent")["name"] == "deny"
    assert route("你是真人客服吗", "bot_challenge").get("intent")["name"] == "bot_challenge"
