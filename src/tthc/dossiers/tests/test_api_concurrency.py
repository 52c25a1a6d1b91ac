"""Dossier codes under concurrent intake, through real HTTP requests to a running server.

Twenty desk officers' requests at one desk, released together, must get ``…-0001`` to ``…-0020``: no gap, no
duplicate. Ten copies of one request with the same ``Idempotency-Key``, released together, must make exactly
one dossier and use up exactly one number.

* PostgreSQL: against pytest-django's ``live_server`` (a thread per request, each with its own connection).
* SQLite: the in-memory test database shares one connection between the live server's threads, which would
  test nothing; the test copies it to a file and serves that with gunicorn (two processes, ten threads each,
  every thread with its own connection) under the production settings — WAL, ``BEGIN IMMEDIATE``, busy
  timeout.
"""

from __future__ import annotations

import os
import socket
import sqlite3
import subprocess
import sys
import threading
import time
import uuid
from collections import Counter as Tally
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import httpx
import pytest
from django.db import connection
from django.test import Client

INTAKES = 20
RETRIES = 10
API = "/api/v1/dossiers"


@dataclass
class Answer:
    status: int
    code: str
    text: str


@dataclass
class Server:
    url: str
    cookies: dict[str, str]
    csrf: str
    codes: Callable[[], list[str]]  # every dossier code in the database, sorted
    counter: Callable[[str], int]  # the value of one sequence


def _body(one_stop, n: int) -> dict:
    return {
        "procedure_code": one_stop.procedure_code,
        "desk_id": one_stop.centre.pk,
        "applicant": {
            "kind": "person",
            "name": f"Người nộp số {n}",
            "identifier": f"045190{n:06d}",
            "phone": f"0912{n:06d}",
        },
        "documents": [{"position": 0}, {"position": 1}],
        "payment": {"amount": 50000, "method": "cash", "receipt_number": f"BL-{n:04d}"},
    }


def _together(server: Server, requests: list[tuple[dict, str]]) -> tuple[list[Answer], float]:
    """Post every (body, idempotency key) from its own thread and client, all released at once."""
    answers: list[Answer | None] = [None] * len(requests)
    clients = [
        httpx.Client(base_url=server.url, cookies=server.cookies, timeout=120) for _ in range(len(requests))
    ]
    barrier = threading.Barrier(len(requests) + 1)

    def post(index: int) -> None:
        body, key = requests[index]
        barrier.wait()
        try:
            response = clients[index].post(
                API, json=body, headers={"Idempotency-Key": key, "X-CSRFToken": server.csrf}
            )
            code = response.json().get("code", "") if response.status_code < 300 else ""
            answers[index] = Answer(response.status_code, code, response.text[:300])
        except Exception as error:  # a failed request is an answer the assertions show
            answers[index] = Answer(0, "", f"{type(error).__name__}: {error}")

    threads = [threading.Thread(target=post, args=(i,)) for i in range(len(requests))]
    for thread in threads:
        thread.start()
    barrier.wait()
    started = time.perf_counter()
    for thread in threads:
        thread.join()
    seconds = time.perf_counter() - started
    for client in clients:
        client.close()
    return [a for a in answers if a is not None], seconds


def _login_cookies(user, base_url: str) -> tuple[dict[str, str], str]:
    """A session for ``user`` (stored in the database the server reads) and a CSRF token from the server."""
    client = Client()
    client.force_login(user)
    page = httpx.get(f"{base_url}/accounts/login/", timeout=30)
    csrf = page.cookies["csrftoken"]
    return {"sessionid": client.cookies["sessionid"].value, "csrftoken": csrf}, csrf


def check_parallel_intakes(one_stop, server: Server, report: Callable[[str], None]) -> None:
    requests = [(_body(one_stop, n), str(uuid.uuid4())) for n in range(1, INTAKES + 1)]

    answers, seconds = _together(server, requests)

    assert [a.status for a in answers] == [201] * INTAKES, [a.text for a in answers if a.status != 201]
    codes = sorted(a.code for a in answers)
    prefix = codes[0].rsplit("-", 1)[0]
    assert prefix.startswith(f"{one_stop.centre.code}-")
    assert codes == [f"{prefix}-{n:04d}" for n in range(1, INTAKES + 1)], "gapless and unique"
    assert server.codes() == codes
    report(f"{INTAKES} tiếp nhận song song: {codes[0]} … {codes[-1]}, {seconds * 1000:.0f} ms")

    retry = (_body(one_stop, 99), str(uuid.uuid4()))
    answers, seconds = _together(server, [retry] * RETRIES)

    statuses = Tally(a.status for a in answers)
    assert statuses == {201: 1, 200: RETRIES - 1}, [a.text for a in answers]
    assert {a.code for a in answers} == {f"{prefix}-{INTAKES + 1:04d}"}, "one dossier, the next number"
    assert len(server.codes()) == INTAKES + 1
    report(f"{RETRIES} lần gửi lại cùng khóa song song: 1 hồ sơ ({answers[0].code}), {seconds * 1000:.0f} ms")

    (after,), _ = _together(server, [(_body(one_stop, 100), str(uuid.uuid4()))])
    assert after.code == f"{prefix}-{INTAKES + 2:04d}", "the retries used up no number"
    assert server.counter(f"dossier:{one_stop.centre.code}:20{prefix.rsplit('-', 1)[1]}") == INTAKES + 2


