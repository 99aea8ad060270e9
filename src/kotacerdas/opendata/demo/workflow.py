"""The Satu Data demo's Daftar Data and deliveries, driven through the real services. DEMO ONLY.

For every line of the demo catalogue the walidata (demo account `walidata`) creates the entry
of the previous and the current year (`services.daftar.entry_create`). Each period whose end
has passed then gets a *fate*, drawn with a seeded random generator: delivered on time and
published, late, returned once, invalid once, corrected after publication (two releases),
returned, invalid, checked or submitted and waiting, or missing. Files are generated CSV
(`tables`) handed in with `submission_create` by the agency's demo officer (`opd.dinkes`,
`opd.dishub`) or, for agencies without one, by the walidata on their behalf; they are
validated and loaded by `submission_process` called directly (the demo runs without the task
worker; the queued task finds nothing left to do), and reviewed with `submission_check`,
`submission_return` and `submission_publish`.

Demo-only updates after the service calls, so the history looks lived-in rather than all
done today: `Submission.submitted_at` (set back before processing, so the timeliness score
and the compliance board see the real lateness), `checked_at`, `returned_at`, `published_at`,
the release's `published_at` and the dataset's `published_at`/`released_at`; and
`Submission.is_demo` (the submission service does not take it). Audit events keep the time
the demo was loaded.

Idempotent: entries are found by (agency, year, title) and the k-th submission of an
(entry, period) by creation order; a second run creates and changes nothing.
"""

from __future__ import annotations

import datetime as dt
import random
from collections import Counter
from dataclasses import dataclass, field

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from django.utils.text import slugify

from kotacerdas.core.models import Agency, User
from kotacerdas.opendata import rules
from kotacerdas.opendata.demo import tables
from kotacerdas.opendata.demo.catalogue import ANNUAL, DataLine
from kotacerdas.opendata.models import (
    DataListEntry,
    Dataset,
    Release,
    Submission,
    SubmissionStatus,
    Topic,
)
from kotacerdas.opendata.services.daftar import entry_create
from kotacerdas.opendata.services.datasets import dataset_update
from kotacerdas.opendata.services.submissions import (
    submission_check,
    submission_create,
    submission_process,
    submission_publish,
    submission_return,
)

SEED = "satudata-demo-2026"
OFFICERS = {"DINKES": "opd.dinkes", "DISHUB": "opd.dishub"}
VALID, UNKNOWN_REGION, TEXT_IN_NUMBER, REVISED = "valid", "unknown-region", "text", "revised"
PUBLISHED, CHECKED, SUBMITTED = "published", "checked", "submitted"
RETURNED, INVALID = "returned", "invalid"

RETURN_NOTES = (
    "Angka beberapa kecamatan jauh berbeda dari periode sebelumnya tanpa keterangan; mohon "
    "periksa kembali dan tuliskan sumber datanya.",
    "Data tampak sama persis dengan periode sebelumnya; pastikan berkas yang diunggah adalah "
    "data periode ini.",
    "Mohon lengkapi catatan metodologi (cara penghitungan dan sumber) sebelum data diterbitkan.",
    "Jumlah pada beberapa baris tidak sesuai dengan rekapitulasi yang dilaporkan ke "
    "Bappelitbangda; mohon disesuaikan.",
)
REVISION_NOTE = "Perbaikan data: beberapa angka dikoreksi setelah verifikasi lapangan (Contoh)."


@dataclass(frozen=True)
class Step:
    """One file handed in for a period and how far the walidata takes it."""

    file: str
    outcome: str
    late: bool = False


