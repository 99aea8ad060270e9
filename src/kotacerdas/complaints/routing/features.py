"""Text features of the routing classifier: light Indonesian normalisation and TF-IDF.

Normalisation lowercases, strips punctuation and digits, maps common slang and abbreviations
("yg" -> "yang", "jln"/"jl" -> "jalan", "gk"/"ga" -> "tidak") and drops a small stop-word list.
Features are word 1-2 grams and character 3-5 grams (`char_wb`, robust to typos).
"""

from __future__ import annotations

import re

from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.pipeline import FeatureUnion, Pipeline
from sklearn.preprocessing import FunctionTransformer

SLANG = {
    "yg": "yang",
    "jln": "jalan",
    "jl": "jalan",
    "jalanan": "jalan",
    "gk": "tidak",
    "ga": "tidak",
    "gak": "tidak",
    "nggak": "tidak",
    "ngga": "tidak",
    "enggak": "tidak",
    "tdk": "tidak",
    "tak": "tidak",
    "dgn": "dengan",
    "dg": "dengan",
    "sdh": "sudah",
    "udh": "sudah",
    "udah": "sudah",
    "blm": "belum",
    "blum": "belum",
    "bgt": "banget",
    "krn": "karena",
    "karna": "karena",
    "utk": "untuk",
    "tlg": "tolong",
    "tolongin": "tolong",
    "mhn": "mohon",
    "dpn": "depan",
    "bbrp": "beberapa",
    "sy": "saya",
    "aku": "saya",
    "gw": "saya",
    "gue": "saya",
    "kmrn": "kemarin",
    "skrg": "sekarang",
    "skrng": "sekarang",
    "lg": "lagi",
    "bln": "bulan",
    "hr": "hari",
    "mgg": "minggu",
    "msh": "masih",
    "kel": "kelurahan",
    "kec": "kecamatan",
    "pju": "lampu jalan",
    "puskes": "puskesmas",
    "damkar": "pemadam kebakaran",
    "pemkot": "pemerintah kota",
    "kk": "kartu keluarga",
    "ktp": "ktp",
    "ektp": "ktp",
    "rt": "rt",
    "rw": "rw",
}

STOP_WORDS = frozenset(
    [
        "yang",
        "dan",
        "di",
        "ke",
        "dari",
        "ini",
        "itu",
        "dengan",
        "untuk",
        "pada",
        "adalah",
        "atau",
        "juga",
        "sudah",
        "akan",
        "ada",
        "tidak",
        "belum",
        "saya",
        "kami",
        "kita",
        "mereka",
        "nya",
        "pak",
        "bu",
        "bapak",
        "ibu",
        "mohon",
        "tolong",
        "segera",
        "karena",
        "sangat",
        "banget",
        "lagi",
        "sekarang",
        "kemarin",
        "hari",
        "minggu",
        "bulan",
        "sejak",
        "masih",
        "dong",
        "sih",
        "kok",
        "deh",
        "ya",
        "nih",
        "tuh",
        "min",
        "admin",
        "terima",
        "kasih",
        "contoh",
    ]
)

_NON_LETTERS = re.compile(r"[^a-z\s]+")
_SPACES = re.compile(r"\s+")


def normalise(text: str) -> str:
    """Lowercase, strip punctuation and digits, expand slang, drop stop words."""
    text = _NON_LETTERS.sub(" ", (text or "").lower())
    words = []
    for word in _SPACES.split(text):
        if not word:
            continue
        word = SLANG.get(word, word)
        for part in word.split():
            if part not in STOP_WORDS and len(part) > 1:
                words.append(part)
    return " ".join(words)


def case_text(title: str, description: str) -> str:
    """The text a case is classified on: its title (twice: it is the summary) and description."""
    title = (title or "").strip()
    return f"{title}. {title}. {description or ''}"


def normalise_all(texts) -> list[str]:
    return [normalise(text) for text in texts]


def build_features() -> Pipeline:
    """Normalise once, then word 1-2 grams and character 3-5 grams (char_wb), TF-IDF."""
    return Pipeline(
        [
            ("normalise", FunctionTransformer(normalise_all)),
            (
                "ngrams",
                FeatureUnion(
                    [
                        (
                            "words",
                            TfidfVectorizer(
                                lowercase=False, ngram_range=(1, 2), min_df=1, sublinear_tf=True
                            ),
                        ),
                        (
                            "chars",
                            TfidfVectorizer(
                                lowercase=False,
                                analyzer="char_wb",
                                ngram_range=(3, 5),
                                min_df=2,
                                sublinear_tf=True,
                                max_features=60000,
                            ),
                        ),
                    ]
                ),
            ),
        ]
    )
