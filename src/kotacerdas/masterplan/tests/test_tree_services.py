import decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from kotacerdas.core.models import AuditEvent, Helix, Role
from kotacerdas.core.tests.factories import (
    AdminFactory,
    AgencyFactory,
    ExecutiveFactory,
    OfficerFactory,
    OrganisationFactory,
    UserFactory,
)
from kotacerdas.masterplan.models import (
    Activity,
    BudgetAllocation,
    Element,
    PriorityArea,
    PriorityProgram,
    Program,
    SubActivity,
)
from kotacerdas.masterplan.services import tree
from kotacerdas.masterplan.tests.factories import (
    ActivityFactory,
    BudgetAllocationFactory,
    PriorityProgramFactory,
    ProgramFactory,
    dimension,
)

pytestmark = pytest.mark.django_db


def _program_data(agency, **extra):
    return {"code": "2.16.02", "name": "Program Informasi", "agency": agency, **extra}


def test_program_code_pattern_accepts_permendagri_codes():
    for code in ("2.16.02", "1.01.01", "X.XX.XX".replace("XX", "01")):
        assert tree.program_code_error(code) is None
    for code in ("2.16.2", "9.16.02", "2-16-02", "2.16.02.1", ""):
        assert tree.program_code_error(code) is not None


def test_activity_code_must_start_with_program_code():
    assert tree.activity_code_error("2.16.02.1.01", "2.16.02") is None
    assert tree.activity_code_error("2.16.03.1.01", "2.16.02") == (
        "Kode kegiatan harus berpola X.XX.XX.X.XX dan diawali kode programnya (2.16.02); "
        "tertulis: 2.16.03.1.01."
    )
    assert tree.activity_code_error("2.16.02.1.1", "2.16.02") is not None


def test_sub_activity_code_accepts_two_or_four_final_digits():
    assert tree.sub_activity_code_error("2.16.02.1.01.0001", "2.16.02.1.01") is None
    assert tree.sub_activity_code_error("2.16.02.1.01.01", "2.16.02.1.01") is None
    assert tree.sub_activity_code_error("2.16.02.1.01.001", "2.16.02.1.01") is not None
    assert tree.sub_activity_code_error("2.16.02.1.02.0001", "2.16.02.1.01") is not None


def test_officer_creates_program_for_own_agency_audited():
    officer = OfficerFactory()
    program = tree.program_create(
        actor=officer,
        data=_program_data(
            officer.agency,
            dimension=dimension("GOV"),
            elements=[Element.objects.get(code="GOV.1")],
            quick_win=True,
            roadmap_start_year=2024,
            roadmap_end_year=2026,
            phase="penguatan",
        ),
    )
    assert program.code == "2.16.02"
    assert list(program.elements.values_list("code", flat=True)) == ["GOV.1"]
    event = AuditEvent.objects.get(action="create", object_type="masterplan.Program")
    assert event.object_id == str(program.pk)
    assert event.changes["elements"] == ["GOV.1"]
    assert event.changes["quick_win"] is True


def test_program_bad_code_gives_clear_message_and_writes_nothing():
    admin = AdminFactory()
    with pytest.raises(ValidationError) as exc:
        tree.program_create(actor=admin, data=_program_data(AgencyFactory(), code="2.16"))
    assert exc.value.message_dict["code"] == [
        "Kode program harus berpola X.XX.XX (Permendagri 90/2019), mis. 2.16.02; tertulis: 2.16."
    ]
    assert Program.objects.count() == 0
    assert AuditEvent.objects.count() == 0


def test_officer_cannot_create_program_for_other_agency():
    officer = OfficerFactory()
    other = AgencyFactory()
    with pytest.raises(PermissionDenied):
        tree.program_create(actor=officer, data=_program_data(other))
    assert Program.objects.count() == 0
    assert AuditEvent.objects.count() == 0


def test_officer_cannot_edit_or_move_other_agencys_program():
    program = ProgramFactory(name="Asli")
    officer = OfficerFactory()
    with pytest.raises(PermissionDenied):
        tree.program_update(actor=officer, program=program, data={"name": "Diubah"})
    own = ProgramFactory(agency=officer.agency, name="Milik sendiri")
    with pytest.raises(PermissionDenied):
        tree.program_update(actor=officer, program=own, data={"agency": program.agency})
    program.refresh_from_db()
    own.refresh_from_db()
    assert (program.name, own.agency_id) == ("Asli", officer.agency_id)
    assert AuditEvent.objects.count() == 0


def test_executive_and_unscoped_users_cannot_write():
    for user in (ExecutiveFactory(), UserFactory(roles=[Role.WALIDATA.value])):
        with pytest.raises(PermissionDenied):
            tree.program_create(actor=user, data=_program_data(AgencyFactory()))
    assert Program.objects.count() == 0


