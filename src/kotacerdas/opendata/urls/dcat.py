"""URLs of the dcat area of `opendata` (see urls/__init__.py)."""

urlpatterns: list = []
