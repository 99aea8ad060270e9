"""Acceptance of issue #6 over HTTP: agency scoping on pages and on the CKAN API (an officer of
agency B never sees nor acts on agency A's unpublished data, and such attempts write nothing),
CKAN's paths, methods, envelopes and error types, and the downloads of a published table."""

from __future__ import annotations

import csv
import io
import json

import pytest
from django.urls import reverse

from kotacerdas.core.models import AuditEvent
from kotacerdas.core.services.tokens import token_create
from kotacerdas.core.tests.factories import AgencyFactory
from kotacerdas.opendata.models import Dataset, Release, Submission, SubmissionStatus
from kotacerdas.opendata.services.datasets import dataset_update
from kotacerdas.opendata.services.submissions import submission_check, submission_publish
from kotacerdas.opendata.tests.factories import KECAMATAN_CSV, ProducerFactory, WalidataFactory
from kotacerdas.opendata.tests.workflow_support import csv_upload, make_entry, submit

pytestmark = pytest.mark.django_db
API = "/satudata/api/3/action/"


def _publish(walidata, producer, entry, period):
    submission = submit(producer, entry, period)
    submission_check(actor=walidata, submission=submission)
    return submission_publish(actor=walidata, submission=submission)


def publish_one() -> tuple:
    """One dataset of agency A published through the services (Q1): walidata, producer,
    entry, release."""
    walidata = WalidataFactory()
    producer_a = ProducerFactory(agency=AgencyFactory())
    entry = make_entry(walidata, producer_a.agency)
    return walidata, producer_a, entry, _publish(walidata, producer_a, entry, "2025-Q1")


@pytest.fixture
def published():
    return publish_one()


@pytest.fixture
def world(published):
    """Agency A: a published dataset (Q1) with an unreleased checked file (Q2), a private
    published dataset and a draft; agency B: an officer with nothing of A's to see."""
    walidata, producer_a, entry, release = published
    agency_a = producer_a.agency
    producer_b = ProducerFactory(agency=AgencyFactory())
    pending = submit(producer_a, entry, "2025-Q2")
    secret_entry = make_entry(walidata, agency_a, title="Data rahasia")
    secret = _publish(walidata, producer_a, secret_entry, "2025-Q1").dataset
    dataset_update(actor=walidata, dataset=secret, private=True)
    draft_entry = make_entry(walidata, agency_a, title="Data draf")
    draft = submit(producer_a, draft_entry, "2025-Q1").dataset
    return {
        "walidata": walidata,
        "a": producer_a,
        "b": producer_b,
        "entry": entry,
        "dataset": release.dataset,
        "released": release.resources.get(),
        "pending": pending,
        "secret": secret,
        "draft": draft,
    }


def _world_state():
    return (
        list(Submission.objects.order_by("pk").values_list("pk", "status")),
        list(Dataset.objects.order_by("pk").values()),
        Release.objects.count(),
        AuditEvent.objects.count(),
    )


# --- pages


def _pages_closed_to_b(world) -> dict[str, str]:
    pending, dataset = world["pending"], world["dataset"]
    resource = pending.resource
    return {
        "submission detail": reverse("opendata:submission_detail", args=[pending.pk]),
        "entry detail": reverse("opendata:entry_detail", args=[world["entry"].pk]),
        "upload": reverse("opendata:submission_create", args=[world["entry"].pk]),
        "review queue": reverse("opendata:review_queue"),
        **{
            f"{action} page": reverse("opendata:submission_action", args=[pending.pk, action])
            for action in ("check", "return", "publish")
        },
        "draft page": reverse("opendata:dataset_detail", args=[world["draft"].name]),
        "draft preview": reverse("opendata:dataset_preview", args=[world["draft"].name]),
        "private page": reverse("opendata:dataset_detail", args=[world["secret"].name]),
        "private chart": reverse("opendata:dataset_chart_data", args=[world["secret"].name]),
        "unreleased file": reverse("opendata:resource_file", args=[dataset.name, resource.uuid]),
        "unreleased csv": reverse(
            "opendata:resource_download", args=[dataset.name, resource.uuid, "csv"]
        ),
    }


def test_an_officer_of_another_agency_gets_403_or_404_on_every_page_of_a(client, world):
    client.force_login(world["b"])
    for label, url in _pages_closed_to_b(world).items():
        status = client.get(url).status_code
        assert status in (403, 404), f"{label}: {url} answered {status}"


def test_an_officer_of_another_agency_cannot_act_and_nothing_is_written(client, world):
    before = _world_state()
    pending = world["pending"]
    client.force_login(world["b"])
    for action in ("check", "return", "publish"):
        url = reverse("opendata:submission_action", args=[pending.pk, action])
        assert client.post(url, {"notes": "coba"}).status_code == 403
    upload = reverse("opendata:submission_create", args=[world["entry"].pk])
    response = client.post(upload, {"period_label": "2025-Q3", "file": csv_upload()})
    assert response.status_code == 403
    assert _world_state() == before


