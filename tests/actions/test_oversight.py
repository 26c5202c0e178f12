"""The board's oversight: update requests (and their e-mail), escalation, historic plans, and the
board pages (escalation list, leads with nobody attached): content, permissions, bad input,
query counts."""

from datetime import timedelta

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from actions.models import Action, Escalation, Lead, UpdateRequest
from actions.services import escalate, record_status_update, request_update
from tests.html import html_errors, java_available

TODAY = timezone.localdate()


def request_data(**overrides):
    data = {
        "request-due_date": (TODAY + timedelta(days=14)).isoformat(),
        "request-message": "Please update before the board meets.",
    }
    data.update(overrides)
    return data


# Update requests ---------------------------------------------------------------------------


def test_manager_requests_an_update_and_the_lead_is_emailed(
    client, board_manager, lead_user, action, django_capture_on_commit_callbacks
):
    client.force_login(board_manager)
    with django_capture_on_commit_callbacks(execute=True):  # e-mailed once the request is saved
        response = client.post(reverse("actions:request-update", args=[action.pk]), request_data())
    assert response.status_code == 302
    request = UpdateRequest.objects.get()
    assert request.action == action and request.requested_by == board_manager
    assert request.due_date == TODAY + timedelta(days=14) and request.is_open
    assert [message.to for message in mail.outbox] == [["qa@wiltshire.example"]]
    body = mail.outbox[0].body
    assert "Please update before the board meets." in body
    assert action.get_absolute_url() in body
    assert "Update requested by" in mail.outbox[0].subject


def test_the_lead_sees_open_requests_at_the_top_of_my_actions(
    client, board_manager, lead_user, action
):
    request_update(action=action, user=board_manager, due_date=TODAY + timedelta(days=7))
    client.force_login(lead_user)
    response = client.get(reverse("actions:mine"))
    html = response.content.decode()
    assert [r.action for r in response.context["requests"]] == [action]
    assert html.index("Updates requested from you") < html.index('id="overdue"')


def test_posting_an_update_answers_open_requests(board_manager, lead_user, action):
    request, _ = request_update(
        action=action, user=board_manager, due_date=TODAY + timedelta(days=7)
    )
    update = record_status_update(
        action=action,
        user=lead_user,
        status=Action.Status.IN_PROGRESS,
        note="Policy drafted",
        expected_version=action.version,
    )
    request.refresh_from_db()
    assert request.answered_by == update and request.answered_at is not None
    assert list(UpdateRequest.objects.open()) == []


def test_request_to_a_lead_nobody_holds_says_nobody_was_emailed(client, board_manager, action):
    client.force_login(board_manager)
    response = client.post(
        reverse("actions:request-update", args=[action.pk]), request_data(), follow=True
    )
    assert "nobody was e-mailed" in response.content.decode()
    assert mail.outbox == []
    assert UpdateRequest.objects.count() == 1


def test_requests_and_escalations_are_on_the_timeline(client, board_manager, lead_user, action):
    request_update(action=action, user=board_manager, due_date=TODAY + timedelta(days=7))
    escalate(action=action, user=board_manager, reason="Drifting since spring")
    client.force_login(lead_user)
    response = client.get(action.get_absolute_url())
    kinds = [event.kind for event in response.context["timeline"]]
    assert sorted(kinds) == ["escalation", "request"]
    html = response.content.decode()
    assert "Update requested" in html and "Drifting since spring" in html


@pytest.mark.parametrize(
    "overrides",
    [
        {"request-due_date": ""},
        {"request-due_date": "not a date"},
        {"request-due_date": (TODAY - timedelta(days=1)).isoformat()},
        {"request-due_date": "9999-12-31"},
        {"request-message": "x" * 2001},
    ],
)
def test_bad_request_input_gets_a_message_not_an_error(client, board_manager, action, overrides):
    client.force_login(board_manager)
    response = client.post(
        reverse("actions:request-update", args=[action.pk]), request_data(**overrides)
    )
    assert response.status_code == 200
    assert response.context["request_form"].errors
    assert "There is a problem" in response.content.decode()
    assert not UpdateRequest.objects.exists()


