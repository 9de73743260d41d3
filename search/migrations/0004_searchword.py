"""The word list the spelling corrector proposes from, filled from the entries already there."""

import re

from django.db import migrations, models

# Frozen here: letters and digits, as search.query tokenised them when this was written.
_TOKEN = re.compile(r"[^\W_]+")
BATCH = 500


def fill(apps, schema_editor):
    SearchEntry = apps.get_model("search", "SearchEntry")
    SearchWord = apps.get_model("search", "SearchWord")
    words = set()
    columns = ("title", "tags_text", "summary", "body")
    for row in SearchEntry.objects.values_list(*columns).iterator(chunk_size=BATCH):
        for text in row:
            words.update(
                w for w in _TOKEN.findall((text or "").lower()) if 3 <= len(w) <= 64
            )
    SearchWord.objects.bulk_create(
        [SearchWord(word=word) for word in sorted(words)], batch_size=BATCH, ignore_conflicts=True
    )


class Migration(migrations.Migration):
    dependencies = [("search", "0003_default_synonyms")]

    operations = [
        migrations.CreateModel(
            name="SearchWord",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("word", models.CharField(max_length=64, unique=True)),
            ],
        ),
        migrations.RunPython(fill, migrations.RunPython.noop),
    ]
