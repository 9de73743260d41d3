"""More of the abbreviations councils use, as synonyms from day one (the programme team edits
them in the admin; a list already edited there is left as it is)."""

from django.db import migrations

ABBREVIATIONS = [
    "DPA, deferred payment agreement, deferred payment agreements",
    "CHC, continuing healthcare, continuing health care",
    "PA, personal assistant, personal assistants",
    "PEA, personal expenses allowance",
    "PHB, personal health budget, personal health budgets",
    "FNC, funded nursing care",
]


def add(apps, schema_editor):
    Synonym = apps.get_model("search", "Synonym")
    for terms in ABBREVIATIONS:
        Synonym.objects.get_or_create(terms=terms)


def remove(apps, schema_editor):
    apps.get_model("search", "Synonym").objects.filter(terms__in=ABBREVIATIONS).delete()


class Migration(migrations.Migration):
    dependencies = [("search", "0004_searchword")]
    operations = [migrations.RunPython(add, remove)]
