"""Benchmark: the citizen's public dossier lookup over an archive of 1,000,000 dossiers.

    python bench/dossier_lookup.py [--count 1000000] [--lookups 2000] [--keep]

Runs on the configured database kind, in a database of its own so a developer's data is never touched
(the same rule as ``bench/catalog_search.py``):

* SQLite (``DATABASE_URL`` unset or ``sqlite://``): the file ``var/bench.sqlite3``;
* PostgreSQL: ``BENCH_DATABASE_URL`` when set, else ``DATABASE_URL`` with ``_bench`` appended to the
  database name (created when missing). For example::

      DATABASE_URL=postgres://postgres@127.0.0.1:5432/tthc python bench/dossier_lookup.py
      # or name the database outright:
      BENCH_DATABASE_URL=postgres://postgres@127.0.0.1:5432/tthc_bench python bench/dossier_lookup.py

It migrates that database, loads the demo province when no procedure is in force there (``tthc demo load``),
generates ``--count`` dossiers in bulk (:mod:`bench.dossier_data`; ``--keep`` reuses them when there are
already that many, otherwise they are replaced), then times ``--lookups`` random lookups as a citizen makes
them — code and the key printed on the receipt (80 %), code and phone number (10 %), code and a wrong key
(10 %, refused) — first through the selector ``tthc.dossiers.selectors.public_lookup``, then through the
whole requests (URL routing, middleware, session, view, template) of the citizen page
``dossiers-public:lookup`` — the form posted, then the result page it redirects to, timed together — or the
API's lookup when that page does not exist. The requests are made in-process with Django's test client, each
lookup from another client address, because the page is rate-limited per address; no socket is involved.
It prints p50 / p95 / p99 in milliseconds and whether p99 meets the target (25 ms).
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

if __package__ in (None, ""):
    # Run as a script: make the project root importable so ``bench`` is a package like under pytest.
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.catalog_search import _create_postgres_database, _database_version, _percentile, bench_database_url

TARGET_P99_MS = 25.0
KEY, PHONE, WRONG = "mã tra cứu", "số điện thoại", "mã sai"


@dataclass(frozen=True)
class Lookup:
    kind: str
    code: str
    factor: str
    expected: bool


@dataclass
class Measurement:
    """Timings (milliseconds, in lookup order), and how many lookups gave the wrong answer."""

    what: str
    timings_ms: list[float] = field(default_factory=list)
    kinds: list[str] = field(default_factory=list)
    wrong: int = 0

    @property
    def p50(self) -> float:
        return statistics.median(self.timings_ms)

    @property
    def p95(self) -> float:
        return _percentile(self.timings_ms, 95)

    @property
    def p99(self) -> float:
        return _percentile(self.timings_ms, 99)

    @property
    def meets_target(self) -> bool:
        return self.p99 < TARGET_P99_MS

    def by_kind(self) -> dict[str, list[float]]:
        grouped: dict[str, list[float]] = {}
        for kind, elapsed in zip(self.kinds, self.timings_ms, strict=True):
            grouped.setdefault(kind, []).append(elapsed)
        return grouped


def build_lookups(probes, *, seed: int = 11) -> list[Lookup]:
    """The lookups citizens make: mostly with the receipt's key, some with the phone, some mistyped."""
    rng = random.Random(seed)
    lookups = []
    for probe in probes:
        roll = rng.random()
        if roll < 0.1 and probe.phone:
            # People type phone numbers with spaces; the lookup ignores them.
            spaced = f"{probe.phone[:4]} {probe.phone[4:7]} {probe.phone[7:]}"
            lookups.append(Lookup(PHONE, probe.code, spaced, True))
        elif roll < 0.2:
            wrong = "".join(sorted(probe.lookup_key)) + "Z"
            lookups.append(Lookup(WRONG, probe.code, wrong, False))
        else:
            lookups.append(Lookup(KEY, probe.code, probe.lookup_key.lower(), True))
    return lookups


def selector_lookup(lookup: Lookup) -> bool:
    """One lookup through the selector; whether a dossier was found."""
    from tthc.core.errors import NotFound
    from tthc.dossiers.selectors import public_lookup

    try:
        dossier = public_lookup(code=lookup.code, second_factor=lookup.factor)
    except NotFound:
        return False
    # What the page shows of the dossier itself.
    _shown = (dossier.code, dossier.version.name, dossier.receiving_desk.name, dossier.competent_agency.name)
    return dossier.code == lookup.code


def measure(
    lookups: list[Lookup],
    run: Callable[[Lookup], bool],
    *,
    what: str,
    warmup: int = 10,
    progress: bool = True,
) -> Measurement:
    """Time ``run`` on each lookup (after ``warmup`` untimed ones that open the connection and caches)."""
    from tqdm import tqdm

    for lookup in lookups[:warmup]:
        run(lookup)
    result = Measurement(what=what)
    for lookup in tqdm(lookups, desc=f"Đo {what}", unit=" lần", disable=not progress):
        started = time.perf_counter()
        found = run(lookup)
        result.timings_ms.append((time.perf_counter() - started) * 1000)
        result.kinds.append(lookup.kind)
        if found != lookup.expected:
            result.wrong += 1
    return result


# --- through the whole request ------------------------------------------------------------------------------


