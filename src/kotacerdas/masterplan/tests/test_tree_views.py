import decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from kotacerdas.core.models import AuditEvent, Role
from kotacerdas.core.tests.factories import (
    AdminFactory,
    OfficerFactory,
    UserFactory,
)
from kotacerdas.masterplan.models import (
    Activity,
    BudgetAllocation,
    Dimension,
    Indicator,
    IndicatorTarget,
    Program,
)
from kotacerdas.masterplan.services.importing import TREE_COLUMNS
from kotacerdas.masterplan.tests.factories import (
    ActivityFactory,
    BudgetAllocationFactory,
    IndicatorFactory,
    PriorityProgramFactory,
    ProgramFactory,
)

pytestmark = pytest.mark.django_db


def _login(client, user):
    client.force_login(user)
    return user


def test_tree_requires_sign_in(client):
    response = client.get(reverse("masterplan:tree"))
    assert response.status_code == 302


def test_tree_page_lists_dimensions_programs_and_budget(client, django_assert_max_num_queries):
    _login(client, UserFactory(roles=[Role.EXECUTIVE.value]))
    for _ in range(5):
        BudgetAllocationFactory(amount=decimal.Decimal("1500000"))
    with django_assert_max_num_queries(12):
        response = client.get(reverse("masterplan:tree"), {"tahun": 2026})
    assert response.status_code == 200
    body = response.content.decode()
    assert "Tata Kelola Pemerintahan Cerdas" in body
    assert body.count('data-testid="program-node"') == 5
    assert "Rp1.500.000" in body
    assert "Ubah" not in body.split('data-testid="program-tree"')[1]  # executives read only


def test_tree_filters_by_dimension_agency_and_quick_win(client):
    _login(client, UserFactory(roles=[Role.EXECUTIVE.value]))
    gov = ProgramFactory(
        priority_program=PriorityProgramFactory(dimension=Dimension.objects.get(code="GOV"))
    )
    env = ProgramFactory(
        priority_program=PriorityProgramFactory(dimension=Dimension.objects.get(code="ENV")),
        dimension=Dimension.objects.get(code="ENV"),
    )
    ActivityFactory(program=env, quick_win=True)
    response = client.get(reverse("masterplan:tree"), {"dimensi": "ENV"})
    assert env.name in response.content.decode()
    assert gov.name not in response.content.decode()
    response = client.get(reverse("masterplan:tree"), {"pd": gov.agency.code})
    assert gov.name in response.content.decode() and env.name not in response.content.decode()
    response = client.get(reverse("masterplan:tree"), {"quick_win": "1"}, HTTP_HX_REQUEST="true")
    body = response.content.decode()
    assert env.name in body and gov.name not in body
    assert "<html" not in body  # htmx gets the fragment


def test_officer_sees_edit_only_for_own_agency(client):
    own = ProgramFactory()
    other = ProgramFactory()
    _login(client, OfficerFactory(agency=own.agency))
    body = client.get(reverse("masterplan:tree")).content.decode()
    assert reverse("masterplan:program_edit", args=[own.pk]) in body
    assert reverse("masterplan:program_edit", args=[other.pk]) not in body
    assert client.get(reverse("masterplan:program_edit", args=[other.pk])).status_code == 403
    response = client.post(
        reverse("masterplan:program_edit", args=[other.pk]), {"name": "Diambil alih"}
    )
    assert response.status_code == 403
    other.refresh_from_db()
    assert other.name != "Diambil alih"
    assert AuditEvent.objects.count() == 0


def test_program_children_fragment(client):
    activity = ActivityFactory(name="Kegiatan Anak")
    BudgetAllocationFactory(activity=activity, amount=decimal.Decimal("2500000"))
    _login(client, OfficerFactory(agency=activity.agency))
    url = reverse("masterplan:program_children", args=[activity.program.pk])
    response = client.get(url, {"tahun": 2026}, HTTP_HX_REQUEST="true")
    body = response.content.decode()
    assert "Kegiatan Anak" in body and "2.500.000" in body
    assert reverse("masterplan:activity_create", args=[activity.program.pk]) in body
    assert client.get(url).status_code == 302  # without htmx: the program page


