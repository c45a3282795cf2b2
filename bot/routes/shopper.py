"""Shopper chat API (DESIGN.md §3): unauthenticated, scoped to an unguessable conversation id."""

import json

from sanic import Blueprint, response
from sanic.request import Request

from bot.errors import InvalidInput, NotFound
from bot.feeds import close_pubsub, forward
from bot.requests import json_body, product_sku, signed_account
from kefu.handoff import KefuStore, conv_channel


def shopper_routes() -> Blueprint:
    bp = Blueprint("shopper")

    @bp.post("/api/conversations")
    async def new_conversation(request: Request):
        body = json_body(request)
        ctx = request.app.ctx
        account = signed_account(body, ctx.identity_secret)
        cid = await ctx.store.create_conversation(account, product_sku(body, ctx.shop))
        await ctx.service.greet(cid)
        return response.json({"conversation_id": cid}, status=201)

    @bp.get("/api/conversations/<cid>")
    async def conversation_state(request: Request, cid: str):
        return response.json(await request.app.ctx.service.conversation_state(cid))

    @bp.post("/api/conversations/<cid>/messages")
    async def shopper_message(request: Request, cid: str):
        body = json_body(request)
        product = product_sku(body, request.app.ctx.shop)
        replies = await request.app.ctx.service.shopper_message(cid, body.get("text"), body.get("label"), product)
        return response.json({"replies": replies})

    @bp.post("/api/conversations/<cid>/attachments")
    async def shopper_photo(request: Request, cid: str):
        """One image as multipart field `file` (DESIGN.md §3); its type is read from its bytes."""
        upload = request.files.get("file") if request.files else None
        if upload is None:
            raise InvalidInput("send one image as the multipart field 'file'")
        result = await request.app.ctx.service.shopper_photo(cid, upload.body)
        return response.json(result, status=201)

    @bp.get("/api/attachments/<aid>")
    async def attachment(request: Request, aid: str):
        found = await request.app.ctx.store.get_attachment(aid)
        if found is None:
            raise NotFound("attachment not found")
        content_type, data = found
        headers = {"X-Content-Type-Options": "nosniff", "Cache-Control": "private, max-age=3600"}
        return response.raw(data, content_type=content_type, headers=headers)

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
