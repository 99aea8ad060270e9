"""URLs of the decrees pages (included by institutions.urls)."""

urlpatterns: list = []
