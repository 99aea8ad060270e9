"""Facet counts of `package_search` on PostgreSQL: a covering partial index of the public
datasets with the columns the facets read (organization, licence, formats), so the facet
query's match is an index-only scan instead of a scan of the wide dataset rows (notes,
search text, search vector); and an index of the public datasets by lowercased title (the
`title_string` sort, which otherwise sorts every public row for one page). Nothing happens
on SQLite.
"""

from django.db import migrations

FORWARD = """
CREATE INDEX dataset_public_facets ON opendata_dataset (id)
    INCLUDE (organization_id, license_id, formats)
    WHERE state = 'active' AND NOT private;
CREATE INDEX dataset_public_title ON opendata_dataset (lower(title), id DESC)
    WHERE state = 'active' AND NOT private;
"""

BACKWARD = """
DROP INDEX IF EXISTS dataset_public_title;
DROP INDEX IF EXISTS dataset_public_facets;
"""


def forward(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(FORWARD)


def backward(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(BACKWARD)


class Migration(migrations.Migration):
    dependencies = [("opendata", "0003_dataset_search_index")]

    operations = [migrations.RunPython(forward, backward)]
