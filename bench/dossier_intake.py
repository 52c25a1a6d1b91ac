"""Benchmark: dossier intake throughput over HTTP, as desk officers' screens and partner systems post it.

    python bench/dossier_intake.py [--intakes 2000] [--clients 8] [--workers 3] [--retry-share 0.1]
    python bench/dossier_intake.py --url http://127.0.0.1:8000   # against a server already running
    python bench/dossier_intake.py --profile                     # queries and time of one intake

Runs on the configured database kind, in the benchmark's own database (the rule of
``bench/catalog_search.py``: ``BENCH_DATABASE_URL`` when set, else ``DATABASE_URL`` with ``_bench`` appended,
else ``var/bench.sqlite3``), for example::

    BENCH_DATABASE_URL=postgres://postgres@127.0.0.1:5432/tthc_bench python bench/dossier_intake.py

It migrates that database and loads the demo province (``tthc demo load``), starts gunicorn with
``--workers`` processes on a free port against it (unless ``--url`` names a running server), and has
``--clients`` threads — each an httpx client logged in as the demo desk officer (``motcua``), with the
session cookie and the CSRF header — post ``--intakes`` intakes to ``POST /api/v1/dossiers``, each with its
own ``Idempotency-Key``. A share of the requests (``--retry-share``) is sent a second time with the same key,
as a client does when the first answer was lost: the benchmark checks that the retry got the same dossier and
that the database holds exactly one dossier per key. It prints intakes per second (new dossiers over the
wall-clock time of the run), p50 / p95 / p99 latency of the requests, and whether the target (≥ 200
intakes/s) is met.
"""

from __future__ import annotations

import argparse
import os
import random
import re
import socket
import statistics
import subprocess
import sys
import threading
import time
import uuid
from dataclasses import dataclass, field
from pathlib import Path

if __package__ in (None, ""):
    # Run as a script: make the project root importable so ``bench`` is a package like under pytest.
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.catalog_search import _percentile

TARGET_PER_SECOND = 200.0
DESK_OFFICER = "motcua"
DESK_CODE = "000.01.30.H45"
INTAKE_PATH = "/api/v1/dossiers"
LOGIN_PATH = "/accounts/login/"
FAMILY = ["Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Võ", "Đặng", "Bùi"]
GIVEN = ["Văn An", "Thị Bình", "Minh Châu", "Quốc Dũng", "Thu Hà", "Ngọc Lan", "Đức Long"]


@dataclass(frozen=True)
class Plan:
    """What the intakes are for: the procedure, the desk (its id) and the checklist positions given."""

    procedure_code: str
    desk_id: int
    positions: tuple[int, ...]


@dataclass
class Outcome:
    """What came back for each request, shared by the client threads (append is atomic in CPython)."""

    latencies_ms: list[float] = field(default_factory=list)
    codes_by_key: dict[str, str] = field(default_factory=dict)
    retries: int = 0
    retry_mismatches: list[str] = field(default_factory=list)
    failures: list[str] = field(default_factory=list)
    seconds: float = 0.0

    @property
    def created(self) -> int:
        return len(self.codes_by_key)

    @property
    def per_second(self) -> float:
        return self.created / self.seconds if self.seconds else 0.0

    @property
    def p50(self) -> float:
        return statistics.median(self.latencies_ms)

    @property
    def p95(self) -> float:
        return _percentile(self.latencies_ms, 95)

    @property
    def p99(self) -> float:
        return _percentile(self.latencies_ms, 99)


def payload(plan: Plan, rng: random.Random) -> dict:
    """One intake in the API's request shape. Most applicants are new; one in five is one of a thousand who
    come back (with the same details, so their record is not rewritten)."""
    person = rng.randrange(1000, 10**9) if rng.random() < 0.8 else rng.randrange(1000)
    return {
        "procedure_code": plan.procedure_code,
        "desk_id": plan.desk_id,
        "applicant": {
            "kind": "person",
            "name": f"{FAMILY[person % len(FAMILY)]} {GIVEN[person // 7 % len(GIVEN)]}",
            "identifier": f"045{person:09d}",
            "address": f"{person % 300 + 1} Hùng Vương, phường Đông Hà",
            "phone": f"09{person % 10**8:08d}",
            "email": "",
        },
        "channel": "in_person",
        "documents": [{"position": p} for p in plan.positions],
    }


