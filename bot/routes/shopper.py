"""Shopper chat API (DESIGN.md §3): unauthenticated, scoped to an unguessable conversation id."""

import json
from typing import Any

from sanic import Blueprint, response
from sanic.request import Request

from bot.conversations import MAX_TEXT_LENGTH
from bot.errors import InvalidInput, NotFound, TooManyRequests
from bot.feeds import close_pubsub, forward
from bot.requests import client_address, json_body, product_sku, signed_account
from kefu.handoff import KefuStore, conv_channel
from kefu.handoff.limits import Limit
from kefu.patterns import find_order_ids


async def within_message_limits(request: Request, cid: str, text: Any) -> None:
    """One shopper's flood must not slow everyone: messages per conversation and per client
    address, and messages naming an order number per conversation (guessing numbers)."""
    ctx, settings = request.app.ctx, request.app.ctx.settings
    # The address first: a flood over made-up conversation ids is stopped before it makes keys.
    if not await ctx.limits.allow(
        "address_messages", client_address(request), Limit(settings.address_messages_per_minute, 60)
    ):
        raise TooManyRequests("亲,消息发得太快啦,请稍等一下再发~", retry_after=60)
    if not await ctx.limits.allow("messages", cid, Limit(settings.messages_per_minute, 60)):
        raise TooManyRequests("亲,消息发得太快啦,请稍等一下再发~", retry_after=60)
    if isinstance(text, str) and find_order_ids(text[:MAX_TEXT_LENGTH]):
        if not await ctx.limits.allow("order_lookups", cid, Limit(settings.order_lookups_per_hour, 3600)):
            raise TooManyRequests(
                "亲,这个会话查询订单的次数太多了,请稍后再试,或从“我的订单”里联系客服~", retry_after=600
            )


def shopper_routes() -> Blueprint:
    bp = Blueprint("shopper")

    @bp.post("/api/conversations")
    async def new_conversation(request: Request):
        body = json_body(request)
        ctx = request.app.ctx
        account = signed_account(body, ctx.identity_secret)
        product = product_sku(body, ctx.shop)
        address = client_address(request)
        settings = ctx.settings
        if not await ctx.limits.allow("conversations", address, Limit(settings.conversations_per_hour, 3600)):
            raise TooManyRequests("打开的会话太多了,请稍后再试~", retry_after=600)
        cid = await ctx.store.create_conversation(account, product, address)
        await ctx.service.greet(cid)
        return response.json({"conversation_id": cid}, status=201)

    @bp.get("/api/conversations/<cid>")
    async def conversation_state(request: Request, cid: str):
        return response.json(await request.app.ctx.service.conversation_state(cid))

    @bp.post("/api/conversations/<cid>/messages")
    async def shopper_message(request: Request, cid: str):
        body = json_body(request)
        product = product_sku(body, request.app.ctx.shop)
        await within_message_limits(request, cid, body.get("text"))
        replies = await request.app.ctx.service.shopper_message(cid, body.get("text"), product)
        return response.json({"replies": replies})

    @bp.post("/api/conversations/<cid>/attachments")
    async def shopper_photo(request: Request, cid: str):
        """One image as multipart field `file` (DESIGN.md §3); its type is read from its bytes."""
        upload = request.files.get("file") if request.files else None
        if upload is None:
            raise InvalidInput("send one image as the multipart field 'file'")
        await within_message_limits(request, cid, None)
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
