"""Couriers and regions (ask_courier), from policy.yml `couriers`: which couriers the warehouse
uses, 顺丰 at extra cost, remote regions' freight and time, where the shop does not ship."""

from typing import Any, Dict, List, Optional, Text

from rasa_sdk import Action, Tracker
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from actions import services
from actions.address import sends_new_address, take_new_address
from actions.replies import Reply, send
from kefu.lexicon import canonical
from kefu.shop.policy import ShopPolicy
from kefu.traditional import to_simplified

COD_WORDS = ("货到付款", "到付", "收货再付", "收到再付")


def courier_values(policy: ShopPolicy) -> Dict[str, str]:
    couriers = policy.couriers
    return {
        "couriers": "、".join(couriers.default),
        "upgrade": couriers.upgrade,
        "upgrade_fee": couriers.upgrade_fee,
        "remote_fee": couriers.remote_fee,
        "remote_transit_days": couriers.remote_transit_days,
        "transit_days": policy.transit_days,
        "free_shipping": f"{policy.free_shipping_threshold:g}",
    }


def special_region_reply(text: str, policy: ShopPolicy, region: Optional[str] = None) -> Optional[Reply]:
    """A place the shop does not ship to, or a remote region with its own freight and time; None
    for anywhere else. Also read by the shipping-time answer ("到西藏几天"), whose usual 2-4 days
    and free shipping do not hold there."""
    text = to_simplified(text)
    couriers, values = policy.couriers, courier_values(policy)
    region = canonical("region", region or text) or region  # the NLU keeps "乌鲁木齐" as typed: 新疆
    not_served = next((place for place in couriers.not_served if place in text or place == region), None)
    if not_served:
        return ("utter_courier_not_served", {**values, "region": not_served})
    remote = next((place for place in couriers.remote_regions if place in text or place == region), None)
    if remote:
        return ("utter_courier_remote", {**values, "region": remote})
    return None


def courier_replies(text: str, policy: ShopPolicy, region: Optional[str] = None) -> List[Reply]:
    special = special_region_reply(text, policy, region)
    if special:
        return [special]
    text = to_simplified(text)
    couriers, values = policy.couriers, courier_values(policy)
    region = canonical("region", region or text) or region  # the NLU keeps "乌鲁木齐" as typed: 新疆
    courier = canonical("courier", text)
    if courier and courier == couriers.upgrade:
        return [("utter_courier_upgrade", values)]
    if courier and courier not in couriers.default:
        return [("utter_courier_other", {**values, "courier": courier})]
    if any(word in text for word in COD_WORDS) and not couriers.cod:
        return [("utter_courier_no_cod", values)]
    if region:
        return [("utter_courier_region_ok", {**values, "region": region})]
    return [("utter_courier_default", values)]


class ActionAnswerCourier(Action):
    def name(self) -> Text:
        return "action_answer_courier"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> List[Dict[Text, Any]]:
        if sends_new_address(tracker):  # "新疆乌鲁木齐市…" after the bot asked for the new address
            return await take_new_address(dispatcher, tracker)
        text = tracker.latest_message.get("text") or ""
        region = next(tracker.get_latest_entity_values("region"), None)
        return send(dispatcher, courier_replies(text, services.shop().policy, region))
