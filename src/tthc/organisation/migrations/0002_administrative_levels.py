import datetime

from django.db import migrations

LEVELS = [
    ("ministry", "Trung ương", 0, None, None),
    ("province", "Cấp tỉnh", 1, None, None),
    # The district level ended when the two-level local government took effect (Resolution 203/2025/QH15).
    ("district", "Cấp huyện", 2, None, datetime.date(2025, 7, 1)),
    ("commune", "Cấp xã", 3, None, None),
]


def create_levels(apps, schema_editor):
    Level = apps.get_model("organisation", "AdministrativeLevel")
    for code, name, rank, valid_from, valid_to in LEVELS:
        Level.objects.update_or_create(
            code=code, defaults={"name": name, "rank": rank, "valid_from": valid_from, "valid_to": valid_to}
        )


class Migration(migrations.Migration):
    dependencies = [("organisation", "0001_initial")]
    operations = [migrations.RunPython(create_levels, migrations.RunPython.noop)]
