"""URLs of the directory pages (included by institutions.urls)."""

urlpatterns: list = []
