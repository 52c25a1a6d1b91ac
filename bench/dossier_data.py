"""Generating a large archive of dossiers in bulk for the public-lookup benchmark.

:func:`generate` writes ``n`` dossiers of the procedures in force (received at the one-stop desks that would
receive them, over two years ending 90 days before today), each with one event (its receipt), for a pool of
reused applicants (one for every 20 dossiers). The lookup needs what the application writes for it — the
code in the real format (``<desk code>-YYMMDD-XXXX``, numbered per desk and day), the printed lookup key, the
applicant's phone — and the rest is plausible rather than exact: statuses mostly finished (an archive), due
instants a few days after receipt (calendar arithmetic is not what this benchmark measures).

Writing: on PostgreSQL with ``COPY … FROM STDIN`` (ids drawn from the tables' sequences first, so events can
point at their dossiers), elsewhere with ``bulk_create``; in batches of 10,000 with a tqdm progress bar. One
million dossiers take a few minutes on a 2-core machine.

The bench rows are marked — dossiers by their note (:data:`BENCH_NOTE`), applicants by the identifier prefix
:data:`APPLICANT_PREFIX` — so :func:`purge` removes exactly them, and the day counters of the codes are set,
so a dossier later received on one of those days at one of those desks would continue the numbering.
"""

from __future__ import annotations

import datetime
import random
import time
from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal

from django.db import connection, transaction
from django.db.models import Max, Min
from django.utils import timezone
from tqdm import tqdm

from tthc.catalog.models import Channel, ProcedureVersion
from tthc.core.errors import DomainError
from tthc.core.timezone import VIETNAM
from tthc.dossiers.codes import LOOKUP_ALPHABET, LOOKUP_KEY_LENGTH
from tthc.dossiers.models import Applicant, Counter, Dossier, DossierEvent, Status
from tthc.dossiers.services import competent_candidates, online_desk

BENCH_NOTE = "Dữ liệu đo hiệu năng (bench/dossier_data.py)"
APPLICANT_PREFIX = "999"
DOSSIERS_PER_APPLICANT = 20
# Days of the archive, and how long before today it ends (so no later intake shares a code's day counter).
ARCHIVE_DAYS = 730
ARCHIVE_GAP_DAYS = 90
MAX_TARGETS = 40

FAMILY = ["Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Huỳnh", "Phan", "Vũ", "Võ", "Đặng", "Bùi", "Đỗ", "Hồ"]
MIDDLE = ["Văn", "Thị", "Hữu", "Minh", "Ngọc", "Thanh", "Quốc", "Đức", "Thu", "Xuân"]
GIVEN = [
    "An",
    "Bình",
    "Châu",
    "Dũng",
    "Hà",
    "Hải",
    "Hạnh",
    "Hùng",
    "Lan",
    "Long",
    "Mai",
    "Nam",
    "Nga",
    "Phúc",
]
STREETS = ["Lê Lợi", "Hùng Vương", "Trần Hưng Đạo", "Quang Trung", "Nguyễn Huệ", "Lý Thường Kiệt"]
# An archive: most dossiers were returned long ago; a few are still somewhere in the process.
STATUSES = [
    (Status.RETURNED, 80),
    (Status.RESULT_READY, 4),
    (Status.PROCESSING, 4),
    (Status.AWAITING_SUPPLEMENT, 2),
    (Status.GUIDED, 4),
    (Status.REFUSED_AT_INTAKE, 1),
    (Status.WITHDRAWN, 2),
    (Status.STOPPED, 1),
    (Status.FORWARDED, 2),
]
FINISHED = {Status.RETURNED, Status.RESULT_READY, Status.GUIDED, Status.REFUSED_AT_INTAKE}


@dataclass(frozen=True)
class Target:
    """A procedure in force, the desk that receives it and its competent agency."""

    procedure_id: int
    version_id: int
    desk_id: int
    desk_code: str
    agency_id: int
    processing_time: Decimal
    time_unit: str
    fee: int


@dataclass(frozen=True)
class BenchDossiers:
    count: int
    created: bool
    seconds: float


@dataclass(frozen=True)
class Probe:
    """What a citizen types into the lookup: the code and the key on the receipt, or the phone number."""

    code: str
    lookup_key: str
    phone: str


