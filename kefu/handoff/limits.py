"""Rate limits and login back-off, counted in Redis so that every gateway process shares them.

  kefu:rate:{name}:{who}       int    hits in the current window; expires with the window
  kefu:login:{scope}:{who}     hash   failures, next (epoch seconds before which no attempt is
                                      checked); expires LOGIN_MEMORY seconds after the last attempt

Each check runs as one Lua script: counting happens before the (slow) password check, so
sixty guesses sent at once are sixty counted attempts, not sixty free ones.
"""

from dataclasses import dataclass
from typing import Optional, Sequence

import redis.asyncio as aioredis

# INCR and EXPIRE together: a counter never outlives its window (a crash between the two
# would otherwise leave a key without expiry).
_HIT = """
local n = redis.call('INCR', KEYS[1])
if n == 1 then redis.call('EXPIRE', KEYS[1], ARGV[1]) end
return n
"""

# Reserves one login attempt for every key (scope) at once, or refuses with the seconds to
# wait. Each scope allows ARGV[3+i] failures freely; after that many, and after each further
# one, the next attempt waits 2, 4, 8 … seconds (at most ARGV[2]): a growing back-off, never a
# hard lock-out.
_LOGIN = """
local now, cap, memory = tonumber(ARGV[1]), tonumber(ARGV[2]), tonumber(ARGV[3])
local wait = 0
for i, key in ipairs(KEYS) do
  local nxt = tonumber(redis.call('HGET', key, 'next') or '0')
  if nxt > now and nxt - now > wait then wait = nxt - now end
end
if wait > 0 then return tostring(wait) end
for i, key in ipairs(KEYS) do
  local failures = redis.call('HINCRBY', key, 'failures', 1)
  local free = tonumber(ARGV[3 + i])
  if failures >= free then
    redis.call('HSET', key, 'next', now + math.min(cap, 2 ^ (failures - free + 1)))
  end
  redis.call('EXPIRE', key, memory)
end
return '0'
"""

# KEYS: scopes to forget, then scopes to take one attempt back from; ARGV[1]: how many to forget.
# A key that expired meanwhile is not brought back (it would have no expiry).
_UNCOUNT = """
for i, key in ipairs(KEYS) do
  if i <= tonumber(ARGV[1]) then
    redis.call('DEL', key)
  elseif tonumber(redis.call('HGET', key, 'failures') or '0') > 0 then
    redis.call('HINCRBY', key, 'failures', -1)
  end
end
return 1
"""

LOGIN_BACKOFF_CAP = 300  # seconds: the longest wait between two attempts
LOGIN_MEMORY = 3600  # seconds after the last attempt that failures are remembered


@dataclass(frozen=True)
class Limit:
    """At most `count` hits per `seconds` for one name (conversation, address…)."""

    count: int
    seconds: int


class Limits:
    def __init__(self, redis: aioredis.Redis):
        self.redis = redis
        self._hit = redis.register_script(_HIT)
        self._login = redis.register_script(_LOGIN)
        self._uncount = redis.register_script(_UNCOUNT)

    async def allow(self, name: str, who: str, limit: Limit) -> bool:
        """Counts one hit of `name` by `who`; False once the window's allowance is used up.
        A limit of 0 hits means no limit."""
        if limit.count <= 0:
            return True
        hits = await self._hit(keys=[f"kefu:rate:{name}:{who}"], args=[limit.seconds])
        return int(hits) <= limit.count

    async def reserve_login(self, scopes: Sequence[str], free_failures: Sequence[int], now: float) -> Optional[float]:
        """Counts a login attempt as a failure in every scope before the password is checked;
        returns None when it may be checked now, else the seconds to wait."""
        keys = [f"kefu:login:{scope}" for scope in scopes]
        args = [int(now), LOGIN_BACKOFF_CAP, LOGIN_MEMORY, *free_failures]
        wait = float(await self._login(keys=keys, args=args))
        return wait if wait > 0 else None

    async def login_succeeded(self, forget: Sequence[str], uncount: Sequence[str]) -> None:
        """A right password: the failures of the `forget` scopes are forgotten, and the attempt
        reserved in the `uncount` scopes is taken back (it was counted as a failure before the
        check), so that an office of agents logging in from one address never waits."""
        await self._uncount(keys=[f"kefu:login:{scope}" for scope in (*forget, *uncount)], args=[len(forget)])
