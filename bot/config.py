"""Gateway settings, from the environment (defaults match `make run`)."""
import os
from dataclasses import dataclass
from pathlib import Path

PROJECT_DIR = Path(__file__).resolve().parent.parent


@dataclass(frozen=True)
class GatewayConfig:
    redis_url: str = "redis://127.0.0.1:6390/0"
    rasa_url: str = "http://127.0.0.1:5005"
    rasa_token: str = ""
    agents_file: Path = PROJECT_DIR / "var" / "agents.yml"
    quick_replies_file: Path = PROJECT_DIR / "data" / "quick_replies.yml"
    domain_file: Path = PROJECT_DIR / "domain.yml"
    rasa_timeout: float = 30.0

    @classmethod
    def from_env(cls) -> "GatewayConfig":
        env = os.environ
        return cls(
            redis_url=env.get("KEFU_REDIS_URL", cls.redis_url),
            rasa_url=env.get("KEFU_RASA_URL", f"http://127.0.0.1:{env.get('KEFU_RASA_PORT', '5005')}"),
            rasa_token=env.get("KEFU_RASA_TOKEN", ""),
            agents_file=Path(env.get("KEFU_AGENTS_FILE", str(cls.agents_file))),
        )
