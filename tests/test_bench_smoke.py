"""The search benchmark's code runs: a tiny catalog is generated and measured inside the test database.

``make bench`` runs rarely; these tests keep its generator and measurement from rotting in between.
"""

import datetime
from pathlib import Path

import pytest
from bench.catalog_data import generate, procedure_code
from bench.catalog_search import _percentile, bench_database_url, build_queries, measure

from tthc.catalog.models import Procedure, ProcedureVersion
from tthc.catalog.selectors import search_versions
from tthc.catalog.services import refresh_search_text
from tthc.core.folding import fold

ON = datetime.date(2026, 3, 2)


@pytest.mark.django_db
def test_bench_catalog_is_generated_once_and_reused():
    first = generate(50, progress=False)
    again = generate(50, progress=False)

    assert first.created and not again.created
    assert again.procedures == 50 == Procedure.objects.count()
    assert search_versions(on=ON).count() == 50


@pytest.mark.django_db
def test_bench_catalog_of_another_size_replaces_the_earlier_one():
    generate(30, progress=False)
    catalog = generate(20, progress=False)

    assert catalog.created
    codes = Procedure.objects.values_list("code", flat=True)
    assert sorted(codes) == sorted(procedure_code(i) for i in range(20))


@pytest.mark.django_db
def test_bench_search_column_is_exactly_what_the_catalog_writes():
    generate(40, progress=False)

    for version in ProcedureVersion.objects.select_related("procedure"):
        stored = version.search_folded
        # Search matches word by word, so the words are what must agree (their order may not).
        assert sorted(refresh_search_text(version=version).search_folded.split()) == sorted(stored.split())


@pytest.mark.django_db
def test_bench_measures_every_query_and_finds_what_it_searched():
    catalog = generate(50, progress=False)
    code_part = catalog.codes[0][:5]
    queries = [{"query": "khai sinh"}, {"query": code_part}, {"query": "mau cu"}]
    queries += build_queries(
        7, field_codes=catalog.field_codes, agency_ids=catalog.agency_ids, codes=catalog.codes
    )

    result = measure(queries, on=ON, warmup=1, progress=False)

    assert len(result.timings_ms) == len(result.counts) == 10
    assert result.counts[0] == sum("khai sinh" in fold(name) for name in catalog.names)
    assert result.counts[1] == sum(code_part in code for code in catalog.codes)
    # Superseded versions ("… (mẫu cũ)") exist but are no longer in force, so the portal never finds them.
    assert ProcedureVersion.objects.filter(name__endswith="(mẫu cũ)").exists()
    assert result.counts[2] == 0
    assert result.p50 <= result.p95 <= result.max


def test_percentile_is_nearest_rank():
    values = [float(v) for v in range(100, 0, -1)]

    assert _percentile(values, 95) == 95.0
    assert _percentile(values, 50) == 50.0
    assert _percentile([7.0], 95) == 7.0


def test_bench_never_uses_the_developers_database():
    var = Path("/srv/tthc/var")

    assert bench_database_url({}, var_dir=var) == "sqlite:////srv/tthc/var/bench.sqlite3"
    assert bench_database_url({"DATABASE_URL": "sqlite:////srv/tthc/var/tthc.sqlite3"}, var_dir=var) == (
        "sqlite:////srv/tthc/var/bench.sqlite3"
    )
    assert bench_database_url({"DATABASE_URL": "postgres://tthc:secret@db:5432/tthc"}, var_dir=var) == (
        "postgres://tthc:secret@db:5432/tthc_bench"
    )
    assert (
        bench_database_url(
            {"DATABASE_URL": "postgres://db/tthc", "BENCH_DATABASE_URL": "postgres://db/other"}, var_dir=var
        )
        == "postgres://db/other"
    )
