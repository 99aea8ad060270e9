"""Evaluation pages through the client: dashboards, weights and blank notes, htmx fragments,
scoping of the agency view, bounded queries whatever the number of activities."""

from decimal import Decimal

import pytest

from kotacerdas.core.tests.factories import AgencyFactory, ExecutiveFactory, OfficerFactory
from kotacerdas.masterplan.tests.factories import ProgramFactory
from kotacerdas.monitoring.tests.factories import RecommendationFactory
from kotacerdas.monitoring.tests.test_evaluation_rollup import YEAR, scored_activity

pytestmark = pytest.mark.django_db
D = Decimal


@pytest.fixture
def executive(client):
    user = ExecutiveFactory()
    client.force_login(user)
    return user


def test_city_overview_shows_dimensions_blank_note_and_chart_data(client, executive):
    program = ProgramFactory()
    scored_activity(program=program, value=D("90"))
    scored_activity(program=program, value=D("70"))
    scored_activity(program=program, value=None)
    response = client.get(f"/monev/evaluasi/?tahun={YEAR}")
    assert response.status_code == 200
    page = response.content.decode()
    assert 'data-testid="city-achievement"' in page
    assert "80,00%" in page
    assert "1 dari 3 kegiatan belum memiliki data terverifikasi; tidak dihitung." in page
    assert 'id="grafik-dimensi"' in page
    assert "js/dashboard_charts.js" in page
    assert "vendor/chartjs/chart.umd.js" in page
    assert "<caption>Capaian per dimensi</caption>" in page


def test_dimension_dashboard_shows_elements_weights_and_tree(client, executive):
    program = ProgramFactory()
    a = scored_activity(program=program, value=D("100"), budget=D("300"))
    scored_activity(program=program, value=D("60"), budget=D("100"))
    response = client.get(f"/monev/evaluasi/dimensi/{a.dimension.code}/?tahun={YEAR}")
    assert response.status_code == 200
    page = response.content.decode()
    assert "90,00%" in page  # budget weighted: (100*300 + 60*100) / 400
    assert "<td>75,0%</td>" in page  # the activities' weights in the element's tree
    assert "<td>25,0%</td>" in page
    assert 'data-testid="element-tree"' in page
    assert 'id="grafik-unsur"' in page
    assert 'data-testid="element-table"' in page
    equal = client.get(f"/monev/evaluasi/dimensi/{a.dimension.code}/?tahun={YEAR}&bobot=setara")
    assert "80,00%" in equal.content.decode()
    assert "Bobot: setiap anak bernilai sama." in equal.content.decode()


def test_dimension_dashboard_htmx_returns_the_fragment(client, executive):
    a = scored_activity(value=D("80"))
    response = client.get(
        f"/monev/evaluasi/dimensi/{a.dimension.code}/?tahun={YEAR}", HTTP_HX_REQUEST="true"
    )
    page = response.content.decode()
    assert 'data-testid="dimension-achievement"' in page
    assert "<html" not in page


def test_unknown_dimension_is_404(client, executive):
    assert client.get("/monev/evaluasi/dimensi/XYZ/").status_code == 404


def test_dashboards_need_sign_in(client):
    response = client.get("/monev/evaluasi/")
    assert response.status_code == 302
    assert "/masuk" in response["Location"] or "login" in response["Location"]


def _build(n):
    program = ProgramFactory()
    for i in range(n):
        scored_activity(program=program, value=D(50 + i % 50))
    return program


