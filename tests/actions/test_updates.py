"""Recording status updates: the form, evidence-required completion, revised dates, conflicts."""

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from actions.models import Action, StatusUpdate
from actions.services import ConcurrentUpdateError, record_status_update
from tests.actions.test_permissions import update_data


def test_update_appends_to_the_timeline_and_moves_the_action(client, lead_user, action):
    client.force_login(lead_user)
    response = client.post(action.get_absolute_url(), update_data(action))
    assert response.status_code == 302
    assert response.url.endswith("#timeline")
    action.refresh_from_db()
    assert action.status == Action.Status.IN_PROGRESS
    assert action.version == 2
    assert action.last_update_at is not None
    update = StatusUpdate.objects.get()
    assert (update.from_status, update.to_status) == ("no-update", "in-progress")
    assert update.author_name == "wiltshire-lead"
    assert update.action_version == 2
    page = client.get(action.get_absolute_url()).content.decode()
    assert "Escalation policy drafted and shared with partners." in page
    assert "Your update has been added" in page


def test_updates_are_appended_never_overwritten(lead_user, action):
    for version, status in enumerate(["not-started", "in-progress", "at-risk"], start=1):
        record_status_update(
            action=action,
            user=lead_user,
            status=status,
            note=f"note {version}",
            expected_version=version,
        )
    notes = list(
        StatusUpdate.objects.filter(action=action)
        .order_by("pk")
        .values_list("note", "from_status", "to_status")
    )
    assert notes == [
        ("note 1", "no-update", "not-started"),
        ("note 2", "not-started", "in-progress"),
        ("note 3", "in-progress", "at-risk"),
    ]


def test_completion_without_evidence_is_refused_with_a_clear_message(client, lead_user, action):
    client.force_login(lead_user)
    response = client.post(
        action.get_absolute_url(), update_data(action, status=Action.Status.COMPLETE)
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert "give evidence of impact against the plan" in html
    assert "There is a problem" in html
    action.refresh_from_db()
    assert action.status == Action.Status.NO_UPDATE
    assert action.version == 1
    assert not StatusUpdate.objects.exists()


def test_completion_with_whitespace_only_evidence_is_refused(lead_user, action):
    with pytest.raises(ValidationError) as error:
        record_status_update(
            action=action,
            user=lead_user,
            status="complete",
            note="Done",
            evidence="   ",
            expected_version=1,
        )
    assert "evidence" in error.value.message_dict
    assert not StatusUpdate.objects.exists()


@pytest.mark.parametrize(
    "evidence",
    [
        {"evidence": "Audit of 20 cases shows escalation used in 18"},
        {"evidence_url": "https://example.org/audit-2027.pdf"},
    ],
)
def test_completion_with_evidence_text_or_link_is_accepted(client, lead_user, action, evidence):
    client.force_login(lead_user)
    response = client.post(
        action.get_absolute_url(), update_data(action, status=Action.Status.COMPLETE, **evidence)
    )
    assert response.status_code == 302
    action.refresh_from_db()
    assert action.status == Action.Status.COMPLETE


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        ({"note": "  "}, "note", "Enter a progress note"),
        ({"status": "no-update"}, "status", "Select a valid choice"),
        ({"status": "done"}, "status", "Select a valid choice"),
        ({"evidence_url": "javascript:alert(1)"}, "evidence_url", "Enter the link in full"),
        ({"revised_due_date": "31/02/2027"}, "revised_due_date", "real date"),
        ({"version": "abc"}, "version", "Enter a whole number"),
    ],
)
def test_bad_input_gets_a_clear_message_and_saves_nothing(
    client, lead_user, action, overrides, field, message
):
    client.force_login(lead_user)
    response = client.post(action.get_absolute_url(), update_data(action, **overrides))
    assert response.status_code == 200
    assert message in " ".join(response.context["form"].errors[field])
    assert not StatusUpdate.objects.exists()
    action.refresh_from_db()
    assert action.version == 1


