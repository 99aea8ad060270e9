"""`kotacerdas scheduler`: runs the periodic jobs every few minutes until SIGTERM/SIGINT.

One scheduler per deployment is enough (jobs are idempotent, so two do no harm, only waste).
Each job is a management command run in-process through call_command; a failing job is
logged and the loop goes on, so one broken job does not stop the others.
"""

from __future__ import annotations

import logging
import signal
import threading
from dataclasses import dataclass

from django.core.management import call_command, get_commands
from django.core.management.base import BaseCommand, CommandError
from django.db import close_old_connections
from django.utils.translation import gettext as _

logger = logging.getLogger("kotacerdas.scheduler")


@dataclass(frozen=True)
class Job:
    name: str
    command: str
    args: tuple[str, ...] = ()


# Pasal 27(2)b: a signed checkpoint of the audit chain at least every hour.
JOBS: list[Job] = [
    Job("audit-checkpoint", "audit", ("checkpoint", "--if-older-than", "60")),
    Job("complaints-sla", "complaints_sla", ("sweep",)),
    # Issue #4 item 9: election reminders and komisi cadence alerts (each sent once).
    Job("institutions-alerts", "institutions_alerts"),
    # Issue #5 item 8: SP4N-LAPOR! pull + push (skipped while KOTACERDAS_LAPOR_URL is unset).
    Job("lapor-sync", "lapor", ("sync",)),
    # Issue #7 item 5: vehicles silent past their offline threshold (one event each).
    Job("tracking-offline", "tracking", ("check-offline",)),
    # Issue #7 items 3-4: silent sensors raise stale alarms; unacknowledged alarms escalate.
    Job("sensing-watchdog", "sensing_alerts", ("watchdog",)),
    Job("sensing-escalate", "sensing_alerts", ("escalate",)),
    # Issue #7 item 7: P2C water-level forecast 1-3 h ahead (refitted weekly).
    Job("sensing-forecast", "forecast", ("run", "--refit-after-days", "7")),
]

OK, SKIPPED, FAILED = "ok", "skipped", "failed"


def run_job(job: Job, *, stdout=None, stderr=None) -> str:
    """Run one job; returns OK, SKIPPED (its command does not exist yet) or FAILED."""
    if job.command not in get_commands():
        logger.warning("scheduler job skipped", extra={"job": job.name, "reason": "no command"})
        if stderr is not None:
            stderr.write(
                _("Tugas %(job)s dilewati: perintah 'kotacerdas %(command)s' tidak tersedia.")
                % {"job": job.name, "command": job.command}
            )
        return SKIPPED
    try:
        call_command(job.command, *job.args, stdout=stdout, stderr=stderr)
    except Exception:
        logger.exception("scheduler job failed", extra={"job": job.name})
        return FAILED
    finally:
        close_old_connections()
    logger.info("scheduler job done", extra={"job": job.name})
    return OK


class Command(BaseCommand):
    help = _("Menjalankan tugas berkala (misalnya checkpoint audit) setiap N menit.")

    def add_arguments(self, parser):
        parser.add_argument(
            "--interval",
            type=float,
            default=5.0,
            help=_("Jeda antar putaran, dalam menit (bawaan: 5)."),
        )
        parser.add_argument(
            "--once",
            action="store_true",
            help=_("Jalankan satu putaran lalu berhenti."),
        )

    def handle(self, *args, interval: float = 5.0, once: bool = False, **options):
        if interval <= 0:
            raise CommandError(_("--interval harus lebih dari 0."))
        if once:
            results = self.run_round()
            failed = [name for name, result in results.items() if result == FAILED]
            if failed:
                raise CommandError(_("Tugas gagal: %(jobs)s") % {"jobs": ", ".join(failed)})
            return
        stop = threading.Event()

        def request_stop(signum, frame):
            logger.info("scheduler stopping", extra={"signal": signal.strsignal(signum)})
            stop.set()

        signal.signal(signal.SIGTERM, request_stop)
        signal.signal(signal.SIGINT, request_stop)
        self.stdout.write(
            _("Penjadwal berjalan: setiap %(minutes)s menit.") % {"minutes": f"{interval:g}"}
        )
        self.stdout.flush()
        while not stop.is_set():
            self.run_round()
            stop.wait(interval * 60)
        self.stdout.write(_("Penjadwal berhenti."))

    def run_round(self) -> dict[str, str]:
        return {job.name: run_job(job, stdout=self.stdout, stderr=self.stderr) for job in JOBS}
