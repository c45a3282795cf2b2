"""python -m actions.server: the action server, answering only Rasa.

rasa_sdk's own `rasa run actions` answers any caller (a made-up tracker sent to it returned a
tracking number) and allows every CORS origin. This launcher builds the same app with CORS off
and a request check for the header Rasa sends (endpoints.yml: action_endpoint.headers);
/health stays open for the start-up wait."""

import argparse
import logging
import os
import sys
from typing import List, Optional

from rasa_sdk import utils
from rasa_sdk.endpoint import create_app
from sanic import response
from sanic.request import Request

from kefu.internal_auth import ACTION_HEADER, same_secret
from kefu.settings import Settings


def build_app(token: str):
    app = create_app("actions", cors_origins=None)

    @app.on_request
    async def rasa_only(request: Request):
        if request.path != "/health" and not same_secret(request.headers.get(ACTION_HEADER), token):
            return response.json({"error": "only kefu's Rasa server may call actions"}, status=401)
        return None

    return app


def main(argv: Optional[List[str]] = None) -> None:
    settings = Settings.from_env()
    parser = argparse.ArgumentParser(description="kefu's action server")
    parser.add_argument("--port", type=int, default=settings.action_port)
    parser.add_argument("--host", default="127.0.0.1", help="loopback unless deployed apart (docs/deploy.md)")
    args = parser.parse_args(argv)
    token = os.environ.get("KEFU_ACTION_TOKEN", "")
    if not token:
        sys.exit("KEFU_ACTION_TOKEN is not set: the action server never runs without a token")
    logging.basicConfig(level=logging.INFO)
    build_app(token).run(args.host, args.port, workers=utils.number_of_sanic_workers(), access_log=False)


if __name__ == "__main__":
    main()