@pytest.mark.parametrize("who", ["lead_user", "qa_user", "dorset_manager", "user"])
def test_only_the_boards_manager_may_request_escalate_or_mark_historic(
    client, request, action, who
):
    client.force_login(request.getfixturevalue(who))
    for name, data in [
        ("actions:request-update", request_data()),
        ("actions:escalate", {"escalate-reason": "Why"}),
        ("actions:de-escalate", {"de-escalate-resolution": "Why"}),
        ("actions:historic", {"historic-historic": "1", "historic-historic_note": "Old"}),
    ]:
        assert client.post(reverse(name, args=[action.pk]), data).status_code == 403
    assert not UpdateRequest.objects.exists() and not Escalation.objects.exists()
    action.plan.refresh_from_db()
    assert not action.plan.historic


# Escalation --------------------------------------------------------------------------------


def test_manager_escalates_and_de_escalates_keeping_both_on_record(client, board_manager, action):
    client.force_login(board_manager)
    url = reverse("actions:escalate", args=[action.pk])
    assert client.post(url, {"escalate-reason": "Slipped twice"}).status_code == 302
    page = client.get(action.get_absolute_url()).content.decode()
    assert "Escalated to the board" in page and "De-escalate" in page
    # A second escalation while one is open is refused with a message.
    again = client.post(url, {"escalate-reason": "Again"})
    assert again.status_code == 200 and "already escalated" in again.content.decode()
    response = client.post(
        reverse("actions:de-escalate", args=[action.pk]),
        {"de-escalate-resolution": "Board agreed a new plan"},
    )
    assert response.status_code == 302
    escalation = Escalation.objects.get()
    assert escalation.resolved_by == board_manager and not escalation.is_open
    events = [e.kind for e in client.get(action.get_absolute_url()).context["timeline"]]
    assert events == ["de-escalation", "escalation"]


@pytest.mark.parametrize(
    ("name", "data"),
    [
        ("actions:escalate", {"escalate-reason": "   "}),
        ("actions:escalate", {}),
        ("actions:de-escalate", {"de-escalate-resolution": "Nothing was escalated"}),
        ("actions:de-escalate", {}),
    ],
)
def test_bad_escalation_input_gets_a_message_not_an_error(
    client, board_manager, action, name, data
):
    client.force_login(board_manager)
    response = client.post(reverse(name, args=[action.pk]), data)
    assert response.status_code == 200
    assert "There is a problem" in response.content.decode()


# Historic plans ----------------------------------------------------------------------------


def test_manager_marks_a_plan_historic_and_opens_it_again(client, board_manager, make_action):
    overdue = make_action(due_date=TODAY - timedelta(days=3000))
    client.force_login(board_manager)
    url = reverse("actions:historic", args=[overdue.pk])
    response = client.post(url, {"historic-historic": "1", "historic-historic_note": "2015 plan"})
    assert response.status_code == 302
    page = client.get(overdue.get_absolute_url())
    html = page.content.decode()
    assert "Historic — closed without outcome" in html and "2015 plan" in html
    assert not page.context["action"].is_overdue
    assert client.post(url, {"historic-historic": "0"}).status_code == 302
    overdue.plan.refresh_from_db()
    assert not overdue.plan.historic and overdue.plan.historic_note == ""


@pytest.mark.parametrize(
    "data",
    [
        {"historic-historic": "1", "historic-historic_note": ""},
        {"historic-historic": "maybe"},
        {},
    ],
)
def test_bad_historic_input_gets_a_message_not_an_error(client, board_manager, action, data):
    client.force_login(board_manager)
    response = client.post(reverse("actions:historic", args=[action.pk]), data)
    assert response.status_code == 200
    action.plan.refresh_from_db()
    assert not action.plan.historic


# The escalation list -----------------------------------------------------------------------


def slip(action, user, days):
    record_status_update(
        action=action,
        user=user,
        status=Action.Status.AT_RISK,
        note="Moving",
        revised_due_date=TODAY + timedelta(days=days),
        revision_reason="Capacity",
        expected_version=action.version,
    )
    action.refresh_from_db()


