"""Photos asked for after a wrong, missing or damaged item: "要我拍照片吗" gets how to send them."""

from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher

PHOTO_WORDS = ("拍", "照片", "图片", "相片", "截图", "怎么发")


def asks_how_to_send_photos(tracker: Tracker) -> bool:
    text = tracker.latest_message.get("text") or ""
    return bool(tracker.get_slot("awaiting_photos")) and any(word in text for word in PHOTO_WORDS)


def explain_photos(dispatcher: CollectingDispatcher) -> list:
    dispatcher.utter_message(response="utter_photos_how")
    return []  # the photos are still awaited
