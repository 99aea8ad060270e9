import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from kotacerdas.core.models import Agency, AgencyName, AuditEvent, Helix, Organisation, Region
from kotacerdas.core.permissions import agency_scope_ids, can_access_agency
from kotacerdas.core.selectors.agencies import (
    agency_lineage_ids,
    agency_list,
    agency_officers,
)
from kotacerdas.core.services.agencies import (
    agency_create,
    agency_merge,
    agency_rename,
    agency_retire,
    agency_update,
)
from kotacerdas.core.tests.factories import (
    AdminFactory,
    AgencyFactory,
    ExecutiveFactory,
    OfficerFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db


def _state(agency):
    agency.refresh_from_db()
    return (
        {f.attname: getattr(agency, f.attname) for f in Agency._meta.concrete_fields},
        list(AgencyName.objects.filter(agency=agency).values()),
    )


def test_agency_create_writes_agency_name_row_organisation_and_audit():
    admin = AdminFactory()
    region = Region.objects.get(code="32.75.09")
    agency = agency_create(
        actor=admin,
        code="dinas-baru",
        name="Dinas Baru",
        short_name="DB",
        type="dinas",
        region=region,
        email="dinas.baru@contoh.invalid",
        valid_from=dt.date(2026, 1, 2),
    )
    assert agency.code == "DINAS-BARU"
    assert list(agency.names.values_list("name", "valid_from", "valid_to")) == [
        ("Dinas Baru", dt.date(2026, 1, 2), None)
    ]
    organisation = Organisation.objects.get(agency=agency)
    assert (organisation.name, organisation.helix) == ("Dinas Baru", Helix.PEMERINTAH)
    event = AuditEvent.objects.get(object_type="core.Agency", object_id=str(agency.pk))
    assert event.action == "create"
    assert event.actor_id == admin.pk
    assert event.changes["code"] == "DINAS-BARU"
    assert event.changes["region"] == region.pk


def test_agency_create_by_officer_is_denied_and_writes_nothing():
    officer = OfficerFactory()
    agencies, events = Agency.objects.count(), AuditEvent.objects.count()
    with pytest.raises(PermissionDenied):
        agency_create(actor=officer, code="X", name="X", short_name="X", type="dinas")
    assert (Agency.objects.count(), AuditEvent.objects.count()) == (agencies, events)


def test_agency_create_with_bad_input_raises_indonesian_errors_and_writes_nothing():
    agencies, names, events = (
        Agency.objects.count(),
        AgencyName.objects.count(),
        AuditEvent.objects.count(),
    )
    with pytest.raises(ValidationError) as error:
        agency_create(
            actor=AdminFactory(),
            code="DISHUB",  # already taken
            name="N" * 201,
            short_name="S",
            type="bukan-jenis",
            email="bukan surel",
        )
    messages = error.value.message_dict
    assert set(messages) == {"code", "name", "type", "email"}
    assert messages["email"] == ["Masukkan alamat email yang valid."]
    assert "paling banyak 200 karakter" in messages["name"][0]
    assert (Agency.objects.count(), AgencyName.objects.count(), AuditEvent.objects.count()) == (
        agencies,
        names,
        events,
    )


def test_agency_update_by_admin_records_before_and_after():
    admin = AdminFactory()
    agency = Agency.objects.get(code="DISHUB")
    agency = agency_update(
        actor=admin,
        agency=agency,
        data={"phone": " (021) 8800 000 ", "is_walidata": True},
    )
    agency.refresh_from_db()
    assert (agency.phone, agency.is_walidata) == ("(021) 8800 000", True)
    event = AuditEvent.objects.get(action="update", object_type="core.Agency")
    assert event.object_id == str(agency.pk)
    assert event.changes == {"is_walidata": [False, True], "phone": ["", "(021) 8800 000"]}


def test_agency_update_without_changes_records_no_event():
    agency = Agency.objects.get(code="DISHUB")
    events = AuditEvent.objects.count()
    agency_update(actor=AdminFactory(), agency=agency, data={"phone": ""})
    assert AuditEvent.objects.count() == events


def test_officer_updates_own_agency_contact_fields():
    agency = Agency.objects.get(code="DISHUB")
    officer = OfficerFactory(agency=agency)
    agency_update(
        actor=officer,
        agency=agency,
        data={"address": "Jl. Contoh No. 1", "website": "https://dishub.contoh.invalid"},
    )
    agency.refresh_from_db()
    assert agency.address == "Jl. Contoh No. 1"
    assert agency.website == "https://dishub.contoh.invalid"
    event = AuditEvent.objects.get(action="update")
    assert event.actor_id == officer.pk
    assert set(event.changes) == {"address", "website"}


def test_officer_cannot_update_other_agency_and_nothing_changes():
    own, other = Agency.objects.get(code="DISHUB"), Agency.objects.get(code="DINKES")
    officer = OfficerFactory(agency=own)
    before, events = _state(other), AuditEvent.objects.count()
    with pytest.raises(PermissionDenied):
        agency_update(actor=officer, agency=other, data={"phone": "021-1"})
    assert _state(other) == before
    assert AuditEvent.objects.count() == events


def test_officer_cannot_update_non_contact_fields_of_own_agency():
    agency = Agency.objects.get(code="DISHUB")
    officer = OfficerFactory(agency=agency)
    before, events = _state(agency), AuditEvent.objects.count()
    with pytest.raises(PermissionDenied):
        agency_update(actor=officer, agency=agency, data={"phone": "021-1", "is_walidata": True})
    with pytest.raises(PermissionDenied):
        agency_update(actor=officer, agency=agency, data={"name": "Dinas Lain"})
    assert _state(agency) == before
    assert AuditEvent.objects.count() == events


def test_user_of_agency_without_officer_role_and_executive_cannot_update():
    agency = Agency.objects.get(code="DISHUB")
    before, events = _state(agency), AuditEvent.objects.count()
    for actor in (UserFactory(agency=agency), ExecutiveFactory(), None):
        with pytest.raises(PermissionDenied):
            agency_update(actor=actor, agency=agency, data={"phone": "1"})
    assert _state(agency) == before
    assert AuditEvent.objects.count() == events


def test_agency_update_invalid_value_rolls_back_everything():
    agency = Agency.objects.get(code="DISHUB")
    before, events = _state(agency), AuditEvent.objects.count()
    with pytest.raises(ValidationError) as error:
        agency_update(
            actor=AdminFactory(),
            agency=agency,
            data={"name": "Dinas Perhubungan Baru", "phone": "1" * 41},
        )
    assert list(error.value.message_dict) == ["phone"]
    assert _state(agency) == before  # the rename in the same call was rolled back too
    assert AuditEvent.objects.count() == events


def test_agency_update_rejects_unknown_fields():
    agency = Agency.objects.get(code="DISHUB")
    before = _state(agency)
    with pytest.raises(ValidationError) as error:
        agency_update(
            actor=AdminFactory(), agency=agency, data={"code": "BARU", "is_active": False}
        )
    assert set(error.value.message_dict) == {"code", "is_active"}
    assert _state(agency) == before


def test_agency_rename_closes_old_name_and_keeps_it_searchable():
    admin = AdminFactory()
    agency = Agency.objects.get(code="DISKOMINFOSTANDI")
    agency_rename(
        actor=admin,
        agency=agency,
        name="Dinas Komunikasi dan Informatika",
        short_name="Diskominfo",
        valid_from=dt.date(2026, 7, 1),
    )
    agency.refresh_from_db()
    assert (agency.name, agency.short_name) == ("Dinas Komunikasi dan Informatika", "Diskominfo")
    assert list(
        agency.names.order_by("valid_from").values_list("name", "valid_from", "valid_to")
    ) == [
        (
            "Dinas Komunikasi, Informatika, Statistik dan Persandian",
            dt.date(2017, 1, 1),
            dt.date(2026, 7, 1),
        ),
        ("Dinas Komunikasi dan Informatika", dt.date(2026, 7, 1), None),
    ]
    assert list(agency_list(search="Persandian")) == [agency]
    assert list(agency_list(search="Diskominfostandi")) == [agency]
    event = AuditEvent.objects.get(action="agency.rename")
    assert event.changes == {
        "name": [
            "Dinas Komunikasi, Informatika, Statistik dan Persandian",
            "Dinas Komunikasi dan Informatika",
        ],
        "short_name": ["Diskominfostandi", "Diskominfo"],
        "valid_from": [None, "2026-07-01"],
    }
    assert Organisation.objects.get(agency=agency).name == "Dinas Komunikasi dan Informatika"


def test_agency_rename_before_current_name_date_is_refused():
    agency = Agency.objects.get(code="DISHUB")
    before, events = _state(agency), AuditEvent.objects.count()
    with pytest.raises(ValidationError) as error:
        agency_rename(
            actor=AdminFactory(),
            agency=agency,
            name="Dinas Perhubungan Lama",
            short_name="Dishub",
            valid_from=dt.date(2016, 12, 31),
        )
    assert error.value.message_dict == {
        "valid_from": ["Tanggal berlaku nama baru tidak boleh sebelum 2017-01-01."]
    }
    assert _state(agency) == before
    assert AuditEvent.objects.count() == events


def test_agency_rename_by_officer_is_denied():
    agency = Agency.objects.get(code="DISHUB")
    before = _state(agency)
    with pytest.raises(PermissionDenied):
        agency_rename(
            actor=OfficerFactory(agency=agency), agency=agency, name="Dinas X", short_name="DX"
        )
    assert _state(agency) == before
    assert not AuditEvent.objects.exists()


def test_agency_merge_retires_source_and_target_officers_see_its_records():
    admin = AdminFactory()
    source, target = AgencyFactory(), AgencyFactory()
    older = AgencyFactory()
    agency_merge(actor=admin, source=older, target=source, merged_on=dt.date(2026, 1, 5))
    agency_merge(actor=admin, source=source, target=target, merged_on=dt.date(2026, 6, 1))
    source.refresh_from_db()
    assert (source.is_active, source.retired_on, source.merged_into_id) == (
        False,
        dt.date(2026, 6, 1),
        target.pk,
    )
    assert agency_lineage_ids(agency_id=target.pk) == {target.pk, source.pk, older.pk}
    assert agency_lineage_ids(agency_id=source.pk) == {source.pk, older.pk}

    target_officer = OfficerFactory(agency=target)
    source_officer = OfficerFactory(agency=source)
    assert agency_scope_ids(target_officer) == {target.pk, source.pk, older.pk}
    assert can_access_agency(target_officer, older.pk) is True
    assert can_access_agency(source_officer, target.pk) is False
    # Records (here: accounts) keep pointing at the source, and the successor sees them.
    assert list(agency_officers(actor=target_officer, agency=source)) == [source_officer]

    event = AuditEvent.objects.get(action="agency.merge", object_id=str(source.pk))
    assert event.changes == {
        "is_active": [True, False],
        "merged_into": [None, target.pk],
        "retired_on": [None, "2026-06-01"],
    }


def test_agency_merge_refuses_self_and_inactive_and_writes_nothing():
    admin = AdminFactory()
    agency, retired = AgencyFactory(), AgencyFactory(is_active=False)
    events = AuditEvent.objects.count()
    with pytest.raises(ValidationError):
        agency_merge(actor=admin, source=agency, target=agency)
    with pytest.raises(ValidationError):
        agency_merge(actor=admin, source=agency, target=retired)
    with pytest.raises(ValidationError):
        agency_merge(actor=admin, source=retired, target=agency)
    agency.refresh_from_db()
    assert (agency.is_active, agency.merged_into_id) == (True, None)
    assert AuditEvent.objects.count() == events


def test_agency_merge_by_officer_is_denied_and_nothing_changes():
    source, target = Agency.objects.get(code="DISHUB"), Agency.objects.get(code="DINKES")
    before = _state(source)
    with pytest.raises(PermissionDenied):
        agency_merge(actor=OfficerFactory(agency=target), source=source, target=target)
    assert _state(source) == before
    assert not AuditEvent.objects.exists()


def test_agency_retire_keeps_history_and_hides_it_from_active_list():
    admin = AdminFactory()
    agency = Agency.objects.get(code="DAMKAR")
    agency_retire(actor=admin, agency=agency, retired_on=dt.date(2026, 3, 1))
    agency.refresh_from_db()
    assert (agency.is_active, agency.retired_on, agency.merged_into_id) == (
        False,
        dt.date(2026, 3, 1),
        None,
    )
    assert list(agency.names.values_list("valid_to", flat=True)) == [dt.date(2026, 3, 1)]
    assert agency not in agency_list(active=True)
    assert agency in agency_list(active=False)
    assert Organisation.objects.get(agency=agency).is_active is False
    event = AuditEvent.objects.get(action="agency.retire")
    assert event.changes == {"is_active": [True, False], "retired_on": [None, "2026-03-01"]}
    with pytest.raises(ValidationError):
        agency_retire(actor=admin, agency=agency)


def test_agency_retire_by_officer_is_denied():
    agency = Agency.objects.get(code="DAMKAR")
    before = _state(agency)
    with pytest.raises(PermissionDenied):
        agency_retire(actor=OfficerFactory(agency=agency), agency=agency)
    assert _state(agency) == before
    assert not AuditEvent.objects.exists()


def test_agency_list_searches_code_short_name_and_filters_type():
    assert [a.code for a in agency_list(search="bpbd")] == ["BPBD"]
    assert [a.code for a in agency_list(search="KEC-JATI")] == [
        "KEC-JATIASIH",
        "KEC-JATISAMPURNA",
    ]
    assert agency_list(type="badan").count() == 6
    assert agency_list(search="tidak ada yang begini").count() == 0


def test_agency_officers_internal_view_scoping():
    agency, other = Agency.objects.get(code="DISHUB"), Agency.objects.get(code="DINKES")
    officer = OfficerFactory(agency=agency, first_name="Ani", last_name="Petugas")
    OfficerFactory(agency=other)
    UserFactory(agency=agency, is_active=False)
    assert list(agency_officers(actor=officer, agency=agency)) == [officer]
    assert list(agency_officers(actor=AdminFactory(), agency=agency)) == [officer]
    assert list(agency_officers(actor=ExecutiveFactory(), agency=agency)) == [officer]
    for outsider in (OfficerFactory(agency=other), UserFactory(), None):
        with pytest.raises(PermissionDenied):
            agency_officers(actor=outsider, agency=agency)