def test_escalation_list_shows_what_goes_to_the_board(
    client, board_manager, lead_user, make_action, dorset_action
):
    escalated = make_action(description="Escalated one")
    escalate(action=escalated, user=board_manager, reason="No progress")
    asked = make_action(description="Asked one")
    request = UpdateRequest.objects.create(
        action=asked, requested_by=board_manager, due_date=TODAY - timedelta(days=2)
    )
    UpdateRequest.objects.create(  # not past its date: not listed
        action=asked, requested_by=board_manager, due_date=TODAY + timedelta(days=2)
    )
    twice = make_action(description="Slipped twice one")
    slip(twice, lead_user, 200)
    slip(twice, lead_user, 300)
    once = make_action(description="Slipped once one")
    slip(once, lead_user, 200)
    make_action(description="Long overdue one", due_date=TODAY - timedelta(days=120))
    make_action(description="Recently overdue one", due_date=TODAY - timedelta(days=10))
    make_action(description="Done overdue", due_date=TODAY - timedelta(days=400), status="complete")
    client.force_login(board_manager)
    response = client.get(
        reverse("actions:board-escalations", args=["wiltshire-safeguarding-children-board"])
    )
    assert response.status_code == 200
    context = response.context
    assert [e.action for e in context["escalations"]] == [escalated]
    assert context["requests"] == [request]
    assert [a.description for a in context["slipped"]] == ["Slipped twice one"]
    assert [a.description for a in context["overdue"]] == ["Long overdue one"]
    assert context["overdue"][0].days_overdue == 120
    html = response.content.decode()
    assert "Dorset" not in html  # another board's actions never show


def test_escalation_list_threshold_from_the_query_string(client, qa_user, make_action):
    make_action(description="Recently overdue one", due_date=TODAY - timedelta(days=10))
    client.force_login(qa_user)
    url = reverse("actions:board-escalations", args=["wiltshire-safeguarding-children-board"])
    assert client.get(url).context["overdue"] == []
    response = client.get(url, {"overdue_days": "5"})
    assert [a.description for a in response.context["overdue"]] == ["Recently overdue one"]


@pytest.mark.parametrize("days", ["-1", "abc", "99999999999999999999", "1e3", "\x00"])
def test_escalation_list_bad_threshold_gets_a_message_not_an_error(client, qa_user, days):
    client.force_login(qa_user)
    url = reverse("actions:board-escalations", args=["wiltshire-safeguarding-children-board"])
    response = client.get(url, {"overdue_days": days})
    assert response.status_code == 200
    assert response.context["days"] == 90
    assert "There is a problem" in response.content.decode()


@pytest.mark.parametrize("who", ["lead_user", "dorset_manager", "user"])
def test_escalation_list_is_for_the_boards_managers_and_qa_only(client, request, board, who):
    client.force_login(request.getfixturevalue(who))
    url = reverse("actions:board-escalations", args=[board.slug])
    assert client.get(url).status_code == 403


def test_escalation_list_of_an_unknown_board_is_404(client, board_manager):
    client.force_login(board_manager)
    assert client.get(reverse("actions:board-escalations", args=["nope"])).status_code == 404


def test_escalation_list_query_count_is_constant(
    client, board_manager, lead_user, make_action, django_assert_num_queries
):
    """Guards against N+1: session, user, board, permission, and one query per section
    (escalations, requests past their date, slipped twice, long overdue) whatever the rows."""

    def add(count):
        for number in range(count):
            escalate(action=make_action(), user=board_manager, reason=f"Reason {number}")
            UpdateRequest.objects.create(
                action=make_action(), requested_by=board_manager, due_date=TODAY - timedelta(1)
            )
            twice = make_action()
            slip(twice, lead_user, 200)
            slip(twice, lead_user, 300)
            make_action(due_date=TODAY - timedelta(days=200))

    add(2)
    client.force_login(board_manager)
    url = reverse("actions:board-escalations", args=["wiltshire-safeguarding-children-board"])
    with django_assert_num_queries(8):
        response = client.get(url)
    assert len(response.context["slipped"]) == 2
    add(3)
    with django_assert_num_queries(8):
        response = client.get(url)
    assert len(response.context["escalations"]) == 5


# Leads with nobody attached ---------------------------------------------------------------


