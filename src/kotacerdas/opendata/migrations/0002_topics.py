"""Satu Data topics (CKAN groups): reference data, the sectors of the Portal Satu Data."""

from django.db import migrations

TOPICS = [
    ("kependudukan", "Kependudukan", "Penduduk, catatan sipil dan ketenagakerjaan."),
    ("kesehatan", "Kesehatan", "Fasilitas, tenaga dan layanan kesehatan, gizi dan penyakit."),
    ("pendidikan", "Pendidikan", "Sekolah, guru, murid dan angka partisipasi."),
    ("sosial", "Sosial", "Perlindungan dan kesejahteraan sosial."),
    ("ekonomi", "Ekonomi dan Keuangan", "Perdagangan, UMKM, investasi, pendapatan daerah."),
    ("infrastruktur", "Infrastruktur", "Jalan, jembatan, drainase, perumahan dan permukiman."),
    ("lingkungan-hidup", "Lingkungan Hidup", "Sampah, kualitas air dan udara, ruang terbuka hijau."),
    ("transportasi", "Transportasi", "Angkutan umum, lalu lintas dan perparkiran."),
    ("pemerintahan", "Pemerintahan", "Aparatur, pelayanan publik, keuangan dan aset daerah."),
    ("pariwisata-budaya", "Pariwisata dan Kebudayaan", "Destinasi, acara, cagar budaya."),
    ("ketertiban-bencana", "Ketertiban dan Kebencanaan", "Ketertiban umum, kebakaran, banjir."),
    ("teknologi-informasi", "Teknologi Informasi", "Infrastruktur TIK, layanan digital, Kota Cerdas."),
]


def load(apps, schema_editor):
    Topic = apps.get_model("opendata", "Topic")
    for position, (name, title, description) in enumerate(TOPICS, start=1):
        Topic.objects.update_or_create(
            name=name, defaults={"title": title, "description": description, "position": position}
        )


class Migration(migrations.Migration):
    dependencies = [("opendata", "0001_initial")]

    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
