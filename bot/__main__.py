"""python -m bot [--host H] [--port P]: the gateway on the settings' address (kefu/settings.py)."""

import argparse
import logging
from typing import List, Optional

from bot.app import create_app
from kefu.settings import Settings


def main(argv: Optional[List[str]] = None) -> None:
    settings = Settings.from_env()
    parser = argparse.ArgumentParser(description="kefu gateway: storefront, chat API, agent console")
    parser.add_argument("--host", default=settings.web_host)
    parser.add_argument("--port", type=int, default=settings.web_port)
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.INFO)
    create_app(settings).run(host=args.host, port=args.port, access_log=False)


if __name__ == "__main__":
    main()
