"""The portal's search page, producers and topics (issue #6 item 6)."""

from __future__ import annotations

import pytest
from django.urls import reverse

from kotacerdas.core.tests.factories import AgencyFactory
from kotacerdas.opendata.tests.factories import (
    DatasetFactory,
    ProducerFactory,
    TagFactory,
    TopicFactory,
    WalidataFactory,
)
from kotacerdas.opendata.tests.portal_data import published_dataset

pytestmark = pytest.mark.django_db

PORTAL = "/satudata/"


@pytest.fixture
def catalogue():
    dinkes = AgencyFactory(code="DINKESUJI", name="Dinas Kesehatan Uji", short_name="DKU")
    disdik = AgencyFactory(code="DISDIKUJI", name="Dinas Pendidikan Uji", short_name="DPU")
    health = TopicFactory(name="kesehatan-uji", title="Kesehatan Uji")
    school = TopicFactory(name="pendidikan-uji", title="Pendidikan Uji")
    tag = TagFactory(name="puskesmas")
    published_dataset(
        organization=dinkes, title="Jumlah Puskesmas", topics=[health], tags=[tag], fmt="CSV"
    )
    published_dataset(organization=dinkes, title="Jumlah Bidan", topics=[health], fmt="XLSX")
    published_dataset(organization=disdik, title="Jumlah Sekolah Dasar", topics=[school])
    draft = DatasetFactory(organization=dinkes, title="Jumlah Perawat Draf")
    private = published_dataset(organization=dinkes, title="Data Privat Puskesmas")
    private.private = True
    private.save()
    return {"dinkes": dinkes, "disdik": disdik, "draft": draft, "private": private}


def _titles(response) -> list[str]:
    return sorted(item["dataset"].title for item in response.context["results"])


def _facet(response, field) -> dict[str, int]:
    group = next(g for g in response.context["facets"] if g["field"] == field)
    return {item["value"]: item["count"] for item in group["items"]}


def test_portal_lists_only_published_public_datasets(client, catalogue):
    response = client.get(PORTAL)
    assert response.status_code == 200
    assert response.context["result"].count == 3
    assert _titles(response) == ["Jumlah Bidan", "Jumlah Puskesmas", "Jumlah Sekolah Dasar"]
    assert "Jumlah Perawat Draf" not in response.content.decode()
    assert "Data Privat Puskesmas" not in response.content.decode()
    assert "3 dataset ditemukan" in response.content.decode()


def test_portal_facet_counts(client, catalogue):
    response = client.get(PORTAL)
    assert _facet(response, "organization") == {"dinkesuji": 2, "disdikuji": 1}
    assert _facet(response, "groups") == {"kesehatan-uji": 2, "pendidikan-uji": 1}
    assert _facet(response, "tags") == {"puskesmas": 1}
    assert _facet(response, "res_format") == {"CSV": 2, "XLSX": 1}
    html = response.content.decode()
    assert "Dinas Kesehatan Uji" in html and "Kesehatan Uji" in html


def test_portal_facet_filter_and_toggle_links(client, catalogue):
    response = client.get(PORTAL, {"organization": "dinkesuji"})
    assert _titles(response) == ["Jumlah Bidan", "Jumlah Puskesmas"]
    group = next(g for g in response.context["facets"] if g["field"] == "organization")
    chosen = next(item for item in group["items"] if item["value"] == "dinkesuji")
    assert chosen["active"] is True
    assert chosen["url"] == "?"  # clicking the chosen value switches it off
    fmt = next(g for g in response.context["facets"] if g["field"] == "res_format")
    xlsx = next(item for item in fmt["items"] if item["value"] == "XLSX")
    assert xlsx["url"] == "?organization=dinkesuji&res_format=XLSX"
    both = client.get(PORTAL + xlsx["url"])
    assert _titles(both) == ["Jumlah Bidan"]


def test_portal_text_search(client, catalogue):
    response = client.get(PORTAL, {"q": "puskesmas"})
    assert _titles(response) == ["Jumlah Puskesmas"]


def test_portal_empty_state_suggests_a_data_request(client, catalogue):
    response = client.get(PORTAL, {"q": "tidakadasamasekali"})
    html = response.content.decode()
    assert response.context["result"].count == 0
    assert 'data-testid="empty-state"' in html
    assert "Ajukan permintaan data" in html or "permintaan data" in html


def test_portal_pagination_keeps_the_query(client):
    agency = AgencyFactory(code="BANYAKUJI")
    for number in range(23):
        published_dataset(organization=agency, title=f"Data Statistik {number:02d}")
    first = client.get(PORTAL, {"q": "statistik", "sort": "title_string asc"})
    assert first.context["result"].count == 23
    assert len(first.context["results"]) == 20
    assert first.context["last_page"] == 2
    html = first.content.decode()
    assert "?q=statistik&amp;sort=title_string+asc&amp;halaman=2" in html
    second = client.get(PORTAL, {"q": "statistik", "sort": "title_string asc", "halaman": 2})
    assert _titles(second) == ["Data Statistik 20", "Data Statistik 21", "Data Statistik 22"]


def test_portal_bad_query_syntax_shows_a_message(client, catalogue):
    response = client.get(PORTAL, {"sort": "bukan-urutan", "q": 'title:"'})
    assert response.status_code == 200
    assert response.context["result"].count == 0
    assert response.context["sort"] == ""
    html = response.content.decode()
    assert 'data-testid="search-error"' in html
    assert "tanda kutip tidak berpasangan" in html


def test_portal_draft_is_absent_even_for_its_producer(client, catalogue):
    """The public search lists published data only; drafts are on the producer's pages."""
    producer = ProducerFactory(agency=catalogue["dinkes"])
    client.force_login(producer)
    response = client.get(PORTAL)
    assert "Jumlah Perawat Draf" not in response.content.decode()


def test_organization_list_counts_published_datasets(client, catalogue):
    response = client.get(reverse("opendata:organization_list"))
    assert response.status_code == 200
    counts = {row["name"]: row["agency"].dataset_count for row in response.context["organizations"]}
    assert counts["dinkesuji"] == 2
    assert counts["disdikuji"] == 1
    assert reverse("opendata:organization_detail", args=["dinkesuji"]) in response.content.decode()


def test_organization_detail_lists_its_published_datasets(client, catalogue):
    response = client.get(reverse("opendata:organization_detail", args=["dinkesuji"]))
    assert response.status_code == 200
    assert _titles(response) == ["Jumlah Bidan", "Jumlah Puskesmas"]
    assert "?organization=dinkesuji" in response.content.decode()


def test_organization_detail_unknown_is_404(client, catalogue):
    url = reverse("opendata:organization_detail", args=["tidak-ada"])
    assert client.get(url).status_code == 404


def test_topic_list_counts_and_links_to_the_filtered_search(client, catalogue):
    response = client.get(reverse("opendata:topic_list"))
    assert response.status_code == 200
    counts = {row["topic"].name: row["topic"].dataset_count for row in response.context["topics"]}
    assert counts["kesehatan-uji"] == 2
    assert counts["pendidikan-uji"] == 1
    assert "/satudata/?groups=kesehatan-uji" in response.content.decode()


def test_walidata_sees_the_same_public_search(client, catalogue):
    client.force_login(WalidataFactory())
    response = client.get(PORTAL)
    assert response.context["result"].count == 3
