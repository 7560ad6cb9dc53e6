"""Post verification against the fake networks (target: ≥ 0.95 of each network's configured rate).

    PYTHONPATH=$PWD /work/venv/bin/python -m benchmarks.verify [--posts 10000] [--latency 0.1] \
        [--vk-rate 40] [--telegram-rate 40] [--kill-at 0.4]

`--posts` submissions (half VK wall posts, half Telegram channel posts, each a repost of the
campaign's material) go through the real submission act into the verification queue. Then
the verifier runs in a child process (`python -m benchmarks.verify --worker`), against the
fakes of the VK API and the Telegram widget on 127.0.0.1 answering after `--latency`
seconds. The child is killed with SIGKILL when `--kill-at` of the queue is settled, and
started again. Prints, per network, the checks per second while the verifier ran against the
configured rate; the verifier's memory (RSS) as the queue drained; and checks that nothing was
lost or paid twice: every post verified once, one ledger entry and one message each.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import signal
import sqlite3
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

from benchmarks.common import ROOT
from tests.fake_networks import FakeNetworks, TgPost, VkPost

MATERIAL = "https://vk.com/wall-1000_1"


def _rss_mib() -> float:
    with open("/proc/self/statm") as statm:
        return int(statm.read().split()[1]) * os.sysconf("SC_PAGE_SIZE") / 2**20


async def worker() -> None:
    """The verifier alone, as the bot runs it; prints a JSON line of figures every second."""
    from bot.i18n import I18n
    from bot.runtime.config import load_settings
    from scheduler.clock import Clock
    from scheduler.verifier import Verifier
    from storage.db import Database

    settings = load_settings()
    db = await Database(settings.database_path).connect()
    verifier = Verifier(db=db, i18n=I18n("ru"), clock=Clock(settings.tz), settings=settings)
    started = time.perf_counter()
    await verifier.start()
    try:
        while True:
            await asyncio.sleep(1)
            waiting = await db.read(lambda c: c.execute(
                "SELECT COUNT(*) FROM verifications WHERE status = 'waiting'").fetchone()[0])
            print(json.dumps({
                "t": round(time.perf_counter() - started, 2), "rss": round(_rss_mib(), 1), "waiting": waiting,
                "checked": {str(k): v.checked for k, v in verifier.stats.items()},
            }), flush=True)
            if waiting == 0:
                return
    finally:
        await verifier.stop()
        await db.close()


async def setup(directory: Path, posts: int, fake: FakeNetworks) -> None:
    """Members, a verified campaign with one material, and `posts` submissions through the real act."""
    sys.path.insert(0, str(ROOT))
    from bot import administration
    from bot import posts as post_acts
    from bot.links import DEFAULT_ALLOWED_POST_DOMAINS, parse_post_link
    from bot.model import ModerationMode
    from scheduler.clock import Clock
    from storage.db import Database
    from tests.conftest import DISTRICTS_CSV, MOSCOW
    from tests.support.factories import NewMember

    clock = Clock(MOSCOW)
    db = await Database(directory / "bench.db").connect()
    await administration.import_districts(db, DISTRICTS_CSV)
    campaign = await administration.create_campaign(
        db, name="Бенчмарк", starts_on=date(2020, 1, 1), ends_on=date(2099, 12, 31),
        moderation=ModerationMode.VERIFIED, now=clock.now(),
    )
    assert not isinstance(campaign, administration.CampaignRefusal)
    async with db.transaction() as conn:
        await conn.execute(
            "INSERT INTO materials(campaign_id, scope_kind, scope_id, title, link, created_by, created_at)"
            " VALUES (?, 'all', 0, 'Материал', ?, 1, ?)", (campaign.id, MATERIAL, clock.now().isoformat()),
        )
    new_member = NewMember(db, clock)
    members = [await new_member(10_000 + n, f"Участник {n}", district_id=1 + n % 5) for n in range(100)]
    cache = post_acts.CampaignCache()
    for n in range(posts):
        if n % 2:
            url = fake.add_vk(VkPost(owner_id=100 + n, id=n, text="Поддерживаю", reposts=[(-1000, 1)]))
        else:
            url = fake.add_tg(TgPost(f"channel{n:05d}", n, forwarded_from=MATERIAL))
        link = parse_post_link(url, DEFAULT_ALLOWED_POST_DOMAINS)
        outcome = await post_acts.submit_post(
            db, cache, member=members[n % len(members)], link=link, material_id=None, daily_cap=10**6,
            now=clock.now(), today=clock.today(),
        )
        assert isinstance(outcome, post_acts.Submission), outcome
    await db.close()


async def run_worker(env: dict[str, str], log: list[dict[str, object]], *, kill_when_settled: int | None,
                     total: int) -> bool:
    """Run the verifier child until the queue is empty, or SIGKILL it once `kill_when_settled` are settled."""
    child = await asyncio.create_subprocess_exec(
        sys.executable, "-m", "benchmarks.verify", "--worker", cwd=ROOT, env=env, stdout=asyncio.subprocess.PIPE,
    )
    assert child.stdout is not None
    killed = False
    while line := await child.stdout.readline():
        sample = json.loads(line)
        log.append(sample)
        if kill_when_settled is not None and total - int(sample["waiting"]) >= kill_when_settled:
            child.send_signal(signal.SIGKILL)
            killed = True
            break
    await child.wait()
    return killed


def rates(log: list[dict[str, object]], tail: int) -> dict[str, float]:
    """Checks a second per network while the queue was full: from the first sample to the last one
    with more than `tail` rows waiting (the last seconds drain a queue shorter than the pace)."""
    busy = [s for s in log if int(s["waiting"]) > tail] or log
    first, last = log[0], busy[-1]
    span = float(last["t"]) - float(first["t"])
    out = {}
    for name in ("vk", "telegram"):
        done = int(last["checked"][name]) - int(first["checked"][name])  # type: ignore[index]
        out[name] = done / span if span > 0 else 0.0
    return out


async def main(args: argparse.Namespace) -> None:
    fake = await FakeNetworks(latency=args.latency).start()
    try:
        with tempfile.TemporaryDirectory() as tmp:
            directory = Path(tmp)
            started = time.perf_counter()
            await setup(directory, args.posts, fake)
            print(f"{args.posts} submissions queued in {time.perf_counter() - started:.1f} s")
            env = {**os.environ, "PYTHONPATH": str(ROOT), "DATABASE_URL": f"sqlite:///{directory / 'bench.db'}",
                   "VERIFY_VK_RATE": str(args.vk_rate), "VERIFY_TELEGRAM_RATE": str(args.telegram_rate),
                   "VERIFY_TIMEOUT": "5", **fake.env()}
            first: list[dict[str, object]] = []
            killed = await run_worker(env, first, kill_when_settled=int(args.posts * args.kill_at), total=args.posts)
            settled_at_kill = args.posts - int(first[-1]["waiting"]) if first else 0
            print(f"verifier killed (SIGKILL): {killed}, after {settled_at_kill} settled")
            second: list[dict[str, object]] = []
            await run_worker(env, second, kill_when_settled=None, total=args.posts)
            for name, log in (("before the kill", first), ("after the restart", second)):
                measured = rates(log, tail=int(args.vk_rate + args.telegram_rate) * 2)
                print(f"{name}: " + ", ".join(
                    f"{net} {value:.1f}/s of {limit:g}/s ({value / limit:.2f})"
                    for (net, value), limit in zip(measured.items(), (args.vk_rate, args.telegram_rate), strict=True)
                ))
            memory = [(args.posts - int(s["waiting"]), float(s["rss"])) for s in second]
            quarter = [rss for settled, rss in memory if settled >= args.posts * 0.5]
            print("verifier RSS (MiB) by settled posts: " + ", ".join(
                f"{settled}: {rss:.1f}" for settled, rss in memory[:: max(1, len(memory) // 8)]
            ))
            if quarter:
                print(f"RSS in the second half of the queue: {min(quarter):.1f}–{max(quarter):.1f} MiB")
            print(f"the fake saw {fake.requests['vk']} VK and {fake.requests['telegram']} widget requests,"
                  f" at most {fake.max_in_flight} at once")
            check(directory / "bench.db", args.posts)
    finally:
        await fake.stop()


def check(path: Path, posts: int) -> None:
    conn = sqlite3.connect(path)
    statuses = dict(conn.execute("SELECT status, COUNT(*) FROM verifications GROUP BY status").fetchall())
    entries = conn.execute("SELECT COUNT(*), COUNT(DISTINCT subject) FROM ledger WHERE kind = 'post'").fetchone()
    messages = conn.execute(
        "SELECT COUNT(*), COUNT(DISTINCT json_extract(o.payload, '$.text')) FROM outbox o"
        " JOIN broadcasts b ON b.id = o.broadcast_id WHERE b.kind = 'verification'"
    ).fetchone()
    approved = conn.execute("SELECT COUNT(*) FROM posts WHERE status = 'approved'").fetchone()[0]
    conn.close()
    print(f"verifications: {statuses}; approved posts: {approved}; post entries: {entries[0]}"
          f" ({entries[1]} distinct); messages to members: {messages[0]}")
    lost = posts - statuses.get("verified", 0)
    twice = entries[0] - entries[1]
    print(f"lost: {lost}, paid twice: {twice}, messages beyond one per post: {messages[0] - posts}")
    if lost or twice or messages[0] != posts or entries[0] != posts:
        raise SystemExit("FAILED: a submission was lost or paid twice")


if __name__ == "__main__":
    parser = argparse.ArgumentParser()
    parser.add_argument("--worker", action="store_true")
    parser.add_argument("--posts", type=int, default=10_000)
    parser.add_argument("--latency", type=float, default=0.1)
    parser.add_argument("--vk-rate", type=float, default=40)
    parser.add_argument("--telegram-rate", type=float, default=40)
    parser.add_argument("--kill-at", type=float, default=0.4)
    arguments = parser.parse_args()
    if arguments.worker:
        sys.path.insert(0, str(ROOT))
        asyncio.run(worker())
    else:
        asyncio.run(main(arguments))
