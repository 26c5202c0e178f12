"""The tracker's wide table (issue #13): sorting, RAG, new filters, notes, formatted exports."""

import io
from datetime import date, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from actions.models import Action, ActionPlan, Membership
from actions.services import record_status_update

TODAY = timezone.localdate()


def update(action, user, status, note="Progress", **fields):
    """Record an update through the service (the only way the timeline grows)."""
    action.refresh_from_db()
    return record_status_update(
        action=action,
        user=user,
        status=status,
        note=note,
        expected_version=action.version,
        **fields,
    )


def test_tracker_table_has_every_column_and_the_latest_note(
    client, board_manager, lead_user, action
):
    update(action, lead_user, "in-progress", note="First note")
    update(action, lead_user, "at-risk", note="Newest note: staff shortage")
    client.force_login(board_manager)
    html = client.get(reverse("actions:tracker")).content.decode()
    for header in [
        "Ref.",
        "Review",
        "Finding or recommendation",
        "Lead and holders",
        "Original due",
        "Revised due",
        "Status and flags",
        "RAG",
        "Latest note",
        "Last update",
    ]:
        assert f">{header}<" in html, header
    assert "Newest note: staff shortage" in html and "First note" not in html
    assert "wiltshire-lead" in html  # the lead's holder
    assert 'role="region"' in html and 'tabindex="0"' in html and "<caption" in html
    assert "tag--red" in html  # at risk: red


def test_the_latest_note_is_hidden_from_users_outside_the_board(client, user, lead_user, action):
    update(action, lead_user, "in-progress", note="Board-only progress")
    client.force_login(user)
    html = client.get(reverse("actions:tracker")).content.decode()
    assert "Board-only progress" not in html
    assert "None yet" in html
    assert "wiltshire-lead" not in html  # nor who holds the lead


@pytest.mark.parametrize(
    ("sort", "expected"),
    [
        ("action", ["Alpha", "Bravo", "Charlie"]),
        ("-action", ["Charlie", "Bravo", "Alpha"]),
        ("due", ["Bravo", "Charlie", "Alpha"]),
        ("-due", ["Alpha", "Charlie", "Bravo"]),
        ("rag", ["Bravo", "Charlie", "Alpha"]),
    ],
)
def test_tracker_sorts_by_a_column_and_marks_it(client, user, make_action, sort, expected):
    make_action(description="Charlie", due_date=TODAY + timedelta(days=10))
    make_action(description="Alpha", due_date=TODAY + timedelta(days=100), status="in-progress")
    make_action(description="Bravo", due_date=TODAY - timedelta(days=1))
    client.force_login(user)
    response = client.get(reverse("actions:tracker"), {"sort": sort})
    assert [a.description for a in response.context["actions"]] == expected
    html = response.content.decode()
    direction = "descending" if sort.startswith("-") else "ascending"
    assert html.count("aria-sort=") == 1
    assert f'aria-sort="{direction}"' in html
    # The sorted column's link reverses the order; the others sort ascending.
    opposite = sort[1:] if sort.startswith("-") else f"-{sort}"
    assert f"sort={opposite}" in html.replace("%2D", "-")


def test_tracker_ignores_an_unknown_sort_with_a_message(client, user, action):
    client.force_login(user)
    response = client.get(reverse("actions:tracker"), {"sort": "password"})
    assert response.status_code == 200
    assert list(response.context["actions"]) == [action]
    assert "aria-sort=" not in response.content.decode()


def test_tracker_filters_by_rag_review_and_assurance(client, user, make_action, action_plan):
    red = make_action(description="Red one", due_date=TODAY - timedelta(days=2))
    green = make_action(description="Green one", status="in-progress")
    assured = make_action(description="Assured one", status="assured")
    complete = make_action(description="Complete one", status="complete")
    client.force_login(user)

    def shown(**query):
        response = client.get(reverse("actions:tracker"), query)
        return {a.description for a in response.context["actions"]}

    assert shown(rag="red") == {red.description}
    assert shown(rag=["green", "blue"]) == {
        green.description,
        assured.description,
        complete.description,
    }
    assert shown(assured="assured") == {assured.description}
    assert shown(assured="awaiting") == {complete.description}
    assert shown(assured="not-assured") == {
        red.description,
        green.description,
        complete.description,
    }
    assert len(shown(review=action_plan.review.slug)) == 4
    response = client.get(reverse("actions:tracker"), {"review": "no-such-review"})
    assert response.status_code == 200  # a bad choice: a message, the filter left out
    assert "Select a valid choice" in response.content.decode()


def test_historic_plans_are_grey_and_never_overdue(client, user, make_action, action_plan):
    ActionPlan.objects.filter(pk=action_plan.pk).update(historic=True)
    make_action(description="From 2015", due_date=date(2015, 3, 31))
    client.force_login(user)
    response = client.get(reverse("actions:tracker"), {"flag": "overdue"})
    assert list(response.context["actions"]) == []
    response = client.get(reverse("actions:tracker"), {"rag": "grey"})
    assert [a.description for a in response.context["actions"]] == ["From 2015"]
    assert "Historic" in response.content.decode()