def test_leads_page_lists_unheld_leads_and_attaches_people(
    client, board_manager, board, action, qa_user, django_user_model
):
    Lead.objects.create(board=board, name="Health Lead")
    other = django_user_model.objects.create_user("nurse", email="nurse@example.org")
    client.force_login(board_manager)
    url = reverse("actions:board-leads", args=[board.slug])
    response = client.get(url)
    assert [row["lead"].name for row in response.context["rows"]] == [
        "Health Lead",
        "WSCB QA Lead",
    ]
    lead = Lead.objects.get(name="WSCB QA Lead")
    prefix = f"lead-{lead.pk}"
    response = client.post(
        reverse("actions:board-leads-attach", args=[board.slug, lead.pk]),
        {f"{prefix}-people": [qa_user.pk], f"{prefix}-emails": "Nurse@Example.org"},
    )
    assert response.status_code == 302
    assert set(lead.holders.all()) == {qa_user, other}
    response = client.get(url)
    assert [row["lead"].name for row in response.context["rows"]] == ["Health Lead"]


def test_leads_page_narrowed_to_one_review(client, board_manager, board, action):
    Lead.objects.create(board=board, name="Health Lead")
    client.force_login(board_manager)
    url = reverse("actions:board-leads", args=[board.slug])
    response = client.get(url, {"review": action.plan.review.slug})
    assert [row["lead"].name for row in response.context["rows"]] == ["WSCB QA Lead"]
    assert client.get(url, {"review": "<bad slug>"}).status_code == 200


@pytest.mark.parametrize(
    "data",
    [
        {},
        {"emails": "nobody@example.org"},
        {"emails": "not-an-email"},
        {"people": ["999999"]},
        {"people": ["abc"]},
        {"emails": ", ".join(f"p{n}@example.org" for n in range(60))},
    ],
)
def test_bad_attach_input_gets_a_message_not_an_error(client, board_manager, board, qa_lead, data):
    client.force_login(board_manager)
    prefix = f"lead-{qa_lead.pk}"
    response = client.post(
        reverse("actions:board-leads-attach", args=[board.slug, qa_lead.pk]),
        {f"{prefix}-{key}": value for key, value in data.items()},
    )
    assert response.status_code == 200
    assert "There is a problem" in response.content.decode()
    assert not qa_lead.holders.exists()


def test_a_lead_of_another_board_cannot_be_attached_through_this_board(
    client, board_manager, board, dorset_lead_user
):
    client.force_login(board_manager)
    dorset_lead = Lead.objects.get(name="Dorset Named Nurse")
    response = client.post(
        reverse("actions:board-leads-attach", args=[board.slug, dorset_lead.pk]), {}
    )
    assert response.status_code == 404


@pytest.mark.parametrize("who", ["lead_user", "qa_user", "dorset_manager", "user"])
def test_leads_page_is_for_the_boards_managers_only(client, request, board, qa_lead, who):
    client.force_login(request.getfixturevalue(who))
    assert client.get(reverse("actions:board-leads", args=[board.slug])).status_code == 403
    response = client.post(
        reverse("actions:board-leads-attach", args=[board.slug, qa_lead.pk]),
        {f"lead-{qa_lead.pk}-emails": "qa@wiltshire.example"},
    )
    assert response.status_code == 403


def test_leads_page_query_count_is_constant(
    client, board_manager, board, django_assert_num_queries, django_user_model
):
    """Guards against N+1: session, user, board, permission, the board's people (once for all
    the forms), the unheld leads with their counts, the held leads and their holders."""

    def add(count, start):
        for number in range(start, start + count):
            Lead.objects.create(board=board, name=f"Unheld {number}")
            held = Lead.objects.create(board=board, name=f"Held {number}")
            held.holders.add(django_user_model.objects.create_user(f"holder-{number}"))

    add(2, 0)
    client.force_login(board_manager)
    url = reverse("actions:board-leads", args=[board.slug])
    with django_assert_num_queries(8):
        client.get(url)
    add(4, 10)
    with django_assert_num_queries(8):
        response = client.get(url)
    assert len(response.context["rows"]) == 6


def test_action_page_shows_the_leads_holders_to_the_board(client, lead_user, board_manager, action):
    client.force_login(board_manager)
    assert "Held by wiltshire-lead" in client.get(action.get_absolute_url()).content.decode()
    client.logout()
    assert "wiltshire-lead" not in client.get(action.get_absolute_url()).content.decode()


