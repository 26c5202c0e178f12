"""Import of a board's existing action plan (.xlsx/.csv): header matching, preview, confirm,
re-import, source rows, bad files and permissions. Files are generated here with openpyxl."""

import datetime
import io
import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from hypothesis import given, settings
from hypothesis import strategies as st
from openpyxl import Workbook

from actions.models import Action, ActionPlan, Lead, Membership, StatusUpdate
from intake.models import ImportedRow, PlanImport
from intake.plans import PlanFileError, read_plan
from tests.html import html_errors, java_available

UPLOAD = "/intake/plans/"


def messy_workbook(rows=None, *, title_row=True):
    """A plan as boards keep them: a merged title row above the header, blank rows, synonyms."""
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "Action plan"
    if title_row:
        sheet["A1"] = "Family M – multi-agency action plan (updated March 2019)"
        sheet.merge_cells("A1:G1")
    sheet.append(
        [
            "Rec no",
            "What will be done",
            "Lead agency",
            "By when",
            "How will we know",
            "RAG",
            "Update",
        ]
    )
    sheet.append([])
    for row in rows or [
        [
            "1",
            "Audit supervision of neglect cases",
            "CCG",
            datetime.datetime(2019, 3, 31),
            "Audit shows 90% good supervision",
            "Green",
            "Audit tool agreed",
        ],
        [
            "1",
            "Train staff on professional challenge",
            "WSCB QA Lead",
            "March 2019",
            "Audit shows 90% good supervision",
            "Complete",
            "Delivered to 120 staff",
        ],
        [None, None, None, None, None, None, None],
        ["2", "Refresh the escalation policy", "Police", "Q2 2019", "", "Pending", ""],
        ["2", "Review threshold guidance", "Police", "soonish", "", "", ""],
        ["3", "", "CCG", "31/03/2019", "", "", "A note with no action"],
    ]:
        sheet.append(row)
    stream = io.BytesIO()
    workbook.save(stream)
    return stream.getvalue()


def upload(client, review, content, name="family-m-plan.xlsx"):
    return client.post(UPLOAD, {"review": review.pk, "file": SimpleUploadedFile(name, content)})


def confirm(client, preview):
    payload = re.search(r'name="payload" value="([^"]+)"', preview.content.decode())[1]
    return client.post(reverse("intake:plan-import-confirm"), {"payload": payload})


def test_reading_a_messy_workbook_finds_the_header_and_each_rows_fields(db):
    sheets = read_plan("plan.xlsx", messy_workbook())
    assert len(sheets) == 1
    sheet = sheets[0]
    assert sheet.header_row == 2
    assert sheet.columns["action"] == "What will be done"
    assert sheet.columns["status"] == "RAG"
    rows = {row.row_number: row for row in sheet.rows}
    assert sorted(rows) == [4, 5, 7, 8, 9]  # blank rows 3 and 6 skipped, numbers kept
    assert rows[4].due_date == datetime.date(2019, 3, 31)  # a real Excel date
    assert rows[4].deadline_text == "31/03/2019"
    assert rows[5].due_date == datetime.date(2019, 3, 31)  # “March 2019”
    assert rows[5].status == "complete"
    assert rows[7].due_date == datetime.date(2019, 6, 30)  # “Q2 2019”
    assert "“Pending” is not one this import knows" in rows[7].errors[0]
    assert "“soonish” is not a date" in rows[8].errors[0]
    assert "no action" in rows[9].errors[0]
    assert rows[4].errors == []


def test_preview_shows_each_rows_outcome_and_saves_nothing(client, board_manager, published_review):
    client.force_login(board_manager)
    response = upload(client, published_review, messy_workbook())
    assert response.status_code == 200
    html = response.content.decode()
    assert "2 new" in html and "3 with errors" in html
    assert html.count('tag--green">New') == 2
    assert "“Pending” is not one this import knows" in html
    assert "read as 30 Jun 2019" in html
    assert (
        "will be added (attach the people who hold them afterwards, in Admin › Leads): CCG, WSCB QA Lead."
        in html
    )
    assert Action.objects.count() == 0 and PlanImport.objects.count() == 0


