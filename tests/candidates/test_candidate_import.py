"""Importing candidates from CSV or Excel: preview, errors by line, all or nothing."""

from __future__ import annotations

import io
import zipfile
from html import unescape

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client, TestCase
from django.urls import reverse
from openpyxl import Workbook

from coappoint.audit.models import AuditEvent
from coappoint.campaigns.models import Candidate
from coappoint.candidates.importing import EXAMPLE_CSV, MAX_IMPORT_BYTES, MAX_XLSX_UNPACKED_BYTES
from coappoint.candidates.services import IMPORT_IN_A_TASK_FROM_ROWS
from coappoint.candidates.tasks import import_candidates_task
from coappoint.jobs.models import Job
from coappoint.organisations.models import Role
from tests.factories import CampaignFactory, CandidateFactory, staff_member

pytestmark = pytest.mark.django_db

GOOD_CSV = (
    "First Name,Last Name,Chosen name,EMAIL,phone\n"
    "Samira,Ahmed,Sam,samira@example.com,07700 900 982\n"
    "Jonathan,Price,,jon@example.com,\n"
)


def _url(name: str, campaign) -> str:
    return reverse(f"candidates:{name}", args=[campaign.organisation.slug, campaign.pk])


def _csv(text: str, name: str = "candidates.csv") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, text.encode(), content_type="text/csv")


def _xlsx(rows: list[list[object]]) -> SimpleUploadedFile:
    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return SimpleUploadedFile(
        "candidates.xlsx",
        buffer.getvalue(),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )


@pytest.fixture
def campaign():
    return CampaignFactory.create()


@pytest.fixture
def manager(client: Client, campaign):
    user = staff_member(campaign.organisation, Role.PROGRAMME_MANAGER)
    client.force_login(user)
    return user


def test_a_csv_is_previewed_before_anything_is_imported(client: Client, campaign, manager) -> None:
    response = client.post(_url("import", campaign), {"file": _csv(GOOD_CSV)})

    assert response["Location"] == _url("import_preview", campaign)
    assert not Candidate.objects.exists()
    preview = client.get(_url("import_preview", campaign)).content.decode()
    assert "Check the candidates before you import them" in preview
    assert "samira@example.com" in preview
    assert "jon@example.com" in preview
    assert "Import 2 candidates" in preview
    # A reload shows the same preview: the rows wait in the session, not in a re-upload.
    assert "samira@example.com" in client.get(_url("import_preview", campaign)).content.decode()


def test_confirming_imports_every_row_and_writes_one_audit_row(
    client: Client, campaign, manager
) -> None:
    client.post(_url("import", campaign), {"file": _csv(GOOD_CSV)})

    response = client.post(_url("import_preview", campaign))

    assert response["Location"] == _url("list", campaign)
    assert sorted(Candidate.objects.values_list("first_name", "chosen_name", "phone")) == [
        ("Jonathan", "", ""),
        ("Samira", "Sam", "07700 900 982"),
    ]
    audit = AuditEvent.objects.get(action="candidates.imported")
    assert (audit.actor_kind, audit.actor_id) == ("staff", manager.pk)
    assert audit.after == {"file": "candidates.csv", "candidates": 2}
    assert "2 candidates have been imported" in client.get(_url("list", campaign)).content.decode()
    # The held rows are gone: confirming twice cannot import twice.
    assert client.get(_url("import_preview", campaign))["Location"] == _url("import", campaign)


def test_an_excel_file_is_imported_too(client: Client, campaign, manager) -> None:
    upload = _xlsx(
        [
            ["first name", "last name", "chosen name", "email", "phone"],
            ["Grace", "Okafor", None, "grace@example.com", "01632 960 001"],
        ]
    )
    client.post(_url("import", campaign), {"file": upload})
    client.post(_url("import_preview", campaign))

    grace = Candidate.objects.get()
    assert (grace.first_name, grace.last_name, grace.phone) == ("Grace", "Okafor", "01632 960 001")


def test_every_bad_row_is_reported_with_its_line_and_field_and_nothing_is_imported(
    client: Client, campaign, manager
) -> None:
    bad = (
        "first name,last name,email\n"
        "Samira,Ahmed,samira@example.com\n"
        ",Price,jon@example.com\n"
        "Grace,Okafor,grace@example\n"
        "Sam,Ahmed,SAMIRA@example.com\n"
    )
    response = client.post(_url("import", campaign), {"file": _csv(bad)})

    html = unescape(response.content.decode())
    assert response.status_code == 400
    assert "<title>Error:" in html
    assert "Line 3: enter the candidate's first name" in html
    assert "Line 4: enter an email address in the correct format, like name@example.com" in html
    assert "Line 5: the email address is also on line 2" in html
    assert "The file has 3 problems" in html
    assert not Candidate.objects.exists()
    assert client.get(_url("import_preview", campaign))["Location"] == _url("import", campaign)


