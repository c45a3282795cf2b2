"""Peak load: simulated shoppers chatting through the gateway at once, on a private stack.

    .venv/bin/python bench/load.py [--stages 10:1,50:5,50:1,200:5] [--seconds 60] [--idle 40] [--model M]
                                   [--profile rasa] [--out bench/results]

Starts its own Redis, action server, Rasa server and gateway on loopback ports
(bench/stack.py), then:

  1. idle: one shopper alone, `--idle` messages with short pauses: the reply p50 a
     shopper gets when nobody else is chatting;
  2. each stage N:T: N shoppers at once for `--seconds`, each playing the shopper turns
     of a written conversation (tests/e2e/conversations/tuned_*.yml, as its order's
     owner through the demo login), waiting about T seconds (0.5-1.5 T) between messages,
     then starting another conversation.

Prints messages/s, reply p50/p95/p99, errors, the ratio p95 under load / idle p50, and
each process's peak resident memory; writes the same to `--out` as Markdown with the
machine's description. `--profile rasa|actions|gateway` records a py-spy flame graph of
that process during the busiest stage. Loopback only and bounded by time: a benchmark,
never a test.
"""

import argparse
import asyncio
import os
import platform
import random
import statistics
import subprocess
import sys
import threading
import time
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Dict, List, Optional, Tuple

import aiohttp

sys.path.insert(0, str(Path(__file__).resolve().parent))
from stack import MODEL, PROJECT, Stack, tree_cpu_seconds, tree_rss_bytes  # noqa: E402

from kefu.shop.sqlite_backend import SqliteShopBackend  # noqa: E402
from tests.e2e.conversations.runner import load_conversations, owner_account  # noqa: E402  (as the suite opens them)

CONVERSATIONS = sorted((PROJECT / "tests" / "e2e" / "conversations").glob("tuned_*.yml"))
REPLY_TIMEOUT = 60  # seconds: a reply slower than this counts as an error


@dataclass
class Script:
    """What one shopper types, and as whom the chat is opened."""

    texts: List[str]
    account: Optional[str]
    product: Optional[str]


@dataclass
class Stage:
    shoppers: int
    think: float
    latencies: List[float] = field(default_factory=list)
    errors: Dict[str, int] = field(default_factory=dict)
    seconds: float = 0.0
    cpu: Dict[str, float] = field(default_factory=dict)  # share of one core, per process

    @property
    def label(self) -> str:
        return f"{self.shoppers}, ~{self.think:g} s"

    def error(self, kind: str) -> None:
        self.errors[kind] = self.errors.get(kind, 0) + 1


def load_scripts(shop: SqliteShopBackend) -> List[Script]:
    """Conversations with only shopper turns (no buttons, no agents): what many shoppers type."""
    scripts = []
    for path in CONVERSATIONS:
        for conversation in load_conversations(path):
            turns = conversation.get("turns") or []
            if not turns or any("shopper" not in turn for turn in turns):
                continue
            texts = [str(turn["shopper"]) for turn in turns]
            scripts.append(Script(texts, owner_account(conversation, shop), conversation.get("product")))
    return scripts


async def open_chat(http: aiohttp.ClientSession, base: str, script: Script) -> str:
    body: Dict[str, str] = {}
    if script.account:
        async with http.post(f"{base}/api/demo/login", json={"account": script.account}) as resp:
            body = await resp.json()
    if script.product:
        body["product"] = str(script.product)
    async with http.post(f"{base}/api/conversations", json=body) as resp:
        resp.raise_for_status()
        return (await resp.json())["conversation_id"]


async def send(http: aiohttp.ClientSession, base: str, cid: str, text: str, stage: Stage) -> None:
    started = time.perf_counter()
    try:
        async with http.post(f"{base}/api/conversations/{cid}/messages", json={"text": text}) as resp:
            await resp.read()
            if resp.status != 200:
                stage.error(f"HTTP {resp.status}")
                return
    except (TimeoutError, aiohttp.ClientError) as exc:
        stage.error(type(exc).__name__)
        return
    stage.latencies.append(time.perf_counter() - started)


async def shopper(base: str, scripts: List[Script], stage: Stage, deadline: float, rng: random.Random) -> None:
    timeout = aiohttp.ClientTimeout(total=REPLY_TIMEOUT)
    async with aiohttp.ClientSession(timeout=timeout) as http:
        await asyncio.sleep(rng.uniform(0, stage.think))  # shoppers do not all arrive at once
        while time.monotonic() < deadline:
            script = rng.choice(scripts)
            try:
                cid = await open_chat(http, base, script)
            except (TimeoutError, aiohttp.ClientError) as exc:
                stage.error(f"open: {type(exc).__name__}")
                await asyncio.sleep(1)
                continue
            for text in script.texts:
                if time.monotonic() >= deadline:
                    return
                await send(http, base, cid, text, stage)
                await asyncio.sleep(stage.think * rng.uniform(0.5, 1.5))


