"""`kotacerdas tracking check-offline [--now ISO]` — marks silent vehicles offline (issue #7
item 5). Run every few minutes by `kotacerdas scheduler` (job "tracking-offline"); idempotent.
"""

from __future__ import annotations

from django.core.management.base import BaseCommand, CommandParser
from django.utils.translation import gettext as _

from kotacerdas.core.management.moments import add_now_argument, parse_now
from kotacerdas.sensing.services.tracking import tracking_check_offline


class Command(BaseCommand):
    help = _("Pelacakan GPS: tandai kendaraan yang tidak mengirim posisi sebagai luring.")

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        check = sub.add_parser(
            "check-offline", help=_("Periksa kendaraan yang terlalu lama tanpa posisi.")
        )
        add_now_argument(check)

    def handle(self, *args, **options) -> None:
        now = parse_now(options.get("now"))
        count = tracking_check_offline(now=now)
        self.stdout.write(_("Kendaraan baru luring: %(count)d.") % {"count": count})
