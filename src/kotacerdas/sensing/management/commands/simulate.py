"""`kotacerdas simulate`: publish believable sensor data (issue #7 item 6), as a real client.

    kotacerdas simulate --http http://127.0.0.1:8000 --token kc_... [--once | --backfill 30]
    kotacerdas simulate --mqtt mqtt://127.0.0.1:1883 --setup --speed 20 --demo-event

Observations go over MQTT when a broker is given (`--mqtt`, default `MQTT_URL`), else over
HTTP (`CreateObservations`); vehicle positions always over HTTP (`PATCH Things(<id>)`), since a
Thing's Location has no MQTT topic. The simulated Things are found or created first: over the
SensorThings API, or in-process with `--setup`. `--token-user NAME` makes an API token for that
account for this run (revoked at the end), which is how `kotacerdas serve --simulate` starts it.
"""

from __future__ import annotations

import datetime as dt
import signal
import threading
import time

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from kotacerdas.sensing.simulator import catalog, river, ticks
from kotacerdas.sensing.simulator.runner import Runner, utcnow
from kotacerdas.sensing.simulator.setup import HttpCatalog, LocalCatalog, ensure
from kotacerdas.sensing.simulator.transport import (
    Combined,
    HttpTransport,
    MqttTransport,
    SimulatorError,
    StaHttp,
)

SETUP_PATIENCE_S = 120  # live mode: the web server may still be starting


