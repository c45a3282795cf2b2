"""The storefront and the agent console, and what the pages need to know about the site."""

import html
from pathlib import Path

from sanic import Blueprint, response
from sanic.request import Request

from kefu.levels import priority_labels

HEALTH_FULL_SHARE = 0.95  # of Redis maxmemory: red before the first write fails
STATIC_DIR = Path(__file__).resolve().parent.parent / "static"


def page_routes() -> Blueprint:
    bp = Blueprint("pages")
    bp.static("/static", str(STATIC_DIR))

    def page(request: Request, name: str):
        policy = request.app.ctx.shop.policy
        text = (STATIC_DIR / name).read_text(encoding="utf-8")
        text = text.replace("{{shop_name}}", html.escape(policy.shop_name))
        return response.html(text.replace("{{bot_name}}", html.escape(policy.bot_name)))

    @bp.get("/")
    async def storefront(request: Request):
        return page(request, "index.html")

    @bp.get("/agent")
    async def agent_console(request: Request):
        return page(request, "agent.html")

    @bp.get("/favicon.ico")
    async def favicon(_request: Request):
        return response.empty()  # no icon, and no 404 in every page's console

    @bp.get("/api/site")
    async def site(request: Request):
        """Names and labels the pages show, so that no page keeps its own copy."""
        policy = request.app.ctx.shop.policy
        return response.json(
            {
                "shop_name": policy.shop_name,
                "bot_name": policy.bot_name,
                "priorities": priority_labels(),
                "demo": bool(request.app.ctx.settings.demo),
            }
        )

    @bp.get("/api/health")
    async def health(request: Request):
        """Green while Redis answers and has room: a full Redis (noeviction) refuses every write."""
        try:
            memory = await request.app.ctx.store.redis.info("memory")
        except Exception:  # noqa: BLE001 - any Redis failure is a red health
            return response.json({"status": "red", "redis": "unreachable"}, status=503)
        limit, used = int(memory.get("maxmemory") or 0), int(memory.get("used_memory") or 0)
        if limit and used >= limit * HEALTH_FULL_SHARE:
            return response.json({"status": "red", "redis": "full", "used": used, "maxmemory": limit}, status=503)
        return response.json({"status": "green", "redis": "ok", "used": used, "maxmemory": limit})

    @bp.get("/api/products")
    async def products(request: Request):
        items = request.app.ctx.shop.list_products()
        return response.json(
            {
                "products": [
                    {
                        **{"sku": p.sku, "name": p.name, "category": p.category, "price": p.price},
                        "tags": list(p.tags),
                        "attributes": [name for name, _ in p.attributes],  # what one may ask about it
                    }
                    for p in items
                ]
            }
        )

    return bp