def test_team_member_edits_any_agency():
    member = UserFactory(roles=[Role.TEAM_MEMBER.value])
    program = ProgramFactory(name="Nama lama")
    tree.program_update(actor=member, program=program, data={"name": "Nama baru"})
    program.refresh_from_db()
    assert program.name == "Nama baru"
    event = AuditEvent.objects.get(action="update")
    assert event.changes == {"name": ["Nama lama", "Nama baru"]}


def test_elements_must_belong_to_the_dimension():
    admin = AdminFactory()
    with pytest.raises(ValidationError) as exc:
        tree.program_create(
            actor=admin,
            data=_program_data(
                AgencyFactory(),
                dimension=dimension("GOV"),
                elements=[Element.objects.get(code="ENV.2")],
            ),
        )
    assert exc.value.message_dict["elements"] == ["Unsur ENV.2 bukan bagian dari dimensi GOV."]
    assert Program.objects.count() == 0


def test_roadmap_years_checked():
    admin = AdminFactory()
    agency = AgencyFactory()
    with pytest.raises(ValidationError) as exc:
        tree.program_create(
            actor=admin,
            data=_program_data(agency, roadmap_start_year=2026, roadmap_end_year=2024),
        )
    assert exc.value.message_dict["roadmap_end_year"] == [
        "Tahun selesai (2024) tidak boleh sebelum tahun mulai (2026)."
    ]
    with pytest.raises(ValidationError) as exc:
        tree.program_create(actor=admin, data=_program_data(agency, roadmap_start_year=2017))
    assert exc.value.message_dict["roadmap_start_year"] == [
        "Tahun peta jalan harus antara 2018 dan 2045."
    ]
    assert Program.objects.count() == 0


def test_participatory_program_of_non_government_stakeholder():
    member = UserFactory(roles=[Role.TEAM_MEMBER.value])
    organisation = OrganisationFactory(helix=Helix.DUNIA_USAHA)
    program = tree.program_create(
        actor=member,
        data={"code": "X.01.01", "name": "Program CSR", "organisation": organisation},
    )
    assert program.is_participatory is True
    assert program.agency is None
    activity = tree.activity_create(
        actor=member, program=program, data={"code": "X.01.01.1.01", "name": "Kegiatan CSR"}
    )
    assert activity.organisation == organisation
    officer = OfficerFactory()
    with pytest.raises(PermissionDenied):
        tree.program_update(actor=officer, program=program, data={"name": "x"})


def test_government_organisation_is_refused_as_stakeholder():
    admin = AdminFactory()
    organisation = OrganisationFactory(helix=Helix.PEMERINTAH)
    with pytest.raises(ValidationError) as exc:
        tree.program_create(
            actor=admin, data={"code": "X.01.01", "name": "P", "organisation": organisation}
        )
    assert "organisation" in exc.value.message_dict
    assert Program.objects.count() == 0


def test_activity_code_must_follow_program_and_nothing_written():
    program = ProgramFactory(code="2.16.02")
    officer = OfficerFactory(agency=program.agency)
    with pytest.raises(ValidationError) as exc:
        tree.activity_create(
            actor=officer, program=program, data={"code": "2.16.03.1.01", "name": "Salah"}
        )
    assert exc.value.message_dict["code"][0].startswith(
        "Kode kegiatan harus berpola X.XX.XX.X.XX dan diawali kode programnya (2.16.02)"
    )
    activity = tree.activity_create(
        actor=officer, program=program, data={"code": "2.16.02.1.01", "name": "Benar"}
    )
    assert activity.agency_id == program.agency_id
    assert activity.dimension_id == program.dimension_id
    assert Activity.objects.count() == 1


def test_sub_activity_create_and_duplicate_refused():
    activity = ActivityFactory(code="2.16.02.1.01", program=ProgramFactory(code="2.16.02"))
    admin = AdminFactory()
    tree.sub_activity_create(
        actor=admin, activity=activity, data={"code": "2.16.02.1.01.0001", "name": "Sub"}
    )
    with pytest.raises(ValidationError) as exc:
        tree.sub_activity_create(
            actor=admin, activity=activity, data={"code": "2.16.02.1.01.0001", "name": "Sub 2"}
        )
    assert exc.value.message_dict["code"] == [
        "Sub-kegiatan dengan kode 2.16.02.1.01.0001 sudah ada di kegiatan ini."
    ]
    assert SubActivity.objects.count() == 1


def test_sub_activity_update_scoped():
    activity = ActivityFactory()
    sub = SubActivity.objects.create(
        activity=activity, code=f"{activity.code}.0001", name="Sub", agency=activity.agency
    )
    with pytest.raises(PermissionDenied):
        tree.sub_activity_update(actor=OfficerFactory(), sub_activity=sub, data={"name": "x"})
    officer = OfficerFactory(agency=activity.agency)
    tree.sub_activity_update(actor=officer, sub_activity=sub, data={"name": "Baru"})
    sub.refresh_from_db()
    assert sub.name == "Baru"


