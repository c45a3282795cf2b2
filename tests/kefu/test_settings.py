"""One Settings with every default; KEFU_* variables override it; secrets never leave as exports."""

import subprocess
import sys
from pathlib import Path

from kefu.settings import PROJECT_DIR, Settings, shell_exports


def test_defaults_are_the_documented_ports_and_addresses():
    settings = Settings.from_env({})
    assert (settings.web_port, settings.rasa_port, settings.action_port, settings.redis_port) == (
        8080,
        5005,
        5055,
        6390,
    )
    assert settings.rasa_url == "http://127.0.0.1:5005" and settings.redis_url == "redis://127.0.0.1:6390/0"
    assert settings.shop_db == PROJECT_DIR / "var" / "shop.sqlite"


def test_the_environment_overrides_and_addresses_follow_the_ports():
    settings = Settings.from_env({"KEFU_REDIS_PORT": "7001", "KEFU_RASA_PORT": "6000", "KEFU_SHOP_DB": "x/s.db"})
    assert settings.redis_url == "redis://127.0.0.1:7001/0" and settings.rasa_url == "http://127.0.0.1:6000"
    assert settings.shop_db == PROJECT_DIR / "x" / "s.db"
    assert Settings.from_env({"KEFU_REDIS_URL": "redis://10.0.0.9:6379/2"}).redis_url == "redis://10.0.0.9:6379/2"
    assert Settings().with_changes(redis_port=7100).redis_url == "redis://127.0.0.1:7100/0"


def test_child_processes_get_every_setting_but_the_secrets():
    secrets = {
        "rasa_token": "s-rasa",
        "action_token": "s-action",
        "redis_password": "s-redis",
        "identity_secret": "s-id",
    }
    settings = Settings(action_port=5999, **secrets)
    env = settings.environment()
    assert env["KEFU_ACTION_PORT"] == "5999" and env["KEFU_REDIS_PORT"] == "6390"
    assert not any(secret in value for secret in secrets.values() for value in env.values())
    assert not any(secret in shell_exports(settings) for secret in secrets.values())


def test_the_redis_password_goes_into_the_derived_address():
    assert Settings(redis_password="p/w:1").redis_url == "redis://:p%2Fw%3A1@127.0.0.1:6390/0"


def test_the_shell_exports_round_trip_through_a_shell(tmp_path):
    script = f'eval "$({sys.executable} -m kefu.settings)"; echo $KEFU_REDIS_PORT $KEFU_SHOP_DB'
    env = {"KEFU_REDIS_PORT": "7002", "KEFU_SHOP_DB": str(tmp_path / "a b.db"), "PATH": "/usr/bin:/bin"}
    out = subprocess.run(["bash", "-c", script], env=env, cwd=PROJECT_DIR, capture_output=True, text=True, check=True)
    assert out.stdout.split(" ", 1) == ["7002", str(Path(tmp_path / "a b.db")) + "\n"]


def test_the_gateway_routes_to_every_rasa_server():
    assert Settings(rasa_port=6000, rasa_servers=3).rasa_urls == (
        "http://127.0.0.1:6000",
        "http://127.0.0.1:6001",
        "http://127.0.0.1:6002",
    )
    elsewhere = Settings.from_env({"KEFU_RASA_URL": "http://rasa-0:5005, http://rasa-1:5005/"})
    assert elsewhere.rasa_urls == ("http://rasa-0:5005", "http://rasa-1:5005")
    assert 1 <= Settings().rasa_server_count <= 4  # one per usable core, at most four by default
