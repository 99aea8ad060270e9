"""Category and URC-unit administration services: administrators only, every write audited,
bad input answered in Indonesian with nothing written (issue #5 items 2 and 5)."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from hypothesis import given, settings
from hypothesis import strategies as st

from kotacerdas.complaints.models import Case, Category, CategoryAttribute, UrcUnit
from kotacerdas.complaints.services import categories as services
from kotacerdas.complaints.tests.factories import CaseFactory, CategoryFactory, UrcUnitFactory
from kotacerdas.core.models import AuditEvent, Role
from kotacerdas.core.tests.factories import AdminFactory, AgencyFactory, OfficerFactory, UserFactory

pytestmark = pytest.mark.django_db


def valid(**overrides):
    data = {
        "code": "pohon-tumbang",
        "name": "Pohon tumbang",
        "group": "Lingkungan",
        "case_type": "pengaduan",
        "verify_days": "3",
        "respond_days": "5",
        "autoclose_days": "10",
        "outer_days": "60",
        "reopen_days": "10",
        "warn_share": "0,75",
    }
    data.update(overrides)
    return data


def world():
    return (
        list(Category.objects.order_by("pk").values()),
        list(CategoryAttribute.objects.order_by("pk").values()),
        list(UrcUnit.objects.order_by("pk").values()),
        AuditEvent.objects.count(),
    )


def test_create_with_sla_settings_default_agency_and_urc_is_audited():
    admin = AdminFactory()
    agency = AgencyFactory()
    urc = UrcUnitFactory(agency=agency)
    category = services.category_create(
        actor=admin,
        data=valid(
            default_agency=agency.pk,
            default_urc=urc,
            is_emergency=True,
            urc_response_minutes="45",
            warn_share="0.6",
        ),
    )
    assert (category.default_agency, category.default_urc) == (agency, urc)
    assert category.urc_response_minutes == 45 and category.warn_share == Decimal("0.60")
    event = AuditEvent.objects.get(object_type="complaints.Category", action="create")
    assert event.changes["code"] == "pohon-tumbang" and event.actor_id == admin.pk


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        ({"code": "Pohon Tumbang"}, "code", "huruf kecil"),
        ({"code": ""}, "code", "wajib"),
        ({"name": ""}, "name", "Wajib diisi"),
        ({"verify_days": "0"}, "verify_days", "antara 1 dan 60"),
        ({"respond_days": "lima"}, "respond_days", "bilangan bulat"),
        ({"outer_days": "6"}, "outer_days", "paling sedikit"),
        ({"warn_share": "0,05"}, "warn_share", "antara 0,1 dan 0,95"),
        ({"warn_share": "0.96"}, "warn_share", "antara 0,1 dan 0,95"),
        ({"warn_share": "banyak"}, "warn_share", "angka desimal"),
        ({"warn_share": "0.755"}, "warn_share", "dua angka desimal"),
        ({"is_emergency": True}, "urc_response_minutes", "darurat"),
        ({"urc_response_minutes": "2"}, "urc_response_minutes", "antara 5 dan 1440"),
        ({"case_type": "keluhan"}, "case_type", "tidak dikenal"),
        ({"default_agency": "999999"}, "default_agency", "Perangkat Daerah yang aktif"),
    ],
)
def test_bad_category_input_writes_nothing(overrides, field, message):
    admin = AdminFactory()
    before = world()
    with pytest.raises(ValidationError) as exc:
        services.category_create(actor=admin, data=valid(**overrides))
    assert message.lower() in " ".join(exc.value.message_dict[field]).lower()
    assert world() == before


def test_a_taken_code_and_an_inactive_urc_are_refused():
    admin = AdminFactory()
    CategoryFactory(code="pohon-tumbang")
    inactive = UrcUnitFactory(is_active=False)
    before = world()
    with pytest.raises(ValidationError) as exc:
        services.category_create(actor=admin, data=valid(default_urc=inactive.pk))
    assert "sudah dipakai" in exc.value.message_dict["code"][0]
    assert "URC aktif" in exc.value.message_dict["default_urc"][0]
    assert world() == before


@settings(max_examples=40, deadline=None)
@given(share=st.decimals(min_value="0", max_value="1.5", places=2))
def test_warn_share_is_accepted_exactly_between_0_1_and_0_95(share):
    try:
        cleaned = services.clean_category(valid(warn_share=str(share)))
    except ValidationError as exc:
        assert not Decimal("0.10") <= share <= Decimal("0.95")
        assert "warn_share" in exc.message_dict
    else:
        assert Decimal("0.10") <= cleaned["warn_share"] <= Decimal("0.95")


def test_only_administrators_write():
    category = CategoryFactory()
    unit = UrcUnitFactory()
    before = world()
    for user in (OfficerFactory(), UserFactory(roles=[Role.CALL_CENTER_AGENT.value])):
        with pytest.raises(PermissionDenied):
            services.category_create(actor=user, data=valid())
        with pytest.raises(PermissionDenied):
            services.category_update(actor=user, category=category, data=valid())
        with pytest.raises(PermissionDenied):
            services.category_set_active(actor=user, category=category, active=False)
        with pytest.raises(PermissionDenied):
            services.attribute_save(actor=user, category=category, data={})
        with pytest.raises(PermissionDenied):
            services.urc_unit_save(actor=user, data={}, unit=unit)
    assert world() == before


def test_update_keeps_the_code_and_audits_the_difference():
    admin = AdminFactory()
    category = CategoryFactory(code="jalan-rusak", name="Jalan rusak")
    services.category_update(
        actor=admin, category=category, data=valid(code="jalan-rusak", name="Jalan berlubang")
    )
    category.refresh_from_db()
    assert category.name == "Jalan berlubang" and category.code == "jalan-rusak"
    event = AuditEvent.objects.filter(action="update").latest("seq")
    assert event.changes["name"] == ["Jalan rusak", "Jalan berlubang"]
    before = world()
    with pytest.raises(ValidationError) as exc:
        services.category_update(actor=admin, category=category, data=valid(code="baru"))
    assert "tidak dapat diubah" in exc.value.message_dict["code"][0]
    assert world() == before


def test_deactivate_keeps_the_cases_category_and_is_audited():
    admin = AdminFactory()
    case = CaseFactory()
    category = case.category
    services.category_set_active(actor=admin, category=category, active=False)
    category.refresh_from_db()
    assert category.is_active is False
    assert Case.objects.get(pk=case.pk).category == category
    assert AuditEvent.objects.filter(action="update", object_id=str(category.pk)).exists()
    services.category_set_active(actor=admin, category=category, active=True)
    assert Category.objects.get(pk=category.pk).is_active


def test_attributes_editor_add_change_delete():
    admin = AdminFactory()
    category = CategoryFactory()
    attribute = services.attribute_save(
        actor=admin,
        category=category,
        data={
            "code": "ukuran",
            "description": "Ukuran lubang",
            "datatype": "singlevaluelist",
            "required": True,
            "values": "kecil|Kecil\nbesar|Besar",
        },
    )
    assert attribute.values == [
        {"key": "kecil", "name": "Kecil"},
        {"key": "besar", "name": "Besar"},
    ]
    services.attribute_save(
        actor=admin,
        category=category,
        attribute=attribute,
        data={"code": "ukuran", "description": "Ukuran", "datatype": "number", "order": "2"},
    )
    attribute.refresh_from_db()
    assert (attribute.datatype, attribute.values, attribute.order) == ("number", [], 2)
    services.attribute_delete(actor=admin, attribute=attribute)
    assert not CategoryAttribute.objects.exists()
    actions = list(
        AuditEvent.objects.filter(object_type="complaints.CategoryAttribute").values_list(
            "action", flat=True
        )
    )
    assert actions == ["create", "update", "delete"]


@pytest.mark.parametrize(
    ("data", "field", "message"),
    [
        ({"code": "x y", "description": "A", "datatype": "string"}, "code", "huruf kecil"),
        ({"code": "a", "description": "", "datatype": "string"}, "description", "Wajib"),
        ({"code": "a", "description": "A", "datatype": "warna"}, "datatype", "tipe"),
        ({"code": "a", "description": "A", "datatype": "singlevaluelist"}, "values", "satu"),
        (
            {"code": "a", "description": "A", "datatype": "string", "values": "x|X"},
            "values",
            "hanya untuk",
        ),
        (
            {"code": "a", "description": "A", "datatype": "multivaluelist", "values": "x\nx"},
            "values",
            "dua kali",
        ),
        ({"code": "dup", "description": "A", "datatype": "string"}, "code", "sudah dipakai"),
    ],
)
def test_bad_attribute_input_writes_nothing(data, field, message):
    admin = AdminFactory()
    category = CategoryFactory()
    CategoryAttribute.objects.create(
        category=category, code="dup", description="D", datatype="text"
    )
    before = world()
    with pytest.raises(ValidationError) as exc:
        services.attribute_save(actor=admin, category=category, data=data)
    assert message.lower() in " ".join(exc.value.message_dict[field]).lower()
    assert world() == before


def test_urc_unit_members_must_be_urc_officers_of_its_agency():
    admin = AdminFactory()
    agency, other = AgencyFactory(), AgencyFactory()
    officer = UserFactory(roles=[Role.URC_OFFICER.value], agency=agency)
    foreign = UserFactory(roles=[Role.URC_OFFICER.value], agency=other)
    clerk = UserFactory(roles=[Role.AGENCY_OFFICER.value], agency=agency)
    assert services.urc_officers(agency) == [officer]
    unit = services.urc_unit_save(
        actor=admin, data={"name": "URC Damkar", "agency": agency.pk, "members": [officer.pk]}
    )
    assert list(unit.members.all()) == [officer]
    for stranger in (foreign, clerk):
        before = world()
        with pytest.raises(ValidationError) as exc:
            services.urc_unit_save(
                actor=admin,
                unit=unit,
                data={"name": "URC Damkar", "agency": agency.pk, "members": [stranger.pk]},
            )
        assert "Petugas URC dari" in exc.value.message_dict["members"][0]
        assert world() == before
    assert list(unit.members.all()) == [officer]
    services.urc_unit_save(
        actor=admin, unit=unit, data={"name": "URC Damkar", "agency": agency.pk, "members": []}
    )
    event = AuditEvent.objects.filter(object_type="complaints.UrcUnit").latest("seq")
    assert event.changes["members"] == [[officer.pk], []]


def test_urc_unit_needs_a_unique_name_and_an_agency():
    admin = AdminFactory()
    UrcUnitFactory(name="URC Satu")
    before = world()
    with pytest.raises(ValidationError) as exc:
        services.urc_unit_save(actor=admin, data={"name": "urc satu", "agency": ""})
    assert "sudah dipakai" in exc.value.message_dict["name"][0]
    assert "Pilih Perangkat Daerah" in exc.value.message_dict["agency"][0]
    assert world() == before
