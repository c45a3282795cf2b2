"""python -m kefu_rasa.server: the Rasa server as `make run` and the tests start it.

The API token comes from the environment (KEFU_RASA_TOKEN): `rasa run --auth-token …` would
show it to every local user in `ps`. Loopback only, HTTP API on, the gateway's channel from
credentials.yml.

With several servers (one per core, KEFU_RASA_SERVERS) each gets its share of the cores
for TensorFlow, and a conversation's lock lives LOCK_LIFETIME seconds instead of Rasa's
60: when a server is killed mid-message, the conversation's next message goes to the next
server, which must not wait a minute for the dead one's lock (the gateway waits 30 s)."""

import argparse
import os
import sys
from typing import List, Optional

from kefu.settings import PROJECT_DIR, Settings, usable_cores

# Seconds; Rasa reads TICKET_LOCK_LIFETIME (60 by default). Below the gateway's 30-second
# timeout, so that a conversation whose server was killed mid-message goes on elsewhere; long
# enough that no message still being handled loses its lock (replies take well under 3 s at
# saturation, bench/results/).
LOCK_LIFETIME = 20


def tensorflow_threads(settings: Settings) -> int:
    """This server's share of the cores (at least one)."""
    return max(1, usable_cores() // settings.rasa_server_count)


def main(argv: Optional[List[str]] = None) -> None:
    settings = Settings.from_env()
    parser = argparse.ArgumentParser(description="kefu's Rasa server")
    parser.add_argument("--model", default=str(PROJECT_DIR / "models" / "kefu.tar.gz"))
    parser.add_argument("--port", type=int, default=settings.rasa_port)
    parser.add_argument("--host", default="127.0.0.1", help="loopback unless deployed apart (docs/deploy.md)")
    parser.add_argument("--endpoints", default=str(PROJECT_DIR / "endpoints.yml"))
    parser.add_argument("--credentials", default=str(PROJECT_DIR / "credentials.yml"))
    args = parser.parse_args(argv)
    token = os.environ.get("KEFU_RASA_TOKEN", "")
    if not token:
        sys.exit("KEFU_RASA_TOKEN is not set: the Rasa server never runs without a token")

    threads = str(tensorflow_threads(settings))
    os.environ.setdefault("TF_INTRA_OP_PARALLELISM_THREADS", threads)
    os.environ.setdefault("TF_INTER_OP_PARALLELISM_THREADS", threads)
    os.environ.setdefault("TICKET_LOCK_LIFETIME", str(LOCK_LIFETIME))

    import rasa.api  # slow to import: after the arguments are checked
    from rasa.utils.tensorflow.environment import setup_tf_environment

    setup_tf_environment()  # reads the thread counts above; only `rasa run` would call it

    from kefu_rasa import action_failures, action_validation, strict_tracker_store

    action_failures.install()  # a failed custom action is the gateway's 503, not silence
    action_validation.install()  # the response schema checked once, not on every action call
    strict_tracker_store.install()  # a Redis outage is an error, never a blank tracker in memory
    rasa.api.run(
        model=args.model,
        endpoints=args.endpoints,
        credentials=args.credentials,
        port=args.port,
        interface=args.host,
        enable_api=True,
        auth_token=token,
    )


if __name__ == "__main__":
    main()
