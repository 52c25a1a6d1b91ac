"""Benchmark: catalog search latency over 10,000 procedures, as the public portal runs it.

    python bench/catalog_search.py [--size 10000] [--queries 300]     (or: make bench)

Runs on the configured database kind, in a database of its own so a developer's data is never touched:

* SQLite (``DATABASE_URL`` unset or ``sqlite://``): the file ``var/bench.sqlite3``;
* PostgreSQL: ``BENCH_DATABASE_URL`` when set, else ``DATABASE_URL`` with ``_bench`` appended to the
  database name (created when missing).

It migrates that database, generates the catalog (:mod:`bench.catalog_data`, reused on later runs), then times
``search_page``, the selector of the portal's list page — the first page of 25 rows with everything a row
shows, plus the total count — for a mix of folded words, accented phrases, code prefixes and
field, agency and level filters. It prints p50 / p95 / max in milliseconds and whether p95 meets the target.
"""

from __future__ import annotations

import argparse
import datetime
import os
import random
import statistics
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

if __package__ in (None, ""):
    # Run as a script: make the project root importable so ``bench`` is a package like under pytest.
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

TARGET_P95_MS = 30.0
PAGE_SIZE = 25

FOLDED_WORDS = [
    "khai sinh",
    "ket hon",
    "giay phep xay dung",
    "chung thuc",
    "dat dai",
    "ho kinh doanh",
    "duoc",
]
ACCENTED = [
    "Đăng ký kết hôn",
    "Cấp giấy phép xây dựng",
    "Chứng thực chữ ký",
    "Gia hạn giấy phép lao động",
    "ĐĂNG KÝ KHAI TỬ",
    "Sở Tư pháp",
]
LEVELS = ["province", "commune"]


@dataclass
class Measurement:
    """Timings of the queries (milliseconds, in query order) and the result count of each."""

    vendor: str
    timings_ms: list[float] = field(default_factory=list)
    counts: list[int] = field(default_factory=list)

    @property
    def p50(self) -> float:
        return statistics.median(self.timings_ms)

    @property
    def p95(self) -> float:
        return _percentile(self.timings_ms, 95)

    @property
    def max(self) -> float:
        return max(self.timings_ms)

    @property
    def meets_target(self) -> bool:
        return self.p95 < TARGET_P95_MS


def _percentile(values: list[float], pct: float) -> float:
    """Nearest-rank percentile: the smallest value with at least ``pct``% of the values at or below it."""
    ordered = sorted(values)
    rank = max(1, -(-len(ordered) * pct // 100))  # ceil without floats
    return ordered[int(rank) - 1]


def build_queries(
    count: int, *, field_codes: list[str], agency_ids: list[int], codes: list[str], seed: int = 7
):
    """``count`` keyword sets for ``search_page``, cycling through the kinds of search people make."""
    rng = random.Random(seed)
    kinds = [
        lambda: {"query": rng.choice(FOLDED_WORDS)},
        lambda: {"query": rng.choice(ACCENTED)},
        lambda: {"query": rng.choice(codes)[: rng.choice([4, 5, 6])]},
        lambda: {"field_code": rng.choice(field_codes)},
        lambda: {"agency_id": rng.choice(agency_ids)},
        lambda: {"level": rng.choice(LEVELS)},
        lambda: {"query": rng.choice(FOLDED_WORDS), "level": rng.choice(LEVELS)},
        lambda: {"query": rng.choice(ACCENTED), "field_code": rng.choice(field_codes)},
        lambda: {},
    ]
    return [kinds[i % len(kinds)]() for i in range(count)]


KIND_LABELS = {
    "query": "từ khóa",
    "field_code": "lĩnh vực",
    "agency_id": "cơ quan",
    "level": "cấp",
    "online_level": "mức độ trực tuyến",
}


def kind_of(kwargs: dict) -> str:
    """A short Vietnamese label of what a query filters on (``"từ khóa + cấp"``), for the per-kind table."""
    return " + ".join(KIND_LABELS[key] for key in kwargs) or "không lọc"


def run_query(kwargs: dict, *, on: datetime.date) -> int:
    """One search as the portal's list page runs it: the first page of rows as displayed, and the total."""
    from tthc.catalog.selectors import search_page

    page = search_page(**kwargs, on=on, page=1, per_page=PAGE_SIZE)
    for row in page.object_list:
        # Worded for display already: reading what a row shows fetches nothing more.
        _shown = (row.code, row.name, row.fields, row.levels, row.agencies, row.time_limits, row.fees)
    return page.paginator.count


def measure(queries: list[dict], *, on: datetime.date, warmup: int = 5, progress: bool = True) -> Measurement:
    """Time each query in ``queries`` (after ``warmup`` untimed ones that open the connection and caches)."""
    from django.db import connection
    from tqdm import tqdm

    for kwargs in queries[:warmup]:
        run_query(kwargs, on=on)
    result = Measurement(vendor=connection.vendor)
    for kwargs in tqdm(queries, desc="Đo tìm kiếm", unit="truy vấn", disable=not progress):
        started = time.perf_counter()
        count = run_query(kwargs, on=on)
        result.timings_ms.append((time.perf_counter() - started) * 1000)
        result.counts.append(count)
    return result


def bench_database_url(environ: dict[str, str], *, var_dir: Path) -> str:
    """The URL of the benchmark's own database, derived from the configured one (see the module docstring)."""
    if environ.get("BENCH_DATABASE_URL"):
        return environ["BENCH_DATABASE_URL"]
    configured = environ.get("DATABASE_URL", "")
    if not configured or configured.startswith("sqlite"):
        return f"sqlite:///{var_dir / 'bench.sqlite3'}"
    parts = urlsplit(configured)
    name = parts.path.lstrip("/") or "tthc"
    return urlunsplit(parts._replace(path=f"/{name}_bench"))


def _create_postgres_database(url: str) -> None:
    """Create the database named in ``url`` when missing, through the server's ``postgres`` database."""
    import environ
    import psycopg
    from psycopg import sql

    config = environ.Env.db_url_config(url)
    with psycopg.connect(
        dbname="postgres",
        user=config.get("USER") or None,
        password=config.get("PASSWORD") or None,
        host=config.get("HOST") or None,
        port=config.get("PORT") or None,
        autocommit=True,
    ) as admin:
        exists = admin.execute("SELECT 1 FROM pg_database WHERE datname = %s", [config["NAME"]]).fetchone()
        if not exists:
            admin.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(config["NAME"])))