def test_lists_of_another_agency_show_nothing_of_a(client, world):
    client.force_login(world["b"])
    page = client.get(reverse("opendata:submission_list"))
    assert page.status_code == 200
    assert reverse("opendata:submission_detail", args=[world["pending"].pk]) not in page.text
    portal = client.get(reverse("opendata:portal"))
    assert world["dataset"].title in portal.text  # the published one is public
    assert world["secret"].title not in portal.text and world["draft"].title not in portal.text


def test_the_producer_of_a_sees_its_own_unpublished_records(client, world):
    client.force_login(world["a"])
    for label in ("submission detail", "entry detail", "draft page", "unreleased csv"):
        url = _pages_closed_to_b(world)[label]
        assert client.get(url).status_code == 200, label


# --- the CKAN API with tokens


def _token(user) -> str:
    return token_create(actor="cli", user=user, name="uji")[1]


def _api(client, action, *, token=None, method="get", path=API, **data):
    headers = {"HTTP_AUTHORIZATION": token} if token else {}
    if method == "get":
        return client.get(path + action, data, **headers)
    return client.post(path + action, json.dumps(data), content_type="application/json", **headers)


def test_another_agencys_token_reads_nothing_unpublished_of_a(client, world):
    token = _token(world["b"])
    for key in ("secret", "draft"):
        response = _api(client, "package_show", token=token, id=world[key].name)
        assert response.status_code == 404
        assert response.json()["error"]["__type"] == "Not Found Error"
    for action in ("resource_show", "datastore_search"):
        key = "id" if action == "resource_show" else "resource_id"
        response = _api(client, action, token=token, **{key: str(world["pending"].resource.uuid)})
        assert response.status_code == 404, action
    found = _api(client, "package_search", token=token, include_private="true", rows=1000)
    names = {item["name"] for item in found.json()["result"]["results"]}
    assert world["dataset"].name in names
    assert not names & {world["secret"].name, world["draft"].name}


def test_include_private_shows_own_private_and_drafts_only_when_asked(client, world):
    token = _token(world["a"])
    private = {world["secret"].name, world["draft"].name}

    def names(**data):
        body = _api(client, "package_search", token=token, rows=1000, **data).json()
        return {item["name"] for item in body["result"]["results"]}

    assert names(include_private="true") >= private | {world["dataset"].name}
    assert not names() & private
    assert not names(include_private="false") & private
    anonymous = _api(client, "package_search", include_private="true").json()["result"]
    assert not {item["name"] for item in anonymous["results"]} & private


def test_writes_with_another_agencys_token_are_authorization_errors_writing_nothing(client, world):
    token = _token(world["b"])
    before = _world_state()
    dataset = world["dataset"]
    patch = _api(client, "package_patch", token=token, method="post", id=dataset.name, title="X")
    assert patch.status_code == 403
    body = patch.json()
    assert body["success"] is False and body["error"]["__type"] == "Authorization Error"
    assert body["help"].endswith("help_show?name=package_patch")
    upload = client.post(
        API + "resource_create",
        {"package_id": dataset.name, "upload": csv_upload(KECAMATAN_CSV)},
        HTTP_AUTHORIZATION=token,
    )
    assert upload.status_code == 403
    assert upload.json()["error"]["__type"] == "Authorization Error"
    delete = _api(client, "package_delete", token=token, method="post", id=dataset.name)
    assert delete.status_code == 403
    assert _world_state() == before


# --- CKAN paths, methods and envelopes


@pytest.mark.parametrize("path", ["/satudata/api/3/action/", "/satudata/api/action/"])
@pytest.mark.parametrize("slash", ["", "/"])
@pytest.mark.parametrize("method", ["get", "post"])
def test_both_paths_with_or_without_slash_by_get_or_post_answer_without_redirect(
    client, published, path, slash, method
):
    response = _api(client, "package_search" + slash, method=method, path=path, q="penduduk")
    assert response.status_code == 200, response.content[:200]
    body = response.json()
    assert body["success"] is True
    assert body["help"] == "http://testserver/satudata/api/3/action/help_show?name=package_search"
    assert [item["name"] for item in body["result"]["results"]] == [published[3].dataset.name]


