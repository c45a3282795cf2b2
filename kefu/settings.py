"""Every setting of every kefu process, with its default, in one place.

    settings = Settings.from_env()        # each KEFU_* variable overrides its default
    python -m kefu.settings               # prints `export KEFU_…=…` lines for shell scripts

Rasa fills `${KEFU_ACTION_PORT}` and `${KEFU_REDIS_PORT}` in endpoints.yml from the
environment and fails on an unset one; `make run` evaluates the export lines above,
so the defaults are written here only. Secrets (tokens) are never printed.
"""

import os
import sys
from dataclasses import dataclass, fields, replace
from pathlib import Path
from typing import Dict, Mapping, Optional, Tuple
from urllib.parse import quote

PROJECT_DIR = Path(__file__).resolve().parent.parent
DATA_DIR = PROJECT_DIR / "data"


def _path(value: str) -> Path:
    path = Path(value)
    return path if path.is_absolute() else PROJECT_DIR / path


def usable_cores() -> int:
    """The cores this process may run on: a container's CPU set, not the host's count."""
    return len(os.sched_getaffinity(0))


@dataclass(frozen=True)
class Settings:
    web_host: str = "127.0.0.1"
    web_port: int = 8080
    rasa_port: int = 5005
    # Rasa server processes on consecutive ports from rasa_port (0: one per core); the gateway
    # routes each conversation to one of them (kefu/ring.py).
    rasa_servers: int = 0
    rasa_url: str = ""  # empty: http://127.0.0.1:{rasa_port}; several servers elsewhere: comma-separated
    rasa_token: str = ""  # Rasa's HTTP API token, also the gateway channel's secret
    action_token: str = ""  # what Rasa sends the action server (endpoints.yml headers)
    rasa_timeout: float = 30.0
    action_port: int = 5055
    redis_port: int = 6390
    redis_password: str = ""  # `make run` generates one (var/redis_password)
    redis_url: str = ""  # empty: redis://:{redis_password}@127.0.0.1:{redis_port}/0
    shop_db: Path = PROJECT_DIR / "var" / "shop.sqlite"
    shop_data: Path = DATA_DIR / "shop"
    agents_file: Path = PROJECT_DIR / "var" / "agents.yml"
    quick_replies_file: Path = DATA_DIR / "quick_replies.yml"
    domain_file: Path = PROJECT_DIR / "domain.yml"
    # HMAC secret the shop's site signs logged-in accounts with (kefu/identity.py); empty: the
    # gateway makes one per process, so only its own demo login can sign.
    identity_secret: str = ""
    # 1: the storefront offers a demo login for the demo shop's accounts (signed on the server).
    demo: int = 0
    # Limits (0: none). Tests and benches set their own through the same variables.
    messages_per_minute: int = 20  # per conversation
    address_messages_per_minute: int = 120  # per client address, all its conversations
    conversations_per_hour: int = 30  # new conversations per client address
    order_lookups_per_hour: int = 20  # messages naming an order number, per conversation
    tickets_per_hour: int = 5  # hand-off tickets opened from one client address
    # Conversations, transcripts, tickets and photos are deleted this long after their last change.
    retention_days: int = 30
    agent_token_hours: int = 8  # an agent's login lasts one shift
    # Behind a reverse proxy: how many proxies to trust in X-Forwarded-For, or the header that
    # carries the client address (Sanic's PROXIES_COUNT / REAL_IP_HEADER); by default none is.
    # Origins whose pages may open the websockets (comma-separated, e.g. https://shop.example);
    # empty: only the gateway's own address.
    allowed_origins: str = ""
    proxies_count: int = 0
    real_ip_header: str = ""
    # Pins the shop clock (ISO 8601) for demos and end-to-end tests; empty: the real time.
    now: str = ""

    def __post_init__(self) -> None:
        # Derived addresses follow the ports unless given explicitly.
        if not self.rasa_url:
            object.__setattr__(self, "rasa_url", f"http://127.0.0.1:{self.rasa_port}")
        if not self.redis_url:
            auth = f":{quote(self.redis_password, safe='')}@" if self.redis_password else ""
            object.__setattr__(self, "redis_url", f"redis://{auth}127.0.0.1:{self.redis_port}/0")

    @property
    def rasa_server_count(self) -> int:
        """rasa_servers, or one per core this process may use (a container's CPU set, not the
        host's cores), at most MAX_AUTO_RASA_SERVERS: each holds the model, about 1.5 GB."""
        if self.rasa_servers > 0:
            return self.rasa_servers
        return max(1, min(usable_cores(), MAX_AUTO_RASA_SERVERS))

    @property
    def rasa_urls(self) -> Tuple[str, ...]:
        """Every Rasa server the gateway routes to: KEFU_RASA_URL when set (comma-separated),
        else `rasa_server_count` local ones on consecutive ports from rasa_port."""
        if self.rasa_url != f"http://127.0.0.1:{self.rasa_port}":
            return tuple(url.strip().rstrip("/") for url in self.rasa_url.split(",") if url.strip())
        return tuple(f"http://127.0.0.1:{self.rasa_port + i}" for i in range(self.rasa_server_count))

    @classmethod
    def from_env(cls, env: Optional[Mapping[str, str]] = None) -> "Settings":
        env = os.environ if env is None else env
        values = {}
        for field in fields(cls):
            raw = env.get(env_name(field.name))
            if raw is None or raw == "":
                continue
            if field.type in (int, "int"):
                values[field.name] = int(raw)
            elif field.type in (float, "float"):
                values[field.name] = float(raw)
            elif field.type in (Path, "Path"):
                values[field.name] = _path(raw)
            else:
                values[field.name] = raw
        return cls(**values)

    def with_changes(self, **changes) -> "Settings":
        """A copy with some values changed; derived addresses follow changed ports."""
        if "rasa_port" in changes and "rasa_url" not in changes:
            changes["rasa_url"] = ""
        if ("redis_port" in changes or "redis_password" in changes) and "redis_url" not in changes:
            changes["redis_url"] = ""
        return replace(self, **changes)

    def environment(self) -> Dict[str, str]:
        """The settings as KEFU_* variables for child processes (Rasa, the action server)."""
        return {
            env_name(field.name): str(getattr(self, field.name))
            for field in fields(self)
            if field.name not in SECRET_FIELDS and getattr(self, field.name) != ""
        }


MAX_AUTO_RASA_SERVERS = 4

SECRET_FIELDS = ("rasa_token", "action_token", "redis_password", "redis_url", "identity_secret")


def env_name(field_name: str) -> str:
    return f"KEFU_{field_name.upper()}"


def shell_exports(settings: Settings) -> str:
    from shlex import quote

    return "\n".join(f"export {name}={quote(value)}" for name, value in settings.environment().items())


if __name__ == "__main__":
    sys.stdout.write(shell_exports(Settings.from_env()) + "\n")
