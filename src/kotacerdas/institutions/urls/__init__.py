"""URLs of `institutions`, mounted at /kelembagaan/. Each area keeps its own list."""

from . import budget, council, decrees, directory, elections, letters, meetings, reports, team

app_name = "institutions"

urlpatterns = [
    *directory.urlpatterns,
    *council.urlpatterns,
    *elections.urlpatterns,
    *decrees.urlpatterns,
    *meetings.urlpatterns,
    *letters.urlpatterns,
    *budget.urlpatterns,
    *reports.urlpatterns,
    *team.urlpatterns,
]
