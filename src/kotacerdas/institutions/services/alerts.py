"""Reminders and alerts of the institutions (issue #4 item 9), run by the scheduler.

- Election of the next council (Pasal 11(3)): a reminder three months and one month before the
  active term ends, and a red flag once the deadline has passed — only while no election has
  started. Each goes to the secretariat, administrators and the council's Ketua.
- Meeting cadence (Pasal 10(4)): a komisi whose three-month window is about to close without a
  meeting (`selectors.cadence.commissions_at_risk`) — also to its ketua and sekretaris.

Each alert has an event key, so a user gets it once however often this runs (`core.notify`).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from kotacerdas.core import permissions
from kotacerdas.core.models import NotificationLevel, Role, User
from kotacerdas.core.services.notifications import notify
from kotacerdas.institutions.models import Commission, CouncilPosition, CouncilTerm
from kotacerdas.institutions.selectors import cadence as cadence_selectors
from kotacerdas.institutions.selectors import elections as election_selectors
from kotacerdas.institutions.selectors.council import memberships_on


def _url(name: str) -> str:
    try:
        return reverse(name)
    except NoReverseMatch:  # the page is not there yet: the notification still says what to do
        return ""


def _day(day: dt.date) -> str:
    return date_format(day, "j F Y")


def _days_left(days: int) -> str:
    return ngettext("%(count)d hari lagi", "%(count)d hari lagi", days) % {"count": days}


def base_recipients() -> list[User]:
    """The council secretariat and administrators (active accounts)."""
    return [
        user
        for user in User.objects.filter(is_active=True).order_by("pk")
        if permissions.is_admin(user) or permissions.has_role(user, Role.COUNCIL_SECRETARIAT)
    ]


def _users_holding(term: CouncilTerm, day: dt.date, positions: set[str], commission_id=None):
    return [
        m.person.user
        for m in memberships_on(term, day)
        if m.position in positions
        and (commission_id is None or m.commission_id == commission_id)
        and m.person.user_id is not None
    ]


def _election_alert(term: CouncilTerm, today: dt.date, base: list[User]) -> tuple[str, int]:
    status = election_selectors.election_status(term, today)
    if status.started:
        return "", 0
    values = {
        "n": term.number,
        "end": _day(status.end_date),
        "deadline": _day(status.deadline),
        "end_left": _days_left((status.end_date - today).days),
        "deadline_left": _days_left(status.days_left),
    }
    if status.is_late:
        kind, level = "late", NotificationLevel.DANGER
        title = _("Terlambat: pemilihan Dewan setelah periode %(n)s belum dimulai") % values
        body = (
            _(
                "Masa jabatan berakhir %(end)s; pemilihan seharusnya dimulai paling lambat "
                "%(deadline)s (Pasal 11 ayat 3)."
            )
            % values
        )
    elif today >= status.reminder_1m:
        kind, level = "1m", NotificationLevel.WARNING
        title = (
            _("Pemilihan Dewan harus dimulai hari ini (periode %(n)s berakhir %(end)s)") % values
        )
        body = _("Batas mulai pemilihan anggota Dewan berikutnya: %(deadline)s.") % values
    elif today >= status.reminder_3m:
        # The first reminder may go out late (the scheduler was down, the term was activated
        # late): it states the time actually left, not "three months".
        kind, level = "3m", NotificationLevel.INFO
        title = (
            _(
                "Masa jabatan Dewan periode %(n)s berakhir %(end)s (%(end_left)s); pemilihan "
                "harus dimulai paling lambat %(deadline)s"
            )
            % values
        )
        body = (
            _(
                "Mulailah pemilihan anggota Dewan berikutnya paling lambat %(deadline)s "
                "(%(deadline_left)s; Pasal 11 ayat 3)."
            )
            % values
        )
    else:
        return "", 0
    chair = _users_holding(term, today, {CouncilPosition.KETUA})
    created = notify(
        users=[*base, *chair],
        event_key=f"election-{kind}:term-{term.pk}",
        title=title,
        body=body,
        url=_url("institutions:election_list"),
        level=level,
    )
    return kind, created


def _cadence_alerts(term: CouncilTerm, today: dt.date, base: list[User]) -> int:
    cells = cadence_selectors.commissions_at_risk(term, today)
    if not cells:
        return 0
    names = dict(Commission.objects.filter(term=term).values_list("pk", "name"))
    officers = {CouncilPosition.KETUA_KOMISI, CouncilPosition.SEKRETARIS_KOMISI}
    created = 0
    for cell in cells:
        values = {
            "komisi": names.get(cell.commission_id, ""),
            "end": _day(cell.window.end),
            "n": cell.window.index,
        }
        created += notify(
            users=[*base, *_users_holding(term, today, officers, cell.commission_id)],
            event_key=f"cadence:commission-{cell.commission_id}:window-{cell.window.index}",
            title=_("%(komisi)s belum rapat dalam triwulan ke-%(n)s masa jabatan") % values,
            body=_(
                "Jendela tiga bulan ini berakhir %(end)s. Setiap komisi rapat atau FGD paling "
                "sedikit sekali dalam tiga bulan (Pasal 10 ayat 4)."
            )
            % values,
            url=_url("institutions:cadence"),
            level=NotificationLevel.WARNING,
        )
    return created


def run_alerts(today: dt.date | None = None) -> dict[str, Any]:
    """Send the reminders and alerts due on `today`; returns how many notifications were made."""
    today = today or timezone.localdate()
    base = base_recipients()
    result: dict[str, Any] = {"election": 0, "cadence": 0, "terms": []}
    for term in election_selectors.terms_needing_reminders():
        kind, created = _election_alert(term, today, base)
        result["election"] += created
        result["cadence"] += _cadence_alerts(term, today, base)
        result["terms"].append({"term": term.number, "election_alert": kind})
    return result