def test_revised_due_date_keeps_the_original_and_needs_a_reason(client, lead_user, action):
    client.force_login(lead_user)
    original = action.due_date
    later = original + timedelta(days=60)
    response = client.post(
        action.get_absolute_url(), update_data(action, revised_due_date=later.isoformat())
    )
    assert "Say why the due date is being revised." in response.content.decode()
    assert not StatusUpdate.objects.exists()

    response = client.post(
        action.get_absolute_url(),
        update_data(action, revised_due_date=later.isoformat(), revision_reason="Staff shortage"),
    )
    assert response.status_code == 302
    action.refresh_from_db()
    assert action.due_date == original
    assert action.revised_due_date == later
    update = StatusUpdate.objects.get()
    assert (update.due_date_from, update.due_date_to) == (original, later)
    assert update.revision_reason == "Staff shortage"
    assert Action.objects.with_flags().get(pk=action.pk).is_slipped


def test_revised_due_date_in_the_past_is_refused(lead_user, action):
    with pytest.raises(ValidationError) as error:
        record_status_update(
            action=action,
            user=lead_user,
            status="in-progress",
            note="n",
            revised_due_date=timezone.localdate() - timedelta(days=1),
            revision_reason="r",
            expected_version=1,
        )
    assert "revised_due_date" in error.value.message_dict


def test_second_of_two_concurrent_leads_sees_a_conflict_then_resubmits(
    client, lead_user, second_lead_user, action
):
    """Two leads open the form at version 1; the first wins, the second sees it and re-submits."""
    first, second = client, client.__class__()
    first.force_login(lead_user)
    second.force_login(second_lead_user)
    form_version = first.get(action.get_absolute_url()).context["form"]["version"].value()
    assert second.get(action.get_absolute_url()).context["form"]["version"].value() == form_version

    first.post(action.get_absolute_url(), update_data(action, note="First lead's note"))
    response = second.post(
        action.get_absolute_url(),
        update_data(action, status="at-risk", note="Second lead's note", version=form_version),
    )
    assert response.status_code == 200
    assert response.context["conflict"] is not None
    html = response.content.decode()
    assert "Someone else updated this action" in html
    assert "First lead&#x27;s note" in html or "First lead's note" in html
    assert "Second lead&#x27;s note" in html or "Second lead's note" in html  # kept in the form
    assert response.context["form"]["version"].value() == "2"
    assert StatusUpdate.objects.count() == 1

    data = {
        name: response.context["form"][name].value() for name in response.context["form"].fields
    }
    data = {k: ("" if v is None else v) for k, v in data.items()}
    assert second.post(action.get_absolute_url(), data).status_code == 302
    notes = list(
        StatusUpdate.objects.order_by("action_version").values_list("note", "author__username")
    )
    assert notes == [
        ("First lead's note", "wiltshire-lead"),
        ("Second lead's note", "wiltshire-lead-2"),
    ]
    action.refresh_from_db()
    assert (action.status, action.version) == ("at-risk", 3)


def test_service_refuses_a_stale_version_and_reports_the_updates_since(
    lead_user, second_lead_user, action
):
    record_status_update(
        action=action, user=lead_user, status="in-progress", note="a", expected_version=1
    )
    stale = Action.objects.get(pk=action.pk)
    stale.version = 1  # as the second lead's form still believes
    with pytest.raises(ConcurrentUpdateError) as conflict:
        record_status_update(
            action=stale,
            user=second_lead_user,
            status="complete",
            note="b",
            evidence="e",
            expected_version=1,
        )
    assert [update.note for update in conflict.value.updates] == ["a"]
    assert conflict.value.action.version == 2
    assert StatusUpdate.objects.count() == 1


