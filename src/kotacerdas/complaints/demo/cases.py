"""Generated demo cases ("Contoh"): a year of complaints across channels, categories, agencies
and every kecamatan, in every lifecycle state, written in bulk.

Each case gets a believable timeline: received at a random moment of the past year, then
verified, dispatched, started, resolved and closed after random (log-normal) delays, shorter
for emergencies handled by URC units. Milestones that would fall after `now` do not happen, so
recent cases are still open; a few cases stall (and run late), some are declined, withdrawn or
merged into an earlier report, most closed ones carry a rating. SLA fields come from the SLA
service's `sla_apply` at `now`; the `is_overdue` mark also covers clocks that ran out earlier.
"""

from __future__ import annotations

import datetime as dt
import math
import random
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone
from shapely.geometry import Point

from kotacerdas.complaints.demo.catalogue import NAMES, SURNAMES, TOPICS, Topic
from kotacerdas.complaints.demo.texts import complaint_text
from kotacerdas.complaints.models import (
    Case,
    CaseEvent,
    CaseEventKind,
    CaseOutcome,
    CaseState,
    Category,
    Channel,
    Privacy,
    SlaStage,
    TrackingSequence,
    UrcStatus,
    UrcUnit,
)
from kotacerdas.complaints.services.sla import sla_apply
from kotacerdas.complaints.services.sla.clock import sla_calendar, stage_due
from kotacerdas.core import geo
from kotacerdas.core.models import Agency, Region
from kotacerdas.core.models.regions import RegionLevel

CHANNEL_WEIGHTS = (
    (Channel.WEB, 30),
    (Channel.CALL_CENTER, 30),
    (Channel.LAPOR, 20),
    (Channel.OPEN311, 15),
    (Channel.WALK_IN, 5),
)
PRIVACY_WEIGHTS = (
    (Privacy.PUBLIC, 70),
    (Privacy.NAME_HIDDEN, 15),
    (Privacy.CONFIDENTIAL, 5),
    (Privacy.ANONYMOUS, 10),
)
MISFILED_SHARE = 0.08  # filed under "lainnya": the verifier (and the classifier) must route it
STALL_SHARE = 0.06
DECLINE_SHARE = 0.05
WITHDRAW_SHARE = 0.01
DUPLICATE_SHARE = 0.03
PAUSE_SHARE = 0.05
AUTO_CLOSE_SHARE = 0.35


def _weighted(rng: random.Random, pairs):
    values, weights = zip(*pairs, strict=True)
    return rng.choices(values, weights=weights)[0]


def _hours(rng: random.Random, median: float, spread: float = 0.8) -> dt.timedelta:
    return dt.timedelta(hours=rng.lognormvariate(math.log(median), spread))


@dataclass
class Area:
    kelurahan: Region
    kecamatan: Region
    geometry: object
    bounds: tuple[float, float, float, float]


def kelurahan_areas() -> list[Area]:
    """The kelurahan with their prepared boundaries, as core.geo caches them."""
    regions = {
        region.code: region
        for region in Region.objects.filter(
            level=RegionLevel.KELURAHAN, parent__isnull=False
        ).select_related("parent")
    }
    return [
        Area(regions[area.code], regions[area.code].parent, area.geometry, area.bounds)
        for area in geo._areas()  # the shapes core.geo already built for locate_point
        if area.code in regions
    ]


def random_point(rng: random.Random, area: Area) -> tuple[float, float]:
    """(lat, lng) uniformly inside the kelurahan (rejection sampling in its bounding box)."""
    min_x, min_y, max_x, max_y = area.bounds
    for _ in range(200):
        lng, lat = rng.uniform(min_x, max_x), rng.uniform(min_y, max_y)
        if area.geometry.contains(Point(lng, lat)):
            return round(lat, 6), round(lng, 6)
    point = area.geometry.representative_point()
    return round(point.y, 6), round(point.x, 6)


@dataclass
class Context:
    now: dt.datetime
    rng: random.Random
    categories: dict[str, Category]
    agencies: dict[str, Agency]
    units: dict[str, UrcUnit]
    areas: list[Area]
    verifier: object = None


