"""Shopper identity verification, as the chat widgets of Chatwoot and Intercom do it.

The shop's own site knows who is logged in. It signs the account with a secret it shares
with kefu and passes both to `POST /api/conversations`:

    account_hash = hex(HMAC-SHA256(KEFU_IDENTITY_SECRET, account))

A conversation whose hash matches is verified and sees that account's orders only; any other
conversation is anonymous and sees no order at all (DESIGN.md §3). Identity is the account
alone: a phone number typed in a request proves nothing.
"""

import hashlib
import hmac
import re
from typing import Optional

MAX_ACCOUNT_LENGTH = 64
# Shop accounts are user names: letters of any script (Chinese nicknames too), digits, a few joiners.
ACCOUNT = re.compile(rf"[\w.\-@]{{1,{MAX_ACCOUNT_LENGTH}}}")
HASH = re.compile(r"[0-9a-fA-F]{64}")


def account_hash(secret: str, account: str) -> str:
    return hmac.new(secret.encode(), account.encode(), hashlib.sha256).hexdigest()


def verified_account(secret: str, account: object, given_hash: object) -> Optional[str]:
    """The account when `given_hash` is its signature under `secret`, else None."""
    if not secret or not isinstance(account, str) or not isinstance(given_hash, str):
        return None
    if not ACCOUNT.fullmatch(account) or not HASH.fullmatch(given_hash):
        return None
    if not hmac.compare_digest(account_hash(secret, account), given_hash.lower()):
        return None
    return account
