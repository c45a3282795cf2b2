"""python -m kefu_rasa.server: the Rasa server as `make run` and the tests start it.

The API token comes from the environment (KEFU_RASA_TOKEN): `rasa run --auth-token …` would
show it to every local user in `ps`. Loopback only, HTTP API on, the gateway's channel from
credentials.yml."""

import argparse
import os
import sys
from typing import List, Optional

from kefu.settings import PROJECT_DIR, Settings


def main(argv: Optional[List[str]] = None) -> None:
    settings = Settings.from_env()
    parser = argparse.ArgumentParser(description="kefu's Rasa server")
    parser.add_argument("--model", default=str(PROJECT_DIR / "models" / "kefu.tar.gz"))
    parser.add_argument("--port", type=int, default=settings.rasa_port)
    parser.add_argument("--endpoints", default=str(PROJECT_DIR / "endpoints.yml"))
    parser.add_argument("--credentials", default=str(PROJECT_DIR / "credentials.yml"))
    args = parser.parse_args(argv)
    token = os.environ.get("KEFU_RASA_TOKEN", "")
    if not token:
        sys.exit("KEFU_RASA_TOKEN is not set: the Rasa server never runs without a token")

    import rasa.api  # slow to import: after the arguments are checked

    from kefu_rasa import action_validation

    action_validation.install()  # the response schema checked once, not on every action call
    rasa.api.run(
        model=args.model,
        endpoints=args.endpoints,
        credentials=args.credentials,
        port=args.port,
        interface="127.0.0.1",
        enable_api=True,
        auth_token=token,
    )


if __name__ == "__main__":
    main()
