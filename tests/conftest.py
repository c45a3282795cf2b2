"""Shared fixtures: a real Redis server, a fresh SQLite shop, and (for slow tests) the real servers."""
import os
import shutil
import socket
import subprocess
import sys
import time
from datetime import datetime
from pathlib import Path
from typing import Dict, Iterator
from zoneinfo import ZoneInfo

import pytest

from actions.shop import set_backend
from actions.shop.seed import DEFAULT_DATA_DIR
from actions.shop.sqlite_backend import SqliteShopBackend

PROJECT = Path(__file__).resolve().parent.parent
VENV_BIN = Path(sys.executable).parent
MODEL = PROJECT / "models" / "kefu.tar.gz"
# A Wednesday morning, before the 16:00 dispatch cut-off, outside the promotion.
FIXED_NOW = datetime(2026, 11, 18, 10, 30, tzinfo=ZoneInfo("Asia/Shanghai"))


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_until(check, seconds: float, what: str, log: Path = None, proc: subprocess.Popen = None) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if check():
            return
        if proc is not None and proc.poll() is not None:
            break  # it died: no point in waiting
        time.sleep(0.3)
    detail = log.read_text(errors="replace")[-3000:] if log and log.exists() else ""
    raise RuntimeError(f"{what} did not start (within {seconds} s)\n{detail}")


@pytest.fixture(scope="session")
def redis_url(tmp_path_factory) -> Iterator[str]:
    """A private redis-server on a free port (the real thing, not fakeredis)."""
    server = shutil.which("redis-server")
    if server is None:
        pytest.fail("redis-server is not installed: run `make test`, which installs it")
    port = free_port()
    data_dir = tmp_path_factory.mktemp("redis")
    proc = subprocess.Popen([server, "--port", str(port), "--bind", "127.0.0.1", "--dir", str(data_dir),
                             "--save", "", "--appendonly", "no"], stdout=subprocess.DEVNULL)

    def ping() -> bool:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.5) as conn:
                conn.sendall(b"PING\r\n")
                return conn.recv(16).startswith(b"+PONG")
        except OSError:
            return False

    wait_until(ping, 10, "redis-server")
    yield f"redis://127.0.0.1:{port}/0"
    proc.terminate()
    proc.wait(10)


@pytest.fixture
def shop(tmp_path, monkeypatch):
    """A fresh SQLite shop seeded from data/shop at FIXED_NOW; actions see the same clock."""
    backend = SqliteShopBackend.create(tmp_path / "shop.sqlite", DEFAULT_DATA_DIR, now=FIXED_NOW)
    set_backend(backend)
    monkeypatch.setenv("KEFU_NOW", FIXED_NOW.isoformat())
    yield backend
    set_backend(None)


@pytest.fixture
async def store(redis_url):
    """A KefuStore on a flushed database; the action server's store is pointed at it too."""
    from actions.handoff import set_store
    from bot.store import KefuStore

    kefu_store = KefuStore(redis_url)
    await kefu_store.redis.flushdb()
    set_store(kefu_store)
    yield kefu_store
    set_store(None)
    await kefu_store.close()


# ------------------------------------------------------------------ real servers
class Servers:
    def __init__(self, env: Dict[str, str], rasa_url: str, token: str):
        self.env, self.rasa_url, self.token = env, rasa_url, token


@pytest.fixture(scope="session")
def servers(redis_url, tmp_path_factory) -> Iterator[Servers]:
    """The real action server and Rasa server (model models/kefu.tar.gz), sharing the test Redis."""
    import urllib.request

    if not MODEL.exists():
        pytest.fail("models/kefu.tar.gz is missing: run `make test`, which trains it")
    work = tmp_path_factory.mktemp("servers")
    action_port, rasa_port, token = free_port(), free_port(), "test-token"
    env = dict(os.environ, KEFU_ACTION_PORT=str(action_port), KEFU_REDIS_PORT=redis_url.rsplit(":", 1)[1].split("/")[0],
               KEFU_REDIS_URL=redis_url, KEFU_SHOP_DB=str(work / "shop.sqlite"), KEFU_NOW=FIXED_NOW.isoformat(),
               KEFU_RASA_TOKEN=token, KEFU_RASA_URL=f"http://127.0.0.1:{rasa_port}")
    SqliteShopBackend.create(work / "shop.sqlite", DEFAULT_DATA_DIR, now=FIXED_NOW)
    logs = {name: open(work / f"{name}.log", "w") for name in ("actions", "rasa")}
    procs = [
        subprocess.Popen([str(VENV_BIN / "rasa"), "run", "actions", "--port", str(action_port)],
                         cwd=PROJECT, env=env, stdout=logs["actions"], stderr=subprocess.STDOUT),
        subprocess.Popen([str(VENV_BIN / "rasa"), "run", "--enable-api", "--auth-token", token, "-i", "127.0.0.1",
                          "--port", str(rasa_port), "--model", str(MODEL), "--endpoints", "endpoints.yml",
                          "--credentials", "credentials.yml"],
                         cwd=PROJECT, env=env, stdout=logs["rasa"], stderr=subprocess.STDOUT),
    ]

    def answers(url: str, word: bytes = b"") -> bool:
        try:
            with urllib.request.urlopen(url, timeout=3) as resp:
                return resp.status == 200 and word in resp.read()
        except OSError:
            return False

    try:
        wait_until(lambda: answers(f"http://127.0.0.1:{action_port}/health"), 120, "action server",
                   work / "actions.log", procs[0])
        wait_until(lambda: answers(f"http://127.0.0.1:{rasa_port}/status?token={token}", b"model_id"), 300,
                   "Rasa server", work / "rasa.log", procs[1])
        yield Servers(env, f"http://127.0.0.1:{rasa_port}", token)
    finally:
        for proc in procs:
            proc.terminate()
        for proc in procs:
            try:
                proc.wait(20)
            except subprocess.TimeoutExpired:
                proc.kill()
        for log in logs.values():
            log.close()
