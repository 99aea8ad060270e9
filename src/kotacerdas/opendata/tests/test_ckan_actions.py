"""The CKAN Action API v3 through the Django test client: envelopes, field names, GET and
POST (JSON, urlencoded JSON, form), CKAN's error types and status codes, visibility, and the
write actions authorised by API token (nothing written on a refusal)."""

from __future__ import annotations

import json

import pytest
from django.utils import timezone

from kotacerdas.core.models import AuditEvent
from kotacerdas.core.services.tokens import token_create
from kotacerdas.core.tests.factories import AgencyFactory
from kotacerdas.opendata.models import Dataset, DatasetState, Resource
from kotacerdas.opendata.selectors.search import organization_uuid
from kotacerdas.opendata.services.datasets import dataset_refresh_search
from kotacerdas.opendata.tests.factories import (
    DatasetFactory,
    ProducerFactory,
    ResourceFactory,
    TagFactory,
    TopicFactory,
    WalidataFactory,
)
from kotacerdas.opendata.tests.portal_data import add_release

pytestmark = pytest.mark.django_db
API = "/satudata/api/3/action/"


def published(title, *, organization, name=None, tags=(), topics=(), private=False):
    dataset = DatasetFactory(
        title=title,
        name=name or title.lower().replace(" ", "-"),
        organization=organization,
        state=DatasetState.ACTIVE,
        private=private,
        published_at=timezone.now(),
        released_at=timezone.now(),
    )
    dataset.tags.set([TagFactory(name=tag) for tag in tags])
    dataset.topics.set([TopicFactory(name=topic) for topic in topics])
    resource = ResourceFactory(
        dataset=dataset, name=f"{title} CSV", format="CSV", sha256="ab" * 32, size=120
    )
    add_release(dataset, resources=[resource])
    return dataset


@pytest.fixture
def dinkes():
    return AgencyFactory(code="DINKES-UJI", name="Dinas Kesehatan Uji", short_name="Dinkes")


@pytest.fixture
def catalogue(dinkes):
    other = AgencyFactory(code="DISDIK-UJI", name="Dinas Pendidikan Uji")
    draft = DatasetFactory(name="draf-dinkes", title="Puskesmas draf", organization=dinkes)
    dataset_refresh_search(draft)
    return {
        "puskesmas": published(
            "Jumlah Puskesmas", organization=dinkes, tags=["puskesmas"], topics=["kesehatan"]
        ),
        "sekolah": published("Jumlah Sekolah", organization=other, topics=["pendidikan"]),
        "private": published("Jumlah Rahasia", organization=dinkes, private=True),
        "draft": draft,
    }


def call(client, action, *, token=None, method="get", **data):
    headers = {"HTTP_AUTHORIZATION": token} if token else {}
    if method == "get":
        return client.get(API + action, data, **headers)
    return client.post(API + action, json.dumps(data), content_type="application/json", **headers)


def token_for(user):
    return token_create(actor="cli", user=user, name="uji")[1]


def world():
    return (
        list(Dataset.objects.order_by("pk").values()),
        Resource.objects.count(),
        AuditEvent.objects.count(),
    )


def test_status_show_envelope_and_both_paths_without_redirect(client):
    response = client.get(API + "status_show")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json;charset=utf-8"
    body = response.json()
    assert body["help"] == "http://testserver/satudata/api/3/action/help_show?name=status_show"
    assert body["success"] is True
    assert body["result"]["ckan_version"] == "2.10.4"
    unversioned = client.get("/satudata/api/action/status_show")
    assert unversioned.status_code == 200
    assert unversioned.json()["result"] == body["result"]


def test_unknown_action_is_ckans_bad_request(client):
    response = client.get(API + "package_frobnicate")
    assert response.status_code == 400
    assert response.json() == "Bad request - Action name not known: package_frobnicate"


def test_help_show_returns_the_action_documentation(client):
    body = client.get(API + "help_show", {"name": "package_search"}).json()
    assert body["result"].startswith("Cari dataset")


def test_package_list_only_published_public_with_limit_and_offset(client, catalogue):
    assert call(client, "package_list").json()["result"] == ["jumlah-puskesmas", "jumlah-sekolah"]
    limited = call(client, "package_list", limit=1, offset=1).json()["result"]
    assert limited == ["jumlah-sekolah"]


def test_package_search_get_and_post_json_give_the_same_result(client, catalogue):
    got = call(client, "package_search", q="jumlah", sort="name asc").json()
    posted = call(client, "package_search", method="post", q="jumlah", sort="name asc").json()
    assert got == posted
    result = got["result"]
    assert result["count"] == 2
    assert result["sort"] == "name asc"
    assert [package["name"] for package in result["results"]] == [
        "jumlah-puskesmas",
        "jumlah-sekolah",
    ]
    assert result["facets"] == {} and result["search_facets"] == {}


