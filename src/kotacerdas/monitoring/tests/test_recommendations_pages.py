"""Recommendation pages: list and overdue tab, CSV, raise form, detail with follow-ups,
status, carry-over with a confirmation step; scoping; nothing changes when refused."""

import csv
import datetime as dt
import io

import pytest
from django.utils import timezone

from kotacerdas.core.models import AuditEvent, Role
from kotacerdas.core.tests.factories import AgencyFactory, OfficerFactory, UserFactory
from kotacerdas.monitoring.models import FollowUp, Recommendation
from kotacerdas.monitoring.tests.factories import RecommendationFactory

pytestmark = pytest.mark.django_db


def today():
    return timezone.localdate()


@pytest.fixture
def team_user(client):
    user = UserFactory(roles=[Role.TEAM_MEMBER])
    client.force_login(user)
    return user


def test_list_and_overdue_tab(client, team_user):
    late = RecommendationFactory(title="Terlambat satu", due_date=today() - dt.timedelta(days=2))
    RecommendationFactory(title="Masih lama", due_date=today() + dt.timedelta(days=20))
    page = client.get("/monev/evaluasi/rekomendasi/").content.decode()
    assert "Terlambat satu" in page and "Masih lama" in page
    overdue = client.get("/monev/evaluasi/rekomendasi/?tab=terlambat").content.decode()
    assert "Terlambat satu" in overdue
    assert "Masih lama" not in overdue
    assert f"/monev/evaluasi/rekomendasi/{late.pk}/" in overdue


def test_list_query_count_is_bounded(client, team_user, django_assert_max_num_queries):
    for _ in range(30):
        RecommendationFactory(owner_agency=AgencyFactory())
    with django_assert_max_num_queries(10):
        assert client.get("/monev/evaluasi/rekomendasi/").status_code == 200


def test_list_paginates(client, team_user):
    for i in range(30):
        RecommendationFactory(title=f"Rek {i:02d}")
    page = client.get("/monev/evaluasi/rekomendasi/").content.decode()
    assert "Halaman 1 dari 2" in page


def test_officer_sees_only_own_agency_in_list_and_csv(client):
    agency = AgencyFactory()
    RecommendationFactory(owner_agency=agency, title="Punya kami")
    RecommendationFactory(owner_agency=AgencyFactory(), title="Punya dinas lain")
    client.force_login(OfficerFactory(agency=agency))
    page = client.get("/monev/evaluasi/rekomendasi/").content.decode()
    assert "Punya kami" in page and "Punya dinas lain" not in page
    content = client.get("/monev/evaluasi/rekomendasi/ekspor.csv").content.decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(content)))
    assert rows[0][:2] == ["Nomor", "Judul"]
    assert [r[1] for r in rows[1:]] == ["Punya kami"]


def test_csv_export_columns(client, team_user):
    agency = AgencyFactory(name="Dinas CSV")
    r = RecommendationFactory(owner_agency=agency, title="Satu", year=2026, source="council")
    response = client.get("/monev/evaluasi/rekomendasi/ekspor.csv?tahun=2026")
    assert response["Content-Type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[1] == [
        str(r.pk), "Satu", "Dewan Kota Cerdas", "2026", "", "", "", "Dinas CSV",
        r.due_date.isoformat(), "Terbuka", "0", "",
    ]  # fmt: skip


def test_raise_form_creates_and_redirects(client, team_user):
    agency = AgencyFactory()
    assert client.get("/monev/evaluasi/rekomendasi/baru/").status_code == 200
    due = (today() + dt.timedelta(days=30)).isoformat()
    response = client.post(
        "/monev/evaluasi/rekomendasi/baru/",
        {
            "source": "team",
            "title": "Rekomendasi baru",
            "year": "2026",
            "owner_agency": agency.pk,
            "due_date": due,
        },
    )
    r = Recommendation.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"/monev/evaluasi/rekomendasi/{r.pk}/"
    assert (r.title, r.owner_agency, r.source, r.due_date.isoformat()) == (
        "Rekomendasi baru",
        agency,
        "team",
        due,
    )


def test_raise_form_errors_in_indonesian_nothing_written(client, team_user):
    response = client.post(
        "/monev/evaluasi/rekomendasi/baru/",
        {"source": "team", "title": "", "year": "2026", "due_date": "31-12-2026"},
    )
    assert response.status_code == 400
    assert "Tanggal tidak valid; gunakan format TTTT-BB-HH." in response.content.decode()
    response = client.post(
        "/monev/evaluasi/rekomendasi/baru/",
        {"source": "team", "title": "", "year": "2026", "due_date": "2026-12-31"},
    )
    page = response.content.decode()
    assert "Judul wajib diisi." in page
    assert "Pilih Perangkat Daerah atau isi tim penanggung jawab." in page
    assert Recommendation.objects.count() == 0


