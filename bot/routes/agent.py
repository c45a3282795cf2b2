"""Agent console API: login, queue, claim, reply, resolve; every call but login needs a token."""

from functools import wraps

from sanic import Blueprint, response
from sanic.request import Request

from bot.errors import InvalidInput, NotFound
from bot.feeds import close_pubsub, forward
from bot.orders import order_details
from bot.requests import json_body
from kefu.clock import shop_now
from kefu.handoff import AGENT_CHANNEL

MAX_LOGIN_FAILURES = 10


def agent_required(handler):
    @wraps(handler)
    async def wrapper(request: Request, *args, **kwargs):
        header = request.headers.get("authorization", "")
        token = header[7:] if header.lower().startswith("bearer ") else ""
        ctx = request.app.ctx
        username = await ctx.store.agent_for_token(token)
        agent = ctx.agents.get(username) if username else None
        if agent is None:
            return response.json({"error": "agent login required"}, status=401)
        request.ctx.agent = agent
        return await handler(request, *args, **kwargs)

    return wrapper


def agent_routes() -> Blueprint:
    bp = Blueprint("agent")

    @bp.post("/api/agent/login")
    async def agent_login(request: Request):
        body = json_body(request)
        ctx = request.app.ctx
        username, password = str(body.get("username", "")), str(body.get("password", ""))
        if await ctx.store.login_attempts(username) >= MAX_LOGIN_FAILURES:
            return response.json({"error": "too many failed logins, try again in 10 minutes"}, status=429)
        # scrypt is slow on purpose: keep it off the event loop that serves every chat
        agent = await request.app.loop.run_in_executor(None, ctx.agents.authenticate, username, password)
        if agent is None:
            await ctx.store.record_failed_login(username)
            return response.json({"error": "wrong username or password"}, status=401)
        token = await ctx.store.create_agent_token(agent.username)
        return response.json({"token": token, "username": agent.username, "name": agent.name})

    @bp.get("/api/handoffs")
    @agent_required
    async def list_handoffs(request: Request):
        return response.json({"handoffs": await request.app.ctx.store.list_handoffs()})

    @bp.get("/api/handoffs/<hid>")
    @agent_required
    async def handoff_detail(request: Request, hid: str):
        ctx = request.app.ctx
        ticket = await ctx.store.get_handoff(hid)
        if ticket is None:
            raise NotFound("handoff not found")
        messages = await ctx.store.messages_after(ticket["conversation_id"], 0)
        order = order_details(ctx.shop, ticket["order_id"], shop_now(ctx.shop.policy, ctx.settings.now))
        return response.json({"handoff": ticket, "messages": messages, "order": order})

    @bp.post("/api/handoffs/<hid>/claim")
    @agent_required
    async def claim_handoff(request: Request, hid: str):
        agent = request.ctx.agent
        return response.json({"handoff": await request.app.ctx.service.claim(hid, agent.username, agent.name)})

    @bp.post("/api/handoffs/<hid>/messages")
    @agent_required
    async def agent_message(request: Request, hid: str):
        agent = request.ctx.agent
        text = json_body(request).get("text")
        message = await request.app.ctx.service.agent_message(hid, agent.username, agent.name, text)
        return response.json({"message": message}, status=201)

    @bp.post("/api/handoffs/<hid>/resolve")
    @agent_required
    async def resolve_handoff(request: Request, hid: str):
        resume_bot = json_body(request).get("resume_bot", True)
        if not isinstance(resume_bot, bool):
            raise InvalidInput("resume_bot must be true or false")
        ticket = await request.app.ctx.service.resolve(hid, request.ctx.agent.username, resume_bot)
        return response.json({"handoff": ticket})

    @bp.get("/api/quick_replies")
    @agent_required
    async def quick_replies(request: Request):
        return response.json(request.app.ctx.quick_replies)

    @bp.websocket("/ws/agent")
    async def agent_feed(request: Request, ws):
        """Queue and ticket changes for every console; the token comes as ?token=."""
        store = request.app.ctx.store
        if await store.agent_for_token(request.args.get("token", "")) is None:
            await ws.close(code=4401, reason="agent login required")
            return
        pubsub = store.redis.pubsub()
        await pubsub.subscribe(AGENT_CHANNEL)
        try:
            await forward(ws, pubsub, None)
        finally:
            await close_pubsub(pubsub)

    return bp
