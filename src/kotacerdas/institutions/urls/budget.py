"""URLs of the budget pages (included by institutions.urls)."""

urlpatterns: list = []
