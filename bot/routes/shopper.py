"""Shopper chat API (DESIGN.md §3): unauthenticated, scoped to an unguessable conversation id."""

import json

from sanic import Blueprint, response
from sanic.request import Request

from bot.feeds import close_pubsub, forward
from bot.requests import json_body
from kefu.handoff import KefuStore, conv_channel


def shopper_routes() -> Blueprint:
    bp = Blueprint("shopper")

    @bp.post("/api/conversations")
    async def new_conversation(request: Request):
        body = json_body(request)
        ctx = request.app.ctx
        cid = await ctx.store.create_conversation({k: str(body[k]) for k in ("account", "phone") if body.get(k)})
        await ctx.service.greet(cid)
        return response.json({"conversation_id": cid}, status=201)

    @bp.get("/api/conversations/<cid>")
    async def conversation_state(request: Request, cid: str):
        return response.json(await request.app.ctx.service.conversation_state(cid))

    @bp.post("/api/conversations/<cid>/messages")
    async def shopper_message(request: Request, cid: str):
        body = json_body(request)
        replies = await request.app.ctx.service.shopper_message(cid, body.get("text"), body.get("label"))
        return response.json({"replies": replies})

    @bp.get("/api/conversations/<cid>/messages")
    async def conversation_messages(request: Request, cid: str):
        messages = await request.app.ctx.service.messages(cid, request.args.get("after"))
        return response.json({"messages": messages})

    @bp.websocket("/ws/conversations/<cid>")
    async def conversation_feed(request: Request, ws, cid: str):
        """Live push; `?after=N` first replays what was missed, so a reconnect loses nothing."""
        store: KefuStore = request.app.ctx.store
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
            await forward(ws, pubsub, last_seq)
        finally:
            await close_pubsub(pubsub)

    return bp
