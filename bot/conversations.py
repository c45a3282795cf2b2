"""Routes every shopper and agent message; the transcript in Redis is the source of truth.

Bot mode: the shopper's message is stored, sent to Rasa, and the replies stored.
Queued or human mode: the message is stored and pushed to the agent, and
appended to the Rasa tracker so the bot knows what was said when it resumes.
Queued for a task (a new address, photos to check: `bot_answers`), the bot
still answers while the shopper waits for the person; queued for the person, it
answers only where another order is, or the tracking number (`answered_while_queued`).
"""

import logging
import re
from typing import Any, Dict, List, Optional, Tuple

from bot.errors import BotUnavailable, Conflict, InvalidInput, NotFound, TooLarge, UnsupportedMedia
from bot.rasa_client import RasaClient, RasaUnavailable
from bot.texts import Texts
from kefu.clauses import question_after, split_questions, without_acknowledgement, without_greeting
from kefu.handoff import KefuStore
from kefu.images import MAX_IMAGE_BYTES, image_type
from kefu.patterns import find_order_ids
from kefu.risk import assess_message, safety_advice_response
from kefu.traditional import to_simplified
from kefu.words import DECLINES_A_PERSON

logger = logging.getLogger(__name__)

# "不用了", also with a harmless rest ("不用了 我就问问"): the shopper leaves the queue.
# "不用了", "算了不用转人工": the person declined is part of the words, so that the rest of the
# message ("你就告诉我到底啥时候发") does not reach the bot as "转人工 …".
# Said twice ("算了不等了 不用人工了 你就说周末发不发货"), every no is taken away.
CANCEL_WHILE_QUEUED = re.compile(
    r"^(?:[\s,，。!！~～]*(算了[\s,，]*)?(不用了|不用|算了|不需要了|不需要|取消|不转了|不用转了|不等了)"
    r"((?:帮我|给我)?(?:转|找|叫|要)?(?:人工|真人|客服)了?)?)+"
)
# "算了算了 不用转人工了 不改了" while a task (改发顺丰, a new address) waits for a person: the task
# itself is taken back, not only the waiting.
WITHDRAWS_TASK = re.compile(
    r"(?:地址|快递|顺丰)?(?:就|还是|也)?(?:不|不用|别|先不)(?:帮我)?(?:改|换|备注)(?:顺丰|地址|快递)?(?:了|啦|吧)+"
)
DECLINED_PERSON = re.compile(f"(?:{DECLINES_A_PERSON.pattern})了?")  # taken out of what is left
# Only a change the shopper asked for can be taken back (改发顺丰, 修改收货地址, 改派); photos of a
# wrong item or a quality problem stay with the person.
CHANGE_TASK_WORDS = ("改发", "修改", "改派")
# What is left of a withdrawal once the no is taken away: nothing asked ("算了算了 …不改了 好吧").
NOTHING_LEFT = re.compile(r"[\s,，。.!！~～?？]|算了|好的|好吧|行吧|那就|那|哦|嗯|吧|啊|呀|哈|了")
# "行 我去找找箱子拍面单" while queued: where photos go, beside the place in the queue.
# ("昨天拍的", "拍下", "拍错了" speak of buying, not of photos)
MENTIONS_PHOTOS = re.compile(r"拍(?!的|错|下(?!来)|了[一两二三四五六七八九十几\d件双条个])|照片|图片|相片|截图|视频")
MAX_TEXT_LENGTH = 1000
SAFETY = "safety_hazard"
SAFETY_REASON = "安全隐患"  # its label on a ticket (data/risk.yml)
# "现在还能接着用吗 我有点怕", "还能吃吗": whether the hazardous thing may still be used
ASKS_IF_STILL_SAFE = re.compile(
    r"还能(?:接着|继续)?(?:用|吃|穿|充)|能(?:接着|继续)(?:用|吃|穿|充)|能不能(?:再)?用|危险吗|会不会(?:炸|着火|有事)|要紧吗|我有点怕|好怕"
)
RECENT_FOR_REPEATS = 8  # transcript messages read back to find the bot's previous turn
RECENT_FOR_BUTTONS = 40  # transcript messages whose buttons may still be clicked (the greeting's too)
RECENT_FOR_OFFER = 6  # transcript messages read back to see whether the bot just offered buttons
# A new question that would get the same short answer gets it again (with a hint); a longer one
# (several bubbles of the returns rules) is pointed to instead of sent again.
MAX_SHORT_REPEAT_BUBBLES = 2
MAX_SHORT_REPEAT_LENGTH = 160
MIN_REPEAT_LENGTH = 30  # short small talk ("不客气哦亲") may come twice; an answer may not
# A paused conversation logs no action_listen; without one before each recorded turn the
# policies read the turn as arriving mid-action and fall back.
LISTEN = {"event": "action", "name": "action_listen"}
PAUSE = {"event": "pause"}
PERSON_PAYLOADS = ("/request_human", "/deny")  # the buttons of an offer of a person
# A photo reaches the bot as this intent (only the gateway sends it), and the transcript shows it.
PHOTO_PAYLOAD = "/send_photo"
PHOTO_TEXT = "[图片]"


