"""Reads of the council elections (Pasal 11(2)-(4)).

- Deadline: the election of the next council must start at least one month before the term ends
  (`rules.election_deadline`); reminders go out three months and one month before the end
  (`rules.election_reminder_dates`). An election not started by the deadline is late (red flag).
- Needed positions: the full structure of a term — Ketua, Wakil Ketua, Sekretaris and, in each
  komisi (one per dimension), a ketua, a sekretaris and three anggota.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from django.db.models import QuerySet
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.translation import gettext as _

from kotacerdas.core.models import Person
from kotacerdas.institutions import rules
from kotacerdas.institutions.models import (
    COMMISSION_POSITIONS,
    Candidate,
    CandidateStatus,
    CouncilMembership,
    CouncilPosition,
    CouncilTerm,
    Election,
    ElectionStage,
    TermStatus,
)
from kotacerdas.institutions.permissions import require_read
from kotacerdas.institutions.selectors.council import COUNCIL_WIDE, POSITION_CAPACITY
from kotacerdas.masterplan.models import Dimension

STAGE_ORDER = [
    ElectionStage.TEAM,
    ElectionStage.SCREENING,
    ElectionStage.SELECTION,
    ElectionStage.PROPOSED,
    ElectionStage.DECREED,
]
OPEN_STAGES = (ElectionStage.TEAM, ElectionStage.SCREENING, ElectionStage.SELECTION)


def stage_index(stage: str) -> int:
    return STAGE_ORDER.index(stage) if stage in STAGE_ORDER else len(STAGE_ORDER)


# --- deadline and reminders ---------------------------------------------------------------------


@dataclass(frozen=True)
class ElectionStatus:
    term: CouncilTerm
    election: Election | None
    end_date: dt.date
    deadline: dt.date
    reminder_3m: dt.date
    reminder_1m: dt.date
    days_left: int  # days from today to the deadline (negative once past)
    started: bool
    started_late: bool  # started, but after the deadline
    is_late: bool  # not started and the deadline has passed: the red flag
    needs_start: bool  # not started and the three-month reminder date has come

    @property
    def days_late(self) -> int:
        return max(0, -self.days_left)

    @property
    def state(self) -> str:
        if self.election is not None and self.election.stage == ElectionStage.DECREED:
            return "decreed"
        if self.started:
            return "running"
        if self.is_late:
            return "late"
        if self.needs_start:
            return "due"
        return "not_due"


def election_status(term: CouncilTerm, today: dt.date | None = None) -> ElectionStatus:
    """Deadline, reminder dates, countdown and flags of the election after `term`."""
    today = today or timezone.localdate()
    # A missing reverse one-to-one raises an AttributeError subclass: getattr's default covers it.
    election = getattr(term, "election", None)
    reminders = rules.election_reminder_dates(term.end_date)
    deadline = rules.election_deadline(term.end_date)
    started = bool(
        election is not None
        and election.started_on is not None
        and election.stage != ElectionStage.CANCELLED
    )
    return ElectionStatus(
        term=term,
        election=election,
        end_date=term.end_date,
        deadline=deadline,
        reminder_3m=reminders["3m"],
        reminder_1m=reminders["1m"],
        days_left=(deadline - today).days,
        started=started,
        started_late=started and election.started_on > deadline,
        is_late=not started and today > deadline,
        needs_start=not started and today >= reminders["3m"],
    )


def election_overview(today: dt.date | None = None) -> list[ElectionStatus]:
    """Every term (newest first) with the state of the election of its successor."""
    terms = CouncilTerm.objects.select_related("election", "decree").order_by("-number")
    return [election_status(term, today) for term in terms]


def terms_needing_reminders() -> QuerySet[CouncilTerm]:
    """Active terms: the ones whose successor must be elected."""
    return CouncilTerm.objects.filter(status=TermStatus.ACTIVE).select_related("election")


# --- elections ----------------------------------------------------------------------------------


def election_get(*, actor: Any, pk: int) -> Election:
    require_read(actor)
    return get_object_or_404(
        Election.objects.select_related(
            "ending_term", "team_decree", "proposal_letter", "result_decree", "next_term"
        ),
        pk=pk,
    )


def election_team(election: Election) -> QuerySet:
    return election.team.select_related("person", "person__organisation").order_by("role", "id")


def previous_chair(term: CouncilTerm) -> Person | None:
    """The ending term's Ketua (the latest one, if replaced): suggested for the election team."""
    membership = (
        CouncilMembership.objects.filter(term=term, position=CouncilPosition.KETUA)
        .select_related("person")
        .order_by("-start_date", "-id")
        .first()
    )
    return membership.person if membership else None


@dataclass
class Slot:
    """A needed position of the next term, with its candidates."""

    position: str
    dimension: Dimension | None
    capacity: int
    candidates: list[Candidate] = field(default_factory=list)

    @property
    def label(self) -> str:
        position = CouncilPosition(self.position).label
        if self.dimension is None:
            return _("%(jabatan)s Dewan") % {"jabatan": position}
        return _("%(jabatan)s — Komisi %(komisi)s") % {
            "jabatan": position,
            "komisi": self.dimension.name_id,
        }

    @property
    def selected(self) -> list[Candidate]:
        return [c for c in self.candidates if c.status == CandidateStatus.SELECTED]

    @property
    def missing(self) -> int:
        return max(0, self.capacity - len(self.selected))


def needed_slots() -> list[Slot]:
    """The full structure of a term, council-wide positions first, then per komisi."""
    slots = [Slot(position, None, POSITION_CAPACITY[position]) for position in COUNCIL_WIDE]
    commission_positions = [
        CouncilPosition.KETUA_KOMISI,
        CouncilPosition.SEKRETARIS_KOMISI,
        CouncilPosition.ANGGOTA_KOMISI,
    ]
    for dimension in Dimension.objects.order_by("order"):
        for position in commission_positions:
            slots.append(Slot(position, dimension, POSITION_CAPACITY[position]))
    return slots


def election_slots(election: Election) -> list[Slot]:
    """Each needed position with its candidates (one query for the candidates)."""
    slots = needed_slots()
    index = {(s.position, s.dimension.pk if s.dimension else None): s for s in slots}
    candidates = election.candidates.select_related("person", "organisation", "dimension").order_by(
        "position", "dimension__order", "-score", "id"
    )
    for candidate in candidates:
        slot = index.get((candidate.position, candidate.dimension_id))
        if slot is not None:
            slot.candidates.append(candidate)
    return slots


def election_missing_positions(election: Election) -> list[str]:
    """What still lacks a selected candidate, in Indonesian; empty when every position is filled."""
    missing = []
    for slot in election_slots(election):
        if slot.missing == 0:
            continue
        if slot.capacity == 1:
            missing.append(_("%(slot)s: belum ada calon terpilih") % {"slot": slot.label})
        else:
            missing.append(
                _("%(slot)s: %(n)s calon terpilih kurang") % {"slot": slot.label, "n": slot.missing}
            )
    return missing


def is_commission_position(position: str) -> bool:
    return position in COMMISSION_POSITIONS


def candidate_get(*, actor: Any, pk: int) -> Candidate:
    require_read(actor)
    return get_object_or_404(Candidate.objects.select_related("election"), pk=pk)
