import decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from kotacerdas.core.models import AuditEvent, Role
from kotacerdas.core.tests.factories import AdminFactory, OfficerFactory, UserFactory
from kotacerdas.masterplan.models import Dimension, PriorityArea
from kotacerdas.masterplan.services import importing, tree
from kotacerdas.masterplan.services.reference import reference_name_update

pytestmark = pytest.mark.django_db


def test_admin_renames_dimension_audited():
    dimension = Dimension.objects.get(code="GOV")
    reference_name_update(
        actor=AdminFactory(), obj=dimension, data={"name_en": "Smart Governance (edited)"}
    )
    dimension.refresh_from_db()
    assert dimension.name_en == "Smart Governance (edited)"
    event = AuditEvent.objects.get(action="update", object_type="masterplan.Dimension")
    assert event.changes == {"name_en": ["Smart Governance", "Smart Governance (edited)"]}


def test_non_admin_cannot_rename_and_nothing_changes():
    area = PriorityArea.objects.get(code="LIV.d")
    for user in (OfficerFactory(), UserFactory(roles=[Role.TEAM_MEMBER.value])):
        with pytest.raises(PermissionDenied):
            reference_name_update(actor=user, obj=area, data={"name_id": "Diubah"})
    area.refresh_from_db()
    assert area.name_id.startswith("Ekosistem transportasi")
    assert AuditEvent.objects.count() == 0


def test_empty_name_and_code_change_refused():
    dimension = Dimension.objects.get(code="ENV")
    with pytest.raises(ValidationError) as exc:
        reference_name_update(actor=AdminFactory(), obj=dimension, data={"name_id": " "})
    assert exc.value.message_dict == {"name_id": ["Nama wajib diisi."]}
    with pytest.raises(ValidationError) as exc:
        reference_name_update(actor=AdminFactory(), obj=dimension, data={"code": "XXX"})
    assert exc.value.message_dict == {"code": ["Kolom ini tidak dapat diubah di sini."]}
    dimension.refresh_from_db()
    assert (dimension.code, dimension.name_id) == ("ENV", "Lingkungan Hidup yang Cerdas")


def test_editable_agency_ids_per_role():
    officer = OfficerFactory()
    assert tree.editable_agency_ids(officer) == {officer.agency_id}
    assert tree.editable_agency_ids(UserFactory(roles=[Role.TEAM_MEMBER.value])) is None
    assert tree.editable_agency_ids(UserFactory(roles=[Role.EXECUTIVE.value])) == set()


def test_parse_helpers():
    assert importing.parse_decimal("1.500.000") == decimal.Decimal("1500000")
    assert importing.parse_decimal("Rp 1.500.000,50") == decimal.Decimal("1500000.50")
    assert importing.parse_decimal("12,5") == decimal.Decimal("12.5")
    assert importing.parse_decimal("250000000.00") == decimal.Decimal("250000000.00")
    assert importing.parse_decimal("") is None
    with pytest.raises(ValueError, match="Harus berupa angka"):
        importing.parse_decimal("satu juta")
    assert importing.parse_bool("Ya") is True
    assert importing.parse_bool("") is False
    with pytest.raises(ValueError, match="Isi 'ya' atau 'tidak'"):
        importing.parse_bool("mungkin")
    assert importing.parse_phase("2") == "penguatan"
    with pytest.raises(ValueError):
        importing.parse_phase("tahap empat")
    assert importing.parse_codes("GOV.1; GOV.2,GOV.3") == ["GOV.1", "GOV.2", "GOV.3"]