def test_dimension_dashboard_query_count_is_the_same_for_5_and_50_activities(
    client, executive, django_assert_max_num_queries
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    program = _build(5)
    code = program.dimension.code
    url = f"/monev/evaluasi/dimensi/{code}/?tahun={YEAR}"
    client.get(url)  # session and caches warm
    with CaptureQueriesContext(connection) as small:
        assert client.get(url).status_code == 200
    program2 = ProgramFactory(priority_program=program.priority_program)
    for i in range(45):
        scored_activity(program=program2, value=D(50 + i))
    with django_assert_max_num_queries(len(small.captured_queries)):
        response = client.get(url)
    assert response.status_code == 200
    with CaptureQueriesContext(connection) as large:
        client.get(url)
    assert len(large.captured_queries) == len(small.captured_queries)
    assert len(small.captured_queries) <= 16


def test_city_overview_query_count_is_bounded(client, executive, django_assert_max_num_queries):
    _build(30)
    with django_assert_max_num_queries(16):
        assert client.get(f"/monev/evaluasi/?tahun={YEAR}").status_code == 200


@pytest.mark.parametrize("url", ["pelaksana/", "quick-win/", "peta-jalan/", "indeks/", "kesiapan/"])
def test_other_evaluation_pages_render(client, executive, url):
    scored_activity(
        value=D("80"), quick_win=True, roadmap_start_year=YEAR, roadmap_end_year=YEAR + 1
    )
    response = client.get(f"/monev/evaluasi/{url}?tahun={YEAR}")
    assert response.status_code == 200


def test_implementer_page_lists_government_and_non_government(client, executive):
    agency = AgencyFactory(name="Dinas Uji Peringkat")
    scored_activity(program=ProgramFactory(agency=agency), value=D("88"))
    page = client.get(f"/monev/evaluasi/pelaksana/?tahun={YEAR}").content.decode()
    assert "Dinas Uji Peringkat" in page
    assert 'data-testid="ranking-government"' in page
    assert 'data-testid="ranking-non-government"' in page
    assert f"/monev/evaluasi/perangkat-daerah/{agency.code}/" in page


def test_implementer_page_query_count_is_bounded(client, executive, django_assert_max_num_queries):
    for _ in range(10):
        scored_activity(program=ProgramFactory(agency=AgencyFactory()), value=D("75"))
    with django_assert_max_num_queries(14):
        client.get(f"/monev/evaluasi/pelaksana/?tahun={YEAR}")


def test_agency_view_for_own_officer(client):
    agency = AgencyFactory()
    scored_activity(program=ProgramFactory(agency=agency), value=D("77"))
    RecommendationFactory(owner_agency=agency, title="Rekomendasi untuk dinas ini")
    client.force_login(OfficerFactory(agency=agency))
    response = client.get(f"/monev/evaluasi/perangkat-daerah/{agency.code}/?tahun={YEAR}")
    assert response.status_code == 200
    page = response.content.decode()
    assert "77,00%" in page
    assert "Rekomendasi untuk dinas ini" in page


def test_agency_view_of_another_agency_is_forbidden_for_an_officer(client):
    agency = AgencyFactory()
    scored_activity(program=ProgramFactory(agency=agency), value=D("77"))
    client.force_login(OfficerFactory())
    response = client.get(f"/monev/evaluasi/perangkat-daerah/{agency.code}/?tahun={YEAR}")
    assert response.status_code == 403
    assert "77,00" not in response.content.decode()


def test_bad_query_parameters_fall_back_to_defaults(client, executive):
    assert client.get("/monev/evaluasi/?tahun=abc&triwulan=9&bobot=x").status_code == 200


def test_roadmap_page_levels_and_pagination(client, executive):
    program = ProgramFactory(roadmap_start_year=YEAR, roadmap_end_year=YEAR)
    for _ in range(55):
        scored_activity(program=program, value=None, roadmap_start_year=YEAR)
    default = client.get(f"/monev/evaluasi/peta-jalan/?tahun={YEAR}").content.decode()
    assert "Belum ada program atau kegiatan dengan tahun peta jalan." in default  # no PP years
    programs = client.get(f"/monev/evaluasi/peta-jalan/?tahun={YEAR}&tingkat=program")
    assert program.name in programs.content.decode()
    activities = client.get(f"/monev/evaluasi/peta-jalan/?tahun={YEAR}&tingkat=kegiatan")
    page = activities.content.decode()
    assert "Halaman 1 dari 2" in page
    assert page.count("Terlambat mulai") == 50
