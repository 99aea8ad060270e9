"""The public transparency page: anonymous, read-only, no internal notes, problems or evidence."""

from decimal import Decimal

import pytest

from kotacerdas.monitoring.models import Realisation
from kotacerdas.monitoring.tests.test_evaluation_rollup import YEAR, scored_activity

pytestmark = pytest.mark.django_db
D = Decimal


def test_public_page_is_anonymous_and_shows_achievements_and_quick_wins(client):
    activity = scored_activity(value=D("92"), quick_win=True, progress=D("80"))
    Realisation.objects.filter(activity=activity).update(
        problems="RAHASIA-masalah internal",
        follow_up_plan="RAHASIA-rencana",
        inhibiting_factors="RAHASIA-hambatan",
        driving_factors="RAHASIA-pendorong",
    )
    response = client.get(f"/monev/evaluasi/publik/?tahun={YEAR}")
    assert response.status_code == 200
    page = response.content.decode()
    assert "92,00%" in page
    assert activity.name in page
    assert "80,00%" in page  # physical progress of the Quick Win
    assert "RAHASIA" not in page
    assert "bukti" not in page.lower()
    # the only form posting anything is the language switcher of the base layout
    assert page.count('method="post"') == page.count('setlang/" method="post"') == 1


def test_public_page_shows_blank_counts(client):
    scored_activity(value=D("80"))
    scored_activity(value=None)
    page = client.get(f"/monev/evaluasi/publik/?tahun={YEAR}").content.decode()
    assert "1 dari 2 kegiatan belum memiliki data terverifikasi; tidak dihitung." in page


def test_public_page_refuses_writes(client):
    assert client.post("/monev/evaluasi/publik/").status_code == 405


def test_public_page_htmx_fragment(client):
    response = client.get(f"/monev/evaluasi/publik/?tahun={YEAR}", HTTP_HX_REQUEST="true")
    assert response.status_code == 200
    assert "<html" not in response.content.decode()
    assert 'data-testid="public-city"' in response.content.decode()
    assert "post" not in response.content.decode().lower()


def test_public_page_query_count_is_bounded(client, django_assert_max_num_queries):
    for _ in range(20):
        scored_activity(value=D("70"), quick_win=True)
    with django_assert_max_num_queries(14):
        assert client.get(f"/monev/evaluasi/publik/?tahun={YEAR}").status_code == 200
