"""URLs of the ckan area of `opendata` (see urls/__init__.py)."""

urlpatterns: list = []