async def run_stage(
    base: str, scripts: List[Script], stage: Stage, seconds: float, seed: int, pids: Dict[str, int]
) -> None:
    cpu_before = {name: tree_cpu_seconds(pid) for name, pid in pids.items()}
    own_before = time.process_time()  # the simulated shoppers share the cores too
    started = time.monotonic()
    deadline = started + seconds
    await asyncio.gather(
        *(shopper(base, scripts, stage, deadline, random.Random(seed * 1000 + i)) for i in range(stage.shoppers))
    )
    stage.seconds = time.monotonic() - started
    stage.cpu = {name: (tree_cpu_seconds(pid) - cpu_before[name]) / stage.seconds for name, pid in pids.items()}
    stage.cpu["shoppers (this script)"] = (time.process_time() - own_before) / stage.seconds


def percentile(values: List[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))] if ordered else float("nan")


class MemoryWatch:
    """Samples each process's resident memory every half second and keeps the peak."""

    def __init__(self, pids: Dict[str, int]):
        self.pids, self.peak = pids, {name: 0 for name in pids}
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def _run(self) -> None:
        while not self._stop.is_set():
            for name, pid in self.pids.items():
                self.peak[name] = max(self.peak[name], tree_rss_bytes(pid))
            self._stop.wait(0.5)

    def __enter__(self) -> "MemoryWatch":
        self._thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self._stop.set()
        self._thread.join()


def machine() -> str:
    model = next(
        (line.split(":", 1)[1].strip() for line in open("/proc/cpuinfo") if line.startswith("model name")), "?"
    )
    memory = next(int(line.split()[1]) for line in open("/proc/meminfo") if line.startswith("MemTotal"))
    commit = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=PROJECT, capture_output=True, text=True)
    return (
        f"{os.cpu_count()} cores ({model}), {memory / 1024**2:.0f} GiB, Python {platform.python_version()}, "
        f"commit {commit.stdout.strip() or '?'}"
    )


def parse_stages(text: str) -> List[Tuple[int, float]]:
    stages = []
    for part in text.split(","):
        shoppers, _, think = part.partition(":")
        if not shoppers.strip().isdigit() or int(shoppers) < 1 or int(shoppers) > 500:
            raise argparse.ArgumentTypeError(f"{part!r}: shoppers must be 1-500, as in 50:5")
        stages.append((int(shoppers), float(think or 1)))
    return stages


def report(idle: Stage, stages: List[Stage], memory: Dict[str, int], note: str) -> str:
    idle_p50 = statistics.median(idle.latencies) if idle.latencies else float("nan")
    lines = [
        f"Machine: {machine()}",
        f"Run: {datetime.now().isoformat(timespec='seconds')} {note}".rstrip(),
        "",
        "| shoppers at once, think time | messages | messages/s | reply p50 | p95 | p99 | p95 / idle p50 | errors |",
        "|---|---|---|---|---|---|---|---|",
        f"| 1 (idle) | {len(idle.latencies)} | — | {idle_p50 * 1000:.0f} ms | "
        f"{percentile(idle.latencies, 0.95) * 1000:.0f} ms | — | — | {sum(idle.errors.values())} |",
    ]
    for stage in stages:
        count = len(stage.latencies)
        p95 = percentile(stage.latencies, 0.95)
        errors = ", ".join(f"{k}: {v}" for k, v in stage.errors.items()) or "0"
        lines.append(
            f"| {stage.label} | {count} | {count / stage.seconds:.1f} | "
            f"{percentile(stage.latencies, 0.5) * 1000:.0f} ms | {p95 * 1000:.0f} ms | "
            f"{percentile(stage.latencies, 0.99) * 1000:.0f} ms | {p95 / idle_p50:.1f}× | {errors} |"
        )
    lines += ["", "CPU per process, in cores (1.0 = one core busy all the time):", ""]
    lines += [f"- {stage.label}: " + ", ".join(f"{k} {v:.2f}" for k, v in stage.cpu.items()) for stage in stages]
    lines += ["", "Peak resident memory: " + ", ".join(f"{k} {v / 1024**2:.0f} MB" for k, v in memory.items())]
    return "\n".join(lines)