@pytest.mark.parametrize(
    ("action", "data", "status", "error_type"),
    [
        ("package_show", {"id": "tidak-ada"}, 404, "Not Found Error"),
        ("resource_show", {"id": "bukan-uuid"}, 404, "Not Found Error"),
        ("organization_show", {"id": "tidak-ada"}, 404, "Not Found Error"),
        ("package_search", {"rows": "100000"}, 409, "Validation Error"),
        ("package_search", {"rows": "-1"}, 409, "Validation Error"),
        ("package_show", {}, 409, "Validation Error"),
        ("package_search", {"fq": 'tags:"air'}, 400, "Search Query Error"),
        ("package_search", {"sort": "acak desc"}, 400, "Search Query Error"),
    ],
)
@pytest.mark.parametrize("method", ["get", "post"])
def test_error_envelopes_as_ckan_returns_them(client, action, data, status, error_type, method):
    response = _api(client, action, method=method, **data)
    assert response.status_code == status
    body = response.json()
    assert body["success"] is False
    assert body["error"]["__type"] == error_type
    assert body["help"].endswith(f"/satudata/api/3/action/help_show?name={action}")
    assert "result" not in body


def test_writes_without_a_token_are_authorization_errors(client):
    response = _api(client, "package_create", method="post", name="baru", owner_org="x")
    assert response.status_code == 403
    assert response.json()["error"]["__type"] == "Authorization Error"


@pytest.mark.parametrize("method", ["get", "post"])
def test_an_unknown_action_is_ckans_400_string(client, method):
    response = _api(client, "paket_ajaib", method=method)
    assert response.status_code == 400
    assert response.json() == "Bad request - Action name not known: paket_ajaib"


def test_organization_list_all_fields_counts_only_public_datasets(client, world):
    names = _api(client, "organization_list").json()["result"]
    assert all(isinstance(name, str) for name in names)
    full = _api(client, "organization_list", all_fields="true").json()["result"]
    assert [item["name"] for item in full] == names
    agency_a = world["dataset"].organization
    (item,) = [item for item in full if item["title"] == agency_a.name]
    assert item["package_count"] == 1  # not the private one nor the draft
    assert {"id", "name", "title", "display_name", "is_organization", "state"} <= set(item)
    assert item["is_organization"] is True


# --- downloads


def test_a_published_table_downloads_as_csv_json_xlsx_and_the_original_file(client, world):
    dataset, resource = world["dataset"], world["released"]
    csv_response = client.get(
        reverse("opendata:resource_download", args=[dataset.name, resource.uuid, "csv"])
    )
    assert csv_response.status_code == 200
    text = b"".join(csv_response.streaming_content).decode("utf-8-sig")
    rows = list(csv.DictReader(io.StringIO(text)))
    assert [row["kode_kecamatan"] for row in rows] == ["32.75.01", "32.75.02", "32.75.03"]
    json_response = client.get(
        reverse("opendata:resource_download", args=[dataset.name, resource.uuid, "json"])
    )
    records = json.loads(b"".join(json_response.streaming_content))
    assert records[0]["jumlah"] == 251000  # a number, not a string
    xlsx = client.get(
        reverse("opendata:resource_download", args=[dataset.name, resource.uuid, "xlsx"])
    )
    assert xlsx.status_code == 200 and b"".join(xlsx.streaming_content).startswith(b"PK")
    original = client.get(reverse("opendata:resource_file", args=[dataset.name, resource.uuid]))
    assert original.status_code == 200
    assert b"".join(original.streaming_content) == KECAMATAN_CSV.encode()
    assert "attachment" in original["Content-Disposition"]


def test_the_dataset_page_links_its_downloads(client, world):
    dataset, resource = world["dataset"], world["released"]
    page = client.get(reverse("opendata:dataset_detail", args=[dataset.name]))
    for fmt in ("csv", "json", "xlsx"):
        url = reverse("opendata:resource_download", args=[dataset.name, resource.uuid, fmt])
        assert url in page.text
    shown = _api(client, "resource_show", id=str(resource.uuid)).json()["result"]
    assert shown["url"].endswith(
        reverse("opendata:resource_file", args=[dataset.name, resource.uuid])
    )


@pytest.mark.parametrize("fmt", ["exe", "pdf", "CSV"])
def test_an_unknown_download_format_is_a_404(client, world, fmt):
    dataset, resource = world["dataset"], world["released"]
    url = reverse("opendata:resource_download", args=[dataset.name, resource.uuid, "csv"])
    assert client.get(url.replace("unduh.csv", f"unduh.{fmt}")).status_code == 404


def test_a_resource_of_another_dataset_is_not_downloadable_under_this_name(client, world):
    other = _publish(
        world["walidata"],
        world["a"],
        make_entry(world["walidata"], world["a"].agency, title="Lain"),
        "2025-Q1",
    )
    url = reverse(
        "opendata:resource_download",
        args=[world["dataset"].name, other.resources.get().uuid, "csv"],
    )
    assert client.get(url).status_code == 404
    assert Submission.objects.filter(status=SubmissionStatus.PUBLISHED).count() == 3
