"""Reads of the Dewan Kota Cerdas: terms, their structure on a date and what is missing from it.

The structure a term needs (Pasal 9(1), 9(3), 10(1)-(2)): a Ketua, a Wakil Ketua and a
Sekretaris; six komisi, each with a ketua, a sekretaris and three anggota; members from all four
helices, the government represented by a Staf Ahli Wali Kota.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db.models import Count, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from kotacerdas.core.models import Helix
from kotacerdas.institutions.models import (
    Commission,
    CouncilMembership,
    CouncilPosition,
    CouncilTerm,
    ResourcePerson,
    TermStatus,
)
from kotacerdas.masterplan.models import Dimension

P = CouncilPosition
COUNCIL_WIDE = (P.KETUA, P.WAKIL_KETUA, P.SEKRETARIS)
POSITION_CAPACITY = {
    P.KETUA: 1,
    P.WAKIL_KETUA: 1,
    P.SEKRETARIS: 1,
    P.KETUA_KOMISI: 1,
    P.SEKRETARIS_KOMISI: 1,
    P.ANGGOTA_KOMISI: 3,
}
STAF_AHLI = "staf ahli"


def is_staf_ahli(person: Any) -> bool:
    return STAF_AHLI in (person.title or "").lower()


def term_date(term: CouncilTerm, on: dt.date | None = None) -> dt.date:
    """`on` (default today) brought inside the term."""
    day = on or timezone.localdate()
    return min(max(day, term.start_date), term.end_date)


def active_on(day: dt.date) -> Q:
    return Q(start_date__lte=day) & (Q(end_date__isnull=True) | Q(end_date__gte=day))


def overlapping_memberships(term: CouncilTerm, start: dt.date) -> QuerySet[CouncilMembership]:
    """Memberships of the term still running on or after `start` (an open-ended new one meets
    them)."""
    return term.memberships.filter(Q(end_date__isnull=True) | Q(end_date__gte=start))


def memberships_on(term: CouncilTerm, on: dt.date | None = None) -> list[CouncilMembership]:
    day = term_date(term, on)
    return list(
        term.memberships.filter(active_on(day))
        .select_related("person", "organisation", "commission")
        .order_by("position", "start_date", "id")
    )


# --- terms --------------------------------------------------------------------------------------


def term_list() -> QuerySet[CouncilTerm]:
    return (
        CouncilTerm.objects.select_related("decree")
        .annotate(member_count=Count("memberships", filter=Q(memberships__end_date__isnull=True)))
        .order_by("-number")
    )


def current_term(on: dt.date | None = None) -> CouncilTerm | None:
    """The active term that holds `on` (default today), or None."""
    day = on or timezone.localdate()
    return (
        CouncilTerm.objects.select_related("decree")
        .filter(status=TermStatus.ACTIVE, start_date__lte=day, end_date__gte=day)
        .order_by("-start_date", "-number")
        .first()
    )


def term_structure(term: CouncilTerm, on: dt.date | None = None) -> dict[str, Any]:
    """Who holds each position on `on`: two queries whatever the size of the council.

    {"date", "ketua", "wakil_ketua", "sekretaris": membership or None,
     "commissions": [{"commission", "ketua", "sekretaris", "anggota": [membership, ...]}]}
    """
    day = term_date(term, on)
    commissions = list(term.commissions.select_related("dimension").order_by("dimension__order"))
    by_commission: dict[int, dict[str, Any]] = {
        c.pk: {"commission": c, "ketua": None, "sekretaris": None, "anggota": []}
        for c in commissions
    }
    structure: dict[str, Any] = {
        "date": day,
        "ketua": None,
        "wakil_ketua": None,
        "sekretaris": None,
        "commissions": [by_commission[c.pk] for c in commissions],
    }
    for m in memberships_on(term, day):
        if m.position in COUNCIL_WIDE:
            structure[m.position] = structure[m.position] or m
            continue
        slot = by_commission.get(m.commission_id)
        if slot is None:
            continue
        if m.position == P.ANGGOTA_KOMISI:
            slot["anggota"].append(m)
        elif m.position == P.KETUA_KOMISI:
            slot["ketua"] = slot["ketua"] or m
        else:
            slot["sekretaris"] = slot["sekretaris"] or m
    return structure


def term_composition_problems(term: CouncilTerm, on: dt.date | None = None) -> list[str]:
    """What the structure lacks on `on` (default today, inside the term), in Indonesian; empty
    when complete."""
    memberships = memberships_on(term, on)
    problems: list[str] = []
    council_labels = {
        P.KETUA: _("Ketua Dewan belum ada"),
        P.WAKIL_KETUA: _("Wakil Ketua Dewan belum ada"),
        P.SEKRETARIS: _("Sekretaris Dewan belum ada"),
    }
    for position, missing in council_labels.items():
        found = sum(1 for m in memberships if m.position == position)
        if found == 0:
            problems.append(missing)
        elif found > 1:
            problems.append(
                _("%(jabatan)s Dewan dijabat %(n)s orang sekaligus")
                % {"jabatan": P(position).label, "n": found}
            )
    commissions = list(term.commissions.select_related("dimension").order_by("dimension__order"))
    present = {c.dimension_id for c in commissions}
    for dimension in Dimension.objects.order_by("order"):
        if dimension.pk not in present:
            problems.append(_("Komisi %(name)s belum dibentuk") % {"name": dimension.name_id})
    for commission in commissions:
        mine = [m for m in memberships if m.commission_id == commission.pk]
        ketua = sum(1 for m in mine if m.position == P.KETUA_KOMISI)
        sekretaris = sum(1 for m in mine if m.position == P.SEKRETARIS_KOMISI)
        anggota = sum(1 for m in mine if m.position == P.ANGGOTA_KOMISI)
        if ketua == 0:
            problems.append(_("%(komisi)s: ketua belum ada") % {"komisi": commission.name})
        elif ketua > 1:
            problems.append(_("%(komisi)s: ketua lebih dari satu") % {"komisi": commission.name})
        if sekretaris == 0:
            problems.append(_("%(komisi)s: sekretaris belum ada") % {"komisi": commission.name})
        elif sekretaris > 1:
            problems.append(
                _("%(komisi)s: sekretaris lebih dari satu") % {"komisi": commission.name}
            )
        if anggota < POSITION_CAPACITY[P.ANGGOTA_KOMISI]:
            problems.append(
                _("%(komisi)s: %(n)s anggota kurang")
                % {"komisi": commission.name, "n": POSITION_CAPACITY[P.ANGGOTA_KOMISI] - anggota}
            )
        elif anggota > POSITION_CAPACITY[P.ANGGOTA_KOMISI]:
            problems.append(
                _("%(komisi)s: kelebihan %(n)s anggota")
                % {"komisi": commission.name, "n": anggota - POSITION_CAPACITY[P.ANGGOTA_KOMISI]}
            )
    helices = {m.helix for m in memberships}
    for helix in Helix:
        if helix.value not in helices:
            problems.append(
                _("unsur %(unsur)s belum terwakili") % {"unsur": str(helix.label).lower()}
            )
    for m in memberships:
        if m.helix == Helix.PEMERINTAH and not is_staf_ahli(m.person):
            problems.append(
                _(
                    "%(name)s mewakili unsur pemerintah tetapi bukan Staf Ahli Wali Kota "
                    "(jabatan: %(title)s)"
                )
                % {"name": m.person.name, "title": m.person.title or "-"}
            )
    return problems


def term_activation_problems(term: CouncilTerm, on: dt.date | None = None) -> list[str]:
    """Composition problems, and the decree every term needs (Pasal 11(4))."""
    problems = term_composition_problems(term, on)
    if term.decree_id is None:
        problems.insert(0, _("Keputusan Wali Kota yang menetapkan Dewan belum dicatat"))
    return problems


def membership_history(term: CouncilTerm) -> QuerySet[CouncilMembership]:
    """Every membership of the term, ended ones included, in structure order."""
    return term.memberships.select_related(
        "person", "organisation", "commission", "replaces__person", "decree"
    ).order_by("commission__dimension__order", "position", "start_date", "id")


def membership_get(pk: int) -> CouncilMembership:
    return CouncilMembership.objects.select_related(
        "term", "person", "organisation", "commission"
    ).get(pk=pk)


def commission_choices(term: CouncilTerm) -> QuerySet[Commission]:
    return term.commissions.select_related("dimension").order_by("dimension__order")


# --- resource persons ---------------------------------------------------------------------------


def resource_person_list(
    *, q: str | None = None, active: bool | None = None
) -> QuerySet[ResourcePerson]:
    queryset = ResourcePerson.objects.select_related("person__organisation").order_by(
        "person__name"
    )
    if q:
        queryset = queryset.filter(
            Q(person__name__icontains=q)
            | Q(expertise__icontains=q)
            | Q(person__organisation__name__icontains=q)
        )
    if active is not None:
        queryset = queryset.filter(is_active=active)
    return queryset