def test_package_search_fq_and_facets_in_ckan_shape(client, catalogue):
    body = call(
        client,
        "package_search",
        fq="organization:dinkes-uji",
        **{"facet.field": json.dumps(["organization", "groups", "tags"])},
    ).json()["result"]
    assert body["count"] == 1
    assert body["facets"] == {
        "organization": {"dinkes-uji": 1},
        "groups": {"kesehatan": 1},
        "tags": {"puskesmas": 1},
    }
    assert body["search_facets"]["organization"] == {
        "title": "organization",
        "items": [{"name": "dinkes-uji", "display_name": "Dinas Kesehatan Uji", "count": 1}],
    }


def test_urlencoded_json_body_and_form_fields_are_accepted(client, catalogue):
    as_key = client.post(
        API + "package_search",
        json.dumps({"q": "sekolah"}) + "=1",
        content_type="application/x-www-form-urlencoded",
    )
    assert as_key.json()["result"]["count"] == 1
    form = client.post(API + "package_search", {"q": "puskesmas", "rows": "5"})
    assert form.json()["result"]["count"] == 1


def test_rows_over_the_maximum_is_a_validation_error(client, catalogue):
    response = call(client, "package_search", rows=100000)
    assert response.status_code == 409
    body = response.json()
    assert body["success"] is False
    assert body["error"] == {
        "rows": ["Maksimum 1000 baris per permintaan"],
        "__type": "Validation Error",
    }
    assert call(client, "package_search", rows=1000).json()["result"]["count"] == 2


@pytest.mark.parametrize(
    ("params", "errors"),
    [
        ({"rows": "sepuluh"}, {"rows": ["Bilangan bulat tidak valid"]}),
        ({"start": "-1"}, {"start": ["Harus berupa bilangan asli (0 atau lebih)"]}),
        ({"facet.field": "tags"}, {"facet.field": ["Harus berupa daftar JSON"]}),
    ],
)
def test_bad_numbers_and_lists_are_validation_errors(client, params, errors):
    response = client.get(API + "package_search", params)
    assert response.status_code == 409
    body = response.json()
    assert body["success"] is False
    assert body["error"] == {**errors, "__type": "Validation Error"}


@pytest.mark.parametrize(
    "fq", ['tags:"air bersih', "warna:biru", "metadata_modified:[2025 TO", "organization"]
)
def test_malformed_fq_is_a_search_query_error(client, fq):
    response = client.get(API + "package_search", {"fq": fq})
    assert response.status_code == 400
    error = response.json()["error"]
    assert error["__type"] == "Search Query Error"
    assert error["message"].startswith("Search Query is invalid: ('Parameter fq tidak valid")


def test_unknown_sort_is_a_search_query_error(client):
    response = client.get(API + "package_search", {"sort": "popularitas desc"})
    assert response.status_code == 400
    assert response.json()["error"]["__type"] == "Search Query Error"


def test_package_show_fields_by_name_and_id(client, catalogue, dinkes):
    dataset = catalogue["puskesmas"]
    body = call(client, "package_show", id="jumlah-puskesmas").json()["result"]
    assert call(client, "package_show", id=str(dataset.uuid)).json()["result"] == body
    assert body["id"] == str(dataset.uuid)
    assert body["type"] == "dataset"
    assert body["state"] == "active" and body["private"] is False
    assert body["owner_org"] == organization_uuid(dinkes)
    assert body["organization"]["name"] == "dinkes-uji"
    assert body["organization"]["is_organization"] is True
    assert body["url"] == "http://testserver/satudata/dataset/jumlah-puskesmas/"
    assert body["license_id"] == "cc-by-4.0"
    assert body["license_title"] == "Creative Commons Attribution 4.0"
    assert body["tags"][0]["name"] == "puskesmas" and body["num_tags"] == 1
    assert body["groups"][0]["name"] == "kesehatan"
    assert body["num_resources"] == 1
    resource = body["resources"][0]
    assert resource["package_id"] == str(dataset.uuid)
    assert resource["hash"] == "sha256:" + "ab" * 32
    assert resource["format"] == "CSV" and resource["size"] == 120
    assert {"key": "frequency", "value": "annual"} in body["extras"]
    assert body["metadata_modified"].endswith("Z") is False


