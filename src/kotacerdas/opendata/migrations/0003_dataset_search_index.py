"""Full-text search of datasets on PostgreSQL (CKAN `package_search`).

A stored generated column `search_vector` (the title weighted A, the rest of `search_text`
weighted B, the `simple` configuration: Indonesian has no Snowball stemmer) with a GIN index.
The model does not declare the column: PostgreSQL computes it on every write, and the search
selector reads it with raw SQL. Nothing happens on SQLite (its search is `icontains`).
"""

from django.db import migrations

FORWARD = """
ALTER TABLE opendata_dataset ADD COLUMN search_vector tsvector
    GENERATED ALWAYS AS (
        setweight(to_tsvector('simple', coalesce(title, '')), 'A')
        || setweight(to_tsvector('simple', coalesce(search_text, '')), 'B')
    ) STORED;
CREATE INDEX dataset_search_vector ON opendata_dataset USING gin (search_vector);
CREATE INDEX dataset_public_modified ON opendata_dataset (metadata_modified DESC)
    WHERE state = 'active' AND NOT private;
"""

BACKWARD = """
DROP INDEX IF EXISTS dataset_public_modified;
DROP INDEX IF EXISTS dataset_search_vector;
ALTER TABLE opendata_dataset DROP COLUMN IF EXISTS search_vector;
"""


def forward(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(FORWARD)


def backward(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(BACKWARD)


class Migration(migrations.Migration):
    dependencies = [("opendata", "0002_topics")]

    operations = [migrations.RunPython(forward, backward)]
