"""Agent console API: login, queue, claim, reply, resolve; every call but login needs a token."""

import time
from functools import wraps
from typing import Any

from sanic import Blueprint, response
from sanic.request import Request

from bot.conversations import encodable
from bot.errors import InvalidInput, NotFound, TooManyRequests
from bot.feeds import close_pubsub, forward
from bot.orders import order_details
from bot.requests import client_address, json_body
from kefu.clock import shop_now
from kefu.handoff import AGENT_CHANNEL

# Failures allowed freely per scope (account from one address, one address, one account)
# before each further attempt waits 2, 4, 8 … seconds (kefu/handoff/limits.py).
LOGIN_FREE_FAILURES = (5, 20, 50)
MAX_USERNAME, MAX_PASSWORD = 64, 256


def bounded(value: Any, longest: int) -> bool:
    return isinstance(value, str) and 0 < len(value) <= longest and encodable(value)


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
        request.ctx.agent, request.ctx.token = agent, token
        return await handler(request, *args, **kwargs)

    return wrapper


def agent_routes() -> Blueprint:
    bp = Blueprint("agent")

    @bp.post("/api/agent/login")
    async def agent_login(request: Request):
        body = json_body(request)
        ctx = request.app.ctx
        username, password = body.get("username"), body.get("password")
        if not (bounded(username, MAX_USERNAME) and bounded(password, MAX_PASSWORD)):
            raise InvalidInput("username and password must be strings of reasonable length")
        # Counted before the password is checked, in one Redis script: guesses sent at once are
        # each counted. One account from one address, one address for any account, one account
        # from anywhere: each allows a few failures, then a growing wait (never a lock-out
        # that a stranger could keep an agent in by failing on purpose from elsewhere).
        scopes = [
            f"pair:{username}|{client_address(request)}",
            f"address:{client_address(request)}",
            f"user:{username}",
        ]
        wait = await ctx.limits.reserve_login(scopes, LOGIN_FREE_FAILURES, time.time())
        if wait is not None:
            raise TooManyRequests(f"登录失败次数过多,请 {int(wait) + 1} 秒后再试", retry_after=int(wait) + 1)
        # scrypt is slow on purpose: keep it off the event loop that serves every chat
        agent = await request.app.loop.run_in_executor(None, ctx.agents.authenticate, username, password)
        if agent is None:
            return response.json({"error": "wrong username or password"}, status=401)
        await ctx.limits.login_succeeded(forget=scopes[:1], uncount=scopes[1:])
        token = await ctx.store.create_agent_token(agent.username, ctx.settings.agent_token_hours * 3600)
        return response.json({"token": token, "username": agent.username, "name": agent.name})

    @bp.post("/api/agent/logout")
    @agent_required
    async def agent_logout(request: Request):
        await request.app.ctx.store.delete_agent_token(request.ctx.token)
        return response.json({"ok": True})

    @bp.post("/api/agent/socket_ticket")
    @agent_required
    async def socket_ticket(request: Request):
        """A single-use ticket for /ws/agent?ticket=…, so the bearer token stays out of URLs."""
        return response.json({"ticket": await request.app.ctx.store.create_socket_ticket(request.ctx.agent.username)})

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
        """Queue and ticket changes for every console; a single-use ticket comes as ?ticket=
        (POST /api/agent/socket_ticket). Sanic 21.12's ws.recv() fails on Python 3.11, so the
        socket cannot read a first message carrying the token instead."""
        store = request.app.ctx.store
        if await store.take_socket_ticket(request.args.get("ticket", "")) is None:
            await ws.close(code=4401, reason="agent login required")
            return
        pubsub = store.redis.pubsub()
        await pubsub.subscribe(AGENT_CHANNEL)
        try:
            await forward(ws, pubsub, None)
        finally:
            await close_pubsub(pubsub)

    return bp
