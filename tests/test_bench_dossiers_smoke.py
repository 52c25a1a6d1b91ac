"""The dossier benchmarks' code runs: tiny archives are generated and looked up, and a few intakes are
posted to a live server, inside the test database.

``bench/dossier_lookup.py`` and ``bench/dossier_intake.py`` run rarely; these tests keep their generator,
measurements and HTTP client from rotting in between.
"""

import re

import pytest
from bench.dossier_data import BENCH_NOTE, existing_count, generate, probes
from bench.dossier_intake import Plan, duplicates, payload, run_clients
from bench.dossier_lookup import KEY, PHONE, WRONG, build_lookups, measure, request_runner, selector_lookup

from tthc.dossiers.models import Applicant, Counter, Dossier, DossierEvent

CODE = re.compile(r"^\d{3}\.\d{2}\.\d{2}\.H99-\d{6}-\d{4}$")


@pytest.mark.django_db
def test_bench_archive_is_generated_once_reused_and_replaced(one_stop):
    first = generate(200, progress=False, batch_size=64)
    again = generate(200, keep=True, progress=False)
    other = generate(120, keep=True, progress=False, batch_size=50)

    assert first.created and not again.created and other.created
    assert existing_count() == 120 == Dossier.objects.count()
    assert DossierEvent.objects.count() == 120, "one receipt event per dossier"
    codes = list(Dossier.objects.values_list("code", flat=True))
    assert len(set(codes)) == 120 and all(CODE.match(code) for code in codes)
    assert Applicant.objects.count() == 120 // 20
    # The day counters continue after the archive's numbers, so a later intake never reuses a code.
    code = max(codes)
    desk, day, number = code.rsplit("-", 2)
    key = f"dossier:{desk}:20{day}"
    assert Counter.objects.get(key=key).value >= int(number)


@pytest.mark.django_db
def test_bench_lookups_find_each_dossier_and_refuse_a_wrong_key(one_stop):
    generate(200, progress=False)
    lookups = build_lookups(probes(60))

    result = measure(lookups, selector_lookup, what="selector", warmup=2, progress=False)

    assert len(lookups) == len(result.timings_ms) >= 40
    assert result.wrong == 0
    assert {KEY, WRONG} <= set(result.kinds)
    assert result.p50 <= result.p95 <= result.p99
    assert Dossier.objects.filter(note=BENCH_NOTE).count() == 200


@pytest.mark.django_db
def test_bench_lookup_through_the_citizen_page_finds_the_same_dossiers(one_stop):
    generate(100, progress=False)
    lookups = build_lookups(probes(30), seed=3)
    runner = request_runner()
    assert runner is not None, "the citizen's lookup page exists"
    what, run = runner

    result = measure(lookups, run, what=what, warmup=0, progress=False)

    assert result.wrong == 0
    assert len(result.timings_ms) == len(lookups)
    assert PHONE in set(result.kinds) or len(lookups) < 30


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_bench_intake_client_posts_over_http_and_a_retry_never_makes_a_second_dossier(one_stop, live_server):
    plan = Plan(procedure_code=one_stop.procedure_code, desk_id=one_stop.centre.pk, positions=(0, 1))

    outcome = run_clients(
        live_server.url,
        plan=plan,
        intakes=6,
        clients=2,
        retry_share=0.5,
        username="desk_centre",
        password="mat-khau-thu-nghiem",
    )

    assert outcome.failures == []
    assert outcome.created == 6 == Dossier.objects.count()
    assert outcome.retries >= 1
    assert outcome.retry_mismatches == []
    assert duplicates(outcome) == 0
    assert len(outcome.latencies_ms) == 6 + outcome.retries


def test_bench_intake_payload_has_the_api_shape():
    import random

    body = payload(Plan(procedure_code="1.000001", desk_id=7, positions=(0, 2)), random.Random(1))

    assert set(body) == {"procedure_code", "desk_id", "applicant", "channel", "documents"}
    assert body["documents"] == [{"position": 0}, {"position": 2}]
    assert re.fullmatch(r"\d{12}", body["applicant"]["identifier"])
