"""Wait until a URL answers 200 (and, optionally, its body contains a word): wait_for_http.py URL SECONDS [WORD]

With KEFU_WAIT_TOKEN_ENV=NAME in the environment, ?token=$NAME is added to the URL here, so that
no secret is on this script's command line (where `ps` shows it)."""

import os
import sys
import time
import urllib.error
import urllib.request


def wait(url: str, seconds: float, word: str = "") -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(url, timeout=5) as resp:
                if resp.status == 200 and word.encode() in resp.read():
                    return True
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            pass
        time.sleep(0.5)
    return False


if __name__ == "__main__":
    url = sys.argv[1]
    token_env = os.environ.get("KEFU_WAIT_TOKEN_ENV")
    if token_env:
        url += ("&" if "?" in url else "?") + "token=" + os.environ.get(token_env, "")
    ok = wait(url, float(sys.argv[2]), sys.argv[3] if len(sys.argv) > 3 else "")
    sys.exit(0 if ok else 1)
