"""Exports of the filtered tracker (CSV, XLSX), the iCalendar feed, and deadline reminders."""

import csv
import io
from datetime import timedelta

import icalendar
import pytest
from django.core import mail
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from actions.models import CalendarFeedToken
from tests.actions.test_pages import many_actions

TODAY = timezone.localdate()


def read_csv(response):
    assert response.streaming  # CSV exports stream (core/exports.py)
    text = b"".join(response.streaming_content).decode("utf-8")
    assert text.startswith("\ufeff")
    return list(csv.reader(io.StringIO(text[1:])))


def test_csv_export_has_the_filtered_rows(client, user, make_action):
    make_action(description="Overdue one", due_date=TODAY - timedelta(days=1))
    make_action(description="Later one")
    client.force_login(user)
    response = client.get(reverse("actions:export-csv"), {"flag": "overdue"})
    assert response["Content-Type"].startswith("text/csv")
    assert "attachment" in response["Content-Disposition"]
    rows = read_csv(response)
    assert rows[0][:5] == ["Ref.", "Board", "Review", "Finding or recommendation", "Action"]
    assert [row[4] for row in rows[1:]] == ["Overdue one"]
    assert rows[1][rows[0].index("Overdue")] == "Yes"
    assert rows[1][rows[0].index("RAG")] == "Red"


def test_csv_export_defuses_spreadsheet_formulas(client, user, make_action):
    make_action(description='=HYPERLINK("http://evil.example","click")')
    client.force_login(user)
    rows = read_csv(client.get(reverse("actions:export-csv")))
    assert rows[1][4].startswith("'=")


def test_xlsx_export_has_the_filtered_rows_and_no_formulas(client, user, make_action):
    make_action(description="=1+1", due_date=TODAY - timedelta(days=1))
    make_action(description="Later one")
    client.force_login(user)
    response = client.get(reverse("actions:export-xlsx"), {"flag": "overdue"})
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][4] == "Action"
    assert len(rows) == 2
    assert rows[1][4] == "=1+1"
    assert sheet.cell(row=2, column=5).data_type == "s"  # text, not a formula
    assert rows[1][8].date() == TODAY - timedelta(days=1)


def test_exports_query_count_is_constant(client, user, make_action, django_assert_num_queries):
    """Guards against N+1: session, user, the user's lead and board ids, one query for all rows
    (latest note and evidence as subqueries), one for the lead holders of each 2,000 rows, and
    the boards whose progress the user may read, for CSV and XLSX alike. Four, was three: the
    ids decide the tracker's scope (a lead's or a manager's boards unless they ask for all),
    which the exports follow; six since the exports carry holders and notes (issue #13)."""
    many_actions(make_action, 10)
    client.force_login(user)
    with django_assert_num_queries(6):
        b"".join(client.get(reverse("actions:export-csv")).streaming_content)
    many_actions(make_action, 10)
    with django_assert_num_queries(6):
        client.get(reverse("actions:export-xlsx"))


@pytest.fixture
def feed_token(lead_user):
    """The lead's calendar feed token."""
    from actions.services import regenerate_calendar_token

    return regenerate_calendar_token(user=lead_user)


def test_calendar_feed_lists_the_users_dated_actions(
    client, feed_token, make_action, dorset_action
):
    make_action(description="Dated action", due_date=TODAY + timedelta(days=5))
    make_action(description="Ongoing action", due_date=None, deadline_text="ongoing")
    response = client.get(feed_token.get_absolute_url())
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/calendar")
    calendar = icalendar.Calendar.from_ical(response.content)
    events = list(calendar.walk("VEVENT"))
    assert [str(event["summary"]) for event in events] == ["Due: Dated action"]
    assert events[0].decoded("dtstart") == TODAY + timedelta(days=5)
    assert "/actions/" in str(events[0]["url"])


def test_calendar_feed_uses_the_revised_due_date(client, feed_token, make_action):
    make_action(due_date=TODAY, revised_due_date=TODAY + timedelta(days=40))
    events = list(
        icalendar.Calendar.from_ical(client.get(feed_token.get_absolute_url()).content).walk(
            "VEVENT"
        )
    )
    assert events[0].decoded("dtstart") == TODAY + timedelta(days=40)
    assert "Revised from the original due date" in str(events[0]["description"])


def test_calendar_feed_with_an_unknown_token_is_not_found(client, db):
    assert client.get(reverse("actions:calendar-feed", args=["nope"])).status_code == 404


