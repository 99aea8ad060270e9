"""Demo council (Contoh): decrees, an ended term #1, a complete active term #2 that ends in about
six weeks (one member replaced during it), the done election of term #1 and the election of term
#2 that has not started with its deadline about two weeks away, and resource persons."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone

from kotacerdas.core.audit.chain import audit_record, snapshot
from kotacerdas.core.models import Helix, Organisation, Person
from kotacerdas.institutions import rules
from kotacerdas.institutions.demo import common
from kotacerdas.institutions.models import (
    Candidate,
    CandidateStatus,
    Commission,
    CouncilMembership,
    CouncilPosition,
    CouncilTerm,
    Decree,
    DecreeKind,
    Election,
    ElectionStage,
    ElectionTeamMember,
    ElectionTeamRole,
    MembershipEnd,
    ResourcePerson,
    TermStatus,
)
from kotacerdas.masterplan.models import Dimension

P = CouncilPosition
DIMENSIONS = ("GOV", "BRA", "ECO", "LIV", "SOC", "ENV")
ROMAN = ("I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X", "XI", "XII")

# key: (name, helix, kind); "SETDA" is the government organisation of the Sekretariat Daerah.
ORGANISATIONS = {
    "U45": ("Universitas Islam 45 Bekasi", Helix.AKADEMISI, "Perguruan tinggi"),
    "UBJ": ("Universitas Bhayangkara Jakarta Raya", Helix.AKADEMISI, "Perguruan tinggi"),
    "UBR": ("Universitas Bekasi Raya (Contoh)", Helix.AKADEMISI, "Perguruan tinggi"),
    "POLI": ("Politeknik Bekasi Mandiri (Contoh)", Helix.AKADEMISI, "Politeknik"),
    "SMK": ("SMK Negeri 1 Kota Bekasi", Helix.AKADEMISI, "Sekolah kejuruan"),
    "KALI": ("Komunitas Peduli Kali Bekasi (Contoh)", Helix.MASYARAKAT, "Komunitas"),
    "HIJAU": ("Forum Komunitas Hijau Kota Bekasi (Contoh)", Helix.MASYARAKAT, "Komunitas"),
    "START": ("Komunitas Startup Bekasi (Contoh)", Helix.MASYARAKAT, "Komunitas"),
    "IPTI": (
        "Ikatan Profesi Teknologi Informasi Bekasi (Contoh)",
        Helix.MASYARAKAT,
        "Asosiasi profesi",
    ),
    "PII": ("Persatuan Insinyur Kota Bekasi (Contoh)", Helix.MASYARAKAT, "Asosiasi profesi"),
    "KADIN": ("Kadin Kota Bekasi", Helix.DUNIA_USAHA, "Asosiasi perusahaan"),
    "APINDO": ("Apindo Kota Bekasi", Helix.DUNIA_USAHA, "Asosiasi perusahaan"),
    "HIPMI": ("HIPMI Kota Bekasi", Helix.DUNIA_USAHA, "Asosiasi perusahaan"),
    "ASPEDI": ("Asosiasi Pengusaha Digital Bekasi (Contoh)", Helix.DUNIA_USAHA, "Asosiasi"),
}

STAF_AHLI = {
    "SA1": "Staf Ahli Wali Kota Bidang Pemerintahan, Hukum dan Politik",
    "SA2": "Staf Ahli Wali Kota Bidang Ekonomi, Pembangunan dan Keuangan",
    "SA3": "Staf Ahli Wali Kota Bidang Kemasyarakatan dan Sumber Daya Manusia",
}

FIRST = (
    "Ahmad",
    "Siti",
    "Bambang",
    "Dewi",
    "Eko",
    "Fitri",
    "Gilang",
    "Hana",
    "Irfan",
    "Joko",
    "Kartika",
    "Lukman",
    "Maya",
    "Nanda",
    "Oki",
    "Putri",
    "Rizal",
    "Sri",
    "Taufik",
    "Umi",
    "Vina",
    "Wahyu",
    "Yuni",
    "Zainal",
    "Arif",
    "Bayu",
    "Citra",
    "Dian",
    "Erna",
    "Fajar",
    "Galih",
    "Hendra",
    "Indah",
    "Jihan",
    "Krisna",
    "Lestari",
    "Mega",
    "Novi",
    "Okta",
    "Pandu",
    "Rahmat",
    "Sinta",
    "Teguh",
    "Utari",
    "Wulan",
)
LAST = (
    "Hidayat",
    "Rahmawati",
    "Saputra",
    "Nugroho",
    "Handayani",
    "Permana",
    "Kusuma",
    "Wibowo",
    "Syahputra",
    "Maharani",
    "Setiawan",
    "Anggraini",
    "Firmansyah",
    "Purnama",
    "Ramadhan",
)

# Term #2: the council-wide positions, then per komisi (ketua, sekretaris, anggota x3).
LEADERSHIP = [(P.KETUA, "U45"), (P.WAKIL_KETUA, "KADIN"), (P.SEKRETARIS, "IPTI")]
KOMISI_ORGS = {
    "GOV": ("UBJ", "SA1", "IPTI", "APINDO", "SMK"),
    "BRA": ("POLI", "START", "HIPMI", "UBJ", "KALI"),
    "ECO": ("ASPEDI", "SA2", "U45", "START", "KADIN"),
    "LIV": ("UBR", "PII", "APINDO", "U45", "KALI"),
    "SOC": ("SMK", "SA3", "HIPMI", "IPTI", "POLI"),
    "ENV": ("HIJAU", "UBR", "KADIN", "KALI", "PII"),
}
KOMISI_POSITIONS = (P.KETUA_KOMISI, P.SEKRETARIS_KOMISI, P.ANGGOTA_KOMISI, P.ANGGOTA_KOMISI,
                    P.ANGGOTA_KOMISI)  # fmt: skip
REPLACED_SLOT = ("ECO", 3)  # an anggota of Komisi Smart Economy resigned during term #2

RESOURCE_PERSONS = [
    ("Ir. Gunawan Prasetyo (Contoh)", "Ahli hidrologi perkotaan", "Sistem drainase perkotaan"),
    ("Dr. Larasati Wijaya (Contoh)", "Peneliti keamanan siber", "Keamanan informasi"),
    ("Maman Suherman, M.M. (Contoh)", "Konsultan UMKM", "Ekonomi digital UMKM"),
    ("dr. Ratna Sari Dewi (Contoh)", "Epidemiolog", "Data kesehatan masyarakat"),
]


@dataclass
class Slot:
    position: str
    dimension: str | None
    org_key: str


def slots() -> list[Slot]:
    result = [Slot(position, None, org) for position, org in LEADERSHIP]
    for code in DIMENSIONS:
        for position, org in zip(KOMISI_POSITIONS, KOMISI_ORGS[code], strict=True):
            result.append(Slot(position, code, org))
    return result


def demo_name(index: int, academic: bool) -> str:
    name = f"{FIRST[index % len(FIRST)]} {LAST[(index * 7) % len(LAST)]}"
    return f"Dr. {name} (Contoh)" if academic else f"{name} (Contoh)"


def _org(key: str) -> Organisation:
    if key in STAF_AHLI:
        return common.government_organisation("SETDA")
    name, helix, kind = ORGANISATIONS[key]
    return common.organisation(name, helix, kind)


def _slot_person(index: int, slot: Slot) -> Person:
    org = _org(slot.org_key)
    if slot.org_key in STAF_AHLI:
        title = STAF_AHLI[slot.org_key]
    elif org.helix == Helix.AKADEMISI:
        title = "Dosen" if "Universitas" in org.name or "Politeknik" in org.name else "Guru"
    elif org.helix == Helix.DUNIA_USAHA:
        title = "Pengurus asosiasi"
    else:
        title = "Pengurus komunitas"
    return common.person(demo_name(index, org.helix == Helix.AKADEMISI), title, org)


def decree_number(code: str, seq: int, unit: str, day: dt.date) -> str:
    return f"{code}/Kep.{seq}-{unit}/{ROMAN[day.month - 1]}/{day.year}"


def _decree(number: str, day: dt.date, kind: str, subject: str) -> Decree:
    decree = Decree.objects.filter(number=number).first()
    if decree is None:
        decree = Decree.objects.create(
            number=number, date=day, kind=kind, subject=subject, is_demo=True
        )
        audit_record(actor=common.DEMO_ACTOR, action="create", obj=decree, changes=snapshot(decree))
    return decree


@dataclass
class Dates:
    start1: dt.date
    end1: dt.date
    start2: dt.date
    end2: dt.date


def term_dates(today: dt.date) -> Dates:
    """Term #2 began about 2 years 10.5 months ago, so it ends about six weeks from `today`."""
    start2 = rules.add_months(today, -34) - dt.timedelta(days=15)
    start1 = rules.anniversary(start2, -3)
    return Dates(start1, start2 - dt.timedelta(days=1), start2, rules.term_end(start2))