def test_status_chart_counts_overdue_and_assured_apart(client, user, make_action):
    make_action(status="in-progress", due_date=TODAY - timedelta(days=5))
    make_action(status="at-risk", due_date=TODAY - timedelta(days=5))
    make_action(status="assured")
    make_action(status="complete")
    make_action(status="in-progress")
    client.force_login(user)
    chart = client.get(reverse("actions:tracker")).context["chart"]
    counts = {item["value"]: item["count"] for item in chart["boards"][0]["counts"]}
    assert counts["overdue"] == 2
    assert counts["assured"] == 1 and counts["complete"] == 1
    assert counts["in-progress"] == 1 and counts["at-risk"] == 0
    html = client.get(reverse("actions:tracker")).content.decode()
    assert "chart__segment--overdue" in html and "chart__segment--assured" in html


def test_xlsx_export_opens_ready_for_the_meeting(client, board_manager, lead_user, make_action):
    """Bold frozen header, autofilter over every row, widths, wrapping, real dates, links."""
    action = make_action(
        description="Audit supervision", due_date=TODAY - timedelta(days=3), status="in-progress"
    )
    update(action, lead_user, "complete", note="Done", evidence="Audit of 30 cases: 90% good")
    make_action(description="Second", due_date=date(2027, 3, 31))
    client.force_login(board_manager)
    response = client.get(reverse("actions:export-xlsx"))
    sheet = load_workbook(io.BytesIO(response.content)).active
    header = [cell.value for cell in sheet[1]]
    for column in [
        "Ref.",
        "Finding or recommendation",
        "Lead holders",
        "RAG",
        "Latest note",
        "Last update",
        "Success measure",
        "Evidence",
        "Link",
    ]:
        assert column in header, column
    assert all(cell.font.b for cell in sheet[1])
    assert sheet.freeze_panes == "A2"
    assert sheet.auto_filter.ref == f"A1:{sheet.cell(row=1, column=len(header)).column_letter}3"
    action_column = header.index("Action") + 1
    letter = sheet.cell(row=1, column=action_column).column_letter
    assert sheet.column_dimensions[letter].width == 50
    assert sheet.cell(row=2, column=action_column).alignment.wrap_text
    due = sheet.cell(row=3, column=header.index("Original due date") + 1)
    assert due.is_date and due.value.date() == date(2027, 3, 31)
    assert due.number_format == "dd/mm/yyyy"
    updated = sheet.cell(row=2, column=header.index("Last update") + 1)
    assert updated.is_date
    rag = sheet.cell(row=2, column=header.index("RAG") + 1)
    assert rag.value == "Blue (done)" and rag.fill.fgColor.rgb.endswith("D2E2F1")
    link = sheet.cell(row=2, column=header.index("Link") + 1)
    assert link.hyperlink.target == f"http://testserver/actions/{action.pk}/"
    assert sheet.cell(row=2, column=header.index("Evidence") + 1).value == (
        "Audit of 30 cases: 90% good"
    )
    assert sheet.cell(row=2, column=header.index("Success measure") + 1).value.startswith(
        "Professional challenge"
    )


def test_csv_export_has_the_same_columns_as_the_xlsx(client, board_manager, action):
    from actions.exports import EXPORT_COLUMNS
    from tests.actions.test_exports import read_csv

    client.force_login(board_manager)
    rows = read_csv(client.get(reverse("actions:export-csv"), {"sort": "-due"}))
    assert rows[0] == [column.header for column in EXPORT_COLUMNS]
    assert len(rows) == 2


def test_anonymous_visitors_are_asked_to_sign_in_for_exports(client, action):
    for name in ["actions:tracker", "actions:export-csv", "actions:export-xlsx"]:
        response = client.get(reverse(name))
        assert response.status_code == 302 and "/login" in response["Location"]


def test_membership_roles_see_notes(client, board, lead_user, action, django_user_model):
    """A partnership member (not a manager) reads the board's notes in the tracker."""
    update(action, lead_user, "in-progress", note="Members may read this")
    member = django_user_model.objects.create_user("member", password="x")
    Membership.objects.create(user=member, board=board, role=Membership.Role.MEMBER)
    client.force_login(member)
    assert "Members may read this" in client.get(reverse("actions:tracker")).content.decode()
    assert Action.objects.count() == 1


def test_tracker_for_a_board_manager_links_their_dashboards_and_the_import(
    client, board_manager, make_action, board, django_assert_num_queries
):
    """Guards against N+1 for a manager: the tracker's nine queries (no lead choices: the lead
    is typed) and one for the manager's boards (their dashboard links), whatever the rows."""
    from tests.actions.test_pages import many_actions

    many_actions(make_action, 6)
    client.force_login(board_manager)
    with django_assert_num_queries(10):
        response = client.get(reverse("actions:tracker"))
    html = response.content.decode()
    assert reverse("actions:dashboard", args=[board.slug]) in html
    assert reverse("intake:plan-import") in html
    many_actions(make_action, 12)
    with django_assert_num_queries(10):
        client.get(reverse("actions:tracker"))


def test_choosing_a_board_narrows_the_review_choices(client, user, action, dorset_action):
    client.force_login(user)
    response = client.get(reverse("actions:tracker"), {"board": "dorset"})
    choices = [label for _, label in response.context["filter"].form.fields["review"].choices]
    assert choices == ["All reviews", "Family S15 (Dorset Safeguarding Children Partnership)"]
