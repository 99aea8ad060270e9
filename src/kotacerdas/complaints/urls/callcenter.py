"""URLs of the complaints callcenter pages (included by complaints.urls)."""

urlpatterns: list = []
