"""Dossier codes and register numbers: gapless sequences that hold under concurrent intake.

``<receiving unit code>-YYMMDD-XXXX`` (Circular 01/2018 art. 19): XXXX counts the dossiers of that unit and
day
from 0001. The counter row is incremented by one ``INSERT … ON CONFLICT … DO UPDATE … RETURNING`` statement
(SQLite ≥ 3.35 and PostgreSQL alike): the row stays locked until the intake transaction commits, so parallel
intakes wait for each other, and a rolled-back intake gives its number back — no gap, no duplicate.
"""

from __future__ import annotations

import datetime
import secrets

from django.db import connection

from tthc.dossiers.models import Counter

# No 0/O or 1/I: the key is read off paper and typed by hand.
LOOKUP_ALPHABET = "23456789ABCDEFGHJKLMNPQRSTUVWXYZ"
LOOKUP_KEY_LENGTH = 6


def next_value(key: str) -> int:
    """The next value of the sequence ``key`` (1 for a new key). Call inside the writing transaction."""
    table = connection.ops.quote_name(Counter._meta.db_table)
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {table} (key, value) VALUES (%s, 1) "
            f"ON CONFLICT (key) DO UPDATE SET value = {table}.value + 1 RETURNING value",
            [key],
        )
        return cursor.fetchone()[0]


def dossier_code(*, unit_code: str, day: datetime.date) -> str:
    sequence = next_value(f"dossier:{unit_code}:{day:%Y%m%d}")
    return f"{unit_code}-{day:%y%m%d}-{sequence:04d}"


def register_number(*, desk_code: str, year: int) -> int:
    """Form 06 numbers the desk's register continuously from 1 each year."""
    return next_value(f"register:{desk_code}:{year}")


def lookup_key() -> str:
    return "".join(secrets.choice(LOOKUP_ALPHABET) for _ in range(LOOKUP_KEY_LENGTH))
