"""Small data of the meeting tests (their own, independent of other areas' fixtures)."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from kotacerdas.core.models import Role
from kotacerdas.core.tests.factories import PersonFactory, UserFactory
from kotacerdas.institutions.models import CouncilPosition, MeetingKind
from kotacerdas.institutions.services import meetings as services
from kotacerdas.institutions.tests.factories import CouncilTermFactory, MembershipFactory


def secretariat():
    return UserFactory(roles=[Role.COUNCIL_SECRETARIAT])


def council_member():
    return UserFactory(roles=[Role.COUNCIL_MEMBER])


def term_with_members():
    """A term; two serving members in komisi 1, one in komisi 2, a Ketua, one who left."""
    term = CouncilTermFactory(start_date=dt.date(2026, 1, 5))
    k1, k2 = list(term.commissions.order_by("dimension__order"))[:2]
    MembershipFactory(term=term, commission=k1)
    MembershipFactory(term=term, commission=k1)
    MembershipFactory(term=term, commission=k2)
    MembershipFactory(term=term, position=CouncilPosition.KETUA, commission=None)
    MembershipFactory(term=term, commission=k1, end_date=dt.date(2026, 2, 1))
    return term


def schedule(actor=None, term=None, *, kind=MeetingKind.COMMISSION, commissions=None, **kw):
    term = term or term_with_members()
    if commissions is None:
        commissions = list(term.commissions.order_by("dimension__order"))[:1]
    starts_at = kw.pop("starts_at", timezone.now() + dt.timedelta(days=3))
    return services.meeting_schedule(
        actor=actor or secretariat(),
        term=term,
        kind=kind,
        title=kw.pop("title", "Rapat komisi uji"),
        starts_at=starts_at,
        ends_at=kw.pop("ends_at", starts_at + dt.timedelta(hours=2)),
        commissions=commissions,
        **kw,
    )


def past_meeting(actor=None, **kw):
    """A meeting that started two hours ago."""
    return schedule(actor, starts_at=timezone.now() - dt.timedelta(hours=2), **kw)


def resource_person():
    return PersonFactory(email="narasumber@contoh.ac.id")
