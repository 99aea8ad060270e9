"""The Rencana Induk document (Pasal 8): services, diff, export."""

from __future__ import annotations

import datetime as dt
import decimal
import hashlib
import io

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.http import Http404

from kotacerdas.core.models import AuditEvent, Role
from kotacerdas.core.tests.factories import (
    AdminFactory,
    AgencyFactory,
    ExecutiveFactory,
    OfficerFactory,
    UserFactory,
)
from kotacerdas.masterplan.documents import masterplan_to_docx, masterplan_to_pdf
from kotacerdas.masterplan.models import (
    Masterplan,
    MasterplanChapter,
    MasterplanStatus,
    RoadmapPhase,
)
from kotacerdas.masterplan.selectors import documents as selectors
from kotacerdas.masterplan.services import documents as services
from kotacerdas.masterplan.tests.factories import (
    ActivityFactory,
    BudgetAllocationFactory,
    IndicatorFactory,
    IndicatorTargetFactory,
    PriorityProgramFactory,
    ProgramFactory,
)

D = decimal.Decimal
pytestmark = pytest.mark.django_db
PDF_BYTES = b"%PDF-1.4\n% Keputusan Wali Kota uji\n%%EOF\n"


@pytest.fixture(autouse=True)
def media_in_tmp(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.AUDIT_SIGNING_KEY_FILE = tmp_path / "keys" / "audit.pem"
    settings.AUDIT_CHECKPOINT_DIR = tmp_path / "checkpoints"


def team():
    return UserFactory(roles=[Role.TEAM_MEMBER.value])


def decree(content=PDF_BYTES, name="keputusan.pdf"):
    return SimpleUploadedFile(name, content, content_type="application/pdf")


def draft(**chapters):
    return services.masterplan_create(
        actor=team(),
        title="Rencana Induk Kota Cerdas Kota Bekasi",
        period_start=2022,
        period_end=2026,
        chapters=chapters,
    )


def approved(**chapters):
    masterplan = draft(**chapters)
    return services.masterplan_approve(
        actor=AdminFactory(),
        masterplan=masterplan,
        decree_number="Contoh 050/Kep.1-Bappelitbangda/V/2022",
        decree_date=dt.date(2022, 5, 20),
        decree_file=decree(),
    )


def test_create_makes_a_draft_with_the_six_chapters_of_pasal_8():
    masterplan = draft(I="Latar belakang.")
    assert (masterplan.version, masterplan.status) == (1, MasterplanStatus.DRAFT)
    chapters = list(masterplan.chapters.values_list("code", "order", "body"))
    assert chapters == [
        ("I", 1, "Latar belakang."),
        ("II", 2, ""),
        ("III", 3, ""),
        ("IV", 4, ""),
        ("V", 5, ""),
        ("L", 6, ""),
    ]
    event = AuditEvent.objects.get(action="create", object_type="masterplan.Masterplan")
    assert event.changes["version"] == 1


@pytest.mark.parametrize(
    "user_factory",
    [lambda: OfficerFactory(), lambda: ExecutiveFactory(), lambda: UserFactory()],
)
def test_create_refused_for_other_roles_changes_nothing(user_factory):
    with pytest.raises(PermissionDenied):
        services.masterplan_create(
            actor=user_factory(), title="X", period_start=2022, period_end=2026
        )
    assert Masterplan.objects.count() == 0
    assert AuditEvent.objects.count() == 0


def test_create_with_bad_period_gives_a_clear_error_and_writes_nothing():
    with pytest.raises(ValidationError) as caught:
        services.masterplan_create(actor=team(), title="X", period_start=2026, period_end=2022)
    assert caught.value.message_dict == {
        "period_end": ["Tahun akhir tidak boleh sebelum tahun awal."]
    }
    with pytest.raises(ValidationError) as caught:
        services.masterplan_create(actor=team(), title="  ", period_start=2022, period_end=2026)
    assert caught.value.message_dict == {"title": ["Judul wajib diisi."]}
    assert Masterplan.objects.count() == 0
    assert AuditEvent.objects.count() == 0


def test_chapter_update_on_a_draft_is_saved_and_audited():
    masterplan = draft()
    chapter = services.masterplan_chapter_update(
        actor=team(), masterplan=masterplan, code="II", body="Bekasi kota cerdas.\r\nBaris dua."
    )
    assert chapter.body == "Bekasi kota cerdas.\nBaris dua."
    event = AuditEvent.objects.get(action="masterplan.chapter_update")
    assert event.changes["chapter"] == "II"
    assert event.changes["body_chars"] == [0, 30]


def test_approved_version_is_immutable_with_a_clear_error():
    masterplan = approved(I="Teks asli.")
    events = AuditEvent.objects.count()
    with pytest.raises(ValidationError) as caught:
        services.masterplan_chapter_update(
            actor=team(), masterplan=masterplan, code="I", body="Diubah diam-diam."
        )
    assert caught.value.messages == [
        "Rencana Induk versi 1 sudah ditetapkan dan tidak dapat diubah. Buat revisi sebagai "
        "draf baru."
    ]
    with pytest.raises(ValidationError):
        services.masterplan_update(
            actor=team(), masterplan=masterplan, title="Baru", period_start=2022, period_end=2026
        )
    assert masterplan.chapters.get(code="I").body == "Teks asli."
    assert AuditEvent.objects.count() == events


def test_approve_stores_the_decree_sha256_and_supersedes_the_previous_version():
    first = approved(I="Versi satu.")
    second = services.masterplan_revise(actor=team(), based_on=first)
    assert (second.version, second.based_on, second.status) == (2, first, MasterplanStatus.DRAFT)
    assert second.chapters.get(code="I").body == "Versi satu."
    content = b"%PDF-1.7\nkeputusan kedua\n%%EOF"
    second = services.masterplan_approve(
        actor=AdminFactory(),
        masterplan=second,
        decree_number="Contoh 050/Kep.2/2024",
        decree_date=dt.date(2024, 1, 15),
        decree_file=decree(content),
    )
    first.refresh_from_db()
    assert (first.status, second.status) == (MasterplanStatus.SUPERSEDED, MasterplanStatus.APPROVED)
    assert second.decree_file_sha256 == hashlib.sha256(content).hexdigest()
    assert second.decree_file.read() == content
    assert selectors.masterplan_approved() == second
    actions = list(
        AuditEvent.objects.filter(action__startswith="masterplan.").values_list("action", flat=True)
    )
    assert actions == [
        "masterplan.approve",
        "masterplan.revise",
        "masterplan.supersede",
        "masterplan.approve",
    ]


def test_approve_refused_for_non_admins_and_bad_files_write_nothing(settings):
    masterplan = draft()
    events = AuditEvent.objects.count()
    with pytest.raises(PermissionDenied):
        services.masterplan_approve(
            actor=team(),
            masterplan=masterplan,
            decree_number="1",
            decree_date=dt.date(2022, 1, 1),
            decree_file=decree(),
        )
    with pytest.raises(ValidationError) as caught:
        services.masterplan_approve(
            actor=AdminFactory(),
            masterplan=masterplan,
            decree_number="1",
            decree_date=dt.date(2022, 1, 1),
            decree_file=decree(b"bukan pdf"),
        )
    assert caught.value.message_dict == {"decree_file": ["Berkas keputusan bukan PDF yang sah."]}
    with pytest.raises(ValidationError) as caught:
        services.masterplan_approve(
            actor=AdminFactory(),
            masterplan=masterplan,
            decree_number=" ",
            decree_date=None,
            decree_file=decree(),
        )
    assert caught.value.message_dict == {
        "decree_number": ["Nomor Keputusan Wali Kota wajib diisi."],
        "decree_date": ["Tanggal keputusan wajib diisi."],
    }
    masterplan.refresh_from_db()
    assert (masterplan.status, masterplan.decree_file_sha256) == (MasterplanStatus.DRAFT, "")
    assert AuditEvent.objects.count() == events
    decrees = settings.MEDIA_ROOT / "masterplan" / "decrees"
    assert not decrees.exists() or list(decrees.iterdir()) == []


def test_drafts_are_hidden_from_officers_and_anonymous():
    from django.contrib.auth.models import AnonymousUser

    first = approved()
    second = services.masterplan_revise(actor=team(), based_on=first)
    assert list(selectors.masterplan_list(actor=OfficerFactory())) == [first]
    assert list(selectors.masterplan_list(actor=AnonymousUser())) == [first]
    assert list(selectors.masterplan_list(actor=ExecutiveFactory())) == [second, first]
    with pytest.raises(Http404):
        selectors.masterplan_get(actor=OfficerFactory(), version=second.version)


def test_diff_marks_changed_words_added_lines_and_metadata():
    first = approved(I="Kota Bekasi membangun layanan.\nBaris tetap.", II="Visi lama.")
    second = services.masterplan_revise(actor=team(), based_on=first, title="Rencana Induk 2024")
    services.masterplan_chapter_update(
        actor=team(),
        masterplan=second,
        code="I",
        body="Kota Bekasi membangun layanan digital.\nBaris tetap.\nBaris baru.",
    )
    result = selectors.masterplan_diff(old=first, new=second)
    assert result.changed
    metadata = {label: (old, new) for label, old, new in result.metadata}
    assert metadata["Judul"] == ("Rencana Induk Kota Cerdas Kota Bekasi", "Rencana Induk 2024")
    assert metadata["Status"] == ("Ditetapkan", "Draf")
    chapter_i = result.chapters[0]
    assert (chapter_i.code, chapter_i.changed, chapter_i.added, chapter_i.removed) == (
        "I",
        True,
        2,
        1,
    )
    kinds = [(line.kind, line.segments) for line in chapter_i.lines]
    assert kinds == [
        ("del", [("same", "Kota Bekasi membangun layanan"), ("same", ".")]),
        ("ins", [("same", "Kota Bekasi membangun layanan"), ("ins", " digital"), ("same", ".")]),
        ("same", [("same", "Baris tetap.")]),
        ("ins", [("ins", "Baris baru.")]),
    ]
    assert [c.changed for c in result.chapters[1:]] == [False] * 5


def _program_tree():
    agency = AgencyFactory(short_name="DISKOMINFO-U")
    priority = PriorityProgramFactory(
        number=7,
        name="Bekasi Smart Service",
        quick_win=True,
        roadmap_start_year=2022,
        roadmap_end_year=2023,
        phase=RoadmapPhase.FOUNDATION,
    )
    program = ProgramFactory(priority_program=priority, agency=agency, name="Program E-Gov")
    activity = ActivityFactory(
        program=program,
        name="Aplikasi Layanan Terpadu",
        quick_win=True,
        roadmap_start_year=2023,
        roadmap_end_year=2024,
    )
    # Not a Quick Win: in chapter III, not drawn on the roadmap of the plan.
    ActivityFactory(
        program=program, name="Kajian Arsitektur", roadmap_start_year=2022, roadmap_end_year=2022
    )
    BudgetAllocationFactory(activity=activity, year=2023, amount=D("1500000000"))
    BudgetAllocationFactory(activity=activity, year=2030, amount=D("999"))  # outside the plan
    target = IndicatorTargetFactory(
        indicator=IndicatorFactory(activity=activity, name="Layanan daring", unit="layanan"),
        year=2024,
        value=D("25"),
    )
    return priority, program, activity, target


def test_program_data_groups_the_tree_per_dimension_with_budgets_roadmap_and_targets(
    django_assert_max_num_queries,
):
    _priority, _program, activity, _target = _program_tree()
    with django_assert_max_num_queries(8):
        data = selectors.masterplan_program_data(period_start=2022, period_end=2026)
    section = next(d for d in data.dimensions if d.priority_programs)
    row = section.priority_programs[0]
    assert (row.code, row.quick_win, row.budget_label) == ("PP-07", True, "Rp 1.500.000.000")
    assert row.programs[0].activities[0].name == "Aplikasi Layanan Terpadu"
    assert row.programs[0].implementer == "DISKOMINFO-U"
    assert [(r.code, r.years) for r in data.roadmap] == [
        ("PP-07", [True, True, False, False, False]),
        (activity.code, [False, True, True, False, False]),
    ]
    assert data.indicators[0].targets == ["-", "-", "25", "-", "-"]


def test_pdf_and_docx_exports_carry_the_chapters_and_the_generated_tables():
    from docx import Document
    from weasyprint import HTML

    from kotacerdas.masterplan.documents import masterplan_export_context

    _program_tree()
    masterplan = approved(I="Pendahuluan singkat.", III="Strategi tertulis.")
    pdf = masterplan_to_pdf(masterplan=masterplan)
    assert pdf.startswith(b"%PDF-")
    from django.template.loader import render_to_string

    html = render_to_string(
        "masterplan/documents/export_pdf.html",
        {"export": masterplan_export_context(masterplan=masterplan)},
    )
    assert len(HTML(string=html).render().pages) >= 7  # cover + six chapters
    assert "Aplikasi Layanan Terpadu" in html and "Layanan daring" in html
    document = Document(io.BytesIO(masterplan_to_docx(masterplan=masterplan)))
    headings = [p.text for p in document.paragraphs if p.style.name == "Heading 1"]
    assert headings == [str(label) for label in MasterplanChapter.Code.labels]
    texts = [p.text for p in document.paragraphs]
    level2 = [i for i, p in enumerate(document.paragraphs) if p.style.name == "Heading 2"]
    assert texts.index("Strategi tertulis.") < level2[0]  # written text first, then tables
    cells = {cell.text for table in document.tables for row in table.rows for cell in row.cells}
    assert {
        "Bekasi Smart Service [Quick Win]",
        "Aplikasi Layanan Terpadu",
        "Layanan daring (Keluaran (output))",
    } <= cells


def test_export_is_reused_until_the_data_it_is_made_from_changes(monkeypatch):
    from kotacerdas.masterplan.documents import export
    from kotacerdas.masterplan.models import Activity

    _priority, _program, activity, _target = _program_tree()
    masterplan = draft(I="Teks.")
    renders = []
    real = export._render_docx

    def counting(mp):
        renders.append(mp.pk)
        return real(mp)

    monkeypatch.setattr(export, "_render_docx", counting)
    first = masterplan_to_docx(masterplan=masterplan)
    assert masterplan_to_docx(masterplan=masterplan) == first
    assert len(renders) == 1
    Activity.objects.filter(pk=activity.pk).update(name="Nama baru")  # no updated_at change
    changed = masterplan_to_docx(masterplan=masterplan)
    assert len(renders) == 2
    from docx import Document

    cells = {c.text for t in Document(io.BytesIO(changed)).tables for r in t.rows for c in r.cells}
    assert "Nama baru" in cells
    services.masterplan_chapter_update(actor=team(), masterplan=masterplan, code="I", body="Lain.")
    masterplan_to_docx(masterplan=masterplan)
    assert len(renders) == 3
