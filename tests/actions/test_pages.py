"""The tracker, My actions, the action page and the calendar page: content, filters, query counts."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from actions.models import Action, Lead
from actions.services import record_status_update
from reviews.models import Review
from tests.html import html_errors, java_available

TODAY = timezone.localdate()


def many_actions(make_action, count):
    """Actions with every flag and status, to show query counts do not grow with rows."""
    statuses = [choice for choice, _ in Action.Status.choices]
    for number in range(count):
        make_action(
            status=statuses[number % len(statuses)],
            due_date=TODAY + timedelta(days=number * 10 - 20) if number % 4 else None,
            revised_due_date=TODAY + timedelta(days=200) if number % 3 == 0 else None,
        )


def test_tracker_lists_published_actions_with_flags_and_chart(
    client, user, make_action, dorset_action
):
    make_action(description="Wiltshire overdue action", due_date=TODAY - timedelta(days=1))
    client.force_login(user)
    response = client.get(reverse("actions:tracker"))
    html = response.content.decode()
    assert response.status_code == 200
    assert "Wiltshire overdue action" in html
    assert "Dorset: review the neglect strategy" in html
    assert "Overdue" in html
    assert "<svg" in html and 'role="img"' in html
    assert "Number of actions by board and status" in html  # the chart's text alternative
    boards = [board["name"] for board in response.context["chart"]["boards"]]
    assert boards == [
        "Dorset Safeguarding Children Partnership",
        "Wiltshire Safeguarding Children Board",
    ]


def test_tracker_hides_actions_of_draft_reviews(client, user, action, published_review):
    published_review.status = Review.Status.DRAFT
    published_review.save()
    client.force_login(user)
    assert list(client.get(reverse("actions:tracker")).context["actions"]) == []


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ({"board": "dorset"}, ["Dorset: review the neglect strategy"]),
        ({"flag": "overdue"}, ["Dorset: review the neglect strategy"]),
        ({"flag": "not-smart"}, ["Ongoing awareness raising"]),
        ({"status": ["in-progress", "at-risk"]}, ["Implement a new approach to escalations"]),
        (
            {"due_from": (TODAY - timedelta(days=5)).isoformat(), "due_to": TODAY.isoformat()},
            ["Dorset: review the neglect strategy"],
        ),
    ],
)
def test_tracker_filters(client, user, action, make_action, dorset_action, query, expected):
    make_action(description="Ongoing awareness raising", due_date=None, deadline_text="ongoing")
    Action.objects.filter(pk=action.pk).update(status="in-progress")
    client.force_login(user)
    response = client.get(reverse("actions:tracker"), query)
    assert [a.description for a in response.context["actions"]] == expected
    assert sum(board["total"] for board in response.context["chart"]["boards"]) == len(expected)


def test_tracker_filter_by_lead(client, user, action, dorset_action):
    client.force_login(user)
    lead = Lead.objects.get(name="Dorset Named Nurse")
    response = client.get(reverse("actions:tracker"), {"lead": lead.pk})
    assert list(response.context["actions"]) == [dorset_action]


def test_tracker_bad_filter_input_gets_a_message_not_an_error(client, user, action):
    client.force_login(user)
    response = client.get(
        reverse("actions:tracker"), {"board": "no-such-board", "due_from": "not-a-date"}
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert "There is a problem" in html
    assert "Enter a valid date" in html


def test_tracker_query_count_is_constant(client, user, make_action, django_assert_num_queries):
    """Guards against N+1: session, user, the user's lead and board ids (none here: all boards),
    page, chart, board and lead choices, whatever the rows. Still 7: the pager's COUNT(*) is
    gone (the chart's grouped query counts the filtered rows) and the ids query is new. 10 since
    the wide table (issue #13): the page's lead holders (one prefetch; latest note and last
    update are subqueries of the page query), the boards whose notes the user may read, and the
    review filter's choices. 9 since the lead is typed, not chosen from a list: no lead choices.
    8 since the reviews are listed only when a board (or the user's boards) bounds them: this
    user sees all boards, so no review choices (15,000 at national scale)."""
    many_actions(make_action, 12)
    client.force_login(user)
    with django_assert_num_queries(8):
        response = client.get(reverse("actions:tracker"))
    assert len(response.context["actions"]) == 12
    many_actions(make_action, 12)
    with django_assert_num_queries(8):
        response = client.get(
            reverse("actions:tracker"), {"flag": "overdue", "status": ["not-started"]}
        )
    assert len(response.context["actions"]) > 0


def test_tracker_shows_a_leads_boards_unless_they_ask_for_all(
    client, lead_user, action, dorset_action
):
    """Leads and managers see their boards' actions first (bounded at national scale)."""
    client.force_login(lead_user)
    response = client.get(reverse("actions:tracker"))
    assert list(response.context["actions"]) == [action]
    assert [board["name"] for board in response.context["chart"]["boards"]] == [
        "Wiltshire Safeguarding Children Board"
    ]
    html = response.content.decode()
    assert "Your boards" in html and "1 action" in html
    assert "scope=yours" in html  # the exports follow the scope shown
    everything = client.get(reverse("actions:tracker"), {"scope": "all"})
    assert set(everything.context["actions"]) == {action, dorset_action}
    assert everything.context["paginator"].count == 2
    dorset = client.get(reverse("actions:tracker"), {"board": "dorset"})
    assert list(dorset.context["actions"]) == [dorset_action]  # a chosen board decides


def test_tracker_for_a_lead_query_count_is_constant(
    client, lead_user, make_action, django_assert_num_queries
):
    """Session, user, the lead's lead and board ids, page, chart (which also counts the rows for
    the pager), board and lead choices; since issue #13 also the page's lead holders, the boards
    whose notes the lead may read and the review choices; no lead choices since the lead is
    typed (9)."""
    many_actions(make_action, 12)
    client.force_login(lead_user)
    with django_assert_num_queries(9):
        response = client.get(reverse("actions:tracker"))
    assert response.context["paginator"].count == 12
    # All boards: no review choices to read (the panel asks for a board instead).
    with django_assert_num_queries(8):
        response = client.get(reverse("actions:tracker"), {"scope": "all"})
    assert response.context["paginator"].count == 12


def test_my_actions_groups_overdue_due_soon_and_stale(
    client, lead_user, make_action, dorset_action
):
    overdue = make_action(description="Overdue one", due_date=TODAY - timedelta(days=2))
    soon = make_action(
        description="Soon one", due_date=TODAY + timedelta(days=10), last_update_at=timezone.now()
    )
    make_action(description="Later one", due_date=TODAY + timedelta(days=100))
    client.force_login(lead_user)
    response = client.get(reverse("actions:mine"))
    assert response.status_code == 200
    assert response.context["overdue"] == [overdue]
    assert response.context["due_soon"] == [soon]
    assert {a.description for a in response.context["stale"]} == {"Overdue one", "Later one"}
    assert "Dorset" not in response.content.decode()


def test_my_actions_shows_the_first_rows_of_each_list_and_links_to_the_rest(
    client, lead_user, make_action
):
    """At national scale a lead holds hundreds of actions: each list is bounded."""
    for number in range(23):
        make_action(description=f"Overdue {number}", due_date=TODAY - timedelta(days=number + 1))
    client.force_login(lead_user)
    response = client.get(reverse("actions:mine"))
    html = response.content.decode()
    assert response.context["overdue_count"] == 23
    assert len(response.context["overdue"]) == 10  # only the rows shown are read
    assert "The first 10 of 23 are shown." in html
    assert "scope=yours&amp;flag=overdue" in html


def test_my_actions_for_a_user_without_actions_explains_why(client, user):
    client.force_login(user)
    response = client.get(reverse("actions:mine"))
    assert "You do not lead any actions yet." in response.content.decode()


def test_my_actions_query_count_is_constant(
    client, board_manager, make_action, django_assert_num_queries
):
    """Guards against N+1: session, user, the user's lead and board ids (which also say whether
    they manage a board), the ids and flags of all the user's actions (to count the lists), the
    rows shown, the update requests waiting on them, the boards whose oversight pages they may
    open and their complete actions awaiting assurance. The page reads the ids and flags of all
    the actions and only the rows it shows, so its work is fixed however many actions a lead or
    a board manager answers for (docs/performance.md)."""
    many_actions(make_action, 10)
    client.force_login(board_manager)
    with django_assert_num_queries(8):
        response = client.get(reverse("actions:mine"))
    assert len(response.context["actions"]) == 10
    assert len(response.context["awaiting_assurance"]) == 1
    many_actions(make_action, 30)
    with django_assert_num_queries(8):
        response = client.get(reverse("actions:mine"))
    assert response.context["action_count"] == 40
    assert len(response.context["actions"]) == 20


def add_updates(action, user, count):
    for number in range(count):
        record_status_update(
            action=action,
            user=user,
            status="in-progress" if number % 2 else "at-risk",
            note=f"Update {number}",
            evidence="Evidence" if number % 2 else "",
            evidence_url="https://example.org/e" if number % 3 == 0 else "",
            revised_due_date=TODAY + timedelta(days=200 + number) if number % 2 else None,
            revision_reason="Moved" if number % 2 else "",
            expected_version=action.version,
        )


def test_action_page_query_count_is_constant_for_a_lead(
    client, lead_user, action, django_assert_num_queries
):
    """Guards against N+1: the timeline is three queries (updates with their authors, update
    requests, escalations) however long it grows; session, user, action, three permission
    checks (update, view progress, oversee) and the lead's holders."""
    add_updates(action, lead_user, 3)
    client.force_login(lead_user)
    with django_assert_num_queries(10):
        response = client.get(action.get_absolute_url())
    assert len(response.context["timeline"]) == 3
    add_updates(action, lead_user, 5)
    with django_assert_num_queries(10):
        client.get(action.get_absolute_url())


def test_action_page_query_count_for_anonymous_visitors(
    client, lead_user, action, django_assert_num_queries
):
    """Guards against N+1: anonymous visitors get the action in one query and no timeline."""
    add_updates(action, lead_user, 3)
    with django_assert_num_queries(1):
        client.get(action.get_absolute_url())


def test_calendar_page_query_count(client, lead_user, django_assert_num_queries):
    """Guards against N+1: session, user, token."""
    client.force_login(lead_user)
    with django_assert_num_queries(3):
        client.get(reverse("actions:calendar"))


@pytest.mark.skipif(not java_available(), reason="java is needed for the HTML checker")
def test_action_pages_are_valid_html(client, lead_user, make_action, action, dorset_action):
    many_actions(make_action, 6)
    add_updates(action, lead_user, 3)
    client.force_login(lead_user)
    bad = client.post(action.get_absolute_url(), {"status": "complete", "note": "", "version": "x"})
    pages = {
        "tracker": client.get(reverse("actions:tracker")).content.decode(),
        "tracker-errors": client.get(
            reverse("actions:tracker"), {"due_from": "x"}
        ).content.decode(),
        # The lead filter's states: one lead applied, several offered, none found.
        "tracker-lead": client.get(
            reverse("actions:tracker"), {"lead_name": "qa lead"}
        ).content.decode(),
        "tracker-lead-choices": client.get(
            reverse("actions:tracker"), {"lead_name": "e", "scope": "all"}
        ).content.decode(),
        "tracker-lead-error": client.get(
            reverse("actions:tracker"), {"lead_name": "nobody"}
        ).content.decode(),
        # The review filter over all boards: a hint, a linked review applied, an unknown one.
        "tracker-all": client.get(reverse("actions:tracker"), {"scope": "all"}).content.decode(),
        "tracker-review-all": client.get(
            reverse("actions:tracker"), {"scope": "all", "review": "family-s15"}
        ).content.decode(),
        "tracker-review-error": client.get(
            reverse("actions:tracker"), {"scope": "all", "review": "no-such-review"}
        ).content.decode(),
        "mine": client.get(reverse("actions:mine")).content.decode(),
        "detail": client.get(action.get_absolute_url()).content.decode(),
        "detail-errors": bad.content.decode(),
        "calendar": client.get(reverse("actions:calendar")).content.decode(),
        "password-change": client.get(reverse("password_change")).content.decode(),
    }
    client.post(reverse("actions:calendar"))
    pages["calendar-token"] = client.get(reverse("actions:calendar")).content.decode()
    client.logout()
    pages["detail-anonymous"] = client.get(action.get_absolute_url()).content.decode()
    pages["password-reset"] = client.get(reverse("password_reset")).content.decode()
    pages["login"] = client.get(reverse("login")).content.decode()
    for name in ("password_reset_done", "password_reset_complete"):
        pages[name] = client.get(reverse(name)).content.decode()
    pages["reset-expired"] = client.get("/accounts/reset/MQ/set-password/").content.decode()
    assert "Leads whose name contains “e”" in pages["tracker-lead-choices"]
    assert "No lead’s name contains" in pages["tracker-lead-error"]
    assert "Choose a board, and apply the filters" in pages["tracker-all"]
    assert '<option value="family-s15" selected>' in pages["tracker-review-all"]
    assert 'id="id_review_error"' in pages["tracker-review-error"]
    errors = html_errors(pages)
    assert errors == [], "\n".join(errors)


def test_posting_an_update_query_count_is_constant(
    client, lead_user, action, django_assert_num_queries
):
    """Guards against N+1: recording an update costs the same however long the timeline is
    (session, user, action, permission, savepoint, locked read, update, insert, answering the
    open update requests, refresh, release)."""
    from tests.actions.test_permissions import update_data

    client.force_login(lead_user)
    add_updates(action, lead_user, 2)
    action.refresh_from_db()
    with django_assert_num_queries(11):
        assert client.post(action.get_absolute_url(), update_data(action)).status_code == 302
    action.refresh_from_db()
    add_updates(action, lead_user, 6)
    with django_assert_num_queries(11):
        assert client.post(action.get_absolute_url(), update_data(action)).status_code == 302


def test_regenerating_the_calendar_token_query_count(client, lead_user, django_assert_num_queries):
    """Guards against N+1: a fixed number of queries (savepoints included) for a new address."""
    client.force_login(lead_user)
    with django_assert_num_queries(11):
        client.post(reverse("actions:calendar"))
