"""The Redis store: transcript order, queue order, atomic claims, nothing half-written."""

import asyncio

from kefu.handoff.store import KefuStore


async def test_messages_get_increasing_seq_and_can_be_read_after_a_point(store):
    cid = await store.create_conversation()
    for text in ("亲在吗", "查下快递", "谢谢"):
        await store.append_message(cid, "shopper", text)
    assert [m["seq"] for m in await store.messages_after(cid, 0)] == [1, 2, 3]
    assert [m["text"] for m in await store.messages_after(cid, 2)] == ["谢谢"]


async def test_concurrent_appends_lose_nothing(store):
    cid = await store.create_conversation()
    await asyncio.gather(*(store.append_message(cid, "shopper", f"消息{i}") for i in range(50)))
    messages = await store.messages_after(cid, 0)
    assert sorted(m["text"] for m in messages) == sorted(f"消息{i}" for i in range(50))
    assert [m["seq"] for m in messages] == list(range(1, 51))


async def test_queue_is_ordered_by_priority_then_waiting_time(store):
    first_normal = await store.create_conversation()
    later_critical = await store.create_conversation()
    later_normal = await store.create_conversation()
    await store.create_handoff(first_normal, "none", ["顾客要求人工"], "s")
    await store.create_handoff(later_critical, "critical", ["安全隐患"], "s")
    await store.create_handoff(later_normal, "none", ["顾客要求人工"], "s")
    assert [t["conversation_id"] for t in await store.list_handoffs()] == [later_critical, first_normal, later_normal]
    state = await store.conversation_state(first_normal)
    assert state == {"conversation_id": first_normal, "mode": "queued", "queue_position": 2}


async def test_a_conversation_has_at_most_one_open_ticket(store):
    cid = await store.create_conversation()
    first, created = await store.create_handoff(cid, "high", ["差评威胁"], "s")
    again, created_again = await store.create_handoff(cid, "critical", ["安全隐患"], "s")
    assert created and not created_again and first == again
    assert len(await store.list_handoffs()) == 1


async def test_two_agents_claiming_at_once_one_wins_a_hundred_times_in_a_row(store, redis_url):
    other = KefuStore(redis_url)  # a second gateway process
    try:
        for attempt in range(100):
            cid = await store.create_conversation()
            hid, _ = await store.create_handoff(cid, "high", ["差评威胁"], "s")
            first, second = (store, other) if attempt % 2 else (other, store)
            results = await asyncio.gather(first.claim(hid, "demo"), second.claim(hid, "demo2"))
            assert sorted(results) == ["ok", "taken"], attempt
            ticket = await store.get_handoff(hid)
            winner = "demo" if results[0] == "ok" else "demo2"
            assert ticket["status"] == "assigned" and ticket["assigned_to"] == winner
            assert (await store.get_conversation(cid))["mode"] == "human"
    finally:
        await other.close()


async def test_resolving_returns_the_conversation_to_the_bot(store):
    cid = await store.create_conversation()
    hid, _ = await store.create_handoff(cid, "high", ["差评威胁"], "s")
    await store.claim(hid, "demo")
    assert await store.close_handoff(hid, agent="demo2") == "taken"
    assert await store.close_handoff(hid, agent="demo") == "ok"
    assert (await store.get_conversation(cid))["mode"] == "bot"
    assert await store.list_handoffs() == []


async def test_a_shopper_can_cancel_only_while_queued(store):
    cid = await store.create_conversation()
    hid, _ = await store.create_handoff(cid, "none", ["顾客要求人工"], "s")
    await store.claim(hid, "demo")
    assert await store.close_handoff(hid, status="cancelled", required_status="queued") == "wrong_status"
    assert (await store.get_handoff(hid))["status"] == "assigned"


async def test_agent_tokens_expire(store):
    token = await store.create_agent_token("demo")
    assert await store.agent_for_token(token) == "demo"
    assert 0 < await store.redis.ttl(f"kefu:agent_token:{token}") <= 12 * 3600
    assert await store.agent_for_token("guess") is None


