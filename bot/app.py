"""The gateway: storefront page, shopper chat API, agent console API and pages (Sanic 21.12).

    create_app(Settings.from_env()).run(host="127.0.0.1", port=8080)

API contract: ../shared/DESIGN.md §3. The service layer raises bot.errors; this
module alone turns them into HTTP statuses, as JSON {"error": ...}.
"""

import logging
import secrets
from typing import Optional

import yaml
from redis.exceptions import RedisError
from sanic import Sanic, response
from sanic.exceptions import SanicException

from bot.agents import AgentDirectory
from bot.conversations import ConversationService
from bot.errors import (
    BotUnavailable,
    Conflict,
    Forbidden,
    GatewayError,
    InvalidInput,
    NotFound,
    TooLarge,
    TooManyRequests,
    UnsupportedMedia,
)
from bot.guards import install_guards
from bot.rasa_client import RasaPool
from bot.routes.agent import agent_routes
from bot.routes.demo import demo_routes
from bot.routes.pages import page_routes
from bot.routes.shopper import shopper_routes
from bot.texts import Texts
from kefu.handoff import KefuStore
from kefu.handoff.limits import Limits
from kefu.images import MAX_IMAGE_BYTES
from kefu.settings import Settings
from kefu.shop import ShopBackend, open_shop

logger = logging.getLogger(__name__)

STATUS = {
    InvalidInput: 400,
    Forbidden: 403,
    NotFound: 404,
    Conflict: 409,
    TooLarge: 413,
    TooManyRequests: 429,
    UnsupportedMedia: 415,
    BotUnavailable: 503,
}


def create_app(
    settings: Settings,
    store: Optional[KefuStore] = None,
    rasa: Optional[RasaPool] = None,
    shop: Optional[ShopBackend] = None,
    agents: Optional[AgentDirectory] = None,
) -> Sanic:
    """The gateway with its collaborators; those not given are built from `settings` at start-up
    (the Redis and HTTP clients inside the server's event loop)."""
    app = Sanic("kefu_gateway")
    app.config.WEBSOCKET_PING_INTERVAL = 20
    # The largest body any route takes: one photo (kefu.images, 5 MB) in a multipart form.
    # JSON routes take far less (bot.requests.MAX_JSON_BODY).
    app.config.REQUEST_MAX_SIZE = MAX_IMAGE_BYTES + 256 * 1024
    # The client address (rate limits) comes from a proxy header only when configured so.
    app.config.PROXIES_COUNT = settings.proxies_count or None
    app.config.REAL_IP_HEADER = settings.real_ip_header or None
    ctx = app.ctx
    ctx.settings = settings
    ctx.shop = shop or open_shop(settings.shop_db, settings.shop_data)
    ctx.agents = agents or AgentDirectory.from_file(settings.agents_file)
    # Without a configured secret nobody outside this process can sign, which is safe: every
    # chat is anonymous unless the demo login (also this process) signs it.
    ctx.identity_secret = settings.identity_secret or secrets.token_hex(32)
    ctx.quick_replies = yaml.safe_load(settings.quick_replies_file.read_text(encoding="utf-8"))
    # Read once here, not at start-up: sanic-testing runs the start-up listeners on every request.
    texts = Texts(settings.domain_file)
    owned = []  # clients this app made, and so closes

    @app.listener("before_server_start")
    async def connect(app_: Sanic, _loop) -> None:
        if store is None:
            ctx.store = KefuStore(settings.redis_url, settings.retention_days * 86400, settings.tickets_per_hour)
            owned.append(ctx.store)
        else:
            ctx.store = store
        ctx.limits = Limits(ctx.store.redis)
        if rasa is None:
            ctx.rasa = RasaPool(settings.rasa_urls, settings.rasa_token, settings.rasa_timeout)
            owned.append(ctx.rasa)
        else:
            ctx.rasa = rasa
        ctx.service = ConversationService(ctx.store, ctx.rasa, texts, ctx.shop.policy.minutes_per_shopper_ahead)

    @app.listener("after_server_stop")
    async def disconnect(app_: Sanic, _loop) -> None:
        for client in owned:
            await client.close()
        owned.clear()

    @app.exception(GatewayError)
    async def gateway_error(_request, error: GatewayError):
        headers = {"Retry-After": str(error.retry_after)} if isinstance(error, TooManyRequests) else None
        return response.json({"error": error.message}, status=STATUS.get(type(error), 400), headers=headers)

    @app.exception(RedisError)
    async def redis_error(request, error: RedisError):
        # Redis holds every conversation: without it nothing may be taken as sent. /api/health is red.
        logger.error("Redis failed during %s %s: %r", request.method, request.path, error)
        return response.json({"error": "系统繁忙,这条消息没有发出,请稍后再发一次"}, status=503)

    @app.exception(SanicException)
    async def sanic_error(_request, error: SanicException):
        return response.json({"error": str(error)}, status=getattr(error, "status_code", 500) or 500)

    install_guards(app)
    app.blueprint(page_routes())
    app.blueprint(shopper_routes())
    app.blueprint(agent_routes())
    if settings.demo:
        app.blueprint(demo_routes(ctx.shop))
    return app
