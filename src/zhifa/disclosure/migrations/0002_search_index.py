from django.db import migrations

from zhifa.disclosure.search import create_index, drop_index


class Migration(migrations.Migration):
    """Full-text index of published decisions: PostgreSQL tsvector + GIN, or an SQLite FTS5 table (search.py)."""

    dependencies = [("disclosure", "0001_initial")]

    operations = [migrations.RunPython(create_index, drop_index)]
