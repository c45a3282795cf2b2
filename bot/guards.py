"""What every request and response of the gateway goes through: ids in the path checked
before any Redis key is built from them, and the security headers of every response."""

import re

from sanic import Sanic
from sanic.request import Request
from sanic.response import HTTPResponse

from bot.errors import Forbidden, NotFound

# Conversation, ticket and attachment ids are secrets.token_urlsafe values; anything else in
# their place (":messages", a 10 KB string) is not one, and must not reach a Redis key.
ID = re.compile(r"[A-Za-z0-9_-]{8,64}")
ID_PARAMS = ("cid", "hid", "aid")

# The pages load their scripts and styles from /static only (no inline script), talk to their
# own origin (fetch and websockets), show photos from /api/attachments, and are never framed.
CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self'; "
    "connect-src 'self' ws: wss:; frame-ancestors 'none'; base-uri 'none'; form-action 'self'; object-src 'none'"
)
SECURITY_HEADERS = {
    "Content-Security-Policy": CSP,
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    "Referrer-Policy": "no-referrer",
    "Cross-Origin-Opener-Policy": "same-origin",
}


def allowed_origin(request: Request, configured: str) -> bool:
    """A browser's websocket from a page of another site (cross-site websocket hijacking) is
    refused; a client without Origin is no browser page and carries no ambient credentials."""
    origin = request.headers.get("origin")
    if origin is None:
        return True
    allowed = [o.strip().rstrip("/") for o in configured.split(",") if o.strip()]
    if not allowed:  # by default the gateway's own address, as the browser reached it
        allowed = [f"{scheme}://{request.host}" for scheme in ("http", "https")]
    return origin.rstrip("/") in allowed


def install_guards(app: Sanic) -> None:
    @app.on_request
    async def known_ids_only(request: Request):
        for name in ID_PARAMS:
            value = (request.match_info or {}).get(name)
            if value is not None and not ID.fullmatch(str(value)):
                raise NotFound("not found")

    @app.on_request
    async def websockets_from_our_pages(request: Request):
        if request.path.startswith("/ws/") and not allowed_origin(request, app.ctx.settings.allowed_origins):
            raise Forbidden("websocket from another site")

    @app.on_response
    async def security_headers(_request: Request, response: HTTPResponse):
        for header, value in SECURITY_HEADERS.items():
            response.headers.setdefault(header, value)
