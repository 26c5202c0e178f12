"""Reminders say what they could not send, and why; re-audit reminders reach the board once."""

import io
from datetime import timedelta

from django.core import mail
from django.core.management import call_command
from django.utils import timezone

from actions.models import Action, Lead
from actions.reminders import send_deadline_reminders
from actions.services import record_assurance, record_status_update

TODAY = timezone.localdate()


def test_dry_run_reports_leads_with_nobody_to_remind(board, make_action, dorset_action):
    """The issue's case: overdue actions whose lead nobody holds were silently skipped."""
    for _ in range(3):
        make_action(due_date=TODAY - timedelta(days=5))
    make_action(due_date=TODAY + timedelta(days=3))
    make_action(lead=None, due_date=TODAY - timedelta(days=1), description="Unled")
    out = io.StringIO()
    call_command("send_deadline_reminders", "--dry-run", stdout=out)
    output = out.getvalue()
    assert mail.outbox == []
    assert "0 reminder(s) to send" in output
    assert "Could not remind anyone of these (3):" in output
    assert (
        "Lead “WSCB QA Lead” (Wiltshire Safeguarding Children Board): no person attached – "
        "3 overdue and 1 due soon action(s)" in output
    )
    assert "No lead named (Wiltshire Safeguarding Children Board): no lead named in the plan" in (
        output
    )
    # The Dorset lead is held, but by someone without an e-mail address.
    assert "Lead “Dorset Named Nurse” (Dorset Safeguarding Children Partnership): nobody " in (
        output
    )


def test_the_returned_summary_lists_what_was_not_sent(lead_user, board, make_action):
    make_action(due_date=TODAY - timedelta(days=5))
    unheld = Lead.objects.create(board=board, name="Health Lead")
    make_action(lead=unheld, due_date=TODAY - timedelta(days=5))
    summary = send_deadline_reminders(days=14)
    assert [reminder.user for reminder in summary.reminders] == [lead_user]
    assert [(item.lead, item.reason, len(item.overdue)) for item in summary.unsent] == [
        (unheld, "no person attached", 1)
    ]
    assert len(mail.outbox) == 1


def test_historic_plans_and_done_actions_are_neither_reminded_nor_reported(
    lead_user, make_action, action_plan
):
    make_action(due_date=TODAY - timedelta(days=5), status=Action.Status.ASSURED)
    action_plan.historic = True
    action_plan.save()
    make_action(due_date=TODAY - timedelta(days=5))
    summary = send_deadline_reminders(days=14)
    assert summary.reminders == [] and summary.unsent == []
    assert mail.outbox == []


def test_reaudit_reminders_go_to_managers_and_qa_once(board_manager, qa_user, lead_user, action):
    board_manager.email = "manager@wiltshire.example"
    board_manager.save()
    record_status_update(
        action=action,
        user=lead_user,
        status=Action.Status.COMPLETE,
        note="Done",
        evidence="Policy",
        expected_version=action.version,
    )
    record_assurance(
        action=action,
        user=qa_user,
        evidence="Audit",
        success_measure_met=True,
        reaudit_date=TODAY + timedelta(days=30),
        expected_version=action.version,
    )
    assert send_deadline_reminders(days=14).reaudits == []  # not reached yet
    later = TODAY + timedelta(days=30)
    summary = send_deadline_reminders(days=14, today=later)
    assert sorted(r.user.email for r in summary.reaudits) == [
        "assure@wiltshire.example",
        "manager@wiltshire.example",
    ]
    reaudit_mails = [m for m in mail.outbox if "re-audit" in m.subject]
    assert len(reaudit_mails) == 2
    assert action.get_absolute_url() in reaudit_mails[0].body
    # Reminded once per re-audit date.
    assert send_deadline_reminders(days=14, today=later + timedelta(days=1)).reaudits == []
    action.refresh_from_db()
    assert action.reaudit_reminded_on == later


def test_reaudit_with_nobody_to_tell_is_reported(qa_user, lead_user, action):
    qa_user.email = ""
    qa_user.save()
    Action.objects.filter(pk=action.pk).update(
        status=Action.Status.ASSURED, reaudit_date=TODAY - timedelta(days=1)
    )
    out = io.StringIO()
    call_command("send_deadline_reminders", stdout=out)
    assert "1 re-audit(s) due but the board has no manager or quality-assurance member" in (
        out.getvalue()
    )
