"""Write the demo agent accounts (demo, demo2) to var/agents.yml and print the login.

The password is $KEFU_DEMO_PASSWORD when set, otherwise generated once and kept
in var/demo_password so that restarts print the same one.
"""

import os
import secrets
import sys
from pathlib import Path

import yaml

from bot.agents import hash_password

DEMO_AGENTS = [("demo", "小王"), ("demo2", "小李")]


def main(agents_file: Path) -> None:
    password_file = agents_file.parent / "demo_password"
    password = os.environ.get("KEFU_DEMO_PASSWORD")
    if not password:
        if not password_file.exists():
            password_file.parent.mkdir(parents=True, exist_ok=True)
            password_file.write_text(secrets.token_urlsafe(9))
            password_file.chmod(0o600)
        password = password_file.read_text().strip()
    agents = [{"username": u, "name": n, "password_hash": hash_password(password)} for u, n in DEMO_AGENTS]
    agents_file.parent.mkdir(parents=True, exist_ok=True)
    agents_file.write_text(yaml.safe_dump({"agents": agents}, allow_unicode=True), encoding="utf-8")
    agents_file.chmod(0o600)  # password hashes
    print(f"Demo agents: demo / demo2, password: {password}")


if __name__ == "__main__":
    main(Path(sys.argv[1] if len(sys.argv) > 1 else "var/agents.yml"))
