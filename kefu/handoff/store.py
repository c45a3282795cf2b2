"""Redis storage for conversations, transcripts, handoff tickets and agent sessions.

This module owns every `kefu:` key (Rasa's own tracker and lock keys use the
`kefu:tracker:` / `kefu:lock:` prefixes set in endpoints.yml):

  kefu:conv:{cid}              hash   mode (bot|queued|human), handoff_id, created_at, account (verified),
                                      bot_answers (1: queued for a task, the bot still answers),
                                      address (the client address that opened it, for the ticket limit),
                                      product (the SKU of the card the chat was opened from),
                                      answered_in_queue (1: the bot answered the shopper's last message
                                      while queued for a person, so a follow-up about it is answered too)
  kefu:conv:{cid}:messages     list   transcript, JSON per message; a message's seq is its 1-based index;
                                      a photo's message has `attachment: {"url": …}`
  kefu:attachment:{aid}        hash   a photo a shopper sent: conversation_id, content_type, data (base64)
  kefu:conv:{cid}:events       pubsub live push to the shopper: {"type": "message"|"mode", ...}
  kefu:handoff:{hid}           hash   ticket: conversation_id, status, priority, level, reasons (JSON),
                                      order_id, summary, created_at, assigned_to, resolved_at
  kefu:handoffs:queue          zset   queued ticket ids; score orders by priority, then waiting time
  kefu:handoffs:active         set    assigned ticket ids
  kefu:agents:events           pubsub live push to every agent console: queue and ticket changes
  kefu:agent_token:{token}     string agent username, expires after KEFU_AGENT_TOKEN_HOURS; deleted at logout
  kefu:socket_ticket:{ticket}  string agent username, for one /ws/agent connection within SOCKET_TICKET_TTL s

Every change that touches more than one key runs as one Lua script, so nothing
is ever half-written and two agents claiming at once cannot both win.

Conversation, transcript, ticket and photo keys expire `retention` seconds after their last
change (KEFU_RETENTION_DAYS); rate-limit keys are kefu/handoff/limits.py's.
"""

import base64
import json
import secrets
import time
from typing import Any, Dict, List, Optional, Tuple

import redis.asyncio as aioredis

from kefu.levels import level

AGENT_TOKEN_TTL = 8 * 3600
DEFAULT_RETENTION = 30 * 24 * 3600
SOCKET_TICKET_TTL = 30
AGENT_CHANNEL = "kefu:agents:events"


class TicketLimitReached(Exception):
    """The client address behind the conversation opened its allowance of tickets this hour."""


def conv_key(cid: str) -> str:
    return f"kefu:conv:{cid}"


def attachment_key(aid: str) -> str:
    return f"kefu:attachment:{aid}"


def messages_key(cid: str) -> str:
    return f"kefu:conv:{cid}:messages"


def conv_channel(cid: str) -> str:
    return f"kefu:conv:{cid}:events"


def handoff_key(hid: str) -> str:
    return f"kefu:handoff:{hid}"


QUEUE_KEY = "kefu:handoffs:queue"
ACTIVE_KEY = "kefu:handoffs:active"


def queue_score(priority: int, created_at: float) -> float:
    """Lower scores are served first: higher priority, then longer waiting."""
    return (10 - priority) * 1e10 + created_at