MAX_SEQ = 10**9  # no transcript is longer; a bigger `after` is refused before Redis sees it


def clean_text(value: Any) -> str:
    if not isinstance(value, str) or not value.strip():
        raise InvalidInput("text must be a non-empty string")
    if len(value) > MAX_TEXT_LENGTH:
        raise InvalidInput(f"text is longer than {MAX_TEXT_LENGTH} characters")
    if not encodable(value):
        raise InvalidInput("text must be valid Unicode (no lone surrogates)")
    return value.strip()


def encodable(value: str) -> bool:
    """JSON allows "\ud800" alone, which no UTF-8 store or Rasa accepts."""
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def tracker_ready(parse_data: Dict[str, Any]) -> Dict[str, Any]:
    """The parse as Rasa's tracker API accepts it: lexicon entities come with a confidence of
    None from /model/parse, which the API's event schema refuses (400), losing the message."""
    entities = [{k: v for k, v in entity.items() if v is not None} for entity in parse_data.get("entities", [])]
    return {**parse_data, "entities": entities}


# "算了 刚才话说重了 不好意思哈", "算了算了 我也不是非要投诉": a bare 算了 taking back the words said
# (a threat, anger), not the person: the problem is still there (a no to the person, "不用了", leaves).
SOFTENS = re.compile(
    r"说重了|话重了|不是冲你|不是针对|太急了|着急了|不是非要|不投诉了|不差评了|不是要为难|不为难|不是为难"
    r"|不是真想|不是真的想|不是真要|就是着急|就是急"
)
LEAVES_ALL_THE_SAME = ("不等", "打扰", "不用", "不要了", "自己", "不需要")  # "算了 抱歉 我不等了"
ONLY_SUAN_LE = re.compile(r"(?:[\s,，。!！~～]*算了)+[\s,，。!！~～]*")


def takes_back_only_the_words(text: str, declined: "re.Match[str]") -> bool:
    only_suan_le = ONLY_SUAN_LE.fullmatch(declined.group(0))
    leaves = DECLINES_A_PERSON.search(text) or any(word in text for word in LEAVES_ALL_THE_SAME)
    return bool(only_suan_le and SOFTENS.search(text) and not leaves)


def bot_answers(conv: Dict[str, str]) -> bool:
    """The bot answers this message: bot mode, or queued for a task a person will do."""
    mode = conv.get("mode", "bot")
    return mode == "bot" or (mode == "queued" and conv.get("bot_answers") == "1")


def withdraws_the_task(text: str) -> bool:
    """ "算了 不用转人工了 不改了": a person declined and the task taken back (a no to a person
    alone leaves a task queued: the new address still needs entering)."""
    declined = CANCEL_WHILE_QUEUED.match(text) or DECLINES_A_PERSON.search(text)
    return bool(declined and WITHDRAWS_TASK.search(text)) and assess_message(text).level in ("none", "low")


