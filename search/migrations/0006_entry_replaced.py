"""Whether an entry is replaced by a newer one (superseded guidance), for the mark on its hit.

The column is added with plain SQL on both databases: Django's SQLite schema editor would
rebuild the table for a column that is not null, dropping the full-text and facet triggers
that 0002 created on it.
"""

from django.db import migrations, models

ADD = "ALTER TABLE search_searchentry ADD COLUMN replaced boolean NOT NULL DEFAULT false"
DROP = "ALTER TABLE search_searchentry DROP COLUMN replaced"


class Migration(migrations.Migration):
    dependencies = [("search", "0005_abbreviation_synonyms")]

    operations = [
        migrations.SeparateDatabaseAndState(
            database_operations=[migrations.RunSQL(ADD, DROP)],
            state_operations=[
                migrations.AddField(
                    model_name="searchentry",
                    name="replaced",
                    field=models.BooleanField(
                        default=False,
                        help_text="Replaced by a newer entry: its hit says so.",
                    ),
                )
            ],
        )
    ]
