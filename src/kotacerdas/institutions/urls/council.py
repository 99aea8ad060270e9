"""URLs of the council pages (included by institutions.urls)."""

urlpatterns: list = []