def test_confirm_saves_actions_leads_plans_progress_and_source_rows(
    client, board_manager, published_review, board
):
    client.force_login(board_manager)
    response = confirm(client, upload(client, published_review, messy_workbook()))
    record = PlanImport.objects.get()
    assert response.status_code == 302 and response["Location"] == record.get_absolute_url()
    assert (record.created_count, record.error_count) == (2, 3)
    audit = Action.objects.get(description="Audit supervision of neglect cases")
    assert audit.due_date == datetime.date(2019, 3, 31)
    assert audit.lead.name == "CCG" and audit.lead.board == board
    assert audit.status == "in-progress"
    assert audit.plan.success_measure == "Audit shows 90% good supervision"
    assert audit.plan.title == "Recommendation 1"
    train = Action.objects.get(description="Train staff on professional challenge")
    assert train.plan == audit.plan
    assert train.status == "complete"
    update = StatusUpdate.objects.get(action=train)
    assert update.note == update.evidence == "Delivered to 120 staff"
    assert str(audit.source_row) == "family-m-plan.xlsx, sheet “Action plan”, row 4"
    assert ImportedRow.objects.count() == 2
    assert set(Lead.objects.filter(board=board).values_list("name", flat=True)) == {
        "CCG",
        "WSCB QA Lead",
    }
    detail = client.get(record.get_absolute_url()).content.decode()
    assert "Action plan, row 5" in detail and "Train staff" in detail


def test_reimporting_the_same_file_changes_nothing(client, board_manager, published_review):
    client.force_login(board_manager)
    confirm(client, upload(client, published_review, messy_workbook()))
    before = (
        list(Action.objects.values_list("pk", "version", "status", "description")),
        StatusUpdate.objects.count(),
        PlanImport.objects.count(),
        ActionPlan.objects.count(),
    )
    preview = upload(client, published_review, messy_workbook())
    assert "0 new, 0 to update, 2 unchanged" in preview.content.decode()
    response = confirm(client, preview)
    assert response.status_code == 302
    after = (
        list(Action.objects.values_list("pk", "version", "status", "description")),
        StatusUpdate.objects.count(),
        PlanImport.objects.count(),
        ActionPlan.objects.count(),
    )
    assert after == before
    assert "Nothing changed" in client.get(UPLOAD).content.decode()


def test_a_changed_row_is_an_update_of_its_action(client, board_manager, published_review):
    client.force_login(board_manager)
    confirm(client, upload(client, published_review, messy_workbook()))
    changed = messy_workbook(
        [
            [
                "1",
                "Audit supervision of neglect cases",
                "CCG",
                datetime.datetime(2019, 3, 31),
                "Audit shows 90% good supervision",
                "Red",
                "Audit delayed: staff shortage",
            ],
            [
                "1",
                "Train staff on professional challenge",
                "WSCB QA Lead",
                "March 2019",
                "Audit shows 90% good supervision",
                "Complete",
                "Delivered to 120 staff",
            ],
        ]
    )
    preview = upload(client, published_review, changed)
    html = preview.content.decode()
    assert "1 to update, 1 unchanged" in html and "Changed: progress, status" in html
    confirm(client, preview)
    audit = Action.objects.get(description="Audit supervision of neglect cases")
    assert audit.status == "at-risk"
    assert audit.updates.order_by("-pk").first().note == "Audit delayed: staff shortage"
    assert Action.objects.count() == 2


def test_a_csv_plan_with_other_headers_is_read(client, board_manager, published_review):
    text = (
        "Ref;Action;Lead officer;Target date;Status;Progress\n"
        "A1;Publish a neglect toolkit;Head of Service;31/12/2019;in progress;Draft out\n"
        "\n"
        "A2;Audit the toolkit's use;Head of Service;ongoing;not started;\n"
    )
    client.force_login(board_manager)
    preview = upload(client, published_review, text.encode("utf-8-sig"), name="plan.csv")
    assert "2 new" in preview.content.decode()
    confirm(client, preview)
    rows = dict(ImportedRow.objects.values_list("row_number", "action__description"))
    assert rows == {2: "Publish a neglect toolkit", 4: "Audit the toolkit's use"}
    audit = Action.objects.get(description="Audit the toolkit's use")
    assert audit.due_date is None and audit.deadline_text == "ongoing"


def broken_xlsx():
    return b"PK\x03\x04" + b"\x00" * 200


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("plan.pdf", b"%PDF-1.4 ...", "This kind of file cannot be imported"),
        ("plan.txt", b"Action,Lead\nx,y\n", "Choose an Excel workbook (.xlsx) or a CSV file"),
        ("plan.xlsx", b"", "The file is empty"),
        ("plan.xlsx", b"just text, named xlsx", "not an Excel workbook"),
        ("plan.xlsx", broken_xlsx(), "could not be read"),
        ("plan.csv", b"\x00\x01\x02binary", "not a CSV text file"),
        ("plan.csv", b"Name,Age\nAnn,3\n", "No action plan table was found"),
        ("plan.xlsx", b"PK" + b"x" * (2 * 1024 * 1024 + 10), "larger than 2 MB"),
    ],
)
def test_bad_files_get_a_clear_message_and_nothing_is_saved(
    client, board_manager, published_review, name, content, message
):
    client.force_login(board_manager)
    response = upload(client, published_review, content, name=name)
    assert response.status_code == 200
    assert message in response.content.decode()
    assert Action.objects.count() == 0