def test_a_candidate_already_in_the_campaign_is_reported_as_a_duplicate(
    client: Client, campaign, manager
) -> None:
    CandidateFactory.create(campaign=campaign, email="jon@example.com")
    response = client.post(_url("import", campaign), {"file": _csv(GOOD_CSV)})
    assert response.status_code == 400
    assert "Line 3: a candidate with this email address is already in this campaign" in (
        response.content.decode()
    )


def test_a_candidate_added_after_the_preview_stops_the_whole_import(
    client: Client, campaign, manager
) -> None:
    client.post(_url("import", campaign), {"file": _csv(GOOD_CSV)})
    CandidateFactory.create(campaign=campaign, email="jon@example.com")

    response = client.post(_url("import_preview", campaign))

    assert response.status_code == 400
    assert "Line 3: a candidate with this email address is already in this campaign" in (
        response.content.decode()
    )
    assert Candidate.objects.count() == 1
    assert not AuditEvent.objects.filter(action="candidates.imported").exists()


def test_missing_columns_are_named(client: Client, campaign, manager) -> None:
    response = client.post(_url("import", campaign), {"file": _csv("name,mail\nSam,s@x.com\n")})
    html = unescape(response.content.decode())
    assert 'Line 1: add a column headed "first name"' in html
    assert 'Line 1: add a column headed "email"' in html


@pytest.mark.parametrize(
    ("upload", "message"),
    [
        (None, "Select a CSV or Excel file of candidates"),
        (SimpleUploadedFile("candidates.csv", b""), "The selected file is empty"),
        (
            SimpleUploadedFile("candidates.pdf", b"%PDF-1.4"),
            "The selected file must be a CSV or an Excel file (.xlsx)",
        ),
        (
            SimpleUploadedFile("candidates.csv", b"a" * (MAX_IMPORT_BYTES + 1)),
            "The selected file must be smaller than 2MB",
        ),
        (
            SimpleUploadedFile("candidates.xlsx", b"not a spreadsheet"),
            "The selected file could not be read",
        ),
    ],
)
def test_files_that_cannot_be_used_get_a_clear_message(
    client: Client, campaign, manager, upload, message
) -> None:
    data = {"file": upload} if upload is not None else {}
    response = client.post(_url("import", campaign), data)

    html = unescape(response.content.decode())
    assert response.status_code == 400
    assert message in html
    assert 'href="#id_file"' in html


def test_cancelling_the_preview_drops_the_held_rows(client: Client, campaign, manager) -> None:
    client.post(_url("import", campaign), {"file": _csv(GOOD_CSV)})
    response = client.post(_url("import_preview", campaign), {"cancel": "1"})
    assert response["Location"] == _url("import", campaign)
    assert not Candidate.objects.exists()
    assert client.get(_url("import_preview", campaign)).status_code == 302


def test_the_example_file_downloads_and_imports_cleanly(client: Client, campaign, manager) -> None:
    response = client.get(_url("import_example", campaign))
    assert response["Content-Disposition"] == 'attachment; filename="candidates-example.csv"'
    assert response.content.decode() == EXAMPLE_CSV

    client.post(_url("import", campaign), {"file": _csv(EXAMPLE_CSV)})
    client.post(_url("import_preview", campaign))
    assert Candidate.objects.count() == 3


def _rewritten_xlsx(change: dict[str, bytes]) -> SimpleUploadedFile:
    """A real spreadsheet with some of its XML parts replaced, as an attacker would."""
    original = _xlsx([["first name", "last name"], ["Samira", "Ahmed"]]).read()
    buffer = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(original)) as source,
        zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as target,
    ):
        for item in source.infolist():
            target.writestr(item.filename, change.get(item.filename, source.read(item)))
        for name, data in change.items():
            if name not in source.namelist():
                target.writestr(name, data)
    return SimpleUploadedFile("candidates.xlsx", buffer.getvalue())


LAUGHS = (
    b'<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">'
    b'<!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">]>'
    b'<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
    b'<sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>&lol2;</t></is></c></row>'
    b"</sheetData></worksheet>"
)


def test_a_spreadsheet_declaring_a_document_type_is_refused_in_plain_words(
    client: Client, campaign, manager
) -> None:
    upload = _rewritten_xlsx({"xl/worksheets/sheet1.xml": LAUGHS})

    response = client.post(_url("import", campaign), {"file": upload})

    assert response.status_code == 400
    assert "a document type declaration" in unescape(response.content.decode())


