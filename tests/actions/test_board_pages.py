"""A board's dashboard and annual-report section (page and .docx): content, permissions, queries."""

import io
from datetime import date, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone
from docx import Document

from actions.models import Membership
from actions.services import escalate, record_assurance
from tests.actions.test_pages import many_actions
from tests.actions.test_tracker_table import update
from tests.html import html_errors, java_available


def assure(action, user, evidence):
    """Record assurance as a board manager does, with the assurance form's service."""
    action.refresh_from_db()
    record_assurance(
        action=action,
        user=user,
        evidence=evidence,
        success_measure_met=True,
        expected_version=action.version,
    )


TODAY = timezone.localdate()


@pytest.fixture
def dashboard_url(board):
    """The Wiltshire board's dashboard."""
    return reverse("actions:dashboard", args=[board.slug])


@pytest.fixture
def report_url(board):
    """The Wiltshire board's annual-report section."""
    return reverse("actions:annual-report", args=[board.slug])


@pytest.fixture
def dorset_manager(dorset_action, django_user_model):
    """A manager of Dorset's board (and nothing of Wiltshire's)."""
    from reviews.models import Board

    user = django_user_model.objects.create_user("dorset-manager", password="x")
    Membership.objects.create(
        user=user, board=Board.objects.get(slug="dorset"), role=Membership.Role.BOARD_MANAGER
    )
    return user


def test_dashboard_counts_by_status_flag_and_lead(
    client, board_manager, make_action, dashboard_url
):
    make_action(description="Late", due_date=TODAY - timedelta(days=40), status="in-progress")
    make_action(
        description="Slipped",
        due_date=TODAY - timedelta(days=10),
        revised_due_date=TODAY + timedelta(days=50),
    )
    make_action(status="complete")
    make_action(status="assured")
    make_action(status="assured")
    client.force_login(board_manager)
    response = client.get(dashboard_url)
    assert response.status_code == 200
    dashboard = response.context["dashboard"]
    assert dashboard.counts["total"] == 5
    assert dashboard.counts["overdue"] == 1
    assert dashboard.counts["slipped"] == 1
    assert dashboard.done == 3 and dashboard.assured_share == 67
    assert [action.description for action in dashboard.oldest_overdue] == ["Late"]
    assert dashboard.most_slipped[0].slipped_days == 60
    assert dashboard.lead_chart["boards"][0]["name"] == "WSCB QA Lead"
    html = response.content.decode()
    assert html.count("<svg") == 3  # status, flags, by lead: each with a table
    assert "Actions by flag" in html and "Number of actions by lead and status" in html
    assert "67%" in html


def test_dashboard_query_count_is_constant(
    client, board_manager, make_action, dashboard_url, django_assert_num_queries
):
    """Guards against N+1: session, user, board, membership, the counts, by lead, oldest
    overdue, slipped, and the learning used (three grouped queries) — whatever the number of
    actions."""
    many_actions(make_action, 10)
    client.force_login(board_manager)
    with django_assert_num_queries(11):
        client.get(dashboard_url)
    many_actions(make_action, 20)
    with django_assert_num_queries(11):
        client.get(dashboard_url)


def test_board_pages_are_for_the_boards_members_only(
    client, dorset_manager, lead_user, action, dashboard_url, report_url, board
):
    docx_url = reverse("actions:annual-report-docx", args=[board.slug])
    for url in [dashboard_url, report_url, docx_url]:
        anonymous = client.get(url)
        assert anonymous.status_code == 302 and "/login" in anonymous["Location"]
        client.force_login(dorset_manager)  # another board's manager
        assert client.get(url).status_code == 403
        client.force_login(lead_user)  # a lead holder, not a board member
        assert client.get(url).status_code == 403
        client.logout()
    client.force_login(dorset_manager)
    assert client.get(reverse("actions:dashboard", args=["no-such-board"])).status_code == 404


