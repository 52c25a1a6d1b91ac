# A remembered unit name may point to several targets: agencies and/or kinds of agencies.

from django.db import migrations, models


def copy_targets(apps, schema_editor):
    UnitAlias = apps.get_model("plans", "UnitAlias")
    for alias in UnitAlias.objects.all():
        if alias.agency_id:
            alias.agencies.add(alias.agency_id)
        if alias.agency_kind:
            alias.agency_kinds = [alias.agency_kind]
            alias.save(update_fields=["agency_kinds"])


def copy_back(apps, schema_editor):
    UnitAlias = apps.get_model("plans", "UnitAlias")
    for alias in UnitAlias.objects.all():
        first = alias.agencies.first()
        alias.agency_id = first.pk if first else None
        alias.agency_kind = (alias.agency_kinds or [""])[0] if not first else ""
        alias.save(update_fields=["agency", "agency_kind"])


class Migration(migrations.Migration):

    dependencies = [
        ('organisation', '0003_verbose_names'),
        ('plans', '0001_initial'),
    ]

    operations = [
        migrations.RemoveConstraint(
            model_name='unitalias',
            name='unit_alias_one_target',
        ),
        migrations.AddField(
            model_name='unitalias',
            name='agencies',
            field=models.ManyToManyField(blank=True, related_name='+', to='organisation.agency', verbose_name='cơ quan'),
        ),
        migrations.AddField(
            model_name='unitalias',
            name='agency_kinds',
            field=models.JSONField(blank=True, default=list, verbose_name='mọi cơ quan các loại'),
        ),
        migrations.RunPython(copy_targets, copy_back),
        migrations.RemoveField(
            model_name='unitalias',
            name='agency',
        ),
        migrations.RemoveField(
            model_name='unitalias',
            name='agency_kind',
        ),
    ]