def test_raise_form_forbidden_for_officer(client):
    client.force_login(OfficerFactory())
    assert client.get("/monev/evaluasi/rekomendasi/baru/").status_code == 403
    response = client.post("/monev/evaluasi/rekomendasi/baru/", {"source": "team", "title": "x"})
    assert response.status_code == 403
    assert Recommendation.objects.count() == 0


def test_detail_follow_up_by_owner_officer(client):
    agency = AgencyFactory()
    r = RecommendationFactory(owner_agency=agency)
    client.force_login(OfficerFactory(agency=agency))
    page = client.get(f"/monev/evaluasi/rekomendasi/{r.pk}/").content.decode()
    assert "Catat tindak lanjut" in page
    assert "Ubah status" not in page
    response = client.post(
        f"/monev/evaluasi/rekomendasi/{r.pk}/tindak-lanjut/",
        {"date": today().isoformat(), "note": "Sudah rapat", "progress": "40"},
    )
    assert response.status_code == 302
    page = client.get(f"/monev/evaluasi/rekomendasi/{r.pk}/").content.decode()
    assert "Sudah rapat" in page
    assert "Ditindaklanjuti" in page


def test_follow_up_bad_input_shows_error_nothing_written(client, team_user):
    r = RecommendationFactory()
    response = client.post(
        f"/monev/evaluasi/rekomendasi/{r.pk}/tindak-lanjut/",
        {"date": today().isoformat(), "note": "x", "progress": "150"},
    )
    assert response.status_code == 400
    assert "Kemajuan harus 0 sampai 100 persen." in response.content.decode()
    assert FollowUp.objects.count() == 0


def test_other_agency_officer_gets_404_and_cannot_follow_up(client):
    r = RecommendationFactory(owner_agency=AgencyFactory())
    client.force_login(OfficerFactory())
    assert client.get(f"/monev/evaluasi/rekomendasi/{r.pk}/").status_code == 404
    response = client.post(
        f"/monev/evaluasi/rekomendasi/{r.pk}/tindak-lanjut/",
        {"date": today().isoformat(), "note": "x", "progress": "10"},
    )
    assert response.status_code == 404
    assert FollowUp.objects.count() == 0
    assert AuditEvent.objects.count() == 0


def test_status_change_by_team_and_dropping_needs_reason(client, team_user):
    r = RecommendationFactory()
    response = client.post(f"/monev/evaluasi/rekomendasi/{r.pk}/status/", {"status": "dropped"})
    assert response.status_code == 400
    assert "Alasan pembatalan wajib diisi." in response.content.decode()
    r.refresh_from_db()
    assert r.status == "open"
    response = client.post(
        f"/monev/evaluasi/rekomendasi/{r.pk}/status/", {"status": "done", "reason": "Tuntas"}
    )
    assert response.status_code == 302
    r.refresh_from_db()
    assert r.status == "done"


def test_status_change_forbidden_for_officer(client):
    agency = AgencyFactory()
    r = RecommendationFactory(owner_agency=agency)
    client.force_login(OfficerFactory(agency=agency))
    response = client.post(f"/monev/evaluasi/rekomendasi/{r.pk}/status/", {"status": "done"})
    assert response.status_code == 403
    r.refresh_from_db()
    assert r.status == "open"


def test_carry_over_asks_for_confirmation_then_carries(client, team_user):
    RecommendationFactory(year=2025, title="Belum tuntas")
    RecommendationFactory(year=2025, status="done", title="Sudah tuntas")
    response = client.get("/monev/evaluasi/rekomendasi/lanjutkan/?dari=2025&ke=2026")
    page = response.content.decode()
    assert "Belum tuntas" in page and "Sudah tuntas" not in page
    assert "Ya, lanjutkan" in page
    assert Recommendation.objects.filter(year=2026).count() == 0  # GET changes nothing
    response = client.post("/monev/evaluasi/rekomendasi/lanjutkan/", {"dari": 2025, "ke": 2026})
    assert response.status_code == 302
    assert list(Recommendation.objects.filter(year=2026).values_list("title", flat=True)) == [
        "Belum tuntas"
    ]
    client.post("/monev/evaluasi/rekomendasi/lanjutkan/", {"dari": 2025, "ke": 2026})
    assert Recommendation.objects.filter(year=2026).count() == 1


def test_carry_over_forbidden_for_officer(client):
    RecommendationFactory(year=2025)
    client.force_login(OfficerFactory())
    assert client.get("/monev/evaluasi/rekomendasi/lanjutkan/").status_code == 403
    assert (
        client.post(
            "/monev/evaluasi/rekomendasi/lanjutkan/", {"dari": 2025, "ke": 2026}
        ).status_code
        == 403
    )
    assert Recommendation.objects.count() == 1