def test_a_quality_assurance_member_and_an_admin_see_the_dashboard(
    client, board, action, dashboard_url, django_user_model
):
    qa = django_user_model.objects.create_user("qa", password="x")
    Membership.objects.create(user=qa, board=board, role=Membership.Role.QUALITY_ASSURANCE)
    admin = django_user_model.objects.create_superuser("admin", password="x")
    for user in (qa, admin):
        client.force_login(user)
        assert client.get(dashboard_url).status_code == 200


def test_annual_report_says_what_was_done_in_the_period(
    client, board_manager, lead_user, make_action, published_review, report_url, theme
):
    from findings.models import Finding

    published_review.published_at = timezone.now()
    published_review.save()
    finding = Finding.objects.create(review=published_review, key="f1", label="Finding 1", text="x")
    finding.themes.add(theme)
    done = make_action(description="Audit supervision")
    update(done, lead_user, "complete", note="Done", evidence="Audit done")
    assure(done, board_manager, "Re-audit: 28 of 30 good")
    late = make_action(description="Late one", due_date=TODAY - timedelta(days=3))
    make_action(description="Late too, not escalated", due_date=TODAY - timedelta(days=3))
    escalate(action=late, user=board_manager, reason="No progress in two quarters")
    client.force_login(board_manager)
    start, end = TODAY - timedelta(days=30), TODAY
    response = client.get(report_url, {"start": start.isoformat(), "end": end.isoformat()})
    report = response.context["report"]
    assert [review.name for review in report.reviews] == ["Family M"]
    assert [t.name for t in report.themes] == ["Neglect"]
    assert report.done_in_period == 1 and report.assured_in_period == 1
    assert [u.evidence for u in report.evidence] == ["Re-audit: 28 of 30 good"]
    assert [a.description for a in report.escalations] == ["Late one"]
    html = response.content.decode()
    assert "Re-audit: 28 of 30 good" in html and "Download as Word" in html
    assert "No progress in two quarters" in html

    docx = client.get(
        reverse("actions:annual-report-docx", args=[published_review.board.slug]),
        {"start": start.isoformat(), "end": end.isoformat()},
    )
    assert docx["Content-Type"].startswith("application/vnd.openxmlformats-officedocument.word")
    assert "attachment" in docx["Content-Disposition"]
    text = "\n".join(p.text for p in Document(io.BytesIO(docx.content)).paragraphs)
    assert "What we did as a result of reviews" in text
    assert "Family M" in text and "Re-audit: 28 of 30 good" in text
    tables = Document(io.BytesIO(docx.content)).tables
    assert any(row.cells[0].text == "Neglect" for table in tables for row in table.rows)


def test_annual_report_defaults_to_the_last_financial_year(client, board_manager, report_url):
    client.force_login(board_manager)
    report = client.get(report_url).context["report"]
    assert report.start.month == 4 and report.start.day == 1
    assert report.end == date(report.start.year + 1, 3, 31)
    assert report.end < TODAY


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ({"start": "2026-04-01", "end": "2025-03-31"}, "on or after its start"),
        ({"start": "yesterday", "end": "2026-03-31"}, "real date"),
        ({"start": "2000-01-01", "end": "2026-03-31"}, "at most five years"),
        ({"start": "1066-01-01", "end": "1066-02-01"}, "between 1990"),
        ({"start": "", "end": ""}, "required"),
        ({"start": "2026-04-01\x00", "end": "2026-05-01"}, "real date"),
    ],
)
def test_annual_report_bad_periods_get_a_message(
    client, board_manager, board, report_url, query, message
):
    client.force_login(board_manager)
    for url in [report_url, reverse("actions:annual-report-docx", args=[board.slug])]:
        response = client.get(url, query)
        assert response.status_code == 200
        assert response.context["report"] is None
        assert message in response.content.decode()