def test_action_page_offers_to_attach_people_when_nobody_holds_the_lead(
    client, board_manager, action
):
    client.force_login(board_manager)
    html = client.get(action.get_absolute_url()).content.decode()
    assert "Nobody is attached to this lead yet" in html
    assert reverse("actions:board-leads", args=[action.plan.review.board.slug]) in html


@pytest.mark.skipif(not java_available(), reason="java is needed for the HTML checker")
def test_oversight_pages_are_valid_html(
    client, board_manager, qa_user, lead_user, complete_action, make_action, board
):
    """The action page with every oversight form (and with errors), the board pages, My actions
    with a request: valid HTML (duplicate ids would break labels and error links)."""
    request_update(action=complete_action, user=board_manager, due_date=TODAY)
    escalate(action=complete_action, user=board_manager, reason="Board to discuss")
    Lead.objects.create(board=board, name="Health Lead")
    make_action(due_date=TODAY - timedelta(days=200))
    client.force_login(board_manager)
    slug = board.slug
    pages = {
        "detail-manager": client.get(complete_action.get_absolute_url()).content.decode(),
        "detail-request-errors": client.post(
            reverse("actions:request-update", args=[complete_action.pk]), {}
        ).content.decode(),
        "detail-historic-errors": client.post(
            reverse("actions:historic", args=[complete_action.pk]), {"historic-historic": "1"}
        ).content.decode(),
        "escalations": client.get(
            reverse("actions:board-escalations", args=[slug])
        ).content.decode(),
        "escalations-errors": client.get(
            reverse("actions:board-escalations", args=[slug]), {"overdue_days": "x"}
        ).content.decode(),
        "leads": client.get(reverse("actions:board-leads", args=[slug])).content.decode(),
        "leads-errors": client.post(
            reverse(
                "actions:board-leads-attach", args=[slug, Lead.objects.get(name="Health Lead").pk]
            ),
            {},
        ).content.decode(),
        "mine-manager": client.get(reverse("actions:mine")).content.decode(),
    }
    client.force_login(qa_user)
    pages["detail-qa"] = client.get(complete_action.get_absolute_url()).content.decode()
    pages["detail-assure-errors"] = client.post(
        reverse("actions:assure", args=[complete_action.pk]), {}
    ).content.decode()
    client.force_login(lead_user)
    pages["mine-lead"] = client.get(reverse("actions:mine")).content.decode()
    errors = html_errors(pages)
    assert errors == [], "\n".join(errors)


def test_historic_plan_actions_show_no_flags_on_my_actions(
    client, lead_user, make_action, action_plan
):
    make_action(description="Old overdue", due_date=TODAY - timedelta(days=3000))
    action_plan.historic = True
    action_plan.historic_note = "2015 plan"
    action_plan.save()
    client.force_login(lead_user)
    response = client.get(reverse("actions:mine"))
    assert response.context["overdue"] == []
    html = response.content.decode()
    assert "Historic — closed without outcome" in html
    assert 'tag--red">Overdue' not in html


def test_bad_input_for_a_lead_already_held_still_shows_its_errors(
    client, board_manager, board, qa_lead, lead_user
):
    client.force_login(board_manager)
    response = client.post(
        reverse("actions:board-leads-attach", args=[board.slug, qa_lead.pk]),
        {f"lead-{qa_lead.pk}-emails": "nobody@example.org"},
    )
    assert response.status_code == 200
    assert [row["lead"] for row in response.context["rows"]] == [qa_lead]
    assert "no single active account uses nobody@example.org" in response.content.decode()


def test_my_actions_lists_complete_actions_awaiting_assurance_for_qa(
    client, qa_user, qa_lead, make_action, dorset_action
):
    waiting = make_action(description="Waiting one", status=Action.Status.COMPLETE)
    make_action(description="Assured one", status=Action.Status.ASSURED)
    make_action(description="Open one", status=Action.Status.IN_PROGRESS)
    Action.objects.filter(pk=dorset_action.pk).update(status=Action.Status.COMPLETE)
    client.force_login(qa_user)
    response = client.get(reverse("actions:mine"))
    assert response.context["awaiting_assurance"] == [waiting]
    assert "Complete, awaiting assurance" in response.content.decode()
    qa_lead.holders.add(qa_user)  # their own lead's actions are someone else's to assure
    assert client.get(reverse("actions:mine")).context["awaiting_assurance"] == []