def test_program_edit_shows_service_error_and_saves(client):
    program = ProgramFactory(code="2.16.02")
    _login(client, OfficerFactory(agency=program.agency))
    url = reverse("masterplan:program_edit", args=[program.pk])
    data = {"code": "2.16", "name": program.name, "agency": program.agency.pk}
    response = client.post(url, data)
    assert response.status_code == 200
    assert "Kode program harus berpola X.XX.XX" in response.content.decode()
    program.refresh_from_db()
    assert program.code == "2.16.02"
    data["code"] = "2.16.05"
    response = client.post(url, data)
    assert response.status_code == 302
    program.refresh_from_db()
    assert program.code == "2.16.05"


def test_activity_create_page_and_code_error(client):
    program = ProgramFactory(code="2.16.02")
    _login(client, OfficerFactory(agency=program.agency))
    url = reverse("masterplan:activity_create", args=[program.pk])
    assert client.get(url).status_code == 200
    response = client.post(url, {"code": "2.16.03.1.01", "name": "Kegiatan"})
    assert (
        "Kode kegiatan harus berpola X.XX.XX.X.XX dan diawali kode programnya (2.16.02)"
        in response.content.decode()
    )
    assert Activity.objects.count() == 0
    response = client.post(url, {"code": "2.16.02.1.01", "name": "Kegiatan"})
    activity = Activity.objects.get()
    assert response.url == reverse("masterplan:activity_detail", args=[activity.pk])


def test_activity_detail_and_budget_form(client):
    activity = ActivityFactory()
    _login(client, OfficerFactory(agency=activity.agency))
    detail = client.get(reverse("masterplan:activity_detail", args=[activity.pk]))
    assert detail.status_code == 200
    url = reverse("masterplan:activity_budget_set", args=[activity.pk])
    response = client.post(url, {"year": 2026, "source": "apbd", "amount": "-10"})
    assert response.status_code == 422
    assert "Jumlah anggaran tidak boleh negatif" in response.content.decode()
    assert BudgetAllocation.objects.count() == 0
    response = client.post(url, {"year": 2026, "source": "csr", "amount": "750000"})
    assert response.status_code == 302
    assert BudgetAllocation.objects.get().amount == decimal.Decimal("750000")


def test_budget_of_other_agency_forbidden(client):
    activity = ActivityFactory()
    _login(client, OfficerFactory())
    url = reverse("masterplan:activity_budget_set", args=[activity.pk])
    response = client.post(url, {"year": 2026, "source": "apbd", "amount": "10"})
    assert response.status_code == 403
    assert BudgetAllocation.objects.count() == 0


def test_indicators_page_missing_target_and_target_form(client):
    indicator = IndicatorFactory(unit="%", max_value=decimal.Decimal(100))
    activity = indicator.activity
    _login(client, OfficerFactory(agency=activity.agency))
    url = reverse("masterplan:activity_indicators", args=[activity.pk])
    body = client.get(url).content.decode()
    assert indicator.code in body
    assert "belum ditetapkan" in body
    target_url = reverse("masterplan:indicator_target_set", args=[indicator.pk])
    response = client.post(target_url, {"year": 2026, "value": "120"})
    assert response.status_code == 422
    assert "melebihi nilai maksimum 100" in response.content.decode()
    assert IndicatorTarget.objects.count() == 0
    assert client.post(target_url, {"year": 2026, "value": "80"}).status_code == 302
    assert IndicatorTarget.objects.get().value == decimal.Decimal(80)
    response = client.post(
        url, {"code": "BARU-1", "name": "Indikator baru", "level": "output", "unit": "unit",
              "direction": "higher", "aggregation": "last", "frequency": "quarter"},
    )  # fmt: skip
    assert response.status_code == 302
    assert Indicator.objects.filter(code="BARU-1", activity=activity).exists()


