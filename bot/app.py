"""The gateway: storefront page, shopper chat API, agent console API and pages (Sanic 21.12).

    create_app(GatewayConfig.from_env()).run(host="127.0.0.1", port=8080)

API contract: ../shared/DESIGN.md §3. Errors are JSON {"error": ...} with a 4xx status.
"""
import html
import itertools
import json
import logging
from functools import wraps
from pathlib import Path
from typing import Any, Dict, Optional

import yaml
from sanic import Sanic, response
from sanic.exceptions import SanicException
from sanic.server.websockets.impl import WebsocketClosed
from sanic.request import Request
from websockets.connection import State
from websockets.exceptions import ConnectionClosed

from actions.shop import get_backend
from actions.parcel import parcel_answer
from actions.clock import shop_now
from bot.agents import AgentDirectory
from bot.config import GatewayConfig
from bot.conversations import ConversationError, ConversationService
from bot.rasa_client import RasaClient
from bot.store import AGENT_CHANNEL, KefuStore, conv_channel
from bot.texts import Texts

logger = logging.getLogger(__name__)
STATIC_DIR = Path(__file__).resolve().parent / "static"
MAX_LOGIN_FAILURES = 10
_app_numbers = itertools.count(1)


def _json_body(request: Request) -> Dict[str, Any]:
    try:
        body = json.loads(request.body or b"{}")
    except ValueError:
        raise ConversationError(400, "body must be JSON")
    if not isinstance(body, dict):
        raise ConversationError(400, "body must be a JSON object")
    return body


def order_details(order_id: Optional[str]) -> Optional[Dict[str, Any]]:
    """What the agent sees of the order behind a ticket, with the parcel's state."""
    if not order_id:
        return None
    backend = get_backend()
    order = backend.get_order(order_id)
    if order is None:
        return None
    policy = backend.policy
    state, _, values = parcel_answer(order, policy, shop_now(policy))
    return {
        "order_id": order.order_id, "account": order.account, "phone": order.phone,
        "amount": order.amount, "paid_at": order.paid_at.isoformat(),
        "items": [{"name": i.name, "qty": i.qty, "price": i.price_paid} for i in order.items],
        "parcel_state": state.value, "courier": values.get("courier"),
        "tracking_no": values.get("tracking_no"), "latest_event": values.get("event"),
        "latest_event_time": values.get("time"),
    }