def test_a_small_spreadsheet_that_unpacks_to_gigabytes_is_refused_at_once(
    client: Client, campaign, manager
) -> None:
    # Compresses to a few kilobytes, unpacks past the limit.
    bomb = b"<sst><si><t>" + b"A" * (MAX_XLSX_UNPACKED_BYTES + 1) + b"</t></si></sst>"
    upload = _rewritten_xlsx({"xl/sharedStrings.xml": bomb})
    assert upload.size is not None
    assert upload.size < MAX_IMPORT_BYTES

    response = client.post(_url("import", campaign), {"file": upload})

    assert response.status_code == 400
    assert "unpacks to far more than a list of candidates needs" in unescape(
        response.content.decode()
    )


# --- A large file, imported by the task worker (issue 17) ------------------------------------


def _large_csv(count: int) -> str:
    lines = [f"Person{i},Number{i},,person{i}@example.com," for i in range(count)]
    return "first name,last name,chosen name,email,phone\n" + "\n".join(lines) + "\n"


def _job_url(campaign, job: Job) -> str:
    return reverse("candidates:import_job", args=[campaign.organisation.slug, campaign.pk, job.pk])


def test_a_large_file_is_imported_by_the_worker_while_the_page_shows_progress(
    client: Client, campaign, manager
) -> None:
    count = IMPORT_IN_A_TASK_FROM_ROWS + 20
    client.post(_url("import", campaign), {"file": _csv(_large_csv(count))})

    with TestCase.captureOnCommitCallbacks(execute=False):  # no worker yet
        confirmed = client.post(_url("import_preview", campaign))

    job = Job.objects.get(campaign=campaign, kind=Job.Kind.IMPORT_CANDIDATES)
    assert confirmed["Location"] == f"{_url('import', campaign)}?job={job.pk}"
    waiting = unescape(client.get(confirmed["Location"]).content.decode())
    assert "Importing candidates" in waiting
    assert "Waiting for the task worker to start it." in waiting
    assert f'hx-get="{_job_url(campaign, job)}"' in waiting
    assert not Candidate.objects.exists()
    # The rows left the session for the job: confirming again cannot import twice.
    assert client.get(_url("import_preview", campaign))["Location"] == _url("import", campaign)

    import_candidates_task.enqueue(job.pk)  # what the worker does with the queued task
    polled = client.get(_job_url(campaign, job), headers={"HX-Request": "true"})
    done = unescape(client.get(confirmed["Location"]).content.decode())

    assert polled["HX-Refresh"] == "true"
    assert Candidate.objects.filter(campaign=campaign).count() == count
    assert f"{count} candidates have been imported" in done
    job.refresh_from_db()
    assert job.parameters == {}  # names and addresses are not kept in the job once used
    audit = AuditEvent.objects.get(action="candidates.imported")
    assert (audit.actor_kind, audit.actor_id) == ("staff", manager.pk)


def test_a_large_import_refused_in_the_worker_lists_the_lines_to_fix(
    client: Client, campaign, manager
) -> None:
    client.post(
        _url("import", campaign),
        {"file": _csv(_large_csv(IMPORT_IN_A_TASK_FROM_ROWS))},
    )
    with TestCase.captureOnCommitCallbacks(execute=False):
        confirmed = client.post(_url("import_preview", campaign))
    CandidateFactory.create(campaign=campaign, email="person7@example.com")
    job = Job.objects.get(campaign=campaign)

    import_candidates_task.enqueue(job.pk)
    page = unescape(client.get(confirmed["Location"]).content.decode())

    assert "Line 9: a candidate with this email address is already in this campaign" in page
    assert "Nothing has been imported." in page
    assert Candidate.objects.filter(campaign=campaign).count() == 1
    job.refresh_from_db()
    assert job.state == Job.State.FAILED
    assert job.parameters == {}


def test_another_councils_staff_cannot_follow_an_import(client: Client, campaign) -> None:
    owner = Client()
    owner.force_login(staff_member(campaign.organisation, Role.PROGRAMME_MANAGER))
    owner.post(
        _url("import", campaign),
        {"file": _csv(_large_csv(IMPORT_IN_A_TASK_FROM_ROWS))},
    )
    with TestCase.captureOnCommitCallbacks(execute=False):
        owner.post(_url("import_preview", campaign))
    job = Job.objects.get(campaign=campaign)
    other = CampaignFactory.create()
    client.force_login(staff_member(other.organisation, Role.PROGRAMME_MANAGER))

    foreign = reverse("candidates:import_job", args=[other.organisation.slug, campaign.pk, job.pk])
    theirs = reverse("candidates:import_job", args=[other.organisation.slug, other.pk, job.pk])
    assert client.get(foreign, headers={"HX-Request": "true"}).status_code == 404
    assert client.get(theirs, headers={"HX-Request": "true"}).status_code == 404