# While the shopper waits for a person, the bot answers only where the person is not needed and
# nothing can go wrong: where another order is ("另外我还有一单 9036…到哪了") or the tracking number
# of the order queued ("快递单号多少"). Anything about the problem queued, the wait, photos, or
# read without confidence stays with the person.
ANSWERED_WHILE_QUEUED = ("track_parcel", "ask_shipping_time")
# "快递单号多少", "单号发我 我自己查" (not "订单号", "退货单号发你了", "我把单号发给你")
TRACKING_NUMBER_ASKED = re.compile(
    r"(?:快递|物流|运)单号|(?<![订货把])单号\s*(?:发我|给我|发给我|多少|是多少|呢|告诉我|发一下|发下)|把单号(?:发我|给我|发给我)"
)
TALKS_OF_THE_WAIT = re.compile(
    r"人呢|有人|没人|人工|客服|同事|排队|理我|回我|等多久|还要等|多久才|几分钟|轮到|处理|结果"
)
MIN_CONFIDENCE_WHILE_QUEUED = 0.6
# ("…收到几天了 水壶底座坏了 想退", "…发票在哪下载": not its parcel)
OTHER_THAN_THE_PARCEL = re.compile(r"退|换|坏|破|裂|发票|少了|漏|不对|错")
# "另外我还有一单9150…管控几天了到底" (read as a bare order number): another order's parcel asked
# about in words, whatever the intent read
ASKS_OF_A_PARCEL = re.compile(
    r"到哪|在哪|物流|快递|发货|发了没|揽收|几天了|管控|没动|没更新|卡在|到了没|(?:啥|什么)时候(?:到|发)"
)


# A ticket about one of these leaves its order's parcel to the bot ("顺便问下 3185…到哪了" while
# the invoice's title waits for a person)
NOT_ABOUT_THE_PARCEL = ("发票", "价保", "差价", "商品信息", "优惠券", "颜色或尺码", "退换")


def answered_while_queued(
    text: str,
    parse_data: Optional[Dict[str, Any]],
    risk_level: str,
    ticket: Optional[Dict[str, Any]],
    follows_an_answer: bool = False,
) -> bool:
    """A calm parcel question read with confidence, naming an order other than the ticket's (or
    the ticket's, when the ticket is about something else than its parcel), or asking the
    ticket's order's tracking number, or (`follows_an_answer`) asked on about the parcel the bot
    has just answered in the queue ("那什么时候能揽收"); not a no to the person, a threat, the wait
    or photos (the queue's own answers)."""
    ticket = ticket or {}
    ticket_order = ticket.get("order_id")
    reasons = ticket.get("reasons") or []
    if reasons and any(topic in reasons[0] for topic in NOT_ABOUT_THE_PARCEL):  # the reason it was opened for
        ticket_order = None  # its order's parcel is not what the person will look at
    if parse_data is None or risk_level not in ("none", "low"):
        return False
    if CANCEL_WHILE_QUEUED.match(text) or DECLINES_A_PERSON.search(text):
        return False
    if TALKS_OF_THE_WAIT.search(text) or MENTIONS_PHOTOS.search(text):
        return False
    intent = parse_data.get("intent") or {}
    named = find_order_ids(text)
    parcel_read = intent.get("name") in ANSWERED_WHILE_QUEUED
    parcel_read = parcel_read and (intent.get("confidence") or 0) >= MIN_CONFIDENCE_WHILE_QUEUED
    in_words = named and ASKS_OF_A_PARCEL.search(to_simplified(text)) and not OTHER_THAN_THE_PARCEL.search(text)
    if not parcel_read and not in_words:
        return False
    if named:
        return all(order_id != ticket_order for order_id in named)
    return follows_an_answer or (
        ticket.get("order_id") is not None and bool(TRACKING_NUMBER_ASKED.search(to_simplified(text)))
    )


def declined_then_asked(text: str) -> List[str]:
    """ "不用了 里面那个饼干有糖吗 我爸血糖高" to an offer: the no, then the question, each answered
    (the no alone would swallow the question); else the message's questions."""
    declined = NO_THEN_MORE.match(text)
    rest = question_after(text[declined.end() :]) if declined else ""
    if not declined or len(rest) < MIN_QUESTION_AFTER_NO or rest.startswith(ELLIPTICAL):
        return split_questions(text)  # "不用拆开吗", "不用了 要是问不到呢" (asked on the offer itself)
    return [declined.group(0).strip(), rest]


# A no to an offer, then a space or a mark ("不用了 里面…", "算了，…"; not "不用拆开吗", "取消订单怎么弄")
NO_THEN_MORE = re.compile(
    r"^\s*(?:算了[\s,，]*)?(?:不用了|不需要了|不用转人工了?|不用人工了?|不用了吧|算了)(?=[\s,，。!！~～])"
)
MIN_QUESTION_AFTER_NO = 5
ELLIPTICAL = ("那", "要是", "如果", "万一")