def create_app(config: Optional[GatewayConfig] = None) -> Sanic:
    config = config or GatewayConfig.from_env()
    app = Sanic(f"kefu_gateway_{next(_app_numbers)}")
    app.config.WEBSOCKET_PING_INTERVAL = 20
    app.static("/static", str(STATIC_DIR))

    @app.listener("before_server_start")
    async def setup(app_: Sanic, _loop) -> None:
        app_.ctx.store = KefuStore(config.redis_url)
        app_.ctx.rasa = RasaClient(config.rasa_url, config.rasa_token, config.rasa_timeout)
        app_.ctx.agents = AgentDirectory.from_file(config.agents_file)
        app_.ctx.quick_replies = yaml.safe_load(config.quick_replies_file.read_text(encoding="utf-8"))
        policy = get_backend().policy
        app_.ctx.shop_name = policy.shop_name
        app_.ctx.service = ConversationService(app_.ctx.store, app_.ctx.rasa, Texts(config.domain_file),
                                               policy.minutes_per_shopper_ahead)

    @app.listener("after_server_stop")
    async def teardown(app_: Sanic, _loop) -> None:
        await app_.ctx.rasa.close()
        await app_.ctx.store.close()

    @app.exception(ConversationError)
    async def conversation_error(_request, error: ConversationError):
        return response.json({"error": error.message}, status=error.status)

    @app.exception(SanicException)
    async def sanic_error(_request, error: SanicException):
        return response.json({"error": str(error)}, status=getattr(error, "status_code", 500) or 500)

    def agent_required(handler):
        @wraps(handler)
        async def wrapper(request: Request, *args, **kwargs):
            header = request.headers.get("authorization", "")
            token = header[7:] if header.lower().startswith("bearer ") else ""
            username = await app.ctx.store.agent_for_token(token)
            agent = app.ctx.agents.get(username) if username else None
            if agent is None:
                return response.json({"error": "agent login required"}, status=401)
            request.ctx.agent = agent
            return await handler(request, *args, **kwargs)
        return wrapper

    # ------------------------------------------------------------------ pages
    def page(name: str):
        text = (STATIC_DIR / name).read_text(encoding="utf-8")
        return response.html(text.replace("{{shop_name}}", html.escape(app.ctx.shop_name)))

    @app.get("/")
    async def storefront(_request):
        return page("index.html")

    @app.get("/agent")
    async def agent_console(_request):
        return page("agent.html")

    @app.get("/api/products")
    async def products(_request):
        items = get_backend().list_products()[:12]
        return response.json({"products": [
            {"name": p.name, "category": p.category, "price": p.price, "tags": list(p.tags)} for p in items]})

    # ---------------------------------------------------------------- shopper
    @app.post("/api/conversations")
    async def new_conversation(request: Request):
        body = _json_body(request)
        cid = await app.ctx.store.create_conversation(
            {k: str(body[k]) for k in ("account", "phone") if body.get(k)})
        await app.ctx.service.greet(cid)
        return response.json({"conversation_id": cid}, status=201)

    @app.get("/api/conversations/<cid>")
    async def conversation_state(_request, cid: str):
        return response.json(await app.ctx.service.conversation_state(cid))

    @app.post("/api/conversations/<cid>/messages")
    async def shopper_message(request: Request, cid: str):
        body = _json_body(request)
        replies = await app.ctx.service.shopper_message(cid, body.get("text"), body.get("label"))
        return response.json({"replies": replies})

    @app.get("/api/conversations/<cid>/messages")
    async def conversation_messages(request: Request, cid: str):
        return response.json({"messages": await app.ctx.service.messages(cid, request.args.get("after"))})

    @app.websocket("/ws/conversations/<cid>")
    async def conversation_feed(request: Request, ws, cid: str):
        """Live push; `?after=N` first replays what was missed, so a reconnect loses nothing."""
        store: KefuStore = app.ctx.store
        if await store.get_conversation(cid) is None:
            await ws.close(code=4404, reason="conversation not found")
            return
        try:
            last_seq = max(0, int(request.args.get("after", 0)))
        except ValueError:
            last_seq = 0
        pubsub = store.redis.pubsub()
        await pubsub.subscribe(conv_channel(cid))  # before the replay: nothing falls in between
        try:
            for message in await store.messages_after(cid, last_seq):
                await ws.send(json.dumps({"type": "message", "message": message}, ensure_ascii=False))
                last_seq = message["seq"]
            await ws.send(json.dumps({"type": "mode", **await store.conversation_state(cid)}))
            await _forward(ws, pubsub, last_seq)
        finally:
            await _close_pubsub(pubsub)

    # ----------------------------------------------------------------- agents
    @app.post("/api/agent/login")
    async def agent_login(request: Request):
        body = _json_body(request)
        username, password = str(body.get("username", "")), str(body.get("password", ""))
        if await app.ctx.store.login_attempts(username) >= MAX_LOGIN_FAILURES:
            return response.json({"error": "too many failed logins, try again in 10 minutes"}, status=429)
        # scrypt is slow on purpose: keep it off the event loop that serves every chat
        agent = await request.app.loop.run_in_executor(None, app.ctx.agents.authenticate, username, password)
        if agent is None:
            await app.ctx.store.record_failed_login(username)
            return response.json({"error": "wrong username or password"}, status=401)
        token = await app.ctx.store.create_agent_token(agent.username)
        return response.json({"token": token, "username": agent.username, "name": agent.name})

    @app.get("/api/handoffs")
    @agent_required
    async def list_handoffs(_request):
        return response.json({"handoffs": await app.ctx.store.list_handoffs()})

    @app.get("/api/handoffs/<hid>")
    @agent_required
    async def handoff_detail(_request, hid: str):
        ticket = await app.ctx.store.get_handoff(hid)
        if ticket is None:
            return response.json({"error": "handoff not found"}, status=404)
        messages = await app.ctx.store.messages_after(ticket["conversation_id"], 0)
        return response.json({"handoff": ticket, "messages": messages, "order": order_details(ticket["order_id"])})

    @app.post("/api/handoffs/<hid>/claim")
    @agent_required
    async def claim_handoff(request: Request, hid: str):
        agent = request.ctx.agent
        return response.json({"handoff": await app.ctx.service.claim(hid, agent.username, agent.name)})

    @app.post("/api/handoffs/<hid>/messages")
    @agent_required
    async def agent_message(request: Request, hid: str):
        agent = request.ctx.agent
        message = await app.ctx.service.agent_message(hid, agent.username, agent.name,
                                                      _json_body(request).get("text"))
        return response.json({"message": message}, status=201)

    @app.post("/api/handoffs/<hid>/resolve")
    @agent_required
    async def resolve_handoff(request: Request, hid: str):
        resume_bot = _json_body(request).get("resume_bot", True)
        if not isinstance(resume_bot, bool):
            return response.json({"error": "resume_bot must be true or false"}, status=400)
        ticket = await app.ctx.service.resolve(hid, request.ctx.agent.username, resume_bot)
        return response.json({"handoff": ticket})

    @app.get("/api/quick_replies")
    @agent_required
    async def quick_replies(_request):
        return response.json(app.ctx.quick_replies)

    @app.websocket("/ws/agent")
    async def agent_feed(request: Request, ws):
        """Queue and ticket changes for every console; the token comes as ?token=."""
        if await app.ctx.store.agent_for_token(request.args.get("token", "")) is None:
            await ws.close(code=4401, reason="agent login required")
            return
        pubsub = app.ctx.store.redis.pubsub()
        await pubsub.subscribe(AGENT_CHANNEL)
        try:
            await _forward(ws, pubsub, None)
        finally:
            await _close_pubsub(pubsub)

    return app


async def _close_pubsub(pubsub) -> None:
    try:
        await pubsub.unsubscribe()
    finally:
        await pubsub.close()


async def _forward(ws, pubsub, replayed_up_to: Optional[int]) -> None:
    """Pushes pub/sub events to the websocket until the client goes away.

    Clients only listen, so nothing is read from the socket: Sanic 21.12's ws.recv()
    hands a bare coroutine to asyncio.wait, which Python 3.11 rejects. The
    connection state (kept current by Sanic's pings) tells when the client left.
    """
    while ws.connection.state is State.OPEN:
        item = await pubsub.get_message(ignore_subscribe_messages=True, timeout=1.0)
        if item is None:
            continue
        data = item["data"]
        if replayed_up_to is not None:
            event = json.loads(data)
            # Only what the replay already sent is skipped: live messages may arrive out of
            # order (two appends racing), and clients sort and de-duplicate by seq.
            if event.get("type") == "message" and event["message"]["seq"] <= replayed_up_to:
                continue
        try:
            await ws.send(data)
        except (ConnectionClosed, WebsocketClosed):
            return
