"""The demo ("Contoh") complaint categories, URC units and the topics of generated texts.

Agencies are the real Perangkat Daerah records of core, found by code. Category codes follow
the SP4N-LAPOR! mapping (`lapor.mapping.CATEGORY_MAP`) so pulled reports land in them.
"""

from __future__ import annotations

from dataclasses import dataclass, field

# (name, agency code, phone)
URC_UNITS = [
    ("URC Damkar (Contoh)", "DAMKAR", "021-8800113"),
    ("URC BPBD (Contoh)", "BPBD", "021-8800112"),
    ("URC Dishub (Contoh)", "DISHUB", "021-8800114"),
    ("URC DLH (Contoh)", "DLH", "021-8800115"),
]
URC_DAMKAR = "URC Damkar (Contoh)"
URC_DAMKAR_MEMBER = "urc.damkar"


@dataclass(frozen=True)
class DemoCategory:
    code: str
    name: str
    group: str
    agency: str
    description: str = ""
    keywords: str = ""
    urc: str = ""
    emergency: bool = False
    urc_minutes: int | None = None
    case_type: str = "pengaduan"
    verify_days: int = 3
    respond_days: int = 5
    # (code, question, datatype, required, values, is_private)
    attributes: tuple = ()


CATEGORIES = [
    DemoCategory(
        "jalan-rusak",
        "Jalan rusak atau berlubang",
        "Infrastruktur",
        "DBMSDA",
        "Jalan kota yang rusak, berlubang, amblas, atau jembatan rusak.",
        "jalan, lubang, aspal, jembatan",
        attributes=(
            (
                "ukuran_lubang",
                "Perkiraan ukuran kerusakan",
                "singlevaluelist",
                False,
                [
                    {"key": "kecil", "name": "Kecil (< 50 cm)"},
                    {"key": "sedang", "name": "Sedang (50 cm - 2 m)"},
                    {"key": "besar", "name": "Besar (> 2 m)"},
                ],
                False,
            ),
        ),
    ),
    DemoCategory(
        "drainase",
        "Saluran air dan drainase",
        "Infrastruktur",
        "DBMSDA",
        "Saluran tersumbat, gorong-gorong rusak, tutup saluran hilang.",
        "saluran, got, gorong-gorong, drainase",
    ),
    DemoCategory(
        "banjir",
        "Banjir dan genangan",
        "Kebencanaan",
        "BPBD",
        "Banjir, genangan tinggi, tanggul jebol.",
        "banjir, genangan, tanggul, kali",
        urc="URC BPBD (Contoh)",
        emergency=True,
        urc_minutes=60,
    ),
    DemoCategory(
        "sampah",
        "Sampah menumpuk",
        "Lingkungan",
        "DLH",
        "Sampah tidak diangkut, TPS liar, pembakaran sampah.",
        "sampah, TPS, bau",
    ),
    DemoCategory(
        "pju",
        "Lampu penerangan jalan umum (PJU)",
        "Infrastruktur",
        "DISHUB",
        "Lampu PJU mati, berkedip, atau tiangnya miring.",
        "lampu, PJU, penerangan",
    ),
    DemoCategory(
        "pohon-tumbang",
        "Pohon tumbang atau rawan tumbang",
        "Kebencanaan",
        "DLH",
        "Pohon tumbang menutup jalan, dahan rawan patah.",
        "pohon, dahan, tumbang",
        urc="URC Damkar (Contoh)",
        emergency=True,
        urc_minutes=60,
    ),
    DemoCategory(
        "kebakaran",
        "Kebakaran",
        "Kebencanaan",
        "DAMKAR",
        "Kebakaran rumah, lahan, atau bangunan; evakuasi hewan berbahaya.",
        "api, kebakaran, asap, ular",
        urc=URC_DAMKAR,
        emergency=True,
        urc_minutes=15,
        attributes=(
            (
                "ada_korban",
                "Apakah ada korban jiwa atau luka?",
                "singlevaluelist",
                True,
                [{"key": "ya", "name": "Ya"}, {"key": "tidak", "name": "Tidak"}],
                False,
            ),
        ),
    ),
    DemoCategory(
        "kesehatan",
        "Pelayanan kesehatan (puskesmas, BPJS)",
        "Pelayanan publik",
        "DINKES",
        "Antrean, pelayanan puskesmas, kepesertaan BPJS, fogging DBD.",
        "puskesmas, BPJS, dokter, DBD",
        attributes=(
            ("nama_faskes", "Nama puskesmas / fasilitas kesehatan", "string", False, [], False),
            ("nama_pasien", "Nama pasien (rahasia)", "string", False, [], True),
        ),
    ),
    DemoCategory(
        "kependudukan",
        "Administrasi kependudukan (KTP, KK)",
        "Pelayanan publik",
        "DISDUKCAPIL",
        "KTP elektronik, kartu keluarga, akta, pindah domisili.",
        "KTP, KK, akta, NIK",
        verify_days=2,
    ),
    DemoCategory(
        "ketertiban",
        "Ketertiban umum dan PKL",
        "Ketertiban",
        "SATPOLPP",
        "Pedagang kaki lima di trotoar, bangunan liar, reklame liar, gangguan ketertiban.",
        "PKL, trotoar, bangli, reklame",
    ),
    DemoCategory(
        "perizinan",
        "Perizinan usaha",
        "Pelayanan publik",
        "DPMPTSP",
        "Izin usaha, NIB, PBG/IMB, pelayanan perizinan.",
        "izin, NIB, PBG, OSS",
        respond_days=10,
    ),
    DemoCategory(
        "pendidikan",
        "Sekolah dan PPDB",
        "Pelayanan publik",
        "DISDIK",
        "PPDB, pungutan sekolah, fasilitas sekolah negeri.",
        "sekolah, PPDB, guru, zonasi",
    ),
    DemoCategory(
        "air-bersih",
        "Air bersih (PDAM)",
        "Infrastruktur",
        "DISPERKIMTAN",
        "Air PDAM mati, keruh, pipa bocor.",
        "air, PDAM, pipa",
    ),
    DemoCategory(
        "perhubungan",
        "Lalu lintas dan parkir",
        "Infrastruktur",
        "DISHUB",
        "Parkir liar, lampu lalu lintas mati, angkot ngetem, rambu rusak.",
        "parkir, macet, lampu merah, angkot",
        attributes=(("plat_nomor", "Nomor polisi kendaraan", "string", False, [], True),),
    ),
    DemoCategory(
        "sosial",
        "Bantuan sosial",
        "Sosial",
        "DINSOS",
        "Bansos, DTKS, PKH, orang terlantar, ODGJ di jalan.",
        "bansos, DTKS, PKH",
    ),
    DemoCategory(
        "lainnya",
        "Lainnya",
        "Lainnya",
        "",
        "Laporan yang belum masuk kategori lain; verifikator menentukan kategorinya.",
        "",
        case_type="aspirasi",
    ),
]


