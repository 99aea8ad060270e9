"""Demo meetings of council term #2 (Contoh): every komisi meets once in every three-month window
of the term except Komisi Smart Environment in the last closed window (out of cadence); in the
last twelve months also cross-komisi meetings, plenaries and FGDs with resource persons, and a
few meetings scheduled in the coming weeks. Held meetings have attendance, minutes with
decisions and action items, and (but the latest two) their distribution; meetings of the last
year have an invitation letter. Found again by title, so a second run creates nothing."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.db import transaction

from kotacerdas.core.models import Agency, Person
from kotacerdas.institutions import rules
from kotacerdas.institutions.demo import common, letters
from kotacerdas.institutions.models import (
    ActionItem,
    Attendance,
    AttendeeRole,
    ChecklistItem,
    CouncilTerm,
    Meeting,
    MeetingKind,
    MeetingStatus,
    Minutes,
    MinutesDistribution,
    ResourcePerson,
)

DIMENSIONS = ("GOV", "BRA", "ECO", "LIV", "SOC", "ENV")
OUT_OF_CADENCE = "ENV"  # Komisi Smart Environment misses the last closed window
LOCATION = "Ruang Rapat Diskominfostandi, Kantor Pemerintah Kota Bekasi"
TOPICS = {
    "GOV": ("integrasi layanan perizinan daring", "DPMPTSP"),
    "BRA": ("promosi wisata kota melalui kanal digital", "DISBUDPAR"),
    "ECO": ("pendampingan UMKM masuk lokapasar", "DISKOPUKM"),
    "LIV": ("antrean daring puskesmas dan rumah sakit", "DINKES"),
    "SOC": ("literasi digital di sekolah dan kelurahan", "DISDIK"),
    "ENV": ("pemantauan tinggi muka air dan kualitas udara", "DLH"),
}
CHECKLIST = ("Surat undangan dikirim", "Ruang rapat dipesan", "Bahan rapat disiapkan",
             "Daftar hadir disiapkan")  # fmt: skip


@dataclass
class Spec:
    kind: str
    title: str
    day: dt.date
    codes: tuple[str, ...] = ()
    topic: str = ""
    agency_code: str = ""
    hours: tuple[int, int] = (9, 11)
    resource: bool = False
    recipients: str = ""
    extra: dict = field(default_factory=dict)


def _komisi_specs(term: CouncilTerm, names: dict[str, str], today: dt.date) -> list[Spec]:
    windows = rules.cadence_windows(term.start_date, term.end_date)
    closed = [w for w in windows if w.end < today]
    last_closed = closed[-1].index if closed else None
    specs = []
    for window in windows:
        if window.start > today:
            break
        for i, code in enumerate(DIMENSIONS):
            if window.index == last_closed and code == OUT_OF_CADENCE:
                continue
            day = min(window.start + dt.timedelta(days=10 + 9 * i), window.end)
            topic, agency = TOPICS[code]
            specs.append(
                Spec(
                    MeetingKind.COMMISSION,
                    f"Contoh: Rapat internal {names[code]} triwulan ke-{window.index}",
                    day,
                    (code,),
                    topic,
                    agency,
                    recipients=f"Anggota {names[code]}",
                )
            )
    return specs


def _other_specs(term: CouncilTerm, today: dt.date) -> list[Spec]:
    windows = rules.cadence_windows(term.start_date, term.end_date)
    closed = [w for w in windows if w.end < today]
    ago = lambda days: today - dt.timedelta(days=days)  # noqa: E731
    specs = [
        Spec(MeetingKind.CROSS, "Contoh: Rapat lintas komisi layanan publik terpadu", ago(320),
             ("GOV", "LIV"), "layanan publik terpadu", "DISKOMINFOSTANDI",
             recipients="Anggota Komisi Tata Kelola dan Komisi Kehidupan"),
        Spec(MeetingKind.CROSS, "Contoh: Rapat lintas komisi ekonomi kreatif", ago(230),
             ("BRA", "ECO"), "ekonomi kreatif dan jenama kota", "DISBUDPAR",
             recipients="Anggota Komisi Pencitraan dan Komisi Ekonomi"),
        Spec(MeetingKind.CROSS, "Contoh: Rapat lintas komisi bantuan sosial tepat sasaran",
             ago(75), ("ECO", "SOC"), "data terpadu bantuan sosial", "DINSOS",
             recipients="Anggota Komisi Ekonomi dan Komisi Masyarakat"),
        Spec(MeetingKind.PLENARY, "Contoh: Rapat pleno evaluasi rencana induk tahunan",
             ago(300), (), "evaluasi tahunan rencana induk", "BAPPELITBANGDA", (13, 16),
             recipients="Seluruh anggota Dewan Kota Cerdas"),
        Spec(MeetingKind.PLENARY, "Contoh: Rapat pleno rekomendasi semester", ago(110), (),
             "rekomendasi semester kepada Wali Kota", "BAPPELITBANGDA", (13, 16),
             recipients="Seluruh anggota Dewan Kota Cerdas"),
        Spec(MeetingKind.FGD, "Contoh: FGD keamanan informasi layanan kota", ago(270),
             ("GOV", "SOC"), "keamanan informasi layanan kota", "DISKOMINFOSTANDI", (9, 12),
             resource=True, recipients="Anggota Komisi Tata Kelola dan Komisi Masyarakat"),
        Spec(MeetingKind.FGD, "Contoh: FGD data kesehatan masyarakat", ago(160), ("LIV",),
             "pemanfaatan data kesehatan masyarakat", "DINKES", (9, 12), resource=True,
             recipients="Anggota Komisi Kehidupan"),
        Spec(MeetingKind.PLENARY, "Contoh: Rapat pleno persiapan akhir masa jabatan",
             today + dt.timedelta(days=10), (), "persiapan akhir masa jabatan dan pemilihan",
             "DISKOMINFOSTANDI", (13, 16), recipients="Seluruh anggota Dewan Kota Cerdas"),
        Spec(MeetingKind.FGD, "Contoh: FGD ekonomi digital UMKM", today + dt.timedelta(days=17),
             ("ECO",), "ekonomi digital UMKM", "DISKOPUKM", (9, 12), resource=True,
             recipients="Anggota Komisi Ekonomi"),
    ]  # fmt: skip
    if len(closed) >= 3:  # the flood FGD of Komisi Smart Environment, two windows earlier
        window = closed[-3]
        specs.append(
            Spec(MeetingKind.FGD, "Contoh: FGD mitigasi banjir berbasis sensor",
                 min(window.start + dt.timedelta(days=60), window.end), ("ENV", "LIV"),
                 "mitigasi banjir berbasis sensor", "BPBD", (9, 12), resource=True,
                 recipients="Anggota Komisi Lingkungan dan Komisi Kehidupan")
        )  # fmt: skip
    return [s for s in specs if term.start_date <= s.day <= term.end_date]


def _invitation(spec: Spec) -> letters.Outgoing:
    return letters.Outgoing(
        spec.day - dt.timedelta(days=7),
        "005",
        spec.title.replace("Contoh: ", "Contoh: Undangan "),
        spec.recipients,
        f"Undangan {spec.title[8:].lower()} pada {spec.day.day} {common.month_year(spec.day)}.",
    )


class _Roster:
    """Who served in which komisi on a day (a replaced member leaves, the successor joins)."""

    def __init__(self, term: CouncilTerm):
        self.rows = list(term.memberships.select_related("person", "commission__dimension"))

    def members(self, day: dt.date, codes: tuple[str, ...] | None) -> list[Person]:
        people = []
        for m in self.rows:
            if m.start_date > day or (m.end_date is not None and m.end_date < day):
                continue
            if codes is None or (m.commission is not None and m.commission.dimension.code in codes):
                people.append(m.person)
        return people


def _attendances(meeting, spec, roster, secretariat, resource, held, today) -> list[Person]:
    codes = spec.codes if spec.kind != MeetingKind.PLENARY else None
    members = roster.members(spec.day, codes)
    rows = []
    for i, person in enumerate(members):
        absent = held and (i + spec.day.toordinal()) % 7 == 3
        rows.append(
            Attendance(
                meeting=meeting,
                person=person,
                role=AttendeeRole.MEMBER,
                present=(not absent) if held else None,
                note="Izin: tugas luar kota" if absent else "",
            )
        )
    for person in secretariat:
        rows.append(
            Attendance(
                meeting=meeting,
                person=person,
                role=AttendeeRole.SECRETARIAT,
                present=True if held else None,
            )
        )
    if spec.resource:
        for person in resource[:2]:
            rows.append(
                Attendance(
                    meeting=meeting,
                    person=person,
                    role=AttendeeRole.RESOURCE,
                    present=True if held else None,
                )
            )
    Attendance.objects.bulk_create(rows)
    return [r.person for r in rows]


def _minutes(meeting, spec, people, distribute: bool, agencies, recorder) -> None:
    minutes = Minutes.objects.create(
        meeting=meeting,
        summary=(
            f"Contoh: Rapat membahas {spec.topic}. Peserta menyampaikan capaian, kendala "
            "pelaksanaan dan usulan perbaikan dari masing-masing unsur."
        ),
        decisions=(
            f"1. Contoh: Dewan meminta pemutakhiran data {spec.topic}.\n"
            "2. Contoh: Hasil rapat dilaporkan pada rapat pleno berikutnya."
        ),
        recorded_by=recorder,
        approved_at=common.at(spec.day + dt.timedelta(days=2), 15),
        is_demo=True,
    )
    agency = agencies.get(spec.agency_code)
    due = spec.day + dt.timedelta(days=30)
    ActionItem.objects.create(
        minutes=minutes,
        description=f"Contoh: Menyiapkan bahan tindak lanjut tentang {spec.topic}.",
        owner_agency=agency,
        owner_name="" if agency else "Tim Pelaksana",
        due_date=due,
        done=due < common.today() - dt.timedelta(days=14),
    )
    if not distribute:
        return
    sent = common.at(spec.day + dt.timedelta(days=3), 10)
    extra = (
        {"emailed_at": sent}
        if any(f.name == "emailed_at" for f in MinutesDistribution._meta.get_fields())
        else {}
    )
    MinutesDistribution.objects.bulk_create(
        [
            MinutesDistribution(
                minutes=minutes,
                person=person,
                sent_at=sent,
                received_at=sent + dt.timedelta(hours=3),
                sent_by=recorder,
                **extra,
            )
            for person in dict.fromkeys(people)
        ]
    )


@transaction.atomic
def load(*, stdout=None) -> None:
    term = CouncilTerm.objects.filter(number=2, is_demo=True).first()
    if term is None:
        common.say(stdout, "  rapat contoh dilewati: masa jabatan contoh tidak ada\n")
        return
    today = common.today()
    commissions = {c.dimension.code: c for c in term.commissions.select_related("dimension")}
    names = {code: c.name for code, c in commissions.items()}
    specs = sorted(
        _komisi_specs(term, names, today) + _other_specs(term, today), key=lambda s: s.day
    )
    year_ago = today - dt.timedelta(days=365)
    invited = {s.title: _invitation(s) for s in specs if s.day >= year_ago}
    found = letters.register_outgoing(list(invited.values()) + letters.other_outgoing(today))
    existing = set(Meeting.objects.filter(term=term, is_demo=True).values_list("title", flat=True))
    roster = _Roster(term)
    secretariat = list(
        Person.objects.filter(is_demo=True, title__icontains="Sekretariat Dewan Kota Cerdas")
    )
    resource = [r.person for r in ResourcePerson.objects.filter(is_demo=True)]
    agencies = {a.code: a for a in Agency.objects.filter(code__in=[s.agency_code for s in specs])}
    recorder = common.user("sekretariat")
    held_specs = [s for s in specs if s.day < today]
    undistributed = {s.title for s in held_specs[-2:]}
    created = 0
    for spec in specs:
        if spec.title in existing:
            continue
        held = spec.day < today
        invitation = invited.get(spec.title)
        meeting = Meeting.objects.create(
            term=term,
            kind=spec.kind,
            title=spec.title,
            agenda=f"1. Pembukaan\n2. Pembahasan {spec.topic}\n3. Kesimpulan dan tindak lanjut",
            starts_at=common.at(spec.day, spec.hours[0]),
            ends_at=common.at(spec.day, spec.hours[1]),
            location=LOCATION,
            status=MeetingStatus.HELD if held else MeetingStatus.SCHEDULED,
            invitation=found.get(invitation.subject) if invitation else None,
            created_by=recorder,
            is_demo=True,
        )
        meeting.commissions.set([commissions[c] for c in spec.codes])
        people = _attendances(meeting, spec, roster, secretariat, resource, held, today)
        if held:
            _minutes(meeting, spec, people, spec.title not in undistributed, agencies, recorder)
        else:
            ChecklistItem.objects.bulk_create(
                [
                    ChecklistItem(
                        meeting=meeting,
                        label=label,
                        order=i,
                        done_at=common.at(today - dt.timedelta(days=1), 10) if i == 0 else None,
                        done_by=recorder if i == 0 else None,
                    )
                    for i, label in enumerate(CHECKLIST)
                ]
            )
        created += 1
    common.say(stdout, f"Rapat contoh: {created} rapat dan FGD dibuat.\n")
