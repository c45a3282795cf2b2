"""Agent accounts: a YAML file of usernames and scrypt password hashes.

agents:
  - username: demo
    name: 小王
    password_hash: scrypt$<salt hex>$<hash hex>
"""

import hashlib
import hmac
import secrets
from dataclasses import dataclass
from pathlib import Path
from typing import Dict, Optional

import yaml

SCRYPT = {"n": 2**14, "r": 8, "p": 1}


def hash_password(password: str, salt: Optional[bytes] = None) -> str:
    salt = salt or secrets.token_bytes(16)
    digest = hashlib.scrypt(password.encode(), salt=salt, **SCRYPT)
    return f"scrypt${salt.hex()}${digest.hex()}"


def check_password(password: str, stored: str) -> bool:
    try:
        scheme, salt_hex, digest_hex = stored.split("$")
    except ValueError:
        return False
    if scheme != "scrypt":
        return False
    digest = hashlib.scrypt(password.encode(), salt=bytes.fromhex(salt_hex), **SCRYPT)
    return hmac.compare_digest(digest.hex(), digest_hex)


_DUMMY_HASH = hash_password(secrets.token_urlsafe(16))


@dataclass(frozen=True)
class Agent:
    username: str
    name: str
    password_hash: str


class AgentDirectory:
    def __init__(self, agents: Dict[str, Agent]):
        self._agents = agents

    @classmethod
    def from_file(cls, path: Path) -> "AgentDirectory":
        path = Path(path)
        if not path.exists():
            return cls({})
        raw = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
        agents = {
            str(entry["username"]): Agent(
                str(entry["username"]), str(entry.get("name") or entry["username"]), str(entry["password_hash"])
            )
            for entry in raw.get("agents") or []
        }
        return cls(agents)

    def authenticate(self, username: str, password: str) -> Optional[Agent]:
        agent = self._agents.get(username)
        # Unknown users cost one scrypt too, so timing does not tell which usernames exist.
        valid = check_password(password, agent.password_hash if agent else _DUMMY_HASH)
        return agent if agent and valid else None

    def get(self, username: str) -> Optional[Agent]:
        return self._agents.get(username)
