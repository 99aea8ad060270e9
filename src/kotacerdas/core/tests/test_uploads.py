"""check_upload: files are recognised by their content; bad files get a clear Indonesian message."""

import dataclasses
import hashlib
import io
import zipfile

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from hypothesis import given
from hypothesis import strategies as st

from kotacerdas.core.uploads import (
    MAX_UNZIPPED_BYTES,
    UploadInfo,
    accept_attribute,
    check_upload,
    file_sha256,
    file_size,
    megabytes_label,
    sniff_kind,
)

PDF = b"%PDF-1.7\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32
JPG = b"\xff\xd8\xff\xe0" + b"\x00" * 32


def office(kind: str, *, declared_extra: int = 0) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("xl/workbook.xml" if kind == "xlsx" else "word/document.xml", "<x/>")
        if declared_extra:
            # Zeros compress ~1000:1: a small file that unpacks to `declared_extra` bytes.
            archive.writestr("word/media/bomb.bin", b"\x00" * declared_extra)
    return buffer.getvalue()


def upload(name: str, content: bytes) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content)


def messages(exc: pytest.ExceptionInfo) -> str:
    return " ".join(exc.value.messages)


@pytest.mark.parametrize(
    ("name", "content", "kind"),
    [
        ("surat.pdf", PDF, "pdf"),
        ("foto.JPG", JPG, "jpg"),
        ("foto.jpeg", JPG, "jpg"),
        ("bagan.png", PNG, "png"),
        ("notulen.docx", office("docx"), "docx"),
        ("anggaran.xlsx", office("xlsx"), "xlsx"),
    ],
)
def test_accepts_each_allowed_kind_and_reports_what_it_learnt(name, content, kind):
    info = check_upload(upload(name, content))
    assert info.kind == kind
    assert info.size == len(content)
    assert info.sha256 == hashlib.sha256(content).hexdigest()
    assert info.extension == name[name.rindex(".") :].lower()
    assert info.content_type.startswith(("application/", "image/"))


def test_upload_info_is_frozen():
    info = check_upload(upload("surat.pdf", PDF))
    assert isinstance(info, UploadInfo)
    with pytest.raises(dataclasses.FrozenInstanceError):
        info.size = 1  # type: ignore[misc]


def test_the_file_can_still_be_read_from_the_start_after_the_checks():
    handle = upload("surat.pdf", PDF)
    check_upload(handle)
    assert handle.read() == PDF


def test_empty_file_is_refused():
    with pytest.raises(ValidationError) as exc:
        check_upload(upload("kosong.pdf", b""))
    assert "kosong" in messages(exc)
    assert exc.value.message_dict == {"file": [exc.value.messages[0]]}


def test_missing_file_is_refused():
    with pytest.raises(ValidationError) as exc:
        check_upload(None)
    assert "Pilih berkas" in messages(exc)


def test_too_large_file_is_refused_with_the_limit():
    with pytest.raises(ValidationError) as exc:
        check_upload(upload("besar.pdf", PDF + b"0" * (10 * 1024 * 1024)))
    assert "Berkas terlalu besar: maksimum 10 MB" in messages(exc)


def test_the_limit_is_configurable_and_inclusive():
    content = PDF + b"0" * (1024 * 1024 - len(PDF))
    assert check_upload(upload("pas.pdf", content), max_bytes=1024 * 1024).size == 1024 * 1024
    with pytest.raises(ValidationError) as exc:
        check_upload(upload("lebih.pdf", content + b"0"), max_bytes=1024 * 1024)
    assert "maksimum 1 MB" in messages(exc)


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("program.exe", b"MZ\x90\x00" + b"\x00" * 40),
        ("halaman.html", b"<html><script>alert(1)</script></html>"),
        ("palsu.pdf", b"bukan pdf sama sekali"),
        ("arsip.zip", b"PK\x03\x04 rusak"),
    ],
)
def test_forbidden_or_unrecognised_content_is_refused(name, content):
    with pytest.raises(ValidationError) as exc:
        check_upload(upload(name, content))
    text = messages(exc)
    assert "Jenis berkas tidak diizinkan" in text
    assert "hanya PDF, JPG, PNG, DOCX, XLSX" in text


def test_a_kind_outside_the_allowed_list_is_refused():
    with pytest.raises(ValidationError) as exc:
        check_upload(upload("foto.png", PNG), kinds=("pdf",))
    assert "hanya PDF yang diterima" in messages(exc)


def test_an_extension_that_does_not_match_the_content_is_refused():
    with pytest.raises(ValidationError) as exc:
        check_upload(upload("surat.pdf", PNG))
    text = messages(exc)
    assert "tidak sesuai dengan isinya" in text and ".png" in text


def test_a_name_without_extension_is_refused():
    with pytest.raises(ValidationError) as exc:
        check_upload(upload("surat", PDF))
    assert "tidak sesuai dengan isinya" in messages(exc)


def test_office_zip_bomb_is_refused():
    bomb = office("docx", declared_extra=MAX_UNZIPPED_BYTES + 1)
    assert len(bomb) < 10 * 1024 * 1024  # small on disk, huge when unpacked
    with pytest.raises(ValidationError) as exc:
        check_upload(upload("bom.docx", bomb))
    assert "bom ZIP" in messages(exc)
    assert sniff_kind(io.BytesIO(bomb)) is None


def test_message_without_a_field_when_asked():
    with pytest.raises(ValidationError) as exc:
        check_upload(upload("kosong.pdf", b""), field=None)
    assert not hasattr(exc.value, "error_dict")


def test_unknown_kind_names_are_a_programming_error():
    with pytest.raises(ValueError):
        check_upload(upload("surat.pdf", PDF), kinds=("pdf", "exe"))


def test_helpers():
    handle = io.BytesIO(PDF)
    assert file_size(handle) == len(PDF)
    assert file_sha256(handle) == hashlib.sha256(PDF).hexdigest()
    assert handle.tell() == 0
    assert accept_attribute(("pdf", "jpg")) == ".pdf,.jpeg,.jpg"


@given(st.integers(min_value=1, max_value=200))
def test_megabytes_label_of_whole_megabytes_has_no_decimals(mb):
    assert megabytes_label(mb * 1024 * 1024) == str(mb)


@given(st.integers(min_value=1, max_value=10 * 1024 * 1024))
def test_megabytes_label_uses_a_decimal_comma(size):
    label = megabytes_label(size)
    assert "." not in label
    assert abs(float(label.replace(",", ".")) - size / 1024 / 1024) <= 0.05 + 1e-9