def decrees(d: Dates) -> dict[str, Decree]:
    replaced_on = rules.add_months(d.start2, 20)
    return {
        "council1": _decree(
            decree_number("000.1.3", 412, "Diskominfostandi", d.start1),
            d.start1,
            DecreeKind.COUNCIL,
            "Contoh: Pembentukan Dewan Kota Cerdas Kota Bekasi periode 1",
        ),
        "masterplan": _decree(
            decree_number("050", 188, "Bappelitbangda", rules.add_months(d.start1, 5)),
            rules.add_months(d.start1, 5),
            DecreeKind.MASTERPLAN,
            "Contoh: Penetapan Rencana Induk Kota Cerdas Kota Bekasi",
        ),
        "election1": _decree(
            decree_number("000.1.3", 95, "Diskominfostandi", rules.add_months(d.end1, -4)),
            rules.add_months(d.end1, -4),
            DecreeKind.ELECTION,
            "Contoh: Tim Pemilihan Anggota Dewan Kota Cerdas Kota Bekasi periode 2",
        ),
        "council2": _decree(
            decree_number("000.1.3", 301, "Diskominfostandi", d.start2),
            d.start2,
            DecreeKind.COUNCIL,
            "Contoh: Penetapan Anggota Dewan Kota Cerdas Kota Bekasi periode 2",
        ),
        "team": _decree(
            decree_number("000.1.3", 356, "Diskominfostandi", rules.add_months(d.start2, 3)),
            rules.add_months(d.start2, 3),
            DecreeKind.TEAM,
            "Contoh: Pembentukan Tim Pelaksana Kota Cerdas Kota Bekasi",
        ),
        "replacement": _decree(
            decree_number("000.1.3", 128, "Diskominfostandi", replaced_on),
            replaced_on,
            DecreeKind.COUNCIL,
            "Contoh: Penggantian Antarwaktu Anggota Komisi Smart Economy Dewan Kota Cerdas",
        ),
    }