def targets(*, on: datetime.date, limit: int = MAX_TARGETS) -> list[Target]:
    """Up to ``limit`` procedures in force with an in-person channel, each with its desk and agency."""
    versions = (
        ProcedureVersion.objects.in_force(on)
        .prefetch_related("channels")
        .order_by("procedure__code")[: limit * 3]
    )
    found = []
    for version in versions:
        option = next((o for o in version.channels.all() if o.channel == Channel.IN_PERSON), None)
        candidates = competent_candidates(version)
        if option is None or not candidates:
            continue
        agency = candidates[0]
        desk = online_desk(agency)
        found.append(
            Target(
                procedure_id=version.procedure_id,
                version_id=version.pk,
                desk_id=desk.pk,
                desk_code=desk.code,
                agency_id=agency.pk,
                processing_time=option.processing_time,
                time_unit=option.time_unit,
                fee=int(option.fee or 0),
            )
        )
        if len(found) == limit:
            break
    return found


def bench_dossiers():
    return Dossier.objects.filter(note=BENCH_NOTE)


def existing_count() -> int:
    return bench_dossiers().count()


def purge() -> None:
    """Delete the bench dossiers (with their events, steps and documents) and bench applicants."""
    tables = {model: connection.ops.quote_name(model._meta.db_table) for model in (Dossier, Applicant)}
    dossiers = tables[Dossier]
    with transaction.atomic(), connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            # Dossier events are append-only (a trigger refuses DELETE); this purge of the bench's own
            # synthetic rows is the one exception, for this transaction only.
            cursor.execute("SET LOCAL tthc.purge_events = 'on'")
        for related in Dossier._meta.related_objects:
            if related.one_to_many and related.related_model._meta.app_label == "dossiers":
                table = connection.ops.quote_name(related.related_model._meta.db_table)
                column = connection.ops.quote_name(related.field.column)
                cursor.execute(
                    f"DELETE FROM {table} WHERE {column} IN (SELECT id FROM {dossiers} WHERE note = %s)",
                    [BENCH_NOTE],
                )
        cursor.execute(f"DELETE FROM {dossiers} WHERE note = %s", [BENCH_NOTE])
        cursor.execute(
            f"DELETE FROM {tables[Applicant]} WHERE identifier LIKE %s "
            f"AND NOT EXISTS (SELECT 1 FROM {dossiers} d WHERE d.applicant_id = {tables[Applicant]}.id)",
            [f"{APPLICANT_PREFIX}%"],
        )