def _milestones(ctx: Context, category: Category, received: dt.datetime) -> dict:
    """The moments a case reaches each milestone (before any of them is cut at `now`)."""
    rng = ctx.rng
    if category.is_emergency:
        verify = received + _hours(rng, 0.15, 0.6)
        dispatch = verify + _hours(rng, 0.05, 0.5)
        respond = dispatch + _hours(rng, 0.5, 0.7)
        resolve = respond + _hours(rng, 4, 0.7)
    else:
        verify = received + _hours(rng, 16, 0.9)
        dispatch = verify + _hours(rng, 0.5, 0.8)
        respond = dispatch + _hours(rng, 40, 1.0)
        resolve = respond + _hours(rng, 90, 0.9)
    auto = rng.random() < AUTO_CLOSE_SHARE
    close = resolve + (dt.timedelta(days=14, hours=2) if auto else _hours(rng, 30, 0.9))
    return {
        "verified_at": verify,
        "dispatched_at": dispatch,
        "responded_at": respond,
        "resolved_at": resolve,
        "closed_at": close,
        "auto": auto,
    }


ORDER = ("verified_at", "dispatched_at", "responded_at", "resolved_at", "closed_at")
STATE_AFTER = {
    None: CaseState.RECEIVED,
    "verified_at": CaseState.VERIFIED,
    "dispatched_at": CaseState.DISPATCHED,
    "responded_at": CaseState.IN_PROGRESS,
    "resolved_at": CaseState.RESOLVED,
    "closed_at": CaseState.CLOSED,
}


def _reporter(ctx: Context, case: Case) -> None:
    rng = ctx.rng
    case.privacy = _weighted(rng, PRIVACY_WEIGHTS)
    if case.privacy == Privacy.ANONYMOUS:
        return
    case.reporter_name = f"{rng.choice(NAMES)} {rng.choice(SURNAMES)} (Contoh)"
    case.reporter_phone = f"08120000{rng.randint(0, 9999):04d}"
    if rng.random() < 0.4:
        case.reporter_email = f"warga{rng.randint(1, 99999)}@contoh.invalid"


def _attributes(ctx: Context, category: Category) -> dict:
    rng = ctx.rng
    if category.code == "jalan-rusak":
        return {"ukuran_lubang": rng.choice(("kecil", "sedang", "besar"))}
    if category.code == "kebakaran":
        return {"ada_korban": "ya" if rng.random() < 0.1 else "tidak"}
    if category.code == "perhubungan" and rng.random() < 0.5:
        return {"plat_nomor": f"B {rng.randint(1000, 9999)} {rng.choice(('KZA', 'FQ', 'TX'))}"}
    return {}


def _stall(ctx: Context, marks: dict) -> None:
    """The case stops at a random milestone (a clock that runs late)."""
    stop = ctx.rng.randrange(0, 4)
    for name in ORDER[stop:]:
        marks[name] = None


def _apply_milestones(case: Case, marks: dict, now: dt.datetime) -> None:
    reached = None
    for name in ORDER:
        moment = marks.get(name)
        if moment is None or moment > now:
            break
        setattr(case, name, moment)
        reached = name
    case.state = STATE_AFTER[reached]
    if case.state == CaseState.CLOSED:
        case.outcome = CaseOutcome.AUTO_CLOSED if marks["auto"] else CaseOutcome.CONFIRMED


def _was_late(case: Case, category: Category, now: dt.datetime) -> bool:
    """Whether a clock of the case ran out at some time (the SLA mark stays once set)."""
    if case.paused_at is not None:
        return False
    calendar = sla_calendar()
    if stage_due(SlaStage.VERIFY, case.received_at, category, calendar) < (
        case.verified_at or case.closed_at or now
    ):
        return True
    if case.dispatched_at and case.outcome not in (CaseOutcome.WITHDRAWN,):
        stage = SlaStage.URC if category.is_emergency and case.assigned_urc_id else SlaStage.RESPOND
        if stage == SlaStage.URC and not category.urc_response_minutes:
            stage = SlaStage.RESPOND
        return stage_due(stage, case.dispatched_at, category, calendar) < (case.responded_at or now)
    return False


def _topic_agency(ctx: Context, topic: Topic) -> Agency | None:
    code = _weighted(ctx.rng, topic.agencies)
    return ctx.agencies.get(code)


