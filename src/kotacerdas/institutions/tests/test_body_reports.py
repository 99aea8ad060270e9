"""Reports of the council, the secretariat and the team, and their routing (Pasal 12-14):
the order of the route (team: council then mayor), who may do what, bad input, pages and API."""

import datetime as dt
import hashlib

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from kotacerdas.core.models import AuditEvent, Role
from kotacerdas.core.services.tokens import token_create
from kotacerdas.core.tests.factories import OfficerFactory, UserFactory
from kotacerdas.institutions.models import BodyReport, BodyReportKind, ReportRouting, RoutingStop
from kotacerdas.institutions.selectors.reports import report_status, report_timeline
from kotacerdas.institutions.services.reports import (
    body_report_create,
    report_mark_received,
    report_route,
)
from kotacerdas.institutions.tests.factories import LetterFactory
from kotacerdas.monitoring.models import PeriodicReport, ReportKind

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.7\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
BASE = "/kelembagaan/laporan/"
API = "/api/v1/institutions/reports"


@pytest.fixture(autouse=True)
def media_in_tmp(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def secretariat():
    return UserFactory(roles=[Role.COUNCIL_SECRETARIAT.value])


@pytest.fixture
def team_member():
    return UserFactory(roles=[Role.TEAM_MEMBER.value])


def ago(days: int) -> dt.datetime:
    return timezone.now() - dt.timedelta(days=days)


def make(actor, kind=BodyReportKind.TEAM, **overrides):
    values = {
        "actor": actor,
        "kind": kind,
        "title": "Laporan semester I",
        "period_start": dt.date(2026, 1, 1),
        "period_end": dt.date(2026, 6, 30),
    }
    values.update(overrides)
    return body_report_create(**values)


def counts():
    return (BodyReport.objects.count(), ReportRouting.objects.count(), AuditEvent.objects.count())


def test_team_report_goes_to_the_mayor_through_the_council(secretariat, team_member):
    report = make(team_member)
    assert report_status(report) == "Belum dikirim"
    to_council = report_route(
        actor=team_member, report=report, to=RoutingStop.COUNCIL, sent_at=ago(5)
    )
    report_mark_received(actor=secretariat, routing=to_council, received_at=ago(4))
    to_mayor = report_route(
        actor=secretariat,
        report=report,
        to=RoutingStop.MAYOR,
        sent_at=ago(3),
        letter=LetterFactory(),
    )
    assert (to_council.step, to_mayor.step) == (1, 2)
    report_mark_received(actor=secretariat, routing=to_mayor, received_at=ago(2))
    assert [s.state for s in report_timeline(report)] == ["received", "received"]
    assert report_status(report).startswith("Selesai")
    assert AuditEvent.objects.filter(action="body_report.route").count() == 2


def test_team_report_to_the_mayor_before_the_council_is_refused(secretariat, team_member):
    report = make(team_member)
    before = counts()
    with pytest.raises(ValidationError) as exc:
        report_route(actor=secretariat, report=report, to=RoutingStop.MAYOR, sent_at=ago(1))
    assert "melalui Dewan" in exc.value.message_dict["to"][0]
    assert counts() == before


def test_team_report_to_the_mayor_before_the_council_received_it_is_refused(
    secretariat, team_member
):
    report = make(team_member)
    report_route(actor=team_member, report=report, to=RoutingStop.COUNCIL, sent_at=ago(2))
    before = counts()
    with pytest.raises(ValidationError) as exc:
        report_route(actor=secretariat, report=report, to=RoutingStop.MAYOR, sent_at=ago(1))
    assert "belum diterima oleh Dewan Kota Cerdas" in exc.value.message_dict["to"][0]
    assert counts() == before


def test_forwarding_before_the_council_received_it_in_time_is_refused(secretariat, team_member):
    report = make(team_member)
    hop = report_route(actor=team_member, report=report, to=RoutingStop.COUNCIL, sent_at=ago(5))
    report_mark_received(actor=secretariat, routing=hop, received_at=ago(2))
    with pytest.raises(ValidationError) as exc:
        report_route(actor=secretariat, report=report, to=RoutingStop.MAYOR, sent_at=ago(3))
    assert "sent_at" in exc.value.message_dict


@pytest.mark.parametrize(
    ("kind", "wrong", "right"),
    [
        (BodyReportKind.COUNCIL, RoutingStop.COUNCIL_CHAIR, RoutingStop.MAYOR),
        (BodyReportKind.SECRETARIAT, RoutingStop.MAYOR, RoutingStop.COUNCIL_CHAIR),
        (BodyReportKind.TEAM, RoutingStop.COUNCIL_CHAIR, RoutingStop.COUNCIL),
    ],
)
def test_each_kind_only_goes_along_its_route(secretariat, kind, wrong, right):
    report = make(secretariat, kind=kind)
    with pytest.raises(ValidationError) as exc:
        report_route(actor=secretariat, report=report, to=wrong, sent_at=ago(1))
    assert "bukan kepada" in exc.value.message_dict["to"][0]
    hop = report_route(actor=secretariat, report=report, to=right, sent_at=ago(1))
    assert hop.step == 1
    with pytest.raises(ValidationError) as exc:
        report_route(actor=secretariat, report=report, to=right, sent_at=ago(1))
    assert "sudah dikirim" in exc.value.message_dict["to"][0]


def test_secretariat_report_goes_to_the_chair(secretariat):
    report = make(secretariat, kind=BodyReportKind.SECRETARIAT, title="LPJ Sekretariat 2026")
    hop = report_route(
        actor=secretariat, report=report, to=RoutingStop.COUNCIL_CHAIR, sent_at=ago(1)
    )
    assert [s.to for s in report_timeline(report)] == [RoutingStop.COUNCIL_CHAIR]
    assert hop.to == RoutingStop.COUNCIL_CHAIR


def test_who_creates_and_routes(secretariat, team_member):
    with pytest.raises(PermissionDenied):
        make(team_member, kind=BodyReportKind.COUNCIL)
    with pytest.raises(PermissionDenied):
        make(UserFactory(roles=[Role.COUNCIL_MEMBER.value]))
    with pytest.raises(PermissionDenied):
        make(OfficerFactory())
    report = make(team_member)
    hop = report_route(actor=team_member, report=report, to=RoutingStop.COUNCIL, sent_at=ago(3))
    with pytest.raises(PermissionDenied):
        report_mark_received(actor=team_member, routing=hop, received_at=ago(2))
    report_mark_received(actor=secretariat, routing=hop, received_at=ago(2))
    with pytest.raises(PermissionDenied):
        report_route(actor=team_member, report=report, to=RoutingStop.MAYOR, sent_at=ago(1))
    assert BodyReport.objects.count() == 1


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"title": ""}, "title"),
        ({"period_end": dt.date(2025, 12, 31)}, "period_end"),
        ({"kind": "mayor"}, "kind"),
        ({"monitoring_report_id": 1}, "monitoring_report_id"),  # only council reports
    ],
)
def test_bad_reports_are_refused_and_write_nothing(secretariat, overrides, field):
    before = counts()
    with pytest.raises(ValidationError) as exc:
        make(secretariat, **overrides)
    assert field in exc.value.message_dict
    assert counts() == before