def request_runner() -> tuple[str, Callable[[Lookup], bool]] | None:
    """How to look a dossier up through a request, by what the project has: the citizen page, else the API's
    lookup; None when neither exists yet. Returns a description and a function of one lookup."""
    from django.test import Client
    from django.urls import NoReverseMatch, reverse

    client = Client()
    addresses = _addresses()
    try:
        url = reverse("dossiers-public:lookup")
    except NoReverseMatch:
        url = None
    if url is not None:
        result_url = reverse("dossiers-public:result")

        def page(lookup: Lookup) -> bool:
            # The citizen's two requests: the form posted, then the result page it redirects to.
            client.cookies.clear()
            address = next(addresses)
            response = client.post(url, {"code": lookup.code, "factor": lookup.factor}, REMOTE_ADDR=address)
            if response.status_code != 302 or response.url != result_url:
                return False
            shown = client.get(result_url, REMOTE_ADDR=address)
            return shown.status_code == 200 and lookup.code in shown.content.decode()

        return f"trang tra cứu {url} (gửi mẫu + trang kết quả)", page
    try:
        url = reverse("api:dossiers-lookup")
    except NoReverseMatch:
        return None

    def api(lookup: Lookup) -> bool:
        response = client.post(
            url,
            {"code": lookup.code, "second_factor": lookup.factor},
            content_type="application/json",
            REMOTE_ADDR=next(addresses),
        )
        return response.status_code == 200 and response.json().get("code") == lookup.code

    return f"API {url}", api


def _addresses():
    """Client addresses, one per request (the lookup is rate-limited per address)."""
    n = 0
    while True:
        n += 1
        yield f"10.{(n >> 16) & 255}.{(n >> 8) & 255}.{n & 255}"


# --- the command ------------------------------------------------------------------------------------------


def setup_database() -> str:
    """Point Django at the benchmark's own database, migrate it; the URL shown (without a password)."""
    var_dir = Path(os.environ.get("TTHC_VAR_DIR", Path.cwd() / "var")).resolve()
    var_dir.mkdir(parents=True, exist_ok=True)
    url = bench_database_url(dict(os.environ), var_dir=var_dir)
    if url.startswith(("postgres", "pgsql")):
        _create_postgres_database(url)
    # Settings read DATABASE_URL once, at django.setup(): point it at the bench database before that.
    os.environ["DATABASE_URL"] = url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tthc.settings")
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0, interactive=False)
    parts = urlsplit(url)
    return parts._replace(netloc=f"{parts.hostname}:{parts.port or 5432}").geturl() if parts.hostname else url


def ensure_demo_province() -> None:
    """Load the demo province (agencies, users, procedures) unless procedures are in force already."""
    from django.utils import timezone

    from bench.dossier_data import targets
    from tthc.demo.services import load_demo

    if not targets(on=timezone.localdate(), limit=1):
        print("Nạp dữ liệu mẫu tỉnh (tthc demo load)…")
        load_demo(now=timezone.now(), progress=True)


def report(result: Measurement) -> None:
    print(f"{result.what}: {len(result.timings_ms)} lần tra cứu, {result.wrong} kết quả sai")
    for kind, timings in sorted(result.by_kind().items()):
        p50, p99 = statistics.median(timings), _percentile(timings, 99)
        print(f"  {kind:<14} {len(timings):5d} lần · p50 {p50:6.2f} ms · p99 {p99:6.2f} ms")
    verdict = "ĐẠT" if result.meets_target else "KHÔNG ĐẠT"
    print(
        f"  p50 = {result.p50:.2f} ms · p95 = {result.p95:.2f} ms · p99 = {result.p99:.2f} ms · "
        f"max = {max(result.timings_ms):.2f} ms — mục tiêu p99 < {TARGET_P99_MS:.0f} ms: {verdict}"
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Đo thời gian tra cứu hồ sơ công khai trên 1 triệu hồ sơ.")
    parser.add_argument("--count", type=int, default=1_000_000, help="số hồ sơ (mặc định 1000000)")
    parser.add_argument("--lookups", type=int, default=2000, help="số lần tra cứu đo (mặc định 2000)")
    parser.add_argument("--keep", action="store_true", help="dùng lại hồ sơ đã tạo nếu đủ số lượng")
    args = parser.parse_args(argv)
    if args.count < 1 or args.lookups < 1:
        parser.error("--count và --lookups phải là số nguyên dương")

    print(f"Cơ sở dữ liệu đo: {setup_database()}")
    from bench.dossier_data import generate, probes

    ensure_demo_province()
    archive = generate(args.count, keep=args.keep)
    how = "tạo mới" if archive.created else "dùng lại"
    print(f"Hồ sơ: {archive.count} ({how}, {archive.seconds:.1f} s) · CSDL: {_database_version()}")

    lookups = build_lookups(probes(args.lookups))
    results = [measure(lookups, selector_lookup, what="selector public_lookup")]
    runner = request_runner()
    if runner is None:
        print("Chưa có trang tra cứu (dossiers-public:lookup) hay API tra cứu: chỉ đo selector.")
    else:
        what, run = runner
        results.append(measure(lookups, run, what=f"yêu cầu đầy đủ qua {what}"))
    for result in results:
        report(result)
    return 0 if all(r.wrong == 0 for r in results) else 1


if __name__ == "__main__":
    sys.exit(main())
