"""Vocabularies of the DCAT-AP catalogue: namespaces and the EU controlled vocabularies our
frequencies, topics and language map to (DCAT-AP 2/3, as ckanext-dcat's euro_dcat_ap profile)."""

from __future__ import annotations

from rdflib import Namespace
from rdflib.namespace import DCAT, DCTERMS, FOAF, OWL, RDF, SKOS, XSD

ADMS = Namespace("http://www.w3.org/ns/adms#")
HYDRA = Namespace("http://www.w3.org/ns/hydra/core#")
LOCN = Namespace("http://www.w3.org/ns/locn#")
SPDX = Namespace("http://spdx.org/rdf/terms#")
VCARD = Namespace("http://www.w3.org/2006/vcard/ns#")

EU_AUTHORITY = "http://publications.europa.eu/resource/authority/"
EU_FREQUENCY = Namespace(EU_AUTHORITY + "frequency/")
EU_THEME = Namespace(EU_AUTHORITY + "data-theme/")
EU_LANGUAGE = Namespace(EU_AUTHORITY + "language/")
EU_FILE_TYPE = Namespace(EU_AUTHORITY + "file-type/")
IANA_MEDIA_TYPES = "https://www.iana.org/assignments/media-types/"

# The prefixes both serialisations use (the JSON-LD @context, the Turtle @prefix lines).
PREFIXES = {
    "adms": ADMS,
    "dcat": DCAT,
    "dct": DCTERMS,
    "foaf": FOAF,
    "hydra": HYDRA,
    "locn": LOCN,
    "owl": OWL,
    "rdf": RDF,
    "skos": SKOS,
    "spdx": SPDX,
    "vcard": VCARD,
    "xsd": XSD,
}

# Frequency (opendata.models.Frequency) -> EU frequency authority table.
FREQUENCY_URIS = {
    "annual": EU_FREQUENCY.ANNUAL,
    "semiannual": EU_FREQUENCY.ANNUAL_2,
    "quarterly": EU_FREQUENCY.QUARTERLY,
    "monthly": EU_FREQUENCY.MONTHLY,
    "irregular": EU_FREQUENCY.IRREG,
}

# Satu Data topics (migration 0002) -> EU data themes, where the match is obvious.
TOPIC_THEMES = {
    "kependudukan": EU_THEME.SOCI,
    "kesehatan": EU_THEME.HEAL,
    "pendidikan": EU_THEME.EDUC,
    "sosial": EU_THEME.SOCI,
    "ekonomi": EU_THEME.ECON,
    "infrastruktur": EU_THEME.REGI,
    "lingkungan-hidup": EU_THEME.ENVI,
    "transportasi": EU_THEME.TRAN,
    "pemerintahan": EU_THEME.GOVE,
    "pariwisata-budaya": EU_THEME.EDUC,
    "ketertiban-bencana": EU_THEME.JUST,
    "teknologi-informasi": EU_THEME.TECH,
}

# Resource.format -> EU file type (dct:format), for the common ones.
FILE_TYPES = {
    "CSV": EU_FILE_TYPE.CSV,
    "XLSX": EU_FILE_TYPE.XLSX,
    "XLS": EU_FILE_TYPE.XLS,
    "JSON": EU_FILE_TYPE.JSON,
    "PDF": EU_FILE_TYPE.PDF,
    "GEOJSON": EU_FILE_TYPE.GEOJSON,
    "ZIP": EU_FILE_TYPE.ZIP,
}

LANGUAGE_INDONESIAN = EU_LANGUAGE.IND
CITY_NAME = "Kota Bekasi"
CITY_CODE = "32.75"  # Kemendagri code of Kota Bekasi
