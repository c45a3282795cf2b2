"""A private kefu stack for benchmarks: Redis, action server, Rasa server and gateway.

Every process listens on a free loopback port and keeps its data and logs in one
temporary directory; secrets are generated here and passed in the environment,
never on a command line. The per-address limits are off: every simulated shopper
comes from 127.0.0.1, which the limits would take for one flooding client.
"""

import os
import secrets
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path
from typing import Dict, List, Optional

PROJECT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(PROJECT))
from kefu.settings import Settings  # noqa: E402
from kefu.shop.sqlite_backend import SqliteShopBackend  # noqa: E402

MODEL = PROJECT / "models" / "kefu.tar.gz"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def answers(url: str, word: bytes = b"") -> bool:
    try:
        with urllib.request.urlopen(url, timeout=2) as resp:
            return resp.status == 200 and word in resp.read()
    except OSError:
        return False


class Stack:
    """`with Stack() as stack:` starts everything and stops it on exit; `stack.base` is the
    gateway's URL, `stack.pids` each process's id by name."""

    def __init__(self, rasa_servers: int = 0, extra_env: Optional[Dict[str, str]] = None, model: Path = MODEL):
        """`rasa_servers`: Rasa server processes (0: one per core, as `make run`)."""
        self.work = Path(tempfile.mkdtemp(prefix="kefu-bench-"))
        self.rasa_servers = rasa_servers
        self.model = model
        self.extra_env = extra_env or {}
        self.procs: Dict[str, subprocess.Popen] = {}

    @property
    def pids(self) -> Dict[str, int]:
        return {name: proc.pid for name, proc in self.procs.items()}

    def __enter__(self) -> "Stack":
        if not self.model.exists():
            raise SystemExit(f"{self.model} is missing: run `make train` first")
        redis_password = secrets.token_urlsafe(24)
        count = Settings(rasa_servers=self.rasa_servers).rasa_server_count
        rasa_ports = [free_port() for _ in range(count)]
        self.settings = Settings(
            web_port=free_port(),
            rasa_port=rasa_ports[0],
            rasa_servers=count,
            rasa_url=",".join(f"http://127.0.0.1:{port}" for port in rasa_ports),
            action_port=free_port(),
            redis_port=free_port(),
            rasa_token=secrets.token_urlsafe(24),
            action_token=secrets.token_urlsafe(24),
            redis_password=redis_password,
            identity_secret=secrets.token_urlsafe(24),
            shop_db=self.work / "shop.sqlite",
            agents_file=self.work / "agents.yml",
            demo=1,  # shoppers open their chats through the demo login, as on the storefront
            messages_per_minute=0,
            address_messages_per_minute=0,
            conversations_per_hour=0,
            order_lookups_per_hour=0,
            tickets_per_hour=0,
        )
        self.base = f"http://127.0.0.1:{self.settings.web_port}"
        secret_env = {
            "KEFU_RASA_TOKEN": self.settings.rasa_token,
            "KEFU_ACTION_TOKEN": self.settings.action_token,
            "KEFU_REDIS_PASSWORD": redis_password,
            "KEFU_IDENTITY_SECRET": self.settings.identity_secret,
        }
        env = dict(os.environ, **self.settings.environment(), **secret_env, **self.extra_env)
        SqliteShopBackend.create(self.settings.shop_db, self.settings.shop_data)
        config = self.work / "redis.conf"
        config.write_text(f'requirepass "{redis_password}"\n')
        config.chmod(0o600)
        try:
            self._start("redis", [shutil.which("redis-server") or "redis-server", str(config),
                                  "--port", str(self.settings.redis_port), "--bind", "127.0.0.1",
                                  "--dir", str(self.work), "--save", "", "--appendonly", "no"], env)  # fmt: skip
            action_server = [sys.executable, "-m", "actions.server", "--port", str(self.settings.action_port)]
            self._start("actions", action_server, env)
            for i, port in enumerate(rasa_ports):
                name = "rasa" if count == 1 else f"rasa{i + 1}"
                model = ["--model", str(self.model)]
                self._start(name, [sys.executable, "-m", "kefu_rasa.server", "--port", str(port), *model], env)
            self._start("gateway", [sys.executable, "-m", "bot", "--port", str(self.settings.web_port)], env)
            self._wait("actions", f"http://127.0.0.1:{self.settings.action_port}/health", 120)
            for name, url in zip([n for n in self.procs if n.startswith("rasa")], self.settings.rasa_urls, strict=True):
                self._wait(name, f"{url}/status?token={self.settings.rasa_token}", 300, b"model_id")
            self._wait("gateway", f"{self.base}/api/health", 60)
        except BaseException:
            self.__exit__()
            raise
        return self

    def _start(self, name: str, command: List[str], env: Dict[str, str]) -> None:
        log = open(self.work / f"{name}.log", "w")
        self.procs[name] = subprocess.Popen(command, cwd=PROJECT, env=env, stdout=log, stderr=subprocess.STDOUT)

    def _wait(self, name: str, url: str, seconds: float, word: bytes = b"") -> None:
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            if self.procs[name].poll() is not None:
                break
            if answers(url, word):
                return
            time.sleep(0.5)
        log = (self.work / f"{name}.log").read_text(errors="replace")[-2000:]
        raise SystemExit(f"the {name} process did not start; its log ends:\n{log}")

    def __exit__(self, *exc) -> None:
        for proc in self.procs.values():
            proc.terminate()
        for proc in self.procs.values():
            try:
                proc.wait(20)
            except subprocess.TimeoutExpired:
                proc.kill()
        shutil.rmtree(self.work, ignore_errors=True)


def process_tree(pid: int) -> List[int]:
    """A process and its children (an action server with workers)."""
    children: Dict[int, List[int]] = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                ppid = int((entry / "stat").read_text().rsplit(")", 1)[1].split()[1])
            except (OSError, IndexError, ValueError):
                continue
            children.setdefault(ppid, []).append(int(entry.name))
    tree, todo = [], [pid]
    while todo:
        current = todo.pop()
        tree.append(current)
        todo += children.get(current, [])
    return tree


def tree_rss_bytes(pid: int) -> int:
    """Resident memory of a process and its children."""
    total = 0
    for current in process_tree(pid):
        try:
            for line in Path(f"/proc/{current}/status").read_text().splitlines():
                if line.startswith("VmRSS:"):
                    total += int(line.split()[1]) * 1024
        except OSError:
            continue
    return total


def tree_cpu_seconds(pid: int) -> float:
    """CPU time (user + system) a process and its children have used so far."""
    ticks = 0
    for current in process_tree(pid):
        try:
            fields = Path(f"/proc/{current}/stat").read_text().rsplit(")", 1)[1].split()
            ticks += int(fields[11]) + int(fields[12])  # utime, stime
        except (OSError, IndexError, ValueError):
            continue
    return ticks / os.sysconf("SC_CLK_TCK")
