"""A redis-server of one test alone, to kill and restart (tests/bot/test_redis_outage.py,
tests/e2e/test_faults.py)."""

import os
import shutil
import signal
import socket
import subprocess
from typing import Optional

from tests.conftest import free_port, wait_until


class PrivateRedis:
    """A redis-server of this test alone, with append-only persistence in `data_dir`."""

    def __init__(self, data_dir, password: Optional[str] = None, append_only: bool = True):
        self.port, self.data_dir, self.password, self.proc = free_port(), data_dir, password, None
        self.append_only = append_only

    def start(self):
        # the password (if any) goes in a config file, never on the command line
        config = self.data_dir / "redis.conf"
        config.write_text(f'requirepass "{self.password}"\n' if self.password else "")
        self.proc = subprocess.Popen(
            [shutil.which("redis-server"), str(config), "--port", str(self.port), "--bind", "127.0.0.1",
             "--dir", str(self.data_dir), "--appendonly", "yes" if self.append_only else "no", "--save", ""],
            stdout=subprocess.DEVNULL,
        )  # fmt: skip
        wait_until(self.answers, 10, "private redis-server", proc=self.proc)

    def answers(self) -> bool:
        try:
            with socket.create_connection(("127.0.0.1", self.port), timeout=0.5) as conn:
                auth = f"AUTH {self.password}\r\n".encode() if self.password else b""
                conn.sendall(auth + b"PING\r\n")
                reply = b""
                while b"PONG" not in reply and b"ERR" not in reply:
                    chunk = conn.recv(64)
                    if not chunk:
                        break
                    reply += chunk
                return b"+PONG" in reply
        except OSError:
            return False

    def stop(self):
        if self.proc is None:
            return
        if self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(10)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait(10)

    def kill(self):
        os.kill(self.proc.pid, signal.SIGKILL)
        self.proc.wait(10)