# KEYS: conv, handoff, queue. ARGV: hid, cid, fields JSON, score, now, retention, tickets per
# window from one address (0: no limit), window seconds, pause ('1': the bot stops and the
# shopper waits for the person; '0': a task for a person, and the bot goes on answering in the
# queue, conv field bot_answers). Returns the id of the open ticket: the existing one (which a
# pausing escalation turns into a wait for the person), or the new one; '' when the address
# that opened the conversation has opened its allowance of tickets in this window.
_CREATE_HANDOFF = """
local current = redis.call('HGET', KEYS[1], 'handoff_id')
if current then
  local status = redis.call('HGET', 'kefu:handoff:' .. current, 'status')
  if status == 'queued' or status == 'assigned' then
    if ARGV[9] == '1' then redis.call('HDEL', KEYS[1], 'bot_answers') end
    return current
  end
end
local address = redis.call('HGET', KEYS[1], 'address')
if address and tonumber(ARGV[7]) > 0 then
  local counter = 'kefu:rate:tickets:' .. address
  local opened = tonumber(redis.call('GET', counter) or '0')
  if opened >= tonumber(ARGV[7]) then return '' end
  if redis.call('INCR', counter) == 1 then redis.call('EXPIRE', counter, ARGV[8]) end
end
local fields = cjson.decode(ARGV[3])
for k, v in pairs(fields) do redis.call('HSET', KEYS[2], k, v) end
redis.call('HSET', KEYS[2], 'id', ARGV[1], 'conversation_id', ARGV[2], 'status', 'queued', 'created_at', ARGV[5])
if ARGV[9] ~= '1' then redis.call('HSET', KEYS[2], 'task', '1') end
redis.call('ZADD', KEYS[3], ARGV[4], ARGV[1])
redis.call('HSET', KEYS[1], 'mode', 'queued', 'handoff_id', ARGV[1])
if ARGV[9] == '1' then
  redis.call('HDEL', KEYS[1], 'bot_answers')
else
  redis.call('HSET', KEYS[1], 'bot_answers', '1')
end
redis.call('HSETNX', KEYS[1], 'created_at', ARGV[5])
redis.call('EXPIRE', KEYS[2], ARGV[6])
redis.call('EXPIRE', KEYS[1], ARGV[6])
return ARGV[1]
"""

# KEYS: handoff, queue, active, conv. ARGV: hid, agent.
_CLAIM = """
local status = redis.call('HGET', KEYS[1], 'status')
if not status then return 'missing' end
if status == 'assigned' then
  if redis.call('HGET', KEYS[1], 'assigned_to') == ARGV[2] then return 'already' end
  return 'taken'
end
if status ~= 'queued' then return 'closed' end
redis.call('HSET', KEYS[1], 'status', 'assigned', 'assigned_to', ARGV[2])
redis.call('ZREM', KEYS[2], ARGV[1])
redis.call('SADD', KEYS[3], ARGV[1])
redis.call('HSET', KEYS[4], 'mode', 'human')
redis.call('HDEL', KEYS[4], 'bot_answers')
return 'ok'
"""

# KEYS: handoff, queue, active, conv. ARGV: hid, agent ('' = anyone: shopper cancel), new status, now,
# required current status ('' = queued or assigned). A shopper who stops waiting on a ticket that
# began as a task (a new address, photos) stops waiting, not the task: it stays queued for a
# person and the bot answers again ('task').
_CLOSE = """
local status = redis.call('HGET', KEYS[1], 'status')
if not status then return 'missing' end
if status ~= 'queued' and status ~= 'assigned' then return 'closed' end
if ARGV[5] ~= '' and status ~= ARGV[5] then return 'wrong_status' end
if ARGV[2] ~= '' and status == 'assigned' and redis.call('HGET', KEYS[1], 'assigned_to') ~= ARGV[2] then
  return 'taken'
end
if ARGV[3] == 'cancelled' and redis.call('HGET', KEYS[1], 'task') == '1' then
  redis.call('HSET', KEYS[4], 'bot_answers', '1')
  return 'task'
end
redis.call('HSET', KEYS[1], 'status', ARGV[3], 'resolved_at', ARGV[4])
redis.call('ZREM', KEYS[2], ARGV[1])
redis.call('SREM', KEYS[3], ARGV[1])
redis.call('HSET', KEYS[4], 'mode', 'bot')
redis.call('HDEL', KEYS[4], 'bot_answers')
return 'ok'
"""


