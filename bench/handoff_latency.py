"""Time from a shopper's message to the agent's screen, through the real gateway and Redis.

    .venv/bin/python bench/handoff_latency.py [--messages 200]

Starts a private redis-server and the gateway (python -m bot) on free ports, puts one
conversation in human mode (ticket claimed by an agent), opens the conversation
websocket the agent console uses, then posts shopper messages one by one and
measures until each arrives on the websocket. No Rasa is needed in human mode (the
tracker copy of each message is attempted after the push and fails fast here).
Prints median, p95 and max in milliseconds.
"""

import argparse
import asyncio
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import aiohttp

PROJECT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(PROJECT))
sys.path.insert(0, str(PROJECT / "bench"))
from stack import free_port  # noqa: E402

from kefu.handoff.store import KefuStore  # noqa: E402


async def wait_http(url: str, seconds: float) -> None:
    deadline = time.monotonic() + seconds
    async with aiohttp.ClientSession() as session:
        while time.monotonic() < deadline:
            try:
                async with session.get(url) as resp:
                    if resp.status == 200:
                        return
            except aiohttp.ClientError:
                pass
            await asyncio.sleep(0.2)
    raise RuntimeError(f"{url} did not answer")


async def measure(base: str, redis_url: str, count: int):
    store = KefuStore(redis_url)
    async with aiohttp.ClientSession() as http:
        async with http.post(f"{base}/api/conversations", json={}) as resp:
            cid = (await resp.json())["conversation_id"]
        hid, _ = await store.create_handoff(cid, "high", ["差评威胁"], "bench")
        await store.claim(hid, "demo")
        latencies = []
        async with http.ws_connect(f"{base.replace('http', 'ws')}/ws/conversations/{cid}") as ws:
            await ws.receive()  # the initial mode event
            for i in range(count):
                text = f"第{i}条消息 快点处理!!"
                started = time.perf_counter()
                async with http.post(f"{base}/api/conversations/{cid}/messages", json={"text": text}) as resp:
                    assert resp.status == 200
                while True:
                    event = json.loads((await ws.receive()).data)
                    if event.get("type") == "message" and event["message"]["text"] == text:
                        break
                latencies.append((time.perf_counter() - started) * 1000)
    await store.close()
    return latencies


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--messages", type=int, default=200)
    args = parser.parse_args()
    redis_port, web_port = free_port(), free_port()
    data = tempfile.mkdtemp()
    redis = subprocess.Popen(
        [shutil.which("redis-server"), "--port", str(redis_port), "--save", "", "--dir", data],
        stdout=subprocess.DEVNULL,
    )
    redis_url = f"redis://127.0.0.1:{redis_port}/0"
    env = dict(
        os.environ,
        KEFU_REDIS_URL=redis_url,
        KEFU_RASA_URL=f"http://127.0.0.1:{free_port()}",
        KEFU_SHOP_DB=str(Path(data) / "shop.sqlite"),
    )
    gateway = subprocess.Popen(
        [sys.executable, "-m", "bot", "--port", str(web_port)],
        cwd=PROJECT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        base = f"http://127.0.0.1:{web_port}"
        asyncio.run(wait_http(base + "/", 60))
        latencies = asyncio.run(measure(base, redis_url, args.messages))
    finally:
        gateway.terminate()
        redis.terminate()
        gateway.wait(10)
        redis.wait(10)
        shutil.rmtree(data, ignore_errors=True)
    latencies.sort()
    print(f"shopper message -> agent websocket, {len(latencies)} messages:")
    print(
        f"  median {statistics.median(latencies):.1f} ms, p95 {latencies[int(len(latencies) * 0.95) - 1]:.1f} ms, "
        f"max {latencies[-1]:.1f} ms"
    )


if __name__ == "__main__":
    main()
