import decimal
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from kotacerdas.core.models import AuditEvent, Role
from kotacerdas.core.tests.factories import OfficerFactory, UserFactory
from kotacerdas.masterplan.models import Activity, BudgetAllocation, Program
from kotacerdas.masterplan.services.importing import TREE_COLUMNS
from kotacerdas.masterplan.tests.factories import (
    ActivityFactory,
    BudgetAllocationFactory,
    IndicatorTargetFactory,
    PriorityProgramFactory,
    ProgramFactory,
)

pytestmark = pytest.mark.django_db
BASE = "/api/v1/masterplan"


def test_dimensions_with_elements_and_areas(client, django_assert_max_num_queries):
    with django_assert_max_num_queries(3):
        data = client.get(f"{BASE}/dimensions").json()
    assert [d["code"] for d in data] == ["GOV", "BRA", "ECO", "LIV", "SOC", "ENV"]
    liv = data[3]
    assert liv["name_en"] == "Smart Living"
    assert [a["code"] for a in liv["priority_areas"]] == ["LIV.a", "LIV.b", "LIV.c", "LIV.d"]
    assert [e["code"] for e in data[0]["elements"]] == ["GOV.1", "GOV.2", "GOV.3"]


def test_priority_programs_and_programs_filtered(client):
    pp = PriorityProgramFactory(number=5)
    program = ProgramFactory(priority_program=pp)
    ProgramFactory()
    assert [p["number"] for p in client.get(f"{BASE}/priority-programs").json()] == [
        p.number for p in sorted(pp.__class__.objects.all(), key=lambda p: p.number)
    ]
    data = client.get(f"{BASE}/programs", {"agency": program.agency.code}).json()
    assert data["count"] == 1
    assert data["items"][0]["code"] == program.code
    assert data["items"][0]["priority_program"] == 5
    assert client.get(f"{BASE}/programs", {"priority_program": 5}).json()["count"] == 1


def test_activity_list_paginated_and_detail(client, django_assert_max_num_queries):
    for _ in range(3):
        BudgetAllocationFactory(amount=decimal.Decimal("1000"))
    with django_assert_max_num_queries(4):
        data = client.get(f"{BASE}/activities", {"year": 2026}).json()
    assert data["count"] == 3
    assert decimal.Decimal(data["items"][0]["budget_total"]) == 1000
    target = IndicatorTargetFactory(value=decimal.Decimal("75"))
    activity = target.indicator.activity
    BudgetAllocationFactory(activity=activity, source="csr", amount=decimal.Decimal("5"))
    detail = client.get(f"{BASE}/activities/{activity.pk}").json()
    assert detail["budgets"] == [{"year": 2026, "source": "csr", "amount": "5.00"}]
    assert detail["indicators"][0]["targets"] == [{"year": 2026, "value": "75.0000"}]
    assert client.get(f"{BASE}/activities/999999").status_code == 404


def test_writes_need_authentication(client):
    response = client.post(
        f"{BASE}/programs", {"code": "2.16.02", "name": "x"}, content_type="application/json"
    )
    assert response.status_code == 401
    assert Program.objects.count() == 0


def test_officer_creates_program_and_activity_in_own_agency(client):
    officer = OfficerFactory()
    client.force_login(officer)
    response = client.post(
        f"{BASE}/programs",
        {
            "code": "2.16.02",
            "name": "Program API",
            "agency": officer.agency.code,
            "dimension": "GOV",
            "elements": ["GOV.2"],
        },
        content_type="application/json",
    )
    assert response.status_code == 201, response.content
    program = response.json()
    assert program["elements"] == ["GOV.2"]
    response = client.post(
        f"{BASE}/activities",
        {"program_id": program["id"], "code": "2.16.02.1.01", "name": "Kegiatan API"},
        content_type="application/json",
    )
    assert response.status_code == 201
    activity_id = response.json()["id"]
    response = client.put(
        f"{BASE}/activities/{activity_id}/budgets",
        {"year": 2026, "source": "apbd", "amount": "-1"},
        content_type="application/json",
    )
    assert response.status_code == 422
    assert response.json()["error"]["details"]["amount"] == [
        "Jumlah anggaran tidak boleh negatif (tertulis Rp-1)."
    ]
    assert BudgetAllocation.objects.count() == 0