class Command(BaseCommand):
    help = _("Mensimulasikan data sensor (sungai, kendaraan, WiFi/CCTV) lewat MQTT atau HTTP.")

    def add_arguments(self, parser):
        parser.add_argument("--http", metavar="BASE_URL", help=_("Alamat platform (HTTP)."))
        parser.add_argument("--token", help=_("Token API untuk HTTP (Authorization: Bearer)."))
        parser.add_argument(
            "--token-user",
            metavar="USERNAME",
            help=_("Buat token API sementara untuk akun ini (dicabut saat selesai)."),
        )
        parser.add_argument(
            "--mqtt",
            metavar="URL",
            default=None,
            help=_("Broker MQTT untuk observasi (bawaan: MQTT_URL; 'none' = pakai HTTP)."),
        )
        parser.add_argument(
            "--gateway",
            metavar="NAME",
            help=_("Kirim lewat MQTT sebagai batch dataArray gateway NAME."),
        )
        parser.add_argument(
            "--setup",
            action="store_true",
            help=_("Siapkan Thing/Datastream di dalam proses (bukan lewat API)."),
        )
        parser.add_argument(
            "--attach-ladders",
            action="store_true",
            help=_(
                "Pasang tangga siaga banjir pada pos simulasi (di dalam proses; dengan --setup)."
            ),
        )
        parser.add_argument(
            "--kinds",
            default=",".join(catalog.KINDS),
            help=_("Jenis yang disimulasikan: river,vehicles,devices."),
        )
        parser.add_argument("--seed", type=int, default=1, help=_("Benih acak (bawaan 1)."))
        parser.add_argument(
            "--speed",
            type=float,
            default=1.0,
            help=_("Faktor waktu cuaca dan sungai (20 = badai sehari dalam ~1 jam)."),
        )
        parser.add_argument(
            "--demo-event",
            action="store_true",
            help=_("Badai lebat di hulu 10 menit (waktu simulasi) setelah mulai."),
        )
        parser.add_argument("--once", action="store_true", help=_("Kirim satu kali lalu selesai."))
        parser.add_argument(
            "--backfill", type=float, metavar="DAYS", help=_("Kirim riwayat N hari terakhir.")
        )
        parser.add_argument(
            "--duration", type=float, metavar="SECONDS", help=_("Berhenti setelah N detik.")
        )
        parser.add_argument(
            "--tick", type=float, default=10.0, help=_("Jeda kirim dalam detik (bawaan 10).")
        )

    def handle(self, *args, **options):
        kinds = tuple(k.strip() for k in options["kinds"].split(",") if k.strip())
        unknown = sorted(set(kinds) - set(catalog.KINDS))
        if unknown or not kinds:
            raise CommandError(_("Jenis tidak dikenal: %(kinds)s.") % {"kinds": ", ".join(unknown)})
        if options["speed"] <= 0 or options["tick"] <= 0:
            raise CommandError(_("--speed dan --tick harus lebih dari 0."))
        if options["backfill"] is not None and not 0 < options["backfill"] <= 366:
            raise CommandError(_("--backfill harus 0 sampai 366 hari."))
        mqtt_url = options["mqtt"] if options["mqtt"] is not None else settings.MQTT_URL
        mqtt_url = "" if mqtt_url in {"none", "-"} else mqtt_url
        if not options["http"] and not mqtt_url:
            raise CommandError(_("Tentukan --http BASE_URL atau --mqtt URL (atau MQTT_URL)."))
        if not options["http"] and not options["setup"]:
            raise CommandError(_("Tanpa --http, Thing dan Datastream disiapkan dengan --setup."))

        origin = utcnow()
        events = (
            (river.demo_event(origin + dt.timedelta(minutes=10)),) if options["demo_event"] else ()
        )
        scenario = ticks.Scenario(
            seed=options["seed"],
            kinds=kinds,
            speed=options["speed"],
            origin=origin,
            extra_events=events,
            # a faster river is sampled more often (every 10 scenario minutes, at least 30 s)
            gauge_every=max(30, min(300, round(600 / options["speed"] / 30) * 30)),
        )
        token, minted = options["token"], None
        if options["http"] and not token and options["token_user"]:
            minted, token = self._mint_token(options["token_user"])
        stop = threading.Event()
        live = not options["once"] and options["backfill"] is None
        if live:
            for signum in (signal.SIGINT, signal.SIGTERM):
                signal.signal(signum, lambda *_: stop.set())
        transport = None
        try:
            client = StaHttp(options["http"], token) if options["http"] else None
            backend = LocalCatalog() if options["setup"] else HttpCatalog(client)
            ids = self._setup(backend, catalog.things(scenario.seed, kinds), stop, patient=live)
            if ids is None:
                return
            if options["setup"] or options["attach_ladders"]:
                self._attach_ladders(ids)
            transport = self._transport(client, mqtt_url, options["gateway"])
            runner = Runner(scenario, ids, transport, write=self.stdout.write)
            if options["backfill"] is not None:
                total = runner.backfill(options["backfill"])
                self.stdout.write(_("Riwayat terkirim: %(n)d observasi.") % {"n": total})
            elif options["once"]:
                sent, moved = runner.once()
                self.stdout.write(
                    _("Terkirim lewat %(via)s: %(n)d observasi, %(m)d posisi kendaraan.")
                    % {"via": transport.name, "n": sent, "m": moved}
                )
            else:
                self.stdout.write(
                    _("Simulator berjalan lewat %(via)s (faktor waktu %(speed)g). Ctrl-C berhenti.")
                    % {"via": transport.name, "speed": scenario.speed}
                )
                self.stdout.flush()
                runner.live(stop, tick=options["tick"], duration=options["duration"])
                self.stdout.write(
                    _("Simulator berhenti: %(n)d observasi, %(m)d posisi terkirim.")
                    % {"n": runner.sent, "m": runner.moved}
                )
        except SimulatorError as exc:
            raise CommandError(str(exc)) from exc
        finally:
            if transport is not None:
                transport.close()
            if minted is not None:
                from kotacerdas.core.services.tokens import token_revoke

                token_revoke(actor="cli", token=minted)

    def _mint_token(self, username: str):
        from django.contrib.auth import get_user_model

        from kotacerdas.core.services.tokens import token_create

        user = get_user_model().objects.filter(username=username, is_active=True).first()
        if user is None:
            raise CommandError(_("Akun %(user)s tidak ada atau tidak aktif.") % {"user": username})
        return token_create(actor="cli", user=user, name=_("Simulator sensor (sementara)"))

    def _attach_ladders(self, ids) -> None:
        """The flood ladders of part D watch the simulated gauges (by their `pos_id`)."""
        from kotacerdas.sensing.models import Datastream
        from kotacerdas.sensing.services.alerts_config import ladder_attach

        keys = {f"{g.key}:{g.quantity}": g.pos_id for g in river.GAUGES if g.pos_id}
        for key, pos_id in keys.items():
            if key in ids.datastreams:
                ladder_attach(
                    datastream=Datastream.objects.get(pk=ids.datastreams[key]), pos_id=pos_id
                )

    def _setup(self, backend, things, stop: threading.Event, *, patient: bool):
        deadline = time.monotonic() + (SETUP_PATIENCE_S if patient else 0)
        while True:
            try:
                return ensure(backend, things, stdout=self.stdout)
            except SimulatorError as exc:
                if time.monotonic() >= deadline:
                    raise
                self.stderr.write(_("Platform belum siap, dicoba lagi: %(e)s") % {"e": exc})
                if stop.wait(3):
                    return None

    def _transport(self, client, mqtt_url: str, gateway: str | None):
        http = HttpTransport(client) if client is not None else None
        if not mqtt_url:
            return http
        mqtt = MqttTransport(mqtt_url, gateway=gateway)
        return Combined(mqtt, http) if http is not None else mqtt