def build_case(ctx: Context, topic: Topic, received: dt.datetime) -> Case:
    rng = ctx.rng
    category = ctx.categories[topic.category]
    if rng.random() < MISFILED_SHARE and "lainnya" in ctx.categories:
        category = ctx.categories["lainnya"]
    title, description = complaint_text(rng, topic)
    area = rng.choice(ctx.areas)
    lat, lng = random_point(rng, area)
    case = Case(
        channel=_weighted(rng, CHANNEL_WEIGHTS),
        case_type=category.case_type,
        category=category,
        title=f"{title} (Contoh)",
        description=description,
        attributes=_attributes(ctx, category),
        lat=lat,
        lng=lng,
        kecamatan=area.kecamatan,
        kelurahan=area.kelurahan,
        address=f"Kel. {area.kelurahan.display_name}, Kec. {area.kecamatan.display_name}",
        received_at=received,
        is_demo=True,
    )
    _reporter(ctx, case)
    agency = _topic_agency(ctx, topic)
    marks = _milestones(ctx, category, received)
    roll = rng.random()
    if roll < DECLINE_SHARE:
        decided = marks["verified_at"]
        if decided <= ctx.now:
            case.state, case.closed_at = CaseState.CLOSED, decided
            case.outcome = rng.choice(
                (CaseOutcome.DECLINED_AUTHORITY, CaseOutcome.DECLINED_INCOMPLETE)
            )
            case.decline_note = "Bukan kewenangan Pemerintah Kota Bekasi (Contoh)."
        return case
    if roll < DECLINE_SHARE + WITHDRAW_SHARE:
        withdrawn = marks["dispatched_at"]
        if withdrawn <= ctx.now:
            case.state, case.closed_at = CaseState.CLOSED, withdrawn
            case.outcome = CaseOutcome.WITHDRAWN
        return case
    if roll < DECLINE_SHARE + WITHDRAW_SHARE + STALL_SHARE:
        _stall(ctx, marks)
    _apply_milestones(case, marks, ctx.now)
    if case.state != CaseState.RECEIVED:
        case.assigned_agency = agency
        default_urc = category.default_urc
        if category.is_emergency and default_urc is not None and agency == default_urc.agency:
            case.assigned_urc = default_urc
            case.urc_status = {
                CaseState.VERIFIED: UrcStatus.ASSIGNED,
                CaseState.DISPATCHED: UrcStatus.ASSIGNED,
                CaseState.IN_PROGRESS: UrcStatus.ON_SITE,
            }.get(case.state, UrcStatus.DONE)
    if case.state in (CaseState.DISPATCHED, CaseState.IN_PROGRESS) and rng.random() < PAUSE_SHARE:
        case.paused_at = max(ctx.now - _hours(rng, 30), case.dispatched_at)
    if case.outcome == CaseOutcome.CONFIRMED and rng.random() < 0.7:
        case.rating = _weighted(rng, ((5, 35), (4, 35), (3, 15), (2, 8), (1, 7)))
    case.suggested_agencies = (
        [{"agency_id": category.default_agency_id, "score": 1.0, "source": "category"}]
        if category.default_agency_id
        else []
    )
    return case


def finish_sla(case: Case, now: dt.datetime) -> None:
    case.is_overdue = _was_late(case, case.category, now)
    sla_apply(case, now=now)


def duplicate_of(ctx: Context, master: Case) -> Case:
    """A later report of the same problem, merged into `master` by the verifier."""
    rng = ctx.rng
    received = master.received_at + _hours(rng, 8, 0.8)
    merged = min(received + _hours(rng, 4, 0.8), ctx.now)
    case = Case(
        channel=_weighted(rng, CHANNEL_WEIGHTS),
        case_type=master.case_type,
        category=master.category,
        title=master.title,
        description="Laporan serupa: " + master.description,
        lat=master.lat,
        lng=master.lng,
        kecamatan=master.kecamatan,
        kelurahan=master.kelurahan,
        address=master.address,
        received_at=min(received, merged),
        state=CaseState.CLOSED,
        outcome=CaseOutcome.DUPLICATE,
        closed_at=merged,
        merged_into=master,
        is_demo=True,
    )
    _reporter(ctx, case)
    return case


