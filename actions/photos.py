"""Photos asked for after a wrong, missing or damaged item: "要我拍照片吗" gets how to send them."""

from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher

from actions.replies import responses_within

PHOTO_WORDS = ("拍", "照片", "图", "相片", "视频", "怎么发")  # "要发哪些图啊", "截图行吗"

# The answers to a second wrong or damaged item of the same order (actions/order_problem.py).
ANOTHER_ITEM_ANSWERS = frozenset({"utter_order_problem_another", "utter_order_problem_another_food"})
# Answers that ask for photos of a problem: a photo sent a few turns later is the one asked for.
ASKING_FOR_PHOTOS = {
    *("utter_return_quality", "utter_return_quality_evidence", "utter_order_problem", "utter_order_problem_order"),
    *("utter_photos_how", "utter_photos_button", "utter_order_problem_remedy", "utter_order_problem_more_told"),
    *ANOTHER_ITEM_ANSWERS,
}
PHOTO_TURNS = 3  # shopper turns back in which the request counts
# "东西在我爸妈那 拍不了照 能不能直接换": no photos can come; a person decides without them.
CANNOT_PHOTOGRAPH = (
    *("拍不了", "没法拍", "不能拍", "拍不到", "不方便拍", "没办法拍", "拍不成", "不在身边", "不在我这"),
    *("没拍照", "没有拍照", "没拍下来", "扔了", "包装丢了", "盒子丢了", "箱子丢了"),  # "我没拍照 包装都扔了"
    *("不会拍", "不会发图", "不会发照片", "不会弄"),  # "我不会拍照啊 孙子不在家"
)


def asked_for_photos(tracker: Tracker) -> bool:
    """Did the bot ask for photos of a problem within the last few turns ("鞋面破了个洞" → the
    quality answer asks for photos → the photo)?"""
    return bool(ASKING_FOR_PHOTOS & set(responses_within(tracker, PHOTO_TURNS)))


def photos_awaited(tracker: Tracker) -> bool:
    return bool(tracker.get_slot("awaiting_photos")) or asked_for_photos(tracker)


def cannot_send_photos(tracker: Tracker) -> bool:
    text = tracker.latest_message.get("text") or ""
    return photos_awaited(tracker) and any(word in text for word in CANNOT_PHOTOGRAPH)


def asks_how_to_send_photos(tracker: Tracker) -> bool:
    text = tracker.latest_message.get("text") or ""
    return photos_awaited(tracker) and any(word in text for word in PHOTO_WORDS) and not cannot_send_photos(tracker)


def explain_photos(dispatcher: CollectingDispatcher, tracker: Tracker) -> list:
    """How to send them; asked again right after, only where the button is (not the same text twice)."""
    again = "utter_photos_how" in responses_within(tracker, 1)
    dispatcher.utter_message(response="utter_photos_button" if again else "utter_photos_how")
    return []  # the photos are still awaited