def test_indicator_page_forbidden_writes_for_other_agency(client):
    indicator = IndicatorFactory()
    _login(client, OfficerFactory())
    target_url = reverse("masterplan:indicator_target_set", args=[indicator.pk])
    assert client.post(target_url, {"year": 2026, "value": "1"}).status_code == 403
    assert client.get(reverse("masterplan:indicator_edit", args=[indicator.pk])).status_code == 403
    assert IndicatorTarget.objects.count() == 0


def test_import_page_error_table_and_success(client):
    _login(client, UserFactory(roles=[Role.TEAM_MEMBER.value]))
    url = reverse("masterplan:import")
    assert client.get(url).status_code == 200
    header = ",".join(TREE_COLUMNS)
    bad = f"{header}\nprogram,2.16,Program,,DISKOMINFOSTANDI" + "," * (len(TREE_COLUMNS) - 5)
    response = client.post(
        url, {"kind": "pohon-program", "file": SimpleUploadedFile("a.csv", bad.encode())}
    )
    assert response.status_code == 422
    body = response.content.decode()
    assert 'data-testid="import-errors"' in body
    assert "Kode program harus berpola X.XX.XX" in body
    assert Program.objects.count() == 0
    good = bad.replace("program,2.16,", "program,2.16.02,")
    response = client.post(
        url, {"kind": "pohon-program", "file": SimpleUploadedFile("a.csv", good.encode())}
    )
    assert response.status_code == 200
    assert 'data-testid="import-summary"' in response.content.decode()
    assert Program.objects.get().code == "2.16.02"


def test_import_template_downloads(client):
    _login(client, OfficerFactory())
    response = client.get(reverse("masterplan:import_template", args=["pohon-program", "xlsx"]))
    assert response.status_code == 200
    assert response.content[:4] == b"PK\x03\x04"
    response = client.get(reverse("masterplan:import_template", args=["pohon-program", "csv"]))
    assert response.content.decode("utf-8-sig").startswith("tingkat,kode,nama")
    assert (
        client.get(reverse("masterplan:import_template", args=["lain", "csv"])).status_code == 404
    )


def test_reference_pages_admin_edit(client, settings):
    settings.KOTACERDAS_2FA_REQUIRED_ROLES = []
    assert client.get(reverse("masterplan:reference_list")).status_code == 200
    _login(client, OfficerFactory())
    url = reverse("masterplan:reference_edit", args=["unsur", "GOV.1"])
    assert client.post(url, {"name_id": "X", "name_en": "Y"}).status_code == 403
    client.logout()
    _login(client, AdminFactory())
    response = client.post(
        url, {"name_id": "Pelayanan publik terpadu", "name_en": "Public service"}
    )
    assert response.status_code == 302
    from kotacerdas.masterplan.models import Element

    assert Element.objects.get(code="GOV.1").name_id == "Pelayanan publik terpadu"
    event = AuditEvent.objects.get(action="update", object_type="masterplan.Element")
    assert event.changes == {"name_id": ["Pelayanan publik", "Pelayanan publik terpadu"]}


def test_priority_program_pages(client, settings):
    pp = PriorityProgramFactory(number=7, name="Contoh PP")
    ProgramFactory(priority_program=pp, name="Program Pendukung")
    _login(client, OfficerFactory())
    body = client.get(reverse("masterplan:priority_program_detail", args=[pp.pk])).content.decode()
    assert "Program Pendukung" in body
    assert client.get(reverse("masterplan:priority_program_edit", args=[pp.pk])).status_code == 403
    client.logout()
    _login(client, UserFactory(roles=[Role.TEAM_MEMBER.value]))
    url = reverse("masterplan:priority_program_edit", args=[pp.pk])
    response = client.post(url, {"number": 7, "name": "PP baru", "rpjmd_period": "2018-2023"})
    assert response.status_code == 302
    pp.refresh_from_db()
    assert pp.name == "PP baru"