# --- PostgreSQL: the live server -----------------------------------------------------------------------


@pytest.mark.postgres_only
@pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL only (SQLite: the test below)")
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_parallel_intakes_over_http_get_gapless_unique_codes_on_postgresql(one_stop, live_server):
    from tthc.dossiers.models import Counter, Dossier

    cookies, csrf = _login_cookies(one_stop.users.desk_centre, live_server.url)
    server = Server(
        url=live_server.url,
        cookies=cookies,
        csrf=csrf,
        codes=lambda: sorted(Dossier.objects.values_list("code", flat=True)),
        counter=lambda key: Counter.objects.get(key=key).value,
    )

    check_parallel_intakes(one_stop, server, report=print)


# --- SQLite: a copy of the test database served by gunicorn -----------------------------------------------


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture
def gunicorn_on_a_copy(tmp_path: Path) -> Iterator[Callable[[], tuple[str, Path]]]:
    """Start gunicorn on a file copy of the (committed) test database; gives its URL and the file."""
    started: list[subprocess.Popen] = []

    def start() -> tuple[str, Path]:
        database = tmp_path / "tthc.sqlite3"
        connection.ensure_connection()
        target = sqlite3.connect(database)
        connection.connection.backup(target)
        target.close()
        port = _free_port()
        env = {
            **os.environ,
            "DATABASE_URL": f"sqlite:///{database}",
            "TTHC_VAR_DIR": str(tmp_path / "var"),
            "DJANGO_SETTINGS_MODULE": "tthc.settings",
            "EMAIL_BACKEND": "django.core.mail.backends.locmem.EmailBackend",
            "DEBUG": "False",
        }
        log = open(tmp_path / "gunicorn.log", "w")  # noqa: SIM115 — closed when the process is stopped
        process = subprocess.Popen(
            [
                str(Path(sys.executable).with_name("gunicorn")),
                "tthc.wsgi:application",
                f"--bind=127.0.0.1:{port}",
                "--workers=2",
                "--worker-class=gthread",
                "--threads=10",
                "--timeout=120",
            ],
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
        process.log = log
        started.append(process)
        url = f"http://127.0.0.1:{port}"
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            assert process.poll() is None, (tmp_path / "gunicorn.log").read_text()
            try:
                if httpx.get(f"{url}/accounts/login/", timeout=2).status_code == 200:
                    return url, database
            except httpx.TransportError:
                time.sleep(0.2)
        raise AssertionError(
            "gunicorn did not answer within 60 s:\n" + (tmp_path / "gunicorn.log").read_text()
        )

    yield start
    for process in started:
        process.terminate()
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
        process.log.close()


@pytest.mark.skipif(connection.vendor != "sqlite", reason="SQLite only (PostgreSQL: the test above)")
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_parallel_intakes_over_http_get_gapless_unique_codes_on_sqlite(one_stop, gunicorn_on_a_copy):
    # The session is created before the copy, so the server finds it in its database.
    client = Client()
    client.force_login(one_stop.users.desk_centre)
    session = client.cookies["sessionid"].value
    url, database = gunicorn_on_a_copy()
    csrf = httpx.get(f"{url}/accounts/login/", timeout=30).cookies["csrftoken"]

    def query(sql: str, params=()) -> list[tuple]:
        with sqlite3.connect(database, timeout=30) as db:
            return db.execute(sql, params).fetchall()

    server = Server(
        url=url,
        cookies={"sessionid": session, "csrftoken": csrf},
        csrf=csrf,
        codes=lambda: sorted(row[0] for row in query("SELECT code FROM dossiers_dossier")),
        counter=lambda key: query("SELECT value FROM dossiers_counter WHERE key = ?", (key,))[0][0],
    )

    check_parallel_intakes(one_stop, server, report=print)
