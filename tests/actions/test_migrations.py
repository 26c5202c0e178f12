"""Moving the action tracker from findings/ and reviews/ to actions/ loses no row.

The database is taken back to the layout before the move (findings.0003, reviews.0001), filled
through that layout's models (plans, actions with leads, status updates, memberships, holders and
history rows), then migrated forward; every row must be found through the new models, on
SQLite and PostgreSQL alike, and the permissions must follow their content types.
"""

import datetime

import pytest
from django.contrib.auth.models import Permission
from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

BEFORE_THE_MOVE = [
    ("themes", "0001_initial"),
    ("reviews", "0001_initial"),
    ("findings", "0003_full_text_search"),
]


def migrate(targets):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    return executor.loader.project_state(targets).apps


def latest():
    executor = MigrationExecutor(connection)
    return executor.loader.graph.leaf_nodes()


def fill_old_layout(apps):
    """One of everything the move carries, written through the old apps' models."""
    User = apps.get_model("auth", "User")
    Board = apps.get_model("reviews", "Board")
    Review = apps.get_model("reviews", "Review")
    Lead = apps.get_model("reviews", "Lead")
    Membership = apps.get_model("reviews", "Membership")
    ActionPlan = apps.get_model("findings", "ActionPlan")
    Action = apps.get_model("findings", "Action")
    StatusUpdate = apps.get_model("findings", "StatusUpdate")
    HistoricalAction = apps.get_model("findings", "HistoricalAction")
    Token = apps.get_model("findings", "CalendarFeedToken")

    user = User.objects.create(username="lead")
    board = Board.objects.create(name="Northshire Board", slug="northshire")
    review = Review.objects.create(name="Child Q", slug="child-q", board=board, kind="lcspr")
    lead = Lead.objects.create(board=board, name="Head of QA")
    lead.holders.add(user)
    Membership.objects.create(user=user, board=board, role="manager")
    plan = ActionPlan.objects.create(review=review, key="plan-1", success_measure="Audit shows")
    action = Action.objects.create(
        plan=plan,
        key="a-1",
        description="Train every team",
        lead=lead,
        deadline_text="31 March 2025",
        due_date=datetime.date(2025, 3, 31),
        status="in-progress",
        version=3,
    )
    for version, (before, after) in enumerate(
        [("no-update", "not-started"), ("not-started", "in-progress")], start=2
    ):
        StatusUpdate.objects.create(
            action=action,
            author=user,
            author_name="lead",
            from_status=before,
            to_status=after,
            note=f"Update {version}",
            action_version=version,
        )
    HistoricalAction.objects.create(
        id=action.pk,
        plan_id=plan.pk,
        key="a-1",
        description="Train every team",
        status="in-progress",
        version=3,
        order=0,
        history_date=datetime.datetime(2025, 1, 1, tzinfo=datetime.UTC),
        history_type="~",
    )
    Token.objects.create(user=user, token="secret-token")
    return action.pk


@pytest.mark.django_db(transaction=True)
def test_moving_the_tracker_to_actions_keeps_every_row_and_permission():
    old_apps = migrate(BEFORE_THE_MOVE)
    try:
        action_pk = fill_old_layout(old_apps)
        # contenttypes and auth are not migrated back: their live models fit the tables.
        old_type = ContentType.objects.get_or_create(app_label="findings", model="action")[0]
        permission = Permission.objects.create(
            content_type=old_type, codename="audit_action", name="Can audit an action"
        )
    finally:
        new_apps = migrate(latest())

    Action = new_apps.get_model("actions", "Action")
    action = Action.objects.get(pk=action_pk)
    assert action.description == "Train every team"
    assert (action.status, action.version, action.due_date) == (
        "in-progress",
        3,
        datetime.date(2025, 3, 31),
    )
    assert action.lead.name == "Head of QA"
    assert [user.username for user in action.lead.holders.all()] == ["lead"]
    assert action.plan.success_measure == "Audit shows"
    assert sorted(action.updates.values_list("note", flat=True)) == ["Update 2", "Update 3"]
    assert (
        new_apps.get_model("actions", "HistoricalAction").objects.filter(id=action_pk).count() == 1
    )
    assert new_apps.get_model("actions", "Membership").objects.get().role == "manager"
    assert new_apps.get_model("actions", "CalendarFeedToken").objects.get().token == "secret-token"

    ContentType.objects.clear_cache()
    moved = Permission.objects.select_related("content_type").get(pk=permission.pk)
    assert moved.content_type.app_label == "actions"
    with connection.cursor() as cursor:
        tables = set(connection.introspection.table_names(cursor))
    assert {"actions_action", "actions_statusupdate", "actions_lead_holders"} <= tables
    assert not tables & {"findings_action", "findings_statusupdate", "reviews_lead_holders"}