FATES: dict[str, tuple[Step, ...]] = {
    "on_time": (Step(VALID, PUBLISHED),),
    "late": (Step(VALID, PUBLISHED, late=True),),
    "returned_then_published": (Step(VALID, RETURNED), Step(REVISED, PUBLISHED)),
    "invalid_then_published": (Step(UNKNOWN_REGION, INVALID), Step(VALID, PUBLISHED)),
    "corrected": (Step(VALID, PUBLISHED), Step(REVISED, PUBLISHED)),
    "returned": (Step(VALID, RETURNED),),
    "invalid": (Step(TEXT_IN_NUMBER, INVALID),),
    "invalid_region": (Step(UNKNOWN_REGION, INVALID, late=True),),
    "checked": (Step(VALID, CHECKED),),
    "submitted": (Step(VALID, SUBMITTED),),
    "missing": (),
    "waiting": (),  # not due yet and nothing handed in
    "running": (),  # the period has not ended
}
# Weights of the fates of a period whose due date has passed: the previous year's, the
# current year's (more still in review), and a period not yet due (delivered early or not).
PAST_WEIGHTS = {
    "on_time": 60, "late": 12, "returned_then_published": 5, "invalid_then_published": 4,
    "corrected": 6, "returned": 3, "invalid": 2, "invalid_region": 1, "checked": 1,
    "submitted": 1, "missing": 5,
}  # fmt: skip
CURRENT_WEIGHTS = {
    "on_time": 52, "late": 12, "returned_then_published": 4, "invalid_then_published": 3,
    "corrected": 2, "returned": 5, "invalid": 3, "invalid_region": 1, "checked": 5,
    "submitted": 6, "missing": 7,
}  # fmt: skip
NOT_DUE_WEIGHTS = {"on_time": 25, "checked": 10, "submitted": 20, "waiting": 45}


@dataclass
class Context:
    walidata: User
    officers: dict[str, User]
    agencies: dict[str, Agency]
    topics: dict[str, Topic]
    now: dt.datetime
    summary: Counter = field(default_factory=Counter)
    surprises: list[str] = field(default_factory=list)

    @property
    def today(self) -> dt.date:
        return timezone.localdate(self.now)

    def producer(self, agency_code: str) -> User:
        return self.officers.get(agency_code) or self.walidata


def context(*, now: dt.datetime | None = None) -> Context | None:
    """What the demo needs from the database; None without the demo walidata account."""
    walidata = User.objects.filter(username="walidata").first()
    if walidata is None:
        return None
    officers = {}
    for code, username in OFFICERS.items():
        user = User.objects.filter(username=username, agency__code=code).first()
        if user is not None:
            officers[code] = user
    return Context(
        walidata=walidata,
        officers=officers,
        agencies=Agency.objects.in_bulk(field_name="code"),
        topics=Topic.objects.in_bulk(field_name="name"),
        now=now or timezone.now(),
    )


# --- entries -------------------------------------------------------------------------------


def due_days(line: DataLine) -> int:
    return 60 if line.frequency == ANNUAL else 30


def entry_for(ctx: Context, line: DataLine, year: int) -> DataListEntry | None:
    agency = ctx.agencies.get(line.agency)
    if agency is None:
        return None
    title = line.entry_title(year)
    entry = DataListEntry.objects.filter(agency=agency, year=year, title=title).first()
    if entry is not None:
        return entry
    ctx.summary["entries"] += 1
    return entry_create(
        actor=ctx.walidata,
        agency=agency,
        year=year,
        title=title,
        description=line.description(),
        topic=ctx.topics.get(line.topic),
        frequency=line.frequency,
        due_days=due_days(line),
        unit=line.unit,
        table_schema=line.table.schema(periodic=line.frequency != ANNUAL),
        priority=line.priority,
        is_demo=True,
    )


# --- fates and times -------------------------------------------------------------------------


def fate_of(line: DataLine, period: rules.Period, *, today: dt.date) -> str:
    rng = random.Random(f"{SEED}|{line.seed}|{period.label}")
    if period.end >= today:
        return "running"
    if period.due >= today:
        weights = NOT_DUE_WEIGHTS
    elif period.start.year < today.year:
        weights = PAST_WEIGHTS
    else:
        weights = CURRENT_WEIGHTS
    names = sorted(weights)
    return rng.choices(names, weights=[weights[name] for name in names])[0]


