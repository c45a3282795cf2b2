"""Property: no request to the gateway's HTTP API, however malformed, gets a 5xx; every error
is JSON with a 4xx status; and the conversation it was aimed at still works afterwards."""

import asyncio
import json
from urllib.parse import quote

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bot.agents import AgentDirectory
from bot.app import create_app
from kefu.handoff import KefuStore
from kefu.settings import Settings
from tests.bot.fakes import FakeRasa

# Any text, and text made of the characters that broke things before: lone surrogates, NUL,
# "/" (Rasa commands), braces, long digit runs, Chinese.
ANY_TEXT = st.one_of(
    st.text(st.characters(blacklist_categories=()), max_size=60),
    st.lists(
        st.sampled_from(["\ud800", "\udfff", "\x00", "/", "{", "}", ":", "1", "9" * 20, "亲", " ", "\n"]), max_size=12
    ).map("".join),
)
JSON_VALUES = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | ANY_TEXT,
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(ANY_TEXT, inner, max_size=4),
    max_leaves=12,
)
FIELDS = ("text", "label", "product", "account", "account_hash", "username", "password", "resume_bot")
CHAT_BODIES = st.dictionaries(st.sampled_from(FIELDS), JSON_VALUES, max_size=4)
# A chat message with text of any kind, and other fields of any kind: what the API sees most.
MESSAGES = st.fixed_dictionaries({"text": ANY_TEXT}, optional={f: JSON_VALUES for f in FIELDS[1:]})
BODIES = st.one_of(
    MESSAGES.map(lambda b: ("application/json", json.dumps(b).encode())),
    st.none(),
    CHAT_BODIES.map(lambda b: ("application/json", json.dumps(b).encode())),
    JSON_VALUES.map(lambda v: ("application/json", json.dumps(v).encode())),
    st.binary(max_size=200).map(lambda b: ("application/json", b)),
    st.tuples(st.sampled_from(["text/plain", "application/x-www-form-urlencoded", ""]), st.binary(max_size=100)),
)
PATHS = st.sampled_from(
    [
        "/api/conversations/{cid}/messages",
        "/api/conversations",
        "/api/conversations/{cid}",
        "/api/conversations/{cid}/messages",
        "/api/conversations/{cid}/messages?after={any}",
        "/api/conversations/{any}",
        "/api/conversations/{any}/messages",
        "/api/conversations/{cid}/attachments",
        "/api/attachments/{any}",
        "/api/handoffs",
        "/api/handoffs/{any}",
        "/api/handoffs/{any}/claim",
        "/api/handoffs/{any}/messages",
        "/api/agent/login",
        "/api/agent/logout",
        "/api/demo/login",
        "/api/products",
        "/api/site",
    ]
)
# Half the calls are chat messages with any text (what the API sees most), half any call at all.
CHAT_CALLS = st.tuples(
    st.just("POST"),
    st.just("/api/conversations/{cid}/messages"),
    st.just(""),
    MESSAGES.map(lambda b: ("application/json", json.dumps(b).encode())),
)
ANY_CALLS = st.tuples(st.sampled_from(["GET", "POST"]), PATHS, ANY_TEXT, BODIES)
CALLS = st.lists(st.one_of(CHAT_CALLS, ANY_CALLS), min_size=1, max_size=4)


async def play(redis_url, shop, calls):
    store = KefuStore(redis_url)
    limits_off = {"messages_per_minute": 0, "address_messages_per_minute": 0, "conversations_per_hour": 0}
    app = create_app(
        Settings(redis_url=redis_url, demo=1, **limits_off),
        store=store,
        rasa=FakeRasa(),
        shop=shop,
        agents=AgentDirectory({}),
    )
    client = app.asgi_client
    try:
        _, resp = await client.post("/api/conversations", json={})
        cid = resp.json["conversation_id"]
        for method, path, any_text, body in calls:
            url = path.replace("{cid}", cid).replace("{any}", quote(any_text.encode("utf-8", "surrogatepass"), safe=""))
            kwargs = {}
            if body is not None:
                content_type, data = body
                kwargs = {"content": data, "headers": {"content-type": content_type} if content_type else {}}
            _, resp = await (client.get(url) if method == "GET" else client.post(url, **kwargs))
            assert resp.status < 500, (method, url, body, resp.status, resp.text[:300])
            if resp.status >= 400:
                assert "error" in json.loads(resp.body), (method, url, resp.text[:300])
        _, resp = await client.post(f"/api/conversations/{cid}/messages", json={"text": "还在吗"})
        assert resp.status == 200 and resp.json["replies"]
    finally:
        await store.close()


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(calls=CALLS)
def test_no_request_breaks_the_api(redis_url, shop, calls):
    asyncio.run(play(redis_url, shop, calls))
