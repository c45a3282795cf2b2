"""Shared fixtures: a real Redis server, a fresh SQLite shop, and (for slow tests) the real servers.

Tests that need the trained model or the running servers carry `@pytest.mark.slow`;
`pytest -m "not slow"` runs the rest in seconds. A test that asks for the servers
without the marker is refused at collection, so the marker stays honest.
"""

import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from datetime import datetime
from pathlib import Path
from typing import Dict, Iterator
from zoneinfo import ZoneInfo

import pytest
from sanic import Sanic

from actions import services
from kefu.handoff import KefuStore
from kefu.settings import PROJECT_DIR, Settings
from kefu.shop.sqlite_backend import SqliteShopBackend

PROJECT = PROJECT_DIR
VENV_BIN = Path(sys.executable).parent
MODEL = PROJECT / "models" / "kefu.tar.gz"
SHOP_DATA = Settings().shop_data
# A Wednesday morning, before the 16:00 dispatch cut-off, outside the promotion.
FIXED_NOW = datetime(2026, 11, 18, 10, 30, tzinfo=ZoneInfo("Asia/Shanghai"))

REDIS_PASSWORD = "test-redis-password"
# Every gateway test builds its own app under the same name.
Sanic.test_mode = True


def pytest_collection_modifyitems(config, items):
    unmarked = [item.nodeid for item in items if "servers" in item.fixturenames and not item.get_closest_marker("slow")]
    if unmarked:
        raise pytest.UsageError("tests that start the servers must be marked slow: " + ", ".join(unmarked))


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


def answers(url: str, word: bytes = b"") -> bool:
    try:
        with urllib.request.urlopen(url, timeout=3) as resp:
            return resp.status == 200 and word in resp.read()
    except OSError:
        return False


@pytest.fixture(scope="session")
def redis_url(tmp_path_factory) -> Iterator[str]:
    """A private redis-server on a free port (the real thing, not fakeredis)."""
    server = shutil.which("redis-server")
    if server is None:
        pytest.fail("redis-server is not installed: run `make test`, which installs it")
    port = free_port()
    data_dir = tmp_path_factory.mktemp("redis")
    config = data_dir / "redis.conf"  # the password in a 0600 file, as scripts/run.sh does
    config.write_text(f'requirepass "{REDIS_PASSWORD}"\n')
    config.chmod(0o600)
    proc = subprocess.Popen(
        [
            server,
            str(config),
            "--port",
            str(port),
            "--bind",
            "127.0.0.1",
            "--dir",
            str(data_dir),
            "--save",
            "",
            "--appendonly",
            "no",
            *("--maxmemory", "256mb", "--maxmemory-policy", "noeviction"),  # as scripts/run.sh
        ],
        stdout=subprocess.DEVNULL,
    )

    def ping() -> bool:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.5) as conn:
                conn.sendall(f"AUTH {REDIS_PASSWORD}\r\nPING\r\n".encode())
                return b"+PONG" in conn.recv(32)
        except OSError:
            return False

    wait_until(ping, 10, "redis-server")
    yield Settings(redis_port=port, redis_password=REDIS_PASSWORD).redis_url
    proc.terminate()
    proc.wait(10)


@pytest.fixture(scope="session")
def seeded_shop_file(tmp_path_factory) -> Path:
    """data/shop seeded once at FIXED_NOW; each test gets its own copy of the file."""
    path = tmp_path_factory.mktemp("shop") / "shop.sqlite"
    SqliteShopBackend.create(path, SHOP_DATA, now=FIXED_NOW)
    return path


@pytest.fixture
def shop(tmp_path, seeded_shop_file):
    """A fresh SQLite shop seeded from data/shop at FIXED_NOW; actions see the same clock."""
    shutil.copyfile(seeded_shop_file, tmp_path / "shop.sqlite")
    backend = SqliteShopBackend(tmp_path / "shop.sqlite")
    services.use(settings=Settings(now=FIXED_NOW.isoformat()), shop=backend)
    yield backend
    services.use(settings=None, shop=None)