def _database_version() -> str:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SELECT sqlite_version()" if connection.vendor == "sqlite" else "SHOW server_version")
        return f"{connection.vendor} {cursor.fetchone()[0]}"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Đo thời gian tìm kiếm danh mục thủ tục hành chính.")
    parser.add_argument("--size", type=int, default=10_000, help="số thủ tục (mặc định 10000)")
    parser.add_argument("--queries", type=int, default=300, help="số truy vấn đo (mặc định 300)")
    args = parser.parse_args(argv)
    if args.size < 1 or args.queries < 1:
        parser.error("--size và --queries phải là số nguyên dương")

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
    from django.db import connection
    from django.utils import timezone

    from bench.catalog_data import generate

    parts = urlsplit(url)
    # Show where the data goes, without the password.
    safe_url = (
        parts._replace(netloc=f"{parts.hostname}:{parts.port or 5432}").geturl() if parts.hostname else url
    )
    print(f"Cơ sở dữ liệu đo: {safe_url}")
    call_command("migrate", verbosity=0, interactive=False)
    started = time.perf_counter()
    catalog = generate(args.size)
    if connection.vendor == "postgresql":
        # Autovacuum soon vacuums and analyses tables freshly loaded (or rewritten by a migration): without it
        # the planner would lack statistics, index-only scans would visit the table, and the bench would time
        # a state no production database stays in for long.
        with connection.cursor() as cursor:
            cursor.execute("VACUUM ANALYZE")
    how = "tạo mới" if catalog.created else "dùng lại"
    elapsed = time.perf_counter() - started
    print(f"Danh mục: {catalog.procedures} thủ tục đang có hiệu lực ({how}, {elapsed:.1f} s)")

    queries = build_queries(
        args.queries, field_codes=catalog.field_codes, agency_ids=catalog.agency_ids, codes=catalog.codes
    )
    result = measure(queries, on=timezone.localdate())
    timed = len(result.timings_ms)
    print(f"CSDL: {_database_version()} · {timed} truy vấn (trang đầu {PAGE_SIZE} dòng + tổng số)")
    by_kind: dict[str, list[float]] = {}
    for kwargs, elapsed in zip(queries, result.timings_ms, strict=True):
        by_kind.setdefault(kind_of(kwargs), []).append(elapsed)
    for kind, timings in sorted(by_kind.items()):
        p50, p95 = statistics.median(timings), _percentile(timings, 95)
        print(f"  {kind:<20} p50 {p50:6.1f} ms · p95 {p95:6.1f} ms")
    verdict = "ĐẠT" if result.meets_target else "KHÔNG ĐẠT"
    print(f"p50 = {result.p50:.1f} ms · p95 = {result.p95:.1f} ms · max = {result.max:.1f} ms")
    print(f"Mục tiêu p95 < {TARGET_P95_MS:.0f} ms: {verdict}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
