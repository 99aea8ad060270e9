"""No 500 on bad input (issue #6): malformed query parameters, unknown ids and non-UTF-8 bytes
on the public portal, the downloads, the DCAT catalogue, the CKAN API and the management
pages answer with a page, a 4xx or a CKAN error, never a server error."""

from __future__ import annotations

import pytest
from django.urls import reverse

from kotacerdas.opendata.tests.test_acceptance_http import publish_one

pytestmark = pytest.mark.django_db
NO_UUID = "00000000-0000-0000-0000-000000000000"

PUBLIC = [
    "/satudata/?halaman=abc",
    "/satudata/?halaman=-1",
    "/satudata/?halaman=99999999999999999999999",
    "/satudata/?sort=garbage",
    "/satudata/?sort=title%20sideways",
    "/satudata/?q=%ff%fe%00",
    "/satudata/?q=%27%20OR%201=1%20--&tahun=abc",
    "/satudata/?q=a:b%22(&organization=%ff&topik=%00&format=&tags=a&tags=b",
    "/satudata/?year=abc&tahun=-5",
    "/satudata/organisasi/?halaman=abc",
    "/satudata/organisasi/tidak-ada/",
    "/satudata/organisasi/%ff/",
    "/satudata/topik/?halaman=x",
    "/satudata/dataset/{name}/?halaman=abc&sumber=bukan-uuid",
    "/satudata/dataset/{name}/pratinjau/?halaman=-5",
    "/satudata/dataset/{name}/pratinjau/?halaman=abc",
    "/satudata/dataset/{name}/grafik.json?kategori=nope&nilai=nope&fungsi=drop",
    "/satudata/dataset/{name}/grafik.json?sumber=bukan-uuid",
    "/satudata/dataset/{name}/grafik.json?kategori=%ff&nilai=%00&fungsi=%ff",
    "/satudata/dataset/{name}/peta.json?nilai=keterangan&fungsi=avg",
    "/satudata/dataset/{name}/peta.json?sumber=" + NO_UUID,
    "/satudata/dataset/tidak-ada/",
    "/satudata/dataset/tidak-ada/pratinjau/",
    "/satudata/dataset/{name}/versi/99/",
    "/satudata/dataset/{name}/versi/1/banding/99/",
    "/satudata/dataset/{name}/versi/1/banding/1/",
    "/satudata/dataset/{name}/versi/99999999999999999999/",
    "/satudata/dataset/{name}/sumber/" + NO_UUID + "/unduh.csv",
    "/satudata/dataset/{name}/sumber/" + NO_UUID + "/berkas/",
    "/satudata/dataset/{name}/sumber/{uuid}/unduh.zip",
    "/satudata/dataset/tidak-ada/sumber/{uuid}/unduh.csv",
    "/satudata/catalog.jsonld?page=abc",
    "/satudata/catalog.jsonld?page=-1",
    "/satudata/catalog.jsonld?page=99999999999999999999",
    "/satudata/catalog.ttl?page=0",
    "/satudata/dataset/tidak-ada.jsonld",
    "/satudata/dataset/tidak-ada.ttl",
    "/satudata/permintaan/?halaman=abc&status=garbage",
    "/satudata/permintaan/" + NO_UUID + "/",
]