def _at(day: dt.date, rng: random.Random) -> dt.datetime:
    moment = dt.datetime.combine(day, dt.time(rng.randint(8, 15), rng.randint(0, 59)))
    return timezone.make_aware(moment)


class Clock:
    """The demo's times for one (entry, period): increasing, never in the future."""

    def __init__(self, ctx: Context, period: rules.Period, seed: str):
        self.rng = random.Random(seed)
        self.latest = ctx.now - dt.timedelta(hours=2)
        self.period = period
        self.cursor: dt.datetime | None = None

    def _clamp(self, moment: dt.datetime) -> dt.datetime:
        moment = min(moment, self.latest)
        if self.cursor is not None and moment <= self.cursor:
            moment = self.cursor + dt.timedelta(minutes=5)
        self.cursor = moment
        return moment

    def hand_in(self, step: Step) -> dt.datetime:
        if self.cursor is not None:
            day = timezone.localdate(self.cursor) + dt.timedelta(days=self.rng.randint(3, 10))
        elif step.late:
            day = self.period.due + dt.timedelta(days=self.rng.randint(6, 60))
        else:
            earliest = self.period.end + dt.timedelta(days=1)
            last = min(self.period.due, timezone.localdate(self.latest)) - dt.timedelta(days=1)
            span = max(0, (last - earliest).days)
            day = earliest + dt.timedelta(days=self.rng.randint(span // 3, span))
        return self._clamp(_at(day, self.rng))

    def review(self, low: int, high: int) -> dt.datetime:
        day = timezone.localdate(self.cursor) + dt.timedelta(days=self.rng.randint(low, high))
        return self._clamp(_at(day, self.rng))


# --- files and deliveries --------------------------------------------------------------------


def file_for(line: DataLine, period: rules.Period, kind: str) -> SimpleUploadedFile:
    periodic = line.frequency != ANNUAL
    schema = line.table.schema(periodic=periodic)
    table_period = tables.Period(period.label, period.start, period.end)
    rows = line.table.rows(period=table_period, periodic=periodic, seed=line.seed)
    if kind == UNKNOWN_REGION and not line.table.key.region_level:
        kind = TEXT_IN_NUMBER  # a table without region codes gets the other mistake
    if kind == UNKNOWN_REGION:
        rows = tables.with_unknown_region(rows, schema)
    elif kind == TEXT_IN_NUMBER:
        rows = tables.with_text_in_number(rows, schema)
    elif kind == REVISED:
        rows = tables.revised(rows, schema, seed=f"{line.seed}|{period.label}")
    name = f"{slugify(line.title)[:70]}-{period.label}.csv"
    return SimpleUploadedFile(name, tables.to_csv(rows, schema), content_type="text/csv")


def _describe(line: DataLine, entry: DataListEntry, label: str) -> str:
    return f"{line.agency} {entry.year} {line.title} {label}"


def deliver(ctx: Context, line: DataLine, entry: DataListEntry, period: rules.Period) -> None:
    """Bring the (entry, period) to its fate; what already exists is only taken further."""
    fate = fate_of(line, period, today=ctx.today)
    steps = FATES[fate]
    ctx.summary[f"fate:{fate}"] += 1
    if not steps:
        return
    existing = list(entry.submissions.filter(period_label=period.label).order_by("id"))
    clock = Clock(ctx, period, f"{SEED}|clock|{line.seed}|{period.label}")
    for index, step in enumerate(steps):
        when = clock.hand_in(step)
        if index < len(existing):
            submission = existing[index]
            clock.cursor = max(clock.cursor, submission.submitted_at)
        else:
            submission = _hand_in(ctx, line, entry, period, step, when)
        if submission.status == SubmissionStatus.VALIDATING:
            submission = submission_process(submission_id=submission.pk)
        _review(ctx, submission, step, clock, note_index=len(line.title) + index)
        expected = INVALID if step.outcome == INVALID else None
        if (submission.status == SubmissionStatus.INVALID) != (expected == INVALID):
            ctx.surprises.append(
                f"{_describe(line, entry, period.label)}: {submission.status} "
                f"({submission.validation_report.get('errors', [])[:1]})"
            )


def _hand_in(ctx, line, entry, period, step, when) -> Submission:
    submission = submission_create(
        actor=ctx.producer(line.agency),
        upload=file_for(line, period, step.file),
        entry=entry,
        period_label=period.label,
        notes=REVISION_NOTE if step.file == REVISED else "",
    )
    # Demo only: the time it was handed in (before processing, see the module docstring).
    Submission.objects.filter(pk=submission.pk).update(submitted_at=when, is_demo=True)
    ctx.summary["submissions"] += 1
    if entry.dataset_id is None:
        entry.refresh_from_db(fields=["dataset"])
    _describe_dataset(ctx, line, entry.dataset)
    return submission


def _describe_dataset(ctx: Context, line: DataLine, dataset: Dataset) -> None:
    """Tags and contact of the entry's dataset, once (the entry carries neither)."""
    if dataset.tags.exists():
        return
    agency = ctx.agencies[line.agency]
    dataset_update(
        actor=ctx.walidata,
        dataset=dataset,
        tags=list(line.tags),
        contact_name=f"Admin data {agency.short_name} (Contoh)",
        contact_email=agency.email or f"satudata.{agency.code.lower()}@contoh.bekasikota.go.id",
    )


def _review(ctx: Context, submission: Submission, step: Step, clock: Clock, note_index: int):
    outcome = step.outcome
    if submission.status != SubmissionStatus.SUBMITTED and not (
        outcome == PUBLISHED and submission.status == SubmissionStatus.CHECKED
    ):
        return
    if outcome == RETURNED:
        notes = RETURN_NOTES[note_index % len(RETURN_NOTES)]
        submission_return(actor=ctx.walidata, submission=submission, notes=notes)
        returned = clock.review(2, 6)
        Submission.objects.filter(pk=submission.pk).update(returned_at=returned)  # demo only
        ctx.summary["returned"] += 1
        return
    if outcome not in (CHECKED, PUBLISHED):
        return
    if submission.status == SubmissionStatus.SUBMITTED:
        submission = submission_check(actor=ctx.walidata, submission=submission)
        checked = clock.review(1, 5)
        Submission.objects.filter(pk=submission.pk).update(checked_at=checked)  # demo only
        ctx.summary["checked"] += 1
    if outcome == PUBLISHED:
        notes = REVISION_NOTE if step.file == REVISED else ""
        release = submission_publish(actor=ctx.walidata, submission=submission, notes=notes)
        _backdate_release(release, clock.review(0, 3))
        ctx.summary["releases"] += 1


def _backdate_release(release: Release, published: dt.datetime) -> None:
    """Demo only: the release, its submission and its dataset dated when the walidata would
    have published them (see the module docstring)."""
    Release.objects.filter(pk=release.pk).update(published_at=published)
    Submission.objects.filter(pk=release.submission_id).update(published_at=published)
    dataset = Dataset.objects.get(pk=release.dataset_id)
    first = dataset.published_at if release.version > 1 else published
    latest = max(published, dataset.released_at) if release.version > 1 else published
    Dataset.objects.filter(pk=dataset.pk).update(
        published_at=min(first, published), released_at=latest
    )


def load_catalogue(ctx: Context, lines: list[DataLine]) -> None:
    """Every line's entries of the previous and the current year, and their deliveries."""
    for year in (ctx.today.year - 1, ctx.today.year):
        for line in lines:
            entry = entry_for(ctx, line, year)
            if entry is None:
                ctx.surprises.append(f"{line.agency}: Perangkat Daerah tidak ditemukan")
                continue
            for period in rules.entry_periods(entry):
                deliver(ctx, line, entry, period)
