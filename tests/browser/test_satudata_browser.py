"""Satu Data in a real browser, issue #6 end to end: a producer uploads a file for a Daftar
Data entry and reads its validation report, the walidata returns it once and publishes it the
second time, the dataset page shows preview, chart and map, the CSV downloads, and the
unmodified `ckanapi` command line lists and dumps the dataset from the live server.

Uploaded files are processed by the real task worker (`db_worker --batch`) in the test thread
while the page polls its htmx progress bar, which reloads the page when processing ends."""

from __future__ import annotations

import csv
import io
import json
import os
import re
import signal
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.management import call_command

from kotacerdas.opendata.models import Dataset, DatasetState, Submission, SubmissionStatus, Topic
from kotacerdas.opendata.tests.factories import KECAMATAN_CSV, ProducerFactory, WalidataFactory
from kotacerdas.opendata.tests.workflow_support import make_entry
from tests.browser.conftest import axe_violations
from tests.browser.test_shell import sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

CKANAPI = str(Path(sys.executable).with_name("ckanapi"))
# `ckanapi dump` starts its workers as `ckanapi` from PATH.
CKANAPI_ENV = {
    **os.environ,
    "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ['PATH']}",
}
PERIOD = "2025-Q1"
# Row 3: a kecamatan code that does not exist; row 4: a count that is not a number.
INVALID_CSV = (
    "tahun,kode_kecamatan,jumlah,keterangan\n"
    "2025,32.75.01,251000,Bekasi Timur\n"
    "2025,32.75.99,100,Tidak ada\n"
    "2025,32.75.02,banyak,Bekasi Barat\n"
)
# The producer's answer to the walidata's note: every row described.
FIXED_CSV = KECAMATAN_CSV + "2025,32.75.04,290000,Rawalumbu\n"
RETURN_NOTE = "Kecamatan Rawalumbu belum ada; lengkapi lalu kirim ulang."


def run_task_worker() -> None:
    """The django_tasks_db worker, until the queue is empty (as `make run` runs it)."""
    from django_tasks_db.models import DBTaskResult

    signals = [signal.SIGINT, signal.SIGTERM, signal.SIGQUIT]
    handlers = {number: signal.getsignal(number) for number in signals}
    try:
        call_command("db_worker", "--batch", "--no-startup-delay", "--no-reload", verbosity=0)
    finally:
        for number, handler in handlers.items():  # the worker installs its own
            signal.signal(number, handler)
    assert not DBTaskResult.objects.failed().exists(), list(
        DBTaskResult.objects.failed().values_list("traceback", flat=True)
    )
    assert not DBTaskResult.objects.ready().exists()


def new_page(browser, live_server):
    context = browser.new_context(
        base_url=live_server.url, viewport={"width": 1280, "height": 900}, locale="id-ID"
    )
    context.set_default_timeout(15_000)
    page = context.new_page()
    page.js_errors = []
    page.on("pageerror", lambda error: page.js_errors.append(str(error)))
    return page


def upload(page, entry, text: str, name: str, screenshot=None) -> Submission:
    """From the entry page: the period's "Unggah" button, the form, then the worker; returns
    the processed submission once the progress bar has reloaded the page."""
    page.goto(f"/satudata/kelola/daftar/{entry.pk}/")
    row = page.locator("[data-testid=period-table] tbody tr", has_text=PERIOD)
    row.get_by_role("link", name="Unggah").click()
    page.wait_for_load_state()
    assert page.get_by_label("Periode").input_value() == PERIOD  # chosen by the link
    if screenshot:
        screenshot(page, "upload")
        assert axe_violations(page) == []
    page.get_by_label("Berkas data (CSV atau XLSX)").set_input_files(
        {"name": name, "mimeType": "text/csv", "buffer": text.encode("utf-8")}
    )
    page.get_by_role("button", name="Kirim").click()
    page.wait_for_load_state()
    assert page.get_by_text("Berkas diterima dan sedang divalidasi").is_visible()
    progress = page.get_by_role("progressbar", name="Kemajuan validasi")
    assert progress.is_visible()  # nothing processed it yet
    submission = Submission.objects.latest("pk")
    assert submission.status == SubmissionStatus.VALIDATING

    run_task_worker()
    # The htmx poll sees the end of processing and reloads the page (HX-Refresh).
    page.wait_for_selector("[data-testid=report-valid], [data-testid=report-invalid]")
    assert page.locator("[data-testid=progress]").count() == 0
    submission.refresh_from_db()
    return submission