def test_too_many_rows_get_a_message(client, board_manager, published_review):
    rows = [[str(n), f"Action {n}", "CCG", "March 2019", "", "", ""] for n in range(2001)]
    client.force_login(board_manager)
    response = upload(client, published_review, messy_workbook(rows))
    assert "more than 2000 rows" in response.content.decode()


def test_a_tampered_or_stale_preview_is_refused(client, board_manager, published_review):
    client.force_login(board_manager)
    response = client.post(
        reverse("intake:plan-import-confirm"), {"payload": "forged"}, follow=True
    )
    assert "has expired" in response.content.decode()
    assert Action.objects.count() == 0


def test_only_board_managers_may_import(
    client, lead_user, user, published_review, dorset_action, django_user_model
):
    assert client.get(UPLOAD).status_code == 302  # anonymous: sign in
    for someone in (lead_user, user):
        client.force_login(someone)
        assert client.get(UPLOAD).status_code == 403
        assert upload(client, published_review, messy_workbook()).status_code == 403


def test_another_boards_manager_cannot_import_into_this_review(
    client, board_manager, published_review, dorset_action, django_user_model
):
    from reviews.models import Board

    dorset_manager = django_user_model.objects.create_user("dorset-manager", password="x")
    Membership.objects.create(
        user=dorset_manager, board=Board.objects.get(slug="dorset"), role="manager"
    )
    client.force_login(board_manager)
    preview = upload(client, published_review, messy_workbook())
    client.force_login(dorset_manager)
    response = upload(client, published_review, messy_workbook())
    assert "Choose one of your board&#x27;s reviews" in response.content.decode()
    assert confirm(client, preview).status_code == 403  # a Wiltshire preview replayed
    assert not Action.objects.filter(plan__review=published_review).exists()


def test_upload_page_query_count(
    client, board_manager, published_review, django_assert_num_queries
):
    """Session, user, the manager's boards, the review choices, recent imports."""
    client.force_login(board_manager)
    with django_assert_num_queries(5):
        client.get(UPLOAD)


def test_preview_query_count_is_constant(
    client, board_manager, published_review, django_assert_num_queries
):
    """Guards against N+1: session, user, the manager's boards, the chosen review, the earlier
    imports of the file, the board's lead names — whatever the number of rows."""
    client.force_login(board_manager)
    small = messy_workbook()
    big = messy_workbook(
        [[str(n), f"Action {n}", "CCG", "March 2019", "", "", ""] for n in range(60)]
    )
    with django_assert_num_queries(6):
        upload(client, published_review, small)
    with django_assert_num_queries(6):
        upload(client, published_review, big)


def test_import_detail_query_count_and_permission(
    client, board_manager, published_review, lead_user, django_assert_num_queries
):
    """Session, user, the manager's boards, the import, its rows with actions and leads."""
    client.force_login(board_manager)
    confirm(client, upload(client, published_review, messy_workbook()))
    record = PlanImport.objects.get()
    with django_assert_num_queries(5):
        client.get(record.get_absolute_url())
    client.force_login(lead_user)
    assert client.get(record.get_absolute_url()).status_code == 403


@settings(max_examples=60, deadline=None)
@given(
    name=st.sampled_from(["plan.csv", "plan.xlsx", "plan.CSV", "plan"]),
    content=st.one_of(
        st.binary(max_size=400),
        st.text(max_size=400).map(lambda text: text.encode("utf-8")),
        st.binary(max_size=400).map(lambda data: b"PK\x03\x04" + data),
    ),
)
def test_any_file_is_read_or_refused_with_a_message(name, content):
    """No input makes the reader fail otherwise than with PlanFileError (a message, no 500)."""
    try:
        sheets = read_plan(name, content)
    except PlanFileError as error:
        assert str(error)
    else:
        assert all(row.row_number > sheet.header_row for sheet in sheets for row in sheet.rows)


@pytest.mark.skipif(not java_available(), reason="the HTML checker needs Java")
def test_plan_import_pages_are_valid_html(client, board_manager, published_review):
    client.force_login(board_manager)
    preview = upload(client, published_review, messy_workbook())
    confirm(client, preview)
    pages = {
        "upload": client.get(UPLOAD).content.decode(),
        "upload with errors": upload(client, published_review, b"", name="x.pdf").content.decode(),
        "preview": upload(client, published_review, messy_workbook()).content.decode(),
        "detail": client.get(PlanImport.objects.get().get_absolute_url()).content.decode(),
    }
    assert html_errors(pages) == []
