"""Indexes for the public search, one per database kind (each a no-op on the other).

``search_folded LIKE '%word%'`` can use no ordinary index, so without these every search reads every version:

* PostgreSQL: a trigram index (``pg_trgm``) answers the LIKE of any word of three letters or more. The
  extension is trusted since PostgreSQL 13, so the owner of the database may create it; a superuser need not.
  A B-tree could not hold the folded text: a procedure every commune carries out folds to more than the
  2,700 bytes a B-tree entry may take.
* SQLite: a covering index of what the search reads of a version (validity, kind of change, online level,
  level codes, procedure, folded text), so a search scans that narrow index instead of the wide rows.
"""

from django.db import migrations

TRIGRAM_INDEX = "catalog_version_search_trgm"
COVERING_INDEX = "catalog_version_search_cover"
TABLE = "catalog_procedureversion"


def create(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "postgresql":
        schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
        schema_editor.execute(
            f"CREATE INDEX IF NOT EXISTS {TRIGRAM_INDEX} ON {TABLE} USING gin (search_folded gin_trgm_ops)"
        )
    elif vendor == "sqlite":
        schema_editor.execute(
            f"CREATE INDEX IF NOT EXISTS {COVERING_INDEX} ON {TABLE} "
            "(valid_from, valid_to, change_kind, online_level, level_codes, procedure_id, search_folded)"
        )


def drop(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "postgresql":
        # The extension stays: other indexes may use it by now.
        schema_editor.execute(f"DROP INDEX IF EXISTS {TRIGRAM_INDEX}")
    elif vendor == "sqlite":
        schema_editor.execute(f"DROP INDEX IF EXISTS {COVERING_INDEX}")


class Migration(migrations.Migration):

    dependencies = [
        ("catalog", "0003_version_derived_columns_and_created_at"),
    ]

    operations = [migrations.RunPython(create, drop)]
