"""The English catalogue: complete, consistent with the compiled .mo, served, and kept complete.

The msgids are Indonesian (LANGUAGE_CODE "id"); English comes from locale/en/LC_MESSAGES.
A UI string added without an English translation fails test_makemessages_finds_nothing_new:
run `make messages`, translate what is new in django.po, and commit django.po and django.mo.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from collections import Counter
from pathlib import Path

import polib
import pytest
from django.conf import settings

import kotacerdas

PACKAGE_DIR = Path(kotacerdas.__file__).resolve().parent
LOCALE_DIR = PACKAGE_DIR / "locale" / "en" / "LC_MESSAGES"
PO_PATH = LOCALE_DIR / "django.po"
MO_PATH = LOCALE_DIR / "django.mo"
GETTEXT_TOOLS = ("xgettext", "msguniq", "msgmerge")
# As `make messages` runs it.
MAKEMESSAGES = ["makemessages", "-l", "en", "--no-obsolete", "--ignore", "static/vendor/*"]

# %(name)s, %s, %d, %%: what Python's % operator fills in.
PYTHON_FORMAT = re.compile(r"%(?:\(\w+\))?[#0 +-]*\d*(?:\.\d+)?[diouxXeEfFgGcrsa%]")
TEMPLATE_VARIABLE = re.compile(r"\{\{.*?\}\}")
HTML_TAG = re.compile(r"</?[a-zA-Z][^<>]*>")


def services_required() -> bool:
    return os.environ.get("KOTACERDAS_REQUIRE_SERVICES", "") in {"1", "true", "yes"}


def catalogue_entries(po: polib.POFile) -> list[polib.POEntry]:
    return [entry for entry in po if not entry.obsolete]


def describe(entries: list[polib.POEntry]) -> str:
    lines = []
    for entry in entries[:20]:
        where = ", ".join(f"{path}:{line}" for path, line in entry.occurrences[:2])
        lines.append(f"  {entry.msgid!r} ({where})")
    if len(entries) > 20:
        lines.append(f"  ... and {len(entries) - 20} more")
    return "\n".join(lines)


def placeholders(text: str, python_format: bool) -> Counter:
    found = TEMPLATE_VARIABLE.findall(text) + HTML_TAG.findall(text)
    if python_format:
        found += PYTHON_FORMAT.findall(text)
    return Counter(found)


def translations(entries) -> dict[tuple[str | None, str], object]:
    """(msgctxt, msgid) -> msgstr, or the tuple of plural forms."""
    result = {}
    for entry in entries:
        if not entry.msgid:  # the header
            continue
        key = (entry.msgctxt, entry.msgid)
        if entry.msgid_plural:
            result[key] = tuple(entry.msgstr_plural[i] for i in sorted(entry.msgstr_plural))
        else:
            result[key] = entry.msgstr
    return result


# --- (a) The catalogue itself.


def test_every_entry_is_translated_and_not_fuzzy():
    po = polib.pofile(str(PO_PATH))
    entries = catalogue_entries(po)
    assert len(entries) > 100, f"{PO_PATH} looks empty ({len(entries)} entries)"
    untranslated = [e for e in entries if not e.translated() and "fuzzy" not in e.flags]
    fuzzy = [e for e in entries if "fuzzy" in e.flags]
    assert not [e.msgid for e in untranslated], (
        f"untranslated entries in {PO_PATH}:\n{describe(untranslated)}"
    )
    assert not [e.msgid for e in fuzzy], (
        f"fuzzy entries (check, then drop the flag):\n{describe(fuzzy)}"
    )
    assert not po.metadata_is_fuzzy, "the header of django.po is still marked fuzzy"
    assert po.metadata.get("Language") == "en"


def test_translations_keep_the_placeholders_of_their_msgid():
    problems = []
    for entry in catalogue_entries(polib.pofile(str(PO_PATH))):
        python_format = "python-format" in entry.flags
        if entry.msgid_plural:
            allowed = placeholders(entry.msgid, python_format) | placeholders(
                entry.msgid_plural, python_format
            )
            wanted_last = placeholders(entry.msgid_plural, python_format)
            forms = [entry.msgstr_plural[i] for i in sorted(entry.msgstr_plural)]
            for form in forms:
                # A singular form may leave out the count ("one event"), never add a name.
                extra = placeholders(form, python_format) - allowed
                if extra:
                    problems.append((entry.msgid, form, f"unknown {sorted(extra)}"))
            if forms and placeholders(forms[-1], python_format) != wanted_last:
                problems.append((entry.msgid_plural, forms[-1], f"needs {sorted(wanted_last)}"))
        else:
            wanted = placeholders(entry.msgid, python_format)
            got = placeholders(entry.msgstr, python_format)
            if got != wanted:
                problems.append((entry.msgid, entry.msgstr, f"needs {sorted(wanted.elements())}"))
    assert not problems, "placeholders differ from the msgid:\n" + "\n".join(
        f"  {msgid!r} -> {msgstr!r}: {why}" for msgid, msgstr, why in problems
    )


# --- (b) The compiled catalogue.


def test_committed_mo_matches_the_po():
    assert MO_PATH.exists(), f"{MO_PATH} is missing: run `make messages`"
    po = polib.pofile(str(PO_PATH))
    expected = translations(e for e in catalogue_entries(po) if e.translated())
    compiled = translations(polib.mofile(str(MO_PATH)))
    missing = sorted(k[1] for k in expected.keys() - compiled.keys())
    stale = sorted(k[1] for k in compiled.keys() - expected.keys())
    differing = sorted(
        k[1] for k in expected.keys() & compiled.keys() if expected[k] != compiled[k]
    )
    hint = "django.mo is out of date: run `make messages` (compilemessages) and commit it"
    assert not missing, f"{hint}; not in the .mo: {missing[:10]}"
    assert not stale, f"{hint}; only in the .mo: {stale[:10]}"
    assert not differing, f"{hint}; translated differently: {differing[:10]}"


# --- (c) What a visitor sees.


@pytest.mark.django_db
def test_home_page_in_english_with_the_language_cookie(client):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    response = client.get("/")
    assert response.status_code == 200
    body = response.content.decode()
    assert '<html lang="en">' in body
    assert ">Home</a>" in body
    assert ">Regional Agencies</a>" in body
    assert "Beranda" not in body


@pytest.mark.django_db
def test_home_page_in_indonesian_without_a_cookie(client):
    response = client.get("/")
    assert response.status_code == 200
    body = response.content.decode()
    assert '<html lang="id">' in body
    assert ">Beranda</a>" in body
    assert ">Perangkat Daerah</a>" in body
    assert ">Home</a>" not in body


# --- (d) Nothing in the source tree waits for a translation.


def test_makemessages_finds_nothing_new(tmp_path):
    """makemessages on a copy of the package: a new or changed UI string shows up here.

    The copy is imported instead of the installed package (PYTHONPATH first), so its
    LOCALE_PATHS and the catalogue that makemessages rewrites are the copy's, never the tree's.
    """
    missing = [tool for tool in GETTEXT_TOOLS if shutil.which(tool) is None]
    if missing:
        message = f"GNU gettext is not installed (no {', '.join(missing)}): apt-get install gettext"
        if services_required():
            pytest.fail(message + " and KOTACERDAS_REQUIRE_SERVICES is set")
        pytest.skip(message)

    copy = tmp_path / "kotacerdas"
    shutil.copytree(
        PACKAGE_DIR,
        copy,
        ignore=shutil.ignore_patterns("vendor", "__pycache__", "*.pyc", "var", "node_modules"),
    )
    env = {
        **os.environ,
        "PYTHONPATH": os.pathsep.join(
            [str(tmp_path), *filter(None, os.environ.get("PYTHONPATH", "").split(os.pathsep))]
        ),
        "DJANGO_SETTINGS_MODULE": "kotacerdas.settings",
        "KOTACERDAS_TESTING": "1",
        "KOTACERDAS_HOME": str(tmp_path),
    }
    env.pop("DATABASE_URL", None)
    before = PO_PATH.read_bytes()
    # The project's command (kotacerdas.cli, here the copy's); -P keeps the working directory,
    # whose settings.py and urls.py are not top-level modules, off sys.path.
    result = subprocess.run(
        [sys.executable, "-P", "-m", "kotacerdas.cli", *MAKEMESSAGES],
        cwd=copy,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, f"makemessages failed:\n{result.stdout}\n{result.stderr}"
    assert PO_PATH.read_bytes() == before, "makemessages wrote to the real tree, not the copy"

    po = polib.pofile(str(copy / "locale" / "en" / "LC_MESSAGES" / "django.po"))
    entries = catalogue_entries(po)
    new = [e for e in entries if not e.translated() and "fuzzy" not in e.flags]
    guessed = [e for e in entries if "fuzzy" in e.flags]
    hint = (
        "UI strings without an English translation: run `make messages`, translate them in "
        "src/kotacerdas/locale/en/LC_MESSAGES/django.po, and commit django.po and django.mo"
    )
    assert not [e.msgid for e in new], f"{hint}:\n{describe(new)}"
    assert not [e.msgid for e in guessed], (
        f"{hint} (gettext guessed these, marked fuzzy):\n{describe(guessed)}"
    )