def test_bad_code_gives_422_with_message(client):
    officer = OfficerFactory()
    client.force_login(officer)
    response = client.post(
        f"{BASE}/programs",
        {"code": "216", "name": "P", "agency": officer.agency.code},
        content_type="application/json",
    )
    assert response.status_code == 422
    assert response.json()["error"]["details"]["code"][0].startswith(
        "Kode program harus berpola X.XX.XX"
    )
    assert Program.objects.count() == 0


def test_officer_cannot_patch_other_agency(client):
    activity = ActivityFactory(name="Asli")
    client.force_login(OfficerFactory())
    response = client.patch(
        f"{BASE}/activities/{activity.pk}", {"name": "Diubah"}, content_type="application/json"
    )
    assert response.status_code == 403
    assert response.json()["error"]["code"] == "permission_denied"
    response = client.patch(
        f"{BASE}/programs/{activity.program.pk}",
        {"name": "Diubah"},
        content_type="application/json",
    )
    assert response.status_code == 403
    activity.refresh_from_db()
    assert activity.name == "Asli"
    assert AuditEvent.objects.count() == 0


def test_team_member_patches_program(client):
    program = ProgramFactory()
    client.force_login(UserFactory(roles=[Role.TEAM_MEMBER.value]))
    response = client.patch(
        f"{BASE}/programs/{program.pk}",
        {"quick_win": True, "roadmap_start_year": 2024, "roadmap_end_year": 2026},
        content_type="application/json",
    )
    assert response.status_code == 200
    assert response.json()["quick_win"] is True


def test_import_endpoint_rejects_and_accepts(client):
    officer = OfficerFactory()
    client.force_login(officer)
    header = ",".join(TREE_COLUMNS)
    padding = "," * (len(TREE_COLUMNS) - 5)
    bad = f"{header}\nkegiatan,2.16.02.1.01,K,,{officer.agency.code}{padding}\n"
    response = client.post(
        f"{BASE}/import/tree", {"file": SimpleUploadedFile("a.csv", bad.encode())}
    )
    assert response.status_code == 422
    assert response.json()["error"]["details"] == [
        {
            "row": 2,
            "column": "kode",
            "message": f"Program induk 2.16.02 milik {officer.agency.code} tidak ada di berkas "
            "maupun di data.",
        }
    ]
    good = f"{header}\nprogram,2.16.02,P,,{officer.agency.code}{padding}\n" + bad.split("\n")[1]
    response = client.post(
        f"{BASE}/import/tree",
        {"file": SimpleUploadedFile("a.csv", io.BytesIO(good.encode()).read())},
    )
    assert response.status_code == 200, response.content
    assert response.json()["created"] == {"program": 1, "activity": 1}
    assert Activity.objects.get().program.code == "2.16.02"


def test_indicator_endpoints_scoped_and_validated(client):
    activity = ActivityFactory()
    client.force_login(OfficerFactory())
    payload = {"code": "API-1", "name": "Persentase", "level": "output", "unit": "%"}
    response = client.post(
        f"{BASE}/activities/{activity.pk}/indicators", payload, content_type="application/json"
    )
    assert response.status_code == 403
    client.force_login(OfficerFactory(agency=activity.agency))
    response = client.post(
        f"{BASE}/activities/{activity.pk}/indicators", payload, content_type="application/json"
    )
    assert response.status_code == 201
    indicator = response.json()
    assert indicator["max_value"] == "100.0000"
    url = f"{BASE}/indicators/{indicator['id']}/targets/2026"
    response = client.put(url, {"value": "101"}, content_type="application/json")
    assert response.status_code == 422
    assert response.json()["error"]["details"]["value"] == [
        "Target 101 melebihi nilai maksimum 100 untuk satuan %."
    ]
    response = client.put(url, {"value": "90"}, content_type="application/json")
    assert response.json()["targets"] == [{"year": 2026, "value": "90.0000"}]
    response = client.patch(
        f"{BASE}/indicators/{indicator['id']}",
        {"sdg_code": "11.6.2"},
        content_type="application/json",
    )
    assert response.status_code == 200
    assert client.get(f"{BASE}/indicators/{indicator['id']}").json()["sdg_code"] == "11.6.2"
