"""The shop's couriers as reply values, and the words that ask which courier it uses: shared by
the courier answers and the parcel answer ("啥时候发货啊 发什么快递" about an unshipped order)."""

from typing import Dict, List

from actions.replies import Reply
from kefu.shop.policy import ShopPolicy
from kefu.traditional import to_simplified
from kefu.words import mentions

# Beside another question only as a question ("默认发货时间", "发什么快递都行" ask nothing of it).
COURIER_ASKED_WORDS = ("什么快递", "啥快递", "哪家快递", "哪个快递", "哪些快递")
# "你们家发什么快递", "默认快递是哪家": which couriers the shop uses.
WHICH_COURIER_WORDS = COURIER_ASKED_WORDS + ("默认快递", "默认发")
ANY_COURIER_WORDS = ("都行", "都可以", "随便", "无所谓")


def asks_which_courier(text: str) -> bool:
    return mentions(text, COURIER_ASKED_WORDS) and not mentions(text, ANY_COURIER_WORDS)


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


def couriers_when_asked(text: str, policy: ShopPolicy) -> List[Reply]:
    """ "啥时候发货啊 发什么快递" about an unshipped order: the shop's couriers beside the answer
    (the warehouse picks one when it ships); [] when the message does not ask."""
    return [("utter_courier_default", courier_values(policy))] if asks_which_courier(to_simplified(text)) else []
