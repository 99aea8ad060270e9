"""Reference data of the correspondence register (Pasal 12).

The main classification codes of the records schedule of the Ministry of Home Affairs and local
governments (Permendagri 78/2012, carried on by Permendagri 83/2022) that a council secretariat
uses, and the default numbering scheme "{klasifikasi}/{nomor}/DKC/{tahun}". Finer codes (e.g.
555.8, used in the regulation's own considerations) are added by the secretariat when needed.
"""

from django.db import migrations

CLASSIFICATIONS = [
    ("000", "Umum"),
    ("005", "Undangan"),
    ("045", "Kearsipan"),
    ("050", "Perencanaan"),
    ("060", "Organisasi / Ketatalaksanaan"),
    ("070", "Penelitian"),
    ("090", "Perjalanan dinas"),
    ("100", "Pemerintahan"),
    ("400", "Kesejahteraan rakyat"),
    ("500", "Perekonomian"),
    ("555", "Komunikasi dan informatika"),
    ("700", "Pengawasan"),
    ("800", "Kepegawaian"),
    ("900", "Keuangan"),
]
DEFAULT_SCHEME = {
    "name": "Penomoran Dewan Kota Cerdas",
    "pattern": "{klasifikasi}/{nomor}/DKC/{tahun}",
    "sequence_width": 3,
}


def load(apps, schema_editor):
    LetterClassification = apps.get_model("institutions", "LetterClassification")
    NumberingScheme = apps.get_model("institutions", "NumberingScheme")
    for code, name in CLASSIFICATIONS:
        LetterClassification.objects.get_or_create(code=code, defaults={"name": name})
    if not NumberingScheme.objects.exists():
        NumberingScheme.objects.create(is_active=True, **DEFAULT_SCHEME)


def unload(apps, schema_editor):
    LetterClassification = apps.get_model("institutions", "LetterClassification")
    NumberingScheme = apps.get_model("institutions", "NumberingScheme")
    codes = [code for code, _name in CLASSIFICATIONS]
    LetterClassification.objects.filter(code__in=codes, letters__isnull=True).delete()
    NumberingScheme.objects.filter(pattern=DEFAULT_SCHEME["pattern"], is_active=True).delete()


class Migration(migrations.Migration):
    dependencies = [("institutions", "0001_initial")]

    operations = [migrations.RunPython(load, unload)]
