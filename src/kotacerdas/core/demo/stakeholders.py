"""Demo stakeholders ("Contoh"): a few organisations per helix and their people.

Every name carries "(Contoh)" and every row is_demo=True, so nobody mistakes them for real
partners of the city. Idempotent: rows are found by name and created only when missing; each
creation is audited with the actor "seed_demo". Real reference organisations are not invented:
the government helix already holds one organisation per Perangkat Daerah (migration 0003).
"""

from __future__ import annotations

from django.db import transaction

from kotacerdas.core.audit.chain import audit_record, snapshot
from kotacerdas.core.models import Helix, Organisation, Person

DEMO_ACTOR = "seed_demo"

ORGANISATIONS = [
    # (name, helix, kind, website)
    ("Universitas Bekasi Raya (Contoh)", Helix.AKADEMISI, "Perguruan tinggi", ""),
    ("SMK Teknologi Informasi Bekasi (Contoh)", Helix.AKADEMISI, "Sekolah kejuruan", ""),
    ("Komunitas Peduli Kali Bekasi (Contoh)", Helix.MASYARAKAT, "Komunitas", ""),
    (
        "Ikatan Profesi Teknologi Informasi Bekasi (Contoh)",
        Helix.MASYARAKAT,
        "Asosiasi profesi",
        "",
    ),
    ("Asosiasi Pengusaha Digital Bekasi (Contoh)", Helix.DUNIA_USAHA, "Asosiasi perusahaan", ""),
    ("Forum Usaha Kecil Bekasi (Contoh)", Helix.DUNIA_USAHA, "Asosiasi perusahaan", ""),
]

PEOPLE = [
    # (name, title, organisation name or agency code prefixed "PD:", expertise, email, phone)
    (
        "Dr. Rina Kartika (Contoh)",
        "Dosen Sistem Informasi",
        "Universitas Bekasi Raya (Contoh)",
        "Tata kelola data",
        "rina.kartika@contoh.invalid",
        "0812-0000-0001",
    ),
    (
        "Budi Santoso (Contoh)",
        "Ketua komunitas",
        "Komunitas Peduli Kali Bekasi (Contoh)",
        "Mitigasi banjir berbasis warga",
        "budi.santoso@contoh.invalid",
        "0812-0000-0002",
    ),
    (
        "Sari Wulandari (Contoh)",
        "Sekretaris asosiasi",
        "Asosiasi Pengusaha Digital Bekasi (Contoh)",
        "Ekonomi digital",
        "sari.wulandari@contoh.invalid",
        "0812-0000-0003",
    ),
    (
        "Agus Pratama (Contoh)",
        "Pranata Komputer",
        "PD:DISKOMINFOSTANDI",
        "Infrastruktur TIK",
        "agus.pratama@contoh.invalid",
        "0812-0000-0004",
    ),
]


def _say(stdout, message: str) -> None:
    if stdout is not None:
        stdout.write(message)


@transaction.atomic
def load(*, stdout=None) -> None:
    created_orgs = created_people = 0
    by_name: dict[str, Organisation] = {}
    for name, helix, kind, website in ORGANISATIONS:
        organisation = Organisation.objects.filter(name=name, helix=helix).first()
        if organisation is None:
            organisation = Organisation(
                name=name, helix=helix, kind=kind, website=website, is_demo=True
            )
            organisation.full_clean()
            organisation.save()
            audit_record(
                actor=DEMO_ACTOR, action="create", obj=organisation, changes=snapshot(organisation)
            )
            created_orgs += 1
        by_name[name] = organisation
    for name, title, org_ref, expertise, email, phone in PEOPLE:
        if Person.objects.filter(name=name, is_demo=True).exists():
            continue
        if org_ref.startswith("PD:"):
            organisation = Organisation.objects.filter(
                agency__code=org_ref[3:], helix=Helix.PEMERINTAH
            ).first()
        else:
            organisation = by_name[org_ref]
        person = Person(
            name=name,
            title=title,
            organisation=organisation,
            expertise=expertise,
            email=email,
            phone=phone,
            is_demo=True,
        )
        person.full_clean()
        person.save()
        audit_record(actor=DEMO_ACTOR, action="create", obj=person, changes=snapshot(person))
        created_people += 1
    _say(
        stdout,
        f"Pemangku kepentingan contoh: {created_orgs} organisasi, {created_people} orang dibuat.\n",
    )