def test_one_version_can_only_be_recorded_once(lead_user, action):
    """The database backs the optimistic lock: (action, action_version) is unique."""
    from django.db import IntegrityError, transaction

    record_status_update(
        action=action, user=lead_user, status="in-progress", note="a", expected_version=1
    )
    with pytest.raises(IntegrityError), transaction.atomic():
        StatusUpdate.objects.create(
            action=action, from_status="no-update", to_status="at-risk", action_version=2
        )


def test_author_name_survives_the_account_being_removed(lead_user, action):
    record_status_update(
        action=action, user=lead_user, status="in-progress", note="a", expected_version=1
    )
    lead_user.delete()
    update = StatusUpdate.objects.get()
    assert update.author is None
    assert update.author_name == "wiltshire-lead"


def test_admin_edits_of_an_action_are_audited(admin_client, action):
    """Content edits in the admin are kept by django-simple-history."""
    url = f"/admin/actions/action/{action.pk}/change/"
    page = admin_client.get(url)
    assert page.status_code == 200
    form = page.context["adminform"].form
    data = {name: form[name].value() or "" for name in form.fields}
    data.update(
        description="Implement a new approach to escalations (revised wording)",
        plan=action.plan_id,
        lead=action.lead_id,
        due_date=action.due_date.isoformat(),
        revised_due_date="",
    )
    response = admin_client.post(url, data)
    assert response.status_code == 302, (
        response.context["adminform"].form.errors if response.context else ""
    )
    assert action.history.count() == 2
    assert action.history.first().description.endswith("(revised wording)")
    assert admin_client.get(f"{url[:-7]}history/").status_code == 200


@pytest.mark.parametrize("url", ["javascript:alert(1)", "ftp://example.org/file", "not a link"])
def test_service_refuses_evidence_links_that_are_not_web_addresses(lead_user, action, url):
    with pytest.raises(ValidationError) as error:
        record_status_update(
            action=action,
            user=lead_user,
            status="in-progress",
            note="n",
            evidence_url=url,
            expected_version=1,
        )
    assert "evidence_url" in error.value.message_dict
    assert not StatusUpdate.objects.exists()


@pytest.mark.django_db(transaction=True)
def test_two_leads_submitting_at_the_same_moment_never_lose_an_update(
    lead_user, second_lead_user, action
):
    """A real race on PostgreSQL: two threads submit against version 1 at once; one is saved,
    the other gets the conflict (so its author re-submits); the timeline holds exactly one."""
    import threading

    from django.db import connection, connections

    if connection.vendor != "postgresql":
        pytest.skip("SQLite's in-memory test database is not shared between threads")
    barrier = threading.Barrier(2)
    results = []

    def submit(user, note):
        try:
            opened = Action.objects.get(pk=action.pk)  # both forms opened at version 1
            barrier.wait()
            record_status_update(
                action=opened, user=user, status="in-progress", note=note, expected_version=1
            )
            results.append("saved")
        except ConcurrentUpdateError:
            results.append("conflict")
        finally:
            connections.close_all()

    threads = [
        threading.Thread(target=submit, args=(lead_user, "first")),
        threading.Thread(target=submit, args=(second_lead_user, "second")),
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(results) == ["conflict", "saved"]
    assert StatusUpdate.objects.filter(action=action).count() == 1
    assert Action.objects.get(pk=action.pk).version == 2


@pytest.mark.parametrize("revised", ["9999-12-31", "1066-10-14", "2101-01-01"])
def test_an_implausible_revised_due_date_is_refused_with_a_message(
    client, lead_user, action, revised
):
    """Regression: a lead could revise a due date to 9999-12-31, breaking calendar feeds."""
    client.force_login(lead_user)
    data = update_data(action, revised_due_date=revised, revision_reason="Typo")
    response = client.post(action.get_absolute_url(), data)
    assert response.status_code == 200
    assert "Enter a revised due date between 1990 and 2100" in response.content.decode()
    action.refresh_from_db()
    assert action.revised_due_date is None and action.version == 1
