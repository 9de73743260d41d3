"""How much of an entry's date is known (day, month or year), so a document dated "August 2015"
is not shown as if it were 1 August 2015.

The column is added with plain SQL on both databases, as in 0006: Django's SQLite schema
editor would rebuild the table for a column that is not null, dropping the full-text and facet
triggers that 0002 created on it.
"""

from django.db import migrations, models

ADD = "ALTER TABLE search_searchentry ADD COLUMN date_precision varchar(5) NOT NULL DEFAULT 'day'"
DROP = "ALTER TABLE search_searchentry DROP COLUMN date_precision"


class Migration(migrations.Migration):
    dependencies = [("search", "0007_saved_searches")]

    operations = [
        migrations.SeparateDatabaseAndState(
            database_operations=[migrations.RunSQL(ADD, DROP)],
            state_operations=[
                migrations.AddField(
                    model_name="searchentry",
                    name="date_precision",
                    field=models.CharField(
                        choices=[("day", "Day"), ("month", "Month"), ("year", "Year")],
                        default="day",
                        help_text="How much of the date is known: the day, only the month, "
                        "or only the year.",
                        max_length=5,
                    ),
                )
            ],
        )
    ]
