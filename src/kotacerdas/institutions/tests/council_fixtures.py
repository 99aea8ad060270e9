"""A complete council term for tests: Ketua, Wakil Ketua, Sekretaris and six komisi of five
(ketua, sekretaris, three anggota), all four helices, the government through a Staf Ahli.

    from kotacerdas.institutions.tests.council_fixtures import complete_term
    term = complete_term()            # a new draft term (with decree) filled completely
    complete_term(existing_term)      # fill a term that has its komisi but no members
"""

from __future__ import annotations

from kotacerdas.core.models import Helix
from kotacerdas.core.tests.factories import OrganisationFactory, PersonFactory
from kotacerdas.institutions.models import CouncilPosition, CouncilTerm
from kotacerdas.institutions.tests.factories import (
    CouncilTermFactory,
    DecreeFactory,
    MembershipFactory,
)

HELIX_ORDER = [Helix.PEMERINTAH, Helix.AKADEMISI, Helix.MASYARAKAT, Helix.DUNIA_USAHA]
ORG_NAMES = {
    Helix.PEMERINTAH: "Pemerintah Kota Bekasi",
    Helix.AKADEMISI: "Universitas Uji Bekasi",
    Helix.MASYARAKAT: "Komunitas Uji Bekasi",
    Helix.DUNIA_USAHA: "Asosiasi Pengusaha Uji",
}


def _slots(term: CouncilTerm) -> list[tuple[str, object]]:
    slots: list[tuple[str, object]] = [
        (CouncilPosition.KETUA, None),
        (CouncilPosition.WAKIL_KETUA, None),
        (CouncilPosition.SEKRETARIS, None),
    ]
    for commission in term.commissions.order_by("dimension__order"):
        slots.append((CouncilPosition.KETUA_KOMISI, commission))
        slots.append((CouncilPosition.SEKRETARIS_KOMISI, commission))
        slots.extend((CouncilPosition.ANGGOTA_KOMISI, commission) for _ in range(3))
    return slots


def complete_term(term: CouncilTerm | None = None) -> CouncilTerm:
    """Fill `term` (default: a new draft term with a decree) with 33 members, all helices."""
    if term is None:
        decree = DecreeFactory()
        term = CouncilTermFactory(decree=decree, start_date=decree.date)
    organisations = {
        helix: OrganisationFactory(name=f"{ORG_NAMES[helix]} {term.number}", helix=helix)
        for helix in HELIX_ORDER
    }
    for index, (position, commission) in enumerate(_slots(term)):
        helix = HELIX_ORDER[index % len(HELIX_ORDER)]
        organisation = organisations[helix]
        title = "Staf Ahli Wali Kota Bidang Pemerintahan" if helix == Helix.PEMERINTAH else ""
        person = PersonFactory(organisation=organisation, title=title)
        MembershipFactory(
            term=term,
            person=person,
            organisation=organisation,
            position=position,
            commission=commission,
            start_date=term.start_date,
        )
    return term