# --- the clients --------------------------------------------------------------------------------------------


def login(client, *, username: str, password: str) -> str:
    """Log ``client`` in through the login form; the CSRF token to send with API writes."""
    page = client.get(LOGIN_PATH)
    page.raise_for_status()
    match = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.text)
    token = match.group(1) if match else client.cookies.get("csrftoken", "")
    response = client.post(
        LOGIN_PATH,
        data={"username": username, "password": password, "csrfmiddlewaretoken": token},
        headers={"Referer": f"{client.base_url}{LOGIN_PATH}"},
    )
    if "sessionid" not in client.cookies:
        raise RuntimeError(f"Đăng nhập {username} không thành công (HTTP {response.status_code}).")
    return client.cookies.get("csrftoken", token)


def post_intake(client, csrf: str, body: dict, key: str):
    return client.post(
        INTAKE_PATH,
        json=body,
        headers={"Idempotency-Key": key, "X-CSRFToken": csrf, "Referer": f"{client.base_url}/"},
    )


def run_clients(
    base_url: str,
    *,
    plan: Plan,
    intakes: int,
    clients: int,
    retry_share: float,
    username: str = DESK_OFFICER,
    password: str,
    seed: int = 5,
) -> Outcome:
    """``clients`` threads post ``intakes`` intakes between them (plus the retries); timed from the moment
    every client has logged in."""
    import httpx

    outcome = Outcome()
    sessions = []
    for _ in range(clients):
        client = httpx.Client(base_url=base_url, timeout=60)
        sessions.append((client, login(client, username=username, password=password)))
    counter = iter(range(intakes))
    lock = threading.Lock()
    start = threading.Barrier(clients + 1)

    def work(index: int) -> None:
        client, csrf = sessions[index]
        rng = random.Random(seed * 1000 + index)
        start.wait()
        while True:
            with lock:
                if next(counter, None) is None:
                    return
            key = str(uuid.UUID(int=rng.getrandbits(128)))
            body = payload(plan, rng)
            first = _timed(outcome, client, csrf, body, key)
            if first is None:
                continue
            outcome.codes_by_key[key] = first
            if rng.random() < retry_share:
                outcome.retries += 1
                again = _timed(outcome, client, csrf, body, key)
                if again != first:
                    outcome.retry_mismatches.append(f"{key}: {first} rồi {again}")

    threads = [threading.Thread(target=work, args=(i,), daemon=True) for i in range(clients)]
    for thread in threads:
        thread.start()
    start.wait()
    began = time.perf_counter()
    for thread in threads:
        thread.join()
    outcome.seconds = time.perf_counter() - began
    for client, _ in sessions:
        client.close()
    return outcome


def _timed(outcome: Outcome, client, csrf: str, body: dict, key: str) -> str | None:
    started = time.perf_counter()
    try:
        response = post_intake(client, csrf, body, key)
    except Exception as error:  # a timeout or a dropped connection is a failed intake, not a crash
        outcome.failures.append(f"{type(error).__name__}: {error}")
        return None
    outcome.latencies_ms.append((time.perf_counter() - started) * 1000)
    if response.status_code not in (200, 201):
        outcome.failures.append(f"HTTP {response.status_code}: {' '.join(response.text[:300].split())}")
        return None
    return response.json().get("code")


# --- checking -----------------------------------------------------------------------------------------------


def duplicates(outcome: Outcome) -> int:
    """Dossiers beyond one per idempotency key (0 when idempotency holds), and keys with no dossier.

    Stored keys carry their sender (``u12:<key>``, see ``services.scoped_idempotency_key``): the client's
    key is the part after the first colon.
    """
    from collections import Counter

    from tthc.dossiers.models import Dossier

    keys = set(outcome.codes_by_key)
    stored = Counter(
        key
        for key in (
            stored_key.split(":", 1)[-1]
            for stored_key in Dossier.objects.filter(idempotency_key__isnull=False)
            .values_list("idempotency_key", flat=True)
            .iterator(chunk_size=5000)
        )
        if key in keys
    )
    extra = sum(n - 1 for n in stored.values())
    missing = sum(1 for key in keys if key not in stored)
    return extra + missing