@pytest.fixture
async def store(redis_url):
    """A KefuStore on a flushed database; the action server's store is pointed at it too."""
    kefu_store = KefuStore(redis_url)
    await kefu_store.redis.flushdb()
    services.use(store=kefu_store)
    yield kefu_store
    services.use(store=None)
    await kefu_store.close()


# ------------------------------------------------------------------ real servers
def launch(module: str, port: int, env: Dict[str, str], log_path: Path) -> subprocess.Popen:
    """`python -m module --port port` from the project (the Rasa server on models/kefu.tar.gz),
    its output appended to log_path."""
    args = [sys.executable, "-m", module, "--port", str(port)]
    args += ["--model", str(MODEL)] if module == "kefu_rasa.server" else []
    with open(log_path, "a") as log:  # the child keeps its own copy of the descriptor
        return subprocess.Popen(args, cwd=PROJECT, env=env, stdout=log, stderr=subprocess.STDOUT)


class Servers:
    def __init__(self, settings: Settings, env: Dict[str, str], pids=()):
        self.settings, self.env, self.pids = settings, env, list(pids)
        self.rasa_url, self.token = settings.rasa_url, settings.rasa_token


def launch_servers(redis_port: int, work: Path) -> "tuple[Servers, list]":
    """Starts (without waiting for them) an action server and a Rasa server on
    models/kefu.tar.gz over the Redis on redis_port, with their own shop file in `work`."""
    settings = Settings(
        action_port=free_port(),
        rasa_port=free_port(),
        rasa_servers=1,  # the fault test starts a second one
        rasa_token="test-token",
        action_token="test-action-token",
        redis_port=redis_port,
        redis_password=REDIS_PASSWORD,
        shop_db=work / "shop.sqlite",
        now=FIXED_NOW.isoformat(),
        demo=1,  # conversations open as a demo order's owner through the demo login
    )
    secrets = {
        "KEFU_RASA_TOKEN": settings.rasa_token,
        "KEFU_ACTION_TOKEN": settings.action_token,
        "KEFU_REDIS_PASSWORD": settings.redis_password,
    }
    env = dict(os.environ, **settings.environment(), **secrets)
    SqliteShopBackend.create(settings.shop_db, SHOP_DATA, now=FIXED_NOW)
    procs = [
        launch("actions.server", settings.action_port, env, work / "actions.log"),
        launch("kefu_rasa.server", settings.rasa_port, env, work / "rasa.log"),
    ]
    return Servers(settings, env, [proc.pid for proc in procs]), procs


def wait_for_servers(servers: Servers, procs: list, work: Path) -> None:
    settings = servers.settings
    wait_until(
        lambda: answers(f"http://127.0.0.1:{settings.action_port}/health"),
        120,
        "action server",
        work / "actions.log",
        procs[0],
    )
    wait_until(
        lambda: answers(f"{settings.rasa_url}/status?token={settings.rasa_token}", b"model_id"),
        300,
        "Rasa server",
        work / "rasa.log",
        procs[1],
    )


def stop_servers(procs: list) -> None:
    for proc in procs:
        proc.terminate()
    for proc in procs:
        try:
            proc.wait(20)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait(20)


def require_model() -> None:
    if not MODEL.exists():
        pytest.fail("models/kefu.tar.gz is missing: run `make test`, which trains it")


@pytest.fixture(scope="session")
def servers(redis_url, tmp_path_factory) -> Iterator[Servers]:
    """The real action server and Rasa server (model models/kefu.tar.gz), sharing the test Redis."""
    require_model()
    work = tmp_path_factory.mktemp("servers")
    redis_port = int(redis_url.rsplit(":", 1)[1].split("/")[0])
    started, procs = launch_servers(redis_port, work)
    try:
        wait_for_servers(started, procs, work)
        yield started
    finally:
        stop_servers(procs)