def review(page, submission, button: str, note: str = "", screenshot=None) -> None:
    """The walidata's action from the submission page, through its confirmation page."""
    page.goto(f"/satudata/kelola/kiriman/{submission.pk}/")
    page.locator("[data-testid=actions]").get_by_role("link", name=button).click()
    page.wait_for_load_state()
    assert page.get_by_role("heading", name=button).is_visible()
    if screenshot:
        screenshot(page, "confirm")
        assert axe_violations(page) == []
    before = Submission.objects.get(pk=submission.pk).status
    if note:
        page.get_by_label("Catatan").fill(note)
    assert Submission.objects.get(pk=submission.pk).status == before  # the GET changed nothing
    page.get_by_role("button", name=f"Ya, {button.lower()}").click()
    page.wait_for_load_state()
    assert page.url.endswith(f"/satudata/kelola/kiriman/{submission.pk}/")


def open_from_queue(page, submission, screenshot=None) -> None:
    page.goto("/satudata/kelola/antrean/")
    if screenshot:
        screenshot(page, "queue")
        assert axe_violations(page) == []
    table = page.locator("[data-testid=submission-table]")
    assert table.get_by_role("link", name=str(submission.pk), exact=True).is_visible()
    table.get_by_role("link", name=str(submission.pk), exact=True).click()
    page.wait_for_load_state()
    assert page.get_by_role("heading", name=f"Kiriman #{submission.pk}").is_visible()


def canvas_has_pixels(page, selector: str) -> bool:
    return page.evaluate(
        """(selector) => {
            const canvas = document.querySelector(selector);
            const context = canvas.getContext("2d");
            const data = context.getImageData(0, 0, canvas.width, canvas.height).data;
            for (let i = 3; i < data.length; i += 4) { if (data[i] !== 0) return true; }
            return false;
        }""",
        selector,
    )


def ckanapi(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [CKANAPI, *args], capture_output=True, text=True, timeout=120, env=CKANAPI_ENV
    )


