"""Order numbers in a form: accepted inside a sentence, re-asked at most twice, only the shopper's own."""

from rasa_sdk.executor import CollectingDispatcher

from actions.orders import order_id_in_focus, order_ids_in_message, validate_order_id_value
from tests.actions.trackers import make_tracker, sent


def validate(value, attempts=0, metadata=None):
    dispatcher = CollectingDispatcher()
    tracker = make_tracker(str(value), "inform", slots={"order_id_attempts": attempts}, metadata=metadata)
    return validate_order_id_value("invoice_order_id", value, dispatcher, tracker), dispatcher


def test_a_known_order_number_inside_a_sentence_is_accepted(shop):
    result, dispatcher = validate("单号是3051729946021837哈")
    assert result["invoice_order_id"] == "3051729946021837" and result["order_id_attempts"] == 0
    assert sent(dispatcher) == []


def test_an_answer_without_digits_is_not_counted_as_a_wrong_number(shop):
    result, dispatcher = validate("专用发票")
    assert result == {"invoice_order_id": None} and sent(dispatcher) == []


def test_an_email_or_a_credit_code_sent_first_is_not_counted_as_a_wrong_number(shop):
    """ "邮箱 xiaoli88@163.com" in the invoice form got "这个好像不是完整的订单号"."""
    for text in ("邮箱 xiaoli88@163.com", "税号91110000802100433B", "kefu_test2@example.com"):
        result, dispatcher = validate(text)
        assert result == {"invoice_order_id": None} and sent(dispatcher) == [], text


def test_a_malformed_number_is_explained_and_asked_again(shop):
    result, dispatcher = validate("12345")
    assert result == {"invoice_order_id": None, "order_id_attempts": 1}
    assert sent(dispatcher) == ["utter_order_id_malformed"]


def test_an_unknown_number_is_named_and_asked_again(shop):
    result, dispatcher = validate("9999999999999999", attempts=1)
    assert result == {"invoice_order_id": None, "order_id_attempts": 2}
    assert sent(dispatcher) == ["utter_order_id_unknown"] and dispatcher.messages[0]["order_id"] == "9999999999999999"


def test_the_third_wrong_number_offers_a_person_and_ends_the_form(shop):
    result, dispatcher = validate("9999999999999999", attempts=2)
    assert result["requested_slot"] is None and result["offer"] == "human"
    assert sent(dispatcher) == ["utter_order_id_give_up"]


def test_a_phone_number_is_not_taken_for_an_order_number(shop):
    result, dispatcher = validate("13812345678")
    assert result["invoice_order_id"] is None and sent(dispatcher) == ["utter_order_id_malformed"]


def test_a_known_shopper_only_sees_their_own_orders(shop):
    order = shop.get_order("3051729946021837")
    result, _ = validate(order.order_id, metadata={"account": order.account})
    assert result["invoice_order_id"] == order.order_id
    result, dispatcher = validate(order.order_id, metadata={"account": "someone_else"})
    assert result["invoice_order_id"] is None and sent(dispatcher) == ["utter_order_id_unknown"]


def test_a_hotline_the_nlu_tags_as_an_order_number_is_not_one():
    tracker = make_tracker("8814527730961245 再不发我就去12315投诉", "complain", entities={"order_id": "12315"})
    assert order_ids_in_message(tracker) == ["8814527730961245"]


def test_the_order_in_focus_passes_over_a_short_number_the_slot_took():
    events = [
        {"event": "slot", "name": "order_id", "value": "3051729946021837"},
        {"event": "slot", "name": "order_id", "value": "12315"},
    ]
    tracker = make_tracker("发票怎么开", "ask_invoice", slots={"order_id": "12315"}, bot_turn=events)
    assert order_id_in_focus(tracker) == "3051729946021837"
    cleared_on_purpose = events + [{"event": "slot", "name": "order_id", "value": None}]
    cleared = make_tracker("发票怎么开", "ask_invoice", bot_turn=cleared_on_purpose)
    assert order_id_in_focus(cleared) is None