def events_of(case: Case, verifier) -> list[CaseEvent]:
    """The timeline of a generated case."""
    events = [
        CaseEvent(
            case=case,
            at=case.received_at,
            kind=CaseEventKind.CREATED,
            to_state=CaseState.RECEIVED,
            note=f"Laporan diterima melalui {case.get_channel_display()}.",
            data={"channel": case.channel, "demo": True},
        )
    ]

    def add(at, kind, from_state, to_state, note, public=True, actor=None, **data):
        events.append(
            CaseEvent(
                case=case,
                at=at,
                kind=kind,
                from_state=from_state,
                to_state=to_state,
                note=note,
                is_public=public,
                actor=actor,
                data=data,
            )
        )

    if case.outcome == CaseOutcome.DUPLICATE:
        add(
            case.closed_at,
            CaseEventKind.MERGE,
            CaseState.RECEIVED,
            CaseState.CLOSED,
            f"Digabung ke {case.merged_into.tracking_number}.",
            actor=verifier,
            master=case.merged_into.tracking_number,
        )
        return events
    if case.outcome in (CaseOutcome.DECLINED_AUTHORITY, CaseOutcome.DECLINED_INCOMPLETE):
        add(
            case.closed_at,
            CaseEventKind.STATE,
            CaseState.RECEIVED,
            CaseState.CLOSED,
            case.get_outcome_display(),
            actor=verifier,
            reason=case.outcome,
        )
        return events
    if case.outcome == CaseOutcome.WITHDRAWN:
        add(case.closed_at, CaseEventKind.STATE, "", CaseState.CLOSED, "Dicabut pelapor.")
        return events
    if case.verified_at:
        add(
            case.verified_at,
            CaseEventKind.STATE,
            CaseState.RECEIVED,
            CaseState.VERIFIED,
            "Laporan diverifikasi.",
            actor=verifier,
        )
    if case.dispatched_at:
        to = case.assigned_urc or case.assigned_agency
        add(
            case.dispatched_at,
            CaseEventKind.DISPATCH,
            CaseState.VERIFIED,
            CaseState.DISPATCHED,
            f"Diteruskan ke {to.name if to else '-'}.",
            actor=verifier,
            agency_id=case.assigned_agency_id,
            urc_id=case.assigned_urc_id,
        )
    if case.responded_at:
        add(
            case.responded_at,
            CaseEventKind.STATE,
            CaseState.DISPATCHED,
            CaseState.IN_PROGRESS,
            "Sedang ditangani.",
        )
    if case.paused_at:
        add(case.paused_at, CaseEventKind.PAUSE, "", "", "Menunggu keterangan pelapor.")
    if case.resolved_at:
        add(
            case.resolved_at,
            CaseEventKind.STATE,
            CaseState.IN_PROGRESS,
            CaseState.RESOLVED,
            "Selesai ditangani.",
        )
    if case.closed_at:
        note = (
            "Ditutup otomatis: pelapor tidak menanggapi."
            if case.outcome == CaseOutcome.AUTO_CLOSED
            else "Penanganan dikonfirmasi pelapor."
        )
        add(case.closed_at, CaseEventKind.STATE, CaseState.RESOLVED, CaseState.CLOSED, note)
    if case.rating:
        add(case.closed_at, CaseEventKind.RATING, "", "", "", rating=case.rating)
    return events


def _number(cases: list[Case]) -> None:
    """Tracking numbers `ADU-<year>-<6 digits>` from the year's counter (locked, then bumped)."""
    by_year: dict[int, list[Case]] = {}
    for case in sorted(cases, key=lambda c: c.received_at):
        by_year.setdefault(timezone.localtime(case.received_at).year, []).append(case)
    for year, rows in by_year.items():
        TrackingSequence.objects.get_or_create(year=year)
        sequence = TrackingSequence.objects.select_for_update().get(year=year)
        for case in rows:
            sequence.last += 1
            case.tracking_number = f"ADU-{year}-{sequence.last:06d}"
        sequence.save(update_fields=["last"])


@transaction.atomic
def generate(ctx: Context, count: int) -> dict[str, int]:
    """Create `count` demo cases (about DUPLICATE_SHARE of them merged duplicates) with events."""
    rng = ctx.rng
    topics, weights = TOPICS, [topic.weight for topic in TOPICS]
    duplicates = int(count * DUPLICATE_SHARE)
    start = ctx.now - dt.timedelta(days=365)
    span = (ctx.now - start).total_seconds()
    cases = []
    for _ in range(count - duplicates):
        topic = rng.choices(topics, weights=weights)[0]
        received = start + dt.timedelta(seconds=rng.random() * span * 0.999)
        cases.append(build_case(ctx, topic, received))
    masters = [c for c in cases if c.received_at < ctx.now - dt.timedelta(days=2)]
    dupes = [duplicate_of(ctx, rng.choice(masters)) for _ in range(duplicates if masters else 0)]
    for case in cases:
        finish_sla(case, ctx.now)
    for case in dupes:
        sla_apply(case, now=ctx.now)
    _number(cases + dupes)
    Case.objects.bulk_create(cases, batch_size=500)
    for case in dupes:
        case.merged_into_id = case.merged_into.pk
    Case.objects.bulk_create(dupes, batch_size=500)
    events = [event for case in cases + dupes for event in events_of(case, ctx.verifier)]
    CaseEvent.objects.bulk_create(events, batch_size=1000)
    return {"cases": len(cases) + len(dupes), "duplicates": len(dupes), "events": len(events)}
