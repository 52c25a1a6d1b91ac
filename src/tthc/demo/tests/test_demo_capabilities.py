"""The capabilities' demo data: the files it attaches, and each capability's own tally of what it loaded."""

import datetime
import importlib
import re
from pathlib import Path

import filetype
import pypdfium2
import pytest
from django.apps import apps

from tthc.core.timezone import VIETNAM
from tthc.demo.files import demo_pdf
from tthc.demo.services import (
    CAPABILITY_DEMOS,
    DEMO_PASSWORD,
    DEMO_PROVINCE_CODE,
    agency_specs,
    load_demo,
    load_procedures,
    procedure_records,
    sync_agencies,
    sync_users,
    user_specs,
)
from tthc.organisation.services import load_units

NOW = datetime.datetime(2026, 3, 2, 9, 0, tzinfo=VIETNAM)


def stored_files(media: Path) -> list[Path]:
    return sorted(path for path in media.rglob("*") if path.is_file())


def test_the_demo_pdf_is_a_pdf_a_viewer_opens():
    data = demo_pdf("Thu kien nghi (ban chup)", "Dong hai \\ ba")

    assert filetype.guess(data).extension == "pdf" and len(data) < 1024
    document = pypdfium2.PdfDocument(data)
    assert len(document) == 1
    assert document[0].get_textpage().get_text_range().split() == [
        "Thu",
        "kien",
        "nghi",
        "(ban",
        "chup)",
        "Dong",
        "hai",
        "\\",
        "ba",
    ]
    # Every offset of the cross-reference table points at its object, and startxref at the table.
    xref = int(re.search(rb"startxref\n(\d+)\n%%EOF\n$", data).group(1))
    assert data[xref:].startswith(b"xref\n0 6\n")
    offsets = re.findall(rb"(\d{10}) 00000 n ", data[xref:])
    assert [data[int(offset) :].split(b"\n", 1)[0] for offset in offsets] == [
        b"%d 0 obj" % n for n in range(1, 6)
    ]


def test_the_demo_pdf_refuses_text_its_font_cannot_show():
    with pytest.raises(UnicodeEncodeError):
        demo_pdf("Thư kiến nghị")


@pytest.mark.django_db
def test_the_demo_attaches_a_letter_scan_and_a_plan_evidence_once(media):
    from tthc.feedback.models import FeedbackAttachment
    from tthc.plans.models import Evidence

    load_demo(now=NOW)
    files = stored_files(media)
    load_demo(now=NOW + datetime.timedelta(days=1))

    attachment = FeedbackAttachment.objects.select_related("feedback").get()
    assert attachment.feedback.channel == "letter" and attachment.name == "thu-kien-nghi-ban-chup.pdf"
    evidence = Evidence.objects.select_related("report__reported_by").get()
    assert evidence.name == "Công văn gửi kế hoạch.pdf" and evidence.report.reported_by.username == "kiemsoat"
    for stored, size in ((attachment.file, attachment.size), (evidence.file, evidence.size)):
        with stored.open("rb") as file:
            data = file.read()
        assert data.startswith(b"%PDF-1.4") and len(data) == size
    assert {Path(attachment.file.path), Path(evidence.file.path)} <= set(files)
    assert stored_files(media) == files, "a second load stores nothing"


@pytest.mark.django_db
def test_each_capabilitys_own_tally_counts_its_main_records(media):
    load_units(province_code=DEMO_PROVINCE_CODE)
    sync_agencies(specs=agency_specs())
    sync_users(specs=user_specs(), password=DEMO_PASSWORD)
    load_procedures(records=procedure_records(), now=NOW)

    for module_name, model_label in CAPABILITY_DEMOS.items():
        load = importlib.import_module(module_name).load_demo_data
        first = load(now=NOW)
        count = apps.get_model(model_label).objects.count()
        again = load(now=NOW)
        assert count > 0
        assert (first.created, first.updated, first.unchanged) == (count, 0, 0), module_name
        assert (again.created, again.updated, again.unchanged) == (0, 0, count), module_name
