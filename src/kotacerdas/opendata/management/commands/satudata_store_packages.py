"""`kotacerdas satudata_store_packages`: store the CKAN package of every dataset that has
none or an outdated one (datasets written before migration 0005, or by a bulk import that
bypassed the services). Idempotent; package_search is correct without it, only slower."""

from __future__ import annotations

from django.core.management.base import BaseCommand
from django.db.models import F, Q
from django.utils.translation import gettext as _

from kotacerdas.opendata.ckan.stored import packages_refresh
from kotacerdas.opendata.models import Dataset, DatasetState


class Command(BaseCommand):
    help = _("Menyimpan paket CKAN setiap dataset yang belum punya atau sudah usang.")

    def add_arguments(self, parser):
        parser.add_argument(
            "--all", action="store_true", help=_("Simpan ulang semua, bukan yang usang saja.")
        )

    def handle(self, *args, all: bool = False, **options):
        datasets = Dataset.objects.exclude(state=DatasetState.DELETED).exclude(current_release=None)
        if not all:
            datasets = datasets.filter(
                Q(package__isnull=True) | ~Q(package__stamp=F("metadata_modified"))
            )
        ids = list(datasets.values_list("pk", flat=True))
        packages_refresh(ids)
        self.stdout.write(_("%(count)s dataset diproses.") % {"count": len(ids)})
