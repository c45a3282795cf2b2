"""Invoices (ask_invoice): the invoice form, its validation, and storing the request."""

import re
from typing import Any, Dict, List, Optional, Sequence, Text

from rasa_sdk import Action, FormValidationAction, Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from actions import services
from actions.orders import validate_order_id_value
from kefu.credit_code import credit_code_problem, normalise
from kefu.lexicon import canonical
from kefu.patterns import find_email
from kefu.shop.models import InvoiceRequest

PERSONAL = "个人"
# The canonical names in data/lexicons/invoice_type.yml; the shop's policy says which it issues.
ORDINARY, SPECIAL = "普通发票", "专用发票"
COMPANY_WORDS = (
    "公司",
    "企业",
    "集团",
    "厂",
    "店",
    "中心",
    "事务所",
    "研究院",
    "研究所",
    "学校",
    "大学",
    "医院",
    "合作社",
    "协会",
    "工作室",
    "商行",
    "门市部",
    "经营部",
)
TITLE_PREFIX = re.compile(r"^(抬头|发票抬头|公司|单位|开)?\s*(是|为|写|开)?\s*[::]?\s*")
INVOICE_SLOTS = ("invoice_type", "invoice_title", "tax_id", "email")


def normalise_invoice_type(text: str, offered: Sequence[str]) -> Optional[str]:
    """The invoice type named in `text` if the shop issues it (`offered`, from policy), else None."""
    text = str(text)
    named = canonical("invoice_type", text)
    if named is None and "专" in text:
        named = SPECIAL
    elif named is None and any(word in text for word in ("普", "电子", "个人", "普通")):
        named = ORDINARY
    return named if named in offered else None


def offered_types_text(offered: Sequence[str]) -> str:
    return "或".join(f"“{name}”" for name in offered)


def normalise_title(text: str) -> Optional[str]:
    """'个人' for a personal title, the company name for a company, None when unclear."""
    text = str(text).strip().rstrip("。.!!~")  # noqa: B005 - any of these trailing characters
    if PERSONAL in text and len(text) <= 8:
        return PERSONAL
    name = TITLE_PREFIX.sub("", text).strip()
    if 4 <= len(name) <= 60 and any(word in name for word in COMPANY_WORDS):
        return name
    return None


class ValidateInvoiceForm(FormValidationAction):
    def name(self) -> Text:
        return "validate_invoice_form"

    async def required_slots(
        self, domain_slots: List[Text], dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> List[Text]:
        if tracker.get_slot("invoice_title") == PERSONAL:
            return [slot for slot in domain_slots if slot != "tax_id"]
        return domain_slots

    def validate_order_id(
        self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> Dict[Text, Any]:
        return validate_order_id_value(value, dispatcher, tracker)

    def validate_invoice_type(
        self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> Dict[Text, Any]:
        offered = services.shop().policy.invoice_types
        invoice_type = normalise_invoice_type(value, offered)
        if invoice_type is None:
            dispatcher.utter_message(response="utter_invoice_type_unknown", types=offered_types_text(offered))
        return {"invoice_type": invoice_type}

    def validate_invoice_title(
        self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> Dict[Text, Any]:
        title = normalise_title(value)
        if title is None:
            dispatcher.utter_message(response="utter_invoice_title_invalid")
        elif title == PERSONAL and tracker.get_slot("invoice_type") == SPECIAL:
            dispatcher.utter_message(response="utter_invoice_special_needs_company")
            title = None
        return {"invoice_title": title}

    def validate_tax_id(
        self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> Dict[Text, Any]:
        code = normalise(str(value))
        problem = credit_code_problem(code)
        if problem:
            dispatcher.utter_message(response="utter_tax_id_invalid", reason=problem)
            return {"tax_id": None}
        return {"tax_id": code}

    def validate_email(
        self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> Dict[Text, Any]:
        email = find_email(str(value))
        if email is None:
            dispatcher.utter_message(response="utter_email_invalid")
        return {"email": email}


class ActionSubmitInvoice(Action):
    def name(self) -> Text:
        return "action_submit_invoice"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> List[Dict[Text, Any]]:
        order_id = tracker.get_slot("order_id")
        values = {slot: tracker.get_slot(slot) for slot in INVOICE_SLOTS}
        if not (order_id and values["invoice_type"] and values["invoice_title"] and values["email"]):
            return []  # the form was left early; nothing to store
        backend = services.shop()
        if backend.get_invoice_request(order_id):
            # Anyone who knows an order number could otherwise redirect its invoice.
            dispatcher.utter_message(response="utter_invoice_already_requested", order_id=order_id)
            return [SlotSet(slot, None) for slot in INVOICE_SLOTS]
        request = InvoiceRequest(
            order_id=order_id,
            invoice_type=values["invoice_type"],
            title=values["invoice_title"],
            email=values["email"],
            tax_id=None if values["invoice_title"] == PERSONAL else values["tax_id"],
        )
        backend.save_invoice_request(request, services.now())
        dispatcher.utter_message(
            response="utter_invoice_submitted",
            order_id=order_id,
            invoice_type=request.invoice_type,
            invoice_title=request.title,
            email=request.email,
            lead_days=backend.policy.invoice_lead_days,
        )
        return [SlotSet(slot, None) for slot in INVOICE_SLOTS]


class ActionExplainInvoice(Action):
    """The general invoice answer, with the usual lead time from shop policy."""

    def name(self) -> Text:
        return "action_explain_invoice"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> List[Dict[Text, Any]]:
        dispatcher.utter_message(response="utter_invoice_info", lead_days=services.shop().policy.invoice_lead_days)
        return []
