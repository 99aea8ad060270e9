"""URLs of the manage area of `opendata` (see urls/__init__.py)."""

urlpatterns: list = []