@dataclass(frozen=True)
class Topic:
    """One kind of problem: its category, the agencies that handle it (weights) and texts."""

    category: str
    agencies: tuple[tuple[str, int], ...]
    weight: int
    titles: tuple[str, ...]
    details: tuple[str, ...]
    impacts: tuple[str, ...] = field(default=())


TOPICS = [
    Topic(
        "jalan-rusak",
        (("DBMSDA", 95), ("DISPERKIMTAN", 5)),
        14,
        (
            "Jalan berlubang",
            "Jalan rusak parah",
            "Aspal jalan mengelupas",
            "Jalan amblas",
            "Lubang besar di jalan",
            "Jembatan rusak",
            "Jalan rusak dan bergelombang",
        ),
        (
            "jalan berlubang cukup dalam",
            "aspal jalan rusak dan berlubang di banyak titik",
            "jalan amblas sekitar dua meter",
            "lubang di tengah jalan makin besar setelah hujan",
            "jalan rusak bergelombang, banyak batu lepas",
            "jembatan kecil retak dan pagar pembatasnya patah",
            "tambalan jalan sudah hancur lagi",
        ),
        (
            "sudah ada pengendara motor yang jatuh",
            "sangat membahayakan pengendara malam hari",
            "bikin macet karena kendaraan menghindari lubang",
            "mobil sering terperosok",
        ),
    ),
    Topic(
        "drainase",
        (("DBMSDA", 90), ("DLH", 10)),
        7,
        (
            "Saluran air tersumbat",
            "Got mampet",
            "Gorong-gorong rusak",
            "Tutup saluran hilang",
            "Drainase tidak berfungsi",
        ),
        (
            "saluran air tersumbat lumpur dan sampah",
            "got mampet, air meluap ke jalan",
            "gorong-gorong ambrol",
            "tutup saluran besi hilang, lubangnya terbuka",
            "drainase dangkal, air tidak mengalir",
        ),
        (
            "setiap hujan air masuk ke rumah warga",
            "bau tidak sedap dan banyak nyamuk",
            "membahayakan pejalan kaki",
        ),
    ),
    Topic(
        "banjir",
        (("BPBD", 70), ("DBMSDA", 30)),
        7,
        (
            "Banjir setinggi lutut",
            "Genangan air di jalan",
            "Tanggul kali jebol",
            "Banjir masuk rumah",
            "Genangan tidak surut",
        ),
        (
            "banjir setinggi 50 cm merendam permukiman",
            "genangan air tinggi di jalan utama",
            "tanggul kali jebol, air kali meluap",
            "air banjir masuk ke rumah warga sejak subuh",
            "genangan sudah dua hari tidak surut",
        ),
        (
            "warga lansia perlu dievakuasi",
            "kendaraan mogok dan jalan tidak bisa dilewati",
            "anak-anak tidak bisa sekolah",
        ),
    ),
    Topic(
        "sampah",
        (("DLH", 100),),
        14,
        (
            "Sampah menumpuk",
            "Sampah tidak diangkut",
            "TPS liar",
            "Pembakaran sampah",
            "Tumpukan sampah di pinggir jalan",
        ),
        (
            "sampah menumpuk sudah seminggu tidak diangkut",
            "truk sampah tidak datang sejak dua minggu",
            "ada TPS liar di lahan kosong",
            "warga membakar sampah setiap sore, asapnya mengganggu",
            "sampah berserakan di pinggir jalan dan bau busuk",
        ),
        (
            "bau menyengat sampai ke rumah warga",
            "banyak lalat dan tikus",
            "menyumbat saluran air",
        ),
    ),
    Topic(
        "pju",
        (("DISHUB", 100),),
        8,
        (
            "Lampu PJU mati",
            "Lampu jalan padam",
            "Penerangan jalan mati total",
            "Tiang lampu jalan miring",
        ),
        (
            "lampu PJU mati sudah sebulan",
            "lampu penerangan jalan padam sepanjang 200 meter",
            "lampu jalan berkedip lalu mati",
            "tiang lampu jalan miring hampir roboh",
        ),
        (
            "jalan gelap gulita dan rawan begal",
            "sering terjadi kecelakaan malam hari",
            "warga takut lewat malam",
        ),
    ),
    Topic(
        "pohon-tumbang",
        (("DLH", 60), ("DAMKAR", 40)),
        5,
        (
            "Pohon tumbang",
            "Pohon tumbang menutup jalan",
            "Dahan pohon hampir patah",
            "Pohon besar rawan tumbang",
        ),
        (
            "pohon besar tumbang setelah hujan angin",
            "pohon tumbang menutup jalan dan menimpa kabel",
            "dahan pohon besar retak menggantung di atas jalan",
            "pohon tua miring ke arah rumah warga",
        ),
        (
            "kendaraan tidak bisa lewat",
            "khawatir menimpa pengendara",
            "kabel listrik ikut tertarik",
        ),
    ),
    Topic(
        "kebakaran",
        (("DAMKAR", 100),),
        5,
        (
            "Kebakaran rumah",
            "Kebakaran lahan kosong",
            "Ada asap tebal dari gudang",
            "Ular masuk rumah",
            "Sarang tawon di rumah",
        ),
        (
            "terjadi kebakaran rumah, api membesar",
            "lahan kosong terbakar, api merambat ke pemukiman",
            "asap tebal keluar dari gudang, diduga korsleting listrik",
            "ular kobra masuk ke dalam rumah warga",
            "sarang tawon vespa besar di atap rumah",
        ),
        (
            "mohon kirim mobil pemadam",
            "warga panik dan butuh evakuasi",
            "ada anak kecil di rumah",
        ),
    ),
    Topic(
        "kesehatan",
        (("DINKES", 100),),
        8,
        (
            "Pelayanan puskesmas lambat",
            "Antrean puskesmas panjang",
            "Kartu BPJS ditolak",
            "Fogging DBD belum dilakukan",
            "Petugas puskesmas tidak ramah",
        ),
        (
            "antrean di puskesmas sangat lama, dokter datang siang",
            "pasien BPJS ditolak puskesmas dengan alasan kuota",
            "banyak warga kena DBD tapi belum ada fogging",
            "obat di puskesmas sering kosong",
            "petugas pendaftaran puskesmas judes ke pasien lansia",
        ),
        (
            "pasien lansia kelelahan menunggu",
            "warga jadi harus berobat ke klinik swasta",
            "khawatir wabah meluas",
        ),
    ),
    Topic(
        "kependudukan",
        (("DISDUKCAPIL", 100),),
        8,
        (
            "KTP elektronik belum jadi",
            "Blanko KTP kosong",
            "Kartu keluarga salah data",
            "Pengurusan akta kelahiran lama",
            "Pindah domisili dipersulit",
        ),
        (
            "rekam KTP elektronik sudah tiga bulan tapi belum jadi",
            "blanko KTP di kecamatan katanya kosong terus",
            "data di kartu keluarga salah, nama anak tertukar",
            "pengurusan akta kelahiran anak sudah sebulan belum selesai",
            "surat pindah domisili dipersulit, disuruh bolak balik",
        ),
        (
            "KTP dibutuhkan untuk melamar kerja",
            "tidak bisa daftar sekolah anak",
            "sudah bolak-balik ke dukcapil",
        ),
    ),
    Topic(
        "ketertiban",
        (("SATPOLPP", 100),),
        8,
        (
            "PKL berjualan di trotoar",
            "Bangunan liar di bantaran kali",
            "Reklame liar",
            "Balap liar tiap malam",
            "Pedagang kaki lima menutup jalan",
        ),
        (
            "pedagang kaki lima berjualan di trotoar sampai ke badan jalan",
            "ada bangunan liar di bantaran kali",
            "spanduk dan reklame liar dipasang di pohon dan tiang",
            "balap liar setiap malam minggu, sangat berisik",
            "lapak PKL menutup akses jalan warga",
        ),
        (
            "pejalan kaki terpaksa jalan di aspal",
            "mengganggu ketertiban warga",
            "bikin macet jam pulang kerja",
        ),
    ),
    Topic(
        "perizinan",
        (("DPMPTSP", 100),),
        5,
        (
            "Izin usaha lama diproses",
            "NIB tidak terbit",
            "Pengurusan PBG berbelit",
            "Pelayanan perizinan lambat",
        ),
        (
            "permohonan izin usaha sudah dua bulan belum diproses",
            "NIB di OSS tidak terbit padahal berkas lengkap",
            "pengurusan PBG berbelit dan diminta syarat tambahan",
            "loket pelayanan perizinan mal pelayanan publik sering tutup",
        ),
        (
            "usaha kecil kami tidak bisa jalan",
            "mohon kepastian waktu",
            "merugikan pelaku usaha",
        ),
    ),
    Topic(
        "pendidikan",
        (("DISDIK", 100),),
        6,
        (
            "Pungutan di sekolah negeri",
            "PPDB zonasi bermasalah",
            "Atap kelas bocor",
            "Guru jarang masuk kelas",
        ),
        (
            "sekolah negeri meminta pungutan uang seragam mahal",
            "anak tidak diterima PPDB padahal rumah dekat sekolah",
            "atap ruang kelas bocor dan plafon hampir runtuh",
            "guru sering tidak masuk, murid dibiarkan",
        ),
        (
            "orang tua murid keberatan",
            "anak-anak belajar tidak nyaman",
            "mohon dinas pendidikan turun tangan",
        ),
    ),
    Topic(
        "air-bersih",
        (("DISPERKIMTAN", 100),),
        5,
        (
            "Air PDAM mati",
            "Air PDAM keruh",
            "Pipa PDAM bocor",
            "Air bersih tidak mengalir",
        ),
        (
            "air PDAM mati sudah tiga hari",
            "air PDAM keruh dan berbau",
            "pipa air bocor di pinggir jalan, airnya terbuang",
            "air bersih tidak mengalir sejak pagi",
        ),
        (
            "warga terpaksa beli air galon",
            "tidak bisa mandi dan masak",
        ),
    ),
    Topic(
        "perhubungan",
        (("DISHUB", 100),),
        6,
        (
            "Parkir liar",
            "Lampu lalu lintas mati",
            "Angkot ngetem sembarangan",
            "Rambu lalu lintas rusak",
            "Juru parkir liar memeras",
        ),
        (
            "parkir liar di bahu jalan depan pasar",
            "lampu merah di perempatan mati",
            "angkot ngetem di mulut jalan bikin macet",
            "rambu lalu lintas roboh tertabrak",
            "juru parkir liar minta tarif tidak wajar",
        ),
        (
            "kemacetan panjang tiap sore",
            "rawan kecelakaan di persimpangan",
        ),
    ),
    Topic(
        "sosial",
        (("DINSOS", 100),),
        4,
        (
            "Bansos tidak tepat sasaran",
            "Belum terdaftar DTKS",
            "ODGJ berkeliaran",
            "Lansia terlantar",
        ),
        (
            "bansos diterima warga mampu, yang miskin tidak dapat",
            "keluarga kami belum masuk DTKS padahal tidak mampu",
            "ada ODGJ berkeliaran di jalan dan mengganggu",
            "ada lansia terlantar tinggal sendiri tanpa keluarga",
        ),
        (
            "mohon pendataan ulang",
            "warga resah",
        ),
    ),
]