def _term(number: int, decree: Decree, start: dt.date, end: dt.date, status: str):
    term = CouncilTerm.objects.filter(number=number).first()
    if term is not None:
        return term, False
    term = CouncilTerm.objects.create(
        number=number,
        decree=decree,
        start_date=start,
        end_date=end,
        status=status,
        activated_at=common.at(start, 10),
        is_demo=True,
    )
    for dimension in Dimension.objects.order_by("order"):
        Commission.objects.create(
            term=term, dimension=dimension, name=f"Komisi {dimension.name_id}"
        )
    audit_record(actor=common.DEMO_ACTOR, action="create", obj=term, changes=snapshot(term))
    return term, True


def _membership(term, slot: Slot, person: Person, commissions, **extra) -> CouncilMembership:
    return CouncilMembership(
        term=term,
        person=person,
        helix=person.organisation.helix,
        organisation=person.organisation,
        position=slot.position,
        commission=commissions.get(slot.dimension),
        is_demo=True,
        **extra,
    )


def _commissions(term: CouncilTerm) -> dict[str, Commission]:
    return {c.dimension.code: c for c in term.commissions.select_related("dimension")}


def terms(d: Dates, decree: dict[str, Decree]) -> tuple[CouncilTerm, CouncilTerm, int]:
    all_slots = slots()
    people2 = [_slot_person(i, slot) for i, slot in enumerate(all_slots)]
    created = 0
    term1, new1 = _term(1, decree["council1"], d.start1, d.end1, TermStatus.ENDED)
    if new1:
        commissions = _commissions(term1)
        rows = []
        for i, slot in enumerate(all_slots):
            # Six of term #1's members did not return in term #2.
            person = _slot_person(len(all_slots) + 2 + i, slot) if i < 6 else people2[i]
            rows.append(
                _membership(
                    term1,
                    slot,
                    person,
                    commissions,
                    start_date=d.start1,
                    end_date=d.end1,
                    end_reason=MembershipEnd.TERM_ENDED,
                    decree=decree["council1"],
                )
            )
        CouncilMembership.objects.bulk_create(rows)
        created += len(rows)
    term2, new2 = _term(2, decree["council2"], d.start2, d.end2, TermStatus.ACTIVE)
    if new2:
        commissions = _commissions(term2)
        rows = []
        replaced_index = None
        for i, slot in enumerate(all_slots):
            rows.append(
                _membership(
                    term2,
                    slot,
                    people2[i],
                    commissions,
                    start_date=d.start2,
                    decree=decree["council2"],
                )
            )
            if (
                slot.dimension,
                sum(1 for s in all_slots[: i + 1] if s.dimension == slot.dimension),
            ) == REPLACED_SLOT:
                replaced_index = i
        CouncilMembership.objects.bulk_create(rows)
        created += len(rows)
        old = CouncilMembership.objects.get(term=term2, person=people2[replaced_index])
        replaced_on = decree["replacement"].date
        old.end_date = replaced_on - dt.timedelta(days=1)
        old.end_reason = MembershipEnd.RESIGNED
        old.note = "Contoh: mengundurkan diri karena pindah tugas ke luar kota"
        old.save()
        slot = all_slots[replaced_index]
        successor = common.person(
            demo_name(len(FIRST) - 1, False), "Pengurus asosiasi", _org("HIPMI")
        )
        _membership(
            term2, slot, successor, commissions, start_date=replaced_on, replaces=old,
            decree=decree["replacement"], note="Contoh: penggantian antarwaktu",
        ).save()  # fmt: skip
        created += 1
    return term1, term2, created


