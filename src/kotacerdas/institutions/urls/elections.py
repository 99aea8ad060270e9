"""URLs of the elections pages (included by institutions.urls)."""

urlpatterns: list = []
