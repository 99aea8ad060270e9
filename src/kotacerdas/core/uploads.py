"""Uploaded files every app accepts: recognised by their content, never by their name alone.

A file is one of the allowed kinds (PDF, JPEG, PNG, XLSX, DOCX) when its first bytes say so and,
for the Office formats, when the parts inside the ZIP container say so. Its SHA-256 is kept so a
later copy can be checked. `check_upload` runs every check a service needs before it stores a
file and returns what it learnt (`UploadInfo`), or raises a ValidationError in Indonesian.
"""

from __future__ import annotations

import hashlib
import os
import zipfile
from collections.abc import Iterable
from dataclasses import dataclass
from typing import IO, Any

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

MAX_UPLOAD_BYTES = 10 * 1024 * 1024
# Uncompressed size allowed inside an Office file (a ZIP): guards against ZIP bombs.
MAX_UNZIPPED_BYTES = 100 * 1024 * 1024

CONTENT_TYPES = {
    "pdf": "application/pdf",
    "jpg": "image/jpeg",
    "png": "image/png",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
}
EXTENSIONS = {
    "pdf": {".pdf"},
    "jpg": {".jpg", ".jpeg"},
    "png": {".png"},
    "xlsx": {".xlsx"},
    "docx": {".docx"},
}
DEFAULT_KINDS = ("pdf", "jpg", "png", "docx", "xlsx")
ZIP_MAGIC = b"PK\x03\x04"


@dataclass(frozen=True)
class UploadInfo:
    """What the checks learnt about an accepted file."""

    kind: str  # "pdf", "jpg", "png", "docx" or "xlsx"
    content_type: str
    size: int
    sha256: str
    extension: str  # the file name's extension, lower case with its dot (".pdf")


def _zip_parts(handle: IO[bytes]) -> tuple[set[str], int] | None:
    """The part names of a ZIP file and their declared uncompressed total, or None."""
    try:
        with zipfile.ZipFile(handle) as archive:
            infos = archive.infolist()
            return {info.filename for info in infos}, sum(info.file_size for info in infos)
    except (zipfile.BadZipFile, OSError, ValueError):
        return None
    finally:
        handle.seek(0)


def _head(handle: IO[bytes]) -> bytes:
    handle.seek(0)
    head = handle.read(8)
    handle.seek(0)
    return head


def sniff_kind(handle: IO[bytes]) -> str | None:
    """The kind of file by its content ("pdf", "jpg", "png", "xlsx", "docx") or None."""
    head = _head(handle)
    if head.startswith(b"%PDF-"):
        return "pdf"
    if head.startswith(b"\xff\xd8\xff"):
        return "jpg"
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return "png"
    if head.startswith(ZIP_MAGIC):
        parts = _zip_parts(handle)
        if parts is None:
            return None
        names, unzipped = parts
        if unzipped > MAX_UNZIPPED_BYTES or "[Content_Types].xml" not in names:
            return None
        if "xl/workbook.xml" in names:
            return "xlsx"
        if "word/document.xml" in names:
            return "docx"
    return None


def is_zip_bomb(handle: IO[bytes]) -> bool:
    """True when a ZIP container would unpack to more than MAX_UNZIPPED_BYTES."""
    if not _head(handle).startswith(ZIP_MAGIC):
        return False
    parts = _zip_parts(handle)
    return parts is not None and parts[1] > MAX_UNZIPPED_BYTES


def file_sha256(handle: IO[bytes]) -> str:
    """The SHA-256 (hex) of the whole file, read in 1 MB chunks; the position is rewound."""
    digest = hashlib.sha256()
    handle.seek(0)
    for chunk in iter(lambda: handle.read(1024 * 1024), b""):
        digest.update(chunk)
    handle.seek(0)
    return digest.hexdigest()


def file_size(handle: IO[bytes]) -> int:
    """The size in bytes (an UploadedFile's `size`, else by seeking to the end)."""
    size = getattr(handle, "size", None)
    if size is not None:
        return int(size)
    handle.seek(0, os.SEEK_END)
    size = handle.tell()
    handle.seek(0)
    return size


def kinds_label(kinds: Iterable[str]) -> str:
    """The kinds a form accepts, for messages and help texts: "PDF, JPG, PNG"."""
    return ", ".join(kind.upper() for kind in kinds)


def megabytes_label(size: int) -> str:
    """10485760 -> "10"; 1572864 -> "1,5" (Indonesian decimal comma)."""
    value = size / 1024 / 1024
    text = f"{value:.0f}" if value == int(value) else f"{value:.1f}"
    return text.replace(".", ",")


def accept_attribute(kinds: Iterable[str] = DEFAULT_KINDS) -> str:
    """The `accept` attribute of a file input for these kinds (".pdf,.jpg,.jpeg,...")."""
    return ",".join(ext for kind in kinds for ext in sorted(EXTENSIONS[kind]))


def check_upload(
    upload: Any,
    *,
    kinds: Iterable[str] = DEFAULT_KINDS,
    max_bytes: int = MAX_UPLOAD_BYTES,
    field: str | None = "file",
) -> UploadInfo:
    """Check an uploaded file before it is stored; raise ValidationError in Indonesian.

    Refused: no file, an empty file, a file above `max_bytes`, content that is not one of
    `kinds` (recognised by content, not by name), a name whose extension does not match the
    content, and an Office file that would unpack to more than MAX_UNZIPPED_BYTES (ZIP bomb).
    The message is tied to `field` (dict form) unless `field` is None.
    """
    kinds = tuple(kinds)
    unknown = set(kinds) - set(CONTENT_TYPES)
    if unknown:
        raise ValueError(f"unknown upload kinds: {sorted(unknown)}")

    def refuse(message: str) -> ValidationError:
        return ValidationError({field: [message]} if field else message)

    name = os.path.basename(getattr(upload, "name", "") or "").strip() if upload else ""
    if not name:
        raise refuse(_("Pilih berkas yang akan diunggah."))
    size = file_size(upload)
    if size == 0:
        raise refuse(_("Berkas %(name)s kosong.") % {"name": name})
    if size > max_bytes:
        raise refuse(
            _("Berkas terlalu besar: maksimum %(max)s MB (berkas %(name)s berukuran %(size)s MB).")
            % {"max": megabytes_label(max_bytes), "name": name, "size": megabytes_label(size)}
        )
    if is_zip_bomb(upload):
        raise refuse(
            _(
                "Berkas %(name)s ditolak: bila dibuka isinya melebihi %(max)s MB "
                "(kemungkinan bom ZIP)."
            )
            % {"name": name, "max": megabytes_label(MAX_UNZIPPED_BYTES)}
        )
    kind = sniff_kind(upload)
    if kind is None or kind not in kinds:
        raise refuse(
            _(
                "Jenis berkas tidak diizinkan: hanya %(allowed)s yang diterima; berkas "
                "diperiksa dari isinya, bukan dari namanya."
            )
            % {"allowed": kinds_label(kinds)}
        )
    extension = os.path.splitext(name)[1].lower()
    if extension not in EXTENSIONS[kind]:
        raise refuse(
            _(
                "Nama berkas %(name)s tidak sesuai dengan isinya: isinya %(kind)s, "
                "jadi namanya harus berakhiran %(extensions)s."
            )
            % {
                "name": name,
                "kind": kind.upper(),
                "extensions": _(" atau ").join(sorted(EXTENSIONS[kind])),
            }
        )
    return UploadInfo(
        kind=kind,
        content_type=CONTENT_TYPES[kind],
        size=size,
        sha256=file_sha256(upload),
        extension=extension,
    )
