"""Plays conversation files against a running kefu (`make run`) and prints every turn.

    .venv/bin/python -m tests.e2e.conversations.play FILE.yml [FILE.yml …] [--url http://127.0.0.1:8080]

For writing and reviewing conversations by hand: the same runner as the test suite, over
HTTP instead of an in-process client. The agent steps log in as `demo` with
$KEFU_DEMO_PASSWORD or the password `make run` generated in var/demo_password.
Exit status 1 when a conversation fails.
"""

import argparse
import asyncio
import os
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Optional

import aiohttp

from kefu.settings import PROJECT_DIR, Settings
from kefu.shop import open_shop
from tests.e2e.conversations.runner import load_conversations, play


@dataclass
class Response:
    status: int
    json: Any


class HttpClient:
    """The two calls the runner makes, shaped like the Sanic test client's."""

    def __init__(self, session: aiohttp.ClientSession, url: str):
        self.session, self.url = session, url.rstrip("/")

    async def _call(self, method: str, path: str, json: Optional[dict] = None, headers: Optional[dict] = None):
        async with self.session.request(method, self.url + path, json=json, headers=headers) as resp:
            body = await resp.json(content_type=None)
            return None, Response(resp.status, body)

    async def get(self, path: str, headers: Optional[dict] = None):
        return await self._call("GET", path, headers=headers)

    async def post(self, path: str, json: Optional[dict] = None, headers: Optional[dict] = None):
        return await self._call("POST", path, json=json, headers=headers)


def demo_password() -> str:
    password = os.environ.get("KEFU_DEMO_PASSWORD")
    return password or (PROJECT_DIR / "var" / "demo_password").read_text().strip()


async def agent_login(client: HttpClient) -> dict:
    _, resp = await client.post("/api/agent/login", json={"username": "demo", "password": demo_password()})
    if resp.status != 200:
        raise SystemExit(f"agent login failed: HTTP {resp.status} {resp.json}")
    return {"Authorization": f"Bearer {resp.json['token']}"}


async def main(files, url: str) -> int:
    settings = Settings.from_env()
    shop = open_shop(settings.shop_db, settings.shop_data)
    failed = total = 0
    async with aiohttp.ClientSession(timeout=aiohttp.ClientTimeout(total=60)) as session:
        client = HttpClient(session, url)
        for path in files:
            for conversation in load_conversations(Path(path)):
                outcome = await play(client, conversation, shop, agent_login)
                total += 1
                failed += not outcome.passed
                print(f"\n{'PASS' if outcome.passed else 'FAIL'} {outcome.name} {outcome.failure}")
                for turn in outcome.turns:
                    print(f"  顾客: {turn['shopper']}\n  [{turn['mode']}] " + "\n         ".join(turn["replies"]))
    print(f"\n{total - failed}/{total} passed")
    return 1 if failed else 0


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("files", nargs="+")
    parser.add_argument("--url", default=f"http://127.0.0.1:{Settings.from_env().web_port}")
    args = parser.parse_args()
    sys.exit(asyncio.run(main(args.files, args.url)))
