"""URLs of the complaints admin pages (included by complaints.urls)."""

urlpatterns: list = []