def test_tree_page_queries_bounded_on_demo_data(client, django_assert_max_num_queries):
    from kotacerdas.core.demo import stakeholders
    from kotacerdas.masterplan import demo

    stakeholders.load()
    demo.load()
    _login(client, UserFactory(roles=[Role.EXECUTIVE.value]))
    with django_assert_max_num_queries(12):
        response = client.get(reverse("masterplan:tree"), {"tahun": 2026})
    assert response.content.decode().count('data-testid="program-node"') == Program.objects.count()


def test_officer_import_of_priority_programs_refused_on_the_page(client):
    from kotacerdas.masterplan.models import PriorityProgram
    from kotacerdas.masterplan.services.importing import PRIORITY_PROGRAM_COLUMNS

    _login(client, OfficerFactory())
    content = ",".join(PRIORITY_PROGRAM_COLUMNS) + "\n1,PP,,,GOV,,,,,,\n"
    response = client.post(
        reverse("masterplan:import"),
        {"kind": "program-prioritas", "file": SimpleUploadedFile("p.csv", content.encode())},
    )
    assert response.status_code == 403
    assert "hanya dikelola administrator dan Tim Pelaksana" in response.content.decode()
    assert PriorityProgram.objects.count() == 0


def test_tree_export_round_trips_through_the_import(client, django_assert_max_num_queries):
    from kotacerdas.masterplan.services import importing

    activity = ActivityFactory(
        code="2.16.02.1.01", program=ProgramFactory(code="2.16.02"), quick_win=True
    )
    BudgetAllocationFactory(activity=activity, source="csr", amount=decimal.Decimal("250000"))
    _login(client, UserFactory(roles=[Role.TEAM_MEMBER.value]))
    with django_assert_max_num_queries(10):
        response = client.get(reverse("masterplan:tree_export", args=["csv"]), {"tahun": 2026})
    assert response.status_code == 200
    text = response.content.decode("utf-8-sig")
    assert text.splitlines()[0] == ",".join(TREE_COLUMNS)
    assert "250000.00" in text
    xlsx = client.get(reverse("masterplan:tree_export", args=["xlsx"]), {"tahun": 2026})
    for name, content in (("t.csv", response.content), ("t.xlsx", xlsx.content)):
        summary = importing.tree_import(
            actor=UserFactory(roles=[Role.TEAM_MEMBER.value]),
            uploaded_file=SimpleUploadedFile(name, content),
        )
        assert summary.created == {}
        assert summary.updated == {"program": 1, "activity": 1, "budget": 1}
    assert AuditEvent.objects.count() == 0  # nothing changed, nothing written


def test_program_children_show_verified_progress_only(client):
    from kotacerdas.monitoring.models import RealisationStatus
    from kotacerdas.monitoring.tests.factories import RealisationFactory, ReportingPeriodFactory

    verified = ActivityFactory(name="Kegiatan Terverifikasi")
    draft = ActivityFactory(name="Kegiatan Draf", program=verified.program)
    period = ReportingPeriodFactory(year=2026, quarter=2)
    RealisationFactory(
        activity=verified,
        period=period,
        physical_progress=decimal.Decimal("42.50"),
        status=RealisationStatus.VERIFIED,
    )
    RealisationFactory(
        activity=draft,
        period=period,
        physical_progress=decimal.Decimal("77.00"),
        status=RealisationStatus.DRAFT,
    )
    _login(client, OfficerFactory(agency=verified.agency))
    url = reverse("masterplan:program_children", args=[verified.program.pk])
    body = client.get(url, {"tahun": 2026}, HTTP_HX_REQUEST="true").content.decode()
    assert "42.50%" in body or "42,50%" in body
    assert "77" not in body.split("Kegiatan Draf", 1)[1].split("</tr>", 1)[0]