async def test_claiming_twice_by_the_same_agent_is_no_second_claim(store):
    cid = await store.create_conversation()
    hid, _ = await store.create_handoff(cid, "high", ["差评威胁"], "s")
    assert await store.claim(hid, "demo") == "ok"
    assert await store.claim(hid, "demo") == "already"


async def test_a_new_threat_moves_a_queued_ticket_up_with_its_reason(store):
    first = await store.create_conversation()
    later = await store.create_conversation()
    await store.create_handoff(first, "high", ["差评威胁"], "s")
    hid, _ = await store.create_handoff(later, "none", ["顾客要求人工"], "s")
    assert [t["id"] for t in await store.list_handoffs()][1] == hid
    assert await store.raise_handoff(hid, "critical", ["向监管部门投诉"]) is True
    ticket = await store.get_handoff(hid)
    assert ticket["priority"] == 3 and ticket["reasons"] == ["顾客要求人工", "向监管部门投诉"]
    assert (await store.list_handoffs())[0]["id"] == hid
    await store.raise_handoff(hid, "high", ["差评威胁"])  # a lower level never lowers the priority
    assert (await store.get_handoff(hid))["priority"] == 3


async def test_a_task_for_a_person_queues_with_the_bot_answering_until_an_escalation_stops_it(store):
    cid = await store.create_conversation()
    hid, created = await store.create_handoff(cid, "none", ["修改收货地址"], "s", pause=False)
    assert created and [t["id"] for t in await store.list_handoffs()] == [hid]
    assert await store.conversation_state(cid) == {"conversation_id": cid, "mode": "queued", "queue_position": 1}
    assert (await store.get_conversation(cid))["bot_answers"] == "1"  # the shopper may ask the bot meanwhile
    again, created_again = await store.create_handoff(cid, "high", ["差评威胁"], "s")
    assert again == hid and not created_again  # the same ticket: one conversation, one ticket
    assert "bot_answers" not in await store.get_conversation(cid)  # now the shopper waits for the person
    await store.create_handoff(cid, "none", ["修改收货地址"], "s", pause=False)
    assert "bot_answers" not in await store.get_conversation(cid)  # a later task does not wake the bot
    assert await store.claim(hid, "demo") == "ok"
    conv = await store.get_conversation(cid)
    assert conv["mode"] == "human" and "bot_answers" not in conv


async def test_a_resolved_task_leaves_the_bot_in_charge(store):
    cid = await store.create_conversation()
    hid, _ = await store.create_handoff(cid, "none", ["修改收货地址"], "s", pause=False)
    await store.claim(hid, "demo")
    assert await store.close_handoff(hid, agent="demo") == "ok"
    conv = await store.get_conversation(cid)
    assert conv["mode"] == "bot" and "bot_answers" not in conv


async def test_a_shopper_who_stops_waiting_keeps_the_task_with_a_person(store):
    cid = await store.create_conversation()
    hid, _ = await store.create_handoff(cid, "none", ["修改收货地址"], "s", pause=False)
    await store.create_handoff(cid, "none", ["顾客要求人工"], "s")  # then asked for a person: waits
    assert await store.close_handoff(hid, status="cancelled", required_status="queued") == "task"
    ticket, conv = await store.get_handoff(hid), await store.get_conversation(cid)
    assert ticket["status"] == "queued" and [t["id"] for t in await store.list_handoffs()] == [hid]
    assert conv["mode"] == "queued" and conv["bot_answers"] == "1"  # the bot answers again
    plain = await store.create_conversation()
    other, _ = await store.create_handoff(plain, "none", ["顾客要求人工"], "s")
    assert await store.close_handoff(other, status="cancelled", required_status="queued") == "ok"


async def test_new_details_of_a_task_are_added_to_its_summary(store):
    cid = await store.create_conversation()
    hid, _ = await store.create_handoff(cid, "none", ["修改收货地址"], "普通 · 修改收货地址\n顾客: 旧地址")
    await store.raise_handoff(hid, "none", ["修改收货地址"], "普通 · 修改收货地址\n顾客: 新地址")
    ticket = await store.get_handoff(hid)
    assert ticket["summary"].endswith("顾客: 新地址") and "旧地址" in ticket["summary"]
    assert ticket["reasons"] == ["修改收货地址"]
