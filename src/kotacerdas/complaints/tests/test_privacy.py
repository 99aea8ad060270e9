"""The public projection never carries personal data; privacy tiers; the preview."""

import pytest

from kotacerdas.complaints.models import Privacy
from kotacerdas.complaints.selectors.public import (
    privacy_preview,
    public_attachments,
    public_case,
    public_timeline,
)
from kotacerdas.complaints.services import lifecycle as lc
from kotacerdas.complaints.tests.factories import (
    CaseFactory,
    CategoryAttributeFactory,
    CategoryFactory,
)
from kotacerdas.core.models import Role
from kotacerdas.core.tests.factories import UserFactory

pytestmark = pytest.mark.django_db
PERSONAL = ("Budi Santoso", "081234567890", "budi@contoh.id")


def flat(projection) -> str:
    return repr(projection)


@pytest.mark.parametrize("privacy", Privacy.values)
def test_phone_and_email_never_appear(privacy):
    projection = flat(public_case(CaseFactory(privacy=privacy)))
    assert "081234567890" not in projection and "budi@contoh.id" not in projection


def test_public_tier_shows_the_name_only():
    projection = public_case(CaseFactory(privacy=Privacy.PUBLIC))
    assert projection["reporter_name"] == "Budi Santoso"


@pytest.mark.parametrize("privacy", [Privacy.NAME_HIDDEN, Privacy.ANONYMOUS, Privacy.CONFIDENTIAL])
def test_other_tiers_show_no_name(privacy):
    assert "Budi Santoso" not in flat(public_case(CaseFactory(privacy=privacy)))


def test_confidential_replaces_title_description_and_hides_the_place():
    case = CaseFactory(
        privacy=Privacy.CONFIDENTIAL,
        title="Pungli oleh oknum X",
        address="Jl. Rahasia 1",
        description="Oknum X meminta uang",
    )
    projection = public_case(case)
    assert "Oknum" not in flat(projection) and "Rahasia" not in flat(projection)
    assert projection["title"].startswith("Laporan rahasia")
    assert projection["lat"] is None and projection["address"] == ""
    assert projection["is_confidential"] is True


def test_private_attributes_are_left_out():
    category = CategoryFactory()
    CategoryAttributeFactory(category=category, code="plat", is_private=True)
    CategoryAttributeFactory(category=category, code="warna")
    case = CaseFactory(category=category, attributes={"plat": "B 1234 XYZ", "warna": "merah"})
    assert public_case(case)["attributes"] == {"warna": "merah"}


def test_internal_notes_and_officer_names_stay_out_of_the_public_timeline():
    agent = UserFactory(roles=[Role.CALL_CENTER_AGENT], first_name="Agen", last_name="Rahasia")
    case = CaseFactory()
    lc.case_add_note(actor=agent, case=case, note="Nomor pelapor salah", public=False)
    lc.case_add_note(actor=agent, case=case, note="Akan ditinjau", public=True)
    timeline = public_timeline(case)
    assert [entry.note for entry in timeline] == ["Akan ditinjau"]
    assert "Rahasia" not in repr(timeline)


def test_only_public_attachments_are_listed():
    case = CaseFactory()
    assert list(public_attachments(case)) == []


@pytest.mark.parametrize("privacy", Privacy.values)
def test_the_preview_says_who_sees_what(privacy):
    preview = privacy_preview(privacy)
    assert len(preview) == 2 and all(audience and seen for audience, seen in preview)


def test_the_preview_of_anonymous_promises_no_identity_even_to_officers():
    officers_see = privacy_preview(Privacy.ANONYMOUS)[0][1]
    assert "tidak ada nama" in officers_see