async def main_async(args) -> str:
    with Stack(rasa_servers=args.rasa_servers, model=args.model) as stack:
        shop = SqliteShopBackend(stack.settings.shop_db)
        scripts = load_scripts(shop)
        rasa_count = len(stack.settings.rasa_urls)
        print(f"Stack up ({stack.base}, {rasa_count} Rasa servers); {len(scripts)} conversations to play.", flush=True)
        args.note = f"{rasa_count} Rasa server(s). {args.note}".strip()
        with MemoryWatch(stack.pids) as watch:
            warm = Stage(1, 0.0)  # the first messages trace TensorFlow's graphs: not counted
            await run_stage(stack.base, scripts, warm, 10, seed=0, pids=stack.pids)
            idle = Stage(1, 0.3)
            rng = random.Random(1)
            async with aiohttp.ClientSession() as http:
                while len(idle.latencies) + sum(idle.errors.values()) < args.idle:
                    script = rng.choice(scripts)
                    cid = await open_chat(http, stack.base, script)
                    for text in script.texts[: args.idle - len(idle.latencies)]:
                        await send(http, stack.base, cid, text, idle)
                        await asyncio.sleep(0.3)
            print(f"idle: p50 {statistics.median(idle.latencies) * 1000:.0f} ms", flush=True)
            stages = [Stage(n, think) for n, think in args.stages]
            busiest = max(stages, key=lambda s: s.shoppers / s.think)
            profile = None
            for number, stage in enumerate(stages, 1):
                if args.profile and stage is busiest:
                    name = args.profile if args.profile in stack.pids else f"{args.profile}1"
                    profile = Profile(stack.pids[name], args.out, args.seconds)
                await run_stage(stack.base, scripts, stage, args.seconds, seed=number, pids=stack.pids)
                print(
                    f"{stage.label}: {len(stage.latencies) / stage.seconds:.1f} messages/s, "
                    f"p95 {percentile(stage.latencies, 0.95) * 1000:.0f} ms, errors {sum(stage.errors.values())}",
                    flush=True,
                )
        text = report(idle, stages, watch.peak, args.note)
        return text + ("\n\n" + profile.summary() if profile else "")


# Frames every request passes through (start-up, the web server, Rasa's graph runner): not
# worth listing.
SERVER_LOOP = (
    *("_run_module_as_main", "_run_code", "<module>", "main (", "run (", "serve", "Sanic.", "connection_task"),
    *("Http.", "handle_request", "RestInput.", "register.<locals>", "get_sync", "get_async", "DaskGraphRunner"),
    *("SynchronousExecutor", "batch_execute_tasks", "execute_task", "_execute_task", "GraphNode.__call__"),
)


class Profile:
    """py-spy on one process for a stage: a flame graph (SVG) and the same samples as collapsed
    stacks, from which the functions taking the largest share of the samples are printed."""

    def __init__(self, pid: int, out: Path, seconds: float):
        stamp = f"{datetime.now():%Y%m%d-%H%M%S}"
        self.svg, self.raw = out / f"flame-{stamp}.svg", out / f"flame-{stamp}.txt"
        spy = str(Path(sys.executable).parent / "py-spy")
        common = ["record", "--pid", str(pid), "--duration", str(int(seconds)), "--nonblocking"]
        self.procs = [
            subprocess.Popen([spy, *common, "--output", str(path), "--format", fmt], stdout=subprocess.DEVNULL,
                             stderr=subprocess.DEVNULL)
            for path, fmt in ((self.svg, "flamegraph"), (self.raw, "raw"))
        ]  # fmt: skip
        print(f"Recording a flame graph to {self.svg}", flush=True)

    def summary(self, top: int = 25) -> str:
        for proc in self.procs:
            proc.wait()
        if not self.raw.exists():
            return "py-spy wrote no samples (is ptrace allowed here?)"
        inclusive: Dict[str, int] = {}
        total = 0
        for line in self.raw.read_text(errors="replace").splitlines():
            stack, _, count = line.rpartition(" ")
            if not count.isdigit():
                continue
            total += int(count)
            for frame in set(stack.split(";")):
                if not frame.startswith(SERVER_LOOP):
                    inclusive[frame] = inclusive.get(frame, 0) + int(count)
        rows = sorted(inclusive.items(), key=lambda item: -item[1])[:top]
        lines = [f"Share of {total} samples (inclusive), busiest stage:"]
        lines += [f"  {count / total:5.1%}  {name[:110]}" for name, count in rows]
        return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--stages", type=parse_stages, default=parse_stages("10:1,50:5,50:1,200:5"))
    parser.add_argument("--seconds", type=float, default=60, help="length of each stage (10-600)")
    parser.add_argument("--idle", type=int, default=40, help="messages of the lone shopper")
    parser.add_argument("--rasa-servers", type=int, default=0, help="Rasa processes (0: one per core, as make run)")
    parser.add_argument("--profile", choices=("rasa", "actions", "gateway"), help="rasa: the first Rasa server")
    parser.add_argument("--model", type=Path, default=MODEL, help="the trained model the Rasa servers load")
    parser.add_argument("--note", default="", help="what this run measures, for the results file")
    parser.add_argument("--out", type=Path, default=PROJECT / "bench" / "results")
    args = parser.parse_args()
    if not 10 <= args.seconds <= 600:
        parser.error("--seconds must be between 10 and 600")
    args.out.mkdir(parents=True, exist_ok=True)
    text = asyncio.run(main_async(args))
    print("\n" + text)
    path = args.out / f"load-{datetime.now():%Y%m%d-%H%M%S}.md"
    path.write_text(text + "\n", encoding="utf-8")
    print(f"\nWritten to {path.relative_to(PROJECT) if path.is_relative_to(PROJECT) else path}")


if __name__ == "__main__":
    main()
