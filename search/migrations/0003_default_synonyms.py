"""The synonyms councils use from day one; the programme team edits them in the admin."""

from django.db import migrations

DEFAULTS = [
    "DP, direct payment, direct payments",
    "LA, council, local authority",
    "top-up, top up, topup, third party payment",
    "care home, residential care",
]


def add(apps, schema_editor):
    Synonym = apps.get_model("search", "Synonym")
    for terms in DEFAULTS:
        Synonym.objects.get_or_create(terms=terms)


def remove(apps, schema_editor):
    apps.get_model("search", "Synonym").objects.filter(terms__in=DEFAULTS).delete()


class Migration(migrations.Migration):
    dependencies = [("search", "0002_full_text")]

    operations = [migrations.RunPython(add, remove)]