STREETS = (
    "Ahmad Yani",
    "Juanda",
    "Cut Mutia",
    "KH Noer Ali",
    "Chairil Anwar",
    "Pekayon Raya",
    "Jatiwaringin",
    "Narogong",
    "Sultan Agung",
    "Kemakmuran",
    "Mustikasari",
    "Hankam Raya",
    "Caman Raya",
    "Pramuka",
    "Raya Jatiasih",
    "Siliwangi",
    "Kalimalang",
    "Perjuangan",
)

OPENINGS = (
    "Lapor,",
    "Selamat pagi, saya mau melaporkan",
    "Assalamualaikum, mohon izin melaporkan",
    "Pak/Bu, tolong",
    "Min,",
    "Kepada Yth. Pemkot Bekasi,",
    "",
)

PLEAS = (
    "Mohon segera ditindaklanjuti.",
    "Tolong dong segera diperbaiki.",
    "Mohon perhatian pemerintah kota.",
    "Sudah lapor ke RT tapi belum ada tanggapan.",
    "Terima kasih.",
    "Mohon dicek ke lokasi.",
    "",
)

NAMES = (
    "Budi",
    "Siti",
    "Agus",
    "Dewi",
    "Rudi",
    "Rina",
    "Andi",
    "Lina",
    "Joko",
    "Yanti",
    "Hendra",
    "Wati",
    "Fajar",
    "Nur",
    "Dedi",
    "Sri",
)
SURNAMES = ("Santoso", "Lestari", "Saputra", "Wijaya", "Hidayat", "Rahayu", "Pratama", "Kusuma")

# Words a hurried reporter writes differently (the normalisation maps them back).
SLANG_FORMS = {
    "yang": ("yg",),
    "jalan": ("jln", "jl"),
    "tidak": ("gk", "ga", "gak", "tdk"),
    "dengan": ("dgn",),
    "sudah": ("sdh", "udah"),
    "belum": ("blm",),
    "karena": ("krn", "karna"),
    "untuk": ("utk",),
    "tolong": ("tlg",),
    "mohon": ("mhn",),
    "depan": ("dpn",),
    "sekarang": ("skrg",),
}