def test_report_file_is_checked_and_its_sha256_kept(secretariat):
    report = make(secretariat, upload=SimpleUploadedFile("laporan.pdf", PDF))
    assert report.file_sha256 == hashlib.sha256(PDF).hexdigest()
    before = counts()
    with pytest.raises(ValidationError) as exc:
        make(secretariat, upload=SimpleUploadedFile("foto.png", b"\x89PNG\r\n\x1a\n" + b"\0" * 9))
    assert "hanya PDF, DOCX, XLSX" in " ".join(exc.value.messages)
    with pytest.raises(ValidationError) as exc:
        make(secretariat, upload=SimpleUploadedFile("besar.pdf", PDF + b"0" * (10 * 1024 * 1024)))
    assert "Berkas terlalu besar" in " ".join(exc.value.messages)
    assert counts() == before


def test_council_report_points_at_a_monitoring_periodic_report(secretariat):
    periodic = PeriodicReport.objects.create(
        kind=ReportKind.SEMESTER,
        year=2026,
        semester=1,
        period_start=dt.date(2026, 1, 1),
        period_end=dt.date(2026, 6, 30),
        title="Laporan Semester I 2026",
    )
    report = make(secretariat, kind=BodyReportKind.COUNCIL, monitoring_report_id=periodic.pk)
    assert report.monitoring_report_id == periodic.pk
    with pytest.raises(ValidationError) as exc:
        make(secretariat, kind=BodyReportKind.COUNCIL, monitoring_report_id=periodic.pk + 999)
    assert "tidak ditemukan" in exc.value.message_dict["monitoring_report_id"][0]


def test_received_time_rules(secretariat):
    report = make(secretariat, kind=BodyReportKind.COUNCIL)
    hop = report_route(actor=secretariat, report=report, to=RoutingStop.MAYOR, sent_at=ago(3))
    with pytest.raises(ValidationError):
        report_mark_received(actor=secretariat, routing=hop, received_at=ago(4))
    with pytest.raises(ValidationError):
        report_mark_received(
            actor=secretariat, routing=hop, received_at=timezone.now() + dt.timedelta(days=1)
        )
    report_mark_received(actor=secretariat, routing=hop, received_at=ago(2))
    with pytest.raises(ValidationError) as exc:
        report_mark_received(actor=secretariat, routing=hop, received_at=ago(1))
    assert "sudah dicatat" in exc.value.message_dict["received_at"][0]
    with pytest.raises(ValidationError) as exc:
        report_route(
            actor=secretariat,
            report=make(secretariat, kind=BodyReportKind.COUNCIL),
            to=RoutingStop.MAYOR,
            sent_at=timezone.now() + dt.timedelta(hours=2),
        )
    assert "masa depan" in exc.value.message_dict["sent_at"][0]


