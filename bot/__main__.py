"""python -m bot [--host 127.0.0.1] [--port 8080]"""
import argparse
import logging
import os

from bot.app import create_app
from bot.config import GatewayConfig

parser = argparse.ArgumentParser(description="kefu gateway: storefront, chat API, agent console")
parser.add_argument("--host", default=os.environ.get("KEFU_WEB_HOST", "127.0.0.1"))
parser.add_argument("--port", type=int, default=int(os.environ.get("KEFU_WEB_PORT", "8080")))
args = parser.parse_args()
logging.basicConfig(level=logging.INFO)
create_app(GatewayConfig.from_env()).run(host=args.host, port=args.port, access_log=False)
