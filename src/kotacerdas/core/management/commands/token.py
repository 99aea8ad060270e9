"""`kotacerdas token create|list|revoke`: API tokens from the command line (Foundation item 5).

`create` prints only the raw token on stdout, so a script can capture it:
    TOKEN=$(kotacerdas token create walidata --name "sinkron CKAN")
"""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from kotacerdas.core.models import ApiToken
from kotacerdas.core.services.tokens import token_create, token_revoke


class Command(BaseCommand):
    # A plain string: argparse needs str, and Django's own commands leave `help` untranslated.
    help = "Membuat, menampilkan, dan mencabut token API."

    def add_arguments(self, parser):
        actions = parser.add_subparsers(dest="action", required=True, metavar="create|list|revoke")
        create = actions.add_parser("create", help=_("Buat token; hanya token yang dicetak."))
        create.add_argument("username")
        create.add_argument(
            "--name", default="", help=_("Nama token (paling panjang 100 karakter).")
        )
        listing = actions.add_parser("list", help=_("Tampilkan token milik pengguna."))
        listing.add_argument("username")
        revoke = actions.add_parser("revoke", help=_("Cabut token berdasarkan awalannya."))
        revoke.add_argument("prefix")

    def handle(self, *args, **options):
        action = options["action"]
        if action == "create":
            user = self._user(options["username"])
            try:
                _token, raw = token_create(actor="cli", user=user, name=options["name"])
            except ValidationError as exc:
                raise CommandError(" ".join(exc.messages)) from exc
            self.stdout.write(raw)
        elif action == "list":
            user = self._user(options["username"])
            for token in ApiToken.objects.filter(user=user).order_by("-created_at", "-pk"):
                self.stdout.write(
                    "\t".join(
                        [
                            token.prefix,
                            token.name,
                            token.created_at.isoformat(timespec="seconds"),
                            token.last_used_at.isoformat(timespec="seconds")
                            if token.last_used_at
                            else "-",
                            _("aktif") if token.is_active else _("dicabut"),
                        ]
                    )
                )
        else:
            prefix = options["prefix"].strip()
            if prefix.startswith("kc_"):
                prefix = prefix.split("_")[1]  # a whole token pasted: use its prefix only
            token = ApiToken.objects.filter(prefix=prefix).first()
            if token is None:
                raise CommandError(
                    _("Token dengan awalan '%(prefix)s' tidak ditemukan.") % {"prefix": prefix}
                )
            already = token.revoked_at is not None
            token_revoke(actor="cli", token=token)
            if already:
                message = _("Token %(prefix)s (%(name)s) sudah dicabut sebelumnya.")
            else:
                message = _("Token %(prefix)s (%(name)s) dicabut.")
            self.stderr.write(message % {"prefix": token.prefix, "name": token.name})

    def _user(self, username: str):
        user = get_user_model().objects.filter(username=username).first()
        if user is None:
            raise CommandError(
                _("Pengguna '%(username)s' tidak ditemukan.") % {"username": username}
            )
        return user
