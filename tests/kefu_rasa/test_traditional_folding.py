"""The NLU's copy of a message is folded to simplified; button payloads are left alone."""

from rasa.shared.nlu.training_data.message import Message

from kefu_rasa.traditional_folding import TraditionalFolding


def fold(text):
    message = Message(data={"text": text})
    TraditionalFolding().process([message])
    return message.get("text")


def test_the_message_text_is_folded():
    assert fold("發票怎麼開") == "发票怎么开"


def test_button_payloads_are_left_alone():
    assert fold('/ask_invoice{"invoice_type": "專票"}') == '/ask_invoice{"invoice_type": "專票"}'