def same_words(one: str, other: str) -> bool:
    """The same question again, give or take punctuation, 亲/啊/呢 and spaces."""
    fold = lambda text: re.sub(r"[\s\W_亲啊呀呢吗嘛哦哈了的]+", "", text)  # noqa: E731
    return fold(one) == fold(other)


class ConversationService:
    def __init__(self, store: KefuStore, rasa: RasaClient, texts: Texts, minutes_per_shopper_ahead: int = 3):
        self.store = store
        self.rasa = rasa
        self.texts = texts
        self.minutes_per_shopper_ahead = minutes_per_shopper_ahead

    async def _conversation(self, cid: str) -> Dict[str, str]:
        conv = await self.store.get_conversation(cid)
        if conv is None:
            raise NotFound("conversation not found")
        return conv

    # ------------------------------------------------------------------ shopper
    async def greet(self, cid: str) -> None:
        """The shop speaks first; a new chat opens with the greeting and topic buttons."""
        try:
            replies = await self.rasa.send_message(cid, "/greet")
        except RasaUnavailable:
            logger.warning("Rasa is not answering yet; %s starts without a greeting", cid)
            return
        for reply in replies:
            await self.store.append_message(cid, "bot", reply["text"], reply["buttons"])

    async def shopper_message(self, cid: str, text: Any, product: Optional[str] = None) -> List[Dict[str, Any]]:
        """`text` is typed, or a button's payload ("/track_parcel"), shown as the button's title;
        `product` the SKU of the card the shopper opened the chat from, kept for later messages."""
        text = clean_text(text)
        conv = await self._conversation(cid)
        text, shown = await self._button_or_text(cid, text)
        if product and conv.get("product") != product:
            await self.store.set_product(cid, product)
            conv["product"] = product
        await self.store.append_message(cid, "shopper", shown)
        if conv.get("mode") == "queued" and bot_answers(conv) and withdraws_the_task(shown):
            withdrawn = await self._withdraw_task(cid, conv, shown)
            if withdrawn is not None:
                return withdrawn
            conv = await self._conversation(cid)  # not withdrawn (another task, or claimed meanwhile)
        if bot_answers(conv):
            if conv.get("answered_in_queue") == "1":  # out of that queue: a later one starts afresh
                await self.store.set_answered_in_queue(cid, False)
            return await self._ask_bot(cid, text, conv)
        risk = assess_message(text)
        parse_data = await self._parse(cid, text)
        conv = await self._conversation(cid)  # an agent may have claimed it meanwhile
        if conv.get("mode") == "queued" and not bot_answers(conv):
            ticket = await self.store.get_handoff(conv["handoff_id"])
            follows = conv.get("answered_in_queue") == "1"
            answered = None
            if answered_while_queued(shown, parse_data, risk.level, ticket, follows):
                answered = await self._answer_while_queued(cid, text, conv)
            if follows or answered is not None:
                await self.store.set_answered_in_queue(cid, answered is not None)
            if answered is not None:
                return answered
        await self._record_shopper_turn(cid, text, parse_data)
        conv = await self._conversation(cid)
        if bot_answers(conv):
            # Resolved or cancelled while this message was on its way: the bot answers it.
            return await self._ask_bot(cid, text, conv)
        if conv.get("mode") == "queued":
            calm = risk.level in ("none", "low")
            # "不用了…" first, or a no to the person anywhere ("不是 我是说好吧算了 不用人工")
            wants_out = (CANCEL_WHILE_QUEUED.match(shown) or DECLINES_A_PERSON.search(shown)) if calm else None
            if wants_out and takes_back_only_the_words(shown, wants_out):
                wants_out = None  # "算了 刚才话说重了 不好意思哈": the problem still waits for the person
            if wants_out or text == "/deny":  # typed, or the 不用了 button
                replies = await self._cancel_queue(cid, conv)
                rest = question_after(shown[wants_out.end() :]) if wants_out else ""
                if replies and rest:  # "不用了 我就问问 你们发什么快递": the bot answers the rest
                    replies += await self._ask_bot(cid, rest, await self._conversation(cid))
                return replies
            if risk.escalate:  # a new threat or hazard moves the ticket up the queue
                await self.store.raise_handoff(conv["handoff_id"], risk.level, list(risk.reasons))
        replies = []
        if SAFETY in risk.categories:  # never only a queue place: what to do now
            advice = self.texts.render(safety_advice_response(text))
            replies.append(await self.store.append_message(cid, "bot", advice))
        elif conv.get("mode") == "queued" and ASKS_IF_STILL_SAFE.search(shown):
            # "现在还能接着用吗 我有点怕" while queued for a hazard: what to do now again, not only the place
            ticket = await self.store.get_handoff(conv["handoff_id"]) if conv.get("handoff_id") else None
            if ticket and SAFETY_REASON in ticket["reasons"]:
                advice = self.texts.render("utter_safety_advice")
                replies.append(await self.store.append_message(cid, "bot", advice))
        if conv.get("mode") == "queued":
            # a threat moved the ticket up: say so, not only the place ("再不解决我就给差评!!!")
            response = "utter_queue_raised" if risk.escalate else "utter_queue_update"
            taken_back = SOFTENS.search(shown) and not risk.escalate and not MENTIONS_PHOTOS.search(shown)
            response = "utter_queue_words_taken_back" if taken_back else response
            if response == "utter_queue_update" and MENTIONS_PHOTOS.search(shown):
                response = "utter_queue_update_photos"
            update = await self._queue_message(cid, conv, response)
            replies += [update] if update else []
        return replies  # in human mode the agent sees the message live

    async def _button_or_text(self, cid: str, text: str) -> Tuple[str, str]:
        """(what Rasa reads, what the transcript shows). A payload ("/request_human") counts only
        when the bot offered it in this conversation, and the transcript shows that button's
        title; any other text starting with "/" is plain text, never an intent with entities
        typed by the shopper. A `label` from the client is never trusted."""
        if not text.startswith("/"):
            return text, text
        for message in reversed(await self.store.recent_messages(cid, RECENT_FOR_BUTTONS)):
            if message.get("sender") != "bot":
                continue
            for button in message.get("buttons") or ():
                if button.get("payload") == text:
                    return text, str(button.get("title") or text)
        plain = text.lstrip("/").strip() or "?"
        return plain, text

    async def shopper_photo(self, cid: str, data: bytes) -> Dict[str, Any]:
        """A photo from the shopper: checked from its bytes, kept, shown in the transcript (to the
        agent too) and told to the bot, which acknowledges it or hands a reported problem over."""
        conv = await self._conversation(cid)
        if len(data) > MAX_IMAGE_BYTES:
            raise TooLarge(f"图片不能超过 {MAX_IMAGE_BYTES // (1024 * 1024)}MB")
        content_type = image_type(data)
        if content_type is None:
            raise UnsupportedMedia("只能发送 JPEG、PNG 或 WebP 图片")
        aid = await self.store.save_attachment(cid, content_type, data)
        attachment = {"url": f"/api/attachments/{aid}"}
        message = await self.store.append_message(cid, "shopper", PHOTO_TEXT, attachment=attachment)
        if bot_answers(conv):
            replies = await self._ask_bot(cid, PHOTO_PAYLOAD, conv)
        else:  # the agent sees it live; the bot's history gets it too
            await self._record_shopper_turn(cid, PHOTO_PAYLOAD, await self._parse(cid, PHOTO_PAYLOAD))
            replies = []
        return {"attachment_id": aid, "url": attachment["url"], "message": message, "replies": replies}

    async def _ask_bot(
        self, cid: str, text: str, conv: Dict[str, str], while_queued: bool = False
    ) -> List[Dict[str, Any]]:
        """The bot's answer, stored. `while_queued`: a question answered while the shopper waits
        for a person (the bot leaves out its own offer of one, and the queue is not announced)."""
        metadata: Dict[str, Any] = {key: conv[key] for key in ("account", "product") if conv.get(key)}
        metadata.update({"queued": True} if while_queued else {})
        replies = []
        try:
            text = without_greeting(text)  # "在不 7305…發貨了沒": the question
            offer_open = await self._offer_open(cid)
            if not offer_open:  # "好的 要等多久" to an offer also accepts it
                text = without_acknowledgement(text)  # "嗯嗯 好的 大概几天能收到": the question
            for question in declined_then_asked(text) if offer_open else split_questions(text):
                answer = await self.rasa.send_message(cid, question, metadata)
                if not answer and not while_queued and await self.rasa.is_paused(cid):
                    if replies:
                        break  # the first question was escalated: a person takes the rest
                    # Redis says bot mode but Rasa is still paused (a hand-back whose resume was
                    # lost): resume it and ask again rather than leave the shopper unanswered.
                    await self.rasa.append_events(cid, [{"event": "resume"}, LISTEN])
                    answer = await self.rasa.send_message(cid, question, metadata)
                replies += answer
            # A form's question asked after each of two questions is asked once, last.
            replies = [r for i, r in enumerate(replies) if r["text"] not in {x["text"] for x in replies[i + 1 :]}]
        except RasaUnavailable:
            if while_queued:
                raise
            logger.exception("Rasa did not answer for %s", cid)
            return [await self.store.append_message(cid, "bot", self.texts.render("utter_service_unavailable"))]
        if while_queued:  # queued already: no "转人工" / "不用了" (which would leave the queue) to click
            replies = [
                {**r, "buttons": [b for b in r["buttons"] if b.get("payload") not in PERSON_PAYLOADS]} for r in replies
            ]
        replies = await self._not_repeated(cid, replies)
        stored = [await self.store.append_message(cid, "bot", r["text"], r["buttons"]) for r in replies]
        before, conv = conv, await self._conversation(cid)
        if while_queued:
            return stored
        if conv.get("mode") == "queued" and (before.get("mode") != "queued" or not bot_answers(conv)):
            # the bot escalated, or handed a task to a person: tell the shopper where they stand
            response = "utter_task_queue_notice" if bot_answers(conv) else "utter_queue_notice"
            notice = await self._queue_message(cid, conv, response)
            stored += [notice] if notice else []
        return stored

    async def _offer_open(self, cid: str) -> bool:
        """Did the bot's last turn (before the shopper's latest message) offer something the
        shopper can decline (a "不用了" button beside "转人工")?"""
        recent = await self.store.recent_messages(cid, RECENT_FOR_OFFER)
        turn = []
        for message in reversed(recent[:-1]):  # the last one is the shopper's message being answered
            if message.get("sender") != "bot":
                break
            turn.append(message)
        return any(button.get("payload") == "/deny" for message in turn for button in message.get("buttons") or ())

    async def _not_repeated(self, cid: str, replies: List[Dict[str, Any]]) -> List[Dict[str, Any]]:
        """The same answer as the bot's previous turn is not sent again as if new. Asked the same
        again, the shopper may have missed it (a parcel's place may have changed, too): it comes
        again under a line saying so. Asked something else, a short answer comes again with a hint
        that the bot may have misunderstood; a long one is not repeated, only the hint is sent.
        Short small talk ("不客气哦亲") may come twice."""
        recent = await self.store.recent_messages(cid, RECENT_FOR_REPEATS)
        asked, earlier = recent[-1]["text"] if recent else "", recent[:-1]  # this message, and before it
        previous, asked_before = [], None
        for message in reversed(earlier):
            if message["sender"] != "bot":
                asked_before = message["text"]
                break
            previous.insert(0, message["text"])
        texts = [reply["text"] for reply in replies]
        if asked_before is None or not (texts and texts == previous and sum(map(len, texts)) >= MIN_REPEAT_LENGTH):
            return replies  # the first question may get the welcome text again ("在吗")
        if same_words(asked, asked_before):
            return [{"text": self.texts.render("utter_already_answered"), "buttons": []}, *replies]
        if len(replies) <= MAX_SHORT_REPEAT_BUBBLES and sum(map(len, texts)) <= MAX_SHORT_REPEAT_LENGTH:
            # a short answer (a form's question, the coupons) may well answer the new question too:
            # said again, with the hint that the bot may have misunderstood
            hint = {"text": self.texts.render("utter_same_answer_hint"), "buttons": []}
            return [*replies, hint]
        return [{"text": self.texts.render("utter_same_answer_again"), "buttons": replies[-1]["buttons"]}]

    async def _queue_message(self, cid: str, conv: Dict[str, str], response: str) -> Optional[Dict[str, Any]]:
        position = await self.store.queue_position(conv["handoff_id"])
        if position is None:
            return None  # an agent has it already
        ahead = position - 1
        minutes = max(1, (ahead + 1) * self.minutes_per_shopper_ahead)
        place = f"前面还有 {ahead} 位" if ahead else "您排在第一位"  # never "前面还有 0 位"
        return await self.store.append_message(cid, "bot", self.texts.render(response, place=place, minutes=minutes))

    async def _cancel_queue(self, cid: str, conv: Dict[str, str]) -> List[Dict[str, Any]]:
        result = await self.store.close_handoff(conv["handoff_id"], status="cancelled", required_status="queued")
        if result not in ("ok", "task"):  # an agent took it meanwhile: the agent will answer
            return []
        # The person is declined: an offer of one in the next answer is not taken up by "行吧".
        declined = {"event": "slot", "name": "offer", "value": "declined"}
        await self._record_in_tracker(cid, [{"event": "resume"}, declined, LISTEN])
        # A task (a new address, photos) stays with a person; only the waiting stops.
        response = "utter_handoff_cancelled_task_kept" if result == "task" else "utter_handoff_cancelled"
        return [await self.store.append_message(cid, "bot", self.texts.render(response))]

    async def _withdraw_task(self, cid: str, conv: Dict[str, str], text: str) -> Optional[List[Dict[str, Any]]]:
        """The change a person was to make is taken back: the ticket closes and the rest of the
        message goes to the bot. None when it is no change the shopper asked for (photos stay with
        the person) or an agent has just claimed it (who then answers)."""
        ticket = await self.store.get_handoff(conv["handoff_id"])
        reasons = (ticket or {}).get("reasons") or []
        if not any(word in reason for reason in reasons for word in CHANGE_TASK_WORDS):
            return None
        result = await self.store.close_handoff(conv["handoff_id"], status="withdrawn", required_status="queued")
        if result != "ok":
            return None
        declined = {"event": "slot", "name": "offer", "value": "declined"}
        await self._record_in_tracker(cid, [declined, LISTEN])
        replies = [await self.store.append_message(cid, "bot", self.texts.render("utter_handoff_task_withdrawn"))]
        rest = DECLINED_PERSON.sub(" ", WITHDRAWS_TASK.sub(" ", CANCEL_WHILE_QUEUED.sub("", text)))
        rest = rest.strip(" \t,，。.!！~～")
        if NOTHING_LEFT.sub("", rest):  # "…不改了 那大概哪天能发", "那大概哪天能发 不用转人工了 不改了"
            replies += await self._ask_bot(cid, rest, await self._conversation(cid))
        return replies

    async def _answer_while_queued(self, cid: str, text: str, conv: Dict[str, str]) -> Optional[List[Dict[str, Any]]]:
        """ "另外我还有一单 9036…到哪了" while waiting for a person: the bot answers it (the
        conversation resumed for this one message and paused again) and the shopper is told the
        place in the queue. None when Rasa cannot be resumed: the message waits for the person."""
        try:
            await self.rasa.append_events(cid, [{"event": "resume"}, LISTEN])
        except RasaUnavailable:
            logger.exception("Could not resume %s to answer while queued", cid)
            return None
        try:
            replies = await self._ask_bot(cid, text, conv, while_queued=True)
        except RasaUnavailable:
            logger.exception("Rasa did not answer %s while queued", cid)
            replies = None  # the message is recorded and waits for the person, as any other
        finally:
            now = await self._conversation(cid)
            if not bot_answers(now):  # still waiting, or claimed meanwhile: the person has it
                # the answer's own offer of a person is no offer: the shopper is queued already
                await self._record_in_tracker(cid, [{"event": "slot", "name": "offer", "value": None}, PAUSE])
        if replies is None:
            return None
        update = await self._queue_message(cid, now, "utter_queue_update") if now.get("mode") == "queued" else None
        return replies + ([update] if update else [])

    async def _parse(self, cid: str, text: str) -> Optional[Dict[str, Any]]:
        try:
            return await self.rasa.parse(text, cid)
        except RasaUnavailable:
            logger.exception("Could not parse a human-mode message of %s", cid)
            return None

    async def _record_shopper_turn(self, cid: str, text: str, parse_data: Optional[Dict[str, Any]]) -> None:
        """A message the bot does not answer still enters its tracker, with its NLU parse, so the
        bot knows what was said when it takes over again."""
        if parse_data is None:
            return
        events = [LISTEN, {"event": "user", "text": text, "parse_data": tracker_ready(parse_data)}]
        # An order number told while waiting ("订单号2957…" for the agent) is the order in focus
        # when the bot takes over again, as if the bot had read it (domain: order_id from_entity).
        named = find_order_ids(text)
        if named:
            events.append({"event": "slot", "name": "order_id", "value": named[-1]})
        await self._record_in_tracker(cid, events)

    async def _record_in_tracker(self, cid: str, events: List[Dict[str, Any]]) -> None:
        """The Redis transcript already holds the message; a tracker failure is logged, not lost."""
        try:
            await self.rasa.append_events(cid, events)
        except RasaUnavailable:
            logger.exception("Could not append %s to the Rasa tracker of %s", events, cid)

    # ------------------------------------------------------------------- agents
    async def _ticket_for_agent(self, hid: str, agent: str) -> Dict[str, Any]:
        ticket = await self.store.get_handoff(hid)
        if ticket is None:
            raise NotFound("handoff not found")
        if ticket["status"] != "assigned":
            raise Conflict(f"handoff is {ticket['status']}, claim it first")
        if ticket["assigned_to"] != agent:
            raise Conflict(f"handoff is assigned to {ticket['assigned_to']}")
        return ticket

    async def claim(self, hid: str, agent: str, agent_name: str) -> Dict[str, Any]:
        result = await self.store.claim(hid, agent)
        if result == "already":
            return await self.store.get_handoff(hid)  # a double click: the shopper was told once
        if result == "missing":
            raise NotFound("handoff not found")
        if result == "taken":
            raise Conflict("handoff already claimed by another agent")
        if result == "closed":
            raise Conflict("handoff is already closed")
        ticket = await self.store.get_handoff(hid)
        await self.store.append_message(
            ticket["conversation_id"], "bot", self.texts.render("utter_agent_joined", agent=agent_name)
        )
        return ticket

    async def agent_message(self, hid: str, agent: str, agent_name: str, text: Any) -> Dict[str, Any]:
        text = clean_text(text)
        ticket = await self._ticket_for_agent(hid, agent)
        cid = ticket["conversation_id"]
        message = await self.store.append_message(cid, "agent", text, agent=agent_name)
        await self._record_in_tracker(cid, [{"event": "bot", "text": text, "metadata": {"agent": agent}}])
        return message

    async def resolve(self, hid: str, agent: str, resume_bot: bool) -> Dict[str, Any]:
        ticket = await self._ticket_for_agent(hid, agent)
        cid = ticket["conversation_id"]
        # Rasa first: if it cannot be resumed, the ticket stays with the agent (nothing half-done).
        # With hand-back the bot carries on with its slots and history; without, it starts afresh.
        events = [{"event": "resume"}, LISTEN] if resume_bot else [{"event": "resume"}, {"event": "restart"}]
        try:
            await self.rasa.append_events(cid, events)
        except RasaUnavailable:
            logger.exception("Could not resume the bot for %s", cid)
            raise BotUnavailable("the bot cannot take over right now; try again") from None
        result = await self.store.close_handoff(hid, agent=agent, status="resolved")
        if result != "ok":
            raise Conflict(f"handoff could not be resolved: {result}")
        if resume_bot:
            await self.store.append_message(cid, "bot", self.texts.render("utter_bot_resumed"))
        return await self.store.get_handoff(hid)

    async def conversation_state(self, cid: str) -> Dict[str, Any]:
        await self._conversation(cid)
        return await self.store.conversation_state(cid)

    async def messages(self, cid: str, after: Optional[str]) -> List[Dict[str, Any]]:
        await self._conversation(cid)
        try:
            after_seq = int(after or 0)
        except ValueError:
            raise InvalidInput("after must be a whole number") from None
        if after_seq > MAX_SEQ:
            raise InvalidInput("after is larger than any message number")
        return await self.store.messages_after(cid, max(0, after_seq))