def test_upload_report_return_publish_portal_and_ckanapi(
    page, browser, live_server, screenshot, tmp_path
):
    walidata = WalidataFactory()
    producer = ProducerFactory()
    entry = make_entry(
        walidata,
        producer.agency,
        title="Jumlah penduduk per kecamatan (uji peramban)",
        topic=Topic.objects.get(name="kependudukan"),
    )

    # The producer: an invalid file first, with its report row by row.
    sign_in(page, producer)
    first = upload(page, entry, INVALID_CSV, "penduduk-salah.csv", screenshot=screenshot)
    assert first.status == SubmissionStatus.INVALID
    assert page.locator("[data-testid=report-invalid]").is_visible()
    report = page.locator("[data-testid=report-table] tbody tr")
    rows = {cells[0]: cells for cells in (r.locator("td").all_inner_texts() for r in report.all())}
    assert set(rows) == {"3", "4"}
    assert rows["3"][1:3] == ["kode_kecamatan", "32.75.99"]
    assert "Baris 3, kolom kode_kecamatan" in rows["3"][3]
    assert "kecamatan" in rows["3"][3].lower()
    assert rows["4"][1:3] == ["jumlah", "banyak"]
    assert "Baris 4, kolom jumlah" in rows["4"][3]
    assert "bilangan bulat" in rows["4"][3]
    assert page.locator("[data-testid=preview-table]").count() == 0  # nothing loaded
    screenshot(page, "report-invalid")
    assert axe_violations(page) == []

    # A valid file: submitted, waiting for the walidata.
    second = upload(page, entry, KECAMATAN_CSV, "penduduk.csv")
    assert second.status == SubmissionStatus.SUBMITTED
    assert "Berkas valid: 3 baris" in page.locator("[data-testid=report-valid]").inner_text()
    assert page.locator("[data-testid=preview-table] tbody tr").count() == 3
    assert page.locator("[data-testid=actions]").count() == 0  # producers do not review
    screenshot(page, "report-valid")

    # The walidata returns it with a note.
    walidata_page = new_page(browser, live_server)
    sign_in(walidata_page, walidata)
    open_from_queue(walidata_page, second, screenshot=screenshot)
    review(walidata_page, second, "Kembalikan ke produsen", RETURN_NOTE, screenshot=screenshot)
    assert walidata_page.get_by_text(
        "Kiriman dikembalikan ke produsen dengan catatan."
    ).is_visible()
    second.refresh_from_db()
    assert (second.status, second.review_notes) == (SubmissionStatus.RETURNED, RETURN_NOTE)

    # The producer reads the note and sends the file again.
    page.goto(f"/satudata/kelola/kiriman/{second.pk}/")
    assert page.locator("[data-testid=review-notes]").inner_text() == RETURN_NOTE
    third = upload(page, entry, FIXED_CSV, "penduduk-lengkap.csv")
    assert third.status == SubmissionStatus.SUBMITTED
    assert page.locator("[data-testid=preview-table] tbody tr").count() == 4

    # The walidata checks it, then publishes it.
    open_from_queue(walidata_page, third)
    review(walidata_page, third, "Tandai sudah diperiksa")
    assert walidata_page.get_by_text("Kiriman ditandai sudah diperiksa.").is_visible()
    review(walidata_page, third, "Terbitkan", "Rilis pertama.")
    assert walidata_page.get_by_text("Data diterbitkan sebagai versi 1 dataset").is_visible()
    third.refresh_from_db()
    assert third.status == SubmissionStatus.PUBLISHED
    dataset = Dataset.objects.get(data_list_entries=entry)
    assert dataset.state == DatasetState.ACTIVE and dataset.is_public
    screenshot(walidata_page, "published")
    assert walidata_page.js_errors == []
    walidata_page.context.close()

    # The public: the portal lists it, its page has preview, chart, map and downloads.
    visitor = new_page(browser, live_server)
    visitor.goto("/satudata/?q=penduduk")
    visitor.get_by_role("link", name=dataset.title).first.click()
    visitor.wait_for_load_state()
    assert visitor.url.endswith(f"/satudata/dataset/{dataset.name}/")
    assert visitor.locator("[data-testid=version]").inner_text() == "1"
    preview = visitor.locator("[data-testid=preview] tbody tr")
    assert preview.count() == 4
    assert "32.75.04" in preview.nth(3).inner_text()
    assert "Rawalumbu" in preview.nth(3).inner_text()

    # The chart: the count per kecamatan (not the year of the primary key), drawn and tabled.
    visitor.wait_for_selector("#grafik-kanvas[data-loaded='4']")
    assert visitor.get_by_label("Kolom nilai").first.input_value() == "jumlah"
    assert canvas_has_pixels(visitor, "#grafik-kanvas")
    visitor.get_by_text("Angka grafik (tabel)").click()
    chart_rows = visitor.locator("#grafik-tabel tbody tr").all_inner_texts()
    assert chart_rows[3].split("\t") == ["32.75.04", "290.000"]
    # The map: every kecamatan of Kota Bekasi, the 4 with a value shaded, the others grey.
    visitor.wait_for_selector("#peta-dataset[data-loaded='4']")
    shapes = visitor.locator("#peta-dataset path.leaflet-interactive")
    assert shapes.count() == 12
    fills = [shape.get_attribute("fill") for shape in shapes.all()]
    assert fills.count("#d9d9d9") == 8
    assert len(set(fills) - {"#d9d9d9"}) >= 2  # different values, different shades
    box = visitor.locator("#peta-dataset").bounding_box()
    assert box["width"] > 300 and box["height"] > 200
    screenshot(visitor, "dataset")
    assert axe_violations(visitor) == []

    resources = visitor.locator("[data-testid=resources]")
    with visitor.expect_download() as download_info:
        resources.get_by_role("link", name=re.compile(r"^Unduh .* sebagai CSV$")).click()
    downloaded = Path(download_info.value.path()).read_text(encoding="utf-8-sig")
    records = list(csv.DictReader(io.StringIO(downloaded)))
    assert [r["kode_kecamatan"] for r in records] == [
        "32.75.01",
        "32.75.02",
        "32.75.03",
        "32.75.04",
    ]
    assert records[3]["jumlah"] == "290000"
    assert visitor.js_errors == []
    visitor.context.close()

    # The unmodified ckanapi command line against the live server.
    portal = live_server.url + "/satudata"
    listed = ckanapi("action", "package_list", "-r", portal)
    assert listed.returncode == 0, listed.stderr
    assert json.loads(listed.stdout) == [dataset.name]
    output = tmp_path / "datasets.jsonl"
    dumped = ckanapi("dump", "datasets", "--all", "-r", portal, "-O", str(output), "-p", "1", "-q")
    assert dumped.returncode == 0, dumped.stderr
    [record] = [json.loads(line) for line in output.read_text().splitlines()]
    assert record["name"] == dataset.name
    assert record["title"] == dataset.title
    assert record["organization"]["title"] == producer.agency.name
    assert [group["name"] for group in record["groups"]] == ["kependudukan"]
    assert record["resources"][0]["format"] == "CSV"
    assert record["resources"][0]["datastore_active"] is True
    assert page.js_errors == []
