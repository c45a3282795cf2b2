"""Multi-turn shopper conversations through the real gateway, Rasa and action server.

The tuned part (conversations/tuned_*.yml, written by helpers before seeing the bot's
answers, then used for tuning) gates the build on its pass rate and prints every failure.
The blind part (conversations/blind/) was written by helpers who saw only the README and
the demo shop data, before any bot answer. It runs here but only reports its pass rate,
per file and in results/conversations_blind.json: it never fails the build, and its
failing texts are not printed, so that nobody tunes on it.
"""

import json
import sqlite3

import pytest

from bot.app import create_app
from kefu.settings import PROJECT_DIR
from kefu.shop.sqlite_backend import SqliteShopBackend
from tests.bot.helpers import login, write_agents
from tests.e2e.conversations.runner import CONVERSATIONS_DIR, load_conversations, play

pytestmark = pytest.mark.slow

BLIND_FILES = sorted((CONVERSATIONS_DIR / "blind").glob("*.yml"))
TUNED_FILES = sorted(CONVERSATIONS_DIR.glob("tuned_*.yml"))
# The tuned part gates the build. A fresh training can move a borderline NLU guess, so the
# gate is a pass rate (set a little under the measured one) and every failure is printed.
MIN_TUNED_PASS_RATE = 0.85


@pytest.fixture
def new_client(servers, store, shop, tmp_path):
    """A fresh gateway per conversation: sanic-testing 0.8 re-runs the app's start-up on every
    request, and Sanic's signal router grows each time until, after some thousand requests,
    compiling it exceeds Python's recursion limit."""
    settings = servers.settings.with_changes(redis_url=store.url, agents_file=write_agents(tmp_path / "agents.yml"))
    return lambda: create_app(settings, store=store, shop=shop).asgi_client


def saved_by_bot(servers) -> SqliteShopBackend:
    """The shop the action server writes to (invoice requests, chases)."""
    return SqliteShopBackend(servers.settings.shop_db)


async def fresh_start(store, servers) -> None:
    """Each conversation starts from an empty queue and a shop without earlier requests."""
    await store.redis.flushdb()
    with sqlite3.connect(servers.settings.shop_db) as db:
        db.execute("DELETE FROM invoice_requests")
        db.execute("DELETE FROM parcel_chases")


async def test_tuned_conversations_pass(new_client, store, shop, servers, capsys):
    outcomes = []
    for path in TUNED_FILES:
        for conversation in load_conversations(path):
            await fresh_start(store, servers)
            outcomes.append(await play(new_client(), conversation, shop, login, saved_by_bot(servers)))
    failed = [o for o in outcomes if not o.passed]
    rate = 1 - len(failed) / len(outcomes)
    with capsys.disabled():
        print(f"\nTuned conversations: {len(outcomes) - len(failed)}/{len(outcomes)} = {rate:.1%}")
        for outcome in failed:
            print(f"  FAILED {outcome.name}: {outcome.failure}")
            for turn in outcome.turns:
                print(f"    {turn['shopper']} -> [{turn['mode']}] {' | '.join(turn['replies'])}")
    assert len(outcomes) >= 80 and rate >= MIN_TUNED_PASS_RATE


async def test_blind_conversations_report_their_pass_rate(new_client, store, shop, servers, capsys):
    report = {}
    for path in BLIND_FILES:
        outcomes = []
        for conversation in load_conversations(path):
            await fresh_start(store, servers)
            outcomes.append(await play(new_client(), conversation, shop, login, saved_by_bot(servers)))
        report[path.stem] = {"passed": sum(o.passed for o in outcomes), "total": len(outcomes)}
    passed = sum(r["passed"] for r in report.values())
    total = sum(r["total"] for r in report.values())
    results = PROJECT_DIR / "results"
    results.mkdir(exist_ok=True)
    (results / "conversations_blind.json").write_text(json.dumps(report, indent=2), encoding="utf-8")
    with capsys.disabled():
        print(f"\nBlind conversations (report only, never tuned on): {passed}/{total} = {passed / total:.1%}")
        for name, row in report.items():
            print(f"  {name:<32}{row['passed']:>4}/{row['total']}")
    assert total >= 90  # the blind set is all there and every conversation was played