def elections(d: Dates, decree: dict[str, Decree], term1, term2) -> int:
    created = 0
    if not Election.objects.filter(ending_term=term1).exists():
        election = Election.objects.create(
            ending_term=term1,
            stage=ElectionStage.DECREED,
            started_on=decree["election1"].date,
            team_decree=decree["election1"],
            proposed_on=d.end1 - dt.timedelta(days=21),
            result_decree=decree["council2"],
            next_term=term2,
            note="Contoh: pemilihan selesai tepat waktu.",
            is_demo=True,
        )
        ketua1 = term1.memberships.get(position=P.KETUA).person
        staf_ahli = Person.objects.filter(is_demo=True, title=STAF_AHLI["SA1"]).first()
        other = common.person(
            "Rahmat Syahputra (Contoh)",
            "Kepala Bidang Perencanaan",
            common.government_organisation("BAPPELITBANGDA"),
        )
        for person, role in (
            (staf_ahli, ElectionTeamRole.GOVERNMENT),
            (ketua1, ElectionTeamRole.PREVIOUS_CHAIR),
            (other, ElectionTeamRole.OTHER),
        ):
            ElectionTeamMember.objects.create(
                election=election, person=person, role=role, is_demo=True
            )
        for m in term2.memberships.filter(position__in=[P.KETUA, P.WAKIL_KETUA, P.SEKRETARIS]):
            Candidate.objects.create(
                election=election,
                person=m.person,
                helix=m.helix,
                organisation=m.organisation,
                position=m.position,
                status=CandidateStatus.SELECTED,
                score=88,
                is_demo=True,
            )
        for i, position in enumerate((P.KETUA, P.ANGGOTA_KOMISI)):
            loser = common.person(
                demo_name(len(FIRST) - 3 - i, False), "Pengurus komunitas", _org("HIJAU")
            )
            Candidate.objects.create(
                election=election,
                person=loser,
                helix=Helix.MASYARAKAT,
                organisation=loser.organisation,
                position=position,
                dimension=Dimension.objects.get(code="ENV") if i else None,
                status=CandidateStatus.NOT_SELECTED,
                score=71 - i,
                is_demo=True,
            )
        audit_record(
            actor=common.DEMO_ACTOR, action="create", obj=election, changes=snapshot(election)
        )
        created += 1
    # The election of the next council (after term 2) has not started: its deadline is about two
    # weeks away, so the secretariat starts it from the election list (no Election row yet, as
    # services only create one when the election starts).
    # Earlier versions of the demo made a row for it without a start date (a state services never
    # produce, which the pages refuse to start): remove such a row.
    for stale in Election.objects.filter(
        ending_term=term2, is_demo=True, started_on__isnull=True, team__isnull=True
    ):
        audit_record(actor=common.DEMO_ACTOR, action="delete", obj=stale, changes=snapshot(stale))
        stale.delete()
    return created


def resource_persons() -> int:
    created = 0
    org = common.organisation(*ORGANISATIONS["UBR"])
    for name, title, expertise in RESOURCE_PERSONS:
        person = common.person(name, title, org, expertise)
        _row, made = ResourcePerson.objects.get_or_create(
            person=person, defaults={"expertise": expertise, "is_demo": True}
        )
        created += made
    return created


def secretariat_people() -> list[Person]:
    org = common.government_organisation("DISKOMINFOSTANDI")
    return [
        common.person("Nurul Aini (Contoh)", "Kepala Sekretariat Dewan Kota Cerdas", org),
        common.person("Yoga Pratama (Contoh)", "Staf Sekretariat Dewan Kota Cerdas", org),
    ]


@transaction.atomic
def load(*, stdout=None) -> None:
    today = timezone.localdate()
    d = term_dates(today)
    existing = CouncilTerm.objects.filter(number=2).first()
    if existing is not None:  # keep the dates the demo was first loaded with
        start2 = existing.start_date
        d = Dates(
            rules.anniversary(start2, -3),
            start2 - dt.timedelta(days=1),
            start2,
            existing.end_date,
        )
    decree = decrees(d)
    term1, term2, members = terms(d, decree)
    chosen = elections(d, decree, term1, term2)
    resource = resource_persons()
    secretariat = secretariat_people()
    common.link_user("dewan", term2.memberships.get(position=P.KETUA).person)
    common.link_user("sekretariat", secretariat[0])
    common.say(
        stdout,
        f"Dewan Kota Cerdas contoh: {members} keanggotaan, {chosen} pemilihan, "
        f"{resource} narasumber dibuat.\n",
    )
