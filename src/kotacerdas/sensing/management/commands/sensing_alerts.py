"""`kotacerdas sensing_alerts watchdog|escalate [--now ISO]` — the periodic jobs of the alarms.

Run every few minutes by `kotacerdas scheduler` (jobs "sensing-watchdog" and
"sensing-escalate"); both are idempotent.
"""

from __future__ import annotations

from django.core.management.base import BaseCommand, CommandParser
from django.utils.translation import gettext as _

from kotacerdas.core.management.moments import add_now_argument, parse_now
from kotacerdas.sensing.services.alerts import alarms_escalate_due
from kotacerdas.sensing.services.watchdog import watchdog_run


class Command(BaseCommand):
    help = _("Pengawas sensor diam dan eskalasi alarm yang belum ditanggapi.")

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        for name, text in (
            ("watchdog", _("Periksa aliran data yang tidak melapor (alarm sensor diam).")),
            ("escalate", _("Eskalasi alarm aktif yang belum ditanggapi tepat waktu.")),
        ):
            action = sub.add_parser(name, help=text)
            add_now_argument(action)

    def handle(self, *args, **options) -> None:
        now = parse_now(options.get("now"))
        if options["action"] == "watchdog":
            result = watchdog_run(now=now)
            self.stdout.write(
                _(
                    "Pengawas: %(checked)d aliran data diperiksa, %(raised)d alarm baru, "
                    "%(cleared)d selesai."
                )
                % {"checked": result.checked, "raised": result.raised, "cleared": result.cleared}
            )
        else:
            count = alarms_escalate_due(now=now)
            self.stdout.write(_("Eskalasi: %(count)d alarm.") % {"count": count})