API = "/satudata/api/3/action/"
CKAN = [
    "package_search?rows=abc",
    "package_search?rows=1e3",
    "package_search?start=abc&rows=-1",
    "package_search?start=99999999999999999999999",
    "package_search?sort=garbage",
    "package_search?sort=name%20sideways",
    "package_search?q=%ff%fe",
    "package_search?q=title:%22(",
    "package_search?fq=%ff:",
    "package_search?fq=organization:%ff%20OR%20(",
    "package_search?facet.field=[1]",
    'package_search?facet.field=["nope"]',
    "package_search?facet.limit=abc",
    "package_search?facet.limit=-1&facet.field=[%22tags%22]",
    "package_search?include_private=%ff",
    "package_search?rows=1&rows=2",
    "package_list?limit=-1&offset=abc",
    "package_show?id=%ff",
    "package_show?id=" + NO_UUID,
    "organization_list?sort=garbage&limit=abc",
    "organization_list?all_fields=%ff&offset=-1",
    "organization_show?id=&include_datasets=x",
    "group_list?sort=x",
    "group_show?id=%ff",
    "tag_list?query=%ff",
    "resource_show?id=",
    "resource_show?id=" + NO_UUID,
    "datastore_search?resource_id={uuid}&limit=-1",
    "datastore_search?resource_id={uuid}&limit=100000&offset=abc",
    "datastore_search?resource_id={uuid}&sort=nope",
    "datastore_search?resource_id={uuid}&sort=jumlah%20sideways",
    "datastore_search?resource_id={uuid}&fields=nope",
    "datastore_search?resource_id={uuid}&filters={bad",
    'datastore_search?resource_id={uuid}&filters={"nope":1}',
    'datastore_search?resource_id={uuid}&filters={"jumlah":"banyak"}',
    'datastore_search?resource_id={uuid}&q={"nope":"x"}',
    "datastore_search?resource_id={uuid}&q=%ff%00",
    "datastore_search?resource_id=bukan",
    "datastore_search",
    "help_show?name=",
    "help_show?name=tidak_ada",
    "status_show?x=%ff",
]
MANAGE = [
    "/satudata/kelola/daftar/?tahun=abc&pd=abc&prioritas=x&halaman=-1&q=%ff",
    "/satudata/kelola/daftar/999999/",
    "/satudata/kelola/daftar/999999/unggah/",
    "/satudata/kelola/daftar/{entry}/?halaman=abc",
    "/satudata/kelola/kiriman/?status=garbage&pd=abc&halaman=x",
    "/satudata/kelola/kiriman/999999/",
    "/satudata/kelola/kiriman/{submission}/?halaman=abc&bagian=progres",
    "/satudata/kelola/kiriman/{submission}/frobnicate/",
    "/satudata/kelola/kiriman/999999/publish/",
    "/satudata/kelola/antrean/?halaman=abc",
    "/satudata/kelola/kepatuhan/?tahun=abc&pd=x&periode=%ff",
    "/satudata/kelola/kepatuhan/?tahun=99999999999",
    "/satudata/kelola/kepatuhan.csv?tahun=-1&pd=%ff",
    "/satudata/kelola/indikator/?halaman=abc&indikator=%ff&dataset=%00",
]


@pytest.fixture
def published():
    return publish_one()


def _url(template: str, published) -> str:
    _walidata, _producer, entry, release = published
    values = {
        "{name}": release.dataset.name,
        "{uuid}": str(release.resources.get().uuid),
        "{entry}": str(entry.pk),
        "{submission}": str(release.submission_id),
    }
    for key, value in values.items():
        template = template.replace(key, value)
    return template


@pytest.mark.parametrize("template", PUBLIC)
def test_public_pages_never_answer_500(client, published, template):
    response = client.get(_url(template, published))
    assert response.status_code < 500, response.content[:300]


@pytest.mark.parametrize("template", CKAN)
def test_ckan_actions_answer_bad_parameters_with_a_ckan_error(client, published, template):
    response = client.get(API + _url(template, published))
    assert response.status_code in (200, 400, 403, 404, 409), response.content[:300]
    body = response.json()
    if response.status_code != 200:
        assert body["success"] is False and body["error"]["__type"] != "Internal Server Error"


@pytest.mark.parametrize(
    "body",
    [
        b"\xff\xfe{",
        b"[1, 2]",
        b'{"rows": [1], "q": {"a": 1}, "fq": 5, "facet.field": "x"}',
        b'{"rows": true, "start": null, "sort": ["a"]}',
        b'{"start": {"x": 1}}',
    ],
)
def test_ckan_post_bodies_that_are_not_what_ckan_expects_are_4xx(client, body):
    response = client.post(API + "package_search", body, content_type="application/json")
    assert 400 <= response.status_code < 500, response.content[:300]


@pytest.mark.parametrize("template", MANAGE)
def test_management_pages_never_answer_500(client, published, template):
    client.force_login(published[0])
    response = client.get(_url(template, published))
    assert response.status_code < 500, response.content[:300]


@pytest.mark.parametrize("method", ["get", "post"])
def test_a_nul_character_in_a_ckan_parameter_is_a_validation_error(client, published, method):
    resource_id = str(published[3].resources.get().uuid)
    data = {"resource_id": resource_id, "q": "a\x00b"}
    if method == "get":
        response = client.get(API + "datastore_search", data)
    else:
        response = client.post(API + "datastore_search", data, content_type="application/json")
    assert response.status_code == 409
    assert response.json()["error"] == {
        "q": ["Tidak boleh berisi karakter NUL"],
        "__type": "Validation Error",
    }


def test_the_search_page_keeps_a_bad_page_number_on_page_one(client, published):
    dataset = published[3].dataset
    page = client.get(reverse("opendata:portal") + "?halaman=abc")
    assert page.status_code == 200 and dataset.title in page.text
