"""`kotacerdas serve`: the web server (gunicorn), the task worker and the scheduler together.

The three run as child processes in their own sessions, so a Ctrl-C in the terminal reaches
only this command, which then stops each child once with SIGTERM (gunicorn and db_worker both
finish the request or task at hand) and kills any that is still there after a grace period.
If one child exits by itself, the others are stopped too and the command exits with an error,
so a supervisor (systemd, a container runtime) restarts the whole set.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import threading

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

GRACE_SECONDS = 20


def demo_account_lines() -> list[str]:
    """Lines describing the demo accounts that exist in the database (none in production)."""
    try:
        from kotacerdas.core.demo.accounts import DEMO_PASSWORD, demo_accounts
    except ImportError:
        return []
    from django.contrib.auth import get_user_model

    try:
        accounts = list(demo_accounts())
        present = set(
            get_user_model()
            .objects.filter(username__in=[username for username, _role, _agency in accounts])
            .values_list("username", flat=True)
        )
    except Exception:  # no tables yet, or the accounts module is half-written
        return []
    lines = []
    for username, role, agency in accounts:
        if username in present:
            suffix = f" — {agency}" if agency else ""
            lines.append(f"  {username:<24} {role}{suffix}")
    if not lines:
        return []
    return [
        _("Akun demo (kata sandi untuk semua akun: %(password)s, hanya untuk demo):")
        % {"password": DEMO_PASSWORD},
        *lines,
    ]


def _cli(*args: str) -> list[str]:
    return [sys.executable, "-m", "kotacerdas.cli", *args]


def simulator_command(host: str, port: int) -> list[str]:
    """`kotacerdas simulate` publishing to this server (and MQTT_URL's broker when set), with
    a token of the demo administrator (or KOTACERDAS_SIMULATOR_USER) made for the run; its
    Things are set up in-process (`--setup`), which also attaches the flood ladders."""
    target = "127.0.0.1" if host in {"0.0.0.0", "::", ""} else host
    target = f"[{target}]" if ":" in target else target
    user = os.environ.get("KOTACERDAS_SIMULATOR_USER", "admin")
    return _cli(
        "simulate", "--http", f"http://{target}:{port}", "--token-user", user,
        "--setup", "--speed", "20", "--demo-event",
    )  # fmt: skip


class Command(BaseCommand):
    help = _("Menjalankan server web (gunicorn), pekerja antrean tugas, dan penjadwal sekaligus.")

    def add_arguments(self, parser):
        parser.add_argument(
            "--port",
            type=int,
            default=int(os.environ.get("PORT") or 8000),
            help=_("Port TCP (bawaan: variabel PORT, atau 8000)."),
        )
        parser.add_argument("--host", default="127.0.0.1", help=_("Alamat dengar"))
        parser.add_argument(
            "--workers",
            type=int,
            default=2,
            help=_("Jumlah proses web gunicorn (bawaan: 2)."),
        )
        parser.add_argument(
            "--no-worker",
            action="store_true",
            help=_("Jangan jalankan pekerja antrean tugas (db_worker)."),
        )
        parser.add_argument(
            "--no-scheduler",
            action="store_true",
            help=_("Jangan jalankan penjadwal tugas berkala."),
        )
        parser.add_argument(
            "--simulate",
            action="store_true",
            help=_(
                "Jalankan juga simulator sensor (data contoh; `make run`): lewat MQTT bila "
                "MQTT_URL diisi, selain itu lewat HTTP ke server ini sendiri."
            ),
        )

    def handle(
        self, *args, port, host, workers, no_worker, no_scheduler, simulate=False, **options
    ):
        if workers < 1:
            raise CommandError(_("--workers minimal 1."))
        commands: list[tuple[str, list[str]]] = []
        if not no_worker:
            commands.append(("db_worker", _cli("db_worker")))
        if not no_scheduler:
            commands.append(("scheduler", _cli("scheduler")))
        if getattr(settings, "MQTT_URL", ""):
            commands.append(("ingest", _cli("ingest")))  # sensing: MQTT ingestion worker
        gunicorn = [
            sys.executable, "-m", "gunicorn", "kotacerdas.wsgi:application",
            "--bind", f"{host}:{port}",
            "--workers", str(workers),
            "--graceful-timeout", str(GRACE_SECONDS - 5),
            "--no-control-socket",  # several servers on one machine would share its path
        ]  # fmt: skip
        if settings.DEBUG:
            gunicorn.append("--reload")
        commands.append(("web", gunicorn))
        if simulate:  # issue #7 item 6: live demo data, as a client of this server
            commands.append(("simulate", simulator_command(host, port)))

        stop = threading.Event()

        def request_stop(signum, frame):
            stop.set()

        signal.signal(signal.SIGINT, request_stop)
        signal.signal(signal.SIGTERM, request_stop)

        children: dict[str, subprocess.Popen] = {}
        exit_code = 0
        try:
            for name, command in commands:
                children[name] = subprocess.Popen(command, start_new_session=True)
            self._banner(host, port, children)
            while not stop.is_set():
                ended = {name: child.returncode for name, child in children.items()
                         if child.poll() is not None}  # fmt: skip
                if ended:
                    for name, code in ended.items():
                        self.stderr.write(
                            _("Proses %(name)s berhenti sendiri (kode %(code)s).")
                            % {"name": name, "code": code}
                        )
                    exit_code = 1
                    break
                stop.wait(0.5)
        finally:
            self._stop_children(children)
        if exit_code:
            raise CommandError(_("Layanan dihentikan karena salah satu proses berhenti."))
        self.stdout.write(_("Semua proses sudah berhenti."))

    def _banner(self, host: str, port: int, children: dict[str, subprocess.Popen]) -> None:
        shown_host = f"[{host}]" if ":" in host else host
        lines = [
            "",
            _("Kota Cerdas Bekasi berjalan di http://%(host)s:%(port)s/")
            % {"host": shown_host, "port": port},
            _("Proses: %(names)s. Tekan Ctrl-C untuk berhenti.")
            % {"names": ", ".join(f"{name} (pid {child.pid})" for name, child in children.items())},
            *demo_account_lines(),
            "",
        ]
        self.stdout.write("\n".join(lines))
        self.stdout.flush()

    def _stop_children(self, children: dict[str, subprocess.Popen]) -> None:
        for child in children.values():
            if child.poll() is None:
                child.send_signal(signal.SIGTERM)
        for name, child in children.items():
            try:
                child.wait(timeout=GRACE_SECONDS)
            except subprocess.TimeoutExpired:
                self.stderr.write(
                    _("Proses %(name)s tidak berhenti; dihentikan paksa.") % {"name": name}
                )
                child.kill()
                child.wait()