# KEYS: handoff, queue. ARGV: hid, priority, level, reasons JSON, score, summary lines to add ('').
# A queued ticket takes the new reasons, and the higher priority if it is higher.
_RAISE = """
if redis.call('HGET', KEYS[1], 'status') ~= 'queued' then return 0 end
redis.call('HSET', KEYS[1], 'reasons', ARGV[4])
if ARGV[6] ~= '' then
  redis.call('HSET', KEYS[1], 'summary', (redis.call('HGET', KEYS[1], 'summary') or '') .. '\\n' .. ARGV[6])
end
if tonumber(ARGV[2]) > tonumber(redis.call('HGET', KEYS[1], 'priority') or '1') then
  redis.call('HSET', KEYS[1], 'priority', ARGV[2], 'level', ARGV[3])
  redis.call('ZADD', KEYS[2], ARGV[5], ARGV[1])
end
return 1
"""


class KefuStore:
    def __init__(self, url: str, retention: int = DEFAULT_RETENTION, tickets_per_hour: int = 0):
        """`retention`: seconds a conversation and what belongs to it are kept after its last
        change; `tickets_per_hour`: tickets one client address may open (0: any number)."""
        self.url = url
        self.retention = retention
        self.tickets_per_hour = tickets_per_hour
        self.redis = aioredis.from_url(self.url, decode_responses=True)
        self._create_handoff = self.redis.register_script(_CREATE_HANDOFF)
        self._claim = self.redis.register_script(_CLAIM)
        self._close = self.redis.register_script(_CLOSE)
        self._raise = self.redis.register_script(_RAISE)

    async def close(self) -> None:
        await self.redis.close()

    # ------------------------------------------------------------ conversations
    async def create_conversation(
        self, account: Optional[str] = None, product: Optional[str] = None, address: Optional[str] = None
    ) -> str:
        """`account` only when the gateway verified its signature (kefu/identity.py)."""
        cid = secrets.token_urlsafe(18)  # unguessable: it is the shopper's only credential
        fields = {"mode": "bot", "created_at": f"{time.time():.3f}"}
        for name, value in (("account", account), ("product", product), ("address", address)):
            if value:
                fields[name] = value
        async with self.redis.pipeline(transaction=True) as pipe:
            await pipe.hset(conv_key(cid), mapping=fields).expire(conv_key(cid), self.retention).execute()
        return cid

    async def set_product(self, cid: str, sku: str) -> None:
        """The shopper opened the chat from another product's card."""
        async with self.redis.pipeline(transaction=True) as pipe:
            await pipe.hset(conv_key(cid), "product", sku).expire(conv_key(cid), self.retention).execute()

    async def set_answered_in_queue(self, cid: str, answered: bool) -> None:
        """Whether the bot answered the shopper's last message while the chat waited for a person."""
        async with self.redis.pipeline(transaction=True) as pipe:
            value = "1" if answered else ""
            await pipe.hset(conv_key(cid), "answered_in_queue", value).expire(conv_key(cid), self.retention).execute()

    async def get_conversation(self, cid: str) -> Optional[Dict[str, str]]:
        data = await self.redis.hgetall(conv_key(cid))
        return data or None

    async def append_message(
        self,
        cid: str,
        sender: str,
        text: str,
        buttons: Optional[List[Dict[str, str]]] = None,
        agent: Optional[str] = None,
        attachment: Optional[Dict[str, str]] = None,
    ) -> Dict[str, Any]:
        message: Dict[str, Any] = {"sender": sender, "text": text, "time": time.time()}
        if buttons:
            message["buttons"] = buttons
        if attachment:
            message["attachment"] = attachment
        if agent:
            message["agent"] = agent
        async with self.redis.pipeline(transaction=True) as pipe:
            pipe.rpush(messages_key(cid), json.dumps(message, ensure_ascii=False))
            pipe.expire(messages_key(cid), self.retention).expire(conv_key(cid), self.retention)
            seq, _, _ = await pipe.execute()
        message["seq"] = seq
        await self.redis.publish(
            conv_channel(cid), json.dumps({"type": "message", "message": message}, ensure_ascii=False)
        )
        return message

    async def save_attachment(self, cid: str, content_type: str, data: bytes) -> str:
        """Keeps an image sent in the conversation; its id is unguessable, as it is its URL."""
        aid = secrets.token_urlsafe(18)
        fields = {"conversation_id": cid, "content_type": content_type, "data": base64.b64encode(data).decode()}
        async with self.redis.pipeline(transaction=True) as pipe:
            await pipe.hset(attachment_key(aid), mapping=fields).expire(attachment_key(aid), self.retention).execute()
        return aid

    async def get_attachment(self, aid: str) -> Optional[Tuple[str, bytes]]:
        """(content type, bytes) of a kept image, or None."""
        found = await self.redis.hmget(attachment_key(aid), "content_type", "data")
        if not found[0] or found[1] is None:
            return None
        return found[0], base64.b64decode(found[1])

    async def messages_after(self, cid: str, after: int = 0) -> List[Dict[str, Any]]:
        raw = await self.redis.lrange(messages_key(cid), max(after, 0), -1)
        return [dict(json.loads(item), seq=after + index + 1) for index, item in enumerate(raw)]

    async def recent_messages(self, cid: str, count: int) -> List[Dict[str, Any]]:
        """The last `count` messages of the transcript, oldest first."""
        raw = await self.redis.lrange(messages_key(cid), -count, -1)
        return [json.loads(item) for item in raw]

    async def publish_mode(self, cid: str) -> None:
        state = await self.conversation_state(cid)
        await self.redis.publish(conv_channel(cid), json.dumps({"type": "mode", **state}))

    async def conversation_state(self, cid: str) -> Dict[str, Any]:
        conv = await self.get_conversation(cid) or {}
        mode = conv.get("mode", "bot")
        position = None
        if mode == "queued" and conv.get("handoff_id"):
            position = await self.queue_position(conv["handoff_id"])
        return {"conversation_id": cid, "mode": mode, "queue_position": position}

    # ----------------------------------------------------------------- handoffs
    async def create_handoff(
        self,
        cid: str,
        risk_level: str,
        reasons: List[str],
        summary: str,
        order_id: Optional[str] = None,
        pause: bool = True,
    ) -> Tuple[str, bool]:
        """Opens a ticket unless one is open; returns (ticket id, created). The conversation is
        queued either way. `pause`: the bot stops and the shopper waits for the person; otherwise
        the ticket is a task for a person (a new address to enter, photos to check) and the bot
        goes on answering in the queue (`bot_answers`) until an agent claims it. A pausing
        escalation while a task is open stops the bot on that same ticket."""
        now = time.time()
        priority = level(risk_level).priority
        hid = secrets.token_hex(8)
        fields = {
            "priority": priority,
            "level": risk_level,
            "reasons": json.dumps(reasons, ensure_ascii=False),
            "summary": summary,
            "order_id": order_id or "",
        }
        result = await self._create_handoff(
            keys=[conv_key(cid), handoff_key(hid), QUEUE_KEY],
            args=[
                *(hid, cid, json.dumps(fields, ensure_ascii=False), queue_score(priority, now), f"{now:.3f}"),
                *(self.retention, self.tickets_per_hour, 3600, "1" if pause else "0"),
            ],
        )
        if result == "":
            raise TicketLimitReached(cid)
        created = result == hid
        if created:
            await self.notify_agents("queued", hid)
            await self.publish_mode(cid)
        return result, created

    async def get_handoff(self, hid: str) -> Optional[Dict[str, Any]]:
        data = await self.redis.hgetall(handoff_key(hid))
        if not data:
            return None
        return {
            "id": data["id"],
            "conversation_id": data["conversation_id"],
            "status": data["status"],
            "priority": int(data.get("priority", 1)),
            "level": data.get("level", "none"),
            "reasons": json.loads(data.get("reasons") or "[]"),
            "summary": data.get("summary", ""),
            "order_id": data.get("order_id") or None,
            "created_at": float(data["created_at"]),
            "assigned_to": data.get("assigned_to") or None,
        }

    async def queue_position(self, hid: str) -> Optional[int]:
        """1 for the next shopper to be served."""
        rank = await self.redis.zrank(QUEUE_KEY, hid)
        return None if rank is None else rank + 1

    async def raise_handoff(self, hid: str, risk_level: str, reasons: List[str], summary: str = "") -> bool:
        """A queued ticket learns of a new threat, or a task of new details (a corrected address:
        `summary` lines added): its reasons grow, its priority may rise."""
        ticket = await self.get_handoff(hid)
        if ticket is None:
            return False
        merged = list(dict.fromkeys(ticket["reasons"] + list(reasons)))
        priority = level(risk_level).priority
        raised = await self._raise(
            keys=[handoff_key(hid), QUEUE_KEY],
            args=[hid, priority, risk_level, json.dumps(merged, ensure_ascii=False),
                  queue_score(max(priority, ticket["priority"]), ticket["created_at"]), summary],
        )  # fmt: skip
        if raised:
            await self.notify_agents("updated", hid)
        return bool(raised)

    async def list_handoffs(self) -> List[Dict[str, Any]]:
        """Queued tickets (priority, then waiting time), then the assigned ones."""
        queued = await self.redis.zrange(QUEUE_KEY, 0, -1)
        active = sorted(await self.redis.smembers(ACTIVE_KEY))
        tickets = [await self.get_handoff(hid) for hid in queued + active]
        expired = [hid for hid, ticket in zip(queued + active, tickets, strict=True) if ticket is None]
        if expired:  # past retention: their ids leave the queue too
            await self.redis.zrem(QUEUE_KEY, *expired)
            await self.redis.srem(ACTIVE_KEY, *expired)
        return [ticket for ticket in tickets if ticket]

    async def claim(self, hid: str, agent: str) -> str:
        """'ok', 'already' (this agent has it), 'taken' (another agent has it), 'closed' or 'missing'."""
        ticket = await self.get_handoff(hid)
        if ticket is None:
            return "missing"
        result = await self._claim(
            keys=[handoff_key(hid), QUEUE_KEY, ACTIVE_KEY, conv_key(ticket["conversation_id"])], args=[hid, agent]
        )
        if result == "ok":
            await self.notify_agents("assigned", hid)
            await self.publish_mode(ticket["conversation_id"])
        return result

    async def close_handoff(
        self, hid: str, agent: str = "", status: str = "resolved", required_status: str = ""
    ) -> str:
        ticket = await self.get_handoff(hid)
        if ticket is None:
            return "missing"
        result = await self._close(
            keys=[handoff_key(hid), QUEUE_KEY, ACTIVE_KEY, conv_key(ticket["conversation_id"])],
            args=[hid, agent, status, f"{time.time():.3f}", required_status],
        )
        if result == "ok":
            await self.notify_agents(status, hid)
            await self.publish_mode(ticket["conversation_id"])
        return result

    async def notify_agents(self, event: str, hid: str) -> None:
        await self.redis.publish(AGENT_CHANNEL, json.dumps({"type": event, "handoff_id": hid}))

    # ------------------------------------------------------------------- agents
    async def create_agent_token(self, username: str, ttl: int = AGENT_TOKEN_TTL) -> str:
        token = secrets.token_urlsafe(24)
        await self.redis.set(f"kefu:agent_token:{token}", username, ex=ttl)
        return token

    async def delete_agent_token(self, token: str) -> None:
        """Logout: the token stops working at once."""
        if token:
            await self.redis.delete(f"kefu:agent_token:{token}")

    async def create_socket_ticket(self, username: str) -> str:
        """A ticket for one websocket connection, valid SOCKET_TICKET_TTL seconds and once: the
        console's long-lived token never goes into a URL (which proxies and logs keep)."""
        ticket = secrets.token_urlsafe(24)
        await self.redis.set(f"kefu:socket_ticket:{ticket}", username, ex=SOCKET_TICKET_TTL)
        return ticket

    async def take_socket_ticket(self, ticket: str) -> Optional[str]:
        """The agent the ticket was made for, and the ticket is gone; None when unknown or used."""
        if not ticket:
            return None
        return await self.redis.getdel(f"kefu:socket_ticket:{ticket}")

    async def agent_for_token(self, token: str) -> Optional[str]:
        if not token:
            return None
        return await self.redis.get(f"kefu:agent_token:{token}")