def test_annual_report_query_count_is_constant(
    client, board_manager, lead_user, make_action, report_url, django_assert_num_queries
):
    """Guards against N+1: session, user, board, membership, reviews, counts, moved in the
    period, evidence, escalations, the learning used in the period (three grouped queries;
    themes only when reviews were published: none here)."""
    for number in range(6):
        action = make_action(due_date=TODAY - timedelta(days=number + 1))
        update(action, lead_user, "complete", note="Done", evidence=f"Evidence {number}")
        assure(action, board_manager, f"Impact {number}")
    client.force_login(board_manager)
    query = {"start": (TODAY - timedelta(days=5)).isoformat(), "end": TODAY.isoformat()}
    with django_assert_num_queries(12):
        client.get(report_url, query)
    many_actions(make_action, 10)
    with django_assert_num_queries(12):
        client.get(report_url, query)


@pytest.mark.skipif(not java_available(), reason="the HTML checker needs Java")
def test_board_pages_and_tracker_are_valid_html(
    client, board_manager, lead_user, make_action, dashboard_url, report_url
):
    action = make_action(due_date=TODAY - timedelta(days=3))
    update(action, lead_user, "in-progress", note="A note")
    make_action(due_date=TODAY - timedelta(days=3), revised_due_date=TODAY + timedelta(days=9))
    client.force_login(board_manager)
    pages = {
        "tracker": client.get(reverse("actions:tracker"), {"sort": "-rag"}).content.decode(),
        "dashboard": client.get(dashboard_url).content.decode(),
        "annual report": client.get(report_url).content.decode(),
        "annual report errors": client.get(report_url, {"start": "x"}).content.decode(),
    }
    assert html_errors(pages) == []


@pytest.mark.parametrize(
    "url_name", ["actions:dashboard", "actions:annual-report", "actions:annual-report-docx"]
)
def test_no_bad_query_string_gives_a_server_error_on_board_pages(
    client, board_manager, board, action, url_name
):
    """The corpus of tests/core/test_bad_input.py (NUL bytes, huge numbers, repeats, …)."""
    from tests.core.test_bad_input import queries_for

    client.force_login(board_manager)
    path = reverse(url_name, args=[board.slug])
    failures = []
    for query in queries_for(["start", "end", "page"]):
        response = client.get(f"{path}?{query}")
        if response.status_code >= 500:
            failures.append((query[:80], response.status_code))
    assert failures == []


def test_dashboard_and_annual_report_show_the_learning_its_teams_used(
    client, board, board_manager, theme, make_action, dashboard_url, report_url
):
    """Records of the board's teams using the learning (findings.Dissemination) are counted on
    the dashboard, and on the annual report only within its period; another board's are not."""
    from findings.models import Dissemination
    from reviews.models import Board

    def record(used_on, people, of_board=board):
        Dissemination.objects.create(
            user=board_manager,
            resource=Dissemination.Resource.BRIEFING,
            theme=theme,
            board=of_board,
            used_on=used_on,
            team="Duty team 2",
            agency="Children's social care",
            people=people,
            changes="Use the neglect toolkit at every strategy meeting.",
        )

    make_action(description="Audit supervision")
    other = Board.objects.create(name="Elsewhere Safeguarding Partnership", slug="elsewhere")
    record(TODAY - timedelta(days=3), 12)
    record(TODAY - timedelta(days=400), 5)
    record(TODAY - timedelta(days=3), 40, of_board=other)
    client.force_login(board_manager)
    dashboard_html = client.get(dashboard_url).content.decode()
    assert "2 records of teams using" in dashboard_html and "reaching 17 people" in dashboard_html
    query = {"start": (TODAY - timedelta(days=30)).isoformat(), "end": TODAY.isoformat()}
    report = client.get(report_url, query)
    assert report.context["report"].learning_used["people"] == 12
    assert "1 record of teams using" in report.content.decode()
    docx = client.get(reverse("actions:annual-report-docx", args=[board.slug]), query)
    text = "\n".join(p.text for p in Document(io.BytesIO(docx.content)).paragraphs)
    assert "Learning used in practice" in text and "reaching 12 people" in text
