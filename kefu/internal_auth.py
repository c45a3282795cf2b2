"""Secrets between kefu's own processes, sent as headers: only the gateway may talk to Rasa's
chat channel, only Rasa to the action server. Both listen on loopback, but any local process
could otherwise feed Rasa a made-up identity or ask the action server for a tracking number."""

import hmac

GATEWAY_HEADER = "X-Kefu-Gateway-Token"  # gateway → Rasa's kefu_gateway channel (KEFU_RASA_TOKEN)
ACTION_HEADER = "X-Kefu-Action-Token"  # Rasa → action server (KEFU_ACTION_TOKEN, endpoints.yml)


def same_secret(given: object, expected: str) -> bool:
    """Constant-time comparison; nothing matches an unset secret."""
    if not expected or not isinstance(given, str):
        return False
    return hmac.compare_digest(given.encode(), expected.encode())