def test_private_and_draft_datasets_never_reach_the_public(client, catalogue):
    for name in ("jumlah-rahasia", "draf-dinkes"):
        response = call(client, "package_show", id=name)
        assert response.status_code == 404
        assert response.json()["error"] == {
            "__type": "Not Found Error",
            "message": "Not found: Dataset tidak ditemukan",
        }
    search = call(client, "package_search", q="jumlah", include_private="true").json()
    assert search["result"]["count"] == 2
    draft_resource = ResourceFactory(dataset=catalogue["draft"])
    assert call(client, "resource_show", id=str(draft_resource.uuid)).status_code == 404


def test_producer_token_sees_own_agency_drafts_with_include_private(client, catalogue, dinkes):
    token = token_for(ProducerFactory(agency=dinkes))
    body = call(client, "package_search", token=token, q="puskesmas", include_private=True)
    names = sorted(package["name"] for package in body.json()["result"]["results"])
    assert names == ["draf-dinkes", "jumlah-puskesmas"]
    draft = call(client, "package_show", token=token, id="draf-dinkes").json()["result"]
    assert draft["state"] == "draft" and draft["private"] is True


def test_organization_and_group_lists_and_shows(client, catalogue):
    names = call(client, "organization_list", sort="name asc").json()["result"]
    assert "dinkes-uji" in names and names == sorted(names)
    full = call(client, "organization_list", all_fields=True, sort="name asc").json()["result"]
    dinkes = next(item for item in full if item["name"] == "dinkes-uji")
    assert dinkes["package_count"] == 1 and dinkes["type"] == "organization"
    shown = call(client, "organization_show", id="dinkes-uji", include_datasets=True).json()
    assert [p["name"] for p in shown["result"]["packages"]] == ["jumlah-puskesmas"]
    assert call(client, "organization_show", id="tidak-ada").status_code == 404
    groups = call(client, "group_list", all_fields=True).json()["result"]
    kesehatan = next(item for item in groups if item["name"] == "kesehatan")
    assert kesehatan["package_count"] == 1 and kesehatan["is_organization"] is False
    group = call(client, "group_show", id="kesehatan", include_datasets=True).json()["result"]
    assert [p["name"] for p in group["packages"]] == ["jumlah-puskesmas"]


def test_tag_list_license_list_and_resource_show(client, catalogue):
    TagFactory(name="rahasia-draf")
    assert call(client, "tag_list").json()["result"] == ["puskesmas"]
    assert call(client, "tag_list", query="sekolah").json()["result"] == []
    licences = call(client, "license_list").json()["result"]
    assert licences[0]["id"] == "cc-by-4.0"
    resource = catalogue["puskesmas"].current_release.resources.get()
    shown = call(client, "resource_show", id=str(resource.uuid)).json()["result"]
    assert shown["id"] == str(resource.uuid) and shown["name"] == "Jumlah Puskesmas CSV"
    missing = call(client, "resource_show", id="bukan-uuid")
    assert missing.status_code == 404


def test_write_action_by_get_is_refused_as_ckan_does(client):
    response = client.get(API + "package_create", {"name": "abc"})
    assert response.status_code == 400
    assert response.json() == (
        "Bad request - JSON Error: Invalid request. Please use POST method for your request"
    )


def test_package_create_by_producer_token_is_a_private_draft(client, dinkes):
    TopicFactory(name="kesehatan")
    token = token_for(ProducerFactory(agency=dinkes))
    response = call(
        client,
        "package_create",
        method="post",
        token=token,
        name="imunisasi-dasar",
        title="Cakupan Imunisasi Dasar",
        owner_org="dinkes-uji",
        tags=[{"name": "imunisasi"}],
        groups=[{"name": "kesehatan"}],
        maintainer_email="dinkes@contoh.id",
        extras=[{"key": "unit", "value": "persen"}, {"key": "frequency", "value": "monthly"}],
        private=False,
    )
    assert response.status_code == 200, response.content
    result = response.json()["result"]
    assert result["state"] == "draft" and result["private"] is True
    dataset = Dataset.objects.get(name="imunisasi-dasar")
    assert (dataset.unit, dataset.frequency, dataset.contact_email) == (
        "persen",
        "monthly",
        "dinkes@contoh.id",
    )
    assert call(client, "package_show", id="imunisasi-dasar").status_code == 404


