"""Writes of the council elections (Pasal 11(2)-(4)).

The election of the council for the term after an ending term: the election team (government,
the previous Ketua, others named by decree), registration and screening (penjaringan) of
candidates, selection (penyaringan) per needed position, the proposal to the mayor (an outgoing
letter of the secretariat) and the decree, which creates the next term and its members.
Stages only move forward: team -> screening -> selection -> proposed -> decreed.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from kotacerdas.core.audit.chain import audit_record, snapshot
from kotacerdas.core.models import Helix, Organisation, Person
from kotacerdas.institutions.models import (
    Candidate,
    CandidateStatus,
    CouncilTerm,
    Decree,
    Election,
    ElectionStage,
    ElectionTeamMember,
    ElectionTeamRole,
    TermStatus,
)
from kotacerdas.institutions.permissions import require_manage
from kotacerdas.institutions.selectors import elections as selectors
from kotacerdas.institutions.selectors.council import POSITION_CAPACITY
from kotacerdas.institutions.services import council as council_services
from kotacerdas.institutions.services import letters as letter_services
from kotacerdas.masterplan.models import Dimension

# Classification of the proposal letter to the mayor: 060 Organisasi / Ketatalaksanaan.
PROPOSAL_CLASSIFICATION = "060"
MAYOR = "Wali Kota Bekasi"


def _tracked(obj: Any) -> dict[str, Any]:
    return {k: v for k, v in snapshot(obj).items() if k not in {"created_at", "updated_at"}}


def _locked(election: Election) -> Election:
    return Election.objects.select_for_update().select_related("ending_term").get(pk=election.pk)


def _require_open(election: Election) -> None:
    if election.stage not in selectors.OPEN_STAGES:
        raise ValidationError(
            _("Pemilihan sudah pada tahap %(stage)s; tim dan calon tidak dapat diubah lagi.")
            % {"stage": election.get_stage_display()}
        )


def _advance(election: Election, stage: str) -> list[str] | None:
    """Move the election forward to `stage` (never back); returns the audit change or None."""
    if selectors.stage_index(stage) <= selectors.stage_index(election.stage):
        return None
    change = [election.stage, stage]
    election.stage = stage
    election.save(update_fields=["stage", "updated_at"])
    return change


# --- election -----------------------------------------------------------------------------------


@transaction.atomic
def election_start(
    *,
    actor: Any,
    ending_term: CouncilTerm,
    started_on: dt.date | None,
    team_decree: Decree | None = None,
    note: str = "",
    is_demo: bool = False,
) -> Election:
    """Pasal 11(3): start the election of the next council (at the latest one month before the
    term ends; a later start is recorded and flagged late)."""
    require_manage(actor)
    term = CouncilTerm.objects.select_for_update().get(pk=ending_term.pk)
    errors: dict[str, str] = {}
    if Election.objects.filter(ending_term=term).exists():
        errors["__all__"] = _(
            "Pemilihan untuk masa jabatan setelah periode %(n)s sudah dimulai."
        ) % {"n": term.number}
    elif term.status == TermStatus.DRAFT:
        errors["__all__"] = _(
            "Masa jabatan periode %(n)s belum aktif; pemilihan berikutnya belum dapat dimulai."
        ) % {"n": term.number}
    if started_on is None:
        errors["started_on"] = _("Tanggal mulai pemilihan wajib diisi.")
    elif started_on < term.start_date:
        errors["started_on"] = _("Pemilihan tidak dapat dimulai sebelum masa jabatan berjalan.")
    if errors:
        raise ValidationError(errors)
    election = Election.objects.create(
        ending_term=term,
        started_on=started_on,
        team_decree=team_decree,
        note=(note or "").strip(),
        is_demo=is_demo,
    )
    audit_record(actor=actor, action="election.start", obj=election, changes=_tracked(election))
    return election


@transaction.atomic
def election_team_add(
    *, actor: Any, election: Election, person: Person | None, role: str
) -> ElectionTeamMember:
    """Pasal 11(2): the election team — government, the previous Ketua, others by decree."""
    require_manage(actor)
    election = _locked(election)
    _require_open(election)
    errors: dict[str, str] = {}
    if person is None:
        errors["person"] = _("Pilih anggota tim pemilihan.")
    if role not in ElectionTeamRole.values:
        errors["role"] = _("Pilih unsur anggota tim pemilihan.")
    if errors:
        raise ValidationError(errors)
    if election.team.filter(person=person).exists():
        errors["person"] = _("%(name)s sudah menjadi anggota tim pemilihan.") % {
            "name": person.name
        }
    elif election.candidates.filter(person=person).exists():
        errors["person"] = _(
            "%(name)s terdaftar sebagai calon; calon tidak boleh menjadi anggota tim pemilihan."
        ) % {"name": person.name}
    if (
        role == ElectionTeamRole.PREVIOUS_CHAIR
        and election.team.filter(role=ElectionTeamRole.PREVIOUS_CHAIR).exists()
    ):
        errors["role"] = _("Ketua Dewan periode sebelumnya sudah tercatat dalam tim.")
    if errors:
        raise ValidationError(errors)
    member = ElectionTeamMember.objects.create(
        election=election, person=person, role=role, is_demo=election.is_demo
    )
    audit_record(actor=actor, action="election.team_add", obj=member, changes=_tracked(member))
    return member


# --- candidates ---------------------------------------------------------------------------------


@transaction.atomic
def candidate_add(
    *,
    actor: Any,
    election: Election,
    person: Person | None,
    organisation: Organisation | None,
    position: str,
    dimension: Dimension | None = None,
    note: str = "",
) -> Candidate:
    """Pasal 11(2): register a candidate for one needed position of the next term."""
    require_manage(actor)
    election = _locked(election)
    _require_open(election)
    errors: dict[str, str] = {}
    if person is None:
        errors["person"] = _("Pilih calon.")
    if organisation is None:
        errors["organisation"] = _(
            "Calon harus mewakili organisasi dari salah satu unsur pentahelix."
        )
    elif organisation.helix not in Helix.values:
        errors["organisation"] = _(
            "Organisasi %(org)s tidak termasuk unsur pentahelix mana pun."
        ) % {"org": organisation.name}
    if position not in POSITION_CAPACITY:
        errors["position"] = _("Pilih jabatan yang dicalonkan.")
    elif selectors.is_commission_position(position) and dimension is None:
        errors["dimension"] = _("Jabatan komisi harus menyebut komisinya (dimensi).")
    elif not selectors.is_commission_position(position) and dimension is not None:
        errors["dimension"] = _("Jabatan Dewan bukan jabatan komisi; kosongkan komisi.")
    if person is not None and not errors.get("person"):
        if election.team.filter(person=person).exists():
            errors["person"] = _(
                "%(name)s adalah anggota tim pemilihan dan tidak dapat menjadi calon."
            ) % {"name": person.name}
        else:
            other = election.candidates.filter(person=person).first()
            if other is not None:
                errors["person"] = _(
                    "%(name)s sudah dicalonkan untuk jabatan %(jabatan)s; satu orang hanya "
                    "boleh dicalonkan untuk satu jabatan dalam satu pemilihan."
                ) % {"name": person.name, "jabatan": other.get_position_display()}
    if errors:
        raise ValidationError(errors)
    candidate = Candidate.objects.create(
        election=election,
        person=person,
        helix=organisation.helix,
        organisation=organisation,
        position=position,
        dimension=dimension,
        note=(note or "").strip()[:300],
        is_demo=election.is_demo,
    )
    stage = _advance(election, ElectionStage.SCREENING)
    changes = _tracked(candidate)
    if stage:
        changes["election_stage"] = stage
    audit_record(actor=actor, action="election.candidate_add", obj=candidate, changes=changes)
    return candidate


def _locked_candidate(candidate: Candidate) -> tuple[Election, Candidate]:
    election = _locked(candidate.election)
    return election, Candidate.objects.select_for_update().get(pk=candidate.pk)


@transaction.atomic
def candidate_screen(
    *, actor: Any, candidate: Candidate, passed: bool, note: str = ""
) -> Candidate:
    """Penjaringan: a registered candidate passes or fails the screening."""
    require_manage(actor)
    election, candidate = _locked_candidate(candidate)
    _require_open(election)
    if candidate.status != CandidateStatus.REGISTERED:
        raise ValidationError(
            _("Calon ini sudah diputuskan (%(status)s).")
            % {"status": candidate.get_status_display()}
        )
    note = (note or "").strip()
    if not passed and not note:
        raise ValidationError({"note": _("Tuliskan alasan calon tidak lolos.")})
    before = candidate.status
    candidate.status = CandidateStatus.SCREENED if passed else CandidateStatus.REJECTED
    candidate.note = note[:300]
    candidate.save(update_fields=["status", "note"])
    _advance(election, ElectionStage.SCREENING)
    audit_record(
        actor=actor,
        action="election.candidate_screen",
        obj=candidate,
        changes={"status": [before, candidate.status], "note": candidate.note},
    )
    return candidate


@transaction.atomic
def candidate_select(
    *, actor: Any, candidate: Candidate, score: Decimal | None = None, note: str = ""
) -> Candidate:
    """Penyaringan: choose a screened candidate for their position (up to its capacity)."""
    require_manage(actor)
    election, candidate = _locked_candidate(candidate)
    _require_open(election)
    if candidate.status != CandidateStatus.SCREENED:
        raise ValidationError(
            _("Hanya calon yang lolos penjaringan yang dapat dipilih (status: %(status)s).")
            % {"status": candidate.get_status_display()}
        )
    taken = election.candidates.filter(
        position=candidate.position,
        dimension=candidate.dimension,
        status=CandidateStatus.SELECTED,
    ).count()
    capacity = POSITION_CAPACITY[candidate.position]
    if taken >= capacity:
        raise ValidationError(
            _("Jabatan %(jabatan)s sudah terisi %(n)s calon terpilih.")
            % {"jabatan": candidate.get_position_display(), "n": taken}
        )
    candidate.status = CandidateStatus.SELECTED
    if score is not None:
        candidate.score = score
    if note:
        candidate.note = note.strip()[:300]
    candidate.save(update_fields=["status", "score", "note"])
    _advance(election, ElectionStage.SELECTION)
    audit_record(
        actor=actor,
        action="election.candidate_select",
        obj=candidate,
        changes={"status": [CandidateStatus.SCREENED, CandidateStatus.SELECTED], "score": score},
    )
    return candidate


# --- proposal and decree ------------------------------------------------------------------------


@transaction.atomic
def election_propose(
    *,
    actor: Any,
    election: Election,
    proposed_on: dt.date | None,
    classification_code: str = PROPOSAL_CLASSIFICATION,
) -> Election:
    """Pasal 11(4): propose the selected candidates to the mayor with an outgoing letter.

    Refused (nothing written) until every needed position has its selected candidates; the
    message lists what is missing."""
    require_manage(actor)
    election = _locked(election)
    _require_open(election)
    if proposed_on is None:
        raise ValidationError({"proposed_on": _("Tanggal usulan wajib diisi.")})
    missing = selectors.election_missing_positions(election)
    if missing:
        raise ValidationError(missing)
    term = election.ending_term
    letter = letter_services.letter_register_outgoing(
        actor=actor,
        classification_code=classification_code,
        date=proposed_on,
        subject=_("Usulan anggota Dewan Kota Cerdas periode %(n)s") % {"n": term.number + 1},
        recipient=MAYOR,
        summary=_("Usulan hasil pemilihan anggota Dewan untuk masa jabatan setelah periode %(n)s.")
        % {"n": term.number},
    )
    not_selected = election.candidates.filter(status=CandidateStatus.SCREENED).update(
        status=CandidateStatus.NOT_SELECTED
    )
    election.proposal_letter = letter
    election.proposed_on = proposed_on
    election.save(update_fields=["proposal_letter", "proposed_on", "updated_at"])
    stage = _advance(election, ElectionStage.PROPOSED)
    audit_record(
        actor=actor,
        action="election.propose",
        obj=election,
        changes={
            "stage": stage,
            "proposed_on": proposed_on,
            "proposal_letter": letter.number,
            "not_selected": not_selected,
        },
    )
    return election


@transaction.atomic
def election_decree(*, actor: Any, election: Election, decree: Decree | None) -> CouncilTerm:
    """Pasal 11(4): the mayor's decree sets the next term; its members are the selected
    candidates. Creates the term (draft, activated later by the secretariat)."""
    require_manage(actor)
    election = _locked(election)
    if election.stage != ElectionStage.PROPOSED:
        raise ValidationError(
            _("Keputusan hanya dapat dicatat setelah usulan dikirim (tahap: %(stage)s).")
            % {"stage": election.get_stage_display()}
        )
    if decree is None:
        raise ValidationError({"decree": _("Pilih Keputusan Wali Kota penetapan anggota.")})
    term = council_services.term_create(
        actor=actor, number=election.ending_term.number + 1, decree=decree
    )
    commissions = {c.dimension_id: c for c in term.commissions.all()}
    selected = election.candidates.filter(status=CandidateStatus.SELECTED).select_related(
        "person", "organisation"
    )
    for candidate in selected.order_by("position", "dimension__order", "id"):
        council_services.membership_add(
            actor=actor,
            term=term,
            person=candidate.person,
            organisation=candidate.organisation,
            position=candidate.position,
            commission=commissions.get(candidate.dimension_id),
            decree=decree,
        )
    election.result_decree = decree
    election.next_term = term
    election.save(update_fields=["result_decree", "next_term", "updated_at"])
    stage = _advance(election, ElectionStage.DECREED)
    audit_record(
        actor=actor,
        action="election.decree",
        obj=election,
        changes={"stage": stage, "result_decree": decree.number, "next_term": term.number},
    )
    return term