def test_budget_allocation_set_create_update_remove():
    activity = ActivityFactory()
    officer = OfficerFactory(agency=activity.agency)
    allocation = tree.budget_allocation_set(
        actor=officer, activity=activity, year=2026, source="apbd", amount="1500000000"
    )
    assert allocation.amount == decimal.Decimal("1500000000")
    tree.budget_allocation_set(
        actor=officer, activity=activity, year=2026, source="apbd", amount=decimal.Decimal(2)
    )
    allocation.refresh_from_db()
    assert allocation.amount == decimal.Decimal("2.00")
    assert (
        tree.budget_allocation_set(
            actor=officer, activity=activity, year=2026, source="apbd", amount=0
        )
        is None
    )
    assert BudgetAllocation.objects.count() == 0
    assert list(
        AuditEvent.objects.filter(object_type="masterplan.BudgetAllocation").values_list(
            "action", flat=True
        )
    ) == ["create", "update", "delete"]


def test_negative_budget_refused_and_nothing_changed():
    allocation = BudgetAllocationFactory(amount=decimal.Decimal("5000"))
    admin = AdminFactory()
    with pytest.raises(ValidationError) as exc:
        tree.budget_allocation_set(
            actor=admin, activity=allocation.activity, year=2026, source="apbd", amount="-1"
        )
    assert exc.value.message_dict["amount"] == [
        "Jumlah anggaran tidak boleh negatif (tertulis Rp-1)."
    ]
    allocation.refresh_from_db()
    assert allocation.amount == decimal.Decimal("5000")
    assert AuditEvent.objects.count() == 0


def test_budget_of_other_agency_refused():
    allocation = BudgetAllocationFactory(amount=decimal.Decimal("5000"))
    with pytest.raises(PermissionDenied):
        tree.budget_allocation_set(
            actor=OfficerFactory(),
            activity=allocation.activity,
            year=2026,
            source="apbd",
            amount="1",
        )
    allocation.refresh_from_db()
    assert allocation.amount == decimal.Decimal("5000")
    assert AuditEvent.objects.count() == 0


def test_priority_program_only_admin_or_team():
    with pytest.raises(PermissionDenied):
        tree.priority_program_create(
            actor=OfficerFactory(), data={"number": 1, "name": "PP", "dimension": dimension()}
        )
    assert PriorityProgram.objects.count() == 0
    pp = tree.priority_program_create(
        actor=AdminFactory(),
        data={
            "number": 1,
            "name": "PP",
            "priority_area": PriorityArea.objects.get(code="LIV.d"),
        },
    )
    assert pp.dimension.code == "LIV"


def test_priority_area_must_belong_to_dimension():
    with pytest.raises(ValidationError) as exc:
        tree.priority_program_create(
            actor=AdminFactory(),
            data={
                "number": 2,
                "name": "PP",
                "dimension": dimension("GOV"),
                "priority_area": PriorityArea.objects.get(code="ENV.a"),
            },
        )
    assert exc.value.message_dict["priority_area"] == [
        "Bidang ENV.a bukan bagian dari dimensi GOV (Pasal 22)."
    ]


def test_priority_program_update_number_clash():
    PriorityProgramFactory(number=3)
    pp = PriorityProgramFactory(number=4)
    with pytest.raises(ValidationError) as exc:
        tree.priority_program_update(actor=AdminFactory(), priority_program=pp, data={"number": 3})
    assert exc.value.message_dict["number"] == ["Nomor program prioritas 3 sudah dipakai."]
    pp.refresh_from_db()
    assert pp.number == 4


def test_activity_update_by_officer_of_merged_successor():
    from kotacerdas.core.services.agencies import agency_merge

    source = AgencyFactory()
    target = AgencyFactory()
    activity = ActivityFactory(program=ProgramFactory(agency=source))
    agency_merge(actor=AdminFactory(), source=source, target=target)
    officer = OfficerFactory(agency=target)
    tree.activity_update(actor=officer, activity=activity, data={"quick_win": True})
    activity.refresh_from_db()
    assert activity.quick_win is True


def test_update_without_change_writes_nothing():
    program = ProgramFactory(name="Sama")
    program.elements.set([Element.objects.get(code="GOV.1")])
    stamp = Program.objects.get(pk=program.pk).updated_at
    tree.program_update(
        actor=AdminFactory(),
        program=program,
        data={"name": "Sama", "elements": [Element.objects.get(code="GOV.1")]},
    )
    assert Program.objects.get(pk=program.pk).updated_at == stamp
    assert AuditEvent.objects.count() == 0
    tree.program_update(
        actor=AdminFactory(),
        program=program,
        data={"elements": [Element.objects.get(code="GOV.2")]},
    )
    assert list(program.elements.values_list("code", flat=True)) == ["GOV.2"]
    assert AuditEvent.objects.get().changes == {"elements": [["GOV.1"], ["GOV.2"]]}
