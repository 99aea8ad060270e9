"""`kotacerdas audit verify | checkpoint | public-key` — the audit chain of Pasal 27(2)b.

For a scheduler (cron, a systemd timer) next to the automatic checkpoint every
AUDIT_CHECKPOINT_EVERY events:  kotacerdas audit checkpoint --if-older-than 60
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _

from kotacerdas.core.audit import keys
from kotacerdas.core.audit.checkpoints import (
    CheckpointRefused,
    checkpoint_latest_age,
    checkpoint_write,
)
from kotacerdas.core.audit.verify import chain_verify


class Command(BaseCommand):
    help = "Verify the audit chain, write a signed checkpoint, or print the public key."

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        verify = sub.add_parser("verify", help="Walk the chain and check every checkpoint.")
        verify.add_argument(
            "--public-key",
            type=Path,
            help="PEM public key to check signatures with (default: the platform key).",
        )
        checkpoint = sub.add_parser("checkpoint", help="Sign the current head of the chain.")
        checkpoint.add_argument(
            "--if-older-than",
            type=int,
            metavar="MINUTES",
            help="Only when the newest checkpoint is older than this (for cron).",
        )
        sub.add_parser("public-key", help="Print the platform's public key (PEM) and key id.")

    def handle(self, *args, **options) -> None:
        action = options["action"]
        if action == "verify":
            self._verify(options.get("public_key"))
        elif action == "checkpoint":
            self._checkpoint(options.get("if_older_than"))
        else:
            self._public_key()

    def _verify(self, public_key_path: Path | None) -> None:
        public_key = None
        if public_key_path is not None:
            try:
                public_key = serialization.load_pem_public_key(public_key_path.read_bytes())
            except (OSError, ValueError) as exc:
                raise CommandError(
                    _("Kunci publik %(path)s tidak dapat dibaca: %(error)s")
                    % {"path": public_key_path, "error": exc}
                ) from exc
            if not isinstance(public_key, Ed25519PublicKey):
                raise CommandError(
                    _("%(path)s bukan kunci publik Ed25519.") % {"path": public_key_path}
                )
        result = chain_verify(public_key=public_key)
        if result.ok:
            self.stdout.write(
                _(
                    "Rantai audit utuh: %(count)s peristiwa, "
                    "%(checkpoints)s titik periksa diperiksa."
                )
                % {"count": result.count, "checkpoints": result.checkpoints_checked}
            )
            return
        for problem in result.problems:
            self.stderr.write(problem.reason)
        if result.problems_total > len(result.problems):
            self.stderr.write(
                _("... dan %(more)s masalah lain")
                % {"more": result.problems_total - len(result.problems)}
            )
        where = f"#{result.first_bad_seq}" if result.first_bad_seq is not None else "-"
        raise CommandError(
            _("Rantai audit RUSAK; peristiwa bermasalah pertama %(where)s: %(reason)s")
            % {"where": where, "reason": result.reason}
        )

    def _checkpoint(self, if_older_than: int | None) -> None:
        if if_older_than is not None:
            if if_older_than < 0:
                raise CommandError(_("--if-older-than harus nol menit atau lebih."))
            age = checkpoint_latest_age()
            if age is not None and age < dt.timedelta(minutes=if_older_than):
                self.stdout.write(
                    _("Dilewati: titik periksa terbaru baru berumur %(minutes)s menit.")
                    % {"minutes": int(age.total_seconds() // 60)}
                )
                return
        try:
            checkpoint = checkpoint_write()
        except CheckpointRefused as exc:
            raise CommandError(_("Titik periksa ditolak: %(error)s") % {"error": exc}) from exc
        self.stdout.write(
            _("Titik periksa %(count)s: hash kepala %(hash)s, kunci %(key)s")
            % {"count": checkpoint.count, "hash": checkpoint.head_hash, "key": checkpoint.key_id}
        )

    def _public_key(self) -> None:
        public_key = keys.signing_key_load_or_create().public_key()
        # Only the PEM on stdout, so `kotacerdas audit public-key > audit.pub` is a key file.
        self.stderr.write(_("Sidik kunci: %(key)s") % {"key": keys.key_id_for(public_key)})
        self.stdout.write(keys.public_key_pem(public_key), ending="")