def intake_plan(*, today) -> Plan:
    """A procedure of a department that the demo desk receives in person (the province's service centre)."""
    from tthc.catalog.models import Channel, ProcedureVersion
    from tthc.dossiers.services import competent_candidates
    from tthc.organisation.models import Agency

    desk = Agency.objects.get(code=DESK_CODE)
    versions = (
        ProcedureVersion.objects.in_force(today)
        .filter(channels__channel=Channel.IN_PERSON, agency_parts__agency__kind=Agency.Kind.DEPARTMENT)
        .prefetch_related("documents")
        .select_related("procedure")
        .distinct()
        .order_by("procedure__code")
    )
    for version in versions:
        if len(competent_candidates(version)) == 1 and version.documents.all():
            positions = tuple(sorted({d.position for d in version.documents.all() if not d.case}))
            return Plan(procedure_code=version.procedure.code, desk_id=desk.pk, positions=positions)
    raise RuntimeError("Không có thủ tục cấp sở nào để đo tiếp nhận; hãy nạp dữ liệu mẫu (tthc demo load).")


# --- the server ---------------------------------------------------------------------------------------------


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def start_server(*, database_url: str, workers: int, log_path: Path) -> tuple[subprocess.Popen, str]:
    """gunicorn serving tthc on a free port against ``database_url``; waits until it answers."""
    import httpx

    port = free_port()
    env = {**os.environ, "DATABASE_URL": database_url, "DEBUG": "False"}
    gunicorn = Path(sys.executable).with_name("gunicorn")
    log = open(log_path, "w")  # noqa: SIM115 — closed with the process by stop_server
    process = subprocess.Popen(
        [
            str(gunicorn),
            "tthc.wsgi:application",
            f"--workers={workers}",
            f"--bind=127.0.0.1:{port}",
            "--worker-class=gthread",
            "--threads=1",
            "--log-level=warning",
        ],
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    process.log = log
    base_url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"gunicorn dừng khi khởi động; xem {log_path}")
        try:
            if httpx.get(f"{base_url}{LOGIN_PATH}", timeout=2).status_code == 200:
                return process, base_url
        except httpx.TransportError:
            pass
        time.sleep(0.3)
    stop_server(process)
    raise RuntimeError(f"gunicorn không trả lời sau 60 s; xem {log_path}")


def stop_server(process: subprocess.Popen) -> None:
    process.terminate()
    try:
        process.wait(timeout=20)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()
    process.log.close()


# --- profiling one intake -----------------------------------------------------------------------------------


def profile_intake(plan: Plan, *, username: str = DESK_OFFICER, repeat: int = 20) -> None:
    """Where one intake's time goes, in-process: the queries it runs and the functions it spends time in."""
    import cProfile
    import pstats

    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from tthc.organisation.models import User

    client = Client(enforce_csrf_checks=False)
    client.force_login(User.objects.get(username=username))
    rng = random.Random(99)

    def once():
        return client.post(
            INTAKE_PATH,
            payload(plan, rng),
            content_type="application/json",
            headers={"Idempotency-Key": str(uuid.uuid4())},
        )

    response = once()
    if response.status_code not in (200, 201):
        print(f"Tiếp nhận thử không thành công: HTTP {response.status_code} {response.content[:300]!r}")
        return
    with CaptureQueriesContext(connection) as queries:
        once()
    sql_ms = sum(float(q["time"]) * 1000 for q in queries.captured_queries)
    print(f"Một lần tiếp nhận: {len(queries.captured_queries)} truy vấn SQL ({sql_ms:.1f} ms trong CSDL):")
    for query in queries.captured_queries:
        print(f"  {float(query['time']) * 1000:6.2f} ms  {query['sql'][:150]}")
    profiler = cProfile.Profile()
    started = time.perf_counter()
    profiler.enable()
    for _ in range(repeat):
        once()
    profiler.disable()
    each = (time.perf_counter() - started) * 1000 / repeat
    print(
        f"Trung bình {each:.1f} ms một lần tiếp nhận (trong tiến trình, {repeat} lần); "
        "hàm tốn thời gian nhất:"
    )
    stats = pstats.Stats(profiler).sort_stats("cumulative")
    stats.print_stats(r"tthc/|psycopg/connection.py:\d+\(wait\)", 30)