def test_pages_list_detail_create_route(client, secretariat, team_member):
    client.force_login(team_member)
    response = client.post(
        BASE + "baru/",
        {
            "kind": "team",
            "title": "Laporan Tim TW1",
            "period_start": "2026-01-01",
            "period_end": "2026-03-31",
        },
    )
    report = BodyReport.objects.get()
    assert response.status_code == 302 and response.url == f"{BASE}{report.pk}/"
    form_page = client.get(BASE + "baru/").content.decode()
    assert "Laporan Dewan kepada Wali Kota" not in form_page  # team members: team reports only
    sent = (timezone.localtime() - dt.timedelta(days=1)).strftime("%Y-%m-%dT%H:%M")
    early = client.post(f"{BASE}{report.pk}/kirim/", {"to": "mayor", "sent_at": sent})
    assert early.status_code == 403  # team members hand reports to the council only
    client.force_login(secretariat)
    refused = client.post(f"{BASE}{report.pk}/kirim/", {"to": "mayor", "sent_at": sent})
    assert refused.status_code == 400 and "melalui Dewan" in refused.content.decode()
    client.force_login(team_member)
    assert (
        client.post(f"{BASE}{report.pk}/kirim/", {"to": "council", "sent_at": sent}).status_code
        == 302
    )
    client.force_login(secretariat)
    hop = ReportRouting.objects.get()
    received = (timezone.localtime() - dt.timedelta(hours=2)).strftime("%Y-%m-%dT%H:%M")
    assert (
        client.post(f"{BASE}alur/{hop.pk}/diterima/", {"received_at": received}).status_code == 302
    )
    page = client.get(f"{BASE}{report.pk}/").content.decode()
    assert "Dewan Kota Cerdas" in page and "Wali Kota" in page and "Catat pengiriman" in page
    listing = client.get(BASE + "?jenis=team").content.decode()
    assert "Laporan Tim TW1" in listing and "Diterima Dewan Kota Cerdas" in listing
    assert client.get(BASE + "?jenis=council").content.decode().count("Laporan Tim TW1") == 0
    csv_text = client.get(BASE + "ekspor.csv").content.decode("utf-8-sig")
    assert "Laporan Tim TW1" in csv_text


def test_pages_roles(client, secretariat):
    report = make(secretariat, kind=BodyReportKind.COUNCIL, upload=SimpleUploadedFile("l.pdf", PDF))
    client.force_login(UserFactory(roles=[Role.COUNCIL_MEMBER.value]))
    page = client.get(f"{BASE}{report.pk}/").content.decode()
    assert (
        "Catat pengiriman" not in page and "Catat laporan" not in client.get(BASE).content.decode()
    )
    download = client.get(f"{BASE}{report.pk}/berkas/")
    assert b"".join(download.streaming_content) == PDF
    assert client.get(BASE + "baru/").status_code == 403
    client.force_login(OfficerFactory())
    assert client.get(BASE).status_code == 403
    assert client.get(f"{BASE}{report.pk}/berkas/").status_code == 403


def test_api_create_route_and_order(client, secretariat, team_member):
    def headers(user):
        _t, raw = token_create(actor=user, user=user, name="uji")
        return {"HTTP_AUTHORIZATION": f"Token {raw}"}

    team, sec = headers(team_member), headers(secretariat)
    created = client.post(
        API,
        {
            "kind": "team",
            "title": "Laporan Tim",
            "period_start": "2026-01-01",
            "period_end": "2026-03-31",
        },
        **team,
    )
    assert created.status_code == 201, created.content
    report_id = created.json()["id"]
    assert created.json()["next_stop"] == "council"
    sent = (timezone.now() - dt.timedelta(days=2)).isoformat()
    before = counts()
    refused = client.post(
        f"{API}/{report_id}/routing",
        {"to": "mayor", "sent_at": sent},
        content_type="application/json",
        **sec,
    )
    assert refused.status_code == 422 and "melalui Dewan" in str(refused.json())
    assert counts() == before
    hop = client.post(
        f"{API}/{report_id}/routing",
        {"to": "council", "sent_at": sent},
        content_type="application/json",
        **team,
    )
    assert hop.status_code == 201
    received = client.post(
        f"{API}/routing/{hop.json()['id']}/received",
        {"received_at": (timezone.now() - dt.timedelta(days=1)).isoformat()},
        content_type="application/json",
        **sec,
    )
    assert received.status_code == 200
    detail = client.get(f"{API}/{report_id}", **sec).json()
    assert detail["next_stop"] == "mayor" and len(detail["routing"]) == 1
    listing = client.get(API + "?kind=team", **sec).json()
    assert listing["count"] == 1
    assert client.get(API, **headers(OfficerFactory())).status_code == 403