def test_regenerating_the_token_retires_the_old_address(client, lead_user, feed_token):
    old_url = feed_token.get_absolute_url()
    client.force_login(lead_user)
    response = client.post(reverse("actions:calendar"), follow=True)
    assert "The old address no longer works" in response.content.decode()
    new_token = CalendarFeedToken.objects.get(user=lead_user)
    assert new_token.token != feed_token.token
    assert len(new_token.token) >= 40
    client.logout()
    assert client.get(old_url).status_code == 404
    assert client.get(new_token.get_absolute_url()).status_code == 200


def test_calendar_page_shows_the_feed_address(client, lead_user, feed_token):
    client.force_login(lead_user)
    html = client.get(reverse("actions:calendar")).content.decode()
    assert feed_token.token in html


def test_calendar_feed_of_an_inactive_user_is_not_found(client, lead_user, feed_token):
    lead_user.is_active = False
    lead_user.save()
    assert client.get(feed_token.get_absolute_url()).status_code == 404


def test_calendar_feed_query_count_is_constant(
    client, feed_token, make_action, django_assert_num_queries
):
    """Guards against N+1: the token, the user's lead and board ids, one query for the actions.

    Three, was two: ActionQuerySet.updatable_by reads the user's lead and managed board ids
    first (one UNION query) so the actions are found through indexes instead of two EXISTS
    tested against every action (issue #10, national scale).
    """
    many_actions(make_action, 8)
    with django_assert_num_queries(3):
        client.get(feed_token.get_absolute_url())
    many_actions(make_action, 8)
    with django_assert_num_queries(3):
        client.get(feed_token.get_absolute_url())


def test_deadline_reminders_email_each_lead_once_about_due_and_overdue_actions(
    lead_user, second_lead_user, make_action, dorset_action, django_user_model
):
    make_action(description="Overdue one", due_date=TODAY - timedelta(days=3))
    make_action(description="Due soon one", due_date=TODAY + timedelta(days=7))
    make_action(description="Far off one", due_date=TODAY + timedelta(days=60))
    make_action(description="Done one", due_date=TODAY - timedelta(days=3), status="complete")
    out = io.StringIO()
    call_command("send_deadline_reminders", "--days", "14", stdout=out)
    assert sorted(message.to[0] for message in mail.outbox) == [
        "qa2@wiltshire.example",
        "qa@wiltshire.example",
    ]  # the Dorset lead has no email address: skipped
    body = mail.outbox[0].body
    assert "Overdue one" in body and "Due soon one" in body
    assert "Far off one" not in body and "Done one" not in body
    assert "OVERDUE" in body
    assert "2 reminder(s) sent" in out.getvalue()


def test_deadline_reminders_dry_run_sends_nothing(lead_user, make_action):
    make_action(due_date=TODAY - timedelta(days=3))
    out = io.StringIO()
    call_command("send_deadline_reminders", "--dry-run", stdout=out)
    assert mail.outbox == []
    assert "Would email qa@wiltshire.example" in out.getvalue()


def test_deadline_reminders_refuse_negative_days(db):
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="--days must be 0 or more"):
        call_command("send_deadline_reminders", "--days", "-1")


def test_deadline_reminders_link_to_the_site_url_setting(lead_user, make_action, settings):
    """Links in reminders use SITE_URL (DJANGO_SITE_URL), not localhost, unless told otherwise."""
    from actions.reminders import send_deadline_reminders

    settings.SITE_URL = "https://learning.example.org"
    action = make_action(due_date=TODAY - timedelta(days=3))
    summary = send_deadline_reminders(days=14)
    assert [reminder.user for reminder in summary.reminders] == [lead_user]
    assert f"https://learning.example.org{action.get_absolute_url()}" in mail.outbox[0].body
    assert "127.0.0.1" not in mail.outbox[0].body


@pytest.mark.parametrize("token", ["%00", "abc%00def", "x" * 65, "a.b", "%E2%80%93"])
def test_a_malformed_calendar_token_is_a_404_not_a_500(client, db, token):
    """Regression: a NUL byte in the token made PostgreSQL raise (a 500)."""
    assert client.get(f"/actions/calendar/{token}.ics").status_code == 404


def test_a_far_future_due_date_does_not_break_the_calendar_feed(client, feed_token, make_action):
    """Regression: a due date of 9999-12-31 overflowed `+ timedelta(days=1)` for every holder."""
    import datetime

    make_action(description="Far off", due_date=datetime.date.max)
    response = client.get(feed_token.get_absolute_url())
    assert response.status_code == 200
    assert b"Far off" in response.content