def generate(
    n: int,
    *,
    keep: bool = False,
    seed: int = 2026,
    progress: bool = True,
    batch_size: int = 10_000,
    today: datetime.date | None = None,
) -> BenchDossiers:
    """Make the database hold ``n`` bench dossiers: reused when ``keep`` and there are already ``n``,
    otherwise the earlier ones are purged and ``n`` new ones written."""
    started = time.perf_counter()
    if keep:
        existing = existing_count()
        if existing == n:
            return BenchDossiers(count=n, created=False, seconds=time.perf_counter() - started)
    today = today or timezone.localdate()
    found = targets(on=today)
    if not found:
        raise DomainError(
            "Chưa có thủ tục nào đang có hiệu lực để tạo hồ sơ đo hiệu năng; hãy nạp dữ liệu mẫu "
            "(tthc demo load)."
        )
    desks = {t.desk_code for t in found}
    if n > len(desks) * ARCHIVE_DAYS * 9999:
        raise DomainError(f"Không đủ số thứ tự trong ngày cho {n} hồ sơ ở {len(desks)} bộ phận một cửa.")
    rng = random.Random(seed)
    end = today - datetime.timedelta(days=ARCHIVE_GAP_DAYS)
    first_day = end - datetime.timedelta(days=ARCHIVE_DAYS - 1)
    purge()
    with transaction.atomic():
        applicant_ids = _write_applicants(max(1, n // DOSSIERS_PER_APPLICANT), rng=rng, batch_size=batch_size)
        sequences: dict[tuple[str, datetime.date], int] = defaultdict(int)
        registers: dict[tuple[str, int], int] = defaultdict(int)
        bar = tqdm(total=n, desc="Tạo hồ sơ", unit=" hồ sơ", unit_scale=True, disable=not progress)
        for start in range(0, n, batch_size):
            size = min(batch_size, n - start)
            rows = [
                _dossier_row(
                    rng,
                    target=rng.choice(found),
                    day=first_day + datetime.timedelta(days=rng.randrange(ARCHIVE_DAYS)),
                    applicant_id=rng.choice(applicant_ids),
                    sequences=sequences,
                    registers=registers,
                )
                for _ in range(size)
            ]
            ids = _insert(Dossier, rows)
            _insert(
                DossierEvent, [_event_row(row, dossier_id) for row, dossier_id in zip(rows, ids, strict=True)]
            )
            bar.update(size)
        bar.close()
        _set_counters(sequences, registers)
    if connection.vendor == "postgresql":
        # A freshly loaded table has no planner statistics until autovacuum comes round: give them now
        # (VACUUM only outside a transaction, as under the tests; ANALYZE runs in either).
        command = "ANALYZE" if connection.in_atomic_block else "VACUUM ANALYZE"
        with connection.cursor() as cursor:
            for model in (Applicant, Dossier, DossierEvent):
                cursor.execute(f"{command} {connection.ops.quote_name(model._meta.db_table)}")
    return BenchDossiers(count=n, created=True, seconds=time.perf_counter() - started)


def probes(k: int, *, seed: int = 7) -> list[Probe]:
    """``k`` bench dossiers chosen at random (by id, one query), as a citizen would look them up."""
    bounds = bench_dossiers().aggregate(low=Min("id"), high=Max("id"))
    if bounds["low"] is None:
        return []
    rng = random.Random(seed)
    wanted = {rng.randint(bounds["low"], bounds["high"]) for _ in range(k * 2)}
    rows = list(
        bench_dossiers()
        .filter(pk__in=wanted)
        .values_list("code", "lookup_key", "applicant__phone")
        .order_by("id")
    )
    rng.shuffle(rows)
    return [Probe(code=code, lookup_key=key, phone=phone) for code, key, phone in rows[:k]]


# --- rows ---------------------------------------------------------------------------------------------------


def _local(day: datetime.date, minutes: int) -> datetime.datetime:
    return datetime.datetime.combine(day, datetime.time(7, 30), tzinfo=VIETNAM) + datetime.timedelta(
        minutes=minutes
    )


def _dossier_row(rng: random.Random, *, target: Target, day, applicant_id, sequences, registers) -> dict:
    key = (target.desk_code, day)
    sequences[key] += 1
    code = f"{target.desk_code}-{day:%y%m%d}-{sequences[key]:04d}"
    status = rng.choices([s for s, _ in STATUSES], weights=[w for _, w in STATUSES])[0]
    received_at = _local(day, rng.randrange(9 * 60))
    days = int(target.processing_time) if target.time_unit != "working_hours" else 1
    due_at = received_at + datetime.timedelta(days=max(1, round(days * 1.4)))
    finished_at = returned_at = None
    result = ""
    if status in FINISHED:
        finished_at = received_at + datetime.timedelta(days=rng.uniform(0.1, 1.2) * max(1, days))
        if status not in (Status.GUIDED, Status.REFUSED_AT_INTAKE):
            result = "approved"
    if status == Status.RETURNED:
        returned_at = finished_at + datetime.timedelta(days=rng.uniform(0, 3))
    registered = status not in (Status.GUIDED, Status.REFUSED_AT_INTAKE)
    register_number = None
    if registered:
        registers[(target.desk_code, day.year)] += 1
        register_number = registers[(target.desk_code, day.year)]
    return {
        "code": code,
        "procedure_id": target.procedure_id,
        "version_id": target.version_id,
        "applicant_id": applicant_id,
        "channel": Channel.IN_PERSON.value,
        "case": "",
        "receiving_desk_id": target.desk_id,
        "competent_agency_id": target.agency_id,
        "status": str(status),
        "result": result,
        "rules": {},
        "processing_time": target.processing_time,
        "time_unit": target.time_unit,
        "received_at": received_at,
        "received_by_id": None,
        "forwarded_at": received_at if registered else None,
        "due_at": due_at if registered else None,
        "original_due_at": due_at if registered else None,
        "paused_at": received_at + datetime.timedelta(days=1)
        if status == Status.AWAITING_SUPPLEMENT
        else None,
        "finished_at": finished_at,
        "returned_at": returned_at,
        "return_method": Channel.IN_PERSON.value if returned_at else "",
        "reschedules": 0,
        "assignee_id": None,
        "current_step": None,
        "late_marked_at": None,
        "warn_at": None,
        "warned_at": None,
        "apology_proposed_at": None,
        "fee": target.fee,
        "register_year": day.year if registered else None,
        "register_number": register_number,
        "lookup_key": "".join(rng.choice(LOOKUP_ALPHABET) for _ in range(LOOKUP_KEY_LENGTH)),
        "idempotency_key": None,
        "note": BENCH_NOTE,
    }


def _event_row(dossier: dict, dossier_id: int) -> dict:
    outcome = (
        dossier["status"] if dossier["status"] in (Status.GUIDED, Status.REFUSED_AT_INTAKE) else "received"
    )
    return {
        "dossier_id": dossier_id,
        "action": {"guided": "guide", "refused_at_intake": "refuse_intake"}.get(outcome, "receive"),
        "from_status": "",
        "to_status": outcome,
        "actor_id": None,
        "actor_name": "Bộ phận một cửa",
        "at": dossier["received_at"],
        "from_agency_id": None,
        "to_agency_id": dossier["receiving_desk_id"],
        "given_at": None,
        "taken_at": dossier["received_at"],
        "result": Status(outcome).label,
        "note": "",
        "data": {},
    }


def _write_applicants(count: int, *, rng: random.Random, batch_size: int) -> list[int]:
    rows = []
    for i in range(count):
        name = f"{rng.choice(FAMILY)} {rng.choice(MIDDLE)} {rng.choice(GIVEN)}"
        rows.append(
            {
                "kind": "person",
                "name": name,
                "identifier": f"{APPLICANT_PREFIX}{i:09d}",
                "address": f"{rng.randint(1, 300)} {rng.choice(STREETS)}, tỉnh Quảng Trị",
                "phone": f"09{rng.randrange(10**8):08d}",
                "email": "",
                "user_id": None,
            }
        )
    ids = []
    for start in range(0, len(rows), batch_size):
        ids += _insert(Applicant, rows[start : start + batch_size])
    return ids


def _set_counters(sequences, registers) -> None:
    counters = [Counter(key=f"dossier:{desk}:{day:%Y%m%d}", value=v) for (desk, day), v in sequences.items()]
    counters += [Counter(key=f"register:{desk}:{year}", value=v) for (desk, year), v in registers.items()]
    Counter.objects.bulk_create(
        counters, batch_size=5000, update_conflicts=True, unique_fields=["key"], update_fields=["value"]
    )


# --- writing ------------------------------------------------------------------------------------------------


def _insert(model, rows: list[dict]) -> list[int]:
    """Insert ``rows`` (attribute name → value, without ``id``); the new ids in row order."""
    if not rows:
        return []
    if connection.vendor == "postgresql":
        return _copy(model, rows)
    objects = model.objects.bulk_create([model(**row) for row in rows])
    return [obj.pk for obj in objects]


def _copy(model, rows: list[dict]) -> list[int]:
    from psycopg.types.json import Jsonb

    table = connection.ops.quote_name(model._meta.db_table)
    fields = [f for f in model._meta.concrete_fields if not f.primary_key]
    json_columns = {f.attname for f in fields if f.get_internal_type() == "JSONField"}
    columns = ", ".join(["id", *(connection.ops.quote_name(f.column) for f in fields)])
    attnames = [f.attname for f in fields]
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT nextval(pg_get_serial_sequence(%s, 'id')) FROM generate_series(1, %s)",
            [model._meta.db_table, len(rows)],
        )
        ids = [row[0] for row in cursor.fetchall()]
        with cursor.cursor.copy(f"COPY {table} ({columns}) FROM STDIN") as copy:
            for pk, row in zip(ids, rows, strict=True):
                copy.write_row([pk, *(Jsonb(row[a]) if a in json_columns else row[a] for a in attnames)])
    return ids
