"""URLs of the complaints urc pages (included by complaints.urls)."""

urlpatterns: list = []