def test_writes_without_token_or_with_another_agencys_token_are_refused(client, catalogue):
    other_token = token_for(ProducerFactory(agency=AgencyFactory(code="LAIN")))
    before = world()
    cases = [
        ("package_create", None, {"name": "abc", "title": "A", "owner_org": "dinkes-uji"}),
        ("package_create", other_token, {"name": "abc", "title": "A", "owner_org": "dinkes-uji"}),
        ("package_patch", other_token, {"id": "draf-dinkes", "title": "Dibajak"}),
        ("package_update", "kc_salah_token", {"id": "draf-dinkes", "title": "Dibajak"}),
        ("package_delete", other_token, {"id": "jumlah-puskesmas"}),
        ("resource_create", other_token, {"package_id": "draf-dinkes", "url": "https://x.id/a"}),
    ]
    for action, token, data in cases:
        response = call(client, action, method="post", token=token, **data)
        assert response.status_code == 403, (action, response.content)
        error = response.json()["error"]
        assert error["__type"] == "Authorization Error"
        assert error["message"].startswith("Access denied: ")
    assert world() == before


def test_package_create_validation_errors_write_nothing(client, dinkes):
    token = token_for(ProducerFactory(agency=dinkes))
    before = world()
    response = call(
        client,
        "package_create",
        method="post",
        token=token,
        name="Nama Salah",
        owner_org="dinkes-uji",
        maintainer_email="bukan",
    )
    assert response.status_code == 409
    error = response.json()["error"]
    assert error["__type"] == "Validation Error"
    assert set(error) == {"__type", "name", "maintainer_email"}
    missing = call(client, "package_create", method="post", token=token, title="x")
    assert missing.json()["error"] == {
        "name": ["Nilai wajib diisi"],
        "owner_org": ["Nilai wajib diisi"],
        "__type": "Validation Error",
    }
    assert world() == before


def test_package_patch_update_and_delete_by_the_walidata_token(client, catalogue):
    token = token_for(WalidataFactory())
    patched = call(
        client, "package_patch", method="post", token=token, id="jumlah-sekolah", notes="Baru"
    ).json()["result"]
    assert patched["notes"] == "Baru" and patched["title"] == "Jumlah Sekolah"
    assert patched["groups"][0]["name"] == "pendidikan"
    updated = call(
        client, "package_update", method="post", token=token, id="jumlah-sekolah", title="SD"
    ).json()["result"]
    assert updated["title"] == "SD" and updated["notes"] == "" and updated["groups"] == []
    deleted = call(client, "package_delete", method="post", token=token, id="jumlah-sekolah")
    assert deleted.json()["result"] is None
    assert Dataset.objects.get(name="jumlah-sekolah").state == DatasetState.DELETED
    assert call(client, "package_show", id="jumlah-sekolah").status_code == 404


def test_resource_create_with_a_link_on_a_draft(client, catalogue, dinkes):
    token = token_for(ProducerFactory(agency=dinkes))
    response = call(
        client,
        "resource_create",
        method="post",
        token=token,
        package_id="draf-dinkes",
        url="https://data.contoh.id/peta.geojson",
        name="Peta",
        format="geojson",
    )
    assert response.status_code == 200, response.content
    result = response.json()["result"]
    assert result["url"] == "https://data.contoh.id/peta.geojson"
    assert result["format"] == "GEOJSON"
    bad = call(client, "resource_create", method="post", token=token, package_id="draf-dinkes")
    assert bad.status_code == 409
    assert bad.json()["error"]["url"] == ["Kirim berkas `upload` atau tautan `url`."]


def test_datastore_search_of_an_unknown_resource_is_not_found(client):
    response = call(client, "datastore_search", resource_id="00000000-0000-0000-0000-000000000000")
    assert response.status_code == 404
    assert response.json()["error"]["__type"] == "Not Found Error"


def test_resource_create_with_an_upload_waits_for_validation_and_the_walidata(
    client, catalogue, dinkes
):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from kotacerdas.opendata.models import Submission
    from kotacerdas.opendata.tests.factories import KECAMATAN_CSV, KECAMATAN_SCHEMA

    draft = catalogue["draft"]
    ResourceFactory(dataset=draft, table_schema=KECAMATAN_SCHEMA)
    token = token_for(ProducerFactory(agency=dinkes))
    upload = SimpleUploadedFile("penduduk.csv", KECAMATAN_CSV.encode(), "text/csv")
    response = client.post(
        API + "resource_create",
        {"package_id": "draf-dinkes", "upload": upload, "description": "Data 2025"},
        HTTP_AUTHORIZATION=token,
    )
    assert response.status_code == 200, response.content
    result = response.json()["result"]
    assert result["package_id"] == str(draft.uuid)
    assert result["load_state"] == "pending"
    assert result["submission_status"] == "validating"
    assert result["format"] == "CSV"
    submission = Submission.objects.get(dataset=draft)
    assert str(submission.resource.uuid) == result["id"]
    assert Dataset.objects.get(pk=draft.pk).state == DatasetState.DRAFT