# --- the command --------------------------------------------------------------------------------------------


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Đo thông lượng tiếp nhận hồ sơ qua HTTP.")
    parser.add_argument("--intakes", type=int, default=2000, help="số hồ sơ tiếp nhận (mặc định 2000)")
    parser.add_argument("--clients", type=int, default=8, help="số máy khách đồng thời (mặc định 8)")
    parser.add_argument("--workers", type=int, default=3, help="số tiến trình gunicorn (mặc định 3)")
    parser.add_argument(
        "--retry-share", type=float, default=0.1, help="tỷ lệ yêu cầu gửi lại cùng khóa (mặc định 0.1)"
    )
    parser.add_argument("--url", help="địa chỉ máy chủ đang chạy (không tự khởi động gunicorn)")
    parser.add_argument("--profile", action="store_true", help="chỉ phân tích một lần tiếp nhận")
    args = parser.parse_args(argv)
    if args.intakes < 1 or args.clients < 1 or args.workers < 1 or not 0 <= args.retry_share <= 1:
        parser.error("--intakes, --clients, --workers phải dương; --retry-share trong [0, 1]")

    from bench.dossier_lookup import setup_database

    print(f"Cơ sở dữ liệu đo: {setup_database()}")
    from django.conf import settings
    from django.utils import timezone

    from bench.catalog_search import _database_version
    from tthc.demo.services import DEMO_PASSWORD, load_demo

    load_demo(now=timezone.now())
    plan = intake_plan(today=timezone.localdate())
    print(f"Thủ tục {plan.procedure_code}, bộ phận một cửa {DESK_CODE}, CSDL {_database_version()}")
    if args.profile:
        profile_intake(plan)
        return 0

    server = None
    if args.url:
        base_url = args.url.rstrip("/")
    else:
        log_path = Path(settings.MEDIA_ROOT).parent / "bench-gunicorn.log"
        server, base_url = start_server(
            database_url=os.environ["DATABASE_URL"], workers=args.workers, log_path=log_path
        )
        print(f"gunicorn {args.workers} tiến trình tại {base_url} (nhật ký: {log_path})")
    try:
        outcome = run_clients(
            base_url,
            plan=plan,
            intakes=args.intakes,
            clients=args.clients,
            retry_share=args.retry_share,
            password=DEMO_PASSWORD,
        )
    finally:
        if server is not None:
            stop_server(server)

    doubled = duplicates(outcome)
    requests = len(outcome.latencies_ms)
    print(
        f"{outcome.created} hồ sơ mới, {outcome.retries} yêu cầu gửi lại cùng khóa, "
        f"{requests} yêu cầu trả lời, {len(outcome.failures)} lỗi · {args.clients} máy khách, "
        f"{outcome.seconds:.1f} s"
    )
    for failure in outcome.failures[:5]:
        print(f"  lỗi: {failure}")
    if requests:
        print(f"Độ trễ: p50 {outcome.p50:.1f} ms · p95 {outcome.p95:.1f} ms · p99 {outcome.p99:.1f} ms")
    verdict = "ĐẠT" if outcome.per_second >= TARGET_PER_SECOND else "KHÔNG ĐẠT"
    print(f"Thông lượng: {outcome.per_second:.1f} hồ sơ/s — mục tiêu ≥ {TARGET_PER_SECOND:.0f}: {verdict}")
    same = "đúng" if not outcome.retry_mismatches and doubled == 0 else "SAI"
    print(
        f"Gửi lại cùng khóa: {len(outcome.retry_mismatches)} trả hồ sơ khác, {doubled} hồ sơ thừa/thiếu "
        f"trong CSDL — tính lũy đẳng {same}"
    )
    return 0 if not outcome.failures and same == "đúng" else 1


if __name__ == "__main__":
    sys.exit(main())
